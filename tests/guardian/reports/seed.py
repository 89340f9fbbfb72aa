"""Seeded weeks for summary tests: a policy, and use written through the ledger's own writes.

`WeekSeeder` walks real time minute by minute, so days and hours land where the ledger's
accounting puts them (the policy's zone, clocks going back or forward included). Other parts'
tests reuse it to get summaries of empty, light and heavy weeks.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from guardian.ledger import PROFILE_HOURS, ActivityKey, SiteCountRow, UsageLedger
from guardian.reports.collect import collect_week
from guardian.reports.model import WeekSummary
from rules.app_terms import CATEGORY_PREFIX
from rules.model import Policy, from_data
from rules.timeofday import Weekday

MINUTE = 60.0
WEEK_OF_NOV_30 = date(2026, 11, 30)
"""A Monday: the week 2026-W49."""


def policy(
    *,
    timezone: str = "Europe/Moscow",
    week_starts: str = "mon",
    language: str = "en",
    others: Iterable[Mapping[str, Any]] = (),
    **kid: Any,
) -> Policy:
    """A policy whose profile "kid" (accounts "kid" and "kid2", 2 h a day, any hour) takes
    `kid`'s fields over those; `others` adds profiles; the parent is unrestricted."""
    profile = {
        "id": "kid",
        "name": "Kid",
        "accounts": ["kid", "kid2"],
        "daily_budget": {d.value: 120 for d in Weekday},
        "allowed_hours": {d.value: ["00:00-24:00"] for d in Weekday},
        **kid,
    }
    return from_data(
        Policy,
        {
            "timezone": timezone,
            "default_profile": "kid",
            "profiles": [profile, *others],
            "unrestricted_accounts": ["parent"],
            "reports": {"week_starts": week_starts, "language": language},
        },
    )


class WeekSeeder:
    """Writes use, events, grants and site counts into a real ledger."""

    def __init__(self, ledger: UsageLedger, timezone: str = "Europe/Moscow") -> None:
        self.ledger = ledger
        self.zone = ZoneInfo(timezone)

    def local(self, day: date, hour: int, minute: int = 0, *, fold: int = 0) -> datetime:
        """An aware moment on the policy's clock (`fold=1`: the second of a repeated hour)."""
        return datetime(day.year, day.month, day.day, hour, minute, tzinfo=self.zone, fold=fold)

    def use(
        self,
        start: datetime,
        minutes: int,
        *,
        profile: str = "kid",
        account: str = "kid",
        apps: Iterable[str] = (),
        categories: Iterable[str] = (),
    ) -> None:
        """Screen time from `start` for `minutes` of real time, credited a minute at a time
        to the day and hour it falls in, with the apps and categories in use."""
        keys = [*apps, *(CATEGORY_PREFIX + c for c in categories)]
        moment = start.astimezone(UTC)
        for _ in range(minutes):
            local = moment.astimezone(self.zone)
            day = local.date()
            self.ledger.credit(profile, day, MINUTE)
            for key in keys:
                self.ledger.credit(f"{profile}/{key}", day, MINUTE)
            self.ledger.credit_activity(
                [
                    ActivityKey(profile, account, day, local.hour),
                    ActivityKey(profile, PROFILE_HOURS, day, local.hour),
                ],
                MINUTE,
            )
            moment += timedelta(minutes=1)

    def block_app(
        self,
        at: datetime,
        app: str | None,
        name: str,
        *,
        account: str = "kid",
        profile: str = "kid",
    ) -> None:
        """A launch the apps guard ended, as it records one."""
        self.ledger.record(
            at.astimezone(UTC),
            "app_blocked",
            profile,
            exe=f"/usr/bin/{name}",
            account=account,
            app=app,
            name=name,
            reason="blocked",
        )

    def request(self, at: datetime, minutes: int, note: str = "", *, account: str = "kid") -> None:
        """A child asking for time, as the requests feature records it."""
        self.ledger.record(
            at.astimezone(UTC), "request", "kid", account=account, minutes=minutes, note=note
        )

    def grant(self, at: datetime, minutes: int | None, *, profile: str = "kid") -> None:
        """Bonus time, stored and logged as screen time's `grant` does."""
        day = at.astimezone(self.zone).date()
        self.ledger.add_grant(profile, day, at.astimezone(UTC), minutes)
        self.ledger.record(at.astimezone(UTC), "grant", profile, minutes=minutes)

    def event(self, at: datetime, kind: str, profile: str | None = None, **data: Any) -> None:
        """Any other event."""
        self.ledger.record(at.astimezone(UTC), kind, profile, **data)

    def logged(
        self, at: datetime, kind: str, data: dict[str, Any], *, profile: str | None = "kid"
    ) -> None:
        """An event stored as the ledger stores it, for data with fields named like `record`'s
        own arguments (a request's `kind`)."""
        self.ledger.flush()
        db = self.ledger.connection()
        db.execute(
            "INSERT INTO events (at, profile, kind, data) VALUES (?, ?, ?, ?)",
            (at.astimezone(UTC).isoformat(), profile, kind, json.dumps(data)),
        )
        db.commit()

    def sites(
        self, day: date, rows: Iterable[tuple[str, str, int, int]], *, profile: str = "kid"
    ) -> None:
        """Site counts of a day: (site, rule, allowed, blocked)."""
        self.ledger.add_site_counts(
            SiteCountRow(profile, day.isoformat(), site, rule, allowed, blocked)
            for site, rule, allowed, blocked in rows
        )

    def summary(
        self, policy: Policy, start: date, *, now: datetime | None = None, profile: str = "kid"
    ) -> WeekSummary:
        """The week's summary from the ledger's own connection, after a flush; `now` is the
        week's end by default (a complete week)."""
        self.ledger.flush()
        moment = now or self.local(start + timedelta(days=7), 12)
        return collect_week(
            self.ledger.connection(),
            policy,
            profile,
            start,
            now=moment,
            machine="pc-1",
            version="test",
        )


def heavy_week(seeder: WeekSeeder, start: date, *, apps: int = 100) -> None:
    """8 hours a day in `apps` apps over two accounts, 500 sites a day, many blocked launches."""
    for offset in range(7):
        day = start + timedelta(days=offset)
        for hour in range(14, 22):
            account = "kid" if hour % 2 else "kid2"
            used = [f"app{(hour * 13 + n) % apps:03d}" for n in range(3)]
            seeder.use(
                seeder.local(day, hour), 60, account=account, apps=used, categories=["games"]
            )
        seeder.sites(
            day,
            [
                (f"site{n}.example", "games" if n % 10 == 0 else "", n + 1, 2 if n % 10 == 0 else 0)
                for n in range(500)
            ],
        )
        for n in range(100):
            seeder.block_app(seeder.local(day, 15, n % 60), f"app{n % apps:03d}", f"app{n}")


def open_ledger(folder: Path) -> UsageLedger:
    """A new ledger in `folder` (the service's file name)."""
    folder.mkdir(parents=True, exist_ok=True)
    return UsageLedger(folder / "state.db")
