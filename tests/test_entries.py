"""The entry model on fixtures of every form, with the expected entries and roles written inside them.

A fixture starts with a comment::

    <!--
    expect:
      LINE KIND key=value ...      an entry of the list (row, item, html-row, paragraph) on LINE
      LINE skipped REASON          the entry on LINE is not one (toc, navigation, badges, prose, intro, meta)
      group LINE key=value ...     the group of the entry on LINE
    -->

Entry keys: ``title``, ``primary`` (URL), ``date``, ``venue`` (``Venue'YYYY``, or the venue alone),
``papers``, ``code`` and other link roles (URLs joined by commas, ``-`` for none), ``badges`` (a count),
``description``, ``end`` (last line), ``parent`` (the parent entry's line), ``children`` (nested groups).
Group keys: ``title`` (where the title is), ``date`` (the date format, ``-`` for none), ``papers`` (yes/no),
``parent``. The entries listed must be exactly the document's entries: nothing taken wrongly, nothing missed.
"""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest

from awesomelint.document.analysis import analyse
from awesomelint.document.entries import Entry, Group, document_entries
from awesomelint.document.entry_roles import link_role
from awesomelint.document.parse import parse_document

from .conftest import TODAY

FIXTURES = sorted((Path(__file__).parent / "fixtures" / "entries").glob("*.md"))


def _expectations(text: str) -> list[list[str]]:
    header = text.split("-->", 1)[0]
    assert "expect:" in header, "fixture must start with an expect: comment"
    return [shlex.split(line) for line in header.split("expect:", 1)[1].splitlines() if line.strip()]


def _urls(links: list[object]) -> str:
    return ",".join(link.url for link in links) or "-"  # type: ignore[attr-defined]


def _entry_fields(entry: Entry) -> dict[str, str]:
    roles = entry.roles
    venue = roles.venue or "-"
    if roles.venue_year:
        venue += f"'{roles.venue_year}"
    fields = {
        "title": roles.title,
        "primary": roles.primary.url if roles.primary else "-",
        "date": roles.date or "-",
        "venue": venue,
        "papers": _urls(roles.papers),
        "code": _urls(roles.code),
        "badges": str(len(roles.badges)),
        "description": roles.description,
        "end": str(entry.end_line),
        "parent": str(entry.parent.line) if entry.parent else "-",
        "children": str(len(entry.children)),
    }
    for link in entry.links:  # other links by the word their text says (project, website, ...)
        if not link.is_image and not link_role(link) and link is not roles.primary:
            word = link.text.strip("[]").casefold()
            fields[word] = ",".join(filter(None, [fields.get(word), link.url]))
    return fields


def _group_fields(group: Group) -> dict[str, str]:
    scheme = group.scheme
    return {
        "title": scheme.title,
        "date": scheme.date_format.spec if scheme.date_format else "-",
        "papers": "yes" if scheme.papers else "no",
        "parent": str(group.parent.line) if group.parent else "-",
    }


@pytest.mark.parametrize("path", FIXTURES, ids=[p.stem for p in FIXTURES])
def test_fixture_entries_and_roles(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    doc = parse_document(text, path.name)
    found = document_entries(doc, analyse(doc, today=TODAY))
    every = {e.line: e for g in found.groups for e in g.entries}
    expected_entries = set()
    for parts in _expectations(text):
        if parts[0] == "group":
            entry = every[int(parts[1])]
            actual, wanted = _group_fields(entry.group), parts[2:]
        else:
            line, kind = int(parts[0]), parts[1]
            assert line in every, f"{path.name}:{line}: no entry or skipped entry there"
            entry = every[line]
            if kind == "skipped":
                assert parts[2] in (entry.skipped, entry.group.skipped), f"{path.name}:{line}: {entry}"
                continue
            expected_entries.add(line)
            assert entry.kind == kind, f"{path.name}:{line}"
            actual, wanted = _entry_fields(entry), parts[2:]
        for pair in wanted:
            key, _, value = pair.partition("=")
            assert actual.get(key, "-") == value, (
                f"{path.name}:{parts[0]} {key}: {actual.get(key)!r} != {value!r}"
            )
    assert {e.line for e in found.entries} == expected_entries, f"{path.name}: the entries differ"


@pytest.mark.parametrize(
    ("argv", "forms"),
    [
        (["--select", "column-count,mojibake,malformed-link"], "every"),  # rules that ask no entry
        ([], "table"),  # the default rules on a list of tables only: date-order asks no entry of it
    ],
)
def test_a_run_that_asks_no_entry_builds_none(tmp_path: Path, argv: list[str], forms: str) -> None:
    """An offline run whose rules ask no entry, on a list of every form, or of the default rules on a
    list of tables only, neither imports the entry modules nor builds the model (a run pays for entries
    only when a rule asks)."""
    import subprocess
    import sys

    f = tmp_path / "README.md"
    f.write_text(
        "".join(p.read_text(encoding="utf-8").split("-->", 1)[1] for p in FIXTURES)
        if forms == "every"
        else "# List\n\n## Papers\n\n|Date|Title|\n|---|---|\n|2024.01|[A](https://a.example)|\n",
        encoding="utf-8",
    )
    code = (
        f"import os, sys, runpy; sys.argv = ['awesomelint', '--offline', *{argv!r}, {str(f)!r}]\n"
        "os._exit = lambda code: (_ for _ in ()).throw(SystemExit(code))\n"
        "try:\n    runpy.run_module('awesomelint', run_name='__main__')\n"
        "except SystemExit:\n    pass\n"
        "mods = ('awesomelint.document.entries', 'awesomelint.document.entry_roles', "
        "'awesomelint.document.html_tables')\n"
        "print('IMPORTED', sorted(m for m in mods if m in sys.modules), 'awesomelint.document.parse' in sys.modules)\n"
    )
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert "IMPORTED [] True" in res.stdout, res.stdout + res.stderr


def test_entries_are_made_once_per_analysis() -> None:
    doc = parse_document((FIXTURES[0]).read_text(encoding="utf-8"))
    info = analyse(doc, today=TODAY)
    assert info.entries is None
    first = document_entries(doc, info)
    assert document_entries(doc, info) is first
    assert info.entries is first
