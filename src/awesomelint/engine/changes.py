"""``--diff-base``: which findings a change reached, and which of those the base revision did not have."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from awesomelint.document.model import Document
from awesomelint.findings import Finding

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at start-up
if TYPE_CHECKING:
    from awesomelint.git import LineChanges


def on_changed_lines(finding: Finding, changes: LineChanges) -> bool:
    """Whether a line of the finding (its line through its end line) or of the entry it is about (a list
    item's lines, its nested items' included) was added or changed."""
    if changes.any_changed(finding.line, max(finding.end_line or finding.line, finding.line)):
        return True
    return finding.entry_lines is not None and changes.any_changed(*finding.entry_lines)


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
