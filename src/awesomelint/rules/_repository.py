"""The git work tree of a linted file, for the rules that read its repository's files (a helper module:
it holds no rule): ``missing-file``, ``contributing-guide``, ``license-section``. Read from the disk, not
by running git (a pre-commit run lints each file without paying for a process)."""

from __future__ import annotations

import os
from pathlib import Path


def work_tree(start: Path) -> Path | None:
    """The root of the git work tree that holds the folder ``start``: the nearest folder upward with a
    ``.git`` entry (a folder, or the file of a linked worktree or a submodule); None outside any."""
    for folder in (start, *start.parents):
        if (folder / ".git").exists():
            return folder
    return None


def outside_work_tree(path: str) -> bool:
    """Whether the rules that read the repository cannot know the repository of a linted file: text
    without a file name (stdin), or a file that lies in no git work tree (a README downloaded or copied
    on its own)."""
    if path.startswith("<"):
        return True
    return work_tree(Path(path).resolve().parent) is None


def file_root(path: str) -> tuple[Path, Path] | None:
    """(the folder of the linted file, the root of its work tree), resolved; None for stdin or a file
    outside any work tree."""
    if path.startswith("<"):
        return None
    folder = Path(path).resolve().parent
    root = work_tree(folder)
    return None if root is None else (folder, root)


def find_file(folders: list[Path], names: frozenset[str]) -> Path | None:
    """The first regular file among ``folders`` (in that order) whose lower-cased name is one of
    ``names``, as GitHub finds a community file whatever its case; None if there is none."""
    for folder in folders:
        try:
            listing = sorted(os.listdir(folder))  # noqa: PTH208 - names only, not paths
        except OSError:
            continue
        for name in listing:
            if name.lower() in names and (folder / name).is_file():
                return folder / name
    return None


#: at most this much of a git config file is read (a config is a few hundred bytes)
_CONFIG_READ = 256 * 1024


def git_dir(root: Path) -> Path | None:
    """The git directory of the work tree ``root``: ``.git`` itself, or where the file ``.git`` of a linked
    worktree or a submodule points (``gitdir: PATH``); its common directory when it names one."""
    dot = root / ".git"
    if dot.is_dir():
        found = dot
    else:
        try:
            first = dot.read_text(encoding="utf-8", errors="replace")[:4096].splitlines()[:1]
        except OSError:
            return None
        if not first or not first[0].startswith("gitdir:"):
            return None
        found = (root / first[0].removeprefix("gitdir:").strip()).resolve()
    try:
        common = (found / "commondir").read_text(encoding="utf-8", errors="replace")[:4096].strip()
    except OSError:
        return found
    return (found / common).resolve() if common else found


def remote_urls(root: Path) -> dict[str, str]:
    """The URL of each remote of the work tree ``root``, by name, read from its git config (the
    ``[remote "NAME"]`` sections' ``url``); empty when there is none or the config cannot be read."""
    folder = git_dir(root)
    if folder is None:
        return {}
    try:
        with (folder / "config").open("rb") as handle:
            text = handle.read(_CONFIG_READ).decode("utf-8", errors="replace")
    except OSError:
        return {}
    urls: dict[str, str] = {}
    remote = None
    for raw in text.splitlines():
        line = raw.strip()
        if line.startswith("["):
            head = line.strip("[]").strip()
            name = head[len("remote") :].strip().strip('"') if head.startswith("remote ") else None
            remote = name or None
            continue
        if remote is not None and remote not in urls:
            key, sep, value = line.partition("=")
            if sep and key.strip().lower() == "url":
                urls[remote] = value.strip().strip('"')
    return urls
