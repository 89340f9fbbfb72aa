"""The parent's Activity window: a profile's week from the service's summary, its charts,
tables and figures, week navigation, profile names, friendly failures and saving files."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import msgspec
import pytest
from PySide6.QtCore import QCoreApplication, QDate, QLocale, Qt, QTranslator
from pytestqt.qtbot import QtBot

from guardian.api import InvalidRequest, LoggedEvent
from guardian.reports.model import Event, WeekSummary
from rules.model import AgePreset, Policy, Profile
from tests.helpers.fake_api import FakeApi
from tests.helpers.modal import enter_password, when_modal
from tests.ui import report_samples
from tests.ui.report_samples import BUDGET_MINUTES, DAY_MINUTES, HOURLY, MONDAY
from ui.activity_page import TOP_APPS, ActivityWindow, _event_rows, chart_data
from ui.i18n import TRANSLATIONS_DIR
from ui.parent_session import ParentSession
from ui.password import PasswordDialog
from ui.tray import TrayAgent

CURRENT = "2026-W49"
TODAY = date(2026, 12, 1)
"""A Tuesday of the sample week: 120 minutes used of 120 and 15 bonus minutes."""


@pytest.fixture(params=["en", "ru"])
def language(request: pytest.FixtureRequest) -> Iterator[str]:
    """Each test in English and in Russian (the conftest removes the translator after)."""
    speak(request.param)
    yield request.param


def speak(language: str) -> None:
    """Install Guardian's translation (English has its plural forms), and Russia's formats."""
    translator = QTranslator(QCoreApplication.instance())
    if not translator.load(f"guardian_{language}", str(TRANSLATIONS_DIR)):
        pytest.skip("run `make translations` to build the .qm")
    QCoreApplication.installTranslator(translator)
    if language == "ru":
        QLocale.setDefault(QLocale(QLocale.Language.Russian, QLocale.Country.Russia))


def two_children() -> Policy:
    return Policy(
        timezone="Europe/Moscow",
        default_profile="anna",
        profiles=(
            Profile(id="anna", name="Anna", preset=AgePreset.AGE_12, accounts=("kid",)),
            Profile(id="max", name="Макс", preset=AgePreset.AGE_6),
        ),
    )


class Weeks:
    """The service's `reports.week`: Anna's and Max's weeks by name, the current one for None."""

    def __init__(self) -> None:
        self.asked: list[tuple[str, str | None]] = []

    def __call__(self, params: dict[str, Any]) -> Any:
        profile_id, week = params["profile_id"], params["week"]
        self.asked.append((profile_id, week))
        start = MONDAY if week is None else date.fromisocalendar(int(week[:4]), int(week[6:]), 1)
        name = {"anna": "Anna", "max": "Макс"}[profile_id]
        return report_samples.as_data(report_samples.week(start, name=name, profile_id=profile_id))


@pytest.fixture
def weeks(api: FakeApi) -> Weeks:
    api.policy = two_children()
    handler = Weeks()
    api.handlers["reports.week"] = handler
    return handler


def open_window(qtbot: QtBot, api: FakeApi, **options: Any) -> ActivityWindow:
    session = ParentSession(api, api.login("secret"))
    window = ActivityWindow(session, today=lambda _summary: TODAY, **options)
    qtbot.addWidget(window)
    window.start()
    window.show()
    return window


def bar_values(chart: Any) -> list[float]:
    from PySide6.QtCharts import QAbstractBarSeries

    series = [s for s in chart.series() if isinstance(s, QAbstractBarSeries)]
    assert len(series) == 1
    bars = series[0].barSets()[0]
    return [bars.at(i) for i in range(bars.count())]


def bar_labels(chart: Any) -> list[str]:
    from PySide6.QtCharts import QBarCategoryAxis

    axes = [a for a in chart.axes() if isinstance(a, QBarCategoryAxis)]
    return list(axes[0].categories())


def test_chart_figures_come_from_the_summary() -> None:
    summary = report_samples.week()
    data = chart_data(summary)
    assert [minutes for _, minutes, _ in data.days] == list(DAY_MINUTES)
    assert [budget for _, _, budget in data.days] == list(BUDGET_MINUTES)
    assert data.hours[16] == pytest.approx(sum(DAY_MINUTES) * HOURLY[16])
    assert data.hours[17] == pytest.approx(sum(DAY_MINUTES) * HOURLY[17])
    assert sum(data.hours) == pytest.approx(sum(DAY_MINUTES))
    assert len(data.apps) == TOP_APPS
    assert data.apps[0] == ("Minecraft", 240.0)
    assert data.categories[0] == ("Games", 300.0)


def test_charts_show_the_series_of_the_week(
    qtbot: QtBot, api: FakeApi, weeks: Weeks, language: str
) -> None:
    from PySide6.QtCharts import QLineSeries

    window = open_window(qtbot, api)
    charts = window.charts()
    assert bar_values(charts["days"]) == list(DAY_MINUTES)
    line = next(s for s in charts["days"].series() if isinstance(s, QLineSeries))
    limited = [(i, float(b)) for i, b in enumerate(BUDGET_MINUTES) if b is not None]
    assert [(p.x(), p.y()) for p in line.points()] == limited
    days = bar_labels(charts["days"])
    assert days[0] == QLocale().standaloneDayName(1, QLocale.FormatType.ShortFormat)
    hours = bar_values(charts["hours"])
    assert len(hours) == 24
    assert hours[16] == pytest.approx(round(sum(DAY_MINUTES) * HOURLY[16], 1))
    assert hours[:16] == [0.0] * 16
    apps = bar_labels(charts["apps"])
    assert len(apps) == TOP_APPS and apps[-1] == "Minecraft"
    assert bar_values(charts["apps"])[-1] == 240.0
    categories = bar_labels(charts["categories"])
    games = "Игры" if language == "ru" else "Games"
    assert categories[-1] == games
    assert bar_values(charts["categories"]) == [30.0, 120.0, 300.0]


def test_profiles_are_chosen_by_name_and_asked_for_by_id(
    qtbot: QtBot, api: FakeApi, weeks: Weeks
) -> None:
    window = open_window(qtbot, api)
    box = window.profile_box
    assert [box.itemText(i) for i in range(box.count())] == ["Anna", "Макс"]
    assert weeks.asked == [("anna", None)]
    box.setCurrentIndex(1)
    assert weeks.asked[-1] == ("max", None)
    assert window.summary is not None and window.summary.profile.name == "Макс"
    log = window.open_event_log()
    qtbot.addWidget(log)
    assert log.profile_box.currentText() == "Макс"


def test_week_navigation_asks_for_the_weeks_by_name(
    qtbot: QtBot, api: FakeApi, weeks: Weeks, language: str
) -> None:
    window = open_window(qtbot, api)
    assert not window.next_button.isEnabled() and not window.current_button.isEnabled()
    window.previous_button.click()
    assert weeks.asked[-1] == ("anna", "2026-W48")
    window.previous_button.click()
    assert weeks.asked[-1] == ("anna", "2026-W47")
    assert window.next_button.isEnabled() and window.current_button.isEnabled()
    window.next_button.click()
    assert weeks.asked[-1] == ("anna", "2026-W48")
    window.next_button.click()
    assert weeks.asked[-1] == ("anna", None)
    assert not window.next_button.isEnabled()
    window.previous_button.click()
    window.current_button.click()
    assert weeks.asked[-1] == ("anna", None)
    # The dates in the reader's format: "30/11/2026" in Britain, "30.11.2026" in Russia.
    first = QLocale().toString(QDate(2026, 11, 30), QLocale.FormatType.ShortFormat)
    assert first in window.week_label.text() and CURRENT in window.week_label.text()


def test_the_figures_of_today_and_the_week(
    qtbot: QtBot, api: FakeApi, weeks: Weeks, language: str
) -> None:
    window = open_window(qtbot, api)
    if language == "en":
        assert window.today_label.text() == "Today: 2 h of 2 h 15 min used."
        assert window.change_label.text() == "1 h more than the week before (9 h 35 min)."
        assert "This week: 10 h 35 min." in window.week_total_label.text()
        assert "Bonus time given: 15 min." in window.week_total_label.text()
    else:
        assert window.today_label.text() == "Сегодня: использовано 2 ч из 2 ч 15 мин."
        assert window.change_label.text().startswith("На 1 ч больше")
    window.previous_button.click()
    past = "This is a past week." if language == "en" else "Это прошедшая неделя."
    assert window.today_label.text() == past


def test_tables_list_blocks_requests_and_tampering(
    qtbot: QtBot, api: FakeApi, weeks: Weeks, language: str
) -> None:
    window = open_window(qtbot, api)
    sites = window.sites_table
    assert [sites.item(r, 0).text() for r in range(sites.rowCount())] == [
        "casino.example",
        "games.example",
    ]
    assert sites.item(0, 1).text() == "9"
    apps = window.apps_table
    assert apps.rowCount() == 1 and apps.item(0, 2).text() == "Minecraft"
    requests = [window.requests_table.item(r, 1).text() for r in range(2)]
    tamper = [window.tamper_table.item(r, 1).text() for r in range(2)]
    if language == "en":
        assert apps.item(0, 3).text() == "the daily limit was used up"
        assert requests == ["anna asked for 30 min more: “homework”", "Gave 15 min more"]
        assert tamper == [
            "Clock moved back 2 h",
            "Wrong parent password (wrong tries in a row: 3; account anna)",
        ]
    else:
        assert apps.item(0, 3).text() == "дневной лимит исчерпан"
        assert requests[1] == "Дано ещё 15 мин"
        assert tamper[0] == "Часы переведены назад на 2 ч"


def test_an_answer_holding_place_marks_is_shown_as_written() -> None:
    """A parent's message "%1" is never filled with the request it answers."""
    asked = Event(
        at="2026-12-01T18:00:00+03:00",
        kind="request",
        account="anna",
        detail={"minutes": 30, "note": "homework", "state": "declined", "message": "no %1"},
    )
    [[_, text]] = _event_rows([asked], {})
    assert text.startswith("anna asked for 30 min more: “homework” → ")
    assert text.endswith("“no %1”")


def test_labels_showing_names_paths_and_errors_are_plain_text(
    qtbot: QtBot, api: FakeApi, weeks: Weeks
) -> None:
    """A profile's name, a folder or an error detail holding "<b>" is shown as typed."""
    window = open_window(qtbot, api)
    labels = (window.message, window.week_total_label, window.report_message, window.export_result)
    assert all(label.textFormat() == Qt.TextFormat.PlainText for label in labels)


def test_a_service_error_shows_a_friendly_state(
    qtbot: QtBot, api: FakeApi, weeks: Weeks, language: str
) -> None:
    def refuse(_params: dict[str, Any]) -> Any:
        raise InvalidRequest("reports.week: internal detail nobody should read")

    api.handlers["reports.week"] = refuse
    window = open_window(qtbot, api)
    assert window.body.currentWidget() is window.message
    text = window.message.text()
    assert "internal detail" not in text and "reports.week" not in text
    english = "The activity could not be read just now. Try again in a moment."
    assert (text == english) == (language == "en")
    assert not window.export_buttons["html"].isEnabled()

    api.handlers["reports.week"] = weeks
    api.set_available(False)
    window.show_week(None)
    assert "not running" in window.message.text() or "не запущена" in window.message.text()


def test_data_that_does_not_read_is_not_shown(qtbot: QtBot, api: FakeApi, weeks: Weeks) -> None:
    api.handlers["reports.week"] = lambda _params: {"kind": "week", "days": []}
    window = open_window(qtbot, api)
    assert window.summary is None
    assert window.message.text() == "This week's activity could not be read. Try again later."


def test_an_empty_week_says_so(qtbot: QtBot, api: FakeApi, weeks: Weeks) -> None:
    summary = report_samples.week()
    empty_days = tuple(
        msgspec.structs.replace(d, seconds=0.0, hours=(0.0,) * 24, bonus=0.0) for d in summary.days
    )
    empty = msgspec.structs.replace(
        summary,
        days=empty_days,
        apps=(),
        categories=(),
        blocked_apps=msgspec.structs.replace(summary.blocked_apps, rows=()),
        requests=msgspec.structs.replace(summary.requests, rows=()),
        tamper=msgspec.structs.replace(summary.tamper, rows=()),
    )
    api.handlers["reports.week"] = lambda _params: report_samples.as_data(empty)
    window = open_window(qtbot, api)
    assert window.week_total_label.text() == "No screen time was recorded for Anna this week."
    assert bar_values(window.charts()["apps"]) == []


def test_export_runs_the_writer_with_the_summary_on_stdin(
    qtbot: QtBot, api: FakeApi, weeks: Weeks, tmp_path: Path
) -> None:
    speak("en")
    window = open_window(qtbot, api)
    dest = tmp_path / "out"
    dest.mkdir()
    process = window.start_export(["html", "json"], dest)
    assert process is not None
    assert not window.export_buttons["pdf"].isEnabled()
    qtbot.waitUntil(lambda: window.export_result.text().startswith("Saved"), timeout=60_000)
    assert window.export_result.text() == (
        f"Saved 2 files in {dest}: 2026-W49-home-pc-anna.html, 2026-W49-home-pc-anna.json"
    )
    assert window.open_folder_button.isVisible()
    assert window.export_buttons["pdf"].isEnabled()
    written = (dest / "2026-W49-home-pc-anna.json").read_bytes()
    assert msgspec.json.decode(written, type=WeekSummary) == window.summary
    assert "Anna" in (dest / "2026-W49-home-pc-anna.html").read_text(encoding="utf-8")


def test_a_failed_export_is_told_with_its_folder(
    qtbot: QtBot, api: FakeApi, weeks: Weeks, tmp_path: Path
) -> None:
    window = open_window(qtbot, api)
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    where = blocker / "summaries"
    window.start_export(["csv"], where)
    qtbot.waitUntil(lambda: "could not" in window.export_result.text(), timeout=60_000)
    assert window.export_result.text().startswith(
        f"The summary could not be saved in {where}.\nDetails: "
    )
    assert not window.open_folder_button.isVisible()


def test_a_writer_that_does_not_start_is_told(
    qtbot: QtBot, api: FakeApi, weeks: Weeks, tmp_path: Path
) -> None:
    window = open_window(qtbot, api, writer_command=(str(tmp_path / "no-such-program"),))
    window.start_export(["pdf"], tmp_path)
    qtbot.waitUntil(lambda: window.export_result.text() != "Saving…", timeout=20_000)
    assert window.export_result.text() == ("The program that saves summaries could not be started.")
    assert window.export_buttons["pdf"].isEnabled()


def test_the_tray_opens_activity_and_the_log_behind_the_password(
    qtbot: QtBot, api: FakeApi, weeks: Weeks, agent: TrayAgent
) -> None:
    api.logged = [LoggedEvent("2026-12-01T10:00:00+03:00", "anna", "policy_changed", {}, 1)]
    when_modal(PasswordDialog, lambda dialog: enter_password(dialog, "secret"))
    window = agent.open_activity()
    assert window is not None and window.isVisible()
    assert window.summary is not None and window.summary.profile.name == "Anna"
    assert len(api.tokens) == 1
    assert agent.open_activity() is window
    when_modal(PasswordDialog, lambda dialog: enter_password(dialog, "secret"))
    log = agent.open_event_log()
    assert log is not None and log.table.rowCount() == 1
    assert len(api.tokens) == 2
    window.close()
    log.close()
    qtbot.waitUntil(lambda: not api.tokens)


def test_a_cancelled_password_opens_nothing(qtbot: QtBot, api: FakeApi, agent: TrayAgent) -> None:
    when_modal(PasswordDialog, lambda dialog: dialog.reject())
    assert agent.open_activity() is None
    assert api.calls == []
