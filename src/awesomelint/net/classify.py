"""What happened to one URL (:class:`Outcome`, the raw facts that are cached) and what it means for the
list's maintainer (:class:`Verdict`: ok, moved, gone or unverified), plus the text of a badge image."""

from __future__ import annotations

import re
from collections.abc import Callable
from http import HTTPStatus
from typing import Literal
from urllib.parse import urlsplit, urlunsplit

from awesomelint._record import field, record
from awesomelint._regex import lazy_compile
from awesomelint.net.apis.metadata import Paper, Repository

Category = Literal["ok", "moved", "gone", "unverified", "archived", "withdrawn"]

#: error kinds of an outcome that got no HTTP answer
DNS_NOT_FOUND = "dns-notfound"  # the name does not exist (or no resolver answered: see no-network)
DNS_FAILED = "dns-failed"  # a temporary lookup failure
CONNECT_REFUSED = "connect-refused"
UNREACHABLE = "unreachable"
CONNECT_TIMEOUT = "connect-timeout"
TIMEOUT = "timeout"
RESET = "reset"
PROTOCOL = "protocol"  # the answer is not valid HTTP
TLS = "tls"
GUARD = "guard"  # the address guard refused the address
REDIRECT_LOOP = "redirect-loop"
TOO_MANY_REDIRECTS = "too-many-redirects"
BAD_REDIRECT = "bad-redirect"
INVALID_URL = "invalid-url"
UNSAFE_URL = "unsafe-url"  # not fetched: parsers could read different hosts in it
RATE_LIMITED = "rate-limited"  # not asked: the host wants a longer rest than the checks wait
OTHER = "error"

#: failures of the network itself (no answer from anyone); the material of the "no network" check
NETWORK_ERRORS = frozenset({DNS_NOT_FOUND, DNS_FAILED, CONNECT_REFUSED, UNREACHABLE, CONNECT_TIMEOUT})
PERMANENT_REDIRECTS = (301, 308)
REDIRECTS = (301, 302, 303, 307, 308)


@record
class Outcome:
    """The facts of checking one URL: the final status or the error, the redirects followed."""

    url: str
    status: int | None = None
    reason: str = ""
    error: str | None = None
    detail: str = ""
    #: (status, target URL) of every redirect followed, in order
    redirects: list[tuple[int, str]] = field(default_factory=list)
    final_url: str | None = None
    retry_after: float | None = None
    #: requests the host said are left in its rate-limit window, and its stated rate (requests per second)
    quota: int | None = None
    quota_rate: float | None = None
    attempts: int = 1
    requests: int = 0  # HTTP requests the last attempt sent
    #: the text of a badge image ("stars: repo not found"), for shields.io and badgen URLs
    badge: str | None = None
    elapsed: float = 0.0
    from_cache: bool = False
    #: the error came from the deadline, not from the server
    timed_out_after: float | None = None

    @property
    def network_failure(self) -> bool:
        return self.status is None and self.error in NETWORK_ERRORS


@record
class Verdict:
    category: Category
    message: str
    new_url: str | None = None
    #: the link may be rewritten to ``new_url``: it was itself checked, is http(s), was allowed by the
    #: address guard and answered 2xx, and carries no credentials
    fixable: bool = False


def status_text(status: int, reason: str = "") -> str:
    try:
        phrase = HTTPStatus(status).phrase
    except ValueError:
        phrase = reason.strip()
    return f"{status} {phrase}".strip()


def _host(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


def _same_place(a: str, b: str) -> bool:
    """Two URLs that differ only in ways that never break a link: a trailing slash, ``www.``, the case of
    the host, a default port."""

    def norm(url: str) -> tuple[str, str, str, str]:
        try:
            p = urlsplit(url)
            host = (p.hostname or "").lower().removeprefix("www.")
            port = p.port
        except ValueError:
            return (url, "", "", "")
        scheme = p.scheme.lower()
        if port is not None and port != {"http": 80, "https": 443}.get(scheme):
            host = f"{host}:{port}"
        return (scheme, host, p.path.rstrip("/") or "/", p.query)

    return norm(a) == norm(b)


def _with_fragment(new: str, old: str) -> str:
    """A redirect target keeps the fragment of the link, as a browser keeps it."""
    try:
        old_parts, new_parts = urlsplit(old), urlsplit(new)
    except ValueError:
        return new
    if old_parts.fragment and not new_parts.fragment:
        return urlunsplit(new_parts._replace(fragment=old_parts.fragment))
    return new


def classify(outcome: Outcome, accepted: Callable[[str], frozenset[int]], link_url: str) -> Verdict:
    """What the outcome means for the link as written (``link_url`` keeps its fragment)."""
    codes = accepted(outcome.url)
    status = outcome.status
    hops = outcome.redirects
    final = outcome.final_url or outcome.url
    if (hops and hops[0][0] in codes) or (status is not None and status in codes):
        return Verdict("ok", "accepted status")
    if status is not None and (200 <= status < 300 or status in codes):
        final_ok = True
    else:
        final_ok = False

    # gone: the server or DNS says the page or host does not exist
    if status in (404, 410):
        where = f" after redirect to {final}" if hops else ""
        return Verdict("gone", f"dead link: {status_text(status)}{where}")
    if status is None and outcome.error == DNS_NOT_FOUND:
        host = _host(final)
        where = f" (redirected from {outcome.url})" if hops else ""
        return Verdict("gone", f"dead link: host {host!r} does not exist{where}")
    if outcome.error == INVALID_URL:
        return Verdict("gone", f"dead link: not a valid URL ({outcome.detail})")

    # moved: the first redirects are permanent; name where they lead
    permanent: str | None = None
    first_status = hops[0][0] if hops else None
    for hop_status, target in hops:
        if hop_status not in PERMANENT_REDIRECTS:
            break
        permanent = target
    if permanent is not None and not _same_place(permanent, outcome.url):
        new_url = _with_fragment(permanent, link_url)
        if final_ok:
            fixable = _safe_target(outcome, permanent)
            return Verdict(
                "moved", f"link moved permanently ({first_status}): update it to {new_url}", new_url, fixable
            )
        return Verdict(
            "moved",
            f"link moved permanently ({first_status}) to {new_url}, which {_failure(outcome)}",
            new_url,
        )
    if final_ok:
        return Verdict("ok", "ok")
    return Verdict("unverified", f"could not verify the link: {_failure(outcome)}")


def _safe_target(outcome: Outcome, target: str) -> bool:
    """Whether a moved link's new URL may replace it in the file: the new URL is the one that answered
    (every hop permanent), with a 2xx, over http(s) (so the address guard allowed it), and has no
    user name or password."""
    if outcome.status is None or not 200 <= outcome.status < 300 or outcome.error is not None:
        return False
    if any(status not in PERMANENT_REDIRECTS for status, _t in outcome.redirects):
        return False
    if (outcome.final_url or "") != target:
        return False
    try:
        parts = urlsplit(target)
        return parts.scheme in ("http", "https") and bool(parts.hostname) and "@" not in parts.netloc
    except ValueError:
        return False


def _failure(outcome: Outcome) -> str:
    """Why a link could not be verified, in words a maintainer can act on."""
    status = outcome.status
    tries = f" after {outcome.attempts} attempts" if outcome.attempts > 1 else ""
    if status is not None:
        text = status_text(status, outcome.reason)
        if status in (401, 403, 999):
            return f"answers {text} (the site may refuse automated checks; accept it in [links] accept)"
        if status == 429:
            wait = ""
            if outcome.retry_after is not None:
                wait = f", asked to wait {outcome.retry_after:g} s"
            return f"answers {text}{tries} (rate limited{wait})"
        if 500 <= status < 600:
            return f"answers {text}{tries} (a server error)"
        if status in REDIRECTS:
            return f"answers {text} without a usable Location"
        return f"answers {text}"
    err, detail = outcome.error, outcome.detail
    if err == TIMEOUT:
        return f"no answer within {outcome.timed_out_after or 0:g} s (timeout)"
    if err == CONNECT_TIMEOUT:
        return f"the connection timed out{tries}"
    if err == CONNECT_REFUSED:
        return f"the connection was refused{tries}"
    if err == UNREACHABLE:
        return f"the host is unreachable ({detail})"
    if err == RESET:
        return f"the connection was reset{tries}"
    if err == TLS:
        return f"TLS error: {detail}"
    if err == PROTOCOL:
        return f"the server's answer is not valid HTTP: {detail}"
    if err == DNS_FAILED:
        return f"DNS lookup failed ({detail})"
    if err == GUARD:
        if "zone-scoped" in detail:
            return f"not checked: {detail}"
        return f"not checked: {detail} (allow it with --allow-private-host)"
    if err == UNSAFE_URL:
        return f"not checked: parsers disagree about where this URL goes ({detail}); write it unambiguously"
    if err == RATE_LIMITED:
        return f"not checked: the host rate-limits the checks ({detail})"
    if err == REDIRECT_LOOP:
        return f"redirect loop: {detail}"
    if err == TOO_MANY_REDIRECTS:
        return f"more than {detail} redirects"
    if err == BAD_REDIRECT:
        return f"bad redirect: {detail}"
    return detail or "unknown error"


# ---- what the APIs said ------------------------------------------------------------------------------


def renamed_url(url: str, name_with_owner: str) -> str:
    """``url`` with its repository (the first two path segments) replaced by its current name; the rest
    of the path, the query and the fragment kept."""
    parts = urlsplit(url.strip())
    segments = parts.path.split("/")
    # segments: '', owner, repo, rest...
    rest = "/".join(segments[3:])
    path = f"/{name_with_owner}" + (f"/{rest}" if len(segments) > 3 else "")
    return urlunsplit(("https", "github.com", path, parts.query, parts.fragment))


def repo_verdicts(repo: Repository, url: str, *, bare: bool, code: bool) -> list[Verdict]:
    """What GitHub's answer means for a link into the repository: ``bare`` (the repository itself) needs
    no page check, a deep link gets one and is judged here only when the repository is gone; ``code``
    (the repository, a folder, its issues or releases) is where an archived repository is said."""
    name = repo.name_with_owner or repo.key
    if not repo.found:
        return [Verdict("gone", f"dead link: GitHub has no repository {repo.key} (NOT_FOUND from its API)")]
    if repo.private:
        return [Verdict("gone", f"dead link: {name} is a private repository (readers get 404 Not Found)")]
    if repo.disabled:
        return [Verdict("gone", f"dead link: GitHub has disabled the repository {name}")]
    out: list[Verdict] = []
    if repo.renamed and bare:
        new_url = renamed_url(url, repo.name_with_owner)
        out.append(
            # GitHub's API answered for the new name: a live repository at an https://github.com URL
            Verdict(
                "moved", f"repository renamed or transferred to {name}: update it to {new_url}", new_url, True
            )
        )
    if repo.archived and code:
        since = f" since {repo.archived_at[:10]}" if repo.archived_at else ""
        out.append(
            Verdict("archived", f"the repository {name} is archived{since}: read-only, no longer maintained")
        )
    if not out and bare:
        out.append(Verdict("ok", "ok"))
    return out


def paper_verdicts(
    paper: Paper, version: int | None, *, mirror: bool = False, latest_pdf: Outcome | None = None
) -> list[Verdict]:
    """What arXiv's answer means for a link to the paper (``version`` as the link names it); a mirror's
    page is fetched anyway, so only a withdrawn paper is said of it. ``latest_pdf``: the outcome of the
    PDF of the paper's latest version, fetched when :func:`withdrawal_unsettled`."""
    if not paper.found:
        if mirror:
            return []
        if paper.malformed:
            return [
                Verdict(
                    "gone",
                    f"dead link: {paper.id} is not an identifier arXiv can read "
                    "(its API answers 400: incorrect id format)",
                )
            ]
        return [Verdict("gone", f"dead link: arXiv has no paper {paper.id} (its API does not know it)")]
    if not mirror and version is not None and paper.versions is not None and version > paper.versions:
        return [
            Verdict(
                "gone",
                f"dead link: arXiv {paper.id} has no version v{version} (the latest is v{paper.versions})",
            )
        ]
    if paper.withdrawn:
        said = f": {paper.comment[:120]!r}" if paper.comment else ""
        return [Verdict("withdrawn", f"the paper arXiv {paper.id} was withdrawn{said}")]
    if latest_pdf is not None and latest_pdf.status in (404, 410) and withdrawal_unsettled(paper):
        return [
            Verdict(
                "withdrawn",
                f"the paper arXiv {paper.id} was withdrawn: its latest version, v{paper.versions}, has no PDF "
                f"({status_text(latest_pdf.status)}); the reason given: {paper.comment[:120]!r}",
            )
        ]
    return [] if mirror else [Verdict("ok", "ok")]


#: a comment that counts pages, figures or tables: an ordinary version's, never a withdrawal's reason
_ORDINARY_COMMENT = lazy_compile(r"\b\d{1,4} ?(?:pages?|pp\b|figures?|figs?\b|tables?)", re.I)


def withdrawal_unsettled(paper: Paper) -> bool:
    """Whether arXiv's API leaves open that the paper's latest version is a withdrawal, which only its PDF
    tells. The API gives no version list and no sizes: a withdrawal is a new version (v2 or later) whose
    comment is the author's reason, in their own words, and arXiv serves no PDF of it (404). A paper whose
    comment already says it was withdrawn needs no PDF, nor one whose comment counts pages or figures."""
    return (
        paper.found
        and not paper.withdrawn
        and (paper.versions or 1) >= 2
        and bool(paper.comment)
        and not _ORDINARY_COMMENT.search(paper.comment)
    )


# ---- badges -------------------------------------------------------------------------------------------

_TITLE = lazy_compile(r"<title\b[^<>]*>([^<]*)</title>", re.I)
_ARIA = lazy_compile(r'aria-label="([^"]*)"', re.I)
#: badge messages that say the badge names something that does not exist or is wrong
BADGE_BROKEN = (
    "repo not found",
    "repository not found",
    "user not found",
    "org not found",
    "owner not found",
    "package not found",
    "no releases or repo not found",
    "badge not found",
    "not found",
    "invalid",
    "invalid query parameter",
    "invalid parameter",
    "404",
)
#: badge messages that say the badge service could not find out (a warning, never "broken")
BADGE_UNKNOWN = (
    "inaccessible",
    "rate limited by upstream service",
    "unable to select next github token from pool",
    "invalid response data",
    "unknown error",
    "unavailable",
    "timeout",
)


def badge_text(svg: bytes | str) -> str | None:
    """The text a badge image shows (``label: message``), from its <title> or aria-label."""
    text = svg.decode("utf-8", "replace") if isinstance(svg, bytes) else svg
    m = _TITLE.search(text) or _ARIA.search(text)
    if not m:
        return None
    import html  # lazy: only the online check reads badge images; html costs start-up

    return " ".join(html.unescape(m.group(1)).split())


def badge_problem(text: str) -> tuple[Literal["broken", "unknown"], str] | None:
    """('broken' | 'unknown', message) when a badge's text is one of the badge services' error messages."""
    label, sep, message = text.rpartition(": ")
    msg = (message if sep else text).strip().lower()
    if msg in BADGE_BROKEN or msg.startswith(("invalid ", "not found")):
        return "broken", message if sep else text
    if msg in BADGE_UNKNOWN or msg.startswith("inaccessible"):
        return "unknown", message if sep else text
    del label
    return None
