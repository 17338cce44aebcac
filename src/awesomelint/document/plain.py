"""Inline Markdown as the plain text a reader sees (titles and sections in ``export`` and ``init``)."""

from __future__ import annotations

from functools import lru_cache

from awesomelint._regex import lazy_compile

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at start-up
if TYPE_CHECKING:
    from markdown_it import MarkdownIt


@lru_cache(maxsize=1)
def _inline_parser() -> MarkdownIt:
    from markdown_it import MarkdownIt  # lazy: only export and init render inline Markdown

    return MarkdownIt("commonmark", {"html": True})


_SPACES = lazy_compile(r"\s+")
_MARKUP = lazy_compile(r"[\\`*_\[\]!<>&~]")


@lru_cache(maxsize=4096)
def plain_text(markdown: str) -> str:
    """Inline Markdown as the text a reader sees: link texts kept, images, HTML tags and emphasis
    markers dropped, entities decoded, whitespace collapsed."""
    if not _MARKUP.search(markdown):
        return _SPACES.sub(" ", markdown).strip()
    out: list[str] = []
    for token in _inline_parser().parseInline(markdown):
        for child in token.children or []:
            if child.type in ("text", "code_inline"):
                out.append(child.content)
            elif child.type in ("softbreak", "hardbreak", "html_inline"):
                out.append(" ")
    return _SPACES.sub(" ", "".join(out)).strip()
