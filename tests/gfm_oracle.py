"""GitHub's reading of tables, from cmark-gfm (PyPI ``cmarkgfm``, the C library GitHub renders with).

``gfm_tables`` renders a document with source positions and returns, for every table GitHub shows, the
line of its header, the lines of its body rows and each row's cells as rendered HTML. (The bundled
cmark-gfm reports a wrong line for a header that follows paragraph lines, so the header is taken as the
line above the delimiter row, which is the line above the first body row or the table's last line.)
Raw HTML is omitted (cmark-gfm's safe mode), so no text of the document can pose as a position."""

from __future__ import annotations

import re
from dataclasses import dataclass

import cmarkgfm
from cmarkgfm.cmark import Options

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
    return table.header, table.rows


def gfm_cell_count_is(content: str, count: int) -> bool:
    """Whether GitHub splits the row ``content`` into exactly ``count`` cells: as a header, it starts a
    table under a delimiter row of ``count`` cells only then."""
    text = content + "\n" + "|" + "---|" * count + "\n"
    return len(gfm_tables(text)) == 1
