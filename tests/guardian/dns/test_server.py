"""The filter on loopback sockets against a fake upstream: verdicts, forwarding, safe search,
TCP, truncation, EDNS, spoofing, failover, the cache, config swaps and attribution."""

from __future__ import annotations

import socket
import struct
import threading
from collections.abc import Callable
from pathlib import Path

import dns.edns
import dns.exception
import dns.flags
import dns.message
import dns.rcode
import dns.rdatatype
import pytest

from guardian.dns.config import Listener, ProfileFilter
from guardian.dns.server import ConfigError
from tests.guardian.dns.conftest import (
    GOOGLE_SAFE_V4,
    GOOGLE_SAFE_V6,
    DictIndex,
    FakeTime,
    FakeUpstream,
    FilterThread,
    addresses,
    ask,
    config_for,
    index_opener,
)

MakeFilter = Callable[..., FilterThread]
KID = ProfileFilter("kid", block=("blocked.example",), allow=("good.blocked.example",))


def started(
    make_filter: MakeFilter, upstream: FakeUpstream, *profiles: ProfileFilter
) -> tuple[FilterThread, int]:
    running = make_filter()
    (port,) = running.apply(config_for([upstream], *(profiles or (KID,))))
    return running, port


def test_a_blocked_name_is_nxdomain_and_never_asked_upstream(
    make_filter: MakeFilter, upstream: FakeUpstream
) -> None:
    running, port = started(make_filter, upstream)
    response = ask(port, "blocked.example")
    assert response.rcode() == dns.rcode.NXDOMAIN
    assert response.flags & dns.flags.RA and response.flags & dns.flags.QR
    assert response.question[0].name.to_text() == "blocked.example."
    assert response.edns < 0  # no OPT record to a query without one
    assert upstream.queries == []
    assert [(b.profile, b.name, b.rule) for b in running.blocked] == [
        ("kid", "blocked.example", "block:blocked.example")
    ]


def test_a_blocked_name_carries_extended_dns_error_15_with_edns(
    make_filter: MakeFilter, upstream: FakeUpstream
) -> None:
    _, port = started(make_filter, upstream)
    response = ask(port, "blocked.example", edns=0)
    assert response.rcode() == dns.rcode.NXDOMAIN
    assert [e.code for e in response.extended_errors()] == [dns.edns.EDECode.BLOCKED]


def test_an_allowed_name_is_forwarded(make_filter: MakeFilter, upstream: FakeUpstream) -> None:
    _, port = started(make_filter, upstream)
    response = ask(port, "Allowed.Example")
    assert response.rcode() == dns.rcode.NOERROR
    assert addresses(response) == ["192.0.2.10"]
    # The client's letter case comes back (dnspython checks the question).
    assert response.question[0].name.to_text() == "Allowed.Example."
    assert len(upstream.queries) == 1


def test_subdomains_are_covered_on_label_boundaries(
    make_filter: MakeFilter, upstream: FakeUpstream
) -> None:
    upstream.add("notblocked.example", "A", "192.0.2.30")
    running, port = started(make_filter, upstream)
    assert ask(port, "a.b.blocked.example").rcode() == dns.rcode.NXDOMAIN
    assert running.blocked[-1].rule == "block:blocked.example"
    assert addresses(ask(port, "notblocked.example")) == ["192.0.2.30"]


def test_allow_beats_block(make_filter: MakeFilter, upstream: FakeUpstream) -> None:
    upstream.add("good.blocked.example", "A", "192.0.2.40")
    upstream.add("x.good.blocked.example", "A", "192.0.2.41")
    _, port = started(make_filter, upstream)
    assert addresses(ask(port, "good.blocked.example")) == ["192.0.2.40"]
    assert addresses(ask(port, "x.good.blocked.example")) == ["192.0.2.41"]
    assert ask(port, "bad.blocked.example").rcode() == dns.rcode.NXDOMAIN


def test_categories_from_the_index(
    make_filter: MakeFilter, upstream: FakeUpstream, tmp_path: Path
) -> None:
    index_file = tmp_path / "sites.index"
    index_file.write_bytes(b"index")
    index = DictIndex({"gambling": ["casino.example"], "child": ["kids.casino.example"]})
    upstream.add("kids.casino.example", "A", "192.0.2.50")
    running = make_filter(open_index=index_opener(index))
    kid = ProfileFilter("kid", block_categories=("gambling",), allow_categories=("child",))
    (port,) = running.apply(config_for([upstream], kid, index=str(index_file)))
    assert ask(port, "www.casino.example").rcode() == dns.rcode.NXDOMAIN
    assert running.blocked[-1].rule == "category:gambling"
    assert addresses(ask(port, "kids.casino.example")) == ["192.0.2.50"]


def test_an_index_that_does_not_open_keeps_the_previous_config(
    make_filter: MakeFilter, upstream: FakeUpstream, tmp_path: Path
) -> None:
    def broken(path: str) -> DictIndex:
        raise ValueError("not a Guardian site index")

    running = make_filter(open_index=broken)
    (port,) = running.apply(config_for([upstream], KID))
    index_file = tmp_path / "broken.index"
    index_file.write_bytes(b"junk")
    with pytest.raises(ConfigError) as raised:
        running.apply(config_for([upstream], ProfileFilter("kid"), index=str(index_file)))
    assert raised.value.what == "index" and "not a Guardian site index" in raised.value.detail
    assert ask(port, "blocked.example").rcode() == dns.rcode.NXDOMAIN


def test_safe_search_answers_google_with_the_cname_and_its_addresses(
    make_filter: MakeFilter, upstream: FakeUpstream
) -> None:
    running, port = started(make_filter, upstream)
    for rdtype, expected in (("A", GOOGLE_SAFE_V4), ("AAAA", GOOGLE_SAFE_V6)):
        response = ask(port, "www.google.com", rdtype)
        assert response.rcode() == dns.rcode.NOERROR
        cname, address = response.answer
        assert cname.name.to_text() == "www.google.com."
        assert cname.rdtype == dns.rdatatype.CNAME
        assert cname[0].target.to_text() == "forcesafesearch.google.com."
        assert address.name.to_text() == "forcesafesearch.google.com."
        assert [rr.to_text() for rr in address] == [expected]
        # The stub resolver gets the chain resolved: it accepts the answer for its question.
        assert response.resolve_chaining().answer is not None
    assert [q.question[0].name.to_text() for q in upstream.queries] == [
        "forcesafesearch.google.com.",
        "forcesafesearch.google.com.",
    ]
    counts = running.call(running.filter.take_counts)
    assert {(c.name, c.rule, c.allowed) for c in counts} == {
        ("www.google.com", "safe_search:google", 2)
    }


def test_safe_search_answers_yandex_with_its_fixed_address(
    make_filter: MakeFilter, upstream: FakeUpstream
) -> None:
    _, port = started(make_filter, upstream)
    response = ask(port, "yandex.ru", edns=0)
    assert addresses(response) == ["213.180.193.56"]
    empty = ask(port, "yandex.ru", "AAAA")
    assert empty.rcode() == dns.rcode.NOERROR and empty.answer == []
    assert upstream.queries == []


def test_safe_search_off_and_the_unfiltered_person_are_forwarded(
    make_filter: MakeFilter, upstream: FakeUpstream
) -> None:
    upstream.add("www.google.com", "A", "142.250.0.1")
    running = make_filter()
    listeners = (Listener("127.0.0.1", 0, "kid"), Listener("127.0.0.1", 0))
    kid = ProfileFilter("kid", safe_search=False)
    kid_port, shared_port = running.apply(
        config_for([upstream], kid, default=None, listeners=listeners)
    )
    assert addresses(ask(kid_port, "www.google.com")) == ["142.250.0.1"]
    assert addresses(ask(shared_port, "www.google.com")) == ["142.250.0.1"]


def test_the_doh_canary_is_nxdomain_for_everyone(
    make_filter: MakeFilter, upstream: FakeUpstream
) -> None:
    running = make_filter()
    (port,) = running.apply(config_for([upstream], default=None))
    response = ask(port, "use-application-dns.net")
    assert response.rcode() == dns.rcode.NXDOMAIN
    assert upstream.queries == []
    assert running.blocked == []  # nobody is told about the canary


def test_allowlist_only_and_schedules(make_filter: MakeFilter, upstream: FakeUpstream) -> None:
    kid = ProfileFilter(
        "kid",
        allow=("allowed.example",),
        scheduled_block=("games.example",),
        allowlist_only=True,
    )
    running, port = started(make_filter, upstream, kid)
    assert addresses(ask(port, "allowed.example")) == ["192.0.2.10"]
    assert ask(port, "games.example").rcode() == dns.rcode.NXDOMAIN
    assert running.blocked[-1].rule == "schedule:games.example"
    assert ask(port, "elsewhere.example").rcode() == dns.rcode.NXDOMAIN
    assert running.blocked[-1].rule == "allowlist"


def test_tcp_answers_several_queries_on_one_connection(
    make_filter: MakeFilter, upstream: FakeUpstream
) -> None:
    _, port = started(make_filter, upstream)
    assert ask(port, "blocked.example", tcp=True).rcode() == dns.rcode.NXDOMAIN
    with socket.create_connection(("127.0.0.1", port), timeout=3) as conn:
        for ident, name in ((1, "allowed.example"), (2, "blocked.example")):
            query = dns.message.make_query(name, "A")
            query.id = ident
            data = query.to_wire()
            conn.sendall(struct.pack("!H", len(data)) + data)
        replies = []
        for _ in range(2):
            (length,) = struct.unpack("!H", _recv(conn, 2))
            replies.append(dns.message.from_wire(_recv(conn, length)))
    assert [(r.id, r.rcode()) for r in replies] == [(1, 0), (2, dns.rcode.NXDOMAIN)]
    assert addresses(replies[0]) == ["192.0.2.10"]


def _recv(conn: socket.socket, size: int) -> bytes:
    data = b""
    while len(data) < size:
        chunk = conn.recv(size - len(data))
        assert chunk, "the filter closed the connection"
        data += chunk
    return data


def test_a_truncated_upstream_answer_is_asked_again_over_tcp(
    make_filter: MakeFilter, upstream: FakeUpstream
) -> None:
    many = [f"192.0.2.{n}" for n in range(1, 61)]
    upstream.add("big.example", "A", *many)
    upstream.mode = "truncate"
    _, port = started(make_filter, upstream)
    assert addresses(ask(port, "allowed.example")) == ["192.0.2.10"]
    assert [q.question[0].name.to_text() for q in upstream.tcp_queries] == ["allowed.example."]
    # Too big for this client's 512 bytes: TC, then the client's own TCP query gets it all.
    truncated = ask(port, "big.example")
    assert truncated.flags & dns.flags.TC and truncated.answer == []
    assert addresses(ask(port, "big.example", tcp=True)) == sorted(many)


def test_edns_passes_through_to_the_upstream(
    make_filter: MakeFilter, upstream: FakeUpstream
) -> None:
    _, port = started(make_filter, upstream)
    option = dns.edns.GenericOption(65001, b"guardian")
    response = ask(port, "allowed.example", edns=0, payload=1400, options=[option])
    assert addresses(response) == ["192.0.2.10"]
    (seen,) = upstream.queries
    assert seen.edns == 0 and seen.payload == 1400
    assert [(o.otype, o.to_wire()) for o in seen.options] == [(65001, b"guardian")]


@pytest.mark.parametrize("kind", ["id", "question", "source"])
def test_spoofed_answers_are_ignored(
    make_filter: MakeFilter, upstream: FakeUpstream, kind: str
) -> None:
    upstream.spoof = [kind]
    running, port = started(make_filter, upstream)
    assert addresses(ask(port, "allowed.example")) == ["192.0.2.10"]
    spoofed = running.call(lambda: running.filter.stats.spoofed)
    # Another port's datagrams never reach the connected socket; the rest are counted.
    assert spoofed == (0 if kind == "source" else 1)


def test_upstream_ids_and_source_ports_are_random(
    make_filter: MakeFilter, upstream: FakeUpstream
) -> None:
    _, port = started(make_filter, upstream)
    for n in range(8):
        upstream.add(f"n{n}.example", "A", "192.0.2.1")
        query = dns.message.make_query(f"n{n}.example", "A")
        query.id = 4242
        dns.query.udp(query, "127.0.0.1", port=port, timeout=3)
    assert len({q.id for q in upstream.queries}) > 1
    # Each query takes a random socket of the pool, each on its own kernel-picked port.
    assert len({client for client in upstream.clients}) > 1


def test_replaced_upstreams_and_close_shut_the_pools_sockets(
    make_filter: MakeFilter, upstream: FakeUpstream, second_upstream: FakeUpstream
) -> None:
    running, port = started(make_filter, upstream)
    assert addresses(ask(port, "allowed.example")) == ["192.0.2.10"]
    first = running.call(lambda: running.filter.state.forwarder)  # type: ignore[union-attr]
    assert running.call(first.open_sockets) == 1
    running.apply(config_for([second_upstream], KID))
    assert running.call(first.open_sockets) == 0
    assert addresses(ask(port, "allowed.example")) == ["192.0.2.20"]
    second = running.call(lambda: running.filter.state.forwarder)  # type: ignore[union-attr]
    assert second is not first and running.call(second.open_sockets) == 1
    running.run(running.filter.close())
    assert running.call(second.open_sockets) == 0


@pytest.mark.parametrize("failure", ["drop", "servfail", "refused"])
def test_failover_to_the_next_upstream_then_servfail(
    make_filter: MakeFilter,
    upstream: FakeUpstream,
    second_upstream: FakeUpstream,
    failure: str,
) -> None:
    upstream.mode = failure
    running = make_filter()
    (port,) = running.apply(config_for([upstream, second_upstream], KID))
    assert addresses(ask(port, "allowed.example")) == ["192.0.2.20"]
    second_upstream.mode = failure
    upstream.add("other.example", "A", "192.0.2.1")
    assert ask(port, "other.example").rcode() == dns.rcode.SERVFAIL


def test_a_cached_answer_counts_its_ttl_down_and_is_not_asked_again(
    make_filter: MakeFilter, upstream: FakeUpstream
) -> None:
    clock = FakeTime()
    upstream.add("cached.example", "A", "192.0.2.60", ttl=300)
    running = make_filter(clock=clock)
    (port,) = running.apply(config_for([upstream], KID))
    first = ask(port, "cached.example")
    assert first.answer[0].ttl == 300
    # The client is answered before the answer is cached: the clock moves once it is.
    running.call(lambda: None)
    clock.now += 100.5
    again = ask(port, "CACHED.example")
    assert again.answer[0].ttl == 200
    assert again.question[0].name.to_text() == "CACHED.example."
    assert addresses(again) == ["192.0.2.60"]
    assert len(upstream.queries) == 1
    clock.now += 200
    assert addresses(ask(port, "cached.example")) == ["192.0.2.60"]
    assert len(upstream.queries) == 2
    # A negative answer is kept by its SOA's minimum (60 s here).
    assert ask(port, "missing.example").rcode() == dns.rcode.NXDOMAIN
    assert ask(port, "missing.example").rcode() == dns.rcode.NXDOMAIN
    assert len(upstream.queries) == 3
    # With EDNS it is another cache entry (its OPT record differs).
    assert addresses(ask(port, "cached.example", edns=0)) == ["192.0.2.60"]
    assert len(upstream.queries) == 4


def test_config_swaps_under_load_give_the_old_or_the_new_verdict(
    make_filter: MakeFilter, upstream: FakeUpstream
) -> None:
    upstream.add("flip.example", "A", "192.0.2.70")
    blocking = ProfileFilter("kid", block=("flip.example",))
    allowing = ProfileFilter("kid")
    running = make_filter()
    (port,) = running.apply(config_for([upstream], blocking))
    outcomes: list[str] = []
    stop = threading.Event()

    def fire() -> None:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
            sock.settimeout(3)
            while not stop.is_set():
                query = dns.message.make_query("flip.example", "A")
                sock.sendto(query.to_wire(), ("127.0.0.1", port))
                reply = dns.message.from_wire(sock.recv(4096))
                assert reply.id == query.id
                if reply.rcode() == dns.rcode.NXDOMAIN:
                    outcomes.append("blocked")
                elif addresses(reply) == ["192.0.2.70"]:
                    outcomes.append("allowed")
                else:
                    outcomes.append(f"wrong: {reply}")

    threads = [threading.Thread(target=fire) for _ in range(2)]
    for thread in threads:
        thread.start()
    for n in range(40):
        assert running.apply(config_for([upstream], allowing if n % 2 else blocking)) == (port,)
    stop.set()
    for thread in threads:
        thread.join(10)
    assert outcomes and set(outcomes) <= {"blocked", "allowed"}, set(outcomes)


def test_queries_belong_to_their_listeners_profile(
    make_filter: MakeFilter, upstream: FakeUpstream
) -> None:
    running = make_filter()
    listeners = (Listener("127.0.0.1", 0), Listener("127.0.0.1", 0, "teen"))
    kid = ProfileFilter("kid", block=("allowed.example",))
    teen = ProfileFilter("teen")
    shared, teen_port = running.apply(config_for([upstream], kid, teen, listeners=listeners))
    assert shared != teen_port
    assert ask(shared, "allowed.example").rcode() == dns.rcode.NXDOMAIN
    assert addresses(ask(teen_port, "allowed.example")) == ["192.0.2.10"]
    assert addresses(ask(teen_port, "allowed.example")) == ["192.0.2.10"]
    counts = running.call(running.filter.take_counts)
    assert sorted((c.profile, c.name, c.rule, c.allowed, c.blocked) for c in counts) == [
        ("kid", "allowed.example", "block:allowed.example", 0, 1),
        ("teen", "allowed.example", "", 2, 0),
    ]
    assert running.call(running.filter.take_counts) == ()


def test_a_listener_keeps_its_port_across_configs_and_closes_when_dropped(
    make_filter: MakeFilter, upstream: FakeUpstream
) -> None:
    running = make_filter()
    (port,) = running.apply(config_for([upstream], KID))
    two = (Listener("127.0.0.1", 0), Listener("127.0.0.1", 0, "kid"))
    first, second = running.apply(config_for([upstream], KID, listeners=two))
    assert first == port and second != port
    assert running.apply(config_for([upstream], KID)) == (port,)
    with pytest.raises(dns.exception.Timeout):
        ask(second, "blocked.example", timeout=0.3)


@pytest.mark.parametrize(
    ("change", "what"),
    [
        ({"upstreams": ("resolver.example",)}, "not an IP address"),
        ({"upstreams": ()}, "no upstream"),
        ({"default": "nobody"}, "no profile 'nobody'"),
    ],
)
def test_a_bad_config_is_refused_and_the_previous_one_stays(
    make_filter: MakeFilter, upstream: FakeUpstream, change: dict[str, object], what: str
) -> None:
    running, port = started(make_filter, upstream)
    bad = config_for(
        list(change.get("upstreams", (upstream.address,))),  # type: ignore[call-overload]
        KID,
        default=change.get("default", "kid"),  # type: ignore[arg-type]
    )
    with pytest.raises(ConfigError, match=what):
        running.apply(bad)
    assert ask(port, "blocked.example").rcode() == dns.rcode.NXDOMAIN


def test_a_port_in_use_is_a_listen_failure(make_filter: MakeFilter, upstream: FakeUpstream) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as taken:
        taken.bind(("127.0.0.1", 0))
        port = taken.getsockname()[1]
        running = make_filter()
        with pytest.raises(ConfigError) as raised:
            running.apply(config_for([upstream], KID, listeners=(Listener("127.0.0.1", port),)))
    assert raised.value.what == "listen" and str(port) in raised.value.detail


def test_malformed_queries_get_formerr_or_nothing(
    make_filter: MakeFilter, upstream: FakeUpstream
) -> None:
    _, port = started(make_filter, upstream)
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.settimeout(3)
        two_questions = (
            struct.pack("!HHHHHH", 77, 0x0100, 2, 0, 0, 0) + b"\x01a\x00\x00\x01\x00\x01"
        )
        sock.sendto(two_questions, ("127.0.0.1", port))
        reply = dns.message.from_wire(sock.recv(4096))
        assert reply.id == 77 and reply.rcode() == dns.rcode.FORMERR
        pointer = struct.pack("!HHHHHH", 78, 0, 1, 0, 0, 0) + b"\xc0\x0c\x00\x01\x00\x01"
        sock.sendto(pointer, ("127.0.0.1", port))
        reply = dns.message.from_wire(sock.recv(4096))
        assert reply.id == 78 and reply.rcode() == dns.rcode.FORMERR
        sock.sendto(b"\x00\x01\x02", ("127.0.0.1", port))
        sock.settimeout(0.3)
        with pytest.raises(TimeoutError):
            sock.recv(4096)
