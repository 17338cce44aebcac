"""GitHub's reading of tables, from cmark-gfm (PyPI ``cmarkgfm``, the C library GitHub renders with).

``gfm_tables`` renders a document with source positions and returns, for every table GitHub shows, the
line of its header, the lines of its body rows and each row's cells as rendered HTML. (The bundled
cmark-gfm reports a wrong line for a header that follows paragraph lines, so the header is taken as the
line above the delimiter row, which is the line above the first body row or the table's last line.)
Raw HTML is omitted (cmark-gfm's safe mode), so no text of the document can pose as a position."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass

import cmarkgfm
from cmarkgfm.cmark import Options
from hypothesis import HealthCheck, settings

#: examples of each differential test (``AWESOMELINT_GFM_EXAMPLES`` raises them for a long run by hand)
EXAMPLES = int(os.environ.get("AWESOMELINT_GFM_EXAMPLES", "2000"))
#: the settings every differential test against cmark-gfm runs with: repeatable, no deadline (cmark-gfm
#: and a big generated document take their time)
DIFFERENTIAL = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

_TAG = re.compile(r'<(/?)(table|tr|th|td)(?=[ >])(?: [^>]*?data-sourcepos="(\d+):(\d+)-(\d+):(\d+)")?[^>]*>')
_ATTRS = re.compile(r' (?:data-sourcepos|align|style)="[^"]*"')


@dataclass
class GfmTable:
    header_line: int
    row_lines: list[int]
    header: list[str]  # rendered HTML of each header cell
    rows: list[list[str]]  # rendered HTML of each body cell (always as many as the header has)


def render(text: str, sourcepos: bool = True) -> str:
    opts = Options.CMARK_OPT_SOURCEPOS if sourcepos else 0
    return cmarkgfm.markdown_to_html_with_extensions(text, opts, ["table"])


def gfm_tables(text: str) -> list[GfmTable]:
    html = render(text)
    out: list[GfmTable] = []
    end = 0
    rows: list[tuple[int, list[str]]] = []
    for m in _TAG.finditer(html):
        close, tag = m.group(1), m.group(2)
        if tag == "table":
            if not close:
                end, rows = int(m.group(5)), []
            else:
                delimiter = rows[1][0] - 1 if len(rows) > 1 else end
                out.append(
                    GfmTable(delimiter - 1, [ln for ln, _ in rows[1:]], rows[0][1], [c for _, c in rows[1:]])
                )
        elif tag == "tr" and not close:
            rows.append((int(m.group(3)), []))
        elif tag in ("td", "th") and not close:
            stop = html.index(f"</{tag}>", m.end())
            rows[-1][1].append(_ATTRS.sub("", html[m.end() : stop]))
    return out


def cells_html(header: list[str], rows: list[list[str]]) -> tuple[list[str], list[list[str]]]:
    """How GitHub renders these cells (raw Markdown) as one table: our reading of the cells, shown."""
    width = len(header)

    def line(cells: list[str]) -> str:
        return "| " + " | ".join(cells) + " |"

    body = [(cells + [""] * width)[:width] for cells in rows]
    text = "\n".join([line(header), line(["---"] * width), *(line(c) for c in body)]) + "\n"
    (table,) = gfm_tables(text)
    # a cell that starts with a vertical tab or form feed cannot follow a pipe (the table extension skips
    # them there): it is shown alone, as the header of a table of one column without a leading pipe
    for cells, shown in zip([header, *body], [table.header, *table.rows], strict=True):
        for i, cell in enumerate(cells):
            if cell[:1] in ("\v", "\f"):
                (alone,) = gfm_tables(f"{cell}\n|-|\n")
                shown[i] = alone.header[0]
    return table.header, table.rows


def gfm_cell_count_is(content: str, count: int) -> bool:
    """Whether GitHub splits the row ``content`` into exactly ``count`` cells: as a header, it starts a
    table under a delimiter row of ``count`` cells only then."""
    text = content + "\n" + "|" + "---|" * count + "\n"
    return len(gfm_tables(text)) == 1


# The leaf blocks GitHub shows, with their lines, from the rendering with source positions. Raw HTML is
# omitted (safe mode): an HTML block renders as the comment below. A tight list item shows its paragraphs
# without <p>: the text (and raw HTML) directly in an item is one "run" of paragraphs and HTML blocks.
_BLOCK_TAG = re.compile(
    r"<(/?)(p|h[1-6]|hr|pre|table|tr|th|td|li|ul|ol|blockquote)(?=[ />])"
    r'(?: [^>]*?data-sourcepos="(\d+):(\d+)-(\d+):(\d+)")?[^>]*>'
    r"|(<!-- raw HTML omitted -->)"
)
_HOLDERS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "th", "td", "pre"}


def gfm_blocks(text: str) -> list[tuple[object, ...]]:
    """GitHub's leaf blocks in order: ``("paragraph", first, last)``, ``("heading", level, first, last,
    html)``, ``("code", first, last)``, ``("html",)``, ``("table", header, [row lines])`` and ``("run",)``
    (one or more paragraphs and HTML blocks of a tight list item); lines 1-based and inclusive, 0 where
    cmark-gfm gives no position (a paragraph cut above a table header)."""
    html = render(text)
    out: list[tuple[object, ...]] = []
    open_tags: list[str] = []
    table: list[int] = []
    table_end = 0
    heading = (0, 0, 0, 0)
    pos = 0
    run_open = False  # the last block is a run, and no tag came since
    for m in _BLOCK_TAG.finditer(html):
        between = html[pos : m.start()]
        pos = m.end()
        if open_tags and open_tags[-1] == "li" and (between.strip(" \t\n") or m.group(7)):
            if not run_open:
                out.append(("run",))
                run_open = True
            if m.group(7):
                continue
        if m.group(7):
            if not (open_tags and open_tags[-1] in _HOLDERS):
                out.append(("html",))
            continue
        run_open = False
        close, tag = m.group(1), m.group(2)
        if tag == "hr":
            continue
        if close:
            if open_tags:
                open_tags.pop()
            if tag == "table":
                rows = table[1:]
                delimiter = rows[0] - 1 if rows else table_end
                out.append(("table", delimiter - 1, rows))
            elif tag[0] == "h":
                level, first, last, start = heading
                out.append(("heading", level, first, last, html[start : m.start()]))
            continue
        open_tags.append(tag)
        first, last = int(m.group(3) or 0), int(m.group(5) or 0)
        if tag == "p":
            out.append(("paragraph", first, last))
        elif tag[0] == "h":
            heading = (int(tag[1]), first, last, m.end())
        elif tag == "pre":
            out.append(("code", first, last))
        elif tag == "table":
            table, table_end = [], last
        elif tag == "tr":
            table.append(first)
    return out


def failures_of(classes: dict[str, str], check: Callable[[str], None]) -> list[str]:
    """``check`` run on every named example: the first line of each assertion it fails, by name."""
    failures = []
    for name, text in classes.items():
        try:
            check(text)
        except AssertionError as exc:
            failures.append(f"{name}: {str(exc).splitlines()[0]}")
    return failures


# GitHub's list items: every <li> with its lines and the <li> it stands in (raw HTML omitted, so every
# <li> of the rendering is a list item of the document)
_LI_TAG = re.compile(r'<(/?)li(?: data-sourcepos="(\d+):(\d+)-(\d+):(\d+)")?>')


@dataclass
class GfmItem:
    first: int  # 1-based line of the marker
    column: int  # 1-based byte column of the marker
    last: int  # 1-based last line (cmark-gfm counts the blank lines that end an item)
    parent: int | None  # index of the enclosing item in document order


def gfm_items(text: str) -> list[GfmItem]:
    """GitHub's list items in document order (the order of their ``<li>``), with their nesting."""
    out: list[GfmItem] = []
    open_items: list[int] = []
    for m in _LI_TAG.finditer(render(text)):
        if m.group(1):
            open_items.pop()
            continue
        parent = open_items[-1] if open_items else None
        out.append(GfmItem(int(m.group(2)), int(m.group(3)), int(m.group(4)), parent))
        open_items.append(len(out) - 1)
    return out
