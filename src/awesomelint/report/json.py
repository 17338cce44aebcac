"""One JSON object: ``findings`` (path, line, column, rule, code, severity, message, ...), ``files``
(with read errors) and ``summary``."""

from __future__ import annotations

import json
from typing import TextIO

from awesomelint._version import __version__
from awesomelint.engine import FileResult
from awesomelint.report.text import summary


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
        "findings": [f.as_json() for r in results for f in r.findings],
        "files": files,
        "summary": totals,
    }
    json.dump(payload, out, ensure_ascii=False, indent=2)
    out.write("\n")
