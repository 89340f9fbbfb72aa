"""Grants say whether they lift the allowed hours: stored, migrated and snapshotted."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, date, datetime
from pathlib import Path

from guardian.ledger import SCHEMA_VERSION, UsageLedger
from guardian.state_snapshot import StateSnapshot

DAY = date(2026, 3, 2)
AT = datetime(2026, 3, 2, 18, 0, tzinfo=UTC)


def test_grants_keep_outside_hours_across_a_reopen(tmp_path: Path) -> None:
    ledger = UsageLedger(tmp_path / "state.db")
    ledger.add_grant("kid", DAY, AT, 15)
    ledger.add_grant("kid", DAY, AT.replace(hour=19), 30, outside_hours=True)
    ledger.close()
    again = UsageLedger(tmp_path / "state.db")
    assert [(g.minutes, g.outside_hours) for g in again.grants("kid", DAY)] == [
        (15, False),
        (30, True),
    ]
    again.close()


def test_a_schema_2_database_keeps_old_grants_lifting_the_hours(tmp_path: Path) -> None:
    path = tmp_path / "state.db"
    db = sqlite3.connect(path)
    db.executescript(
        "CREATE TABLE grants (id INTEGER PRIMARY KEY, profile TEXT NOT NULL, day TEXT NOT NULL,"
        " granted_at TEXT NOT NULL, minutes INTEGER);"
        "CREATE TABLE usage (profile TEXT NOT NULL, day TEXT NOT NULL, seconds REAL NOT NULL,"
        " PRIMARY KEY (profile, day)) WITHOUT ROWID;"
        "CREATE TABLE sites (profile TEXT NOT NULL, day TEXT NOT NULL, site TEXT NOT NULL,"
        " rule TEXT NOT NULL, allowed INTEGER NOT NULL, blocked INTEGER NOT NULL,"
        " PRIMARY KEY (profile, day, site, rule)) WITHOUT ROWID;"
        "PRAGMA user_version=2;"
    )
    db.execute(
        "INSERT INTO grants (profile, day, granted_at, minutes) VALUES (?, ?, ?, ?)",
        ("kid", DAY.isoformat(), AT.isoformat(), 20),
    )
    db.commit()
    db.close()
    path.chmod(0o600)
    ledger = UsageLedger(path)
    assert ledger.recovery is None
    (grant,) = ledger.grants("kid", DAY)
    assert grant.minutes == 20 and grant.outside_hours
    ledger.add_grant("kid", DAY, AT.replace(hour=20), 10)
    ledger.close()
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 3
    rows = db.execute("SELECT minutes, outside_hours FROM grants ORDER BY id").fetchall()
    assert rows == [(20, 1), (10, 0)]
    db.close()


def test_snapshots_carry_outside_hours_and_read_old_rows(tmp_path: Path) -> None:
    path = tmp_path / "snap.json"
    StateSnapshot(grants=[("kid", "2026-03-02", AT.isoformat(), 15, False)]).write(path)
    assert StateSnapshot.read(path).grants == [("kid", "2026-03-02", AT.isoformat(), 15, False)]
    old = {"version": 2, "usage": [], "grants": [["kid", "2026-03-02", AT.isoformat(), None]]}
    path.write_text(json.dumps(old))
    assert StateSnapshot.read(path).grants == [("kid", "2026-03-02", AT.isoformat(), None, True)]
