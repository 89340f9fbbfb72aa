"""Settings a school's managed policy sets are locked in the parent's settings, with their
source; a first run on an account that is not an administrator offers no setup."""

from __future__ import annotations

import sys
import types
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import msgspec
import pytest
from PySide6.QtCore import QCoreApplication, QSettings, Qt, QTranslator
from PySide6.QtWidgets import QApplication, QLabel, QMenu
from pytestqt.qtbot import QtBot

from guardian.sites.client import ImportedList
from rules.apps import Category
from rules.model import Weekday
from tests.helpers.fake_api import FakeApi
from ui.app import main
from ui.managed_locks import lock_mark
from ui.settings import SettingsDialog
from ui.tray import TrayAgent

TRANSLATIONS = Path(__file__).resolve().parents[2] / "ui" / "translations"
LAB = {"layer": "managed", "file": "10-lab.toml"}
PARENT = {"layer": "parent", "file": ""}
SOURCES = {
    "profiles.child.daily_budget.mon": LAB,
    "profiles.child.name": LAB,
    "profiles.child.daily_budget.tue": PARENT,
    "reports.folder": {"layer": "os", "file": r"HKLM\SOFTWARE\Policies\Guardian"},
    "timezone": PARENT,
    "unrestricted_accounts": LAB,
}
WORDS = {
    "en": ("Set by your school's managed policy: ", "Some settings are set by your school's"),
    "ru": ("Задано управляемой политикой школы: ", "Некоторые настройки заданы"),
}


@pytest.fixture(params=["en", "ru"])
def language(request: pytest.FixtureRequest, qapp: QApplication) -> Iterator[str]:
    translator = QTranslator(QCoreApplication.instance())
    if not translator.load(f"guardian_{request.param}", str(TRANSLATIONS)):
        pytest.skip("run `make translations` to build the .qm")
    QCoreApplication.installTranslator(translator)
    yield request.param


def open_settings(qtbot: QtBot, api: FakeApi, tmp_path: Path) -> SettingsDialog:
    store = QSettings(str(tmp_path / "guardian.ini"), QSettings.Format.IniFormat)
    dialog = SettingsDialog(api, api.login("secret"), settings=store)
    qtbot.addWidget(dialog)
    return dialog


def managed_api(sources: dict[str, Any]) -> FakeApi:
    api = FakeApi()
    api.policy = msgspec.structs.replace(api.policy, unrestricted_accounts=("parent",))
    api.handlers["policy.sources"] = lambda params: sources
    return api


def test_managed_fields_are_locked_with_their_source(
    qtbot: QtBot, tmp_path: Path, language: str
) -> None:
    tip, banner_words = WORDS[language]
    dialog = open_settings(qtbot, managed_api(SOURCES), tmp_path)
    banner = dialog.findChild(QLabel, "managed-banner")
    assert banner is not None and banner_words in banner.text()
    assert "10-lab.toml" in banner.text() and r"HKLM\SOFTWARE\Policies\Guardian" in banner.text()
    time = dialog.time_page
    monday, tuesday = time.budget_spins[Weekday.MON], time.budget_spins[Weekday.TUE]
    assert monday.isReadOnly() and monday.toolTip() == tip + "10-lab.toml"
    assert not time.unlimited_checks[Weekday.MON].isEnabled()
    assert time._day_labels[Weekday.MON].text().startswith(lock_mark())
    assert not tuesday.isReadOnly() and tuesday.toolTip() == ""
    assert time.unlimited_checks[Weekday.TUE].isEnabled()
    assert not time.reset_button.isEnabled()
    assert time.grid.isEnabled(), "the hours are the parent's"
    profiles = dialog.profiles_page
    assert profiles.name_edit.isReadOnly()
    assert profiles.preset_box.isEnabled()
    assert not profiles.remove_button.isEnabled()
    assert profiles.role_boxes["kid"].isEnabled(), "the kid's profile has no managed accounts"
    assert not profiles.role_boxes["parent"].isEnabled()
    assert profiles.role_boxes["parent"].toolTip() == tip + "10-lab.toml"
    reports = dialog.reports_page
    assert reports.folder_edit.isReadOnly()
    assert reports.folder_edit.toolTip() == tip + r"HKLM\SOFTWARE\Policies\Guardian"
    assert not reports.browse_button.isEnabled()
    assert reports.keep_spin.toolTip() == "" and not reports.keep_spin.isReadOnly()


def test_locks_follow_the_chosen_profile_and_a_save_keeps_managed_values(
    qtbot: QtBot, tmp_path: Path
) -> None:
    api = managed_api(SOURCES)
    dialog = open_settings(qtbot, api, tmp_path)
    dialog.profiles_page._add()  # a new profile of the parent's own: nothing is locked
    time = dialog.time_page
    assert not time.budget_spins[Weekday.MON].isReadOnly()
    assert time.unlimited_checks[Weekday.MON].isEnabled()
    assert not dialog.profiles_page.name_edit.isReadOnly()
    assert dialog.profiles_page.remove_button.isEnabled()
    dialog.refresh_profiles(select="child")
    assert time.budget_spins[Weekday.MON].isReadOnly()
    before = api.policy.profile("child")
    assert dialog.apply()
    after = api.policy.profile("child")
    assert after.daily_budget == before.daily_budget and after.name == before.name


OS = {"layer": "os", "file": r"HKLM\SOFTWARE\Policies\Guardian"}
PAGE_SOURCES = {
    "profiles.child.warnings": LAB,
    "profiles.child.action": LAB,
    "profiles.child.idle_minutes": PARENT,
    "profiles.child.app_list": LAB,
    "profiles.child.unmanaged_browsers": LAB,
    "profiles.child.downtime": PARENT,
    "profiles.child.category_budgets.games": LAB,
    "profiles.child.apps": LAB,
    "profiles.child.sites.list": LAB,
    "profiles.child.sites.categories": LAB,
    "profiles.child.sites.block": LAB,
    "profiles.child.sites.schedules": LAB,
    "profiles.child.sites.allow": PARENT,
    "dns.resolver": OS,
}


def test_action_apps_and_sites_fields_are_locked_with_their_source(
    qtbot: QtBot, tmp_path: Path, language: str
) -> None:
    tip = WORDS[language][0]
    lab = tip + "10-lab.toml"
    dialog = open_settings(qtbot, managed_api(PAGE_SOURCES), tmp_path)

    action = dialog.action_page
    assert action.warnings_edit.isReadOnly() and action.warnings_edit.toolTip() == lab
    assert not action.action_box.isEnabled() and action.action_box.toolTip() == lab
    label = action._form.labelForField(action.action_box)
    assert isinstance(label, QLabel) and label.text().startswith(lock_mark())
    assert not action.idle_spin.isReadOnly() and action.idle_spin.toolTip() == ""

    apps = dialog.apps_page
    for box in (apps.app_list_box, apps.browsers_box):
        assert not box.isEnabled() and box.toolTip() == lab
    assert not apps.category_checks[Category.GAMES].isEnabled()
    assert apps.category_spins[Category.GAMES].isReadOnly()
    assert apps._category_labels[Category.GAMES].text().startswith(lock_mark())
    assert apps.category_checks[Category.VIDEO].isEnabled()
    assert not apps.category_spins[Category.VIDEO].isReadOnly()
    viewport = apps.table.viewport()
    assert not viewport.isEnabled() and viewport.toolTip() == lab
    assert apps.table.isEnabled(), "the rules can still be scrolled and read"
    assert not apps.add_button.isEnabled() and apps.add_button.toolTip() == lab

    sites = dialog.sites_page
    assert not sites.allowlist_check.isEnabled() and sites.allowlist_check.toolTip() == lab
    assert sites.filter_check.isEnabled() and sites.safe_search_check.isEnabled()
    assert sites.blocked.edit.isReadOnly()
    assert not sites.blocked.add_button.isEnabled()
    assert not sites.blocked.remove_button.isEnabled()
    assert sites.blocked.remove_button.toolTip() == lab
    assert not sites.allowed.edit.isReadOnly() and sites.allowed.add_button.isEnabled()
    assert not sites.reset_button.isEnabled()
    assert not sites.schedule_table.viewport().isEnabled()
    assert not sites.add_schedule_button.isEnabled()
    assert sites.blocked_top.text(0).startswith(lock_mark())
    assert sites.blocked_top.toolTip(0) == lab
    assert not sites.allowed_top.text(0).startswith(lock_mark())
    items = [sites.blocked_top.child(n) for n in range(sites.blocked_top.childCount())]
    assert items, "the age preset blocks some kinds of sites"
    for item in items:
        assert item is not None and not item.flags() & Qt.ItemFlag.ItemIsUserCheckable
        assert item.toolTip(0) == lab
    assert not sites.resolver_box.isEnabled()
    assert sites.resolver_box.toolTip() == tip + r"HKLM\SOFTWARE\Policies\Guardian"
    assert sites.resolver_label.text().startswith(lock_mark())
    assert not sites.servers_edit.isReadOnly()


def test_a_profile_the_policy_does_not_manage_stays_editable_on_every_page(
    qtbot: QtBot, tmp_path: Path
) -> None:
    dialog = open_settings(qtbot, managed_api(PAGE_SOURCES), tmp_path)
    dialog.profiles_page._add()
    action, apps, sites = dialog.action_page, dialog.apps_page, dialog.sites_page
    assert not action.warnings_edit.isReadOnly() and action.warnings_edit.toolTip() == ""
    assert action.action_box.isEnabled()
    label = action._form.labelForField(action.action_box)
    assert isinstance(label, QLabel) and not label.text().startswith(lock_mark())
    assert apps.app_list_box.isEnabled() and apps.browsers_box.isEnabled()
    assert apps.category_checks[Category.GAMES].isEnabled()
    assert not apps.category_spins[Category.GAMES].isReadOnly()
    assert apps.table.viewport().isEnabled() and apps.add_button.isEnabled()
    assert apps.add_button.toolTip() == ""
    assert sites.allowlist_check.isEnabled() and sites.allowlist_check.toolTip() == ""
    assert not sites.blocked.edit.isReadOnly() and sites.blocked.add_button.isEnabled()
    assert sites.schedule_table.viewport().isEnabled() and sites.add_schedule_button.isEnabled()
    assert not sites.reset_button.isEnabled(), "a new profile follows its preset already"
    assert not sites.blocked_top.text(0).startswith(lock_mark())
    for item in sites.category_items():
        assert item.flags() & Qt.ItemFlag.ItemIsUserCheckable
    # The resolver is the whole computer's: a school's choice holds for every profile.
    assert not sites.resolver_box.isEnabled()

    dialog.refresh_profiles(select="child")
    assert action.warnings_edit.isReadOnly() and not apps.add_button.isEnabled()
    assert not sites.allowlist_check.isEnabled()


def test_sites_fields_stay_locked_when_the_page_enables_them_again(
    qtbot: QtBot, tmp_path: Path
) -> None:
    dialog = open_settings(qtbot, managed_api(PAGE_SOURCES), tmp_path)
    sites = dialog.sites_page
    sites.filter_check.setChecked(False)
    assert not sites.safe_search_check.isEnabled()
    sites.filter_check.setChecked(True)
    assert sites.safe_search_check.isEnabled(), "safe search is the parent's"
    assert not sites.allowlist_check.isEnabled()
    assert sites.allowlist_check.toolTip().endswith("10-lab.toml")
    before = list(dialog.current().sites.block)
    sites.blocked.edit.setText("example.org")
    sites.add_site("block")
    assert dialog.current().sites.block == before


def test_a_list_imported_for_a_profile_with_managed_kinds_of_sites_is_not_blocked_there(
    qtbot: QtBot, tmp_path: Path
) -> None:
    api = managed_api(PAGE_SOURCES)
    api.handlers["sites.import"] = lambda params: msgspec.to_builtins(
        [ImportedList("my-hosts", 12345, 3)]
    )
    api.handlers["sites.categories"] = lambda params: []
    dialog = open_settings(qtbot, api, tmp_path)
    before = dialog.current().sites.categories
    dialog.sites_page.import_path("/home/parent/hosts.txt", "my-hosts")
    assert dialog.sites_page.import_result.text() == "“my-hosts”: 12,345 sites, 3 lines skipped"
    assert dialog.current().sites.categories == before
    assert dialog.apply()


def test_nothing_is_locked_without_a_managed_policy(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = open_settings(qtbot, managed_api({"timezone": PARENT}), tmp_path)
    assert dialog.findChild(QLabel, "managed-banner") is None
    assert not dialog.time_page.budget_spins[Weekday.MON].isReadOnly()
    # A service without `policy.sources` locks nothing either.
    dialog = open_settings(qtbot, FakeApi(), tmp_path)
    assert dialog.findChild(QLabel, "managed-banner") is None
    assert not dialog.profiles_page.name_edit.isReadOnly()


@pytest.mark.parametrize(
    ("language", "words"),
    [("en", "An adult must set Guardian up"), ("ru", "Guardian должен настроить взрослый")],
)
def test_an_account_that_is_not_an_administrator_is_never_offered_setup(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, language: str, words: str
) -> None:
    import guardian.platform

    class NoWizard:
        def __init__(self, api: FakeApi) -> None:
            raise AssertionError("setup must not be offered to this account")

    monkeypatch.setitem(sys.modules, "ui.wizard", types.SimpleNamespace(FirstRunWizard=NoWizard))
    monkeypatch.setattr(guardian.platform, "current_account_is_admin", lambda: False)
    api = FakeApi(password=None)
    told: list[tuple[str, str]] = []
    menus: list[list[str]] = []

    def ready(agent: TrayAgent) -> None:
        menu = QMenu()
        agent.fill_menu(menu)
        menus.append([action.text() for action in menu.actions()])
        QApplication.exit(0)

    def watch(agent: TrayAgent) -> None:
        agent.notified.connect(lambda title, text: told.append((title, text)))

    monkeypatch.setattr(TrayAgent, "start", _started_with(watch))
    assert main(["--language", language], api=api, on_ready=ready) == 0
    assert not api.has_password()
    assert any(words in text for _, text in told)
    assert any(words in line for line in menus[0])


def _started_with(watch: Any) -> Any:
    original = TrayAgent.start

    def start(self: TrayAgent) -> None:
        watch(self)
        original(self)

    return start
