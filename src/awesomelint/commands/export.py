"""The README as data: every entry of the list as an :class:`Entry` record, built from the same parse model,
analysis and entry model the rules use (:mod:`awesomelint.document.entries`): table rows (their date column
and format, title and paper columns, link identities, as they have always been exported), list items, HTML
table rows and paragraph entries (their title, primary link, date, paper and code links, badges and
description, from their group's scheme). What the entry model does not count as an entry (a table of
contents, navigation, badge rows, the introduction, sections about the list itself) is not exported.

``awesomelint export README.md --format json|jsonl|csv``; ``--schema`` prints the JSON Schema.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

import pydantic_core

from awesomelint._record import field, record
from awesomelint.commands import UsageError
from awesomelint.commands.export_records import (
    Entry,
    EntryBadge,
    EntryCell,
    EntryLink,
    ExportDocument,
    LinkRole,
    PaperMeta,
    RepositoryMeta,
)
from awesomelint.commands.files import (
    DEFAULT_MAX_SIZE_MB,
    EXCLUDE_PATH_FLAGS,
    Configs,
    PathExclusion,
    collect,
    config_error,
    excluded,
    open_output,
    parse_or_usage_error,
    read_one,
)
from awesomelint.config import Config, ConfigError
from awesomelint.document.analysis import DocInfo, TableInfo, analyse
from awesomelint.document.dates import DateValue, read_or_none, reinterpret
from awesomelint.document.entries import Entry as ListEntry
from awesomelint.document.entries import document_entries
from awesomelint.document.entry_roles import link_role
from awesomelint.document.model import Cell, Document, Link, Row
from awesomelint.document.plain import plain_text
from awesomelint.document.rows import is_badge_link
from awesomelint.document.urls import (
    arxiv_id,
    github_repo_key,
    is_code_repo,
    is_http,
    is_paper_key,
    paper_key,
)
from awesomelint.engine.links import open_link_service
from awesomelint.report.text import printable

EXPORT_FORMATS = ("json", "jsonl", "csv")


# --- entries -------------------------------------------------------------------------------------------


def iso_date(value: DateValue) -> str:
    if not value.month:
        return f"{value.year:04d}"
    if not value.day:
        return f"{value.year:04d}-{value.month:02d}"
    return f"{value.year:04d}-{value.month:02d}-{value.day:02d}"


def _link_role(url: str, in_paper_column: bool) -> LinkRole:
    if is_code_repo(url):
        return "code"
    if in_paper_column or (is_http(url) and is_paper_key(paper_key(url))):
        return "paper"
    return "other"


def _title(tinfo: TableInfo, row: Row) -> str:
    title = plain_text(tinfo.title(row))
    if title:
        return title
    for cell in row.cells:  # no title or link column: the first cell with words in it
        if cell.index != tinfo.date_col:
            text = plain_text(cell.text)
            if text:
                return text
    return ""


def entry(path: str, info: DocInfo, tinfo: TableInfo, row: Row) -> Entry:
    table = tinfo.table
    headers = table.header_names

    def header(cell: Cell) -> str:
        return headers[cell.index] if cell.index < len(headers) else ""

    date = date_text = None
    found = tinfo.date_text(row)
    if found is not None:
        date_text = found[0]
        value = info.read_date(date_text, tinfo)
        fmt = tinfo.date_format or info.date_format
        if value is None and fmt is not None:
            value = reinterpret(date_text, fmt, info.today)  # '2023-09' in a YYYY.MM list, never a guess
        date = iso_date(value) if value is not None else None
    links: list[EntryLink] = []
    badges: list[EntryBadge] = []
    for cell in row.cells:
        for link in cell.links:
            if link.is_image:
                if is_badge_link(link):
                    badges.append(
                        EntryBadge(
                            url=link.url,
                            alt="" if link.kind == "html" else plain_text(link.text),
                            link=link.wrapper,
                            column=header(cell),
                        )
                    )
                continue
            text = "" if link.kind == "html" else plain_text(link.text)
            role = _link_role(link.url, cell.index in tinfo.paper_cols)
            links.append(EntryLink(url=link.url, text=text, kind=role, column=header(cell)))
    return Entry(
        path=path,
        table=table.index + 1,
        section=[plain_text(title) for title in table.section],
        line=row.line,
        date=date,
        date_text=date_text,
        title=_title(tinfo, row),
        links=links,
        badges=badges,
        cells=[EntryCell(header=header(cell), text=cell.text) for cell in row.cells],
    )


def entries(doc: Document, info: DocInfo) -> Iterator[Entry]:
    """Every entry of the list (:attr:`awesomelint.document.entries.Entries.entries`), in document order."""
    found = document_entries(doc, info)
    group_of = {id(group): k for k, group in enumerate(found.groups, 1)}
    for item in found.entries:
        group = item.group
        if item.row is not None and group.table_info is not None:
            record = entry(doc.path, info, group.table_info, item.row)
        else:
            record = _list_entry(doc.path, info, item)
        record.kind = item.kind
        record.group = group_of[id(group)]
        record.end_line = item.end_line
        record.parent_line = item.parent.line if item.parent is not None else None
        roles = item.roles
        record.url = roles.primary.url if roles.primary is not None else None
        record.description = plain_text(roles.description)
        record.text = item.text
        yield record


def _list_entry(path: str, info: DocInfo, item: ListEntry) -> Entry:
    """A list item, HTML table row or paragraph entry: its parts as its group's scheme reads them."""
    roles = item.roles
    date = None
    fmt = item.group.scheme.date_format
    if roles.date is not None and fmt is not None:
        value = read_or_none(roles.date, fmt, info.today)
        date = iso_date(value) if value is not None else None
    html = item.group.html_table
    headers = html.header_names if html is not None else []
    links: list[EntryLink] = []
    badges: list[EntryBadge] = []
    cells: list[EntryCell] = []
    if item.html_row is not None:
        for i, cell in enumerate(item.html_row.cells):
            name = headers[i] if i < len(headers) else ""
            cells.append(EntryCell(header=name, text=cell.text))
            _add_links(cell.links, name, links, badges)
    else:
        _add_links(item.links, "", links, badges)
    return Entry(
        path=path,
        table=None,
        section=[plain_text(title) for title in item.section],
        line=item.line,
        date=date,
        date_text=roles.date,
        title=plain_text(roles.title),
        links=links,
        badges=badges,
        cells=cells,
    )


def _add_links(found: list[Link], column: str, links: list[EntryLink], badges: list[EntryBadge]) -> None:
    """The links of a list entry (or of an HTML cell) by what their text or address says (a badge's target
    by its address, as in a table)."""
    for link in found:
        if link.is_image:
            if is_badge_link(link):
                alt = "" if link.kind == "html" else plain_text(link.text)
                badges.append(EntryBadge(url=link.url, alt=alt, link=link.wrapper, column=column))
            continue
        role = link_role(link)  # what its text says ([code], [pdf]), else its address
        kind: LinkRole = (
            "paper" if role == "paper" else "code" if role == "code" else _link_role(link.url, False)
        )
        text = "" if link.kind == "html" else plain_text(link.text)
        links.append(EntryLink(url=link.url, text=text, kind=kind, column=column))


# --- output --------------------------------------------------------------------------------------------

CSV_FIELDS = (
    "path",
    "table",
    "section",
    "line",
    "date",
    "date_text",
    "title",
    "paper",
    "code",
    "other",
    "badges",
    "paper_title",
    "paper_published",
    "repository",
    "archived",
    "stars",
    # added with the entry model, after the columns a reader by position knew
    "kind",
    "group",
    "end_line",
    "url",
    "description",
)


def _write_utf8(data: bytes, out: TextIO) -> None:
    """JSON as pydantic serialises it, UTF-8 bytes, to ``out``: straight to its byte buffer where that
    writes the same bytes (a UTF-8 stream that does not translate newlines), without decoding 50 MB of
    JSON into a str and encoding it back; decoded otherwise."""
    buffer = getattr(out, "buffer", None)
    encoding = (getattr(out, "encoding", None) or "").lower().replace("-", "").replace("_", "")
    if buffer is None or encoding != "utf8" or os.linesep != "\n":
        out.write(data.decode("utf-8"))
        return
    out.flush()
    buffer.write(data)


def write(items: list[Entry], fmt: str, out: TextIO) -> None:
    if fmt == "json":
        _write_utf8(pydantic_core.to_json(ExportDocument(entries=items), indent=2) + b"\n", out)
    elif fmt == "jsonl":
        _write_utf8(b"".join(pydantic_core.to_json(item) + b"\n" for item in items), out)
    elif fmt == "csv":
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(CSV_FIELDS)
        for e in items:
            by_kind = {
                kind: " ".join(link.url for link in e.links if link.kind == kind)
                for kind in ("paper", "code", "other")
            }
            writer.writerow(
                [
                    e.path,
                    "" if e.table is None else e.table,
                    " > ".join(e.section),
                    e.line,
                    e.date or "",
                    e.date_text or "",
                    e.title,
                    by_kind["paper"],
                    by_kind["code"],
                    by_kind["other"],
                    " ".join(b.url for b in e.badges),
                    *_meta_cells(e),
                    e.kind,
                    e.group,
                    e.end_line,
                    e.url or "",
                    e.description,
                ]
            )
    else:  # pragma: no cover - argparse restricts the choices
        raise ValueError(f"unknown export format {fmt!r}")


def _meta_cells(e: Entry) -> list[str]:
    """The paper's title and date, the repository's name, archived flag and stars (of the first link that
    has them; empty without --online)."""
    paper = next((link.paper for link in e.links if link.paper is not None), None)
    repo = next((link.repository for link in e.links if link.repository is not None), None)
    return [
        paper.title if paper else "",
        (paper.published or "") if paper else "",
        repo.name_with_owner if repo else "",
        ("true" if repo.archived else "false") if repo else "",
        str(repo.stars) if repo and repo.stars is not None else "",
    ]


def schema(fmt: str) -> dict[str, Any]:
    """The JSON Schema of what ``--format fmt`` prints: the document for json, one line for jsonl."""
    model = ExportDocument if fmt == "json" else Entry
    return model.model_json_schema()


# --- the command ---------------------------------------------------------------------------------------


@record
class ExportOptions:
    paths: list[str] = field(default_factory=list)  # none: ./README.md; '-' is stdin
    format: str = "json"
    schema: bool = False  # print the JSON Schema of the output instead
    config: Path | None = None
    isolated: bool = False
    today: dt.date | None = None
    stdin_filename: str = "<stdin>"
    max_size: float = DEFAULT_MAX_SIZE_MB
    online: bool = False  # add what the GitHub and arXiv APIs say of the links
    allow_private_host: list[str] = field(default_factory=list)
    no_cache: bool = False
    output_file: Path | None = None  # write there instead of ``out``
    #: gitignore-style globs of files left out (``--exclude-path``, ``--extend-exclude``), as a check has
    exclude_path: list[str] = field(default_factory=list)


def export(opts: ExportOptions, out: TextIO, err: TextIO | None = None) -> None:
    """Every entry of the lists (files, or the Markdown files under folders) to ``out`` or to
    ``opts.output_file``."""
    if opts.output_file is None:
        _export(opts, out, err)
        return
    text = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", newline="\n")
    _export(opts, text, err)  # nothing is written when a list cannot be read
    text.flush()
    with open_output(opts.output_file) as file:
        _write_utf8(text.buffer.getvalue(), file)


def _export(opts: ExportOptions, out: TextIO, err: TextIO | None) -> None:
    """Every entry of the lists as data (or the schema of that data); :class:`UsageError` for a list that
    cannot be read or a bad configuration."""
    if opts.schema:
        if opts.format == "csv":
            raise UsageError("awesomelint export: --schema describes the json and jsonl formats, not csv")
        json.dump(schema(opts.format), out, indent=2, ensure_ascii=False)
        out.write("\n")
        return
    today = opts.today or dt.date.today()
    configs = Configs(opts.config, opts.isolated)
    items: list[Entry] = []
    names = collect(opts.paths or ["README.md"])
    if not names:
        raise UsageError(f"awesomelint export: no Markdown files under {' '.join(opts.paths)}")
    notices: list[str] = []
    paths = PathExclusion(opts.exclude_path)
    kept = [name for name in names if not excluded(name, configs, paths)]  # as a check leaves them out
    if not kept:
        by = f" or {EXCLUDE_PATH_FLAGS}" if opts.exclude_path else ""
        notices.append(f"every file given is excluded by the configuration (`exclude`){by}")
    for name in kept:
        display = opts.stdin_filename if name == "-" else name
        doc = parse_or_usage_error(read_one(name, opts.max_size), display)
        config = configs.of(name)
        notices.extend(n for n in config.notices if n not in notices)
        items.extend(entries(doc, analyse(doc, config.hints(), today)))
    if err is not None:
        for notice in notices:
            err.write(f"awesomelint: {printable(notice)}\n")
    if opts.online and kept:
        _add_metadata(items, configs.of(kept[0]), opts, err)
    write(items, opts.format, out)


def _add_metadata(items: list[Entry], config: Config, opts: ExportOptions, err: TextIO | None) -> None:
    """What the APIs say of every entry's arXiv papers and GitHub repositories, on the entry's links."""
    links = [link for e in items for link in e.links]
    try:
        service = open_link_service(
            config.links, use_cache=False if opts.no_cache else None, allow_private=opts.allow_private_host
        )
    except ConfigError as exc:  # an API address of the environment that is none
        raise config_error(exc) from None
    except ValueError as exc:  # an address of --allow-private-host that is none
        raise UsageError(f"awesomelint export: --allow-private-host: {exc}") from None
    try:
        repos = service.repositories(k for link in links if (k := github_repo_key(link.url))) or {}
        papers = service.papers(a for link in links if (a := arxiv_id(link.url))) or {}
    finally:
        service.close()
    for link in links:
        repo = repos.get(github_repo_key(link.url) or "")
        if repo is not None and repo.found:
            link.repository = RepositoryMeta(
                name_with_owner=repo.name_with_owner,
                archived=repo.archived,
                stars=repo.stars,
                fork=repo.fork,
                pushed_at=repo.pushed_at,
            )
        paper = papers.get(arxiv_id(link.url) or "")
        if paper is not None and paper.found:
            link.paper = PaperMeta(
                id=paper.id,
                title=paper.title,
                published=paper.published,
                versions=paper.versions,
                withdrawn=paper.withdrawn,
            )
    if err is not None:
        for notice in service.notices:
            err.write(f"awesomelint: {notice}\n")
