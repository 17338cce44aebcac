"""Command line: argv into the options of a command (:mod:`awesomelint.commands`), its result into an exit
code. Nothing else happens here.

Exit codes: 0 no error-severity finding; 1 at least one; 2 usage error, bad configuration, or a file that
cannot be read.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import os
import re
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from types import SimpleNamespace

from awesomelint._regex import lazy_compile
from awesomelint._suggest import did_you_mean
from awesomelint._version import __version__
from awesomelint.commands import UsageError
from awesomelint.report import FORMATS

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at start-up
if TYPE_CHECKING:
    import argparse
    from typing import Any, NoReturn, TextIO

    from awesomelint.commands.check import CheckOptions, CheckRun

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2
DEFAULT_MAX_SIZE_MB = 64  # the same as commands.files.DEFAULT_MAX_SIZE_MB, without importing it (start-up)


class _UsageError(Exception):
    pass


def _parser(**kwargs: Any) -> argparse.ArgumentParser:
    """An argparse parser with no abbreviated flags (``--offlin`` is an error, so a new flag never breaks a
    script), and a usage error that suggests the flag meant."""
    return parser_class()(**kwargs)


_CLASSES: dict[str, type[argparse.ArgumentParser]] = {}


def parser_class() -> type[argparse.ArgumentParser]:
    """The class of :func:`_parser`, made at its first use: a plain run reads its argv without argparse
    (:func:`quick_check_args`), whose import and parser cost about 4 ms of a pre-commit run."""
    if "parser" not in _CLASSES:
        import argparse  # lazy: see the docstring

        class Parser(argparse.ArgumentParser):
            def __init__(self, **kwargs: Any) -> None:
                super().__init__(allow_abbrev=False, **kwargs)

            def _get_formatter(self) -> argparse.HelpFormatter:
                # argparse makes a formatter for every argument added, and each asks shutil for the
                # terminal's width: importing shutil (with bz2, lzma) costs a run 2-3 ms for a width only
                # --help uses
                return self.formatter_class(prog=self.prog, width=_terminal_columns() - 2)  # type: ignore[call-arg]

            def error(self, message: str) -> NoReturn:
                m = re.match(r"unrecognized arguments: (\S+)", message)
                if m and m.group(1).startswith("-"):
                    flags = [o for a in self._actions for o in a.option_strings if o.startswith("--")]
                    message += did_you_mean(m.group(1).split("=", 1)[0], flags)
                raise _UsageError(f"{self.prog}: {message}")

        _CLASSES["parser"] = Parser
    return _CLASSES["parser"]


def _type_error(message: str) -> Exception:
    """argparse's error for a bad value of an argument type (only argparse calls those, once imported)."""
    import argparse  # lazy: see parser_class

    return argparse.ArgumentTypeError(message)


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
        raise _type_error(f"not a date (YYYY-MM-DD): {value!r}") from None


def _positive_float(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        raise _type_error(f"not a number: {value!r}") from None
    if not 0 < number <= 600:
        raise _type_error(f"must be more than 0 and at most 600 seconds: {value!r}")
    return number


def _concurrency(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise _type_error(f"not a whole number: {value!r}") from None
    if not 1 <= number <= 512:
        raise _type_error(f"must be between 1 and 512: {value!r}")
    return number


def _size(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        raise _type_error(f"not a number of megabytes: {value!r}") from None
    if not number > 0 or number == float("inf"):
        raise _type_error(f"must be a number of megabytes above 0: {value!r}")
    return number


def _regex(value: str) -> str:
    try:
        re.compile(value)
    except re.error as exc:
        raise _type_error(f"not a valid regular expression: {value!r}: {exc}") from None
    return value


_CODE_RANGE = lazy_compile(r"(\d{3})(?:\.\.(=?)(\d{3}))?")


def _status_codes(value: str) -> list[int]:
    """lychee's --accept: codes and ranges, comma-separated: ``200..=299,403`` (``a..b`` excludes b)."""
    codes: set[int] = set()
    for part in (p.strip() for p in value.split(",")):
        m = _CODE_RANGE.fullmatch(part)
        if m is None:
            raise _type_error(f"not a status code or range: {part!r} (e.g. '403' or '200..=299,403')")
        low = int(m.group(1))
        high = low if m.group(3) is None else int(m.group(3)) - (0 if m.group(2) else 1)
        if not 100 <= low <= high <= 999:
            raise _type_error(f"not a range of HTTP status codes (100 to 999): {part!r}")
        codes.update(range(low, high + 1))
    return sorted(codes)


_DURATION = lazy_compile(r"(\d+(?:\.\d+)?)\s*([smhdw]?)")
_SECONDS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400, "w": 7 * 86400}


def _duration(value: str) -> float:
    """lychee's --max-cache-age: ``1d``, ``12h``, ``30m``, ``90s``, ``2w`` (a bare number is seconds)."""
    m = _DURATION.fullmatch(value.strip().lower())
    if m is None:
        raise _type_error(f"not a duration: {value!r} (e.g. '1d', '12h', '30m', '90s')")
    return float(m.group(1)) * _SECONDS[m.group(2)]


def _report(value: str) -> tuple[str, Path]:
    fmt, sep, path = value.partition("=")
    if not sep or fmt not in FORMATS or not path:
        raise _type_error(f"expected FORMAT=FILE with FORMAT one of {', '.join(FORMATS)}: {value!r}")
    return fmt, Path(path)


def _address(value: str) -> str:
    from awesomelint.net.guard import parse_networks  # lazy: only a run that names an address pays for it

    try:
        parse_networks([value])
    except ValueError as exc:
        raise _type_error(str(exc)) from None
    return value


# --- check (the default command) ----------------------------------------------------------------------


def build_check_parser(prog: str = "awesomelint") -> argparse.ArgumentParser:
    p = _parser(
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
    p.add_argument("--format", choices=FORMATS, default="text", help="output format (default: text)")
    p.add_argument("--config", type=Path, help="use this config file instead of the nearest one")
    p.add_argument("--isolated", action="store_true", help="ignore all config files")
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
    _link_arguments(p)
    _run_arguments(p)
    return p


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
        help="never check URLs this regular expression finds (repeatable; added to exclude)",
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


#: what argparse gives a check run with no argument (tests/test_cli.py compares it with the parser's)
CHECK_DEFAULTS: dict[str, object] = {
    "paths": [], "format": "text", "config": None, "isolated": False, "select": None, "ignore": None,
    "offline": False, "fix": False, "diff": False, "diff_base": None, "statistics": False,
    "output_file": None, "report": [], "timeout": None, "max_concurrency": None, "no_cache": False,
    "cache_dir": None, "max_cache_age": None, "exclude": [], "accept": [], "github_token": None,
    "allow_private_host": [], "color": "auto", "exit_zero": False, "quiet": False, "today": None,
    "stdin_filename": "<stdin>", "max_size": DEFAULT_MAX_SIZE_MB, "verbose": False,
}  # fmt: skip
_QUICK_SWITCHES = {
    "--isolated": "isolated", "--offline": "offline", "--fix": "fix", "--diff": "diff",
    "--statistics": "statistics", "--no-cache": "no_cache", "--exit-zero": "exit_zero",
    "--quiet": "quiet", "-q": "quiet", "--verbose": "verbose",
}  # fmt: skip


def quick_check_args(argv: Sequence[str]) -> SimpleNamespace | None:
    """The options of the usual check runs (``awesomelint --offline README.md``, a pre-commit hook's
    ``awesomelint --format github a.md b.md``) read without argparse, exactly as argparse reads them; None
    for anything else (a flag with a value, ``--help``, a path that starts with '-', '--', paths on both
    sides of a flag, which argparse refuses), which argparse then reads."""
    values: dict[str, object] = {**CHECK_DEFAULTS, "report": [], "exclude": [], "accept": []}
    values["allow_private_host"] = []
    paths: list[str] = []
    after_paths = False  # a flag came after the paths: argparse takes no more paths
    tokens = iter(argv)
    for token in tokens:
        if token in _QUICK_SWITCHES:
            values[_QUICK_SWITCHES[token]] = True
        elif token == "--format" or token.startswith("--format="):
            value = next(tokens, None) if token == "--format" else token[len("--format=") :]
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


def check_options(args: argparse.Namespace | SimpleNamespace) -> CheckOptions:
    from awesomelint.commands.check import CheckOptions, LinkOptions, ReportOptions  # lazy: --help, --version

    return CheckOptions(
        paths=args.paths or [],
        config=args.config,
        isolated=args.isolated,
        select=[x for group in args.select or [] for x in group] or None,
        ignore=[x for group in args.ignore or [] for x in group],
        offline=args.offline,
        fix=args.fix,
        diff=args.diff,
        diff_base=args.diff_base,
        today=args.today,
        stdin_filename=args.stdin_filename,
        max_size=args.max_size,
        links=LinkOptions(
            timeout=args.timeout,
            max_concurrency=args.max_concurrency,
            no_cache=args.no_cache,
            cache_dir=args.cache_dir,
            allow_private=args.allow_private_host,
            exclude=args.exclude,
            accept=sorted({code for group in args.accept for code in group}),
            max_cache_age=args.max_cache_age,
            github_token=args.github_token,
        ),
        report=ReportOptions(
            format=args.format,
            statistics=args.statistics,
            output_file=args.output_file,
            color=args.color,
            quiet=args.quiet,
            extra=args.report,
        ),
    )


def check_exit_code(run: CheckRun, opts: CheckOptions, exit_zero: bool) -> int:
    if run.failed:
        return EXIT_USAGE
    if exit_zero:
        return EXIT_OK
    if opts.diff:
        return EXIT_FINDINGS if run.files_changed else EXIT_OK
    return EXIT_FINDINGS if run.errors else EXIT_OK


@contextlib.contextmanager
def _collector_off() -> Iterator[None]:
    """The model is many small acyclic objects: a collection pass over them only costs time, while the
    files are read and while the output is rendered (1.5-2 s of a 34k-row list with it on)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled and not _PROCESS["ends"]:
            gc.enable()


def _check(argv: list[str], stdout: TextIO, stderr: TextIO) -> int:
    if argv == ["--version"]:  # what argparse's version action prints, without argparse
        stdout.write(f"awesomelint {__version__}\n")
        return EXIT_OK
    args = quick_check_args(argv) or build_check_parser().parse_args(argv)  # --help ends here

    from awesomelint.commands.check import check, write_check  # lazy: --help, --version

    opts = check_options(args)
    with _collector_off():
        run = check(opts, stderr=stderr)
        write_check(run, opts, stdout, stderr)
    return check_exit_code(run, opts, args.exit_zero)


# --- the other commands ---------------------------------------------------------------------------------


def _export(argv: list[str], stdout: TextIO, stderr: TextIO) -> int:
    from awesomelint.commands.export import EXPORT_FORMATS, ExportOptions, export  # lazy: start-up

    p = _parser(
        prog="awesomelint export",
        description="Print every entry (table row) of a list as data: section, line, date, title, links, "
        "badges.",
    )
    p.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="Markdown files or folders (default: README.md); '-' reads stdin",
    )
    p.add_argument("--format", choices=EXPORT_FORMATS, default="json", help="output format (default: json)")
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
    args = p.parse_args(argv)
    del args.verbose  # read by main
    with _collector_off():
        export(ExportOptions(**vars(args)), stdout, stderr)
    return EXIT_OK


def _init(argv: list[str], stdout: TextIO, stderr: TextIO) -> int:
    from awesomelint.commands.init import InitError, InitOptions, init  # lazy: start-up

    p = _parser(
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
    args = p.parse_args(argv)
    del args.verbose  # read by main
    try:
        with _collector_off():
            init(InitOptions(**vars(args)), stdout)
    except InitError as exc:
        stderr.write(f"awesomelint init: error: {exc}\n")
        return EXIT_USAGE
    return EXIT_OK


def _rules(argv: list[str], stdout: TextIO, stderr: TextIO) -> int:
    from awesomelint.commands.rules import list_rules  # lazy: start-up

    p = _parser(prog="awesomelint rules", description="List every rule.")
    p.add_argument("--format", choices=("text", "json", "markdown"), default="text")
    list_rules(p.parse_args(argv).format, stdout)
    return EXIT_OK


def _explain(argv: list[str], stdout: TextIO, stderr: TextIO) -> int:
    from awesomelint.commands.rules import explain  # lazy: start-up

    p = _parser(prog="awesomelint explain", description="Explain a rule: what, why, example, fix.")
    p.add_argument("rule", help="rule name or code")
    explain(p.parse_args(argv).rule, stdout)
    return EXIT_OK


def _config(argv: list[str], stdout: TextIO, stderr: TextIO) -> int:
    from awesomelint.commands.config import print_schema  # lazy: start-up

    p = _parser(prog="awesomelint config", description="About the configuration file.")
    p.add_argument(
        "--schema",
        action="store_true",
        required=True,
        help="print the JSON Schema of .awesomelint.toml ([tool.awesomelint] in pyproject.toml)",
    )
    p.parse_args(argv)
    print_schema(stdout)
    return EXIT_OK


def _server(argv: list[str], stdout: TextIO, stderr: TextIO) -> int:
    p = _parser(
        prog="awesomelint server",
        description="Speak the Language Server Protocol on stdin/stdout, for editors: diagnostics as you "
        "type (offline rules), links on save with [links] on-save = true, and quick fixes.",
    )
    p.add_argument(
        "--today", type=_date, help="the date 'future' dates are measured against (default: today)"
    )
    args = p.parse_args(argv)
    from awesomelint.commands.server import serve  # lazy: the engine only for the server and a check

    # the console script starts with the collector off; a server runs for hours. What is imported by now
    # lives as long as the process: frozen, no collection walks it again.
    gc.freeze()
    gc.enable()
    return serve(today=args.today)


_COMMANDS = {
    "rules": _rules,
    "explain": _explain,
    "export": _export,
    "init": _init,
    "config": _config,
    "server": _server,
    "check": _check,
}
SUBCOMMANDS = tuple(_COMMANDS)


def main(
    argv: Sequence[str] | None = None, stdout: TextIO | None = None, stderr: TextIO | None = None
) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    command = _COMMANDS.get(argv[0], _check) if argv else _check
    if argv and argv[0] in _COMMANDS:
        argv = argv[1:]
    if stdout is sys.stdout:
        _tolerant(sys.stdout)  # a file name that is not UTF-8 is shown escaped, never a crash
    if stderr is sys.stderr:
        _tolerant(sys.stderr)
    try:
        code = command(argv, stdout, stderr)
        stdout.flush()  # a full disk fails here, inside the handlers, not at exit
        return code
    except (UsageError, _UsageError) as exc:
        stderr.write(f"{exc}\n")
        return EXIT_USAGE
    except KeyboardInterrupt:
        stderr.write("awesomelint: interrupted\n")
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except SystemExit as exc:  # --help and --version
        return int(exc.code or 0) if not isinstance(exc.code, str) else EXIT_USAGE
    except OSError as exc:  # the output cannot be written (a full disk, a closed terminal, ...)
        _write_error(stderr, f"awesomelint: error: cannot write the output: {exc.strerror or exc}")
        if stdout is sys.stdout:
            _discard_stdout()
        return EXIT_USAGE
    except Exception as exc:
        # a crash is never a finding: exit 2, not 1, and say so in one line
        _write_error(
            stderr,
            f"awesomelint: internal error: {type(exc).__name__}: {exc}; please report it at "
            f"{ISSUES_URL}" + ("" if "--verbose" in argv else " (run with --verbose for the traceback)"),
        )
        if "--verbose" in argv:
            import traceback  # lazy: only a crash prints a traceback

            _write_error(stderr, "".join(traceback.format_exception(exc)).rstrip())
        return EXIT_USAGE


ISSUES_URL = "https://github.com/awesomelint/awesomelint/issues"
#: whether this process ends when the command does (the console script), not a caller's (tests, the API)
_PROCESS = {"ends": False}


def run_process() -> NoReturn:
    """The console script and ``python -m awesomelint``: :func:`main` on ``sys.argv``, then the process
    ends at once. The collector stays off to the end, and nothing is freed object by object nor torn
    down: on a 32k-row list that is 0.1-0.2 s of work nobody waits for. What the run wrote is flushed
    first, and every file it opened is closed by then."""
    _PROCESS["ends"] = True
    code = main()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except BrokenPipeError:
            pass  # a reader that stopped reading (| head) is not an error
        except (OSError, ValueError):
            code = code or EXIT_USAGE
    os._exit(code)


def _tolerant(stream: TextIO) -> None:
    reconfigure = getattr(stream, "reconfigure", None)
    if reconfigure is not None:
        reconfigure(errors="backslashreplace")


def _discard_stdout() -> None:
    """Point stdout at /dev/null, so that the flush at exit does not fail a second time."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def _write_error(stderr: TextIO, message: str) -> None:
    try:
        stderr.write(f"{message}\n")
        stderr.flush()
    except (OSError, ValueError):
        pass
