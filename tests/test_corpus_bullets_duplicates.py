"""duplicate-entry and badge-url on the lists of ../shared/corpus/bullets (list items, paragraph entries):
every finding, read by hand and judged true, pinned where it stands. A change is a new false alarm or a
missed defect, and must be looked at.

What was judged (see the hand-back of issue 22 §3): awesome-rust lists xilem twice in its GUI section
(1976 and 1996, the second with another description); its other repeats are the same crate under two
category items of a section (``* HTTP Client`` / ``* HTTP Server``: hyper, wtx, rama; ``* NoSQL`` /
``* OGM``: Aragog) or in two sections, on purpose, and are not reported at the default scope. In the paper
lists, a paper listed twice (hee9joon: the same arXiv id under one heading, five of them copies) or two
papers under one arXiv id (WooooDyy: FireAct's entry carries Voyager's link; hee9joon: Dif-Fusion's carries
RainDiffusion's). In awesome-datascience, one book twice, a blog twice (another case), a book and a site
under two names of one address, and three links copied from the entry above (t-SNE's to PCA's anchor,
a Julia book's to another, a YouTube channel's to another). public-apis links Markestack to Mediastack.
Left alone as true non-findings: nested items that name a section of their parent's page (scikit-learn's
``#k-means`` under ``#clustering``), two models of one maker that link its home or organisation page
(``llama.meta.com``, ``huggingface.co/baichuan-inc``).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from awesomelint.config import Config
from awesomelint.engine import lint_bytes
from awesomelint.rules import registry

from .conftest import CORPUS, CORPUS_SKIP, TODAY

BULLETS = CORPUS / "bullets"

EXPECTED: dict[str, list[tuple[int, str]]] = {
    "WooooDyy__LLM-Agent-Paper-List__README.md": [(286, "duplicate-entry"), (454, "duplicate-entry")],
    "academic__awesome-datascience__README.md": [
        (271, "duplicate-entry"),
        (608, "duplicate-entry"),
        (627, "duplicate-entry"),
        (636, "duplicate-entry"),
        (724, "duplicate-entry"),
        (829, "duplicate-entry"),
        (1027, "duplicate-entry"),
    ],
    "atfortes__Awesome-LLM-Reasoning__README.md": [],
    "avelino__awesome-go__README.md": [],
    "awesome-selfhosted__awesome-selfhosted__README.md": [],
    "hee9joon__Awesome-Diffusion-Models__README.md": [
        (2801, "duplicate-entry"),
        (4228, "duplicate-entry"),
        (6298, "duplicate-entry"),
        (8735, "duplicate-entry"),
        (11594, "duplicate-entry"),
        (11708, "duplicate-entry"),
        (11731, "duplicate-entry"),
    ],
    "public-apis__public-apis__README.md": [(17, "duplicate-entry")],
    "rust-unofficial__awesome-rust__README.md": [
        (318, "badge-url"),
        (915, "badge-url"),
        (1994, "badge-url"),
        (1996, "duplicate-entry"),
        (2081, "badge-url"),
    ],
    "sindresorhus__awesome-nodejs__README.md": [],
}

RULES = [registry().get("duplicate-entry"), registry().get("badge-url")]


@pytest.fixture
def bullets() -> Path:
    if not BULLETS.is_dir():
        pytest.skip(CORPUS_SKIP)
    return BULLETS


def test_every_bullets_list_is_covered(bullets: Path) -> None:
    assert sorted(p.name for p in bullets.glob("*.md")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_duplicates_and_badges_on_a_bullets_list(bullets: Path, name: str) -> None:
    result = lint_bytes((bullets / name).read_bytes(), name, Config(), RULES, today=TODAY)  # type: ignore[arg-type]
    assert result.error is None
    got = [(f.line, f.rule) for f in result.findings]
    assert got == EXPECTED[name], "\n".join(
        f"{f.line}:{f.column} {f.rule} {f.message}" for f in result.findings
    )


def test_the_crate_twice_in_one_section_of_awesome_rust(bullets: Path) -> None:
    name = "rust-unofficial__awesome-rust__README.md"
    result = lint_bytes((bullets / name).read_bytes(), name, Config(), RULES[:1], today=TODAY)  # type: ignore[arg-type]
    [xilem] = result.findings
    assert (xilem.line, xilem.message) == (1996, "duplicate entry: same link as line 1976")
    lines = (bullets / name).read_text(encoding="utf-8").splitlines()
    assert (
        "[linebender/xilem]" in lines[1975] and "[xilem](https://github.com/linebender/xilem)" in lines[1995]
    )
