"""Loopback servers that speak the two APIs as they really answer:

- GitHub GraphQL (docs.github.com/graphql): ``POST /graphql`` with ``{"query", "variables"}``; every alias
  ``rN: repository(owner: $oN, name: $nN)`` answered with the fields asked, or ``null`` and an error
  ``{"type": "NOT_FOUND", "path": ["rN"], ...}``; ``x-ratelimit-*`` headers; a secondary rate limit is a 403
  with ``retry-after``. The primary limit once used up is HTTP 200 with ``{"errors": [...]}`` and no data
  (:func:`rate_limited`): type ``RATE_LIMITED`` (GitHub's documented enum; octokit/plugin-throttling.js
  test/retry.test.ts, renovatebot/renovate#21861) or ``RATE_LIMIT`` with code ``graphql_rate_limit``
  (yanyongyu/githubkit#271, octokit/plugin-throttling.js#848), ``x-ratelimit-remaining`` not always 0
  (octokit/plugin-throttling.js#632). A query that takes too long is HTTP 200 with ``"data": null`` and one
  untyped error, "Something went wrong while executing your query. This may be the result of a timeout,
  ..." (:data:`TIMEOUT_MESSAGE`; octokit/plugin-throttling.js src/wrap-request.ts treats it as a 500): here
  any query that names a repository of ``ApiServer.slow``.
- arXiv's export API (info.arxiv.org/help/api/user-manual): ``GET /api/query?id_list=...&max_results=N``,
  an Atom feed with one ``<entry>`` per known paper (``<id>http://arxiv.org/abs/IDvN</id>``, ``<title>``,
  ``<published>``, ``<updated>``, ``<summary>``, ``<arxiv:comment>``, the pdf ``<link>``),
  ``opensearch:totalResults``; an identifier it does not know is simply not in the feed, nor one with its
  subject class (``math.DG/0211159``: only ``math/0211159`` is returned). The identifiers are read in
  order, and the first one arXiv cannot read is answered HTTP 400 with an error feed whose one entry names
  it (:func:`error_feed`; arXiv/arxiv-search search/controllers/classic_api and search/serialize/atom.py,
  arXiv/arxiv-search#257, northword/zotero-format-metadata#297, lukasschwab/arxiv.py#74). Its pages:
  ``/abs/ID`` and ``/pdf/IDvN``, the PDF of a withdrawn version a 404 page (arXiv/arxiv-browse
  browse/controllers/files ``withdrawn``), as arXiv's help says a withdrawal is a new version whose comment
  is the reason and which has no full text (arXiv/arxiv-docs source/help/withdraw.md).

Nothing here talks to anything but its own socket."""

from __future__ import annotations

import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit
from xml.sax.saxutils import escape

_ALIAS = re.compile(r"(r\d+): repository\(owner: \$(o\d+), name: \$(n\d+)\)")
#: GitHub's fixed text for a query that timed out (the request id at its end is made up)
TIMEOUT_MESSAGE = (
    "Something went wrong while executing your query. This may be the result of a timeout, or it could be "
    "a GitHub bug. Please include `0A1B:2C3D:4E5F6:7A8B9C:6789ABCD` when reporting this issue."
)
#: archives of old-style identifiers (arXiv's list; an identifier of another archive cannot be read)
_ARCHIVES = (
    "acc-phys|adap-org|alg-geom|ao-sci|astro-ph|atom-ph|bayes-an|chao-dyn|chem-ph|cmp-lg|comp-gas|cond-mat"
    "|cs|dg-ga|funct-an|gr-qc|hep-ex|hep-lat|hep-ph|hep-th|math|math-ph|mtrl-th|nlin|nucl-ex|nucl-th"
    "|patt-sol|physics|plasm-ph|q-alg|q-bio|quant-ph|solv-int|supr-con"
)
_OLD_ID = re.compile(rf"(?:{_ARCHIVES})(?:\.[A-Z]{{2}})?/\d{{2}}(?:0[1-9]|1[0-2])\d{{3}}(?:v\d+)?")
_NEW_ID = re.compile(r"(\d{2})(0[1-9]|1[0-2])\.(\d{4,5})(?:v\d+)?")


def readable_id(aid: str) -> bool:
    """Whether arXiv's API can read an identifier: an archive it knows, a month that exists, four digits
    until 1412 and five from 1501 (an identifier arXiv cannot read gets HTTP 400)."""
    if _OLD_ID.fullmatch(aid):
        return True
    m = _NEW_ID.fullmatch(aid)
    yymm = m.group(1) + m.group(2) if m else ""
    return m is not None and yymm >= "0704" and (len(m.group(3)) == 4) == (yymm < "1501")


def rate_limited(kind: str = "RATE_LIMIT") -> bytes:
    """The body of GitHub's answer (HTTP 200) to a query once the primary limit is used up."""
    error: dict[str, Any] = {"type": kind, "message": "API rate limit already exceeded for user ID 4242."}
    if kind == "RATE_LIMIT":
        error["code"] = "graphql_rate_limit"
    return json.dumps({"errors": [error]}).encode()


def error_feed(bad: str, query: str) -> bytes:
    """arXiv's answer (HTTP 400) to an ``id_list`` with an identifier it cannot read: a feed of one error
    entry that names it."""
    error = f"http://arxiv.org/api/errors#incorrect_id_format_for_{bad}"
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">'
        f'<link href="http://arxiv.org/api/query?{escape(query)}" rel="self" type="application/atom+xml"/>'
        f'<title type="html">ArXiv Query: {escape(query)}</title>'
        "<id>http://arxiv.org/api/Zm9vYmFyYmF6</id><updated>2026-11-29T00:00:00-05:00</updated>"
        '<opensearch:totalResults xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">1</opensearch:totalResults>'
        '<opensearch:startIndex xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">0</opensearch:startIndex>'
        '<opensearch:itemsPerPage xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">1</opensearch:itemsPerPage>'
        f"<entry><id>{escape(error)}</id><title>Error</title><summary>incorrect id format for {escape(bad)}</summary>"
        f'<updated>2026-11-29T00:00:00-05:00</updated><link href="{escape(error)}" rel="alternate" type="text/html"/>'
        "<author><name>arXiv api core</name></author></entry></feed>"
    ).encode()


def repo(name_with_owner: str, **fields: Any) -> dict[str, Any]:
    """A repository node as GraphQL returns it."""
    node = {
        "nameWithOwner": name_with_owner,
        "url": f"https://github.com/{name_with_owner}",
        "isArchived": False,
        "archivedAt": None,
        "isDisabled": False,
        "isFork": False,
        "isPrivate": False,
        "isMirror": False,
        "stargazerCount": 42,
        "pushedAt": "2025-01-02T03:04:05Z",
    }
    node.update(fields)
    return node


def paper(title: str, published: str = "2024-01-09", versions: int = 1, comment: str = "", summary: str = "An abstract.", withdrawn: bool = False) -> dict[str, Any]:  # fmt: skip
    """A paper as arXiv keeps it; ``withdrawn``: its latest version is a withdrawal (the comment its
    reason), whose PDF arXiv does not serve."""
    return {
        "title": title,
        "published": published,
        "versions": versions,
        "comment": comment,
        "summary": summary,
        "withdrawn": withdrawn,
    }


class ApiServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.repos: dict[str, dict[str, Any]] = {}  # lower-cased owner/name -> node
        self.papers: dict[str, dict[str, Any]] = {}  # canonical id (math/0211159) -> paper()
        self.slow: set[str] = set()  # lower-cased owner/name whose query times out
        self.lock = threading.Lock()
        self.requests: list[tuple[str, str, dict[str, str], bytes]] = []
        self.times: list[float] = []  # when each arXiv request arrived
        self.active = 0
        self.max_active = 0
        #: the next answers to /graphql: (status, headers, body) served before the real ones
        self.github_script: list[tuple[int, dict[str, str], bytes]] = []
        self.arxiv_raw: bytes | None = None  # a body served instead of the feed
        self.arxiv_script: list[tuple[int, dict[str, str], bytes]] = []  # answers served before the feed
        self.remaining = 4999
        self.reset_in = 3600  # seconds from now that x-ratelimit-reset names

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def start(self) -> ApiServer:
        threading.Thread(target=self.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        return self

    def close(self) -> None:
        self.shutdown()
        self.server_close()

    def handle_error(self, request: object, client_address: object) -> None:
        pass

    def paths(self, prefix: str) -> list[tuple[str, str, dict[str, str], bytes]]:
        return [r for r in self.requests if r[1].startswith(prefix)]


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: ApiServer

    def log_message(self, format: str, *args: object) -> None:
        pass

    def _send(self, status: int, body: bytes, headers: dict[str, str]) -> None:
        self.send_response(status)
        for k, v in headers.items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _record(self, body: bytes) -> None:
        with self.server.lock:
            self.server.requests.append((self.command, self.path, dict(self.headers.items()), body))

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self._record(body)
        if urlsplit(self.path).path != "/graphql":
            self._send(404, b'{"message":"Not Found"}', {"Content-Type": "application/json"})
            return
        with self.server.lock:
            scripted = self.server.github_script.pop(0) if self.server.github_script else None
        if scripted is not None:
            status, headers, answer = scripted
            self._send(status, answer, headers)
            return
        request = json.loads(body)
        if self._names_a_slow_repository(request):
            self._send(200, json.dumps({"data": None, "errors": [{"message": TIMEOUT_MESSAGE}]}).encode(), self._limits())  # fmt: skip
            return
        self._send(200, json.dumps(self._graphql(request)).encode(), self._limits())

    def _names_a_slow_repository(self, request: dict[str, Any]) -> bool:
        variables = request.get("variables") or {}
        names = {f"{variables.get(o, '')}/{variables.get(n, '')}".lower() for _a, o, n in _ALIAS.findall(request.get("query", ""))}  # fmt: skip
        return bool(names & self.server.slow)

    def _limits(self) -> dict[str, str]:
        with self.server.lock:
            self.server.remaining -= 1
            remaining = self.server.remaining
        return {
            "Content-Type": "application/json; charset=utf-8",
            "x-ratelimit-limit": "5000",
            "x-ratelimit-remaining": str(remaining),
            "x-ratelimit-reset": str(int(time.time()) + self.server.reset_in),
            "x-ratelimit-used": str(5000 - remaining),
            "x-ratelimit-resource": "graphql",
        }

    def _graphql(self, request: dict[str, Any]) -> dict[str, Any]:
        variables = request.get("variables") or {}
        data: dict[str, Any] = {}
        errors = []
        for alias, o, n in _ALIAS.findall(request.get("query", "")):
            owner, name = variables.get(o, ""), variables.get(n, "")
            node = self.server.repos.get(f"{owner}/{name}".lower())
            data[alias] = node
            if node is None:
                errors.append(
                    {
                        "type": "NOT_FOUND",
                        "path": [alias],
                        "locations": [{"line": 1, "column": 1}],
                        "message": f"Could not resolve to a Repository with the name '{owner}/{name}'.",
                    }
                )
        answer: dict[str, Any] = {"data": data}
        if errors:
            answer["errors"] = errors
        return answer

    def do_HEAD(self) -> None:
        self._record(b"")
        self._page(head=True)

    def do_GET(self) -> None:
        self._record(b"")
        parts = urlsplit(self.path)
        if parts.path != "/api/query":
            self._page(head=False)
            return
        with self.server.lock:
            self.server.times.append(time.monotonic())
            self.server.active += 1
            self.server.max_active = max(self.server.max_active, self.server.active)
        try:
            time.sleep(0.02)
            with self.server.lock:
                scripted = self.server.arxiv_script.pop(0) if self.server.arxiv_script else None
            if scripted is not None:
                status, headers, answer = scripted
                self._send(status, answer, headers)
                return
            if self.server.arxiv_raw is not None:
                self._send(200, self.server.arxiv_raw, {"Content-Type": "application/atom+xml"})
                return
            ids = [i for i in parse_qs(parts.query).get("id_list", [""])[0].split(",") if i]
            bad = next((i for i in ids if not readable_id(i)), None)
            atom = {"Content-Type": "application/atom+xml; charset=utf-8"}
            if bad is not None:
                self._send(400, error_feed(bad, f"search_query=&id_list={','.join(ids)}"), atom)
                return
            self._send(200, self._feed(ids).encode(), atom)
        finally:
            with self.server.lock:
                self.server.active -= 1

    def _page(self, head: bool) -> None:
        """arXiv's pages: ``/abs/ID[vN]`` and ``/pdf/ID[vN]`` of the papers it keeps; the PDF of a withdrawn
        version is a 404 page cached for a year, as arXiv serves it. GitHub's: ``/owner/name`` of the
        repositories it keeps."""
        path = urlsplit(self.path).path
        if path.count("/") == 2 and (
            path[1:].lower() in self.server.repos or path[1:].lower() in self.server.slow
        ):
            self._send(200, b"" if head else b"<html>repository</html>", {"Content-Type": "text/html"})
            return
        m = re.fullmatch(r"/(abs|pdf)/(.+?)(?:v(\d+))?", path)
        p = self.server.papers.get(m.group(2)) if m else None
        version = int(m.group(3) or p["versions"]) if m and p else 0
        if m is None or p is None or not 1 <= version <= p["versions"]:
            self._send(404, b"" if head else b"<html>Article not found</html>", {"Content-Type": "text/html"})
            return
        if m.group(1) == "abs":
            self._send(200, b"" if head else b"<html>abstract</html>", {"Content-Type": "text/html"})
        elif p["withdrawn"] and version == p["versions"]:
            page = b"<html>This version has been withdrawn</html>"
            self._send(404, b"" if head else page, {"Content-Type": "text/html", "Cache-Control": "max-age=31536000"})  # fmt: skip
        else:
            self._send(200, b"" if head else b"%PDF-1.5\n", {"Content-Type": "application/pdf"})

    def _feed(self, ids: list[str]) -> str:
        entries = []
        for aid in ids:
            p = self.server.papers.get(aid)
            if p is None:
                continue
            entries.append(
                "<entry>"
                f"<id>http://arxiv.org/abs/{aid}v{p['versions']}</id>"
                f"<updated>{p['published']}T18:00:00Z</updated>"
                f"<published>{p['published']}T17:59:59Z</published>"
                f"<title>{escape(p['title'])}</title>"
                f"<summary>{escape(p['summary'])}</summary>"
                "<author><name>A. Author</name></author>"
                + (f"<arxiv:comment>{escape(p['comment'])}</arxiv:comment>" if p["comment"] else "")
                + f'<link href="http://arxiv.org/abs/{aid}v{p["versions"]}" rel="alternate" type="text/html"/>'
                f'<link title="pdf" href="http://arxiv.org/pdf/{aid}v{p["versions"]}" rel="related" type="application/pdf"/>'
                '<arxiv:primary_category term="cs.CL" scheme="http://arxiv.org/schemas/atom"/>'
                "</entry>"
            )
        return (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<feed xmlns="http://www.w3.org/2005/Atom" xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/" '
            'xmlns:arxiv="http://arxiv.org/schemas/atom">'
            f'<link href="http://arxiv.org/api/query?id_list={",".join(ids)}" rel="self" type="application/atom+xml"/>'
            f"<title>ArXiv Query: id_list={','.join(ids)}</title>"
            "<id>http://arxiv.org/api/abcdef</id><updated>2026-11-29T00:00:00-05:00</updated>"
            f"<opensearch:totalResults>{len(entries)}</opensearch:totalResults>"
            "<opensearch:startIndex>0</opensearch:startIndex>"
            f"<opensearch:itemsPerPage>{len(ids)}</opensearch:itemsPerPage>" + "".join(entries) + "</feed>"
        )
