"""Which lines of a file changed since a git revision (``--diff-base REF``).

git is run as a subprocess (no library): ``git diff --unified=0 BASE -- PATH`` compares the revision with the
working tree, so committed, staged and unstaged edits all count. A renamed file is compared with its old
path, an untracked file is new in every line, and a revision that is not in the clone (a shallow CI
checkout) stops the run with a message that says how to fetch it: awesomelint never silently lints nothing.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from bisect import bisect_left
from collections.abc import Callable
from functools import partial
from pathlib import Path

from awesomelint._record import field, record
from awesomelint._regex import lazy_compile

#: a hunk header of ``git diff --unified=0``: ``@@ -a[,b] +c[,d] @@``
_HUNK = lazy_compile(rb"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@")
#: how long one git command may take
GIT_TIMEOUT = 120


class DiffError(Exception):
    """--diff-base cannot tell what changed (no git, not a repository, unknown revision): exit 2."""


@record(frozen=True)
class LineChanges:
    """The changes to one file since the base revision, in the file's own line numbers (1-based, counted
    as awesomelint counts them).

    ``lines`` were added or changed. ``cuts`` are places where lines were removed and nothing replaced
    them: ``n`` means "between line n and line n + 1" (0: before the first line). ``whole_file`` marks a
    file that did not exist at the base revision (or is untracked): every line is new.
    """

    lines: frozenset[int] = frozenset()
    cuts: frozenset[int] = frozenset()
    whole_file: bool = False
    #: reads the file as it was at the base revision (None when it did not exist there)
    base: Callable[[], bytes | None] | None = field(default=None, compare=False, repr=False)
    _sorted: tuple[int, ...] = field(default=(), compare=False, repr=False)
    _sorted_cuts: tuple[int, ...] = field(default=(), compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_sorted", tuple(sorted(self.lines)))
        object.__setattr__(self, "_sorted_cuts", tuple(sorted(self.cuts)))

    @property
    def empty(self) -> bool:
        return not (self.whole_file or self.lines or self.cuts)

    def changed(self, line: int) -> bool:
        return self.whole_file or line in self.lines

    def any_changed(self, first: int, last: int) -> bool:
        """Whether a line in ``first..last`` (inclusive) was added or changed."""
        if self.whole_file:
            return True
        i = bisect_left(self._sorted, first)
        return i < len(self._sorted) and self._sorted[i] <= last

    def touches_block(self, first: int, last: int) -> bool:
        """Whether the change reached the block ``first..last``: a line in it was added or changed, or lines
        were removed inside it or at its edges."""
        if self.any_changed(first, last):
            return True
        i = bisect_left(self._sorted_cuts, first - 1)
        return i < len(self._sorted_cuts) and self._sorted_cuts[i] <= last


def parse_unified_zero(patch: bytes) -> tuple[set[int], set[int], bool]:
    """(added or changed lines, cuts, binary) of the new side of a ``git diff --unified=0`` patch of one
    file."""
    lines: set[int] = set()
    cuts: set[int] = set()
    binary = False
    for raw in patch.split(b"\n"):
        if raw.startswith(b"@@ "):
            m = _HUNK.match(raw)
            if m is None:
                continue
            start = int(m.group(1))
            count = int(m.group(2)) if m.group(2) is not None else 1
            if count == 0:
                cuts.add(start)  # "+c,0": lines removed after new line c
            else:
                lines.update(range(start, start + count))
        elif raw.startswith(b"Binary files ") and raw.endswith(b" differ"):
            binary = True
    return lines, cuts, binary


def _git_to_doc_lines(data: bytes) -> list[int] | None:
    """For a file with lone CR line ends (which git does not count but GitHub does): the first document
    line of every git line (index 0 = git line 1), plus one entry past the end. None when the numbering is
    the same."""
    text = data.replace(b"\r\n", b"\n")
    if b"\r" not in text:
        return None
    starts = []
    doc_line = 1
    for chunk in text.split(b"\n"):
        starts.append(doc_line)
        doc_line += chunk.count(b"\r") + 1
    starts.append(doc_line)
    return starts


def _remap(lines: set[int], cuts: set[int], data: bytes) -> tuple[set[int], set[int]]:
    starts = _git_to_doc_lines(data)
    if starts is None:
        return lines, cuts
    last = len(starts) - 1
    new_lines: set[int] = set()
    for n in lines:
        if 1 <= n <= last:
            new_lines.update(range(starts[n - 1], starts[n]))
    new_cuts = {starts[min(n, last)] - 1 for n in cuts}
    return new_lines, new_cuts


def _fetch_hint(ref: str, remotes: list[str]) -> str:
    """How to fetch ``ref`` into a clone that lacks it, from a remote the clone really has."""
    m = re.fullmatch(r"(?:HEAD|@)(?:~(\d*)|\^+)", ref)
    if m:
        n = int(m.group(1) or 1) if "~" in ref else ref.count("^")
        return f"Fetch it first, e.g. `git fetch --deepen={n}`"
    if not remotes:
        return (
            "This repository has no remote to fetch it from: add one (`git remote add origin URL`) and "
            "fetch it, or name a revision the repository has"
        )
    # a remote-tracking branch (origin/main): fetching the branch also updates it
    for remote in remotes:
        for prefix in (f"refs/remotes/{remote}/", f"{remote}/"):
            if ref.startswith(prefix) and len(ref) > len(prefix):
                return f"Fetch it first, e.g. `git fetch --depth=1 {remote} {ref[len(prefix) :]}`"
    remote = "origin" if "origin" in remotes else remotes[0]
    return f"Fetch it first, e.g. `git fetch --depth=1 {remote} {ref}`"


@record
class _Repo:
    root: Path
    base: str  # the commit id the working tree is compared with
    renamed_from: dict[str, str]  # new path -> old path (relative to root, '/'-separated)


class _Git:
    """The git program, run without a terminal prompt, in the C locale, within a time limit."""

    def __init__(self) -> None:
        git = shutil.which("git")
        if git is None:
            raise DiffError("--diff-base needs git, which is not installed or not on PATH")
        self.path = git

    def run(self, args: list[str], cwd: Path, check: bool = True) -> subprocess.CompletedProcess[bytes]:
        env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"}
        env.pop("GIT_DIR", None)
        env.pop("GIT_WORK_TREE", None)
        try:
            proc = subprocess.run(
                [self.path, *args],
                cwd=cwd,
                capture_output=True,
                env=env,
                timeout=GIT_TIMEOUT,
                check=False,
            )
        except subprocess.TimeoutExpired:
            raise DiffError(f"git {args[0]} took longer than {GIT_TIMEOUT} s in {cwd}") from None
        except OSError as exc:
            raise DiffError(f"cannot run git: {exc.strerror or exc}") from None
        if check and proc.returncode != 0:
            msg = proc.stderr.decode("utf-8", "replace").strip().splitlines()
            raise DiffError(
                f"git {' '.join(args[:2])} failed in {cwd}: {msg[-1] if msg else proc.returncode}"
            )
        return proc

    def is_shallow(self, root: Path) -> bool:
        proc = self.run(["rev-parse", "--is-shallow-repository"], root, check=False)
        return proc.stdout.strip() == b"true"


def _resolve(git: _Git, root: Path, ref: str) -> str:
    """The commit ``ref`` names in the repository at ``root`` ('REF...': its merge base with HEAD)."""
    merge_base = ref.endswith("...")
    name = ref[:-3] if merge_base else ref
    proc = git.run(["rev-parse", "--verify", "--quiet", f"{name}^{{commit}}"], root, check=False)
    if proc.returncode != 0 or not proc.stdout.strip():
        raise DiffError(_missing(git, root, ref, name))
    sha = proc.stdout.decode().strip()
    if not merge_base:
        return sha
    proc = git.run(["merge-base", sha, "HEAD"], root, check=False)
    if proc.returncode != 0 or not proc.stdout.strip():
        raise DiffError(
            f"--diff-base {ref}: {name} and HEAD have no common ancestor in {root}"
            + (
                " (this is a shallow clone: fetch more history first, e.g. `git fetch --deepen=100` or "
                "`git fetch --unshallow`)"
                if git.is_shallow(root)
                else ""
            )
        )
    return proc.stdout.decode().strip()


def _missing(git: _Git, root: Path, ref: str, name: str) -> str:
    if git.run(["rev-parse", "--verify", "--quiet", "HEAD"], root, check=False).returncode != 0:
        return f"--diff-base {ref}: the repository {root} has no commits yet, so nothing changed since {name}"
    kind = git.run(["cat-file", "-t", name], root, check=False)
    if kind.returncode == 0 and kind.stdout.strip():
        what = kind.stdout.decode("utf-8", "replace").strip()
        return (
            f"--diff-base {ref}: {name} names a {what} in {root}, not a commit; give a commit, branch or tag"
        )
    remotes = git.run(["remote"], root, check=False).stdout.decode("utf-8", "replace").split()
    shallow = git.is_shallow(root)
    where = "this shallow clone" if shallow else "this clone"
    return (
        f"--diff-base {ref}: no such commit in {where} ({root}), so the changed lines are unknown. "
        f"{_fetch_hint(name, remotes)}"
        + (" (or check out with `fetch-depth: 0`)" if shallow else "")
        + ", then run again."
    )


def _renames(git: _Git, root: Path, base: str) -> dict[str, str]:
    """The files renamed since ``base``: new path -> old path."""
    proc = git.run(["diff", "--name-status", "-z", "-M", "--no-ext-diff", base, "--"], root)
    fields = proc.stdout.split(b"\0")
    out: dict[str, str] = {}
    i = 0
    while i < len(fields) and fields[i]:
        status = fields[i]
        if status[:1] in (b"R", b"C"):
            if status[:1] == b"R":
                out[os.fsdecode(fields[i + 2])] = os.fsdecode(fields[i + 1])
            i += 3
        else:
            i += 2
    return out


def _from_patch(patch: bytes, data: bytes, base: Callable[[], bytes | None]) -> LineChanges:
    sections = [s for s in re.split(rb"(?m)^diff --git ", patch) if s.strip()]
    # a rename that git did not pair shows the old path as deleted: only the new side matters
    sections = [s for s in sections if b"\n+++ /dev/null" not in s and b"\ndeleted file mode" not in s]
    lines: set[int] = set()
    cuts: set[int] = set()
    for section in sections:
        if b"\nnew file mode" in section:
            return LineChanges(whole_file=True)
        got_lines, got_cuts, binary = parse_unified_zero(section)
        if binary:
            return LineChanges(whole_file=True)
        lines |= got_lines
        cuts |= got_cuts
    lines, cuts = _remap(lines, cuts, data)
    return LineChanges(lines=frozenset(lines), cuts=frozenset(cuts), base=base)


class GitDiff:
    """The lines changed since ``ref`` in each file asked about, repository by repository."""

    def __init__(self, ref: str) -> None:
        if not ref or ref.startswith("-"):
            raise DiffError(f"--diff-base {ref!r}: not a git revision")
        self.ref = ref
        self._git = _Git()
        self._repos: dict[Path, _Repo] = {}

    def _repo(self, directory: Path, shown: str) -> _Repo:
        if not directory.is_dir():
            raise DiffError(
                f"{shown}: its folder {directory} does not exist, so --diff-base cannot find its repository"
            )
        proc = self._git.run(["rev-parse", "--show-toplevel"], directory, check=False)
        if proc.returncode != 0:
            said = proc.stderr.decode("utf-8", "replace").strip()
            if "not a git repository" in said.lower() or not said:
                raise DiffError(
                    f"{shown}: not inside a git repository, so --diff-base cannot tell which lines changed; "
                    "lint it without --diff-base"
                )
            # e.g. "detected dubious ownership" in a container: git's own words say what to do
            raise DiffError(f"{shown}: git cannot read the repository of {directory}: {said}")
        root = Path(os.fsdecode(proc.stdout.rstrip(b"\n"))).resolve()
        repo = self._repos.get(root)
        if repo is None:
            base = _resolve(self._git, root, self.ref)
            repo = _Repo(root=root, base=base, renamed_from=_renames(self._git, root, base))
            self._repos[root] = repo
        return repo

    def _locate(self, path: Path, shown: str) -> tuple[_Repo, str]:
        absolute = path.resolve()
        repo = self._repo(absolute.parent, shown)
        try:
            rel = absolute.relative_to(repo.root).as_posix()
        except ValueError:
            raise DiffError(f"{shown}: lies outside its git repository {repo.root}") from None
        return repo, rel

    def changes(self, path: Path, data: bytes, shown: str | None = None) -> LineChanges:
        """The lines of the file at ``path`` (whose current content is ``data``) changed since the base."""
        shown = shown or str(path)
        repo, rel = self._locate(path, shown)
        tracked = self._git.run(["ls-files", "-z", "--", f":(literal){rel}"], repo.root).stdout
        if not tracked:
            return LineChanges(whole_file=True)  # untracked: every line is new
        old = repo.renamed_from.get(rel)
        specs = [f":(literal){rel}"] + ([f":(literal){old}"] if old else [])
        blob = partial(self._blob, repo, old or rel)
        proc = self._git.run(
            [
                "diff",
                "--unified=0",
                "--no-color",
                "--no-ext-diff",
                "--no-textconv",
                "-M",
                repo.base,
                "--",
                *specs,
            ],
            repo.root,
        )
        return _from_patch(proc.stdout, data, blob)

    def changes_of_content(self, path: Path, data: bytes, shown: str | None = None) -> LineChanges:
        """The lines of ``data`` (text that would be stored at ``path``, such as an editor's buffer read
        from stdin) that differ from the file at the base revision."""
        shown = shown or str(path)
        repo, rel = self._locate(path, shown)
        old = self._blob(repo, repo.renamed_from.get(rel, rel))
        if old is None:
            return LineChanges(whole_file=True)
        with tempfile.TemporaryDirectory(prefix="awesomelint-") as tmp:
            a, b = Path(tmp, "a"), Path(tmp, "b")
            a.write_bytes(old)
            b.write_bytes(data)
            diff = self._git.run(
                ["diff", "--no-index", "--unified=0", "--no-color", "--no-ext-diff", "--", str(a), str(b)],
                repo.root,
                check=False,
            )
        if diff.returncode not in (0, 1):
            raise DiffError(f"git diff --no-index failed: {diff.stderr.decode('utf-8', 'replace').strip()}")
        return _from_patch(diff.stdout, data, lambda: old)

    def _blob(self, repo: _Repo, rel: str) -> bytes | None:
        """The file at ``rel`` as it was at the base revision; None when it did not exist there."""
        proc = self._git.run(["cat-file", "blob", f"{repo.base}:{rel}"], repo.root, check=False)
        return proc.stdout if proc.returncode == 0 else None


def ignored_in(folder: Path) -> set[str] | None:
    """What git ignores under ``folder`` (``.gitignore`` files, ``.git/info/exclude``, the user's excludes):
    paths relative to ``folder``, '/'-separated, a folder ending in '/' (listed once, not its contents).
    None when git is missing or ``folder`` is in no repository."""
    try:
        git = _Git()
        proc = git.run(
            ["ls-files", "-z", "--others", "--ignored", "--exclude-standard", "--directory", "--", "."],
            folder,
            check=False,
        )
    except DiffError:
        return None
    if proc.returncode != 0:
        return None
    return {p.decode("utf-8", "surrogateescape") for p in proc.stdout.split(b"\0") if p}
