"""The filtering resolver: UDP and TCP listeners answering from the filter, the cache and the
upstreams.

A blocked or cached name is answered at once, on the loop's thread: each UDP socket is read in
a tight loop whenever it is readable (a burst costs one wakeup, not one callback per datagram),
and a packet already seen byte for byte (after its id) is answered from a memo of its verdict:
id + the blocked reply, or id + the cached answer with TTLs counted down. Otherwise the question
is parsed and decided. Only a cache miss or a safe-search rewrite waits for an upstream. The
filter's state (profiles, index, upstreams, memos) is one object that a new config replaces
whole, so a query in flight finishes with the state it started with.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import importlib
import ipaddress
import logging
import os
import socket
import struct
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any, cast

from guardian.dns import wire
from guardian.dns.cache import AnswerCache, CachedAnswer, CacheKey, key_of
from guardian.dns.config import Blocked, Count, FilterConfig, Listener
from guardian.dns.decide import (
    ALLOW,
    ALLOWED,
    BLOCK,
    CategoryIndex,
    Decision,
    ProfileRules,
    Rewrite,
    shipped_safe_search,
)
from guardian.dns.upstream import TIMEOUT, Forwarder, Upstream, UpstreamStats

log = logging.getLogger(__name__)

ListenerKey = tuple[str, int, int]
"""A listener's host and port as the config gives them (port 0 stays 0), and which of the
port-0 listeners on that host it is."""

TCP_IDLE_SECONDS = 10.0
MAX_TCP_CONNECTIONS = 128
MAX_IN_FLIGHT = 2048
"""Queries waiting for an upstream at once; more are answered SERVFAIL at once."""
MAX_COUNT_ROWS = 20000
"""Distinct (profile, name, rule) tallies kept; more are not counted until the next report
starts afresh."""
BLOCKED_REPEAT_SECONDS = 10.0
"""A Blocked report for the same profile and name is sent at most this often."""
REWRITE_TTL = 300
MAX_UDP_QUERY = 4096
"""The largest UDP query read whole (stub resolvers send a few hundred bytes at most)."""
UDP_BURST = 256
"""Datagrams read in one go before the loop turns to its other work."""
MAX_MEMO = 20000
"""Distinct packets whose verdict a listener remembers (cleared when full)."""
_LENGTH = struct.Struct("!H")
_FIXED_QUESTION_TAIL = struct.Struct("!HH")

CountKey = tuple[str, str, str]
"""(profile, name, rule)."""


class _Tally:
    """Queries for one (profile, name, rule) since the last report; a memo entry holds its
    tally, so counting a query is one increment."""

    __slots__ = ("key", "n")

    def __init__(self, key: CountKey) -> None:
        self.key = key
        self.n = 0


class ConfigError(Exception):
    """A config the filter cannot put in force; the previous one stays."""

    def __init__(self, what: str, detail: str) -> None:
        super().__init__(f"{what}: {detail}")
        self.what = what
        self.detail = detail


IndexOpener = Callable[[str], CategoryIndex]


def open_site_index(path: str) -> CategoryIndex | None:
    """Open the compiled category index; None when this build has no index reader."""
    try:
        site_index = importlib.import_module("guardian.sites.index")
    except ModuleNotFoundError as error:
        if error.name != "guardian.sites.index":
            raise
        return None
    opened: CategoryIndex = site_index.SiteIndex.open(path)
    return opened


class _Verdict:
    """What a packet already seen was answered with: blocked (the reply after its id), or
    allowed and cacheable (the cache key, and the cached answer once there is one)."""

    __slots__ = ("answer", "blocked", "cache_key", "query", "question", "tally")

    def __init__(
        self, tally: _Tally | None, query: wire.Query, blocked: bytes | None, cache_key: CacheKey
    ) -> None:
        self.tally = tally
        self.query = query
        self.question = query.question
        self.blocked = blocked
        self.cache_key = cache_key
        self.answer: CachedAnswer | None = None


class Lane:
    """The rules queries on some listeners are decided by, and the packets already decided
    (keyed by their exact bytes after the id)."""

    __slots__ = ("memo", "rules")

    def __init__(self, rules: ProfileRules) -> None:
        self.rules = rules
        self.memo: dict[bytes, _Verdict] = {}


@dataclass(frozen=True, slots=True)
class FilterState:
    """Everything one query needs, replaced whole by a new config."""

    config: FilterConfig
    lanes: dict[ListenerKey, Lane]
    forwarder: Forwarder


class _Bound:
    """One listener's UDP reader and TCP server."""

    def __init__(self, port: int, udp: _UdpListener, tcp: asyncio.Server) -> None:
        self.port = port
        self.udp = udp
        self.tcp = tcp

    def close(self) -> None:
        self.udp.close()
        self.tcp.close()


class DnsFilter:
    """Guardian's filtering resolver, running on the current event loop."""

    def __init__(
        self,
        *,
        on_blocked: Callable[[Blocked], None] | None = None,
        open_index: IndexOpener | None = None,
        clock: Callable[[], float] = time.monotonic,
        timeout: float = TIMEOUT,
    ) -> None:
        self._on_blocked = on_blocked
        self._open_index = open_index or open_site_index
        self._clock = clock
        self._timeout = timeout
        self._safe_search = shipped_safe_search()
        self.cache = AnswerCache(clock=clock)
        self.stats = UpstreamStats()
        self.state: FilterState | None = None
        self._bound: dict[ListenerKey, _Bound] = {}
        self._tallies: dict[CountKey, _Tally] = {}
        self._blocked_sent: dict[tuple[str, str], float] = {}
        self._index_path: str | None = None
        self._index_stamp: tuple[int, int, int] | None = None
        self._index: CategoryIndex | None = None
        self._tasks: set[asyncio.Task[None]] = set()
        self._in_flight = 0
        self._draining: list[Forwarder] = []
        """Forwarders a new config replaced, until their last queries are done."""
        self._tcp_connections = 0

    # -- configuration

    async def apply(self, config: FilterConfig) -> tuple[int, ...]:
        """Put `config` in force; the bound ports in the order of its listeners.
        Raises ConfigError and keeps the previous state when it cannot."""
        upstreams = _parse_upstreams(config)
        keys = _listener_keys(config.listeners)
        index = self._index_for(config.index)
        profiles = {p.id: p for p in config.profiles}
        if len(profiles) != len(config.profiles):
            raise ConfigError("config", "two profiles have the same id")
        lanes_by_profile: dict[str | None, Lane] = {}

        def lane_for(profile_id: str | None) -> Lane:
            if profile_id not in lanes_by_profile:
                if profile_id is not None and profile_id not in profiles:
                    raise ConfigError("config", f"no profile {profile_id!r} for a listener")
                rules = profiles[profile_id] if profile_id is not None else None
                lanes_by_profile[profile_id] = Lane(ProfileRules(rules, index, self._safe_search))
            return lanes_by_profile[profile_id]

        try:
            lanes = {
                key: lane_for(listener.profile or config.default_profile)
                for key, listener in zip(keys, config.listeners, strict=True)
            }
        except ValueError as error:
            raise ConfigError("config", str(error)) from error
        fresh = await self._bind([k for k in keys if k not in self._bound])
        old = self.state
        if old is not None and old.forwarder.upstreams == upstreams:
            forwarder = old.forwarder
        else:
            forwarder = Forwarder(upstreams, self.stats, self._timeout)
            self.cache.clear()
            if old is not None:
                # Its queries in flight finish; its sockets close as they do.
                old.forwarder.close()
                self._draining = [f for f in self._draining if f.open_sockets()]
                self._draining.append(old.forwarder)
        self._bound.update(fresh)
        self.state = FilterState(config, lanes, forwarder)
        for key in [k for k in self._bound if k not in lanes]:
            self._bound.pop(key).close()
        return tuple(self._bound[key].port for key in keys)

    def _index_for(self, path: str | None) -> CategoryIndex | None:
        if path is None:
            return None
        try:
            stat = _stamp(path)
            if path == self._index_path and stat == self._index_stamp:
                return self._index
            index = self._open_index(path)
        except Exception as error:
            raise ConfigError("index", f"{path}: {error}") from error
        self._index_path, self._index_stamp, self._index = path, stat, index
        return index

    async def _bind(self, keys: list[ListenerKey]) -> dict[ListenerKey, _Bound]:
        bound: dict[ListenerKey, _Bound] = {}
        try:
            for key in keys:
                bound[key] = await self._bind_one(key)
        except OSError as error:
            for done in bound.values():
                done.close()
            where = f"{key[0]} port {key[1]}"
            raise ConfigError("listen", f"{where}: {error.strerror or error}") from error
        return bound

    async def _bind_one(self, key: ListenerKey) -> _Bound:
        host, port, _ = key
        family = socket.AF_INET6 if ipaddress.ip_address(host).version == 6 else socket.AF_INET
        loop = asyncio.get_running_loop()
        # Port 0: the kernel picks a UDP port; TCP takes the same one, tried a few times.
        attempts = 8 if port == 0 else 1
        for attempt in range(attempts):
            udp_sock = socket.socket(family, socket.SOCK_DGRAM)
            try:
                udp_sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 22)
                udp_sock.bind((host, port))
                actual = udp_sock.getsockname()[1]
                tcp_sock = socket.socket(family, socket.SOCK_STREAM)
                try:
                    tcp_sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                    tcp_sock.bind((host, actual))
                    tcp_sock.listen(128)
                except OSError:
                    tcp_sock.close()
                    raise
            except OSError:
                udp_sock.close()
                if attempt + 1 == attempts:
                    raise
                continue
            udp_sock.setblocking(False)
            tcp_sock.setblocking(False)
            server = await loop.create_server(
                lambda: _TcpConnection(self, key), sock=tcp_sock, backlog=128
            )
            return _Bound(actual, _UdpListener(self, key, udp_sock, loop), server)
        raise AssertionError("unreachable")

    async def close(self) -> None:
        """Stop listening and wait for the queries in flight."""
        for bound in self._bound.values():
            bound.close()
        self._bound.clear()
        for forwarder in self._draining:
            forwarder.abort()
        self._draining.clear()
        if self.state is not None:
            self.state.forwarder.abort()
        for task in list(self._tasks):
            task.cancel()
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)

    # -- counts

    def take_counts(self) -> tuple[Count, ...]:
        """The queries counted since the last call, per profile, name and rule."""
        rows = []
        for tally in self._tallies.values():
            number = tally.n
            if number:
                tally.n = 0
                profile, name, rule = tally.key
                allowed = not rule or rule.startswith("safe_search:")
                row = (number, 0) if allowed else (0, number)
                rows.append(Count(profile, name, rule, *row))
        if len(self._tallies) >= MAX_COUNT_ROWS // 2:
            # Start afresh; memo entries hold tallies, so they go too.
            self._tallies = {}
            if self.state is not None:
                for lane in self.state.lanes.values():
                    lane.memo.clear()
        return tuple(rows)

    def _tally(self, key: CountKey) -> _Tally | None:
        tally = self._tallies.get(key)
        if tally is None and len(self._tallies) < MAX_COUNT_ROWS:
            tally = self._tallies[key] = _Tally(key)
        return tally

    def _note_blocked(self, tally: _Tally) -> None:
        """Tell the service about a name blocked for the first time since the last report
        (and not told in the last seconds)."""
        profile, name, rule = tally.key
        if rule == "canary":
            return
        now = self._clock()
        sent = self._blocked_sent
        last = sent.get((profile, name))
        if last is not None and now - last < BLOCKED_REPEAT_SECONDS:
            return
        if len(sent) >= 4096:
            sent.clear()
        sent[(profile, name)] = now
        assert self._on_blocked is not None
        self._on_blocked(Blocked(profile, name, rule))

    # -- answering

    def answer_at_once(
        self, lane: Lane, data: bytes, udp: bool = True
    ) -> tuple[bytes | None, wire.Query | None, Decision | None]:
        """(reply, query, decision): a reply that needs no upstream (blocked, cached,
        malformed; over UDP truncated to the client's buffer); or no reply and the query and
        its decision when an upstream is needed; neither: drop the packet."""
        tail = data[2:]
        seen = lane.memo.get(tail)
        if seen is not None:
            tally = seen.tally
            blocked = seen.blocked
            if tally is not None:
                number = tally.n
                tally.n = number + 1
                if not number and blocked is not None and self._on_blocked is not None:
                    self._note_blocked(tally)
            if blocked is not None:
                return data[:2] + blocked, None, None
            answer = seen.answer
            if answer is None or self._clock() >= answer.fresh_until:
                answer = seen.answer = self.cache.entry(seen.cache_key)
            if answer is None:
                return None, wire.parse_query(data), ALLOWED
            body = answer.body
            question = seen.question
            if question != answer.question:
                body = body[:10] + question + body[10 + len(question) :]
            if udp and len(body) + 2 > seen.query.udp_size:
                return data[:2] + wire.truncated_reply(seen.query)[2:], None, None
            return data[:2] + body, None, None
        try:
            query = wire.parse_query(data)
        except wire.Malformed as error:
            return error.reply, None, None
        rules = lane.rules
        decision = rules.decide(query.name)
        # An unfiltered person's names are not recorded.
        tally = self._tally((rules.profile, query.name, decision.rule)) if rules.profile else None
        kind = decision.kind
        if tally is not None:
            tally.n += 1
            if tally.n == 1 and kind == BLOCK and self._on_blocked is not None:
                self._note_blocked(tally)
        memo = lane.memo if len(data) <= wire.PLAIN_UDP_SIZE else None
        if memo is not None and len(memo) >= MAX_MEMO:
            memo.clear()
        if kind == BLOCK:
            reply = wire.blocked_reply(query)
            if memo is not None:
                memo[tail] = _Verdict(tally, query, reply[2:], key_of(query))
            return reply, None, None
        if kind == ALLOW:
            cache_key = key_of(query)
            if memo is not None:
                memo[tail] = _Verdict(tally, query, None, cache_key)
            cached = self.cache.get(cache_key, data[:2], query.question)
            if cached is not None:
                if udp and len(cached) > query.udp_size:
                    return wire.truncated_reply(query), None, None
                return cached, None, None
        return None, query, decision

    async def answer_later(
        self, state: FilterState, query: wire.Query, decision: Decision
    ) -> bytes:
        """The reply that needs an upstream: a forwarded query or a safe-search rewrite."""
        if decision.rewrite is not None:
            return await self._rewrite(state, query, decision.rewrite)
        answer = await state.forwarder.resolve(query.data, query.question)
        if answer is None:
            return wire.rcode_reply(query, wire.SERVFAIL)
        if state is self.state:
            self.cache.put(key_of(query), answer)
        return wire.with_id(answer, query.id)

    async def _rewrite(self, state: FilterState, query: wire.Query, rewrite: Rewrite) -> bytes:
        qtype = query.qtype
        if rewrite.address is not None:
            if qtype == wire.TYPE_A and query.qclass == wire.CLASS_IN:
                return wire.address_reply(query, wire.TYPE_A, [rewrite.address], REWRITE_TTL)
            return wire.rcode_reply(query, wire.NOERROR)
        assert rewrite.cname is not None and rewrite.cname_wire is not None
        if qtype not in (wire.TYPE_A, wire.TYPE_AAAA) or query.qclass != wire.CLASS_IN:
            return wire.address_reply(query, qtype, [], REWRITE_TTL, rewrite.cname_wire)
        target = (rewrite.cname, qtype, wire.CLASS_IN, 0)
        body = self.cache.body(target)
        if body is None:
            question = rewrite.cname_wire + _FIXED_QUESTION_TAIL.pack(qtype, wire.CLASS_IN)
            message = wire.HEADER.pack(0, wire.RD, 1, 0, 0, 0) + question
            answer = await state.forwarder.resolve(message, question)
            if answer is None:
                return wire.rcode_reply(query, wire.SERVFAIL)
            if state is self.state:
                self.cache.put(target, answer)
            body = answer[2:]
        try:
            parsed = wire.Response(b"\x00\x00" + body)
        except ValueError:
            return wire.rcode_reply(query, wire.SERVFAIL)
        if parsed.rcode not in (wire.NOERROR, wire.NXDOMAIN):
            return wire.rcode_reply(query, wire.SERVFAIL)
        answers = [r for r in parsed.records if r.section == 1]
        addresses = [r.rdata for r in answers if r.rtype == qtype]
        ttl = min((r.ttl for r in answers), default=REWRITE_TTL)
        return wire.address_reply(
            query, qtype, addresses, min(ttl, REWRITE_TTL), rewrite.cname_wire
        )

    def spawn_later(
        self,
        state: FilterState,
        query: wire.Query,
        decision: Decision,
        send: Callable[[bytes], None],
    ) -> None:
        """Answer `query` once the upstream has, through `send`."""
        if self._in_flight >= MAX_IN_FLIGHT:
            send(wire.rcode_reply(query, wire.SERVFAIL))
            return
        self._in_flight += 1
        if decision.rewrite is None:
            # The common case, a forwarded query, runs on callbacks: no task per query.
            state.forwarder.forward(
                query.data, query.question, partial(self._forwarded, state, query, send)
            )
            return
        task = asyncio.get_running_loop().create_task(self._later(state, query, decision, send))
        self._tasks.add(task)
        task.add_done_callback(self._task_done)

    def _task_done(self, task: asyncio.Task[None]) -> None:
        self._tasks.discard(task)
        self._in_flight -= 1

    def _forwarded(
        self,
        state: FilterState,
        query: wire.Query,
        send: Callable[[bytes], None],
        answer: bytes | None,
    ) -> None:
        self._in_flight -= 1
        if answer is None:
            send(wire.rcode_reply(query, wire.SERVFAIL))
            return
        # The client first, the cache after.
        send(wire.with_id(answer, query.id))
        if state is self.state:
            try:
                self.cache.put(key_of(query), answer)
            except Exception:
                log.exception("the answer for %s could not be cached", query.name)

    async def _later(
        self,
        state: FilterState,
        query: wire.Query,
        decision: Decision,
        send: Callable[[bytes], None],
    ) -> None:
        try:
            reply = await self.answer_later(state, query, decision)
        except Exception:
            log.exception("answering %s failed", query.name)
            reply = wire.rcode_reply(query, wire.SERVFAIL)
        send(reply)


class _TcpConnection(asyncio.Protocol):
    """One client's TCP connection: every whole query in what arrives is answered, and the
    replies at hand go out in one write (a client may send many queries before reading).
    Replies keep the order of the queries: those after one that waits for an upstream wait
    with it (clients that do not match replies by id expect that).
    Closed after `TCP_IDLE_SECONDS` without a query, and on a packet that gets no reply."""

    def __init__(self, dns_filter: DnsFilter, key: ListenerKey) -> None:
        self._filter = dns_filter
        self._key = key
        self._buffer = bytearray()
        self._transport: asyncio.Transport | None = None
        self._counted = False
        self._last = 0.0
        self._idle: asyncio.TimerHandle | None = None
        self._waiting: collections.deque[list[bytes | None]] = collections.deque()
        """Replies in query order, from the first that waits for an upstream on."""

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        # uvloop's transports do not derive from asyncio.Transport; they have its methods.
        if self._filter._tcp_connections >= MAX_TCP_CONNECTIONS:
            transport.close()
            return
        self._transport = cast(asyncio.Transport, transport)
        self._filter._tcp_connections += 1
        self._counted = True
        loop = asyncio.get_running_loop()
        self._last = loop.time()
        self._idle = loop.call_later(TCP_IDLE_SECONDS, self._check_idle)

    def _check_idle(self) -> None:
        transport = self._transport
        if transport is None:
            return
        loop = asyncio.get_running_loop()
        left = self._last + TCP_IDLE_SECONDS - loop.time()
        if left <= 0:
            transport.close()
        else:
            self._idle = loop.call_later(left, self._check_idle)

    def data_received(self, data: bytes) -> None:
        transport = self._transport
        if transport is None:
            return
        buffer = self._buffer
        buffer += data
        dns_filter = self._filter
        replies: list[bytes] = []
        while len(buffer) >= 2:
            end = 2 + (buffer[0] << 8 | buffer[1])
            if len(buffer) < end:
                break
            message = bytes(buffer[2:end])
            del buffer[:end]
            self._last = asyncio.get_running_loop().time()
            state = dns_filter.state
            lane = state.lanes.get(self._key) if state is not None else None
            if state is None or lane is None:
                transport.close()
                break
            try:
                reply, query, decision = dns_filter.answer_at_once(lane, message, udp=False)
            except Exception:
                log.exception("a query could not be answered")
                reply, query, decision = None, None, None
            if reply is not None:
                if self._waiting:
                    self._waiting.append([reply])
                else:
                    replies += (_LENGTH.pack(len(reply)), reply)
            elif query is not None and decision is not None:
                slot: list[bytes | None] = [None]
                self._waiting.append(slot)
                dns_filter.spawn_later(state, query, decision, partial(self._fill, slot))
            else:
                transport.close()
                break
        if replies:
            transport.write(b"".join(replies))

    def _fill(self, slot: list[bytes | None], reply: bytes) -> None:
        """An upstream's reply is in: send it and every reply behind it that is ready."""
        slot[0] = reply
        waiting = self._waiting
        replies: list[bytes] = []
        while waiting and waiting[0][0] is not None:
            ready = waiting.popleft()[0]
            assert ready is not None
            replies += (_LENGTH.pack(len(ready)), ready)
        transport = self._transport
        if replies and transport is not None and not transport.is_closing():
            transport.write(b"".join(replies))

    def pause_writing(self) -> None:
        # A client that does not read its replies is not read from either.
        if self._transport is not None:
            self._transport.pause_reading()

    def resume_writing(self) -> None:
        if self._transport is not None and not self._transport.is_closing():
            self._transport.resume_reading()

    def connection_lost(self, exc: Exception | None) -> None:
        if self._counted:
            self._counted = False
            self._filter._tcp_connections -= 1
        if self._idle is not None:
            self._idle.cancel()
        self._transport = None


class _UdpListener:
    """One UDP socket, drained whenever it is readable; blocked and cached names are
    answered right here."""

    def __init__(
        self,
        dns_filter: DnsFilter,
        key: ListenerKey,
        sock: socket.socket,
        loop: asyncio.AbstractEventLoop,
    ) -> None:
        self._filter = dns_filter
        self._key = key
        self._sock = sock
        self._loop = loop
        self._closed = False
        loop.add_reader(sock.fileno(), self._drain)

    def close(self) -> None:
        if not self._closed:
            self._closed = True
            self._loop.remove_reader(self._sock.fileno())
            self._sock.close()

    def _drain(self) -> None:
        dns_filter = self._filter
        # The state changes only on this thread, between two calls: read it once per burst.
        state = dns_filter.state
        lane = state.lanes.get(self._key) if state is not None else None
        recvfrom = self._sock.recvfrom
        sendto = self._sock.sendto
        answer_at_once = dns_filter.answer_at_once
        for _ in range(UDP_BURST):
            try:
                data, addr = recvfrom(MAX_UDP_QUERY)
            except (BlockingIOError, InterruptedError):
                return
            except OSError:
                continue  # an ICMP error about an earlier reply's client
            if state is None or lane is None:
                continue
            try:
                reply, query, decision = answer_at_once(lane, data)
                if reply is not None:
                    sendto(reply, addr)
                elif query is not None and decision is not None:
                    dns_filter.spawn_later(state, query, decision, self._sender(query, addr))
            except OSError:
                pass  # the reply could not be sent (buffer full): as if the packet was lost
            except Exception:
                log.exception("a query could not be answered")

    def _sender(self, query: wire.Query, addr: Any) -> Callable[[bytes], None]:
        def send(reply: bytes) -> None:
            if not self._closed:
                with contextlib.suppress(OSError):
                    self._sock.sendto(wire.fits(reply, query), addr)

        return send


def _parse_upstreams(config: FilterConfig) -> tuple[Upstream, ...]:
    if not config.upstreams:
        raise ConfigError("config", "no upstream resolver")
    try:
        return tuple(Upstream.parse(text) for text in config.upstreams)
    except ValueError as error:
        raise ConfigError("config", str(error)) from error


def _listener_keys(listeners: tuple[Listener, ...]) -> list[ListenerKey]:
    keys: list[ListenerKey] = []
    any_port: dict[str, int] = {}
    for listener in listeners:
        try:
            host = ipaddress.ip_address(listener.host).compressed
        except ValueError:
            raise ConfigError(
                "config", f"listener {listener.host!r} is not an IP address"
            ) from None
        if not 0 <= listener.port < 65536:
            raise ConfigError("config", f"listener port {listener.port} is out of range")
        ordinal = 0
        if listener.port == 0:
            ordinal = any_port[host] = any_port.get(host, -1) + 1
        key = (host, listener.port, ordinal)
        if key in keys:
            raise ConfigError("config", f"two listeners on {host} port {listener.port}")
        keys.append(key)
    if not keys:
        raise ConfigError("config", "no listener")
    return keys


def _stamp(path: str) -> tuple[int, int, int]:
    stat = os.stat(path)
    return (stat.st_ino, stat.st_mtime_ns, stat.st_size)
