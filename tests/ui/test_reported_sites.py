"""Sites a child reported, in the Activity window: the parent blocks one with one click, the
row then says so; a child's own week lists their reports with no button. Requests show their
answers."""

from __future__ import annotations

from collections.abc import Iterator

import msgspec
import pytest
from pytestqt.qtbot import QtBot

from guardian.reports.collect import request_detail
from guardian.reports.model import Event, Events, WeekSummary
from guardian.requests_client import RequestKind, RequestState
from tests.helpers.fake_api import FakeApi
from tests.helpers.fake_requests import FakeRequests
from tests.ui import report_samples
from tests.ui.report_samples import MONDAY
from tests.ui.test_activity import TODAY, open_window, speak, two_children
from ui.activity_page import ActivityWindow, OwnWeeks


@pytest.fixture(params=["en", "ru"])
def language(request: pytest.FixtureRequest) -> Iterator[str]:
    """Each test in English and in Russian."""
    speak(request.param)
    yield request.param


WORDS = {
    "en": {
        "blocked": "Blocked",
        "open": "not answered yet",
        "answered": "anna asked to open the site games.example → declined (parent password): "
        "“after school”",
    },
    "ru": {
        "blocked": "Заблокирован",
        "open": "ещё нет ответа",
        "answered": "anna просит открыть сайт games.example → отказано (пароль родителя): "
        "«после школы»",
    },
}


def _report(request_id: str, host: str, state: str, note: str = "") -> Event:
    detail = request_detail(
        {"id": request_id, "request_kind": "report", "target": f"site:{host}", "note": note},
        {"state": state},
        granted=False,
    )
    return Event("2026-12-01T19:00:00+03:00", "request", "anna", detail)


def reported_week(language: str) -> WeekSummary:
    summary = report_samples.week(MONDAY, name="Anna", profile_id="anna")
    access = Event(
        "2026-12-01T18:30:00+03:00",
        "request",
        "anna",
        request_detail(
            {"id": "A1", "request_kind": "access", "target": "site:games.example"},
            {"state": "declined", "by": "parent", "message": WORDS_MESSAGE[language]},
            granted=False,
        ),
    )
    rows = (
        access,
        _report("R1", "scary.example", "open", "it scared me"),
        _report("R2", "bad.example", "blocked"),
    )
    return msgspec.structs.replace(summary, requests=Events(rows, 0))


WORDS_MESSAGE = {"en": "after school", "ru": "после школы"}


@pytest.fixture
def reported(api: FakeApi, language: str) -> FakeRequests:
    api.policy = two_children()
    api.handlers["reports.week"] = lambda _p: report_samples.as_data(reported_week(language))
    requests = FakeRequests(api)
    requests.add(
        id="R1",
        kind=RequestKind.REPORT.value,
        minutes=None,
        target="site:scary.example",
        target_name="scary.example",
        account="anna",
    )
    return requests


def test_the_parent_blocks_a_reported_site_with_one_click(
    qtbot: QtBot, api: FakeApi, reported: FakeRequests, language: str
) -> None:
    window = open_window(qtbot, api)
    table = window.reports_table
    assert [table.item(r, 2).text() for r in range(table.rowCount())] == [
        "scary.example",
        "bad.example",
    ]
    assert table.item(0, 3).text() == "it scared me"
    assert set(window.block_buttons) == {"R1"}  # the blocked one has no button
    window.block_buttons["R1"].click()
    assert reported.items[0].state == RequestState.BLOCKED.value
    assert table.item(0, 4).text() == WORDS[language]["blocked"]
    assert table.cellWidget(0, 4) is None and window.block_buttons == {}
    texts = [
        window.requests_table.item(r, 1).text() for r in range(window.requests_table.rowCount())
    ]
    assert WORDS[language]["answered"] in texts
    assert not any("scary.example" in t for t in texts)  # reports are in their own tab


def test_a_failed_block_says_why_and_keeps_the_button(
    qtbot: QtBot, api: FakeApi, reported: FakeRequests, language: str
) -> None:
    reported.items.clear()
    window = open_window(qtbot, api)
    window.block_buttons["R1"].click()
    assert not window.report_message.isHidden() and window.report_message.text()
    assert "R1" in window.block_buttons


def test_a_child_sees_their_reports_without_buttons(
    qtbot: QtBot, api: FakeApi, language: str
) -> None:
    api.handlers["reports.mine"] = lambda _p: report_samples.as_data(reported_week(language))
    window = ActivityWindow(OwnWeeks(api), today=lambda _summary: TODAY)
    qtbot.addWidget(window)
    window.start()
    table = window.reports_table
    assert table.rowCount() == 2 and window.block_buttons == {}
    assert table.item(0, 4).text() == WORDS[language]["open"]
