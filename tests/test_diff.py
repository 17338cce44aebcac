"""--diff-base against real temporary git repositories: only the findings that a change made are reported,
as text and as GitHub annotations on the changed lines."""

from __future__ import annotations

import io
import re
import subprocess
import sys
from pathlib import Path

import pytest

from awesomelint.cli import main
from awesomelint.git import GitDiff, LineChanges, parse_unified_zero

from .gitutil import Repo, git_env, init_repo

pytestmark = pytest.mark.slow

HEADER = "|Date|Title|Paper|Code|Recom|\n|:---:|:---:|:---:|:---:|:---:|\n"


def row(date: str, title: str, arxiv: str, repo: str, badge: str | None = None, recom: str = "⭐️⭐️") -> str:
    name = repo.split("/")[1]
    badge_repo = badge or repo
    return (
        f"|{date}|{title}|[[pdf]](https://arxiv.org/abs/{arxiv})|[[{name}]](https://github.com/{repo}) "
        f"![](https://img.shields.io/github/stars/{badge_repo}.svg?style=social)|{recom}|\n"
    )


SERVING = [
    row("2023.09", "PagedAttention", "2309.06180", "vllm-project/vllm"),
    row("2023.12", "SGLang", "2312.07104", "sgl-project/sglang"),
    row("2024.01", "DistServe", "2401.09670", "LLMServe/DistServe"),
    row("2024.05", "DeepSeek-V2", "2405.04434", "deepseek-ai/DeepSeek-V2"),
    row("2024.06", "Mooncake", "2407.00079", "kvcache-ai/Mooncake"),
]
QUANT = [
    row("2022.11", "SmoothQuant", "2211.10438", "mit-han-lab/smoothquant"),
    row("2023.06", "AWQ", "2306.00978", "mit-han-lab/llm-awq"),
    row("2023.10", "QLLM", "2310.08041", "ModelTC/QLLM"),
]


def make_list(serving: list[str], quant: list[str], extra: str = "") -> str:
    return (
        "# Awesome LLM Serving\n\nA test list.\n\n## Serving\n\n"
        + HEADER
        + "".join(serving)
        + "\n## Quantization\n\n"
        + HEADER
        + "".join(quant)
        + extra
    )


CLEAN = make_list(SERVING, QUANT)
# line numbers in CLEAN: Serving header 7, rows 9-13; Quantization header 17, rows 19-21

NEW_SERVING = [
    row("2024-07", "MInference", "2407.02490", "microsoft/MInference"),  # date-format
    "|2024.08|Mooncake v2|[[pdf]](https://arxiv.org/pdf/2407.00079v2)|⭐️|⭐️|\n",  # duplicate of Mooncake
    "|2024.09|Medusa|[[pdf]](https://arxiv.org/abs/2401.10774)|\n",  # column-count: 3 of 5 cells
    row("2023.11", "Splitwise", "2311.18677", "Mutinifni/splitwise-sim"),  # date-order
]
NEW_QUANT = [row("2024.03", "QuaRot", "2404.00456", "spcl/QuaRot", badge="spcl/quarot-x")]  # badge-url
DEFECTIVE = make_list(SERVING + NEW_SERVING, QUANT + NEW_QUANT)


def run(args: list[str], cwd: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[int, str, str]:
    monkeypatch.chdir(cwd)
    monkeypatch.delenv("GITHUB_WORKSPACE", raising=False)
    out, err = io.StringIO(), io.StringIO()
    code = main([*args, "--isolated", "--offline", "--today", "2026-11-29"], stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def findings(text: str) -> list[tuple[int, int, str]]:
    out = []
    for line in text.splitlines():
        m = re.match(r"^[^:]+:(\d+):(\d+): AL\d{3} ([a-z-]+) ", line)
        if m:
            out.append((int(m.group(1)), int(m.group(2)), m.group(3)))
    return out


def col_of(text: str, line: int, needle: str) -> int:
    return text.split("\n")[line - 1].index(needle) + 1


def annotations(text: str) -> list[tuple[str, dict[str, str], str]]:
    out = []
    for line in text.splitlines():
        m = re.match(r"^::(error|warning) ([^:]*)::(.*)$", line)
        if m:
            props = dict(p.split("=", 1) for p in m.group(2).split(","))
            out.append((m.group(1), props, m.group(3)))
    return out


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    r = init_repo(tmp_path / "list")
    r.write("README.md", CLEAN)
    r.commit("a clean list")
    return r


EXPECTED_NEW = [
    (14, 2, "date-format"),
    (15, col_of(DEFECTIVE, 15, "https://arxiv.org/pdf/2407.00079v2"), "duplicate-entry"),
    (16, 1, "column-count"),
    (17, 2, "date-order"),
    (26, col_of(DEFECTIVE, 26, "https://img.shields.io/github/stars/spcl/quarot-x"), "badge-url"),
]


def test_clean_list_is_clean(repo: Repo, monkeypatch: pytest.MonkeyPatch) -> None:
    code, out, _ = run(["README.md"], repo.root, monkeypatch)
    assert code == 0, out
    assert findings(out) == []


def test_added_rows_report_exactly_the_new_defects(repo: Repo, monkeypatch: pytest.MonkeyPatch) -> None:
    repo.write("README.md", DEFECTIVE)
    repo.commit("add rows with defects")
    code, out, err = run(["--diff-base", "HEAD~1", "README.md"], repo.root, monkeypatch)
    assert code == 1, err
    assert findings(out) == EXPECTED_NEW
    assert "date-format expected a date in the list's format YYYY.MM" in out
    assert "Found 4 errors and 1 warning in 1 file; changed lines only (1 fixable with --fix)." in out

    code, out, _ = run(["--diff-base", "HEAD~1", "--format", "github", "README.md"], repo.root, monkeypatch)
    assert code == 1
    got = annotations(out)
    assert [(int(p["line"]), int(p["col"]), p["title"].split()[-1]) for _, p, _ in got] == EXPECTED_NEW
    assert [kind for kind, _, _ in got] == ["error", "error", "error", "warning", "error"]
    assert all(p["file"] == "README.md" for _, p, _ in got)
    _, props, message = got[0]
    assert props["title"] == "awesomelint AL201 date-format"
    assert props["endColumn"] == "9"  # just after '2024-07'
    assert message.startswith("README.md:14:2: AL201 date-format expected a date")


def test_only_new_defects_when_the_base_has_old_ones(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    old_defects = [*SERVING[:2], SERVING[2].replace("2024.01", "2024-01"), *SERVING[3:], SERVING[4]]
    repo = init_repo(tmp_path / "list")
    repo.write("README.md", make_list(old_defects, QUANT))
    repo.commit("a list with two old defects")
    code, out, _ = run(["README.md"], repo.root, monkeypatch)
    assert findings(out) == [
        (11, 2, "date-format"),
        (14, col_of(make_list(old_defects, QUANT), 14, "https://arxiv"), "duplicate-entry"),
    ]

    text = make_list(old_defects, [*QUANT, NEW_SERVING[2]])
    repo.write("README.md", text)
    repo.commit("add a short row")
    code, out, _ = run(["--diff-base", "HEAD~1", "README.md"], repo.root, monkeypatch)
    assert code == 1
    assert findings(out) == [(23, 1, "column-count")]
    assert "2 findings on unchanged lines not shown" in out

    code, out, _ = run(["--diff-base", "HEAD", "README.md"], repo.root, monkeypatch)
    assert code == 0
    assert findings(out) == []
    assert (
        "All checks passed (1 file; no line changed since the base; 3 findings on unchanged lines not shown)."
        in out
    )

    # editing the first of two old copies reaches the duplicate finding, but the base had it already
    repo.write(
        "README.md",
        text.replace(
            "/kvcache-ai/Mooncake.svg?style=social)|⭐️⭐️|\n",
            "/kvcache-ai/Mooncake.svg?style=social)|⭐️|\n",
            1,
        ),
    )
    assert repo.git("diff", "--numstat") == "1\t1\tREADME.md"
    code, out, _ = run(["--diff-base", "HEAD", "README.md"], repo.root, monkeypatch)
    assert (code, findings(out)) == (0, [])


def test_editing_old_rows_reports_the_edited_rows(repo: Repo, monkeypatch: pytest.MonkeyPatch) -> None:
    edited = CLEAN.replace("|2024.01|DistServe|", "|2024.13|DistServe|").replace(
        "stars/mit-han-lab/llm-awq.svg", "stars/mit-han-lab/llm-awq2.svg"
    )
    expected = [(11, 2, "date-format"), (20, col_of(edited, 20, "https://img.shields.io"), "badge-url")]
    # uncommitted (then staged) edits count against HEAD
    repo.write("README.md", edited)
    code, out, _ = run(["--diff-base", "HEAD", "README.md"], repo.root, monkeypatch)
    assert (code, findings(out)) == (1, expected)
    repo.git("add", "README.md")
    code, out, _ = run(["--diff-base", "HEAD", "README.md"], repo.root, monkeypatch)
    assert (code, findings(out)) == (1, expected)
    # ... and committed ones against the commit before
    repo.commit("edit two old rows")
    code, out, _ = run(["--diff-base", "HEAD~1", "--format", "github", "README.md"], repo.root, monkeypatch)
    assert code == 1
    got = annotations(out)
    assert [(int(p["line"]), int(p["col"]), p["title"].split()[-1]) for _, p, _ in got] == expected
    assert "'2024.13' is not a real date: month 13 does not exist" in got[0][2]


def test_new_row_on_top_of_a_descending_table_duplicating_an_old_row(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = init_repo(tmp_path / "list")
    descending = list(reversed(SERVING))
    repo.write("README.md", make_list(descending, QUANT))
    repo.commit("a list, newest first")
    # the new row is an old row again, under a new date: the old row (line 14) is the later copy (two titles
    # with one paper and one repository would be two entries of one paper)
    new = row("2024.08", "PagedAttention", "2309.06180", "vllm-project/vllm")
    text = make_list([new, *descending], QUANT)
    repo.write("README.md", text)
    code, out, _ = run(["--diff-base", "HEAD", "README.md"], repo.root, monkeypatch)
    assert code == 1
    assert findings(out) == [(14, col_of(text, 14, "https://arxiv.org/abs/2309.06180"), "duplicate-entry")]
    assert "same arXiv 2309.06180 as line 9" in out


def test_appended_row_that_puts_an_old_row_out_of_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # 2023.09 2023.12 2024.01 2024.06, then 2024.03 appended: moving either of the last two rows restores
    # the order; the rule names the old row (line 12), measured against the new one, and the change is
    # what put it out of order, so it is reported
    repo = init_repo(tmp_path / "list")
    old = [SERVING[0], SERVING[1], SERVING[2], SERVING[4]]
    repo.write("README.md", make_list(old, QUANT))
    repo.commit("four rows")
    repo.write(
        "README.md", make_list([*old, row("2024.03", "QServe", "2403.04532", "mit-han-lab/qserve")], QUANT)
    )
    code, out, _ = run(["--diff-base", "HEAD", "README.md"], repo.root, monkeypatch)
    assert (code, findings(out)) == (0, [(12, 2, "date-order")])
    assert "expected a date ≥ 2024.01 (line 11) and ≤ 2024.03 (line 13); found 2024.06" in out


def test_table_that_no_longer_renders_is_reported(repo: Repo, monkeypatch: pytest.MonkeyPatch) -> None:
    # removing the delimiter row: nothing is added, the header line itself is unchanged
    lines = CLEAN.split("\n")
    del lines[17]  # line 18, the Quantization delimiter row
    repo.write("README.md", "\n".join(lines))
    code, out, _ = run(["--diff-base", "HEAD", "README.md"], repo.root, monkeypatch)
    assert code == 1
    assert findings(out) == [(17, 1, "malformed-table")]
    assert "no delimiter row" in out


def test_blank_line_that_cuts_rows_off_is_reported(repo: Repo, monkeypatch: pytest.MonkeyPatch) -> None:
    lines = CLEAN.split("\n")
    lines.insert(10, "")  # a blank line between rows 10 and 11
    repo.write("README.md", "\n".join(lines))
    code, out, _ = run(["--diff-base", "HEAD", "README.md"], repo.root, monkeypatch)
    assert code == 1
    assert findings(out) == [(12, 1, "malformed-table")]
    assert "3 rows after a blank line are cut off from the table at line 7" in out


def test_wider_header_reports_every_row_of_its_table(repo: Repo, monkeypatch: pytest.MonkeyPatch) -> None:
    text = CLEAN.replace(
        HEADER + QUANT[0], "|Date|Title|Paper|Code|Recom|Venue|\n|---|---|---|---|---|---|\n" + QUANT[0]
    )
    repo.write("README.md", text)
    code, out, _ = run(
        ["--diff-base", "HEAD", "--select", "column-count", "README.md"], repo.root, monkeypatch
    )
    assert code == 1
    assert [(ln, r) for ln, _, r in findings(out)] == [
        (19, "column-count"),
        (20, "column-count"),
        (21, "column-count"),
    ]


def test_fences(repo: Repo, monkeypatch: pytest.MonkeyPatch) -> None:
    # a fence opened by the change is reported ...
    text = CLEAN.replace("## Quantization\n", "```bibtex\n@misc{list}\n\n## Quantization\n")
    repo.write("README.md", text)
    code, out, _ = run(["--diff-base", "HEAD", "README.md"], repo.root, monkeypatch)
    assert findings(out) == [(15, 1, "unclosed-code-fence")]
    assert code == 1  # it swallows table rows: an error
    # ... one that was already open is not the change's doing
    repo.commit("open a fence")
    repo.write("README.md", text + "|2024.01|QuIP#|[[pdf]](https://arxiv.org/abs/2402.04396)|\n")
    code, out, _ = run(["--diff-base", "HEAD", "README.md"], repo.root, monkeypatch)
    assert (code, findings(out)) == (0, [])
    assert "1 finding on unchanged lines not shown" in out


def test_renamed_file_is_compared_with_its_old_path(repo: Repo, monkeypatch: pytest.MonkeyPatch) -> None:
    repo.git("mv", "README.md", "list.md")
    text = make_list(SERVING, [*QUANT, NEW_SERVING[2]])
    repo.write("list.md", text)
    repo.commit("rename and add a short row")
    code, out, _ = run(["--diff-base", "HEAD~1", "list.md"], repo.root, monkeypatch)
    assert (code, findings(out)) == (1, [(22, 1, "column-count")])


def test_new_files_are_new_in_every_line(repo: Repo, monkeypatch: pytest.MonkeyPatch) -> None:
    repo.write("docs/other.md", DEFECTIVE)
    code, out, _ = run(["--diff-base", "HEAD", "docs/other.md"], repo.root, monkeypatch)  # untracked
    assert (code, findings(out)) == (1, EXPECTED_NEW)
    repo.git("add", "docs/other.md")
    code, out, _ = run(
        ["--diff-base", "HEAD", "docs/other.md"], repo.root, monkeypatch
    )  # staged, not in HEAD
    assert (code, findings(out)) == (1, EXPECTED_NEW)


def test_stdin_is_compared_with_the_file_it_names(repo: Repo, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(DEFECTIVE.encode())))
    code, out, _ = run(["--diff-base", "HEAD", "--stdin-filename", "README.md", "-"], repo.root, monkeypatch)
    assert (code, findings(out)) == (1, EXPECTED_NEW)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(DEFECTIVE.encode())))
    code, _, err = run(["--diff-base", "HEAD", "-"], repo.root, monkeypatch)
    assert code == 2 and "needs --stdin-filename" in err


def test_merge_base_form(repo: Repo, monkeypatch: pytest.MonkeyPatch) -> None:
    repo.git("checkout", "-q", "-b", "feature")
    repo.write("README.md", DEFECTIVE)
    repo.commit("feature: add rows")
    repo.git("checkout", "-q", "main")
    repo.write("README.md", CLEAN.replace("|2023.10|QLLM|", "|2023.10|QLLM (EMNLP)|"))
    repo.commit("main: edit a row")
    repo.git("checkout", "-q", "feature")
    # against main's tip, the row main edited differs too; against the merge base only the feature's rows
    code, out, _ = run(["--diff-base", "main...", "README.md"], repo.root, monkeypatch)
    assert (code, findings(out)) == (1, EXPECTED_NEW)


def test_missing_revision_says_how_to_fetch_it(repo: Repo, monkeypatch: pytest.MonkeyPatch) -> None:
    code, out, err = run(["--diff-base", "origin/main", "README.md"], repo.root, monkeypatch)
    assert code == 2 and out == ""
    assert "--diff-base origin/main: no such commit in this clone" in err
    # no remote at all: no made-up `origin` to fetch from
    assert "git fetch" not in err and "This repository has no remote to fetch it from" in err
    code, _, err = run(["--diff-base", "HEAD~5", "README.md"], repo.root, monkeypatch)
    assert code == 2 and "git fetch --deepen=5" in err
    # the remote the clone really has is named, for a remote-tracking branch and for a bare name
    repo.git("remote", "add", "upstream", "https://example.invalid/list.git")
    code, _, err = run(["--diff-base", "origin/main", "README.md"], repo.root, monkeypatch)
    assert code == 2 and "git fetch --depth=1 upstream origin/main" in err
    code, _, err = run(["--diff-base", "upstream/main", "README.md"], repo.root, monkeypatch)
    assert code == 2 and "git fetch --depth=1 upstream main" in err


def test_outside_a_repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "README.md").write_text(DEFECTIVE, encoding="utf-8")
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    code, out, err = run(["--diff-base", "HEAD", "README.md"], tmp_path, monkeypatch)
    assert code == 2 and out == ""
    assert "README.md: not inside a git repository, so --diff-base cannot tell which lines changed" in err


def test_shallow_clone_with_and_without_the_base(
    repo: Repo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    base = repo.git("rev-parse", "HEAD")
    repo.write("README.md", DEFECTIVE)
    repo.commit("add rows with defects")
    clone = Repo(tmp_path / "clone")
    subprocess.run(
        ["git", "clone", "-q", "--depth=1", repo.root.as_uri(), str(clone.root)],
        env=git_env(),
        check=True,
        capture_output=True,
    )
    assert clone.git("rev-parse", "--is-shallow-repository") == "true"
    code, out, err = run(["--diff-base", base, "README.md"], clone.root, monkeypatch)
    assert code == 2 and out == ""
    assert "no such commit in this shallow clone" in err
    hint = re.search(r"`(git fetch [^`]+)`", err)
    assert hint is not None and hint.group(1) == f"git fetch --depth=1 origin {base}"
    clone.git(*hint.group(1).split()[1:])  # do what the message says
    code, out, _ = run(["--diff-base", base, "README.md"], clone.root, monkeypatch)
    assert (code, findings(out)) == (1, EXPECTED_NEW)


def test_json_and_statistics_in_diff_mode(repo: Repo, monkeypatch: pytest.MonkeyPatch) -> None:
    import json

    repo.write("README.md", DEFECTIVE)
    code, out, _ = run(["--diff-base", "HEAD", "--format", "json", "README.md"], repo.root, monkeypatch)
    data = json.loads(out)
    assert [(f["line"], f["rule"]) for f in data["findings"]] == [(ln, r) for ln, _, r in EXPECTED_NEW]
    assert data["summary"]["not_shown"] == 0
    code, out, _ = run(["--diff-base", "HEAD", "--statistics", "README.md"], repo.root, monkeypatch)
    assert code == 1
    assert out.splitlines()[0].split() == ["count", "code", "rule", "severity", "fixable"]
    assert len(out.splitlines()) == 7  # header, five rules, summary


# -- units --------------------------------------------------------------------------------------------


def test_parse_unified_zero() -> None:
    patch = b"""diff --git a/R.md b/R.md
--- a/R.md
+++ b/R.md
@@ -3 +3 @@ heading
-old
+new
@@ -10,2 +9,0 @@
-gone
-gone
@@ -20,0 +19,3 @@
+a
+b
+c
"""
    lines, cuts, binary = parse_unified_zero(patch)
    assert lines == {3, 19, 20, 21}
    assert cuts == {9}
    assert not binary


def test_line_changes_blocks() -> None:
    ch = LineChanges(lines=frozenset({5}), cuts=frozenset({9}))
    assert ch.any_changed(1, 5) and ch.any_changed(5, 5) and not ch.any_changed(6, 100)
    assert ch.touches_block(10, 12)  # lines removed just before the block
    assert ch.touches_block(3, 9) and ch.touches_block(6, 9)
    assert not ch.touches_block(11, 20)
    assert LineChanges(whole_file=True).touches_block(1, 1)


def test_lone_carriage_returns_are_lines(repo: Repo, monkeypatch: pytest.MonkeyPatch) -> None:
    # git counts only LF; GitHub (and awesomelint) also end a line at a lone CR
    text = CLEAN.replace("\n", "\r")
    repo.write("README.md", text)
    repo.commit("old Mac line ends")
    repo.write("README.md", text.replace("|2024.01|DistServe|", "|2024-01|DistServe|"))
    changes = GitDiff("HEAD").changes(repo.root / "README.md", (repo.root / "README.md").read_bytes())
    assert 11 in changes.lines
    code, out, _ = run(["--diff-base", "HEAD", "README.md"], repo.root, monkeypatch)
    assert (code, findings(out)) == (1, [(11, 2, "date-format")])
