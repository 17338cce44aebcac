"""Table structure: cell counts, tables that do not render, headers that differ."""

from __future__ import annotations

from collections.abc import Iterator

from awesomelint._regex import lazy_compile
from awesomelint.document.headers import header_key, header_role, header_words, similar_header
from awesomelint.document.model import Cell, PipeParagraph, Row, Table
from awesomelint.document.parse import split_cells
from awesomelint.document.rows import FULLWIDTH_BAR, BrokenRow
from awesomelint.findings import Finding
from awesomelint.rules.base import Context, Rule, expected_found

_COMMENT_IDIOM = lazy_compile(r"\[//\]:\s*#")
_DELIM_CELL = lazy_compile(r"^:?-+:?$")


def _invisible(cell: Cell) -> bool:
    """An extra cell that shows nothing anyway: empty, an HTML comment, or the ``[//]: #`` comment idiom."""
    text = cell.text
    return not text or _only_comments(text) or bool(_COMMENT_IDIOM.match(text))


def _only_comments(text: str) -> bool:
    """``text`` is one or more HTML comments and white space, found in one pass (no backtracking)."""
    pos, n = 0, len(text)
    while pos < n:
        if not text.startswith("<!--", pos):
            return False
        close = text.find("-->", pos + 4)
        if close < 0:
            return False
        pos = close + 3
        while pos < n and text[pos].isspace():
            pos += 1
    return True


def _delimiter_like(line: str) -> bool:
    """A line meant as a delimiter row: pipes and dashes with few other characters ('|---|-x-|')."""
    if "|" not in line or "-" not in line:
        return False
    other = sum(1 for ch in line if ch not in "-:| \t")
    return other * 4 <= line.count("-")


def _near_miss(a: str, b: str) -> bool:
    """A typo rather than another name: at most 2 edits, and fewer than a third of the letters."""
    if abs(len(a) - len(b)) > 2:
        return False
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    dist = prev[-1]
    return dist <= 2 and dist * 3 < max(len(a), len(b))


def _preview(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


class ColumnCount(Rule):
    name = "column-count"
    entry_forms = ("row",)
    code = "AL101"
    severity = "error"
    summary = "A table row has fewer or more cells than its header."
    what = (
        "Counts the cells of every table row from the raw line, by GitHub's rules (`\\|` is an escaped pipe, "
        "a pipe inside a code span still splits), and compares the count with the header's."
    )
    why = (
        "GitHub pads a short row with empty cells and silently drops the cells of a long row, so an entry "
        "loses its link or its date without anyone noticing. Extra cells that show nothing anyway (empty, "
        "an HTML comment, the `[//]: #` comment idiom) are not reported."
    )
    example = "| Date | Title | Paper |\n|---|---|---|\n| 2024.05 | DeepSeek-V2 |"
    fixed = "| Date | Title | Paper |\n|---|---|---|\n| 2024.05 | DeepSeek-V2 | [[pdf]](https://arxiv.org/abs/2405.04434) |"

    def check(self, ctx: Context) -> Iterator[Finding]:
        for tinfo in ctx.info.tables:
            table = tinfo.table
            width = table.width
            broken = tinfo.broken
            for row in table.rows:
                n = len(row.cells)
                if n == width:
                    continue
                damage = broken.get(row.line)
                if damage is not None:
                    if damage.line == row.line:
                        yield _broken_row(ctx, table.line, row, damage, width)
                    continue
                plural = "cell" if width == 1 else "cells"
                if n < width:
                    missing = width - n
                    yield ctx.report(
                        row.line,
                        row.column,
                        expected_found(f"{width} {plural} as in the header at line {table.line}", n)
                        + f": {missing} missing, GitHub shows {'it' if missing == 1 else 'them'} empty",
                        end_column=row.column + len(row.text.rstrip()),
                        related_lines=[table.line],
                    )
                else:
                    extra = row.cells[width:]
                    if all(_invisible(c) for c in extra):
                        continue
                    first = next(c for c in extra if not _invisible(c))
                    yield ctx.report(
                        row.line,
                        first.column,
                        expected_found(f"{width} {plural} as in the header at line {table.line}", n)
                        + f": GitHub drops the extra text {_preview(first.text)!r}",
                        end_column=row.column + len(row.text.rstrip()),
                        related_lines=[table.line],
                    )


def _broken_row(ctx: Context, header: int, row: Row, damage: BrokenRow, width: int) -> Finding:
    """One finding for a row damaged as a whole, naming the cause (not one per half, nor a date)."""
    if damage.cause == "fullwidth":
        n = len(row.cells)  # as GitHub counts them: a fullwidth bar at either end is text of a cell
        cells = "one cell" if n == 1 else f"{n} cells"
        message = (
            f"row uses the fullwidth '{FULLWIDTH_BAR}' (U+FF5C) as cell separators: GitHub reads it as text, "
            f"so the row is {cells} instead of {width}; write '|'"
        )
        return ctx.report(
            row.line,
            row.column,
            message,
            end_column=row.column + len(row.text.rstrip()),
            related_lines=[header],
        )
    cell = row.cells[damage.cell] if damage.cell < len(row.cells) else None
    what = f" ({_preview(cell.text)!r})" if cell is not None and cell.text else ""
    where = "after" if damage.between else "inside"
    message = (
        f"row is split over lines {row.line} and {damage.next_line} by a line break {where} cell "
        f"{damage.cell + 1}{what}: GitHub shows two broken rows; join the lines"
        + ("" if damage.between else " (write <br> for a break)")
    )
    return ctx.report(
        row.line,
        row.column,
        message,
        end_line=damage.next_line,
        end_column=len(ctx.doc.lines[damage.next_line - 1].rstrip()) + 1,
        related_lines=[header, damage.next_line],
    )


class MalformedTable(Rule):
    name = "malformed-table"
    code = "AL102"
    severity = "error"
    summary = "Lines meant as a table do not render as one."
    what = (
        "Finds paragraphs whose lines look like table rows but that the Markdown parser does not read as a "
        "table: the header and the delimiter row have different cell counts, the delimiter row is broken, "
        "there is no delimiter row, or a blank line cut the rows off from their table."
    )
    why = "GitHub shows such lines as a paragraph of pipes and dashes: every entry in them vanishes from the table."
    example = "| Date | Title | Paper |\n|---|---|\n| 2024.05 | DeepSeek-V2 | [[pdf]](https://arxiv.org/abs/2405.04434) |"
    fixed = "| Date | Title | Paper |\n|---|---|---|\n| 2024.05 | DeepSeek-V2 | [[pdf]](https://arxiv.org/abs/2405.04434) |"

    def check(self, ctx: Context) -> Iterator[Finding]:
        tables_by_end = {t.end_line: t for t in ctx.doc.tables}
        for para in ctx.doc.pipe_paragraphs:
            finding = self._explain(ctx, para, tables_by_end)
            if finding is not None:
                yield finding

    def _explain(self, ctx: Context, para: PipeParagraph, tables_by_end: dict[int, Table]) -> Finding | None:
        # only spaces and tabs are blank to GitHub: a form feed before a header is its first cell
        stripped = [ln.strip(" \t").lstrip(">").strip(" \t") for ln in para.lines]
        rows = sum(1 for s in stripped if "|" in s)
        for k in range(len(stripped) - 1):
            head, delim = stripped[k], stripped[k + 1]
            if "|" not in head or not _delimiter_like(delim):
                continue
            line = para.line + k
            col = len(para.lines[k]) - len(para.lines[k].lstrip(" \t")) + 1
            head_n = len(split_cells(head))
            delim_cells = [delim[a:b] for a, b in split_cells(delim)]
            broken = [i for i, c in enumerate(delim_cells) if not _DELIM_CELL.match(c.replace(" ", ""))]
            body = max(rows - k - 2, 0)
            lost = f"the table does not render and its {body} row{'s show' if body != 1 else ' shows'} as plain text"
            if broken:
                i = broken[0]
                return ctx.report(
                    line + 1,
                    col,
                    "delimiter row is broken: "
                    + expected_found(
                        f"cell {i + 1} to be dashes with optional colons such as '---' or ':---:'",
                        repr(delim_cells[i]),
                    )
                    + f": {lost}",
                    span=(para.line, para.end_line),
                )
            if head_n != len(delim_cells):
                return ctx.report(
                    line,
                    col,
                    "header and delimiter row disagree: "
                    + expected_found(f"{head_n} delimiter cells as the header has", len(delim_cells))
                    + f": {lost}",
                    span=(para.line, para.end_line),
                )
        col = len(para.lines[0]) - len(para.lines[0].lstrip(" \t")) + 1
        above = tables_by_end.get(para.line - 2)
        if above is not None and not ctx.doc.lines[para.line - 2].strip(" \t"):
            return ctx.report(
                para.line,
                col,
                f"{rows} row{'s' if rows != 1 else ''} after a blank line are cut off from the table at line "
                f"{above.line} and show as plain text; remove the blank line at line {para.line - 1}",
                span=(para.line - 1, para.end_line),
            )
        if rows >= 2:
            return ctx.report(
                para.line,
                col,
                f"{rows} lines look like table rows but there is no delimiter row (such as '|---|---|') under "
                "the header: they show as plain text",
                span=(para.line, para.end_line),
            )
        return None


class HeaderMismatch(Rule):
    name = "header-mismatch"
    code = "AL103"
    severity = "warning"
    summary = "A table's header differs from the list's schema."
    what = (
        "Compares each table's header with the list's schema: `tables.header` in the config, else the header "
        "that most tables of the same kind share. With an inferred schema, a table is reported when it has "
        "another number of columns, the same columns in another order, or a column name that is a typo of "
        "the schema's (at most two letters off); a deliberately different column ('App' for 'Paper') and "
        "tables that share less than half of the schema's columns are left alone. A column named in other "
        "words that keeps its role ('Date of Release' for 'Release Date', 'Papers' for 'Paper') is the same "
        "column, configured schema or not."
    )
    why = "Lists that are read by scripts, exported or sorted rely on every table having the same columns."
    example = (
        "| Date | Title | Paper | Code |\n|---|---|---|---|   (schema: Date | Title | Paper | Code | Recom)"
    )
    fixed = "| Date | Title | Paper | Code | Recom |\n|---|---|---|---|---|"

    def check(self, ctx: Context) -> Iterator[Finding]:
        schema = ctx.info.schema
        if not schema:
            return
        want = [header_key(h) for h in schema]
        source = "the configured header" if ctx.info.schema_configured else "the header most tables use"
        for table in ctx.doc.tables:
            have = [header_key(h) for h in table.header_names]
            if have == want:
                continue
            if not ctx.info.schema_configured and not similar_header(have, want):
                continue
            if len(have) != len(want):
                detail = expected_found(f"{len(want)} columns ({' | '.join(schema)})", f"{len(have)}")
                col = table.column
            elif sorted(have) == sorted(want):
                i = next(i for i, (a, b) in enumerate(zip(have, want, strict=True)) if a != b)
                detail = "columns in another order: " + expected_found(
                    " | ".join(schema), " | ".join(table.header_names)
                )
                col = table.header[i].column
            else:
                diffs = [
                    i
                    for i, (a, b) in enumerate(zip(have, want, strict=True))
                    if not _same_column(a, b, table.header_names[i], schema[i])
                ]
                if not diffs:
                    continue  # the same columns in other words ('Date of Release' for 'Release Date')
                if not ctx.info.schema_configured and not all(_near_miss(have[i], want[i]) for i in diffs):
                    continue  # a deliberately different column ('App' for 'Paper'), not a typo
                i = diffs[0]
                detail = f"column {i + 1}: " + expected_found(repr(schema[i]), repr(table.header_names[i]))
                col = table.header[i].column
            yield ctx.report(table.line, col, f"header differs from {source}: {detail}")


def _same_column(key: str, want: str, text: str, wanted: str) -> bool:
    """Whether a header cell names the schema's column in other words: the same words in another order or
    number ('Date of Release', 'Release Date'), or the same role ('Released' for 'Release Date', 'Papers'
    for 'Paper'): the column keeps its role, so readers and scripts find it."""
    if key == want or header_words(key) == header_words(want):
        return True
    role = header_role(text)
    return role is not None and role == header_role(wanted)


RULES: list[type[Rule]] = [ColumnCount, MalformedTable, HeaderMismatch]
