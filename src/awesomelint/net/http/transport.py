"""The transport of the link checks: one requests session on urllib3 whose connections go only where the
address guard allows, and a watchdog that holds every attempt to its deadline.

- Connections go only to addresses the :class:`~awesomelint.net.guard.AddressGuard` checked, on the first
  request and on every redirect hop (the guard resolves the name; the connection connects to exactly the
  addresses it allowed).
- A total deadline per attempt, enforced by a :class:`Watchdog` that shuts the socket down when it passes,
  so a server that trickles bytes cannot hold a check longer than that.
- The GitHub token goes to GitHub origins over HTTPS only, decided for every request from the connection it
  goes out on (:func:`~awesomelint.net.safety.may_carry_token`), never from another parse of the URL.
- No proxy and no credentials from the environment.

This module imports requests and urllib3 at import time: import it only on the online path.
"""

from __future__ import annotations

import contextlib
import heapq
import itertools
import socket
import threading
import time
from typing import Any

import requests
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import ConnectTimeoutError, NameResolutionError, NewConnectionError
from urllib3.util import Url

from awesomelint._record import record
from awesomelint._version import __version__
from awesomelint.net.guard import AddressGuard, AddressRefused
from awesomelint.net.safety import GITHUB_ORIGINS, may_carry_token

USER_AGENT = (
    f"awesomelint/{__version__} (link checker for curated lists; +https://github.com/awesomelint/awesomelint)"
)


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


# ---- the watchdog: a hard deadline for every attempt ---------------------------------------------------


class Watchdog:
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

    def arm(self, deadline: float, conn: Any, state: AttemptState) -> int:
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


class AttemptState:
    """One attempt, as the watchdog sees it."""

    def __init__(self, deadline: float | None = None, watchdog: Watchdog | None = None) -> None:
        self.deadline = deadline
        self.watchdog = watchdog
        self.tokens: list[int] = []
        self.fired = False
        self.requests = 0  # HTTP requests sent (a HEAD and its GET, every redirect hop)


class _ThisAttempt(threading.local):
    state: AttemptState | None = None


#: the attempt this thread runs (set by :meth:`~awesomelint.net.http.fetch.HttpClient.attempt`), for which
#: its connections arm the watchdog
this_attempt = _ThisAttempt()


def _arm(conn: Any, sending: bool = False) -> None:
    state = this_attempt.state
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


class _Session(requests.Session):
    def get_redirect_target(self, resp: requests.Response) -> str | None:
        """Redirects are followed by hand (``allow_redirects=False``), but requests still decodes a
        Location here, and a Location that is not UTF-8 raised; :mod:`~awesomelint.net.http.fetch` reads it instead."""
        return None


def open_session(settings: ClientSettings, guard: AddressGuard) -> requests.Session:
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
