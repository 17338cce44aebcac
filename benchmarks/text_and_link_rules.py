"""Cost of the rules of issue 6 (broken-anchor, empty-link, arxiv-date, mojibake) on real lists.

Run by hand (not in CI), from the repository root, with ../shared/corpus present:

    python benchmarks/text_and_link_rules.py [--repeat 5]

For the 93 KB DefTruth list, its 100x repetition (34,200 table rows, 9.3 MB), the mojibake list and its 100x
repetition it prints the best-of-N time of: markdown-it-py's block parse of the text (the parser
awesomelint uses, inline phase off, tables as markdown-it builds them) and its full parse (block + inline),
awesomelint's own parse, the whole offline lint (and the lint without the four new rules), the shared analysis (date column and format, ...), and
each new rule alone on the parsed and analysed document. The whole lint must stay well under markdown-it's
block parse.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import time
from pathlib import Path

from awesomelint.config import Config
from awesomelint.document.analysis import analyse
from awesomelint.document.parse import parse_document
from awesomelint.engine import lint_document, selected_rules
from awesomelint.rules import Context, registry

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"
TODAY = dt.date(2026, 11, 29)
NEW_RULES = ("broken-anchor", "empty-link", "arxiv-date", "mojibake")


def best(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        gc.collect()
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    gc.disable()  # as the CLI does: the model is many small acyclic objects
    from markdown_it import MarkdownIt

    block_md = MarkdownIt("commonmark", {"html": True}).enable("table").disable("inline")
    full_md = MarkdownIt("commonmark", {"html": True}).enable("table")
    config = Config()
    rules = selected_rules(config)
    reg = registry()
    names = {
        "DefTruth (93 KB)": "DefTruth__Awesome-LLM-Inference__README.md",
        "mojibake list (74 KB)": "DefTruth__Awesome-LLM-Inference__README@2024-09-mojibake.md",
    }
    print(
        f"{'input':<32} {'rows':>7} {'md-it block':>11} {'md-it full':>11} {'parse':>8} {'lint all':>9} "
        f"{'w/o new':>11}  per new rule"
    )
    for label, name in names.items():
        text = (CORPUS / name).read_text(encoding="utf-8")
        for times, suffix in ((1, ""), (100, " x100")):
            big = text * times
            rep = args.repeat if times == 1 else max(1, args.repeat // 2)
            doc = parse_document(big, name)
            rows = sum(len(t.rows) for t in doc.tables)
            t_block = best(lambda big=big: block_md.parse(big), rep)
            t_full = best(lambda big=big: full_md.parse(big), rep) if times == 1 else None
            t_parse = best(lambda big=big, name=name: parse_document(big, name), rep)
            t_lint = best(lambda doc=doc: lint_document(doc, config, rules, today=TODAY), rep)
            old_rules = [r for r in rules if r.name not in NEW_RULES]
            t_old = best(lambda doc=doc, old=old_rules: lint_document(doc, config, old, today=TODAY), rep)
            ctx = Context(doc=doc, config=config, today=TODAY)
            t_info = best(lambda doc=doc: analyse(doc, config.hints(), TODAY), rep)
            _ = ctx.info  # the shared analysis, computed once per document by the engine
            per_rule = [f"(analysis {t_info * 1000:.0f})"]
            for rule_name in NEW_RULES:
                rule = reg.get(rule_name)
                assert rule is not None
                ctx.rule = rule
                t = best(lambda ctx=ctx, rule=rule: list(rule().check(ctx)), rep)
                per_rule.append(f"{rule_name} {t * 1000:.1f}")
            full = f"{t_full * 1000:.0f}ms" if t_full is not None else "-"
            print(
                f"{label + suffix:<32} {rows:>7} {t_block * 1000:>9.0f}ms {full:>11} "
                f"{t_parse * 1000:>6.0f}ms {t_lint * 1000:>7.0f}ms {t_old * 1000:>9.0f}ms  "
                + ", ".join(per_rule)
                + " (ms)"
            )


if __name__ == "__main__":
    main()
