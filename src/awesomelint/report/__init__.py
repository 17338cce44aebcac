"""Renderers: one small module per output format, all fed the same results (a list of
:class:`~awesomelint.engine.FileResult`). To add a format: a module with ``render(results, out, color)``,
its name in :data:`FORMATS` and a branch in :func:`get_renderer`."""

from __future__ import annotations

from collections.abc import Callable

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at start-up
if TYPE_CHECKING:
    from typing import TextIO

    from awesomelint.engine import FileResult

    Renderer = Callable[[list[FileResult], TextIO, bool], None]

FORMATS = ("text", "json", "github", "sarif", "markdown")
#: the formats ``--statistics`` can count in (a table, or JSON); github and sarif report each finding
STATISTICS_FORMATS = ("text", "json")


def get_renderer(name: str, statistics: bool = False, quiet: bool = False) -> Renderer:
    """The renderer of a format; with ``statistics``, the one that counts findings per rule instead
    (JSON for ``json``, a table for every other format); with ``quiet``, the text format's findings
    alone. Each module is imported when it is asked for, so that a run loads only the renderer it uses
    (start-up)."""
    if statistics:
        from awesomelint.report import statistics as stats

        return stats.render_json if name == "json" else stats.render
    if name == "text":
        from awesomelint.report.text import render, render_quiet

        if quiet:
            return render_quiet
    elif name == "json":
        from awesomelint.report.json import render
    elif name == "github":
        from awesomelint.report.github import render
    elif name == "sarif":
        from awesomelint.report.sarif import render
    elif name == "markdown":
        from awesomelint.report.markdown import render
    else:  # pragma: no cover - argparse restricts the choices
        raise ValueError(f"unknown format {name!r}")
    return render
