"""The Apps page of the settings: choices, time per kind of app, rules and their sources."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import msgspec
import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from rules.apps import AppList, AppMatch, AppMode, AppRule, BrowserChoice, Category, Downtime
from rules.model import Action
from tests.helpers.fake_api import FakeApi, sample_program
from tests.helpers.modal import when_modal
from ui.apps_page import AppsPage, CataloguePicker, ProgramPicker, unique_app_id
from ui.policy_draft import AppRuleDraft
from ui.settings import SettingsDialog, choice_key

HASH = "ab" * 32
GAME = AppRule(
    app="space-game",
    mode=AppMode.LIMITED,
    name="Space Game",
    daily_minutes=30,
    category=Category.GAMES,
    match=AppMatch(names=("SpaceGame.exe",), paths=("C:/Games/SpaceGame.exe",), sha256=(HASH,)),
)
MINECRAFT = AppRule(app="minecraft", mode=AppMode.BLOCKED)


@pytest.fixture
def store(tmp_path: Path) -> QSettings:
    """Settings in a file of the test's own, never the user's."""
    return QSettings(str(tmp_path / "guardian.ini"), QSettings.Format.IniFormat)


def with_profile(api: FakeApi, **changes: object) -> None:
    child = msgspec.structs.replace(api.policy.profiles[0], **changes)
    api.policy = msgspec.structs.replace(api.policy, profiles=(child,))


def open_apps(qtbot: QtBot, api: FakeApi, store: QSettings) -> SettingsDialog:
    dialog = SettingsDialog(api, api.login("secret"), settings=store)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.pages.setCurrentRow(2)
    assert dialog.stack.currentWidget().widget() is dialog.apps_page  # type: ignore[attr-defined]
    return dialog


def saved_profile(api: FakeApi) -> object:
    return api.policy.profiles[0]


def page(dialog: SettingsDialog) -> AppsPage:
    return dialog.apps_page


def test_the_page_shows_the_profiles_rules(qtbot: QtBot, api: FakeApi, store: QSettings) -> None:
    with_profile(api, apps=(MINECRAFT, GAME))
    apps = page(open_apps(qtbot, api, store))
    table = apps.table
    assert table.rowCount() == 2
    assert [table.item(row, 0).text() for row in range(2)] == ["Minecraft", "Space Game"]
    blocked, limited = apps.rows
    assert blocked.mode_box.currentText() == "Blocked"
    assert not blocked.minutes_spin.isEnabled()
    assert blocked.category_box.currentText() == "As in the catalogue (Games)"
    assert limited.mode_box.currentText() == "Limited"
    assert limited.minutes_spin.isEnabled() and limited.minutes_spin.value() == 30
    assert limited.category_box.currentText() == "Games"
    mine = table.item(0, 4)
    assert mine.text().startswith("Program names: minecraft-launcher")
    assert mine.toolTip().startswith("From the catalogue (Minecraft):\n  Program names: ")
    game = table.item(1, 4)
    assert game.text() == (
        "Program names: SpaceGame.exe; Paths: C:/Games/SpaceGame.exe; SHA-256: abababababab…"
    )
    assert game.toolTip().startswith("Added for this profile:\n  Program names: SpaceGame.exe")
    assert not apps.empty_note.isVisible()


def test_saving_without_edits_keeps_the_app_rules(
    qtbot: QtBot, api: FakeApi, store: QSettings
) -> None:
    with_profile(
        api,
        apps=(MINECRAFT, GAME),
        category_budgets={Category.GAMES: 90},
        app_list=AppList.ALLOWLIST,
        downtime=Downtime.APPS,
        unmanaged_browsers=BrowserChoice.ALLOW,
    )
    before = api.policy
    assert open_apps(qtbot, api, store).apply()
    assert api.policy == before


def test_editing_a_rule_reaches_the_service(qtbot: QtBot, api: FakeApi, store: QSettings) -> None:
    with_profile(api, apps=(MINECRAFT, GAME))
    dialog = open_apps(qtbot, api, store)
    blocked, limited = page(dialog).rows
    blocked.mode_box.setCurrentIndex(blocked.mode_box.findData(AppMode.LIMITED))
    assert blocked.minutes_spin.isEnabled()
    blocked.minutes_spin.setValue(40)
    blocked.category_box.setCurrentIndex(blocked.category_box.findData(Category.CREATIVITY))
    limited.mode_box.setCurrentIndex(limited.mode_box.findData(AppMode.ALLOWED))
    assert not limited.minutes_spin.isEnabled()
    limited.category_box.setCurrentIndex(0)
    assert dialog.apply()
    assert api.policy.profiles[0].apps == (
        AppRule(
            app="minecraft", mode=AppMode.LIMITED, daily_minutes=40, category=Category.CREATIVITY
        ),
        msgspec.structs.replace(GAME, mode=AppMode.ALLOWED, daily_minutes=None, category=None),
    )


def test_a_rule_can_be_removed(qtbot: QtBot, api: FakeApi, store: QSettings) -> None:
    with_profile(api, apps=(MINECRAFT, GAME))
    dialog = open_apps(qtbot, api, store)
    page(dialog).rows[0].remove_button.click()
    assert page(dialog).table.rowCount() == 1
    assert dialog.apply()
    assert api.policy.profiles[0].apps == (GAME,)


def test_category_budgets_round_trip(qtbot: QtBot, api: FakeApi, store: QSettings) -> None:
    with_profile(api, category_budgets={Category.VIDEO: 45})
    dialog = open_apps(qtbot, api, store)
    apps = page(dialog)
    assert apps.category_checks[Category.VIDEO].isChecked()
    assert apps.category_spins[Category.VIDEO].value() == 45
    assert not apps.category_spins[Category.GAMES].isEnabled()
    apps.category_checks[Category.GAMES].setChecked(True)
    apps.category_spins[Category.GAMES].setValue(90)
    apps.category_checks[Category.VIDEO].setChecked(False)
    assert dialog.apply()
    assert api.policy.profiles[0].category_budgets == {Category.GAMES: 90}

    again = page(open_apps(qtbot, api, store))
    assert again.category_checks[Category.GAMES].isChecked()
    assert again.category_spins[Category.GAMES].value() == 90
    assert not again.category_checks[Category.VIDEO].isChecked()


def test_choices_round_trip(qtbot: QtBot, api: FakeApi, store: QSettings) -> None:
    dialog = open_apps(qtbot, api, store)
    apps = page(dialog)
    for box, value in (
        (apps.app_list_box, AppList.ALLOWLIST),
        (apps.browsers_box, BrowserChoice.BLOCK),
    ):
        box.setCurrentIndex(box.findData(value))
    # What happens in downtime is part of the one "when time is up" choice.
    action = dialog.action_page.action_box
    action.setCurrentIndex(action.findData(choice_key(Action.LOCK, Downtime.APPS)))
    assert dialog.apply()
    child = api.policy.profiles[0]
    assert (child.app_list, child.downtime, child.unmanaged_browsers) == (
        AppList.ALLOWLIST,
        Downtime.APPS,
        BrowserChoice.BLOCK,
    )
    reopened = open_apps(qtbot, api, store)
    again = page(reopened)
    assert again.app_list_box.currentText() == "Only allowed apps (allowlist)"
    assert reopened.action_page.action_box.currentText() == (
        "Close apps; always-allowed apps stay usable"
    )
    assert again.browsers_box.currentText() == "Block them"


def choose_all(picker: ProgramPicker | CataloguePicker) -> None:
    picker.select(lambda _item: True)
    picker.accept()


def test_adding_running_programs(qtbot: QtBot, api: FakeApi, store: QSettings) -> None:
    api.running = [
        sample_program("/home/kid/.minecraft/minecraft-launcher", app="minecraft", sha256=HASH),
        sample_program("/home/kid/Games/Space Game/SpaceGame.x86_64", sha256=HASH),
        sample_program("C:\\Games\\SpaceGame.exe", name="SpaceGame.exe"),
    ]
    dialog = open_apps(qtbot, api, store)
    when_modal(ProgramPicker, choose_all)
    page(dialog).add_running()
    assert dialog.current().apps == [
        AppRuleDraft(app="minecraft", match=AppMatch(sha256=(HASH,))),
        AppRuleDraft(
            app="spacegame.x86_64",
            name="SpaceGame.x86_64",
            match=AppMatch(
                names=("SpaceGame.x86_64",),
                paths=("/home/kid/Games/Space Game/SpaceGame.x86_64",),
                sha256=(HASH,),
            ),
        ),
        AppRuleDraft(
            app="spacegame",
            name="SpaceGame.exe",
            match=AppMatch(names=("SpaceGame.exe",), paths=("C:\\Games\\SpaceGame.exe",)),
        ),
    ]
    assert page(dialog).table.rowCount() == 3
    assert dialog.apply()
    assert [(r.app, r.mode) for r in api.policy.profiles[0].apps] == [
        ("minecraft", AppMode.BLOCKED),
        ("spacegame.x86_64", AppMode.BLOCKED),
        ("spacegame", AppMode.BLOCKED),
    ]


def test_adding_a_program_seen_recently_run_by_a_wrapper(
    qtbot: QtBot, api: FakeApi, store: QSettings
) -> None:
    api.seen = [
        sample_program(
            "/usr/bin/python3.12",
            name="game.py",
            cmdline=("/usr/bin/python3.12", "-u", "/home/kid/game.py"),
            sha256=HASH,
        )
    ]
    dialog = open_apps(qtbot, api, store)

    headers: list[str] = []

    def check_and_choose(picker: ProgramPicker) -> None:
        headers.append(picker.tree.headerItem().text(3))
        choose_all(picker)

    when_modal(ProgramPicker, check_and_choose)
    page(dialog).add_seen()
    assert headers == ["Last seen"]
    assert dialog.current().apps == [
        AppRuleDraft(
            app="game.py",
            name="game.py",
            match=AppMatch(
                names=("game.py",), paths=("/home/kid/game.py",), cmdline=("*python* *game.py*",)
            ),
        )
    ]
    assert dialog.apply()


def test_a_program_already_ruled_is_not_added_twice(
    qtbot: QtBot, api: FakeApi, store: QSettings
) -> None:
    with_profile(api, apps=(MINECRAFT, GAME))
    api.running = [
        sample_program("/usr/bin/minecraft-launcher", app="minecraft"),
        sample_program("C:/Games/SpaceGame.exe", app="space-game"),
    ]
    dialog = open_apps(qtbot, api, store)
    when_modal(ProgramPicker, choose_all)
    page(dialog).add_running()
    assert [rule.app for rule in dialog.current().apps] == ["minecraft", "space-game"]
    assert page(dialog).table.currentRow() == 1


def test_cancelling_the_picker_adds_nothing(qtbot: QtBot, api: FakeApi, store: QSettings) -> None:
    api.running = [sample_program("/usr/bin/supertux2")]
    dialog = open_apps(qtbot, api, store)
    when_modal(ProgramPicker, lambda picker: picker.reject())
    page(dialog).add_running()
    assert dialog.current().apps == []


def test_adding_from_the_catalogue(qtbot: QtBot, api: FakeApi, store: QSettings) -> None:
    dialog = open_apps(qtbot, api, store)

    shown: list[str] = []

    def search_and_choose(picker: CataloguePicker) -> None:
        picker.search.setText("minec")
        shown.extend(item.text(0) for item in picker._leaves() if not item.isHidden())
        picker.select(lambda item: item.text(0) == "Minecraft")
        picker.accept()

    when_modal(CataloguePicker, search_and_choose)
    page(dialog).add_from_catalogue()
    assert "Minecraft" in shown and "Tor Browser" not in shown
    assert dialog.current().apps == [AppRuleDraft(app="minecraft", mode=AppMode.BLOCKED)]
    assert dialog.apply()
    assert api.policy.profiles[0].apps == (MINECRAFT,)


def test_the_catalogue_greys_out_apps_with_a_rule_and_hides_critical_ones(qtbot: QtBot) -> None:
    picker = CataloguePicker({"minecraft"})
    qtbot.addWidget(picker)
    leaves = {item.text(0): item for item in picker._leaves()}
    assert "GNOME Shell" not in leaves
    assert not leaves["Minecraft"].isSelected()
    picker.select(lambda _item: True)
    assert picker.chosen() == [i.data(0, 256) for i in leaves.values() if i.text(0) != "Minecraft"]


def test_adding_a_program_file(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, api: FakeApi, store: QSettings, tmp_path: Path
) -> None:
    game = tmp_path / "Space Game.exe"
    game.write_bytes(b"MZ" + bytes(range(256)) * 5000)
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", staticmethod(lambda *args, **kw: (str(game), ""))
    )
    dialog = open_apps(qtbot, api, store)
    page(dialog).add_file()
    digest = hashlib.sha256(game.read_bytes()).hexdigest()
    assert dialog.current().apps == [
        AppRuleDraft(
            app="space-game",
            name="Space Game",
            match=AppMatch(names=("Space Game.exe",), paths=(str(game),), sha256=(digest,)),
        )
    ]
    assert dialog.apply()
    assert api.policy.profiles[0].apps[0].match == AppMatch(
        names=("Space Game.exe",), paths=(str(game),), sha256=(digest,)
    )


def test_no_file_chosen_adds_nothing(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, api: FakeApi, store: QSettings
) -> None:
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: ("", "")))
    dialog = open_apps(qtbot, api, store)
    page(dialog).add_file()
    assert dialog.current().apps == []


def test_custom_ids_are_unique_and_avoid_the_catalogue() -> None:
    assert unique_app_id("Minecraft", {"minecraft"}) == "minecraft-2"
    assert unique_app_id("Space Game!", {"space-game", "space-game-2"}) == "space-game-3"
    assert unique_app_id("игра", set()) == "app"
    assert len(unique_app_id("x" * 80, {"x" * 64})) == 64


def test_an_invalid_rule_is_explained_with_its_app(
    qtbot: QtBot, api: FakeApi, store: QSettings
) -> None:
    dialog = open_apps(qtbot, api, store)
    dialog.current().apps.append(AppRuleDraft(app="Bad Id", name="Bad game", match=GAME.match))
    before = api.policy
    assert not dialog.apply()
    box = dialog.findChild(QMessageBox, "settings-error")
    assert box is not None
    assert "Profile “Child”, Apps, Bad game: " in box.informativeText()
    assert api.policy == before


def test_the_tray_does_not_load_the_apps_page_or_the_catalogue() -> None:
    code = "import sys, ui.app, ui.tray; print(' '.join(sorted(sys.modules)))"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.split()
    assert not {"ui.apps_page", "ui.settings", "rules.catalogue"} & set(out)
