"""Reading questions from the wire and writing the filter's own replies, checked against
dnspython, and a fuzz run of mutated and random packets."""

from __future__ import annotations

import random
import struct

import dns.edns
import dns.flags
import dns.message
import dns.opcode
import dns.rcode
import dns.rdatatype
import pytest

from guardian.dns import wire
from guardian.dns.cache import AnswerCache


def query_bytes(name: str = "www.Example.COM", rdtype: str = "AAAA", **options: object) -> bytes:
    message = dns.message.make_query(name, rdtype, **options)  # type: ignore[arg-type]
    message.id = 4321
    data: bytes = message.to_wire()
    return data


def test_the_question_is_read_lower_case_without_the_dot() -> None:
    query = wire.parse_query(query_bytes())
    assert (query.id, query.name, query.qtype, query.qclass) == (4321, "www.example.com", 28, 1)
    assert query.end == len(query.data)
    assert not query.edns and query.udp_size == 512
    assert query.question == query.data[12:]


def test_edns_and_the_do_bit_are_seen() -> None:
    query = wire.parse_query(query_bytes(use_edns=0, payload=1400, want_dnssec=True))
    assert query.edns and query.do and query.udp_size == 1400
    assert query.end < len(query.data)
    big = wire.parse_query(query_bytes(use_edns=0, payload=65000))
    assert big.udp_size == wire.MAX_UDP_SIZE and not big.do


def test_the_root_is_the_empty_name() -> None:
    assert wire.parse_query(query_bytes(".", "NS")).name == ""


def header(flags: int = 0x0100, qdcount: int = 1, arcount: int = 0) -> bytes:
    return struct.pack("!HHHHHH", 9, flags, qdcount, 0, 0, arcount)


@pytest.mark.parametrize(
    ("packet", "rcode", "reason"),
    [
        (header(qdcount=0), dns.rcode.FORMERR, "exactly one question"),
        (header(qdcount=2) + b"\x01a\x00\x00\x01\x00\x01" * 2, dns.rcode.FORMERR, "exactly one"),
        (header() + b"\xc0\x0c\x00\x01\x00\x01", dns.rcode.FORMERR, "compressed"),
        (header() + b"\x40" + b"a" * 64 + b"\x00\x00\x01\x00\x01", dns.rcode.FORMERR, "extended"),
        (header() + b"\x05abc", dns.rcode.FORMERR, "past the end"),
        (header() + b"\x01a\x00\x00\x01", dns.rcode.FORMERR, "question runs past"),
        (header() + (b"\x3f" + b"a" * 63) * 4 + b"\x00\x00\x01\x00\x01", dns.rcode.FORMERR, "255"),
        (header() + b"\x03a.b\x03com\x00\x00\x01\x00\x01", dns.rcode.FORMERR, "dot inside"),
        (header() + b"\x02\xc3\xa9\x00\x00\x01\x00\x01", dns.rcode.FORMERR, "not ASCII"),
        (header(0x2800) + b"\x01a\x00\x00\x01\x00\x01", dns.rcode.NOTIMP, "standard query"),
        (header(arcount=1) + b"\x01a\x00\x00\x01\x00\x01\x00\x00", dns.rcode.FORMERR, "past"),
    ],
)
def test_malformed_queries_are_answered_formerr(packet: bytes, rcode: int, reason: str) -> None:
    with pytest.raises(wire.Malformed, match=reason) as raised:
        wire.parse_query(packet)
    assert raised.value.reply is not None
    reply = dns.message.from_wire(raised.value.reply)
    assert reply.id == 9 and reply.rcode() == rcode and reply.flags & dns.flags.QR


@pytest.mark.parametrize("packet", [b"", b"\x00" * 11, header(0x8100) + b"\x00\x00\x01\x00\x01"])
def test_no_header_or_a_response_is_dropped(packet: bytes) -> None:
    with pytest.raises(wire.Malformed) as raised:
        wire.parse_query(packet)
    assert raised.value.reply is None


def test_the_blocked_reply() -> None:
    plain = wire.parse_query(query_bytes(rdtype="A"))
    reply = dns.message.from_wire(wire.blocked_reply(plain))
    assert reply.id == 4321 and reply.rcode() == dns.rcode.NXDOMAIN
    assert reply.flags & dns.flags.RA and reply.flags & dns.flags.RD
    assert reply.question[0].name.to_text() == "www.Example.COM."
    assert reply.edns == -1
    edns = wire.parse_query(query_bytes(rdtype="A", use_edns=0, want_dnssec=True))
    reply = dns.message.from_wire(wire.blocked_reply(edns))
    assert [e.code for e in reply.extended_errors()] == [dns.edns.EDECode.BLOCKED]
    assert reply.ednsflags & dns.flags.DO


@pytest.mark.parametrize("rcode", [wire.REFUSED, wire.SERVFAIL, wire.NOERROR])
def test_rcode_replies(rcode: int) -> None:
    query = wire.parse_query(query_bytes(use_edns=0))
    reply = dns.message.from_wire(wire.rcode_reply(query, rcode))
    assert reply.rcode() == rcode and reply.answer == [] and reply.edns == 0


def test_fixed_address_replies_with_and_without_a_cname() -> None:
    query = wire.parse_query(query_bytes("www.google.com", "A"))
    target = wire.encode_name("forcesafesearch.google.com")
    two = [bytes([216, 239, 38, 120]), bytes([216, 239, 38, 121])]
    reply = dns.message.from_wire(wire.address_reply(query, wire.TYPE_A, two, 60, target))
    cname, addresses = reply.answer
    assert cname[0].target.to_text() == "forcesafesearch.google.com."
    assert addresses.name.to_text() == "forcesafesearch.google.com."
    assert sorted(rr.to_text() for rr in addresses) == ["216.239.38.120", "216.239.38.121"]
    assert addresses.ttl == 60
    direct = wire.address_reply(query, wire.TYPE_A, [two[0]], 60)
    (only,) = dns.message.from_wire(direct).answer
    assert only.name.to_text() == "www.google.com." and only[0].to_text() == "216.239.38.120"


def test_a_response_is_read_record_by_record() -> None:
    query = dns.message.make_query("a.example", "A", use_edns=0)
    response = dns.message.make_response(query)
    response.answer.append(dns.rrset.from_text("a.example.", 70, "IN", "A", "192.0.2.1"))
    data = response.to_wire()
    parsed = wire.Response(data)
    assert [(r.section, r.rtype, r.ttl) for r in parsed.records] == [(1, 1, 70), (3, 41, 0)]
    record = parsed.records[0]
    assert struct.unpack_from("!I", data, record.ttl_offset) == (70,)
    assert record.rdata == bytes([192, 0, 2, 1])


def _mutations(rng: random.Random, seeds: list[bytes]) -> bytes:
    choice = rng.random()
    if choice < 0.1:
        return rng.randbytes(rng.randrange(0, 80))
    packet = bytearray(rng.choice(seeds))
    for _ in range(rng.randrange(1, 5)):
        action = rng.randrange(5)
        if action == 0 and packet:
            packet[rng.randrange(len(packet))] = rng.randrange(256)
        elif action == 1 and packet:
            del packet[rng.randrange(len(packet)) :]
        elif action == 2:
            packet.insert(rng.randrange(len(packet) + 1), rng.randrange(256))
        elif action == 3 and len(packet) > 12:
            # Counts and flags are where parsers go wrong most.
            packet[rng.randrange(2, 12)] = rng.choice([0, 1, 2, 0x80, 0xFF, rng.randrange(256)])
        elif action == 4 and len(packet) > 13:
            packet[rng.randrange(12, len(packet))] = rng.choice([0xC0, 0x3F, 0x40, 0x00, 0x2E])
    return bytes(packet)


@pytest.mark.slow
def test_fuzzed_packets_never_raise_and_every_reply_is_a_dns_message() -> None:
    rng = random.Random(20261130)
    seeds = [
        query_bytes("www.example.com", "A"),
        query_bytes("a.b.c.d.example.org", "AAAA", use_edns=0, payload=4096),
        query_bytes("x.example", "HTTPS", use_edns=0, want_dnssec=True),
        query_bytes(".", "NS"),
        query_bytes("yandex.ru", "A", use_edns=0, options=[dns.edns.GenericOption(65001, b"x")]),
    ]
    response = dns.message.make_response(dns.message.make_query("a.example", "A", use_edns=0))
    response.answer.append(dns.rrset.from_text("a.example.", 70, "IN", "A", "192.0.2.1"))
    seeds.append(response.to_wire())
    cache = AnswerCache()
    target = wire.encode_name("safe.example")
    parsed = replies = 0
    for _ in range(100_000):
        packet = _mutations(rng, seeds)
        cache.put(("a.example", 1, 1, 0), packet)
        try:
            query = wire.parse_query(packet)
        except wire.Malformed as error:
            if error.reply is not None:
                dns.message.from_wire(error.reply)
                replies += 1
            continue
        parsed += 1
        assert query.end <= len(packet) and len(query.name) <= 253
        for reply in (
            wire.blocked_reply(query),
            wire.rcode_reply(query, wire.SERVFAIL),
            wire.truncated_reply(query),
            wire.address_reply(query, wire.TYPE_A, [b"\x01\x02\x03\x04"], 60, target),
        ):
            message = dns.message.from_wire(reply)
            assert message.id == query.id
            replies += 1
    # The mutator must reach both sides of the parser.
    assert parsed > 10_000 and replies > 50_000
