"""The child's "Ask for more time": choosing, sending, the request code, approval on the spot
and by a code from the parent's phone, the errors a child may meet, in English and Russian."""

from __future__ import annotations

import dataclasses
import sys
import types
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QTranslator
from PySide6.QtWidgets import QLabel, QLineEdit, QPlainTextEdit, QPushButton, QRadioButton, QSpinBox
from pytestqt.qtbot import QtBot

from guardian.api import Event, EventKind, RateLimited
from guardian.requests_client import ApprovedBy, RequestState, RequestView
from tests.helpers.fake_api import FakeApi, sample_status
from tests.helpers.fake_requests import VALID_CODE, FakeRequests
from ui.ask_time import NOTE_LIMIT, AskTimeDialog
from ui.i18n import TRANSLATIONS_DIR


@pytest.fixture
def requests(api: FakeApi) -> FakeRequests:
    return FakeRequests(api)


def _dialog(qtbot: QtBot, api: FakeApi, **status: Any) -> AskTimeDialog:
    dialog = AskTimeDialog(api, sample_status(**status))
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _child(dialog: AskTimeDialog, kind: type, name: str) -> Any:
    widget = dialog.findChild(kind, name)
    assert widget is not None, name
    return widget


def _text(dialog: AskTimeDialog, name: str) -> str:
    label = _child(dialog, QLabel, name)
    return label.text() if label.isVisibleTo(dialog) else ""


def _shown(dialog: AskTimeDialog, kind: type, name: str) -> bool:
    return bool(_child(dialog, kind, name).isVisibleTo(dialog))


def _russian() -> None:
    translator = QTranslator(QCoreApplication.instance())
    if not translator.load("guardian_ru", str(TRANSLATIONS_DIR)):
        pytest.skip("run `make translations` to build the .qm")
    QCoreApplication.installTranslator(translator)


@pytest.mark.parametrize(
    ("choice", "custom", "minutes"),
    [("ask-15", None, 15), ("ask-30", None, 30), ("ask-60", None, 60), ("ask-custom", 95, 95)],
)
def test_sends_the_chosen_time_and_message_then_shows_the_code(
    qtbot: QtBot,
    api: FakeApi,
    requests: FakeRequests,
    choice: str,
    custom: int | None,
    minutes: int,
) -> None:
    dialog = _dialog(qtbot, api)
    _child(dialog, QRadioButton, choice).setChecked(True)
    if custom is not None:
        _child(dialog, QSpinBox, "ask-custom-minutes").setValue(custom)
    _child(dialog, QPlainTextEdit, "ask-note").setPlainText("  homework  ")
    _child(dialog, QPushButton, "ask-send").click()
    assert api.calls == [
        ("request.mine", {}),
        ("request.submit", {"kind": "time", "minutes": minutes, "note": "homework"}),
    ]
    sent = requests.items[-1]
    assert dialog.request == sent
    assert _text(dialog, "request-state") == "Sent."
    assert _text(dialog, "request-code") == f"Your request code is {sent.id}"
    assert _shown(dialog, QPushButton, "request-parent")


def test_the_message_keeps_to_its_limit(qtbot: QtBot, api: FakeApi, requests: FakeRequests) -> None:
    dialog = _dialog(qtbot, api)
    note = _child(dialog, QPlainTextEdit, "ask-note")
    note.setPlainText("x" * (NOTE_LIMIT + 40))
    assert len(note.toPlainText()) == NOTE_LIMIT
    assert _text(dialog, "ask-note-count") == f"{NOTE_LIMIT} of {NOTE_LIMIT} characters"


def test_opens_on_the_open_request_and_asks_again_to_change_it(
    qtbot: QtBot, api: FakeApi, requests: FakeRequests
) -> None:
    waiting = requests.add(minutes=45, note="film")
    dialog = _dialog(qtbot, api)
    assert dialog.request == waiting
    assert _text(dialog, "request-asked") == "45 min more time"
    assert _text(dialog, "request-state") == "Waiting for a parent's answer."
    assert _text(dialog, "request-code") == "Your request code is K001"
    _child(dialog, QPushButton, "request-again").click()
    assert dialog.request is None
    assert _child(dialog, QRadioButton, "ask-custom").isChecked()
    assert _child(dialog, QSpinBox, "ask-custom-minutes").value() == 45
    _child(dialog, QRadioButton, "ask-15").setChecked(True)
    _child(dialog, QPushButton, "ask-send").click()
    assert [(r.minutes, r.state) for r in requests.items] == [(15, RequestState.OPEN.value)]
    assert dialog.request == requests.items[0]


def test_without_code_approval_there_is_no_code_field(
    qtbot: QtBot, api: FakeApi, requests: FakeRequests
) -> None:
    requests.add()
    dialog = _dialog(qtbot, api, code_approval=False)
    assert not _shown(dialog, QLineEdit, "request-code-field")
    assert _text(dialog, "request-how").startswith("Tell a parent the code.")


def test_a_code_from_the_parents_phone_approves(
    qtbot: QtBot, api: FakeApi, requests: FakeRequests
) -> None:
    requests.add(minutes=60)
    dialog = _dialog(qtbot, api, code_approval=True)
    field = _child(dialog, QLineEdit, "request-code-field")
    button = _child(dialog, QPushButton, "request-code-approve")
    assert _shown(dialog, QLineEdit, "request-code-field")
    qtbot.keyClicks(field, "12ab34")  # letters are not taken
    assert field.text() == "1234" and not button.isEnabled()
    field.setText("000000")
    assert button.isEnabled()
    button.click()
    assert _text(dialog, "request-error") == "That code did not work. Check it and try again."
    assert dialog.request is not None and dialog.request.open
    field.setText(VALID_CODE)
    with qtbot.waitSignal(dialog.answered):
        button.click()
    # The parent's code gives at most the amount set for codes (30 min here).
    assert _text(dialog, "request-state") == "Approved: 30 min more"
    assert not _shown(dialog, QLineEdit, "request-code-field")
    assert not _shown(dialog, QPushButton, "request-parent")
    assert api.grants == [("child", 30)]


def test_too_many_wrong_codes_say_how_long_to_wait(
    qtbot: QtBot, api: FakeApi, requests: FakeRequests
) -> None:
    requests.add()
    requests.throttle_for = 250.0
    dialog = _dialog(qtbot, api, code_approval=True)
    _child(dialog, QLineEdit, "request-code-field").setText(VALID_CODE)
    _child(dialog, QPushButton, "request-code-approve").click()
    assert _text(dialog, "request-error") == (
        "Too many codes did not work. Please wait 5 min and try again."
    )


def test_a_request_answered_meanwhile_shows_its_answer_not_an_error_text(
    qtbot: QtBot, api: FakeApi, requests: FakeRequests
) -> None:
    waiting = requests.add()
    dialog = _dialog(qtbot, api, code_approval=True)
    # The parent declines on their own session; the dialog hears it.
    requests.items[0] = dataclasses.replace(waiting, state="declined", message="Bedtime!")
    api.push(Event(EventKind.REQUEST_ANSWERED, dataclasses.asdict(requests.items[0])))
    assert _text(dialog, "request-state") == "Your parent said no."
    assert _text(dialog, "request-message") == "Your parent says: “Bedtime!”"
    assert not _shown(dialog, QLineEdit, "request-code-field")
    assert _child(dialog, QPushButton, "request-again").text() == "Ask for more"


def test_rate_limits_and_a_service_down_are_told_kindly(
    qtbot: QtBot, api: FakeApi, requests: FakeRequests
) -> None:
    dialog = _dialog(qtbot, api)

    def limited(_params: dict[str, Any]) -> Any:
        raise RateLimited(90.0, "requests")

    api.handlers["request.submit"] = limited
    _child(dialog, QPushButton, "ask-send").click()
    assert _text(dialog, "ask-error") == (
        "You have asked a lot in a short time. Please wait 2 min and try again."
    )
    api.set_available(False)
    _child(dialog, QPushButton, "ask-send").click()
    assert _text(dialog, "ask-error") == (
        "Guardian is not running right now, so this cannot be sent. Please ask a parent in person."
    )
    assert dialog.request is None


def _fake_answer_dialog(
    monkeypatch: pytest.MonkeyPatch, answer: Any
) -> list[tuple[Any, RequestView, Any]]:
    seen: list[tuple[Any, RequestView, Any]] = []
    module = types.ModuleType("ui.answer_dialog")

    def approve_on_the_spot(api: Any, view: RequestView, parent: Any) -> RequestView | None:
        seen.append((api, view, parent))
        return answer(view)

    module.approve_on_the_spot = approve_on_the_spot  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "ui.answer_dialog", module)
    return seen


def test_a_parent_here_approves_on_the_spot(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, api: FakeApi, requests: FakeRequests
) -> None:
    def approve(view: RequestView) -> RequestView:
        return dataclasses.replace(
            view,
            state=RequestState.APPROVED.value,
            given_minutes=20,
            outside_hours=True,
            message="Finish the film",
            by=ApprovedBy.PARENT.value,
        )

    seen = _fake_answer_dialog(monkeypatch, approve)
    waiting = requests.add(minutes=30)
    dialog = _dialog(qtbot, api)
    with qtbot.waitSignal(dialog.answered):
        _child(dialog, QPushButton, "request-parent").click()
    assert seen == [(api, waiting, dialog)]
    assert _text(dialog, "request-state") == (
        "Approved: 20 min more (also outside your allowed hours)"
    )
    assert _text(dialog, "request-message") == "Your parent says: “Finish the film”"


def test_a_parent_who_gives_up_leaves_the_request_waiting(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, api: FakeApi, requests: FakeRequests
) -> None:
    _fake_answer_dialog(monkeypatch, lambda _view: None)
    requests.add()
    dialog = _dialog(qtbot, api)
    with qtbot.assertNotEmitted(dialog.answered):
        _child(dialog, QPushButton, "request-parent").click()
    assert _text(dialog, "request-state") == "Waiting for a parent's answer."


def test_in_russian(qtbot: QtBot, api: FakeApi, requests: FakeRequests) -> None:
    _russian()
    dialog = _dialog(qtbot, api, code_approval=True)
    assert dialog.windowTitle() == "Попросить ещё времени"
    assert _child(dialog, QRadioButton, "ask-60").text() == "1 ч"
    _child(dialog, QPushButton, "ask-send").click()
    assert _text(dialog, "request-state") == "Отправлено."
    assert _text(dialog, "request-code") == "Код твоей просьбы: K001"
    _child(dialog, QLineEdit, "request-code-field").setText("999999")
    _child(dialog, QPushButton, "request-code-approve").click()
    assert _text(dialog, "request-error") == "Этот код не подошёл. Проверь его и попробуй снова."
    _child(dialog, QLineEdit, "request-code-field").setText(VALID_CODE)
    _child(dialog, QPushButton, "request-code-approve").click()
    assert _text(dialog, "request-state") == "Одобрено: ещё 30 мин"
