"""Differential test: awesomelint reads tables exactly as GitHub does (cmark-gfm is the oracle).

For generated awesome-list-like documents, every table GitHub renders must be a table here, on the same
lines, with the same rows, each row split into the same cells, and the ``column-count`` and
``malformed-table`` findings must agree with what GitHub shows. ``AWESOMELINT_GFM_EXAMPLES`` raises the
number of examples for a longer run by hand (the default keeps CI fast)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from awesomelint.engine import lint_bytes
from awesomelint.rules import registry

from .conftest import TODAY
from .gfm_oracle import DIFFERENTIAL, cells_html, failures_of, gfm_cell_count_is, gfm_tables

TABLE_RULES = [r for r in registry().rules if r.name in ("column-count", "malformed-table")]

_cell = st.sampled_from(
    [
        "2024.05",
        "Title",
        "DeepSeek-V3",
        "[[pdf]](https://arxiv.org/abs/2405.04434)",
        "[code](https://github.com/a/b)",
        "![stars](https://img.shields.io/github/stars/a/b.svg)",
        "[![b](https://img.shields.io/x.svg)](https://github.com/a/b)",
        "`a|b`",
        "C:\\|",
        "a \\| b",
        "\\\\|",
        "<br>",
        "<!-- c -->",
        "**bold**",
        "",
        " ",
        "\u3000",
        "\u00a0",
        "x\u00a0",
        "表格",
        "🔥",
        "\t",
        "-",
        ":",
        # white space that cmark-gfm reads as text, or (after a pipe, at a row's end) skips (issue 25)
        "\f",
        "\v",
        "x\f",
        "\fx",
        "x\v",
        " \f ",
        "*x*\f",
        "*x\f*",
        "\u2028",
        "x\u2028",
        "\x85",
        "\x1c",
    ]
)
_row_end = st.sampled_from(["", "", "", "", "\f", " \v", "\u3000", "\u00a0", "\t"])
_pipes = st.sampled_from(["both", "left", "right", "none"])


def _row(cells: list[str], pipes: str, end: str = "") -> str:
    text = " | ".join(cells)
    if pipes in ("both", "left"):
        text = "| " + text
    if pipes in ("both", "right"):
        text = text + " |"
    return text + end


@st.composite
def _table(draw: st.DrawFn) -> str:
    width = draw(st.integers(1, 4))
    header = _row(draw(st.lists(_cell, min_size=width, max_size=width)), draw(_pipes), draw(_row_end))
    delim_width = draw(st.sampled_from([width, width, width, width + 1, max(1, width - 1)]))
    marks = [draw(st.sampled_from(["---", ":--", "--:", ":-:", "-", "---  "])) for _ in range(delim_width)]
    delimiter = _row(marks, draw(_pipes), draw(_row_end))
    lines = [header, delimiter]
    for _ in range(draw(st.integers(0, 5))):
        if draw(st.integers(0, 5)) == 0:
            lines.append(draw(_interrupt))
        else:
            n = draw(st.integers(max(0, width - 1), width + 1))
            lines.append(_row(draw(st.lists(_cell, min_size=n, max_size=n)), draw(_pipes), draw(_row_end)))
    if draw(st.booleans()):
        lines.insert(0, draw(st.sampled_from(["Some text", "| a | b |", "a | b", "Paper", "- x"])))
    indent = draw(st.sampled_from(["", "", "", " ", "  ", "   ", "\f", "\v", "\u3000"]))
    if indent:
        lines[draw(st.integers(0, len(lines) - 1))] = indent + lines[0]
    container = draw(st.sampled_from(["", "", "", "- ", "> ", "1. "]))
    if container:
        cont = {"- ": "  ", "> ": "> ", "1. ": "   "}[container]
        lazy = draw(st.booleans())
        lines = [container + lines[0]] + [
            ("" if lazy and draw(st.integers(0, 3)) == 0 else cont) + ln for ln in lines[1:]
        ]
    return "\n".join(lines)


_interrupt = st.sampled_from(
    [
        "|",
        " | ",
        "<br>",
        "<div>",
        "</details>",
        "\u00a0",
        "\u3000",
        "",
        "---",
        "- item",
        "> quote",
        "# Heading",
        "    indented",
        "```",
        "x",
        "| Paper |",
        "|---|",
        "=== | ===",
        "\f",
        "\v",
        " \f",
        "\v\f ",
        "\u2028",
        "\x85",
        "-\vx",
        "1.\fx",
        "#\fx",
        "<div\f>",
    ]
)
_block = st.one_of(
    _table(),
    st.sampled_from(
        ["# Papers", "Some words.", "| Paper |\n---", "Paper\n|---|", "<details>", "text", "# Papers\f", "\f"]
    ),
)
# a carriage return alone ends a line for cmark-gfm as for awesomelint
_separator = st.sampled_from(["\n", "\n", "\n", "\n\n", "\n\n", "\r", "\r\n", "\n\f\n"])
_document = st.lists(_block, min_size=1, max_size=4).flatmap(
    lambda blocks: st.lists(_separator, min_size=len(blocks), max_size=len(blocks)).map(
        lambda seps: "".join(b + s for b, s in zip(blocks, seps, strict=True))
    )
)


def assert_reads_like_github(text: str) -> None:
    result = lint_bytes(text.encode(), "t.md", rules=TABLE_RULES, today=TODAY)
    doc = result.document
    assert doc is not None
    github = gfm_tables(text)
    ours = [(t.line, [r.line for r in t.rows]) for t in doc.tables]
    assert ours == [(g.header_line, g.row_lines) for g in github], "the tables' lines differ"
    rows_on = set()
    for table, gh in zip(doc.tables, github, strict=True):
        header = [c.text for c in table.header]
        rows = [[c.text for c in r.cells] for r in table.rows]
        assert cells_html(header, rows) == (gh.header, gh.rows), "the cells differ"
        for row in table.rows:
            assert gfm_cell_count_is(row.text, len(row.cells)), f"cell count of line {row.line}"
            rows_on.add(row.line)
        rows_on.update((table.line, table.delimiter_line))
    for f in result.findings:
        if f.rule == "column-count":
            assert f.line in rows_on, f"column-count on line {f.line}, outside GitHub's tables"
        else:
            assert f.line not in rows_on or f.line not in {t.line for t in doc.tables}, f


# The classes of disagreement found by the generator and the fuzzer (issue 15), each GitHub's reading
CLASSES = {
    "ideographic space after the header": "| a | b |\u3000\n|---|---|\n| c | d |\n",
    "no-break space line inside a table": "| a | b |\n|---|---|\n| c | d |\n\u00a0\n| e | f |\n",
    "no-break space after the last pipe": "| a | b |\n|---|---|\n| c | d |\u00a0\n",
    "escaped pipe after a backslash": "| a | b |\n|---|---|\n| C:\\\\| x | y |\n",
    "a lone tag ends the table": "| a | b |\n|---|---|\n| c | d |\n<br>\n| e | f |\n",
    "a lone pipe ends the table": "| a | b |\n|---|---|\n| c | d |\n|\n| e | f |\n",
    "failed pair, no table later": "a | b\n--- | --- | ---\nc | d\n--- | ---\n",
    "table in a list item": "- Date | Title\n  --- | ---\n  x | y\n- next\n",
    "a row that falls out of the list item": "- Date | Title\n  --- | ---\n  x | y\nz | w\n",
    "quoted header, unquoted delimiter": "> | a | b |\n|---|---|\n",
    "lazy header in a quote": "> para\n| a | b |\n> |---|---|\n> | c | d |\n",
    "lazy header in a list item": "- para\n | a | b |\n  | --- | --- | --- |\n",
    "indented header after a paragraph line": "para\n   | a | b |\n|---|---|\n| c | d |\n",
    "tab-indented header after a paragraph line": "para\n\t| a | b |\n|---|---|\n",
    "header without a pipe": "Paper\n|---|\n| x |\n",
    "setext heading, not a table": "| Paper |\n---\n| x |\n",
    "a lone tag after a list item": "- a\n<br>\n- | b |\n  | --- |\n",
    "setext heading after a paragraph": "text\n| a |\n---\n",
    "heading line is no header": "# Head\n|---|\n",
    "list item as delimiter": "| x |\n- |\n",
    # the markdown-it reading differed here (its nesting limit; a lazy header it read before the underline)
    "a table in a list nested 25 deep": "".join("  " * i + "- x\n" for i in range(25))
    + "  " * 25
    + "| a | b |\n"
    + "  " * 25
    + "|---|---|\n",
    "a table in a quote nested 25 deep": "> " * 25
    + "| a |\n"
    + "> " * 25
    + "|---|\n"
    + "> " * 25
    + "| c |\n",
    "lazy quote line as a header before a setext underline": "> a\n| b |\n> |-|\n> | c |\nd\n---\n",
}


def test_padding_cap_is_githubs():
    width = 1000
    text = "|" + "c|" * width + "\n|" + "-|" * width + "\n" + "|x|\n" * 200
    assert_reads_like_github(text)
    result = lint_bytes(text.encode(), "t.md", rules=TABLE_RULES, today=TODAY)
    assert len(result.document.tables[0].rows) == 200


def test_each_class_reads_like_github():
    assert not failures_of(CLASSES, assert_reads_like_github)


@DIFFERENTIAL
@given(_document)
def test_tables_read_as_github_renders_them(text: str) -> None:
    assert_reads_like_github(text)
