"""What a rule is. A rule is a class with a stable kebab-case ``name``, a short ``code``, a default
``severity``, documentation, and a ``check`` that yields findings through :meth:`Context.report`.

Rule names and codes are part of the interface: never rename or reuse one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from functools import cached_property

from awesomelint._record import record
from awesomelint.document.analysis import DocInfo, analyse
from awesomelint.document.model import Document, Link
from awesomelint.findings import Finding, report

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at start-up
if TYPE_CHECKING:
    from typing import ClassVar, Protocol, Unpack

    from awesomelint.config import Config
    from awesomelint.findings import Details, Severity
    from awesomelint.net.interface import Outcome, Paper, Repository

    class LinkFacts(Protocol):
        """What the network says of one document's links, as the engine gives it to the rules
        (``ctx.link_facts``): each part is asked once per document, when a rule first reads it."""

        @property
        def checked(self) -> list[Link]:
            """The http(s) links the online checks look at, in document order: not excluded by
            ``[links] exclude``, and on a changed line under ``--diff-base``."""
            ...

        @property
        def badges(self) -> list[Link]:
            """The checked links that are live badge images (shields.io, badgen)."""
            ...

        @property
        def repositories(self) -> dict[str, Repository]:
            """What GitHub's API says of the repositories the checked links and badges name, by lower-cased
            ``owner/name``; empty when the API is not used (no token, ``apis = false``, no network)."""
            ...

        @property
        def papers(self) -> dict[str, Paper]:
            """What arXiv's API says of the papers the checked links name (arXiv pages, mirrors and
            huggingface.co/papers alike), by identifier; empty when the API is not used."""
            ...

        @property
        def outcomes(self) -> dict[str, Outcome] | None:
            """The outcome of each fetched URL (keyed without its fragment); None without network. Only
            the badges are fetched when no rule that runs checks every link, and nothing the APIs'
            answers settled."""
            ...

        def outcome(self, link: Link) -> Outcome | None:
            """The outcome of a link's URL, if it was fetched."""
            ...

        def tally(self, link: Link, category: str) -> None:
            """Record the verdict a rule reached on a link's URL (for the run's summary line)."""
            ...


def expected_found(expected: object, found: object) -> str:
    """The one wording every rule uses for a mismatch."""
    return f"expected {expected}; found {found}"


class Rule:
    name: ClassVar[str]
    code: ClassVar[str]
    severity: ClassVar[Severity]
    summary: ClassVar[str]
    what: ClassVar[str]
    why: ClassVar[str]
    example: ClassVar[str]
    fixed: ClassVar[str]
    online: ClassVar[bool] = False
    fixable: ClassVar[bool] = False
    #: the rule reads ``ctx.link_facts`` when the run is online (an online rule, or an offline rule with a live
    #: part such as ``badge-url``)
    checks_links: ClassVar[bool] = False
    #: with ``checks_links``: the rule reads the outcome of every checked link, not only of the live
    #: badges (when no rule that runs does, only the badges are fetched)
    checks_every_link: ClassVar[bool] = False
    #: False: an opt-in rule, run only when selected by name, code or a prefix of 3+ characters, never
    #: by ``ALL`` (the default selection) or ``AL``
    default_enabled: ClassVar[bool] = True

    def check(self, ctx: Context) -> Iterator[Finding]:  # pragma: no cover - interface
        raise NotImplementedError
        yield

    @classmethod
    def facts(cls) -> str:
        return (
            f"Code {cls.code} · default severity {cls.severity} · "
            f"{'online (network)' if cls.online else 'offline'} · {'fixable' if cls.fixable else 'not fixable'}"
        )

    @classmethod
    def doc(cls) -> str:
        return (
            f"{cls.name} ({cls.code})\n\n{cls.summary}\n{cls.facts()}\n\n"
            f"What it does\n{cls.what}\n\nWhy is this bad?\n{cls.why}\n\n"
            f"Example\n{cls.example}\n\nUse instead\n{cls.fixed}\n"
        )

    @classmethod
    def doc_markdown(cls) -> str:
        """The documentation as Markdown (SARIF help, generated docs): the same parts as :meth:`doc`."""
        return (
            f"## {cls.name} ({cls.code})\n\n{cls.summary}\n\n{cls.facts()}\n\n"
            f"### What it does\n\n{cls.what}\n\n### Why is this bad?\n\n{cls.why}\n\n"
            f"### Example\n\n```markdown\n{cls.example}\n```\n\n"
            f"### Use instead\n\n```markdown\n{cls.fixed}\n```\n"
        )


@record
class Context:
    """What a rule sees: the document, the configuration, today's date and shared analyses."""

    doc: Document
    config: Config
    today: dt.date
    #: what the network says of the document's links, for the rules that check links (``dead-link``, the
    #: live part of ``badge-url``, ``arxiv-date``, ``paper-title``): given by the engine in an online run
    #: (``engine/link_facts.py``), None in an offline one
    link_facts: LinkFacts | None = None
    rule: type[Rule] | None = None

    @cached_property
    def info(self) -> DocInfo:
        return analyse(self.doc, self.config.hints(), self.today)

    @cached_property
    def all_links(self) -> list[Link]:
        """``doc.iter_links()``, gathered and sorted once for the rules that walk every link (read only)."""
        return self.doc.iter_links()

    @cached_property
    def text(self) -> str:
        """The document's lines joined by ``\\n``, for the rules that search the whole text at once."""
        return "\n".join(self.doc.lines)

    def report(self, line: int, column: int, message: str, **details: Unpack[Details]) -> Finding:
        """A finding of the running rule in this document (see :func:`awesomelint.findings.report`)."""
        rule = self.rule
        assert rule is not None, "report() outside a rule's check()"
        doc = self.doc
        return report(rule, doc.path, doc.lines, line, column, message, **details)


class Registry:
    def __init__(self, rules: list[type[Rule]]) -> None:
        self.rules = rules
        self.by_name = {r.name: r for r in rules}
        self.by_code = {r.code.upper(): r for r in rules}
        if len(self.by_name) != len(rules) or len(self.by_code) != len(rules):
            raise RuntimeError("duplicate rule name or code")

    def get(self, key: str) -> type[Rule] | None:
        return self.by_name.get(key) or self.by_code.get(key.upper())

    def select(self, pattern: str) -> list[type[Rule]]:
        """Rules matching a name, a code, a code prefix (``AL2``) or ``ALL``."""
        if pattern.upper() == "ALL":
            return [r for r in self.rules if r.default_enabled]
        rule = self.get(pattern)
        if rule is not None:
            return [rule]
        prefix = pattern.upper()
        if len(prefix) < 2:
            return []
        return [
            r
            for r in self.rules
            if r.code.upper().startswith(prefix) and (r.default_enabled or len(prefix) >= 3)
        ]

    def matches_any(self, pattern: str) -> bool:
        return bool(self.select(pattern))

    def suggest(self, pattern: str) -> str:
        """`` (did you mean 'date-format'?)`` for a pattern that matches no rule, or ''."""
        from awesomelint._suggest import did_you_mean  # lazy: only a mistake needs it (start-up)

        return did_you_mean(pattern, [*self.by_name, *(r.code for r in self.rules)])

    def resolve(self, select: list[str], ignore: list[str]) -> list[type[Rule]]:
        chosen: set[str] = set()
        for pattern in select:
            chosen.update(r.name for r in self.select(pattern))
        for pattern in ignore:
            chosen.difference_update(r.name for r in self.select(pattern))
        return [r for r in self.rules if r.name in chosen]
