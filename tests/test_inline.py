"""The link scanner: exact columns, and agreement with markdown-it on what is a link."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from awesomelint.document.inline import scan_links


def urls(text: str) -> list[tuple[str, str]]:
    return [(link.kind, link.url) for link in scan_links(text, 1)]


def test_common_list_shapes() -> None:
    text = "[[pdf]](https://arxiv.org/pdf/2405.04434) [[repo]](https://github.com/o/r) ![](https://img.shields.io/github/stars/o/r.svg?style=social)"
    links = scan_links(text, 7, 10)
    assert [(link.kind, link.url, link.text, link.column, link.url_column) for link in links] == [
        ("link", "https://arxiv.org/pdf/2405.04434", "[pdf]", 10, 18),
        ("link", "https://github.com/o/r", "[repo]", 52, 61),
        ("image", "https://img.shields.io/github/stars/o/r.svg?style=social", "", 85, 89),
    ]
    assert all(link.line == 7 for link in links)


def test_badge_inside_link_knows_its_wrapper() -> None:
    (outer, inner) = scan_links(
        "[![Star](https://img.shields.io/github/stars/a/b.svg)](https://github.com/a/b)", 1
    )
    assert outer.kind == "link" and outer.url == "https://github.com/a/b"
    assert inner.kind == "image" and inner.wrapper == "https://github.com/a/b"


def test_edge_cases() -> None:
    assert urls("[a](<https://x.org/a b>)") == [("link", "https://x.org/a b")]
    assert urls('[a](https://x.org/a "title")') == [("link", "https://x.org/a")]
    assert urls("[a](https://en.wikipedia.org/wiki/Foo_(bar))") == [
        ("link", "https://en.wikipedia.org/wiki/Foo_(bar)")
    ]
    # not links in a code span; after an escaped bracket GitHub still autolinks the bare URL after "("
    assert urls("`[a](https://x.org)` and \\[b](https://y.org)") == [("bare", "https://y.org")]
    assert urls("[empty]()") == [("link", "")]
    assert urls("<https://x.org/auto>") == [("autolink", "https://x.org/auto")]
    assert urls("see https://x.org/path). and www.y.org.") == [
        ("bare", "https://x.org/path"),
        ("bare", "http://www.y.org"),
    ]
    assert urls('<img width="10" src="https://x.org/i.png"> <a href=https://y.org>y</a>') == [
        ("html", "https://x.org/i.png"),
        ("html", "https://y.org"),
    ]
    assert urls("<!-- [hidden](https://x.org) --> [shown](https://y.org)") == [("link", "https://y.org")]
    assert urls("[a\\]](https://x.org/\\_a)") == [("link", "https://x.org/_a")]
    # a space between ] and ( makes no link; GitHub then autolinks the bare URL
    assert urls("[a] (https://x.org)") == [("bare", "https://x.org")]
    assert urls("[unclosed(https://x.org)") == [("bare", "https://x.org")]
    assert urls("word-https://x.org") == []  # not at a word boundary
    # links may not contain links: the inner one wins (found by the property test below)
    assert urls("[ [:](https://a.org/) \\[:](https://b.org/)") == [
        ("link", "https://a.org/"),
        ("bare", "https://b.org/"),
    ]


# --- agreement with markdown-it on generated cells -----------------------------------------------------

_word = st.text(alphabet="abc XYZ-_.:", min_size=1, max_size=8)
_url = st.builds(
    lambda host, path: f"https://{host}.org/{path}",
    st.text(alphabet="abcdefgh", min_size=1, max_size=6),
    st.text(alphabet="abcdef0123456789-_/.", max_size=10),
)
_piece = st.one_of(
    _word,
    st.builds(lambda t, u: f"[{t}]({u})", _word, _url),
    st.builds(lambda t, u: f"[[{t}]]({u})", _word, _url),
    st.builds(lambda t, u: f"![{t}]({u})", _word, _url),
    st.builds(lambda a, i, u: f"[![{a}]({i})]({u})", _word, _url, _url),
    st.builds(lambda u: f"<{u}>", _url),
    st.builds(lambda t: f"`{t}`", _word),
    st.builds(lambda t, u: f"`[{t}]({u})`", _word, _url),
    st.builds(lambda t, u: f"\\[{t}]({u})", _word, _url),
    st.builds(lambda t: f"**{t}**", _word),
    st.sampled_from(["[", "]", "(", ")", "!", "`", "\\", "<", ">"]),
)
_md = MarkdownIt("commonmark")


def _markdown_it_urls(text: str) -> list[tuple[str, str]]:
    out = []
    for tok in _md.parseInline(text)[0].children or []:
        if tok.type == "link_open":
            kind = "autolink" if tok.markup == "autolink" else "link"
            out.append((kind, str(tok.attrs["href"])))
        elif tok.type == "image":
            out.append(("image", str(tok.attrs["src"])))
    return out


@settings(max_examples=300, deadline=None)
@given(st.lists(_piece, max_size=6).map(" ".join))
def test_scanner_agrees_with_markdown_it(text: str) -> None:
    ours = sorted(k_u for k_u in urls(text) if k_u[0] in ("link", "image", "autolink"))
    assert ours == sorted(_markdown_it_urls(text))


@settings(max_examples=200, deadline=None)
@given(st.lists(_piece, max_size=6).map(" ".join))
def test_url_columns_point_at_the_url(text: str) -> None:
    for link in scan_links(text, 1, 1):
        if link.kind in ("link", "image") and link.url:
            assert text[link.url_column - 1 :].startswith(link.url)


_TRICKY = [
    "[[pdf]](https://arxiv.org/abs/2401.00001)",
    "[[a](b)](c)",
    "[https://x.org](https://y.org)",
    "[www.x.org](https://y.org)",
    "[!x](u) ![a [b] c](img.png) ![x](<y z>)",
    "[![Star](https://img.shields.io/a.svg)](https://github.com/a/b)",
    "[a `b` c](d) [a\\]b](c) [a <b> c](d) [a (b) c](d)",
    "[[x]](a&amp;b) ![[y]](c&lt;d) [x](https://e.org/a_(b))",
    "![](https://img.shields.io/github/stars/o/r.svg?style=social)|[[code]](https://github.com/o/r)",
    "[[pdf]](u1)[[pdf]](u2) ![]()  [](x)",
    "[[code]](https://github.com/o/r) ![](https://img.shields.io/x.svg)",
    "  [[code]](https://github.com/o/r)  ",
    "[[a]](b) c",
    "[HTTPS://x.org](y) [[pdf]](z)",
    "![https://x.org](y)",
    "arXiv 2023. [[Paper](https://arxiv.org/abs/2305.10769)] [[Github](https://github.com/o/r)] \\",
    "[[a](b)] [[a](b)](c) [[a](b)]( [[a](b[c)] [[a](b`c)] [[a](b)]] [[a](b)][x](y)",
    "[[https://x.org](y)] [[www.x.org](y)] [[a [b]](c)] [[a](<b>)] [[a](b&amp;c)] [[a](b\\_c)]",
    "[[a](b)",
]


def _slow(text: str, monkeypatch) -> list:
    import awesomelint.document.inline as inline

    with monkeypatch.context() as m:
        m.setattr(inline, "_NEXT", inline._INTEREST)
        m.setattr(inline, "_quick", lambda *_args: None)
        return scan_links(text, 3, 5)


def test_the_fast_path_finds_what_the_careful_scanner_finds(monkeypatch) -> None:
    """The one-match shortcut for [[pdf]](url) and ![](badge) gives exactly the careful scanner's links."""
    for text in _TRICKY:
        assert scan_links(text, 3, 5) == _slow(text, monkeypatch), text


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet="[]()!<>`\\ \tab:/.hwt&;", max_size=40))
def test_the_fast_path_agrees_on_any_text(text: str) -> None:
    import awesomelint.document.inline as inline

    fast = scan_links(text, 1)
    real, real_quick = inline._NEXT, inline._quick
    inline._NEXT = inline._INTEREST
    inline._quick = lambda *_args: None  # type: ignore[assignment]
    try:
        assert fast == scan_links(text, 1)
    finally:
        inline._NEXT, inline._quick = real, real_quick


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet="[]()!<>`\\ \tab:/.hwt&;", max_size=40))
def test_a_hard_break_at_the_end_is_left_unscanned_with_the_same_links(text: str) -> None:
    """scan_links stops before a line's closing " \\" (a hard break): the links of the scan of the whole."""
    from awesomelint.document.inline import _scan

    for line in (text + " \\", "arXiv 2023. " + text + " \\", "x https://a.b/c" + text + " \\"):
        whole: list = []
        _scan(line, 0, len(line), 1, 1, whole, None, None)
        assert scan_links(line, 1) == whole, line


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet="[]()!<>`\\ ab:/.hwtWsS\u017f&;", max_size=40))
def test_a_text_the_parser_skips_has_no_link(text: str) -> None:
    """The parser scans a cell or a line only when it holds "](", "<" or a bare URL's start (a block's line:
    "](", "<", "://", "w." or "W."): nothing else can hold a link the scanner finds."""
    from awesomelint.document.parse import _LINKISH, _may_hold_link

    if not _LINKISH.search(text) or not _may_hold_link(text):
        assert scan_links(text, 1) == []


def test_entities_decode_only_with_their_semicolon_as_github_reads_them() -> None:
    """A query's ``&notify=1`` stays as written (html.unescape made it '¬ify=1', so a dead-link check
    asked for another URL); ``&amp;`` and ``&copy;`` decode. cmarkgfm is the judge."""
    import cmarkgfm

    from awesomelint.document.inline import scan_links

    text = "[x](https://a.b/?a=1&notify=2&amp;c=3&copy;)"
    assert scan_links(text, 1)[0].url == "https://a.b/?a=1&notify=2&c=3©"
    assert 'href="https://a.b/?a=1&amp;notify=2&amp;c=3%C2%A9"' in cmarkgfm.github_flavored_markdown_to_html(
        text
    )


# the scanner's patterns in the forms written for speed, beside the plain forms they stand for: the bare-URL
# starts without IGNORECASE (each alternative opening with a literal), the fast shapes with possessive runs
_PLAIN_FORMS = {
    "_INTEREST": (r"[`\\\[!<]|(?:https?://|www\.)", re.IGNORECASE),
    "_BARE_HINT": (r"https?://|www\.", re.IGNORECASE),
    "_SIMPLE_TEXT": (r"\[(?:[^\[\]\\`<]|\[[^\[\]\\`<]*\])*\]", 0),
    "_SIMPLE_DEST": (r"\(([^\x00-\x20()<>\\\"']*)\)", 0),
    "_NEXT": (
        r"\[\[([^\[\]\\`<!()]*)\]\(([^\x00-\x20()<>\\\"'\[\]`]*)\)\](?!\()"
        r"|\[((?:[^\[\]\\`<!()]|\[[^\[\]\\`<!()]*\])*)\]\(([^\x00-\x20()<>\\\"']*)\)"
        r"|!\[((?:[^\[\]\\`<]|\[[^\[\]\\`<]*\])*)\]\(([^\x00-\x20()<>\\\"']*)\)"
        r"|[`\\\[!<]|(?i:https?://|www\.)",
        0,
    ),
    "_FAST_ANY": (
        r"[ \t]*(?:\[(?P<lt>(?:[^\[\]\\`<!()]|\[[^\[\]\\`<!()]*\])*)\]"
        r"|!\[(?P<it>(?:[^\[\]\\`<]|\[[^\[\]\\`<]*\])*)\])"
        r"\((?P<d>[^\x00-\x20()<>\\\"']*)\)",
        0,
    ),
}


def _spans(pattern: re.Pattern[str] | object, text: str) -> list[tuple[tuple[int, int], ...]]:
    out = []
    for pos in range(len(text) + 1):
        m = pattern.match(text, pos)  # type: ignore[attr-defined]
        out.append(() if m is None else tuple(m.span(g) for g in range(m.re.groups + 1)))
    s = pattern.search(text)  # type: ignore[attr-defined]
    out.append(() if s is None else (s.span(),))
    return out


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="[]()!<>`\\ \thHtTpPsS\u017fwW:/.x", max_size=30))
def test_patterns_written_for_speed_match_as_their_plain_forms(text: str) -> None:
    import awesomelint.document.inline as inline
    from awesomelint.document import parse

    for name, (plain, flags) in _PLAIN_FORMS.items():
        assert _spans(getattr(inline, name), text) == _spans(re.compile(plain, flags), text), name
    linkish = re.compile(r"\]\(|<|https?://|www\.", re.IGNORECASE)
    assert _spans(parse._LINKISH, text) == _spans(linkish, text)
    assert _spans(parse._WWW, text) == _spans(re.compile(r"www\.", re.IGNORECASE), text)
