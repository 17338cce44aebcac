"""The documentation: the README and the site under docs/ (mkdocs.yml). The generated rule pages are fresh,
every rule's documentation URL is the address of its page, the site builds with `mkdocs build --strict`,
opens in a real headless Chromium (its rule pages, its search index, its search), and what the docs show of
the CLI is what the CLI does: its flags, its console examples."""

from __future__ import annotations

import contextlib
import functools
import importlib.util
import io
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import yaml

from awesomelint.cli import main
from awesomelint.commands.rules import rules_markdown
from awesomelint.rules import DOCS_URL, registry, rule_doc_url

from .conftest import ROOT

GENERATOR = ROOT / "scripts" / "gen_rule_docs.py"
REGENERATE = "python scripts/gen_rule_docs.py"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
#: the pages a newcomer reads, the README first
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]


def generator():
    spec = importlib.util.spec_from_file_location("gen_rule_docs", GENERATOR)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def python_m(module: str, *args: str, cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """``python -m module args`` in ``cwd``, with ``env`` added to the environment."""
    return subprocess.run(
        [sys.executable, "-m", module, *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env={**os.environ, **env},
    )


def mkdocs_config() -> dict:
    # mkdocs.yml holds no !!python tags, so the safe loader reads it whole
    return yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))


# --- the generated rule pages -------------------------------------------------------------------------


def test_the_generated_rule_docs_are_fresh() -> None:
    stale = generator().stale(ROOT)
    assert not stale, f"stale rule docs ({', '.join(map(str, stale))}): run `{REGENERATE}`"


def test_the_generator_writes_a_page_per_rule_and_deletes_a_gone_rules_page(tmp_path: Path) -> None:
    for name in ("README.md", "docs/rules/index.md"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / name, tmp_path / name)
    (tmp_path / "docs/rules/retired-rule.md").write_text("# gone\n", encoding="utf-8")
    gen = generator()
    files = gen.generated(tmp_path)
    assert files[Path("docs/rules/retired-rule.md")] is None
    pages = {p.stem for p, text in files.items() if p.parent == Path("docs/rules") and text is not None}
    assert pages == {r.name for r in registry().rules} | {"index"}
    page = files[Path("docs/rules/date-order.md")]
    assert page is not None and page.startswith("# date-order (AL202)\n")
    rule = registry().get("date-order")
    assert rule is not None and rule.what in page and rule.why in page and rule.example in page


def test_the_rule_tables_link_each_rule_to_its_page() -> None:
    for page, link in (("README.md", "docs/rules/{name}.md"), ("docs/rules/index.md", "{name}.md")):
        text = (ROOT / page).read_text(encoding="utf-8")
        assert rules_markdown(link) in text, f"{page}: run `{REGENERATE}`"
        for rule in registry().rules:
            target = (ROOT / page).parent / link.format(name=rule.name)
            assert target.is_file(), target


def test_a_rules_documentation_url_is_the_address_of_its_page() -> None:
    """SARIF's helpUri, the language server's codeDescription and `explain` share one function; its
    address is mkdocs.yml's site_url plus the page's path, as mkdocs serves docs/rules/NAME.md."""
    config = mkdocs_config()
    assert config["site_url"] == DOCS_URL
    assert config.get("use_directory_urls", True)  # docs/rules/NAME.md is served at rules/NAME/
    for rule in registry().rules:
        page = ROOT / "docs" / "rules" / f"{rule.name}.md"
        assert page.is_file()
        assert (
            rule_doc_url(rule.name)
            == DOCS_URL + page.relative_to(ROOT / "docs").with_suffix("").as_posix() + "/"
        )
        out = io.StringIO()
        assert main(["explain", rule.code], out, io.StringIO()) == 0
        assert out.getvalue().endswith(f"\nDocumentation: {rule_doc_url(rule.name)}\n")


def test_sarif_points_every_rule_at_its_own_page(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text(
        "# L\n\n|Date|T|\n|---|---|\n|2024-01|a|\n|2024.02|b|\n", encoding="utf-8"
    )
    out = io.StringIO()
    main(["--offline", "--format", "sarif", str(tmp_path / "README.md")], out, io.StringIO())
    rules = json.loads(out.getvalue())["runs"][0]["tool"]["driver"]["rules"]
    assert [r["helpUri"] for r in rules] == [rule_doc_url(r.name) for r in registry().rules]
    assert len(set(r["helpUri"] for r in rules)) == len(rules)


# --- the README ----------------------------------------------------------------------------------------


def test_the_readme_is_a_first_visit_not_the_manual() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(readme.encode("utf-8")) <= 20_000
    headings = re.findall(r"^## (.+)$", readme, re.M)
    assert headings[:4] == ["Set up", "Install", "Use", "Rules"], headings
    # the two set-up commands, as tests/test_docs.py::test_set_up_on_a_fresh_clone runs them
    assert readme.count("```sh\npython3 -m venv .venv && .venv/bin/pip install -e") == 2


def test_every_relative_link_of_the_readme_and_the_docs_names_a_file() -> None:
    """As GitHub shows them (cmark-gfm's reading): a link of the README or a page that is not a URL names a
    file of the repository (the site's build checks the pages' links again, anchors included)."""
    cmarkgfm = pytest.importorskip("cmarkgfm")
    for page in PAGES:
        html = cmarkgfm.github_flavored_markdown_to_html(page.read_text(encoding="utf-8"))
        for target in re.findall(r'<a href="([^"]*)"', html):
            if re.match(r"[a-z]+:|#", target):
                continue
            path = (page.parent / target.split("#", 1)[0]).resolve()
            assert path.exists(), f"{page.relative_to(ROOT)}: {target}"


# --- the docs and the CLI agree ------------------------------------------------------------------------


def _help(command: list[str]) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.suppress(SystemExit):
        main([*command, "--help"], out, io.StringIO())
    return out.getvalue()


@pytest.mark.parametrize(
    "command", [[], ["export"], ["init"], ["rules"], ["explain"], ["config"], ["server"]]
)
def test_every_flag_is_documented(command: list[str]) -> None:
    docs = "\n".join(p.read_text(encoding="utf-8") for p in PAGES)
    flags = set(re.findall(r"(?<![\w-])--[a-z][a-z-]+", _help(command))) - {"--help"}
    assert flags or command == ["explain"]
    undocumented = sorted(f for f in flags if f"`{f}" not in docs and f"`awesomelint {f}" not in docs)
    assert not undocumented, f"awesomelint {' '.join(command)}: {undocumented} appear in no page of docs/"


def _console_examples() -> Iterator[tuple[str, str, str]]:
    """Each `$ awesomelint ...` example of the README and the docs that runs on the shipped example list,
    with the output the page shows."""
    for page in PAGES:
        text = page.read_text(encoding="utf-8")
        for block in re.findall(r"```console\n(.*?)```", text, re.S):
            for command, output in re.findall(r"^\$ (.*)\n((?:(?!\$ ).*\n)*)", block, re.M):
                if "examples/awesome-llm-serving.md" in command:
                    yield page.relative_to(ROOT).as_posix(), command, output


CONSOLE = list(_console_examples())


def test_the_console_examples_are_found() -> None:
    commands = {c for _, c, _ in CONSOLE}
    assert {"awesomelint --offline examples/awesome-llm-serving.md"} <= commands and len(commands) >= 6


@pytest.mark.parametrize(("page", "command", "shown"), CONSOLE, ids=[f"{p}: {c}" for p, c, _ in CONSOLE])
def test_a_console_example_prints_what_its_page_shows(
    tmp_path: Path, page: str, command: str, shown: str
) -> None:
    (tmp_path / "examples").mkdir()
    shutil.copy(ROOT / "examples" / "awesome-llm-serving.md", tmp_path / "examples")
    argv, _, pipe = command.partition(" | ")
    words = shlex.split(argv)
    assert words[0] == "awesomelint"
    proc = python_m("awesomelint", *words[1:], cwd=tmp_path, NO_COLOR="1")
    printed = proc.stdout + proc.stderr
    if pipe:  # `| head -N`
        head = re.fullmatch(r"head -(\d+)", pipe.strip())
        assert head, pipe
        printed = "".join(printed.splitlines(keepends=True)[: int(head.group(1))])
    assert printed == shown, f"{page}: `{command}` prints otherwise now"


# --- the site ------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site, built as the docs workflow builds it: `mkdocs build --strict` (a broken link or anchor,
    a page left out of the nav, fails)."""
    target = tmp_path_factory.mktemp("site")
    proc = python_m(
        "mkdocs", "build", "--strict", "--site-dir", str(target), cwd=ROOT, NO_MKDOCS_2_WARNING="1"
    )
    assert proc.returncode == 0, proc.stderr
    return target


def search_index(site: Path) -> dict:
    return json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))


def test_the_site_builds_strictly_with_a_page_per_rule(site: Path) -> None:
    for rule in registry().rules:
        assert (site / "rules" / rule.name / "index.html").is_file(), rule.name
    locations = {d["location"] for d in search_index(site)["docs"]}
    assert {f"rules/{r.name}/" for r in registry().rules} <= locations
    assert {"", "install/", "usage/", "configuration/", "links/", "action/", "security/"} <= locations
    index = (site / "rules" / "index.html").read_text(encoding="utf-8")
    assert 'href="date-order/"' in index  # the rule table links each page


STRUCTURE = ("ul", "ol", "li", "table", "tr", "pre", "blockquote", "h2", "h3", "h4", "strong", "em")


@pytest.mark.parametrize(
    "page", sorted((ROOT / "docs").rglob("*.md")), ids=lambda p: p.relative_to(ROOT).as_posix()
)
def test_a_page_renders_on_the_site_as_on_github(site: Path, page: Path) -> None:
    """The same lists, tables, code blocks and headings from Python-Markdown (the site) as from cmark-gfm
    (GitHub): a nested list or a block in a list item indented by 2 spaces, which GitHub nests, is
    flattened by Python-Markdown; indent by 4."""
    cmarkgfm = pytest.importorskip("cmarkgfm")
    rel = page.relative_to(ROOT / "docs").with_suffix("")
    html = site / (rel.parent if rel.name == "index" else rel) / "index.html"
    article = html.read_text(encoding="utf-8").split("<article", 1)[1].split("</article>", 1)[0]
    github = cmarkgfm.github_flavored_markdown_to_html(page.read_text(encoding="utf-8"))
    for tag in STRUCTURE:
        pattern = f"<{tag}[ >]"
        assert len(re.findall(pattern, article)) == len(re.findall(pattern, github)), tag


@contextlib.contextmanager
def serve(folder: Path) -> Iterator[str]:
    """A static HTTP server on 127.0.0.1 over ``folder`` (the search index loads by fetch, which needs http)."""

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def text(heading: str) -> str:
    """A heading's text without the permalink mark (¶) that the theme adds."""
    return heading.replace("¶", "").strip()


@pytest.mark.slow
@pytest.mark.skipif(
    CHROMIUM is None, reason="no chromium on PATH (Debian: apt-get install chromium; .ci/run installs it)"
)
def test_the_site_in_a_headless_browser(site: Path) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    with serve(site) as base, sync_api.sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking"],
        )
        try:
            page = browser.new_page()
            # a rule page: its title and its headings, as the rule's documentation names them
            page.goto(base + "rules/date-order/")
            assert page.title() == "date-order (AL202) - awesomelint"
            assert text(page.locator("article h1").inner_text()) == "date-order (AL202)"
            headings = [text(h) for h in page.locator("article h2").all_inner_texts()]
            assert headings == [
                "What it does",
                "Why is this bad?",
                "Example",
                "Use instead",
                "Select, ignore, suppress",
            ]
            # the search index is served, and lists every rule page
            index = page.evaluate("async url => (await fetch(url)).json()", base + "search/search_index.json")
            assert {f"rules/{r.name}/" for r in registry().rules} <= {d["location"] for d in index["docs"]}
            # searching finds the rule: typed into the search box, answered by Material's search worker
            page.goto(base)
            page.locator("input.md-search__input").press_sequentially("chronological")
            page.wait_for_selector(".md-search-result__item", timeout=30_000)
            links = page.locator(".md-search-result__item a").evaluate_all("as => as.map(a => a.href)")
            assert any("/rules/date-order/" in href for href in links), links
            # the rule table of the rules page leads to the rule's page
            page.goto(base + "rules/")
            page.locator("article table a", has_text="duplicate-entry").click()
            page.wait_for_url("**/rules/duplicate-entry/")
            assert text(page.locator("article h1").inner_text()) == "duplicate-entry (AL301)"
        finally:
            browser.close()


def test_the_docs_workflow_builds_strictly_and_deploys_to_pages() -> None:
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "docs.yml").read_text(encoding="utf-8"))
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    runs = [step.get("run", "") for step in build["steps"]]
    assert "mkdocs build --strict" in runs and "python scripts/gen_rule_docs.py --check" in runs
    assert any(step.get("uses", "").startswith("actions/upload-pages-artifact@") for step in build["steps"])
    assert [step["uses"].split("@")[0] for step in deploy["steps"]] == ["actions/deploy-pages"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages" and deploy["needs"] == "build"
    assert workflow["permissions"] == {"contents": "read"}  # only the deploy job may write
