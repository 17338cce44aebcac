"""The entries of a list in every form it writes them, as one model.

An :class:`Entry` is a Markdown table row, a list item (``- [Name](url) - Description.``, ``1. **[Title](…)**``,
``- [2023/08] **Title.** …``), a row of an HTML ``<table>``, or a paragraph entry (a bold title line, an
authors line and a links line joined by hard breaks, where a list writes its entries so). Each entry has its
lines (a list item's nested items and continuation lines included), its section, its :class:`Group` (a table,
one list's sibling items, an HTML table, a section's run of paragraph entries), its own links with their
positions, and its :class:`~awesomelint.document.entry_roles.Roles` (title, primary link, date, paper and code
links, badges, description), read from its table's header or inferred from its group's majority
(:mod:`awesomelint.document.entry_roles`).

What is not an entry: a table of contents (a list whose links point into the document itself), navigation
lines (a lone in-page link), badge rows (only images), the introduction (what stands before the first
heading after the title) and the lists of sections that are about the list itself (news, contributing,
license, citation, ...). Their groups are kept, with :attr:`Group.skipped` saying why; :attr:`Entries.entries`
leaves them out. A nested list is a group of its own whose parent is the item it hangs from; the item's
lines include it, so the item moves with its children.

Built on first use (:func:`document_entries`, remembered with the analysis it was made for): a run whose
rules ask no entry pays nothing, and roles are read per group the first time an entry of it is asked.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from operator import attrgetter

from awesomelint._record import field, record
from awesomelint.document.analysis import DocInfo, TableInfo
from awesomelint.document.entry_roles import (
    Reading,
    Roles,
    Scheme,
    infer_scheme,
    list_roles,
    primary_link,
    read_entry,
    words,
)
from awesomelint.document.headers import header_key
from awesomelint.document.html_tables import HtmlRow, HtmlTable, html_tables
from awesomelint.document.model import Document, Link, ListItem, Row, Table
from awesomelint.document.table_roles import html_row_roles, html_scheme, row_roles, table_scheme

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at start-up
if TYPE_CHECKING:
    from typing import Literal

    EntryKind = Literal["row", "item", "html-row", "paragraph"]
    GroupKind = Literal["table", "list", "html-table", "paragraphs"]

#: why a group holds no entries of the list
TOC, NAVIGATION, BADGES, PROSE, INTRO, META = "toc", "navigation", "badges", "prose", "intro", "meta"
#: words of a heading whose section is about the list itself, not entries of it
_META_WORDS = words(
    "contributing contribute contribution contributions contributors license licence citation citations cite citing "
    "acknowledgement acknowledgements acknowledgment acknowledgments sponsors sponsor sponsorship "
    "sponsorships backers changelog 贡献 致谢 引用 许可证"
)
#: headings that are such a section when they say nothing else ("News", but not "News APIs")
_META_HEADINGS = words(
    "news updates update introduction about overview contact contacts 更新 新闻 动态 最新动态 更新日志 "
    "ニュース お知らせ 更新履歴 소식"
) | {"latest news", "recent updates", "star history", "change log", "table of contents", "contents"}


@record(slots=True, kw_only=True, eq=False)
class Entry:
    """One entry of the list (see the module's docstring)."""

    kind: EntryKind
    line: int
    column: int
    #: Last line of the entry: of a list item, its nested items and continuation lines included.
    end_line: int
    #: The entry's own Markdown: a row's text, a list item's lines after its marker (its nested items'
    #: lines left out), an HTML row's cell texts joined by `` | ``, a paragraph entry's lines.
    text: str
    #: The entry's own links in document order (a list item's nested items' links are theirs).
    links: list[Link]
    section: list[str]
    group: Group
    #: The list item this one is nested in.
    parent: Entry | None = None
    #: The groups nested in this entry (a list item's sub-lists, a table inside it).
    children: list[Group] = field(default_factory=list)
    row: Row | None = None
    item: ListItem | None = None
    html_row: HtmlRow | None = None
    #: Why the entry is not one of the list's, '' when it is (``navigation``: only in-page links,
    #: ``badges``: only images, ``prose``: no link).
    skipped: str = ""
    #: (line, column of its first character, text) of each of its own lines: a list item's or a
    #: paragraph entry's, read for its roles
    lines: list[tuple[int, int, str]] = field(default_factory=list, repr=False)
    _reading: Reading | None = field(default=None, repr=False)
    _roles: Roles | None = field(default=None, repr=False)

    @property
    def roles(self) -> Roles:
        """The entry's title, primary link, date, paper and code links, badges and description."""
        if self._roles is None:
            self._roles = self.group.roles_of(self)
        return self._roles

    @property
    def primary(self) -> Link | None:
        """The entry's primary link (``roles.primary``); of a list item or paragraph entry, read without
        its other roles until they are asked."""
        if self._roles is None and self.kind in ("item", "paragraph"):
            return primary_link(self.reading, self.group.scheme)
        return self.roles.primary

    @property
    def reading(self) -> Reading:
        """What the own text of a list item or paragraph entry shows (its group's scheme decides)."""
        if self._reading is None:
            self._reading = read_entry(self.lines, self.links, date_line=self.kind == "paragraph")
        return self._reading


@record(slots=True, kw_only=True, eq=False)
class Group:
    """Entries that belong together: a table, the items of one list, an HTML table, the paragraph
    entries of a section."""

    kind: GroupKind
    line: int
    end_line: int
    section: list[str]
    entries: list[Entry] = field(default_factory=list)
    #: 0-based position among the document's groups (document order of their first lines).
    index: int = 0
    #: The entry this group is nested in (a sub-list's item).
    parent: Entry | None = None
    #: Why the group holds no entries of the list, '' when it does: ``toc``, ``navigation``, ``badges``,
    #: ``prose``, ``intro``, ``meta`` (see the module's docstring).
    skipped: str = ""
    table: Table | None = None
    table_info: TableInfo | None = None
    html_table: HtmlTable | None = None
    info: DocInfo | None = field(default=None, repr=False)
    _scheme: Scheme | None = field(default=None, repr=False)

    @property
    def scheme(self) -> Scheme:
        """Where the group's entries carry their parts: from the header of a table, from the majority of
        the entries of a list or a run of paragraphs."""
        if self._scheme is None:
            self._scheme = _scheme_of(self)
        return self._scheme

    def roles_of(self, entry: Entry) -> Roles:
        if self.table_info is not None and entry.row is not None:
            return row_roles(self.table_info, entry.row)
        if self.html_table is not None and entry.html_row is not None:
            return html_row_roles(self.html_table, self.scheme, entry.html_row)
        return list_roles(entry.reading, entry.lines, entry.links, self.scheme)


@record(slots=True, kw_only=True, eq=False)
class Entries:
    """The document's groups in document order, and its entries."""

    groups: list[Group]
    #: Every entry of a group that holds entries, skipped ones left out, in document order.
    entries: list[Entry]
    #: The table of contents (``document.toc.table_of_contents``) once asked: a ``Toc`` or None; False
    #: before.
    toc: object = False


def document_entries(doc: Document, info: DocInfo) -> Entries:
    """The entries of ``doc`` (its tables' roles from ``info``), made on the first call and remembered
    with ``info``."""
    if isinstance(info.entries, Entries):
        return info.entries
    found = _Builder(doc, info).build()
    info.entries = found
    return found


# --- building --------------------------------------------------------------------------------------------


class _Builder:
    """The groups and entries of one document."""

    def __init__(self, doc: Document, info: DocInfo) -> None:
        self.doc, self.info = doc, info
        self.line_links: list[Link] = []  # the links in the order of their lines, and those lines
        self.link_lines: list[int] | None = None
        self.groups: list[Group] = []
        self.items: list[Entry] = []  # the entry of each list item, by its index
        self.item_starts = [item.line for item in doc.list_items]
        self.section_lines = [section.line for section in doc.sections]

    def build(self) -> Entries:
        doc = self.doc
        if doc.list_items:
            self.lists()
        self.tables()
        if doc.html_blocks:
            self.html_tables()
        if doc.paragraphs:
            self.paragraphs()
        self.groups.sort(key=lambda g: g.line)  # (stable: a list before the lists nested on its line)
        for i, group in enumerate(self.groups):
            group.index = i
        _classify(doc, self.groups)
        entries = [e for g in self.groups if not g.skipped for e in g.entries if not e.skipped]
        entries.sort(key=lambda e: (e.line, e.column))
        return Entries(groups=self.groups, entries=entries)

    def tables(self) -> None:
        for table, tinfo in zip(self.doc.tables, self.info.tables, strict=True):
            group = self.add("table", table.line, table.end_line, table.section)
            group.table, group.table_info = table, tinfo
            for row in table.rows:
                links = [link for cell in row.cells for link in cell.links]
                entry = _entry(group, "row", row.line, row.column, row.line, row.text, links)
                entry.row = row
            self.nest(group)

    def html_tables(self) -> None:
        for table in html_tables(self.doc):
            group = self.add("html-table", table.line, table.end_line, table.section)
            group.html_table = table
            for row in table.rows:
                links = [link for cell in row.cells for link in cell.links]
                text = " | ".join(row.texts)
                _entry(group, "html-row", row.line, row.column, row.end_line, text, links).html_row = row
            self.nest(group)

    def lists(self) -> None:
        items = self.doc.list_items
        by_list: dict[int, Group] = {}
        by_line: dict[int, list[Link]] = {}
        for link in self.doc.links:
            by_line.setdefault(link.line, []).append(link)
        for item, own in zip(items, _own_lines(items, self.doc), strict=True):
            group = by_list.get(item.list_start)
            if group is None:
                group = by_list[item.list_start] = self.add("list", item.line, item.end_line, item.section)
                if item.parent is not None:
                    group.parent = self.items[item.parent]
                    group.parent.children.append(group)
            group.end_line = max(group.end_line, item.end_line)
            lines = _item_lines(self.doc.lines, item, own)
            text = "\n".join(text for _, _, text in lines)
            links = [link for ln in own for link in by_line.get(ln, ())]
            entry = _entry(group, "item", item.line, item.column, item.end_line, text, links)
            entry.item, entry.lines, entry.parent = item, lines, group.parent
            self.items.append(entry)

    def add(self, kind: GroupKind, line: int, end_line: int, section: list[str]) -> Group:
        group = Group(kind=kind, line=line, end_line=end_line, section=section, info=self.info)
        self.groups.append(group)
        return group

    def paragraphs(self) -> None:
        """Paragraph entries: paragraphs that open with a bold title and break every line, grouped by
        section, where the document writes at least three (a form it keeps, not one bold line)."""
        doc, sections, starts = self.doc, self.doc.sections, self.section_lines
        first_group, group = len(self.groups), None
        k = 0  # the sections above the paragraph (bisect_right(starts, line - 1)), walked forward
        for para in doc.paragraphs:
            read = _hard_break_lines(doc.lines, para.line, para.end_line, para.column)
            if read is None or self.innermost_item(para.line) is not None:
                continue
            line = para.line
            if k and starts[k - 1] >= line:
                k = bisect_right(starts, line - 1)  # (never: the parser lists paragraphs in line order)
            while k < len(starts) and starts[k] < line:
                k += 1
            section = sections[k - 1].path if k else _TOP
            if group is None or group.section is not section:
                group = self.add("paragraphs", line, para.end_line, section)
            links = self.links_in(line, para.end_line)
            _entry(group, "paragraph", line, para.column, para.end_line, read[1], links).lines = read[0]
            group.end_line = para.end_line
        if sum(len(g.entries) for g in self.groups[first_group:]) < 3:
            del self.groups[first_group:]  # (one bold paragraph or two: not a form the list keeps)

    def links_in(self, first: int, last: int) -> list[Link]:
        """The document's links on lines ``first`` to ``last``, in document order."""
        if self.link_lines is None:  # once (the parser lists them by line; a stable sort keeps that order)
            self.line_links = sorted(self.doc.links, key=attrgetter("line"))
            self.link_lines = [link.line for link in self.line_links]
        return self.line_links[bisect_left(self.link_lines, first) : bisect_right(self.link_lines, last)]

    def nest(self, group: Group) -> None:
        """A table or HTML table inside a list item is that item's child."""
        parent = self.innermost_item(group.line)
        if parent is not None:
            group.parent = parent
            parent.children.append(group)

    def innermost_item(self, line: int) -> Entry | None:
        """The entry of the innermost list item whose lines hold ``line``."""
        items = self.doc.list_items
        k = bisect_right(self.item_starts, line) - 1
        index = k if k >= 0 and self.items else None
        while index is not None:
            item = items[index]
            if item.line <= line <= item.end_line:
                return self.items[index]
            index = item.parent
        return None


_TOP: list[str] = []  # the section of what stands above every heading


def _entry(
    group: Group, kind: EntryKind, line: int, column: int, end_line: int, text: str, links: list[Link]
) -> Entry:
    """A new entry at the end of ``group``."""
    entry = Entry(
        kind=kind,
        line=line,
        column=column,
        end_line=end_line,
        text=text,
        links=links,
        section=group.section,
        group=group,
    )
    group.entries.append(entry)
    return entry


def _item_lines(lines: list[str], item: ListItem, own: list[int]) -> list[tuple[int, int, str]]:
    """(line, column, text) of an item's own lines: the first after its marker, the others without
    their indentation (and quote marks)."""
    out = []
    for ln in own:
        raw = lines[ln - 1]
        start = item.column - 1 + len(item.marker) if ln == item.line else 0
        while start < len(raw) and (raw[start] in " \t" or (item.quoted and raw[start] == ">")):
            start += 1
        out.append((ln, start + 1, raw[start:].rstrip()))
    return out


def _own_lines(items: list[ListItem], doc: Document) -> list[list[int]]:
    """The lines of each item that are its own: not its nested items' (each line is the innermost
    item's), not a table's or a code block's, not blank. Linear in the lines and items."""
    children: list[list[ListItem]] = [[] for _ in items]
    for item in items:
        if item.parent is not None:
            children[item.parent].append(item)
    excluded = doc.code_lines()
    for table in doc.tables:
        excluded.update(range(table.line, table.end_line + 1))
    lines = doc.lines
    out = []
    for item, kids in zip(items, children, strict=True):
        own: list[int] = []
        start = item.line
        for stop, resume in [*((k.line, k.end_line + 1) for k in kids), (item.end_line + 1, 0)]:
            own.extend(ln for ln in range(start, stop) if ln not in excluded and lines[ln - 1].strip(" \t>"))
            start = max(start, resume)
        out.append(own)
    return out


def _hard_break_lines(
    lines: list[str], first: int, last: int, column: int
) -> tuple[list[tuple[int, int, str]], str] | None:
    """(line, column, text) of each line of a paragraph that opens with a bold span and ends every line
    but its last with a hard break (a backslash, two spaces; left out of the text), and the texts joined
    by newlines; None for another paragraph."""
    if not lines[first - 1].startswith(("**", "__"), column - 1):
        return None
    # the fast copy of _hard_break_lines_by_line for the common form (every break a lone backslash, none
    # escaped, no line indented), which tests the paragraph's lines at once instead of one by one
    whole = "\n".join(lines[first - 1 : last])
    parts = whole[column - 1 :].split("\\\n")
    plain = "\\\\\n" not in whole and "\n " not in whole and "\n\t" not in whole
    if plain and len(parts) == last - first + 1:
        texts = [text.rstrip(" \t") for text in parts]
        out = [(ln, 1, text) for ln, text in enumerate(texts, first)]
        out[0] = (first, column, texts[0])
        return out, "\n".join(texts)
    return _hard_break_lines_by_line(lines, first, last, column)


def _hard_break_lines_by_line(
    lines: list[str], first: int, last: int, column: int
) -> tuple[list[tuple[int, int, str]], str] | None:
    """What :func:`_hard_break_lines` reads, line by line (any form of hard break, indented lines)."""
    out = []
    for ln in range(first, last + 1):
        raw = lines[ln - 1]
        if ln < last and not (_odd_backslashes(raw) or raw.endswith("  ")):
            return None
        start = column - 1 if ln == first else len(raw) - len(raw.lstrip(" \t"))
        text = raw[start:].rstrip(" \t")
        if ln < last and text.endswith("\\"):
            text = text[:-1].rstrip(" \t")
        out.append((ln, start + 1, text))
    return out, "\n".join(text for _, _, text in out)


# --- what is not an entry ----------------------------------------------------------------------------------


def _classify(doc: Document, groups: list[Group]) -> None:
    """Mark the entries and groups that are not entries of the list (see the module's docstring).
    Tables are all entries, as the table rules have always read them."""
    intro_end = _intro_end(doc)
    for group in groups:
        if group.kind == "table":
            continue
        for entry in group.entries:
            entry.skipped = _entry_skip(entry)
        reason = _group_skip(group)
        if reason == NAVIGATION and group.parent is not None and group.parent.group.skipped == TOC:
            reason = TOC  # one line of a nested table of contents
        if reason not in (TOC, NAVIGATION):
            if group.line < intro_end:
                reason = INTRO
            elif any(is_meta_heading(title) for title in group.section):
                reason = META
        group.skipped = reason


def _intro_end(doc: Document) -> int:
    """The line before which everything is the introduction: the first heading, or the second when the
    first is the document's title (level 1) and more follow."""
    sections = doc.sections
    if not sections:
        return 0
    if sections[0].level == 1 and len(sections) > 1:
        return sections[1].line
    return sections[0].line


def is_meta_heading(heading: str) -> bool:
    """Whether a heading names a section about the list itself (contributing, license, news, ...)."""
    key = header_key(heading)
    return key in _META_HEADINGS or not _META_WORDS.isdisjoint(key.split())


def _entry_skip(entry: Entry) -> str:
    """Why an entry is not one (``prose``, ``badges``, ``navigation``: see :attr:`Entry.skipped`), or ''."""
    links = entry.links
    if not links:
        return PROSE
    badges = navigation = True
    for link in links:  # (one pass: most entries are decided by their first link)
        if link.is_image:
            continue
        badges = badges and link.text.lstrip().startswith("![")
        navigation = navigation and _in_page(link.url)
        if not (badges or navigation):
            return ""
    return BADGES if badges else NAVIGATION


def _in_page(url: str) -> bool:
    """A link into the document itself (``#anchor``, ``./#anchor``, ``README.md#anchor``) or to another
    file of its repository (``quantization.md``, ``docs/``): navigation, not an entry."""
    if url.startswith(("https://", "http://")):
        return False  # (most addresses: the test below says the same of them)
    if url.startswith("#"):
        return True
    head = url.split("/", 1)[0]
    return ":" not in head and not url.startswith(("//", "www.")) and bool(url.strip())


def _group_skip(group: Group) -> str:
    """Why a group holds no entries: the reason most of its entries are skipped for, when most are."""
    entries = group.entries
    if not entries:
        return PROSE
    reasons = [e.skipped for e in entries]
    if reasons.count("") * 2 >= len(reasons):
        return ""
    reason = max(set(reasons) - {""}, key=reasons.count)
    if reason == NAVIGATION and (len(entries) > 1 or any(e.children for e in entries)):
        return TOC
    return reason


def _scheme_of(group: Group) -> Scheme:
    info = group.info
    if group.table_info is not None:
        return table_scheme(group.table_info, info)
    if group.html_table is not None:
        return html_scheme(group.html_table)
    configured = info.date_format if info is not None and info.date_format_configured else None
    return infer_scheme([e.reading for e in group.entries if not e.skipped], configured)


def _odd_backslashes(line: str) -> bool:
    """Whether ``line`` ends with a backslash that escapes the line break (not one escaped itself)."""
    return (len(line) - len(line.rstrip("\\"))) % 2 == 1
