"""What a weekly summary says, as translated headings, figures and tables: the one reading of a
`WeekSummary` that the HTML file and the PDF both lay out, so the two never disagree.

`build(summary)` speaks the summary's language; every string in the result is plain text
(the layouts escape it).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from guardian.placeholders import fill
from guardian.reports import texts
from guardian.reports.model import MAX_ROWS, Event, Events, WeekSummary
from guardian.reports.texts import duration, translate

NOT_COUNTED = "—"
"""What a table shows for a day still ahead."""


@dataclass(frozen=True, slots=True)
class Table:
    """Rows of text under column headings; `numeric` columns are aligned right."""

    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: frozenset[int] = frozenset()
    caption: str = ""
    note: str = ""
    """Said under the table: how many rows were left out."""


@dataclass(frozen=True, slots=True)
class Section:
    """One part of the summary. `key` names it for layouts (a chart goes with "days", "hours",
    "apps" and "categories"); `empty` is said instead of tables when there is nothing."""

    key: str
    title: str
    intro: str = ""
    tables: tuple[Table, ...] = ()
    empty: str = ""


@dataclass(frozen=True, slots=True)
class Figure:
    """One number of the overview: "Screen time: 12 h 5 min", with a hint below it."""

    label: str
    value: str
    hint: str = ""


@dataclass(frozen=True, slots=True)
class Report:
    """The whole summary in words."""

    language: str
    title: str
    subtitle: str
    facts: str
    warning: str
    figures: tuple[Figure, ...]
    sections: tuple[Section, ...]
    footer: str
    chart_titles: dict[str, str] = field(default_factory=dict)


def build(summary: WeekSummary) -> Report:
    """The summary's content in its own language."""
    with texts.speaking(summary.language):
        return Report(
            language=summary.language,
            title=fill(translate("Report", "Weekly summary: %1"), summary.profile.name),
            subtitle=texts.date_range(summary.first_day, summary.last_day),
            facts=fill(
                translate("Report", "Week %1 · computer %2 · age preset %3"),
                summary.week,
                summary.machine,
                summary.profile.preset,
            ),
            warning=_warning(summary),
            figures=_figures(summary),
            sections=(
                _days(summary),
                _hours(summary),
                _apps(summary),
                _categories(summary),
                _accounts(summary),
                _sites(summary),
                _events(
                    "blocked_apps",
                    translate("Report", "Apps closed by Guardian"),
                    summary.blocked_apps,
                    translate("Report", "Guardian closed no apps this week."),
                ),
                _requests(summary.requests),
                _reports(summary.requests),
                _events(
                    "grants",
                    translate("Report", "Bonus time given"),
                    summary.grants,
                    translate("Report", "No bonus time was given this week."),
                ),
                _events(
                    "tamper",
                    translate("Report", "Tampering and warnings"),
                    summary.tamper,
                    translate("Report", "Nothing suspicious happened this week."),
                ),
                _events(
                    "changes",
                    translate("Report", "Changes to the settings"),
                    summary.changes,
                    translate("Report", "The settings did not change this week."),
                ),
                _previous(summary),
            ),
            footer=fill(
                translate("Report", "Made by Guardian %1 on %2. Times are in the time zone %3."),
                summary.guardian_version,
                texts.instant(summary.generated_at),
                summary.timezone,
            ),
            chart_titles={
                "days": translate("Report", "Screen time per day against the daily limit"),
                "hours": translate("Report", "Screen time by hour of day"),
                "apps": translate("Report", "Most used apps"),
                "categories": translate("Report", "Time per category"),
            },
        )


def blocked_launches(summary: WeekSummary) -> int:
    """App launches Guardian ended over the week."""
    return len(summary.blocked_apps.rows) + summary.blocked_apps.more


def counted_days(summary: WeekSummary) -> int:
    """Days of the week that have passed (or begun) when the summary was made."""
    return sum(1 for d in summary.days if d.counted)


def _warning(summary: WeekSummary) -> str:
    if summary.complete:
        return ""
    return fill(
        translate(
            "Report",
            "The week was not over when this summary was made (%1): days still ahead are "
            "not counted.",
        ),
        texts.instant(summary.generated_at),
    )


def _figures(summary: WeekSummary) -> tuple[Figure, ...]:
    days = counted_days(summary)
    average = summary.total / days if days else 0.0
    figures = [
        Figure(
            translate("Report", "Screen time"),
            duration(summary.total),
            fill(translate("Report", "weekly limit %1"), duration(summary.weekly_budget))
            if summary.weekly_budget is not None
            else "",
        ),
        Figure(
            translate("Report", "A day on average"),
            duration(average),
            fill(translate("Report", "days counted: %1"), str(days)),
        ),
    ]
    if summary.previous is not None:
        figures.append(
            Figure(
                translate("Report", "Against last week"),
                texts.change(summary.total - summary.previous.seconds),
                fill(translate("Report", "last week %1"), duration(summary.previous.seconds)),
            )
        )
    figures += [
        Figure(translate("Report", "Bonus time"), duration(summary.bonus)),
        Figure(translate("Report", "Apps closed"), texts.number(blocked_launches(summary))),
    ]
    if summary.sites is not None:
        figures.append(
            Figure(translate("Report", "Sites blocked"), texts.number(summary.sites.blocked))
        )
    tamper = len(summary.tamper.rows) + summary.tamper.more
    figures.append(Figure(translate("Report", "Tampering"), texts.number(tamper)))
    return tuple(figures)


def _days(summary: WeekSummary) -> Section:
    rows = []
    for day in summary.days:
        if not day.counted:
            rows.append((texts.day_label(day.day), NOT_COUNTED, NOT_COUNTED, NOT_COUNTED, ""))
            continue
        bonus = (
            translate("Report", "no limit for the rest of the day")
            if day.rest_of_day
            else (duration(day.bonus) if day.bonus else "")
        )
        share = texts.percent(day.seconds, day.budget) if day.budget else ""
        rows.append(
            (texts.day_label(day.day), duration(day.seconds), duration(day.budget), bonus, share)
        )
    columns = (
        translate("Report", "Day"),
        translate("Report", "Screen time"),
        translate("Report", "Daily limit"),
        translate("Report", "Bonus time"),
        translate("Report", "Of the limit"),
    )
    intro = ""
    if summary.weekly_budget is not None:
        intro = fill(
            translate("Report", "Weekly limit: %1; used %2 (%3)."),
            duration(summary.weekly_budget),
            duration(summary.total),
            texts.percent(summary.total, summary.weekly_budget),
        )
    return Section(
        "days",
        translate("Report", "Screen time per day"),
        intro,
        (Table(columns, tuple(rows), frozenset({1, 2, 3, 4})),),
    )


def _hours(summary: WeekSummary) -> Section:
    busiest = max(
        ((h, d.day, i) for d in summary.days for i, h in enumerate(d.hours)),
        key=lambda item: item[0],
        default=(0.0, summary.first_day, 0),
    )
    seconds, day, hour = busiest
    per_hour = [sum(d.hours[i] for d in summary.days) for i in range(24)]
    rows = tuple(
        (f"{i:02d}:00–{(i + 1) % 24:02d}:00", duration(s)) for i, s in enumerate(per_hour) if s > 0
    )
    intro = translate("Report", "Darker cells: more screen time in that hour.")
    if seconds > 0:
        intro += " " + fill(
            translate("Report", "The busiest hour was %1, %2 (%3)."),
            texts.day_label(day),
            f"{hour:02d}:00–{(hour + 1) % 24:02d}:00",
            duration(seconds),
        )
    table = Table(
        (translate("Report", "Hour"), translate("Report", "Screen time over the week")),
        rows,
        frozenset({1}),
    )
    return Section(
        "hours",
        translate("Report", "Time by hour of day"),
        intro,
        (table,) if rows else (),
        translate("Report", "No screen time was counted this week."),
    )


def _apps(summary: WeekSummary) -> Section:
    rows = tuple(
        (
            app.name,
            texts.category_name(app.category),
            duration(app.seconds),
            duration(app.budget) if app.budget is not None else "",
            texts.number(app.blocked) if app.blocked else "",
        )
        for app in summary.apps
    )
    note = ""
    if len(summary.apps) >= MAX_ROWS:
        note = fill(translate("Report", "Only the %1 most used apps are listed."), str(MAX_ROWS))
    table = Table(
        (
            translate("Report", "App"),
            translate("Report", "Category"),
            translate("Report", "Time"),
            translate("Report", "Daily limit"),
            translate("Report", "Times closed"),
        ),
        rows,
        frozenset({2, 3, 4}),
        note=note,
    )
    return Section(
        "apps",
        translate("Report", "Time per app"),
        tables=(table,) if rows else (),
        empty=translate("Report", "No app was used this week."),
    )


def _categories(summary: WeekSummary) -> Section:
    total = summary.total
    rows = tuple(
        (
            texts.category_name(c.category),
            duration(c.seconds),
            duration(c.budget) if c.budget is not None else "",
            texts.percent(c.seconds, total),
        )
        for c in summary.categories
    )
    table = Table(
        (
            translate("Report", "Category"),
            translate("Report", "Time"),
            translate("Report", "Daily limit"),
            translate("Report", "Of screen time"),
        ),
        rows,
        frozenset({1, 2, 3}),
    )
    return Section(
        "categories",
        translate("Report", "Time per category"),
        tables=(table,) if rows else (),
        empty=translate("Report", "No app of a known category was used this week."),
    )


def _accounts(summary: WeekSummary) -> Section:
    columns = (
        translate("Report", "Account"),
        translate("Report", "Week"),
        *(texts.weekday_short(d.day) for d in summary.days),
    )
    rows = tuple(
        (
            a.account,
            duration(a.seconds),
            *(
                duration(s) if day.counted else NOT_COUNTED
                for s, day in zip(a.days, summary.days, strict=True)
            ),
        )
        for a in summary.accounts
    )
    return Section(
        "accounts",
        translate("Report", "Accounts"),
        translate("Report", "Screen time of each computer account under this profile."),
        (Table(columns, rows, frozenset(range(1, 9))),) if rows else (),
        translate("Report", "No account of this profile used the computer this week."),
    )


def _sites(summary: WeekSummary) -> Section:
    title = translate("Report", "Sites")
    sites = summary.sites
    if sites is None:
        return Section("sites", title, empty=translate("Report", "Site rules were off all week."))
    intro = fill(
        translate("Report", "%1 lookups let through, %2 blocked, %3 different sites."),
        texts.number(sites.allowed),
        texts.number(sites.blocked),
        texts.number(sites.sites),
    )
    tables = []
    if sites.top:
        tables.append(
            Table(
                (
                    translate("Report", "Site"),
                    translate("Report", "Let through"),
                    translate("Report", "Blocked"),
                ),
                tuple(
                    (s.site, texts.number(s.allowed), texts.number(s.blocked) if s.blocked else "")
                    for s in sites.top
                ),
                frozenset({1, 2}),
                caption=translate("Report", "Busiest sites"),
                note=_more(sites.more),
            )
        )
    if sites.blocked_sites:
        tables.append(
            Table(
                (
                    translate("Report", "Site"),
                    translate("Report", "Times blocked"),
                    translate("Report", "Why"),
                ),
                tuple(
                    (s.site, texts.number(s.blocked), texts.site_rule(s.rule))
                    for s in sites.blocked_sites
                ),
                frozenset({1}),
                caption=translate("Report", "Blocked sites"),
            )
        )
    return Section(
        "sites",
        title,
        intro,
        tuple(tables),
        translate("Report", "No site was looked up this week."),
    )


def _more(count: int) -> str:
    if not count:
        return ""
    return fill(translate("Report", "And %1 more not listed here."), texts.number(count))


def _events(key: str, title: str, events: Events, empty: str) -> Section:
    rows = tuple((texts.instant(e.at), e.account or "", texts.event_text(e)) for e in events.rows)
    table = Table(
        (
            translate("Report", "When"),
            translate("Report", "Account"),
            translate("Report", "What happened"),
        ),
        rows,
        note=_more(events.more),
    )
    return Section(key, title, tables=(table,) if rows else (), empty=empty)


def is_report(event: Event) -> bool:
    """Whether a request row is a child telling a parent about a site."""
    return event.detail.get("kind") == "report"


def _requests(events: Events) -> Section:
    """Requests for time and access, each with its answer."""
    rows = tuple(
        (
            texts.instant(e.at),
            e.account or "",
            texts.request_text(e.detail),
            texts.answer_text(e.detail),
        )
        for e in events.rows
        if not is_report(e)
    )
    table = Table(
        (
            translate("Report", "When"),
            translate("Report", "Account"),
            translate("Report", "Request"),
            translate("Report", "Answer"),
        ),
        rows,
        note=_more(events.more),
    )
    return Section(
        "requests",
        translate("Report", "Requests for time and access"),
        tables=(table,) if rows else (),
        empty=translate("Report", "No requests this week."),
    )


def _reports(events: Events) -> Section:
    """Sites the child told a parent about, and what became of each."""
    reported = [e for e in events.rows if is_report(e)]
    rows = tuple(
        (
            texts.instant(e.at),
            e.account or "",
            texts.target_name(e.detail),
            str(e.detail.get("note") or ""),
            texts.answer_text(e.detail),
        )
        for e in reported
    )
    table = Table(
        (
            translate("Report", "When"),
            translate("Report", "Account"),
            translate("Report", "Site"),
            translate("Report", "The child's message"),
            translate("Report", "Now"),
        ),
        rows,
    )
    unblocked = any(e.detail.get("state") not in ("blocked",) for e in reported)
    intro = (
        translate(
            "Report",
            "The child found these sites disturbing or harmful and told you. To block one, open "
            "Guardian on this computer: Parent settings → Requests, and choose Block it.",
        )
        if unblocked
        else ""
    )
    return Section(
        "reports",
        translate("Report", "Sites reported by the child"),
        intro=intro,
        tables=(table,) if rows else (),
        empty=translate("Report", "The child reported no site this week."),
    )


def _previous(summary: WeekSummary) -> Section:
    title = translate("Report", "Compared with last week")
    before = summary.previous
    if before is None:
        return Section(
            "previous", title, empty=translate("Report", "There is no record of last week.")
        )
    blocked_sites = summary.sites.blocked if summary.sites is not None else 0
    launches = blocked_launches(summary)
    rows = (
        (
            translate("Report", "Screen time"),
            duration(summary.total),
            duration(before.seconds),
            texts.change(summary.total - before.seconds),
        ),
        (
            translate("Report", "Apps closed"),
            texts.number(launches),
            texts.number(before.blocked_apps),
            texts.count_change(launches, before.blocked_apps),
        ),
        (
            translate("Report", "Sites blocked"),
            texts.number(blocked_sites),
            texts.number(before.blocked_sites),
            texts.count_change(blocked_sites, before.blocked_sites),
        ),
        (
            translate("Report", "Bonus time"),
            duration(summary.bonus),
            duration(before.bonus),
            texts.change(summary.bonus - before.bonus),
        ),
    )
    columns = (
        "",
        translate("Report", "This week"),
        fill(translate("Report", "Last week (%1)"), before.week),
        translate("Report", "Change"),
    )
    return Section("previous", title, tables=(Table(columns, rows, frozenset({1, 2, 3})),))
