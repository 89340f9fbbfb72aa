"""Weekly summaries for the parent's windows: a week of Anna's with known figures, built here
so the tests of the Activity window can check every number it shows."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import msgspec

from guardian.reports.model import (
    AppRow,
    CategoryRow,
    Comparison,
    DayRow,
    Event,
    Events,
    ProfileRef,
    SiteRow,
    Sites,
    WeekSummary,
    week_name,
)

MONDAY = date(2026, 11, 30)
"""The first day of the sample week, 2026-W49."""
DAY_MINUTES = (90, 120, 45, 0, 150, 200, 30)
"""Screen time of each day, Monday first (the last day counted only partly)."""
BUDGET_MINUTES = (120, 120, 120, 120, 120, None, None)
"""Each day's limit; the weekend has none."""
HOURLY = {16: 0.5, 17: 0.3, 18: 0.2}
"""How each day's time spreads over the hours: half at 16:00, 30 % at 17:00, 20 % at 18:00."""


def _empty_events() -> Events:
    return Events(rows=(), more=0)


def apps(count: int = 12) -> tuple[AppRow, ...]:
    """`count` apps, most used first: Minecraft, then App 2, App 3… with less and less time."""
    rows = [
        AppRow(
            app="minecraft",
            name="Minecraft",
            category="games",
            seconds=4 * 3600.0,
            budget=2700.0,
            blocked=3,
        )
    ]
    for number in range(2, count + 1):
        rows.append(
            AppRow(
                app=f"app-{number}",
                name=f"App {number}",
                category="video" if number % 2 else "education",
                seconds=3600.0 / number,
                budget=None,
                blocked=0,
            )
        )
    return tuple(rows)


def week(
    first_day: date = MONDAY,
    *,
    name: str = "Anna",
    profile_id: str = "anna",
    complete: bool = False,
    **changes: Any,
) -> WeekSummary:
    """Anna's week starting `first_day`, with the figures named in this module."""
    days = []
    for number, minutes in enumerate(DAY_MINUTES):
        seconds = minutes * 60.0
        hours = [0.0] * 24
        for hour, share in HOURLY.items():
            hours[hour] = seconds * share
        budget = BUDGET_MINUTES[number]
        days.append(
            DayRow(
                day=first_day + timedelta(days=number),
                seconds=seconds,
                budget=None if budget is None else budget * 60.0,
                bonus=900.0 if number == 1 else 0.0,
                rest_of_day=False,
                hours=tuple(hours),
                counted=True,
            )
        )
    at = "2026-12-06T15:00:00+03:00"
    summary = WeekSummary(
        machine="home-pc",
        guardian_version="1.0.0",
        generated_at=at,
        timezone="Europe/Moscow",
        language="en",
        week=week_name(first_day),
        first_day=first_day,
        last_day=first_day + timedelta(days=6),
        complete=complete,
        profile=ProfileRef(id=profile_id, name=name, preset="12+"),
        days=tuple(days),
        weekly_budget=None,
        accounts=(),
        apps=apps(),
        categories=(
            CategoryRow(category="games", seconds=5 * 3600.0, budget=5400.0),
            CategoryRow(category="video", seconds=2 * 3600.0, budget=None),
            CategoryRow(category="education", seconds=1800.0, budget=None),
        ),
        sites=Sites(
            allowed=900,
            blocked=14,
            sites=40,
            top=(SiteRow(site="wikipedia.org", allowed=300, blocked=0, rule=""),),
            blocked_sites=(
                SiteRow(site="casino.example", allowed=0, blocked=9, rule="category:gambling"),
                SiteRow(site="games.example", allowed=2, blocked=5, rule="block:games.example"),
            ),
            more=0,
        ),
        blocked_apps=Events(
            rows=(
                Event(
                    at="2026-12-01T17:05:00+03:00",
                    kind="app_blocked",
                    account="anna",
                    detail={"app": "minecraft", "name": "Minecraft", "reason": "app_time_spent"},
                ),
            ),
            more=0,
        ),
        requests=Events(
            rows=(
                Event(
                    at="2026-12-01T18:00:00+03:00",
                    kind="request",
                    account="anna",
                    detail={"minutes": 30, "note": "homework"},
                ),
            ),
            more=0,
        ),
        grants=Events(
            rows=(
                Event(
                    at="2026-12-01T18:02:00+03:00",
                    kind="grant",
                    account=None,
                    detail={"minutes": 15},
                ),
            ),
            more=0,
        ),
        tamper=Events(
            rows=(
                Event(
                    at="2026-12-02T09:00:00+03:00",
                    kind="tamper",
                    account=None,
                    detail={"what": "clock_jump", "seconds": -7200.0},
                ),
                Event(
                    at="2026-12-02T09:05:00+03:00",
                    kind="login_failed",
                    account="anna",
                    detail={"account": "anna", "error": "WrongPassword", "failures": 3},
                ),
            ),
            more=0,
        ),
        changes=_empty_events(),
        previous=Comparison(
            week=week_name(first_day - timedelta(days=7)),
            seconds=sum(DAY_MINUTES) * 60.0 - 3600.0,
            blocked_apps=1,
            blocked_sites=20,
            bonus=0.0,
        ),
    )
    return msgspec.structs.replace(summary, **changes) if changes else summary


def as_data(summary: WeekSummary) -> Any:
    """The summary as the service sends it: plain JSON data."""
    return msgspec.to_builtins(summary)
