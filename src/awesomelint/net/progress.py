"""A progress line for the link checks on an interactive stderr: ``checking links ━━━━╺──── 120/431 0:00:07``.

The standard library only (the tool once loaded rich, and pygments with it, for this one line). The
line is redrawn in place with a carriage return, at most ten times a second and twice a second while no
answer arrives (the elapsed time keeps moving while a slow host is waited for), and erased when the checks
end, so that what follows on stderr starts on a clean line.
"""

from __future__ import annotations

import threading
import time

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at start-up
if TYPE_CHECKING:
    from typing import TextIO

#: the bar's width in characters, and how often the line may be redrawn (seconds)
WIDTH, MIN_INTERVAL, IDLE_INTERVAL = 30, 0.1, 0.5


def render(done: int, total: int, elapsed: float, width: int = WIDTH) -> str:
    """The progress line, without the carriage return: a label, the bar, done/total and the time taken."""
    total = max(total, 0)
    done = min(max(done, 0), total) if total else 0
    filled = width if not total else width * done // total
    bar = "━" * filled + ("╺" + "─" * (width - filled - 1) if filled < width else "")
    seconds = int(elapsed)
    clock = f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"
    return f"checking links {bar} {done}/{total} {clock}"


class TerminalProgress:
    """Draws :func:`render`'s line on ``stream``; ``advance`` may be called from any thread."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self._lock = threading.Lock()
        self._done = self._total = 0
        self._start = self._drawn_at = 0.0
        self._width = 0  # characters of the last line drawn, to erase it
        self._stopped = threading.Event()
        self._ticker: threading.Thread | None = None

    def start(self, total: int) -> None:
        with self._lock:
            self._done, self._total = 0, total
            self._start = time.monotonic()
            self._draw()
        self._stopped.clear()
        self._ticker = threading.Thread(target=self._tick, name="awesomelint-progress", daemon=True)
        self._ticker.start()

    def advance(self, n: int = 1) -> None:
        with self._lock:
            self._done += n
            if self._done >= self._total or time.monotonic() - self._drawn_at >= MIN_INTERVAL:
                self._draw()

    def stop(self) -> None:
        self._stopped.set()
        if self._ticker is not None:
            self._ticker.join(timeout=2)
            self._ticker = None
        with self._lock:
            if self._width:
                self._write("\r" + " " * self._width + "\r")
                self._width = 0

    def _tick(self) -> None:
        while not self._stopped.wait(IDLE_INTERVAL):
            with self._lock:
                if time.monotonic() - self._drawn_at >= IDLE_INTERVAL:
                    self._draw()

    def _draw(self) -> None:
        now = time.monotonic()
        line = render(self._done, self._total, now - self._start)
        pad = max(0, self._width - len(line))
        self._write("\r" + line + " " * pad)
        self._width = len(line)
        self._drawn_at = now

    def _write(self, text: str) -> None:
        try:
            self.stream.write(text)
            self.stream.flush()
        except (OSError, ValueError):  # a closed or broken stderr: the checks go on without the line
            self._stopped.set()
