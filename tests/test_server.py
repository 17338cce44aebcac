"""`awesomelint server`, spoken to by real LSP clients over stdio (pygls's, and tests/lspclient.py's, which
stamps each message with its arrival): open a document, receive its diagnostics, apply a code action, see
the diagnostic go; debounced changes, save, fix-all, UTF-16 columns, a bad configuration; a clean exit,
requests answered while a slow document lints, a stale lint dropped, the diagnostics equal the CLI's."""

from __future__ import annotations

import asyncio
import sys
import time
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("pygls")

from lsprotocol import types as lsp
from pygls.lsp.client import LanguageClient

from awesomelint.rules import rule_doc_url

from .lspclient import StdioClient

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
            assert date.code_description is not None
            assert date.code_description.href == rule_doc_url("date-format")  # the rule's own page
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
async def _client(tmp_path: Path, *args: str) -> AsyncIterator[Client]:
    c = LanguageClient("test-client", "1")
    wrapper = Client(c)

    @c.feature(lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def published(params: lsp.PublishDiagnosticsParams) -> None:
        wrapper.published.put_nowait(params)

    await c.start_io(
        sys.executable, "-m", "awesomelint", "server", "--today", "2026-11-29", *args, cwd=str(tmp_path)
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
        assert c._server is not None
        assert await asyncio.wait_for(c._server.wait(), TIMEOUT) == 0  # an editor sees a clean exit
    finally:
        if c._server is not None and c._server.returncode is None:
            c._server.kill()
        await asyncio.wait_for(c.stop(), TIMEOUT)


def test_links_are_checked_on_save_only_when_the_configuration_says_so(tmp_path: Path) -> None:
    from .netserver import FaultServer

    srv = FaultServer().start()
    try:
        text = f"# L\n\n- [gone]({srv.base}/404)\n"
        config = "[links]\ncache = false\ntimeout = 5\non-save = {}\n"

        async def scenario(on_save: bool) -> list[str]:
            (tmp_path / ".awesomelint.toml").write_text(config.format(str(on_save).lower()), encoding="utf-8")
            # a loopback address is the command line's to allow, never the file's
            async with _client(tmp_path, "--allow-private-host", "127.0.0.1") as c:
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
    from awesomelint.commands.lsp import Units
    from awesomelint.commands.server import fix_all, lint_text

    line = "|🚀 x|é|"
    assert Units(None)(line, 4) == 4  # UTF-16 by default: the rocket is two code units
    assert Units(lsp.PositionEncodingKind.Utf32)(line, 4) == 3
    assert Units(lsp.PositionEncodingKind.Utf8)(line, 4) == 6
    # a lone surrogate (which JSON can carry) is "not UTF-8", as a file would be; never a crash
    findings = lint_text("file:///tmp/list.md", "# a\ud800b\n", saved=False).findings
    assert [f.rule for f in findings] == ["input"] and "invalid UTF-8" in findings[0].message
    assert fix_all("file:///tmp/list.md", "# a\ud800b\n") is None


# ---- tests/lspclient.py: the wire itself, the exit status, and a server that never blocks ----------------


@pytest.fixture
def stdio(tmp_path: Path) -> Iterator[Callable[..., StdioClient]]:
    """Start servers (in ``tmp_path``, today fixed); each is killed at the end if still running."""
    started: list[StdioClient] = []

    def start(*args: str, **kwargs: Any) -> StdioClient:
        client = StdioClient("--today", "2026-11-29", *args, cwd=str(tmp_path), **kwargs)
        started.append(client)
        return client

    yield start
    for client in started:
        client.close()


def test_a_clean_shutdown_and_exit_is_exit_status_0_and_says_nothing(tmp_path: Path, stdio) -> None:
    uri = (tmp_path / "README.md").as_uri()
    c = stdio()
    c.initialize(tmp_path.as_uri())
    c.open(uri, LIST)
    assert c.diagnostics(uri, TIMEOUT)[1]["version"] == 1
    assert c.shutdown_and_exit() == 0
    assert c.stderr() == ""

    # the protocol's other ends: exit without shutdown is 1; the end of stdin after a shutdown is 0
    c = stdio()
    c.initialize()
    c.notify("exit")
    assert c.proc.wait(TIMEOUT) == 1
    c = stdio()
    c.initialize()
    id_, _ = c.request("shutdown")
    c.response(id_, TIMEOUT)
    c.proc.stdin.close()
    assert c.proc.wait(TIMEOUT) == 0 and c.stderr() == ""


def test_protocol_errors_are_answered_and_the_server_goes_on(tmp_path: Path, stdio) -> None:
    c = stdio()
    id_, _ = c.request("textDocument/codeAction", {})
    assert c.response(id_, TIMEOUT)[1]["error"]["code"] == -32002  # not initialized yet
    c.initialize()
    id_, _ = c.request("textDocument/hover", {})
    assert c.response(id_, TIMEOUT)[1]["error"]["code"] == -32601  # no such method here
    body = b"{not json"
    c.proc.stdin.write(b"Content-Length: %d\r\n\r\n%s" % (len(body), body))
    c.proc.stdin.flush()
    assert c.wait_for(lambda m: m.get("id", 0) is None, TIMEOUT)[1]["error"]["code"] == -32700
    id_, _ = c.request("textDocument/codeAction", {"textDocument": {}})  # a bad request: an error, no end
    assert c.response(id_, TIMEOUT)[1]["error"]["code"] == -32603
    c.notify("textDocument/didOpen", {"textDocument": {}})  # a bad notification: said on stderr
    uri = (tmp_path / "README.md").as_uri()
    c.open(uri, LIST)
    assert len(c.diagnostics(uri, TIMEOUT)[1]["diagnostics"]) == 2
    c.proc.stdin.write(b"Content-Length: many\r\n\r\n")  # the frames are lost: the server ends, with a word
    c.proc.stdin.flush()
    assert c.proc.wait(TIMEOUT) == 1
    err = c.stderr()
    assert "handling textDocument/didOpen: KeyError" in err and "a bad Content-Length" in err
    assert "Traceback" not in err


def slow_list(rows: int) -> str:
    """A table of ``rows`` rows, one in ten with a date to fix: seconds to lint and to fix."""
    out = ["# Slow", "", "|Date|Title|Paper|", "|---|---|---|"]
    for i in range(rows):
        date = f"2024.{i % 12 + 1:02d}" if i % 10 else f"2024-{i % 12 + 1:02d}"
        out.append(f"|{date}|Title {i}|[paper](https://arxiv.org/abs/2401.{i:05d})|")
    return "\n".join(out) + "\n"


@pytest.mark.slow
def test_requests_are_answered_while_a_slow_document_lints_and_fixes(tmp_path: Path, stdio) -> None:
    """Issue 25: a document that takes seconds to lint and to fix never holds up the next request."""
    slow, small = (tmp_path / "slow.md").as_uri(), (tmp_path / "README.md").as_uri()
    c = stdio()
    c.initialize(tmp_path.as_uri())
    c.open(small, LIST)
    c.diagnostics(small, TIMEOUT)
    text = slow_list(30_000)
    c.open(slow, text)
    assert len(c.diagnostics(slow, 120)[1]["diagnostics"]) == 3_000

    def answered_at_once() -> None:
        id_, sent = c.code_actions(small, first=5, last=5)
        when, answer = c.response(id_, TIMEOUT)
        assert [a["kind"] for a in answer["result"]] == ["quickfix", "source.fixAll.awesomelint"]
        assert when - sent < 1.0, f"answered after {when - sent:.2f} s"

    fix_id, _ = c.code_actions(slow, only=["source.fixAll"])  # seconds of work: --fix on 30,000 rows
    answered_at_once()
    c.change(slow, text.replace("|Title 7|", "|Title seven|"), 2)
    time.sleep(0.5)  # past the debounce: the lint of version 2 runs now
    answered_at_once()
    _, answer = c.response(fix_id, 120)
    assert [a["kind"] for a in answer["result"]] == ["source.fixAll.awesomelint"]
    assert c.diagnostics(slow, 120)[1]["version"] == 2
    assert c.shutdown_and_exit() == 0


def test_a_lint_of_a_version_changed_since_is_dropped(tmp_path: Path, stdio) -> None:
    """A lint that takes long (here a save's link check of a page that hangs 1.5 s) publishes
    nothing when the document changed meanwhile: the newer version's lint does."""
    from .netserver import FaultServer

    srv = FaultServer(hang_seconds=1.5).start()
    try:
        config = "[links]\ncache = false\ntimeout = 10\non-save = true\n"
        (tmp_path / ".awesomelint.toml").write_text(config, encoding="utf-8")
        uri = (tmp_path / "README.md").as_uri()
        text = f"# L\n\n- [slow]({srv.base}/hang)\n"
        c = stdio("--allow-private-host", "127.0.0.1")
        c.initialize(tmp_path.as_uri())
        c.open(uri, text)
        assert c.diagnostics(uri, TIMEOUT)[1]["diagnostics"] == []
        c.notify("textDocument/didSave", {"textDocument": {"uri": uri}})
        deadline = time.monotonic() + TIMEOUT
        while not srv.methods("/hang") and time.monotonic() < deadline:
            time.sleep(0.05)
        assert srv.methods("/hang")  # the save's lint waits on the page now
        c.change(uri, text + "\n- [gone]([broken\n", 2)
        _, params = c.diagnostics(uri, TIMEOUT)
        assert params["version"] == 2  # version 1's lint (the save's) was dropped
        assert c.shutdown_and_exit() == 0
        assert [p["version"] for p in c.published() if p["uri"] == uri] == []
    finally:
        srv.close()


def _cli_findings(path: Path) -> list[tuple[int, int, str, str]]:
    import json
    import subprocess

    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "awesomelint",
            "--offline",
            "--format",
            "json",
            "--today",
            "2026-11-29",
            str(path),
        ],
        capture_output=True,
        check=False,
    )
    findings = json.loads(proc.stdout)["findings"]
    return sorted((f["line"] - 1, f["code"], f"{f['rule']}: {f['message']}") for f in findings)


def test_the_benchmarks_timings_come_through_stdio_with_the_clis_findings(tmp_path: Path) -> None:
    """benchmarks/server.py's run, once: initialize, the first diagnostics of a list, a change's; the
    diagnostics are the CLI's."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "bench_server", Path(__file__).parents[1] / "benchmarks/server.py"
    )
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    text = bench.make_list(120)
    path = tmp_path / "README.md"
    path.write_text(text, encoding="utf-8")
    run = bench.run_server(sys.executable, path, text, debounce=bench.DEBOUNCE)
    assert run.initialize > 0 and run.first > 0 and run.change > 0
    expected = _cli_findings(path)
    assert expected and run.first_findings == expected
    path.write_text(bench.changed(text), encoding="utf-8")
    assert run.change_findings == _cli_findings(path)


def test_the_linter_takes_documents_when_due_and_collects_when_idle(monkeypatch) -> None:
    import gc
    import threading

    from awesomelint.commands import server

    monkeypatch.setattr(server, "IDLE_COLLECT", 0.2)
    linted: list[str] = []
    done = threading.Event()
    full = threading.Event()

    def collected(phase: str, info: dict[str, int]) -> None:
        if phase == "stop" and info["generation"] == 2:
            full.set()

    def lint(uri: str, saved: bool) -> None:
        linted.append(f"{uri}{'!' if saved else ''}")
        if len(linted) == 3:
            done.set()

    linter = server.Linter(lint)
    linter.schedule("b", 0.3)
    linter.schedule("a", 0.1)
    linter.schedule("c", 0.2, saved=True)
    linter.schedule("a", 0.25)  # a change again: its lint waits for the new due time
    linter.schedule("gone", 0.1)
    linter.forget("gone")  # closed before it was due
    gc.callbacks.append(collected)
    try:
        assert done.wait(TIMEOUT)
        assert linted == ["c!", "a", "b"]
        assert full.wait(TIMEOUT)  # idle after the lints: a full pass of the collector
    finally:
        gc.callbacks.remove(collected)


def test_the_wire_and_the_paths() -> None:
    import io

    from awesomelint.commands.jsonrpc import BadMessage, FramingError, frame, read_message
    from awesomelint.commands.lsp import choose_encoding, lines_of, uri_path

    message = {"jsonrpc": "2.0", "id": 1, "method": "x", "params": {"text": "é🚀\ud800"}}
    wire = frame(message)
    assert wire.isascii() and wire.startswith(b"Content-Length: ")
    stream = io.BytesIO(
        wire + b"content-length: 2\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n{}"
    )
    assert read_message(stream) == message
    assert read_message(stream) == {}
    assert read_message(stream) is None  # the end, between frames
    for bad in (
        b"Content-Length: 5\r\n\r\n{}",  # the body cut short
        b"Content-Length: -1\r\n\r\n",
        b"Content-Type: x\r\n\r\n{}",  # no length
        b"Content-Length: 2\r\n",  # the end inside the headers
        b"X" * 2000,  # a header line without end
    ):
        with pytest.raises(FramingError):
            read_message(io.BytesIO(bad))
    for body in (b"[1]", b"{", b"\xff{}"):
        with pytest.raises(BadMessage):
            read_message(io.BytesIO(b"Content-Length: %d\r\n\r\n%s" % (len(body), body)))

    assert uri_path("file:///tmp/a%20b/README.md") == "/tmp/a b/README.md"
    assert uri_path("file://localhost/tmp/x.md") == "/tmp/x.md"
    assert uri_path("untitled:Untitled-1") == "untitled:Untitled-1"
    assert choose_encoding(["utf-16", "utf-8"]) == "utf-8"
    assert choose_encoding(["utf-32", "utf-8"]) == "utf-32"
    assert choose_encoding(None) == "utf-16"
    assert lines_of("a\r\nb\rc\nd\x0ce") == ["a", "b", "c", "d\x0ce"]  # a form feed ends no line


def test_a_change_reuses_the_rows_it_left_alone() -> None:
    from awesomelint.commands.server import lint_text

    uri = "file:///tmp/awesomelint-server-test/README.md"
    first = lint_text(uri, LIST, saved=False)
    edited = LIST.replace("|C|", "|C2|")
    again = lint_text(uri, edited, saved=False, previous=first.document)
    assert again.findings == lint_text(uri, edited, saved=False).findings
    assert first.document is not None and again.document is not None
    before, after = first.document.tables[0].rows, again.document.tables[0].rows
    assert after[0].cells is before[0].cells  # the row before the edit: taken as it was
    assert after[2].cells is not before[2].cells  # the edited row: read again


def test_the_documented_neovim_0_7_form_in_a_real_neovim(tmp_path: Path) -> None:
    """The form for Neovim 0.5 to 0.7 in docs/editors.md (``vim.lsp.start_client``), in a headless Neovim (Debian's
    ``neovim`` package, 0.7.2 on bookworm; skipped without it): the diagnostics of the test list."""
    import os
    import re
    import shutil
    import subprocess

    nvim = shutil.which("nvim")
    if nvim is None:
        pytest.skip("no nvim on PATH")
    page = (Path(__file__).parents[1] / "docs" / "editors.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```lua\n(.*?)```", page, flags=re.DOTALL)
    (tmp_path / "init.lua").write_text(next(b for b in blocks if "start_client" in b), encoding="utf-8")
    (tmp_path / "README.md").write_text(LIST, encoding="utf-8")
    (tmp_path / "check.lua").write_text(
        "vim.wait(30000, function() return #vim.diagnostic.get(0) > 0 end, 50)\n"
        "for _, d in ipairs(vim.diagnostic.get(0)) do\n"
        '  io.stdout:write(string.format("%d:%d %s\\n", d.lnum, d.col, d.message))\n'
        "end\n",
        encoding="utf-8",
    )
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    env["XDG_STATE_HOME"] = env["XDG_CACHE_HOME"] = str(tmp_path / "state")  # its LSP log, not the user's
    proc = subprocess.run(
        [nvim, "--headless", "-u", "init.lua", "README.md", "-c", "luafile check.lua", "-c", "qa!"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    got = sorted(line.split(": ")[0] for line in proc.stdout.splitlines())
    assert got == ["5:1 date-format", "6:0 column-count"], proc.stdout + proc.stderr


def test_a_client_that_resolves_gets_the_fix_all_edit_when_it_chooses_it(tmp_path: Path, stdio) -> None:
    """A client that resolves code actions gets fix-all at once, without its edit (an editor asks for
    code actions at every move of the cursor); ``codeAction/resolve`` brings the bytes ``--fix`` writes."""
    from awesomelint.cli import main

    path = tmp_path / "list.md"
    text = LIST.replace("|2024.08|D|x|", "|2024.05|A|x|")
    uri = path.as_uri()
    c = stdio()
    resolving = {"textDocument": {"codeAction": {"resolveSupport": {"properties": ["edit"]}}}}
    _, answer = c.initialize(tmp_path.as_uri(), capabilities=resolving)
    assert answer["result"]["capabilities"]["codeActionProvider"]["resolveProvider"] is True
    c.open(uri, text)
    c.diagnostics(uri, TIMEOUT)
    id_, _ = c.code_actions(uri, only=["source.fixAll"])
    (action,) = c.response(id_, TIMEOUT)[1]["result"]
    assert action["kind"] == "source.fixAll.awesomelint" and "edit" not in action
    id_, _ = c.request("codeAction/resolve", action)
    (edit,) = c.response(id_, TIMEOUT)[1]["result"]["edit"]["changes"][uri]
    assert edit["range"] == {"start": {"line": 0, "character": 0}, "end": {"line": 8, "character": 0}}
    path.write_text(text, encoding="utf-8")
    assert main(["--offline", "--fix", "--today", "2026-11-29", str(path)]) == 1
    assert edit["newText"] == path.read_text(encoding="utf-8")

    c.change(uri, text.replace("|A|", "|A2|"), 2)
    id_, _ = c.request("codeAction/resolve", action)  # offered on version 1: comes back as it was
    assert c.response(id_, TIMEOUT)[1]["result"] == action
    assert c.shutdown_and_exit() == 0
