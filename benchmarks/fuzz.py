"""Fuzz awesomelint for N minutes: mutated lists through the parser and every offline rule.

    .venv/bin/python benchmarks/fuzz.py --minutes 10          # --seed 1 to replay a run

Each input must lint without an exception and within --slow seconds (a sign of super-linear time: one
mutation in ten inserts a run of up to 50,000 spaces, tabs, ideographic or no-break spaces, vertical
tabs or form feeds), and its tables must read as GitHub renders them (cmark-gfm, tests/gfm_oracle.py).
Every failure is printed with the input that caused it (as a Python literal, cut to 2,000 characters) and
the run exits 1. The same generators run briefly in CI (tests/test_robustness.py, tests/test_gfm_tables.py).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import time
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.pathological_cases import CASES
from tests.test_gfm_tables import CLASSES, assert_reads_like_github

from awesomelint.engine import lint_bytes
from awesomelint.rules import registry

OFFLINE = [r for r in registry().rules if not r.online]
TODAY = dt.date(2025, 1, 1)
PIECES = [
    "|", "\\|", "\\\\", "[", "]", "(", ")", "![", "<", ">", "<!--", "-->", "`", "```", "---", ":-:", "\n",
    "\n\n", "> ", "- ", "1. ", "    ", "\t", "\u00a0", "\u3000", "é", "Ã©", "https://a.b/", "www.x.y",
    "2024.05", "<br>", "<a id=\"x\"></a>", "[x](#x)", "# H", "<!-- awesomelint-disable -->",
    "<!-- awesomelint-enable -->", "[![b](https://img.shields.io/x.svg)](https://github.com/a/b)",
    # white space GitHub reads as text, or as a line end (issue 25), and the tails that anchor a pattern
    "\v", "\f", "\u2028", "\x85", "\x1c", "\r", "\r\n", "#", " #", "##", "](<", "\"", "'", "<div ",
]  # fmt: skip
#: a long run of white space before an anchored tail: a super-linear pattern shows as a slow input
RUNS = [" ", "\t", "\u3000", "\u00a0", "\v", "\f"]


def mutate(rng: random.Random, text: str) -> str:
    for _ in range(rng.randint(1, 8)):
        i = rng.randint(0, len(text))
        op = rng.random()
        if op < 0.1:
            text = text[:i] + rng.choice(RUNS) * rng.choice([100, 5_000, 50_000]) + text[i:]
        elif op < 0.5:
            text = text[:i] + rng.choice(PIECES) * rng.choice([1, 1, 2, 50]) + text[i:]
        elif op < 0.8:
            j = min(len(text), i + rng.randint(1, 20))
            text = text[:i] + text[j:]
        else:
            j = min(len(text), i + rng.randint(1, 40))
            text = text[:i] + text[i:j] * rng.randint(2, 5) + text[j:]
    return text


def check(text: str, slow: float) -> str | None:
    data = text.encode("utf-8", "surrogatepass")
    start = time.perf_counter()
    try:
        lint_bytes(data, "fuzz.md", rules=OFFLINE, today=TODAY)
        if "\ud800" not in text:
            assert_reads_like_github(text)
    except AssertionError as exc:
        return f"differs from GitHub: {str(exc).splitlines()[0]}"
    except Exception:
        return traceback.format_exc(limit=3)
    elapsed = time.perf_counter() - start
    return f"slow: {elapsed:.1f} s for {len(data)} bytes" if elapsed > slow else None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--slow", type=float, default=5.0, help="seconds that count as a hang (default 5)")
    args = parser.parse_args()
    seed = args.seed if args.seed is not None else random.randrange(1 << 30)
    rng = random.Random(seed)
    seeds = [*CLASSES.values(), *(c.make(20).decode() for c in CASES)]
    corpus = Path(__file__).resolve().parents[2] / "shared" / "corpus"
    if corpus.is_dir():
        seeds += [p.read_text("utf-8", "replace")[:4000] for p in sorted(corpus.glob("*.md"))[:8]]
    deadline = time.monotonic() + args.minutes * 60
    runs = failures = 0
    while time.monotonic() < deadline:
        text = mutate(rng, rng.choice(seeds))
        runs += 1
        problem = check(text, args.slow)
        if problem:
            failures += 1
            shown = repr(text) if len(text) <= 2000 else repr(text[:2000]) + f" ... ({len(text)} characters)"
            print(f"--- failure {failures} (seed {seed}, input {runs}): {problem}\n{shown}", flush=True)
    print(f"{runs} inputs, {failures} failures (seed {seed})")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
