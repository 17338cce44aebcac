"""A row dated before the month its arXiv identifier encodes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from functools import lru_cache

from awesomelint.document.analysis import DocInfo, TableInfo
from awesomelint.document.date_reading import DateParts, GroupDates
from awesomelint.document.dates import MONTH_NAMES, DateFormat, DateValue
from awesomelint.document.headers import header_key
from awesomelint.document.model import Row
from awesomelint.document.urls import arxiv_month
from awesomelint.findings import Finding
from awesomelint.rules._fixes import group_dates, locate, paper_entries
from awesomelint.rules.base import Context, Rule, expected_found

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at start-up
if TYPE_CHECKING:
    from typing import Any, Literal

    from awesomelint.document.entries import Entry, Group
    from awesomelint.net.interface import Paper


def _read_date(info: DocInfo, tinfo: TableInfo, row: Row) -> tuple[str, int, DateValue] | None:
    """(the cleaned date text, its offset in the cell, its value) of a row, or None."""
    found = tinfo.date_text(row)
    if found is None:
        return None
    text, column = found
    value = info.read_date(text, tinfo)
    cell = row.cells[tinfo.date_col or 0]
    return (text, column - cell.column, value) if value is not None else None


_MISSING: Any = object()


#: arXiv numbers a paper when it announces it: what was submitted after the last cutoff of a month, or held
#: for moderation, is announced, and numbered, at the start of the next. A paper numbered this early in its
#: month may bear the previous month's submission date (5-digit numbers since 1501, 4-digit before):
#: Mooncake, submitted in June 2024, is arXiv 2407.00079.
BOUNDARY_NUMBERS = {5: 2500, 4: 1000}


#: title-column headers that say a row is a model, a dataset or a project rather than a paper
_THING_WORDS = {
    "model",
    "models",
    "dataset",
    "datasets",
    "project",
    "projects",
    "name",
    "system",
    "framework",
}
_THING_CJK = ("模型", "モデル", "名称", "名稱", "名前", "项目", "項目", "数据集", "データセット")


def lists_papers(tinfo: TableInfo) -> bool:
    """Whether each row of the table is a publication: a header names the paper column (or most rows link a
    publication first, see ``document.analysis``), and the title
    column, if any, does not name a model, a dataset or a project (whose date is its release, which may
    come before its paper)."""
    if not tinfo.paper_table:
        return False
    title = tinfo.table.header[tinfo.title_col] if tinfo.title_col is not None else None
    if title is None:
        return True
    key = header_key(title.text)
    words = set(key.split())
    return not (words & _THING_WORDS or any(c in key for c in _THING_CJK))


@lru_cache(maxsize=8192)
def earliest_submission(identifier: str) -> dt.date | None:
    """The earliest day a paper with this new-style identifier can have been submitted."""
    first = _first_day(identifier, 0)
    return None if first is None else dt.date(*first)


@lru_cache(maxsize=8192)
def _first_day(identifier: str, months_back: int) -> tuple[int, int, int] | None:
    """(year, month, 1): the first day of the month ``months_back`` months before the one
    :func:`earliest_submission` gives (the month the identifier encodes, or the month before for a paper
    numbered early in its month)."""
    month = arxiv_month(identifier)
    if month is None:
        return None
    number = identifier.split(".", 1)[1]
    back = months_back + (int(number) <= BOUNDARY_NUMBERS.get(len(number), 0))
    index = month[0] * 12 + month[1] - 1 - back
    return index // 12, index % 12 + 1, 1


def _write(fmt: DateFormat, day: dt.date) -> str:
    """A day written in the list's format, at its precision."""
    if fmt.precision == 1:
        return fmt.write(DateValue(day.year))
    if fmt.precision == 2:
        return fmt.write(DateValue(day.year, day.month))
    return fmt.write(DateValue(day.year, day.month, day.day))


def _first_version(papers: dict[str, Paper], aid: str) -> dt.date | Literal[False] | None:
    """The day arXiv's API says the paper's first version appeared; False when the API says there is no
    such paper (``dead-link`` says so), None when it did not answer."""
    paper = papers.get(aid)
    if paper is None:
        return None
    if not paper.found:
        return False
    try:
        return dt.date.fromisoformat(paper.published) if paper.published else None
    except ValueError:
        return None


class ArxivDate(Rule):
    checks_links = True
    name = "arxiv-date"
    entry_forms = ("row", "item", "html-row", "paragraph")
    code = "AL203"
    severity = "warning"
    summary = "An entry is dated earlier than the month its arXiv identifier encodes."
    what = (
        "A new-style arXiv identifier starts with the year and month it was assigned: 2401.04658 was "
        "submitted in January 2024. For each dated row whose entry is an arXiv paper (the first arXiv link of "
        "its paper, title or link column; abs, pdf, html, huggingface.co/papers and arXiv DOI links alike), the row's "
        "date must not be earlier than that month, compared at the precision of the list's format (a list of "
        "years compares years, and so does a year alone among month dates). A date later than the identifier is normal (a conference version, a later "
        "revision) and is not reported. Online, when arXiv's API answers, the paper's real first-version "
        "date (`published`) is used instead of the identifier's month, so a paper numbered early in its "
        "month is held to the day it appeared. "
        "List items, paragraph entries and HTML table rows are read the same way where they are papers (their "
        "group's entries mostly link a publication first, or their own primary link is the arXiv paper): the "
        "paper is the primary link's, else the first paper link's (`[[paper](...)]`), the date the one the "
        "entry opens with (`[2023/08]`) or its group's date line or column. Offline, a date with a day may "
        "come up to a month before the identifier's month (a paper held for moderation is numbered when it "
        "is announced, after the day it was submitted). An entry without a date but with an arXiv or preprint "
        "year (`arXiv 2022`, `Preprint'24`) is reported when that year is earlier than the paper's; a "
        "conference's year is not compared (a paper may reach its preprint after the conference)."
    )
    why = (
        "A paper cannot appear before it was submitted: a row dated 2023.07 for arXiv 2401.04658 has a typo "
        "in its date or a link to another paper, and it sorts into the wrong place of a dated list."
    )
    example = "|2023.07|Lightning Attention-2|[[pdf]](https://arxiv.org/pdf/2401.04658)|"
    fixed = "|2024.01|Lightning Attention-2|[[pdf]](https://arxiv.org/pdf/2401.04658)|"

    def check(self, ctx: Context) -> Iterator[Finding]:
        info = ctx.info
        papers = ctx.link_facts.papers if ctx.link_facts is not None else {}
        ids: dict[str, str | None] = {}  # a cell's text -> its arXiv id
        by_format: dict[str, dict[str, tuple[str, int, DateValue] | None]] = {}
        for tinfo in info.tables:
            fmt = tinfo.date_format or info.date_format
            if tinfo.date_col is None or fmt is None or not lists_papers(tinfo):
                continue
            precision = fmt.precision
            # a date cell's text -> (its cleaned date, offset, value), per date format
            dates = by_format.setdefault(fmt.spec, {})
            date_col = tinfo.date_col
            for row in tinfo.table.rows:
                aid = tinfo.arxiv_id(row, ids)
                if aid is None:
                    continue
                published = _first_version(papers, aid)
                if published is False:
                    continue
                earliest = published or earliest_submission(aid)
                cells = row.cells
                if earliest is None or date_col >= len(cells):
                    continue
                raw = cells[date_col].text
                found = dates.get(raw, _MISSING)
                if found is _MISSING:
                    found = dates[raw] = _read_date(info, tinfo, row)
                if found is None:
                    continue
                text, column, value = found
                # a year alone among month dates (a coarser date) compares by its year
                given = min(precision, 1 + bool(value.month) + bool(value.month and value.day))
                if value.key()[:given] >= (earliest.year, earliest.month, earliest.day)[:given]:
                    continue
                column += cells[date_col].column
                message = _dated_before("row", aid, published, earliest, fmt, text)
                yield ctx.report(row.line, column, message, end_column=column + len(text))
        doc = ctx.doc
        if doc.list_items or doc.paragraphs or doc.html_blocks:
            yield from _entry_findings(ctx, papers)


def _dated_before(
    what: str, aid: str, published: dt.date | None, earliest: dt.date, fmt: DateFormat, text: str
) -> str:
    """The message of ``what`` (a row, an entry) whose date ``text`` comes before its paper."""
    if published:
        return (
            f"{what} is dated before its paper: arXiv {aid} was first published on "
            f"{published.isoformat()} (arXiv's API): "
            + expected_found(f"{_write(fmt, published)} or later", repr(text))
        )
    return (
        f"{what} is dated before its paper: arXiv {aid} dates from {_when(aid, earliest)}: "
        + expected_found(f"{_write(fmt, earliest)} or later", repr(text))
    )


def _when(aid: str, earliest: dt.date) -> str:
    """The month an identifier encodes, and the month before when the paper may be older: numbered early
    in its month, or submitted on a day before it (held for moderation)."""
    year, month = arxiv_month(aid) or (earliest.year, earliest.month)
    when = f"{MONTH_NAMES[month - 1].capitalize()} {year}"
    if (earliest.year, earliest.month) != (year, month):
        early = earliest_submission(aid) == earliest
        why = (
            "it is numbered early in its month" if early else "a paper held for moderation is numbered later"
        )
        when += f" (or {MONTH_NAMES[earliest.month - 1].capitalize()}: {why})"
    return when


#: venues whose year is the year a paper appeared on arXiv (a conference's may come before its preprint)
_PREPRINT_VENUES = frozenset({"arxiv", "corr", "preprint", "arxiv preprint"})


def _entry_findings(ctx: Context, papers: dict[str, Paper]) -> Iterator[Finding]:
    """Entries dated (or, without a date, given an arXiv year) before their paper."""
    lines = ctx.doc.lines
    group: Group | None = None
    fmt: DateFormat | None = None
    dates: GroupDates | None = None
    days = 0
    keys: dict[str, tuple[int, ...] | None] = {}  # a date text of the group -> its key at its precision
    for entry, aid in paper_entries(ctx):
        if entry.group is not group:  # paper_entries gives a group's entries one after another
            group = entry.group
            fmt = group.scheme.date_format
            dates = group_dates(ctx, group)
            # a day is the paper's submission, which may come before the month arXiv numbered it by (a
            # paper held for moderation is numbered when it is announced): offline, a month more
            days = int(fmt is not None and fmt.precision == 3)
            keys = {}
        roles = entry.roles
        published = _first_version(papers, aid) if papers else None
        if published is False:
            continue
        floor = (published.year, published.month, published.day) if published else _first_day(aid, days)
        if floor is None:
            continue
        text = roles.date
        if text and fmt is not None and dates is not None:
            key = keys.get(text, _MISSING)
            if key is _MISSING:
                key = keys[text] = _date_key(fmt, dates.parts[text])
            if key is None:
                continue  # date-format reports it
            if key >= floor[: len(key)]:
                continue
            col = locate(lines, roles.date_line, roles.date_column, text)
            message = _dated_before("entry", aid, published, dt.date(*floor), fmt, text)
            yield ctx.report(roles.date_line, col, message, end_column=col + len(text))
        elif roles.venue_year is not None and (roles.venue or "").casefold() in _PREPRINT_VENUES:
            if roles.venue_year >= floor[0]:
                continue
            earliest = dt.date(*floor)
            source = (
                f"was first published on {published.isoformat()} (arXiv's API)"
                if published
                else (f"dates from {_when(aid, earliest)}")
            )
            line, col, venue = _venue_at(lines, entry, roles.venue or "")
            yield ctx.report(
                line,
                col,
                f"the entry's venue year is before its paper: arXiv {aid} {source}: "
                + expected_found(f"{roles.venue} {earliest.year} or later", repr(venue)),
                end_column=col + len(venue),
            )


def _date_key(fmt: DateFormat, parts: DateParts) -> tuple[int, ...] | None:
    """The (year, month, day) of an entry's date read in its group's format, cut to the precision it is
    compared at (a year alone among month dates compares by its year); None for a text that is no date
    in the format itself or in a coarser spelling of it (the group's other spellings are not read)."""
    value, _invalid, _coarse, _respelt, style, _rewritten = parts
    if value is None or style is not None:
        return None
    given = min(fmt.precision, 1 + bool(value.month) + bool(value.month and value.day))
    return value.key()[:given]


def _venue_at(lines: list[str], entry: Entry, venue: str) -> tuple[int, int, str]:
    """(line, column, text) of an entry's last ``venue`` and its year as written (``Preprint'24``); the
    entry's start and ``venue`` when it is not found."""
    for line, _col, _text in reversed(entry.lines):
        raw = lines[line - 1]
        found = raw.rfind(venue)
        if found >= 0:
            end = found + len(venue)
            while end < len(raw) and raw[end] in " \t'’":
                end += 1
            while end < len(raw) and raw[end].isdigit():
                end += 1
            return line, found + 1, raw[found:end]
    return entry.line, entry.column, venue


RULES: list[type[Rule]] = [ArxivDate]
