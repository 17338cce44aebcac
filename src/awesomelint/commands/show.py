"""``--show-settings`` and ``--show-files``: what a check run would use, printed instead of a lint.

``--show-settings`` prints, for each configuration the files have (most lists have one), every key the
models of :mod:`awesomelint.config.model` define, its value in the run and where that value comes from:
the default, the configuration file, or a flag (:func:`awesomelint.commands.check.flag_values`, the one
place where a flag meets a key, which the run applies too). ``--show-files`` prints the files a run would
lint (:func:`awesomelint.commands.check.files_to_check`, the run's own choice).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, TextIO

from pydantic import BaseModel

from awesomelint.commands import UsageError
from awesomelint.commands.check import CheckOptions, files_to_check, flag_values, resolve
from awesomelint.commands.files import Configs, collect
from awesomelint.config import Config, kebab
from awesomelint.config.trust import IGNORED_ALLOW_PRIVATE
from awesomelint.report.text import printable

#: the formats these flags print in (a report's others need findings)
_FORMATS = ("text", "json")
#: files named in the heading of a configuration's settings; the others are counted
_NAMED = 10


def _format(opts: CheckOptions, flag: str) -> str:
    fmt = opts.report.format
    if fmt not in _FORMATS:
        raise UsageError(f"awesomelint: {flag} prints text or json, not --format {fmt}")
    return fmt


def _display(name: str, opts: CheckOptions) -> str:
    return opts.stdin_filename if name == "-" else name


def show_files(opts: CheckOptions, stdout: TextIO, stderr: TextIO) -> None:
    """The files a run would lint, one a line (``--format json``: a JSON array); what was left out, as
    the run says it, on stderr."""
    fmt = _format(opts, "--show-files")
    notices: list[str] = []
    configs = Configs(opts.config, opts.isolated)
    files = [_display(name, opts) for name in files_to_check(opts, configs, notices)]
    if fmt == "json":
        stdout.write(json.dumps(files, indent=2) + "\n")  # ASCII: a file's name cannot reach a terminal
    else:
        stdout.writelines(f"{printable(name)}\n" for name in files)
    for notice in notices:
        stderr.write(f"awesomelint: {printable(notice)}\n")


def keys(model: type[BaseModel] = Config, prefix: str = "") -> list[str]:
    """Every key of the configuration, as dotted field names (``links.timeout``), in the models' order."""
    out: list[str] = []
    for name, info in model.model_fields.items():
        inner = info.annotation
        if isinstance(inner, type) and issubclass(inner, BaseModel):
            out += keys(inner, f"{prefix}{name}.")
        else:
            out.append(prefix + name)
    return out


def _value(config: Any, key: str) -> Any:
    for part in key.split("."):
        config = getattr(config, part)
    return config


def _in_file(config: Any, key: str) -> bool:
    """Whether the configuration's file sets the key (the defaults, plain objects, set none)."""
    *sections, last = key.split(".")
    for part in sections:
        if part not in getattr(config, "model_fields_set", ()):
            return False
        config = getattr(config, part)
    return last in getattr(config, "model_fields_set", ())


def settings(config: Config, opts: CheckOptions) -> dict[str, dict[str, Any]]:
    """Each key (kebab-case, dotted: ``links.max-concurrency``) -> its ``value`` in the run, its
    ``origin`` (``default``, ``file`` or ``flag``: the last that set it) and ``from``, what made it, in
    order (``["default"]``, ``["file"]``, ``["--timeout"]``, ``["file", "--ignore"]`` for a flag that
    adds to the file's value)."""
    flags = flag_values(config, opts)
    resolved = resolve(config, opts)
    out: dict[str, dict[str, Any]] = {}
    for key in keys():
        origin = "file" if _in_file(config, key) else "default"
        made = [origin]
        value = _value(resolved, key)
        if key in flags:
            flag, value, adds = flags[key]
            made = [*made, flag] if adds and origin == "file" else [flag]
            origin = "flag"
        if key == "links.allow_private" and any(IGNORED_ALLOW_PRIVATE in n for n in config.notices):
            made = ["file (ignored)", *made[1:]] if made[0] == "file" else made
        out[".".join(kebab(p) for p in key.split("."))] = {"value": value, "origin": origin, "from": made}
    return out


def _configurations(opts: CheckOptions) -> list[tuple[Config, list[str]]]:
    """The configurations of the files given (the files under a folder, what git ignores left out; the
    README.md here when none is given, else the current folder's), each with its files."""
    configs = Configs(opts.config, opts.isolated)
    paths = opts.paths or (["README.md"] if Path("README.md").is_file() else [])
    if not paths:
        return [(configs.of("-"), [])]  # "-": the current folder's configuration
    groups: dict[str | None, tuple[Config, list[str]]] = {}  # by file: read once per folder
    for name in collect(paths):
        config = configs.of(name)
        groups.setdefault(config.source, (config, []))[1].append(_display(name, opts))
    return list(groups.values())


def show_settings(opts: CheckOptions, stdout: TextIO, stderr: TextIO) -> None:
    """The settings of each configuration the files have, as text (``--format json``: one JSON object)."""
    fmt = _format(opts, "--show-settings")
    shown = [
        {
            "files": files,
            "config_file": config.source,
            "settings": settings(config, opts),
            "notices": list(config.notices),
        }
        for config, files in _configurations(opts)
    ]
    if fmt == "json":
        stdout.write(json.dumps({"configurations": shown}, indent=2) + "\n")  # ASCII, as --show-files
    else:
        stdout.write("\n".join(_text(group, opts) for group in shown))
    if len(shown) > 1:
        stderr.write(
            f"awesomelint: these files have {len(shown)} configurations; a run's link checks take their "
            "network settings ([links] but exclude, accept and severity) from the first file that checks "
            "links\n"
        )


def _text(group: dict[str, Any], opts: CheckOptions) -> str:
    files: list[str] = group["files"]
    named = ", ".join(printable(f) for f in files[:_NAMED])
    more = f" and {len(files) - _NAMED} more" if len(files) > _NAMED else ""
    source = group["config_file"]
    where = (
        printable(source)
        if source is not None
        else "none (--isolated): the defaults"
        if opts.isolated
        else "none found: the defaults"
    )
    rows = [("key", "from", "value")] + [
        (key, " + ".join(s["from"]), printable(json.dumps(s["value"], ensure_ascii=False)))
        for key, s in group["settings"].items()
    ]
    width = [max(len(row[i]) for row in rows) for i in range(2)]
    lines = [
        f"Settings for {named}{more}" if files else "Settings for the current folder",
        f"Configuration file: {where}",
        "",
        *(f"{k:<{width[0]}}  {f:<{width[1]}}  {v}".rstrip() for k, f, v in rows),
        *(f"note: {printable(n)}" for n in group["notices"]),
    ]
    return "\n".join(lines) + "\n"
