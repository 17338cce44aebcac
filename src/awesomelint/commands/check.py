"""``awesomelint check`` (the default command): lint files, or fix them (``--fix``, ``--diff``), and write
the report."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from awesomelint._record import field, record
from awesomelint.commands import UsageError
from awesomelint.commands.files import (
    DEFAULT_MAX_SIZE_MB,
    EXCLUDE_PATH_FLAGS,
    Configs,
    PathExclusion,
    ReadError,
    collect,
    config_error,
    excluded,
    open_output,
    read_input,
)
from awesomelint.config import ConfigError
from awesomelint.config.base import ACCEPT_EVERY_URL
from awesomelint.engine import FileResult, lint_bytes, selected_rules
from awesomelint.report import STATISTICS_FORMATS, get_renderer
from awesomelint.report.text import printable, use_color
from awesomelint.rules import registry
from awesomelint.rules._repository import outside_work_tree
from awesomelint.rules.local_files import local_links

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at start-up
if TYPE_CHECKING:
    from typing import Any, BinaryIO, TextIO

    from awesomelint.config import Config
    from awesomelint.git import GitDiff, LineChanges
    from awesomelint.net.service import LinkService


@record(eq=False)  # options and results are not compared; no __eq__ to build at start-up
class LinkOptions:
    """The flags of the online checks; None leaves the configuration's value."""

    timeout: float | None = None
    max_concurrency: int | None = None
    no_cache: bool = False
    cache_dir: str | None = None
    allow_private: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)  # more URL regular expressions never checked
    accept: list[int] = field(default_factory=list)  # status codes accepted for every URL
    max_cache_age: float | None = None  # seconds a cached answer stays valid (cache-ttl)
    github_token: str | None = None  # None: $GITHUB_TOKEN, else $GH_TOKEN

    def values(self, links: Any) -> dict[str, tuple[str, Any, bool]]:
        """What these flags make of the keys of a ``[links]`` section: field name -> (the flag, the key's
        value with it, whether the flag adds to the section's value rather than replaces it)."""
        out: dict[str, tuple[str, Any, bool]] = {}
        if self.timeout is not None:
            out["timeout"] = ("--timeout", self.timeout, False)
        if self.max_concurrency is not None:
            out["max_concurrency"] = ("--max-concurrency", self.max_concurrency, False)
        if self.no_cache:
            out["cache"] = ("--no-cache", False, False)
        if self.cache_dir:  # an empty --cache-dir leaves the configuration's
            out["cache_dir"] = ("--cache-dir", self.cache_dir, False)
        if self.max_cache_age is not None:
            out["cache_ttl"] = ("--max-cache-age", self.max_cache_age, False)
        if self.exclude:
            out["exclude"] = ("--exclude", [*links.exclude, *self.exclude], True)
        if self.accept:
            every = sorted({*links.accept.get(ACCEPT_EVERY_URL, []), *self.accept})
            out["accept"] = ("--accept", {**links.accept, ACCEPT_EVERY_URL: every}, True)
        if self.allow_private:
            out["allow_private"] = ("--allow-private-host", [*links.allow_private, *self.allow_private], True)
        return out


@record(eq=False)  # options and results are not compared; no __eq__ to build at start-up
class ReportOptions:
    format: str = "text"
    statistics: bool = False
    output_file: Path | None = None
    color: str = "auto"  # auto, always, never
    quiet: bool = False
    #: more renderings of the same findings: (format, file), e.g. ("json", report.json) beside annotations
    extra: list[tuple[str, Path]] = field(default_factory=list)


@record(eq=False)  # options and results are not compared; no __eq__ to build at start-up
class CheckOptions:
    paths: list[str] = field(default_factory=list)  # files or folders; '-' is stdin; none: ./README.md
    config: Path | None = None
    isolated: bool = False
    #: files never linted: gitignore-style globs relative to the current folder (--exclude-path,
    #: --extend-exclude), besides the configuration's ``exclude`` (relative to its file's folder)
    exclude_paths: list[str] = field(default_factory=list)
    select: list[str] | None = None
    ignore: list[str] = field(default_factory=list)
    offline: bool = False
    fix: bool = False
    diff: bool = False
    diff_base: str | None = None
    today: dt.date | None = None
    stdin_filename: str = "<stdin>"
    max_size: float = DEFAULT_MAX_SIZE_MB
    links: LinkOptions = field(default_factory=LinkOptions)
    report: ReportOptions = field(default_factory=ReportOptions)


def flag_values(config: Config, opts: CheckOptions) -> dict[str, tuple[str, Any, bool]]:
    """What the flags of a run make of the keys of a file's configuration: dotted field name (``select``,
    ``links.timeout``) -> (the flag, the key's value with it, whether the flag adds to the configuration's
    value rather than replaces it). The one place where a flag meets a key: the run applies these
    (:func:`resolve`), ``--show-settings`` shows them."""
    out: dict[str, tuple[str, Any, bool]] = {}
    if opts.select:
        out["select"] = ("--select", list(opts.select), False)
    if opts.ignore:
        out["ignore"] = ("--ignore", [*config.ignore, *opts.ignore], True)
    if opts.exclude_paths:  # applied by files.PathExclusion: relative to another folder
        out["exclude"] = (EXCLUDE_PATH_FLAGS, [*config.exclude, *opts.exclude_paths], True)
    out.update((f"links.{key}", value) for key, value in opts.links.values(config.links).items())
    return out


def resolve(config: Config, opts: CheckOptions) -> Config:
    """A file's configuration as the run uses it: with the flags that set or add to its keys (but the
    path globs of ``--exclude-path``, which :class:`~awesomelint.commands.files.PathExclusion` applies)."""
    values = flag_values(config, opts)
    values.pop("exclude", None)
    if not values:
        return config
    update = {key: value for key, (_, value, _) in values.items() if "." not in key}
    links = {key.partition(".")[2]: value for key, (_, value, _) in values.items() if "." in key}
    if links:
        update["links"] = config.links.with_values(links)
    return config.with_values(update)  # type: ignore[no-any-return]


@record(eq=False)  # options and results are not compared; no __eq__ to build at start-up
class CheckRun:
    """What a check found: a result per file, the diffs of ``--diff``, and what the run has to say on
    stderr (warnings of the fixes, notices of the link checks, their summary line)."""

    results: list[FileResult] = field(default_factory=list)
    diffs: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    #: files the rules that read the repository skipped: outside any git work tree, or stdin without a name
    unplaced: list[str] = field(default_factory=list)
    #: the rules that skipped them
    unplaced_rules: set[str] = field(default_factory=set)
    link_summary: str | None = None

    @property
    def failed(self) -> bool:
        """A file could not be read, parsed or fixed."""
        return any(r.error for r in self.results)

    @property
    def errors(self) -> int:
        return sum(1 for r in self.results for f in r.findings if f.severity == "error")

    @property
    def files_changed(self) -> int:
        return sum(1 for r in self.results if r.changed)


def _files(opts: CheckOptions, skipped: list[str]) -> list[str]:
    """The files to check (the folders left out added to ``skipped``); usage errors for rule patterns that
    match nothing and flags that do not combine."""
    reg = registry()
    for pattern in [*(opts.select or []), *opts.ignore]:
        if not reg.matches_any(pattern):
            raise UsageError(
                f"awesomelint: no rule matches {pattern!r}{reg.suggest(pattern)} (see `awesomelint rules`)"
            )
    paths = opts.paths
    if not paths:
        if not Path("README.md").is_file():
            raise UsageError("awesomelint: no PATH given and no README.md here; pass the files to lint")
        paths = ["README.md"]
    files = collect(paths, skipped)
    if not files:
        raise UsageError(f"awesomelint: no Markdown files under {' '.join(paths)}")
    if opts.diff_base is not None and not opts.diff_base.strip():
        raise UsageError(
            "awesomelint: --diff-base is empty (an unset variable such as $BASE_SHA?); give the revision "
            "to compare with, e.g. --diff-base origin/main"
        )
    if (opts.fix or opts.diff) and opts.diff_base:
        raise UsageError(
            "awesomelint: --fix and --diff fix whole files; they do not combine with --diff-base"
        )
    if opts.fix and not opts.diff and "-" in files:
        raise UsageError("awesomelint: --fix cannot write back to stdin; use --diff to see the fixes")
    if opts.diff and (opts.report.format != "text" or opts.report.extra):
        raise UsageError("awesomelint: --diff prints a unified diff; it takes no --format or --report")
    if opts.report.statistics and opts.report.format not in STATISTICS_FORMATS:
        raise UsageError(
            f"awesomelint: --statistics counts findings as text or json; --format {opts.report.format} "
            "reports each finding, so drop one of the two"
        )
    return files


def files_to_check(opts: CheckOptions, configs: Configs, notices: list[str]) -> list[str]:
    """The files a run lints: the paths given, the Markdown files under each folder (what git ignores left
    out), less what ``exclude`` (the configuration's, ``--exclude-path``) leaves out; what was left out is
    said in ``notices``. Usage errors as :func:`_files` raises them."""
    skipped: list[str] = []
    files = _files(opts, skipped)
    if skipped:
        shown = ", ".join(skipped[:10]) + (f" and {len(skipped) - 10} more" if len(skipped) > 10 else "")
        notices.append(f"skipped {len(skipped)} ignored or hidden folder(s): {shown}")
    paths = PathExclusion(opts.exclude_paths)
    kept = [name for name in files if not excluded(name, configs, paths)]
    if not kept:
        by = f" or {EXCLUDE_PATH_FLAGS}" if opts.exclude_paths else ""
        notices.append(f"every file given is excluded by the configuration (`exclude`){by}")
    return kept


class _Checker:
    """One run over the files: the configurations, the git diff and the link service it shares."""

    def __init__(self, opts: CheckOptions, stdin: BinaryIO | None, stderr: TextIO) -> None:
        self.opts = opts
        self.stdin = stdin
        self.stderr = stderr
        self.configs = Configs(opts.config, opts.isolated)
        self.today = opts.today or dt.date.today()
        self.online = not opts.offline
        self.differ = _git_diff(opts.diff_base) if opts.diff_base else None
        self.service: LinkService | None = None
        self.run = CheckRun()
        self._resolved: dict[int, Config] = {}

    def check(self, name: str) -> FileResult:
        opts = self.opts
        display = opts.stdin_filename if name == "-" else name
        try:
            data, st = read_input(name, opts.max_size, self.stdin)
        except ReadError as exc:
            return FileResult(path=display, error=str(exc))
        config = self.config(name)
        notices = self.run.notices
        notices.extend(n for n in config.notices if n not in notices)  # once, however many files it serves
        try:
            rules = selected_rules(config, online=self.online, path=name)
        except ConfigError as exc:  # a rule name in the configuration that no rule has
            raise config_error(exc) from None
        readers = [r.name for r in rules if r.reads_repository]
        unplaced = readers if readers and outside_work_tree(display) else []
        if self.online and self.service is None and any(r.checks_links for r in rules):
            try:
                self.service = self._link_service(config)
            except ConfigError as exc:  # an API address of the environment that is none
                raise config_error(exc) from None
        if opts.fix or opts.diff:
            from awesomelint.commands.fix import FixRequest, fix_file  # lazy: start-up of a plain lint

            path = Path(name) if name != "-" else None
            request = FixRequest(path, st, display, data, config, rules, self.today, self.online, opts.diff)
            result, diff, warning = fix_file(request, self.service)
            if diff:
                self.run.diffs.append(diff)
            if warning:
                self.run.warnings.append(warning)
            return self._placed(result, unplaced)
        changes = _changes(self.differ, name, display, data) if self.differ is not None else None
        result = lint_bytes(
            data,
            display,
            config,
            rules,
            today=self.today,
            online=self.online,
            changes=changes,
            links=self.service,
        )
        return self._placed(result, unplaced)

    def _placed(self, result: FileResult, unplaced: list[str]) -> FileResult:
        """``result``, the file noted for the run's notice when rules that read the repository (``unplaced``)
        skipped it: missing-file only when the file has links to files of its repository."""
        if unplaced and result.document is not None:
            skipped = [name for name in unplaced if name != "missing-file" or local_links(result.document)]
            if skipped:
                self.run.unplaced.append(result.path)
                self.run.unplaced_rules.update(skipped)
        return result

    def config(self, name: str) -> Config:
        """The configuration of a file with the flags applied (once per configuration)."""
        found = self.configs.of(name)
        key = id(found)  # the configurations live in self.configs as long as the run
        if key not in self._resolved:
            self._resolved[key] = resolve(found, self.opts)
        return self._resolved[key]

    def _link_service(self, config: Config) -> LinkService:
        """The one link service of the run: network settings from the first file that checks links and
        the flags; exclude, accept and severities still apply per file."""
        progress = None
        if getattr(self.stderr, "isatty", lambda: False)():
            from awesomelint.net.progress import TerminalProgress  # lazy: only a terminal shows it

            progress = TerminalProgress(self.stderr)
        from awesomelint.engine.links import open_link_service  # lazy: only an online run (start-up)

        # the link flags are in config.links already (resolve)
        return open_link_service(config.links, github_token=self.opts.links.github_token, progress=progress)

    def close(self) -> None:
        service = self.service
        if service is not None:
            service.close()
            self.run.notices.extend(service.notices)
            self.run.link_summary = service.summary()


def check(opts: CheckOptions, stdin: BinaryIO | None = None, stderr: TextIO | None = None) -> CheckRun:
    """Lint (or fix) every file of ``opts``. Raises :class:`UsageError` for options that cannot be
    carried out or a bad configuration; a file that cannot be read is a result with an ``error``."""
    checker = _Checker(opts, stdin, stderr or sys.stderr)
    try:
        for name in files_to_check(opts, checker.configs, checker.run.notices):
            checker.run.results.append(checker.check(name))
    finally:
        checker.close()
    unplaced = checker.run.unplaced
    if unplaced:
        shown = ", ".join(unplaced[:3]) + (f" and {len(unplaced) - 3} more" if len(unplaced) > 3 else "")
        checker.run.notices.append(
            f"{', '.join(sorted(checker.run.unplaced_rules))} skipped for {shown}: outside any git work tree (or stdin without --stdin-filename), "
            "so the repository's files are unknown"
        )
    return checker.run


def write_check(run: CheckRun, opts: CheckOptions, stdout: TextIO, stderr: TextIO) -> None:
    """The report on stdout (or ``--output-file``), the rest on stderr; ``--diff`` writes its diffs."""
    for warning in run.warnings:
        stderr.write(warning + "\n")
    for r in run.results:
        if r.error:
            stderr.write(f"{printable(r.path)}: error: {printable(r.error)}\n")
    report = opts.report
    if opts.diff:
        from awesomelint.commands.fix import write_diff  # lazy: start-up of a plain lint

        if report.output_file is not None:
            with open_output(report.output_file) as out:
                write_diff(run.results, run.diffs, out, stderr)
        else:
            write_diff(run.results, run.diffs, stdout, stderr)
        return
    if report.output_file is not None:
        with open_output(report.output_file) as out:
            _render(report, run.results, out, color=False)
    else:
        _render(report, run.results, stdout, color=use_color(report.color, stdout))
    for fmt, path in report.extra:
        with open_output(path) as out:
            get_renderer(fmt)(run.results, out, False)
    for notice in run.notices:
        stderr.write(f"awesomelint: {printable(notice)}\n")
    if run.link_summary and not report.quiet:
        stderr.write(printable(run.link_summary) + "\n")


def _render(report: ReportOptions, results: list[FileResult], out: TextIO, color: bool) -> None:
    get_renderer(report.format, statistics=report.statistics, quiet=report.quiet)(results, out, color)


def _git_diff(ref: str) -> GitDiff:
    from awesomelint.git import DiffError, GitDiff  # lazy: subprocess and tempfile only for --diff-base

    try:
        return GitDiff(ref)
    except DiffError as exc:
        raise UsageError(f"awesomelint: {exc}") from None


def _changes(differ: GitDiff, name: str, display: str, data: bytes) -> LineChanges:
    """The lines of one file changed since the --diff-base revision; a usage error (exit 2) when git
    cannot tell."""
    from awesomelint.git import DiffError  # lazy: see _git_diff

    try:
        if name == "-":
            if display == "<stdin>":
                raise DiffError("--diff-base with '-' needs --stdin-filename: the path the text is stored at")
            return differ.changes_of_content(Path(display), data, display)
        return differ.changes(Path(name), data, display)
    except DiffError as exc:
        raise UsageError(f"awesomelint: {exc}") from None
