"""What the entry model makes of real lists: entries per form, groups, roles found, what was skipped.

    .venv/bin/python benchmarks/entries_summary.py                       # ../shared/corpus and its bullets/
    .venv/bin/python benchmarks/entries_summary.py FILE.md --show 5      # five entries of each group kind
    .venv/bin/python benchmarks/entries_summary.py FILE.md --skipped     # every skipped group, one line each

The table has one line per list: its entries by kind (row, item, HTML row, paragraph), its groups that
hold entries, the groups skipped by reason (toc, navigation, badges, prose, intro, meta), and the share of
entries with each role (title, primary link, date, paper link, code link, badge, description, venue year).
Read it beside the lists to judge, by hand, what was taken as an entry and what was missed.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from awesomelint.document.analysis import analyse
from awesomelint.document.entries import Entries, Group, document_entries
from awesomelint.document.parse import parse_bytes

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
_KINDS = ("row", "item", "html-row", "paragraph")
_REASONS = ("toc", "navigation", "badges", "prose", "intro", "meta")
_ROLES = ("title", "primary", "date", "papers", "code", "badges", "description", "venue_year")


def _entries(path: Path) -> Entries:
    doc = parse_bytes(path.read_bytes(), str(path))
    return document_entries(doc, analyse(doc))


def _row(name: str, found: Entries) -> str:
    kinds = Counter(e.kind for e in found.entries)
    groups = sum(1 for g in found.groups if not g.skipped and g.entries)
    skipped = Counter(g.skipped for g in found.groups if g.skipped)
    n = len(found.entries) or 1
    shares = []
    for role in _ROLES:
        have = sum(1 for e in found.entries if getattr(e.roles, role))
        shares.append(f"{100 * have // n:>3}")
    cells = [f"{kinds[k]:>5}" for k in _KINDS] + [f"{groups:>4}"]
    cells += [f"{skipped[r]:>3}" for r in _REASONS] + shares
    return f"{name[:38]:<38} " + " ".join(cells)


def _header() -> str:
    kinds = " ".join(f"{k[:5]:>5}" for k in _KINDS)
    reasons = " ".join(f"{r[:3]:>3}" for r in _REASONS)
    roles = " ".join(f"{r[:3]:>3}" for r in _ROLES)
    return (
        f"{'list':<38} {kinds} {'grps':>4} {reasons} {roles}\n"
        + " " * 39
        + ("entries by kind ------------  ---- skipped groups --------- % of entries with role ------------")
    )


def _show(group: Group, count: int) -> None:
    print(
        f"== group {group.index} {group.kind} lines {group.line}-{group.end_line} {' > '.join(group.section)}"
    )
    print(
        f"   scheme: {group.scheme.title}, date {group.scheme.date_format and group.scheme.date_format.spec}"
    )
    for entry in group.entries[:count]:
        r = entry.roles
        print(
            f"   {entry.line}-{entry.end_line} [{entry.skipped or 'entry'}] title={r.title[:50]!r} "
            f"primary={r.primary.url[:50] if r.primary else None} date={r.date} venue={r.venue}'{r.venue_year} "
            f"papers={len(r.papers)} code={len(r.code)} badges={len(r.badges)} desc={r.description[:40]!r}"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--show", type=int, default=0, help="print N entries of every group")
    parser.add_argument("--skipped", action="store_true", help="print every skipped group")
    args = parser.parse_args()
    files = args.files or sorted(CORPUS.glob("*.md")) + sorted((CORPUS / "bullets").glob("*.md"))
    if not files:
        print(f"no lists: give files, or put the corpus at {CORPUS}", file=sys.stderr)
        return 1
    print(_header())
    for path in files:
        found = _entries(path)
        print(_row(path.name.replace("__README", "").replace(".md", ""), found))
        for group in found.groups:
            if args.show and not group.skipped:
                _show(group, args.show)
            if args.skipped and group.skipped:
                first = group.entries[0].text.split("\n")[0][:70] if group.entries else ""
                print(
                    f"   skipped {group.skipped:<10} {group.kind:<10} {group.line}-{group.end_line} {first!r}"
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
