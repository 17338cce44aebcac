"""Dead links: every distinct http(s) URL of the list checked once over the network.

The rules see the network only as a :class:`~awesomelint.net.interface.LinkChecker` (``ctx.links``, given
by the engine); the network code is imported only when an online check runs, so the offline path never
loads requests, urllib3 or rich.
"""

from __future__ import annotations

from collections.abc import Iterator

from awesomelint._regex import lazy_compile
from awesomelint.document.badges import parse_github_badge
from awesomelint.document.model import Link
from awesomelint.document.urls import (
    LIVE_BADGE_HOSTS,
    arxiv_id,
    arxiv_page,
    github_repo,
    github_repo_key,
    is_code_repo,
    is_http,
    split,
)
from awesomelint.findings import Finding, Fix
from awesomelint.rules.base import Context, Rule

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at start-up
if TYPE_CHECKING:
    from awesomelint.net.classify import Outcome, Verdict
    from awesomelint.net.interface import LinkChecker, Paper, Repository

_MEMO = "link-outcomes"


def _key(url: str) -> str:
    return url.strip().split("#", 1)[0]


def is_live_badge(link: Link) -> bool:
    return link.is_image and split(link.url)[1] in LIVE_BADGE_HOSTS


def checked_links(ctx: Context, badges_only: bool = False) -> list[Link]:
    """The http(s) links the online checks look at: not excluded, and on a changed line when only changed
    lines are checked."""
    cfg = ctx.config.links
    out = []
    for link in ctx.all_links:
        url = link.url.strip()
        if not is_http(url):
            continue
        if ctx.changed_lines is not None and link.line not in ctx.changed_lines:
            continue
        if badges_only and not is_live_badge(link):
            continue
        if cfg.exclude and cfg.excluded(url):
            continue
        out.append(link)
    return out


def link_service(ctx: Context) -> LinkChecker:
    if ctx.links is None:
        raise RuntimeError("an online rule ran without a link checker (the engine provides one)")
    return ctx.links


#: badge kinds whose image the API makes needless: they only count what the repository has
_COUNT_BADGES = ("stars", "forks", "watchers")


def badge_repo_key(url: str) -> str | None:
    """``owner/name`` (lower-cased) of the repository a shields.io or badgen GitHub badge names."""
    badge = parse_github_badge(url)
    if badge is None or badge.owner is None or not badge.repo:
        return None
    return f"{badge.owner.lower()}/{badge.repo.lower()}"


def repo_facts(ctx: Context) -> dict[str, Repository]:
    """What GitHub's API says of the repositories this document's checked links and badges name (once per
    document); empty when the API is not used."""
    key = f"{_MEMO}:repos"
    if key not in ctx.memo:
        keys = []
        for link in checked_links(ctx):
            repo = badge_repo_key(link.url) if link.is_image else github_repo_key(link.url)
            if repo is not None:
                keys.append(repo)
        ctx.memo[key] = (link_service(ctx).repositories(keys) if keys else None) or {}
    repos: dict[str, Repository] = ctx.memo[key]
    return repos


def paper_facts(ctx: Context) -> dict[str, Paper]:
    """What arXiv's API says of the papers this document's checked links name (arXiv pages, mirrors and
    huggingface.co/papers alike; once per document); empty when the API is not used."""
    key = f"{_MEMO}:papers"
    if key not in ctx.memo:
        ids = [aid for link in checked_links(ctx) if not link.is_image and (aid := arxiv_id(link.url))]
        ctx.memo[key] = (link_service(ctx).papers(ids) if ids else None) or {}
    papers: dict[str, Paper] = ctx.memo[key]
    return papers


def settled_by_api(url: str, repos: dict[str, Repository], papers: dict[str, Paper]) -> bool:
    """Whether the APIs' answers say all there is to say about a URL, so that it is not fetched: a
    repository that does not exist (and every page in it), a bare repository link, a stars badge of a
    repository the API knows; an arXiv paper that does not exist, an abs or pdf page of one that does
    (an html page may be missing even so, a deep link's path may be gone: those are fetched)."""
    repo = github_repo_key(url)
    if repo is not None and repo in repos:
        found = repos[repo]
        if not found.found or found.private or found.disabled:
            return True
        gh = github_repo(url)
        return gh is not None and gh[2].strip("/") == ""
    page = arxiv_page(url)
    if page is not None and page[0] in papers:
        paper = papers[page[0]]
        too_new = page[2] is not None and paper.versions is not None and page[2] > paper.versions
        return not paper.found or too_new or page[1] in ("abs", "pdf")
    badge = parse_github_badge(url)
    if badge is not None and badge.kind in _COUNT_BADGES:
        return badge_repo_key(url) in repos
    return False


def link_outcomes(ctx: Context) -> dict[str, Outcome] | None:
    """Outcomes of this document's links, fetched once for every online rule; None without network.
    Only the badges are fetched when ``dead-link`` does not run, and nothing the APIs settled."""
    all_links = ctx.rule is DeadLink or DeadLink.name in ctx.selected
    key = f"{_MEMO}:all" if all_links else f"{_MEMO}:badges"
    if f"{_MEMO}:all" in ctx.memo:
        key = f"{_MEMO}:all"
    if key not in ctx.memo:
        repos = repo_facts(ctx)
        papers = paper_facts(ctx) if all_links else {}  # the badges alone need no paper
        urls = [
            link.url
            for link in checked_links(ctx, badges_only=not all_links)
            if not settled_by_api(link.url, repos, papers)
        ]
        ctx.memo[key] = link_service(ctx).outcomes(urls) if urls else {}
    outcomes: dict[str, Outcome] | None = ctx.memo[key]
    return outcomes


class DeadLink(Rule):
    checks_links = True
    fixable = True
    name = "dead-link"
    code = "AL402"
    severity = "error"
    online = True
    summary = "A link is dead (404, 410, no such host), moved permanently, or could not be verified."
    what = (
        "Checks every distinct http(s) URL of the list once (HEAD, then GET when HEAD is refused; bodies "
        "are never downloaded) and reports each place where a failing URL stands. Gone (404, 410, a host "
        "that does not exist) is an error. Moved (301/308) is a warning that names the new URL. Could not "
        "verify (401, 403, 429 after retries, 999, 5xx after retries, timeouts, resets, TLS errors, a "
        "redirect loop, an address the guard refuses) is a warning that says why, never 'dead'. Relative "
        "links and #anchors are not checked. With no network at all the check is skipped with one notice; "
        "`--offline` turns it off. GitHub repositories (with a token in GITHUB_TOKEN or GH_TOKEN) and arXiv "
        "papers are looked up through their APIs, many a request: a repository that does not exist, a "
        "private or disabled one, an arXiv paper or version that does not exist are gone; a renamed or "
        "transferred repository is moved (fixable); an archived repository and a withdrawn paper are "
        "warnings of their own kinds, archived and withdrawn. Configure it in [links]: accept, exclude, "
        "severity (gone, moved, unverified, archived, withdrawn), apis, github-api, arxiv-api, timeout, ..."
    )
    why = "Link rot is what hurts a curated list most: readers hit dead papers and repositories."
    example = "|2023.06|SqueezeLLM|[[pdf]](https://arxiv.org/pdf/2306.07629.pdf)|[[SqueezeLLM]](https://github.com/SqueezeAILab/SqueezeLLM-old)|"
    fixed = "|2023.06|SqueezeLLM|[[pdf]](https://arxiv.org/pdf/2306.07629.pdf)|[[SqueezeLLM]](https://github.com/SqueezeAILab/SqueezeLLM)|"

    def check(self, ctx: Context) -> Iterator[Finding]:
        if not ctx.online:
            return
        outcomes = link_outcomes(ctx)
        if outcomes is None:
            return
        from awesomelint.net.classify import classify  # lazy: the offline path never loads net

        cfg = ctx.config.links
        service = link_service(ctx)
        repos, papers = repo_facts(ctx), paper_facts(ctx)
        for link in checked_links(ctx):
            key = _key(link.url)
            verdicts = api_verdicts(link, repos, papers)
            outcome = outcomes.get(key)
            if outcome is not None:
                verdicts.append(classify(outcome, cfg.accepted, link.url.strip()))
            worst = next((v.category for v in verdicts if v.category != "ok"), "ok" if verdicts else None)
            if worst is not None:
                service.tally(key, worst)
            for verdict in verdicts:
                if verdict.category == "ok":
                    continue
                level = cfg.severity.get(verdict.category, _DEFAULTS[verdict.category])
                if level == "off":
                    continue
                yield ctx.report(
                    link.line,
                    link.url_column,
                    verdict.message,
                    severity=level,  # type: ignore[arg-type]
                    end_column=link.url_column + len(link.url),
                    fix=rewrite_fix(ctx, link, verdict.new_url) if verdict.fixable else None,
                )


_DEFAULTS = {"gone": "error", "moved": "warning", "unverified": "warning", "archived": "warning"}
_DEFAULTS["withdrawn"] = "warning"


def api_verdicts(link: Link, repos: dict[str, Repository], papers: dict[str, Paper]) -> list[Verdict]:
    """What the APIs' answers mean for a link (not for a badge: ``badge-url`` reads those)."""
    from awesomelint.net.classify import paper_verdicts, repo_verdicts  # lazy: as above

    if link.is_image:
        return []
    url = link.url.strip()
    repo = github_repo_key(url)
    if repo is not None and repo in repos:
        gh = github_repo(url)
        rest = gh[2].strip("/") if gh is not None else ""
        return repo_verdicts(repos[repo], url, bare=rest == "", code=is_code_repo(url))
    page = arxiv_page(url)
    if page is not None and page[0] in papers:
        return paper_verdicts(papers[page[0]], page[2])
    aid = arxiv_id(url)  # a mirror's or huggingface.co's page: fetched, but a withdrawn paper is said
    if aid is not None and aid in papers:
        return paper_verdicts(papers[aid], None, mirror=True)
    return []


#: a new URL that can stand in a Markdown link, a table cell and an HTML attribute as it is
_SAFE_URL = lazy_compile(r"https?://[^\s<>()\[\]|\\\"'`]+")


def rewrite_fix(ctx: Context, link: Link, new_url: str | None) -> Fix | None:
    """Rewrite a permanently moved link to its new URL, in place, when that is a plain substitution: the
    URL stands in the line exactly as written (no escapes or entities) and the new one needs no escaping."""
    if (
        not new_url
        or not _SAFE_URL.fullmatch(new_url)
        or link.kind not in ("link", "image", "autolink", "bare", "html")
    ):
        return None
    line = ctx.doc.lines[link.line - 1]
    start = link.url_column - 1
    if line[start : start + len(link.url)] != link.url:
        return None
    return Fix(
        line=link.line,
        end_line=link.line,
        replacement=[line[:start] + new_url + line[start + len(link.url) :]],
        description=f"rewrite the moved link {link.url} as {new_url}",
    )


RULES: list[type[Rule]] = [DeadLink]
