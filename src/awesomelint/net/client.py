"""The HTTP client every online check shares: one requests session on urllib3.

- Connections go only to addresses the :class:`~awesomelint.net.guard.AddressGuard` checked, on the first
  request and on every redirect hop (redirects are followed here, one request per hop).
- One URL: HEAD first, then a streamed GET when HEAD is refused or unreliable; a body is never
  downloaded (a badge's image is read up to a small cap).
- A total deadline per URL (``timeout``), enforced by a watchdog that shuts the socket down when it
  passes, so a server that trickles bytes cannot hold a check longer than that.
- :class:`Scheduler`: a global concurrency cap and a per-host cap, retries with exponential backoff for
  connection resets and 429/502/503/504, honouring ``Retry-After`` (capped, and never past the deadline).
- ``GITHUB_TOKEN`` goes to GitHub hosts over HTTPS only, decided afresh for every hop.

This module imports requests and urllib3 at import time: import it only on the online path.
"""

from __future__ import annotations

import contextlib
import errno
import heapq
import itertools
import random
import socket
import ssl
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

import requests
import urllib3
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import ConnectTimeoutError, NameResolutionError, NewConnectionError

from awesomelint._version import __version__
from awesomelint.net import classify as C
from awesomelint.net.classify import Outcome
from awesomelint.net.guard import AddressGuard, AddressRefused

USER_AGENT = (
    f"awesomelint/{__version__} (link checker for curated lists; +https://github.com/awesomelint/awesomelint)"
)
#: (scheme, host, port) that may receive GITHUB_TOKEN
GITHUB_ORIGINS = frozenset(
    ("https", host, 443)
    for host in (
        "github.com",
        "api.github.com",
        "raw.githubusercontent.com",
        "gist.github.com",
        "codeload.github.com",
    )
)
#: HEAD answers that a GET may contradict (servers that refuse or mishandle HEAD)
HEAD_FALLBACK = frozenset({400, 403, 404, 405, 406, 410, 451, 500, 501})
RETRY_STATUSES = frozenset({429, 502, 503, 504})
RETRY_ERRORS = frozenset({C.RESET, C.DNS_FAILED})
#: most bytes read of a badge image (hosts in ``badge_hosts``: fetched with GET and their text read)
_BADGE_READ_CAP = 256 * 1024
_DRAIN_CAP = 64 * 1024  # a small body is read so that its connection can be reused


@dataclass
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

    def arm(self, deadline: float, conn: Any, state: _State) -> int:
        token = next(self._seq)
        with self._cond:
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
        """Cut every attempt in flight now (the run was interrupted or stopped early)."""
        with self._cond:
            entries = list(self._live.values())
            self._live.clear()
        for conn, state in entries:
            state.fired = True
            _shutdown(conn)

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


class _Attempt(threading.local):
    state: _State | None = None


_attempt = _Attempt()


def _arm(conn: Any) -> None:
    state = _attempt.state
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
            _arm(self)
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
    def __init__(self, guard: AddressGuard, pool_maxsize: int) -> None:
        self._guard = guard
        super().__init__(pool_connections=256, pool_maxsize=pool_maxsize, max_retries=0)

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
    for classify in (_guard_error, _dns_error, _url_error, _tls_error, _connect_error, _transport_error):
        found = classify(chain, exc)
        if found is not None:
            out.error, out.detail = found
            if out.error == C.GUARD and hops:
                out.detail = f"redirected to {final}; {out.detail}"
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


def _tls_error(chain: list[BaseException], exc: BaseException) -> _Found:
    for e in chain:
        if isinstance(e, ssl.SSLError | ssl.CertificateError) or type(e).__name__ in (
            "SSLError",
            "CertificateError",
        ):
            reason = getattr(e, "verify_message", None) or getattr(e, "reason", None) or str(e)
            return C.TLS, str(reason)[:200]
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


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - (now if now is not None else time.time()))


def _session(settings: ClientSettings, guard: AddressGuard) -> requests.Session:
    """A session whose connections go only where the guard allows, with no proxy or credentials from the
    environment."""
    session = requests.Session()
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
    adapter = _GuardedAdapter(guard, pool_maxsize=max(settings.per_host, 1) * 2)
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

    def close(self) -> None:
        self.session.close()
        self.watchdog.close()

    def abort(self) -> None:
        self.guard.lookups.abort.set()
        self.watchdog.fire_all()

    def is_badge(self, url: str) -> bool:
        return host_key(url) in self.settings.badge_hosts

    def headers_for(self, url: str) -> dict[str, str]:
        """Per-request headers: the GitHub token only for a GitHub origin (scheme, host and port)."""
        token = self.settings.github_token
        if token and origin(url) in self.settings.token_origins:
            return {"Authorization": f"Bearer {token}"}
        return {}

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
        late = out.status is None and time.monotonic() >= deadline - 0.01
        if (state.fired or late) and out.error not in (C.GUARD, C.INVALID_URL, C.DNS_FAILED, C.DNS_NOT_FOUND):
            # the deadline cut the answer short: whatever came before it proves nothing
            out = Outcome(url=url, error=C.TIMEOUT, redirects=out.redirects, final_url=out.final_url)
        if out.error == C.TIMEOUT:
            out.timed_out_after = self.settings.timeout
        out.elapsed = time.monotonic() - start
        return out

    def _attempt(self, url: str, deadline: float) -> Outcome:
        s = self.settings
        current = url.split("#", 1)[0]
        method = "GET" if self.is_badge(current) else "HEAD"
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
                    headers=self.headers_for(current),
                    allow_redirects=False,
                    stream=True,
                    timeout=(min(s.connect_timeout, remaining), remaining),
                )
            except Exception as exc:
                return _error_outcome(url, exc, hops, current)
            sent = method
            try:
                status = resp.status_code
                if method == "HEAD" and status in HEAD_FALLBACK:
                    method = "GET"
                    continue
                location = resp.headers.get("Location")
                if status in C.REDIRECTS and location:
                    step = self._redirect(url, current, status, location, hops, visits)
                    if isinstance(step, Outcome):
                        return step
                    current = step
                    method = "GET" if self.is_badge(current) else "HEAD"
                    continue
                return self._answer(url, current, method, resp, hops, deadline)
            finally:
                _finish(resp, sent)

    def _redirect(
        self,
        url: str,
        current: str,
        status: int,
        location: str,
        hops: list[tuple[int, str]],
        visits: dict[str, int],
    ) -> str | Outcome:
        """The next URL of a redirect (added to ``hops``), or the outcome that ends the chain."""
        with contextlib.suppress(UnicodeError):  # http.client reads headers as latin-1
            location = location.encode("latin-1").decode("utf-8")
        try:
            target = urljoin(current, location.strip()).split("#", 1)[0]
            scheme = urlsplit(target).scheme.lower()
        except ValueError:
            detail = f"Location {location[:200]!r}"
            return Outcome(url=url, error=C.BAD_REDIRECT, detail=detail, redirects=hops, final_url=current)
        hops.append((status, target))
        if scheme not in ("http", "https"):
            detail = f"to {target[:200]}"
            return Outcome(url=url, error=C.BAD_REDIRECT, detail=detail, redirects=hops, final_url=current)
        # a URL may come back once (a cookie set on the way can change the answer), not twice
        visits[target] = visits.get(target, 0) + 1
        if visits[target] > 2:
            chain = [url.split("#", 1)[0], *(t for _s, t in hops)]
            first = chain.index(target)
            cycle = chain[first : chain.index(target, first + 1) + 1]
            detail = " → ".join(cycle)
            return Outcome(url=url, error=C.REDIRECT_LOOP, detail=detail, redirects=hops, final_url=target)
        if len(hops) > self.settings.max_redirects:
            detail = str(self.settings.max_redirects)
            return Outcome(
                url=url, error=C.TOO_MANY_REDIRECTS, detail=detail, redirects=hops, final_url=target
            )
        return target

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
            retry_after=parse_retry_after(resp.headers.get("Retry-After")),
        )
        if self.is_badge(current) and method == "GET" and "svg" in resp.headers.get("Content-Type", "svg"):
            body = _read(resp, min(self.settings.max_bytes, _BADGE_READ_CAP), deadline)
            out.badge = C.badge_text(body)
        return out


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
        try:
            resp.raw.read(_DRAIN_CAP + 1, decode_content=False)
            resp.raw.release_conn()
            return
        except Exception:
            pass
    resp.close()


# ---- many URLs -------------------------------------------------------------------------------------------


@dataclass
class _Task:
    url: str
    host: str
    attempts: int = 0
    deadline: float | None = None


class Scheduler:
    """Checks many URLs at once: ``max_concurrency`` requests in flight, at most ``per_host`` per host, the
    host with the most waiting URLs first; retries wait in a queue without holding a slot.

    A host that answers 429 (or 503 with Retry-After) gets half as many requests in flight at once, and
    one more with every other answer, up to ``per_host``; a host that answers so again while down to one
    request at a time is left alone until its Retry-After has passed. One URL's 429 costs that URL a wait,
    a host that rate-limits everything gets paused."""

    def __init__(self, client: HttpClient, sleep: Callable[[float], None] = time.sleep) -> None:
        self.client = client
        self.settings = client.settings
        self._sleep = sleep
        self._rng = random.Random()

    def _retry_delay(self, task: _Task, out: Outcome) -> float | None:
        s = self.settings
        retryable = (out.status in RETRY_STATUSES) or (out.status is None and out.error in RETRY_ERRORS)
        if not retryable or task.attempts > s.max_retries:
            return None
        if out.retry_after is not None:
            if out.retry_after > s.retry_after_cap:
                return None
            delay = out.retry_after
        else:
            delay = s.backoff * (2 ** (task.attempts - 1)) * self._rng.uniform(0.8, 1.2)
        assert task.deadline is not None
        if time.monotonic() + delay >= task.deadline - 0.05:
            return None  # the answer would come after the deadline: report what we know
        return delay

    def run(
        self, urls: Iterable[str], on_result: Callable[[str, Outcome], bool] | None = None
    ) -> dict[str, Outcome]:
        """Outcomes of the URLs; ``on_result`` sees each one as it comes and may stop the run by returning
        True (what was not checked then has no outcome)."""
        run = _Run(self.settings)
        for url in dict.fromkeys(urls):
            task = _Task(url=url, host=host_key(url))
            run.queues.setdefault(task.host, deque()).append(task)
        results: dict[str, Outcome] = {}
        executor = ThreadPoolExecutor(
            max_workers=self.settings.max_concurrency, thread_name_prefix="awesomelint-net"
        )
        finished = False
        self.client.guard.lookups.abort.clear()
        try:
            while run.busy():
                now = time.monotonic()
                run.release_delayed(now)
                run.dispatch(
                    now,
                    # dispatch sets a task's deadline before it submits the task
                    lambda task: executor.submit(self.client.attempt, task.url, task.deadline),  # type: ignore[arg-type]
                )
                timeout = run.next_wake(now)
                if not run.inflight:
                    if timeout is None:
                        break  # nothing left that can ever run (cannot happen: queues drain above)
                    self._sleep(timeout)
                    continue
                done, _pending = wait(list(run.inflight), timeout=timeout, return_when=FIRST_COMPLETED)
                for fut in done:
                    task, out = run.complete(fut)
                    if self._requeue(run, task, out):
                        continue
                    results[task.url] = out
                    if on_result is not None and on_result(task.url, out):
                        return results
            finished = True
        finally:
            if not finished:  # interrupted or stopped early: nothing may linger until its deadline
                self.client.abort()
            executor.shutdown(wait=False, cancel_futures=True)
        return results

    def _requeue(self, run: _Run, task: _Task, out: Outcome) -> bool:
        """Adapt the host's window to the answer, and queue a retry when one is due; False: ``out`` is the
        URL's outcome."""
        s = self.settings
        limited = out.status == 429 or (out.status == 503 and out.retry_after is not None)
        current = run.window.get(task.host, float(s.per_host))
        if limited:
            run.window[task.host] = max(1.0, current / 2)
        elif out.status is not None:
            run.window[task.host] = min(float(s.per_host), current + 1)
        delay = self._retry_delay(task, out)
        if delay is None:
            return False
        when = time.monotonic() + delay
        if limited and current <= 1.0:  # rate limited even one at a time: pause the host
            run.host_not_before[task.host] = max(run.host_not_before.get(task.host, 0.0), when)
        heapq.heappush(run.delayed, (when, next(run.seq), task))
        return True


class _Run:
    """The state of one :meth:`Scheduler.run`: queued, delayed and in-flight tasks, per-host windows."""

    def __init__(self, settings: ClientSettings) -> None:
        self.settings = settings
        self.queues: dict[str, deque[_Task]] = {}
        self.inflight_by_host: dict[str, int] = {}
        self.host_not_before: dict[str, float] = {}
        self.window: dict[str, float] = {}  # requests in flight allowed per host now (429 halves it)
        self.delayed: list[tuple[float, int, _Task]] = []
        self.seq = itertools.count()
        self.inflight: dict[Future[Outcome], _Task] = {}

    def busy(self) -> bool:
        return any(self.queues.values()) or bool(self.delayed) or bool(self.inflight)

    def release_delayed(self, now: float) -> None:
        while self.delayed and self.delayed[0][0] <= now:
            _when, _n, task = heapq.heappop(self.delayed)
            self.queues.setdefault(task.host, deque()).appendleft(task)

    def dispatch(self, now: float, submit: Callable[[_Task], Future[Outcome]]) -> None:
        """Start requests while slots are free: the host with the most waiting URLs first, within its
        window and pause."""
        s = self.settings
        while len(self.inflight) < s.max_concurrency:
            best: str | None = None
            best_len = 0
            for host, queue in self.queues.items():
                if (
                    queue
                    and self.inflight_by_host.get(host, 0) < int(self.window.get(host, s.per_host))
                    and self.host_not_before.get(host, 0.0) <= now
                    and len(queue) > best_len
                ):
                    best, best_len = host, len(queue)
            if best is None:
                return
            task = self.queues[best].popleft()
            if task.deadline is None:
                task.deadline = now + s.timeout
            task.attempts += 1
            self.inflight[submit(task)] = task
            self.inflight_by_host[best] = self.inflight_by_host.get(best, 0) + 1

    def next_wake(self, now: float) -> float | None:
        """Seconds until a delayed task or a paused host can run; None when nothing waits."""
        wakes = [self.delayed[0][0]] if self.delayed else []
        wakes += [t for h, t in self.host_not_before.items() if t > now and self.queues.get(h)]
        return max(0.0, min(wakes) - now) if wakes else None

    def complete(self, fut: Future[Outcome]) -> tuple[_Task, Outcome]:
        task = self.inflight.pop(fut)
        self.inflight_by_host[task.host] -= 1
        try:
            out = fut.result()
        except Exception as exc:  # pragma: no cover - attempt() never raises
            out = _error_outcome(task.url, exc, [], task.url)
        out.attempts = task.attempts
        return task, out
