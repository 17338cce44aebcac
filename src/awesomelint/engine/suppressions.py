"""Suppression comments (``<!-- awesomelint-disable... -->``): which findings they silence, which of them
silenced nothing or name no rule (``invalid-suppression``, ``unused-suppression``), and the fixes that
would touch a silenced finding."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from awesomelint._record import record
from awesomelint.document.model import Directive
from awesomelint.findings import Finding

#: what a word of a comment names: the rule names (name, code, prefix) or None when it names none
Expand = Callable[[str], frozenset[str] | None]


@record(eq=False)
class Entry:
    """One word of a comment (or the whole comment when it names no rule): the rules it covers."""

    directive: Directive
    token: str | None  # None: the comment names no rule, so all of them
    names: frozenset[str] | None  # None: every rule
    used: bool = False

    def covers(self, rule: str) -> bool:
        return self.names is None or rule in self.names


class Suppressions:
    def __init__(self, directives: list[Directive], expand: Expand) -> None:
        self.entries: list[Entry] = []
        self.invalid: list[tuple[Directive, str]] = []  # words that name no rule
        self.file: list[Entry] = []
        self.lines: dict[int, list[Entry]] = {}
        self.ranges: list[tuple[int, int, Entry, str | None]] = []  # (start, end, entry, rule or None: all)
        open_: dict[str | None, tuple[int, Entry]] = {}
        for d in sorted(directives, key=lambda d: (d.line, d.column)):
            entries = self._entries(d, expand)
            if d.action == "disable-file":
                self.file.extend(entries)
            elif d.action in ("disable-next-line", "disable-line"):
                target = d.line + 1 if d.action == "disable-next-line" else d.line
                self.lines.setdefault(target, []).extend(entries)
            elif d.action == "disable":
                for e in entries:
                    for name in sorted(e.names) if e.names is not None else [None]:
                        open_.setdefault(name, (d.line, e))
            elif d.action == "enable":
                for e in entries:
                    if e.names is None:
                        for name, (start, opened) in open_.items():
                            self.ranges.append((start, d.line, opened, name))
                        open_.clear()
                    for name in sorted(e.names or ()):
                        if name in open_:
                            start, opened = open_.pop(name)
                            self.ranges.append((start, d.line, opened, name))
        for name, (start, opened) in open_.items():
            self.ranges.append((start, 10**12, opened, name))

    def _entries(self, d: Directive, expand: Expand) -> list[Entry]:
        if not d.rules:
            entries = [Entry(d, None, None)]
        else:
            entries = []
            for token in d.rules:
                names = expand(token)
                if names is None:
                    self.invalid.append((d, token))
                else:
                    entries.append(Entry(d, token, names))
        if d.action != "enable":
            self.entries.extend(entries)
        return entries

    def suppressed(self, finding: Finding) -> bool:
        """Whether a comment silences the finding; every comment that does is marked used."""
        rule, line = finding.rule, finding.line
        hit = False
        for e in (*self.file, *self.lines.get(line, ())):
            if e.covers(rule):
                e.used = hit = True
        for start, end, e, name in self.ranges:
            if start <= line <= end and (name is None or name == rule):
                e.used = hit = True
        return hit

    def unused(self, ran: Iterable[str], every: frozenset[str]) -> list[Entry]:
        """The words that silenced nothing, among those whose rules all ran (a comment naming no rule: when
        every rule in ``every`` ran)."""
        done = set(ran)
        return [e for e in self.entries if not e.used and (e.names if e.names is not None else every) <= done]


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
