"""duplicate-entry on entries that are not table rows: the scopes, the fix that removes an exact copy of a
list item with its nested items (and the verification that refuses any other removal), and --diff-base on
an entry's whole span (a real temporary git repository)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from awesomelint.cli import main
from awesomelint.config import Config, ConfigError, validate_config
from awesomelint.engine import lint_bytes
from awesomelint.engine.fix import fix_bytes
from awesomelint.findings import Fix
from awesomelint.rules import Rule, registry

from .conftest import TODAY
from .gitutil import Repo, init_repo
from .test_fix import _only_once, _rogue

DUPLICATES = [registry().get("duplicate-entry")]


def lint(text: str, scope: str | None = None) -> list[tuple[int, str]]:
    config = validate_config({"duplicates": {"scope": scope}}, None) if scope else Config()
    result = lint_bytes(text.encode(), "list.md", config, DUPLICATES, today=TODAY)  # type: ignore[arg-type]
    assert result.error is None
    return [(f.line, f.message) for f in result.findings]


def fix(text: str, rules: list[type[Rule]] | None = None):  # type: ignore[no-untyped-def]
    return fix_bytes(text.encode(), "list.md", Config(), rules or DUPLICATES, TODAY)  # type: ignore[arg-type]


LIST = """# Awesome

## Tools

- [Foo](https://github.com/a/foo) - The foo.
  - [foo-cli](https://github.com/a/foo-cli) - Its command line.

    With a second paragraph.
- [Bar](https://github.com/a/bar) - The bar.
- [Foo](https://github.com/a/foo) - The foo.
  - [foo-cli](https://github.com/a/foo-cli) - Its command line.

    With a second paragraph.
- [Baz](https://github.com/a/baz) - The baz.
"""


# --- the fix ------------------------------------------------------------------------------------------------


def test_an_exact_copy_goes_with_its_nested_items_and_continuation_lines() -> None:
    findings = lint(LIST)
    assert findings == [
        (10, "duplicate entry: same link as line 5 (identical item)")
    ]  # its child said with it
    out = fix(LIST)
    assert out.error is None and out.passes == 1
    lines = LIST.splitlines(keepends=True)
    assert out.data.decode() == "".join(lines[:9] + lines[13:])
    assert out.result.findings == []
    again = fix(out.data.decode())  # a second --fix changes nothing
    assert again.data == out.data and not again.applied


def test_a_copy_in_a_numbered_list_is_an_exact_copy_whatever_its_number() -> None:
    text = "# A\n\n## Papers\n\n1. **[One](https://arxiv.org/abs/2401.00001)**\n2. **[Two](https://arxiv.org/abs/2401.00002)**\n10. **[One](https://arxiv.org/abs/2401.00001)**\n"
    assert lint(text) == [(7, "duplicate entry: same arXiv 2401.00001 as line 5 (identical item)")]
    assert (
        fix(text).data.decode()
        == "# A\n\n## Papers\n\n1. **[One](https://arxiv.org/abs/2401.00001)**\n2. **[Two](https://arxiv.org/abs/2401.00002)**\n"
    )


@pytest.mark.parametrize(
    "text",
    [
        # another description: not a copy
        "# A\n\n## T\n\n- [Foo](https://x.org/foo) - One.\n- [Foo](https://x.org/foo) - Two.\n",
        # another nested item: not a copy
        "# A\n\n## T\n\n- [Foo](https://x.org/foo)\n- [Foo](https://x.org/foo)\n  - [cli](https://x.org/cli)\n",
        # a copy in another list of the section: removing it could change how that list renders
        "# A\n\n## T\n\n- [Foo](https://x.org/foo)\n\ntext\n\n* [Foo](https://x.org/foo)\n",
        # the last item of its list after a blank line: without it the list would turn tight
        "# A\n\n## T\n\n- [Bar](https://x.org/bar)\n- [Foo](https://x.org/foo)\n\n- [Foo](https://x.org/foo)\n",
        # in a quote
        "# A\n\n## T\n\n> - [Foo](https://x.org/foo)\n> - [Foo](https://x.org/foo)\n",
    ],
)
def test_only_an_exact_copy_in_its_own_list_is_fixable(text: str) -> None:
    result = lint_bytes(text.encode(), "list.md", Config(), DUPLICATES, today=TODAY)  # type: ignore[arg-type]
    assert [f.rule for f in result.findings] == ["duplicate-entry"]
    assert result.findings[0].fix is None


LOOSE = (
    "# A\n\n## T\n\n- [Bar](https://x.org/bar)\n- [Foo](https://x.org/foo)\n\n- [Foo](https://x.org/foo)\n"
)


@pytest.mark.parametrize(
    ("text", "make", "reason"),
    [
        # a line of an item blanked: the item is lost
        (LIST, lambda ctx: Fix(line=9, end_line=9, replacement=[""], kind="edit"), "list items instead of 6"),
        # an item indented under the one above: another parent
        (
            LIST,
            lambda ctx: Fix(line=9, end_line=9, replacement=["  " + ctx.doc.lines[8]], kind="edit"),
            "its lines changed",
        ),
        # another marker: another list
        (
            LIST,
            lambda ctx: Fix(line=14, end_line=14, replacement=["* " + ctx.doc.lines[13][2:]], kind="edit"),
            "another number of lists",
        ),
        # a line that was not an item becomes one
        (
            LIST,
            lambda ctx: Fix(line=2, end_line=2, replacement=["- x"], kind="edit"),
            "7 list items instead of 6",
        ),
        # an item that is not a copy
        (LIST, lambda ctx: Fix(line=9, end_line=9, replacement=[], kind="delete"), "no identical copy"),
        # half an item
        (
            LIST,
            lambda ctx: Fix(line=10, end_line=11, replacement=[], kind="delete"),
            "not one whole list item",
        ),
        # the copy after a blank line at the end of its list: the list would turn tight
        (LOOSE, lambda ctx: Fix(line=8, end_line=8, replacement=[], kind="delete"), "turn tight"),
    ],
)
def test_verification_refuses_an_item_fix_that_loses_or_moves_something(
    text: str, make: object, reason: str
) -> None:
    out = fix(text, rules=[_rogue(_only_once(make))])
    assert out.error is not None and reason in out.error, out.error
    assert out.data == text.encode()


# --- scopes -------------------------------------------------------------------------------------------------

SCOPES = """# A

## Web

* HTTP Client
  * [hyper](https://github.com/hyperium/hyper) - HTTP.
* HTTP Server
  * [hyper](https://github.com/hyperium/hyper) - HTTP.
* [axum](https://github.com/tokio-rs/axum) - A framework.
* [warp](https://github.com/seanmonstar/warp) - Another framework.
* [yew](https://github.com/yewstack/yew) - A front-end framework.

Another list of the section:

- [axum](https://github.com/tokio-rs/axum) - A framework.

## Other

- [axum](https://github.com/tokio-rs/axum) - A framework.
"""


@pytest.mark.parametrize(
    ("scope", "lines"),
    [
        (None, [15]),  # the section, an item that names a category opening a sub-section
        ("table", [15]),  # the old default, spelt out: the same
        ("group", []),  # one list
        ("section", [8, 15]),  # under one heading
        ("file", [8, 15, 19]),
        ("document", [8, 15, 19]),
    ],
)
def test_scopes(scope: str | None, lines: list[int]) -> None:
    assert [line for line, _ in lint(SCOPES, scope)] == lines


@pytest.mark.parametrize("scope", [None, "section"])
def test_two_headings_of_one_name_are_two_sections(scope: str | None) -> None:
    """A section is what stands under one heading: a list pasted twice, or two `## Tools` in one file, keep
    their entries apart (a 10-fold copy of a list reported every entry 9 times when sections were keyed by
    their headings' text)."""
    part = "## Tools\n\n- [axum](https://github.com/tokio-rs/axum) - A framework.\n\n"
    assert lint("# A\n\n" + part * 3, scope) == []
    assert [line for line, _ in lint("# A\n\n" + part * 3, "file")] == [9, 13]


def test_a_scope_that_is_not_one_is_refused() -> None:
    with pytest.raises(ConfigError, match="scope"):
        validate_config({"duplicates": {"scope": "list"}}, "cfg.toml")


def test_a_toc_and_its_headings_are_not_duplicates() -> None:
    text = "# A\n\n- [Tools](#tools)\n- [Tools](#tools)\n\n## Tools\n\n- [Foo](https://x.org/foo)\n"
    assert lint(text) == []


# --- --diff-base --------------------------------------------------------------------------------------------


def _run(args: list[str], cwd: Path, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    monkeypatch.chdir(cwd)
    monkeypatch.delenv("GITHUB_WORKSPACE", raising=False)
    out, err = io.StringIO(), io.StringIO()
    main([*args, "--isolated", "--offline", "--today", TODAY.isoformat()], stdout=out, stderr=err)
    return [int(line.split(":")[1]) for line in out.getvalue().splitlines() if ": AL" in line]


BASE = """# Awesome

## Tools

- [Foo](https://github.com/a/foo) - The foo.
- [Bar](https://github.com/a/bar) - The bar.
- [Foo](https://github.com/a/foo) - The foo again.
  - [foo-cli](https://github.com/a/foo-cli) - Its command line.
- [Qux](https://github.com/a/qux) - The qux.
  ![](https://img.shields.io/github/stars/a/other.svg)
  with its description on a third line.
"""


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    r = init_repo(tmp_path / "list")
    r.write("README.md", BASE)
    r.commit("a list with a duplicate and a wrong badge")
    return r


def test_diff_base_reports_an_entry_whose_nested_item_changed(
    repo: Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    args = ["--select", "duplicate-entry,badge-url", "--diff-base", "HEAD", "README.md"]
    assert _run(args, repo.root, monkeypatch) == []  # nothing changed
    repo.write("README.md", BASE.replace("Its command line.", "Its CLI."))  # line 8, in the copy's span
    assert _run(args, repo.root, monkeypatch) == [7]
    repo.write("README.md", BASE.replace("The bar.", "The bar!"))  # line 6, another entry
    assert _run(args, repo.root, monkeypatch) == []
    repo.write(
        "README.md", BASE.replace("on a third line", "on its third line")
    )  # line 11, the badge's entry
    assert _run(args, repo.root, monkeypatch) == [10]


def test_two_copies_removed_at_once_must_not_turn_their_list_tight() -> None:
    text = "# A\n\n## T\n\n- [Bar](https://x.org/bar)\n- [Foo](https://x.org/foo)\n\n- [Foo](https://x.org/foo)\n- [Foo](https://x.org/foo)\n"
    out = fix(text)  # each copy alone may go (neither is the last after a blank line); both at once not
    assert [f.fix is not None for f in out.original.findings] == [True, True]
    assert out.error is not None and "the list at line 5 would turn tight" in out.error
    assert out.data == text.encode()
