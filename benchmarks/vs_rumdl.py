"""Is awesomelint as fast as a native linter? Whole processes, interleaved, against rumdl in the same run.

    .venv/bin/pip install rumdl
    .venv/bin/python benchmarks/vs_rumdl.py [--repeat 3] [--corpus ../shared/corpus] [--pairs 2000]

rumdl (PyPI ``rumdl``) is a Markdown linter written in Rust, the fastest peer. It keeps a cache of results
by content; a pre-commit run lints files that just changed, so its cache misses: the comparison is with
``rumdl check --no-cache`` (its cached run is printed too). Every case is a separate process, started in
turn with the others (A B C ... A B C ...), so that the load of a shared machine hits every case alike;
the figures are medians, the memory is the peak RSS of the process (``wait4``).

Cases, on the newest DefTruth list of the corpus (322 dated rows) and its repetition 10x and 100x (32k
rows, 9.3 MB):

- start-up: ``python -c pass`` and ``awesomelint --version``;
- pre-commit: ``awesomelint --offline LIST`` and rumdl on the same file;
- scale: the same at 10x and 100x;
- the commands at 10x and 100x: ``--fix`` (on a fresh copy each run), ``--diff``, ``export``,
  ``init --stdout`` (each against the plain lint at 100x, and their growth from 10x);
- ``--fix`` on a table of n rows followed by the same n rows (n = ``--pairs`` and 4x that): every copy
  is removed, so the time must grow with n, not n squared.

It prints the goals of issue 12 and whether each holds. Nothing here runs in CI.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIST = "DefTruth__Awesome-LLM-Inference__README.md"
BIN = Path(sys.executable).parent


#: the children write byte-code caches as an installed package has them (pip compiles at install time)
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
TIME = shutil.which("time", path="/usr/bin:/bin")


def run(cmd: list[str], cwd: Path) -> tuple[float, int]:
    """(seconds, peak RSS in MB) of one process; its output is thrown away. The peak is measured by
    /usr/bin/time (a child forked from this big process would count this process's pages as its own)."""
    report = cwd / ".peak"
    full = [TIME, "-f", "%M", "-o", str(report), *cmd] if TIME else cmd
    start = time.perf_counter()
    proc = subprocess.run(
        full, cwd=cwd, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False
    )
    elapsed = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} exited {proc.returncode}")
    peak = 0
    if TIME:
        lines = report.read_text().split()
        peak = int(lines[-1]) // 1024 if lines else 0
    return elapsed, peak


def pairs_list(n: int) -> str:
    rows = [
        f"|2024.{1 + k * 12 // n:02d}|Paper {k}|[[pdf]](https://arxiv.org/abs/2401.{k:05d})|"
        f"[[code]](https://github.com/o/r{k})|"
        for k in range(n)
    ]
    return "\n".join(["# Pairs", "", "|Date|Title|Paper|Code|", "|---|---|---|---|", *rows, *rows, ""])


class Cases:
    """The commands to time, and a fresh copy of a file before each ``--fix`` run."""

    def __init__(self, tmp: Path, text: str, pairs: int) -> None:
        self.tmp = tmp
        self.al = (
            [str(BIN / "awesomelint")]
            if (BIN / "awesomelint").exists()
            else [sys.executable, "-m", "awesomelint"]
        )
        rumdl = shutil.which("rumdl", path=str(BIN)) or shutil.which("rumdl")
        if rumdl is None:
            raise SystemExit("rumdl is not installed: .venv/bin/pip install rumdl")
        self.rumdl = rumdl
        self.files: dict[str, Path] = {}
        for factor in (1, 10, 100):
            self.files[f"x{factor}"] = self.write(f"x{factor}.md", text * factor)
        for n in (pairs, 4 * pairs):
            self.files[f"pairs{n}"] = self.write(f"pairs{n}.md", pairs_list(n))
        self.pairs = pairs

    def write(self, name: str, text: str) -> Path:
        path = self.tmp / name
        path.write_text(text, encoding="utf-8")
        return path

    def commands(self) -> dict[str, list[str]]:
        al, f = self.al, self.files
        out: dict[str, list[str]] = {
            "python -c pass": [sys.executable, "-c", "pass"],
            "awesomelint --version": [*al, "--version"],
        }
        for size in ("x1", "x10", "x100"):
            out[f"{size} awesomelint --offline"] = [*al, "--offline", str(f[size])]
            out[f"{size} rumdl --no-cache"] = [self.rumdl, "check", "--no-cache", str(f[size])]
        out["x1 rumdl (cached)"] = [self.rumdl, "check", str(f["x1"])]
        for size in ("x10", "x100"):
            out[f"{size} --fix"] = [*al, "--offline", "--fix", str(self.tmp / f"fix-{size}.md")]
            out[f"{size} --diff"] = [*al, "--offline", "--diff", str(f[size])]
            out[f"{size} export"] = [*al, "export", str(f[size])]
            out[f"{size} init --stdout"] = [*al, "init", "--stdout", str(f[size])]
        for n in (self.pairs, 4 * self.pairs):
            out[f"pairs{n} --fix"] = [*al, "--offline", "--fix", str(self.tmp / f"fix-pairs{n}.md")]
        return out

    def prepare(self, name: str) -> None:
        """Before a --fix run: the file it rewrites, as it was."""
        if name in ("x10 --fix", "x100 --fix"):
            size = name.split()[0]
            shutil.copyfile(self.files[size], self.tmp / f"fix-{size}.md")
        elif name.startswith("pairs") and name.endswith("--fix"):
            n = name.split()[0]
            shutil.copyfile(self.files[n], self.tmp / f"fix-{n}.md")


def report(times: dict[str, list[tuple[float, int]]], pairs: int) -> None:
    med = {name: statistics.median(s for s, _ in samples) for name, samples in times.items()}
    peak = {name: max(r for _, r in samples) for name, samples in times.items()}
    print(f"{'case':<28} {'median s':>9} {'min s':>8} {'max s':>8} {'peak MB':>8}")
    for name, samples in times.items():
        secs = [s for s, _ in samples]
        print(f"{name:<28} {med[name]:>9.3f} {min(secs):>8.3f} {max(secs):>8.3f} {peak[name]:>8}")
    lint = med["x100 awesomelint --offline"]
    goals = [
        (
            "pre-commit: x1 / rumdl --no-cache",
            med["x1 awesomelint --offline"] / med["x1 rumdl --no-cache"],
            3.0,
        ),
        (
            "--version / (python -c pass + 20 ms)",
            med["awesomelint --version"] / (med["python -c pass"] + 0.020),
            2.0,
        ),
        ("scale: x100 / rumdl --no-cache", lint / med["x100 rumdl --no-cache"], 1.0),
        (
            "scale: peak MB x100 / rumdl",
            peak["x100 awesomelint --offline"] / peak["x100 rumdl --no-cache"],
            1.0,
        ),
        ("growth: x100 / x10", lint / med["x10 awesomelint --offline"], 11.0),
        ("--fix x100 / lint x100", med["x100 --fix"] / lint, 2.0),
        ("--diff x100 / lint x100", med["x100 --diff"] / lint, 2.0),
        ("export x100 / lint x100", med["x100 export"] / lint, 2.0),
        ("init x100 / lint x100", med["x100 init --stdout"] / lint, 2.0),
        *(
            (f"growth: {cmd} x100 / x10", med[f"x100 {cmd}"] / med[f"x10 {cmd}"], 11.0)
            for cmd in ("--fix", "--diff", "export", "init --stdout")
        ),
        (
            f"--fix pairs {4 * pairs} / {pairs}",
            med[f"pairs{4 * pairs} --fix"] / med[f"pairs{pairs} --fix"],
            4.4,
        ),
    ]
    print(f"\n{'ratio':<40} {'value':>7} {'goal':>7}")
    for label, value, goal in goals:
        print(
            f"{label:<40} {value:>7.2f} {'<= ' + format(goal, 'g'):>7} {'ok' if value <= goal else 'MISSED'}"
        )
    cached = med["x1 awesomelint --offline"] / med["x1 rumdl (cached)"]
    print(
        f"\nfor information: x1 / rumdl's cached run {cached:.2f} (rumdl answers from its cache of results by "
        "content, which a pre-commit run on a file that just changed does not hit)"
    )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    ap.add_argument("--pairs", type=int, default=2000, help="rows of the duplicated table (and 4x that)")
    ap.add_argument("--only", help="comma-separated case names to time (default: all)")
    args = ap.parse_args()
    source = args.corpus / LIST
    if not source.is_file():
        print(f"corpus file not found: {source}", file=sys.stderr)
        return 2
    tmp = Path(tempfile.mkdtemp(prefix="awesomelint-vs-rumdl-"))
    try:
        cases = Cases(tmp, source.read_text(encoding="utf-8"), args.pairs)
        commands = cases.commands()
        if args.only:
            commands = {k: v for k, v in commands.items() if k in args.only.split(",")}
        times: dict[str, list[tuple[float, int]]] = {name: [] for name in commands}
        for name, cmd in commands.items():  # warm the file cache and the byte-code caches
            cases.prepare(name)
            run(cmd, tmp)
        for k in range(args.repeat):
            for name, cmd in commands.items():
                cases.prepare(name)
                times[name].append(run(cmd, tmp))
                print(
                    f"  {k + 1}/{args.repeat} {name}: {times[name][-1][0]:.2f} s", file=sys.stderr, flush=True
                )
        print(f"\n{args.repeat} interleaved runs of each case, whole processes; one copy = {LIST}\n")
        if args.only:
            for name, samples in times.items():
                print(
                    f"{name:<28} {statistics.median(s for s, _ in samples):>9.3f} s {max(r for _, r in samples):>6} MB"
                )
        else:
            report(times, args.pairs)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
