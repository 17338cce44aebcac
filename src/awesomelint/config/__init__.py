"""Configuration: defaults, then the nearest config file, then command-line flags.

A config lives in ``.awesomelint.toml`` (top-level keys) or in ``[tool.awesomelint]`` of ``pyproject.toml``;
the nearest one upward from the linted file wins (in one folder, ``.awesomelint.toml`` beats
``pyproject.toml``). Keys are kebab-case. Unknown keys and bad values raise :class:`ConfigError`, which names
the file and the key. A file is part of the checkout, which a pull request can change: what it may set is
:mod:`awesomelint.config.trust`'s to decide (a value that would widen the run is ignored or refused).

The schema is the pydantic models of :mod:`awesomelint.config.model` (``Config``, ``DatesConfig``, ...,
importable from here); they are imported when a config file is read or a model is named, so that a run
without a config file (:func:`default_config`) does not load pydantic.
"""

from __future__ import annotations

from pathlib import Path

from awesomelint.config.base import ConfigError, PlainConfig, kebab

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at start-up
if TYPE_CHECKING:
    from typing import Any

    from awesomelint.config.model import Config

__all__ = [
    "CONFIG_FILES",
    "Config",
    "ConfigError",
    "DatesConfig",
    "DuplicatesConfig",
    "LinksConfig",
    "TablesConfig",
    "default_config",
    "find_config_file",
    "kebab",
    "load_config",
    "load_file",
    "validate_config",
]

CONFIG_FILES = (".awesomelint.toml", "pyproject.toml")
_MODELS = frozenset({"Config", "DatesConfig", "DuplicatesConfig", "LinksConfig", "TablesConfig"})


def __getattr__(name: str) -> Any:
    """``from awesomelint.config import Config`` and the other models: loaded on first use."""
    if name in _MODELS:
        from awesomelint.config import model  # lazy: pydantic only when a model is used (start-up)

        return getattr(model, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def default_config() -> Config:
    """The configuration when no file sets one: the same values as ``Config()``, as plain objects with the
    same attributes and methods, so that a zero-config run (a pre-commit hook) never imports pydantic."""
    config: Config = PlainConfig()  # type: ignore[assignment]  # read like a Config (see PlainConfig)
    return config


def validate_config(data: dict[str, Any], path: str | None) -> Config:
    from awesomelint.config.model import validate_config as validate  # lazy: pydantic (start-up)

    return validate(data, path)


def load_file(path: Path) -> Config | None:
    """Read one config file; None when it is a pyproject.toml without ``[tool.awesomelint]``."""
    import tomllib  # lazy: only a run with a config file parses TOML (start-up)

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
    from awesomelint.config.trust import restrict  # lazy: only a run with a config file (start-up)

    return restrict(validate_config(data, str(path)), path)


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
