"""``path:line:col: CODE rule-name message``, coloured on a terminal, and a summary line; with
``--quiet``, the findings alone, never coloured."""

from __future__ import annotations

import os

from awesomelint.engine import FileResult

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at start-up
if TYPE_CHECKING:
    from typing import TextIO

_RESET = "\x1b[0m"
_BOLD = "\x1b[1m"
_DIM = "\x1b[2m"
_RED = "\x1b[31m"
_YELLOW = "\x1b[33m"
_GREEN = "\x1b[32m"


#: characters that act on a terminal instead of showing: C0 and C1 controls (ESC, BEL, CSI, OSC...), DEL,
#: and the bidirectional overrides and isolates that reorder what is shown (Trojan Source)
_UNPRINTABLE = {
    c: f"\\x{c:02x}" if c < 0x100 else f"\\u{c:04x}"
    for c in (*range(0x20), 0x7F, *range(0x80, 0xA0), *range(0x202A, 0x202F), *range(0x2066, 0x206A))
}


def printable(text: str) -> str:
    """The text with every control character shown as an escape (``\\x1b``), so that nothing from a
    list or a server reaches the terminal or a CI log as a command."""
    return text.translate(_UNPRINTABLE)


def use_color(choice: str, stream: TextIO) -> bool:
    """Whether to colour what goes to ``stream``: ``--color always`` or ``never``; with ``auto``, on a
    terminal (not a dumb one) unless ``NO_COLOR`` is set, or wherever ``FORCE_COLOR`` is."""
    if choice != "auto":
        return choice == "always"
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return bool(getattr(stream, "isatty", lambda: False)()) and os.environ.get("TERM") != "dumb"


def _c(text: str, code: str, color: bool) -> str:
    return f"{code}{text}{_RESET}" if color else text


def summary(results: list[FileResult]) -> tuple[int, int, int]:
    errors = sum(1 for r in results for f in r.findings if f.severity == "error")
    warnings = sum(1 for r in results for f in r.findings if f.severity == "warning")
    fixable = sum(1 for r in results for f in r.findings if f.fixable)
    return errors, warnings, fixable


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def summary_line(results: list[FileResult]) -> str:
    """'Found 2 errors and 1 warning in 1 file.', 'All checks passed (3 files).' or nothing when only
    unreadable files were given; with --diff-base, what the changed-lines filter left out."""
    errors, warnings, _ = summary(results)
    unreadable = sum(1 for r in results if r.error)
    files = _plural(len(results), "file")
    note = _diff_note(results)
    if any(r.fixed is not None for r in results):  # --fix / --diff
        fixed = sum(r.fixed or 0 for r in results)
        changed = sum(1 for r in results if r.changed)
        text = f"Fixed {_plural(fixed, 'finding')} in {_plural(changed, 'file')}{note}; "
        if errors or warnings:
            return (
                text
                + f"{errors + warnings} remain: {_plural(errors, 'error')} and {_plural(warnings, 'warning')}."
            )
        return text + "none remains."
    if errors or warnings:
        text = f"Found {_plural(errors, 'error')} and {_plural(warnings, 'warning')} in {files}{note}"
        # what --fix resolves: every finding with a fix (--fix's "Fixed N" counts the same way)
        fixable = sum(1 for r in results for f in r.findings if f.fixable)
        return text + (f" ({fixable} fixable with --fix)." if fixable else ".")
    if not unreadable:
        return f"All checks passed ({files}{note})." if note else f"All checks passed ({files})."
    return ""


def _diff_note(results: list[FileResult]) -> str:
    diffed = [r for r in results if r.changes is not None and not r.error]
    if not diffed:
        return ""
    unchanged = sum(1 for r in diffed if r.changes is not None and r.changes.empty)
    hidden = sum(r.hidden for r in diffed)
    parts = []
    if unchanged:
        parts.append(
            "no line changed since the base"
            if unchanged == len(diffed) == 1
            else f"{unchanged} of {len(diffed)} unchanged since the base"
        )
    if hidden:
        parts.append(f"{_plural(hidden, 'finding')} on unchanged lines not shown")
    if not parts:
        parts.append("changed lines only")
    return "; " + "; ".join(parts)


def render(results: list[FileResult], out: TextIO, color: bool) -> None:
    for result in results:
        for f in result.findings:
            sev_color = _RED if f.severity == "error" else _YELLOW
            out.write(
                f"{_c(printable(f.path), _BOLD, color)}:{f.line}:{f.column}: "
                f"{_c(f.code, sev_color + _BOLD, color)} {_c(f.rule, sev_color, color)} {printable(f.message)}\n"
            )
    errors, warnings, _ = summary(results)
    line = summary_line(results)
    if line:
        out.write(_c(line, _BOLD if errors or warnings else _GREEN, color) + "\n")


def render_quiet(results: list[FileResult], out: TextIO, color: bool) -> None:
    """``--quiet``: one plain line per finding, no summary."""
    for r in results:
        for f in r.findings:
            out.write(f"{printable(f.path)}:{f.line}:{f.column}: {f.code} {f.rule} {printable(f.message)}\n")
