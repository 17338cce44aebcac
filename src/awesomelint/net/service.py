"""What the online rules talk to: one client, one cache and one set of results for the whole run.

Each distinct URL (without its fragment) is checked once per run, whatever the number of files, rows or
rules that ask for it. When every URL checked over the network failed the same way (every lookup, or
every connection), the machine has no network: the service says so once and answers None, and the rules
report nothing instead of hundreds of dead links.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from awesomelint.net import classify as C
from awesomelint.net.classify import Outcome

if TYPE_CHECKING:
    from awesomelint.config import LinksConfig
    from awesomelint.net.client import HttpClient
    from awesomelint.net.guard import Resolver

#: host names resolved once when every lookup failed, to tell "no network" from "these hosts are gone"
PROBE_HOSTS = ("github.com", "example.com")


class Progress(Protocol):
    def start(self, total: int) -> None: ...
    def advance(self, n: int = 1) -> None: ...
    def stop(self) -> None: ...


def _is_ip(host: str) -> bool:
    import ipaddress

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


class LinkService:
    def __init__(
        self,
        links: LinksConfig,
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
    ) -> None:
        from awesomelint.net.guard import parse_networks

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
        self.github_token = (
            github_token if github_token is not None else (os.environ.get("GITHUB_TOKEN") or None)
        )
        self.token_origins = token_origins
        self.badge_hosts = badge_hosts
        self.backoff = backoff
        self._client: HttpClient | None = None
        self._cache: object | None = None
        self._cache_failed = False
        self.results: dict[str, Outcome] = {}
        self.no_network: str | None = None
        self.notices: list[str] = []
        self.fetched = 0
        self.cached = 0
        self.elapsed = 0.0
        self.verdicts: dict[str, str] = {}
        self._probe: bool | None = None

    # -- pieces, made on first use -------------------------------------------------------------------

    def client(self) -> HttpClient:
        if self._client is None:
            from awesomelint.net.client import BADGE_HOSTS, GITHUB_ORIGINS, ClientSettings, HttpClient
            from awesomelint.net.guard import AddressGuard

            links = self.links
            settings = ClientSettings(
                timeout=self.timeout,
                connect_timeout=min(10.0, self.timeout),
                max_concurrency=self.max_concurrency,
                per_host=links.per_host,
                max_redirects=links.max_redirects,
                max_bytes=links.max_bytes,
                max_retries=links.retries,
                github_token=self.github_token,
                token_origins=self.token_origins if self.token_origins is not None else GITHUB_ORIGINS,
                badge_hosts=self.badge_hosts if self.badge_hosts is not None else BADGE_HOSTS,
            )
            if self.backoff is not None:
                settings.backoff = self.backoff
            self._client = HttpClient(settings, AddressGuard(self.allow, self.resolver))
        return self._client

    def _the_cache(self) -> object | None:
        if not self.use_cache or self._cache_failed:
            return None
        if self._cache is None:
            from awesomelint.net.cache import CacheError, OutcomeCache, default_cache_dir

            try:
                self._cache = OutcomeCache(self.cache_dir or default_cache_dir(), self.links.cache_ttl)
            except CacheError as exc:
                self._cache_failed = True
                self.notices.append(f"{exc}; checking without a cache")
                return None
        return self._cache

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
        if self._cache is not None:
            self._cache.close()  # type: ignore[attr-defined]

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
            cache = self._the_cache()
            if cache is not None:
                from awesomelint.net.cache import CacheError

                try:
                    hits = cache.get_many(missing)  # type: ignore[attr-defined]
                except CacheError as exc:
                    self.notices.append(str(exc))
                    hits = {}
                self.results.update(hits)
                self.cached += len(hits)
                missing = [k for k in missing if k not in hits]
        if missing:
            fresh = self._fetch(missing)
            reason = self._network_down(fresh)
            if reason is not None:
                self.no_network = reason
                self.notices.append(
                    f"no network: {reason}; the link checks were skipped (use --offline to skip them on purpose)"
                )
                return None
            self.results.update(fresh)
            cache = self._the_cache()
            if cache is not None:
                from awesomelint.net.cache import CacheError

                try:
                    cache.put_many(fresh)  # type: ignore[attr-defined]
                except CacheError as exc:
                    self.notices.append(str(exc))
        return {k: self.results[k] for k in keys if k in self.results}

    def _client_available(self) -> bool:
        """requests and urllib3 come with the ``online`` extra; without them the checks are skipped."""
        try:
            import requests  # noqa: F401
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
        from awesomelint.net.client import Scheduler

        start = time.monotonic()
        progress = self.progress
        if progress is not None:
            progress.start(len(urls))
        done: dict[str, Outcome] = {}

        def on_result(url: str, outcome: Outcome) -> bool:
            done[url] = outcome
            if progress is not None:
                progress.advance()
            # no network: stop early rather than wait out every URL
            return len(done) % 10 == 0 and self._network_down(done, final=False) is not None

        try:
            return Scheduler(self.client()).run(urls, on_result=on_result)
        finally:
            if progress is not None:
                progress.stop()
            self.fetched += len(urls)
            self.elapsed += time.monotonic() - start

    def _network_down(self, fresh: dict[str, Outcome], final: bool = True) -> str | None:
        """Why the network looks absent, or None: every lookup of a host name failed (and well-known
        names do not resolve either), or every URL failed to connect the same way on several hosts, before
        any answer. ``final`` False: a run still going, judged on its first results."""
        from awesomelint.net.client import host_key

        if not fresh or (not final and len(fresh) < 10):
            return None
        named = {u: o for u, o in fresh.items() if not _is_ip(host_key(u))}
        if named and all(
            o.status is None and o.error in (C.DNS_NOT_FOUND, C.DNS_FAILED) for o in named.values()
        ):
            hosts = len({host_key(u) for u in named})
            if self.probe_hosts:
                down = not self._probe_dns()
            else:
                down = hosts >= 2
            return self._reason(C.DNS_NOT_FOUND, named) if down else None
        if not all(o.network_failure for o in fresh.values()):
            return None
        kinds = {o.error for o in fresh.values()}
        if len(kinds) != 1 or len({host_key(u) for u in fresh}) < (2 if final else 3):
            return None  # mixed failures, or one host down: that host's problem
        return self._reason(kinds.pop() or "", fresh)

    @staticmethod
    def _reason(kind: str, failed: dict[str, Outcome]) -> str:
        detail = next(iter(failed.values())).detail
        n = len(failed)
        way = _WAYS.get(kind, "every request failed")
        links = "the one link tried" if n == 1 else f"the {n} links tried"
        return f"{way} ({detail}) for {links}" if detail else f"{way} for {links}"

    def _probe_dns(self) -> bool:
        """Whether a well-known name resolves (asked once per run, at most 5 s)."""
        if self._probe is None:
            lookups = self.client().guard.lookups
            self._probe = False
            for host in self.probe_hosts:
                try:
                    if lookups(host, 443, 5.0):
                        self._probe = True
                        break
                except OSError:
                    continue
        return self._probe

    # -- reporting ---------------------------------------------------------------------------------------

    def tally(self, key: str, category: str) -> None:
        self.verdicts[key] = category

    def summary(self) -> str | None:
        """One line for stderr: how many links were checked, how long it took, what was found."""
        total = len(self.results)
        if self.no_network is not None or total == 0:
            return None
        counts = {c: 0 for c in ("gone", "moved", "unverified")}
        for category in self.verdicts.values():
            if category in counts:
                counts[category] += 1
        found = (
            f"{counts['gone']} dead, {counts['moved']} moved, {counts['unverified']} could not be verified"
            if self.verdicts
            else "results reported above"
        )
        cached = f", {self.cached} from the cache" if self.cached else ""
        return (
            f"awesomelint: checked {total} link{'s' if total != 1 else ''} in {self.elapsed:.1f} s"
            f"{cached}: {found}"
        )
