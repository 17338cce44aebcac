"""Suppression comments (``<!-- awesomelint-disable... -->``): which findings they silence, and the fixes
that would touch a silenced finding."""

from __future__ import annotations

from awesomelint.document.model import Directive, Finding


class Suppressions:
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


def drop_fixes_over_suppressed(kept: list[Finding], suppressed: list[Finding]) -> None:
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
