"""The parent's settings as a family meets them: one clear "when time is up" choice, every
problem at once, a question before edits are thrown away, a "did you mean" for apps, no
clipped message and no jumping lists; in English and in Russian."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import msgspec
import pytest
from PySide6.QtCore import QCoreApplication, QLocale, QSettings, QTranslator
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QMessageBox
from pytestqt.qtbot import QtBot

from rules.app_terms import Downtime
from rules.apps import AppMatch, AppMode
from rules.model import Action, AgePreset, Weekday
from tests.helpers.fake_api import FakeApi
from ui.apps_page import CataloguePicker
from ui.i18n import TRANSLATIONS_DIR
from ui.password import PasswordDialog
from ui.policy_draft import AppRuleDraft, PolicyDraft, PolicyInvalid
from ui.settings import TIME_UP_CHOICES, SettingsDialog, choice_key


@pytest.fixture
def store(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "guardian.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def russian(qapp: object) -> Iterator[None]:
    QLocale.setDefault(QLocale(QLocale.Language.Russian, QLocale.Country.Russia))
    translator = QTranslator()
    assert translator.load("guardian_ru", str(TRANSLATIONS_DIR))
    QCoreApplication.installTranslator(translator)
    yield
    QCoreApplication.removeTranslator(translator)


def open_dialog(qtbot: QtBot, api: FakeApi, store: QSettings) -> SettingsDialog:
    dialog = SettingsDialog(api, api.login("secret"), settings=store)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def with_child(api: FakeApi, **changes: object) -> None:
    child = msgspec.structs.replace(api.policy.profiles[0], **changes)
    api.policy = msgspec.structs.replace(api.policy, profiles=(child,))


# One choice for when time is up ----------------------------------------------------------------


def test_when_time_is_up_is_one_choice_saying_what_happens(
    qtbot: QtBot, api: FakeApi, store: QSettings
) -> None:
    dialog = open_dialog(qtbot, api, store)
    page = dialog.action_page
    box = page.action_box
    assert [box.itemText(n) for n in range(box.count())] == [
        "Lock the screen",
        "Log the child out",
        "Shut the computer down",
        "Put the computer to sleep",
        "Close apps; always-allowed apps stay usable",
    ]
    assert not hasattr(dialog.apps_page, "downtime_box"), "no second, overlapping choice"
    box.setCurrentIndex(box.findData(choice_key(Action.LOCK, Downtime.APPS)))
    assert page.action_note.text().startswith("Apps not marked Always allowed close")
    assert dialog.apply()
    child = api.policy.profiles[0]
    assert (child.action, child.downtime) == (Action.LOCK, Downtime.APPS)
    box.setCurrentIndex(box.findData(choice_key(Action.SHUTDOWN, Downtime.LOCK)))
    assert page.action_note.text() == (
        "The computer turns off; programs close and unsaved work is lost."
    )
    assert dialog.apply()
    child = api.policy.profiles[0]
    assert (child.action, child.downtime) == (Action.SHUTDOWN, Downtime.LOCK)


def test_a_pair_the_choice_cannot_name_is_shown_honestly_and_kept(
    qtbot: QtBot, api: FakeApi, store: QSettings
) -> None:
    with_child(api, action=Action.LOGOUT, downtime=Downtime.APPS)
    dialog = open_dialog(qtbot, api, store)
    box = dialog.action_page.action_box
    assert box.count() == len(TIME_UP_CHOICES) + 1
    assert box.currentText() == "Close apps; always-allowed apps stay usable (else: Log out)"
    assert "instead: log out." in dialog.action_page.action_note.text()
    assert not dialog.has_unsaved_changes()
    before = api.policy
    assert dialog.apply()
    assert api.policy == before


def test_the_choice_in_russian(qtbot: QtBot, api: FakeApi, store: QSettings, russian: None) -> None:
    dialog = open_dialog(qtbot, api, store)
    box = dialog.action_page.action_box
    assert box.itemText(1) == "Завершить сеанс ребёнка"
    assert box.itemText(4) == "Закрыть приложения; всегда разрешённые остаются доступны"


# Every problem at once -------------------------------------------------------------------------


def test_every_problem_is_shown_at_once(qtbot: QtBot, api: FakeApi, store: QSettings) -> None:
    dialog = open_dialog(qtbot, api, store)
    editor = dialog.time_page.grid.editor
    editor.add_button.click()
    editor.rows()[0].end_edit.setTime(editor.rows()[0].start_edit.time())
    assert editor.problem() is not None
    dialog.action_page.warnings_edit.setText("5, 5")
    dialog.action_page._on_warnings("5, 5")
    dialog.current().name = ""
    assert not dialog.apply()
    box = dialog.findChild(QMessageBox, "settings-error")
    assert box is not None
    lines = box.informativeText().splitlines()
    assert len(lines) == 3, lines
    assert lines[0].startswith("Profile “”, Allowed hours: A window cannot start and end")
    assert any(", Warnings: " in line for line in lines)
    assert any(", Name: " in line for line in lines)


# Unsaved changes -------------------------------------------------------------------------------


def test_closing_without_changes_asks_nothing(qtbot: QtBot, api: FakeApi, store: QSettings) -> None:
    dialog = open_dialog(qtbot, api, store)
    assert not dialog.has_unsaved_changes()
    dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel).click()
    assert dialog.findChild(QMessageBox, "discard-changes") is None
    assert dialog.result() == QDialog.DialogCode.Rejected and not dialog.isVisible()


def test_closing_the_window_with_changes_can_save_them(
    qtbot: QtBot, api: FakeApi, store: QSettings
) -> None:
    dialog = open_dialog(qtbot, api, store)
    dialog.time_page.budget_spins[Weekday.MON].setValue(30)
    assert dialog.has_unsaved_changes()
    dialog.close()
    question = dialog.findChild(QMessageBox, "discard-changes")
    assert question is not None and question.isVisible() and dialog.isVisible()
    question.button(QMessageBox.StandardButton.Save).click()
    assert api.policy.profiles[0].daily_budget == {Weekday.MON: 30}
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_keep_editing_keeps_the_dialog_and_the_edits(
    qtbot: QtBot, api: FakeApi, store: QSettings
) -> None:
    before = api.policy
    dialog = open_dialog(qtbot, api, store)
    dialog.time_page.budget_spins[Weekday.MON].setValue(30)
    dialog.reject()
    question = dialog.findChild(QMessageBox, "discard-changes")
    assert question is not None
    question.button(QMessageBox.StandardButton.Cancel).click()
    assert dialog.isVisible() and api.policy == before
    assert dialog.time_page.budget_spins[Weekday.MON].value() == 30
    dialog.apply()
    assert not dialog.has_unsaved_changes()


def test_the_question_in_russian(
    qtbot: QtBot, api: FakeApi, store: QSettings, russian: None
) -> None:
    dialog = open_dialog(qtbot, api, store)
    dialog.profiles_page.preset_box.setCurrentIndex(
        dialog.profiles_page.preset_box.findData(AgePreset.AGE_6)
    )
    dialog.reject()
    question = dialog.findChild(QMessageBox, "discard-changes")
    assert question is not None
    assert question.text() == "Отменить изменения?"
    assert question.button(QMessageBox.StandardButton.Discard).text() == "Не сохранять"
    question.button(QMessageBox.StandardButton.Discard).click()
    assert dialog.result() == QDialog.DialogCode.Rejected


# Did you mean ----------------------------------------------------------------------------------


def test_an_unknown_app_id_gets_a_did_you_mean(api: FakeApi) -> None:
    draft = PolicyDraft.of(api.policy)
    draft.profiles[0].apps.append(AppRuleDraft(app="minekraft", mode=AppMode.BLOCKED))
    with pytest.raises(PolicyInvalid) as raised:
        draft.build()
    (line,) = [line for line in raised.value.lines if "minekraft" in line]
    assert line.endswith("Did you mean Minecraft (minecraft)?")
    draft.profiles[0].apps[-1] = AppRuleDraft(
        app="zzqxv", mode=AppMode.BLOCKED, match=AppMatch(names=("zzqxv",))
    )
    draft.build()


def test_the_catalogue_search_suggests_what_was_meant(qtbot: QtBot) -> None:
    picker = CataloguePicker([])
    qtbot.addWidget(picker)
    picker.search.setText("minekraft")
    assert not picker.empty.isHidden()
    assert 'Did you mean <a href="Minecraft">Minecraft</a>?' in picker.empty.text()
    picker.empty.linkActivated.emit("Minecraft")
    assert picker.search.text() == "Minecraft" and picker.empty.isHidden()
    picker.search.setText("qqqqzzzz")
    assert picker.empty.text() == "No app in the catalogue matches “qqqqzzzz”."


def test_the_catalogue_suggests_in_russian(qtbot: QtBot, russian: None) -> None:
    picker = CataloguePicker([])
    qtbot.addWidget(picker)
    picker.search.setText("minekraft")
    assert picker.empty.text().startswith("В каталоге нет приложения «minekraft».")
    assert "Может быть, вы имели в виду" in picker.empty.text()


# Nothing clipped, nothing jumps ----------------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "ru"])
def test_the_throttle_message_is_never_cut(qtbot: QtBot, language: str) -> None:
    translator = QTranslator()
    if language == "ru":
        assert translator.load("guardian_ru", str(TRANSLATIONS_DIR))
        QCoreApplication.installTranslator(translator)
    api = FakeApi()
    api.throttle_for = 245.0
    dialog = PasswordDialog(api, purpose="Open the settings")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog._field.setText("guess")
    dialog._submit()
    message = dialog.findChild(QLabel, "password-message")
    assert message is not None and "245" in message.text()
    assert message.height() >= message.heightForWidth(message.width())
    assert dialog.height() >= dialog.layout().totalHeightForWidth(dialog.width())
    QCoreApplication.removeTranslator(translator)


def test_removing_a_rule_keeps_the_place_in_the_list(
    qtbot: QtBot, api: FakeApi, store: QSettings
) -> None:
    dialog = open_dialog(qtbot, api, store)
    page = dialog.apps_page
    page.add_rules(
        AppRuleDraft(app=f"game{n}", mode=AppMode.BLOCKED, match=AppMatch(names=(f"game{n}",)))
        for n in range(40)
    )
    page.table.setFixedHeight(200)
    qtbot.wait(1)
    page.table.setCurrentCell(30, 0)
    bar = page.table.verticalScrollBar()
    bar.setValue(bar.maximum() // 2)
    place = bar.value()
    assert place > 0
    page.remove_rule(dialog.current().apps[30])
    assert bar.value() == place
    assert page.table.currentRow() == 30
    assert page.table.item(30, 0).text() == "game31"


def test_renaming_a_profile_renames_the_entries_in_place(
    qtbot: QtBot, api: FakeApi, store: QSettings
) -> None:
    dialog = open_dialog(qtbot, api, store)
    page = dialog.profiles_page
    box = page.role_boxes["kid"]
    chosen = box.currentIndex()
    removed: list[int] = []
    box.model().rowsRemoved.connect(lambda *_args: removed.append(1))
    page.name_edit.setText("Anna")
    dialog.rename_current("Anna")
    assert not removed, "the entries were renamed, not refilled"
    assert box.currentIndex() == chosen
    assert [box.itemText(n) for n in range(box.count())][1] == "Anna"
    assert page.default_box.currentText() == "Anna"


def test_changing_the_preset_keeps_the_page_scrolled(
    qtbot: QtBot, api: FakeApi, store: QSettings
) -> None:
    dialog = open_dialog(qtbot, api, store)
    dialog.resize(900, 300)
    dialog.pages.setCurrentRow(1)
    qtbot.wait(1)
    area = dialog.stack.currentWidget()
    bar = area.verticalScrollBar()
    assert bar.maximum() > 0
    bar.setValue(bar.maximum())
    place = bar.value()
    box = dialog.profiles_page.preset_box
    box.setCurrentIndex(box.findData(AgePreset.AGE_16))
    assert bar.value() == place
