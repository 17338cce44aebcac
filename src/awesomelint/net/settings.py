"""The network layer's own settings: what the client, the scheduler and the cache need, whoever fills
them in (the configuration's ``[links]`` and the command-line flags)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from awesomelint._record import record
from awesomelint._regex import lazy_compile


def default_cache_dir() -> Path:
    """``$XDG_CACHE_HOME/awesomelint``, else ``~/.cache/awesomelint`` (``%LOCALAPPDATA%`` on Windows)."""
    xdg = os.environ.get("XDG_CACHE_HOME")
    if xdg and Path(xdg).is_absolute():
        return Path(xdg) / "awesomelint"
    if sys.platform == "win32" and os.environ.get("LOCALAPPDATA"):
        return Path(os.environ["LOCALAPPDATA"]) / "awesomelint" / "Cache"
    return Path.home() / ".cache" / "awesomelint"


_OCTET = "(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])"  # 0 to 255, no leading zero (as ipaddress reads)
#: an API address: nothing a URL parser could read in two ways (no user, no query, no escapes); https, or
#: http to a loopback address (127.0.0.0/8)
API_URL = (
    rf"(?:https://[A-Za-z0-9.-]+|http://127\.{_OCTET}\.{_OCTET}\.{_OCTET})"
    r"(?::[0-9]{1,5})?(?:/[A-Za-z0-9._~-]+)*/?"
)
_API_URL = lazy_compile(API_URL)


def api_address_error(value: str) -> str | None:
    """Why ``value`` is not an API address (None when it is one)."""
    if _API_URL.fullmatch(value):
        return None
    return (
        f"{value!r} is not an API address: expected https://HOST[:PORT][/PATH] (http only to a loopback "
        "address, 127.x.x.x), without user, query, fragment or escapes"
    )


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
