"""The flags ruff's and lychee's users expect (issue 26): files left out on the command line
(``--exclude-path``, ``--extend-exclude``), a warning when lychee's URL pattern ``--exclude`` names a path,
``--output-format``, ``--show-settings`` and ``--show-files``; through ``cli.main`` and the console
script."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from awesomelint._record import asdict
from awesomelint.cli import main
from awesomelint.config.base import PlainConfig, kebab

from .gitutil import init_repo
from .netserver import FaultServer
from .test_cli import BAD


def run(args: list[str], cwd: Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(cwd)
        code = main(args, out, err)
    return code, out.getvalue(), err.getvalue()


def linted(args: list[str], cwd: Path) -> list[str]:
    """The files an offline run reports on (every file here is BAD: one finding at least), '/'-separated."""
    code, out, err = run(["--offline", "--quiet", *args], cwd)
    assert code in (0, 1), err
    return sorted({line.split(":")[0].replace("\\", "/") for line in out.splitlines()})


def shown_files(args: list[str], cwd: Path) -> list[str]:
    code, out, err = run(["--show-files", *args], cwd)
    assert code == 0, err
    return [line.replace("\\", "/") for line in out.splitlines()]


def tree(root: Path, *rels: str, text: str = BAD) -> Path:
    for rel in rels:
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def console(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """The console script as installed (``python -m awesomelint`` where it is not beside python)."""
    script = Path(sys.executable).with_name("awesomelint")
    command = [str(script)] if script.is_file() else [sys.executable, "-m", "awesomelint"]
    return subprocess.run([*command, *args], cwd=cwd, capture_output=True, text=True, check=False)


# ---- --exclude-path, --extend-exclude -----------------------------------------------------------------


def test_exclude_path_leaves_files_out_of_folders_and_when_named(tmp_path: Path) -> None:
    tree(tmp_path, "README.md", "CHANGELOG.md", "docs/a.md", "docs/drafts/b.md", "sub/docs/c.md", "sub/d.md")
    everything = ["CHANGELOG.md", "README.md", "docs/a.md", "docs/drafts/b.md", "sub/d.md", "sub/docs/c.md"]
    assert linted(["."], tmp_path) == everything
    # a glob without a slash matches at any depth, as in .gitignore; one with a leading / or ./ only here
    unanchored = ["CHANGELOG.md", "README.md", "sub/d.md"]
    assert linted([".", "--exclude-path", "docs"], tmp_path) == unanchored
    assert linted([".", "--exclude-path", "docs/"], tmp_path) == unanchored
    anchored = ["CHANGELOG.md", "README.md", "sub/d.md", "sub/docs/c.md"]
    for glob in ("/docs", "./docs", str(tmp_path.resolve() / "docs")):
        assert linted([".", "--exclude-path", glob], tmp_path) == anchored, glob
    assert linted([".", "--exclude-path", "docs/drafts/**", "--exclude-path", "sub/"], tmp_path) == [
        "CHANGELOG.md",
        "README.md",
        "docs/a.md",
    ]
    # ruff's --extend-exclude: comma-separated, repeatable, the same globs
    assert linted([".", "--extend-exclude", "docs, CHANGELOG.md", "--extend-exclude", "sub"], tmp_path) == [
        "README.md"
    ]
    # a file named on the command line is left out too, as the configuration's exclude leaves it out
    assert linted(["README.md", "docs/a.md", "--exclude-path", "docs/"], tmp_path) == ["README.md"]
    code, out, err = run(["--offline", "docs/a.md", "--exclude-path", "docs/"], tmp_path)
    assert code == 0 and out == "All checks passed (0 files).\n"
    assert "every file given is excluded by the configuration (`exclude`) or --exclude-path" in err


def test_exclude_path_is_relative_to_the_current_folder_and_adds_to_the_configuration(tmp_path: Path) -> None:
    tree(tmp_path, "README.md", "CHANGELOG.md", "docs/a.md", "sub/docs/c.md", "sub/d.md")
    (tmp_path / ".awesomelint.toml").write_text('exclude = ["CHANGELOG.md"]\n', encoding="utf-8")
    assert linted(["."], tmp_path) == ["README.md", "docs/a.md", "sub/d.md", "sub/docs/c.md"]
    assert linted([".", "--exclude-path", "docs"], tmp_path) == ["README.md", "sub/d.md"]
    # from sub/, '/docs' is sub/docs (the configuration's globs stay relative to its own folder)
    sub = tmp_path / "sub"
    assert linted([".", "--exclude-path", "/docs"], sub) == ["d.md"]
    # a file outside the current folder is never matched (../docs/a.md); ../sub/docs/c.md is sub/docs/c.md
    assert linted(["..", "--exclude-path", "/docs"], sub) == ["../README.md", "../docs/a.md", "../sub/d.md"]
    # --isolated drops the configuration's exclude, not the command line's
    assert linted([".", "--isolated", "--exclude-path", "docs"], tmp_path) == [
        "CHANGELOG.md",
        "README.md",
        "sub/d.md",
    ]


def test_a_bad_exclude_glob_is_a_usage_error(tmp_path: Path) -> None:
    tree(tmp_path, "README.md")
    for flag in ("--exclude-path", "--extend-exclude"):
        code, _, err = run(["--offline", flag, "!"], tmp_path)
        assert code == 2
        assert err.startswith("awesomelint: --exclude-path/--extend-exclude: not a valid glob"), err


# ---- --exclude is a URL pattern: a warning when it names a path ---------------------------------------


def test_exclude_that_names_a_path_warns_and_stays_a_url_pattern(tmp_path: Path) -> None:
    tree(tmp_path, "README.md", "docs/a.md")
    code, out, err = run(["--offline", "--quiet", "--exclude", "docs", "."], tmp_path)
    assert code == 1
    assert err == (
        "awesomelint: --exclude 'docs' is a URL pattern (a regular expression matched against link URLs), "
        "but 'docs' is also a path here; to leave files out, use --exclude-path docs\n"
    )
    assert "docs/a.md" in out.replace("\\", "/")  # not left out: --exclude is about URLs
    code, out, _ = run(["--show-settings", "--format", "json", "--exclude", "docs"], tmp_path)
    settings = json.loads(out)["configurations"][0]["settings"]
    assert settings["links.exclude"] == {"value": ["docs"], "origin": "flag", "from": ["--exclude"]}
    # the suggestion quotes a path the shell would split, and escapes what a terminal would act on
    tree(tmp_path, "my docs/a.md", "e\x1bvil/a.md")
    _, _, err = run(["--offline", "--exclude", "my docs", "--exclude", "e\x1bvil", "README.md"], tmp_path)
    lines = err.splitlines()
    assert lines[0].endswith("use --exclude-path 'my docs'") and "'e\\x1bvil'" in lines[1]
    assert "\x1b" not in err
    for quiet in ("docs$", "not-here", ".", r"^https://example\.com/"):
        code, _, err = run(["--offline", "--exclude", quiet, "README.md"], tmp_path)
        assert code == 1 and err == "", quiet


# ---- --output-format ----------------------------------------------------------------------------------


def test_output_format_is_format(tmp_path: Path) -> None:
    from awesomelint.cli.fast import quick_check_args

    tree(tmp_path, "README.md")
    expected = run(["--offline", "--format", "json"], tmp_path)
    assert expected[0] == 1 and json.loads(expected[1])["summary"]["errors"] == 1
    for argv in (["--output-format", "json"], ["--output-format=json"], ["--output-format", "json", "-q"]):
        assert run(["--offline", *argv], tmp_path) == expected, argv
        fast = quick_check_args(["--offline", *argv])  # read without argparse: no start-up cost
        assert fast is not None and fast.format == "json", argv
    # argparse reads it the same where the fast reading declines (a flag with a value)
    assert run(["--offline", "--output-format", "json", "--select", "ALL"], tmp_path) == expected
    code, _, err = run(["--output-format", "yaml"], tmp_path)
    assert code == 2 and "argument --format/--output-format: invalid choice: 'yaml'" in err
    for typo, meant in (("--output-formt", "--output-format"), ("--outputformat", "--output-format")):
        code, _, err = run([typo, "json"], tmp_path)
        assert code == 2 and f"(did you mean '{meant}'?)" in err, err
    # the other commands with a --format take it too
    assert run(["export", "--output-format", "csv"], tmp_path) == run(["export", "--format", "csv"], tmp_path)
    code, out, _ = run(["rules", "--output-format", "json"], tmp_path)
    assert code == 0 and isinstance(json.loads(out), list)


# ---- --show-files ------------------------------------------------------------------------------------


def test_show_files_lists_what_a_run_lints(tmp_path: Path) -> None:
    repo = init_repo(tmp_path / "list")
    root = tree(
        repo.root,
        "README.md",
        "CHANGELOG.md",
        "build/README.md",
        "docs/a.md",
        "docs/site/b.md",
        "drafts/c.md",
        "node_modules/p/README.md",
        ".github/PULL_REQUEST_TEMPLATE.md",
        "ignored.md",
        "notes.txt",
    )
    repo.write(".gitignore", "build/\ndocs/site/\nignored.md\n")
    repo.write(".awesomelint.toml", 'exclude = ["CHANGELOG.md"]\n')
    for args in (
        [],
        ["."],
        [".", "--exclude-path", "drafts/"],
        ["ignored.md", "docs"],
        ["docs/a.md", "drafts"],
    ):
        assert sorted(shown_files(args, root)) == linted(args, root), args
    assert shown_files([".", "--extend-exclude", "drafts,docs"], root) == ["README.md"]
    code, out, err = run(["--show-files", "."], root)
    assert out.replace("\\", "/") == "README.md\ndocs/a.md\ndrafts/c.md\n"
    assert err.replace("\\", "/") == (
        "awesomelint: skipped 4 ignored or hidden folder(s): .github/, build/, node_modules/, docs/site/\n"
    )
    code, out, _ = run(["--show-files", "--output-format", "json", "docs", "drafts"], root)
    assert code == 0 and [p.replace("\\", "/") for p in json.loads(out)] == ["docs/a.md", "drafts/c.md"]
    code, out, _ = run(["--show-files", "-", "--stdin-filename", "from-stdin.md"], root)
    assert code == 0 and out == "from-stdin.md\n"
    code, out, err = run(["--show-files", "CHANGELOG.md"], root)
    assert code == 0 and out == "" and "every file given is excluded" in err
    code, _, err = run(["--show-files", "--format", "github"], root)
    assert code == 2 and err == "awesomelint: --show-files prints text or json, not --format github\n"
    code, out, _ = run(["--show-files", "nothing-here.md"], root)
    assert code == 0 and out == "nothing-here.md\n"  # the file a run would try (and report unreadable)
    code, _, err = run(["--show-files", "--show-settings"], root)
    assert code == 2 and "not allowed with argument" in err


# ---- --show-settings ---------------------------------------------------------------------------------


def every_key() -> set[str]:
    """The keys of the configuration, from the generated defaults (not from --show-settings' code)."""

    def flat(record: object, prefix: str = "") -> Iterator[str]:
        for field in type(record).__record_fields__:
            value = getattr(record, field.name)
            if hasattr(type(value), "__record_fields__"):
                yield from flat(value, f"{prefix}{kebab(field.name)}.")
            elif not field.name.startswith("_"):
                yield prefix + kebab(field.name)

    return set(flat(PlainConfig()))


def settings_of(args: list[str], cwd: Path) -> list[dict[str, object]]:
    code, out, err = run(["--show-settings", "--format", "json", *args], cwd)
    assert code == 0, err
    groups: list[dict[str, object]] = json.loads(out)["configurations"]
    return groups


def test_show_settings_names_every_key_its_value_and_its_origin(tmp_path: Path) -> None:
    tree(tmp_path, "README.md")
    (tmp_path / ".awesomelint.toml").write_text(
        'ignore = ["AL2"]\nexclude = ["CHANGELOG.md"]\n[dates]\norder = "infer"\n'
        "[links]\ntimeout = 5\nmax-concurrency = 3\nexclude = ['^https://a\\.example/']\n",
        encoding="utf-8",
    )
    flags = ["--ignore", "AL3", "--timeout", "7", "--select", "AL1,AL2", "--exclude", "b\\.example",
             "--exclude-path", "drafts/", "--accept", "403", "--no-cache", "--allow-private-host", "10.0.0.1"]  # fmt: skip
    (group,) = settings_of(flags, tmp_path)
    assert group["files"] == ["README.md"]
    assert group["config_file"] == str((tmp_path / ".awesomelint.toml").resolve())
    settings = group["settings"]
    assert isinstance(settings, dict) and set(settings) == every_key()
    assert list(settings)[:3] == ["select", "ignore", "extend-select"]  # the models' order
    expected = {
        "select": (["AL1", "AL2"], "flag", ["--select"]),  # replaces the configuration's
        "ignore": (["AL2", "AL3"], "flag", ["file", "--ignore"]),  # adds to it
        "extend-select": ([], "default", ["default"]),
        "dates.order": ("infer", "file", ["file"]),  # set in the file, even to the default value
        "dates.format": (None, "default", ["default"]),
        "exclude": (["CHANGELOG.md", "drafts/"], "flag", ["file", "--exclude-path/--extend-exclude"]),
        "links.timeout": (7.0, "flag", ["--timeout"]),
        "links.max-concurrency": (3, "file", ["file"]),
        "links.exclude": (["^https://a\\.example/", "b\\.example"], "flag", ["file", "--exclude"]),
        "links.accept": ({"*": [403]}, "flag", ["--accept"]),
        "links.cache": (False, "flag", ["--no-cache"]),
        "links.allow-private": (["10.0.0.1"], "flag", ["--allow-private-host"]),
        "links.cache-ttl": (86400.0, "default", ["default"]),
    }
    for key, (value, origin, made) in expected.items():
        assert settings[key] == {"value": value, "origin": origin, "from": made}, key
    # the same as text: one line a key, its origin, its value
    code, out, err = run(["--show-settings", *flags], tmp_path)
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[:3] == [
        "Settings for README.md",
        f"Configuration file: {(tmp_path / '.awesomelint.toml').resolve()}",
        "",
    ]
    rows = {line.split()[0]: line.split(None, 1)[1] for line in lines[4:]}
    assert lines[3].split() == ["key", "from", "value"] and set(rows) == every_key()
    assert rows["ignore"].split() == ["file", "+", "--ignore", '["AL2",', '"AL3"]']
    assert rows["links.timeout"].split() == ["--timeout", "7.0"]
    assert rows["links.max-concurrency"].split() == ["file", "3"]
    assert rows["links.github-api"].split() == ["default", '"https://api.github.com"']


def test_show_settings_without_a_file_with_isolated_and_in_pyproject(tmp_path: Path) -> None:
    tree(tmp_path, "README.md")
    (group,) = settings_of([], tmp_path)
    assert group["config_file"] is None
    assert {s["origin"] for s in group["settings"].values()} == {"default"}
    defaults = asdict(PlainConfig())
    assert group["settings"]["links.timeout"]["value"] == defaults["links"]["timeout"]
    code, out, _ = run(["--show-settings"], tmp_path)
    assert code == 0 and out.splitlines()[1] == "Configuration file: none found: the defaults"
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\n[tool.awesomelint.duplicates]\nscope = "file"\n', encoding="utf-8"
    )
    (group,) = settings_of(["README.md"], tmp_path)
    assert str(group["config_file"]).endswith("pyproject.toml")
    assert group["settings"]["duplicates.scope"] == {"value": "file", "origin": "file", "from": ["file"]}
    (group,) = settings_of(["--isolated"], tmp_path)
    assert group["config_file"] is None
    assert group["settings"]["duplicates.scope"]["origin"] == "default"
    code, out, _ = run(["--show-settings", "--isolated"], tmp_path)
    assert out.splitlines()[1] == "Configuration file: none (--isolated): the defaults"
    (tmp_path / "README.md").unlink()  # no file to lint: the current folder's configuration
    code, out, _ = run(["--show-settings"], tmp_path)
    assert code == 0 and out.splitlines()[:2] == [
        "Settings for the current folder",
        f"Configuration file: {(tmp_path / 'pyproject.toml').resolve()}",
    ]


def test_show_settings_of_files_with_two_configurations(tmp_path: Path) -> None:
    tree(tmp_path, "README.md", "docs/a.md", "docs/b.md", "other/c.md")
    (tmp_path / ".awesomelint.toml").write_text("[links]\ntimeout = 5\n", encoding="utf-8")
    (tmp_path / "other" / ".awesomelint.toml").write_text("[links]\ntimeout = 9\n", encoding="utf-8")
    groups = settings_of(["."], tmp_path)
    assert [[f.replace("\\", "/") for f in g["files"]] for g in groups] == [
        ["README.md", "docs/a.md", "docs/b.md"],
        ["other/c.md"],
    ]
    assert [g["settings"]["links.timeout"]["value"] for g in groups] == [5.0, 9.0]
    code, out, err = run(["--show-settings", "."], tmp_path)
    assert code == 0 and out.count("Settings for ") == 2
    assert "these files have 2 configurations" in err
    code, _, err = run(["--show-settings", "--format", "sarif"], tmp_path)
    assert code == 2 and err == "awesomelint: --show-settings prints text or json, not --format sarif\n"


@pytest.fixture(scope="module")
def server() -> Iterator[FaultServer]:
    srv = FaultServer().start()
    yield srv
    srv.close()


def test_show_settings_says_what_the_run_uses(
    tmp_path: Path, server: FaultServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The values --show-settings prints are those the run's link service is opened with."""
    import awesomelint.engine.links as links

    tree(tmp_path, "README.md", text=f"# L\n\n- [x]({server.base}/ok/settings)\n")
    (tmp_path / ".awesomelint.toml").write_text(
        "[links]\ntimeout = 9\nmax-concurrency = 3\ncache-ttl = 60\n", encoding="utf-8"
    )
    flags = ["--max-concurrency", "4", "--no-cache", "--cache-dir", str(tmp_path / "cache"),
             "--allow-private-host", "127.0.0.1", "--max-cache-age", "2h"]  # fmt: skip
    opened = []
    real = links.open_link_service
    monkeypatch.setattr(
        links, "open_link_service", lambda *a, **k: opened.append(real(*a, **k)) or opened[-1]
    )
    code, _, err = run(flags, tmp_path)
    assert code == 0, err
    (service,) = opened
    (group,) = settings_of(flags, tmp_path)
    shown = {k: v["value"] for k, v in group["settings"].items()}
    assert (service.timeout, shown["links.timeout"]) == (9.0, 9.0)
    assert (service.max_concurrency, shown["links.max-concurrency"]) == (4, 4)
    assert (service.use_cache, shown["links.cache"]) == (False, False)
    assert service.cache_dir == Path(shown["links.cache-dir"]) == tmp_path / "cache"
    assert service.allow == shown["links.allow-private"] == ["127.0.0.1"]
    assert service._cache.ttl == shown["links.cache-ttl"] == 7200.0


# ---- help, and the console script ---------------------------------------------------------------------


def test_each_flag_has_its_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    for words in (
        "--format FORMAT, --output-format FORMAT output format: text, json, github, sarif, markdown",
        "--output-format is the same flag, as ruff names it",
        "--exclude-path GLOB never lint the files this gitignore-style glob matches, relative to the "
        "current folder",
        "added to the configuration's exclude; a file named on the command line is left out too",
        "--extend-exclude GLOBS the same as --exclude-path, several comma-separated globs",
        "--exclude REGEX never check URLs this regular expression finds",
        "to leave files out, --exclude-path",
        "--show-settings print the configuration of the files (every key, its value and where it comes "
        "from: default, the configuration file or a flag)",
        "--show-files print the files that would be linted",
    ):
        assert words in out, words
    for command in (["export"], ["rules"]):
        assert main([*command, "--help"]) == 0
        assert "--format FORMAT, --output-format FORMAT" in capsys.readouterr().out


def test_the_console_script_takes_the_flags(tmp_path: Path) -> None:
    tree(tmp_path, "README.md", "docs/a.md")
    proc = console(["--show-files", "--exclude-path", "docs", "."], tmp_path)
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, "README.md\n", "")
    proc = console(["--offline", "--output-format", "json", "--exclude", "docs", "."], tmp_path)
    assert proc.returncode == 1 and json.loads(proc.stdout)["summary"]["files"] == 2
    assert proc.stderr.startswith("awesomelint: --exclude 'docs' is a URL pattern")
    proc = console(["--show-settings", "--output-format", "json", "--timeout", "3"], tmp_path)
    assert proc.returncode == 0, proc.stderr
    settings = json.loads(proc.stdout)["configurations"][0]["settings"]
    assert settings["links.timeout"] == {"value": 3.0, "origin": "flag", "from": ["--timeout"]}
    proc = console(["--show-settings"], tmp_path)
    assert proc.returncode == 0 and proc.stdout.startswith("Settings for README.md\n")


def test_show_settings_marks_what_the_file_may_not_set(tmp_path: Path) -> None:
    """A file's ``allow-private`` is ignored by the run (config/trust.py): --show-settings says so beside
    the key and prints the notice, rather than showing an empty value as the file's."""
    tree(tmp_path, "README.md")
    (tmp_path / ".awesomelint.toml").write_text('[links]\nallow-private = ["127.0.0.1"]\n', encoding="utf-8")
    (group,) = settings_of(["README.md"], tmp_path)
    assert group["settings"]["links.allow-private"] == {
        "value": [],
        "origin": "file",
        "from": ["file (ignored)"],
    }
    assert any("`links.allow-private` is ignored" in n for n in group["notices"])
    code, out, _ = run(["--show-settings", "README.md"], tmp_path)
    assert code == 0
    assert re.search(r"^links\.allow-private\s+file \(ignored\)\s+\[\]$", out, re.M)
    assert re.search(r"^note: .*`links\.allow-private` is ignored", out, re.M)
    code, out, _ = run(["--show-settings", "--allow-private-host", "127.0.0.1", "README.md"], tmp_path)
    assert re.search(
        r"^links\.allow-private\s+file \(ignored\) \+ --allow-private-host\s+\[\"127\.0\.0\.1\"\]$", out, re.M
    )
