"""A real threaded HTTP server on a loopback address that serves every network fault the link checker must
survive. Used by tests/test_links.py; it never sends traffic anywhere but its own socket."""

from __future__ import annotations

import math
import socket
import ssl
import struct
import threading
import time
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

BADGE = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="20" role="img" aria-label="{label}: {msg}">'
    "<title>{label}: {msg}</title><g><rect width="
    '"60" height="20" fill="#555"/></g><text>{label}</text><text>{msg}</text></svg>'
)


class RateLimit:
    """A host's rate limit as GitHub counts it: at most ``rate`` requests per wall-clock second (fixed
    windows); beyond that a 429 at once, with the hint of ``variant``:

    - ``seconds``: ``Retry-After: 1`` (the seconds to the window's end, rounded up)
    - ``date``: ``Retry-After`` as an HTTP date (RFC 9110), the window's end
    - ``reset``: only ``x-ratelimit-reset`` (a Unix time, GitHub's form) and ``x-ratelimit-remaining: 0``
    - ``ratelimit``: the IETF draft's ``RateLimit: "default";r=0;t=1`` and ``RateLimit-Policy``
    - ``none``: no hint at all
    """

    VARIANTS = ("seconds", "date", "reset", "ratelimit", "none")

    def __init__(self, rate: int, variant: str) -> None:
        assert variant in self.VARIANTS, variant
        self.rate, self.variant = rate, variant
        self.lock = threading.Lock()
        self.window = -1
        self.used = 0
        self.served = 0  # requests answered normally
        self.refused = 0  # requests answered 429

    def check(self) -> dict[str, str] | None:
        """None: the request may be served; else the headers of the 429 to answer."""
        now = time.time()
        second = int(now)
        with self.lock:
            if second != self.window:
                self.window, self.used = second, 0
            if self.used < self.rate:
                self.used += 1
                self.served += 1
                return None
            self.refused += 1
        reset = second + 1
        wait = str(max(1, math.ceil(reset - now)))
        if self.variant == "seconds":
            return {"Retry-After": wait}
        if self.variant == "date":
            return {"Retry-After": formatdate(reset, usegmt=True)}
        if self.variant == "reset":
            return {"x-ratelimit-remaining": "0", "x-ratelimit-reset": str(reset)}
        if self.variant == "ratelimit":
            return {
                "RateLimit": f'"default";r=0;t={wait}',
                "RateLimit-Policy": f'"default";q={self.rate};w=1',
            }
        return {}


class FaultServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128  # a burst of new connections is accepted, not dropped (a 1 s SYN retry)
    allow_reuse_address = True

    def __init__(
        self, host: str = "127.0.0.1", hang_seconds: float = 5.0, tls: ssl.SSLContext | None = None
    ) -> None:
        super().__init__((host, 0), Handler)
        self.tls = tls  # a server context: every connection speaks TLS (the handshake in its own thread)
        self.hang_seconds = hang_seconds
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.hits: dict[str, int] = {}
        self.requests: list[tuple[str, str, dict[str, str]]] = []
        self.clients: set[tuple[str, int]] = set()  # (address, port) of every connection seen
        self.huge_sent = 0
        self.active = 0  # requests to /slow/ being served now
        self.max_active = 0
        self.redirect_base: str | None = None  # where /to-other points
        self.limit: RateLimit | None = None  # a strict host: every request passes this limit first
        self._thread: threading.Thread | None = None

    @property
    def base(self) -> str:
        host, port = self.server_address[:2]
        return f"{'https' if self.tls else 'http'}://{host}:{port}"

    def finish_request(self, request: socket.socket, client_address: tuple[str, int]) -> None:  # type: ignore[override]
        if self.tls is not None:
            try:
                request = self.tls.wrap_socket(request, server_side=True)
            except (OSError, ssl.SSLError):
                return
        super().finish_request(request, client_address)

    @property
    def port(self) -> int:
        return int(self.server_address[1])

    def start(self) -> FaultServer:
        self._thread = threading.Thread(
            target=self.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def close(self) -> None:
        self.stop.set()
        self.shutdown()
        self.server_close()

    def handle_error(self, request: object, client_address: object) -> None:  # quiet: resets are on purpose
        pass

    def count(self, path: str) -> int:
        with self.lock:
            self.hits[path] = self.hits.get(path, 0) + 1
            return self.hits[path]

    def methods(self, path: str) -> list[str]:
        return [m for m, p, _h in self.requests if p == path]


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: FaultServer

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_HEAD(self) -> None:
        self._route("HEAD")

    def do_GET(self) -> None:
        self._route("GET")

    def _send(self, status: int, body: bytes = b"", headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD" and body:
            self.wfile.write(body)

    def _route(self, method: str) -> None:
        parts = urlsplit(self.path)
        path = parts.path
        query = parse_qs(parts.query)
        with self.server.lock:
            self.server.requests.append((method, path, dict(self.headers.items())))
            self.server.clients.add(self.client_address)
        n = self.server.count(f"{method} {path}")
        total = self.server.count(path)
        if self.server.limit is not None:
            refusal = self.server.limit.check()
            if refusal is not None:
                self._send(429, b"too many requests", refusal)
                return
        if path == "/ok" or path.startswith("/ok/") or path == "/headers":
            self._send(200, b"ok", {"Content-Type": "text/plain"})
        elif path == "/404" or path.startswith("/404/"):
            self._send(404, b"not found")
        elif path == "/410" or path.startswith("/410/"):
            self._send(410, b"gone")
        elif path in ("/301", "/308"):
            self._send(int(path[1:]), headers={"Location": "/ok"})
        elif path.startswith("/301/"):  # a page moved to its own new place: /301/x -> /ok/moved/x
            self._send(301, headers={"Location": "/ok/moved/" + path[5:]})
        elif path == "/302":
            self._send(302, headers={"Location": "/ok"})
        elif path == "/loop/a":
            self._send(302, headers={"Location": "/loop/b"})
        elif path == "/loop/b":
            self._send(302, headers={"Location": "/loop/a"})
        elif path == "/chain":  # ten redirects, each to a new place
            i = int(query.get("i", ["0"])[0])
            self._send(302, headers={"Location": f"/chain?i={i + 1}"})
        elif path.startswith("/429"):
            if total == 1:
                self._send(429, b"slow down", {"Retry-After": query.get("after", ["1"])[0]})
            else:
                self._send(200, b"ok")
        elif path.startswith("/always429"):
            self._send(429, b"slow down", {"Retry-After": query.get("after", ["1"])[0]})
        elif path.startswith("/503"):
            self._send(503 if total == 1 else 200, b"busy" if total == 1 else b"ok")
        elif path == "/head403":
            self._send(403 if method == "HEAD" else 200, b"ok")
        elif path == "/head405":
            self._send(405 if method == "HEAD" else 200, b"ok")
        elif path == "/evil-reason":  # a reason phrase that would clear the screen and set a title
            self.send_response(599, "\x1b[2J\x1b]0;pwned\x07")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif path == "/evil-location":  # a Location with an OSC 8 hyperlink and a bell
            self._send(302, headers={"Location": "/ok\x1b]8;;http://evil.example/\x07click\x1b]8;;\x07"})
        elif path == "/latin1-location":  # a Location with a raw Latin-1 byte (0xE9), not UTF-8
            self._send(301, headers={"Location": "/ok/caf\xe9"})
        elif path == "/port-location":  # a Location whose port cannot exist
            self._send(301, headers={"Location": f"http://127.0.0.1:99999{path}"})
        elif path == "/stall-body":  # a 200 whose small body stalls after the first bytes
            if method == "HEAD":
                self._send(405)
                return
            self.send_response(200)
            self.send_header("Content-Length", "100")
            self.end_headers()
            self.wfile.write(b"0123456789")
            self.wfile.flush()
            self.server.stop.wait(self.server.hang_seconds)
            self.close_connection = True
        elif path == "/bad-status":  # not an HTTP status line
            self.wfile.write(b"HTTP/1.1 2OO OKAY\r\nContent-Length: 0\r\n\r\n")
            self.close_connection = True
        elif path == "/huge-headers":  # more header lines than any client reads
            self.send_response(200)
            for i in range(200):
                self.send_header(f"X-Filler-{i}", "x" * 20)
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif path == "/500":
            self._send(500, b"server error")
        elif path == "/403":
            self._send(403, b"forbidden")
        elif path == "/hang" or path.startswith("/hang/"):
            self.server.stop.wait(self.server.hang_seconds)
            self.close_connection = True
        elif path == "/trickle":  # a status line, then one header byte at a time, forever
            try:
                self.wfile.write(b"HTTP/1.1 200 OK\r\n")
                self.wfile.flush()
                deadline = time.monotonic() + self.server.hang_seconds
                while time.monotonic() < deadline and not self.server.stop.is_set():
                    self.wfile.write(b"X")
                    self.wfile.flush()
                    time.sleep(0.05)
            except OSError:
                pass
            self.close_connection = True
        elif path == "/reset":
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.close()
            self.close_connection = True
        elif path == "/huge":
            if method == "HEAD":
                self._send(405)
                return
            self.send_response(200)
            self.send_header("Content-Type", "application/octet-stream")
            self.send_header("Content-Length", str(10 * 1024**3))
            self.end_headers()
            chunk = b"\0" * 65536
            deadline = time.monotonic() + self.server.hang_seconds
            try:
                while time.monotonic() < deadline and not self.server.stop.is_set():
                    self.wfile.write(chunk)
                    with self.server.lock:
                        self.server.huge_sent += len(chunk)
            except OSError:
                pass
            self.close_connection = True
        elif path.startswith("/slow/"):
            with self.server.lock:
                self.server.active += 1
                self.server.max_active = max(self.server.max_active, self.server.active)
            time.sleep(0.15)
            with self.server.lock:
                self.server.active -= 1
            self._send(200, b"ok")
        elif path == "/old-owner/old-repo":  # a renamed GitHub repository
            self._send(301, headers={"Location": "/new-owner/new-repo"})
        elif path == "/new-owner/new-repo":
            self._send(200, b"repo")
        elif path == "/cookie":  # a round trip that sets a cookie, then the page
            if "seen=1" in (self.headers.get("Cookie") or ""):
                self._send(200, b"ok")
            else:
                self._send(302, headers={"Location": "/cookie-set"})
        elif path == "/cookie-set":
            self._send(302, headers={"Location": "/cookie", "Set-Cookie": "seen=1; Path=/"})
        elif path == "/to-other":  # a redirect to another address given by the test
            target = query.get("to", [self.server.redirect_base or ""])[0]
            self._send(302, headers={"Location": target})
        elif path == "/moved-to":
            self._send(301, headers={"Location": query["to"][0]})
        elif path.startswith("/github/"):  # a shields.io-like badge: /github/stars/owner/repo?msg=...
            msg = query.get("msg", ["1.2k"])[0]
            self._send(200, BADGE.format(label="stars", msg=msg).encode(), {"Content-Type": "image/svg+xml"})
        else:
            self._send(404, b"no such page")
        del n
