"""Forwarding to the upstream resolvers, hardened against off-path spoofing.

Every upstream query goes out on a new connected UDP socket, so each has a fresh source port
picked at random by the kernel, with a random 16-bit id: an attacker must guess both (about
2^32 tries per query) instead of the id alone. A socket per query costs tens of microseconds,
paid only when the cache misses, and leaves no long-lived port to learn. The connected socket
makes the kernel drop datagrams from other addresses; an answer is still checked for the
upstream's address, the id, QR and the same question, and anything else is ignored and counted.
A truncated answer is asked again over TCP. A timeout, SERVFAIL or REFUSED moves on to the
next upstream.
"""

from __future__ import annotations

import asyncio
import ipaddress
import secrets
import socket
import struct
from dataclasses import dataclass, field

from guardian.dns import wire

TIMEOUT = 1.5
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


class Forwarder:
    """Asks the upstreams in turn, starting with the one that answered last."""

    def __init__(
        self, upstreams: tuple[Upstream, ...], stats: UpstreamStats, timeout: float = TIMEOUT
    ) -> None:
        self.upstreams = upstreams
        self.stats = stats
        self.timeout = timeout
        self._preferred = 0

    async def resolve(self, message: bytes, question: bytes) -> bytes | None:
        """The first good answer to `message` (a query whose question section is `question`);
        None when every upstream failed. The answer keeps the upstream's id."""
        count = len(self.upstreams)
        for step in range(count):
            index = (self._preferred + step) % count
            answer = await self._ask(self.upstreams[index], message, question)
            if answer is not None:
                self._preferred = index
                return answer
        return None

    async def _ask(self, upstream: Upstream, message: bytes, question: bytes) -> bytes | None:
        try:
            answer = await self._udp(upstream, message, question)
            if answer is not None and struct.unpack_from("!H", answer, 2)[0] & wire.TC:
                answer = await self._tcp(upstream, message, question)
        except TimeoutError:
            self.stats.timeouts += 1
            return None
        except OSError:
            self.stats.failures += 1
            return None
        if answer is None:
            return None
        if answer[3] & 0xF in (wire.SERVFAIL, wire.REFUSED):
            self.stats.failures += 1
            return None
        return answer

    async def _udp(self, upstream: Upstream, message: bytes, question: bytes) -> bytes | None:
        loop = asyncio.get_running_loop()
        ident = secrets.randbits(16)
        deadline = loop.time() + self.timeout
        with socket.socket(upstream.family, socket.SOCK_DGRAM) as sock:
            sock.setblocking(False)
            sock.connect((upstream.host, upstream.port))
            sock.send(wire.with_id(message, ident))
            while True:
                remaining = deadline - loop.time()
                if remaining <= 0:
                    raise TimeoutError
                await _readable(loop, sock, remaining)
                try:
                    data, source = sock.recvfrom(65535)
                except BlockingIOError:
                    continue
                if ipaddress.ip_address(source[0]).compressed != upstream.host or (
                    source[1] != upstream.port
                ):
                    self.stats.ignore("address")
                    continue
                why = matches(data, ident, question)
                if why:
                    self.stats.ignore(why)
                    continue
                return data

    async def _tcp(self, upstream: Upstream, message: bytes, question: bytes) -> bytes | None:
        ident = secrets.randbits(16)
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


async def _readable(loop: asyncio.AbstractEventLoop, sock: socket.socket, timeout: float) -> None:
    """Wait until `sock` has a datagram; TimeoutError after `timeout` seconds."""
    waiter: asyncio.Future[bool] = loop.create_future()

    def wake(value: bool) -> None:
        if not waiter.done():
            waiter.set_result(value)

    fd = sock.fileno()
    loop.add_reader(fd, wake, True)
    timer = loop.call_later(timeout, wake, False)
    try:
        if not await waiter:
            raise TimeoutError
    finally:
        timer.cancel()
        loop.remove_reader(fd)
