"""When weekly summaries are written: the planner process.

    python -m guardian.reports.schedule --weekday sun --time 18:00 --zone Europe/Moscow
        --from ISO --now ISO

prints one JSON line, `{"due": [ISO, ...], "next": ISO or null}`: the times APScheduler's
`CronTrigger` fires for that weekday and time in that zone from `--from` to `--now` (both
included: runs missed) and the first time after `--now`. The service's Reports feature asks it
with its trusted time; APScheduler and what it loads (asyncio and ssl, about 7 MiB) stay out of
the long-running service.
"""

from __future__ import annotations

import sys
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

import msgspec

if TYPE_CHECKING:
    from apscheduler.triggers.cron import CronTrigger

MISSED_RUNS_LOOKED_AT = 1000
"""Scheduled times gone through at most (19 years of weeks): a bound, never reached."""


class Plan(msgspec.Struct):
    """The planner's answer: the runs due from the time asked for until now, and the next."""

    due: list[datetime]
    next: datetime | None


def make_trigger(weekday: str, time: str, zone: str) -> CronTrigger:
    """A cron trigger for a weekday ("sun") and time ("18:00") in a zone."""
    from zoneinfo import ZoneInfo

    from apscheduler.triggers.cron import CronTrigger

    hour, minute = time.split(":")
    return CronTrigger(
        day_of_week=weekday, hour=int(hour), minute=int(minute), timezone=ZoneInfo(zone)
    )


def fire_times(
    trigger: CronTrigger, start: datetime, now: datetime
) -> tuple[list[datetime], datetime | None]:
    """The scheduled times from `start` to `now` (both included; runs missed), at most
    MISSED_RUNS_LOOKED_AT of them, and the first one after `now`."""
    due: list[datetime] = []
    fire: datetime | None = trigger.get_next_fire_time(None, start)
    while fire is not None and fire <= now:
        if len(due) == MISSED_RUNS_LOOKED_AT:
            return due, trigger.get_next_fire_time(None, now + timedelta(microseconds=1))
        due.append(fire)
        fire = trigger.get_next_fire_time(fire, now)
    return due, fire


def main(argv: list[str] | None = None) -> int:
    """The planner process (see the module's docstring); exit code 2 for bad arguments."""
    import argparse  # only the planner process parses arguments

    parser = argparse.ArgumentParser(prog="python -m guardian.reports.schedule")
    parser.add_argument(
        "--weekday", required=True, choices=("mon", "tue", "wed", "thu", "fri", "sat", "sun")
    )
    parser.add_argument("--time", required=True)
    parser.add_argument("--zone", required=True)
    parser.add_argument("--from", dest="start", type=datetime.fromisoformat, required=True)
    parser.add_argument("--now", type=datetime.fromisoformat, required=True)
    args = parser.parse_args(argv)
    trigger = make_trigger(args.weekday, args.time, args.zone)
    due, following = fire_times(trigger, args.start, args.now)
    sys.stdout.write(msgspec.json.encode(Plan(due, following)).decode() + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
