"""How fast one host may be asked: rate-limit hints read from a response, and the pacing of a host that
rate-limits as a whole.

A host such as GitHub or arXiv that answers 429 to many URLs at once limits the *host*, not a URL: every
request to it then waits for the host's next slot. :class:`HostPace` paces such a host at the rate it
tolerates. Its hints come first (``Retry-After`` as seconds or an HTTP date, ``x-ratelimit-reset`` with
``x-ratelimit-remaining``, the IETF ``RateLimit-*`` and ``RateLimit``/``RateLimit-Policy`` headers); without
one it backs off, then probes upwards, and it recovers the rate while the answers stay clean. Pacing is a
matter of request *starts*, so requests that hang never hold the host back.

Pure logic on monotonic times (no I/O, no requests import): the scheduler in :mod:`.http.scheduler`
drives it.
"""

from __future__ import annotations

import math
import time
from collections import deque
from collections.abc import Mapping
from email.utils import parsedate_to_datetime

from awesomelint._record import record
from awesomelint._regex import lazy_compile

#: slowest pace ever set (requests per second): one request every 5 s
MIN_RATE = 0.2
#: a paced host whose rate grew back past this is not paced any more
MAX_RATE = 500.0
#: seconds of answers looked at to tell "this host limits everyone" from "this URL is limited"
_RECENT = 2.0
#: distinct URLs limited within ``_RECENT`` (and at least this share of the answers) that make it the host
_HOST_WIDE_URLS = 3
_HOST_WIDE_SHARE = 0.2
#: the rate kept under the rate observed when the host said "too many" (a margin for clock jitter)
_MARGIN = 0.9
#: seconds of clean answers at the current rate before the rate is raised by ``_PROBE_STEP``
_PROBE_AFTER = 4.0
_PROBE_STEP = 1.1


@record
class Hint:
    """What one response said about its host's rate limit."""

    wait: float | None = None  # seconds until the host takes requests again
    remaining: int | None = None  # requests left in the current window
    limit: int | None = None  # requests allowed per window
    window: float | None = None  # seconds of a window (RateLimit-Policy ``w``)


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


def _int(value: str | None) -> int | None:
    if value is None:
        return None
    text = value.strip()
    return int(text) if text.isdigit() and len(text) <= 12 else None


def _reset(value: str | None, now: float) -> float | None:
    """``x-ratelimit-reset`` / ``RateLimit-Reset``: seconds from now, or a Unix time (GitHub's form)."""
    seconds = _int(value)
    if seconds is None:
        return None
    if seconds > 1_000_000_000:  # a Unix time, not a delay
        return max(0.0, seconds - now)
    return float(seconds)


_ITEM = lazy_compile(r"\b([a-z]+)=(\d{1,12})")  # one parameter of a structured field: r=0, t=3, q=10, w=1


def _structured(value: str | None) -> dict[str, int]:
    """The first item's parameters of ``RateLimit: "default";r=0;t=3`` or ``RateLimit-Policy: 10;w=1``."""
    if not value:
        return {}
    first = value.split(",", 1)[0][:200]
    out = {k: int(v) for k, v in _ITEM.findall(first.lower())}
    head = first.split(";", 1)[0].strip()
    if head.isdigit() and len(head) <= 12:
        out.setdefault("q", int(head))
    return out


def read_hint(headers: Mapping[str, str], now: float | None = None) -> Hint:
    """The rate-limit facts of a response's headers (``headers`` matched case-insensitively)."""
    now = time.time() if now is None else now

    def get(name: str) -> str | None:
        return headers.get(name)

    hint = Hint()
    fields = _structured(get("RateLimit"))
    policy = _structured(get("RateLimit-Policy"))
    hint.remaining = next(
        (
            v
            for v in (
                _int(get("x-ratelimit-remaining")),
                _int(get("RateLimit-Remaining")),
                fields.get("r"),
            )
            if v is not None
        ),
        None,
    )
    hint.limit = next(
        (v for v in (_int(get("x-ratelimit-limit")), _int(get("RateLimit-Limit")), policy.get("q")) if v),
        None,
    )
    hint.window = float(policy["w"]) if policy.get("w") else None
    waits = [
        parse_retry_after(get("Retry-After"), now),
        _reset(get("x-ratelimit-reset"), now),
        _reset(get("RateLimit-Reset"), now),
        float(fields["t"]) if "t" in fields else None,
    ]
    hint.wait = next((w for w in waits if w is not None), None)
    return hint


class HostPace:
    """The pace of one host: when its next request may start.

    Not paced until the host shows it limits everyone (``answered`` with ``limited``); then one start
    every ``1 / rate`` seconds, and none before ``not_before`` (the host's own wait, or a backoff)."""

    def __init__(self) -> None:
        self.rate: float | None = None
        self.not_before = 0.0
        self.last_start = -math.inf
        self.paced = False
        self._answers: deque[tuple[float, bool, str]] = deque()  # (when, limited, url), last _RECENT s
        self._starts: deque[float] = deque()  # every request start, last _RECENT + 1 s
        self._limited_starts: deque[float] = deque()  # starts of the requests answered "too many"
        self._clean = 0  # answers without a limit since the rate last changed
        self._probes = 0  # rate raises since the last cut: each raises more (a quick recovery)
        self._cut_at = -math.inf  # when the rate was last lowered
        self._ceiling = 0.0  # the rate the host served when it last said "too many"
        self._strikes = 0  # backoffs without a clean answer between them

    def ready_at(self) -> float:
        """The earliest monotonic time the host's next request may start."""
        if self.rate is None:
            return self.not_before
        return max(self.not_before, self.last_start + 1.0 / self.rate)

    def started(self, now: float) -> None:
        self.last_start = now
        self._starts.append(now)

    def sent_more(self, n: int, now: float) -> None:
        """An attempt that started at one slot sent ``n`` more requests (a HEAD's GET, redirect hops):
        they take the host's next slots."""
        if n <= 0:
            return
        self._starts.extend([now] * n)
        if self.rate is not None:
            self.last_start = max(self.last_start, now - 1.0 / self.rate) + n / self.rate

    def answered(self, url: str, started: float, now: float, limited: bool, hint: Hint) -> bool:
        """Learn from one answer; True when it showed the host limits everyone (the URL then simply
        waits for the host's next slot)."""
        self._trim(now)
        self._answers.append((now, limited, url))
        if not limited:
            self._ok(started, now, hint)
            return False
        self._limited_starts.append(started)
        limited_urls = {u for _t, lim, u in self._answers if lim}
        host_wide = (
            self.paced
            or hint.remaining == 0
            or (
                len(limited_urls) >= _HOST_WIDE_URLS
                and sum(1 for a in self._answers if a[1]) >= _HOST_WIDE_SHARE * len(self._answers)
            )
        )
        if not host_wide:
            return False
        self.paced = True
        if started >= self._cut_at:  # a 429 to a request sent before the last cut says nothing new
            self._cut(started, now, hint)
        elif hint.wait is not None:
            self.not_before = max(self.not_before, now + hint.wait)
        return True

    def _ok(self, started: float, now: float, hint: Hint) -> None:
        self._strikes = 0
        if hint.remaining == 0 and hint.wait is not None:  # the window is used up: wait for the next
            self.paced = True
            self.not_before = max(self.not_before, now + hint.wait)
        if self.rate is None:
            return
        self._clean += 1
        if self.rate < self._ceiling / 2:  # far below what the host served before: back up quickly
            if self._clean >= max(4.0, self.rate):  # about a second of clean answers
                self.rate, self._clean = min(self.rate * 2, self._ceiling), 0
        elif self._clean >= max(8.0, self.rate * _PROBE_AFTER):  # clean for a while: probe, faster each time
            self.rate *= 1 + (_PROBE_STEP - 1) * 2**self._probes
            self._probes += 1
            self._clean = 0
            if self.rate > MAX_RATE:  # recovered: the host is not limiting any more
                self.rate, self.paced = None, False

    def _cut(self, started: float, now: float, hint: Hint) -> None:
        """Lower the rate to what the host served before it said "too many", and wait as it asked."""
        # what the host served in the second before: the requests started then, less those it refused
        # (those still in flight count as served: the host answers in order)
        # (a batch starts at one instant: the refused request itself is in both counts)
        ok = sum(1 for t in self._starts if started - 1.0 <= t <= started) - sum(
            1 for t in self._limited_starts if started - 1.0 <= t <= started
        )
        if hint.limit and hint.window:
            observed = hint.limit / hint.window
        elif ok >= 2:
            observed = float(ok)
        else:
            observed = (self.rate or 2.0) / 2
        rate = observed * _MARGIN
        if self.rate is not None:
            rate = min(rate, self.rate * _MARGIN)
        self.rate = max(MIN_RATE, rate)
        self._ceiling = max(self.rate, observed)
        self._cut_at = now
        self._clean = self._probes = 0
        if hint.wait is not None:
            wait = hint.wait
        else:  # no hint: back off, longer each time nothing got through in between
            wait = min(8.0, 0.5 * 2**self._strikes)
            self._strikes += 1
        self.not_before = max(self.not_before, now + wait)

    def _trim(self, now: float) -> None:
        while self._answers and self._answers[0][0] < now - _RECENT:
            self._answers.popleft()
        for starts in (self._starts, self._limited_starts):
            while starts and starts[0] < now - _RECENT - 1.0:
                starts.popleft()
