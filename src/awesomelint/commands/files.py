"""What the commands read: the Markdown files under the paths given, each read whole within a size limit,
and the configuration that applies to each."""

from __future__ import annotations

import os
import stat
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from awesomelint.commands import UsageError
from awesomelint.config import Config, ConfigError, default_config, load_config
from awesomelint.document.model import Document
from awesomelint.document.parse import SourceError, parse_bytes

MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd")
DEFAULT_MAX_SIZE_MB = 64


def collect(paths: list[str]) -> list[str]:
    """The files to lint: each path that is not a folder as it is, and the Markdown files under each folder
    (hidden folders and node_modules left out), sorted."""
    out: list[str] = []
    for raw in paths:
        if raw != "-" and Path(raw).is_dir():
            out.extend(sorted(_walk(raw)))
        else:
            out.append(raw)
    return out


def _walk(top: str) -> list[str]:
    """The Markdown files under ``top``; a folder that cannot be read is a usage error that names it."""

    def fail(exc: OSError) -> None:
        raise UsageError(f"{exc.filename or top}: error: cannot read folder: {exc.strerror or exc}")

    found: list[str] = []
    for folder, dirs, files in os.walk(top, onerror=fail):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d != "node_modules")
        for name in files:
            path = Path(folder) / name
            if not name.startswith(".") and path.suffix.lower() in MARKDOWN_SUFFIXES and path.is_file():
                found.append(str(path))
    return found


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
            data, st = _read_regular(name, limit, max_size_mb)
    except OSError as exc:
        raise ReadError(f"cannot read: {exc.strerror or exc}") from None
    if len(data) > limit:
        raise ReadError(f"input is larger than --max-size {max_size_mb:g} MB")
    return data, st


def _read_regular(name: str, limit: int, max_size_mb: float) -> tuple[bytes, os.stat_result]:
    """At most ``limit + 1`` bytes of a regular file. Anything else (a FIFO, a device such as /dev/zero, a
    socket) is refused before a byte is read: opened without blocking, checked, then read."""
    fd = os.open(name, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise ReadError(f"not a regular file ({_kind(st.st_mode)}); awesomelint reads files")
        if st.st_size > limit:
            raise ReadError(
                f"file is {st.st_size / 1048576:.1f} MB, larger than --max-size {max_size_mb:g} MB; "
                "raise the limit to lint it"
            )
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        with os.fdopen(fd, "rb", closefd=False) as f:
            return f.read(limit + 1), st
    finally:
        os.close(fd)


def _kind(mode: int) -> str:
    for test, kind in (
        (stat.S_ISDIR, "a folder"),
        (stat.S_ISFIFO, "a FIFO"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
    ):
        if test(mode):
            return kind
    return "not a file"


def read_one(name: str, max_size_mb: float, stdin: BinaryIO | None = None) -> bytes:
    """A file's bytes for the commands that read one list; a usage error when it cannot be read."""
    try:
        return read_input(name, max_size_mb, stdin)[0]
    except ReadError as exc:
        raise UsageError(f"{name}: error: {exc}") from None


@dataclass
class Configs:
    """The configuration of each linted file: ``explicit`` when given, none with ``isolated``, else the
    nearest config file upward (read once per folder)."""

    explicit: Path | None = None
    isolated: bool = False
    _loaded: dict[str, Config] = field(default_factory=dict)

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
