"""The filtering resolver: UDP and TCP listeners answering from the filter, the cache and the
upstreams.

A blocked or cached name is answered inside the datagram callback (parse the question, decide,
look up the cache, patch id and TTLs, send); only a cache miss or a safe-search rewrite waits
for an upstream. The filter's state (profiles, index, upstreams, listeners) is one object that
a new config replaces whole, so a query in flight finishes with the state it started with.
"""

from __future__ import annotations

import asyncio
import importlib
import ipaddress
import logging
import os
import socket
import struct
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import cast

from guardian.dns import wire
from guardian.dns.cache import AnswerCache, key_of
from guardian.dns.config import Blocked, Count, FilterConfig, Listener
from guardian.dns.decide import (
    ALLOW,
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
"""Distinct (profile, name, rule) rows kept between two reports; more are not counted."""
BLOCKED_REPEAT_SECONDS = 10.0
"""A Blocked report for the same profile and name is sent at most this often."""
REWRITE_TTL = 300
_LENGTH = struct.Struct("!H")
_FIXED_QUESTION_TAIL = struct.Struct("!HH")


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


@dataclass(frozen=True, slots=True)
class FilterState:
    """Everything one query needs, replaced whole by a new config."""

    config: FilterConfig
    rules: dict[ListenerKey, ProfileRules]
    forwarder: Forwarder


class _Bound:
    """One listener's UDP transport and TCP server."""

    def __init__(
        self,
        port: int,
        udp: asyncio.DatagramTransport,
        tcp: asyncio.Server,
    ) -> None:
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
        self._counts: dict[tuple[str, str, str], int] = {}
        self._blocked_sent: dict[tuple[str, str], float] = {}
        self._index_path: str | None = None
        self._index_stamp: tuple[int, int, int] | None = None
        self._index: CategoryIndex | None = None
        self._tasks: set[asyncio.Task[None]] = set()
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
        rules_by_profile: dict[str | None, ProfileRules] = {}

        def rules_for(profile_id: str | None) -> ProfileRules:
            if profile_id not in rules_by_profile:
                if profile_id is not None and profile_id not in profiles:
                    raise ConfigError("config", f"no profile {profile_id!r} for a listener")
                rules = profiles[profile_id] if profile_id is not None else None
                rules_by_profile[profile_id] = ProfileRules(rules, index, self._safe_search)
            return rules_by_profile[profile_id]

        try:
            rules = {
                key: rules_for(listener.profile or config.default_profile)
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
        self._bound.update(fresh)
        self.state = FilterState(config, rules, forwarder)
        for key in [k for k in self._bound if k not in rules]:
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
            transport, _ = await loop.create_datagram_endpoint(
                lambda: _UdpListener(self, key), sock=udp_sock
            )
            server = await asyncio.start_server(
                lambda r, w: self._serve_tcp(key, r, w), sock=tcp_sock
            )
            return _Bound(actual, transport, server)
        raise AssertionError("unreachable")

    async def close(self) -> None:
        """Stop listening and wait for the queries in flight."""
        for bound in self._bound.values():
            bound.close()
        self._bound.clear()
        for task in list(self._tasks):
            task.cancel()
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)

    # -- counts

    def take_counts(self) -> tuple[Count, ...]:
        """The queries counted since the last call, per profile, name and rule."""
        counts, self._counts = self._counts, {}
        rows = []
        for (profile, name, rule), number in counts.items():
            allowed = not rule or rule.startswith("safe_search:")
            rows.append(
                Count(profile, name, rule, number if allowed else 0, 0 if allowed else number)
            )
        return tuple(rows)

    def _count(self, profile: str, name: str, decision: Decision) -> None:
        if not profile:
            return  # an unfiltered person's names are not recorded
        key = (profile, name, decision.rule)
        counts = self._counts
        number = counts.get(key)
        if number is not None:
            counts[key] = number + 1
        elif len(counts) < MAX_COUNT_ROWS:
            counts[key] = 1
        if decision.kind == BLOCK and self._on_blocked is not None:
            self._note_blocked(profile, name, decision.rule)

    def _note_blocked(self, profile: str, name: str, rule: str) -> None:
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
        self, state: FilterState, key: ListenerKey, data: bytes
    ) -> tuple[bytes | None, wire.Query | None, Decision | None]:
        """(reply, query, decision): a reply that needs no upstream (blocked, cached,
        malformed; query set when it parsed), or no reply and the query and its decision
        when an upstream is needed; no reply and no query: drop the packet."""
        try:
            query = wire.parse_query(data)
        except wire.Malformed as error:
            return error.reply, None, None
        rules = state.rules[key]
        decision = rules.decide(query.name)
        self._count(rules.profile, query.name, decision)
        kind = decision.kind
        if kind == BLOCK:
            return wire.blocked_reply(query), query, None
        if kind == ALLOW:
            cached = self.cache.get(key_of(query), query)
            if cached is not None:
                return cached, query, None
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
        if len(self._tasks) >= MAX_IN_FLIGHT:
            send(wire.rcode_reply(query, wire.SERVFAIL))
            return
        task = asyncio.get_running_loop().create_task(self._later(state, query, decision, send))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

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

    async def _serve_tcp(
        self, key: ListenerKey, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        if self._tcp_connections >= MAX_TCP_CONNECTIONS:
            writer.close()
            return
        self._tcp_connections += 1
        try:
            while True:
                async with asyncio.timeout(TCP_IDLE_SECONDS):
                    (length,) = _LENGTH.unpack(await reader.readexactly(2))
                    data = await reader.readexactly(length)
                state = self.state
                if state is None or key not in state.rules:
                    break
                reply, query, decision = self.answer_at_once(state, key, data)
                if reply is None and query is not None and decision is not None:
                    async with asyncio.timeout(self._timeout * (len(state.config.upstreams) + 1)):
                        reply = await self.answer_later(state, query, decision)
                if reply is None:
                    break
                writer.write(_LENGTH.pack(len(reply)) + reply)
                await writer.drain()
        except (asyncio.IncompleteReadError, TimeoutError, ConnectionError):
            pass
        finally:
            self._tcp_connections -= 1
            writer.close()


class _UdpListener(asyncio.DatagramProtocol):
    """One UDP listener: blocked and cached names are answered right here."""

    def __init__(self, dns_filter: DnsFilter, key: ListenerKey) -> None:
        self._filter = dns_filter
        self._key = key
        self._transport: asyncio.DatagramTransport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        # uvloop's UDP transport does not derive from asyncio.DatagramTransport.
        self._transport = cast(asyncio.DatagramTransport, transport)

    def datagram_received(self, data: bytes, addr: tuple[str | object, ...]) -> None:
        dns_filter = self._filter
        state = dns_filter.state
        transport = self._transport
        if state is None or transport is None or self._key not in state.rules:
            return
        reply, query, decision = dns_filter.answer_at_once(state, self._key, data)
        if reply is not None:
            if query is not None and len(reply) > query.udp_size:
                reply = wire.truncated_reply(query)
            transport.sendto(reply, addr)
        elif query is not None and decision is not None:
            dns_filter.spawn_later(state, query, decision, lambda out: self._send(out, query, addr))

    def _send(self, reply: bytes, query: wire.Query, addr: tuple[str | object, ...]) -> None:
        transport = self._transport
        if transport is not None and not transport.is_closing():
            transport.sendto(wire.fits(reply, query), addr)

    def error_received(self, exc: Exception) -> None:
        pass  # ICMP errors about a client that went away


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
