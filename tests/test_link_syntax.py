"""malformed-link and missing-file from the CLI side, with GitHub's own parser (cmarkgfm) as the oracle."""

from __future__ import annotations

import html
import re
from pathlib import Path

import cmarkgfm
import pytest
from cmarkgfm.cmark import Options

from awesomelint.config import Config
from awesomelint.document.link_syntax import text_damage
from awesomelint.engine import lint_bytes
from awesomelint.rules import registry

from .conftest import TODAY
from .gitutil import Repo
from .test_cli import run
from .timing import cpu_cost

_TAG = re.compile(r"<[^>]+>")
_HREF = re.compile(r'(?:href|src)="([^"]*)"')


def github(markdown: str) -> str:
    return cmarkgfm.github_flavored_markdown_to_html(markdown, options=Options.CMARK_OPT_UNSAFE)


def printed_as_text(markdown: str) -> bool:
    """Whether GitHub shows link syntax of ``markdown`` as text (``](`` survives in the visible text)."""
    visible = html.unescape(_TAG.sub("", github(markdown)))
    return "](" in visible or re.search(r"\]\s+\(", visible) is not None


def malformed(markdown: str) -> list[str]:
    rule = registry().get("malformed-link")
    assert rule is not None
    result = lint_bytes(markdown.encode(), "<text>", Config(), [rule], today=TODAY)
    return [f.message for f in result.findings]


PRINTED_AS_TEXT = [
    "[pdf](https://arxiv.org/abs/ 2401.00001)",
    "[code](https: //github.com/o/r)",
    "[Safety & Discussion](#safety & discussion)",
    "[code] (https://github.com/o/r)",
    "|2024.01|x|[[pdf]](https://arxiv.org/abs/ 2401.00001)|\n",
    '<div align="center">\n[![x](https://img.shields.io/badge/a-b-c)](https://a.org/x)\n</div>',
    "<p>\n  [me](https://a.org)\n</p>",
]

RENDERED_AS_MEANT = [
    "[pdf](https://arxiv.org/abs/2401.00001)",
    "[pdf](<https://arxiv.org/abs/2401 00001>)",
    '[code](https://github.com/o/r "title")',
    "a footnote[^1](see below)\n\n[^1]: note",
    "plain www.example.org/page and (https://b.org) text",
    "[wiki](https://en.wikipedia.org/wiki/Foo_(bar))",
    '<div align="center">\n\n[![x](https://img.shields.io/badge/a-b-c)](https://a.org/x)\n\n</div>',
    "<!-- [x](https: //commented.out) -->",
    "[one](https://a.org) (https://b.org)",
]


@pytest.mark.parametrize("markdown", PRINTED_AS_TEXT)
def test_what_github_prints_as_text_is_reported(markdown: str) -> None:
    assert printed_as_text(markdown), github(markdown)
    assert len(malformed(markdown)) == 1, malformed(markdown)


@pytest.mark.parametrize("markdown", RENDERED_AS_MEANT)
def test_what_github_renders_as_meant_is_not_reported(markdown: str) -> None:
    assert not printed_as_text(markdown), github(markdown)
    assert malformed(markdown) == []


@pytest.mark.parametrize(
    "markdown", [r"\[pdf\](https://arxiv.org/abs/ 2401.00001)", "`[code](https: //github.com/o/r)`"]
)
def test_link_syntax_meant_as_text_is_not_reported(markdown: str) -> None:
    """An escaped bracket or a code span shows the Markdown as text on purpose."""
    rendered = github(markdown)
    assert "<code>" in rendered or "[pdf](" in html.unescape(rendered)
    assert malformed(markdown) == []


@pytest.mark.parametrize(
    ("markdown", "href"),
    [
        ("[code](github.com/o/r)", "github.com/o/r"),
        ("[site](www.site.org/p)", "www.site.org/p"),
        ("[me](me@example.org)", "me@example.org"),
        ("[code]([https://a.org/x](https://a.org/x))", "%5Bhttps://a.org/x%5D(https://a.org/x)"),
        ("[code]([https://a.org/x)", "%5Bhttps://a.org/x"),
    ],
)
def test_links_github_sends_to_the_wrong_place_are_reported(markdown: str, href: str) -> None:
    """GitHub renders these as links, but to a path of the repository or a garbled address."""
    assert _HREF.findall(github(markdown)) == [href]
    assert len(malformed(markdown)) == 1


def test_the_fix_prefixes_the_scheme_and_github_then_links_the_web(tmp_path: Path) -> None:
    path = tmp_path / "README.md"
    text = (
        "# List\n\n|Date|Title|Code|\n|---|---|---|\n"
        "|2024.01|A|[code](github.com/o/a) [site](www.a.org/x)|\n"
        "\nMail [me](me@example.org); [x]([https://a.org/x)\n"
    )
    path.write_text(text)
    code, out, _err = run(["--offline", "--select", "malformed-link", "--fix", str(path)])
    assert code == 0, out
    fixed = path.read_text()
    assert "[code](https://github.com/o/a) [site](https://www.a.org/x)" in fixed
    assert "[me](mailto:me@example.org); [x](https://a.org/x)" in fixed
    assert _HREF.findall(github(fixed)) == [
        "https://github.com/o/a",
        "https://www.a.org/x",
        "mailto:me@example.org",
        "https://a.org/x",
    ]


@pytest.mark.parametrize(
    "make",
    [
        lambda n: "[a](" * n,
        lambda n: "[a](" * n + ")",
        lambda n: "](" * n,
        lambda n: "[" * n + "](x y)",
        lambda n: "[x](#a b" * n,
        lambda n: "[x](#a b" * n + ")",
        lambda n: "[x] (https://a" * n + ")",
        lambda n: "[x](https://a" + " " * n + "b)",
        lambda n: "`" * n + "](x y)" + "`" * (n - 1),
        lambda n: "".join("`" * k + "[a](x y)" for k in range(1, n // 40 + 2)),
        lambda n: "\\" * n + "](https://a b)",
        lambda n: "[x] (https://a" * n,
    ],
)
def test_the_scan_is_linear(make: object) -> None:
    assert callable(make)

    def cost(n: int) -> float:
        text = make(n)
        return cpu_cost(lambda: text_damage(text, 1))

    small, large = cost(2000), cost(8000)
    assert large < 10 * small + 0.02, (small, large)


def test_a_host_run_into_its_path_is_fixed_from_the_cli(tmp_path: Path) -> None:
    """``https://github.comacme/repo``: the slash after a well-known host lost; fixed offline, and GitHub
    then links the repository. A real host that begins like one (github.community) is left alone."""
    path = tmp_path / "README.md"
    text = (
        "# List\n\n|Date|Title|Paper|Code|\n|---|---|---|---|\n"
        "|2024.01|A|[pdf](https://arxiv.orgabs/2401.00001)|[code](https://github.comacme/repo)|\n"
        "\nForum: [t](https://github.community/t/x)\n"
    )
    path.write_text(text)
    code, out, _err = run(["--offline", "--select", "malformed-link", str(path)])
    assert code == 1 and out.count("AL405") == 2, out
    assert "expected 'https://github.com/acme/repo'; found 'https://github.comacme/repo'" in out, out
    code, out, _err = run(["--offline", "--select", "malformed-link", "--fix", str(path)])
    assert code == 0, out
    assert _HREF.findall(github(path.read_text())) == [
        "https://arxiv.org/abs/2401.00001",
        "https://github.com/acme/repo",
        "https://github.community/t/x",
    ]


def test_missing_file_needs_a_place_for_stdin(tmp_path: Path) -> None:
    """Text from stdin is not checked for local files, unless --stdin-filename says where it lives."""
    Repo(tmp_path).git("init", "-q")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "guide.md").write_text("# Guide\n\n## Install\n")
    text = b"# L\n\n[guide](docs/guide.md#install) [gone](docs/gone.md) [bad](docs/guide.md#nope)\n"
    args = ["--offline", "--select", "missing-file"]
    code, out, _err = run([*args, "-"], cwd=tmp_path, stdin=text)
    assert code == 0, out
    code, out, _err = run([*args, "--stdin-filename", "README.md", "-"], cwd=tmp_path, stdin=text)
    assert code == 1, out
    lines = [line for line in out.splitlines() if "AL406" in line]
    assert [line.split(": AL406")[0] for line in lines] == ["README.md:3:39", "README.md:3:59"]


LOOSE_README = "# L\n\n[guide](docs/guide.md) [gone](docs/gone.md) [site](github.com/o/r)\n"


def test_missing_file_is_skipped_outside_a_work_tree_with_one_notice(tmp_path: Path) -> None:
    """A README downloaded or copied on its own: the repository's files are unknown, so missing-file says
    nothing of its links, and the run says so once on stderr; a web address without a scheme is still a
    malformed link."""
    for name in ("a.md", "b.md"):
        (tmp_path / name).write_text(LOOSE_README)
    _code, out, err = run(["--offline", "a.md", "b.md"], cwd=tmp_path)
    assert "AL406" not in out, out
    assert out.count("AL405 malformed-link") == 2, out
    assert err.count("missing-file skipped") == 1, err
    assert "missing-file skipped for a.md, b.md: outside any git work tree" in err, err
    _code, out, err = run(["--offline", "-"], cwd=tmp_path, stdin=LOOSE_README.encode())
    assert "AL406" not in out and "missing-file skipped for <stdin>" in err, (out, err)


def test_missing_file_inside_a_work_tree_or_a_linked_worktree(tmp_path: Path) -> None:
    """Inside a git work tree the rule runs as before, also where ``.git`` is a file (a linked worktree
    or a submodule); no notice."""
    repo = tmp_path / "repo"
    repo.mkdir()
    Repo(repo).git("init", "-q")
    (repo / "docs").mkdir()
    (repo / "docs" / "guide.md").write_text("# Guide\n")
    (repo / "README.md").write_text(LOOSE_README)
    _code, out, err = run(["--offline", "README.md"], cwd=repo)
    assert [line.split(" missing-file")[0] for line in out.splitlines() if "AL406" in line] == [
        "README.md:3:31: AL406"
    ], out
    assert "missing-file skipped" not in err
    Repo(repo).git("add", "-A")
    Repo(repo).git("commit", "-q", "-m", "list")
    Repo(repo).git("worktree", "add", "-q", str(tmp_path / "linked"))
    assert (tmp_path / "linked" / ".git").is_file()
    _code, out, err = run(["--offline", "README.md"], cwd=tmp_path / "linked")
    assert "README.md:3:31: AL406" in out and "missing-file skipped" not in err, (out, err)
