"""The cost of a call for the linearity tests: the CPU time of this thread, the least of a few runs.

Wall-clock time on a shared machine counts the time other processes held the CPU (a loaded CI runner made
a 1 ms call take 80 ms), so a test comparing a call at n and 4n measures the thread's own CPU time
(``time.thread_time``), which waiting for a CPU does not add to, and keeps the least of ``repeat`` runs.
"""

from __future__ import annotations

import time
from collections.abc import Callable


def cpu_cost(call: Callable[[], object], repeat: int = 3) -> float:
    """The least CPU time of this thread, in seconds, that ``call()`` took over ``repeat`` runs."""
    best = float("inf")
    for _ in range(repeat):
        start = time.thread_time()
        call()
        best = min(best, time.thread_time() - start)
    return best
