"""Every rule against fixture files whose expected findings are written inside them.

A fixture starts with an HTML comment:

    <!--
    expect:
      13:1 column-count "substring of the message"
    -->

(or ``expect: none``). The findings must match exactly: same lines, columns and rules, and each message
must contain its quoted text. A ``.toml`` file of the same name holds the fixture's config.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from awesomelint.config import Config, validate_config
from awesomelint.engine import lint_bytes
from awesomelint.rules import registry

from .conftest import FIXTURES, TODAY

RULE_FIXTURES = sorted((FIXTURES / "rules").glob("*.md"))
_EXPECT = re.compile(r'^\s*(\d+):(\d+)\s+([a-z-]+)(?:\s+"(.*)")?\s*$')


def parse_expectations(text: str) -> list[tuple[int, int, str, str | None]]:
    header = text.split("-->", 1)[0]
    assert "expect:" in header, "fixture must start with an expect: comment"
    body = header.split("expect:", 1)[1]
    if body.strip() == "none":
        return []
    out = []
    for line in body.strip().splitlines():
        m = _EXPECT.match(line)
        assert m, f"bad expectation line: {line!r}"
        out.append((int(m.group(1)), int(m.group(2)), m.group(3), m.group(4)))
    return out


def fixture_config(path: Path) -> Config:
    toml = path.with_suffix(".toml")
    if toml.exists():
        return validate_config(tomllib.loads(toml.read_text()), str(toml))
    return Config()


@pytest.mark.parametrize("path", RULE_FIXTURES, ids=lambda p: p.stem)
def test_fixture(path: Path) -> None:
    expected = parse_expectations(path.read_text(encoding="utf-8"))
    result = lint_bytes(path.read_bytes(), str(path), fixture_config(path), today=TODAY)
    assert result.error is None
    got = [(f.line, f.column, f.rule) for f in result.findings]
    assert got == [(line, col, rule) for line, col, rule, _ in expected], "\n".join(
        f"{f.line}:{f.column} {f.rule} {f.message}" for f in result.findings
    )
    for finding, (_, _, _, text) in zip(result.findings, expected, strict=True):
        if text:
            assert text in finding.message, finding.message


def test_every_offline_rule_has_good_and_bad_fixtures() -> None:
    names = {p.stem for p in RULE_FIXTURES}
    for rule in registry().rules:
        if rule.online or (rule.reads_repository and rule.name != "missing-file"):
            continue  # the awesome profile's repository rules: a real repository in tests/test_awesome.py
        assert any(n.startswith(rule.name + "-") and "bad" in n for n in names), (
            f"no bad fixture for {rule.name}"
        )
        if rule.name != "unclosed-code-fence":
            assert any(n.startswith(rule.name + "-") and "good" in n for n in names), (
                f"no good fixture for {rule.name}"
            )


def test_registry_names_and_codes_are_stable_and_documented() -> None:
    seen_codes = set()
    for rule in registry().rules:
        assert re.fullmatch(r"[a-z]+(-[a-z]+)*", rule.name)
        assert re.fullmatch(r"AL\d{3}", rule.code)
        assert rule.code not in seen_codes
        seen_codes.add(rule.code)
        assert rule.severity in ("error", "warning")
        for part in (rule.summary, rule.what, rule.why, rule.example, rule.fixed):
            assert part.strip()


def test_the_code_page_characters_are_what_the_code_pages_give() -> None:
    """rules/_codepages.py holds, as literals, what UTF-8's bytes become in the code pages ftfy undoes
    (so that a run decodes nothing); made again here from the codecs."""
    from awesomelint.rules import _codepages

    pages = (
        "latin-1",
        "cp1252",
        "cp1251",
        "cp1250",
        "cp1253",
        "cp1254",
        "cp1257",
        "iso8859-2",
        "mac-roman",
        "cp437",
    )
    c1 = "".join(chr(c) for c in range(0x80, 0xA0))

    def decoded(first: int, last: int) -> str:
        chars: set[str] = set()
        for page in pages:
            chars.update(bytes(range(first, last + 1)).decode(page, errors="ignore"))
        return "".join(sorted(chars))

    assert decoded(0xC2, 0xF4) == _codepages.LEAD
    assert decoded(0x80, 0xBF) + c1 == _codepages.CONT
    assert decoded(0x80, 0xFF) + c1 == _codepages.ANY


def test_the_findings_of_suppression_comments_cover_the_comment() -> None:
    """The engine reports a suppression comment's findings through the same contract as the rules: each
    has a range, the comment from its ``<!--`` to its ``-->``."""
    config = validate_config({"extend-select": ["unused-suppression"]}, "t.toml")
    got = []
    for comment in (
        "<!-- awesomelint-disable-line colum-count -->",
        "<!-- awesomelint-disable-line AL101 -->",
    ):
        line = f"Some text {comment} and more."
        result = lint_bytes(f"# L\n\n{line}\n".encode(), "R.md", config, today=TODAY)
        start = line.index(comment) + 1
        assert [(f.line, f.column, f.end_line, f.end_column) for f in result.findings] == [
            (3, start, 3, start + len(comment))
        ]
        got += [f.rule for f in result.findings]
    assert got == ["invalid-suppression", "unused-suppression"]
