"""One URL at a time (:class:`HttpClient`): HEAD first, then a streamed GET when HEAD is refused or
unreliable; redirects followed by hand, one request per hop, each hop checked (scheme, ambiguity, loops,
count); a body is never downloaded (a badge's image is read up to a small cap, a small body drained so
that its connection can be reused); never past the URL's deadline.

A URL that parsers could read with different hosts is never fetched
(:func:`~awesomelint.net.safety.ambiguity`), nor followed as a redirect.

This module imports requests and urllib3 at import time: import it only on the online path.
"""

from __future__ import annotations

import time
from urllib.parse import urljoin, urlsplit

import requests

from awesomelint.net import classify as C
from awesomelint.net.classify import Outcome
from awesomelint.net.guard import AddressGuard
from awesomelint.net.http.errors import error_outcome
from awesomelint.net.http.transport import AttemptState, ClientSettings, Watchdog, open_session, this_attempt
from awesomelint.net.pace import read_hint
from awesomelint.net.safety import ambiguity, normalise

#: HEAD answers that a GET may contradict (servers that refuse or mishandle HEAD)
HEAD_FALLBACK = frozenset({400, 403, 404, 405, 406, 410, 451, 500, 501})
#: most bytes read of a badge image (hosts in ``badge_hosts``: fetched with GET and their text read)
_BADGE_READ_CAP = 256 * 1024
_DRAIN_CAP = 64 * 1024  # a small body is read so that its connection can be reused
_DRAIN_WAIT = 0.5  # seconds a small body may take to arrive once the answer is known


def host_key(url: str) -> str:
    """The host of a URL, lower-cased ('' when it has none): what the per-host caps and paces count."""
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


class HttpClient:
    """One try at a URL at a time (:meth:`attempt`): HEAD, then GET where HEAD is refused; redirects
    followed by hand; a badge's body read for its text; never past the URL's deadline."""

    def __init__(self, settings: ClientSettings, guard: AddressGuard) -> None:
        self.settings = settings
        self.guard = guard
        self.watchdog = Watchdog()
        self.session = open_session(settings, guard)
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
        state = this_attempt.state = AttemptState(deadline, self.watchdog)
        try:
            out = self._attempt(url, deadline)
        except Exception as exc:  # anything unexpected is an outcome, never a traceback
            out = error_outcome(url, exc, [], url)
        finally:
            for token in state.tokens:
                self.watchdog.disarm(token)
            this_attempt.state = None
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
                return error_outcome(url, exc, hops, current)
            state = this_attempt.state
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
        state, conn = this_attempt.state, getattr(resp.raw, "connection", None)
        drain = AttemptState(time.monotonic() + _DRAIN_WAIT, state.watchdog if state is not None else None)
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
