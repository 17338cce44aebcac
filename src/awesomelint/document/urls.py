"""URL identities: the same paper or repository written in different ways compares equal."""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import parse_qs, urlsplit

from awesomelint._regex import lazy_compile

_ARXIV_HOSTS = {"arxiv.org", "export.arxiv.org", "alphaxiv.org", "ar5iv.org", "ar5iv.labs.arxiv.org"}
_ARXIV_PATH = lazy_compile(
    r"^/(?:abs|pdf|html|ps|format|overview)/"
    r"(?P<id>\d{4}\.\d{4,5}|[a-z][a-z\-]*(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?(?:\.pdf)?/?$"
)
_ARXIV_NEW_ID = lazy_compile(r"^(\d{2})(\d{2})\.\d{4,5}$")
#: arXiv's DOI of a paper (DataCite's prefix 10.48550), ``/10.48550/arXiv.2401.04658`` on doi.org
_ARXIV_DOI = lazy_compile(
    r"^/10\.48550/arxiv\.(?P<id>\d{4}\.\d{4,5}|[a-z][a-z\-]*(?:\.[a-z]{2})?/\d{7})(?:v\d+)?/?$", re.I
)
_GITHUB_RESERVED = {
    "about", "apps", "collections", "contact", "customer-stories", "enterprise", "events", "explore",
    "features", "issues", "login", "marketplace", "new", "notifications", "orgs", "organizations",
    "pricing", "pulls", "search", "security", "settings", "site", "sponsors", "topics", "trending", "users",
    "account", "codespaces", "copilot", "dashboard", "join", "logout", "mobile", "nonprofit", "open-source",
    "premium-support", "readme", "resources", "showcases", "signup", "solutions", "stars", "team", "watching",
    "git-guides",
}  # fmt: skip
#: what follows owner/repo in a URL of the repository itself (anything else may be a page of GitHub's own)
REPO_ROUTES = frozenset({
    "tree", "blob", "raw", "blame", "commit", "commits", "compare", "releases", "tags", "branches", "issues",
    "pull", "pulls", "wiki", "actions", "discussions", "projects", "milestones", "labels", "security",
    "pulse", "graphs", "network", "stargazers", "forks", "watchers", "archive", "activity", "packages",
    "deployments", "contributors", "edit", "tree-save", "releases.atom", "commits.atom", "tarball", "zipball",
})  # fmt: skip
_BADGE_HOSTS = {
    "img.shields.io", "shields.io", "raster.shields.io", "badgen.net", "flat.badgen.net",
    "badge.fury.io", "api.star-history.com", "camo.githubusercontent.com",
}  # fmt: skip
#: badge services whose images say in text what they show; the live badge check reads that text
LIVE_BADGE_HOSTS = frozenset(
    {"img.shields.io", "shields.io", "raster.shields.io", "badgen.net", "flat.badgen.net"}
)


@lru_cache(maxsize=65536)
def split(url: str) -> tuple[str, str, str, str, str]:
    """(scheme, host without www., path, query, fragment), lower-cased scheme and host."""
    fast = _split_plain(url)
    if fast is not None:
        return fast
    return _split_any(url)


def _split_plain(url: str) -> tuple[str, str, str, str, str] | None:
    """:func:`split` of the commonest URL, ``http(s)://host/path?query#fragment`` with a plain host (no
    user, port or brackets; nothing urlsplit would remove), read with str methods; None for any other."""
    if url.startswith("https://"):
        scheme, rest = "https", url[8:]
    elif url.startswith("http://"):
        scheme, rest = "http", url[7:]
    else:
        return None
    end = len(rest)
    for sep in "/?#":
        at = rest.find(sep)
        if 0 <= at < end:
            end = at
    host = rest[:end]
    if not host or not rest.isascii() or _NOT_PLAIN.search(rest) or not host.isprintable():
        return None
    tail = rest[end:]
    tail, _, fragment = tail.partition("#")
    path, _, query = tail.partition("?")
    host = host.lower()
    if host.startswith("www."):
        host = host[4:]
    return (scheme, host, path, query, fragment)


#: what makes urlsplit read a URL otherwise than the plain reading above
_NOT_PLAIN = lazy_compile(r"[\s@:\[\]\\]|^[^/?#]*%")


def _split_any(url: str) -> tuple[str, str, str, str, str]:
    try:
        parts = urlsplit(url.strip())
        host = (parts.hostname or "").lower()
    except ValueError:
        return ("", "", url, "", "")
    if host.startswith("www."):
        host = host[4:]
    return (parts.scheme.lower(), host, parts.path, parts.query, parts.fragment)


#: well-known hosts of curated lists whose addresses are seen with the slash after the host lost
#: (``https://github.comacme/repo``, ``https://arxiv.orgabs/2401.00001``)
GLUED_HOSTS = (
    "github.com", "gitlab.com", "arxiv.org", "huggingface.co", "openreview.net", "paperswithcode.com",
    "aclanthology.org", "doi.org", "youtube.com", "twitter.com", "medium.com", "zenodo.org", "kaggle.com",
)  # fmt: skip
#: real top-level domains that begin with one of those hosts' (``github.community`` is GitHub's forum)
_LONGER_TLDS = frozenset({
    "com", "comcast", "commbank", "community", "company", "compare", "computer", "comsec",
    "co", "coach", "codes", "coffee", "college", "cologne", "condos", "construction", "consulting", "contact",
    "contractors", "cooking", "cookingchannel", "cool", "coop", "corsica", "country", "coupon", "coupons",
    "courses", "org", "organic", "net", "netbank", "netflix", "network",
})  # fmt: skip
_GLUED_SET = frozenset(GLUED_HOSTS)
_GLUED_REST = lazy_compile(r"[a-z0-9_-]+\Z")


@lru_cache(maxsize=65536)
def glued_host(url: str) -> str | None:
    """The URL with the slash restored when a well-known host runs into its path (``https://github.comacme
    /repo`` -> ``https://github.com/acme/repo``): its top-level domain is followed by letters that make no
    real one. None for any other URL."""
    _scheme, host, _path, _query, _frag = split(url)
    if host in _GLUED_SET or not host.startswith(GLUED_HOSTS):
        return None  # most links: a well-known host itself, or another host
    known = next(h for h in GLUED_HOSTS if host.startswith(h))
    rest = host[len(known) :]
    if not _GLUED_REST.match(rest) or known.rsplit(".", 1)[1] + rest in _LONGER_TLDS:
        return None
    at = url.lower().find(known)
    if at < 0:
        return None
    at += len(known)
    return url[:at] + "/" + url[at:]


def is_http(url: str) -> bool:
    scheme, host, *_ = split(url)
    return scheme in ("http", "https") and bool(host)


def _old_style(aid: str) -> str:
    """An old-style identifier as arXiv writes it (``math.DG/0211159``: the archive lower-case, its subject
    class upper-case), from a DOI, which is case-insensitive."""
    archive, number = aid.split("/", 1)
    name, dot, subject = archive.partition(".")
    return f"{name.lower()}{dot}{subject.upper()}/{number}"


@lru_cache(maxsize=65536)  # arxiv-date asks of every paper entry's links, paper_key of every identity link
def arxiv_id(url: str) -> str | None:
    """The arXiv identifier of an arXiv (or huggingface.co/papers) URL or of arXiv's DOI, without
    version."""
    _scheme, host, path, _query, _frag = split(url)
    if host in _ARXIV_HOSTS:
        return _arxiv_path_id(path)
    if host in ("doi.org", "dx.doi.org"):
        m = _ARXIV_DOI.match(path)
        if m is None:
            return None
        aid = m.group("id")
        return aid if "/" not in aid else _old_style(aid)
    if host == "huggingface.co" and path.startswith("/papers/"):
        m = re.match(r"^/papers/(\d{4}\.\d{4,5})(?:v\d+)?/?$", path)
        return m.group(1) if m else None
    return None


@lru_cache(maxsize=65536)  # the paper rules ask again of the arXiv links the entry model read
def _arxiv_path_id(path: str) -> str | None:
    m = _ARXIV_PATH.match(path)
    return m.group("id") if m else None


_ARXIV_PAGE = lazy_compile(
    r"^/(?P<form>abs|pdf|html|ps|format)/"
    r"(?P<id>\d{4}\.\d{4,5}|[a-z][a-z\-]*(?:\.[A-Z]{2})?/\d{7})(?:v(?P<v>\d{1,4}))?(?:\.pdf)?/?$"
)


def arxiv_page(url: str) -> tuple[str, str, int | None] | None:
    """(identifier, form, version) of a page on arxiv.org itself (abs, pdf, html, ps, format), or None:
    what the arXiv API can vouch for, unlike a mirror's or huggingface.co's page."""
    _scheme, host, path, _query, _frag = split(url)
    if host not in ("arxiv.org", "export.arxiv.org"):
        return None
    m = _ARXIV_PAGE.match(path)
    if not m:
        return None
    return m.group("id"), m.group("form"), int(m.group("v")) if m.group("v") else None


def arxiv_pdf_url(url: str, version: int) -> str | None:
    """The URL of the PDF of ``version`` of the paper an arXiv page names, on the same scheme, host and
    port (``https://arxiv.org/abs/2401.04658`` → ``https://arxiv.org/pdf/2401.04658v3``); None for any
    other URL."""
    page = arxiv_page(url)
    if page is None:
        return None
    try:
        parts = urlsplit(url.strip())
        host, port = (parts.hostname or "").lower(), parts.port
    except ValueError:
        return None
    return f"{parts.scheme.lower()}://{host}{f':{port}' if port else ''}/pdf/{page[0]}v{version}"


def github_repo_key(url: str) -> str | None:
    """``owner/name`` (lower-cased) of a github.com URL into a repository: the repository itself or one of
    its pages (``/tree/...``, ``/blob/...``, ``/pull/N``, ``/releases``, ...)."""
    gh = github_repo(url)
    if gh is None:
        return None
    route = gh[2].split("/", 1)[0]
    return f"{gh[0]}/{gh[1]}" if route == "" or route in REPO_ROUTES else None


def arxiv_month(identifier: str) -> tuple[int, int] | None:
    """(year, month) that a new-style arXiv identifier encodes: '2401.04658' -> (2024, 1)."""
    m = _ARXIV_NEW_ID.match(identifier)
    if not m:
        return None
    yy, mm = int(m.group(1)), int(m.group(2))
    if not 1 <= mm <= 12:
        return None
    return (2000 + yy, mm)


@lru_cache(maxsize=65536)  # the rules ask it of the same URLs: an entry's identity, its badges, its links
def github_repo(url: str) -> tuple[str, str, str] | None:
    """(owner, repo, rest-of-path) for a github.com URL that names a repository; owner/repo lower-cased."""
    _scheme, host, path, _query, _frag = split(url)
    if host != "github.com":
        return None
    parts = [p for p in path.split("/") if p]
    if len(parts) < 2 or parts[0].lower() in _GITHUB_RESERVED:
        return None
    repo = parts[1]
    if repo.endswith(".git"):
        repo = repo[:-4]
    if not repo:
        return None
    return (parts[0].lower(), repo.lower(), "/".join(parts[2:]))


def is_code_repo(url: str) -> bool:
    """A link to a code repository itself (its root or a folder), not to a file in it."""
    gh = github_repo(url)
    if gh is not None:
        rest = gh[2]
        return rest == "" or rest.startswith("tree/") or rest in ("issues", "releases", "wiki")
    _scheme, host, path, _q, _f = split(url)
    if host in ("gitlab.com", "gitee.com", "bitbucket.org", "codeberg.org"):
        parts = [p for p in path.split("/") if p]
        return len(parts) == 2 or (len(parts) > 2 and parts[2] in ("tree", "-"))
    return False


def is_badge(url: str) -> bool:
    _scheme, host, path, _q, _f = split(url)
    if host in _BADGE_HOSTS:
        return True
    return host == "github.com" and path.endswith("/badge.svg")


#: the path of a publisher's page named by its DOI; [^/]+ and the fixed prefix keep the match linear
_PUBLISHER_DOI = lazy_compile(
    r"^/(?:doi/(?:abs/|full/|pdf/|epdf/|book/)?|article/|chapter/)(10\.\d{4,9}/[^?#]*[^/?#])/?$"
)
_DOI_PAGES = ("/doi/", "/article/10.", "/chapter/10.")
_STRONG_KINDS = ("arxiv:", "openreview:", "doi:", "acl:", "neurips:")


def is_paper_key(key: str) -> bool:
    """A key that names one publication (arXiv, DOI, OpenReview, a PDF ...), not just a web page that
    several entries may share, such as a blog post announcing two models."""
    return key.startswith(_STRONG_KINDS) or key.split("?")[0].lower().endswith(".pdf")


@lru_cache(maxsize=65536)
def paper_key(url: str) -> str:
    """A normalised identity for an entry's link: arXiv abs/pdf/versions, scheme, ``www.``, trailing slash
    and GitHub owner/repo case do not matter."""
    aid = arxiv_id(url)
    if aid:
        return f"arxiv:{aid}"
    _scheme, host, path, query, _frag = split(url)
    if host == "openreview.net" and path.rstrip("/") in ("/forum", "/pdf"):
        ids = parse_qs(query).get("id")
        if ids:
            return f"openreview:{ids[0]}"
    if host in ("doi.org", "dx.doi.org"):
        return "doi:" + path.strip("/").lower()
    if path.startswith(_DOI_PAGES) and "/10." in path:
        m = _PUBLISHER_DOI.match(path)
        if m:  # a publisher's page of a DOI (dl.acm.org/doi/10..., link.springer.com/article/10...)
            return "doi:" + m.group(1).lower()
    if host == "aclanthology.org":
        m = re.match(r"^/([A-Za-z0-9.\-]+?)(?:\.pdf)?/?$", path)
        if m:
            return f"acl:{m.group(1).lower()}"
    if host == "proceedings.neurips.cc":
        m = re.search(r"/([0-9a-f]{32})-", path)
        if m:
            return f"neurips:{m.group(1)}"
    gh = github_repo(url)
    if gh is not None:
        owner, repo, rest = gh
        rest = rest.rstrip("/")
        return f"github:{owner}/{repo}" + (f"/{rest}" if rest else "")
    key = host + path.rstrip("/")
    if query:
        key += "?" + query
    if not host:
        return url.strip()
    return key


@lru_cache(maxsize=65536)  # duplicate-entry asks of every entry's primary link
def entry_identity(url: str) -> tuple[str | None, bool]:
    """(the key of an entry that ``url`` names, None for a URL that names no entry: not http(s), a badge;
    whether the URL names a publication). A web page's fragment is part of its key (two sections of one
    page are two entries), a paper's is not."""
    key = paper_key(url)
    paper = is_paper_key(key)
    if not is_http(url) or is_badge(url):
        return None, paper
    _, hash_, fragment = url.partition("#")
    return (key + hash_ + fragment if fragment and not paper else key), paper
