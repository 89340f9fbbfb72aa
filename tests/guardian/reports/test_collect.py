"""A profile's week collected from a real state database: seeded weeks of every shape."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from guardian.ledger import OTHER_SITE, SCHEMA_VERSION, SITES_KEPT, LedgerError, UsageLedger
from guardian.reports.collect import collect_week, current_week_start, open_readonly
from guardian.reports.model import (
    MAX_ROWS,
    SummaryError,
    decode_week,
    encode,
    week_containing,
    week_start,
)
from guardian.service import prune_ledger
from tests.guardian.conftest import MAKE
from tests.guardian.reports.seed import WEEK_OF_NOV_30, WeekSeeder, heavy_week, open_ledger, policy
from tests.helpers.fakes import FakeClock

HOUR = 3600.0


@pytest.fixture
def ledger(tmp_path: Path) -> Iterator[UsageLedger]:
    ledger = open_ledger(tmp_path / "state")
    yield ledger
    ledger.close()


@pytest.fixture
def seeder(ledger: UsageLedger) -> WeekSeeder:
    return WeekSeeder(ledger)


# --- weeks of every size ------------------------------------------------------------------------


def test_an_empty_week_has_seven_days_of_nothing(seeder: WeekSeeder) -> None:
    summary = seeder.summary(policy(), WEEK_OF_NOV_30)
    assert summary.week == "2026-W49"
    assert (summary.first_day, summary.last_day) == (date(2026, 11, 30), date(2026, 12, 6))
    assert [d.day for d in summary.days] == [WEEK_OF_NOV_30 + timedelta(days=n) for n in range(7)]
    assert summary.total == 0 and summary.bonus == 0
    assert all(d.hours == (0.0,) * 24 and d.counted for d in summary.days)
    assert summary.complete
    assert summary.accounts == () and summary.apps == ()
    # The 12+ preset filters sites, so the (empty) site part is there.
    assert summary.sites is not None and summary.sites.sites == 0
    assert summary.blocked_apps.rows == () and summary.blocked_apps.more == 0
    assert summary.previous is None
    assert summary.profile.id == "kid" and summary.profile.preset == "12+"
    assert summary.timezone == "Europe/Moscow" and summary.language == "en"
    assert summary.machine == "pc-1" and summary.guardian_version == "test"


def test_no_site_part_without_site_rules_or_lookups(seeder: WeekSeeder) -> None:
    off = policy(sites={"filter": False})
    assert seeder.summary(off, WEEK_OF_NOV_30).sites is None
    seeder.sites(WEEK_OF_NOV_30, [("example.org", "", 3, 0)])
    found = seeder.summary(off, WEEK_OF_NOV_30).sites
    assert found is not None and found.allowed == 3


def test_a_light_week(seeder: WeekSeeder) -> None:
    tuesday = WEEK_OF_NOV_30 + timedelta(days=1)
    seeder.use(seeder.local(tuesday, 16, 30), 90, apps=["minecraft"], categories=["games"])
    seeder.use(seeder.local(tuesday, 19), 20, account="kid2", apps=["tux-paint"])
    seeder.block_app(seeder.local(tuesday, 17), "roblox", "RobloxPlayer")
    seeder.request(seeder.local(tuesday, 18), 30, "homework done")
    seeder.grant(seeder.local(tuesday, 18, 5), 30)
    seeder.request(seeder.local(tuesday, 21), 15)
    summary = seeder.summary(policy(), WEEK_OF_NOV_30)

    day = summary.days[1]
    assert day.seconds == 110 * 60
    assert day.hours[16] == 30 * 60 and day.hours[17] == 60 * 60 and day.hours[19] == 20 * 60
    assert sum(day.hours) == day.seconds
    assert day.bonus == 30 * 60 and not day.rest_of_day
    assert summary.total == 110 * 60
    assert [(a.account, a.seconds) for a in summary.accounts] == [("kid", 5400.0), ("kid2", 1200.0)]
    assert summary.accounts[0].days[1] == 5400.0 and sum(summary.accounts[0].days) == 5400.0

    apps = {a.app: a for a in summary.apps}
    assert apps["minecraft"].name == "Minecraft" and apps["minecraft"].category == "games"
    assert apps["minecraft"].seconds == 90 * 60
    assert apps["roblox"].seconds == 0 and apps["roblox"].blocked == 1
    assert summary.apps[0].app == "minecraft"
    assert [(c.category, c.seconds) for c in summary.categories] == [("games", 5400.0)]

    blocked = summary.blocked_apps.rows
    assert [(e.kind, e.account, e.detail["app"]) for e in blocked] == [
        ("app_blocked", "kid", "roblox")
    ]
    assert blocked[0].at == "2026-12-01T17:00:00+03:00"
    assert [r.detail["answered"] for r in summary.requests.rows] == [True, False]
    assert summary.requests.rows[0].detail["note"] == "homework done"
    assert [g.detail["minutes"] for g in summary.grants.rows] == [30]


def test_closed_apps_and_bonus_time_are_read_from_the_ledger_once(seeder: WeekSeeder) -> None:
    """The apps table and the list of closed apps share one read, as do the requests (which
    ones bonus time followed) and the list of bonus time."""
    tuesday = WEEK_OF_NOV_30 + timedelta(days=1)
    seeder.block_app(seeder.local(tuesday, 17), "roblox", "RobloxPlayer")
    seeder.block_app(seeder.local(tuesday, 17, 5), "roblox", "RobloxPlayer")
    seeder.request(seeder.local(tuesday, 18), 30, "homework done")
    seeder.grant(seeder.local(tuesday, 18, 5), 30)
    seeder.ledger.flush()
    statements: list[str] = []
    seeder.ledger.connection().set_trace_callback(statements.append)
    try:
        summary = seeder.summary(policy(), WEEK_OF_NOV_30)
    finally:
        seeder.ledger.connection().set_trace_callback(None)

    start, end = (seeder.local(WEEK_OF_NOV_30 + timedelta(days=n), 0) for n in (0, 7))
    week = (
        f"at >= '{start.astimezone(UTC).isoformat()}'",
        f"at < '{end.astimezone(UTC).isoformat()}'",
    )
    this_week = [s for s in statements if "FROM events" in s and all(w in s for w in week)]
    assert sum("'app_blocked'" in s for s in this_week) == 1
    assert sum("'grant'" in s for s in this_week) == 1
    assert {a.app: a.blocked for a in summary.apps}["roblox"] == 2
    assert len(summary.blocked_apps.rows) == 2
    assert [r.detail["answered"] for r in summary.requests.rows] == [True]
    assert [g.detail["minutes"] for g in summary.grants.rows] == [30]


def test_a_heavy_week_is_capped_with_counts_of_the_rest(seeder: WeekSeeder) -> None:
    heavy_week(seeder, WEEK_OF_NOV_30)
    # More apps than a summary lists: a minute in each of 520 others on Monday.
    for n in range(520):
        seeder.ledger.credit(f"kid/extra{n:03d}", WEEK_OF_NOV_30, 60.0)
    summary = seeder.summary(policy(), WEEK_OF_NOV_30)

    assert summary.total == 7 * 8 * HOUR
    assert all(d.hours[14:22] == (HOUR,) * 8 for d in summary.days)
    assert {a.account for a in summary.accounts} == {"kid", "kid2"}
    assert sum(a.seconds for a in summary.accounts) == summary.total
    assert len(summary.apps) == MAX_ROWS
    assert summary.apps[0].seconds > summary.apps[-1].seconds
    assert summary.blocked_apps.more == 700 - MAX_ROWS
    assert len(summary.blocked_apps.rows) == MAX_ROWS
    rows = summary.blocked_apps.rows
    assert rows[0].at < rows[-1].at  # oldest first

    sites = summary.sites
    assert sites is not None
    assert sites.sites == 500 and len(sites.top) == MAX_ROWS and sites.more == 0
    assert sites.top[0].site == "site499.example" and sites.top[0].allowed == 7 * 500
    assert sites.blocked == 7 * 50 * 2
    assert len(sites.blocked_sites) == 50
    assert all(s.rule == "games" and s.blocked == 14 for s in sites.blocked_sites)
    assert all(s.rule == "" for s in sites.top if s.blocked == 0)
    # The summary of a heavy week makes a JSON file the model reads back unchanged.
    assert decode_week(encode(summary)) == summary


def test_a_site_blocked_by_one_rule_and_allowed_otherwise(seeder: WeekSeeder) -> None:
    seeder.sites(WEEK_OF_NOV_30, [("video.example", "", 40, 0), ("ads.example", "ads", 0, 3)])
    seeder.sites(
        WEEK_OF_NOV_30 + timedelta(days=1),
        [("video.example", "schedule", 0, 5), ("video.example", "adult", 0, 2)],
    )
    sites = seeder.summary(policy(), WEEK_OF_NOV_30).sites
    assert sites is not None
    assert (sites.allowed, sites.blocked, sites.sites) == (40, 10, 2)
    assert [(s.site, s.allowed, s.blocked, s.rule) for s in sites.top] == [
        ("video.example", 40, 7, "schedule"),
        ("ads.example", 0, 3, "ads"),
    ]
    assert [s.site for s in sites.blocked_sites] == ["video.example", "ads.example"]


def test_more_sites_than_a_summary_lists(seeder: WeekSeeder) -> None:
    rows = [(f"s{n}.example", "", n + 1, 0) for n in range(MAX_ROWS + 30)]
    seeder.sites(WEEK_OF_NOV_30, rows)
    sites = seeder.summary(policy(), WEEK_OF_NOV_30).sites
    assert sites is not None
    assert (sites.sites, len(sites.top), sites.more) == (MAX_ROWS + 30, MAX_ROWS, 30)
    assert sites.top[-1].allowed == 31


# --- days, hours and weeks on the policy's clock ---------------------------------------------


def test_a_week_when_clocks_go_back(ledger: UsageLedger) -> None:
    seeder = WeekSeeder(ledger, "Europe/Berlin")
    sunday = date(2026, 10, 25)  # 03:00 CEST becomes 02:00 CET
    seeder.use(seeder.local(sunday, 1, 30), 180)
    seeder.block_app(seeder.local(sunday, 2, 30, fold=1), "roblox", "roblox")
    berlin = policy(timezone="Europe/Berlin")
    summary = seeder.summary(berlin, date(2026, 10, 19))
    day = summary.days[6]
    assert day.day == sunday and day.seconds == 3 * HOUR
    assert day.hours[1] == 1800 and day.hours[2] == 2 * HOUR and day.hours[3] == 1800
    assert summary.blocked_apps.rows[0].at == "2026-10-25T02:30:00+01:00"


def test_a_week_when_clocks_go_forward(ledger: UsageLedger) -> None:
    seeder = WeekSeeder(ledger, "Europe/Berlin")
    sunday = date(2026, 3, 29)  # 02:00 CET becomes 03:00 CEST
    seeder.use(seeder.local(sunday, 1), 120)
    summary = seeder.summary(policy(timezone="Europe/Berlin"), date(2026, 3, 23))
    day = summary.days[6]
    assert day.seconds == 2 * HOUR
    assert (day.hours[1], day.hours[2], day.hours[3]) == (HOUR, 0.0, HOUR)


def test_events_fall_in_the_week_of_the_policy_zone(seeder: WeekSeeder) -> None:
    # Sunday 23:30 in Moscow is still Sunday there, though 20:30 UTC; Monday 00:30 is not.
    sunday = WEEK_OF_NOV_30 + timedelta(days=6)
    seeder.block_app(seeder.local(sunday, 23, 30), "roblox", "in")
    seeder.block_app(seeder.local(sunday + timedelta(days=1), 0, 30), "roblox", "out")
    seeder.block_app(seeder.local(WEEK_OF_NOV_30, 0, 10), "roblox", "first")
    names = [e.detail["name"] for e in seeder.summary(policy(), WEEK_OF_NOV_30).blocked_apps.rows]
    assert names == ["first", "in"]


def test_a_week_across_the_new_year(seeder: WeekSeeder) -> None:
    start = date(2026, 12, 28)
    assert week_start("2026-W53", 0) == start
    seeder.use(seeder.local(date(2026, 12, 31), 23), 120)  # past midnight into 2027
    seeder.block_app(seeder.local(date(2027, 1, 1), 0, 30), "roblox", "roblox")
    seeder.use(seeder.local(date(2026, 12, 21), 10), 30)  # the week before
    summary = seeder.summary(policy(), start)
    assert summary.week == "2026-W53"
    assert summary.last_day == date(2027, 1, 3)
    assert (summary.days[3].seconds, summary.days[4].seconds) == (HOUR, HOUR)
    assert summary.days[4].hours[0] == HOUR
    assert len(summary.blocked_apps.rows) == 1
    assert summary.previous is not None and summary.previous.week == "2026-W52"
    assert summary.previous.seconds == 1800
    assert seeder.summary(policy(), date(2027, 1, 4)).week == "2027-W01"


def test_weeks_starting_on_sunday(seeder: WeekSeeder) -> None:
    us = policy(week_starts="sun", daily_budget={"sun": 240, "mon": 60})
    wednesday = datetime(2026, 12, 2, 12, tzinfo=UTC)
    start = current_week_start(us, wednesday)
    assert start == date(2026, 11, 29) and start.weekday() == 6
    seeder.use(seeder.local(start, 10), 45)
    summary = seeder.summary(us, start, now=wednesday)
    assert summary.week == "2026-W49"  # named by the Monday within it
    assert summary.days[0].day == start and summary.days[0].seconds == 45 * 60
    assert summary.days[0].budget == 240 * 60 and summary.days[1].budget == 60 * 60
    assert summary.last_day == date(2026, 12, 5)
    assert current_week_start(policy(), wednesday) == WEEK_OF_NOV_30


def test_a_week_still_going(seeder: WeekSeeder) -> None:
    wednesday = seeder.local(WEEK_OF_NOV_30 + timedelta(days=2), 15)
    summary = seeder.summary(policy(), WEEK_OF_NOV_30, now=wednesday)
    assert not summary.complete
    assert [d.counted for d in summary.days] == [True, True, True, False, False, False, False]
    assert summary.generated_at == "2026-12-02T15:00:00+03:00"
    # Just after the week's last midnight it is complete.
    after = seeder.local(WEEK_OF_NOV_30 + timedelta(days=7), 0, 1)
    assert seeder.summary(policy(), WEEK_OF_NOV_30, now=after).complete


def test_current_week_in_the_policy_zone() -> None:
    # Sunday 22:00 UTC is already Monday in Moscow.
    late = datetime(2026, 12, 6, 22, tzinfo=UTC)
    assert current_week_start(policy(), late) == date(2026, 12, 7)
    assert current_week_start(policy(timezone="UTC"), late) == WEEK_OF_NOV_30


# --- budgets, names and languages ----------------------------------------------------------


def test_budgets_per_weekday_from_the_profile_and_its_preset(seeder: WeekSeeder) -> None:
    custom = policy(
        preset="6+",
        daily_budget={"mon": 60, "sat": "unlimited"},
        weekly_budget=600,
        category_budgets={"games": 45, "video": 30},
        apps=[{"app": "minecraft", "mode": "limited", "daily_minutes": 40}],
    )
    seeder.use(seeder.local(WEEK_OF_NOV_30, 10), 10, apps=["minecraft"], categories=["games"])
    summary = seeder.summary(custom, WEEK_OF_NOV_30)
    # Monday as set, Saturday unlimited, other weekdays and Sunday from the 6+ preset.
    assert [d.budget for d in summary.days] == [
        3600.0,
        5400.0,
        5400.0,
        5400.0,
        5400.0,
        None,
        7200.0,
    ]
    assert summary.weekly_budget == 600 * 60
    assert summary.apps[0].budget == 40 * 60
    assert [(c.category, c.seconds, c.budget) for c in summary.categories] == [
        ("games", 600.0, 2700.0),
        ("video", 0.0, 1800.0),
    ]
    assert policy(preset="18+").profiles[0].preset.value == "18+"
    adult = seeder.summary(policy(preset="18+", daily_budget={}), WEEK_OF_NOV_30)
    assert all(d.budget is None for d in adult.days) and adult.weekly_budget is None


def test_russian_names(seeder: WeekSeeder) -> None:
    russian = policy(
        name="Маша",
        accounts=["маша", "Миша"],
        language="ru",
        apps=[
            {
                "app": "uchi",
                "mode": "allowed",
                "name": "Учи.ру",
                "category": "education",
                "match": {"names": ["uchi"]},
            }
        ],
    )
    seeder.use(seeder.local(WEEK_OF_NOV_30, 9), 30, account="маша", apps=["uchi"])
    seeder.use(seeder.local(WEEK_OF_NOV_30, 11), 10, account="Миша")
    seeder.request(seeder.local(WEEK_OF_NOV_30, 12), 20, "можно ещё полчаса?", account="маша")
    summary = seeder.summary(russian, WEEK_OF_NOV_30)
    assert summary.language == "ru" and summary.profile.name == "Маша"
    assert [a.account for a in summary.accounts] == ["маша", "Миша"]
    assert [(a.name, a.category) for a in summary.apps] == [("Учи.ру", "education")]
    request = summary.requests.rows[0]
    assert request.account == "маша" and request.detail["note"] == "можно ещё полчаса?"
    assert decode_week(encode(summary)) == summary


def test_bonus_and_rest_of_day(seeder: WeekSeeder) -> None:
    friday = WEEK_OF_NOV_30 + timedelta(days=4)
    seeder.grant(seeder.local(friday, 10), 15)
    seeder.grant(seeder.local(friday, 18), 20)
    seeder.grant(seeder.local(friday, 20), None)
    summary = seeder.summary(policy(), WEEK_OF_NOV_30)
    assert summary.days[4].bonus == 35 * 60 and summary.days[4].rest_of_day
    assert not summary.days[3].rest_of_day
    assert summary.bonus == 35 * 60
    assert [g.detail["minutes"] for g in summary.grants.rows] == [15, 20, None]


# --- events ------------------------------------------------------------------------------------


def test_events_are_grouped_and_kept_to_the_profile(seeder: WeekSeeder) -> None:
    other = {"id": "teen", "name": "Teen", "accounts": ["teen"]}
    two = policy(others=[other])
    at = seeder.local(WEEK_OF_NOV_30 + timedelta(days=2), 12)
    seeder.event(at, "tamper", what="clock_jump", seconds=-7200.0, wall="2026-12-02T07:00:00")
    seeder.event(at, "tamper", what="tray_stopped", account="kid2")
    seeder.event(at, "tamper", what="tray_stopped", account="teen")
    seeder.event(at, "login_failed", account="kid", error="WrongPassword", failures=3)
    seeder.event(at, "login_failed", account="parent", error="WrongPassword", failures=1)
    seeder.event(at, "account_added", account="guest", restricted_by="kid")
    seeder.event(at, "policy_changed")
    seeder.event(at, "policy_file_changed", applied=False, problem="line 3: unknown key")
    seeder.event(at, "blocked", "kid", reasons=["outside_hours", "daily_budget_spent"])
    seeder.block_app(at, "roblox", "roblox", account="teen", profile="teen")
    seeder.event(at, "request", "teen", account="teen", minutes=10, note="")

    summary = seeder.summary(two, WEEK_OF_NOV_30)
    tamper = [(e.kind, e.account, e.detail.get("what")) for e in summary.tamper.rows]
    assert tamper == [
        ("tamper", None, "clock_jump"),
        ("tamper", "kid2", "tray_stopped"),
        ("login_failed", "kid", None),
        ("login_failed", "parent", None),
        ("account_added", "guest", None),
    ]
    assert summary.tamper.rows[0].detail["seconds"] == -7200.0
    assert [e.kind for e in summary.changes.rows] == ["policy_changed", "policy_file_changed"]
    assert summary.changes.rows[1].detail == {"applied": False, "problem": "line 3: unknown key"}
    assert summary.blocked_apps.rows == () and summary.requests.rows == ()

    teen = seeder.summary(two, WEEK_OF_NOV_30, profile="teen")
    assert [e.account for e in teen.tamper.rows if e.kind == "tamper"] == [None, "teen"]
    assert len(teen.blocked_apps.rows) == 1 and len(teen.requests.rows) == 1


def test_event_details_become_plain_values(seeder: WeekSeeder) -> None:
    at = seeder.local(WEEK_OF_NOV_30, 12)
    seeder.event(at, "tamper", what="odd", reasons=["a", "b"], nested={"x": [1, 2]})
    (event,) = seeder.summary(policy(), WEEK_OF_NOV_30).tamper.rows
    assert event.detail == {"what": "odd", "reasons": "a, b", "nested": '{"x":[1,2]}'}


# --- the week before ---------------------------------------------------------------------------


def test_the_previous_week_is_compared(seeder: WeekSeeder) -> None:
    before = WEEK_OF_NOV_30 - timedelta(days=7)
    seeder.use(seeder.local(before + timedelta(days=2), 10), 200)
    seeder.block_app(seeder.local(before + timedelta(days=3), 10), "roblox", "roblox")
    seeder.block_app(seeder.local(before + timedelta(days=3), 11), "roblox", "roblox")
    seeder.sites(before, [("bad.example", "adult", 0, 4), ("ok.example", "", 9, 0)])
    seeder.grant(seeder.local(before + timedelta(days=4), 10), 25)
    seeder.use(seeder.local(WEEK_OF_NOV_30, 10), 100)
    previous = seeder.summary(policy(), WEEK_OF_NOV_30).previous
    assert previous is not None
    assert previous.week == "2026-W48"
    assert previous.seconds == 200 * 60
    assert (previous.blocked_apps, previous.blocked_sites) == (2, 4)
    assert previous.bonus == 25 * 60


def test_no_comparison_before_the_ledger_begins(seeder: WeekSeeder) -> None:
    seeder.use(seeder.local(WEEK_OF_NOV_30, 10), 100)
    assert seeder.summary(policy(), WEEK_OF_NOV_30).previous is None
    # An idle week after a used one compares with it.
    later = WEEK_OF_NOV_30 + timedelta(days=14)
    previous = seeder.summary(policy(), later).previous
    assert previous is not None and previous.seconds == 0


# --- reading the database --------------------------------------------------------------------


def test_a_read_only_connection_reads_the_same_week(seeder: WeekSeeder, tmp_path: Path) -> None:
    heavy_week(seeder, WEEK_OF_NOV_30, apps=20)
    mine = seeder.summary(policy(), WEEK_OF_NOV_30)
    db = open_readonly(tmp_path / "state" / "state.db")
    try:
        read = collect_week(
            db,
            policy(),
            "kid",
            WEEK_OF_NOV_30,
            now=seeder.local(WEEK_OF_NOV_30 + timedelta(days=7), 12),
            machine="pc-1",
            version="test",
        )
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            db.execute("DELETE FROM usage")
    finally:
        db.close()
    assert read == mine


def test_opening_what_is_not_a_state_database(tmp_path: Path) -> None:
    with pytest.raises(LedgerError, match="no state database"):
        open_readonly(tmp_path / "missing.db")
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE notes (text TEXT)").connection.close()
    with pytest.raises(LedgerError, match="not a Guardian state database"):
        open_readonly(other)
    newer = tmp_path / "newer.db"
    db = sqlite3.connect(newer)
    db.execute("CREATE TABLE usage (profile TEXT)")
    db.execute(f"PRAGMA user_version={SCHEMA_VERSION + 1}")
    db.close()
    with pytest.raises(LedgerError, match="newer Guardian"):
        open_readonly(newer)
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(b"not sqlite at all" * 100)
    with pytest.raises(LedgerError, match=r"garbage\.db"):
        open_readonly(garbage)


def test_a_database_from_before_hours_were_kept(tmp_path: Path) -> None:
    # A state file a version-1 Guardian wrote has no `activity`: hours are zero, not an error.
    path = tmp_path / "old.db"
    db = sqlite3.connect(path)
    db.executescript(
        "CREATE TABLE usage (profile TEXT NOT NULL, day TEXT NOT NULL, seconds REAL NOT NULL, "
        "PRIMARY KEY (profile, day));"
        "CREATE TABLE grants (id INTEGER PRIMARY KEY, profile TEXT NOT NULL, day TEXT NOT NULL, "
        "granted_at TEXT NOT NULL, minutes INTEGER);"
        "CREATE TABLE events (id INTEGER PRIMARY KEY, at TEXT NOT NULL, profile TEXT, "
        "kind TEXT NOT NULL, data TEXT NOT NULL);"
        "CREATE TABLE sites (profile TEXT NOT NULL, day TEXT NOT NULL, site TEXT NOT NULL, "
        "rule TEXT NOT NULL, allowed INTEGER NOT NULL, blocked INTEGER NOT NULL, "
        "PRIMARY KEY (profile, day, site, rule));"
        "INSERT INTO usage VALUES ('kid', '2026-12-01', 1800.0);"
        "PRAGMA user_version=1;"
    )
    db.close()
    read = open_readonly(path)
    try:
        summary = collect_week(
            read,
            policy(),
            "kid",
            WEEK_OF_NOV_30,
            now=datetime(2026, 12, 10, tzinfo=UTC),
            machine="pc",
            version="test",
        )
    finally:
        read.close()
    assert summary.days[1].seconds == 1800 and summary.days[1].hours == (0.0,) * 24
    assert summary.accounts == ()


def test_unknown_profiles_and_naive_times_are_refused(seeder: WeekSeeder) -> None:
    db = seeder.ledger.connection()
    now = datetime(2026, 12, 10, tzinfo=UTC)
    with pytest.raises(SummaryError, match=r"no profile 'nobody'.*'kid'"):
        collect_week(db, policy(), "nobody", WEEK_OF_NOV_30, now=now, machine="m", version="v")
    with pytest.raises(SummaryError, match="time zone"):
        collect_week(
            db,
            policy(),
            "kid",
            WEEK_OF_NOV_30,
            now=datetime(2026, 12, 10),
            machine="m",
            version="v",
        )


def test_week_start_helpers_agree(seeder: WeekSeeder) -> None:
    assert week_containing(date(2026, 12, 3), 0) == WEEK_OF_NOV_30
    assert current_week_start(policy(), seeder.local(date(2026, 12, 3), 9)) == WEEK_OF_NOV_30


def test_old_weeks_keep_their_site_totals(seeder: WeekSeeder) -> None:
    old = WEEK_OF_NOV_30 - timedelta(weeks=12)
    seeder.sites(old, [(f"s{n}.example", "", n + 1, 0) for n in range(600)])
    seeder.ledger.flush()
    prune_ledger(seeder.ledger, WEEK_OF_NOV_30)
    sites = seeder.summary(policy(), old).sites
    assert sites is not None
    assert sites.allowed == sum(range(1, 601))
    assert sites.sites == SITES_KEPT + 1  # the busiest, and the rest as one row
    assert sites.top[0].site == OTHER_SITE and sites.top[0].allowed == sum(range(1, 501))
    assert {s.site for s in sites.top[1:]} == {f"s{n}.example" for n in range(500, 600)}


def test_a_week_the_service_counted(make_service: MAKE, clock: FakeClock) -> None:
    # Tuesday 10:00 to 10:30 Moscow time, ticked by the real service.
    clock.set_wall(datetime(2026, 12, 1, 7, 0, tzinfo=UTC))
    service = make_service(policy())
    for _ in range(900):
        clock.advance(2)
        service.tick()
    service.flush()
    summary = collect_week(
        service.ledger.connection(),
        service.store.policy,
        "kid",
        current_week_start(service.store.policy, clock.now()),
        now=clock.now(),
        machine="pc-1",
        version="test",
    )
    day = summary.days[1]
    assert day.seconds == pytest.approx(1800, abs=2)
    assert day.hours[10] == day.seconds and sum(day.hours) == day.seconds
    assert [(a.account, a.days[1]) for a in summary.accounts] == [("kid", day.seconds)]
    assert [d.counted for d in summary.days] == [True, True, False, False, False, False, False]
    assert [e.kind for e in summary.changes.rows] == ["policy_changed"]


# --- requests, answers and reports ---------------------------------------------------------


def _asked(seeder: WeekSeeder, at: datetime, **data: object) -> None:
    """A request as the requests feature logs it."""
    seeder.logged(at, "request", data)


def _answered(seeder: WeekSeeder, at: datetime, **data: object) -> None:
    """An answer as the requests feature logs it: the request's fields after the change."""
    seeder.logged(at, "request_answer", data)


def test_requests_carry_their_answers_and_reports_their_state(seeder: WeekSeeder) -> None:
    tuesday = WEEK_OF_NOV_30 + timedelta(days=1)
    time_ask = {
        "account": "kid",
        "id": "H7KM",
        "request_kind": "time",
        "minutes": 30,
        "note": "pls",
    }
    _asked(seeder, seeder.local(tuesday, 18), **time_ask, target=None, target_name=None)
    _answered(
        seeder,
        seeder.local(tuesday, 18, 2),
        **time_ask,
        state="approved",
        answered_at="2026-12-01T18:02:00+03:00",
        given_minutes=20,
        rest_of_day=False,
        outside_hours=True,
        message="only today",
        by="code",
    )
    seeder.event(
        seeder.local(tuesday, 18, 2), "grant", "kid", minutes=20, outside_hours=True, request="H7KM"
    )
    report = {"account": "kid", "id": "R2D2", "request_kind": "report", "minutes": None}
    _asked(seeder, seeder.local(tuesday, 19), **report, target="site:bad.example", note="scary")
    _asked(
        seeder,
        seeder.local(tuesday, 20),
        account="kid",
        id="A1B2",
        request_kind="access",
        target="app:minecraft",
        target_name="Minecraft",
        note="",
    )
    summary = seeder.summary(policy(), WEEK_OF_NOV_30)

    rows = {r.detail["id"]: r for r in summary.requests.rows}
    answered = rows["H7KM"].detail
    assert answered["state"] == "approved" and answered["answered"] is True
    assert (answered["given_minutes"], answered["outside_hours"], answered["by"]) == (
        20,
        True,
        "code",
    )
    assert answered["message"] == "only today" and answered["minutes"] == 30
    assert rows["R2D2"].detail["state"] == "open" and rows["R2D2"].detail["answered"] is False
    assert rows["R2D2"].detail["target"] == "site:bad.example"
    assert (
        rows["A1B2"].detail["kind"] == "access"
        and rows["A1B2"].detail["target_name"] == "Minecraft"
    )
    assert [r.detail["id"] for r in summary.requests.rows] == ["H7KM", "R2D2", "A1B2"]
    (grant,) = summary.grants.rows
    assert grant.account == "kid" and grant.detail["outside_hours"] is True
    assert decode_week(encode(summary)) == summary

    # A parent blocks the reported site later: the next summary says so.
    _answered(
        seeder,
        seeder.local(tuesday, 21),
        **report,
        target="site:bad.example",
        state="blocked",
        by="parent",
    )
    again = seeder.summary(policy(), WEEK_OF_NOV_30)
    assert {r.detail["id"]: r.detail["state"] for r in again.requests.rows}["R2D2"] == "blocked"


def test_an_answer_to_last_weeks_request_shows_in_the_week_it_came(seeder: WeekSeeder) -> None:
    sunday_before = WEEK_OF_NOV_30 - timedelta(days=1)
    ask = {"account": "kid", "id": "OLD1", "request_kind": "access", "target": "site:wiki.example"}
    _asked(seeder, seeder.local(sunday_before, 21), **ask)
    _answered(
        seeder,
        seeder.local(WEEK_OF_NOV_30, 8),
        **ask,
        state="declined",
        message="ask me at dinner",
        by="parent",
    )
    (row,) = seeder.summary(policy(), WEEK_OF_NOV_30).requests.rows
    assert row.at.startswith("2026-11-30T08:00") and row.account == "kid"
    assert row.detail["state"] == "declined" and row.detail["message"] == "ask me at dinner"
    assert row.detail["target"] == "site:wiki.example"


def test_old_requests_without_ids_read_as_before(seeder: WeekSeeder) -> None:
    tuesday = WEEK_OF_NOV_30 + timedelta(days=1)
    seeder.request(seeder.local(tuesday, 18), 30, "homework done")
    seeder.grant(seeder.local(tuesday, 18, 5), 30)
    seeder.request(seeder.local(tuesday, 21), 15)
    rows = seeder.summary(policy(), WEEK_OF_NOV_30).requests.rows
    assert [(r.detail["kind"], r.detail["state"], r.detail["id"]) for r in rows] == [
        ("time", "approved", None),
        ("time", "open", None),
    ]
