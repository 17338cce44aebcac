"""Parse once, run the selected rules, apply suppressions and severity overrides, sort the findings."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from awesomelint.config import Config, default_config
from awesomelint.model import Directive, Document, Finding
from awesomelint.parse import SourceError, decode_source, parse_document
from awesomelint.rules import Context, Rule, registry

if TYPE_CHECKING:
    from awesomelint.diff import LineChanges


@dataclass
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


def selected_rules(
    config: Config, select: list[str] | None = None, ignore: list[str] | None = None, online: bool = False
) -> list[type[Rule]]:
    reg = registry()
    chosen = reg.resolve(
        [*(select or config.select), *config.extend_select], [*config.ignore, *(ignore or [])]
    )
    out = []
    for rule in chosen:
        if config.severity.get(rule.name) == "off" or config.severity.get(rule.code) == "off":
            continue
        if rule.online and not online:
            continue
        out.append(rule)
    return out


class _Suppressions:
    def __init__(self, directives: list[Directive], resolve: dict[str, str]) -> None:
        self.file_all = False
        self.file_rules: set[str] = set()
        self.lines: dict[int, set[str] | None] = {}  # line -> rules (None: all)
        self.ranges: list[tuple[int, int, str | None]] = []  # (start, end, rule or None)
        open_: dict[str | None, int] = {}
        for d in sorted(directives, key=lambda d: (d.line, d.column)):
            names: list[str | None] = [resolve.get(r, resolve.get(r.upper(), r)) for r in d.rules] or [None]
            if d.action == "disable-file":
                for n in names:
                    if n is None:
                        self.file_all = True
                    else:
                        self.file_rules.add(n)
            elif d.action in ("disable-next-line", "disable-line"):
                target = d.line + 1 if d.action == "disable-next-line" else d.line
                for n in names:
                    current = self.lines.get(target, set())
                    if n is None or current is None:
                        self.lines[target] = None
                    else:
                        current.add(n)
                        self.lines[target] = current
            elif d.action == "disable":
                for n in names:
                    open_.setdefault(n, d.line)
            elif d.action == "enable":
                for n in names:
                    if n is None:
                        for key, start in list(open_.items()):
                            self.ranges.append((start, d.line, key))
                        open_.clear()
                    elif n in open_:
                        self.ranges.append((open_.pop(n), d.line, n))
        for key, start in open_.items():
            self.ranges.append((start, 10**12, key))

    def suppressed(self, finding: Finding) -> bool:
        if self.file_all or finding.rule in self.file_rules:
            return True
        on_line = self.lines.get(finding.line, set())
        if on_line is None or finding.rule in on_line:
            return True
        return any(a <= finding.line <= b and (r is None or r == finding.rule) for a, b, r in self.ranges)


def _drop_fixes_over_suppressed(kept: list[Finding], suppressed: list[Finding]) -> None:
    """A fix never touches a finding its rule was told to leave alone: a table sort that would move a
    row whose date-order finding is suppressed is withdrawn (the findings stay, without a fix)."""
    lines: dict[str, set[int]] = {}
    for f in suppressed:
        lines.setdefault(f.rule, set()).add(f.line)
    for f in kept:
        fix = f.fix
        if fix is None or f.rule not in lines:
            continue
        if any(fix.line <= ln <= fix.end_line for ln in lines[f.rule]):
            f.fix = None
            f.fixable = False


def on_changed_lines(finding: Finding, changes: LineChanges) -> bool:
    """Whether a line of the finding (its line through its end line) was added or changed."""
    return changes.any_changed(finding.line, max(finding.end_line or finding.line, finding.line))


def reached_by(finding: Finding, changes: LineChanges) -> bool:
    """Whether a change reached a finding on unchanged lines: a line it names (``related_lines``: the first
    copy of a duplicate, the neighbours an out-of-order row is measured against, the header a row's cells
    are counted against) was added or changed, or, for a finding about a whole block (``span``: a table
    that does not render, a fence that swallows the rest of the file), a line of the block changed or lines
    were removed inside it or at its edges."""
    if any(changes.changed(line) for line in finding.related_lines):
        return True
    return finding.span is not None and changes.touches_block(*finding.span)


def _line_text(doc: Document, line: int) -> str:
    return doc.lines[line - 1].strip() if 0 < line <= len(doc.lines) else ""


def filter_changed(
    findings: list[Finding],
    doc: Document,
    changes: LineChanges,
    lint_base: Callable[[bytes], tuple[Document, list[Finding]] | None],
) -> list[Finding]:
    """The findings ``--diff-base`` reports: those on added or changed lines, and those on unchanged lines
    that the change caused, i.e. that the change reached (:func:`reached_by`) and that the file at the base
    revision did not have (same rule on a line of the same text)."""
    if changes.whole_file:
        return findings
    kept: list[Finding] = []
    candidates: list[Finding] = []
    for f in findings:
        if on_changed_lines(f, changes):
            kept.append(f)
        elif reached_by(f, changes):
            candidates.append(f)
    if candidates:
        old = changes.base() if changes.base is not None else None
        linted = lint_base(old) if old is not None else None
        before: Counter[tuple[str, str]] = Counter()
        if linted is not None:
            old_doc, old_findings = linted
            before.update((f.rule, _line_text(old_doc, f.line)) for f in old_findings)
        for f in candidates:
            key = (f.rule, _line_text(doc, f.line))
            if before[key] > 0:
                before[key] -= 1  # the base had it already: not caused by the change
            else:
                kept.append(f)
        kept.sort(key=Finding.sort_key)
    return kept


def lint_document(
    doc: Document,
    config: Config,
    rules: Iterable[type[Rule]],
    today: dt.date | None = None,
    online: bool = False,
    extras: dict | None = None,
    changed_lines: set[int] | None = None,
) -> list[Finding]:
    rules = list(rules)
    ctx = Context(
        doc=doc,
        config=config,
        today=today or dt.date.today(),
        online=online,
        extras=extras if extras is not None else {},
        changed_lines=changed_lines,
        selected=frozenset(r.name for r in rules),
    )
    findings: list[Finding] = []
    for rule in rules:
        ctx.rule = rule
        findings.extend(rule().check(ctx))
    ctx.rule = None
    reg = registry()
    resolve = {**{r.code: r.name for r in reg.rules}, **{r.code.upper(): r.name for r in reg.rules}}
    if doc.directives:
        sup = _Suppressions(doc.directives, resolve)
        kept = [f for f in findings if not sup.suppressed(f)]
        if len(kept) != len(findings):
            _drop_fixes_over_suppressed(kept, [f for f in findings if sup.suppressed(f)])
        findings = kept
    overrides = config.severity
    if overrides:
        for f in findings:
            level = overrides.get(f.rule) or overrides.get(f.code)
            if level in ("error", "warning"):
                f.severity = level
    findings.sort(key=Finding.sort_key)
    return findings


def lint_bytes(
    data: bytes,
    path: str,
    config: Config | None = None,
    rules: Iterable[type[Rule]] | None = None,
    today: dt.date | None = None,
    online: bool = False,
    changes: LineChanges | None = None,
    extras: dict | None = None,
) -> FileResult:
    """Lint one file's bytes. With ``changes`` (``--diff-base``), online rules see only the changed lines
    and only the findings the change reached are kept; the others are counted in ``hidden``."""
    config = config or default_config()
    try:
        source = decode_source(data)
    except SourceError as exc:
        return FileResult(path=path, error=exc.message, source=data, changes=changes)
    doc = parse_document(source.text, path, source)
    del source  # the document holds the lines; the decoded text is not needed any more
    chosen = list(rules) if rules is not None else selected_rules(config, online=online)
    changed_lines: set[int] | None = None
    if changes is not None:
        if changes.whole_file:
            changed_lines = set(range(1, doc.line_count + 1))
        else:
            changed_lines = {n for n in changes.lines if n <= doc.line_count}
    findings = lint_document(
        doc, config, chosen, today=today, online=online, changed_lines=changed_lines, extras=extras
    )
    hidden = 0
    if changes is not None and not changes.whole_file:

        def lint_base(old: bytes) -> tuple[Document, list[Finding]] | None:
            try:
                old_source = decode_source(old)
            except SourceError:
                return None
            old_doc = parse_document(old_source.text, path, old_source)
            offline = [r for r in chosen if not r.online]
            return old_doc, lint_document(old_doc, config, offline, today=today)

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
