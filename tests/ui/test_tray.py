"""The tray agent: fallback window, menu, tooltip, warnings, countdown, blocked screen, Quit."""

from __future__ import annotations

import dataclasses
import sys
import types
from datetime import datetime, timedelta, timezone

import pytest
from PySide6.QtCore import QCoreApplication, QTimer, QTranslator, Signal
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QLabel,
    QMenu,
    QPushButton,
    QSystemTrayIcon,
    QWidget,
)
from pytestqt.qtbot import QtBot

from guardian.api import AppTime, Event, EventKind
from tests.helpers.fake_api import FakeApi, blocked_status, sample_status
from tests.helpers.fake_requests import FakeRequests
from tests.helpers.modal import enter_password, when_modal
from ui import tray
from ui.ask_time import AskTimeDialog
from ui.i18n import TRANSLATIONS_DIR
from ui.my_day import MyDayWindow
from ui.password import PasswordDialog
from ui.tray import TrayAgent, next_refresh_ms


def _label(agent: TrayAgent, name: str) -> str:
    for window in (agent.status_window, agent.countdown_window):
        label = window.findChild(QLabel, name)
        if label is not None:
            return label.text()
    raise LookupError(name)


def _timer(agent: TrayAgent, name: str) -> QTimer:
    timer = agent.findChild(QTimer, name)
    assert timer is not None
    return timer


def _menu_texts(agent: TrayAgent) -> list[str]:
    menu = QMenu()
    agent.fill_menu(menu)
    texts = [action.text() for action in menu.actions()]
    menu.deleteLater()
    return texts


def test_without_a_tray_the_status_window_stands_in(agent: TrayAgent) -> None:
    assert not QSystemTrayIcon.isSystemTrayAvailable()
    assert agent.status_window.isVisible() and not agent.tray.isVisible()
    assert _label(agent, "status-summary") == (
        "Time left today: 1 h 20 min\nAllowed today: 07:00–21:30"
    )
    assert agent.status_window.windowIcon().availableSizes()


def test_closing_the_status_window_only_minimises_it(agent: TrayAgent) -> None:
    assert not agent.status_window.close()
    assert agent.status_window.isVisible() and agent.status_window.isMinimized()


def test_without_a_tray_the_parent_reaches_activity_from_the_status_window(
    monkeypatch: pytest.MonkeyPatch, agent: TrayAgent
) -> None:
    asked: list[str] = []
    monkeypatch.setattr(TrayAgent, "_parent_session", lambda self: asked.append("password"))
    button = agent.status_window.findChild(QPushButton, "status-activity")
    assert button is not None and button.text() == "Activity…"
    button.click()
    assert asked == ["password"]  # behind the parent password, as from the tray's menu


def test_a_tray_that_appears_later_takes_over(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, agent: TrayAgent
) -> None:
    monkeypatch.setattr(QSystemTrayIcon, "isSystemTrayAvailable", staticmethod(lambda: True))
    watch = _timer(agent, "tray-watch")
    assert watch.isActive()
    with qtbot.waitSignal(watch.timeout, timeout=2 * watch.interval()):
        pass
    assert agent.tray.isVisible() and not agent.status_window.isVisible()


def test_menu_and_tooltip_follow_the_status(api: FakeApi, agent: TrayAgent) -> None:
    assert agent.tray.toolTip() == "Guardian — 1 h 20 min left today"
    assert _menu_texts(agent) == [
        "My day…",
        "Ask for more time…",
        "",
        "Time left today: 1 h 20 min",
        "Allowed today: 07:00–21:30",
        "",
        "Recently blocked sites…",
        "Tell my parent about a site…",
        "My week…",
        "Parent settings…",
        "Activity…",
        "Event log…",
        "Quit…",
    ]
    api.set_status(time_left_week=5 * 3600.0, problems=("enforcement_failed", "policy_not_applied"))
    assert _menu_texts(agent) == [
        "My day…",
        "Ask for more time…",
        "",
        "Time left today: 1 h 20 min",
        "Time left this week: 5 h",
        "Allowed today: 07:00–21:30",
        "Guardian needs a parent's attention.",
        "",
        "Recently blocked sites…",
        "Tell my parent about a site…",
        "My week…",
        "Parent settings…",
        "Activity…",
        "Event log…",
        "Quit…",
    ]


def test_menu_without_a_status_still_offers_the_parent_entries(qtbot: QtBot) -> None:
    agent = TrayAgent(FakeApi())
    assert _menu_texts(agent) == [
        "Parent settings…",
        "Activity…",
        "Event log…",
        "Quit…",
    ]
    agent.close()


def test_warning_event_notifies_once(qtbot: QtBot, api: FakeApi, agent: TrayAgent) -> None:
    with qtbot.waitSignal(agent.notified) as notified:
        api.push(Event(EventKind.WARNING, {"minutes": 5, "action": "logout"}))
    assert notified.args == ["Screen time is running out", "You will be logged out in 5 minute(s)."]
    assert _label(agent, "status-message") == "You will be logged out in 5 minute(s)."
    with qtbot.assertNotEmitted(agent.notified):
        api.set_status(warning_due=5, session_left=290.0)


def test_with_a_tray_warnings_are_tray_messages(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, api: FakeApi, agent: TrayAgent
) -> None:
    monkeypatch.setattr(QSystemTrayIcon, "isSystemTrayAvailable", staticmethod(lambda: True))
    agent.start()
    shown: list[tuple[object, ...]] = []
    monkeypatch.setattr(agent.tray, "showMessage", lambda *args: shown.append(args))
    with qtbot.waitSignal(agent.notified):
        api.push(Event(EventKind.WARNING, {"minutes": 1, "action": "lock"}))
    assert shown == [
        (
            "Screen time is running out",
            "The screen locks in 1 minute(s).",
            QSystemTrayIcon.MessageIcon.Warning,
            10_000,
        )
    ]
    assert _label(agent, "status-message") == ""


def test_problems_are_told_without_detail(qtbot: QtBot, api: FakeApi, agent: TrayAgent) -> None:
    event = {"code": "policy_not_applied", "args": {"file": "school.toml"}, "detail": "line 3"}
    with qtbot.waitSignal(agent.notified) as notified:
        api.push(Event(EventKind.PROBLEM, event))
    assert notified.args == ["Guardian", "Guardian needs a parent's attention."]
    assert _label(agent, "status-message") == "Guardian needs a parent's attention."


def test_warning_due_in_the_status_notifies(qtbot: QtBot, api: FakeApi, agent: TrayAgent) -> None:
    with qtbot.waitSignal(agent.notified) as notified:
        api.set_status(warning_due=15, session_left=880.0, time_left_today=880.0)
    assert notified.args[1] == "The screen locks in 15 minute(s)."


def test_last_minute_shows_the_countdown_each_second(api: FakeApi, agent: TrayAgent) -> None:
    assert not agent.countdown_window.isVisible()
    api.set_status(session_left=61.5, time_left_today=61.5)
    assert not agent.countdown_window.isVisible()
    api.set_status(session_left=42.0, time_left_today=42.0, countdown=True)
    assert agent.countdown_window.isVisible()
    assert _label(agent, "countdown-seconds") == "42"
    assert _label(agent, "countdown-sentence") == "The screen will lock in 42 s"
    assert _timer(agent, "tray-refresh").interval() == 1000


def test_countdown_event_names_the_action(qtbot: QtBot, api: FakeApi, agent: TrayAgent) -> None:
    api.push(Event(EventKind.COUNTDOWN, {"seconds": 30.0, "action": "logout"}))
    assert agent.countdown_window.isVisible()
    assert _label(agent, "countdown-sentence") == "You will be logged out in 30 s"
    with qtbot.waitSignal(_timer(agent, "tray-refresh").timeout, timeout=2000):
        api.current = sample_status(
            session_left=29.0, time_left_today=29.0, countdown=True, action="logout"
        )
    assert _label(agent, "countdown-sentence") == "You will be logged out in 29 s"


def test_blocked_screen_comes_and_goes_with_the_status(api: FakeApi, agent: TrayAgent) -> None:
    api.set_status(session_left=20.0, countdown=True)
    api.current = blocked_status()
    api.push(Event(EventKind.BLOCKED, {"reasons": ["daily_budget_spent"], "action": "lock"}))
    assert agent.blocked_window.isVisible() and agent.blocked_window.isFullScreen()
    assert not agent.countdown_window.isVisible()
    assert agent.tray.toolTip() == "Guardian — time is up"
    api.set_status(allowed=True, reasons=("grant_active",), session_left=900.0)
    assert not agent.blocked_window.isVisible()


@pytest.mark.parametrize(
    ("status", "ms"),
    [
        (sample_status(session_left=None), 60_000),
        (blocked_status(), 60_000),
        (sample_status(session_left=4800.0), 30_050),
        (sample_status(session_left=4771.0), 1_050),
        (sample_status(session_left=90.0), 30_050),
        (sample_status(session_left=75.0), 15_050),
        (sample_status(session_left=60.5), 1000),
    ],
)
def test_the_icon_refreshes_when_its_label_changes(status: object, ms: int) -> None:
    assert next_refresh_ms(status) == ms  # type: ignore[arg-type]


def test_quit_says_in_plain_words_what_it_does(qtbot: QtBot, agent: TrayAgent) -> None:
    said: list[str] = []

    def read(dialog: PasswordDialog) -> None:
        label = dialog.findChild(QLabel, "password-purpose")
        said.append(label.text() if label is not None and label.isVisibleTo(dialog) else "")
        dialog.reject()

    when_modal(PasswordDialog, read)
    agent.request_quit()
    # A client of the system service: closing the icon changes nothing about the limits.
    assert said == [
        "Quitting only closes Guardian's icon in this session. The limits still apply: "
        "Guardian keeps counting time and locks the session when it is up."
    ]
    # Standalone, the tray is Guardian itself: quitting it lifts every limit, and says so.
    standalone = TrayAgent(agent._api, parent_seat=True)
    try:
        when_modal(PasswordDialog, read)
        standalone.request_quit()
    finally:
        standalone.close()
        standalone.deleteLater()
    assert said[1] == (
        "Quitting stops Guardian on this computer: until it is started again, no limits "
        "apply and no time is counted."
    )


def test_quit_requires_the_parent_password(qtbot: QtBot, agent: TrayAgent) -> None:
    when_modal(PasswordDialog, lambda dialog: dialog.reject())
    with qtbot.assertNotEmitted(agent.quit_allowed):
        agent.request_quit()
    when_modal(PasswordDialog, lambda dialog: enter_password(dialog, "secret"))
    with qtbot.waitSignal(agent.quit_allowed):
        agent.request_quit()


def test_parent_settings_open_with_a_token(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, api: FakeApi, agent: TrayAgent
) -> None:
    opened: list[bool] = []

    class SettingsDialog(QDialog):
        token_changed = Signal(str)

        def __init__(self, api: FakeApi, token: str, parent: QWidget | None) -> None:
            super().__init__(parent)
            opened.append(token in api.tokens)
            self.api, self.token = api, token

        def exec(self) -> int:
            self.token_changed.emit(self.api.set_password(self.token, "new secret"))
            return QDialog.DialogCode.Accepted

    fake = types.SimpleNamespace(SettingsDialog=SettingsDialog)
    monkeypatch.setitem(sys.modules, "ui.settings", fake)
    monkeypatch.setattr(tray, "ask_parent_token", lambda api, parent: api.login("secret"))
    agent.open_settings()
    assert opened == [True]
    assert api.tokens == set(), "the newest token is given back when the settings close"


def test_menu_entries_ask_for_the_password(qtbot: QtBot, agent: TrayAgent) -> None:
    menu = agent.tray.contextMenu()
    menu.aboutToShow.emit()
    entries = {action.text(): action for action in menu.actions()}
    assert "Time left today: 1 h 20 min" in entries
    for text in ("Parent settings…", "Quit…"):
        when_modal(PasswordDialog, lambda dialog: dialog.reject())
        with qtbot.assertNotEmitted(agent.quit_allowed):
            entries[text].trigger()


APPS = (
    AppTime("minecraft", "Minecraft", 2700.0, 1200.0, 1500.0),
    AppTime("category:games", "games", 5400.0, 1500.0, 3900.0),
    AppTime("space-game", "Space Game", 1800.0, 1800.0, 0.0),
)


def test_menu_and_window_list_the_time_of_limited_apps(api: FakeApi, agent: TrayAgent) -> None:
    api.set_status(apps=APPS)
    assert _menu_texts(agent)[3:8] == [
        "Time left today: 1 h 20 min",
        "Allowed today: 07:00–21:30",
        "Minecraft: 25 min left",
        "Games: 1 h 5 min left",
        "Space Game: time is up for today",
    ]
    assert _label(agent, "status-apps") == (
        "Minecraft: 25 min left\nGames: 1 h 5 min left\nSpace Game: time is up for today"
    )
    api.set_status(apps=())
    assert not agent.status_window.findChild(QLabel, "status-apps").isVisibleTo(agent.status_window)


def app_blocked(account: str = "kid", reason: str = "app_time_spent") -> Event:
    data = {"account": account, "app": "minecraft", "name": "Minecraft", "reason": reason}
    return Event(EventKind.APP_BLOCKED, {**data, "budget_minutes": 45})


def test_a_closed_app_is_explained_to_its_child(
    qtbot: QtBot, api: FakeApi, agent: TrayAgent
) -> None:
    with qtbot.waitSignal(agent.notified) as notified:
        api.push(app_blocked(account="Kid"))
    assert notified.args == ["Minecraft was closed", "Today's time for this app is used up."]
    assert _label(agent, "status-message") == "Today's time for this app is used up."
    with qtbot.assertNotEmitted(agent.notified):
        api.push(app_blocked(account="sister"))


def test_a_closed_app_is_explained_in_russian(qtbot: QtBot, api: FakeApi, agent: TrayAgent) -> None:
    translator = QTranslator(QCoreApplication.instance())
    if not translator.load("guardian_ru", str(TRANSLATIONS_DIR)):
        pytest.skip("run `make translations` to build the .qm")
    QCoreApplication.installTranslator(translator)
    with qtbot.waitSignal(agent.notified) as notified:
        api.push(app_blocked(reason="downtime"))
    assert notified.args == [
        "Приложение «Minecraft» закрыто",
        "Сейчас перерыв: можно пользоваться только всегда разрешёнными приложениями.",
    ]


def test_downtime_that_closes_apps_keeps_the_screen_usable(
    qtbot: QtBot, api: FakeApi, agent: TrayAgent
) -> None:
    with qtbot.waitSignal(agent.notified) as notified:
        api.set_status(allowed=False, reasons=("outside_hours",), action="apps")
        api.push(Event(EventKind.BLOCKED, {"account": "kid", "reasons": [], "action": "apps"}))
    assert notified.args == ["Downtime", "Apps are closing now. Always-allowed apps stay open."]
    assert not agent.blocked_window.isVisible() and not agent.blocked_window.blocking
    api.set_status(allowed=True, reasons=(), session_left=30.0, countdown=True, action="apps")
    assert agent.countdown_window.isVisible()
    assert _label(agent, "countdown-sentence") == "Apps will close in 30 s"


def test_an_apps_time_running_out_is_told_once(
    qtbot: QtBot, api: FakeApi, agent: TrayAgent
) -> None:
    warning = {"account": "kid", "key": "category:games", "name": "games", "minutes": 5}
    with qtbot.waitSignal(agent.notified) as notified:
        api.push(Event(EventKind.APP_WARNING, warning))
    assert notified.args == [
        "Games: time is running out",
        "5 minute(s) left for today; the app then closes.",
    ]
    with qtbot.assertNotEmitted(agent.notified):
        api.push(Event(EventKind.APP_WARNING, warning))
        api.push(Event(EventKind.APP_WARNING, {**warning, "account": "sister"}))


def test_a_service_that_goes_away_is_shown_and_comes_back(
    qtbot: QtBot, api: FakeApi, agent: TrayAgent
) -> None:
    normal = agent.tray.icon().pixmap(32).toImage()
    api.set_available(False)
    assert not agent.service_up
    assert agent.tray.toolTip() == "Guardian's service is not running"
    assert _menu_texts(agent) == [
        "Guardian's service is not running",
        "",
        "Parent settings…",
        "Activity…",
        "Event log…",
        "Quit…",
    ]
    menu = QMenu()
    agent.fill_menu(menu)
    assert not menu.actions()[0].isEnabled()
    menu.deleteLater()
    assert _label(agent, "status-summary") == "Guardian's service is not running"
    down = agent.tray.icon().pixmap(32).toImage()
    assert down != normal
    assert agent.status_window.windowIcon().pixmap(32).toImage() == down

    api.set_available(True)
    assert agent.service_up
    assert agent.tray.toolTip() == "Guardian — 1 h 20 min left today"
    assert _menu_texts(agent)[3] == "Time left today: 1 h 20 min"
    assert agent.tray.icon().pixmap(32).toImage() == normal


def test_a_service_not_running_at_start_is_shown(qtbot: QtBot) -> None:
    api = FakeApi()
    api.available = False
    agent = TrayAgent(api)
    agent.start()
    assert not agent.service_up
    assert agent.tray.toolTip() == "Guardian's service is not running"
    agent.close()


def test_the_password_dialog_says_when_the_service_is_down(
    qtbot: QtBot, api: FakeApi, agent: TrayAgent
) -> None:
    api.set_available(False)
    seen: list[str] = []

    def answer(dialog: PasswordDialog) -> None:
        seen.append(dialog.findChild(QLabel, "password-message").text())
        dialog.reject()

    when_modal(PasswordDialog, answer)
    agent.open_settings()
    assert seen == ["Guardian's service is not running, so settings cannot be opened now."]


def test_the_service_down_line_in_russian(qtbot: QtBot, api: FakeApi, agent: TrayAgent) -> None:
    translator = QTranslator(QCoreApplication.instance())
    if not translator.load("guardian_ru", str(TRANSLATIONS_DIR)):
        pytest.skip("run `make translations` to build the .qm")
    QCoreApplication.installTranslator(translator)
    api.set_available(False)
    assert _menu_texts(agent)[0] == "Служба Guardian не запущена"
    api.set_available(True)
    api.set_status(problems=("state_lost",))
    assert "Guardian нужна помощь родителя." in _menu_texts(agent)


# --- the child's day and requests ----------------------------------------------------------


def _answered(api: FakeApi, **changes: object) -> Event:
    view = FakeRequests(api).add(**changes)
    return Event(EventKind.REQUEST_ANSWERED, dataclasses.asdict(view))


def test_a_left_click_opens_my_day_once(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, api: FakeApi, agent: TrayAgent
) -> None:
    FakeRequests(api)
    agent.tray.activated.emit(QSystemTrayIcon.ActivationReason.Context)
    assert not any(isinstance(w, MyDayWindow) for w in QApplication.topLevelWidgets())
    agent.tray.activated.emit(QSystemTrayIcon.ActivationReason.Trigger)
    windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MyDayWindow)]
    assert len(windows) == 1 and windows[0].isVisible()
    assert windows[0].headline.text() == "1 h 20 min left today"
    assert agent.open_my_day() is windows[0]
    windows[0].close()
    qtbot.waitUntil(lambda: agent.open_my_day() is not windows[0])


def test_my_day_from_the_status_window(api: FakeApi, agent: TrayAgent) -> None:
    FakeRequests(api)
    button = agent.status_window.findChild(QPushButton, "status-my-day")
    assert button is not None and button.text() == "My day…"
    button.click()
    assert any(isinstance(w, MyDayWindow) and w.isVisible() for w in QApplication.topLevelWidgets())


def test_only_a_restricted_child_is_offered_to_ask(api: FakeApi, agent: TrayAgent) -> None:
    api.set_status(restricted=False, profile_id=None)
    assert _menu_texts(agent)[:2] == ["My day…", ""]


@pytest.mark.parametrize(
    ("changes", "notice"),
    [
        (
            {"state": "approved", "given_minutes": 30, "by": "parent"},
            ("Your request", "Your parent gave you 30 min more."),
        ),
        (
            {"state": "approved", "rest_of_day": True, "message": "Enjoy", "by": "parent"},
            ("Your request", "Your parent gave you the rest of the day. Your parent says: “Enjoy”"),
        ),
        (
            {"state": "declined", "message": "Homework first", "by": "parent"},
            ("Your request", "Your parent said no: Homework first"),
        ),
    ],
)
def test_answers_are_told_to_the_child(
    qtbot: QtBot,
    api: FakeApi,
    agent: TrayAgent,
    changes: dict[str, object],
    notice: tuple[str, str],
) -> None:
    with qtbot.waitSignal(agent.notified) as notified:
        api.push(_answered(api, **changes))
    assert tuple(notified.args) == notice


def test_no_notice_for_a_code_just_typed_or_another_account(
    qtbot: QtBot, api: FakeApi, agent: TrayAgent
) -> None:
    with qtbot.assertNotEmitted(agent.notified):
        api.push(_answered(api, state="approved", given_minutes=30, by="code"))
        api.push(_answered(api, account="sister", state="declined", by="parent"))
        api.push(_answered(api, state="cancelled"))


def test_an_answer_in_russian(qtbot: QtBot, api: FakeApi, agent: TrayAgent) -> None:
    translator = QTranslator(QCoreApplication.instance())
    if not translator.load("guardian_ru", str(TRANSLATIONS_DIR)):
        pytest.skip("run `make translations` to build the .qm")
    QCoreApplication.installTranslator(translator)
    with qtbot.waitSignal(agent.notified) as notified:
        api.push(_answered(api, state="approved", given_minutes=15, by="parent"))
    assert notified.args == ["Твоя просьба", "Родитель дал тебе ещё 15 мин."]


def test_the_ask_dialog_sits_on_the_time_up_screen(api: FakeApi, agent: TrayAgent) -> None:
    FakeRequests(api)
    # Opened from the countdown, then time runs out: the dialog moves onto the blocked screen.
    api.set_status(session_left=30.0, time_left_today=30.0, countdown=True)
    ask = agent.countdown_window.findChild(QPushButton, "countdown-ask")
    assert ask is not None and ask.isVisible()
    ask.click()
    dialog = agent.open_ask_time()
    assert dialog.isVisible() and dialog.parent() is not agent.blocked_window
    api.set_status(allowed=False, reasons=("daily_budget_spent",), session_left=0.0)
    assert agent.blocked_window.blocking
    assert dialog.parent() is agent.blocked_window and dialog.isVisible()
    dialog.close()


def test_asking_from_the_time_up_screen(qtbot: QtBot, api: FakeApi, agent: TrayAgent) -> None:
    FakeRequests(api)
    api.set_status(allowed=False, reasons=("outside_hours",), session_left=0.0)
    button = agent.blocked_window.findChild(QPushButton, "blocked-ask")
    assert button is not None
    button.click()
    dialogs = [w for w in agent.blocked_window.children() if isinstance(w, AskTimeDialog)]
    assert len(dialogs) == 1 and dialogs[0].isVisible()
    dialogs[0].close()


def test_the_countdown_says_what_ends_the_session_and_gives_a_tip(
    monkeypatch: pytest.MonkeyPatch, api: FakeApi, agent: TrayAgent
) -> None:
    moscow = timezone(timedelta(hours=3))
    now = [datetime(2026, 11, 30, 16, 0, tzinfo=moscow)]
    monkeypatch.setattr(tray, "status_now", lambda _status: now[0])
    api.set_status(session_left=40.0, time_left_today=40.0, countdown=True, age="12+")
    cause = agent.countdown_window.findChild(QLabel, "countdown-cause")
    tip = agent.countdown_window.findChild(QLabel, "countdown-tip")
    assert cause is not None and tip is not None
    assert cause.text() == "Your screen time for today is running out."
    assert tip.text().startswith("Tip: ")
    now[0] = datetime(2026, 11, 30, 21, 29, 20, tzinfo=moscow)
    api.set_status(session_left=40.0, time_left_today=3600.0)
    assert cause.text() == "Your allowed hours for today are ending."


def test_one_ask_dialog_at_a_time(qtbot: QtBot, api: FakeApi, agent: TrayAgent) -> None:
    FakeRequests(api)
    dialog = agent.open_ask_time()
    assert agent.open_ask_time() is dialog
    close = dialog.findChild(QPushButton, "ask-close")
    assert close is not None
    close.click()
    qtbot.waitUntil(lambda: agent.open_ask_time() is not dialog)


def test_closing_the_tray_takes_the_childs_dialogs_down(qtbot: QtBot, api: FakeApi) -> None:
    FakeRequests(api)
    agent = TrayAgent(api)
    agent.start()
    dialogs = [
        agent.open_ask_time(),
        agent.open_ask_access(None, "games.example", "block:games.example", site=True),
        agent.open_report_site("scary.example"),
    ]
    assert all(d.isVisible() for d in dialogs)
    agent.close()
    assert not any(d.isVisible() for d in dialogs)
    qtbot.waitUntil(
        lambda: (agent._ask, agent._ask_access, agent._report_site) == (None, None, None)
    )
    agent.deleteLater()
