"""entry-shape: what it finds on real lists (judged finding by finding), and what its fixes do to what
GitHub renders (cmark-gfm, the oracle): only the intended edits, and a second --fix changes nothing."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import cmarkgfm
import pytest

from awesomelint.config import Config
from awesomelint.engine import lint_bytes
from awesomelint.engine.fix import fix_bytes
from awesomelint.findings import Finding
from awesomelint.rules import registry

from .conftest import FIXTURES, TODAY

RULE = registry().get("entry-shape")
assert RULE is not None
RULES = [RULE]

#: entry-shape's findings on each list of ../shared/corpus/bullets, per kind, read one by one (the
#: hand-back of the entry-shape branch quotes examples): every one breaks a convention its list keeps in
#: 90% of its entries or more. rust-unofficial keeps no period convention (about 30% of its items end
#: with one), awesome-selfhosted and awesome-nodejs none broken, the paper lists no separator at all.
BULLETS: dict[str, dict[str, int]] = {
    "WooooDyy__LLM-Agent-Paper-List__README.md": {},
    "academic__awesome-datascience__README.md": {"capital": 6, "separator": 4},
    "atfortes__Awesome-LLM-Reasoning__README.md": {},
    "avelino__awesome-go__README.md": {"capital": 54, "period": 44, "separator": 5},
    "awesome-selfhosted__awesome-selfhosted__README.md": {},
    "hee9joon__Awesome-Diffusion-Models__README.md": {},
    "public-apis__public-apis__README.md": {},
    "rust-unofficial__awesome-rust__README.md": {"capital": 39},
    "sindresorhus__awesome-nodejs__README.md": {},
}


def _kind(finding: Finding) -> str:
    message = finding.message
    for word, kind in (("separator", "separator"), ("lower-case", "capital"), ("period", "period")):
        if word in message.split(";")[0]:
            return kind
    return "text"


def _lint(data: bytes, name: str) -> list[Finding]:
    result = lint_bytes(data, name, Config(), RULES, today=TODAY)
    assert result.error is None
    return result.findings


@pytest.fixture
def bullets(corpus: Path) -> Path:
    folder = corpus / "bullets"
    if not folder.is_dir():
        pytest.skip(f"no bullets corpus at {folder}")
    return folder


def test_every_bullets_list_is_covered(bullets: Path) -> None:
    assert sorted(p.name for p in bullets.glob("*.md")) == sorted(BULLETS)


@pytest.mark.parametrize("name", sorted(BULLETS))
def test_findings_on_the_bullets_corpus(bullets: Path, name: str) -> None:
    findings = _lint((bullets / name).read_bytes(), name)
    assert dict(Counter(_kind(f) for f in findings)) == BULLETS[name], "\n".join(
        f"{f.line}:{f.column} {f.message}" for f in findings
    )


def test_no_period_convention_where_most_items_keep_none(bullets: Path) -> None:
    """awesome-lint reports 743 items of awesome-rust for their missing period: most of its items end
    without one by choice, so entry-shape says nothing of periods there."""
    findings = _lint((bullets / "rust-unofficial__awesome-rust__README.md").read_bytes(), "rust.md")
    assert not [f for f in findings if _kind(f) == "period"]


def test_the_em_dashes_among_hyphens_are_found(corpus: Path) -> None:
    """The 18 items of Awesome-LLM that use ' — ' where the document's others use ' - ' (issue 23)."""
    name = "Hannibal046__Awesome-LLM__README.md"
    findings = [f for f in _lint((corpus / name).read_bytes(), name) if _kind(f) == "separator"]
    dashes = [f for f in findings if f.message.startswith("separator ' — '")]
    assert len(dashes) == 18
    assert all("of 207 entries of the document use ' - '" in f.message for f in dashes)
    assert all(f.fix is not None for f in dashes)


def _normalised(html: str) -> str:
    """Rendered HTML up to what the fixes may change: a separator, a final period, a first letter's case."""
    return re.sub(r"\s*(?:--?|[–—:])\s*", " - ", html.replace(".", "")).casefold()


def _fixed(data: bytes, name: str) -> bytes:
    outcome = fix_bytes(data, name, Config(), RULES, TODAY)
    assert outcome.error is None
    return outcome.data


def _check_fix(before: str, after: str) -> int:
    """The rendered documents differ only by the intended edits, line for line; how many lines differ."""
    html0 = cmarkgfm.github_flavored_markdown_to_html(before).splitlines()
    html1 = cmarkgfm.github_flavored_markdown_to_html(after).splitlines()
    assert len(html0) == len(html1)
    changed = [(a, b) for a, b in zip(html0, html1, strict=True) if a != b]
    assert [(a, b) for a, b in changed if _normalised(a) != _normalised(b)] == []
    return len(changed)


@pytest.mark.parametrize("fixture", ["entry-shape-bad.md", "entry-shape-bad-suffix.md"])
def test_the_fixes_change_only_what_they_intend(fixture: str) -> None:
    data = (FIXTURES / "rules" / fixture).read_bytes()
    fixed = _fixed(data, fixture)
    assert _fixed(fixed, fixture) == fixed  # a second --fix changes nothing
    fixable = [f for f in _lint(data, fixture) if f.fix is not None]
    assert fixable and not [f for f in _lint(fixed, fixture) if f.fix is not None]
    assert _check_fix(data.decode(), fixed.decode()) == len({f.line for f in fixable})


def test_the_fixed_lines_of_the_bad_fixture() -> None:
    data = (FIXTURES / "rules" / "entry-shape-bad.md").read_text(encoding="utf-8")
    fixed = _fixed(data.encode(), "bad.md").decode()
    changed = [b for a, b in zip(data.splitlines(), fixed.splitlines(), strict=True) if a != b]
    assert changed == [
        "- [Beta](https://beta.example) - Formats things.",
        "- [Gamma](https://gamma.example) - Does gamma things.",
        "- [Delta](https://delta.example) - Lints things.",
        "- [Lambda](https://lambda.example) - Writes things.",
        "- [Mu](https://mu.example) - Builds things, see [the docs](https://mu.example/docs).",
        "  over two lines.",
        "- [One](https://one.example) - Library for one thing.",
        "- [Two](https://two.example) - Library for two things.",
    ]


@pytest.mark.parametrize(
    "name",
    [
        "avelino__awesome-go__README.md",
        "rust-unofficial__awesome-rust__README.md",
        "academic__awesome-datascience__README.md",
    ],
)
def test_the_fixes_on_real_lists_change_only_what_they_intend(bullets: Path, name: str) -> None:
    data = (bullets / name).read_bytes()
    fixed = _fixed(data, name)
    assert _fixed(fixed, name) == fixed
    assert _check_fix(data.decode(), fixed.decode()) > 0


def test_a_capital_is_not_forced_on_an_acronym_written_small() -> None:
    """'cli' opens a description where the document writes CLI more often than Cli: reported, not fixed
    (Cli would be wrong)."""
    lines = [f"- [T{i:02d}](https://t{i:02d}.example) - A CLI for thing {i}." for i in range(12)]
    lines += ["- [Cli](https://cli.example) - Does it.", "- [Low](https://low.example) - cli for things."]
    data = ("# L\n\n## Tools\n\n" + "\n".join(lines) + "\n").encode()
    found = [f for f in _lint(data, "l.md") if _kind(f) == "capital"]
    assert [(f.line, f.fix) for f in found] == [(18, None)]


def test_a_hyphen_without_spaces_is_a_word_not_a_separator() -> None:
    lines = [f"- [T{i:02d}](https://t{i:02d}.example) - Does thing {i}." for i in range(12)]
    lines += ["- [Go](https://go.example)-based tools for things.", "- [Hy](https://hy.example) -Does it."]
    data = ("# L\n\n## Tools\n\n" + "\n".join(lines) + "\n").encode()
    found = [(f.line, f.message.split(";")[0]) for f in _lint(data, "l.md")]
    assert found == [(18, "separator ' -'")]
