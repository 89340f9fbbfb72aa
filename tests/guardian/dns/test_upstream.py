"""The forwarder's socket pool against loopback upstreams: answers matched by id on a shared
socket, sockets replaced after their quota, late answers ignored, sockets closed."""

from __future__ import annotations

import asyncio
import socket
import threading
from collections.abc import Coroutine
from typing import Any, TypeVar

import dns.message
import dns.rrset
import pytest

from guardian.dns import upstream as upstream_module
from guardian.dns.upstream import Forwarder, Upstream, UpstreamStats
from tests.guardian.dns.conftest import FakeUpstream

T = TypeVar("T")


def run(coroutine: Coroutine[Any, Any, T]) -> T:
    return asyncio.run(coroutine)


def query_for(name: str) -> tuple[bytes, bytes]:
    """A query's wire form and its question section."""
    data = dns.message.make_query(name, "A").to_wire()
    return data, data[12:]


def answer_addresses(answer: bytes | None) -> list[str]:
    assert answer is not None
    message = dns.message.from_wire(answer)
    return sorted(rr.to_text() for rrset in message.answer for rr in rrset)


class HoldingUpstream:
    """A UDP resolver that holds the queries it gets until told to answer them, in any order,
    each with an address of its own."""

    def __init__(self) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.settimeout(5)
        self.port = self.sock.getsockname()[1]
        self.held: list[tuple[dns.message.Message, tuple[str, int]]] = []

    def hold(self, count: int) -> None:
        while len(self.held) < count:
            data, client = self.sock.recvfrom(4096)
            self.held.append((dns.message.from_wire(data), client))

    def answer(self, index: int, address: str) -> None:
        query, client = self.held[index]
        response = dns.message.make_response(query)
        response.answer.append(dns.rrset.from_text(query.question[0].name, 60, "IN", "A", address))
        self.sock.sendto(response.to_wire(), client)

    def close(self) -> None:
        self.sock.close()


def test_concurrent_answers_on_one_socket_are_matched_by_id() -> None:
    held = HoldingUpstream()
    stats = UpstreamStats()

    async def main() -> list[bytes | None]:
        forwarder = Forwarder((Upstream.parse(f"127.0.0.1:{held.port}"),), stats, 2.0, 1)
        asked = [
            asyncio.ensure_future(forwarder.resolve(*query_for(f"q{n}.example"))) for n in range(3)
        ]
        await asyncio.sleep(0)

        # The upstream answers the last query first, on a thread of its own.
        def serve() -> None:
            held.hold(3)
            for n in (2, 0, 1):
                held.answer(n, f"192.0.2.{n + 1}")

        thread = threading.Thread(target=serve)
        thread.start()
        answers = await asyncio.gather(*asked)
        thread.join(5)
        forwarder.abort()
        return answers

    try:
        answers = run(main())
        clients = {client for _, client in held.held}
        names = [q.question[0].name.to_text() for q, _ in held.held]
        ids = {q.id for q, _ in held.held}
    finally:
        held.close()
    assert len(clients) == 1  # one socket in the pool
    assert len(ids) == 3
    assert sorted(names) == ["q0.example.", "q1.example.", "q2.example."]
    assert [answer_addresses(a) for a in answers] == [["192.0.2.1"], ["192.0.2.2"], ["192.0.2.3"]]
    assert stats.spoofed == 0


def test_a_socket_is_replaced_after_its_quota(
    upstream: FakeUpstream, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(upstream_module, "SOCKET_QUERIES", 3)
    upstream.add("allowed.example", "A", "192.0.2.10")
    stats = UpstreamStats()

    async def main() -> list[int]:
        forwarder = Forwarder((Upstream.parse(upstream.address),), stats, 2.0, 1)
        open_sockets = []
        for _ in range(7):
            answer = await forwarder.resolve(*query_for("allowed.example"))
            assert answer_addresses(answer) == ["192.0.2.10"]
            open_sockets.append(forwarder.open_sockets())
        forwarder.close()
        open_sockets.append(forwarder.open_sockets())
        return open_sockets

    open_sockets = run(main())
    ports = [port for _, port in upstream.clients]
    assert len(set(ports[0:3])) == 1 and len(set(ports[3:6])) == 1
    assert len({ports[0], ports[3], ports[6]}) == 3
    # The used-up socket closed as soon as its last answer was in; nothing left after close.
    assert open_sockets == [1, 1, 0, 1, 1, 0, 1, 0]


def test_an_answer_after_the_timeout_is_ignored(upstream: FakeUpstream) -> None:
    upstream.delay = 0.5
    stats = UpstreamStats()

    async def main() -> tuple[bytes | None, bytes | None]:
        forwarder = Forwarder((Upstream.parse(upstream.address),), stats, 0.1, 1)
        late = await forwarder.resolve(*query_for("allowed.example"))
        # The upstream's late answer arrives while the next query waits on the same socket.
        upstream.delay = 0.0
        loop = asyncio.get_running_loop()
        deadline = loop.time() + 5
        while stats.late == 0 and loop.time() < deadline:
            await asyncio.sleep(0.05)
        fresh = await forwarder.resolve(*query_for("allowed.example"))
        forwarder.abort()
        return late, fresh

    late, fresh = run(main())
    assert late is None
    assert answer_addresses(fresh) == ["192.0.2.10"]
    assert (stats.timeouts, stats.late, stats.spoofed) == (1, 1, 0)
    assert len({port for _, port in upstream.clients}) == 1


def test_a_refused_port_moves_on_to_the_next_upstream(upstream: FakeUpstream) -> None:
    closed = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    closed.bind(("127.0.0.1", 0))
    dead = closed.getsockname()[1]
    closed.close()
    stats = UpstreamStats()

    async def main() -> bytes | None:
        upstreams = (Upstream.parse(f"127.0.0.1:{dead}"), Upstream.parse(upstream.address))
        forwarder = Forwarder(upstreams, stats, 2.0)
        answer = await forwarder.resolve(*query_for("allowed.example"))
        forwarder.abort()
        assert forwarder.open_sockets() == 0
        return answer

    assert answer_addresses(run(main())) == ["192.0.2.10"]
    assert stats.failures == 1 and stats.timeouts == 0
