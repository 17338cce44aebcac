"""The command line's habits: no abbreviated flags, "did you mean", flags that combine (or are refused
clearly), export of folders, and the lychee-style link flags, run against a real loopback server."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from awesomelint.cli import main
from awesomelint.engine.links import open_link_service
from awesomelint.net.service import LinkService

from .gitutil import init_repo
from .netserver import FaultServer
from .test_cli import BAD, GOOD

#: a list whose dates are written in two spellings: --diff has a fix to show
FIXABLE = GOOD + "|2024-07|C|[[pdf]](https://arxiv.org/abs/2407.00001)|\n"


def run(args: list[str], cwd: Path | None = None) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    if cwd is not None:
        with pytest.MonkeyPatch.context() as mp:
            mp.chdir(cwd)
            code = main(args, out, err)
    else:
        code = main(args, out, err)
    return code, out.getvalue(), err.getvalue()


def test_abbreviated_flags_are_refused_with_a_suggestion(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text(GOOD, encoding="utf-8")
    code, _, err = run(["--offlin", "README.md"], tmp_path)
    assert code == 2
    assert "unrecognized arguments: --offlin (did you mean '--offline'?)" in err
    code, _, err = run(["export", "--forma", "csv"], tmp_path)
    assert code == 2 and "(did you mean '--format'?)" in err
    code, _, err = run(["--no-such-flag-at-all", "README.md"], tmp_path)
    assert code == 2 and "did you mean" not in err


def test_unknown_rules_suggest_the_closest(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text(GOOD, encoding="utf-8")
    code, _, err = run(["--offline", "--select", "date-fromat", "README.md"], tmp_path)
    assert code == 2 and "no rule matches 'date-fromat' (did you mean 'date-format'?)" in err
    (tmp_path / ".awesomelint.toml").write_text(
        'ignore = ["colum-count"]\n[dates]\nfromat = "YYYY.MM"\n', encoding="utf-8"
    )
    code, _, err = run(["--offline", "README.md"], tmp_path)
    assert code == 2 and "`dates.fromat`: unknown key (did you mean 'format'?)" in err
    (tmp_path / ".awesomelint.toml").write_text('ignore = ["colum-count"]\n', encoding="utf-8")
    code, _, err = run(["--offline", "README.md"], tmp_path)
    assert code == 2 and "`ignore`: no rule matches 'colum-count' (did you mean 'column-count'?)" in err


@pytest.mark.parametrize(
    "fmt,message",
    [
        ("YYYY.MMM", "date format 'YYYY.MMM' gives the month twice (MM and M)"),
        ("YYYY.MM.DD.HH", "date format 'YYYY.MM.DD.HH' is not understood: 'HH' is not a token"),
        ("YYYY/YY", "gives the year twice"),
    ],
)
def test_date_formats_that_would_report_every_date_are_refused(
    tmp_path: Path, fmt: str, message: str
) -> None:
    (tmp_path / "README.md").write_text(GOOD, encoding="utf-8")
    (tmp_path / ".awesomelint.toml").write_text(f'[dates]\nformat = "{fmt}"\n', encoding="utf-8")
    code, _, err = run(["--offline", "README.md"], tmp_path)
    assert code == 2 and "`dates.format`" in err and message in err


def test_exit_zero_and_output_file_with_diff(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text(FIXABLE, encoding="utf-8")
    code, out, _ = run(["--offline", "--diff", "README.md"], tmp_path)
    assert code == 1 and "+|2024.07|C|" in out
    code, out2, _ = run(["--offline", "--diff", "--exit-zero", "README.md"], tmp_path)
    assert (code, out2) == (0, out)
    code, out3, err = run(["--offline", "--diff", "-o", "fixes/readme.diff", "README.md"], tmp_path)
    assert code == 1 and out3 == "" and "Would fix 1 finding in 1 file" in err
    assert (tmp_path / "fixes" / "readme.diff").read_text(encoding="utf-8") == out
    assert (tmp_path / "README.md").read_text(encoding="utf-8") == FIXABLE  # --diff never writes
    # a crash is never hidden: an unreadable file still exits 2
    (tmp_path / "bin.md").write_bytes(b"\x00\xff")
    assert run(["--offline", "--diff", "--exit-zero", "bin.md"], tmp_path)[0] == 2


@pytest.mark.parametrize("fmt", ["github", "sarif"])
def test_statistics_refuses_per_finding_formats(tmp_path: Path, fmt: str) -> None:
    (tmp_path / "README.md").write_text(BAD, encoding="utf-8")
    code, out, err = run(["--offline", "--statistics", "--format", fmt, "README.md"], tmp_path)
    assert code == 2 and out == ""
    assert f"--statistics counts findings as text or json; --format {fmt} reports each finding" in err
    assert run(["--offline", "--statistics", "--format", "json", "README.md"], tmp_path)[0] == 1


@pytest.mark.parametrize("value", ["-1", "0", "nan", "inf", "ten"])
def test_max_size_must_be_positive(tmp_path: Path, value: str) -> None:
    (tmp_path / "README.md").write_text(GOOD, encoding="utf-8")
    for command in ([], ["export"], ["init", "--stdout"]):
        code, _, err = run([*command, "--max-size", value, "README.md"], tmp_path)
        assert code == 2 and "argument --max-size:" in err, (command, err)


def test_color_has_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "--color {auto,always,never}" in out and "NO_COLOR" in out
    for flag in ("--exclude REGEX", "--accept CODES", "--max-cache-age AGE", "--github-token TOKEN"):
        assert flag in out


def test_export_takes_folders_and_output_file(tmp_path: Path) -> None:
    (tmp_path / "lists" / "sub").mkdir(parents=True)
    (tmp_path / "lists" / "a.md").write_text(GOOD, encoding="utf-8")
    (tmp_path / "lists" / "sub" / "b.md").write_text(BAD, encoding="utf-8")
    code, out, _ = run(["export", "lists", "--format", "jsonl"], tmp_path)
    assert code == 0
    paths = [json.loads(line)["path"] for line in out.splitlines()]
    assert paths == [str(Path("lists/a.md"))] * 2 + [str(Path("lists/sub/b.md"))] * 3
    code, out, _ = run(["export", "lists", "-o", "out/entries.csv", "--format", "csv"], tmp_path)
    assert code == 0 and out == ""
    assert (tmp_path / "out" / "entries.csv").read_text(encoding="utf-8").count("\n") == 6
    code, _, err = run(["export", "lists/nothing-here"], tmp_path)
    assert code == 2 and not (tmp_path / "out" / "none.json").exists()
    (tmp_path / "empty").mkdir()
    code, _, err = run(["export", "empty"], tmp_path)
    assert code == 2 and "no Markdown files under empty" in err


def test_a_folder_lint_respects_gitignore_and_names_the_folders_it_skipped(tmp_path: Path) -> None:
    repo = init_repo(tmp_path / "list")
    for rel in ("README.md", "build/README.md", "docs/a.md", "docs/site/b.md", "node_modules/p/README.md"):
        repo.write(rel, BAD)
    repo.write(".github/PULL_REQUEST_TEMPLATE.md", BAD)
    repo.write(".gitignore", "build/\ndocs/site/\nignored.md\n")
    repo.write("ignored.md", BAD)
    code, out, err = run(["--offline", "--quiet", "."], repo.root)
    assert code == 1
    linted = sorted({line.split(":")[0] for line in out.splitlines()})
    assert linted == ["README.md", str(Path("docs/a.md"))]
    assert (
        "skipped 4 ignored or hidden folder(s): .github/, build/, node_modules/, docs/site/"
        in err.replace("\\", "/")
    )
    # a file named on the command line is linted even when git ignores it (as git add -f would take it)
    code, out, _ = run(["--offline", "--quiet", "ignored.md"], repo.root)
    assert code == 1 and out.startswith("ignored.md:")


# ---- the link flags, against a real server on loopback ----------------------------------------------


@pytest.fixture(scope="module")
def server() -> Iterator[FaultServer]:
    srv = FaultServer().start()
    yield srv
    srv.close()


def lint_links(tmp_path: Path, srv: FaultServer, paths: list[str], *flags: str) -> tuple[int, dict]:
    md = tmp_path / "README.md"
    md.write_text("# L\n\n" + "".join(f"- [x]({srv.base}{p})\n" for p in paths), encoding="utf-8")
    code, out, _ = run(
        [str(md), "--allow-private-host", "127.0.0.1", "--timeout", "5", "--format", "json", *flags]
    )
    return code, json.loads(out)


def messages(report: dict) -> list[tuple[int, str]]:
    return [(f["line"], f["message"]) for f in report["findings"]]


def test_exclude_and_accept_flags(tmp_path: Path, server: FaultServer) -> None:
    paths = ["/404", "/403", "/ok"]
    code, report = lint_links(tmp_path, server, paths, "--no-cache")
    assert code == 1
    assert [line for line, _ in messages(report)] == [3, 4]
    code, report = lint_links(tmp_path, server, paths, "--no-cache", "--exclude", "/404$", "--accept", "403")
    assert (code, messages(report)) == (0, [])
    # ranges as lychee writes them; --exclude is repeatable and adds to the configuration's
    (tmp_path / ".awesomelint.toml").write_text("[links]\nexclude = ['/nothing']\n", encoding="utf-8")
    code, report = lint_links(
        tmp_path, server, paths, "--no-cache", "--exclude", "/403", "--accept", "200..=299,404..405"
    )
    assert (code, messages(report)) == (0, [])
    code, report = lint_links(tmp_path, server, paths, "--no-cache", "--accept", "400..404")
    assert code == 1 and [line for line, _ in messages(report)] == [3]  # 400..404 stops before 404


@pytest.mark.parametrize("bad", ["2xx", "404..=400", "99", "200..", "1000"])
def test_accept_rejects_what_is_no_code_range(tmp_path: Path, bad: str) -> None:
    (tmp_path / "README.md").write_text(GOOD, encoding="utf-8")
    code, _, err = run(["--accept", bad, "README.md"], tmp_path)
    assert code == 2 and "argument --accept:" in err


def test_max_cache_age(tmp_path: Path, server: FaultServer) -> None:
    cache = tmp_path / "cache"
    path = f"/ok/cache-age-{tmp_path.name}"
    flags = ("--cache-dir", str(cache))
    assert lint_links(tmp_path, server, [path], *flags)[0] == 0
    assert len(server.methods(path)) == 1
    assert lint_links(tmp_path, server, [path], *flags, "--max-cache-age", "1d")[0] == 0
    assert len(server.methods(path)) == 1  # fresh enough: the cached answer
    assert lint_links(tmp_path, server, [path], *flags, "--max-cache-age", "0s")[0] == 0
    assert len(server.methods(path)) == 2  # too old: asked again
    code, _, err = run(["--max-cache-age", "soon", "README.md"], tmp_path)
    assert code == 2 and "argument --max-cache-age: not a duration: 'soon'" in err


def test_github_token_flag_and_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    from awesomelint.config import LinksConfig

    def token(**kwargs: str) -> str | None:
        service: LinkService = open_link_service(LinksConfig(), **kwargs)
        try:
            return service.github_token
        finally:
            service.close()

    monkeypatch.delenv("GITHUB_TOKEN", raising=False)
    monkeypatch.delenv("GH_TOKEN", raising=False)
    assert token() is None
    monkeypatch.setenv("GH_TOKEN", "from-gh")
    assert token() == "from-gh"
    monkeypatch.setenv("GITHUB_TOKEN", "from-actions")
    assert token() == "from-actions"
    assert token(github_token="from-flag") == "from-flag"
    from awesomelint.cli import check_options
    from awesomelint.cli.args import build_check_parser

    opts = check_options(build_check_parser().parse_args(["--github-token", "ghp_x", "README.md"]))
    assert opts.links.github_token == "ghp_x"


def test_help_wraps_at_the_terminal_width_without_shutil(monkeypatch: pytest.MonkeyPatch) -> None:
    """--help is what argparse's own width (from shutil) gives; a lint run never imports shutil for it."""
    import argparse
    import contextlib
    import subprocess
    import sys

    from awesomelint.cli.args import Parser

    def help_text() -> str:
        out = io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.suppress(SystemExit):
            main(["--help"])
        return out.getvalue()

    monkeypatch.setenv("COLUMNS", "60")
    ours = help_text()
    monkeypatch.setattr(Parser, "_get_formatter", argparse.ArgumentParser._get_formatter)
    assert ours == help_text() and len(ours.splitlines()) > 20
    code = (
        "import sys, io, contextlib\n"
        "from awesomelint.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    main(['--offline', 'examples/awesome-llm-serving.md'])\n"
        "print('shutil' in sys.modules)\n"
    )
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert res.stdout.strip() == "False", res.stderr
