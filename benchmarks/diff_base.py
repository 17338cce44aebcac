"""--diff-base on real history: for each pair of consecutive snapshots of a list in ../shared/corpus, commit
the older one, commit the newer one over it, and compare a full run with `--diff-base HEAD~1`: findings
shown, findings left out, and wall time (median of --repeat runs of the real command).

    python benchmarks/diff_base.py [--repeat 5]

Needs git and ../shared/corpus; makes its repositories under a temporary folder and removes them.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
HISTORY = [
    "DefTruth__Awesome-LLM-Inference__README@2023-12-31.md",
    "DefTruth__Awesome-LLM-Inference__README@2024-06-01.md",
    "DefTruth__Awesome-LLM-Inference__README@2025-01-06.md",
    "DefTruth__Awesome-LLM-Inference__README.md",
]
GIT_ENV = {
    **{k: v for k, v in os.environ.items() if not k.startswith("GIT_")},
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_AUTHOR_NAME": "bench",
    "GIT_AUTHOR_EMAIL": "bench@example.invalid",
    "GIT_COMMITTER_NAME": "bench",
    "GIT_COMMITTER_EMAIL": "bench@example.invalid",
}
LINT = [
    sys.executable,
    "-m",
    "awesomelint",
    "--offline",
    "--isolated",
    "--today",
    "2026-11-29",
    "--format",
    "json",
]


def git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=repo, env=GIT_ENV, check=True, capture_output=True, text=True
    ).stdout


def timed(args: list[str], cwd: Path, repeat: int) -> tuple[float, dict]:
    times = []
    data: dict = {}
    for _ in range(repeat):
        start = time.perf_counter()
        proc = subprocess.run(args, cwd=cwd, capture_output=True, text=True, check=False)
        times.append(time.perf_counter() - start)
        data = json.loads(proc.stdout)
    return statistics.median(times), data


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    if not CORPUS.is_dir() or shutil.which("git") is None:
        print("needs ../shared/corpus and git", file=sys.stderr)
        return 2
    print(f"{'change':<28} {'lines':>14} {'full':>6} {'shown':>6} {'hidden':>6} {'full s':>7} {'diff s':>7}")
    with tempfile.TemporaryDirectory() as tmp:
        for old, new in itertools.pairwise(HISTORY):
            repo = Path(tmp) / new.replace("@", "_")
            repo.mkdir()
            git(repo, "init", "-q")
            shutil.copyfile(CORPUS / old, repo / "README.md")
            git(repo, "add", "README.md")
            git(repo, "commit", "-qm", "old")
            shutil.copyfile(CORPUS / new, repo / "README.md")
            git(repo, "commit", "-qam", "new")
            stat = git(repo, "diff", "--shortstat", "HEAD~1").strip()
            added = stat.split(",")[1].split()[0] if "," in stat else "0"
            removed = stat.split(",")[2].split()[0] if stat.count(",") >= 2 else "0"
            full_s, full = timed([*LINT, "README.md"], repo, args.repeat)
            diff_s, diff = timed([*LINT, "--diff-base", "HEAD~1", "README.md"], repo, args.repeat)
            label = f"{old.split('@')[-1][:10]} -> {new.split('@')[-1][:10] if '@' in new else 'latest'}"
            print(
                f"{label:<28} {'+' + added + ' -' + removed:>14} {len(full['findings']):>6} "
                f"{len(diff['findings']):>6} {diff['summary']['not_shown']:>6} {full_s:>7.2f} {diff_s:>7.2f}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
