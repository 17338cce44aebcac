"""The argparse side of the command line: every command's parser and the types of its arguments.

Imported only when argparse reads the argv (``--help``, a flag :mod:`awesomelint.cli.fast` does not know,
the commands other than ``check``): a plain run does not pay at start-up for argparse and its parsers. A
flag goes into its command's parser here; a flag of ``check`` also gets its default in
:data:`awesomelint.cli.fast.CHECK_DEFAULTS` (``tests/test_cli_fast.py`` holds the two equal).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import sys
from pathlib import Path

from awesomelint._regex import lazy_compile, user_pattern
from awesomelint._suggest import did_you_mean
from awesomelint._version import __version__
from awesomelint.cli.fast import DEFAULT_MAX_SIZE_MB
from awesomelint.commands import UsageError
from awesomelint.report import FORMATS

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at start-up
if TYPE_CHECKING:
    from typing import Any, NoReturn


class Parser(argparse.ArgumentParser):
    """An argparse parser with no abbreviated flags (``--offlin`` is an error, so a new flag never breaks a
    script), and a usage error that suggests the flag meant."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(allow_abbrev=False, **kwargs)

    def _get_formatter(self) -> argparse.HelpFormatter:
        # argparse makes a formatter for every argument added, and each asks shutil for the terminal's
        # width: shutil (which imports bz2 and lzma) would load in every run for a width only --help uses
        return self.formatter_class(prog=self.prog, width=_terminal_columns() - 2)  # type: ignore[call-arg]

    def error(self, message: str) -> NoReturn:
        m = re.match(r"unrecognized arguments: (\S+)", message)
        if m and m.group(1).startswith("-"):
            flags = [o for a in self._actions for o in a.option_strings if o.startswith("--")]
            message += did_you_mean(m.group(1).split("=", 1)[0], flags)
        raise UsageError(f"{self.prog}: {message}")


def _terminal_columns() -> int:
    """What ``shutil.get_terminal_size().columns`` says: $COLUMNS, else the terminal's width, else 80."""
    try:
        columns = int(os.environ.get("COLUMNS", "0"))
    except ValueError:
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or 80


# --- argument types --------------------------------------------------------------------------------------


def _csv(value: str) -> list[str]:
    return [v.strip() for v in value.split(",") if v.strip()]


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from None


def _positive_float(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {value!r}") from None
    if not 0 < number <= 600:
        raise argparse.ArgumentTypeError(f"must be more than 0 and at most 600 seconds: {value!r}")
    return number


def _concurrency(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
    if not 1 <= number <= 512:
        raise argparse.ArgumentTypeError(f"must be between 1 and 512: {value!r}")
    return number


def _size(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of megabytes: {value!r}") from None
    if not number > 0 or number == float("inf"):
        raise argparse.ArgumentTypeError(f"must be a number of megabytes above 0: {value!r}")
    return number


def _regex(value: str) -> str:
    try:
        user_pattern(value)  # RE2, as the configuration's patterns: linear in the URL
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return value


_CODE_RANGE = lazy_compile(r"(\d{3})(?:\.\.(=?)(\d{3}))?")


def _status_codes(value: str) -> list[int]:
    """lychee's --accept: codes and ranges, comma-separated: ``200..=299,403`` (``a..b`` excludes b)."""
    codes: set[int] = set()
    for part in (p.strip() for p in value.split(",")):
        m = _CODE_RANGE.fullmatch(part)
        if m is None:
            raise argparse.ArgumentTypeError(
                f"not a status code or range: {part!r} (e.g. '403' or '200..=299,403')"
            )
        low = int(m.group(1))
        high = low if m.group(3) is None else int(m.group(3)) - (0 if m.group(2) else 1)
        if not 100 <= low <= high <= 999:
            raise argparse.ArgumentTypeError(f"not a range of HTTP status codes (100 to 999): {part!r}")
        codes.update(range(low, high + 1))
    return sorted(codes)


_DURATION = lazy_compile(r"(\d+(?:\.\d+)?)\s*([smhdw]?)")
_SECONDS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400, "w": 7 * 86400}


def _duration(value: str) -> float:
    """lychee's --max-cache-age: ``1d``, ``12h``, ``30m``, ``90s``, ``2w`` (a bare number is seconds)."""
    m = _DURATION.fullmatch(value.strip().lower())
    if m is None:
        raise argparse.ArgumentTypeError(f"not a duration: {value!r} (e.g. '1d', '12h', '30m', '90s')")
    return float(m.group(1)) * _SECONDS[m.group(2)]


def _report(value: str) -> tuple[str, Path]:
    fmt, sep, path = value.partition("=")
    if not sep or fmt not in FORMATS or not path:
        raise argparse.ArgumentTypeError(
            f"expected FORMAT=FILE with FORMAT one of {', '.join(FORMATS)}: {value!r}"
        )
    return fmt, Path(path)


def _address(value: str) -> str:
    from awesomelint.net.guard import parse_networks  # lazy: only a run that names an address pays for it

    try:
        parse_networks([value])
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return value


# --- check (the default command) ----------------------------------------------------------------------


def build_check_parser(prog: str = "awesomelint") -> argparse.ArgumentParser:
    p = Parser(
        prog=prog,
        description="Lint curated lists kept as Markdown tables: columns, dates, duplicates, badges, links.",
        epilog="Other commands: `awesomelint rules`, `awesomelint explain RULE`, `awesomelint export PATH`, "
        "`awesomelint init [PATH]`, `awesomelint config --schema`, `awesomelint server`. Exit status: 0 no errors, 1 errors found (--diff: a fix to apply), "
        "2 usage error, bad config, unreadable file or refused fix.",
    )
    p.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="Markdown files or folders (default: README.md); '-' reads stdin",
    )
    _format_argument(p, FORMATS, "text")
    p.add_argument("--config", type=Path, help="use this config file instead of the nearest one")
    p.add_argument("--isolated", action="store_true", help="ignore all config files")
    _exclude_arguments(p)
    p.add_argument("--select", type=_csv, action="append", help="rules to run: names, codes or code prefixes")
    p.add_argument("--ignore", type=_csv, action="append", help="rules not to run")
    p.add_argument("--offline", action="store_true", help="run no network check")
    p.add_argument(
        "--fix",
        action="store_true",
        help="apply the safe fixes (dates into the list's format, rows into date order, identical copies "
        "removed, mojibake repaired) and write the files; then report what remains",
    )
    p.add_argument(
        "--diff",
        action="store_true",
        help="print the fixes as a unified diff instead of writing them (exit 1 when there is one)",
    )
    p.add_argument(
        "--diff-base",
        metavar="REF",
        help="report only findings on lines added or changed since the git revision REF (committed, "
        "staged or not), and check online only the URLs on those lines; 'REF...' compares with the "
        "merge base of REF and HEAD",
    )
    p.add_argument(
        "--statistics", action="store_true", help="count the findings per rule instead of listing them"
    )
    p.add_argument(
        "--output-file", "-o", type=Path, metavar="FILE", help="write the report to FILE instead of stdout"
    )
    p.add_argument(
        "--report",
        type=_report,
        action="append",
        default=[],
        metavar="FORMAT=FILE",
        help="also write the findings in FORMAT to FILE, e.g. json=report.json or markdown=summary.md "
        "(repeatable; one run, several reports)",
    )
    _show_arguments(p)
    _link_arguments(p)
    _run_arguments(p)
    return p


def _exclude_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--exclude-path",
        action="append",
        default=[],
        metavar="GLOB",
        help="never lint the files this gitignore-style glob matches, relative to the current folder: "
        "'docs/', 'CHANGELOG.md', '/drafts/**' (repeatable; added to the configuration's exclude; a file "
        "named on the command line is left out too)",
    )
    p.add_argument(
        "--extend-exclude",
        type=_csv,
        action="append",
        default=[],
        metavar="GLOBS",
        help="the same as --exclude-path, several comma-separated globs at once, as ruff's",
    )


def _show_arguments(p: argparse.ArgumentParser) -> None:
    show = p.add_mutually_exclusive_group()
    show.add_argument(
        "--show-settings",
        action="store_true",
        help="print the configuration of the files (every key, its value and where it comes from: "
        "default, the configuration file or a flag) and exit; text, or JSON with --format json",
    )
    show.add_argument(
        "--show-files",
        action="store_true",
        help="print the files that would be linted (folders searched, .gitignore and excludes applied), "
        "one a line, and exit",
    )


def _format_argument(p: argparse.ArgumentParser, choices: tuple[str, ...], default: str) -> None:
    p.add_argument(
        "--format",
        "--output-format",
        choices=choices,
        default=default,
        metavar="FORMAT",
        help=f"output format: {', '.join(choices)} (default: {default}); --output-format is the same "
        "flag, as ruff names it",
    )


def _link_arguments(p: argparse.ArgumentParser) -> None:
    net = p.add_argument_group("link checks (online)")
    net.add_argument(
        "--timeout", type=_positive_float, metavar="SECONDS", help="total time allowed per URL (default: 20)"
    )
    net.add_argument(
        "--max-concurrency", type=_concurrency, metavar="N", help="requests in flight at once (default: 32)"
    )
    net.add_argument("--no-cache", action="store_true", help="check every link again, ignore cached results")
    net.add_argument(
        "--cache-dir",
        metavar="DIR",
        help="folder of the link cache (default: $XDG_CACHE_HOME/awesomelint or ~/.cache/awesomelint)",
    )
    net.add_argument(
        "--max-cache-age",
        type=_duration,
        metavar="AGE",
        help="reuse a cached answer for this long: 1d, 12h, 30m, 90s (default: 1d; cache-ttl)",
    )
    net.add_argument(
        "--exclude",
        type=_regex,
        action="append",
        default=[],
        metavar="REGEX",
        help="never check URLs this regular expression finds (repeatable; added to [links] exclude); "
        "to leave files out, --exclude-path",
    )
    net.add_argument(
        "--accept",
        type=_status_codes,
        action="append",
        default=[],
        metavar="CODES",
        help="status codes that count as alive for every URL besides 2xx: '403', '200..=299,403' "
        "(repeatable; added to accept)",
    )
    net.add_argument(
        "--github-token",
        metavar="TOKEN",
        help="the token sent to GitHub's hosts (default: $GITHUB_TOKEN, else $GH_TOKEN; prefer the "
        "environment, which other users of the machine cannot read)",
    )
    net.add_argument(
        "--allow-private-host",
        type=_address,
        action="append",
        default=[],
        metavar="ADDR",
        help="allow connecting to this loopback/private address or network (repeatable)",
    )


def _run_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--color",
        choices=("auto", "always", "never"),
        default="auto",
        help="colour the text report: auto (default: on a terminal, unless NO_COLOR is set), always, never",
    )
    p.add_argument(
        "--exit-zero", action="store_true", help="exit 0 even when errors are found (not on a crash)"
    )
    p.add_argument("--quiet", "-q", action="store_true", help="print findings only, no summary")
    p.add_argument("--today", type=_date, help="the date to check 'future' dates against (default: today)")
    p.add_argument("--stdin-filename", default="<stdin>", help="the name to report for '-'")
    _max_size(p)
    p.add_argument("--version", action="version", version=f"awesomelint {__version__}")
    _verbose_argument(p)


def _max_size(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--max-size",
        type=_size,
        default=DEFAULT_MAX_SIZE_MB,
        metavar="MB",
        help=f"refuse files larger than this (default: {DEFAULT_MAX_SIZE_MB} MB)",
    )


def _verbose_argument(p: argparse.ArgumentParser) -> None:
    p.add_argument("--verbose", action="store_true", help="on an internal error, print the traceback")


# --- the other commands ---------------------------------------------------------------------------------


def build_export_parser() -> argparse.ArgumentParser:
    from awesomelint.commands.export import EXPORT_FORMATS  # lazy: the export code only for export

    p = Parser(
        prog="awesomelint export",
        description="Print every entry of a list as data (table rows, list items, HTML table rows, paragraph "
        "entries): section, lines, date, title, links, badges.",
    )
    p.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="Markdown files or folders (default: README.md); '-' reads stdin",
    )
    _format_argument(p, EXPORT_FORMATS, "json")
    _exclude_arguments(p)
    p.add_argument(
        "--schema", action="store_true", help="print the JSON Schema of the --format json (or jsonl) output"
    )
    p.add_argument("--config", type=Path, help="use this config file instead of the nearest one")
    p.add_argument("--isolated", action="store_true", help="ignore all config files")
    p.add_argument("--today", type=_date, help="the date two-digit years are read against (default: today)")
    p.add_argument("--stdin-filename", default="<stdin>", help="the name to report for '-'")
    p.add_argument(
        "--output-file", "-o", type=Path, metavar="FILE", help="write the entries to FILE instead of stdout"
    )
    _max_size(p)
    p.add_argument(
        "--online",
        action="store_true",
        help="add what arXiv's API (and GitHub's, with GITHUB_TOKEN) says: paper titles and dates, "
        "repositories' current names, archived flags and stars",
    )
    p.add_argument("--no-cache", action="store_true", help="with --online: ask the APIs again")
    p.add_argument("--allow-private-host", action="append", default=[], metavar="ADDR", help="as for linting")
    _verbose_argument(p)
    return p


def build_init_parser() -> argparse.ArgumentParser:
    p = Parser(
        prog="awesomelint init",
        description="Infer a list's configuration (columns, date column and format, date order, duplicate "
        "scope) from its README and write it to .awesomelint.toml.",
    )
    p.add_argument(
        "path", nargs="?", default="README.md", metavar="PATH", help="the list (default: README.md)"
    )
    p.add_argument(
        "--pyproject",
        action="store_true",
        help="write [tool.awesomelint] into the pyproject.toml beside the list instead",
    )
    p.add_argument("--force", action="store_true", help="replace an existing configuration")
    p.add_argument("--stdout", action="store_true", help="print the configuration; write nothing")
    p.add_argument(
        "--today", type=_date, help="the date 'future' dates are measured against (default: today)"
    )
    _max_size(p)
    _verbose_argument(p)
    return p


def build_rules_parser() -> argparse.ArgumentParser:
    p = Parser(prog="awesomelint rules", description="List every rule.")
    _format_argument(p, ("text", "json", "markdown"), "text")
    return p


def build_explain_parser() -> argparse.ArgumentParser:
    p = Parser(prog="awesomelint explain", description="Explain a rule: what, why, example, fix.")
    p.add_argument("rule", help="rule name or code")
    return p


def build_config_parser() -> argparse.ArgumentParser:
    p = Parser(prog="awesomelint config", description="About the configuration file.")
    p.add_argument(
        "--schema",
        action="store_true",
        required=True,
        help="print the JSON Schema of .awesomelint.toml ([tool.awesomelint] in pyproject.toml)",
    )
    return p


def build_server_parser() -> argparse.ArgumentParser:
    p = Parser(
        prog="awesomelint server",
        description="Speak the Language Server Protocol on stdin/stdout, for editors: diagnostics as you "
        "type (offline rules), links on save with [links] on-save = true, and quick fixes.",
    )
    p.add_argument(
        "--today", type=_date, help="the date 'future' dates are measured against (default: today)"
    )
    p.add_argument(
        "--allow-private-host",
        type=_address,
        action="append",
        default=[],
        metavar="ADDR",
        help="allow the link checks on save to reach this loopback/private address or network (repeatable)",
    )
    return p
