"""Find the links and images of one line of Markdown, with the exact column of each URL.

markdown-it's inline parser is the reference for what counts as a link, but it reports no columns and it
costs as much as the block parse itself; a list with 30k rows has ~100k cells with links. This scanner
follows CommonMark's rules for the constructs that lists use (inline links and images, nested
``[![alt](img)](url)``, ``[[pdf]](url)``, autolinks ``<https://...>``, code spans, backslash escapes,
``<img src>``/``<a href>`` HTML, GitHub's bare-URL autolinks) and reports positions. A property test keeps it
in step with markdown-it on generated input (tests/test_inline.py).

Not handled, by design: reference links (``[text][ref]``), links that span lines.
"""

# long: one reading of a line's inline Markdown as cmark-gfm reads it (links, images, autolinks, code
# spans, escapes, entities, destinations), its fast paths beside the careful scanner they must agree with;
# every lint imports all of it (parse, blocks, anchors), so a split would cost every run an import and save
# none

from __future__ import annotations

import re
from bisect import bisect_left

from awesomelint._regex import lazy_compile
from awesomelint.document.model import Link, make_link

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at start-up
if TYPE_CHECKING:
    from awesomelint.document.model import LinkKind

# GitHub's bare-URL starts ("http://", "https://", "www." in any case), each alternative opening with a
# literal character and the rest matched without case: ``re`` then finds a pattern's candidates by a scan
# for those first characters (its charset prefix), where IGNORECASE or a class at the start ([hH]) makes it
# try the whole pattern at every position of the text (3-5 times the cost on a README). ``(?i:s)`` still
# matches what IGNORECASE did (``\u017f``, the long s, included).
BARE_STARTS = r"h(?i:ttps?://)|H(?i:ttps?://)|w(?i:ww\.)|W(?i:ww\.)"
_INTEREST = lazy_compile(rf"`|\\|\[|!|<|{BARE_STARTS}")
_AUTOLINK = lazy_compile(r"<([A-Za-z][A-Za-z0-9+.\-]{1,31}:[^<>\x00-\x20]*)>")
_EMAIL_AUTOLINK = lazy_compile(
    r"<([A-Za-z0-9.!#$%&'*+/=?^_`{|}~\-]+@[A-Za-z0-9](?:[A-Za-z0-9\-.]*[A-Za-z0-9])?)>"
)
# HTML as the browser reads it: white space is space, tab, newline, form feed and carriage return (a
# vertical tab or a no-break space is part of a tag's name or an unquoted value)
_HTML_TAG = lazy_compile(r"<(img|a|source|video|iframe|embed)(?=[ \t\n\f\r/>])([^<>]*)>", re.IGNORECASE)
_HTML_ATTR = lazy_compile(
    r"""\b(src|href)[ \t\n\f\r]*=[ \t\n\f\r]*(?:"([^"]*)"|'([^']*)'|([^ \t\n\f\r"'=<>`]+))""",
    re.IGNORECASE,
)
_URL_TRIM = "".join(map(chr, range(0x21)))  # what a browser strips from an attribute's URL (C0 and space)
_ESCAPABLE = lazy_compile(r"\\([!-/:-@\[-`{-~])")
# a bare URL runs to a space, tab, line end or "<" (cmark-gfm's autolink: a form feed, a no-break or an
# ideographic space is part of the URL GitHub links to)
_BARE_END = lazy_compile(r"[^ \t\n\r<]*")
_TRAILING_PUNCT = "?!.,:*_~"
# fast paths for the common shapes; anything else goes through the careful scanners below. Their runs are
# possessive (``++``, ``*+``): each alternative of a repeated group opens with a character the others
# exclude and each run stops at a character that must follow it, so no backtracking could find another
# match, and ``re`` reads a run in one step instead of a trip through the group per character
_SIMPLE_TEXT = lazy_compile(r"\[(?:[^\[\]\\`<]++|\[[^\[\]\\`<]*+\])*+\]")
_SIMPLE_DEST = lazy_compile(r"\(([^\x00-\x20()<>\\\"']*+)\)")
# a whole link or image of the commonest shapes ([[pdf]](url), ![](badge)) in one match, for which the
# careful path would find the same (the link text holds nothing that could start a construct: no image,
# code, escape, HTML, parenthesis or bare URL, so the inner scan finds nothing)
_FAST_LINK_FORM = r"\[((?:[^\[\]\\`<!()]++|\[[^\[\]\\`<!()]*+\])*+)\]\(([^\x00-\x20()<>\\\"']*+)\)"
_FAST_IMAGE_FORM = r"!\[((?:[^\[\]\\`<]++|\[[^\[\]\\`<]*+\])*+)\]\(([^\x00-\x20()<>\\\"']*+)\)"
_BARE_HINT = lazy_compile(BARE_STARTS)
# "[[label](url)]" (a paper list's "[[Paper](https://arxiv.org/...)]"), the link inside: the careful path
# reads the outer "[" as text (its "]" is not followed by "(") and then finds the link inside; the label
# holds no bracket and the URL no bracket or backtick, so the outer "]" is the one _SIMPLE_TEXT pairs it with
_FAST_WRAPPED_FORM = r"\[\[([^\[\]\\`<!()]*+)\]\(([^\x00-\x20()<>\\\"'\[\]`]*+)\)\](?!\()"
# _INTEREST with the fast shapes tried first where one may stand (at "[" or "!"): one search finds the next
# character of interest (where _INTEREST finds it: each shape opens with "[" or "!", characters of
# _INTEREST) and, when a fast shape stands there, reads it (the wrapped link tried before the plain one,
# which would read its outer bracket as text). Its groups: 1-2 the label and URL of [[label](url)]'s link,
# 3-4 of a link, 5-6 of an image; none for any other character. tests/test_inline.py sets it to _INTEREST
# for the careful path.
_NEXT = lazy_compile(rf"{_FAST_WRAPPED_FORM}|{_FAST_LINK_FORM}|{_FAST_IMAGE_FORM}|`|\\|\[|!|<|{BARE_STARTS}")
# a cell that is nothing but such links and images, separated by spaces ([[code]](url) ![](badge))
_FAST_ANY = lazy_compile(
    r"[ \t]*+(?:\[(?P<lt>(?:[^\[\]\\`<!()]++|\[[^\[\]\\`<!()]*+\])*+)\]"
    r"|!\[(?P<it>(?:[^\[\]\\`<]++|\[[^\[\]\\`<]*+\])*+)\])"
    r"\((?P<d>[^\x00-\x20()<>\\\"']*+)\)"
)


def _unescape(dest: str) -> str:
    if "\\" in dest:
        dest = _ESCAPABLE.sub(r"\1", dest)
    return unescape_entities(dest)


def unescape_entities(text: str) -> str:
    """The entity references of ``text`` decoded as CommonMark does: only the complete ones, with their
    ``;`` (``&notify=1`` in a query stays as written, where ``html.unescape`` reads ``&not`` as '¬')."""
    if "&" not in text or not _ENTITY.search(text):
        return text
    import html  # lazy: start-up, only for the few texts with an entity

    return _ENTITY.sub(lambda m: html.unescape(m.group(0)), text)


_ENTITY = lazy_compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


_BACKTICKS = lazy_compile(r"`+")


def blank_code_spans(line: str) -> str:
    """``line`` with each code span (a backtick run up to the next run of the same length, CommonMark's
    rule) replaced by spaces of the same length; linear in the line, whatever its backtick runs."""
    if "`" not in line:
        return line
    runs = [(m.start(), m.end()) for m in _BACKTICKS.finditer(line)]
    following: list[int] = [-1] * len(runs)  # the next run of the same length, or -1
    last: dict[int, int] = {}
    for r in range(len(runs) - 1, -1, -1):
        size = runs[r][1] - runs[r][0]
        following[r] = last.get(size, -1)
        last[size] = r
    parts: list[str] = []
    pos = r = 0
    while r < len(runs):
        close = following[r]
        if close < 0:
            r += 1
            continue
        start, end = runs[r][0], runs[close][1]
        parts.append(line[pos:start])
        parts.append(" " * (end - start))
        pos, r = end, close + 1
    parts.append(line[pos:])
    return "".join(parts)


class _Brackets:
    """Matching ``]`` for every ``[`` of a text, found in one pass (a stack), so that a line of 20,000
    unmatched brackets costs linear time, not quadratic; and the end of the code span at each backtick."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._pairs: dict[int, int] | None = None
        self._runs: dict[int, list[int]] | None = None  # the starts of the backtick runs, by length

    def skip_code_span(self, i: int) -> int:
        """``text[i]`` is a backtick. Return the index after the code span that starts there (closed by
        the next run of as many backticks), or after the backtick run when none closes it. The runs are
        indexed once: a walk to the next run of the same length would make runs of growing length
        (`` ` `` ``x`` ``` `` `` ``x``...) quadratic."""
        text, n = self.text, len(self.text)
        j = i
        while j < n and text[j] == "`":
            j += 1
        if self._runs is None:
            self._runs = {}
            for m in _BACKTICKS.finditer(text):
                self._runs.setdefault(m.end() - m.start(), []).append(m.start())
        starts = self._runs.get(j - i)
        if starts:
            k = bisect_left(starts, j)  # (an escaped backtick may shorten the opening run, never a close)
            if k < len(starts):
                return starts[k] + j - i
        return j

    def match(self, i: int) -> int:
        """``text[i]`` is ``[``. Return the index of the matching ``]``, or -1."""
        simple = _SIMPLE_TEXT.match(self.text, i)
        if simple:
            return simple.end() - 1
        if self._pairs is None:
            self._pairs = self._pair_all()
        return self._pairs.get(i, -1)

    def _pair_all(self) -> dict[int, int]:
        text = self.text
        pairs: dict[int, int] = {}
        stack: list[int] = []
        n = len(text)
        j = 0
        while j < n:
            c = text[j]
            if c == "\\":
                j += 2
                continue
            if c == "`":
                j = self.skip_code_span(j)
                continue
            if c == "<":
                m = _AUTOLINK.match(text, j) or _HTML_TAG.match(text, j)
                if m:
                    j = m.end()
                    continue
            if c == "[":
                stack.append(j)
            elif c == "]" and stack:
                pairs[stack.pop()] = j
            j += 1
        return pairs


_LINK_SPACE = " \t\v\f\n\r"  # what cmark-gfm skips around a destination and a title (scan_spacechars)
_ASCII_PUNCTUATION = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
_MAX_PARENS = 32  # cmark-gfm's nesting limit of parentheses in a link destination


def destination_end(text: str, pos: int) -> int:
    """Where the link destination at ``pos`` ends (cmark-gfm's manual_scan_link_url), -1 for none: ``<`` to
    ``>`` without a newline or ``<`` between, or a run of anything but a space, tab or newline (a vertical
    tab, a form feed or a control character is part of it) with parentheses nested at most 32 deep (one
    left open does not matter to cmark-gfm); a backslash escapes the punctuation after it."""
    n = len(text)
    i = pos
    if i < n and text[i] == "<":
        i += 1
        while i < n:
            c = text[i]
            if c == ">":
                return i + 1
            if c == "\\":
                i += 2
            elif c == "\n" or c == "<":
                return -1
            else:
                i += 1
        return -1
    depth = 0
    while i < n:
        c = text[i]
        if c == "\\" and i + 1 < n and text[i + 1] in _ASCII_PUNCTUATION:
            i += 2
        elif c == "(":
            depth += 1
            if depth > _MAX_PARENS:
                return -1
            i += 1
        elif c == ")":
            if not depth:
                return i  # an unmatched ")" ends it (the destination may be empty)
            depth -= 1
            i += 1
        elif c in " \t\n\r":
            break
        else:
            i += 1
    return i if i > pos else -1  # (nothing before a space or the end: no destination)


def _parse_destination(text: str, i: int) -> tuple[str, int, int] | None:
    """``text[i]`` is ``(``. Return (raw destination, its start index, index after ``)``) or None."""
    simple = _SIMPLE_DEST.match(text, i)
    if simple:
        return simple.group(1), i + 1, simple.end()
    n = len(text)
    j = i + 1
    while j < n and text[j] in _LINK_SPACE:
        j += 1
    end = destination_end(text, j)
    if end < 0:
        return None
    a, b = (j + 1, end - 1) if text[j] == "<" else (j, end)
    while a < b and text[a] in " \t":  # cmark_clean_url trims spaces and tabs (of a <...> destination)
        a += 1
    while b > a and text[b - 1] in " \t":
        b -= 1
    dest, dest_start = text[a:b], a
    j = end
    # optional title
    k = j
    while k < n and text[k] in _LINK_SPACE:
        k += 1
    if k < n and text[k] in "\"'(" and k > j:
        close = ")" if text[k] == "(" else text[k]
        m = k + 1
        while m < n and text[m] != close:
            if text[m] == "\\":
                m += 1
            elif close == ")" and text[m] == "(":  # a title in parentheses holds none unescaped (cmark)
                return None
            m += 1
        if m >= n:
            return None
        k = m + 1
        while k < n and text[k] in _LINK_SPACE:
            k += 1
    if k < n and text[k] == ")":
        return dest, dest_start, k + 1
    return None


_MAX_NESTING = 32  # links nested deeper are read as text: bounded recursion, linear time
_PENDING = "\x00pending"  # the wrapper of images found in a link text before the link is known to stand


def _wrapped(links: list[Link], wrapper: str | None) -> list[Link]:
    """``links`` scanned inside a link text, their pending wrapper set to ``wrapper``."""
    for link in links:
        if link.wrapper == _PENDING:
            link.wrapper = wrapper
    return links


def _quick(text: str, line: int, col0: int) -> list[Link] | None:
    """The links of a text made only of the commonest shapes (what :func:`_scan` finds there, one match
    each), or None for any other text."""
    out: list[Link] = []
    pos, n = 0, len(text)
    while pos < n:
        m = _FAST_ANY.match(text, pos)
        if m is None:
            return None
        label = m.group("lt")
        if label is not None:
            if ("://" in label or "w" in label or "W" in label) and _BARE_HINT.search(label):
                return None
            kind: LinkKind = "link"
            start = m.start("lt") - 1
        else:
            label, kind, start = m.group("it"), "image", m.start("it") - 2
        out.append(
            make_link(
                url=_unescape(m.group("d")),
                text=label,
                kind=kind,
                line=line,
                column=col0 + start,
                url_column=col0 + m.start("d"),
                end_column=col0 + m.end(),
            )
        )
        pos = m.end()
    return out


def scan_links(text: str, line: int, column: int = 1) -> list[Link]:
    """All links and images in ``text``, a single line (or cell) whose first character is at ``column``."""
    if text[:1] in "[! \t":  # (the only starts of _quick's texts)
        quick = _quick(text, line, column)
        if quick is not None:
            return quick
    out: list[Link] = []
    # a hard break's " \\" at the end (a paper list's links line) holds no link nor any part of one (a bare
    # URL ends at the space, every other construct at a character of its own): the scan stops before it
    # instead of a search finding the backslash (tests/test_inline.py holds it to the scan of the whole)
    stop = len(text) - 2 if text.endswith(" \\") else len(text)
    _scan(text, 0, stop, line, column, out, None, None)
    return out


# long: the scanner is one loop over the text with a branch per construct, in CommonMark's order of
# precedence; split, its state (position, bracket matches, output) would have to travel through every part
def _scan(
    text: str,
    pos: int,
    stop: int,
    line: int,
    col0: int,
    out: list[Link],
    wrapper: str | None,
    brackets: _Brackets | None,  # made at the first code span or careful bracket (most lines have none)
    depth: int = 0,
) -> None:
    while pos < stop:
        m = _NEXT.search(text, pos, stop)  # (the next character of interest, a fast shape's link read)
        if m is None:
            return
        i = m.start()
        c = text[i]
        g = m.lastindex  # (the URL's group of the fast shape found, None for none)
        if c == "\\":
            pos = i + 2
        elif c == "`":
            if brackets is None:
                brackets = _Brackets(text)
            pos = brackets.skip_code_span(i)
        elif g is not None and (
            g == 6  # an image; a link whose label holds no bare URL's start (else the careful path reads it)
            or not (
                ("://" in (label := m.group(g - 1)) or "w." in label or "W." in label)
                and _BARE_HINT.search(label)
            )
        ):
            kind: LinkKind = "image" if g == 6 else "link"
            raw = m.group(g)
            out.append(
                make_link(
                    url=raw if "\\" not in raw and "&" not in raw else _unescape(raw),
                    text=m.group(g - 1),
                    kind=kind,
                    line=line,
                    column=col0 + m.start(g - 1) - (2 if g == 6 else 1),
                    url_column=col0 + m.start(g),
                    end_column=col0 + m.end(g) + 1,
                    wrapper=wrapper if g == 6 else None,
                )
            )
            pos = m.end(g) + 1
        elif c == "[" or (c == "!" and i + 1 < stop and text[i + 1] == "["):
            image = c == "!"
            open_br = i + 1 if image else i
            if brackets is None:
                brackets = _Brackets(text)
            close_br = brackets.match(open_br)
            if close_br < 0 or close_br + 1 >= stop or text[close_br + 1] != "(":
                pos = i + 1
                continue
            parsed = _parse_destination(text, close_br + 1)
            if parsed is None or parsed[2] > stop:
                pos = i + 1
                continue
            raw, dest_start, end = parsed
            url = _unescape(raw)
            inner: list[Link] = []
            if not image:
                if depth >= _MAX_NESTING:
                    pos = i + 1  # deeper than any list nests links: read as text, in linear time
                    continue
                # images inside link text: [![alt](badge)](url)
                _scan(text, open_br + 1, close_br, line, col0, inner, _PENDING, brackets, depth + 1)
                if any(link.kind == "link" for link in inner):
                    # links may not contain links: the inner ones win (CommonMark) and this bracket is
                    # text; the text inside was scanned once already, so go on after it
                    out.extend(_wrapped(inner, wrapper))
                    pos = close_br + 1
                    continue
                inner = _wrapped(inner, url)
            kind = "image" if image else "link"
            out.append(
                make_link(
                    url=url,
                    text=text[open_br + 1 : close_br],
                    kind=kind,
                    line=line,
                    column=col0 + i,
                    url_column=col0 + dest_start,
                    end_column=col0 + end,
                    wrapper=wrapper if image else None,
                )
            )
            out.extend(inner)
            pos = end
        elif c == "!":
            pos = i + 1
        elif c == "<":
            if text.startswith("<!--", i):
                close = text.find("-->", i + 4)
                pos = stop if close < 0 else close + 3
                continue
            am = _AUTOLINK.match(text, i, stop)
            if am:
                out.append(
                    make_link(
                        url=am.group(1),
                        text=am.group(1),
                        kind="autolink",
                        line=line,
                        column=col0 + i,
                        url_column=col0 + i + 1,
                        end_column=col0 + am.end(),
                        wrapper=wrapper,
                    )
                )
                pos = am.end()
                continue
            em = _EMAIL_AUTOLINK.match(text, i, stop)
            if em:
                pos = em.end()
                continue
            hm = _HTML_TAG.match(text, i, stop)
            if hm:
                tag = hm.group(1).lower()
                for offset, url in attribute_urls(hm.group(2)):
                    vstart = hm.start(2) + offset
                    out.append(
                        make_link(
                            url=url,
                            text=tag,
                            kind="html",
                            line=line,
                            column=col0 + i,
                            url_column=col0 + vstart,
                            end_column=col0 + hm.end(),
                            wrapper=wrapper,
                        )
                    )
                pos = hm.end()
                continue
            pos = i + 1
        else:
            # a bare URL (GitHub's autolink extension): only at a word boundary
            if i > 0 and text[i - 1] not in " \t*_~(\u3000：:，,;；、" and not text[i - 1].isspace():
                pos = i + 1
                continue
            bm = _BARE_END.match(text, i, stop)
            end = bm.end() if bm else i
            end = _trim_bare(text, i, end)
            raw = text[i:end]
            if len(raw) <= (len("www.") if c in "wW" else len("http://")) or "." not in raw:
                pos = end if end > i else i + 1
                continue
            url = raw if c not in "wW" else "http://" + raw
            out.append(
                make_link(
                    url=url,
                    text=raw,
                    kind="bare",
                    line=line,
                    column=col0 + i,
                    url_column=col0 + i,
                    end_column=col0 + end,
                    wrapper=wrapper,
                )
            )
            pos = end


#: the HTML tags whose ``src`` or ``href`` is a link
LINK_TAGS = frozenset(("img", "a", "source", "video", "iframe", "embed"))


def attribute_urls(attrs: str) -> list[tuple[int, str]]:
    """The ``src`` and ``href`` values of a tag's attributes: (offset of the value in ``attrs``, URL)."""
    out = []
    for m in _HTML_ATTR.finditer(attrs):
        value = m.group(2) if m.group(2) is not None else m.group(3)
        if value is None:
            value = m.group(4)
        out.append((m.start(m.lastindex or 2), unescape_entities(value.strip(_URL_TRIM))))
    return out


def _trim_bare(text: str, start: int, end: int) -> int:
    """Trim trailing punctuation and unbalanced ')' the way GitHub's autolink extension does."""
    opens = closes = -1  # counted once, on the first ')': trimming stays linear
    while end > start:
        ch = text[end - 1]
        if ch in _TRAILING_PUNCT:
            end -= 1
            continue
        if ch == ")":
            if opens < 0:
                seg = text[start:end]
                opens, closes = seg.count("("), seg.count(")")
            if closes > opens:
                end -= 1
                closes -= 1
                continue
        if ch == ";":
            amp = text.rfind("&", start, end)
            if amp >= 0 and re.fullmatch(r"&[A-Za-z0-9]+;", text[amp:end]):
                end = amp
                continue
        break
    return end


def parse_destination(text: str, i: int) -> tuple[str, int, int] | None:
    """``text[i]`` is ``(``: the link destination that starts there as CommonMark reads it, as (raw
    destination, its start index, index after ``)``), or None when no link destination starts there."""
    return _parse_destination(text, i)
