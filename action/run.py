"""GitHub Action helper: run awesomelint as the action's inputs say, then hand its results to the workflow
(outputs, job summary). Only the standard library: it runs on the interpreter awesomelint was installed with.

Every input arrives in an environment variable (never pasted into a script) and becomes one argument of one
program: nothing passes through a shell or ``eval``.

  INPUT_FILES      files or folders, one a line (spaces allowed in a name); default README.md
  INPUT_CONFIG     a config file
  INPUT_ONLINE     'false' adds --offline
  INPUT_DIFF_BASE  a revision; empty: the pull request's base (PR_BASE_SHA) on pull_request events;
                   'none': every line
  INPUT_FORMAT     output format (default github)
  INPUT_ARGS       more arguments, split with shell-like quoting (``--select "AL2,AL3"``), never evaluated
  INPUT_CACHE_DIR  the folder of the link cache (kept between runs by actions/cache)
  INPUT_FAIL       'false': findings never fail the step (a usage error or a crash still does)
  INPUT_FAIL_ON_WARNING  'true': warnings fail the step too, not only errors
  AWESOMELINT_BIN  the awesomelint to run (default: the one on PATH)
  GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, RUNNER_TEMP   as GitHub Actions sets them

Outputs: ``errors``, ``warnings``, ``findings`` (counts), ``report`` (the path of the JSON report, or of
the ``--output-file`` given in ``args``) and ``exit_code`` (awesomelint's own: 0 clean, 1 findings that fail,
2 a usage error or a crash). The step's own exit status is awesomelint's, as the ``fail`` and
``fail-on-warning`` inputs adjust it (see :func:`step_status`).
"""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path

#: annotations GitHub shows per step for each kind (error, warning), and per job
STEP_LIMIT, JOB_LIMIT = 10, 50


def say(message: str) -> None:
    print(f"awesomelint: {message}", flush=True)


def base_revision(env: dict[str, str]) -> str:
    base = env.get("INPUT_DIFF_BASE", "").strip()
    if not base and env.get("GITHUB_EVENT_NAME") in ("pull_request", "pull_request_target"):
        base = env.get("PR_BASE_SHA", "").strip()
    if base.startswith("-"):  # never an option of git
        raise SystemExit(f"awesomelint: diff-base {base!r} is not a git revision")
    return "" if base == "none" else base


def fetch_if_missing(base: str) -> None:
    """A shallow checkout (actions/checkout's default) lacks the base commit: fetch just that commit."""
    have = subprocess.run(["git", "cat-file", "-e", f"{base}^{{commit}}"], capture_output=True, check=False)
    if have.returncode == 0:
        return
    say(f"fetching {base}, the revision to compare with")
    fetched = subprocess.run(
        ["git", "fetch", "--quiet", "--no-tags", "--depth=1", "origin", base], check=False
    )
    if fetched.returncode != 0:
        say(f"could not fetch {base}; awesomelint will say what is missing")


def files_of(env: dict[str, str]) -> list[str]:
    files = [line.strip() for line in env.get("INPUT_FILES", "").splitlines() if line.strip()]
    return files or ["README.md"]


def output_file(extra: list[str]) -> str | None:
    """The --output-file (-o) that ``args`` name, if any."""
    for i, arg in enumerate(extra):
        if arg in ("--output-file", "-o") and i + 1 < len(extra):
            return extra[i + 1]
        if arg.startswith("--output-file="):
            return arg.split("=", 1)[1]
        if arg.startswith("-o") and len(arg) > 2:
            return arg[2:]
    return None


def command(env: dict[str, str], work: Path) -> tuple[list[str], list[str]]:
    """The awesomelint command line, and the extra arguments it was given."""
    try:
        extra = shlex.split(env.get("INPUT_ARGS", ""))
    except ValueError as exc:
        raise SystemExit(f"awesomelint: the args input cannot be read: {exc}") from None
    args = [env.get("AWESOMELINT_BIN") or "awesomelint", "--format", env.get("INPUT_FORMAT") or "github"]
    base = base_revision(env)
    if base:
        fetch_if_missing(base)
        args += ["--diff-base", base]
    if env.get("INPUT_CONFIG"):
        args += ["--config", env["INPUT_CONFIG"]]
    online = env.get("INPUT_ONLINE", "true") != "false"
    if not online:
        args.append("--offline")
    elif env.get("INPUT_CACHE_DIR"):
        args += ["--cache-dir", env["INPUT_CACHE_DIR"]]
    args += ["--report", f"json={work / 'report.json'}", "--report", f"markdown={work / 'summary.md'}"]
    return [*args, *extra, "--", *files_of(env)], extra


def limits_note(report: dict) -> str:
    """What GitHub does not show as annotations, said in the summary."""
    findings = report.get("findings", [])
    errors = sum(1 for f in findings if f.get("severity") == "error")
    warnings = len(findings) - errors
    hidden = max(0, errors - STEP_LIMIT) + max(0, warnings - STEP_LIMIT)
    if not hidden:
        return ""
    return (
        f"> [!NOTE]\n> GitHub shows at most {STEP_LIMIT} error and {STEP_LIMIT} warning annotations per step "
        f"({JOB_LIMIT} per job): {hidden} of these {len(findings)} findings appear only in this summary "
        "and in the log.\n\n"
    )


def read_report(work: Path) -> dict | None:
    """The JSON report of the run; None after a usage error (awesomelint said why on stderr)."""
    try:
        report = json.loads((work / "report.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return report if isinstance(report, dict) else None


def flag(env: dict[str, str], name: str, default: bool) -> bool:
    """A boolean input: 'true' or 'false' (any case); anything else is a usage error."""
    value = env.get(name, "").strip().lower()
    if not value:
        return default
    if value not in ("true", "false"):
        input_name = name.removeprefix("INPUT_").lower().replace("_", "-")
        print(f"awesomelint: the {input_name} input must be 'true' or 'false', not {value!r}", file=sys.stderr)
        raise SystemExit(2)
    return value == "true"


def step_status(code: int, report: dict | None, fail: bool, fail_on_warning: bool) -> int:
    """The step's exit status: awesomelint's ``code``, except that ``fail`` false never fails on findings
    and ``fail_on_warning`` also fails on warnings. A usage error or a crash (2) always fails."""
    if code not in (0, 1):
        return code
    if not fail:
        return 0
    warnings = ((report or {}).get("summary") or {}).get("warnings", 0)
    return 1 if code == 1 or (fail_on_warning and warnings) else 0


def publish(env: dict[str, str], work: Path, extra: list[str], code: int, report: dict | None) -> None:
    """The outputs and the job summary, from the reports of the run."""
    outputs: dict[str, object] = {"exit_code": code}
    if report is not None:
        findings = report.get("findings", [])
        summary = report.get("summary", {})
        outputs.update(
            errors=summary.get("errors", 0),
            warnings=summary.get("warnings", 0),
            findings=len(findings),
            report=output_file(extra) or str(work / "report.json"),
        )
    if env.get("GITHUB_OUTPUT"):
        with Path(env["GITHUB_OUTPUT"]).open("a", encoding="utf-8") as out:
            out.writelines(f"{key}={value}\n" for key, value in outputs.items())
    if report is None:
        return
    if env.get("GITHUB_STEP_SUMMARY"):
        try:
            text = (work / "summary.md").read_text(encoding="utf-8")
        except OSError:
            return
        parts = text.split("\n\n", 2)  # the title, the summary line, the tables: the note after the line
        if len(parts) == 3:
            text = f"{parts[0]}\n\n{parts[1]}\n\n{limits_note(report)}{parts[2]}"
        with Path(env["GITHUB_STEP_SUMMARY"]).open("a", encoding="utf-8") as out:
            out.write(text)


def main() -> int:
    env = dict(os.environ)
    root = env.get("RUNNER_TEMP") or tempfile.gettempdir()
    Path(root).mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="awesomelint-", dir=root))
    fail, fail_on_warning = flag(env, "INPUT_FAIL", True), flag(env, "INPUT_FAIL_ON_WARNING", False)
    args, extra = command(env, work)
    print(shlex.join(["awesomelint", *args[1:]]), flush=True)
    try:
        code = subprocess.run(args, check=False).returncode
    except OSError as exc:
        say(f"cannot run {args[0]}: {exc.strerror or exc}")
        publish(env, work, extra, 2, None)
        return 2
    report = read_report(work)
    publish(env, work, extra, code, report)
    status = step_status(code, report, fail, fail_on_warning)
    if status != code:
        why = "fail is 'false'" if not fail else "fail-on-warning is 'true' and there are warnings"
        say(f"awesomelint exited {code}; the step exits {status} ({why})")
    return status


if __name__ == "__main__":
    sys.exit(main())
