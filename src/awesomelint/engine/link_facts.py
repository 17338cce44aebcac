"""What the network says of one document's links (``ctx.link_facts``, the rules' ``LinkFacts``): the
outcome of each URL fetched, and what GitHub's and arXiv's APIs say of the repositories and papers the
links name. Each part is asked of the run's link checker once per document, when a rule first reads it,
so that a run asks only what its rules read: ``arxiv-date`` alone asks arXiv and fetches no page;
``badge-url`` without ``dead-link`` fetches only the badges; nothing the APIs' answers settle is
fetched, but the PDF of a paper's latest version when only it can tell a withdrawal
(``net.classify.withdrawal_unsettled``). Imported only by an online run (start-up)."""

from __future__ import annotations

from functools import cached_property

from awesomelint.document.badges import badge_repo_key, parse_github_badge
from awesomelint.document.model import Document, Link
from awesomelint.document.urls import (
    LIVE_BADGE_HOSTS,
    arxiv_id,
    arxiv_page,
    arxiv_pdf_url,
    github_repo,
    github_repo_key,
    is_http,
    split,
)
from awesomelint.net.classify import withdrawal_unsettled

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at start-up
if TYPE_CHECKING:
    from awesomelint.config import LinksConfig
    from awesomelint.net.interface import LinkChecker, Outcome, Paper, Repository

#: badge kinds whose image the API makes needless: they only count what the repository has
_COUNT_BADGES = ("stars", "forks", "watchers")


def url_key(url: str) -> str:
    """A URL as the link checker keys its outcome: without its fragment."""
    return url.strip().split("#", 1)[0]


def is_live_badge(link: Link) -> bool:
    """An image served by a badge service, whose text is read online."""
    return link.is_image and split(link.url)[1] in LIVE_BADGE_HOSTS


class DocumentLinkFacts:
    """The ``LinkFacts`` of one document (see ``rules.base.LinkFacts``), built by the engine for an online
    run and filled lazily through ``checker``. ``every_link``: a rule that runs reads the outcome of every
    checked link (``dead-link``), else only the badges are fetched."""

    def __init__(
        self,
        doc: Document,
        config: LinksConfig,
        checker: LinkChecker,
        changed_lines: set[int] | None,
        every_link: bool,
    ) -> None:
        self._doc = doc
        self._config = config
        self._checker = checker
        self._changed_lines = changed_lines
        self._every_link = every_link
        self._fetched: set[str] = set()  # the URL keys of the links fetched (not the PDFs asked besides)

    @cached_property
    def checked(self) -> list[Link]:
        cfg = self._config
        changed = self._changed_lines
        out = []
        for link in self._doc.iter_links():
            url = link.url.strip()
            if not is_http(url):
                continue
            if changed is not None and link.line not in changed:
                continue
            if cfg.exclude and cfg.excluded(url):
                continue
            out.append(link)
        return out

    @cached_property
    def badges(self) -> list[Link]:
        return [link for link in self.checked if is_live_badge(link)]

    @cached_property
    def repositories(self) -> dict[str, Repository]:
        keys = []
        for link in self.checked:
            repo = badge_repo_key(link.url) if link.is_image else github_repo_key(link.url)
            if repo is not None:
                keys.append(repo)
        return (self._checker.repositories(keys) if keys else None) or {}

    def repository(self, key: str) -> Repository | None:
        known = self.repositories
        if key in known:
            return known[key]
        return (self._checker.repositories([key]) or {}).get(key)

    @cached_property
    def papers(self) -> dict[str, Paper]:
        ids = [aid for link in self.checked if not link.is_image and (aid := arxiv_id(link.url))]
        return (self._checker.papers(ids) if ids else None) or {}

    @cached_property
    def outcomes(self) -> dict[str, Outcome] | None:
        repos = self.repositories
        papers = self.papers if self._every_link else {}  # the badges alone need no paper
        links = self.checked if self._every_link else self.badges
        urls = [link.url for link in links if not settled_by_api(link.url, repos, papers)]
        self._fetched = {url_key(u) for u in urls}
        urls.extend(dict.fromkeys(self._latest_pdfs.values()) if self._every_link else ())
        return self._checker.outcomes(urls) if urls else {}

    def outcome(self, link: Link) -> Outcome | None:
        outcomes = self.outcomes
        key = url_key(link.url)
        return outcomes.get(key) if outcomes and key in self._fetched else None

    @cached_property
    def _latest_pdfs(self) -> dict[str, str]:
        """The PDF of the latest version of the paper of each arXiv page whose withdrawal only that PDF can
        tell, by the page's URL key."""
        papers = self.papers
        out: dict[str, str] = {}
        for link in self.checked:
            page = None if link.is_image else arxiv_page(link.url)
            paper = papers.get(page[0]) if page is not None else None
            if paper is not None and paper.versions is not None and withdrawal_unsettled(paper):
                pdf = arxiv_pdf_url(link.url, paper.versions)
                if pdf is not None:
                    out[url_key(link.url)] = pdf
        return out

    def latest_pdf(self, link: Link) -> Outcome | None:
        pdf = self._latest_pdfs.get(url_key(link.url)) if self._every_link else None
        outcomes = self.outcomes if pdf is not None else None
        return outcomes.get(pdf) if outcomes and pdf is not None else None

    def tally(self, link: Link, category: str) -> None:
        self._checker.tally(url_key(link.url), category)


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
