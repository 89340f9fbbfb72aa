"""A weekly summary as tidy CSV tables, for spreadsheets and scripts.

Five tables, one row per observation, each row naming its machine, profile and week so that
many machines' files can simply be stacked:

- `days`: one row per day: `seconds` of screen time, `budget_seconds` (empty: no limit),
  `bonus_seconds`, `rest_of_day` and `counted` (false for a day still ahead).
- `hours`: one row per day and hour of day (0–23): `seconds`.
- `apps`: one row per app (`kind` = app) and per category (`kind` = category): `seconds`,
  `budget_seconds` (the daily limit), `blocked` (launches ended; empty for a category).
- `sites`: one row per site in the busiest or blocked lists: lookups `allowed` and `blocked`,
  `rule`, and its place in each list (`top_rank`, `blocked_rank`; empty when not in it).
- `events`: one row per event: `group` (blocked_apps, requests, grants, tamper, changes), `at`
  (ISO 8601 with offset), `kind`, `account`, `detail` as `key=value` pairs joined by "; "
  (a value holding ";", "=", quotes or outer spaces is written as a JSON string). A request's
  detail holds its kind (time, access, report), target, state and answer (see
  docs/reports.md); a grant's says whether it was `outside_hours` and which `request` it
  answered.

Durations are whole seconds. Booleans are `true`/`false`. Files are UTF-8 with a byte order
mark (so Excel and LibreOffice read Cyrillic names right), CRLF line ends and RFC 4180
quoting. Text that a spreadsheet would run as a formula (starting with =, +, -, @, tab or CR)
gets a leading apostrophe; numbers never do.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence

from guardian.reports.model import Events, WeekSummary

TABLES = ("days", "hours", "apps", "sites", "events")
"""The tables' names, in the order they are written (file `<stem>-<name>.csv`)."""

EVENT_GROUPS = ("blocked_apps", "requests", "grants", "tamper", "changes")
"""The summary's event lists, by the name the events table gives them in `group`."""

Cell = str | int | float | bool | None

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def render_csv(summary: WeekSummary) -> dict[str, bytes]:
    """Each table's file content by name (see `TABLES`)."""
    key = (summary.machine, summary.profile.id, summary.week)
    return {
        "days": csv_table(
            (
                "machine",
                "profile",
                "week",
                "day",
                "counted",
                "seconds",
                "budget_seconds",
                "bonus_seconds",
                "rest_of_day",
            ),
            (
                (
                    *key,
                    d.day.isoformat(),
                    d.counted,
                    _sec(d.seconds),
                    _sec(d.budget),
                    _sec(d.bonus),
                    d.rest_of_day,
                )
                for d in summary.days
            ),
        ),
        "hours": csv_table(
            ("machine", "profile", "week", "day", "hour", "seconds"),
            (
                (*key, d.day.isoformat(), hour, _sec(seconds))
                for d in summary.days
                for hour, seconds in enumerate(d.hours)
            ),
        ),
        "apps": csv_table(
            (
                "machine",
                "profile",
                "week",
                "kind",
                "id",
                "name",
                "category",
                "seconds",
                "budget_seconds",
                "blocked",
            ),
            [
                *(
                    (
                        *key,
                        "app",
                        a.app,
                        a.name,
                        a.category,
                        _sec(a.seconds),
                        _sec(a.budget),
                        a.blocked,
                    )
                    for a in summary.apps
                ),
                *(
                    (
                        *key,
                        "category",
                        c.category,
                        c.category,
                        c.category,
                        _sec(c.seconds),
                        _sec(c.budget),
                        None,
                    )
                    for c in summary.categories
                ),
            ],
        ),
        "sites": csv_table(
            (
                "machine",
                "profile",
                "week",
                "site",
                "allowed",
                "blocked",
                "rule",
                "top_rank",
                "blocked_rank",
            ),
            _site_rows(summary, key),
        ),
        "events": csv_table(
            ("machine", "profile", "week", "group", "at", "kind", "account", "detail"),
            (
                (*key, group, e.at, e.kind, e.account, detail_text(e.detail))
                for group, events in _groups(summary)
                for e in events.rows
            ),
        ),
    }


def site_count(summary: WeekSummary) -> int:
    """Rows of the sites table: the different sites in the busiest and blocked lists."""
    if summary.sites is None:
        return 0
    return len({s.site for s in (*summary.sites.top, *summary.sites.blocked_sites)})


def _groups(summary: WeekSummary) -> Iterable[tuple[str, Events]]:
    return ((group, getattr(summary, group)) for group in EVENT_GROUPS)


def _site_rows(summary: WeekSummary, key: tuple[str, str, str]) -> list[tuple[Cell, ...]]:
    sites = summary.sites
    if sites is None:
        return []
    top = {s.site: rank for rank, s in enumerate(sites.top, 1)}
    blocked = {s.site: rank for rank, s in enumerate(sites.blocked_sites, 1)}
    rows: dict[str, tuple[Cell, ...]] = {}
    for s in (*sites.top, *sites.blocked_sites):
        if s.site not in rows:
            rows[s.site] = (
                *key,
                s.site,
                s.allowed,
                s.blocked,
                s.rule,
                top.get(s.site),
                blocked.get(s.site),
            )
    return list(rows.values())


def _sec(seconds: float | None) -> int | None:
    return None if seconds is None else round(seconds)


def detail_text(detail: dict[str, str | int | float | bool | None]) -> str:
    """An event's fields as "key=value; key=value", keys sorted."""
    return "; ".join(f"{k}={_detail_value(v)}" for k, v in sorted(detail.items()))


def _detail_value(value: str | int | float | bool | None) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if any(c in value for c in ';="') or value != value.strip():
        return json.dumps(value, ensure_ascii=False)
    return value


def _cell(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    return "'" + value if value.startswith(_FORMULA_STARTS) else value


def csv_table(columns: Sequence[str], rows: Iterable[Sequence[Cell]]) -> bytes:
    """One table as a spreadsheet opens it: UTF-8 with BOM, RFC 4180, a text that would read as
    a formula kept as text. The lab's tables are written with it too."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(columns)
    writer.writerows([_cell(c) for c in row] for row in rows)
    return out.getvalue().encode("utf-8-sig")
