"""The link checker against a real threaded HTTP server on 127.0.0.1 that serves every fault.

All traffic stays on 127.0.0.0/8: host names other than loopback ones are mapped by a resolver the test
passes in, and the guard is proven with 127.0.0.2, which is not allowed (a listening socket there shows
that nothing ever connects to it).
"""

from __future__ import annotations

import io
import json
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import pytest

from awesomelint.cli import main
from awesomelint.config import Config, LinksConfig, validate_config
from awesomelint.document.parse import parse_document
from awesomelint.engine import lint_bytes, lint_document, selected_rules
from awesomelint.net import cache as cache_mod
from awesomelint.net.classify import Outcome, badge_problem, badge_text, classify
from awesomelint.net.guard import AddressGuard, AddressRefused, refusal
from awesomelint.net.pace import parse_retry_after
from awesomelint.net.safety import GITHUB_ORIGINS, may_carry_token, token_from_env
from awesomelint.net.service import LinkService
from awesomelint.rules import registry
from awesomelint.rules.links import DeadLink

from .gitutil import Repo
from .netserver import FaultServer, RateLimit
from .timing import cpu_cost

pytestmark = pytest.mark.slow
TIMEOUT = 2.0


@pytest.fixture(scope="module")
def server() -> Iterator[FaultServer]:
    srv = FaultServer("127.0.0.1", hang_seconds=4.0).start()
    yield srv
    srv.close()


@pytest.fixture
def other() -> Iterator[FaultServer]:
    srv = FaultServer("127.0.0.1", hang_seconds=1.0).start()
    yield srv
    srv.close()


@pytest.fixture
def trap() -> Iterator[socket.socket]:
    """A listening socket on 127.0.0.2, an address the checker is not allowed to reach."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.2", 0))
    sock.listen(8)
    sock.setblocking(False)
    yield sock
    sock.close()


def nobody_connected(sock: socket.socket) -> bool:
    try:
        conn, _addr = sock.accept()
    except BlockingIOError:
        return True
    conn.close()
    return False


def mapping(
    table: dict[str, Sequence[str]], calls: list[str] | None = None
) -> Callable[[str, int], list[str]]:
    """A resolver for tests: names in the table resolve to loopback addresses; every other name does not
    exist. It never asks a DNS server."""

    def resolve(host: str, port: int) -> list[str]:
        if calls is not None:
            calls.append(host)
        if host in table:
            return list(table[host])
        try:
            socket.inet_pton(socket.AF_INET, host)
            return [host]
        except OSError:
            pass
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    return resolve


def make_service(**kw: object) -> LinkService:
    links = kw.pop("links", None) or LinksConfig(timeout=TIMEOUT)
    kw.setdefault("use_cache", False)
    kw.setdefault("allow_private", ["127.0.0.1"])
    kw.setdefault("probe_hosts", ("probe.test",))
    kw.setdefault("resolver", mapping({"probe.test": ["127.0.0.1"]}))
    kw.setdefault("backoff", 0.05)
    kw.setdefault("github_token", "")
    return LinkService(links.settings(), **kw)  # type: ignore[arg-type,attr-defined]


def verdicts(service: LinkService, urls: list[str], links: LinksConfig | None = None) -> dict[str, object]:
    outcomes = service.outcomes(urls)
    assert outcomes is not None
    cfg = links or LinksConfig()
    return {u: classify(outcomes[u.split("#")[0]], cfg.accepted, u) for u in urls}


def uniq() -> str:
    return uuid.uuid4().hex[:8]


# ---- every fault the issue lists, one run ------------------------------------------------------------


def test_every_fault_is_classified_in_bounded_time(server: FaultServer, trap: socket.socket) -> None:
    b = server.base
    trap_port = trap.getsockname()[1]
    tag = uniq()
    cases = {
        f"{b}/ok": ("ok", ""),
        f"{b}/404": ("gone", "dead link: 404 Not Found"),
        f"{b}/410": ("gone", "dead link: 410 Gone"),
        f"{b}/301": ("moved", f"link moved permanently (301): update it to {b}/ok"),
        f"{b}/308": ("moved", f"link moved permanently (308): update it to {b}/ok"),
        f"{b}/loop/a": ("unverified", f"redirect loop: {b}/loop/a → {b}/loop/b → {b}/loop/a"),
        f"{b}/429/{tag}?after=1": ("ok", ""),
        f"{b}/503/{tag}": ("ok", ""),
        f"{b}/head403": ("ok", ""),
        f"{b}/head405": ("ok", ""),
        f"{b}/hang": ("unverified", f"no answer within {TIMEOUT:g} s (timeout)"),
        f"{b}/reset": ("unverified", "the connection was reset after 4 attempts"),
        f"{b}/huge": ("ok", ""),
        f"{b}/to-other?to=http://127.0.0.2:{trap_port}/ok": (
            "unverified",
            f"not checked: redirected to http://127.0.0.2:{trap_port}/ok; 127.0.0.2 is a loopback address",
        ),
    }
    service = make_service()
    start = time.monotonic()
    got = verdicts(service, list(cases))
    elapsed = time.monotonic() - start
    service.close()
    for url, (category, text) in cases.items():
        v = got[url]
        assert v.category == category, (url, v)
        assert text in v.message, (url, v.message)
    # bounded: the hang costs the timeout, nothing waits longer (generous slack for a loaded machine)
    assert elapsed < TIMEOUT + 3.0
    # 429 and 503 were asked twice, then answered; HEAD was refused, then GET asked
    assert len(server.methods(f"/429/{tag}")) == 2
    assert len(server.methods(f"/503/{tag}")) == 2
    assert server.methods("/head403")[:2] == ["HEAD", "GET"]
    assert server.methods("/head405")[:2] == ["HEAD", "GET"]
    # the huge body was not downloaded: what the server managed to send fits in socket buffers
    assert server.huge_sent < 64 * 1024 * 1024
    assert nobody_connected(trap)


def test_a_response_that_trickles_in_is_cut_at_the_deadline(server: FaultServer) -> None:
    service = make_service(links=LinksConfig(timeout=1.0))
    start = time.monotonic()
    v = verdicts(service, [f"{server.base}/trickle"])[f"{server.base}/trickle"]
    assert time.monotonic() - start < 3.0
    assert v.category == "unverified" and "no answer within 1 s" in v.message


def test_too_many_redirects_and_redirects_that_cannot_be_followed(server: FaultServer) -> None:
    b = server.base
    service = make_service()
    got = verdicts(service, [f"{b}/chain?i=0", f"{b}/to-other?to=ftp://example.com/x"])
    assert got[f"{b}/chain?i=0"].category == "unverified"
    assert "more than 10 redirects" in got[f"{b}/chain?i=0"].message
    assert "bad redirect: to ftp://example.com/x" in got[f"{b}/to-other?to=ftp://example.com/x"].message


def test_a_redirect_back_after_a_cookie_is_not_a_loop(server: FaultServer) -> None:
    url = f"{server.base}/cookie"
    assert verdicts(make_service(), [url])[url].category == "ok"


def test_429_whose_retry_after_passes_the_cap_is_not_waited_for(server: FaultServer) -> None:
    # a wait in our own queue never counts against --timeout, but a rest longer than the cap is not taken
    url = f"{server.base}/always429/{uniq()}?after=120"
    service = make_service()
    start = time.monotonic()
    v = verdicts(service, [url])[url]
    assert time.monotonic() - start < 1.5
    assert v.category == "unverified"
    assert "429 Too Many Requests" in v.message and "asked to wait 120 s" in v.message


def test_429_and_5xx_retries_end_as_could_not_verify(server: FaultServer) -> None:
    url = f"{server.base}/always429/{uniq()}?after=0"
    service = make_service(links=LinksConfig(timeout=TIMEOUT, retries=2))
    v = verdicts(service, [url])[url]
    assert v.category == "unverified" and "after 3 attempts" in v.message
    assert len(server.methods(urlpath(url))) == 3


def col(line: str, url: str) -> int:
    """The 1-based column where a URL starts in a line."""
    return line.index(url) + 1


def urlpath(url: str) -> str:
    return "/" + url.split("/", 3)[3].split("?")[0]


def test_each_url_is_checked_once_and_the_per_host_cap_holds(server: FaultServer) -> None:
    tag = uniq()
    urls = [f"{server.base}/slow/{tag}-{i}" for i in range(8)]
    server.max_active = 0
    service = make_service(links=LinksConfig(timeout=TIMEOUT, per_host=2))
    outcomes = service.outcomes([*urls, *urls, urls[0] + "#a", urls[0] + "#b"])
    assert outcomes is not None and len(outcomes) == 8
    assert all(o.status == 200 for o in outcomes.values())
    for url in urls:
        assert server.methods(urlpath(url)) == ["HEAD"]
    assert server.max_active <= 2


def test_connections_are_reused(other: FaultServer) -> None:
    tag = uniq()
    urls = [f"{other.base}/ok/{tag}-{i}" for i in range(30)] + [
        f"{other.base}/404?{tag}-{i}" for i in range(10)
    ]
    outcomes = make_service(links=LinksConfig(timeout=TIMEOUT, per_host=3)).outcomes(urls)
    assert outcomes is not None and len(outcomes) == 40
    assert len(other.requests) == 50  # 30 HEAD, 10 HEAD + 10 GET
    assert len(other.clients) <= 6  # keep-alive: a handful of connections, not one per request


# ---- one strict host: a rate limit for the whole host ----------------------------------------------------


def strict_workload(base: str, tag: str) -> dict[str, tuple[str, str]]:
    """30 URLs on one host: 22 live, 2 gone (404), 1 gone (410), 2 moved, 3 that hang."""
    cases = {f"{base}/ok/{tag}-{i}": ("ok", "") for i in range(22)}
    cases.update({f"{base}/404/{tag}-{i}": ("gone", "dead link: 404 Not Found") for i in range(2)})
    cases[f"{base}/410/{tag}"] = ("gone", "dead link: 410 Gone")
    for i in range(2):
        cases[f"{base}/301/{tag}-{i}"] = ("moved", f"update it to {base}/ok/moved/{tag}-{i}")
    cases.update({f"{base}/hang/{tag}-{i}": ("unverified", "no answer within 1 s") for i in range(3)})
    return cases


@pytest.mark.parametrize("variant", RateLimit.VARIANTS)
def test_a_strict_host_is_paced_at_the_rate_it_tolerates(variant: str) -> None:
    """20 requests a second at most, 429 at once beyond: every verdict right, few 429s, and the run takes
    about as long as the host's limit needs, although it is longer than the 1 s timeout (time waited in
    our own queue never counts against it) and three URLs hang (they never hold the host back)."""
    srv = FaultServer("127.0.0.1", hang_seconds=3.0).start()
    srv.limit = RateLimit(20, variant)
    try:
        cases = strict_workload(srv.base, uniq())
        service = make_service(links=LinksConfig(timeout=1.0))
        start = time.monotonic()
        got = verdicts(service, list(cases))
        elapsed = time.monotonic() - start
        service.close()
    finally:
        srv.close()
    wrong = {
        u: got[u].message
        for u, (cat, text) in cases.items()
        if got[u].category != cat or text not in got[u].message
    }
    assert wrong == {}
    needed = 35  # 22 + 2 x 2 (HEAD, GET) + 2 + 2 x 2 (the redirect, its target) + 3
    # a retry after a 429 to a redirect's target asks the redirect again
    assert needed <= srv.limit.served <= needed + 3
    assert srv.limit.refused <= 12, srv.limit.refused  # the first burst, then (almost) none
    assert elapsed < 1.3 * needed / 20 + 1.0 + 0.5  # + the hang's timeout + slack for a loaded machine


def test_rate_limit_hints_are_read_from_every_header_form() -> None:
    from awesomelint.net.pace import read_hint

    now = 1_700_000_000.0
    assert read_hint({"Retry-After": "3"}, now).wait == 3.0
    assert read_hint({"Retry-After": "Tue, 14 Nov 2023 22:13:25 GMT"}, now).wait == pytest.approx(5.0)
    gh = read_hint({"x-ratelimit-remaining": "0", "x-ratelimit-reset": str(int(now) + 7)}, now)
    assert (gh.wait, gh.remaining) == (7.0, 0)
    ietf = read_hint({"RateLimit": '"default";r=0;t=2', "RateLimit-Policy": '"default";q=10;w=1'}, now)
    assert (ietf.wait, ietf.remaining, ietf.limit, ietf.window) == (2.0, 0, 10, 1.0)
    old = read_hint({"RateLimit-Limit": "10", "RateLimit-Remaining": "0", "RateLimit-Reset": "4"}, now)
    assert (old.wait, old.remaining, old.limit) == (4.0, 0, 10)
    assert read_hint({"Retry-After": "soon", "x-ratelimit-reset": "x" * 10_000}, now).wait is None
    assert read_hint({}, now).wait is None


# ---- the address guard --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("address", "kind"),
    [
        ("127.0.0.1", "a loopback address"),
        ("127.0.0.2", "a loopback address"),
        ("::1", "a loopback address"),
        ("10.1.2.3", "a private address"),
        ("192.168.0.1", "a private address"),
        ("172.16.5.4", "a private address"),
        ("169.254.169.254", "a link-local address"),
        ("fe80::1", "a link-local address"),
        ("224.0.0.1", "a multicast address"),
        ("ff02::1", "a multicast address"),
        ("0.0.0.0", "an unspecified address"),
        ("::ffff:127.0.0.1", "a loopback address"),
        ("100.64.0.1", "a reserved address"),
        ("93.184.216.34", None),
        ("2606:4700::6810:84e5", None),
        # IPv6 addresses that reach an IPv4 address: judged by the address they reach
        ("64:ff9b::7f00:1", "a loopback address (NAT64 for 127.0.0.1)"),
        ("64:ff9b::c0a8:1", "a private address (NAT64 for 192.168.0.1)"),
        ("64:ff9b::5db8:d822", None),  # NAT64 of a public address
        ("64:ff9b:1::a00:1", "a local-use NAT64 address"),
        ("64:ff9b:1:7f00:0:100::", "a local-use NAT64 address"),
        ("::7f00:1", "a loopback address (IPv4-compatible for 127.0.0.1)"),
        ("::a9fe:a9fe", "a link-local address (IPv4-compatible for 169.254.169.254)"),
        ("2002:7f00:1::1", "a loopback address (6to4 for 127.0.0.1)"),
        ("2002:a00:1::", "a private address (6to4 for 10.0.0.1)"),
        ("2002:5db8:d822::1", None),  # 6to4 of a public address
    ],
)
def test_guard_classifies_addresses(address: str, kind: str | None) -> None:
    import ipaddress

    assert refusal(ipaddress.ip_address(address)) == kind


def test_guard_refuses_unless_allowed_and_checks_every_answer() -> None:
    guard = AddressGuard([], mapping({"evil.test": ["127.0.0.2"], "mixed.test": ["10.0.0.1", "127.0.0.1"]}))
    with pytest.raises(AddressRefused, match=r"evil\.test resolves to 127\.0\.0\.2, a loopback address"):
        guard.resolve("evil.test", 80)
    with pytest.raises(AddressRefused):
        guard.resolve("mixed.test", 80)
    allowed = AddressGuard(["127.0.0.0/30"], mapping({"mixed.test": ["10.0.0.1", "127.0.0.1"]}))
    assert allowed.resolve("mixed.test", 80) == [(socket.AF_INET, ("127.0.0.1", 80))]
    with pytest.raises(ValueError, match="not an IP address or network"):
        AddressGuard(["localhost"])


def test_a_name_is_resolved_once_and_connections_go_to_the_checked_address(
    server: FaultServer, trap: socket.socket
) -> None:
    calls: list[str] = []
    answers = iter([["127.0.0.1"]] + [["127.0.0.2"]] * 20)  # a rebinding DNS: safe first, then not

    def rebinding(host: str, port: int) -> list[str]:
        calls.append(host)
        return next(answers) if host == "rebind.test" else mapping({"probe.test": ["127.0.0.1"]})(host, port)

    service = make_service(resolver=rebinding)
    urls = [f"http://rebind.test:{server.port}/ok/{uniq()}" for _ in range(6)]
    outcomes = service.outcomes(urls)
    assert outcomes is not None and all(o.status == 200 for o in outcomes.values())
    assert calls.count("rebind.test") == 1
    assert nobody_connected(trap)


def test_a_mixed_answer_connects_only_to_the_allowed_address(
    server: FaultServer, trap: socket.socket
) -> None:
    service = make_service(resolver=mapping({"mixed.test": ["127.0.0.2", "127.0.0.1"]}))
    url = f"http://mixed.test:{server.port}/ok"
    outcomes = service.outcomes([url])
    assert outcomes is not None and outcomes[url].status == 200
    assert nobody_connected(trap)


def test_a_link_straight_to_a_private_address_is_not_checked(trap: socket.socket) -> None:
    url = f"http://127.0.0.2:{trap.getsockname()[1]}/admin"
    v = verdicts(make_service(), [url])[url]
    assert v.category == "unverified"
    assert "not checked: 127.0.0.2 is a loopback address" in v.message
    assert nobody_connected(trap)


def test_embedded_and_zone_scoped_addresses_are_refused(trap: socket.socket) -> None:
    port = trap.getsockname()[1]
    names = {
        "nat64.test": ["64:ff9b::7f00:2"],
        "sixtofour.test": ["2002:7f00:2::1"],
        "probe.test": ["127.0.0.1"],
    }
    service = make_service(resolver=mapping(names))
    cases = {
        f"http://nat64.test:{port}/x": "nat64.test resolves to 64:ff9b::7f00:2, a loopback address (NAT64 for 127.0.0.2)",
        f"http://sixtofour.test:{port}/x": "sixtofour.test resolves to 2002:7f00:2::1, a loopback address (6to4 for 127.0.0.2)",
        f"http://[::7f00:2]:{port}/x": "::7f00:2 is a loopback address (IPv4-compatible for 127.0.0.2)",
        f"http://[fe80::1%25lo]:{port}/x": "fe80::1%lo is a zone-scoped link-local address",
    }
    got = verdicts(service, list(cases))
    for url, text in cases.items():
        assert got[url].category == "unverified" and f"not checked: {text}" in got[url].message, got[url]
    # allowing the IPv4 address allows what embeds it
    allowed = AddressGuard(["127.0.0.2"], mapping(names))
    assert allowed.resolve("nat64.test", 80) == [(socket.AF_INET6, ("64:ff9b::7f00:2", 80, 0, 0))]
    assert nobody_connected(trap)


def test_a_hanging_resolver_cannot_hold_a_check_past_its_deadline() -> None:
    def slow(host: str, port: int) -> list[str]:
        time.sleep(3)
        return ["127.0.0.1"]

    service = make_service(resolver=slow, links=LinksConfig(timeout=0.5), probe_hosts=())
    start = time.monotonic()
    outcomes = service.outcomes(["http://slow.test/a", "http://slow2.test/b"])
    assert time.monotonic() - start < 2.0
    # both lookups failed the same way on two hosts: the network looks absent, and that is said once
    assert outcomes is None and service.no_network is not None


# ---- DNS, moved repositories, GitHub tokens ------------------------------------------------------------


def test_a_host_that_does_not_exist_is_gone_when_lookups_work() -> None:
    service = make_service()
    url = "https://no-such-host.test/paper.pdf"
    v = verdicts(service, [url])[url]
    assert v.category == "gone" and v.message == "dead link: host 'no-such-host.test' does not exist"


def test_a_renamed_github_repository_shows_up_as_moved(server: FaultServer) -> None:
    service = make_service(resolver=mapping({"github.com": ["127.0.0.1"], "probe.test": ["127.0.0.1"]}))
    url = f"http://github.com:{server.port}/old-owner/old-repo"
    v = verdicts(service, [url])[url]
    assert v.category == "moved"
    assert v.message == (
        f"link moved permanently (301): update it to http://github.com:{server.port}/new-owner/new-repo"
    )


def test_github_token_goes_to_github_origins_only() -> None:
    from urllib3.util import parse_url

    for url in ("https://github.com/a/b", "https://api.github.com/repos/a/b", "https://GitHub.com:443/x"):
        assert may_carry_token(parse_url(url)), url
    for url in (
        "http://github.com/a/b",  # never in clear text
        "https://github.com:8443/a/b",
        "https://github.com.evil.example/a/b",
        "https://evil.example/github.com/a/b",
        "https://objects.githubusercontent.com/x",
        "https://gitlab.com/a/b",
        "https://user:pw@github.com/a/b",  # a URL with credentials of its own
        "https://evil.example\\@github.com/x",  # urllib3 connects to evil.example
    ):
        assert not may_carry_token(parse_url(url)), url
    assert ("https", "github.com", 443) in GITHUB_ORIGINS


def test_the_token_comes_from_gh_token_or_github_token() -> None:
    assert token_from_env({"GH_TOKEN": "a", "GITHUB_TOKEN": "b"}) == "b"  # as the rest of awesomelint
    assert token_from_env({"GH_TOKEN": "a", "GITHUB_TOKEN": " "}) == "a"
    assert token_from_env({}) is None


@pytest.fixture(scope="module")
def tls_pair(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[FaultServer, FaultServer, str]]:
    """Two loopback HTTPS servers, "GitHub" and "evil", with certificates of a throwaway CA."""
    import ssl

    import trustme

    ca = trustme.CA()
    cert = ca.issue_cert("github.test", "evil.test", "127.0.0.1")
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    cert.configure_cert(ctx)
    bundle = tmp_path_factory.mktemp("ca") / "ca.pem"
    ca.cert_pem.write_to_path(str(bundle))
    gh = FaultServer("127.0.0.1", hang_seconds=1.0, tls=ctx).start()
    evil = FaultServer("127.0.0.1", hang_seconds=1.0, tls=ctx).start()
    yield gh, evil, str(bundle)
    gh.close()
    evil.close()


def tls_service(gh: FaultServer, bundle: str) -> LinkService:
    names = {"github.test": ["127.0.0.1"], "evil.test": ["127.0.0.1"], "probe.test": ["127.0.0.1"]}
    return make_service(
        github_token="ghp_secret",
        token_origins=frozenset({("https", "github.test", gh.port)}),
        resolver=mapping(names),
        verify=bundle,
    )


def auth_seen(srv: FaultServer) -> list[str | None]:
    return [h.get("Authorization") for _m, _p, h in srv.requests]


def test_a_url_that_parsers_read_differently_never_carries_the_token(
    tls_pair: tuple[FaultServer, FaultServer, str],
) -> None:
    """``https://evil.test\\@github.test/x``: urlsplit reads github.test, urllib3 connects to evil.test. In
    every form a list can hold it, and as a redirect's Location, it is not fetched; and a request made
    anyway carries the token only by the connection it goes out on."""
    gh, evil, bundle = tls_pair
    G, E = gh.port, evil.port
    crafted = f"https://evil.test:{E}\\@github.test:{G}/x"
    text = (
        f"- [link]({crafted.replace(chr(92), chr(92) * 2)})\n"  # a Markdown link: the backslash escaped
        f"- <{crafted}>\n"  # an autolink
        f'- <a href="{crafted}">html</a>\n'
        f"- bare {crafted}\n"
        f"- [redirect](https://github.test:{G}/to-other?to={crafted.replace(chr(92), '%5C')})\n"
        f"- [fine](https://github.test:{G}/headers)\n"
    )
    service = tls_service(gh, bundle)
    evil.requests.clear()
    result = lint_bytes(text.encode(), "README.md", Config(), [DeadLink], online=True, links=service)
    messages = {f.line: f.message for f in result.findings}
    service.close()
    assert evil.requests == []  # nothing reached the other host, with or without the token
    for line in (1, 2, 3, 4):
        assert "not checked: parsers disagree about where this URL goes" in messages[line], messages
    assert "bad redirect: to https://evil.test" in messages[5] and "backslash" in messages[5]
    assert 6 not in messages
    assert auth_seen(gh)[-1] == "Bearer ghp_secret"  # the real GitHub origin did get it

    # the adapter itself, asked straight for the crafted URL: it goes to evil.test, without the token
    client = tls_service(gh, bundle).client()
    client.session.get(crafted, timeout=3).close()
    client.close()
    assert [p for _m, p, _h in evil.requests] == [f"/%5C@github.test:{G}/x"]
    assert auth_seen(evil) == [None]


def test_github_token_is_not_sent_after_a_redirect_to_another_host(
    tls_pair: tuple[FaultServer, FaultServer, str],
) -> None:
    gh, other, bundle = tls_pair
    service = tls_service(gh, bundle)
    tag = uniq()
    g, o = f"https://github.test:{gh.port}", f"https://evil.test:{other.port}"
    direct = f"{g}/headers"
    away = f"{g}/to-other?to={o}/ok/{tag}"
    back = f"{o}/to-other?to={g}/ok/{tag}-back"
    outcomes = service.outcomes([direct, away, back, f"{o}/headers"])
    service.close()
    assert outcomes is not None and all(o.status == 200 for o in outcomes.values())

    def auth(srv: FaultServer, path: str) -> list[str | None]:
        return [h.get("Authorization") for _m, p, h in srv.requests if p == path]

    assert auth(gh, "/headers")[-1] == "Bearer ghp_secret"
    assert auth(other, f"/ok/{tag}") == [None]  # the redirect away from GitHub carried no token
    assert auth(other, "/headers") == [None]
    assert auth(other, "/to-other") == [None]
    assert auth(gh, f"/ok/{tag}-back") == ["Bearer ghp_secret"]  # back on GitHub, it may
    assert all(
        h.get("User-Agent", "").startswith("awesomelint/")
        for srv in (gh, other)
        for _m, _p, h in srv.requests
    )


# ---- no network -------------------------------------------------------------------------------------


def closed_port(host: str) -> int:
    sock = socket.socket()
    sock.bind((host, 0))
    port = sock.getsockname()[1]
    sock.close()
    return port


def test_no_network_when_every_lookup_fails() -> None:
    service = make_service(resolver=mapping({}), probe_hosts=("probe.test",))
    urls = [f"https://host{i}.test/x" for i in range(30)]
    assert service.outcomes(urls) is None
    assert (
        service.notices == [service.notices[0]]
        and "no network: every DNS lookup failed (Name or service not known)" in service.notices[0]
    )
    assert service.outcomes(["https://again.test/"]) is None  # said once, not tried again
    assert len(service.notices) == 1


def test_no_network_when_every_connection_is_refused(tmp_path: Path) -> None:
    md = tmp_path / "README.md"
    urls = [f"http://127.0.0.{i}:{closed_port(f'127.0.0.{i}')}/p{j}" for i in (3, 4, 5) for j in range(2)]
    md.write_text("# L\n\n" + "\n".join(f"- [x]({u})" for u in urls) + "\n", encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    rc = main([str(md), "--allow-private-host", "127.0.0.0/8", "--no-cache", "--timeout", "2"], out, err)
    assert rc == 0
    assert "All checks passed" in out.getvalue()
    assert err.getvalue().count("no network: every connection was refused") == 1


def test_one_refusing_host_is_that_hosts_problem(server: FaultServer) -> None:
    url = f"http://127.0.0.1:{closed_port('127.0.0.1')}/x"
    v = verdicts(make_service(), [url, f"{server.base}/ok"])[url]
    assert v.category == "unverified" and "the connection was refused" in v.message


# ---- badges --------------------------------------------------------------------------------------------


def test_badge_text_and_problems() -> None:
    svg = '<svg aria-label="stars: repo not found"><title>stars: repo not found</title></svg>'
    assert badge_text(svg) == "stars: repo not found"
    assert badge_problem("stars: repo not found") == ("broken", "repo not found")
    assert badge_problem("stars: invalid") == ("broken", "invalid")
    assert badge_problem("license: inaccessible") == ("unknown", "inaccessible")
    assert badge_problem("stars: 1.2k") is None
    assert badge_problem("build: passing") is None
    assert badge_text(b"<svg>no title</svg>") is None


def test_live_badges_are_badge_url_findings(server: FaultServer) -> None:
    port = server.port
    shields = f"http://img.shields.io:{port}/github/stars"
    text = (
        "|Title|Code|\n|---|---|\n"
        f"|A|[a]({server.base}/ok) ![]({shields}/a/a.svg?msg=repo%20not%20found)|\n"
        f"|B|[b]({server.base}/404) ![]({shields}/b/b.svg?msg=inaccessible)|\n"
        f"|C|![]({shields}/c/c.svg?msg=2.1k)|\n"
    )
    service = make_service(resolver=mapping({"img.shields.io": ["127.0.0.1"], "probe.test": ["127.0.0.1"]}))
    before = len(server.requests)
    result = lint_bytes(
        text.encode(),
        "README.md",
        Config(),
        [registry().get("badge-url")],
        online=True,
        links=service,
    )
    got = [(f.line, f.column, f.severity, f.message) for f in result.findings]
    lines = text.splitlines()
    assert got == [
        (3, col(lines[2], f"{shields}/a/"), "error", "the badge image shows an error, 'repo not found': is a/a the right repository?"),
        (4, col(lines[3], f"{shields}/b/"), "warning", "the badge service could not read what the badge shows, 'inaccessible' (not proof of a broken badge)"),
    ]  # fmt: skip
    # badge-url alone fetches only the badges (with GET, to read them), never the other links
    paths = [(m, p) for m, p, _h in server.requests[before:]]
    assert sorted(paths) == sorted(("GET", f"/github/stars/{n}/{n}.svg") for n in "abc")


# ---- the rule, the engine, the CLI -----------------------------------------------------------------------


def test_dead_link_reports_every_place_of_a_failing_url(server: FaultServer, tmp_path: Path) -> None:
    b = server.base
    md = tmp_path / "README.md"
    text = (
        f"# List\n\nSee <{b}/404> and [home]({b}/ok).\n\n"
        "|Date|Title|Paper|Code|\n|---|---|---|---|\n"
        f"|2024.01|A|[[pdf]]({b}/404#page=2)|[[code]]({b}/301)|\n"
        f"|2024.02|B|[[pdf]]({b}/404)|[[code]](./relative.md) [x](#list)|\n"
    )
    md.write_text(text, encoding="utf-8")
    Repo(tmp_path).git("init", "-q")  # a repository's list: missing-file knows its files
    (tmp_path / "relative.md").write_text("# Relative\n")  # exists: dead-link leaves it to missing-file
    lines = text.splitlines()
    out, err = io.StringIO(), io.StringIO()
    args = [
        str(md),
        "--allow-private-host",
        "127.0.0.1",
        "--cache-dir",
        str(tmp_path / "cache"),
        "--format",
        "json",
    ]
    rc = main(args, out, err)
    data = json.loads(out.getvalue())
    got = [(f["line"], f["column"], f["rule"], f["severity"], f["message"]) for f in data["findings"]]
    assert got == [
        (3, col(lines[2], f"{b}/404"), "dead-link", "error", "dead link: 404 Not Found"),
        (7, col(lines[6], f"{b}/404"), "dead-link", "error", "dead link: 404 Not Found"),
        (
            7,
            col(lines[6], f"{b}/301"),
            "dead-link",
            "warning",
            f"link moved permanently (301): update it to {b}/ok",
        ),
        (8, col(lines[7], f"{b}/404"), "dead-link", "error", "dead link: 404 Not Found"),
    ]
    assert got[0][1] == 6 and got[1][1] == 20
    assert data["findings"][0]["end_column"] == 6 + len(b) + 4
    assert rc == 1
    assert err.getvalue() == "" or err.getvalue().count("\n") == 1
    assert err.getvalue().startswith("awesomelint: checked 3 links in ")
    assert err.getvalue().rstrip().endswith(": 1 dead, 1 moved, 0 could not be verified")


def test_offline_checks_nothing_over_the_network(server: FaultServer, tmp_path: Path) -> None:
    md = tmp_path / "README.md"
    md.write_text(f"# L\n\n[x]({server.base}/404/{uniq()})\n", encoding="utf-8")
    before = len(server.requests)
    out, err = io.StringIO(), io.StringIO()
    assert main([str(md), "--offline", "--allow-private-host", "127.0.0.1"], out, err) == 0
    assert len(server.requests) == before
    assert err.getvalue() == ""
    assert "dead-link" not in [r.name for r in selected_rules(Config(), online=False)]


def test_progress_goes_to_stderr_and_json_is_unchanged(server: FaultServer, tmp_path: Path) -> None:
    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    md = tmp_path / "README.md"
    md.write_text(f"# L\n\n[x]({server.base}/404)\n[y]({server.base}/ok)\n", encoding="utf-8")
    outputs = []
    for err in (io.StringIO(), Tty()):
        out = io.StringIO()
        rc = main([str(md), "--allow-private-host", "127.0.0.1", "--no-cache", "--format", "json"], out, err)
        assert rc == 1
        outputs.append((out.getvalue(), err.getvalue()))
    assert outputs[0][0] == outputs[1][0]
    assert json.loads(outputs[0][0])["summary"]["errors"] == 1
    assert outputs[0][1].count("\n") == 1  # not a terminal: one summary line
    assert outputs[1][1].rstrip().endswith("1 dead, 0 moved, 0 could not be verified")


def test_cache_answers_the_second_run(server: FaultServer, tmp_path: Path) -> None:
    tag = uniq()
    urls = [f"{server.base}/ok/{tag}", f"{server.base}/404?{tag}", f"{server.base}/always429/{tag}?after=0"]
    links = LinksConfig(timeout=TIMEOUT, cache_dir=str(tmp_path), retries=0)
    first = make_service(links=links, use_cache=None)
    one = first.outcomes(urls)
    first.close()
    hits = len(server.requests)
    second = make_service(links=links, use_cache=None)
    two = second.outcomes(urls)
    second.close()
    assert len(server.requests) == hits  # nothing asked again
    assert one is not None and two is not None
    assert {u: (o.status, o.error) for u, o in one.items()} == {
        u: (o.status, o.error) for u, o in two.items()
    }
    assert all(o.from_cache for o in two.values())
    assert (tmp_path / cache_mod.CACHE_FILE).is_file()
    # --no-cache asks again
    third = make_service(links=links, use_cache=False)
    third.outcomes(urls[:1])
    assert len(server.requests) == hits + 1


def test_cache_lifetimes() -> None:
    day = 86400.0
    assert cache_mod.ttl_for(Outcome(url="u", status=200), day) == day
    assert cache_mod.ttl_for(Outcome(url="u", status=404), day) == day
    assert cache_mod.ttl_for(Outcome(url="u", status=429), day) == 3600.0
    assert cache_mod.ttl_for(Outcome(url="u", status=503), day) == 3600.0
    assert cache_mod.ttl_for(Outcome(url="u", error="timeout"), day) == 3600.0
    assert cache_mod.ttl_for(Outcome(url="u", error="guard"), day) is None


def test_a_cache_that_cannot_be_used_is_a_notice(server: FaultServer, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    service = make_service(links=LinksConfig(timeout=TIMEOUT, cache_dir=str(blocker)), use_cache=None)
    outcomes = service.outcomes([f"{server.base}/ok"])
    assert outcomes is not None and outcomes[f"{server.base}/ok"].status == 200
    assert len(service.notices) == 1 and "cannot use the link cache" in service.notices[0]
    corrupt = tmp_path / "c"
    corrupt.mkdir()
    (corrupt / cache_mod.CACHE_FILE).write_bytes(b"this is not sqlite" * 100)
    service = make_service(links=LinksConfig(timeout=TIMEOUT, cache_dir=str(corrupt)), use_cache=None)
    assert service.outcomes([f"{server.base}/ok"]) is not None
    assert service.notices and "link cache" in service.notices[0]


def test_accept_exclude_and_severity(server: FaultServer) -> None:
    b = server.base
    tag = uniq()
    links = validate_config(
        {
            "links": {
                "timeout": TIMEOUT,
                "accept": {"127.0.0.1": [403], r"/404\?keep": [404]},
                "exclude": [r"/never/"],
                "severity": {"moved": "off", "gone": "warning"},
            }
        },
        "t.toml",
    )
    text = f"[a]({b}/403) [b]({b}/404?keep) [c]({b}/never/{tag}) [d]({b}/301) [e]({b}/410)\n"
    result = lint_bytes(
        text.encode(),
        "R.md",
        links,
        [DeadLink],
        online=True,
        links=make_service(links=links.links),
    )
    assert [(f.severity, f.message) for f in result.findings] == [("warning", "dead link: 410 Gone")]
    assert server.methods(f"/never/{tag}") == []


def test_only_changed_lines_are_checked(server: FaultServer) -> None:
    tag = uniq()
    text = f"[a]({server.base}/404?{tag}a)\n[b]({server.base}/404?{tag}b)\n"
    doc = parse_document(text, "R.md")
    import datetime as dt

    findings = lint_document(
        doc, Config(), [DeadLink], dt.date(2026, 1, 1), online=True, links=make_service(), changed_lines={2}
    )
    assert [(f.line, f.message) for f in findings] == [(2, "dead link: 404 Not Found")]
    assert len([p for _m, p, _h in server.requests if p == "/404"]) >= 1


def test_bad_network_flags_and_config_are_usage_errors(tmp_path: Path) -> None:
    md = tmp_path / "README.md"
    md.write_text("# L\n", encoding="utf-8")
    for args in (
        ["--allow-private-host", "localhost"],
        ["--timeout", "0"],
        ["--max-concurrency", "0"],
        ["--timeout", "soon"],
    ):
        err = io.StringIO()
        assert main([str(md), *args], io.StringIO(), err) == 2, args
        assert "awesomelint" in err.getvalue()
    for bad in (
        'exclude = ["("]',
        'allow-private = ["nope"]',
        'accept = { "x.org" = [42] }',
        'severity = { dead = "off" }',
    ):
        (tmp_path / ".awesomelint.toml").write_text(f"[links]\n{bad}\n", encoding="utf-8")
        err = io.StringIO()
        assert main([str(md)], io.StringIO(), err) == 2, bad
        assert "config error" in err.getvalue() and "links." in err.getvalue()


def test_retry_after_parsing() -> None:
    assert parse_retry_after("7") == 7.0
    assert parse_retry_after(None) is None
    assert parse_retry_after("soon") is None
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412480.0 - 10) == pytest.approx(10.0)


def test_the_offline_path_imports_no_network_library(tmp_path: Path) -> None:
    md = tmp_path / "README.md"
    md.write_text("|Date|Title|\n|---|---|\n|2024.01|[a](https://example.com)|\n", encoding="utf-8")
    code = (
        "import sys\n"
        "from awesomelint.cli import main\n"
        f"rc = main(['--offline', {str(md)!r}])\n"
        "loaded = sorted(m for m in ('requests', 'urllib3', 'rich', 'ftfy') if m in sys.modules)\n"
        "print('LOADED', loaded, rc)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert "LOADED [] 0" in proc.stdout, proc.stdout + proc.stderr


def test_without_the_online_extra_the_checks_are_skipped_with_a_notice(tmp_path: Path) -> None:
    md = tmp_path / "README.md"
    md.write_text("# L\n\n[x](http://127.0.0.1:9/a) [y](http://127.0.0.1:9/b)\n", encoding="utf-8")
    code = (
        "import sys\n"
        "sys.modules['requests'] = None  # as if the online extra were not installed\n"
        "from awesomelint.cli import main\n"
        f"sys.exit(main([{str(md)!r}, '--no-cache']))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    assert "the link checks need requests: pip install 'awesomelint[online]'" in proc.stderr


def test_fix_rewrites_a_permanently_moved_link_in_place(other: FaultServer, tmp_path: Path) -> None:
    """--fix with the online checks: a 301/308 link becomes its new URL; a dead one is left alone."""
    b = other.base
    md = tmp_path / "README.md"
    text = (
        "# List\n\n|Date|Title|Paper|\n|---|---|---|\n"
        f"|2024.01|A|[[pdf]]({b}/301)|\n|2024.02|B|[[pdf]]({b}/308) and <{b}/404>|\n"
    )
    md.write_text(text, encoding="utf-8", newline="\r\n")
    args = [str(md), "--fix", "--allow-private-host", "127.0.0.1", "--no-cache", "--select", "dead-link"]
    out, err = io.StringIO(), io.StringIO()
    rc = main(args, out, err)
    fixed = md.read_bytes().decode("utf-8")
    assert fixed == text.replace("\n", "\r\n").replace(f"{b}/301", f"{b}/ok").replace(f"{b}/308", f"{b}/ok")
    assert rc == 1  # the 404 remains, an error
    assert "Fixed 2 findings in 1 file; 1 remain" in out.getvalue(), out.getvalue() + err.getvalue()
    assert other.methods("/301") == ["HEAD"] and other.methods("/308") == ["HEAD"]  # checked once


def test_fix_rewrites_a_moved_link_only_to_a_checked_safe_live_target(
    other: FaultServer, trap: socket.socket, tmp_path: Path
) -> None:
    """A 301 to an address the guard refuses, to file://, to a target that hangs or answers 500, or with
    a user:password: reported as moved, never written into the list."""
    b = other.base
    trap_port = trap.getsockname()[1]
    unsafe = [
        f"http://127.0.0.2:{trap_port}/new",
        f"http://0.0.0.0:{other.port}/new",
        "file:///etc/passwd",
        f"{b}/hang",
        f"{b}/500",
        f"http://user:secret@127.0.0.1:{other.port}/ok",
    ]
    from urllib.parse import quote

    lines = [f"- [{i}]({b}/moved-to?to={quote(t, safe='')})" for i, t in enumerate(unsafe)]
    lines.append(f"- [good]({b}/moved-to?to={quote(b + '/ok/good', safe='')})")
    text = "# List\n\n" + "\n".join(lines) + "\n"
    md = tmp_path / "README.md"
    md.write_text(text, encoding="utf-8")
    args = [str(md), "--fix", "--allow-private-host", "127.0.0.1", "--no-cache", "--select", "dead-link"]
    args += ["--timeout", "1", "--format", "json"]
    out, err = io.StringIO(), io.StringIO()
    rc = main(args, out, err)
    fixed = md.read_text(encoding="utf-8")
    good = lines[-1].split("(")[1].rstrip(")")
    assert fixed == text.replace(good, f"{b}/ok/good")
    assert rc == 0  # what remains are warnings
    remaining = json.loads(out.getvalue())["findings"]
    assert len(remaining) == len(unsafe) and all(not f.get("fixable") for f in remaining), remaining
    assert nobody_connected(trap)


@pytest.mark.parametrize("fmt", ["text", "github"])
def test_control_characters_from_servers_and_lists_never_reach_the_terminal(
    server: FaultServer, tmp_path: Path, fmt: str
) -> None:
    md = tmp_path / "list\x1b[31mred.md"  # a file name is the list's text too
    md.write_text(
        f"# L\n\n- [a]({server.base}/evil-reason)\n- [b]({server.base}/evil-location)\n", encoding="utf-8"
    )
    out, err = io.StringIO(), io.StringIO()
    args = [
        str(md),
        "--allow-private-host",
        "127.0.0.1",
        "--no-cache",
        "--select",
        "dead-link",
        "--format",
        fmt,
    ]
    main(args, out, err)
    shown = out.getvalue() + err.getvalue()
    assert not any(c in shown for c in "\x1b\x07\x9b"), repr(shown)
    assert "\\x1b[2J\\x1b]0;pwned\\x07" in shown  # what the server sent, shown as escapes
    assert "\\x1b]8;;http://evil.example/\\x07click" in shown
    assert "list\\x1b[31mred.md" in shown


def test_cache_rows_that_do_not_validate_are_absent(server: FaultServer, tmp_path: Path) -> None:
    import sqlite3

    tag = uniq()
    urls = [f"{server.base}/ok/{tag}-{i}" for i in range(6)]
    cache = cache_mod.OutcomeCache(tmp_path, 86400.0)
    cache.put_many({urls[0]: Outcome(url=urls[0], status=200)})
    cache.close()
    db = sqlite3.connect(tmp_path / cache_mod.CACHE_FILE)
    now = time.time()
    bad = [
        "null",
        "[1, 2]",
        json.dumps({"url": urls[2], "status": "404"}),
        "{not json",
        json.dumps({"status": 200}),
    ]
    for url, data in zip(urls[1:], bad, strict=True):
        db.execute(
            "INSERT INTO outcomes VALUES (?, ?, ?, ?, ?)",
            (url, cache_mod.SCHEMA_VERSION, now, now + 999, data),
        )
    db.commit()
    db.close()
    assert set(cache_mod.OutcomeCache(tmp_path, 86400.0).get_many(urls)) == {urls[0]}
    service = make_service(links=LinksConfig(timeout=TIMEOUT, cache_dir=str(tmp_path)), use_cache=None)
    outcomes = service.outcomes(urls)
    service.close()
    assert outcomes is not None and all(o.status == 200 for o in outcomes.values())
    assert service.cached == 1 and service.notices == []
    asked = sorted(p for _m, p, _h in server.requests if p.startswith(f"/ok/{tag}"))
    assert asked == [f"/ok/{tag}-{i}" for i in range(1, 6)]  # the invalid rows were asked again


def test_ctrl_c_keeps_every_answer_that_came_before_it(server: FaultServer, tmp_path: Path) -> None:
    import signal

    tag = uniq()
    live = [f"{server.base}/ok/{tag}-{i}" for i in range(5)]
    hangs = [f"{server.base}/hang/{tag}-{i}" for i in range(3)]
    md = tmp_path / "README.md"
    md.write_text("# L\n\n" + "\n".join(f"- [x]({u})" for u in [*hangs, *live]) + "\n", encoding="utf-8")
    cache_dir = tmp_path / "cache"
    cmd = [sys.executable, "-X", "faulthandler", "-m", "awesomelint", str(md), "--allow-private-host"]
    cmd += ["127.0.0.1", "--cache-dir", str(cache_dir), "--timeout", "30", "--select", "dead-link"]
    # a suite started in the background (`cmd &` in a script) inherits SIGINT ignored, and Python then
    # installs no KeyboardInterrupt handler: the child gets Ctrl-C's default, as from a terminal
    proc = subprocess.Popen(
        cmd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),  # before exec: no thread yet
    )
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            seen = {p for _m, p, _h in server.requests}
            if all(urlpath(u) in seen for u in live + hangs):
                break
            time.sleep(0.05)
        time.sleep(1.5)  # the answers reach the client (a loaded runner needs more than a moment)
        proc.send_signal(signal.SIGINT)
        try:
            _out, err = proc.communicate(timeout=15)
        except subprocess.TimeoutExpired:
            proc.send_signal(signal.SIGABRT)  # faulthandler prints every thread's stack: say where it hangs
            _out, err = proc.communicate(timeout=10)
            raise AssertionError(f"still running 15 s after Ctrl-C:\n{err}") from None
    finally:
        proc.kill()
    assert proc.returncode == 130, err
    assert "interrupted" in err and "Traceback" not in err
    kept = cache_mod.OutcomeCache(cache_dir, 86400.0).get_many([*live, *hangs])
    assert set(kept) == set(live) and all(o.status == 200 for o in kept.values())


def test_faults_that_were_misjudged(server: FaultServer) -> None:
    b = server.base
    cases = {
        # a Location with a Latin-1 byte: percent-encoded as a browser sends it, and followed
        f"{b}/latin1-location": ("moved", f"update it to {b}/ok/caf%E9"),
        # a Location whose port cannot exist: the redirect is bad, the link is not dead
        f"{b}/port-location": (
            "unverified",
            "bad redirect: Location 'http://127.0.0.1:99999/port-location' (Port out of range",
        ),
        # a 200 whose body stalls: the status is the answer, the body is not waited for
        f"{b}/stall-body": ("ok", "ok"),
        # not HTTP: named, and not retried
        f"{b}/bad-status": (
            "unverified",
            "the server's answer is not valid HTTP: a malformed status line 'HTTP/1.1 2OO OKAY",
        ),
        f"{b}/huge-headers": (
            "unverified",
            "the server's answer is not valid HTTP: got more than 100 headers",
        ),
        # a fullwidth host name is its NFKC form, as browsers and lychee read it
        f"http://ｌｏｃａｌｈｏｓｔ:{server.port}/ok/fullwidth": ("ok", "ok"),
    }
    names = {"localhost": ["127.0.0.1"], "probe.test": ["127.0.0.1"]}
    service = make_service(resolver=mapping(names))
    start = time.monotonic()
    got = verdicts(service, list(cases))
    assert time.monotonic() - start < TIMEOUT  # nothing waited for the stalled body
    for url, (category, text) in cases.items():
        assert (got[url].category, text in got[url].message) == (category, True), (url, got[url])
    assert server.methods("/bad-status") == ["HEAD"] and server.methods("/huge-headers") == ["HEAD"]


def test_tls_errors_say_what_a_user_can_act_on(
    server: FaultServer, tls_pair: tuple[FaultServer, FaultServer, str]
) -> None:
    gh, _evil, bundle = tls_pair
    names = {"github.test": ["127.0.0.1"], "other.test": ["127.0.0.1"], "probe.test": ["127.0.0.1"]}
    cases = {
        # the throwaway CA is not one the system trusts
        f"https://github.test:{gh.port}/ok": "TLS error: the certificate is not valid: unable to get local issuer certificate",
        f"https://127.0.0.1:{server.port}/ok": "TLS error: the server does not speak TLS on this port",
    }
    got = verdicts(make_service(resolver=mapping(names)), list(cases))
    trusted = f"https://other.test:{gh.port}/ok"
    got[trusted] = verdicts(make_service(resolver=mapping(names), verify=bundle), [trusted])[trusted]
    cases[trusted] = (
        "TLS error: the certificate is not valid: Hostname mismatch, certificate is not valid for 'other.test'"
    )
    for url, text in cases.items():
        assert got[url].category == "unverified" and text in got[url].message, got[url]
        assert "Pool" not in got[url].message and "Max retries" not in got[url].message


def test_hanging_requests_do_not_hold_the_host_back() -> None:
    """Two requests hang with a per-host cap of 2: after STALLED_AFTER they stop counting, and the live
    URLs behind them are answered long before the hangs' timeout."""
    from awesomelint.net.http.scheduler import STALLED_AFTER, Scheduler

    other = FaultServer("127.0.0.1", hang_seconds=6.0).start()
    tag = uniq()
    hangs = [f"{other.base}/hang/{tag}-{i}" for i in range(2)]
    live = [f"{other.base}/ok/{tag}-{i}" for i in range(6)]
    service = make_service(links=LinksConfig(timeout=4.0, per_host=2))
    start = time.monotonic()
    when: dict[str, float] = {}

    def seen(url: str, _out: Outcome) -> bool:
        when[url] = time.monotonic() - start
        return False

    try:
        outcomes = Scheduler(service.client()).run([*hangs, *live], on_result=seen)
    finally:
        service.close()
        other.close()
    assert all(outcomes[u].status == 200 for u in live)
    assert max(when[u] for u in live) < STALLED_AFTER + 1.0 < min(when[u] for u in hangs)


@pytest.mark.parametrize(
    "make",
    [
        lambda n: "https://" + "ａ" * n + "/x",  # normalise: a long fullwidth host
        lambda n: "https://" + "a@" * n,  # ambiguity: a long authority
        lambda n: "http://x/" + "\\" * n + "\x1b" * n,
    ],
)
def test_url_screening_is_linear(make: Callable[[int], str]) -> None:
    from awesomelint.net.pace import read_hint
    from awesomelint.net.safety import ambiguity, normalise

    def cost(n: int) -> float:
        text = make(n)
        headers = {"RateLimit": "r=1;" * n, "RateLimit-Policy": "q=1;w=" * n, "Retry-After": "9" * n}
        return cpu_cost(lambda: (ambiguity(normalise(text)), read_hint(headers, 0.0)))

    small, large = cost(20_000), cost(80_000)
    assert large < 12 * small + 0.01  # linear: about 4x (quadratic would be 16x)


def test_a_host_that_wants_a_longer_rest_than_we_wait_is_not_asked_again(server: FaultServer) -> None:
    tag = uniq()
    urls = [f"{server.base}/always429/{tag}-{i}?after=120" for i in range(10)]
    service = make_service(links=LinksConfig(timeout=TIMEOUT, per_host=2))
    start = time.monotonic()
    got = verdicts(service, urls)
    assert time.monotonic() - start < 2.0
    asked = [u for u in urls if server.methods(urlpath(u))]
    assert 3 <= len(asked) <= 5  # until three URLs showed that the host limits everyone
    for url in urls:
        if url in asked:
            assert "answers 429 Too Many Requests (rate limited, asked to wait 120 s)" in got[url].message
        else:  # never sent: never "no answer", never "429"
            assert got[url].message == (
                "could not verify the link: not checked: the host rate-limits the checks "
                "(127.0.0.1 asked to wait 120 s)"
            )


def test_an_attempt_that_starts_after_an_interrupt_is_cut_at_once(server: FaultServer) -> None:
    """Ctrl-C cuts the connections in flight; a worker that was between two steps of its attempt then
    arms a new one: it is cut too, not left hanging until its deadline (the process would wait for it at
    exit). The server hangs 4 s on /hang/; the attempt must end well before."""
    service = make_service(links=LinksConfig(timeout=20))
    try:
        client = service.client()
        client.abort()
        start = time.monotonic()
        out = client.attempt(f"{server.base}/hang/{uniq()}", time.monotonic() + 20)
        assert time.monotonic() - start < 2.0 and out.status is None
        client.watchdog.resume()  # a new run: connections live again
        out = client.attempt(f"{server.base}/ok/{uniq()}", time.monotonic() + 20)
        assert out.status == 200
    finally:
        service.close()


def test_the_progress_line_is_drawn_in_place_and_erased() -> None:
    from awesomelint.net.progress import TerminalProgress, render

    assert render(0, 4, 0.0) == "checking links ╺" + "─" * 29 + " 0/4 0:00:00"
    assert render(2, 4, 61.5) == "checking links " + "━" * 15 + "╺" + "─" * 14 + " 2/4 0:01:01"
    assert render(4, 4, 3661) == "checking links " + "━" * 30 + " 4/4 1:01:01"
    assert render(0, 0, 0.0).endswith(" 0/0 0:00:00")

    stream = io.StringIO()
    progress = TerminalProgress(stream)
    progress.start(3)
    for _ in range(3):
        progress.advance()
    progress.stop()
    text = stream.getvalue()
    assert text.startswith("\rchecking links ") and "\n" not in text
    assert " 3/3 " in text  # the last answer is always drawn
    width = len(render(3, 3, 0.0))
    assert text.endswith("\r" + " " * width + "\r")  # erased: what follows starts on a clean line
