"""Apply the fixes that rules attach to their findings, and prove that nothing else changed.

The fixer works on the original bytes split into lines (:class:`~awesomelint.engine.buffer.Buffer`), each
line keeping its own line ending; the BOM, the endings (by position: a moved row takes the ending of the
slot it lands in) and the presence of a final newline are kept, and every line outside the edited rows is
kept byte for byte.

A pass applies the non-overlapping fixes of the current findings (the smallest first: a date rewrite or
the removal of a copy before the sort of a whole table), then parses and lints the result again; passes
repeat until no finding has a fix, at most :data:`MAX_PASSES` times. Every line remembers the original
line it comes from and the kinds of edit it went through, so that at the end the fixed document is
compared with the original entry by entry (:func:`~awesomelint.engine.verify.verify`), and any difference
but an intended one refuses the whole fix.

Writing is atomic (a temporary file in the same folder, fsync, ``os.replace``; the mode is kept) and is
refused when the file changed on disk since it was read.
"""

from __future__ import annotations

import bisect
import contextlib
import datetime as dt
import os
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from awesomelint._record import field, record
from awesomelint.engine.buffer import Buffer, FixError
from awesomelint.engine.links import open_link_service
from awesomelint.engine.lint import FileResult, lint_bytes, lint_document
from awesomelint.engine.verify import verify
from awesomelint.findings import Finding, Fix
from awesomelint.rules import Rule

if TYPE_CHECKING:
    from awesomelint.config import Config
    from awesomelint.net.interface import LinkChecker

#: passes of fix-and-lint-again before giving up on reaching a text without fixable findings
MAX_PASSES = 10


# --- choosing and applying -------------------------------------------------------------------------------


def choose(findings: Iterable[Finding]) -> list[tuple[Fix, list[Finding]]]:
    """The fixes to apply in one pass, each with the findings it fixes: identical fixes are merged (one
    table sort fixes every misplaced row of the table), then the smallest are taken first and a fix that
    overlaps one already taken waits for the next pass."""
    groups: dict[tuple[int, int, str, tuple[str, ...]], tuple[Fix, list[Finding]]] = {}
    for f in findings:
        if f.fix is None:
            continue
        key = (f.fix.line, f.fix.end_line, f.fix.kind, tuple(f.fix.replacement))
        groups.setdefault(key, (f.fix, []))[1].append(f)
    chosen: list[tuple[Fix, list[Finding]]] = []
    starts: list[int] = []  # the first lines of the chosen fixes, sorted (they do not overlap)
    ends: dict[int, int] = {}
    for fix, fs in sorted(groups.values(), key=lambda g: (g[0].end_line - g[0].line, g[0].line)):
        pos = bisect.bisect_left(starts, fix.line)
        if (pos < len(starts) and starts[pos] <= fix.end_line) or (pos and ends[starts[pos - 1]] >= fix.line):
            continue  # overlaps the chosen fix that starts next or the one that starts before
        starts.insert(pos, fix.line)
        ends[fix.line] = fix.end_line
        chosen.append((fix, fs))
    return chosen


@record
class FixOutcome:
    #: the findings of the file as it was: of every rule when it stays so (nothing fixed, fix refused),
    #: else of the fixing rules only (the others ran on the fixed text alone)
    original: FileResult
    result: FileResult  # the findings of the fixed text (the same as ``original`` when nothing changed)
    data: bytes  # the fixed bytes
    #: how many findings of the fixing rules the fixed text no longer has: those with a fix, and those a
    #: fix resolved on the way (a table sorted once a duplicate row is gone)
    fixed: int = 0
    passes: int = 0
    converged: bool = True  # False: fixable findings remain after MAX_PASSES passes
    applied: list[str] = field(default_factory=list)  # descriptions of the fixes applied
    error: str | None = None  # the fix was refused: why (``result`` and ``data`` are the original)
    #: for each line of ``data``, the 0-based line of the original it comes from (anchors the diff)
    origin: list[int] | None = None

    @property
    def changed(self) -> bool:
        return self.data != self.original.source


def fix_bytes(
    data: bytes,
    path: str,
    config: Config,
    rules: Iterable[type[Rule]],
    today: dt.date,
    online: bool = False,
    max_passes: int = MAX_PASSES,
    links: LinkChecker | None = None,
) -> FixOutcome:
    """Lint ``data``, apply the fixes until none is left, verify the result; nothing is written here.
    When a fix is refused, ``error`` says why and the outcome holds the original text and findings.

    The rules that make no fix run on the text as it was only when it stays so (nothing to fix, or the
    fix refused); otherwise only on the fixed text, whose findings are the report."""
    rules = list(rules)
    fixing = [r for r in rules if r.fixable]
    others = [r for r in rules if not r.fixable]
    own = None
    if online and links is None and any(r.checks_links for r in rules):
        own = links = open_link_service(config.links)  # one for every pass: each URL checked once
    try:
        original = lint_bytes(
            data, path, config, fixing, today=today, online=online, links=links, selected=rules
        )
        outcome = FixOutcome(original=original, result=original, data=data)
        if original.error or original.document is None:
            return outcome
        try:
            _fix(outcome, data, path, config, fixing, others, today, online, max_passes, links)
        except FixError as exc:
            outcome = FixOutcome(original=original, result=original, data=data, error=str(exc))
        if outcome.result is original:  # nothing fixed: the report is the original's, by every rule
            rest = lint_document(
                original.document, config, others, today=today, online=online, links=links, selected=rules
            )
            original.findings = sorted([*original.findings, *rest], key=Finding.sort_key)
        return outcome
    finally:
        if own is not None:
            own.close()


def _fix(
    outcome: FixOutcome,
    data: bytes,
    path: str,
    config: Config,
    fixing: list[type[Rule]],
    others: list[type[Rule]],
    today: dt.date,
    online: bool,
    max_passes: int,
    links: LinkChecker | None,
) -> None:
    """The passes of fixes; ``outcome.original`` holds the findings of the ``fixing`` rules on ``data``.
    The rules that make no fix (``others``) run once, on the fixed document, at the end."""
    original = outcome.original
    assert original.document is not None
    buf = Buffer.from_bytes(data)
    if buf.texts and len(buf.texts) != original.document.line_count:  # pragma: no cover - a parser bug
        raise FixError("the file's lines cannot be matched with the parsed lines")
    result = original
    while True:
        chosen = choose(result.findings)
        if not chosen:
            break
        if outcome.passes == max_passes:
            outcome.converged = False
            break
        outcome.passes += 1
        assert result.document is not None
        buf.apply_pass([fix for fix, _ in chosen], result.document)
        for fix, fs in chosen:
            outcome.applied.append(fix.description or f"{fs[0].rule}: lines {fix.line}-{fix.end_line}")
        result = lint_bytes(
            buf.to_bytes(),
            path,
            config,
            fixing,
            today=today,
            online=online,
            links=links,
            selected=[*fixing, *others],
            previous=result.document,
        )
        if result.error or result.document is None:
            raise FixError(f"the fixed text cannot be read: {result.error}")
    if outcome.passes:
        _fixed(outcome, result, buf, config, (fixing, others), today, online, links)


def _fixed(
    outcome: FixOutcome,
    result: FileResult,
    buf: Buffer,
    config: Config,
    rules: tuple[list[type[Rule]], list[type[Rule]]],
    today: dt.date,
    online: bool,
    links: LinkChecker | None,
) -> None:
    """Verify the fixed text (``result``, linted by the fixing rules of ``rules``), then lint it with the
    others; the outcome's report is the fixed text's."""
    original = outcome.original
    assert original.document is not None and result.document is not None and result.source is not None
    verify(original.document, result.document, buf, config, today)
    # every finding of a fixing rule that the fixed text no longer has (those with a fix, and those a
    # fix resolved on the way: a table sorted once a duplicate row is gone)
    outcome.fixed = max(0, len(original.findings) - len(result.findings))
    fixing, others = rules
    rest = lint_document(
        result.document, config, others, today=today, online=online, links=links, selected=[*fixing, *others]
    )
    result.findings = sorted([*result.findings, *rest], key=Finding.sort_key)
    outcome.result = result
    outcome.data = result.source
    outcome.origin = buf.origin


# --- writing -----------------------------------------------------------------------------------------------


def _same_file(a: os.stat_result, b: os.stat_result) -> bool:
    return (a.st_ino, a.st_dev, a.st_size, a.st_mtime_ns) == (b.st_ino, b.st_dev, b.st_size, b.st_mtime_ns)


def write_atomic(path: Path, data: bytes, expected: bytes, before: os.stat_result) -> None:
    """Replace ``path``'s content with ``data``: a temporary file in the same folder, fsync, rename over
    the file, with the file's mode (and, where allowed, owner). Refused with :class:`FixError` when the
    file no longer holds ``expected`` or was touched since ``before`` (its stat when it was read)."""
    target = Path(os.path.realpath(path))  # a symlinked README: write through the link
    changed = "the file changed on disk while it was being fixed; it is left untouched (run again)"
    try:
        if not _same_file(target.stat(), before) or target.read_bytes() != expected:
            raise FixError(changed)
    except OSError as exc:
        raise FixError(f"cannot read the file again before writing: {exc.strerror or exc}") from None
    try:
        fd, tmp_name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as exc:
        raise FixError(f"cannot create a temporary file beside it: {exc.strerror or exc}") from None
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        tmp.chmod(stat.S_IMODE(before.st_mode))
        if hasattr(os, "chown"):
            with contextlib.suppress(OSError):  # only possible for root, or to another group of one's own
                os.chown(tmp, before.st_uid, before.st_gid)
        if not _same_file(target.stat(), before):
            raise FixError(changed)
        tmp.replace(target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise FixError(f"cannot write: {exc.strerror or exc}") from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    with contextlib.suppress(OSError):  # make the rename durable where the platform allows it
        dir_fd = os.open(target.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
