"""What a table's header says: a header cell reduced to its words, the role it gives its column (date,
paper, title, link), and whether two headers describe the same kind of table. Shared by the analysis of the
list (:mod:`awesomelint.document.analysis`) and the header rules."""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from awesomelint._regex import lazy_compile

_DATE_WORDS = {"date", "time", "year", "month", "published", "released", "release", "updated", "when", "day"}
_DATE_CJK = ("日期", "时间", "時間", "年份", "公開年", "発表", "发布", "發布", "날짜", "연도", "年月", "時期")
_TITLE_WORDS = {
    "title",
    "titles",
    "name",
    "model",
    "models",
    "reference",
    "dataset",
    "project",
    "paper title",
}
_TITLE_CJK = ("标题", "標題", "名称", "名稱", "模型", "タイトル", "名前", "モデル", "项目名称")
_PAPER_WORDS = {"paper", "papers", "pdf", "arxiv", "publication link"}
_PAPER_CJK = ("论文", "論文", "文献")
_LINK_WORDS = {"link", "links", "url", "urls", "homepage", "website"}
_LINK_CJK = ("链接", "鏈接", "地址", "リンク")
_WORD = lazy_compile(r"[a-z]+")


@lru_cache(maxsize=4096)  # a list repeats its header in every table, and several rules ask
def header_key(text: str) -> str:
    """A header cell reduced to its words: markup, emoji and punctuation dropped, case folded."""
    out = []
    for ch in text:
        cat = unicodedata.category(ch)
        if cat[0] in "LN" or ch in " &/":
            out.append(ch)
        else:
            out.append(" ")
    return " ".join("".join(out).casefold().split())


def _is_kind(key: str, words: set[str], cjk: tuple[str, ...], cjk_exact: bool = False) -> bool:
    if key in words or key in cjk:
        return True
    if any(w in words for w in _WORD.findall(key)):
        return True
    return not cjk_exact and any(c in key for c in cjk)


def is_date_header(text: str) -> bool:
    key = header_key(text)
    if key in {"年", "年月"}:
        return True
    return _is_kind(key, _DATE_WORDS, _DATE_CJK)


def header_role(text: str) -> str | None:
    """The role a header cell gives its column: ``date``, ``paper``, ``title`` or ``link``; None for any
    other column (as :func:`_role_columns` reads a header)."""
    if is_date_header(text):
        return "date"
    return column_kind(header_key(text))


def column_kind(key: str) -> str | None:
    """``paper``, ``title`` or ``link``: what a header cell's words (:func:`header_key`) name, dates
    aside; None for any other column."""
    if _is_kind(key, _PAPER_WORDS, _PAPER_CJK):
        return "paper"
    if _is_kind(key, _TITLE_WORDS, _TITLE_CJK, cjk_exact=True):
        return "title"
    if _is_kind(key, _LINK_WORDS, _LINK_CJK):
        return "link"
    return None


_STOP_WORDS = frozenset({"of", "the", "a", "an", "and", "&", "/", "in", "on", "for"})


def header_words(key: str) -> frozenset[str]:
    """The words of a normalised header, in any order, without small words and plural endings: 'Release
    Date' and 'Date of Release' say the same."""
    return frozenset(w.removesuffix("s") if len(w) > 3 else w for w in key.split() if w not in _STOP_WORDS)


def similar_header(have: tuple[str, ...] | list[str], want: tuple[str, ...] | list[str]) -> bool:
    """Whether two (normalised) headers describe the same kind of table: half the columns shared."""
    return len(set(have) & set(want)) * 2 >= len(set(want))


def header_columns(names: list[str]) -> tuple[int | None, list[int], list[int], list[int]]:
    """The title column of a header (its names), and its paper, title and link columns."""
    title_col = None
    papers: list[int] = []
    titles: list[int] = []
    links: list[int] = []
    for i, name in enumerate(names):
        kind = column_kind(header_key(name))
        if kind == "paper":
            papers.append(i)
        elif kind == "title":
            titles.append(i)
        elif kind == "link":
            links.append(i)
    if titles:
        title_col = titles[0]
    elif papers:
        title_col = papers[0]
    return title_col, papers, titles, links
