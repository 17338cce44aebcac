"""``--statistics``: how many findings each rule made, most frequent first, instead of the findings."""

from __future__ import annotations

import json
from typing import TextIO

from awesomelint._record import record
from awesomelint.engine import FileResult
from awesomelint.report.text import summary_line


@record
class RuleCount:
    code: str
    name: str
    count: int = 0
    errors: int = 0
    warnings: int = 0
    fixable: int = 0


def count(results: list[FileResult]) -> list[RuleCount]:
    by_code: dict[str, RuleCount] = {}
    for result in results:
        for f in result.findings:
            row = by_code.setdefault(f.code, RuleCount(code=f.code, name=f.rule))
            row.count += 1
            row.errors += f.severity == "error"
            row.warnings += f.severity == "warning"
            row.fixable += f.fixable
    return sorted(by_code.values(), key=lambda r: (-r.count, r.code))


def _severity(row: RuleCount) -> str:
    return ", ".join(name for name, n in (("error", row.errors), ("warning", row.warnings)) if n)


def render(results: list[FileResult], out: TextIO, color: bool) -> None:
    rows = count(results)
    if rows:
        name_width = max(len("rule"), *(len(r.name) for r in rows))
        count_width = max(len("count"), *(len(str(r.count)) for r in rows))
        out.write(f"{'count':>{count_width}}  code   {'rule':<{name_width}}  {'severity':<14}  fixable\n")
        for r in rows:
            out.write(
                f"{r.count:>{count_width}}  {r.code:<5}  {r.name:<{name_width}}  {_severity(r):<14}  "
                f"{r.fixable or '-'}\n"
            )
    line = summary_line(results)
    if line:
        out.write(line + "\n")


def render_json(results: list[FileResult], out: TextIO, color: bool) -> None:
    json.dump(
        [
            {
                "code": r.code,
                "name": r.name,
                "count": r.count,
                "errors": r.errors,
                "warnings": r.warnings,
                "fixable": r.fixable,
            }
            for r in count(results)
        ],
        out,
        indent=2,
    )
    out.write("\n")
