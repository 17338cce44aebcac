"""Command line: argument parsing and exit codes only.

Exit codes: 0 no error-severity finding; 1 at least one; 2 usage error, bad configuration, or a file that
cannot be read.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from awesomelint import __version__

if TYPE_CHECKING:
    from awesomelint.config import Config
    from awesomelint.diff import GitDiff, LineChanges
    from awesomelint.engine import FileResult
    from awesomelint.model import Document
    from awesomelint.rules import Rule

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2
SUBCOMMANDS = ("check", "rules", "explain", "export", "init")
MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd")
DEFAULT_MAX_SIZE_MB = 64


class UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(f"{self.prog}: {message}")


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


def _address(value: str) -> str:
    from awesomelint.net.guard import parse_networks

    try:
        parse_networks([value])
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return value


def build_check_parser(prog: str = "awesomelint") -> argparse.ArgumentParser:
    from awesomelint.report import FORMATS

    p = _Parser(
        prog=prog,
        description="Lint curated lists kept as Markdown tables: columns, dates, duplicates, badges, links.",
        epilog="Other commands: `awesomelint rules`, `awesomelint explain RULE`, `awesomelint export PATH`, "
        "`awesomelint init [PATH]`. Exit status: 0 no errors, 1 errors found (--diff: a fix to apply), "
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
        "--allow-private-host",
        type=_address,
        action="append",
        default=[],
        metavar="ADDR",
        help="allow connecting to this loopback/private address or network (repeatable)",
    )
    p.add_argument("--color", choices=("auto", "always", "never"), default="auto")
    p.add_argument(
        "--exit-zero", action="store_true", help="exit 0 even when errors are found (not on a crash)"
    )
    p.add_argument("--quiet", "-q", action="store_true", help="print findings only, no summary")
    p.add_argument("--today", type=_date, help="the date to check 'future' dates against (default: today)")
    p.add_argument("--stdin-filename", default="<stdin>", help="the name to report for '-'")
    p.add_argument(
        "--max-size",
        type=float,
        default=DEFAULT_MAX_SIZE_MB,
        metavar="MB",
        help=f"refuse files larger than this (default: {DEFAULT_MAX_SIZE_MB} MB)",
    )
    p.add_argument("--version", action="version", version=f"awesomelint {__version__}")
    return p


def _use_color(choice: str, stream: TextIO) -> bool:
    if choice != "auto":
        return choice == "always"
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return bool(getattr(stream, "isatty", lambda: False)()) and os.environ.get("TERM") != "dumb"


def _collect(paths: list[str]) -> list[str]:
    out: list[str] = []
    for raw in paths:
        p = Path(raw)
        if raw != "-" and p.is_dir():
            found = sorted(
                str(f)
                for f in p.rglob("*")
                if f.suffix.lower() in MARKDOWN_SUFFIXES
                and f.is_file()
                and not any(part.startswith(".") or part == "node_modules" for part in f.relative_to(p).parts)
            )
            out.extend(found)
        else:
            out.append(raw)
    return out


def run_check(argv: Sequence[str], stdout: TextIO, stderr: TextIO) -> int:
    from awesomelint.config import ConfigError, default_config, load_config
    from awesomelint.engine import FileResult, lint_bytes, selected_rules
    from awesomelint.rules import registry

    args = build_check_parser().parse_args(list(argv))
    select = [x for group in args.select or [] for x in group] or None
    ignore = [x for group in args.ignore or [] for x in group]
    reg = registry()
    for pattern in [*(select or []), *ignore]:
        if not reg.matches_any(pattern):
            raise UsageError(f"awesomelint: no rule matches {pattern!r} (see `awesomelint rules`)")
    paths = args.paths or []
    if not paths:
        if not Path("README.md").is_file():
            raise UsageError("awesomelint: no PATH given and no README.md here; pass the files to lint")
        paths = ["README.md"]
    files = _collect(paths)
    if not files:
        raise UsageError(f"awesomelint: no Markdown files under {' '.join(paths)}")
    fixing = args.fix or args.diff
    if fixing and args.diff_base:
        raise UsageError(
            "awesomelint: --fix and --diff fix whole files; they do not combine with --diff-base"
        )
    if args.fix and not args.diff and "-" in files:
        raise UsageError("awesomelint: --fix cannot write back to stdin; use --diff to see the fixes")
    if args.diff and args.format != "text":
        raise UsageError("awesomelint: --diff prints a unified diff; it takes no --format")
    diffs: list[str] = []

    configs: dict[str, Config] = {}
    results: list[FileResult] = []
    online = not args.offline
    extras: dict[str, object] = {}
    today = args.today or dt.date.today()
    max_bytes = int(args.max_size * 1024 * 1024)
    differ = _git_diff(args.diff_base) if args.diff_base else None
    gc_was_enabled = gc.isenabled()
    gc.disable()  # the model is many small acyclic objects: collection passes only cost time
    try:
        for name in files:
            display = args.stdin_filename if name == "-" else name
            st = None
            try:
                if name == "-":
                    data = sys.stdin.buffer.read(max_bytes + 1)
                else:
                    st = Path(name).stat()
                    size = st.st_size
                    if size > max_bytes:
                        results.append(
                            FileResult(
                                path=display,
                                error=(
                                    f"file is {size / 1048576:.1f} MB, larger than --max-size {args.max_size:g} MB; "
                                    "raise the limit to lint it"
                                ),
                            )
                        )
                        continue
                    data = Path(name).read_bytes()
            except OSError as exc:
                results.append(FileResult(path=display, error=f"cannot read: {exc.strerror or exc}"))
                continue
            if len(data) > max_bytes:
                results.append(
                    FileResult(path=display, error=f"input is larger than --max-size {args.max_size:g} MB")
                )
                continue
            if args.isolated:
                config = default_config()
            else:
                key = (
                    str(args.config)
                    if args.config
                    else str(Path(name).resolve().parent if name != "-" else Path.cwd())
                )
                if key not in configs:
                    configs[key] = load_config(Path(name) if name != "-" else Path.cwd(), args.config)
                config = configs[key]
            rules = selected_rules(config, select, ignore, online=online)
            if online and "links" not in extras and any(r.online or r.name == "badge-url" for r in rules):
                extras["links"] = _link_service(args, config, stderr)
            changes = None
            if differ is not None:
                changes = _changes(differ, name, display, data)
            if fixing:
                results.append(
                    _fix_file(
                        name,
                        display,
                        data,
                        st,
                        config,
                        rules,
                        today,
                        online,
                        args.diff,
                        diffs,
                        stderr,
                        extras,
                    )
                )
            else:
                results.append(
                    lint_bytes(
                        data,
                        display,
                        config,
                        rules,
                        today=today,
                        online=online,
                        changes=changes,
                        extras=extras,
                    )
                )
    except ConfigError as exc:
        stderr.write(f"awesomelint: config error: {exc}\n")
        return EXIT_USAGE
    finally:
        if gc_was_enabled:
            gc.enable()
        service = extras.get("links")
        if service is not None:
            service.close()  # type: ignore[attr-defined]

    for r in results:
        if r.error:
            stderr.write(f"{r.path}: error: {r.error}\n")
    if args.diff:
        return _report_diff(results, diffs, stdout, stderr)
    if args.output_file is not None:
        try:
            args.output_file.parent.mkdir(parents=True, exist_ok=True)
            with args.output_file.open("w", encoding="utf-8", newline="\n") as out:
                _render(args, results, out, color=False)
        except OSError as exc:
            raise UsageError(f"awesomelint: cannot write {args.output_file}: {exc.strerror or exc}") from None
    else:
        _render(args, results, stdout, color=_use_color(args.color, stdout))
    if service is not None:
        for notice in service.notices:  # type: ignore[attr-defined]
            stderr.write(f"awesomelint: {notice}\n")
        line = service.summary()  # type: ignore[attr-defined]
        if line and not args.quiet:
            stderr.write(line + "\n")
    if any(r.error for r in results):
        return EXIT_USAGE
    if args.exit_zero:
        return EXIT_OK
    return EXIT_FINDINGS if any(f.severity == "error" for r in results for f in r.findings) else EXIT_OK


def _fix_file(
    name: str,
    display: str,
    data: bytes,
    st: os.stat_result | None,
    config: Config,
    rules: list[type[Rule]],
    today: dt.date,
    online: bool,
    diff_only: bool,
    diffs: list[str],
    stderr: TextIO,
    extras: dict[str, object] | None = None,
) -> FileResult:
    """Fix one file: write it back (``--fix``) or add its diff to ``diffs`` (``--diff``)."""
    from awesomelint.fix import MAX_PASSES, FixError, fix_bytes, unified_diff, write_atomic

    outcome = fix_bytes(data, display, config, rules, today, online, extras=extras)
    original = outcome.original
    if original.error:
        return original
    if outcome.error:
        original.error = f"fix refused: {outcome.error}; the file is left untouched"
        original.fixed = 0
        return original
    result = outcome.result
    if outcome.changed:
        if diff_only:
            diffs.append(unified_diff(display, data, outcome.data))
        else:
            assert st is not None
            try:
                write_atomic(Path(name), outcome.data, data, st)
            except FixError as exc:
                original.error = f"fix refused: {exc}"
                original.fixed = 0
                return original
    if not outcome.converged:
        stderr.write(
            f"{display}: warning: fixable findings remain after {MAX_PASSES} passes of fixes; "
            "run again to continue\n"
        )
    result.fixed = outcome.fixed
    result.changed = outcome.changed
    return result


def _report_diff(results: list[FileResult], diffs: list[str], stdout: TextIO, stderr: TextIO) -> int:
    """``--diff``: the diffs on stdout, a summary on stderr; exit 1 when a file would change."""
    for text in diffs:
        stdout.write(text)
    fixed = sum(r.fixed or 0 for r in results)
    changed = sum(1 for r in results if r.changed)
    remaining = sum(len(r.findings) for r in results)
    if changed:
        stderr.write(
            f"Would fix {fixed} finding{'s' if fixed != 1 else ''} in {changed} "
            f"file{'s' if changed != 1 else ''}; {remaining} would remain.\n"
        )
    else:
        stderr.write(f"Nothing to fix; {remaining} finding{'s' if remaining != 1 else ''} without a fix.\n")
    if any(r.error for r in results):
        return EXIT_USAGE
    return EXIT_FINDINGS if changed else EXIT_OK


def _read_one(name: str, max_bytes: int) -> bytes:
    """A file's bytes for the commands that read one list; OSError and size as a usage-level error."""
    path = Path(name)
    try:
        if name == "-":
            data = sys.stdin.buffer.read(max_bytes + 1)
        else:
            if path.stat().st_size > max_bytes:
                raise UsageError(f"{name}: error: file is larger than --max-size")
            data = path.read_bytes()
    except OSError as exc:
        raise UsageError(f"{name}: error: cannot read: {exc.strerror or exc}") from None
    if len(data) > max_bytes:
        raise UsageError(f"{name}: error: input is larger than --max-size")
    return data


def _document(name: str, display: str, data: bytes) -> Document:
    from awesomelint.parse import SourceError, parse_bytes

    try:
        return parse_bytes(data, display)
    except SourceError as exc:
        raise UsageError(f"{display}: error: {exc.message}") from None


def run_export(argv: Sequence[str], stdout: TextIO, stderr: TextIO) -> int:
    import json

    from awesomelint.analysis import analyse
    from awesomelint.config import ConfigError, default_config, load_config
    from awesomelint.export import EXPORT_FORMATS, entries, schema, write

    p = _Parser(
        prog="awesomelint export",
        description="Print every entry (table row) of a list as data: section, line, date, title, links, "
        "badges.",
    )
    p.add_argument(
        "paths", nargs="*", metavar="PATH", help="Markdown files (default: README.md); '-' reads stdin"
    )
    p.add_argument("--format", choices=EXPORT_FORMATS, default="json", help="output format (default: json)")
    p.add_argument(
        "--schema", action="store_true", help="print the JSON Schema of the --format json (or jsonl) output"
    )
    p.add_argument("--config", type=Path, help="use this config file instead of the nearest one")
    p.add_argument("--isolated", action="store_true", help="ignore all config files")
    p.add_argument("--today", type=_date, help="the date two-digit years are read against (default: today)")
    p.add_argument("--stdin-filename", default="<stdin>", help="the name to report for '-'")
    p.add_argument("--max-size", type=float, default=DEFAULT_MAX_SIZE_MB, metavar="MB")
    args = p.parse_args(list(argv))
    if args.schema:
        if args.format == "csv":
            raise UsageError("awesomelint export: --schema describes the json and jsonl formats, not csv")
        json.dump(schema(args.format), stdout, indent=2, ensure_ascii=False)
        stdout.write("\n")
        return EXIT_OK
    paths = args.paths or ["README.md"]
    today = args.today or dt.date.today()
    max_bytes = int(args.max_size * 1024 * 1024)
    items = []
    for name in paths:
        display = args.stdin_filename if name == "-" else name
        doc = _document(name, display, _read_one(name, max_bytes))
        try:
            config = (
                default_config()
                if args.isolated
                else load_config(Path(name) if name != "-" else Path.cwd(), args.config)
            )
        except ConfigError as exc:
            stderr.write(f"awesomelint: config error: {exc}\n")
            return EXIT_USAGE
        items.extend(entries(doc, analyse(doc, config, today)))
    write(items, args.format, stdout)
    return EXIT_OK


def run_init(argv: Sequence[str], stdout: TextIO, stderr: TextIO) -> int:
    from awesomelint.init import InitError, infer_config, write_config

    p = _Parser(
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
    p.add_argument("--max-size", type=float, default=DEFAULT_MAX_SIZE_MB, metavar="MB")
    args = p.parse_args(list(argv))
    data = _read_one(args.path, int(args.max_size * 1024 * 1024))
    doc = _document(args.path, args.path, data)
    inferred = infer_config(doc, args.today or dt.date.today())
    if args.stdout:
        stdout.write(inferred.toml())
        return EXIT_OK
    folder = Path(args.path).resolve().parent
    try:
        written = write_config(inferred, folder, pyproject=args.pyproject, force=args.force)
    except InitError as exc:
        stderr.write(f"awesomelint init: error: {exc}\n")
        return EXIT_USAGE
    stdout.write(f"Wrote {written} ({inferred.summary()}).\n")
    for note in inferred.notes:
        stdout.write(f"  note: {note}\n")
    return EXIT_OK


def _render(args: argparse.Namespace, results: list[FileResult], out: TextIO, color: bool) -> None:
    from awesomelint.report import get_renderer

    if args.statistics:
        get_renderer(args.format, statistics=True)(results, out, color)
    elif args.quiet and args.format == "text":
        for r in results:
            for f in r.findings:
                out.write(f"{f.path}:{f.line}:{f.column}: {f.code} {f.rule} {f.message}\n")
    else:
        get_renderer(args.format)(results, out, color)


def _git_diff(ref: str) -> GitDiff:
    from awesomelint.diff import DiffError, GitDiff

    try:
        return GitDiff(ref)
    except DiffError as exc:
        raise UsageError(f"awesomelint: {exc}") from None


def _changes(differ: GitDiff, name: str, display: str, data: bytes) -> LineChanges:
    """The lines of one file changed since the --diff-base revision; a usage error (exit 2) when git
    cannot tell."""
    from awesomelint.diff import DiffError

    try:
        if name == "-":
            if display == "<stdin>":
                raise DiffError("--diff-base with '-' needs --stdin-filename: the path the text is stored at")
            return differ.changes_of_content(Path(display), data, display)
        return differ.changes(Path(name), data, display)
    except DiffError as exc:
        raise UsageError(f"awesomelint: {exc}") from None


def _link_service(args: argparse.Namespace, config: object, stderr: TextIO) -> object:
    """The one link service of the run: network settings from the first linted file's [links] and the
    flags; exclude, accept and severities still apply per file."""
    import importlib.util

    from awesomelint.net.service import LinkService

    progress = None
    if getattr(stderr, "isatty", lambda: False)() and importlib.util.find_spec("rich") is not None:
        from awesomelint.net.progress import RichProgress

        progress = RichProgress(stderr)
    return LinkService(
        config.links,  # type: ignore[attr-defined]
        timeout=args.timeout,
        max_concurrency=args.max_concurrency,
        use_cache=False if args.no_cache else None,
        cache_dir=args.cache_dir,
        allow_private=args.allow_private_host,
        progress=progress,
    )


def run_rules(argv: Sequence[str], stdout: TextIO) -> int:
    import json

    from awesomelint.rules import registry

    p = _Parser(prog="awesomelint rules", description="List every rule.")
    p.add_argument("--format", choices=("text", "json", "markdown"), default="text")
    args = p.parse_args(list(argv))
    rules = registry().rules
    if args.format == "markdown":
        stdout.write(rules_markdown())
        return EXIT_OK
    if args.format == "json":
        json.dump(
            [
                {
                    "name": r.name,
                    "code": r.code,
                    "severity": r.severity,
                    "online": r.online,
                    "fixable": r.fixable,
                    "summary": r.summary,
                }
                for r in rules
            ],
            stdout,
            indent=2,
        )
        stdout.write("\n")
        return EXIT_OK
    width = max(20, *(len(r.name) for r in rules))
    stdout.write(f"{'CODE':<7} {'NAME':<{width}} {'SEVERITY':<8} {'ONLINE':<6} {'FIX':<3}  SUMMARY\n")
    for r in rules:
        stdout.write(
            f"{r.code:<7} {r.name:<{width}} {r.severity:<8} {'yes' if r.online else 'no':<6} "
            f"{'yes' if r.fixable else 'no':<3}  {r.summary}\n"
        )
    return EXIT_OK


def rules_markdown() -> str:
    """The rule table of the README."""
    from awesomelint.rules import registry

    lines = ["| Code | Name | Severity | Online | Fixable | What it finds |", "|---|---|---|---|---|---|"]
    for r in registry().rules:
        lines.append(
            f"| {r.code} | `{r.name}` | {r.severity} | {'yes' if r.online else 'no'} | "
            f"{'yes' if r.fixable else 'no'} | {r.summary} |"
        )
    return "\n".join(lines) + "\n"


def run_explain(argv: Sequence[str], stdout: TextIO) -> int:
    from awesomelint.rules import registry

    p = _Parser(prog="awesomelint explain", description="Explain a rule: what, why, example, fix.")
    p.add_argument("rule", help="rule name or code")
    args = p.parse_args(list(argv))
    rule = registry().get(args.rule)
    if rule is None:
        raise UsageError(f"awesomelint explain: no rule named {args.rule!r} (see `awesomelint rules`)")
    stdout.write(rule.doc())
    return EXIT_OK


def main(
    argv: Sequence[str] | None = None, stdout: TextIO | None = None, stderr: TextIO | None = None
) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    try:
        if argv and argv[0] == "rules":
            return run_rules(argv[1:], stdout)
        if argv and argv[0] == "explain":
            return run_explain(argv[1:], stdout)
        if argv and argv[0] == "export":
            return run_export(argv[1:], stdout, stderr)
        if argv and argv[0] == "init":
            return run_init(argv[1:], stdout, stderr)
        if argv and argv[0] == "check":
            argv = argv[1:]
        return run_check(argv, stdout, stderr)
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
