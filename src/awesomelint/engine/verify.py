"""Proof that a fix lost nothing (:func:`verify`): the fixed document is compared with the original entry
by entry, through the origin and the edits :class:`~awesomelint.engine.buffer.Buffer` remembers of every
line. A row that vanished without being an intended deletion of an identical copy, a row that changed
beyond the intended edit, a row that moved to another table, a table or heading that appeared or vanished,
a list item that lost or gained a line, left its list or its parent, or whose own lines changed order, a date
rewrite outside a table that is not an entry's date rewritten as the same date, each raises
:class:`~awesomelint.engine.buffer.FixError`, which refuses the whole fix.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from awesomelint.document.analysis import DocInfo, TableInfo, analyse
from awesomelint.document.date_reading import entry_spellings, read_in_format
from awesomelint.document.dates import DateValue, reinterpret
from awesomelint.document.model import Document, ListItem, Row
from awesomelint.engine.buffer import Buffer, FixError
from awesomelint.rules.duplicates import item_signature

if TYPE_CHECKING:
    from awesomelint.config import Config
    from awesomelint.document.anchors import Anchor


def _date_of(info: DocInfo, tinfo: TableInfo, row: Row) -> tuple[str, DateValue | None] | None:
    found = tinfo.date_text(row)
    if found is None:
        return None
    text = found[0]
    value = info.read_date(text, tinfo)
    fmt = tinfo.date_format or info.date_format
    if value is None and fmt is not None:
        value = reinterpret(text, fmt, info.today)
    return text, value


def _squash(text: str) -> str:
    return " ".join(text.split())


def _compare_rows(
    before: Row,
    after: Row,
    kinds: frozenset[str],
    t0: TableInfo,
    t1: TableInfo,
    i0: DocInfo,
    i1: DocInfo,
    copy: bool = False,
) -> str | None:
    """Why ``after`` is not ``before`` changed only as intended (or, with ``copy``, is not a copy of it
    up to spacing and the intended edits); None when it is."""
    if before.text == after.text:
        return None  # the same text splits into the same cells: a moved row, or one the fixes left alone
    if len(before.cells) != len(after.cells):
        return f"it has {len(after.cells)} cells instead of {len(before.cells)}"
    if "edit" in kinds:
        return None  # a text fix (mojibake, a moved link) may change any cell; the row stays a row
    date_col = t0.date_col if "date" in kinds else None
    norm = _squash if copy else str
    for a, b in zip(before.cells, after.cells, strict=True):
        if a.index != date_col:
            if norm(a.text) != norm(b.text):
                return f"cell {a.index + 1} changed from {a.text!r} to {b.text!r}"
            continue
        d0, d1 = _date_of(i0, t0, before), _date_of(i1, t1, after)
        if d0 is None or d1 is None or d0[1] is None or d1[1] is None or d0[1] != d1[1]:
            return f"its date changed from {a.text!r} to {b.text!r}"
        if norm(a.text.replace(d0[0], "", 1)) != norm(b.text.replace(d1[0], "", 1)):
            return f"its date cell changed from {a.text!r} to {b.text!r} beyond the date"
    return None


def verify(before: Document, after: Document, buf: Buffer, config: Config, today: dt.date) -> None:
    """Check that ``after`` holds every entry of ``before``, changed only as the applied fixes intend;
    raise :class:`FixError` naming the first difference otherwise."""
    _verify_blocks(before, after, buf)
    if any("toc" in kinds for kinds in buf.edits):
        _verify_toc(before, after, buf)
    _verify_items(before, after, buf)
    _verify_removed_items(before, after, buf)
    i0, i1 = analyse(before, config.hints(), today), analyse(after, config.hints(), today)
    rows_before = {row.line - 1: (table.index, row) for table in before.tables for row in table.rows}
    kept = _verify_rows(after, buf, i0, i1, rows_before)
    _verify_removed(buf, i0, rows_before, kept)
    table_rows = {row.line for table in after.tables for row in table.rows}
    dated = [ln for ln, kinds in enumerate(buf.edits, 1) if "date" in kinds and ln not in table_rows]
    if dated:
        _verify_entry_dates(before, after, buf, (i0, i1), dated)


def _verify_entry_dates(
    before: Document, after: Document, buf: Buffer, infos: tuple[DocInfo, DocInfo], lines: list[int]
) -> None:
    """Each of ``lines`` (of the fixed text, outside tables, rewritten by a date fix) holds the date of the
    entry it held, as the same date, and nothing else of the line changed."""
    dates0, dates1 = _entry_dates(before, infos[0]), _entry_dates(after, infos[1])
    for ln in lines:
        origin = buf.origin[ln - 1] + 1
        d0, d1 = dates0.get(origin), dates1.get(ln)
        if d0 is None:
            raise FixError(f"line {origin} holds no entry's date: a date rewrite must rewrite one")
        if d1 is None or d0[1] is None or d0[1] != d1[1]:
            raise FixError(f"the entry at line {origin} would change: its date is not the same date")
        old, new = before.lines[origin - 1], after.lines[ln - 1]
        if old.replace(d0[0], "", 1) != new.replace(d1[0], "", 1):
            raise FixError(f"the entry at line {origin} would change beyond its date: {new!r}")


def _entry_dates(doc: Document, info: DocInfo) -> dict[int, tuple[str, DateValue | None]]:
    """The date of each dated entry outside Markdown tables, by its line: its text and its value in its
    group's format (or read in another format when it has one reading only)."""
    # lazy: only a fix of an entry's date needs the entry model (start-up of a run that fixes tables)
    from awesomelint.document.entries import document_entries

    out: dict[int, tuple[str, DateValue | None]] = {}
    for group in document_entries(doc, info).groups:
        fmt = group.scheme.date_format if not group.skipped and group.kind != "table" else None
        if fmt is None:
            continue
        roles = [e.roles for e in group.entries if not e.skipped and e.roles.date]
        others = entry_spellings([r.date for r in roles if r.date], fmt, info.today)
        for r in roles:
            text = r.date or ""
            value = read_in_format(text, fmt, info.today, True, others)[0] or reinterpret(
                text, fmt, info.today
            )
            out[r.date_line] = (text, value)
    return out


def _verify_blocks(before: Document, after: Document, buf: Buffer) -> None:
    """The same tables, code blocks and headings, the headings unchanged but by an intended edit."""
    if len(after.tables) != len(before.tables):
        raise FixError(f"the fixed text has {len(after.tables)} tables instead of {len(before.tables)}")
    if len(after.code_blocks) != len(before.code_blocks):
        raise FixError("the fixed text has another number of code blocks")
    if len(after.sections) != len(before.sections):
        raise FixError("the fixed text has another number of headings")
    heading_at = {s.line - 1: s for s in before.sections}
    for s in after.sections:
        old = heading_at.get(buf.origin[s.line - 1])
        if old is None or (old.title != s.title and not buf.edits[s.line - 1]):
            raise FixError(f"the heading at line {s.line} ({s.title!r}) was changed or moved")


def _verify_items(before: Document, after: Document, buf: Buffer) -> None:
    """The same list items (GitHub's ``<li>``s), matched by the original line each starts on: each with
    the same lines (less the rows a fix deleted), its own lines in their order, in the same list, under
    the same parent item, with the same marker; a line no fix edited keeps its text."""
    for i, text in enumerate(after.lines):
        if not buf.edits[i] and text != before.lines[buf.origin[i]]:
            raise FixError(f"line {buf.origin[i] + 1} changed without a fix that edits it")
    old_items, new_items = before.list_items, after.list_items
    staying = [i for i in old_items if i.line - 1 not in buf.deleted]  # not removed as an exact copy
    added = {k for k, item in enumerate(new_items) if buf.origin[item.line - 1] < 0}  # ToC entries
    if len(new_items) - len(added) != len(staying):
        raise FixError(f"the fixed text has {len(new_items)} list items instead of {len(staying)}")
    if len({i.list_start for i in new_items}) != len({i.list_start for i in staying}):
        raise FixError("the fixed text has another number of lists")
    by_origin = {item.line - 1: k for k, item in enumerate(old_items)}
    match: list[int] = []  # the original item of each item of the fixed text
    first_kept: dict[int, int] = {}  # the first item of each list that is no new entry
    for n, item in enumerate(new_items):
        if n in added:
            match.append(-1)
            continue
        first_kept.setdefault(item.list_start, n)
        k = by_origin.pop(buf.origin[item.line - 1], None)
        if k is None:
            raise FixError(f"line {buf.origin[item.line - 1] + 1} became a list item")
        match.append(k)
    owner = [-1] * len(after.lines)  # the innermost item of each line (a parent comes before its items)
    for k, item in enumerate(new_items):
        owner[item.line - 1 : item.end_line] = [k] * (item.end_line - item.line + 1)
    rows = {row.line - 1 for table in after.tables for row in table.rows}  # their order is the tables'
    last_own: dict[int, int] = {}
    for i, k in enumerate(owner):
        if k >= 0 and i not in rows and buf.origin[i] >= 0:
            if buf.origin[i] < last_own.get(k, -1):
                raise FixError(f"the lines of the item at line {old_items[match[k]].line} changed order")
            last_own[k] = buf.origin[i]
    for item, k in zip(new_items, match, strict=True):
        if k < 0:
            continue
        old = old_items[k]
        why = ""
        kept = {ln for ln in range(old.line - 1, old.end_line) if ln not in buf.deleted}
        if sorted(o for o in buf.origin[item.line - 1 : item.end_line] if o >= 0) != sorted(kept):
            why = "its lines changed"
        elif (item.parent is None) != (old.parent is None) or (
            item.parent is not None and match[item.parent] != old.parent
        ):
            why = "it moved to another parent item"
        elif old_items[match[first_kept[item.list_start]]].list_start != old.list_start:
            why = "it moved to another list"
        elif item.marker != old.marker and not buf.edits[item.line - 1]:
            why = f"its marker changed from {old.marker!r} to {item.marker!r}"
        if why:
            raise FixError(f"the list item at line {old.line} would change: {why}")


def _verify_toc(before: Document, after: Document, buf: Buffer) -> None:
    """The lists of the table of contents the fixes rewrote hold their items as before, each nested in
    the same item, and new items of one link each to a heading of the fixed text."""
    # lazy: only a fix of the table of contents needs the anchors and the entry model (start-up)
    from awesomelint.document.anchors import document_anchors, find_anchor
    from awesomelint.document.toc import in_page_fragment

    old_items = {item.line - 1: item for item in before.list_items}
    headings: dict[str, Anchor] = {}
    for anchor in document_anchors(after):
        if anchor.source == "heading":
            headings.setdefault(anchor.slug.lower(), anchor)
    added = 0
    for item in after.list_items:
        if "toc" not in buf.edits[item.line - 1]:
            continue
        origin = buf.origin[item.line - 1]
        parent = None if item.parent is None else buf.origin[after.list_items[item.parent].line - 1]
        if origin == -1:
            added += 1
            links = [link for link in after.links if link.line == item.line]
            fragment = in_page_fragment(links[0].url) if len(links) == 1 else None
            if not fragment or find_anchor(fragment, headings) is None:
                raise FixError(f"the new table of contents entry at line {item.line} links no heading")
            continue
        old = old_items.get(origin)
        old_parent = None if old is None or old.parent is None else before.list_items[old.parent].line - 1
        if old is None or parent != old_parent:
            raise FixError(f"the table of contents entry at line {origin + 1} would change its place")
    if len(after.list_items) != len(before.list_items) + added:
        raise FixError("the fixed table of contents has another number of entries")


_RowsByOrigin = dict[int, tuple[int, Row]]  # 0-based original line -> (table index, row)


def _verify_rows(
    after: Document, buf: Buffer, i0: DocInfo, i1: DocInfo, rows_before: _RowsByOrigin
) -> set[int]:
    """Every row of the fixed text comes from a row of the same table, changed only as intended; returns
    the original lines of the rows kept."""
    kept: set[int] = set()
    for t_before, t_after in zip(i0.tables, after.tables, strict=True):
        header_origin = buf.origin[t_after.line - 1]
        if header_origin != t_before.table.line - 1 or (
            t_after.header_names != t_before.table.header_names and not buf.edits[t_after.line - 1]
        ):
            raise FixError(f"the header of the table at line {t_before.table.line} was changed or moved")
        for row in t_after.rows:
            origin = buf.origin[row.line - 1]
            if origin not in rows_before:
                raise FixError(f"line {origin + 1} became a table row")
            index, old = rows_before[origin]
            if index != t_after.index:
                raise FixError(f"the entry at line {old.line} moved to another table")
            why = _compare_rows(old, row, buf.edits[row.line - 1], i0.tables[index], i1.tables[index], i0, i1)
            if why:
                raise FixError(f"the entry at line {old.line} would change: {why}")
            kept.add(origin)
    return kept


def _verify_removed(buf: Buffer, i0: DocInfo, rows_before: _RowsByOrigin, kept: set[int]) -> None:
    """Every row that is gone was an intended removal of an identical copy of a row that is kept."""
    final_edits = {buf.origin[i]: buf.edits[i] for i in range(len(buf.origin))}
    for origin, (index, old) in rows_before.items():
        if origin in kept:
            continue
        if origin not in buf.deleted:
            raise FixError(f"the entry at line {old.line} would be lost")
        # follow the copies to the row that is kept, and compare the two as they were in the original
        twin, kinds = buf.deleted[origin]
        seen = {origin}
        while twin in buf.deleted and twin not in seen:
            seen.add(twin)
            kinds = kinds | buf.deleted[twin][1]
            twin = buf.deleted[twin][0]
        if twin not in kept or rows_before[twin][0] != index:
            raise FixError(f"the entry at line {old.line} would be removed without a copy kept")
        kinds = kinds | final_edits.get(twin, frozenset())
        t0 = i0.tables[index]
        why = _compare_rows(rows_before[twin][1], old, kinds, t0, t0, i0, i0, copy=True)
        if why:
            raise FixError(f"the entry at line {old.line} would be removed, but it is not a copy: {why}")


def _verify_removed_items(before: Document, after: Document, buf: Buffer) -> None:
    """Every item that is gone was an intended removal, with its nested items and continuation lines, of
    an exact copy of an earlier item of its list that is kept, and every list stays as loose or tight as
    it was."""
    start_of = {item.line - 1: k for k, item in enumerate(before.list_items)}
    # (_verify_items found every one; an entry a ToC fix added, origin -1, was in no list before)
    kept = {
        start_of[buf.origin[item.line - 1]] for item in after.list_items if buf.origin[item.line - 1] >= 0
    }
    removed_from: set[int] = set()  # the original first lines of the lists that lost an item
    for k, old in enumerate(before.list_items):
        if k not in kept and (old.parent is None or old.parent in kept):
            _verify_removed_item(before, buf, k, kept, start_of)
            removed_from.add(before.list_items[old.list_start].line - 1)
    if not removed_from:
        return
    loose_before = _loose_lists(before.list_items, None)
    for start, loose in _loose_lists(after.list_items, buf.origin).items():
        if start in removed_from and loose != loose_before[start]:
            raise FixError(f"the list at line {start + 1} would turn {'loose' if loose else 'tight'}")


def _verify_removed_item(
    before: Document, buf: Buffer, k: int, kept: set[int], start_of: dict[int, int]
) -> None:
    """The item ``k`` of ``before`` (whose parent is kept) is gone: it must be a removed exact copy."""
    old = before.list_items[k]
    span = range(old.line - 1, old.end_line)
    if any(line not in buf.deleted for line in span):
        raise FixError(f"the entry at line {old.line} would be lost")
    twin = buf.deleted[old.line - 1][0]
    seen = {old.line - 1}
    while twin in buf.deleted and twin not in seen:  # a copy of a copy removed too: the one kept
        seen.add(twin)
        twin = buf.deleted[twin][0]
    t = start_of.get(twin)
    if t is None or t not in kept or before.list_items[t].list_start != old.list_start:
        raise FixError(f"the entry at line {old.line} would be removed without a copy kept in its list")
    if item_signature(before.lines, before.list_items[t]) != item_signature(before.lines, old):
        raise FixError(f"the entry at line {old.line} would be removed, but it is not an exact copy")


def _loose_lists(items: list[ListItem], origin: list[int] | None) -> dict[int, bool]:
    """Whether each list (by the original 0-based line of its first item) has a blank line between two
    of its items (what makes GitHub render it loose, beside blank lines inside an item, which a removal
    of whole items does not touch)."""
    loose: dict[int, bool] = {}
    last_end: dict[int, int] = {}
    for item in items:
        start = items[item.list_start].line - 1
        key = origin[start] if origin is not None else start
        previous = last_end.get(item.list_start)
        loose[key] = loose.get(key, False) or (previous is not None and item.line > previous + 1)
        last_end[item.list_start] = item.end_line
    return loose
