"""The tables a list writes in HTML (``<table><tr><td>…``): rows and cells with their lines, links and text.

A ``<table>`` at the start of a line opens an HTML block, which a blank line ends; GitHub reads the lines
after it as Markdown again (a paragraph of links inside a ``<td>``), until the next HTML block goes on
with the table. So a table is read across the HTML blocks that hold its tags and the Markdown lines
between them: the tags from the HTML blocks, the text of the Markdown lines as it is written.

What is modelled: ``<tr>`` rows (a ``<thead>`` row or a row of ``<th>`` cells is a header row), ``<td>``
and ``<th>`` cells, each cell's text as GitHub's sanitised HTML shows it (tags dropped, entities decoded,
white space collapsed; ``<script>``, ``<style>`` and comments dropped) and its links: the ``href`` and
``src`` of its tags (``<a>``, ``<img>``, ``<source>``, ...; as the inline scanner makes them, also where a
tag spans lines), and the document's links on the Markdown lines inside it (a paragraph after a blank
line). A table inside a cell is a table of its own, whose links are its cells', not the outer cell's.

Not modelled: ``rowspan`` and ``colspan`` are read but not expanded (a spanning cell is one cell of the row
it starts in, so the cells of the rows below it stand one column to the left of their header); rows
outside ``<thead>``/``<tbody>`` order (``<tfoot>`` rows are body rows where they are written); the
implicit ends a browser gives misnested tags (a ``<td>`` outside any ``<tr>`` opens a row; an unclosed
``<table>`` ends at the next heading or at the end of the document); a table written inside a paragraph
(inline HTML after text on its line); text placed outside any cell.

The tags are read by a scanner of this module, not :mod:`html.parser`: Python 3.11's parser takes
quadratic time on some malformed input (``</`` or ``<td`` repeated: 5 s for 20,000 repetitions, 111 s for
80,000), and a pull request writes the README. Every construct is scanned once: a failed tag stops at the
next ``<`` or ``>``, a comment or a script ends at the first closing mark after it.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from awesomelint._record import field, record
from awesomelint._regex import lazy_compile
from awesomelint.document.inline import LINK_TAGS, attribute_urls, unescape_entities
from awesomelint.document.model import Document, Link, make_link

_TABLE_OPEN = lazy_compile(r"<table(?=[\s/>])", re.IGNORECASE)
# a tag: its name, then attributes up to its ">"; a quoted value holds no "<" or ">", so a failed match
# stops at the next one of those (linear scanning)
_TAG = lazy_compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*+)((?:[^<>\"']|\"[^\"<>]*+\"|'[^'<>]*+')*+)>")
_SPAN = lazy_compile(r"\b(colspan|rowspan)\s*=\s*[\"']?\s*([0-9]{1,4})", re.IGNORECASE)
_RAW = {"script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes"}
_BREAKS = {"br", "p", "div", "li", "ul", "ol", "hr", "dd", "dt", "h1", "h2", "h3", "h4", "h5", "h6"}
_WHITE = lazy_compile(r"\s+")


@record(slots=True, kw_only=True, eq=False)
class HtmlCell:
    """A ``<td>`` or ``<th>``: where its tag starts, where it ends, its text and links."""

    line: int
    column: int
    end_line: int
    end_column: int
    header: bool
    text: str = ""
    links: list[Link] = field(default_factory=list)
    colspan: int = 1
    rowspan: int = 1


@record(slots=True, kw_only=True, eq=False)
class HtmlRow:
    """A ``<tr>``: its cells; a header row stands in ``<thead>`` or has only ``<th>`` cells."""

    line: int
    column: int
    end_line: int
    cells: list[HtmlCell] = field(default_factory=list)
    header: bool = False

    @property
    def texts(self) -> list[str]:
        return [cell.text for cell in self.cells]


@record(slots=True, kw_only=True, eq=False)
class HtmlTable:
    """A ``<table>``: its header row (the first header row, if any) and its other rows."""

    index: int
    line: int
    column: int
    end_line: int
    header: HtmlRow | None
    rows: list[HtmlRow]
    #: Titles of the enclosing headings.
    section: list[str] = field(default_factory=list)

    @property
    def header_names(self) -> list[str]:
        return self.header.texts if self.header is not None else []


class _Open:
    """A table being read: its rows, the row and cell open in it, whether a ``<thead>`` is open."""

    def __init__(self, line: int, column: int) -> None:
        self.line, self.column = line, column
        self.rows: list[HtmlRow] = []
        self.row: HtmlRow | None = None
        self.cell: HtmlCell | None = None
        self.parts: list[str] = []  # the open cell's text
        self.in_head = False
        self.cells: list[HtmlCell] = []  # every cell, in order (for the links)


class _Reader:
    """The tables of one run of lines, read tag by tag (see the module's docstring)."""

    def __init__(self, section: list[str]) -> None:
        self.section = section
        self.open: list[_Open] = []
        self.done: list[tuple[_Open, int]] = []  # a closed table and its last line

    def tag(self, closing: bool, name: str, attrs: str, line: int, column: int, end: tuple[int, int]) -> None:
        if name in LINK_TAGS:
            return
        if name == "table":
            if not closing:
                self.open.append(_Open(line, column))
            elif self.open:
                self.close_table(end)
            return
        if not self.open:
            return
        table = self.open[-1]
        if name in ("td", "th"):
            self.close_cell(table, (line, column))
            if not closing:
                if table.row is None:
                    self.open_row(table, line, column)
                assert table.row is not None
                cell = HtmlCell(
                    line=line, column=column, end_line=line, end_column=column, header=name == "th"
                )
                for m in _SPAN.finditer(attrs):
                    value = max(1, int(m.group(2)))
                    if m.group(1).lower() == "colspan":
                        cell.colspan = value
                    else:
                        cell.rowspan = value
                table.cell = cell
                table.row.cells.append(cell)
                table.cells.append(cell)
            else:
                table.cell = None
                self.end_cell_at(table, end)
        elif name == "tr":
            self.close_row(table, (line, column))
            if not closing:
                self.open_row(table, line, column)
        elif name == "thead":
            self.close_row(table, (line, column))
            table.in_head = not closing
        elif name in ("tbody", "tfoot"):
            self.close_row(table, (line, column))
            table.in_head = False
        elif name in _BREAKS:
            table.parts.append(" ")

    def text(self, text: str) -> None:
        if self.open and self.open[-1].cell is not None:
            self.open[-1].parts.append(text)

    def link(self, link: Link) -> None:
        if self.open and self.open[-1].cell is not None:
            self.open[-1].cell.links.append(link)

    def open_row(self, table: _Open, line: int, column: int) -> None:
        table.row = HtmlRow(line=line, column=column, end_line=line, header=table.in_head)
        table.rows.append(table.row)

    def close_cell(self, table: _Open, at: tuple[int, int]) -> None:
        """End the open cell (if any) where the next tag starts."""
        cell = table.cell
        if cell is None:
            return
        cell.end_line, cell.end_column = at
        cell.text = _clean(table.parts)
        table.parts = []
        table.cell = None

    def end_cell_at(self, table: _Open, end: tuple[int, int]) -> None:
        """A ``</td>``: the last cell ends after it (its text was taken by ``close_cell``)."""
        if table.row is not None and table.row.cells:
            last = table.row.cells[-1]
            last.end_line, last.end_column = end

    def close_row(self, table: _Open, at: tuple[int, int]) -> None:
        self.close_cell(table, at)
        if table.row is not None:
            table.row.end_line = at[0]
            table.row = None

    def close_table(self, end: tuple[int, int]) -> None:
        table = self.open[-1]
        self.close_row(table, end)
        self.open.pop()
        self.done.append((table, end[0]))

    def close_all(self, end: tuple[int, int]) -> None:
        while self.open:
            self.close_table(end)


def _clean(parts: list[str]) -> str:
    text = "".join(parts)
    if "&" in text:
        text = unescape_entities(text)
    return _WHITE.sub(" ", text).strip()


def _scan(reader: _Reader, text: str, where: _Where) -> None:
    """Read the tags and text of ``text`` (the joined lines of HTML blocks) into ``reader``."""
    pos, n = 0, len(text)
    while pos < n:
        lt = text.find("<", pos)
        if lt < 0:
            reader.text(text[pos:])
            return
        if lt > pos:
            reader.text(text[pos:lt])
        if text.startswith("<!--", lt):
            close = text.find("-->", lt + 4)
            if close < 0:
                return  # the comment runs to the end
            pos = close + 3
            continue
        if text.startswith(("<!", "<?"), lt):
            close = text.find(">", lt)
            if close < 0:
                reader.text(text[lt:])
                return
            pos = close + 1
            continue
        m = _TAG.match(text, lt)
        if m is None:
            reader.text("<")
            pos = lt + 1
            continue
        name = m.group(2).lower()
        line, column = where.at(lt)
        end = where.at(m.end())
        if name in LINK_TAGS and not m.group(1):
            for offset, url in attribute_urls(m.group(3)):
                # a tag over several lines: the link is placed on its URL's line, from its URL
                url_line, url_column = where.at(m.start(3) + offset)
                same = url_line == line
                reader.link(
                    make_link(
                        url=url,
                        text=name,
                        kind="html",
                        line=url_line,
                        column=column if same else url_column,
                        url_column=url_column,
                        end_column=end[1] if end[0] == url_line else url_column + len(url),
                    )
                )
        reader.tag(bool(m.group(1)), name, m.group(3), line, column, end)
        pos = m.end()
        if name in _RAW and not m.group(1):
            close = text.lower().find("</" + name, pos)  # (lower() once per raw element: rare)
            if close < 0:
                return
            pos = close


class _Where:
    """1-based (line, column) of an offset into the joined text of a run of lines."""

    def __init__(self, first: int, starts: list[int], prefixes: list[int]) -> None:
        self.first = first  # 1-based line of the run's first line
        self.starts = starts  # offset of each line in the joined text
        self.prefixes = prefixes  # characters of each line before its text (container markers)

    def at(self, offset: int) -> tuple[int, int]:
        i = bisect_right(self.starts, offset) - 1
        return self.first + i, offset - self.starts[i] + self.prefixes[i] + 1


def html_tables(doc: Document) -> list[HtmlTable]:
    """The HTML tables of ``doc`` in document order (outer tables before the tables in their cells)."""
    blocks = [b for b in doc.html_blocks if _TABLE_OPEN.search(b.text)]
    if not blocks:
        return []
    html_lines: dict[int, str] = {}  # 1-based line -> its text inside its HTML block
    for block in doc.html_blocks:
        for i, text in enumerate(block.text.split("\n")[: block.end_line - block.line + 1]):
            html_lines[block.line + i] = text
    headings = {s.line for s in doc.sections}
    code = doc.code_lines()
    out: list[tuple[_Open, int, list[str]]] = []  # (table, last line, section)
    line = 0
    for block in blocks:
        if block.line <= line:
            continue  # read with the table before it
        line = _read_from(doc, block.line, html_lines, headings, code, out)
    tables: list[HtmlTable] = []
    for table, last, section in sorted(out, key=lambda t: (t[0].line, t[0].column)):
        rows = [row for row in table.rows if row.cells]
        header = rows[0] if rows and (rows[0].header or _all_th(rows[0])) else None
        if header is not None:
            header.header = True
            del rows[0]
        tables.append(
            HtmlTable(
                index=len(tables),
                line=table.line,
                column=table.column,
                end_line=last,
                header=header,
                rows=rows,
                section=section,
            )
        )
    _assign_links(doc, [table for table, _last, _section in out], html_lines)
    return tables


def _all_th(row: HtmlRow) -> bool:
    return bool(row.cells) and all(cell.header for cell in row.cells)


def _section_at(doc: Document, line: int) -> list[str]:
    path: list[str] = []
    for section in doc.sections:
        if section.line >= line:
            break
        path = section.path
    return path


def _read_from(
    doc: Document,
    first: int,
    html_lines: dict[int, str],
    headings: set[int],
    code: set[int],
    out: list[tuple[_Open, int, list[str]]],
) -> int:
    """Read the tables that open in the HTML block at ``first`` (1-based) across the blocks and Markdown
    lines that follow, until every table is closed; the last line read."""
    reader = _Reader(_section_at(doc, first))
    line = first
    last = doc.line_count
    while line <= last:
        if line in html_lines:
            run: list[str] = []
            prefixes: list[int] = []
            start = line
            while line in html_lines:
                text = html_lines[line]
                raw = doc.lines[line - 1]
                run.append(text)
                prefixes.append(len(raw) - len(text) if raw.endswith(text) else 0)
                line += 1
            starts, offset = [], 0
            for text in run:
                starts.append(offset)
                offset += len(text) + 1
            _scan(reader, "\n".join(run), _Where(start, starts, prefixes))
            if not reader.open:
                break
            continue
        if line in headings and line != first:
            reader.close_all((line - 1, len(doc.lines[line - 2]) + 1 if line > 1 else 1))
            line -= 1
            break
        if line not in code:
            reader.text(" " + doc.lines[line - 1].strip() + " ")  # Markdown inside a cell, as written
        line += 1
    end_line = min(line, last)
    reader.close_all((end_line, len(doc.lines[end_line - 1]) + 1 if end_line else 1))
    for table, table_last in reader.done:
        out.append((table, table_last, reader.section))
    return end_line


def _assign_links(doc: Document, tables: list[_Open], html_lines: dict[int, str]) -> None:
    """Give each cell the document's links on Markdown lines (not ``html_lines``) that stand between its
    start and its end; a link inside a table in a cell is that table's cell's only. One sweep over the cells and the links in order: a cell
    of a nested table starts and ends inside the cell around it, so the innermost open cell is on top."""
    cells = sorted((cell for table in tables for cell in table.cells), key=lambda c: (c.line, c.column))
    if not cells:
        return
    first, last = cells[0].line, max(cell.end_line for cell in cells)
    links = [link for link in doc.links if first <= link.line <= last and link.line not in html_lines]
    stack: list[HtmlCell] = []
    touched: list[HtmlCell] = []
    k = 0
    for link in links:
        pos = (link.line, link.column)
        while k < len(cells) and (cells[k].line, cells[k].column) <= pos:
            cell = cells[k]
            while stack and (stack[-1].end_line, stack[-1].end_column) <= (cell.line, cell.column):
                stack.pop()
            stack.append(cell)
            k += 1
        while stack and (stack[-1].end_line, stack[-1].end_column) <= pos:
            stack.pop()
        if stack:
            stack[-1].links.append(link)
            touched.append(stack[-1])
    for cell in touched:  # its tags' links and its Markdown lines' in document order
        cell.links.sort(key=lambda k: (k.line, k.column))
