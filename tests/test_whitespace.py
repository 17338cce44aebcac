"""Odd white space read as GitHub reads it (issue 25): for cmark-gfm only space and tab are blank.

A form feed (U+000C) or a vertical tab (U+000B) is text to cmark-gfm: a line of one is not blank, a list
marker before one is no marker, a cell keeps one at its end (only the table extension's own scanners,
after a pipe and at the end of a row, skip them). Python's ``str.strip()``, ``split()`` and ``\\s`` call
them white space, and so do they U+00A0, U+3000, U+2028 and U+0085: a pull request could hide rows from
every rule that way. Each case is checked against cmark-gfm (tests/gfm_oracle.py) as well as by hand."""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import unquote

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from awesomelint.document.blocks import parse_blocks
from awesomelint.document.inline import scan_links
from awesomelint.document.parse import parse_document, split_cells
from awesomelint.engine import lint_bytes
from awesomelint.rules import registry

from .conftest import TODAY
from .gfm_oracle import gfm_blocks, gfm_tables, render
from .test_gfm_blocks import assert_blocks_read_like_github
from .test_gfm_tables import assert_reads_like_github

TABLE_RULES = [r for r in registry().rules if r.name in ("column-count", "malformed-table")]


def test_a_form_feed_line_is_a_row_not_the_end_of_the_table() -> None:
    text = "| a | b |\n|-|-|\n| c | d |\n\f\n| e | f |\n"
    (gh,) = gfm_tables(text)
    assert gh.row_lines == [3, 4, 5]
    (table,) = parse_document(text).tables
    assert [r.line for r in table.rows] == [3, 4, 5]
    assert [c.text for c in table.rows[1].cells] == ["\f"]
    result = lint_bytes(text.encode(), "t.md", rules=TABLE_RULES, today=TODAY)
    assert [f.rule for f in result.findings] == ["column-count"]  # the one-cell row, as GitHub pads it
    assert_reads_like_github(text)


@pytest.mark.parametrize("blank", ["\v", "\f", "\v\f", "\f  "])
def test_a_header_of_only_a_vertical_tab_or_form_feed_starts_a_table(blank: str) -> None:
    text = f"{blank}\n|-|\n| x |\n"
    assert [g.row_lines for g in gfm_tables(text)] == [[3]]
    (table,) = parse_document(text).tables
    assert table.line == 1 and [c.text for c in table.header] == [blank.rstrip(" ")]
    assert_reads_like_github(text)
    assert_reads_like_github(f"| a |\n{blank}\n|-|\n")  # the paragraph's last line is the header


@pytest.mark.parametrize("marker", ["-", "*", "+", "1.", "2)"])
@pytest.mark.parametrize("after", ["\v", "\f"])
def test_a_list_marker_before_a_vertical_tab_or_form_feed_is_text(marker: str, after: str) -> None:
    text = f"{marker}{after}x\n{marker}{after}y\n"
    assert gfm_blocks(text) == [("paragraph", 1, 2)]
    assert [(b.kind, b.first, b.last) for b in parse_blocks(text.split("\n")[:-1])] == [("paragraph", 0, 2)]
    assert_blocks_read_like_github(text)


@pytest.mark.parametrize(
    ("row", "cells"),
    [
        ("| a\f | b |", ["a\f", "b"]),  # kept at a cell's end
        ("| a | b\f", ["a", "b\f"]),  # and at a row's end without a pipe
        ("| a | b\v |", ["a", "b\v"]),
        ("\fa | b", ["\fa", "b"]),  # and at a row's start without a pipe
        ("| \fa |\v b |", ["a", "b"]),  # skipped after a pipe (the extension's cell end)
        ("| a | b |\f", ["a", "b"]),  # and after the last pipe (its row end)
        ("| x \f y | b |", ["x \f y", "b"]),
    ],
)
def test_cells_keep_a_form_feed_where_github_does(row: str, cells: list[str]) -> None:
    assert [row[a:b] for a, b in split_cells(row)] == cells
    text = f"{row}\n|-|-|\n{row}\n"
    (gh,) = gfm_tables(text)
    assert gh.header == cells
    assert_reads_like_github(text)


def test_emphasis_in_a_cell_ends_as_githubs_does() -> None:
    # "*b*\f": GitHub keeps the form feed after the emphasis (flanking: U+000C is Unicode white space)
    text = "| *a\f* | *b*\f |\n|-|-|\n"
    (gh,) = gfm_tables(text)
    assert gh.header == ["*a\f*", "<em>b</em>\f"]
    assert [c.text for c in parse_document(text).tables[0].header] == ["*a\f*", "*b*\f"]
    assert_reads_like_github(text)


@pytest.mark.parametrize("space", ["\f", "\v", "\u3000", "\u00a0", "\u2028", "\x85", "\x1c"])
def test_headings_keep_the_white_space_github_keeps(space: str) -> None:
    for text in (f"# x{space}\n", f"x{space}\n===\n", f"#{space}x\n"):
        assert_blocks_read_like_github(text)
    assert parse_document(f"# x{space}\n").sections[0].title == f"x{space}"
    assert parse_document(f"## x{space}\n---\n").sections[0].title == f"x{space}"


def test_a_closing_sequence_is_removed_once_as_github_does() -> None:
    doc = parse_document("# Foo ## ##\n\nBar ##\n---\n\n# C #\n")
    assert [s.title for s in doc.sections] == ["Foo ##", "Bar ##", "C"]
    for text in ("# Foo ## ##\n", "Bar ##\n---\n", "# C #\n"):
        assert_blocks_read_like_github(text)


@pytest.mark.parametrize("label", ["\v", "\f", "\u3000", "\u00a0"])
def test_a_definition_whose_label_is_only_odd_white_space_is_one(label: str) -> None:
    # cmark-gfm drops the definition (its label is not blank: only space, tab and newlines are)
    for text in (f"[{label}]: /u\n", f"[{label}]: /u\nfoo\n", f"[{label}]: /u\n| a |\n|---|\n"):
        assert_blocks_read_like_github(text)
    assert [(b.kind, b.first) for b in parse_blocks([f"[{label}]: /u", "foo"])] == [("paragraph", 1)]


# --- links: GitHub skips a vertical tab or form feed around a destination, and keeps one inside it -----

_SPACE = st.sampled_from(["", "", " ", "\t", "\v", "\f", " \f ", "\u3000", "\u00a0"])
_DEST = st.one_of(
    st.text(alphabet="ab/.:()\\ \t\v\f\u3000\u00a0\x1c", max_size=8),
    st.text(alphabet="ab/ \v\f\u3000", max_size=6).map(lambda d: f"<{d}>"),
)
_TITLE = st.sampled_from(["", "", ' "t"', "\v't'", "\f(t)", '"t"', ' "t\u3000"'])


def _github_hrefs(text: str) -> list[str]:
    html = render(text, sourcepos=False)
    return [unquote(unescape(href)) for href in re.findall(r'<a href="([^"]*)"', html)]


@settings(max_examples=1500, deadline=None, derandomize=True)
@given(_SPACE, _DEST, _SPACE, _TITLE, _SPACE)
# a title in parentheses holds no unescaped '(': no link (found by the lowest-versions run's hypothesis)
@example(before="", dest=": (", between="", title="\f(t)", after="")
def test_link_destinations_read_as_github_reads_them(
    before: str, dest: str, between: str, title: str, after: str
) -> None:
    text = f"[a]({before}{dest}{between}{title}{after}) z"
    ours = [link.url for link in scan_links(text, 1) if link.kind == "link"]
    assert ours == _github_hrefs(text)


@pytest.mark.parametrize(
    ("text", "url"),
    [
        ("[a](\v/u)", "/u"),  # skipped before the destination
        ("[a](/u\f)", "/u\f"),  # part of it
        ('[a](/u \f"t"\v)', "/u"),  # and around the title
        ("[a](/u\\ x)", None),  # a backslash escapes punctuation only: the space ends the destination
    ],
)
def test_link_destination_cases(text: str, url: str | None) -> None:
    assert [link.url for link in scan_links(text, 1)] == ([url] if url is not None else [])
    assert _github_hrefs(text) == ([url] if url is not None else [])


@pytest.mark.parametrize("space", ["\v", "\f", "\u3000"])
def test_a_reference_definition_takes_odd_white_space_into_its_destination(space: str) -> None:
    for text in (f"[x]:{space}/u\nfoo\n", f"[x]: /u{space}v\nfoo\n", f"[x]: /u(({space}))\nfoo\n"):
        assert render(text, sourcepos=False) == "<p>foo</p>\n"  # the definition is dropped
        assert [(b.kind, b.first) for b in parse_blocks(text.split("\n")[:-1])] == [("paragraph", 1)]
        assert_blocks_read_like_github(text)


def test_html_attributes_split_at_the_browsers_white_space_only() -> None:
    urls = [(link.kind, link.url) for link in scan_links("<a href=\f/u\u3000v>x</a> <a\vhref='/w'>y</a>", 1)]
    assert urls == [("html", "/u\u3000v")]  # "a\v" is no "a" tag to the browser
    assert [link.url for link in scan_links('<img src="\f /i.png\x01">', 1)] == ["/i.png"]


def test_an_empty_destination_after_a_form_feed_is_an_empty_link() -> None:
    empty = [r for r in registry().rules if r.name == "empty-link"]
    result = lint_bytes(b"[pdf](\x0c) and [code](\x0b )\n", "t.md", rules=empty, today=TODAY)
    assert [f.column for f in result.findings] == [1, 14]
    assert _github_hrefs("[pdf](\f) and [code](\v )") == ["", ""]


def test_a_header_after_a_form_feed_explains_the_table_that_does_not_render() -> None:
    malformed = [r for r in registry().rules if r.name == "malformed-table"]
    text = "\f| a | b |\n|---|---|\n| c | d |\n"
    assert gfm_tables(text) == []  # the form feed is the header's first cell: 3 cells over 2
    (finding,) = lint_bytes(text.encode(), "t.md", rules=malformed, today=TODAY).findings
    assert "header and delimiter row disagree" in finding.message and "found 2" in finding.message
