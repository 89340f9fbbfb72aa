"""The answer cache: TTLs, negative answers, what is not kept, LRU and the asker's id."""

from __future__ import annotations

import dns.flags
import dns.message
import dns.rcode
import dns.rrset

from guardian.dns import wire
from guardian.dns.cache import AnswerCache, key_of
from tests.guardian.dns.conftest import FakeTime


def response(name: str = "a.example", ttl: int = 120, rcode: int = 0, soa: int = 0) -> bytes:
    query = dns.message.make_query(name, "A")
    message = dns.message.make_response(query)
    message.set_rcode(rcode)
    if rcode == 0 and not soa:
        message.answer.append(dns.rrset.from_text(name + ".", ttl, "IN", "A", "192.0.2.1"))
        message.authority.append(dns.rrset.from_text("example.", ttl * 2, "IN", "NS", "ns.ex."))
    if soa:
        text = f"ns.example. admin.example. 1 3600 600 86400 {soa}"
        message.authority.append(dns.rrset.from_text("example.", 900, "IN", "SOA", text))
    data: bytes = message.to_wire()
    return data


def query_for(name: str = "a.example", ident: int = 77) -> wire.Query:
    message = dns.message.make_query(name, "A")
    message.id = ident
    return wire.parse_query(message.to_wire())


def test_an_answer_is_served_with_the_askers_id_and_counted_down_ttls() -> None:
    clock = FakeTime()
    cache = AnswerCache(clock=clock)
    query = query_for()
    cache.put(key_of(query), response())
    clock.now += 30.9
    reply = dns.message.from_wire(cache.get(key_of(query), query.data[:2], query.question) or b"")
    assert reply.id == 77
    assert reply.answer[0].ttl == 90 and reply.authority[0].ttl == 210
    clock.now += 90
    assert cache.get(key_of(query), query.data[:2], query.question) is None and len(cache) == 0


def test_the_askers_letter_case_is_echoed() -> None:
    cache = AnswerCache(clock=FakeTime())
    cache.put(key_of(query_for()), response())
    upper = query_for("A.EXAMPLE", 5)
    reply = dns.message.from_wire(cache.get(key_of(upper), upper.data[:2], upper.question) or b"")
    assert reply.question[0].name.to_text() == "A.EXAMPLE."


def test_negative_answers_are_kept_by_the_soa_minimum_up_to_five_minutes() -> None:
    clock = FakeTime()
    cache = AnswerCache(clock=clock)
    query = query_for()
    cache.put(key_of(query), response(rcode=dns.rcode.NXDOMAIN, soa=60))
    clock.now += 59
    assert cache.get(key_of(query), query.data[:2], query.question) is not None
    clock.now += 1
    assert cache.get(key_of(query), query.data[:2], query.question) is None
    cache.put(key_of(query), response(rcode=dns.rcode.NXDOMAIN, soa=86400))
    clock.now += 299
    assert cache.get(key_of(query), query.data[:2], query.question) is not None
    clock.now += 1
    assert cache.get(key_of(query), query.data[:2], query.question) is None


def test_failures_truncations_and_zero_ttls_are_not_kept() -> None:
    cache = AnswerCache(clock=FakeTime())
    key = key_of(query_for())
    cache.put(key, response(rcode=dns.rcode.SERVFAIL))
    cache.put(key, response(ttl=0))
    cache.put(key, response(rcode=dns.rcode.NXDOMAIN))  # no SOA: how long is unknown
    truncated = dns.message.from_wire(response())
    truncated.flags |= dns.flags.TC
    cache.put(key, truncated.to_wire())
    cache.put(key, b"\x00\x01garbage")
    assert len(cache) == 0


def test_the_least_recently_used_answer_goes_first() -> None:
    clock = FakeTime()
    cache = AnswerCache(capacity=2, clock=clock)
    queries = [query_for(f"n{n}.example") for n in range(3)]
    for query in queries[:2]:
        cache.put(key_of(query), response(query.name))
    clock.now += 1  # use is marked at most once a second per answer
    assert cache.get(key_of(queries[0]), b"\x00\x01", queries[0].question) is not None
    cache.put(key_of(queries[2]), response(queries[2].name))
    assert cache.get(key_of(queries[1]), b"\x00\x01", queries[1].question) is None
    assert cache.get(key_of(queries[0]), b"\x00\x01", queries[0].question) is not None
