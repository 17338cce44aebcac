"""``awesomelint rules`` and ``awesomelint explain``: what each rule is."""

from __future__ import annotations

import json
from typing import TextIO

from awesomelint.commands import UsageError
from awesomelint.rules import registry


def list_rules(fmt: str, out: TextIO) -> None:
    """Every rule as a table (``text``), JSON or the README's Markdown table."""
    rules = registry().rules
    if fmt == "markdown":
        out.write(rules_markdown())
    elif fmt == "json":
        records = [
            {
                "name": r.name,
                "code": r.code,
                "severity": r.severity,
                "online": r.online,
                "fixable": r.fixable,
                "summary": r.summary,
            }
            for r in rules
        ]
        json.dump(records, out, indent=2)
        out.write("\n")
    else:
        width = max(20, *(len(r.name) for r in rules))
        out.write(f"{'CODE':<7} {'NAME':<{width}} {'SEVERITY':<8} {'ONLINE':<6} {'FIX':<3}  SUMMARY\n")
        for r in rules:
            out.write(
                f"{r.code:<7} {r.name:<{width}} {r.severity:<8} {'yes' if r.online else 'no':<6} "
                f"{'yes' if r.fixable else 'no':<3}  {r.summary}\n"
            )


def rules_markdown() -> str:
    """The rule table of the README."""
    lines = ["| Code | Name | Severity | Online | Fixable | What it finds |", "|---|---|---|---|---|---|"]
    for r in registry().rules:
        lines.append(
            f"| {r.code} | `{r.name}` | {r.severity} | {'yes' if r.online else 'no'} | "
            f"{'yes' if r.fixable else 'no'} | {r.summary} |"
        )
    return "\n".join(lines) + "\n"


def explain(rule_name: str, out: TextIO) -> None:
    """A rule's documentation: what, why, example, fix."""
    rule = registry().get(rule_name)
    if rule is None:
        raise UsageError(f"awesomelint explain: no rule named {rule_name!r} (see `awesomelint rules`)")
    out.write(rule.doc())
