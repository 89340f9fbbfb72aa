"""The rule engine: given a policy, a profile, usage so far and the time, decide.

`evaluate` is pure: the caller passes `now` (an aware datetime) and the usage it has measured.
All interval arithmetic is done on UTC timestamps, so days of 23 and 25 hours come out right;
days begin at midnight in the policy's own time zone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from enum import StrEnum
from functools import lru_cache

from rules.model import Action, Policy
from rules.presets import EffectiveProfile, effective
from rules.timeofday import MINUTES_PER_DAY, AllowedWindow

ONE_DAY = timedelta(days=1)
COUNTDOWN_SECONDS = 60

Span = tuple[float, float]


class Reason(StrEnum):
    """Why a decision came out as it did; the UI turns these into sentences."""

    OUTSIDE_HOURS = "outside_hours"
    NO_HOURS_TODAY = "no_hours_today"
    DAILY_BUDGET_SPENT = "daily_budget_spent"
    WEEKLY_BUDGET_SPENT = "weekly_budget_spent"
    GRANT_ACTIVE = "grant_active"
    HELD = "held"
    """A part of Guardian failed; the computer is held at time-up until a parent looks."""


@dataclass(frozen=True, slots=True)
class Grant:
    """Bonus time a parent gave; `minutes` None means the rest of the day. Expires at midnight.

    A grant adds its minutes to the day's budget (and the week's); that time can be used only
    within the allowed hours. Only with `outside_hours` does it also open the computer for that
    long from the moment it is given, even outside the allowed hours (bedtime).
    """

    granted_at: datetime
    minutes: int | None
    outside_hours: bool = False
    """Also open the computer outside the allowed hours, from `granted_at` for `minutes` (or
    to the end of the day)."""


@dataclass(frozen=True, slots=True)
class Usage:
    """What the accountant has measured for one profile, in seconds of screen time."""

    today_seconds: float = 0.0
    week_seconds: float = 0.0
    grants: tuple[Grant, ...] = ()
    week_bonus_seconds: float = 0.0
    """Bonus granted on earlier days of this week (today's comes from `grants`)."""
    warned: frozenset[int] = frozenset()
    """Warning minutes already shown today."""


@dataclass(frozen=True, slots=True)
class Decision:
    """The verdict for one moment. Durations are seconds; None means no limit in sight."""

    allowed: bool
    reasons: tuple[Reason, ...]
    day: date
    action: Action
    time_left_today: float | None
    time_left_week: float | None
    session_left: float | None
    """Seconds until the session is blocked if used continuously; 0 when blocked now."""
    next_change: datetime | None
    warning_due: int | None
    countdown: bool
    budget_today: float | None
    used_today: float
    hours_today: tuple[tuple[datetime, datetime], ...]


def _at(day: date, minute: int, tz: tzinfo) -> float:
    if minute >= MINUTES_PER_DAY:
        day, minute = day + ONE_DAY, minute - MINUTES_PER_DAY
    return datetime(day.year, day.month, day.day, minute // 60, minute % 60, tzinfo=tz).timestamp()


def _merge(spans: list[Span], lo: float, hi: float) -> tuple[Span, ...]:
    clipped = sorted((max(s, lo), min(e, hi)) for s, e in spans if min(e, hi) > max(s, lo))
    merged: list[Span] = []
    for start, end in clipped:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return tuple(merged)


def _window_span(day: date, window: AllowedWindow, tz: tzinfo) -> Span:
    end = window.end + (MINUTES_PER_DAY if window.crosses_midnight else 0)
    return _at(day, window.start, tz), _at(day, end, tz)


@lru_cache(maxsize=256)
def _base_spans(
    hours: tuple[tuple[AllowedWindow, ...], ...], day: date, tz: tzinfo
) -> tuple[tuple[Span, ...], float, float]:
    """The allowed spans of one day from the weekly hours, with the day's bounds."""
    lo, hi = _at(day, 0, tz), _at(day + ONE_DAY, 0, tz)
    spans = [_window_span(day, w, tz) for w in hours[day.weekday()]]
    before = day - ONE_DAY
    spans += [_window_span(before, w, tz) for w in hours[before.weekday()] if w.crosses_midnight]
    return _merge(spans, lo, hi), lo, hi


def _min(*values: float | None) -> float | None:
    present = [v for v in values if v is not None]
    return min(present) if present else None


def _week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def evaluate(policy: Policy, profile_id: str, usage: Usage, now: datetime) -> Decision:
    """Decide whether the profile may use the computer at `now` and for how long."""
    return decide(effective(policy, profile_id), policy.zone, usage, now)


def held(prof: EffectiveProfile, tz: tzinfo, now: datetime) -> Decision:
    """The fail-closed verdict: blocked now with the profile's action, until a parent acts."""
    return Decision(
        allowed=False,
        reasons=(Reason.HELD,),
        day=now.astimezone(tz).date(),
        action=prof.action,
        time_left_today=0.0,
        time_left_week=0.0,
        session_left=0.0,
        next_change=None,
        warning_due=None,
        countdown=False,
        budget_today=None,
        used_today=0.0,
        hours_today=(),
    )


def decide(prof: EffectiveProfile, tz: tzinfo, usage: Usage, now: datetime) -> Decision:
    """`evaluate` for an effective profile built once per policy (the service's hot path)."""
    if now.tzinfo is None:
        raise ValueError("evaluate() needs an aware datetime")
    t = now.timestamp()
    day = now.astimezone(tz).date()
    base, lo, hi = _base_spans(prof.hours, day, tz)

    grants = [g for g in usage.grants if lo <= g.granted_at.timestamp() < hi]
    rest_of_day = any(g.minutes is None for g in grants)
    bonus = sum(g.minutes * 60 for g in grants if g.minutes is not None)
    spans = base
    opening = [g for g in grants if g.outside_hours]
    if opening:
        extra = [
            (
                g.granted_at.timestamp(),
                hi if g.minutes is None else g.granted_at.timestamp() + g.minutes * 60,
            )
            for g in opening
        ]
        spans = _merge([*base, *extra], lo, hi)

    budget_minutes = prof.budgets[day.weekday()]
    budget = None if rest_of_day or budget_minutes is None else budget_minutes * 60.0 + bonus
    day_left = None if budget is None else max(0.0, budget - usage.today_seconds)
    week_left = None
    if prof.weekly_budget is not None and not rest_of_day:
        week_total = prof.weekly_budget * 60.0 + bonus + usage.week_bonus_seconds
        week_left = max(0.0, week_total - usage.week_seconds)
    left = _min(day_left, week_left)

    remaining_hours = sum((e - max(s, t) for s, e in spans if e > t), 0.0)
    current = next(((s, e) for s, e in spans if s <= t < e), None)
    time_left_today = _min(left, remaining_hours)
    # "No limit" only for a day without limits from midnight to midnight; a day whose window
    # merely runs to midnight keeps counting down, so time left never jumps to unlimited.
    if left is None and spans == ((lo, hi),):
        time_left_today = None

    reasons: list[Reason] = []
    if current is None:
        reasons.append(Reason.NO_HOURS_TODAY if not spans else Reason.OUTSIDE_HOURS)
    if day_left is not None and day_left <= 0:
        reasons.append(Reason.DAILY_BUDGET_SPENT)
    if week_left is not None and week_left <= 0:
        reasons.append(Reason.WEEKLY_BUDGET_SPENT)
    allowed = current is not None and (left is None or left > 0)
    if grants:
        reasons.append(Reason.GRANT_ACTIVE)

    session_left: float | None = 0.0
    if allowed and current is not None:
        session_left = _session_left(prof, day, tz, t, current[1], hi, left, week_left)
    next_change: float | None
    if allowed:
        next_change = None if session_left is None else t + session_left
    else:
        next_change = _next_allowed(prof, day, tz, t, spans, left, week_left)

    warning_due = None
    if allowed and session_left is not None:
        crossed = [m for m in prof.warnings if session_left <= m * 60]
        if crossed and min(crossed) not in usage.warned:
            warning_due = min(crossed)

    return Decision(
        allowed=allowed,
        reasons=tuple(reasons),
        day=day,
        action=prof.action,
        time_left_today=time_left_today,
        time_left_week=week_left,
        session_left=session_left,
        next_change=None if next_change is None else datetime.fromtimestamp(next_change, tz),
        warning_due=warning_due,
        countdown=allowed and session_left is not None and session_left <= COUNTDOWN_SECONDS,
        budget_today=budget,
        used_today=usage.today_seconds,
        hours_today=tuple(
            (datetime.fromtimestamp(s, tz), datetime.fromtimestamp(e, tz)) for s, e in spans
        ),
    )


def _session_left(
    prof: EffectiveProfile,
    day: date,
    tz: tzinfo,
    t: float,
    span_end: float,
    day_end: float,
    left: float | None,
    week_left: float | None,
) -> float | None:
    """Seconds of continuous use before a block, looking across midnight into tomorrow."""
    until_end = span_end - t
    if left is not None and left <= until_end:
        return left
    if span_end < day_end:
        return until_end
    tomorrow = day + ONE_DAY
    spans, lo, hi = _base_spans(prof.hours, tomorrow, tz)
    if not spans or spans[0][0] > lo:
        return until_end
    budget = prof.budgets[tomorrow.weekday()]
    tomorrow_budget = None if budget is None else budget * 60.0
    if prof.weekly_budget is None:
        tomorrow_week = None
    elif _week_start(tomorrow) != _week_start(day):
        tomorrow_week = prof.weekly_budget * 60.0
    else:
        tomorrow_week = None if week_left is None else max(0.0, week_left - until_end)
    tail_budget = _min(tomorrow_budget, tomorrow_week)
    tail_hours = spans[0][1] - lo
    if tail_budget is None and left is None and spans[0][1] >= hi:
        return None
    tail = tail_hours if tail_budget is None else min(tail_budget, tail_hours)
    return until_end + tail


def _next_allowed(
    prof: EffectiveProfile,
    day: date,
    tz: tzinfo,
    t: float,
    spans: tuple[Span, ...],
    left: float | None,
    week_left: float | None,
) -> float | None:
    """When use next becomes possible without a grant, looking up to a week ahead."""
    if left is None or left > 0:
        later = [s for s, _ in spans if s > t]
        if later:
            return later[0]
    for ahead in range(1, 8):
        other = day + timedelta(days=ahead)
        budget = prof.budgets[other.weekday()]
        if budget == 0:
            continue
        if prof.weekly_budget is not None:
            fresh_week = _week_start(other) != _week_start(day)
            weekly = prof.weekly_budget * 60.0 if fresh_week else week_left
            if weekly is not None and weekly <= 0:
                continue
        other_spans, _, _ = _base_spans(prof.hours, other, tz)
        if other_spans:
            return other_spans[0][0]
    return None
