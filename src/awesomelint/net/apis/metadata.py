"""What the GitHub and arXiv APIs say about a repository or a paper: the facts the rules and ``export`` use,
cached as they are (like :class:`~awesomelint.net.classify.Outcome`).

Every text that comes from a server is made printable here, once (:func:`printable`), so no rule has to
think about a title with terminal escapes in it."""

from __future__ import annotations

import unicodedata
from dataclasses import asdict, dataclass
from typing import Any

from awesomelint._regex import lazy_compile

#: a GitHub owner (user or organisation) and a repository name, as GitHub allows them
GITHUB_OWNER = lazy_compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})")
GITHUB_NAME = lazy_compile(r"[A-Za-z0-9._-]{1,100}")
_NAME_WITH_OWNER = lazy_compile(r"[A-Za-z0-9][A-Za-z0-9-]{0,38}/[A-Za-z0-9._-]{1,100}")


def printable(text: str, limit: int = 500) -> str:
    """``text`` with its whitespace runs made single spaces and every other control or format character
    (terminal escapes, bidi overrides, zero-width marks) dropped; at most ``limit`` characters."""
    out: list[str] = []
    space = False
    for ch in text:
        if ch.isspace():
            space = bool(out)
            continue
        if unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn"):
            continue
        if space:
            out.append(" ")
            space = False
        out.append(ch)
        if len(out) >= limit:
            break
    return "".join(out)


def is_repo_key(key: str) -> bool:
    """``owner/name`` as GitHub spells them: the only keys sent to the API."""
    owner, _, name = key.partition("/")
    return bool(GITHUB_OWNER.fullmatch(owner) and GITHUB_NAME.fullmatch(name)) and name not in (".", "..")


@dataclass
class Repository:
    """A GitHub repository as the GraphQL API describes it (``found`` False: NOT_FOUND)."""

    key: str  # owner/name as looked up, lower-cased
    found: bool
    name_with_owner: str = ""
    url: str = ""
    archived: bool = False
    archived_at: str | None = None
    disabled: bool = False
    fork: bool = False
    private: bool = False
    mirror: bool = False
    stars: int | None = None
    pushed_at: str | None = None
    #: the repository's description ('' when it has none); None when the answer did not say (an answer
    #: cached before it was asked)
    description: str | None = None
    #: the names of its topics; None when the answer did not say
    topics: list[str] | None = None

    @property
    def renamed(self) -> bool:
        """Renamed or transferred: the current name differs from the one looked up (case aside)."""
        return self.found and bool(self.name_with_owner) and self.name_with_owner.lower() != self.key

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Repository:
        return cls(**{k: v for k, v in data.items() if k in cls.__dataclass_fields__})

    @classmethod
    def from_graphql(cls, key: str, node: dict[str, Any]) -> Repository | None:
        """The repository of one alias of a GraphQL answer; None when the answer is not one (the caller
        then checks the links page by page)."""
        name = node.get("nameWithOwner")
        if not isinstance(name, str) or not _NAME_WITH_OWNER.fullmatch(name):
            return None
        stars = node.get("stargazerCount")
        return cls(
            key=key,
            found=True,
            name_with_owner=name,
            url=f"https://github.com/{name}",
            archived=node.get("isArchived") is True,
            archived_at=_text_or_none(node.get("archivedAt")),
            disabled=node.get("isDisabled") is True,
            fork=node.get("isFork") is True,
            private=node.get("isPrivate") is True,
            mirror=node.get("isMirror") is True,
            stars=stars if isinstance(stars, int) and not isinstance(stars, bool) else None,
            pushed_at=_text_or_none(node.get("pushedAt")),
            description=_description(node),
            topics=_topics(node.get("repositoryTopics")),
        )


@dataclass
class Paper:
    """An arXiv paper as the export API describes it (``found`` False: the API does not know the id;
    ``malformed`` too: arXiv's API answered that it cannot read the id, HTTP 400 with an error feed)."""

    id: str  # as looked up, without version: 2401.04658, hep-th/9901001
    found: bool
    title: str = ""
    published: str | None = None  # the first version's date, YYYY-MM-DD
    updated: str | None = None
    versions: int | None = None  # the latest version's number
    withdrawn: bool = False
    comment: str = ""
    malformed: bool = False

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Paper:
        return cls(**{k: v for k, v in data.items() if k in cls.__dataclass_fields__})


def _description(node: dict[str, Any]) -> str | None:
    """A repository's description, printable ('' for none: GraphQL's null); None when not asked."""
    if "description" not in node:
        return None
    value = node["description"]
    return printable(value, 350) if isinstance(value, str) else ""


def _topics(value: object) -> list[str] | None:
    """The topic names of ``repositoryTopics { nodes { topic { name } } }``, printable; None if absent."""
    if not isinstance(value, dict) or not isinstance(value.get("nodes"), list):
        return None
    names = []
    for node in value["nodes"]:
        topic = node.get("topic") if isinstance(node, dict) else None
        name = topic.get("name") if isinstance(topic, dict) else None
        if isinstance(name, str):
            names.append(printable(name, 50))
    return names


def _text_or_none(value: object) -> str | None:
    return printable(value, 40) if isinstance(value, str) and value else None
