"""The app guard: judges the processes of restricted sessions and ends those that must not run.

Each scan inspects new processes only; every process of a watched session is judged again on
each scan against the profile's current context (downtime, spent budgets), which is pure and
cheap since its identity is cached. A process that must not run is asked to quit and killed
after the grace period; the child is told, and the event is logged once per burst of
relaunches. Processes of other users, of the system and of Guardian itself are never touched.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

import psutil

from guardian.api import Event, EventKind, RunningApp
from guardian.apps.hashing import HashCache
from guardian.apps.monitor import ProcessMonitor, Tracked
from guardian.ledger import UsageLedger
from guardian.notices import app_blocked_notice
from guardian.platform.base import AppPlatform, Notifier, PlatformError, SessionInfo
from guardian.platform.processes import GRACE_SECONDS, protected_pids
from rules.appmatch import AppBlock, AppContext, AppMatcher, Identified, judge, usage_keys
from rules.catalogue import OsName

log = logging.getLogger(__name__)
BURST_SECONDS = 60.0
"""Relaunches of a blocked app within this long of the last one are one event, one notice."""
LEARNED_KEY = "learned-app-hashes"
SEEN_DAYS = 30
PICKER_HASH_BYTES = 32 << 20


@dataclass(frozen=True, slots=True)
class Watched:
    """A restricted session, its profile, and what the profile's app rules depend on now."""

    session: SessionInfo
    profile: str
    matcher: AppMatcher
    context: AppContext


@dataclass(frozen=True, slots=True)
class Ended:
    """A process the guard ended (for tests and benchmarks)."""

    pid: int
    account: str
    app: str | None
    name: str
    reason: AppBlock


class AppGuard:
    """Enforces app rules on the sessions it is given, one scan at a time."""

    def __init__(
        self,
        apps: AppPlatform,
        notifier: Notifier,
        ledger: UsageLedger,
        monotonic: Callable[[], float],
        publish: Callable[[Event], None],
        *,
        os_name: OsName,
        notify_sessions: bool,
        grace: float = GRACE_SECONDS,
    ) -> None:
        self._apps = apps
        self._notifier = notifier
        self._ledger = ledger
        self._monotonic = monotonic
        self._publish = publish
        self._notify_sessions = notify_sessions
        self._grace = grace
        self.hashes = HashCache()
        self.monitor = ProcessMonitor(os_name, monotonic, apps.app_ids, skip=protected_pids())
        self._dying: dict[int, tuple[psutil.Process, float]] = {}
        self._bursts: dict[tuple[str, str], float] = {}
        self._owners: dict[tuple[int, str], bool] = {}
        """Whether a PID belongs to a session's user, by (pid, session id)."""
        self._owned_by: dict[str, set[int]] = {}
        """The PIDs in `_owners` by session id, to forget them when they end."""
        self._members: dict[str, dict[int, tuple[str, ...]]] = {}
        """Allowed processes of each session with the usage keys they count towards."""
        self._judged_under: dict[str, tuple[int, AppContext, str]] = {}
        self._watched_uids: frozenset[int] | None = frozenset()
        """The uids of the watched sessions (never root's); None when a session has no uid
        (Windows), so that no launch can be told apart by its owner."""
        self.learned: dict[str, str] = json.loads(ledger.meta(LEARNED_KEY) or "{}")
        self.learned_version = len(self.learned)
        self._seen: dict[tuple[str, str], tuple[Tracked, str, datetime]] = {}
        self.ended: list[Ended] = []
        """The most recent ends, newest last (bounded)."""
        self._own_prefix = os.path.realpath(sys.prefix)
        self._own_python = os.path.realpath(sys.executable)

    # --- the scan ----------------------------------------------------------------------------

    def scan(self, watched: list[Watched], now: datetime) -> int:
        """Find new processes and end each watched session's process that must not run;
        returns how many were asked to end.

        Only new processes are judged, unless a session's rules or context changed since the
        last scan (a budget ran out, downtime began, a new policy): then all of them are.
        """
        fresh = self.monitor.scan()
        for pid in self.monitor.gone:
            self._forget(pid)
        for tracked in fresh:
            self._forget(tracked.pid)
        self._finish_dying()
        uids = [w.session.uid for w in watched]
        self._watched_uids = None if None in uids else frozenset(u for u in uids if u)
        state = {w.session.id: (w.matcher.serial, w.context, w.profile) for w in watched}
        everything = state != self._judged_under
        self._judged_under = state
        if not watched:
            return 0
        ended = 0
        for tracked in list(self.monitor.tracked()) if everything else fresh:
            if tracked.pid in self._dying:
                continue
            owner = self._owner(tracked, watched)
            if owner is None:
                continue
            identified = self.identify(tracked, owner)
            reason = judge(
                identified,
                owner.context,
                allows_unmanaged=owner.matcher.explicitly_allows_unmanaged(identified),
                helper_of_allowed=self._helper(tracked, owner),
            )
            members = self._members.setdefault(owner.session.id, {})
            if reason is not None:
                members.pop(tracked.pid, None)
                self._end(tracked, identified, reason, owner, now)
                ended += 1
                continue
            keys = usage_keys(identified)
            if keys:
                members[tracked.pid] = keys
            else:
                members.pop(tracked.pid, None)
        for tracked in fresh:
            owner = self._owner(tracked, watched)
            if owner is not None and tracked.pid not in self._dying:
                self._seen[(owner.session.user, tracked.facts.exe or tracked.facts.name)] = (
                    tracked,
                    owner.session.user,
                    now,
                )
        return ended

    def _forget(self, pid: int) -> None:
        """Drop what is known of a PID's ownership and use (it ended, or exec'd anew)."""
        for session in list(self._owned_by):
            if pid in self._owned_by[session]:
                self._owned_by[session].discard(pid)
                self._owners.pop((pid, session), None)
        for members in self._members.values():
            members.pop(pid, None)

    def may_concern(self, pid: int) -> bool:
        """Whether a launch could be a watched session's, cheaply and from any thread: on
        POSIX the owner of /proc/<pid> (one stat), so that the launches of the system and of
        other users, which can come by the hundred a second, cost no scan."""
        uids = self._watched_uids
        if uids is None:
            return True
        if not uids:
            return False
        try:
            return os.stat(f"/proc/{pid}").st_uid in uids
        except OSError:
            return not os.path.isdir("/proc/self")  # no /proc to ask: let the scan decide

    def identify(self, tracked: Tracked, owner: Watched) -> Identified:
        """The app a process is under a profile's rules (cached per matcher)."""
        key = f"{owner.profile}:{owner.matcher.serial}"
        found = tracked.identified.get(key)
        if found is None:
            sha256 = (
                self.hashes.for_process(tracked.facts.exe, tracked.image)
                if owner.matcher.uses_hashes
                else (lambda path: None)
            )
            found = owner.matcher.identify(tracked.facts, sha256)
            tracked.identified = {key: found}
        return found

    def _owner(self, tracked: Tracked, watched: list[Watched]) -> Watched | None:
        for owner in watched:
            session = owner.session
            if session.uid is not None and tracked.uids and session.uid not in tracked.uids:
                continue
            key = (tracked.pid, session.id)
            mine = self._owners.get(key)
            if mine is None:
                mine = self._owners[key] = self._apps.owns(
                    session, tracked.pid, tracked.uids, tracked.username
                ) and not self._is_guardian(tracked)
                self._owned_by.setdefault(session.id, set()).add(tracked.pid)
            if mine:
                return owner
        return None

    def _is_guardian(self, tracked: Tracked) -> bool:
        """Guardian's own programs (the child's tray): started from Guardian's installation,
        which a child cannot write to, so a program merely named like it is not one."""
        facts = tracked.facts
        if not facts.exe:
            return False
        exe = facts.exe
        if exe.startswith(self._own_prefix + os.sep) and "guardian" in exe.casefold():
            return True
        runs = facts.runs
        if exe != self._own_python or not runs.target or not runs.file:
            return False
        return runs.target.startswith(self._own_prefix + os.sep) and (
            "guardian" in runs.target.casefold()
        )

    def _helper(self, tracked: Tracked, owner: Watched) -> bool:
        """Whether a process is a helper an allowed app started from its own installation."""
        parent = self.monitor.get(tracked.ppid)
        if parent is None or not parent.facts.exe or not tracked.facts.exe:
            return False
        if not self.identify(parent, owner).listed:
            return False
        folder = os.path.dirname(parent.facts.exe)
        return tracked.facts.exe == parent.facts.exe or tracked.facts.exe.startswith(
            folder + os.sep
        )

    # --- ending ------------------------------------------------------------------------------

    def _end(
        self,
        tracked: Tracked,
        identified: Identified,
        reason: AppBlock,
        owner: Watched,
        now: datetime,
    ) -> None:
        process = tracked.process
        if reason is AppBlock.BLOCKED:
            # Before it ends: its executable stays readable only while it runs (a deleted file,
            # a memfd).
            self._learn(tracked, identified, owner.matcher)
        try:
            process.terminate()
        except psutil.NoSuchProcess:
            return
        except psutil.AccessDenied:
            log.warning("not allowed to end %s (pid %d)", identified.name, tracked.pid)
            return
        tick = self._monotonic()
        self._dying[tracked.pid] = (process, tick + self._grace)
        account = owner.session.user
        self.ended = [
            *self.ended[-99:],
            Ended(tracked.pid, account, identified.app, identified.name, reason),
        ]
        burst = (account, identified.app or identified.name)
        last = self._bursts.get(burst)
        self._bursts[burst] = tick
        if last is not None and tick - last < BURST_SECONDS:
            return
        self._bursts = {k: v for k, v in self._bursts.items() if tick - v < BURST_SECONDS}
        self._bursts[burst] = tick
        data = {
            "account": account,
            "app": identified.app,
            "name": identified.name,
            "reason": reason.value,
        }
        self._ledger.record(now, "app_blocked", owner.profile, exe=tracked.facts.exe, **data)
        self._publish(Event(EventKind.APP_BLOCKED, data))
        if self._notify_sessions:
            title, body = app_blocked_notice(identified.name, reason.value)
            try:
                self._notifier.notify(owner.session, title, body)
            except PlatformError as exc:
                log.warning("could not tell %s about %s: %s", account, identified.name, exc)

    def _finish_dying(self) -> None:
        """Kill what is still running after the grace period."""
        tick = self._monotonic()
        for pid, (process, deadline) in list(self._dying.items()):
            try:
                if not process.is_running() or process.status() == psutil.STATUS_ZOMBIE:
                    del self._dying[pid]
                    self.monitor.forget(pid)
                elif tick >= deadline:
                    process.kill()
                    del self._dying[pid]
                    self.monitor.forget(pid)
            except psutil.NoSuchProcess:
                del self._dying[pid]
                self.monitor.forget(pid)
            except psutil.AccessDenied:
                log.warning("not allowed to kill pid %d", pid)
                del self._dying[pid]

    @property
    def dying(self) -> int:
        """Processes asked to quit and not yet gone."""
        return len(self._dying)

    def _learn(self, tracked: Tracked, identified: Identified, matcher: AppMatcher) -> None:
        """Remember a blocked executable's hash, so a renamed copy anywhere is that app too."""
        path = matcher.learnable_path(tracked.facts, identified)
        if path is None or identified.app is None:
            return
        digest = self.hashes.for_process(tracked.facts.exe, tracked.image)(path)
        if digest is None or self.learned.get(digest) == identified.app:
            return
        self.learned[digest] = identified.app
        self.learned_version += 1
        self._ledger.set_meta(LEARNED_KEY, json.dumps(self.learned, sort_keys=True))

    # --- time and the picker -----------------------------------------------------------------

    def in_use(self, owner: Watched, foreground: int | None) -> tuple[set[str], bool]:
        """The usage keys (apps and categories) to credit this tick, and whether the app in
        front is always allowed (its time does not count against the day's budget).

        With a known foreground process only its app counts; without one, every running app
        of the session's user counts once (running time)."""
        if foreground is not None:
            tracked = self.monitor.get(foreground)
            if tracked is None or self._owner(tracked, [owner]) is None:
                return set(), False
            identified = self.identify(tracked, owner)
            return set(usage_keys(identified)), identified.allowed
        keys: set[str] = set()
        for found in self._members.get(owner.session.id, {}).values():
            keys.update(found)
        return keys, False

    def running(self, people: Callable[[Tracked], str | None]) -> list[RunningApp]:
        """Programs of people's accounts running now, one per executable; `people` names
        the account a process belongs to, or None for the system's."""
        found: dict[str, RunningApp] = {}
        stamp = datetime.now().astimezone().isoformat(timespec="seconds")
        for tracked in self.monitor.tracked():
            account = people(tracked)
            if account is None or not tracked.facts.exe:
                continue
            identified = next(iter(tracked.identified.values()), None)
            if tracked.facts.exe not in found:
                # Small files only: the parent waits, and renamed copies of big programs are
                # learned when the original is blocked.
                digest = self.hashes.sha256(tracked.image, PICKER_HASH_BYTES)
                found[tracked.facts.exe] = _running(tracked, account, identified, stamp, digest)
        return sorted(found.values(), key=lambda r: r.name.casefold())

    def flush_seen(self) -> None:
        """Write the programs seen since the last flush to the ledger."""
        for tracked, account, when in self._seen.values():
            identified = next(iter(tracked.identified.values()), None)
            row = _running(tracked, account, identified, when.isoformat(), None)
            self._ledger.remember_program(row)
        self._seen.clear()

    def seen(self, now: datetime) -> list[RunningApp]:
        """Programs seen in the last SEEN_DAYS days."""
        self.flush_seen()
        return self._ledger.programs(now - timedelta(days=SEEN_DAYS))


def _running(
    tracked: Tracked,
    account: str,
    identified: Identified | None,
    stamp: str,
    sha256: str | None,
) -> RunningApp:
    facts = tracked.facts
    return RunningApp(
        exe=facts.exe,
        name=identified.name if identified and identified.app else facts.name,
        cmdline=_short(facts.cmdline),
        app_ids=facts.app_ids,
        account=account,
        app=identified.app if identified else None,
        sha256=sha256,
        last_seen=stamp,
    )


def _short(cmdline: Iterable[str]) -> tuple[str, ...]:
    """A command line cut to what a parent needs to pick a rule (replies stay small)."""
    words = [word[:120] for word in list(cmdline)[:8]]
    return tuple(words)
