"""Screen time per account and hour: credited by the service's accounting, kept like usage,
pruned with the rest; the schema's move to version 2; old site counts folded."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from guardian.ledger import (
    OTHER_SITE,
    PROFILE_HOURS,
    SCHEMA_VERSION,
    SITES_KEPT,
    ActivityKey,
    SiteCountRow,
    UsageLedger,
)
from guardian.service import SITE_DETAIL_DAYS, GuardianService, prune_ledger
from rules.model import Policy, Profile, from_data
from rules.timeofday import Weekday
from tests.guardian.conftest import MAKE
from tests.helpers.failing_disk import REAL_CONNECT, FailingDisk
from tests.helpers.fakes import FakeClock, FakeSessions

DAY = date(2026, 11, 30)
TICK = 2.0
"""Seconds between ticks in these tests (the accounting's cap)."""


def open_policy(timezone: str, accounts: tuple[str, ...] = ("kid",)) -> Policy:
    """A kid with no limits at any hour, so that every second counts."""
    profile = {
        "id": "kid",
        "name": "Kid",
        "accounts": list(accounts),
        "daily_budget": {d.value: "unlimited" for d in Weekday},
        "allowed_hours": {d.value: ["00:00-24:00"] for d in Weekday},
    }
    return Policy(
        timezone=timezone,
        default_profile="kid",
        profiles=(from_data(Profile, profile),),
        unrestricted_accounts=("parent",),
    )


def hours(ledger: UsageLedger, account: str = PROFILE_HOURS) -> dict[tuple[str, int], float]:
    ledger.flush()
    rows = ledger.connection().execute(
        "SELECT day, hour, seconds FROM activity WHERE profile = 'kid' AND account = ?", (account,)
    )
    return {(day, hour): seconds for day, hour, seconds in rows}


def run(service: GuardianService, clock: FakeClock, seconds: float) -> None:
    """Use the computer for `seconds`, a tick every 2 s (the accounting's cap)."""
    end = clock.now() + timedelta(seconds=seconds)
    while clock.now() < end:
        clock.advance(TICK)
        service.tick()


def fake_sessions(service: GuardianService) -> FakeSessions:
    return service.platform.sessions  # type: ignore[return-value]


# --- credited by the service ------------------------------------------------------------------


def test_each_hour_of_each_account_is_credited(make_service: MAKE, clock: FakeClock) -> None:
    # 12:30 to 14:00 Moscow time as "kid", then 14:00 to 14:20 as "kid2".
    clock.set_wall(datetime(2026, 11, 30, 9, 30, tzinfo=UTC))
    service = make_service(open_policy("Europe/Moscow", ("kid", "kid2")))
    run(service, clock, 90 * 60)
    fake = fake_sessions(service)
    fake.session = replace(fake.session, id="2", user="kid2")
    run(service, clock, 20 * 60)
    ledger = service.ledger
    day = DAY.isoformat()
    # A tick credits the seconds since the last one to its own hour: the seconds before
    # 14:00 counted by the tick at 14:00 go to 14:00 (one tick's worth, TICK).
    kid = hours(ledger, "kid")
    assert kid[(day, 12)] == pytest.approx(1800, abs=TICK)
    assert kid[(day, 13)] == pytest.approx(3600, abs=TICK)
    assert kid.get((day, 14), 0.0) <= TICK
    assert hours(ledger, "kid2") == {(day, 14): pytest.approx(1200, abs=TICK)}
    total = hours(ledger)
    assert sum(total.values()) == pytest.approx(ledger.seconds("kid", DAY))
    assert set(total) == {(day, 12), (day, 13), (day, 14)}


def test_locked_time_credits_no_hour(make_service: MAKE, clock: FakeClock) -> None:
    clock.set_wall(datetime(2026, 11, 30, 9, 0, tzinfo=UTC))
    service = make_service(open_policy("Europe/Moscow"))
    run(service, clock, 600)
    fake = fake_sessions(service)
    fake.session = replace(fake.session, locked=True)
    run(service, clock, 3600)
    assert sum(hours(service.ledger).values()) == pytest.approx(600, abs=TICK)


def test_the_repeated_hour_counts_in_one_hour(make_service: MAKE, clock: FakeClock) -> None:
    # Berlin, 25 October 2026: at 03:00 CEST clocks go back to 02:00 CET. 01:30 to 03:30 on
    # the wall is three real hours, two of them in the hour 2.
    clock.set_wall(datetime(2026, 10, 24, 23, 30, tzinfo=UTC))
    service = make_service(open_policy("Europe/Berlin"))
    run(service, clock, 3 * 3600)
    found = hours(service.ledger)
    assert found[("2026-10-25", 1)] == pytest.approx(1800, abs=TICK)
    assert found[("2026-10-25", 2)] == pytest.approx(7200, abs=TICK)
    assert found[("2026-10-25", 3)] == pytest.approx(1800, abs=TICK)


def test_the_skipped_hour_gets_nothing(make_service: MAKE, clock: FakeClock) -> None:
    # Berlin, 29 March 2026: at 02:00 CET clocks go forward to 03:00 CEST.
    clock.set_wall(datetime(2026, 3, 29, 0, 30, tzinfo=UTC))  # 01:30 CET
    service = make_service(open_policy("Europe/Berlin"))
    run(service, clock, 3600)
    found = hours(service.ledger)
    assert set(found) == {("2026-03-29", 1), ("2026-03-29", 3)}
    assert found[("2026-03-29", 1)] == pytest.approx(1800, abs=TICK)
    assert found[("2026-03-29", 3)] == pytest.approx(1800, abs=TICK)


# --- kept like usage ---------------------------------------------------------------------------


def key(account: str = "kid", hour: int = 10) -> ActivityKey:
    return ActivityKey("kid", account, DAY, hour)


def test_written_with_max_and_continued_after_a_restart(tmp_path: Path) -> None:
    path = tmp_path / "state.db"
    ledger = UsageLedger(path)
    ledger.credit_activity([key(), key("kid2")], 100.0)
    ledger.flush()
    ledger.credit_activity([key()], 50.0)
    ledger.close()
    again = UsageLedger(path)
    again.credit_activity([key()], 25.0)
    assert hours(again, "kid") == {(DAY.isoformat(), 10): 175.0}
    # A stale value written again never lowers the row.
    again.connection().execute(
        "INSERT INTO activity VALUES ('kid', ?, 10, 'kid', 20.0) ON CONFLICT DO UPDATE "
        "SET seconds = MAX(seconds, excluded.seconds)",
        (DAY.isoformat(),),
    )
    assert hours(again, "kid")[(DAY.isoformat(), 10)] == 175.0
    again.close()


def test_held_in_memory_while_the_disk_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "state" / "state.db"
    path.parent.mkdir()
    disk = FailingDisk(path.parent, monkeypatch)
    ledger = UsageLedger(path)
    disk.fail_writes(sqlite3.SQLITE_FULL)
    ledger.credit("kid", DAY, 30.0)
    ledger.credit_activity([key()], 30.0)
    ledger.flush()
    assert ledger.problem is not None
    disk.heal()
    for _ in range(20):
        ledger.flush()
    assert ledger.problem is None
    db = REAL_CONNECT(path)
    try:
        assert db.execute("SELECT seconds FROM activity").fetchall() == [(30.0,)]
    finally:
        db.close()
    ledger.close()


def test_memory_keeps_two_days_of_hours(tmp_path: Path) -> None:
    ledger = UsageLedger(tmp_path / "state.db")
    for offset in range(5):
        day = DAY + timedelta(days=offset)
        ledger.credit("kid", day, 10.0)
        ledger.credit_activity([ActivityKey("kid", "kid", day, 9)], 10.0)
        ledger.flush()
    assert {k[1] for k in ledger._activity} == {"2026-12-03", "2026-12-04"}
    # A day forgotten in memory is read back from the database when credited again.
    ledger.credit_activity([ActivityKey("kid", "kid", DAY, 9)], 5.0)
    assert hours(ledger, "kid")[(DAY.isoformat(), 9)] == 15.0
    ledger.close()


def test_pruned_with_the_rest(tmp_path: Path) -> None:
    ledger = UsageLedger(tmp_path / "state.db")
    old = ActivityKey("kid", "kid", DAY - timedelta(days=500), 9)
    ledger.credit_activity([old, key()], 10.0)
    ledger.flush()
    prune_ledger(ledger, DAY)
    assert set(hours(ledger, "kid")) == {(DAY.isoformat(), 10)}
    ledger.close()


# --- old site counts folded ---------------------------------------------------------------------


def site_rows(ledger: UsageLedger, day: date) -> dict[tuple[str, str], tuple[int, int]]:
    rows = ledger.connection().execute(
        "SELECT site, rule, allowed, blocked FROM sites WHERE day = ?", (day.isoformat(),)
    )
    return {(s, r): (a, b) for s, r, a, b in rows}


def test_old_site_counts_keep_the_busiest_and_the_most_blocked(tmp_path: Path) -> None:
    ledger = UsageLedger(tmp_path / "state.db")
    old = DAY - timedelta(days=SITE_DETAIL_DAYS + 1)
    recent = DAY - timedelta(days=SITE_DETAIL_DAYS - 1)
    busy = [SiteCountRow("kid", old.isoformat(), f"busy{n}", "", 1000 + n, 0) for n in range(150)]
    barred = [
        SiteCountRow("kid", old.isoformat(), f"barred{n}", "adult", 0, 1 + n) for n in range(150)
    ]
    also = [SiteCountRow("kid", recent.isoformat(), f"s{n}", "", 1, 0) for n in range(300)]
    ledger.add_site_counts([*busy, *barred, *also])
    ledger.flush()
    prune_ledger(ledger, DAY)

    kept = site_rows(ledger, old)
    assert len(kept) == 2 * SITES_KEPT + 2
    assert ("busy149", "") in kept and ("busy49", "") not in kept
    assert ("barred149", "adult") in kept and ("barred49", "adult") not in kept
    # Nothing is lost from the totals: the rest is one row per rule.
    assert kept[(OTHER_SITE, "")] == (sum(1000 + n for n in range(50)), 0)
    assert kept[(OTHER_SITE, "adult")] == (0, sum(1 + n for n in range(50)))
    assert len(site_rows(ledger, recent)) == 300
    # Folding twice changes nothing.
    prune_ledger(ledger, DAY)
    assert site_rows(ledger, old) == kept
    ledger.close()


# --- the schema ---------------------------------------------------------------------------------

VERSION_1 = """
CREATE TABLE usage (profile TEXT NOT NULL, day TEXT NOT NULL, seconds REAL NOT NULL,
    PRIMARY KEY (profile, day));
CREATE TABLE grants (id INTEGER PRIMARY KEY, profile TEXT NOT NULL, day TEXT NOT NULL,
    granted_at TEXT NOT NULL, minutes INTEGER);
CREATE INDEX grants_by_day ON grants (profile, day);
CREATE TABLE warnings (profile TEXT NOT NULL, day TEXT NOT NULL, minutes INTEGER NOT NULL,
    PRIMARY KEY (profile, day, minutes));
CREATE TABLE events (id INTEGER PRIMARY KEY, at TEXT NOT NULL, profile TEXT, kind TEXT NOT NULL,
    data TEXT NOT NULL);
CREATE INDEX events_by_time ON events (at);
CREATE INDEX events_by_kind ON events (kind, id);
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE programs (account TEXT NOT NULL, exe TEXT NOT NULL, name TEXT NOT NULL,
    cmdline TEXT NOT NULL, app_ids TEXT NOT NULL, app TEXT, last_seen TEXT NOT NULL,
    PRIMARY KEY (account, exe));
CREATE TABLE sites (profile TEXT NOT NULL, day TEXT NOT NULL, site TEXT NOT NULL,
    rule TEXT NOT NULL, allowed INTEGER NOT NULL, blocked INTEGER NOT NULL,
    PRIMARY KEY (profile, day, site, rule));
INSERT INTO usage VALUES ('kid', '2026-11-30', 600.0), ('kid/minecraft', '2026-11-30', 60.0);
INSERT INTO sites VALUES ('kid', '2026-11-30', 'example.org', '', 5, 0),
    ('kid', '2026-11-30', 'bad.example', 'adult', 0, 2);
INSERT INTO events (at, profile, kind, data) VALUES ('2026-11-30T09:00:00+00:00', 'kid', 'grant',
    '{"minutes": 15}');
PRAGMA user_version = 1;
"""


def test_a_version_1_database_is_brought_up_to_date(tmp_path: Path) -> None:
    path = tmp_path / "state.db"
    db = sqlite3.connect(path)
    db.executescript(VERSION_1)
    db.close()
    ledger = UsageLedger(path)
    assert ledger.recovery is None
    assert ledger.seconds("kid", DAY) == 600.0
    assert [(r.site, r.blocked) for r in ledger.site_counts("kid", DAY, DAY)] == [
        ("example.org", 0),
        ("bad.example", 2),
    ]
    assert [e.data for e in ledger.events()] == [{"minutes": 15}]
    ledger.add_site_counts([SiteCountRow("kid", DAY.isoformat(), "example.org", "", 1, 0)])
    ledger.credit("kid", DAY, 60.0)
    ledger.credit_activity([key()], 60.0)
    ledger.close()

    db = sqlite3.connect(path)
    try:
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 3
        tables = dict(db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table'"))
        assert "outside_hours" in tables["grants"]
        for name in ("usage", "sites", "activity"):
            assert "WITHOUT ROWID" in tables[name]
        assert not any("before_2" in name for name in tables)
        indexes = {n for (n,) in db.execute("SELECT name FROM sqlite_master WHERE type='index'")}
        assert "events_by_time" not in indexes and "events_by_kind" in indexes
        assert db.execute("SELECT seconds FROM usage WHERE profile = 'kid'").fetchall() == [
            (660.0,)
        ]
        assert db.execute("SELECT allowed FROM sites WHERE site = 'example.org'").fetchall() == [
            (6,)
        ]
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        db.close()
    # Opening it again is not a second migration.
    UsageLedger(path).close()


def test_event_data_is_stored_compactly(tmp_path: Path) -> None:
    ledger = UsageLedger(tmp_path / "state.db")
    ledger.record(datetime(2026, 11, 30, 9, tzinfo=UTC), "request", "kid", note="ещё", minutes=5)
    ledger.flush()
    (data,) = ledger.connection().execute("SELECT data FROM events").fetchone()
    assert data == '{"note":"ещё","minutes":5}'
    assert ledger.events()[0].data == {"note": "ещё", "minutes": 5}
    ledger.close()
