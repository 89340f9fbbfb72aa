"""A lab's week: many machines' JSON summaries of one week merged into one `LabSummary`.

A school collects each lab machine's weekly JSON files on a share; `guardian report merge`
reads them all (files or folders searched for `*.json`), keeps one week, keeps the newest run
of each machine's profile, and writes one summary for the class (HTML, CSV, JSON). A file that
cannot be merged never stops the merge: it is listed in `skipped` with why.
"""

from __future__ import annotations

import os
import re
import stat
from collections import Counter
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from operator import add
from pathlib import Path
from typing import Literal

import msgspec

from guardian.atomic import write_atomic
from guardian.reports.csv_tables import Cell, csv_table
from guardian.reports.model import (
    MAX_ROWS,
    SCHEMA_VERSION,
    AppRow,
    CategoryRow,
    Event,
    Events,
    LabAccount,
    LabMachine,
    LabSummary,
    SiteRow,
    SummaryError,
    WeekSummary,
    encode,
    parse_week,
    week_name,
)

MAX_FILE_BYTES = 20 * 2**20
"""Files larger than this are not one machine's week (a summary keeps at most MAX_ROWS rows
per list) and are skipped unread."""
LAB_FORMATS = ("html", "csv", "json")
"""What `write_lab` writes, in this order."""
FILE_MODE = 0o644
"""Lab files are for the class's teachers: readable by others on the share."""

_BOM = b"\xef\xbb\xbf"
_LANGUAGES: dict[str, Literal["en", "ru"]] = {"en": "en", "ru": "ru"}
_WEEK_DECODER = msgspec.json.Decoder(WeekSummary)


class _Head(msgspec.Struct):
    """The two fields that say what a JSON file is, read only to explain a refusal."""

    kind: object = None
    schema_version: object = None


_HEAD_DECODER = msgspec.json.Decoder(_Head)


class MergeError(SummaryError):
    """Nothing could be merged; `skipped` says, for each file found, why it was left out."""

    def __init__(self, message: str, skipped: Sequence[tuple[str, str]]) -> None:
        super().__init__(message)
        self.skipped = tuple(skipped)


class LabWriteError(Exception):
    """A lab file or its folder that cannot be written; the message names it."""

    def __init__(self, message: str, path: Path) -> None:
        super().__init__(message)
        self.path = path


@dataclass(frozen=True, slots=True)
class _Found:
    """One machine's summary read from `path`."""

    path: str
    summary: WeekSummary
    generated: datetime


# --- reading -----------------------------------------------------------------------------------


def _candidates(paths: Sequence[Path], skipped: list[tuple[str, str]]) -> Iterator[Path]:
    """Files named, and `*.json` files under folders named (sorted, symlinked folders not
    followed so a loop on a share cannot hang the merge)."""
    for path in paths:
        if path.is_dir():

            def unreadable(exc: OSError) -> None:
                skipped.append((str(exc.filename), f"cannot be read: {exc.strerror or exc}"))

            for root, folders, files in os.walk(path, onerror=unreadable):
                folders.sort()
                for name in sorted(files):
                    if name.lower().endswith(".json"):
                        yield Path(root, name)
        elif path.exists():
            yield path
        else:
            skipped.append((str(path), "no such file or folder"))


def _why_not(data: bytes, exc: msgspec.MsgspecError) -> str:
    """Why `data` is not a week's summary, in words for the person running the merge."""
    if isinstance(exc, msgspec.DecodeError) and not isinstance(exc, msgspec.ValidationError):
        return f"not JSON, or damaged: {exc}"
    try:
        head = _HEAD_DECODER.decode(data)
    except msgspec.ValidationError:
        return "not a Guardian weekly summary (JSON, but not an object)"
    except msgspec.DecodeError:
        return f"not JSON, or damaged: {exc}"
    version = head.schema_version
    if isinstance(version, int) and not isinstance(version, bool) and version > SCHEMA_VERSION:
        return (
            f"written in summary schema version {version}, newer than this Guardian reads "
            f"({SCHEMA_VERSION}); merge with a newer Guardian"
        )
    if head.kind == "lab":
        return "a lab summary (a merge's own output), not one machine's week"
    if head.kind != "week":
        return "not a Guardian weekly summary"
    return f"not a valid weekly summary: {exc}"


def _read(path: Path, seen: set[tuple[int, int]]) -> _Found | str | None:
    """The summary in `path`, or why it cannot be merged; None for a file already read."""
    try:
        info = path.stat()
        if (info.st_dev, info.st_ino) in seen:
            return None
        seen.add((info.st_dev, info.st_ino))
        if not stat.S_ISREG(info.st_mode):  # a pipe or device would block or never end
            return "not a regular file"
        if info.st_size > MAX_FILE_BYTES:
            return f"larger than {MAX_FILE_BYTES // 2**20} MB, too large for one machine's week"
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
        if len(data) > MAX_FILE_BYTES:
            return f"larger than {MAX_FILE_BYTES // 2**20} MB, too large for one machine's week"
    except OSError as exc:
        return f"cannot be read: {exc.strerror or exc}"
    if data.startswith(_BOM):  # saved by an editor that marks UTF-8
        data = data[len(_BOM) :]
    try:
        summary = _WEEK_DECODER.decode(data)
    except (msgspec.ValidationError, msgspec.DecodeError) as exc:
        return _why_not(data, exc)
    try:
        parse_week(summary.week)
    except SummaryError as exc:
        return f"its week is not valid: {exc}"
    if week_name(summary.first_day) != summary.week or (
        summary.last_day != summary.first_day + timedelta(days=6)
    ):
        return f"its days {summary.first_day}…{summary.last_day} are not week {summary.week}"
    try:
        generated = datetime.fromisoformat(summary.generated_at)
    except ValueError:
        generated = None
    if generated is None or generated.tzinfo is None:
        return f"generated_at {summary.generated_at!r} is not a date and time with UTC offset"
    return _Found(str(path), summary, generated)


# --- choosing what to merge --------------------------------------------------------------------


def _one_week(
    found: list[_Found], week: str | None, skipped: list[tuple[str, str]]
) -> tuple[str, list[_Found]]:
    """The week to merge (`week`, else the most common one, the latest on a tie) and its files."""
    if week is None:
        counts = Counter(f.summary.week for f in found)
        week = max(counts, key=lambda w: (counts[w], w))
        why = f"the most common week here is {week}"
    else:
        why = f"merging week {week}"
    kept = []
    for item in found:
        if item.summary.week == week:
            kept.append(item)
        else:
            skipped.append((item.path, f"other week: {item.summary.week} ({why})"))
    return week, kept


def _newest_runs(found: list[_Found], skipped: list[tuple[str, str]]) -> list[_Found]:
    """One summary per machine and profile: the newest; older runs are skipped."""
    newest: dict[tuple[str, str], _Found] = {}
    for item in found:
        key = (item.summary.machine, item.summary.profile.id)
        other = newest.get(key)
        if other is None:
            newest[key] = item
            continue
        old, new = (other, item) if item.generated > other.generated else (item, other)
        newest[key] = new
        skipped.append(
            (
                old.path,
                f"an older run for machine {key[0]!r}, profile {key[1]!r} "
                f"(generated {old.summary.generated_at}; {new.path} is newer)",
            )
        )
    return list(newest.values())


def _same_first_day(found: list[_Found], skipped: list[tuple[str, str]]) -> list[_Found]:
    """Summaries whose week starts on the day most of them do (days are summed by position)."""
    counts = Counter(f.summary.first_day for f in found)
    first = max(counts, key=lambda d: (counts[d], d))
    kept = []
    for item in found:
        if item.summary.first_day == first:
            kept.append(item)
        else:
            skipped.append(
                (
                    item.path,
                    f"its week starts on {item.summary.first_day:%A} {item.summary.first_day}, "
                    f"the others' on {first:%A} {first}",
                )
            )
    return kept


# --- merging -----------------------------------------------------------------------------------


def _natural(text: str) -> tuple[str | int, ...]:
    """Sort key putting lab-2 before lab-10."""
    return tuple(int(p) if i % 2 else p for i, p in enumerate(re.split(r"(\d+)", text.casefold())))


def _instant_key(at: str) -> tuple[float, str]:
    try:
        moment = datetime.fromisoformat(at)
        return (moment.timestamp() if moment.tzinfo else float("inf"), at)
    except ValueError:
        return (float("inf"), at)


def _one_budget(budgets: set[float | None]) -> float | None:
    """A limit shown for the lab only when every machine has the same one."""
    return next(iter(budgets)) if len(budgets) == 1 else None


def merge_files(
    paths: Sequence[Path],
    *,
    language: str | None = None,
    now: datetime,
    week: str | None = None,
) -> LabSummary:
    """One summary for a class from machines' weekly JSON files (files, or folders searched
    for `*.json`); files that cannot be merged are listed in `skipped` with why.

    `week` ("2026-W48") merges that week only; without it the most common week is merged.
    Raises MergeError when no summary is left to merge, SummaryError for a bad `week`.
    """
    if now.tzinfo is None:
        raise ValueError("now must be an aware datetime")
    if week is not None:
        parse_week(week)
        week = week.strip()
    if language is not None and language not in _LANGUAGES:
        raise SummaryError(f"language {language!r}: choose en or ru")
    skipped: list[tuple[str, str]] = []
    found: list[_Found] = []
    seen: set[tuple[int, int]] = set()
    for path in _candidates(paths, skipped):
        result = _read(path, seen)
        if isinstance(result, _Found):
            found.append(result)
        elif result is not None:
            skipped.append((str(path), result))
    if found:
        week, found = _one_week(found, week, skipped)
    skipped.sort()  # by path, as a teacher looks a machine up
    if not found:
        where = ", ".join(str(p) for p in paths) or "(no paths)"
        wanted = f"of week {week} " if week else ""
        raise MergeError(f"nothing to merge: no weekly summary {wanted}found in {where}", skipped)
    assert week is not None
    found = _same_first_day(_newest_runs(found, skipped), skipped)
    skipped.sort()
    return _merge([f.summary for f in found], week, language, now, skipped)


def _merge(
    summaries: list[WeekSummary],
    week: str,
    language: str | None,
    now: datetime,
    skipped: list[tuple[str, str]],
) -> LabSummary:
    """The sums of summaries of one week that start on the same day."""
    days = [0.0] * 7
    hours = [0.0] * 24
    machines: dict[str, list[WeekSummary]] = {}
    accounts: list[LabAccount] = []
    apps: dict[str, tuple[str, str | None, list[float], set[float | None]]] = {}
    categories: dict[str, tuple[list[float], set[float | None]]] = {}
    sites: dict[str, list[int | str]] = {}
    tamper: list[Event] = []
    tamper_more = 0
    for s in summaries:
        machines.setdefault(s.machine, []).append(s)
        for i, day in enumerate(s.days):
            days[i] += day.seconds
            hours = list(map(add, hours, day.hours))
        accounts.extend(
            LabAccount(s.machine, s.profile.id, a.account, a.seconds, a.days) for a in s.accounts
        )
        for app in s.apps:
            entry = apps.get(app.app)
            if entry is None:
                entry = apps[app.app] = (app.name, app.category, [0.0, 0.0], set())
            entry[2][0] += app.seconds
            entry[2][1] += app.blocked
            entry[3].add(app.budget)
        for cat in s.categories:
            cat_entry = categories.setdefault(cat.category, ([0.0], set()))
            cat_entry[0][0] += cat.seconds
            cat_entry[1].add(cat.budget)
        if s.sites is not None:
            for row in s.sites.blocked_sites:
                site = sites.get(row.site)
                if site is None:
                    sites[row.site] = [row.allowed, row.blocked, row.rule]
                else:
                    site[0] = int(site[0]) + row.allowed
                    site[1] = int(site[1]) + row.blocked
                    if not site[2]:
                        site[2] = row.rule
        tamper.extend(
            Event(e.at, e.kind, e.account, {**e.detail, "machine": s.machine})
            for e in s.tamper.rows
        )
        tamper_more += s.tamper.more
    tamper.sort(key=lambda e: _instant_key(e.at))
    app_rows = sorted(
        (
            AppRow(app_id, name, category, totals[0], _one_budget(budgets), int(totals[1]))
            for app_id, (name, category, totals, budgets) in apps.items()
        ),
        key=lambda r: (-r.seconds, r.app),
    )
    site_rows = sorted(
        (SiteRow(name, int(v[0]), int(v[1]), str(v[2])) for name, v in sites.items()),
        key=lambda r: (-r.blocked, r.site),
    )
    first = summaries[0].first_day
    return LabSummary(
        generated_at=now.isoformat(timespec="seconds"),
        language=_language(language, summaries),
        week=week,
        first_day=first,
        last_day=first + timedelta(days=6),
        days=tuple(days),
        hours=tuple(hours),
        machines=tuple(_machine(name, machines[name]) for name in sorted(machines, key=_natural)),
        accounts=tuple(sorted(accounts, key=lambda a: (_natural(a.machine), a.profile, a.account))),
        apps=tuple(app_rows[:MAX_ROWS]),
        categories=tuple(
            sorted(
                (CategoryRow(c, v[0][0], _one_budget(v[1])) for c, v in categories.items()),
                key=lambda r: (-r.seconds, r.category),
            )
        ),
        blocked_sites=tuple(site_rows[:MAX_ROWS]),
        tamper=Events(tuple(tamper[:MAX_ROWS]), tamper_more + max(0, len(tamper) - MAX_ROWS)),
        skipped=tuple(f"{path}: {why}" for path, why in skipped),
    )


def _language(language: str | None, summaries: list[WeekSummary]) -> Literal["en", "ru"]:
    if language is not None:
        return _LANGUAGES[language]
    return Counter(s.language for s in summaries).most_common(1)[0][0]


def _machine(name: str, summaries: list[WeekSummary]) -> LabMachine:
    newest = max(summaries, key=lambda s: datetime.fromisoformat(s.generated_at))
    return LabMachine(
        machine=name,
        profiles=tuple(sorted(s.profile.id for s in summaries)),
        seconds=sum(s.total for s in summaries),
        blocked_apps=sum(len(s.blocked_apps.rows) + s.blocked_apps.more for s in summaries),
        blocked_sites=sum(s.sites.blocked for s in summaries if s.sites is not None),
        tamper=sum(len(s.tamper.rows) + s.tamper.more for s in summaries),
        generated_at=newest.generated_at,
    )


# --- writing -----------------------------------------------------------------------------------


def parse_formats(text: str) -> tuple[str, ...]:
    """Formats from "html,csv,json"; SummaryError names the unknown ones."""
    chosen = tuple(dict.fromkeys(f.strip().lower() for f in text.split(",") if f.strip()))
    unknown = [f for f in chosen if f not in LAB_FORMATS]
    if unknown or not chosen:
        raise SummaryError(
            f"format {', '.join(unknown) or '(none)'}: choose from {', '.join(LAB_FORMATS)}"
        )
    return chosen


def lab_stem(summary: LabSummary) -> str:
    """`<week>-lab`, the start of every file name of a lab's week."""
    parse_week(summary.week)  # a week name is safe in a file name; anything else is refused
    return f"{summary.week}-lab"


def render_lab_csv(summary: LabSummary) -> dict[str, bytes]:
    """The lab's tables as CSV (UTF-8 with BOM, for LibreOffice and Excel): table -> bytes."""
    day_names = [str(summary.first_day + timedelta(days=i)) for i in range(7)]
    tables: dict[str, tuple[list[str], list[list[Cell]]]] = {
        "machines": (
            ["machine", "profiles", "seconds", "blocked_apps", "blocked_sites", "tamper",
             "generated_at"],
            [
                [m.machine, " ".join(m.profiles), round(m.seconds), m.blocked_apps,
                 m.blocked_sites, m.tamper, m.generated_at]
                for m in summary.machines
            ],
        ),
        "accounts": (
            ["machine", "profile", "account", "seconds", *day_names],
            [
                [a.machine, a.profile, a.account, round(a.seconds), *(round(d) for d in a.days)]
                for a in summary.accounts
            ],
        ),
        "apps": (
            ["app", "name", "category", "seconds", "budget", "blocked"],
            [
                [a.app, a.name, a.category or "", round(a.seconds),
                 "" if a.budget is None else round(a.budget), a.blocked]
                for a in summary.apps
            ],
        ),
    }  # fmt: skip
    return {name: csv_table(header, rows) for name, (header, rows) in tables.items()}


def write_lab(summary: LabSummary, formats: Collection[str], dest: Path) -> list[Path]:
    """Write a lab's week into `dest` (created if needed): `<week>-lab.html`, `.json` and
    `<week>-lab-{machines,accounts,apps}.csv`, each atomically. Returns the files written.

    Raises SummaryError for an unknown format, LabWriteError naming what cannot be written.
    """
    chosen = parse_formats(",".join(formats))
    stem = lab_stem(summary)
    files: list[tuple[str, bytes]] = []
    for fmt in LAB_FORMATS:
        if fmt not in chosen:
            continue
        if fmt == "html":
            from guardian.reports.lab_html import render_lab_html

            files.append((f"{stem}.html", render_lab_html(summary).encode("utf-8")))
        elif fmt == "csv":
            files += [(f"{stem}-{t}.csv", data) for t, data in render_lab_csv(summary).items()]
        else:
            files.append((f"{stem}.json", encode(summary)))
    try:
        dest.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise LabWriteError(
            f"{dest}: cannot create the folder: {exc.strerror or exc}", dest
        ) from None
    written = []
    for name, data in files:
        path = dest / name
        try:
            write_atomic(path, data, FILE_MODE)
        except OSError as exc:
            raise LabWriteError(f"{path}: cannot be written: {exc.strerror or exc}", path) from None
        written.append(path)
    return written
