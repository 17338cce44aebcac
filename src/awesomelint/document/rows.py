"""What a table row says of itself: the link that identifies its entry, its title reduced to words,
whether a cell holds no words, its arXiv paper, and whether a line break or fullwidth bars broke it. Shared
by the analysis of the list (:mod:`awesomelint.document.analysis`) and the rules."""

from __future__ import annotations

import re
from functools import lru_cache

from awesomelint._record import record
from awesomelint._regex import lazy_compile
from awesomelint.document.model import Cell, Link, Table
from awesomelint.document.urls import arxiv_id, is_badge, is_code_repo, is_http


def is_badge_link(link: Link) -> bool:
    return link.is_image and is_badge(link.url)


def identity_link(links: list[Link]) -> Link | None:
    """The first link of a cell that can identify an entry: not a badge, not a code repository, not an
    in-page anchor, not empty."""
    for link in links:
        if not link.is_image and _may_identify(link.url):
            return link
    return None


@lru_cache(maxsize=65536)  # the rules ask of every entry's links, several times
def _may_identify(url: str) -> bool:
    """A web address that is neither a badge nor a code repository."""
    return bool(url.strip()) and is_http(url) and not is_badge(url) and not is_code_repo(url)


_TITLE_NOISE = lazy_compile(r"[\W_]+", re.UNICODE)
# a target may hold one level of parentheses; neither pattern can rescan the text after a failed start
_LINK_TARGET = lazy_compile(r"\]\((?:[^()]|\([^()]*\))*\)")
_TAG = lazy_compile(r"<[^<>]*>")


_PLACEHOLDER_WORDS = frozenset({"n a", "na", "tbd", "tba", "none", "null", "unknown", "todo"})


def is_placeholder(text: str) -> bool:
    """Whether a cell holds no words: empty, punctuation or symbols ('-', '⚠️'), or a word such as N/A."""
    key = normalize_title(text)
    return not key or key in _PLACEHOLDER_WORDS


def normalize_title(text: str) -> str:
    text = _LINK_TARGET.sub("]", text)  # drop link targets
    text = _TAG.sub(" ", text)
    return _TITLE_NOISE.sub(" ", text).casefold().strip()


FULLWIDTH_BAR = "\uff5c"


@record(frozen=True)
class BrokenRow:
    """A table row damaged as a whole: ``cause`` is ``split`` (a line break inside a cell cut the row in
    two; ``next_line`` is the second half) or ``fullwidth`` (cells separated by '｜', which is text)."""

    line: int
    cause: str
    cell: int = 0  # split: the 0-based cell the line break is in (or after, when ``between``)
    next_line: int = 0
    between: bool = False  # split: the break stands between two cells (the second half opens with '|')


def broken_rows(table: Table) -> dict[int, BrokenRow]:
    """The rows of a table that a line break split in two, and those written with fullwidth bars, by line
    (both halves of a split row are keys). A split row's second half is a line that does not open with a
    pipe, right after a line that opens with one and does not close, their cells together the header's
    (the second half is a whole row's width when the break is in the first cell)."""
    out: dict[int, BrokenRow] = {}
    width = table.width
    rows = table.rows
    for i, row in enumerate(rows):
        n = len(row.cells)
        if n >= width or row.line in out:
            continue
        if row.text.count(FULLWIDTH_BAR) >= 2:
            out[row.line] = BrokenRow(row.line, "fullwidth")
            continue
        nxt = rows[i + 1] if i + 1 < len(rows) else None
        if nxt is None or nxt.line != row.line + 1:
            continue
        if row.text.rstrip(" \t\v\f").endswith("|"):  # (what may follow a row's last pipe)
            continue
        m, opens = len(nxt.cells), row.text.startswith("|")
        if not nxt.text.startswith("|"):
            if n + m - 1 == width and (m < width or opens):
                out[row.line] = out[nxt.line] = BrokenRow(row.line, "split", n - 1, nxt.line)
        elif opens and n + m == width and m < width:
            out[row.line] = out[nxt.line] = BrokenRow(row.line, "split", n - 1, nxt.line, between=True)
    return out


def cell_arxiv_id(cell: Cell) -> str | None:
    """The identifier of the first arXiv link of a cell (images, such as an arXiv badge, do not count)."""
    for link in cell.links:
        if not link.is_image:
            aid = arxiv_id(link.url)
            if aid is not None:
                return aid
    return None
