"""Apply the fixes that rules attach to their findings, and prove that nothing else changed.

The fixer works on the original bytes split into lines, each line keeping its own line ending; the BOM,
the endings (by position: a moved row takes the ending of the slot it lands in) and the presence of a
final newline are kept, and every line outside the edited rows is kept byte for byte.

A pass applies the non-overlapping fixes of the current findings (the smallest first: a date rewrite or
the removal of a copy before the sort of a whole table), then parses and lints the result again; passes
repeat until no finding has a fix, at most :data:`MAX_PASSES` times. Every line remembers the original
line it comes from and the kinds of edit it went through, so that at the end the fixed document is
compared with the original entry by entry (:func:`verify`): a row that vanished without being an
intended deletion of an identical copy, a row that changed beyond the intended edit, a row that moved to
another table, a table or heading that appeared or vanished, each refuses the whole fix.

Writing is atomic (a temporary file in the same folder, fsync, ``os.replace``; the mode is kept) and is
refused when the file changed on disk since it was read.
"""

from __future__ import annotations

import bisect
import contextlib
import datetime as dt
import os
import stat
import tempfile
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from awesomelint._record import field, record
from awesomelint._regex import lazy_compile
from awesomelint.document.analysis import DocInfo, TableInfo, analyse
from awesomelint.document.dates import DateValue, reinterpret
from awesomelint.document.model import Document, Row
from awesomelint.engine.links import open_link_service
from awesomelint.engine.lint import FileResult, lint_bytes, lint_document
from awesomelint.findings import Finding, Fix
from awesomelint.rules import Rule
from awesomelint.rules.duplicates import row_signature

if TYPE_CHECKING:
    from awesomelint.config import Config
    from awesomelint.net.interface import LinkChecker

#: passes of fix-and-lint-again before giving up on reaching a text without fixable findings
MAX_PASSES = 10

_BOM = b"\xef\xbb\xbf"
_NEWLINE = lazy_compile(r"\r\n|\n|\r")


class FixError(Exception):
    """The fix was refused (it would lose or change an entry, the file changed meanwhile, ...)."""


# --- the line buffer ---------------------------------------------------------------------------------


@record
class Buffer:
    """A text as lines with their own endings, and where each line comes from."""

    bom: bool
    texts: list[str]
    endings: list[str]  # "\r\n", "\n", "\r", or "" for a last line without newline
    origin: list[int]  # 0-based index of the original line this line comes from
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
        for fix in fixes:
            if not 1 <= fix.line <= fix.end_line <= len(self.texts):
                raise FixError(f"{_what(fix)}: lines {fix.line}-{fix.end_line} are outside the file")
            if fix.kind != "delete":
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
        for fix in sorted(fixes, key=lambda f: f.line, reverse=True):
            self.apply(fix, table_of, twins)

    def apply(self, fix: Fix, rows: dict[int, int], twins: dict[int, int] | None = None) -> None:
        """Apply one fix; ``rows`` maps the 1-based line of every table row of the current text to the
        index of its table, ``twins`` a line to delete to the original line of its identical copy.
        Raises :class:`FixError` for a fix that does not do what its kind says."""
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
            if fix.kind == "date" and any(ln not in rows for ln in span):
                raise FixError(f"{what}: a date rewrite must edit table rows only")
            for i, text in enumerate(new):
                if text != old[i]:
                    self.edits[start + i] = self.edits[start + i] | {fix.kind}
            self.texts[start:end] = new
        elif fix.kind == "reorder":
            tables = {rows.get(ln) for ln in span}
            if None in tables or len(tables) != 1:
                raise FixError(f"{what}: a reorder must move rows of one table only")
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
            if any(ln not in rows for ln in span):
                raise FixError(f"{what}: a deletion must remove table rows only")
            if twins is None or any(ln not in twins for ln in span):
                raise FixError(f"{what}: a deletion must name the identical copy it keeps")
            at_end = end == len(self.texts)
            last_ending = self.endings[end - 1]
            for ln in span:
                self.deleted[self.origin[ln - 1]] = (twins[ln], self.edits[ln - 1])
            del self.texts[start:end], self.endings[start:end], self.origin[start:end], self.edits[start:end]
            if at_end and start > 0 and last_ending == "":
                self.endings[start - 1] = ""  # the file ended without a newline: it still does
        else:  # pragma: no cover - the model restricts the kinds
            raise FixError(f"{what}: unknown kind of fix {fix.kind!r}")


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


# --- choosing and applying -------------------------------------------------------------------------------


def choose(findings: Iterable[Finding]) -> list[tuple[Fix, list[Finding]]]:
    """The fixes to apply in one pass, each with the findings it fixes: identical fixes are merged (one
    table sort fixes every misplaced row of the table), then the smallest are taken first and a fix that
    overlaps one already taken waits for the next pass."""
    groups: dict[tuple[int, int, str, tuple[str, ...]], tuple[Fix, list[Finding]]] = {}
    for f in findings:
        if f.fix is None:
            continue
        key = (f.fix.line, f.fix.end_line, f.fix.kind, tuple(f.fix.replacement))
        groups.setdefault(key, (f.fix, []))[1].append(f)
    chosen: list[tuple[Fix, list[Finding]]] = []
    starts: list[int] = []  # the first lines of the chosen fixes, sorted (they do not overlap)
    ends: dict[int, int] = {}
    for fix, fs in sorted(groups.values(), key=lambda g: (g[0].end_line - g[0].line, g[0].line)):
        pos = bisect.bisect_left(starts, fix.line)
        if (pos < len(starts) and starts[pos] <= fix.end_line) or (pos and ends[starts[pos - 1]] >= fix.line):
            continue  # overlaps the chosen fix that starts next or the one that starts before
        starts.insert(pos, fix.line)
        ends[fix.line] = fix.end_line
        chosen.append((fix, fs))
    return chosen


def _what(fix: Fix) -> str:
    return fix.description or f"the {fix.kind} fix of lines {fix.line}-{fix.end_line}"


@record
class FixOutcome:
    #: the findings of the file as it was: of every rule when it stays so (nothing fixed, fix refused),
    #: else of the fixing rules only (the others ran on the fixed text alone)
    original: FileResult
    result: FileResult  # the findings of the fixed text (the same as ``original`` when nothing changed)
    data: bytes  # the fixed bytes
    #: how many findings of the fixing rules the fixed text no longer has: those with a fix, and those a
    #: fix resolved on the way (a table sorted once a duplicate row is gone)
    fixed: int = 0
    passes: int = 0
    converged: bool = True  # False: fixable findings remain after MAX_PASSES passes
    applied: list[str] = field(default_factory=list)  # descriptions of the fixes applied
    error: str | None = None  # the fix was refused: why (``result`` and ``data`` are the original)
    #: for each line of ``data``, the 0-based line of the original it comes from (anchors the diff)
    origin: list[int] | None = None

    @property
    def changed(self) -> bool:
        return self.data != self.original.source


def fix_bytes(
    data: bytes,
    path: str,
    config: Config,
    rules: Iterable[type[Rule]],
    today: dt.date,
    online: bool = False,
    max_passes: int = MAX_PASSES,
    links: LinkChecker | None = None,
) -> FixOutcome:
    """Lint ``data``, apply the fixes until none is left, verify the result; nothing is written here.
    When a fix is refused, ``error`` says why and the outcome holds the original text and findings.

    The rules that make no fix run on the text as it was only when it stays so (nothing to fix, or the
    fix refused); otherwise only on the fixed text, whose findings are the report."""
    rules = list(rules)
    fixing = [r for r in rules if r.fixable]
    others = [r for r in rules if not r.fixable]
    own = None
    if online and links is None and any(r.checks_links for r in rules):
        own = links = open_link_service(config.links)  # one for every pass: each URL checked once
    try:
        original = lint_bytes(data, path, config, fixing, today=today, online=online, links=links)
        outcome = FixOutcome(original=original, result=original, data=data)
        if original.error or original.document is None:
            return outcome
        try:
            _fix(outcome, data, path, config, fixing, others, today, online, max_passes, links)
        except FixError as exc:
            outcome = FixOutcome(original=original, result=original, data=data, error=str(exc))
        if outcome.result is original:  # nothing fixed: the report is the original's, by every rule
            rest = lint_document(original.document, config, others, today=today, online=online, links=links)
            original.findings = sorted([*original.findings, *rest], key=Finding.sort_key)
        return outcome
    finally:
        if own is not None:
            own.close()


def _fix(
    outcome: FixOutcome,
    data: bytes,
    path: str,
    config: Config,
    fixing: list[type[Rule]],
    others: list[type[Rule]],
    today: dt.date,
    online: bool,
    max_passes: int,
    links: LinkChecker | None,
) -> None:
    """The passes of fixes; ``outcome.original`` holds the findings of the ``fixing`` rules on ``data``.
    The rules that make no fix (``others``) run once, on the fixed document, at the end."""
    original = outcome.original
    assert original.document is not None
    buf = Buffer.from_bytes(data)
    if buf.texts and len(buf.texts) != original.document.line_count:  # pragma: no cover - a parser bug
        raise FixError("the file's lines cannot be matched with the parsed lines")
    result = original
    while True:
        chosen = choose(result.findings)
        if not chosen:
            break
        if outcome.passes == max_passes:
            outcome.converged = False
            break
        outcome.passes += 1
        assert result.document is not None
        buf.apply_pass([fix for fix, _ in chosen], result.document)
        for fix, fs in chosen:
            outcome.applied.append(fix.description or f"{fs[0].rule}: lines {fix.line}-{fix.end_line}")
        result = lint_bytes(
            buf.to_bytes(),
            path,
            config,
            fixing,
            today=today,
            online=online,
            links=links,
            previous=result.document,
        )
        if result.error or result.document is None:
            raise FixError(f"the fixed text cannot be read: {result.error}")
    if outcome.passes:
        assert result.document is not None and result.source is not None
        verify(original.document, result.document, buf, config, today)
        # every finding of a fixing rule that the fixed text no longer has (those with a fix, and those a
        # fix resolved on the way: a table sorted once a duplicate row is gone)
        outcome.fixed = max(0, len(original.findings) - len(result.findings))
        rest = lint_document(result.document, config, others, today=today, online=online, links=links)
        result.findings = sorted([*result.findings, *rest], key=Finding.sort_key)
        outcome.result = result
        outcome.data = result.source
        outcome.origin = buf.origin


# --- verification ------------------------------------------------------------------------------------------


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
    i0, i1 = analyse(before, config.hints(), today), analyse(after, config.hints(), today)
    rows_before = {row.line - 1: (table.index, row) for table in before.tables for row in table.rows}
    kept = _verify_rows(after, buf, i0, i1, rows_before)
    _verify_removed(buf, i0, rows_before, kept)


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


# --- writing -----------------------------------------------------------------------------------------------


def _same_file(a: os.stat_result, b: os.stat_result) -> bool:
    return (a.st_ino, a.st_dev, a.st_size, a.st_mtime_ns) == (b.st_ino, b.st_dev, b.st_size, b.st_mtime_ns)


def write_atomic(path: Path, data: bytes, expected: bytes, before: os.stat_result) -> None:
    """Replace ``path``'s content with ``data``: a temporary file in the same folder, fsync, rename over
    the file, with the file's mode (and, where allowed, owner). Refused with :class:`FixError` when the
    file no longer holds ``expected`` or was touched since ``before`` (its stat when it was read)."""
    target = Path(os.path.realpath(path))  # a symlinked README: write through the link
    changed = "the file changed on disk while it was being fixed; it is left untouched (run again)"
    try:
        if not _same_file(target.stat(), before) or target.read_bytes() != expected:
            raise FixError(changed)
    except OSError as exc:
        raise FixError(f"cannot read the file again before writing: {exc.strerror or exc}") from None
    try:
        fd, tmp_name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as exc:
        raise FixError(f"cannot create a temporary file beside it: {exc.strerror or exc}") from None
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        tmp.chmod(stat.S_IMODE(before.st_mode))
        if hasattr(os, "chown"):
            with contextlib.suppress(OSError):  # only possible for root, or to another group of one's own
                os.chown(tmp, before.st_uid, before.st_gid)
        if not _same_file(target.stat(), before):
            raise FixError(changed)
        tmp.replace(target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise FixError(f"cannot write: {exc.strerror or exc}") from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    with contextlib.suppress(OSError):  # make the rename durable where the platform allows it
        dir_fd = os.open(target.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
