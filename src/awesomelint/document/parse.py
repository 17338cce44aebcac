"""Markdown source -> :class:`~awesomelint.document.model.Document`.

markdown-it-py decides the block structure (what is a table, a fence, an HTML block; tables inside lists
and blockquotes count, tables inside fences or comments do not). The document is block-parsed once, with
the inline phase switched off: the table rule is wrapped so that each table becomes a single token that
records its line range, and the cells are then split from the raw lines by GFM's rules, because
markdown-it pads short rows and drops extra cells. Links are found per cell by :mod:`awesomelint.document.inline`.
"""

from __future__ import annotations

import itertools
import re
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from awesomelint._record import record
from awesomelint.document.inline import scan_links
from awesomelint.document.model import (
    Alignment,
    Cell,
    CodeBlock,
    Directive,
    Document,
    HtmlBlock,
    Link,
    PipeParagraph,
    Row,
    Section,
    Table,
)

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.rules_block import StateBlock
    from markdown_it.token import Token


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


# --- the markdown-it parser ------------------------------------------------------------------------------


# GitHub's table extension (cmark-gfm, extensions/table.c) decides what is a table; markdown-it decides the
# rest of the block structure. The rule below replaces markdown-it's table rule with cmark-gfm's reading:
# - the header is a paragraph line (not the start of another block), the delimiter row the next line, with
#   as many cells; a delimiter made of dashes alone under a paragraph line is a setext heading instead;
# - once a header/delimiter pair of a paragraph fails, no table starts later in that paragraph;
# - a body row is any line that splits into at least one cell and starts no other block (an HTML tag line
#   of any of the seven kinds, a list item, a quote...); a lone '|' or a blank line ends the table;
# - only space and tab are blank; a pipe after a backslash never splits (the split precedes escapes);
# - at most 0x80000 empty cells are added to short rows (cmark-gfm's guard): the rows after are no table.
_MAX_AUTOCOMPLETED_CELLS = 0x80000
_GFM_DELIMITER = re.compile(r"\|?[ \t\v\f]*:?-+:?[ \t\v\f]*(?:\|[ \t\v\f]*:?-+:?[ \t\v\f]*)*\|?[ \t\v\f]*")
_SETEXT_DASHES = re.compile(r"-+[ \t]*")
_PARAGRAPH_START = "awesomelint_paragraph_start"  # state.env key: the first line of the open paragraph
_VISITED = "awesomelint_visited"  # state.env key: (paragraph start, next line to check, a pair failed)


_INTERRUPTED = "awesomelint_interrupted"  # state.env key: the header line that ended a paragraph
_SETEXT_SCAN = "awesomelint_setext_scan"  # state.env key: the setext heading rule is looking ahead


def _with_paragraph_start(original: Any, table: _TableRule | None = None, setext: bool = False) -> Any:
    """markdown-it's paragraph (or setext heading) rule, recording where the paragraph starts: the table
    rule, asked whether a table interrupts it, needs to know whether an earlier pair of it failed. With
    ``table``, a lazy continuation line of the paragraph followed by a delimiter row inside the container
    becomes a table header, as in cmark-gfm (markdown-it cannot start a block on a lazy line)."""

    def rule(state: StateBlock, start: int, end: int, silent: bool) -> bool:
        env = state.env
        outer, parent = env.get(_PARAGRAPH_START), state.parentType
        env[_PARAGRAPH_START] = start
        env[_SETEXT_SCAN] = setext
        try:
            found = bool(original(state, start, end, silent))
        finally:
            env[_PARAGRAPH_START] = outer
            env[_SETEXT_SCAN] = False
            state.parentType = parent  # markdown-it's lheading leaves "paragraph" behind when it fails
        if found and not silent and table is not None:
            if setext:
                if table.lazy_header_within(state, start, state.line - 1, end):
                    del state.tokens[-3:]  # the heading ran past a table: read a paragraph instead
                    state.line = start
                    return False
            else:
                table.after_paragraph(state, start, end)
        return found

    return rule


#: the first characters of the blocks that end a table (fence, quote, thematic break, list item, heading):
#: each of those rules looks at that character first and fails without it
_BLOCK_MARKERS = frozenset("`~>*-_+#0123456789")


# long: cmark-gfm's reading of a table is one procedure over markdown-it's block state (header, delimiter,
# body, the lazy and indented headers markdown-it never asks about); its parts share that state
class _TableRule:
    """The block rule that reads a table as cmark-gfm does; one token per table, holding each row's span."""

    def __init__(self, starts: list[Any], seven: re.Pattern[str], others: list[re.Pattern[str]]) -> None:
        self.starts = starts  # the rules of the blocks that end a table (fence, quote, hr, list, heading)
        self.seven = seven  # an HTML block of kind 7 (a lone tag): it cannot interrupt a paragraph
        self.others = others  # HTML blocks of kinds 1-6

    def __call__(self, state: StateBlock, start: int, end: int, silent: bool) -> bool:
        return self._open(state, start, end, silent, lazy=False)

    def lazy_header_within(self, state: StateBlock, start: int, stop: int, end: int) -> bool:
        """Whether the paragraph lines ``start`` to ``stop`` hold a lazy header of a table."""
        line = start + 1
        while line < stop:
            if self._delimiter_like(state, line):
                header = line - 1
                lazy = state.sCount[header] < state.blkIndent
                if header <= start or not (lazy or state.is_code_block(header)):
                    return False
                old_parent, state.parentType = state.parentType, "paragraph"
                ok = self._open(state, header, end, True, lazy=True, keep_indent=lazy)
                state.parentType = old_parent
                return ok
            line += 1
        return False

    def after_paragraph(self, state: StateBlock, start: int, end: int) -> None:
        """The paragraph just pushed, lines ``start`` to ``state.line``: when its first delimiter-like
        line follows a lazy continuation line that makes a header with it, cut the paragraph there and
        read the table."""
        stop = state.line
        line = start + 1
        while line < stop:
            if self._delimiter_like(state, line):
                header = line - 1
                lazy = state.sCount[header] < state.blkIndent
                # markdown-it asks no rule about a lazy line or one indented 4+ inside a paragraph
                if header > start and (lazy or state.is_code_block(header)):
                    old_parent, state.parentType = state.parentType, "paragraph"
                    ok = self._open(state, header, end, True, lazy=True, keep_indent=lazy)
                    state.parentType = old_parent
                    if ok:
                        para = state.tokens[-3]
                        if para.type == "paragraph_open" and para.map:
                            para.map = [para.map[0], header]
                            state.tokens[-2].map = [para.map[0], header]
                        self._open(state, header, end, False, lazy=True, keep_indent=lazy)
                return
            line += 1

    def _delimiter_like(self, state: StateBlock, line: int) -> bool:
        if state.sCount[line] < state.blkIndent or state.is_code_block(line):
            return False
        text = state.src[state.bMarks[line] + state.tShift[line] : state.eMarks[line]]
        return bool(_GFM_DELIMITER.fullmatch(text))

    def _open(
        self, state: StateBlock, start: int, end: int, silent: bool, lazy: bool, keep_indent: bool = False
    ) -> bool:
        delim = start + 1
        if delim >= end or state.sCount[delim] < state.blkIndent or state.is_code_block(delim):
            return False
        if not lazy and state.is_code_block(start):
            return False
        if not lazy and state.sCount[start] < state.blkIndent:
            # a lazy header is read after its paragraph (after_paragraph); it still ends a setext
            # heading's look-ahead, which must not run past the table
            if not (silent and state.env.get(_SETEXT_SCAN) and state.sCount[start] >= 0):
                return False
            lazy = keep_indent = True
        src, b_marks, e_marks, t_shift = state.src, state.bMarks, state.eMarks, state.tShift
        delim_text = src[b_marks[delim] + t_shift[delim] : e_marks[delim]]
        if not _GFM_DELIMITER.fullmatch(delim_text) or _SETEXT_DASHES.fullmatch(delim_text):
            return False
        # a lazy line joins the paragraph with its leading spaces (cmark-gfm strips them only from the
        # lines inside the container), so they may make an empty first cell
        head_begin = b_marks[start] + (0 if keep_indent else t_shift[start])
        header_text = src[head_begin : e_marks[start]]
        width = cell_count(delim_text)
        if not header_text or cell_count(header_text) != width:
            return False
        in_paragraph = state.parentType == "paragraph"
        if in_paragraph and not lazy and self._pair_failed_before(state, start):
            return False
        # a header that ended a paragraph is a paragraph line: a lone HTML tag there starts no block
        continues = in_paragraph or state.env.get(_INTERRUPTED) == start
        if self._starts_block(state, start, end, header_text, not continues):
            return False
        old_parent, state.parentType = state.parentType, "paragraph"
        interrupts = any(rule(state, delim, end, True) for rule in self.starts)  # '- |' is a list item
        state.parentType = old_parent
        if interrupts:
            return False
        if silent:
            if in_paragraph:
                state.env[_INTERRUPTED] = start
            return True
        spans = [
            (start, head_begin, e_marks[start]),
            (delim, b_marks[delim] + t_shift[delim], e_marks[delim]),
        ]
        line = self._body(state, start + 2, end, width, spans)
        token = state.push("awesomelint_table", "table", 0)
        token.map = [start, line]
        token.meta = {"spans": spans}
        state.line = line
        return True

    def _body(
        self, state: StateBlock, line: int, end: int, width: int, spans: list[tuple[int, int, int]]
    ) -> int:
        src, b_marks, e_marks, t_shift = state.src, state.bMarks, state.eMarks, state.tShift
        old_parent = state.parentType
        state.parentType = "table"
        rows, filled = 1, width
        while line < end:
            if state.sCount[line] < state.blkIndent or state.is_code_block(line):
                break
            begin, stop = b_marks[line] + t_shift[line], e_marks[line]
            content = src[begin:stop]
            if not content or self._starts_block(state, line, end, content, True):
                break
            cells = cell_count(content)
            if cells == 0 or width * rows - filled > _MAX_AUTOCOMPLETED_CELLS:
                break
            rows += 1
            filled += min(cells, width)
            spans.append((line, begin, stop))
            line += 1
        state.parentType = old_parent
        return line

    def _starts_block(self, state: StateBlock, line: int, end: int, text: str, lone_tag: bool) -> bool:
        """Whether ``line`` starts a block other than a paragraph (``lone_tag``: an HTML block of kind 7
        counts too, as it does where no paragraph is open)."""
        if text.startswith("<") and (
            any(p.search(text) for p in self.others) or (lone_tag and self.seven.search(text))
        ):
            return True
        pos = state.bMarks[line] + state.tShift[line]
        if pos >= state.eMarks[line] or state.src[pos] not in _BLOCK_MARKERS:
            return False  # no rule of self.starts can match: a table row starts with '|' or text
        return any(rule(state, line, end, True) for rule in self.starts)

    def _pair_failed_before(self, state: StateBlock, header: int) -> bool:
        """cmark-gfm tries a header/delimiter pair at each delimiter-like line of a paragraph; once one
        fails, the paragraph starts no table. Linear: the lines checked are remembered per paragraph."""
        para = state.env.get(_PARAGRAPH_START)
        if para is None:
            return False
        seen = state.env.get(_VISITED)
        line, failed = (seen[1], seen[2]) if seen and seen[0] == para else (para + 1, False)
        src, b_marks, e_marks, t_shift = state.src, state.bMarks, state.eMarks, state.tShift
        while not failed and line <= header:
            if state.sCount[line] >= state.blkIndent and not state.is_code_block(line):
                text = src[b_marks[line] + t_shift[line] : e_marks[line]]
                failed = bool(_GFM_DELIMITER.fullmatch(text))
            line += 1
        state.env[_VISITED] = (para, line, failed)
        return failed


def _lazy_tag_rule(seven: re.Pattern[str]) -> Any:
    """cmark-gfm lets a lone HTML tag (an HTML block of kind 7) end a list item or a quote whose
    paragraph it would otherwise continue lazily; markdown-it keeps it as paragraph text. As a terminator
    this rule says so; it never makes a block itself (html_block does, once the container is closed)."""

    def rule(state: StateBlock, start: int, end: int, silent: bool) -> bool:
        if not silent:
            return False
        lazy = state.parentType == "blockquote" or (
            state.parentType == "paragraph" and 0 <= state.sCount[start] < state.blkIndent
        )
        if not lazy:
            return False
        text = state.src[state.bMarks[start] + state.tShift[start] : state.eMarks[start]]
        return text.startswith("<") and bool(seven.search(text))

    return rule


@lru_cache(maxsize=1)
def markdown_parser() -> MarkdownIt:
    """A CommonMark parser with GitHub's tables that stops after the block phase."""
    # lazy: importing the model and SourceError (the public API, the commands) loads no parser
    from markdown_it import MarkdownIt
    from markdown_it.rules_block import fence, heading, hr, lheading, list_block, paragraph
    from markdown_it.rules_block.blockquote import blockquote
    from markdown_it.rules_block.html_block import HTML_SEQUENCES

    md = MarkdownIt("commonmark", {"html": True}).enable("table")
    rule = _TableRule(
        [fence, blockquote, hr, list_block, heading],
        HTML_SEQUENCES[6][0],
        [seq[0] for seq in HTML_SEQUENCES[:6]],
    )
    md.block.ruler.at("table", rule, {"alt": ["paragraph", "reference"]})
    md.block.ruler.before(
        "table",
        "awesomelint_lazy_tag",
        _lazy_tag_rule(HTML_SEQUENCES[6][0]),
        {"alt": ["paragraph", "blockquote"]},
    )
    md.block.ruler.at("paragraph", _with_paragraph_start(paragraph, rule), {"alt": []})
    md.block.ruler.at("lheading", _with_paragraph_start(lheading, rule, setext=True), {"alt": []})
    md.disable("inline")
    return md


# --- GFM row splitting ---------------------------------------------------------------------------------


def split_cells(content: str) -> list[tuple[int, int]]:
    """Split a table row by GFM's rules; return (start, end) offsets of each cell's stripped text.

    A pipe after a backslash never splits (cmark-gfm splits before it reads escapes, so even ``\\\\|``
    protects its pipe); a pipe inside a code span still splits. One leading pipe and one trailing pipe
    (then only spaces and tabs) are optional. Only ASCII white space is stripped: a no-break space is text.
    """
    return [(a, a + len(text)) for a, text in cell_texts(content)]


def cell_texts(content: str) -> list[tuple[int, str]]:
    """The cells of a table row as (offset, stripped text), split as :func:`split_cells` says."""
    n = len(content.rstrip(_ROW_END))
    if "\\" in content:
        return _escaped_cell_texts(content, n)
    parts = (content if n == len(content) else content[:n]).split("|")
    out: list[tuple[int, str]] = []
    pos = 0
    for part in parts:
        text = part.strip(_CELL_SPACE)
        if text is part or not text:
            out.append((pos + len(part) if not text else pos, text))
        else:
            out.append((pos + len(part) - len(part.lstrip(_CELL_SPACE)), text))
        pos += len(part) + 1
    if len(parts) > 1:
        if n and content[0] == "|":
            out.pop(0)  # leading pipe
        if out and content[n - 1] == "|":
            out.pop()  # trailing pipe
    return out


def _escaped_cell_texts(content: str, n: int) -> list[tuple[int, str]]:
    """:func:`cell_texts` of a row with a backslash: a pipe after one does not split."""
    seps = [
        m.start() for m in _PIPE.finditer(content, 0, n) if m.start() == 0 or content[m.start() - 1] != "\\"
    ]
    bounds: list[tuple[int, int]] = []
    start = 0
    for sep in seps:
        bounds.append((start, sep))
        start = sep + 1
    bounds.append((start, n))
    if seps and seps[0] == 0:
        bounds.pop(0)  # leading pipe
    if seps and seps[-1] == n - 1 and bounds:
        bounds.pop()  # trailing pipe
    out: list[tuple[int, str]] = []
    for a, b in bounds:
        while a < b and content[a] in _CELL_SPACE:
            a += 1
        while b > a and content[b - 1] in _CELL_SPACE:
            b -= 1
        out.append((a, content[a:b]))
    return out


def cell_count(content: str) -> int:
    """``len(split_cells(content))``, counted without splitting when no backslash can protect a pipe."""
    if "\\" in content:
        return len(split_cells(content))
    n = len(content.rstrip(_ROW_END))
    pipes = content.count("|", 0, n)
    if not pipes:
        return 1
    return max(0, pipes + 1 - (content[0] == "|") - (content[n - 1] == "|"))


_ROW_END = " \t\v\f"  # what may follow the last cell (re2c's spacechar)
_CELL_SPACE = " \t\v\f\r\n"  # what cmark_strbuf_trim strips from a cell

_PIPE = re.compile(r"\|")
# what every link the scanner can find contains: "](" (an inline link or image: no space may stand between
# the two), "<" (an autolink, an HTML tag) or a bare URL's start; a cell without any has no link
_LINKISH = re.compile(r"\]\(|<|https?://|www\.", re.IGNORECASE)


def _cells(content: str, line: int, col0: int) -> list[Cell]:
    cells = []
    for index, (a, text) in enumerate(cell_texts(content)):
        # what _LINKISH finds, tested with str methods first (five times faster than the regex on cells);
        # a cell let through without a link costs a scan that finds none
        maybe = (
            "](" in text
            or "<" in text
            or "://" in text
            or (("w" in text or "W" in text) and _WWW.search(text))
        )
        links = scan_links(text, line, col0 + a) if maybe else []
        cells.append(Cell(index=index, column=col0 + a, text=text, links=links))
    return cells


_WWW = re.compile(r"www\.", re.IGNORECASE)


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

_DIRECTIVE = re.compile(r"<!--\s*awesomelint-(disable-next-line|disable-line|disable-file|disable|enable)\b")
_FENCE_CLOSE = re.compile(r"^[ \t>]*(`{3,}|~{3,})[ \t]*$")
_HEADING_MARKS = re.compile(r"\s+#+\s*$")


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


_BLANK = re.compile(r"[^\n]")


def _scan_block_links(lines: list[str], first: int, last: int, out: list[Link]) -> None:
    chunk = "\n".join(lines[first:last])
    if not _LINKISH.search(chunk):
        return
    for offset, text in enumerate(_mask_comments(chunk).split("\n")):
        if _LINKISH.search(text):
            out.extend(scan_links(text, first + offset + 1, 1))


def parse_document(text: str, path: str = "<text>", source: Source | None = None) -> Document:
    """Parse normalised Markdown text (``\\n`` newlines, no BOM) into a :class:`Document`."""
    tokens = markdown_parser().parse(text)
    lines = text.split("\n")
    if lines and lines[-1] == "" and text.endswith("\n"):
        lines.pop()
    blocks = _Blocks(text, lines)
    for idx, tok in enumerate(tokens):
        if tok.map:
            blocks.add(tok, tokens[idx + 1] if idx + 1 < len(tokens) else None)
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
        directives=_directives(lines, text, blocks.code_lines),
        lines=lines,
    )


class _Blocks:
    """The blocks of a document, collected from markdown-it's block tokens in order."""

    def __init__(self, text: str, lines: list[str]) -> None:
        self.text = text
        self.lines = lines
        self.line_starts = [0] * (len(lines) + 1)
        offset = 0
        for i, ln in enumerate(lines):
            self.line_starts[i] = offset
            offset += len(ln) + 1
        self.line_starts[len(lines)] = offset
        self.sections: list[Section] = []
        self.stack: list[tuple[int, str]] = []  # the headings above the current block: (level, title)
        self.tables: list[Table] = []
        self.links: list[Link] = []  # links outside tables
        self.code_blocks: list[CodeBlock] = []
        self.html_blocks: list[HtmlBlock] = []
        self.pipe_paragraphs: list[PipeParagraph] = []
        self.code_lines: set[int] = set()  # 0-based lines inside code blocks

    def add(self, tok: Token, following: Token | None) -> None:
        assert tok.map is not None
        first, last = tok.map
        ttype = tok.type
        if ttype == "awesomelint_table":
            spans = tok.meta["spans"]
            self.tables.append(
                _build_table(self.text, self.lines, spans, self.line_starts, len(self.tables), self.stack)
            )
        elif ttype == "heading_open":
            self._heading(tok, following, first, last)
        elif ttype in ("fence", "code_block"):
            closed = ttype != "fence" or (last - first >= 2 and _closes(self.lines[last - 1], tok.markup))
            self.code_blocks.append(
                CodeBlock(
                    line=first + 1, end_line=last, fenced=ttype == "fence", closed=closed, marker=tok.markup
                )
            )
            self.code_lines.update(range(first, last))
        elif ttype == "html_block":
            self.html_blocks.append(HtmlBlock(line=first + 1, end_line=last, text=tok.content))
            _scan_block_links(self.lines, first, last, self.links)
        elif ttype == "paragraph_open":
            _scan_block_links(self.lines, first, last, self.links)
            para = self.lines[first:last]
            if _looks_like_table(para):
                self.pipe_paragraphs.append(PipeParagraph(line=first + 1, end_line=last, lines=para))

    def _heading(self, tok: Token, inline: Token | None, first: int, last: int) -> None:
        level = int(tok.tag[1:])
        title = _HEADING_MARKS.sub("", inline.content.strip() if inline is not None else "")
        stack = self.stack
        while stack and stack[-1][0] >= level:
            stack.pop()
        stack.append((level, title))
        self.sections.append(Section(level=level, title=title, line=first + 1, path=[t for _, t in stack]))
        _scan_block_links(self.lines, first, last, self.links)


def _closes(line: str, markup: str) -> bool:
    m = _FENCE_CLOSE.match(line)
    return m is not None and m.group(1)[0] == markup[:1] and len(m.group(1)) >= len(markup)


def _looks_like_table(para: list[str]) -> bool:
    if len(para) < 2:
        return False
    stripped = [ln.strip().lstrip(">").strip() for ln in para]
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
            rows.append(Row(line=ln + 1, column=col0, text=content, cells=_cells(content, ln + 1, col0)))
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
        out.append(Directive(line=number, column=m.start() + 1, action=m.group(1), rules=rules))  # type: ignore[arg-type]
    return out


def parse_bytes(data: bytes, path: str = "<bytes>") -> Document:
    source = decode_source(data)
    return parse_document(source.text, path, source)
