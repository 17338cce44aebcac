"""What the online rules talk to: one client, one cache and one set of results for the whole run.

Each distinct URL (without its fragment) is checked once per run, whatever the number of files, rows or
rules that ask for it. When every URL checked over the network failed the same way (every lookup, or
every connection), the machine has no network: the service says so once and answers None, and the rules
report nothing instead of hundreds of dead links.
"""

from __future__ import annotations

import ipaddress
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from awesomelint.net import classify as C
from awesomelint.net.apis.answers import ApiAnswers
from awesomelint.net.apis.metadata import Paper, Repository
from awesomelint.net.classify import Outcome
from awesomelint.net.guard import AddressGuard, Resolver, parse_networks
from awesomelint.net.safety import GITHUB_ORIGINS, token_from_env
from awesomelint.net.settings import LinkSettings, default_cache_dir

if TYPE_CHECKING:
    from awesomelint.net.cache import OutcomeCache
    from awesomelint.net.http.fetch import HttpClient
    from awesomelint.net.http.transport import ClientSettings

#: host names resolved once when every lookup failed, to tell "no network" from "these hosts are gone"
PROBE_HOSTS = ("github.com", "example.com")


class Progress(Protocol):
    def start(self, total: int) -> None: ...
    def advance(self, n: int = 1) -> None: ...
    def stop(self) -> None: ...


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True


def url_key(url: str) -> str:
    """The URL that is requested for a link: without its fragment."""
    return url.strip().split("#", 1)[0]


_WAYS = {
    C.DNS_NOT_FOUND: "every DNS lookup failed",
    C.DNS_FAILED: "every DNS lookup failed",
    C.CONNECT_REFUSED: "every connection was refused",
    C.UNREACHABLE: "every host was unreachable",
    C.CONNECT_TIMEOUT: "every connection timed out",
}


class _NoNetwork:
    """Tells "this machine has no network" from "these hosts are gone": every lookup of a host name failed
    (and well-known names do not resolve either), or every URL failed to connect the same way on several
    hosts, before any answer."""

    def __init__(self, probe_hosts: tuple[str, ...], lookups: Callable[[], Callable[..., object]]) -> None:
        self.probe_hosts = probe_hosts
        self._lookups = lookups
        self._probe: bool | None = None

    def judge(self, fresh: dict[str, Outcome], final: bool = True) -> str | None:
        """Why the network looks absent, or None. ``final`` False: a run still going, judged on its
        first results."""
        from awesomelint.net.http.fetch import host_key  # lazy: requests

        if not fresh or (not final and len(fresh) < 10):
            return None
        named = {u: o for u, o in fresh.items() if not _is_ip(host_key(u))}
        if named and all(
            o.status is None and o.error in (C.DNS_NOT_FOUND, C.DNS_FAILED) for o in named.values()
        ):
            hosts = len({host_key(u) for u in named})
            down = not self._probe_dns() if self.probe_hosts else hosts >= 2
            return _reason(C.DNS_NOT_FOUND, named) if down else None
        if not all(o.network_failure for o in fresh.values()):
            return None
        kinds = {o.error for o in fresh.values()}
        if len(kinds) != 1 or len({host_key(u) for u in fresh}) < (2 if final else 3):
            return None  # mixed failures, or one host down: that host's problem
        return _reason(kinds.pop() or "", fresh)

    def _probe_dns(self) -> bool:
        """Whether a well-known name resolves (asked once per run, at most 5 s)."""
        if self._probe is None:
            lookups = self._lookups()
            self._probe = False
            for host in self.probe_hosts:
                try:
                    if lookups(host, 443, 5.0):
                        self._probe = True
                        break
                except OSError:
                    continue
        return self._probe


def _reason(kind: str, failed: dict[str, Outcome]) -> str:
    detail = next(iter(failed.values())).detail
    n = len(failed)
    way = _WAYS.get(kind, "every request failed")
    links = "the one link tried" if n == 1 else f"the {n} links tried"
    return f"{way} ({detail}) for {links}" if detail else f"{way} for {links}"


class _Cache:
    """The outcome cache as the service uses it: opened on first use, and a cache that fails is a notice,
    never an error (the run goes on without it)."""

    def __init__(self, enabled: bool, folder: Path | None, ttl: float, notices: list[str]) -> None:
        self.enabled = enabled
        self.folder = folder
        self.ttl = ttl
        self.notices = notices
        self._cache: OutcomeCache | None = None

    def _open(self) -> OutcomeCache | None:
        if not self.enabled:
            return None
        if self._cache is None:
            from awesomelint.net.cache import CacheError, OutcomeCache  # lazy: sqlite3

            try:
                self._cache = OutcomeCache(self.folder or default_cache_dir(), self.ttl)
            except CacheError as exc:
                self.enabled = False
                self.notices.append(f"{exc}; checking without a cache")
                return None
        return self._cache

    def get_many(self, keys: list[str]) -> dict[str, Outcome]:
        cache = self._open()
        if cache is None:
            return {}
        from awesomelint.net.cache import CacheError  # lazy: sqlite3

        try:
            return cache.get_many(keys)
        except CacheError as exc:
            self.notices.append(str(exc))
            return {}

    def put_many(self, fresh: dict[str, Outcome]) -> None:
        cache = self._open()
        if cache is None:
            return
        from awesomelint.net.cache import CacheError  # lazy: sqlite3

        try:
            cache.put_many(fresh)
        except CacheError as exc:
            self.notices.append(str(exc))

    def get_answers(self, keys: list[str], ttl: float) -> dict[str, dict[str, Any]]:
        cache = self._open()
        if cache is None or not keys:
            return {}
        from awesomelint.net.cache import CacheError  # lazy: sqlite3

        try:
            return cache.get_answers(keys, ttl)
        except CacheError as exc:
            self.notices.append(str(exc))
            return {}

    def put_answers(self, answers: dict[str, dict[str, Any]], ttl: float) -> None:
        cache = self._open()
        if cache is None or not answers:
            return
        from awesomelint.net.cache import CacheError  # lazy: sqlite3

        try:
            cache.put_answers(answers, ttl)
        except CacheError as exc:
            self.notices.append(str(exc))

    def close(self) -> None:
        if self._cache is not None:
            self._cache.close()


# long: the one object the rules talk to: page checks, the two APIs, the cache and the summary line
class LinkService:
    def __init__(
        self,
        links: LinkSettings,
        *,
        timeout: float | None = None,
        max_concurrency: int | None = None,
        use_cache: bool | None = None,
        cache_dir: str | Path | None = None,
        allow_private: Sequence[str] = (),
        progress: Progress | None = None,
        resolver: Resolver | None = None,
        probe_hosts: Sequence[str] = PROBE_HOSTS,
        github_token: str | None = None,
        token_origins: frozenset[tuple[str, str, int]] | None = None,
        badge_hosts: frozenset[str] | None = None,
        backoff: float | None = None,
        arxiv_interval: float | None = None,
        api_max_wait: float | None = None,
        verify: bool | str = True,
    ) -> None:
        self.links = links
        self.allow = [*links.allow_private, *allow_private]
        parse_networks(self.allow)  # ValueError names a bad one
        self.timeout = timeout if timeout is not None else links.timeout
        self.max_concurrency = max_concurrency if max_concurrency is not None else links.max_concurrency
        self.use_cache = links.cache if use_cache is None else use_cache
        self.cache_dir = (
            Path(cache_dir).expanduser()
            if cache_dir
            else (Path(links.cache_dir).expanduser() if links.cache_dir else None)
        )
        self.progress = progress
        self.resolver = resolver
        self.probe_hosts = tuple(probe_hosts)
        self.github_token = github_token if github_token is not None else token_from_env()
        self.token_origins = token_origins
        self.badge_hosts = badge_hosts
        self.backoff = backoff
        self.verify = verify
        self._client: HttpClient | None = None
        self.results: dict[str, Outcome] = {}
        self.no_network: str | None = None
        self.notices: list[str] = []
        self.fetched = 0
        self.cached = 0
        self.elapsed = 0.0
        self.verdicts: dict[str, str] = {}
        self._cache = _Cache(self.use_cache, self.cache_dir, links.cache_ttl, self.notices)
        self._offline = _NoNetwork(self.probe_hosts, lambda: self.client().guard.lookups)
        self.apis = ApiAnswers(
            links,
            self._cache,
            self.client,
            self.notices,
            github_token=self.github_token,
            timeout=self.timeout,
            arxiv_interval=arxiv_interval,
            max_wait=api_max_wait,
        )

    # -- pieces, made on first use -------------------------------------------------------------------

    def client(self) -> HttpClient:
        if self._client is None:
            # lazy (here and below): requests and urllib3 load only when a URL is fetched
            from awesomelint.net.http.fetch import HttpClient

            self._client = HttpClient(_client_settings(self), AddressGuard(self.allow, self.resolver))
        return self._client

    def close(self) -> None:
        self.apis.close(self.no_network is not None)
        if self._client is not None:
            self._client.close()
        self._cache.close()

    # -- the one entry point ---------------------------------------------------------------------------

    def outcomes(self, urls: Iterable[str]) -> dict[str, Outcome] | None:
        """The outcome of every URL (keyed by :func:`url_key`); None when there is no network."""
        if self.no_network is not None:
            return None
        keys = list(dict.fromkeys(url_key(u) for u in urls))
        if keys and not self._client_available():
            return None
        missing = [k for k in keys if k not in self.results]
        if missing:
            hits = self._cache.get_many(missing)
            self.results.update(hits)
            self.cached += len(hits)
            missing = [k for k in missing if k not in hits]
        if missing:
            fresh = self._fetch(missing)
            reason = self._offline.judge(fresh)
            if reason is not None:
                self.no_network = reason
                self.notices.append(
                    f"no network: {reason}; the link checks were skipped (use --offline to skip them on purpose)"
                )
                return None
            self.results.update(fresh)
            # the answers were stored as they came; what got no answer only now that the network is known
            self._cache.put_many({k: o for k, o in fresh.items() if o.status is None})
        return {k: self.results[k] for k in keys if k in self.results}

    def _client_available(self) -> bool:
        """requests and urllib3 come with the ``online`` extra; without them the checks are skipped."""
        try:
            import requests  # noqa: F401  (lazy: only whether it is installed)
            import urllib3  # noqa: F401
        except ImportError as exc:
            self.no_network = "unavailable"
            self.notices.append(
                f"the link checks need {exc.name or 'requests'}: pip install 'awesomelint[online]' "
                "(or pass --offline); the link checks were skipped"
            )
            return False
        return True

    def _fetch(self, urls: list[str]) -> dict[str, Outcome]:
        from awesomelint.net.http.scheduler import Scheduler  # lazy: requests

        start = time.monotonic()
        progress = self.progress
        if progress is not None:
            progress.start(len(urls))
        done: dict[str, Outcome] = {}

        def on_result(url: str, outcome: Outcome) -> bool:
            done[url] = outcome
            if outcome.status is not None:  # an answer, stored at once: an interrupt or a crash keeps it
                self._cache.put_many({url: outcome})
            if progress is not None:
                progress.advance()
            # no network: stop early rather than wait out every URL
            return len(done) % 10 == 0 and self._offline.judge(done, final=False) is not None

        try:
            return Scheduler(self.client()).run(urls, on_result=on_result)
        finally:
            if progress is not None:
                progress.stop()
            self.fetched += len(urls)
            self.elapsed += time.monotonic() - start

    # -- the APIs ------------------------------------------------------------------------------------------

    def repositories(self, keys: Iterable[str]) -> dict[str, Repository] | None:
        """What GitHub's API says of these ``owner/name`` repositories; None when it is not used."""
        ready = self.no_network is None and self._client_available()
        return self.apis.repositories(list(dict.fromkeys(keys))) if ready else None

    def papers(self, ids: Iterable[str]) -> dict[str, Paper] | None:
        """What arXiv's API says of these identifiers; None when it is not used."""
        ready = self.no_network is None and self._client_available()
        return self.apis.papers(list(dict.fromkeys(ids))) if ready else None

    # -- reporting ---------------------------------------------------------------------------------------

    def tally(self, key: str, category: str) -> None:
        self.verdicts[key] = category

    def summary(self) -> str | None:
        """One line for stderr: how many links were checked, how long it took, what was found."""
        if self.no_network is not None or not (self.results or self.apis.answered):
            return None
        checked = len(self.results.keys() | self.verdicts.keys())  # fetched, or settled by an API
        line = _summary(checked, self.verdicts, self.cached, self.elapsed)
        return line + self.apis.summary()


def _summary(total: int, verdicts: dict[str, str], cached_count: int, elapsed: float) -> str:
    counts = {c: 0 for c in ("gone", "moved", "unverified", "archived", "withdrawn")}
    for category in verdicts.values():
        if category in counts:
            counts[category] += 1
    found = (
        f"{counts['gone']} dead, {counts['moved']} moved, {counts['unverified']} could not be verified"
        + (f", {counts['archived']} archived" if counts["archived"] else "")
        + (f", {counts['withdrawn']} withdrawn" if counts["withdrawn"] else "")
        if verdicts
        else "results reported above"
    )
    cached = f", {cached_count} from the cache" if cached_count else ""
    return f"awesomelint: checked {total} link{'s' if total != 1 else ''} in {elapsed:.1f} s{cached}: {found}"


def _client_settings(service: LinkService) -> ClientSettings:
    from awesomelint.net.http.transport import ClientSettings  # lazy: requests

    links = service.links
    settings = ClientSettings(
        timeout=service.timeout,
        connect_timeout=min(10.0, service.timeout),
        max_concurrency=service.max_concurrency,
        per_host=links.per_host,
        max_redirects=links.max_redirects,
        max_bytes=links.max_bytes,
        max_retries=links.retries,
        github_token=service.github_token,
        token_origins=service.token_origins if service.token_origins is not None else GITHUB_ORIGINS,
        badge_hosts=service.badge_hosts if service.badge_hosts is not None else links.badge_hosts,
        verify=service.verify,
    )
    if service.backoff is not None:
        settings.backoff = service.backoff
    return settings
