"""Many URLs at once (:class:`Scheduler`): a global concurrency cap and a per-host cap, retries with
exponential backoff for connection resets and 429/502/503/504, honouring ``Retry-After`` (capped, and never
past the deadline), and the pace of a host that limits everyone
(:class:`~awesomelint.net.pace.HostPace`).

It imports requests and urllib3 (through :mod:`awesomelint.net.http.errors`): import it only on the online
path.
"""

from __future__ import annotations

import heapq
import itertools
import random
import time
from collections import deque
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait

from awesomelint._record import record
from awesomelint.net import classify as C
from awesomelint.net.classify import Outcome
from awesomelint.net.http.errors import error_outcome
from awesomelint.net.http.fetch import HttpClient, host_key
from awesomelint.net.http.transport import ClientSettings
from awesomelint.net.pace import Hint, HostPace

RETRY_STATUSES = frozenset({429, 502, 503, 504})
RETRY_ERRORS = frozenset({C.RESET, C.DNS_FAILED})

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
            out = error_outcome(task.url, exc, [], task.url)
        task.used += out.elapsed
        out.attempts = task.attempts
        return task, out
