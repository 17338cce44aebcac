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
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

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


@dataclass
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


_MAX_AUTOCOMPLETED_CELLS = 0x10000  # markdown-it's guard against tables that expand enormously


def _wrap_table_rule(original: Any) -> Any:
    """markdown-it's table rule decides where a table starts (header and delimiter row agree); the body
    is then collected with the same termination rules, but as one token holding each row's line span
    instead of ~17 tokens per row: the cells are split from the raw lines later, once."""

    def table(state: StateBlock, start: int, end: int, silent: bool) -> bool:
        if not original(state, start, end, True):
            return False
        if silent:
            return True
        src, b_marks, e_marks, t_shift = state.src, state.bMarks, state.eMarks, state.tShift
        spans = [(ln, b_marks[ln] + t_shift[ln], e_marks[ln]) for ln in (start, start + 1)]
        width = len(split_cells(src[spans[0][1] : spans[0][2]]))
        terminators = state.md.block.ruler.getRules("blockquote")
        old_parent = state.parentType
        state.parentType = "table"
        autocompleted = 0
        line = start + 2
        while line < end:
            if state.sCount[line] < state.blkIndent:
                break
            if any(rule(state, line, end, True) for rule in terminators):
                break
            begin, stop = b_marks[line] + t_shift[line], e_marks[line]
            content = src[begin:stop].strip()
            if not content or state.is_code_block(line):
                break
            cells = content.count("|") - content.count("\\|") + 1
            cells -= content.startswith("|") + (len(content) > 1 and content.endswith("|"))
            autocompleted += width - cells
            if autocompleted > _MAX_AUTOCOMPLETED_CELLS:
                break
            spans.append((line, begin, stop))
            line += 1
        state.parentType = old_parent
        token = state.push("awesomelint_table", "table", 0)
        token.map = [start, line]
        token.meta = {"spans": spans}
        state.line = line
        return True

    return table


@lru_cache(maxsize=1)
def markdown_parser() -> MarkdownIt:
    """A CommonMark + GFM-tables parser that stops after the block phase."""
    # lazy: importing the model and SourceError (the public API, the commands) loads no parser
    from markdown_it import MarkdownIt
    from markdown_it.rules_block.table import table as original_table

    md = MarkdownIt("commonmark", {"html": True}).enable("table")
    md.block.ruler.at("table", _wrap_table_rule(original_table), {"alt": ["paragraph", "reference"]})
    md.disable("inline")
    return md


# --- GFM row splitting ---------------------------------------------------------------------------------


def split_cells(content: str) -> list[tuple[int, int]]:
    """Split a table row by GFM's rules; return (start, end) offsets of each cell's stripped text.

    ``\\|`` is an escaped pipe and does not split (a backslash escapes the next character, as in
    cmark-gfm); a pipe inside a code span still splits. One leading and one trailing pipe are optional.
    """
    n = len(content.rstrip())
    if "\\" not in content:
        seps = [m.start() for m in _PIPE.finditer(content, 0, n)]
    else:
        seps = []
        i = 0
        while i < n:
            c = content[i]
            if c == "\\":
                i += 2
                continue
            if c == "|":
                seps.append(i)
            i += 1
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
    out: list[tuple[int, int]] = []
    for a, b in bounds:
        while a < b and content[a] in " \t":
            a += 1
        while b > a and content[b - 1] in " \t":
            b -= 1
        out.append((a, b))
    return out


_PIPE = re.compile(r"\|")
_LINKISH = re.compile(r"[\[<]|https?://|www\.", re.IGNORECASE)


def _cells(content: str, line: int, col0: int) -> list[Cell]:
    cells = []
    for index, (a, b) in enumerate(split_cells(content)):
        text = content[a:b]
        links = scan_links(text, line, col0 + a) if _LINKISH.search(text) else []
        cells.append(Cell(index=index, column=col0 + a, text=text, links=links))
    return cells


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

_DIRECTIVE = re.compile(
    r"<!--\s*awesomelint-(disable-next-line|disable-line|disable-file|disable|enable)\b(.*?)-->"
)
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_FENCE_CLOSE = re.compile(r"^[ \t>]*(`{3,}|~{3,})[ \t]*$")
_HEADING_MARKS = re.compile(r"\s+#+\s*$")


def _mask_comments(text: str) -> str:
    if "<!--" not in text:
        return text
    return _COMMENT.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)


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
    return bool(m) and m.group(1)[0] == markup[:1] and len(m.group(1)) >= len(markup)


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
        for m in _DIRECTIVE.finditer(line):
            rules = [r for r in re.split(r"[\s,]+", m.group(2).strip()) if r]
            out.append(Directive(line=i + 1, column=m.start() + 1, action=m.group(1), rules=rules))  # type: ignore[arg-type]
    return out


def parse_bytes(data: bytes, path: str = "<bytes>") -> Document:
    source = decode_source(data)
    return parse_document(source.text, path, source)
