"""malformed-list-item: the lines it reports are no list items for GitHub (cmark-gfm), and become one
with the space it asks for; the bullets corpus holds one, judged by hand."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from awesomelint.config import Config
from awesomelint.engine import lint_bytes
from awesomelint.rules import registry

from .conftest import FIXTURES, TODAY
from .gfm_oracle import gfm_items


def _reported(text: str) -> list[int]:
    rule = registry().get("malformed-list-item")
    assert rule is not None
    result = lint_bytes(text.encode(), "README.md", Config(), [rule], today=TODAY)
    return [f.line for f in result.findings]


@pytest.mark.parametrize("name", ["malformed-list-item-bad.md", "malformed-list-item-good.md"])
def test_a_reported_line_is_no_list_item_and_becomes_one_with_the_space(name: str) -> None:
    text = (FIXTURES / "rules" / name).read_text(encoding="utf-8")
    lines = _reported(text)
    assert bool(lines) == ("bad" in name)
    starts = {item.first for item in gfm_items(text)}
    for line in lines:
        assert line not in starts  # GitHub opens no <li> there: the marker is text
        rows = text.split("\n")
        raw = rows[line - 1]
        marker = re.match(r"[ >]*(?:[-*+]|[0-9]+[.)])", raw)
        assert marker is not None
        marker_end = marker.end()
        rows[line - 1] = raw[:marker_end] + " " + raw[marker_end:]
        assert line in {item.first for item in gfm_items("\n".join(rows))}  # with the space, it is one
        assert line not in _reported("\n".join(rows))


def test_the_glued_entry_of_awesome_go(corpus: Path) -> None:
    """The one such line of the corpora (read by hand: a Go audio library's entry written `-[voxrai-ai](…)`
    right under `- [PortAudio](…)`; GitHub shows it at the end of PortAudio's description)."""
    counts: dict[str, list[int]] = {}
    for path in sorted([*corpus.glob("*.md"), *(corpus / "bullets").glob("*.md")]):
        lines = _reported(path.read_text(encoding="utf-8"))
        if lines:
            counts[path.name] = lines
    if not counts and not (corpus / "bullets").exists():
        pytest.skip(f"{corpus / 'bullets'} is absent")
    assert counts == {"avelino__awesome-go__README.md": [270]}
