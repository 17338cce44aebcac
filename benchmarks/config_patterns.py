"""Time a configuration's hostile URL patterns and globs at n and 4n and print the ratio (4 is linear).

    .venv/bin/python benchmarks/config_patterns.py              # n = 10000 (URL) and 100 (file name)
    .venv/bin/python benchmarks/config_patterns.py --n 20 --timeout 30

A pull request writes the configuration file and the URLs (or file names) its patterns run on (issue 25):
``(a+)+$`` on a 34-character URL ran past 300 s with Python's ``re``, ``*a*a*a*a*a*a*a*b`` took 9 s on a
48-character file name. Each case reads the pattern from a real configuration file, as a run does, and
times the call a run makes (the median of ``--repeat`` calls); a case slower than ``--timeout`` seconds is
reported as a timeout. tests/test_trust.py runs the same patterns once with a generous bound.
"""

from __future__ import annotations

import argparse
import signal
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from awesomelint.config import Config, load_config
from awesomelint.config.base import compile_globs

#: (name, configuration, the subject of size n, the call a run makes on it)
CASES: list[tuple[str, str, Callable[[int], str], Callable[[Config, str], object]]] = [
    (
        "links.exclude (a+)+$",
        '[links]\nexclude = ["(a+)+$"]\n',
        lambda n: "https://example.com/" + "a" * n + "!",
        lambda c, url: c.links.excluded(url),
    ),
    (
        "links.exclude (a*)*b",  # not anchored at the end: the whole URL is read
        '[links]\nexclude = ["(a*)*b"]\n',
        lambda n: "https://example.com/" + "a" * n + "!",
        lambda c, url: c.links.excluded(url),
    ),
    (
        "links.accept (a|aa)+$",
        '[links]\naccept = {"(a|aa)+$" = [403]}\n',
        lambda n: "https://example.com/" + "a" * n + "!",
        lambda c, url: c.links.accepted(url),
    ),
    (
        "exclude *a*a*a*a*a*a*a*b",
        'exclude = ["*a*a*a*a*a*a*a*b"]\n',
        lambda n: "a" * n + "bc",  # a path relative to the configuration's folder, as excludes() makes it
        lambda c, rel: compile_globs(tuple(c.exclude)).match_file(rel),
    ),
]


class _Timeout(Exception):
    pass


def _alarm(_signum: int, _frame: object) -> None:
    raise _Timeout


def _time(call: Callable[[], object], timeout: float, repeat: int) -> float | None:
    times = []
    for _ in range(repeat):
        signal.setitimer(signal.ITIMER_REAL, timeout)
        start = time.perf_counter()
        try:
            call()
        except _Timeout:
            return None
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=0, help="the size n of every case (default: per case)")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--timeout", type=float, default=60.0)
    args = parser.parse_args()
    signal.signal(signal.SIGALRM, _alarm)
    print(f"{'case':28} {'n':>6} {'t(n)':>11} {'t(4n)':>11} ratio")
    with tempfile.TemporaryDirectory() as tmp:
        for i, (name, text, make, run) in enumerate(CASES):
            path = Path(tmp) / str(i) / ".awesomelint.toml"
            path.parent.mkdir()
            path.write_text(text, encoding="utf-8")
            config = load_config(path)
            n = args.n or (100 if name.startswith("exclude") else 10_000)
            run(config, make(1))  # the pattern compiled, the engine loaded
            subjects = make(n), make(4 * n)
            small, big = (
                _time(lambda s=s: run(config, s), args.timeout, args.repeat)  # noqa: B023 - called at once
                for s in subjects
            )
            show = [f"{t * 1e6:9.1f}us" if t is not None else "  timeout  " for t in (small, big)]
            ratio = f"{big / small:5.1f}" if small and big else "  -"
            print(f"{name:28} {n:>6} {show[0]:>11} {show[1]:>11} {ratio}")


if __name__ == "__main__":
    main()
