"""Configuration: defaults, then the nearest config file, then command-line flags.

A config lives in ``.awesomelint.toml`` (top-level keys) or in ``[tool.awesomelint]`` of ``pyproject.toml``;
the nearest one upward from the linted file wins (in one folder, ``.awesomelint.toml`` beats
``pyproject.toml``). Keys are kebab-case. Unknown keys and bad values raise :class:`ConfigError`, which names
the file and the key.
"""

from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from awesomelint._suggest import did_you_mean
from awesomelint.document.analysis import Hints
from awesomelint.document.dates import DateFormat
from awesomelint.document.urls import LIVE_BADGE_HOSTS

if TYPE_CHECKING:
    from pathspec import GitIgnoreSpec

    from awesomelint.net.settings import LinkSettings

CONFIG_FILES = (".awesomelint.toml", "pyproject.toml")


class ConfigError(Exception):
    def __init__(self, message: str, path: str | None = None, key: str | None = None) -> None:
        where = path or "configuration"
        text = f"{where}: {message}" if key is None else f"{where}: `{key}`: {message}"
        super().__init__(text)
        self.path = path
        self.key = key


def kebab(name: str) -> str:
    return name.replace("_", "-")


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", alias_generator=kebab, populate_by_name=True, defer_build=True)


DateOrder = Literal["infer", "ascending", "descending", "none"]


class DatesConfig(_Section):
    column: str | None = Field(default=None, description="Header of the date column; inferred when unset.")
    format: str | None = Field(
        default=None,
        description="Date format such as 'YYYY.MM', 'YYYY-MM-DD', 'Mon YYYY'; inferred when unset.",
    )
    order: DateOrder = Field(default="infer", description="Chronological order of rows within a table.")
    allow_future: bool = Field(default=False, description="Accept dates later than today.")

    @field_validator("format")
    @classmethod
    def _check_format(cls, value: str | None) -> str | None:
        if value is not None:
            DateFormat.parse(value)  # raises ValueError with a helpful message
        return value


class DuplicatesConfig(_Section):
    scope: Literal["table", "section", "file"] = Field(
        default="table",
        description="Where a repeated entry is a defect: within one table (default), one section, or the file.",
    )


class TablesConfig(_Section):
    header: list[str] | None = Field(
        default=None, description="The list's table header, e.g. ['Date', 'Title', 'Paper', 'Code', 'Recom']."
    )


LinkCategory = Literal["gone", "moved", "unverified"]
#: the key of ``[links] accept`` whose codes are accepted for every URL (what ``--accept`` adds to)
ACCEPT_EVERY_URL = "*"


class LinksConfig(_Section):
    """Settings of the online checks (``dead-link`` and the live part of ``badge-url``)."""

    timeout: float = Field(
        default=20.0, gt=0, le=600, description="Total seconds allowed per URL, retries included."
    )
    max_concurrency: int = Field(default=32, ge=1, le=512, description="Requests in flight at once.")
    per_host: int = Field(default=8, ge=1, le=64, description="Requests in flight to one host at once.")
    retries: int = Field(default=3, ge=0, le=10, description="Retries after a reset, 429, 502, 503 or 504.")
    exclude: list[str] = Field(default_factory=list, description="Regular expressions of URLs never checked.")
    accept: dict[str, list[int]] = Field(
        default_factory=dict,
        description="Extra accepted status codes per host (and its subdomains) or per URL regular "
        "expression, e.g. {'linkedin.com' = [999], 'example\\.org/private' = [401, 403]}; the key '*' "
        "applies to every URL.",
    )
    allow_private: list[str] = Field(
        default_factory=list,
        description="Loopback/private/link-local addresses or networks that may be connected to.",
    )
    on_save: bool = Field(
        default=False,
        description="The language server (`awesomelint server`) also checks links when a file is saved; "
        "by default an editor runs the offline rules only.",
    )
    cache: bool = Field(default=True, description="Keep results between runs.")
    cache_ttl: float = Field(default=86400.0, ge=0, description="Seconds a cached result stays valid.")
    cache_dir: str | None = Field(
        default=None,
        description="Folder of the cache (default: $XDG_CACHE_HOME/awesomelint or ~/.cache/awesomelint).",
    )
    max_redirects: int = Field(default=10, ge=0, le=50)
    max_bytes: int = Field(default=1_000_000, ge=1024, description="Most bytes read from one response body.")
    severity: dict[LinkCategory, Literal["error", "warning", "off"]] = Field(
        default_factory=dict,
        description="Severity of each kind of dead-link finding: gone (default error), moved and "
        "unverified (default warning).",
    )

    @field_validator("exclude")
    @classmethod
    def _check_exclude(cls, value: list[str]) -> list[str]:
        for pattern in value:
            _compile(pattern)
        return value

    @field_validator("accept")
    @classmethod
    def _check_accept(cls, value: dict[str, list[int]]) -> dict[str, list[int]]:
        for key, codes in value.items():
            if key != ACCEPT_EVERY_URL:
                _compile(key)
            for code in codes:
                if not 100 <= code <= 999:
                    raise ValueError(f"{key!r}: {code} is not an HTTP status code")
        return value

    @field_validator("allow_private")
    @classmethod
    def _check_allow(cls, value: list[str]) -> list[str]:
        from awesomelint.net.guard import parse_networks  # lazy: socket and ipaddress cost start-up

        parse_networks(value)
        return value

    def settings(self) -> LinkSettings:
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
        )

    def excluded(self, url: str) -> bool:
        return any(_compile(p).search(url) for p in self.exclude)

    def accepted(self, url: str) -> frozenset[int]:
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
            if key == ACCEPT_EVERY_URL or host == k or host.endswith("." + k) or _compile(key).search(url):
                codes.update(values)
        return frozenset(codes)

    def with_flags(self, exclude: list[str], accept: list[int], cache_ttl: float | None) -> LinksConfig:
        """This section with the command line's ``--exclude`` (added), ``--accept`` (codes accepted for
        every URL, added) and ``--max-cache-age`` (replaces ``cache-ttl``); the flags are valid already."""
        update: dict[str, Any] = {}
        if exclude:
            update["exclude"] = [*self.exclude, *exclude]
        if accept:
            every = sorted({*self.accept.get(ACCEPT_EVERY_URL, []), *accept})
            update["accept"] = {**self.accept, ACCEPT_EVERY_URL: every}
        if cache_ttl is not None:
            update["cache_ttl"] = cache_ttl
        return self.model_copy(update=update)


@lru_cache(maxsize=256)
def _compile(pattern: str) -> re.Pattern[str]:
    try:
        return re.compile(pattern)
    except re.error as exc:
        raise ValueError(f"{pattern!r} is not a valid regular expression: {exc}") from None


@lru_cache(maxsize=64)
def _globs(patterns: tuple[str, ...]) -> GitIgnoreSpec:
    """Gitignore-style globs (``*.md``, ``docs/**``, ``!keep.md``), as pathspec reads them."""
    from pathspec import GitIgnoreSpec  # lazy: only a configuration with globs pays for it

    try:
        return GitIgnoreSpec.from_lines(patterns)
    except (ValueError, TypeError) as exc:
        raise ValueError(f"not a valid glob: {exc}") from None


Severity = Literal["error", "warning", "off"]


class Config(_Section):
    select: list[str] = Field(
        default_factory=lambda: ["ALL"], description="Rules to run (names, codes, prefixes)."
    )
    ignore: list[str] = Field(default_factory=list, description="Rules not to run.")
    extend_select: list[str] = Field(default_factory=list)
    severity: dict[str, Severity] = Field(default_factory=dict, description="Per-rule severity overrides.")
    dates: DatesConfig = Field(default_factory=DatesConfig)
    duplicates: DuplicatesConfig = Field(default_factory=DuplicatesConfig)
    tables: TablesConfig = Field(default_factory=TablesConfig)
    links: LinksConfig = Field(default_factory=LinksConfig)
    exclude: list[str] = Field(
        default_factory=list,
        description="Files never linted: gitignore-style globs, relative to the folder of this file, "
        "e.g. ['CHANGELOG.md', 'docs/drafts/**'].",
    )
    per_file_ignores: dict[str, list[str]] = Field(
        default_factory=dict,
        description="Rules not run on some files: a gitignore-style glob (relative to the folder of this "
        "file) -> rule names, codes or prefixes, e.g. {'archive/*.md' = ['date-order', 'AL4']}.",
    )
    source: str | None = Field(default=None, exclude=True, description="File the config was read from.")

    @field_validator("exclude")
    @classmethod
    def _check_exclude(cls, value: list[str]) -> list[str]:
        _globs(tuple(value))
        return value

    @field_validator("per_file_ignores")
    @classmethod
    def _check_per_file_ignores(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        _globs(tuple(value))
        return value

    def _relative(self, path: str) -> str | None:
        """``path`` relative to the folder of this configuration (the current folder without a file),
        '/'-separated; None when it lies outside."""
        root = Path(self.source).resolve().parent if self.source else Path.cwd()
        try:
            return Path(path).resolve().relative_to(root).as_posix()
        except (ValueError, OSError):
            return None

    def excludes(self, path: str) -> bool:
        """Whether ``exclude`` leaves this file out."""
        if not self.exclude:
            return False
        rel = self._relative(path)
        return rel is not None and _globs(tuple(self.exclude)).match_file(rel)

    def ignored_for(self, path: str | None) -> list[str]:
        """The rules ``per-file-ignores`` turns off for this file."""
        if not self.per_file_ignores or path is None:
            return []
        rel = self._relative(path)
        if rel is None:
            return []
        return [
            rule
            for glob, rules in self.per_file_ignores.items()
            if _globs((glob,)).match_file(rel)
            for rule in rules
        ]

    def hints(self) -> Hints:
        """What this configuration tells the analysis of the list's tables."""
        header = self.tables.header
        return Hints(
            date_column=self.dates.column,
            date_format=self.dates.format,
            header=tuple(header) if header else None,
        )


def default_config() -> Config:
    """The configuration when no file sets one: the same as ``Config()``, built without validation so that a
    zero-config run (a pre-commit hook) does not pay for building the validators (~40 ms)."""
    return Config.model_construct(
        dates=DatesConfig.model_construct(),
        duplicates=DuplicatesConfig.model_construct(),
        tables=TablesConfig.model_construct(),
        links=LinksConfig.model_construct(),
    )


def _known_keys(loc: tuple[int | str, ...]) -> list[str]:
    """The keys the model allows beside the last part of ``loc`` (for "did you mean")."""
    model: type[BaseModel] = Config
    for part in loc[:-1]:
        field = next((f for n, f in model.model_fields.items() if part in (n, kebab(n))), None)
        annotation = field.annotation if field is not None else None
        if not (isinstance(annotation, type) and issubclass(annotation, BaseModel)):
            return []
        model = annotation
    return [kebab(n) for n, f in model.model_fields.items() if not f.exclude]


def _format_error(exc: ValidationError) -> tuple[str, str]:
    err = exc.errors()[0]
    key = ".".join(str(p) for p in err["loc"]) or "(top level)"
    msg = err["msg"]
    if err["type"] == "extra_forbidden":
        msg = "unknown key" + did_you_mean(str(err["loc"][-1]), _known_keys(err["loc"]))
    elif err["type"] == "value_error":
        msg = msg.removeprefix("Value error, ")
    return key, msg


def validate_config(data: dict[str, Any], path: str | None) -> Config:
    try:
        config = Config.model_validate(data)
    except ValidationError as exc:
        key, msg = _format_error(exc)
        raise ConfigError(msg, path, key) from None
    config.source = path
    return config


def load_file(path: Path) -> Config | None:
    """Read one config file; None when it is a pyproject.toml without ``[tool.awesomelint]``."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ConfigError(f"cannot read: {exc.strerror}", str(path)) from None
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"invalid TOML: {exc}", str(path)) from None
    if path.name == "pyproject.toml":
        tool = data.get("tool", {})
        if not isinstance(tool, dict) or "awesomelint" not in tool:
            return None
        data = tool["awesomelint"]
        if not isinstance(data, dict):
            raise ConfigError("must be a table", str(path), "tool.awesomelint")
    return validate_config(data, str(path))


def find_config_file(start: Path) -> Path | None:
    """The nearest config file in ``start`` or its parents."""
    folder = start if start.is_dir() else start.parent
    folder = folder.resolve()
    for candidate_dir in (folder, *folder.parents):
        for name in CONFIG_FILES:
            candidate = candidate_dir / name
            if candidate.is_file():
                if name == "pyproject.toml":
                    try:
                        text = candidate.read_text(encoding="utf-8", errors="replace")
                    except OSError:
                        continue
                    if "[tool.awesomelint" not in text:
                        continue
                return candidate
    return None


def load_config(start: Path, explicit: Path | None = None) -> Config:
    if explicit is not None:
        if not explicit.is_file():
            raise ConfigError("config file not found", str(explicit))
        config = load_file(explicit)
        if config is None:
            raise ConfigError("has no [tool.awesomelint] table", str(explicit))
        return config
    found = find_config_file(start)
    if found is None:
        return default_config()
    return load_file(found) or default_config()
