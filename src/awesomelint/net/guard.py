"""The address guard: which IP addresses a link check may connect to.

A list's links come from strangers' pull requests, so a link must not make the checker talk to the
machine it runs on or to its private network. The guard resolves a host name itself and refuses every
loopback, private, link-local, multicast, unspecified or otherwise non-global address unless an address
or network is allowed explicitly. The connection code connects to exactly the addresses the guard
returned, so a second, different DNS answer (DNS rebinding) can never slip in between check and connect.
"""

from __future__ import annotations

import ipaddress
import socket
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from typing import Any

IPv6Address = ipaddress.IPv6Address
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
#: a resolver maps (host, port) to the IP addresses of the host, as strings; it raises socket.gaierror
Resolver = Callable[[str, int], Sequence[str]]


class AddressRefused(OSError):
    """Every address of a host is one the guard refuses to connect to."""

    def __init__(self, host: str, address: str, kind: str) -> None:
        super().__init__(f"{host} resolves to {address}, {kind}")
        self.host = host
        self.address = address
        self.kind = kind


def parse_networks(values: Iterable[str]) -> list[IPNetwork]:
    """Addresses or networks (``127.0.0.1``, ``10.0.0.0/8``, ``::1``); ValueError names a bad one."""
    out: list[IPNetwork] = []
    for value in values:
        text = value.strip()
        try:
            out.append(ipaddress.ip_network(text, strict=False))
        except ValueError:
            raise ValueError(f"not an IP address or network: {value!r}") from None
    return out


def system_resolver(host: str, port: int) -> list[str]:
    infos = socket.getaddrinfo(host, port, socket.AF_UNSPEC, socket.SOCK_STREAM)
    seen: list[str] = []
    for _family, _type, _proto, _canon, sockaddr in infos:
        ip = str(sockaddr[0])
        if ip not in seen:
            seen.append(ip)
    return seen


#: RFC 6052: the well-known NAT64 prefix, the IPv4 address in the last 32 bits
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")
_NAT64_LOCAL = ipaddress.IPv6Network("64:ff9b:1::/48")  # RFC 8215: local-use NAT64, any prefix length inside
_COMPATIBLE = ipaddress.IPv6Network("::/96")  # IPv4-compatible (deprecated by RFC 4291): ::127.0.0.1


def embedded_ipv4(ip: IPv6Address) -> tuple[ipaddress.IPv4Address, str] | None:
    """The IPv4 address an IPv6 address stands for (a translation or tunnel reaches it), and how."""
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped, "IPv4-mapped"
    low = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    if ip in _NAT64:
        return low, "NAT64"
    if ip in _COMPATIBLE and int(ip) > 1:
        return low, "IPv4-compatible"
    if ip.sixtofour is not None:
        return ip.sixtofour, "6to4"
    if ip.teredo is not None:
        return ip.teredo[1], "Teredo"
    return None


def refusal(ip: IPAddress) -> str | None:
    """Why an address is not a public one (None when it is). An IPv6 address that embeds an IPv4 address
    (NAT64, IPv4-mapped or -compatible, 6to4, Teredo) is judged by the address it reaches."""
    if isinstance(ip, ipaddress.IPv6Address):
        if ip in _NAT64_LOCAL:
            return "a local-use NAT64 address"
        inner = embedded_ipv4(ip)
        if inner is not None:
            why = refusal(inner[0])
            if why is None or inner[1] == "IPv4-mapped":
                return why
            return f"{why} ({inner[1]} for {inner[0]})"
    if ip.is_loopback:
        return "a loopback address"
    if ip.is_link_local:
        return "a link-local address"
    if ip.is_multicast:
        return "a multicast address"
    if ip.is_unspecified:
        return "an unspecified address"
    if ip.is_private:
        return "a private address"
    if not ip.is_global:
        return "a reserved address"
    return None


class _Lookup:
    def __init__(self) -> None:
        self.done = threading.Event()
        self.addresses: list[str] = []
        self.error: OSError | None = None


class LookupCache:
    """Each host name looked up once per run, in a daemon thread, and waited for at most ``timeout``: a
    resolver that hangs cannot hold a check past its deadline, nor the process at exit. One answer per
    name for the whole run also means a connection never goes to a second, different answer."""

    def __init__(self, resolver: Resolver | None = None) -> None:
        self.resolver: Resolver = resolver or system_resolver
        self._lock = threading.Lock()
        self._lookups: dict[str, _Lookup] = {}
        self.abort = threading.Event()  # set: nobody waits for a lookup any more

    def __call__(self, host: str, port: int, timeout: float | None = None) -> list[str]:
        key = host.lower()
        with self._lock:
            lookup = self._lookups.get(key)
            if lookup is None:
                lookup = self._lookups[key] = _Lookup()
                threading.Thread(
                    target=self._run, args=(lookup, host, port), name="awesomelint-dns", daemon=True
                ).start()
        deadline = None if timeout is None else time.monotonic() + timeout
        while not lookup.done.wait(
            0.1 if deadline is None else max(0.0, min(0.1, deadline - time.monotonic()))
        ):
            if self.abort.is_set():
                raise socket.gaierror(socket.EAI_AGAIN, "lookup abandoned")
            if deadline is not None and time.monotonic() >= deadline:
                raise socket.gaierror(socket.EAI_AGAIN, f"timed out after {timeout:g} s")
        if lookup.error is not None:
            raise lookup.error
        return list(lookup.addresses)

    def _run(self, lookup: _Lookup, host: str, port: int) -> None:
        try:
            lookup.addresses = list(self.resolver(host, port))
        except OSError as exc:
            lookup.error = exc
        except Exception as exc:  # a hostile name (too long, bad IDNA) is a failed lookup
            lookup.error = socket.gaierror(socket.EAI_NONAME, f"invalid host name: {exc}")
        finally:
            lookup.done.set()


class AddressGuard:
    def __init__(self, allow: Iterable[str] = (), resolver: Resolver | None = None) -> None:
        self.allow = parse_networks(allow)
        self.lookups = LookupCache(resolver)

    def allowed(self, ip: IPAddress) -> bool:
        candidates: list[IPAddress] = [ip]
        inner = embedded_ipv4(ip) if isinstance(ip, ipaddress.IPv6Address) else None
        if inner is not None:
            candidates.append(inner[0])
        for cand in candidates:
            if any(cand.version == net.version and cand in net for net in self.allow):
                return True
        return refusal(ip) is None

    def resolve(
        self, host: str, port: int, timeout: float | None = None
    ) -> list[tuple[socket.AddressFamily, tuple[str, int] | tuple[Any, ...]]]:
        """The socket addresses to connect to, in the resolver's order, each one checked.

        Raises socket.gaierror when the name does not resolve and :class:`AddressRefused` when every
        address is refused. Addresses that are refused are dropped from a mixed answer.
        """
        host = host.strip("[]")
        if "%" in host:  # a zone-scoped address (fe80::1%lo): one interface of this machine's own links
            host = host.replace("%25", "%")
            raise AddressRefused(host, host, "a zone-scoped link-local address")
        try:
            addresses = [str(ipaddress.ip_address(host))]  # an address as written is not looked up
        except ValueError:
            addresses = self.lookups(host, port, timeout)
        if not addresses:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        out: list[tuple[socket.AddressFamily, tuple[Any, ...]]] = []
        first_refused: tuple[str, str] | None = None
        for text in addresses:
            ip = ipaddress.ip_address(text.split("%", 1)[0])
            if not self.allowed(ip):
                if first_refused is None:
                    first_refused = (text, refusal(ip) or "a refused address")
                continue
            if ip.version == 4:
                out.append((socket.AF_INET, (text, port)))
            else:
                out.append((socket.AF_INET6, (text, port, 0, 0)))
        if not out:
            assert first_refused is not None
            raise AddressRefused(host, first_refused[0], first_refused[1])
        return out
