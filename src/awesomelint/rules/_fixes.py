"""Fixes that more than one rule makes (a helper module: it holds no rule). A rule module imports
``rules.base`` and these helpers, never another rule module."""

from __future__ import annotations

from awesomelint._regex import lazy_compile
from awesomelint.document.model import Link
from awesomelint.findings import Fix
from awesomelint.rules.base import Context

#: a new URL that can stand in a Markdown link, a table cell and an HTML attribute as it is
_SAFE_URL = lazy_compile(r"https?://[^\s<>()\[\]|\\\"'`]+")


def rewrite_fix(ctx: Context, link: Link, new_url: str | None) -> Fix | None:
    """Rewrite a link to a new URL (a permanently moved link, a badge of a renamed repository), in place,
    when that is a plain substitution: the URL stands in the line exactly as written (no escapes or
    entities) and the new one needs no escaping."""
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
