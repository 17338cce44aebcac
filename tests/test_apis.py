"""GitHub repositories and arXiv papers checked through their APIs, against loopback servers that speak the
documented formats (tests/apiserver.py), and page servers for what still needs a page check."""

from __future__ import annotations

import csv
import io
import json
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from awesomelint.cli import main
from awesomelint.config import ConfigError, LinksConfig, validate_config
from awesomelint.engine import lint_bytes
from awesomelint.net.apis.arxiv_api import AtomError, parse_feed
from awesomelint.net.apis.github_api import build_query, parse_answer
from awesomelint.net.service import LinkService
from awesomelint.rules import registry

from .apiserver import ApiServer, paper, repo
from .netserver import FaultServer
from .test_links import mapping

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def pages() -> Iterator[FaultServer]:
    srv = FaultServer("127.0.0.1", hang_seconds=1.0).start()
    yield srv
    srv.close()


def service_for(api: ApiServer, token: str | None = "tok", **kw: object) -> LinkService:
    links = kw.pop("links", None) or LinksConfig(
        timeout=2.0, github_api=api.base, arxiv_api=f"{api.base}/api/query"
    )
    kw.setdefault("use_cache", False)
    return LinkService(
        links.settings(),  # type: ignore[attr-defined]
        allow_private=["127.0.0.1"],
        probe_hosts=("probe.test",),
        resolver=mapping(
            {"github.com": ["127.0.0.1"], "probe.test": ["127.0.0.1"], "arxiv.org": ["127.0.0.1"]}
        ),
        backoff=0.05,
        github_token=token or "",
        arxiv_interval=0.05,
        api_max_wait=3.0,
        **kw,  # type: ignore[arg-type]
    )


def lint(text: str, service: LinkService, *rules: str) -> list[tuple[int, str, str, str]]:
    chosen = [registry().get(r) for r in rules] if rules else None
    result = lint_bytes(text.encode(), "README.md", None, chosen, online=True, links=service)  # type: ignore[arg-type]
    return [(f.line, f.rule, f.severity, f.message) for f in result.findings]


# ---- GitHub ---------------------------------------------------------------------------------------------


def github_list(pages: FaultServer) -> str:
    p = pages.port
    return (
        "|Title|Code|\n|---|---|\n"
        "|A|[a](https://github.com/good/repo) ![](https://img.shields.io/github/stars/good/repo.svg)|\n"
        "|B|[b](https://github.com/gone/repo)|\n"
        "|C|[c](https://github.com/Old/Name) ![](https://img.shields.io/github/stars/Old/Name.svg?style=social)|\n"
        f"|D|[d](http://github.com:{p}/ok/archived/tree/main)|\n"
        f"|E|[e](http://github.com:{p}/good/repo/blob/main/404)|\n"
        "|F|[f](https://github.com/good/repo) ![](https://img.shields.io/github/stars/nobody/here.svg)|\n"
    )


def serve_github(api: ApiServer) -> None:
    api.repos = {
        "good/repo": repo("good/repo"),
        "old/name": repo("new-owner/New.Name", stargazerCount=7),
        "new-owner/new.name": repo("new-owner/New.Name", stargazerCount=7),
        "ok/archived": repo("ok/archived", isArchived=True, archivedAt="2024-05-01T00:00:00Z"),
    }


def test_the_four_github_outcomes_in_one_query(api: ApiServer, pages: FaultServer) -> None:
    serve_github(api)
    service = service_for(api)
    before = len(pages.requests)
    got = lint(github_list(pages), service, "dead-link", "badge-url")
    assert got == [
        (4, "dead-link", "error", "dead link: GitHub has no repository gone/repo (NOT_FOUND from its API)"),
        (5, "dead-link", "warning", "repository renamed or transferred to new-owner/New.Name: update it to https://github.com/new-owner/New.Name"),
        (5, "badge-url", "warning", "GitHub stars badge names the old name of a renamed repository: expected new-owner/New.Name; found Old/Name"),
        (6, "dead-link", "warning", "the repository ok/archived is archived since 2024-05-01: read-only, no longer maintained"),
        (7, "dead-link", "error", "dead link: 404 Not Found"),
        (8, "badge-url", "error", "GitHub stars badge names a repository that does not exist: GitHub has no nobody/here"),
        (8, "badge-url", "error", "GitHub stars badge names another repository than the entry links: expected good/repo; found nobody/here"),
    ]  # fmt: skip
    graphql = api.paths("/graphql")
    assert len(graphql) == 1  # every repository, links and badges, in one query
    body = json.loads(graphql[0][3])
    assert set(body["variables"].values()) >= {"good", "repo", "gone", "old", "name", "nobody", "here"}
    assert graphql[0][2]["Authorization"] == "bearer tok"
    # only the deep link was fetched (it may be gone though its repository is not); no badge was fetched
    fetched = [path for _m, path, _h in pages.requests[before:]]
    assert fetched and set(fetched) == {"/good/repo/blob/main/404", "/ok/archived/tree/main"}
    assert all("Authorization" not in h for _m, _p, h in pages.requests[before:])
    summary = service.summary() or ""
    assert "5 repositories" in summary and "(1 request)" in summary and "1 archived" in summary


def test_archived_is_configurable_like_the_other_kinds(api: ApiServer, pages: FaultServer) -> None:
    serve_github(api)
    for level, expected in (("off", []), ("error", ["error"])):
        links = LinksConfig(
            timeout=2.0,
            github_api=api.base,
            arxiv_api=f"{api.base}/api/query",
            severity={"archived": level},
        )
        text = "|Title|Code|\n|---|---|\n|D|[d](https://github.com/ok/archived)|\n"
        config = validate_config({"links": links.model_dump(by_alias=True)}, None)
        result = lint_bytes(text.encode(), "R.md", config, [registry().get("dead-link")], online=True, links=service_for(api, links=links))  # type: ignore[list-item]  # fmt: skip
        assert [f.severity for f in result.findings] == expected


def test_fix_rewrites_a_renamed_repository_and_its_badge(
    api: ApiServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    serve_github(api)
    md = tmp_path / "README.md"
    md.write_text(
        "|Title|Code|\n|---|---|\n"
        "|C|[c](https://github.com/Old/Name) ![](https://img.shields.io/github/stars/Old/Name.svg?style=social)|\n",
        encoding="utf-8",
    )
    (tmp_path / ".awesomelint.toml").write_text("[links]\ncache = false\n", encoding="utf-8")
    # a loopback API server is the environment's to name, and a private address the command line's to allow
    monkeypatch.setenv("AWESOMELINT_GITHUB_API", api.base)
    monkeypatch.setenv("GITHUB_TOKEN", "tok")
    out, err = io.StringIO(), io.StringIO()
    argv = [str(md), "--fix", "--select", "dead-link,badge-url", "--allow-private-host", "127.0.0.1"]
    code = main(argv, stdout=out, stderr=err)
    assert code == 0, out.getvalue() + err.getvalue()
    assert md.read_text(encoding="utf-8").splitlines()[2] == (
        "|C|[c](https://github.com/new-owner/New.Name) "
        "![](https://img.shields.io/github/stars/new-owner/New.Name.svg?style=social)|"
    )


def test_without_a_token_github_links_are_checked_page_by_page_with_one_notice(
    api: ApiServer, pages: FaultServer
) -> None:
    p = pages.port
    service = service_for(api, token=None)
    text = f"|T|C|\n|---|---|\n|A|[a](http://github.com:{p}/old-owner/old-repo)|\n|B|[b](http://github.com:{p}/404)|\n"
    got = lint(text, service, "dead-link")
    assert [(line, sev) for line, _r, sev, _m in got] == [(3, "warning"), (4, "error")]
    assert api.paths("/graphql") == []
    service.close()
    notices = [n for n in service.notices if "GITHUB_TOKEN" in n]
    assert len(notices) == 1 and "GH_TOKEN" in notices[0]


def test_gh_token_is_used_when_github_token_is_unset(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GITHUB_TOKEN", raising=False)
    monkeypatch.setenv("GH_TOKEN", "from-gh")
    assert LinkService(LinksConfig().settings()).github_token == "from-gh"  # type: ignore[attr-defined]
    monkeypatch.setenv("GITHUB_TOKEN", "first")
    assert LinkService(LinksConfig().settings()).github_token == "first"  # type: ignore[attr-defined]


def test_a_secondary_rate_limit_is_waited_out_when_short(api: ApiServer) -> None:
    serve_github(api)
    limited = b'{"message":"You have exceeded a secondary rate limit."}'
    api.github_script = [(403, {"retry-after": "1", "Content-Type": "application/json"}, limited)]
    service = service_for(api)
    start = time.monotonic()
    text = "|T|C|\n|---|---|\n|B|[b](https://github.com/gone/repo)|\n"
    got = lint(text, service, "dead-link")
    assert time.monotonic() - start >= 1.0
    assert [m for *_x, m in got] == ["dead link: GitHub has no repository gone/repo (NOT_FOUND from its API)"]
    assert len(api.paths("/graphql")) == 2


def test_a_long_rate_limit_leaves_the_repositories_to_the_page_checks(
    api: ApiServer, pages: FaultServer
) -> None:
    reset = str(int(time.time()) + 3600)
    api.github_script = [
        (
            403,
            {"x-ratelimit-remaining": "0", "x-ratelimit-reset": reset},
            b'{"message":"API rate limit exceeded"}',
        )
    ]
    service = service_for(api)
    p = pages.port
    text = f"|T|C|\n|---|---|\n|A|[a](http://github.com:{p}/old-owner/old-repo)|\n"
    got = lint(text, service, "dead-link")
    assert [m for *_x, m in got] == [
        f"link moved permanently (301): update it to http://github.com:{p}/new-owner/new-repo"
    ]
    assert len(api.paths("/graphql")) == 1  # not asked again
    service.close()
    assert any(
        "GitHub API: rate limited (403; asked to wait 36" in n and "page by page" in n
        for n in service.notices
    )


def test_a_query_too_big_for_the_api_is_split(api: ApiServer) -> None:
    serve_github(api)
    too_big = json.dumps(
        {"errors": [{"type": "MAX_NODE_LIMIT_EXCEEDED", "message": "too many nodes"}]}
    ).encode()
    api.github_script = [(200, {"Content-Type": "application/json"}, too_big)]
    service = service_for(api)
    found = service.repositories(["good/repo", "gone/repo", "ok/archived"])
    assert found is not None and sorted(found) == ["gone/repo", "good/repo", "ok/archived"]
    assert len(api.paths("/graphql")) == 3  # the big one, then its two halves


def test_the_token_never_leaves_the_api_origin(api: ApiServer, pages: FaultServer) -> None:
    """A redirect from the API is not followed: the token goes to the configured origin and nowhere else."""
    api.github_script = [(307, {"Location": f"{pages.base}/ok/graphql"}, b"")]
    before = len(pages.requests)
    service = service_for(api)
    assert service.repositories(["good/repo"]) == {}
    assert pages.requests[before:] == []
    service.close()
    assert any("GitHub API: the API answered 307" in n for n in service.notices)


def test_graphql_query_uses_variables_and_answers_are_parsed_as_documented() -> None:
    body = build_query(["a/b", 'x"}/y'])
    assert body["variables"] == {"o0": "a", "n0": "b", "o1": 'x"}', "n1": "y"}
    assert '"' not in body["query"]  # owner and name never enter the query text
    payload = {
        "data": {"r0": repo("A/B"), "r1": None, "r2": {"nameWithOwner": "\x1b[31mred/x"}},
        "errors": [{"type": "NOT_FOUND", "path": ["r1"], "message": "Could not resolve"}],
    }
    found, general = parse_answer(["a/b", "c/d", "e/f"], payload)
    assert found["a/b"].found and not found["a/b"].renamed and found["a/b"].stars == 42
    assert not found["c/d"].found
    assert "e/f" not in found  # a name GitHub cannot have is no answer
    assert general == []


def test_a_repository_key_github_cannot_have_is_never_sent(api: ApiServer) -> None:
    service = service_for(api)
    assert service.repositories(["ok/x", "bad owner/x", "a/..", "-x/y" * 30]) is not None
    (request,) = api.paths("/graphql")
    assert json.loads(request[3])["variables"] == {"o0": "ok", "n0": "x"}


# ---- arXiv ----------------------------------------------------------------------------------------------


def serve_arxiv(api: ApiServer) -> None:
    api.papers = {
        "2309.06180": paper("Efficient Memory Management for Large Language Model Serving with PagedAttention", "2023-09-12", versions=1),
        "2407.00079": paper("Mooncake: A KVCache-centric Disaggregated Architecture for LLM Serving", "2024-06-24", versions=4),
        "2305.00001": paper("Old Results", "2023-04-28", comment="This paper has been withdrawn by the author due to an error"),
        "hep-th/9901001": paper("Comments on Conformal Field Theory", "1999-01-04"),
        "2312.11462": paper("Cascade Speculative Drafting for Even Faster LLM Inference", "2023-12-18"),
    }  # fmt: skip


def arxiv_list(pages: FaultServer) -> str:
    return (
        "|Date|Title|Paper|\n|---|---|---|\n"
        "|2023.09|[PagedAttention] Efficient Memory Management for LLM Serving|[[pdf]](https://arxiv.org/pdf/2309.06180v1)|\n"
        "|2024.06|Mooncake|[[pdf]](https://arxiv.org/abs/2407.00079)|\n"
        "|2024.01|Typo|[[pdf]](https://arxiv.org/abs/2401.99999)|\n"
        "|2023.05|Old Results|[[pdf]](https://arxiv.org/abs/2305.00001)|\n"
        "|1999.01|CFT|[[pdf]](https://arxiv.org/abs/hep-th/9901001)|\n"
        "|2023.12|[FLAP] Fluctuation-based Adaptive Structured Pruning for Large Language Models|[[pdf]](https://arxiv.org/pdf/2312.11462)|\n"
        "|2023.09|PagedAttention, v7|[[pdf]](https://arxiv.org/abs/2309.06180v7)|\n"
    )  # fmt: skip


def test_the_arxiv_outcomes_in_one_request(api: ApiServer, pages: FaultServer) -> None:
    serve_arxiv(api)
    service = service_for(api)
    before = len(pages.requests)
    got = lint(arxiv_list(pages), service, "dead-link", "paper-title", "arxiv-date")
    assert got == [
        (5, "dead-link", "error", "dead link: arXiv has no paper 2401.99999 (its API does not know it)"),
        (6, "dead-link", "warning", "the paper arXiv 2305.00001 was withdrawn: 'This paper has been withdrawn by the author due to an error'"),
        (8, "paper-title", "warning", "the row's title and the title of arXiv 2312.11462 share too little to be the same paper: arXiv's title is 'Cascade Speculative Drafting for Even Faster LLM Inference'; is the link right?"),
        (9, "dead-link", "error", "dead link: arXiv 2309.06180 has no version v7 (the latest is v1)"),
    ]  # fmt: skip
    # Mooncake (2407.00079, first published 2024-06-24) dated 2024.06 is right by its real date
    (request,) = api.paths("/api/query")
    assert "max_results=6" in request[1] and "hep-th/9901001" in request[1]
    assert "Authorization" not in request[2]  # the token is GitHub's only
    assert pages.requests[before:] == []  # no arXiv page was fetched


def test_arxiv_date_uses_the_first_version_date(api: ApiServer) -> None:
    serve_arxiv(api)
    text = (
        "|Date|Title|Paper|\n|---|---|---|\n"
        "|2024.05|Mooncake|[[pdf]](https://arxiv.org/abs/2407.00079)|\n"
        "|2023.08|PagedAttention|[[pdf]](https://arxiv.org/abs/2309.06180)|\n"
    )
    got = lint(text, service_for(api), "arxiv-date")
    assert got == [
        (3, "arxiv-date", "warning", "row is dated before its paper: arXiv 2407.00079 was first published on 2024-06-24 (arXiv's API): expected 2024.06 or later; found '2024.05'"),
        (4, "arxiv-date", "warning", "row is dated before its paper: arXiv 2309.06180 was first published on 2023-09-12 (arXiv's API): expected 2023.09 or later; found '2023.08'"),
    ]  # fmt: skip


def test_list_entries_are_held_to_their_papers_first_version_and_title(api: ApiServer) -> None:
    """A list item's date and title, a numbered entry's venue year, against arXiv's answers: the first
    version's day, the real title."""
    serve_arxiv(api)
    text = (
        "# Papers\n\n## Serving\n\n"
        "- [2024/05] **Mooncake: A KVCache-centric Architecture.** *R. Qin.* [[paper](https://arxiv.org/abs/2407.00079)]\n"
        "- [2024/06] **Mooncake.** *R. Qin.* [[paper](https://arxiv.org/abs/2407.00079v2)]\n"
        "- [2023/12] **Fluctuation-based Adaptive Structured Pruning for LLMs.** [[paper](https://arxiv.org/pdf/2312.11462)]\n"
        "- [2023/09] **Efficient Memory Management for LLM Serving with PagedAttention.** [[paper](https://arxiv.org/abs/2309.06180)]\n"
        "\n## Drafting\n\n"
        "1. **[Cascade Speculative Drafting for Even Faster LLM Inference](https://arxiv.org/abs/2312.11462)**\n\n"
        "    *Z. Chen.* Preprint'22\n\n"
        "1. **[PagedAttention](https://arxiv.org/abs/2309.06180)**\n\n"
        "    *W. Kwon.* arXiv 2023\n"
    )  # fmt: skip
    got = lint(text, service_for(api), "arxiv-date", "paper-title")
    assert got == [
        (5, "arxiv-date", "warning", "entry is dated before its paper: arXiv 2407.00079 was first published on 2024-06-24 (arXiv's API): expected 2024/06 or later; found '2024/05'"),
        (7, "paper-title", "warning", "the entry's title and the title of arXiv 2312.11462 share too little to be the same paper: arXiv's title is 'Cascade Speculative Drafting for Even Faster LLM Inference'; is the link right?"),
        (14, "arxiv-date", "warning", "the entry's venue year is before its paper: arXiv 2312.11462 was first published on 2023-12-18 (arXiv's API): expected Preprint 2023 or later; found \"Preprint'22\""),
    ]  # fmt: skip


def test_arxiv_requests_are_paced_and_one_at_a_time(api: ApiServer) -> None:
    serve_arxiv(api)
    service = service_for(api)
    service.apis.arxiv_interval = 0.3
    ids = sorted(api.papers)
    assert service.papers(ids[:2]) is not None
    assert service.papers(ids[2:]) is not None  # a second file of the run: the pace holds across calls
    times = api.times
    assert len(times) == 2 and times[1] - times[0] >= 0.29
    assert api.max_active == 1


def test_many_ids_go_in_few_requests(api: ApiServer) -> None:
    api.papers = {f"2401.{n:05d}": paper(f"Paper {n}") for n in range(450)}
    service = service_for(api)
    found = service.papers(sorted(api.papers))
    assert found is not None and len(found) == 450 and all(p.found for p in found.values())
    assert len(api.paths("/api/query")) == 3  # 200 identifiers a request


def two_cached_runs(api: ApiServer, cache: Path, papers: list[str], repos: list[str]) -> LinkService:
    """Two runs that share a cache folder (whose page-check TTL is 0); the second run's service."""
    links = LinksConfig(
        timeout=2.0, github_api=api.base, arxiv_api=f"{api.base}/api/query", cache_dir=str(cache), cache_ttl=0
    )
    for _ in range(2):
        service = service_for(api, links=links, use_cache=None)
        assert service.papers(papers) is not None
        assert service.repositories(repos) is not None
        service.close()
    return service


def test_answers_are_cached_with_their_own_lifetime(api: ApiServer, tmp_path: Path) -> None:
    serve_arxiv(api)
    serve_github(api)
    service = two_cached_runs(api, tmp_path, ["2309.06180", "2407.00079"], ["good/repo", "old/name"])
    # the page-check TTL is 0, the API answers' lifetime is their own: the second run asked nothing
    assert len(api.paths("/api/query")) == 1 and len(api.paths("/graphql")) == 1
    assert service.apis.from_cache == 4


def test_apis_false_is_page_checks_only(api: ApiServer) -> None:
    serve_arxiv(api)
    links = LinksConfig(timeout=2.0, github_api=api.base, arxiv_api=f"{api.base}/api/query", apis=False)
    service = service_for(api, links=links)
    assert service.papers(["2309.06180"]) is None
    assert service.repositories(["good/repo"]) is None
    assert api.requests == []


def test_only_the_changed_lines_are_looked_up(api: ApiServer, pages: FaultServer) -> None:
    from awesomelint.document.parse import parse_document
    from awesomelint.engine.lint import lint_document

    serve_arxiv(api)
    serve_github(api)
    service = service_for(api)
    text = arxiv_list(pages) + "|2024.01|G|[g](https://github.com/gone/repo)|\n"
    doc = parse_document(text, "README.md")
    rules = [registry().get(r) for r in ("dead-link", "paper-title")]
    lint_document(doc, validate_config({}, None), rules, online=True, links=service, changed_lines={4})  # type: ignore[arg-type]
    (request,) = api.paths("/api/query")
    assert "id_list=2407.00079&" in request[1]
    assert api.paths("/graphql") == []


def test_a_feed_with_a_dtd_or_garbage_is_refused() -> None:
    with pytest.raises(AtomError):
        parse_feed(["2401.00001"], b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><feed/>')
    with pytest.raises(AtomError):
        parse_feed(["2401.00001"], b"<html>rate limited</html>")


def test_arxiv_error_entry_names_a_malformed_id_and_the_rest_is_settled() -> None:
    feed = (
        b'<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>http://arxiv.org/api/errors#incorrect_id_format_for_2413.00001</id>'
        b"<title>Error</title><summary>incorrect id format for 2413.00001</summary></entry></feed>"
    )
    papers, malformed = parse_feed(["2413.00001", "2401.00001"], feed)
    assert malformed == ["2413.00001"] and papers == {}


def test_titles_from_the_api_are_made_printable(api: ApiServer) -> None:
    api.papers = {"2401.00001": paper("Evil \u202etitle\u200b\n  here\t!")}  # XML 1.0 has no ESC
    service = service_for(api)
    found = service.papers(["2401.00001"])
    assert found is not None and found["2401.00001"].title == "Evil title here !"


def test_the_address_guard_applies_to_the_api_hosts(api: ApiServer) -> None:
    links = LinksConfig(timeout=2.0, github_api=api.base, arxiv_api=f"{api.base}/api/query")
    service = LinkService(
        links.settings(),  # type: ignore[attr-defined]
        use_cache=False,
        github_token="tok",
        probe_hosts=(),
        arxiv_interval=0.05,
    )  # 127.0.0.1 not allowed
    assert service.repositories(["good/repo"]) == {}
    assert service.papers(["2401.00001"]) == {}
    assert api.requests == []
    service.close()
    assert any(
        "GitHub API: no answer (not connected: 127.0.0.1 is a loopback address" in n for n in service.notices
    )


@pytest.mark.parametrize(
    "value",
    [
        "http://api.github.com",  # a token in clear text
        "https://user:pw@api.github.com",
        "https://api.github.com/?x=1",
        "https://api.github.com\\@evil.example",
        "https://api.github.com#x",
        "ftp://api.github.com",
        "http://127.evil.example",  # not a loopback address
    ],
)
def test_api_addresses_that_parsers_could_read_differently_are_refused(value: str) -> None:
    with pytest.raises(ConfigError, match="github-api"):
        validate_config({"links": {"github-api": value}}, "cfg.toml")


def test_api_addresses_accepted() -> None:
    for value in ("https://api.github.com", "https://ghe.example.com/api", "http://127.0.0.1:8080"):
        assert validate_config({"links": {"github-api": value}}, None).links.github_api == value


# ---- export ---------------------------------------------------------------------------------------------


def test_export_online_adds_what_the_apis_said(
    api: ApiServer, pages: FaultServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    serve_arxiv(api)
    serve_github(api)
    md = tmp_path / "README.md"
    md.write_text(
        "|Date|Title|Paper|Code|\n|---|---|---|---|\n"
        "|2024.06|Mooncake|[[pdf]](https://arxiv.org/abs/2407.00079)|[[c]](https://github.com/Old/Name)|\n"
        "|2024.01|Typo|[[pdf]](https://arxiv.org/abs/2401.99999)|[[c]](https://github.com/gone/repo)|\n",
        encoding="utf-8",
    )
    (tmp_path / ".awesomelint.toml").write_text("[links]\ncache = false\n", encoding="utf-8")
    monkeypatch.setenv("AWESOMELINT_GITHUB_API", api.base)
    monkeypatch.setenv("AWESOMELINT_ARXIV_API", f"{api.base}/api/query")
    monkeypatch.setenv("GITHUB_TOKEN", "tok")
    monkeypatch.setattr("awesomelint.net.apis.arxiv_api.INTERVAL", 0.05)
    out, err = io.StringIO(), io.StringIO()
    assert (
        main(["export", str(md), "--online", "--allow-private-host", "127.0.0.1"], stdout=out, stderr=err)
        == 0
    )
    first, second = json.loads(out.getvalue())["entries"]
    assert first["links"][0]["paper"] == {
        "id": "2407.00079",
        "title": "Mooncake: A KVCache-centric Disaggregated Architecture for LLM Serving",
        "published": "2024-06-24",
        "versions": 4,
        "withdrawn": False,
    }
    assert first["links"][1]["repository"] == {
        "name_with_owner": "new-owner/New.Name",
        "archived": False,
        "stars": 7,
        "fork": False,
        "pushed_at": "2025-01-02T03:04:05Z",
    }
    assert second["links"][0]["paper"] is None and second["links"][1]["repository"] is None
    out = io.StringIO()
    assert main(["export", str(md), "--online", "--allow-private-host", "127.0.0.1", "--format", "csv"], stdout=out, stderr=err) == 0  # fmt: skip
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    meta = ["paper_title", "paper_published", "repository", "archived", "stars"]
    at = rows[0].index("paper_title")
    assert rows[0][at : at + 5] == meta
    assert rows[1][at : at + 5] == ["Mooncake: A KVCache-centric Disaggregated Architecture for LLM Serving", "2024-06-24", "new-owner/New.Name", "false", "7"]  # fmt: skip
    # without --online, export stays offline: no API was asked more
    asked = len(api.requests)
    assert main(["export", str(md)], stdout=io.StringIO(), stderr=err) == 0
    assert len(api.requests) == asked


def test_hostile_api_answers_are_notices_not_tracebacks(api: ApiServer) -> None:
    deep = b"[" * 5_000 + b"]" * 5_000
    api.github_script = [(200, {"Content-Type": "application/json"}, deep)]
    service = service_for(api)
    assert service.repositories(["good/repo"]) == {}
    api.arxiv_raw = b"<feed>" * 5_000  # not well-formed, and deep
    assert service.papers(["2401.00001"]) == {}
    service.close()
    assert any("GitHub API: the answer was not JSON" in n for n in service.notices)
    assert any("arXiv API: the answer is not an arXiv feed" in n for n in service.notices)


@pytest.mark.parametrize(("reset_in", "asked", "settled"), [(2, 2, 2), (3600, 1, 1)])
def test_a_used_up_primary_limit_waits_for_its_reset_or_stops(
    api: ApiServer, reset_in: int, asked: int, settled: int
) -> None:
    from awesomelint.net.apis.github_api import GithubApi

    serve_github(api)
    api.remaining, api.reset_in = 1, reset_in  # the first answer says x-ratelimit-remaining: 0
    waits: list[float] = []
    client = service_for(api).client()
    github = GithubApi(client, api.base, "tok", timeout=2.0, max_wait=60.0, batch=1, sleep=waits.append)
    found = github.lookup(["good/repo", "gone/repo"])
    assert len(api.paths("/graphql")) == asked and len(found) == settled
    if reset_in == 2:
        assert len(waits) == 1 and 1.0 <= waits[0] <= 3.5  # until the reset, and a second more
    else:
        assert waits == [] and len(github.notices) == 1
        assert github.notices[0].startswith("GitHub API: the rate limit is used up (it resets in 360")
        assert github.notices[0].endswith("s); 1 repository was checked page by page")


def test_only_urls_of_a_repository_are_looked_up() -> None:
    from awesomelint.document.urls import github_repo_key

    assert github_repo_key("https://github.com/Owner/Repo") == "owner/repo"
    assert github_repo_key("https://github.com/o/r.git") == "o/r"
    for route in ("tree/main/x", "blob/main/README.md", "pull/12", "releases", "issues/3", "wiki"):
        assert github_repo_key(f"https://github.com/o/r/{route}") == "o/r"
    for url in (
        "https://github.com/readme/guides/x",  # GitHub's own pages
        "https://github.com/o/r/some-page-of-github",
        "https://github.com/settings/tokens",
        "https://github.com/owner",
        "https://gitlab.com/o/r",
    ):
        assert github_repo_key(url) is None


def test_badge_url_alone_asks_no_paper(api: ApiServer) -> None:
    serve_arxiv(api)
    serve_github(api)
    text = (
        "|Title|Paper|Code|\n|---|---|---|\n"
        "|A|[p](https://arxiv.org/abs/2309.06180)|![](https://img.shields.io/github/stars/good/repo.svg)|\n"
    )
    assert lint(text, service_for(api), "badge-url") == []
    assert api.paths("/api/query") == [] and len(api.paths("/graphql")) == 1


def test_the_api_silent_about_a_paper_of_this_month_proves_nothing() -> None:
    import datetime as dt

    feed = (
        b'<feed xmlns="http://www.w3.org/2005/Atom" xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">'
        b"<opensearch:totalResults>0</opensearch:totalResults></feed>"
    )
    papers, _ = parse_feed(["2611.00001", "2610.00002", "2609.00003"], feed, today=dt.date(2026, 11, 29))
    assert papers == {"2609.00003": papers["2609.00003"]} and not papers["2609.00003"].found


def test_a_missing_repository_is_cached_no_longer_than_a_404(api: ApiServer, tmp_path: Path) -> None:
    serve_github(api)
    two_cached_runs(api, tmp_path, [], ["good/repo", "gone/repo"])
    second = json.loads(api.paths("/graphql")[1][3])["variables"]
    assert second == {"o0": "gone", "n0": "repo"}  # the found one came from the cache, the missing one not


def test_arxiv_busy_answers_are_retried_at_its_pace(api: ApiServer) -> None:
    serve_arxiv(api)
    api.arxiv_script = [(503, {"Retry-After": "1"}, b"busy"), (429, {}, b"slow down")]
    service = service_for(api)
    start = time.monotonic()
    found = service.papers(["2309.06180"])
    assert found is not None and found["2309.06180"].found
    assert len(api.paths("/api/query")) == 3 and time.monotonic() - start >= 1.0


def test_a_graphql_rate_limited_error_is_a_rate_limit(api: ApiServer) -> None:
    serve_github(api)
    limited = json.dumps(
        {"errors": [{"type": "RATE_LIMITED", "message": "API rate limit exceeded"}]}
    ).encode()
    api.github_script = [(200, {"retry-after": "1", "Content-Type": "application/json"}, limited)]
    found = service_for(api).repositories(["good/repo"])
    assert found is not None and found["good/repo"].found
    assert len(api.paths("/graphql")) == 2


def test_a_configured_github_api_elsewhere_never_receives_the_token(api: ApiServer) -> None:
    """The configuration comes from the checkout, which a pull request may edit: a `github-api` that is
    not GitHub's API, the runner's ($GITHUB_API_URL) or a loopback test server gets no token, and the
    repositories are checked page by page with one notice saying why."""
    from awesomelint.net.safety import api_origin_trusted

    assert api_origin_trusted("https://api.github.com", {})
    assert api_origin_trusted("https://api.github.com:443/", {})
    assert api_origin_trusted(api.base, {})  # 127.0.0.1
    assert not api_origin_trusted("https://evil.example/api", {})
    assert not api_origin_trusted("http://api.github.com", {})  # not the https origin
    assert api_origin_trusted(
        "https://ghe.corp.example/api", {"GITHUB_API_URL": "https://ghe.corp.example/api/v3"}
    )
    assert not api_origin_trusted(
        "https://ghe.corp.example/api", {"GITHUB_API_URL": "https://api.github.com"}
    )

    links = LinksConfig(timeout=2.0, github_api="https://evil.example/api", arxiv_api=f"{api.base}/api/query")
    service = service_for(api, links=links)
    before = len(api.requests)
    assert service.repositories(["o/r"]) is None
    assert len(api.requests) == before
    assert any("token is not sent there" in n for n in service.notices)
