"""The first-run wizard: from no password to a password and a policy for the child."""

from __future__ import annotations

import msgspec
import pytest
from PySide6.QtCore import QCoreApplication, QTranslator
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from guardian.api import ApiError
from rules.model import AgePreset, Policy, Profile, Weekday
from rules.presets import PRESETS
from tests.helpers.fake_api import FakeApi
from ui.i18n import TRANSLATIONS_DIR
from ui.wizard import ROLE_CHILD, ROLE_FREE, FirstRunWizard


@pytest.fixture
def fresh() -> FakeApi:
    """A service on its first run, no password and no policy yet; the parent runs setup."""
    api = FakeApi(password=None)
    api.set_status(account="parent")
    return api


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


def open_wizard(qtbot: QtBot, api: FakeApi) -> FirstRunWizard:
    wizard = FirstRunWizard(api)
    qtbot.addWidget(wizard)
    wizard.show()
    return wizard


def finish(wizard: FirstRunWizard) -> None:
    for _ in range(3):
        wizard.next()
    assert wizard.currentPage() is wizard.summary_page
    wizard.accept()


def test_the_running_account_is_not_ticked_and_stays_unrestricted(
    qtbot: QtBot, fresh: FakeApi
) -> None:
    fresh.set_status(account="mum")
    fresh.people.append({"name": "mum", "full_name": "Mum", "is_admin": False})
    wizard = open_wizard(qtbot, fresh)
    to_accounts(wizard)
    boxes = wizard.accounts_page.role_boxes
    assert boxes["mum"].currentData() == ROLE_FREE
    assert boxes["kid"].currentData() == ROLE_CHILD
    finish(wizard)
    assert fresh.policy.profiles[0].accounts == ("kid",)
    assert fresh.policy.unrestricted_accounts == ("parent", "mum")


def test_the_running_account_is_restricted_when_named_as_the_childs(
    qtbot: QtBot, fresh: FakeApi
) -> None:
    fresh.set_status(account="kid")
    wizard = open_wizard(qtbot, fresh)
    to_accounts(wizard)
    kid = wizard.accounts_page.role_boxes["kid"]
    assert kid.currentData() == ROLE_FREE
    wizard.next()
    assert wizard.accounts_page.error.text() == "Choose at least one account the child uses."
    kid.setCurrentIndex(kid.findData(ROLE_CHILD))
    finish(wizard)
    assert fresh.policy.profiles[0].accounts == ("kid",)
    assert fresh.policy.unrestricted_accounts == ("parent",)


def test_the_running_account_is_unrestricted_when_the_accounts_cannot_be_listed(
    qtbot: QtBot, fresh: FakeApi, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(token: str) -> list[dict[str, object]]:
        raise ApiError("no account list here")

    monkeypatch.setattr(fresh, "accounts", refuse)
    wizard = open_wizard(qtbot, fresh)
    to_accounts(wizard)
    finish(wizard)
    assert fresh.policy.profiles[0].accounts == ()
    assert fresh.policy.unrestricted_accounts == ("parent",)


@pytest.mark.parametrize("managed", [False, True])
def test_existing_rules_are_kept_and_only_the_password_is_set(
    qtbot: QtBot, fresh: FakeApi, managed: bool
) -> None:
    fresh.policy_saved, fresh.managed = not managed, managed
    before = fresh.policy
    wizard = open_wizard(qtbot, fresh)
    assert "already has rules" in wizard.welcome_page.steps.text()
    wizard.next()
    set_password(wizard, "parent-pw")
    assert wizard.currentPage() is wizard.kept_page
    note = wizard.kept_page.note.text()
    assert ("managed by your school" in note) is managed
    assert "stay as they are" in note or managed
    wizard.accept()
    assert wizard.result() == QDialog.DialogCode.Accepted
    assert fresh.password == "parent-pw"
    assert fresh.policy is before and wizard.policy is None


def test_a_first_run_writes_the_policy(qtbot: QtBot, fresh: FakeApi) -> None:
    wizard = open_wizard(qtbot, fresh)
    assert "choose the child's account" in wizard.welcome_page.steps.text()
    assert not fresh.policy_saved
    to_accounts(wizard)
    finish(wizard)
    assert fresh.policy_saved and wizard.policy == fresh.policy


def test_kept_rules_are_said_in_russian(qtbot: QtBot, fresh: FakeApi) -> None:
    translator = QTranslator(QCoreApplication.instance())
    if not translator.load("guardian_ru", str(TRANSLATIONS_DIR)):
        pytest.skip("run `make translations` to build the .qm")
    QCoreApplication.installTranslator(translator)
    fresh.policy_saved = True
    wizard = open_wizard(qtbot, fresh)
    assert "уже есть правила" in wizard.welcome_page.steps.text()
    wizard.next()
    set_password(wizard, "parent-pw")
    assert wizard.currentPage() is wizard.kept_page
    assert "остаются как есть" in wizard.kept_page.note.text()


def test_the_running_account_in_russian(qtbot: QtBot, fresh: FakeApi) -> None:
    translator = QTranslator(QCoreApplication.instance())
    if not translator.load("guardian_ru", str(TRANSLATIONS_DIR)):
        pytest.skip("run `make translations` to build the .qm")
    QCoreApplication.installTranslator(translator)
    wizard = open_wizard(qtbot, fresh)
    assert "выберете учётную запись ребёнка" in wizard.welcome_page.steps.text()
    to_accounts(wizard)
    assert wizard.accounts_page.role_boxes["parent"].currentText() == "Без ограничений"
