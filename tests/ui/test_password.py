"""The parent password dialog: wrong passwords, throttling, and the token it hands back."""

from __future__ import annotations

from PySide6.QtCore import QPropertyAnimation, Qt
from PySide6.QtWidgets import QDialogButtonBox, QLabel, QLineEdit, QPushButton
from pytestqt.qtbot import QtBot

from tests.helpers.fake_api import FakeApi
from tests.helpers.modal import enter_password, when_modal
from ui.password import PasswordDialog, ask_parent_token


def _dialog(qtbot: QtBot, api: FakeApi) -> PasswordDialog:
    dialog = PasswordDialog(api)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _field(dialog: PasswordDialog) -> QLineEdit:
    field = dialog.findChild(QLineEdit, "password-field")
    assert field is not None
    return field


def _message(dialog: PasswordDialog) -> str:
    label = dialog.findChild(QLabel, "password-message")
    assert label is not None
    return label.text()


def _ok(dialog: PasswordDialog) -> QPushButton:
    box = dialog.findChild(QDialogButtonBox)
    assert box is not None
    return box.button(QDialogButtonBox.StandardButton.Ok)


def test_wrong_password_clears_the_field_and_says_so(qtbot: QtBot) -> None:
    api = FakeApi()
    dialog = _dialog(qtbot, api)
    with qtbot.assertNotEmitted(dialog.accepted):
        enter_password(dialog, "guess")
    assert _field(dialog).text() == ""
    assert _message(dialog) == "Wrong password. Try again."
    assert dialog.isVisible() and dialog.token is None
    shake = dialog.findChild(QPropertyAnimation)
    assert shake is not None and shake.state() == QPropertyAnimation.State.Running


def test_right_password_gives_a_token(qtbot: QtBot) -> None:
    api = FakeApi()
    dialog = _dialog(qtbot, api)
    with qtbot.waitSignal(dialog.accepted):
        enter_password(dialog, "secret")
    assert dialog.token in api.tokens


def test_throttled_disables_the_field_with_a_live_countdown(qtbot: QtBot) -> None:
    api = FakeApi()
    api.throttle_for = 1.0
    dialog = _dialog(qtbot, api)
    enter_password(dialog, "secret")
    assert not _field(dialog).isEnabled() and not _ok(dialog).isEnabled()
    assert _message(dialog) == "Too many wrong passwords. Try again in 1 s."
    api.throttle_for = 0.0
    qtbot.waitUntil(_field(dialog).isEnabled, timeout=3000)
    assert _ok(dialog).isEnabled()
    assert _message(dialog) == "You can try again now."
    with qtbot.waitSignal(dialog.accepted):
        enter_password(dialog, "secret")


def test_ask_parent_token_returns_the_token_or_none(qtbot: QtBot) -> None:
    api = FakeApi()
    when_modal(PasswordDialog, lambda dialog: enter_password(dialog, "secret"))
    token = ask_parent_token(api)
    assert token is not None and token in api.tokens
    when_modal(PasswordDialog, lambda dialog: dialog.reject())
    assert ask_parent_token(api) is None


DOWN = "Guardian's service is not running, so settings cannot be opened now."


def test_a_service_that_is_down_is_said_instead_of_nothing(qtbot: QtBot) -> None:
    api = FakeApi()
    dialog = _dialog(qtbot, api)
    api.available = False
    with qtbot.assertNotEmitted(dialog.accepted):
        enter_password(dialog, "secret")
    assert _message(dialog) == DOWN
    assert not _field(dialog).isEnabled() and not _ok(dialog).isEnabled()
    api.set_available(True)
    assert _message(dialog) == ""
    assert _field(dialog).isEnabled() and _ok(dialog).isEnabled()
    with qtbot.waitSignal(dialog.accepted):
        enter_password(dialog, "secret")


def test_the_dialog_opens_saying_the_service_is_down_and_follows_it(qtbot: QtBot) -> None:
    api = FakeApi()
    api.available = False
    dialog = _dialog(qtbot, api)
    assert _message(dialog) == DOWN and not _field(dialog).isEnabled()
    api.set_available(True)
    assert _field(dialog).isEnabled()
    api.set_available(False)
    assert _message(dialog) == DOWN and not _ok(dialog).isEnabled()


def test_the_purpose_is_plain_text_as_it_can_quote_a_childs_request(qtbot: QtBot) -> None:
    purpose = 'A parent answers Alice\'s request here: Open the site <a href="x">free</a>.'
    dialog = PasswordDialog(FakeApi(), None, purpose)
    qtbot.addWidget(dialog)
    label = dialog.findChild(QLabel, "password-purpose")
    assert label is not None
    assert label.text() == purpose
    assert label.textFormat() is Qt.TextFormat.PlainText
