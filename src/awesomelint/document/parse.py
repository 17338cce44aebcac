"""Markdown source -> :class:`~awesomelint.document.model.Document`.

:mod:`awesomelint.document.blocks` decides the block structure as GitHub does (cmark-gfm's reading: what
is a table, a fence, an HTML block; tables inside lists and blockquotes count, tables inside fences or
comments do not), with no inline parsing: each table comes with the span of each row, and the cells are
then split from the raw lines by GFM's rules. Links are found per cell by :mod:`awesomelint.document.inline`.
The block parser's list items become the model's (:class:`~awesomelint.document.model.ListItem`), each with
its section.
"""

# long: the one pass from the source's bytes to the model (decoding, then each block the block parser
# reports becomes its part of the document: tables with their rows, cells and links, headings and sections,
# list items, paragraphs, directives), every part sharing the document's lines and their offsets

from __future__ import annotations

import itertools
import re

from awesomelint._record import record
from awesomelint._regex import lazy_compile
from awesomelint.document.blocks import CODE, HEADING, HTML, PARAGRAPH, TABLE, cell_count, parse_structure
from awesomelint.document.inline import BARE_STARTS, scan_links
from awesomelint.document.model import (
    Cell,
    CodeBlock,
    Directive,
    Document,
    HtmlBlock,
    Link,
    ListItem,
    Paragraph,
    PipeParagraph,
    Row,
    Section,
    Table,
    make_cell,
    make_link,
    make_list_item,
    make_paragraph,
    make_row,
)

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at start-up
if TYPE_CHECKING:
    from awesomelint.document.blocks import Block, Container
    from awesomelint.document.model import Alignment

__all__ = [
    "Source",
    "SourceError",
    "cell_count",
    "decode_source",
    "parse_bytes",
    "parse_document",
    "rows_by_text",
    "split_cells",
]


class SourceError(Exception):
    """The file cannot be read as a Markdown text (binary, wrong encoding, ...)."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column


@record
class Source:
    text: str  # newlines normalised to \n, BOM removed
    has_bom: bool
    newline: str
    final_newline: bool


_BOMS = (
    (b"\xef\xbb\xbf", None),
    (b"\xff\xfe\x00\x00", "UTF-32 LE"),
    (b"\x00\x00\xfe\xff", "UTF-32 BE"),
    (b"\xff\xfe", "UTF-16 LE"),
    (b"\xfe\xff", "UTF-16 BE"),
)


def decode_source(data: bytes) -> Source:
    """Decode a README's bytes, or raise :class:`SourceError` with a message a user can act on."""
    has_bom = False
    for bom, name in _BOMS:
        if data.startswith(bom):
            if name is None:
                data = data[len(bom) :]
                has_bom = True
                break
            raise SourceError(
                f"file is encoded as {name} (it starts with a byte-order mark); awesomelint reads UTF-8, "
                "as GitHub expects for a README: convert it, e.g. `iconv -f UTF-16 -t UTF-8`"
            )
    head = data[:8192]
    if b"\x00" in head and len(head) >= 16:
        # UTF-16 without BOM puts a NUL beside every ASCII character
        even, odd = head[0::2].count(0), head[1::2].count(0)
        if max(even, odd) > len(head) // 4 and min(even, odd) < len(head) // 64 + 1:
            raise SourceError(
                "file looks like UTF-16 without a byte-order mark; awesomelint reads UTF-8: convert it, "
                "e.g. `iconv -f UTF-16 -t UTF-8`"
            )
        raise SourceError("file is binary (it contains NUL bytes), not a Markdown text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        line_start = before.rfind(b"\n") + 1
        column = len(before[line_start:].decode("utf-8", errors="replace")) + 1
        raise SourceError(
            f"invalid UTF-8 at line {line}, column {column} (byte 0x{data[exc.start]:02x}); "
            "save the file as UTF-8",
            line,
            column,
        ) from None
    crlf = text.count("\r\n")
    newline = "\r\n" if crlf and crlf * 2 >= text.count("\n") else "\n"
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    final_newline = text.endswith("\n") or not text
    return Source(text=text, has_bom=has_bom, newline=newline, final_newline=final_newline)


# --- GFM row splitting ---------------------------------------------------------------------------------


def split_cells(content: str) -> list[tuple[int, int]]:
    """Split a table row by GFM's rules; return (start, end) offsets of each cell's stripped text.

    A pipe after a backslash never splits (cmark-gfm splits before it reads escapes, so even ``\\\\|``
    protects its pipe); a pipe inside a code span still splits. One leading pipe and one trailing pipe
    (then only spaces, tabs, vertical tabs and form feeds) are optional. A cell is trimmed of spaces and
    tabs only, and after a pipe also of vertical tabs and form feeds (the table extension skips those
    there): a form feed at a cell's end or a row's start is text, and so is a no-break space.
    """
    return [(a, a + len(text)) for a, text in cell_texts(content)]


def cell_texts(content: str) -> list[tuple[int, str]]:
    """The cells of a table row as (offset, stripped text), split as :func:`split_cells` says."""
    n = len(content.rstrip(_ROW_END))
    if "\\" in content:
        return _escaped_cell_texts(content, n)
    if not content:
        return []
    trailing = n > 0 and content[n - 1] == "|"
    parts = (content if n == len(content) or not trailing else content[:n]).split("|")
    out: list[tuple[int, str]] = []
    pos = 0
    for part in parts:
        text = part.strip(_CELL_SPACE)
        if pos and text and text[0] in "\v\f":  # after a pipe (pos > 0), the extension skips these too
            text = text.lstrip(_ROW_END)
        if text is part:
            out.append((pos, text))
        elif text:
            out.append((pos + len(part) - len(part.lstrip(_ROW_END if pos else _CELL_SPACE)), text))
        else:
            out.append((pos + len(part), text))
        pos += len(part) + 1
    if len(parts) > 1:
        if n and content[0] == "|":
            out.pop(0)  # leading pipe
        if out and trailing:
            out.pop()  # trailing pipe
    return out


def _escaped_cell_texts(content: str, n: int) -> list[tuple[int, str]]:
    """:func:`cell_texts` of a row with a backslash: a pipe after one does not split."""
    seps = [
        m.start() for m in _PIPE.finditer(content, 0, n) if m.start() == 0 or content[m.start() - 1] != "\\"
    ]
    trailing = bool(seps) and seps[-1] == n - 1
    bounds: list[tuple[int, int]] = []
    start = 0
    for sep in seps:
        bounds.append((start, sep))
        start = sep + 1
    bounds.append((start, n if trailing else len(content)))
    if seps and seps[0] == 0:
        bounds.pop(0)  # leading pipe
    if trailing and bounds:
        bounds.pop()  # trailing pipe
    out: list[tuple[int, str]] = []
    for a, b in bounds:
        lead = _ROW_END if a and content[a - 1] == "|" else _CELL_SPACE
        while a < b and content[a] in lead:
            a += 1
        while b > a and content[b - 1] in _CELL_SPACE:
            b -= 1
        out.append((a, content[a:b]))
    return out


_ROW_END = " \t\v\f"  # what the table extension skips after a pipe and before a row's end (re2c's spacechar)
_CELL_SPACE = " \t"  # what cmark_strbuf_trim strips from a cell (cmark_isspace; a row holds no newline)

_PIPE = lazy_compile(r"\|")
# what every link the scanner can find contains: "](" (an inline link or image: no space may stand between
# the two), "<" (an autolink, an HTML tag) or a bare URL's start; a cell without any has no link
_LINKISH = lazy_compile(rf"\]\(|<|{BARE_STARTS}")  # (each alternative opens with a literal: see BARE_STARTS)


def _cells(content: str, line: int, col0: int) -> list[Cell]:
    cells = []
    for index, (a, text) in enumerate(cell_texts(content)):
        # what _LINKISH finds, tested with str methods first (cheaper than the regex on a cell);
        # a cell let through without a link costs a scan that finds none
        maybe = (
            "](" in text
            or "<" in text
            or "://" in text
            or (("w" in text or "W" in text) and _WWW.search(text))
        )
        links = scan_links(text, line, col0 + a) if maybe else []
        cells.append(make_cell(index=index, column=col0 + a, text=text, links=links))
    return cells


_WWW = lazy_compile(r"w(?i:ww\.)|W(?i:ww\.)")  # (see BARE_STARTS)

#: the rows of an earlier parse by (text, column): see :func:`rows_by_text`
RowsByText = dict[tuple[str, int], Row]


def rows_by_text(doc: Document) -> RowsByText:
    """The table rows of ``doc`` by their text and column, for the parse of a new version of its text (the
    next pass of ``--fix``, the base of ``--diff-base``): a row of the new text with the same text at the
    same column splits into the same cells with the same links, so they are taken from here instead of
    being scanned again, moved to the row's new line."""
    return {(row.text, row.column): row for table in doc.tables for row in table.rows}


def _moved_cells(row: Row, line: int) -> list[Cell]:
    """The cells of ``row`` (of an earlier parse) for the same text on ``line``: shared when the line is the
    same (the model is never changed once built), else new links on the new line."""
    if row.line == line:
        return row.cells
    out = []
    for cell in row.cells:
        if cell.links:
            links = [
                make_link(
                    url=k.url,
                    text=k.text,
                    kind=k.kind,
                    line=line,
                    column=k.column,
                    url_column=k.url_column,
                    end_column=k.end_column,
                    wrapper=k.wrapper,
                )
                for k in cell.links
            ]
            cell = make_cell(index=cell.index, column=cell.column, text=cell.text, links=links)
        out.append(cell)
    return out


def _alignment(cell: str) -> Alignment:
    left, right = cell.startswith(":"), cell.endswith(":")
    if left and right:
        return "center"
    if right:
        return "right"
    if left:
        return "left"
    return None


# --- document --------------------------------------------------------------------------------------------

_DIRECTIVE = lazy_compile(
    r"<!--\s*awesomelint-(disable-next-line|disable-line|disable-file|disable|enable)\b"
)


def _mask_comments(text: str) -> str:
    """``text`` with every closed HTML comment blanked (newlines kept), in one pass: an opener without a
    ``-->`` after it closes nothing, and neither does any opener after it."""
    if "<!--" not in text:
        return text
    parts: list[str] = []
    pos = 0
    while True:
        start = text.find("<!--", pos)
        if start < 0:
            break
        close = text.find("-->", start + 4)
        if close < 0:
            break
        parts.append(text[pos:start])
        parts.append(_BLANK.sub(" ", text[start : close + 3]))
        pos = close + 3
    parts.append(text[pos:])
    return "".join(parts)


_BLANK = lazy_compile(r"[^\n]")


def _may_hold_link(line: str) -> bool:
    """Whether ``line`` holds "](" (an inline link or image), "<" (an autolink, an HTML tag), "://" (of a
    bare URL's http:// or https://) or "w." / "W." (the end of a bare URL's www., in any case): every link
    the scanner finds holds one, so a line without any holds no link (what _LINKISH finds, by str
    searches, which cost less than the pattern's search)."""
    # (each two-character search behind a search for one of its characters, which costs a quarter)
    return (
        ("(" in line and "](" in line)
        or "<" in line
        or (":" in line and "://" in line)
        or ("." in line and ("w." in line or "W." in line))
    )


def _scan_block_links(lines: list[str], first: int, last: int, out: list[Link]) -> None:
    """The links of the block of ``lines[first:last]``, line by line, its HTML comments left out: only
    the lines where something looks like a link are scanned, found in one search of the block."""
    chunk = "\n".join(lines[first:last])
    m = _LINKISH.search(chunk)
    if m is None:
        return
    if "<!--" in chunk:
        chunk = _mask_comments(chunk)
        m = _LINKISH.search(chunk)
    line, start = first, 0  # the line (0-based) that begins at offset start of the chunk
    while m is not None:
        hit = m.start()
        line += chunk.count("\n", start, hit)
        start = chunk.rfind("\n", start, hit) + 1 or start
        end = chunk.find("\n", hit)
        end = len(chunk) if end < 0 else end
        out.extend(scan_links(chunk[start:end], line + 1, 1))
        m = _LINKISH.search(chunk, end)


def parse_document(
    text: str, path: str = "<text>", source: Source | None = None, reuse: RowsByText | None = None
) -> Document:
    """Parse normalised Markdown text (``\\n`` newlines, no BOM) into a :class:`Document`; ``reuse``
    (:func:`rows_by_text` of an earlier version) spares the scan of the rows it holds, the result is the
    same."""
    lines = text.split("\n")
    if lines and lines[-1] == "" and text.endswith("\n"):
        lines.pop()
    blocks = _Blocks(text, lines, reuse)
    leaves, items = parse_structure(lines)
    for block in leaves:
        blocks.add(block)
    src = source or Source(text=text, has_bom=False, newline="\n", final_newline=text.endswith("\n"))
    return Document(
        path=path,
        line_count=len(lines),
        has_bom=src.has_bom,
        newline=src.newline,
        final_newline=src.final_newline,
        sections=blocks.sections,
        tables=blocks.tables,
        links=blocks.links,
        code_blocks=blocks.code_blocks,
        html_blocks=blocks.html_blocks,
        pipe_paragraphs=blocks.pipe_paragraphs,
        list_items=_list_items(items, blocks.sections) if items else [],
        paragraphs=blocks.paragraphs,
        directives=_directives(lines, text, blocks.code_lines),
        lines=lines,
    )


class _Blocks:
    """The blocks of a document, collected from the block parser's leaf blocks in order."""

    def __init__(self, text: str, lines: list[str], reuse: RowsByText | None = None) -> None:
        self.text = text
        self.lines = lines
        self.reuse = reuse
        self._line_starts: list[int] | None = None
        self.sections: list[Section] = []
        self.stack: list[tuple[int, str]] = []  # the headings above the current block: (level, title)
        self.tables: list[Table] = []
        self.links: list[Link] = []  # links outside tables
        self.code_blocks: list[CodeBlock] = []
        self.html_blocks: list[HtmlBlock] = []
        self.pipe_paragraphs: list[PipeParagraph] = []
        self.paragraphs: list[Paragraph] = []  # of more than one line
        self.code_lines: set[int] = set()  # 0-based lines inside code blocks

    @property
    def line_starts(self) -> list[int]:
        """The offset of each line in the text, and of the text's end: made for the first table (no other
        block needs them)."""
        if self._line_starts is None:
            starts = [0] * (len(self.lines) + 1)
            offset = 0
            for i, ln in enumerate(self.lines):
                starts[i] = offset
                offset += len(ln) + 1
            starts[len(self.lines)] = offset
            self._line_starts = starts
        return self._line_starts

    def add(self, block: Block) -> None:
        first, last = block.first, block.last
        kind = block.kind
        if kind == PARAGRAPH:  # (the commonest block first)
            self.scan_links(first, last)
            if last - first > 1:
                line_start, _raw, begin = block.begins[0]
                self.paragraphs.append(
                    make_paragraph(line=first + 1, end_line=last, column=begin - line_start + 1)
                )
                # (_looks_like_table's first test, two pipes among its lines, found in the text: no slice, no
                # join; two finds, which skip to a pipe by memchr, where a count reads every character)
                text, end = self.text, block.begins[-1][0] + len(self.lines[last - 1])
                pipe = text.find("|", line_start, end)
                if pipe >= 0 and text.find("|", pipe + 1, end) >= 0:
                    para = self.lines[first:last]
                    if _looks_like_table(para):
                        self.pipe_paragraphs.append(PipeParagraph(line=first + 1, end_line=last, lines=para))
        elif kind == TABLE:
            self.tables.append(
                _build_table(
                    self.text,
                    self.lines,
                    block.spans,
                    self.line_starts,
                    len(self.tables),
                    self.stack,
                    self.reuse,
                )
            )
        elif kind == HEADING:
            self._heading(block.level, block.title, first, last)
        elif kind == CODE:
            self.code_blocks.append(
                CodeBlock(
                    line=first + 1,
                    end_line=last,
                    fenced=block.fenced,
                    closed=block.closed,
                    marker=block.markup,
                )
            )
            self.code_lines.update(range(first, last))
        elif kind == HTML:
            self.html_blocks.append(HtmlBlock(line=first + 1, end_line=last, text=block.text))
            self.scan_links(first, last)

    def _heading(self, level: int, content: str, first: int, last: int) -> None:
        title = content
        stack = self.stack
        while stack and stack[-1][0] >= level:
            stack.pop()
        stack.append((level, title))
        self.sections.append(Section(level=level, title=title, line=first + 1, path=[t for _, t in stack]))
        self.scan_links(first, last)

    def scan_links(self, first: int, last: int) -> None:
        """The links of the block of ``lines[first:last]``: each of its lines that may hold one is scanned
        (:func:`_may_hold_link`, tested here without the call); a block with an HTML comment is read by
        :func:`_scan_block_links`, which leaves the comments out."""
        lines = self.lines
        found = []
        for i in range(first, last):
            ln = lines[i]
            if (  # (_may_hold_link(ln), without the call)
                ("(" in ln and "](" in ln)
                or "<" in ln
                or (":" in ln and "://" in ln)
                or ("." in ln and ("w." in ln or "W." in ln))
            ):
                if "<!--" in ln:
                    _scan_block_links(lines, first, last, self.links)
                    return
                found.append(i)
        out = self.links
        for i in found:
            out.extend(scan_links(lines[i], i + 1, 1))


def _list_items(items: list[Container], sections: list[Section]) -> list[ListItem]:
    """The model's list items of the block parser's, each with the headings above its first line."""
    out: list[ListItem] = []
    path: list[str] = []  # the section's path, shared by its items (the model is never changed once built)
    heading_lines = [s.line for s in sections]
    k, n = 0, len(sections)
    for item in items:
        line = item.first + 1
        while k < n and heading_lines[k] < line:
            path = sections[k].path
            k += 1
        end = item.content_end if item.content_end < item.last else item.last  # no blank line at the end
        owner, lst = item.owner, item.list_block
        out.append(
            make_list_item(
                line=line,
                end_line=end if end >= line else line,
                column=item.column + 1,
                marker=item.markup,
                indent=item.marker_offset,
                parent=owner.index if owner is not None else None,
                list_start=lst.index if lst is not None else item.index,
                section=path,
                quoted=item.quoted,
            )
        )
    return out


def _looks_like_table(para: list[str]) -> bool:
    if len(para) < 2 or "".join(para).count("|") < 2:
        return False  # (most paragraphs: either test below needs a pipe on two lines)
    stripped = [ln.strip(" \t").lstrip(">").strip(" \t") for ln in para]  # (GitHub's blank: space, tab)
    for a, b in itertools.pairwise(stripped):
        if "|" in a and "|" in b and "-" in b and sum(ch not in "-:| \t" for ch in b) * 4 <= b.count("-"):
            return True
    rows = [s for s in stripped if s.startswith("|") and s.endswith("|") and s.count("|") >= 3]
    return len(rows) >= 2


def _build_table(
    src: str,
    lines: list[str],
    spans: list[tuple[int, int, int]],
    line_starts: list[int],
    index: int,
    stack: list[tuple[int, str]],
    reuse: RowsByText | None = None,
) -> Table:
    rows: list[Row] = []
    header: list[Cell] = []
    alignments: list[Alignment] = []
    first_line = spans[0][0] + 1
    first_col = 1
    for k, (ln, begin, end) in enumerate(spans):
        # share the line's string when the row is the whole line (no quote or list prefix)
        content = lines[ln] if begin == line_starts[ln] and end - begin == len(lines[ln]) else src[begin:end]
        col0 = begin - line_starts[ln] + 1
        if k == 0:
            header = _cells(content, ln + 1, col0)
            first_col = col0
        elif k == 1:
            alignments = [_alignment(content[a:b]) for a, b in split_cells(content)]
        else:
            old = reuse.get((content, col0)) if reuse else None
            cells = _moved_cells(old, ln + 1) if old is not None else _cells(content, ln + 1, col0)
            rows.append(make_row(line=ln + 1, column=col0, text=content, cells=cells))
    return Table(
        index=index,
        line=first_line,
        column=first_col,
        delimiter_line=first_line + 1,
        end_line=spans[-1][0] + 1,
        header=header,
        alignments=alignments,
        rows=rows,
        section=[t for _, t in stack],
    )


def _directives(lines: list[str], text: str, code_lines: set[int]) -> list[Directive]:
    if "awesomelint-" not in text:
        return []
    out: list[Directive] = []
    for i, line in enumerate(lines):
        if "awesomelint-" not in line or i in code_lines:
            continue
        out.extend(_line_directives(line, i + 1))
    return out


def _line_directives(line: str, number: int) -> list[Directive]:
    """The ``<!-- awesomelint-... -->`` comments of one line, each ended by the first ``-->`` after it;
    linear in the line however many openers it holds (the ``-->`` found is reused by every opener before
    it, and an opener without one ends the search)."""
    out: list[Directive] = []
    close = -1
    for m in _DIRECTIVE.finditer(line):
        if close < m.end():
            close = line.find("-->", m.end())
            if close < 0:
                break
        rules = [r for r in re.split(r"[\s,]+", line[m.end() : close].strip()) if r]
        out.append(
            Directive(line=number, column=m.start() + 1, end_column=close + 4, action=m.group(1), rules=rules)  # type: ignore[arg-type]
        )
    return out


def parse_bytes(data: bytes, path: str = "<bytes>") -> Document:
    source = decode_source(data)
    return parse_document(source.text, path, source)
