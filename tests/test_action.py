"""The GitHub Action (action.yml and its scripts), run for real: its scripts in a shallow clone of a pull
request like the one actions/checkout makes, and its installer into a fresh virtual environment."""

from __future__ import annotations

import json
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
UV = Path(sys.executable).with_name("uv")  # a test dependency; action.yml sets up uv with astral-sh/setup-uv


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
    full = {**git_env(), "RUNNER_TEMP": str(cwd.parent / "runner-temp"), **env}
    full.pop("GITHUB_WORKSPACE", None)
    for var in ("GITHUB_OUTPUT", "GITHUB_STEP_SUMMARY", "GITHUB_ENV", "GITHUB_PATH", "GITHUB_TOKEN"):
        if var not in env:
            full.pop(var, None)
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
    keys_out = tmp_path / "keys"
    common = {
        "PYTHON": sys.executable,
        "ACTION_PATH": str(source),
        "INPUT_ONLINE": "false",
        "RUNNER_TEMP": str(runner_temp),
    }
    proc = run_script("keys.sh", tmp_path, {**common, "GITHUB_OUTPUT": str(keys_out)})
    assert proc.returncode == 0, proc.stderr
    keys = dict(line.split("=", 1) for line in keys_out.read_text().splitlines())
    assert keys["env-dir"] == str(runner_temp / "awesomelint-venv")
    assert re.fullmatch(r"awesomelint-env-\w+-\d+\.\d+\.\d+\S*-[0-9a-f]{16}-[0-9a-f]{12}", keys["env-key"])
    install_env = {
        **common,
        "UV": str(UV),
        "ENV_DIR": keys["env-dir"],
        "ENV_KEY": keys["env-key"],
        "GITHUB_ENV": str(github_env),
        "GITHUB_PATH": str(github_path),
    }
    proc = run_script("install.sh", tmp_path, install_env)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert re.search(r"^awesomelint \d+\.\d+", proc.stdout, re.M)
    assert "restored from the cache" not in proc.stdout
    installed = github_env.read_text().strip().removeprefix("AWESOMELINT_BIN=")
    assert Path(installed).parent == Path(github_path.read_text().strip())
    assert Path(installed).is_relative_to(runner_temp)
    # the next run (the environment restored by actions/cache under the same key) does not build again
    proc = run_script("install.sh", tmp_path, install_env)
    assert proc.returncode == 0 and "using the environment restored from the cache" in proc.stdout
    # another version of the action (other sources) is another key
    (source / "src" / "awesomelint" / "_version.py").write_text('__version__ = "9.9.9"\n')
    keys_out.unlink()
    assert run_script("keys.sh", tmp_path, {**common, "GITHUB_OUTPUT": str(keys_out)}).returncode == 0
    new_key = dict(line.split("=", 1) for line in keys_out.read_text().splitlines())["env-key"]
    assert new_key != keys["env-key"] and "-9.9.9-" in new_key

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


def test_install_without_uv_uses_pip(tmp_path: Path) -> None:
    """Where uv is not on PATH (a runner without setup-uv), pip builds the same environment."""
    source = tmp_path / "action"
    shutil.copytree(
        ROOT, source, ignore=shutil.ignore_patterns(".venv", ".git", "*.egg-info", "__pycache__", ".*_cache")
    )
    env = {"PYTHON": sys.executable, "ACTION_PATH": str(source), "UV": "none", "ENV_DIR": str(tmp_path / "v")}
    proc = run_script("install.sh", tmp_path, env)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert re.search(r"^awesomelint \d+\.\d+", proc.stdout, re.M)
    assert (tmp_path / "v" / "bin" / "pip").exists()  # pip's venv (uv's has no pip)


def test_exit_code_output_and_the_fail_inputs(tmp_path: Path) -> None:
    """``exit_code`` is awesomelint's own; ``fail: false`` never fails the step on findings,
    ``fail-on-warning: true`` fails it on warnings too; a usage error fails it whatever they say."""
    repo = init_repo(tmp_path / "list")
    repo.write("errors.md", CLEAN.replace("|2024.01|", "|2024-01|"))
    repo.write("warnings/README.md", CLEAN.replace("|2024.01|", "|2024-01|"))
    repo.write("warnings/.awesomelint.toml", '[severity]\ndate-format = "warning"\n')
    repo.write("clean.md", CLEAN)
    repo.commit("lists")
    output = tmp_path / "output"
    base = {
        "AWESOMELINT_BIN": str(AWESOMELINT),
        "GITHUB_EVENT_NAME": "push",
        "INPUT_ONLINE": "false",
        "INPUT_ARGS": "--today 2026-11-29",
        "GITHUB_OUTPUT": str(output),
    }
    cases = [
        # files, fail, fail-on-warning -> the step's status, the exit_code output
        ("errors.md", "", "", 1, "1"),
        ("errors.md", "false", "", 0, "1"),
        ("errors.md", "FALSE", "true", 0, "1"),
        ("warnings/README.md", "", "", 0, "0"),
        ("warnings/README.md", "", "true", 1, "0"),
        ("warnings/README.md", "false", "true", 0, "0"),
        ("clean.md", "true", "true", 0, "0"),
        ("missing.md", "false", "", 2, "2"),
    ]
    for files, fail, on_warning, status, exit_code in cases:
        output.write_text("")
        env = {**base, "INPUT_FILES": files, "INPUT_FAIL": fail, "INPUT_FAIL_ON_WARNING": on_warning}
        proc = run_script("run.sh", repo.root, env)
        case = (files, fail, on_warning)
        assert proc.returncode == status, (case, proc.stdout, proc.stderr)
        outputs = dict(line.split("=", 1) for line in output.read_text().splitlines())
        assert outputs["exit_code"] == exit_code, case
        if status != int(exit_code):
            assert f"awesomelint exited {exit_code}; the step exits {status}" in proc.stdout
    proc = run_script("run.sh", repo.root, {**base, "INPUT_FILES": "clean.md", "INPUT_FAIL": "no"})
    assert proc.returncode == 2 and "the fail input must be 'true' or 'false', not 'no'" in proc.stderr


def test_token_reaches_the_tool_only_through_env_and_no_pypi_install() -> None:
    data = action()
    inputs = data["inputs"]
    assert inputs["token"]["default"] == "${{ github.token }}"
    assert "version" not in inputs  # `awesomelint==VERSION` from PyPI: a name anyone could register
    steps = {s.get("id"): s for s in data["runs"]["steps"]}
    assert steps["run"]["env"]["GITHUB_TOKEN"] == "${{ inputs.token }}"
    for step in data["runs"]["steps"]:
        text = yaml.safe_dump(step)
        if step.get("id") != "run":
            assert "inputs.token" not in text
        assert "pip install awesomelint" not in text
    assert not re.search(r"pip install[^\n]*awesomelint[=<>]", (ROOT / "action" / "install.sh").read_text())
    assert set(data["outputs"]) == {"errors", "warnings", "findings", "report", "exit_code"}
    assert all(o["value"].startswith("${{ steps.run.outputs.") for o in data["outputs"].values())
    caches = [s for s in data["runs"]["steps"] if s.get("uses", "").startswith("actions/cache@")]
    assert [c["with"]["path"] for c in caches] == [
        "${{ steps.keys.outputs.env-dir }}",
        "${{ steps.keys.outputs.cache-dir }}",
    ]


def test_files_one_a_line_and_args_with_shell_quoting(tmp_path: Path) -> None:
    repo = init_repo(tmp_path / "list")
    repo.write("my lists/a list.md", CLEAN.replace("|2024.01|", "|2024-01|"))
    repo.write("other.md", CLEAN.replace("|2024.01|", "|2024-01|"))
    repo.commit("lists")
    env = {
        "AWESOMELINT_BIN": str(AWESOMELINT),
        "GITHUB_EVENT_NAME": "push",
        "INPUT_FILES": "my lists/a list.md\n\n  other.md  \n",
        "INPUT_ONLINE": "false",
        "INPUT_ARGS": '--today 2026-11-29 --select "AL2, AL3"',
    }
    proc = run_script("run.sh", repo.root, env)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert annotations(proc.stdout) == [
        ("my lists/a list.md", 11, 2, "date-format"),
        ("other.md", 11, 2, "date-format"),
    ]
    # quoting is read, never evaluated
    for args in ("--today 2026-11-29 $(touch pwned)", "--today 2026-11-29 `touch pwned`; touch pwned"):
        proc = run_script("run.sh", repo.root, {**env, "INPUT_ARGS": args})
        assert proc.returncode == 2 and not (repo.root / "pwned").exists()
    proc = run_script("run.sh", repo.root, {**env, "INPUT_ARGS": '--select "AL2'})
    assert proc.returncode != 0 and "the args input cannot be read: No closing quotation" in proc.stderr
    proc = run_script("run.sh", repo.root, {**env, "INPUT_DIFF_BASE": "--upload-pack=touch pwned"})
    assert (
        proc.returncode != 0 and "is not a git revision" in proc.stderr and not (repo.root / "pwned").exists()
    )


def test_outputs_and_job_summary(tmp_path: Path) -> None:
    import cmarkgfm
    from cmarkgfm.cmark import Options

    repo = init_repo(tmp_path / "list")
    rows = "".join(f"|2024-{m:02d}|T{m} <b>|x|\n" for m in range(1, 13))  # 12 errors: more than GitHub shows
    repo.write("README.md", f"# L\n\n|Date|Title|Paper|\n|---|---|---|\n|2024.01|A|x|\n{rows}|2024.02|B|\n")
    repo.write(".awesomelint.toml", '[dates]\nformat = "YYYY.MM"\n')
    repo.commit("list")
    output, summary = tmp_path / "output", tmp_path / "summary.md"
    env = {
        "AWESOMELINT_BIN": str(AWESOMELINT),
        "GITHUB_EVENT_NAME": "push",
        "INPUT_ONLINE": "false",
        "INPUT_ARGS": "--today 2026-11-29 --ignore date-order",
        "GITHUB_OUTPUT": str(output),
        "GITHUB_STEP_SUMMARY": str(summary),
        "GITHUB_SERVER_URL": "https://github.com",
        "GITHUB_REPOSITORY": "owner/list",
        "GITHUB_SHA": "0123456789abcdef0123456789abcdef01234567",
    }
    proc = run_script("run.sh", repo.root, env)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    outputs = dict(line.split("=", 1) for line in output.read_text().splitlines())
    assert (outputs["errors"], outputs["warnings"], outputs["findings"]) == ("13", "0", "13")
    report = Path(outputs["report"])
    assert report.name == "report.json" and len(json.loads(report.read_text())["findings"]) == 13
    html = cmarkgfm.github_flavored_markdown_to_html(summary.read_text(), options=Options.CMARK_OPT_UNSAFE)
    assert "<h2>awesomelint</h2>" in html
    assert (
        "GitHub shows at most 10 error and 10 warning annotations per step (50 per job): 3 of these" in html
    )
    assert re.search(r"<td>AL201 <code>date-format</code></td>\n<td[^>]*>12</td>", html)  # count per rule
    assert (
        '<a href="https://github.com/owner/list/blob/0123456789abcdef0123456789abcdef01234567/README.md#L6">'
        "README.md:6:2</a>"
    ) in html
    assert "<b>" not in html  # the list's text is escaped, never rendered
    # with an --output-file in args, that is the report
    output.unlink()
    proc = run_script(
        "run.sh", repo.root, {**env, "INPUT_FORMAT": "sarif", "INPUT_ARGS": "-o out.sarif --exit-zero"}
    )
    assert proc.returncode == 0
    assert "report=out.sarif" in output.read_text().splitlines()


def _workflows() -> list[tuple[str, dict]]:
    """The workflows docs/action.md shows a list maintainer, and the repository's own (docs, release)."""
    text = (ROOT / "docs" / "action.md").read_text(encoding="utf-8")
    found = [
        (path.relative_to(ROOT).as_posix(), yaml.safe_load(path.read_text(encoding="utf-8")))
        for path in sorted((ROOT / ".github" / "workflows").glob("*.yml"))
    ]
    for block in re.findall(r"```yaml\n(.*?)```", text, re.S):
        data = yaml.safe_load(block)
        if isinstance(data, dict) and "jobs" in data:
            found.append((block.splitlines()[0], data))
        elif isinstance(data, dict) and "steps" in data:  # a job's fragment: put it in a workflow
            found.append(
                (
                    block.splitlines()[0],
                    {"on": "push", "jobs": {"lint": {"runs-on": "ubuntu-latest", **data}}},
                )
            )
    return found


def test_the_workflows_and_the_action_validate_against_githubs_schemas() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    from importlib.resources import files

    vendor = files("check_jsonschema.builtin_schemas.vendor")
    workflow_schema = json.loads((vendor / "github-workflows.json").read_text(encoding="utf-8"))
    action_schema = json.loads((vendor / "github-actions.json").read_text(encoding="utf-8"))
    workflows = _workflows()
    assert len(workflows) >= 5
    assert {".github/workflows/docs.yml", ".github/workflows/release.yml"} <= {name for name, _ in workflows}
    for name, data in workflows:
        # YAML reads `on:` as True; GitHub reads it as the key "on"
        data = {("on" if k is True else k): v for k, v in data.items()}
        errors = list(jsonschema.Draft7Validator(workflow_schema).iter_errors(data))
        assert not errors, (name, [e.message for e in errors])
        for job in data["jobs"].values():
            uses = [s for s in job["steps"] if s.get("uses", "").startswith("awesomelint/awesomelint@")]
            for step in uses:
                assert set(step.get("with", {})) <= set(action()["inputs"]), (name, step)
    errors = list(jsonschema.Draft7Validator(action_schema).iter_errors(action()))
    assert not errors, [e.message for e in errors]
