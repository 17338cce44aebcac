"""What the commands read: the Markdown files under the paths given, each read whole within a size limit,
and the configuration that applies to each."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from awesomelint.commands import UsageError
from awesomelint.config import ConfigError, default_config, load_config
from awesomelint.document.model import Document
from awesomelint.document.parse import SourceError, parse_bytes

if TYPE_CHECKING:
    from awesomelint.config import Config

MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd")
DEFAULT_MAX_SIZE_MB = 64


def collect(paths: list[str]) -> list[str]:
    """The files to lint: each path that is not a folder as it is, and the Markdown files under each folder
    (hidden folders and node_modules left out), sorted."""
    out: list[str] = []
    for raw in paths:
        p = Path(raw)
        if raw != "-" and p.is_dir():
            found = sorted(
                str(f)
                for f in p.rglob("*")
                if f.suffix.lower() in MARKDOWN_SUFFIXES
                and f.is_file()
                and not any(part.startswith(".") or part == "node_modules" for part in f.relative_to(p).parts)
            )
            out.extend(found)
        else:
            out.append(raw)
    return out


class ReadError(Exception):
    """A file that cannot be linted (unreadable, too large); the message is for the user."""


def max_bytes(max_size_mb: float) -> int:
    return int(max_size_mb * 1024 * 1024)


def read_input(
    name: str, max_size_mb: float, stdin: BinaryIO | None = None
) -> tuple[bytes, os.stat_result | None]:
    """A file's bytes ('-': standard input) and its stat when it was read (None for stdin);
    :class:`ReadError` when it cannot be read or is larger than ``max_size_mb``."""
    limit = max_bytes(max_size_mb)
    try:
        if name == "-":
            data = (stdin or sys.stdin.buffer).read(limit + 1)
            st = None
        else:
            path = Path(name)
            st = path.stat()
            size = st.st_size
            if size > limit:
                raise ReadError(
                    f"file is {size / 1048576:.1f} MB, larger than --max-size {max_size_mb:g} MB; "
                    "raise the limit to lint it"
                )
            data = path.read_bytes()
    except OSError as exc:
        raise ReadError(f"cannot read: {exc.strerror or exc}") from None
    if len(data) > limit:
        raise ReadError(f"input is larger than --max-size {max_size_mb:g} MB")
    return data, st


def read_one(name: str, max_size_mb: float, stdin: BinaryIO | None = None) -> bytes:
    """A file's bytes for the commands that read one list; a usage error when it cannot be read."""
    try:
        return read_input(name, max_size_mb, stdin)[0]
    except ReadError as exc:
        raise UsageError(f"{name}: error: {exc}") from None


class Configs:
    """The configuration of each linted file: ``explicit`` when given, none with ``isolated``, else the
    nearest config file upward (read once per folder)."""

    def __init__(self, explicit: Path | None = None, isolated: bool = False) -> None:
        self.explicit = explicit
        self.isolated = isolated
        self._loaded: dict[str, Config] = {}

    def of(self, name: str) -> Config:
        """The configuration of a file; a bad one is a usage error that names its file and key."""
        try:
            return self._of(name)
        except ConfigError as exc:
            raise config_error(exc) from None

    def _of(self, name: str) -> Config:
        if self.isolated:
            return default_config()
        start = Path(name) if name != "-" else Path.cwd()
        key = str(self.explicit) if self.explicit else str(start.resolve().parent if name != "-" else start)
        if key not in self._loaded:
            self._loaded[key] = load_config(start, self.explicit)
        return self._loaded[key]


def parse_or_usage_error(data: bytes, display: str) -> Document:
    """The document of a list that a command reads whole; a usage error when it is not text."""
    try:
        return parse_bytes(data, display)
    except SourceError as exc:
        raise UsageError(f"{display}: error: {exc.message}") from None


def config_error(exc: ConfigError) -> UsageError:
    return UsageError(f"awesomelint: config error: {exc}")
