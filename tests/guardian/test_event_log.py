"""The event log: filtered and paged by id, and bounded per account for what anyone can write."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from guardian.ledger import UsageLedger
from guardian.limits import STORED_PER_DAY

MORNING = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)


def test_a_tamper_event_is_found_among_10000_requests(tmp_path: Path) -> None:
    ledger = UsageLedger(tmp_path / "state.db")
    ledger._db.execute("PRAGMA synchronous=OFF")  # 10,000 synced commits would take minutes
    per_day = STORED_PER_DAY["request"]
    for n in range(10_000):
        at = MORNING + timedelta(days=n // per_day, seconds=n % per_day)
        if n == 4_321:
            ledger.record(at, "tamper", None, what="tray_stopped", account="kid")
        assert ledger.record(at, "request", "kid", account="kid", minutes=30, note="")
    [tamper] = ledger.events(10, ["tamper", "clock_jump"], newest_first=True)
    assert tamper.data["what"] == "tray_stopped"
    assert ledger.events(5, "request", account="kid")[0].data["account"] == "kid"
    assert ledger.events(5, "request", account="parent") == []

    newest = ledger.events(100, newest_first=True)
    assert [e.id for e in newest] == sorted((e.id for e in newest), reverse=True)
    seen, cursor = 0, None
    while True:
        page = ledger.events(1000, cursor=cursor, newest_first=True)
        if not page:
            break
        seen += len(page)
        cursor = page[-1].id
    assert seen == 10_001
    oldest = ledger.events(3)
    assert [e.id for e in oldest] == [1, 2, 3]
    assert [e.id for e in ledger.events(2, cursor=oldest[-1].id)] == [4, 5]
    assert ledger.events(5, []) == []
    assert ledger.events(5, profile="nobody") == []
    ledger.close()


def test_requests_are_kept_per_account_per_day_up_to_the_cap(tmp_path: Path) -> None:
    ledger = UsageLedger(tmp_path / "state.db")
    cap = STORED_PER_DAY["request"]
    kept = [ledger.record(MORNING, "request", "kid", account="kid", minutes=5) for _ in range(cap)]
    assert all(kept)
    assert not ledger.record(MORNING, "request", "kid", account="kid", minutes=5)
    assert ledger.record(MORNING, "request", "kid", account="kid2", minutes=5)
    assert ledger.record(MORNING, "tamper", None, what="tray_stopped", account="kid")
    ledger.close()
    again = UsageLedger(tmp_path / "state.db")  # the count is read back after a restart
    assert not again.record(MORNING, "request", "kid", account="kid", minutes=5)
    assert again.record(MORNING + timedelta(days=1), "request", "kid", account="kid", minutes=5)
    assert len(again.events(1000, "request", account="kid")) == cap + 1
    again.close()
