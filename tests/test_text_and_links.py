"""broken-anchor, empty-link, arxiv-date and mojibake beyond their fixtures: GitHub's slug rules, the
mojibake fix, the check without ftfy, ftfy's lazy import, and what the rules find in real lists."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest

from awesomelint.config import Config
from awesomelint.document.anchors import document_anchors, rendered_text, slugify
from awesomelint.document.parse import parse_document
from awesomelint.engine import lint_bytes
from awesomelint.findings import Finding
from awesomelint.rules import registry
from awesomelint.rules.arxiv import earliest_submission

from .conftest import FIXTURES, TODAY

RULES = FIXTURES / "rules"
MOJIBAKE_LIST = "DefTruth__Awesome-LLM-Inference__README@2024-09-mojibake.md"


def lint(data: bytes, *rules: str) -> list[Finding]:
    chosen = [registry().get(r) for r in rules]
    assert all(chosen)
    result = lint_bytes(data, "t.md", Config(), chosen, today=TODAY)  # type: ignore[arg-type]
    assert result.error is None
    return result.findings


def apply_fixes(text: str, findings: list[Finding]) -> str:
    """Apply the findings' fixes (line replacements), the way a --fix would."""
    lines = text.split("\n")
    fixes = sorted((f.fix for f in findings if f.fix is not None), key=lambda fx: fx.line, reverse=True)
    for fix in fixes:
        lines[fix.line - 1 : fix.end_line] = fix.replacement
    return "\n".join(lines)


# --- broken-anchor ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Awesome-LLM ", "awesome-llm-"),  # the space before a trailing badge stays
        ("📖LLM Train/Inference Framework/Design", "llm-traininference-frameworkdesign"),
        ("©️Citations", "\ufe0fcitations"),  # © is a symbol (dropped), U+FE0F a mark (kept)
        ("🧑\u200d🎓Author", "author"),  # the joiner is a format character (dropped)
        ("中文 模型", "中文-模型"),
        ("C++ & Rust_lang 2.0", "c--rust_lang-20"),
        ("Ünïcödé Straße", "ünïcödé-straße"),
        ("①②③ steps", "-steps"),  # other numbers are dropped
        ("Ⅻ Roman", "ⅻ-roman"),  # letter numbers are kept
        ("tab\tand\u00a0nbsp", "tabandnbsp"),  # only U+0020 becomes a dash
    ],
)
def test_slugify_follows_github(text: str, slug: str) -> None:
    assert slugify(text) == slug


@pytest.mark.parametrize(
    ("markdown", "text"),
    [
        ("The `vLLM` **engine** [docs](https://docs.vllm.ai) _v2_", "The vLLM engine docs v2"),
        ("Awesome-LLM [![Awesome](https://awesome.re/badge.svg)](https://awesome.re)", "Awesome-LLM "),
        ("A &amp; B &#x1F4D6;", "A & B 📖"),
        ('<img src="logo.png"> Title<sup>1</sup>', " Title1"),
        ("Plain title", "Plain title"),
    ],
)
def test_heading_text_is_the_rendered_text(markdown: str, text: str) -> None:
    assert rendered_text(markdown) == text


def test_repeated_headings_get_numbered_anchors_in_document_order() -> None:
    doc = parse_document("## Other\n\n<h2>Other</h2>\n\n### Other\n\n## Other!\n", "t.md")
    slugs = [a.slug for a in document_anchors(doc) if a.source == "heading"]
    assert slugs[0] == "other"
    assert "other-1" in slugs and "other-2" in slugs and "other-3" in slugs


def test_anchor_matching_ignores_case_and_percent_encoding() -> None:
    text = "## Base-LLM\n\n## 中文 模型\n\n[a](#BASE-llm) [b](#%E4%B8%AD%E6%96%87-%E6%A8%A1%E5%9E%8B)\n"
    assert lint(text.encode(), "broken-anchor") == []
    bad = lint(b"## Base-LLM\n\n[a](#base-llms)\n", "broken-anchor")
    assert [(f.line, f.column) for f in bad] == [(3, 5)]
    assert "expected #base-llm (the heading at line 1); found #base-llms" in bad[0].message


def test_invisible_characters_of_a_suggested_anchor_are_shown_percent_encoded() -> None:
    (finding,) = lint("## ©️Citations\n\n[cite](#citations)\n".encode(), "broken-anchor")
    assert "expected #%EF%B8%8Fcitations (the heading at line 1); found #citations" in finding.message


def test_ids_inside_code_and_outside_tags_are_not_anchors() -> None:
    text = '```html\n<div id="a"></div>\n```\n\nid="b" is prose, `<a name="c">` is code.\n\n[a](#a) [b](#b) [c](#c)\n'
    assert [f.column for f in lint(text.encode(), "broken-anchor")] == [5, 13, 21]


# --- empty-link --------------------------------------------------------------------------------------


def test_badge_wrapped_in_an_empty_link_is_not_reported_but_a_text_link_is() -> None:
    text = "[![b](https://img.shields.io/badge/a-b-blue)]() [docs]() [![b](https://x/y.svg) docs]()\n"
    assert [f.column for f in lint(text.encode(), "empty-link")] == [49, 58]


# --- arxiv-date -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("identifier", "earliest"),
    [
        ("2401.04658", dt.date(2024, 1, 1)),
        ("2407.02501", dt.date(2024, 7, 1)),
        ("2407.02500", dt.date(2024, 6, 1)),  # numbered early: perhaps submitted in June
        ("2407.00079", dt.date(2024, 6, 1)),  # Mooncake, submitted in June 2024
        ("2401.00001", dt.date(2023, 12, 1)),
        ("1412.0999", dt.date(2014, 11, 1)),
        ("1412.1001", dt.date(2014, 12, 1)),
        ("hep-th/9901001", None),
        ("2413.00001", None),
    ],
)
def test_earliest_submission(identifier: str, earliest: dt.date | None) -> None:
    assert earliest_submission(identifier) == earliest


def test_the_floor_of_a_paper_is_the_first_of_a_month_before_its_identifier_s() -> None:
    """arXiv-date compares an entry's date with the first day of the month its identifier encodes, a month
    earlier for a paper numbered early in its month, and offline in a list of days a month earlier
    still (``rules.arxiv._first_day``): the months counted back as the calendar does, across a year."""
    from awesomelint.rules.arxiv import _first_day

    for yymm in [f"{y:02d}{m:02d}" for y in (7, 15, 23, 24) for m in range(1, 13)]:
        for number in ("00001", "02500", "02501", "0999", "1000", "1001", "9999"):
            identifier = f"{yymm}.{number}"
            start = earliest_submission(identifier)
            assert start is not None, identifier
            assert _first_day(identifier, 0) == (start.year, start.month, start.day)
            before = (start - dt.timedelta(days=1)).replace(day=1)  # the month before, by the calendar
            assert _first_day(identifier, 1) == (before.year, before.month, 1), identifier
    assert _first_day("2401.00001", 1) == (2023, 11, 1)
    assert _first_day("hep-th/9901001", 1) is None


def test_model_tables_are_not_checked() -> None:
    """A model is released before its technical report: only tables of papers are checked."""
    models = (
        "|模型|时间|文献|\n|---|---|---|\n|ChiMed-GPT|2023-10|[paper](https://arxiv.org/abs/2311.06025)|\n"
        "|Mixtral|2023-12|[paper](https://arxiv.org/abs/2401.04088)|\n"
    )
    assert lint(models.encode(), "arxiv-date") == []
    papers = models.replace("模型", "Title")
    assert [f.line for f in lint(papers.encode(), "arxiv-date")] == [3, 4]


# --- mojibake ----------------------------------------------------------------------------------------


def test_mojibake_fix_restores_the_lines_and_relints_clean() -> None:
    path = RULES / "mojibake-bad.md"
    text = path.read_text(encoding="utf-8")
    findings = lint(text.encode(), "mojibake")
    fixable = {f.line for f in findings if f.fix is not None}
    assert fixable == {13, 14, 16, 17, 24}  # lines 15, 21, 22 lost bytes: no fix
    fixed = apply_fixes(text, findings)
    lines = fixed.split("\n")
    assert lines[12] == "## 📒Introduction"
    assert lines[13] == "It’s a list of cafés."
    assert lines[15] == "привет мир"
    assert lines[16] == "Double: ’ twice."
    garbled_book = "📖".encode().decode("cp1252", errors="ignore")
    assert lines[23] == f"Shown as code, `{garbled_book}` is left alone; garbled here: 📖"
    again = lint(fixed.encode(), "mojibake")
    assert {f.line for f in again} == {f.line for f in findings} - fixable


def test_without_ftfy_the_rule_says_so_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "ftfy", None)  # `import ftfy` now raises ImportError
    findings = lint((RULES / "mojibake-bad.md").read_bytes(), "mojibake")
    assert [(f.line, f.column, f.severity) for f in findings] == [(13, 4, "warning")]
    assert "needs ftfy, which is not installed: pip install 'awesomelint[text]'" in findings[0].message


def test_ftfy_is_imported_only_for_text_that_looks_garbled() -> None:
    code = (
        "import sys\nfrom awesomelint.engine import lint_bytes\n"
        "for name in sys.argv[1:]:\n"
        "    lint_bytes(open(name, 'rb').read(), name)\n"
        "    print(name.rsplit('/', 1)[-1], 'ftfy' in sys.modules)\n"
    )
    files = [RULES / "empty-link-good.md", RULES / "broken-anchor-good.md", RULES / "mojibake-bad.md"]
    res = subprocess.run(
        [sys.executable, "-c", code, *map(str, files)], capture_output=True, text=True, check=True
    )
    assert res.stdout.split("\n")[:3] == [
        "empty-link-good.md False",
        "broken-anchor-good.md False",
        "mojibake-bad.md True",
    ]


# --- the corpus ----------------------------------------------------------------------------------------


def test_mojibake_list_is_reported_line_by_line_and_nothing_else(corpus: Path) -> None:
    data = (corpus / MOJIBAKE_LIST).read_bytes()
    text = data.decode("utf-8")
    doc = parse_document(text, MOJIBAKE_LIST)
    code = {n for b in doc.code_blocks for n in range(b.line, b.end_line + 1)}
    garbled = {n for n, line in enumerate(doc.lines, 1) if not line.isascii() and n not in code}
    findings = lint(data, "mojibake")
    assert {f.line for f in findings} == garbled and len(findings) == len(garbled) == 288
    fixable = [f for f in findings if f.fix is not None]
    assert len(fixable) == 21
    assert all("UTF-8 read as Windows-1254" in f.message for f in findings)
    again = lint(apply_fixes(text, findings).encode(), "mojibake")
    assert len(again) == 288 - 21 and not {f.line for f in again} & {f.line for f in fixable}
    for name in sorted(p.name for p in corpus.glob("*.md")):
        if name != MOJIBAKE_LIST:
            assert lint((corpus / name).read_bytes(), "mojibake") == [], name


def test_broken_anchors_and_empty_links_found_in_real_lists(corpus: Path) -> None:
    def found(name: str, rule: str) -> list[tuple[int, int, str]]:
        return [(f.line, f.column, f.message) for f in lint((corpus / name).read_bytes(), rule)]

    # entries of a table of contents: toc reports them, broken-anchor leaves them (reported once)
    ((line, col, msg),) = found("horseee__Awesome-Efficient-LLM__README.md", "toc")
    assert (line, col) == (44, 21) and "expected #efficient-moe (the heading at line 203)" in msg
    ydyjya = found("ydyjya__Awesome-LLM-Safety__README.md", "toc")
    assert [
        m for m in ydyjya if (m[0], m[1]) == (92, 24) and "no heading or HTML id gives #-scholars-" in m[2]
    ]
    horseee = (corpus / "horseee__Awesome-Efficient-LLM__README.md").read_bytes()
    for name in ("horseee__Awesome-Efficient-LLM__README.md", "ydyjya__Awesome-LLM-Safety__README.md"):
        both = lint((corpus / name).read_bytes(), "broken-anchor", "toc")
        assert both and {f.rule for f in both} == {"toc"}
    # without toc in the run, broken-anchor reports the same entry itself
    assert [(f.line, f.column) for f in lint(horseee, "broken-anchor")] == [(44, 21)]
    # the DefTruth/xlite tables of contents point at <div id="..."> and are all valid
    for name in ("DefTruth__Awesome-LLM-Inference__README.md", "xlite-dev__Awesome-LLM-Inference__README.md"):
        assert found(name, "broken-anchor") == []
    assert [(m[0], m[1]) for m in found("DefTruth__Awesome-LLM-Inference__README.md", "empty-link")] == [
        (116, 168)
    ]
    assert [
        m[:2] for m in found("lonePatient__awesome-pretrained-chinese-nlp-models__README.md", "empty-link")
    ] == [(201, 3)]
    assert found("horseee__Awesome-Efficient-LLM__README.md", "empty-link") == []  # 47 badges in empty links


def test_arxiv_dates_and_retitled_links_in_real_lists(corpus: Path) -> None:
    xlite = (corpus / "xlite-dev__Awesome-LLM-Inference__README.md").read_bytes()
    lightning = [f for f in lint(xlite, "arxiv-date") if f.line == 388]
    assert len(lightning) == 1
    assert "arXiv 2401.04658 dates from January 2024: expected 2024.01 or later; found '2023.07'" in (
        lightning[0].message
    )
    deftruth = (corpus / "DefTruth__Awesome-LLM-Inference__README.md").read_bytes()
    dups = {f.line: f.message for f in lint(deftruth, "duplicate-entry")}
    assert "same link as line 414, titled '🔥[**Parallel Decoding**] Exploring" in dups[415]
    assert "one of the two links is probably wrong" in dups[415]
