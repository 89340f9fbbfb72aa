"""Requests, their answers and the sites a child reported, as the HTML and PDF summaries say
them: every kind of request, who answered and how, outside hours, and where to block a site."""

from __future__ import annotations

import msgspec

from guardian.reports import content
from guardian.reports.collect import request_detail
from guardian.reports.html import render_html
from guardian.reports.model import Event, Events, WeekSummary
from tests.guardian.reports.summaries import empty
from tests.guardian.reports.test_html import Page


def _row(
    at: str, account: str, request: dict[str, object], answer: dict[str, object] | None
) -> Event:
    return Event(at, "request", account, request_detail(request, answer, granted=False))  # type: ignore[arg-type]


def week(language: str = "en") -> WeekSummary:
    """A week with a time request approved by code, an access request declined, an app asked
    for, and two reported sites, one already blocked."""
    rows = (
        _row(
            "2026-12-01T18:00:00+03:00",
            "kid",
            {"id": "H7KM", "request_kind": "time", "minutes": 30, "note": "homework"},
            {"state": "approved", "given_minutes": 20, "outside_hours": True, "by": "code"},
        ),
        _row(
            "2026-12-01T19:00:00+03:00",
            "kid",
            {"id": "A1", "request_kind": "access", "target": "site:games.example", "note": ""},
            {"state": "declined", "by": "parent", "message": "after school"},
        ),
        _row(
            "2026-12-01T19:30:00+03:00",
            "kid",
            {
                "id": "A2",
                "request_kind": "access",
                "target": "app:minecraft",
                "target_name": "Minecraft",
            },
            None,
        ),
        _row(
            "2026-12-02T10:00:00+03:00",
            "kid",
            {
                "id": "R1",
                "request_kind": "report",
                "target": "site:scary.example",
                "note": "it scared me",
            },
            None,
        ),
        _row(
            "2026-12-02T11:00:00+03:00",
            "kid",
            {"id": "R2", "request_kind": "report", "target": "site:bad.example"},
            {"state": "blocked", "by": "parent"},
        ),
    )
    grant = Event(
        "2026-12-01T18:01:00+03:00",
        "grant",
        "kid",
        {"minutes": 20, "outside_hours": True, "request_id": "H7KM"},
    )
    return msgspec.structs.replace(
        empty(),
        language=language,
        requests=Events(rows, 0),
        grants=Events((grant,), 0),
    )


def _section(report: content.Report, key: str) -> content.Section:
    return next(s for s in report.sections if s.key == key)


def test_requests_and_their_answers() -> None:
    report = content.build(week())
    (table,) = _section(report, "requests").tables
    said = [(row[2], row[3]) for row in table.rows]
    assert said == [
        (
            "Request for 30 min more: “homework”",
            "Approved: 20 min, also outside the allowed hours "
            "(with a code from the parent's phone)",
        ),
        (
            "Request to open the site games.example",
            "Declined (with the parent password): “after school”",
        ),
        ("Request to use Minecraft", "Not answered"),
    ]
    (grants,) = _section(report, "grants").tables
    assert grants.rows[0][2] == "20 min of bonus time given, also outside the allowed hours"


def test_reported_sites_with_their_state_and_where_to_block_them() -> None:
    report = content.build(week())
    section = _section(report, "reports")
    assert section.title == "Sites reported by the child"
    (table,) = section.tables
    assert [(r[2], r[3], r[4]) for r in table.rows] == [
        ("scary.example", "it scared me", "Not answered"),
        ("bad.example", "", "Site blocked for this profile (with the parent password)"),
    ]
    assert "Parent settings → Requests" in section.intro
    words = Page(render_html(week())).words()
    assert "Sites reported by the child" in words and "scary.example" in words
    assert "Parent settings → Requests" in words


def test_no_reports_says_so_and_gives_no_advice() -> None:
    summary = msgspec.structs.replace(week(), requests=Events(week().requests.rows[:1], 0))
    section = _section(content.build(summary), "reports")
    assert section.tables == () and section.intro == ""
    assert section.empty == "The child reported no site this week."


def test_in_russian() -> None:
    report = content.build(week("ru"))
    reports = _section(report, "reports")
    assert reports.title == "Сайты, о которых рассказал ребёнок"
    (table,) = _section(report, "requests").tables
    assert table.rows[0][3].startswith("Одобрено: 20 мин")
    assert "Родительские настройки → Запросы" in reports.intro


def test_the_csv_events_carry_states_answers_and_outside_hours() -> None:
    from guardian.reports.csv_tables import render_csv
    from tests.guardian.reports.test_csv import read

    events = read(render_csv(week())["events"])
    details = {r["detail"] for r in events if r["group"] == "requests"}
    assert any("kind=report" in d and "state=blocked" in d for d in details)
    assert any("by=code" in d and "outside_hours=true" in d for d in details)
    (grant,) = [r for r in events if r["group"] == "grants"]
    assert "outside_hours=true" in grant["detail"] and "request_id=H7KM" in grant["detail"]
