"""The CSV tables: UTF-8 with BOM, RFC 4180, one row per day, hour, app, site and event."""

from __future__ import annotations

import csv
import io

import msgspec
import pytest

from guardian.reports.csv_tables import TABLES, detail_text, render_csv, site_count
from guardian.reports.model import WeekSummary
from tests.guardian.reports import summaries
from tests.guardian.reports.summaries import SAMPLES

BOM = b"\xef\xbb\xbf"


def read(data: bytes) -> list[dict[str, str]]:
    """A table read back as a spreadsheet would: BOM first, then RFC 4180 rows."""
    assert data.startswith(BOM)
    text = data[len(BOM) :].decode("utf-8")
    assert "\n" not in text.replace("\r\n", "")  # every line ends CRLF (none inside fields here)
    return list(csv.DictReader(io.StringIO(text, newline="")))


@pytest.mark.parametrize("name", SAMPLES)
def test_each_table_has_one_row_per_thing(name: str) -> None:
    summary: WeekSummary = SAMPLES[name]()
    tables = render_csv(summary)
    assert list(tables) == list(TABLES)
    rows = {table: read(data) for table, data in tables.items()}
    assert len(rows["days"]) == 7
    assert len(rows["hours"]) == 7 * 24
    assert len(rows["apps"]) == len(summary.apps) + len(summary.categories)
    assert len(rows["sites"]) == site_count(summary)
    groups = (summary.blocked_apps, summary.requests, summary.grants, summary.tamper)
    assert len(rows["events"]) == sum(len(g.rows) for g in (*groups, summary.changes))
    for table in rows.values():
        for row in table:
            assert row["machine"] == summary.machine
            assert row["profile"] == summary.profile.id
            assert row["week"] == summary.week
    # Whole seconds: each day's hours add up to the day (within rounding of 24 hours).
    for day in rows["days"]:
        hours = [int(h["seconds"]) for h in rows["hours"] if h["day"] == day["day"]]
        assert len(hours) == 24
        assert abs(sum(hours) - int(day["seconds"])) <= 12


def test_columns_are_stable_snake_case_names() -> None:
    tables = render_csv(summaries.light())
    heads = {
        name: next(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
        for name, data in tables.items()
    }
    assert heads == {
        "days": [
            "machine",
            "profile",
            "week",
            "day",
            "counted",
            "seconds",
            "budget_seconds",
            "bonus_seconds",
            "rest_of_day",
        ],
        "hours": ["machine", "profile", "week", "day", "hour", "seconds"],
        "apps": [
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
        ],
        "sites": [
            "machine",
            "profile",
            "week",
            "site",
            "allowed",
            "blocked",
            "rule",
            "top_rank",
            "blocked_rank",
        ],
        "events": ["machine", "profile", "week", "group", "at", "kind", "account", "detail"],
    }


def test_values_are_plain_numbers_and_words() -> None:
    summary = summaries.light()
    tables = {name: read(data) for name, data in render_csv(summary).items()}
    monday = tables["days"][0]
    assert monday["day"] == "2026-11-23"
    assert monday["counted"] == "true" and monday["rest_of_day"] == "false"
    assert monday["seconds"] == str(round(summary.days[0].seconds))
    assert monday["budget_seconds"] == "7200"
    assert tables["days"][2]["rest_of_day"] == "true"
    assert tables["days"][6]["counted"] == "false"
    minecraft = tables["apps"][0]
    assert (minecraft["kind"], minecraft["id"], minecraft["name"]) == (
        "app",
        "minecraft",
        "Minecraft",
    )
    assert minecraft["budget_seconds"] == "3600" and minecraft["blocked"] == "2"
    assert tables["apps"][1]["budget_seconds"] == ""  # no limit
    games = next(r for r in tables["apps"] if r["kind"] == "category")
    assert (games["id"], games["blocked"]) == ("games", "")
    casino = next(r for r in tables["sites"] if r["site"] == "casino.example")
    assert casino == casino | {
        "blocked": "30",
        "rule": "category:gambling",
        "top_rank": "3",
        "blocked_rank": "1",
    }
    wiki = next(r for r in tables["sites"] if r["site"] == "wikipedia.org")
    assert wiki["blocked_rank"] == "" and wiki["top_rank"] == "1"
    request = next(r for r in tables["events"] if r["group"] == "requests")
    assert request["kind"] == "request" and request["account"] == "alice"
    assert request["at"].startswith("2026-11-23T08:00:00")
    assert request["detail"] == (
        'minutes=30; note="=HYPERLINK(\\"http://evil.example\\") <b>please</b>"'
    )


def test_cyrillic_survives_the_round_trip() -> None:
    tables = {name: read(data) for name, data in render_csv(summaries.russian()).items()}
    assert {r["name"] for r in tables["apps"] if r["kind"] == "app"} == {
        "Майнкрафт",
        "Яндекс Браузер",
        "Тетрис «Классика»",
    }
    assert {r["site"] for r in tables["sites"]} == {
        "пример.рф",
        "xn--e1afmkfd.xn--p1ai",
        "казино.рф",
    }
    assert tables["days"][0]["machine"] == "Компьютер-Маши"
    assert "note=Можно ещё полчаса? Доделаю проект" in tables["events"][4]["detail"]


def test_text_a_spreadsheet_would_run_is_kept_as_text() -> None:
    summary = msgspec.structs.replace(
        summaries.light(), machine="=cmd|' /C calc'!A0", profile=summaries.light().profile
    )
    days = read(render_csv(summary)["days"])
    assert days[0]["machine"] == "'=cmd|' /C calc'!A0"
    assert days[0]["seconds"].isdigit()


def test_event_details_quote_values_that_would_be_ambiguous() -> None:
    assert detail_text({"b": True, "a": None, "c": 1.5}) == "a=; b=true; c=1.5"
    assert detail_text({"note": "x; y=z"}) == 'note="x; y=z"'
    assert detail_text({"note": " padded"}) == 'note=" padded"'


def test_heavy_tables_keep_every_capped_row() -> None:
    summary = summaries.heavy()
    tables = {name: read(data) for name, data in render_csv(summary).items()}
    assert len(tables["apps"]) == 100 + 7
    assert len(tables["sites"]) == 1000
    assert len(tables["events"]) == 500 + 500 + 400 + 500 + 300
    assert {r["group"] for r in tables["events"]} == {
        "blocked_apps",
        "requests",
        "grants",
        "tamper",
        "changes",
    }


def test_no_sites_table_rows_when_site_rules_were_off() -> None:
    summary = summaries.year_boundary()
    assert summary.sites is None
    assert read(render_csv(summary)["sites"]) == []
