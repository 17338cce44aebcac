"""What an exception raised on the way to an answer means: the :class:`~awesomelint.net.classify.Outcome`
of a request that got no answer (a refused address, DNS, an invalid URL, TLS, a refused or timed-out
connection, a reply that is not HTTP, a reset), the most telling cause first, in words a maintainer can
act on.

This module imports requests and urllib3 at import time: import it only on the online path.
"""

from __future__ import annotations

import errno
import http.client
import socket
import ssl
from collections.abc import Iterable

import requests
import urllib3
from urllib3.exceptions import ConnectTimeoutError, NewConnectionError

from awesomelint.net import classify as C
from awesomelint.net.classify import Outcome
from awesomelint.net.guard import AddressRefused


def _walk(exc: BaseException) -> Iterable[BaseException]:
    """The exception, its causes, contexts and wrapped reasons."""
    seen: set[int] = set()
    stack: list[BaseException] = [exc]
    while stack:
        e = stack.pop()
        if id(e) in seen:
            continue
        seen.add(id(e))
        yield e
        for nxt in (getattr(e, "reason", None), e.__cause__, e.__context__, *getattr(e, "args", ())):
            if isinstance(nxt, BaseException):
                stack.append(nxt)


def error_outcome(url: str, exc: BaseException, hops: list[tuple[int, str]], final: str) -> Outcome:
    """What an exception raised on the way to an answer means, most telling cause first."""
    chain = list(_walk(exc))
    out = Outcome(url=url, redirects=list(hops), final_url=final)
    classifiers = (_guard_error, _dns_error, _url_error, _tls_error, _connect_error, _protocol_error)
    for classify in (*classifiers, _transport_error):
        found = classify(chain, exc)
        if found is not None:
            out.error, out.detail = found
            if out.error == C.GUARD and hops:
                out.detail = f"redirected to {final}; {out.detail}"
            if out.error == C.INVALID_URL and hops:  # the list's link was fine: the server's redirect is not
                out.error, out.detail = C.BAD_REDIRECT, f"to {final[:200]}, not a valid URL ({out.detail})"
            return out
    out.error, out.detail = C.OTHER, f"{type(exc).__name__}: {str(exc)[:200]}"
    return out


_Found = tuple[str, str] | None  # (error kind, detail) or nothing found


def _guard_error(chain: list[BaseException], exc: BaseException) -> _Found:
    for e in chain:
        if isinstance(e, AddressRefused):
            where = (
                f"{e.host} is {e.kind}"
                if e.host == e.address
                else f"{e.host} resolves to {e.address}, {e.kind}"
            )
            return C.GUARD, where
    return None


def _dns_error(chain: list[BaseException], exc: BaseException) -> _Found:
    for e in chain:
        if isinstance(e, socket.gaierror):
            code = e.args[0] if e.args else None
            text = e.args[1] if len(e.args) > 1 else str(e)
            temporary = code in (socket.EAI_AGAIN, getattr(socket, "EAI_FAIL", -4))
            return (C.DNS_FAILED if temporary else C.DNS_NOT_FOUND), str(text)
    return None


_INVALID_URL = (
    requests.exceptions.InvalidURL
    | requests.exceptions.MissingSchema
    | requests.exceptions.InvalidSchema
    | urllib3.exceptions.LocationParseError
    | UnicodeError
)


def _url_error(chain: list[BaseException], exc: BaseException) -> _Found:
    if any(isinstance(e, _INVALID_URL) for e in chain):
        return C.INVALID_URL, str(exc).split("\n")[0][:200]
    return None


#: OpenSSL's reasons, in words a maintainer can act on
_TLS_REASONS = {
    "WRONG_VERSION_NUMBER": "the server does not speak TLS on this port",
    "UNSUPPORTED_PROTOCOL": "no TLS version in common with the server",
    "TLSV1_ALERT_PROTOCOL_VERSION": "no TLS version in common with the server",
    "SSLV3_ALERT_HANDSHAKE_FAILURE": "the TLS handshake failed (no cipher in common?)",
    "TLSV1_UNRECOGNIZED_NAME": "the server does not know this host name",
    "UNEXPECTED_EOF_WHILE_READING": "the server closed the connection during the TLS handshake",
}


def _tls_error(chain: list[BaseException], exc: BaseException) -> _Found:
    """The TLS failure as OpenSSL put it, without the wrappers' class names and retry counts."""
    for e in chain:
        if isinstance(e, ssl.SSLCertVerificationError):
            return C.TLS, f"the certificate is not valid: {e.verify_message or e.reason}"[:200]
        if isinstance(e, ssl.CertificateError):
            return C.TLS, f"the certificate is not valid: {e}"[:200]
    for e in chain:
        if isinstance(e, ssl.SSLError):
            reason = str(e.reason or "")
            words = _TLS_REASONS.get(reason) or (reason.replace("_", " ").lower() or "the handshake failed")
            return C.TLS, words[:200]
    return None


def _protocol_error(chain: list[BaseException], exc: BaseException) -> _Found:
    """An answer that is not HTTP (a malformed status line, too many or too long header lines): the server
    answered, wrongly; asking again gets the same."""
    for e in chain:
        if isinstance(e, http.client.RemoteDisconnected | http.client.IncompleteRead):
            return None  # a closed connection: a reset, retried
        if isinstance(e, http.client.BadStatusLine):
            return C.PROTOCOL, f"a malformed status line {str(e)[:80]!r}"
        if isinstance(e, http.client.LineTooLong):
            return C.PROTOCOL, "a header line longer than any client reads"
        if isinstance(e, http.client.HTTPException):
            return C.PROTOCOL, str(e)[:200] or type(e).__name__
    return None


def _connect_error(chain: list[BaseException], exc: BaseException) -> _Found:
    for e in chain:
        if isinstance(e, ConnectionRefusedError):
            return C.CONNECT_REFUSED, "connection refused"
        if isinstance(e, OSError) and e.errno in (errno.ENETUNREACH, errno.EHOSTUNREACH, errno.EADDRNOTAVAIL):
            return C.UNREACHABLE, e.strerror or str(e)
    if any(isinstance(e, ConnectTimeoutError) and not isinstance(e, NewConnectionError) for e in chain):
        return C.CONNECT_TIMEOUT, ""
    for e in chain:
        if isinstance(e, NewConnectionError):
            cause = e.__cause__
            return C.UNREACHABLE, (getattr(cause, "strerror", None) or str(cause or e))[:200]
    return None


_TIMEOUTS = TimeoutError | requests.exceptions.Timeout | urllib3.exceptions.TimeoutError
_RESETS = (
    ConnectionError
    | requests.exceptions.ConnectionError
    | urllib3.exceptions.ProtocolError
    | requests.exceptions.ChunkedEncodingError
)


def _transport_error(chain: list[BaseException], exc: BaseException) -> _Found:
    if any(isinstance(e, _TIMEOUTS) for e in chain):
        return C.TIMEOUT, ""
    if any(isinstance(e, _RESETS) for e in chain):
        return C.RESET, "connection reset"
    return None
