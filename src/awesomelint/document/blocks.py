"""The block structure of a Markdown document as GitHub reads it: CommonMark with the table extension.

A port of cmark-gfm's block phase (``src/blocks.c`` and ``extensions/table.c``), written for what the
linter needs: which lines hold a table (with the span of each row), a heading (level and title), a code
block, an HTML block or a paragraph. Containers (block quotes, list items) decide all of that, with lazy
continuation lines, tab stops at 4 and the indentation rules of CommonMark; of them only list items are
reported (:func:`parse_structure`: each item's lines, marker and parent item, GitHub's ``<li>``); thematic
breaks and link reference definitions are read and dropped. No inline parsing is done.

:func:`parse_blocks` takes the document's lines (newlines normalised, no trailing empty line) and returns
its leaf blocks in document order. Every line is looked at a bounded number of times: the work is linear
in the input, however the lines nest (a run of blank lines under a deep stack of list items is matched
once). It imports nothing but :mod:`re` and the link destination scanner of :mod:`.inline`.
"""

# long: a port of cmark-gfm's block phase kept in its order (blocks.c's line loop and its block starts, the
# table extension), so that it reads beside the C it follows and a difference from GitHub's reading is
# found by comparing the two; the parser is one procedure over one line, whose steps share its state

from __future__ import annotations

import re

from awesomelint._regex import lazy_compile
from awesomelint.document.inline import destination_end

PARAGRAPH = "paragraph"
HEADING = "heading"
CODE = "code"
HTML = "html"
TABLE = "table"
# the containers and the blocks that are read but not reported
_DOC = "document"
_QUOTE = "quote"
_LIST = "list"
_ITEM = "item"
_HR = "hr"

_CONTAINERS = (_DOC, _QUOTE, _ITEM)  # the blocks that may hold any block but a list item

_MAX_AUTOCOMPLETED_CELLS = 0x80000  # cmark-gfm's guard: the empty cells a table may add to short rows


class Block:
    """A block of the document. ``first`` and ``last`` are 0-based lines, ``last`` exclusive (markdown-it's
    ``map``). Tables have ``spans``: ``(line, begin, end)`` of the header, delimiter and body rows, offsets
    into the text (begin after the container prefix and indentation, end before the newline)."""

    # class-level defaults: a block sets only what its kind uses (no __slots__: making a block is most of
    # the cost of a list item's line)
    level = 0
    title = ""
    fenced = False
    closed = True
    markup = ""
    text = ""
    spans: list[tuple[int, int, int]]  # a table
    has_child = 0  # an item: how many children it has (a dropped definition is none)
    visited = False  # a paragraph: a delimiter row under it failed to make a table
    # a paragraph, per line: (line start, begin after the container prefix, begin of its content)
    begins: list[tuple[int, int, int]]
    parts: list[str]  # an HTML block: its lines
    html_kind = 0
    fence_char = ""
    fence_len = 0
    fence_offset = 0
    marker_offset = 0
    padding = 0
    list_key = ""
    width = 0
    filled = 0

    def __init__(self, kind: str, first: int) -> None:
        self.kind = kind
        self.first = first
        self.last = first + 1
        if kind == PARAGRAPH:
            self.begins = []
        elif kind == HTML:
            self.parts = []

    def __repr__(self) -> str:
        return f"Block({self.kind}, {self.first}, {self.last})"


class Container(Block):
    """A block quote, a list or a list item. Their own class: CPython shares one table of attribute names
    among the instances of a class, and the attributes only these carry, set on blocks of the one class,
    made every block slower to make and to read."""

    #: the innermost item around it (of a list, a quote), or that its list stands in (of an item)
    owner: Container | None = None
    quoted = False  # a block quote stands around it (or is it)
    index = 0  # an item: its place among the items; a list: its first item's
    # an item: its list, the offset of its marker in its first line, and where the last line with more
    # than blanks and quote marks ended when it was closed (``last`` is cmark-gfm's end, blank lines
    # included)
    list_block: Container | None = None
    column = 0
    content_end = 0


# --- scanners (each anchored at a position of one line, which holds no newline) -----------------------

_ATX = lazy_compile(r"#{1,6}+(?:[ \t]|$)")
_FENCE_OPEN = lazy_compile(r"`{3,}+(?=[^`]*+$)|~{3,}+")
_FENCE_CLOSE = lazy_compile(r"(?:`{3,}+|~{3,}+)[ \t]*+$")
_SETEXT = lazy_compile(r"(?:=++|-++)[ \t]*+$")
_THEMATIC_RUNS = {c: lazy_compile(rf"[{c} \t]*+") for c in "*_-"}
# a marker is followed by a space, a tab or the line's end (cmark_isspace: a vertical tab or form feed is text)
_BULLET = lazy_compile(r"[*+-](?=[ \t]|$)")
_ORDERED = lazy_compile(r"([0-9]{1,9}+)([.)])(?=[ \t]|$)")
_DELIMITER = lazy_compile(
    r"\|?+[ \t\v\f]*+:?+-++:?+[ \t\v\f]*+(?:\|[ \t\v\f]*+:?+-++:?+[ \t\v\f]*+)*+\|?+[ \t\v\f]*+$"
)
_BLOCK_TAGS = frozenset(
    [
        "address",
        "article",
        "aside",
        "base",
        "basefont",
        "blockquote",
        "body",
        "caption",
        "center",
        "col",
        "colgroup",
        "dd",
        "details",
        "dialog",
        "dir",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "frame",
        "frameset",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "head",
        "header",
        "hr",
        "html",
        "iframe",
        "legend",
        "li",
        "link",
        "main",
        "menu",
        "menuitem",
        "nav",
        "noframes",
        "ol",
        "optgroup",
        "option",
        "p",
        "param",
        "section",
        "source",
        "title",
        "summary",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "track",
        "ul",
    ]
)
_RAW_TAGS = frozenset(("script", "pre", "style", "textarea"))  # HTML blocks of kind 1
_TAG_NAME = lazy_compile(r"</?([A-Za-z][A-Za-z0-9]*+)")
_SPACE = r"[ \t\v\f]"
_ATTRIBUTE = (
    rf"{_SPACE}++[a-zA-Z_:][a-zA-Z0-9:._-]*+"
    rf"(?:{_SPACE}*+={_SPACE}*+(?:[^ \t\v\f\"'=<>`]++|'[^']*+'|\"[^\"]*+\"))?+"
)
_HTML_7 = lazy_compile(
    rf"<(?:[A-Za-z][A-Za-z0-9-]*+(?:{_ATTRIBUTE})*+{_SPACE}*+/?>|/[A-Za-z][A-Za-z0-9-]*+{_SPACE}*+>)"
    r"[ \t\f]*+$"
)
_HTML_END_1 = lazy_compile(r"</(?:script|pre|style|textarea)>", re.IGNORECASE)
_HTML_ENDS = {2: "-->", 3: "?>", 4: ">", 5: "]]>"}
_SPACES = lazy_compile(r" *+")

# link reference definitions (CommonMark), matched in a paragraph's content at a line start
_REF_LABEL = lazy_compile(r"\[(?:[^\[\]\\]|\\.){0,999}+\]:", re.DOTALL)
_REF_SPNL = lazy_compile(r"[ \t]*+(?:\n[ \t]*+)?+")
_REF_TITLE = lazy_compile(
    r"[ \t]*+\n?+[ \t]*+(?:\"(?:[^\"\\]|\\.)*+\"|'(?:[^'\\]|\\.)*+'|\((?:[^()\\]|\\.)*+\))[ \t]*+(?:\n|$)",
    re.DOTALL,
)
_REF_END = lazy_compile(r"[ \t]*+(?:\n|$)")


def _end(pattern: re.Pattern[str], text: str, pos: int) -> int:
    """Where ``pattern`` (which matches the empty string) ends, matched at ``pos``."""
    m = pattern.match(text, pos)
    return m.end() if m is not None else pos


def cell_count(content: str) -> int:
    """How many cells cmark-gfm's table extension splits the row ``content`` into (a pipe after a
    backslash never splits; one leading and one trailing pipe are optional; 0 for a lone pipe)."""
    n = len(content.rstrip(" \t\v\f"))
    if not n:
        return 1 if content else 0  # a vertical tab or form feed alone is a cell's text
    pipes = content.count("|", 0, n)
    if not pipes:
        return 1
    if "\\" in content:
        pipes -= content.count("\\|", 0, n)
        trailing = content[n - 1] == "|" and (n < 2 or content[n - 2] != "\\")
    else:
        trailing = content[n - 1] == "|"
    if content[0] == "|" and n == 1:
        return 0
    return max(0, pipes + 1 - (content[0] == "|") - trailing)


def _refdefs_length(content: str) -> int:
    """The length of the link reference definitions at the start of a paragraph's ``content`` (each
    ends at a line end), 0 when it starts with none."""
    pos = 0
    while content.startswith("[", pos):
        m = _REF_LABEL.match(content, pos)
        if m is None or not content[pos + 1 : m.end() - 2].strip(" \t\n"):  # cmark_isspace: not \v, \f
            break
        p = _end(_REF_SPNL, content, m.end())
        d = destination_end(content, p)
        if d < 0:
            break
        t = _REF_TITLE.match(content, d) if d < len(content) else None
        if t is not None and (content[d] in " \t\n"):
            pos = t.end()
            continue
        e = _REF_END.match(content, d)
        if e is None:
            break
        pos = e.end()
    return pos


# --- the parser ----------------------------------------------------------------------------------------


# long: one procedure over one line at a time (cmark's S_process_line: match the open containers, open new
# blocks, add the text), its steps share the line's scanning state as cmark's do
class _Parser:
    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.out: list[Block] = []
        self.stack: list[Block] = [Block(_DOC, 0)]
        self.version = 0  # bumped whenever the stack changes: a run of blank lines is matched once
        self.line = 0
        self.ln = ""
        self.start = 0  # the line's offset in the text
        self.offset = 0
        self.column = 0
        self.fns = 0
        self.fns_column = 0
        self.indent = 0
        self.blank = False
        self.partial_tab = False
        self.kill_pos = 0  # where the last failed scan for a thematic break stopped
        self.items: list[Container] = []  # the list items, in document order
        self.content_end = 0  # the exclusive end of the last line with more than blanks and quote marks

    # the scanning state of a line (cmark's S_find_first_nonspace and S_advance_offset)

    def find_first_nonspace(self) -> None:
        ln = self.ln
        if self.fns <= self.offset:
            fns, col = self.offset, self.column
            if ln.startswith(" ", fns):  # (most lines' content starts at the offset: no pattern to match)
                end = _end(_SPACES, ln, fns)
                col += end - fns
                fns = end
            if fns < len(ln) and ln[fns] == "\t":
                while fns < len(ln):
                    c = ln[fns]
                    if c == " ":
                        col += 1
                    elif c == "\t":
                        col += 4 - col % 4
                    else:
                        break
                    fns += 1
            self.fns, self.fns_column = fns, col
        self.indent = self.fns_column - self.column
        self.blank = self.fns >= len(ln)

    def advance(self, count: int, columns: bool) -> None:
        ln, n = self.ln, len(self.ln)
        while count > 0 and self.offset < n:
            if ln[self.offset] == "\t":
                to_tab = 4 - self.column % 4
                if columns:
                    self.partial_tab = to_tab > count
                    step = min(count, to_tab)
                    self.column += step
                    self.offset += 0 if self.partial_tab else 1
                    count -= step
                else:
                    self.partial_tab = False
                    self.column += to_tab
                    self.offset += 1
                    count -= 1
            else:
                self.partial_tab = False
                self.offset += 1
                self.column += 1
                count -= 1

    def advance_to_fns(self) -> None:
        if self.fns > self.offset:
            self.offset, self.column, self.partial_tab = self.fns, self.fns_column, False

    def advance_to_end(self) -> None:
        """Past the rest of the line (a block that takes the whole line): only blankness is asked after."""
        self.column += len(self.ln) - self.offset
        self.offset = len(self.ln)
        self.partial_tab = False

    # blocks

    def add_child(self, parent: int, kind: str, first: int, block: Block | None = None) -> Block:
        """A new open block under ``stack[parent]`` (``block``, made here when None); the open blocks after
        it are closed, and so are the blocks that cannot hold it (cmark's add_child)."""
        stack = self.stack
        while len(stack) > parent + 1:
            self.finalize()
        while not _can_contain(stack[-1].kind, kind):
            self.finalize()
        if stack[-1].kind == _ITEM:
            stack[-1].has_child += 1
        if block is None:
            block = Block(kind, first)
        stack.append(block)
        self.version += 1
        if kind in (PARAGRAPH, HEADING, CODE, HTML, TABLE):
            self.out.append(block)
        return block

    def finalize(self) -> None:
        block = self.stack.pop()
        self.version += 1
        kind = block.kind
        if kind == PARAGRAPH:
            if not self.resolve_refdefs(block) and self.stack[-1].kind == _ITEM:
                self.stack[-1].has_child -= 1  # cmark frees the paragraph: the item may end at a blank line
        elif kind == _ITEM and isinstance(block, Container):
            block.last = self.line  # the line before the one that closed it (cmark-gfm's end)
            block.content_end = self.content_end

    def resolve_refdefs(self, para: Block) -> bool:
        """Drop the link reference definitions at the start of a paragraph; False when nothing is left."""
        if not para.begins:
            return True
        line_start, _raw, begin = para.begins[0]
        if not self.lines[para.first].startswith("[", begin - line_start):  # (lines_text(para, 0), unsliced)
            return True
        content = "\n".join(self.lines_text(para, i) for i in range(len(para.begins)))
        length = _refdefs_length(content)
        if not length:
            return True
        used = content.count("\n", 0, length) + (length == len(content) or content[length - 1] != "\n")
        if used >= len(para.begins) or not content[length:].strip(" \t\n"):
            para.kind = ""  # nothing but definitions: no block
            para.begins = []
            return False
        para.first += used
        del para.begins[:used]
        return True

    def lines_text(self, para: Block, index: int) -> str:
        line_start, _raw, begin = para.begins[index]
        line = para.first + index
        return self.lines[line][begin - line_start :]

    # one line (cmark's S_process_line)

    def process(self, index: int, ln: str, start: int) -> None:
        self.line, self.ln, self.start = index, ln, start
        self.offset = self.column = self.fns = self.fns_column = self.indent = 0
        self.partial_tab = False
        self.kill_pos = 0
        matched, all_matched = self.check_open()
        if matched < 0:
            return  # a closing fence: the line is done
        last_matched = matched
        container = self.open_new(matched, all_matched)
        self.add_text(container, last_matched)

    def check_open(self) -> tuple[int, bool]:
        """The index in the stack of the last open block whose prefix the line matches (-1: the line
        closed a fence), and whether every open block matched (cmark's check_open_blocks)."""
        stack = self.stack
        for i in range(1, len(stack)):
            block = stack[i]
            self.find_first_nonspace()
            kind = block.kind
            if kind == PARAGRAPH:
                if self.blank:
                    return i - 1, False
            elif kind == _QUOTE:
                if self.indent > 3 or self.fns >= len(self.ln) or self.ln[self.fns] != ">":
                    return i - 1, False
                self.advance(self.indent + 1, True)
                if self.offset < len(self.ln) and self.ln[self.offset] in " \t":
                    self.advance(1, True)
            elif kind == _ITEM:
                if self.indent >= block.marker_offset + block.padding:
                    self.advance(block.marker_offset + block.padding, True)
                elif self.blank and block.has_child:
                    self.advance_to_fns()
                else:
                    return i - 1, False
            elif kind == TABLE:
                if not self.row_matches(block):
                    return i - 1, False
            elif kind == CODE:
                state = self.code_prefix(block)
                if state <= 0:
                    return (-1, False) if state < 0 else (i - 1, False)
            elif kind == HTML:
                if block.html_kind >= 6 and self.blank:
                    return i - 1, False
            elif kind == HEADING:
                return i - 1, False
        return len(stack) - 1, True

    def code_prefix(self, block: Block) -> int:
        """1: the line continues the code block, 0: it does not, -1: it closes the fence."""
        if not block.fenced:
            if self.indent >= 4:
                self.advance(4, True)
                return 1
            if self.blank:
                self.advance_to_fns()
                return 1
            return 0
        ln, fns = self.ln, self.fns
        if self.indent <= 3 and fns < len(ln) and ln[fns] == block.fence_char:
            m = _FENCE_CLOSE.match(ln, fns)
            if m is not None and len(ln[fns : m.end()].rstrip(" \t")) >= block.fence_len:
                block.closed = True
                block.last = self.line + 1
                while self.stack[-1] is not block:
                    self.finalize()
                self.finalize()
                return -1
        i = block.fence_offset
        while i > 0 and self.offset < len(ln) and ln[self.offset] in " \t":
            self.advance(1, True)
            i -= 1
        return 1

    def row_matches(self, table: Block) -> bool:
        """Whether the line continues the table (cmark-gfm's ``matches``), within the padding guard."""
        cells = cell_count(self.ln[self.fns :]) if not self.blank else 0
        if cells == 0:
            return False
        return table.width * (len(table.spans) - 1) - table.filled <= _MAX_AUTOCOMPLETED_CELLS

    def open_new(self, container: int, all_matched: bool) -> int:
        """Open the blocks the line starts inside ``stack[container]``; the index of the innermost
        (cmark's open_new_blocks)."""
        stack = self.stack
        maybe_lazy = stack[-1].kind == PARAGRAPH
        while True:
            cont = stack[container]
            ckind = cont.kind
            if ckind in (CODE, HTML):
                break
            self.find_first_nonspace()
            ln, fns = self.ln, self.fns
            c = ln[fns] if fns < len(ln) else "\n"
            if self.indent >= 4:
                if not maybe_lazy and not self.blank:
                    self.advance(4, True)
                    self.add_child(container, CODE, self.line)
                    container = len(stack) - 1
                break
            if c not in _STARTS:
                if ckind == PARAGRAPH:
                    self.open_table(container)
                elif ckind == TABLE:
                    self.add_row(cont)
                break
            if not self.open_block(container, c, ckind, all_matched):
                if ckind == PARAGRAPH:
                    self.open_table(container)
                elif ckind == TABLE:
                    self.add_row(cont)
                break
            container = len(stack) - 1
            if stack[-1].kind in (PARAGRAPH, HEADING, CODE):
                break  # a block that holds lines holds no other block
            maybe_lazy = False
        return container

    def open_block(self, container: int, c: str, ckind: str, all_matched: bool) -> bool:
        """Open the block that starts at the first non-space character ``c``; False when none does."""
        ln, fns, line = self.ln, self.fns, self.line
        if c == ">":
            self.advance(fns + 1 - self.offset, False)
            if self.offset < len(ln) and ln[self.offset] in " \t":
                self.advance(1, True)
            quote = Container(_QUOTE, line)
            self.add_child(container, _QUOTE, line, quote)
            quote.owner = _owner(self.stack[-2])  # (not stack[container]: a paragraph there was closed)
            quote.quoted = True
            return True
        if c == "#" and (m := _ATX.match(ln, fns)) is not None:
            heading = self.add_child(container, HEADING, line)
            level = len(m.group().rstrip(" \t"))
            heading.level = level
            heading.title = _atx_title(ln, fns + level)
            self.advance_to_end()
            return True
        if c in "`~" and (m := _FENCE_OPEN.match(ln, fns)) is not None:
            code = self.add_child(container, CODE, line)
            code.fenced, code.closed, code.fence_char = True, False, c
            code.markup = m.group()
            code.fence_len = len(code.markup)
            code.fence_offset = fns - self.offset
            self.advance_to_end()
            return True
        if c == "<" and (kind := _html_start(ln, fns, ckind != PARAGRAPH)):
            self.add_child(container, HTML, line).html_kind = kind
            return True
        if ckind == PARAGRAPH and c in "=-" and _SETEXT.match(ln, fns) is not None:
            return self.setext(self.stack[container], c)
        if c in "*-_" and not (ckind == PARAGRAPH and not all_matched) and self.thematic_break(c):
            self.add_child(container, _HR, line)
            self.advance_to_end()
            return True
        if c in "*+-0123456789":
            return self.open_item(container, c, ckind)
        return False

    def thematic_break(self, c: str) -> bool:
        """Whether the line is a thematic break of ``c``; a failed scan is not repeated further along the
        same run (cmark's thematic_break_kill_pos: "- - - ... x" would be quadratic)."""
        fns = self.fns
        if self.kill_pos > fns:
            return False
        end = _end(_THEMATIC_RUNS[c], self.ln, fns)
        if end == len(self.ln) and self.ln.count(c, fns, end) >= 3:
            return True
        self.kill_pos = end
        return False

    def setext(self, para: Block, c: str) -> bool:
        if not self.resolve_refdefs(para):
            para.kind = PARAGRAPH  # only definitions: the underline starts a paragraph, and nothing else
            para.first = self.line
            return True
        para.kind = HEADING
        para.level = 1 if c == "=" else 2
        lines = self.lines
        para.title = "\n".join(
            lines[para.first + i][raw - start :] for i, (start, raw, _) in enumerate(para.begins)
        ).strip(" \t")
        para.begins = []
        para.last = self.line + 1
        self.advance_to_end()
        return True

    def open_item(self, container: int, c: str, ckind: str) -> bool:
        ln, fns = self.ln, self.fns
        interrupts = ckind == PARAGRAPH
        if c in "*+-":
            m = _BULLET.match(ln, fns)
            key = c
        else:
            m = _ORDERED.match(ln, fns)
            if m is not None and interrupts and int(m.group(1)) != 1:
                return False
            key = m.group(2) if m is not None else ""
        if m is None or (interrupts and not ln[m.end() :].strip(" \t")):
            return False
        width = m.end() - fns
        self.advance(m.end() - self.offset, False)
        saved = (self.partial_tab, self.offset, self.column)
        while self.column - saved[2] <= 5 and self.offset < len(ln) and ln[self.offset] in " \t":
            self.advance(1, True)
        spaces = self.column - saved[2]
        if spaces >= 5 or spaces < 1 or self.offset >= len(ln):
            padding = width + 1
            self.partial_tab, self.offset, self.column = saved
            if spaces > 0:
                self.advance(1, True)
        else:
            padding = width + spaces
        if ckind != _LIST or self.stack[container].list_key != key:
            new_list = Container(_LIST, self.line)
            self.add_child(container, _LIST, self.line, new_list)
            new_list.list_key = key
            new_list.index = len(self.items)
            holder = self.stack[-2]  # (not stack[container]: a paragraph there was closed)
            new_list.owner = _owner(holder)
            new_list.quoted = isinstance(holder, Container) and holder.quoted
            container = len(self.stack) - 1
        item = Container(_ITEM, self.line)
        self.add_child(container, _ITEM, self.line, item)
        item.marker_offset, item.padding = self.indent, padding
        lst = self.stack[container]
        assert isinstance(lst, Container)
        item.owner, item.quoted, item.list_block = lst.owner, lst.quoted, lst
        item.column, item.markup, item.index = fns, m.group(), len(self.items)
        self.items.append(item)
        return True

    def open_table(self, index: int) -> None:
        """cmark-gfm's try_opening_table_header: the line is a delimiter row under the paragraph
        ``stack[index]`` whose last line has as many cells."""
        para = self.stack[index]
        ln, fns = self.ln, self.fns
        if para.visited or _DELIMITER.match(ln, fns) is None:
            return
        width = cell_count(ln[fns:])
        line_start, _raw, begin = para.begins[-1]
        header = para.first + len(para.begins) - 1
        if cell_count(self.lines[header][begin - line_start :]) != width:
            para.visited = True  # once a delimiter row fails, the paragraph starts no table
            return
        if len(para.begins) > 1:
            table = Block(TABLE, header)
            self.stack[index] = table
            self.out.append(table)
            del para.begins[-1]
            para.last = header  # the lines above the header stay a paragraph, definitions included
        else:
            table = para
            table.kind = TABLE
            table.begins = []
        self.version += 1
        table.width = table.filled = width
        table.spans = [
            (header, begin, line_start + len(self.lines[header])),
            (self.line, self.start + fns, self.start + len(ln)),
        ]
        table.last = self.line + 1
        self.advance_to_end()

    def add_row(self, table: Block) -> None:
        ln, fns = self.ln, self.fns
        if self.blank:
            return
        table.filled += min(cell_count(ln[fns:]), table.width)
        table.spans.append((self.line, self.start + fns, self.start + len(ln)))
        table.last = self.line + 1
        self.advance_to_end()

    def add_text(self, container: int, last_matched: int) -> None:
        """Add what is left of the line to the innermost open block, a lazy continuation line to an open
        paragraph (cmark's add_text_to_container)."""
        self.find_first_nonspace()
        stack = self.stack
        tip = stack[-1]
        if (
            container == last_matched
            and len(stack) - 1 > last_matched
            and not self.blank
            and tip.kind == PARAGRAPH
        ):
            tip.begins.append((self.start, self.start + self.offset, self.start + self.offset))
            tip.last = self.line + 1
            return
        while len(stack) - 1 > container:
            self.finalize()
        block = stack[-1]
        kind = block.kind
        if kind == CODE:
            if block.fenced or not self.blank:
                block.last = self.line + 1
        elif kind == HTML:
            self.add_html_line(block)
        elif self.blank or kind in (HEADING, TABLE):
            pass
        elif kind == PARAGRAPH:
            block.begins.append((self.start, self.start + self.offset, self.start + self.fns))
            block.last = self.line + 1
        else:
            para = self.add_child(container, PARAGRAPH, self.line)
            para.begins.append((self.start, self.start + self.offset, self.start + self.fns))

    def add_html_line(self, block: Block) -> None:
        ln, offset = self.ln, self.offset
        if self.partial_tab:
            block.parts.append(" " * (4 - self.column % 4) + ln[offset + 1 :] + "\n")
        else:
            block.parts.append(ln[offset:] + "\n")
        block.last = self.line + 1
        kind = block.html_kind
        if kind <= 5:
            if kind == 1:
                done = _HTML_END_1.search(ln, self.fns) is not None
            else:
                done = ln.find(_HTML_ENDS[kind], self.fns) >= 0
            if done:
                self.finalize()

    # long: the line loop, with the commonest lines of a list read in it (a paragraph's lines, a table's
    # rows): a call per line is what their reading here saves
    def run(self) -> list[Block]:
        stack, start = self.stack, 0
        idle = False  # the last line was blank and changed nothing: so will the next blank one
        for index, ln in enumerate(self.lines):
            # the commonest lines of a list, read here without a call: plain_line's cases (its fast copies)
            if len(stack) == 2:
                tip = stack[1]
                if tip.kind == PARAGRAPH:
                    if (
                        ln
                        and (
                            ln[0] not in _SLOW_IN_PARAGRAPH
                            or (  # (_NO_BLOCK's emphasis *Authors* or **Title**, without the match; its fast copy)
                                ln[0] == "*"
                                and len(ln) > 2
                                and (ln[1].isalnum() or (ln[1] == "*" and ln[2].isalnum()))
                            )
                            or _NO_BLOCK.match(ln)
                        )
                    ):
                        tip.begins.append((start, start, start))  # the next line of a paragraph
                        tip.last = index + 1
                        start += len(ln) + 1
                        idle = False
                        continue
                    if not ln:  # an empty line ends it (finalize's work, when no definition may open it)
                        line_start, _raw, begin = tip.begins[0]
                        if not self.lines[tip.first].startswith("[", begin - line_start):
                            stack.pop()
                            self.version += 1
                            start += 1
                            idle = False
                            continue
                elif (
                    tip.kind == TABLE  # a row of a table (no escape: its cells are its pipes but the ends)
                    and len(ln) > 1
                    and ln[0] == "|"
                    and ln[-1] == "|"
                    and "\\" not in ln
                    and tip.width * (len(tip.spans) - 1) - tip.filled <= _MAX_AUTOCOMPLETED_CELLS
                ):
                    cells = ln.count("|") - 1
                    tip.filled += cells if cells < tip.width else tip.width
                    tip.spans.append((index, start, start + len(ln)))
                    tip.last = index + 1
                    start += len(ln) + 1
                    idle = False
                    continue
            elif (
                len(stack) == 1
                and ln
                and (
                    ln[0] not in _SLOW
                    or (
                        ln[0] == "*"
                        and len(ln) > 2
                        and (ln[1].isalnum() or (ln[1] == "*" and ln[2].isalnum()))
                    )
                    or _NO_BLOCK.match(ln)
                )
            ):
                para = Block(PARAGRAPH, index)  # the first line of a paragraph (add_child's work for it)
                para.begins.append((start, start, start))
                stack.append(para)
                self.out.append(para)
                self.version += 1
                start += len(ln) + 1
                idle = False
                continue
            version = self.version
            if (
                ln
                and len(stack) <= 2
                and (ln[0] not in _SLOW or _NO_BLOCK.match(ln))
                and self.plain_line(index, ln, start)
            ):
                idle = False
            elif not ln and len(stack) <= 2 and stack[-1].kind in _ENDED_BY_BLANK:
                if len(stack) == 2:
                    self.finalize()  # an empty line ends a paragraph, a table, a heading at the top level
                idle = self.version == version
            elif not ln.strip(" \t"):
                if idle and stack[-1].kind != HTML:
                    tip = stack[-1]  # the same open blocks match the same way: only a fence grows
                    if tip.kind == CODE and tip.fenced:
                        tip.last = index + 1
                else:
                    self.process(index, ln, start)
                    # an empty item matches a blank line by its indentation alone (it is then the tip):
                    # a blank line indented less closes it
                    tip = stack[-1]
                    idle = self.version == version and (tip.kind != _ITEM or tip.has_child > 0)
            else:
                self.process(index, ln, start)
                if ln.lstrip(" \t>"):  # (after the line: an item it closes ends before it)
                    self.content_end = index + 1
                idle = False
            start += len(ln) + 1
        self.line = len(self.lines)  # what is open ends with the document
        while len(stack) > 1:
            self.finalize()
        for block in self.out:
            if block.kind == HTML:
                block.text = "".join(block.parts)
                block.parts = []
        return [b for b in self.out if b.kind]

    def plain_line(self, index: int, ln: str, start: int) -> bool:
        """The common lines outside containers, read without the general procedure: a line that starts
        with no block's marker (nor indentation) starts or continues a paragraph, or is a table row.
        False when the general procedure must read it."""
        stack = self.stack
        if len(stack) == 1:
            self.add_child(0, PARAGRAPH, index).begins.append((start, start, start))
            return True
        tip = stack[1]
        if tip.kind == TABLE:
            if "\\" in ln or ln[-1] in " \t\v\f":
                cells = cell_count(ln)
            else:  # (cell_count without its cases: no escape, nothing after the last cell)
                cells = (
                    ln.count("|") + 1 - (ln[0] == "|") - (ln[-1] == "|") if len(ln) > 1 else int(ln != "|")
                )
            if cells == 0 or tip.width * (len(tip.spans) - 1) - tip.filled > _MAX_AUTOCOMPLETED_CELLS:
                return False
            tip.filled += min(cells, tip.width)
            tip.spans.append((index, start, start + len(ln)))
            tip.last = index + 1
            return True
        if tip.kind == PARAGRAPH and ln[0] not in "|:\v\f":  # (what a delimiter row may start with)
            tip.begins.append((start, start, start))
            tip.last = index + 1
            return True
        return False


#: the first characters of the blocks a line may start (besides indented code and table rows)
_STARTS = frozenset(">#`~<=-*_+0123456789")


_ENDED_BY_BLANK = frozenset((_DOC, PARAGRAPH, TABLE, HEADING, _HR))
#: what makes a line at the top level need the general procedure: indentation or a block's marker
_SLOW = _STARTS | {" ", "\t"}
#: what makes the next line of a paragraph at the top level need more than plain_line's reading: those, or
#: what a delimiter row may start with
_SLOW_IN_PARAGRAPH = _SLOW | set("|:\v\f")


#: a line that starts with a marker of :data:`_STARTS` (``*``, ``_``, a digit) but opens no block all the
#: same, so that the paragraph's fast reading may read it: emphasis (``**Title**``, ``*Authors*``: the
#: marker, doubled or not, then a letter or digit, ``[^\W_]`` being ``str.isalnum``) is neither a list item
#: (its marker is followed by a space, a tab or the line's end) nor a thematic break (nothing but the marker,
#: spaces and tabs); a number not followed by ``.`` or ``)`` (``14 Mar 2023``) is no ordered list's marker.
#: A paragraph's entries open with these, line after line.
_NO_BLOCK = lazy_compile(r"\*\*?+[^\W_]|__?+[^\W_]|[0-9]++[^.)]")


def _owner(holder: Block) -> Container | None:
    """The innermost list item at or around ``holder``, the block a new list or quote opens in."""
    if not isinstance(holder, Container):
        return None  # the document
    return holder if holder.kind == _ITEM else holder.owner


def _can_contain(parent: str, child: str) -> bool:
    if parent in _CONTAINERS:
        return child != _ITEM
    return parent == _LIST and child == _ITEM


def _atx_title(ln: str, pos: int) -> str:
    """The content of an ATX heading whose marks end at ``pos`` (cmark-gfm's chop_trailing_hashtags):
    a closing sequence of ``#`` after a space or tab removed once, then spaces and tabs trimmed (only those:
    a form feed or an ideographic space is text)."""
    end = len(ln.rstrip(" \t"))
    if end < pos:
        end = pos
    mark = len(ln[:end].rstrip("#"))
    if mark < pos:
        mark = pos
    if mark > pos and ln[mark - 1] in " \t":
        end = mark
    return ln[pos:end].strip(" \t")


def _html_start(ln: str, pos: int, lone_tag: bool) -> int:
    """The kind (1-7) of the HTML block starting at ``pos`` (cmark's scan_html_block_start), 0 for none;
    kind 7 only with ``lone_tag`` (it cannot interrupt a paragraph)."""
    if ln.startswith("<!", pos):
        if ln.startswith("--", pos + 2):
            return 2
        if ln[pos + 2 : pos + 9].upper() == "[CDATA[":
            return 5
        return 4 if "A" <= ln[pos + 2 : pos + 3] <= "Z" else 0
    if ln.startswith("<?", pos):
        return 3
    m = _TAG_NAME.match(ln, pos)
    if m is not None:
        name, end = m.group(1).lower(), m.end()
        after = ln[end : end + 1]
        if name in _RAW_TAGS and ln[pos + 1] != "/" and (not after or after in " \t\v\f>"):
            return 1
        if name in _BLOCK_TAGS and (not after or after in " \t\v\f>" or ln.startswith("/>", end)):
            return 6
    if lone_tag and _HTML_7.match(ln, pos) is not None:
        return 7
    return 0


def parse_blocks(lines: list[str]) -> list[Block]:
    """The leaf blocks of the document ``lines`` (paragraphs, headings, code and HTML blocks, tables) in
    document order, as cmark-gfm reads them."""
    return _Parser(lines).run()


def parse_structure(lines: list[str]) -> tuple[list[Block], list[Container]]:
    """The leaf blocks of :func:`parse_blocks` and the list items, each in document order. An item has
    ``first`` and ``last`` (cmark-gfm's ``<li>`` lines: the blank lines that end it included),
    ``content_end`` (``min(last, content_end)`` is the end without those blank lines), ``index`` (its place
    in the list returned), ``column`` (the offset of its marker in its
    first line), ``markup`` (the marker: ``-``, ``*``, ``+``, ``1.``, ``2)``), ``marker_offset`` (its
    indentation in columns, inside its container), ``list_block`` (its list), ``owner`` (the innermost item it stands in, None at
    the top) and ``quoted`` (a block quote stands around it)."""
    parser = _Parser(lines)
    return parser.run(), parser.items
