"""The shapes of the Language Server Protocol that the server sends and reads: the file a URI names, a
text's lines as the protocol counts them, columns in the position encoding negotiated with the client
(UTF-16 unless the client offers UTF-32 or UTF-8), and a finding as a diagnostic, its fix as an edit.
Plain functions on plain data, with no state of the server's.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from urllib.parse import unquote, urlsplit

from awesomelint.commands.jsonrpc import Message
from awesomelint.findings import Finding, Fix
from awesomelint.rules import rule_doc_url

UTF8, UTF16, UTF32 = "utf-8", "utf-16", "utf-32"
#: the line breaks of the protocol (and of cmark-gfm's reading)
_BREAK = re.compile(r"\r\n|\r|\n")


def uri_path(uri: str) -> str:
    """The file a ``file:`` URI names (percent-escapes decoded); any other URI (``untitled:``) as it is."""
    parts = urlsplit(uri)
    if parts.scheme != "file":
        return uri
    path = unquote(parts.path)
    if os.name == "nt":  # file:///C:/x -> C:\x, file://host/share -> \\host\share
        if len(path) > 2 and path[0] == "/" and path[2] == ":":
            path = path[1:]
        path = (f"//{parts.netloc}{path}" if parts.netloc else path).replace("/", "\\")
    elif parts.netloc and parts.netloc != "localhost":
        path = f"//{parts.netloc}{path}"
    return path


def lines_of(text: str) -> list[str]:
    """The lines of ``text`` as the protocol counts them (``\\r\\n``, ``\\r`` and ``\\n`` end a line)."""
    return _BREAK.split(text)


class Units:
    """Columns (Unicode code points from 1) as the client counts them: UTF-16 code units by default."""

    def __init__(self, encoding: str | None) -> None:
        self.encoding = encoding or UTF16

    def __call__(self, line: str, column: int) -> int:
        prefix = line[: max(column - 1, 0)]
        if self.encoding == UTF32:
            return len(prefix)
        if self.encoding == UTF8:
            return len(prefix.encode("utf-8", "surrogatepass"))
        return len(prefix.encode("utf-16-le", "surrogatepass")) // 2


def choose_encoding(offered: object) -> str:
    """The position encoding of the session: code points when the client can count them, then UTF-8's
    bytes, else the protocol's default, UTF-16."""
    offered = offered if isinstance(offered, list) else []
    return next((e for e in (UTF32, UTF8) if e in offered), UTF16)


def _position(line: int, character: int) -> Message:
    return {"line": line, "character": character}


def _range(start: Message, end: Message) -> Message:
    return {"start": start, "end": end}


def _line(lines: list[str], number: int) -> str:
    return lines[number - 1] if 1 <= number <= len(lines) else ""


def diagnostic(f: Finding, lines: list[str], units: Callable[[str, int], int]) -> Message:
    end_line = f.end_line if f.end_line and f.end_line >= f.line else f.line
    text = _line(lines, f.line)
    start = _position(f.line - 1, units(text, f.column))
    if f.end_column is not None:
        end = _position(end_line - 1, units(_line(lines, end_line), f.end_column))
    else:  # the rest of the line
        end = _position(f.line - 1, units(text, len(text) + 1))
    return {
        "range": _range(start, end),
        "message": f"{f.rule}: {f.message}",
        "severity": 1 if f.severity == "error" else 2,  # DiagnosticSeverity.Error, .Warning
        "code": f.code,
        "codeDescription": {"href": rule_doc_url(f.rule)},
        "source": "awesomelint",
    }


def fix_edit(
    fix: Fix, lines: list[str], eol: str, final_newline: bool, units: Callable[[str, int], int]
) -> Message:
    """The edit of a finding's fix: lines ``line``..``end_line`` replaced, their line endings kept."""
    start = _position(fix.line - 1, 0)
    if fix.end_line < len(lines) or final_newline:
        end = _position(fix.end_line, 0)
        text = "".join(line + eol for line in fix.replacement)
    else:  # the last line, without a line ending
        end = _position(fix.end_line - 1, units(lines[-1], len(lines[-1]) + 1))
        text = eol.join(fix.replacement)
        if not fix.replacement and fix.line > 1:  # deleting the last line: its ending before it goes too
            start = _position(fix.line - 2, units(lines[fix.line - 2], len(lines[fix.line - 2]) + 1))
    return {"range": _range(start, end), "newText": text}


def whole_edit(text: str, new_text: str, units: Callable[[str, int], int]) -> Message:
    """An edit that replaces the whole of ``text``."""
    lines = lines_of(text)
    end = _position(len(lines) - 1, units(lines[-1], len(lines[-1]) + 1))
    return {"range": _range(_position(0, 0), end), "newText": new_text}
