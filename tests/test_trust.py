"""A configuration file cannot widen what a run does (issue 25, part 1): in CI a pull request writes it, as
it writes the README. Each case runs the command line against a real loopback server (tests/netserver.py)
or a real temporary repository; the hostile patterns run in a child process with a time bound, so that a
pattern that backtracks fails the test instead of hanging it."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from pydantic import BaseModel

from awesomelint.cli import main
from awesomelint.config import Config, ConfigError, load_config
from awesomelint.config.base import kebab
from awesomelint.config.trust import FILE_KEYS, HARMLESS, api_addresses

from .gitutil import init_repo
from .netserver import FaultServer

pytestmark = pytest.mark.slow


@pytest.fixture
def server() -> Iterator[FaultServer]:
    srv = FaultServer().start()
    yield srv
    srv.close()


@pytest.fixture(autouse=True)
def user_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The user's cache folder of these runs: a temporary one, never the machine's."""
    folder = tmp_path / "user-cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(folder))
    for variable in ("AWESOMELINT_GITHUB_API", "AWESOMELINT_ARXIV_API", "GITHUB_TOKEN", "GH_TOKEN"):
        monkeypatch.delenv(variable, raising=False)
    return folder


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out, err)
    return code, out.getvalue(), err.getvalue()


def project(root: Path, config: str, links: list[str]) -> Path:
    """A repository with a list of ``links`` and the configuration file ``config``; the list's path."""
    init_repo(root)
    (root / ".awesomelint.toml").write_text(config, encoding="utf-8")
    md = root / "README.md"
    md.write_text("# L\n\n" + "".join(f"- [x]({u})\n" for u in links), encoding="utf-8")
    return md


# ---- every key is classified ----------------------------------------------------------------------------


def _keys(model: type[BaseModel], prefix: str = "") -> set[str]:
    keys: set[str] = set()
    for name, field in model.model_fields.items():
        annotation = field.annotation
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            keys |= _keys(annotation, f"{prefix}{kebab(name)}.")
        else:
            keys.add(prefix + kebab(name))
    return keys


def test_every_key_of_the_models_says_what_a_file_may_do_with_it() -> None:
    """A new key must be classified in config/trust.py (harmless, narrows, bounded, checked or command
    line only) before it ships."""
    assert set(FILE_KEYS) == _keys(Config)


# ---- allow-private --------------------------------------------------------------------------------------


def test_a_files_allow_private_does_not_reach_loopback(tmp_path: Path, server: FaultServer) -> None:
    config = '[links]\nallow-private = ["0.0.0.0/0", "::/0"]\ncache = false\n'
    md = project(tmp_path / "repo", config, [f"{server.base}/ok", f"{server.base}/ok/2"])
    code, _out, err = run(str(md), "--select", "dead-link", "--timeout", "3")
    assert server.requests == []  # the server saw nothing
    notice = f"{tmp_path / 'repo' / '.awesomelint.toml'}: `links.allow-private` is ignored"
    assert err.count(notice) == 1, err
    assert "--allow-private-host" in err
    # the command line widens the guard: the same run reaches the server, and the file is still ignored
    code, out, err = run(str(md), "--select", "dead-link", "--allow-private-host", "127.0.0.1")
    assert code == 0, out + err
    assert sorted(p for _m, p, _h in server.requests) == ["/ok", "/ok/2"]
    assert err.count("`links.allow-private` is ignored") == 1


def test_a_files_allow_private_is_told_once_for_many_files(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    project(root, '[links]\nallow-private = ["127.0.0.1"]\n', [])
    for name in ("a.md", "b.md"):
        (root / "docs").mkdir(exist_ok=True)
        (root / "docs" / name).write_text("# x\n", encoding="utf-8")
    code, _out, err = run(str(root / "README.md"), str(root / "docs"), "--offline")
    assert code == 0
    assert err.count("`links.allow-private` is ignored") == 1


def test_a_file_without_allow_private_says_nothing(tmp_path: Path) -> None:
    md = project(tmp_path / "repo", "[links]\nallow-private = []\n", [])
    assert run(str(md), "--offline")[2] == ""


# ---- cache-dir ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("where", ["absolute", "dotdot", "symlink", "git"])
def test_a_files_cache_dir_outside_the_repository_is_refused(tmp_path: Path, where: str) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    root = tmp_path / "repo"
    value = {
        "absolute": str(outside / "cache"),
        "dotdot": "../outside/cache",
        "symlink": "link/cache",  # a symlink in the checkout that points outside it
        "git": ".git/cache",  # inside the repository but in its .git
    }[where]
    md = project(root, f"[links]\ncache-dir = {json.dumps(value)}\n", [])
    (root / "link").symlink_to(outside, target_is_directory=True)
    code, out, err = run(str(md), "--offline")
    assert code == 2, out + err
    assert err.startswith(f"awesomelint: config error: {root / '.awesomelint.toml'}: `links.cache-dir`: ")
    assert "outside the repository" in err and "--cache-dir" in err
    assert list(outside.iterdir()) == []  # nothing was written there
    assert not (root / ".git" / "cache").exists()


def test_a_symlinked_configuration_file_is_judged_where_it_lies(tmp_path: Path) -> None:
    """The repository of a configuration file reached through a symlink is the symlink's, not its
    target's: the target's folder is not thereby a place the run may write to."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "cfg.toml").write_text('[links]\ncache-dir = "."\n', encoding="utf-8")
    root = tmp_path / "repo"
    init_repo(root)
    (root / ".awesomelint.toml").symlink_to(elsewhere / "cfg.toml")
    config = load_config(root / "README.md")
    assert config.links.cache_dir == str(root.resolve())
    (elsewhere / "cfg.toml").write_text(f'[links]\ncache-dir = "{elsewhere}"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="outside the repository"):
        load_config(root / "README.md")


def test_a_files_cache_dir_inside_the_repository_holds_the_database(
    tmp_path: Path, server: FaultServer
) -> None:
    root = tmp_path / "repo"
    (root / "lists").mkdir(parents=True)
    init_repo(root)
    # relative to the file's folder (lists/), and still inside the repository one folder up
    (root / "lists" / ".awesomelint.toml").write_text(
        '[links]\ncache-dir = "../.cache/al"\n', encoding="utf-8"
    )
    md = root / "lists" / "README.md"
    md.write_text(f"# L\n\n- [x]({server.base}/ok)\n", encoding="utf-8")
    code, out, err = run(str(md), "--select", "dead-link", "--allow-private-host", "127.0.0.1")
    assert code == 0, out + err
    assert (root / ".cache" / "al" / "links.sqlite3").is_file()


def test_a_files_cache_dir_in_the_users_cache_folder_is_allowed(tmp_path: Path, user_cache: Path) -> None:
    md = project(tmp_path / "repo", f'[links]\ncache-dir = "{user_cache / "lists"}"\n', [])
    assert load_config(md).links.cache_dir == str((user_cache / "lists").resolve())
    assert run(str(md), "--offline")[0] == 0


def test_the_command_lines_cache_dir_goes_anywhere(tmp_path: Path, server: FaultServer) -> None:
    md = project(tmp_path / "repo", "", [f"{server.base}/ok"])
    anywhere = tmp_path / "anywhere"
    argv = [
        str(md),
        "--select",
        "dead-link",
        "--allow-private-host",
        "127.0.0.1",
        "--cache-dir",
        str(anywhere),
    ]
    code, out, err = run(*argv)
    assert code == 0, out + err
    assert (anywhere / "links.sqlite3").is_file()


def test_without_a_repository_the_files_folder_is_the_limit(tmp_path: Path) -> None:
    folder = tmp_path / "plain"
    folder.mkdir()
    (folder / ".awesomelint.toml").write_text('[links]\ncache-dir = "c"\n', encoding="utf-8")
    assert load_config(folder / "README.md").links.cache_dir == str((folder / "c").resolve())
    (folder / ".awesomelint.toml").write_text('[links]\ncache-dir = ".."\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="outside the repository"):
        load_config(folder / "README.md")


# ---- the API addresses ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "http://127.0.0.1:8080",  # plain http (the form the schema allows a test server)
        "https://127.0.0.1:8443/api",  # loopback: an origin the token may go to
        "https://127.5.6.7",
        "https://localhost:8443",
        "https://api.localhost",
    ],
)
@pytest.mark.parametrize("key", ["github-api", "arxiv-api"])
def test_a_file_cannot_point_an_api_at_this_machine(tmp_path: Path, key: str, value: str) -> None:
    md = project(tmp_path / "repo", f'[links]\n{key} = "{value}"\n', [])
    code, out, err = run(str(md), "--offline")
    assert code == 2, out + err
    assert f"`links.{key}`: " in err and "AWESOMELINT_" in err


def test_a_file_may_name_an_https_api(tmp_path: Path) -> None:
    md = project(tmp_path / "repo", '[links]\ngithub-api = "https://ghe.example.com/api"\n', [])
    assert load_config(md).links.github_api == "https://ghe.example.com/api"


def test_the_environment_names_a_loopback_api(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWESOMELINT_GITHUB_API", "http://127.0.0.1:9/")
    assert api_addresses() == {"github_api": "http://127.0.0.1:9/"}
    monkeypatch.setenv("AWESOMELINT_ARXIV_API", "http://example.com/api")  # plain http elsewhere: refused
    with pytest.raises(ConfigError, match="AWESOMELINT_ARXIV_API"):
        api_addresses()


def test_a_bad_api_address_in_the_environment_is_a_config_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, server: FaultServer
) -> None:
    md = project(tmp_path / "repo", "", [f"{server.base}/ok"])
    monkeypatch.setenv("AWESOMELINT_GITHUB_API", "https://user@api.github.com")
    code, out, err = run(str(md), "--select", "dead-link", "--allow-private-host", "127.0.0.1")
    assert code == 2, out + err
    assert err.startswith("awesomelint: config error: environment: `AWESOMELINT_GITHUB_API`: ")


# ---- patterns run in linear time ------------------------------------------------------------------------

#: times the configuration's URL patterns and globs at n and 4n in a child process (a backtracking engine
#: would run for hours: the child is ended at the bound and the test fails)
_TIMER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from awesomelint.config import load_config
    config = load_config(Path(sys.argv[1]))
    for n in (int(sys.argv[2]), 4 * int(sys.argv[2])):
        url = "https://example.com/" + "a" * n + "!"
        name = str(Path(sys.argv[1]).parent / ("a" * min(n, 200) + "bc"))
        start = time.perf_counter()
        config.links.excluded(url), config.links.accepted(url), config.excludes(name), config.ignored_for(name)
        print(time.perf_counter() - start)
    """
)


def test_hostile_patterns_of_a_file_run_in_linear_time(tmp_path: Path) -> None:
    """``exclude = ["(a+)+$"]`` on a 34-character URL ran past 300 s with Python's re; the glob
    ``*a*a*a*a*a*a*a*b`` took 9 s on a 48-character file name. Both are RE2's now."""
    config = tmp_path / ".awesomelint.toml"
    config.write_text(
        'exclude = ["*a*a*a*a*a*a*a*b"]\n'
        'per-file-ignores = {"*a*a*a*a*a*a*a*b*c" = ["date-order"]}\n'
        "[links]\n"
        'exclude = ["(a+)+$", "(a|aa)+$", "(a*)*b"]\n'
        'accept = {"(a+)+$" = [403], "^(a|a?)+$" = [999]}\n',
        encoding="utf-8",
    )
    proc = subprocess.run(
        [sys.executable, "-c", _TIMER, str(config), "20000"], capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 0, proc.stderr
    at_n, at_4n = (float(t) for t in proc.stdout.split())
    assert at_n < 1.0 and at_4n < 1.0, (at_n, at_4n)  # microseconds in fact (benchmarks/config_patterns.py)


def test_a_hostile_exclude_lets_a_run_finish(tmp_path: Path, server: FaultServer) -> None:
    """The issue's case end to end: a file's ``(a+)+$`` and long URLs that it does not match."""
    urls = [f"{server.base}/ok/{'a' * n}!" for n in (34, 1000, 4000)]
    md = project(tmp_path / "repo", '[links]\nexclude = ["(a+)+$"]\ncache = false\n', urls)
    argv = [str(md), "--select", "dead-link", "--allow-private-host", "127.0.0.1", "--format", "json"]
    proc = subprocess.run(
        [sys.executable, "-m", "awesomelint", *argv], capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert len(server.requests) == 3  # not excluded (no match), checked


@pytest.mark.parametrize(
    ("section", "pattern"),
    [
        ("exclude", "example\\\\.com(?=/x)"),  # lookahead
        ("exclude", "(a)\\\\1"),  # backreference
        ("accept", "(?<=x)y"),  # lookbehind, as a key of accept
    ],
)
def test_a_pattern_re2_cannot_run_is_a_config_error(tmp_path: Path, section: str, pattern: str) -> None:
    line = f'exclude = ["{pattern}"]' if section == "exclude" else f'accept = {{"{pattern}" = [403]}}'
    md = project(tmp_path / "repo", f"[links]\n{line}\n", [])
    code, out, err = run(str(md), "--offline")
    assert code == 2, out + err
    assert f"`links.{section}`: " in err and "RE2" in err
    assert "Traceback" not in err and "re2.cc" not in err  # RE2's own log stays quiet


def test_the_command_lines_exclude_is_re2s_too(tmp_path: Path) -> None:
    md = project(tmp_path / "repo", "", [])
    code, _out, err = run(str(md), "--offline", "--exclude", "a(?!b)")
    assert code == 2 and "--exclude" in err and "RE2" in err


def test_the_security_notes_name_every_key_a_file_may_not_set_freely() -> None:
    """The table "What a configuration file may change" names every key that is not harmless."""
    root = Path(__file__).resolve().parent.parent
    page = root / "docs" / "security.md"
    text = (page if page.is_file() else root / "README.md").read_text(encoding="utf-8")
    table = text[text.index("# What a configuration file may change\n") :]
    table = table[: table.index("\n\n", table.index("| Key"))]
    missing = [key for key, (kind, _why) in FILE_KEYS.items() if kind != HARMLESS and f"`{key}`" not in table]
    assert missing == []
