"""The parent's event log: entries in plain words, filters, paging with the service's cursor,
and a sentence for every kind of event the service records."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QLocale, QTranslator
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from guardian.api import EventPage, EventQuery, LoggedEvent
from guardian.problems import ProblemCode
from rules.model import AgePreset, Policy, Profile
from tests.helpers.fake_api import FakeApi
from tests.helpers.modal import enter_password, when_modal
from ui.event_log import EventLogWindow
from ui.event_texts import GROUPS, KNOWN_KINDS, event_text, generic_text, kind_name
from ui.i18n import TRANSLATIONS_DIR
from ui.parent_session import ParentSession
from ui.password import PasswordDialog

ROOT = Path(__file__).resolve().parents[2]

SAMPLES: dict[str, dict[str, Any]] = {
    "blocked": {"reasons": ["daily_budget_spent"]},
    "enforced": {"step": "lock", "account": "kid"},
    "enforcement_failed": {"step": "lock", "error": "Access denied"},
    "warning": {"minutes": 5},
    "app_warning": {"app": "minecraft", "minutes": 5},
    "app_blocked": {
        "account": "kid",
        "app": "minecraft",
        "name": "Minecraft",
        "reason": "app_time_spent",
        "exe": "/usr/bin/minecraft",
    },
    "site_blocked": {"name": "casino.example", "rule": "category:gambling"},
    "request": {"account": "kid", "minutes": 30, "note": "homework"},
    "request_answer": {
        "account": "kid",
        "id": "H7KM",
        "request_kind": "time",
        "minutes": 30,
        "state": "approved",
        "given_minutes": 20,
        "rest_of_day": False,
        "outside_hours": True,
        "message": "just today",
        "by": "code",
    },
    "grant": {"minutes": 60},
    "tamper": {"what": "clock_jump", "seconds": -7200.0, "wall": "2026-12-01T10:00:00+03:00"},
    "login_failed": {"account": "kid", "error": "WrongPassword", "failures": 3},
    "account_added": {"account": "guest", "restricted_by": "anna"},
    "policy_changed": {},
    "policy_file_changed": {"applied": False, "problem": "line 3: unknown field"},
    "password_changed": {},
    "codes_changed": {"enrolled": True},
    "policy_error": {"message": "line 3: unknown field"},
    "feature_failed": {"feature": "apps", "error": "OSError"},
    "state_recovered": {"message": "restored from state.db.snapshot"},
    "state_lost": {"message": "nothing to restore"},
    "report_written": {"week": "2026-W49", "folder": "/srv/reports", "files": 7},
    "report_failed": {
        "weeks": ["2026-W49"],
        "folder": "/srv/reports",
        "reason": "denied",
        "detail": "[Errno 13] Permission denied: '/srv/reports'",
    },
    "report_mailed": {"id": "a1b2"},
    "report_mail_failed": {"reason": "auth", "detail": "535 authentication failed"},
    "report_mail_password": {"set": True},
}
"""One event of each kind the service records, with the fields it records."""

ENGLISH = {
    "blocked": "The computer was blocked: the daily limit was used up",
    "enforced": "Locked the screen of kid",
    "app_blocked": "Ended Minecraft: the daily limit was used up",
    "tamper": "Clock moved back 2 h",
    "login_failed": "Wrong parent password (wrong tries in a row: 3; account kid)",
    "account_added": "New account guest appeared; profile Anna restricts it",
    "grant": "Gave 1 h more",
    "request_answer": (
        "Request H7KM from kid: approved, 20 min more, also outside the allowed hours "
        "(code from the parent's phone): “just today”"
    ),
    "warning": "Warned: 5 min left",
    "report_failed": (
        "The weekly summaries 2026-W49 could not be written to /srv/reports: "
        "Guardian may not write there"
    ),
    "report_mail_failed": (
        "A weekly summary could not be sent yet: the server refused the user name or "
        "password. Check them; some providers need an app password."
    ),
}


def recorded_kinds() -> set[str]:
    """Every kind of event the service's code records: the literal kinds of its `record(`
    calls, and the codes of the ledger's recovery (recorded by their problem code)."""
    call = re.compile(r"\.record\(\s*(?:[^,()]|\([^()]*\))+,\s*([^,)\s]+)")
    kinds: set[str] = set()
    computed: set[str] = set()
    for path in (ROOT / "guardian").rglob("*.py"):
        for match in call.finditer(path.read_text(encoding="utf-8")):
            argument = match[1]
            if argument.startswith('"'):
                kinds.add(argument.strip('"'))
            else:
                computed.add(argument)
    # A kind worked out at run time must be known here, or this test cannot vouch for it.
    assert computed <= {"recovery.code.value", "kind"}, computed
    return kinds | {ProblemCode.STATE_RECOVERED.value, ProblemCode.STATE_LOST.value}


def tamper_kinds() -> set[str]:
    """What a tamper event can be about, from the tamper feature's code."""
    source = (ROOT / "guardian" / "features" / "tamper.py").read_text(encoding="utf-8")
    return set(re.findall(r'what="(\w+)"', source)) | set(
        re.findall(r'_record_jump\([^)]*"(\w+)"\)', source)
    )


@pytest.fixture(params=["en", "ru"])
def language(request: pytest.FixtureRequest, qapp: QApplication) -> Iterator[str]:
    speak(request.param)
    yield request.param


@pytest.fixture
def russian(qapp: QApplication) -> None:
    speak("ru")


def speak(language: str) -> None:
    """Install Guardian's translation (English has its plural forms), and Russia's formats."""
    translator = QTranslator(QCoreApplication.instance())
    if not translator.load(f"guardian_{language}", str(TRANSLATIONS_DIR)):
        pytest.skip("run `make translations` to build the .qm")
    QCoreApplication.installTranslator(translator)
    if language == "ru":
        QLocale.setDefault(QLocale(QLocale.Language.Russian, QLocale.Country.Russia))


def test_every_kind_the_service_records_has_words(language: str) -> None:
    kinds = recorded_kinds()
    assert {"app_blocked", "tamper", "login_failed", "grant", "policy_changed"} <= kinds
    missing = kinds - SAMPLES.keys()
    assert not missing, f"kinds recorded without a sample here (and maybe words): {missing}"
    assert kinds <= KNOWN_KINDS, kinds - KNOWN_KINDS
    # The service's summaries log kinds of their own, named in the groups beforehand.
    for kind in kinds | KNOWN_KINDS:
        data = SAMPLES[kind]
        assert kind_name(kind) != kind, kind
        sentence = event_text(kind, data, {"anna": "Anna"})
        assert sentence and sentence != generic_text(data), kind


def test_every_tamper_event_has_a_sentence() -> None:
    whats = tamper_kinds()
    assert {"clock_jump", "secrets_edited", "admin_child", "tray_stopped"} <= whats
    for what in whats:
        data = {"what": what, "seconds": 60.0, "account": "kid", "file": "/etc/secrets"}
        assert event_text("tamper", data, {}) != generic_text(data), what


def test_sentences_read_as_a_parent_expects() -> None:
    for kind, expected in ENGLISH.items():
        assert event_text(kind, SAMPLES[kind], {"anna": "Anna"}) == expected
    stopped = {"what": "clock_changed_while_stopped", "seconds": 3 * 3600.0}
    assert event_text("tamper", stopped, {}) == (
        "Clock moved forward 3 h while Guardian was not running"
    )
    throttled = {"account": "kid", "error": "Throttled", "failures": 5}
    assert event_text("login_failed", throttled, {}) == (
        "Parent password refused: too many wrong tries (account kid)"
    )


def test_russian_sentences_are_translated(russian: None) -> None:
    assert event_text("app_blocked", SAMPLES["app_blocked"], {}) == (
        "Закрыто Minecraft: дневной лимит исчерпан"
    )
    assert kind_name("tamper") == "Попытки обхода"
    for kind in KNOWN_KINDS:
        english = ENGLISH.get(kind)
        if english is not None:
            assert event_text(kind, SAMPLES[kind], {"anna": "Anna"}) != english


REQUESTS = [
    (
        {
            "account": "kid",
            "request_kind": "access",
            "target": "app:minecraft",
            "target_name": "Minecraft",
        },
        "kid asked to use Minecraft",
        "kid просит разрешить Minecraft",
    ),
    (
        {
            "account": "kid",
            "request_kind": "access",
            "target": "site:games.example",
            "note": "for school",
        },
        "kid asked to open the site games.example: “for school”",
        "kid просит открыть сайт games.example: «for school»",
    ),
    (
        {
            "account": "kid",
            "request_kind": "report",
            "target": "site:scary.example",
            "target_name": None,
        },
        "kid told a parent about the site scary.example",
        "kid рассказал(а) родителю о сайте scary.example",
    ),
    (
        {"account": "kid", "request_kind": "time", "minutes": 15},
        "kid asked for 15 min more",
        "kid просит ещё 15 мин",
    ),
]


@pytest.mark.parametrize(("data", "english", "russian_text"), REQUESTS)
def test_every_kind_of_request_has_a_sentence(
    data: dict[str, Any], english: str, russian_text: str, request: pytest.FixtureRequest
) -> None:
    assert event_text("request", data, {}) == english
    request.getfixturevalue("russian")
    assert event_text("request", data, {}) == russian_text


def test_answers_and_grants_say_outside_hours_in_both_languages(
    request: pytest.FixtureRequest,
) -> None:
    declined = {
        "account": "kid",
        "id": "A1",
        "request_kind": "access",
        "state": "declined",
        "by": "parent",
        "message": "",
    }
    rest = {"minutes": None, "outside_hours": True}
    assert event_text("request_answer", declined, {}) == (
        "Request A1 from kid: declined (parent password)"
    )
    assert event_text("grant", rest, {}) == (
        "Gave the rest of the day, also outside the allowed hours"
    )
    assert event_text("grant", {"minutes": 15, "outside_hours": True}, {}) == (
        "Gave 15 min more, also outside the allowed hours"
    )
    request.getfixturevalue("russian")
    assert (
        event_text("request_answer", declined, {})
        == "Просьба A1 от kid: отказано (пароль родителя)"
    )
    assert event_text("grant", rest, {}) == (
        "Дан весь остаток дня, в том числе вне разрешённых часов"
    )


def test_typed_words_holding_place_marks_are_shown_as_typed() -> None:
    """A child's note, a parent's message or an app's name may hold "%1": it is never filled."""
    asked = {"account": "kid", "minutes": 30, "note": "100%1 done %2"}
    assert event_text("request", asked, {}) == "kid asked for 30 min more: “100%1 done %2”"
    answered = {"id": "A1", "account": "kid", "state": "declined", "message": "not %1 now"}
    assert event_text("request_answer", answered, {}) == (
        "Request A1 from kid: declined: “not %1 now”"
    )
    ended = {"name": "Game %1", "reason": "blocked"}
    assert event_text("app_blocked", ended, {}) == "Ended Game %1: it is blocked"


def test_an_unknown_kind_is_shown_with_its_fields() -> None:
    assert kind_name("new_kind") == "new_kind"
    assert event_text("new_kind", {"b": 2, "a": "x"}, {}) == "a: x; b: 2"


def test_groups_hold_each_kind_once() -> None:
    kinds = [kind for group in GROUPS for kind in group.kinds]
    assert len(kinds) == len(set(kinds))


# The window -----------------------------------------------------------------------------------


def logged(count: int) -> list[LoggedEvent]:
    """`count` entries, oldest first: Anna's apps closed, Max's sites blocked, the computer's
    clock changes, in turn (entry n is Anna's when n % 3 == 1)."""
    entries = []
    for number in range(1, count + 1):
        kind, profile = [
            ("tamper", None),
            ("app_blocked", "anna"),
            ("site_blocked", "max"),
        ][number % 3]
        at = f"2026-12-01T{8 + number // 60:02d}:{number % 60:02d}:00+03:00"
        entries.append(LoggedEvent(at, profile, kind, dict(SAMPLES[kind]), number))
    return entries


class Recorder:
    """Wraps the fake service's `events` and keeps each query asked."""

    def __init__(self, api: FakeApi) -> None:
        self.queries: list[EventQuery] = []
        self._events = api.events
        api.events = self  # type: ignore[method-assign]

    def __call__(self, token: str, query: EventQuery) -> EventPage:
        self.queries.append(query)
        return self._events(token, query)


@pytest.fixture
def service(api: FakeApi) -> Recorder:
    api.policy = Policy(
        timezone="Europe/Moscow",
        default_profile="anna",
        profiles=(
            Profile(id="anna", name="Anna", preset=AgePreset.AGE_12, accounts=("kid",)),
            Profile(id="max", name="Max", preset=AgePreset.AGE_6),
        ),
    )
    api.logged = logged(25)
    return Recorder(api)


def open_log(qtbot: QtBot, api: FakeApi) -> EventLogWindow:
    window = EventLogWindow(ParentSession(api, api.login("secret")), page_size=10)
    qtbot.addWidget(window)
    window.start()
    return window


def column(window: EventLogWindow, number: int) -> list[str]:
    return [window.table.item(r, number).text() for r in range(window.table.rowCount())]


def test_pages_go_back_with_the_cursor(qtbot: QtBot, api: FakeApi, service: Recorder) -> None:
    window = open_log(qtbot, api)
    assert service.queries[-1] == EventQuery(None, None, None, 10)
    first = window.table.item(0, 0).text()
    assert window.table.rowCount() == 10
    assert not window.newer_button.isEnabled() and window.older_button.isEnabled()
    window.older_button.click()
    assert service.queries[-1].before == 16
    assert window.table.rowCount() == 10
    window.older_button.click()
    assert service.queries[-1].before == 6
    assert window.table.rowCount() == 5
    assert not window.older_button.isEnabled()
    assert window.page_label.text() == "Page 3"
    window.newer_button.click()
    window.newer_button.click()
    assert service.queries[-1].before is None
    assert window.table.item(0, 0).text() == first


def test_entries_show_names_and_sentences(
    qtbot: QtBot, api: FakeApi, service: Recorder, language: str
) -> None:
    window = open_log(qtbot, api)
    profiles = column(window, 1)
    whole = "Весь компьютер" if language == "ru" else "The whole computer"
    assert set(profiles) == {"Anna", "Max", whole}
    assert "anna" not in profiles and "max" not in profiles
    # Newest first: entry 25 is Anna's app (25 % 3 == 1).
    assert window.table.item(0, 0).text() == QLocale().toString(
        QLocale().toDateTime("2026-12-01 08:25", "yyyy-MM-dd HH:mm"),
        QLocale.FormatType.ShortFormat,
    )
    kind, sentence = window.table.item(0, 2).text(), window.table.item(0, 3).text()
    if language == "en":
        assert (kind, sentence) == ("App closed", "Ended Minecraft: the daily limit was used up")
    else:
        assert (kind, sentence) == (
            "Приложение закрыто",
            "Закрыто Minecraft: дневной лимит исчерпан",
        )


def test_filters_send_the_kinds_and_the_profile(
    qtbot: QtBot, api: FakeApi, service: Recorder, language: str
) -> None:
    api.logged = logged(40)
    window = open_log(qtbot, api)
    window.select_kinds("tamper")
    assert service.queries[-1].kinds == ("tamper", "login_failed", "account_added")
    assert set(column(window, 2)) == {kind_name("tamper")}
    window.select_kinds("blocks")
    window.select_profile("anna")
    query = service.queries[-1]
    assert query.profile_id == "anna" and query.before is None
    assert query.kinds is not None and {"app_blocked", "site_blocked"} <= set(query.kinds)
    assert set(column(window, 1)) == {"Anna"}
    window.older_button.click()
    assert service.queries[-1].profile_id == "anna" and service.queries[-1].before is not None
    window.select_kinds("policy")
    assert window.table.rowCount() == 0
    empty = (
        "Подходящих записей в журнале нет."
        if language == "ru"
        else ("Nothing was logged that matches.")
    )
    assert window.message.text() == empty
    window.select_kinds(None)
    window.select_profile(None)
    assert service.queries[-1] == EventQuery(None, None, None, 10)


def test_a_service_down_is_told_plainly(qtbot: QtBot, api: FakeApi, service: Recorder) -> None:
    window = open_log(qtbot, api)
    api.set_available(False)
    window.reload()
    assert window.table.rowCount() == 0
    assert window.message.text() == (
        "Guardian's service is not running, so the log cannot be read now."
    )


def test_an_expired_login_asks_for_the_password_again(
    qtbot: QtBot, api: FakeApi, service: Recorder
) -> None:
    window = open_log(qtbot, api)
    api.tokens.clear()
    when_modal(PasswordDialog, lambda dialog: enter_password(dialog, "secret"))
    with qtbot.waitSignal(window._session.token_changed):
        window.older_button.click()
    assert window.table.rowCount() == 10 and len(api.tokens) == 1
    api.tokens.clear()
    when_modal(PasswordDialog, lambda dialog: dialog.reject())
    window.reload()
    assert window.message.text() == "The parent password is needed to see the event log."
