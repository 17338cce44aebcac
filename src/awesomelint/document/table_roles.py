"""The parts of a table row and of an HTML table row, from the table's header.

A Markdown table's columns are the analysis's (:class:`~awesomelint.document.analysis.TableInfo`: title,
identity, paper and date columns); an HTML table's are read from its header row the same way (its date
column must hold dates of one format, as a Markdown table's). Columns named code, description or venue give
those parts; without a paper or code column, a link's own text or address says what it is
(:func:`~awesomelint.document.entry_roles.link_role`).
"""

from __future__ import annotations

from awesomelint.document.analysis import DocInfo, TableInfo
from awesomelint.document.dates import clean_date_text, infer_format
from awesomelint.document.entry_roles import ROLE_MIN_SHARE, Roles, Scheme, is_publication, link_role, words
from awesomelint.document.headers import header_columns, header_key, is_date_header
from awesomelint.document.html_tables import HtmlRow, HtmlTable
from awesomelint.document.model import Link, Row
from awesomelint.document.rows import identity_link

_CODE_HEADERS = words("code github repo repository source implementation 代码 コード 源码")
_DESCRIPTION_HEADERS = words(
    "description introduction summary notes note abstract about 简介 描述 介绍 説明 概要 설명"
)
_VENUE_HEADERS = words("venue conference journal publication 会议 期刊")


def _columns_named(names: list[str], wanted: frozenset[str]) -> list[int]:
    return [i for i, name in enumerate(names) if wanted.intersection(header_key(name).split())]


def table_scheme(tinfo: TableInfo, info: DocInfo | None) -> Scheme:
    """A Markdown table's scheme: its title column, its date format, whether it lists papers."""
    fmt = (tinfo.date_format or (info.date_format if info else None)) if tinfo.date_col is not None else None
    return Scheme(title="column", date_format=fmt, papers=tinfo.paper_table)


def row_roles(tinfo: TableInfo, row: Row) -> Roles:
    """A table row's roles, from its table's header (the columns the analysis found)."""
    roles = Roles()
    col = tinfo.title_col
    if col is None and tinfo.identity_cols:
        col = tinfo.identity_cols[0]
    cell = row.cell(col)
    if cell is not None:
        roles.title, roles.title_line, roles.title_column = cell.text, row.line, cell.column
    ident = tinfo.identity(row)
    roles.primary = ident[1] if ident is not None else None
    found = tinfo.date_text(row) if tinfo.date_col is not None else None
    if found is not None:
        roles.date, roles.date_line, roles.date_column = found[0], row.line, found[1]
    names = tinfo.table.header_names
    _cell_roles(roles, [(c.text, c.links) for c in row.cells], names, tinfo.paper_cols)
    return roles


def _cell_roles(
    roles: Roles, cells: list[tuple[str, list[Link]]], names: list[str], paper_cols: list[int]
) -> None:
    """Papers, code, badges, description and venue of a row's cells under a header's names."""
    code_cols = _columns_named(names, _CODE_HEADERS)
    for i, (_text, links) in enumerate(cells):
        for link in links:
            role = link_role(link)
            if role == "badge":
                roles.badges.append(link)
            elif not link.is_image and (i in paper_cols or (role == "paper" and not paper_cols)):
                roles.papers.append(link)
            elif not link.is_image and (i in code_cols or (role == "code" and not code_cols)):
                roles.code.append(link)
    for i in _columns_named(names, _DESCRIPTION_HEADERS)[:1]:
        if i < len(cells):
            roles.description = cells[i][0]
    for i in _columns_named(names, _VENUE_HEADERS)[:1]:
        if i < len(cells) and cells[i][0]:
            roles.venue = cells[i][0]


def html_scheme(table: HtmlTable) -> Scheme:
    """An HTML table's scheme: its title, paper and date columns from its header."""
    names = table.header_names
    title_col, papers, _titles, _links = header_columns(names)
    scheme = Scheme(title="column")
    scheme.columns["title"] = [title_col] if title_col is not None else []
    scheme.columns["papers"] = papers
    for i, name in enumerate(names):
        if is_date_header(name):
            values = [
                v for row in table.rows if i < len(row.cells) and (v := clean_date_text(row.cells[i].text))
            ]
            fmt, share = infer_format(values)
            if fmt is not None and share >= ROLE_MIN_SHARE:
                scheme.date_format = fmt
                scheme.columns["date"] = [i]
            break
    cols = scheme.columns["title"] + papers
    rows = table.rows
    firsts = [
        identity_link([k for c in cols if c < len(row.cells) for k in row.cells[c].links]) for row in rows
    ]
    scheme.papers = bool(rows) and sum(map(is_publication, firsts)) >= ROLE_MIN_SHARE * len(rows)
    return scheme


def html_row_roles(table: HtmlTable, scheme: Scheme, row: HtmlRow) -> Roles:
    """An HTML table row's roles under its table's scheme."""
    roles = Roles()
    cells = row.cells
    title = scheme.columns.get("title") or [0]
    if title[0] < len(cells):
        cell = cells[title[0]]
        roles.title, roles.title_line, roles.title_column = cell.text, cell.line, cell.column
        roles.primary = identity_link(cell.links)
    if roles.primary is None:
        roles.primary = identity_link([k for c in cells for k in c.links])
    for i in scheme.columns.get("date", []):
        if i < len(cells) and (value := clean_date_text(cells[i].text)):
            roles.date, roles.date_line, roles.date_column = value, cells[i].line, cells[i].column
    _cell_roles(
        roles, [(c.text, c.links) for c in cells], table.header_names, scheme.columns.get("papers", [])
    )
    return roles
