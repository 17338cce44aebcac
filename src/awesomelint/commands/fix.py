"""``--fix`` and ``--diff``: fix one file and write it back, or show the fixes as a unified diff."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from awesomelint._record import record
from awesomelint.engine import FileResult
from awesomelint.rules import Rule

if TYPE_CHECKING:
    from awesomelint.config import Config
    from awesomelint.net.interface import LinkChecker


@record
class FixRequest:
    path: Path | None  # where to write the fixed text back; None for stdin (``--diff`` only)
    stat: os.stat_result | None  # the file's stat when it was read: a file changed since is not written
    display: str  # the name in reports
    data: bytes  # the bytes as read
    config: Config
    rules: list[type[Rule]]
    today: dt.date
    online: bool = False
    diff_only: bool = False  # --diff: compute the diff, write nothing


def fix_file(req: FixRequest, links: LinkChecker | None = None) -> tuple[FileResult, str | None, str | None]:
    """Fix one file: write it back (``--fix``) or return its diff (``--diff``). Returns the result (the
    findings that remain, or the original findings and an error when the fix was refused), the diff and a
    warning for stderr."""
    # lazy: start-up
    from awesomelint.engine.buffer import FixError
    from awesomelint.engine.diff import unified_diff
    from awesomelint.engine.fix import MAX_PASSES, fix_bytes, write_atomic

    outcome = fix_bytes(req.data, req.display, req.config, req.rules, req.today, req.online, links=links)
    original = outcome.original
    if original.error:
        return original, None, None
    if outcome.error:
        original.error = f"fix refused: {outcome.error}; the file is left untouched"
        original.fixed = 0
        return original, None, None
    diff = None
    if outcome.changed:
        if req.diff_only:
            diff = unified_diff(req.display, req.data, outcome.data, outcome.origin)
        else:
            assert req.path is not None and req.stat is not None
            try:
                write_atomic(req.path, outcome.data, req.data, req.stat)
            except FixError as exc:
                original.error = f"fix refused: {exc}"
                original.fixed = 0
                return original, None, None
    warning = None
    if not outcome.converged:
        warning = (
            f"{req.display}: warning: fixable findings remain after {MAX_PASSES} passes of fixes; "
            "run again to continue"
        )
    result = outcome.result
    result.fixed = outcome.fixed
    result.changed = outcome.changed
    return result, diff, warning


def write_diff(results: list[FileResult], diffs: list[str], stdout: TextIO, stderr: TextIO) -> None:
    """``--diff``: the diffs on stdout, a summary on stderr."""
    for text in diffs:
        stdout.write(text)
    fixed = sum(r.fixed or 0 for r in results)
    changed = sum(1 for r in results if r.changed)
    remaining = sum(len(r.findings) for r in results)
    if changed:
        stderr.write(
            f"Would fix {fixed} finding{'s' if fixed != 1 else ''} in {changed} "
            f"file{'s' if changed != 1 else ''}; {remaining} would remain.\n"
        )
    else:
        stderr.write(f"Nothing to fix; {remaining} finding{'s' if remaining != 1 else ''} without a fix.\n")
