"""Badge URLs: shields.io/badgen GitHub badges that are malformed or name another repository."""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

from awesomelint.document.badges import GithubBadge, badge_repo_key, parse_github_badge
from awesomelint.document.model import Link
from awesomelint.document.urls import github_repo, split
from awesomelint.findings import Finding
from awesomelint.rules.base import Context, Rule, expected_found

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at start-up
if TYPE_CHECKING:
    from awesomelint.net.interface import Repository
    from awesomelint.rules.base import LinkFacts


def _groups(ctx: Context) -> Iterator[tuple[list[Link], tuple[int, int] | None]]:
    """Links that belong to one entry, with the entry's lines when it spans several: every cell of a
    table row; the own links of a list item (its nested items' are theirs), an HTML table row or a
    paragraph entry; one line of the links outside entries."""
    doc = ctx.doc
    for table in doc.tables:
        for row in table.rows:
            links = [link for cell in row.cells for link in cell.links]
            if links:
                yield links, None
    taken: set[tuple[int, int]] = set()  # (line, column) of the links an entry holds
    if (doc.list_items or doc.html_blocks or doc.paragraphs) and any(link.is_image for link in doc.links):
        # lazy: the entry model is built only when a badge may stand in an entry outside tables (start-up)
        from awesomelint.document.entries import document_entries

        for entry in document_entries(doc, ctx.info).entries:
            if entry.kind == "row":
                continue
            links = entry.links
            for link in links:
                if link.is_image:
                    break
            else:
                continue  # no image: no badge
            taken.update((link.line, link.url_column) for link in links)
            yield links, (entry.line, entry.end_line)
    by_line: dict[int, list[Link]] = {}
    for link in doc.links:
        if (link.line, link.url_column) not in taken:
            by_line.setdefault(link.line, []).append(link)
    for links in by_line.values():
        yield links, None


def _row_repos(links: list[Link]) -> list[tuple[str, str]]:
    """The GitHub repositories an entry links (a deep link, pull request or release counts as its
    repository), as first written, one per repository whatever its case; images are not links."""
    seen: dict[tuple[str, str], tuple[str, str]] = {}
    for link in links:
        for url in (link.wrapper,) if link.is_image else (link.url,):
            if url is None or (not link.is_image and link.kind == "html" and link.text != "a"):
                continue
            repo = _repo_as_written(url)
            if repo is not None:
                seen.setdefault((repo[0].lower(), repo[1].lower()), repo)
    return list(seen.values())


def _compare_with(badge: Link, repos: list[tuple[str, str]]) -> tuple[str, str] | None:
    """The repository a badge must name: the link that wraps it, else the one repository of the entry;
    None when the entry links none, or several and the badge is not wrapped (it may show either)."""
    if badge.wrapper:
        wrapped = _repo_as_written(badge.wrapper)
        if wrapped is not None:
            return wrapped
    return repos[0] if len(repos) == 1 else None


@lru_cache(maxsize=65536)  # asked of every link of an entry with a badge, and of every badge's wrapper
def _repo_as_written(url: str) -> tuple[str, str] | None:
    """(owner, repo) of a GitHub repository URL, in the case the author wrote them."""
    if github_repo(url) is None:
        return None
    parts = [p for p in split(url)[2].split("/") if p]
    return parts[0], parts[1].removesuffix(".git")


class BadgeUrl(Rule):
    checks_links = True
    fixable = True
    name = "badge-url"
    entry_forms = ("row", "item", "html-row", "paragraph")
    code = "AL401"
    severity = "error"
    summary = (
        "A GitHub badge URL is malformed or names another repository than its entry links; online, a "
        "badge whose image shows an error."
    )
    what = (
        "Reads every shields.io and badgen.net GitHub badge (stars, forks, issues, license, release, ...): it "
        "must name an owner and a repository (a stars badge with only an owner counts a user's stars, which "
        "is wrong beside a repository link), and shields.io must be able to read it (no stray backtick, quote "
        "or ')' after the URL, no space in its path, no character that no GitHub name holds). It must name a "
        "repository that its entry links: the GitHub link that wraps it, else the repositories linked "
        "anywhere in its entry (a table row, a list item's own lines without its nested items, an HTML table "
        "row, a paragraph entry; elsewhere, its line); a link to a path, a pull request or a "
        "release of a repository counts as the repository. When the entry links exactly one repository and "
        "the badge names another, the badge is reported; an entry that links two (code and data) may carry "
        "the badge of either, and one that links none has nothing to compare. Repository names with dots, an "
        "optional .svg and any query string are valid; owner and repository compare without case. Online (not with --offline), "
        "it also reads the text of every shields.io and badgen.net badge image: an error image such as "
        "'repo not found' or 'invalid' is an error, 'inaccessible' or a rate-limit message from the badge "
        "service is a warning. With a GitHub token, a badge naming a repository that GitHub's API says "
        "does not exist is an error, and one naming the old name of a renamed or transferred repository "
        "is a warning that --fix rewrites to the current name."
    )
    why = "A badge that shows another project's stars misleads readers; often it means the link beside it is wrong."
    example = "[[transfusion]](https://github.com/A-suozhang/MixDQ) ![](https://img.shields.io/github/stars/lucidrains/transfusion-pytorch.svg)"
    fixed = "[[transfusion]](https://github.com/lucidrains/transfusion-pytorch) ![](https://img.shields.io/github/stars/lucidrains/transfusion-pytorch.svg)"

    def check(self, ctx: Context) -> Iterator[Finding]:
        renamed: dict[str, str] = {}  # badge repository -> its current name, by the API
        facts = ctx.link_facts
        if facts is not None:
            repos = facts.repositories
            renamed = {k: r.name_with_owner.lower() for k, r in repos.items() if r.renamed}
            yield from _api_badges(ctx, facts.badges, repos)
        for links, lines in _groups(ctx):
            linked: list[tuple[str, str]] | None = None
            for link in links:
                if not link.is_image:
                    continue
                badge = parse_github_badge(link.url)
                if badge is None:
                    continue
                end = link.url_column + len(link.url)
                if badge.problem:
                    yield ctx.report(
                        link.line,
                        link.url_column,
                        f"GitHub {badge.kind} badge {badge.problem}: "
                        + expected_found(f"/github/{badge.kind}/OWNER/REPO", _path(link.url)),
                        end_column=end,
                        entry_lines=lines,
                    )
                    continue
                if linked is None:
                    linked = _row_repos(links)
                finding = _mismatch(ctx, link, badge, linked, renamed, lines)
                if finding is not None:
                    yield finding
        if facts is not None:
            yield from _live(ctx, facts)


def _mismatch(
    ctx: Context,
    link: Link,
    badge: GithubBadge,
    repos: list[tuple[str, str]],
    renamed: dict[str, str],
    lines: tuple[int, int] | None,
) -> Finding | None:
    """A badge that names another repository than the entry links, or only the owner of the one it links."""
    if badge.owner is None:
        return None
    owner, repo = badge.owner.lower(), (badge.repo or "").lower()
    end = link.url_column + len(link.url)
    if badge.repo is None:
        mine = [r for r in repos if r[0].lower() == owner]
        if len(mine) != 1:
            return None
        return ctx.report(
            link.line,
            link.url_column,
            f"GitHub {badge.kind} badge names only the owner {badge.owner!r} (a user's total), "
            "not the repository the entry links: "
            + expected_found(f"/github/{badge.kind}/{mine[0][0]}/{mine[0][1]}", _path(link.url)),
            end_column=end,
            entry_lines=lines,
        )
    if any((r[0].lower(), r[1].lower()) == (owner, repo) for r in repos) and not link.wrapper:
        return None
    near = _compare_with(link, repos)
    if near is None:
        return None
    lowered = (near[0].lower(), near[1].lower())
    if (owner, repo) == lowered or renamed.get(f"{owner}/{repo}") == "/".join(lowered):
        return None  # the same repository, or its old name (said with the API's answer)
    moved = repo == lowered[1]
    where = "the link around it" if link.wrapper and _repo_as_written(link.wrapper) else "the entry links"
    return ctx.report(
        link.line,
        link.url_column,
        f"GitHub {badge.kind} badge names another repository than {where}"
        + (" (was the repository moved?)" if moved else "")
        + ": "
        + expected_found(f"{near[0]}/{near[1]}", f"{badge.owner}/{badge.repo}"),
        severity="warning" if moved else None,
        end_column=end,
        entry_lines=lines,
    )


def _api_badges(ctx: Context, badges: list[Link], repos: dict[str, Repository]) -> Iterator[Finding]:
    """Badges naming a repository that GitHub's API says does not exist or was renamed."""
    from awesomelint.rules._fixes import rewrite_fix  # lazy: only an online run (start-up)

    for link in badges:
        key = badge_repo_key(link.url)
        repo = repos.get(key) if key is not None else None
        badge = parse_github_badge(link.url)
        if repo is None or badge is None:
            continue
        written = f"{badge.owner}/{badge.repo}"
        end = link.url_column + len(link.url)
        if not repo.found:
            yield ctx.report(
                link.line,
                link.url_column,
                f"GitHub {badge.kind} badge names a repository that does not exist: GitHub has no {written}",
                end_column=end,
            )
        elif repo.renamed:
            new_url = link.url.replace(f"/{written}", f"/{repo.name_with_owner}", 1)
            yield ctx.report(
                link.line,
                link.url_column,
                f"GitHub {badge.kind} badge names the old name of a renamed repository: "
                + expected_found(repo.name_with_owner, written),
                severity="warning",
                end_column=end,
                fix=rewrite_fix(ctx, link, new_url) if new_url != link.url else None,
            )


def _live(ctx: Context, facts: LinkFacts) -> Iterator[Finding]:
    """Badges whose image, fetched from the badge service, shows an error."""
    if not facts.outcomes:
        return
    from awesomelint.net.classify import badge_problem  # lazy: the offline path never loads net

    for link in facts.badges:
        out = facts.outcome(link)
        if out is None or out.status is None or not 200 <= out.status < 300 or not out.badge:
            continue
        problem = badge_problem(out.badge)
        if problem is None:
            continue
        kind, message = problem
        badge = parse_github_badge(link.url)
        if kind == "broken":
            hint = (
                f": is {badge.owner}/{badge.repo} the right repository?"
                if badge is not None and badge.repo
                else ": the badge names something that does not exist"
            )
            text = f"the badge image shows an error, {message!r}{hint}"
        else:
            text = f"the badge service could not read what the badge shows, {message!r} (not proof of a broken badge)"
        yield ctx.report(
            link.line,
            link.url_column,
            text,
            severity="error" if kind == "broken" else "warning",
            end_column=link.url_column + len(link.url),
        )


def _path(url: str) -> str:
    """The part of a badge URL after the host, its query included (where stray characters show)."""
    _s, _h, path, query, _f = split(url)
    return path + (f"?{query}" if query else "")


RULES: list[type[Rule]] = [BadgeUrl]
