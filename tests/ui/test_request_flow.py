"""The whole dialogue on the child's screen, with the real windows of both sides: the child
asks, a parent who is there types the password and answers in the same place, and the child's
dialog and tray learn the answer; in English and Russian."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QCoreApplication, QLocale, QTranslator
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QRadioButton
from pytestqt.qtbot import QtBot

from tests.helpers.fake_api import FakeApi, blocked_status
from tests.helpers.fake_requests import FakeRequests
from tests.helpers.modal import enter_password, when_modal
from ui.answer_dialog import AnswerDialog
from ui.ask_time import AskTimeDialog
from ui.i18n import TRANSLATIONS_DIR
from ui.password import PasswordDialog
from ui.tray import TrayAgent


@pytest.fixture(params=["en", "ru"])
def language(request: pytest.FixtureRequest, qapp: QApplication) -> Iterator[str]:
    translator = QTranslator(QCoreApplication.instance())
    if not translator.load(f"guardian_{request.param}", str(TRANSLATIONS_DIR)):
        pytest.skip("run `make translations` to build the .qm")
    QCoreApplication.installTranslator(translator)
    previous = QLocale()
    if request.param == "ru":
        QLocale.setDefault(QLocale(QLocale.Language.Russian, QLocale.Country.Russia))
    yield request.param
    QCoreApplication.removeTranslator(translator)
    QLocale.setDefault(previous)


def _child(widget: object, kind: type, name: str) -> object:
    found = widget.findChild(kind, name)  # type: ignore[attr-defined]
    assert found is not None, name
    return found


def test_a_parent_at_the_computer_approves_in_the_childs_own_dialog(
    qtbot: QtBot, api: FakeApi, language: str
) -> None:
    requests = FakeRequests(api, enrolled=False)
    api.current = blocked_status(reasons=("daily_budget_spent",))
    agent = TrayAgent(api)
    agent.apply(api.current)
    try:
        dialog = AskTimeDialog(api, api.current)
        qtbot.addWidget(dialog)
        dialog.show()
        _child(dialog, QRadioButton, "ask-60").setChecked(True)  # type: ignore[attr-defined]
        _child(dialog, QPushButton, "ask-send").click()  # type: ignore[attr-defined]
        (asked,) = requests.items
        assert asked.minutes == 60 and asked.open
        assert asked.id in _child(dialog, QLabel, "request-code").text()  # type: ignore[attr-defined]

        def answer(answering: AnswerDialog) -> None:
            # The parent gives less than asked: 15 minutes, within the allowed hours.
            _child(answering, QRadioButton, "grant-15").setChecked(True)  # type: ignore[attr-defined]
            answering.message.setText("Then dinner")
            _child(answering, QPushButton, "answer-ok").click()  # type: ignore[attr-defined]

        def password(box: PasswordDialog) -> None:
            when_modal(AnswerDialog, answer)
            enter_password(box, "secret")

        when_modal(PasswordDialog, password)
        with qtbot.waitSignal(dialog.answered), qtbot.waitSignal(agent.notified) as told:
            _child(dialog, QPushButton, "request-parent").click()  # type: ignore[attr-defined]

        assert api.grants == [("child", 15)]
        assert api.grants_outside_hours == [False], "bonus never lifts the hours unasked"
        assert api.tokens == set(), "the parent's token does not outlive the answer"
        (answered,) = requests.items
        assert (answered.state, answered.given_minutes, answered.message) == (
            "approved",
            15,
            "Then dinner",
        )
        state = _child(dialog, QLabel, "request-state").text()  # type: ignore[attr-defined]
        message = _child(dialog, QLabel, "request-message").text()  # type: ignore[attr-defined]
        _title, text = told.args
        if language == "en":
            assert state.startswith("Approved: 15 min more")
            assert "15 min" in text
        else:
            assert state.startswith("Одобрено") and "15 мин" in state
            assert "15 мин" in text
        assert "Then dinner" in message
    finally:
        agent.close()
