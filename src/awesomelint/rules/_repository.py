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
