"""``--diff``'s unified diff (engine/diff.py): it applies, it is small where the change is small, and it
stays so on a file whose lines repeat (where anchoring on unique lines alone finds nothing)."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from awesomelint.engine.diff import unified_diff

_HUNK = re.compile(r"@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@\n")


def apply(old: str, diff: str) -> str:
    """Apply a unified diff as ``patch`` does (exact context, hunks in order)."""
    a = old.splitlines(keepends=True)
    if not diff:
        return old
    lines = diff.splitlines(keepends=True)
    assert lines[0].startswith("--- a/") and lines[1].startswith("+++ b/")
    out: list[str] = []
    pos = 0  # next line of a not yet copied
    k = 2
    while k < len(lines):
        m = _HUNK.fullmatch(lines[k])
        assert m, lines[k]
        start = int(m.group(1)) if m.group(2) == "0" else int(m.group(1)) - 1  # an empty range: after it
        out += a[pos:start]
        pos = start
        k += 1
        while k < len(lines) and not lines[k].startswith("@@"):
            tag, text = lines[k][0], lines[k][1:]
            if k + 1 < len(lines) and lines[k + 1] == "\\ No newline at end of file\n":
                text = text[:-1]
                k += 1
            if tag in " -":
                assert a[pos] == text, (pos, a[pos], text)
                pos += 1
            if tag in " +":
                out.append(text)
            k += 1
    out += a[pos:]
    return "".join(out)


LINES = st.lists(st.sampled_from(["a\n", "b\n", "c\n", "|x|y|\n", "|2024.01|z|\r\n", "d"]), max_size=30)


LF_LINES = st.lists(st.sampled_from(["a\n", "b\n", "c\n", "|x|y|\n", "d"]), max_size=30)  # no \r


@settings(max_examples=150, deadline=None)
@given(st.one_of(st.tuples(LINES, LINES), st.tuples(LF_LINES, LF_LINES), st.tuples(LF_LINES, LINES)))
def test_the_diff_of_any_two_texts_applies(pair: tuple[list[str], list[str]]) -> None:
    a, b = pair
    old = "".join(x if x != "d" or i == len(a) - 1 else "d\n" for i, x in enumerate(a))
    new = "".join(x if x != "d" or i == len(b) - 1 else "d\n" for i, x in enumerate(b))
    diff = unified_diff("f.md", old.encode(), new.encode())
    assert apply(old, diff) == new
    assert (diff == "") == (old == new)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(["a\n", "b\n", "c\n"]), min_size=1, max_size=25), st.data())
def test_the_fixer_s_line_origins_give_a_diff_that_applies(a: list[str], data: st.DataObject) -> None:
    """The fixer passes, for each new line, the old line it comes from: rows edited, removed, moved."""
    origin = list(range(len(a)))
    b = list(a)
    for _ in range(data.draw(st.integers(0, 4))):
        k = data.draw(st.integers(0, len(b) - 1))
        action = data.draw(st.sampled_from(["edit", "delete", "move"]))
        if action == "edit":
            b[k] = "edited\n"
        elif action == "delete" and len(b) > 1:
            del b[k], origin[k]
        elif action == "move":
            j = data.draw(st.integers(0, len(b) - 1))
            b.insert(j, b.pop(k))
            origin.insert(j, origin.pop(k))
    old, new = "".join(a), "".join(b)
    assert apply(old, unified_diff("f.md", old.encode(), new.encode(), origin)) == new


def _copies(n: int, edited: set[int]) -> tuple[str, str, list[int]]:
    table = ["|Date|Title|\n", "|---|---|\n", "|2024.01|A|\n", "|2024.02|B|\n", "\n"]
    old = table * n
    new = [
        "|2024-02|B|\n" if k // len(table) in edited and k % len(table) == 3 else line
        for k, line in enumerate(old)
    ]
    return "".join(old), "".join(new), list(range(len(old)))


def test_a_file_of_repeated_tables_gets_one_small_hunk_per_change() -> None:
    """2000 copies of one table (no line is unique) with 3 rows rewritten: 3 hunks of 1 line each, not
    the whole file removed and inserted."""
    old, new, origin = _copies(2000, {10, 500, 1999})
    diff = unified_diff("f.md", old.encode(), new.encode(), origin)
    assert apply(old, diff) == new
    assert diff.count("@@ -") == 3
    assert sum(1 for ln in diff.splitlines() if ln.startswith("-|")) == 3
    assert sum(1 for ln in diff.splitlines() if ln.startswith("+|")) == 3


def test_without_origins_a_large_file_still_diffs_correctly() -> None:
    old, new, _origin = _copies(2000, {10, 1999})
    diff = unified_diff("f.md", old.encode(), new.encode())
    assert apply(old, diff) == new


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(["a", "é", "\n", "\r\n", "\r", "\x0b", "\u2028"]), max_size=14))
def test_the_diff_splits_lines_only_at_line_endings(parts: list[str]) -> None:
    """Lines keep their endings, split at \\n, \\r\\n and \\r only (not at what str.splitlines also takes);
    without a \\r, a line is held without its \\n, and a last line without one is marked by one."""
    import re

    from awesomelint.engine.diff import _split

    text = "".join(parts)
    lines = [m.group(0) for m in re.finditer(r"[^\r\n]*(?:\r\n|\n|\r)|[^\r\n]+\Z", text)]
    assert "".join(_split(text, False)) == text
    assert _split(text, False) == lines
    if "\r" not in text:
        assert _split(text, True) == [ln[:-1] if ln.endswith("\n") else ln + "\n" for ln in lines]
