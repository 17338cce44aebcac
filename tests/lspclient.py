"""A language client that speaks to a real ``awesomelint server`` process over its pipes: JSON-RPC framed
as the protocol says, every message read on a thread and stamped with the time it arrived.

Independent of the server's own code (its framing is written again here), so that a test of the wire is
a test of the wire. Used by tests/test_server.py and benchmarks/server.py.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import queue
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from typing import Any

Message = dict[str, Any]


def frame(message: Message) -> bytes:
    body = json.dumps(message).encode("utf-8")
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


class StdioClient:
    def __init__(
        self, *args: str, cwd: str | None = None, env: dict[str, str] | None = None, python: str | None = None
    ) -> None:
        self.proc = subprocess.Popen(
            [python or sys.executable, "-m", "awesomelint", "server", *args],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            cwd=cwd,
            env={**os.environ, **(env or {})},
        )
        self.started = time.perf_counter()
        self.inbox: queue.Queue[tuple[float, Message | None]] = queue.Queue()
        self.held: list[tuple[float, Message]] = []  # read, not yet asked for
        self._ids = itertools.count(1)
        self._stderr: list[bytes] = []
        threading.Thread(target=self._read, daemon=True).start()
        self._err = threading.Thread(target=lambda: self._stderr.append(self.proc.stderr.read()), daemon=True)
        self._err.start()

    def _read(self) -> None:
        out = self.proc.stdout
        while True:
            length = None
            while True:
                line = out.readline()
                if not line:
                    self.inbox.put((time.perf_counter(), None))
                    return
                if line == b"\r\n":
                    break
                name, _, value = line.partition(b":")
                if name.lower() == b"content-length":
                    length = int(value)
            assert length is not None, "a frame without Content-Length"
            message = json.loads(out.read(length))
            self.inbox.put((time.perf_counter(), message))

    # -- sending

    def send(self, message: Message) -> float:
        self.proc.stdin.write(frame(message))
        self.proc.stdin.flush()
        return time.perf_counter()

    def request(self, method: str, params: Any = None) -> tuple[int, float]:
        """Send a request; its id and the time it left."""
        id_ = next(self._ids)
        return id_, self.send({"jsonrpc": "2.0", "id": id_, "method": method, "params": params})

    def notify(self, method: str, params: Any = None) -> float:
        return self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def open(self, uri: str, text: str, version: int = 1) -> float:
        item = {"uri": uri, "languageId": "markdown", "version": version, "text": text}
        return self.notify("textDocument/didOpen", {"textDocument": item})

    def change(self, uri: str, text: str, version: int) -> float:
        return self.notify(
            "textDocument/didChange",
            {"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": text}]},
        )

    def code_actions(
        self, uri: str, only: list[str] | None = None, first: int = 0, last: int = 0
    ) -> tuple[int, float]:
        where = {"start": {"line": first, "character": 0}, "end": {"line": last, "character": 0}}
        context: Message = {"diagnostics": []}
        if only is not None:
            context["only"] = only
        return self.request(
            "textDocument/codeAction", {"textDocument": {"uri": uri}, "range": where, "context": context}
        )

    # -- receiving

    def wait_for(self, wanted: Callable[[Message], bool], timeout: float) -> tuple[float, Message]:
        """The first message (held or to come) that ``wanted`` accepts, and when it arrived."""
        for i, (when, message) in enumerate(self.held):
            if wanted(message):
                del self.held[i]
                return when, message
        deadline = time.monotonic() + timeout
        while True:
            when, message = self.inbox.get(timeout=max(deadline - time.monotonic(), 0.001))
            if message is None:
                raise EOFError(f"the server ended; stderr: {self.stderr()!r}")
            if wanted(message):
                return when, message
            self.held.append((when, message))

    def response(self, id_: int, timeout: float) -> tuple[float, Message]:
        return self.wait_for(lambda m: m.get("id") == id_ and "method" not in m, timeout)

    def diagnostics(self, uri: str, timeout: float) -> tuple[float, Message]:
        """The next diagnostics published for ``uri``: when they arrived, and their params."""
        when, message = self.wait_for(
            lambda m: m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri,
            timeout,
        )
        return when, message["params"]

    def published(self) -> list[Message]:
        """Every diagnostics notification read so far and not yet asked for."""
        while True:
            try:
                when, message = self.inbox.get_nowait()
            except queue.Empty:
                break
            if message is not None:
                self.held.append((when, message))
        return [m["params"] for _, m in self.held if m.get("method") == "textDocument/publishDiagnostics"]

    def initialize(
        self, root_uri: str | None = None, capabilities: Message | None = None, timeout: float = 60
    ) -> tuple[float, Message]:
        id_, _ = self.request(
            "initialize", {"processId": os.getpid(), "rootUri": root_uri, "capabilities": capabilities or {}}
        )
        when, answer = self.response(id_, timeout)
        self.notify("initialized", {})
        return when, answer

    def shutdown_and_exit(self, timeout: float = 60) -> int:
        """A clean end, as an editor closes: ``shutdown``, its answer, ``exit``; the exit status."""
        id_, _ = self.request("shutdown")
        _, answer = self.response(id_, timeout)
        assert answer == {"jsonrpc": "2.0", "id": id_, "result": None}, answer
        self.notify("exit")
        return self.proc.wait(timeout)

    def stderr(self, timeout: float = 10) -> str:
        """What the server wrote on stderr (all of it once the process has ended)."""
        self._err.join(timeout if self.proc.poll() is not None else 0)
        return b"".join(self._stderr).decode("utf-8", "replace")

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(30)
        for stream in (self.proc.stdin, self.proc.stdout):
            with contextlib.suppress(OSError):
                stream.close()
