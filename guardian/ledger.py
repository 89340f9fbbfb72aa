"""The usage ledger: screen time per profile per day, grants, warnings shown and events.

SQLite in WAL mode with full sync. Usage accumulates in memory between flushes and is written
with MAX() so a row never goes down. Each flush also writes a small snapshot file; if the
database is found broken, it is set aside and today's usage comes back from the snapshot; if
that is gone too, the day is marked spent (fail closed) and the parent is told.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from guardian.api import RunningApp
from guardian.atomic import write_atomic
from guardian.limits import STORED_PER_DAY, day_of

log = logging.getLogger(__name__)

SCHEMA_VERSION = 1
SCHEMA = """
CREATE TABLE IF NOT EXISTS usage (
    profile TEXT NOT NULL, day TEXT NOT NULL, seconds REAL NOT NULL,
    PRIMARY KEY (profile, day));
CREATE TABLE IF NOT EXISTS grants (
    id INTEGER PRIMARY KEY, profile TEXT NOT NULL, day TEXT NOT NULL,
    granted_at TEXT NOT NULL, minutes INTEGER);
CREATE INDEX IF NOT EXISTS grants_by_day ON grants (profile, day);
CREATE TABLE IF NOT EXISTS warnings (
    profile TEXT NOT NULL, day TEXT NOT NULL, minutes INTEGER NOT NULL,
    PRIMARY KEY (profile, day, minutes));
CREATE TABLE IF NOT EXISTS events (
    id INTEGER PRIMARY KEY, at TEXT NOT NULL, profile TEXT, kind TEXT NOT NULL, data TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS events_by_time ON events (at);
CREATE INDEX IF NOT EXISTS events_by_kind ON events (kind, id);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS programs (
    account TEXT NOT NULL, exe TEXT NOT NULL, name TEXT NOT NULL, cmdline TEXT NOT NULL,
    app_ids TEXT NOT NULL, app TEXT, last_seen TEXT NOT NULL, PRIMARY KEY (account, exe));
"""
SPENT_KEY = "spent-days"
SNAPSHOT_EVERY = 6
"""Flushes between snapshot refreshes: with a flush every 5 s, a snapshot every 30 s."""


class LedgerError(Exception):
    """The state database cannot be used; the message says which file and why."""


@dataclass(frozen=True, slots=True)
class GrantRow:
    """A grant as stored."""

    granted_at: datetime
    minutes: int | None


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
        self.recovered: str | None = None
        """Set when the database was broken at open: what happened, for the parent."""
        self._pending: dict[tuple[str, str], float] = {}
        self._flushes = 0
        self._closed = False
        self._cache: dict[tuple[str, str], float] = {}
        # Grants and warnings are read every tick and written rarely: cache per (profile, day).
        self._grants: dict[tuple[str, str], tuple[GrantRow, ...]] = {}
        self._warned: dict[tuple[str, str], frozenset[int]] = {}
        self._caused: dict[tuple[str, str, str], int] = {}
        """(day, kind, account) → events of a capped kind an account caused that day."""
        self._db = self._open()
        self._spent: set[str] = set(json.loads(self.meta(SPENT_KEY) or "[]"))

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=FULL")
        db.execute("PRAGMA busy_timeout=5000")
        version = db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            db.close()
            raise LedgerError(
                f"{self.path} was written by a newer Guardian (schema {version}); update Guardian"
            )
        if db.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            db.close()
            raise sqlite3.DatabaseError("quick_check failed")
        db.executescript(SCHEMA)
        db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
        return db

    def _open(self) -> sqlite3.Connection:
        if self.path.exists():
            self.path.chmod(0o600)
        try:
            return self._connect()
        except sqlite3.DatabaseError as exc:
            broken = self.path.with_name(
                f"{self.path.name}.broken-{int(datetime.now().timestamp())}"
            )
            log.error("state database %s is broken (%s); moved to %s", self.path, exc, broken)
            self.path.replace(broken)
            for suffix in ("-wal", "-shm"):
                side = self.path.with_name(self.path.name + suffix)
                if side.exists():
                    side.replace(broken.with_name(broken.name + suffix))
            db = self._connect()
            self._restore_snapshot(db, broken)
            return db

    def _restore_snapshot(self, db: sqlite3.Connection, broken: Path) -> None:
        try:
            snapshot = json.loads(self.snapshot_path.read_text(encoding="utf-8"))
            rows = [(r["profile"], r["day"], float(r["seconds"])) for r in snapshot["usage"]]
        except (OSError, ValueError, KeyError, TypeError) as exc:
            db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (SPENT_KEY, json.dumps(["*"])))
            self.recovered = (
                f"The state database was damaged and set aside as {broken.name}; no usage "
                f"snapshot could be read ({exc}), so today counts as used up until you grant time."
            )
            return
        db.executemany("INSERT OR REPLACE INTO usage VALUES (?, ?, ?)", rows)
        self.recovered = (
            f"The state database was damaged and set aside as {broken.name}; "
            f"usage was restored from the last snapshot."
        )

    def close(self) -> None:
        """Flush, refresh the snapshot and close; closing twice is harmless."""
        if self._closed:
            return
        self._closed = True
        self.flush()
        self._write_snapshot("0000-00-00")
        self._db.close()

    @property
    def closed(self) -> bool:
        """Whether `close` was called."""
        return self._closed

    @property
    def has_pending(self) -> bool:
        """Whether usage was credited since the last flush."""
        return bool(self._pending)

    def seconds(self, profile: str, day: date) -> float:
        """Screen time credited to a profile on a day, flushed or not."""
        key = (profile, day.isoformat())
        if key not in self._cache:
            row = self._db.execute(
                "SELECT seconds FROM usage WHERE profile=? AND day=?", key
            ).fetchone()
            self._cache[key] = float(row[0]) if row else 0.0
        return self._cache[key]

    def credit(self, profile: str, day: date, seconds: float) -> None:
        """Add screen time in memory; `flush` persists it."""
        key = (profile, day.isoformat())
        self._cache[key] = self.seconds(profile, day) + seconds
        self._pending[key] = self._cache[key]

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

    def flush(self, meta: dict[str, str] | None = None) -> None:
        """Write pending usage (never lowering a row) and `meta` in one transaction.

        The snapshot file is refreshed at most every SNAPSHOT_SECONDS of flushes.
        """
        if not self._pending and not meta:
            return
        rows = [(p, d, s) for (p, d), s in self._pending.items()]
        with self._db:
            self._db.execute("BEGIN IMMEDIATE")
            self._db.executemany(
                "INSERT INTO usage VALUES (?, ?, ?) ON CONFLICT (profile, day) "
                "DO UPDATE SET seconds = MAX(seconds, excluded.seconds)",
                rows,
            )
            self._db.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", (meta or {}).items())
        self._pending.clear()
        self._flushes += 1
        if rows and (self._flushes % SNAPSHOT_EVERY == 1 or not self.snapshot_path.exists()):
            self._write_snapshot(min(d for _, d, _ in rows))

    def _write_snapshot(self, since: str) -> None:
        latest = self._db.execute(
            "SELECT profile, day, seconds FROM usage WHERE day >= ?", (since,)
        ).fetchall()
        snapshot = {"usage": [{"profile": p, "day": d, "seconds": s} for p, d, s in latest]}
        try:
            write_atomic(self.snapshot_path, json.dumps(snapshot).encode())
        except OSError as exc:
            log.warning("could not write the usage snapshot %s: %s", self.snapshot_path, exc)

    def add_grant(self, profile: str, day: date, granted_at: datetime, minutes: int | None) -> None:
        """Store a grant of bonus time."""
        self._grants.clear()
        self._db.execute(
            "INSERT INTO grants (profile, day, granted_at, minutes) VALUES (?, ?, ?, ?)",
            (profile, day.isoformat(), granted_at.isoformat(), minutes),
        )

    def grants(self, profile: str, day: date) -> tuple[GrantRow, ...]:
        """Grants given to a profile on a day."""
        key = (profile, day.isoformat())
        if key not in self._grants:
            rows = self._db.execute(
                "SELECT granted_at, minutes FROM grants WHERE profile=? AND day=? ORDER BY id", key
            ).fetchall()
            self._grants[key] = tuple(GrantRow(datetime.fromisoformat(a), m) for a, m in rows)
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
            rows = self._db.execute(
                "SELECT minutes FROM warnings WHERE profile=? AND day=?", key
            ).fetchall()
            self._warned[key] = frozenset(r[0] for r in rows)
        return self._warned[key]

    def clear_warned(self, profile: str, day: date) -> None:
        """Forget warnings shown today, so a grant's new time is warned about afresh."""
        self._warned.pop((profile, day.isoformat()), None)
        self._db.execute(
            "DELETE FROM warnings WHERE profile=? AND day=?", (profile, day.isoformat())
        )

    def mark_warned(self, profile: str, day: date, minutes: list[int]) -> None:
        """Remember warnings shown, so a restart does not repeat them."""
        self._warned.pop((profile, day.isoformat()), None)
        self._db.executemany(
            "INSERT OR IGNORE INTO warnings VALUES (?, ?, ?)",
            [(profile, day.isoformat(), m) for m in minutes],
        )

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
        self._db.execute(
            "INSERT INTO events (at, profile, kind, data) VALUES (?, ?, ?, ?)",
            (at.isoformat(), profile, kind, json.dumps(data, default=str)),
        )
        return True

    def _caused_count(self, key: tuple[str, str, str]) -> int:
        day, kind, account = key
        if key not in self._caused:
            # Counts of other days are done with: the cache holds one day's accounts at most.
            self._caused = {k: v for k, v in self._caused.items() if k[0] == day}
            row = self._db.execute(
                "SELECT COUNT(*) FROM events WHERE kind=? AND at >= ? AND at < ? "
                "AND json_extract(data, '$.account') = ?",
                (kind, day, (date.fromisoformat(day) + timedelta(days=1)).isoformat(), account),
            ).fetchone()
            self._caused[key] = int(row[0])
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
        past the event id `cursor` in that order (None: from the oldest or the newest)."""
        where: list[str] = []
        args: list[Any] = []
        if kind is not None:
            kinds = [kind] if isinstance(kind, str) else list(kind)
            if not kinds:
                return []
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
        rows = self._db.execute(query, (*args, limit)).fetchall()
        return [EventRow(i, at, p, k, json.loads(d)) for i, at, p, k, d in rows]

    def prune(self, before: date) -> int:
        """Drop events and grants older than a day; usage rows stay (they are tiny)."""
        with self._db:
            self._db.execute("BEGIN IMMEDIATE")
            gone = self._db.execute(
                "DELETE FROM events WHERE at < ?", (before.isoformat(),)
            ).rowcount
            self._db.execute("DELETE FROM grants WHERE day < ?", (before.isoformat(),))
            self._grants.clear()
            self._warned.clear()
            self._db.execute("DELETE FROM warnings WHERE day < ?", (before.isoformat(),))
            self._db.execute("DELETE FROM programs WHERE last_seen < ?", (before.isoformat(),))
        return int(gone)

    def remember_program(self, program: RunningApp) -> None:
        """Note a program seen running (for the parent's picker of recent programs)."""
        self._db.execute(
            "INSERT OR REPLACE INTO programs VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                program.account,
                program.exe,
                program.name,
                json.dumps(program.cmdline),
                json.dumps(program.app_ids),
                program.app,
                program.last_seen,
            ),
        )

    def programs(self, since: datetime, limit: int = 300) -> list[RunningApp]:
        """Programs seen since a moment, newest first, one per executable."""
        rows = self._db.execute(
            "SELECT account, exe, name, cmdline, app_ids, app, last_seen FROM programs "
            "WHERE last_seen >= ? ORDER BY last_seen DESC LIMIT ?",
            (since.isoformat(), limit),
        ).fetchall()
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

    def meta(self, key: str) -> str | None:
        """A stored setting of the service itself (clock high-water mark, login throttle)."""
        row = self._db.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def set_meta(self, key: str, value: str) -> None:
        """Store a setting of the service itself."""
        self._db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))
