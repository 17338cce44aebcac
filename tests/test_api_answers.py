"""The APIs as they really answer (issue 24, part 7), through the command line: `awesomelint` runs on a
README against the loopback servers of tests/apiserver.py, which answer in the shapes recorded from the
real arXiv export API and GitHub GraphQL API (the docstring there says where each shape comes from)."""

from __future__ import annotations

import io
import json
import time
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from awesomelint.cli import main
from awesomelint.config import LinksConfig
from awesomelint.net.apis.arxiv_api import MAX_ERROR_FEEDS, ArxivApi
from awesomelint.net.apis.github_api import MAX_TIMEOUTS, GithubApi
from awesomelint.net.http.fetch import HttpClient
from awesomelint.net.service import LinkService

from .apiserver import ApiServer, error_feed, paper, rate_limited, repo
from .test_links import mapping

pytestmark = pytest.mark.slow


def point_at(api: ApiServer, folder: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The one place these tests point awesomelint at the loopback APIs (through the environment, as a
    configuration file may not name a loopback API: config/trust.py) and let github.com and arxiv.org
    resolve to loopback; the flags the command line needs besides."""
    (folder / ".awesomelint.toml").write_text("[links]\ncache = false\n", encoding="utf-8")
    monkeypatch.setenv("AWESOMELINT_GITHUB_API", api.base)
    monkeypatch.setenv("AWESOMELINT_ARXIV_API", f"{api.base}/api/query")
    monkeypatch.setenv("GITHUB_TOKEN", "tok")
    monkeypatch.setattr("awesomelint.net.apis.arxiv_api.INTERVAL", 0.05)
    monkeypatch.setattr(
        "awesomelint.net.guard.system_resolver",
        mapping({"arxiv.org": ["127.0.0.1"], "github.com": ["127.0.0.1"]}),
    )
    return ["--allow-private-host", "127.0.0.1", "--timeout", "5", "--select", "dead-link"]


def check(
    api: ApiServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, rows: list[str]
) -> tuple[int, list[tuple[int, str, str]], str]:
    """(exit code, (line, severity, message) of each finding, stderr) of a run on a list of ``rows``."""
    md = tmp_path / "README.md"
    md.write_text("|Title|Link|\n|---|---|\n" + "".join(f"|{i}|[x]({u})|\n" for i, u in enumerate(rows)))
    out, err = io.StringIO(), io.StringIO()
    code = main([str(md), "--format", "json", *point_at(api, tmp_path, monkeypatch)], stdout=out, stderr=err)
    assert code in (0, 1), err.getvalue()
    found = [(f["line"], f["severity"], f["message"]) for f in json.loads(out.getvalue())["findings"]]
    return code, found, err.getvalue()


def client() -> HttpClient:
    """The guarded HTTP client of a run that may reach loopback, for the API clients alone."""
    settings = LinksConfig(timeout=2.0).settings()  # type: ignore[attr-defined]
    return LinkService(settings, use_cache=False, allow_private=["127.0.0.1"], probe_hosts=()).client()


def asked_ids(api: ApiServer) -> list[list[str]]:
    """The ``id_list`` of every request to arXiv's API, in order."""
    return [parse_qs(urlsplit(path).query)["id_list"][0].split(",") for _m, path, _h, _b in api.paths("/api/query")]  # fmt: skip


# ---- arXiv: one paper, two spellings -----------------------------------------------------------------


def test_an_old_style_id_with_its_subject_class_and_without_are_one_paper_asked_once(
    api: ApiServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    api.papers = {"math/0211159": paper("The entropy formula for the Ricci flow", "2002-11-11")}
    rows = ["https://arxiv.org/abs/math.DG/0211159", "https://arxiv.org/abs/math/0211159", "https://arxiv.org/pdf/math.DG/0211159v1"]  # fmt: skip
    code, found, _ = check(api, tmp_path, monkeypatch, rows)
    assert (code, found) == (0, [])
    assert asked_ids(api) == [["math/0211159"]]  # the canonical form, once: the API knows no other
    assert [p for _m, p, _h, _b in api.requests if not p.startswith("/api/")] == []  # no page fetched


def test_the_api_returns_nothing_for_the_form_with_the_subject_class(api: ApiServer) -> None:
    """What the loopback API answers is what arXiv answers (the test above relies on it)."""
    api.papers = {"math/0211159": paper("The entropy formula for the Ricci flow")}
    arxiv = ArxivApi(client(), f"{api.base}/api/query", interval=0.05)
    raw = arxiv._ask(["math.DG/0211159"])  # the request as it would go out without the canonical form
    assert raw == ({"math.DG/0211159": raw[0]["math.DG/0211159"]}, [])
    assert not raw[0]["math.DG/0211159"].found
    assert arxiv.lookup(["math.DG/0211159"])["math.DG/0211159"].found


# ---- arXiv: identifiers it cannot read ----------------------------------------------------------------


def test_each_id_arxiv_cannot_read_is_reported_and_the_rest_asked_again(
    api: ApiServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    api.papers = {
        "2309.06180": paper("Efficient Memory Management for Large Language Model Serving", "2023-09-12"),
        "2407.00079": paper("Mooncake: A KVCache-centric Disaggregated Architecture", "2024-06-24"),
    }
    rows = [
        "https://arxiv.org/abs/2309.06180",
        "https://arxiv.org/abs/2413.00001",  # month 13
        "https://arxiv.org/pdf/2407.00079",
        "https://arxiv.org/abs/1501.1234",  # four digits where arXiv gives five since 1501
        "https://arxiv.org/abs/2401.99999",  # readable, but no such paper
    ]
    code, found, err = check(api, tmp_path, monkeypatch, rows)
    assert code == 1
    assert found == [
        (4, "error", "dead link: 2413.00001 is not an identifier arXiv can read (its API answers 400: incorrect id format)"),
        (6, "error", "dead link: 1501.1234 is not an identifier arXiv can read (its API answers 400: incorrect id format)"),
        (7, "error", "dead link: arXiv has no paper 2401.99999 (its API does not know it)"),
    ]  # fmt: skip
    everything = ["2309.06180", "2413.00001", "2407.00079", "1501.1234", "2401.99999"]
    assert asked_ids(api) == [
        everything,
        [i for i in everything if i != "2413.00001"],
        ["2309.06180", "2407.00079", "2401.99999"],
    ]
    assert [p for _m, p, _h, _b in api.requests if not p.startswith("/api/")] == []  # no page fallback
    assert "arXiv API" not in err


def test_error_feeds_are_bounded_and_one_naming_no_asked_id_stops_the_api(api: ApiServer) -> None:
    unreadable = [f"24{m}.00001" for m in range(13, 13 + MAX_ERROR_FEEDS + 3)]
    arxiv = ArxivApi(client(), f"{api.base}/api/query", interval=0.0)
    found = arxiv.lookup([*unreadable, "2401.00001"])
    assert len(api.paths("/api/query")) == MAX_ERROR_FEEDS
    assert [i for i, p in found.items() if p.malformed] == unreadable[:MAX_ERROR_FEEDS]
    assert arxiv.notices == [
        f"arXiv API: {MAX_ERROR_FEEDS} answers named identifiers arXiv cannot read; 4 papers checked page by page"
    ]
    api.arxiv_script = [(400, {"Content-Type": "application/atom+xml"}, error_feed("9999.99999", "x"))]
    other = ArxivApi(client(), f"{api.base}/api/query", interval=0.0)
    assert other.lookup(["2401.00001"]) == {}
    assert other.notices == [
        "arXiv API: its error names no identifier that was asked; 1 paper checked page by page"
    ]


# ---- arXiv: withdrawn in the author's own words ---------------------------------------------------------


def test_a_withdrawal_in_the_authors_own_words_is_told_by_the_pdf_of_its_latest_version(
    api: ApiServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    api.papers = {
        "2409.10932": paper(
            "Gone Wrong",
            versions=2,
            comment="Methodology error found; revising with new data",
            withdrawn=True,
        ),
        "2403.17444": paper("Still Here", versions=2, comment="Accepted at ICLR 2024"),
        "2310.00001": paper("Long Paper", versions=3, comment="12 pages, 4 figures"),
        "2305.00001": paper("Old Style", comment="This paper has been withdrawn by the author"),
    }
    arxiv = f"http://arxiv.org:{api.server_address[1]}"
    rows = [
        f"{arxiv}/abs/2409.10932",
        f"{arxiv}/pdf/2409.10932v2",  # the withdrawn version's own PDF: said once, as withdrawn
        f"{arxiv}/abs/2403.17444",
        f"{arxiv}/abs/2310.00001",
        f"{arxiv}/abs/2305.00001",
    ]
    code, found, err = check(api, tmp_path, monkeypatch, rows)
    withdrawn = "the paper arXiv 2409.10932 was withdrawn: its latest version, v2, has no PDF (404 Not Found); the reason given: 'Methodology error found; revising with new data'"  # fmt: skip
    assert (code, found) == (
        0,
        [
            (3, "warning", withdrawn),
            (4, "warning", withdrawn),
            (7, "warning", "the paper arXiv 2305.00001 was withdrawn: 'This paper has been withdrawn by the author'"),
        ],
    )  # fmt: skip
    # only the PDFs of the latest versions the API left open were fetched: not a comment that counts pages
    pages = sorted({p for _m, p, _h, _b in api.requests if not p.startswith("/api/")})
    assert pages == ["/pdf/2403.17444v2", "/pdf/2409.10932v2"]
    assert "3 withdrawn" in err


# ---- GitHub: a primary rate limit on HTTP 200, a query that times out -----------------------------------


def github_rows(api: ApiServer) -> list[str]:
    base = f"http://github.com:{api.server_address[1]}"
    return [f"{base}/good/repo", f"{base}/gone/repo", f"{base}/slow/repo", f"{base}/ok/archived"]


def serve_github(api: ApiServer) -> None:
    api.repos = {
        "good/repo": repo("good/repo"),
        "slow/repo": repo("slow/repo"),
        "ok/archived": repo("ok/archived", isArchived=True, archivedAt="2024-05-01T00:00:00Z"),
    }


GONE = "dead link: GitHub has no repository gone/repo (NOT_FOUND from its API)"
ARCHIVED = "the repository ok/archived is archived since 2024-05-01: read-only, no longer maintained"


@pytest.mark.parametrize(("kind", "remaining"), [("RATE_LIMIT", "0"), ("RATE_LIMITED", "1")])
def test_a_graphql_rate_limit_on_http_200_is_waited_out_until_its_reset(
    api: ApiServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str, remaining: str
) -> None:
    serve_github(api)
    reset = str(int(time.time()) + 1)
    headers = {"Content-Type": "application/json; charset=utf-8", "x-ratelimit-limit": "5000",
               "x-ratelimit-remaining": remaining, "x-ratelimit-reset": reset, "x-ratelimit-resource": "graphql"}  # fmt: skip
    api.github_script = [(200, headers, rate_limited(kind))]
    start = time.monotonic()
    code, found, err = check(api, tmp_path, monkeypatch, github_rows(api))
    assert 0.5 <= time.monotonic() - start < 20  # until the reset and a second more, not a minute
    assert (code, found) == (1, [(4, "error", GONE), (6, "warning", ARCHIVED)])
    assert len(api.paths("/graphql")) == 2 and "GitHub API" not in err


def test_a_query_that_times_out_is_split_and_one_slow_repository_left_to_its_page(
    api: ApiServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    serve_github(api)
    api.slow = {"slow/repo"}
    code, found, err = check(api, tmp_path, monkeypatch, github_rows(api))
    assert (code, found) == (1, [(4, "error", GONE), (6, "warning", ARCHIVED)])
    queries = [sorted(json.loads(b)["variables"].values()) for _m, _p, _h, b in api.paths("/graphql")]
    assert [len(q) // 2 for q in queries] == [4, 2, 2, 1, 1, 1]  # halves, then the slow one alone twice
    assert [p for _m, p, _h, _b in api.requests if p.startswith("/slow")] != []  # its page was checked
    assert "GitHub API: 1 repository timed out twice alone (slow/repo): checked page by page" in err


def test_queries_that_keep_timing_out_stop_the_api_after_a_bound(api: ApiServer) -> None:
    keys = [f"o/r{i}" for i in range(40)]
    api.slow = set(keys)
    github = GithubApi(client(), api.base, "tok", timeout=2.0, sleep=lambda _s: None)
    assert github.lookup(keys) == {}
    assert len(api.paths("/graphql")) == MAX_TIMEOUTS
    assert github.notices[-1] == f"GitHub API: {MAX_TIMEOUTS} queries timed out; 40 repositories were checked page by page"  # fmt: skip
