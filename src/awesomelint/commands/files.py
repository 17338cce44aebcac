"""What the commands read: the Markdown files under the paths given, each read whole within a size limit,
and the configuration that applies to each."""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from awesomelint.commands import UsageError
from awesomelint.config import ConfigError, default_config, load_config
from awesomelint.config.base import compile_globs
from awesomelint.document.model import Document
from awesomelint.document.parse import SourceError, parse_bytes
from awesomelint.report.text import printable

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at start-up
if TYPE_CHECKING:
    from typing import BinaryIO, TextIO

    from awesomelint.config import Config

MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd")
DEFAULT_MAX_SIZE_MB = 64


def collect(paths: list[str], skipped: list[str] | None = None) -> list[str]:
    """The files to lint: each path that is not a folder as it is, and the Markdown files under each folder,
    sorted. Under a folder, what git ignores (``.gitignore``), hidden folders and ``node_modules`` are left
    out; the folders left out (but ``.git``) are added to ``skipped``."""
    out: list[str] = []
    for raw in paths:
        p = Path(raw)
        if raw != "-" and p.is_dir():
            out.extend(_walk(p, skipped if skipped is not None else []))
        else:
            out.append(raw)
    return out


def _walk(top: Path, skipped: list[str]) -> list[str]:
    """The Markdown files under ``top``; a folder that cannot be read is a usage error that names it."""
    from awesomelint.git import ignored_in  # lazy: subprocess only for a folder

    ignored = ignored_in(top) or set()
    found: list[str] = []

    def fail(exc: OSError) -> None:
        raise UsageError(f"{exc.filename or top}: error: cannot read folder: {exc.strerror or exc}")

    for folder, dirs, files in os.walk(top, onerror=fail):
        here = Path(folder)
        rel = here.relative_to(top).as_posix()
        prefix = "" if rel == "." else rel + "/"
        for d in sorted(dirs):
            if d.startswith(".") or d == "node_modules" or f"{prefix}{d}/" in ignored:
                dirs.remove(d)
                if d != ".git":
                    skipped.append(str(here / d) + os.sep)
        found.extend(
            str(here / f)
            for f in files
            if Path(f).suffix.lower() in MARKDOWN_SUFFIXES
            and f"{prefix}{f}" not in ignored
            and (here / f).is_file()
        )
    return sorted(found)


#: the flags that add path globs to ``exclude`` (relative to the current folder, not to the file's folder)
EXCLUDE_PATH_FLAGS = "--exclude-path/--extend-exclude"


class PathExclusion:
    """The command line's path globs (``--exclude-path``, ``--extend-exclude``): gitignore-style, relative
    to the current folder, as the configuration's ``exclude`` is to its file's folder. A glob that starts
    with ``./`` (or the current folder's absolute path) is anchored there, as one that starts with ``/``."""

    def __init__(self, globs: list[str]) -> None:
        self.root = Path.cwd().resolve()
        here = self.root.as_posix().rstrip("/") + "/"
        self.globs = tuple(
            "/" + g.removeprefix(here) if g.startswith(here) else "/" + g[2:] if g.startswith("./") else g
            for g in globs
        )
        try:
            self.spec = compile_globs(self.globs) if self.globs else None
        except ValueError as exc:
            raise UsageError(f"awesomelint: --exclude-path/--extend-exclude: {printable(str(exc))}") from None

    def excludes(self, path: str) -> bool:
        """Whether a glob matches the file (never one outside the current folder)."""
        if self.spec is None:
            return False
        try:
            rel = Path(path).resolve().relative_to(self.root).as_posix()
        except (ValueError, OSError):
            return False
        return bool(self.spec.match_file(rel))


def excluded(name: str, configs: Configs, paths: PathExclusion) -> bool:
    """Whether ``exclude`` (the file's configuration's, or the command line's) leaves a file out, even one
    named on the command line (as a pre-commit hook names them); stdin never is."""
    return name != "-" and (configs.of(name).excludes(name) or paths.excludes(name))


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


@contextmanager
def open_output(path: Path) -> Iterator[TextIO]:
    """``--output-file``: the report's file (its folder made), UTF-8 with LF line ends; a usage error when
    it cannot be written."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        out = path.open("w", encoding="utf-8", newline="\n")
    except OSError as exc:
        raise UsageError(f"awesomelint: cannot write {path}: {exc.strerror or exc}") from None
    with out:
        yield out


def config_error(exc: ConfigError) -> UsageError:
    return UsageError(f"awesomelint: config error: {exc}")
