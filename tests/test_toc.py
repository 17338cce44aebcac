"""The table of contents (rule ``toc``): what --fix makes of a list, what it refuses, and what it finds on
the bullets corpus (judged by hand)."""

from __future__ import annotations

from pathlib import Path

import pytest

from awesomelint.config import Config
from awesomelint.engine import lint_bytes, selected_rules
from awesomelint.engine.buffer import Buffer, FixError
from awesomelint.engine.fix import fix_bytes
from awesomelint.findings import Fix

from .conftest import FIXTURES, TODAY


def _fix(text: str) -> str:
    config = Config()
    out = fix_bytes(text.encode(), "README.md", config, selected_rules(config), TODAY)
    assert out.error is None, out.error
    again = fix_bytes(out.data, "README.md", config, selected_rules(config), TODAY)
    assert again.data == out.data and again.passes == 0  # a second --fix changes nothing
    return out.data.decode()


def test_fix_adds_missing_headings_in_the_list_style_and_orders_the_entries() -> None:
    fixed = _fix((FIXTURES / "rules" / "toc-bad.md").read_text(encoding="utf-8"))
    start = fixed.index("- [Books]")
    assert fixed[start:].split("\n\n", 1)[0].splitlines() == [
        "- [Books](#-books)",  # renamed: the one missing heading that resembles #books; then moved
        "- [📦 Tools](#-tools)",
        "  - [Editors](#editors)",
        "  - [Shells](#shells)",
        "  - [Terminals](#terminals)",  # added in the nested list's style
        "- [Talks](#talks)",  # added after the entry of the heading above it
        "- [Old Talks](#old-talks-and-slides)",  # leads nowhere: left for a person (reported)
        "- [Videos](#videos)",
        "- [Podcasts](#podcasts)",
        "- [Papers](#papers)",
        "- [Back to top](#awesome-things)",  # a back-link keeps its place
    ]


def test_numbered_entries_are_renumbered_and_emoji_kept_out_of_the_text() -> None:
    text = (
        "# T\n\n## Contents\n\n1. [Alpha](#-alpha)\n2. [Gamma](#-gamma)\n3. [Beta](#-beta)\n\n"
        "## 🅰 Alpha\n\n## 🅱 Beta\n\n## 🌐 Delta\n\n## 🎲 Gamma\n"
    )
    fixed = _fix(text)
    assert "1. [Alpha](#-alpha)\n2. [Beta](#-beta)\n3. [Delta](#-delta)\n4. [Gamma](#-gamma)\n" in fixed


def test_a_list_without_a_common_style_is_reported_not_rewritten() -> None:
    text = "# T\n\n## Contents\n\n- [Alpha](#alpha) - first\n- **[Beta](#beta)**\n\n## Alpha\n\n## Beta\n\n## Gamma\n"
    result = lint_bytes(text.encode(), "README.md", Config(), today=TODAY)
    found = [(f.line, f.rule, f.fixable) for f in result.findings]
    assert found == [(12, "toc", False)]


def test_a_toc_entry_that_leads_nowhere_is_reported_once() -> None:
    """By toc, not by broken-anchor too; a list whose links mostly lead nowhere is no table of contents
    (broken-anchor reports its links)."""
    text = "# T\n\n## Contents\n\n- [Alpha](#alpha)\n- [Beta](#bet)\n- [Gamma](#gamma)\n- [No](#nowhere)\n\n"
    text += "## Alpha\n\n## Beta\n\n## Gamma\n"
    result = lint_bytes(text.encode(), "README.md", Config(), today=TODAY)
    assert [(f.line, f.rule, f.severity) for f in result.findings] == [
        (6, "toc", "error"),
        (8, "toc", "error"),
    ]
    assert "expected #beta (the heading at line 12); found #bet" in result.findings[0].message
    mostly_broken = text.replace("(#alpha)", "(#alfa)")
    result = lint_bytes(mostly_broken.encode(), "README.md", Config(), today=TODAY)
    assert {f.rule for f in result.findings} == {"broken-anchor"}


@pytest.mark.parametrize("how", ["ignore", "off", "select"])
def test_without_the_toc_rule_broken_anchor_reports_the_toc_entry(how: str) -> None:
    """A table of contents' link that leads nowhere is left to toc only when toc runs: deselected,
    ignored or turned off, broken-anchor reports it (in a lint and in the report of --fix, which lints with
    the fixing rules and the others apart)."""
    text = "# T\n\n## Contents\n\n- [Alpha](#alpha)\n- [Beta](#bet)\n- [Gamma](#gamma)\n\n"
    text += "## Alpha\n\n## Beta\n\n## Gamma\n\nSee [x](https://github.comacme/repo).\n"
    if how == "ignore":
        config = Config(ignore=["toc"])
    elif how == "off":
        config = Config(severity={"toc": "off"})
    else:
        config = Config(select=["broken-anchor", "malformed-link"])
    rules = selected_rules(config)
    assert "toc" not in {r.name for r in rules}
    result = lint_bytes(text.encode(), "README.md", config, rules, today=TODAY)
    assert [(f.line, f.rule) for f in result.findings if f.rule != "malformed-link"] == [(6, "broken-anchor")]
    fixed = fix_bytes(text.encode(), "README.md", config, rules, TODAY)
    assert fixed.error is None and fixed.passes == 1  # malformed-link fixed the glued host: a pass ran
    assert [(f.line, f.rule) for f in fixed.result.findings] == [(6, "broken-anchor")]
    # with toc run, it is toc's alone (and its fix names the heading)
    result = lint_bytes(text.encode(), "README.md", Config(), today=TODAY)
    assert [(f.line, f.rule) for f in result.findings if f.rule != "malformed-link"] == [(6, "toc")]
    fixed = fix_bytes(text.encode(), "README.md", Config(), selected_rules(Config()), TODAY)
    assert "- [Beta](#beta)" in fixed.data.decode() and not fixed.result.findings


def test_a_toc_fix_that_would_lose_a_line_is_refused() -> None:
    buf = Buffer.from_bytes(b"- [A](#a)\n- [B](#b)\n")
    with pytest.raises(FixError, match="would be lost"):
        buf.apply(Fix(line=1, end_line=2, replacement=["- [A](#a)", "- [C](#c)"], kind="toc"), {})


#: findings of ``toc`` on each list of the bullets corpus, each read by hand: datascience's table of
#: contents lacks 'Real World' (a level-2 section it lists the siblings of) and 'Three kinds of Machine
#: Learning Systems' (a subsection of Algorithms, whose other subsections it lists); every other list's
#: table of contents is complete and in order, or it has none (atfortes, public-apis' index reaches
#: every heading)
BULLETS = {
    "WooooDyy__LLM-Agent-Paper-List__README.md": 0,
    "academic__awesome-datascience__README.md": 2,
    "atfortes__Awesome-LLM-Reasoning__README.md": 0,
    "avelino__awesome-go__README.md": 0,
    "awesome-selfhosted__awesome-selfhosted__README.md": 0,
    "hee9joon__Awesome-Diffusion-Models__README.md": 0,
    "public-apis__public-apis__README.md": 0,
    "rust-unofficial__awesome-rust__README.md": 0,
    "sindresorhus__awesome-nodejs__README.md": 0,
}


@pytest.mark.parametrize("name", sorted(BULLETS))
def test_findings_on_the_bullets_corpus(corpus: Path, name: str) -> None:
    path = corpus / "bullets" / name
    if not path.exists():
        pytest.skip(f"{path} is absent")
    config = Config()
    result = lint_bytes(path.read_bytes(), str(path), config, today=TODAY)
    assert len([f for f in result.findings if f.rule == "toc"]) == BULLETS[name]
    assert not [f for f in result.findings if f.rule == "broken-anchor"]
