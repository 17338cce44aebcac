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
