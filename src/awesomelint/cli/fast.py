"""The usual argv of a check run read without argparse: a copy of argparse's reading, made for start-up.

A plain run (``awesomelint --offline README.md``, a pre-commit hook's ``awesomelint --format github a.md
b.md``) would otherwise import argparse and build its parser at every start. :func:`quick_check_args` reads
the switches, ``--format`` (and its alias ``--output-format``) and the paths exactly as
:func:`awesomelint.cli.args.build_check_parser` does, and declines (returns None) anything else, which
argparse then reads: a flag it does not know, a flag with another value, ``--help``, ``--``. ``tests/test_cli_fast.py`` holds the two readings
equal on every argv of a few words, and :data:`CHECK_DEFAULTS` equal to argparse's defaults.
"""

from __future__ import annotations

from collections.abc import Sequence
from types import SimpleNamespace

from awesomelint.report import FORMATS

DEFAULT_MAX_SIZE_MB = 64  # the same as commands.files.DEFAULT_MAX_SIZE_MB, without importing it (start-up)

#: what argparse gives a check run with no argument (a new flag of the check parser adds its default here)
CHECK_DEFAULTS: dict[str, object] = {
    "paths": [], "format": "text", "config": None, "isolated": False, "exclude_path": [],
    "extend_exclude": [], "select": None, "ignore": None, "show_settings": False, "show_files": False,
    "offline": False, "fix": False, "diff": False, "diff_base": None, "statistics": False,
    "output_file": None, "report": [], "timeout": None, "max_concurrency": None, "no_cache": False,
    "cache_dir": None, "max_cache_age": None, "exclude": [], "accept": [], "github_token": None,
    "allow_private_host": [], "color": "auto", "exit_zero": False, "quiet": False, "today": None,
    "stdin_filename": "<stdin>", "max_size": DEFAULT_MAX_SIZE_MB, "verbose": False,
}  # fmt: skip
#: the flags read here that take no value, and the option each sets
_SWITCHES = {
    "--isolated": "isolated", "--offline": "offline", "--fix": "fix", "--diff": "diff",
    "--statistics": "statistics", "--no-cache": "no_cache", "--exit-zero": "exit_zero",
    "--quiet": "quiet", "-q": "quiet", "--verbose": "verbose",
}  # fmt: skip
#: the flag read here that takes a value, under both its names (``--output-format`` is ruff's)
_FORMAT = ("--format", "--output-format")
_FORMAT_EQUALS = tuple(f"{flag}=" for flag in _FORMAT)


def quick_check_args(argv: Sequence[str]) -> SimpleNamespace | None:
    """The options of the usual check runs read without argparse, exactly as argparse reads them; None
    for anything else (a flag with a value, ``--help``, a path that starts with '-', '--', paths on both
    sides of a flag, which argparse refuses), which argparse then reads."""
    values: dict[str, object] = {**CHECK_DEFAULTS, "report": [], "exclude": [], "accept": []}
    values.update(allow_private_host=[], exclude_path=[], extend_exclude=[])
    paths: list[str] = []
    after_paths = False  # a flag came after the paths: argparse takes no more paths
    tokens = iter(argv)
    for token in tokens:
        if token in _SWITCHES:
            values[_SWITCHES[token]] = True
        elif token in _FORMAT or token.startswith(_FORMAT_EQUALS):
            value = next(tokens, None) if token in _FORMAT else token.partition("=")[2]
            if value not in FORMATS:
                return None
            values["format"] = value
        elif (token.startswith("-") and token != "-") or after_paths:
            return None
        else:
            paths.append(token)
            continue
        after_paths = bool(paths)
    values["paths"] = paths
    return SimpleNamespace(**values)
