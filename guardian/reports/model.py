"""The weekly summary as data: what a report says about one profile's week, and a lab's merge.

This is the JSON format of record (`docs/report-schema.json` is generated from it by
`python -m guardian.reports.schema`): every other format (HTML, PDF, CSV) is rendered from a
`WeekSummary`, and `guardian report merge` reads many machines' JSON files into a `LabSummary`.
Times are seconds (floats), instants ISO 8601 with their UTC offset, days ISO dates in the
policy's time zone. A newer `schema_version` than this code knows is refused.

A week is named by ISO week (`2026-W48`) and starts on the parent's first day of the week: the
week named W48 is the one that contains W48's Monday (see `week_start`).
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Annotated, Literal

import msgspec

SCHEMA_VERSION = 1
"""The newest summary schema this code reads and writes."""
MAX_ROWS = 500
"""Rows kept in one list of a summary (apps, sites, events of one kind); the rest are counted
in the list's `more` field, so a summary of a busy week stays small."""

_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")

Seconds = Annotated[float, msgspec.Meta(ge=0)]
Count = Annotated[int, msgspec.Meta(ge=0)]
Instant = Annotated[str, msgspec.Meta(description="ISO 8601 date and time with UTC offset")]


class SummaryError(ValueError):
    """A summary file or week name that cannot be read; the message says what and where."""


# --- weeks --------------------------------------------------------------------------------------


def parse_week(name: str) -> tuple[int, int]:
    """(ISO year, week) of a name such as "2026-W48"; SummaryError when it is not one."""
    match = _WEEK.match(name.strip())
    if match is None:
        raise SummaryError(f"{name!r} is not a week; write it as 2026-W48")
    year, week = int(match[1]), int(match[2])
    try:
        date.fromisocalendar(year, week, 1)
    except ValueError:
        raise SummaryError(f"{name!r}: {year} has no week {week}") from None
    return year, week


def week_start(name: str, first_weekday: int) -> date:
    """The first day of the week named `name` for weeks starting on `first_weekday`
    (0 = Monday … 6 = Sunday): the latest such day on or before that ISO week's Monday."""
    year, week = parse_week(name)
    monday = date.fromisocalendar(year, week, 1)
    return monday - timedelta(days=(monday.weekday() - first_weekday) % 7)


def week_name(start: date) -> str:
    """The name of the week starting on `start`: the ISO week of the Monday within it."""
    monday = start + timedelta(days=(7 - start.weekday()) % 7)
    year, week, _ = monday.isocalendar()
    return f"{year}-W{week:02d}"


def week_containing(day: date, first_weekday: int) -> date:
    """The first day of the week (starting on `first_weekday`) that contains `day`."""
    return day - timedelta(days=(day.weekday() - first_weekday) % 7)


# --- one profile's week ------------------------------------------------------------------------


class ProfileRef(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """The profile a summary is about."""

    id: str
    name: str
    preset: str
    """The age preset ("0+", "6+", "9+", "12+", "16+", "18+")."""


class DayRow(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """One day of screen time against the day's limit."""

    day: date
    seconds: Seconds
    """Screen time counted that day (all the profile's accounts)."""
    budget: Seconds | None
    """The day's limit before bonus time; None when the day has no limit."""
    bonus: Seconds
    """Bonus minutes granted that day (a rest-of-day grant counts as 0 here)."""
    rest_of_day: bool
    """True when a parent lifted the limit for the rest of that day."""
    hours: Annotated[tuple[Seconds, ...], msgspec.Meta(min_length=24, max_length=24)]
    """Screen time in each hour of the day, 0:00 first, in the policy's zone. On the day
    clocks go back the repeated hour's time is in that hour; on the day they go forward the
    skipped hour holds 0."""
    counted: bool
    """False for a day still ahead when the summary was made."""


class AccountRow(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """Screen time of one OS account under the profile (a lab's students share a profile)."""

    account: str
    seconds: Seconds
    days: Annotated[tuple[Seconds, ...], msgspec.Meta(min_length=7, max_length=7)]


class AppRow(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """Time in one app over the week."""

    app: str
    """The app's id in the catalogue or the profile's rules."""
    name: str
    category: str | None
    seconds: Seconds
    budget: Seconds | None
    """The app's daily limit, if it has one."""
    blocked: Count
    """Launches of it that Guardian ended this week."""


class CategoryRow(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """Time in one app category (games, video, …) over the week."""

    category: str
    seconds: Seconds
    budget: Seconds | None
    """The category's daily limit, if it has one."""


class SiteRow(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """Lookups of one site over the week."""

    site: str
    allowed: Count
    blocked: Count
    rule: str
    """Why it was blocked (a category, "block", "allowlist", …; see docs/sites.md); "" when
    it never was."""


class Sites(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """What the site filter saw: the busiest sites and the blocked ones."""

    allowed: Count
    """Lookups let through."""
    blocked: Count
    """Lookups blocked."""
    sites: Count
    """Different sites looked up."""
    top: tuple[SiteRow, ...]
    """Busiest sites first, at most MAX_ROWS."""
    blocked_sites: tuple[SiteRow, ...]
    """Blocked sites, most often blocked first, at most MAX_ROWS."""
    more: Count
    """Sites left out of `top`."""


class Event(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """Something that happened: a block, a request, a grant, a tamper attempt, a change. A
    request's detail holds id, kind (time, access, report), minutes, target ("site:<host>",
    "app:<id>"), target_name, note, state (open, approved, declined, blocked, seen, cancelled,
    expired), answered_at, by (parent, code), given_minutes, rest_of_day, outside_hours,
    message and answered; fields not known for a request are null."""

    at: Instant
    kind: str
    """The ledger's event kind (see docs/protocol.md): app_blocked, site_blocked, request,
    grant, tamper, clock_jump, login_failed, policy_changed, …"""
    account: str | None
    detail: dict[str, str | int | float | bool | None]
    """The event's own fields, plain values only."""


class Events(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """Events of one group, oldest first, at most MAX_ROWS; `more` counts those left out."""

    rows: tuple[Event, ...]
    more: Count


class Comparison(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """The previous week, for "more or less than last week"."""

    week: str
    seconds: Seconds
    blocked_apps: Count
    blocked_sites: Count
    bonus: Seconds


class WeekSummary(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """One profile's week on one machine."""

    schema_version: Literal[1] = 1
    kind: Literal["week"] = "week"
    machine: str
    """The computer's name."""
    guardian_version: str
    generated_at: Instant
    timezone: str
    """The policy's IANA zone; every day and hour below is in it."""
    language: Literal["en", "ru"]
    week: str
    """ISO name, e.g. 2026-W48."""
    first_day: date
    last_day: date
    complete: bool
    """False when the week had not ended when the summary was made."""
    profile: ProfileRef
    days: Annotated[tuple[DayRow, ...], msgspec.Meta(min_length=7, max_length=7)]
    weekly_budget: Seconds | None
    accounts: tuple[AccountRow, ...]
    apps: tuple[AppRow, ...]
    """Most used first, at most MAX_ROWS."""
    categories: tuple[CategoryRow, ...]
    sites: Sites | None
    """None when site rules were off all week."""
    blocked_apps: Events
    """app_blocked events."""
    requests: Events
    """request events: a child asking for time or for a blocked app or site, or telling a
    parent about a site (`detail.kind` "time", "access", "report"), each with its latest
    answer (see docs/reports.md for the fields)."""
    grants: Events
    """grant events: bonus time given (`outside_hours`: it also opened the allowed hours;
    `request`: the request it answered)."""
    tamper: Events
    """Clock changes, a stopped tray, new accounts, an administrator child, an edited secrets
    file, failed parent logins."""
    changes: Events
    """Policy changes and policy files edited by hand."""
    previous: Comparison | None
    """The week before, when the ledger still has it."""

    @property
    def total(self) -> float:
        """Screen time over the week."""
        return sum(d.seconds for d in self.days)

    @property
    def bonus(self) -> float:
        """Bonus time granted over the week."""
        return sum(d.bonus for d in self.days)


# --- a lab: many machines' summaries merged ----------------------------------------------


class LabMachine(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """One machine's week: the sum of its profiles."""

    machine: str
    profiles: tuple[str, ...]
    seconds: Seconds
    blocked_apps: Count
    blocked_sites: Count
    tamper: Count
    generated_at: Instant


class LabAccount(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """One account on one machine."""

    machine: str
    profile: str
    account: str
    seconds: Seconds
    days: Annotated[tuple[Seconds, ...], msgspec.Meta(min_length=7, max_length=7)]


class LabSummary(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """A class's week: many machines' summaries of one week merged."""

    schema_version: Literal[1] = 1
    kind: Literal["lab"] = "lab"
    generated_at: Instant
    language: Literal["en", "ru"]
    week: str
    first_day: date
    last_day: date
    days: Annotated[tuple[Seconds, ...], msgspec.Meta(min_length=7, max_length=7)]
    """Screen time of all machines per day."""
    hours: Annotated[tuple[Seconds, ...], msgspec.Meta(min_length=24, max_length=24)]
    """Screen time of all machines per hour of day, over the week."""
    machines: tuple[LabMachine, ...]
    accounts: tuple[LabAccount, ...]
    apps: tuple[AppRow, ...]
    categories: tuple[CategoryRow, ...]
    blocked_sites: tuple[SiteRow, ...]
    tamper: Events
    skipped: tuple[str, ...]
    """Input files that could not be read, each with why ("path: reason")."""


def encode(summary: WeekSummary | LabSummary) -> bytes:
    """A summary as JSON (UTF-8, keys in schema order)."""
    return msgspec.json.encode(summary)


def decode_week(data: bytes | str, where: str = "summary") -> WeekSummary:
    """A week's summary from JSON; SummaryError says what is wrong and where."""
    try:
        return msgspec.json.decode(data, type=WeekSummary)
    except msgspec.ValidationError as exc:
        raise SummaryError(f"{where}: {exc}") from None
    except msgspec.DecodeError as exc:
        raise SummaryError(f"{where}: not a summary in JSON: {exc}") from None
