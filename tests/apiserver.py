"""Loopback servers that speak the two APIs as their public documentation describes them:

- GitHub GraphQL (docs.github.com/graphql): ``POST /graphql`` with ``{"query", "variables"}``; every alias
  ``rN: repository(owner: $oN, name: $nN)`` answered with the fields asked, or ``null`` and an error
  ``{"type": "NOT_FOUND", "path": ["rN"], ...}``; ``x-ratelimit-*`` headers; a secondary rate limit is a 403
  with ``retry-after``.
- arXiv's export API (info.arxiv.org/help/api/user-manual): ``GET /api/query?id_list=...&max_results=N``,
  an Atom feed with one ``<entry>`` per known paper (``<id>http://arxiv.org/abs/IDvN</id>``, ``<title>``,
  ``<published>``, ``<updated>``, ``<summary>``, ``<arxiv:comment>``), ``opensearch:totalResults``; an
  identifier it does not know is simply not in the feed.

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


def paper(title: str, published: str = "2024-01-09", versions: int = 1, comment: str = "", summary: str = "An abstract.") -> dict[str, Any]:  # fmt: skip
    return {
        "title": title,
        "published": published,
        "versions": versions,
        "comment": comment,
        "summary": summary,
    }


class ApiServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.repos: dict[str, dict[str, Any]] = {}  # lower-cased owner/name -> node
        self.papers: dict[str, dict[str, Any]] = {}  # id -> paper()
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
        self._send(200, json.dumps(self._graphql(json.loads(body))).encode(), self._limits())

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

    def do_GET(self) -> None:
        self._record(b"")
        parts = urlsplit(self.path)
        if parts.path != "/api/query":
            self._send(404, b"no such page", {})
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
            self._send(200, self._feed(ids).encode(), {"Content-Type": "application/atom+xml; charset=utf-8"})
        finally:
            with self.server.lock:
                self.server.active -= 1

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
