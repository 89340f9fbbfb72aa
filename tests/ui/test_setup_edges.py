"""First-run setup as a family meets it: it asks whose each account is, sums up times that
agree with each other, and explains the age labels; in English and in Russian."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QCoreApplication, QLocale, QTranslator
from pytestqt.qtbot import QtBot

from rules.model import AgePreset, Weekday
from tests.helpers.fake_api import FakeApi
from ui.i18n import TRANSLATIONS_DIR
from ui.wizard import ROLE_CHILD, ROLE_FREE, FirstRunWizard


@pytest.fixture
def family() -> FakeApi:
    """A first run on a computer with the parent's account and two children's."""
    api = FakeApi(password=None)
    api.set_status(account="parent")
    api.people.append({"name": "sis", "full_name": "Sister", "is_admin": False})
    return api


@pytest.fixture
def russian(qapp: object) -> Iterator[None]:
    QLocale.setDefault(QLocale(QLocale.Language.Russian, QLocale.Country.Russia))
    translator = QTranslator()
    assert translator.load("guardian_ru", str(TRANSLATIONS_DIR))
    QCoreApplication.installTranslator(translator)
    yield
    QCoreApplication.removeTranslator(translator)


def open_wizard(qtbot: QtBot, api: FakeApi) -> FirstRunWizard:
    wizard = FirstRunWizard(api)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.next()
    wizard.password_page.password_edit.setText("parent-pw")
    wizard.password_page.confirm_edit.setText("parent-pw")
    wizard.next()
    assert wizard.currentPage() is wizard.accounts_page
    return wizard


def test_no_account_is_taken_for_a_childs_without_asking(qtbot: QtBot, family: FakeApi) -> None:
    wizard = open_wizard(qtbot, family)
    boxes = wizard.accounts_page.role_boxes
    assert boxes["parent"].currentData() == ROLE_FREE
    assert boxes["kid"].currentData() is None and boxes["sis"].currentData() is None
    assert boxes["kid"].currentText() == "Choose…"
    wizard.next()
    assert wizard.currentPage() is wizard.accounts_page
    assert wizard.accounts_page.error.text() == (
        "Say whether these accounts are the child's or not restricted: kid, sis"
    )
    boxes["kid"].setCurrentIndex(boxes["kid"].findData(ROLE_CHILD))
    boxes["sis"].setCurrentIndex(boxes["sis"].findData(ROLE_FREE))
    for _ in range(4):
        wizard.next()
    wizard.accept()
    assert family.policy.profiles[0].accounts == ("kid",)
    assert family.policy.unrestricted_accounts == ("parent", "sis")


def test_the_single_standard_account_is_proposed_and_said_so(qtbot: QtBot) -> None:
    api = FakeApi(password=None)
    api.set_status(account="parent")
    wizard = open_wizard(qtbot, api)
    assert wizard.accounts_page.role_boxes["kid"].currentData() == ROLE_CHILD
    assert wizard.accounts_page._proposal.text().startswith(
        "kid is the only standard account besides yours"
    )


def test_several_accounts_are_asked_in_russian(
    qtbot: QtBot, family: FakeApi, russian: None
) -> None:
    wizard = open_wizard(qtbot, family)
    assert wizard.accounts_page.role_boxes["sis"].currentText() == "Выберите…"
    wizard.next()
    assert wizard.accounts_page.error.text().startswith("Укажите, принадлежат ли ребёнку")


def to_summary(qtbot: QtBot, preset: AgePreset, weekday: int | None) -> FirstRunWizard:
    api = FakeApi(password=None)
    api.set_status(account="parent")
    wizard = open_wizard(qtbot, api)
    wizard.next()
    wizard.preset_page.radios[preset].setChecked(True)
    wizard.next()
    if weekday is not None:
        wizard.budget_page.weekday_spin.setValue(weekday)
    wizard.next()
    assert wizard.currentPage() is wizard.summary_page
    return wizard


def test_the_summary_is_read_off_the_profile_saved(qtbot: QtBot) -> None:
    wizard = to_summary(qtbot, AgePreset.AGE_6, 60)
    lines = wizard.summary_page.summary.text().splitlines()
    assert "Age preset: 6+ (ages 6 to 11)" in lines
    assert "Monday to Friday: 07:00–20:00, 1 h in all" in lines
    assert "Saturday and Sunday: 08:00–20:30, 2 h in all" in lines
    # The preset's own 1 h 30 min is not shown beside the 1 h chosen.
    assert "1 h 30 min" not in wizard.summary_page.summary.text()
    wizard.accept()
    assert wizard.policy is not None
    assert wizard.policy.profiles[0].daily_budget[Weekday.MON] == 60


def test_time_never_reads_longer_than_the_allowed_hours(qtbot: QtBot) -> None:
    api = FakeApi(password=None)
    api.set_status(account="parent")
    wizard = open_wizard(qtbot, api)
    wizard.next()
    wizard.preset_page.radios[AgePreset.AGE_0].setChecked(True)
    wizard.next()
    spin = wizard.budget_page.weekday_spin
    assert spin.maximum() == 11 * 60, "08:00–19:00 allows 11 hours"
    spin.setValue(20 * 60)
    assert spin.value() == 11 * 60
    wizard.next()
    assert "Monday to Friday: 08:00–19:00, any time within those hours" in (
        wizard.summary_page.summary.text().splitlines()
    )


def test_the_summary_follows_a_12_hour_clock(qtbot: QtBot) -> None:
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    wizard = to_summary(qtbot, AgePreset.AGE_12, None)
    text = wizard.summary_page.summary.text().replace("\u202f", " ")
    assert "Monday to Friday: 7:00 AM–9:30 PM, 2 h in all" in text
    assert "21:30" not in text


def test_the_summary_in_russian(qtbot: QtBot, russian: None) -> None:
    wizard = to_summary(qtbot, AgePreset.AGE_12, None)
    lines = wizard.summary_page.summary.text().splitlines()
    assert "Возрастная категория: 12+ (от 12 до 15 лет)" in lines
    assert "С понедельника по пятницу: 07:00–21:30, всего 2 ч" in lines


def test_every_age_label_is_explained(qtbot: QtBot) -> None:
    api = FakeApi(password=None)
    wizard = FirstRunWizard(api)
    qtbot.addWidget(wizard)
    page = wizard.preset_page
    assert page.radios[AgePreset.AGE_6].text() == "6+ (ages 6 to 11)"
    assert page.radios[AgePreset.AGE_18].text() == "18+ (adults, 18 and over)"
    for preset, label in page.descriptions.items():
        text = label.text()
        assert text.startswith("For ") and "It sets: " in text, preset
    assert "1 h 30 min on school days" in page.descriptions[AgePreset.AGE_6].text()


def test_age_labels_are_explained_in_russian(qtbot: QtBot, russian: None) -> None:
    wizard = FirstRunWizard(FakeApi(password=None))
    qtbot.addWidget(wizard)
    page = wizard.preset_page
    assert page.radios[AgePreset.AGE_0].text() == "0+ (до 6 лет)"
    assert page.descriptions[AgePreset.AGE_0].text().startswith("Для маленьких детей")
    assert "Что задаёт: " in page.descriptions[AgePreset.AGE_0].text()


def test_no_time_reads_as_not_allowed(qtbot: QtBot) -> None:
    wizard = to_summary(qtbot, AgePreset.AGE_12, 0)
    assert "Monday to Friday: not allowed" in wizard.summary_page.summary.text().splitlines()
