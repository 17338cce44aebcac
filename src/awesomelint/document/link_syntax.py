"""Link syntax that GitHub does not render as its author meant: the scanner behind ``malformed-link``.

GitHub (cmark-gfm) is the reference. A damaged link is one of:

- ``schemeless``: a link whose target is a web address without a scheme (``[x](github.com/o/r)``,
  ``[x](www.site.org/p)``); GitHub resolves it as a path inside the repository, which 404s;
- ``email``: a link whose target is a bare e-mail address (``[me](me@example.org)``), likewise a path;
- ``nested``: a link written inside a link target (``[code]([https://a.org](https://a.org))``), which gives
  a garbled href;
- ``bracket``: a stray ``[`` at the start of a target (``[x]([https://a.org)``), likewise garbled;
- ``space``: a space inside a target that is not wrapped in ``<...>`` (``[pdf](https://arxiv.org/abs/ 2401.1)``,
  ``[x](#two words)``): not a link at all, GitHub prints the Markdown as text;
- ``glued``: a well-known host that runs into its path (``https://github.comacme/repo``, the slash after
  the host lost): a host that does not exist;
- ``gap``: a space between ``]`` and ``(`` before a URL (``[code] (https://...)``): text, not a link;
- ``in-html``: Markdown link syntax on a line of an HTML block (``<div>`` up to the next blank line), which
  GitHub prints as text.

Every scan here is linear in its input: the brackets and code spans of a line are paired in one pass each,
and the search for a closing parenthesis moves forward only.
"""

from __future__ import annotations

import re
from functools import lru_cache

from awesomelint._record import record
from awesomelint._regex import lazy_compile
from awesomelint.document.inline import parse_destination, scan_links
from awesomelint.document.model import Link
from awesomelint.document.urls import glued_host

#: top-level domains that make ``name.tld/...`` a web address rather than a file of the repository
_TLDS = (
    "com|org|net|io|ai|edu|gov|dev|app|co|me|info|xyz|tech|site|page|so|gg|ly|cn|uk|de|jp|fr|kr|ru|in|"
    "eu|us|ca|au|ch|nl|se|it|es|tw|hk|sg|top|cloud|online|science|blog|news"
)
_SCHEMELESS = lazy_compile(rf"(?:www\.[^/\s]+\.[a-z]{{2,}}(?:[/?#]|$)|(?:[a-z0-9-]+\.)+(?:{_TLDS})/)", re.I)
_EMAIL = lazy_compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
#: what a link target starts with when its author meant one: a scheme, www., a fragment or a path
_TARGET_START = lazy_compile(r"(?:[A-Za-z][A-Za-z0-9+.-]{1,31}:|www\.|#|\.{0,2}/)")
_SCHEME_URL = lazy_compile(r"https?://[^\s]+\Z", re.I)
_BREAK = lazy_compile(r"\][ \t]*\(")
_GAP_URL = lazy_compile(r"[ \t]+\((?:https?://|www\.)", re.I)


@record(frozen=True, slots=True)
class Damage:
    """One damaged link: where it starts and ends on its line (1-based columns, end exclusive)."""

    line: int
    column: int
    end_column: int
    cause: str
    target: str
    #: the target as it should be written (the ``schemeless`` and ``email`` causes), else None
    fixed: str | None = None
    #: column of the target's first character
    target_column: int = 0


@lru_cache(maxsize=65536)
def schemeless_web_address(url: str) -> bool:
    """Whether a link target is a web address written without its scheme (``github.com/o/r``)."""
    url = url.strip()
    if "." not in url or url[0] in "./#?":  # what the pattern needs: a dot, a name's first character
        return False
    return bool(_SCHEMELESS.match(url))


def bare_email(url: str) -> bool:
    return bool(_EMAIL.fullmatch(url.strip()))


def link_damage(link: Link) -> Damage | None:
    """What is wrong with a link that GitHub renders, but not to where its author meant."""
    kind = link.kind
    if kind not in ("link", "image", "autolink", "bare"):
        return None
    url = link.url
    if kind == "autolink" or kind == "bare":
        fixed = glued_host(url)
        return (
            None
            if fixed is None
            else Damage(link.line, link.column, link.end_column, "glued", url, fixed, link.url_column)
        )
    if "](" in url:
        return Damage(link.line, link.column, link.end_column, "nested", url, None, link.url_column)
    if url.startswith(("https://", "http://")):  # (so not "[": the order of the two tests is free)
        fixed = glued_host(url)  # neither scheme-less nor an e-mail address: most targets stop here
        if fixed is None:
            return None
        end_target = link.url_column + len(url)
        return Damage(link.line, link.column, end_target, "glued", url, fixed, link.url_column)
    end_target = link.url_column + len(url)
    if url.startswith("["):
        inner = url[1:].removesuffix("]")
        fixed = inner if _SCHEME_URL.match(inner) and "[" not in inner and "]" not in inner else None
        return Damage(link.line, link.column, end_target, "bracket", url, fixed, link.url_column)
    if schemeless_web_address(url):
        fixed = "https://" + url.strip()
        return Damage(link.line, link.column, end_target, "schemeless", url, fixed, link.url_column)
    if link.kind == "link" and bare_email(url):
        fixed = "mailto:" + url.strip()
        return Damage(link.line, link.column, end_target, "email", url, fixed, link.url_column)
    return None


def _code_spans(text: str) -> list[tuple[int, int]]:
    """The code spans of a line as [start, end) index pairs, CommonMark's pairing of backtick runs."""
    runs = [(m.start(), m.end() - m.start()) for m in re.finditer(r"`+", text)]
    if not runs:
        return []
    following: list[int | None] = [None] * len(runs)
    last: dict[int, int] = {}
    for k in range(len(runs) - 1, -1, -1):
        following[k] = last.get(runs[k][1])
        last[runs[k][1]] = k
    spans: list[tuple[int, int]] = []
    k = 0
    while k < len(runs):
        close = following[k]
        if close is None:
            k += 1
            continue
        spans.append((runs[k][0], runs[close][0] + runs[close][1]))
        k = close + 1
    return spans


def _escaped(text: str, i: int) -> bool:
    count = 0
    while i - count - 1 >= 0 and text[i - count - 1] == "\\":
        count += 1
    return count % 2 == 1


def _openers(text: str, spans: list[tuple[int, int]]) -> dict[int, int]:
    """For each ``]`` that closes a ``[`` outside code spans: the index of that ``[``."""
    out: dict[int, int] = {}
    stack: list[int] = []
    bounds = iter(spans)
    span = next(bounds, None)
    for m in re.finditer(r"[\[\]]", text):
        i = m.start()
        while span is not None and span[1] <= i:
            span = next(bounds, None)
        if (span is not None and span[0] <= i) or _escaped(text, i):
            continue
        if text[i] == "[":
            stack.append(i)
        elif stack:
            out[i] = stack.pop()
    return out


class _Next:
    """The next match of a pattern at or after a position, for positions that only grow: one forward
    pass over the text in all, however many positions are asked about."""

    def __init__(self, text: str, pattern: re.Pattern[str]) -> None:
        self.text = text
        self.pattern = pattern
        self.at = -1

    def after(self, i: int) -> int:
        """Index of the first match at or after ``i``, or -1."""
        if self.at < i and self.at != len(self.text):
            m = self.pattern.search(self.text, i)
            self.at = len(self.text) if m is None else m.start()
        return -1 if self.at == len(self.text) else self.at


_CLOSE = lazy_compile(r"\)")
_SPACE = lazy_compile(r"[ \t]")  # what ends a destination on a line (cmark_isspace)
_LEADING = lazy_compile(r"[ \t]*")
#: characters of a target kept in a finding (its message shows fewer)
_TARGET_KEPT = 200


def text_damage(text: str, line: int, col0: int = 1) -> list[Damage]:
    """Link syntax on one line of Markdown (not code, not HTML) that GitHub prints as text."""
    if "](" not in text and "] (" not in text and "]\t(" not in text:
        return []
    spans = _code_spans(text)
    openers = _openers(text, spans)
    out: list[Damage] = []
    closer, space = _Next(text, _CLOSE), _Next(text, _SPACE)
    for m in _BREAK.finditer(text):
        i = m.start()
        opener = openers.get(i)
        if opener is None or text.startswith("^", opener + 1):
            continue  # no '[' before it (not link syntax), or a footnote reference
        paren = m.end() - 1
        close_at = closer.after(paren)
        if close_at < 0:
            continue  # no ')' follows: not a link target
        if paren > i + 1:
            if _GAP_URL.match(text, i + 1):
                out.append(_damage(text, line, col0, opener, paren, "gap", close_at))
            continue
        if parse_destination(text, paren) is not None:
            continue  # a valid link target
        start = _LEADING.match(text, paren + 1).end()  # type: ignore[union-attr]
        if start >= close_at or text[start] == "<" or not _TARGET_START.match(text, start):
            continue
        if space.after(start) < close_at:  # a space inside the target, not only around it
            out.append(_damage(text, line, col0, opener, paren, "space", close_at))
    return out


def _damage(text: str, line: int, col0: int, opener: int, paren: int, cause: str, close_at: int) -> Damage:
    """A damaged link from its ``[`` (or ``![``) to the ``)`` at ``close_at``."""
    start = opener - 1 if opener > 0 and text[opener - 1] == "!" else opener
    target = text[paren + 1 : min(close_at, paren + 1 + _TARGET_KEPT)]
    return Damage(line, col0 + start, col0 + close_at + 1, cause, target, None, col0 + paren + 1)


def html_block_damage(text: str, line: int) -> list[Damage]:
    """Markdown links and images on a line of an HTML block: GitHub prints them as text."""
    if "](" not in text:
        return []
    out = []
    for link in scan_links(text, line):
        if link.kind in ("link", "image") and not link.wrapper:
            out.append(Damage(line, link.column, link.end_column, "in-html", link.url, None, link.url_column))
    return out
