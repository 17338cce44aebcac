"""Dates: every date follows the list's format and is real and not in the future; rows keep their order."""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence

from awesomelint.document.analysis import DocInfo, TableInfo
from awesomelint.document.date_reading import DateParts
from awesomelint.document.dates import DateFormat, DateValue, reinterpret
from awesomelint.document.model import Row
from awesomelint.findings import Finding, Fix
from awesomelint.rules._fixes import group_dates, locate, reorder_items_fix
from awesomelint.rules._order import keep_order, neighbours
from awesomelint.rules.base import Context, Rule, expected_found

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at start-up
if TYPE_CHECKING:
    from awesomelint.document.entries import Entry, Group

#: a table is taken to be in date order only when at most this share of its dated rows is out of order
ORDER_MAX_DISORDER = 0.25
#: ... and when its steps in that order outnumber its steps against it at least this many times
ORDER_MIN_STEP_RATIO = 3


def _format_source(info: DocInfo, fmt: DateFormat) -> str:
    return (
        f"{fmt.spec} (configured)" if info.date_format_configured else f"{fmt.spec} (inferred from the list)"
    )


def _replace_in_line(line: str, column: int, old: str, new: str) -> str | None:
    """``line`` with ``old`` at ``column`` replaced by ``new``; None when ``old`` does not stand there
    (a date assembled from around HTML tags, say), so no fix is offered."""
    i = column - 1
    if line[i : i + len(old)] != old:
        return None
    return line[:i] + new + line[i + len(old) :]


class DateFormatRule(Rule):
    name = "date-format"
    entry_forms = ("row", "item", "html-row", "paragraph")
    code = "AL201"
    severity = "error"
    summary = "A date does not follow the list's date format, is not a real date, or lies in the future."
    what = (
        "Reads the date column of every table (a column named like Date, Year, Time, 日期, 时间, 公開年...; or "
        "`dates.column`) and checks each value against the list's format (`dates.format`, else the format "
        "most dates of the list follow: YYYY.MM, YYYY-MM-DD, YYYY/MM, Mon YYYY, YY.MM, ...). Empty cells and "
        "placeholders such as '-' are skipped; emphasis such as **2023** is allowed. The format is any "
        "spelling a list uses throughout (`May, 2023`, `Sep. 2023`, `2025.0126`, `2024-5`, `'24.05`). A "
        "coarser date (a year among months, a month such as `2024-02` among days) is that year or month, "
        "not a wrong date, unless `dates.format` is configured. A date written in another spelling the "
        "list uses elsewhere (`2025.1` among `2025.01` dates), or with its month spelt otherwise than the "
        "format spells it (`June 2024` or `Sept 2024` in a `Mon YYYY` list), is the same date: a warning, "
        "fixed into the list's format. Only a date that cannot be read or does not exist is an error. "
        "The dates of entries written otherwise are read the same way, each in its own group's format (the "
        "one most of the group's dates follow, or `dates.format`): a list whose items open with a date "
        "(`- [2023/08] **Title.** ...`, `1. 2024.05 [Name](...)`), a run of paragraph entries whose last line "
        "is a date (`4 Feb 2023`), an HTML table's date column. A day or month padded otherwise than the group "
        "pads it (`06 Jun 2022` among `4 Feb 2023`) is another spelling. A date in an entry's description or "
        "a venue's year (`NeurIPS 2022`) is not the entry's date."
    )
    why = (
        "A list sorted and read by date needs one format: '2023-09' among '2023.09' values sorts wrongly, "
        "'2024.13' is a typo, and a date in the future is a typo of the year."
    )
    example = "|2024.05|DeepSeek-V2|...\n|2024-06|Mooncake|...\n|2024.13|MInference|..."
    fixed = "|2024.05|DeepSeek-V2|...\n|2024.06|Mooncake|...\n|2024.07|MInference|..."
    fixable = True

    def check(self, ctx: Context) -> Iterator[Finding]:
        info = ctx.info
        for tinfo in info.tables:
            fmt = tinfo.date_format
            if tinfo.date_col is None or fmt is None:
                continue
            example = info.date_example if fmt is info.date_format else None
            for reading in tinfo.readings(info.today):
                parts = (reading.value, reading.invalid, reading.coarse, reading.respelt, reading.style)
                yield from _check_date(
                    ctx,
                    reading.row.line,
                    reading.column,
                    reading.text,
                    (*parts, reading.rewritten),
                    fmt,
                    example,
                )
        doc = ctx.doc
        if doc.list_items or doc.paragraphs or doc.html_blocks:
            yield from _entry_dates(ctx)


def _check_date(
    ctx: Context,
    line: int,
    col: int,
    text: str,
    parts: DateParts,
    fmt: DateFormat,
    example: str | None,
    source: str | None = None,
) -> Iterator[Finding]:
    """The findings of one date ``text`` at ``line``:``col`` read in ``fmt`` (``parts``: what
    :func:`~awesomelint.document.date_reading.read_in_format` made of it)."""
    info = ctx.info
    value, invalid, _coarse, respelt, style, rewritten = parts
    source = source or _format_source(info, fmt)
    end = col + len(text)
    if invalid:
        yield ctx.report(line, col, f"{text!r} is not a real date: {invalid}", end_column=end)
        return
    if respelt is not None:
        yield _respelt(ctx, line, col, text, respelt, source)
    elif style is not None:
        yield _other_spelling(ctx, line, col, text, style, rewritten, source)
    if value is None:
        alt = reinterpret(text, fmt, info.today)
        fix = None
        hint = f"{example!r}" if example else ""
        if alt is not None:
            new = fmt.write(alt)
            hint = f"{new!r}"
            fix = _date_fix(ctx, line, col, text, new)
        wanted = f"a date in the list's format {source}" + (f", like {hint}" if hint else "")
        yield ctx.report(line, col, expected_found(wanted, repr(text)), end_column=end, fix=fix)
        return
    today = (info.today.year, info.today.month, info.today.day)
    if not ctx.config.dates.allow_future and value.key()[: fmt.precision] > today[: fmt.precision]:
        yield ctx.report(
            line, col, f"{text!r} lies in the future (today is {info.today.isoformat()})", end_column=end
        )


def _says_nothing(ctx: Context, parts: DateParts, fmt: DateFormat) -> bool:
    """Whether :func:`_check_date` finds nothing in a date read as ``parts`` (what it finds does not
    depend on where the date stands): its fast copy, for the dates of a group of entries, most of which
    are right, so that where each stands is looked for only when there is something to say of it."""
    value, invalid, _coarse, respelt, style, _rewritten = parts
    if value is None or invalid is not None or respelt is not None or style is not None:
        return False
    if ctx.config.dates.allow_future:
        return True
    today = ctx.info.today
    return value.key()[: fmt.precision] <= (today.year, today.month, today.day)[: fmt.precision]


def _entry_dates(ctx: Context) -> Iterator[Finding]:
    """The dates of list items, paragraph entries and HTML table rows, each read in its group's format
    (the one most of the group's dates follow, or ``dates.format``)."""
    # lazy: the entry model is imported and built only for a document whose entries may hold dates (start-up)
    from awesomelint.document.entry_roles import may_hold_dates

    if not may_hold_dates(ctx.doc):
        return  # no entry opens with a date
    from awesomelint.document.entries import document_entries  # (lazy, as above)

    info = ctx.info
    lines = ctx.doc.lines
    for group in document_entries(ctx.doc, info).groups:
        if group.skipped or group.kind == "table":
            continue  # a Markdown table's dates are its date column's, read above
        dates = group_dates(ctx, group)
        if dates is None:
            continue
        fmt, parts = dates.fmt, dates.parts
        source = (
            f"{fmt.spec} (configured)"
            if info.date_format_configured
            else f"{fmt.spec} (inferred from its {_GROUP_WORDS[group.kind]})"
        )
        example = next((v for v in parts if fmt.matches_shape(v)), None)
        quiet = {text: _says_nothing(ctx, read, fmt) for text, read in parts.items()}
        for entry in group.entries:
            if entry.skipped:
                continue
            roles = entry.roles
            text = roles.date
            if not text or quiet[text]:
                continue
            col = locate(lines, roles.date_line, roles.date_column, text)
            yield from _check_date(ctx, roles.date_line, col, text, parts[text], fmt, example, source)


#: what a group of entries is called in a message
_GROUP_WORDS = {"list": "list", "paragraphs": "run of entries", "html-table": "HTML table"}


def _date_fix(ctx: Context, line: int, col: int, text: str, new: str) -> Fix | None:
    """The fix that rewrites the date ``text`` at ``col`` of ``line`` as ``new``; None when the text does
    not stand there as read."""
    new_line = _replace_in_line(ctx.doc.lines[line - 1], col, text, new)
    if new_line is None:
        return None
    return Fix(
        line=line,
        end_line=line,
        replacement=[new_line],
        kind="date",
        description=f"rewrite {text} as {new}",
    )


def _respelt(ctx: Context, line: int, col: int, text: str, respelt: str, source: str) -> Finding:
    """A date whose month is spelt otherwise than the list's format spells it (June in a Jun list)."""
    fix = _date_fix(ctx, line, col, text, respelt)
    return ctx.report(
        line,
        col,
        f"{text!r} is the date {respelt} with its month spelt another way: "
        + expected_found(f"{respelt!r}, the list's format {source}", repr(text)),
        end_line=line,
        end_column=col + len(text),
        fix=fix,
        severity="warning",  # a real date, read as such: a difference of style
    )


def _other_spelling(
    ctx: Context, line: int, col: int, text: str, style: str, new: str | None, source: str
) -> Finding:
    """A date written in another spelling the list uses (``2025.1`` among ``2025.01`` dates): read as the
    date it is, a difference of style, fixed into the list's format when it has that precision."""
    wanted = f"{new!r}, in the list's format {source}" if new else f"a date in the list's format {source}"
    return ctx.report(
        line,
        col,
        f"{text!r} is written in another spelling of the list ({style}): "
        + expected_found(wanted, repr(text)),
        end_column=col + len(text),
        fix=_date_fix(ctx, line, col, text, new) if new else None,
        severity="warning",
    )


def _within(coarse: DateValue, value: DateValue) -> bool:
    """Whether ``value`` lies in the year or month that the coarser date ``coarse`` names."""
    return value.year == coarse.year and (not coarse.month or value.month == coarse.month)


def dated_rows(info: DocInfo, tinfo: TableInfo) -> list[tuple[Row, DateValue, str]]:
    """The rows with a date, in table order. A coarser date (a year among months, a month among days)
    takes the date of a neighbour within it, so that it is in order anywhere among the dates it spans."""
    readings = [r for r in tinfo.readings(info.today) if r.value is not None]
    values = _settle_coarse([(r.value, r.coarse) for r in readings if r.value is not None])
    return [(r.row, v, r.text) for r, v in zip(readings, values, strict=True)]


def _settle_coarse(read: list[tuple[DateValue, bool]]) -> list[DateValue]:
    """The dates of ``read`` ((value, coarse) in order), each coarse one replaced by the date of a
    neighbour that lies within it."""
    out = [v for v, _ in read]
    for i, (value, coarse) in enumerate(read):
        if not coarse:
            continue
        near = [read[j][0] for j in (i - 1, i + 1) if 0 <= j < len(read) and not read[j][1]]
        same = [v for v in near if _within(value, v)]
        if same:
            out[i] = same[0]
    return out


def dated_entries(ctx: Context, group: Group) -> list[tuple[Entry, DateValue, str]]:
    """The entries of a dated list, HTML table or run of paragraph entries that carry a readable date,
    in order, coarser dates settled as :func:`dated_rows` settles them."""
    dates = group_dates(ctx, group)
    if dates is None:
        return []
    parts = dates.parts
    found: list[tuple[Entry, str]] = []
    read: list[tuple[DateValue, bool]] = []
    for entry in group.entries:
        if entry.skipped:
            continue
        text = entry.roles.date
        if not text:
            continue
        # read as date-format reads it (the group's other spellings too), as a table's rows are
        value, _invalid, coarse, *_ = parts[text]
        if value is not None:
            found.append((entry, text))
            read.append((value, coarse))
    values = _settle_coarse(read)
    return [(entry, value, text) for (entry, text), value in zip(found, values, strict=True)]


def table_order(
    ctx: Context, tinfo: TableInfo | None, dated: Sequence[tuple[object, DateValue, str]]
) -> tuple[str, list[int]] | None:
    """The table's (or another group's, ``tinfo`` None) date order ('ascending' or 'descending') and the
    indices (into ``dated``) of the rows that keep it; None when the table has no order to keep."""
    configured = ctx.config.dates.order
    if configured == "none" or len(dated) < 2:
        return None
    # (year, month, day) as one number that sorts as the tuple does (month and day < 100): a number
    # compares faster than a tuple in the searches of keep_order
    asc_keys = [v.year * 10000 + v.month * 100 + v.day for _, v, _ in dated]
    desc_keys = [-k for k in asc_keys]
    if configured == "ascending":
        return "ascending", keep_order(asc_keys)
    if configured == "descending":
        return "descending", keep_order(desc_keys)
    if len(dated) < 3:
        return None
    asc, desc = keep_order(asc_keys), keep_order(desc_keys)
    if len(asc) == len(desc):
        return _two_runs(asc_keys, desc_keys)
    direction, keep = ("ascending", asc) if len(asc) > len(desc) else ("descending", desc)
    if len(dated) - len(keep) > ORDER_MAX_DISORDER * len(dated):
        return _two_runs(asc_keys, desc_keys)  # too disordered to have an intended order, unless ...
    keys = asc_keys if direction == "ascending" else desc_keys
    steps_with = sum(1 for a, b in itertools.pairwise(keys) if b > a)
    steps_against = sum(1 for a, b in itertools.pairwise(keys) if b < a)
    if steps_against * ORDER_MIN_STEP_RATIO > steps_with:
        # rows go back and forth (grouped by something else): no intended date order, unless ...
        return _two_runs(asc_keys, desc_keys)
    return direction, keep


def _two_runs(asc_keys: list[int], desc_keys: list[int]) -> tuple[str, list[int]] | None:
    """A table made of two runs in one order stuck together (``2023.01 … 2023.10`` then ``2023.02 …
    2023.05``: a run pasted at the end): the direction and the indices of the longer run, whose order the
    shorter run breaks; None for any other table. The shorter run must lie within the span of the longer
    one: a block of older dates after newer ones is a grouping, not a paste."""
    for direction, keys in (("ascending", asc_keys), ("descending", desc_keys)):
        breaks = [i for i in range(1, len(keys)) if keys[i] < keys[i - 1]]
        if len(breaks) != 1:
            continue
        first, second = list(range(breaks[0])), list(range(breaks[0], len(keys)))
        short, long = (first, second) if len(first) < len(second) else (second, first)
        within = keys[long[0]] <= keys[short[0]] and keys[short[-1]] <= keys[long[-1]]
        if len(short) >= 2 and len(long) > len(short) and within:
            return direction, long
    return None


class DateOrderRule(Rule):
    name = "date-order"
    entry_forms = ("row", "item", "html-row", "paragraph")
    code = "AL202"
    severity = "warning"
    summary = "A row or entry breaks its table's or list's chronological order."
    what = (
        "Finds the rows that break a table's date order: `dates.order` (ascending or descending), else the "
        f"order the table mostly follows (a table with more than {int(ORDER_MAX_DISORDER * 100)}% of its rows "
        f"out of place, or with fewer than {ORDER_MIN_STEP_RATIO} steps forward per step back, has no "
        "inferred order, unless it is two ordered runs stuck together: then the shorter run is reported). "
        "The rows reported are the fewest whose moving restores the order; rows with equal dates may stand "
        "in any order. Dated lists (`- [2023/08] **Title** ...`), runs of paragraph entries and HTML tables "
        "are read the same way, each list or run on its own; --fix sorts a table, or a list whose every item "
        "is dated, moving each item whole, with its nested items and continuation lines."
    )
    why = "Readers scan a dated list for the newest entries; a misplaced row hides among older ones."
    example = "|2024.05|DeepSeek-V2|...\n|2023.12|SmoothQuant+|...\n|2024.06|Mooncake|..."
    fixed = "|2023.12|SmoothQuant+|...\n|2024.05|DeepSeek-V2|...\n|2024.06|Mooncake|..."
    fixable = True

    def check(self, ctx: Context) -> Iterator[Finding]:
        info = ctx.info
        for tinfo in info.tables:
            if tinfo.date_col is None:
                continue
            dated = dated_rows(info, tinfo)
            order = table_order(ctx, tinfo, dated)
            if order is None or len(order[1]) == len(dated):
                continue
            fix = _sort_fix(ctx, tinfo, dated, order[0])
            for i, before, after in _misplaced(order[1], len(dated)):
                row, text = dated[i][0], dated[i][2]
                spots = [(dated[k][0].line, dated[k][2]) if k is not None else None for k in (before, after)]
                found = tinfo.date_text(row)
                col = found[1] if found else row.column
                yield ctx.report(
                    row.line,
                    col,
                    f"row breaks the table's {order[0]} date order: "
                    + expected_found(_bounds(order[0], spots), text),
                    end_column=col + len(text) if found else None,
                    fix=fix,  # every finding of the table carries the one fix that sorts it
                    related_lines=[dated[k][0].line for k in (before, after) if k is not None],
                )
        doc = ctx.doc
        if doc.list_items or doc.paragraphs or doc.html_blocks:  # else no entry but table rows
            yield from self._entry_groups(ctx)

    def _entry_groups(self, ctx: Context) -> Iterator[Finding]:
        """Dated lists, HTML tables and runs of paragraph entries, in the order of their dates."""
        # imported here: the entry model is built only for a document that has entries besides its
        # tables (start-up of a table list, and of a run without this rule)
        from awesomelint.document.entries import document_entries

        info = ctx.info
        for group in document_entries(ctx.doc, info).groups:
            if group.skipped or group.kind == "table" or group.scheme.date_format is None:
                continue
            dated = dated_entries(ctx, group)
            order = table_order(ctx, None, dated)
            if order is None or len(order[1]) == len(dated):
                continue
            direction, keep = order
            fix = None
            if group.kind == "list" and len(dated) == len(group.entries):
                ordered = sorted(
                    range(len(dated)), key=lambda k: dated[k][1].key(), reverse=direction == "descending"
                )
                fix = reorder_items_fix(
                    ctx, group.entries, ordered, f"sort the list at line {group.line} by date, {direction}"
                )
            for i, before, after in _misplaced(keep, len(dated)):
                entry, text = dated[i][0], dated[i][2]
                roles = entry.roles
                spots = [
                    (dated[k][0].roles.date_line, dated[k][2]) if k is not None else None
                    for k in (before, after)
                ]
                yield ctx.report(
                    roles.date_line,
                    roles.date_column,
                    f"entry breaks the list's {direction} date order: "
                    + expected_found(_bounds(direction, spots), text),
                    end_column=roles.date_column + len(text),
                    fix=fix,  # every finding of the list carries the one fix that sorts it
                    related_lines=[spot[0] for spot in spots if spot is not None],
                )


def _misplaced(keep: list[int], n: int) -> Iterator[tuple[int, int | None, int | None]]:
    """Each entry (of ``n``) that is not in ``keep``, with the kept entries it belongs between."""
    kept = set(keep)
    for i in range(n):
        if i not in kept:
            yield (i, *neighbours(keep, i))


def _bounds(direction: str, spots: list[tuple[int, str] | None]) -> str:
    """What a misplaced date should be: between the dates (with their lines) of its kept neighbours, the
    one before and the one after (None where there is none)."""
    bounds = []
    before, after = spots
    if before is not None:
        word = "≥" if direction == "ascending" else "≤"
        bounds.append(f"{word} {before[1]} (line {before[0]})")
    if after is not None:
        word = "≤" if direction == "ascending" else "≥"
        bounds.append(f"{word} {after[1]} (line {after[0]})")
    return "a date " + " and ".join(bounds)


def _sort_fix(
    ctx: Context, tinfo: TableInfo, dated: list[tuple[Row, DateValue, str]], direction: str
) -> Fix | None:
    rows = tinfo.table.rows
    if len(dated) != len(rows) or not rows:
        return None  # rows without a readable date: where they belong is a guess
    if rows[-1].line - rows[0].line + 1 != len(rows):
        return None
    keyed = [(v.key(), r) for r, v, _ in dated]
    # a stable sort: rows with equal dates keep their order (sorted(reverse=True) is stable too)
    ordered = sorted(keyed, key=lambda kr: kr[0], reverse=direction == "descending")
    lines = ctx.doc.lines
    replacement = [lines[r.line - 1] for _, r in ordered]
    return Fix(
        line=rows[0].line,
        end_line=rows[-1].line,
        replacement=replacement,
        kind="reorder",
        description=f"sort the table at line {tinfo.table.line} by date, {direction}",
    )


RULES: list[type[Rule]] = [DateFormatRule, DateOrderRule]
