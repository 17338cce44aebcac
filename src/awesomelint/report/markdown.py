"""A Markdown report for people: the summary line, the count of findings per rule, the findings as a table
with links to their lines, and the dead links grouped by host. The GitHub Action writes it to the job
summary (``$GITHUB_STEP_SUMMARY``); it is as readable in a pull-request comment or any Markdown viewer.

Lines link to ``$GITHUB_SERVER_URL/$GITHUB_REPOSITORY/blob/$GITHUB_SHA/PATH#LN`` when those are set (in
GitHub Actions), else they are plain ``path:line``. Everything taken from a file (messages, URLs, paths)
is escaped, so a list cannot inject Markdown or HTML into the report.
"""

from __future__ import annotations

import os
import re
from collections import Counter, defaultdict
from typing import TextIO
from urllib.parse import quote, urlsplit

from awesomelint._regex import lazy_compile
from awesomelint.engine import FileResult
from awesomelint.findings import Finding
from awesomelint.report.paths import workspace_path
from awesomelint.report.text import summary_line

#: rows of the findings table at most (a job summary holds at most 1 MiB)
MAX_ROWS = 1000
#: URLs listed per host at most
MAX_URLS_PER_HOST = 20

_PUNCTUATION = lazy_compile(r"([!-/:-@\[-`{-~])")
_CONTROL = lazy_compile(r"[\x00-\x1f\x7f\u0085\u2028\u2029]+")


def escape(text: str) -> str:
    """Text as literal Markdown inside a table cell: every ASCII punctuation mark backslash-escaped (which
    CommonMark allows for all of them; it also covers ``|`` in GFM tables and ``<``, ``&`` of HTML), and
    control characters and line breaks turned into a space."""
    return _PUNCTUATION.sub(r"\\\1", _CONTROL.sub(" ", text))


def _blob_base() -> str | None:
    server, repo, sha = (
        os.environ.get(k, "") for k in ("GITHUB_SERVER_URL", "GITHUB_REPOSITORY", "GITHUB_SHA")
    )
    if not (
        server.startswith("https://")
        and re.fullmatch(r"[\w.-]+/[\w.-]+", repo)
        and re.fullmatch(r"[0-9a-f]{7,64}", sha)
    ):
        return None
    return f"{server.rstrip('/')}/{repo}/blob/{sha}/"


def _where(path: str, line: int, column: int, base: str | None) -> str:
    label = escape(f"{path}:{line}:{column}")
    if base is None or path.startswith("<") or path.startswith("../"):
        return label
    return f"[{label}]({base}{quote(path)}#L{line})"


def _url(result: FileResult, f: Finding) -> str | None:
    """The URL a dead-link finding stands on: its span in the line."""
    doc = result.document
    if doc is None or f.end_column is None or not 1 <= f.line <= len(doc.lines):
        return None
    return doc.lines[f.line - 1][f.column - 1 : f.end_column - 1] or None


def _host(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "(no host)").lower()
    except ValueError:
        return "(not a valid URL)"


def _by_rule(findings: list[Finding], out: TextIO) -> None:
    counts = Counter((f.code, f.rule) for f in findings)
    errors = Counter((f.code, f.rule) for f in findings if f.severity == "error")
    out.write("| Rule | Findings | Errors | Warnings |\n|---|--:|--:|--:|\n")
    for (code, rule), n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        e = errors[(code, rule)]
        out.write(f"| {code} `{rule}` | {n} | {e} | {n - e} |\n")
    out.write("\n")


def _table(results: list[FileResult], base: str | None, out: TextIO) -> None:
    rows = [(r, f) for r in results for f in r.findings]
    out.write("| Where | Rule | Severity | Message |\n|---|---|---|---|\n")
    for r, f in rows[:MAX_ROWS]:
        where = _where(workspace_path(r.path), f.line, f.column, base)
        out.write(f"| {where} | {f.code} `{f.rule}` | {f.severity} | {escape(f.message)} |\n")
    if len(rows) > MAX_ROWS:
        out.write(
            f"\n{len(rows) - MAX_ROWS} more findings are not shown here; the full report has them all.\n"
        )
    out.write("\n")


def _dead_links(results: list[FileResult], base: str | None, out: TextIO) -> None:
    hosts: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for r in results:
        for f in r.findings:
            if f.rule != "dead-link":
                continue
            url = _url(r, f) or "(unknown URL)"
            hosts[_host(url)].append((url, _where(workspace_path(r.path), f.line, f.column, base)))
    if not hosts:
        return
    out.write("### Dead links by host\n\n")
    for host, links in sorted(hosts.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        out.write(f"<details><summary>{escape(host)}: {len(links)}</summary>\n\n")
        for url, where in links[:MAX_URLS_PER_HOST]:
            out.write(f"- {escape(url)} ({where})\n")
        if len(links) > MAX_URLS_PER_HOST:
            out.write(f"- and {len(links) - MAX_URLS_PER_HOST} more\n")
        out.write("\n</details>\n\n")


def render(results: list[FileResult], out: TextIO, color: bool) -> None:
    out.write("## awesomelint\n\n")
    line = summary_line(results)
    if line:
        out.write(escape(line) + "\n\n")
    unreadable = [r for r in results if r.error]
    for r in unreadable:
        out.write(f"- {escape(workspace_path(r.path))}: error: {escape(r.error or '')}\n")
    if unreadable:
        out.write("\n")
    findings = [f for r in results for f in r.findings]
    if not findings:
        return
    base = _blob_base()
    _by_rule(findings, out)
    _table(results, base, out)
    _dead_links(results, base, out)
