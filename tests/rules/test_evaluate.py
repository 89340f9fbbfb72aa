"""The rule engine: table tests for the usual days and property tests for the hard ones."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rules.evaluate import Grant, Reason, Usage, evaluate
from rules.model import Policy, Profile, Weekday, from_data
from rules.presets import default_policy
from rules.timeofday import AllowedWindow

MSK = ZoneInfo("Europe/Moscow")
BERLIN = ZoneInfo("Europe/Berlin")
MONDAY = date(2026, 11, 30)


def policy(tz: str = "Europe/Moscow", **profile: object) -> Policy:
    """A one-profile policy with the given profile fields."""
    fields: dict[str, object] = {"id": "kid", "name": "Kid", **profile}
    return Policy(timezone=tz, default_profile="kid", profiles=(from_data(Profile, fields),))


def at(day: date, hour: int, minute: int = 0, tz: ZoneInfo = MSK) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=tz)


EVERY_DAY = {d.value: ["07:00-21:00"] for d in Weekday}
TWO_HOURS = {d.value: 120 for d in Weekday}


def test_within_hours_with_budget_left() -> None:
    p = policy(daily_budget=TWO_HOURS, allowed_hours=EVERY_DAY)
    d = evaluate(p, "kid", Usage(today_seconds=1800), at(MONDAY, 10))
    assert d.allowed and d.reasons == ()
    assert d.time_left_today == pytest.approx(5400)
    assert d.session_left == pytest.approx(5400)
    assert d.next_change == at(MONDAY, 11, 30)


def test_outside_hours_names_the_reason_and_next_start() -> None:
    p = policy(daily_budget=TWO_HOURS, allowed_hours=EVERY_DAY)
    d = evaluate(p, "kid", Usage(), at(MONDAY, 22))
    assert not d.allowed
    assert d.reasons == (Reason.OUTSIDE_HOURS,)
    assert d.session_left == 0
    assert d.next_change == at(MONDAY + timedelta(days=1), 7)


def test_budget_spent_waits_for_tomorrow() -> None:
    p = policy(daily_budget=TWO_HOURS, allowed_hours=EVERY_DAY)
    d = evaluate(p, "kid", Usage(today_seconds=7200), at(MONDAY, 12))
    assert not d.allowed
    assert d.reasons == (Reason.DAILY_BUDGET_SPENT,)
    assert d.time_left_today == 0
    assert d.next_change == at(MONDAY + timedelta(days=1), 7)


def test_no_hours_today() -> None:
    hours = {**EVERY_DAY, "mon": []}
    d = evaluate(policy(allowed_hours=hours), "kid", Usage(), at(MONDAY, 12))
    assert d.reasons[0] is Reason.NO_HOURS_TODAY


def test_window_end_limits_session_before_budget() -> None:
    p = policy(daily_budget=TWO_HOURS, allowed_hours=EVERY_DAY)
    d = evaluate(p, "kid", Usage(), at(MONDAY, 20, 30))
    assert d.session_left == pytest.approx(1800)
    assert d.time_left_today == pytest.approx(1800)


def test_warnings_due_once_at_the_tightest_threshold() -> None:
    p = policy(daily_budget=TWO_HOURS, allowed_hours=EVERY_DAY)
    d = evaluate(p, "kid", Usage(today_seconds=7200 - 240), at(MONDAY, 12))
    assert d.warning_due == 5
    again = evaluate(
        p, "kid", Usage(today_seconds=7200 - 240, warned=frozenset({5})), at(MONDAY, 12)
    )
    assert again.warning_due is None
    last = evaluate(p, "kid", Usage(today_seconds=7200 - 50, warned=frozenset({5})), at(MONDAY, 12))
    assert last.warning_due == 1 and last.countdown


def test_weekly_budget() -> None:
    p = policy(daily_budget=TWO_HOURS, allowed_hours=EVERY_DAY, weekly_budget=600)
    d = evaluate(p, "kid", Usage(today_seconds=0, week_seconds=600 * 60), at(MONDAY, 12))
    assert not d.allowed and Reason.WEEKLY_BUDGET_SPENT in d.reasons
    # A spent week opens again on Monday, not tomorrow.
    friday = MONDAY + timedelta(days=4)
    d = evaluate(p, "kid", Usage(today_seconds=0, week_seconds=600 * 60), at(friday, 12))
    assert d.next_change == at(MONDAY + timedelta(days=7), 7)


def test_grant_outside_hours_adds_budget_and_opens_hours() -> None:
    p = policy(daily_budget=TWO_HOURS, allowed_hours=EVERY_DAY)
    grant = Grant(at(MONDAY, 21, 10), 30, outside_hours=True)
    d = evaluate(p, "kid", Usage(today_seconds=7200, grants=(grant,)), at(MONDAY, 21, 20))
    assert d.allowed
    assert Reason.GRANT_ACTIVE in d.reasons
    assert d.session_left == pytest.approx(1200)


def test_grant_adds_budget_within_hours_only() -> None:
    p = policy(daily_budget=TWO_HOURS, allowed_hours=EVERY_DAY)
    grant = Grant(at(MONDAY, 20), 30)
    inside = evaluate(p, "kid", Usage(today_seconds=7200, grants=(grant,)), at(MONDAY, 20, 5))
    assert inside.allowed
    assert inside.budget_today == pytest.approx(7200 + 1800)
    late = Grant(at(MONDAY, 21, 10), 30)
    outside = evaluate(p, "kid", Usage(today_seconds=0, grants=(late,)), at(MONDAY, 21, 20))
    assert not outside.allowed
    assert Reason.OUTSIDE_HOURS in outside.reasons


def test_rest_of_day_grant_within_hours_lifts_budgets_only() -> None:
    p = policy(daily_budget=TWO_HOURS, allowed_hours=EVERY_DAY)
    grant = Grant(at(MONDAY, 12), None)
    d = evaluate(p, "kid", Usage(today_seconds=7200, grants=(grant,)), at(MONDAY, 15))
    assert d.allowed and d.budget_today is None
    assert not evaluate(
        p, "kid", Usage(today_seconds=7200, grants=(grant,)), at(MONDAY, 23)
    ).allowed


def test_rest_of_day_grant_lifts_everything_until_midnight() -> None:
    p = policy(daily_budget=TWO_HOURS, allowed_hours=EVERY_DAY)
    grant = Grant(at(MONDAY, 12), None, outside_hours=True)
    d = evaluate(p, "kid", Usage(today_seconds=7200, grants=(grant,)), at(MONDAY, 23))
    assert d.allowed
    assert d.budget_today is None
    yesterday_grant = evaluate(
        p, "kid", Usage(today_seconds=0, grants=(grant,)), at(MONDAY + timedelta(days=1), 23)
    )
    assert not yesterday_grant.allowed


def test_window_across_midnight_continues_into_next_day() -> None:
    hours = {d.value: ["22:00-02:00"] for d in Weekday}
    p = policy(daily_budget={d.value: 180 for d in Weekday}, allowed_hours=hours)
    d = evaluate(p, "kid", Usage(), at(MONDAY, 23, 30))
    # 30 min to midnight, then Tuesday's own budget until 02:00.
    assert d.session_left == pytest.approx(30 * 60 + 120 * 60)
    after = evaluate(p, "kid", Usage(), at(MONDAY + timedelta(days=1), 1, 0))
    assert after.allowed and after.session_left == pytest.approx(3600)
    early = evaluate(p, "kid", Usage(), at(MONDAY + timedelta(days=1), 3, 0))
    assert not early.allowed and early.next_change == at(MONDAY + timedelta(days=1), 22)


def test_unlimited_adult_has_no_limits() -> None:
    p = policy(preset="18+")
    d = evaluate(p, "kid", Usage(today_seconds=50000), at(MONDAY, 3))
    assert d.allowed and d.time_left_today is None and d.session_left is None
    assert d.next_change is None and d.warning_due is None


def test_naive_now_is_refused() -> None:
    with pytest.raises(ValueError, match="aware"):
        evaluate(default_policy("UTC"), "child", Usage(), datetime(2026, 1, 1))


@pytest.mark.parametrize(
    ("day", "hours"),
    [(date(2026, 3, 29), 23), (date(2026, 10, 25), 25), (date(2026, 6, 1), 24)],
)
def test_dst_days_have_their_real_length(day: date, hours: int) -> None:
    """A whole-day window on a DST change day lasts 23 or 25 real hours."""
    p = policy(
        "Europe/Berlin",
        allowed_hours={d.value: ["00:00-24:00"] for d in Weekday},
        daily_budget={d.value: "unlimited" for d in Weekday},
    )
    start = datetime(day.year, day.month, day.day, tzinfo=BERLIN)
    d = evaluate(p, "kid", Usage(), start)
    span_start, span_end = d.hours_today[0]
    assert (span_end.timestamp() - span_start.timestamp()) / 3600 == hours


def test_window_in_the_spring_gap_is_not_longer_than_real_time() -> None:
    p = policy("Europe/Berlin", allowed_hours={d.value: ["01:30-03:30"] for d in Weekday})
    day = date(2026, 3, 29)
    d = evaluate(p, "kid", Usage(), datetime(day.year, day.month, day.day, 1, 45, tzinfo=BERLIN))
    s, e = d.hours_today[0]
    assert e.timestamp() - s.timestamp() == 3600  # 01:30-03:30 on a 23-hour day is one hour


# --- properties ------------------------------------------------------------------------------

ZONES = ["Europe/Moscow", "Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "UTC"]
minutes_of_day = st.integers(0, 24 * 60 - 1)


@st.composite
def windows(draw: st.DrawFn) -> list[str]:
    count = draw(st.integers(0, 3))
    points = sorted(
        draw(st.lists(minutes_of_day, min_size=2 * count, max_size=2 * count, unique=True))
    )
    spans = [
        f"{a // 60:02d}:{a % 60:02d}-{b // 60:02d}:{b % 60:02d}"
        for a, b in zip(points[::2], points[1::2], strict=True)
    ]
    if draw(st.booleans()) and count < 3:
        late = (
            draw(st.integers(points[-1] + 1 if points else 0, 24 * 60 - 1))
            if (not points or points[-1] < 24 * 60 - 1)
            else None
        )
        if late is not None:
            early = (
                draw(st.integers(0, points[0] if points else 0))
                if points
                else draw(st.integers(0, late))
            )
            if early < late:
                spans.append(f"{late // 60:02d}:{late % 60:02d}-{early // 60:02d}:{early % 60:02d}")
    return spans


@st.composite
def policies(draw: st.DrawFn) -> Policy:
    budgets = {d.value: draw(st.one_of(st.integers(0, 600), st.just("unlimited"))) for d in Weekday}
    hours = {d.value: draw(windows()) for d in Weekday}
    weekly = draw(st.one_of(st.none(), st.integers(0, 3000)))
    try:
        return policy(
            draw(st.sampled_from(ZONES)),
            daily_budget=budgets,
            allowed_hours=hours,
            weekly_budget=weekly,
        )
    except ValueError:
        from hypothesis import reject

        reject()


instants = st.datetimes(
    min_value=datetime(2026, 1, 1), max_value=datetime(2027, 12, 31), timezones=st.just(UTC)
)


def _left(value: float | None) -> float:
    return float("inf") if value is None else value


@settings(max_examples=300, deadline=None)
@given(policies(), instants, st.floats(0, 86400), st.floats(0, 7 * 86400))
def test_time_left_is_never_negative(p: Policy, now: datetime, today: float, week: float) -> None:
    d = evaluate(p, "kid", Usage(today_seconds=today, week_seconds=max(week, today)), now)
    for value in (d.time_left_today, d.time_left_week, d.session_left):
        assert value is None or value >= 0
    assert not d.allowed or d.session_left is None or d.session_left > 0


@settings(max_examples=200, deadline=None)
@given(policies(), instants, st.lists(st.floats(1, 900), min_size=1, max_size=40), st.booleans())
def test_time_left_never_grows_through_a_day(
    p: Policy, start: datetime, steps: list[float], counting: bool
) -> None:
    """Walking through one day, using time or not, time left today never goes up."""
    day = evaluate(p, "kid", Usage(), start).day
    used, now = 0.0, start
    previous = _left(evaluate(p, "kid", Usage(), now).time_left_today)
    for step in steps:
        now += timedelta(seconds=step)
        d = evaluate(p, "kid", Usage(today_seconds=used + (step if counting else 0)), now)
        if d.day != day:
            break
        used += step if counting else 0
        current = _left(d.time_left_today)
        assert current <= previous + 1e-6
        previous = current


@settings(max_examples=200, deadline=None)
@given(policies(), instants, st.floats(0, 86400), st.integers(1, 240))
def test_only_a_grant_gives_more_time(p: Policy, now: datetime, used: float, minutes: int) -> None:
    before = evaluate(p, "kid", Usage(today_seconds=used), now)
    for outside in (False, True):
        grant = Grant(now, minutes, outside_hours=outside)
        after = evaluate(p, "kid", Usage(today_seconds=used, grants=(grant,)), now)
        assert _left(after.time_left_today) >= _left(before.time_left_today) - 1e-6
        assert after.allowed or not before.allowed


@settings(max_examples=300, deadline=None)
@given(
    policies(),
    instants,
    st.floats(0, 86400),
    st.lists(
        st.tuples(st.integers(-12 * 3600, 12 * 3600), st.none() | st.integers(1, 1440)),
        min_size=1,
        max_size=4,
    ),
)
def test_a_grant_without_outside_hours_never_opens_outside_the_hours(
    p: Policy, now: datetime, used: float, given: list[tuple[int, int | None]]
) -> None:
    grants = tuple(Grant(now + timedelta(seconds=s), m) for s, m in given)
    plain = evaluate(p, "kid", Usage(today_seconds=used), now)
    with_grants = evaluate(p, "kid", Usage(today_seconds=used, grants=grants), now)
    if with_grants.allowed:
        inside = any(s <= now < e for s, e in plain.hours_today)
        assert inside, "a grant without outside_hours opened a moment outside the hours"
    assert with_grants.hours_today == plain.hours_today


@settings(max_examples=200, deadline=None)
@given(policies(), instants, st.integers(1, 240))
def test_a_grant_with_outside_hours_opens_its_time(p: Policy, now: datetime, minutes: int) -> None:
    grant = Grant(now, minutes, outside_hours=True)
    d = evaluate(p, "kid", Usage(grants=(grant,)), now)
    assert d.allowed
    assert any(s <= now < e for s, e in d.hours_today)


@settings(max_examples=200, deadline=None)
@given(policies(), instants)
def test_allowed_now_means_inside_an_allowed_span(p: Policy, now: datetime) -> None:
    d = evaluate(p, "kid", Usage(), now)
    inside = any(s <= now < e for s, e in d.hours_today)
    assert d.allowed == (
        inside
        and (d.budget_today is None or d.budget_today > 0)
        and (d.time_left_week is None or d.time_left_week > 0)
    )


def test_window_parse_errors_are_for_people() -> None:
    with pytest.raises(ValueError, match="HH:MM-HH:MM"):
        AllowedWindow.parse("7 to 9")
    with pytest.raises(ValueError, match="same"):
        AllowedWindow.parse("07:00-07:00")
    assert str(AllowedWindow.parse("22:00-24:00")) == "22:00-24:00"
    assert str(AllowedWindow.parse("00:00-24:00")) == "00:00-24:00"


def test_a_window_running_to_midnight_is_not_unlimited() -> None:
    """Found by the property test: at the window's start time left must not become 'no limit'."""
    hours = {d.value: [] for d in Weekday} | {"wed": ["10:14-24:00"]}
    p = policy("America/New_York", allowed_hours=hours, daily_budget={"wed": "unlimited"})
    ny = ZoneInfo("America/New_York")
    before = evaluate(p, "kid", Usage(), datetime(2026, 12, 23, 10, 13, tzinfo=ny))
    inside = evaluate(p, "kid", Usage(), datetime(2026, 12, 23, 10, 14, tzinfo=ny))
    assert before.time_left_today == pytest.approx(49560)
    assert inside.time_left_today == pytest.approx(49560)


def test_account_names_match_regardless_of_case() -> None:
    p = Policy(
        timezone="UTC",
        default_profile="kid",
        profiles=(
            Profile(id="kid", name="Kid"),
            Profile(id="teen", name="Teen", accounts=("Masha",)),
        ),
        unrestricted_accounts=("Parent",),
    )
    teen = p.profile_for_account("MASHA")
    assert teen is not None and teen.id == "teen"
    assert p.profile_for_account("parent") is None
    with pytest.raises(ValueError, match="already in profile"):
        Policy(
            timezone="UTC",
            default_profile="kid",
            profiles=(
                Profile(id="kid", name="Kid", accounts=("ivan",)),
                Profile(id="teen", name="Teen", accounts=("Ivan",)),
            ),
        )
