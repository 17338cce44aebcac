"""Dead links: every distinct http(s) URL of the list checked once over the network.

The rules see the network only as a :class:`~awesomelint.net.interface.LinkChecker` (``ctx.links``, given
by the engine); the network code is imported only when an online check runs, so the offline path never
loads requests, urllib3 or rich.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from awesomelint.document.model import Finding, Fix, Link
from awesomelint.document.urls import LIVE_BADGE_HOSTS, is_http, split
from awesomelint.rules.base import Context, Rule

if TYPE_CHECKING:
    from awesomelint.net.classify import Outcome
    from awesomelint.net.interface import LinkChecker

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
    for link in ctx.doc.iter_links():
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


def link_outcomes(ctx: Context) -> dict[str, Outcome] | None:
    """Outcomes of this document's links, fetched once for every online rule; None without network.
    Only the badges are fetched when ``dead-link`` does not run."""
    all_links = ctx.rule is DeadLink or DeadLink.name in ctx.selected
    key = f"{_MEMO}:all" if all_links else f"{_MEMO}:badges"
    if f"{_MEMO}:all" in ctx.memo:
        return ctx.memo[f"{_MEMO}:all"]
    if key not in ctx.memo:
        urls = [link.url for link in checked_links(ctx, badges_only=not all_links)]
        ctx.memo[key] = link_service(ctx).outcomes(urls) if urls else {}
    return ctx.memo[key]


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
        "`--offline` turns it off. Configure it in [links]: accept, exclude, severity, timeout, ..."
    )
    why = "Link rot is what hurts a curated list most: readers hit dead papers and repositories."
    example = "|2023.06|SqueezeLLM|[[pdf]](https://arxiv.org/pdf/2306.07629.pdf)|[[SqueezeLLM]](https://github.com/SqueezeAILab/SqueezeLLM-old)|"
    fixed = "|2023.06|SqueezeLLM|[[pdf]](https://arxiv.org/pdf/2306.07629.pdf)|[[SqueezeLLM]](https://github.com/SqueezeAILab/SqueezeLLM)|"

    def check(self, ctx: Context) -> Iterator[Finding]:
        if not ctx.online:
            return
        outcomes = link_outcomes(ctx)
        if not outcomes:
            return
        from awesomelint.net.classify import classify  # lazy: the offline path never loads net

        cfg = ctx.config.links
        service = link_service(ctx)
        defaults = {"gone": "error", "moved": "warning", "unverified": "warning"}
        for link in checked_links(ctx):
            key = _key(link.url)
            outcome = outcomes.get(key)
            if outcome is None:
                continue
            verdict = classify(outcome, cfg.accepted, link.url.strip())
            service.tally(key, verdict.category)
            if verdict.category == "ok":
                continue
            level = cfg.severity.get(verdict.category, defaults[verdict.category])
            if level == "off":
                continue
            yield ctx.report(
                link.line,
                link.url_column,
                verdict.message,
                severity=level,  # type: ignore[arg-type]
                end_column=link.url_column + len(link.url),
                fix=_moved_fix(ctx, link, verdict.new_url) if verdict.fixable else None,
            )


#: a new URL that can stand in a Markdown link, a table cell and an HTML attribute as it is
_SAFE_URL = re.compile(r"https?://[^\s<>()\[\]|\\\"'`]+")


def _moved_fix(ctx: Context, link: Link, new_url: str | None) -> Fix | None:
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
