"""The text being fixed (:class:`Buffer`): its lines with their own endings (the BOM, the endings and the
presence of a final newline are kept), each remembering the original line it comes from and the kinds of
edit it went through, and the removed lines the identical copy each one left. A fix that does not do what
its kind says (an in-place edit that adds a line, a reorder that is not a permutation of one table's rows
or of one list's items, a deletion of a row without an identical copy) is refused here with
:class:`FixError`.

A reorder of list items moves whole items: each item's lines (its nested items and continuation lines
included) stay together and in their order, and the lines between two items (the blank lines of a loose
list) stay in their slots, so a loose list stays loose and a tight one tight.
"""

from __future__ import annotations

from collections import Counter

from awesomelint._record import field, record
from awesomelint._regex import lazy_compile
from awesomelint.document.model import Document, ListItem, Row
from awesomelint.findings import Fix
from awesomelint.rules.duplicates import item_signature, row_signature

_BOM = b"\xef\xbb\xbf"
_NEWLINE = lazy_compile(r"\r\n|\n|\r")


class FixError(Exception):
    """The fix was refused (it would lose or change an entry, the file changed meanwhile, ...)."""


def _what(fix: Fix) -> str:
    return fix.description or f"the {fix.kind} fix of lines {fix.line}-{fix.end_line}"


@record
class Buffer:
    """A text as lines with their own endings, and where each line comes from."""

    bom: bool
    texts: list[str]
    endings: list[str]  # "\r\n", "\n", "\r", or "" for a last line without newline
    origin: list[int]  # 0-based index of the original line this line comes from, -1 for a line a fix added
    edits: list[frozenset[str]]  # kinds of in-place edit ("edit", "date") this line went through
    #: original line removed by a "delete" fix -> (original line of the identical row it copied, the
    #: kinds of edit the removed line had been through)
    deleted: dict[int, tuple[int, frozenset[str]]] = field(default_factory=dict)

    @classmethod
    def from_bytes(cls, data: bytes) -> Buffer:
        bom = data.startswith(_BOM)
        text = data[len(_BOM) :].decode("utf-8") if bom else data.decode("utf-8")
        if "\r" not in text:  # the common case, without a match object per line
            texts = text.split("\n")
            endings = ["\n"] * (len(texts) - 1)
            if texts[-1]:
                endings.append("")
            else:
                texts.pop()
            n = len(texts)
            return cls(bom, texts, endings, list(range(n)), [frozenset()] * n)
        texts = []
        endings = []
        pos = 0
        for m in _NEWLINE.finditer(text):
            texts.append(text[pos : m.start()])
            endings.append(m.group())
            pos = m.end()
        if pos < len(text):
            texts.append(text[pos:])
            endings.append("")
        n = len(texts)
        return cls(bom, texts, endings, list(range(n)), [frozenset()] * n)

    def to_bytes(self) -> bytes:
        if all(e == "\n" for e in self.endings[:-1]) and self.endings and self.endings[-1] in ("\n", ""):
            body = "\n".join(self.texts) + self.endings[-1]
        else:
            body = "".join(t + e for t, e in zip(self.texts, self.endings, strict=True))
        return (_BOM if self.bom else b"") + body.encode("utf-8")

    def apply_pass(self, fixes: list[Fix], doc: Document) -> None:
        """Apply non-overlapping fixes made on ``doc`` (the current text), bottom to top so that the line
        numbers of the fixes above stay valid."""
        rows = {row.line: (table.index, row) for table in doc.tables for row in table.rows}
        origin = list(self.origin)
        twins: dict[int, int] = {}
        copies = _Copies(doc)
        items: dict[tuple[int, int], ListItem] | None = None
        item_copies = _ItemCopies(doc)
        for fix in fixes:
            if not 1 <= fix.line <= fix.end_line <= len(self.texts):
                raise FixError(f"{_what(fix)}: lines {fix.line}-{fix.end_line} are outside the file")
            if fix.kind != "delete":
                continue
            if fix.line not in rows:  # a list item, its nested items and continuation lines
                if items is None:
                    items = {(item.line, item.end_line): item for item in doc.list_items}
                twins.update(_item_twins(doc, items, fix, origin, item_copies))
                continue
            for ln in range(fix.line, fix.end_line + 1):
                if ln not in rows:
                    continue  # refused by apply()
                index, row = rows[ln]
                twin = next(
                    (other for other in copies.of(index, row) if not fix.line <= other <= fix.end_line), None
                )
                if twin is None:
                    raise FixError(f"{_what(fix)}: line {ln} has no identical copy in its table")
                twins[ln] = origin[twin - 1]
        table_of = {ln: index for ln, (index, _row) in rows.items()}
        spans = set(items) if items is not None else None
        for fix in sorted(fixes, key=lambda f: f.line, reverse=True):
            blocks = None
            if fix.kind == "reorder" and any(ln not in table_of for ln in range(fix.line, fix.end_line + 1)):
                blocks = item_blocks(doc.list_items, fix.line, fix.end_line)
            self.apply(fix, table_of, twins, blocks, spans)

    def apply(
        self,
        fix: Fix,
        rows: dict[int, int],
        twins: dict[int, int] | None = None,
        blocks: list[tuple[int, int]] | None = None,
        items: set[tuple[int, int]] | None = None,
    ) -> None:
        """Apply one fix (rows: table row line -> table; twins: deleted line -> its copy's origin; blocks,
        items: (first, last) lines of moved items, of every item); FixError when it is not what it says."""
        what = _what(fix)
        if not 1 <= fix.line <= fix.end_line <= len(self.texts):
            raise FixError(f"{what}: lines {fix.line}-{fix.end_line} are outside the file")
        if any(_NEWLINE.search(r) for r in fix.replacement):
            raise FixError(f"{what}: a replacement line contains a line break")
        start, end = fix.line - 1, fix.end_line
        old = self.texts[start:end]
        new = list(fix.replacement)
        span = range(fix.line, fix.end_line + 1)
        if fix.kind in ("edit", "date"):
            if len(new) != len(old):
                raise FixError(f"{what}: an in-place edit must keep the number of lines")
            for i, text in enumerate(new):
                if text != old[i]:
                    self.edits[start + i] = self.edits[start + i] | {fix.kind}
            self.texts[start:end] = new
        elif fix.kind == "reorder" and blocks is not None:
            _move_items(self, fix, blocks)
        elif fix.kind == "reorder":
            tables = {rows.get(ln) for ln in span}
            if None in tables or len(tables) != 1:
                raise FixError(f"{what}: a reorder must move rows of one table only (or items of one list)")
            if Counter(new) != Counter(old):
                raise FixError(f"{what}: the new order is not a permutation of the rows")
            pool: dict[str, list[int]] = {}
            for i in range(start, end):
                pool.setdefault(self.texts[i], []).append(i)
            picked = [pool[text].pop(0) for text in new]
            self.origin[start:end] = [self.origin[i] for i in picked]
            self.edits[start:end] = [self.edits[i] for i in picked]
            self.texts[start:end] = new  # endings stay with their slots
        elif fix.kind == "delete":
            if new:
                raise FixError(f"{what}: a deletion has no replacement lines")
            whole_item = items is not None and (fix.line, fix.end_line) in items and fix.line not in rows
            if not whole_item and any(ln not in rows for ln in span):
                raise FixError(f"{what}: a deletion must remove table rows or one whole list item only")
            if twins is None or any(ln not in twins for ln in span):
                raise FixError(f"{what}: a deletion must name the identical copy it keeps")
            at_end = end == len(self.texts)
            last_ending = self.endings[end - 1]
            for ln in span:
                self.deleted[self.origin[ln - 1]] = (twins[ln], self.edits[ln - 1])
            del self.texts[start:end], self.endings[start:end], self.origin[start:end], self.edits[start:end]
            if at_end and start > 0 and last_ending == "":
                self.endings[start - 1] = ""  # the file ended without a newline: it still does
        else:  # "toc", the only kind left (the model restricts the kinds)
            _rebuild_toc(self, fix, start, end, new)


#: an ordered list marker's number (the table of contents' fix renumbers its items)
_ORDERED_NUMBER = lazy_compile(r"([ \t>]*)[0-9]{1,9}(?=[.)])")


def _number_free(line: str) -> str:
    """The line with its ordered marker's number as 0 (anchored: a search would try every start)."""
    m = _ORDERED_NUMBER.match(line)
    return line if m is None else m.group(1) + "0" + line[m.end() :]


def _move_items(buf: Buffer, fix: Fix, blocks: list[tuple[int, int]]) -> None:
    """A reorder of the sibling items ``blocks``: the replacement must be the same items, each with
    its lines, in another order, with the lines between items where they were."""
    what = _what(fix)
    new = fix.replacement
    if len(new) != fix.end_line - fix.line + 1:
        raise FixError(f"{what}: the new order is not a permutation of the items")
    unused: dict[str, list[int]] = {}  # the items not placed yet, by their first line, longest first
    for k in sorted(range(len(blocks)), key=lambda k: blocks[k][0] - blocks[k][1]):
        unused.setdefault(buf.texts[blocks[k][0] - 1], []).append(k)
    picked: list[int] = []  # the 0-based lines of the text, in their new order
    at = 0
    for k, (_first, last) in enumerate(blocks):  # the item that lands in the slot of item k
        moved = next(
            (
                j
                for j in unused.get(new[at], ())
                if new[at : at + blocks[j][1] - blocks[j][0] + 1]
                == buf.texts[blocks[j][0] - 1 : blocks[j][1]]
            ),
            None,
        )
        if moved is None:
            raise FixError(f"{what}: the new order is not a permutation of the items")
        unused[new[at]].remove(moved)
        picked.extend(range(blocks[moved][0] - 1, blocks[moved][1]))
        at += blocks[moved][1] - blocks[moved][0] + 1
        gap_end = blocks[k + 1][0] - 1 if k + 1 < len(blocks) else last
        if new[at : at + gap_end - last] != buf.texts[last:gap_end]:
            raise FixError(f"{what}: the lines between the items must stay in their places")
        picked.extend(range(last, gap_end))
        at += gap_end - last
    start, end = fix.line - 1, fix.end_line
    buf.origin[start:end] = [buf.origin[i] for i in picked]
    buf.edits[start:end] = [buf.edits[i] for i in picked]
    buf.texts[start:end] = [buf.texts[i] for i in picked]  # endings stay with their slots


def item_blocks(items: list[ListItem], line: int, end_line: int) -> list[tuple[int, int]]:
    """The (first, last) lines of the sibling items (of one list) that ``line``..``end_line`` spans:
    the first starts at ``line``, the last ends at ``end_line``. Raises :class:`FixError` when the span
    is not such a run of items (one list, outside block quotes, a bullet list or one whose numbers are
    all the same: a moved number would renumber the list)."""
    where = "a reorder must move rows of one table only (or items of one list)"
    first = next((i for i, item in enumerate(items) if item.line == line), None)
    if first is None:
        raise FixError(f"lines {line}-{end_line}: {where}")
    head = items[first]
    blocks: list[tuple[int, int]] = []
    for item in items[first:]:
        if item.line > end_line:
            break
        if item.list_start == head.list_start:
            if item.quoted or item.marker != head.marker:
                raise FixError(
                    f"lines {line}-{end_line}: items of a quote or numbered otherwise stay in place"
                )
            blocks.append((item.line, item.end_line))
    if blocks[-1][1] != end_line:
        raise FixError(f"lines {line}-{end_line}: {where}")
    return blocks


class _Copies:
    """The lines of the identical rows (same signature) of each table, indexed once per pass: finding the
    copy a deleted row keeps costs a lookup, not a walk over the table's rows."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self._by_table: dict[int, dict[tuple[str, ...], list[int]]] = {}

    def of(self, index: int, row: Row) -> list[int]:
        """The lines of the rows of table ``index`` identical to ``row`` (``row`` itself included)."""
        by_signature = self._by_table.get(index)
        if by_signature is None:
            by_signature = {}
            for other in self.doc.tables[index].rows:
                by_signature.setdefault(row_signature(other), []).append(other.line)
            self._by_table[index] = by_signature
        return by_signature.get(row_signature(row), [])


def _rebuild_toc(buf: Buffer, fix: Fix, start: int, end: int, new: list[str]) -> None:
    """A list of the table of contents rewritten: every old line is kept (its ordered number may
    change), in any order; the lines that match none are new entries (origin -1). Every line of the
    list is marked ``toc``, and what the list became is verified on the fixed document
    (``engine.verify``)."""
    pool: dict[str, list[int]] = {}
    for i in range(start, end):
        pool.setdefault(_number_free(buf.texts[i]), []).append(i)
    origin, edits = [], []
    for text in new:
        found = pool.get(_number_free(text))
        if found:
            i = found.pop(0)
            origin.append(buf.origin[i])
            edits.append(buf.edits[i] | {"toc"})
        else:
            origin.append(-1)
            edits.append(frozenset({"toc"}))
    if any(pool.values()):
        raise FixError(f"{_what(fix)}: a line of the table of contents would be lost")
    last = buf.endings[end - 1]
    endings = [buf.endings[start]] * (len(new) - 1) + [last]
    buf.texts[start:end], buf.endings[start:end] = new, endings
    buf.origin[start:end], buf.edits[start:end] = origin, [frozenset(e) for e in edits]


def _item_twins(
    doc: Document, items: dict[tuple[int, int], ListItem], fix: Fix, origin: list[int], copies: _ItemCopies
) -> dict[int, int]:
    """Each line of the list item a deletion removes -> the original line it copies in the identical
    item kept: an earlier item of the same list with the same signature (see
    :func:`~awesomelint.rules.duplicates.item_signature`)."""
    item = items.get((fix.line, fix.end_line))
    if item is None:
        raise FixError(f"{_what(fix)}: lines {fix.line}-{fix.end_line} are not one whole list item")
    twin = copies.first(item)
    if twin is item:
        raise FixError(
            f"{_what(fix)}: the item at line {fix.line} has no identical copy before it in its list"
        )
    return {ln: origin[twin.line - 1 + ln - fix.line] for ln in range(fix.line, fix.end_line + 1)}


class _ItemCopies:
    """The first item of each list with each signature, indexed once per pass at the first question."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self._first: dict[tuple[int, tuple[str, ...]], ListItem] | None = None

    def first(self, item: ListItem) -> ListItem:
        """The first item of ``item``'s list identical to it (``item`` itself when it is the first)."""
        lines = self.doc.lines
        if self._first is None:
            self._first = {}
            for other in self.doc.list_items:
                self._first.setdefault((other.list_start, item_signature(lines, other)), other)
        return self._first.get((item.list_start, item_signature(lines, item)), item)
