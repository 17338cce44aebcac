"""What every configuration is, without pydantic: the error a bad one raises and the behaviour the engine
asks of it.

The keys are defined once, by the models of :mod:`awesomelint.config.model`, which validate a config file.
A run without one (a pre-commit hook on most lists) reads ``default_config()``, made of the plain classes
at the end of this module, generated from those models (``python -m awesomelint.config.generate``), so that
it never imports pydantic. Both share the behaviour below and have the same attributes, so the rules and
the engine never ask which one they have.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from awesomelint._record import field, record, replace
from awesomelint._regex import user_pattern
from awesomelint.document.analysis import Hints
from awesomelint.document.urls import LIVE_BADGE_HOSTS

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at start-up
if TYPE_CHECKING:
    from typing import Any

    from pathspec import GitIgnoreSpec

    from awesomelint._regex import UserPattern
    from awesomelint.net.settings import LinkSettings

#: the key of ``[links] accept`` whose codes are accepted for every URL (what ``--accept`` adds to)
ACCEPT_EVERY_URL = "*"


class ConfigError(Exception):
    def __init__(self, message: str, path: str | None = None, key: str | None = None) -> None:
        where = path or "configuration"
        text = f"{where}: {message}" if key is None else f"{where}: `{key}`: {message}"
        super().__init__(text)
        self.path = path
        self.key = key


def kebab(name: str) -> str:
    return name.replace("_", "-")


def compile_pattern(pattern: str) -> UserPattern:
    """A URL pattern of the configuration or the command line, compiled with RE2: matched in time linear in
    the URL (a pull request writes both); ValueError says why RE2 cannot run it."""
    return user_pattern(pattern)


@lru_cache(maxsize=64)
def compile_globs(patterns: tuple[str, ...]) -> GitIgnoreSpec:
    """Gitignore-style globs (``*.md``, ``docs/**``, ``!keep.md``), as pathspec reads them, matched by RE2
    (linear in the path: ``re`` took seconds on ``*a*a*a*a*a*a*a*b`` and a name of 48 characters)."""
    from pathspec import GitIgnoreSpec  # lazy: only a configuration with globs pays for it (start-up)

    try:
        return GitIgnoreSpec.from_lines(patterns, backend="re2")
    except (ValueError, TypeError) as exc:
        raise ValueError(f"not a valid glob: {exc}") from None


def _replace(obj: Any, update: dict[str, Any]) -> Any:
    """A copy of a section with some fields replaced: a pydantic model or a plain default alike."""
    if hasattr(obj, "model_copy"):
        return obj.model_copy(update=update)
    return replace(obj, **update)


class LinksBehaviour:
    """What the engine asks of the ``links`` section (the attributes are the fields of ``LinksConfig``)."""

    def settings(self: Any) -> LinkSettings:
        """What the network layer needs of this section."""
        from awesomelint.net.settings import LinkSettings  # lazy: an offline run never needs it

        return LinkSettings(
            timeout=self.timeout,
            max_concurrency=self.max_concurrency,
            per_host=self.per_host,
            retries=self.retries,
            max_redirects=self.max_redirects,
            max_bytes=self.max_bytes,
            allow_private=tuple(self.allow_private),
            cache=self.cache,
            cache_ttl=self.cache_ttl,
            cache_dir=self.cache_dir,
            badge_hosts=LIVE_BADGE_HOSTS,
            apis=self.apis,
            github_api=self.github_api,
            arxiv_api=self.arxiv_api,
            api_cache_ttl=self.api_cache_ttl,
        )

    def excluded(self: Any, url: str) -> bool:
        return any(compile_pattern(p).search(url) for p in self.exclude)

    def accepted(self: Any, url: str) -> frozenset[int]:
        """Status codes accepted for a URL besides 2xx: entries whose key is its host (or a parent
        domain of it) or a regular expression found in it."""
        if not self.accept:
            return frozenset()
        try:
            host = (urlsplit(url).hostname or "").lower()
        except ValueError:
            host = ""
        codes: set[int] = set()
        for key, values in self.accept.items():
            k = key.lower()
            if (
                key == ACCEPT_EVERY_URL
                or host == k
                or host.endswith("." + k)
                or compile_pattern(key).search(url)
            ):
                codes.update(values)
        return frozenset(codes)

    def with_values(self: Any, update: dict[str, Any]) -> Any:
        """This section with some keys replaced (field names; the command line's flags, valid already)."""
        return _replace(self, update)


class ConfigBehaviour:
    """What the engine asks of a whole configuration (the attributes are the fields of ``Config``)."""

    @property
    def source(self: Any) -> str | None:
        """The file this configuration was read from; None for the defaults."""
        source: str | None = self._source
        return source

    @property
    def notices(self: Any) -> tuple[str, ...]:
        """What reading the file had to say: a key a file may not set, ignored (config/trust.py)."""
        notices: tuple[str, ...] = self._notices
        return notices

    def hints(self: Any) -> Hints:
        """What this configuration tells the analysis of the list's tables."""
        header = self.tables.header
        return Hints(
            date_column=self.dates.column,
            date_format=self.dates.format,
            header=tuple(header) if header else None,
        )

    def with_links(self: Any, links: Any) -> Any:
        """This configuration with another ``links`` section."""
        return _replace(self, {"links": links})

    def with_values(self: Any, update: dict[str, Any]) -> Any:
        """This configuration with some keys replaced (field names, a section as a whole: the command
        line's flags, valid already)."""
        return _replace(self, update)

    def _relative(self: Any, path: str) -> str | None:
        """``path`` relative to the folder of this configuration (the current folder without a file),
        '/'-separated; None when it lies outside."""
        root = Path(self.source).resolve().parent if self.source else Path.cwd()
        try:
            return Path(path).resolve().relative_to(root).as_posix()
        except (ValueError, OSError):
            return None

    def excludes(self: Any, path: str) -> bool:
        """Whether ``exclude`` leaves this file out."""
        if not self.exclude:
            return False
        rel = self._relative(path)
        return rel is not None and compile_globs(tuple(self.exclude)).match_file(rel)

    def ignored_for(self: Any, path: str | None) -> list[str]:
        """The rules ``per-file-ignores`` turns off for this file."""
        if not self.per_file_ignores or path is None:
            return []
        rel = self._relative(path)
        if rel is None:
            return []
        return [
            rule
            for glob, rules in self.per_file_ignores.items()
            if compile_globs((glob,)).match_file(rel)
            for rule in rules
        ]


# --- generated: the defaults of a zero-config run (plain classes, no pydantic), made from the models
# of config/model.py by `python -m awesomelint.config.generate`: do not edit below this line.


@record
class PlainDatesConfig:
    """The defaults of ``DatesConfig``."""

    column: str | None = None
    format: str | None = None
    order: str = "infer"
    allow_future: bool = False


@record
class PlainDuplicatesConfig:
    """The defaults of ``DuplicatesConfig``."""

    scope: str = "table"


@record
class PlainTablesConfig:
    """The defaults of ``TablesConfig``."""

    header: list[str] | None = None


@record
class PlainLinksConfig(LinksBehaviour):
    """The defaults of ``LinksConfig``."""

    timeout: float = 20.0
    max_concurrency: int = 32
    per_host: int = 8
    retries: int = 3
    exclude: list[str] = field(default_factory=list)
    accept: dict[str, list[int]] = field(default_factory=dict)
    allow_private: list[str] = field(default_factory=list)
    on_save: bool = False
    cache: bool = True
    cache_ttl: float = 86400.0
    cache_dir: str | None = None
    max_redirects: int = 10
    max_bytes: int = 1000000
    severity: dict[str, str] = field(default_factory=dict)
    apis: bool = True
    github_api: str = "https://api.github.com"
    arxiv_api: str = "https://export.arxiv.org/api/query"
    api_cache_ttl: float = 604800.0


@record
class PlainConfig(ConfigBehaviour):
    """The defaults of ``Config``."""

    select: list[str] = field(default_factory=lambda: ["ALL"])
    ignore: list[str] = field(default_factory=list)
    extend_select: list[str] = field(default_factory=list)
    severity: dict[str, str] = field(default_factory=dict)
    dates: PlainDatesConfig = field(default_factory=PlainDatesConfig)
    duplicates: PlainDuplicatesConfig = field(default_factory=PlainDuplicatesConfig)
    tables: PlainTablesConfig = field(default_factory=PlainTablesConfig)
    links: PlainLinksConfig = field(default_factory=PlainLinksConfig)
    exclude: list[str] = field(default_factory=list)
    per_file_ignores: dict[str, list[str]] = field(default_factory=dict)
    _source: str | None = None
    _notices: tuple[str, ...] = ()
