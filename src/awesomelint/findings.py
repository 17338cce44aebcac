"""The reporting contract: what a rule reports (a :class:`Finding`, with a :class:`Fix` when it can be
repaired, at a severity) and the one way a finding is made, :func:`report`, which checks its position and
gives it a range. Rules report through ``Context.report`` (which calls it); the engine reports the
findings of the suppression comments through it too. How a finding is shown is the renderers' business
(``report/``).
"""

from __future__ import annotations

from awesomelint._record import field, record

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at start-up
if TYPE_CHECKING:
    from typing import Literal, Protocol, TypedDict, Unpack

    Severity = Literal["error", "warning"]
    FixKind = Literal["edit", "date", "reorder", "delete", "toc"]

    class Reporter(Protocol):
        """Who reports: a rule class (its name, code and default severity)."""

        @property
        def name(self) -> str: ...
        @property
        def code(self) -> str: ...
        @property
        def severity(self) -> Severity: ...

    class Details(TypedDict, total=False):
        """What a report may add to its position and message (each None when not given)."""

        #: the finding's severity when it is not the rule's default
        severity: Severity | None
        #: the end of its range (exclusive); by default the end of its line
        end_column: int | None
        end_line: int | None
        #: the edit that repairs it
        fix: Fix | None
        #: see :attr:`Finding.related_lines`, :attr:`Finding.span` and :attr:`Finding.entry_lines`
        related_lines: list[int] | None
        span: tuple[int, int] | None
        entry_lines: tuple[int, int] | None


@record(slots=True, kw_only=True)
class Fix:
    """A text edit: replace lines ``line``..``end_line`` (inclusive, 1-based) with ``replacement``.

    ``kind`` says what the edit intends, and :mod:`awesomelint.engine.fix` checks after fixing that nothing else
    changed: ``edit`` rewrites each line in place (as many replacement lines as replaced lines; a table
    row stays a row of its table with as many cells), ``date`` rewrites a row's date into another
    spelling of the same date (every other character of the row is kept), ``reorder`` permutes whole
    table rows of one table, or whole items of one list (each with its nested items and continuation
    lines; the lines between items stay in their places), ``delete`` (``replacement=[]``) removes rows that
    have an identical copy kept in the same table, ``toc`` rewrites one list of the table of contents into
    its lines in another order with new entries added (every line kept, up to the number of an ordered
    item). Lines are given without their line ending; the file's endings are kept.
    """

    line: int
    end_line: int
    replacement: list[str]
    kind: FixKind = "edit"
    description: str = ""


@record(slots=True, kw_only=True)
class Finding:
    """One finding: 1-based lines, columns in Unicode code points (see ``document.model``), the range
    ``line:column`` to ``end_line:end_column`` (exclusive)."""

    path: str
    line: int
    column: int
    end_line: int | None = None
    end_column: int | None = None
    rule: str
    code: str
    severity: Severity
    message: str
    #: the edit that repairs it (``--fix``); None when it cannot be repaired safely
    fix: Fix | None = None
    #: Other lines the finding names (the first copy of a duplicate, the rows an out-of-order row is
    #: measured against, the header a row is counted against): with --diff-base, a change to one of them
    #: also reports the finding.
    related_lines: list[int] = field(default_factory=list)
    #: For a finding about a whole block (a table that does not render, a fence that swallows the rest
    #: of the file): its first and last line. With --diff-base, a change anywhere in the block, lines
    #: removed from it included, reports the finding.
    span: tuple[int, int] | None = None
    #: For a finding about an entry that spans lines (a list item with its continuation lines and nested
    #: items, an HTML table row): its first and last line. With --diff-base, a change to any of them
    #: reports the finding, as a change to the finding's own line does.
    entry_lines: tuple[int, int] | None = None

    @property
    def fixable(self) -> bool:
        """Whether ``--fix`` repairs it: it has a fix."""
        return self.fix is not None

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path, self.line, self.column, self.code)


def report(
    rule: Reporter,
    path: str,
    lines: list[str],
    line: int,
    column: int,
    message: str,
    **details: Unpack[Details],
) -> Finding:
    """A finding of ``rule`` in the file ``path`` whose lines are ``lines``, at ``line:column``; a
    position before the file's start is a bug of the rule (ValueError). Every finding has a range: one
    that names no end covers the rest of its line (a finding about a block too: its ``span`` says which
    lines the block holds, for --diff-base)."""
    if line < 1 or column < 1:
        raise ValueError(f"{rule.name} reported an invalid position {line}:{column}")
    end_line = details.get("end_line") or line
    end_column = details.get("end_column")
    if end_column is None:
        end_column = len(lines[end_line - 1]) + 1 if end_line <= len(lines) else column + 1
        if end_line == line and end_column <= column:
            end_column = column + 1
    return Finding(
        path=path,
        line=line,
        column=column,
        end_line=end_line,
        end_column=end_column,
        rule=rule.name,
        code=rule.code,
        severity=details.get("severity") or rule.severity,
        message=message,
        fix=details.get("fix"),
        related_lines=details.get("related_lines") or [],
        span=details.get("span"),
        entry_lines=details.get("entry_lines"),
    )
