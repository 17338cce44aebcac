"""awesomelint export: every table row as data, in JSON, JSONL and CSV, with a JSON Schema."""

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
    files = sorted(corpus.glob("*.md"))
    assert files
    for path in files:
        doc = parse_bytes(path.read_bytes(), path.name)
        rows = sum(len(t.rows) for t in doc.tables)
        code, out, err = run(str(path), "--format", "jsonl", "--isolated")
        assert code == 0, err
        lines = out.splitlines()
        assert len(lines) == rows, path.name
        assert [json.loads(x)["line"] for x in lines] == [r.line for t in doc.tables for r in t.rows]


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
