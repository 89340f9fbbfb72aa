"""The parent's settings: profiles, time, apps, sites, warnings and action, bonus time,
weekly summaries, password, language.

Edits stay in a `PolicyDraft` until Apply or OK sends the whole policy to the service; a
policy that does not validate is explained and nothing is lost. Cancel, with edits not yet
saved, asks whether to save or discard them.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QCoreApplication, QLocale, QRegularExpression, QSettings, Qt, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QAbstractButton,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QStackedWidget,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from guardian.api import ApiError, AuthRequired, GuardianApi
from rules.app_terms import Downtime
from rules.model import Action, AgePreset, BudgetMinutes, Policy
from rules.presets import DEFAULT_IDLE_MINUTES, DEFAULT_WARNINGS
from rules.timeofday import MINUTES_PER_DAY, AllowedWindow, Weekday
from ui.apps_page import AppsPage
from ui.grant import GrantChoice, grant_sentence
from ui.i18n import LANGUAGE_KEY, LANGUAGES
from ui.managed_locks import ManagedLocks, managed_banner
from ui.password import ask_parent_token
from ui.policy_draft import DEFAULT_ROLE, FREE_ROLE, PolicyDraft, PolicyInvalid, ProfileDraft
from ui.problem_banner import ProblemBanner
from ui.reports_page import ReportsPage
from ui.requests_page import RequestsPage
from ui.sites_page import SitesPage
from ui.texts import ERROR_STYLE, action_text, api_error_text, format_duration
from ui.week_grid import WeekGrid, day_name, window_text
from ui.week_hours import DAYS

MIN_PASSWORD_LENGTH = 6
WEEK_MINUTES = 7 * MINUTES_PER_DAY
WEEKLY_START = 14 * 60
"""A weekly limit to start from when some days are unlimited: two hours a day."""

PER_PROFILE_PAGES = 6
"""The first pages (profiles, time, apps, sites, warnings, bonus) show the chosen profile."""

log = logging.getLogger(__name__)
T = TypeVar("T")
translate = QCoreApplication.translate


def language_choices() -> list[tuple[str, str]]:
    """(setting value, label) for the language choice; "" follows the system."""
    # Each language is listed under its own name, so anyone can find theirs in any language.
    names = {"en": "English", "ru": "Русский"}
    return [("", translate("SettingsDialog", "Same as the system"))] + [
        (code, names.get(code) or QLocale(code).nativeLanguageName()) for code in LANGUAGES
    ]


class SettingsDialog(QDialog):
    """The parent's settings behind the password; opened with a token from the password prompt.

    Signals:
        token_changed(str): the password was changed and this is the token to use from now on.
    """

    token_changed = Signal(str)

    def __init__(
        self,
        api: GuardianApi,
        token: str,
        parent: QWidget | None = None,
        settings: QSettings | None = None,
    ) -> None:
        super().__init__(parent)
        self._api = api
        self._token = token
        self._settings = settings or QSettings("Guardian", "Guardian")
        self._saved = api.get_policy(token)
        self.locks = ManagedLocks.fetch(api, token)
        self._machine_accounts: list[dict[str, Any]] = []
        accounts_problem = None
        try:
            self._machine_accounts = api.accounts(token)
        except ApiError:
            accounts_problem = self.tr(
                "The list of accounts on this computer could not be read; only the accounts "
                "already in the settings are shown."
            )
        self.draft = PolicyDraft.of(self._saved, (a["name"] for a in self._machine_accounts))
        self._baseline = self._saved_as_built()
        self._loading = False

        self.setWindowTitle(self.tr("Guardian settings"))
        self.profile_box = QComboBox()
        self.profile_box.setAccessibleName(self.tr("Profile"))
        self.profile_box.currentIndexChanged.connect(self._load_profile)
        self._profile_row = QWidget()
        header = QHBoxLayout(self._profile_row)
        header.setContentsMargins(0, 0, 0, 0)
        profile_label = QLabel(self.tr("&Profile:"))
        profile_label.setBuddy(self.profile_box)
        header.addWidget(profile_label)
        header.addWidget(self.profile_box)
        header.addStretch()

        self.pages = QListWidget()
        self.pages.setMaximumWidth(190)
        self.stack = QStackedWidget()
        self.profiles_page = ProfilesPage(self, accounts_problem)
        self.time_page = TimePage(self)
        self.apps_page = AppsPage(self)
        self.sites_page = SitesPage(self)
        self.action_page = ActionPage(self)
        self.bonus_page = BonusPage(self)
        self.reports_page = ReportsPage(self)
        self.security_page = SecurityPage(self)
        self.language_page = LanguagePage(self._settings)
        for title, page in (
            (self.tr("Profiles"), self.profiles_page),
            (self.tr("Time"), self.time_page),
            (self.tr("Apps"), self.apps_page),
            (self.tr("Sites"), self.sites_page),
            (self.tr("Warnings and action"), self.action_page),
            (self.tr("Bonus time"), self.bonus_page),
            (self.tr("Weekly summary"), self.reports_page),
            (self.tr("Security"), self.security_page),
            (self.tr("Language"), self.language_page),
            (self.tr("Requests"), RequestsPage(self)),
        ):
            self.pages.addItem(title)
            self.stack.addWidget(_scrolling(page))
        self.pages.currentRowChanged.connect(self._show_page)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok
            | QDialogButtonBox.StandardButton.Apply
            | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.clicked.connect(self._on_button)

        body = QHBoxLayout()
        body.addWidget(self.pages)
        body.addWidget(self.stack, 1)
        layout = QVBoxLayout(self)
        problems = self._problems_banner()
        if problems is not None:
            layout.addWidget(problems)
        if self.locks.any:
            layout.addWidget(managed_banner(self.locks))
        layout.addWidget(self._profile_row)
        layout.addLayout(body, 1)
        layout.addWidget(self.buttons)

        self.reports_page.lock(self.locks)
        self.refresh_profiles()
        self.pages.setCurrentRow(0)
        self.resize(1150, 720)

    # Shared state -----------------------------------------------------------------------

    @property
    def token(self) -> str:
        """The parent token in use; it changes when the password is changed."""
        return self._token

    @property
    def api(self) -> GuardianApi:
        """The service this dialog edits."""
        return self._api

    @property
    def saved_policy(self) -> Policy:
        """The policy as the service last accepted it."""
        return self._saved

    @property
    def machine_accounts(self) -> list[dict[str, Any]]:
        """The people accounts the service reported: name, full_name, is_admin."""
        return self._machine_accounts

    @property
    def loading(self) -> bool:
        """True while widgets are being filled, so their change signals are not edits."""
        return self._loading

    def current(self) -> ProfileDraft:
        """The profile chosen at the top of the dialog."""
        return self.draft.profiles[max(self.profile_box.currentIndex(), 0)]

    def call(self, request: Callable[[str], T]) -> T:
        """Call the service with the token; when it has expired, ask for the password again."""
        try:
            return request(self._token)
        except AuthRequired:
            token = ask_parent_token(self._api, self)
            if token is None:
                raise
            self.use_token(token)
            return request(token)

    def use_token(self, token: str) -> None:
        """Use a new token from now on and tell whoever opened the dialog."""
        self._token = token
        self.token_changed.emit(token)

    def refresh_profiles(self, select: str | None = None) -> None:
        """Refill every list of profiles after one was added, removed or renamed."""
        chosen = select
        if chosen is None and self.profile_box.count():
            chosen = self.current().id
        self._loading = True
        self.profile_box.clear()
        for draft in self.draft.profiles:
            self.profile_box.addItem(draft.name, draft.id)
        index = self.profile_box.findData(chosen)
        self.profile_box.setCurrentIndex(max(index, 0))
        self._loading = False
        self.profiles_page.refresh_lists()
        self._load_profile()

    def rename_current(self, name: str) -> None:
        """Show a profile's new name wherever profiles are listed."""
        self.current().name = name
        self.profile_box.setItemText(self.profile_box.currentIndex(), name)
        self.profiles_page.refresh_lists()

    def _load_profile(self) -> None:
        if self._loading:
            return
        self._loading = True
        try:
            pages = (
                self.profiles_page,
                self.time_page,
                self.apps_page,
                self.sites_page,
                self.action_page,
                self.bonus_page,
            )
            for page in pages:
                page.load(self.current())
            profile_id = self.current().id
            self.profiles_page.lock(self.locks, profile_id)
            self.time_page.lock(self.locks, profile_id)
            self.apps_page.lock(self.locks, profile_id)
            self.sites_page.lock(self.locks, profile_id)
            self.action_page.lock(self.locks, profile_id)
        finally:
            self._loading = False

    def reload_current(self) -> None:
        """Show the current profile again after a change that affects several values; every
        page stays scrolled where it was."""
        areas = [self.stack.widget(n) for n in range(self.stack.count())]
        places = [
            (area, area.verticalScrollBar().value())
            for area in areas
            if isinstance(area, QScrollArea)
        ]
        self._load_profile()
        for area, value in places:
            area.verticalScrollBar().setValue(value)

    # Pages and buttons ------------------------------------------------------------------

    def _problems_banner(self) -> ProblemBanner | None:
        try:
            problems = self.call(self._api.problems)
        except ApiError as error:
            log.warning("could not read the problems: %s", error)
            return None
        if not problems:
            return None
        return ProblemBanner(problems, self._dismiss_problem)

    def _dismiss_problem(self, key: str) -> bool:
        try:
            self.call(lambda token: self._api.dismiss_problem(token, key))
        except ApiError as error:
            self.show_error(self.tr("The problem was not dismissed."), [api_error_text(error)])
            return False
        return True

    def _show_page(self, row: int) -> None:
        self.stack.setCurrentIndex(row)
        per_profile = row < PER_PROFILE_PAGES
        self._profile_row.setVisible(per_profile)

    def _on_button(self, button: QAbstractButton) -> None:
        role = self.buttons.buttonRole(button)
        if role == QDialogButtonBox.ButtonRole.RejectRole:
            self.reject()
        elif role == QDialogButtonBox.ButtonRole.ApplyRole:
            self.apply()
        elif role == QDialogButtonBox.ButtonRole.AcceptRole and self.apply():
            self.accept()

    def problems(self) -> list[str]:
        """Every reason the settings cannot be saved as they are, all at once."""
        lines = []
        problem = self.time_page.grid.problem()
        if problem is not None:
            lines.append(
                translate("PolicyDraft", "Profile “%1”, %2")
                .replace("%1", self.current().name)
                .replace(
                    "%2",
                    translate("PolicyDraft", "%1: %2")
                    .replace("%1", translate("PolicyDraft", "Allowed hours"))
                    .replace("%2", problem),
                )
            )
        try:
            self.draft.build()
        except PolicyInvalid as error:
            lines += error.lines
        return lines

    def has_unsaved_changes(self) -> bool:
        """Whether anything differs from what was last saved (the language included)."""
        if self.language_page.changed():
            return True
        try:
            return self.draft.build() != self._baseline
        except PolicyInvalid:
            return True

    def _saved_as_built(self) -> Policy:
        """The saved policy as the draft builds it, to tell edits from how it is written."""
        try:
            return PolicyDraft.of(self._saved).build()
        except PolicyInvalid:
            return self._saved

    def apply(self) -> bool:
        """Save the language and send the policy; on problems explain them all at once and keep
        every edit."""
        lines = self.problems()
        if lines:
            self.show_error(self.tr("The settings were not saved."), lines)
            return False
        policy = self.draft.build()
        self.language_page.save()
        try:
            self.call(lambda token: self._api.set_policy(token, policy))
        except ApiError as error:
            self.show_error(
                self.tr("The service did not accept the settings."), [api_error_text(error)]
            )
            return False
        self._saved = policy
        self._baseline = self._saved_as_built()
        self.bonus_page.load(self.current())
        return True

    def show_error(self, text: str, lines: list[str]) -> QMessageBox:
        """Explain a problem in a message box that leaves the dialog and its edits as they are."""
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Guardian settings"), text, parent=self)
        box.setObjectName("settings-error")
        box.setInformativeText("\n".join(lines))
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.setWindowModality(Qt.WindowModality.WindowModal)
        box.open()
        return box

    def reject(self) -> None:
        """Cancel, Escape or closing the window: with unsaved changes, ask first."""
        if not self.has_unsaved_changes():
            super().reject()
            return
        if self.findChild(QMessageBox, "discard-changes") is None:
            self.ask_discard()

    def ask_discard(self) -> QMessageBox:
        """Ask, beside the dialog, whether to save or discard the changes or keep editing;
        the answer is acted on when given."""
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Guardian settings"),
            self.tr("Discard changes?"),
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel,
            self,
        )
        box.setObjectName("discard-changes")
        box.setInformativeText(
            self.tr("The settings were changed and not saved. Save them, or close without them?")
        )
        box.setDefaultButton(QMessageBox.StandardButton.Save)
        box.setEscapeButton(QMessageBox.StandardButton.Cancel)
        for button, text in (
            (QMessageBox.StandardButton.Save, self.tr("Save")),
            (QMessageBox.StandardButton.Discard, self.tr("Discard")),
            (QMessageBox.StandardButton.Cancel, self.tr("Keep editing")),
        ):
            widget = box.button(button)
            if widget is not None:
                widget.setText(text)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.setWindowModality(Qt.WindowModality.WindowModal)
        box.finished.connect(lambda _r: self._discard_answered(box.clickedButton(), box))
        box.open()
        return box

    def _discard_answered(self, clicked: QAbstractButton | None, box: QMessageBox) -> None:
        box.setObjectName("")
        if clicked is None:
            return
        answer = box.standardButton(clicked)
        if answer == QMessageBox.StandardButton.Discard:
            super().reject()
        elif answer == QMessageBox.StandardButton.Save and self.apply():
            self.accept()


TIME_UP_CHOICES: tuple[tuple[Action, Downtime], ...] = (
    (Action.LOCK, Downtime.LOCK),
    (Action.LOGOUT, Downtime.LOCK),
    (Action.SHUTDOWN, Downtime.LOCK),
    (Action.SUSPEND, Downtime.LOCK),
    (Action.LOCK, Downtime.APPS),
)
"""The one choice of what happens when time is up, as the profile's action and downtime: the
whole session is locked, ended or powered down, or only apps close."""


def choice_key(action: Action, downtime: Downtime) -> str:
    """The combo box's item data for a pair, e.g. "logout/lock"."""
    return f"{Action(action).value}/{Downtime(downtime).value}"


def choice_of(key: str) -> tuple[Action, Downtime]:
    """The pair back from `choice_key`."""
    action, downtime = key.split("/")
    return Action(action), Downtime(downtime)


def time_up_text(action: Action, downtime: Downtime) -> str:
    """One entry of the choice, saying what happens."""
    if downtime is Downtime.APPS:
        if action is Action.LOCK:
            return translate("SettingsDialog", "Close apps; always-allowed apps stay usable")
        # A stored policy may pair closing apps with another action: say both.
        return translate(
            "SettingsDialog", "Close apps; always-allowed apps stay usable (else: %1)"
        ).replace("%1", action_text(action.value))
    texts = {
        Action.LOCK: translate("SettingsDialog", "Lock the screen"),
        Action.LOGOUT: translate("SettingsDialog", "Log the child out"),
        Action.SHUTDOWN: translate("SettingsDialog", "Shut the computer down"),
        Action.SUSPEND: translate("SettingsDialog", "Put the computer to sleep"),
    }
    return texts[action]


def time_up_note(action: Action, downtime: Downtime) -> str:
    """What the chosen entry means for the child's open work."""
    if downtime is Downtime.APPS:
        return translate(
            "SettingsDialog",
            "Apps not marked Always allowed close; the child stays logged in and can use "
            "the always-allowed ones. Where Guardian cannot close apps, it does this "
            "instead: %1.",
        ).replace("%1", action_text(action.value).lower())
    texts = {
        Action.LOCK: translate(
            "SettingsDialog",
            "The screen locks; open programs and unsaved work stay as they are.",
        ),
        Action.LOGOUT: translate(
            "SettingsDialog", "The child is logged out; programs close and unsaved work is lost."
        ),
        Action.SHUTDOWN: translate(
            "SettingsDialog", "The computer turns off; programs close and unsaved work is lost."
        ),
        Action.SUSPEND: translate(
            "SettingsDialog", "The computer goes to sleep; open programs stay as they are."
        ),
    }
    return texts[action]


def _fill_choices(box: QComboBox, choices: list[tuple[str, str]], chosen: str) -> None:
    """Set a combo box's entries without a signal; when only names changed (a profile was
    renamed) the entries are renamed in place, so an open list stays open and where it was."""
    box.blockSignals(True)
    if [box.itemData(n) for n in range(box.count())] == [data for _t, data in choices]:
        for number, (text, _data) in enumerate(choices):
            box.setItemText(number, text)
    else:
        box.clear()
        for text, data in choices:
            box.addItem(text, data)
    box.setCurrentIndex(max(box.findData(chosen), 0))
    box.blockSignals(False)


def _scrolling(page: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidget(page)
    return area


def _form() -> QFormLayout:
    form = QFormLayout()
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
    return form


def _label_for(form: QFormLayout, widget: QWidget) -> QLabel | None:
    """The label of a form row's field, to mark it."""
    label = form.labelForField(widget)
    return label if isinstance(label, QLabel) else None


def _note(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    return label


def preset_ages(preset: AgePreset) -> str:
    """Whom an age preset is for, e.g. "ages 6 to 11"."""
    texts = {
        AgePreset.AGE_0: translate("SettingsDialog", "under 6"),
        AgePreset.AGE_6: translate("SettingsDialog", "ages 6 to 11"),
        AgePreset.AGE_12: translate("SettingsDialog", "ages 12 to 15"),
        AgePreset.AGE_16: translate("SettingsDialog", "ages 16 and 17"),
        AgePreset.AGE_18: translate("SettingsDialog", "adults, 18 and over"),
    }
    return texts[preset]


def preset_title(preset: AgePreset) -> str:
    """An age preset's label with whom it is for, e.g. "6+ (ages 6 to 11)"."""
    return (
        translate("SettingsDialog", "%1 (%2)")
        .replace("%1", preset.value)
        .replace("%2", preset_ages(preset))
    )


def preset_meaning(preset: AgePreset) -> str:
    """What an age preset is for and what it sets, in a sentence or two."""
    aims = {
        AgePreset.AGE_0: translate(
            "SettingsDialog", "For small children: short use, in the daytime only."
        ),
        AgePreset.AGE_6: translate(
            "SettingsDialog",
            "For primary school children: a little more time, ending before the evening.",
        ),
        AgePreset.AGE_12: translate(
            "SettingsDialog", "For older children: more time, with a later evening end."
        ),
        AgePreset.AGE_16: translate(
            "SettingsDialog", "For teenagers: most of the day, until late in the evening."
        ),
        AgePreset.AGE_18: translate(
            "SettingsDialog", "For adults: Guardian counts the time but limits nothing."
        ),
    }
    return (
        translate("SettingsDialog", "%1 It sets: %2")
        .replace("%2", preset_summary(preset))
        .replace("%1", aims[preset])
    )


def preset_summary(preset: AgePreset) -> str:
    """What an age preset means, in one line: time per day and the hours it allows."""
    values = ProfileDraft(id="p", name="p", preset=preset).preset_values()
    weekday, weekend = values.budgets[0], values.budgets[5]
    if weekday is None and weekend is None:
        return translate("SettingsDialog", "No time limits and no fixed hours.")
    hours = values.hours
    return (
        translate("SettingsDialog", "%1 on school days, %2 at weekends; allowed %3 (weekends %4).")
        .replace("%1", format_duration(None if weekday is None else weekday * 60))
        .replace("%2", format_duration(None if weekend is None else weekend * 60))
        .replace("%3", QLocale().createSeparatedList([window_text(w) for w in hours[0]]))
        .replace("%4", QLocale().createSeparatedList([window_text(w) for w in hours[5]]))
    )


class ProfilesPage(QWidget):
    """Profiles: the chosen one's name and preset, adding and removing, and who is restricted."""

    def __init__(self, dialog: SettingsDialog, accounts_problem: str | None) -> None:
        super().__init__()
        self._dialog = dialog
        self.name_edit = QLineEdit()
        self.name_edit.setMaxLength(64)
        self.name_edit.textEdited.connect(self._on_name)
        self.preset_box = QComboBox()
        for preset in AgePreset:
            self.preset_box.addItem(
                self.tr("%1 — %2")
                .replace("%1", preset_title(preset))
                .replace("%2", preset_summary(preset)),
                preset,
            )
            self.preset_box.setItemData(
                self.preset_box.count() - 1, preset_meaning(preset), Qt.ItemDataRole.ToolTipRole
            )
        self.preset_box.currentIndexChanged.connect(self._on_preset)
        self.add_button = QPushButton(self.tr("Add a profile"))
        self.add_button.clicked.connect(self._add)
        self.remove_button = QPushButton(self.tr("Remove this profile"))
        self.remove_button.clicked.connect(self._remove)

        form = _form()
        form.addRow(self.tr("&Name:"), self.name_edit)
        form.addRow(self.tr("&Age preset:"), self.preset_box)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch()

        self.default_box = QComboBox()
        self.default_box.currentIndexChanged.connect(self._on_default)
        self._accounts_box = QGroupBox(self.tr("Accounts on this computer"))
        self._accounts_grid = QGridLayout(self._accounts_box)
        self.role_boxes: dict[str, QComboBox] = {}
        self._account_labels: dict[str, QLabel] = {}
        self._build_accounts(accounts_problem)
        default_form = _form()
        default_form.addRow(self.tr("&Default profile:"), self.default_box)
        self._form, self._default_form = form, default_form

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self._accounts_box)
        layout.addLayout(default_form)
        layout.addWidget(
            _note(
                self.tr(
                    "The default profile restricts every account not given a profile above, "
                    "including accounts created later."
                )
            )
        )
        layout.addStretch()

    def _build_accounts(self, problem: str | None) -> None:
        known = {a["name"]: a for a in self._dialog.machine_accounts}
        grid = self._accounts_grid
        grid.addWidget(QLabel(self.tr("<b>Account</b>")), 0, 0)
        grid.addWidget(QLabel(self.tr("<b>Rules</b>")), 0, 2)
        warning_icon = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        for row, account in enumerate(self._dialog.draft.roles, start=1):
            info = known.get(account)
            if info is None:
                text = self.tr("%1 (not found on this computer)").replace("%1", account)
            elif info.get("full_name"):
                text = f"{info['full_name']} ({account})"
            else:
                text = account
            label = QLabel(text)
            self._account_labels[account] = label
            grid.addWidget(label, row, 0)
            if info is not None and info.get("is_admin"):
                flag = QLabel()
                flag.setPixmap(warning_icon.pixmap(16, 16))
                why = self.tr(
                    "Administrator: a child using an administrator account can get around "
                    "the limits."
                )
                flag.setToolTip(why)
                flag.setAccessibleName(why)
                label.setToolTip(why)
                grid.addWidget(flag, row, 1)
            box = QComboBox()
            box.setAccessibleName(self.tr("Rules for %1").replace("%1", account))
            label.setBuddy(box)
            box.currentIndexChanged.connect(lambda _i, a=account: self._on_role(a))
            self.role_boxes[account] = box
            grid.addWidget(box, row, 2)
        if problem:
            error = _note(problem)
            error.setStyleSheet(ERROR_STYLE)
            grid.addWidget(error, len(self._dialog.draft.roles) + 1, 0, 1, 3)
        grid.setColumnStretch(3, 1)

    def refresh_lists(self) -> None:
        """Refill the account and default-profile choices from the current profiles."""
        draft = self._dialog.draft
        names = [(p.name, p.id) for p in draft.profiles]
        default_name = draft.profile(draft.default_profile).name
        roles = [
            (self.tr("Default profile (%1)").replace("%1", default_name), DEFAULT_ROLE),
            *names,
            (self.tr("Not restricted"), FREE_ROLE),
        ]
        for account, box in self.role_boxes.items():
            _fill_choices(box, roles, draft.roles[account])
        _fill_choices(self.default_box, names, draft.default_profile)
        self._lock_remove()

    def _lock_remove(self) -> None:
        # A profile the school's policy sets cannot be removed here.
        managed = self._dialog.locks.source([f"profiles.{self._dialog.current().id}"])
        self.remove_button.setEnabled(len(self._dialog.draft.profiles) > 1 and managed is None)
        self.remove_button.setToolTip(ManagedLocks.tooltip(managed) if managed else "")

    def lock(self, locks: ManagedLocks, profile_id: str) -> None:
        """Lock the fields a managed policy sets for this profile and the default profile."""
        prefix = f"profiles.{profile_id}"
        for form, widget, path in (
            (self._form, self.name_edit, f"{prefix}.name"),
            (self._form, self.preset_box, f"{prefix}.preset"),
            (self._default_form, self.default_box, "default_profile"),
        ):
            locks.set(widget, [path], _label_for(form, widget))
        # An account a managed policy places (in a profile's or the unrestricted list) stays.
        policy = self._dialog.saved_policy
        for account, box in self.role_boxes.items():
            paths = [f"profiles.{p.id}.accounts" for p in policy.profiles if account in p.accounts]
            if account in policy.unrestricted_accounts:
                paths.append("unrestricted_accounts")
            locks.set(box, paths, self._account_labels.get(account))
        self._lock_remove()

    def load(self, profile: ProfileDraft) -> None:
        """Show the chosen profile."""
        self.name_edit.setText(profile.name)
        self.preset_box.setCurrentIndex(self.preset_box.findData(profile.preset))

    def _on_name(self, text: str) -> None:
        self._dialog.rename_current(text)

    def _on_preset(self, index: int) -> None:
        if self._dialog.loading:
            return
        self._dialog.current().preset = self.preset_box.itemData(index)
        self._dialog.reload_current()

    def _on_role(self, account: str) -> None:
        self._dialog.draft.roles[account] = self.role_boxes[account].currentData()

    def _on_default(self, index: int) -> None:
        self._dialog.draft.default_profile = self.default_box.itemData(index)
        self.refresh_lists()

    def _add(self) -> None:
        draft = self._dialog.draft.add_profile(self.tr("New profile"))
        self._dialog.refresh_profiles(select=draft.id)
        self.name_edit.setFocus()
        self.name_edit.selectAll()

    def _remove(self) -> None:
        self._dialog.draft.remove_profile(self._dialog.current().id)
        self._dialog.refresh_profiles(select=self._dialog.draft.profiles[0].id)


class TimePage(QWidget):
    """Time: screen time per weekday (or unlimited), an optional weekly limit, allowed hours."""

    def __init__(self, dialog: SettingsDialog) -> None:
        super().__init__()
        self._dialog = dialog
        self._shown_hours: dict[Weekday, tuple[AllowedWindow, ...]] = {}
        budgets = QGroupBox(self.tr("Screen time per day"))
        grid = QGridLayout(budgets)
        self.budget_spins: dict[Weekday, QSpinBox] = {}
        self.unlimited_checks: dict[Weekday, QCheckBox] = {}
        self._preset_marks: dict[Weekday, QLabel] = {}
        self._day_labels: dict[Weekday, QLabel] = {}
        for column, day in enumerate(DAYS):
            name = QLabel(day_name(day))
            self._day_labels[day] = name
            spin = QSpinBox()
            spin.setRange(0, MINUTES_PER_DAY)
            spin.setSingleStep(15)
            spin.setSuffix(self.tr(" min"))
            spin.setAccessibleName(self.tr("Minutes on %1").replace("%1", day_name(day)))
            name.setBuddy(spin)
            spin.valueChanged.connect(lambda _v, d=day: self._on_budget(d))
            check = QCheckBox(self.tr("Unlimited"))
            check.setAccessibleName(self.tr("Unlimited on %1").replace("%1", day_name(day)))
            check.toggled.connect(lambda _c, d=day: self._on_budget(d))
            mark = QLabel(self.tr("from the preset"))
            mark.setEnabled(False)
            grid.addWidget(name, 0, column)
            grid.addWidget(spin, 1, column)
            grid.addWidget(check, 2, column)
            grid.addWidget(mark, 3, column)
            self.budget_spins[day] = spin
            self.unlimited_checks[day] = check
            self._preset_marks[day] = mark

        self.weekly_check = QCheckBox(self.tr("Limit the whole week to"))
        self.weekly_check.toggled.connect(self._on_weekly)
        self.weekly_spin = QSpinBox()
        self.weekly_spin.setRange(0, WEEK_MINUTES)
        self.weekly_spin.setSingleStep(30)
        self.weekly_spin.setSuffix(self.tr(" min"))
        self.weekly_spin.setAccessibleName(self.tr("Minutes per week"))
        self.weekly_spin.valueChanged.connect(self._on_weekly)
        weekly = QHBoxLayout()
        weekly.addWidget(self.weekly_check)
        weekly.addWidget(self.weekly_spin)
        weekly.addStretch()

        hours = QGroupBox(self.tr("Allowed hours"))
        self.grid = WeekGrid()
        self.grid.changed.connect(self._on_hours)
        hours_layout = QVBoxLayout(hours)
        hours_layout.addWidget(self.grid)

        self.reset_button = QPushButton(self.tr("Use the age preset's times"))
        self.reset_button.clicked.connect(self._reset)
        reset_row = QHBoxLayout()
        reset_row.addStretch()
        reset_row.addWidget(self.reset_button)

        layout = QVBoxLayout(self)
        layout.addWidget(budgets)
        layout.addLayout(weekly)
        layout.addWidget(hours)
        layout.addLayout(reset_row)
        layout.addStretch()

    def load(self, profile: ProfileDraft) -> None:
        """Show the profile's time; values left to the preset are the preset's, marked so."""
        preset = profile.preset_values()
        for number, day in enumerate(DAYS):
            value = profile.daily_budget.get(day)
            minutes = preset.budgets[number] if value is None else value
            limited = isinstance(minutes, int)
            self.unlimited_checks[day].setChecked(not limited)
            spin = self.budget_spins[day]
            spin.setEnabled(limited)
            if isinstance(minutes, int):
                spin.setValue(minutes)
            self._preset_marks[day].setVisible(day not in profile.daily_budget)
        weekly = profile.weekly_budget
        weekly_minutes = preset.weekly_budget if weekly is None else weekly
        limited = isinstance(weekly_minutes, int)
        self.weekly_check.setChecked(limited)
        self.weekly_spin.setEnabled(limited)
        if isinstance(weekly_minutes, int):
            self.weekly_spin.setValue(weekly_minutes)
        shown = {
            day: profile.allowed_hours.get(day, preset.hours[number])
            for number, day in enumerate(DAYS)
        }
        self._shown_hours = dict(shown)
        self.grid.set_windows(shown)

    def lock(self, locks: ManagedLocks, profile_id: str) -> None:
        """Lock the days, the weekly limit and the hours a managed policy sets."""
        prefix = f"profiles.{profile_id}"
        for day in DAYS:
            path = [f"{prefix}.daily_budget.{day.value}"]
            locks.set(self.budget_spins[day], path, self._day_labels[day])
            locks.set(self.unlimited_checks[day], path)
        locks.set(self.weekly_check, [f"{prefix}.weekly_budget"])
        locks.set(self.weekly_spin, [f"{prefix}.weekly_budget"])
        locks.set(self.grid, [f"{prefix}.allowed_hours"])
        locks.set(
            self.reset_button,
            [f"{prefix}.daily_budget", f"{prefix}.weekly_budget", f"{prefix}.allowed_hours"],
        )

    def _on_budget(self, day: Weekday) -> None:
        if self._dialog.loading:
            return
        unlimited = self.unlimited_checks[day].isChecked()
        self.budget_spins[day].setEnabled(not unlimited)
        value: BudgetMinutes = "unlimited" if unlimited else self.budget_spins[day].value()
        self._dialog.current().daily_budget[day] = value
        self._preset_marks[day].hide()

    def _on_weekly(self) -> None:
        if self._dialog.loading:
            return
        profile = self._dialog.current()
        limited = self.weekly_check.isChecked()
        self.weekly_spin.setEnabled(limited)
        if limited and self.weekly_spin.value() == 0:
            # Start from what the days allow together, so the limit only has to be lowered.
            days = [spin.value() for spin in self.budget_spins.values() if spin.isEnabled()]
            start = sum(days) if len(days) == len(DAYS) else WEEKLY_START
            self._set_quietly(self.weekly_spin, start)
        if limited:
            profile.weekly_budget = self.weekly_spin.value()
        else:
            # Without a limit, None says "the preset's" only when the preset has none either.
            preset_limit = profile.preset_values().weekly_budget
            profile.weekly_budget = None if preset_limit is None else "unlimited"

    @staticmethod
    def _set_quietly(spin: QSpinBox, value: int) -> None:
        spin.blockSignals(True)
        spin.setValue(value)
        spin.blockSignals(False)

    def _on_hours(self) -> None:
        windows = self.grid.windows()
        profile = self._dialog.current()
        for day in DAYS:
            if windows[day] != self._shown_hours.get(day):
                profile.allowed_hours[day] = windows[day]
        self._shown_hours = dict(windows)

    def _reset(self) -> None:
        self._dialog.current().reset_time()
        self._dialog.reload_current()


class ActionPage(QWidget):
    """Warnings and action: when the child is warned, what happens at the end, idle minutes."""

    def __init__(self, dialog: SettingsDialog) -> None:
        super().__init__()
        self._dialog = dialog
        self.warnings_edit = QLineEdit()
        self.warnings_edit.setValidator(
            QRegularExpressionValidator(QRegularExpression(r"[0-9 ,]*"), self.warnings_edit)
        )
        self.warnings_edit.textEdited.connect(self._on_warnings)
        self.action_box = QComboBox()
        for choice in TIME_UP_CHOICES:
            self.action_box.addItem(time_up_text(*choice), choice_key(*choice))
        self.action_box.currentIndexChanged.connect(self._on_action)
        self.action_note = _note("")
        self.action_note.setObjectName("time-up-note")
        self.idle_spin = QSpinBox()
        self.idle_spin.setRange(1, 120)
        self.idle_spin.setSuffix(self.tr(" min"))
        self.idle_spin.valueChanged.connect(self._on_idle)

        form = self._form = _form()
        form.addRow(self.tr("&Warn this many minutes before time is up:"), self.warnings_edit)
        # A row of its own: a wrapped label in the field column is squeezed to the field's height.
        form.addRow(_note(self.tr("Separate the minutes with commas, e.g. 15, 5, 1.")))
        form.addRow(self.tr("When time is &up or outside the allowed hours:"), self.action_box)
        form.addRow(self.action_note)
        form.addRow(self.tr("Stop counting after being &idle for:"), self.idle_spin)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(
            _note(
                self.tr(
                    "In the last minute a countdown stays on top of every window. Shutting "
                    "down or logging out can lose work the child has not saved."
                )
            )
        )
        layout.addStretch()

    def load(self, profile: ProfileDraft) -> None:
        """Show the profile's warnings, action and idle minutes (the defaults when unset)."""
        warnings = DEFAULT_WARNINGS if profile.warnings is None else profile.warnings
        self.warnings_edit.setText(", ".join(str(m) for m in sorted(warnings, reverse=True)))
        self._show_choice(profile.action or Action.LOCK, profile.downtime)
        self.idle_spin.setValue(profile.idle_minutes or DEFAULT_IDLE_MINUTES)

    def lock(self, locks: ManagedLocks, profile_id: str) -> None:
        """Lock the warnings, the action and the idle minutes a managed policy sets."""
        prefix = f"profiles.{profile_id}"
        for widget, field in (
            (self.warnings_edit, "warnings"),
            (self.idle_spin, "idle_minutes"),
        ):
            locks.set(widget, [f"{prefix}.{field}"], _label_for(self._form, widget))
        locks.set(
            self.action_box,
            [f"{prefix}.action", f"{prefix}.downtime"],
            _label_for(self._form, self.action_box),
        )

    def _on_warnings(self, text: str) -> None:
        numbers = text.replace(",", " ").split()
        self._dialog.current().warnings = tuple(int(n) for n in numbers)

    def _show_choice(self, action: Action, downtime: Downtime) -> None:
        """Select the entry for this pair; a pair no entry names gets an entry of its own,
        saying what it does, for as long as the profile is shown."""
        key = choice_key(action, downtime)
        self.action_box.blockSignals(True)
        for index in reversed(range(len(TIME_UP_CHOICES), self.action_box.count())):
            self.action_box.removeItem(index)
        if self.action_box.findData(key) < 0:
            self.action_box.addItem(time_up_text(action, downtime), key)
        self.action_box.setCurrentIndex(self.action_box.findData(key))
        self.action_box.blockSignals(False)
        self._explain(action, downtime)

    def _explain(self, action: Action, downtime: Downtime) -> None:
        self.action_note.setText(time_up_note(action, downtime))

    def _on_action(self, index: int) -> None:
        if index < 0:
            return
        action, downtime = choice_of(str(self.action_box.itemData(index)))
        self._explain(action, downtime)
        if not self._dialog.loading:
            profile = self._dialog.current()
            profile.action, profile.downtime = action, downtime

    def _on_idle(self, value: int) -> None:
        if not self._dialog.loading:
            self._dialog.current().idle_minutes = value


class BonusPage(QWidget):
    """Bonus time: give the chosen profile more time today, right now, saying exactly what the
    grant does; it opens the allowed hours only when the parent ticks so."""

    def __init__(self, dialog: SettingsDialog) -> None:
        super().__init__()
        self._dialog = dialog
        self._intro = _note("")
        self.choice = GrantChoice(self)
        self.give_button = QPushButton(self.tr("Give time"))
        self.give_button.setObjectName("bonus-give")
        self.give_button.clicked.connect(
            lambda: self.give(self.choice.minutes(), self.choice.outside_hours())
        )
        self.result = _note("")
        self.result.setObjectName("bonus-result")
        row = QHBoxLayout()
        row.addWidget(self.give_button)
        row.addStretch()
        layout = QVBoxLayout(self)
        layout.addWidget(self._intro)
        layout.addWidget(self.choice)
        layout.addLayout(row)
        layout.addWidget(self.result)
        layout.addWidget(_note(self.tr("Bonus time counts for today only.")))
        layout.addStretch()

    def load(self, profile: ProfileDraft) -> None:
        """Offer bonus time to a profile the service already knows."""
        saved = {p.id for p in self._dialog.saved_policy.profiles}
        known = profile.id in saved
        self.choice.setEnabled(known)
        self.give_button.setEnabled(known)
        if known:
            self._intro.setText(self.tr("Give %1 more time today:").replace("%1", profile.name))
        else:
            self._intro.setText(
                self.tr("Apply the settings first: the service does not know this profile yet.")
            )
        self.result.clear()

    def give(self, minutes: int | None, outside_hours: bool = False) -> None:
        """Grant bonus time to the chosen profile now; None is the rest of the day. With
        `outside_hours` it also opens the computer outside the allowed hours for its time."""
        profile = self._dialog.current()
        try:
            self._dialog.call(
                lambda token: self._dialog.api.grant(
                    token, profile.id, minutes, outside_hours=outside_hours
                )
            )
        except ApiError as error:
            self._dialog.show_error(
                self.tr("The bonus time was not given."), [api_error_text(error)]
            )
            return
        if minutes is None:
            text = self.tr("%1 may use the computer for the rest of the day.")
        else:
            text = self.tr("%1 got %2 more today.").replace("%2", format_duration(minutes * 60))
        self.result.setText(
            text.replace("%1", profile.name) + " " + grant_sentence(minutes, outside_hours)
        )


class SecurityPage(QWidget):
    """Security: change the parent password."""

    def __init__(self, dialog: SettingsDialog) -> None:
        super().__init__()
        self._dialog = dialog
        self.new_edit = QLineEdit()
        self.new_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.confirm_edit = QLineEdit()
        self.confirm_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.change_button = QPushButton(self.tr("Change the password"))
        self.change_button.clicked.connect(self.change)
        self.message = _note("")
        self.message.setObjectName("password-result")
        form = _form()
        form.addRow(self.tr("&New password:"), self.new_edit)
        form.addRow(self.tr("&Repeat it:"), self.confirm_edit)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        row = QHBoxLayout()
        row.addWidget(self.change_button)
        row.addStretch()
        layout.addLayout(row)
        layout.addWidget(self.message)
        layout.addWidget(
            _note(
                self.tr(
                    "Choose a password the child does not know, at least %n characters long.",
                    None,
                    MIN_PASSWORD_LENGTH,
                )
            )
        )
        layout.addStretch()

    def change(self) -> None:
        """Set the new password; the service hands back the token to use from now on."""
        new = self.new_edit.text()
        problem = password_problem(new, self.confirm_edit.text())
        if problem is not None:
            self._show(problem, error=True)
            return
        try:
            token = self._dialog.call(lambda token: self._dialog.api.set_password(token, new))
        except ApiError as error:
            self._show(api_error_text(error), error=True)
            return
        self._dialog.use_token(token)
        self.new_edit.clear()
        self.confirm_edit.clear()
        self._show(self.tr("The password was changed."), error=False)

    def _show(self, text: str, error: bool) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(ERROR_STYLE if error else "")


def password_problem(password: str, repeated: str) -> str | None:
    """Why a new parent password cannot be used, or None when it can."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return translate(
            "SettingsDialog",
            "The password needs at least %n characters.",
            None,
            MIN_PASSWORD_LENGTH,
        )
    if password != repeated:
        return translate("SettingsDialog", "The two passwords are not the same.")
    return None


class LanguagePage(QWidget):
    """Language: the system's, English or Russian, saved for the next start."""

    def __init__(self, settings: QSettings) -> None:
        super().__init__()
        self._settings = settings
        self.language_box = QComboBox()
        for value, label in language_choices():
            self.language_box.addItem(label, value)
        current = str(self._settings.value(LANGUAGE_KEY, "") or "")
        self.language_box.setCurrentIndex(max(self.language_box.findData(current), 0))
        form = _form()
        form.addRow(self.tr("&Language:"), self.language_box)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(_note(self.tr("The new language is used the next time Guardian starts.")))
        layout.addStretch()

    def changed(self) -> bool:
        """Whether the choice differs from the one stored."""
        stored = str(self._settings.value(LANGUAGE_KEY, "") or "")
        return str(self.language_box.currentData() or "") != stored

    def save(self) -> None:
        """Store the choice where the tray reads it at start."""
        self._settings.setValue(LANGUAGE_KEY, self.language_box.currentData())
        self._settings.sync()
