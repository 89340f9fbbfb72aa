"""Asking for a blocked app or site and telling a parent about a site: from the tray's notices
and menu and from the recently blocked sites, in English and Russian, with kind words when
sending fails."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from PySide6.QtWidgets import QMenu
from pytestqt.qtbot import QtBot

from guardian.api import Event, EventKind, RateLimited
from guardian.requests_client import RequestKind, RequestState
from guardian.sites.client import RecentBlock
from tests.helpers.fake_api import FakeApi
from tests.helpers.fake_requests import FakeRequests
from tests.ui.test_activity import speak
from ui.ask_access import AskAccessDialog
from ui.recent_sites import RecentSitesWindow
from ui.report_site import host_of
from ui.tray import TrayAgent

WORDS = {
    "en": {
        "site_title": "The site games.example did not open",
        "site_reason": "Your parent has blocked this site.",
        "app_title": "Minecraft was closed",
        "app_reason": "Your parent has blocked this app.",
        "sent": "Your request was sent",
        "in_person": "Please ask a parent in person",
        "wait": "Please wait 2 min and try again.",
        "down": "Guardian is not running right now",
        "right_thing": "You did the right thing telling us.",
        "reported": "Your parent will see that you told them about scary.example.",
        "bad_address": "That does not look like a site's address.",
        "menu": "Tell my parent about a site…",
    },
    "ru": {
        "site_title": "Сайт games.example не открылся",
        "site_reason": "Родители заблокировали этот сайт.",
        "app_title": "Приложение «Minecraft» закрыто",
        "app_reason": "Родители запретили это приложение.",
        "sent": "Просьба отправлена",
        "in_person": "попроси родителя лично",
        "wait": "Подожди 2 мин и попробуй снова.",
        "down": "Guardian сейчас не работает",
        "right_thing": "Ты правильно сделал(а), что рассказал(а) нам.",
        "reported": "Родитель увидит, что ты рассказал(а) о сайте scary.example.",
        "bad_address": "Это не похоже на адрес сайта.",
        "menu": "Рассказать родителю о сайте…",
    },
}


@pytest.fixture(params=["en", "ru"])
def language(request: pytest.FixtureRequest) -> Iterator[str]:
    """Each test in English and in Russian (the conftest removes the translator after)."""
    speak(request.param)
    yield request.param


@pytest.fixture
def requests(api: FakeApi) -> FakeRequests:
    return FakeRequests(api)


def words(dialog: Any) -> str:
    """Every label's text in a dialog, joined."""
    from PySide6.QtWidgets import QLabel

    return " ".join(label.text() for label in dialog.findChildren(QLabel))


def test_a_blocked_site_notice_opens_the_request_and_it_is_sent(
    qtbot: QtBot, api: FakeApi, agent: TrayAgent, requests: FakeRequests, language: str
) -> None:
    api.push(
        Event(
            EventKind.SITE_BLOCKED,
            {"account": "kid", "name": "games.example", "rule": "block:games.example"},
        )
    )
    agent._on_message_clicked()
    dialog = agent._ask_access
    assert dialog is not None and dialog.isVisible()
    qtbot.addWidget(dialog)
    assert dialog.title.text() == WORDS[language]["site_title"]
    assert dialog.reason.text() == WORDS[language]["site_reason"]
    dialog.note.setPlainText("for my project")
    dialog.send_button.click()
    (asked,) = requests.items
    assert (asked.kind, asked.target, asked.note) == (
        RequestKind.ACCESS.value,
        "site:games.example",
        "for my project",
    )
    assert dialog.sent_page_shown and dialog.code.text() == asked.id
    assert WORDS[language]["sent"] in words(dialog)


def test_a_blocked_app_notice_asks_for_the_app_by_its_id(
    qtbot: QtBot, api: FakeApi, agent: TrayAgent, requests: FakeRequests, language: str
) -> None:
    data = {"account": "kid", "name": "Minecraft", "app": "minecraft", "reason": "blocked"}
    api.push(Event(EventKind.APP_BLOCKED, data))
    agent._on_message_clicked()
    dialog = agent._ask_access
    assert dialog is not None
    qtbot.addWidget(dialog)
    assert dialog.title.text() == WORDS[language]["app_title"]
    assert dialog.reason.text() == WORDS[language]["app_reason"]
    assert dialog.send()
    assert requests.items[0].target == "app:minecraft"


def test_an_app_without_an_id_cannot_be_asked_for_here(
    qtbot: QtBot, api: FakeApi, requests: FakeRequests, language: str
) -> None:
    dialog = AskAccessDialog.for_app(api, None, "game.exe", "blocked")
    qtbot.addWidget(dialog)
    assert dialog.send_button.isHidden() and dialog.note.isHidden()
    assert WORDS[language]["in_person"] in dialog.explain.text()
    assert not dialog.send() and requests.items == []


def test_other_accounts_blocks_open_nothing(
    api: FakeApi, agent: TrayAgent, requests: FakeRequests
) -> None:
    api.push(
        Event(
            EventKind.APP_BLOCKED,
            {"account": "sister", "name": "X", "app": "x", "reason": "blocked"},
        )
    )
    agent._on_message_clicked()
    assert agent._ask_access is None


def test_sending_fails_in_kind_words_and_can_be_tried_again(
    qtbot: QtBot, api: FakeApi, requests: FakeRequests, language: str
) -> None:
    def busy(_params: dict[str, Any]) -> Any:
        raise RateLimited(90.0, "requests")

    submit = api.handlers["request.submit"]
    api.handlers["request.submit"] = busy
    dialog = AskAccessDialog.for_site(api, "games.example", "category:games")
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.send()
    assert dialog.error.isVisible() and dialog.error.text().endswith(WORDS[language]["wait"])
    assert dialog.send_button.isEnabled() and not dialog.sent_page_shown
    api.available = False
    assert not dialog.send()
    assert dialog.error.text().startswith(WORDS[language]["down"])
    api.available = True
    api.handlers["request.submit"] = submit
    assert dialog.send() and dialog.sent_page_shown


def test_telling_a_parent_about_a_site_from_the_menu(
    qtbot: QtBot, api: FakeApi, agent: TrayAgent, requests: FakeRequests, language: str
) -> None:
    menu = QMenu()
    agent.fill_menu(menu)
    entry = next(a for a in menu.actions() if a.text() == WORDS[language]["menu"])
    entry.trigger()
    dialog = agent._report_site
    assert dialog is not None and dialog.isVisible()
    qtbot.addWidget(dialog)
    assert WORDS[language]["right_thing"] in words(dialog)
    dialog.address.setText("not an address")
    assert not dialog.send()
    assert dialog.error.text().startswith(WORDS[language]["bad_address"])
    assert requests.items == []
    dialog.address.setText("https://Scary.Example/some/page?x=1")
    assert not dialog.error.isVisible()
    dialog.note.setPlainText("it showed something awful")
    assert dialog.send()
    (report,) = requests.items
    assert (report.kind, report.target, report.note) == (
        RequestKind.REPORT.value,
        "site:scary.example",
        "it showed something awful",
    )
    assert report.state == RequestState.OPEN.value
    assert dialog.sent_page_shown and dialog.sent_text.text().startswith(
        WORDS[language]["reported"]
    )
    menu.deleteLater()


def test_an_unrestricted_account_has_no_report_entry(api: FakeApi, agent: TrayAgent) -> None:
    api.set_status(restricted=False)
    menu = QMenu()
    agent.fill_menu(menu)
    assert "Tell my parent about a site…" not in [a.text() for a in menu.actions()]
    menu.deleteLater()


@pytest.mark.parametrize(
    ("typed", "host"),
    [
        ("example.com", "example.com"),
        ("  WWW.Example.COM.  ", "www.example.com"),
        ("https://user@video.example:8443/watch?v=1#t", "video.example"),
        ("http://пример.рф/страница", "xn--e1afmkfd.xn--p1ai"),
        ("example.com/path", "example.com"),
        ("localhost", None),
        ("192.168.1.1", None),
        ("two words.com", None),
        ("", None),
        ("https://", None),
        ("bad_host!.com", None),
    ],
)
def test_the_address_is_a_host_name_taken_from_whatever_was_pasted(
    typed: str, host: str | None
) -> None:
    assert host_of(typed) == host


def test_the_recent_sites_window_asks_and_tells_per_site(
    qtbot: QtBot, api: FakeApi, requests: FakeRequests, language: str
) -> None:
    blocks = [
        RecentBlock("2026-11-30T15:40:00+03:00", "child", "casino.example", "category:gambling"),
        RecentBlock("2026-11-30T15:30:00+03:00", "child", "scary.example", "block:scary.example"),
    ]
    window = RecentSitesWindow(api, lambda: date(2026, 11, 30))
    qtbot.addWidget(window)
    window.show_blocks(blocks, date(2026, 11, 30))
    asked = window.ask_access(0)
    assert asked.target == "site:casino.example" and asked.send()
    told = window.tell_parent(1)
    assert told.address.isHidden()
    assert told.send()
    assert [(r.kind, r.target) for r in requests.items] == [
        ("access", "site:casino.example"),
        ("report", "site:scary.example"),
    ]
    assert window.table.cellWidget(0, 3) is not None
