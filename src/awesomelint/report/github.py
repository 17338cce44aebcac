"""GitHub Actions workflow commands: one ``::error`` or ``::warning`` annotation per finding, shown on the
line of the pull request's diff, and the summary line.

Escaping follows the runner (actions/toolkit ``command.ts``): in the message ``%``, CR and LF are
percent-encoded; in a property value also ``:`` and ``,``. Every other control character (ESC, BEL, an OSC
sequence from a server's reply or from the list) is shown as an escape, never sent to the log raw.
"""

from __future__ import annotations

from typing import TextIO

from awesomelint.engine import FileResult
from awesomelint.report.paths import workspace_path
from awesomelint.report.text import printable, summary_line


def escape_data(text: str) -> str:
    """The runner's escapes, then every other control character shown (``\\x1b``), never sent raw."""
    return printable(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(kind: str, message: str, **props: object) -> str:
    """One workflow command line such as ``::error file=README.md,line=3::message``."""
    parts = ",".join(f"{k}={escape_property(str(v))}" for k, v in props.items() if v is not None)
    return f"::{kind}{' ' + parts if parts else ''}::{escape_data(message)}"


def render(results: list[FileResult], out: TextIO, color: bool) -> None:
    for result in results:
        path = workspace_path(result.path)
        if result.error:
            out.write(
                command("error", f"{result.path}: {result.error}", file=path, title="awesomelint") + "\n"
            )
            continue
        for f in result.findings:
            end_line = f.end_line if f.end_line and f.end_line >= f.line else None
            out.write(
                command(
                    "error" if f.severity == "error" else "warning",
                    f"{result.path}:{f.line}:{f.column}: {f.code} {f.rule} {f.message}",
                    file=path,
                    line=f.line,
                    col=f.column,
                    endLine=end_line,
                    endColumn=f.end_column if f.end_column and (end_line or f.line) == f.line else None,
                    title=f"awesomelint {f.code} {f.rule}",
                )
                + "\n"
            )
    line = summary_line(results)
    if line:
        out.write(line + "\n")
