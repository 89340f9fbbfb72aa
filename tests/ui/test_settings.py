"""The parent's settings: edits reach the service as one policy; bad input is explained."""

from __future__ import annotations

from pathlib import Path

import msgspec
import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFrame, QLabel, QLineEdit, QMessageBox
from pytestqt.qtbot import QtBot

from guardian.api import ApiError
from guardian.problems import Problem, ProblemCode
from rules.app_terms import Downtime
from rules.model import Action, AgePreset, Policy, Profile, Weekday
from rules.timeofday import AllowedWindow
from tests.helpers.fake_api import FakeApi
from tests.helpers.modal import when_modal
from ui.password import PasswordDialog
from ui.policy_draft import FREE_ROLE
from ui.problem_banner import ProblemBanner
from ui.settings import SettingsDialog, choice_key
from ui.week_grid import HoursCanvas


def w(*texts: str) -> tuple[AllowedWindow, ...]:
    return tuple(AllowedWindow.parse(t) for t in texts)


@pytest.fixture
def store(tmp_path: Path) -> QSettings:
    """Settings in a file of the test's own, never the user's."""
    return QSettings(str(tmp_path / "guardian.ini"), QSettings.Format.IniFormat)


def open_dialog(qtbot: QtBot, api: FakeApi, store: QSettings) -> SettingsDialog:
    dialog = SettingsDialog(api, api.login("secret"), settings=store)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


@pytest.fixture
def dialog(qtbot: QtBot, api: FakeApi, store: QSettings) -> SettingsDialog:
    """The settings on the fake service's default policy: one 12+ child on account "kid"."""
    return open_dialog(qtbot, api, store)


def retype(qtbot: QtBot, edit: QLineEdit, text: str) -> None:
    """Replace a field's text as a person would, so that `textEdited` fires."""
    edit.selectAll()
    QTest.keyClick(edit, Qt.Key.Key_Backspace)
    qtbot.keyClicks(edit, text)


def drag(canvas: HoursCanvas, row: int, first: int, last: int) -> None:
    start = canvas.cell_rect(row, first).center().toPoint()
    end = canvas.cell_rect(row, last).center().toPoint()
    QTest.mousePress(canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    QTest.mouseMove(canvas, end)
    QTest.mouseRelease(canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, end)


def error_box(dialog: SettingsDialog) -> QMessageBox:
    box = dialog.findChild(QMessageBox, "settings-error")
    assert box is not None and box.isVisible()
    return box


def test_apply_without_edits_sends_the_same_policy(dialog: SettingsDialog, api: FakeApi) -> None:
    before = api.policy
    assert dialog.apply()
    assert api.policy == before


def test_exact_and_midnight_windows_survive_a_save(
    qtbot: QtBot, api: FakeApi, store: QSettings
) -> None:
    hours = {Weekday.FRI: w("22:00-01:00"), Weekday.TUE: w("08:07-12:03")}
    child = msgspec.structs.replace(api.policy.profiles[0], allowed_hours=hours)
    api.policy = msgspec.structs.replace(api.policy, profiles=(child,))
    dialog = open_dialog(qtbot, api, store)
    drag(dialog.time_page.grid.canvas, 0, 4, 5)
    assert dialog.apply()
    saved = api.policy.profiles[0].allowed_hours
    assert saved[Weekday.FRI] == w("22:00-01:00")
    assert saved[Weekday.TUE] == w("08:07-12:03")
    assert saved[Weekday.MON] == w("01:00-01:30", "07:00-21:30")
    assert set(saved) == {Weekday.MON, Weekday.TUE, Weekday.FRI}


def test_edits_reach_the_service(qtbot: QtBot, dialog: SettingsDialog, api: FakeApi) -> None:
    time = dialog.time_page
    time.budget_spins[Weekday.MON].setValue(90)
    time.unlimited_checks[Weekday.SUN].setChecked(True)
    time.weekly_check.setChecked(True)
    assert time.weekly_spin.value() == 14 * 60
    time.weekly_spin.setValue(600)
    drag(time.grid.canvas, 0, 48, 51)
    actions = dialog.action_page
    actions.action_box.setCurrentIndex(
        actions.action_box.findData(choice_key(Action.LOGOUT, Downtime.LOCK))
    )
    retype(qtbot, actions.warnings_edit, "10, 2")
    actions.idle_spin.setValue(10)

    with qtbot.waitSignal(dialog.accepted):
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()

    child = Profile(
        id="child",
        name="Child",
        preset=AgePreset.AGE_12,
        accounts=("kid",),
        daily_budget={Weekday.MON: 90, Weekday.SUN: "unlimited"},
        weekly_budget=600,
        allowed_hours={Weekday.MON: w("07:00-12:00", "13:00-21:30")},
        warnings=(10, 2),
        action=Action.LOGOUT,
        idle_minutes=10,
    )
    assert api.policy == Policy(
        timezone="Europe/Moscow", default_profile="child", profiles=(child,)
    )


def test_invalid_input_is_explained_and_edits_kept(
    qtbot: QtBot, dialog: SettingsDialog, api: FakeApi
) -> None:
    before = api.policy
    retype(qtbot, dialog.action_page.warnings_edit, "5, 5")
    dialog.time_page.budget_spins[Weekday.TUE].setValue(45)

    assert not dialog.apply()
    box = error_box(dialog)
    assert box.text() == "The settings were not saved."
    assert "Profile “Child”, Warnings: each warning minute may appear once" in (
        box.informativeText()
    )
    assert api.policy == before
    assert dialog.action_page.warnings_edit.text() == "5, 5"
    assert dialog.time_page.budget_spins[Weekday.TUE].value() == 45
    box.close()

    retype(qtbot, dialog.action_page.warnings_edit, "5")
    assert dialog.apply()
    saved = api.policy.profiles[0]
    assert saved.warnings == (5,) and saved.daily_budget == {Weekday.TUE: 45}


def test_an_empty_name_is_refused(qtbot: QtBot, dialog: SettingsDialog, api: FakeApi) -> None:
    retype(qtbot, dialog.profiles_page.name_edit, "")
    assert not dialog.apply()
    assert "Profile “”, Name:" in error_box(dialog).informativeText()


def test_overlapping_windows_are_refused(dialog: SettingsDialog, api: FakeApi) -> None:
    before = api.policy
    editor = dialog.time_page.grid.editor
    editor.add_button.click()
    editor.rows()[1].start_edit.setTime(editor.rows()[0].start_edit.time().addSecs(600))
    assert not dialog.apply()
    assert "overlap" in error_box(dialog).informativeText()
    assert api.policy == before


def test_cancel_discards_everything(dialog: SettingsDialog, api: FakeApi, store: QSettings) -> None:
    before = api.policy
    dialog.time_page.budget_spins[Weekday.MON].setValue(30)
    box = dialog.language_page.language_box
    box.setCurrentIndex(box.findData("ru"))
    dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel).click()
    question = dialog.findChild(QMessageBox, "discard-changes")
    assert question is not None and question.isVisible()
    assert question.text() == "Discard changes?"
    question.button(QMessageBox.StandardButton.Discard).click()
    assert dialog.result() == QDialog.DialogCode.Rejected
    assert api.policy == before
    assert store.value("language") is None


def test_language_is_saved_on_apply(dialog: SettingsDialog, store: QSettings) -> None:
    box = dialog.language_page.language_box
    assert [box.itemData(i) for i in range(box.count())] == ["", "en", "ru"]
    box.setCurrentIndex(box.findData("ru"))
    assert dialog.apply()
    assert store.value("language") == "ru"


def test_change_password(qtbot: QtBot, dialog: SettingsDialog, api: FakeApi) -> None:
    page = dialog.security_page
    old_token = dialog.token
    page.new_edit.setText("short")
    page.confirm_edit.setText("short")
    page.change_button.click()
    assert page.message.text() == "The password needs at least 6 characters."
    page.new_edit.setText("longer one")
    page.confirm_edit.setText("longer two")
    page.change_button.click()
    assert page.message.text() == "The two passwords are not the same."
    assert api.password == "secret"

    page.confirm_edit.setText("longer one")
    with qtbot.waitSignal(dialog.token_changed) as changed:
        page.change_button.click()
    assert api.password == "longer one"
    assert page.message.text() == "The password was changed."
    assert changed.args == [dialog.token]
    assert dialog.token in api.tokens and old_token not in api.tokens
    assert dialog.apply()


def test_profiles_and_accounts(qtbot: QtBot, dialog: SettingsDialog, api: FakeApi) -> None:
    page = dialog.profiles_page
    page.add_button.click()
    retype(qtbot, page.name_edit, "Max")
    page.preset_box.setCurrentIndex(page.preset_box.findData(AgePreset.AGE_6))
    assert dialog.profile_box.currentText() == "Max"
    kid = page.role_boxes["kid"]
    kid.setCurrentIndex(kid.findData("child-2"))
    parent = page.role_boxes["parent"]
    parent.setCurrentIndex(parent.findData(FREE_ROLE))
    assert dialog.apply()

    policy = api.policy
    assert [(p.id, p.name, p.preset, p.accounts) for p in policy.profiles] == [
        ("child", "Child", AgePreset.AGE_12, ()),
        ("child-2", "Max", AgePreset.AGE_6, ("kid",)),
    ]
    assert policy.unrestricted_accounts == ("parent",)
    assert policy.default_profile == "child"

    page.remove_button.click()
    assert dialog.apply()
    assert [p.id for p in api.policy.profiles] == ["child"]
    assert api.policy.profiles[0].accounts == ()


def test_preset_change_moves_what_follows_the_preset(dialog: SettingsDialog, api: FakeApi) -> None:
    dialog.time_page.budget_spins[Weekday.SAT].setValue(200)
    box = dialog.profiles_page.preset_box
    box.setCurrentIndex(box.findData(AgePreset.AGE_6))
    assert dialog.time_page.budget_spins[Weekday.MON].value() == 90
    assert dialog.time_page.budget_spins[Weekday.SAT].value() == 200
    assert dialog.time_page.grid.windows()[Weekday.MON] == w("07:00-20:00")
    assert dialog.apply()
    saved = api.policy.profiles[0]
    assert saved.preset == AgePreset.AGE_6
    assert saved.daily_budget == {Weekday.SAT: 200}
    assert saved.allowed_hours == {}


def test_reset_to_the_preset(dialog: SettingsDialog, api: FakeApi) -> None:
    dialog.time_page.budget_spins[Weekday.MON].setValue(10)
    drag(dialog.time_page.grid.canvas, 0, 0, 3)
    dialog.time_page.reset_button.click()
    assert dialog.time_page.budget_spins[Weekday.MON].value() == 120
    assert dialog.apply()
    assert api.policy.profiles[0].daily_budget == {}
    assert api.policy.profiles[0].allowed_hours == {}


def test_problems_are_shown_at_the_top_with_a_fix(
    qtbot: QtBot, api: FakeApi, store: QSettings
) -> None:
    api.raised = [
        Problem(
            ProblemCode.POLICY_NOT_APPLIED,
            {"file": "school.toml"},
            detail="line 3: unknown key 'budgte'",
        ),
        Problem(ProblemCode.ADMIN_CHILD, {"account": "kid", "profile": "Anna"}, dismissable=False),
    ]
    dialog = open_dialog(qtbot, api, store)
    banner = dialog.findChild(QFrame, "problems")
    assert isinstance(banner, ProblemBanner) and banner.isVisible()
    first, second = banner.rows
    assert first.findChild(QLabel, "problem-text").text() == (
        "• The policy file school.toml could not be read or is not valid, so it was not "
        "applied. The last good settings stay in force."
    )
    assert first.fix.text().startswith("Correct the file")
    assert not first.detail.isVisible()
    first.details_button.click()
    assert first.detail.isVisible() and first.detail.text() == "line 3: unknown key 'budgte'"
    assert second.findChild(QLabel, "problem-text").text() == (
        "• The account kid (profile Anna) is an administrator of this computer, so the child "
        "can get around the limits."
    )
    assert not second.details_button.isVisible() and not second.dismiss_button.isVisible()

    first.dismiss_button.click()
    assert api.dismissed == {"policy_not_applied|file=school.toml"}
    assert banner.rows == [second] and banner.isVisible()
    assert api.problems(dialog.token) == [api.raised[1]]


def test_the_last_dismissed_problem_takes_the_banner_away(
    qtbot: QtBot, api: FakeApi, store: QSettings
) -> None:
    api.raised = [Problem(ProblemCode.STATE_RECOVERED, {"file": "state.db"})]
    dialog = open_dialog(qtbot, api, store)
    banner = dialog.findChild(ProblemBanner)
    assert banner is not None
    banner.rows[0].dismiss_button.click()
    assert not banner.isVisible()


def test_no_problems_no_banner(dialog: SettingsDialog) -> None:
    assert dialog.findChild(ProblemBanner) is None


def test_expired_token_asks_for_the_password_again(
    qtbot: QtBot, dialog: SettingsDialog, api: FakeApi
) -> None:
    api.tokens.clear()
    dialog.time_page.budget_spins[Weekday.MON].setValue(30)

    def answer(prompt: PasswordDialog) -> None:
        field = prompt.findChild(QLineEdit, "password-field")
        assert field is not None
        field.setText("secret")
        buttons = prompt.findChild(QDialogButtonBox)
        assert buttons is not None
        buttons.button(QDialogButtonBox.StandardButton.Ok).click()

    when_modal(PasswordDialog, answer)
    assert dialog.apply()
    assert api.policy.profiles[0].daily_budget == {Weekday.MON: 30}
    assert dialog.token in api.tokens


def test_accounts_from_the_policy_show_when_the_list_fails(
    qtbot: QtBot, api: FakeApi, store: QSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(token: str) -> list[dict[str, object]]:
        raise ApiError("no account list here")

    monkeypatch.setattr(api, "accounts", refuse)
    dialog = open_dialog(qtbot, api, store)
    assert list(dialog.profiles_page.role_boxes) == ["kid"]
    texts = [label.text() for label in dialog.profiles_page.findChildren(QLabel)]
    assert "kid (not found on this computer)" in texts
    assert any(text.startswith("The list of accounts on this computer") for text in texts)
    assert dialog.apply()
    assert api.policy.profiles[0].accounts == ("kid",)
