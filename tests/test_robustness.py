"""The parser and every rule survive arbitrary input: findings or a clear error, never a traceback."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from awesomelint.config import Config
from awesomelint.engine import lint_bytes
from awesomelint.rules import registry

from .conftest import TODAY

ALL_OFFLINE = [r for r in registry().rules if not r.online]

_cell = st.one_of(
    st.text(max_size=12),
    st.sampled_from(
        [
            "2024.05",
            "2024-13",
            "24.01",
            "Jan 2024",
            "**2023**",
            "-",
            "[[pdf]](https://arxiv.org/abs/2405.04434)",
            "![](https://img.shields.io/github/stars/o/r.svg)",
            "[x](#anchor)",
            "`a|b`",
            "\\|",
            "<!-- c -->",
            "[![b](https://img.shields.io/github/forks/)](https://github.com/a/b)",
            "[]()",
            "🔥",
            "表格",
            "\t",
        ]
    ),
)
_row = st.lists(_cell, max_size=7).map(lambda cells: "|" + "|".join(cells) + "|")
_line = st.one_of(
    _row,
    st.sampled_from(
        [
            "|---|---|",
            "|:-:|--:|",
            "---",
            "```",
            "~~~",
            "# Head",
            "## Sub",
            "> quote",
            "- item",
            "<!-- awesomelint-disable -->",
            "<!-- awesomelint-enable AL101 -->",
            "<div id='x'>",
            "",
            "    code",
        ]
    ),
    st.text(max_size=40),
)
_doc = st.lists(_line, max_size=40).map("\n".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_doc, st.sampled_from(["\n", "\r\n", "\r"]), st.booleans())
def test_markdown_like_text_never_crashes(text: str, newline: str, bom: bool) -> None:
    data = (("\ufeff" if bom else "") + text.replace("\n", newline)).encode("utf-8", errors="surrogatepass")
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return
    result = lint_bytes(data, "fuzz.md", Config(), ALL_OFFLINE, today=TODAY)
    if "\x00" in text:  # NUL bytes: a binary file (or UTF-16), reported as such
        assert result.error is None or "binary" in result.error or "UTF-16" in result.error
        return
    assert result.error is None
    for f in result.findings:
        assert f.line >= 1 and f.column >= 1 and f.message


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=400))
def test_arbitrary_bytes_give_findings_or_a_clear_error(data: bytes) -> None:
    result = lint_bytes(data, "fuzz.md", Config(), ALL_OFFLINE, today=TODAY)
    assert result.error is None or result.error.strip()


def test_pathological_inputs() -> None:
    cases = [
        b"[" * 20000,
        b"(" * 20000,
        b"|" * 20000 + b"\n" + b"|-" * 10000 + b"\n",
        b"`" * 5000 + b"a" + b"`" * 4999,
        b"> " * 500 + b"|a|\n" + b"> " * 500 + b"|-|\n",
        b"- " * 500 + b"x\n",
        b"[a](" + b"(" * 5000 + b")",
        b"<!--" + b"x" * 10000,
        ("|" + "|".join(["x"] * 3000) + "|\n|" + "|".join(["-"] * 3000) + "|\n").encode() + b"|1|\n" * 100,
        b"|" + b"[" * 20000 + b"|\n|-|\n|" + b"[a]" * 5000 + b"|\n",
        b"|a|\n|-|\n|" + b"` " * 10000 + b"|\n",
    ]
    for data in cases:
        result = lint_bytes(data, "p.md", Config(), ALL_OFFLINE, today=TODAY)
        assert result.error is None
