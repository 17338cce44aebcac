"""Time every pathological-input generator at n and 4n and print the ratio (4 is linear).

    .venv/bin/python benchmarks/pathological.py            # all generators
    .venv/bin/python benchmarks/pathological.py --only nested --scale 2 --timeout 60

Each case lints the generated document with every offline rule and builds its entry model with every
entry's roles, in this process (the median of
``--repeat`` runs), with the garbage collector off during the lint as the CLI runs it (with it on, the
collector's full passes over the growing heap, not the linter, make the big cases look superlinear). A case slower than ``--timeout`` seconds is reported as a timeout. The cases are the
reproductions of issue 15; tests/test_pathological.py runs each once with a generous time bound.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import signal
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from awesomelint.engine import lint_bytes
from awesomelint.rules import registry
from pathological_cases import CASES, entry_roles

OFFLINE = [r for r in registry().rules if not r.online]
TODAY = dt.date(2025, 1, 1)


class _Timeout(Exception):
    pass


def _alarm(_signum: int, _frame: object) -> None:
    raise _Timeout


def _warm_up() -> None:
    """Pay the one-off costs (lazy imports, compiled patterns) before any case is timed."""
    text = "# t\n\n| a | b |\n|---|---|\n| [x](https://a.b) | `c` <!-- d --> \u00c3\u00a9 |\n"
    lint_bytes(text.encode(), "w.md", rules=OFFLINE, today=TODAY)


def _time(data: bytes, timeout: float, repeat: int) -> float | None:
    times = []
    for _ in range(repeat):
        gc.collect()
        gc.disable()  # as the CLI lints (cli._collector_off)
        signal.setitimer(signal.ITIMER_REAL, timeout)
        start = time.perf_counter()
        try:
            lint_bytes(data, "case.md", rules=OFFLINE, today=TODAY)
            entry_roles(data)  # the entry model and every entry's roles (no rule reads them yet)
        except _Timeout:
            return None
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            gc.enable()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", help="run the cases whose name contains this")
    parser.add_argument("--scale", type=float, default=1.0, help="multiply every n (default 1)")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds per run (default 30)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per size, median (default 3)")
    args = parser.parse_args()
    signal.signal(signal.SIGALRM, _alarm)
    _warm_up()
    print(f"{'case':<28} {'n':>8} {'bytes':>10} {'t(n) s':>9} {'t(4n) s':>9} {'ratio':>6}")
    worst = 0.0
    for case in CASES:
        if args.only and args.only not in case.name:
            continue
        n = max(1, int(case.n * args.scale))
        small, big = case.make(n), case.make(4 * n)
        t1 = _time(small, args.timeout, args.repeat)
        t4 = _time(big, args.timeout, args.repeat) if t1 is not None else None
        ratio = t4 / t1 if t1 and t4 else float("inf")
        worst = max(worst, ratio)
        fmt = lambda t: "timeout" if t is None else f"{t:.3f}"  # noqa: E731
        print(f"{case.name:<28} {n:>8} {len(big):>10} {fmt(t1):>9} {fmt(t4):>9} {ratio:>6.1f}", flush=True)
    print(f"worst ratio: {worst:.1f} (4 is linear)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
