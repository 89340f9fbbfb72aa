"""The service on a fake clock: whole days time-travelled, enforcement, tamper and restarts."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta

import pytest

from guardian.api import AuthRequired, EventKind, InvalidRequest, Throttled, WrongPassword
from guardian.features.tamper import TamperWatch
from guardian.ledger import EventRow
from guardian.service import GuardianService
from tests.guardian.conftest import MAKE, kid_policy
from tests.helpers.fakes import FakeClock, FakeSessions

# Monday 2026-11-30 04:00 UTC is 07:00 in Moscow, when the kid's hours begin.
MORNING = datetime(2026, 11, 30, 4, 0, tzinfo=UTC)


def sessions(service: GuardianService) -> FakeSessions:
    return service.platform.sessions  # type: ignore[return-value]


def clock_tamper(service: GuardianService) -> list[EventRow]:
    """Tamper events about the clock (the embedded default also flags the admin parent)."""
    return [e for e in service.ledger.events(kind="tamper") if e.data["what"] == "clock_jump"]


def run(service: GuardianService, clock: FakeClock, seconds: float, step: float = 1.0) -> None:
    """Tick the service through `seconds` of time."""
    for _ in range(int(seconds / step)):
        clock.advance(step)
        service.tick()


def test_a_whole_day_is_counted_warned_and_enforced(make_service: MAKE, clock: FakeClock) -> None:
    clock.set_wall(MORNING)
    service = make_service(kid_policy())
    seen = []
    service.subscribe(seen.append)
    fake = sessions(service)
    # Use the computer from 07:00 until blocked; then the kid unlocks it every ten minutes
    # until 07:00 the next day (locked time is ticked every 30 s: nothing counts then).
    while not fake.session.locked:
        clock.advance(2)
        service.tick()
    while clock.now() < MORNING + timedelta(days=1):
        clock.advance(30)
        service.tick()
        if clock.now().minute % 10 == 0:
            fake.unlock()
            clock.advance(1)
            service.tick()
    day_one = service.ledger.seconds("kid", datetime(2026, 11, 30).date())
    assert 7200 <= day_one <= 7204
    warnings = [e.data["minutes"] for e in seen if e.kind is EventKind.WARNING]
    assert warnings[:3] == [15, 5, 1]
    assert any(e.kind is EventKind.COUNTDOWN for e in seen)
    assert ("lock", "1") in fake.actions
    assert any(e.kind is EventKind.BLOCKED for e in seen)


def test_a_tick_never_credits_more_than_the_cap(make_service: MAKE, clock: FakeClock) -> None:
    clock.set_wall(MORNING)
    service = make_service(kid_policy())
    clock.advance(1000)
    service.tick()
    assert service.ledger.seconds("kid", MORNING.date()) == pytest.approx(2.0)


def test_locked_and_idle_sessions_do_not_count(make_service: MAKE, clock: FakeClock) -> None:
    from dataclasses import replace

    clock.set_wall(MORNING)
    service = make_service(kid_policy(idle_minutes=5))
    fake = sessions(service)
    fake.session = replace(fake.session, locked=True)
    run(service, clock, 60)
    fake.session = replace(fake.session, locked=False, idle_seconds=301)
    run(service, clock, 60)
    fake.session = replace(fake.session, idle_seconds=299)
    run(service, clock, 60)
    assert service.ledger.seconds("kid", MORNING.date()) == pytest.approx(60)


def test_unrestricted_accounts_are_left_alone(make_service: MAKE, clock: FakeClock) -> None:
    from dataclasses import replace

    clock.set_wall(MORNING - timedelta(hours=5))  # 02:00 in Moscow, outside the kid's hours
    service = make_service(kid_policy())
    fake = sessions(service)
    fake.session = replace(fake.session, user="parent")
    run(service, clock, 30)
    assert fake.actions == []
    assert not service.status("parent").restricted


def test_moving_the_clock_gains_nothing(make_service: MAKE, clock: FakeClock) -> None:
    clock.set_wall(MORNING)
    service = make_service(kid_policy())
    run(service, clock, 7200, step=2)
    assert not service.status("kid").allowed
    for jump in (timedelta(days=1), timedelta(days=-1), timedelta(hours=20)):
        clock.set_wall(clock.now() + jump)
        run(service, clock, 60)
        status = service.status("kid")
        assert not status.allowed
        assert status.day == "2026-11-30"
    # The second jump only puts the clock back right; the first and third are reported.
    assert [round(e.data["seconds"] / 3600) for e in clock_tamper(service)] == [24, 20]


def test_changing_the_system_time_zone_gains_nothing(
    make_service: MAKE, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    import time

    clock.set_wall(MORNING)
    service = make_service(kid_policy())
    run(service, clock, 7200, step=2)
    before = service.status("kid")
    monkeypatch.setenv("TZ", "Pacific/Kiritimati")
    time.tzset()
    try:
        run(service, clock, 10)
        after = service.status("kid")
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()
    assert after.day == before.day and not after.allowed


def test_suspend_is_not_tamper_and_not_counted(make_service: MAKE, clock: FakeClock) -> None:
    clock.set_wall(MORNING)
    service = make_service(kid_policy())
    run(service, clock, 60)
    clock.suspend(3600)
    run(service, clock, 60)
    assert clock_tamper(service) == []
    assert service.ledger.seconds("kid", MORNING.date()) == pytest.approx(120, abs=2)
    assert service.trusted.now() == clock.now()


def test_restart_with_the_clock_set_back_keeps_the_day(
    make_service: MAKE, clock: FakeClock
) -> None:
    clock.set_wall(MORNING + timedelta(hours=5))
    first = make_service(kid_policy())
    run(first, clock, 7200, step=2)
    first.close()
    clock.set_wall(clock.now() - timedelta(days=3))
    second = make_service()
    assert second.trusted.start_jump is not None
    assert not second.status("kid").allowed
    assert second.status("kid").day == "2026-11-30"
    assert second.ledger.events(kind="tamper")


def test_escalates_when_the_session_stays_active(make_service: MAKE, clock: FakeClock) -> None:
    clock.set_wall(MORNING - timedelta(hours=2))  # 05:00 in Moscow: outside hours
    service = make_service(kid_policy())
    fake = sessions(service)
    fake.lock_works = False
    run(service, clock, 70)
    steps = [a for a, _ in fake.actions]
    assert steps[0] == "lock"
    assert "logout" in steps and "end_processes" in steps
    assert steps.index("logout") > steps.count("lock") - 1


def test_a_failing_action_escalates_and_is_reported(make_service: MAKE, clock: FakeClock) -> None:
    clock.set_wall(MORNING - timedelta(hours=2))
    service = make_service(kid_policy())
    fake = sessions(service)
    fake.fail = {"lock"}
    run(service, clock, 3)
    assert [a for a, _ in fake.actions][:1] == ["logout"]
    failed = service.ledger.events(kind="enforcement_failed")
    assert failed and failed[0].data["step"] == "lock"


def test_grant_reopens_and_warns_afresh(make_service: MAKE, clock: FakeClock) -> None:
    clock.set_wall(MORNING)
    service = make_service(kid_policy())
    service.set_password(None, "parent-pass")
    run(service, clock, 7200, step=2)
    assert not service.status("kid").allowed
    token = service.login("parent-pass", "parent")
    seen = []
    service.subscribe(seen.append)
    service.call("parent", "grant", token=token, profile_id="kid", minutes=15)
    assert [e.data for e in seen if e.kind is EventKind.ANSWERED] == [
        {"account": "kid", "minutes": 15, "outside_hours": False, "request_id": None}
    ]
    status = service.status("kid")
    assert status.allowed and "grant_active" in status.reasons
    assert status.session_left == pytest.approx(900, abs=5)
    with pytest.raises(AuthRequired):
        service.call("parent", "grant", token="forged", profile_id="kid", minutes=60)


def test_bad_policy_file_keeps_the_last_good_one(make_service: MAKE, clock: FakeClock) -> None:
    clock.set_wall(MORNING)
    service = make_service(kid_policy())
    service.store.path.write_text("version = 1\ntimezone = 'Mars/Olympus'\n", encoding="utf-8")
    assert service.store.reload() is None
    assert service.store.policy.timezone == "Europe/Moscow"
    restarted = make_service()
    status = restarted.status("kid")
    assert status.profile_id == "kid" and status.budget_today == 7200
    assert status.problems == ("policy_not_applied",)
    (problem,) = restarted.problems()
    assert problem.args["file"].endswith("policy.toml") and "Mars/Olympus" in problem.detail


def test_password_throttle_survives_a_restart(make_service: MAKE, clock: FakeClock) -> None:
    service = make_service(kid_policy())
    service.set_password(None, "parent-pass")
    for _ in range(5):
        with pytest.raises(WrongPassword):
            service.login("guess", "kid")
    with pytest.raises(Throttled) as first:
        service.login("parent-pass", "kid")
    service.close()
    again = make_service()
    with pytest.raises(Throttled) as second:
        again.login("parent-pass", "kid")
    assert second.value.retry_after <= first.value.retry_after
    assert again.login("parent-pass", "parent")
    clock.advance(31)
    assert again.login("parent-pass", "kid")
    failures = [e.data["error"] for e in again.ledger.events(kind="login_failed")]
    assert failures == ["WrongPassword"] * 5 + ["Throttled"] * 2


def test_tokens_expire_after_ten_idle_minutes(make_service: MAKE, clock: FakeClock) -> None:
    service = make_service(kid_policy())
    token = service.set_password(None, "parent-pass")
    clock.advance(599)
    service.get_policy(token)
    clock.advance(599)
    service.get_policy(token)
    clock.advance(601)
    with pytest.raises(AuthRequired):
        service.get_policy(token)


def test_setting_the_password_needs_a_token_once_set(make_service: MAKE) -> None:
    service = make_service(kid_policy())
    old = service.set_password(None, "parent-pass")
    with pytest.raises(AuthRequired):
        service.set_password(None, "child-wins")
    new = service.set_password(old, "another-pass")
    with pytest.raises(AuthRequired):
        service.get_policy(old)
    service.get_policy(new)


def test_usage_survives_a_broken_database(make_service: MAKE, clock: FakeClock) -> None:
    clock.set_wall(MORNING)
    service = make_service(kid_policy())
    run(service, clock, 600, step=2)
    service.close()
    db = service.paths.database
    db.write_bytes(b"this is not a database" * 100)
    restarted = make_service()
    assert restarted.ledger.seconds("kid", MORNING.date()) == pytest.approx(600, abs=4)
    assert "state_recovered" in restarted.status("kid").problems


def test_broken_database_without_snapshot_fails_closed(
    make_service: MAKE, clock: FakeClock
) -> None:
    clock.set_wall(MORNING)
    service = make_service(kid_policy())
    run(service, clock, 60)
    service.close()
    service.paths.database.write_bytes(b"garbage" * 1000)
    service.ledger.snapshot_path.unlink()
    restarted = make_service()
    restarted.tick()
    status = restarted.status("kid")
    assert not status.allowed and "daily_budget_spent" in status.reasons


def test_usage_is_flushed_within_ten_seconds(make_service: MAKE, clock: FakeClock) -> None:
    clock.set_wall(MORNING)
    service = make_service(kid_policy())
    run(service, clock, 30)
    db = sqlite3.connect(service.paths.database)
    stored = db.execute("SELECT seconds FROM usage").fetchone()[0]
    db.close()
    assert stored >= 30 - 10


def test_new_problems_are_pushed_once(make_service: MAKE, clock: FakeClock) -> None:
    clock.set_wall(MORNING - timedelta(hours=2))
    service = make_service(kid_policy())
    seen = []
    service.subscribe(seen.append)
    sessions(service).fail = {"lock", "logout", "end_processes"}
    run(service, clock, 5)
    problems = [e.data["code"] for e in seen if e.kind is EventKind.PROBLEM]
    # One announcement per failing step (lock, log out, end processes), never one per tick.
    assert problems == ["enforcement_failed"] * 3
    (problem,) = service.problems()
    assert problem.args == {"account": "kid", "step": "end_processes"}
    assert "not available" in problem.detail


def test_rules_and_requests_for_the_calling_account(make_service: MAKE, clock: FakeClock) -> None:
    service = make_service(kid_policy())
    seen = []
    service.subscribe(seen.append)
    rules = service.call("kid", "rules")
    assert rules["profile_id"] == "kid" and rules["daily_budget_minutes"] == [120] * 7
    assert rules["allowed_hours"][0] == ["07:00-21:30"]
    assert service.call("parent", "rules") == {"account": "parent", "restricted": False}
    service.call("kid", "request.submit", minutes=30, note="  homework  ")
    (asked,) = [e.data for e in seen if e.kind is EventKind.REQUEST]
    assert {k: asked[k] for k in ("account", "profile_id", "minutes", "note", "kind")} == {
        "account": "kid",
        "profile_id": "kid",
        "minutes": 30,
        "note": "homework",
        "kind": "time",
    }
    assert service.ledger.events(kind="request")[0].data["minutes"] == 30
    with pytest.raises(InvalidRequest):
        service.call("kid", "request.submit", minutes=0, note="")


def test_policy_file_edited_by_hand_is_validated_then_applied(
    make_service: MAKE, clock: FakeClock
) -> None:
    clock.set_wall(MORNING)
    service = make_service(kid_policy())
    path = service.store.path
    path.write_text(path.read_text().replace("120", "90", 1), encoding="utf-8")
    run(service, clock, 6)
    assert service.status("kid").budget_today == 90 * 60
    path.write_text(path.read_text() + "\nbogus = 1\n", encoding="utf-8")
    run(service, clock, 6)
    status = service.status("kid")
    assert status.budget_today == 90 * 60
    assert status.problems == ("policy_not_applied",)
    assert "bogus" in service.problems()[0].detail
    changes = service.ledger.events(kind="policy_file_changed")
    assert [e.data["applied"] for e in changes] == [True, False]


def test_admin_children_and_new_accounts_are_reported(make_service: MAKE, clock: FakeClock) -> None:
    from guardian.platform.base import AccountInfo

    service = make_service(kid_policy())
    accounts = service.platform.accounts
    accounts.people.append(AccountInfo("guest", "Guest", 1002, True))  # type: ignore[attr-defined]
    service.feature(TamperWatch).check_accounts(clock.now())
    added = service.ledger.events(kind="account_added")
    assert [e.data for e in added] == [{"account": "guest", "restricted_by": "kid"}]
    problems = {(p.code.value, p.args["account"]) for p in service.problems()}
    assert problems == {("admin_child", "guest"), ("account_added", "guest")}
    admin = [e for e in service.ledger.events(kind="tamper") if e.data["what"] == "admin_child"]
    assert admin[-1].data["account"] == "guest"


def test_a_stopped_tray_in_an_active_child_session_is_tamper(
    make_service: MAKE, clock: FakeClock
) -> None:
    clock.set_wall(MORNING)
    service = make_service(kid_policy())
    service.tick()
    service.feature(TamperWatch).tray_lost("parent")
    service.feature(TamperWatch).tray_lost("kid")
    stopped = [e for e in service.ledger.events(kind="tamper") if e.data["what"] == "tray_stopped"]
    assert [e.data["account"] for e in stopped] == ["kid"]


def test_only_an_administrator_sets_the_first_password_of_a_system_install(
    make_service: MAKE,
) -> None:
    service = make_service(kid_policy())
    with pytest.raises(AuthRequired):
        service.set_password(None, "child-wins", account="kid")
    assert not service.auth.is_set()
    assert service.set_password(None, "parent-pass", account="parent")


def test_a_hand_edited_secrets_file_is_reported(
    make_service: MAKE, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    import keyring
    import keyring.backends.fail

    keyring.set_keyring(keyring.backends.fail.Keyring())
    service = make_service(kid_policy())
    service.set_password(None, "parent-pass")
    run(service, clock, 6)
    assert not [
        e for e in service.ledger.events(kind="tamper") if e.data["what"] == "secrets_edited"
    ]
    secrets_file = service.secrets.fallback_file
    secrets_file.write_text('{"parent-password": "forged"}', encoding="utf-8")
    run(service, clock, 6)
    edited = [e for e in service.ledger.events(kind="tamper") if e.data["what"] == "secrets_edited"]
    assert len(edited) == 1
    assert "secrets_edited" in service.status("kid").problems
