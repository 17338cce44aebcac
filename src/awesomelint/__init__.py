"""awesomelint: a linter for curated lists kept as Markdown tables."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["__version__", "lint_path", "lint_text", "parse"]

if TYPE_CHECKING:
    from awesomelint.model import Document, Finding


def lint_text(text: str, path: str = "<text>", **kwargs: Any) -> list[Finding]:
    """Lint Markdown text with the offline rules and the default (or a given ``config=``) configuration."""
    from awesomelint.engine import lint_text as _lint_text

    return _lint_text(text, path, **kwargs)


def lint_path(path: str, **kwargs: Any) -> list[Finding]:
    """Lint a file with the configuration found beside it."""
    from pathlib import Path

    from awesomelint.config import load_config
    from awesomelint.engine import lint_bytes
    from awesomelint.parse import SourceError

    p = Path(path)
    result = lint_bytes(p.read_bytes(), path, kwargs.pop("config", None) or load_config(p), **kwargs)
    if result.error:
        raise SourceError(result.error)
    return result.findings


def parse(text: str, path: str = "<text>") -> Document:
    """Parse Markdown text into the typed :class:`~awesomelint.model.Document`."""
    from awesomelint.parse import parse_document

    return parse_document(text.replace("\r\n", "\n").replace("\r", "\n").removeprefix("\ufeff"), path)
