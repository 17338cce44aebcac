"""Fixes that more than one rule makes, and where a part of an entry stands (a helper module: it holds no
rule). A rule module imports ``rules.base`` and these helpers, never another rule module."""

from __future__ import annotations

from awesomelint._regex import lazy_compile
from awesomelint.document.date_reading import GroupDates, read_group_dates
from awesomelint.document.model import Link
from awesomelint.document.urls import arxiv_id
from awesomelint.findings import Fix
from awesomelint.rules.base import Context

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at start-up
if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence

    from awesomelint.document.entries import Entry, Group

#: a new URL that can stand in a Markdown link, a table cell and an HTML attribute as it is
_SAFE_URL = lazy_compile(r"https?://[^\s<>()\[\]|\\\"'`]+")


def rewrite_fix(ctx: Context, link: Link, new_url: str | None) -> Fix | None:
    """Rewrite a link to a new URL (a permanently moved link, a badge of a renamed repository), in place,
    when that is a plain substitution: the URL stands in the line exactly as written (no escapes or
    entities) and the new one needs no escaping."""
    if (
        not new_url
        or not _SAFE_URL.fullmatch(new_url)
        or link.kind not in ("link", "image", "autolink", "bare", "html")
    ):
        return None
    line = ctx.doc.lines[link.line - 1]
    start = link.url_column - 1
    if line[start : start + len(link.url)] != link.url:
        return None
    return Fix(
        line=link.line,
        end_line=link.line,
        replacement=[line[:start] + new_url + line[start + len(link.url) :]],
        description=f"rewrite the moved link {link.url} as {new_url}",
    )


def reorder_items_fix(
    ctx: Context, items: Sequence[Entry], order: Sequence[int], description: str
) -> Fix | None:
    """The fix that puts the items of one list (``items``: every item of it, in document order) in
    ``order`` (indices into ``items``): each item moves whole, with its nested items and continuation
    lines, into the slot of another, and the lines between two items (a loose list's blank lines) stay in
    their places. None for items in a block quote, or numbered otherwise than all alike (a moved number
    would renumber the list), or when the order is the one they have."""
    if not items or list(order) == list(range(len(items))):
        return None
    first = items[0].item
    if first is None or any(e.item is None or e.item.quoted or e.item.marker != first.marker for e in items):
        return None
    lines = ctx.doc.lines
    last = items[-1].end_line
    if order[-1] != len(items) - 1 and last < len(lines) and lines[last].strip(" \t"):
        return None  # the list is followed without a blank line: it could run on into the item moved last
    replacement: list[str] = []
    for k, slot in enumerate(items):
        moved = items[order[k]]
        replacement.extend(lines[moved.line - 1 : moved.end_line])
        gap_end = items[k + 1].line - 1 if k + 1 < len(items) else slot.end_line
        replacement.extend(lines[slot.end_line : gap_end])
    return Fix(
        line=items[0].line,
        end_line=items[-1].end_line,
        replacement=replacement,
        kind="reorder",
        description=description,
    )


def locate(lines: list[str], line: int, column: int, text: str) -> int:
    """The column of ``text`` on ``line`` at or after ``column`` (an HTML cell's text stands after its
    tag); ``column`` when it is not there."""
    found = lines[line - 1].find(text, column - 1) if 0 < line <= len(lines) else -1
    return found + 1 if found >= 0 else column


def paper_entries(ctx: Context) -> Iterator[tuple[Entry, str]]:
    """The list items, paragraph entries and HTML rows that are arXiv papers, with their identifiers: the
    primary link's, else, in a group of publications, the first paper link's."""
    doc = ctx.doc
    if not any(_may_be_paper(link.url) for link in doc.links):
        return  # no arXiv link: the entry model is not built for the paper rules
    # lazy: the entry model is built only for a document that links arXiv papers (start-up)
    from awesomelint.document.entries import document_entries

    for group in document_entries(doc, ctx.info).groups:
        if group.skipped or group.kind == "table":
            continue  # a Markdown table's paper is its identity columns' (TableInfo.arxiv_id)
        publications = group.scheme.papers
        for entry in group.entries:
            if entry.skipped:
                continue
            for own in entry.links:
                low = own.url.lower()
                if "xiv" in low or "ar5iv" in low or "huggingface.co" in low:  # _may_be_paper, inlined
                    break
            else:
                continue  # no link of the entry may be a paper: its roles are not read
            roles = entry.roles
            for link in (roles.primary, *roles.papers) if publications else (roles.primary,):
                aid = arxiv_id(link.url) if link is not None and not link.is_image else None
                if aid is not None:
                    yield entry, aid
                    break


def _may_be_paper(url: str) -> bool:
    """Whether ``url`` may name an arXiv paper (:func:`~awesomelint.document.urls.arxiv_id`'s hosts: arXiv
    and its mirrors, huggingface.co/papers), by a look at its text."""
    low = url.lower()
    return "xiv" in low or "ar5iv" in low or "huggingface.co" in low  # arxiv, alphaxiv


def group_dates(ctx: Context, group: Group) -> GroupDates | None:
    """The dates of a group of entries read in its format (None for a group that is not dated), read on
    the first call and shared by the rules that read them."""
    fmt = group.scheme.date_format
    if fmt is None:
        return None
    info = ctx.info
    found = info.group_dates.get(group.index)
    if found is None:
        texts = [date for e in group.entries if not e.skipped and (date := e.roles.date)]
        found = read_group_dates(texts, fmt, info.today, not info.date_format_configured)
        info.group_dates[group.index] = found
    return found
