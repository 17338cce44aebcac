"""Parse once, run the selected rules, apply suppressions and severity overrides, sort the findings."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from awesomelint._record import field, record
from awesomelint.config import ConfigError, default_config, kebab
from awesomelint.document.model import Document
from awesomelint.document.parse import SourceError, decode_source, parse_document, rows_by_text
from awesomelint.findings import Finding, report
from awesomelint.rules import Context, Registry, Rule, registry

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at start-up
if TYPE_CHECKING:
    from awesomelint.config import Config
    from awesomelint.git import LineChanges
    from awesomelint.net.interface import LinkChecker


@record
class FileResult:
    path: str
    findings: list[Finding] = field(default_factory=list)
    error: str | None = None  # the file could not be read or parsed
    document: Document | None = None
    source: bytes | None = None
    fixed: int | None = None  # with --fix/--diff: findings fixed (the findings above are what remains)
    changed: bool = False  # with --fix/--diff: the fixes change the file
    #: with --diff-base: the changes of this file since the base, and how many findings they did not reach
    changes: LineChanges | None = None
    hidden: int = 0


def check_rule_names(config: Config, reg: Registry) -> None:
    """A configuration that names a rule that does not exist is an error (:class:`ConfigError`, naming the
    file and the key); the configuration itself is validated without knowing the rules."""
    for key in ("select", "ignore", "extend_select"):
        for item in getattr(config, key):
            if not reg.matches_any(item):
                raise ConfigError(f"no rule matches {item!r}{reg.suggest(item)}", config.source, kebab(key))
    for glob, rules in config.per_file_ignores.items():
        for item in rules:
            if not reg.matches_any(item):
                raise ConfigError(
                    f"no rule matches {item!r}{reg.suggest(item)}", config.source, f"per-file-ignores.{glob}"
                )
    for rule in config.severity:
        if reg.get(rule) is None:
            raise ConfigError(f"no rule named {rule!r}{reg.suggest(rule)}", config.source, f"severity.{rule}")


def selected_rules(
    config: Config,
    select: list[str] | None = None,
    ignore: list[str] | None = None,
    online: bool = False,
    path: str | None = None,
) -> list[type[Rule]]:
    """The rules to run on a file: selected, not ignored (by the flags, the configuration or its
    ``per-file-ignores`` for ``path``), not turned off, and online only in an online run."""
    reg = registry()
    check_rule_names(config, reg)
    chosen = reg.resolve(
        [*(select or config.select), *config.extend_select],
        [*config.ignore, *(ignore or []), *config.ignored_for(path)],
    )
    out = []
    for rule in chosen:
        if config.severity.get(rule.name) == "off" or config.severity.get(rule.code) == "off":
            continue
        if rule.online and not online:
            continue
        out.append(rule)
    return out


def lint_document(
    doc: Document,
    config: Config,
    rules: Iterable[type[Rule]],
    today: dt.date | None = None,
    online: bool = False,
    links: LinkChecker | None = None,
    changed_lines: set[int] | None = None,
    selected: Iterable[type[Rule]] | None = None,
) -> list[Finding]:
    """The findings of the rules on a parsed document, suppressions and severity overrides applied, in
    order. An online run without ``links`` checks through a link service of its own, closed at the end.
    ``selected``: every rule of the run, when ``rules`` are only some of them (``--fix``)."""
    rules = list(rules)
    own = None
    run = frozenset(r.name for r in (rules if selected is None else selected))
    ctx = Context(doc=doc, config=config, today=today or dt.date.today(), selected=run)
    if online and any(r.checks_links for r in rules):
        # lazy: only an online run opens a link service and asks about links (start-up)
        from awesomelint.engine.link_facts import DocumentLinkFacts
        from awesomelint.engine.links import open_link_service

        if links is None:
            own = links = open_link_service(config.links)

        every_link = any(r.checks_every_link for r in rules)
        ctx.link_facts = DocumentLinkFacts(doc, config.links, links, changed_lines, every_link)
    findings: list[Finding] = []
    try:
        for rule in rules:
            ctx.rule = rule
            findings.extend(rule().check(ctx))
    finally:
        if own is not None:
            own.close()
    ctx.rule = None
    findings = _apply_directives(doc, findings, [r.name for r in rules])
    overrides = config.severity
    if overrides:
        for f in findings:
            level = overrides.get(f.rule) or overrides.get(f.code)
            if level in ("error", "warning"):
                f.severity = level
    findings.sort(key=Finding.sort_key)
    return findings


def _apply_directives(doc: Document, findings: list[Finding], ran: list[str]) -> list[Finding]:
    """The findings that no suppression comment silences (a fix that would touch a silenced one is
    withdrawn), and those of the comments themselves when their rules ran: a word naming no rule
    (``invalid-suppression``) and a suppression that silenced nothing (``unused-suppression``)."""
    if not doc.directives:
        return findings
    # lazy: a list without suppression comments never loads their reading (start-up)
    from awesomelint.engine.suppressions import Suppressions, drop_fixes_over_suppressed

    reg = registry()

    def expand(token: str) -> frozenset[str] | None:
        names = frozenset(r.name for r in reg.select(token))
        return names or None

    sup = Suppressions(doc.directives, expand)
    kept = [f for f in findings if not sup.suppressed(f)]
    if len(kept) != len(findings):
        drop_fixes_over_suppressed(kept, [f for f in findings if sup.suppressed(f)])
    invalid, unused = reg.get("invalid-suppression"), reg.get("unused-suppression")
    if invalid is not None and invalid.name in ran:
        for d, token in sup.invalid:
            message = f"no rule matches {token!r}{reg.suggest(token)}; the comment suppresses nothing by it"
            kept.append(
                report(invalid, doc.path, doc.lines, d.line, d.column, message, end_column=d.end_column)
            )
    if unused is not None and unused.name in ran:
        every = frozenset(r.name for r in reg.rules if not getattr(r, "reported_by_engine", False))
        for e in sup.unused(ran, every):
            what = f"{e.token!r} " if e.token is not None else ""
            message = f"unused suppression: {what}silences no finding ({e.directive.action})"
            d = e.directive
            kept.append(
                report(unused, doc.path, doc.lines, d.line, d.column, message, end_column=d.end_column)
            )
    return kept


def lint_bytes(
    data: bytes,
    path: str,
    config: Config | None = None,
    rules: Iterable[type[Rule]] | None = None,
    today: dt.date | None = None,
    online: bool = False,
    changes: LineChanges | None = None,
    links: LinkChecker | None = None,
    previous: Document | None = None,
    selected: Iterable[type[Rule]] | None = None,
) -> FileResult:
    """Lint one file's bytes. With ``changes`` (``--diff-base``), online rules see only the changed lines
    and only the findings the change reached are kept; the others are counted in ``hidden``. ``previous``,
    the document of an earlier version of the bytes (the last pass of ``--fix``), spares the parse the
    rows they share."""
    config = config or default_config()
    try:
        source = decode_source(data)
    except SourceError as exc:
        return FileResult(path=path, error=exc.message, source=data, changes=changes)
    doc = parse_document(source.text, path, source, rows_by_text(previous) if previous else None)
    del source  # the document holds the lines; the decoded text is not needed any more
    chosen = list(rules) if rules is not None else selected_rules(config, online=online)
    changed_lines: set[int] | None = None
    if changes is not None:
        if changes.whole_file:
            changed_lines = set(range(1, doc.line_count + 1))
        else:
            changed_lines = {n for n in changes.lines if n <= doc.line_count}
    findings = lint_document(
        doc,
        config,
        chosen,
        today=today,
        online=online,
        changed_lines=changed_lines,
        links=links,
        selected=selected,
    )
    hidden = 0
    if changes is not None and not changes.whole_file:

        def lint_base(old: bytes) -> tuple[Document, list[Finding]] | None:
            try:
                old_source = decode_source(old)
            except SourceError:
                return None
            old_doc = parse_document(old_source.text, path, old_source, rows_by_text(doc))
            offline = [r for r in chosen if not r.online]
            return old_doc, lint_document(old_doc, config, offline, today=today, selected=selected)

        from awesomelint.engine.changes import filter_changed  # lazy: only --diff-base (start-up)

        kept = filter_changed(findings, doc, changes, lint_base)
        hidden = len(findings) - len(kept)
        findings = kept
    return FileResult(path=path, findings=findings, document=doc, source=data, changes=changes, hidden=hidden)


def lint_text(
    text: str, path: str = "<text>", config: Config | None = None, today: dt.date | None = None
) -> list[Finding]:
    """Lint Markdown text with the offline rules; the public convenience API."""
    result = lint_bytes(text.encode("utf-8"), path, config, today=today)
    if result.error:
        raise SourceError(result.error)
    return result.findings
