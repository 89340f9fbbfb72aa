"""Attacks on the tick: a part of the service that raises, and names that collide with what the
service derives from a policy. The outcome is always "more restricted", never "no limits"."""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from guardian.features.apps import Apps
from guardian.features.screen_time import ScreenTime
from guardian.features.tamper import TamperWatch
from guardian.problems import ProblemCode
from guardian.service import FAILURES_TO_HOLD, GuardianService
from rules.model import InvalidData, Policy, Profile, Weekday, from_data
from tests.guardian.conftest import MAKE, kid_policy
from tests.helpers.fakes import FakeApps, FakeClock, FakeSessions, fake_platform

EVENING = datetime(2026, 11, 30, 16, 0, tzinfo=UTC)
"""19:00 in Moscow: inside the kid's allowed hours."""


def _sessions(service: GuardianService) -> FakeSessions:
    return service.platform.sessions  # type: ignore[return-value]


def _boom(*args: object) -> None:
    raise RuntimeError("a part of the service broke")


def _run(service: GuardianService, clock: FakeClock, seconds: int) -> None:
    for _ in range(seconds):
        clock.advance(1)
        service.tick()


def test_a_failing_app_guard_does_not_stop_screen_time(
    make_service: MAKE, clock: FakeClock, monkeypatch: object
) -> None:
    """Attack: the app guard raises on every tick (a process the monitor chokes on).
    Outcome: screen time still counts and the lock still comes when the day's time is spent;
    after three failures in a row the sessions are held at time-up and the parent is told."""
    clock.set_wall(EVENING)
    policy = kid_policy(daily_budget={d.value: 1 for d in Weekday})
    service = make_service(policy, platform=fake_platform(FakeApps()))
    apps = service.feature(Apps)
    apps.observe = _boom  # type: ignore[method-assign]
    _run(service, clock, 5)
    assert service.ledger.seconds("kid", EVENING.date()) >= FAILURES_TO_HOLD - 1
    # Held at time-up long before the one-minute budget is spent.
    assert ("lock", "1") in _sessions(service).actions
    status = service.status("kid")
    assert not status.allowed and status.reasons == ("held",)
    assert "feature_failed" in status.problems
    (failed,) = [p for p in service.problems() if p.code is ProblemCode.FEATURE_FAILED]
    assert failed.args == {"feature": "apps"} and not failed.dismissable
    assert "a part of the service broke" in failed.detail
    assert service.ledger.events(kind="feature_failed")[-1].data["feature"] == "apps"


def test_one_failure_is_contained_and_forgotten(make_service: MAKE, clock: FakeClock) -> None:
    """Attack: the tamper watch raises once (a transient OS error).
    Outcome: the tick goes on, nothing is held, no problem stays."""
    clock.set_wall(EVENING)
    service = make_service(kid_policy())
    tamper = service.feature(TamperWatch)
    real = tamper.act
    failures = iter([True])

    def once(tick: object) -> None:
        if next(failures, False):
            _boom()
        real(tick)  # type: ignore[arg-type]

    tamper.act = once  # type: ignore[method-assign]
    _run(service, clock, 3)
    assert _sessions(service).actions == []
    assert service.problems() == []
    assert service.ledger.seconds("kid", EVENING.date()) >= 2


def test_broken_screen_time_and_enforcer_still_lock(make_service: MAKE, clock: FakeClock) -> None:
    """Attack: screen time raises in every phase, and so does its enforcer.
    Outcome: after FAILURES_TO_HOLD ticks the coordinator locks the child's session itself."""
    clock.set_wall(EVENING)
    service = make_service(kid_policy())
    screen_time = service.feature(ScreenTime)
    screen_time.act = _boom  # type: ignore[method-assign]
    screen_time.hold = _boom  # type: ignore[method-assign]
    _run(service, clock, FAILURES_TO_HOLD - 1)
    assert _sessions(service).actions == []
    _run(service, clock, 1)
    assert _sessions(service).actions == [("lock", "1")]


NAMES = st.sampled_from(
    [
        "account-owners",
        "has-app-rules",
        "app-budgets:kid",
        "app-matcher:kid",
        "kid",
        "derived",
        "zone",
        "profiles",
        "status",
        "category:games",
        "__class__",
        "screen_time",
    ]
) | st.from_regex(r"[a-z][a-z0-9_-]{0,20}", fullmatch=True)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(profile_id=NAMES, second=NAMES, account=NAMES, app=NAMES)
def test_any_names_the_schema_accepts_are_enforced(
    make_service: MAKE,
    clock: FakeClock,
    profile_id: str,
    second: str,
    account: str,
    app: str,
) -> None:
    """Attack: a policy whose profile ids, account names and app ids equal names the service
    derives internally (cache keys, feature names, methods). Outcome: the policy is enforced:
    the child is blocked outside allowed hours, and the tick raises nothing."""
    if second == profile_id:
        second = profile_id + "-2"
    try:
        child = from_data(
            Profile,
            {
                "id": profile_id,
                "name": profile_id,
                "accounts": ["kid", account if account != "kid" else "kid-2"],
                "allowed_hours": {d.value: ["08:00-09:00"] for d in Weekday},
                "apps": [{"app": app, "mode": "blocked", "match": {"names": [app]}}],
                "category_budgets": {"games": 30},
            },
        )
        other = from_data(Profile, {"id": second, "name": second, "preset": "18+"})
        policy = Policy(
            timezone="Europe/Moscow",
            default_profile=second,
            profiles=(child, other),
            unrestricted_accounts=("parent",),
        )
    except (InvalidData, ValueError):
        assume(False)  # names the schema refuses are not the attack
        return
    clock.set_wall(EVENING)  # 19:00 in Moscow: outside 08:00-09:00
    service = make_service(policy, platform=fake_platform(FakeApps()))
    service.tick()
    clock.advance(1)
    service.tick()
    status = service.status("kid")
    assert status.profile_id == profile_id
    assert not status.allowed and status.reasons == ("outside_hours",)
    assert ("lock", "1") in _sessions(service).actions
    assert service.problems() == []
    service.close()
