"""Differential test: the block parser reports every list item as GitHub renders it (cmark-gfm is the oracle).

For generated documents (nested lists of every marker, lazy continuation lines, lists in block quotes,
loose and tight lists, items holding tables, code and HTML, tabs, empty items), the items of
:func:`awesomelint.document.blocks.parse_structure` must be GitHub's ``<li>`` elements, in the same order:
the same first line and column (the marker), the same last line (``data-sourcepos``, which counts the blank
lines that end an item), and the same enclosing item. ``AWESOMELINT_GFM_EXAMPLES`` raises the number of
examples for a longer run by hand."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from awesomelint.document.blocks import Block, parse_structure
from awesomelint.document.parse import parse_document

from .gfm_oracle import DIFFERENTIAL, GfmItem, failures_of, gfm_items
from .test_gfm_blocks import _lines, _soup

_PIECE = st.sampled_from(
    [
        "",
        "",
        "  ",
        "   ",
        "    ",
        " ",
        "\t",
        "> ",
        ">",
        "- ",
        "* ",
        "+ ",
        "1. ",
        "2) ",
        "10. ",
        "-\t",
        "1.\t",
        "  - ",
    ]
)
_TEXT = st.sampled_from(
    [
        "text",
        "[Name](https://a.b) - Description.",
        "**[Title](https://arxiv.org/abs/2401.00001)** [[code](https://github.com/o/r)]",
        "",
        "",
        "",
        "- nested",
        "1. one",
        "| a | b |",
        "|---|---|",
        "```",
        "~~~",
        "    code",
        "<div>",
        "</div>",
        "# Head",
        "---",
        "===",
        "[x]: /u",
        "lazy \\",
        "two  ",
        "-",
        "1.",
        "*",
    ]
)
_list_line = st.tuples(st.lists(_PIECE, max_size=4), _TEXT).map(lambda t: "".join(t[0]) + t[1])
_list_doc = st.lists(_list_line, min_size=1, max_size=14).map(lambda lines: "\n".join(lines) + "\n")


def _ours(items: list[Block]) -> list[GfmItem]:
    index = {id(item): i for i, item in enumerate(items)}
    return [
        GfmItem(
            item.first + 1,
            item.column + 1,
            item.last,
            index[id(item.owner)] if item.owner is not None else None,
        )
        for item in items
    ]


def assert_items_read_like_github(text: str) -> None:
    lines = _lines(text)
    _blocks, items = parse_structure(lines)
    ours, github = _ours(items), gfm_items(text)
    assert ours == github, f"the items differ: {ours} for {github}"
    # the model's items: the same, their lines without the blank lines that end them
    doc = parse_document("\n".join(lines) + "\n")
    assert [(i.line, i.column, i.parent) for i in doc.list_items] == [
        (g.first, g.column, g.parent) for g in github
    ]
    for item, gh in zip(doc.list_items, github, strict=True):
        assert item.line <= item.end_line <= gh.last
        assert not any(ln.strip(" \t>") for ln in lines[item.end_line : gh.last])
        assert item.end_line == item.line or lines[item.end_line - 1].strip(" \t>")


CLASSES = {
    "a blank line ends an empty item": "-\n\n  foo\n",
    "an item starting blank takes the next line": "- \n  foo\n",
    "blank lines between items of a loose list": "- a\n\n\n- b\n\n\nc\n",
    "lazy continuation": "- a\nlazy\n- b\n",
    "an item in a quote, lazy lines after": "> - a\n> b\nc\n",
    "a fence in an ordered item, then another list": "1. x\n\n   ~~~\n   code\n\n   ~~~\n\n2) y\n",
    "nested deeper than 20": "".join("  " * i + "- x\n" for i in range(30)) + "# after\n",
    "a table in an item": "- a\n\n  | x | y |\n  |---|---|\n  | 1 | 2 |\n- b\n",
    "numbered paper entries with indented authors": (
        "1. **[T](https://arxiv.org/abs/1)** [[code](https://g/c)]\n\n    *A, B.* ACL'23\n\n"
        "1. **[U](https://arxiv.org/abs/2)**\n\n    *C.* Preprint'24\n"
    ),
    "a marker change starts a new list": "- a\n* b\n+ c\n1. d\n1) e\n",
    "tabs after markers": "-\ta\n\t-\tb\n1.\tc\n",
    # found by this test on the way: a blank line matches an empty item by its indentation alone
    "an empty item, then blank lines indented less": "-\n  \n\n  foo\n",
}


def test_each_class_reads_like_github():
    assert not failures_of(CLASSES, assert_items_read_like_github)


_SETTINGS = DIFFERENTIAL


@_SETTINGS
@given(_list_doc)
def test_list_documents_items_are_githubs(text: str) -> None:
    assert_items_read_like_github(text)


@_SETTINGS
@given(_soup)
def test_mixed_documents_items_are_githubs(text: str) -> None:
    assert_items_read_like_github(text)
