"""The first-run wizard: from no password to a password and a policy for the child."""

from __future__ import annotations

import msgspec
import pytest
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from rules.model import AgePreset, Policy, Profile, Weekday
from rules.presets import PRESETS
from tests.helpers.fake_api import FakeApi
from ui.wizard import ROLE_CHILD, ROLE_FREE, FirstRunWizard


@pytest.fixture
def fresh() -> FakeApi:
    """A service on its first run: no parent password yet."""
    return FakeApi(password=None)


@pytest.fixture
def wizard(qtbot: QtBot, fresh: FakeApi) -> FirstRunWizard:
    wizard = FirstRunWizard(fresh)
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitExposed(wizard)
    return wizard


def set_password(wizard: FirstRunWizard, password: str, repeated: str | None = None) -> None:
    wizard.password_page.password_edit.setText(password)
    wizard.password_page.confirm_edit.setText(password if repeated is None else repeated)
    wizard.next()


def to_accounts(wizard: FirstRunWizard) -> None:
    wizard.next()
    set_password(wizard, "parent-pw")
    assert wizard.currentPage() is wizard.accounts_page


def test_the_whole_way_through(wizard: FirstRunWizard, fresh: FakeApi) -> None:
    assert wizard.currentPage() is wizard.welcome_page
    to_accounts(wizard)
    assert fresh.password == "parent-pw"
    accounts = wizard.accounts_page
    assert accounts.role_boxes["parent"].currentData() == ROLE_FREE
    assert accounts.role_boxes["kid"].currentData() == ROLE_CHILD
    accounts.name_edit.setText("Anna")
    wizard.next()

    wizard.preset_page.radios[AgePreset.AGE_6].setChecked(True)
    wizard.next()
    budget = wizard.budget_page
    assert budget.weekday_spin.value() == PRESETS[AgePreset.AGE_6].weekday_budget == 90
    assert budget.weekend_spin.value() == PRESETS[AgePreset.AGE_6].weekend_budget == 120
    budget.weekday_spin.setValue(60)
    wizard.next()

    assert wizard.currentPage() is wizard.summary_page
    summary = wizard.summary_page.summary.text()
    assert "Profile: Anna" in summary and "Child's accounts: kid" in summary
    assert "Not restricted: parent" in summary
    wizard.accept()

    assert wizard.result() == QDialog.DialogCode.Accepted
    school_days = (Weekday.MON, Weekday.TUE, Weekday.WED, Weekday.THU, Weekday.FRI)
    anna = Profile(
        id="child",
        name="Anna",
        preset=AgePreset.AGE_6,
        accounts=("kid",),
        daily_budget=dict.fromkeys(school_days, 60),
    )
    expected = Policy(
        timezone="Europe/Moscow",
        default_profile="child",
        profiles=(anna,),
        unrestricted_accounts=("parent",),
    )
    assert fresh.policy == expected
    assert wizard.policy == expected
    assert wizard.token in fresh.tokens


def test_the_time_zone_comes_from_the_service(wizard: FirstRunWizard, fresh: FakeApi) -> None:
    fresh.policy = msgspec.structs.replace(fresh.policy, timezone="Asia/Vladivostok")
    to_accounts(wizard)
    for _ in range(3):
        wizard.next()
    wizard.accept()
    assert fresh.policy.timezone == "Asia/Vladivostok"
    assert fresh.policy.profiles[0].daily_budget == {}


def test_short_or_different_passwords_stay_on_the_page(
    wizard: FirstRunWizard, fresh: FakeApi
) -> None:
    wizard.next()
    set_password(wizard, "12345")
    assert wizard.currentPage() is wizard.password_page
    assert wizard.password_page.error.text() == "The password needs at least 6 characters."
    set_password(wizard, "123456", "654321")
    assert wizard.password_page.error.text() == "The two passwords are not the same."
    assert fresh.password is None


def test_going_back_to_the_password_changes_it_with_the_token(
    wizard: FirstRunWizard, fresh: FakeApi
) -> None:
    to_accounts(wizard)
    wizard.back()
    set_password(wizard, "another-pw")
    assert wizard.currentPage() is wizard.accounts_page
    assert fresh.password == "another-pw"
    assert wizard.token in fresh.tokens


def test_a_child_account_is_required(wizard: FirstRunWizard, fresh: FakeApi) -> None:
    to_accounts(wizard)
    kid = wizard.accounts_page.role_boxes["kid"]
    kid.setCurrentIndex(kid.findData(ROLE_FREE))
    wizard.next()
    assert wizard.currentPage() is wizard.accounts_page
    assert wizard.accounts_page.error.text() == "Choose at least one account the child uses."


def test_the_current_administrator_is_left_unrestricted(qtbot: QtBot, fresh: FakeApi) -> None:
    fresh.set_status(account="parent")
    fresh.people.append({"name": "teen", "full_name": "Teen", "is_admin": True})
    wizard = FirstRunWizard(fresh)
    qtbot.addWidget(wizard)
    wizard.show()
    to_accounts(wizard)
    boxes = wizard.accounts_page.role_boxes
    assert boxes["parent"].currentData() == ROLE_FREE
    assert boxes["kid"].currentData() == ROLE_CHILD
    boxes["teen"].setCurrentIndex(boxes["teen"].findData(ROLE_CHILD))
    for _ in range(4):
        wizard.next()
    wizard.accept()
    assert fresh.policy.profiles[0].accounts == ("kid", "teen")
    assert fresh.policy.unrestricted_accounts == ("parent",)


def test_unlimited_preset_budget(wizard: FirstRunWizard, fresh: FakeApi) -> None:
    to_accounts(wizard)
    wizard.next()
    wizard.preset_page.radios[AgePreset.AGE_18].setChecked(True)
    wizard.next()
    assert wizard.budget_page.weekday_unlimited.isChecked()
    assert not wizard.budget_page.weekday_spin.isEnabled()
    wizard.budget_page.weekend_unlimited.setChecked(False)
    wizard.budget_page.weekend_spin.setValue(300)
    wizard.next()
    wizard.accept()
    profile = fresh.policy.profiles[0]
    assert profile.preset == AgePreset.AGE_18
    assert profile.daily_budget == {Weekday.SAT: 300, Weekday.SUN: 300}
