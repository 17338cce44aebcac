"""``awesomelint server``: the Language Server Protocol over stdio.

- Diagnostics on open, change (debounced) and save, from the offline rules, with the configuration found
  beside the file as on the command line; the online rules (``dead-link``, live badges) run on save only,
  and only when the configuration says ``[links] on-save = true``.
- Each diagnostic carries the rule's code, its name and a link to the rules' documentation.
- Code actions: a quick fix for every fixable finding (the finding's own edit, as ``--fix`` makes it) and
  ``source.fixAll.awesomelint``, which applies every fix as ``--fix`` does, verified the same way
  (computed once per version; for a client that resolves code actions, when it is chosen).

The server never blocks on a lint: the main thread only reads messages and hands them on; one thread lints
(the newest version of each document, after the debounce; a lint whose document changed meanwhile is
dropped, and the next one reuses its parse's rows), each code action request is answered on a thread of
its own, and one thread writes every message out, in the order they were decided. The collector's full
passes wait until the server is idle (:func:`serve`). The protocol is JSON-RPC with the standard library
(:mod:`awesomelint.commands.jsonrpc`): importing pygls and lsprotocol takes longer than the server's
whole start-up budget (``benchmarks/server.py`` prints both).

The protocol's shapes (positions in the encoding negotiated with the client, diagnostics, edits) are
:mod:`awesomelint.commands.lsp`'s.
"""

from __future__ import annotations

import datetime as dt
import gc
import queue
import sys
import threading
import time
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, BinaryIO

from awesomelint._record import record
from awesomelint._version import __version__
from awesomelint.commands import UsageError
from awesomelint.commands.files import Configs
from awesomelint.commands.jsonrpc import (
    INTERNAL_ERROR,
    INVALID_REQUEST,
    METHOD_NOT_FOUND,
    PARSE_ERROR,
    SERVER_NOT_INITIALIZED,
    BadMessage,
    FramingError,
    Message,
    error,
    frame,
    notification,
    read_message,
    response,
)
from awesomelint.commands.lsp import (
    Units,
    choose_encoding,
    diagnostic,
    fix_edit,
    lines_of,
    uri_path,
    whole_edit,
)
from awesomelint.config import ConfigError
from awesomelint.document.model import Document
from awesomelint.engine import lint_bytes, selected_rules
from awesomelint.engine.links import open_link_service
from awesomelint.findings import Finding

if TYPE_CHECKING:
    from awesomelint.config import Config  # the pydantic model: imported only when a file is read

#: seconds of quiet after a change before the document is linted again
DEBOUNCE_SECONDS = 0.3
FIX_ALL = "source.fixAll.awesomelint"
QUICK_FIX = "quickfix"
#: seconds without work after a lint before the collector's full pass
IDLE_COLLECT = 2.0


@record
class Linted:
    """A lint of one version of a document: its lines, its findings and its parse (None when the text was
    not parsed), whose rows the next lint of the document reuses."""

    findings: list[Finding]
    lines: list[str]
    document: Document | None = None


@record
class Text:
    """One version of an open document, as the client sent it (a new object for every change)."""

    version: int | None
    text: str


def _setup(path: str) -> tuple[Config, bool]:
    """The configuration of a file, and whether ``exclude`` leaves it out."""
    config = Configs().of(path)  # read afresh: the file may have been edited since the last lint
    return config, config.excludes(path)


def _problem(path: str, rule: str, message: str, text: str) -> Linted:
    bad = Finding(path=path, line=1, column=1, rule=rule, code=rule, severity="error", message=message)
    return Linted([bad], lines_of(text))


def lint_text(
    uri: str,
    text: str,
    saved: bool,
    today: dt.date | None = None,
    previous: Document | None = None,
    allow_private: Sequence[str] = (),
) -> Linted:
    """The findings of a document's text (the online rules too when saved and the configuration says
    ``on-save``), its lines and its parse; a bad configuration is one finding on the first line.
    ``previous``, the parse of an earlier version, spares the parse the rows they share;
    ``allow_private``, the server's ``--allow-private-host``, the addresses its link checks may reach."""
    path = uri_path(uri)
    try:
        config, excluded = _setup(path)
        if excluded:
            return Linted([], [])
        online = saved and config.links.on_save
        rules = selected_rules(config, online=online, path=path)
        links = open_link_service(config.links, allow_private=allow_private) if online else None
    except (UsageError, ConfigError) as exc:  # also an API address of the environment that is none
        return _problem(path, "config", str(exc).removeprefix("awesomelint: "), text)
    data = text.encode("utf-8", "surrogatepass")  # a lone surrogate from the client: "not UTF-8", no crash
    try:
        result = lint_bytes(
            data, path, config, rules, today=today, online=online, previous=previous, links=links
        )
    finally:
        if links is not None:
            links.close()
    if result.error or result.document is None:
        return _problem(path, "input", result.error or "not read", text)
    return Linted(result.findings, result.document.lines, result.document)


def fix_all(uri: str, text: str, today: dt.date | None = None) -> str | None:
    """The text with every offline fix applied and verified as ``--fix`` does; None when nothing changes
    or the fix is refused."""
    from awesomelint.engine.fix import fix_bytes  # lazy: start-up (tempfile, shutil); only a fix-all needs it

    path = uri_path(uri)
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


class Linter:
    """The one thread that lints: each document's newest version, once its due time has come (a change
    waits for the debounce, an open or a save does not)."""

    def __init__(self, lint: Callable[[str, bool], None]) -> None:
        self._lint = lint
        self._due: dict[str, tuple[float, bool]] = {}  # uri -> (monotonic time, saved)
        self._wake = threading.Condition()
        self._dirty = False  # a lint ran since the last full collection (read and set by its thread only)
        threading.Thread(target=self._run, name="awesomelint-lint", daemon=True).start()

    def schedule(self, uri: str, delay: float, saved: bool = False) -> None:
        with self._wake:
            earlier = self._due.get(uri)
            self._due[uri] = (time.monotonic() + delay, saved or (earlier is not None and earlier[1]))
            self._wake.notify()

    def forget(self, uri: str) -> None:
        with self._wake:
            self._due.pop(uri, None)

    def _next(self) -> tuple[str, bool]:
        """The next document due. While none is, after a lint: the collector's full pass, once the server
        has had nothing to do for :data:`IDLE_COLLECT` seconds (see :func:`serve`)."""
        while True:
            with self._wake:
                if self._due:
                    uri, (when, saved) = min(self._due.items(), key=lambda item: item[1][0])
                    if when <= time.monotonic():
                        del self._due[uri]
                        return uri, saved
                    self._wake.wait(when - time.monotonic())
                    continue
                if not self._dirty:
                    self._wake.wait()
                    continue
                if self._wake.wait(IDLE_COLLECT) or self._due:
                    continue
            self._dirty = False
            gc.collect()

    def _run(self) -> None:
        while True:
            uri, saved = self._next()
            try:
                self._lint(uri, saved)
            except Exception as exc:  # a bug in a rule: said on stderr, and the server goes on
                _complain(f"linting {uri}", exc)
            self._dirty = True


def _complain(doing: str, exc: BaseException) -> None:
    try:
        sys.stderr.write(f"awesomelint server: internal error while {doing}: {type(exc).__name__}: {exc}\n")
        sys.stderr.flush()
    except (OSError, ValueError):
        pass


class Server:  # long: the protocol's handlers and the state they share, one method each
    allow_private: Sequence[str] = ()  # --allow-private-host: what a save's link checks may reach

    def __init__(
        self, out: BinaryIO, debounce: float = DEBOUNCE_SECONDS, today: dt.date | None = None
    ) -> None:
        self.debounce = debounce
        self.today = today
        self.units = Units(None)
        self.initialized = False
        self.shut_down = False
        self.resolve = False  # the client resolves a code action's edit when it is chosen
        self._lock = threading.Lock()  # guards the dicts below
        self.texts: dict[str, Text] = {}
        self.linted: dict[str, tuple[Text, Linted]] = {}
        self.parsed: dict[str, Document] = {}
        self.fixed: dict[str, tuple[Text, str | None]] = {}
        #: one fix-all of a document at a time: a second request for it reads the first's
        self._fixing: dict[str, threading.Lock] = {}
        self._out: queue.SimpleQueue[bytes | None] = queue.SimpleQueue()
        self._writer = threading.Thread(
            target=self._write, args=(out,), name="awesomelint-write", daemon=True
        )
        self._writer.start()
        self.linter = Linter(self.lint)
        self._notifications: dict[str, Callable[[Message], None]] = {
            "textDocument/didOpen": self.opened,
            "textDocument/didChange": self.changed,
            "textDocument/didSave": self.saved,
            "textDocument/didClose": self.closed,
        }
        self._slow: dict[str, Callable[[Message], Any]] = {
            "textDocument/codeAction": self.code_actions,
            "codeAction/resolve": self.resolve_action,
        }

    # -- the wire

    def send(self, message: Message) -> None:
        self._out.put(frame(message))

    def _write(self, out: BinaryIO) -> None:
        while (data := self._out.get()) is not None:
            try:
                out.write(data)
                out.flush()
            except (OSError, ValueError):  # the client is gone
                return

    def close(self) -> None:
        """Everything sent so far written out (for at most 10 s: a client that stopped reading)."""
        self._out.put(None)
        self._writer.join(10)

    def handle(self, message: Message) -> int | None:
        """Act on one message from the client; the exit code when it says ``exit``."""
        method = message.get("method")
        if not isinstance(method, str):
            return None  # a response: the server sends no requests
        params = message.get("params")
        params = params if isinstance(params, dict) else {}
        if method == "exit":
            return 0 if self.shut_down else 1
        if "id" in message:
            self.request(message["id"], method, params)
        elif self.initialized and not self.shut_down:
            handler = self._notifications.get(method)
            if handler is not None:
                try:
                    handler(params)
                except Exception as exc:  # a notification gets no answer: said on stderr
                    _complain(f"handling {method}", exc)
        return None

    def request(self, id_: Any, method: str, params: Message) -> None:
        if method == "initialize":
            self.initialized = True
            self.send(response(id_, self.initialize(params)))
        elif not self.initialized:
            self.send(error(id_, SERVER_NOT_INITIALIZED, "initialize first"))
        elif self.shut_down:
            self.send(error(id_, INVALID_REQUEST, "the server is shut down"))
        elif method == "shutdown":
            self.shut_down = True
            self.send(response(id_, None))
        elif method in self._slow:  # a fix-all may take long: never on the reading thread
            threading.Thread(target=self._answer, args=(id_, method, params), daemon=True).start()
        else:
            self.send(error(id_, METHOD_NOT_FOUND, f"unknown method {method!r}"))

    def _answer(self, id_: Any, method: str, params: Message) -> None:
        try:
            self.send(response(id_, self._slow[method](params)))
        except Exception as exc:
            _complain(f"answering {method}", exc)
            self.send(error(id_, INTERNAL_ERROR, f"{type(exc).__name__}: {exc}"))

    # -- the protocol

    def initialize(self, params: Message) -> Message:
        general = (params.get("capabilities") or {}).get("general") or {}
        encoding = choose_encoding(general.get("positionEncodings"))
        self.units = Units(encoding)
        action = ((params.get("capabilities") or {}).get("textDocument") or {}).get("codeAction") or {}
        self.resolve = "edit" in ((action.get("resolveSupport") or {}).get("properties") or [])
        return {
            "capabilities": {
                "positionEncoding": encoding,
                # change 1 (Full): each change sends the whole text, as the lint reads it
                "textDocumentSync": {"openClose": True, "change": 1, "save": {"includeText": False}},
                "codeActionProvider": {"codeActionKinds": [QUICK_FIX, FIX_ALL], "resolveProvider": True},
            },
            "serverInfo": {"name": "awesomelint", "version": __version__},
        }

    def opened(self, params: Message) -> None:
        item = params["textDocument"]
        self._set(item["uri"], Text(item.get("version"), item["text"]), 0)

    def changed(self, params: Message) -> None:
        uri = params["textDocument"]["uri"]
        text = None
        for change in params.get("contentChanges") or []:
            if "range" in change:  # the server asks for whole documents (sync kind Full)
                raise ValueError("a change of a range; the server reads whole documents only")
            text = change["text"]
        if text is not None:
            self._set(uri, Text(params["textDocument"].get("version"), text), self.debounce)

    def saved(self, params: Message) -> None:
        uri = params["textDocument"]["uri"]
        if "text" in params:
            self._set(uri, Text(self.texts[uri].version, params["text"]), 0, saved=True)
        elif uri in self.texts:
            self.linter.schedule(uri, 0, saved=True)

    def closed(self, params: Message) -> None:
        uri = params["textDocument"]["uri"]
        self.linter.forget(uri)
        with self._lock:
            for known in (self.texts, self.linted, self.parsed, self.fixed, self._fixing):
                known.pop(uri, None)
            self.send(notification("textDocument/publishDiagnostics", {"uri": uri, "diagnostics": []}))

    def _set(self, uri: str, text: Text, delay: float, saved: bool = False) -> None:
        with self._lock:
            self.texts[uri] = text
        self.linter.schedule(uri, delay, saved)

    # -- the work, off the reading thread

    def lint(self, uri: str, saved: bool) -> None:
        """Lint the newest version of a document and publish its diagnostics, unless it changed (or was
        closed) meanwhile: the lint of the newer version publishes."""
        with self._lock:
            text = self.texts.get(uri)
            previous = self.parsed.get(uri)
        if text is None:
            return
        linted = lint_text(uri, text.text, saved, self.today, previous, self.allow_private)
        diagnostics = [diagnostic(f, linted.lines, self.units) for f in linted.findings]
        with self._lock:
            if linted.document is not None and uri in self.texts:
                self.parsed[uri] = linted.document
            if self.texts.get(uri) is not text:
                return
            self.linted[uri] = (text, linted)
            params = {"uri": uri, "version": text.version, "diagnostics": diagnostics}
            self.send(notification("textDocument/publishDiagnostics", params))  # in order with a close's

    def code_actions(self, params: Message) -> list[Message]:
        uri = params["textDocument"]["uri"]
        with self._lock:
            known = self.linted.get(uri)
            current = self.texts.get(uri)
        if known is None or known[0] is not current:
            return []  # not linted yet, or edited since: the findings' lines may have moved
        text, linted = known
        wanted = (params.get("context") or {}).get("only") or []
        actions: list[Message] = []
        if not wanted or any(k.startswith(QUICK_FIX) for k in wanted):
            actions.extend(self._quick_fixes(uri, text, linted, params["range"]))
        if (not wanted or any(FIX_ALL.startswith(k) for k in wanted)) and any(f.fix for f in linted.findings):
            action = {"title": "awesomelint: fix all (as --fix)", "kind": FIX_ALL}
            if self.resolve:  # the edit when the action is chosen: not at every move of the cursor
                actions.append({**action, "data": {"uri": uri, "version": text.version}})
            elif (edit := self._fix_all_edit(uri, text)) is not None:
                actions.append({**action, "edit": edit})
        return actions

    def resolve_action(self, action: Message) -> Message:
        """``codeAction/resolve``: the edit of the fix-all, for the version the action was offered on (an
        action of an older version, or one that fixes nothing, comes back as it was)."""
        data = action.get("data") or {}
        uri = data.get("uri")
        if not isinstance(uri, str) or action.get("kind") != FIX_ALL:
            return action
        with self._lock:
            text = self.texts.get(uri)
        if text is None or text.version != data.get("version"):
            return action
        edit = self._fix_all_edit(uri, text)
        return action if edit is None else {**action, "edit": edit}

    def _fix_all_edit(self, uri: str, text: Text) -> Message | None:
        fixed = self._fixed(uri, text)
        return None if fixed is None else {"changes": {uri: [whole_edit(text.text, fixed, self.units)]}}

    def _quick_fixes(self, uri: str, text: Text, linted: Linted, where: Message) -> list[Message]:
        eol = "\r\n" if "\r\n" in text.text else "\n"
        final_newline = text.text.endswith(("\n", "\r"))
        first, last = where["start"]["line"] + 1, where["end"]["line"] + 1
        actions = []
        for f in linted.findings:
            if f.fix is None or not (f.line <= last and (f.end_line or f.line) >= first):
                continue
            edit = fix_edit(f.fix, linted.lines, eol, final_newline, self.units)
            actions.append(
                {
                    "title": f"awesomelint: {f.fix.description or 'fix ' + f.rule} ({f.code})",
                    "kind": QUICK_FIX,
                    "diagnostics": [diagnostic(f, linted.lines, self.units)],
                    "isPreferred": True,
                    "edit": {"changes": {uri: [edit]}},
                }
            )
        return actions

    def _fixed(self, uri: str, text: Text) -> str | None:
        """The fix-all of one version of a document, computed once (an editor asks for code actions at
        every move of the cursor)."""
        with self._lock:
            fixing = self._fixing.setdefault(uri, threading.Lock())
        with fixing:
            with self._lock:
                known = self.fixed.get(uri)
            if known is not None and known[0] is text:
                return known[1]
            fixed = fix_all(uri, text.text, self.today)
            with self._lock:
                if uri in self.texts:
                    self.fixed[uri] = (text, fixed)
            return fixed


def serve(
    stdin: BinaryIO | None = None,
    stdout: BinaryIO | None = None,
    today: dt.date | None = None,
    debounce: float = DEBOUNCE_SECONDS,
    allow_private: Sequence[str] = (),
) -> int:
    """Speak LSP on stdin and stdout until the client says exit (0 after a shutdown, else 1, as the
    protocol says; the end of stdin counts as an exit)."""
    stdin = stdin or sys.stdin.buffer
    # The collector's young passes run as usual; its full passes, which walk every document held (with a
    # large list open, a pause of every thread long enough to miss the answer time the tests hold), only
    # when the server is idle.
    # A lint and a fix make no reference cycles: a full pass is there for what other code may leave.
    young, middle, _ = gc.get_threshold()
    gc.set_threshold(young, middle, 1 << 30)
    server = Server(stdout or sys.stdout.buffer, debounce, today)
    server.allow_private = allow_private
    code = None
    while code is None:
        try:
            message = read_message(stdin)
        except BadMessage as exc:
            server.send(error(None, PARSE_ERROR, str(exc)))  # the request's id is unknown
            continue
        except FramingError as exc:
            _complain("reading the client's messages", exc)
            code = 1
            break
        if message is None:
            code = 0 if server.shut_down else 1
            break
        code = server.handle(message)
    server.close()
    return code
