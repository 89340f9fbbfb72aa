"""`guardian report merge` of a lab's share: 1,000 machines' weekly JSON summaries.

Each machine's summary is a realistic week: one to three of ~30 accounts, 50 apps, 200 blocked
sites and 100 busy ones, a day's time spread over the hours, blocked launches and a few tamper
events; written with msgspec from the model's structs into a temp folder in a few subfolders, as
a share collects them. Timed: `merge_files` and `write_lab` (HTML, CSV, JSON), next to just
reading the same files and decoding them with the stdlib's `json`. The same seed gives the same
files every run. `python -m bench report-merge`, or `python -m bench.report_merge`.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench.common import Result
from guardian.reports.merge import merge_files, write_lab
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

MACHINES = 1000
ACCOUNTS = 30
APPS = 50
BLOCKED_SITES = 200
TOP_SITES = 100
ROUNDS = 3
SEED = 20_261_130
WEEK = "2026-W48"
_CATEGORIES = ("games", "browsers", "social", "video", "education", "creativity", "system")
_RULES = ("gambling", "adult", "social_networks", "block", "allowlist", "games")
_NO_EVENTS = Events((), 0)


def _hours(rng: random.Random, seconds: float) -> tuple[float, ...]:
    """A school day's time spread over 8:00–21:00, summing to `seconds`."""
    weights = [0.0] * 8 + [rng.random() + (1.0 if 9 <= h <= 15 else 0.2) for h in range(8, 22)]
    weights += [0.0] * (24 - len(weights))
    scale = seconds / sum(weights)
    return tuple(w * scale for w in weights)


def machine_week(rng: random.Random, index: int, generated: datetime) -> WeekSummary:
    """Machine `index`'s week of the pupils' profile."""
    first = week_start(WEEK, 0)
    names = [f"pupil{n:02d}" if n % 3 else f"ученик{n:02d}" for n in range(ACCOUNTS)]
    accounts = rng.sample(names, rng.randint(1, 3))
    per_account = {
        a: [rng.uniform(0, 7200) if i < 5 else rng.uniform(0, 1800) for i in range(7)]
        for a in accounts
    }
    totals = [sum(days[i] for days in per_account.values()) for i in range(7)]
    apps = sorted(
        (
            AppRow(
                app=f"app{n:03d}",
                name=f"App {n}",
                category=_CATEGORIES[n % len(_CATEGORIES)],
                seconds=rng.uniform(0, 20_000),
                budget=3600.0 if n % 5 == 0 else None,
                blocked=rng.randint(0, 5) if n % 7 == 0 else 0,
            )
            for n in rng.sample(range(120), APPS)
        ),
        key=lambda a: -a.seconds,
    )
    categories: dict[str, float] = {}
    for app in apps:
        if app.category is not None:
            categories[app.category] = categories.get(app.category, 0.0) + app.seconds
    blocked = sorted(
        (
            SiteRow(f"blocked{n}.example", rng.randint(0, 3), rng.randint(1, 60), _RULES[n % 6])
            for n in rng.sample(range(5000), BLOCKED_SITES)
        ),
        key=lambda s: -s.blocked,
    )
    top = tuple(
        SiteRow(f"site{n}.example", rng.randint(1, 5000), 0, "")
        for n in rng.sample(range(3000), TOP_SITES)
    )
    stamp = (first + timedelta(days=1)).isoformat()
    blocked_apps = tuple(
        Event(
            f"{stamp}T{10 + i % 8:02d}:{i % 60:02d}:00+03:00",
            "app_blocked",
            accounts[0],
            {"app": f"app{i:03d}", "reason": "blocked"},
        )
        for i in range(rng.randint(0, 30))
    )
    tamper = tuple(
        Event(
            f"{stamp}T{9 + i:02d}:15:00+03:00",
            "tamper",
            None,
            {"what": rng.choice(("clock_jump", "tray_stopped")), "seconds": 3600},
        )
        for i in range(rng.randint(0, 3))
    )
    return WeekSummary(
        machine=f"lab-{index:04d}",
        guardian_version="1.0.0",
        generated_at=generated.isoformat(timespec="seconds"),
        timezone="Europe/Moscow",
        language="ru",
        week=WEEK,
        first_day=first,
        last_day=first + timedelta(days=6),
        complete=True,
        profile=ProfileRef("pupils", "Ученики", "12+"),
        days=tuple(
            DayRow(
                first + timedelta(days=i),
                totals[i],
                7200.0,
                0.0,
                False,
                _hours(rng, totals[i]),
                True,
            )
            for i in range(7)
        ),
        weekly_budget=None,
        accounts=tuple(AccountRow(a, sum(d), tuple(d)) for a, d in per_account.items()),
        apps=tuple(apps),
        categories=tuple(CategoryRow(c, s, None) for c, s in categories.items()),
        sites=Sites(
            allowed=sum(s.allowed for s in top),
            blocked=sum(s.blocked for s in blocked),
            sites=TOP_SITES + BLOCKED_SITES + 40,
            top=top,
            blocked_sites=tuple(blocked),
            more=40,
        ),
        blocked_apps=Events(blocked_apps, 0),
        requests=_NO_EVENTS,
        grants=_NO_EVENTS,
        tamper=Events(tamper, 0),
        changes=_NO_EVENTS,
        previous=None,
    )


def write_share(folder: Path) -> int:
    """The lab's share: one summary per machine in ten room folders; returns its bytes."""
    rng = random.Random(SEED)
    generated = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)
    size = 0
    for index in range(MACHINES):
        room = folder / f"room{index % 10}"
        room.mkdir(exist_ok=True)
        data = encode(machine_week(rng, index, generated + timedelta(seconds=index)))
        (room / f"2026-W48-lab-{index:04d}-pupils.json").write_bytes(data)
        size += len(data)
    return size


def stdlib_read(folder: Path) -> int:
    """The baseline: find, read and `json.loads` every file; returns how many."""
    count = 0
    for root, folders, files in os.walk(folder):
        folders.sort()
        for name in sorted(files):
            if name.endswith(".json"):
                json.loads(Path(root, name).read_bytes())
                count += 1
    return count


def bench_report_merge() -> list[Result]:
    """Merge and write a lab of `MACHINES` machines, next to reading its files with the stdlib."""
    root = Path(tempfile.mkdtemp(prefix="guardian-bench-merge-"))
    share, dest = root / "share", root / "out"
    share.mkdir()
    try:
        size = write_share(share)
        stdlib_read(share)  # warm the page cache for both
        merges, writes, bases = [], [], []
        for _ in range(ROUNDS):
            start = time.perf_counter()
            lab = merge_files([share], now=datetime.now(UTC))
            merged = time.perf_counter()
            written = write_lab(lab, ("html", "csv", "json"), dest)
            merges.append(merged - start)
            writes.append(time.perf_counter() - merged)
            start = time.perf_counter()
            read = stdlib_read(share)
            bases.append(time.perf_counter() - start)
        if lab.skipped or len(lab.machines) != MACHINES or read != MACHINES:
            raise RuntimeError(f"the merge did not take every file: {lab.skipped[:3]}")
        out = sum(p.stat().st_size for p in written)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    merge_s, write_s, base = (statistics.median(x) for x in (merges, writes, bases))
    total = merge_s + write_s
    return [
        Result(
            f"`report merge` of {MACHINES:,} machines' JSON ({size / 2**20:.0f} MiB) to HTML, "
            f"CSV, JSON ({out / 2**20:.1f} MiB)",
            f"{total:.2f} s (merge {merge_s:.2f} + write {write_s:.2f}); "
            f"{total / base:.1f}× the baseline",
            f"{base:.2f} s (read + stdlib json.loads)",
            "≤ 5 s",
            total <= 5.0,
        )
    ]


if __name__ == "__main__":
    for row in bench_report_merge():
        print(f"{row.name}: {row.value}; baseline {row.baseline}; target {row.target}")
    sys.exit(0)
