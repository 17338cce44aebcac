"""Requests and wall time to check the DefTruth list with the GitHub and arXiv APIs and without them.

The newest DefTruth list of ``../shared/corpus`` is checked online (every rule, as ``awesomelint README.md``
does) by one link service, its links rewritten to plain http on one port so that a loopback page server
answers every page (200, after ``--latency`` seconds), a loopback GitHub GraphQL server knows every
repository the list names, and a loopback arXiv server knows every paper (tests/apiserver.py: the formats
of the public documentation). Runs alternate, ``--repeat`` times each:

- ``apis``: a token, ``apis = true``, arXiv's pace of one request every 3 s (``--arxiv-interval``);
- ``pages``: ``apis = false``, every link fetched as before.

It prints, per mode, the median wall time, the requests the page server saw (by host) and the requests the
API servers saw, and whether the goal holds: at most 15 requests for all the list's GitHub repositories and
arXiv papers together. Traffic stays on 127.0.0.1.

    python benchmarks/apis.py --repeat 3        # --latency 0.05 --arxiv-interval 3
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import statistics
import sys
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.apiserver import ApiServer, paper, repo  # noqa: E402

from awesomelint.config import Config, LinksConfig  # noqa: E402
from awesomelint.document.analysis import Hints, analyse  # noqa: E402
from awesomelint.document.badges import badge_repo_key  # noqa: E402
from awesomelint.document.model import Document  # noqa: E402
from awesomelint.document.parse import parse_document  # noqa: E402
from awesomelint.document.plain import plain_text  # noqa: E402
from awesomelint.document.urls import arxiv_id, github_repo_key  # noqa: E402
from awesomelint.engine import lint_bytes, selected_rules  # noqa: E402
from awesomelint.net.service import LinkService  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" / "DefTruth__Awesome-LLM-Inference__README.md"
_URL = re.compile(r"https?://([A-Za-z0-9.-]+)/")


class Pages(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 1024

    def __init__(self, latency: float) -> None:
        super().__init__(("127.0.0.1", 0), _PageHandler)
        self.latency = latency
        self.lock = threading.Lock()
        self.hosts: Counter[str] = Counter()


class _PageHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: Pages

    def log_message(self, format: str, *args: object) -> None:
        pass

    def _answer(self) -> None:
        with self.server.lock:
            self.server.hosts[(self.headers.get("Host") or "").split(":")[0]] += 1
        time.sleep(self.server.latency)
        body = (
            b"<svg><title>stars: 1.2k</title></svg>"
            if "shields" in (self.headers.get("Host") or "")
            else b"ok"
        )
        self.send_response(200)
        self.send_header("Content-Type", "image/svg+xml" if body.startswith(b"<svg") else "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command == "GET":
            self.wfile.write(body)

    do_GET = do_HEAD = _answer


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--latency", type=float, default=0.05, help="seconds before each page answer")
    ap.add_argument("--arxiv-interval", type=float, default=3.0)
    args = ap.parse_args()
    if not CORPUS.is_file():
        print(f"{CORPUS} is not here", file=sys.stderr)
        return 2
    pages = Pages(args.latency)
    threading.Thread(target=pages.serve_forever, daemon=True).start()
    api = ApiServer().start()
    port = pages.server_address[1]
    text = _URL.sub(lambda m: f"http://{m.group(1)}:{port}/", CORPUS.read_text(encoding="utf-8"))
    doc = parse_document(text, "README.md")
    repos = {k for link in doc.iter_links() if (k := (badge_repo_key(link.url) if link.is_image else github_repo_key(link.url)))}  # fmt: skip
    ids = {a for link in doc.iter_links() if not link.is_image and (a := arxiv_id(link.url))}
    api.repos = {k: repo(k) for k in repos}
    titles = _row_titles(doc)
    api.papers = {i: paper(titles.get(i, f"Paper {i}"), published=_published(i), versions=9) for i in ids}
    print(
        f"{CORPUS.name}: {len(list(doc.iter_links()))} links, {len(repos)} GitHub repositories, {len(ids)} arXiv papers"
    )
    times: dict[str, list[float]] = {"apis": [], "pages": []}
    seen: dict[str, tuple[Counter[str], int, int]] = {}
    counts: dict[str, Counter[str]] = {}
    for _ in range(args.repeat):
        for mode in ("apis", "pages"):
            pages.hosts.clear()
            api.requests.clear()
            elapsed, findings = _run(mode, text, api, args.arxiv_interval)
            times[mode].append(elapsed)
            counts[mode] = findings
            graphql = len(api.paths("/graphql"))
            arxiv = len(api.paths("/api/query"))
            seen[mode] = (Counter(pages.hosts), graphql, arxiv)
    for mode in ("apis", "pages"):
        hosts, graphql, arxiv = seen[mode]
        gh_pages = hosts["github.com"]
        ax_pages = hosts["arxiv.org"]
        total = sum(hosts.values()) + graphql + arxiv
        print(
            f"{mode:5}: median {statistics.median(times[mode]):6.2f} s; requests {total:4} "
            f"(GitHub: {graphql} GraphQL + {gh_pages} pages; arXiv: {arxiv} API + {ax_pages} pages; "
            f"shields.io {hosts['img.shields.io']}; other {total - graphql - arxiv - gh_pages - ax_pages - hosts['img.shields.io']})"
        )
        print(f"       findings: {dict(sorted(counts[mode].items()))}")
    hosts, graphql, arxiv = seen["apis"]
    together = graphql + arxiv
    print(f"goal: GitHub repositories and arXiv papers in {together} API requests (at most 15): {'met' if together <= 15 else 'NOT met'}; "
          f"plus {hosts['github.com']} GitHub deep links and {hosts['arxiv.org']} arXiv html pages that still need their page")  # fmt: skip
    api.close()
    pages.shutdown()
    return 0


def _row_titles(doc: Document) -> dict[str, str]:
    """The title of the first row of each paper: the loopback arXiv answers with it, so that paper-title has
    nothing to say about the benchmark's papers (their real titles are not on this machine)."""
    info = analyse(doc, Hints(), dt.date.today())
    out: dict[str, str] = {}
    for tinfo in info.tables:
        for row in tinfo.table.rows:
            aid = tinfo.arxiv_id(row)
            if aid and aid not in out and tinfo.title_col is not None:
                out[aid] = plain_text(tinfo.title(row))
    return out


def _published(aid: str) -> str:
    m = re.match(r"(\d{2})(\d{2})\.", aid)
    return f"20{m.group(1)}-{m.group(2)}-15" if m else "2000-01-01"


def _run(mode: str, text: str, api: ApiServer, interval: float) -> tuple[float, Counter[str]]:
    links = LinksConfig(
        github_api=api.base, arxiv_api=f"{api.base}/api/query", apis=mode == "apis", cache=False
    )
    service = LinkService(
        links.settings(),  # type: ignore[attr-defined]
        use_cache=False,
        allow_private=["127.0.0.1"],
        resolver=lambda host, port: ["127.0.0.1"],
        probe_hosts=(),
        github_token="benchmark-token",
        arxiv_interval=interval,
    )
    config = Config(links=links)
    start = time.perf_counter()
    result = lint_bytes(text.encode(), "README.md", config, selected_rules(config, online=True), online=True, links=service)  # fmt: skip
    elapsed = time.perf_counter() - start
    service.close()
    return elapsed, Counter(f.rule for f in result.findings)


if __name__ == "__main__":
    sys.exit(main())
