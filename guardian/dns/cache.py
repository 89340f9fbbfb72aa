"""Upstream answers kept for their TTL and served again with the asker's id and TTLs counted
down: a cached name costs one dict lookup and a few byte patches."""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable

from guardian.dns import wire

CacheKey = tuple[str, int, int, int]
"""(name, type, class, EDNS: 0 none, 1 EDNS, 2 EDNS with the DO bit)."""

MAX_NEGATIVE_TTL = 300
MAX_TTL = 86400
MAX_CACHED_SIZE = 16384


def key_of(query: wire.Query) -> CacheKey:
    """The cache key of a client's query."""
    return (query.name, query.qtype, query.qclass, (2 if query.do else 1) if query.edns else 0)


class CachedAnswer:
    """One upstream response as kept: its body is current until `fresh_until`."""

    __slots__ = ("age", "body", "expires", "fresh_until", "question", "stored", "template", "ttls")

    def __init__(
        self, template: bytes, question: bytes, stored: float, ttl: int, ttls: list[tuple[int, int]]
    ) -> None:
        self.template = template
        self.question = question
        self.stored = stored
        self.expires = stored + ttl
        self.ttls = ttls
        self.age = 0
        self.body = template[2:]
        """The message after its id, TTLs counted down by `age` seconds."""
        self.fresh_until = min(stored + 1, self.expires)
        """When `body`'s TTLs are a second too high (or the answer expires)."""


def cache_ttl(response: wire.Response) -> int:
    """How long a response may be kept: the smallest answer and authority TTL; a negative
    answer by its SOA's minimum (at most five minutes); 0 for one not to keep."""
    if response.flags & wire.TC or response.rcode not in (wire.NOERROR, wire.NXDOMAIN):
        return 0
    answers = [r for r in response.records if r.section == 1]
    if response.rcode == wire.NOERROR and answers:
        ttl = min(r.ttl for r in response.records if r.section in (1, 2))
        return min(ttl, MAX_TTL)
    for record in response.records:
        if record.section == 2 and record.rtype == wire.TYPE_SOA and len(record.rdata) >= 22:
            minimum = int.from_bytes(record.rdata[-4:], "big")
            return min(record.ttl, minimum, MAX_NEGATIVE_TTL)
    return 0


class AnswerCache:
    """A bounded LRU of upstream responses keyed by question and EDNS use."""

    def __init__(self, capacity: int = 10000, clock: Callable[[], float] = time.monotonic) -> None:
        self._entries: OrderedDict[CacheKey, CachedAnswer] = OrderedDict()
        self._capacity = capacity
        self._clock = clock

    def __len__(self) -> int:
        return len(self._entries)

    def clear(self) -> None:
        """Forget every answer (the upstreams changed)."""
        self._entries.clear()

    def put(self, key: CacheKey, response: bytes) -> None:
        """Keep `response` for as long as its records allow; ignore what cannot be kept."""
        if len(response) > MAX_CACHED_SIZE:
            return
        try:
            parsed = wire.Response(response)
        except ValueError:
            return
        if parsed.qdcount != 1:
            return
        ttl = cache_ttl(parsed)
        if ttl <= 0:
            return
        ttls = [(r.ttl_offset, r.ttl) for r in parsed.records if r.rtype != wire.TYPE_OPT]
        question_end = wire.skip_name(response, 12) + 4
        entry = CachedAnswer(response, response[12:question_end], self._clock(), ttl, ttls)
        entries = self._entries
        entries[key] = entry
        entries.move_to_end(key)
        if len(entries) > self._capacity:
            entries.popitem(last=False)

    def body(self, key: CacheKey) -> bytes | None:
        """The cached message after its id, TTLs counted down; None when absent or expired."""
        return self.get(key, b"", None)

    def get(self, key: CacheKey, ident: bytes, question: bytes | None) -> bytes | None:
        """The cached reply for a query with id `ident` (2 bytes) and question section
        `question` (its letter case is echoed), TTLs counted down; None when absent or
        expired."""
        entry = self.entry(key)
        if entry is None:
            return None
        body = entry.body
        if question is None or question == entry.question:
            return ident + body
        return ident + body[:10] + question + body[10 + len(question) :]

    def entry(self, key: CacheKey) -> CachedAnswer | None:
        """The answer kept for `key` with its TTLs counted down; None when absent or expired."""
        entry = self._entries.get(key)
        if entry is None:
            return None
        now = self._clock()
        if now >= entry.expires:
            del self._entries[key]
            return None
        if now >= entry.fresh_until:
            age = int(now - entry.stored)
            buffer = bytearray(entry.template)
            for offset, ttl in entry.ttls:
                wire.pack_ttl(buffer, offset, max(ttl - age, 0))
            entry.body = bytes(buffer[2:])
            entry.age = age
            entry.fresh_until = min(entry.stored + age + 1, entry.expires)
            # Use is marked once a second per answer: close enough for LRU, and cheaper.
            self._entries.move_to_end(key)
        return entry
