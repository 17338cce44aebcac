"""SARIF 2.1.0 for GitHub code scanning and other viewers: every rule's metadata and documentation in
``tool.driver.rules``, one result per finding with a region in Unicode code points, file locations
relative to ``%SRCROOT%`` (``$GITHUB_WORKSPACE``, else the current directory), and unreadable files as
tool notifications."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import quote

from awesomelint._version import __version__
from awesomelint.engine import FileResult
from awesomelint.findings import Finding
from awesomelint.rules import Rule, registry, rule_doc_url

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
INFORMATION_URI = "https://github.com/awesomelint/awesomelint"
SRCROOT = "%SRCROOT%"


def _base() -> Path:
    workspace = os.environ.get("GITHUB_WORKSPACE")
    return (Path(workspace) if workspace else Path.cwd()).resolve()


def shown_path(path: str) -> str:
    """A file name as text: bytes that are not UTF-8 (kept by the OS as surrogates) become U+FFFD."""
    return os.fsencode(path).decode("utf-8", "replace")


def artifact_location(path: str, base: Path) -> dict[str, str]:
    """A file's location: relative to ``%SRCROOT%`` when it lies below ``base``, else an absolute URI."""
    if path.startswith("<") or path == "-":
        return {"uri": quote(os.fsencode(path), safe="")}
    p = Path(path)
    try:
        rel = p.resolve().relative_to(base)
    except (ValueError, OSError):
        return (
            {"uri": p.resolve().as_uri()}
            if p.is_absolute()
            else {"uri": quote(os.fsencode(p.as_posix()), safe="/")}
        )
    # os.fsencode: a name that is not UTF-8 keeps its bytes, percent-encoded
    return {"uri": quote(os.fsencode(rel.as_posix()), safe="/"), "uriBaseId": SRCROOT}


def rule_descriptor(rule: type[Rule]) -> dict[str, Any]:
    family = {"1": "table", "2": "date", "3": "duplicate", "4": "link"}.get(rule.code[2:3], "other")
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.what},
        "help": {"text": rule.doc(), "markdown": rule.doc_markdown()},
        "helpUri": rule_doc_url(rule.name),
        "defaultConfiguration": {"level": rule.severity},
        "properties": {
            "tags": ["awesome-list", "markdown", family, *(["online"] if rule.online else [])],
            "online": rule.online,
            "fixable": rule.fixable,
        },
    }


def _region(f: Finding) -> dict[str, int]:
    region = {"startLine": f.line, "startColumn": f.column}
    end_line = f.end_line if f.end_line and f.end_line >= f.line else f.line
    if end_line != f.line:
        region["endLine"] = end_line
    if f.end_column and (end_line != f.line or f.end_column > f.column):
        region["endColumn"] = f.end_column
    return region


def sarif_log(results: list[FileResult]) -> dict[str, Any]:
    rules = registry().rules
    index = {r.code: i for i, r in enumerate(rules)}
    base = _base()
    sarif_results: list[dict[str, Any]] = []
    notifications: list[dict[str, Any]] = []
    for result in results:
        location = artifact_location(result.path, base)
        if result.error:
            notifications.append(
                {
                    "level": "error",
                    "message": {"text": f"{shown_path(result.path)}: {result.error}"},
                    "locations": [{"physicalLocation": {"artifactLocation": location}}],
                }
            )
            continue
        for f in result.findings:
            item: dict[str, Any] = {"ruleId": f.code}
            if f.code in index:
                item["ruleIndex"] = index[f.code]
            item.update(
                {
                    "level": f.severity,
                    "message": {"text": f.message},
                    "locations": [{"physicalLocation": {"artifactLocation": location, "region": _region(f)}}],
                    "properties": {"rule": f.rule, "fixable": f.fixable},
                }
            )
            sarif_results.append(item)
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "awesomelint",
                "version": __version__,
                "semanticVersion": __version__,
                "informationUri": INFORMATION_URI,
                "rules": [rule_descriptor(r) for r in rules],
            }
        },
        "originalUriBaseIds": {SRCROOT: {"uri": base.as_uri().rstrip("/") + "/"}},
        "columnKind": "unicodeCodePoints",
        "results": sarif_results,
        "invocations": [
            {
                "executionSuccessful": not notifications,
                "toolExecutionNotifications": notifications,
            }
        ],
    }
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def render(results: list[FileResult], out: TextIO, color: bool) -> None:
    json.dump(sarif_log(results), out, ensure_ascii=False, indent=2)
    out.write("\n")
