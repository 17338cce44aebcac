"""Command line: argv into the options of a command (:mod:`awesomelint.commands`), its result into an exit
code. Nothing else happens here.

:func:`main` picks the command, reads its argv (a usual check run with :mod:`awesomelint.cli.fast`, every
other argv with the parsers of :mod:`awesomelint.cli.args`), runs it with the garbage collector switched
as the command needs, and turns its result, a usage error or a crash into the exit code. The console
script's process (the collector off before these imports, the end with ``os._exit``) is
:mod:`awesomelint._start`'s.

Exit codes: 0 no error-severity finding; 1 at least one; 2 usage error, bad configuration, or a file that
cannot be read.
"""

from __future__ import annotations

import contextlib
import gc
import os
import sys
from collections.abc import Iterator, Sequence

from awesomelint._version import __version__
from awesomelint.cli.fast import quick_check_args
from awesomelint.commands import UsageError

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at start-up
if TYPE_CHECKING:
    import argparse
    from types import SimpleNamespace
    from typing import TextIO

    from awesomelint.commands.check import CheckOptions, CheckRun

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2
ISSUES_URL = "https://github.com/awesomelint/awesomelint/issues"


# --- check (the default command) ----------------------------------------------------------------------


def check_options(args: argparse.Namespace | SimpleNamespace) -> CheckOptions:
    """The options of a check run, from either reading of its argv."""
    from awesomelint.commands.check import CheckOptions, LinkOptions, ReportOptions  # lazy: --help, --version

    return CheckOptions(
        paths=args.paths or [],
        config=args.config,
        isolated=args.isolated,
        exclude_paths=[*args.exclude_path, *(g for group in args.extend_exclude for g in group)],
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


def _parse_check_args(argv: list[str]) -> argparse.Namespace:
    from awesomelint.cli.args import build_check_parser  # lazy: argparse only for an argv fast.py declines

    return build_check_parser().parse_args(argv)


def _check(argv: list[str], stdout: TextIO, stderr: TextIO) -> int:
    if argv == ["--version"]:  # what argparse's version action prints, without argparse
        stdout.write(f"awesomelint {__version__}\n")
        return EXIT_OK
    args = quick_check_args(argv) or _parse_check_args(argv)  # --help ends here
    _warn_of_paths(args.exclude, stderr)
    opts = check_options(args)
    if args.show_settings or args.show_files:
        from awesomelint.commands import show  # lazy: only these flags print what a run would use

        (show.show_settings if args.show_settings else show.show_files)(opts, stdout, stderr)
        return EXIT_OK
    from awesomelint.commands.check import check, write_check  # lazy: --help, --version

    run = check(opts, stderr=stderr)
    write_check(run, opts, stdout, stderr)
    return check_exit_code(run, opts, args.exit_zero)


def _warn_of_paths(url_patterns: list[str], stderr: TextIO) -> None:
    """``--exclude docs`` is lychee's: a URL pattern. When it also names a path here, the user probably
    meant to leave files out: say so on stderr (the pattern still applies to URLs)."""
    for pattern in url_patterns:
        if pattern not in (".", "..") and os.path.lexists(pattern):
            import shlex  # lazy: only a warning needs it

            from awesomelint.report.text import printable  # lazy: as shlex

            shown = printable(repr(pattern))
            stderr.write(
                f"awesomelint: --exclude {shown} is a URL pattern (a regular expression matched against "
                f"link URLs), but {shown} is also a path here; to leave files out, use --exclude-path "
                f"{printable(shlex.quote(pattern))}\n"
            )


# --- the other commands (read by argparse, imported when one runs) -------------------------------------


def _export(argv: list[str], stdout: TextIO, stderr: TextIO) -> int:
    # lazy: each command's code and argparse load only when the command runs (start-up)
    from awesomelint.cli.args import build_export_parser
    from awesomelint.commands.export import ExportOptions, export

    args = build_export_parser().parse_args(argv)
    del args.verbose  # read by main
    args.exclude_path = [*args.exclude_path, *(g for group in args.extend_exclude for g in group)]
    del args.extend_exclude  # one list of globs, as a check has
    export(ExportOptions(**vars(args)), stdout, stderr)
    return EXIT_OK


def _init(argv: list[str], stdout: TextIO, stderr: TextIO) -> int:
    # lazy: as for export
    from awesomelint.cli.args import build_init_parser
    from awesomelint.commands.init import InitError, InitOptions, init

    args = build_init_parser().parse_args(argv)
    del args.verbose  # read by main
    try:
        init(InitOptions(**vars(args)), stdout)
    except InitError as exc:
        stderr.write(f"awesomelint init: error: {exc}\n")
        return EXIT_USAGE
    return EXIT_OK


def _rules(argv: list[str], stdout: TextIO, stderr: TextIO) -> int:
    # lazy: as for export
    from awesomelint.cli.args import build_rules_parser
    from awesomelint.commands.rules import list_rules

    list_rules(build_rules_parser().parse_args(argv).format, stdout)
    return EXIT_OK


def _explain(argv: list[str], stdout: TextIO, stderr: TextIO) -> int:
    # lazy: as for export
    from awesomelint.cli.args import build_explain_parser
    from awesomelint.commands.rules import explain

    explain(build_explain_parser().parse_args(argv).rule, stdout)
    return EXIT_OK


def _config(argv: list[str], stdout: TextIO, stderr: TextIO) -> int:
    # lazy: as for export
    from awesomelint.cli.args import build_config_parser
    from awesomelint.commands.config import print_schema

    build_config_parser().parse_args(argv)
    print_schema(stdout)
    return EXIT_OK


def _server(argv: list[str], stdout: TextIO, stderr: TextIO) -> int:
    from awesomelint.cli.args import build_server_parser  # lazy: as for export

    args = build_server_parser().parse_args(argv)
    from awesomelint.commands.server import serve  # lazy: the engine only for the server and a check

    _collector_for_hours()
    return serve(today=args.today, allow_private=args.allow_private_host)


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


# --- the garbage collector: switched here and nowhere else in the package (and in _start.py, before the
# imports of the console script's process)


@contextlib.contextmanager
def _collector_off() -> Iterator[None]:
    """Off while a command runs: the model is many small acyclic objects, and a collection pass over them
    only costs time (it frees nothing), while the files are read and while the output is rendered.
    Afterwards as it was (a caller of :func:`main`: tests, the API; the console script turned it off
    before its imports, :mod:`awesomelint._start`, and keeps it off to the end)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
        else:
            gc.disable()


def _collector_for_hours() -> None:
    """On for a command that runs for hours (the server), once its code is imported. What is imported by
    now lives as long as the process: frozen, no collection walks it again."""
    gc.freeze()
    gc.enable()


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
        with _collector_off():
            code = command(argv, stdout, stderr)
        stdout.flush()  # a full disk fails here, inside the handlers, not at exit
        return code
    except UsageError as exc:
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
