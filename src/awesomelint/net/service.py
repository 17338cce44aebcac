"""What the online rules talk to: one client, one cache and one set of results for the whole run.

Each distinct URL (without its fragment) is checked once per run, whatever the number of files, rows or
rules that ask for it. When every URL checked over the network failed the same way (every lookup, or
every connection), the machine has no network: the service says so once and answers None, and the rules
report nothing instead of hundreds of dead links.
"""

from __future__ import annotations

import ipaddress
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from awesomelint.net import classify as C
from awesomelint.net.classify import Outcome
from awesomelint.net.guard import AddressGuard, Resolver, parse_networks
from awesomelint.net.metadata import Paper, Repository, printable
from awesomelint.net.safety import GITHUB_ORIGINS, api_origin_trusted, token_from_env
from awesomelint.net.settings import LinkSettings

if TYPE_CHECKING:
    from awesomelint.net.arxiv_api import ArxivApi
    from awesomelint.net.cache import OutcomeCache
    from awesomelint.net.client import ClientSettings, HttpClient
    from awesomelint.net.github_api import GithubApi

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
        from awesomelint.net.client import host_key  # lazy: requests

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
            from awesomelint.net.cache import CacheError, OutcomeCache, default_cache_dir  # lazy: sqlite3

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
        self.apis = _Apis(self, arxiv_interval, api_max_wait)

    # -- pieces, made on first use -------------------------------------------------------------------

    def client(self) -> HttpClient:
        if self._client is None:
            # lazy (here and below): requests and urllib3 load only when a URL is fetched
            from awesomelint.net.client import HttpClient

            self._client = HttpClient(_client_settings(self), AddressGuard(self.allow, self.resolver))
        return self._client

    def close(self) -> None:
        self.apis.close()
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
        from awesomelint.net.client import Scheduler  # lazy: requests

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
    from awesomelint.net.client import ClientSettings  # lazy: requests

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


class _Apis:
    """The GitHub and arXiv APIs of a run: each repository and paper asked once, answers cached with their
    own lifetime, one notice when GitHub links are checked page by page for want of a token."""

    def __init__(self, service: LinkService, arxiv_interval: float | None, max_wait: float | None) -> None:
        self.service = service
        self.arxiv_interval = arxiv_interval
        self.max_wait = max_wait
        self.repos: dict[str, Repository] = {}
        self.papers_found: dict[str, Paper] = {}
        self._asked: set[str] = set()  # keys asked already (settled or not): never asked twice a run
        self._github: GithubApi | None = None
        self._arxiv: ArxivApi | None = None
        self._lock = threading.Lock()  # one API request in flight, whoever asks
        self._told_token = False
        self.from_cache = 0
        #: what the APIs had to say (rate limits, refusals): told at the end, unless there was no network
        self.notices: list[str] = []

    @property
    def answered(self) -> int:
        return len(self.repos) + len(self.papers_found)

    @property
    def requests(self) -> int:
        return (self._github.requests if self._github else 0) + (self._arxiv.requests if self._arxiv else 0)

    def repositories(self, keys: list[str]) -> dict[str, Repository] | None:
        service = self.service
        if not service.links.apis or not keys:
            return None
        if service.github_token and not api_origin_trusted(service.links.github_api):
            if not self._told_token:
                self._told_token = True
                service.notices.append(
                    f"github-api = {printable(service.links.github_api, 200)} is neither https://api.github.com "
                    "nor $GITHUB_API_URL, so the token is not sent there and GitHub repositories are checked "
                    "page by page (a configuration file can be changed by a pull request; a GitHub Enterprise "
                    "runner sets GITHUB_API_URL)"
                )
            return None
        if not service.github_token:
            if not self._told_token:
                self._told_token = True
                service.notices.append(
                    "GitHub repositories are checked page by page; with a token in GITHUB_TOKEN (or "
                    "GH_TOKEN) they are looked up through GitHub's API: far fewer requests, and renamed and "
                    "archived repositories are reported"
                )
            return None
        with self._lock:
            self._fill(keys, "github:", self.repos, Repository.from_json, self._ask_github)
        return {k: self.repos[k] for k in keys if k in self.repos}

    def papers(self, ids: list[str]) -> dict[str, Paper] | None:
        if not self.service.links.apis or not ids:
            return None if not self.service.links.apis else {}
        with self._lock:
            self._fill(ids, "arxiv:", self.papers_found, Paper.from_json, self._ask_arxiv)
        return {i: self.papers_found[i] for i in ids if i in self.papers_found}

    def _fill(
        self,
        keys: list[str],
        prefix: str,
        into: dict[str, Any],
        load: Callable[[dict[str, Any]], Repository | Paper],
        ask: Callable[[list[str]], dict[str, Any]],
    ) -> None:
        """Answers for the keys not known yet: from the cache, else from the API (and then cached)."""
        todo = [k for k in keys if prefix + k not in self._asked]
        if not todo:
            return
        self._asked.update(prefix + k for k in todo)
        ttl = self.service.links.api_cache_ttl
        for key, data in self.service._cache.get_answers([prefix + k for k in todo], ttl).items():
            try:
                into[key[len(prefix) :]] = load(data)
                self.from_cache += 1
            except TypeError:
                continue
        todo = [k for k in todo if k not in into]
        if not todo:
            return
        fresh = ask(todo)
        into.update(fresh)
        cache = self.service._cache
        cache.put_answers({prefix + k: v.to_json() for k, v in fresh.items() if v.found}, ttl)
        # "does not exist" lives no longer than a page's 404: a repository may be made public tomorrow
        short = min(ttl, self.service.links.cache_ttl)
        cache.put_answers({prefix + k: v.to_json() for k, v in fresh.items() if not v.found}, short)

    def _ask_github(self, keys: list[str]) -> dict[str, Repository]:
        if self._github is None:
            from awesomelint.net.github_api import GithubApi  # lazy: the API code loads when it is used

            service = self.service
            self._github = GithubApi(
                service.client(),
                service.links.github_api,
                service.github_token or "",
                timeout=service.timeout,
                max_wait=self.max_wait if self.max_wait is not None else 60.0,
            )
        found = self._github.lookup(keys)
        self._flush(self._github.notices)
        return found

    def _ask_arxiv(self, ids: list[str]) -> dict[str, Paper]:
        if self._arxiv is None:
            from awesomelint.net.arxiv_api import INTERVAL, ArxivApi  # lazy: as above

            service = self.service
            self._arxiv = ArxivApi(
                service.client(),
                service.links.arxiv_api,
                interval=self.arxiv_interval if self.arxiv_interval is not None else INTERVAL,
                timeout=max(service.timeout, 30.0),
            )
        found = self._arxiv.lookup(ids)
        self._flush(self._arxiv.notices)
        return found

    def close(self) -> None:
        """The APIs' notices join the run's, unless the run found no network (then they say nothing more)."""
        service = self.service
        if service.no_network is None:
            service.notices.extend(n for n in self.notices if n not in service.notices)
        self.notices.clear()

    def _flush(self, notices: list[str]) -> None:
        self.notices.extend(notices)
        notices.clear()

    def summary(self) -> str:
        if not self.answered:
            return ""
        parts = []
        if self.repos:
            parts.append(f"{len(self.repos)} repositor{'y' if len(self.repos) == 1 else 'ies'}")
        if self.papers_found:
            parts.append(f"{len(self.papers_found)} paper{'' if len(self.papers_found) == 1 else 's'}")
        cached = f", {self.from_cache} from the cache" if self.from_cache else ""
        n = self.requests
        return f"; {' and '.join(parts)} through the APIs ({n} request{'' if n == 1 else 's'}{cached})"
