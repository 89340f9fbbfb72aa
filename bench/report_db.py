"""A year of heavy use in the state database: its size, and one week's summary read from it.

Seeded through the ledger's own write paths, flushed every hour of use as the service flushes:
8 hours a day of screen time in 100 apps (with their categories), one profile with two
accounts taking turns, site counts at the site filter's daily cap (500 sites per profile and
day), about 5,000 events a week (blocked apps and sites, warnings, requests, grants, tamper).
Pruned daily as the service does (nothing is older than its 400 days within a year; site
counts older than 8 weeks are folded). The size is the file's after a
checkpoint of the WAL, as the service leaves it. `python -m bench report-db`, or
`python -m bench.report_db`.
"""

from __future__ import annotations

import random
import shutil
import sqlite3
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from bench.common import Result
from guardian.ledger import PROFILE_HOURS, ActivityKey, SiteCountRow, UsageLedger
from guardian.service import prune_ledger

ZONE = ZoneInfo("Europe/Moscow")
FIRST_DAY = date(2026, 1, 5)
DAYS = 365
HOURS = range(14, 22)
"""Local hours of use each day: 8 hours."""
APPS = 100
APPS_PER_HOUR = 13
SITES_PER_DAY = 500
RECURRING_SITES = 200
"""Sites looked up every day; the rest of the day's 500 are new names."""
EVENTS_PER_HOUR = 90
"""With 8 hours a day, about 5,000 events a week."""
PROFILE = "kid"
ACCOUNTS = ("kid", "kid-school")
CATEGORIES = ("games", "video", "social", "browsers", "education", "creativity")
TARGET_BYTES = 50_000_000
SEED = 20_261_204


def _site(rng: random.Random, number: int) -> str:
    return f"cdn{rng.randint(1, 99)}.site-{number}.{rng.choice(('com', 'ru', 'net', 'org'))}"


def seed_year(path: Path, days: int = DAYS) -> None:
    """Write `days` days of heavy use into a new ledger at `path`."""
    rng = random.Random(SEED)
    ledger = UsageLedger(path)
    recurring = [_site(rng, n) for n in range(RECURRING_SITES)]
    new_site = RECURRING_SITES
    for offset in range(days):
        day = FIRST_DAY + timedelta(days=offset)
        today = recurring + [
            _site(rng, new_site + n) for n in range(SITES_PER_DAY - RECURRING_SITES)
        ]
        new_site += SITES_PER_DAY - RECURRING_SITES
        per_hour = len(today) // len(HOURS) + 1
        for number, hour in enumerate(HOURS):
            account = ACCOUNTS[number % 2]
            start = datetime(day.year, day.month, day.day, hour, tzinfo=ZONE).astimezone(UTC)
            ledger.credit(PROFILE, day, 3600.0)
            ledger.credit_activity(
                [
                    ActivityKey(PROFILE, account, day, hour),
                    ActivityKey(PROFILE, PROFILE_HOURS, day, hour),
                ],
                3600.0,
            )
            # Every app some time each day: 13 a hour in turn.
            for turn in range(number * APPS_PER_HOUR, (number + 1) * APPS_PER_HOUR):
                app = turn % APPS
                seconds = 3600.0 / APPS_PER_HOUR
                ledger.credit(f"{PROFILE}/app{app:03d}", day, seconds)
                category = CATEGORIES[app % len(CATEGORIES)]
                ledger.credit(f"{PROFILE}/category:{category}", day, seconds)
            sites = today[number * per_hour : (number + 1) * per_hour]
            ledger.add_site_counts(
                SiteCountRow(
                    PROFILE,
                    day.isoformat(),
                    site,
                    "games" if n % 10 == 0 else "",
                    0 if n % 10 == 0 else rng.randint(1, 400),
                    rng.randint(1, 40) if n % 10 == 0 else 0,
                )
                for n, site in enumerate(sites)
            )
            for n in range(EVENTS_PER_HOUR):
                # Trusted time has microseconds, and so has every stored instant.
                at = start + timedelta(seconds=n * 37, microseconds=rng.randrange(1, 10**6))
                _event(ledger, rng, at, account, n)
            ledger.flush()
        if offset % 7 == 6:
            ledger.add_grant(PROFILE, day, start, 30)
        prune_ledger(ledger, day)
    ledger.close()


def _event(ledger: UsageLedger, rng: random.Random, at: datetime, account: str, n: int) -> None:
    """One event of the mix a heavy week writes."""
    app = rng.randrange(APPS)
    kind = n % 9
    if kind in (0, 1, 2):
        ledger.record(
            at,
            "site_blocked",
            PROFILE,
            name=f"ads{rng.randint(1, 999)}.tracker-{rng.randint(1, 99)}.com",
            rule="ads",
        )
    elif kind in (3, 4):
        ledger.record(
            at,
            "app_blocked",
            PROFILE,
            exe=f"/usr/games/app{app:03d}",
            account=account,
            app=f"app{app:03d}",
            name=f"App {app}",
            reason="blocked",
        )
    elif kind == 5:
        ledger.record(at, "app_warning", PROFILE, app=f"app{app:03d}", minutes=5)
    elif kind == 6:
        ledger.record(at, "warning", PROFILE, minutes=rng.choice((15, 5, 1)))
    elif kind == 7:
        ledger.record(
            at, "request", PROFILE, account=account, minutes=30, note="можно ещё полчаса?"
        )
    else:
        ledger.record(at, "enforced", PROFILE, step="lock", account=account)


def table_sizes(path: Path) -> dict[str, int]:
    """Bytes per table and index, when SQLite has the dbstat table."""
    db = sqlite3.connect(path)
    try:
        rows = db.execute("SELECT name, SUM(pgsize) FROM dbstat GROUP BY name").fetchall()
    except sqlite3.OperationalError:
        return {}
    finally:
        db.close()
    return {str(name): int(size) for name, size in rows}


def checkpointed_size(path: Path) -> int:
    """The database file's size once its WAL is folded in (as a clean stop leaves it)."""
    db = sqlite3.connect(path)
    try:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        db.close()
    return path.stat().st_size


def bench_report_db() -> list[Result]:
    """A year of heavy use: the database's size, and collecting its busiest week."""
    from guardian.reports.collect import collect_week, open_readonly
    from rules.model import Policy, Profile

    shm = Path("/dev/shm")
    root = Path(tempfile.mkdtemp(prefix="guardian-bench-", dir=shm if shm.is_dir() else None))
    try:
        path = root / "state.db"
        start = time.perf_counter()
        seed_year(path)
        seeded = time.perf_counter() - start
        size = checkpointed_size(path)
        tables = table_sizes(path)
        policy = Policy(
            timezone="Europe/Moscow",
            default_profile=PROFILE,
            profiles=(Profile(id=PROFILE, name="Kid", accounts=ACCOUNTS),),
        )
        week = FIRST_DAY + timedelta(days=DAYS - 14)
        db = open_readonly(path)
        try:
            start = time.perf_counter()
            summary = collect_week(
                db,
                policy,
                PROFILE,
                week,
                now=datetime(2027, 1, 10, tzinfo=UTC),
                machine="bench",
                version="bench",
            )
            collected = time.perf_counter() - start
            start = time.perf_counter()
            rows = db.execute(
                "SELECT * FROM events WHERE at >= ? AND at < ?",
                (week.isoformat(), (week + timedelta(days=7)).isoformat()),
            ).fetchall()
            rows += db.execute(
                "SELECT * FROM sites WHERE day BETWEEN ? AND ?",
                (week.isoformat(), (week + timedelta(days=6)).isoformat()),
            ).fetchall()
            read = time.perf_counter() - start
        finally:
            db.close()
    finally:
        shutil.rmtree(root, ignore_errors=True)
    biggest = ", ".join(
        f"{name} {bytes_ / 1e6:.1f}"
        for name, bytes_ in sorted(tables.items(), key=lambda kv: -kv[1])[:5]
    )
    print(f"seeded in {seeded:.0f} s; MB by table: {biggest}", file=sys.stderr)
    return [
        Result(
            f"state database after a year of heavy use ({DAYS} days)",
            f"{size / 1e6:.1f} MB",
            f"largest: {biggest} MB",
            "≤ 50 MB",
            size <= TARGET_BYTES,
        ),
        Result(
            "one week's summary collected from that database",
            f"{collected * 1e3:.0f} ms ({summary.sites.sites if summary.sites else 0} sites, "
            f"{len(rows):,} rows)",
            f"{read * 1e3:.0f} ms (reading the week's events and site rows)",
            "none set",
            None,
        ),
    ]


if __name__ == "__main__":
    for result in bench_report_db():
        print(f"{result.name}: {result.value} ({result.baseline}); target {result.target}")
