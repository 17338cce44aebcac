"""JSON-RPC 2.0 messages framed as the Language Server Protocol's base protocol frames them: headers
(``Content-Length: N``), an empty line, then N bytes of UTF-8 JSON.

Standard library only: importing pygls and lsprotocol takes longer than the language server's whole
start-up budget (``benchmarks/server.py`` prints both).
"""

from __future__ import annotations

import json
from typing import Any, BinaryIO

Message = dict[str, Any]

#: JSON-RPC's and the LSP's error codes
PARSE_ERROR = -32700
INVALID_REQUEST = -32600
METHOD_NOT_FOUND = -32601
INVALID_PARAMS = -32602
INTERNAL_ERROR = -32603
SERVER_NOT_INITIALIZED = -32002

#: the longest header line read (a real one is under 100 bytes) and the largest body accepted
MAX_HEADER = 1024
MAX_BODY = 256 * 1024 * 1024


class FramingError(Exception):
    """The stream is not framed as the base protocol says: nothing after it can be read."""


class BadMessage(Exception):
    """A frame whose body is not a JSON object: the stream goes on with the next frame."""


def read_message(stream: BinaryIO) -> Message | None:
    """The next message of ``stream``; None at its end (before a frame starts)."""
    length = None
    first = True
    while True:
        line = stream.readline(MAX_HEADER)
        if not line:
            if first:
                return None
            raise FramingError("the stream ended inside a frame's headers")
        first = False
        if line in (b"\r\n", b"\n"):
            break
        if not line.endswith(b"\n"):
            raise FramingError(f"a header line longer than {MAX_HEADER} bytes")
        name, sep, value = line.partition(b":")
        if not sep:
            raise FramingError(f"not a header: {line[:80]!r}")
        if name.strip().lower() == b"content-length":
            text = value.strip()
            if not text.isdigit() or int(text) > MAX_BODY:
                raise FramingError(f"a bad Content-Length: {text[:40]!r}")
            length = int(text)
    if length is None:
        raise FramingError("a frame without Content-Length")
    body = stream.read(length)
    if len(body) < length:
        raise FramingError("the stream ended inside a frame's body")
    try:
        message = json.loads(body)
    except ValueError as exc:  # JSON's errors and a body that is not UTF-8
        raise BadMessage(f"not JSON: {exc}") from None
    if not isinstance(message, dict):
        raise BadMessage("not a JSON object")
    return message


def frame(message: Message) -> bytes:
    """The bytes of ``message`` on the wire: ASCII JSON (every other character escaped, so that a lone
    surrogate from a document is valid JSON, never invalid UTF-8)."""
    body = json.dumps(message, separators=(",", ":")).encode("ascii")
    return b"Content-Length: %d\r\n\r\n%s" % (len(body), body)


def response(id_: Any, result: Any) -> Message:
    return {"jsonrpc": "2.0", "id": id_, "result": result}


def error(id_: Any, code: int, message: str) -> Message:
    return {"jsonrpc": "2.0", "id": id_, "error": {"code": code, "message": message}}


def notification(method: str, params: Any) -> Message:
    return {"jsonrpc": "2.0", "method": method, "params": params}
