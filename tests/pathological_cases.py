"""The pathological inputs of issues 15 and 25: each a generator of a document from a size n.

Shared by tests/test_pathological.py (one run each, a generous time bound) and benchmarks/pathological.py
(n and 4n, the ratio)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from awesomelint.document.analysis import analyse
from awesomelint.document.entries import document_entries
from awesomelint.document.parse import parse_bytes

_HEAD = "| Date | Title | Paper | Code |\n|---|---|---|---|\n"


@dataclass(frozen=True)
class Case:
    name: str
    n: int  # a size at which one run takes well under a second once linear
    make: Callable[[int], bytes]


def _nested_links(n: int) -> bytes:
    return ("[" * n + "x" + "](https://a.b)" * n + "\n").encode()


def _comment_cell(n: int) -> bytes:
    row = "| 2024.01 | t | p | c | " + "<!-- c --> " * n + "<!-- c |\n"
    return (_HEAD + row).encode()


def _bare_parens(n: int) -> bytes:
    return ("see https://a.b/" + ")" * n + "\n").encode()


def _anchor_backticks(n: int) -> bytes:
    return ('<a id="x"></a> [s](#x) ' + "`" * n + "\n").encode()


def _mojibake_backticks(n: int) -> bytes:
    return ("é " + "`" * n + " Ã©\n").encode()


def _disable_openers(n: int) -> bytes:
    return ("<!-- awesomelint-disable " * n + "\n").encode()


def _disable_pairs(n: int) -> bytes:
    rows = [
        f"| 2024.{i % 12 + 1:02d} | <!-- awesomelint-disable --> t{i} <!-- awesomelint-enable --> | p | c |"
        for i in range(n)
    ]
    return (_HEAD + "\n".join(rows) + "\n").encode()


def _reversed_toc(n: int) -> bytes:
    """A table of contents in the reverse order of its headings, half of them missing from it (the
    fewest entries to move, the places of the missing ones)."""
    toc = "".join(f"- [H{i}](#h{i})\n" for i in range(n, 0, -1) if i % 2)
    return ("# T\n\n## Contents\n\n" + toc + "\n" + "".join(f"## H{i}\n\n" for i in range(1, n + 1))).encode()


def _broken_toc(n: int) -> bytes:
    """As many entries that lead nowhere as headings missing, all alike (renames looked for)."""
    toc = "".join(f"- [H{i}](#h{i})\n" for i in range(n)) + "".join(f"- [X{i}](#hx{i})\n" for i in range(n))
    return ("# T\n\n" + toc + "\n" + "".join(f"## H{i}\n\n## Hy{i}\n\n" for i in range(n))).encode()


def _toc_prefix_runs(n: int) -> bytes:
    """An entry whose link stands after a long run of spaces (the number of an ordered marker)."""
    toc = "- [A](#a)\n- [B](#b)\n- " + "> " * n + "[C](#c)\n"
    return ("# T\n\n" + toc + "\n## A\n\n## C\n\n## B\n\n## D\n").encode()


def _paragraph_comments(n: int) -> bytes:
    return ("".join(f"text <!-- open [l{i}](https://a.b/{i})\n" for i in range(n))).encode()


def _html_block_comments(n: int) -> bytes:
    body = "".join(f"<!-- open [l{i}](https://a.b/{i})\n" for i in range(n))
    return ("<div>\n" + body + "</div>\n").encode()


def _badges(n: int) -> bytes:
    badge = "[![s](https://img.shields.io/github/stars/o/r.svg)](https://github.com/o/r)"
    return (_HEAD + "| 2024.01 | t | p | " + " ".join([badge] * n) + " |\n").encode()


def _bracket_parens(n: int) -> bytes:
    return (_HEAD + "| 2024.01 | " + "[](" * n + " | p | c |\n").encode()


def _angles(n: int) -> bytes:
    return (_HEAD + "| 2024.01 | " + "<" * n + " | p | c |\n").encode()


def _displaced_dates(n: int) -> bytes:
    rows = []
    for i in range(n):
        k = n - i if i % 20 else i  # 5% of the rows out of place
        year, month = 2000 + k // 12 % 25, k % 12 + 1
        rows.append(f"| {year}.{month:02d} | t{i} | [p](https://arxiv.org/abs/2401.{i:05d}) | c |")
    return (_HEAD + "\n".join(rows) + "\n").encode()


def _big_table(n: int) -> bytes:
    rows = [
        f"| 2024.01 | Title {i} | [arXiv](https://arxiv.org/abs/2401.{i % 99999:05d}) | "
        f"[code](https://github.com/o/r{i}) |"
        for i in range(n)
    ]
    return (_HEAD + "\n".join(rows) + "\n").encode()


# the block parser (document/blocks.py): containers, fences, HTML openers, tables, tabs


def _deep_quotes(n: int) -> bytes:
    return ("> " * n + "text\n" + "lazy line\n" * n + "> " * n + "| a |\n" + "> " * n + "|---|\n").encode()


def _deep_lists(n: int) -> bytes:
    # one item per line, each under the last, then blank lines and text the whole stack matches
    items = "".join("  " * i + "- x\n" for i in range(min(n, 400)))
    return (items + "- " * n + "y\n" + "\n" * n + "  " * min(n, 400) + "z\n").encode()


def _glued_markers(n: int) -> bytes:
    # a list, then lines that open with a marker glued to a link (each reported), to an unclosed link text,
    # and under a deep quote prefix: every line start is tried once, to its line's end
    glued = "".join(f"-[g{i}](https://example.com/{i})\n" for i in range(n // 10))
    deep = "> " * n + "-[" + "x" * n + "\n" + ">" * n + "\n"
    return ("- [a](https://example.com/a)\n" + glued + "-[" + "[" * n + "\n" + deep).encode()


def _unclosed_fences(n: int) -> bytes:
    return ("".join(f"{'`' * (3 + i % 5)}x\n- ~~~\n> ```\n" for i in range(n))).encode()


def _html_openers(n: int) -> bytes:
    return ("".join("<!-- a\n<div>\n<? x\n<![CDATA[\n<script>\n" for _ in range(n))).encode()


def _backtick_runs(n: int) -> bytes:
    return ("`" * n + " x `" + "\n" + "```" + "`" * n + "\n" + "~" * n + "\n").encode()


def _pipe_line(n: int) -> bytes:
    return ("|" * n + "\n" + "|-" * n + "|\n" + "|" * n + "\n" + "| \\|" * n + "\n").encode()


def _huge_table(n: int) -> bytes:
    head = "| " + " | ".join(f"c{i}" for i in range(n // 100 + 1)) + " |\n"
    delim = "|" + "---|" * (n // 100 + 1) + "\n"
    return (head + delim + "| x |\n" * n).encode()


def _tabs(n: int) -> bytes:
    return ("\t" * n + "x\n" + ">\t-\t" * n + "y\n" + "-\t" * n + "\n" + " \t" * n + "z\n").encode()


def _refdefs(n: int) -> bytes:
    return ("[a]: /u '\n" * n + "[" * n + "\n" + "[b]: <" + "(" * n + "\n").encode()


# long runs of white space before an anchored tail (issue 25): every kind GitHub reads as blank or as text
_WS = (" ", "\t", "\u3000", "\u00a0", "\v", "\f")


def _runs(n: int, lines: Callable[[str], list[str]]) -> bytes:
    """The lines ``lines(run)`` for a run of ``n`` of each white space character."""
    return "".join(ln + "\n" for ws in _WS for ln in lines(ws * n)).encode()


def _heading_runs(n: int) -> bytes:
    # '# x' + ' ' * n + 'y' took 11 s at n = 40,000 (the closing-hashes pattern \s+#+\s*$ backtracked)
    return _runs(
        n,
        lambda r: [f"# x{r}y", f"## x{r}#{r}y", f"# x{r}##{r}", f"x{r}#", "---", f"#{r}", f"# {r}#{r}#", ""],
    )


def _row_runs(n: int) -> bytes:
    return _HEAD.encode() + _runs(
        n,
        lambda r: [f"| a{r}|{r}b{r}| c{r}\\|{r}| d{r}", f"|{r}", f"{r}|{r}x", f"|{r}---{r}|{r}x"],
    )


def _item_runs(n: int) -> bytes:
    return _runs(
        n, lambda r: [f"-{r}x", f"1.{r}", f"-{r}-{r}-{r}x", f"*{r}*{r}*", f">{r}-{r}| a |", "", f"  {r}y"]
    )


def _destination_runs(n: int) -> bytes:
    return _HEAD.encode() + _runs(
        n,
        lambda r: [
            f"| 2024.01 | [a]({r}/u{r}x) | [b](<{r}>{r}x | c |",
            f"[a]({r}/u{r}x) [b](/u{r}(x{r}) ![c]({r}",
            f"[x]:{r}/u{r}x",
            f"[y]: <{r}",
            "",
        ],
    )


def _title_runs(n: int) -> bytes:
    return _HEAD.encode() + _runs(
        n,
        lambda r: [
            f'| 2024.01 | [a](/u{r}"t"{r}x) | [b](/u "{r} | c |',
            f"[a](/u{r}'t'{r}x [b](/u ({r}",
            f'[x]: /u{r}"t"{r}x',
            f"[y]: /u\n{r}'t'{r}",
            "",
        ],
    )


def _html_runs(n: int) -> bytes:
    return _runs(
        n,
        lambda r: [
            f"<div{r}x",
            f"<a{r}href='x'{r}b='y'{r}>{r}z",
            f"</a{r}>{r}z",
            f'<h1{r}id="x"{r}>t</h1{r}x',
            f"<img{r}src=x{r}alt{r}",
            f"text <a{r}href={r}x{r}name={r}",
            "",
        ],
    )


def _date_runs(n: int) -> bytes:
    return _HEAD.encode() + _runs(
        n,
        lambda r: [
            f"| 2024.01{r}x | t | p | c |",
            f"| **2024.01**{r}| t | p | c |",
            f"| <b>{r}2024.01{r}</b{r} | t | p | c |",
            f"| {r}2024{r}.{r}01 | [t]({r}) | p | c |",
        ],
    )


def _growing_backtick_runs(n: int) -> bytes:
    # each run looked for the next run of its length to the end of the text: n^1.5 (720 KB took 120 s)
    runs = "".join("`" * k + "x[" for k in range(1, int((2 * n) ** 0.5)))
    return (_HEAD + f"| 2024.01 | [a](b) {runs} | p | c |\n[a](b) {runs}\n").encode()


def _id_attributes(n: int) -> bytes:
    # each id= looked back for the "<" that opens its tag: quadratic on one line (400 KB took 2 s)
    return ("[x](#a)\n\n<a " + " id=a" * n + ">\n<p" + " name=b" * n + "\n").encode()


# the entry model (document/entries.py, entry_roles.py, html_tables.py): nesting, long items, HTML tables


def _nested_items(n: int) -> bytes:
    # items nested 40 deep again and again, each with a name, a date and a description
    return "".join(
        "  " * (i % 40)
        + f"- [2024/{i % 12 + 1:02d}] [x{i}](https://a.b/{i}) - d [[code](https://github.com/o/r{i})]\n"
        for i in range(n)
    ).encode()


def _deep_items(n: int) -> bytes:
    # n items nested on one line (all closed by the next), then a staircase 40 deep
    staircase = "".join("  " * (i % 40) + "- [y](https://c.d)\n" for i in range(n))
    return ("- " * n + "[x](https://a.b)\n" + staircase).encode()


def _long_item(n: int) -> bytes:
    lines = "".join(f"  more [l{i}](https://x.y/{i}) **b** `c` [2024/01]\n" for i in range(n))
    return (
        "- **[Title](https://arxiv.org/abs/2401.00001)** [[code](https://github.com/o/r)]\n" + lines
    ).encode()


def _wide_html_table(n: int) -> bytes:
    head = "<table>\n<tr>" + "".join(f"<th>h{i}</th>" for i in range(8)) + "</tr>\n"
    cells = "".join(f'<td><a href="https://a.b/{i}">x{i}</a> &amp; t</td>' for i in range(n))
    rows = "".join(
        "<tr><td>2024-01</td><td><a href='https://arxiv.org/abs/2401.00001'>p</a></td></tr>\n"
        for _ in range(n)
    )
    return ("# T\n\n## S\n\n" + head + "<tr>" + cells + "</tr>\n" + rows + "</table>\n").encode()


def _hostile_html_table(n: int) -> bytes:
    return ("<table><tr><td>" + "</" * n + "<td" * n + '<a x="' * n + "<?" * n + "<!--" + "\n").encode()


def _nested_html_tables(n: int) -> bytes:
    return ("<table><tr><td>" * n + '<a href="https://a.b">x</a>' + "</td></tr></table>" * n + "\n").encode()


def _paragraph_entries(n: int) -> bytes:
    entry = "**Title {i}** \\\n*Author* \\\narXiv 2022. [[Paper](https://arxiv.org/abs/2201.{i:05d})] \\\n4 Feb 2023\n\n"
    return ("# T\n\n## S\n\n" + "".join(entry.format(i=i) for i in range(n))).encode()


def _alphabetical_items(n: int) -> bytes:
    """One alphabetical list of n items with its first item moved last: entry-order's inference, its
    longest kept run and its fix over the whole list."""
    names = [f"name{i:07d}" for i in range(n)]
    lines = [f"- [{name}](https://a.b/{name}) - d." for name in [*names[1:], names[0]]]
    return ("# L\n\n## A\n\n" + "\n".join(lines) + "\n").encode()


def _bracket_names(n: int) -> bytes:
    """Item names full of brackets, the link's text read by entry-order's name pattern."""
    items = [f"- **{'[' * n}{i}](https://a.b)** - d." for i in range(8, 0, -1)]
    return ("# L\n\n## A\n\n" + "\n".join(items) + "\n").encode()


def _shape_tails(n: int) -> bytes:
    # what entry-shape reads back from an item's end: link groups, code spans, emoji, parentheses
    items = "".join(f"- [n{i}](https://a.b/{i}) - Does {i}.\n" for i in range(12))
    tail = "- [x](https://a.b) - x" + " ([s](https://a.b))" * n + " `m`" * n + " 🚀" * n + ")" * n + "\n"
    parens = "- [y](https://a.b) - y." + "(" * n + " *(" * n + ")" * n + "\n"
    groups = "- [z](https://a.b) - z ([" + "[s](https://a.b), " * n + "\n"
    return ("# T\n\n## S\n\n" + items + tail + parens + groups).encode()


def _shape_items(n: int) -> bytes:
    # n items, every tenth breaking a convention of its list (a separator, a capital, a period)
    slips = (" — Does {i}.", " - does {i}.", " - Does {i}", ": Does {i}.")
    return (
        "# T\n\n## S\n\n"
        + "".join(
            f"- [n{i}](https://a.b/{i})"
            + (slips[i // 10 % 4] if i % 10 == 0 else " - Does {i}.").format(i=i)
            + "\n"
            for i in range(n)
        )
    ).encode()


def _copied_items(n: int) -> bytes:
    # one item and n - 1 exact copies of it in one list, each with a nested item: n - 1 duplicates, each fixable
    return ("# T\n\n## S\n\n" + "- [x](https://a.b/x) - d\n  - [y](https://a.b/y) - e\n" * n).encode()


def _repeated_links(n: int) -> bytes:
    # one link under n names in one section, the items nested 40 deep again and again
    return (
        "# T\n\n## S\n\n" + "".join("  " * (i % 40) + f"- [n{i}](https://a.b/p/x#f) - d\n" for i in range(n))
    ).encode()


def entry_roles(data: bytes) -> int:
    """Build the entry model of ``data`` and read every entry's roles (no rule asks for them yet, so a
    lint alone would not): the number of entries read."""
    doc = parse_bytes(data, "case.md")
    found = document_entries(doc, analyse(doc, today=dt.date(2025, 1, 1)))
    read = 0
    for group in found.groups:
        for entry in group.entries:
            read += entry.roles is not None
    return read


CASES = [
    Case("nested-links", 2000, _nested_links),
    Case("comment-cell", 2000, _comment_cell),
    Case("bare-url-parens", 25_000, _bare_parens),
    Case("anchor-backticks", 25_000, _anchor_backticks),
    Case("mojibake-backticks", 25_000, _mojibake_backticks),
    Case("disable-openers", 5_000, _disable_openers),
    Case("disable-pairs", 5_000, _disable_pairs),
    Case("paragraph-comments", 5_000, _paragraph_comments),
    Case("html-block-comments", 5_000, _html_block_comments),
    Case("badges-in-a-cell", 5_000, _badges),
    Case("bracket-parens-cell", 5_000, _bracket_parens),
    Case("angles-cell", 5_000, _angles),
    Case("displaced-dates", 10_000, _displaced_dates),
    Case("table-of-rows", 12_500, _big_table),
    Case("deep-quotes", 5_000, _deep_quotes),
    Case("deep-lists", 5_000, _deep_lists),
    Case("unclosed-fences", 5_000, _unclosed_fences),
    Case("html-openers", 5_000, _html_openers),
    Case("backtick-runs", 50_000, _backtick_runs),
    Case("pipe-lines", 50_000, _pipe_line),
    Case("huge-table", 20_000, _huge_table),
    Case("tabs", 20_000, _tabs),
    Case("reference-definitions", 5_000, _refdefs),
    Case("heading-space-runs", 20_000, _heading_runs),
    Case("row-space-runs", 10_000, _row_runs),
    Case("item-space-runs", 10_000, _item_runs),
    Case("destination-space-runs", 5_000, _destination_runs),
    Case("title-space-runs", 10_000, _title_runs),
    Case("html-space-runs", 10_000, _html_runs),
    Case("date-space-runs", 10_000, _date_runs),
    Case("growing-backtick-runs", 100_000, _growing_backtick_runs),
    Case("anchor-id-attributes", 20_000, _id_attributes),
    Case("nested-items", 1_000, _nested_items),
    Case("deep-items", 1_000, _deep_items),
    Case("shape-tails", 5_000, _shape_tails),
    Case("shape-items", 10_000, _shape_items),
    Case("long-item", 2_000, _long_item),
    Case("wide-html-table", 5_000, _wide_html_table),
    Case("hostile-html-table", 20_000, _hostile_html_table),
    Case("nested-html-tables", 5_000, _nested_html_tables),
    Case("paragraph-entries", 5_000, _paragraph_entries),
    Case("alphabetical-items", 5_000, _alphabetical_items),
    Case("bracket-names", 20_000, _bracket_names),
    Case("reversed-toc", 5_000, _reversed_toc),
    Case("broken-toc", 2_000, _broken_toc),
    Case("toc-prefix-runs", 20_000, _toc_prefix_runs),
    Case("copied-items", 5_000, _copied_items),
    Case("repeated-links", 5_000, _repeated_links),
    Case("glued-markers", 20_000, _glued_markers),
]
