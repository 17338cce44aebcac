"""The configuration's file keys: ``exclude`` (files never linted) and ``per-file-ignores`` (glob -> rules),
globs read gitignore-style relative to the configuration's folder."""

from __future__ import annotations

from pathlib import Path

from .test_cli import BAD
from .test_cli_habits import run

#: a list with a column-count error (AL101) and a date-format error (AL201)
TWO = BAD.replace("|2024.06|", "|2024-06|")


def lines(out: str) -> list[tuple[str, str]]:
    return sorted((line.split(":")[0].replace("\\", "/"), line.split()[1]) for line in out.splitlines())


def make_tree(root: Path, config: str) -> None:
    for rel in ("README.md", "archive/old.md", "archive/2023/older.md", "drafts/new.md", "CHANGELOG.md"):
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(TWO, encoding="utf-8")
    (root / ".awesomelint.toml").write_text(config, encoding="utf-8")


def test_per_file_ignores(tmp_path: Path) -> None:
    make_tree(
        tmp_path, '[per-file-ignores]\n"archive/**" = ["AL2"]\n"CHANGELOG.md" = ["column-count", "AL201"]\n'
    )
    code, out, _ = run(["--offline", "--quiet", "."], tmp_path)
    assert code == 1
    assert lines(out) == [
        ("README.md", "AL101"),
        ("README.md", "AL201"),
        ("archive/2023/older.md", "AL101"),
        ("archive/old.md", "AL101"),
        ("drafts/new.md", "AL101"),
        ("drafts/new.md", "AL201"),
    ]
    # the same from another folder, naming the files: globs are relative to the configuration's folder
    code, out, _ = run(["--offline", "--quiet", "old.md"], tmp_path / "archive")
    assert lines(out) == [("old.md", "AL101")]


def test_exclude(tmp_path: Path) -> None:
    make_tree(tmp_path, 'exclude = ["drafts/", "CHANGELOG.md", "archive/**", "!archive/old.md"]\n')
    code, out, _ = run(["--offline", "--quiet", "."], tmp_path)
    assert code == 1
    assert {path for path, _ in lines(out)} == {"README.md", "archive/old.md"}
    # a file named explicitly is left out too (a pre-commit hook passes the staged files by name)
    code, out, err = run(["--offline", "CHANGELOG.md", "drafts/new.md"], tmp_path)
    assert code == 0 and "All checks passed (0 files)." in out
    assert "every file given is excluded by the configuration (`exclude`)" in err


def test_bad_file_keys_name_the_key(tmp_path: Path) -> None:
    make_tree(tmp_path, '[per-file-ignores]\n"archive/**" = ["AL9"]\n')
    code, _, err = run(["--offline", "README.md"], tmp_path)
    assert code == 2 and "`per-file-ignores.archive/**`: no rule matches 'AL9'" in err
    (tmp_path / ".awesomelint.toml").write_text("exclude = 'README.md'\n", encoding="utf-8")
    code, _, err = run(["--offline", "README.md"], tmp_path)
    assert code == 2 and "`exclude`: Input should be a valid list" in err
