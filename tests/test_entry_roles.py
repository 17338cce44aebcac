"""Parts of the entry model held equal to the slower readings they replaced."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from awesomelint.document.dates import month_number
from awesomelint.document.entries import _hard_break_lines, _hard_break_lines_by_line
from awesomelint.document.entry_roles import read_venue

_YEAR = re.compile(r"['’]([0-9]{2})(?![0-9A-Za-z])|((?:19|20)[0-9]{2})(?![0-9A-Za-z])")
_VENUE_BEFORE = re.compile(r"[ \t]?([A-Za-z@&-]{2,32})(?![\w/.#-])")
_TARGET = re.compile(r"\]\((?:[^()\s]|\([^()\s]*\))*\)")


def _read_venue_by_year(lines: list[tuple[int, int, str]]) -> tuple[str | None, int | None]:
    """The reading read_venue had: each year found, then the name in the 33 characters before it
    matched backwards."""
    venue: tuple[str | None, int | None] = (None, None)
    for _line, _col, text in lines:
        text = _TARGET.sub("]", text)
        for m in _YEAR.finditer(text):
            start = m.start()
            before = text[start - 1 : start]
            if before.isdigit() or (m.group(1) is not None and before in (" ", "\t")):
                continue
            v = _VENUE_BEFORE.match(text[max(0, start - 33) : start][::-1])
            if v is None:
                continue
            name = v.group(1)[::-1]
            if name != name.lower() and month_number(name) is None:
                venue = (name, int(m.group(2)) if m.group(2) else 2000 + int(m.group(1)))
    return venue


# the characters that decide a venue year: letters of a name, its neighbours, digits, quotes, links
_PIECES = st.sampled_from(
    ["a", "B", "C", "x", "Mar", "ACL", "arXiv", "@", "&", "-", ".", "/", "#", "_", " ", "\t", "'", "’", "1", "2",
     "0", "9", "19", "20", "2023", "'23", "1999", "[p](https://arxiv.org/abs/2303.0)", "](", "é", "٣", "A" * 31]
)  # fmt: skip


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.lists(_PIECES, max_size=30).map("".join), min_size=1, max_size=3))
def test_read_venue_is_the_reading_by_year(texts: list[str]) -> None:
    lines = [(k + 1, 1, text) for k, text in enumerate(texts)]
    assert read_venue(lines) == _read_venue_by_year(lines)


def test_read_venue_on_names_at_the_window_edge() -> None:
    """A run of letters longer than a name before a space: its last 32 are the name (as the window of
    33 characters cut it); without the space, none."""
    for run in range(28, 40):
        for gap in (" ", "\t", "", "'"):
            for lead in ("", ".", "x ", "@", "1", "/"):
                text = lead + "A" * run + gap + ("23" if gap == "'" else "2023")
                assert read_venue([(1, 1, text)]) == _read_venue_by_year([(1, 1, text)]), text
    assert read_venue([(1, 1, "A" * 40 + " 2023")]) == ("A" * 32, 2023)
    assert read_venue([(1, 1, "arXiv 2022. ACL'23, cvpr 2024, 14 Mar 2023")]) == ("ACL", 2023)


# what decides a paragraph entry's lines: their breaks (a backslash, two spaces), indentation, blanks
_LINE_PIECES = st.sampled_from(["a", "**", "__", " ", "\t", "\\", "[p](u)", "é"])
_LINE_ENDS = st.sampled_from(["\\", " \\", "\t\\", " \t \\", "\\\\", "\\\\\\", "  ", "\\  ", " ", ""])
_LINE = st.tuples(st.sampled_from(["", " ", "\t", "  "]), st.lists(_LINE_PIECES, max_size=6), _LINE_ENDS)


@settings(max_examples=1000, deadline=None)
@given(st.lists(_LINE, min_size=2, max_size=5), st.integers(1, 3))
def test_a_paragraphs_lines_read_at_once_are_its_lines_read_one_by_one(
    parts: list[tuple[str, list[str], str]], column: int
) -> None:
    """The lines of a paragraph entry: the reading of the common form at once (every break one backslash,
    no line indented) is the reading line by line."""
    lines = [indent + "".join(pieces) + end for indent, pieces, end in parts]
    lines[0] = "x" * (column - 1) + "**" + lines[0]
    read = _hard_break_lines(lines, 1, len(lines), column)
    assert read == _hard_break_lines_by_line(lines, 1, len(lines), column)
