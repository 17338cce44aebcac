"""The awesome profile: the structural rules of the awesome list guidelines
(https://github.com/sindresorhus/awesome/blob/main/pull_request_template.md), for lists that want to be
listed there. Each rule is opt-in: ``select = ["AWESOME"]`` (or ``extend-select``) turns the profile on;
the rules that read the repository's files are in :mod:`awesomelint.rules.awesome_files`.

They read what GitHub renders (the parsed document and its entries), so the noise of awesome-lint's
reading stays out: a table of contents is no entry, ``[[code](url)]`` and ``[2023/08]`` are text, not
references, and nothing is spell-checked.
"""

from __future__ import annotations

from collections.abc import Iterator

from awesomelint._regex import lazy_compile
from awesomelint.document.model import HtmlBlock, Link, Section
from awesomelint.document.urls import split
from awesomelint.findings import Finding
from awesomelint.rules.base import Context, Rule, expected_found

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at start-up
if TYPE_CHECKING:
    pass

PROFILE = "awesome"

#: where the Awesome badge links to, and the images it may show (the guidelines' own badge)
_BADGE_TARGETS = frozenset({"awesome.re", "github.com/sindresorhus/awesome"})
_BADGE_IMAGES = frozenset({"awesome.re/badge.svg", "awesome.re/badge-flat.svg", "awesome.re/badge-flat2.svg"})
_BADGE_IMAGE = "https://awesome.re/badge.svg"
#: an HTML block that stands for the title: a heading tag, or a centred block with an image (a logo)
_HTML_HEADING = lazy_compile(r"<h1[\s>]", 0)
_CENTERED = lazy_compile(r"""align\s*=\s*["']?center""")


def _address(url: str) -> str:
    """``host/path`` of a URL, lower-cased, without its scheme, ``www.``, query, fragment and final slash."""
    _scheme, host, path, _query, _fragment = split(url.strip())
    return (host.lower().removeprefix("www.") + path.rstrip("/")).lower()


def _is_awesome_badge(link: Link) -> bool:
    """An image that is the Awesome badge, by its image or by the address its link goes to."""
    if not link.is_image:
        return False
    if _address(link.url) in _BADGE_IMAGES:
        return True
    return link.wrapper is not None and _address(link.wrapper) in _BADGE_TARGETS


def _head_end(ctx: Context) -> int:
    """The line of the list's first section heading below its title (``##`` or deeper): the list's head
    (title, badges, introduction) stands above it."""
    return next((s.line for s in ctx.doc.sections if s.level >= 2), ctx.doc.line_count + 1)


def _html_title(ctx: Context, before: int) -> HtmlBlock | None:
    """The HTML block in the list's head (above line ``before``) that stands for its title: one with an
    ``<h1>``; else, when the document opens with it, a centred block with an image (a logo in place of a
    ``#`` heading)."""
    comments: set[int] = set()
    for block in ctx.doc.html_blocks:
        text = block.text.strip()
        if text.startswith("<!--") and text.endswith("-->"):
            comments.update(range(block.line, block.end_line + 1))
    lines = ctx.doc.lines
    first = next((i + 1 for i, text in enumerate(lines) if text.strip() and i + 1 not in comments), 0)
    logo = None
    for block in ctx.doc.html_blocks:
        if block.line >= before:
            break
        text = block.text.lower()
        if _HTML_HEADING.search(text):
            return block
        if block.line == first and _CENTERED.search(text) and "<img" in text:
            logo = block
    return logo


class AwesomeBadge(Rule):
    name = "awesome-badge"
    code = "AL701"
    severity = "warning"
    profile = PROFILE
    default_enabled = False
    summary = "The list has one top-level heading, with the Awesome badge beside it (awesome profile: select `AWESOME`)."
    what = (
        'Part of the awesome profile (`select = ["AWESOME"]`). The list\'s title is its one top-level '
        "heading (`# Awesome Things`, or an HTML block it opens with that holds an `<h1>` or a centred "
        "logo), and the Awesome badge stands on the heading's line (or in that HTML block): an image of "
        "`https://awesome.re/badge.svg` (or `badge-flat.svg`, `badge-flat2.svg`) linked to "
        "`https://awesome.re`. Reported: a list with no top-level heading, each further top-level "
        "heading, a title without the badge (saying where the badge stands when it is elsewhere in the "
        "list's head), and a badge that shows another image."
    )
    why = (
        "The awesome list guidelines ask for the badge on the right side of the list's heading: it is how a "
        "reader knows the list belongs to the awesome family, and the one badge that is always the same."
    )
    example = "# Awesome Things\n\n[![Awesome](https://example.org/awesome.png)](https://awesome.re)"
    fixed = "# Awesome Things [![Awesome](https://awesome.re/badge.svg)](https://awesome.re)"

    def check(self, ctx: Context) -> Iterator[Finding]:
        head_end = _head_end(ctx)
        titles = [s for s in ctx.doc.sections if s.level == 1]
        heading = titles[0] if titles and titles[0].line < head_end else None
        block = _html_title(ctx, head_end)
        if (
            block is not None
            and heading is not None
            and (heading.line < block.line or "<h1" not in block.text)
        ):
            block = None  # a '#' title under a logo, or before an HTML heading: the '#' heading is the title
        if block is None and heading is None:
            yield ctx.report(
                1,
                1,
                "no top-level heading in the list's head: a list opens with one '# Title' heading, its name",
            )
            return
        if block is not None:
            title_lines = range(block.line, block.end_line + 1)
        else:
            assert heading is not None
            title_lines = range(heading.line, heading.line + 1)
        yield from _extra_titles(ctx, [s for s in titles if s is not heading], title_lines.start)
        yield from _badge(ctx, title_lines, head_end)


def _extra_titles(ctx: Context, extra: list[Section], title: int) -> Iterator[Finding]:
    for section in extra:
        yield ctx.report(
            section.line,
            1,
            f"a second top-level heading (the list's title is on line {title}): "
            "the other headings of a list are '##' or deeper",
        )


def _badge(ctx: Context, title_lines: range, head_end: int) -> Iterator[Finding]:
    links = [link for link in ctx.doc.links if link.line in title_lines]
    badges = [link for link in links if _is_awesome_badge(link)]
    if not badges:
        elsewhere = [
            link
            for link in ctx.doc.links
            if link.line < head_end and link.line not in title_lines and _is_awesome_badge(link)
        ]
        if elsewhere:
            badge = elsewhere[0]
            yield ctx.report(
                badge.line,
                badge.column,
                f"the Awesome badge stands on line {badge.line}, not beside the top-level heading "
                f"(line {title_lines.start})",
                end_column=badge.end_column,
            )
            if _address(badge.url) not in _BADGE_IMAGES:
                yield _bad_image(ctx, badge)
            return
        yield ctx.report(
            title_lines.start,
            1,
            "no Awesome badge beside the top-level heading: expected "
            f"[![Awesome]({_BADGE_IMAGE})](https://awesome.re) on its line",
        )
        return
    for badge in badges:
        if _address(badge.url) not in _BADGE_IMAGES:
            yield _bad_image(ctx, badge)


def _bad_image(ctx: Context, badge: Link) -> Finding:
    return ctx.report(
        badge.line,
        badge.url_column,
        "the Awesome badge shows another image: " + expected_found(repr(_BADGE_IMAGE), repr(badge.url)),
        end_column=badge.url_column + len(badge.url),
    )


#: addresses of CI and build-status badges (host/path, lower-cased, as :func:`_address` makes them)
_CI_ADDRESS = lazy_compile(
    r"github\.com/[^/]+/[^/]+/(?:actions/)?workflows/[^/]+/badge\.svg"
    r"|(?:api\.)?travis-ci\.(?:org|com)/"
    r"|(?:dl\.)?circleci\.com/"
    r"|ci\.appveyor\.com/api/projects/status"
    r"|[^/]+/[^/]+/[^/]+/badges/[^/]+/pipeline\.svg"
    r"|dev\.azure\.com/.*/_apis/build/status"
    r"|api\.netlify\.com/api/v1/badges/[^/]+/deploy-status"
    r"|(?:img\.)?shields\.io/(?:github/(?:actions/workflow|workflow)/status|github/check-runs|github/checks-status"
    r"|travis|circleci|appveyor|gitlab/pipeline|azure-devops/build|jenkins/build|drone/build|buildkite)/"
    r"|badgen\.net/(?:travis|circleci|appveyor|github/checks)/"
)
#: an image's text that says it is a build status
_CI_TEXT = lazy_compile(r"build[ -]?status|\bbuild (?:badge|passing|failing)\b|\bci\b", 2)  # re.IGNORECASE


class CiBadge(Rule):
    name = "ci-badge"
    code = "AL703"
    severity = "warning"
    profile = PROFILE
    default_enabled = False
    summary = "The list shows no CI or build-status badge (awesome profile: select `AWESOME`)."
    what = (
        'Part of the awesome profile (`select = ["AWESOME"]`). Reports every image that is a CI or '
        "build-status badge: GitHub Actions' `.../actions/workflows/NAME/badge.svg`, Travis CI, CircleCI, "
        "AppVeyor, GitLab pipelines, Azure Pipelines, Netlify's deploy status, and their shields.io and "
        "badgen.net forms; or an image whose text says `Build Status`. The list's own badge and an "
        "entry's alike: a list shows what it lists, not how a build went."
    )
    why = (
        "The awesome list guidelines ask for no CI badge: run CI to lint the list, but its badge says nothing "
        "to a reader of the list, and an entry's build badge is stale the day after it was added."
    )
    example = "# Awesome Things [![Build Status](https://github.com/me/awesome-things/actions/workflows/lint.yml/badge.svg)](https://github.com/me/awesome-things/actions)"
    fixed = "# Awesome Things [![Awesome](https://awesome.re/badge.svg)](https://awesome.re)"

    def check(self, ctx: Context) -> Iterator[Finding]:
        skip = ctx.doc.code_lines()
        for link in ctx.all_links:
            if not link.is_image or link.line in skip:
                continue
            address = _address(link.url)
            text = link.text if link.kind == "image" else ""
            if _CI_ADDRESS.match(address) or (text and _CI_TEXT.search(text)):
                yield ctx.report(
                    link.line,
                    link.column,
                    f"a CI badge ({_shorten(link.url)}): the awesome guidelines ask for none in a list",
                    end_column=link.end_column,
                )


def _shorten(url: str, most: int = 100) -> str:
    return url if len(url) <= most else url[: most - 1] + "…"


def _plain(markdown: str) -> str:
    """A name or description as read: emphasis and code marks dropped, white space folded, case folded."""
    return " ".join(markdown.replace("**", "").replace("__", "").replace("`", "").split()).casefold()


#: what follows a name that a description repeats as its subject: its end, a punctuation mark, a dash, a
#: parenthesis, or a verb that says what it is (``Gin is ...``); a name that goes on as a word of a phrase
#: (``[immutable](url) - Immutable data collections.``, ``[Redis](url) - Redis client.``) is not repeated
_SUBJECT_END = lazy_compile(
    r"$|[,.:;!?]|\s+[-–—]\s|\s+\(|\s+(?:is|are|was|provides|offers|allows|helps|lets|makes|enables|aims)\b"
)


class DescriptionRepeatsName(Rule):
    name = "description-repeats-name"
    entry_forms = ("row", "item", "html-row", "paragraph")
    code = "AL704"
    severity = "warning"
    profile = PROFILE
    default_enabled = False
    summary = (
        "An entry's description does not start with the entry's name (awesome profile: select `AWESOME`)."
    )
    what = (
        'Part of the awesome profile (`select = ["AWESOME"]`). For each entry with a name and a '
        "description (`- [Name](url) - Description.`, a table row's title and description), reports a "
        "description that starts with the name again as its subject (`- [Gin](url) - Gin is a web "
        "framework.`, `- [Air](url) - Air - Live reload.`, `- [Job](url) - JOB, a runner.`), case and "
        "emphasis aside. A name that goes on as a word of a phrase is not reported "
        "(`- [immutable](url) - Immutable data collections.`, `- [Redis](url) - Redis client.`), nor a "
        "longer word (`Ginkgo ...` after `Gin`)."
    )
    why = (
        "The name stands right before the description: said again, it costs the reader a word and says "
        "nothing. The awesome list guidelines ask for a description that says what the entry is."
    )
    example = "- [Gin](https://github.com/gin-gonic/gin) - Gin is an HTTP web framework."
    fixed = "- [Gin](https://github.com/gin-gonic/gin) - HTTP web framework."

    def check(self, ctx: Context) -> Iterator[Finding]:
        # lazy: the entry model, only for the rules that read entries (start-up of a default run)
        from awesomelint.document.entries import document_entries

        for entry in document_entries(ctx.doc, ctx.info).entries:
            roles = entry.roles
            if not roles.title or not roles.description or not roles.title_line:
                continue
            name, text = _plain(roles.title), _plain(roles.description)
            if len(name) < 2 or not text.startswith(name):
                continue
            if _SUBJECT_END.match(text, len(name)) is None:
                continue
            yield ctx.report(
                roles.title_line,
                roles.title_column,
                f"the description starts with the entry's name {roles.title.strip()[:60]!r} again",
            )


#: what may close a description after its final punctuation: quotes, parentheses, emphasis marks


RULES: list[type[Rule]] = [AwesomeBadge, CiBadge, DescriptionRepeatsName]
