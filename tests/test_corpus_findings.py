"""Every finding of every corpus list, exactly: position, rule, severity, message and fix.

``tests/test_corpus.py`` pins how many findings each rule has on each list (judged by hand); this test pins
each finding itself, so that a change meant to be invisible (a faster model, scanner or rule) cannot move a
column, reword a message or change a fix without a test failing. The expectation is stored in
``tests/fixtures/corpus-findings.txt``, one line per finding; the messages and fix replacements quote the
lists, so they are stored as digests (the corpus is not copied into the repository).

A change that is meant to change findings (a new rule, a fixed false alarm) rewrites the file with

    .venv/bin/python -m tests.test_corpus_findings

and the diff of that file is part of the review: every added or removed line is a finding to look at.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

from awesomelint.config import default_config
from awesomelint.engine import lint_bytes, selected_rules
from awesomelint.findings import Finding

from .conftest import CORPUS, FIXTURES, TODAY

EXPECTED = FIXTURES / "corpus-findings.txt"


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def describe(name: str, f: Finding) -> str:
    """One line that changes when anything a user sees of the finding (or its fix) changes."""
    fix = "-"
    if f.fix is not None:
        fix = f"{f.fix.kind}:{f.fix.line}-{f.fix.end_line}:{_digest(chr(10).join(f.fix.replacement))}"
    related = ",".join(map(str, f.related_lines)) or "-"
    span = f"{f.span[0]}-{f.span[1]}" if f.span else "-"
    return (
        f"{name}:{f.line}:{f.column}:{f.end_line}:{f.end_column} {f.code} {f.rule} {f.severity} "
        f"fixable={int(f.fixable)} msg={_digest(f.message)} fix={fix} related={related} span={span}"
    )


def corpus_lines(corpus: Path) -> list[str]:
    config = default_config()
    # the corpus holds each list without its repository: missing-file is judged on the real trees instead
    # (see tests/test_corpus.py)
    rules = [r for r in selected_rules(config) if r.name != "missing-file"]
    out: list[str] = []
    for path in sorted(corpus.glob("*.md")):
        result = lint_bytes(path.read_bytes(), path.name, config, rules, today=TODAY)
        assert result.error is None, (path.name, result.error)
        out.extend(describe(path.name, f) for f in result.findings)
    return out


def test_every_finding_of_the_corpus_is_as_stored(corpus: Path) -> None:
    expected = EXPECTED.read_text(encoding="utf-8").splitlines()
    actual = corpus_lines(corpus)
    missing = sorted(set(expected) - set(actual))
    new = sorted(set(actual) - set(expected))
    assert not missing and not new, (
        "findings changed (rewrite with `python -m tests.test_corpus_findings` if meant):\n"
        + "\n".join([*(f"- {x}" for x in missing[:20]), *(f"+ {x}" for x in new[:20])])
    )
    assert actual == expected  # the same findings, in the same order


if __name__ == "__main__":
    if not CORPUS.is_dir():
        sys.exit(f"no corpus at {CORPUS}")
    lines = corpus_lines(CORPUS)
    EXPECTED.write_text("".join(f"{x}\n" for x in lines), encoding="utf-8")
    print(f"wrote {len(lines)} findings to {EXPECTED}")
