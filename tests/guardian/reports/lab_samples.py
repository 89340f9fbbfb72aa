"""Lab machines' weekly summaries for the merge tests: built from the model, written as JSON."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import timedelta
from pathlib import Path

from guardian.reports.model import (
    AccountRow,
    AppRow,
    CategoryRow,
    DayRow,
    Event,
    Events,
    ProfileRef,
    SiteRow,
    Sites,
    WeekSummary,
    encode,
    week_start,
)

NO_EVENTS = Events((), 0)
WEEK = "2026-W48"
"""Monday 2026-11-23 to Sunday 2026-11-29."""


def hours_of(seconds: float, hour: int = 15) -> tuple[float, ...]:
    """A day's 24 hours with all of `seconds` in one hour (spilling into the next ones)."""
    hours = [0.0] * 24
    left, h = seconds, hour
    while left > 0:
        hours[h % 24] += min(left, 3600.0)
        left -= 3600.0
        h += 1
    return tuple(hours)


def lab_week(
    machine: str,
    *,
    profile: str = "pupils",
    profile_name: str = "Pupils",
    week: str = WEEK,
    first_weekday: int = 0,
    generated_at: str = "2026-11-30T08:00:00+03:00",
    accounts: Mapping[str, Sequence[float]] | None = None,
    apps: Sequence[tuple[str, str, str | None, float, int]] = (),
    blocked_sites: Sequence[tuple[str, int, int, str]] = (),
    blocked_site_lookups: int | None = None,
    blocked_apps: int = 0,
    tamper: Sequence[Event] = (),
    tamper_more: int = 0,
    language: str = "en",
    budget: float | None = 7200.0,
) -> WeekSummary:
    """One machine's week for a profile: per-account seconds per day (7 numbers each; the
    days are their sums), apps (id, name, category, seconds, blocked), blocked sites (site,
    allowed, blocked, rule), `blocked_apps` app_blocked events and tamper events."""
    first = week_start(week, first_weekday)
    per_account = {name: tuple(float(v) for v in days) for name, days in (accounts or {}).items()}
    totals = [sum(days[i] for days in per_account.values()) for i in range(7)]
    day_rows = tuple(
        DayRow(
            day=first + timedelta(days=i),
            seconds=totals[i],
            budget=budget,
            bonus=0.0,
            rest_of_day=False,
            hours=hours_of(totals[i]),
            counted=True,
        )
        for i in range(7)
    )
    categories: dict[str, float] = {}
    for _, _, category, seconds, _ in apps:
        if category is not None:
            categories[category] = categories.get(category, 0.0) + seconds
    site_rows = tuple(
        SiteRow(s, allowed, blocked, rule) for s, allowed, blocked, rule in blocked_sites
    )
    lookups = (
        sum(r.blocked for r in site_rows) if blocked_site_lookups is None else blocked_site_lookups
    )
    blocked_events = tuple(
        Event(f"2026-11-24T10:{i % 60:02d}:00+03:00", "app_blocked", None, {"app": "game"})
        for i in range(blocked_apps)
    )
    return WeekSummary(
        machine=machine,
        guardian_version="1.0",
        generated_at=generated_at,
        timezone="Europe/Moscow",
        language="ru" if language == "ru" else "en",
        week=week,
        first_day=first,
        last_day=first + timedelta(days=6),
        complete=True,
        profile=ProfileRef(profile, profile_name, "12+"),
        days=day_rows,
        weekly_budget=None,
        accounts=tuple(AccountRow(n, sum(d), d) for n, d in per_account.items()),
        apps=tuple(AppRow(a, n, c, s, 3600.0, b) for a, n, c, s, b in apps),
        categories=tuple(CategoryRow(c, s, None) for c, s in categories.items()),
        sites=Sites(
            allowed=100,
            blocked=lookups,
            sites=len(site_rows) + 10,
            top=(),
            blocked_sites=site_rows,
            more=0,
        ),
        blocked_apps=Events(blocked_events, 0),
        requests=NO_EVENTS,
        grants=NO_EVENTS,
        tamper=Events(tuple(tamper), tamper_more),
        changes=NO_EVENTS,
        previous=None,
    )


def save(folder: Path, name: str, summary: WeekSummary) -> Path:
    """Write `summary` as JSON to folder/name (folders made as needed)."""
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(encode(summary))
    return path
