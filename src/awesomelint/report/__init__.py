"""Renderers: one small function per output format, all fed the same results."""

from __future__ import annotations

from collections.abc import Callable
from typing import TextIO

from awesomelint.engine import FileResult

Renderer = Callable[[list[FileResult], TextIO, bool], None]


def get_renderer(name: str) -> Renderer:
    if name == "text":
        from awesomelint.report.text import render
    elif name == "json":
        from awesomelint.report.json import render
    else:  # pragma: no cover - argparse restricts the choices
        raise ValueError(f"unknown format {name!r}")
    return render


FORMATS = ("text", "json")
