"""The configuration file's schema: pydantic models that validate what a config file says.

Imported only when a config file is read (or a command builds a ``Config``): a zero-config run uses the
plain defaults of :mod:`awesomelint.config.defaults` and never imports pydantic. Every field here has its
default there too (a test compares the two).
"""

from __future__ import annotations

from typing import Any, Literal
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from awesomelint._regex import lazy_compile
from awesomelint._suggest import did_you_mean
from awesomelint.config.base import (
    ACCEPT_EVERY_URL,
    ConfigBehaviour,
    ConfigError,
    LinksBehaviour,
    compile_globs,
    compile_pattern,
    kebab,
)
from awesomelint.document.dates import DateFormat


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


LinkCategory = Literal["gone", "moved", "unverified", "archived", "withdrawn"]
#: an API address: nothing a URL parser could read in two ways (no user, no query, no escapes)
_API_URL = lazy_compile(r"https?://[A-Za-z0-9.-]+(?::[0-9]{1,5})?(?:/[A-Za-z0-9._~-]+)*/?")


class LinksConfig(_Section, LinksBehaviour):
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
        description="Severity of each kind of dead-link finding: gone (default error), moved, "
        "unverified, archived and withdrawn (default warning).",
    )
    apis: bool = Field(
        default=True,
        description="Look GitHub repositories (with a token) and arXiv papers up through their APIs.",
    )
    github_api: str = Field(
        default="https://api.github.com",
        description="GitHub's API root; GitHub Enterprise: https://HOST/api.",
    )
    arxiv_api: str = Field(default="https://export.arxiv.org/api/query", description="arXiv's export API.")
    api_cache_ttl: float = Field(
        default=7 * 86400.0, ge=0, description="Seconds an answer of the APIs stays valid in the cache."
    )

    @field_validator("github_api", "arxiv_api")
    @classmethod
    def _check_api(cls, value: str) -> str:
        if not _API_URL.fullmatch(value):
            raise ValueError(
                f"{value!r} is not an API address: expected http(s)://HOST[:PORT][/PATH], without user, "
                "query, fragment or escapes"
            )
        if value.startswith("http://") and not _loopback_host(value):
            raise ValueError(f"{value!r}: an API is asked over https (http only on a loopback address)")
        return value

    @field_validator("exclude")
    @classmethod
    def _check_exclude(cls, value: list[str]) -> list[str]:
        for pattern in value:
            compile_pattern(pattern)
        return value

    @field_validator("accept")
    @classmethod
    def _check_accept(cls, value: dict[str, list[int]]) -> dict[str, list[int]]:
        for key, codes in value.items():
            if key != ACCEPT_EVERY_URL:
                compile_pattern(key)
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


def _loopback_host(url: str) -> bool:
    import ipaddress  # lazy: only a configuration that names an http API needs it

    host = (urlsplit(url).hostname or "").lower()
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


Severity = Literal["error", "warning", "off"]


class Config(_Section, ConfigBehaviour):
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
        compile_globs(tuple(value))
        return value

    @field_validator("per_file_ignores")
    @classmethod
    def _check_per_file_ignores(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        compile_globs(tuple(value))
        return value


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
