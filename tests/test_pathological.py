"""Every pathological input of issue 15 lints in bounded time (a generous bound: these took from 10 s to
forever before their fix; benchmarks/pathological.py measures the growth from n to 4n)."""

from __future__ import annotations

import time

import pytest

from awesomelint.document.inline import blank_code_spans, scan_links
from awesomelint.document.rows import normalize_title
from awesomelint.engine import lint_bytes
from awesomelint.rules import registry

from .conftest import TODAY
from .pathological_cases import CASES, entry_roles

OFFLINE = [r for r in registry().rules if not r.online]
_SLOW = {"displaced-dates", "table-of-rows", "disable-pairs"}  # big documents: a smaller n in CI


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_pathological_input_is_linted_in_bounded_time(case):
    n = case.n // 5 if case.name in _SLOW else case.n
    data = case.make(n)
    start = time.perf_counter()
    result = lint_bytes(data, "case.md", rules=OFFLINE, today=TODAY)
    entry_roles(data)  # the entry model too (no rule reads it yet)
    elapsed = time.perf_counter() - start
    assert result.error is None
    assert elapsed < 20, f"{case.name}: {elapsed:.1f} s for {len(data)} bytes"


def test_nested_links_keep_the_innermost_link():
    text = "[" * 30 + "x" + "](https://a.b)" * 30
    links = scan_links(text, 1)
    assert [link.kind for link in links if link.kind == "link"] == ["link"]
    assert links[0].column == 30  # the innermost bracket
    deep = "[" * 1000 + "x" + "](u)" * 1000  # deeper than the recursion limit allows, read as text
    scan_links(deep, 1)


def test_image_in_a_link_that_contains_a_link_has_no_wrapper():
    links = scan_links("[![i](https://img/x.svg) [in](https://in)](https://out)", 1)
    by_url = {link.url: link for link in links}
    assert "https://out" not in by_url
    assert by_url["https://img/x.svg"].wrapper is None
    links = scan_links("[![i](https://img/x.svg)](https://out)", 1)
    assert {link.url: link.wrapper for link in links} == {
        "https://out": None,
        "https://img/x.svg": "https://out",
    }


def test_bare_url_trims_unbalanced_parens_only():
    (link,) = scan_links("see https://a.b/x_(y))))", 1)
    assert link.url == "https://a.b/x_(y)"


def test_code_spans_follow_commonmark_runs():
    assert blank_code_spans("a `b` c") == "a     c"
    assert blank_code_spans("``a`") == "``a`"  # no run of two closes the first
    assert blank_code_spans("`` a ` b `` c") == "            c"
    assert blank_code_spans("`" * 7) == "`" * 7


def test_title_normalisation_drops_targets_and_tags():
    assert normalize_title("[Foo](https://x/a(b)) <b>bar</b>") == "foo bar"
