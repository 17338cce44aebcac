"""What GitHub's and arXiv's APIs say, for a run: each repository and paper asked once, whoever asks, the
answers cached with their own lifetime (:class:`AnswerCache`), and one notice when GitHub repositories are
checked page by page for want of a (trusted) token. The requests are the API modules' (``github_api``,
``arxiv_api``), loaded when first used; the link service (:mod:`awesomelint.net.service`) asks here.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

from awesomelint.net.apis.metadata import Paper, Repository, printable
from awesomelint.net.safety import api_origin_trusted

if TYPE_CHECKING:
    from awesomelint.net.apis.arxiv_api import ArxivApi
    from awesomelint.net.apis.github_api import GithubApi
    from awesomelint.net.http.fetch import HttpClient
    from awesomelint.net.settings import LinkSettings


class AnswerCache(Protocol):
    """Where answers are kept between runs (the link service's cache; a failing cache answers nothing)."""

    def get_answers(self, keys: list[str], ttl: float) -> dict[str, dict[str, Any]]: ...
    def put_answers(self, answers: dict[str, dict[str, Any]], ttl: float) -> None: ...


class ApiAnswers:
    """The GitHub and arXiv APIs of a run: each repository and paper asked once, answers cached with their
    own lifetime, one notice when GitHub links are checked page by page for want of a token."""

    def __init__(
        self,
        links: LinkSettings,
        cache: AnswerCache,
        client: Callable[[], HttpClient],
        run_notices: list[str],
        *,
        github_token: str | None,
        timeout: float,
        arxiv_interval: float | None = None,
        max_wait: float | None = None,
    ) -> None:
        self.links = links
        self.cache = cache
        self.client = client
        self.run_notices = run_notices  # the run's own notices: what must be said even without a network
        self.github_token = github_token
        self.timeout = timeout
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
        if not self.links.apis or not keys:
            return None
        refusal = _no_github_api(self.links.github_api, self.github_token)
        if refusal is not None:
            if not self._told_token:
                self._told_token = True
                self.run_notices.append(refusal)
            return None
        with self._lock:
            self._fill(keys, "github:", self.repos, Repository.from_json, self._ask_github)
        return {k: self.repos[k] for k in keys if k in self.repos}

    def papers(self, ids: list[str]) -> dict[str, Paper] | None:
        if not self.links.apis or not ids:
            return None if not self.links.apis else {}
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
        ttl = self.links.api_cache_ttl
        for key, data in self.cache.get_answers([prefix + k for k in todo], ttl).items():
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
        cache = self.cache
        cache.put_answers({prefix + k: v.to_json() for k, v in fresh.items() if v.found}, ttl)
        # "does not exist" lives no longer than a page's 404: a repository may be made public tomorrow
        short = min(ttl, self.links.cache_ttl)
        cache.put_answers({prefix + k: v.to_json() for k, v in fresh.items() if not v.found}, short)

    def _ask_github(self, keys: list[str]) -> dict[str, Repository]:
        if self._github is None:
            from awesomelint.net.apis.github_api import GithubApi  # lazy: the API code loads when it is used

            self._github = GithubApi(
                self.client(),
                self.links.github_api,
                self.github_token or "",
                timeout=self.timeout,
                max_wait=self.max_wait if self.max_wait is not None else 60.0,
            )
        found = self._github.lookup(keys)
        self._flush(self._github.notices)
        return found

    def _ask_arxiv(self, ids: list[str]) -> dict[str, Paper]:
        if self._arxiv is None:
            from awesomelint.net.apis.arxiv_api import INTERVAL, ArxivApi  # lazy: as above

            self._arxiv = ArxivApi(
                self.client(),
                self.links.arxiv_api,
                interval=self.arxiv_interval if self.arxiv_interval is not None else INTERVAL,
                timeout=max(self.timeout, 30.0),
            )
        found = self._arxiv.lookup(ids)
        self._flush(self._arxiv.notices)
        return found

    def close(self, no_network: bool) -> None:
        """The APIs' notices join the run's, unless the run found no network (then they say nothing more)."""
        if not no_network:
            self.run_notices.extend(n for n in self.notices if n not in self.run_notices)
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


def _no_github_api(api: str, token: str | None) -> str | None:
    """Why GitHub's API is not asked (GitHub repositories are then checked page by page), or None."""
    if not token:
        return (
            "GitHub repositories are checked page by page; with a token in GITHUB_TOKEN (or "
            "GH_TOKEN) they are looked up through GitHub's API: far fewer requests, and renamed and "
            "archived repositories are reported"
        )
    if not api_origin_trusted(api):
        return (
            f"github-api = {printable(api, 200)} is neither https://api.github.com "
            "nor $GITHUB_API_URL, so the token is not sent there and GitHub repositories are checked "
            "page by page (a configuration file can be changed by a pull request; a GitHub Enterprise "
            "runner sets GITHUB_API_URL)"
        )
    return None
