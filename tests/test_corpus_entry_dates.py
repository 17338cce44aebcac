"""date-format and arxiv-date on the entries of real lists of other forms (../shared/corpus/bullets: list
items, numbered entries, paragraph entries), offline. Every finding below was read by hand; a change in
a count is a new false alarm or a missed defect, and must be looked at."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from awesomelint.config import Config
from awesomelint.engine import lint_bytes
from awesomelint.rules import registry

from .conftest import CORPUS, TODAY

BULLETS = CORPUS / "bullets"
RULES = ("date-format", "arxiv-date")

#: per list, the findings of RULES (lists with none are listed too: a new finding there is a false alarm)
EXPECTED: dict[str, dict[str, int]] = {
    # [2023-03] twice among [2023/MM] dates; the Agents paper (arXiv 2309.07870) dated [2023/05] in four
    # sections
    "WooooDyy__LLM-Agent-Paper-List__README.md": {"date-format": 2, "arxiv-date": 4},
    "academic__awesome-datascience__README.md": {},
    # rStar-Math (arXiv 2501.04519, January 2025) marked Preprint'24
    "atfortes__Awesome-LLM-Reasoning__README.md": {"arxiv-date": 1},
    "avelino__awesome-go__README.md": {},
    "awesome-selfhosted__awesome-selfhosted__README.md": {},
    # '06 Jun 2022' (twice) and '04 Dec 2021' among unpadded days; four papers dated more than a month
    # before their identifier's month (Classifier-Free Guidance, 2207.12598, by its workshop's date)
    "hee9joon__Awesome-Diffusion-Models__README.md": {"date-format": 3, "arxiv-date": 4},
    "public-apis__public-apis__README.md": {},
    "rust-unofficial__awesome-rust__README.md": {},
    "sindresorhus__awesome-nodejs__README.md": {},
}


@pytest.fixture
def bullets(corpus: Path) -> Path:
    if not BULLETS.is_dir():
        pytest.skip(f"no corpus of lists of other forms at {BULLETS}")
    return BULLETS


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_entry_date_findings_per_list(bullets: Path, name: str) -> None:
    path = bullets / name
    if not path.exists():
        pytest.skip(f"{name} is not in the corpus")
    rules = [registry().get(r) for r in RULES]
    result = lint_bytes(path.read_bytes(), name, Config(), rules, today=TODAY)
    assert result.error is None
    counts = Counter(f.rule for f in result.findings)
    assert dict(counts) == EXPECTED[name], "\n".join(
        f"{f.line}:{f.column} {f.rule} {f.message}" for f in result.findings
    )


def test_the_real_case_of_a_paper_dated_before_its_identifier(bullets: Path) -> None:
    """WooooDyy dates the Agents paper [2023/05]; its arXiv identifier is 2309.07870."""
    name = "WooooDyy__LLM-Agent-Paper-List__README.md"
    result = lint_bytes(
        (bullets / name).read_bytes(), name, Config(), [registry().get("arxiv-date")], today=TODAY
    )
    assert [(f.line, f.column) for f in result.findings] == [(273, 4), (450, 4), (489, 4), (544, 4)]
    assert "arXiv 2309.07870 dates from September 2023: expected 2023/09 or later; found '2023/05'" in (
        result.findings[0].message
    )


def test_a_document_whose_entries_hold_dates_is_never_passed_over(corpus: Path) -> None:
    """``may_hold_dates`` (read without the entry model, so that a list without dates pays for none of it)
    is True wherever a group of entries outside Markdown tables has dates: on every entry fixture and
    every list of the corpus."""
    from awesomelint.document.analysis import analyse
    from awesomelint.document.entries import document_entries
    from awesomelint.document.entry_roles import may_hold_dates
    from awesomelint.document.parse import parse_document

    from .conftest import FIXTURES

    paths = [*sorted(corpus.glob("*.md")), *sorted(BULLETS.glob("*.md")), *sorted(FIXTURES.rglob("*.md"))]
    dated = 0
    for path in paths:
        doc = parse_document(path.read_text(encoding="utf-8"))
        groups = document_entries(doc, analyse(doc, today=TODAY)).groups
        has = any(g.kind != "table" and not g.skipped and g.scheme.date_format for g in groups)
        if has:
            dated += 1
            assert may_hold_dates(doc), path.name
        elif path.name == "avelino__awesome-go__README.md":
            assert not may_hold_dates(doc)  # 3,034 items, none dated: the rule builds no model
    assert dated >= 5
