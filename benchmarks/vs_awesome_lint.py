"""awesome-lint and awesomelint's awesome profile, side by side on the bullets corpus (issue 23 §4).

For each list, both tools lint the same copy of it, ``readme.md`` alone in a fresh git repository (no
contributing guide, no licence file, no remote: the repository rules of both see the same nothing), and
the script prints awesome-lint's count, awesomelint's count (the default rules and the awesome profile,
``--select ALL,AWESOME --offline``), and how many of awesome-lint's findings awesomelint also makes: a
finding of awesomelint on the same line. Then, over the corpus, the same for each rule of awesome-lint, so
that its noise classes (undefined references, the spell check, ...) show as rules awesomelint does not
follow.

awesome-lint is the npm package; install it outside the repository and give its path, or put it on PATH:

    npm install --prefix /work/wt/awesome-npm awesome-lint
    .venv/bin/python benchmarks/vs_awesome_lint.py --awesome-lint /work/wt/awesome-npm/node_modules/.bin/awesome-lint
    .venv/bin/python benchmarks/vs_awesome_lint.py --corpus ../shared/corpus/bullets --only awesome-go

awesome-lint runs with ``--reporter benchmarks/awesome_lint_reporter.mjs`` (its messages as JSON). Its
``github`` rule asks GitHub's API about the list's remote; the repository has none, so it says "must
reside in a valid git repository" and asks nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
REPORTER = HERE / "awesome_lint_reporter.mjs"
INSTALL = "npm install --prefix DIR awesome-lint  (then --awesome-lint DIR/node_modules/.bin/awesome-lint)"
GIT_ENV = {"GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull}
#: awesome-lint's rules and the awesomelint rules that find the same defect: a finding of awesome-lint is
#: "also made" when one of these reports its line; a rule not listed here (a style of remark-lint: table
#: pipe alignment, list marker style; the spell check) has no counterpart, and its findings are not
SAME_DEFECT = {
    "awesome-badge": {"awesome-badge"},
    "awesome-heading": {"awesome-badge"},
    "awesome-contributing": {"contributing-guide"},
    "awesome-license": {"license-section"},
    "awesome-no-ci-badge": {"ci-badge"},
    "no-repeat-item-in-description": {"description-repeats-name"},
    "awesome-list-item": {"awesome-entry-shape"},
    "double-link": {"duplicate-entry"},
    "awesome-github": {"awesome-repository"},
    "no-undefined-references": {"malformed-link", "empty-link"},
    "no-multiple-toplevel-headings": {"awesome-badge"},
    "awesome-toc": {"broken-anchor"},
}


def find_awesome_lint(given: str | None) -> str:
    found = given or shutil.which("awesome-lint")
    if not found or not Path(found).exists():
        sys.exit(f"awesome-lint not found ({given or 'not on PATH'}); install it with: {INSTALL}")
    return found


def awesomelint_command() -> list[str]:
    venv = ROOT / ".venv" / "bin" / "awesomelint"
    return [str(venv)] if venv.exists() else [sys.executable, "-m", "awesomelint"]


def run_awesome_lint(tool: str, folder: Path) -> list[dict[str, object]]:
    proc = subprocess.run(
        [tool, "readme.md", "--reporter", str(REPORTER)],
        cwd=folder,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, **GIT_ENV, "CI": "1"},
    )
    start = proc.stdout.find("[")
    if start < 0:
        sys.exit(f"awesome-lint gave no report in {folder}: {proc.stderr.strip()[:500]}")
    found: list[dict[str, object]] = json.loads(proc.stdout[start:])
    return [m for m in found if m.get("file") == "readme.md"]


def run_awesomelint(folder: Path) -> list[dict[str, object]]:
    proc = subprocess.run(
        [
            *awesomelint_command(),
            "--offline",
            "--select",
            "ALL,AWESOME",
            "--output-format",
            "json",
            "readme.md",
        ],
        cwd=folder,
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode not in (0, 1):
        sys.exit(f"awesomelint failed in {folder}: {proc.stderr.strip()[:500]}")
    data = json.loads(proc.stdout)
    findings: list[dict[str, object]] = data if isinstance(data, list) else data["findings"]
    return findings


def matches(
    theirs: list[dict[str, object]], ours: list[dict[str, object]]
) -> list[tuple[dict[str, object], bool]]:
    """Each awesome-lint finding, and whether an awesomelint finding of its line, of a rule that finds the
    same defect (:data:`SAME_DEFECT`), matches it; each of ours matches one of theirs."""
    free: dict[int, list[str]] = {}
    for finding in ours:
        free.setdefault(int(str(finding["line"])), []).append(str(finding["rule"]))
    out = []
    for message in theirs:
        line, rule = message.get("line"), str(message.get("rule"))
        candidates = free.get(line, []) if isinstance(line, int) else []
        wanted = SAME_DEFECT.get(rule, set())
        hit = next((r for r in candidates if r in wanted), None)
        if hit is not None:
            candidates.remove(hit)
        out.append((message, hit is not None))
    return out


def fresh_repository(list_path: Path, into: Path) -> Path:
    folder = into / list_path.stem
    folder.mkdir()
    shutil.copyfile(list_path, folder / "readme.md")
    subprocess.run(["git", "init", "-q"], cwd=folder, check=True, env={**os.environ, **GIT_ENV})
    return folder


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    corpus = Path(os.environ.get("AWESOMELINT_CORPUS") or ROOT.parent / "shared" / "corpus") / "bullets"
    parser.add_argument("--corpus", type=Path, default=corpus, help="a folder of lists (*.md)")
    parser.add_argument("--awesome-lint", help="the awesome-lint executable (default: on PATH)")
    parser.add_argument("--only", help="lint only the lists whose file name contains this")
    args = parser.parse_args(argv)
    tool = find_awesome_lint(args.awesome_lint)
    lists = sorted(p for p in args.corpus.glob("*.md") if not args.only or args.only in p.name)
    if not lists:
        sys.exit(f"no lists in {args.corpus}")
    per_rule: Counter[str] = Counter()
    per_rule_also: Counter[str] = Counter()
    ours_per_rule: Counter[str] = Counter()
    totals = [0, 0, 0]
    print(f"{'list':<52} {'awesome-lint':>12} {'awesomelint':>11} {'also made':>9}")
    with tempfile.TemporaryDirectory() as tmp:
        for path in lists:
            folder = fresh_repository(path, Path(tmp))
            theirs = run_awesome_lint(tool, folder)
            ours = run_awesomelint(folder)
            also = 0
            for message, matched in matches(theirs, ours):
                rule = str(message.get("rule"))
                per_rule[rule] += 1
                if matched:
                    also += 1
                    per_rule_also[rule] += 1
            ours_per_rule.update(str(f["rule"]) for f in ours)
            totals = [totals[0] + len(theirs), totals[1] + len(ours), totals[2] + also]
            print(f"{path.name[:52]:<52} {len(theirs):>12} {len(ours):>11} {also:>9}")
    print(f"{'total':<52} {totals[0]:>12} {totals[1]:>11} {totals[2]:>9}")
    print("\nawesome-lint's findings by rule, and how many awesomelint also makes (same line):")
    for rule, count in per_rule.most_common():
        same = ", ".join(sorted(SAME_DEFECT.get(rule, ()))) or "(no counterpart: a style, or noise)"
        print(f"  {rule:<34} {count:>6} {per_rule_also[rule]:>6}  {same}")
    print("\nawesomelint's findings by rule:")
    for rule, count in ours_per_rule.most_common():
        print(f"  {rule:<40} {count:>6}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
