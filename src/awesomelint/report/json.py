"""One JSON object: ``findings`` (path, line, column, rule, code, severity, message, ...), ``files``
(with read errors) and ``summary``."""

from __future__ import annotations

import json
from typing import TextIO

from awesomelint._version import __version__
from awesomelint.engine import FileResult
from awesomelint.findings import Finding
from awesomelint.report.text import summary


def finding_json(f: Finding) -> dict[str, object]:
    """A finding as the report writes it (its fix, and the lines it names for --diff-base, left out)."""
    return {
        "path": f.path,
        "line": f.line,
        "column": f.column,
        "end_line": f.end_line,
        "end_column": f.end_column,
        "rule": f.rule,
        "code": f.code,
        "severity": f.severity,
        "message": f.message,
        "fixable": f.fixable,
    }


def render(results: list[FileResult], out: TextIO, color: bool) -> None:
    errors, warnings, fixable = summary(results)
    fixing = any(r.fixed is not None for r in results)  # --fix: what was fixed, per file and in all
    files: list[dict[str, object]] = []
    for r in results:
        entry: dict[str, object] = {"path": r.path, "error": r.error}
        if fixing:
            entry.update(fixed=r.fixed or 0, changed=r.changed)
        files.append(entry)
    totals: dict[str, object] = {
        "files": len(results),
        "errors": errors,
        "warnings": warnings,
        "fixable": fixable,
        "unreadable": sum(1 for r in results if r.error),
        # with --diff-base: findings on lines the change did not reach, left out of "findings"
        "not_shown": sum(r.hidden for r in results),
    }
    if fixing:
        totals["fixed"] = sum(r.fixed or 0 for r in results)
    payload = {
        "tool": "awesomelint",
        "version": __version__,
        "findings": [finding_json(f) for r in results for f in r.findings],
        "files": files,
        "summary": totals,
    }
    json.dump(payload, out, ensure_ascii=False, indent=2)
    out.write("\n")
