"""A heavy week's summary, from the state database to all four files, next to just reading the
same rows from the database.

The week: 8 hours of screen time a day over two accounts in 100 apps (three at a time, with
their categories), 50,000 site rows, 5,000 events (closed apps, blocked sites, warnings,
requests, grants, tamper, settings changes), written through the ledger's own paths. Measured:
`collect_week` (SQL into a `WeekSummary`) plus `write_summaries` to HTML, PDF (its own offscreen
Qt process, as in the service), CSV and JSON. The baseline reads the week's rows of every table
the summary uses, with nothing done to them. `python -m bench report-week`, or
`python -m bench.report_week`.
"""

from __future__ import annotations

import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from bench.common import Result
from guardian.ledger import PROFILE_HOURS, ActivityKey, SiteCountRow, UsageLedger
from guardian.reports.collect import collect_week
from guardian.reports.write import write_summaries
from rules.model import Policy, from_data
from rules.reports import ReportFormat
from rules.timeofday import Weekday

ZONE = ZoneInfo("Europe/Moscow")
START = date(2026, 11, 30)
"""A Monday: the week 2026-W49."""
HOURS = range(14, 22)
APPS = 100
SITE_ROWS = 50_000
EVENTS = 5_000
CATEGORIES = ("games", "video", "social", "browsers", "education", "creativity")
ROUNDS = 5
TARGET_SECONDS = 2.0
SEED = 49


def heavy_policy() -> Policy:
    """One profile, two accounts, 2 h a day, with 100 apps of its own (so each has a name)."""
    apps = [
        {
            "app": f"app{n:03d}",
            "mode": "limited",
            "name": f"App {n}",
            "daily_minutes": 60,
            "match": {"names": [f"app{n:03d}"]},
        }
        for n in range(APPS)
    ]
    return from_data(
        Policy,
        {
            "timezone": "Europe/Moscow",
            "default_profile": "kid",
            "profiles": [
                {
                    "id": "kid",
                    "name": "Kid",
                    "accounts": ["kid", "kid-school"],
                    "daily_budget": {d.value: 120 for d in Weekday},
                    "apps": apps,
                }
            ],
        },
    )


def seed_week(path: Path) -> None:
    """Write the heavy week into a new ledger at `path`, flushed each hour as the service does."""
    rng = random.Random(SEED)
    ledger = UsageLedger(path)
    kinds = (
        ("app_blocked", 0.30),
        ("site_blocked", 0.30),
        ("app_warning", 0.15),
        ("request", 0.10),
        ("grant", 0.05),
        ("tamper", 0.05),
        ("login_failed", 0.03),
        ("policy_changed", 0.02),
    )
    per_hour = EVENTS // (7 * len(HOURS))
    for offset in range(7):
        day = START + timedelta(days=offset)
        for hour in HOURS:
            account = ("kid", "kid-school")[hour % 2]
            used = [f"app{(hour * 13 + offset * 7 + n) % APPS:03d}" for n in range(3)]
            for key in used:
                ledger.credit(f"kid/{key}", day, 3600.0)
            ledger.credit(f"kid/category:{CATEGORIES[hour % len(CATEGORIES)]}", day, 3600.0)
            ledger.credit("kid", day, 3600.0)
            ledger.credit_activity(
                [
                    ActivityKey("kid", account, day, hour),
                    ActivityKey("kid", PROFILE_HOURS, day, hour),
                ],
                3600.0,
            )
            moment = datetime(day.year, day.month, day.day, hour, tzinfo=ZONE).astimezone(UTC)
            for n in range(per_hour):
                kind = rng.choices([k for k, _ in kinds], [w for _, w in kinds])[0]
                at = moment + timedelta(seconds=n * 3600 / per_hour)
                data = {"account": account}
                if kind == "app_blocked":
                    data |= {"app": used[0], "name": f"App {used[0]}", "reason": "app_time_spent"}
                elif kind == "site_blocked":
                    data |= {"name": f"blocked-{rng.randint(1, 900)}.example", "rule": "games"}
                elif kind == "request":
                    data |= {"minutes": 30, "note": "homework, please"}
                elif kind == "tamper":
                    data |= {"what": "clock_jump", "seconds": -3600}
                ledger.record(at, kind, None if kind == "login_failed" else "kid", **data)
            ledger.flush()
        rows = SITE_ROWS // 7
        ledger.add_site_counts(
            SiteCountRow(
                "kid",
                day.isoformat(),
                f"site-{offset}-{n}.example",
                "games" if n % 10 == 0 else "",
                rng.randint(1, 400),
                rng.randint(1, 20) if n % 10 == 0 else 0,
            )
            for n in range(rows + (SITE_ROWS % 7 if offset == 6 else 0))
        )
        ledger.flush()
    ledger.close()


def read_rows(db: sqlite3.Connection) -> int:
    """The baseline: every row of the week the summary reads, fetched and not looked at."""
    first, last = START.isoformat(), (START + timedelta(days=6)).isoformat()
    end = (START + timedelta(days=8)).isoformat()
    count = 0
    for query, args in (
        ("SELECT * FROM usage WHERE day BETWEEN ? AND ?", (first, last)),
        ("SELECT * FROM activity WHERE day BETWEEN ? AND ?", (first, last)),
        ("SELECT * FROM grants WHERE day BETWEEN ? AND ?", (first, last)),
        ("SELECT * FROM sites WHERE day BETWEEN ? AND ?", (first, last)),
        ("SELECT * FROM events WHERE at >= ? AND at < ?", (first, end)),
    ):
        count += len(db.execute(query, args).fetchall())
    return count


def bench_report_week() -> list[Result]:
    """Collect and write the heavy week `ROUNDS` times; the baseline reads its rows as often."""
    root = Path(tempfile.mkdtemp(prefix="guardian-bench-week-"))
    try:
        seed_week(root / "state.db")
        policy = heavy_policy()
        db = sqlite3.connect(root / "state.db")
        rows = read_rows(db)  # warms the page cache for both
        now = datetime(2026, 12, 7, 5, 0, tzinfo=UTC)
        bases, collects, writes, pdfs = [], [], [], []
        for n in range(ROUNDS):
            start = time.perf_counter()
            read_rows(db)
            bases.append(time.perf_counter() - start)
            start = time.perf_counter()
            summary = collect_week(db, policy, "kid", START, now=now, machine="pc", version="bench")
            collected = time.perf_counter()
            files = write_summaries(
                [summary], (ReportFormat.HTML, ReportFormat.CSV, ReportFormat.JSON), root / str(n)
            )
            written = time.perf_counter()
            files += write_summaries([summary], (ReportFormat.PDF,), root / str(n))
            collects.append(collected - start)
            writes.append(written - collected)
            pdfs.append(time.perf_counter() - written)
        db.close()
        size = sum(p.stat().st_size for p in files)
        if summary.sites is None or summary.total != 8 * 7 * 3600:
            raise RuntimeError("the seeded week did not come back whole")
    finally:
        shutil.rmtree(root, ignore_errors=True)
    base, collect, write, pdf = (statistics.median(x) for x in (bases, collects, writes, pdfs))
    total = collect + write + pdf
    return [
        Result(
            f"a heavy week's summary ({rows:,} rows: 8 h a day, 100 apps, 50,000 site rows, "
            f"5,000 events) to HTML, PDF, CSV, JSON ({len(files)} files, {size / 2**20:.1f} MiB)",
            f"{total:.2f} s (collect {collect:.2f} + HTML, CSV, JSON {write:.2f} + PDF "
            f"{pdf:.2f}); {total / base:.0f}× the baseline",
            f"{base * 1000:.0f} ms (the same rows read from the database)",
            f"≤ {TARGET_SECONDS:.0f} s",
            total <= TARGET_SECONDS,
        )
    ]


if __name__ == "__main__":
    for row in bench_report_week():
        print(f"{row.name}: {row.value}; baseline {row.baseline}; target {row.target}")
    sys.exit(0)
