"""The same entry twice."""

from __future__ import annotations

from collections.abc import Iterator

from awesomelint.document.analysis import TableInfo
from awesomelint.document.model import Link, Row
from awesomelint.document.plain import plain_text
from awesomelint.document.rows import is_placeholder, normalize_title
from awesomelint.document.urls import is_badge, is_http, is_paper_key, paper_key
from awesomelint.findings import Finding, Fix
from awesomelint.rules.base import Context, Rule


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
    entry_forms = ("row",)
    code = "AL301"
    severity = "error"
    summary = "The same entry is listed twice in one table."
    what = (
        "Gives every row an identity: the first link of its paper column (or title or link column) that is "
        "not a badge or a code repository, normalised (arXiv abs/pdf/versions, huggingface.co/papers, "
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
        "not changed: a warning naming the line of the entry. `duplicates.scope` widens the check from one "
        "table to a section or the whole file."
    )
    why = (
        "A paper listed twice in one table is noise at best; when the two rows carry different titles, one "
        "of the two links is probably wrong."
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
        for tinfo in ctx.info.tables:
            table = tinfo.table
            group: object = {"table": table.index, "section": tuple(table.section), "file": None}[scope]
            first_seen = seen.setdefault(group, {})
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


RULES: list[type[Rule]] = [DuplicateEntry]
