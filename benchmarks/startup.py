"""Start-up: a pre-commit-sized run, before and after a change, as whole processes, interleaved.

    .venv/bin/python benchmarks/startup.py --baseline REV [--current REV] [--runs 21] [--file PATH]

Extracts the ``src/`` tree of the git revision REV into ``benchmarks/.work/`` and times, interleaved, as
separate processes: ``python -m awesomelint --offline FILE`` from REV's source and from the working tree's
(each through ``PYTHONPATH``, the same interpreter and installed dependencies), ``awesomelint --version``
from both, and ``python -c pass`` (the floor of any Python command). Prints the median, minimum and
maximum of each and the ratio of the working tree (or ``--current REV``) to REV. Byte-code caches are
written and used as on a user's machine (``PYTHONDONTWRITEBYTECODE`` is dropped from the environment:
with it every run would compile the package from source). The default FILE is the newest DefTruth list of
``../shared/corpus`` (322 dated rows), the size of a list a pre-commit hook lints on every commit.
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import subprocess
import sys
import tarfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "benchmarks" / ".work"
CORPUS_FILE = ROOT.parent / "shared" / "corpus" / "DefTruth__Awesome-LLM-Inference__README.md"


def extract(rev: str) -> Path:
    """REV's ``src/`` folder under benchmarks/.work/startup-REV (extracted once)."""
    sha = subprocess.run(
        ["git", "rev-parse", "--short", rev], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout.strip()
    dest = WORK / f"startup-{sha}"
    if not (dest / "src" / "awesomelint").is_dir():
        archive = subprocess.run(
            ["git", "archive", "--format=tar", sha, "src"], cwd=ROOT, check=True, capture_output=True
        ).stdout
        dest.mkdir(parents=True, exist_ok=True)
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(dest, filter="data")
    return dest / "src"


def run(cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    proc = subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    elapsed = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} exited {proc.returncode}")
    return elapsed


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--baseline", required=True, metavar="REV", help="git revision to compare with")
    ap.add_argument("--current", metavar="REV", help="git revision to measure instead of the working tree")
    ap.add_argument("--runs", type=int, default=21)
    ap.add_argument("--file", type=Path, default=CORPUS_FILE)
    args = ap.parse_args()
    if not args.file.is_file():
        raise SystemExit(f"no such file: {args.file} (pass --file)")
    sources = {"baseline": extract(args.baseline), "current": ROOT / "src"}
    py = sys.executable
    cases: dict[str, tuple[list[str], dict[str, str]]] = {
        "python -c pass": ([py, "-c", "pass"], dict(os.environ))
    }
    for label, src in sources.items():
        env = {**os.environ, "PYTHONPATH": str(src)}
        cases[f"{label}: --offline FILE"] = ([py, "-m", "awesomelint", "--offline", str(args.file)], env)
        cases[f"{label}: --version"] = ([py, "-m", "awesomelint", "--version"], env)
    times: dict[str, list[float]] = {name: [] for name in cases}
    for cmd, env in cases.values():  # warm the file cache and the byte-code caches
        run(cmd, env)
    for i in range(args.runs):
        for name, (cmd, env) in cases.items():
            times[name].append(run(cmd, env))
        print(f"run {i + 1}/{args.runs}", file=sys.stderr, end="\r")
    print(file=sys.stderr)
    print(f"{args.runs} interleaved runs; file {args.file.name}; baseline {args.baseline}")
    print(f"{'case':<32} {'median':>8} {'min':>8} {'max':>8}")
    for name, values in times.items():
        print(f"{name:<32} {statistics.median(values):8.3f} {min(values):8.3f} {max(values):8.3f}")
    for what in ("--offline FILE", "--version"):
        ratio = statistics.median(times[f"current: {what}"]) / statistics.median(times[f"baseline: {what}"])
        print(f"current / baseline, {what}: {ratio:.3f}")


if __name__ == "__main__":
    main()
