"""What a list's tables mean: which column holds the date, the title, the paper link; the list's date
format and header schema. Configured where the config says so, inferred otherwise, computed once per
document and shared by the rules, ``export`` and ``init``."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from awesomelint._record import field, record
from awesomelint.document.date_reading import GroupDates, list_formats, read_in_format
from awesomelint.document.dates import (
    DateFormat,
    DateValue,
    InvalidDate,
    clean_date_text,
    infer_format,
    read_coarser,
)
from awesomelint.document.headers import (
    header_columns,
    header_key,
    is_date_header,
    similar_header,
)
from awesomelint.document.model import Document, Link, Row, Table
from awesomelint.document.rows import (
    BrokenRow,
    broken_rows,
    cell_arxiv_id,
    identity_link,
    is_placeholder,
    normalize_title,
)
from awesomelint.document.urls import paper_key

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at start-up
if TYPE_CHECKING:
    from typing import Any

    from awesomelint.document.anchors import Anchor

#: share of a column's values that must follow one date format for it to count as the date column
DATE_COLUMN_MIN_SHARE = 0.6


@record
class DateReading:
    """A row's date cell read in its table's format: ``value`` when it follows it, ``invalid`` when it has
    the shape of a date that does not exist, neither when it follows another format."""

    row: Row
    text: str
    column: int
    value: DateValue | None
    invalid: str | None = None
    #: the value is coarser than the format (a year among months, a month among days), read as such
    coarse: bool = False
    #: the date in the format's spelling, when the text spells its month otherwise (June for Jun)
    respelt: str | None = None
    #: the other spelling of the list the text is written in (``YYYY.M`` in a ``YYYY.MM`` list)
    style: str | None = None
    #: ... and the date written in the table's own spelling at the text's precision, when there is one
    rewritten: str | None = None


_MISSING: Any = object()  # a cache's default: no identifier is this


@record
class TableInfo:
    table: Table
    date_col: int | None = None
    title_col: int | None = None
    identity_cols: list[int] = field(default_factory=list)
    paper_cols: list[int] = field(default_factory=list)  # columns whose header names the paper
    paper_table: bool = False  # a header names the paper column: each row is one publication
    date_format: DateFormat | None = None  # the list's format, or this table's own when its precision differs
    #: the format is inferred: a coarser date (a year among months, a month among days) and the list's
    #: other spellings are read too (a configured format is strict)
    lenient: bool = True
    #: the list's other spellings: formats that other dates of the list follow consistently
    other_formats: tuple[DateFormat, ...] = ()
    _readings: list[DateReading] | None = field(default=None, repr=False)
    _broken: dict[int, BrokenRow] | None = field(default=None, repr=False)

    @property
    def broken(self) -> dict[int, BrokenRow]:
        """The table's rows damaged as a whole (split by a line break, written with fullwidth bars)."""
        if self._broken is None:
            self._broken = broken_rows(self.table)
        return self._broken

    def date_text(self, row: Row) -> tuple[str, int] | None:
        """(cleaned date text, its column) of a row, or None when the row has no date."""
        cell = row.cell(self.date_col)
        if cell is None:
            return None
        text = clean_date_text(cell.text)
        if text is None:
            return None
        return text, cell.column + max(cell.text.find(text), 0)

    def readings(self, today: dt.date) -> list[DateReading]:
        """Every dated row's date, read once and shared by the date rules."""
        if self._readings is None:
            out: list[DateReading] = []
            fmt = self.date_format
            if self.date_col is not None and fmt is not None:
                broken = self.broken
                for row in self.table.rows:
                    damage = broken.get(row.line)
                    if damage is not None and (damage.cause == "fullwidth" or damage.line != row.line):
                        continue  # one cell of text, or a split row's second half: no date of its own
                    found = self.date_text(row)
                    if found is None:
                        continue
                    text, col = found
                    out.append(
                        DateReading(
                            row,
                            text,
                            col,
                            *read_in_format(text, fmt, today, self.lenient, self.other_formats),
                        )
                    )
            self._readings = out
        return self._readings

    def title(self, row: Row) -> str:
        """The entry's title: its title column, else the text of its identity column; empty when that cell
        holds only a placeholder ('-', '⚠️', 'N/A'), which names nothing."""
        col: int | None = self.title_col
        if col is None and self.identity_cols:
            col = self.identity_cols[0]
        cell = row.cell(col)
        if cell is None or is_placeholder(cell.text):
            return ""
        return cell.text

    def arxiv_id(self, row: Row, cache: dict[str, str | None] | None = None) -> str | None:
        """The arXiv identifier of the entry: the first arXiv link in the row's identity columns (paper,
        then title, then link columns), in order; links in other columns do not count. ``cache`` maps a
        cell's text to its identifier: lists repeat rows."""
        cells = row.cells
        for col in self.identity_cols:
            if col >= len(cells):
                continue
            cell = cells[col]
            if cache is None:
                aid = cell_arxiv_id(cell)
            else:
                aid = cache.get(cell.text, _MISSING)
                if aid is _MISSING:
                    aid = cache[cell.text] = cell_arxiv_id(cell)
            if aid is not None:
                return aid
        return None

    def identity(self, row: Row) -> tuple[str, Link | None] | None:
        """The entry's identity: the normalised key of its paper link, or of its title text."""
        for col in self.identity_cols:
            cell = row.cell(col)
            if cell is None:
                continue
            link = identity_link(cell.links)
            if link is not None:
                return paper_key(link.url), link
        title_cell = row.cell(self.title_col)
        if title_cell is not None:
            key = normalize_title(title_cell.text)
            if key:
                return "title:" + key, None
        return None


@record
class DocInfo:
    tables: list[TableInfo]
    date_format: DateFormat | None
    date_format_configured: bool
    date_example: str | None
    schema: list[str] | None
    schema_configured: bool
    today: dt.date
    #: the list's other spellings of dates (see :func:`list_formats`)
    other_formats: tuple[DateFormat, ...] = ()
    #: the document's entries (``document.entries.document_entries``), made on first use with this analysis
    entries: object = field(default=None, repr=False, compare=False)
    #: the dates of each dated group of entries by the group's index (``Group.index``), read once for the
    #: rules that read them (``rules._fixes.group_dates``)
    group_dates: dict[int, GroupDates] = field(default_factory=dict, repr=False, compare=False)
    #: the document's anchors (:meth:`DocInfo.anchors_of`), found once for ``broken-anchor`` and the
    #: table of contents
    anchors: list[Anchor] | None = field(default=None, repr=False, compare=False)

    def anchors_of(self, doc: Document) -> list[Anchor]:
        """The anchors of the document analysed (``document.anchors.document_anchors``), found on the first
        call and shared by the later ones (``broken-anchor`` and the table of contents both read them)."""
        if self.anchors is None:
            # lazy: the slug tables and patterns cost start-up; a list without in-page links never needs them
            from awesomelint.document.anchors import document_anchors

            self.anchors = document_anchors(doc)
        return self.anchors

    def read_date(self, text: str, table: TableInfo | None = None) -> DateValue | None:
        """The date of a cleaned cell text in the list's (or the table's) format; None if it does not
        follow it."""
        fmt = table.date_format if table is not None and table.date_format else self.date_format
        if fmt is None:
            return None
        try:
            value = fmt.read(text, self.today)
            if value is not None or self.date_format_configured:
                return value
            value = read_coarser(text, fmt, self.today)
            if value is not None:
                return value
            for other in table.other_formats if table is not None else self.other_formats:
                value = other.read(text, self.today)
                if value is not None:
                    return value
        except InvalidDate:
            return None
        return None


@record(eq=False)  # a bag of settings: never compared, cheap to create at start-up
class Hints:
    """What the configuration says of a list's tables; None leaves a part to inference."""

    date_column: str | None = None  # header of the date column
    date_format: str | None = None  # a date format such as 'YYYY.MM' (already validated)
    header: tuple[str, ...] | None = None  # the list's table header


_Candidate = tuple[TableInfo, int, list[str]]  # a table, its date column, the column's date texts


def analyse(doc: Document, hints: Hints | None = None, today: dt.date | None = None) -> DocInfo:
    """What the document's tables mean (see :class:`DocInfo`), made once per document, hints and date."""
    hints = hints or Hints()
    today = today or dt.date.today()
    key = (hints.date_column, hints.date_format, hints.header, today)
    cached = doc.analysis
    if isinstance(cached, tuple) and cached[0] == key:
        found: DocInfo = cached[1]
        return found
    info = _analyse(doc, hints, today)
    doc.analysis = (key, info)
    return info


def _analyse(doc: Document, hints: Hints, today: dt.date) -> DocInfo:
    wanted = header_key(hints.date_column) if hints.date_column else None
    infos, candidates = _table_infos(doc, wanted)
    fmt = DateFormat.parse(hints.date_format) if hints.date_format else None
    others: tuple[DateFormat, ...] = ()
    if fmt is None:
        every = [v for _, _, values in candidates for v in values]
        fmt, _share = infer_format(every)
        if fmt is not None:
            others = list_formats(every, fmt, today)
    _choose_date_columns(candidates, fmt, others, configured=hints.date_format is not None, wanted=wanted)
    schema, schema_configured = _schema(doc, hints.header)
    return DocInfo(
        other_formats=others,
        tables=infos,
        date_format=fmt,
        date_example=_example(fmt, candidates, today),
        date_format_configured=hints.date_format is not None,
        schema=schema,
        schema_configured=schema_configured,
        today=today,
    )


def _table_infos(doc: Document, wanted: str | None) -> tuple[list[TableInfo], list[_Candidate]]:
    """Each table's role columns, and the tables' date-column candidates (by header)."""
    infos: list[TableInfo] = []
    candidates: list[_Candidate] = []
    for table in doc.tables:
        title_col, papers, titles, links = header_columns(table.header_names)
        info = TableInfo(
            table=table,
            title_col=title_col,
            identity_cols=papers + titles + links,
            paper_cols=papers,
            paper_table=bool(papers),
        )
        if not papers and _rows_cite_papers(table, info.identity_cols):
            info.paper_table = True  # | Title | Venue | Date | Links |: most rows link a publication
        if not info.identity_cols:
            # no header says where the entry is: use the first column that carries links
            for i in range(table.width):
                if any(row.cell(i) is not None and row.cells[i].links for row in table.rows):
                    info.identity_cols = [i]
                    break
        for i, cell in enumerate(table.header):
            if (wanted is not None and header_key(cell.text) == wanted) or (
                wanted is None and is_date_header(cell.text)
            ):
                values = [v for row in table.rows if (v := _cell_date_text(row, i)) is not None]
                candidates.append((info, i, values))
                break
        infos.append(info)
    return infos, candidates


#: a table whose header names no paper column is a paper table when at least this share of its rows
#: link a publication (arXiv, DOI, OpenReview) in the columns that say what the entry is
PAPER_ROWS_MIN_SHARE = 0.6
_PUBLICATION_KEYS = ("arxiv:", "doi:", "openreview:")


def _rows_cite_papers(table: Table, cols: list[int]) -> bool:
    """Whether most rows of a table are publications: the first link of their title or link columns is an
    arXiv, DOI or OpenReview link (a row that links a model first and its tech report after is a model,
    whose release may come before its paper)."""
    rows = table.rows
    if len(rows) < 3 or not cols:
        return False
    citing = 0
    for row in rows:
        links = [link for c in cols if c < len(row.cells) for link in row.cells[c].links if not link.is_image]
        if links and paper_key(links[0].url).startswith(_PUBLICATION_KEYS):
            citing += 1
    return citing >= PAPER_ROWS_MIN_SHARE * len(rows)


def _choose_date_columns(
    candidates: list[_Candidate],
    fmt: DateFormat | None,
    others: tuple[DateFormat, ...],
    *,
    configured: bool,
    wanted: str | None,
) -> None:
    """Set each table's date column and format: an inferred date column must mostly hold dates (of the
    list's format or, for a table of years beside tables of months, of its own)."""
    for info, col, values in candidates:
        if not values:
            continue
        info.date_format = fmt
        info.lenient = not configured
        info.other_formats = others
        if fmt is None:
            share = 0.0
        elif configured or not others:
            share = sum(1 for v in values if fmt.matches_shape(v)) / len(values)
        else:
            spellings = (fmt, *others)
            share = sum(1 for v in values if any(f.matches_shape(v) for f in spellings)) / len(values)
        if share < DATE_COLUMN_MIN_SHARE:
            other, other_share = infer_format(values)
            if other is not None and other_share >= DATE_COLUMN_MIN_SHARE:
                share = other_share
                if not configured and len(values) >= 3 and (fmt is None or other.precision != fmt.precision):
                    # a table of years beside tables of months: its own format is not a defect
                    info.date_format = other
                    info.other_formats = ()
        if wanted is not None or share >= DATE_COLUMN_MIN_SHARE:
            info.date_col = col


def _example(fmt: DateFormat | None, candidates: list[_Candidate], today: dt.date) -> str | None:
    """A date of the list written in its format, for messages."""
    if fmt is None:
        return None
    for info, col, values in candidates:
        if info.date_col == col:
            example = next((v for v in values if _reads(fmt, v, today)), None)
            if example:
                return example
    return None


def _reads(fmt: DateFormat, value: str, today: dt.date) -> bool:
    try:
        return fmt.read(value, today) is not None
    except InvalidDate:
        return False


def _cell_date_text(row: Row, index: int) -> str | None:
    cell = row.cell(index)
    return clean_date_text(cell.text) if cell is not None else None


def _schema(doc: Document, header: tuple[str, ...] | None) -> tuple[list[str] | None, bool]:
    if header:
        return list(header), True
    keys = [tuple(header_key(h) for h in t.header_names) for t in doc.tables]
    counts = Counter(keys)
    if not counts:
        return None, False
    ranked = counts.most_common()[:2]  # most_common(2) would import heapq (start-up)
    key, n = ranked[0]
    if n < 2 or (len(ranked) > 1 and ranked[1][1] == n):
        return None, False
    # only a header that most tables of its kind share is the list's schema; a list of unrelated tables
    # (models, datasets, benchmarks) has none
    kin = sum(1 for k in keys if similar_header(k, key))
    if n * 2 < kin:
        return None, False
    first = doc.tables[keys.index(key)]
    return list(first.header_names), False
