"""Parse once, run the selected rules, apply suppressions and severity overrides, sort the findings."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from awesomelint.config import Config
from awesomelint.model import Directive, Document, Finding
from awesomelint.parse import SourceError, decode_source, parse_document
from awesomelint.rules import Context, Rule, registry


@dataclass
class FileResult:
    path: str
    findings: list[Finding] = field(default_factory=list)
    error: str | None = None  # the file could not be read or parsed
    document: Document | None = None
    source: bytes | None = None


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


def lint_document(
    doc: Document,
    config: Config,
    rules: Iterable[type[Rule]],
    today: dt.date | None = None,
    online: bool = False,
    extras: dict | None = None,
) -> list[Finding]:
    rules = list(rules)
    ctx = Context(
        doc=doc,
        config=config,
        today=today or dt.date.today(),
        online=online,
        extras=extras if extras is not None else {},
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
        findings = [f for f in findings if not sup.suppressed(f)]
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
    extras: dict | None = None,
) -> FileResult:
    config = config or Config()
    try:
        source = decode_source(data)
    except SourceError as exc:
        return FileResult(path=path, error=exc.message, source=data)
    doc = parse_document(source.text, path, source)
    chosen = list(rules) if rules is not None else selected_rules(config, online=online)
    findings = lint_document(doc, config, chosen, today=today, online=online, extras=extras)
    return FileResult(path=path, findings=findings, document=doc, source=data)


def lint_text(
    text: str, path: str = "<text>", config: Config | None = None, today: dt.date | None = None
) -> list[Finding]:
    """Lint Markdown text with the offline rules; the public convenience API."""
    result = lint_bytes(text.encode("utf-8"), path, config, today=today)
    if result.error:
        raise SourceError(result.error)
    return result.findings
