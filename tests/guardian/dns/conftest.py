"""DNS filter fixtures: a fake upstream resolver on loopback, the filter on its own event loop
thread, a dict-backed category index and a client."""

from __future__ import annotations

import asyncio
import contextlib
import select
import socket
import struct
import threading
import time
from collections.abc import Callable, Coroutine, Iterator
from concurrent.futures import Future
from typing import Any, TypeVar

import dns.edns
import dns.exception
import dns.flags
import dns.message
import dns.query
import dns.rcode
import dns.rdatatype
import dns.rrset
import pytest

from guardian.dns.config import Blocked, FilterConfig, Listener, ProfileFilter
from guardian.dns.decide import CategoryIndex
from guardian.dns.process import new_event_loop
from guardian.dns.server import DnsFilter

T = TypeVar("T")

GOOGLE_SAFE_V4 = "216.239.38.120"
GOOGLE_SAFE_V6 = "2001:4860:4802:32::78"


class FakeUpstream:
    """A resolver on 127.0.0.1 answering from a table, over UDP and TCP on one port.

    `mode`: "answer", "servfail", "refused", "drop" (never answers) or "truncate" (UDP answers
    carry TC and no records; TCP answers in full). `spoof`: kinds of forged answers sent over
    UDP before the real one: "id" (wrong id), "question" (another name), "source" (right id
    and question, from another port). Forged answers say 6.6.6.6.
    """

    def __init__(self) -> None:
        self.records: dict[tuple[str, str], tuple[int, list[str]]] = {}
        self.mode = "answer"
        self.spoof: list[str] = []
        self.delay = 0.0
        self.queries: list[dns.message.Message] = []
        self.clients: list[tuple[str, int]] = []
        """The source address of every UDP query."""
        self.tcp_queries: list[dns.message.Message] = []
        self.udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.udp.bind(("127.0.0.1", 0))
        self.port = self.udp.getsockname()[1]
        self.tcp = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.tcp.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.tcp.bind(("127.0.0.1", self.port))
        self.tcp.listen(16)
        self.other = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.other.bind(("127.0.0.1", 0))
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        self.add("forcesafesearch.google.com", "A", GOOGLE_SAFE_V4)
        self.add("forcesafesearch.google.com", "AAAA", GOOGLE_SAFE_V6)

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    def add(self, name: str, rdtype: str, *values: str, ttl: int = 300) -> None:
        self.records[(name.lower(), rdtype)] = (ttl, list(values))

    def close(self) -> None:
        self._stop.set()
        self._thread.join(5)
        for sock in (self.udp, self.tcp, self.other):
            sock.close()

    def answer(self, query: dns.message.Message) -> dns.message.Message:
        response = dns.message.make_response(query)
        question = query.question[0]
        name = question.name.to_text(omit_final_dot=True).lower()
        rdtype = dns.rdatatype.to_text(question.rdtype)
        if self.mode == "servfail":
            response.set_rcode(dns.rcode.SERVFAIL)
        elif self.mode == "refused":
            response.set_rcode(dns.rcode.REFUSED)
        elif (name, rdtype) in self.records:
            ttl, values = self.records[(name, rdtype)]
            response.answer.append(dns.rrset.from_text(question.name, ttl, "IN", rdtype, *values))
        elif not any(n == name for n, _ in self.records):
            response.set_rcode(dns.rcode.NXDOMAIN)
            soa = "ns.example. admin.example. 1 3600 600 86400 60"
            response.authority.append(dns.rrset.from_text("example.", 120, "IN", "SOA", soa))
        return response

    def _run(self) -> None:
        while not self._stop.is_set():
            ready, _, _ = select.select([self.udp, self.tcp], [], [], 0.05)
            for sock in ready:
                with contextlib.suppress(OSError, dns.exception.DNSException):
                    if sock is self.udp:
                        self._serve_udp()
                    else:
                        self._serve_tcp()

    def _serve_udp(self) -> None:
        data, client = self.udp.recvfrom(65535)
        query = dns.message.from_wire(data)
        self.queries.append(query)
        self.clients.append(client)
        if self.mode == "drop":
            return
        time.sleep(self.delay)
        for kind in self.spoof:
            forged = dns.message.make_response(query)
            if kind == "question":
                forged = dns.message.make_response(dns.message.make_query("evil.example", "A"))
                forged.id = query.id
            if kind == "id":
                forged.id = (query.id + 1) % 65536
            name = forged.question[0].name
            forged.answer.append(dns.rrset.from_text(name, 300, "IN", "A", "6.6.6.6"))
            sender = self.other if kind == "source" else self.udp
            sender.sendto(forged.to_wire(), client)
        response = self.answer(query)
        if self.mode == "truncate":
            response.answer.clear()
            response.flags |= dns.flags.TC
        self.udp.sendto(response.to_wire(), client)

    def _serve_tcp(self) -> None:
        conn, _ = self.tcp.accept()
        with conn:
            conn.settimeout(2)
            (length,) = struct.unpack("!H", _recv_exactly(conn, 2))
            query = dns.message.from_wire(_recv_exactly(conn, length))
            self.tcp_queries.append(query)
            if self.mode == "drop":
                return
            wire_answer = self.answer(query).to_wire()
            conn.sendall(struct.pack("!H", len(wire_answer)) + wire_answer)


def _recv_exactly(conn: socket.socket, size: int) -> bytes:
    data = b""
    while len(data) < size:
        chunk = conn.recv(size - len(data))
        if not chunk:
            raise OSError("closed")
        data += chunk
    return data


class DictIndex:
    """A category index from a dict of source name to listed names (parents cover children)."""

    def __init__(self, sources: dict[str, list[str]]) -> None:
        self.sources = tuple(sources)
        self._names: dict[str, int] = {}
        for bit, names in enumerate(sources.values()):
            for name in names:
                self._names[name] = self._names.get(name, 0) | (1 << bit)

    def mask_of(self, source_names: tuple[str, ...]) -> int:
        return sum(1 << self.sources.index(n) for n in source_names if n in self.sources)

    def lookup(self, name: str) -> int:
        mask = 0
        while True:
            mask |= self._names.get(name, 0)
            dot = name.find(".")
            if dot < 0:
                return mask
            name = name[dot + 1 :]


class FakeTime:
    """A monotonic clock the test moves."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class FilterThread:
    """A DnsFilter on its own uvloop thread."""

    def __init__(self, **options: Any) -> None:
        self.blocked: list[Blocked] = []
        self.loop = new_event_loop()
        self._thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self._thread.start()
        options.setdefault("timeout", 0.4)
        self.filter: DnsFilter = self.run(self._make(options))

    async def _make(self, options: dict[str, Any]) -> DnsFilter:
        return DnsFilter(on_blocked=self.blocked.append, **options)

    def run(self, coroutine: Coroutine[Any, Any, T]) -> T:
        future: Future[T] = asyncio.run_coroutine_threadsafe(coroutine, self.loop)
        return future.result(10)

    def call(self, function: Callable[[], T]) -> T:
        async def call() -> T:
            return function()

        return self.run(call())

    def apply(self, config: FilterConfig) -> tuple[int, ...]:
        return self.run(self.filter.apply(config))

    def close(self) -> None:
        self.run(self.filter.close())
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(5)
        self.loop.close()


def config_for(
    upstreams: list[FakeUpstream] | list[str],
    *profiles: ProfileFilter,
    default: str | None = "kid",
    listeners: tuple[Listener, ...] = (Listener("127.0.0.1", 0),),
    index: str | None = None,
) -> FilterConfig:
    addresses = tuple(u if isinstance(u, str) else u.address for u in upstreams)
    return FilterConfig(
        listeners=listeners,
        upstreams=addresses,
        profiles=profiles,
        default_profile=default,
        index=index,
    )


def ask(
    port: int,
    name: str,
    rdtype: str = "A",
    *,
    tcp: bool = False,
    edns: int | bool = False,
    payload: int = 1232,
    options: list[dns.edns.Option] | None = None,
    timeout: float = 3.0,
) -> dns.message.Message:
    query = dns.message.make_query(
        name, rdtype, use_edns=edns, payload=payload, options=options or []
    )
    if tcp:
        return dns.query.tcp(query, "127.0.0.1", port=port, timeout=timeout)
    return dns.query.udp(query, "127.0.0.1", port=port, timeout=timeout, ignore_trailing=False)


def addresses(response: dns.message.Message) -> list[str]:
    return sorted(
        rr.to_text() for rrset in response.answer for rr in rrset if rrset.rdtype in (1, 28)
    )


@pytest.fixture
def upstream() -> Iterator[FakeUpstream]:
    server = FakeUpstream()
    server.add("allowed.example", "A", "192.0.2.10")
    server.add("allowed.example", "AAAA", "2001:db8::10")
    yield server
    server.close()


@pytest.fixture
def second_upstream() -> Iterator[FakeUpstream]:
    server = FakeUpstream()
    server.add("allowed.example", "A", "192.0.2.20")
    yield server
    server.close()


@pytest.fixture
def make_filter() -> Iterator[Callable[..., FilterThread]]:
    made: list[FilterThread] = []

    def make(**options: Any) -> FilterThread:
        running = FilterThread(**options)
        made.append(running)
        return running

    yield make
    for running in made:
        running.close()


def index_opener(index: CategoryIndex) -> Callable[[str], CategoryIndex]:
    def open_index(path: str) -> CategoryIndex:
        return index

    return open_index
