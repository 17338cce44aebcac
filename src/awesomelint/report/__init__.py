"""Renderers: one small function per output format, all fed the same results."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from awesomelint.engine import FileResult

Renderer = Callable[[list[FileResult], TextIO, bool], None]

FORMATS = ("text", "json", "github", "sarif")


def get_renderer(name: str, statistics: bool = False) -> Renderer:
    """The renderer of a format; with ``statistics``, the one that counts findings per rule instead
    (JSON for ``json``, a table for every other format)."""
    if statistics:
        from awesomelint.report import statistics as stats

        return stats.render_json if name == "json" else stats.render
    if name == "text":
        from awesomelint.report.text import render
    elif name == "json":
        from awesomelint.report.json import render
    elif name == "github":
        from awesomelint.report.github import render
    elif name == "sarif":
        from awesomelint.report.sarif import render
    else:  # pragma: no cover - argparse restricts the choices
        raise ValueError(f"unknown format {name!r}")
    return render


def workspace_path(path: str, base: Path | None = None) -> str:
    """``path`` as CI services want it: relative to ``base`` (default: ``$GITHUB_WORKSPACE``, else the
    current directory) with ``/`` separators when the file lies below it, else as given."""
    if path == "-" or path.startswith("<"):
        return path
    if base is None:
        workspace = os.environ.get("GITHUB_WORKSPACE")
        base = Path(workspace) if workspace else Path.cwd()
    try:
        return Path(path).resolve().relative_to(base.resolve()).as_posix()
    except (ValueError, OSError):
        return Path(path).as_posix()
