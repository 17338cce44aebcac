"""What ``awesomelint export`` prints: its records as pydantic models, the one definition of the JSON and of
the JSON Schema ``export --schema`` prints."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from awesomelint._version import __version__

LinkRole = Literal["paper", "code", "other"]
EntryKind = Literal["row", "item", "html-row", "paragraph"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class EntryLink(_Model):
    url: str = Field(description="The destination as written.")
    text: str = Field(description="The link text as plain text ('' for an HTML link).")
    kind: LinkRole = Field(
        description="paper: a publication (in the paper column, or an arXiv/DOI/OpenReview/ACL/PDF link); "
        "code: a code repository (GitHub, GitLab, ...); other: anything else."
    )
    column: str = Field(description="Header of the column holding the link ('' outside a table).")
    repository: RepositoryMeta | None = Field(
        default=None, description="The GitHub repository of the link, where GitHub's API answered (--online)."
    )
    paper: PaperMeta | None = Field(
        default=None, description="The arXiv paper of the link, where arXiv's API answered (--online)."
    )


class RepositoryMeta(_Model):
    """What GitHub's API says of a repository (``export --online`` with a token)."""

    name_with_owner: str = Field(description="The repository's current owner/name (after a rename).")
    archived: bool
    stars: int | None = None
    fork: bool = False
    pushed_at: str | None = Field(default=None, description="The last push, ISO 8601.")


class PaperMeta(_Model):
    """What arXiv's API says of a paper (``export --online``)."""

    id: str = Field(description="The arXiv identifier, without version.")
    title: str
    published: str | None = Field(default=None, description="The first version's date, YYYY-MM-DD.")
    versions: int | None = Field(default=None, description="The latest version's number.")
    withdrawn: bool = False


class EntryBadge(_Model):
    url: str = Field(description="The badge image URL (shields.io, badgen.net, ...).")
    alt: str = Field(description="The image's alt text.")
    link: str | None = Field(
        default=None, description="The URL the badge links to, when it is wrapped in a link."
    )
    column: str = Field(description="Header of the column holding the badge ('' outside a table).")


class EntryCell(_Model):
    header: str = Field(description="The column's header, raw Markdown.")
    text: str = Field(description="The cell's raw Markdown (an HTML cell's text).")


class Entry(_Model):
    """One entry of the list: a table row, a list item, an HTML table row or a paragraph entry."""

    path: str = Field(description="The file the entry was read from.")
    kind: EntryKind = Field(
        default="row",
        description="row: a Markdown table row; item: a list item (its nested items are entries of their "
        "own); html-row: a row of an HTML <table>; paragraph: a paragraph entry (a bold title and lines "
        "joined by hard breaks).",
    )
    group: int = Field(
        default=0,
        description="Position of the entry's group in the file, from 1: its table, its list (a nested list is "
        "a group of its own), its HTML table, its section's run of paragraph entries.",
    )
    table: int | None = Field(
        description="Position of the entry's Markdown table among the file's tables, from 1; null for the "
        "other kinds."
    )
    section: list[str] = Field(
        description="Titles of the enclosing headings, outermost first, as plain text."
    )
    line: int = Field(description="First line of the entry in the file, from 1.")
    end_line: int = Field(
        default=0,
        description="Last line of the entry: a list item's nested items and continuation lines included.",
    )
    parent_line: int | None = Field(
        default=None, description="First line of the list item this entry is nested in; null at the top."
    )
    date: str | None = Field(
        default=None,
        description="The entry's date in ISO 8601 at the precision of the list's format (2024, 2024-05, "
        "2024-05-17); null when the entry's table or list is not dated, the entry has no date, or the value "
        "is not a date or is ambiguous (05/06/2024).",
    )
    date_text: str | None = Field(default=None, description="The date as written in the entry.")
    title: str = Field(
        description="The entry's title as plain text (a table's title column, else its link column; a list "
        "entry's bold title or name link)."
    )
    url: str | None = Field(
        default=None,
        description="The entry's primary link: the link that says what the entry is (its title's or name's "
        "link, its identity column's, else its first link on the web).",
    )
    description: str = Field(
        default="", description="The entry's description as plain text ('' when it has none)."
    )
    links: list[EntryLink] = Field(default_factory=list)
    badges: list[EntryBadge] = Field(default_factory=list)
    cells: list[EntryCell] = Field(
        default_factory=list,
        description="Every cell of a table row (Markdown or HTML) with its header; empty for the other kinds.",
    )
    text: str = Field(
        default="",
        description="The entry's own Markdown: a row's line, a list item's lines after its marker (its "
        "nested items left out), an HTML row's cell texts joined by ' | ', a paragraph entry's lines.",
    )


class ExportDocument(_Model):
    """What ``awesomelint export --format json`` prints."""

    tool: Literal["awesomelint"] = "awesomelint"
    version: str = __version__
    entries: list[Entry]
