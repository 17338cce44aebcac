"""How long --fix, export and init take beside a plain lint, on a generated list and on the corpus.

    python benchmarks/fix_export_init.py [--rows 20000] [--repeat 3]

The generated list has tables of 50 rows in YYYY.MM, with one row in twenty moved, one in fifty written
as YYYY-MM and one in a hundred copied: every pass of the fixer has work to do. Times are the best of
``--repeat`` runs, in seconds, in this process (no start-up cost).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import time
from collections.abc import Callable
from pathlib import Path

from awesomelint.commands.export import entries
from awesomelint.commands.init import infer_config
from awesomelint.config import Config
from awesomelint.document.analysis import analyse
from awesomelint.document.parse import parse_bytes
from awesomelint.engine import lint_bytes, selected_rules
from awesomelint.engine.fix import fix_bytes

TODAY = dt.date(2026, 11, 29)
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


def generate(rows: int, seed: int = 1) -> bytes:
    rnd = random.Random(seed)
    out = ["# Generated list", ""]
    n = 0
    while n < rows:
        out += [f"## Section {n // 50}", "", "|Date|Title|Paper|Code|", "|---|---|---|---|"]
        body = []
        for k in range(50):
            month = 1 + (k * 12) // 50
            date = f"2024.{month:02d}" if rnd.random() > 0.02 else f"2024-{month:02d}"
            body.append(
                f"|{date}|Paper {n + k}|[[pdf]](https://arxiv.org/abs/2401.{n + k:05d})|"
                f"[[code]](https://github.com/o/r{n + k}) ![](https://img.shields.io/github/stars/o/r{n + k}.svg)|"
            )
        for _ in range(len(body) // 20):
            body.insert(rnd.randrange(len(body)), body.pop(rnd.randrange(len(body))))
        for _ in range(max(len(body) // 100, 1)):
            i = rnd.randrange(len(body))
            body.insert(i + 1, body[i])
        out += [*body, ""]
        n += 50
    return "\n".join(out).encode()


def best(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def measure(name: str, data: bytes, repeat: int) -> None:
    config = Config()
    rules = selected_rules(config)
    lint = best(lambda: lint_bytes(data, name, config, rules, today=TODAY), repeat)
    outcome = fix_bytes(data, name, config, rules, TODAY)
    fix = best(lambda: fix_bytes(data, name, config, rules, TODAY), repeat)

    def export() -> None:
        doc = parse_bytes(data, name)
        list(entries(doc, analyse(doc, config.hints(), TODAY)))

    exp = best(export, repeat)
    init = best(lambda: infer_config(parse_bytes(data, name), TODAY), 1)
    rows = sum(len(t.rows) for t in parse_bytes(data, name).tables)
    print(
        f"{name[:48]:<48} {rows:>6} {lint:>7.3f} {fix:>7.3f} {outcome.passes:>6} {outcome.fixed:>6} "
        f"{exp:>7.3f} {init:>7.3f}"
    )


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--rows", type=int, default=20000)
    p.add_argument("--repeat", type=int, default=3)
    args = p.parse_args()
    print(
        f"{'file':<48} {'rows':>6} {'lint':>7} {'--fix':>7} {'passes':>6} {'fixed':>6} {'export':>7} {'init':>7}"
    )
    measure(f"generated ({args.rows} rows)", generate(args.rows), args.repeat)
    if CORPUS.is_dir():
        for path in sorted(CORPUS.glob("*.md")):
            measure(path.name, path.read_bytes(), args.repeat)


if __name__ == "__main__":
    main()
