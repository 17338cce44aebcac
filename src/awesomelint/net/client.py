"""The HTTP client every online check shares: one requests session on urllib3.

- Connections go only to addresses the :class:`~awesomelint.net.guard.AddressGuard` checked, on the first
  request and on every redirect hop (redirects are followed here, one request per hop).
- One URL: HEAD first, then a streamed GET when HEAD is refused or unreliable; a body is never
  downloaded (a badge's image is read up to a small cap).
- A total deadline per URL (``timeout``), enforced by a watchdog that shuts the socket down when it
  passes, so a server that trickles bytes cannot hold a check longer than that.
- :class:`Scheduler`: a global concurrency cap and a per-host cap, retries with exponential backoff for
  connection resets and 429/502/503/504, honouring ``Retry-After`` (capped, and never past the deadline).
- The GitHub token goes to GitHub origins over HTTPS only, decided for every request from the connection it
  goes out on (:func:`~awesomelint.net.safety.may_carry_token`); a URL that parsers could read with
  different hosts is never fetched (:func:`~awesomelint.net.safety.ambiguity`), nor followed as a redirect.

This module imports requests and urllib3 at import time: import it only on the online path.
"""

from __future__ import annotations

import contextlib
import errno
import heapq
import http.client
import itertools
import random
import socket
import ssl
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from typing import Any
from urllib.parse import urljoin, urlsplit

import requests
import urllib3
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import ConnectTimeoutError, NameResolutionError, NewConnectionError
from urllib3.util import Url

from awesomelint._record import record
from awesomelint._version import __version__
from awesomelint.net import classify as C
from awesomelint.net.classify import Outcome
from awesomelint.net.guard import AddressGuard, AddressRefused
from awesomelint.net.pace import Hint, HostPace, read_hint
from awesomelint.net.safety import GITHUB_ORIGINS, ambiguity, may_carry_token, normalise

USER_AGENT = (
    f"awesomelint/{__version__} (link checker for curated lists; +https://github.com/awesomelint/awesomelint)"
)
#: HEAD answers that a GET may contradict (servers that refuse or mishandle HEAD)
HEAD_FALLBACK = frozenset({400, 403, 404, 405, 406, 410, 451, 500, 501})
RETRY_STATUSES = frozenset({429, 502, 503, 504})
RETRY_ERRORS = frozenset({C.RESET, C.DNS_FAILED})
#: most bytes read of a badge image (hosts in ``badge_hosts``: fetched with GET and their text read)
_BADGE_READ_CAP = 256 * 1024
_DRAIN_CAP = 64 * 1024  # a small body is read so that its connection can be reused
_DRAIN_WAIT = 0.5  # seconds a small body may take to arrive once the answer is known


@record
class ClientSettings:
    timeout: float = 20.0  # total seconds per URL, retries included
    connect_timeout: float = 10.0
    max_concurrency: int = 32
    per_host: int = 8
    max_redirects: int = 10
    max_bytes: int = 1_000_000
    max_retries: int = 3
    backoff: float = 0.5  # first retry delay without Retry-After; doubles each time
    retry_after_cap: float = 60.0
    github_token: str | None = None
    token_origins: frozenset[tuple[str, str, int]] = GITHUB_ORIGINS
    verify: bool | str = True  # TLS verification: True (certifi's roots) or the path of a CA bundle
    user_agent: str = USER_AGENT
    badge_hosts: frozenset[str] = frozenset()  # hosts whose response body (a badge's text) is read


def origin(url: str) -> tuple[str, str, int] | None:
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        port = parts.port or {"http": 80, "https": 443}.get(parts.scheme.lower(), 0)
    except ValueError:
        return None
    return (parts.scheme.lower(), host, port)


def host_key(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


# ---- the watchdog: a hard deadline for every attempt ---------------------------------------------------


class _Watchdog:
    """Shuts down the socket of a connection whose attempt passed its deadline."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._heap: list[tuple[float, int]] = []
        self._live: dict[int, Any] = {}
        self._seq = itertools.count()
        self._thread: threading.Thread | None = None
        self._closed = False
        #: the run was cut (fire_all): a connection armed after that, by an attempt that was already
        #: under way, is cut at once instead of living until its deadline (a Ctrl-C must not wait for it)
        self._aborted = False

    def arm(self, deadline: float, conn: Any, state: _State) -> int:
        token = next(self._seq)
        with self._cond:
            if self._aborted:  # before this connection connects or sends: the attempt ends here
                state.fired = True
                _shutdown(conn)
                raise ConnectionAbortedError("the run was interrupted")
            self._live[token] = (conn, state)
            heapq.heappush(self._heap, (deadline, token))
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="awesomelint-watchdog", daemon=True)
                self._thread.start()
            self._cond.notify()
        return token

    def disarm(self, token: int) -> None:
        with self._cond:
            self._live.pop(token, None)

    def fire_all(self) -> None:
        """Cut every attempt in flight now, and every one armed later until :meth:`resume` (the run was
        interrupted or stopped early)."""
        with self._cond:
            self._aborted = True
            entries = list(self._live.values())
            self._live.clear()
        for conn, state in entries:
            state.fired = True
            _shutdown(conn)

    def resume(self) -> None:
        """A new run: connections live until their deadlines again."""
        with self._cond:
            self._aborted = False

    def close(self) -> None:
        with self._cond:
            self._closed = True
            self._cond.notify()
        if self._thread is not None:
            self._thread.join(timeout=1)

    def _run(self) -> None:
        with self._cond:
            while not self._closed:
                now = time.monotonic()
                while self._heap and (self._heap[0][0] <= now or self._heap[0][1] not in self._live):
                    _deadline, token = heapq.heappop(self._heap)
                    entry = self._live.pop(token, None)
                    if entry is not None:
                        entry[1].fired = True
                        _shutdown(entry[0])
                timeout = self._heap[0][0] - now if self._heap else None
                self._cond.wait(timeout)


def _shutdown(conn: Any) -> None:
    sock = getattr(conn, "sock", None)
    if sock is None:
        return
    # the plain socket's shutdown, also for a TLS socket: the reading thread sees EOF or an error
    with contextlib.suppress(OSError, TypeError, ValueError):
        socket.socket.shutdown(sock, socket.SHUT_RDWR)


class _State:
    """One attempt, as the watchdog sees it."""

    def __init__(self, deadline: float | None = None, watchdog: _Watchdog | None = None) -> None:
        self.deadline = deadline
        self.watchdog = watchdog
        self.tokens: list[int] = []
        self.fired = False
        self.requests = 0  # HTTP requests sent (a HEAD and its GET, every redirect hop)


class _Attempt(threading.local):
    state: _State | None = None


_attempt = _Attempt()


def _arm(conn: Any, sending: bool = False) -> None:
    state = _attempt.state
    if state is not None and sending:
        state.requests += 1
    if state is not None and state.deadline is not None and state.watchdog is not None:
        state.tokens.append(state.watchdog.arm(state.deadline, conn, state))


# ---- guarded connections ---------------------------------------------------------------------------------


def _guarded_pools(guard: AddressGuard) -> dict[str, type]:
    """Connection pool classes whose connections resolve through the guard and connect to exactly the
    addresses it allowed."""

    class _Guarded:
        host: str
        port: int
        timeout: Any
        socket_options: Any
        _dns_host: str

        def _new_conn(self) -> socket.socket:
            try:
                wait = self.timeout if isinstance(self.timeout, int | float) else None
                addresses = guard.resolve(self._dns_host, self.port, wait)
            except socket.gaierror as exc:
                raise NameResolutionError(self.host, self, exc) from exc  # type: ignore[arg-type]
            except AddressRefused as exc:
                raise NewConnectionError(self, f"refused: {exc}") from exc  # type: ignore[arg-type]
            err: OSError | None = None
            for family, sockaddr in addresses:
                sock = socket.socket(family, socket.SOCK_STREAM)
                try:
                    for opt in self.socket_options or ():
                        sock.setsockopt(*opt)
                    if isinstance(self.timeout, int | float):
                        sock.settimeout(self.timeout)
                    sock.connect(sockaddr)
                    return sock
                except TimeoutError as exc:
                    sock.close()
                    raise ConnectTimeoutError(self, f"Connection to {self.host} timed out") from exc
                except OSError as exc:
                    sock.close()
                    err = exc
            assert err is not None
            raise NewConnectionError(self, f"Failed to establish a new connection: {err}") from err  # type: ignore[arg-type]

        def connect(self) -> None:
            _arm(self)
            super().connect()  # type: ignore[misc]

        def request(self, *args: Any, **kwargs: Any) -> None:
            _arm(self, sending=True)
            super().request(*args, **kwargs)  # type: ignore[misc]

    class GuardedHTTPConnection(_Guarded, HTTPConnection):
        pass

    class GuardedHTTPSConnection(_Guarded, HTTPSConnection):
        pass

    class GuardedHTTPPool(HTTPConnectionPool):
        ConnectionCls = GuardedHTTPConnection

    class GuardedHTTPSPool(HTTPSConnectionPool):
        ConnectionCls = GuardedHTTPSConnection

    return {"http": GuardedHTTPPool, "https": GuardedHTTPSPool}


class _GuardedAdapter(HTTPAdapter):
    """Connections through the guard, and the GitHub token on exactly the connections that may carry it:
    decided from the connection pool the request goes out on (its scheme, host and port as urllib3 parsed
    them), never from another parse of the URL's text."""

    def __init__(self, guard: AddressGuard, settings: ClientSettings) -> None:
        self._guard = guard
        self._token = settings.github_token
        self._origins = settings.token_origins
        pool_maxsize = max(settings.per_host, 1) * 2
        super().__init__(pool_connections=256, pool_maxsize=pool_maxsize, max_retries=0)

    def send(self, request: requests.PreparedRequest, *args: Any, **kwargs: Any) -> requests.Response:
        # a caller's own Authorization (the GitHub API module's, for its configured origin) is its own;
        # page checks never set one (a URL with user:password@ is refused before it is requested)
        if self._token and "Authorization" not in request.headers:
            verify, cert = kwargs.get("verify", True), kwargs.get("cert")
            pool = self.get_connection_with_tls_context(request, verify, proxies=None, cert=cert)
            if may_carry_token(Url(scheme=pool.scheme, host=pool.host, port=pool.port), self._origins):
                request.headers["Authorization"] = f"Bearer {self._token}"
        return super().send(request, *args, **kwargs)

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = _guarded_pools(self._guard)

    def proxy_manager_for(self, proxy: str, **proxy_kwargs: Any) -> Any:  # pragma: no cover - never used
        raise RuntimeError("awesomelint does not send link checks through a proxy")


# ---- one URL ---------------------------------------------------------------------------------------------


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


def _error_outcome(url: str, exc: BaseException, hops: list[tuple[int, str]], final: str) -> Outcome:
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


class _Session(requests.Session):
    def get_redirect_target(self, resp: requests.Response) -> str | None:
        """Redirects are followed by hand (``allow_redirects=False``), but requests still decodes a
        Location here, and a Location that is not UTF-8 raised; :func:`_location_text` reads it instead."""
        return None


def _session(settings: ClientSettings, guard: AddressGuard) -> requests.Session:
    """A session whose connections go only where the guard allows, with no proxy or credentials from the
    environment."""
    session = _Session()
    session.trust_env = False  # no proxies, no .netrc credentials from the environment
    session.headers.clear()
    session.headers.update(
        {
            "User-Agent": settings.user_agent,
            "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,image/*;q=0.8,*/*;q=0.5",
            "Accept-Encoding": "gzip, deflate",
            "Accept-Language": "en;q=0.9, *;q=0.5",
            "Connection": "keep-alive",
        }
    )
    session.verify = settings.verify
    adapter = _GuardedAdapter(guard, settings)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session


class HttpClient:
    """One try at a URL at a time (:meth:`attempt`): HEAD, then GET where HEAD is refused; redirects
    followed by hand; a badge's body read for its text; never past the URL's deadline."""

    def __init__(self, settings: ClientSettings, guard: AddressGuard) -> None:
        self.settings = settings
        self.guard = guard
        self.watchdog = _Watchdog()
        self.session = _session(settings, guard)
        self._head_refused: set[str] = set()  # URLs whose HEAD needed a GET: a retry starts with GET

    def close(self) -> None:
        self.session.close()
        self.watchdog.close()

    def abort(self) -> None:
        self.guard.lookups.abort.set()
        self.watchdog.fire_all()

    def is_badge(self, url: str) -> bool:
        return host_key(url) in self.settings.badge_hosts

    def attempt(self, url: str, deadline: float) -> Outcome:
        """One try at a URL, redirects included, never past ``deadline`` (a monotonic time)."""
        start = time.monotonic()
        state = _attempt.state = _State(deadline, self.watchdog)
        try:
            out = self._attempt(url, deadline)
        except Exception as exc:  # anything unexpected is an outcome, never a traceback
            out = _error_outcome(url, exc, [], url)
        finally:
            for token in state.tokens:
                self.watchdog.disarm(token)
            _attempt.state = None
        late = time.monotonic() >= deadline - 0.01
        if (
            out.status is None
            and (state.fired or late)
            and out.error not in (C.GUARD, C.INVALID_URL, C.DNS_FAILED, C.DNS_NOT_FOUND)
        ):
            # the deadline cut the answer short: whatever came before it proves nothing
            out = Outcome(url=url, error=C.TIMEOUT, redirects=out.redirects, final_url=out.final_url)
        if out.error == C.TIMEOUT:
            out.timed_out_after = self.settings.timeout
        out.elapsed = time.monotonic() - start
        out.requests = state.requests
        return out

    def _attempt(self, url: str, deadline: float) -> Outcome:
        s = self.settings
        current = normalise(url.split("#", 1)[0])
        problem = ambiguity(current)
        if problem is not None:
            return Outcome(url=url, error=C.UNSAFE_URL, detail=problem, final_url=current)
        method = "GET" if self.is_badge(current) or current in self._head_refused else "HEAD"
        hops: list[tuple[int, str]] = []
        visits = {current: 1}
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return Outcome(url=url, error=C.TIMEOUT, redirects=hops, final_url=current)
            try:
                resp = self.session.request(
                    method,
                    current,
                    allow_redirects=False,
                    stream=True,
                    timeout=(min(s.connect_timeout, remaining), remaining),
                )
            except Exception as exc:
                return _error_outcome(url, exc, hops, current)
            state = _attempt.state
            if state is not None and state.fired:  # cut at the deadline before the headers were whole
                resp.close()
                return Outcome(url=url, error=C.TIMEOUT, redirects=hops, final_url=current)
            sent = method
            try:
                status = resp.status_code
                if method == "HEAD" and status in HEAD_FALLBACK:
                    method = "GET"
                    self._head_refused.add(current)
                    continue
                location = resp.headers.get("Location")
                if status in C.REDIRECTS and location:
                    step = _redirect(s.max_redirects, url, current, status, location, hops, visits)
                    if isinstance(step, Outcome):
                        return step
                    current = step
                    method = "GET" if self.is_badge(current) else "HEAD"
                    continue
                return self._answer(url, current, method, resp, hops, deadline)
            finally:
                _finish(resp, sent)

    def _answer(
        self,
        url: str,
        current: str,
        method: str,
        resp: requests.Response,
        hops: list[tuple[int, str]],
        deadline: float,
    ) -> Outcome:
        """The outcome of a final (non-redirect) answer; a badge's text is read from its body."""
        out = Outcome(
            url=url,
            status=resp.status_code,
            reason=resp.reason or "",
            redirects=hops,
            final_url=current,
        )
        hint = read_hint(resp.headers)
        out.quota = hint.remaining
        if hint.limit and hint.window:
            out.quota_rate = hint.limit / hint.window
        if resp.status_code in (429, 503) or hint.remaining == 0:
            out.retry_after = hint.wait
        if self.is_badge(current) and method == "GET" and "svg" in resp.headers.get("Content-Type", "svg"):
            body = _read(resp, min(self.settings.max_bytes, _BADGE_READ_CAP), deadline)
            out.badge = C.badge_text(body)
        return out


def _redirect(
    max_redirects: int,
    url: str,
    current: str,
    status: int,
    location: str,
    hops: list[tuple[int, str]],
    visits: dict[str, int],
) -> str | Outcome:
    """The next URL of a redirect (added to ``hops``), or the outcome that ends the chain."""
    location = _location_text(location)
    try:
        target = urljoin(current, location.strip()).split("#", 1)[0]
        scheme = urlsplit(target).scheme.lower()
        _port = urlsplit(target).port  # ValueError when out of range (99999)
    except ValueError as exc:
        detail = f"Location {location[:200]!r} ({str(exc)[:80]})"
        return Outcome(url=url, error=C.BAD_REDIRECT, detail=detail, redirects=hops, final_url=current)
    hops.append((status, target))
    if scheme not in ("http", "https"):
        detail = f"to {target[:200]}"
        return Outcome(url=url, error=C.BAD_REDIRECT, detail=detail, redirects=hops, final_url=current)
    target = normalise(target)
    problem = ambiguity(target)
    if problem is not None:
        detail = f"to {target[:200]}: {problem}"
        return Outcome(url=url, error=C.BAD_REDIRECT, detail=detail, redirects=hops, final_url=current)
    # a URL may come back once (a cookie set on the way can change the answer), not twice
    visits[target] = visits.get(target, 0) + 1
    if visits[target] > 2:
        chain = [url.split("#", 1)[0], *(t for _s, t in hops)]
        first = chain.index(target)
        cycle = chain[first : chain.index(target, first + 1) + 1]
        detail = " → ".join(cycle)
        return Outcome(url=url, error=C.REDIRECT_LOOP, detail=detail, redirects=hops, final_url=target)
    if len(hops) > max_redirects:
        detail = str(max_redirects)
        return Outcome(url=url, error=C.TOO_MANY_REDIRECTS, detail=detail, redirects=hops, final_url=target)
    return target


def _location_text(location: str) -> str:
    """A Location as text: http.client reads header bytes as Latin-1; UTF-8 bytes become their characters,
    and bytes that are not UTF-8 are percent-encoded (as browsers send them), never an invalid URL."""
    try:
        raw = location.encode("latin-1")
    except UnicodeError:
        return location
    try:
        return raw.decode("utf-8")
    except UnicodeError:
        return "".join(chr(b) if b < 0x80 else f"%{b:02X}" for b in raw)


def _read(resp: requests.Response, cap: int, deadline: float) -> bytes:
    chunks: list[bytes] = []
    total = 0
    try:
        for chunk in resp.iter_content(chunk_size=16384):
            chunks.append(chunk)
            total += len(chunk)
            if total >= cap or time.monotonic() >= deadline:
                break
    except Exception:  # a body cut short still shows what it had
        pass
    return b"".join(chunks)[:cap]


def _finish(resp: requests.Response, method: str) -> None:
    """Release the connection for reuse when that is cheap; close it otherwise."""
    try:
        length = int(resp.headers.get("Content-Length", "-1"))
    except ValueError:
        length = -1
    if method == "HEAD" or 0 <= length <= _DRAIN_CAP:
        # the answer is known: a body that stalls is cut after _DRAIN_WAIT, never waited for
        state, conn = _attempt.state, getattr(resp.raw, "connection", None)
        drain = _State(time.monotonic() + _DRAIN_WAIT, state.watchdog if state is not None else None)
        token = None
        try:  # (arming fails once the run is interrupted: the connection is then closed below)
            token = (
                drain.watchdog.arm(drain.deadline or 0.0, conn, drain) if drain.watchdog and conn else None
            )
            resp.raw.read(_DRAIN_CAP + 1, decode_content=False)
            if not drain.fired:
                resp.raw.release_conn()
                return
        except Exception:
            pass
        finally:
            if token is not None and drain.watchdog is not None:
                drain.watchdog.disarm(token)
    resp.close()


# ---- many URLs -------------------------------------------------------------------------------------------

#: seconds after which an attempt in flight no longer counts against its host's cap or the run's: a request
#: that hangs must not hold back the ones behind it (never more than twice the caps are in flight)
STALLED_AFTER = 2.0
#: retries of a URL whose host limits everyone: the waits are the host's, so they are not the URL's retries
PACED_RETRIES = 10
#: an attempt is not started with less than this left of the URL's timeout
_MIN_BUDGET = 0.5


def limited(out: Outcome) -> bool:
    """Whether an answer says "too many requests" (429, 503 with a wait, 403 with no quota left)."""
    return (
        out.status == 429
        or (out.status == 503 and out.retry_after is not None)
        or (out.status == 403 and out.quota == 0)
    )


@record(eq=False)
class _Task:
    url: str
    host: str
    attempts: int = 0
    paced_retries: int = 0
    used: float = 0.0  # seconds in flight so far: what ``timeout`` bounds (never the waits in our queues)
    started: float = 0.0
    inflight: bool = False
    stalled: bool = False


class Scheduler:
    """Checks many URLs at once: ``max_concurrency`` requests in flight, at most ``per_host`` per host, the
    host with the most waiting URLs first; retries wait in a queue without holding a slot.

    A URL's ``timeout`` counts only the time its requests are in flight: waiting for a slot, for its host's
    pace or for a retry never does. A 429 to one URL costs that URL a wait; a host that answers 429 to many
    URLs limits the host, and the host as a whole is then paced at the rate it tolerates
    (:class:`~awesomelint.net.pace.HostPace`): its URLs wait for their turn instead of failing."""

    def __init__(self, client: HttpClient, sleep: Callable[[float], None] = time.sleep) -> None:
        self.client = client
        self.settings = client.settings
        self._sleep = sleep
        self._rng = random.Random()

    def run(
        self, urls: Iterable[str], on_result: Callable[[str, Outcome], bool] | None = None
    ) -> dict[str, Outcome]:
        """Outcomes of the URLs; ``on_result`` sees each one as it comes and may stop the run by returning
        True (what was not checked then has no outcome)."""
        run = _Run(self.settings)
        for url in dict.fromkeys(urls):
            run.add(_Task(url=url, host=host_key(url)))
        results: dict[str, Outcome] = {}
        executor = ThreadPoolExecutor(
            max_workers=2 * self.settings.max_concurrency, thread_name_prefix="awesomelint-net"
        )
        finished = False
        self.client.guard.lookups.abort.clear()
        self.client.watchdog.resume()
        try:
            while run.busy():
                now = time.monotonic()
                run.release_delayed(now)
                run.dispatch(
                    now, lambda task, deadline: executor.submit(self.client.attempt, task.url, deadline)
                )
                timeout = run.next_wake(time.monotonic())
                if not run.inflight:
                    if timeout is None:
                        break  # nothing left that can ever run (cannot happen: queues drain above)
                    self._sleep(timeout)
                    continue
                done, _pending = wait(list(run.inflight), timeout=timeout, return_when=FIRST_COMPLETED)
                for fut in done:
                    task, out = run.complete(fut)
                    for url, final in self._settle(run, task, out):
                        results[url] = final
                        if on_result is not None and on_result(url, final):
                            return results
            finished = True
        finally:
            if not finished:  # interrupted or stopped early: nothing may linger until its deadline
                self.client.abort()
            executor.shutdown(wait=False, cancel_futures=True)
        return results

    def _settle(self, run: _Run, task: _Task, out: Outcome) -> list[tuple[str, Outcome]]:
        """Teach the host's pace the answer and queue a retry when one is due; what is final is returned."""
        s = self.settings
        now = time.monotonic()
        is_limited = limited(out)
        host_wide = False
        if out.status is not None:  # only answers teach the pace: a request that hangs says nothing
            hint = Hint(wait=out.retry_after, remaining=out.quota)
            if out.quota_rate:
                hint.limit, hint.window = max(1, round(out.quota_rate)), 1.0
            pace = run.pace(task.host)
            pace.sent_more(out.requests - 1, now)  # a HEAD's GET and redirect hops use the host's slots too
            host_wide = pace.answered(task.url, task.started, now, is_limited, hint)
        if is_limited and out.retry_after is not None and out.retry_after > s.retry_after_cap:
            if host_wide:  # the host wants a longer rest than we wait: its other URLs are not asked
                return [(task.url, out), *run.give_up(task.host, out)]
            return [(task.url, out)]
        delay = self._retry_delay(task, out, is_limited, host_wide)
        if delay is None:
            return [(task.url, out)]
        if host_wide:
            run.add(task, front=True)  # the host's pace says when
        else:
            heapq.heappush(run.delayed, (now + delay, next(run.seq), task))
        return []

    def _retry_delay(self, task: _Task, out: Outcome, is_limited: bool, host_wide: bool) -> float | None:
        s = self.settings
        retryable = (
            out.status in RETRY_STATUSES or is_limited or (out.status is None and out.error in RETRY_ERRORS)
        )
        if not retryable or s.timeout - task.used < _MIN_BUDGET:
            return None
        if host_wide:
            task.paced_retries += 1
            return 0.0 if task.paced_retries <= PACED_RETRIES else None
        if task.attempts - task.paced_retries > s.max_retries:
            return None
        if out.retry_after is not None:
            return out.retry_after
        exponent = task.attempts - task.paced_retries - 1
        return float(s.backoff * 2.0**exponent * self._rng.uniform(0.8, 1.2))


class _Run:
    """The state of one :meth:`Scheduler.run`: queued, delayed and in-flight tasks, the hosts' paces."""

    def __init__(self, settings: ClientSettings) -> None:
        self.settings = settings
        self.queues: dict[str, deque[_Task]] = {}
        self.paces: dict[str, HostPace] = {}
        self.delayed: list[tuple[float, int, _Task]] = []
        self.seq = itertools.count()
        self.inflight: dict[Future[Outcome], _Task] = {}
        self.by_host: dict[str, int] = {}
        self.stalled_by_host: dict[str, int] = {}
        self.stalled = 0
        self._fresh: deque[tuple[float, _Task]] = deque()  # (start, task) of attempts not yet stalled

    def pace(self, host: str) -> HostPace:
        pace = self.paces.get(host)
        if pace is None:
            pace = self.paces[host] = HostPace()
        return pace

    def add(self, task: _Task, front: bool = False) -> None:
        queue = self.queues.setdefault(task.host, deque())
        queue.appendleft(task) if front else queue.append(task)

    def busy(self) -> bool:
        return any(self.queues.values()) or bool(self.delayed) or bool(self.inflight)

    def release_delayed(self, now: float) -> None:
        while self.delayed and self.delayed[0][0] <= now:
            _when, _n, task = heapq.heappop(self.delayed)
            self.add(task, front=True)

    def give_up(self, host: str, out: Outcome) -> list[tuple[str, Outcome]]:
        """Every URL of a host that asked for a longer rest than we wait, not asked: says so."""
        waiting = list(self.queues.pop(host, ()))
        kept = [entry for entry in self.delayed if entry[2].host != host]
        waiting += [entry[2] for entry in self.delayed if entry[2].host == host]
        self.delayed = kept
        heapq.heapify(self.delayed)
        detail = f"{host} asked to wait {out.retry_after or 0:g} s"
        return [
            (t.url, Outcome(url=t.url, error=C.RATE_LIMITED, detail=detail, retry_after=out.retry_after))
            for t in waiting
        ]

    def _sweep(self, now: float) -> None:
        """Attempts in flight for longer than ``STALLED_AFTER`` stop counting against the caps."""
        while self._fresh and (
            not self._fresh[0][1].inflight
            or self._fresh[0][1].started != self._fresh[0][0]
            or self._fresh[0][0] <= now - STALLED_AFTER
        ):
            started, task = self._fresh.popleft()
            if task.inflight and task.started == started:
                task.stalled = True
                self.stalled += 1
                self.stalled_by_host[task.host] = self.stalled_by_host.get(task.host, 0) + 1

    def _has_slot(self, host: str) -> bool:
        s = self.settings
        n = self.by_host.get(host, 0)
        return n - self.stalled_by_host.get(host, 0) < s.per_host and n < 2 * s.per_host

    def dispatch(self, now: float, submit: Callable[[_Task, float], Future[Outcome]]) -> None:
        """Start requests while slots are free: the host with the most waiting URLs first, within its cap
        and its pace."""
        s = self.settings
        self._sweep(now)
        while (
            len(self.inflight) - self.stalled < s.max_concurrency
            and len(self.inflight) < 2 * s.max_concurrency
        ):
            best: str | None = None
            best_len = 0
            for host, queue in self.queues.items():
                if len(queue) <= best_len or not self._has_slot(host):
                    continue
                pace = self.paces.get(host)
                if pace is None or pace.ready_at() <= now:
                    best, best_len = host, len(queue)
            if best is None:
                return
            task = self.queues[best].popleft()
            task.attempts += 1
            task.started = now
            task.inflight, task.stalled = True, False
            self.pace(best).started(now)
            self.inflight[submit(task, now + max(s.timeout - task.used, _MIN_BUDGET))] = task
            self.by_host[best] = self.by_host.get(best, 0) + 1
            self._fresh.append((now, task))

    def next_wake(self, now: float) -> float | None:
        """Seconds until a delayed task, a paced host or a stalled slot can run; None when nothing waits."""
        wakes = [self.delayed[0][0]] if self.delayed else []
        if len(self.inflight) - self.stalled < self.settings.max_concurrency:  # else: a completion wakes us
            for host, queue in self.queues.items():
                pace = self.paces.get(host)
                if queue and pace is not None and pace.ready_at() > now and self._has_slot(host):
                    wakes.append(pace.ready_at())
        if self._fresh:
            wakes.append(self._fresh[0][0] + STALLED_AFTER)
        return max(0.0, min(wakes) - now) if wakes else None

    def complete(self, fut: Future[Outcome]) -> tuple[_Task, Outcome]:
        task = self.inflight.pop(fut)
        self.by_host[task.host] -= 1
        if task.stalled:
            self.stalled -= 1
            self.stalled_by_host[task.host] -= 1
        task.inflight = task.stalled = False
        try:
            out = fut.result()
        except Exception as exc:  # pragma: no cover - attempt() never raises
            out = _error_outcome(task.url, exc, [], task.url)
        task.used += out.elapsed
        out.attempts = task.attempts
        return task, out
