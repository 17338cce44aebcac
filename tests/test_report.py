"""Output formats: GitHub workflow commands, SARIF 2.1.0 (validated against the official schema) and
--statistics, all rendering the same findings as the text and JSON formats."""

from __future__ import annotations

import io
import json
import re
from collections import Counter
from pathlib import Path

import pytest

from awesomelint.cli import main
from awesomelint.report.github import command, escape_data, escape_property
from awesomelint.rules import registry

from .conftest import ROOT

EXAMPLE = ROOT / "examples" / "awesome-llm-serving.md"
#: vendored (tests/schemas/README.md says from where), so that the schema test runs in every clone
SARIF_SCHEMA = Path(__file__).resolve().parent / "schemas" / "sarif-schema-2.1.0.json"


def run(args: list[str], monkeypatch: pytest.MonkeyPatch, cwd: Path = ROOT) -> tuple[int, str, str]:
    monkeypatch.chdir(cwd)
    monkeypatch.delenv("GITHUB_WORKSPACE", raising=False)
    out, err = io.StringIO(), io.StringIO()
    code = main([*args, "--isolated", "--offline", "--today", "2026-11-29"], stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def json_findings(
    monkeypatch: pytest.MonkeyPatch, path: str = "examples/awesome-llm-serving.md"
) -> list[dict]:
    _, out, _ = run(["--format", "json", path], monkeypatch)
    return json.loads(out)["findings"]


# -- github --------------------------------------------------------------------------------------------


def _unescape_property(text: str) -> str:
    # what the runner does with a property value (actions/runner ActionCommand.UnescapeProperty)
    for a, b in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
        text = text.replace(a, b)
    return text


def _unescape_data(text: str) -> str:
    for a, b in (("%0D", "\r"), ("%0A", "\n"), ("%25", "%")):
        text = text.replace(a, b)
    return text


def test_escaping_follows_the_runner() -> None:
    assert escape_data("50% done\r\nnext: a, b") == "50%25 done%0D%0Anext: a, b"
    assert escape_property("a:b,c%d\ne") == "a%3Ab%2Cc%25d%0Ae"
    assert escape_property("%3A") == "%253A"  # an escape sequence in the text stays literal
    tricky = "docs/a,b:c%2C.md"
    line = command("error", "first line\nsecond: 100%", file=tricky, line=3, title="x, y")
    m = re.fullmatch(r"::error (.*)::(.*)", line)
    assert m is not None
    props = dict(p.split("=", 1) for p in m.group(1).split(","))
    assert {k: _unescape_property(v) for k, v in props.items()} == {
        "file": tricky,
        "line": "3",
        "title": "x, y",
    }
    assert _unescape_data(m.group(2)) == "first line\nsecond: 100%"
    assert "\n" not in line


def test_github_format_annotates_every_finding(monkeypatch: pytest.MonkeyPatch) -> None:
    expected = json_findings(monkeypatch)
    code, out, _ = run(["--format", "github", "examples/awesome-llm-serving.md"], monkeypatch)
    assert code == 1
    lines = [ln for ln in out.splitlines() if ln.startswith("::")]
    assert len(lines) == len(expected) > 0
    for line, f in zip(lines, expected, strict=True):
        kind = "error" if f["severity"] == "error" else "warning"
        assert line.startswith(
            f"::{kind} file=examples/awesome-llm-serving.md,line={f['line']},col={f['column']},"
        ), line
        assert f"title=awesomelint {f['code']} {f['rule']}::" in line
        assert line.endswith(escape_data(f"{f['message']}"))
    assert out.splitlines()[-1] == "Found 5 errors and 1 warning in 1 file (2 fixable with --fix)."


def test_github_paths_are_relative_to_the_workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sub = tmp_path / "repo" / "docs"
    sub.mkdir(parents=True)
    (sub / "list.md").write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.chdir(sub)
    monkeypatch.setenv("GITHUB_WORKSPACE", str(tmp_path / "repo"))
    out = io.StringIO()
    assert main(["list.md", "--format", "github", "--offline", "--isolated"], stdout=out) == 1
    assert out.getvalue().startswith("::error file=docs/list.md,line=17,col=2,")


def test_github_unreadable_file_is_an_annotation(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "bin.md").write_bytes(b"\x00\x01\x02binary" * 8)
    code, out, err = run(["--format", "github", "bin.md"], monkeypatch, cwd=tmp_path)
    assert code == 2
    assert out.startswith("::error file=bin.md,title=awesomelint::bin.md: ")
    assert "bin.md: error:" in err


# -- sarif ---------------------------------------------------------------------------------------------


def _check_sarif_basics(log: dict) -> None:
    """What code scanning relies on, checked without the schema."""
    assert log["version"] == "2.1.0"
    (run_,) = log["runs"]
    driver = run_["tool"]["driver"]
    assert driver["name"] == "awesomelint"
    rules = driver["rules"]
    assert [r["id"] for r in rules] == [r.code for r in registry().rules]
    for descriptor, rule in zip(rules, registry().rules, strict=True):
        assert descriptor["name"] == rule.name
        assert descriptor["shortDescription"]["text"] == rule.summary
        assert descriptor["fullDescription"]["text"] == rule.what
        assert rule.why in descriptor["help"]["text"] and rule.fixed in descriptor["help"]["markdown"]
        assert descriptor["defaultConfiguration"]["level"] == rule.severity
    assert run_["columnKind"] == "unicodeCodePoints"
    assert run_["originalUriBaseIds"]["%SRCROOT%"]["uri"].endswith("/")
    for result in run_["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["level"] in ("error", "warning")
        loc = result["locations"][0]["physicalLocation"]
        assert not loc["artifactLocation"]["uri"].startswith("/")
        assert loc["region"]["startLine"] >= 1 and loc["region"]["startColumn"] >= 1


def _validate_schema(log: dict) -> None:
    import jsonschema

    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    validator = validator_class(schema, format_checker=validator_class.FORMAT_CHECKER)
    errors = sorted(validator.iter_errors(log), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:10])


def test_sarif_matches_the_findings(monkeypatch: pytest.MonkeyPatch) -> None:
    expected = json_findings(monkeypatch)
    code, out, _ = run(["--format", "sarif", "examples/awesome-llm-serving.md"], monkeypatch)
    assert code == 1
    log = json.loads(out)
    _check_sarif_basics(log)
    results = log["runs"][0]["results"]
    got = [
        (
            r["ruleId"],
            r["level"],
            r["message"]["text"],
            r["locations"][0]["physicalLocation"]["artifactLocation"],
            r["locations"][0]["physicalLocation"]["region"]["startLine"],
            r["locations"][0]["physicalLocation"]["region"]["startColumn"],
            r["locations"][0]["physicalLocation"]["region"].get("endColumn"),
        )
        for r in results
    ]
    want = [
        (
            f["code"],
            f["severity"],
            f["message"],
            {"uri": "examples/awesome-llm-serving.md", "uriBaseId": "%SRCROOT%"},
            f["line"],
            f["column"],
            f["end_column"],
        )
        for f in expected
    ]
    assert got == want
    assert log["runs"][0]["invocations"] == [{"executionSuccessful": True, "toolExecutionNotifications": []}]


def test_sarif_validates_against_the_official_schema(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # findings, an unreadable file and a file name that needs percent-encoding, in one log
    (tmp_path / "a list #1.md").write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "bin.md").write_bytes(b"\x00\x01binary" * 8)
    code, out, _ = run(["--format", "sarif", "a list #1.md", "bin.md"], monkeypatch, cwd=tmp_path)
    assert code == 2
    log = json.loads(out)
    _check_sarif_basics(log)
    run_ = log["runs"][0]
    assert {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run_["results"]} == {
        "a%20list%20%231.md"
    }
    (invocation,) = run_["invocations"]
    assert invocation["executionSuccessful"] is False
    (note,) = invocation["toolExecutionNotifications"]
    assert note["level"] == "error" and note["message"]["text"].startswith("bin.md: ")
    _validate_schema(log)


def test_sarif_of_a_clean_file_validates(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "README.md").write_text("# Empty list\n", encoding="utf-8")
    code, out, _ = run(["--format", "sarif", "README.md"], monkeypatch, cwd=tmp_path)
    assert code == 0
    log = json.loads(out)
    assert log["runs"][0]["results"] == []
    _check_sarif_basics(log)
    _validate_schema(log)


# -- statistics ----------------------------------------------------------------------------------------


def test_statistics_count_per_rule(monkeypatch: pytest.MonkeyPatch) -> None:
    expected = Counter(f["code"] for f in json_findings(monkeypatch))
    code, out, _ = run(["--statistics", "examples/awesome-llm-serving.md"], monkeypatch)
    assert code == 1
    lines = out.splitlines()
    assert lines[0].split() == ["count", "code", "rule", "severity", "fixable"]
    counted = {ln.split()[1]: int(ln.split()[0]) for ln in lines[1:-1]}
    assert counted == dict(expected)
    counts = [int(ln.split()[0]) for ln in lines[1:-1]]
    assert counts == sorted(counts, reverse=True)
    assert lines[-1] == "Found 5 errors and 1 warning in 1 file (2 fixable with --fix)."

    code, out, _ = run(["--statistics", "--format", "json", "examples/awesome-llm-serving.md"], monkeypatch)
    stats = json.loads(out)
    assert {s["code"]: s["count"] for s in stats} == dict(expected)
    date_format = next(s for s in stats if s["name"] == "date-format")
    assert date_format == {
        "code": "AL201",
        "name": "date-format",
        "count": 2,
        "errors": 2,
        "warnings": 0,
        "fixable": 1,
    }


def test_statistics_of_a_clean_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "README.md").write_text("# Empty list\n", encoding="utf-8")
    code, out, _ = run(["--statistics"], monkeypatch, cwd=tmp_path)
    assert (code, out) == (0, "All checks passed (1 file).\n")


def test_output_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "out" / "awesomelint.sarif"  # the folder is made
    code, out, _ = run(
        ["--format", "sarif", "-o", str(target), "examples/awesome-llm-serving.md"], monkeypatch
    )
    assert (code, out) == (1, "")
    log = json.loads(target.read_text(encoding="utf-8"))
    assert len(log["runs"][0]["results"]) == len(json_findings(monkeypatch)) > 0
    _check_sarif_basics(log)
    code, out, err = run(["--output-file", str(tmp_path), "examples/awesome-llm-serving.md"], monkeypatch)
    assert (code, out) == (2, "")
    assert f"awesomelint: cannot write {tmp_path}: " in err
