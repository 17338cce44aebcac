"""`awesomelint rules` and `awesomelint explain`, and the rule tables of the README and of the docs
(docs/rules/index.md) kept in step with them."""

from __future__ import annotations

import io
import json
import re

import pytest

from awesomelint.cli import main
from awesomelint.rules import registry

from .conftest import ROOT


def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(args), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


@pytest.mark.parametrize("page", ["README.md", "docs/rules/index.md"])
def test_the_rule_tables_match_the_registry(page: str) -> None:
    """The table of the README and of the docs is `awesomelint rules --format markdown` with each name
    linked to its page (tests/test_docs.py checks the links)."""
    text = (ROOT / page).read_text(encoding="utf-8")
    start, end = "<!-- rules-table-start -->\n", "<!-- rules-table-end -->"
    assert start in text and end in text
    block = text.split(start, 1)[1].split(end, 1)[0]
    code, table, _ = run("rules", "--format", "markdown")
    assert code == 0
    unlinked = re.sub(r"\[(`[a-z-]+`)\]\([^)]*\)", r"\1", block)
    assert unlinked == table, f"{page}'s rule table is stale: run `python scripts/gen_rule_docs.py`"
    assert len(table.splitlines()) == 2 + len(registry().rules)


def test_rules_lists_every_rule_with_its_facts() -> None:
    code, out, _ = run("rules")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split()[:5] == ["CODE", "NAME", "SEVERITY", "ONLINE", "FIX"]
    assert len(lines) == 1 + len(registry().rules)
    for line, rule in zip(lines[1:], registry().rules, strict=True):
        cells = line.split()
        assert cells[:5] == [
            rule.code,
            rule.name,
            rule.severity,
            "yes" if rule.online else "no",
            "yes" if rule.fixable else "no",
        ]
        assert line.endswith(rule.summary)

    code, out, _ = run("rules", "--format", "json")
    assert code == 0
    assert json.loads(out) == [
        {
            "name": r.name,
            "code": r.code,
            "severity": r.severity,
            "online": r.online,
            "fixable": r.fixable,
            "summary": r.summary,
        }
        for r in registry().rules
    ]


@pytest.mark.parametrize("rule", registry().rules, ids=lambda r: r.name)
def test_explain_prints_what_why_and_both_examples(rule: type) -> None:
    for key in (rule.name, rule.code, rule.code.lower()):
        code, out, _ = run("explain", key)
        assert code == 0
        parts = out.split("\n\n")
        assert parts[0] == f"{rule.name} ({rule.code})"
        assert f"default severity {rule.severity}" in out
        for heading, text in (
            ("What it does", rule.what),
            ("Why is this bad?", rule.why),
            ("Example", rule.example),
            ("Use instead", rule.fixed),
        ):
            assert f"\n{heading}\n{text}\n" in out


def test_explain_unknown_rule() -> None:
    code, out, err = run("explain", "no-such-rule")
    assert (code, out) == (2, "")
    assert "no rule named 'no-such-rule'" in err


def test_explain_and_the_rule_pages_say_which_forms_of_entries_a_rule_reads() -> None:
    code, out, _ = run("explain", "date-order")
    assert code == 0
    said = "· reads table rows, list items, HTML table rows, paragraph entries"
    assert said + "\n" in out
    page = (ROOT / "docs" / "rules" / "date-order.md").read_text(encoding="utf-8")
    assert said in page
    code, out, _ = run("explain", "mojibake")  # a rule of the text, not of entries
    assert "reads" not in out.split("\n\n")[1]
    forms = {form for rule in registry().rules for form in rule.entry_forms}
    assert forms <= {"row", "item", "html-row", "paragraph"}
    assert "entries.md" in (ROOT / "README.md").read_text(encoding="utf-8")
