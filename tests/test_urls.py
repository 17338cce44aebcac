"""document/urls.py: the fast reading of plain URLs is urlsplit's reading."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from awesomelint.document.urls import _split_any, _split_plain, split

_PIECES = ["https://", "http://", "HTTPS://", "www.", "WWW.", "github.com", "a", "B", ".", "/", "?", "#", "=",
           "&", ":", "@", "[", "]", "%41", " ", "\t", "\\", "é", "\x00", "x:80", "-", "_", "~"]  # fmt: skip


@settings(max_examples=4000, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=12))
def test_the_fast_split_is_urlsplits_reading(parts: list[str]) -> None:
    url = "".join(parts)
    fast = _split_plain(url)
    if fast is not None:
        assert fast == _split_any(url), url
    assert split(url) == _split_any(url), url


def test_the_fast_split_takes_the_common_urls() -> None:
    for url in (
        "https://arxiv.org/abs/2401.00001",
        "https://github.com/Owner/Repo?tab=readme#top",
        "https://img.shields.io/github/stars/o/r.svg?style=social",
        "http://www.Example.com",
    ):
        assert _split_plain(url) is not None, url
    assert split("http://www.Example.com") == ("http", "example.com", "", "", "")


def test_arxivs_doi_names_its_paper() -> None:
    """arXiv registers a DOI for each paper (DataCite's prefix 10.48550): a link to it names the same
    paper as the abs page, for the rules that read an identifier (arxiv-date, duplicate-entry, paper-title)."""
    from awesomelint.document.urls import arxiv_id, paper_key

    for url in (
        "https://doi.org/10.48550/arXiv.2404.11536",
        "https://doi.org/10.48550/ARXIV.2404.11536",  # a DOI is case-insensitive
        "http://dx.doi.org/10.48550/arxiv.2404.11536v2/",
    ):
        assert arxiv_id(url) == "2404.11536", url
        assert paper_key(url) == paper_key("https://arxiv.org/abs/2404.11536v3") == "arxiv:2404.11536"
    assert arxiv_id("https://doi.org/10.48550/arxiv.math.dg/0211159") == "math.DG/0211159"
    assert arxiv_id("https://doi.org/10.48550/arXiv.hep-th/9901001") == "hep-th/9901001"
    for other in ("https://doi.org/10.1145/3589334", "https://doi.org/10.48550/arXiv.12", "https://doi.org/"):
        assert arxiv_id(other) is None, other


def test_an_entry_dated_before_its_arxiv_doi_and_a_doi_copy_of_an_entry_are_reported() -> None:
    from awesomelint.config import Config
    from awesomelint.engine import lint_bytes

    from .conftest import TODAY

    text = (
        "# Papers\n\n## Agents\n\n"
        "- [2023/05] **Early Agent.** [[paper](https://doi.org/10.48550/arXiv.2309.07864)]\n"
        "- [2023/10] **Some Agent.** [[paper](https://arxiv.org/abs/2310.01467)]\n"
        "- [2023/11] **Some Agent.** [[paper](https://doi.org/10.48550/arXiv.2310.01467)]\n"
        "- [2024/01] **Late Agent.** [[paper](https://arxiv.org/abs/2401.00001)]\n"
    )
    found = lint_bytes(text.encode(), "README.md", Config(), today=TODAY).findings
    by_rule = {(f.rule, f.line) for f in found}
    assert ("arxiv-date", 5) in by_rule  # 2023/05 for a paper numbered in September 2023
    assert ("duplicate-entry", 7) in by_rule  # the same paper, once by its abs page, once by its DOI
