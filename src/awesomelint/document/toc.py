"""The table of contents of a document: the lists of links to its own headings, whatever their heading is
called (or without one), with emojis, numbering, nesting or back-links among their lines.

A list is a table of contents when the entry model marks it so (a top-level list whose items hold nothing
but in-page links: :data:`~awesomelint.document.entries.TOC`) and at least half of its items link with
``#anchor`` (or ``./#anchor``) to an anchor GitHub gives the document: a list of links to other files of the
repository is navigation, not a table of contents. A document may spread its table of contents over several
lists (one per year, a short one under a section); they are read as one, each keeping its own order.

Each :class:`TocItem` says what its first in-page link reaches: a heading (its index in
``Document.sections``), an HTML ``id`` in a section (its heading), another HTML id or
an always-valid fragment (``#top``, ``#L10``: a target, but no heading), or nothing.
:func:`expected_headings` infers which headings the table of contents means to list from those it lists.
"""

from __future__ import annotations

from bisect import bisect_right
from urllib.parse import unquote

from awesomelint._record import field, record
from awesomelint.document.analysis import DocInfo
from awesomelint.document.anchors import Anchor, find_anchor, is_always_valid
from awesomelint.document.entries import TOC, Entries, Entry, Group, document_entries, is_meta_heading
from awesomelint.document.model import Document, Link


@record(slots=True, kw_only=True, eq=False)
class TocItem:
    """One list item of a table of contents and what its link reaches."""

    entry: Entry
    #: its first in-page link (None: an item without one, such as a heading-less label)
    link: Link | None
    #: the fragment as written, decoded (``old-section-name``)
    fragment: str = ""
    #: index in ``Document.sections`` of the heading the link reaches, None when it reaches none
    heading: int | None = None
    #: the link reaches something that is no heading (an HTML id away from a heading, ``#top``)
    other_target: bool = False
    #: the headings its other in-page links reach (``[A](#a), [B](#b)`` on one line)
    also: list[int] = field(default_factory=list)

    @property
    def broken(self) -> bool:
        """The link reaches nothing GitHub renders."""
        return self.link is not None and self.heading is None and not self.other_target


@record(slots=True, kw_only=True, eq=False)
class Toc:
    """The table of contents: its lists (top-level groups, in document order) and their items."""

    lists: list[Group]
    items: list[TocItem]
    #: the items of each group (the top-level lists and their nested lists), by ``Group.index``
    by_group: dict[int, list[TocItem]] = field(default_factory=dict)
    #: the document's anchors, lower-cased slug -> first anchor with it
    anchors: dict[str, Anchor] = field(default_factory=dict)
    #: the anchor GitHub gives each heading, by its index in ``Document.sections``
    heading_slugs: dict[int, str] = field(default_factory=dict)
    #: the raw Markdown of each heading, by its index in ``Document.sections``
    doc_titles: list[str] = field(default_factory=list)

    @property
    def link_positions(self) -> set[tuple[int, int]]:
        """Where the links of its items stand: (line, column of the URL)."""
        return {(item.link.line, item.link.url_column) for item in self.items if item.link is not None}


def in_page_fragment(url: str) -> str | None:
    """The fragment of a link into the document itself (``#x``, ``./#x``), decoded; None for another URL."""
    if url.startswith("#"):
        return unquote(url[1:]).strip()
    if url.startswith("./#"):
        return unquote(url[3:]).strip()
    return None


def table_of_contents(doc: Document, info: DocInfo) -> Toc | None:
    """The document's table of contents, None when it has none (see the module's docstring); made on the
    first call and remembered with the entries."""
    entries = document_entries(doc, info)
    if entries.toc is False:
        entries.toc = _table_of_contents(doc, info, entries)
    assert entries.toc is None or isinstance(entries.toc, Toc)
    return entries.toc


def _table_of_contents(doc: Document, info: DocInfo, entries: Entries) -> Toc | None:
    roots = [g for g in entries.groups if g.skipped == TOC and g.parent is None and g.kind == "list"]
    if not roots:
        return None
    anchors: dict[str, Anchor] = {}
    section_at = {section.line: i for i, section in enumerate(doc.sections)}
    slugs: dict[int, str] = {}
    for anchor in info.anchors_of(doc):
        anchors.setdefault(anchor.slug.lower(), anchor)
        if anchor.source == "heading" and anchor.line in section_at:
            slugs.setdefault(section_at[anchor.line], anchor.slug)
    heading_lines = sorted(section_at)
    toc = Toc(
        lists=[], items=[], anchors=anchors, heading_slugs=slugs, doc_titles=[s.title for s in doc.sections]
    )
    for root in roots:
        groups = _groups_under(root)
        items = [(g, _item(e, anchors, section_at, heading_lines)) for g in groups for e in g.entries]
        linked = [item for _, item in items if item.link is not None]
        reached = [item for item in linked if not item.broken]
        if len(linked) < 2 or len(reached) * 2 < len(items):
            continue
        toc.lists.append(root)
        for group, item in items:
            toc.by_group.setdefault(group.index, []).append(item)
    if not toc.lists:
        return None
    toc.items = sorted(
        (item for items in toc.by_group.values() for item in items), key=lambda item: item.entry.line
    )
    return toc


def _groups_under(root: Group) -> list[Group]:
    """``root`` and the lists nested in its items, at any depth."""
    out, todo = [], [root]
    while todo:
        group = todo.pop()
        out.append(group)
        todo.extend(child for entry in group.entries for child in entry.children if child.kind == "list")
    return out


def _item(
    entry: Entry, anchors: dict[str, Anchor], section_at: dict[int, int], headings: list[int]
) -> TocItem:
    item: TocItem | None = None
    for link in entry.links:
        if link.is_image or link.kind not in ("link", "html"):
            continue
        fragment = in_page_fragment(link.url)
        if fragment is None:
            continue
        heading, other = _target(fragment, anchors, section_at, headings)
        if item is None:
            item = TocItem(entry=entry, link=link, fragment=fragment, heading=heading, other_target=other)
        elif heading is not None:
            item.also.append(heading)
    return item if item is not None else TocItem(entry=entry, link=None)


def _target(
    fragment: str, anchors: dict[str, Anchor], section_at: dict[int, int], headings: list[int]
) -> tuple[int | None, bool]:
    """The heading a fragment reaches, and whether it reaches something else GitHub renders."""
    if not fragment or is_always_valid(fragment):
        return None, True
    anchor = find_anchor(fragment, anchors)
    if anchor is None:
        return None, False
    if anchor.source == "heading" and anchor.line in section_at:
        return section_at[anchor.line], False
    heading = _heading_above(anchor.line, section_at, headings)
    return heading, heading is None


def _heading_above(line: int, section_at: dict[int, int], headings: list[int]) -> int | None:
    """The heading of the section an HTML id at ``line`` stands in (``## Name`` then
    ``<div id="name"></div>``, or an id further down the section: the reader lands in it), if any."""
    k = bisect_right(headings, line) - 1
    return section_at[headings[k]] if k >= 0 else None


def parent_headings(doc: Document) -> list[int | None]:
    """For each heading, the index of the nearest heading above it of a lower level (None at the top)."""
    out: list[int | None] = []
    stack: list[int] = []
    for i, section in enumerate(doc.sections):
        while stack and doc.sections[stack[-1]].level >= section.level:
            stack.pop()
        out.append(stack[-1] if stack else None)
        stack.append(i)
    return out


def expected_headings(doc: Document, toc: Toc) -> list[int]:
    """The headings the table of contents means to list and does not: of a level its entries reach, under
    a heading whose children of that level it lists some of (a nested table of contents that lists the
    subsections of some sections only asks for those), after its first list, not the heading of a section
    that holds one of its lists, and not a section about the list itself (contributing, license, ...)
    unless it lists one such."""
    sections = doc.sections
    covered = {item.heading for item in toc.items if item.heading is not None}
    covered.update(h for item in toc.items for h in item.also)
    if not covered:
        return []
    parents = parent_headings(doc)
    families = {(sections[i].level, parents[i]) for i in covered}
    first = toc.lists[0].line
    starts = [s.line for s in sections]
    holders = {bisect_right(starts, group.line) - 1 for group in toc.lists}
    meta_listed = any(is_meta_heading(sections[i].title) for i in covered)
    out = []
    for i, section in enumerate(sections):
        if i in covered or section.line < first or i in holders:
            continue
        if (section.level, parents[i]) not in families:
            continue
        if not meta_listed and is_meta_heading(section.title):
            continue
        out.append(i)
    return out
