"""Typed model of a curated list: the document, its sections, tables, rows, cells and links.

Every position is 1-based. ``line`` counts lines the way GitHub and markdown-it do (``\\n``, ``\\r\\n`` and
``\\r`` all end a line); ``column`` counts Unicode code points from the start of the line, after a leading
byte-order mark is removed. A tab, an emoji or a CJK character each count as one column, so a column never
shifts with the editor's tab width or the display width of a character.

The classes are plain slotted dataclasses with keyword-only fields, built by the parser without
validation: a 34k-row list makes ~100k cells and links, and a validating model (pydantic) cost more than
the parse itself. What a rule reports of it is in :mod:`awesomelint.findings`.
"""

from __future__ import annotations

from awesomelint._record import dataclass_transform, field, record

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at start-up
if TYPE_CHECKING:
    from typing import Literal, TypeVar

    LinkKind = Literal["link", "image", "autolink", "bare", "html"]
    Alignment = Literal["left", "center", "right"] | None
    _T = TypeVar("_T")


@dataclass_transform(kw_only_default=True, field_specifiers=(field,))
def _model(cls: type[_T]) -> type[_T]:
    """A slotted dataclass with keyword-only fields (``dataclass_transform`` tells type checkers so)."""
    return record(slots=True, kw_only=True)(cls)


@_model
class Link:
    """A link or image found in the text, with the exact place of its URL."""

    #: The destination as written (backslash escapes removed).
    url: str
    #: Link text or image alt text, raw Markdown.
    text: str
    kind: LinkKind = "link"
    line: int
    #: Column where the construct starts ('[', '!', '<' or the URL).
    column: int
    #: Column of the first character of the URL.
    url_column: int
    #: Column just after the construct (exclusive).
    end_column: int
    #: For an image inside a link ([![alt](img)](url)): the outer link's URL.
    wrapper: str | None = None

    @property
    def is_image(self) -> bool:
        return self.kind == "image" or (self.kind == "html" and self.text == "img")


@_model
class Cell:
    #: 0-based position of the cell in its row.
    index: int
    #: Column of the first character of the cell's content.
    column: int
    #: The cell's raw Markdown, stripped of surrounding spaces.
    text: str
    links: list[Link] = field(default_factory=list)


@_model
class Row:
    line: int
    #: Column where the row's text starts (after list or quote markers).
    column: int
    #: The raw row text, from its first non-space character to the end of the line.
    text: str
    cells: list[Cell]

    def cell(self, index: int | None) -> Cell | None:
        if index is None or index >= len(self.cells):
            return None
        return self.cells[index]


# --- fast constructors ---------------------------------------------------------------------------------
# A class call with keywords costs Python 3.11 a tuple and a dict of the arguments on the way to
# ``__init__`` (``type.__call__`` -> ``slot_tp_init``); a parse makes a Cell per table cell, a Link per
# link and a Row per row (270k objects of a 34k-row list), so the parser makes them with these functions:
# a plain call, then the fields set one by one, with neither the tuple nor the dict. ``tests/test_parse.py``
# holds each to its class (every field set, the same object as the class makes).

_new = object.__new__


def make_link(
    *,
    url: str,
    text: str,
    kind: LinkKind = "link",
    line: int,
    column: int,
    url_column: int,
    end_column: int,
    wrapper: str | None = None,
) -> Link:
    """``Link(...)``, faster."""
    link: Link = _new(Link)
    link.url = url
    link.text = text
    link.kind = kind
    link.line = line
    link.column = column
    link.url_column = url_column
    link.end_column = end_column
    link.wrapper = wrapper
    return link


def make_cell(*, index: int, column: int, text: str, links: list[Link]) -> Cell:
    """``Cell(...)``, faster."""
    cell: Cell = _new(Cell)
    cell.index = index
    cell.column = column
    cell.text = text
    cell.links = links
    return cell


def make_row(*, line: int, column: int, text: str, cells: list[Cell]) -> Row:
    """``Row(...)``, faster."""
    row: Row = _new(Row)
    row.line = line
    row.column = column
    row.text = text
    row.cells = cells
    return row


@_model
class Table:
    #: 0-based position of the table in the document.
    index: int
    #: Line of the header row.
    line: int
    column: int
    delimiter_line: int
    #: Last line of the table (the header's line when it has no rows).
    end_line: int
    header: list[Cell]
    alignments: list[Alignment]
    rows: list[Row]
    #: Titles of the enclosing headings.
    section: list[str] = field(default_factory=list)

    @property
    def header_names(self) -> list[str]:
        return [c.text for c in self.header]

    @property
    def width(self) -> int:
        return len(self.header)


@_model
class Section:
    level: int
    #: The heading's raw Markdown text.
    title: str
    line: int
    path: list[str]


@_model
class CodeBlock:
    line: int
    end_line: int
    fenced: bool
    closed: bool = True
    marker: str = ""


@_model
class HtmlBlock:
    line: int
    end_line: int
    text: str


@_model
class ListItem:
    """A list item (GitHub's ``<li>``): its lines, its marker and the item it is nested in."""

    line: int
    #: Last line of the item, its nested items and continuation lines included, the blank lines that
    #: separate it from what follows not.
    end_line: int
    #: Column of the marker.
    column: int
    #: ``-``, ``*``, ``+``, or a number and its delimiter (``1.``, ``12)``).
    marker: str
    #: Columns of indentation before the marker, inside its container (a parent item, a quote).
    indent: int
    #: 0-based index in ``Document.list_items`` of the item this one is nested in, None at the top.
    parent: int | None
    #: 0-based index in ``Document.list_items`` of the first item of its list: items with the same
    #: ``list_start`` are siblings (one ``<ul>`` or ``<ol>``).
    list_start: int
    #: Titles of the enclosing headings.
    section: list[str] = field(default_factory=list)
    #: A block quote stands around the item (its lines carry ``>`` markers).
    quoted: bool = False


def make_list_item(
    *,
    line: int,
    end_line: int,
    column: int,
    marker: str,
    indent: int,
    parent: int | None,
    list_start: int,
    section: list[str],
    quoted: bool = False,
) -> ListItem:
    """``ListItem(...)``, faster (a list of 4,000 items makes as many)."""
    item: ListItem = _new(ListItem)
    item.line = line
    item.end_line = end_line
    item.column = column
    item.marker = marker
    item.indent = indent
    item.parent = parent
    item.list_start = list_start
    item.section = section
    item.quoted = quoted
    return item


@_model
class Paragraph:
    """A paragraph of more than one line (the candidates of paragraph entries)."""

    line: int
    end_line: int
    #: Column where the paragraph's text starts on its first line.
    column: int


def make_paragraph(*, line: int, end_line: int, column: int) -> Paragraph:
    """``Paragraph(...)``, faster (a list of paragraph entries makes one per entry)."""
    para: Paragraph = _new(Paragraph)
    para.line = line
    para.end_line = end_line
    para.column = column
    return para


@_model
class PipeParagraph:
    """A paragraph that looks like a table to a human but is not one to the parser."""

    line: int
    end_line: int
    lines: list[str]


@_model
class Directive:
    """An inline suppression comment such as ``<!-- awesomelint-disable-next-line date-order -->``."""

    line: int
    column: int
    #: Column just after the comment's ``-->``.
    end_column: int
    action: Literal["disable", "enable", "disable-next-line", "disable-line", "disable-file"]
    #: Rule names or codes; empty means all rules.
    rules: list[str] = field(default_factory=list)


@_model
class Document:
    path: str
    line_count: int
    has_bom: bool = False
    newline: str = "\n"
    final_newline: bool = True
    sections: list[Section] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    #: Links outside tables and code.
    links: list[Link] = field(default_factory=list)
    code_blocks: list[CodeBlock] = field(default_factory=list)
    html_blocks: list[HtmlBlock] = field(default_factory=list)
    pipe_paragraphs: list[PipeParagraph] = field(default_factory=list)
    #: The list items, in document order (a parent before its children).
    list_items: list[ListItem] = field(default_factory=list)
    paragraphs: list[Paragraph] = field(default_factory=list)
    directives: list[Directive] = field(default_factory=list)
    lines: list[str] = field(default_factory=list, repr=False)
    #: the last analysis of the document (``document.analysis.analyse`` keeps it here with the hints and
    #: the date it was made for): the rules, the fix's verification and the final lint of --fix share it
    analysis: object = field(default=None, repr=False, compare=False)

    def code_lines(self) -> set[int]:
        """The 1-based lines inside code blocks (fenced or indented), where nothing is Markdown."""
        out: set[int] = set()
        for block in self.code_blocks:
            out.update(range(block.line, block.end_line + 1))
        return out

    def iter_links(self) -> list[Link]:
        """Every link of the document: outside tables, then table cells, in document order."""
        out = list(self.links)
        for table in self.tables:
            for cell in table.header:
                out.extend(cell.links)
            for row in table.rows:
                for cell in row.cells:
                    out.extend(cell.links)
        out.sort(key=lambda link: (link.line, link.column))
        return out
