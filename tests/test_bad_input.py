"""Bad input gets a clear message and exit 2 (or a finding), never a traceback, a hang or exit 1."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from awesomelint.commands import check as check_module

from .gitutil import init_repo
from .test_cli import GOOD, run, write

DEEP = (
    "| a | b |\n|---|---|\n| "
    + "[" * 1000
    + "x"
    + "](u)" * 1000
    + " | y |\n"
    + "[" * 1000
    + "](u)" * 1000
    + "\n"
)


@pytest.mark.parametrize("value", ["nan", "inf", "-1", "0", "abc"])
def test_max_size_must_be_a_finite_positive_number(tmp_path, value):
    path = write(tmp_path / "README.md", GOOD)
    code, _out, err = run(["--offline", "--max-size", value, str(path)])
    assert code == 2
    assert "--max-size" in err


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "pipe.md"
    os.mkfifo(fifo)
    code, _out, err = run(["--offline", str(fifo)])
    assert code == 2
    assert "not a regular file (a FIFO)" in err


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
def test_dev_zero_is_refused():
    code, _out, err = run(["--offline", "/dev/zero"])
    assert code == 2
    assert "not a regular file (a character device)" in err


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads any folder")
def test_a_folder_without_permission_is_a_clear_error(tmp_path):
    write(tmp_path / "lists" / "a.md", GOOD)
    locked = tmp_path / "lists" / "locked"
    locked.mkdir()
    locked.chmod(0)
    try:
        code, _out, err = run(["--offline", str(tmp_path / "lists")])
    finally:
        locked.chmod(0o755)
    assert code == 2
    assert "cannot read folder" in err
    assert "Traceback" not in err


def test_deep_brackets_lint_export_and_diff(tmp_path):
    path = write(tmp_path / "README.md", DEEP)
    for args in (["--offline", str(path)], ["--offline", "--diff", str(path)], ["export", str(path)]):
        code, _out, err = run(args)
        assert code in (0, 1), (args, err)
        assert "internal error" not in err


@pytest.mark.skipif(sys.platform != "linux", reason="file names are bytes on Linux")
def test_a_file_name_that_is_not_utf8_in_sarif(tmp_path):
    name = os.fsdecode(b"bad\xff.md")
    write(tmp_path / name, "| a | b |\n| c | d |\n| e | f |\n")  # a finding: no delimiter row
    code, out, err = run(["--offline", "--format", "sarif", "."], cwd=tmp_path)
    assert code in (0, 1), err
    assert '"uri": "bad%FF.md"' in out


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full")
def test_a_full_disk_on_stdout_exits_2_with_a_message(tmp_path):
    path = write(tmp_path / "README.md", GOOD * 20)
    with open("/dev/full", "w") as full:
        proc = subprocess.run(
            [sys.executable, "-m", "awesomelint", "--offline", "--format", "json", str(path)],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
        )
    assert proc.returncode == 2
    assert "No space left on device" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_an_unexpected_exception_exits_2_and_asks_for_a_report(tmp_path, monkeypatch):
    path = write(tmp_path / "README.md", GOOD)

    def broken(*_args, **_kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(check_module, "check", broken)
    code, _out, err = run(["--offline", str(path)])
    assert code == 2
    assert err.count("\n") == 1
    assert "internal error: RuntimeError: boom; please report it" in err
    code, _out, err = run(["--offline", "--verbose", str(path)])
    assert code == 2
    assert "Traceback" in err and "RuntimeError: boom" in err


def test_an_empty_diff_base_is_refused(tmp_path):
    path = write(tmp_path / "README.md", GOOD)
    code, _out, err = run(["--offline", "--diff-base", "", str(path)])
    assert code == 2
    assert "--diff-base is empty" in err


def test_diff_base_that_names_a_blob_or_a_tree(tmp_path):
    repo = init_repo(tmp_path / "repo")
    repo.write("README.md", GOOD)
    repo.commit("first")
    blob = repo.git("rev-parse", "HEAD:README.md")
    tree = repo.git("rev-parse", "HEAD^{tree}")
    for ref, kind in ((blob, "blob"), (tree, "tree")):
        code, _out, err = run(["--offline", "--diff-base", ref, "README.md"], cwd=repo.root)
        assert code == 2
        assert f"names a {kind}" in err and "not a commit" in err
        assert "Fetch it" not in err


def test_diff_base_in_a_repository_without_commits(tmp_path):
    repo = init_repo(tmp_path / "repo")
    repo.write("README.md", GOOD)
    code, _out, err = run(["--offline", "--diff-base", "HEAD", "README.md"], cwd=repo.root)
    assert code == 2
    assert "has no commits yet" in err


def _many_findings(tmp_path: Path, rows: int = 4000) -> Path:
    """A list whose every fourth date is month 13 among YYYY.MM: rows / 4 date-format errors."""
    lines = ["# Papers", "", "|Date|Title|", "|---|---|"]
    lines += [f"|2024.{13 if k % 4 == 0 else 1 + k * 12 // rows:02d}|Paper {k}|" for k in range(rows)]
    return write(tmp_path / "README.md", "\n".join(lines) + "\n")


def test_the_process_ends_with_every_line_written(tmp_path):
    """The console script ends the process at once (os._exit, no teardown): what it printed must all
    reach a pipe first, with the exit status of the findings."""
    path = _many_findings(tmp_path)
    proc = subprocess.run(
        [sys.executable, "-m", "awesomelint", "--offline", "--select", "date-format", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 1, proc.stderr
    lines = proc.stdout.splitlines()
    assert len(lines) == 1000 + 1 and "AL201 date-format" in lines[-2]
    assert lines[-1].startswith("Found 1000 errors"), lines[-1]


def test_the_console_script_runs_without_a_collection(tmp_path):
    """The console script turns the collector off before it imports the CLI and the rules (their imports
    would trigger a dozen collections) and keeps it off to the end: no collection in a whole run."""
    import tomllib

    from .conftest import ROOT

    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["scripts"]
    assert scripts["awesomelint"] == "awesomelint._start:run"
    assert "awesomelint._start import run" in (ROOT / "src" / "awesomelint" / "__main__.py").read_text()
    path = _many_findings(tmp_path, rows=400)
    code = (  # the callback is set once _start is imported (compiling it may collect): from run() on
        "import gc, sys\n"
        f"sys.argv = ['awesomelint', '--offline', {str(path)!r}]\n"
        "from awesomelint._start import run\n"
        "gc.callbacks.append(lambda phase, info: phase == 'start' and sys.stderr.write('collection\\n'))\n"
        "run()\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert proc.returncode == 1, proc.stderr
    assert "collection" not in proc.stderr
    assert proc.stdout.splitlines()[-1].startswith("Found 100 errors")


def test_the_server_runs_with_the_collector_on(monkeypatch):
    """``awesomelint server`` runs for hours: it turns the collector back on that the console script
    turned off."""
    import gc

    from awesomelint.cli import main
    from awesomelint.commands import server

    seen = []
    monkeypatch.setattr(server, "serve", lambda **_: seen.append(gc.isenabled()) or 0)
    was = gc.isenabled()
    gc.disable()
    try:
        assert main(["server"]) == 0
    finally:
        gc.unfreeze()
        if was:
            gc.enable()
    assert seen == [True]


def test_a_reader_that_stops_reading_is_not_an_error(tmp_path):
    """``awesomelint ... | head -1``: the pipe closes under the writer; exit 0, no traceback."""
    path = _many_findings(tmp_path)
    proc = subprocess.Popen(
        [sys.executable, "-m", "awesomelint", "--offline", str(path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stderr is not None
    assert proc.stdout.readline().startswith(str(path).encode())
    proc.stdout.close()
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == 0, err
    assert "Traceback" not in err and "Exception ignored" not in err
