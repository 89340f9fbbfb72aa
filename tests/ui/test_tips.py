"""Tips on safe and healthy computer use: three age bands, both languages, one a day."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import QCoreApplication, QTranslator
from pytestqt.qtbot import QtBot

from ui import tips
from ui.i18n import TRANSLATIONS_DIR

AGES = ("0+", "6+", "9+", "12+", "16+", "18+", None)


def test_each_age_has_its_band() -> None:
    assert [tips.band_of(age) for age in AGES] == [
        tips.YOUNG,
        tips.YOUNG,
        tips.YOUNG,
        tips.MIDDLE,
        tips.OLDER,
        tips.OLDER,
        tips.MIDDLE,
    ]
    assert tips.band_of("99+") == tips.MIDDLE


def test_every_band_has_at_least_eight_different_tips() -> None:
    bands = [tips.tips("6+"), tips.tips("12+"), tips.tips("16+")]
    for band in bands:
        assert len(band) >= 8 and len(set(band)) == len(band)
    assert not set(bands[0]) & set(bands[1]) and not set(bands[1]) & set(bands[2])


def test_the_tip_of_the_day_stays_the_same_all_day_and_changes_over_days() -> None:
    day = date(2026, 11, 30)
    assert tips.tip_for("12+", day, "my-day") == tips.tip_for("12+", "2026-11-30", "my-day")
    assert tips.tip_for("12+", day) in tips.tips("12+")
    month = {tips.tip_for("6+", day + timedelta(days=n)) for n in range(30)}
    assert len(month) >= 5
    assert tips.tip_line("16+", day).startswith("Tip: ")


def test_every_tip_is_in_russian(qtbot: QtBot) -> None:
    english = {age: tips.tips(age) for age in ("6+", "12+", "16+")}
    translator = QTranslator(QCoreApplication.instance())
    if not translator.load("guardian_ru", str(TRANSLATIONS_DIR)):
        pytest.skip("run `make translations` to build the .qm")
    QCoreApplication.installTranslator(translator)
    try:
        for age, lines in english.items():
            russian = tips.tips(age)
            assert len(russian) == len(lines)
            for source, translated in zip(lines, russian, strict=True):
                assert translated != source
                assert any("а" <= letter <= "я" for letter in translated.casefold())
        assert tips.tip_line("12+", "2026-11-30").startswith("Совет: ")
    finally:
        QCoreApplication.removeTranslator(translator)
