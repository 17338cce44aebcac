"""A progress bar for the link checks on an interactive stderr (rich, imported only when used)."""

from __future__ import annotations

from typing import Any, TextIO


class RichProgress:
    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self._bar: Any = None
        self._task: Any = None

    def start(self, total: int) -> None:
        # lazy: rich loads only when a terminal shows the progress bar
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        console = Console(file=self.stream)
        self._bar = Progress(
            TextColumn("checking links"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
            transient=True,
        )
        self._bar.start()
        self._task = self._bar.add_task("links", total=total)

    def advance(self, n: int = 1) -> None:
        if self._bar is not None:
            self._bar.advance(self._task, n)

    def stop(self) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None
