"""One request to an API host (GitHub GraphQL, the arXiv export API) through the run's guarded session.

The session is the :class:`~awesomelint.net.http.fetch.HttpClient`'s, so the address guard applies to the
API hosts as to every link. Redirects are never followed (an API that redirects is not answering, and a token
must not travel on), the body is read up to a cap and never past the deadline, and the caller decides the
headers: the token is added only by the GitHub module, only for the configured API origin.

This module imports nothing heavy itself; it is reached only on the online path."""

from __future__ import annotations

import socket
import time
from typing import TYPE_CHECKING

from awesomelint._record import field, record
from awesomelint.net.guard import AddressRefused

if TYPE_CHECKING:
    from awesomelint.net.http.fetch import HttpClient

#: most bytes read of one API answer (100 repositories or 200 papers fit in far less)
API_BODY_CAP = 8 * 1024 * 1024


@record
class ApiResponse:
    status: int | None  # None: no answer (``error`` says why)
    headers: dict[str, str] = field(default_factory=dict)  # lower-cased names
    body: bytes = b""
    error: str = ""
    elapsed: float = 0.0
    #: no use asking again: the name does not resolve, the guard refused the address, nobody listens
    fatal: bool = False

    def header(self, name: str) -> str | None:
        return self.headers.get(name.lower())


def api_request(
    client: HttpClient,
    method: str,
    url: str,
    *,
    headers: dict[str, str],
    body: bytes | None = None,
    timeout: float,
    cap: int = API_BODY_CAP,
) -> ApiResponse:
    """One request, no redirect followed, at most ``cap`` bytes read within ``timeout`` seconds; every
    failure is an :class:`ApiResponse` with an error, never an exception."""
    start = time.monotonic()
    deadline = start + timeout
    try:
        resp = client.session.request(
            method,
            url,
            headers=headers,
            data=body,
            allow_redirects=False,
            stream=True,
            timeout=(min(10.0, timeout), timeout),
        )
    except Exception as exc:  # a refused address, a reset, a timeout: an answer of its own
        reason, fatal = _reason(exc)
        return ApiResponse(None, error=reason, elapsed=time.monotonic() - start, fatal=fatal)
    try:
        chunks: list[bytes] = []
        total = 0
        for chunk in resp.iter_content(chunk_size=65536):
            chunks.append(chunk)
            total += len(chunk)
            if total > cap:
                return ApiResponse(
                    None, error=f"answer larger than {cap} bytes", elapsed=time.monotonic() - start
                )
            if time.monotonic() > deadline:
                return ApiResponse(
                    None, error=f"no complete answer within {timeout:g} s", elapsed=time.monotonic() - start
                )
        return ApiResponse(
            resp.status_code,
            {k.lower(): v for k, v in resp.headers.items()},
            b"".join(chunks),
            elapsed=time.monotonic() - start,
        )
    except Exception as exc:
        return ApiResponse(None, error=_reason(exc)[0], elapsed=time.monotonic() - start)
    finally:
        resp.close()


def _reason(exc: BaseException) -> tuple[str, bool]:
    """A short reason, and whether asking again is pointless (a refused address, a name that does not
    resolve, a refused connection)."""
    seen: set[int] = set()
    stack: list[BaseException] = [exc]
    fatal = False
    while stack:
        e = stack.pop()
        if id(e) in seen:
            continue
        seen.add(id(e))
        if isinstance(e, AddressRefused):
            where = (
                f"{e.host} is {e.kind}"
                if e.host == e.address
                else f"{e.host} resolves to {e.address}, {e.kind}"
            )
            return f"not connected: {where}", True
        if isinstance(e, socket.gaierror | ConnectionRefusedError):
            fatal = True
        for nxt in (e.__cause__, e.__context__, getattr(e, "reason", None), *getattr(e, "args", ())):
            if isinstance(nxt, BaseException):
                stack.append(nxt)
    return f"{type(exc).__name__}: {str(exc)[:200]}", fatal
