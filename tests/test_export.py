"""awesomelint export: every entry (table row, list item, HTML row, paragraph entry) as data, in JSON,
JSONL and CSV, with a JSON Schema."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import jsonschema
import pytest

from awesomelint.cli import main
from awesomelint.document.parse import parse_bytes
from awesomelint.document.plain import plain_text

from .conftest import ROOT, TODAY

EXAMPLE = ROOT / "examples" / "awesome-llm-serving.md"


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(["export", "--today", TODAY.isoformat(), *argv], out, err)
    return code, out.getvalue(), err.getvalue()


def export_json(path: Path) -> dict:
    code, out, err = run(str(path), "--isolated")
    assert code == 0, err
    return json.loads(out)


def test_example_entries() -> None:
    payload = export_json(EXAMPLE)
    entries = payload["entries"]
    assert len(entries) == 12
    first = entries[0]
    assert first["section"] == ["Awesome LLM Serving", "KV Cache"]
    assert (first["line"], first["table"], first["date"], first["date_text"]) == (15, 1, "2023-09", "2023.09")
    assert first["title"].startswith("🔥[PagedAttention] Efficient Memory Management")
    assert [(link["kind"], link["url"], link["column"]) for link in first["links"]] == [
        ("paper", "https://arxiv.org/pdf/2309.06180", "Paper"),
        ("code", "https://github.com/vllm-project/vllm", "Code"),
    ]
    assert first["badges"] == [
        {
            "url": "https://img.shields.io/github/stars/vllm-project/vllm.svg?style=social",
            "alt": "",
            "link": None,
            "column": "Code",
        }
    ]
    assert [c["header"] for c in first["cells"]] == ["Date", "Title", "Paper", "Code", "Recom"]
    by_line = {e["line"]: e for e in entries}
    assert by_line[17]["date"] == "2024-05"  # '2024-05' in a YYYY.MM list reads unambiguously
    assert by_line[31]["date"] is None and by_line[31]["date_text"] == "2024.13"  # not a date
    assert by_line[21]["links"][0]["kind"] == "paper"  # a short row still exports
    # a blog post in the paper column is the entry's paper
    assert by_line[29]["links"][0] == {
        "url": "https://crfm.stanford.edu/2023/10/12/flashdecoding.html",
        "text": "[blog]",
        "kind": "paper",
        "column": "Paper",
        "repository": None,  # only with --online (see test_apis.py)
        "paper": None,
    }


def test_json_and_jsonl_validate_against_their_schemas() -> None:
    code, out, _ = run("--schema")
    assert code == 0
    doc_schema = json.loads(out)
    jsonschema.validate(export_json(EXAMPLE), doc_schema)
    code, out, _ = run("--schema", "--format", "jsonl")
    line_schema = json.loads(out)
    assert line_schema["title"] == "Entry"
    code, out, _ = run(str(EXAMPLE), "--format", "jsonl")
    lines = out.splitlines()
    assert len(lines) == 12
    for line in lines:
        jsonschema.validate(json.loads(line), line_schema)
    # a wrong entry does not validate: the schema has teeth
    bad = json.loads(lines[0]) | {"links": [{"url": "x", "text": "", "kind": "video", "column": "Code"}]}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, line_schema)


def test_csv() -> None:
    code, out, _ = run(str(EXAMPLE), "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 12
    assert rows[0]["paper"] == "https://arxiv.org/pdf/2309.06180"
    assert rows[0]["code"] == "https://github.com/vllm-project/vllm"
    assert rows[0]["section"] == "Awesome LLM Serving > KV Cache"
    assert rows[2]["title"].startswith("🔥[DeepSeek-V2] DeepSeek-V2: A Strong, Economical")  # comma quoted
    code, _out, err = run("--schema", "--format", "csv")
    assert code == 2 and "not csv" in err


def test_links_by_kind_and_tables_without_dates(tmp_path: Path) -> None:
    path = tmp_path / "list.md"
    path.write_text(
        "# Models\n\n| Name | Links | Notes |\n|---|---|---|\n"
        "| [**Qwen**](https://qwenlm.github.io/blog/qwen2/) | [paper](https://arxiv.org/abs/2407.10671), "
        "[code](https://gitlab.com/a/b), [![stars](https://img.shields.io/github/stars/a/b)](https://github.com/a/b) "
        "| <a href='https://example.org/doc'>docs</a> &amp; more |\n"
    )
    (entry,) = export_json(path)["entries"]
    assert entry["date"] is None and entry["date_text"] is None
    assert entry["title"] == "Qwen"
    assert [(link["kind"], link["url"]) for link in entry["links"]] == [
        ("other", "https://qwenlm.github.io/blog/qwen2/"),
        ("paper", "https://arxiv.org/abs/2407.10671"),
        ("code", "https://gitlab.com/a/b"),
        ("code", "https://github.com/a/b"),
        ("other", "https://example.org/doc"),
    ]
    assert entry["badges"] == [
        {
            "url": "https://img.shields.io/github/stars/a/b",
            "alt": "stars",
            "link": "https://github.com/a/b",
            "column": "Links",
        }
    ]


def test_plain_text() -> None:
    assert plain_text("🔥[**vLLM**](https://x.y) `code` <br> a &amp; b ![img](i.png)") == "🔥vLLM code a & b"
    assert plain_text("") == ""


def test_unreadable_input_exits_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.md"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00binary")
    code, out, err = run(str(bad))
    assert code == 2 and out == "" and "binary" in err
    code, _out, err = run(str(tmp_path / "missing.md"))
    assert code == 2 and "cannot read" in err


@pytest.mark.corpus
def test_corpus_export_counts_every_table_row(corpus: Path) -> None:
    """Every row of every table is exported, in order, as a ``row`` entry, beside the lists' entries."""
    files = sorted(corpus.glob("*.md"))
    assert files
    for path in files:
        doc = parse_bytes(path.read_bytes(), path.name)
        code, out, err = run(str(path), "--format", "jsonl", "--isolated")
        assert code == 0, err
        rows = [json.loads(x) for x in out.splitlines()]
        lines = [r["line"] for r in rows if r["kind"] == "row"]
        assert lines == [r.line for t in doc.tables for r in t.rows], path.name
        assert all(r["table"] is None for r in rows if r["kind"] != "row"), path.name


@pytest.mark.corpus
def test_every_corpus_list_exports_records_its_schema_holds(corpus: Path) -> None:
    """The export of every list of the corpus, tables and bullets, validates against the schema that
    ``--schema`` prints; the bullet lists export their entries (items, paragraphs, HTML rows)."""
    code, out, _ = run("--schema", "--format", "jsonl")
    validator = jsonschema.Draft202012Validator(json.loads(out))
    files = sorted([*corpus.glob("*.md"), *corpus.glob("bullets/*.md")])
    kinds: set[str] = set()
    for path in files:
        code, out, err = run(str(path), "--format", "jsonl", "--isolated")
        assert code == 0, err
        records = [json.loads(x) for x in out.splitlines()]
        assert records, path.name
        for record in records:
            validator.validate(record)
            assert record["line"] <= record["end_line"], (path.name, record["line"])
        kinds.update(r["kind"] for r in records)
        if "bullets" in path.parts:
            assert any(r["kind"] != "row" for r in records), path.name
    assert kinds == {"row", "item", "html-row", "paragraph"}


LIST = """# Awesome Things

An introduction with [a link](https://example.org/intro).

## Contents

- [Tools](#tools)
- [Papers](#papers)

## Tools

- [Alpha](https://github.com/a/alpha) - Does alpha things. [![stars](https://img.shields.io/github/stars/a/alpha)](https://github.com/a/alpha)
  - [Alpha Web](https://alpha.example.org) - Its web front end.
- [Beta](https://beta.example.org) - Beta, **fast**.
- [Gamma](https://gamma.example.org) - Gamma.

## Papers

- [2023/08] **Delta: a paper.** *A. Author.* [[paper](https://arxiv.org/abs/2308.00001)] [[code](https://github.com/d/delta)]
- [2024/01] **Epsilon.** *B. Author.* [[paper](https://arxiv.org/abs/2401.00002)]
- [2024/13] **Zeta.** *C. Author.* [[paper](https://arxiv.org/abs/2401.00003)]

## License

- [CC0](https://creativecommons.org/publicdomain/zero/1.0/)
"""


def test_list_items_export_their_parts(tmp_path: Path) -> None:
    path = tmp_path / "list.md"
    path.write_text(LIST, encoding="utf-8")
    entries = export_json(path)["entries"]
    # the table of contents, the introduction and the License section are not entries
    assert [(e["kind"], e["line"], e["title"]) for e in entries] == [
        ("item", 12, "Alpha"),
        ("item", 13, "Alpha Web"),
        ("item", 14, "Beta"),
        ("item", 15, "Gamma"),
        ("item", 19, "Delta: a paper."),
        ("item", 20, "Epsilon."),
        ("item", 21, "Zeta."),
    ]
    alpha, web, beta = entries[0], entries[1], entries[2]
    assert (alpha["end_line"], alpha["parent_line"], web["parent_line"]) == (13, None, 12)
    assert alpha["group"] != web["group"]  # a nested list is a group of its own
    assert alpha["table"] is None and alpha["cells"] == []
    assert alpha["section"] == ["Awesome Things", "Tools"]
    assert (alpha["url"], alpha["description"]) == ("https://github.com/a/alpha", "Does alpha things.")
    assert alpha["badges"] == [
        {
            "url": "https://img.shields.io/github/stars/a/alpha",
            "alt": "stars",
            "link": "https://github.com/a/alpha",
            "column": "",
        }
    ]
    assert [(k["kind"], k["url"]) for k in alpha["links"]] == [
        ("code", "https://github.com/a/alpha"),
        ("code", "https://github.com/a/alpha"),  # the badge's target
    ]
    assert beta["description"] == "Beta, fast."  # plain text
    assert alpha["date"] is None and alpha["date_text"] is None  # an undated list
    delta, epsilon, zeta = entries[4:]
    # no name link: the primary link is the first on the web
    assert (delta["date"], delta["date_text"]) == ("2023-08", "2023/08")
    assert delta["url"] == "https://arxiv.org/abs/2308.00001"
    assert [(k["kind"], k["text"]) for k in delta["links"]] == [("paper", "paper"), ("code", "code")]
    assert epsilon["date"] == "2024-01"
    assert (zeta["date"], zeta["date_text"]) == (None, "2024/13")  # not a date
    assert delta["text"].startswith("[2023/08] **Delta: a paper.**")


def test_csv_of_list_items_keeps_the_old_columns_first(tmp_path: Path) -> None:
    path = tmp_path / "list.md"
    path.write_text(LIST, encoding="utf-8")
    code, out, _ = run(str(path), "--format", "csv", "--isolated")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    old = "path table section line date date_text title paper code other badges paper_title paper_published"
    assert list(rows[0])[:16] == [*old.split(), "repository", "archived", "stars"]
    first = rows[0]
    assert (first["table"], first["kind"], first["end_line"], first["url"]) == (
        "",
        "item",
        "13",
        "https://github.com/a/alpha",
    )
    assert rows[4]["paper"] == "https://arxiv.org/abs/2308.00001"


def test_paragraph_entries_and_html_rows(tmp_path: Path) -> None:
    path = tmp_path / "list.md"
    path.write_text(
        "# Papers\n\n## Models\n\n"
        + "".join(
            f"**Title {k}**\\\n*Author {k}.* [[paper](https://arxiv.org/abs/2401.0000{k})]\\\n2024-0{k}-01\n\n"
            for k in range(1, 4)
        )
        + "## Table\n\n<table>\n<tr><th>Name</th><th>Date</th></tr>\n"
        '<tr><td><a href="https://example.org/one">One</a></td><td>2024-05</td></tr>\n</table>\n',
        encoding="utf-8",
    )
    entries = export_json(path)["entries"]
    assert [(e["kind"], e["line"], e["end_line"], e["title"]) for e in entries] == [
        ("paragraph", 5, 7, "Title 1"),
        ("paragraph", 9, 11, "Title 2"),
        ("paragraph", 13, 15, "Title 3"),
        ("html-row", 21, 21, "One"),
    ]
    assert (entries[0]["date"], entries[0]["links"][0]["kind"]) == ("2024-01-01", "paper")
    row = entries[3]
    assert row["cells"] == [
        {"header": "Name", "text": "One"},  # an HTML cell's text
        {"header": "Date", "text": "2024-05"},
    ]
    assert (row["url"], row["date"], row["links"][0]["column"]) == (
        "https://example.org/one",
        "2024-05",
        "Name",
    )


def test_export_leaves_out_what_the_configuration_excludes(tmp_path: Path) -> None:
    (tmp_path / "kept.md").write_text(LIST, encoding="utf-8")
    (tmp_path / "drafts").mkdir()
    (tmp_path / "drafts" / "draft.md").write_text(LIST, encoding="utf-8")
    (tmp_path / ".awesomelint.toml").write_text('exclude = ["drafts/"]\n', encoding="utf-8")
    code, out, err = run(str(tmp_path), "--format", "jsonl")
    assert code == 0, err
    assert {json.loads(x)["path"] for x in out.splitlines()} == {str(tmp_path / "kept.md")}
    code, out, err = run(str(tmp_path / "drafts" / "draft.md"))
    assert code == 0 and json.loads(out)["entries"] == []
    assert "excluded by the configuration" in err


def test_export_leaves_out_what_exclude_path_names(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """--exclude-path and --extend-exclude leave files out of an export as they do out of a check: globs
    relative to the current folder, added to the configuration's exclude, a named file left out too."""
    for name in ("README.md", "docs/a.md", "drafts/b.md", "CHANGELOG.md"):
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text(LIST, encoding="utf-8")
    (tmp_path / ".awesomelint.toml").write_text('exclude = ["CHANGELOG.md"]\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)

    def exported(*argv: str) -> set[str]:
        code, out, err = run(*argv, "--format", "jsonl")
        assert code == 0, err
        return {Path(json.loads(x)["path"]).as_posix() for x in out.splitlines()}

    assert exported(".") == {"README.md", "docs/a.md", "drafts/b.md"}
    assert exported(".", "--exclude-path", "docs/") == {"README.md", "drafts/b.md"}
    assert exported(".", "--extend-exclude", "docs/, drafts") == {"README.md"}
    code, out, err = run("drafts/b.md", "--exclude-path", "drafts/")
    assert code == 0 and json.loads(out)["entries"] == []
    assert "every file given is excluded by the configuration (`exclude`) or --exclude-path" in err


@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv"])
def test_a_process_writes_the_bytes_of_the_in_memory_export(fmt: str, tmp_path: Path) -> None:
    """The JSON goes to stdout and to --output-file as the bytes pydantic made, not through a str; the
    process's output, the file's and the in-memory str's are the same text, and a stream that is not UTF-8
    (PYTHONIOENCODING=ascii) gets the text its encoding can hold, escaped, never raw UTF-8 bytes."""
    import os
    import subprocess
    import sys

    argv = ["export", "--today", TODAY.isoformat(), "--isolated", "--format", fmt, str(EXAMPLE)]
    code, text, err = run("--isolated", "--format", fmt, str(EXAMPLE))
    assert code == 0, err
    assert not text.isascii()  # the example has emoji: the two paths would differ if bytes were mangled
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    proc = subprocess.run(
        [sys.executable, "-m", "awesomelint", *argv], capture_output=True, env=env, check=False
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == text.encode("utf-8")
    target = tmp_path / f"out.{fmt}"
    assert main([*argv, "-o", str(target)], io.StringIO(), io.StringIO()) == 0
    assert target.read_bytes() == text.encode("utf-8")
    env["PYTHONIOENCODING"] = "ascii"
    proc = subprocess.run(
        [sys.executable, "-m", "awesomelint", *argv], capture_output=True, env=env, check=False
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == text.encode("ascii", errors="backslashreplace")
