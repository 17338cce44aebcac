"""The same entry twice."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator

from awesomelint.document.analysis import TableInfo
from awesomelint.document.model import Link, ListItem, Row, Table
from awesomelint.document.plain import plain_text
from awesomelint.document.rows import is_placeholder, normalize_title
from awesomelint.document.urls import entry_identity, is_badge, is_http, is_paper_key, paper_key
from awesomelint.findings import Finding, Fix
from awesomelint.rules.base import Context, Rule

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at start-up
if TYPE_CHECKING:
    from awesomelint.document.entries import Entry


def _describe(key: str) -> str:
    kind, _, value = key.partition(":")
    return {
        "arxiv": f"arXiv {value}",
        "openreview": f"OpenReview {value}",
        "doi": f"DOI {value}",
        "acl": f"ACL Anthology {value}",
        "neurips": "NeurIPS paper",
        "title": "title",
    }.get(kind, "link")


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _link_set(row: Row) -> frozenset[str]:
    return frozenset(
        paper_key(link.url)
        for cell in row.cells
        for link in cell.links
        if not link.is_image and is_http(link.url) and not is_badge(link.url)
    )


def _two_entries(key: str, first: Row, row: Row) -> bool:
    """Whether two rows that cite one paper under different titles are two entries of it (two datasets
    or models the paper introduced, sharing its code or not; an implementation citing the paper it
    implements): each links an artifact (code or data). A row with no such link (only the paper, or a
    post announcing it) is the paper itself under two titles: one of the two paper links is probably
    wrong. The kind of the paper link (arXiv, DOI, OpenReview, ...) does not matter."""
    mine, theirs = _repos(_link_set(row) - {key}), _repos(_link_set(first) - {key})
    return any(map(_artifact, mine)) and any(map(_artifact, theirs))


_ARTIFACT_HOSTS = ("huggingface.co/", "gitlab.com/", "gitee.com/", "modelscope.cn/", "kaggle.com/")


def _artifact(key: str) -> bool:
    """A link key that names code or data (a repository, a dataset or model page), not a paper or post."""
    return key.startswith("github:") or key.startswith(_ARTIFACT_HOSTS)


def _same_entry(key: str, tinfo: TableInfo, row: Row, first_info: TableInfo, first: Row) -> bool:
    """Whether two rows whose identity link is the same are one entry listed twice."""
    same_title = normalize_title(_name(tinfo, row)) == normalize_title(_name(first_info, first))
    if is_paper_key(key):
        # one paper may describe two models or datasets; in a paper table it is the entry itself
        if same_title:
            return True
        return tinfo.paper_table and first_info.paper_table and not _two_entries(key, first, row)
    # a shared web page (one blog post announcing two models) is one entry only when all agrees
    return same_title and _link_set(first) == _link_set(row)


def _repos(keys: frozenset[str]) -> set[str]:
    """Link keys with a path inside a GitHub repository counted as the repository."""
    return {"/".join(k.split("/")[:2]) if k.startswith("github:") else k for k in keys}


def row_signature(row: Row) -> tuple[str, ...]:
    """A row's cells with runs of whitespace collapsed: two rows with the same signature render the same."""
    return tuple(" ".join(cell.text.split()) for cell in row.cells)


class _FirstCopies:
    """The first row of a table with each signature, indexed on the first question: a table without a
    duplicate never computes its rows' signatures."""

    def __init__(self, rows: list[Row]) -> None:
        self.rows = rows
        self._first: dict[tuple[str, ...], Row] | None = None

    def first(self, row: Row) -> Row:
        """The first row of the table that renders like ``row`` (``row`` itself when it is the first)."""
        if self._first is None:
            self._first = {}
            for other in self.rows:
                self._first.setdefault(row_signature(other), other)
        return self._first.get(row_signature(row), row)


class DuplicateEntry(Rule):
    name = "duplicate-entry"
    entry_forms = ("row", "item", "html-row", "paragraph")
    code = "AL301"
    severity = "error"
    summary = "The same entry is listed twice in one table, or in one section of a list."
    what = (
        "Gives every row an identity: the first link of its paper column (or title or link column) that is "
        "not a badge or a code repository, normalised (arXiv abs/pdf/versions, arXiv's DOI, huggingface.co/papers, "
        "OpenReview forum/pdf, DOI, scheme, www., trailing slash and GitHub owner/repo case do not matter); "
        "a row without such a link is known by its title. In a table with a paper column, a link that names "
        "a publication (arXiv, DOI or a publisher's DOI page, OpenReview, a PDF) is the entry, unless the two "
        "rows carry different titles and each links code or data (two datasets or models one paper "
        "introduced, sharing its code or not; an implementation citing the paper it implements: two entries "
        "of one paper); elsewhere (a list of models, where one paper may describe two models) the titles "
        "must agree too, and two rows that share only a web page (a blog post announcing two models) are one "
        "entry only when their titles and all their links agree. Every later row with an identity seen "
        "before is reported, naming the line of the first. Rows that only share a code repository are "
        "different entries. A row whose links (all of them, two or more) are another entry's and carry "
        "that entry's name (`[NewTool](https://github.com/a/oldtool)` after the OldTool row) was copied and "
        "not changed: a warning naming the line of the entry. "
        "List items, HTML table rows and paragraph entries are known by their primary link (the name's or "
        "the title's link; in a list of papers, its publication link), a web page's #fragment included (two "
        "sections of one page are two entries); an entry with the link of one before it is reported, and when "
        "the two titles name different things, one of the two links is probably wrong. Not reported: a nested "
        "item with its parent's link, a table of contents, two entries that link one site's home or "
        "organisation page under different names (two models of one maker). An item that is an exact copy of "
        "an earlier item of its list (its nested items and continuation lines too) is removed by --fix, with "
        "its nested items. `duplicates.scope` says where a repeat counts: `table` (the default) compares a "
        "table's rows within the table and list items and paragraph entries within their section, where an "
        "item that names a category (`* HTTP Client`, with no link of its own first) opens a sub-section, "
        "since lists sort one entry under two categories on purpose; `group` within one table, list or HTML "
        "table; `section` under one heading; `file` (or `document`) anywhere."
    )
    why = (
        "A paper or project listed twice in one table or section is noise at best; when the two entries carry "
        "different titles, one of the two links is probably wrong."
    )
    example = (
        "|2024.06|Mooncake|[[pdf]](https://arxiv.org/abs/2407.00079)|...\n"
        "|2024.06|Mooncake|[[pdf]](https://arxiv.org/pdf/2407.00079v2)|..."
    )
    fixed = "|2024.06|Mooncake|[[pdf]](https://arxiv.org/abs/2407.00079)|..."
    fixable = True

    def check(self, ctx: Context) -> Iterator[Finding]:
        scope = ctx.config.duplicates.scope
        seen: dict[object, dict[str, tuple[Row, TableInfo, Link | None]]] = {}
        starts = [section.line for section in ctx.doc.sections]
        for tinfo in ctx.info.tables:
            table = tinfo.table
            first_seen = seen.setdefault(_table_scope(starts, scope, table), {})
            copies = _FirstCopies(table.rows)
            reported: set[int] = set()
            broken = tinfo.broken
            for row in table.rows:
                if row.line in broken and broken[row.line].line != row.line:
                    continue  # a split row's second half: part of the row above, reported as such
                ident = tinfo.identity(row)
                if ident is None:
                    continue
                key, link = ident
                if key not in first_seen:
                    first_seen[key] = (row, tinfo, link)
                    continue
                first, first_info, _first_link = first_seen[key]
                if link is not None and not _same_entry(key, tinfo, row, first_info, first):
                    continue
                where = f"line {first.line}"
                if first_info.table.index != table.index:
                    where += f" (section {' › '.join(first_info.table.section[-1:]) or 'top'})"
                end: int | None = None
                if link is not None:
                    column = link.url_column
                    end = column + len(link.url)
                    message = f"duplicate entry: same {_describe(key)} as {where}"
                    t_now, t_first = _name(tinfo, row), _name(first_info, first)
                    if t_now and t_first and normalize_title(t_now) != normalize_title(t_first):
                        message = (
                            f"duplicate entry: same link as {where}, titled {_short(t_first)!r}; "
                            "one of the two links is probably wrong"
                        )
                else:
                    cell = row.cell(tinfo.title_col)
                    column = cell.column if cell else row.column
                    end = column + len(cell.text) if cell else None
                    message = f"duplicate entry: same title as {where}"
                fix = None
                twin = copies.first(row)
                if twin is not row:
                    # an identical row stands earlier in this table: this one can go without loss
                    message += " (identical row)" if twin is first else f" (identical to line {twin.line})"
                    fix = Fix(
                        line=row.line,
                        end_line=row.line,
                        replacement=[],
                        kind="delete",
                        description=f"remove the copy of line {twin.line}",
                    )
                reported.add(row.line)
                yield ctx.report(
                    row.line, column, message, end_column=end, fix=fix, related_lines=[first.line]
                )
            yield from _copied_links(ctx, tinfo, reported)
        yield from _entry_duplicates(ctx, scope)


def _table_scope(starts: list[int], scope: str, table: Table) -> object:
    """The key of the scope a table's rows are compared in (see ``duplicates.scope``): the table, the
    section (what stands under one heading, ``starts`` the headings' lines: two headings of the same name
    are two sections) or the file."""
    if scope in ("table", "group"):
        return table.index
    if scope == "section":
        return bisect_right(starts, table.line)
    return None


def _row_links(row: Row) -> list[Link]:
    """The links of a row (not images: a badge's picture), in order."""
    return [link for cell in row.cells for link in cell.links if not link.is_image]


def _name(tinfo: TableInfo, row: Row) -> str:
    """What a row is called: its title cell (the paper cell in a table without a title column), else its
    first cell with words (not the date); never a placeholder ('-', '⚠️'): empty then."""
    if tinfo.title_col is not None:
        return tinfo.title(row)
    for cell in row.cells:
        if cell.index != tinfo.date_col and not is_placeholder(cell.text):
            return cell.text
    return ""


def _compact(text: str) -> str:
    return "".join(ch for ch in plain_text(text).casefold() if ch.isalnum())


def _names_other(links: list[Link], title: str, other: str) -> bool:
    """Whether a row's links name the other entry and never the row's own: ``github.com/a/oldtool`` on
    the row of NewTool, copied from the row of OldTool."""
    mine, theirs = _compact(title), _compact(other)
    if len(theirs) < 3 or theirs in mine:
        return False
    urls = [_compact(link.url) for link in links]
    return any(theirs in url for url in urls) and not any(mine in url for url in urls)


def _first_link(row: Row) -> str | None:
    """The target of a row's first link (not an image), or None."""
    for cell in row.cells:
        for link in cell.links:
            if not link.is_image:
                return link.url
    return None


def _copied_links(ctx: Context, tinfo: TableInfo, reported: set[int]) -> Iterator[Finding]:
    """Rows whose links (all of them, two or more) are another entry's, under another name, and name that
    entry: the links were copied from it and not changed. Two entries of one paper (the same paper and
    code links, two datasets it introduced) are not copies."""
    broken = tinfo.broken
    by_first: dict[str, list[Row]] = {}  # a copy starts with the same link: only such rows are compared
    for row in tinfo.table.rows:
        url = _first_link(row) if row.line not in broken else None  # half a row, or one cell of text
        if url is not None:
            by_first.setdefault(url, []).append(row)
    for group in by_first.values():
        if len(group) > 1:
            yield from _copies_in(ctx, tinfo, group, reported)


def _copies_in(ctx: Context, tinfo: TableInfo, rows: list[Row], reported: set[int]) -> Iterator[Finding]:
    first_with: dict[tuple[str, ...], Row] = {}
    for row in rows:
        links = _row_links(row)
        if len(links) < 2:
            continue
        urls = tuple(sorted(link.url for link in links))  # a copy carries the links as they were written
        first = first_with.setdefault(urls, row)
        if first is row or row.line in reported:
            continue
        title, other = _name(tinfo, row), _name(tinfo, first)
        if not title or not other or normalize_title(title) == normalize_title(other):
            continue
        keys = {paper_key(url) for url in urls if is_http(url) and not is_badge(url)}
        if any(map(is_paper_key, keys)) and any(map(_artifact, keys)):
            continue  # one paper's two datasets or models, with its code
        if not _names_other(links, title, other):
            continue  # links that name neither (an organisation, a project of two features): shared
        link = links[0]
        yield ctx.report(
            row.line,
            link.url_column,
            f"links copied from line {first.line}? every link of {_short(plain_text(title))!r} is a link of "
            f"{_short(plain_text(other))!r}, whose name they carry",
            end_column=link.url_column + len(link.url),
            severity="warning",
            related_lines=[first.line],
        )


# --- list items, HTML table rows, paragraph entries ----------------------------------------------------------


def _entry_duplicates(ctx: Context, scope: str) -> Iterator[Finding]:
    """The entries that are not Markdown table rows and repeat an entry of their scope: same identity
    link. Every entry with the link of one seen before in its scope is reported, naming the line of the
    first; an exact copy of a list item in its own list is removed by the fix."""
    doc = ctx.doc
    if not (doc.list_items or doc.html_blocks or doc.paragraphs):
        return  # no entry outside tables
    # lazy: the entry model is built only for a document that writes entries outside tables (start-up)
    from awesomelint.document.entries import document_entries

    seen: dict[object, dict[str, Entry]] = {}
    starts = [section.line for section in doc.sections]
    idents: dict[int, tuple[str, Link] | None] = {}
    copies: set[int] = set()  # ids of the entries reported as exact copies, and of their nested entries
    twins: dict[int, dict[tuple[str, ...], Entry]] = {}  # per list: the first item with each signature
    for entry in document_entries(doc, ctx.info).entries:
        if entry.kind == "row":
            continue
        if entry.parent is not None and id(entry.parent) in copies:
            copies.add(id(entry))
            continue  # in an item reported as an exact copy: said with it, removed with it
        ident = _identity(entry, idents)
        if ident is None:
            continue
        key, link = ident
        parent = entry.parent
        if parent is not None and (mine := _identity(parent, idents)) is not None and mine[0] == key:
            continue  # a nested item with its parent's link: a part of the entry above, not a second one
        where = _entry_scope(entry, scope, starts)
        in_scope = seen.get(where)
        if in_scope is None:
            in_scope = seen[where] = {}
        first = in_scope.setdefault(key, entry)
        if first is entry:
            continue
        if not _one_name(entry.roles.title, first.roles.title, link.url) and _home_page(key):
            continue  # two products of one maker, both linking its home or organisation page
        finding = _entry_finding(ctx, entry, first, key, link, twins)
        if finding.fix is not None:
            copies.add(id(entry))
        yield finding


def _identity(entry: Entry, memo: dict[int, tuple[str, Link] | None]) -> tuple[str, Link] | None:
    """What an entry is, as a key and the link it comes from: its primary link (its name's or title's),
    or in a list of papers whose primary link is not a publication, its first publication link; a web
    page's fragment is part of its key (two sections of one page are two entries), a paper's is not."""
    found = memo.get(id(entry), False)
    if found is not False:
        return found  # type: ignore[return-value]
    link = entry.primary
    ident: tuple[str, Link] | None = None
    if link is not None:
        key, paper = entry_identity(link.url)
        if not paper and entry.group.scheme.title == "bold":
            link = next((k for k in entry.roles.papers if entry_identity(k.url)[1]), link)
            key = entry_identity(link.url)[0]
        if key is not None and not link.is_image:
            ident = key, link
    memo[id(entry)] = ident
    return ident


def _entry_scope(entry: Entry, scope: str, starts: list[int]) -> object:
    """The key of the scope an entry is compared in (see ``duplicates.scope``): a section is what stands
    under one heading (``starts``: the headings' lines), so that two headings of one name (a list pasted
    twice, a `Tools` under two parents) are two sections."""
    if scope == "group" or (scope == "table" and entry.kind == "html-row"):
        return entry.group.index
    if scope in ("file", "document"):
        return None
    section = bisect_right(starts, entry.line)
    if scope == "section":
        return section
    return section, _category(entry)


def _category(entry: Entry) -> int:
    """The line of the innermost item above ``entry`` that names a category rather than an entry (its
    text opens with words, no name link nor bold title: ``* HTTP Client``, ``* NoSQL [[nosql](…)]``), 0 when
    none: a list that sorts its entries under such items lists one entry under two of them on purpose."""
    parent = entry.parent
    while parent is not None:
        reading = parent.reading
        if parent.skipped or (reading.lead is None and reading.bold is None):
            return parent.line
        parent = parent.parent
    return 0


def _entry_finding(
    ctx: Context,
    entry: Entry,
    first: Entry,
    key: str,
    link: Link,
    copies: dict[int, dict[tuple[str, ...], Entry]],
) -> Finding:
    where = f"line {first.line}"
    if first.section != entry.section:
        where += f" (section {' › '.join(first.section[-1:]) or 'top'})"
    message = f"duplicate entry: same {_describe(key)} as {where}"
    t_now, t_first = entry.roles.title, first.roles.title
    if t_now and t_first and not _one_name(t_now, t_first, link.url):
        message = (
            f"duplicate entry: same link as {where}, titled {_short(plain_text(t_first))!r}; "
            "one of the two links is probably wrong"
        )
    fix = None
    twin = _earlier_copy(ctx, entry, copies)
    if twin is not None:
        message += " (identical item)" if twin is first else f" (identical to line {twin.line})"
        fix = Fix(
            line=entry.line,
            end_line=entry.end_line,
            replacement=[],
            kind="delete",
            description=f"remove the copy of line {twin.line}",
        )
    return ctx.report(
        link.line,
        link.url_column,
        message,
        end_column=link.url_column + len(link.url),
        fix=fix,
        related_lines=[first.line],
        entry_lines=(entry.line, entry.end_line),
    )


def _home_page(key: str) -> bool:
    """Whether an identity key is a site's home page or a page one step below it (an organisation, a
    user: ``llama.meta.com``, ``huggingface.co/baichuan-inc``), which the entries of one maker share."""
    if is_paper_key(key) or key.startswith("github:"):
        return False
    path = key.partition("/")[2]
    return "#" not in path and "?" not in path and "/" not in path.strip("/")


def _one_name(title: str, other: str, url: str) -> bool:
    """Whether two titles of one link name one thing: alike, one the start of the other ('An Introduction
    to Statistical Learning' and '... with Applications in R'), or both named by the link itself
    ('xilem' and 'linebender/xilem' of github.com/linebender/xilem)."""
    a, b = normalize_title(title), normalize_title(other)
    if a == b or (a and b and (a.startswith(b) or b.startswith(a))):
        return True
    mine, theirs, target = _compact(title), _compact(other), _compact(url)
    return len(mine) >= 3 and len(theirs) >= 3 and mine in target and theirs in target


def _earlier_copy(
    ctx: Context, entry: Entry, copies: dict[int, dict[tuple[str, ...], Entry]]
) -> Entry | None:
    """An earlier item of the same list that is an exact copy of ``entry`` (its lines and its nested
    items' alike, after the marker): only such an item goes without loss. None for other entries.
    ``copies`` holds, per group asked before, the first item with each signature (a list is indexed once,
    at its first duplicate)."""
    item = entry.item
    if item is None or item.quoted:
        return None
    lines = ctx.doc.lines
    if entry is entry.group.entries[-1] and not lines[item.line - 2].strip(" \t"):
        return None  # the last item after a blank line: without it its list would turn tight
    first = copies.get(entry.group.index)
    if first is None:
        first = copies[entry.group.index] = {}
        for other in entry.group.entries:
            if other.item is not None:
                first.setdefault(item_signature(lines, other.item), other)
    twin = first.get(item_signature(lines, item))
    return twin if twin is not None and twin is not entry else None


def item_signature(lines: list[str], item: ListItem) -> tuple[str, ...]:
    """A list item's lines after its marker (the first) or its content's indentation (the others), its
    nested items' and continuation lines included: two items of one list with the same signature render
    the same."""
    first = lines[item.line - 1]
    start = item.column - 1 + len(item.marker)
    body = first[start:]
    offset = start + len(body) - len(body.lstrip(" \t"))
    out = [body.lstrip(" \t")]
    for ln in range(item.line + 1, item.end_line + 1):
        raw = lines[ln - 1]
        pad = len(raw) - len(raw.lstrip(" \t"))
        out.append(raw[min(pad, offset) :])
    return tuple(out)


RULES: list[type[Rule]] = [DuplicateEntry]
