"""Link syntax that GitHub does not render as meant: targets without a scheme, spaces, nested links."""

from __future__ import annotations

from collections.abc import Iterator

from awesomelint._regex import lazy_compile
from awesomelint.document.link_syntax import Damage, html_block_damage, link_damage, text_damage
from awesomelint.findings import Finding, Fix
from awesomelint.rules.base import Context, Rule, expected_found

_COMMENT = lazy_compile(r"<!--.*?(?:-->|$)")


def _blank_comments(text: str) -> str:
    """The line with its HTML comments blanked out (same length, so columns stay)."""
    return _COMMENT.sub(lambda m: " " * len(m.group(0)), text) if "<!--" in text else text


def _message(d: Damage, html_line: int | None) -> str:
    shown = d.target if len(d.target) <= 80 else d.target[:79] + "…"
    if d.cause == "schemeless":
        return (
            f"link target {shown!r} is a web address without a scheme: GitHub opens it as a path in the "
            "repository, which does not exist: " + expected_found(repr(d.fixed), repr(d.target))
        )
    if d.cause == "glued":
        return (
            f"link target {shown!r} runs the host into its path (no '/' after it): the host does not exist: "
            + expected_found(repr(d.fixed), repr(d.target))
        )
    if d.cause == "email":
        return (
            f"link target {shown!r} is an e-mail address without 'mailto:': GitHub opens it as a path in "
            "the repository: " + expected_found(repr(d.fixed), repr(d.target))
        )
    if d.cause == "nested":
        return (
            f"a link is written inside the link target {shown!r}: GitHub makes one garbled address of it; "
            "write the URL once"
        )
    if d.cause == "bracket":
        return (
            f"link target {shown!r} starts with a stray '[': GitHub makes a garbled address of it: "
            + expected_found(repr(d.fixed) if d.fixed else "the URL alone", repr(d.target))
        )
    if d.cause == "space":
        return (
            f"space inside the link target {shown!r}: GitHub prints the link as text; remove the space "
            "(or write it as %20, or wrap the target in <...>)"
        )
    if d.cause == "gap":
        return "space between ']' and '(': GitHub prints the link as text; remove the space"
    return (
        f"Markdown link inside the HTML block that starts at line {html_line}: GitHub prints it as text; "
        "leave a blank line after the HTML, or write the link as <a href>"
    )


class MalformedLink(Rule):
    name = "malformed-link"
    code = "AL405"
    severity = "error"
    summary = "Link syntax that GitHub renders as text or as a link to the wrong place."
    fixable = True
    what = (
        "Finds links that GitHub does not render as their author meant: a target that is a web address "
        "without a scheme (`[x](github.com/o/r)`, `[x](www.site.org)`: GitHub opens it as a path in the "
        "repository; fix: prefix `https://`), an e-mail address without `mailto:` (fix: prefix it), a link "
        "written inside a link target (`[code]([https://a.org](https://a.org))`), a well-known host run into "
        "its path (`https://github.comacme/repo`: fix: `https://github.com/acme/repo`), a space inside the target "
        "(`[pdf](https://arxiv.org/abs/ 2401.00001)`) or between `]` and `(` before a URL, and Markdown links "
        "on the lines of an HTML block (a `<div>` up to the next blank line), which GitHub prints as text. "
        "Targets in `<...>` (which may hold spaces), escaped brackets, footnotes (`[^1](note)`), code spans "
        "and `www.` addresses written as plain text are not reported: GitHub renders them as intended."
    )
    why = (
        "Readers see raw Markdown, or click a link that leads to a 404 page of the repository; the entry "
        "looks fine in the editor."
    )
    example = "|2024.05|X|[[pdf]](https://arxiv.org/abs/ 2405.04434)|[[code]](github.com/o/x)|"
    fixed = "|2024.05|X|[[pdf]](https://arxiv.org/abs/2405.04434)|[[code]](https://github.com/o/x)|"

    def check(self, ctx: Context) -> Iterator[Finding]:
        doc = ctx.doc
        skip = doc.code_lines()
        html_start: dict[int, int] = {}
        for block in doc.html_blocks:
            if not block.text.lstrip().startswith("<!--"):
                html_start.update(dict.fromkeys(range(block.line, block.end_line + 1), block.line))
            else:
                skip.update(range(block.line, block.end_line + 1))
        found: list[Damage] = []
        parsed: dict[int, int] = {}  # line -> inline links and images the parser read on it
        for link in ctx.all_links:
            line = link.line
            if line in skip or line in html_start:
                continue
            kind = link.kind
            if kind == "link" or kind == "image":
                parsed[line] = parsed.get(line, 0) + 1
            elif kind != "autolink" and kind != "bare":
                continue
            damage = link_damage(link)
            if damage is not None:
                found.append(damage)
        for number, raw in enumerate(doc.lines, 1):
            if "]" not in raw or ("](" not in raw and "] " not in raw and "]\t" not in raw) or number in skip:
                continue
            if number in html_start:
                found.extend(html_block_damage(_blank_comments(raw), number))
            elif raw.count("](") != parsed.get(number, 0) or "] (" in raw or "]\t(" in raw:
                found.extend(text_damage(_blank_comments(raw), number))
        fixes = _line_fixes(ctx, found)
        for d in found:
            yield ctx.report(
                d.line,
                d.column,
                _message(d, html_start.get(d.line)),
                end_line=d.line,
                end_column=d.end_column,
                fix=fixes.get(d.line) if d.fixed is not None else None,
            )


def _line_fixes(ctx: Context, found: list[Damage]) -> dict[int, Fix]:
    """One fix per line that rewrites every fixable target of the line (so one pass fixes them all)."""
    by_line: dict[int, list[Damage]] = {}
    for d in found:
        if d.fixed is not None:
            by_line.setdefault(d.line, []).append(d)
    out: dict[int, Fix] = {}
    for number, damages in by_line.items():
        line = ctx.doc.lines[number - 1]
        for d in sorted(damages, key=lambda d: d.target_column, reverse=True):
            start = d.target_column - 1
            if line[start : start + len(d.target)] != d.target or d.fixed is None:
                break
            line = line[:start] + d.fixed + line[start + len(d.target) :]
        else:
            what = ", ".join(f"{d.target} as {d.fixed}" for d in damages)
            out[number] = Fix(line=number, end_line=number, replacement=[line], description=f"rewrite {what}")
    return out


RULES: list[type[Rule]] = [MalformedLink]
