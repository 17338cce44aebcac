"""``path:line:col: CODE rule-name message``, coloured on a terminal, and a summary line."""

from __future__ import annotations

from typing import TextIO

from awesomelint.engine import FileResult

_RESET = "\x1b[0m"
_BOLD = "\x1b[1m"
_DIM = "\x1b[2m"
_RED = "\x1b[31m"
_YELLOW = "\x1b[33m"
_GREEN = "\x1b[32m"


def _c(text: str, code: str, color: bool) -> str:
    return f"{code}{text}{_RESET}" if color else text


def summary(results: list[FileResult]) -> tuple[int, int, int]:
    errors = sum(1 for r in results for f in r.findings if f.severity == "error")
    warnings = sum(1 for r in results for f in r.findings if f.severity == "warning")
    fixable = sum(1 for r in results for f in r.findings if f.fixable)
    return errors, warnings, fixable


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def render(results: list[FileResult], out: TextIO, color: bool) -> None:
    for result in results:
        for f in result.findings:
            sev_color = _RED if f.severity == "error" else _YELLOW
            out.write(
                f"{_c(f.path, _BOLD, color)}:{f.line}:{f.column}: "
                f"{_c(f.code, sev_color + _BOLD, color)} {_c(f.rule, sev_color, color)} {f.message}\n"
            )
    errors, warnings, _fixable = summary(results)
    unreadable = sum(1 for r in results if r.error)
    files = _plural(len(results), "file")
    if errors or warnings:
        text = f"Found {_plural(errors, 'error')} and {_plural(warnings, 'warning')} in {files}"
        out.write(_c(text + ".", _BOLD, color) + "\n")
    elif not unreadable:
        out.write(_c(f"All checks passed ({files}).", _GREEN, color) + "\n")
