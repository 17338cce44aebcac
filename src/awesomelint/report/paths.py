"""Paths as CI services want them."""

from __future__ import annotations

import os
from pathlib import Path


def workspace_path(path: str, base: Path | None = None) -> str:
    """``path`` relative to ``base`` (default: ``$GITHUB_WORKSPACE``, else the current directory) with
    ``/`` separators when the file lies below it, else as given."""
    if path == "-" or path.startswith("<"):
        return path
    if base is None:
        workspace = os.environ.get("GITHUB_WORKSPACE")
        base = Path(workspace) if workspace else Path.cwd()
    try:
        return Path(path).resolve().relative_to(base.resolve()).as_posix()
    except (ValueError, OSError):
        return Path(path).as_posix()
