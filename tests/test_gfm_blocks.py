"""Differential test: the block parser reads every block as GitHub does (cmark-gfm is the oracle).

For generated documents (lines of headings, fences, indented code, HTML blocks, block quotes with lazy
lines, nested lists, tables, link reference definitions, thematic breaks, tabs, and the white space
cmark-gfm reads as text: vertical tab, form feed, no-break and ideographic space, U+2028; lines ended by a
carriage return alone), every leaf block GitHub
renders must be a block of :func:`awesomelint.document.blocks.parse_blocks`, in the same order, of the
same kind, on the same lines (headings: the same level, and the same text when it is plain). Where
cmark-gfm gives no line (a paragraph cut above a table header) only the kind is compared; an indented code
block may end, for cmark-gfm, on the blank lines after it, which markdown-it's map (ours) leaves out, and
an unclosed fence that its container closes (and a setext heading) on the next line. The paragraphs of a tight list item
render without <p>: there any run of paragraphs and HTML blocks stands for them.
``AWESOMELINT_GFM_EXAMPLES`` raises the number of examples for a longer run by hand."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from awesomelint.document.blocks import Block, parse_blocks
from awesomelint.document.parse import decode_source

from .gfm_oracle import DIFFERENTIAL, failures_of, gfm_blocks
from .test_gfm_tables import _document as _table_document

_PREFIX = st.sampled_from(
    [
        "",
        "",
        "",
        "",
        "> ",
        ">",
        "- ",
        "  ",
        "    ",
        "1. ",
        "   ",
        "\t",
        "> - ",
        "* ",
        " ",
        "  - ",
        "> > ",
        "2) ",
        "\f",
        "\v",
        "-\v",
        "1.\f",
    ]
)
_CONTENT = st.sampled_from(
    [
        "text",
        "more words",
        "# Head",
        "## Head ##",
        "###### six",
        "#no",
        "```",
        "```py",
        "~~~",
        "````",
        "    code",
        "<div>",
        "</div>",
        "<!-- c",
        "-->",
        "<!-- c -->",
        "<br>",
        "<pre>",
        "</pre>",
        "<?php",
        "<a href='x'>",
        "---",
        "===",
        "***",
        "- - -",
        "| a | b |",
        "|---|---|",
        "a | b",
        "--- | ---",
        "| x |",
        "[x]: /u",
        '[y]: <v> "t"',
        "[z]:",
        "",
        "",
        "- item",
        "1. one",
        "2) two",
        ">",
        "\t\tx",
        "Title",
        "|",
        # white space that cmark-gfm reads as text (only space and tab are blank), issue 25
        "\f",
        "\v",
        " \f",
        "\u00a0",
        "\u3000",
        "\u2028",
        "\x85",
        "# x\f",
        "# x\v #",
        "## x \f##",
        "#\fx",
        "Title\u3000",
        "Title\u00a0",
        "-\vx",
        "*\fx",
        "1.\vx",
        "2)\f",
        "|\f",
        "\v| a |",
        "|\v---|",
        "---\f",
        "***\v",
        "===\f",
        "```\f",
        "~~~\v",
        "<div\v>",
        "<div\f",
        "<pre\f",
        "<a\fhref='x'>",
        "[\v]: /u",
        "[x]:\f/u",
        "[x]: /u\v",
        '[x]: /u "t"\f',
    ]
)
_line = st.tuples(_PREFIX, _PREFIX, _CONTENT).map(lambda t: t[0] + (t[1] if t[0] else "") + t[2])
_soup = st.tuples(
    st.lists(_line, min_size=1, max_size=12), st.sampled_from(["\n", "\n", "\n", "\r", "\r\n"])
).map(lambda t: t[1].join(t[0]) + t[1])
#: a heading title that renders as itself (no inline markup, nothing HTML escapes, one line)
_PLAIN = re.compile(r"[^\\`*_\[\]<>&!\"'\n]*")


def _lines(text: str) -> list[str]:
    text = decode_source(text.encode()).text  # a carriage return alone ends a line, as for cmark-gfm
    lines = text.split("\n")
    if lines and lines[-1] == "" and text.endswith("\n"):
        lines.pop()
    return lines


def _same(block: Block, gh: tuple[object, ...], lines: list[str]) -> bool:
    """Whether GitHub's block ``gh`` is ``block`` (see the module's docstring for what is compared)."""
    if gh[0] != block.kind:
        return False
    first, last = block.first + 1, block.last
    if block.kind == "paragraph":
        return not gh[1] or (gh[2] == last and gh[1] <= first)
    if block.kind == "heading":
        # cmark-gfm ends a setext heading on the line after its underline unless the text ends there
        # (and starts it on the first line of definitions it followed, where the text was dropped)
        setext = last > first
        start = gh[2]
        assert isinstance(start, int)
        if gh[1] != block.level or not (start == first or (setext and start < first)):
            return False
        if not (gh[3] == last or (setext and gh[3] == last + 1)):
            return False
        # the same text: trimmed of spaces and tabs only (a form feed, a no-break space are text)
        return not _PLAIN.fullmatch(block.title) or gh[4] == block.title
    if block.kind == "code":
        if gh[1] != first:
            return False
        if block.fenced:
            # cmark-gfm ends a fence that its container closes on the line that closed it
            return gh[2] == last or (not block.closed and gh[2] == last + 1)
        end = gh[2]
        assert isinstance(end, int)
        return end >= last and not any(ln.strip(" \t>") for ln in lines[last:end])
    if block.kind == "table":
        return (gh[1], gh[2]) == (first, [s[0] + 1 for s in block.spans[2:]])
    return True


def _align(ours: list[Block], github: list[tuple[object, ...]], lines: list[str]) -> bool:
    """Whether the blocks are GitHub's, a run standing for one or more paragraphs and HTML blocks."""

    def match(i: int, j: int) -> bool:
        if j == len(github):
            return i == len(ours)
        if github[j][0] == "run":
            k = i
            while k < len(ours) and ours[k].kind in ("paragraph", "html"):
                k += 1
                if match(k, j + 1):
                    return True
            return False
        return i < len(ours) and _same(ours[i], github[j], lines) and match(i + 1, j + 1)

    return match(0, 0)


def assert_blocks_read_like_github(text: str) -> None:
    lines = _lines(text)
    ours = parse_blocks(lines)
    github = gfm_blocks(text)
    assert _align(ours, github, lines), f"the blocks differ: {ours} for {github}"


# The classes of disagreement found between the markdown-it reading and GitHub's, each GitHub's reading
CLASSES = {
    "lists nested deeper than 20": "".join("  " * i + "- x\n" for i in range(30)) + "# after\n",
    "quotes nested deeper than 20": "> " * 30 + "# deep\n" + "> " * 30 + "| a |\n" + "> " * 30 + "|---|\n",
    "lazy quote line as a table header before a setext underline": "> a\n| b |\n> |-|\n> | c |\nd\n---\n",
    "a definition above a table header stays paragraph text": "[a]: /u\n| b |\n|---|\n",
    "definitions, then a setext underline": "[a]: /u\n===\n",
    "indented fence in a list item": "- a\n\n  ```\n  x\n\nb\n",
    # found by this test on the way: cmark-gfm's reading, which ours had to learn
    "an item of definitions only ends at a blank line": "- - [x]: /u\n\n\n      text\n",
    "a setext underline after a dropped definition": "> [x]: /u\n> ---\n> ---\n",
    "a thematic break after a lone tag in a quote": "> <br>\n---\n",
}


def test_each_class_reads_like_github():
    assert not failures_of(CLASSES, assert_blocks_read_like_github)


_SETTINGS = DIFFERENTIAL


@_SETTINGS
@given(_soup)
def test_blocks_read_as_github_renders_them(text: str) -> None:
    assert_blocks_read_like_github(text)


@_SETTINGS
@given(_table_document)
def test_table_documents_read_as_github_renders_them(text: str) -> None:
    assert_blocks_read_like_github(text)


# lines opening with "*": emphasis ("*Authors*", "**Title**": the marker, doubled or not, then a letter or
# digit, in any script) continues or opens a paragraph; anything else may open a list or a break
_STARRED = ["*a", "**a", "***a", "*_a", "**_a", "*é", "**\u0661", "*\u00b2", "**", "*", "* a", "** a", "*a*"]
_STARRED += ["**a** \\", "*\u3000a", "*-", "**-", "*\ta", "**\u00a0a", "*1. a", "**Title** \\"]


def test_lines_opening_with_a_star_read_like_github():
    """The block parser's line loop reads "*"/"**" then a letter or digit without _NO_BLOCK's match (its
    fast copy): each such line, as a paragraph's first line and as its next one, reads as GitHub reads it."""
    cases = {f"{a!r} then {b!r}": f"{a}\n{b}\n\ntext\n{b}\n" for a in _STARRED for b in _STARRED}
    assert not failures_of(cases, assert_blocks_read_like_github)
