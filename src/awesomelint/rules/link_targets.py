"""Links inside the document: in-page anchors that lead nowhere, links and images without a target."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from urllib.parse import quote, unquote

from awesomelint._regex import lazy_compile
from awesomelint.document.inline import scan_links
from awesomelint.document.model import Link
from awesomelint.findings import Finding
from awesomelint.rules.base import Context, Rule, expected_found

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at start-up
if TYPE_CHECKING:
    from awesomelint.document.anchors import Anchor

#: anchor comparisons spent on "did you mean" suggestions per file, at most
_SUGGESTION_BUDGET = 200_000
#: characters a slug keeps but nobody can see (U+FE0F after an emoji): shown percent-encoded
_INVISIBLE = lazy_compile("[\ufe00-\ufe0f\u200c\u200d]")
_CLOSE_A = lazy_compile(r"</a\s*>", re.IGNORECASE)
_IMG_TAG = lazy_compile(r"<img(?=[ \t\n\f\r/>])[^<>]*>", re.IGNORECASE)  # (the browser's white space)


def _is_fragment_link(link: Link) -> bool:
    if not link.url.startswith("#"):
        return False
    return link.kind == "link" or (link.kind == "html" and link.text == "a")


def _links(ctx: Context, patterns: tuple[re.Pattern[str], ...]) -> Iterator[Link]:
    """The links outside tables, and those of the table rows whose raw text matches one of ``patterns``,
    unsorted (the engine sorts findings). The patterns are searched in the whole text at once, so the many
    rows that cannot hold the links sought cost nothing; each starts with a literal character, which
    Python's regex engine finds fast."""
    doc = ctx.doc
    yield from doc.links
    if not doc.tables:
        return
    text = ctx.text
    positions = sorted(m.start() for pattern in patterns for m in pattern.finditer(text))
    starts = [t.line for t in doc.tables]
    done: set[int] = set()
    line, pos = 1, 0
    for at in positions:
        line += text.count("\n", pos, at)
        pos = at
        if line in done or line < starts[0]:
            continue
        done.add(line)
        table = doc.tables[bisect_right(starts, line) - 1]
        if line > table.end_line:
            continue
        if line == table.line:
            for cell in table.header:
                yield from cell.links
        elif line > table.delimiter_line:
            index = line - table.delimiter_line - 1  # rows stand on consecutive lines
            rows = table.rows
            if not (index < len(rows) and rows[index].line == line):
                rows, index = [r for r in rows if r.line == line], 0
            if rows:
                for cell in rows[index].cells:
                    yield from cell.links


#: how an in-page link starts: ``](#``, ``](<#``, ``href="#``
_FRAGMENT_LINK = (lazy_compile(r"\]\(\s*<?#"), lazy_compile(r"=\s*[\"']?#"))
#: what an empty target looks like: ``]()``, ``](<>)``, ``]( )``, ``]( "title")``, ``href=""``, ``src=''``
#: (GitHub skips a vertical tab or form feed before a destination as it skips a space)
_EMPTY_TARGET = (lazy_compile(r"\]\((?:\)|<|[ \t\v\f])"), lazy_compile(r"=\s*(?:\"\s*\"|'\s*')"))


class BrokenAnchor(Rule):
    name = "broken-anchor"
    code = "AL403"
    severity = "error"
    summary = "A link to a section of the same file matches no heading and no HTML id."
    what = (
        'Checks every in-page link `[text](#fragment)` (and `<a href="#fragment">`), in tables and prose, '
        "against the anchors GitHub gives the file: the slug of each heading (its rendered text lower-cased, "
        "punctuation and emoji dropped, spaces turned into dashes, `-1`, `-2` added to repeated headings; "
        "Markdown and raw HTML headings alike) and every `id`/`name` attribute in HTML (`<div id=...>`, "
        "`<a name=...>`). Matching ignores case, as GitHub does; a percent-encoded fragment is decoded first. "
        "`#top`, `#L10`-style line references and an empty `#` are always valid. When an anchor resembles "
        "the target (the same letters, one inside the other, or a few typing slips), the message names it. "
        "An entry of the table of contents that leads nowhere is `toc`'s to report (once), not this rule's, "
        "unless `toc` is not run (deselected, ignored or turned off): then this rule reports it."
    )
    why = (
        "A table of contents is made of such links; when a heading is renamed or a section removed, the link "
        "silently does nothing and readers lose their way."
    )
    example = "## 📖Contents\n* [KV Cache](#kv-cache-scheduling)\n\n## 📖KV Cache Scheduling/Quantize"
    fixed = "## 📖Contents\n* [KV Cache](#kv-cache-schedulingquantize)\n\n## 📖KV Cache Scheduling/Quantize"

    def check(self, ctx: Context) -> Iterator[Finding]:
        links = [link for link in _links(ctx, _FRAGMENT_LINK) if _is_fragment_link(link)]
        if not links:
            return
        # lazy: the slug tables and patterns cost start-up; a list without in-page links never needs them
        from awesomelint.document.anchors import find_anchor, is_always_valid, resembles

        anchors = ctx.info.anchors_of(ctx.doc)
        known: dict[str, Anchor] = {}
        for anchor in anchors:
            known.setdefault(anchor.slug.lower(), anchor)
        toc_links: set[tuple[int, int]] | None = None  # asked at the first link that leads nowhere
        suggestions: dict[str, str | None] = {}
        budget = _SUGGESTION_BUDGET
        candidates = list(known)
        for link in links:
            fragment = unquote(link.url[1:]).strip()
            if not fragment or is_always_valid(fragment) or find_anchor(fragment, known) is not None:
                continue
            if toc_links is None:
                toc_links = _toc_links(ctx)
            if (link.line, link.url_column) in toc_links:
                continue  # an entry of the table of contents: the toc rule reports it
            key = fragment.lower()
            if key not in suggestions and budget > 0:
                # a close anchor costs a comparison with each anchor: bounded for huge files
                budget -= len(candidates)
                import difflib  # lazy: a suggestion only for a finding; difflib costs start-up

                close = difflib.get_close_matches(key, candidates, n=3, cutoff=0.6)
                suggestions[key] = next((c for c in close if resembles(key, c)), None)
            suggestion = suggestions.get(key)
            end = link.url_column + len(link.url)
            if suggestion is not None:
                near = known[suggestion]
                slug = _INVISIBLE.sub(lambda m: quote(m.group(0)), near.slug)
                where = "heading" if near.source == "heading" else "HTML id"
                message = "link to a section of this file matches no anchor: " + expected_found(
                    f"#{slug} (the {where} at line {near.line})", f"#{fragment}"
                )
            else:
                message = f"link to a section of this file matches no anchor: no heading or HTML id gives #{fragment}"
            yield ctx.report(link.line, link.url_column, message, end_column=end)


def _toc_links(ctx: Context) -> set[tuple[int, int]]:
    """Where the table of contents' links stand (line, column of the URL): the toc rule reports those that
    lead nowhere (none when it does not run). A document without list items has no table of contents."""
    items = ctx.doc.list_items
    if not items or (ctx.selected is not None and "toc" not in ctx.selected):
        return set()  # no table of contents, or no toc rule to report its links: this rule does
    # lazy: the entry model and the table of contents cost start-up; a list without in-page links needs none
    from awesomelint.document.toc import table_of_contents

    toc = table_of_contents(ctx.doc, ctx.info)
    return toc.link_positions if toc is not None else set()


def _only_images(markdown: str) -> bool:
    """Whether a link text is nothing but images (a badge wrapped in a link)."""
    text = markdown.strip()
    if not text or ("!" not in text and "<img" not in text.lower()):
        return False
    rest = []
    pos = 0
    for link in scan_links(text, 1, 1):
        if not link.is_image:
            continue
        start, stop = link.column - 1, link.end_column - 1
        if start < pos:
            continue  # nested inside an earlier image
        rest.append(text[pos:start])
        pos = stop
    rest.append(text[pos:])
    return not _IMG_TAG.sub("", "".join(rest)).strip()


class EmptyLink(Rule):
    name = "empty-link"
    code = "AL404"
    severity = "error"
    summary = "A link or image has an empty target."
    what = (
        "Finds links and images whose target is empty or blank: `[text]()`, `[text](<>)`, `[text]( )`, "
        '`![alt]()`, `<a href="">text</a>`, `<img src="">`. A link whose whole text is one or more images '
        '(`[![badge](https://img.shields.io/...)]()`, or `<a href=""><img ...></a>`) is not reported: it is '
        "a common idiom for a badge that is meant to be seen, not followed, and its picture shows as intended."
    )
    why = (
        "GitHub renders an empty link as a link to the page itself: the reader clicks `[pdf]` and lands where "
        "they were. Usually the URL was forgotten or lost in an edit."
    )
    example = "|2024.09|LongLLaMA|[[pdf]]()|[[code]](https://github.com/CStanKonrad/long_llama)|"
    fixed = "|2024.09|LongLLaMA|[[pdf]](https://arxiv.org/abs/2307.03170)|[[code]](https://github.com/CStanKonrad/long_llama)|"

    def check(self, ctx: Context) -> Iterator[Finding]:
        lines = ctx.doc.lines
        for link in _links(ctx, _EMPTY_TARGET):
            if link.url and not link.url.isspace():
                continue
            raw = lines[link.line - 1][link.column - 1 : link.end_column - 1]
            if link.kind == "link":
                if _only_images(link.text):
                    continue
                what = "link"
            elif link.kind == "image" or (link.kind == "html" and link.text == "img"):
                what = "image"
            elif link.kind == "html" and link.text == "a":
                after = lines[link.line - 1][link.end_column - 1 :]
                close = _CLOSE_A.search(after)
                if (
                    close is None
                    or _only_images(after[: close.start()])
                    or not after[: close.start()].strip()
                ):
                    continue  # a badge in an empty <a>, or content we cannot see on this line
                what = "link"
            else:
                continue
            target = "source" if what == "image" else "target"
            yield ctx.report(
                link.line,
                link.column,
                f"empty {what} {_shorten(raw)!r}: " + expected_found(f"a URL as its {target}", "nothing"),
                end_column=link.end_column,
            )


def _shorten(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


RULES: list[type[Rule]] = [BrokenAnchor, EmptyLink]
