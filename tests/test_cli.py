"""The command line: output, JSON, exit codes, configuration, suppression, bad input."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from awesomelint.cli import main

from .conftest import FIXTURES

GOOD = "# List\n\n|Date|Title|Paper|\n|---|---|---|\n|2024.05|A|[[pdf]](https://arxiv.org/abs/2405.04434)|\n|2024.06|B|[[pdf]](https://arxiv.org/abs/2406.00001)|\n"
BAD = GOOD + "|2024.07|C|\n"  # a row with a missing cell: an error
WARN = GOOD.replace(
    "|2024.06|B|[[pdf]](https://arxiv.org/abs/2406.", "|2023.01|B|[[pdf]](https://arxiv.org/abs/2301."
) + "".join(f"|2024.{m:02d}|{m}|[[pdf]](https://arxiv.org/abs/24{m:02d}.00001)|\n" for m in range(7, 12))


def run(args: list[str], cwd: Path | None = None, stdin: bytes | None = None) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    old = Path.cwd()
    if cwd:
        os.chdir(cwd)
    try:
        if stdin is not None:
            real = sys.stdin
            sys.stdin = io.TextIOWrapper(io.BytesIO(stdin))
        try:
            code = main(
                [*args, "--today", "2026-11-29"] if args[:1] not in (["rules"], ["explain"]) else args,
                out,
                err,
            )
        finally:
            if stdin is not None:
                sys.stdin = real
    finally:
        os.chdir(old)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    return tmp_path


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def test_clean_file_exits_0(workdir: Path) -> None:
    f = write(workdir / "README.md", GOOD)
    code, out, err = run([str(f), "--offline"])
    assert code == 0, out + err
    assert out == "All checks passed (1 file).\n"


def test_error_finding_exits_1_with_location_code_and_message(workdir: Path) -> None:
    f = write(workdir / "README.md", BAD)
    code, out, _ = run([str(f), "--offline"])
    assert code == 1
    lines = out.splitlines()
    assert (
        lines[0]
        == f"{f}:7:1: AL101 column-count expected 3 cells as in the header at line 3; found 2: 1 missing, GitHub shows it empty"
    )
    assert lines[-1] == "Found 1 error and 0 warnings in 1 file."


def test_warnings_alone_exit_0(workdir: Path) -> None:
    f = write(workdir / "README.md", WARN)
    code, out, _ = run([str(f), "--offline"])
    assert code == 0
    assert "AL202 date-order" in out and "0 errors and 1 warning" in out


def test_default_path_is_readme_in_cwd(workdir: Path) -> None:
    write(workdir / "README.md", BAD)
    code, out, _ = run(["--offline"], cwd=workdir)
    assert code == 1 and out.startswith("README.md:7:1:")


def test_no_readme_and_no_path_is_a_usage_error(workdir: Path) -> None:
    code, _, err = run(["--offline"], cwd=workdir)
    assert code == 2 and "no README.md here" in err


def test_json_output(workdir: Path) -> None:
    f = write(workdir / "README.md", BAD)
    code, out, _ = run([str(f), "--offline", "--format", "json"])
    assert code == 1
    data = json.loads(out)
    (finding,) = data["findings"]
    assert {k: finding[k] for k in ("path", "line", "column", "rule", "code", "severity")} == {
        "path": str(f),
        "line": 7,
        "column": 1,
        "rule": "column-count",
        "code": "AL101",
        "severity": "error",
    }
    assert finding["message"].startswith("expected 3 cells")
    assert data["summary"] == {
        "files": 1,
        "errors": 1,
        "warnings": 0,
        "fixable": 0,
        "unreadable": 0,
        "not_shown": 0,
    }
    assert data["files"] == [{"path": str(f), "error": None}]


def test_colour_only_when_asked_or_on_a_terminal(workdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    f = write(workdir / "README.md", BAD)
    _, plain, _ = run([str(f), "--offline"])
    assert "\x1b[" not in plain
    _, coloured, _ = run([str(f), "--offline", "--color", "always"])
    assert "\x1b[31m" in coloured
    monkeypatch.setenv("NO_COLOR", "1")
    from awesomelint.report.text import use_color as _use_color

    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    assert _use_color("auto", Tty()) is False
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    assert _use_color("auto", Tty()) is True


def test_select_and_ignore(workdir: Path) -> None:
    f = write(workdir / "README.md", BAD)
    assert run([str(f), "--offline", "--ignore", "column-count"])[0] == 0
    assert run([str(f), "--offline", "--select", "AL2"])[0] == 0
    assert run([str(f), "--offline", "--select", "AL101"])[0] == 1
    code, _, err = run([str(f), "--offline", "--select", "no-such-rule"])
    assert code == 2 and "no rule matches 'no-such-rule'" in err


def test_exit_zero_hides_findings_but_not_errors(workdir: Path) -> None:
    f = write(workdir / "README.md", BAD)
    assert run([str(f), "--offline", "--exit-zero"])[0] == 0
    assert run([str(workdir / "missing.md"), "--offline", "--exit-zero"])[0] == 2


def test_usage_errors_exit_2(workdir: Path) -> None:
    code, _, err = run(["--no-such-flag"])
    assert code == 2 and "unrecognized arguments" in err
    code, _, err = run(["--format", "xml"])
    assert code == 2


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("binary.md", b"\x00\x01\x02PK\x03\x04" * 100, "file is binary"),
        ("latin1.md", "# Café\n".encode("latin-1"), "invalid UTF-8 at line 1, column 6 (byte 0xe9)"),
        ("utf16.md", "# Liste\n|a|b|\n".encode("utf-16"), "UTF-16"),
    ],
)
def test_unreadable_files_exit_2_with_a_clear_message(
    workdir: Path, name: str, data: bytes, message: str
) -> None:
    bad = write(workdir / name, data)
    good = write(workdir / "README.md", BAD)
    code, out, err = run([str(bad), str(good), "--offline"])
    assert code == 2
    assert f"{bad}: error: " in err and message in err
    assert "Traceback" not in err
    assert f"{good}:7:1: AL101" in out  # the other file is still linted


def test_missing_file_and_size_limit(workdir: Path) -> None:
    code, _, err = run([str(workdir / "nope.md"), "--offline"])
    assert code == 2 and "cannot read" in err
    big = write(workdir / "big.md", GOOD * 2000)
    code, _, err = run([str(big), "--offline", "--max-size", "0.1"])
    assert code == 2 and "larger than --max-size 0.1 MB" in err


def test_empty_and_tableless_files_pass(workdir: Path) -> None:
    empty = write(workdir / "empty.md", b"")
    prose = write(workdir / "prose.md", "# Hello\n\nNo tables here.\n")
    assert run([str(empty), str(prose), "--offline"])[0] == 0


def test_stdin(workdir: Path) -> None:
    code, out, _ = run(["-", "--offline", "--stdin-filename", "list.md"], stdin=BAD.encode())
    assert code == 1 and out.startswith("list.md:7:1: AL101")


def test_directory_collects_markdown_files(workdir: Path) -> None:
    write(workdir / "docs" / "a.md", BAD)
    write(workdir / "docs" / "sub" / "b.markdown", GOOD)
    write(workdir / "docs" / "node_modules" / "c.md", BAD)
    write(workdir / "docs" / ".hidden" / "d.md", BAD)
    code, out, _ = run([str(workdir / "docs"), "--offline"])
    assert code == 1
    assert out.count("AL101") == 1 and "in 2 files" in out


# --- configuration ---------------------------------------------------------------------------------------


def test_config_file_is_found_upward(workdir: Path) -> None:
    write(workdir / ".awesomelint.toml", 'ignore = ["column-count"]\n')
    f = write(workdir / "lists" / "README.md", BAD)
    assert run([str(f), "--offline"])[0] == 0
    assert run([str(f), "--offline", "--isolated"])[0] == 1


def test_pyproject_tool_table(workdir: Path) -> None:
    write(
        workdir / "pyproject.toml",
        '[project]\nname = "x"\n\n[tool.awesomelint]\nseverity = { column-count = "warning" }\n',
    )
    f = write(workdir / "README.md", BAD)
    code, out, _ = run([str(f), "--offline"])
    assert code == 0 and "1 warning" in out


def test_configured_date_format_and_order(workdir: Path) -> None:
    write(workdir / ".awesomelint.toml", '[dates]\nformat = "YYYY-MM"\norder = "descending"\n')
    f = write(workdir / "README.md", GOOD)
    code, out, _ = run([str(f), "--offline"])
    assert "expected a date in the list's format YYYY-MM (configured), like '2024-05'; found '2024.05'" in out
    assert code == 1


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("colour = 1\n", "`colour`: unknown key"),
        ("[dates]\nformat = 'QQQQ'\n", "`dates.format`: date format 'QQQQ' is not understood"),
        (
            "[dates]\norder = 'sideways'\n",
            "`dates.order`: Input should be 'infer', 'ascending', 'descending' or 'none'",
        ),
        ("[duplicates]\nscope = 1\n", "`duplicates.scope`"),
        ("select = ['AL9']\n", "`select`: no rule matches 'AL9'"),
        ("severity = { nope = 'error' }\n", "`severity.nope`: no rule named 'nope'"),
        ("this is = not toml\n", "invalid TOML"),
    ],
)
def test_bad_config_exits_2_naming_file_and_key(workdir: Path, text: str, message: str) -> None:
    cfg = write(workdir / ".awesomelint.toml", text)
    f = write(workdir / "README.md", GOOD)
    code, out, err = run([str(f), "--offline"])
    assert code == 2, out + err
    assert str(cfg.resolve()) in err or str(cfg) in err
    assert message in err


def test_explicit_config(workdir: Path) -> None:
    cfg = write(workdir / "conf" / "lint.toml", 'ignore = ["AL1"]\n')
    f = write(workdir / "README.md", BAD)
    assert run([str(f), "--offline", "--config", str(cfg)])[0] == 0
    code, _, err = run([str(f), "--offline", "--config", str(workdir / "none.toml")])
    assert code == 2 and "config file not found" in err


# --- other commands --------------------------------------------------------------------------------------


def test_rules_and_explain() -> None:
    code, out, _ = run(["rules"])
    assert code == 0 and "AL101   column-count" in out
    code, out, _ = run(["explain", "AL301"])
    assert code == 0
    for heading in ("duplicate-entry (AL301)", "What it does", "Why is this bad?", "Example", "Use instead"):
        assert heading in out
    code, _, err = run(["explain", "nope"])
    assert code == 2 and "no rule named 'nope'" in err


def test_suppression_fixture_through_the_cli() -> None:
    code, out, _ = run([str(FIXTURES / "rules" / "suppression.md"), "--offline"])
    assert code == 1 and out.count("AL101") == 1


def test_python_m_and_offline_imports_no_network_stack(tmp_path: Path) -> None:
    """A zero-config offline run (a pre-commit hook) loads neither the network stack nor pydantic: the
    default configuration is a plain object and the document model is plain classes. Nor what only a
    finding's suggestion (difflib), argparse's help width (shutil), a cache (pickle) or only a type checker
    (typing) needs; and its argv is read without argparse."""
    f = write(tmp_path / "README.md", BAD)
    code = (
        f"import os, sys, runpy; sys.argv = ['awesomelint', '--offline', {str(f)!r}];\n"
        "def stay(code):\n    raise SystemExit(code)\n"
        "os._exit = stay  # the process would end at once, before it is inspected\n"
        "try:\n    runpy.run_module('awesomelint', run_name='__main__')\n"
        "except SystemExit as e:\n    rc = e.code\n"
        "bad = sorted(m for m in ('requests', 'urllib3', 'rich', 'ftfy', 'pydantic', 'difflib', 'shutil', 'pickle', 'typing', 'argparse') if m in sys.modules)\n"
        "print('IMPORTED', bad, rc)\n"
    )
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert "AL101 column-count" in res.stdout
    assert "IMPORTED [] 1" in res.stdout, res.stdout + res.stderr


def test_each_file_of_a_run_is_linted_on_its_own_text(workdir: Path) -> None:
    """A regression: the rules that search the whole text once cached it for the run, so the second file
    of a folder was searched in the first file's text and its empty links and broken anchors went
    unreported."""
    write(workdir / "a.md", GOOD)
    write(workdir / "b.md", "# B\n\n|Date|Title|\n|---|---|\n|2024.01|[[pdf]]()|\n|2024.02|[x](#nowhere)|\n")
    code, out, _ = run([str(workdir), "--offline", "--format", "json"])
    rules = sorted((Path(f["path"]).name, f["rule"]) for f in json.loads(out)["findings"])
    assert code == 1
    assert rules == [("b.md", "broken-anchor"), ("b.md", "empty-link")]


def test_the_collector_stays_off_until_the_report_is_written(tmp_path: Path, monkeypatch) -> None:
    """A collection pass over a big document's objects costs seconds and frees nothing (they are acyclic):
    the CLI keeps the garbage collector off while it lints and while it renders, and turns it back on."""
    import gc

    import awesomelint.commands.check as check_module

    seen: list[bool] = []
    real = check_module.write_check

    def spy(*args, **kwargs) -> None:
        seen.append(gc.isenabled())
        real(*args, **kwargs)

    monkeypatch.setattr(check_module, "write_check", spy)
    f = write(tmp_path / "README.md", BAD)
    assert gc.isenabled()
    code, out, _ = run([str(f), "--offline"])
    assert code == 1 and "AL101" in out
    assert seen == [False]
    assert gc.isenabled()


@pytest.mark.parametrize(
    ("module", "name", "argv"),
    [
        ("awesomelint.commands.export", "export", ["export"]),
        ("awesomelint.commands.init", "init", ["init", "--stdout"]),
    ],
)
def test_export_and_init_run_with_the_collector_off(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, module: str, name: str, argv: list[str]
) -> None:
    """export and init build the same model as a lint: the collector is off while they run, on after."""
    import gc
    import importlib

    mod = importlib.import_module(module)
    seen: list[bool] = []
    real = getattr(mod, name)

    def spy(*args: object, **kwargs: object) -> None:
        seen.append(gc.isenabled())
        real(*args, **kwargs)

    monkeypatch.setattr(mod, name, spy)
    f = write(tmp_path / "README.md", BAD)
    code, _out, _err = run([*argv, str(f)])
    assert code == 0 and seen == [False] and gc.isenabled()
