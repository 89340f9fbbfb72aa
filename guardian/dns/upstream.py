"""Forwarding to the upstream resolvers, hardened against off-path spoofing.

Queries go out on a pool of connected UDP sockets per upstream, as dnsmasq does: each socket is
bound by the kernel to a random source port and registered with the event loop once, and a
query takes a random socket of the pool and a random 16-bit id not in flight on it. An attacker
off the path must guess both the port and the id. The pool holds at most `POOL_SIZE` (64)
sockets, the number of random ports dnsmasq keeps open at once, so forgeries sprayed over every
port hit an open one no more often than with dnsmasq; and every socket is closed and replaced by
one on a new random port after `SOCKET_QUERIES` queries or `SOCKET_SECONDS` seconds, so a port
that was learnt (by watching one's own queries, say) soon stops being useful. A socket costs a
handful of system calls, paid once per hundred queries instead of once per query.

The connected sockets make the kernel drop datagrams from other addresses; an answer is still
checked for the upstream's address, the id of a query in flight on that socket, QR and the same
question, and anything else is ignored and counted. An answer to a query that already timed out
is ignored too (its id is not used again on that socket). A truncated answer is asked again over
TCP. A timeout, SERVFAIL, REFUSED or a refused port moves on to the next upstream.
"""

from __future__ import annotations

import asyncio
import ipaddress
import os
import socket
import struct
from collections.abc import Callable
from dataclasses import dataclass, field

from guardian.dns import wire

TIMEOUT = 1.5
POOL_SIZE = 64
"""Connected sockets per upstream at most (dnsmasq keeps as many random ports open)."""
SOCKET_QUERIES = 100
"""Queries a socket carries before it is replaced by one on a new random port."""
SOCKET_SECONDS = 60.0
"""Seconds a socket takes new queries before it is replaced."""
_LENGTH = struct.Struct("!H")


@dataclass(frozen=True, slots=True)
class Upstream:
    """One upstream resolver's address."""

    host: str
    port: int
    family: int

    @classmethod
    def parse(cls, text: str) -> Upstream:
        """ "1.2.3.4", "1.2.3.4:5353", "2001:db8::1" or "[2001:db8::1]:53"."""
        host, port = text.strip(), 53
        if host.startswith("["):
            host, sep, rest = host[1:].partition("]")
            if not sep or (rest and not rest.startswith(":")):
                raise ValueError(f"upstream {text!r}: expected [IPv6]:port")
            if rest:
                port = _port(text, rest[1:])
        elif host.count(":") == 1:
            host, _, rest = host.partition(":")
            port = _port(text, rest)
        try:
            address = ipaddress.ip_address(host)
        except ValueError:
            raise ValueError(f"upstream {text!r}: {host!r} is not an IP address") from None
        family = socket.AF_INET6 if address.version == 6 else socket.AF_INET
        return cls(address.compressed, port, family)


def _port(text: str, value: str) -> int:
    if not value.isdigit() or not 0 < int(value) < 65536:
        raise ValueError(f"upstream {text!r}: port {value!r} is not between 1 and 65535")
    return int(value)


@dataclass(slots=True)
class UpstreamStats:
    """What went wrong talking to the upstreams, counted since the filter started."""

    spoofed: int = 0
    """Answers ignored: wrong address, id, flags or question."""
    timeouts: int = 0
    late: int = 0
    """Answers ignored because their query had timed out."""
    failures: int = 0
    """SERVFAIL, REFUSED, refused connections, unreadable answers."""
    by_reason: dict[str, int] = field(default_factory=dict)

    def ignore(self, reason: str) -> None:
        self.spoofed += 1
        self.by_reason[reason] = self.by_reason.get(reason, 0) + 1


def matches(data: bytes, ident: int, question: bytes) -> str:
    """ "" if `data` answers the query with `ident` and `question`, else why not."""
    if len(data) < 12 + len(question):
        return "short"
    rid, flags, qdcount = struct.unpack_from("!HHH", data)
    if rid != ident:
        return "id"
    if not flags & wire.QR:
        return "not a response"
    if qdcount != 1:
        return "question count"
    end = 12 + len(question)
    # The name compares without letter case; type and class exactly.
    if data[12 : end - 4].lower() != question[:-4].lower() or data[end - 4 : end] != question[-4:]:
        return "question"
    return ""


class _Random:
    """Unpredictable numbers from the operating system's generator, fetched a few kilobytes at
    a time (one system call per thousand queries rather than two per query)."""

    __slots__ = ("_at", "_buffer")

    def __init__(self) -> None:
        self._buffer = b""
        self._at = 0

    def below(self, bound: int) -> int:
        """A number in [0, bound) for bound <= 65536, without modulo bias."""
        limit = 65536 - 65536 % bound
        while True:
            value = self.bits16()
            if value < limit:
                return value % bound

    def bits16(self) -> int:
        """A 16-bit number."""
        at = self._at
        buffer = self._buffer
        if at + 2 > len(buffer):
            buffer = self._buffer = os.urandom(4096)
            at = 0
        self._at = at + 2
        return buffer[at] << 8 | buffer[at + 1]


_random = _Random()

Done = Callable[[bytes | None], None]
"""Called once with a query's answer, or None when every upstream failed."""


class _Query:
    """One forwarded query: its message, which upstream it is at, and whom to tell."""

    __slots__ = ("done", "forwarder", "message", "question", "start", "step", "timer")

    def __init__(
        self, forwarder: Forwarder, message: bytes, question: bytes, start: int, done: Done
    ) -> None:
        self.forwarder = forwarder
        self.message = message
        self.question = question
        self.start = start
        self.step = 0
        self.done = done
        self.timer: asyncio.TimerHandle | None = None


class _Socket:
    """One connected UDP socket of a pool, read whenever it is readable; its queries in flight
    by id. Retired (no new queries) after its quota or age, closed once nothing is in flight."""

    __slots__ = (
        "_expired",
        "_loop",
        "_peer",
        "_sock",
        "born",
        "closed",
        "pending",
        "pool",
        "retired",
        "sent",
    )

    def __init__(self, pool: _Pool) -> None:
        upstream = pool.upstream
        sock = socket.socket(upstream.family, socket.SOCK_DGRAM)
        try:
            sock.setblocking(False)
            sock.connect((upstream.host, upstream.port))
            peer = sock.getpeername()
        except OSError:
            sock.close()
            raise
        self.pool = pool
        self._loop = pool.loop
        self._sock = sock
        self._peer: tuple[str, int] = (peer[0], peer[1])
        self.pending: dict[int, _Query] = {}
        self._expired: set[int] = set()
        self.sent = 0
        self.born = self._loop.time()
        self.retired = False
        self.closed = False
        self._loop.add_reader(sock.fileno(), self._read)

    def send(self, query: _Query, timeout: float) -> None:
        """Send `query` with an id not in flight (nor timed out) here; OSError if it fails."""
        pending = self.pending
        expired = self._expired
        ident = _random.bits16()
        while ident in pending or ident in expired:
            ident = _random.bits16()
        self._sock.send(wire.with_id(query.message, ident))
        self.sent += 1
        pending[ident] = query
        query.timer = self._loop.call_later(timeout, self._expire, ident)

    def _expire(self, ident: int) -> None:
        query = self.pending.pop(ident, None)
        if query is None:
            return
        self._expired.add(ident)
        self.pool.stats.timeouts += 1
        self._settle()
        query.forwarder._next(query)

    def _read(self) -> None:
        # One datagram per wakeup: queries are spread over the pool, so a socket rarely has a
        # second one waiting, and not asking again saves a system call (the loop calls back
        # while anything is left).
        if self.closed:
            return
        try:
            data, source = self._sock.recvfrom(65535)
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            # The upstream's port refused one of the queries sent here (an ICMP error): every
            # query in flight on this socket goes to this upstream, so all move on.
            self._fail_all()
            return
        stats = self.pool.stats
        host, port = self._peer
        if source[1] != port or source[0] != host:
            stats.ignore("address")
            return
        if len(data) < 12:
            stats.ignore("short")
            return
        ident = data[0] << 8 | data[1]
        query = self.pending.get(ident)
        if query is None:
            if ident in self._expired:
                stats.late += 1
            else:
                stats.ignore("id")
            return
        why = matches(data, ident, query.question)
        if why:
            stats.ignore(why)
            return
        del self.pending[ident]
        if query.timer is not None:
            query.timer.cancel()
        if self.retired and not self.pending:
            self.close()
        query.forwarder._answered(query, data)

    def _fail_all(self) -> None:
        queries = list(self.pending.values())
        self._expired.update(self.pending)
        self.pending.clear()
        for query in queries:
            if query.timer is not None:
                query.timer.cancel()
            self.pool.stats.failures += 1
        self._settle()
        for query in queries:
            query.forwarder._next(query)

    def _settle(self) -> None:
        """Close a retired socket once nothing is in flight on it."""
        if self.retired and not self.pending:
            self.close()

    def close(self) -> None:
        """Close at once; queries in flight here are forgotten."""
        if self.closed:
            return
        self.closed = True
        for query in self.pending.values():
            if query.timer is not None:
                query.timer.cancel()
        self.pending.clear()
        self._loop.remove_reader(self._sock.fileno())
        self._sock.close()


class _Pool:
    """Up to `POOL_SIZE` connected UDP sockets to one upstream, opened as they are first
    picked, each replaced by a fresh one after `SOCKET_QUERIES` queries or `SOCKET_SECONDS`."""

    def __init__(self, upstream: Upstream, stats: UpstreamStats, size: int) -> None:
        self.upstream = upstream
        self.stats = stats
        self.loop = asyncio.get_running_loop()
        self.slots: list[_Socket | None] = [None] * size
        self.retiring: set[_Socket] = set()
        self.closing = False

    def send(self, query: _Query, timeout: float) -> None:
        """Send `query` on a random socket of the pool; OSError when it cannot be sent."""
        slots = self.slots
        slot = _random.below(len(slots))
        sock = slots[slot]
        if sock is None or sock.closed:
            sock = slots[slot] = _Socket(self)
        try:
            sock.send(query, timeout)
        finally:
            if (
                self.closing
                or sock.sent >= SOCKET_QUERIES
                or self.loop.time() - sock.born >= SOCKET_SECONDS
            ):
                self._retire(slot, sock)

    def _retire(self, slot: int, sock: _Socket) -> None:
        self.slots[slot] = None
        sock.retired = True
        if sock.pending:
            self.retiring.add(sock)
        else:
            sock.close()
        self.retiring = {s for s in self.retiring if not s.closed}

    def sockets(self) -> list[_Socket]:
        """The open sockets, in use or retiring."""
        return [s for s in (*self.slots, *self.retiring) if s is not None and not s.closed]

    def close(self, at_once: bool) -> None:
        """Retire every socket (closed when its queries are done, or `at_once`)."""
        self.closing = True
        for slot, sock in enumerate(self.slots):
            if sock is not None:
                self._retire(slot, sock)
        if at_once:
            for sock in self.retiring:
                sock.close()
            self.retiring.clear()


class Forwarder:
    """Asks the upstreams in turn, starting with the one that answered last."""

    def __init__(
        self,
        upstreams: tuple[Upstream, ...],
        stats: UpstreamStats,
        timeout: float = TIMEOUT,
        pool_size: int = POOL_SIZE,
    ) -> None:
        self.upstreams = upstreams
        self.stats = stats
        self.timeout = timeout
        self._pool_size = pool_size
        self._pools: list[_Pool] | None = None
        self._preferred = 0
        self._tasks: set[asyncio.Task[None]] = set()

    def pools(self) -> list[_Pool]:
        """One socket pool per upstream, made on first use (on the running loop)."""
        if self._pools is None:
            self._pools = [_Pool(u, self.stats, self._pool_size) for u in self.upstreams]
        return self._pools

    async def resolve(self, message: bytes, question: bytes) -> bytes | None:
        """The first good answer to `message` (a query whose question section is `question`);
        None when every upstream failed. The answer keeps the upstream's id."""
        future: asyncio.Future[bytes | None] = asyncio.get_running_loop().create_future()

        def done(answer: bytes | None) -> None:
            if not future.done():
                future.set_result(answer)

        self.forward(message, question, done)
        return await future

    def forward(self, message: bytes, question: bytes, done: Done) -> None:
        """Ask the upstreams for `message` and call `done` once with the first good answer
        (keeping the upstream's id), or with None when every upstream failed; `done` may be
        called before this returns."""
        self._next(_Query(self, message, question, self._preferred, done), first=True)

    def _next(self, query: _Query, first: bool = False) -> None:
        """Send `query` to its next upstream, or give up when none is left."""
        pools = self.pools()
        count = len(pools)
        if not first:
            query.step += 1
        while query.step < count:
            try:
                pools[(query.start + query.step) % count].send(query, self.timeout)
                return
            except OSError:
                self.stats.failures += 1
                query.step += 1
        query.done(None)

    def _answered(self, query: _Query, answer: bytes) -> None:
        if answer[2] & (wire.TC >> 8):
            task = asyncio.get_running_loop().create_task(self._over_tcp(query))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
            return
        self._judge(query, answer)

    def _judge(self, query: _Query, answer: bytes | None) -> None:
        if answer is None:
            self._next(query)
        elif answer[3] & 0xF in (wire.SERVFAIL, wire.REFUSED):
            self.stats.failures += 1
            self._next(query)
        else:
            self._preferred = (query.start + query.step) % len(self.upstreams)
            query.done(answer)

    async def _over_tcp(self, query: _Query) -> None:
        upstream = self.upstreams[(query.start + query.step) % len(self.upstreams)]
        try:
            answer = await self._tcp(upstream, query.message, query.question)
        except TimeoutError:
            self.stats.timeouts += 1
            answer = None
        except OSError:
            self.stats.failures += 1
            answer = None
        self._judge(query, answer)

    def close(self) -> None:
        """No new sockets stay open; those with queries in flight close when they are done
        (a query that moves on to another upstream gets a socket of its own)."""
        for pool in self._pools or ():
            pool.close(at_once=False)

    def abort(self) -> None:
        """Close every socket now; the queries in flight are forgotten."""
        for pool in self._pools or ():
            pool.close(at_once=True)
        for task in self._tasks:
            task.cancel()

    def open_sockets(self) -> int:
        """Sockets open to the upstreams."""
        return sum(len(pool.sockets()) for pool in self._pools or ())

    async def _tcp(self, upstream: Upstream, message: bytes, question: bytes) -> bytes | None:
        ident = _random.bits16()
        async with asyncio.timeout(self.timeout):
            reader, writer = await asyncio.open_connection(upstream.host, upstream.port)
            try:
                writer.write(_LENGTH.pack(len(message)) + wire.with_id(message, ident))
                await writer.drain()
                (length,) = _LENGTH.unpack(await reader.readexactly(2))
                data = await reader.readexactly(length)
            except asyncio.IncompleteReadError:
                self.stats.failures += 1
                return None
            finally:
                writer.close()
        why = matches(data, ident, question)
        if why:
            self.stats.ignore(why)
            return None
        return data
