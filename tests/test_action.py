"""The GitHub Action (action.yml and its scripts), run for real: its scripts in a shallow clone of a pull
request like the one actions/checkout makes, and its installer into a fresh virtual environment."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from .conftest import ROOT
from .gitutil import Repo, git_env, init_repo
from .test_diff import CLEAN, DEFECTIVE, EXPECTED_NEW, QUANT, SERVING, make_list

pytestmark = pytest.mark.slow

ACTION = ROOT / "action.yml"
BASH = shutil.which("bash")
AWESOMELINT = Path(sys.executable).with_name("awesomelint")


def action() -> dict:
    return yaml.safe_load(ACTION.read_text(encoding="utf-8"))


def test_action_definition_is_consistent() -> None:
    data = action()
    assert data["runs"]["using"] == "composite"
    declared = set(data["inputs"])
    assert {"files", "config", "online", "diff-base"} <= declared
    text = ACTION.read_text(encoding="utf-8")
    assert set(re.findall(r"inputs\.([a-z-]+)", text)) == declared
    for step in data["runs"]["steps"]:
        if "run" not in step:
            continue
        assert step["shell"] == "bash"
        # inputs reach the scripts only through env: an input can never become shell code
        assert "${{" not in step["run"], step["run"]
        script = re.fullmatch(r'bash "\$GITHUB_ACTION_PATH/(action/[a-z-]+\.sh)"', step["run"])
        assert script is not None, step["run"]
        path = ROOT / script.group(1)
        assert path.is_file() and os.access(path, os.X_OK)
        if BASH:
            subprocess.run([BASH, "-n", str(path)], check=True)


def run_script(name: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    if BASH is None:
        pytest.skip("bash is not installed")
    full = {**git_env(), **env}
    full.pop("GITHUB_WORKSPACE", None)
    return subprocess.run(
        [BASH, str(ROOT / "action" / name)], cwd=cwd, env=full, capture_output=True, text=True, timeout=300
    )


def annotations(out: str) -> list[tuple[str, int, int, str]]:
    got = []
    for m in re.finditer(
        r"^::(error|warning) file=([^,]*),line=(\d+),col=(\d+),.*title=awesomelint AL\d+ ([a-z-]+)::",
        out,
        re.M,
    ):
        got.append((m.group(2), int(m.group(3)), int(m.group(4)), m.group(5)))
    return got


@pytest.fixture
def pull_request(tmp_path: Path) -> tuple[Repo, str]:
    """A shallow checkout of a pull request's head (as actions/checkout makes it) and the base commit,
    which the checkout lacks. The base list has an old defect that a pull request must not be blamed for."""
    origin = init_repo(tmp_path / "origin")
    old_defect = make_list(SERVING, [QUANT[0], QUANT[1].replace("2023.06", "2023-06"), QUANT[2]])
    origin.write("README.md", old_defect)
    base = origin.commit("the list")
    new_text = DEFECTIVE.replace(QUANT[1], QUANT[1].replace("2023.06", "2023-06"))
    origin.write("README.md", new_text)
    origin.commit("a pull request adding rows")
    clone = Repo(tmp_path / "checkout")
    subprocess.run(
        ["git", "clone", "-q", "--depth=1", origin.root.as_uri(), str(clone.root)],
        env=git_env(),
        check=True,
        capture_output=True,
    )
    assert clone.git("cat-file", "-t", base, check=False) == ""
    return clone, base


def test_run_on_a_pull_request_annotates_only_its_lines(pull_request: tuple[Repo, str]) -> None:
    clone, base = pull_request
    env = {
        "AWESOMELINT_BIN": str(AWESOMELINT),
        "GITHUB_EVENT_NAME": "pull_request",
        "PR_BASE_SHA": base,
        "INPUT_FILES": "README.md",
        "INPUT_ONLINE": "false",
        "INPUT_DIFF_BASE": "",
        "INPUT_ARGS": "--isolated --today 2026-11-29",
    }
    proc = run_script("run.sh", clone.root, env)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert f"awesomelint: fetching {base}" in proc.stdout
    assert annotations(proc.stdout) == [("README.md", line, col, rule) for line, col, rule in EXPECTED_NEW]
    assert "1 finding on unchanged lines not shown" in proc.stdout

    # the same checkout on a push: every line, the old defect too
    proc = run_script("run.sh", clone.root, {**env, "GITHUB_EVENT_NAME": "push"})
    assert proc.returncode == 1
    got = annotations(proc.stdout)
    assert len(got) == len(EXPECTED_NEW) + 1 and ("README.md", 24, 2, "date-format") in got

    # diff-base 'none' on a pull request: every line as well
    proc = run_script("run.sh", clone.root, {**env, "INPUT_DIFF_BASE": "none"})
    assert len(annotations(proc.stdout)) == len(EXPECTED_NEW) + 1


def test_run_fails_loudly_when_the_base_cannot_be_fetched(pull_request: tuple[Repo, str]) -> None:
    clone, _ = pull_request
    missing = "0123456789abcdef0123456789abcdef01234567"
    env = {
        "AWESOMELINT_BIN": str(AWESOMELINT),
        "GITHUB_EVENT_NAME": "pull_request",
        "PR_BASE_SHA": missing,
        "INPUT_ONLINE": "false",
    }
    proc = run_script("run.sh", clone.root, env)
    assert proc.returncode == 2
    assert f"could not fetch {missing}" in proc.stdout
    assert f"--diff-base {missing}: no such commit in this shallow clone" in proc.stderr
    assert annotations(proc.stdout) == []


def test_run_passes_files_config_and_args_as_words(tmp_path: Path) -> None:
    repo = init_repo(tmp_path / "list")
    repo.write("docs/a list.md", CLEAN.replace("|2024.01|", "|2024-01|"))
    repo.write("lint.toml", 'ignore = ["date-format"]\n')
    repo.commit("lists")
    env = {
        "AWESOMELINT_BIN": str(AWESOMELINT),
        "GITHUB_EVENT_NAME": "push",
        "INPUT_FILES": "docs/",
        "INPUT_ONLINE": "false",
        "INPUT_ARGS": "--today 2026-11-29\n--select AL2",
    }
    proc = run_script("run.sh", repo.root, env)
    assert proc.returncode == 1
    assert annotations(proc.stdout) == [("docs/a list.md", 11, 2, "date-format")]
    proc = run_script("run.sh", repo.root, {**env, "INPUT_CONFIG": "lint.toml"})
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "All checks passed (1 file)." in proc.stdout
    # a file name is never shell code
    proc = run_script("run.sh", repo.root, {**env, "INPUT_FILES": "$(touch pwned)"})
    assert proc.returncode == 2 and not (repo.root / "pwned").exists()


def test_find_python(tmp_path: Path) -> None:
    out = tmp_path / "out"
    proc = run_script("find-python.sh", tmp_path, {"INPUT_PYTHON": sys.executable, "GITHUB_OUTPUT": str(out)})
    assert proc.returncode == 0
    assert out.read_text() == f"path={shutil.which(sys.executable) or sys.executable}\n"
    out.unlink()
    proc = run_script(
        "find-python.sh", tmp_path, {"INPUT_PYTHON": "no-such-python3", "GITHUB_OUTPUT": str(out)}
    )
    assert proc.returncode == 0 and out.read_text() == "path=\n"
    assert "setting up Python 3.12" in proc.stdout


def test_install_then_run(tmp_path: Path) -> None:
    """The installer builds this checkout into a fresh environment (PyPI is needed for the build
    dependencies) and hands the next step the awesomelint it installed."""
    runner_temp, github_env, github_path = tmp_path / "runner", tmp_path / "env", tmp_path / "path"
    runner_temp.mkdir()
    source = tmp_path / "action"
    shutil.copytree(
        ROOT, source, ignore=shutil.ignore_patterns(".venv", ".git", "*.egg-info", "__pycache__", ".*_cache")
    )
    proc = run_script(
        "install.sh",
        tmp_path,
        {
            "PYTHON": sys.executable,
            "ACTION_PATH": str(source),
            "INPUT_ONLINE": "false",
            "RUNNER_TEMP": str(runner_temp),
            "GITHUB_ENV": str(github_env),
            "GITHUB_PATH": str(github_path),
        },
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert re.search(r"^awesomelint \d+\.\d+", proc.stdout, re.M)
    installed = github_env.read_text().strip().removeprefix("AWESOMELINT_BIN=")
    assert Path(installed).parent == Path(github_path.read_text().strip())
    assert Path(installed).is_relative_to(runner_temp)

    repo = init_repo(tmp_path / "list")
    repo.write("README.md", CLEAN)
    base = repo.commit("clean")
    repo.write("README.md", DEFECTIVE)
    env = {
        "AWESOMELINT_BIN": installed,
        "GITHUB_EVENT_NAME": "pull_request",
        "PR_BASE_SHA": base,
        "INPUT_ONLINE": "false",
        "INPUT_ARGS": "--today 2026-11-29",
    }
    proc = run_script("run.sh", repo.root, env)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert annotations(proc.stdout) == [("README.md", line, col, rule) for line, col, rule in EXPECTED_NEW]
