"""The Apps page of the parent's settings: which apps may run, time per kind of app, app rules.

Rules are added from the programs running now or seen lately (the service lists them), from
the catalogue of well-known apps, or from a program file, whose SHA-256 is computed here.
The settings dialog imports this module, so neither it nor the catalogue loads at tray start.
"""

from __future__ import annotations

import hashlib
import html
import re
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QDateTime, QLocale, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from guardian.api import ApiError, RunningApp
from rules.apps import AppList, AppMatch, AppMode, BrowserChoice, Category
from rules.catalogue import CatalogueEntry, catalogue
from rules.launch import family, launch, program_name
from rules.timeofday import MINUTES_PER_DAY
from ui.managed_locks import ManagedLocks
from ui.policy_draft import AppRuleDraft, ProfileDraft, close_apps
from ui.texts import category_name

if TYPE_CHECKING:
    from ui.settings import SettingsDialog

translate = QCoreApplication.translate

DEFAULT_MINUTES = 60
"""Minutes a day a rule or category starts with when it becomes limited."""
SHORT_HASH = 12
"""Hex digits of a SHA-256 shown before the ellipsis."""
ID_LENGTH = 64
PLATFORM_NAMES = {"linux": "Linux", "windows": "Windows", "macos": "macOS"}


# Rules from what the parent picks ------------------------------------------------------------


def _file_name(path: str) -> str:
    return path.replace("\\", "/").rsplit("/", 1)[-1]


def unique_app_id(base: str, taken: Collection[str]) -> str:
    """An app id made from a program's name: lowercase, [a-z0-9._-], none of `taken`."""
    stem = re.sub(r"[^a-z0-9._-]+", "-", base.casefold()).strip("-._") or "app"
    stem = stem[:ID_LENGTH]
    candidate, number = stem, 1
    while candidate in taken:
        number += 1
        suffix = f"-{number}"
        candidate = stem[: ID_LENGTH - len(suffix)] + suffix
    return candidate


def file_sha256(path: Path) -> str:
    """The SHA-256 of a file, read in chunks so that a large game does not fill the memory."""
    with path.open("rb") as stream:
        return hashlib.file_digest(stream, "sha256").hexdigest()


def _taken_ids(rules: Iterable[AppRuleDraft]) -> set[str]:
    """Ids a custom rule must not take: the profile's rules and every catalogue app."""
    return {rule.app for rule in rules} | set(catalogue().by_id)


def rule_for_program(program: RunningApp, rules: Iterable[AppRuleDraft]) -> AppRuleDraft:
    """A blocked rule for a program the service listed: the catalogue app (or the profile's
    own app) the service identified it as, else an app of its own named by its identities.

    For a program run by a wrapper (java, python, wine) the identities are the script's, with
    a command-line pattern: the wrapper's own name, path and hash would catch every program it
    runs.
    """
    rules = list(rules)
    if program.app is not None and (
        program.app in catalogue().by_id or any(rule.app == program.app for rule in rules)
    ):
        # The hash too: a copy the child could have written passes an allowlist only by it.
        hashed = AppMatch(sha256=(program.sha256,)) if program.sha256 else None
        return AppRuleDraft(app=program.app, match=hashed)
    runs = launch(program.exe, program.cmdline)
    target, named_id = runs.target, runs.app_id
    app_ids = tuple(dict.fromkeys((*program.app_ids, *((named_id,) if named_id else ()))))
    if target:
        script = _file_name(target)
        wrapper = family(program_name(program.exe))
        match = AppMatch(
            names=(script,),
            paths=(target,) if "/" in target or "\\" in target else (),
            cmdline=(f"*{wrapper}* *{script}*",),
            app_ids=app_ids,
        )
        base = script
        shown = program.name if program.name and program.name != wrapper else script
    else:
        exe_name = _file_name(program.exe) or program.name
        match = AppMatch(
            names=(exe_name,) if exe_name else (),
            paths=(program.exe,) if program.exe else (),
            sha256=(program.sha256,) if program.sha256 else (),
            app_ids=app_ids,
        )
        base = program_name(program.exe) if program.exe else program.name
        shown = program.name or exe_name
    return AppRuleDraft(
        app=unique_app_id(base, _taken_ids(rules)),
        name=(shown or base)[:64] or None,
        match=match,
    )


def rule_for_file(path: Path, sha256: str, rules: Iterable[AppRuleDraft]) -> AppRuleDraft:
    """A blocked rule for a program file: its name, its exact path and its hash."""
    return AppRuleDraft(
        app=unique_app_id(program_name(path.name), _taken_ids(rules)),
        name=path.stem[:64] or path.name[:64],
        match=AppMatch(names=(path.name,), paths=(str(path),), sha256=(sha256,)),
    )


# What a rule matches, in words ---------------------------------------------------------------


def _short_hash(digest: str) -> str:
    return digest[:SHORT_HASH].lower() + "…"


def match_lines(match: AppMatch) -> list[str]:
    """Each kind of identity of `match`, one line each, e.g. "Program names: a, b"."""
    kinds = (
        (translate("AppsPage", "Program names: %1"), match.names),
        (translate("AppsPage", "Paths: %1"), match.paths),
        (translate("AppsPage", "SHA-256: %1"), tuple(_short_hash(h) for h in match.sha256)),
        (translate("AppsPage", "Command lines: %1"), match.cmdline),
        (translate("AppsPage", "App ids: %1"), match.app_ids),
    )
    return [text.replace("%1", ", ".join(values)) for text, values in kinds if values]


def matches_text(rule: AppRuleDraft) -> tuple[str, str]:
    """What a rule matches: one line for the table, and the whole story for its tooltip."""
    entry = catalogue().by_id.get(rule.app)
    lines: list[str] = []
    story: list[str] = []
    if entry is not None:
        catalogued = match_lines(entry.match)
        lines += catalogued
        story.append(translate("AppsPage", "From the catalogue (%1):").replace("%1", entry.name))
        story += [f"  {line}" for line in catalogued]
    if rule.match is not None:
        own = match_lines(rule.match)
        lines += own
        story.append(translate("AppsPage", "Added for this profile:"))
        story += [f"  {line}" for line in own]
    if not lines:
        nothing = translate("AppsPage", "Nothing: this app has no identities.")
        return nothing, nothing
    return "; ".join(lines), "\n".join(story)


def mode_name(mode: AppMode) -> str:
    """What a rule does, as the parent chooses it."""
    names = {
        AppMode.BLOCKED: translate("AppsPage", "Blocked"),
        AppMode.LIMITED: translate("AppsPage", "Limited"),
        AppMode.ALLOWED: translate("AppsPage", "Always allowed"),
    }
    return names[mode]


# Pickers ---------------------------------------------------------------------------------------


def _when(iso: str) -> str:
    """An ISO 8601 moment as the user's locale writes a date and time."""
    moment = QDateTime.fromString(iso, Qt.DateFormat.ISODate)
    if not moment.isValid():
        return iso
    return QLocale().toString(moment.toLocalTime(), QLocale.FormatType.ShortFormat)


class _Picker(QDialog):
    """A searchable list to choose from, several at once; OK or a double click takes them."""

    def __init__(self, title: str, columns: list[str], parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.search = QLineEdit()
        # A context of its own: tr() on a subclass would look the text up under its name.
        search = translate("Picker", "Search")
        self.search.setPlaceholderText(search)
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(search)
        self.search.textChanged.connect(self._filter)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(columns)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.tree.itemDoubleClicked.connect(lambda item, _c: self._double_clicked(item))
        self.empty = QLabel()
        self.empty.setWordWrap(True)
        self.empty.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.empty)
        layout.addWidget(self.buttons)
        self.resize(720, 480)

    def select(self, predicate: Callable[[QTreeWidgetItem], bool]) -> None:
        """Select every choosable item for which `predicate` holds (and no other)."""
        self.tree.clearSelection()
        for item in self._leaves():
            if item.flags() & Qt.ItemFlag.ItemIsSelectable and predicate(item):
                item.setSelected(True)

    def _groups(self) -> list[tuple[QTreeWidgetItem, list[QTreeWidgetItem]]]:
        """Each top-level item with its children (none in a flat list)."""
        groups = []
        for index in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(index)
            if top is not None:
                children = [top.child(n) for n in range(top.childCount())]
                groups.append((top, [c for c in children if c is not None]))
        return groups

    def _leaves(self) -> list[QTreeWidgetItem]:
        leaves: list[QTreeWidgetItem] = []
        for top, children in self._groups():
            leaves += children or [top]
        return leaves

    def _double_clicked(self, item: QTreeWidgetItem) -> None:
        if item.flags() & Qt.ItemFlag.ItemIsSelectable:
            item.setSelected(True)
            self.accept()

    def _filter(self, text: str) -> None:
        words = text.casefold().split()
        for top, children in self._groups():
            for child in children:
                child.setHidden(not _matches(child, words))
            if children:
                top.setHidden(all(child.isHidden() for child in children))
            else:
                top.setHidden(not _matches(top, words))


def _matches(item: QTreeWidgetItem, words: list[str]) -> bool:
    text = " ".join(item.text(c) for c in range(item.columnCount())).casefold()
    hint = str(item.data(0, Qt.ItemDataRole.ToolTipRole) or "").casefold()
    return all(word in text or word in hint for word in words)


class ProgramPicker(_Picker):
    """Programs the service listed (running now or seen lately), to make rules for."""

    def __init__(
        self, title: str, programs: list[RunningApp], seen: bool, parent: QWidget | None = None
    ) -> None:
        # Translated before the dialog exists: self.tr needs a constructed QObject.
        columns = [
            translate("ProgramPicker", "Program"),
            translate("ProgramPicker", "File"),
            translate("ProgramPicker", "Account"),
        ]
        if seen:
            columns.append(translate("ProgramPicker", "Last seen"))
        super().__init__(title, columns, parent)
        self._programs = programs
        known = catalogue().by_id
        for number, program in enumerate(programs):
            name = program.name or _file_name(program.exe)
            entry = known.get(program.app or "")
            target = launch(program.exe, program.cmdline).target
            if entry is not None:
                name = entry.name
            elif target:  # a script: named by itself, with what runs it
                name = self.tr("%1 (%2)").replace("%1", _file_name(target)).replace("%2", name)
            values = [name, program.exe, program.account]
            if seen:
                values.append(_when(program.last_seen))
            item = QTreeWidgetItem(values)
            item.setData(0, Qt.ItemDataRole.UserRole, number)
            item.setToolTip(0, " ".join(program.cmdline) or program.exe)
            self.tree.addTopLevelItem(item)
        self.tree.setRootIsDecorated(False)
        self.tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.tree.header().setStretchLastSection(False)
        for column in range(len(columns)):
            if column != 1:
                self.tree.resizeColumnToContents(column)
        if not programs:
            self.empty.setText(self.tr("No programs to show."))
            self.empty.show()

    def chosen(self) -> list[RunningApp]:
        """The programs selected, in the order listed."""
        rows = sorted(
            int(item.data(0, Qt.ItemDataRole.UserRole)) for item in self.tree.selectedItems()
        )
        return [self._programs[row] for row in rows]


class CataloguePicker(_Picker):
    """The catalogue's apps grouped by kind; apps that already have a rule are shown greyed."""

    def __init__(self, ruled: Collection[str], parent: QWidget | None = None) -> None:
        super().__init__(
            translate("CataloguePicker", "Add apps from the catalogue"),
            [translate("CataloguePicker", "App"), translate("CataloguePicker", "Systems")],
            parent,
        )
        groups: dict[Category, list[CatalogueEntry]] = {}
        for entry in catalogue().entries:
            if not entry.critical:
                groups.setdefault(entry.category, []).append(entry)
        for category in Category:
            entries = sorted(groups.get(category, ()), key=lambda e: e.name.casefold())
            if not entries:
                continue
            top = QTreeWidgetItem([category_name(category.value)])
            top.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.tree.addTopLevelItem(top)
            for entry in entries:
                systems = ", ".join(PLATFORM_NAMES.get(p, p) for p in entry.platforms)
                item = QTreeWidgetItem([entry.name, systems])
                item.setData(0, Qt.ItemDataRole.UserRole, entry.id)
                item.setToolTip(0, "\n".join(match_lines(entry.match)))
                if entry.id in ruled:
                    item.setFlags(Qt.ItemFlag.NoItemFlags)
                    item.setToolTip(1, self.tr("This profile already has a rule for it."))
                top.addChild(item)
        self.tree.expandAll()
        # A suggestion, clicked, becomes the search.
        self.empty.linkActivated.connect(self.search.setText)
        header = self.tree.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(False)

    def _filter(self, text: str) -> None:
        """Filter, and when nothing matches, offer the catalogue's closest apps."""
        super()._filter(text)
        found = not text.strip() or any(not item.isHidden() for item in self._leaves())
        suggestions = [] if found else close_apps(text)
        if found:
            self.empty.hide()
            return
        nothing = self.tr("No app in the catalogue matches “%1”.").replace("%1", text.strip())
        if suggestions:
            links = QLocale().createSeparatedList(
                [f'<a href="{html.escape(e.name)}">{html.escape(e.name)}</a>' for e in suggestions]
            )
            nothing = html.escape(nothing) + " " + self.tr("Did you mean %1?").replace("%1", links)
            self.empty.setTextFormat(Qt.TextFormat.RichText)
        else:
            self.empty.setTextFormat(Qt.TextFormat.PlainText)
        self.empty.setText(nothing)
        self.empty.show()

    def chosen(self) -> list[str]:
        """The ids of the apps selected."""
        return [
            str(item.data(0, Qt.ItemDataRole.UserRole))
            for item in self._leaves()
            if item.isSelected()
        ]


# The page --------------------------------------------------------------------------------------


@dataclass
class RuleRow:
    """The editing widgets of one rule in the table."""

    mode_box: QComboBox
    minutes_spin: QSpinBox
    category_box: QComboBox
    remove_button: QPushButton


class AppsPage(QWidget):
    """Apps: the profile's choice of open list or allowlist and unfiltered browsers,
    daily time per kind of app, and its rules for single apps."""

    COLUMNS = 6

    def __init__(self, dialog: SettingsDialog) -> None:
        super().__init__()
        self._dialog = dialog
        self.rows: list[RuleRow] = []
        self._shown_profile: str | None = None

        self.app_list_box = QComboBox()
        self.app_list_box.addItem(self.tr("Every app not blocked"), AppList.OPEN)
        self.app_list_box.addItem(self.tr("Only allowed apps (allowlist)"), AppList.ALLOWLIST)
        self.app_list_box.currentIndexChanged.connect(self._on_choices)
        self.browsers_box = QComboBox()
        self.browsers_box.addItem(
            self.tr("Automatic: block them while web filtering is on"), BrowserChoice.AUTO
        )
        self.browsers_box.addItem(self.tr("Block them"), BrowserChoice.BLOCK)
        self.browsers_box.addItem(self.tr("Allow them"), BrowserChoice.ALLOW)
        self.browsers_box.currentIndexChanged.connect(self._on_choices)

        choices = QGroupBox(self.tr("Which apps may run"))
        form = self._form = QFormLayout(choices)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        form.addRow(self.tr("&Apps that may run:"), self.app_list_box)
        form.addRow(
            self.tr("&Browsers that ignore filtering (Tor Browser, portable copies):"),
            self.browsers_box,
        )
        form.addRow(
            _note(
                self.tr(
                    "With an allowlist only apps marked Always allowed or Limited run, and the "
                    "system's own programs. Always-allowed apps do not count against the day's "
                    "screen time."
                )
            )
        )
        form.addRow(
            _note(
                self.tr(
                    "Whether apps close or the whole computer locks when time is up is chosen "
                    "on the Warnings and action page."
                )
            )
        )

        budgets = QGroupBox(self.tr("Time per kind of app"))
        grid = QGridLayout(budgets)
        self.category_checks: dict[Category, QCheckBox] = {}
        self.category_spins: dict[Category, QSpinBox] = {}
        self._category_labels: dict[Category, QLabel] = {}
        for number, category in enumerate(Category):
            name = category_name(category.value)
            check = QCheckBox(self.tr("limit to"))
            check.setAccessibleName(self.tr("Limit %1").replace("%1", name))
            check.toggled.connect(lambda _c, c=category: self._on_category(c))
            spin = QSpinBox()
            spin.setRange(0, MINUTES_PER_DAY)
            spin.setSingleStep(15)
            spin.setValue(DEFAULT_MINUTES)
            spin.setSuffix(self.tr(" min a day"))
            spin.setAccessibleName(self.tr("Minutes a day for %1").replace("%1", name))
            spin.valueChanged.connect(lambda _v, c=category: self._on_category(c))
            label = QLabel(name)
            label.setBuddy(check)
            # Two columns of categories, so that the rules below stay in sight.
            line, column = divmod(number, 2)
            for offset, widget in enumerate((label, check, spin)):
                grid.addWidget(widget, line, 4 * column + offset)
            self.category_checks[category] = check
            self.category_spins[category] = spin
            self._category_labels[category] = label
        grid.setColumnMinimumWidth(3, 24)
        grid.setColumnStretch(7, 1)

        rules = QGroupBox(self.tr("Rules for single apps"))
        self.table = QTableWidget(0, self.COLUMNS)
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("App"),
                self.tr("Rule"),
                self.tr("Minutes a day"),
                self.tr("Kind"),
                self.tr("Matches"),
                "",
            ]
        )
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(False)
        self.table.setMinimumHeight(160)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.empty_note = _note(self.tr("No rules yet: every app follows the choices above."))

        self.add_menu = QMenu(self)
        self.add_menu.addAction(self.tr("Running now…")).triggered.connect(self.add_running)
        self.add_menu.addAction(self.tr("Seen recently…")).triggered.connect(self.add_seen)
        self.add_menu.addAction(self.tr("From the catalogue…")).triggered.connect(
            self.add_from_catalogue
        )
        self.add_menu.addAction(self.tr("A program file…")).triggered.connect(self.add_file)
        self.add_button = QPushButton(self.tr("Add app"))
        self.add_button.setMenu(self.add_menu)
        add_row = QHBoxLayout()
        add_row.addWidget(self.add_button)
        add_row.addStretch()
        rules_layout = QVBoxLayout(rules)
        rules_layout.addWidget(self.table)
        rules_layout.addWidget(self.empty_note)
        rules_layout.addLayout(add_row)
        rules_layout.addWidget(
            _note(
                self.tr(
                    "A new rule blocks its app; choose Limited to give it minutes of its own "
                    "each day, or Always allowed."
                )
            )
        )

        layout = QVBoxLayout(self)
        layout.addWidget(choices)
        layout.addWidget(budgets)
        layout.addWidget(rules, 1)

    # Showing a profile ---------------------------------------------------------------------

    def load(self, profile: ProfileDraft) -> None:
        """Show the profile's app settings and rules."""
        for box, value in (
            (self.app_list_box, profile.app_list),
            (self.browsers_box, profile.unmanaged_browsers),
        ):
            box.setCurrentIndex(max(box.findData(value), 0))
        for category in Category:
            minutes = profile.category_budgets.get(category)
            self.category_checks[category].setChecked(minutes is not None)
            spin = self.category_spins[category]
            spin.setEnabled(minutes is not None)
            spin.setValue(DEFAULT_MINUTES if minutes is None else minutes)
        self._fill_table(profile)

    def lock(self, locks: ManagedLocks, profile_id: str) -> None:
        """Lock the choices, the category times and the rules a managed policy sets."""
        prefix = f"profiles.{profile_id}"
        for box, field in (
            (self.app_list_box, "app_list"),
            (self.browsers_box, "unmanaged_browsers"),
        ):
            label = self._form.labelForField(box)
            locks.set(box, [f"{prefix}.{field}"], label if isinstance(label, QLabel) else None)
        for category in Category:
            path = [f"{prefix}.category_budgets.{category.value}"]
            locks.set(self.category_checks[category], path, self._category_labels[category])
            locks.set(self.category_spins[category], path)
        # The rows' own fields and Remove buttons live in the table's viewport: locking it
        # keeps the table scrollable while no rule can be changed, added or removed.
        locks.set(self.table.viewport(), [f"{prefix}.apps"])
        locks.set(self.add_button, [f"{prefix}.apps"])

    def _fill_table(self, profile: ProfileDraft) -> None:
        """Show the profile's rules; the same profile shown again keeps its place in the
        list and the row chosen (the nearest one when that rule is gone)."""
        same = profile.id == self._shown_profile
        self._shown_profile = profile.id
        scrolled = self.table.verticalScrollBar().value() if same else 0
        chosen = self.table.currentRow() if same else -1
        self.table.setRowCount(0)
        self.rows = []
        for number, rule in enumerate(profile.apps):
            self.table.insertRow(number)
            self.rows.append(self._rule_row(number, rule))
        self.table.setVisible(bool(profile.apps))
        self.empty_note.setVisible(not profile.apps)
        if chosen >= 0 and profile.apps:
            self.table.setCurrentCell(min(chosen, len(profile.apps) - 1), 0)
        self.table.verticalScrollBar().setValue(scrolled)

    def _rule_row(self, number: int, rule: AppRuleDraft) -> RuleRow:
        summary, story = matches_text(rule)
        name = QTableWidgetItem(rule.shown_name)
        name.setToolTip(story)
        matches = QTableWidgetItem(summary)
        matches.setToolTip(story)
        self.table.setItem(number, 0, name)
        self.table.setItem(number, 4, matches)

        mode_box = QComboBox()
        for mode in AppMode:
            mode_box.addItem(mode_name(mode), mode)
        mode_box.setCurrentIndex(mode_box.findData(rule.mode))
        mode_box.setAccessibleName(self.tr("Rule for %1").replace("%1", rule.shown_name))
        minutes_spin = QSpinBox()
        minutes_spin.setRange(0, MINUTES_PER_DAY)
        minutes_spin.setSingleStep(15)
        minutes_spin.setSuffix(self.tr(" min"))
        minutes_spin.setValue(rule.daily_minutes or DEFAULT_MINUTES)
        minutes_spin.setEnabled(rule.mode is AppMode.LIMITED)
        minutes_spin.setAccessibleName(
            self.tr("Minutes a day for %1").replace("%1", rule.shown_name)
        )
        category_box = QComboBox()
        entry = catalogue().by_id.get(rule.app)
        if entry is not None:
            as_listed = self.tr("As in the catalogue (%1)")
            category_box.addItem(as_listed.replace("%1", category_name(entry.category.value)))
        else:
            category_box.addItem(self.tr("None"))
        for category in Category:
            category_box.addItem(category_name(category.value), category)
        category_box.setCurrentIndex(max(category_box.findData(rule.category), 0))
        category_box.setAccessibleName(self.tr("Kind of %1").replace("%1", rule.shown_name))
        remove = QPushButton(self.tr("Remove"))
        remove.setAccessibleName(self.tr("Remove the rule for %1").replace("%1", rule.shown_name))

        mode_box.currentIndexChanged.connect(lambda _i, r=rule: self._on_mode(r))
        minutes_spin.valueChanged.connect(lambda value, r=rule: self._on_minutes(r, value))
        category_box.currentIndexChanged.connect(lambda _i, r=rule: self._on_category_of(r))
        remove.clicked.connect(lambda _c=False, r=rule: self.remove_rule(r))
        for column, widget in ((1, mode_box), (2, minutes_spin), (3, category_box), (5, remove)):
            self.table.setCellWidget(number, column, widget)
        return RuleRow(mode_box, minutes_spin, category_box, remove)

    # Edits -----------------------------------------------------------------------------------

    def _row_of(self, rule: AppRuleDraft) -> RuleRow:
        rules = self._dialog.current().apps
        index = next(n for n, r in enumerate(rules) if r is rule)
        return self.rows[index]

    def _on_choices(self) -> None:
        if self._dialog.loading:
            return
        profile = self._dialog.current()
        # Item data comes back as plain text: make the enums again.
        profile.app_list = AppList(self.app_list_box.currentData())
        profile.unmanaged_browsers = BrowserChoice(self.browsers_box.currentData())

    def _on_category(self, category: Category) -> None:
        if self._dialog.loading:
            return
        limited = self.category_checks[category].isChecked()
        spin = self.category_spins[category]
        spin.setEnabled(limited)
        budgets = self._dialog.current().category_budgets
        if limited:
            budgets[category] = spin.value()
        else:
            budgets.pop(category, None)

    def _on_mode(self, rule: AppRuleDraft) -> None:
        row = self._row_of(rule)
        rule.mode = AppMode(row.mode_box.currentData())
        limited = rule.mode is AppMode.LIMITED
        row.minutes_spin.setEnabled(limited)
        if limited and rule.daily_minutes is None:
            rule.daily_minutes = row.minutes_spin.value()

    def _on_minutes(self, rule: AppRuleDraft, value: int) -> None:
        rule.daily_minutes = value

    def _on_category_of(self, rule: AppRuleDraft) -> None:
        data = self._row_of(rule).category_box.currentData()
        rule.category = None if data is None else Category(data)

    def remove_rule(self, rule: AppRuleDraft) -> None:
        """Drop a rule from the current profile."""
        profile = self._dialog.current()
        profile.apps = [r for r in profile.apps if r is not rule]
        self._fill_table(profile)

    def add_rules(self, rules: Iterable[AppRuleDraft]) -> None:
        """Add rules to the current profile, skipping apps it already has a rule for, and
        select the last one added (or found)."""
        profile = self._dialog.current()
        last = None
        for rule in rules:
            existing = next((r for r in profile.apps if r.app == rule.app), None)
            if existing is None:
                profile.apps.append(rule)
                existing = rule
            last = existing
        self._fill_table(profile)
        if last is not None:
            index = next(n for n, r in enumerate(profile.apps) if r is last)
            self.table.selectRow(index)
            self.table.scrollToItem(self.table.item(index, 0) or QTableWidgetItem())

    # Adding from each source -----------------------------------------------------------------

    def add_running(self) -> None:
        """Pick from the programs running now."""
        self._add_programs(self.tr("Add apps running now"), seen=False)

    def add_seen(self) -> None:
        """Pick from the programs seen in the last 30 days."""
        self._add_programs(self.tr("Add apps seen recently"), seen=True)

    def _add_programs(self, title: str, seen: bool) -> None:
        api = self._dialog.api
        try:
            programs = self._dialog.call(api.seen_apps if seen else api.running_apps)
        except ApiError as error:
            problem = self.tr("The list of programs could not be read.")
            self._dialog.show_error(problem, [str(error)])
            return
        chosen = _picked(ProgramPicker(title, programs, seen, self))
        rules: list[AppRuleDraft] = []
        for program in chosen:
            rules.append(rule_for_program(program, [*self._dialog.current().apps, *rules]))
        self.add_rules(rules)

    def add_from_catalogue(self) -> None:
        """Pick well-known apps from the catalogue."""
        ruled = {rule.app for rule in self._dialog.current().apps}
        self.add_rules(AppRuleDraft(app=app) for app in _picked(CataloguePicker(ruled, self)))

    def add_file(self) -> None:
        """Pick a program file; its hash catches renamed copies too."""
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Choose a program"))
        if not path:
            return
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            digest = file_sha256(Path(path))
        except OSError as error:
            self._dialog.show_error(
                self.tr("The file could not be read."), [f"{path}: {error.strerror or error}"]
            )
            return
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.add_rules([rule_for_file(Path(path), digest, self._dialog.current().apps)])


def _picked(picker: ProgramPicker | CataloguePicker) -> list[Any]:
    """What the parent chose in a picker (nothing when cancelled); the picker is then freed."""
    try:
        return picker.chosen() if picker.exec() == QDialog.DialogCode.Accepted else []
    finally:
        picker.deleteLater()


def _note(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    return label
