"""The awesome profile's rules that read the list's repository (see :mod:`awesomelint.rules.awesome`): a
contributing guide, and the licence as a file rather than a section. They read the git work tree of the
linted file, as ``missing-file`` does; outside one they say nothing (and the run says so once)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from awesomelint.document.headers import header_key
from awesomelint.document.urls import github_repo_key
from awesomelint.findings import Finding
from awesomelint.rules._repository import file_root, find_file, remote_urls
from awesomelint.rules.base import Context, Rule

PROFILE = "awesome"

#: the names GitHub recognises for a contributing guide, lower-cased
_CONTRIBUTING = frozenset(
    f"contributing{ext}" for ext in ("", ".md", ".markdown", ".mdown", ".mkd", ".rst", ".txt", ".adoc")
)
#: the names of a licence file GitHub's licence detection reads, lower-cased
_LICENSES = frozenset(
    f"{name}{ext}"
    for name in ("license", "licence", "copying", "unlicense", "license-mit", "license-apache")
    for ext in ("", ".md", ".markdown", ".txt", ".rst")
)
#: a contributing guide is read this far to know it is not empty
_READ = 64 * 1024


def _places(ctx: Context) -> tuple[Path, list[Path]] | None:
    """(the root of the linted file's work tree, the folders where GitHub looks for community files: the
    file's own folder, the root, ``.github/`` and ``docs/``); None outside a work tree."""
    found = file_root(ctx.doc.path)
    if found is None:
        return None
    folder, root = found
    places = [folder, root, root / ".github", root / "docs"]
    return root, list(dict.fromkeys(places))


class ContributingGuide(Rule):
    name = "contributing-guide"
    code = "AL702"
    severity = "warning"
    profile = PROFILE
    default_enabled = False
    reads_repository = True
    summary = "The list's repository has a contributing guide, and it is not empty (awesome profile: select `AWESOME`)."
    what = (
        'Part of the awesome profile (`select = ["AWESOME"]`). Looks for `CONTRIBUTING.md` (any case, '
        "or `.rst`, `.txt`, no extension) beside the linted file, at the root of its git work tree, in "
        "`.github/` and in `docs/`, the places GitHub shows it from, and reports on line 1 when there is "
        "none, or when the one found holds only white space. A file outside a git work tree is not "
        "checked: its repository is unknown, and the run says so once on stderr."
    )
    why = (
        "The awesome list guidelines ask for a contributing guide: it tells a contributor how an entry is "
        "written and what the list takes, before the pull request, not in its review."
    )
    example = "(a repository with README.md and no CONTRIBUTING.md)"
    fixed = "(a repository with README.md and a CONTRIBUTING.md that says how to add an entry)"

    def check(self, ctx: Context) -> Iterator[Finding]:
        places = _places(ctx)
        if places is None:
            return  # outside a work tree: its repository's files are unknown (the CLI says so)
        root, folders = places
        guide = find_file(folders, _CONTRIBUTING)
        if guide is None:
            yield ctx.report(
                1,
                1,
                "no contributing guide in the repository: expected CONTRIBUTING.md beside the list, at "
                "the root, in .github/ or in docs/",
            )
            return
        try:
            with guide.open("rb") as handle:
                start = handle.read(_READ)
        except OSError:
            return
        if not start.strip():
            shown = guide.relative_to(root).as_posix() if guide.is_relative_to(root) else guide.name
            yield ctx.report(1, 1, f"the contributing guide {shown!r} is empty: say how to add an entry")


class LicenseSection(Rule):
    name = "license-section"
    code = "AL705"
    severity = "warning"
    profile = PROFILE
    default_enabled = False
    reads_repository = True
    summary = "No 'License' section in the list while the repository has a licence file (awesome profile: select `AWESOME`)."
    what = (
        'Part of the awesome profile (`select = ["AWESOME"]`). Reports a heading that says only '
        "`License` or `Licence` (any level, any case, emoji and punctuation aside) when the linted file's "
        "git work tree has a licence file at its root or beside the file (`LICENSE`, `LICENSE.md`, "
        "`LICENCE`, `COPYING`, `UNLICENSE`, ...). Without a licence file the section is the list's only "
        "licence and is not reported. A file outside a git work tree is not checked (the run says so once "
        "on stderr)."
    )
    why = (
        "The awesome list guidelines ask for the licence in a file, where GitHub detects and shows it, and "
        "no section that repeats it at the end of the list."
    )
    example = "## License\n\n[![CC0](https://licensebuttons.net/p/zero/1.0/88x31.png)](https://creativecommons.org/publicdomain/zero/1.0/)"
    fixed = "(the section removed; the repository's LICENSE file holds the licence)"

    def check(self, ctx: Context) -> Iterator[Finding]:
        sections = [s for s in ctx.doc.sections if header_key(s.title) in ("license", "licence")]
        if not sections:
            return
        places = _places(ctx)
        if places is None:
            return  # outside a work tree: its repository's files are unknown (the CLI says so)
        root, folders = places
        licence = find_file(folders[:2], _LICENSES)
        if licence is None:
            return
        shown = licence.relative_to(root).as_posix() if licence.is_relative_to(root) else licence.name
        for section in sections:
            yield ctx.report(
                section.line,
                1,
                f"a {section.title.strip()[:20]!r} section while the repository has {shown!r}: the licence "
                "file is the list's licence; remove the section",
            )


#: the topics the awesome list guidelines ask the list's repository to carry
_TOPICS = ("awesome", "awesome-list")


def own_repository(path: str) -> str | None:
    """``owner/name`` (lower-cased) of the GitHub repository of the linted file's work tree: its remote
    ``origin`` (else its first remote) when that is on github.com, by HTTPS or SSH; None otherwise."""
    found = file_root(path)
    if found is None:
        return None
    urls = remote_urls(found[1])
    url = urls.get("origin") or next(iter(urls.values()), "")
    if url.startswith("git@github.com:"):
        url = "https://github.com/" + url.removeprefix("git@github.com:")
    elif url.startswith(("ssh://git@github.com/", "git://github.com/")):
        url = "https://github.com/" + url.split("github.com/", 1)[1]
    url = url.removesuffix("/").removesuffix(".git")
    return github_repo_key(url) if url.startswith(("https://github.com/", "http://github.com/")) else None


class AwesomeRepository(Rule):
    name = "awesome-repository"
    code = "AL707"
    severity = "warning"
    profile = PROFILE
    default_enabled = False
    online = True
    checks_links = True
    reads_repository = True
    summary = "The list's GitHub repository has a description and the topics awesome and awesome-list (awesome profile: select `AWESOME`)."
    what = (
        'Part of the awesome profile (`select = ["AWESOME"]`); online, with a GitHub token. Finds the '
        "list's repository from the remote of its git work tree (`origin`, else the first remote, on "
        "github.com by HTTPS or SSH), asks GitHub's GraphQL API for its description and topics (the same "
        "query as the links' repositories), and reports on line 1 a repository without a description and "
        "each of the topics `awesome` and `awesome-list` it lacks. Says nothing offline, without a token, "
        "outside a git work tree, without a GitHub remote, or when the API does not answer."
    )
    why = (
        "The awesome list guidelines ask for both: the description is what GitHub shows of the list in "
        "search and on the awesome list itself, and the topics are how readers find awesome lists."
    )
    example = "(a repository with no description and the topic 'golang' only)"
    fixed = "(a repository described 'A curated list of awesome Go things.', topics awesome, awesome-list, golang)"

    def check(self, ctx: Context) -> Iterator[Finding]:
        facts = ctx.link_facts
        key = own_repository(ctx.doc.path)
        if facts is None or key is None:
            return
        repo = facts.repository(key)
        if repo is None or not repo.found:
            return
        shown = repo.name_with_owner or key
        if repo.description is not None and not repo.description.strip():
            yield ctx.report(
                1, 1, f"the repository {shown} has no description: describe the list in a sentence"
            )
        if repo.topics is not None:
            for topic in _TOPICS:
                if topic not in repo.topics:
                    yield ctx.report(1, 1, f"the repository {shown} lacks the topic {topic!r}")


RULES: list[type[Rule]] = [ContributingGuide, LicenseSection, AwesomeRepository]
