"""What the order rules share (a helper module: it holds no rule): the entries that keep an order, and
the neighbours a misplaced entry belongs between."""

from __future__ import annotations

from bisect import bisect_right

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at start-up
if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import Any


def keep_order(keys: Sequence[Any]) -> list[int]:
    """Indices of a longest non-decreasing subsequence of ``keys``: the entries that keep their places
    when the fewest are moved to restore the order (O(n log n))."""
    tails: list[Any] = []
    tail_idx: list[int] = []
    prev = [-1] * len(keys)
    for i, k in enumerate(keys):
        pos = bisect_right(tails, k)
        if pos == len(tails):
            tails.append(k)
            tail_idx.append(i)
        else:
            tails[pos] = k
            tail_idx[pos] = i
        prev[i] = tail_idx[pos - 1] if pos > 0 else -1
    out = []
    i = tail_idx[-1] if tail_idx else -1
    while i >= 0:
        out.append(i)
        i = prev[i]
    return out[::-1]


def neighbours(keep: Sequence[int], i: int) -> tuple[int | None, int | None]:
    """The kept entries just before and just after the misplaced entry ``i`` (indices into the entries),
    among ``keep`` (sorted): the two it belongs between once moved."""
    pos = bisect_right(keep, i)
    return (keep[pos - 1] if pos else None), (keep[pos] if pos < len(keep) else None)
