"""Which URLs may be fetched as written, and which connection may carry the GitHub token.

Parsers do not agree on every URL. ``urlsplit`` ends the authority at ``/``, ``?`` or ``#``; urllib3 (what
connects) and browsers end it at a backslash as well, so ``https://evil.example\\@github.com/x`` is
*github.com* to the one and *evil.example* to the others. A URL on which they could disagree is never
fetched (:func:`ambiguity` says why), and the token is decided from exactly what a connection is made
to (:func:`may_carry_token`, called by the client with the connection pool's own scheme, host and port),
never from a second parse of the text.

Pure logic, no requests import: the GraphQL and arXiv lookups reuse :func:`may_carry_token` as it is.
"""

from __future__ import annotations

import ipaddress
import os
import unicodedata
from collections.abc import Mapping
from typing import Protocol
from urllib.parse import urlsplit

from awesomelint._regex import lazy_compile

#: (scheme, host, port) that may receive the GitHub token
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
#: the environment variables of the token, in the order the rest of awesomelint reads them (the ``gh`` CLI
#: itself prefers GH_TOKEN when both are set)
TOKEN_VARIABLES = ("GITHUB_TOKEN", "GH_TOKEN")

_DEFAULT_PORTS = {"http": 80, "https": 443}
_CONTROL = lazy_compile(r"[\x00-\x1f\x7f-\x9f]")  # C0, DEL, C1: never in a URL that is fetched
_AUTHORITY = lazy_compile(r"^([A-Za-z][A-Za-z0-9+.\-]*:)//([^/?#]*)")  # as urlsplit reads it


class ConnectionURL(Protocol):
    """What a connection is made to: urllib3's ``Url`` (``parse_url``) or anything of its shape."""

    @property
    def scheme(self) -> str | None: ...
    @property
    def host(self) -> str | None: ...
    @property
    def port(self) -> int | None: ...
    @property
    def auth(self) -> str | None: ...


def may_carry_token(url: ConnectionURL, origins: frozenset[tuple[str, str, int]] = GITHUB_ORIGINS) -> bool:
    """Whether a request on a connection to ``url`` may carry the GitHub token: its scheme, host and port
    are one of ``origins`` (HTTPS only, the default port spelt or not) and it has no credentials of its
    own. ``url`` must be the parsed URL the connection is made to, not a second parse of the text."""
    scheme = (url.scheme or "").lower()
    host = (url.host or "").lower().rstrip(".")
    if url.auth or not host or scheme != "https":
        return False
    port = url.port if url.port is not None else _DEFAULT_PORTS.get(scheme)
    return (scheme, host, port or 0) in origins


def token_from_env(environ: Mapping[str, str] | None = None) -> str | None:
    """The GitHub token of the environment: ``GITHUB_TOKEN``, else ``GH_TOKEN``."""
    env = os.environ if environ is None else environ
    for name in TOKEN_VARIABLES:
        value = (env.get(name) or "").strip()
        if value:
            return value
    return None


def normalise(url: str) -> str:
    """The URL with its authority in Unicode compatibility form (NFKC), as browsers and lychee read a host:
    ``https://ｌｏｃａｌｈｏｓｔ/`` is ``https://localhost/``. Anything else is left as written."""
    m = _AUTHORITY.match(url)
    if not m or m.group(2).isascii():
        return url
    return m.group(1) + "//" + unicodedata.normalize("NFKC", m.group(2)).lower() + url[m.end() :]


def ambiguity(url: str) -> str | None:
    """Why parsers could read a different host in ``url`` (None when they all agree), for the host as
    written and after :func:`normalise`."""
    if _CONTROL.search(url):
        return "it contains a control character"
    m = _AUTHORITY.match(url)
    if not m:
        return "it has no host"
    authority = m.group(2)
    if " " in authority:
        return "a space in its host"
    if "\\" in authority:
        return "a backslash before its path (some parsers end the host there, others do not)"
    if "@" in authority:
        return "a user name or password before its host (user@host)"
    if not authority.isascii():
        folded = unicodedata.normalize("NFKC", authority)
        if any(c in folded for c in "/?#\\@") or _CONTROL.search(folded):
            return "its host turns into URL punctuation under Unicode normalisation"
    return None


#: the GitHub API origins the token may go to whatever the configuration says
_TRUSTED_API = ("https", "api.github.com", 443)


def api_origin_trusted(api: str, environ: Mapping[str, str] | None = None) -> bool:
    """Whether the token may be sent to the configured ``github-api``: it is GitHub's own API, the API of
    the runner's GitHub (``$GITHUB_API_URL``, set by GitHub Actions, also on GitHub Enterprise), or a
    loopback address (a test server, which only the environment or Python code can name: a configuration
    file cannot, config/trust.py). The configuration file is read from the checkout, which a pull request
    can change: a ``github-api`` it points elsewhere never receives the token."""
    env = os.environ if environ is None else environ
    want = _origin(api)
    if want is None:
        return False
    if want == _TRUSTED_API:
        return True
    runner = env.get("GITHUB_API_URL")
    if runner and _origin(runner) == want:
        return True
    try:
        return ipaddress.ip_address(want[1].strip("[]")).is_loopback
    except ValueError:
        return False


def _origin(url: str) -> tuple[str, str, int] | None:
    try:
        parts = urlsplit(url.strip())
        scheme, host = parts.scheme.lower(), (parts.hostname or "").lower().rstrip(".")
        port = parts.port or {"https": 443, "http": 80}.get(scheme, 0)
    except ValueError:
        return None
    return (scheme, host, port) if host else None
