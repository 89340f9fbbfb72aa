"""The usage ledger: screen time per profile per day (and per account per hour), grants,
warnings shown and events.

SQLite in WAL mode with full sync. Usage accumulates in memory between flushes and is written
with MAX() so a row never goes down. Every write is kept in memory until it lands: when the
disk is full, read-only or failing, counting and enforcement go on from memory, the writes are
retried with a backoff and `problem` tells the parent. A snapshot of all state is refreshed
beside the database; a damaged, empty or missing database is rebuilt from it, and when nothing
can be recovered the day counts as spent (fail closed) until the parent grants time.
"""

from __future__ import annotations

import contextlib
import json
import logging
import sqlite3
import urllib.parse
from collections import deque
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, NamedTuple

from guardian.api import RunningApp
from guardian.limits import STORED_PER_DAY, day_of
from guardian.problems import Problem, ProblemCode
from guardian.state_snapshot import StateSnapshot
from guardian.storage_faults import (
    DamagedDatabase,
    RetryBackoff,
    fault_reason,
    is_damage,
    is_storage_fault,
)

log = logging.getLogger(__name__)

SCHEMA_VERSION = 3
"""1: the first schema. 2: `usage` and `sites` stored in their primary key's order (WITHOUT
ROWID, half the size), no index of events by time (prune alone used it), `activity` added.
3: `grants.outside_hours` (grants stored before it opened the computer outside the allowed
hours, and keep that meaning)."""
_USAGE_TABLE = """CREATE TABLE IF NOT EXISTS usage (
    profile TEXT NOT NULL, day TEXT NOT NULL, seconds REAL NOT NULL,
    PRIMARY KEY (profile, day)) WITHOUT ROWID"""
_SITES_TABLE = """CREATE TABLE IF NOT EXISTS sites (
    profile TEXT NOT NULL, day TEXT NOT NULL, site TEXT NOT NULL, rule TEXT NOT NULL,
    allowed INTEGER NOT NULL, blocked INTEGER NOT NULL,
    PRIMARY KEY (profile, day, site, rule)) WITHOUT ROWID"""
_KEYED_TABLES = {"usage": _USAGE_TABLE, "sites": _SITES_TABLE}
"""Tables a version-1 database has with a rowid, rebuilt by `_migrate`."""
SCHEMA = f"""
{_USAGE_TABLE};
CREATE TABLE IF NOT EXISTS grants (
    id INTEGER PRIMARY KEY, profile TEXT NOT NULL, day TEXT NOT NULL,
    granted_at TEXT NOT NULL, minutes INTEGER, outside_hours INTEGER NOT NULL DEFAULT 1);
CREATE INDEX IF NOT EXISTS grants_by_day ON grants (profile, day);
CREATE TABLE IF NOT EXISTS warnings (
    profile TEXT NOT NULL, day TEXT NOT NULL, minutes INTEGER NOT NULL,
    PRIMARY KEY (profile, day, minutes));
CREATE TABLE IF NOT EXISTS events (
    id INTEGER PRIMARY KEY, at TEXT NOT NULL, profile TEXT, kind TEXT NOT NULL, data TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS events_by_kind ON events (kind, id);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS programs (
    account TEXT NOT NULL, exe TEXT NOT NULL, name TEXT NOT NULL, cmdline TEXT NOT NULL,
    app_ids TEXT NOT NULL, app TEXT, last_seen TEXT NOT NULL, PRIMARY KEY (account, exe));
{_SITES_TABLE};
CREATE TABLE IF NOT EXISTS activity (
    profile TEXT NOT NULL, day TEXT NOT NULL, hour INTEGER NOT NULL, account TEXT NOT NULL,
    seconds REAL NOT NULL, PRIMARY KEY (profile, day, hour, account)) WITHOUT ROWID;
"""
OTHER_SITE = "(other)"
"""The site counts' row for the sites not kept one by one (the site filter's own name for it)."""
SITES_KEPT = 100
"""Sites of one profile and day kept one by one once their detail is old: the busiest and,
besides, the most blocked; the rest are folded into OTHER_SITE."""
SITE_DETAIL_KEY = "sites-detail-from"
"""Meta: the first day whose site counts are still complete (days before are folded)."""
SPENT_KEY = "spent-days"
SNAPSHOT_EVERY = 6
"""Flushes between snapshot refreshes: with a flush every 5 s, a snapshot every 30 s."""
SNAPSHOT_DAYS = 40
"""Days of usage, grants and warnings a snapshot carries (a week's budget needs seven)."""
SNAPSHOT_EVENTS = 200
"""Newest events a snapshot carries (the parent's log shows as many)."""
SNAPSHOT_PROGRAMS = 300
PENDING_EVENTS = 5000
"""Events kept in memory while the disk refuses them; older ones are dropped first."""

_UPSERT_USAGE = (
    "INSERT INTO usage VALUES (?, ?, ?) ON CONFLICT (profile, day) "
    "DO UPDATE SET seconds = MAX(seconds, excluded.seconds)"
)
_UPSERT_ACTIVITY = (
    "INSERT INTO activity VALUES (?, ?, ?, ?, ?) ON CONFLICT (profile, day, hour, account) "
    "DO UPDATE SET seconds = MAX(seconds, excluded.seconds)"
)
_INSERT_GRANT = (
    "INSERT INTO grants (profile, day, granted_at, minutes, outside_hours) "
    "SELECT ?1, ?2, ?3, ?4, ?5 WHERE NOT "
    "EXISTS (SELECT 1 FROM grants WHERE profile=?1 AND day=?2 AND granted_at=?3)"
)
_INSERT_WARNING = "INSERT OR IGNORE INTO warnings VALUES (?, ?, ?)"
_INSERT_EVENT = "INSERT INTO events (at, profile, kind, data) VALUES (?, ?, ?, ?)"
_INSERT_PROGRAM = "INSERT OR REPLACE INTO programs VALUES (?, ?, ?, ?, ?, ?, ?)"
_ADD_SITE_COUNTS = (
    "INSERT INTO sites VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (profile, day, site, rule) "
    "DO UPDATE SET allowed = allowed + excluded.allowed, blocked = blocked + excluded.blocked"
)


PROFILE_HOURS = ""
"""The `account` of a profile's own row in `activity`: its screen time in that hour, counted
once however many of its accounts were in use (as `usage` counts the day)."""


class ActivityKey(NamedTuple):
    """One hour of one account's screen time under a profile, hours in the policy's zone."""

    profile: str
    account: str
    """The OS account, or PROFILE_HOURS for the profile as a whole."""
    day: date
    hour: int
    """0-23 on the policy's clock: the hour repeated when clocks go back is one hour."""


class SiteCountRow(NamedTuple):
    """Queries for one site under one profile on one day, by the rule that decided."""

    profile: str
    day: str
    site: str
    rule: str
    """"" for allowed queries with no rule; else as the DNS filter reports it."""
    allowed: int
    blocked: int


class LedgerError(Exception):
    """The state database cannot be used; the message says which file and why."""


@dataclass(frozen=True, slots=True)
class GrantRow:
    """A grant as stored."""

    granted_at: datetime
    minutes: int | None
    outside_hours: bool = False
    """The grant also opens the computer outside the allowed hours for its time."""


@dataclass(frozen=True, slots=True)
class EventRow:
    """An event as stored; `id` grows with every event."""

    id: int
    at: str
    profile: str | None
    kind: str
    data: dict[str, Any]


class UsageLedger:
    """Usage and events of every profile, persisted in one SQLite file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.snapshot_path = path.with_name(path.name + ".snapshot.json")
        self.recovery: Problem | None = None
        """STATE_RECOVERED or STATE_LOST when the database was damaged or lost at open."""
        self._fault: Problem | None = None
        self._backoff = RetryBackoff()
        self._writable = False
        """Whether `_db` is the real file opened for writing (else read-only or in memory)."""
        self._flushes = 0
        self._closed = False
        self._cache: dict[tuple[str, str], float] = {}
        self._activity: dict[tuple[str, str, int, str], float] = {}
        """Screen time per (profile, day, hour, account) credited lately, flushed or not."""
        # Grants and warnings are read every tick and written rarely: cache per (profile, day).
        self._grants: dict[tuple[str, str], tuple[GrantRow, ...]] = {}
        self._warned: dict[tuple[str, str], frozenset[int]] = {}
        self._meta: dict[str, str] = {}
        # Writes not yet in the database, in memory until they land.
        self._pending: dict[tuple[str, str], float] = {}
        self._pending_activity: dict[tuple[str, str, int, str], float] = {}
        self._pending_meta: dict[str, str] = {}
        self._pending_rows: list[tuple[str, tuple[Any, ...]]] = []
        """Grant and warning statements, in order (a clear comes before a new mark)."""
        self._pending_events: deque[tuple[str, str | None, str, str]] = deque(maxlen=PENDING_EVENTS)
        self._pending_programs: dict[tuple[str, str], tuple[Any, ...]] = {}
        self._caused: dict[tuple[str, str, str], int] = {}
        """(day, kind, account) → events of a capped kind an account caused that day."""
        self._db = self._open()
        self._spent: set[str] = set(json.loads(self.meta(SPENT_KEY) or "[]"))

    # --- opening and recovery ------------------------------------------------------------------

    def _connect(self) -> sqlite3.Connection:
        """The real file for writing; DamagedDatabase or sqlite3/OS errors when it cannot be."""
        if _exists(self.path):
            if self.path.stat().st_size == 0:
                raise DamagedDatabase("the file is empty")
            if self.path.stat().st_mode & 0o777 != 0o600:
                self.path.chmod(0o600)
        db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        try:
            db.execute("PRAGMA busy_timeout=5000")
            self._check(db)
            if db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=FULL")
            db.executescript(SCHEMA)
            _migrate(db)
            # A file SQLite opened read-only only says so at the first write: ask now.
            db.execute("BEGIN IMMEDIATE")
            db.execute("ROLLBACK")
        except BaseException:
            db.close()
            raise
        return db

    def _check(self, db: sqlite3.Connection) -> None:
        version = db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise LedgerError(
                f"{self.path} was written by a newer Guardian (schema {version}); update Guardian"
            )
        if db.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            raise DamagedDatabase("quick_check failed")

    def _open(self) -> sqlite3.Connection:
        existed = _exists(self.path)
        try:
            db = self._connect()
        except (sqlite3.Error, OSError, DamagedDatabase) as exc:
            if is_damage(exc):
                return self._recover(exc)
            if not is_storage_fault(exc):
                raise
            self._fail(exc)
            return self._open_unwritable(existed)
        self._writable = True
        self._db = db
        self._load_meta(db)
        if not existed or self._holds_no_usage(db):
            self._restore_missing(existed)
        return db

    def _open_unwritable(self, existed: bool) -> sqlite3.Connection:
        """Read the real file without writing (read-only, or immutable when even the WAL's
        shared memory cannot be made); failing that, start in memory from the snapshot."""
        where = urllib.parse.quote(str(self.path.absolute()))
        for mode in ("mode=ro", "immutable=1"):
            try:
                db = sqlite3.connect(f"file:{where}?{mode}", uri=True, check_same_thread=False)
            except sqlite3.Error:
                continue
            try:
                self._check(db)
                self._load_meta(db)
            except (sqlite3.Error, OSError, DamagedDatabase) as exc:
                db.close()
                if is_damage(exc):
                    return self._recover(exc)
                if not is_storage_fault(exc):
                    raise
                continue
            log.warning("state database %s opened read-only (%s)", self.path, mode)
            return db
        self._db = _memory_db()
        if existed:
            self._restore(f"{self.path.name} cannot be read ({self._detail()})")
        elif _exists(self.snapshot_path):
            self._restore(f"{self.path.name} is missing")
        return self._db

    def _recover(self, exc: BaseException) -> sqlite3.Connection:
        """Set a damaged file aside and rebuild today from the snapshot (or fail closed)."""
        broken = self.path.with_name(f"{self.path.name}.broken-{int(datetime.now().timestamp())}")
        how = f"{self.path.name} was damaged ({exc})"
        try:
            self.path.replace(broken)
            for suffix in ("-wal", "-shm"):
                side = self.path.with_name(self.path.name + suffix)
                if side.exists():
                    side.replace(broken.with_name(broken.name + suffix))
            how += f" and set aside as {broken.name}"
            log.error("state database %s is damaged (%s); moved to %s", self.path, exc, broken)
            self._db = self._connect()
            self._writable = True
        except (sqlite3.Error, OSError, DamagedDatabase) as fault:
            if not is_storage_fault(fault):
                raise
            log.error("state database %s is damaged (%s) and cannot be replaced", self.path, exc)
            self._fail(fault)
            self._db = _memory_db()
        self._restore(how)
        return self._db

    def _restore_missing(self, existed: bool) -> None:
        """A new database beside a snapshot, or one with no usage beside a snapshot with some:
        the real one was lost, rebuild it. A fresh install (no snapshot) starts a snapshot at
        once, so that losing the database later is told apart from a fresh install."""
        if not _exists(self.snapshot_path):
            if not existed:
                self._write_snapshot()
            return
        if not existed:
            self._restore(f"{self.path.name} was missing")
            return
        try:
            snapshot = StateSnapshot.read(self.snapshot_path)
        except (OSError, ValueError) as exc:
            log.warning("%s has no usage and its snapshot is unreadable: %s", self.path, exc)
            return
        if snapshot.usage:
            self._apply(snapshot, f"{self.path.name} had no usage")

    def _restore(self, how: str) -> None:
        """Bring back every kind of state from the snapshot; with none, today is spent."""
        try:
            snapshot = StateSnapshot.read(self.snapshot_path)
        except (OSError, ValueError) as exc:
            self._spend_day(f"{how}; no snapshot could be read ({exc})")
            return
        self._apply(snapshot, how)

    def _apply(self, snapshot: StateSnapshot, how: str) -> None:
        """Put a snapshot's state in memory, and as pending writes so it lands in the file."""
        for profile, day, seconds in snapshot.usage:
            key = (profile, day)
            self._cache[key] = self._pending[key] = max(self._cache.get(key, 0.0), seconds)
        for profile, day, at, minutes, outside in snapshot.grants:
            key = (profile, day)
            have = self._grants.get(key, ())
            self._grants[key] = (*have, GrantRow(datetime.fromisoformat(at), minutes, outside))
            self._pending_rows.append((_INSERT_GRANT, (profile, day, at, minutes, int(outside))))
        for profile, day, minutes in snapshot.warnings:
            key = (profile, day)
            self._warned[key] = self._warned.get(key, frozenset()) | {minutes}
            self._pending_rows.append((_INSERT_WARNING, (profile, day, minutes)))
        for name, value in snapshot.meta.items():
            if name not in self._meta:
                self._meta[name] = self._pending_meta[name] = value
        self._pending_events.extend(snapshot.events)
        for row in snapshot.programs:
            self._pending_programs[(row[0], row[1])] = row
        log.warning("state restored from %s: %s", self.snapshot_path, how)
        self.recovery = Problem(
            ProblemCode.STATE_RECOVERED,
            {"file": str(self.path)},
            detail=f"{how}; state was restored from {self.snapshot_path.name}.",
        )
        self._persist(retry=False, usage=True)

    def _spend_day(self, how: str) -> None:
        log.error("state database lost, nothing to restore: today counts as spent: %s", how)
        self.recovery = Problem(
            ProblemCode.STATE_LOST,
            {"file": str(self.path)},
            detail=f"{how}, so today counts as used up until you grant time.",
        )
        self._meta[SPENT_KEY] = self._pending_meta[SPENT_KEY] = json.dumps(["*"])
        self._persist(retry=False, usage=True)

    def _load_meta(self, db: sqlite3.Connection) -> None:
        self._meta = {str(k): str(v) for k, v in db.execute("SELECT key, value FROM meta")}

    def _holds_no_usage(self, db: sqlite3.Connection) -> bool:
        return db.execute("SELECT 1 FROM usage LIMIT 1").fetchone() is None

    # --- writing, and what happens when the disk refuses -----------------------------------------

    @property
    def problem(self) -> Problem | None:
        """STORAGE_FAILING while state cannot be written; None when every write has landed."""
        return self._fault

    @property
    def problems(self) -> tuple[Problem, ...]:
        """What the parent must know of the state: a recovery at open, a failing disk now."""
        return tuple(p for p in (self.recovery, self._fault) if p is not None)

    def _fail(self, exc: BaseException) -> None:
        reason = fault_reason(exc, self.path.parent)
        if self._fault is None:
            log.error("cannot write state in %s (%s): keeping it in memory", self.path.parent, exc)
        self._fault = Problem(
            ProblemCode.STORAGE_FAILING,
            {"folder": str(self.path.parent), "reason": reason},
            detail=str(exc) or type(exc).__name__,
            dismissable=False,
        )
        self._backoff.failed()

    def _detail(self) -> str:
        return self._fault.detail if self._fault is not None else ""

    def _has_pending(self, usage: bool) -> bool:
        return bool(
            (usage and (self._pending or self._pending_activity))
            or self._pending_meta
            or self._pending_rows
            or self._pending_events
            or self._pending_programs
        )

    def _persist(self, *, retry: bool, usage: bool = False) -> bool:
        """Write what is pending in one transaction; False when it stays in memory.

        While the disk fails, plain writes only queue: retries come with flushes (`retry`),
        paced by the backoff, and a retry that works refreshes the snapshot too. Usage goes
        with flushes only, as before any fault.
        """
        usage = usage or self._fault is not None
        pending = self._has_pending(usage)
        if not pending and self._fault is None:
            return True
        if self._fault is not None and not (retry and self._backoff.due()):
            return False
        try:
            if not self._writable:
                self._reopen()
            if pending:
                self._write_pending(usage)
            if self._fault is not None:
                self._snapshot().write(self.snapshot_path)
        except (sqlite3.Error, OSError, DamagedDatabase) as exc:
            if not (is_storage_fault(exc) or is_damage(exc)):
                raise
            # Damage found while running is left for the next start to repair: the snapshot and
            # memory hold the state, and a file is only ever set aside by `_open`.
            self._fail(exc)
            return False
        if self._fault is not None:
            log.warning("state in %s is written again", self.path.parent)
            self._fault = None
            self._backoff.succeeded()
        return True

    def _reopen(self) -> None:
        db = self._connect()
        with contextlib.suppress(sqlite3.Error):
            self._db.close()
        self._db = db
        self._writable = True

    def _write_pending(self, usage: bool) -> None:
        db = self._db
        rows = [(p, d, s) for (p, d), s in self._pending.items()] if usage else []
        activity = [(*k, s) for k, s in self._pending_activity.items()] if usage else []
        programs = list(self._pending_programs.values())
        events = list(self._pending_events)
        statements = list(self._pending_rows)
        meta = dict(self._pending_meta)
        db.execute("BEGIN IMMEDIATE")
        try:
            for sql, args in statements:
                db.execute(sql, args)
            db.executemany(_INSERT_EVENT, events)
            db.executemany(_INSERT_PROGRAM, programs)
            db.executemany(_UPSERT_USAGE, rows)
            db.executemany(_UPSERT_ACTIVITY, activity)
            db.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", meta.items())
            db.execute("COMMIT")
        except BaseException:
            with contextlib.suppress(sqlite3.Error):
                db.execute("ROLLBACK")
            raise
        if usage:
            self._pending.clear()
            self._pending_activity.clear()
            self._forget_old_activity()
        self._pending_meta.clear()
        self._pending_rows.clear()
        self._pending_events.clear()
        self._pending_programs.clear()

    def close(self) -> None:
        """Flush (one last try even while the disk fails), refresh the snapshot and close;
        closing twice is harmless."""
        if self._closed:
            return
        self.flush()
        if self._fault is not None:
            self._backoff.succeeded()
            self._persist(retry=True, usage=True)
        self._write_snapshot()
        self._closed = True
        self._db.close()

    @property
    def closed(self) -> bool:
        """Whether `close` was called."""
        return self._closed

    @property
    def has_pending(self) -> bool:
        """Whether usage was credited since the last flush."""
        return bool(self._pending)

    def flush(self, meta: dict[str, str] | None = None) -> None:
        """Write pending usage (never lowering a row) and `meta` in one transaction; retry
        whatever a failing disk refused. The snapshot is refreshed every SNAPSHOT_EVERY flushes.
        """
        for key, value in (meta or {}).items():
            self._meta[key] = self._pending_meta[key] = value
        had_usage = bool(self._pending)
        if not self._has_pending(True) and self._fault is None:
            return
        if not self._persist(retry=True, usage=True):
            return
        self._flushes += 1
        if had_usage and (self._flushes % SNAPSHOT_EVERY == 1 or not _exists(self.snapshot_path)):
            self._write_snapshot()

    def _write_snapshot(self) -> None:
        """Refresh the snapshot from the database and memory; never with a partial picture."""
        try:
            snapshot = self._snapshot()
        except (sqlite3.Error, OSError) as exc:
            log.warning("no snapshot this time, the database cannot be read: %s", exc)
            return
        try:
            snapshot.write(self.snapshot_path)
        except OSError as exc:
            log.warning("could not write the state snapshot %s: %s", self.snapshot_path, exc)
            if self._fault is None:
                self._fail(exc)

    def _snapshot(self) -> StateSnapshot:
        db = self._db
        stored = db.execute("SELECT MAX(day) FROM usage").fetchone()[0]
        days = [d for _, d in self._cache] + ([stored] if stored else [])
        since = ""
        if days:
            newest = date.fromisoformat(max(days))
            since = date.fromordinal(newest.toordinal() - SNAPSHOT_DAYS).isoformat()
        usage = {
            (p, d): float(s)
            for p, d, s in db.execute(
                "SELECT profile, day, seconds FROM usage WHERE day >= ?", (since,)
            )
        }
        for key, seconds in self._cache.items():
            if seconds > 0 and key[1] >= since:
                usage[key] = max(usage.get(key, 0.0), seconds)
        grants = [
            (p, d, a, m, bool(o))
            for p, d, a, m, o in db.execute(
                "SELECT profile, day, granted_at, minutes, outside_hours FROM grants "
                "WHERE day >= ? ORDER BY id",
                (since,),
            )
            if (p, d) not in self._grants
        ]
        grants += [
            (p, d, g.granted_at.isoformat(), g.minutes, g.outside_hours)
            for (p, d), rows in self._grants.items()
            if d >= since
            for g in rows
        ]
        warnings = [
            (p, d, m)
            for p, d, m in db.execute(
                "SELECT profile, day, minutes FROM warnings WHERE day >= ?", (since,)
            )
            if (p, d) not in self._warned
        ]
        warnings += [(p, d, m) for (p, d), ms in self._warned.items() if d >= since for m in ms]
        events = db.execute(
            "SELECT at, profile, kind, data FROM events ORDER BY id DESC LIMIT ?",
            (SNAPSHOT_EVENTS,),
        ).fetchall()[::-1]
        events = [*events, *self._pending_events][-SNAPSHOT_EVENTS:]
        programs = {
            (r[0], r[1]): tuple(r)
            for r in db.execute(
                "SELECT * FROM programs ORDER BY last_seen DESC LIMIT ?", (SNAPSHOT_PROGRAMS,)
            )
        }
        programs.update(self._pending_programs)
        return StateSnapshot(
            usage=[(p, d, s) for (p, d), s in sorted(usage.items())],
            grants=grants,
            warnings=warnings,
            meta=dict(self._meta),
            events=events,
            programs=list(programs.values()),
        )

    def _read(self, query: str, args: tuple[Any, ...]) -> list[Any] | None:
        """Rows of a query, or None when the disk fails (the caller answers from memory)."""
        try:
            return self._db.execute(query, args).fetchall()
        except (sqlite3.Error, OSError) as exc:
            if not (is_storage_fault(exc) or is_damage(exc)):
                raise
            self._fail(exc)
            return None

    # --- usage -----------------------------------------------------------------------------------

    def seconds(self, profile: str, day: date) -> float:
        """Screen time credited to a profile on a day, flushed or not."""
        key = (profile, day.isoformat())
        if key not in self._cache:
            rows = self._read("SELECT seconds FROM usage WHERE profile=? AND day=?", key)
            if rows is None:
                return 0.0
            self._cache[key] = float(rows[0][0]) if rows else 0.0
        return self._cache[key]

    def credit(self, profile: str, day: date, seconds: float) -> None:
        """Add screen time in memory; `flush` persists it."""
        key = (profile, day.isoformat())
        self._cache[key] = self.seconds(profile, day) + seconds
        self._pending[key] = self._cache[key]

    def credit_activity(self, keys: Iterable[ActivityKey], seconds: float) -> None:
        """Add screen time to hours of accounts in memory; `flush` persists it with the usage
        (with MAX(), so a row never goes down).

        Hours are for the parent's summaries only, so the snapshot does not carry them: after
        a recovery they go on from what the database still holds, while usage and grants,
        which enforcement needs, are restored."""
        for key in keys:
            row = (key.profile, key.day.isoformat(), key.hour, key.account)
            held = self._activity.get(row)
            if held is None:
                found = self._read(
                    "SELECT seconds FROM activity WHERE profile=? AND day=? AND hour=? "
                    "AND account=?",
                    row,
                )
                held = float(found[0][0]) if found else 0.0
            self._activity[row] = self._pending_activity[row] = held + seconds

    def _forget_old_activity(self) -> None:
        """Hours before yesterday are done with once written: memory holds two days at most."""
        if self._activity:
            newest = date.fromisoformat(max(row[1] for row in self._activity))
            since = (newest - timedelta(days=1)).isoformat()
            self._activity = {k: v for k, v in self._activity.items() if k[1] >= since}

    def connection(self) -> sqlite3.Connection:
        """The database, for reading summaries with SQL; `flush` first, so that what memory
        holds is in it. While the disk fails it is a read-only or an in-memory copy."""
        return self._db

    def seconds_between(self, profile: str, first: date, last: date) -> float:
        """Screen time over a span of days, both ends included."""
        total = 0.0
        day = first
        while day <= last:
            total += self.seconds(profile, day)
            day = date.fromordinal(day.toordinal() + 1)
        return total

    def is_spent(self, day: date) -> bool:
        """True when a broken state file forced this day to count as used up."""
        return bool(self._spent) and ("*" in self._spent or day.isoformat() in self._spent)

    def pin_spent_day(self, day: date) -> None:
        """Turn a wildcard "spent" mark from recovery into the actual day it applies to."""
        if "*" in self._spent:
            self._spent = {day.isoformat()}
            self.set_meta(SPENT_KEY, json.dumps(sorted(self._spent)))

    # --- grants and warnings --------------------------------------------------------------------

    def add_grant(
        self,
        profile: str,
        day: date,
        granted_at: datetime,
        minutes: int | None,
        *,
        outside_hours: bool = False,
    ) -> None:
        """Store a grant of bonus time; `outside_hours`: it also opens the computer outside the
        allowed hours for its time."""
        key = (profile, day.isoformat())
        row = GrantRow(granted_at, minutes, outside_hours)
        self._grants[key] = (*self.grants(profile, day), row)
        self._pending_rows.append(
            (_INSERT_GRANT, (*key, granted_at.isoformat(), minutes, int(outside_hours)))
        )
        self._persist(retry=False)

    def grants(self, profile: str, day: date) -> tuple[GrantRow, ...]:
        """Grants given to a profile on a day."""
        key = (profile, day.isoformat())
        if key not in self._grants:
            rows = self._read(
                "SELECT granted_at, minutes, outside_hours FROM grants "
                "WHERE profile=? AND day=? ORDER BY id",
                key,
            )
            if rows is None:
                return ()
            self._grants[key] = tuple(
                GrantRow(datetime.fromisoformat(a), m, bool(o)) for a, m, o in rows
            )
        return self._grants[key]

    def bonus_seconds(self, profile: str, first: date, last: date) -> float:
        """Minutes granted over a span of days, in seconds (rest-of-day grants count nothing)."""
        total = 0.0
        day = first
        while day <= last:
            total += sum(g.minutes or 0 for g in self.grants(profile, day)) * 60.0
            day = date.fromordinal(day.toordinal() + 1)
        return total

    def warned(self, profile: str, day: date) -> frozenset[int]:
        """Warning minutes already shown to a profile today."""
        key = (profile, day.isoformat())
        if key not in self._warned:
            rows = self._read("SELECT minutes FROM warnings WHERE profile=? AND day=?", key)
            if rows is None:
                return frozenset()
            self._warned[key] = frozenset(r[0] for r in rows)
        return self._warned[key]

    def clear_warned(self, profile: str, day: date) -> None:
        """Forget warnings shown today, so a grant's new time is warned about afresh."""
        key = (profile, day.isoformat())
        self._warned[key] = frozenset()
        self._pending_rows.append(("DELETE FROM warnings WHERE profile=? AND day=?", key))
        self._persist(retry=False)

    def mark_warned(self, profile: str, day: date, minutes: list[int]) -> None:
        """Remember warnings shown, so a restart does not repeat them."""
        key = (profile, day.isoformat())
        self._warned[key] = self.warned(profile, day) | set(minutes)
        self._pending_rows += [(_INSERT_WARNING, (*key, m)) for m in minutes]
        self._persist(retry=False)

    # --- events and programs --------------------------------------------------------------------

    def record(self, at: datetime, kind: str, profile: str | None = None, **data: Any) -> bool:
        """Append an event (grant, warning, enforcement, tamper, policy error, ...).

        False, and nothing stored, when `data["account"]` already caused STORED_PER_DAY of
        this kind today: what any account can write is bounded per account.
        """
        account = data.get("account")
        cap = STORED_PER_DAY.get(kind)
        if cap is not None and isinstance(account, str):
            key = (day_of(at), kind, account)
            count = self._caused_count(key)
            if count >= cap:
                return False
            self._caused[key] = count + 1
        if len(self._pending_events) == PENDING_EVENTS:
            log.warning("too many events held in memory: the oldest is dropped")
        self._pending_events.append((at.isoformat(), profile, kind, _compact(data)))
        self._persist(retry=False)
        return True

    def _caused_count(self, key: tuple[str, str, str]) -> int:
        day, kind, account = key
        if key not in self._caused:
            # Counts of other days are done with: the cache holds one day's accounts at most.
            self._caused = {k: v for k, v in self._caused.items() if k[0] == day}
            end = (date.fromisoformat(day) + timedelta(days=1)).isoformat()
            rows = self._read(
                "SELECT COUNT(*) FROM events WHERE kind=? AND at >= ? AND at < ? "
                "AND json_extract(data, '$.account') = ?",
                (kind, day, end, account),
            )
            held = sum(
                1
                for at, _, k, d in self._pending_events
                if k == kind and day <= at < end and json.loads(d).get("account") == account
            )
            self._caused[key] = (int(rows[0][0]) if rows else 0) + held
        return self._caused[key]

    def events(
        self,
        limit: int = 200,
        kind: str | Collection[str] | None = None,
        *,
        profile: str | None = None,
        account: str | None = None,
        cursor: int | None = None,
        newest_first: bool = False,
    ) -> list[EventRow]:
        """Up to `limit` events of a kind (or any of several kinds), a profile and an account
        (`data.account`); None matches any. They come in the order asked for, starting just
        past the event id `cursor` in that order (None: from the oldest or the newest).

        Events held in memory while the disk fails have no id yet (0): they are the newest,
        listed on a first page only."""
        kinds = None if kind is None else ([kind] if isinstance(kind, str) else list(kind))
        if kinds == []:
            return []
        where: list[str] = []
        args: list[Any] = []
        if kinds is not None:
            where.append(f"kind IN ({','.join('?' * len(kinds))})")
            args += kinds
        if profile is not None:
            where.append("profile = ?")
            args.append(profile)
        if account is not None:
            where.append("json_extract(data, '$.account') = ?")
            args.append(account)
        if cursor is not None:
            where.append("id < ?" if newest_first else "id > ?")
            args.append(cursor)
        query = "SELECT id, at, profile, kind, data FROM events"
        if where:
            query += " WHERE " + " AND ".join(where)
        query += f" ORDER BY id {'DESC' if newest_first else 'ASC'} LIMIT ?"
        stored = [
            EventRow(i, at, p, k, json.loads(d))
            for i, at, p, k, d in self._read(query, (*args, limit)) or []
        ]
        held = [
            EventRow(0, at, p, k, json.loads(d))
            for at, p, k, d in self._pending_events
            if (kinds is None or k in kinds) and (profile is None or p == profile)
        ]
        held = [e for e in held if account is None or e.data.get("account") == account]
        if cursor is not None or not held:
            return stored
        if newest_first:
            return [*reversed(held), *stored][:limit]
        return [*stored, *held][-limit:]

    def prune(self, before: date, site_detail_before: date | None = None) -> int:
        """Drop events, grants, hours of activity and site counts older than a day, and fold
        the site counts of days before `site_detail_before` into each day's busiest and most
        blocked sites (SITES_KEPT of each); usage rows stay (they are tiny).

        Skipped while writes are held in memory: pruning can wait for a working disk.
        """
        if self._fault is not None or not self._writable or self._has_pending(False):
            return 0
        try:
            with self._db:
                self._db.execute("BEGIN IMMEDIATE")
                gone = self._db.execute(
                    "DELETE FROM events WHERE at < ?", (before.isoformat(),)
                ).rowcount
                self._db.execute("DELETE FROM grants WHERE day < ?", (before.isoformat(),))
                self._db.execute("DELETE FROM warnings WHERE day < ?", (before.isoformat(),))
                self._db.execute("DELETE FROM programs WHERE last_seen < ?", (before.isoformat(),))
                self._db.execute("DELETE FROM sites WHERE day < ?", (before.isoformat(),))
                self._db.execute("DELETE FROM activity WHERE day < ?", (before.isoformat(),))
                detail_from = self._compact_sites(site_detail_before)
        except (sqlite3.Error, OSError) as exc:
            if not is_storage_fault(exc):
                raise
            self._fail(exc)
            return 0
        self._grants.clear()
        self._warned.clear()
        if detail_from is not None:
            self._meta[SITE_DETAIL_KEY] = detail_from
        return int(gone)

    def _compact_sites(self, before: date | None) -> str | None:
        """Fold the site counts of days not folded yet, up to `before`, into each day's
        SITES_KEPT busiest and SITES_KEPT most blocked sites and one OTHER_SITE row per rule:
        old weeks keep their totals and what stood out, in a tenth of the rows. Returns the
        first day left complete, for SITE_DETAIL_KEY once the transaction holds."""
        since = self._meta.get(SITE_DETAIL_KEY, "")
        if before is None or since >= before.isoformat():
            return None
        until = before.isoformat()
        folded = (
            "WITH ranked AS (SELECT profile, day, site, rule, allowed, blocked, "
            "ROW_NUMBER() OVER (PARTITION BY profile, day ORDER BY allowed + blocked DESC, site) "
            "AS busiest, "
            "ROW_NUMBER() OVER (PARTITION BY profile, day ORDER BY blocked DESC, site) "
            "AS most_blocked "
            "FROM sites WHERE day >= ?1 AND day < ?2 AND site <> ?3), "
            "folded AS (SELECT * FROM ranked WHERE busiest > ?4 "
            "AND (most_blocked > ?4 OR blocked = 0)) "
        )
        args = (since, until, OTHER_SITE, SITES_KEPT)
        self._db.execute(
            folded + "INSERT INTO sites SELECT profile, day, ?3, rule, SUM(allowed), SUM(blocked) "
            "FROM folded WHERE true GROUP BY profile, day, rule "
            "ON CONFLICT (profile, day, site, rule) DO UPDATE SET "
            "allowed = allowed + excluded.allowed, blocked = blocked + excluded.blocked",
            args,
        )
        self._db.execute(
            folded + "DELETE FROM sites WHERE (profile, day, site, rule) IN "
            "(SELECT profile, day, site, rule FROM folded)",
            args,
        )
        self._db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (SITE_DETAIL_KEY, until))
        return until

    def remember_program(self, program: RunningApp) -> None:
        """Note a program seen running (for the parent's picker of recent programs)."""
        self._pending_programs[(program.account, program.exe)] = (
            program.account,
            program.exe,
            program.name,
            json.dumps(program.cmdline),
            json.dumps(program.app_ids),
            program.app,
            program.last_seen,
        )
        self._persist(retry=False)

    def programs(self, since: datetime, limit: int = 300) -> list[RunningApp]:
        """Programs seen since a moment, newest first, one per executable."""
        rows = (
            self._read(
                "SELECT account, exe, name, cmdline, app_ids, app, last_seen FROM programs "
                "WHERE last_seen >= ? ORDER BY last_seen DESC LIMIT ?",
                (since.isoformat(), limit),
            )
            or []
        )
        held = [r for r in self._pending_programs.values() if r[6] >= since.isoformat()]
        rows = sorted([*held, *rows], key=lambda r: str(r[6]), reverse=True)[:limit]
        found: dict[str, RunningApp] = {}
        for account, exe, name, cmdline, app_ids, app, last_seen in rows:
            found.setdefault(
                exe,
                RunningApp(
                    exe=exe,
                    name=name,
                    cmdline=tuple(json.loads(cmdline)),
                    app_ids=tuple(json.loads(app_ids)),
                    account=account,
                    app=app,
                    sha256=None,
                    last_seen=last_seen,
                ),
            )
        return list(found.values())

    # --- sites ----------------------------------------------------------------------------------

    def add_site_counts(self, rows: Iterable[SiteCountRow]) -> None:
        """Add queries per profile, day, site and rule (written with the next flush)."""
        for row in rows:
            self._pending_rows.append((_ADD_SITE_COUNTS, tuple(row)))
        self._persist(retry=False)

    def site_counts(self, profile: str | None, first: date, last: date) -> list[SiteCountRow]:
        """Stored query counts over a span of days (both ends included), busiest first; of one
        profile or (None) of all."""
        query = (
            "SELECT profile, day, site, rule, allowed, blocked FROM sites WHERE day BETWEEN ? AND ?"
        )
        args: tuple[Any, ...] = (first.isoformat(), last.isoformat())
        if profile is not None:
            query += " AND profile = ?"
            args += (profile,)
        rows = self._read(query + " ORDER BY allowed + blocked DESC", args) or []
        return [SiteCountRow(*row) for row in rows]

    # --- the service's own settings -------------------------------------------------------------

    def meta(self, key: str) -> str | None:
        """A stored setting of the service itself (clock high-water mark, login throttle)."""
        return self._meta.get(key)

    def set_meta(self, key: str, value: str) -> None:
        """Store a setting of the service itself."""
        self._meta[key] = self._pending_meta[key] = value
        self._persist(retry=False)


def _compact(data: dict[str, Any]) -> str:
    """An event's data as stored: JSON without spaces, non-ASCII text as itself."""
    return json.dumps(data, default=str, ensure_ascii=False, separators=(",", ":"))


def _exists(path: Path) -> bool:
    """Whether a file is there; a file that cannot even be looked at counts as there."""
    try:
        path.stat()
    except (FileNotFoundError, NotADirectoryError):
        return False
    except OSError:
        return True
    return True


def _migrate(db: sqlite3.Connection) -> None:
    """Bring an older schema up to SCHEMA_VERSION in one transaction (SCHEMA itself makes the
    tables that are new)."""
    if db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION:
        return
    db.execute("BEGIN IMMEDIATE")
    try:
        for name, create in _KEYED_TABLES.items():
            (sql,) = db.execute("SELECT sql FROM sqlite_master WHERE name = ?", (name,)).fetchone()
            if "WITHOUT ROWID" not in sql.upper():
                db.execute(f"ALTER TABLE {name} RENAME TO {name}_before_2")
                db.execute(create)
                db.execute(f"INSERT INTO {name} SELECT * FROM {name}_before_2")
                db.execute(f"DROP TABLE {name}_before_2")
        db.execute("DROP INDEX IF EXISTS events_by_time")
        columns = {row[1] for row in db.execute("PRAGMA table_info(grants)")}
        if "outside_hours" not in columns:
            # Grants given before schema 3 opened the computer outside the allowed hours.
            db.execute("ALTER TABLE grants ADD COLUMN outside_hours INTEGER NOT NULL DEFAULT 1")
        db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
        db.execute("COMMIT")
    except BaseException:
        with contextlib.suppress(sqlite3.Error):
            db.execute("ROLLBACK")
        raise


def _memory_db() -> sqlite3.Connection:
    """An empty database in memory, for reads while the real file cannot be opened at all."""
    db = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
    db.executescript(SCHEMA)
    return db
