"""Whether a row's title and a paper's title can name the same paper.

A list's row title is rarely the paper's title as it is: it carries a ``[Short]`` name, an ``(@Org)``,
emoji, Markdown, or only the short name (``Mooncake``) of ``Mooncake: A KVCache-centric Disaggregated
Architecture for LLM Serving``. The comparison is built to never call two names of one paper different:

1. both titles are cleaned: Markdown already removed by the caller, then emoji, ``(@Org)``, LaTeX markup
   (``$\\text{H}_2$O``), case and width (NFKC) go; the ``[...]`` groups of the row become its short names;
2. a title mostly in another script than Latin (Chinese, Japanese, ...) is not compared;
3. they match when a short name of either (a ``[Short]`` of the row, the part before ``:`` of either
   title, or the whole row when it has at most three words) stands in the other as letters and digits
   (``FlashAttention-2`` in ``FlashAttention-2: Faster ...``), or is the initials of words of the other
   (``PTQ`` in ``Post-Training Quantization``);
4. or when the words of one are a subsequence of the other's (a title without its subtitle);
5. or when they share a third of the words of the shorter title, or three words and a sixth (words of three letters
   and more, a final ``s`` aside, common words such as ``for`` and ``with`` ignored).

A leading ``3)`` numbering is dropped, and the part before `` - `` counts as a short name like the part
before ``:`` (``StreamingLLM - a framework that ...``).

Anything else "shares too little": the link probably points at another paper; except that a row which is
only a name (three words or fewer: ``GPT-3``, ``Chinchilla``) is held against a paper's title only when
that title opens with a name of its own (``vAttention: ...``): many papers never name the model they
present in their title (``Language Models are Few-Shot Learners``).
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from awesomelint._record import record
from awesomelint._regex import lazy_compile

_ORG = lazy_compile(r"\(\s*@[^()]*\)")
_BRACKETS = lazy_compile(r"\[([^\[\]]{1,80})\]")
_LATEX = lazy_compile(r"\\[A-Za-z]+|[${}_^~\\]")
_WORD = lazy_compile(r"[a-z0-9]+")
_ENUM = lazy_compile(r"^\s*\d{1,3}[).]\s+")  # '3) StreamingLLM - ...' (a weekly list's numbering)
#: a bracketed tag that names a venue or a kind, not the paper: [ICLR2025], [NeurIPS'24], [Survey]
_VENUE = lazy_compile(
    r"^(?:[a-z]+\s*+(?:'\s*+)?\d{2,4}|\d{4}|survey|review|tech(?:nical)? ?report|blog|oral|spotlight|"
    r"best paper|arxiv|pdf|paper|code|new|hot|benchmark)$"
)
_STOP = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "by",
        "for",
        "from",
        "in",
        "into",
        "is",
        "it",
        "of",
        "on",
        "or",
        "our",
        "over",
        "the",
        "their",
        "this",
        "to",
        "towards",
        "toward",
        "via",
        "vs",
        "we",
        "with",
        "without",
        "using",
        "based",
        "through",
        "under",
        "can",
        "do",
        "does",
        "how",
        "what",
        "when",
        "why",
        "new",
    ]
)
#: share of a title's letters that must be Latin for it to be compared
_LATIN_SHARE = 0.7


@record(frozen=True)
class _Clean:
    text: str  # lower-cased, cleaned
    names: tuple[str, ...]  # short names, lower-cased
    words: tuple[str, ...]  # every word, in order
    content: frozenset[str]  # the words that carry meaning, a final s aside


def _drop_symbols(text: str) -> str:
    out = []
    for ch in text:
        cat = unicodedata.category(ch)
        if cat in ("So", "Sk", "Cf", "Cc", "Mn") or 0xFE00 <= ord(ch) <= 0xFE0F:
            out.append(" ")
        else:
            out.append(ch)
    return "".join(out)


def latin_enough(text: str) -> bool:
    """Whether most letters of the text are Latin (so that its words can be compared with English)."""
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return False
    latin = sum(1 for ch in letters if ch.isascii() or "LATIN" in unicodedata.name(ch, ""))
    return latin >= _LATIN_SHARE * len(letters)


def _stem(word: str) -> str:
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def _compact(text: str) -> str:
    return "".join(_WORD.findall(text))


@lru_cache(maxsize=8192)
def clean(title: str, row: bool) -> _Clean:
    text = unicodedata.normalize("NFKC", title)
    text = _ORG.sub(" ", text)
    text = _LATEX.sub("", text)
    text = _drop_symbols(text).lower()
    names: list[str] = []
    if row:
        for m in _BRACKETS.finditer(text):
            inner = m.group(1).strip()
            if inner and not _VENUE.match(inner):
                names.append(inner)
        text = _BRACKETS.sub(" ", text)
    text = _ENUM.sub("", text)
    for sep in (":", " - ", " – ", " — "):
        head, found, _tail = text.partition(sep)
        if found and len(_WORD.findall(head)) <= 4:
            names.append(head)
    words = tuple(_WORD.findall(text))
    if row and 0 < len(words) <= 3:
        names.append(" ".join(words))
    content = frozenset(_stem(w) for w in words if len(w) >= 3 and w not in _STOP)
    return _Clean(" ".join(words), tuple(n for n in names if len(_compact(n)) >= 3), words, content)


def _initials(name: str, words: tuple[str, ...]) -> bool:
    """Whether a one-word name is the initials of consecutive words (``ptq``: post training quantization)."""
    if not name.isalpha() or not 2 <= len(name) <= 8 or len(words) < len(name):
        return False
    firsts = "".join(w[0] for w in words)
    return name in firsts


def _subsequence(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
    if not short or len(short) > len(long):
        return False
    it = iter(long)
    return all(any(w == x for x in it) for w in short)


def _names_match(a: _Clean, b: _Clean) -> bool:
    other = _compact(b.text)
    for name in a.names:
        compact = _compact(name)
        if compact in other or _initials(compact, b.words):
            return True
    return False


def titles_match(row_title: str, paper_title: str) -> bool | None:
    """True when the two titles can name the same paper, False when they share too little; None when
    they are not compared (empty, or mostly in another script than Latin)."""
    if not latin_enough(row_title) or not latin_enough(paper_title):
        return None
    row = clean(row_title, True)
    paper = clean(paper_title, False)
    if not row.words or not paper.words:
        return None
    if _names_match(row, paper) or _names_match(paper, row):
        return True
    if _subsequence(row.words, paper.words) or _subsequence(paper.words, row.words):
        return True
    shorter = min(len(row.content), len(paper.content))
    if shorter == 0:
        return None  # nothing but common words on one side: nothing to compare
    common = len(row.content & paper.content)
    if common * 3 >= shorter or (common >= 3 and common * 6 >= shorter):
        return True
    if len(row.words) <= 3 and not _named(paper):
        return (
            None  # a bare name (GPT-3) beside a title that names nothing (Language Models are Few-Shot ...)
        )
    return False


def _named(title: _Clean) -> bool:
    """Whether a paper's title opens with a name of its own (``vAttention: ...``)."""
    return any(name != " ".join(title.words) for name in title.names)
