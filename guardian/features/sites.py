"""Site rules: the DNS filter process, the machine's DNS and browsers pointed at it, and what the
parent and the child learn of blocked sites.

The filter (`guardian/dns/`) runs as a process of its own, so a flood of queries never delays
counting screen time. Each tick this feature works out the `FilterConfig` in force — the
policy's site rules with schedules applied at this minute, who is at the computer, where to
forward — and sends it when it changes. The filter reports counts and blocks back; counts go to
the ledger per profile, day and site, blocks become one notice per burst for the child.

If the filter dies it is started again (the machine's DNS points at it, so a dead filter would
leave the machine without names); while it is down the parent is told. Stopping the service
puts the machine's DNS back as it was.
"""

from __future__ import annotations

import functools
import logging
import socket
import time
from collections import deque
from collections.abc import Callable, Iterable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import msgspec

from guardian.api import Event, EventKind, InvalidRequest
from guardian.compiled import CompiledPolicy, CompiledProfile
from guardian.dns.config import (
    Blocked,
    Counts,
    Failed,
    FilterConfig,
    Listener,
    ProfileFilter,
    Ready,
    Report,
)
from guardian.features.base import (
    FILE_CHECK_SECONDS,
    Feature,
    FilterOptions,
    ServiceContext,
    Tick,
)
from guardian.ledger import SiteCountRow
from guardian.methods import Access, Caller, Method
from guardian.platform.base import PlatformError, SitesPlatform
from guardian.problems import Problem, ProblemCode
from guardian.sites.client import (
    CategoryInfo,
    ImportedList,
    RecentBlock,
    SitesStatus,
    SiteTest,
)
from rules.model import AgePreset
from rules.sites import SitesNow, site_of, sites_at

if TYPE_CHECKING:  # loaded when first used: the service of a machine that filters no site,
    # and standalone mode until the parent tests an address, never need them
    from guardian.sites.index import SiteIndex
    from guardian.sites.store import ListStore

log = logging.getLogger(__name__)

RECENT_BLOCKS = 200
"""Blocks remembered for the child's and the parent's lists."""
BURST_SECONDS = 60.0
"""A site blocked again within this time is one burst: the child is told once."""
SITES_PER_DAY = 500
"""Distinct sites counted per profile and day; the rest are counted together as OTHER_SITE,
so a year of counts stays small however many names a machine looks up."""
OTHER_SITE = "(other)"
LOGGED_BLOCKS_PER_DAY = 300
"""Blocked sites written to the event log per profile and day (the counts hold them all)."""
RESTART_DELAYS = (0.5, 1.0, 2.0, 5.0, 10.0, 30.0)
"""Seconds before each restart of a filter that keeps dying."""
QUEUED_REPORTS = 10_000
LOOPBACK_V4 = "127.0.0.1"
LOOPBACK_V6 = "::1"

POINTED_CHECK_SECONDS = 30.0
"""How often the machine's DNS settings are checked to still point at the filter."""
ACCOUNTS_CHECK_SECONDS = 60.0
"""How often accounts are read again for per-account redirection (a new child account)."""


class FilterHandle(Protocol):
    """A running filter process (`guardian.dns.process.FilterClient`)."""

    def send(self, config: FilterConfig) -> None:
        """Put a config in force."""
        ...

    def alive(self) -> bool:
        """Whether the process still runs."""
        ...

    def stop(self) -> None:
        """End the process."""
        ...


FilterFactory = Callable[[Callable[[Report], None]], FilterHandle]
"""Starts a filter process whose reports go to the callback (called on another thread)."""


class TestParams(msgspec.Struct, forbid_unknown_fields=True):
    """`sites.test`: an address, and optionally one profile."""

    name: str
    profile: str | None = None


class ImportParams(msgspec.Struct, forbid_unknown_fields=True):
    """`sites.import`: a UT1 folder or tarball, or a list file taken in under `name`."""

    path: str
    name: str | None = None


class BlocksParams(msgspec.Struct, forbid_unknown_fields=True):
    """`sites.blocks`: one profile's blocks, or every profile's."""

    profile: str | None = None


def strictness(profile: CompiledProfile) -> tuple[int, int, int]:
    """Sort key, strictest first: allowlist-only, then the youngest preset, then the most
    blocked categories."""
    ages = list(AgePreset)
    sites = profile.sites
    return (
        0 if sites.allowlist_only else 1,
        ages.index(profile.rules.preset),
        -len(sites.block_categories),
    )


def _filter_of(profile_id: str, now: SitesNow) -> ProfileFilter:
    return ProfileFilter(
        id=profile_id,
        block_categories=tuple(sorted(now.block_categories)),
        allow_categories=tuple(sorted(now.allow_categories)),
        block=tuple(sorted(now.block)),
        allow=tuple(sorted(now.allow)),
        scheduled_block=tuple(sorted(now.scheduled_block)),
        scheduled_categories=tuple(sorted(now.scheduled_categories)),
        allowlist_only=now.allowlist_only,
        safe_search=now.safe_search,
    )


class SiteRules(Feature):
    """Filters names through the DNS filter process and keeps the system pointed at it."""

    name = "sites"

    def __init__(
        self,
        context: ServiceContext,
        *,
        start_filter: FilterFactory | None = None,
        store: ListStore | None = None,
    ) -> None:
        self._ctx = context
        self._options: FilterOptions | None = context.options.site_filter
        self._platform: SitesPlatform | None = context.platform.sites
        self._start_filter = start_filter or _default_filter
        self._given_store = store
        self._index: SiteIndex | None = None
        self._index_problem: Problem | None = None
        self._filter: FilterHandle | None = None
        self._reports: deque[Report] = deque(maxlen=QUEUED_REPORTS)
        self._sent: FilterConfig | None = None
        self._rules_for: object = None
        self._rules: tuple[ProfileFilter, ...] = ()
        self._upstreams: tuple[str, ...] = ()
        self._awaiting: deque[FilterConfig] = deque()
        """Configs sent whose Ready or Failed has not come yet, oldest first."""
        self._ready: FilterConfig | None = None
        """The config the filter last confirmed, and its listeners' ports."""
        self._ready_ports: tuple[int, ...] = ()
        self._ports: tuple[int, ...] = ()
        self._failed: Failed | None = None
        self._deaths = 0
        self._restart_at = 0.0
        self._system_upstreams: tuple[str, ...] | None = None
        self._pointed = False
        self._check_pointed_at = 0.0
        self._point_problem: str | None = None
        self._attributed: dict[int, int] = {}
        self._attributed_for: object = None
        self._accounts_checked = 0.0
        self._attribution_problem: str | None = None
        self._browsers_for: object = None
        self._browser_problem: str | None = None
        self._browsers: tuple[str, ...] = ()
        self._recent: deque[RecentBlock] = deque(maxlen=RECENT_BLOCKS)
        self._told: dict[tuple[str, str], float] = {}
        self._logged: dict[tuple[str, str], int] = {}
        self._counts: dict[tuple[str, str, str, str], list[int]] = {}
        self._day_sites: dict[tuple[str, str], set[str]] = {}
        self._index_stamp: tuple[int, int] | None = None
        self._index_checked = 0.0
        self._index_opened = False

    # --- life ----------------------------------------------------------------------------

    @functools.cached_property
    def _ipv6(self) -> bool:
        """Whether ::1 can be bound here (asked once, when a filter first needs listeners)."""
        return _ipv6_loopback()

    @property
    def _store(self) -> ListStore:
        """The lists on this machine (`<state>/sites`)."""
        if self._given_store is None:
            from guardian.sites.store import ListStore

            self._given_store = ListStore(self._ctx.paths.state / "sites")
        return self._given_store

    def start(self) -> None:
        """Where the filter runs, open the category index (building it from the lists at hand
        if there is none); elsewhere it is opened when an address is first tested."""
        if self._options is not None:
            self._open_index()

    def _index_at_hand(self) -> SiteIndex | None:
        if self._index is None and self._index_problem is None:
            self._open_index()
        return self._index

    def stop(self) -> None:
        """End the filter and put the machine's DNS back as it was."""
        self._stop_filter()
        self._release_system()
        self.flush()

    def compile(self, policy: CompiledPolicy) -> None:
        """A new policy: browsers get their policies again and the filter a new config."""
        self._browsers_for = None

    @property
    def _enabled(self) -> bool:
        policy = self._ctx.policy()
        return policy.configured and any(p.sites.filter for p in policy.profiles.values())

    def act(self, tick: Tick) -> None:
        """Hear the filter, keep it running with the config in force, keep the system and
        the browsers pointed at it."""
        self._drain(tick.now)
        self._check_index()
        self._write_browsers(tick.policy)  # removes them when nobody is filtered
        if not self._enabled:
            self._stop_filter()
            self._release_system()
            return
        if self._options is None:
            return
        if (self._filter is None or not self._filter.alive()) and not self._restart():
            return
        config = self._config(tick)
        if config != self._sent:
            assert self._filter is not None
            try:
                self._filter.send(config)
            except OSError as exc:  # it died since `alive`: the next tick starts it again
                log.warning("the site filter did not take its config: %s", exc)
                return
            self._sent = config
            self._awaiting.append(config)
        if self._ports:
            self._point_system()
            self._attribute(tick.policy)

    # --- the filter process --------------------------------------------------------------

    def _on_report(self, report: Report) -> None:
        # The filter's reader thread: only queue; the tick handles reports.
        self._reports.append(report)

    def _restart(self) -> bool:
        """Start the filter (again); False while waiting out the backoff."""
        now = time.monotonic()
        if self._filter is not None:
            self._deaths += 1
            log.error("the site filter stopped; starting it again (%d)", self._deaths)
            self._filter.stop()  # collects the process and closes its pipes
            self._filter = None
            self._ports = ()
            self._awaiting.clear()
            delay = RESTART_DELAYS[min(self._deaths, len(RESTART_DELAYS)) - 1]
            self._restart_at = now + delay
        if now < self._restart_at:
            return False
        self._sent = None
        try:
            self._filter = self._start_filter(self._on_report)
        except OSError as exc:
            log.error("the site filter could not be started: %s", exc)
            self._failed = Failed("start", str(exc))
            self._deaths += 1
            self._restart_at = now + RESTART_DELAYS[min(self._deaths, len(RESTART_DELAYS)) - 1]
            return False
        return True

    def _stop_filter(self) -> None:
        if self._filter is not None:
            self._filter.stop()
        self._filter = None
        self._sent = None
        self._ports = ()
        self._awaiting.clear()

    def _listeners(self, policy: CompiledPolicy) -> tuple[Listener, ...]:
        """The shared listener, and with per-account redirection one per filtered profile;
        each also on ::1 once its port is known (redirected IPv6 queries land there)."""
        assert self._options is not None
        wanted: list[Listener] = [Listener(self._options.address, self._options.port)]
        if self._platform is not None and self._platform.attribution is not None:
            wanted += [
                Listener(self._options.address, 0, profile.id)
                for profile in sorted(policy.profiles.values(), key=lambda p: p.id)
                if profile.sites.filter
            ]
        # A listener on port 0 keeps the port the filter chose across configs; its ::1 twin
        # is added once that port is known.
        bound = self._bound_ports()
        found: list[Listener] = []
        for listener in wanted:
            found.append(listener)
            port = bound.get((listener.host, listener.profile), listener.port)
            if port and self._ipv6 and self._options.address == LOOPBACK_V4:
                found.append(Listener(LOOPBACK_V6, port, listener.profile))
        return tuple(found)

    def _bound_ports(self) -> dict[tuple[str, str | None], int]:
        """Ports the filter bound for the listeners of the config in force."""
        if self._ready is None:
            return {}
        return {
            (listener.host, listener.profile): port
            for listener, port in zip(self._ready.listeners, self._ready_ports, strict=False)
        }

    def _config(self, tick: Tick) -> FilterConfig:
        policy = tick.policy
        local = tick.now.astimezone(policy.zone)
        minute = (policy, local.weekday(), local.hour * 60 + local.minute)
        if minute != self._rules_for:  # schedules move by the minute, not by the tick
            self._rules_for = minute
            self._rules = tuple(
                _filter_of(p.id, sites_at(p.sites, minute[1], minute[2]))
                for p in sorted(policy.profiles.values(), key=lambda p: p.id)
                if p.sites.filter
            )
            self._upstreams = tuple(
                a for a in policy.policy.dns.upstreams(self._machine_upstreams()) if _usable(a)
            )
        return FilterConfig(
            listeners=self._listeners(policy),
            upstreams=self._upstreams,
            profiles=self._rules,
            default_profile=self._shared_profile(tick),
            index=self._index_path(),
        )

    def _shared_profile(self, tick: Tick) -> str | None:
        """Whose rules the shared listener applies: the active session's profile, and when
        that is unclear, the strictest restricted profile logged in.

        Also with per-account redirection: names a child's programs look up through the
        system's resolver service (systemd-resolved over D-Bus) reach the shared listener
        from the resolver's own account, so it cannot be left unfiltered."""
        filtered = [w for w in tick.watched if w.profile.sites.filter]
        if not filtered:
            return None
        active = [s for s in self._ctx.sessions() if s.active]
        active_restricted = {w.profile.id for w in filtered if w.session.active}
        if len(active) == 1 and len(active_restricted) == 1:
            return active_restricted.pop()
        if len(active) == 1 and not active_restricted:
            return None  # an unrestricted person is at the computer
        return min((w.profile for w in filtered), key=strictness).id

    def _machine_upstreams(self) -> tuple[str, ...]:
        if self._options is not None and self._options.upstreams is not None:
            return self._options.upstreams
        if self._system_upstreams is None:
            if self._platform is not None:
                self._system_upstreams = self._platform.system_dns.current_upstreams()
            else:
                self._system_upstreams = _resolv_conf_upstreams(Path("/etc/resolv.conf"))
        return self._system_upstreams

    # --- the system and the browsers -----------------------------------------------------

    def _point_system(self) -> None:
        if self._platform is None or self._options is None:
            return
        if self._pointed:
            # Something else (a DHCP client, a VPN app) may write the settings back.
            moment = time.monotonic()
            if moment < self._check_pointed_at:
                return
            self._check_pointed_at = moment + POINTED_CHECK_SECONDS
            if self._platform.system_dns.pointed():
                return
            log.warning("the machine's DNS no longer points at the site filter; pointing again")
        self._machine_upstreams()  # read before pointing: afterwards the filter is the resolver
        outcome = self._platform.system_dns.point_at(self._options.address, self._ports[0])
        self._pointed = outcome.ok
        self._point_problem = None if outcome.ok else outcome.error or "failed"

    def _attribute(self, policy: CompiledPolicy) -> None:
        """Send each restricted account's DNS to its profile's listener (the accounts are read
        again when the policy or the ports change, and every ACCOUNTS_CHECK_SECONDS)."""
        if self._platform is None or self._platform.attribution is None:
            return
        assert self._options is not None
        port_of = {
            profile: port
            for (host, profile), port in self._bound_ports().items()
            if profile is not None and host == self._options.address and port
        }
        moment = time.monotonic()
        key = (policy, tuple(sorted(port_of.items())))
        if key == self._attributed_for and moment < self._accounts_checked:
            return
        self._attributed_for = key
        self._accounts_checked = moment + ACCOUNTS_CHECK_SECONDS
        wanted: dict[int, int] = {}
        for account in self._ctx.platform.accounts.accounts():
            profile = policy.for_account(account.name)
            if account.uid is not None and profile is not None and profile.id in port_of:
                wanted[account.uid] = port_of[profile.id]
        if wanted == self._attributed and self._attribution_problem is None:
            return
        outcome = self._platform.attribution.apply(wanted)
        self._attributed = wanted if outcome.ok else {}
        self._attribution_problem = None if outcome.ok else outcome.error or "failed"

    def _write_browsers(self, policy: CompiledPolicy) -> None:
        if self._platform is None or self._browsers_for is policy:
            return
        self._browsers_for = policy
        from guardian.platform.browsers import MAX_PATTERNS, BrowserRules

        filtered = sorted(
            (p for p in policy.profiles.values() if p.sites.filter and policy.configured),
            key=strictness,
        )
        if not filtered:
            self._platform.browsers.remove()
            return
        strictest = filtered[0].sites
        rules = BrowserRules(
            # The filter covers every name; browsers get the parent's own lists on top (their
            # policies take a bounded number of patterns).
            block_urls=tuple(sorted(strictest.block))[:MAX_PATTERNS],
            allow_urls=tuple(sorted(strictest.allow))[:MAX_PATTERNS],
            safe_search=any(p.sites.safe_search for p in filtered),
            youtube_restricted=any(p.sites.safe_search for p in filtered),
            disable_doh=True,
            disable_private=True,
        )
        outcome = self._platform.browsers.apply(rules)
        self._browser_problem = (
            None
            if outcome.ok
            else "; ".join(f"{f.browser} ({f.location}): {f.error}" for f in outcome.failed)
        )
        self._browsers = tuple(sorted({done.browser for done in outcome.done}))

    def _release_system(self) -> None:
        if self._platform is None:
            return
        if self._pointed:
            try:
                self._platform.system_dns.restore()
            except PlatformError as exc:
                log.error("the machine's DNS settings were not put back: %s", exc)
                self._point_problem = str(exc)
                return
            self._pointed = False
        if self._attributed and self._platform.attribution is not None:
            self._platform.attribution.remove()
            self._attributed = {}
        self._attributed_for = None

    # --- the index -----------------------------------------------------------------------

    def _open_index(self) -> None:
        from guardian.sites.index import BadIndex, SiteIndex

        self._index_opened = True
        path = self._store.current()
        if path is None:
            result = self._store.rebuild()
            if not result.ok:
                self._index_problem = Problem(
                    ProblemCode.SITE_LISTS_FAILED, detail=str(result.reason)
                )
                return
            path = self._store.current()
            if path is None:
                return
        self._index_stamp = self._stamp()
        old = self._index
        try:
            self._index = SiteIndex.open(path)
            self._index_problem = None
            if old is not None:
                old.close()
        except (BadIndex, OSError) as exc:
            log.error("the category index %s does not open: %s", path, exc)
            self._index = None
            self._index_problem = Problem(ProblemCode.SITE_LISTS_FAILED, detail=str(exc))

    def _stamp(self) -> tuple[int, int] | None:
        path = self._store.current()
        try:
            found = path.stat() if path is not None else None
        except OSError:
            return None
        return None if found is None else (found.st_ino, found.st_mtime_ns)

    def _check_index(self) -> None:
        """Lists imported by `guardian sites import` (another process) come into force."""
        moment = time.monotonic()
        if not self._index_opened or moment < self._index_checked:
            return
        self._index_checked = moment + FILE_CHECK_SECONDS
        if self._stamp() != self._index_stamp:
            self._open_index()
            self._sent = None  # the filter reopens the index when it gets the config again

    def _index_path(self) -> str | None:
        path = self._store.current() if self._index is not None else None
        return None if path is None else str(path)

    # --- reports -------------------------------------------------------------------------

    def _drain(self, now: datetime) -> None:
        while self._reports:
            report = self._reports.popleft()
            if isinstance(report, Ready):
                self._ready = self._awaiting.popleft() if self._awaiting else self._sent
                self._ports = self._ready_ports = report.ports
                self._failed = None
                self._deaths = 0
            elif isinstance(report, Failed):
                log.error("the site filter: %s: %s", report.what, report.detail)
                if self._awaiting:
                    self._awaiting.popleft()
                self._failed = report
            elif isinstance(report, Counts):
                self._count(now, report)
            elif isinstance(report, Blocked):
                self._blocked(now, report)

    def _count(self, now: datetime, report: Counts) -> None:
        day = self._ctx.policy().day(now).isoformat()
        for row in report.rows:
            site = site_of(row.name)
            seen = self._day_sites.setdefault((row.profile, day), set())
            if site not in seen and len(seen) >= SITES_PER_DAY:
                site = OTHER_SITE
            seen.add(site)
            counts = self._counts.setdefault((row.profile, day, site, row.rule), [0, 0])
            counts[0] += row.allowed
            counts[1] += row.blocked

    def _blocked(self, now: datetime, report: Blocked) -> None:
        at = now.astimezone(self._ctx.policy().zone).isoformat()
        block = RecentBlock(at, report.profile, report.name, report.rule)
        key = (report.profile, site_of(report.name))
        moment = time.monotonic()
        if moment - self._told.get(key, -BURST_SECONDS) < BURST_SECONDS:
            return
        self._told = {k: v for k, v in self._told.items() if moment - v < BURST_SECONDS}
        self._told[key] = moment
        self._recent.appendleft(block)
        # A child asking for name after random name (easy in allowlist-only mode) must not
        # fill the log: at most LOGGED_BLOCKS_PER_DAY per profile; the counts keep the rest.
        day = self._ctx.policy().day(now).isoformat()
        logged = self._logged.get((report.profile, day), 0)
        if logged < LOGGED_BLOCKS_PER_DAY:
            self._logged = {k: v for k, v in self._logged.items() if k[1] == day}
            self._logged[(report.profile, day)] = logged + 1
            self._ctx.ledger.record(
                now, "site_blocked", report.profile, name=report.name, rule=report.rule
            )
        policy = self._ctx.policy()
        accounts = {
            s.user
            for s in self._ctx.sessions()
            if (p := policy.for_account(s.user)) is not None and p.id == report.profile
        }
        for account in sorted(accounts):
            data = {"account": account, **msgspec.to_builtins(block)}
            self._ctx.publish(Event(EventKind.SITE_BLOCKED, data))

    def flush(self) -> None:
        """Add the counts heard since the last flush to the ledger; forget the sites seen on
        days before today (the cap is per day)."""
        counts, self._counts = self._counts, {}
        today = self._ctx.policy().day(self._ctx.trusted.now()).isoformat()
        self._day_sites = {k: v for k, v in self._day_sites.items() if k[1] >= today}
        if counts:
            self._ctx.ledger.add_site_counts(
                SiteCountRow(profile, day, site, rule, allowed, blocked)
                for (profile, day, site, rule), (allowed, blocked) in counts.items()
            )

    # --- what the parent and the child see -----------------------------------------------

    def problems(self) -> list[Problem]:
        """A filter that does not run or does not answer, lists that are missing or failed,
        the system or browsers not pointed at the filter."""
        if not self._enabled or self._options is None:
            # Without a filter (standalone mode) sites are only tested, never enforced; the
            # Sites page says so.
            return []
        found: list[Problem] = []
        if self._index_problem is not None:
            found.append(self._index_problem)
        if self._filter is None or not self._filter.alive():
            found.append(Problem(ProblemCode.SITE_FILTER_DOWN, dismissable=False))
        elif self._failed is not None:
            found.append(
                Problem(
                    ProblemCode.SITE_FILTER_DOWN,
                    {"step": self._failed.what},
                    self._failed.detail,
                    dismissable=False,
                )
            )
        if self._point_problem is not None:
            found.append(
                Problem(ProblemCode.SITE_SYSTEM_DNS, detail=self._point_problem, dismissable=False)
            )
        if self._attribution_problem is not None:
            found.append(Problem(ProblemCode.SITE_ATTRIBUTION, detail=self._attribution_problem))
        if self._browser_problem is not None:
            found.append(Problem(ProblemCode.SITE_BROWSERS, detail=self._browser_problem))
        missing = self._missing_categories()
        if missing:
            found.append(
                Problem(ProblemCode.SITE_LISTS_MISSING, {"categories": ", ".join(missing)})
            )
        return found

    def _missing_categories(self) -> list[str]:
        have = set(self._index.sources) if self._index is not None else set()
        named: set[str] = set()
        for profile in self._ctx.policy().profiles.values():
            if profile.sites.filter:
                named |= profile.sites.categories
        return sorted(named - have)

    def test(self, name: str, profile_id: str | None) -> list[SiteTest]:
        """What each profile's rules (or one's) do with an address, now."""
        from guardian.sites.check import check_address

        try:
            return check_address(
                self._ctx.policy(), self._index_at_hand(), name, self._ctx.trusted.now(), profile_id
            )
        except ValueError as exc:
            raise InvalidRequest(str(exc)) from None

    def categories(self) -> list[CategoryInfo]:
        """The category lists on this machine."""
        return [CategoryInfo(c.name, c.names, c.white, c.builtin) for c in self._store.categories()]

    def import_lists(self, path: str, name: str | None) -> list[ImportedList]:
        """Take in lists, rebuild the index and put it in force; a failure keeps the old."""
        from guardian.sites.lists import ListError

        source = Path(path)
        try:
            if name is None:
                results = self._store.import_ut1(source)
            else:
                results = [self._store.import_file(source, name)]
        except (ListError, OSError, ValueError) as exc:
            raise InvalidRequest(f"{path}: {exc}") from None
        built = self._store.rebuild()
        if not built.ok:
            self._index_problem = Problem(ProblemCode.SITE_LISTS_FAILED, detail=str(built.reason))
        else:
            self._open_index()
            self._sent = None
        return [ImportedList(r.name, r.names, r.skipped) for r in results]

    def status_of_filter(self) -> SitesStatus:
        """The state of site filtering, for the parent."""
        listen: tuple[str, ...] = ()
        if self._options is not None and self._ready is not None:
            listen = tuple(
                f"{listener.host}:{port}"
                if ":" not in listener.host
                else f"[{listener.host}]:{port}"
                for listener, port in zip(self._ready.listeners, self._ports, strict=False)
            )
        index = self._index_at_hand()
        return SitesStatus(
            enabled=self._enabled,
            running=self._filter is not None and self._filter.alive() and bool(self._ports),
            listen=listen,
            system_pointed=self._pointed,
            upstreams=() if self._sent is None else self._sent.upstreams,
            per_account=bool(self._attributed),
            browsers=self._browsers,
            lists=0 if index is None else index.keys,
            index_built=None
            if index is None
            else datetime.fromtimestamp(index.built, self._ctx.policy().zone).isoformat(),
        )

    def recent_for(self, profile_id: str | None) -> list[RecentBlock]:
        """Blocks remembered for a profile (None: all), newest first."""
        return [b for b in self._recent if profile_id is None or b.profile == profile_id]

    def methods(self) -> Iterable[Method]:
        """sites.test, sites.categories, sites.import, sites.status and sites.blocks for the
        parent; sites.recent for a child's own blocks."""

        def own_recent(caller: Caller, params: object) -> list[RecentBlock]:
            profile = self._ctx.policy().for_account(caller.account)
            return [] if profile is None else self.recent_for(profile.id)[:50]

        return [
            Method(
                "sites.test",
                lambda c, p: self.test(p.name, p.profile),
                TestParams,
                Access.PARENT,
            ),
            Method("sites.categories", lambda c, p: self.categories(), access=Access.PARENT),
            Method(
                "sites.import",
                lambda c, p: self.import_lists(p.path, p.name),
                ImportParams,
                Access.PARENT,
            ),
            Method("sites.status", lambda c, p: self.status_of_filter(), access=Access.PARENT),
            Method(
                "sites.blocks",
                lambda c, p: self.recent_for(p.profile),
                BlocksParams,
                Access.PARENT,
            ),
            Method("sites.recent", own_recent),
        ]


def _usable(address: str) -> bool:
    """Whether the filter can forward to an address (a scoped link-local one it cannot)."""
    from guardian.dns.upstream import Upstream

    try:
        Upstream.parse(address)
    except ValueError:
        return False
    return True


def _ipv6_loopback() -> bool:
    """Whether ::1 can be bound here (IPv6 may be off)."""
    try:
        with socket.socket(socket.AF_INET6, socket.SOCK_DGRAM) as probe:
            probe.bind((LOOPBACK_V6, 0))
    except OSError:
        return False
    return True


def _default_filter(on_report: Callable[[Report], None]) -> FilterHandle:
    from guardian.dns.process import FilterClient

    client = FilterClient(on_report)
    client.start()
    return client


def _resolv_conf_upstreams(path: Path) -> tuple[str, ...]:
    """The name servers of a resolv.conf (none when it cannot be read)."""
    from guardian.platform.system_dns import nameservers

    try:
        return nameservers(path.read_text(encoding="utf-8", errors="replace"))
    except OSError:
        return ()
