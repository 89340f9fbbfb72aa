"""Weekly summaries built directly, for the writer's tests: an empty week, a light one, a heavy
one (8 h a day, 100 apps, 500 sites in each list, 5,000 events), a week with the spring
daylight-saving change, one across a year boundary, and one in Russian with Cyrillic names.

Every sample is fixed (no clock, no randomness), so a rendered page can be compared with a
stored picture.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from guardian.reports.model import (
    MAX_ROWS,
    AccountRow,
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

NO_EVENTS = Events(rows=(), more=0)
EVENING = (0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 1, 2, 3, 3, 3, 3, 2, 1, 0, 0)
"""How a school day's screen time falls over the hours (relative weights)."""
ALL_DAY = (0, 0, 0, 0, 0, 0, 0, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 1, 0)


def spread(
    seconds: float, weights: Sequence[float], skipped: int | None = None
) -> tuple[float, ...]:
    """`seconds` over 24 hours by `weights`, no hour above 3600 s; `skipped` holds 0."""
    w = [0.0 if h == skipped else float(x) for h, x in enumerate(weights)]
    hours = [0.0] * 24
    left = seconds
    while left > 0.5:
        open_hours = [h for h in range(24) if w[h] > 0 and hours[h] < 3600]
        if not open_hours:
            raise ValueError(f"{seconds} s do not fit the hours given")
        total = sum(w[h] for h in open_hours)
        placed = 0.0
        for h in open_hours:
            add = min(3600 - hours[h], left * w[h] / total)
            hours[h] += add
            placed += add
        left -= placed
    return tuple(round(h, 1) for h in hours)


def day_rows(
    first: date,
    seconds: Sequence[float],
    *,
    budget: float | None,
    weights: Sequence[float] = EVENING,
    counted: int = 7,
    bonus: Sequence[float] = (0,) * 7,
    rest_of_day: int | None = None,
    skipped: tuple[int, int] | None = None,
) -> tuple[DayRow, ...]:
    """Seven days from `first`; days from `counted` on are still ahead (empty, not counted)."""
    rows = []
    for index in range(7):
        counted_day = index < counted
        total = seconds[index] if counted_day else 0.0
        skip = skipped[1] if skipped and skipped[0] == index else None
        hours = spread(total, weights, skip)
        rows.append(
            DayRow(
                day=first + timedelta(days=index),
                seconds=sum(hours),
                budget=budget,
                bonus=bonus[index] if counted_day else 0.0,
                rest_of_day=rest_of_day == index,
                hours=hours,
                counted=counted_day,
            )
        )
    return tuple(rows)


def accounts_of(
    days: Sequence[DayRow], names: Sequence[str], shares: Sequence[float]
) -> tuple[AccountRow, ...]:
    """The days' screen time split between accounts by `shares` (the last one takes the rest)."""
    rows = []
    taken = [0.0] * 7
    for index, (name, share) in enumerate(zip(names, shares, strict=True)):
        last = index == len(names) - 1
        per_day = tuple(
            round(d.seconds - taken[i], 1) if last else round(d.seconds * share, 1)
            for i, d in enumerate(days)
        )
        taken = [t + s for t, s in zip(taken, per_day, strict=True)]
        rows.append(AccountRow(account=name, seconds=round(sum(per_day), 1), days=per_day))
    return tuple(rows)


def events(
    first: date,
    zone: str,
    count: int,
    make: Callable[[int], tuple[str, str | None, dict[str, str | int | float | bool | None]]],
) -> Events:
    """`count` events spread over the week, the first MAX_ROWS kept and the rest counted."""
    tz = ZoneInfo(zone)
    start = datetime(first.year, first.month, first.day, 8, tzinfo=tz)
    kept = min(count, MAX_ROWS)
    rows = []
    for index in range(kept):
        at = start + timedelta(seconds=index * (6 * 86400 // max(kept, 1)))
        kind, account, detail = make(index)
        rows.append(Event(at=at.isoformat(), kind=kind, account=account, detail=detail))
    return Events(rows=tuple(rows), more=count - kept)


def _summary(first: date, zone: str, **fields: object) -> WeekSummary:
    base: dict[str, object] = {
        "machine": "kitchen-pc",
        "guardian_version": "0.1.0",
        "generated_at": datetime.combine(
            first + timedelta(days=7), datetime.min.time(), ZoneInfo(zone)
        )
        .replace(hour=18)
        .isoformat(),
        "timezone": zone,
        "language": "en",
        "week": week_name(first),
        "first_day": first,
        "last_day": first + timedelta(days=6),
        "complete": True,
        "profile": ProfileRef(id="alice", name="Alice", preset="9+"),
        "weekly_budget": None,
        "accounts": (),
        "apps": (),
        "categories": (),
        "sites": None,
        "blocked_apps": NO_EVENTS,
        "requests": NO_EVENTS,
        "grants": NO_EVENTS,
        "tamper": NO_EVENTS,
        "changes": NO_EVENTS,
        "previous": None,
    }
    base.update(fields)
    return WeekSummary(**base)  # type: ignore[arg-type]


def empty() -> WeekSummary:
    """A week nobody used the computer: no time, no apps, no sites, no events."""
    first = date(2026, 11, 23)
    return _summary(first, "Europe/London", days=day_rows(first, [0] * 7, budget=7200))


def light() -> WeekSummary:
    """An ordinary week not over yet (Saturday and Sunday ahead): a few apps and sites, one of
    each kind of event, and names that try to break out of the page."""
    first = date(2026, 11, 23)
    zone = "Europe/London"
    days = day_rows(
        first,
        [4800, 6900, 7200, 9000, 5400, 0, 0],
        budget=7200,
        counted=5,
        bonus=(0, 0, 0, 1800, 0, 0, 0),
        rest_of_day=2,
    )
    accounts = accounts_of(days, ["alice", 'bob"<&>'], [0.75, 0.25])
    total = sum(d.seconds for d in days)
    apps = (
        AppRow(
            app="minecraft",
            name="Minecraft",
            category="games",
            seconds=total * 0.4,
            budget=3600,
            blocked=2,
        ),
        AppRow(
            app="firefox",
            name="Firefox",
            category="browsers",
            seconds=total * 0.3,
            budget=None,
            blocked=0,
        ),
        AppRow(
            app="rule:x",
            name="<script>alert(1)</script>",
            category=None,
            seconds=total * 0.2,
            budget=None,
            blocked=1,
        ),
        AppRow(
            app="gimp",
            name="GIMP",
            category="creativity",
            seconds=total * 0.1,
            budget=None,
            blocked=0,
        ),
    )
    categories = (
        CategoryRow(category="games", seconds=total * 0.4, budget=3600),
        CategoryRow(category="browsers", seconds=total * 0.3, budget=None),
        CategoryRow(category="creativity", seconds=total * 0.1, budget=None),
    )
    sites = Sites(
        allowed=1520,
        blocked=37,
        sites=4,
        top=(
            SiteRow(site="wikipedia.org", allowed=900, blocked=0, rule=""),
            SiteRow(site="youtube.com", allowed=600, blocked=0, rule=""),
            SiteRow(site="casino.example", allowed=0, blocked=30, rule="category:gambling"),
            SiteRow(site="x.example", allowed=20, blocked=7, rule="block"),
        ),
        blocked_sites=(
            SiteRow(site="casino.example", allowed=0, blocked=30, rule="category:gambling"),
            SiteRow(site="x.example", allowed=20, blocked=7, rule="block"),
        ),
        more=0,
    )
    return _summary(
        first,
        zone,
        generated_at=datetime(2026, 11, 27, 21, 30, tzinfo=ZoneInfo(zone)).isoformat(),
        complete=False,
        days=days,
        weekly_budget=36000,
        accounts=accounts,
        apps=apps,
        categories=categories,
        sites=sites,
        blocked_apps=events(
            first,
            zone,
            3,
            lambda i: (
                "app_blocked",
                "alice",
                {
                    "app": "minecraft",
                    "name": "Minecraft",
                    "reason": "app_time_spent",
                    "exe": "/usr/bin/minecraft",
                },
            ),
        ),
        requests=events(
            first,
            zone,
            2,
            lambda i: (
                "request",
                "alice",
                {"minutes": 30, "note": '=HYPERLINK("http://evil.example") <b>please</b>'},
            ),
        ),
        grants=events(
            first,
            zone,
            2,
            lambda i: (
                "grant",
                None,
                {"minutes": 30 if i == 0 else None},
            ),
        ),
        tamper=events(
            first,
            zone,
            3,
            lambda i: [
                (
                    "tamper",
                    None,
                    {"what": "clock_jump", "seconds": -3600.0, "wall": "2026-11-24T09:00:00+00:00"},
                ),
                (
                    "login_failed",
                    "alice",
                    {"account": "alice", "error": "WrongPassword", "failures": 3},
                ),
                ("tamper", "alice", {"what": "tray_stopped", "account": "alice"}),
            ][i],
        ),
        changes=events(
            first,
            zone,
            2,
            lambda i: [
                ("policy_changed", None, {}),
                ("policy_file_changed", None, {"applied": False, "problem": "line 3: bad time"}),
            ][i],
        ),
        previous=Comparison(
            week="2026-W47", seconds=30000, blocked_apps=5, blocked_sites=50, bonus=0
        ),
    )


def heavy() -> WeekSummary:
    """A busy week: 8 h a day, 100 apps, 500 sites in each list (50,000 looked up), 5,000
    events, each list capped at MAX_ROWS with the rest counted."""
    first = date(2026, 11, 23)
    zone = "Europe/Berlin"
    days = day_rows(first, [8 * 3600] * 7, budget=6 * 3600, weights=ALL_DAY)
    accounts = accounts_of(days, ["alice", "bob", "carol"], [0.5, 0.3, 0.2])
    total = sum(d.seconds for d in days)
    weights = [1 / (i + 1) for i in range(100)]
    norm = sum(weights)
    kinds = ("games", "browsers", "social", "video", "education", "creativity", "system", None)
    apps = tuple(
        AppRow(
            app=f"app{i:03d}",
            name=f"Application number {i:03d}",
            category=kinds[i % len(kinds)],
            seconds=round(total * weights[i] / norm, 1),
            budget=3600.0 if i % 5 == 0 else None,
            blocked=i % 7,
        )
        for i in range(100)
    )
    categories = tuple(
        CategoryRow(
            category=str(k),
            seconds=round(sum(a.seconds for a in apps if a.category == k), 1),
            budget=7200.0 if k == "games" else None,
        )
        for k in kinds
        if k is not None
    )
    top = tuple(
        SiteRow(site=f"site{i:05d}.example.com", allowed=10000 // (i + 1), blocked=0, rule="")
        for i in range(MAX_ROWS)
    )
    blocked = tuple(
        SiteRow(
            site=f"blocked{i:05d}.example.net",
            allowed=0,
            blocked=5000 // (i + 1),
            rule="category:games" if i % 2 else "allowlist",
        )
        for i in range(MAX_ROWS)
    )
    sites = Sites(
        allowed=2_000_000,
        blocked=80_000,
        sites=50_000,
        top=top,
        blocked_sites=blocked,
        more=50_000 - MAX_ROWS,
    )
    reasons = ("blocked", "not_allowed", "app_time_spent", "category_time_spent", "downtime")
    return _summary(
        first,
        zone,
        profile=ProfileRef(id="lab-1", name="Lab students", preset="12+"),
        machine="lab-pc-07",
        days=days,
        weekly_budget=42 * 3600,
        accounts=accounts,
        apps=apps,
        categories=categories,
        sites=sites,
        blocked_apps=events(
            first,
            zone,
            3000,
            lambda i: (
                "app_blocked",
                ("alice", "bob", "carol")[i % 3],
                {
                    "app": f"app{i % 100:03d}",
                    "name": f"Application number {i % 100:03d}",
                    "reason": reasons[i % len(reasons)],
                },
            ),
        ),
        requests=events(
            first,
            zone,
            800,
            lambda i: (
                "request",
                "bob",
                {"minutes": 15 * (1 + i % 4), "note": f"request {i}"},
            ),
        ),
        grants=events(first, zone, 400, lambda i: ("grant", None, {"minutes": 10 + i % 50})),
        tamper=events(
            first,
            zone,
            500,
            lambda i: (
                "tamper",
                "carol",
                {"what": "clock_jump", "seconds": 600.0 * (1 + i % 5)},
            ),
        ),
        changes=events(first, zone, 300, lambda i: ("policy_changed", None, {})),
        previous=Comparison(
            week="2026-W47", seconds=50 * 3600, blocked_apps=2000, blocked_sites=90_000, bonus=3600
        ),
    )


def dst() -> WeekSummary:
    """The week Berlin's clocks go forward (Sunday 29 March 2026, 2:00 → 3:00): that day has 23
    hours and its 2:00 hour holds nothing."""
    first = date(2026, 3, 23)
    days = day_rows(first, [3 * 3600] * 7, budget=4 * 3600, weights=[1] * 24, skipped=(6, 2))
    assert days[6].hours[2] == 0
    return _summary(
        first,
        "Europe/Berlin",
        days=days,
        accounts=accounts_of(days, ["alice"], [1.0]),
        apps=(
            AppRow(
                app="firefox",
                name="Firefox",
                category="browsers",
                seconds=sum(d.seconds for d in days),
                budget=None,
                blocked=0,
            ),
        ),
        categories=(
            CategoryRow(category="browsers", seconds=sum(d.seconds for d in days), budget=None),
        ),
        tamper=events(
            first,
            "Europe/Berlin",
            1,
            lambda i: (
                "tamper",
                None,
                {"what": "clock_changed_while_stopped", "seconds": 3600.0},
            ),
        ),
    )


def year_boundary() -> WeekSummary:
    """ISO week 2026-W53, Monday 28 December 2026 to Sunday 3 January 2027."""
    first = date(2026, 12, 28)
    days = day_rows(first, [3600, 5400, 7200, 9000, 3600, 1800, 0], budget=None)
    return _summary(
        first,
        "America/New_York",
        days=days,
        accounts=accounts_of(days, ["alice"], [1.0]),
        grants=events(first, "America/New_York", 1, lambda i: ("grant", None, {"minutes": 60})),
        previous=Comparison(
            week="2026-W52", seconds=20000, blocked_apps=0, blocked_sites=0, bonus=0
        ),
    )


def russian() -> WeekSummary:
    """A week in Russian: a Cyrillic profile, accounts, apps, notes and sites (an IDNA name and
    its Cyrillic form)."""
    first = date(2026, 11, 23)
    zone = "Europe/Moscow"
    days = day_rows(
        first,
        [5400, 7200, 3600, 4800, 9000, 10800, 7200],
        budget=7200,
        bonus=(0, 0, 0, 0, 1800, 0, 0),
    )
    total = sum(d.seconds for d in days)
    return _summary(
        first,
        zone,
        language="ru",
        machine="Компьютер-Маши",
        profile=ProfileRef(id="masha", name="Маша Иванова", preset="9+"),
        days=days,
        weekly_budget=50400,
        accounts=accounts_of(days, ["маша", "Миша"], [0.6, 0.4]),
        apps=(
            AppRow(
                app="minecraft",
                name="Майнкрафт",
                category="games",
                seconds=total * 0.5,
                budget=3600,
                blocked=4,
            ),
            AppRow(
                app="yandex",
                name="Яндекс Браузер",
                category="browsers",
                seconds=total * 0.35,
                budget=None,
                blocked=0,
            ),
            AppRow(
                app="rule:tetris",
                name="Тетрис «Классика»",
                category="games",
                seconds=total * 0.15,
                budget=None,
                blocked=0,
            ),
        ),
        categories=(
            CategoryRow(category="games", seconds=total * 0.65, budget=3600),
            CategoryRow(category="browsers", seconds=total * 0.35, budget=None),
        ),
        sites=Sites(
            allowed=800,
            blocked=25,
            sites=3,
            top=(
                SiteRow(site="пример.рф", allowed=500, blocked=0, rule=""),
                SiteRow(site="xn--e1afmkfd.xn--p1ai", allowed=300, blocked=0, rule=""),
                SiteRow(site="казино.рф", allowed=0, blocked=25, rule="category:gambling"),
            ),
            blocked_sites=(
                SiteRow(site="казино.рф", allowed=0, blocked=25, rule="category:gambling"),
            ),
            more=0,
        ),
        blocked_apps=events(
            first,
            zone,
            4,
            lambda i: (
                "app_blocked",
                "маша",
                {"app": "minecraft", "name": "Майнкрафт", "reason": "app_time_spent"},
            ),
        ),
        requests=events(
            first,
            zone,
            1,
            lambda i: (
                "request",
                "маша",
                {"minutes": 30, "note": "Можно ещё полчаса? Доделаю проект"},
            ),
        ),
        grants=events(first, zone, 1, lambda i: ("grant", None, {"minutes": 30})),
        tamper=events(
            first,
            zone,
            1,
            lambda i: (
                "account_added",
                None,
                {"account": "Миша", "restricted_by": "masha"},
            ),
        ),
        previous=Comparison(
            week="2026-W47", seconds=40000, blocked_apps=1, blocked_sites=10, bonus=1800
        ),
    )


SAMPLES: dict[str, Callable[[], WeekSummary]] = {
    "empty": empty,
    "light": light,
    "heavy": heavy,
    "dst": dst,
    "year_boundary": year_boundary,
    "russian": russian,
}
"""Every sample by name, for tests that render each one."""
