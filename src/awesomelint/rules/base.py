"""What a rule is. A rule is a class with a stable kebab-case ``name``, a short ``code``, a default
``severity``, documentation, and a ``check`` that yields findings through :meth:`Context.report`.

Rule names and codes are part of the interface: never rename or reuse one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from functools import cached_property

from awesomelint._record import field, record
from awesomelint._suggest import did_you_mean
from awesomelint.document.analysis import DocInfo, analyse
from awesomelint.document.model import Document, Link
from awesomelint.findings import Finding, report

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at start-up
if TYPE_CHECKING:
    from typing import Any, ClassVar, Unpack

    from awesomelint.config import Config
    from awesomelint.findings import Details, Severity
    from awesomelint.net.interface import LinkChecker


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
    #: the rule asks ``ctx.links`` about URLs when the run is online (an online rule, or an offline rule
    #: with a live part such as ``badge-url``)
    checks_links: ClassVar[bool] = False
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
    online: bool = False
    #: the network, for the online rules (``dead-link``, the live part of ``badge-url``); the engine
    #: provides one when an online check runs
    links: LinkChecker | None = None
    rule: type[Rule] | None = None
    #: when set (``--diff-base``), only these 1-based lines were added or changed: online rules check only
    #: the URLs that stand on them, and the engine drops findings that the change did not reach (see
    #: ``engine.reached_by``; a rule widens a finding's reach with ``related_lines`` and ``span``)
    changed_lines: set[int] | None = None
    #: names of the rules running on this document (an online rule fetches only what the others need)
    selected: frozenset[str] = frozenset()
    #: per-document results that several rules share (such as the outcomes of the link checks)
    memo: dict[str, Any] = field(default_factory=dict)

    @cached_property
    def info(self) -> DocInfo:
        return analyse(self.doc, self.config.hints(), self.today)

    @cached_property
    def all_links(self) -> list[Link]:
        """``doc.iter_links()``, gathered and sorted once for the rules that walk every link (read only)."""
        return self.doc.iter_links()

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
        return did_you_mean(pattern, [*self.by_name, *(r.code for r in self.rules)])

    def resolve(self, select: list[str], ignore: list[str]) -> list[type[Rule]]:
        chosen: set[str] = set()
        for pattern in select:
            chosen.update(r.name for r in self.select(pattern))
        for pattern in ignore:
            chosen.difference_update(r.name for r in self.select(pattern))
        return [r for r in self.rules if r.name in chosen]
