"""The heading text of an anchor without markdown-it: a heading whose only markup is plain inline links
renders, by :func:`awesomelint.document.anchors.rendered_text`'s shortcut, exactly as markdown-it's inline
parser renders it (a pre-commit run on such a list never imports markdown-it)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from awesomelint.document.anchors import _plain, _simple_text

_MD = MarkdownIt("commonmark", {"html": True})
_piece = st.sampled_from(
    [
        "Topic",
        " ",
        "📖",
        "©️back👆🏻",
        "(",
        ")",
        "[",
        "]",
        "[back](#paperlist)",
        "[](x)",
        "[a b](https://x.y/z?q=1)",
        "[x](javascript:alert)",
        "[x](JavaScript:y)",
        "[x](data:z)",
        "[t](u v)",
        "[t](<u>)",
        '[t](u "title")',
        "[t](a(b))",
        "[t][r]",
        "*",
        "_",
        "`c`",
        "&amp;",
        "\\",
        "!",
        "<b>",
        "~",
        "|",
        "-",
        "#",
    ]
)


@settings(max_examples=3000, deadline=None, derandomize=True)
@given(st.lists(_piece, max_size=8).map("".join))
def test_the_shortcut_renders_as_markdown_it(markdown: str) -> None:
    markdown = markdown.strip()
    simple = _simple_text(markdown)
    if simple is not None:
        assert simple == _plain(_MD.parseInline(markdown))
