"""pre-commit, proven: real `pre-commit try-repo` runs of this project's hooks in a temporary git repository,
for a README that passes and one that fails. pre-commit builds each hook's environment with pip, so these
tests need the package index (PyPI) and take a few tens of seconds."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import yaml

from .conftest import ROOT
from .gitutil import git_env, init_repo

pytestmark = pytest.mark.slow

HOOKS = ROOT / ".pre-commit-hooks.yaml"

#: a list without http links, so that the online hook touches no network whatever its checks are
LIST = """# Awesome Test List

|Date|Title|Paper|
|---|---|---|
|2023.09|PagedAttention|[[pdf]](papers/paged-attention.pdf)|
|2023.12|SGLang|[[pdf]](papers/sglang.pdf)|
|2024.01|DistServe|[[pdf]](papers/distserve.pdf)|
|2024.05|DeepSeek-V2|[[pdf]](papers/deepseek-v2.pdf)|
"""
BROKEN = LIST.replace("|2024.01|DistServe|", "|2024-01|DistServe|").replace(
    "[[pdf]](papers/sglang.pdf)|", "[[pdf]](papers/sglang.pdf)|extra|"
)


def hooks() -> dict[str, dict]:
    return {h["id"]: h for h in yaml.safe_load(HOOKS.read_text(encoding="utf-8"))}


def test_hook_definitions() -> None:
    defs = hooks()
    offline, links = defs["awesomelint"], defs["awesomelint-links"]
    assert offline["entry"] == "awesomelint --offline" and "stages" not in offline
    assert links["entry"] == "awesomelint"
    assert links["stages"] == ["pre-push", "manual"]
    for hook in (offline, links):
        assert hook["language"] == "python" and hook["types"] == ["markdown"]
        assert hook.get("pass_filenames", True) and not hook.get("always_run", False)
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"][
        "optional-dependencies"
    ]
    assert links["additional_dependencies"] == extras["online"]


def _is_git_checkout() -> bool:
    proc = subprocess.run(
        ["git", "rev-parse", "--verify", "HEAD"], cwd=ROOT, env=git_env(), capture_output=True, check=False
    )
    return proc.returncode == 0


def try_repo(tmp: Path, readme: str, hook: str, *extra: str) -> subprocess.CompletedProcess[str]:
    repo = init_repo(tmp / "list")
    repo.write("README.md", readme)
    for name in ("paged-attention", "sglang", "distserve", "deepseek-v2"):
        repo.write(f"papers/{name}.pdf", "")  # the files the list links (missing-file checks them)
    repo.git("add", "README.md")
    env = {**git_env(), "PRE_COMMIT_HOME": str(tmp / "pre-commit-home"), "PRE_COMMIT_COLOR": "never"}
    env.pop("VIRTUAL_ENV", None)
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), hook, *extra, "--files", "README.md"],
        cwd=repo.root,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


CASES = {
    "offline-pass": (LIST, "awesomelint"),
    "offline-fail": (BROKEN, "awesomelint"),
    "links-pass": (LIST, "awesomelint-links", "--hook-stage", "manual"),
    "links-fail": (BROKEN, "awesomelint-links", "--hook-stage", "manual"),
}


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, subprocess.CompletedProcess[str]]:
    if not _is_git_checkout():
        pytest.skip("this project is not a git checkout, which pre-commit try-repo needs")
    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = {
            name: pool.submit(try_repo, tmp_path_factory.mktemp(name), readme, *args)
            for name, (readme, *args) in CASES.items()
        }
        return {name: f.result() for name, f in futures.items()}


def _assert_ran(proc: subprocess.CompletedProcess[str], name: str) -> str:
    out = proc.stdout + proc.stderr
    assert "An unexpected error has occurred" not in out, out
    assert f"{name}..." in out, out
    return out


@pytest.mark.parametrize("hook,name", [("offline", "awesomelint"), ("links", "awesomelint (links)")])
def test_passing_readme(runs: dict, hook: str, name: str) -> None:
    proc = runs[f"{hook}-pass"]
    out = _assert_ran(proc, name)
    assert proc.returncode == 0, out
    assert re.search(rf"^{re.escape(name)}\.+Passed$", out, re.M), out


@pytest.mark.parametrize("hook,name", [("offline", "awesomelint"), ("links", "awesomelint (links)")])
def test_failing_readme(runs: dict, hook: str, name: str) -> None:
    proc = runs[f"{hook}-fail"]
    out = _assert_ran(proc, name)
    assert proc.returncode == 1, out
    assert re.search(rf"^{re.escape(name)}\.+Failed$", out, re.M), out
    assert "- exit code: 1" in out, out
    assert (
        "README.md:6:44: AL101 column-count expected 3 cells as in the header at line 3; found 4: "
        "GitHub drops the extra text 'extra'"
    ) in out
    assert (
        "README.md:7:2: AL201 date-format expected a date in the list's format YYYY.MM (inferred from the "
        "list), like '2024.01'; found '2024-01'"
    ) in out
    assert "Found 2 errors and 0 warnings in 1 file (1 fixable with --fix)." in out
