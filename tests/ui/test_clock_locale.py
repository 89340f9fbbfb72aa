"""Times of day follow the locale's clock everywhere in the windows: "9:30 PM" where clocks
have 12 hours, "21:30" where they have 24, in English and in Russian."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, time

import pytest
from PySide6.QtCore import QCoreApplication, QLocale, QTime, QTranslator
from pytestqt.qtbot import QtBot

from rules.model import AgePreset
from rules.timeofday import AllowedWindow, Weekday
from ui.i18n import TRANSLATIONS_DIR
from ui.settings import preset_summary
from ui.texts import clock_format, clock_text, hour_text, hours_text, next_allowed_text
from ui.week_grid import WeekGrid, window_text

US = QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)
GB = QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom)
RU = QLocale(QLocale.Language.Russian, QLocale.Country.Russia)


def plain(text: str) -> str:
    """Qt writes "9:30 PM" with a narrow no-break space; compare with a plain one."""
    return text.replace("\u202f", " ").replace("\xa0", " ")


@pytest.fixture
def russian(qapp: object) -> Iterator[None]:
    QLocale.setDefault(RU)
    translator = QTranslator()
    assert translator.load("guardian_ru", str(TRANSLATIONS_DIR))
    QCoreApplication.installTranslator(translator)
    yield
    QCoreApplication.removeTranslator(translator)


@pytest.mark.parametrize(
    ("locale", "evening", "midnight", "end_of_day"),
    [(US, "9:30 PM", "12:00 AM", "12:00 AM"), (GB, "21:30", "00:00", "24:00")],
)
def test_one_clock_for_every_kind_of_time(
    locale: QLocale, evening: str, midnight: str, end_of_day: str
) -> None:
    QLocale.setDefault(locale)
    values = ("21:30", 21 * 60 + 30, QTime(21, 30), time(21, 30), datetime(2026, 12, 4, 21, 30))
    assert {plain(clock_text(value)) for value in values} == {evening}
    assert plain(clock_text(0)) == plain(clock_text("00:00")) == midnight
    assert plain(clock_text(24 * 60)) == plain(clock_text("24:00")) == end_of_day


def test_a_twelve_hour_locale_reads_am_and_pm_everywhere() -> None:
    QLocale.setDefault(US)
    assert plain(hours_text([("07:00", "12:00"), ("15:00", "21:30")])) == (
        "Allowed today: 7:00 AM–12:00 PM and 3:00 PM–9:30 PM"
    )
    assert plain(next_allowed_text("2026-11-30T19:00:00+03:00", "2026-11-30")) == (
        "You can use the computer again at 7:00 PM."
    )
    assert plain(window_text(AllowedWindow.parse("22:00-24:00"))) == "10:00 PM–12:00 AM"
    assert "7:00 AM–9:30 PM" in plain(preset_summary(AgePreset.AGE_12))
    assert plain(hour_text(21)) == "9 PM" and plain(hour_text(0)) == "12 AM"


def test_a_24_hour_locale_keeps_24_00_for_the_end_of_the_day() -> None:
    QLocale.setDefault(GB)
    assert window_text(AllowedWindow.parse("22:00-24:00")) == "22:00–24:00"
    assert "07:00–21:30" in preset_summary(AgePreset.AGE_12)
    assert hour_text(21) == "21"


def test_russian_reads_a_24_hour_clock(russian: None) -> None:
    assert hours_text([("07:00", "21:30")]) == "Разрешено сегодня: 07:00–21:30"
    assert clock_text(24 * 60) == "24:00"
    text = next_allowed_text("2026-12-01T07:00:00+03:00", "2026-11-30")
    assert "07:00" in text and "AM" not in text


@pytest.mark.parametrize(("locale", "shown"), [(US, "7:00 AM"), (GB, "07:00"), (RU, "07:00")])
def test_the_hour_editors_use_the_locale(qtbot: QtBot, locale: QLocale, shown: str) -> None:
    QLocale.setDefault(locale)
    grid = WeekGrid()
    qtbot.addWidget(grid)
    grid.set_windows({Weekday.MON: (AllowedWindow.parse("07:00-21:30"),)})
    grid.editor.show_day(Weekday.MON, grid.windows()[Weekday.MON], ())
    row = grid.editor.rows()[0]
    assert row.start_edit.displayFormat() == clock_format()
    assert plain(row.start_edit.text()) == shown
    assert f", {shown}–" in plain(grid.canvas.describe(0, 28))
