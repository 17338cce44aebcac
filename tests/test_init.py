"""awesomelint init: the inferred configuration loads, changes no finding, and never overwrites silently."""

from __future__ import annotations

import io
import shutil
import tomllib
from pathlib import Path

import pytest

from awesomelint.cli import main
from awesomelint.config import Config, load_config
from awesomelint.engine import lint_bytes, selected_rules

from .conftest import ROOT, TODAY

EXAMPLE = ROOT / "examples" / "awesome-llm-serving.md"


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(["init", "--today", TODAY.isoformat(), *argv], out, err)
    return code, out.getvalue(), err.getvalue()


def findings(path: Path, config: Config) -> list[tuple[int, int, str, str, bool]]:
    result = lint_bytes(path.read_bytes(), path.name, config, selected_rules(config), today=TODAY)
    assert result.error is None
    return [(f.line, f.column, f.rule, f.severity, f.fixable) for f in result.findings]


def test_init_writes_a_config_that_loads_and_changes_nothing(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    shutil.copy(EXAMPLE, readme)
    code, out, err = run(str(readme))
    assert code == 0, err
    target = tmp_path / ".awesomelint.toml"
    assert out.startswith(f"Wrote {target} (dates.column, dates.format, dates.order, duplicates.scope")
    config = load_config(readme)
    assert config.source == str(target)
    assert config.dates.column == "Date"
    assert config.dates.format == "YYYY.MM"
    assert config.dates.order == "ascending"
    assert config.duplicates.scope == "file"  # no paper repeats across the two tables
    assert config.tables.header == ["Date", "Title", "Paper", "Code", "Recom"]
    assert findings(readme, config) == findings(readme, Config())
    text = target.read_text()
    assert "#   'KV Cache' (line 13): ascending" in text


def test_init_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    shutil.copy(EXAMPLE, readme)
    target = tmp_path / ".awesomelint.toml"
    target.write_text('ignore = ["badge-url"]\n')
    code, _out, err = run(str(readme))
    assert code == 2 and "exists; use --force" in err
    assert target.read_text() == 'ignore = ["badge-url"]\n'
    target.chmod(0o600)
    code, _out, err = run(str(readme), "--force")
    assert code == 0, err
    assert "ignore" not in target.read_text() and load_config(readme).dates.format == "YYYY.MM"
    assert target.stat().st_mode & 0o777 == 0o600


def test_init_stdout_writes_nothing(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    shutil.copy(EXAMPLE, readme)
    code, out, _ = run(str(readme), "--stdout")
    assert code == 0
    assert tomllib.loads(out)["dates"]["format"] == "YYYY.MM"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["README.md"]


PYPROJECT = """\
[project]
name = "my-list"   # a comment that must survive

[tool.ruff]
line-length = 100

[tool.other]
key = "value"
"""


def test_init_into_pyproject_keeps_everything_else(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    shutil.copy(EXAMPLE, readme)
    project = tmp_path / "pyproject.toml"
    project.write_text(PYPROJECT)
    code, _out, err = run(str(readme), "--pyproject")
    assert code == 0, err
    text = project.read_text()
    assert text.startswith(PYPROJECT)  # every byte of the existing file is kept
    data = tomllib.loads(text)
    assert data["tool"]["ruff"] == {"line-length": 100} and data["project"] == {"name": "my-list"}
    config = load_config(readme)
    assert config.source == str(project) and config.dates.format == "YYYY.MM"
    assert findings(readme, config) == findings(readme, Config())
    # a second time: refused, then replaced in place with --force, the rest still intact
    code, _out, err = run(str(readme), "--pyproject")
    assert code == 2 and "already configures awesomelint" in err
    code, _out, err = run(str(readme), "--pyproject", "--force")
    assert code == 0, err
    assert project.read_text() == text
    # and .awesomelint.toml beside it would shadow the pyproject table: refused without --force
    code, _out, err = run(str(readme))
    assert code == 2 and "would take precedence" in err


def test_init_force_replaces_an_old_table_in_the_middle(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    shutil.copy(EXAMPLE, readme)
    project = tmp_path / "pyproject.toml"
    old = (
        '[tool.awesomelint]\nignore = ["badge-url"]\n\n[tool.awesomelint.document.dates]\norder = "none"\n\n'
    )
    project.write_bytes(
        (PYPROJECT.replace("[tool.other]", old + "[tool.other]")).replace("\n", "\r\n").encode()
    )
    code, _out, err = run(str(readme), "--pyproject", "--force")
    assert code == 0, err
    raw = project.read_bytes()
    assert b"\n" not in raw.replace(b"\r\n", b"")  # CRLF kept, also in the new table
    data = tomllib.loads(raw.decode())
    assert data["tool"]["other"] == {"key": "value"}
    assert "ignore" not in data["tool"]["awesomelint"]
    assert data["tool"]["awesomelint"]["dates"]["order"] == "ascending"
    assert raw.decode().index("[tool.awesomelint]") < raw.decode().index("[tool.other]")


def test_init_refuses_a_pyproject_it_cannot_edit_safely(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    shutil.copy(EXAMPLE, readme)
    project = tmp_path / "pyproject.toml"
    project.write_text('[tool]\nawesomelint = { ignore = ["badge-url"] }\n')
    code, _out, err = run(str(readme), "--pyproject", "--force")
    assert code == 2 and "remove it by hand" in err
    assert project.read_text() == '[tool]\nawesomelint = { ignore = ["badge-url"] }\n'


def test_init_on_unreadable_input(tmp_path: Path) -> None:
    code, _out, err = run(str(tmp_path / "missing.md"))
    assert code == 2 and "cannot read" in err
    bad = tmp_path / "README.md"
    bad.write_bytes(b"\xff\xfe\x00a")
    code, _out, err = run(str(bad))
    assert code == 2 and "UTF-16" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["README.md"]


def test_a_key_that_would_change_findings_is_left_out(tmp_path: Path) -> None:
    """A table of years beside a table of months keeps its own format under inference; a configured
    `dates.format` would make its years defects, so init leaves the key out and says why."""
    readme = tmp_path / "README.md"
    months = "".join(f"|2024.0{i}|T{i}|\n" for i in range(1, 8))
    years = "".join(f"|{2020 + i}|Y{i}|\n" for i in range(1, 5))
    readme.write_text(f"|Date|Title|\n|---|---|\n{months}\n|Year|Title|\n|---|---|\n{years}")
    code, out, err = run(str(readme))
    assert code == 0, err
    assert 'note: dates.format = "YYYY.MM" is left out: it would change the findings' in out
    assert "note: date columns have several headers" in out
    config = load_config(readme)
    assert config.dates.column is None and config.dates.format is None
    assert findings(readme, config) == findings(readme, Config())
    # the check has teeth: with the format configured, the years are reported
    forced = Config(dates={"format": "YYYY.MM"})
    assert [f[:3] for f in findings(readme, forced)] == [(n, 2, "date-format") for n in range(13, 17)]


@pytest.mark.corpus
def test_corpus_init_config_gives_the_same_findings(corpus: Path, tmp_path: Path) -> None:
    files = sorted(corpus.glob("*.md"))
    assert files
    for source in files:
        folder = tmp_path / source.stem
        folder.mkdir()
        readme = folder / "README.md"
        shutil.copy(source, readme)
        code, _out, err = run(str(readme))
        assert code == 0, f"{source.name}: {err}"
        config = load_config(readme)
        assert config.source == str(folder / ".awesomelint.toml")
        assert findings(readme, config) == findings(readme, Config()), source.name


@pytest.mark.corpus
@pytest.mark.parametrize(
    ("name", "fmt", "order"),
    [
        ("WooooDyy__LLM-Agent-Paper-List__README.md", "YYYY/MM", "infer"),  # `- [2023/08] **Title.**` items
        # paragraph entries: `D Mon YYYY`, but a few pad the day (`06 Jun 2022`), another spelling the list
        # uses, which only an inferred format reads as such: the key would change findings and is left out
        ("hee9joon__Awesome-Diffusion-Models__README.md", None, None),
        ("avelino__awesome-go__README.md", None, None),  # `- [Name](url) - Description.`: no dates
    ],
)
def test_init_on_lists_of_entries(
    corpus: Path, tmp_path: Path, name: str, fmt: str | None, order: str | None
) -> None:
    """A list whose entries are list items or paragraph entries gets the date format and order of its
    dated lists (none for an undated list), and the written file changes no finding."""
    source = corpus / "bullets" / name
    if not source.is_file():
        pytest.skip(f"{source} is not in the corpus")
    readme = tmp_path / "README.md"
    shutil.copy(source, readme)
    code, _out, err = run(str(readme))
    assert code == 0, err
    config = load_config(readme)
    assert config.source == str(tmp_path / ".awesomelint.toml")
    assert (config.dates.format, config.dates.column) == (fmt, None)
    assert config.dates.order == (order or "infer")
    text = (tmp_path / ".awesomelint.toml").read_text()
    assert ("dated list(s) of entries" in text) == (fmt is not None)
    if name.startswith("hee9joon"):
        assert 'dates.format = "D Mon YYYY" is left out' in text
    assert findings(readme, config) == findings(readme, Config())


def test_init_reads_the_order_of_dated_list_items(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    items = "".join(
        f"- [2024/{m:02d}] **Paper {m}.** [[paper](https://arxiv.org/abs/24{m:02d}.0000{m})]\n"
        for m in (9, 7, 5, 3)
    )
    readme.write_text(f"# Papers\n\n## Agents\n\n{items}\n## Tools\n\n{items}", encoding="utf-8")
    code, out, err = run(str(readme), "--stdout")
    assert code == 0, err
    data = tomllib.loads(out)
    assert data["dates"] == {"format": "YYYY/MM", "order": "descending"}
    assert "#   'Agents' (line 5): descending" in out
