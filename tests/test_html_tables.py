"""HTML tables: rows, cells, text and links as GitHub shows them.

The oracle: cmark-gfm renders the document (raw HTML kept, Markdown between the HTML blocks rendered) and
the standard library's HTML parser reads the rendering's table; for generated tables (headers in
``<thead>`` or in ``<th>`` cells, attributes, entities, comments, line breaks inside tags and cells,
Markdown paragraphs inside cells after a blank line), our reading must have the same rows,
the same cells, the same text (where a cell holds no Markdown, which we keep as written) and the same
links in each cell."""

from __future__ import annotations

import os
import re
from html.parser import HTMLParser

import cmarkgfm
from cmarkgfm.cmark import Options
from hypothesis import given, settings
from hypothesis import strategies as st

from awesomelint.document.html_tables import HtmlTable, html_tables
from awesomelint.document.parse import parse_document

from .gfm_oracle import DIFFERENTIAL

EXAMPLES = int(os.environ.get("AWESOMELINT_GFM_EXAMPLES", "2000")) // 4


class _Oracle(HTMLParser):
    """The outermost tables of a rendering: per row, per cell, its text and its hrefs/srcs."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.tables: list[list[list[tuple[str, list[str], bool]]]] = []
        self.text: list[str] = []
        self.links: list[str] = []
        self.header = False
        self.in_cell = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self.depth += 1
            if self.depth == 1:
                self.tables.append([])
            return
        if self.depth != 1:
            if self.depth > 1:
                self.links.extend(v or "" for k, v in attrs if k in ("href", "src"))
            return
        if tag == "tr":
            self.end_cell()
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self.end_cell()
            if not self.tables[-1]:
                self.tables[-1].append([])
            self.in_cell, self.header, self.text, self.links = True, tag == "th", [], []
        elif tag in ("br", "p", "div"):
            self.text.append(" ")
        elif self.in_cell:
            self.links.extend(v or "" for k, v in attrs if k in ("href", "src"))

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            if self.depth == 1:
                self.end_cell()
            self.depth -= 1
        elif self.depth == 1 and tag in ("td", "th", "tr"):
            self.end_cell()
        elif self.depth == 1 and tag == "p":
            self.text.append(" ")

    def handle_data(self, data: str) -> None:
        if self.depth == 1 and self.in_cell:
            self.text.append(data)

    def end_cell(self) -> None:
        if self.in_cell:
            text = " ".join("".join(self.text).split())
            self.tables[-1][-1].append((text, self.links, self.header))
            self.in_cell = False


def _github(text: str) -> list[list[list[tuple[str, list[str], bool]]]]:
    oracle = _Oracle()
    oracle.feed(cmarkgfm.markdown_to_html_with_extensions(text, Options.CMARK_OPT_UNSAFE, ["table"]))
    oracle.close()
    return oracle.tables


_CONTENT = st.sampled_from(
    [
        "plain",
        "two words",
        "a &amp; b &lt;c&gt;",
        '<a href="https://a.b/x">link</a>',
        "<a\n href='https://a.b/y'\n>multi-line tag</a>",
        '<img src="https://img.shields.io/badge/x-y-z.svg" alt="badge">',
        '<strong><a href="https://arxiv.org/abs/2401.00001">Title</a></strong>',
        "<!-- a comment -->after",
        "first<br>second",
        "line one\nline two",
        "",
        "\n\n[md](https://m.d/z) text\n\n",
        "<ul>\n<li>x</li>\n</ul>",
        "2024-05",
    ]
)
_CELL_TAG = st.sampled_from(["<td>", "<th>", '<td colspan="2">', "<td rowspan=2>", "<td align='left'>"])
_row = st.lists(st.tuples(_CELL_TAG, _CONTENT, st.booleans()), min_size=1, max_size=4)


@st.composite
def _table_doc(draw: st.DrawFn) -> str:
    head = draw(st.booleans())
    rows = draw(st.lists(_row, min_size=1, max_size=5))
    out = ["# Section", "", '<table class="x">']
    if head:
        out.append("<thead><tr><th>Title</th><th>Year</th></tr></thead>")
        out.append("<tbody>")
    for cells in rows:
        out.append("<tr>")
        for tag, content, close in cells:
            end = "</th>" if tag.startswith("<th") else "</td>"
            out.append(tag + content + (end if close or content.endswith("\n") else ""))
        out.append("</tr>")
    if head:
        out.append("</tbody>")
    out.append("</table>")
    return "\n".join(out) + "\n"


def _ours(text: str) -> list[HtmlTable]:
    return html_tables(parse_document(text))


def _compare(text: str) -> None:
    github = _github(text)
    ours = _ours(text)
    assert len(ours) == len(github), (ours, github)
    for table, gh in zip(ours, github, strict=True):
        rows = ([table.header] if table.header is not None else []) + table.rows
        gh_rows = [r for r in gh if r]
        assert len(rows) == len(gh_rows), (rows, gh_rows)
        for row, gh_row in zip(rows, gh_rows, strict=True):
            assert len(row.cells) == len(gh_row)
            for cell, (gh_text, gh_links, gh_header) in zip(row.cells, gh_row, strict=True):
                assert cell.header == gh_header
                assert [link.url for link in cell.links] == gh_links, (cell, gh_links)
                if "](" not in cell.text:
                    assert cell.text == gh_text


_SETTINGS = settings(DIFFERENTIAL, max_examples=EXAMPLES)


@_SETTINGS
@given(_table_doc())
def test_generated_tables_read_as_github_shows_them(text: str) -> None:
    _compare(text)


PAPERS = """# Papers

## Tuning

<table>
<thead>
<tr class="header">
<th>Title</th>
<th>Venue</th>
<th>Year</th>
<th>GitHub</th>
</tr>
</thead>
<tbody>
<tr class="odd">
<td><strong><a href="https://arxiv.org/abs/2510.04601">FedSRD: Sparsify &amp; Decompose</a></strong> </td>
<td>arXiv</td>
<td>2025-10</td>
<td><a href="https://github.com/o/r"><img src="https://img.shields.io/github/stars/o/r" alt="stars"/></a></td>
</tr>
<tr class="even">
<td colspan="2">

[Markdown title](https://openreview.net/forum?id=x)

</td>
<td>2024-09</td>
</tr>
</tbody>
</table>

Text after.
"""


def test_a_paper_table_rows_cells_links_and_text() -> None:
    (table,) = _ours(PAPERS)
    assert (table.line, table.end_line, table.section) == (5, 30, ["Papers", "Tuning"])
    assert table.header_names == ["Title", "Venue", "Year", "GitHub"]
    first, second = table.rows
    assert first.line == 15
    assert first.texts == ["FedSRD: Sparsify & Decompose", "arXiv", "2025-10", ""]
    title, _venue, _year, github = first.cells
    assert [(k.url, k.line, k.column) for k in title.links] == [("https://arxiv.org/abs/2510.04601", 16, 13)]
    assert [k.url for k in github.links] == [
        "https://github.com/o/r",
        "https://img.shields.io/github/stars/o/r",
    ]
    assert (second.cells[0].colspan, second.cells[0].line, second.cells[0].end_line) == (2, 22, 26)
    assert second.cells[0].text == "[Markdown title](https://openreview.net/forum?id=x)"
    assert [k.url for k in second.cells[0].links] == ["https://openreview.net/forum?id=x"]
    assert second.texts[1] == "2024-09"


def test_nested_tables_keep_their_links() -> None:
    text = (
        "<table><tr><td>outer <a href='https://o.u/t'>o</a>\n"
        "<table><tr><td><a href='https://i.n/n'>inner</a></td></tr></table>\n"
        "after</td><td>two</td></tr></table>\n"
    )
    outer, inner = _ours(text)
    assert [[k.url for k in c.links] for c in outer.rows[0].cells] == [["https://o.u/t"], []]
    assert outer.rows[0].texts == ["outer o after", "two"]
    assert [[k.url for k in c.links] for c in inner.rows[0].cells] == [["https://i.n/n"]]


def test_an_unclosed_table_ends_at_the_next_heading() -> None:
    text = "# A\n\n<table>\n<tr><td>x\n\n## B\n\n- [y](https://y.z)\n"
    (table,) = _ours(text)
    assert (table.line, table.end_line) == (3, 5)
    assert table.rows[0].texts == ["x"]


def test_hostile_tags_are_text() -> None:
    text = "<table><tr><td>" + "</" * 50 + "<td" * 50 + '<a x="' + "<?" * 20 + "</td></tr></table>\n"
    (table,) = _ours(text)
    assert len(table.rows) == 1
    assert re.fullmatch(r"[</td?x=\"a ]*", table.rows[0].cells[0].text)
