"""A child's "My week": the Activity window reading the child's own week (`reports.mine`, no
password, no token), without the parent's controls, in words addressed to the child; the tray's
menu entry and the status window's button for a restricted account only; kind failures; and the
real service giving each account only its own profile's week."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import msgspec
import pytest
from PySide6.QtWidgets import QComboBox, QMenu, QPushButton
from pytestqt.qtbot import QtBot

from guardian.api import ApiError, InvalidRequest
from guardian.paths import DataPaths
from guardian.service import GuardianService, LocalApi, ServiceOptions
from rules.model import Profile, from_data
from tests.guardian.conftest import kid_policy
from tests.helpers.fake_api import FakeApi
from tests.helpers.fakes import FakeClock, FakeSessions, fake_platform
from tests.ui import report_samples
from tests.ui.report_samples import DAY_MINUTES, MONDAY
from tests.ui.test_activity import bar_values, speak
from ui.activity_page import ActivityWindow, OwnWeeks
from ui.tray import TrayAgent

TODAY = date(2026, 12, 1)
"""A Tuesday of the sample week 2026-W49: 120 minutes used of 120 and 15 bonus minutes."""


@pytest.fixture(params=["en", "ru"])
def language(request: pytest.FixtureRequest) -> Iterator[str]:
    """Each test in English and in Russian (the conftest removes the translator after)."""
    speak(request.param)
    yield request.param


class OwnWeek:
    """The service's `reports.mine`: the caller's week by name (the current one for None),
    with every call's parameters kept."""

    def __init__(self) -> None:
        self.asked: list[dict[str, Any]] = []

    def __call__(self, params: dict[str, Any]) -> Any:
        self.asked.append(dict(params))
        week = params["week"]
        start = MONDAY if week is None else date.fromisocalendar(int(week[:4]), int(week[6:]), 1)
        return report_samples.as_data(report_samples.week(start))


@pytest.fixture
def own_week(api: FakeApi) -> OwnWeek:
    handler = OwnWeek()
    api.handlers["reports.mine"] = handler
    return handler


def open_my_week(qtbot: QtBot, api: Any, today: date = TODAY) -> ActivityWindow:
    window = ActivityWindow(OwnWeeks(api), today=lambda _summary: today)
    qtbot.addWidget(window)
    window.start()
    window.show()
    return window


def tab_titles(window: ActivityWindow) -> list[str]:
    return [window.tabs.tabText(i) for i in range(window.tabs.count())]


def menu_texts(agent: TrayAgent) -> list[str]:
    menu = QMenu()
    agent.fill_menu(menu)
    texts = [action.text() for action in menu.actions()]
    menu.deleteLater()
    return texts


def test_my_week_asks_for_the_own_week_by_name_and_never_with_a_token(
    qtbot: QtBot, api: FakeApi, own_week: OwnWeek, language: str
) -> None:
    window = open_my_week(qtbot, api)
    assert window.own
    assert window.windowTitle() == {"en": "My week", "ru": "Моя неделя"}[language]
    assert own_week.asked == [{"week": None}]
    window.previous_button.click()
    window.previous_button.click()
    window.next_button.click()
    window.next_button.click()
    assert [asked["week"] for asked in own_week.asked] == [
        None,
        "2026-W48",
        "2026-W47",
        "2026-W48",
        None,
    ]
    assert not window.next_button.isEnabled() and not window.current_button.isEnabled()
    window.previous_button.click()
    window.current_button.click()
    assert own_week.asked[-1] == {"week": None}
    assert {method for method, _ in api.calls} == {"reports.mine"}
    assert all("token" not in params for _, params in api.calls)
    assert not api.tokens  # nobody logged in
    assert window.summary is not None and window.summary.week == "2026-W49"


def test_my_week_has_none_of_the_parents_controls(
    qtbot: QtBot, api: FakeApi, own_week: OwnWeek, language: str
) -> None:
    window = open_my_week(qtbot, api)
    assert window.profile_box is None and not window.findChildren(QComboBox)
    assert window.log_button is None and window.open_event_log() is None
    assert window.export_buttons == {}
    assert window.tamper_table is None and window.changes_table is None
    assert (
        tab_titles(window)
        == {
            "en": [
                "Charts",
                "Blocked sites",
                "Blocked apps",
                "Requests and bonus time",
                "Sites you told us about",
            ],
            "ru": [
                "Графики",
                "Заблокированные сайты",
                "Закрытые приложения",
                "Просьбы и дополнительное время",
                "Сайты, о которых ты рассказал",
            ],
        }[language]
    )
    buttons = {b.text() for b in window.findChildren(QPushButton) if b.isVisibleTo(window)}
    parent_words = {"Event log…", "Журнал событий…", "PDF…", "All four…", "Open the folder"}
    assert not buttons & parent_words
    assert not window.export_result.isVisibleTo(window)
    # A child's window saves nothing, even when asked to.
    assert window.start_export(["json"], Path("/nonexistent")) is None


def test_my_week_shows_the_charts_today_and_the_tables(
    qtbot: QtBot, api: FakeApi, own_week: OwnWeek, language: str
) -> None:
    window = open_my_week(qtbot, api)
    assert window.body.currentIndex() == 1
    assert bar_values(window.charts()["days"]) == list(DAY_MINUTES)
    assert len(bar_values(window.charts()["hours"])) == 24
    if language == "en":
        assert window.today_label.text() == "Today: 2 h of 2 h 15 min used."
        assert window.week_total_label.text() == (
            "This week: 10 h 35 min. Extra time you were given: 15 min. The week is not over yet."
        )
        assert window.change_label.text() == "1 h more than the week before (9 h 35 min)."
    else:
        assert window.today_label.text() == "Сегодня: использовано 2 ч из 2 ч 15 мин."
        assert window.week_total_label.text() == (
            "За неделю: 10 ч 35 мин. Тебе дали дополнительное время: 15 мин. "
            "Неделя ещё не закончилась."
        )
    assert "Anna" not in window.week_total_label.text()
    sites = window.sites_table
    assert [sites.item(r, 0).text() for r in range(sites.rowCount())] == [
        "casino.example",
        "games.example",
    ]
    assert window.apps_table.rowCount() == 1 and window.apps_table.item(0, 2).text() == "Minecraft"
    assert window.requests_table.rowCount() == 2
    given = {"en": "Gave 15 min more", "ru": "Дано ещё 15 мин"}[language]
    assert window.requests_table.item(1, 1).text() == given


def test_a_weekly_limit_and_an_empty_week_are_told_to_the_child(
    qtbot: QtBot, api: FakeApi, language: str
) -> None:
    summary = report_samples.week(weekly_budget=15 * 3600.0)
    api.handlers["reports.mine"] = lambda _params: report_samples.as_data(summary)
    window = open_my_week(qtbot, api)
    weekly = {
        "en": "This week: 10 h 35 min of your 15 h for the week.",
        "ru": "За неделю: 10 ч 35 мин из твоих 15 ч на неделю.",
    }[language]
    assert window.week_total_label.text().startswith(weekly)

    quiet = msgspec.structs.replace(
        summary,
        days=tuple(
            msgspec.structs.replace(d, seconds=0.0, hours=(0.0,) * 24, bonus=0.0)
            for d in summary.days
        ),
        apps=(),
        categories=(),
        blocked_apps=msgspec.structs.replace(summary.blocked_apps, rows=()),
        requests=msgspec.structs.replace(summary.requests, rows=()),
        tamper=msgspec.structs.replace(summary.tamper, rows=()),
    )
    api.handlers["reports.mine"] = lambda _params: report_samples.as_data(quiet)
    window.show_week(None)
    assert (
        window.week_total_label.text()
        == {
            "en": "You had no screen time this week.",
            "ru": "На этой неделе времени за экраном не было.",
        }[language]
    )


def refuse(error: Exception) -> Any:
    def handler(_params: dict[str, Any]) -> Any:
        raise error

    return handler


KIND_FAILURES = {
    "down": (
        "Guardian is not running right now, so your week cannot be shown.",
        "Служба Guardian сейчас не запущена, поэтому твою неделю пока не показать.",
    ),
    "not restricted": (
        "Guardian keeps no week for this account, so there is nothing to show.",
        "Для этой учётной записи Guardian не ведёт учёт недели, поэтому показывать нечего.",
    ),
    "busy": (
        "Your week could not be read just now. Please try again in a moment.",
        "Сейчас не получилось прочитать твою неделю. Попробуй ещё раз чуть позже.",
    ),
    "bad data": (
        "Your week could not be read. Please try again later.",
        "Не получилось прочитать твою неделю. Попробуй ещё раз позже.",
    ),
}


@pytest.mark.parametrize("case", list(KIND_FAILURES))
def test_a_failure_reads_kindly(
    qtbot: QtBot, api: FakeApi, own_week: OwnWeek, language: str, case: str
) -> None:
    raw = "the account kid is not restricted by a profile"
    if case == "down":
        api.set_available(False)
    elif case == "not restricted":
        api.handlers["reports.mine"] = refuse(InvalidRequest(raw))
    elif case == "busy":
        api.handlers["reports.mine"] = refuse(ApiError(raw))
    else:
        api.handlers["reports.mine"] = lambda _params: {"kind": "week", "days": [raw]}
    window = open_my_week(qtbot, api)
    assert window.summary is None
    assert window.body.currentWidget() is window.message
    english, russian = KIND_FAILURES[case]
    assert window.message.text() == (english if language == "en" else russian)
    assert not window.previous_button.isEnabled()


def test_the_menu_offers_my_week_only_to_a_restricted_child(
    qtbot: QtBot, language: str, api: FakeApi, own_week: OwnWeek, agent: TrayAgent
) -> None:
    # The language comes first: the status window's buttons take their words when made.
    entry = {"en": "My week…", "ru": "Моя неделя…"}[language]
    assert entry in menu_texts(agent)
    button = agent.status_window.findChild(QPushButton, "status-my-week")
    assert button is not None and button.text() == entry and button.isVisible()

    api.set_status(restricted=False, profile_id=None, profile_name=None)
    assert entry not in menu_texts(agent)
    assert not button.isVisible()

    api.set_status(restricted=True, profile_id="child", profile_name="Child")
    assert entry in menu_texts(agent) and button.isVisible()


def test_my_week_opens_without_a_password_one_window_at_a_time(
    qtbot: QtBot, api: FakeApi, agent: TrayAgent, own_week: OwnWeek
) -> None:
    menu = QMenu()
    agent.fill_menu(menu)
    action = next(a for a in menu.actions() if a.text() == "My week…")
    action.trigger()  # a password dialog would block here: there is none
    menu.deleteLater()
    window = agent.open_my_week()
    assert window.isVisible() and window.own and window.summary is not None
    assert own_week.asked == [{"week": None}]
    assert agent.open_my_week() is window
    assert not api.tokens
    window.close()
    qtbot.waitUntil(lambda: agent.open_my_week() is not window)
    again = agent.open_my_week()
    assert again.isVisible()
    button = agent.status_window.findChild(QPushButton, "status-my-week")
    assert button is not None
    button.click()
    assert agent.open_my_week() is again
    again.close()


# --- through the real service ------------------------------------------------------------------


@pytest.fixture
def service(tmp_path: Path) -> Iterator[tuple[GuardianService, FakeClock]]:
    """A service with Kid (the fake session's account) and Teen, and 10 minutes of Kid's use on
    Monday 2026-11-30 from 12:00 Moscow time."""
    clock = FakeClock()
    clock.set_wall(datetime(2026, 11, 30, 9, 0, tzinfo=UTC))
    made = GuardianService(
        DataPaths(tmp_path / "config", tmp_path / "state"),
        fake_platform(),
        clock,
        ServiceOptions(standalone=False),
        default_timezone="Europe/Moscow",
    )
    base = kid_policy()
    teen = from_data(Profile, {"id": "teen", "name": "Teen", "accounts": ["teen"]})
    made.replace_policy(msgspec.structs.replace(base, profiles=(*base.profiles, teen)))
    end = clock.now() + timedelta(minutes=10)
    while clock.now() < end:
        clock.advance(2.0)
        made.tick()
    yield made, clock
    made.close()


def test_the_real_service_gives_each_child_only_their_own_week(
    qtbot: QtBot, service: tuple[GuardianService, FakeClock]
) -> None:
    real, _clock = service
    sessions = real.platform.sessions
    assert isinstance(sessions, FakeSessions) and sessions.session.user == "kid"

    kid = open_my_week(qtbot, LocalApi(real, "kid"), today=MONDAY)
    assert kid.summary is not None
    assert (kid.summary.profile.id, kid.summary.week) == ("kid", "2026-W49")
    assert kid.summary.total == pytest.approx(600, abs=2.0)
    assert kid.today_label.text() == "Today: 10 min of 2 h used."
    kid.previous_button.click()
    assert kid.summary is not None
    assert (kid.summary.profile.id, kid.summary.week) == ("kid", "2026-W48")

    teen = open_my_week(qtbot, LocalApi(real, "teen"), today=MONDAY)
    assert teen.summary is not None
    assert (teen.summary.profile.id, teen.summary.profile.name) == ("teen", "Teen")
    assert teen.summary.total == 0
    assert teen.week_total_label.text() == "You had no screen time this week."

    parent = open_my_week(qtbot, LocalApi(real, "parent"), today=MONDAY)
    assert parent.summary is None
    assert parent.message.text() == (
        "Guardian keeps no week for this account, so there is nothing to show."
    )
    # The status the tray reads says the same: a profile for Kid, none for the parent.
    assert real.status("kid").profile_id == "kid"
    assert real.status("parent").profile_id is None
