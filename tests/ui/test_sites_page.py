"""The Sites page of the settings, the words for site rules, and the child's side: the
notice of a blocked site and the window of recently blocked ones."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import msgspec
import pytest
from PySide6.QtCore import QCoreApplication, QSettings, Qt, QTranslator
from PySide6.QtWidgets import QApplication, QFileDialog, QMenu, QMessageBox
from pytestqt.qtbot import QtBot

from guardian.api import Event, InvalidRequest
from guardian.sites.client import (
    SITE_BLOCKED,
    CategoryInfo,
    ImportedList,
    RecentBlock,
    SitesStatus,
    SiteTest,
)
from rules.model import AgePreset
from rules.sites import BYPASS, HARMFUL, YOUNG, Dns, Resolver, SiteList, Sites, SiteSchedule
from rules.timeofday import AllowedWindow, Weekday
from tests.helpers.fake_api import FakeApi
from tests.helpers.modal import when_modal
from ui.i18n import TRANSLATIONS_DIR
from ui.policy_draft import PolicyDraft
from ui.recent_sites import RecentSitesWindow
from ui.settings import SettingsDialog
from ui.site_texts import child_reason_text, rule_text, site_blocked_notice
from ui.sites_page import ScheduleDialog, SitesPage, list_name_of
from ui.tray import TrayAgent

PRESET_12 = {*HARMFUL, *BYPASS, *YOUNG}
INSTALLED = [
    CategoryInfo("gambling", 1000, white=False, builtin=True),
    CategoryInfo("games", 2000, white=False, builtin=True),
    CategoryInfo("malware", 300, white=False, builtin=True),
    CategoryInfo("child", 500, white=True, builtin=True),
    CategoryInfo("school-list", 40, white=False, builtin=False),
]


def w(*texts: str) -> tuple[AllowedWindow, ...]:
    return tuple(AllowedWindow.parse(t) for t in texts)


@pytest.fixture
def store(tmp_path: Path) -> QSettings:
    """Settings in a file of the test's own, never the user's."""
    return QSettings(str(tmp_path / "guardian.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def russian() -> Iterator[None]:
    """Guardian's Russian translation installed (the conftest removes it afterwards)."""
    translator = QTranslator(QCoreApplication.instance())
    if not translator.load("guardian_ru", str(TRANSLATIONS_DIR)):
        pytest.skip("run `make translations` to build the .qm")
    QCoreApplication.installTranslator(translator)
    yield


def answers(api: FakeApi, **methods: Any) -> None:
    """Register fake service answers (plain data, as the service sends it)."""
    for method, value in methods.items():
        name = "sites." + method

        def handler(params: dict[str, Any], value: Any = value) -> Any:
            result = value(params) if callable(value) else value
            return msgspec.to_builtins(result)

        api.handlers[name] = handler


def running(**changes: Any) -> SitesStatus:
    status = SitesStatus(
        enabled=True,
        running=True,
        listen=("127.0.0.53:53",),
        system_pointed=True,
        upstreams=("192.168.1.1",),
        per_account=True,
        browsers=("firefox", "chromium"),
        lists=3840,
        index_built=None,
    )
    return msgspec.structs.replace(status, **changes)


@pytest.fixture
def service(api: FakeApi) -> FakeApi:
    """The fake service knowing five category lists and a running filter."""
    answers(api, categories=INSTALLED, status=running())
    return api


def with_sites(api: FakeApi, sites: Sites, dns: Dns | None = None) -> None:
    child = msgspec.structs.replace(api.policy.profiles[0], sites=sites)
    changes: dict[str, Any] = {"profiles": (child,)}
    if dns is not None:
        changes["dns"] = dns
    api.policy = msgspec.structs.replace(api.policy, **changes)


def open_sites(qtbot: QtBot, api: FakeApi, store: QSettings) -> SettingsDialog:
    dialog = SettingsDialog(api, api.login("secret"), settings=store)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.pages.setCurrentRow(3)
    assert dialog.stack.currentWidget().widget() is dialog.sites_page  # type: ignore[attr-defined]
    return dialog


def items(page: SitesPage) -> dict[str, tuple[bool, bool, str]]:
    """Each category shown: (checked, in the allowed group, the Sites column)."""
    return {
        str(item.data(0, Qt.ItemDataRole.UserRole)): (
            item.checkState(0) == Qt.CheckState.Checked,
            item.parent() is page.allowed_top,
            item.text(2),
        )
        for item in page.category_items()
    }


def tick(page: SitesPage, name: str, on: bool) -> None:
    item = next(i for i in page.category_items() if i.data(0, Qt.ItemDataRole.UserRole) == name)
    item.setCheckState(0, Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)


def saved_sites(api: FakeApi) -> Sites:
    return api.policy.profiles[0].sites


# The draft -------------------------------------------------------------------------------------


def test_the_draft_carries_site_rules_and_the_resolver_unchanged(api: FakeApi) -> None:
    sites = Sites(
        filter=True,
        categories=("gambling",),
        allow_categories=("child",),
        block=("example.com",),
        allow=("wikipedia.org",),
        list=SiteList.ALLOWLIST,
        safe_search=False,
        schedules=(SiteSchedule(sites=("roblox.com",), hours={Weekday.SAT: w("10:00-12:00")}),),
    )
    with_sites(api, sites, Dns(resolver=Resolver.CUSTOM, servers=("9.9.9.9",)))
    assert PolicyDraft.of(api.policy).build() == api.policy


# The page --------------------------------------------------------------------------------------


def test_the_page_shows_the_age_presets_choices(
    qtbot: QtBot, service: FakeApi, store: QSettings
) -> None:
    page = open_sites(qtbot, service, store).sites_page
    assert page.filter_check.isChecked() and page.filter_mark.isVisible()
    assert page.safe_search_check.isChecked() and page.safe_search_mark.isVisible()
    assert not page.allowlist_check.isChecked()
    shown = items(page)
    assert {name for name, (on, _, _) in shown.items() if on} == PRESET_12
    assert shown["gambling"] == (True, False, "1,000")
    assert shown["games"] == (False, False, "2,000")
    assert shown["child"] == (False, True, "500")
    assert shown["adult"] == (True, False, "list not installed")
    assert shown["school-list"][0] is False
    names = [item.text(0) for item in page.category_items()]
    assert "Gambling, betting and casinos" in names and "school-list" in names
    assert page.preset_note.text() == "Ticked: what the age preset (12+) blocks."
    assert not page.reset_button.isEnabled()
    assert page.status_label.text().splitlines() == [
        "The web filter is running.",
        "This computer looks up site names through the filter.",
        "Each account's lookups are told apart: every child gets their own rules.",
        "Browsers set to use the filter (their own encrypted DNS off): Firefox, Chromium.",
    ]


def test_an_adult_profile_starts_unfiltered(
    qtbot: QtBot, service: FakeApi, store: QSettings
) -> None:
    adult = msgspec.structs.replace(service.policy.profiles[0], preset=AgePreset.AGE_18)
    service.policy = msgspec.structs.replace(service.policy, profiles=(adult,))
    page = open_sites(qtbot, service, store).sites_page
    assert not page.filter_check.isChecked()
    assert not page.rules.isEnabled() and page.filter_off_note.isVisible()
    assert not any(on for on, _, _ in items(page).values())


def test_toggles_and_categories_reach_the_saved_policy(
    qtbot: QtBot, service: FakeApi, store: QSettings
) -> None:
    dialog = open_sites(qtbot, service, store)
    page = dialog.sites_page
    page.safe_search_check.setChecked(False)
    page.allowlist_check.setChecked(True)
    tick(page, "gambling", False)
    tick(page, "games", True)
    tick(page, "child", True)
    assert not page.safe_search_mark.isVisible()
    assert page.reset_button.isEnabled()
    assert dialog.apply()
    sites = saved_sites(service)
    assert sites.safe_search is False and sites.filter is None
    assert sites.list is SiteList.ALLOWLIST
    assert sites.categories is not None
    assert set(sites.categories) == PRESET_12 - {"gambling"} | {"games"}
    assert sites.allow_categories == ("child",)

    page.reset_categories()
    assert {name for name, (on, white, _) in items(page).items() if on and not white} == PRESET_12
    page.filter_check.setChecked(False)
    assert not page.rules.isEnabled()
    assert dialog.apply()
    assert saved_sites(service).categories is None
    assert saved_sites(service).filter is False


def test_a_saved_choice_is_shown_again(qtbot: QtBot, service: FakeApi, store: QSettings) -> None:
    with_sites(
        service,
        Sites(
            filter=True,
            categories=("games", "gone-list"),
            allow_categories=("child",),
            safe_search=False,
            block=("example.com",),
            allow=("wikipedia.org",),
        ),
    )
    page = open_sites(qtbot, service, store).sites_page
    shown = items(page)
    assert {name for name, (on, white, _) in shown.items() if on and not white} == {
        "games",
        "gone-list",
    }
    assert shown["gone-list"][2] == "list not installed"
    assert shown["child"][:2] == (True, True)
    assert not page.filter_mark.isVisible() and not page.safe_search_check.isChecked()
    assert page.blocked.view.item(0).text() == "example.com"
    assert page.allowed.view.item(0).text() == "wikipedia.org"
    assert page.preset_note.text().startswith("Your own choice")


def test_own_lists_take_names_and_refuse_bad_ones(
    qtbot: QtBot, service: FakeApi, store: QSettings
) -> None:
    dialog = open_sites(qtbot, service, store)
    page = dialog.sites_page
    page.blocked.edit.setText("https://WWW.Example.COM/some/page, casino.example")
    page.blocked.add_button.click()
    assert [page.blocked.view.item(n).text() for n in range(2)] == [
        "www.example.com",
        "casino.example",
    ]
    assert page.blocked.edit.text() == "" and not page.list_problem.isVisible()

    for bad in ("exa!mple.com", "192.168.1.1"):
        page.blocked.edit.setText(bad)
        page.blocked.add_button.click()
        assert page.list_problem.isVisible()
        assert page.list_problem.text().startswith(f"“{bad}” is not a site name.")
        assert page.blocked.view.count() == 2
        assert page.blocked.edit.text() == bad

    page.allowed.edit.setText("wikipedia.org")
    qtbot.keyClick(page.allowed.edit, Qt.Key.Key_Return)
    page.blocked.edit.setText("wikipedia.org")
    page.blocked.add_button.click()
    assert page.list_problem.text() == (
        "wikipedia.org is on your allowed list; remove it there first."
    )

    page.blocked.view.item(1).setSelected(True)
    page.blocked.remove_button.click()
    assert dialog.apply()
    assert saved_sites(service).block == ("www.example.com",)
    assert saved_sites(service).allow == ("wikipedia.org",)


def test_a_list_file_is_imported_and_blocked_here(
    qtbot: QtBot, service: FakeApi, store: QSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    answers(service, **{"import": [ImportedList("my-hosts", 12345, 3)]})
    dialog = open_sites(qtbot, service, store)
    page = dialog.sites_page
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", lambda *a, **k: ("/home/parent/My Hosts.txt", "")
    )
    page.import_file()
    assert (
        "sites.import",
        {"token": dialog.token, "path": "/home/parent/My Hosts.txt"} | {"name": "my-hosts"},
    ) in service.calls
    assert page.import_result.text() == (
        "“my-hosts”: 12,345 sites, 3 lines skipped\nIt is now blocked for Child."
    )
    box = dialog.findChild(QMessageBox, "import-done")
    assert box is not None and box.informativeText() == page.import_result.text()
    box.close()
    assert [m for m, _ in service.calls].count("sites.categories") == 2
    assert dialog.apply()
    assert "my-hosts" in (saved_sites(service).categories or ())


def test_a_ut1_archive_is_imported_without_a_name(
    qtbot: QtBot, service: FakeApi, store: QSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    answers(service, **{"import": lambda p: [ImportedList("gambling", 9, 0)] if p else []})
    dialog = open_sites(qtbot, service, store)
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", lambda *a, **k: ("/tmp/blacklists.tar.gz", "")
    )
    dialog.sites_page.import_archive()
    assert service.calls[-2][1]["name"] is None
    assert dialog.sites_page.import_result.text() == "“gambling”: 9 sites, 0 lines skipped"
    assert dialog.draft.profiles[0].sites.categories is None


def test_a_failed_import_is_explained(
    qtbot: QtBot, service: FakeApi, store: QSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(params: dict[str, Any]) -> None:
        raise InvalidRequest("/tmp/x: no such file")

    service.handlers["sites.import"] = refuse
    dialog = open_sites(qtbot, service, store)
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: "/tmp/x")
    dialog.sites_page.import_folder()
    box = dialog.findChild(QMessageBox, "settings-error")
    assert box is not None
    assert box.text() == "The lists were not imported."
    assert box.informativeText() == "/tmp/x\n/tmp/x: no such file"


@pytest.mark.parametrize(
    ("path", "name"),
    [
        ("/a/My Hosts.txt", "my-hosts"),
        ("C:/lists/adblock_RU.list", "adblock_ru"),
        ("/a/___.txt", "imported"),
    ],
)
def test_a_list_files_name_becomes_its_category_name(path: str, name: str) -> None:
    assert list_name_of(path) == name


def verdicts(params: dict[str, Any]) -> list[SiteTest]:
    name = params["name"].lower()
    return [
        SiteTest("child", "Child", name, True, "category:gambling", ("gambling",), True),
        SiteTest("teen", "Teen", name, False, "allow:" + name, ("gambling",), True),
        SiteTest("grown", "Grown-up", name, False, "", ("gambling",), False),
    ]


def test_the_test_box_says_what_each_profile_does(
    qtbot: QtBot, service: FakeApi, store: QSettings
) -> None:
    answers(service, test=verdicts)
    dialog = open_sites(qtbot, service, store)
    page = dialog.sites_page
    page.test_edit.setText("Casino.example")
    page.test_button.click()
    assert page.test_result.text().splitlines() == [
        "casino.example for each profile:",
        "Child — Blocked: category gambling (Gambling, betting and casinos)",
        "Teen — Allowed: on your allowed list (casino.example)",
        "Grown-up — Allowed: this profile's web traffic is not filtered",
        "Lists that name it: Gambling, betting and casinos (gambling)",
    ]
    assert not page.test_unsaved.isVisible()

    page.safe_search_check.setChecked(False)
    page.test_button.click()
    assert page.test_unsaved.isVisible()


def test_the_test_box_in_russian(
    qtbot: QtBot, service: FakeApi, store: QSettings, russian: None
) -> None:
    answers(service, test=verdicts)
    page = open_sites(qtbot, service, store).sites_page
    page.test_edit.setText("casino.example")
    page.test_button.click()
    assert page.test_result.text().splitlines()[:3] == [
        "casino.example для каждого профиля:",
        "Child — Заблокировано: список gambling (Азартные игры, ставки и казино)",
        "Teen — Разрешено: в вашем списке разрешённых (casino.example)",
    ]


def test_a_bad_address_is_not_sent_to_the_service(
    qtbot: QtBot, service: FakeApi, store: QSettings
) -> None:
    answers(service, test=verdicts)
    page = open_sites(qtbot, service, store).sites_page
    page.test_edit.setText("http://")
    page.test_button.click()
    assert page.test_result.text().startswith("“http://” is not a site name.")
    assert "sites.test" not in [method for method, _ in service.calls]


@pytest.mark.parametrize(
    ("rule", "filtered", "text"),
    [
        ("category:drogue", True, "Blocked: category drogue (Drugs)"),
        ("category:school-list", True, "Blocked: category school-list (school-list)"),
        (
            "schedule-category:games",
            True,
            "Blocked: category games (Online games) is outside its scheduled hours",
        ),
        ("block:example.com", True, "Blocked: on your blocked list (example.com)"),
        ("schedule:roblox.com", True, "Blocked: roblox.com is outside its scheduled hours"),
        ("allowlist", True, "Blocked: not on the allowed list"),
        ("safe_search:youtube", True, "Allowed, in safe search mode (YouTube)"),
        ("allow:wikipedia.org", True, "Allowed: on your allowed list (wikipedia.org)"),
        (
            "allow-category:child",
            True,
            "Allowed: in the allowed list child (Sites made for children)",
        ),
        ("", True, "Allowed"),
        ("category:gambling", False, "Allowed: this profile's web traffic is not filtered"),
        ("mystery:x", True, "Decided by the rule “mystery:x”"),
    ],
)
def test_each_rule_in_words_for_the_parent(rule: str, filtered: bool, text: str) -> None:
    assert rule_text(rule, filtered) == text


def test_firefoxs_check_is_explained(qapp: QApplication) -> None:
    assert rule_text("canary").startswith("Blocked: Firefox asks this name")


def test_the_resolver_for_the_whole_computer(
    qtbot: QtBot, service: FakeApi, store: QSettings
) -> None:
    dialog = open_sites(qtbot, service, store)
    page = dialog.sites_page
    assert page.resolver_box.currentText() == "This computer's usual resolver"
    assert not page.servers_edit.isVisible()
    page.resolver_box.setCurrentIndex(page.resolver_box.findData(Resolver.YANDEX_FAMILY))
    assert page.resolver_box.currentText() == "Yandex DNS, family mode (77.88.8.7, 77.88.8.3)"
    assert dialog.apply()
    assert service.policy.dns == Dns(resolver=Resolver.YANDEX_FAMILY)

    page.resolver_box.setCurrentIndex(page.resolver_box.findData(Resolver.CUSTOM))
    assert page.servers_edit.isVisible() and page.servers_problem.isVisible()
    qtbot.keyClicks(page.servers_edit, "1.1.1.1, dns.example")
    assert page.servers_problem.text().startswith("Not an IP address: dns.example.")
    assert not dialog.apply()
    box = dialog.findChild(QMessageBox, "settings-error")
    assert box is not None
    assert box.informativeText().startswith("Resolver for the whole computer: 'dns.example'")
    box.close()
    page.servers_edit.clear()
    qtbot.keyClicks(page.servers_edit, "1.1.1.1 2606:4700::1111")
    assert not page.servers_problem.isVisible()
    assert dialog.apply()
    assert service.policy.dns == Dns(
        resolver=Resolver.CUSTOM, servers=("1.1.1.1", "2606:4700::1111")
    )


def test_the_filters_state_and_an_unreachable_feature(
    qtbot: QtBot, api: FakeApi, store: QSettings
) -> None:
    page = open_sites(qtbot, api, store).sites_page
    assert page.status_label.text() == (
        "The state of the web filter could not be read: unknown method sites.status"
    )
    assert page.categories_note.text().startswith(
        "The category lists on this computer could not be read"
    )
    shown = items(page)
    assert {name for name, (on, _, _) in shown.items() if on} == PRESET_12
    assert shown["gambling"][2] == ""

    answers(
        api, status=running(running=False, system_pointed=False, per_account=False, browsers=())
    )
    page.status_button.click()
    assert page.status_label.text().splitlines() == [
        "The web filter is not running: sites are not filtered now.",
        "This computer does not look up site names through the filter yet.",
        "Lookups follow the account whose session is in use: this computer cannot tell "
        "accounts apart otherwise.",
        "No browser has Guardian's settings yet.",
    ]
    answers(api, status=running(enabled=False))
    page.status_button.click()
    assert page.status_label.text() == (
        "No profile's web traffic is filtered, so the filter is off."
    )


def test_a_schedule_is_added_edited_and_removed(
    qtbot: QtBot, service: FakeApi, store: QSettings
) -> None:
    dialog = open_sites(qtbot, service, store)
    page = dialog.sites_page
    problems: list[str] = []

    def fill(editor: ScheduleDialog) -> None:
        editor.sites_edit.setText("roblox.com, exa!mple.com")
        editor.buttons.button(editor.buttons.StandardButton.Ok).click()
        problems.append(editor.problem_label.text())
        editor.sites_edit.setText("Roblox.com")
        games = editor.category_list.findItems("Online games (games)", Qt.MatchFlag.MatchExactly)
        games[0].setCheckState(Qt.CheckState.Checked)
        editor.grid.set_windows({Weekday.SAT: w("10:00-12:00"), Weekday.SUN: w("10:00-12:00")})
        editor.buttons.button(editor.buttons.StandardButton.Ok).click()

    when_modal(ScheduleDialog, fill)
    page.add_schedule_button.click()
    assert problems == [
        "“exa!mple.com” is not a site name. Write a name such as example.com; an IP address "
        "cannot be listed."
    ]
    table = page.schedule_table
    assert table.rowCount() == 1 and table.isVisible()
    assert table.item(0, 0).text() == "roblox.com, Online games"
    assert table.item(0, 1).text() == "Sat, Sun: 10:00–12:00"
    assert dialog.apply()
    assert saved_sites(service).schedules == (
        SiteSchedule(
            sites=("roblox.com",),
            categories=("games",),
            hours={Weekday.SAT: w("10:00-12:00"), Weekday.SUN: w("10:00-12:00")},
        ),
    )

    def change(editor: ScheduleDialog) -> None:
        assert editor.sites_edit.text() == "roblox.com"
        editor.grid.set_windows({Weekday.FRI: w("18:00-20:00")})
        editor.buttons.button(editor.buttons.StandardButton.Ok).click()

    when_modal(ScheduleDialog, change)
    table.cellWidget(0, 2).click()
    assert table.item(0, 1).text() == "Fri: 18:00–20:00"
    table.cellWidget(0, 3).click()
    assert table.rowCount() == 0 and page.schedules_empty.isVisible()
    assert dialog.apply()
    assert saved_sites(service).schedules == ()


def test_an_empty_schedule_is_refused(qtbot: QtBot, qapp: QApplication) -> None:
    editor = ScheduleDialog(["games"])
    qtbot.addWidget(editor)
    editor.buttons.button(editor.buttons.StandardButton.Ok).click()
    assert editor.problem_label.text() == "Name some sites or tick some kinds of sites."
    assert editor.schedule is None


# The child's side ----------------------------------------------------------------------------


class Clock:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def child(qtbot: QtBot, api: FakeApi, clock: Clock) -> Iterator[TrayAgent]:
    """A started tray agent for the child "kid", with a clock of the test's own."""
    agent = TrayAgent(api, clock=clock)
    agent.start()
    yield agent
    agent.close()
    agent.deleteLater()


def blocked(name: str, rule: str, account: str = "kid") -> Event:
    data = {"account": account, "at": "2026-11-30T15:40:00+03:00", "profile": "child"}
    return Event(SITE_BLOCKED, {**data, "name": name, "rule": rule})  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("rule", "body"),
    [
        ("category:gambling", "Sites of this kind are blocked: Gambling, betting and casinos."),
        ("category:adult", "Sites of this kind are blocked: sites for grown-ups."),
        ("category:school-list", "Sites of this kind are blocked: school-list."),
        ("block:example.com", "Your parent has blocked this site."),
        (
            "schedule:example.com",
            "This site is allowed only at certain hours, and now is not one of them.",
        ),
        (
            "schedule-category:games",
            "This site is allowed only at certain hours, and now is not one of them.",
        ),
        ("allowlist", "Only the sites your parent has allowed can be opened."),
        ("something-new", "Your parent's settings do not allow this site."),
    ],
)
def test_a_blocked_site_is_explained_to_its_child(
    qtbot: QtBot, api: FakeApi, child: TrayAgent, rule: str, body: str
) -> None:
    with qtbot.waitSignal(child.notified) as notified:
        api.push(blocked("www.example.com", rule, account="Kid"))
    assert notified.args == ["www.example.com is blocked", body]


def test_a_blocked_site_in_russian(
    qtbot: QtBot, api: FakeApi, child: TrayAgent, russian: None
) -> None:
    with qtbot.waitSignal(child.notified) as notified:
        api.push(blocked("casino.example", "category:gambling"))
    assert notified.args == [
        "Сайт casino.example заблокирован",
        "Такие сайты заблокированы: «Азартные игры, ставки и казино».",
    ]
    assert site_blocked_notice("x.example", "allowlist")[1] == (
        "Можно открывать только сайты, которые разрешили родители."
    )


def test_a_site_is_told_once_a_minute_at_most(
    qtbot: QtBot, api: FakeApi, child: TrayAgent, clock: Clock
) -> None:
    told: list[list[str]] = []
    child.notified.connect(lambda title, text: told.append([title, text]))
    api.push(blocked("a.example", "allowlist"))
    clock.now += 59
    api.push(blocked("a.example", "allowlist"))
    api.push(blocked("b.example", "allowlist"))
    clock.now += 2
    api.push(blocked("a.example", "allowlist"))
    assert [title for title, _ in told] == [
        "a.example is blocked",
        "b.example is blocked",
        "a.example is blocked",
    ]


def test_other_accounts_and_firefoxs_check_are_not_told(
    qtbot: QtBot, api: FakeApi, child: TrayAgent
) -> None:
    with qtbot.assertNotEmitted(child.notified):
        api.push(blocked("a.example", "allowlist", account="sister"))
        api.push(blocked("use-application-dns.net", "canary"))
    assert child_reason_text("canary") == "Your parent's settings do not allow this site."


def recent() -> list[RecentBlock]:
    return [
        RecentBlock("2026-11-30T15:40:00+03:00", "child", "casino.example", "category:gambling"),
        RecentBlock("2026-11-30T15:39:00+03:00", "child", "use-application-dns.net", "canary"),
        RecentBlock("2026-11-29T20:05:00+03:00", "child", "roblox.com", "schedule:roblox.com"),
    ]


def test_the_menu_opens_the_recently_blocked_sites(
    qtbot: QtBot, api: FakeApi, child: TrayAgent
) -> None:
    answers(api, recent=recent())
    menu = QMenu()
    child.fill_menu(menu)
    entry = next(a for a in menu.actions() if a.text() == "Recently blocked sites…")
    entry.trigger()
    shown = [w for w in QApplication.topLevelWidgets() if isinstance(w, RecentSitesWindow)]
    assert len(shown) == 1 and shown[0].isVisible()
    window = shown[0]
    table = window.table
    rows = [[table.item(r, c).text() for c in range(3)] for r in range(table.rowCount())]
    assert rows == [
        [
            "15:40",
            "casino.example",
            "Sites of this kind are blocked: Gambling, betting and casinos.",
        ],
        [
            "29/11/2026 20:05",
            "roblox.com",
            "This site is allowed only at certain hours, and now is not one of them.",
        ],
    ]
    assert ("sites.recent", {}) in api.calls
    menu.deleteLater()


def test_an_unrestricted_account_has_no_recent_sites_entry(
    qtbot: QtBot, api: FakeApi, child: TrayAgent
) -> None:
    api.set_status(restricted=False)
    menu = QMenu()
    child.fill_menu(menu)
    assert "Recently blocked sites…" not in [a.text() for a in menu.actions()]
    menu.deleteLater()


def test_the_recent_window_when_empty_or_unreadable(qtbot: QtBot, api: FakeApi) -> None:
    window = RecentSitesWindow(api, lambda: date(2026, 11, 30))
    qtbot.addWidget(window)
    window.refresh()
    assert window.message.text() == "The list could not be read: unknown method sites.recent"
    answers(api, recent=[])
    window.refresh()
    assert window.table.rowCount() == 0
    assert window.message.text() == "No site was blocked lately."


def test_a_new_age_preset_moves_what_follows_it(
    qtbot: QtBot, service: FakeApi, store: QSettings
) -> None:
    dialog = open_sites(qtbot, service, store)
    boxes = dialog.profiles_page.preset_box
    boxes.setCurrentIndex(boxes.findData(AgePreset.AGE_18))
    page = dialog.sites_page
    assert not page.filter_check.isChecked() and page.filter_mark.isVisible()
    assert not page.safe_search_check.isChecked()
    assert not any(on for on, _, _ in items(page).values())
    assert page.preset_note.text() == "Ticked: what the age preset (18+) blocks."
