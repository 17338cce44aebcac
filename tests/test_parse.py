"""The parser and model: where tables are, how rows split, and exact lines and columns."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from awesomelint.document.parse import SourceError, decode_source, parse_bytes, parse_document, split_cells

from .conftest import TODAY


def cells(text: str) -> list[str]:
    return [text[a:b] for a, b in split_cells(text)]


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ("| a | b |", ["a", "b"]),
        ("a | b", ["a", "b"]),
        ("| a | b", ["a", "b"]),
        ("a | b |", ["a", "b"]),
        ("| a \\| b | c |", ["a \\| b", "c"]),  # escaped pipe does not split
        ("| `x | y` | z |", ["`x", "y`", "z"]),  # a pipe in a code span still splits (GFM)
        ("| a || c |", ["a", "", "c"]),
        ("|a|", ["a"]),
        ("| \\\\| b |", ["\\\\| b"]),  # GitHub splits before escapes: a pipe after a backslash never splits
        ("| a | b |\u00a0", ["a", "b", "\u00a0"]),  # a no-break space is text, not blank
        ("| a |\u3000| b |", ["a", "\u3000", "b"]),
        ("|", []),
        ("| 表格 | 😀 |", ["表格", "😀"]),
    ],
)
def test_split_cells_follows_gfm(row: str, expected: list[str]) -> None:
    assert cells(row) == expected


def test_rows_cells_and_columns() -> None:
    text = "# List\n\n## Papers\n\n|Date|Title|Paper|\n|:---|:-:|--:|\n|2024.05| DeepSeek |[[pdf]](https://arxiv.org/abs/2405.04434)|\n"
    doc = parse_document(text, "x.md")
    (table,) = doc.tables
    assert table.line == 5 and table.delimiter_line == 6 and table.end_line == 7
    assert table.header_names == ["Date", "Title", "Paper"]
    assert table.alignments == ["left", "center", "right"]
    assert table.section == ["List", "Papers"]
    (row,) = table.rows
    assert row.line == 7 and row.column == 1
    assert [(c.column, c.text) for c in row.cells] == [
        (2, "2024.05"),
        (11, "DeepSeek"),
        (21, "[[pdf]](https://arxiv.org/abs/2405.04434)"),
    ]
    (link,) = row.cells[2].links
    assert link.url == "https://arxiv.org/abs/2405.04434"
    assert link.text == "[pdf]" and link.column == 21 and link.url_column == 29
    assert text.splitlines()[6][link.url_column - 1 :].startswith("https://arxiv.org")


def test_short_and_long_rows_keep_their_real_cell_count() -> None:
    doc = parse_document("|a|b|c|\n|-|-|-|\n|1|2|\n|1|2|3|4|\n")
    assert [len(r.cells) for r in doc.tables[0].rows] == [2, 4]


@pytest.mark.parametrize(
    ("prefix", "column"),
    [("", 1), ("> ", 3), ("- ", 3), ("1. ", 4), ("> > ", 5)],
)
def test_tables_in_lists_and_blockquotes(prefix: str, column: int) -> None:
    cont = prefix if prefix.startswith(">") else " " * len(prefix)
    text = f"{prefix}|a|b|\n{cont}|-|-|\n{cont}|1|2|\n"
    doc = parse_document(text)
    (table,) = doc.tables
    assert table.rows[0].column == column
    assert table.rows[0].cells[1].column == column + 3


def test_no_tables_in_code_fences_indented_code_or_comments() -> None:
    text = "```\n|a|b|\n|-|-|\n|1|2|\n```\n\n    |a|b|\n    |-|-|\n\n<!--\n|a|b|\n|-|-|\n|1|2|\n-->\n"
    doc = parse_document(text)
    assert doc.tables == []
    assert [(c.line, c.end_line, c.fenced, c.closed) for c in doc.code_blocks] == [
        (1, 5, True, True),
        (7, 8, False, True),
    ]


def test_unclosed_fence_is_recorded() -> None:
    doc = parse_document("text\n\n```python\nx = 1\n|a|b|\n")
    (block,) = doc.code_blocks
    assert block.line == 3 and not block.closed


def test_crlf_bom_tabs_emoji_and_cjk_do_not_shift_columns() -> None:
    lf = "|日期|Title\t|Paper|\n|-|-|-|\n|2024.05|🔥🔥 模型\t|[[pdf]](https://arxiv.org/abs/2405.04434)|\n"
    crlf_bom = ("\ufeff" + lf.replace("\n", "\r\n")).encode("utf-8")
    a = parse_document(lf)
    b = parse_bytes(crlf_bom)
    for doc in (a, b):
        row = doc.tables[0].rows[0]
        assert [c.column for c in row.cells] == [2, 10, 17]
        assert row.cells[2].links[0].url_column == 25
        assert doc.tables[0].header[0].text == "日期"
    assert b.has_bom and b.newline == "\r\n"
    assert not a.has_bom and a.newline == "\n"


def test_old_mac_line_endings_count_as_lines() -> None:
    doc = parse_bytes(b"# A\r\r|a|b|\r|-|-|\r|1|2|\r")
    assert doc.tables[0].rows[0].line == 5


def test_sections_have_heading_paths() -> None:
    doc = parse_document("# A\n## B\n### C\n## D #\n")
    assert [(s.line, s.level, s.path) for s in doc.sections] == [
        (1, 1, ["A"]),
        (2, 2, ["A", "B"]),
        (3, 3, ["A", "B", "C"]),
        (4, 2, ["A", "D"]),
    ]


def test_links_outside_tables_and_in_html() -> None:
    text = (
        "See [the list](https://example.com/a) and <https://example.com/b>.\n\n"
        '<div align="center">\n  <img src=https://img.shields.io/github/stars/o/r.svg >\n'
        "  <!-- <img src=https://hidden.example.com/x.svg> -->\n</div>\n"
    )
    doc = parse_document(text)
    assert [(link.url, link.line, link.url_column) for link in doc.links] == [
        ("https://example.com/a", 1, 16),
        ("https://example.com/b", 1, 44),
        ("https://img.shields.io/github/stars/o/r.svg", 4, 12),
    ]


def test_pipe_paragraphs_are_recorded_for_malformed_tables() -> None:
    doc = parse_document("|a|b|c|\n|-|-|\n|1|2|3|\n")
    assert doc.tables == []
    assert [p.line for p in doc.pipe_paragraphs] == [1]


def test_directives_outside_code_only() -> None:
    doc = parse_document(
        "<!-- awesomelint-disable date-order, AL101 -->\n```\n<!-- awesomelint-disable-file -->\n```\n"
    )
    assert [(d.line, d.action, d.rules) for d in doc.directives] == [(1, "disable", ["date-order", "AL101"])]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\xff\xfe|\x00a\x00|\x00", "UTF-16 LE"),
        (b"\xfe\xff\x00|\x00a", "UTF-16 BE"),
        ("|a|b|\n|-|-|\n".encode("utf-16-le"), "UTF-16 without a byte-order mark"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        (b"ok line\n|caf\xe9|\n", "invalid UTF-8 at line 2, column 5 (byte 0xe9)"),
    ],
)
def test_undecodable_input_gives_a_clear_error(data: bytes, message: str) -> None:
    with pytest.raises(SourceError) as exc:
        decode_source(data)
    assert message in exc.value.message


def test_empty_and_table_free_files_parse() -> None:
    assert parse_bytes(b"").tables == []
    assert parse_bytes(b"# Just a heading\n\nSome text.\n").tables == []


def test_wide_table_with_a_thousand_columns() -> None:
    header = "|" + "|".join(f"c{i}" for i in range(1000)) + "|"
    delim = "|" + "|".join("-" for _ in range(1000)) + "|"
    row = "|" + "|".join(str(i) for i in range(999)) + "|"
    doc = parse_document(f"{header}\n{delim}\n{row}\n")
    assert doc.tables[0].width == 1000 and len(doc.tables[0].rows[0].cells) == 999


def _reference_split(content: str) -> list[tuple[int, int]]:
    """cmark-gfm's row_from_string (extensions/table.c) written the slow, obvious way, one character at a
    time: a pipe with the spaces, tabs, vertical tabs and form feeds after it ends a cell (its
    ``[|] spacechar*``), a cell runs to the next pipe that no backslash precedes, and is trimmed of spaces
    and tabs (``cmark_strbuf_trim``)."""
    n = len(content)

    def cell_end(i: int) -> int:
        if i < n and content[i] == "|":
            i += 1
            while i < n and content[i] in " \t\v\f":
                i += 1
        return i

    out = []
    offset = cell_end(0)
    while offset < n:
        end = offset
        while end < n and (content[end] != "|" or (end > 0 and content[end - 1] == "\\")):
            end += 1
        after = cell_end(end)
        if end > offset or after > end:
            a, b = offset, end
            while a < b and content[a] in " \t":
                a += 1
            while b > a and content[b - 1] in " \t":
                b -= 1
            out.append((a, b))
        offset = after
        if after == end:
            break  # the last cell: the row ends here (a row holds no newline)
    return out


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet="|\\ \t\v\fab`[](\u00a0<h", max_size=24))
def test_split_cells_is_the_character_by_character_split(content: str) -> None:
    assert split_cells(content) == _reference_split(content)


@settings(max_examples=1500, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "|",
                " ",
                "a",
                "[x](https://a.b)",
                "![](u)",
                "<https://c.d>",
                "www.e.f",
                "](",
                "\\|",
                "`",
                "http",
            ]
        ),
        max_size=10,
    )
)
def test_cells_find_the_links_each_cell_scanned_alone_finds(parts: list[str]) -> None:
    from awesomelint.document.inline import scan_links
    from awesomelint.document.parse import _cells

    content = "".join(parts)
    for cell in _cells(content, 1, 1):
        assert cell.links == scan_links(cell.text, 1, cell.column), (content, cell)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "\n",
                "\n\n",
                "- ",
                "> ",
                "# ",
                "a",
                "[x](https://a.b)",
                "[[P](https://a.b)]",
                "<https://c.d>",
                "www.e.f",
                "http://g.h",
                "<!--",
                "-->",
                "<div>",
                "`",
                "|",
                "](",
            ]
        ),
        max_size=14,
    )
)
def test_a_blocks_links_are_those_of_one_search_of_the_block(parts: list[str]) -> None:
    """The parse scans the lines of a block that may hold a link (a block with an HTML comment as a whole):
    the links of one search of each block (_scan_block_links, the careful path)."""
    from awesomelint.document import parse

    text = "".join(parts)

    def careful(self: parse._Blocks, first: int, last: int) -> None:
        parse._scan_block_links(self.lines, first, last, self.links)

    fast = parse_document(text)
    real = parse._Blocks.scan_links
    parse._Blocks.scan_links = careful  # type: ignore[method-assign]
    try:
        assert fast.links == parse_document(text).links
    finally:
        parse._Blocks.scan_links = real  # type: ignore[method-assign]


# --- the parse of a new version, with the rows of the old one (the next pass of --fix, --diff-base) ------


def _versions(text: str, seed: int) -> list[str]:
    """Edits of ``text`` as fixes and contributors make them: rows moved, removed, copied, shifted into a
    quote or a list item (another column), a link's line moved by a line inserted above, a row edited."""
    import random

    rnd = random.Random(seed)
    lines = text.split("\n")
    rows = [i for i, ln in enumerate(lines) if ln.startswith("|") and "---" not in ln]
    if not rows:
        return []  # no Markdown table (a list of HTML tables, whose dates --fix now rewrites)
    out = []
    for _ in range(6):
        new = list(lines)
        picks = rnd.sample(rows, min(len(rows), 4))
        kind = rnd.choice(["swap", "delete", "copy", "insert", "quote", "edit"])
        if kind == "swap" and len(picks) >= 2:
            a, b = picks[:2]
            new[a], new[b] = new[b], new[a]
        elif kind == "delete":
            for i in sorted(picks, reverse=True):
                del new[i]
        elif kind == "copy":
            new.insert(picks[0], new[picks[0]])
        elif kind == "insert":
            new.insert(rnd.randrange(len(new)), "")
        elif kind == "quote":  # the whole table quoted: every row at column 3
            new = ["> " + ln if ln.startswith("|") else ln for ln in new]
        else:
            new[picks[0]] = new[picks[0]].replace("|", "| [x](https://a.example/x) |", 1)
        out.append("\n".join(new))
    return out


_REUSE_SAMPLE = (
    "# L\n\n## A\n\n|Date|Title|Paper|\n|---|---|---|\n"
    + "".join(
        f"|2024.{k % 12 + 1:02d}|[T{k}](https://t.example/{k}) ![b](https://img.shields.io/x/{k})|"
        f"[[pdf]](https://arxiv.org/abs/2405.{k:05d}) <https://auto.example/{k}>|\n"
        for k in range(12)
    )
    + "\n- | a | b |\n  |---|---|\n  | [x](https://x.example) | y |\n"
)


@pytest.mark.parametrize("seed", range(8))
def test_a_parse_with_the_rows_of_an_earlier_version_is_a_plain_parse(seed: int) -> None:
    from awesomelint.document.parse import rows_by_text

    old = parse_document(_REUSE_SAMPLE, "x.md")
    for text in _versions(_REUSE_SAMPLE, seed):
        reused = parse_document(text, "x.md", reuse=rows_by_text(old))
        assert reused == parse_document(text, "x.md")


@pytest.mark.corpus
def test_the_fix_passes_of_the_corpus_parse_as_plain_parses(corpus: Path) -> None:
    """Every pass of ``--fix`` parses the fixed text with the rows of the text before it: on every list of
    the corpus, the fixed text read so is what a plain parse reads."""
    from awesomelint.config import default_config
    from awesomelint.document.parse import rows_by_text
    from awesomelint.engine.fix import fix_bytes
    from awesomelint.engine.lint import selected_rules

    config = default_config()
    fixed = 0
    for path in sorted(corpus.glob("*.md")):
        data = path.read_bytes()
        outcome = fix_bytes(data, path.name, config, selected_rules(config), TODAY)
        old = outcome.original.document
        if outcome.error or old is None or not outcome.changed:
            continue
        fixed += 1
        text = decode_source(outcome.data).text
        assert parse_document(text, path.name, reuse=rows_by_text(old)) == parse_document(text, path.name)
        for version in _versions(decode_source(data).text, len(path.name)):
            assert parse_document(version, reuse=rows_by_text(old)) == parse_document(version)
    assert fixed >= 3


def test_the_fast_constructors_make_what_the_classes_make() -> None:
    """The parser makes its cells, links and rows with plain functions (a class call with keywords costs
    more than the object): each takes every field of its class, and makes the object the class makes."""
    import inspect

    from awesomelint.document import model

    link = {
        "url": "https://arxiv.org/abs/2405.04434",
        "text": "[pdf]",
        "kind": "image",
        "line": 7,
        "column": 3,
        "url_column": 10,
        "end_column": 44,
        "wrapper": "https://github.com/o/r",
    }
    cell = {"index": 2, "column": 9, "text": "[[pdf]](x)", "links": [model.Link(**link)]}
    row = {"line": 7, "column": 1, "text": "|a|b|", "cells": [model.Cell(**cell)]}
    item = {
        "line": 3,
        "end_line": 5,
        "column": 3,
        "marker": "1.",
        "indent": 2,
        "parent": 0,
        "list_start": 1,
        "section": ["Papers"],
        "quoted": True,
    }
    for make, cls, values in (
        (model.make_link, model.Link, link),
        (model.make_cell, model.Cell, cell),
        (model.make_row, model.Row, row),
        (model.make_list_item, model.ListItem, item),
        (model.make_paragraph, model.Paragraph, {"line": 4, "end_line": 6, "column": 3}),
    ):
        fields = [f.name for f in cls.__record_fields__]  # type: ignore[attr-defined]
        assert list(inspect.signature(make).parameters) == fields
        made = make(**values)
        assert type(made) is cls
        assert made == cls(**values)
        assert repr(made) == repr(cls(**values))
    short = model.make_link(url="u", text="t", line=1, column=1, url_column=2, end_column=5)
    assert short == model.Link(url="u", text="t", line=1, column=1, url_column=2, end_column=5)
