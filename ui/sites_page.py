"""The Sites page of the parent's settings: which web sites a profile may open.

Per profile: the filter on or off, the kinds of sites to block (category lists installed on
this computer), the parent's own blocked and allowed sites, allowlist-only mode, safe search,
and sites allowed only at some hours. For the whole computer: the resolver the filter asks.
A test box asks the service what each profile's saved rules do with an address, and a status
line says whether the filter runs. The service is asked about the computer only when the page
is first shown, so opening the settings stays quick.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cmp_to_key
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCollator, QCoreApplication, QDateTime, QLocale, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractScrollArea,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from guardian.api import ApiError
from guardian.sites.client import CategoryInfo, ImportedList, SitesClient, SitesStatus, SiteTest
from rules.model import AgePreset
from rules.sites import FAMILY_RESOLVERS, Resolver, SiteList, SiteSchedule, normalize_name
from rules.timeofday import AllowedWindow, Weekday
from ui.managed_locks import ManagedLocks, lock_mark
from ui.policy_draft import PolicyInvalid, ProfileDraft, SitesDraft
from ui.site_texts import category_label, category_text, rule_text
from ui.texts import ERROR_STYLE, api_error_text
from ui.week_grid import WeekGrid, window_text
from ui.week_hours import DAYS

if TYPE_CHECKING:
    from ui.settings import SettingsDialog

translate = QCoreApplication.translate

CATEGORY_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
ARCHIVE_SUFFIXES = (".tar.gz", ".tgz", ".tar", ".tar.bz2", ".tar.xz")
NAME_ROLE = Qt.ItemDataRole.UserRole


# Words for what the page shows ----------------------------------------------------------------


def resolver_name(resolver: Resolver) -> str:
    """A resolver choice as the parent reads it, with the addresses of a family resolver."""
    names = {
        Resolver.SYSTEM: translate("SitesPage", "This computer's usual resolver"),
        Resolver.YANDEX_FAMILY: translate("SitesPage", "Yandex DNS, family mode"),
        Resolver.CLOUDFLARE_FAMILY: translate("SitesPage", "Cloudflare for Families"),
        Resolver.ADGUARD_FAMILY: translate("SitesPage", "AdGuard DNS, family protection"),
        Resolver.CLEANBROWSING_FAMILY: translate("SitesPage", "CleanBrowsing, family filter"),
        Resolver.CUSTOM: translate("SitesPage", "Other addresses"),
    }
    addresses = FAMILY_RESOLVERS.get(resolver)
    if addresses is None:
        return names[resolver]
    return (
        translate("SitesPage", "%1 (%2)")
        .replace("%2", ", ".join(addresses))
        .replace("%1", names[resolver])
    )


def bad_addresses(servers: Iterable[str]) -> list[str]:
    """The entries that are not IP addresses."""
    bad = []
    for server in servers:
        try:
            ipaddress.ip_address(server)
        except ValueError:
            bad.append(server)
    return bad


def split_entries(text: str) -> list[str]:
    """Entries typed in one line, separated by commas, semicolons or spaces."""
    return [part for part in re.split(r"[,;\s]+", text) if part]


def name_problem(text: str) -> str | None:
    """Why a typed entry cannot go on a list of sites, or None when it can."""
    if normalize_name(text) is not None:
        return None
    return translate(
        "SitesPage",
        "“%1” is not a site name. Write a name such as example.com; an IP address cannot be "
        "listed.",
    ).replace("%1", text.strip())


def list_name_of(path: str) -> str:
    """The name an imported list file is kept under: its file name, as a category's name."""
    stem = Path(path).name.lower()
    for suffix in (".txt", ".list", ".hosts", ".conf"):
        stem = stem.removesuffix(suffix)
    stem = re.sub(r"[^a-z0-9_-]+", "-", stem).strip("-_")[:64]
    return stem if CATEGORY_NAME.match(stem) else "imported"


def imported_text(lists: Sequence[ImportedList]) -> str:
    """What an import took in: one line per list, with the lines it skipped."""
    if not lists:
        return translate("SitesPage", "No lists were found there.")
    locale = QLocale()
    return "\n".join(
        translate("SitesPage", "“%1”: %2 sites, %3 lines skipped")
        .replace("%2", locale.toString(item.names))
        .replace("%3", locale.toString(item.skipped))
        .replace("%1", item.name)
        for item in lists
    )


def hours_summary(hours: dict[Weekday, tuple[AllowedWindow, ...]]) -> str:
    """A schedule's hours in one line, days with the same windows together:
    "Mon, Tue: 16:00–18:00; Sat: 10:00–20:00"."""
    groups: dict[tuple[AllowedWindow, ...], list[Weekday]] = {}
    for day in DAYS:
        windows = tuple(hours.get(day, ()))
        if windows:
            groups.setdefault(windows, []).append(day)
    if not groups:
        return translate("SitesPage", "Never")
    locale = QLocale()
    parts = []
    for windows, days in groups.items():
        names = ", ".join(
            locale.standaloneDayName(DAYS.index(d) + 1, QLocale.FormatType.ShortFormat)
            for d in days
        )
        spans = locale.createSeparatedList([window_text(w) for w in windows])
        parts.append(translate("SitesPage", "%1: %2").replace("%2", spans).replace("%1", names))
    return "; ".join(parts)


def schedule_summary(schedule: SiteSchedule) -> str:
    """What a schedule opens: its sites, then its kinds of sites in words."""
    return ", ".join([*schedule.sites, *(category_text(c) for c in schedule.categories)])


def verdict_lines(results: Sequence[SiteTest]) -> list[str]:
    """One line per profile: its name and what its rules do with the address."""
    lines = []
    for result in results:
        line = (
            translate("SitesPage", "%1 — %2")
            .replace("%2", rule_text(result.rule, result.filtered))
            .replace("%1", result.profile_name)
        )
        lines.append(line)
    if results and results[0].categories:
        listed = ", ".join(f"{category_text(c)} ({c})" for c in results[0].categories)
        lines.append(translate("SitesPage", "Lists that name it: %1").replace("%1", listed))
    return lines


BROWSER_NAMES = {
    "firefox": "Firefox",
    "chromium": "Chromium",
    "chrome": "Google Chrome",
    "edge": "Microsoft Edge",
    "brave": "Brave",
    "opera": "Opera",
    "vivaldi": "Vivaldi",
    "yandex": "Yandex Browser",
}
"""Browsers' names as their makers write them, by the names the service reports."""


def status_lines(status: SitesStatus) -> list[str]:
    """The state of the web filter on this computer, one sentence a line."""
    if not status.enabled:
        return [
            translate("SitesPage", "No profile's web traffic is filtered, so the filter is off.")
        ]
    lines = [
        translate("SitesPage", "The web filter is running.")
        if status.running
        else translate("SitesPage", "The web filter is not running: sites are not filtered now.")
    ]
    lines.append(
        translate("SitesPage", "This computer looks up site names through the filter.")
        if status.system_pointed
        else translate(
            "SitesPage", "This computer does not look up site names through the filter yet."
        )
    )
    lines.append(
        translate(
            "SitesPage", "Each account's lookups are told apart: every child gets their own rules."
        )
        if status.per_account
        else translate(
            "SitesPage",
            "Lookups follow the account whose session is in use: this computer cannot tell "
            "accounts apart otherwise.",
        )
    )
    if status.browsers:
        lines.append(
            translate(
                "SitesPage", "Browsers set to use the filter (their own encrypted DNS off): %1."
            ).replace("%1", ", ".join(BROWSER_NAMES.get(b, b) for b in status.browsers))
        )
    else:
        lines.append(translate("SitesPage", "No browser has Guardian's settings yet."))
    if status.index_built:
        built = QDateTime.fromString(status.index_built, Qt.DateFormat.ISODate)
        when = (
            QLocale().toString(built, QLocale.FormatType.ShortFormat)
            if built.isValid()
            else status.index_built
        )
        lines.append(
            translate("SitesPage", "The category lists hold %1 site names (as of %2).")
            .replace("%2", when)
            .replace("%1", QLocale().toString(status.lists))
        )
    return lines


# The schedule editor ------------------------------------------------------------------------


class ScheduleDialog(QDialog):
    """One schedule: the sites and kinds of sites it opens, and the hours they are open."""

    def __init__(
        self,
        categories: Sequence[str],
        schedule: SiteSchedule | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Sites allowed at some hours"))
        self._schedule: SiteSchedule | None = None
        self.sites_edit = QLineEdit(", ".join(schedule.sites) if schedule else "")
        self.sites_edit.setPlaceholderText("youtube.com, roblox.com")
        self.sites_edit.setAccessibleName(self.tr("Sites"))
        chosen = set(schedule.categories) if schedule else set()
        self.category_list = QListWidget()
        self.category_list.setAccessibleName(self.tr("Kinds of sites"))
        for name in sorted({*categories, *chosen}, key=lambda n: category_text(n).casefold()):
            item = QListWidgetItem(f"{category_text(name)} ({name})")
            item.setData(NAME_ROLE, name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            checked = name in chosen
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            self.category_list.addItem(item)
        self.category_list.setMaximumHeight(140)
        self.grid = WeekGrid()
        self.grid.set_windows(schedule.hours if schedule else {})
        self.problem_label = _note("")
        self.problem_label.setObjectName("schedule-problem")
        self.problem_label.setStyleSheet(ERROR_STYLE)
        self.problem_label.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self._take)
        self.buttons.rejected.connect(self.reject)

        sites_label = QLabel(self.tr("&Sites (separate them with commas):"))
        sites_label.setBuddy(self.sites_edit)
        kinds_label = QLabel(self.tr("&Kinds of sites:"))
        kinds_label.setBuddy(self.category_list)
        layout = QVBoxLayout(self)
        layout.addWidget(sites_label)
        layout.addWidget(self.sites_edit)
        layout.addWidget(kinds_label)
        layout.addWidget(self.category_list)
        layout.addWidget(
            _note(
                self.tr(
                    "They open only in the hours marked below and are blocked at every other "
                    "time, even if nothing else blocks them."
                )
            )
        )
        layout.addWidget(self.grid, 1)
        layout.addWidget(self.problem_label)
        layout.addWidget(self.buttons)
        self.resize(1000, 640)

    @property
    def schedule(self) -> SiteSchedule | None:
        """The schedule as the parent accepted it; None before OK."""
        return self._schedule

    def _checked(self) -> tuple[str, ...]:
        items = (self.category_list.item(n) for n in range(self.category_list.count()))
        return tuple(
            str(item.data(NAME_ROLE))
            for item in items
            if item is not None and item.checkState() == Qt.CheckState.Checked
        )

    def _take(self) -> None:
        entries = split_entries(self.sites_edit.text())
        problems = [p for p in map(name_problem, entries) if p is not None]
        categories = self._checked()
        grid_problem = self.grid.problem()
        if grid_problem is not None:
            problems.append(grid_problem)
        if not entries and not categories:
            problems.append(self.tr("Name some sites or tick some kinds of sites."))
        if problems:
            self.problem_label.setText("\n".join(problems))
            self.problem_label.show()
            return
        names = tuple(dict.fromkeys(n for n in map(normalize_name, entries) if n is not None))
        hours = {day: windows for day, windows in self.grid.windows().items() if windows}
        self._schedule = SiteSchedule(sites=names, categories=categories, hours=hours)
        self.accept()


# The page ------------------------------------------------------------------------------------


@dataclass
class OwnList:
    """The widgets of one of the parent's own lists (blocked or allowed sites)."""

    view: QListWidget
    edit: QLineEdit
    add_button: QPushButton
    remove_button: QPushButton


class SitesPage(QWidget):
    """Sites: the chosen profile's web rules, the resolver for the whole computer, a test box
    and the state of the filter."""

    def __init__(self, dialog: SettingsDialog) -> None:
        super().__init__()
        self._dialog = dialog
        self._client = SitesClient(dialog.api)
        self._installed: dict[str, CategoryInfo] | None = None
        """Category lists on this computer by name; None until the service said."""
        self._asked = False
        self._filling = False

        layout = QVBoxLayout(self)
        layout.addWidget(self._status_group())
        layout.addWidget(self._filter_group())
        self.rules = QWidget()
        """Everything that applies only while the profile's traffic is filtered."""
        rules = QVBoxLayout(self.rules)
        rules.setContentsMargins(0, 0, 0, 0)
        rules.addWidget(self._categories_group())
        rules.addWidget(self._own_lists_group())
        rules.addWidget(self._schedules_group())
        layout.addWidget(self.rules)
        layout.addWidget(self._test_group())
        layout.addWidget(self._resolver_group())
        layout.addStretch()

    # Building the groups ---------------------------------------------------------------------

    def _status_group(self) -> QGroupBox:
        group = QGroupBox(self.tr("The web filter on this computer"))
        self.status_label = _note(self.tr("Not checked yet."))
        self.status_label.setObjectName("sites-status")
        self.status_button = QPushButton(self.tr("Check again"))
        self.status_button.clicked.connect(self.refresh_status)
        row = QHBoxLayout(group)
        row.addWidget(self.status_label, 1)
        row.addWidget(self.status_button, 0, Qt.AlignmentFlag.AlignTop)
        return group

    def _filter_group(self) -> QGroupBox:
        group = QGroupBox(self.tr("This profile"))
        self.filter_check = QCheckBox(self.tr("&Filter this profile's web traffic"))
        self.filter_check.toggled.connect(self._on_filter)
        self.filter_mark = _preset_mark(self.tr("the age preset's choice"))
        self.allowlist_check = QCheckBox(self.tr("&Only allow the sites I choose"))
        self.allowlist_check.toggled.connect(self._on_allowlist)
        self.safe_search_check = QCheckBox(
            self.tr("&Safe search on Google, YouTube, Bing, DuckDuckGo and Yandex")
        )
        self.safe_search_check.toggled.connect(self._on_safe_search)
        self.safe_search_mark = _preset_mark(self.tr("the age preset's choice"))
        self.filter_off_note = _note(
            self.tr("With the filter off, this profile can open every site; the rules below wait.")
        )
        layout = QVBoxLayout(group)
        layout.addLayout(_with_mark(self.filter_check, self.filter_mark))
        layout.addWidget(
            _note(
                self.tr(
                    "Guardian checks each site name as the computer looks it up, in every "
                    "browser and app. A blocked site does not open."
                )
            )
        )
        layout.addWidget(self.filter_off_note)
        layout.addWidget(self.allowlist_check)
        layout.addWidget(
            _note(
                self.tr(
                    "Every other site is blocked. Only sites on your allowed list, in the "
                    "allowed lists below (such as sites made for children) and in their "
                    "scheduled hours open. Suits young children."
                )
            )
        )
        layout.addLayout(_with_mark(self.safe_search_check, self.safe_search_mark))
        layout.addWidget(
            _note(
                self.tr(
                    "Search results leave out adult pictures and pages; YouTube opens in its "
                    "restricted mode."
                )
            )
        )
        return group

    def _categories_group(self) -> QGroupBox:
        group = QGroupBox(self.tr("Kinds of sites"))
        self.category_tree = QTreeWidget()
        self.category_tree.setAccessibleName(self.tr("Kinds of sites"))
        self.category_tree.setHeaderLabels(
            [self.tr("Kind of site"), self.tr("List"), self.tr("Sites")]
        )
        self.category_tree.setMinimumHeight(260)
        self.category_tree.setWordWrap(True)
        header = self.category_tree.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(False)
        self.category_tree.itemChanged.connect(self._on_category_item)
        self._top_texts = (
            self.tr("Block these kinds of sites"),
            self.tr("Always allow these lists (allowed beats blocked)"),
        )
        self.blocked_top = QTreeWidgetItem([self._top_texts[0]])
        self.allowed_top = QTreeWidgetItem([self._top_texts[1]])
        for top in (self.blocked_top, self.allowed_top):
            top.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.category_tree.addTopLevelItem(top)
            top.setFirstColumnSpanned(True)
            top.setExpanded(True)
        self.categories_note = _note("")
        self.categories_note.setObjectName("categories-note")
        self.preset_note = _note("")
        self.preset_note.setObjectName("categories-preset")
        self.reset_button = QPushButton(self.tr("Reset to the age preset"))
        self.reset_button.clicked.connect(self.reset_categories)
        self.import_menu = QMenu(self)
        self.import_menu.addAction(
            self.tr("A list file (hosts, adblock, or one site a line)…")
        ).triggered.connect(self.import_file)
        self.import_menu.addAction(self.tr("A UT1 archive (.tar.gz)…")).triggered.connect(
            self.import_archive
        )
        self.import_menu.addAction(self.tr("A UT1 folder…")).triggered.connect(self.import_folder)
        self.import_button = QPushButton(self.tr("Import a list…"))
        self.import_button.setMenu(self.import_menu)
        self.import_result = _note("")
        self.import_result.setObjectName("import-result")
        self.import_result.hide()
        buttons = QHBoxLayout()
        buttons.addWidget(self.reset_button)
        buttons.addWidget(self.import_button)
        buttons.addStretch()
        layout = QVBoxLayout(group)
        layout.addWidget(self.preset_note)
        layout.addWidget(self.category_tree)
        layout.addWidget(self.categories_note)
        layout.addLayout(buttons)
        layout.addWidget(self.import_result)
        return group

    def _own_list(self, title: str, placeholder: str) -> tuple[QGroupBox, OwnList]:
        group = QGroupBox(title)
        view = QListWidget()
        view.setAccessibleName(title)
        view.setMinimumHeight(100)
        view.setMaximumHeight(160)
        view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        edit = QLineEdit()
        edit.setPlaceholderText(placeholder)
        edit.setAccessibleName(self.tr("A site for: %1").replace("%1", title))
        add = QPushButton(self.tr("Add"))
        add.setAccessibleName(self.tr("Add to: %1").replace("%1", title))
        remove = QPushButton(self.tr("Remove"))
        remove.setAccessibleName(self.tr("Remove from: %1").replace("%1", title))
        row = QHBoxLayout()
        row.addWidget(edit, 1)
        row.addWidget(add)
        row.addWidget(remove)
        layout = QVBoxLayout(group)
        layout.addWidget(view)
        layout.addLayout(row)
        return group, OwnList(view, edit, add, remove)

    def _own_lists_group(self) -> QGroupBox:
        group = QGroupBox(self.tr("Your own lists"))
        blocked_box, self.blocked = self._own_list(self.tr("Blocked sites"), "example.com")
        allowed_box, self.allowed = self._own_list(self.tr("Allowed sites"), "wikipedia.org")
        for own, key in ((self.blocked, "block"), (self.allowed, "allow")):
            own.add_button.clicked.connect(lambda _c=False, k=key: self.add_site(k))
            own.edit.returnPressed.connect(lambda k=key: self.add_site(k))
            own.remove_button.clicked.connect(lambda _c=False, k=key: self.remove_selected(k))
        self.list_problem = _note("")
        self.list_problem.setObjectName("list-problem")
        self.list_problem.setStyleSheet(ERROR_STYLE)
        self.list_problem.hide()
        columns = QHBoxLayout()
        columns.addWidget(blocked_box)
        columns.addWidget(allowed_box)
        layout = QVBoxLayout(group)
        layout.addLayout(columns)
        layout.addWidget(self.list_problem)
        layout.addWidget(
            _note(
                self.tr(
                    "A site includes its subdomains: example.com also covers www.example.com. "
                    "A site you allow opens even if a kind of sites above blocks it."
                )
            )
        )
        return group

    def _schedules_group(self) -> QGroupBox:
        group = QGroupBox(self.tr("Sites allowed only at some hours"))
        self.schedule_table = QTableWidget(0, 4)
        self.schedule_table.setHorizontalHeaderLabels(
            [self.tr("Sites and kinds of sites"), self.tr("Open"), "", ""]
        )
        self.schedule_table.verticalHeader().hide()
        self.schedule_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.schedule_table.setWordWrap(True)
        header = self.schedule_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.schedule_table.setSizeAdjustPolicy(
            QAbstractScrollArea.SizeAdjustPolicy.AdjustToContents
        )
        self.schedules_empty = _note(self.tr("None: no site depends on the hour."))
        self.add_schedule_button = QPushButton(self.tr("Add a schedule…"))
        self.add_schedule_button.clicked.connect(lambda: self.edit_schedule(None))
        row = QHBoxLayout()
        row.addWidget(self.add_schedule_button)
        row.addStretch()
        layout = QVBoxLayout(group)
        layout.addWidget(self.schedule_table)
        layout.addWidget(self.schedules_empty)
        layout.addLayout(row)
        layout.addWidget(
            _note(
                self.tr(
                    "For example, games sites only after school: they open in the hours you "
                    "mark and are blocked at every other time."
                )
            )
        )
        return group

    def _test_group(self) -> QGroupBox:
        group = QGroupBox(self.tr("Test an address"))
        self.test_edit = QLineEdit()
        self.test_edit.setPlaceholderText("www.example.com")
        self.test_edit.setAccessibleName(self.tr("Address to test"))
        self.test_edit.returnPressed.connect(self.run_test)
        self.test_button = QPushButton(self.tr("&Test"))
        self.test_button.clicked.connect(self.run_test)
        self.test_result = _note("")
        self.test_result.setObjectName("test-result")
        self.test_result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.test_unsaved = _note(
            self.tr("The test uses the saved settings. Apply first to test the changes made here.")
        )
        self.test_unsaved.setObjectName("test-unsaved")
        self.test_unsaved.hide()
        row = QHBoxLayout()
        row.addWidget(self.test_edit, 1)
        row.addWidget(self.test_button)
        layout = QVBoxLayout(group)
        layout.addLayout(row)
        layout.addWidget(self.test_unsaved)
        layout.addWidget(self.test_result)
        return group

    def _resolver_group(self) -> QGroupBox:
        group = QGroupBox(self.tr("Resolver for the whole computer (every profile)"))
        self.resolver_box = QComboBox()
        for resolver in Resolver:
            self.resolver_box.addItem(resolver_name(resolver), resolver)
        self.resolver_box.setAccessibleName(self.tr("Resolver"))
        self.servers_edit = QLineEdit()
        self.servers_edit.setPlaceholderText("77.88.8.7, 77.88.8.3")
        self.servers_edit.setAccessibleName(self.tr("Resolver addresses"))
        self.servers_problem = _note("")
        self.servers_problem.setObjectName("servers-problem")
        self.servers_problem.setStyleSheet(ERROR_STYLE)
        self.servers_problem.hide()
        draft = self._dialog.draft
        self.resolver_box.setCurrentIndex(max(self.resolver_box.findData(draft.resolver), 0))
        self.servers_edit.setText(", ".join(draft.servers))
        self.resolver_box.currentIndexChanged.connect(self._on_resolver)
        self.servers_edit.textEdited.connect(self._on_servers)
        label = self.resolver_label = QLabel(self.tr("&Look up allowed sites with:"))
        label.setBuddy(self.resolver_box)
        self.servers_label = QLabel(self.tr("&Addresses:"))
        self.servers_label.setBuddy(self.servers_edit)
        grid = QGridLayout(group)
        grid.addWidget(label, 0, 0)
        grid.addWidget(self.resolver_box, 0, 1)
        grid.addWidget(self.servers_label, 1, 0)
        grid.addWidget(self.servers_edit, 1, 1)
        grid.addWidget(self.servers_problem, 2, 0, 1, 3)
        grid.addWidget(
            _note(
                self.tr(
                    "This applies to every account on this computer. A family resolver also "
                    "blocks adult sites on its own side, as a second line."
                )
            ),
            3,
            0,
            1,
            3,
        )
        grid.setColumnStretch(2, 1)
        self._show_servers()
        return group

    # Showing a profile -----------------------------------------------------------------------

    def _sites(self) -> SitesDraft:
        return self._dialog.current().sites

    def load(self, profile: ProfileDraft) -> None:
        """Show the profile's site rules; values left to the preset are the preset's, marked so."""
        sites = profile.sites
        filter_on, _categories, safe_search = profile.site_preset()
        self.filter_check.setChecked(filter_on if sites.filter is None else sites.filter)
        self.filter_mark.setVisible(sites.filter is None)
        self.safe_search_check.setChecked(
            safe_search if sites.safe_search is None else sites.safe_search
        )
        self.safe_search_mark.setVisible(sites.safe_search is None)
        self.allowlist_check.setChecked(sites.site_list is SiteList.ALLOWLIST)
        self._fill_categories(profile)
        self._fill_list(self.blocked, sites.block)
        self._fill_list(self.allowed, sites.allow)
        self.list_problem.hide()
        self._fill_schedules(sites.schedules)
        self._show_filtered()
        self.test_result.clear()
        self.test_unsaved.hide()

    def _show_filtered(self) -> None:
        on = self.filter_check.isChecked()
        self.rules.setEnabled(on)
        for widget in (self.allowlist_check, self.safe_search_check):
            widget.setEnabled(on)
        self.filter_off_note.setVisible(not on)
        self._dialog.locks.reapply()

    def _sites_path(self, field: str) -> str:
        return f"profiles.{self._dialog.current().id}.sites.{field}"

    def _managed(self, field: str) -> str | None:
        """The file or OS store that sets a field of the current profile's site rules."""
        return self._dialog.locks.source([self._sites_path(field)])

    def lock(self, locks: ManagedLocks, profile_id: str) -> None:
        """Lock the site rules a managed policy sets for this profile, and the resolver the
        policy sets for the whole computer."""
        prefix = f"profiles.{profile_id}.sites"
        for widget, field in (
            (self.filter_check, "filter"),
            (self.allowlist_check, "list"),
            (self.safe_search_check, "safe_search"),
            (self.reset_button, "categories"),
            (self.schedule_table.viewport(), "schedules"),
            (self.add_schedule_button, "schedules"),
        ):
            locks.set(widget, [f"{prefix}.{field}"])
        for own, field in ((self.blocked, "block"), (self.allowed, "allow")):
            for widget in (own.edit, own.add_button, own.remove_button):
                locks.set(widget, [f"{prefix}.{field}"])
        locks.set(self.resolver_box, ["dns.resolver"], self.resolver_label)
        locks.set(self.servers_edit, ["dns.servers"], self.servers_label)
        # The kinds of sites are items of one tree: each half is locked in `_fill_categories`.
        self._fill_categories(self._dialog.current())
        self._show_filtered()

    def _blocked_names(self, profile: ProfileDraft) -> list[str]:
        categories = profile.sites.categories
        return list(profile.site_preset()[1] if categories is None else categories)

    def _fill_categories(self, profile: ProfileDraft) -> None:
        blocked = set(self._blocked_names(profile))
        allowed = set(profile.sites.allow_categories)
        installed = self._installed or {}
        names = {*installed, *blocked, *allowed}
        managed = {
            self.blocked_top: self._managed("categories"),
            self.allowed_top: self._managed("allow_categories"),
        }
        self._filling = True
        try:
            for top, text in zip(
                (self.blocked_top, self.allowed_top), self._top_texts, strict=True
            ):
                top.takeChildren()
                source = managed[top]
                top.setText(0, text if source is None else lock_mark() + text)
                top.setToolTip(0, "" if source is None else ManagedLocks.tooltip(source))
            for name in sorted(names, key=_category_order()):
                info = installed.get(name)
                white = info.white if info is not None else name in allowed and name not in blocked
                item = QTreeWidgetItem([category_text(name), name, self._count_text(info)])
                item.setData(0, NAME_ROLE, name)
                top = self.allowed_top if white else self.blocked_top
                source = managed[top]
                flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                if source is None:
                    flags |= Qt.ItemFlag.ItemIsUserCheckable
                item.setFlags(flags)
                checked = name in (allowed if white else blocked)
                item.setCheckState(0, Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
                if source is not None:
                    item.setToolTip(0, ManagedLocks.tooltip(source))
                elif category_label(name) is None:
                    item.setToolTip(0, self.tr("A list Guardian has no description for."))
                top.addChild(item)
        finally:
            self._filling = False
        if profile.sites.categories is None:
            self.preset_note.setText(
                self.tr("Ticked: what the age preset (%1) blocks.").replace(
                    "%1", AgePreset(profile.preset).value
                )
            )
        else:
            self.preset_note.setText(
                self.tr("Your own choice; “Reset to the age preset” brings back the preset's.")
            )
        self.reset_button.setEnabled(profile.sites.categories is not None)
        self._dialog.locks.reapply()

    def _count_text(self, info: CategoryInfo | None) -> str:
        if info is not None:
            return QLocale().toString(info.names)
        if self._installed is None:
            return ""
        return self.tr("list not installed")

    def category_items(self) -> list[QTreeWidgetItem]:
        """Every category list shown, blocked ones first."""
        items = []
        for top in (self.blocked_top, self.allowed_top):
            items += [top.child(n) for n in range(top.childCount())]
        return [item for item in items if item is not None]

    def _fill_list(self, own: OwnList, names: Sequence[str]) -> None:
        own.view.clear()
        own.view.addItems(list(names))

    def _fill_schedules(self, schedules: Sequence[SiteSchedule]) -> None:
        table = self.schedule_table
        table.setRowCount(0)
        for number, schedule in enumerate(schedules):
            table.insertRow(number)
            what = schedule_summary(schedule)
            table.setItem(number, 0, QTableWidgetItem(what))
            table.setItem(number, 1, QTableWidgetItem(hours_summary(schedule.hours)))
            edit = QPushButton(self.tr("Edit…"))
            edit.setAccessibleName(self.tr("Edit the schedule of %1").replace("%1", what))
            edit.clicked.connect(lambda _c=False, n=number: self.edit_schedule(n))
            remove = QPushButton(self.tr("Remove"))
            remove.setAccessibleName(self.tr("Remove the schedule of %1").replace("%1", what))
            remove.clicked.connect(lambda _c=False, n=number: self.remove_schedule(n))
            table.setCellWidget(number, 2, edit)
            table.setCellWidget(number, 3, remove)
        table.resizeRowsToContents()
        table.setVisible(bool(schedules))
        self.schedules_empty.setVisible(not schedules)

    # The computer: category lists and the filter's state ---------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        """Ask the service about this computer the first time the page is shown."""
        super().showEvent(event)
        if not self._asked:
            self._asked = True
            self.refresh_categories()
            self.refresh_status()
            self._relayout(self.status_label, self.categories_note)

    def _relayout(self, *changed: QWidget) -> None:
        """Lay out the page around texts that grew now, from the inside out, rather than one
        level per turn of the event loop: the page is on screen already."""
        for widget in changed:
            level: QWidget | None = widget.parentWidget()
            while level is not None:
                layout = level.layout()
                if layout is not None:
                    layout.activate()
                if level is self:
                    break
                level = level.parentWidget()

    def refresh_categories(self) -> None:
        """Read the category lists installed on this computer and show them."""
        try:
            found = self._dialog.call(self._client.categories)
        except ApiError as error:
            self.categories_note.setText(
                self.tr("The category lists on this computer could not be read: %1").replace(
                    "%1", api_error_text(error)
                )
            )
            self.categories_note.setStyleSheet(ERROR_STYLE)
            self.categories_note.show()
            return
        self._installed = {info.name: info for info in found}
        if found:
            self.categories_note.hide()
        else:
            self.categories_note.setText(
                self.tr("No category lists are installed yet: import a UT1 archive or folder.")
            )
            self.categories_note.setStyleSheet("")
            self.categories_note.show()
        self._fill_categories(self._dialog.current())

    def refresh_status(self) -> None:
        """Read and show the state of the web filter."""
        try:
            status = self._dialog.call(self._client.status)
        except ApiError as error:
            self.status_label.setText(
                self.tr("The state of the web filter could not be read: %1").replace(
                    "%1", api_error_text(error)
                )
            )
            self.status_label.setStyleSheet(ERROR_STYLE)
            return
        self.status_label.setText("\n".join(status_lines(status)))
        self.status_label.setStyleSheet("" if status.running or not status.enabled else ERROR_STYLE)

    # Edits -----------------------------------------------------------------------------------

    def _on_filter(self, on: bool) -> None:
        self._show_filtered()
        if self._dialog.loading:
            return
        self._sites().filter = on
        self.filter_mark.hide()

    def _on_safe_search(self, on: bool) -> None:
        if self._dialog.loading:
            return
        self._sites().safe_search = on
        self.safe_search_mark.hide()

    def _on_allowlist(self, on: bool) -> None:
        if not self._dialog.loading:
            self._sites().site_list = SiteList.ALLOWLIST if on else SiteList.OPEN

    def _on_category_item(self, item: QTreeWidgetItem, column: int) -> None:
        if self._filling or self._dialog.loading or column != 0 or item.parent() is None:
            return
        profile = self._dialog.current()
        sites = profile.sites
        name = str(item.data(0, NAME_ROLE))
        checked = item.checkState(0) == Qt.CheckState.Checked
        if item.parent() is self.allowed_top:
            chosen = [n for n in sites.allow_categories if n != name]
            sites.allow_categories = [*chosen, name] if checked else chosen
            return
        chosen = [n for n in self._blocked_names(profile) if n != name]
        sites.categories = [*chosen, name] if checked else chosen
        self.preset_note.setText(
            self.tr("Your own choice; “Reset to the age preset” brings back the preset's.")
        )
        self.reset_button.setEnabled(True)
        self._dialog.locks.reapply()

    def reset_categories(self) -> None:
        """Block the kinds of sites the age preset blocks again."""
        self._sites().categories = None
        self._fill_categories(self._dialog.current())

    def add_site(self, key: str) -> None:
        """Add what is typed to the blocked ("block") or allowed ("allow") list; a bad entry is
        refused at once with the reason."""
        sites = self._sites()
        own, mine, other = (
            (self.blocked, sites.block, sites.allow)
            if key == "block"
            else (self.allowed, sites.allow, sites.block)
        )
        entries = split_entries(own.edit.text())
        if not entries or self._dialog.locks.is_locked(own.add_button):
            return
        problems = [p for p in map(name_problem, entries) if p is not None]
        names = [n for n in map(normalize_name, entries) if n is not None]
        clash = [n for n in names if n in other]
        for name in clash:
            text = (
                self.tr("%1 is on your allowed list; remove it there first.")
                if key == "block"
                else self.tr("%1 is on your blocked list; remove it there first.")
            )
            problems.append(text.replace("%1", name))
        if problems:
            self.list_problem.setText("\n".join(problems))
            self.list_problem.show()
            return
        for name in names:
            if name not in mine:
                mine.append(name)
        self.list_problem.hide()
        own.edit.clear()
        self._fill_list(own, mine)

    def remove_selected(self, key: str) -> None:
        """Take the selected sites off the blocked ("block") or allowed ("allow") list."""
        own = self.blocked if key == "block" else self.allowed
        chosen = {item.text() for item in own.view.selectedItems()}
        sites = self._sites()
        kept = [n for n in (sites.block if key == "block" else sites.allow) if n not in chosen]
        if key == "block":
            sites.block = kept
        else:
            sites.allow = kept
        self._fill_list(own, kept)

    def edit_schedule(self, number: int | None) -> None:
        """Add a schedule (None) or change one; the parent picks sites, kinds and hours."""
        sites = self._sites()
        current = None if number is None else sites.schedules[number]
        known = sorted({*(self._installed or {}), *self._blocked_names(self._dialog.current())})
        editor = ScheduleDialog(known, current, self)
        try:
            if editor.exec() != QDialog.DialogCode.Accepted or editor.schedule is None:
                return
            if number is None:
                sites.schedules.append(editor.schedule)
            else:
                sites.schedules[number] = editor.schedule
        finally:
            editor.deleteLater()
        self._fill_schedules(sites.schedules)

    def remove_schedule(self, number: int) -> None:
        """Drop a schedule: its sites follow the other rules again."""
        sites = self._sites()
        del sites.schedules[number]
        self._fill_schedules(sites.schedules)

    def _show_servers(self) -> None:
        custom = self.resolver_box.currentData() == Resolver.CUSTOM
        self.servers_label.setVisible(custom)
        self.servers_edit.setVisible(custom)
        bad = bad_addresses(self._dialog.draft.servers) if custom else []
        if custom and not self._dialog.draft.servers:
            problem: str | None = self.tr("Write the resolvers' addresses, such as 77.88.8.7.")
        elif bad:
            problem = self.tr(
                "Not an IP address: %1. Write addresses such as 77.88.8.7, separated by commas."
            ).replace("%1", ", ".join(bad))
        else:
            problem = None
        self.servers_problem.setText(problem or "")
        self.servers_problem.setVisible(problem is not None)

    def _on_resolver(self) -> None:
        self._dialog.draft.resolver = Resolver(self.resolver_box.currentData())
        self._show_servers()

    def _on_servers(self, text: str) -> None:
        self._dialog.draft.servers = split_entries(text)
        self._show_servers()

    # Importing lists ---------------------------------------------------------------------------

    def import_file(self) -> None:
        """Import one list file (hosts, adblock or one name a line) and block it here."""
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Choose a list of sites"))
        if path:
            self.import_path(path, list_name_of(path))

    def import_archive(self) -> None:
        """Import a UT1 archive of category lists."""
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Choose a UT1 archive"),
            "",
            self.tr("Archives (%1)").replace("%1", " ".join(f"*{s}" for s in ARCHIVE_SUFFIXES)),
        )
        if path:
            self.import_path(path, None)

    def import_folder(self) -> None:
        """Import a UT1 folder of category lists (one folder per category)."""
        path = QFileDialog.getExistingDirectory(self, self.tr("Choose a UT1 folder"))
        if path:
            self.import_path(path, None)

    def import_path(self, path: str, name: str | None) -> None:
        """Have the service take in the lists at `path` (one list kept as `name`, or a UT1
        archive or folder when None); say what came in. A single list is blocked for the
        current profile, as the parent surely meant."""
        try:
            lists = self._dialog.call(lambda token: self._client.import_lists(token, path, name))
        except ApiError as error:
            self._dialog.show_error(
                self.tr("The lists were not imported."), [path, api_error_text(error)]
            )
            return
        text = imported_text(lists)
        # A single list is blocked for the profile unless its kinds of sites are managed.
        if name is not None and lists and self._managed("categories") is None:
            profile = self._dialog.current()
            blocked = self._blocked_names(profile)
            for item in lists:
                if item.name not in blocked:
                    blocked.append(item.name)
            profile.sites.categories = blocked
            text += "\n" + self.tr("It is now blocked for %1.").replace("%1", profile.name)
        self.import_result.setText(text)
        self.import_result.show()
        self.refresh_categories()
        box = QMessageBox(
            QMessageBox.Icon.Information,
            self.tr("Lists imported"),
            self.tr("The lists were imported."),
            parent=self,
        )
        box.setObjectName("import-done")
        box.setInformativeText(text)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.setWindowModality(Qt.WindowModality.WindowModal)
        box.open()

    # Testing an address ------------------------------------------------------------------------

    def _unsaved(self) -> bool:
        try:
            return self._dialog.draft.build() != self._dialog.saved_policy
        except PolicyInvalid:
            return True

    def run_test(self) -> None:
        """Ask the service what each profile's saved rules do with the address typed."""
        text = self.test_edit.text().strip()
        if not text:
            return
        self.test_unsaved.setVisible(self._unsaved())
        problem = name_problem(text)
        if problem is not None:
            self._show_test(problem, error=True)
            return
        try:
            results = self._dialog.call(lambda token: self._client.test(token, text))
        except ApiError as error:
            self._show_test(
                self.tr("The address could not be tested: %1").replace("%1", api_error_text(error)),
                error=True,
            )
            return
        if not results:
            self._show_test(self.tr("No saved profile to test with."), error=False)
            return
        header = self.tr("%1 for each profile:").replace("%1", results[0].name)
        self._show_test("\n".join([header, *verdict_lines(results)]), error=False)

    def _show_test(self, text: str, error: bool) -> None:
        self.test_result.setText(text)
        self.test_result.setStyleSheet(ERROR_STYLE if error else "")


def _category_order() -> Callable[[str], Any]:
    """Sort key for category lists: described ones by their description in the reader's
    alphabet, then the others by name."""
    collator = QCollator(QLocale())

    def compare(a: str, b: str) -> int:
        first, second = category_label(a), category_label(b)
        if (first is None) != (second is None):
            return -1 if second is None else 1
        return collator.compare(first or a, second or b) or (a > b) - (a < b)

    return cmp_to_key(compare)


def _note(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    return label


def _with_mark(check: QCheckBox, mark: QLabel) -> QHBoxLayout:
    row = QHBoxLayout()
    row.addWidget(check)
    row.addSpacing(12)
    row.addWidget(mark)
    row.addStretch()
    return row


def _preset_mark(text: str) -> QLabel:
    mark = QLabel(text)
    mark.setEnabled(False)
    return mark
