"""Dead links: every distinct http(s) URL of the list checked once over the network.

The rule reads what the network says through ``ctx.link_facts``, given by the engine in an online run
(``engine/link_facts.py``); the network code is imported only when an online check runs, so the offline
path never loads requests, urllib3 or rich.
"""

from __future__ import annotations

from collections.abc import Iterator

from awesomelint.document.model import Link
from awesomelint.document.urls import arxiv_id, arxiv_page, github_repo, github_repo_key, is_code_repo
from awesomelint.findings import Finding
from awesomelint.rules.base import Context, Rule

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at start-up
if TYPE_CHECKING:
    from awesomelint.net.classify import Verdict
    from awesomelint.net.interface import Outcome, Paper, Repository


class DeadLink(Rule):
    checks_links = True
    checks_every_link = True
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
        "private or disabled one, an arXiv paper or version that does not exist or an identifier arXiv "
        "cannot read are gone; a renamed or "
        "transferred repository is moved (fixable); an archived repository and a withdrawn paper are "
        "warnings of their own kinds, archived and withdrawn. Configure it in [links]: accept, exclude, "
        "severity (gone, moved, unverified, archived, withdrawn), apis, github-api, arxiv-api, timeout, ..."
    )
    why = "Link rot is what hurts a curated list most: readers hit dead papers and repositories."
    example = "|2023.06|SqueezeLLM|[[pdf]](https://arxiv.org/pdf/2306.07629.pdf)|[[SqueezeLLM]](https://github.com/SqueezeAILab/SqueezeLLM-old)|"
    fixed = "|2023.06|SqueezeLLM|[[pdf]](https://arxiv.org/pdf/2306.07629.pdf)|[[SqueezeLLM]](https://github.com/SqueezeAILab/SqueezeLLM)|"

    def check(self, ctx: Context) -> Iterator[Finding]:
        facts = ctx.link_facts
        if facts is None or facts.outcomes is None:
            return
        # lazy: the offline path never loads net, nor the fixes of moved links
        from awesomelint.net.classify import classify
        from awesomelint.rules._fixes import rewrite_fix

        cfg = ctx.config.links
        repos, papers = facts.repositories, facts.papers
        for link in facts.checked:
            verdicts = api_verdicts(link, repos, papers, facts.latest_pdf(link))
            outcome = facts.outcome(link)
            if outcome is not None:
                verdicts.append(classify(outcome, cfg.accepted, link.url.strip()))
            worst = next((v.category for v in verdicts if v.category != "ok"), "ok" if verdicts else None)
            if worst is not None:
                facts.tally(link, worst)
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


def api_verdicts(
    link: Link, repos: dict[str, Repository], papers: dict[str, Paper], latest_pdf: Outcome | None = None
) -> list[Verdict]:
    """What the APIs' answers mean for a link (not for a badge: ``badge-url`` reads those);
    ``latest_pdf``: the outcome of the PDF of the latest version of an arXiv page's paper, if fetched."""
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
        return paper_verdicts(papers[page[0]], page[2], latest_pdf=latest_pdf)
    aid = arxiv_id(url)  # a mirror's or huggingface.co's page: fetched, but a withdrawn paper is said
    if aid is not None and aid in papers:
        return paper_verdicts(papers[aid], None, mirror=True)
    return []


RULES: list[type[Rule]] = [DeadLink]
