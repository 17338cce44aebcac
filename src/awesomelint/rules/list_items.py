"""List items: a line written as an entry of a list that GitHub does not read as a list item."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator

from awesomelint._regex import lazy_compile
from awesomelint.document.model import Document, ListItem
from awesomelint.findings import Finding
from awesomelint.rules.base import Context, Rule

#: a line that opens with a list marker glued to a link (``-[Name](url)``, ``1.**[Title](url)**``): the
#: line break before it, the indentation and quote marks, the marker, then a link's text and the opening of
#: its destination. Each attempt starts at a line break (a literal: the engine finds those fast) and stops
#: at the line's end (``[^\]\n]``): linear in the text.
_GLUED = lazy_compile(r"\n([ \t]*(?:>[ \t]?)*)([-*+]|[0-9]{1,9}[.)])(?=(?:\*\*|__)?\[[^\]\n]*\]\()")
#: how far (in lines) a glued line may stand from an item of the same kind of list to be one of its entries
_NEAR = 2


class GluedListMarker(Rule):
    name = "malformed-list-item"
    code = "AL105"
    severity = "error"
    summary = "A line meant as a list item does not render as one: no space after its marker."
    what = (
        "Finds a line that opens with a list marker glued to a link (`-[Name](url)`, `*[Name](url)`, "
        "`1.[Title](url)`, `-**[Name](url)**`) next to items of a list with the same kind of marker (inside "
        "an item's lines, or at most two lines from one). GitHub needs a space (or a tab) after a marker: "
        "without it the line is no list item, and after an item it is read as the end of that item's "
        "text. A `*` line with another `*` later on is left alone (it may be emphasis), and code is never "
        "read. The fix is to add the space; it is not made automatically, because the line becomes a new "
        "list item, which is for the maintainer to confirm."
    )
    why = (
        "The entry vanishes into the entry above it: GitHub shows `... library. -[Name](url) - Description` "
        "as one item, the list loses an entry, and every check of entries (duplicates, order, shape) skips it."
    )
    example = "- [Oto](https://github.com/hajimehoshi/oto) - Play sound.\n-[Voxray](https://github.com/o/voxray) - Voice agents."
    fixed = "- [Oto](https://github.com/hajimehoshi/oto) - Play sound.\n- [Voxray](https://github.com/o/voxray) - Voice agents."

    def check(self, ctx: Context) -> Iterator[Finding]:
        doc = ctx.doc
        code: set[int] | None = None  # made at the first match: most lists have none
        rows: set[int] = set()
        item_lines: list[int] = []
        for first, chunk in _near_lists(doc):
            line, at_offset = first - 1, 0  # the line of offset ``at_offset`` (matches come in order)
            for match in _GLUED.finditer(chunk):
                line += chunk.count("\n", at_offset, match.start() + 1)
                at_offset = match.start() + 1
                if code is None:
                    code = doc.code_lines()
                    rows = {row.line for table in doc.tables for row in table.rows}
                    item_lines = [item.line for item in doc.list_items]
                if line not in code and line not in rows:
                    yield from self._glued(ctx, item_lines, line, match)

    @staticmethod
    def _glued(ctx: Context, item_lines: list[int], line: int, match: re.Match[str]) -> Iterator[Finding]:
        """The finding of a line that ``match`` found opening with a glued marker, if it is one."""
        marker = match.group(2)
        raw = ctx.doc.lines[line - 1]
        at = len(match.group(1))  # the marker's offset in its line
        rest = raw[at + len(marker) :]
        if marker == "*" and "*" in rest.lstrip("*"):
            return  # *[Name](url)*: emphasis around a link, or it may be
        near = _near_item(ctx.doc, item_lines, line, marker)
        if near is None:
            return
        where = (
            f"GitHub reads the line as the end of the item at line {near.line}"
            if near.line <= line <= near.end_line
            else "GitHub renders the line as text, not as an entry of the list"
        )
        shown = rest if len(rest) <= 30 else rest[:29] + "…"
        yield ctx.report(
            line,
            at + 1,
            f"no space after the list marker {marker!r}: {where}; write {marker + ' ' + shown!r}",
            end_column=at + len(marker) + 2,
        )


def _near_lists(doc: Document) -> Iterator[tuple[int, str]]:
    """(first line, text) of each stretch of the document where a glued line could stand near a list: the
    lines of its top-level lists and :data:`_NEAR` lines around them, each stretch's text with a line
    break before its first line (the pattern opens with one). A list that keeps its entries in
    paragraphs or tables reads only the few lines of its lists, not the whole text."""
    lines, spans = doc.lines, list[list[int]]()
    for item in doc.list_items:
        if item.parent is not None:
            continue
        lo, hi = max(1, item.line - _NEAR), min(len(lines), item.end_line + _NEAR)
        if spans and lo <= spans[-1][1] + 1:
            spans[-1][1] = max(spans[-1][1], hi)
        else:
            spans.append([lo, hi])
    for lo, hi in spans:
        yield lo, "\n" + "\n".join(lines[lo - 1 : hi])


def _same_kind(a: str, b: str) -> bool:
    """Whether two markers make the same kind of list: the same bullet, or numbers with the same
    delimiter."""
    if a[-1] in ".)" and a[:-1].isdigit():
        return b[-1] == a[-1] and b[:-1].isdigit()
    return a == b


def _near_item(doc: Document, item_lines: list[int], line: int, marker: str) -> ListItem | None:
    """The list item with a marker of ``marker``'s kind whose lines hold ``line`` or end at most
    :data:`_NEAR` lines above it, or that starts at most :data:`_NEAR` lines below it; None when there is
    none."""
    items = doc.list_items
    k = bisect_right(item_lines, line + _NEAR)
    below: ListItem | None = None
    for index in range(k - 1, max(-1, k - 1 - 8), -1):  # the few items that start just around the line
        item = items[index]
        if not _same_kind(item.marker, marker):
            continue
        if item.line > line:
            below = item
        elif item.end_line + _NEAR >= line:
            return item  # it holds the line, or ends just above it
        elif item.parent is None:
            break  # a top-level item that ends above: no item before it reaches the line
    return below


RULES: list[type[Rule]] = [GluedListMarker]
