"""GitHub badges of shields.io and badgen.net: which repository (or user) a badge URL names."""

from __future__ import annotations

from functools import lru_cache

from awesomelint._record import record
from awesomelint._regex import lazy_compile
from awesomelint.document.urls import split

_SHIELDS = {"img.shields.io", "shields.io", "raster.shields.io", "badgen.net", "flat.badgen.net"}
# shields/badgen GitHub badge kinds that take owner and repo (number of path segments of the kind)
_REPO_KINDS = {
    ("stars",), ("forks",), ("watchers",), ("issues",), ("issues-raw",), ("issues-closed",),
    ("issues-closed-raw",), ("issues-pr",), ("issues-pr-raw",), ("issues-pr-closed",),
    ("issues-pr-closed-raw",), ("license",), ("last-commit",), ("contributors",), ("contributors-anon",),
    ("repo-size",), ("release-date",), ("release-date-pre",), ("created-at",), ("commits-since",),
    ("v", "release"), ("v", "tag"), ("tag",), ("release",), ("downloads",), ("downloads-pre",),
    ("languages", "top"), ("languages", "count"), ("languages", "code-size"), ("top-language",),
    ("commit-activity", "w"), ("commit-activity", "m"), ("commit-activity", "y"), ("commit-activity", "t"),
    ("discussions",), ("milestones",), ("go-mod", "go-version"), ("package-json", "v"), ("dependents-repo",),
    ("actions", "workflow", "status"), ("workflow", "status"), ("check-runs",), ("checks-status",),
    ("directory-file-count",), ("search",), ("size",), ("pipenv", "locked", "python-version"),
}  # fmt: skip
_USER_KINDS = {("stars",), ("followers",), ("sponsors",)}  # /github/stars/:user is a user's total stars
_EXT = (".svg", ".png", ".json")


@record(frozen=True)
class GithubBadge:
    kind: str
    owner: str | None
    repo: str | None
    problem: str | None = None


_KINDS_LONGEST_FIRST = sorted(_REPO_KINDS | _USER_KINDS, key=len, reverse=True)


@lru_cache(maxsize=65536)
def parse_github_badge(url: str) -> GithubBadge | None:
    """The repository a shields.io or badgen GitHub badge names; None for other badges."""
    _scheme, host, path, _query, _frag = split(url)
    if host not in _SHIELDS:
        return None
    segs = path.split("/")[1:]
    if not segs or segs[0] != "github":
        return None
    segs = segs[1:]
    if segs and segs[-1].lower().endswith(_EXT):
        last = segs[-1]
        segs[-1] = last[: last.rfind(".")]
    kind: tuple[str, ...] | None = None
    for k in _KINDS_LONGEST_FIRST:
        if tuple(segs[: len(k)]) == k:
            kind = k
            break
    if kind is None:
        return None
    params = segs[len(kind) :]
    name = "/".join(kind)
    owner = params[0] if params else ""
    repo = params[1] if len(params) > 1 else None
    if not owner:
        return GithubBadge(name, None, None, "names no owner or repository")
    if repo is None:
        if kind in _USER_KINDS:
            return GithubBadge(name, owner, None, _unreadable(url, owner, None))
        return GithubBadge(name, owner, None, f"names owner {owner!r} but no repository")
    if not repo:
        return GithubBadge(name, owner, None, f"names owner {owner!r} but the repository is empty")
    return GithubBadge(name, owner, repo, _unreadable(url, owner, repo))


def badge_repo_key(url: str) -> str | None:
    """``owner/name`` (lower-cased) of the repository a shields.io or badgen GitHub badge names."""
    badge = parse_github_badge(url)
    if badge is None or badge.owner is None or not badge.repo:
        return None
    return f"{badge.owner.lower()}/{badge.repo.lower()}"


#: what GitHub allows in an owner and a repository name (shields.io answers nothing else with the image)
_OWNER = lazy_compile(r"[A-Za-z0-9_-]+")
_REPO = lazy_compile(r"[A-Za-z0-9._-]+")
_NAME_BREAK = lazy_compile(r"[^A-Za-z0-9._-]")
_STRAY = "`\"')"


def _unreadable(url: str, owner: str, repo: str | None) -> str | None:
    """Why shields.io cannot answer a badge URL with its image because of the URL's text, or None."""
    text = url.strip()
    path = split(text)[2]
    if any(c.isspace() for c in path):
        return "contains a space in its path, which breaks the URL"  # in the query (a label) it is fine
    if "%20" in path:
        return "contains an encoded space ('%20') in its path, which no GitHub owner or repository name holds"
    if text and text[-1] in _STRAY:
        return f"ends with a stray {text[-1]!r} after the URL"
    for part, value, allowed in (("owner", owner, _OWNER), ("repository", repo, _REPO)):
        if value is not None and not allowed.fullmatch(value):
            bad = _NAME_BREAK.search(value)
            shown = value[bad.start()] if bad else value[0]
            return f"has {shown!r} in the {part} {value!r}, which no GitHub {part} name holds"
    return None
