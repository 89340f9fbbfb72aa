"""The "time is up" screen: shown while blocked, not closable, and a parent can give time."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication, QTranslator
from PySide6.QtWidgets import QLabel, QPushButton, QRadioButton, QSpinBox
from pytestqt.qtbot import QtBot

from tests.helpers.fake_api import FakeApi, blocked_status, sample_status
from tests.helpers.modal import when_modal
from ui import blocked
from ui.blocked import BlockedWindow
from ui.grant import GrantDialog
from ui.i18n import TRANSLATIONS_DIR


@pytest.fixture
def window(qtbot: QtBot, api: FakeApi) -> BlockedWindow:
    widget = BlockedWindow(api)
    qtbot.addWidget(widget)
    return widget


def _text(window: BlockedWindow, name: str) -> str:
    label = window.findChild(QLabel, name)
    assert label is not None
    return label.text()


def test_shows_full_screen_with_reasons_and_when_allowed_again(window: BlockedWindow) -> None:
    window.set_status(sample_status())
    assert not window.isVisible()
    window.set_status(blocked_status(reasons=("daily_budget_spent", "outside_hours")))
    assert window.isVisible() and window.isFullScreen() and window.blocking
    assert _text(window, "blocked-reasons") == (
        "Your screen time for today is used up.\nThis is outside your allowed hours."
    )
    assert _text(window, "blocked-next") == "You can use the computer again tomorrow at 07:00."


def test_refuses_to_close_while_blocked_and_hides_when_allowed(window: BlockedWindow) -> None:
    window.set_status(blocked_status())
    assert not window.close()
    assert window.isVisible()
    window.set_status(sample_status())
    assert not window.isVisible() and not window.blocking


def _unlock(window: BlockedWindow) -> None:
    button = window.findChild(QPushButton, "blocked-unlock")
    assert button is not None
    button.click()


def _choose(name: str, minutes: int | None = None) -> None:
    def answer(dialog: GrantDialog) -> None:
        radio = dialog.findChild(QRadioButton, name)
        assert radio is not None
        radio.setChecked(True)
        if minutes is not None:
            spin = dialog.findChild(QSpinBox, "grant-custom-minutes")
            assert spin is not None
            spin.setValue(minutes)
        dialog.accept()

    when_modal(GrantDialog, answer)


@pytest.mark.parametrize(
    ("choice", "custom", "granted"),
    [
        ("grant-15", None, 15),
        ("grant-60", None, 60),
        ("grant-rest", None, None),
        ("grant-custom", 25, 25),
    ],
)
def test_parent_unlock_grants_the_chosen_minutes(
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    api: FakeApi,
    window: BlockedWindow,
    choice: str,
    custom: int | None,
    granted: int | None,
) -> None:
    monkeypatch.setattr(blocked, "ask_parent_token", lambda api, parent: api.login("secret"))
    window.set_status(blocked_status())
    _choose(choice, custom)
    with qtbot.waitSignal(window.granted):
        _unlock(window)
    assert api.grants == [("child", granted)]
    assert api.tokens == set(), "the token is given back after the grant"


def test_no_grant_without_the_password(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, api: FakeApi, window: BlockedWindow
) -> None:
    monkeypatch.setattr(blocked, "ask_parent_token", lambda api, parent: None)
    window.set_status(blocked_status())
    with qtbot.assertNotEmitted(window.granted):
        _unlock(window)
    assert api.grants == []


def test_a_refused_grant_is_explained(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, api: FakeApi, window: BlockedWindow
) -> None:
    monkeypatch.setattr(blocked, "ask_parent_token", lambda api, parent: "expired-token")
    window.set_status(blocked_status())
    _choose("grant-15")
    with qtbot.assertNotEmitted(window.granted):
        _unlock(window)
    assert api.grants == []
    assert _text(window, "blocked-error") == "More time could not be given. Please try again."


def test_grant_dialog_answers_in_minutes(qtbot: QtBot) -> None:
    dialog = GrantDialog()
    qtbot.addWidget(dialog)
    assert dialog.minutes() == 15
    spin = dialog.findChild(QSpinBox, "grant-custom-minutes")
    custom = dialog.findChild(QRadioButton, "grant-custom")
    assert spin is not None and custom is not None
    assert not spin.isEnabled()
    custom.setChecked(True)
    assert spin.isEnabled()
    spin.setValue(90)
    assert dialog.minutes() == 90


@pytest.mark.parametrize(
    ("reasons", "title"),
    [
        (("outside_hours",), "It is outside your allowed hours"),
        (("no_hours_today",), "No computer time today"),
        (("daily_budget_spent",), "Today's time is used up"),
        (("weekly_budget_spent",), "This week's time is used up"),
        (("daily_budget_spent", "outside_hours"), "Today's time is used up"),
        (("weekly_budget_spent", "daily_budget_spent"), "This week's time is used up"),
        (("held",), "Guardian needs a parent"),
        ((), "Time is up"),
    ],
)
def test_the_title_is_the_true_reason(
    window: BlockedWindow, reasons: tuple[str, ...], title: str
) -> None:
    window.set_status(blocked_status(reasons=reasons))
    assert _text(window, "blocked-title") == title
    assert window.windowTitle() == title


def test_the_child_can_ask_for_time_and_reads_a_tip(qtbot: QtBot, window: BlockedWindow) -> None:
    window.set_status(blocked_status(age="6+"))
    ask = window.findChild(QPushButton, "blocked-ask")
    assert ask is not None and ask.isVisible() and ask.text() == "Ask for more time…"
    with qtbot.waitSignal(window.ask_requested):
        ask.click()
    assert _text(window, "blocked-tip").startswith("Tip: ")
    window.set_status(blocked_status(reasons=("held",)))
    assert not ask.isVisible()  # a parent's check is no matter of time


def test_the_true_reason_in_russian(window: BlockedWindow) -> None:
    translator = QTranslator(QCoreApplication.instance())
    if not translator.load("guardian_ru", str(TRANSLATIONS_DIR)):
        pytest.skip("run `make translations` to build the .qm")
    QCoreApplication.installTranslator(translator)
    window.set_status(blocked_status(reasons=("outside_hours",)))
    assert _text(window, "blocked-title") == "Сейчас вне разрешённых часов"
    assert _text(window, "blocked-tip").startswith("Совет: ")
