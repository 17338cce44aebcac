"""``awesomelint rules`` and ``awesomelint explain``: what each rule is."""

from __future__ import annotations

import json
from typing import TextIO

from awesomelint.commands import UsageError
from awesomelint.rules import Rule, registry


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


def rules_markdown(link: str | None = None) -> str:
    """The rule table of the README and of the docs: with ``link`` (``"docs/rules/{name}.md"``), each
    name links to the rule's page."""
    lines = ["| Code | Name | Severity | Online | Fixable | What it finds |", "|---|---|---|---|---|---|"]
    for r in registry().rules:
        name = f"[`{r.name}`]({link.format(name=r.name)})" if link else f"`{r.name}`"
        lines.append(
            f"| {r.code} | {name} | {r.severity} | {'yes' if r.online else 'no'} | "
            f"{'yes' if r.fixable else 'no'} | {r.summary} |"
        )
    return "\n".join(lines) + "\n"


def rule_page(rule: type[Rule]) -> str:
    """The rule's page of the documentation site (docs/rules/NAME.md): its documentation, as ``explain``
    prints it, and how to turn it off."""
    return (
        f"{rule.doc_markdown(level=1)}\n"
        "## Select, ignore, suppress\n\n"
        f"Name it `{rule.name}` or `{rule.code}` in `--select`, `--ignore`, `select`, `ignore`, `severity` and "
        f"`per-file-ignores` (see [Configuration](../configuration.md)), and in a suppression comment "
        f"(see [Suppressing a finding](../suppressing.md)):\n\n"
        f"```markdown\n<!-- awesomelint-disable-next-line {rule.name} -->\n```\n"
    )


def explain(rule_name: str, out: TextIO) -> None:
    """A rule's documentation: what, why, example, fix."""
    rule = registry().get(rule_name)
    if rule is None:
        raise UsageError(f"awesomelint explain: no rule named {rule_name!r} (see `awesomelint rules`)")
    out.write(rule.doc())
