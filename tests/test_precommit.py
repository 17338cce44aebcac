"""pre-commit, proven: real `pre-commit try-repo` runs of this project's hooks in a temporary git repository,
for a README that passes and one that fails. pre-commit builds each hook's environment with pip, so these
tests need the package index (PyPI) and take a few tens of seconds."""

from __future__ import annotations

import re
import shutil
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
    # the online extra's packages are core dependencies: declaring them again would make pre-commit build
    # a second, identical environment
    core = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    online = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"][
        "optional-dependencies"
    ]["online"]
    assert set(online) <= set(core)
    assert "additional_dependencies" not in links and "additional_dependencies" not in offline


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
    return pre_commit(tmp, repo.root, "try-repo", str(ROOT), hook, *extra, "--files", "README.md")


def pre_commit(tmp: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """A real pre-commit run, with its environments under ``tmp`` and no colours."""
    env = {**git_env(), "PRE_COMMIT_HOME": str(tmp / "pre-commit-home"), "PRE_COMMIT_COLOR": "never"}
    env.pop("VIRTUAL_ENV", None)
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


#: the list at the commit, with an old defect, and the staged edit that adds a new one on line 9
OLD_DEFECT = LIST.replace("|2024.01|DistServe|", "|2024-01|DistServe|")
NEW_DEFECT = OLD_DEFECT + "|2024.06|Mooncake|[[pdf]](papers/mooncake.pdf)|extra|\n"


def run_with_args(tmp: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`pre-commit run` of the offline hook with ``args`` in the list's .pre-commit-config.yaml, the hook
    taken from a commit of this checkout (with its uncommitted changes, as try-repo takes them)."""
    source = init_repo(tmp / "hooks")
    shutil.copytree(
        ROOT,
        source.root,
        dirs_exist_ok=True,
        ignore=shutil.ignore_patterns(
            ".venv", ".git", "*.egg-info", "__pycache__", ".*_cache", "node_modules"
        ),
    )
    rev = source.commit("the hooks")
    repo = init_repo(tmp / "list")
    for name in ("paged-attention", "sglang", "distserve", "deepseek-v2"):
        repo.write(f"papers/{name}.pdf", "")  # the files the list links (missing-file checks them)
    repo.write("README.md", OLD_DEFECT)
    repo.commit("a list with an old defect")
    repo.write("README.md", NEW_DEFECT)
    hook = {"id": "awesomelint", "args": list(args)}
    config = {"repos": [{"repo": source.root.as_uri(), "rev": rev, "hooks": [hook]}]}
    repo.write(".pre-commit-config.yaml", yaml.safe_dump(config))
    repo.git("add", "README.md", ".pre-commit-config.yaml")
    return pre_commit(tmp, repo.root, "run", "--files", "README.md")


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
    with ThreadPoolExecutor(max_workers=len(CASES) + 1) as pool:  # each case builds an environment with pip
        futures = {
            name: pool.submit(try_repo, tmp_path_factory.mktemp(name), readme, *args)
            for name, (readme, *args) in CASES.items()
        }
        futures["diff-base"] = pool.submit(
            run_with_args, tmp_path_factory.mktemp("diff-base"), "--diff-base", "HEAD"
        )
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


def test_diff_base_head_reports_only_the_new_defects(runs: dict) -> None:
    """`args: [--diff-base, HEAD]` (docs/pre-commit.md): a list that already has defects flags only the
    ones the commit adds."""
    proc = runs["diff-base"]
    out = _assert_ran(proc, "awesomelint")
    assert proc.returncode == 1, out
    assert "README.md:9:48: AL101 column-count" in out
    assert "AL201" not in out  # the old date defect on line 7 is not the commit's
    assert "1 finding on unchanged lines not shown" in out
