"""Write the rule documentation from the rules themselves: a page per rule (docs/rules/NAME.md, from the
rule's own ``what``/``why``/``example``/``fixed``, as ``awesomelint explain`` prints them) and the rule table
between the ``rules-table`` markers of docs/rules/index.md and of the README.

    python scripts/gen_rule_docs.py           # write what changed, delete the page of a rule that is gone
    python scripts/gen_rule_docs.py --check   # write nothing; exit 1 naming the stale files

tests/test_docs.py runs the same generation in memory and fails when a file differs.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from awesomelint.commands.rules import rule_page, rules_markdown
from awesomelint.rules import registry

ROOT = Path(__file__).resolve().parent.parent
RULES_DIR = Path("docs") / "rules"
START, END = "<!-- rules-table-start -->\n", "<!-- rules-table-end -->"
#: the files that hold the rule table, and where each links a rule's page from
TABLES = {Path("README.md"): "docs/rules/{name}.md", RULES_DIR / "index.md": "{name}.md"}


def with_table(text: str, table: str, where: Path) -> str:
    """``text`` with the block between the markers replaced by ``table``."""
    if START not in text or END not in text:
        raise SystemExit(f"{where}: the markers {START.strip()} and {END} are missing")
    head, rest = text.split(START, 1)
    return head + START + table + END + rest.split(END, 1)[1]


def generated(root: Path = ROOT) -> dict[Path, str | None]:
    """Every generated file (relative to ``root``) and the text it must hold; None: it must not exist."""
    files: dict[Path, str | None] = {}
    for page in sorted((root / RULES_DIR).glob("*.md")):
        if page.name != "index.md":  # a page of a rule that no longer exists, unless written below
            files[page.relative_to(root)] = None
    for rule in registry().rules:
        files[RULES_DIR / f"{rule.name}.md"] = rule_page(rule)
    for path, link in TABLES.items():
        files[path] = with_table((root / path).read_text(encoding="utf-8"), rules_markdown(link), path)
    return files


def stale(root: Path = ROOT) -> dict[Path, str | None]:
    """The generated files whose text on disk differs from what they must hold."""
    out: dict[Path, str | None] = {}
    for path, text in generated(root).items():
        target = root / path
        current = target.read_text(encoding="utf-8") if target.exists() else None
        if current != text:
            out[path] = text
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 when a file is stale")
    args = parser.parse_args(argv)
    changes = stale()
    for path, text in changes.items():
        if args.check:
            print(f"stale: {path}")
        elif text is None:
            (ROOT / path).unlink()
            print(f"deleted {path}")
        else:
            (ROOT / path).write_text(text, encoding="utf-8")
            print(f"wrote {path}")
    return 1 if args.check and changes else 0


if __name__ == "__main__":
    sys.exit(main())
