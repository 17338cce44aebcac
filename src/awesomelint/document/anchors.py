"""The anchors of a document as GitHub renders it: heading slugs and explicit HTML ``id``/``name`` values.

GitHub gives every heading (Markdown or raw HTML ``<h1>``..``<h6>``) an anchor made from its rendered text:
lower-cased, every character that is not a letter, a mark, a decimal or letter number, a connector
(``_``), a hyphen or a space dropped, each space turned into ``-``; a repeated slug gets ``-1``, ``-2``,
... in document order (html-pipeline's TableOfContentsFilter, whose ``[^\\p{Word}\\- ]`` class
github-slugger mirrors). The rendered text is what markdown-it's inline parser leaves of the heading: link
text without its URL, emphasis and code without their markers, entities decoded, inline HTML tags and images
dropped. An emoji is a symbol and is dropped, but U+FE0F (variation selector, a mark) stays.

On GitHub a fragment whose case differs from the anchor still works (``#Base-LLM`` reaches the heading
``## Base-LLM``, whose anchor is ``base-llm``: tested and confirmed in serokell/xrefcheck#211, and relied on by
real lists such as lonePatient/awesome-pretrained-chinese-nlp-models), so anchors compare without case.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

from awesomelint._record import record
from awesomelint._regex import lazy_compile
from awesomelint.document.inline import blank_code_spans, unescape_entities
from awesomelint.document.model import Document

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at start-up
if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

_KEEP_CATEGORIES = {"Nd", "Nl", "Pc"}
# HTML as the browser reads it: white space is space, tab, newline, form feed and carriage return
_HTML_HEADING_OPEN = lazy_compile(r"<h[1-6][ \t\n\f\r>/]", re.IGNORECASE)
_SHORTCODE = lazy_compile(r":[a-z0-9_+\-]+:")
_HTML_HEADING = lazy_compile(
    r"<h([1-6])(?=[ \t\n\f\r/>])[^<>]*>(.{0,1000}?)</h\1[ \t\n\f\r]*>", re.IGNORECASE | re.DOTALL
)
_HEADING_SPAN = 10  # lines an HTML heading may span
_ANY_TAG = lazy_compile(r"</?[A-Za-z][^<>]*>")
_ID_ATTR = lazy_compile(
    r"""(?<=[ \t\n\f\r"'])(?:id|name)[ \t\n\f\r]*=[ \t\n\f\r]*(?:"([^"]*)"|'([^']*)'|([^ \t\n\f\r"'=<>`]+))""",
    re.IGNORECASE,
)


class _SlugTable(dict[int, str | None]):
    """``str.translate`` table of the slug rule, filled on first sight of each character."""

    def __missing__(self, code: int) -> str | None:
        ch = chr(code)
        if ch == " ":
            out: str | None = "-"
        elif code < 0x80:
            out = ch if ch.isalnum() or ch in "-_" else None
        else:
            cat = unicodedata.category(ch)
            out = ch if cat[0] in "LM" or cat in _KEEP_CATEGORIES else None
        self[code] = out
        return out


_SLUG_TABLE = _SlugTable()


def slugify(text: str) -> str:
    """GitHub's anchor for a heading whose rendered (plain) text is ``text``, before de-duplication."""
    return text.lower().translate(_SLUG_TABLE)


@lru_cache(maxsize=1)
def inline_parser() -> MarkdownIt:
    """A CommonMark parser with the inline phase on, for the few headings whose text must be rendered."""
    from markdown_it import MarkdownIt  # lazy: most lists have no heading that needs rendering

    return MarkdownIt("commonmark", {"html": True})


def _plain(tokens: Iterable[Token]) -> str:
    parts: list[str] = []
    for tok in tokens:
        if tok.type in ("text", "code_inline", "text_special"):
            parts.append(tok.content)
        elif tok.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif tok.children and tok.type not in ("image",):
            parts.append(_plain(tok.children))
    return "".join(parts)


#: a plain inline link: text without brackets or markup, a destination without space, parenthesis, angle
#: bracket or backslash, no title, none of the schemes markdown-it refuses; markdown-it renders it as its text
_PLAIN_LINK = lazy_compile(r"\[([^\[\]\\`*_<>&!~]*)\]\((?!(?i:javascript|vbscript|file|data):)[^\s()<>\\]*\)")
_MARKUP = "\\`*_[]<>&!~"


def _simple_text(markdown: str) -> str | None:
    """The rendered text of a fragment whose only markup is plain inline links (the headings of most
    lists: ``### Topic ([back](#contents))``), without markdown-it; None for any other markup."""
    text = _PLAIN_LINK.sub(r"\1", markdown) if "](" in markdown else markdown
    if any(ch in text for ch in _MARKUP):
        return None
    return text


@lru_cache(maxsize=4096)
def rendered_text(markdown: str) -> str:
    """The plain text GitHub shows for an inline Markdown fragment (a heading's content)."""
    markdown = markdown.strip()
    simple = _simple_text(markdown)
    if simple is not None:
        return simple
    # no strip(): '# Awesome-LLM [![badge](...)](...)' renders as 'Awesome-LLM ', whose slug ends in '-'
    return _plain(inline_parser().parseInline(markdown))


@record
class Anchor:
    slug: str
    line: int
    source: str  # "heading" or "html"


def _html_text(fragment: str) -> str:
    """The text of a raw-HTML heading's content: tags dropped, entities decoded."""
    return unescape_entities(_ANY_TAG.sub("", fragment))


def document_anchors(doc: Document) -> list[Anchor]:
    """Every anchor of the document: heading slugs (with GitHub's -1, -2 suffixes) and HTML ids/names."""
    headings: list[tuple[int, int, list[str]]] = []  # (line, column, candidate texts)
    for section in doc.sections:
        text = rendered_text(section.title)
        texts = [text]
        if _SHORTCODE.search(text):
            # :rocket: renders as an emoji on GitHub (and drops out of the slug) when it names one
            texts.append(_SHORTCODE.sub("", text))
        headings.append((section.line, 0, texts))
    anchors: list[Anchor] = []
    code_lines = doc.code_lines()
    lines = doc.lines
    for i, line in enumerate(lines):
        if "<" not in line or i + 1 in code_lines:
            continue
        lowered = line.lower()
        if "<h" in lowered and _HTML_HEADING_OPEN.search(line):
            # an HTML heading may close on a later line
            window = "\n".join(lines[i : i + _HEADING_SPAN])
            if "</h" in window.lower():
                for m in _HTML_HEADING.finditer(window):
                    if m.start() >= len(line):
                        break
                    content = _html_text(m.group(2))
                    # GitHub keeps the spaces around an HTML heading's text; accept the stripped text too
                    headings.append((i + 1, m.start() + 1, [content, content.strip()]))
        if "id" in lowered or "name" in lowered:
            if "`" in line:
                line = blank_code_spans(line)
            lt = gt = seen = -1  # the last "<" and ">" before the match, looked for once per character
            for m in _ID_ATTR.finditer(line):
                at = m.start()
                lt, gt = max(lt, line.rfind("<", seen + 1, at)), max(gt, line.rfind(">", seen + 1, at))
                seen = at - 1
                if lt <= gt:
                    continue  # not inside a tag (that opens on this line)
                value = next(g for g in m.groups() if g is not None).strip()
                if value:
                    anchors.append(Anchor(value, i + 1, "html"))
    headings.sort(key=lambda h: (h[0], h[1]))
    counts: dict[str, int] = {}
    for number, _col, texts in headings:
        for k, text in enumerate(texts):
            base = slugify(text)
            n = counts.get(base, 0)
            if k == 0:
                counts[base] = n + 1
            anchors.append(Anchor(base if n == 0 else f"{base}-{n}", number, "heading"))
    return anchors


def _compact(text: str) -> str:
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def _edits(a: str, b: str, limit: int) -> int:
    """Levenshtein distance of ``a`` and ``b``, or ``limit + 1`` once it must exceed ``limit`` (a band
    of the table: linear in the length for a fixed limit)."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [limit + 1] * len(b)
        for j in range(max(1, i - limit), min(len(b), i + limit) + 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != b[j - 1]))
        prev = cur
    return min(prev[-1], limit + 1)


def resembles(target: str, slug: str) -> bool:
    """Whether an anchor ``slug`` resembles a broken link ``target`` closely enough to be suggested for it:
    the same letters and digits (``efficient_moe``, ``efficient-moe``), one inside the other and at least
    half of it (``training`` in ``pre-training``), or a few typing slips (a fifth of the letters)."""
    a, b = _compact(target), _compact(slug)
    if not a or not b:
        return False
    if a == b:
        return True
    short, long = sorted((a, b), key=len)
    if len(short) >= 4 and short in long and len(short) * 2 >= len(long):
        return True
    limit = max(1, len(long) // 5)
    return _edits(a, b, limit) <= limit


#: fragments that work without an anchor: the page top (HTML spec) and GitHub's line references
_ALWAYS_VALID = lazy_compile(r"top|L\d+(?:C\d+)?(?:-L\d+(?:C\d+)?)?", re.IGNORECASE)
_USER_CONTENT = "user-content-"


def is_always_valid(fragment: str) -> bool:
    """Whether a decoded fragment works without an anchor (``#top``, ``#L10-L20``)."""
    return _ALWAYS_VALID.fullmatch(fragment) is not None


def find_anchor(fragment: str, known: dict[str, Anchor]) -> Anchor | None:
    """The anchor a decoded fragment reaches, without regard to case (``known``: lower-cased slug ->
    anchor); GitHub's ``user-content-`` prefix is the same anchor."""
    key = fragment.lower()
    found = known.get(key)
    if found is None and key.startswith(_USER_CONTENT):
        found = known.get(key[len(_USER_CONTENT) :])
    return found
