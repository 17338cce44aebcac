"""`awesomelint server`, spoken to by a real LSP client over stdio (pygls's): open a document, receive its
diagnostics, apply a code action, see the diagnostic go; debounced changes, save, fix-all, UTF-16 columns,
a bad configuration."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest

pytest.importorskip("pygls")

from lsprotocol import types as lsp
from pygls.lsp.client import LanguageClient

#: a list with a fixable date (line 6) and a missing cell (line 7), and an emoji before the date column
LIST = (
    "# L\n\n|Date|Title|Paper|\n|---|---|---|\n|2024.05|A|x|\n|2024-06|B 🚀|x|\n|2024.07|C|\n|2024.08|D|x|\n"
)
TIMEOUT = 20


class Client:
    def __init__(self, client: LanguageClient) -> None:
        self.lsp = client
        self.published: asyncio.Queue[lsp.PublishDiagnosticsParams] = asyncio.Queue()

    async def diagnostics(self, uri: str) -> list[lsp.Diagnostic]:
        while True:
            params = await asyncio.wait_for(self.published.get(), TIMEOUT)
            if params.uri == uri:
                return params.diagnostics

    def open(self, uri: str, text: str, version: int = 1) -> None:
        item = lsp.TextDocumentItem(uri=uri, language_id="markdown", version=version, text=text)
        self.lsp.text_document_did_open(lsp.DidOpenTextDocumentParams(text_document=item))

    def change(self, uri: str, text: str, version: int) -> None:
        self.lsp.text_document_did_change(
            lsp.DidChangeTextDocumentParams(
                text_document=lsp.VersionedTextDocumentIdentifier(uri=uri, version=version),
                content_changes=[lsp.TextDocumentContentChangeWholeDocument(text=text)],
            )
        )


def apply(text: str, edits: list[lsp.TextEdit]) -> str:
    """The edits applied as an editor does (UTF-16 columns)."""
    lines = text.splitlines(keepends=True)

    def offset(pos: lsp.Position) -> int:
        before = sum(len(line) for line in lines[: pos.line])
        if pos.line >= len(lines):
            return before
        units = lines[pos.line].encode("utf-16-le")[: pos.character * 2]
        return before + len(units.decode("utf-16-le"))

    for edit in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True):
        text = text[: offset(edit.range.start)] + edit.new_text + text[offset(edit.range.end) :]
        lines = text.splitlines(keepends=True)
    return text


def test_open_diagnose_fix_and_see_it_go(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with _client(tmp_path) as c:
            path = tmp_path / "README.md"
            path.write_text(LIST, encoding="utf-8")
            uri = path.as_uri()
            c.open(uri, LIST)
            diags = await c.diagnostics(uri)
            got = sorted((d.range.start.line, d.range.start.character, d.code) for d in diags)
            assert got == [(5, 1, "AL201"), (6, 0, "AL101")]
            date = next(d for d in diags if d.code == "AL201")
            assert date.source == "awesomelint" and date.message.startswith("date-format: ")
            assert date.severity == lsp.DiagnosticSeverity.Error
            assert date.code_description is not None and date.code_description.href.endswith("#rules")
            assert (date.range.end.line, date.range.end.character) == (5, 8)

            actions = await asyncio.wait_for(
                c.lsp.text_document_code_action_async(
                    lsp.CodeActionParams(
                        text_document=lsp.TextDocumentIdentifier(uri=uri),
                        range=date.range,
                        context=lsp.CodeActionContext(diagnostics=[date]),
                    )
                ),
                TIMEOUT,
            )
            assert actions is not None
            quick = [
                a for a in actions if isinstance(a, lsp.CodeAction) and a.kind == lsp.CodeActionKind.QuickFix
            ]
            assert len(quick) == 1 and quick[0].edit is not None and quick[0].edit.changes is not None
            fixed = apply(LIST, quick[0].edit.changes[uri])
            assert fixed == LIST.replace("|2024-06|", "|2024.06|")
            c.change(uri, fixed, 2)
            diags = await c.diagnostics(uri)
            assert [d.code for d in diags] == ["AL101"]  # the date diagnostic is gone; the other stays

    asyncio.run(scenario())


def test_fix_all_is_the_fix_of_the_cli_and_changes_are_debounced(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with _client(tmp_path) as c:
            path = tmp_path / "list.md"
            text = LIST.replace("|2024.08|D|x|", "|2024.05|A|x|")  # an identical copy: removed by --fix
            path.write_text(text, encoding="utf-8")
            uri = path.as_uri()
            c.open(uri, text)
            await c.diagnostics(uri)
            # three quick edits: one lint, of the last
            for version in (2, 3, 4):
                c.change(uri, text.replace("|C|", f"|C{version}|"), version)
            diags = await c.diagnostics(uri)
            assert c.published.empty()
            actions = await asyncio.wait_for(
                c.lsp.text_document_code_action_async(
                    lsp.CodeActionParams(
                        text_document=lsp.TextDocumentIdentifier(uri=uri),
                        range=lsp.Range(
                            start=lsp.Position(line=0, character=0), end=lsp.Position(line=0, character=0)
                        ),
                        context=lsp.CodeActionContext(diagnostics=diags, only=["source.fixAll"]),
                    )
                ),
                TIMEOUT,
            )
            assert actions is not None and [a.kind for a in actions] == ["source.fixAll.awesomelint"]
            edit = actions[0].edit
            assert edit is not None and edit.changes is not None
            fixed = apply(text.replace("|C|", "|C4|"), edit.changes[uri])
            path.write_text(text.replace("|C|", "|C4|"), encoding="utf-8")
            from awesomelint.cli import main

            assert main(["--offline", "--fix", "--today", "2026-11-29", str(path)]) == 1
            assert fixed == path.read_text(encoding="utf-8")

    asyncio.run(scenario())


def test_a_bad_configuration_is_one_diagnostic(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with _client(tmp_path) as c:
            (tmp_path / ".awesomelint.toml").write_text("[dates]\nfromat = 'YYYY'\n", encoding="utf-8")
            uri = (tmp_path / "README.md").as_uri()
            c.open(uri, LIST)
            diags = await c.diagnostics(uri)
            assert len(diags) == 1 and "unknown key (did you mean 'format'?)" in diags[0].message
            c.lsp.text_document_did_close(
                lsp.DidCloseTextDocumentParams(text_document=lsp.TextDocumentIdentifier(uri=uri))
            )
            assert list(await c.diagnostics(uri)) == []

    asyncio.run(scenario())


@asynccontextmanager
async def _client(tmp_path: Path) -> AsyncIterator[Client]:
    c = LanguageClient("test-client", "1")
    wrapper = Client(c)

    @c.feature(lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def published(params: lsp.PublishDiagnosticsParams) -> None:
        wrapper.published.put_nowait(params)

    await c.start_io(
        sys.executable, "-m", "awesomelint", "server", "--today", "2026-11-29", cwd=str(tmp_path)
    )
    try:
        await asyncio.wait_for(
            c.initialize_async(
                lsp.InitializeParams(capabilities=lsp.ClientCapabilities(), root_uri=tmp_path.as_uri())
            ),
            TIMEOUT,
        )
        c.initialized(lsp.InitializedParams())
        yield wrapper
        await asyncio.wait_for(c.shutdown_async(None), TIMEOUT)
        c.exit(None)
    finally:
        if c._server is not None and c._server.returncode is None:
            c._server.kill()
        await asyncio.wait_for(c.stop(), TIMEOUT)


def test_links_are_checked_on_save_only_when_the_configuration_says_so(tmp_path: Path) -> None:
    from .netserver import FaultServer

    srv = FaultServer().start()
    try:
        text = f"# L\n\n- [gone]({srv.base}/404)\n"
        config = "[links]\nallow-private = ['127.0.0.1']\ncache = false\ntimeout = 5\non-save = {}\n"

        async def scenario(on_save: bool) -> list[str]:
            (tmp_path / ".awesomelint.toml").write_text(config.format(str(on_save).lower()), encoding="utf-8")
            async with _client(tmp_path) as c:
                uri = (tmp_path / "README.md").as_uri()
                c.open(uri, text)
                assert list(await c.diagnostics(uri)) == []  # typing: offline rules only
                c.lsp.text_document_did_save(
                    lsp.DidSaveTextDocumentParams(text_document=lsp.TextDocumentIdentifier(uri=uri))
                )
                return [d.message for d in await c.diagnostics(uri)]

        assert asyncio.run(scenario(False)) == []
        assert srv.methods("/404") == []  # never asked
        assert asyncio.run(scenario(True)) == ["dead-link: dead link: 404 Not Found"]
    finally:
        srv.close()


def test_columns_in_the_clients_units_and_hostile_text() -> None:
    from awesomelint.commands.server import Units, fix_all, lint_text

    line = "|🚀 x|é|"
    assert Units(None)(line, 4) == 4  # UTF-16 by default: the rocket is two code units
    assert Units(lsp.PositionEncodingKind.Utf32)(line, 4) == 3
    assert Units(lsp.PositionEncodingKind.Utf8)(line, 4) == 6
    # a lone surrogate (which JSON can carry) is "not UTF-8", as a file would be; never a crash
    findings, _ = lint_text("file:///tmp/list.md", "# a\ud800b\n", saved=False)
    assert [f.rule for f in findings] == ["input"] and "invalid UTF-8" in findings[0].message
    assert fix_all("file:///tmp/list.md", "# a\ud800b\n") is None
