"""Typed model of a curated list: the document, its sections, tables, rows, cells and links.

Every position is 1-based. ``line`` counts lines the way GitHub and markdown-it do (``\\n``, ``\\r\\n`` and
``\\r`` all end a line); ``column`` counts Unicode code points from the start of the line, after a leading
byte-order mark is removed. A tab, an emoji or a CJK character each count as one column, so a column never
shifts with the editor's tab width or the display width of a character.
"""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field

Severity = Literal["error", "warning"]
LinkKind = Literal["link", "image", "autolink", "bare", "html"]
Alignment = Literal["left", "center", "right"] | None


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)


class _Compact(_Model):
    """A model made by the hundred thousand (cells, links, rows): every instance shares one
    ``__pydantic_fields_set__`` (all field names), which saves ~200 bytes per instance; pydantic only
    ever adds field names to it, which are all in it already."""

    def __init__(self, **data: object) -> None:
        super().__init__(**data)
        object.__setattr__(self, "__pydantic_fields_set__", type(self).__shared_fields__)

    def __init_subclass__(cls, **kwargs: object) -> None:
        super().__init_subclass__(**kwargs)
        cls.__shared_fields__ = set(cls.__annotations__)

    __shared_fields__: ClassVar[set[str]] = set()


class Link(_Compact):
    """A link or image found in the text, with the exact place of its URL."""

    url: str = Field(description="The destination as written (backslash escapes removed).")
    text: str = Field(description="Link text or image alt text, raw Markdown.")
    kind: LinkKind = "link"
    line: int
    column: int = Field(description="Column where the construct starts ('[', '!', '<' or the URL).")
    url_column: int = Field(description="Column of the first character of the URL.")
    end_column: int = Field(description="Column just after the construct (exclusive).")
    wrapper: str | None = Field(
        default=None, description="For an image inside a link ([![alt](img)](url)): the outer link's URL."
    )

    @property
    def is_image(self) -> bool:
        return self.kind == "image" or (self.kind == "html" and self.text == "img")


class Cell(_Compact):
    index: int = Field(description="0-based position of the cell in its row.")
    column: int = Field(description="Column of the first character of the cell's content.")
    text: str = Field(description="The cell's raw Markdown, stripped of surrounding spaces.")
    links: list[Link] = Field(default_factory=list)


class Row(_Compact):
    line: int
    column: int = Field(description="Column where the row's text starts (after list or quote markers).")
    text: str = Field(
        description="The raw row text, from its first non-space character to the end of the line."
    )
    cells: list[Cell]

    def cell(self, index: int | None) -> Cell | None:
        if index is None or index >= len(self.cells):
            return None
        return self.cells[index]


class Table(_Model):
    index: int = Field(description="0-based position of the table in the document.")
    line: int = Field(description="Line of the header row.")
    column: int
    delimiter_line: int
    end_line: int = Field(description="Last line of the table (the header's line when it has no rows).")
    header: list[Cell]
    alignments: list[Alignment]
    rows: list[Row]
    section: list[str] = Field(default_factory=list, description="Titles of the enclosing headings.")

    @property
    def header_names(self) -> list[str]:
        return [c.text for c in self.header]

    @property
    def width(self) -> int:
        return len(self.header)


class Section(_Model):
    level: int
    title: str = Field(description="The heading's raw Markdown text.")
    line: int
    path: list[str]


class CodeBlock(_Model):
    line: int
    end_line: int
    fenced: bool
    closed: bool = True
    marker: str = ""


class HtmlBlock(_Model):
    line: int
    end_line: int
    text: str


class PipeParagraph(_Model):
    """A paragraph that looks like a table to a human but is not one to the parser."""

    line: int
    end_line: int
    lines: list[str]


class Directive(_Model):
    """An inline suppression comment such as ``<!-- awesomelint-disable-next-line date-order -->``."""

    line: int
    column: int
    action: Literal["disable", "enable", "disable-next-line", "disable-line", "disable-file"]
    rules: list[str] = Field(default_factory=list, description="Rule names or codes; empty means all rules.")


class Document(_Model):
    path: str
    line_count: int
    has_bom: bool = False
    newline: str = "\n"
    final_newline: bool = True
    sections: list[Section] = Field(default_factory=list)
    tables: list[Table] = Field(default_factory=list)
    links: list[Link] = Field(default_factory=list, description="Links outside tables and code.")
    code_blocks: list[CodeBlock] = Field(default_factory=list)
    html_blocks: list[HtmlBlock] = Field(default_factory=list)
    pipe_paragraphs: list[PipeParagraph] = Field(default_factory=list)
    directives: list[Directive] = Field(default_factory=list)
    lines: list[str] = Field(default_factory=list, exclude=True, repr=False)

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


FixKind = Literal["edit", "date", "reorder", "delete"]


class Fix(_Model):
    """A text edit: replace lines ``line``..``end_line`` (inclusive, 1-based) with ``replacement``.

    ``kind`` says what the edit intends, and :mod:`awesomelint.engine.fix` checks after fixing that nothing else
    changed: ``edit`` rewrites each line in place (as many replacement lines as replaced lines; a table
    row stays a row of its table with as many cells), ``date`` rewrites a row's date into another
    spelling of the same date (every other character of the row is kept), ``reorder`` permutes whole
    table rows of one table, ``delete`` (``replacement=[]``) removes rows that have an identical copy
    kept in the same table. Lines are given without their line ending; the file's endings are kept.
    """

    line: int
    end_line: int
    replacement: list[str]
    kind: FixKind = "edit"
    description: str = ""


class Finding(_Model):
    path: str
    line: int
    column: int
    end_line: int | None = None
    end_column: int | None = None
    rule: str
    code: str
    severity: Severity
    message: str
    fixable: bool = False
    fix: Fix | None = Field(default=None, exclude=True)
    related_lines: list[int] = Field(
        default_factory=list,
        exclude=True,
        description="Other lines the finding names (the first copy of a duplicate, the rows an out-of-order "
        "row is measured against, the header a row is counted against): with --diff-base, a change to one "
        "of them also reports the finding.",
    )
    span: tuple[int, int] | None = Field(
        default=None,
        exclude=True,
        description="For a finding about a whole block (a table that does not render, a fence that swallows "
        "the rest of the file): its first and last line. With --diff-base, a change anywhere in the block, "
        "lines removed from it included, reports the finding.",
    )

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path, self.line, self.column, self.code)
