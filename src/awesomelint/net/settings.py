"""The network layer's own settings: what the client, the scheduler and the cache need, whoever fills
them in (the configuration's ``[links]`` and the command-line flags)."""

from __future__ import annotations

from awesomelint._record import record


@record(frozen=True)
class LinkSettings:
    timeout: float = 20.0  # total seconds allowed per URL, retries included
    max_concurrency: int = 32  # requests in flight at once
    per_host: int = 8  # requests in flight to one host at once
    retries: int = 3  # retries after a reset, 429, 502, 503 or 504
    max_redirects: int = 10
    max_bytes: int = 1_000_000  # most bytes read from one response body
    allow_private: tuple[str, ...] = ()  # loopback/private addresses or networks that may be connected to
    cache: bool = True  # keep results between runs
    cache_ttl: float = 86400.0  # seconds a cached result stays valid
    cache_dir: str | None = None
    badge_hosts: frozenset[str] = frozenset()  # hosts whose images say in text what they show
    apis: bool = True  # look GitHub repositories and arXiv papers up through their APIs
    github_api: str = "https://api.github.com"  # GitHub Enterprise: https://HOST/api
    arxiv_api: str = "https://export.arxiv.org/api/query"
    api_cache_ttl: float = 7 * 86400.0  # seconds an API answer stays valid (metadata changes slowly)
