"""``awesomelint server``: the Language Server Protocol over stdio, with pygls.

- Diagnostics on open, change (debounced) and save, from the offline rules, with the configuration found
  beside the file as on the command line; the online rules (``dead-link``, live badges) run on save only,
  and only when the configuration says ``[links] on-save = true``.
- Each diagnostic carries the rule's code, its name and a link to the rules' documentation.
- Code actions: a quick fix for every fixable finding (the finding's own edit, as ``--fix`` makes it) and
  ``source.fixAll.awesomelint``, which applies every fix as ``--fix`` does, verified the same way.

Columns are converted to the position encoding negotiated with the client (UTF-16 unless the client
offers UTF-32 or UTF-8).
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Callable
from typing import Any

from lsprotocol import types as lsp
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from awesomelint._record import record
from awesomelint._version import __version__
from awesomelint.commands import UsageError
from awesomelint.commands.files import Configs
from awesomelint.config import Config, ConfigError
from awesomelint.document.model import Finding, Fix
from awesomelint.engine import lint_bytes, selected_rules
from awesomelint.engine.fix import fix_bytes
from awesomelint.report.sarif import INFORMATION_URI

#: seconds of quiet after a change before the document is linted again
DEBOUNCE_SECONDS = 0.3
FIX_ALL = "source.fixAll.awesomelint"


@record
class Linted:
    """The last lint of a document: the version it was made for, its lines and its findings."""

    version: int | None
    lines: list[str]
    findings: list[Finding]


def _path(uri: str) -> str:
    return to_fs_path(uri) or uri


def _setup(path: str) -> tuple[Config, bool]:
    """The configuration of a file, and whether ``exclude`` leaves it out."""
    config = Configs().of(path)  # read afresh: the file may have been edited since the last lint
    return config, config.excludes(path)


def lint_text(
    uri: str, text: str, saved: bool, today: dt.date | None = None
) -> tuple[list[Finding], list[str]]:
    """The findings of a document's text (the online rules too when saved and the configuration says
    ``on-save``) and its lines; a bad configuration is one finding on the first line."""
    path = _path(uri)
    try:
        config, excluded = _setup(path)
        if excluded:
            return [], []
        online = saved and config.links.on_save
        rules = selected_rules(config, online=online, path=path)
    except (UsageError, ConfigError) as exc:
        message = str(exc).removeprefix("awesomelint: ")
        bad = Finding(
            path=path, line=1, column=1, rule="config", code="config", severity="error", message=message
        )
        return [bad], text.splitlines()
    data = text.encode("utf-8", "surrogatepass")  # a lone surrogate from the client: "not UTF-8", no crash
    result = lint_bytes(data, path, config, rules, today=today, online=online)
    if result.error:
        bad = Finding(
            path=path, line=1, column=1, rule="input", code="input", severity="error", message=result.error
        )
        return [bad], text.splitlines()
    lines = result.document.lines if result.document is not None else text.splitlines()
    return result.findings, lines


def fix_all(uri: str, text: str, today: dt.date | None = None) -> str | None:
    """The text with every offline fix applied and verified as ``--fix`` does; None when nothing changes
    or the fix is refused."""
    path = _path(uri)
    try:
        config, excluded = _setup(path)
        if excluded:
            return None
        rules = selected_rules(config, path=path)
    except (UsageError, ConfigError):
        return None
    outcome = fix_bytes(text.encode("utf-8", "surrogatepass"), path, config, rules, today or dt.date.today())
    if outcome.error or not outcome.changed:
        return None
    return outcome.data.decode("utf-8")


class Units:
    """Columns (Unicode code points from 1) as the client counts them: UTF-16 code units by default."""

    def __init__(self, encoding: str | None) -> None:
        self.encoding = encoding or lsp.PositionEncodingKind.Utf16

    def __call__(self, line: str, column: int) -> int:
        prefix = line[: max(column - 1, 0)]
        if self.encoding == lsp.PositionEncodingKind.Utf32:
            return len(prefix)
        if self.encoding == lsp.PositionEncodingKind.Utf8:
            return len(prefix.encode("utf-8", "surrogatepass"))
        return len(prefix.encode("utf-16-le", "surrogatepass")) // 2


def _line(lines: list[str], number: int) -> str:
    return lines[number - 1] if 1 <= number <= len(lines) else ""


def diagnostic(f: Finding, lines: list[str], units: Callable[[str, int], int]) -> lsp.Diagnostic:
    end_line = f.end_line if f.end_line and f.end_line >= f.line else f.line
    text = _line(lines, f.line)
    start = lsp.Position(line=f.line - 1, character=units(text, f.column))
    if f.end_column is not None:
        end = lsp.Position(line=end_line - 1, character=units(_line(lines, end_line), f.end_column))
    else:  # the rest of the line
        end = lsp.Position(line=f.line - 1, character=units(text, len(text) + 1))
    return lsp.Diagnostic(
        range=lsp.Range(start=start, end=end),
        message=f"{f.rule}: {f.message}",
        severity=lsp.DiagnosticSeverity.Error if f.severity == "error" else lsp.DiagnosticSeverity.Warning,
        code=f.code,
        code_description=lsp.CodeDescription(href=f"{INFORMATION_URI}#rules"),
        source="awesomelint",
    )


def fix_edit(
    fix: Fix, lines: list[str], eol: str, final_newline: bool, units: Callable[[str, int], int]
) -> lsp.TextEdit:
    """The edit of a finding's fix: lines ``line``..``end_line`` replaced, their line endings kept."""
    start = lsp.Position(line=fix.line - 1, character=0)
    if fix.end_line < len(lines) or final_newline:
        end = lsp.Position(line=fix.end_line, character=0)
        text = "".join(line + eol for line in fix.replacement)
    else:  # the last line, without a line ending
        end = lsp.Position(line=fix.end_line - 1, character=units(lines[-1], len(lines[-1]) + 1))
        text = eol.join(fix.replacement)
        if not fix.replacement and fix.line > 1:  # deleting the last line: its ending before it goes too
            start = lsp.Position(
                line=fix.line - 2, character=units(lines[fix.line - 2], len(lines[fix.line - 2]) + 1)
            )
    return lsp.TextEdit(range=lsp.Range(start=start, end=end), new_text=text)


def _whole(text: str, new_text: str) -> lsp.TextEdit:
    lines = text.split("\n")
    end = lsp.Position(line=len(lines) - 1, character=len(lines[-1].encode("utf-16-le")) // 2)
    return lsp.TextEdit(range=lsp.Range(start=lsp.Position(line=0, character=0), end=end), new_text=new_text)


class Server(LanguageServer):  # long: one class per protocol role, as pygls has it
    def __init__(self, debounce: float = DEBOUNCE_SECONDS, today: dt.date | None = None) -> None:
        super().__init__("awesomelint", __version__, text_document_sync_kind=lsp.TextDocumentSyncKind.Full)
        self.debounce = debounce
        self.today = today
        self.linted: dict[str, Linted] = {}
        self.pending: dict[str, asyncio.Task[None]] = {}

    def units(self) -> Units:
        return Units(self.workspace.position_encoding if self.workspace else None)

    def schedule(self, uri: str, delay: float, saved: bool = False) -> None:
        old = self.pending.pop(uri, None)
        if old is not None and not old.done():
            old.cancel()
        self.pending[uri] = asyncio.ensure_future(self._lint_later(uri, delay, saved))

    async def _lint_later(self, uri: str, delay: float, saved: bool) -> None:
        if delay:
            await asyncio.sleep(delay)
        document = self.workspace.get_text_document(uri)
        version, text = document.version, document.source
        findings, lines = await asyncio.to_thread(lint_text, uri, text, saved, self.today)
        current = self.workspace.get_text_document(uri)
        if current.version != version:
            return  # edited meanwhile: the newer lint publishes
        self.linted[uri] = Linted(version, lines, findings)
        units = self.units()
        self.text_document_publish_diagnostics(
            lsp.PublishDiagnosticsParams(
                uri=uri, version=version, diagnostics=[diagnostic(f, lines, units) for f in findings]
            )
        )

    def close(self, uri: str) -> None:
        task = self.pending.pop(uri, None)
        if task is not None:
            task.cancel()
        self.linted.pop(uri, None)
        self.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(uri=uri, diagnostics=[]))

    def code_actions(self, params: lsp.CodeActionParams) -> list[lsp.CodeAction]:
        uri = params.text_document.uri
        linted = self.linted.get(uri)
        if linted is None:
            return []
        text = self.workspace.get_text_document(uri).source
        eol = "\r\n" if "\r\n" in text else "\n"
        final_newline = text.endswith(("\n", "\r"))
        units = self.units()
        first, last = params.range.start.line + 1, params.range.end.line + 1
        wanted = params.context.only
        actions: list[lsp.CodeAction] = []
        if not wanted or any(k.startswith("quickfix") for k in wanted):
            for f in linted.findings:
                if f.fix is None or not (f.line <= last and (f.end_line or f.line) >= first):
                    continue
                edit = fix_edit(f.fix, linted.lines, eol, final_newline, units)
                actions.append(
                    lsp.CodeAction(
                        title=f"awesomelint: {f.fix.description or 'fix ' + f.rule} ({f.code})",
                        kind=lsp.CodeActionKind.QuickFix,
                        diagnostics=[diagnostic(f, linted.lines, units)],
                        is_preferred=True,
                        edit=lsp.WorkspaceEdit(changes={uri: [edit]}),
                    )
                )
        if (not wanted or any(FIX_ALL.startswith(k) for k in wanted)) and any(f.fix for f in linted.findings):
            fixed = fix_all(uri, text, self.today)
            if fixed is not None:
                actions.append(
                    lsp.CodeAction(
                        title="awesomelint: fix all (as --fix)",
                        kind=FIX_ALL,
                        edit=lsp.WorkspaceEdit(changes={uri: [_whole(text, fixed)]}),
                    )
                )
        return actions


def make_server(debounce: float = DEBOUNCE_SECONDS, today: dt.date | None = None) -> Server:
    server = Server(debounce, today)

    @server.feature(lsp.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: Server, params: lsp.DidOpenTextDocumentParams) -> None:
        ls.schedule(params.text_document.uri, 0)

    @server.feature(lsp.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: Server, params: lsp.DidChangeTextDocumentParams) -> None:
        ls.schedule(params.text_document.uri, ls.debounce)

    @server.feature(lsp.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: Server, params: lsp.DidSaveTextDocumentParams) -> None:
        ls.schedule(params.text_document.uri, 0, saved=True)

    @server.feature(lsp.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: Server, params: lsp.DidCloseTextDocumentParams) -> None:
        ls.close(params.text_document.uri)

    @server.feature(
        lsp.TEXT_DOCUMENT_CODE_ACTION,
        lsp.CodeActionOptions(code_action_kinds=[lsp.CodeActionKind.QuickFix, FIX_ALL]),
    )
    def code_action(ls: Server, params: lsp.CodeActionParams) -> list[lsp.CodeAction]:
        return ls.code_actions(params)

    return server


def serve(today: dt.date | None = None, **_: Any) -> None:
    """Speak LSP on stdin and stdout until the client says exit."""
    make_server(today=today).start_io()
