"""The awesome profile (issue 23 §4): opt-in, selected as a whole by ``AWESOME``; its repository rules
read a real temporary git repository; on the bullets corpus every finding was read by hand."""

from __future__ import annotations

import io
import json
from collections import Counter
from pathlib import Path

import pytest

from awesomelint.cli import main
from awesomelint.config import Config, validate_config
from awesomelint.engine import lint_bytes, selected_rules
from awesomelint.rules import registry

from .apiserver import ApiServer
from .apiserver import repo as apirepo
from .conftest import TODAY
from .gitutil import init_repo
from .test_api_answers import point_at
from .test_cli import run

PROFILE = {
    "awesome-repository",
    "awesome-badge",
    "contributing-guide",
    "ci-badge",
    "description-repeats-name",
    "license-section",
    "awesome-entry-shape",
}
LIST = "# Awesome Things [![Awesome](https://awesome.re/badge.svg)](https://awesome.re)\n\n## Tools\n\n- [Tool](https://example.org/tool) - Does things.\n"


def awesome() -> Config:
    return validate_config({"select": ["AWESOME"]}, "awesomelint.toml")


def findings(path: Path, config: Config | None = None) -> list[tuple[int, str, str]]:
    result = lint_bytes(path.read_bytes(), str(path), config or awesome(), today=TODAY)
    assert result.error is None
    return [(f.line, f.rule, f.message) for f in result.findings]


def test_the_profile_is_opt_in_and_selected_as_a_whole() -> None:
    reg = registry()
    assert {r.name for r in reg.select("AWESOME")} == PROFILE
    assert {r.name for r in reg.select("awesome")} == PROFILE
    assert not PROFILE & {r.name for r in reg.select("ALL")}, "a default run's findings stay the same"
    assert not PROFILE & {r.name for r in reg.select("AL")}
    assert {r.name for r in reg.select("AL7")} == PROFILE
    assert [r.name for r in reg.select("ci-badge")] == ["ci-badge"]
    names = {r.name for r in selected_rules(awesome())}
    assert names == PROFILE - {"awesome-repository"}, "an online rule runs online only"
    assert {r.name for r in selected_rules(awesome(), online=True)} == PROFILE
    both = validate_config({"extend-select": ["AWESOME"]}, "awesomelint.toml")
    assert {r.name for r in selected_rules(both, online=True)} > PROFILE
    ignored = validate_config({"select": ["AWESOME"], "ignore": ["ci-badge"]}, "awesomelint.toml")
    assert {r.name for r in selected_rules(ignored, online=True)} == PROFILE - {"ci-badge"}


def test_the_profile_on_the_command_line(tmp_path: Path) -> None:
    repo = init_repo(tmp_path / "list")
    readme = repo.write(
        "README.md", LIST.replace(" [![Awesome](https://awesome.re/badge.svg)](https://awesome.re)", "")
    )
    repo.write("CONTRIBUTING.md", "Add one entry a pull request.\n")
    _code, out, _err = run(["--offline", "--select", "AWESOME", str(readme)])
    assert "AL701 awesome-badge no Awesome badge" in out, out  # a warning: exit 0 unless --fail-on
    code, out, _err = run(["--offline", str(readme)])
    assert code == 0 and "AL70" not in out, out


def test_contributing_guide_in_a_real_repository(tmp_path: Path) -> None:
    repo = init_repo(tmp_path / "list")
    readme = repo.write("README.md", LIST)
    only = validate_config({"select": ["contributing-guide"]}, "awesomelint.toml")
    assert findings(readme, only) == [
        (
            1,
            "contributing-guide",
            "no contributing guide in the repository: expected CONTRIBUTING.md beside the list, at the root, "
            "in .github/ or in docs/",
        )
    ]
    repo.write(".github/Contributing.md", " \n\t\n")
    assert findings(readme, only) == [
        (
            1,
            "contributing-guide",
            "the contributing guide '.github/Contributing.md' is empty: say how to add an entry",
        )
    ]
    repo.write(
        ".github/Contributing.md", "Add one entry a pull request, written `- [Name](url) - Description.`\n"
    )
    assert findings(readme, only) == []
    nested = repo.write("docs/list/README.md", LIST)  # a list in a sub-folder: the root's guide counts
    assert findings(nested, only) == []
    (repo.root / ".github" / "Contributing.md").unlink()
    repo.write("docs/CONTRIBUTING", "How to add an entry.\n")
    assert findings(readme, only) == []


def test_license_section_only_while_a_licence_file_exists(tmp_path: Path) -> None:
    repo = init_repo(tmp_path / "list")
    text = LIST + "\n## License\n\nCC0.\n\n## Licensed tools\n\n- [Tool](https://example.org/t) - Licensed.\n"
    readme = repo.write("README.md", text)
    only = validate_config({"select": ["license-section"]}, "awesomelint.toml")
    assert findings(readme, only) == []  # the section is the list's only licence
    repo.write("LICENSE", "CC0 1.0 Universal\n")
    assert findings(readme, only) == [
        (
            7,
            "license-section",
            "a 'License' section while the repository has 'LICENSE': the licence file is the list's "
            "licence; remove the section",
        )
    ]
    readme.write_text(text.replace("## License", "## 📜 Licence"), encoding="utf-8")
    assert [f[:2] for f in findings(readme, only)] == [(7, "license-section")]


def test_repository_rules_outside_a_work_tree_say_nothing_with_one_notice(tmp_path: Path) -> None:
    for name in ("a.md", "b.md"):
        (tmp_path / name).write_text(LIST + "\n## License\n\nCC0.\n", encoding="utf-8")
    (tmp_path / "LICENSE").write_text("CC0\n", encoding="utf-8")
    code, out, err = run(["--offline", "--select", "AWESOME", "a.md", "b.md"], cwd=tmp_path)
    assert code == 0 and "AL702" not in out and "AL705" not in out, out
    assert err.count("skipped for") == 1, err
    assert "contributing-guide, license-section skipped for a.md, b.md: outside any git work tree" in err, err


#: what the profile finds on the bullets corpus (outside a git work tree: the repository rules say
#: nothing), each finding read by hand (the hand-back of the awesome branch quotes examples)
EXPECTED: dict[str, dict[str, int]] = {
    # paper entries ('- [2023/08] **Title.** ...'): one finding a list of them; no Awesome badge
    "WooooDyy__LLM-Agent-Paper-List__README.md": {"awesome-badge": 1, "awesome-entry-shape": 44},
    # the rawgit badge below the title; '- [Name](url)' without a period, '- [Name](url) a text'
    "academic__awesome-datascience__README.md": {
        "awesome-badge": 2,
        "awesome-entry-shape": 123,
        "description-repeats-name": 2,
    },
    "atfortes__Awesome-LLM-Reasoning__README.md": {"awesome-badge": 1, "awesome-entry-shape": 20},
    # '# Resources' a second title; its Actions and Netlify badges; 'Gin is ...' descriptions (a "back to
    # top" line glued to the last item of a section is not read as its description)
    "avelino__awesome-go__README.md": {
        "awesome-badge": 3,
        "awesome-entry-shape": 155,
        "ci-badge": 2,
        "description-repeats-name": 147,
    },
    # `License` `Language` after the description: no final period (as awesome-lint finds too)
    "awesome-selfhosted__awesome-selfhosted__README.md": {
        "awesome-badge": 2,
        "awesome-entry-shape": 1263,
        "ci-badge": 2,
        "description-repeats-name": 37,
    },
    "hee9joon__Awesome-Diffusion-Models__README.md": {"awesome-badge": 1},
    "public-apis__public-apis__README.md": {"awesome-badge": 2},
    # a CI badge after most entries (the guidelines ask for none), descriptions without a period
    "rust-unofficial__awesome-rust__README.md": {
        "awesome-badge": 1,
        "awesome-entry-shape": 1024,
        "ci-badge": 505,
        "description-repeats-name": 25,
    },
    "sindresorhus__awesome-nodejs__README.md": {},
}


def _bullets(corpus: Path) -> Path:
    folder = corpus / "bullets"
    if not folder.is_dir():
        pytest.skip(f"no bullets corpus at {folder}")
    return folder


def test_profile_findings_on_the_bullets_corpus(corpus: Path) -> None:
    folder = _bullets(corpus)
    got = {}
    for path in sorted(folder.glob("*.md")):
        got[path.name] = dict(sorted(Counter(rule for _line, rule, _m in findings(path)).items()))
    assert got == EXPECTED


@pytest.mark.slow
def test_the_list_repository_description_and_topics_online(
    api: ApiServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Online with a token, the list's own repository (its remote origin, not a link of the list) is asked
    of the loopback GraphQL API as GitHub answers; without a GitHub remote nothing is asked."""
    repo = init_repo(tmp_path / "list")
    readme = repo.write("README.md", LIST)
    repo.git("remote", "add", "origin", "git@github.com:Me/awesome-things.git")
    api.repos["me/awesome-things"] = apirepo(
        "Me/awesome-things",
        description=None,
        repositoryTopics={"nodes": [{"topic": {"name": "awesome"}}, {"topic": {"name": "go\x1b[31m"}}]},
    )
    args = [
        str(readme),
        "--format",
        "json",
        *point_at(api, tmp_path, monkeypatch)[:-2],
        "--select",
        "awesome-repository",
    ]

    def found() -> list[tuple[int, str]]:
        out, err = io.StringIO(), io.StringIO()
        code = main(args, stdout=out, stderr=err)
        assert code in (0, 1), err.getvalue()
        return [(f["line"], f["message"]) for f in json.loads(out.getvalue())["findings"]]

    assert found() == [
        (1, "the repository Me/awesome-things has no description: describe the list in a sentence"),
        (1, "the repository Me/awesome-things lacks the topic 'awesome-list'"),
    ]
    asked = [json.loads(body) for _m, _p, _h, body in api.paths("/graphql")]
    assert asked and asked[-1]["variables"] == {"o0": "me", "n0": "awesome-things"}
    api.repos["me/awesome-things"] = apirepo(
        "Me/awesome-things",
        description="A curated list of things.",
        repositoryTopics={"nodes": [{"topic": {"name": "awesome"}}, {"topic": {"name": "awesome-list"}}]},
    )
    assert found() == []
    repo.git("remote", "set-url", "origin", "https://gitlab.com/me/awesome-things.git")
    before = len(api.paths("/graphql"))
    assert found() == []
    assert len(api.paths("/graphql")) == before, "no GitHub remote: nothing asked"


def test_awesome_entry_shape_fixes_the_separator_and_the_final_period() -> None:
    """A dash or colon becomes ' - ', a missing period is added before the badges that close the entry;
    a lower-case start (a name may be so: npm), a missing separator and a description that ends with code
    spans (`MIT` `Go`: the list's metadata, after which a period is not what it writes) are left for a
    person; a second
    --fix changes nothing and GitHub's reading of every item is kept (the fix's verification)."""
    from awesomelint.engine.fix import fix_bytes

    from .conftest import FIXTURES

    config = validate_config({"select": ["awesome-entry-shape"]}, "t.toml")
    rules = selected_rules(config)
    data = (FIXTURES / "rules" / "awesome-entry-shape-bad.md").read_bytes()
    out = fix_bytes(data, "README.md", config, rules, TODAY)
    assert out.error is None and out.passes == 1
    lines = out.data.decode().splitlines()
    assert lines[15:24] == [
        "- A tool: [Tool](https://example.org/tool) - Does things.",
        "- [Tool](https://example.org/tool) - Does things.",  # was '–'
        "- [Tool](https://example.org/tool) - Does things.",  # was ':'
        "- [Tool](https://example.org/tool) does things.",
        "- [cookies](https://example.org/cookies) - provides a parser of cookies.",
        "- [Tool](https://example.org/tool) - Does things `MIT` `Go`",  # after code spans: for a person
        "- [Tool](https://example.org/tool) - Does things. [![CI](https://example.org/ci.svg)](https://example.org/ci)",
        "- [Tool](https://example.org/tool) - Does things,",
        "  and more things.",
    ]
    assert sorted(f.line for f in out.result.findings) == [16, 19, 20, 21, 28]
    again = fix_bytes(out.data, "README.md", config, rules, TODAY)
    assert again.passes == 0 and again.data == out.data
    # a hyphen glued to a word is no separator: nothing to fix mechanically
    glued = b"# T\n\n## A\n\n- [Tool](https://example.org/tool)-based things.\n- [B](https://example.org/b) - B.\n"
    out = fix_bytes(glued, "README.md", config, rules, TODAY)
    assert out.passes == 0 and [f.fixable for f in out.result.findings] == [False]
