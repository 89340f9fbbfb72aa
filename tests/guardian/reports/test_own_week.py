"""What a child reads of their week (`reports.mine`): students sharing a profile never see each
other's names, requests or closed apps, and nobody sees the parent's tamper and settings lists."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import msgspec
import pytest

from guardian.api import InvalidRequest
from guardian.reports.model import WeekSummary
from tests.guardian.conftest import MAKE
from tests.guardian.reports import seed
from tests.helpers.fakes import FakeClock

FRIDAY = datetime(2026, 12, 4, 12, 0, tzinfo=UTC)


def test_a_student_sees_the_profiles_time_and_only_their_own_rows(
    make_service: MAKE, clock: FakeClock
) -> None:
    clock.set_wall(FRIDAY)
    service = make_service(seed.policy())
    seeder = seed.WeekSeeder(service.ledger)
    monday = seed.WEEK_OF_NOV_30
    seeder.use(seeder.local(monday, 10), 30, account="kid")
    seeder.use(seeder.local(monday, 11), 45, account="kid2")
    seeder.request(seeder.local(monday, 12), 30, "мне нужно доделать проект", account="kid2")
    seeder.request(seeder.local(monday, 13), 15, account="kid")
    seeder.block_app(seeder.local(monday, 14), "minecraft", "Minecraft", account="kid2")
    seeder.event(seeder.local(monday, 15), "login_failed", None, account="kid2", failures=3)
    seeder.event(seeder.local(monday, 16), "policy_changed")
    service.ledger.flush()

    token = service.set_password(None, "parent-pw")
    parents = msgspec.convert(
        service.call("parent", "reports.week", token=token, profile_id="kid", week=None),
        WeekSummary,
    )
    assert {a.account for a in parents.accounts} == {"kid", "kid2"}
    assert len(parents.requests.rows) == 2 and parents.tamper.rows and parents.changes.rows

    mine = service.call("kid", "reports.mine", week=None)
    assert mine.days[0].seconds == 75 * 60  # the profile's time: their limits are the profile's
    assert [a.account for a in mine.accounts] == ["kid"]
    assert [r.detail["minutes"] for r in mine.requests.rows] == [15]
    assert mine.blocked_apps.rows == () and mine.blocked_apps.more == 0
    assert mine.tamper.rows == () and mine.changes.rows == ()
    assert "kid2" not in msgspec.json.encode(mine).decode()
    assert "проект" not in msgspec.json.encode(mine).decode()

    other = service.call("KID2", "reports.mine", week=None)  # names match whatever the case
    assert [a.account for a in other.accounts] == ["kid2"]
    assert [r.detail["minutes"] for r in other.requests.rows] == [30]
    assert len(other.blocked_apps.rows) == 1


def test_an_unrestricted_account_has_no_week(make_service: MAKE, clock: FakeClock) -> None:
    clock.set_wall(FRIDAY - timedelta(days=1))
    service = make_service(seed.policy())
    with pytest.raises(InvalidRequest):
        service.call("parent", "reports.mine", week=None)


def test_a_student_sees_only_their_own_reports_and_the_grants_they_asked_for(
    make_service: MAKE, clock: FakeClock
) -> None:
    clock.set_wall(FRIDAY)
    service = make_service(seed.policy())
    seeder = seed.WeekSeeder(service.ledger)
    monday = seed.WEEK_OF_NOV_30
    seeder.use(seeder.local(monday, 10), 30, account="kid")
    report = {"account": "kid2", "id": "R1", "kind": "report", "target": "site:scary.example"}
    seeder.logged(seeder.local(monday, 11), "request", {**report, "note": "страшно"})
    ask = {"account": "kid2", "id": "T1", "kind": "time", "minutes": 20}
    seeder.logged(seeder.local(monday, 12), "request", ask)
    seeder.logged(seeder.local(monday, 12, 5), "request_answer", {**ask, "state": "approved"})
    seeder.event(seeder.local(monday, 12, 5), "grant", "kid", minutes=20, request="T1")
    seeder.logged(
        seeder.local(monday, 13),
        "request",
        {**report, "account": "kid", "id": "R2", "target": "site:ads.example"},
    )
    service.ledger.flush()

    mine = service.call("kid", "reports.mine", week=None)
    assert [r.detail["id"] for r in mine.requests.rows] == ["R2"]
    assert mine.grants.rows == ()
    seen = msgspec.json.encode(mine).decode()
    assert "scary" not in seen and "страшно" not in seen and "kid2" not in seen
    other = service.call("kid2", "reports.mine", week=None)
    assert [r.detail["id"] for r in other.requests.rows] == ["R1", "T1"]
    assert [g.detail["request"] for g in other.grants.rows] == ["T1"]
