"""A unified diff of two versions of a file, in time that grows with the file, not its square.

``difflib.unified_diff`` searches the longest matching blocks recursively: on a list of hundreds of
thousands of lines with a few thousand scattered fixes it takes far longer than linting the list. The
versions a fix produces are the same lines with a few edited, removed or moved, so the matching is
anchored first (patience diff, as git's ``--patience``): the lines that occur exactly once in both
versions, in the longest run that keeps their order (a longest increasing subsequence, ``O(n log n)``),
grown by the equal lines around them. Only the gaps between anchors go to difflib, and only while they are
small; a large gap without any anchor (a file of identical lines, rewritten) is written as a removal and an
insertion, which is a correct diff, if not the shortest.
"""

from __future__ import annotations

import bisect
import difflib
from collections import Counter
from collections.abc import Iterator, Sequence

from awesomelint._regex import lazy_compile

_NEWLINE = lazy_compile(r"\r\n|\n|\r")
#: gaps between anchors with at most this many lines on both sides together go to difflib
_SMALL_GAP = 2000
#: how deep anchoring recurses into the gaps before a large gap is written as remove + insert
_MAX_DEPTH = 8
_CONTEXT = 3

Opcode = tuple[str, int, int, int, int]  # difflib's (tag, i1, i2, j1, j2)


def _split(text: str, bare: bool) -> list[str]:
    """The lines of ``text``. ``bare`` (neither version holds a ``\\r``): each line without its ``\\n``,
    and a last line without one marked by a ``\\n`` at its end, which no other line holds (no new string
    per line); else each line with its own ending, a last line without one as it is."""
    if bare:
        lines = text.split("\n")
        last = lines.pop()
        if last:
            lines.append(last + "\n")
        return lines
    out, pos = [], 0
    for m in _NEWLINE.finditer(text):
        out.append(text[pos : m.end()])
        pos = m.end()
    if pos < len(text):
        out.append(text[pos:])
    return out


def _lis(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The longest run of ``pairs`` (sorted by i) whose j's increase too: ``O(n log n)``."""
    tails: list[int] = []  # tails[k]: the smallest j ending a run of k + 1 pairs
    tail_at: list[int] = []  # the index in pairs of that j
    back: list[int] = [-1] * len(pairs)
    for k, (_i, j) in enumerate(pairs):
        pos = bisect.bisect_left(tails, j)
        if pos == len(tails):
            tails.append(j)
            tail_at.append(k)
        else:
            tails[pos] = j
            tail_at[pos] = k
        back[k] = tail_at[pos - 1] if pos else -1
    run: list[tuple[int, int]] = []
    k = tail_at[-1] if tail_at else -1
    while k >= 0:
        run.append(pairs[k])
        k = back[k]
    run.reverse()
    return run


def _unique_pairs(
    a: Sequence[str], b: Sequence[str], alo: int, ahi: int, blo: int, bhi: int
) -> list[tuple[int, int]]:
    """Pairs (i, j) of equal lines that occur once in a[alo:ahi] and once in b[blo:bhi], sorted by i."""
    count_a = Counter(a[alo:ahi])
    count_b = Counter(b[blo:bhi])
    where_b = {b[j]: j for j in range(blo, bhi) if count_b[b[j]] == 1 and count_a.get(b[j]) == 1}
    return [(i, where_b[a[i]]) for i in range(alo, ahi) if a[i] in where_b]


Block = tuple[int, int, int]  # a matching block: (i, j, size)


def _around(
    a: Sequence[str],
    b: Sequence[str],
    span: tuple[int, int, int, int],
    anchors: list[tuple[int, int]],
    depth: int,
) -> Iterator[Block]:
    """The anchors as matching lines, and the gaps between them matched in turn."""
    alo, ahi, blo, bhi = span
    i0, j0 = alo, blo
    run_i = run_j = size = 0  # the anchors that follow each other, as one block
    for i, j in anchors:
        if size and i == i0 and j == j0:
            size += 1
        else:
            if size:
                yield run_i, run_j, size
            yield from _match(a, b, i0, i, j0, j, depth + 1)
            run_i, run_j, size = i, j, 1
        i0, j0 = i + 1, j + 1
    if size:
        yield run_i, run_j, size
    yield from _match(a, b, i0, ahi, j0, bhi, depth + 1)


def _match(
    a: Sequence[str], b: Sequence[str], alo: int, ahi: int, blo: int, bhi: int, depth: int
) -> Iterator[Block]:
    """Matching blocks of a[alo:ahi] and b[blo:bhi], in order."""
    while alo < ahi and blo < bhi and a[alo] == b[blo]:  # common head
        yield alo, blo, 1
        alo, blo = alo + 1, blo + 1
    tail: list[Block] = []
    while alo < ahi and blo < bhi and a[ahi - 1] == b[bhi - 1]:  # common tail
        ahi, bhi = ahi - 1, bhi - 1
        tail.append((ahi, bhi, 1))
    if alo < ahi and blo < bhi:
        if (ahi - alo) + (bhi - blo) <= _SMALL_GAP:
            sm = difflib.SequenceMatcher(None, a[alo:ahi], b[blo:bhi], autojunk=False)
            for i, j, size in sm.get_matching_blocks():
                if size:
                    yield alo + i, blo + j, size
        elif depth < _MAX_DEPTH:
            anchors = _lis(_unique_pairs(a, b, alo, ahi, blo, bhi))
            if anchors:  # else: the gap is a removal and an insertion
                yield from _around(a, b, (alo, ahi, blo, bhi), anchors, depth)
    yield from reversed(tail)


def opcodes(a: Sequence[str], b: Sequence[str], origin: Sequence[int] | None = None) -> list[Opcode]:
    """difflib-style opcodes turning ``a`` into ``b``. ``origin`` (from the fixer: the line of ``a`` each
    line of ``b`` comes from) anchors the lines that kept their text, however often they repeat."""
    out: list[Opcode] = []
    i = j = 0
    if origin is not None and len(origin) == len(b):
        pairs = sorted((o, k) for k, o in enumerate(origin) if 0 <= o < len(a) and a[o] == b[k])
        matched: Iterator[Block] = _around(a, b, (0, len(a), 0, len(b)), _lis(pairs), 0)
    else:
        matched = _match(a, b, 0, len(a), 0, len(b), 0)
    blocks = [*matched, (len(a), len(b), 0)]
    for bi, bj, size in blocks:
        if i < bi or j < bj:
            tag = "replace" if i < bi and j < bj else "delete" if i < bi else "insert"
            out.append((tag, i, bi, j, bj))
        if size:
            if out and out[-1][0] == "equal":
                tag, i1, _i2, j1, _j2 = out.pop()
                out.append(("equal", i1, bi + size, j1, bj + size))
            else:
                out.append(("equal", bi, bi + size, bj, bj + size))
        i, j = bi + size, bj + size
    return out


def _groups(codes: list[Opcode], n: int = _CONTEXT) -> Iterator[list[Opcode]]:
    """The opcodes in hunks with ``n`` lines of context (as ``SequenceMatcher.get_grouped_opcodes``)."""
    if not codes:
        codes = [("equal", 0, 1, 0, 1)]
    if codes[0][0] == "equal":
        tag, i1, i2, j1, j2 = codes[0]
        codes[0] = tag, max(i1, i2 - n), i2, max(j1, j2 - n), j2
    if codes[-1][0] == "equal":
        tag, i1, i2, j1, j2 = codes[-1]
        codes[-1] = tag, i1, min(i2, i1 + n), j1, min(j2, j1 + n)
    group: list[Opcode] = []
    for tag, i1, i2, j1, j2 in codes:
        if tag == "equal" and i2 - i1 > 2 * n:
            group.append((tag, i1, min(i2, i1 + n), j1, min(j2, j1 + n)))
            yield group
            group = []
            i1, j1 = max(i1, i2 - n), max(j1, j2 - n)
        group.append((tag, i1, i2, j1, j2))
    if group and not (len(group) == 1 and group[0][0] == "equal"):
        yield group


def _range(start: int, stop: int) -> str:
    """A hunk's range the way difflib writes it."""
    beginning, length = start + 1, stop - start
    if length == 1:
        return f"{beginning}"
    if not length:
        beginning -= 1  # an empty range starts just before
    return f"{beginning},{length}"


def unified_diff(path: str, old: bytes, new: bytes, origin: Sequence[int] | None = None) -> str:
    """A unified diff of two versions of a file, as ``patch`` and ``git apply`` read it; ``origin`` as in
    :func:`opcodes`."""
    old_text, new_text = old.decode("utf-8"), new.decode("utf-8")  # a BOM stays in the first line
    bare = "\r" not in old_text and "\r" not in new_text
    a, b = _split(old_text, bare), _split(new_text, bare)
    out: list[str] = []
    no_newline = "\n\\ No newline at end of file\n"

    def line(prefix: str, text: str) -> None:
        if bare:
            out.append(f"{prefix}{text[:-1]}{no_newline}" if text.endswith("\n") else f"{prefix}{text}\n")
        else:
            out.append(prefix + text if text.endswith(("\n", "\r")) else f"{prefix}{text}{no_newline}")

    for group in _groups(opcodes(a, b, origin)):
        if not out:
            out += [f"--- a/{path}\n", f"+++ b/{path}\n"]
        first, last = group[0], group[-1]
        out.append(f"@@ -{_range(first[1], last[2])} +{_range(first[3], last[4])} @@\n")
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                for text in a[i1:i2]:
                    line(" ", text)
                continue
            for text in a[i1:i2]:
                line("-", text)
            for text in b[j1:j2]:
                line("+", text)
    return "".join(out)
