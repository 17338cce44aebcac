"""Do lists of entries (bullets, paragraphs, HTML tables) lint as fast as tables? Whole processes against
rumdl, interleaved (issue 22 §4).

    .venv/bin/pip install rumdl
    .venv/bin/python benchmarks/entries_vs_rumdl.py [--repeat 5] [--corpus ../shared/corpus/bullets]
    .venv/bin/python benchmarks/entries_vs_rumdl.py --callgrind        # instruction counts as well

The list is the largest Markdown file of the bullets corpus (``--list NAME`` picks another); the cases are
``awesomelint --offline`` (the default rules, which read the entry model) and ``rumdl check --no-cache`` on
that list and on its 10-fold copy, each a separate process, started in turn (A B C D, A B C D, ...) so that
the load of the shared machine hits each alike; the figures are medians of ``--repeat`` runs after one
warm-up round. The goals: the list within 3x of rumdl, its 10-fold copy within 1x. ``--callgrind`` adds
``valgrind --tool=callgrind``'s instruction count of each awesomelint case (one run: the count repeats on a
noisy machine where times do not). The ratios of ``benchmarks/vs_rumdl.py`` (the table list) are that
script's to check. Nothing here runs in CI.
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from vs_rumdl import BIN, ENV, ROOT, run  # the same process timing as the table benchmark

CORPUS = ROOT.parent / "shared" / "corpus" / "bullets"
GOALS = {"x1": 3.0, "x10": 1.0}


def _awesomelint() -> list[str]:
    exe = BIN / "awesomelint"
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "awesomelint"]


def _rumdl() -> str:
    found = shutil.which("rumdl", path=str(BIN)) or shutil.which("rumdl")
    if found is None:
        raise SystemExit("rumdl is not installed: .venv/bin/pip install rumdl")
    return found


def largest(corpus: Path) -> Path:
    files = sorted(corpus.glob("*.md"), key=lambda p: p.stat().st_size)
    if not files:
        raise SystemExit(f"no Markdown files in {corpus}")
    return files[-1]


def instructions(cmd: list[str], cwd: Path) -> int:
    """valgrind's count of the instructions the process ran (its children's included)."""
    out = cwd / "callgrind.out"
    proc = subprocess.run(
        ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", *cmd],
        cwd=cwd,
        env=ENV,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        check=False,
    )
    found = re.search(r"Collected : ([0-9]+)", proc.stderr)
    if proc.returncode not in (0, 1) or found is None:
        raise SystemExit(f"callgrind failed on {' '.join(cmd)}:\n{proc.stderr[-2000:]}")
    return int(found.group(1))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--list", help="a file name of the corpus (default: its largest)")
    ap.add_argument("--callgrind", action="store_true", help="also count awesomelint's instructions")
    args = ap.parse_args()
    if not args.corpus.is_dir():
        print(f"corpus not found: {args.corpus}", file=sys.stderr)
        return 2
    source = args.corpus / args.list if args.list else largest(args.corpus)
    text = source.read_text(encoding="utf-8")
    al, rumdl = _awesomelint(), _rumdl()
    tmp = Path(tempfile.mkdtemp(prefix="awesomelint-entries-vs-rumdl-"))
    try:
        files = {}
        for size, factor in (("x1", 1), ("x10", 10)):
            files[size] = tmp / f"{size}.md"
            files[size].write_text(text * factor, encoding="utf-8")
        commands = {}
        for size, path in files.items():
            commands[f"{size} awesomelint --offline"] = [*al, "--offline", str(path)]
            commands[f"{size} rumdl --no-cache"] = [rumdl, "check", "--no-cache", str(path)]
        for cmd in commands.values():  # warm the file cache and the byte-code caches
            run(cmd, tmp)
        times: dict[str, list[float]] = {name: [] for name in commands}
        for k in range(args.repeat):
            for name, cmd in commands.items():
                times[name].append(run(cmd, tmp)[0])
                print(f"  {k + 1}/{args.repeat} {name}: {times[name][-1]:.2f} s", file=sys.stderr, flush=True)
        med = {name: statistics.median(samples) for name, samples in times.items()}
        size_kb = len(text.encode("utf-8")) / 1024
        print(
            f"\n{args.repeat} interleaved runs of each case, whole processes; x1 = {source.name} ({size_kb:.0f} KB)\n"
        )
        print(f"{'case':<28} {'median s':>9} {'min s':>8} {'max s':>8}")
        for name, samples in times.items():
            print(f"{name:<28} {med[name]:>9.3f} {min(samples):>8.3f} {max(samples):>8.3f}")
        print(f"\n{'ratio':<40} {'value':>7} {'goal':>7}")
        for size, goal in GOALS.items():
            value = med[f"{size} awesomelint --offline"] / med[f"{size} rumdl --no-cache"]
            verdict = "ok" if value <= goal else "MISSED"
            print(
                f"{size + ' awesomelint / rumdl --no-cache':<40} {value:>7.2f} {'<= ' + format(goal, 'g'):>7} {verdict}"
            )
        if args.callgrind:
            print()
            for size, path in files.items():
                count = instructions([*al, "--offline", str(path)], tmp)
                print(f"callgrind {size} awesomelint --offline: {count:,} instructions")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
