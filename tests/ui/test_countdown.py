"""The countdown: says what ends the session, offers asking for time without stealing focus,
and sits in a right-hand corner the system's notifications leave free, inside the screen."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QLabel, QPushButton
from pytestqt.qtbot import QtBot

from tests.helpers.fake_api import sample_status
from ui.countdown import (
    BOTTOM_RIGHT,
    TOP_RIGHT,
    CountdownWindow,
    corner_position,
    countdown_corner,
)
from ui.texts import (
    SESSION_ENDS_DAY,
    SESSION_ENDS_HOURS,
    SESSION_ENDS_WEEK,
    session_end_cause,
    span_end_seconds,
)

MOSCOW = timezone(timedelta(hours=3))


@pytest.mark.parametrize(
    ("platform", "desktop", "corner"),
    [
        ("win32", "", TOP_RIGHT),
        ("darwin", "", BOTTOM_RIGHT),
        ("linux", "KDE", TOP_RIGHT),
        ("linux", "GNOME", TOP_RIGHT),
        ("linux", "ubuntu:GNOME", TOP_RIGHT),
        ("linux", "XFCE", BOTTOM_RIGHT),
        ("linux", "X-Cinnamon", BOTTOM_RIGHT),
        ("linux", "MATE", BOTTOM_RIGHT),
        ("linux", "Budgie:GNOME", BOTTOM_RIGHT),
        ("linux", "", BOTTOM_RIGHT),
        ("freebsd14", "kde", TOP_RIGHT),
    ],
)
def test_the_corner_is_one_the_notifications_do_not_use(
    platform: str, desktop: str, corner: str
) -> None:
    assert countdown_corner(platform, desktop) == corner


def test_the_window_stays_inside_the_screen() -> None:
    area = QRect(0, 30, 1920, 1050)  # a panel on top
    size = QSize(300, 200)
    assert corner_position(area, size, TOP_RIGHT) == QPoint(1920 - 300 - 16, 30 + 16)
    assert corner_position(area, size, BOTTOM_RIGHT) == QPoint(1920 - 300 - 16, 1080 - 200 - 16)
    small = QRect(100, 0, 250, 150)
    assert corner_position(small, size, BOTTOM_RIGHT) == QPoint(100, 0)
    tight = QRect(0, 0, 310, 205)
    assert corner_position(tight, size, BOTTOM_RIGHT) == QPoint(0, 0)


def test_shown_in_its_corner(qtbot: QtBot) -> None:
    window = CountdownWindow()
    qtbot.addWidget(window)
    window.set_remaining(42, "lock")
    window.show()
    area = window.screen().availableGeometry()
    assert area.contains(window.frameGeometry())
    right_edge = window.x() + window.width()
    assert right_edge == area.x() + area.width() - 16
    if window.corner == TOP_RIGHT:
        assert window.y() == area.y() + 16
    else:
        assert window.y() + window.height() == area.y() + area.height() - 16


def test_asking_for_time_is_a_click_away_without_taking_the_focus(qtbot: QtBot) -> None:
    window = CountdownWindow()
    qtbot.addWidget(window)
    flags = window.windowFlags()
    assert flags & Qt.WindowType.WindowDoesNotAcceptFocus
    assert not flags & Qt.WindowType.WindowTransparentForInput
    assert window.testAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
    button = window.findChild(QPushButton, "countdown-ask")
    assert button is not None
    window.set_can_ask(True)
    window.show()
    assert button.isVisible() and button.isEnabled()
    with qtbot.waitSignal(window.ask_requested):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    window.set_can_ask(False)
    assert not button.isVisible()


def test_the_sentence_says_what_ends_the_session(qtbot: QtBot) -> None:
    window = CountdownWindow()
    qtbot.addWidget(window)
    window.set_remaining(42, "lock", SESSION_ENDS_HOURS)
    cause = window.findChild(QLabel, "countdown-cause")
    assert cause is not None
    assert cause.text() == "Your allowed hours for today are ending."
    window.set_remaining(41, "lock", SESSION_ENDS_DAY)
    assert cause.text() == "Your screen time for today is running out."
    window.set_remaining(40, "lock", None)
    assert cause.isHidden()


def test_bedtime_or_the_days_time() -> None:
    evening = datetime(2026, 11, 30, 21, 29, 10, tzinfo=MOSCOW)
    spans = (("07:00", "21:30"),)
    assert span_end_seconds(spans, evening) == pytest.approx(50)
    assert span_end_seconds((("07:00", "12:00"), ("12:00", "22:00")), evening) == (
        pytest.approx(30 * 60 + 50)
    )
    assert span_end_seconds(spans, evening.replace(hour=22)) is None
    # Bedtime comes first: plenty of the day's time left.
    bedtime = sample_status(time_left_today=3600.0, hours_today=spans)
    assert session_end_cause(bedtime, evening) == SESSION_ENDS_HOURS
    # The day's time runs out well before the hours end.
    afternoon = evening.replace(hour=16)
    day = sample_status(time_left_today=45.0, hours_today=spans)
    assert session_end_cause(day, afternoon) == SESSION_ENDS_DAY
    week = sample_status(time_left_today=600.0, time_left_week=40.0, hours_today=spans)
    assert session_end_cause(week, afternoon) == SESSION_ENDS_WEEK
    # Both within the same minute: the hours are what ends it.
    both = sample_status(time_left_today=40.0, hours_today=spans)
    assert session_end_cause(both, evening) == SESSION_ENDS_HOURS
    none = sample_status(time_left_today=None, hours_today=(("00:00", "24:00"),))
    assert session_end_cause(none, afternoon) == SESSION_ENDS_HOURS
    assert session_end_cause(sample_status(time_left_today=None, hours_today=()), evening) is None
