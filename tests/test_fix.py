"""--fix and --diff: what the fixes do, and the guarantees around them (verification, encoding, atomic
write, concurrent change, idempotence)."""

from __future__ import annotations

import io
import json
import os
import shutil
import stat
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from awesomelint.cli import main
from awesomelint.commands.fix import FixRequest, fix_file
from awesomelint.config import Config
from awesomelint.engine import lint_bytes, selected_rules
from awesomelint.engine.buffer import Buffer, FixError
from awesomelint.engine.diff import unified_diff
from awesomelint.engine.fix import fix_bytes, write_atomic
from awesomelint.findings import Finding, Fix
from awesomelint.rules import Context, Rule

from .conftest import FIXTURES, ROOT, TODAY

RULES = selected_rules(Config())
EXAMPLE = ROOT / "examples" / "awesome-llm-serving.md"


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(["--offline", "--today", TODAY.isoformat(), *argv], out, err)
    return code, out.getvalue(), err.getvalue()


def fix(text: str | bytes, config: Config | None = None, rules: list[type[Rule]] | None = None):
    data = text.encode() if isinstance(text, str) else text
    return fix_bytes(data, "list.md", config or Config(), rules or RULES, TODAY)


def table(*rows: str, header: str = "|Date|Title|\n|---|---|\n") -> str:
    return header + "".join(r + "\n" for r in rows)


# --- what the fixes do ---------------------------------------------------------------------------------


def test_date_rewrite_only_for_unambiguous_values() -> None:
    rows = ["|2024.01|A|", "|2024.02|B|", "|2024.03|C|", "|2024.04|D|", "|2024.05|E|", "|2024.06|F|"]
    text = table(*rows, "|2024-07|G|", "|Aug 2024|H|", "|2024.9|I|")
    out = fix(text)
    assert out.error is None
    assert out.data.decode() == table(*rows, "|2024.07|G|", "|2024.08|H|", "|2024.9|I|")
    # '2024.9' may be 2024.09 or 2024.90 with a lost digit: it stays, reported without a fix
    rest = [(f.line, f.rule, f.fixable) for f in out.result.findings]
    assert rest == [(11, "date-format", False)]


def test_day_month_guess_is_never_made() -> None:
    text = table(
        "|2024-01-02|A|",
        "|2024-02-03|B|",
        "|05/06/2024|C|",
        "|2024-07-08|D|",
        "|2024-08-09|E|",
        "|13/09/2024|F|",
    )
    out = fix(text)
    fixed = out.data.decode()
    assert "|05/06/2024|C|" in fixed  # May 6 or June 5: a guess, left alone
    assert "|2024-09-13|F|" in fixed  # 13 can only be the day


def test_sort_is_stable_for_equal_dates_ascending() -> None:
    text = table("|2024.01|A|", "|2024.03|B1|", "|2024.02|X|", "|2024.03|B2|", "|2024.03|B3|", "|2024.04|C|")
    out = fix(text)
    assert out.data.decode() == table(
        "|2024.01|A|", "|2024.02|X|", "|2024.03|B1|", "|2024.03|B2|", "|2024.03|B3|", "|2024.04|C|"
    )


def test_sort_is_stable_for_equal_dates_descending() -> None:
    text = table(
        "|2024.06|A|",
        "|2024.05|B1|",
        "|2024.05|B2|",
        "|2024.01|X|",
        "|2024.05|B3|",
        "|2024.04|C|",
        "|2024.03|D|",
    )
    out = fix(text)
    assert out.data.decode() == table(
        "|2024.06|A|",
        "|2024.05|B1|",
        "|2024.05|B2|",
        "|2024.05|B3|",
        "|2024.04|C|",
        "|2024.03|D|",
        "|2024.01|X|",
    )


def test_rows_in_a_blockquote_keep_their_markers() -> None:
    head = "> |Date|Title|\n> |---|---|\n> |2024.01|A|\n"
    tail = "> |2024.04|D|\n> |2024.05|E|\n> |2024.06|F|\n\nafter\n"
    out = fix(head + "> |2024.03|C|\n> |2024.02|B|\n" + tail)
    assert out.error is None
    assert out.data.decode() == head + "> |2024.02|B|\n> |2024.03|C|\n" + tail


def test_identical_copy_removed_first_kept_whitespace_ignored() -> None:
    paper = "[[pdf]](https://arxiv.org/abs/2405.04434)"
    header = "|Date|Title|Paper|\n|---|---|---|\n"
    text = table(
        f"|2024.05|DeepSeek-V2|{paper}|",
        "|2024.06|Mooncake|[[pdf]](https://arxiv.org/abs/2407.00079)|",
        f"| 2024.05 |  DeepSeek-V2 | {paper} |",
        header=header,
    )
    out = fix(text)
    assert out.data.decode() == table(
        f"|2024.05|DeepSeek-V2|{paper}|",
        "|2024.06|Mooncake|[[pdf]](https://arxiv.org/abs/2407.00079)|",
        header=header,
    )


def test_a_copy_that_differs_is_reported_not_removed() -> None:
    header = "|Date|Title|Paper|\n|---|---|---|\n"
    text = table(
        "|2024.05|DeepSeek-V2|[[pdf]](https://arxiv.org/abs/2405.04434)|",
        "|2024.05|DeepSeek-V2 (MoE)|[[pdf]](https://arxiv.org/pdf/2405.04434)|",
        header=header,
    )
    out = fix(text)
    assert not out.changed
    assert [f.rule for f in out.result.findings] == ["duplicate-entry"]
    assert not out.result.findings[0].fixable


def test_date_fix_then_duplicate_then_sort_settle_in_passes() -> None:
    text = table("|2024.01|A|", "|2024.04|D|", "|2024-02|B|", "|2024.03|C|", "|2024.05|E|", "|2024.02|B|")
    out = fix(text)
    assert out.data.decode() == table(
        "|2024.01|A|", "|2024.02|B|", "|2024.03|C|", "|2024.04|D|", "|2024.05|E|"
    )
    assert out.converged and out.passes >= 2
    assert not [f for f in out.result.findings if f.fixable]


def test_copy_in_another_date_spelling_is_removed_after_its_date_is_fixed() -> None:
    header = "|Date|Title|Paper|\n|---|---|---|\n"
    rows = [f"|2021.0{i}|Paper {i}|[[pdf]](https://arxiv.org/abs/2301.0000{i})|" for i in range(1, 6)]
    text = table(rows[0], rows[1].replace("2021.02", "2021-02"), *rows[1:], header=header)
    out = fix(text)
    assert out.error is None, out.error
    assert out.data.decode() == table(*rows, header=header)


def test_sort_withdrawn_when_a_row_of_the_table_is_suppressed() -> None:
    text = table(
        "|2024.01|A|",
        "|2024.02|B|",
        "|2023.01|old on purpose| <!-- awesomelint-disable-line date-order -->",
        "|2024.03|C|",
        "|2024.05|E|",
        "|2024.04|D|",
        "|2024.06|F|",
        "|2024.07|G|",
        "|2024.08|H|",
    )
    out = fix(text)
    assert not out.changed
    assert [(f.line, f.rule, f.fixable) for f in out.result.findings] == [(7, "date-order", False)]
    # without the suppression the same table is sorted
    assert fix(text.replace(" <!-- awesomelint-disable-line date-order -->", "")).changed


@pytest.mark.parametrize("path", sorted((FIXTURES / "rules").glob("*.md")), ids=lambda p: p.stem)
def test_fixture_fixes_remove_their_findings(path: Path) -> None:
    """As markdownlint's harness does: apply every fix of a fixture, lint again, and find none of the
    fixed findings and no fixable finding left."""
    toml = path.with_suffix(".toml")
    config = Config()
    if toml.exists():
        import tomllib

        from awesomelint.config import validate_config

        config = validate_config(tomllib.loads(toml.read_text()), str(toml))
    out = fix_bytes(path.read_bytes(), path.name, config, selected_rules(config), TODAY)
    assert out.error is None
    assert out.converged
    assert not [f for f in out.result.findings if f.fixable]
    before = [f for f in out.original.findings if f.fixable]
    assert out.fixed >= len(before)
    again = fix_bytes(out.data, path.name, config, selected_rules(config), TODAY)
    assert again.data == out.data and again.passes == 0


# --- encoding, endings, bytes outside the edited rows -----------------------------------------------------


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
@pytest.mark.parametrize("bom", [False, True])
@pytest.mark.parametrize("final", [False, True])
def test_endings_bom_and_final_newline_are_kept(newline: str, bom: bool, final: bool) -> None:
    lines = [
        "# List",
        "",
        "Intro  with trailing spaces  ",
        "",
        "|Date|Title|",
        "|---|---|",
        "|2024.01|A|",
        "|2024.03|C|",
        "|2024.02|B|",
        "|2024.04|D|",
        "|2024.05|E|",
        "|2024.06|F|",
        "|2024.06|F|",
    ]
    text = newline.join(lines) + (newline if final else "")
    data = (b"\xef\xbb\xbf" if bom else b"") + text.encode()
    out = fix(data)
    assert out.error is None, out.error
    expected = [
        *lines[:6],
        "|2024.01|A|",
        "|2024.02|B|",
        "|2024.03|C|",
        "|2024.04|D|",
        "|2024.05|E|",
        "|2024.06|F|",
    ]
    want = (b"\xef\xbb\xbf" if bom else b"") + (newline.join(expected) + (newline if final else "")).encode()
    assert out.data == want


def test_mixed_endings_stay_with_their_slots() -> None:
    rest = b"|2024.03|C|\r\n|2024.04|D|\r\n|2024.05|E|\r\n|2024.06|F|\n\nEnd"
    data = b"Intro\r\n\r\n|Date|Title|\r\n|---|---|\r\n|2024.02|B|\n|2024.01|A|\r\n" + rest
    out = fix(data)
    assert out.data == b"Intro\r\n\r\n|Date|Title|\r\n|---|---|\r\n|2024.01|A|\n|2024.02|B|\r\n" + rest


def test_bytes_outside_edited_rows_are_unchanged_on_the_example() -> None:
    data = EXAMPLE.read_bytes()
    out = fix(data)
    assert out.changed
    old = Buffer.from_bytes(data).texts
    new = Buffer.from_bytes(out.data).texts
    # the first table's rows (lines 15-21) were edited; everything before and after is identical
    assert new[:14] == old[:14]
    deleted = len(old) - len(new)
    assert deleted == 1
    assert new[20 - deleted :] == old[20:]


def test_buffer_round_trip_is_exact() -> None:
    for data in [b"", b"a", b"a\n", b"a\r\nb\rc\n\n", b"\xef\xbb\xbfx\r\n", "é\u2028x\n".encode()]:
        assert Buffer.from_bytes(data).to_bytes() == data


# --- verification refuses a fix that loses or changes an entry -----------------------------------------------


def _rogue(fix_for: callable) -> type[Rule]:  # type: ignore[valid-type]
    class Rogue(Rule):
        name = "date-order"  # a registered name, so that the engine accepts its findings
        code = "AL202"
        severity = "warning"
        summary = what = why = example = fixed = ""
        fixable = True

        def check(self, ctx: Context) -> Iterator[Finding]:
            f = fix_for(ctx)
            if f is not None:
                yield ctx.report(f.line, 1, "rogue", fix=f)

    return Rogue


ROWS = table("|2024.01|A|", "|2024.02|B|", "|2024.03|C|")


def _only_once(make: callable) -> callable:  # type: ignore[valid-type]
    calls = []

    def fix_for(ctx: Context) -> Fix | None:
        calls.append(1)
        return make(ctx) if len(calls) == 1 else None

    return fix_for


@pytest.mark.parametrize(
    ("fix_for", "reason"),
    [
        (lambda ctx: Fix(line=4, end_line=4, replacement=[], kind="delete"), "no identical copy"),
        (
            lambda ctx: Fix(line=3, end_line=3, replacement=["|2024.01|Z|"], kind="date"),
            "cell 2 changed",
        ),
        (
            lambda ctx: Fix(line=3, end_line=3, replacement=["|2024.02|A|"], kind="date"),
            "its date changed",
        ),
        (
            lambda ctx: Fix(line=3, end_line=4, replacement=["|2024.01|A|", "|2024.01|A|"], kind="reorder"),
            "not a permutation",
        ),
        (
            lambda ctx: Fix(line=2, end_line=3, replacement=["|2024.01|A|", "|---|---|"], kind="reorder"),
            "rows of one table",
        ),
        (
            lambda ctx: Fix(line=3, end_line=3, replacement=["|2024.01|A|x|"], kind="edit"),
            "3 cells instead of 2",
        ),
        (lambda ctx: Fix(line=3, end_line=3, replacement=["", "x"], kind="edit"), "number of lines"),
        (lambda ctx: Fix(line=3, end_line=3, replacement=["a\nb"], kind="edit"), "line break"),
        (lambda ctx: Fix(line=3, end_line=9, replacement=[], kind="delete"), "outside the file"),
        (lambda ctx: Fix(line=1, end_line=1, replacement=["text"], kind="edit"), "tables instead of 1"),
        (lambda ctx: Fix(line=5, end_line=5, replacement=[""], kind="edit"), "would be lost"),
        (
            lambda ctx: Fix(line=1, end_line=1, replacement=["|Date|Name|"], kind="date"),
            "holds no entry's date",
        ),
        (
            lambda ctx: Fix(line=1, end_line=1, replacement=["|Date|Name|"], kind="reorder"),
            "rows of one table",
        ),
    ],
)
def test_verification_refuses_a_bad_fix(fix_for, reason: str) -> None:
    out = fix(ROWS, rules=[_rogue(_only_once(fix_for))])
    assert out.error is not None and reason in out.error, out.error
    assert out.data == ROWS.encode()  # nothing applied
    assert out.result is out.original


ITEMS = (
    "# L\n\n## Papers\n\n"
    "- [2024/01] **A.** [[paper](https://arxiv.org/abs/2401.00001)]\n"
    "- [2024/02] **B.** [[paper](https://arxiv.org/abs/2402.00001)]\n"
    "- [2024/03] **C.** [[paper](https://arxiv.org/abs/2403.00001)]\n"
    "- [2024/04] **D.** [[paper](https://arxiv.org/abs/2404.00001)]\n"
    "- [2024/05] **E.** [[paper](https://arxiv.org/abs/2405.00001)]\n"
    "\nSeen 2024/03.\n"
)


@pytest.mark.parametrize(
    ("fix_for", "reason"),
    [
        (lambda ctx: _item_date_fix(5, "[2024/01]", "[2024/02]"), "its date is not the same date"),
        (lambda ctx: _item_date_fix(5, "**A.**", "**Z.**"), "would change beyond its date"),
        (lambda ctx: _item_date_fix(11, "2024/03", "2024/04"), "line 11 holds no entry's date"),
    ],
)
def test_verification_refuses_a_date_fix_of_an_entry_that_is_not_its_date_rewritten(
    fix_for, reason: str
) -> None:
    """Outside a table, a date fix must rewrite an entry's date as the same date, and nothing else."""
    out = fix(ITEMS, rules=[_rogue(_only_once(fix_for))])
    assert out.error is not None and reason in out.error, out.error
    assert out.data == ITEMS.encode()


def _item_date_fix(line: int, old: str, new: str) -> Fix:
    text = ITEMS.split("\n")[line - 1]
    return Fix(line=line, end_line=line, replacement=[text.replace(old, new)], kind="date")


def test_an_entry_date_in_another_spelling_is_rewritten_in_its_list_format() -> None:
    text = ITEMS.replace("[2024/02]", "[2024-02]").replace("[2024/03]", "[2024/3]")
    out = fix(text)
    assert out.error is None, out.error
    assert out.data == ITEMS.encode()
    assert fix(out.data).data == out.data  # a second --fix changes nothing


def test_verification_refusal_leaves_the_file_untouched(tmp_path: Path) -> None:
    path = tmp_path / "README.md"
    path.write_text(ROWS)
    st = path.stat()
    rogue = _rogue(_only_once(lambda ctx: Fix(line=4, end_line=4, replacement=[], kind="delete")))
    result, _diff, _warning = fix_file(
        FixRequest(path, st, str(path), path.read_bytes(), Config(), [rogue], TODAY)
    )
    assert result.error and result.error.startswith("fix refused: ") and "left untouched" in result.error
    assert path.read_text() == ROWS
    assert result.findings and result.findings[0].message == "rogue"  # the original findings are reported
    assert list(tmp_path.iterdir()) == [path]


# --- atomic write and concurrent modification ------------------------------------------------------------


def test_fix_writes_atomically_and_keeps_the_mode(tmp_path: Path) -> None:
    path = tmp_path / "README.md"
    shutil.copy(EXAMPLE, path)
    path.chmod(0o640)
    inode = path.stat().st_ino
    code, out, _err = run("--fix", str(path))
    assert code == 1  # errors without a fix remain
    assert "Fixed 3 findings in 1 file; 3 remain: 3 errors and 0 warnings." in out
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert path.stat().st_ino != inode  # replaced by rename, not rewritten in place
    assert sorted(p.name for p in tmp_path.iterdir()) == ["README.md"]  # no temporary file left
    assert "|2024.05|🔥[**DeepSeek-V2**]" in path.read_text()


def test_fix_writes_through_a_symlink(tmp_path: Path) -> None:
    real = tmp_path / "real.md"
    shutil.copy(EXAMPLE, real)
    link = tmp_path / "README.md"
    link.symlink_to(real)
    code, _out, _err = run("--fix", str(link))
    assert code == 1
    assert link.is_symlink()
    assert real.read_bytes() != EXAMPLE.read_bytes()


def test_fixing_twice_changes_nothing_the_second_time(tmp_path: Path) -> None:
    path = tmp_path / "README.md"
    shutil.copy(EXAMPLE, path)
    run("--fix", str(path))
    first = path.read_bytes()
    mtime = path.stat().st_mtime_ns
    code, out, _err = run("--fix", str(path))
    assert path.read_bytes() == first and path.stat().st_mtime_ns == mtime
    assert "Fixed 0 findings in 0 files" in out
    code, out, err = run("--diff", str(path))
    assert (code, out) == (0, "")
    assert "Nothing to fix" in err


def test_concurrent_change_is_detected_before_the_rename(tmp_path: Path) -> None:
    path = tmp_path / "README.md"
    path.write_text(ROWS)
    data, st = path.read_bytes(), path.stat()
    path.write_text(ROWS + "|2024.04|D|\n")  # someone edits the file meanwhile
    with pytest.raises(FixError, match="changed on disk"):
        write_atomic(path, b"new", data, st)
    assert path.read_text() == ROWS + "|2024.04|D|\n"
    assert list(tmp_path.iterdir()) == [path]


def test_concurrent_change_during_fixing_leaves_the_file_untouched(tmp_path: Path) -> None:
    """A rule that edits the file on disk while the fix runs, as an editor saving at that moment would."""
    path = tmp_path / "README.md"
    text = table("|2024.01|A|", "|2024.03|C|", "|2024.02|B|", "|2024.04|D|", "|2024.05|E|", "|2024.06|F|")
    path.write_text(text)

    class Editor(Rule):
        name = "column-count"
        code = "AL101"
        severity = "error"
        summary = what = why = example = fixed = ""

        def check(self, ctx: Context) -> Iterator[Finding]:
            path.write_text(text + "|2024.05|E (added meanwhile)|\n")
            return iter(())

    rules = [*RULES, Editor]
    result, _diff, _warning = fix_file(
        FixRequest(path, path.stat(), str(path), text.encode(), Config(), rules, TODAY)
    )
    assert result.error is not None and "changed on disk" in result.error
    assert path.read_text().endswith("|2024.05|E (added meanwhile)|\n")


def test_unreadable_files_exit_2_and_stay_untouched(tmp_path: Path) -> None:
    bad = tmp_path / "bad.md"
    bad.write_bytes(b"|Date|Title|\n|---|---|\n|2024.02|\xff|\n|2024.01|A|\n|2024.03|C|\n")
    before = bad.read_bytes()
    code, _out, err = run("--fix", str(bad), str(tmp_path / "missing.md"))
    assert code == 2
    assert "bad.md: error: invalid UTF-8 at line 3" in err
    assert "missing.md: error: cannot read" in err
    assert bad.read_bytes() == before


# --- --diff ---------------------------------------------------------------------------------------------


def test_diff_prints_a_patch_and_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "README.md"
    shutil.copy(EXAMPLE, path)
    code, out, err = run("--diff", str(path))
    assert code == 1
    assert out.startswith(f"--- a/{path}\n+++ b/{path}\n@@ ")
    assert "-|2024-05|" in out and "+|2024.05|" in out
    assert "Would fix 3 findings in 1 file; 3 would remain." in err
    assert path.read_bytes() == EXAMPLE.read_bytes()
    # the patch applies: patch(1) is not needed, applying the fixed text through --fix gives the same
    outcome = fix(EXAMPLE.read_bytes())
    assert out == unified_diff(str(path), EXAMPLE.read_bytes(), outcome.data, outcome.origin)


def test_diff_marks_a_missing_final_newline_and_keeps_the_bom() -> None:
    diff = unified_diff("x.md", b"a\nb", b"a\nc")
    assert diff.endswith("-b\n\\ No newline at end of file\n+c\n\\ No newline at end of file\n")
    diff = unified_diff("x.md", b"\xef\xbb\xbfa\r\nb\r\n", b"\xef\xbb\xbfa\r\nc\r\n")
    assert diff.splitlines(keepends=True)[3:] == [" \ufeffa\r\n", "-b\r\n", "+c\r\n"]


def test_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    code, _out, err = run("--fix", "-")
    assert code == 2 and "--fix cannot write back to stdin" in err

    class Stdin:
        buffer = io.BytesIO(
            table(
                "|2024.02|B|", "|2024.01|A|", "|2024.03|C|", "|2024.04|D|", "|2024.05|E|", "|2024.06|F|"
            ).encode()
        )

    monkeypatch.setattr("sys.stdin", Stdin)
    code, out, _err = run("--diff", "-", "--stdin-filename", "list.md")
    removed = [ln[1:] for ln in out.splitlines() if ln.startswith("-|")]
    added = [ln[1:] for ln in out.splitlines() if ln.startswith("+|")]
    assert code == 1 and removed == added and removed in (["|2024.01|A|"], ["|2024.02|B|"])  # one row moves


def test_json_summary_counts_fixed(tmp_path: Path) -> None:
    import json

    path = tmp_path / "README.md"
    shutil.copy(EXAMPLE, path)
    _code, out, _err = run("--fix", "--format", "json", str(path))
    payload = json.loads(out)
    assert payload["summary"]["fixed"] == 3
    assert payload["files"] == [{"path": str(path), "error": None, "fixed": 3, "changed": True}]
    assert all(not f["fixable"] for f in payload["findings"])


def test_only_fix_writes(tmp_path: Path) -> None:
    path = tmp_path / "README.md"
    shutil.copy(EXAMPLE, path)
    run(str(path))
    run("--diff", str(path))
    run("--format", "json", str(path))
    assert path.read_bytes() == EXAMPLE.read_bytes()


# --- the corpus ----------------------------------------------------------------------------------------------


@pytest.mark.corpus
def test_corpus_fix_then_plain_run_has_no_fixable_finding(corpus: Path, tmp_path: Path) -> None:
    files = sorted(corpus.glob("*.md"))
    assert files
    for source in files:
        path = tmp_path / source.name
        shutil.copy(source, path)
        code, _out, err = run("--fix", "--quiet", str(path))
        assert code in (0, 1), err
        result = lint_bytes(path.read_bytes(), path.name, Config(), RULES, today=TODAY)
        fixable = [f"{f.line}: {f.message}" for f in result.findings if f.fixable]
        assert not fixable, f"{source.name}: {fixable}"
        # and the second run changes nothing
        before = path.read_bytes()
        run("--fix", "--quiet", str(path))
        assert path.read_bytes() == before, source.name
        os.remove(path)


# --- what GitHub renders survives a fix ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        # a table in a list item, and a line below it that GitHub shows as text, not as a row
        "- |Date|Title|\n  |---|---|\n  |2024.01|A|\n  |2024.03|C|\n  |2024.02|B|\n|2023.01|Z|\n",
        # a lone tag ends the table: the rows after it are text, not part of the sort
        "|Date|Title|\n|---|---|\n|2024.01|A|\n|2024.03|C|\n<br>\n|2024.02|B|\n|2024.02|B|\n",
        # a lazy header in a quote
        "> para\n|Date|Title|\n> |---|---|\n> |2024.01|A|\n> |2024.03|C|\n> |2024.02|B|\n",
    ],
)
def test_a_fix_keeps_every_row_github_renders(text: str) -> None:
    from .gfm_oracle import gfm_tables

    out = fix(text)
    assert out.error is None, out.error
    fixed = out.data.decode()

    def shown(source: str) -> list[list[str]]:
        return [sorted(map(str, t.rows)) for t in gfm_tables(source)]

    assert shown(fixed) == shown(text)  # the same tables, holding the same rows (sorted or not)
    # nothing here is a copy to remove: the fix may only reorder lines, and none GitHub shows outside a
    # table may go (the old reading took the rows after the lone tag for table rows and deleted one of the
    # two identical lines GitHub shows inside the HTML block)
    assert Counter(fixed.splitlines()) == Counter(text.splitlines())
    outside = [ln for ln in text.splitlines() if ln not in fixed.splitlines()]
    assert outside == []


MOVED_ROW = """# List

|Date|Title|Paper|
|---|---|---|
|2024.01|A|[[pdf]](https://arxiv.org/abs/2401.00001)|
|2024.05|B [back](#nowhere)|[[pdf]]()|
|2024.02|C|[[pdf]](https://arxiv.org/abs/2402.00001)|
|2024.03|D|[[pdf]](https://arxiv.org/abs/2403.00001)|
|2024.04|E|[[pdf]](https://arxiv.org/abs/2404.00001)|
|2024.06|F|[[pdf]](https://arxiv.org/abs/2406.00001)|
"""


def test_a_moved_row_keeps_its_findings_in_the_report_after_fix(tmp_path: Path) -> None:
    """The sort moves row B; its empty link and broken anchor are still errors, reported where B lands."""
    path = tmp_path / "README.md"
    path.write_text(MOVED_ROW)
    out, err = io.StringIO(), io.StringIO()
    assert main(["--offline", "--today", "2026-11-29", "--fix", str(path)], out, err) == 1
    after_fix = [line for line in out.getvalue().splitlines() if ": AL" in line]
    assert [line.split(": ", 1)[0].rsplit(":", 2)[1:] for line in after_fix] == [["9", "19"], ["9", "29"]]
    out2 = io.StringIO()
    assert main(["--offline", "--today", "2026-11-29", str(path)], out2, io.StringIO()) == 1
    assert [line for line in out2.getvalue().splitlines() if ": AL" in line] == after_fix


def test_fix_counts_what_it_resolved_beyond_the_findings_with_a_fix(tmp_path: Path) -> None:
    """The example's out-of-order row gets no sort of its own while the table holds a copy of a row; --fix
    removes the copy, then sorts: two findings carry a fix, three are resolved, and each count says which."""
    path = tmp_path / "README.md"
    shutil.copy(EXAMPLE, path)
    _code, out, _err = run("--offline", str(path))
    assert out.splitlines()[-1] == "Found 5 errors and 1 warning in 1 file (2 fixable with --fix)."
    _code, out, _err = run("--offline", "--fix", str(path))
    assert out.splitlines()[-1] == "Fixed 3 findings in 1 file; 3 remain: 3 errors and 0 warnings."
    _code, out, _err = run("--offline", "--format", "json", str(path))
    assert len(json.loads(out)["findings"]) == 3
