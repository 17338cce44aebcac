"""``awesomelint init`` on lists whose entries are not table rows (list items ``- [2023/08] **Title**``,
paragraph entries, HTML table rows): the date format and order of the groups the entry model reads as
dated (:mod:`awesomelint.document.entries`), read as a table's are, and the ``dates.order`` key of a list's
tables or groups."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from awesomelint.config import Config
from awesomelint.document.analysis import DocInfo, TableInfo
from awesomelint.document.dates import DateValue, read_or_none
from awesomelint.document.entries import Group, document_entries
from awesomelint.document.model import Document, Row
from awesomelint.document.plain import plain_text
from awesomelint.rules import Context
from awesomelint.rules.dates import table_order

Proposal = tuple[str, str, Any, list[str]]  # (section, key, value, comments)


def entry_groups(doc: Document, info: DocInfo) -> list[Group]:
    """The groups of entries that are not tables (lists, HTML tables, paragraph entries), skipped ones
    left out."""
    return [
        g for g in document_entries(doc, info).groups if g.kind != "table" and not g.skipped and g.entries
    ]


def _group_name(group: Group) -> str:
    title = plain_text(group.section[-1]) if group.section else "top"
    return f"{title!r} (line {group.line})"


def entry_date_proposals(
    doc: Document, info: DocInfo, base: Config, today: dt.date, notes: list[str]
) -> list[Proposal]:
    """The date format and order of a list whose entries are not table rows: of the groups the entry
    model reads as dated (most of their entries open with a date in one format)."""
    dated = [g for g in entry_groups(doc, info) if g.scheme.date_format is not None]
    formats = {g.scheme.date_format.spec for g in dated if g.scheme.date_format is not None}
    if len(formats) > 1:
        notes.append(
            "dated lists write their dates in several formats ("
            + ", ".join(sorted(formats))
            + "); dates.format is left to inference"
        )
        return []
    if not formats:
        return []
    spec = formats.pop()
    proposals: list[Proposal] = [
        ("dates", "format", spec, [f"the format of the dates of {len(dated)} dated list(s) of entries"])
    ]
    ctx = Context(doc=doc, config=base, today=today)
    orders = [(_group_name(g), d) for g in dated if (d := _group_order(ctx, g, today)) is not None]
    proposals.append(order_of(orders, "dated list", "lists"))
    return proposals


def _group_order(ctx: Context, group: Group, today: dt.date) -> str | None:
    """The date order of a dated group's entries, read as the date order of a table is ('none' when it
    keeps none); None when fewer than two of its entries have a date."""
    fmt = group.scheme.date_format
    values: list[DateValue] = []
    for entry in group.entries:
        text = entry.roles.date if not entry.skipped else None
        value = read_or_none(text, fmt, today) if text is not None and fmt is not None else None
        if value is not None:
            values.append(value)
    if len(values) < 2:
        return None
    # the table's inference reads only the dates of its rows, never the rows themselves
    order = table_order(ctx, cast(TableInfo, None), [(cast(Row, None), v, "") for v in values])
    return order[0] if order else "none"


def order_of(orders: list[tuple[str, str]], one: str, many: str) -> Proposal:
    """The ``dates.order`` key of the orders of the dated tables (or lists) ``orders`` (name, order): their
    order when they share one, else ``infer``."""
    directions = {d for _, d in orders}
    comments = []
    if orders:
        comments.append(f"the date order of each {one}, as inferred (none: no order to keep):")
        comments.extend(f"  {name}: {d}" for name, d in orders)
    if len(directions) == 1 and directions != {"none"}:
        return ("dates", "order", directions.pop(), comments)
    if len(directions) > 1:
        comments.append(f'the {many} differ, so "infer" keeps each {one.split()[-1]}\'s own order')
    return ("dates", "order", "infer", comments)
