"""The ledger on a failing disk and after losing its database: memory first, retries, recovery."""

from __future__ import annotations

import errno
import json
import sqlite3
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from guardian.api import RunningApp
from guardian.ledger import SPENT_KEY, UsageLedger
from guardian.problems import ProblemCode
from guardian.storage_faults import DamagedDatabase, fault_reason, is_damage, is_storage_fault
from tests.helpers.failing_disk import REAL_CONNECT, FailingDisk, sqlite_error

DAY = date(2026, 11, 30)
AT = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
META = {
    "login-throttle": '{"failures": 7, "locked_until": 1.0, "password_set": true}',
    "clock-high-water": "2026-11-30T09:00:00+00:00",
    "learned-app-hashes": '{"ab12": "minecraft"}',
    "known-accounts": '["kid", "parent"]',
    "requests": '[{"account": "kid", "minutes": 30}]',
}


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "state" / "state.db"


@pytest.fixture
def disk(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> FailingDisk:
    db_path.parent.mkdir()
    return FailingDisk(db_path.parent, monkeypatch)


def stored(path: Path, query: str) -> list[tuple[object, ...]]:
    """Rows of the real file, read past any injected fault."""
    db = REAL_CONNECT(path)
    try:
        return db.execute(query).fetchall()
    finally:
        db.close()


def fill(ledger: UsageLedger) -> None:
    """One of every kind of state."""
    ledger.credit("kid", DAY, 600.0)
    ledger.add_grant("kid", DAY, AT, 15)
    ledger.mark_warned("kid", DAY, [15, 5])
    ledger.record(AT, "grant", "kid", minutes=15)
    ledger.remember_program(
        RunningApp("/usr/bin/game", "game", ("game",), (), "kid", "game", None, AT.isoformat())
    )
    ledger.flush(META)


def assert_all_state(ledger: UsageLedger) -> None:
    assert ledger.seconds("kid", DAY) == pytest.approx(600.0)
    assert [g.minutes for g in ledger.grants("kid", DAY)] == [15]
    assert ledger.warned("kid", DAY) == {15, 5}
    assert [e.kind for e in ledger.events()][-1:] == ["grant"]
    assert [p.exe for p in ledger.programs(AT)] == ["/usr/bin/game"]
    for key, value in META.items():
        assert ledger.meta(key) == value


# --- telling faults from damage ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("exc", "reason"),
    [
        (sqlite_error(sqlite3.SQLITE_FULL, "full"), "full"),
        (sqlite_error(sqlite3.SQLITE_IOERR | (3 << 8), "short write"), "io_error"),
        (sqlite_error(sqlite3.SQLITE_READONLY | (1 << 8), "read-only"), "read_only"),
        (sqlite_error(sqlite3.SQLITE_BUSY, "busy"), "other"),
        (sqlite_error(sqlite3.SQLITE_CANTOPEN, "cannot open"), "other"),
        (OSError(errno.ENOSPC, "full"), "full"),
        (OSError(errno.EROFS, "read-only"), "read_only"),
        (OSError(errno.EACCES, "denied"), "read_only"),
        (OSError(errno.EIO, "I/O"), "io_error"),
    ],
)
def test_disk_errors_are_faults_never_damage(
    exc: BaseException, reason: str, tmp_path: Path
) -> None:
    assert is_storage_fault(exc) and not is_damage(exc)
    assert fault_reason(exc, tmp_path) == reason


@pytest.mark.parametrize(
    "exc",
    [
        sqlite_error(sqlite3.SQLITE_CORRUPT, "malformed"),
        sqlite_error(sqlite3.SQLITE_NOTADB, "not a database"),
        DamagedDatabase("quick_check failed"),
    ],
)
def test_only_sqlite_verdicts_are_damage(exc: BaseException) -> None:
    assert is_damage(exc) and not is_storage_fault(exc)


def test_bugs_are_neither() -> None:
    assert not is_storage_fault(sqlite3.ProgrammingError("closed"))
    assert not is_storage_fault(sqlite3.IntegrityError("constraint"))


# --- writes on a failing disk ------------------------------------------------------------------


@pytest.mark.parametrize(
    "code", [sqlite3.SQLITE_FULL, sqlite3.SQLITE_IOERR, sqlite3.SQLITE_READONLY]
)
def test_every_write_waits_in_memory_and_lands_later(
    db_path: Path, disk: FailingDisk, code: int
) -> None:
    ledger = UsageLedger(db_path)
    disk.fail_writes(code)
    fill(ledger)
    problem = ledger.problem
    assert problem is not None and problem.code is ProblemCode.STORAGE_FAILING
    assert problem.args["folder"] == str(db_path.parent) and problem.detail
    assert_all_state(ledger)
    assert stored(db_path, "SELECT * FROM usage") == []
    disk.heal()
    for _ in range(20):
        ledger.flush()
    assert ledger.problem is None
    assert stored(db_path, "SELECT seconds FROM usage WHERE profile='kid'") == [(600.0,)]
    assert dict(stored(db_path, "SELECT key, value FROM meta")) == META
    assert stored(db_path, "SELECT minutes FROM grants") == [(15,)]
    assert stored(db_path, "SELECT count(*) FROM warnings") == [(2,)]
    assert stored(db_path, "SELECT kind FROM events") == [("grant",)]
    assert stored(db_path, "SELECT exe FROM programs") == [("/usr/bin/game",)]
    assert_all_state(ledger)
    ledger.close()


def test_a_failing_disk_is_not_hammered(db_path: Path, disk: FailingDisk) -> None:
    ledger = UsageLedger(db_path)
    disk.fail_writes(sqlite3.SQLITE_FULL)
    for _ in range(60):
        ledger.credit("kid", DAY, 5.0)
        ledger.flush()
    assert disk.refused < 15
    assert ledger.seconds("kid", DAY) == pytest.approx(300.0)
    disk.heal()
    ledger.close()
    assert stored(db_path, "SELECT seconds FROM usage") == [(300.0,)]


def test_usage_never_goes_down_when_writes_land(db_path: Path, disk: FailingDisk) -> None:
    ledger = UsageLedger(db_path)
    ledger.credit("kid", DAY, 100.0)
    ledger.flush()
    disk.fail_writes(sqlite3.SQLITE_IOERR)
    ledger.credit("kid", DAY, 50.0)
    ledger.flush()
    disk.heal()
    ledger.close()
    assert stored(db_path, "SELECT seconds FROM usage") == [(150.0,)]


def test_held_events_are_bounded(
    db_path: Path, disk: FailingDisk, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("guardian.ledger.PENDING_EVENTS", 10)
    ledger = UsageLedger(db_path)
    disk.fail_writes(sqlite3.SQLITE_FULL)
    for n in range(25):
        ledger.record(AT, "tick", None, n=n)
    assert [e.data["n"] for e in ledger.events()] == list(range(15, 25))
    disk.heal()
    ledger.close()
    assert stored(db_path, "SELECT count(*) FROM events") == [(10,)]


def test_a_write_fault_never_sets_the_database_aside(db_path: Path, disk: FailingDisk) -> None:
    ledger = UsageLedger(db_path)
    ledger.credit("kid", DAY, 100.0)
    ledger.close()
    disk.fail_opens(sqlite3.SQLITE_IOERR)
    again = UsageLedger(db_path)
    assert again.problem is not None and again.problem.args["reason"] == "io_error"
    assert again.seconds("kid", DAY) == pytest.approx(100.0)  # from the snapshot
    again.close()
    assert sorted(p.name for p in db_path.parent.iterdir()) == [
        "state.db",
        "state.db.snapshot.json",
    ]
    disk.heal()
    healthy = UsageLedger(db_path)
    assert healthy.problems == () and healthy.seconds("kid", DAY) == pytest.approx(100.0)
    healthy.close()


def test_an_unopenable_database_without_snapshot_spends_the_day(
    db_path: Path, disk: FailingDisk
) -> None:
    UsageLedger(db_path).close()
    (db_path.parent / "state.db.snapshot.json").unlink()
    disk.fail_opens(sqlite3.SQLITE_IOERR)
    ledger = UsageLedger(db_path)
    assert ledger.recovery is not None and ledger.recovery.code is ProblemCode.STATE_LOST
    assert ledger.is_spent(DAY)
    ledger.close()


# --- losing the database -----------------------------------------------------------------------


def damage(path: Path, how: str) -> None:
    if how == "empty":
        path.write_bytes(b"")
    elif how == "truncated":
        with path.open("r+b") as handle:
            handle.truncate(path.stat().st_size // 2)
    elif how == "garbage":
        path.write_bytes(b"not a database " * 500)
    else:
        path.unlink()


@pytest.mark.parametrize("how", ["empty", "truncated", "garbage", "deleted"])
def test_a_lost_database_comes_back_whole_from_the_snapshot(db_path: Path, how: str) -> None:
    db_path.parent.mkdir()
    ledger = UsageLedger(db_path)
    for n in range(300):  # a bigger file, so truncating it loses pages
        ledger.record(AT, "filler", None, n=n)
    fill(ledger)
    ledger.close()
    damage(db_path, how)
    again = UsageLedger(db_path)
    assert again.recovery is not None and again.recovery.code is ProblemCode.STATE_RECOVERED
    assert again.problem is None and not again.is_spent(DAY)
    assert_all_state(again)
    again.close()
    # What came back was written to the new file: the next start needs no recovery.
    third = UsageLedger(db_path)
    assert third.recovery is None
    assert_all_state(third)
    third.close()


@pytest.mark.parametrize("how", ["empty", "truncated", "garbage"])
def test_a_lost_database_without_snapshot_spends_the_day(db_path: Path, how: str) -> None:
    db_path.parent.mkdir()
    ledger = UsageLedger(db_path)
    fill(ledger)
    ledger.close()
    (db_path.parent / "state.db.snapshot.json").write_text("{broken")
    damage(db_path, how)
    again = UsageLedger(db_path)
    assert again.recovery is not None and again.recovery.code is ProblemCode.STATE_LOST
    assert again.is_spent(DAY)
    again.pin_spent_day(DAY)
    again.close()
    third = UsageLedger(db_path)
    assert third.is_spent(DAY) and not third.is_spent(date(2026, 12, 1))
    third.close()


def test_a_database_with_no_usage_beside_a_snapshot_with_some_is_restored(db_path: Path) -> None:
    db_path.parent.mkdir()
    ledger = UsageLedger(db_path)
    fill(ledger)
    ledger.close()
    db = REAL_CONNECT(db_path)
    db.execute("DELETE FROM usage")
    db.commit()
    db.close()
    again = UsageLedger(db_path)
    assert again.recovery is not None and again.recovery.code is ProblemCode.STATE_RECOVERED
    assert again.seconds("kid", DAY) == pytest.approx(600.0)
    assert len(again.grants("kid", DAY)) == 1
    again.close()


def test_a_fresh_install_is_a_fresh_start(db_path: Path) -> None:
    db_path.parent.mkdir()
    ledger = UsageLedger(db_path)
    assert ledger.problems == () and not ledger.is_spent(DAY)
    assert ledger.seconds("kid", DAY) == 0.0
    # The snapshot exists from the first moment, so losing the file later is not a fresh start.
    assert ledger.snapshot_path.exists()
    ledger.close()


def test_a_usage_only_snapshot_of_older_versions_still_restores(db_path: Path) -> None:
    db_path.parent.mkdir()
    snapshot = {"usage": [{"profile": "kid", "day": DAY.isoformat(), "seconds": 321.0}]}
    (db_path.parent / "state.db.snapshot.json").write_text(json.dumps(snapshot))
    ledger = UsageLedger(db_path)
    assert ledger.seconds("kid", DAY) == pytest.approx(321.0)
    assert ledger.recovery is not None and ledger.meta(SPENT_KEY) is None
    ledger.close()


def test_a_folder_that_cannot_be_made_still_gives_a_ledger(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    ledger = UsageLedger(blocker / "state" / "state.db")
    assert ledger.problem is not None and ledger.problem.code is ProblemCode.STORAGE_FAILING
    assert ledger.recovery is None and not ledger.is_spent(DAY)  # no state ever lived there
    ledger.credit("kid", DAY, 30.0)
    ledger.set_meta("clock-high-water", "x")
    ledger.flush()
    assert ledger.seconds("kid", DAY) == 30.0 and ledger.meta("clock-high-water") == "x"
    ledger.close()
