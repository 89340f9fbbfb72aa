"""The child's "My day": time left, today's timeline, hours ahead, apps, recent blocks with
plain reasons, requests and a tip; it follows the service's events, in English and Russian."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QTranslator
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from guardian.api import AppTime, Status
from guardian.reports.model import Event, Events
from guardian.requests_client import Decision, RequestsClient, RequestState
from tests.helpers.fake_api import FakeApi, blocked_status
from tests.helpers.fake_requests import FakeRequests
from tests.test_layers import imported_after
from tests.ui import report_samples
from ui import tips
from ui.i18n import TRANSLATIONS_DIR
from ui.my_day import WEEK_READ_SECONDS, MyDayWindow, hours_ahead_text, spans_ahead

MOSCOW = timezone(timedelta(hours=3))
NOW = datetime(2026, 11, 30, 16, 0, tzinfo=MOSCOW)
"""Monday of the sample week, mid-afternoon: the sample status's moment."""


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _week() -> Any:
    minecraft = Event(
        at="2026-11-30T15:05:00+03:00",
        kind="app_blocked",
        account="kid",
        detail={"app": "minecraft", "name": "Minecraft", "reason": "app_time_spent"},
    )
    yesterday = Event(
        at="2026-11-29T15:05:00+03:00",
        kind="app_blocked",
        account="kid",
        detail={"app": "roblox", "name": "Roblox", "reason": "blocked"},
    )
    summary = report_samples.week(
        name="Child",
        profile_id="child",
        blocked_apps=Events(rows=(yesterday, minecraft), more=0),
    )
    return report_samples.as_data(summary)


SITES = [
    {
        "at": "2026-11-30T15:42:00+03:00",
        "profile": "child",
        "name": "casino.example",
        "rule": "category:gambling",
    },
    {
        "at": "2026-11-30T15:40:00+03:00",
        "profile": "child",
        "name": "detectportal.firefox.com",
        "rule": "canary",
    },
]


@pytest.fixture
def requests(api: FakeApi) -> FakeRequests:
    api.handlers["reports.mine"] = lambda _params: _week()
    api.handlers["sites.recent"] = lambda _params: SITES
    return FakeRequests(api)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def window(qtbot: QtBot, api: FakeApi, requests: FakeRequests, clock: Clock) -> MyDayWindow:
    widget = MyDayWindow(api, now=lambda _status: NOW, clock=clock)
    qtbot.addWidget(widget)
    widget.refresh()
    widget.show()
    return widget


def _shown(window: MyDayWindow, label: Any) -> str:
    return str(label.text()) if label.isVisibleTo(window) else ""


def _reads(api: FakeApi, method: str) -> int:
    return sum(1 for name, _params in api.calls if name == method)


def test_shows_the_day_of_the_child(window: MyDayWindow, api: FakeApi) -> None:
    assert window.windowTitle() == "My day"
    assert _shown(window, window.headline) == "1 h 20 min left today"
    assert _shown(window, window.week_left) == ""
    assert _shown(window, window.ahead) == "Still allowed today: 16:00–21:30"
    assert _shown(window, window.next_change) == (
        "If you keep using it, the computer closes at 17:20."
    )
    assert window.timeline.spans == [(7 * 60, 21 * 60 + 30)]
    assert window.timeline.now_minute == 16 * 60
    # 90 minutes on Monday in the sample week, spread over 16:00–19:00.
    assert window.timeline.accessibleDescription() == (
        "Allowed: 07:00–21:30. Used today: 1 h 30 min."
    )
    assert _shown(window, window.blocks).split("\n") == [
        "15:42 casino.example: Sites of this kind are blocked: Gambling, betting and casinos.",
        "15:05 Minecraft: Today's time for this app is used up.",
    ]
    assert _shown(window, window.requests) == "You have not asked for anything today."
    assert _shown(window, window.tip).startswith("Tip: ")
    assert window.down.isHidden()


def test_the_week_limit_and_the_apps_time_are_shown(window: MyDayWindow, api: FakeApi) -> None:
    api.set_status(
        time_left_week=5 * 3600.0,
        apps=(AppTime("minecraft", "Minecraft", 2700.0, 1200.0, 1500.0),),
    )
    assert _shown(window, window.week_left) == "This week: 5 h left"
    assert _shown(window, window.apps) == "Minecraft: 25 min left"


def test_follows_the_status_and_reads_the_week_only_now_and_then(
    window: MyDayWindow, api: FakeApi, clock: Clock
) -> None:
    assert _reads(api, "reports.mine") == 1 and _reads(api, "sites.recent") == 1
    api.set_status(time_left_today=600.0, session_left=600.0)
    assert _shown(window, window.headline) == "10 min left today"
    assert _reads(api, "reports.mine") == 1
    clock.now += WEEK_READ_SECONDS
    api.set_status(time_left_today=540.0)
    assert _reads(api, "reports.mine") == 2 and _reads(api, "sites.recent") == 2


def test_a_blocked_day_says_the_true_reason_and_when_it_opens(
    window: MyDayWindow, api: FakeApi
) -> None:
    api.current = blocked_status(reasons=("outside_hours",))
    window.refresh()
    assert _shown(window, window.headline) == "It is outside your allowed hours"
    assert _shown(window, window.reasons) == "This is outside your allowed hours."
    assert _shown(window, window.next_change) == (
        "You can use the computer again tomorrow at 07:00."
    )


def test_requests_and_their_answers(
    qtbot: QtBot, window: MyDayWindow, api: FakeApi, requests: FakeRequests
) -> None:
    client = RequestsClient(api)
    asked = client.ask_time(30, "homework")
    window.refresh()
    assert _shown(window, window.requests) == (
        "30 min more time — Waiting for a parent's answer. Your request code is K001."
    )
    token = api.login("secret")
    # The answer reaches the window through the service's event, no refresh by hand.
    client.answer(token, asked.id, Decision.DECLINE, message="Dinner first")
    assert requests.items[0].state == RequestState.DECLINED.value
    assert _shown(window, window.requests) == (
        "30 min more time — Your parent said no. Your parent says: “Dinner first”"
    )
    second = client.ask_time(15)
    client.answer(token, second.id, Decision.APPROVE, minutes=10)
    assert _shown(window, window.requests).split("\n")[0] == (
        "15 min more time — Approved: 10 min more"
    )


def test_the_tip_fits_the_age_and_stays_all_day(window: MyDayWindow, api: FakeApi) -> None:
    api.set_status(age="6+")
    young = _shown(window, window.tip).removeprefix("Tip: ")
    assert young in tips.tips("6+")
    api.set_status(time_left_today=3000.0)
    assert _shown(window, window.tip) == f"Tip: {young}"
    api.set_status(age="16+")
    assert _shown(window, window.tip).removeprefix("Tip: ") in tips.tips("18+")


def test_buttons_ask_and_open_the_week(qtbot: QtBot, window: MyDayWindow) -> None:
    ask = window.findChild(QPushButton, "my-day-ask")
    week = window.findChild(QPushButton, "my-day-my-week")
    assert ask is not None and week is not None and ask.isVisibleTo(window)
    with qtbot.waitSignal(window.ask_requested):
        ask.click()
    with qtbot.waitSignal(window.my_week_requested):
        week.click()


def test_a_service_that_is_down_is_told_kindly(window: MyDayWindow, api: FakeApi) -> None:
    api.set_available(False)
    window.refresh()
    assert _shown(window, window.down) == (
        "Guardian is not running right now, so your day cannot be shown. Your limits are "
        "kept as usual; a parent can check on it."
    )
    assert not window.ask_button.isEnabled()
    api.set_available(True)
    window.refresh()
    assert window.down.isHidden() and window.ask_button.isEnabled()


def test_parts_that_cannot_be_read_leave_the_rest(
    qtbot: QtBot, api: FakeApi, requests: FakeRequests, clock: Clock
) -> None:
    del api.handlers["reports.mine"]
    del api.handlers["sites.recent"]
    widget = MyDayWindow(api, now=lambda _status: NOW, clock=clock)
    qtbot.addWidget(widget)
    widget.refresh()
    assert widget.headline.text() == "1 h 20 min left today"
    assert widget.blocks.text() == "Nothing was blocked lately."
    assert widget.timeline.accessibleDescription() == "Allowed: 07:00–21:30."


def test_an_account_without_limits(qtbot: QtBot, api: FakeApi, requests: FakeRequests) -> None:
    api.current = Status(**_unrestricted(api))
    widget = MyDayWindow(api, now=lambda _status: NOW)
    qtbot.addWidget(widget)
    widget.refresh()
    widget.show()
    assert widget.headline.text() == "No time limits for you."
    assert not widget.ask_button.isVisibleTo(widget)
    assert _reads(api, "reports.mine") == 0


def _unrestricted(api: FakeApi) -> dict[str, Any]:
    fields = {name: getattr(api.current, name) for name in Status.__dataclass_fields__}
    return {**fields, "restricted": False, "profile_id": None, "time_left_today": None}


def test_the_hours_ahead() -> None:
    spans = (("07:00", "12:00"), ("15:00", "21:30"))
    assert spans_ahead(spans, NOW) == [("16:00", "21:30")]
    assert spans_ahead(spans, NOW.replace(hour=9, minute=5)) == [
        ("09:05", "12:00"),
        ("15:00", "21:30"),
    ]
    assert hours_ahead_text(spans, NOW.replace(hour=22)) == "No allowed hours are left today."
    assert spans_ahead((("bad", "12:00"), ("23:00", "24:00")), NOW) == [("23:00", "24:00")]


def test_in_russian(qtbot: QtBot, api: FakeApi, requests: FakeRequests) -> None:
    translator = QTranslator(QCoreApplication.instance())
    if not translator.load("guardian_ru", str(TRANSLATIONS_DIR)):
        pytest.skip("run `make translations` to build the .qm")
    QCoreApplication.installTranslator(translator)
    requests.add()
    widget = MyDayWindow(api, now=lambda _status: NOW)
    qtbot.addWidget(widget)
    widget.refresh()
    assert widget.windowTitle() == "Мой день"
    assert widget.headline.text() == "Сегодня осталось 1 ч 20 мин"
    assert widget.ahead.text() == "Сегодня ещё можно: 16:00–21:30"
    assert widget.requests.text() == ("Ещё 30 мин — Ждём ответа родителя. Код твоей просьбы: K001.")
    assert widget.tip.text().startswith("Совет: ")
    assert widget.blocks.text().split("\n")[0] == (
        "15:42 casino.example: Такие сайты заблокированы: «Азартные игры, ставки и казино»."
    )


def test_my_day_loads_no_wire_model_until_it_reads_the_sites() -> None:
    loaded = imported_after("ui.my_day")
    assert "msgspec" not in loaded and "rules.model" not in loaded
    assert "PySide6.QtCharts" not in loaded
