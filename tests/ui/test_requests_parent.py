"""The parent's side of children's requests: what a grant says it does, answering a request,
approving on the spot, the Requests page with approval from the phone, and the tray's notice."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QLocale, QSettings, Qt, QTranslator
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QSpinBox,
)
from pytestqt.qtbot import QtBot

from guardian.api import Event, EventKind, InvalidRequest
from guardian.requests_client import RequestState, RequestView
from tests.helpers.fake_api import FakeApi, blocked_status, sample_status
from tests.helpers.fake_requests import VALID_CODE, FakeRequests
from tests.helpers.modal import enter_password, when_modal
from ui import blocked
from ui import tray as tray_module
from ui.answer_dialog import AnswerDialog, answer_request, approve_on_the_spot
from ui.blocked import BlockedWindow
from ui.grant import GrantChoice, GrantDialog
from ui.i18n import TRANSLATIONS_DIR
from ui.password import PasswordDialog
from ui.request_texts_parent import outcome_text, request_notice
from ui.requests_page import RequestsPage, grouped_secret, show_requests_page
from ui.settings import SettingsDialog
from ui.tray import TrayAgent

BEDTIME = blocked_status(reasons=("outside_hours",), next_change="2026-12-01T07:00:00+03:00")
EARLY = blocked_status(reasons=("outside_hours",), next_change="2026-11-30T07:00:00+03:00")
"""Before the allowed hours of the same day: time for later can still be used today."""


@pytest.fixture(params=["en", "ru"])
def language(request: pytest.FixtureRequest, qapp: QApplication) -> Iterator[str]:
    translator = QTranslator(QCoreApplication.instance())
    if not translator.load(f"guardian_{request.param}", str(TRANSLATIONS_DIR)):
        pytest.skip("run `make translations` to build the .qm")
    QCoreApplication.installTranslator(translator)
    if request.param == "ru":
        QLocale.setDefault(QLocale(QLocale.Language.Russian, QLocale.Country.Russia))
    yield request.param


@pytest.fixture
def requests(api: FakeApi) -> FakeRequests:
    return FakeRequests(api, enrolled=False)


@pytest.fixture
def store(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "guardian.ini"), QSettings.Format.IniFormat)


def _child(widget: object, kind: type, name: str):  # type: ignore[no-untyped-def]
    found = widget.findChild(kind, name)  # type: ignore[attr-defined]
    assert found is not None, name
    return found


def _sentence(widget: object) -> str:
    return str(_child(widget, QLabel, "grant-sentence").text())


# --- What a grant says it does -----------------------------------------------------------------


def test_the_sentence_says_what_the_grant_does_and_follows_every_change(
    qtbot: QtBot, language: str
) -> None:
    choice = GrantChoice(asked=30)
    qtbot.addWidget(choice)
    outside = _child(choice, QCheckBox, "grant-outside-hours")
    assert not outside.isChecked(), "the allowed hours are never lifted unless ticked"
    assert choice.minutes() == 30 and not choice.outside_hours() and choice.ready()
    if language == "en":
        assert _sentence(choice) == "Adds 30 min to today's time, usable within the allowed hours."
    else:
        assert _sentence(choice) == (
            "Добавляет 30 мин к сегодняшнему времени — в пределах разрешённых часов."
        )
    outside.setChecked(True)
    assert choice.outside_hours()
    if language == "en":
        assert _sentence(choice) == (
            "Opens the computer now for 30 min, even outside the allowed hours (bedtime)."
        )
    else:
        assert _sentence(choice).startswith("Открывает компьютер сейчас на 30 мин")
    _child(choice, QRadioButton, "grant-60").setChecked(True)
    assert choice.minutes() == 60
    if language == "en":
        assert _sentence(choice) == (
            "Opens the computer now for 1 h, even outside the allowed hours (bedtime)."
        )
    _child(choice, QRadioButton, "grant-rest").setChecked(True)
    outside.setChecked(False)
    assert choice.minutes() is None and choice.rest_of_day()
    if language == "en":
        assert _sentence(choice) == (
            "Lifts today's time limit for the rest of the day, within the allowed hours."
        )
    _child(choice, QRadioButton, "grant-custom").setChecked(True)
    _child(choice, QSpinBox, "grant-custom-minutes").setValue(90)
    assert choice.minutes() == 90
    if language == "en":
        assert (
            _sentence(choice) == "Adds 1 h 30 min to today's time, usable within the allowed hours."
        )


def test_outside_the_hours_the_parent_must_choose_and_is_told_why(
    qtbot: QtBot, language: str
) -> None:
    dialog = GrantDialog(status=EARLY, name="Anna")
    qtbot.addWidget(dialog)
    ok = _child(dialog, QPushButton, "grant-ok")
    within = _child(dialog, QRadioButton, "grant-within-hours")
    now = _child(dialog, QRadioButton, "grant-open-now")
    assert not within.isChecked() and not now.isChecked(), "nothing is chosen silently"
    assert not ok.isEnabled()
    dialog.accept()
    assert dialog.result() != GrantDialog.DialogCode.Accepted
    note = _child(dialog, QLabel, "grant-hours-note").text()
    if language == "en":
        assert note == (
            "It is outside the allowed hours now. Extra time alone does not open the computer "
            "until they begin (07:00)."
        )
    else:
        assert "07:00" in note and note.startswith("Сейчас не разрешённые часы")
    within.setChecked(True)
    assert ok.isEnabled() and not dialog.outside_hours()
    now.setChecked(True)
    assert dialog.outside_hours() and dialog.minutes() == 15
    if language == "en":
        assert _sentence(dialog) == (
            "Opens the computer now for 15 min, even outside the allowed hours (bedtime)."
        )


def test_at_bedtime_time_for_later_is_not_offered_since_bonus_ends_at_midnight(
    qtbot: QtBot, language: str
) -> None:
    dialog = GrantDialog(status=BEDTIME, name="Anna")
    qtbot.addWidget(dialog)
    within = _child(dialog, QRadioButton, "grant-within-hours")
    now = _child(dialog, QRadioButton, "grant-open-now")
    assert not within.isEnabled() and not now.isChecked()
    assert not _child(dialog, QPushButton, "grant-ok").isEnabled()
    note = _child(dialog, QLabel, "grant-hours-note").text()
    if language == "en":
        assert "they do not begin again today" in note
    else:
        assert "сегодня" in note
    now.setChecked(True)
    assert dialog.outside_hours() and _child(dialog, QPushButton, "grant-ok").isEnabled()


def test_the_time_up_screen_grants_with_the_hours_choice(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, api: FakeApi
) -> None:
    monkeypatch.setattr(blocked, "ask_parent_token", lambda api, parent: api.login("secret"))
    api.current = BEDTIME
    window = BlockedWindow(api)
    qtbot.addWidget(window)
    window.set_status(BEDTIME)

    def answer(dialog: GrantDialog) -> None:
        _child(dialog, QRadioButton, "grant-60").setChecked(True)
        _child(dialog, QRadioButton, "grant-open-now").setChecked(True)
        dialog.accept()

    when_modal(GrantDialog, answer)
    with qtbot.waitSignal(window.granted):
        _child(window, QPushButton, "blocked-unlock").click()
    assert api.grants == [("child", 60)]
    assert api.grants_outside_hours == [True]
    assert api.tokens == set()
    window.set_status(sample_status())


def open_settings(qtbot: QtBot, api: FakeApi, store: QSettings) -> SettingsDialog:
    dialog = SettingsDialog(api, api.login("secret"), settings=store)
    qtbot.addWidget(dialog)
    return dialog


def test_bonus_time_says_what_it_does_and_opens_the_hours_only_when_ticked(
    qtbot: QtBot, api: FakeApi, store: QSettings
) -> None:
    page = open_settings(qtbot, api, store).bonus_page
    _child(page, QRadioButton, "grant-60").setChecked(True)
    page.give_button.click()
    _child(page, QCheckBox, "grant-outside-hours").setChecked(True)
    _child(page, QRadioButton, "grant-rest").setChecked(True)
    page.give_button.click()
    assert api.grants == [("child", 60), ("child", None)]
    assert api.grants_outside_hours == [False, True]
    assert page.result.text() == (
        "Child may use the computer for the rest of the day. Opens the computer now for the "
        "rest of the day, even outside the allowed hours (bedtime)."
    )


def test_a_new_profile_gets_bonus_time_once_applied(
    qtbot: QtBot, api: FakeApi, store: QSettings
) -> None:
    dialog = open_settings(qtbot, api, store)
    dialog.profiles_page.add_button.click()
    assert not dialog.bonus_page.give_button.isEnabled()
    assert dialog.apply()
    assert dialog.bonus_page.give_button.isEnabled()
    dialog.bonus_page.give_button.click()
    assert api.grants == [("child-2", 15)]


# --- Answering one request ---------------------------------------------------------------------


def _answer(dialog: AnswerDialog, option: str, message: str = "") -> None:
    _child(dialog, QRadioButton, option).setChecked(True)
    if message:
        _child(dialog, QLineEdit, "answer-message").setText(message)
    _child(dialog, QPushButton, "answer-ok").click()


def test_a_time_request_is_approved_as_asked(
    qtbot: QtBot, api: FakeApi, requests: FakeRequests
) -> None:
    view = requests.add(note="Homework is done")
    token = api.login("secret")
    when_modal(AnswerDialog, lambda d: _child(d, QPushButton, "answer-ok").click())
    answered = answer_request(api, token, view)
    assert answered is not None and answered.state == RequestState.APPROVED.value
    assert answered.given_minutes == 30 and not answered.outside_hours
    assert api.grants == [("child", 30)] and api.grants_outside_hours == [False]


def test_a_time_request_is_approved_with_a_change(
    qtbot: QtBot, api: FakeApi, requests: FakeRequests
) -> None:
    view = requests.add(minutes=45)
    token = api.login("secret")

    def change(dialog: AnswerDialog) -> None:
        _child(dialog, QRadioButton, "grant-60").setChecked(True)
        _child(dialog, QCheckBox, "grant-outside-hours").setChecked(True)
        assert _sentence(dialog) == (
            "Opens the computer now for 1 h, even outside the allowed hours (bedtime)."
        )
        _child(dialog, QPushButton, "answer-ok").click()

    when_modal(AnswerDialog, change)
    answered = answer_request(api, token, view)
    assert answered is not None and answered.given_minutes == 60 and answered.outside_hours
    assert api.grants_outside_hours == [True]


def test_a_request_is_declined_with_a_message(
    qtbot: QtBot, api: FakeApi, requests: FakeRequests, language: str
) -> None:
    view = requests.add()
    token = api.login("secret")
    when_modal(AnswerDialog, lambda d: _answer(d, "answer-decline", "Dinner first, then we'll see"))
    answered = answer_request(api, token, view)
    assert answered is not None and answered.state == RequestState.DECLINED.value
    assert answered.message == "Dinner first, then we'll see"
    assert api.grants == []
    assert outcome_text(answered) == ("Declined" if language == "en" else "Отказано")


def test_the_message_is_at_most_500_characters(qtbot: QtBot, requests: FakeRequests) -> None:
    dialog = AnswerDialog(requests.add())
    qtbot.addWidget(dialog)
    field = _child(dialog, QLineEdit, "answer-message")
    field.setText("x" * 600)
    assert len(field.text()) == 500


def test_access_to_a_site_can_be_approved_blocked_or_declined(
    qtbot: QtBot, api: FakeApi, requests: FakeRequests
) -> None:
    token = api.login("secret")
    site = requests.add(kind="access", minutes=None, target="site:example.com")
    dialog = AnswerDialog(site)
    qtbot.addWidget(dialog)
    approve = _child(dialog, QRadioButton, "answer-approve")
    assert approve.text() == "Approve: add example.com to Child's allowed sites"
    assert _child(dialog, QRadioButton, "answer-block").text() == (
        "Block: add example.com to Child's blocked sites"
    )
    assert dialog.findChild(GrantChoice) is None
    when_modal(AnswerDialog, lambda d: _answer(d, "answer-block"))
    answered = answer_request(api, token, site)
    assert answered is not None and answered.state == RequestState.BLOCKED.value
    app = requests.add(kind="access", minutes=None, target="app:minecraft", target_name="Minecraft")
    dialog = AnswerDialog(app)
    qtbot.addWidget(dialog)
    assert dialog.findChild(QRadioButton, "answer-block") is None, "apps are not blocked here"
    assert _child(dialog, QRadioButton, "answer-approve").text() == (
        "Approve: add Minecraft to Child's allowed apps"
    )
    when_modal(AnswerDialog, lambda d: _answer(d, "answer-approve"))
    answered = answer_request(api, token, app)
    assert answered is not None and answered.state == RequestState.APPROVED.value
    assert api.grants == [], "access is not time"


@pytest.mark.parametrize(
    ("button", "state"),
    [("answer-block", RequestState.BLOCKED), ("answer-seen", RequestState.SEEN)],
)
def test_a_reported_site_is_blocked_or_marked_seen_in_one_click(
    qtbot: QtBot, api: FakeApi, requests: FakeRequests, button: str, state: RequestState
) -> None:
    report = requests.add(
        kind="report", minutes=None, target="site:scary.example", note="It showed awful pictures"
    )
    token = api.login("secret")

    def click(dialog: AnswerDialog) -> None:
        assert "It showed awful pictures" in _child(dialog, QLabel, "answer-note").text()
        _child(dialog, QPushButton, button).click()

    when_modal(AnswerDialog, click)
    answered = answer_request(api, token, report)
    assert answered is not None and answered.state == state.value


def test_a_refused_answer_is_explained_in_plain_words(
    qtbot: QtBot, api: FakeApi, requests: FakeRequests
) -> None:
    view = requests.add()

    def refuse(params: dict[str, object]) -> object:
        raise InvalidRequest("request 'K001' was already answered")

    api.handlers["requests.answer"] = refuse
    token = api.login("secret")

    def try_once(dialog: AnswerDialog) -> None:
        _child(dialog, QPushButton, "answer-ok").click()
        error = _child(dialog, QLabel, "answer-error").text()
        assert "K001" not in error and "already answered" not in error
        assert error.startswith("The service did not accept this answer")
        assert dialog.isVisible(), "the parent can try again or cancel"
        dialog.reject()

    when_modal(AnswerDialog, try_once)
    assert answer_request(api, token, view) is None


def test_a_parent_at_the_child_computer_approves_on_the_spot(
    qtbot: QtBot, api: FakeApi, requests: FakeRequests
) -> None:
    view = requests.add()

    def password(dialog: PasswordDialog) -> None:
        purpose = _child(dialog, QLabel, "password-purpose").text()
        assert (
            purpose
            == "A parent answers Child's request here: 30 more minutes. The password is not kept."
        )
        when_modal(AnswerDialog, lambda d: _child(d, QPushButton, "answer-ok").click())
        enter_password(dialog, "secret")

    when_modal(PasswordDialog, password)
    answered = approve_on_the_spot(api, view, None)
    assert answered is not None and answered.state == RequestState.APPROVED.value
    assert api.tokens == set(), "the token is logged out after"
    assert api.grants == [("child", 30)]


def test_on_the_spot_without_the_password_changes_nothing(
    qtbot: QtBot, api: FakeApi, requests: FakeRequests
) -> None:
    view = requests.add()
    when_modal(PasswordDialog, lambda d: d.reject())
    assert approve_on_the_spot(api, view, None) is None
    assert requests.items[0].open and api.grants == []


# --- The Requests page -------------------------------------------------------------------------


def _page(dialog: SettingsDialog) -> RequestsPage:
    page = show_requests_page(dialog)
    dialog.show()
    return page


def _rows(page: RequestsPage) -> list[str]:
    return [w.objectName() for w in page.findChildren(QLabel) if w.isVisible()]


def test_the_page_lists_open_requests_first_then_the_answered_ones(
    qtbot: QtBot, api: FakeApi, requests: FakeRequests, store: QSettings, language: str
) -> None:
    requests.add(state="approved", given_minutes=30, answered_at="2026-11-29T18:00:00+03:00")
    requests.add(note="Please, the match is on")
    requests.add(kind="report", minutes=None, target="site:scary.example")
    dialog = open_settings(qtbot, api, store)
    page = _page(dialog)
    qtbot.waitUntil(lambda: bool(page.requests))
    assert [r.id for r in page.requests] == ["K002", "K003", "K001"]
    open_box_text = " ".join(label.text() for label in page.open_box.findChildren(QLabel))
    if language == "en":
        assert "Child (kid): 30 more minutes" in open_box_text
        assert "request code K002" in open_box_text
        assert "“Please, the match is on”" in open_box_text
        assert "Child (kid): Reported the site scary.example" in open_box_text
    else:
        assert "Child (kid): ещё 30 минут" in open_box_text
    buttons = {b.text() for b in page.open_box.findChildren(QPushButton)}
    if language == "en":
        assert buttons == {"Approve…", "Decline…", "Block this site…", "Mark as seen…"}
    outcomes = [w.text() for w in page.answered_box.findChildren(QLabel, "request-outcome")]
    assert outcomes == (["Approved: 30 min"] if language == "en" else ["Разрешено: 30 мин"])


def test_the_page_answers_and_follows_new_and_answered_requests(
    qtbot: QtBot, api: FakeApi, requests: FakeRequests, store: QSettings
) -> None:
    requests.enrolled = True
    dialog = open_settings(qtbot, api, store)
    page = _page(dialog)
    assert page.requests == []
    requests._submit({"kind": "time", "minutes": 20, "note": ""})
    qtbot.waitUntil(lambda: len(page.requests) == 1)
    when_modal(AnswerDialog, lambda d: _answer(d, "answer-decline", "Not tonight"))
    row = _child(page.open_box, QPushButton, "request-decline")
    row.click()
    assert [r.state for r in page.requests] == [RequestState.DECLINED.value]
    requests._submit({"kind": "time", "minutes": 15, "note": ""})
    qtbot.waitUntil(lambda: len(page.requests) == 2)
    requests._approve_code({"id": page.requests[0].id, "code": VALID_CODE})
    qtbot.waitUntil(lambda: all(not r.open for r in page.requests))


def test_a_phone_is_set_up_with_a_qr_code_and_a_confirming_code(
    qtbot: QtBot, api: FakeApi, requests: FakeRequests, store: QSettings, language: str
) -> None:
    dialog = open_settings(qtbot, api, store)
    page = _page(dialog)
    qtbot.waitUntil(lambda: page.requests == [] and page.setup_button.isVisible())
    assert not page.off_button.isEnabled()
    page.setup_button.click()
    pixmap = page.qr_label.pixmap()
    assert not pixmap.isNull()
    assert pixmap.width() == pixmap.height() and pixmap.width() >= 150, "readable on screen"
    image = pixmap.toImage()
    assert image.pixelColor(2, 2).lightness() > 200, "the quiet zone is white"
    assert grouped_secret("JBSWY3DPEHPK3PXP") in page.secret_label.text()
    page.confirm_edit.setText("000000")
    page.confirm_button.click()
    if language == "en":
        assert page.codes_message.text() == (
            "That code does not match. Check the time on your phone and try again."
        )
    else:
        assert page.codes_message.text() == (
            "Код не подходит. Проверьте время на телефоне и попробуйте ещё раз."
        )
    assert not requests.enrolled
    page.confirm_edit.setText(VALID_CODE)
    page.confirm_button.click()
    assert requests.enrolled and not page.enrol_box.isVisible()
    assert page.off_button.isEnabled()


def test_turning_codes_off_asks_first(
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    api: FakeApi,
    requests: FakeRequests,
    store: QSettings,
) -> None:
    requests.enrolled = True
    dialog = open_settings(qtbot, api, store)
    page = _page(dialog)
    qtbot.waitUntil(page.off_button.isEnabled)
    answers = [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes]
    monkeypatch.setattr(QMessageBox, "question", lambda *args: answers.pop(0))
    page.off_button.click()
    assert requests.enrolled
    page.off_button.click()
    assert not requests.enrolled and not page.off_button.isEnabled()


def test_how_much_a_code_gives_is_saved_with_the_settings(
    qtbot: QtBot, api: FakeApi, requests: FakeRequests, store: QSettings
) -> None:
    dialog = open_settings(qtbot, api, store)
    page = dialog.findChild(RequestsPage)
    assert page is not None and page.code_minutes_spin.value() == 30
    page.code_minutes_spin.setValue(45)
    assert "at most 45 minutes" in _child(page, QLabel, "codes-explained").text()
    assert dialog.apply()
    assert api.policy.requests.code_minutes == 45


def test_a_managed_code_amount_is_locked(
    qtbot: QtBot, api: FakeApi, requests: FakeRequests, store: QSettings
) -> None:
    lab = {"layer": "managed", "file": "10-lab.toml"}
    api.handlers["policy.sources"] = lambda params: {"requests.code_minutes": lab}
    page = open_settings(qtbot, api, store).findChild(RequestsPage)
    assert page is not None and page.code_minutes_spin.isReadOnly()
    assert "10-lab.toml" in page.code_minutes_spin.toolTip()


# --- The notice on the parent's session ----------------------------------------------------------


def _request_event(**fields: object) -> Event:
    data: dict[str, object] = {
        "id": "H7KM",
        "kind": "time",
        "account": "kid",
        "profile_id": "anna",
        "profile_name": "Anna",
        "at": "2026-11-30T16:00:00+03:00",
        "minutes": 30,
        "target": None,
        "target_name": None,
        "note": "",
        "state": "open",
    }
    data.update(fields)
    return Event(EventKind.REQUEST, data)


@pytest.mark.parametrize(
    ("fields", "english", "russian"),
    [
        ({}, "Anna asks for 30 more minutes", "Anna просит ещё 30 минут"),
        (
            {"kind": "access", "minutes": None, "target": "site:example.com"},
            "Anna asks to open example.com",
            "Anna просит открыть example.com",
        ),
        (
            {"kind": "report", "minutes": None, "target": "site:example.com"},
            "Anna reported a site: example.com",
            "Anna сообщает о сайте: example.com",
        ),
    ],
)
def test_a_parent_is_told_and_the_notice_opens_the_requests(
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    api: FakeApi,
    language: str,
    fields: dict[str, object],
    english: str,
    russian: str,
) -> None:
    api.current = sample_status(account="parent", restricted=False, profile_id=None)
    agent = TrayAgent(api)
    agent.start()
    opened: list[bool] = []
    monkeypatch.setattr(agent, "open_settings", lambda *, requests=False: opened.append(requests))
    try:
        with qtbot.waitSignal(agent.notified) as told:
            api.push(_request_event(**fields))
        assert told.args[1] == (english if language == "en" else russian)
        agent.tray.messageClicked.emit()
        assert opened == [True]
    finally:
        agent.close()


def test_a_child_hears_no_request_notice_and_has_no_requests_entry(
    qtbot: QtBot, agent: TrayAgent, api: FakeApi
) -> None:
    told: list[object] = []
    agent.notified.connect(lambda *args: told.append(args))
    api.push(_request_event())
    assert told == []
    menu = QMenu()
    agent.fill_menu(menu)
    assert "Requests…" not in [a.text() for a in menu.actions()]


def test_the_parent_menu_opens_the_settings_on_the_requests_page(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, api: FakeApi, store: QSettings
) -> None:
    FakeRequests(api)
    api.current = sample_status(account="parent", restricted=False, profile_id=None)
    agent = TrayAgent(api)
    agent.start()
    shown: list[str] = []

    def look(dialog: SettingsDialog) -> None:
        shown.append(dialog.pages.currentItem().text())
        dialog.reject()

    monkeypatch.setattr(tray_module, "ask_parent_token", lambda *args: api.login("secret"))
    try:
        menu = QMenu()
        agent.fill_menu(menu)
        entry = next(a for a in menu.actions() if a.text() == "Requests…")
        when_modal(SettingsDialog, look)
        entry.trigger()
        assert shown == ["Requests"]
        assert api.tokens == set()
    finally:
        agent.close()


def test_the_notice_names_the_account_when_no_profile_name_is_known(language: str) -> None:
    view = RequestView(
        id="A1",
        kind="time",
        account="kid",
        profile_id=None,
        profile_name=None,
        at="2026-11-30T16:00:00+03:00",
        minutes=1,
        target=None,
        target_name=None,
        note="just one",
        state="open",
    )
    title, text = request_notice(view)
    if language == "en":
        assert (title, text) == ("A request from kid", "kid asks for 1 more minute\n“just one”")
    else:
        assert (title, text) == ("Запрос: kid", "kid просит ещё 1 минуту\n«just one»")


def test_news_from_the_service_never_asks_the_password(
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    api: FakeApi,
    requests: FakeRequests,
    store: QSettings,
) -> None:
    from ui import settings as settings_module

    asked: list[object] = []
    monkeypatch.setattr(settings_module, "ask_parent_token", lambda *args: asked.append(args))
    dialog = open_settings(qtbot, api, store)
    page = _page(dialog)
    api.tokens.clear()  # the parent's session ended while the settings stayed open
    requests._submit({"kind": "time", "minutes": 20, "note": ""})
    assert asked == [] and page.requests == []


def test_the_rows_stay_while_an_answer_dialog_is_open(
    qtbot: QtBot, api: FakeApi, requests: FakeRequests, store: QSettings
) -> None:
    requests.add()
    dialog = open_settings(qtbot, api, store)
    page = _page(dialog)
    qtbot.waitUntil(lambda: len(page.requests) == 1)
    seen: list[int] = []

    def meanwhile(answer: AnswerDialog) -> None:
        requests._submit({"kind": "access", "target": "site:example.com", "note": ""})
        seen.append(len(page.requests))
        answer.reject()

    when_modal(AnswerDialog, meanwhile)
    _child(page.open_box, QPushButton, "request-approve").click()
    assert seen == [1], "the list does not change under the parent's dialog"
    assert len(page.requests) == 2, "and is read again once it closes"


def test_a_childs_note_is_shown_as_typed_never_as_markup(
    qtbot: QtBot, api: FakeApi, requests: FakeRequests, store: QSettings
) -> None:
    """A note like "<h1>…" or a link must not restyle the parent's windows or look official."""
    note = '<h1 style="color:red">URGENT</h1><a href="http://x.example">approve</a>'
    view = requests.add(note=note)
    dialog = AnswerDialog(view)
    qtbot.addWidget(dialog)
    shown = _child(dialog, QLabel, "answer-note")
    assert shown.textFormat() == Qt.TextFormat.PlainText and note in shown.text()
    page = _page(open_settings(qtbot, api, store))
    qtbot.waitUntil(lambda: bool(page.requests))
    page_labels = [label for label in page.findChildren(QLabel) if note in label.text()]
    assert page_labels and all(
        label.textFormat() == Qt.TextFormat.PlainText for label in page_labels
    )


def test_a_profile_name_holding_a_place_marker_is_shown_as_is(
    qtbot: QtBot, api: FakeApi, requests: FakeRequests
) -> None:
    view = requests.add(profile_name="Anna %2", note="the match")
    dialog = AnswerDialog(view)
    qtbot.addWidget(dialog)
    assert "Anna %2" in _child(dialog, QLabel, "answer-note").text()
