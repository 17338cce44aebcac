"""Property: on generated lists with shuffled dates, mixed date formats and duplicate rows, --fix leaves
no fixable finding, loses no entry, keeps every entry's date, keeps the encoding, and is idempotent."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from awesomelint.commands.export import entries
from awesomelint.config import Config
from awesomelint.document.analysis import analyse
from awesomelint.document.parse import parse_bytes
from awesomelint.engine import selected_rules
from awesomelint.engine.buffer import Buffer
from awesomelint.engine.fix import fix_bytes

from .conftest import TODAY

RULES = selected_rules(Config())
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
# unambiguous other spellings of a YYYY.MM date: the fixer may rewrite them
OTHER_SPELLINGS = [
    lambda y, m: f"{y}-{m:02d}",
    lambda y, m: f"{y}/{m:02d}",
    lambda y, m: f"{MONTHS[m - 1]} {y}",
]


@dataclass(frozen=True)
class Item:
    table: int
    title: str
    year: int
    month: int


@st.composite
def lists(draw: st.DrawFn) -> tuple[bytes, list[Item]]:
    n_tables = draw(st.integers(1, 3))
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    bom = draw(st.booleans())
    final = draw(st.booleans())
    lines = ["# Awesome generated list", ""]
    items: list[Item] = []
    counter = 0
    for t in range(n_tables):
        n = draw(st.integers(3, 12))
        months = sorted(draw(st.lists(st.integers(0, 47), min_size=n, max_size=n)))
        if draw(st.booleans()):
            months.reverse()
        rows: list[tuple[Item, str]] = []
        for value in months:
            counter += 1
            item = Item(t, f"Paper {counter}", 2021 + value // 12, value % 12 + 1)
            items.append(item)
            rows.append((item, f"[[pdf]](https://arxiv.org/abs/2301.{counter:05d})"))
        # shuffle a little: a few rows moved elsewhere
        for _ in range(draw(st.integers(0, 2))):
            i, j = draw(st.integers(0, len(rows) - 1)), draw(st.integers(0, len(rows) - 1))
            rows.insert(j, rows.pop(i))
        # exact duplicates (only their spacing may differ), placed anywhere after the original
        for _ in range(draw(st.integers(0, 2))):
            i = draw(st.integers(0, len(rows) - 1))
            j = draw(st.integers(i + 1, len(rows)))
            rows.insert(j, rows[i])
        lines += [f"## Section {t}", "", "|Date|Title|Paper|", "|---|---|---|"]
        spaced = draw(st.lists(st.booleans(), min_size=len(rows), max_size=len(rows)))
        # a minority of dates in another (unambiguous) spelling, so that YYYY.MM stays the list's format
        other = draw(st.lists(st.integers(0, len(rows) - 1), max_size=max(len(rows) // 4, 0), unique=True))
        for k, (item, paper) in enumerate(rows):
            date = f"{item.year}.{item.month:02d}"
            if k in other:
                date = draw(st.sampled_from(OTHER_SPELLINGS))(item.year, item.month)
            pad = " " if spaced[k] else ""
            lines.append(f"|{pad}{date}{pad}|{pad}{item.title}{pad}|{paper}|")
        lines.append("")
    text = newline.join(lines[:-1]) + (newline if final else "")
    return (b"\xef\xbb\xbf" if bom else b"") + text.encode(), items


def _entries(data: bytes) -> Counter[tuple[int, str, str | None]]:
    doc = parse_bytes(data, "list.md")
    info = analyse(doc, Config().hints(), TODAY)
    return Counter((e.table - 1, e.title, e.date) for e in entries(doc, info) if e.table is not None)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(lists())
def test_fix_is_safe_complete_and_idempotent(generated: tuple[bytes, list[Item]]) -> None:
    data, items = generated
    out = fix_bytes(data, "list.md", Config(), RULES, TODAY)
    assert out.error is None, out.error
    assert out.converged
    # no fixable finding remains
    assert not [f for f in out.result.findings if f.fixable], [f.message for f in out.result.findings]
    # every entry is kept exactly once, with its date (copies removed, dates read the same)
    want = Counter((i.table, i.title, f"{i.year}-{i.month:02d}") for i in items)
    assert _entries(out.data) == want
    # the encoding is kept: BOM, line endings, final newline
    assert out.data.startswith(b"\xef\xbb\xbf") == data.startswith(b"\xef\xbb\xbf")
    assert set(Buffer.from_bytes(out.data).endings) - {""} == set(Buffer.from_bytes(data).endings) - {""}
    assert out.data.endswith((b"\n", b"\r")) == data.endswith((b"\n", b"\r"))
    # fixing again changes nothing
    again = fix_bytes(out.data, "list.md", Config(), RULES, TODAY)
    assert again.passes == 0 and again.data == out.data


@settings(max_examples=2000, deadline=None)
@given(st.lists(st.sampled_from(["a", "|", "é", "\n", "\r\n", "\r", "\ufeff"]), max_size=16), st.booleans())
def test_the_line_buffer_gives_back_the_bytes_it_read(parts: list[str], bom: bool) -> None:
    """Lines and endings as read (the fast path for "\\n" files and the general one alike) write back the
    same bytes, and their number is what the general reading gives."""
    from awesomelint.engine.buffer import _NEWLINE, Buffer

    text = "".join(parts)
    data = (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8")
    buf = Buffer.from_bytes(data)
    assert buf.to_bytes() == data
    body = data.removeprefix(b"\xef\xbb\xbf").decode("utf-8")  # a text may start with the BOM itself
    expected = len(_NEWLINE.findall(body)) + (0 if not body or _NEWLINE.fullmatch(body[-1:]) else 1)
    assert len(buf.texts) == len(buf.endings) == expected
