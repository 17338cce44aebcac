"""awesomelint: a linter for curated lists kept as Markdown tables."""

from __future__ import annotations

from awesomelint._version import __version__

__all__ = ["__version__", "lint_path", "lint_text", "parse"]

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at start-up
if TYPE_CHECKING:
    from typing import Any

    from awesomelint.document.model import Document
    from awesomelint.findings import Finding


def lint_text(text: str, path: str = "<text>", **kwargs: Any) -> list[Finding]:
    """Lint Markdown text with the offline rules and the default (or a given ``config=``) configuration."""
    from awesomelint.engine import lint_text as _lint_text  # lazy: `import awesomelint` stays cheap

    return _lint_text(text, path, **kwargs)


def lint_path(path: str, **kwargs: Any) -> list[Finding]:
    """Lint a file with the configuration found beside it."""
    # lazy: `import awesomelint` stays cheap
    from pathlib import Path

    from awesomelint.config import load_config
    from awesomelint.document.parse import SourceError
    from awesomelint.engine import lint_bytes

    p = Path(path)
    result = lint_bytes(p.read_bytes(), path, kwargs.pop("config", None) or load_config(p), **kwargs)
    if result.error:
        raise SourceError(result.error)
    return result.findings


def parse(text: str, path: str = "<text>") -> Document:
    """Parse Markdown text into the typed :class:`~awesomelint.document.model.Document`."""
    from awesomelint.document.parse import parse_document  # lazy: `import awesomelint` stays cheap

    return parse_document(text.replace("\r\n", "\n").replace("\r", "\n").removeprefix("\ufeff"), path)
