"""The first-run wizard: a parent password, the child's accounts, an age preset and a budget.

It runs while no parent password exists. The password is set when leaving its page (the
service then hands out the token every later page needs); the policy is sent at Finish.
Where a policy already exists (saved before, a policy file, or a managed one) the wizard sets
only the password and keeps those rules. The account running setup is never restricted unless
the parent names it as a child's.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QCoreApplication, QLocale, Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QSpinBox,
    QStyle,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from guardian.api import ApiError, GuardianApi, SetupState
from rules.model import AgePreset, BudgetMinutes, InvalidData, Policy, Profile, from_data
from rules.presets import PRESETS, WEEKEND, EffectiveProfile, effective_profile
from rules.timeofday import MINUTES_PER_DAY, AllowedWindow, Weekday
from ui.policy_draft import error_lines, new_reports_data
from ui.settings import (
    MIN_PASSWORD_LENGTH,
    password_problem,
    preset_meaning,
    preset_title,
)
from ui.texts import ERROR_STYLE, api_error_text, format_duration
from ui.week_grid import day_name, window_text
from ui.week_hours import DAYS

log = logging.getLogger(__name__)
translate = QCoreApplication.translate

PROFILE_ID = "child"
ROLE_CHILD = "child"
ROLE_FREE = "free"


def _label(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    return label


def _error_label() -> QLabel:
    label = _label("")
    label.setStyleSheet(ERROR_STYLE)
    label.hide()
    return label


def _show_error(label: QLabel, text: str) -> None:
    label.setText(text)
    label.setVisible(bool(text))


class FirstRunWizard(QWizard):
    """Guides a parent through the first setup; opened by the tray while no password is set."""

    def __init__(self, api: GuardianApi, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.api = api
        self.token: str | None = None
        """The parent token, once the password page has set the password."""
        self.policy: Policy | None = None
        """The policy sent at Finish; None when the existing rules were kept."""
        self.setup: SetupState | None = None
        """What the service already has; None while it could not say."""
        self.read_setup_state()
        self.setWindowTitle(self.tr("Set up Guardian"))
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage)
        self.welcome_page = WelcomePage()
        self.password_page = PasswordPage()
        self.accounts_page = AccountsPage()
        self.preset_page = PresetPage()
        self.budget_page = BudgetPage()
        self.summary_page = SummaryPage()
        self.kept_page = KeptRulesPage()
        for page in (
            self.welcome_page,
            self.password_page,
            self.accounts_page,
            self.preset_page,
            self.budget_page,
            self.summary_page,
            self.kept_page,
        ):
            self.addPage(page)
        self.resize(640, 520)

    def read_setup_state(self) -> None:
        """Ask the service whether rules exist; on failure keep what was known."""
        try:
            self.setup = self.api.setup_state()
        except ApiError as error:
            log.warning("cannot ask the service what setup finds: %s", error)

    @property
    def keeps_rules(self) -> bool:
        """Whether setup must leave the policy alone: one exists, is managed, or is unknown."""
        return self.setup is None or self.setup.policy or self.setup.managed

    def profile(self) -> Profile:
        """The child's profile as the answers so far describe it; the summary and the policy
        both come from it. Raises InvalidData listing every problem."""
        return from_data(
            Profile,
            {
                "id": PROFILE_ID,
                "name": self.accounts_page.child_name(),
                "preset": self.preset_page.preset(),
                "accounts": self.accounts_page.chosen()[0],
                "daily_budget": self.budget_page.daily_budget(),
            },
        )

    def build_policy(self) -> Policy:
        """The policy the answers describe; the time zone comes from the service's policy.

        Raises InvalidData listing every problem."""
        assert self.token is not None
        assert not self.keeps_rules, "setup never overwrites an existing or managed policy"
        timezone = self.api.get_policy(self.token).timezone
        free = self.accounts_page.chosen()[1]
        profile = self.profile()
        return from_data(
            Policy,
            {
                "timezone": timezone,
                "default_profile": PROFILE_ID,
                "profiles": (profile,),
                "unrestricted_accounts": free,
                "reports": new_reports_data(),
            },
        )


def allowed_minutes(windows: Sequence[AllowedWindow]) -> int:
    """How many minutes of a day its allowed hours leave, at most a whole day."""
    return min(MINUTES_PER_DAY, sum(w.minutes for w in windows))


def _day_time(budget: int | None, windows: Sequence[AllowedWindow]) -> str:
    """A day's hours and time in one sentence: the time never reads longer than the hours."""
    spans = QLocale().createSeparatedList([window_text(w) for w in windows])
    if not windows or budget == 0:
        return translate("FirstRunWizard", "not allowed")
    if budget is None or budget >= allowed_minutes(windows):
        return translate("FirstRunWizard", "%1, any time within those hours").replace("%1", spans)
    return (
        translate("FirstRunWizard", "%1, %2 in all")
        .replace("%1", spans)
        .replace("%2", format_duration(budget * 60))
    )


def day_lines(days: EffectiveProfile) -> list[str]:
    """School days and weekends in words; days that differ from the rest are named alone."""
    groups: dict[tuple[int | None, tuple[AllowedWindow, ...]], list[int]] = {}
    for number in range(7):
        groups.setdefault((days.budgets[number], days.hours[number]), []).append(number)
    lines = []
    for (budget, windows), numbers in groups.items():
        if numbers == [0, 1, 2, 3, 4]:
            when = translate("FirstRunWizard", "Monday to Friday")
        elif numbers == [5, 6]:
            when = translate("FirstRunWizard", "Saturday and Sunday")
        elif numbers == list(range(7)):
            when = translate("FirstRunWizard", "Every day")
        else:
            when = QLocale().createSeparatedList([day_name(DAYS[n]) for n in numbers])
        lines.append(
            translate("FirstRunWizard", "%1: %2")
            .replace("%1", when)
            .replace("%2", _day_time(budget, windows))
        )
    return lines


class _Page(QWizardPage):
    def guardian(self) -> FirstRunWizard:
        """The wizard this page belongs to, with the answers of the other pages."""
        wizard = self.wizard()
        assert isinstance(wizard, FirstRunWizard)
        return wizard


class WelcomePage(_Page):
    """What Guardian does and what the next minutes will ask."""

    def __init__(self) -> None:
        super().__init__()
        self.setTitle(self.tr("Welcome to Guardian"))
        layout = QVBoxLayout(self)
        layout.addWidget(
            _label(
                self.tr(
                    "Guardian limits how long and when a child may use this computer. "
                    "Everything is decided on this computer; no account on the internet "
                    "is needed."
                )
            )
        )
        self.steps = _label("")
        layout.addWidget(self.steps)
        layout.addStretch()

    def initializePage(self) -> None:
        """Say what the next steps are: the whole setup, or only the password."""
        if self.guardian().keeps_rules:
            self.steps.setText(
                self.tr(
                    "This computer already has rules for Guardian. In the next step you set "
                    "a parent password; the rules stay as they are, and you can change them "
                    "later in the settings."
                )
            )
        else:
            self.steps.setText(
                self.tr(
                    "In the next steps you set a parent password, choose the child's "
                    "account, an age preset and the daily screen time. You can change all "
                    "of it later in the settings."
                )
            )


class PasswordPage(_Page):
    """The parent password, typed twice; set with the service when leaving the page."""

    def __init__(self) -> None:
        super().__init__()
        self.setTitle(self.tr("Parent password"))
        self.setSubTitle(
            self.tr(
                "The password protects the settings. Choose one the child does not know, "
                "at least %n characters long.",
                None,
                MIN_PASSWORD_LENGTH,
            )
        )
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.confirm_edit = QLineEdit()
        self.confirm_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = _error_label()
        form = QFormLayout(self)
        form.addRow(self.tr("&Password:"), self.password_edit)
        form.addRow(self.tr("&Repeat it:"), self.confirm_edit)
        form.addRow(self.error)

    def validatePage(self) -> bool:
        """Set the password now: the next pages need the token the service returns."""
        password = self.password_edit.text()
        problem = password_problem(password, self.confirm_edit.text())
        if problem is not None:
            _show_error(self.error, problem)
            return False
        wizard = self.guardian()
        try:
            wizard.token = wizard.api.set_password(wizard.token, password)
        except ApiError as error:
            _show_error(
                self.error,
                self.tr("The service did not accept the password: %1").replace(
                    "%1", api_error_text(error)
                ),
            )
            return False
        _show_error(self.error, "")
        # The service answers surely now that it took the password: ask again.
        wizard.read_setup_state()
        return True

    def nextId(self) -> int:
        """The rest of setup, or straight to the end when the existing rules are kept."""
        wizard = self.guardian()
        return wizard.pageIds()[-1] if wizard.keeps_rules else super().nextId()


class AccountsPage(_Page):
    """Whose account is the child's; the others may be left unrestricted."""

    def __init__(self) -> None:
        super().__init__()
        self.setTitle(self.tr("The child's account"))
        self.setSubTitle(
            self.tr(
                "Choose the accounts the child uses. Accounts marked “not restricted” are "
                "never limited; accounts created later are restricted."
            )
        )
        self.name_edit = QLineEdit(self.tr("Child"))
        self.name_edit.setMaxLength(64)
        self.role_boxes: dict[str, QComboBox] = {}
        self.me = ""
        """The account running setup: never restricted unless the parent makes it a child's."""
        self._grid = QGridLayout()
        self.error = _error_label()
        self._admin_note = _label(
            self.tr(
                "⚠ marks an administrator account. A child using an administrator account "
                "can get around the limits; give the child a standard account."
            )
        )
        self._admin_note.hide()
        self._proposal = _label("")
        self._proposal.hide()
        name_form = QFormLayout()
        name_form.addRow(self.tr("Child's &name:"), self.name_edit)
        layout = QVBoxLayout(self)
        layout.addLayout(name_form)
        layout.addWidget(self._proposal)
        layout.addLayout(self._grid)
        layout.addWidget(self._admin_note)
        layout.addWidget(self.error)
        layout.addStretch()

    def initializePage(self) -> None:
        """List the computer's accounts once; later visits keep the choices made."""
        if self.role_boxes:
            return
        wizard = self.guardian()
        assert wizard.token is not None
        try:
            accounts = wizard.api.accounts(wizard.token)
        except ApiError:
            accounts = []
            _show_error(
                self.error,
                self.tr(
                    "The accounts on this computer could not be listed. Every account will "
                    "be restricted; you can change this later in the settings."
                ),
            )
        try:
            self.me = wizard.api.status().account
        except ApiError:
            self.me = ""
        warning = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        # Whoever runs setup, and any administrator, is most likely a parent. Of the rest, one
        # standard account is the plain choice and is proposed; among several the parent says
        # for each one whose it is, nothing is taken for a child's unasked.
        candidates = [a["name"] for a in accounts if a["name"] != self.me and not a.get("is_admin")]
        for row, account in enumerate(accounts):
            name = account["name"]
            if name == self.me or account.get("is_admin"):
                role: str | None = ROLE_FREE
            elif len(candidates) == 1:
                role = ROLE_CHILD
            else:
                role = None
            self._add_account(row, account, name == self.me, role, warning.pixmap(16, 16))
        self._grid.setColumnStretch(3, 1)
        if len(candidates) == 1:
            self._proposal.setText(
                self.tr(
                    "%1 is the only standard account besides yours, so it is proposed as the "
                    "child's. Change it if that is wrong."
                ).replace("%1", candidates[0])
            )
        elif candidates:
            self._proposal.setText(
                self.tr("Say for each account whether it is the child's or not restricted.")
            )
        self._proposal.setVisible(bool(candidates))

    def _add_account(
        self, row: int, account: dict[str, Any], me: bool, role: str | None, warning: QPixmap
    ) -> None:
        name = account["name"]
        full = account.get("full_name") or name
        text = f"{full} ({name})"
        if me:
            text = self.tr("%1 — this account").replace("%1", text)
        label = QLabel(text)
        box = QComboBox()
        box.addItem(self.tr("Choose…"), None)
        box.addItem(self.tr("Child — restricted"), ROLE_CHILD)
        box.addItem(self.tr("Not restricted"), ROLE_FREE)
        box.setAccessibleName(self.tr("Role of %1").replace("%1", name))
        admin = bool(account.get("is_admin"))
        box.setCurrentIndex(box.findData(role) if role is not None else 0)
        label.setBuddy(box)
        self._grid.addWidget(label, row, 0)
        if admin:
            flag = QLabel()
            flag.setPixmap(warning)
            flag.setToolTip(self.tr("Administrator account"))
            flag.setAccessibleName(self.tr("Administrator account"))
            self._grid.addWidget(flag, row, 1)
            self._admin_note.show()
        self._grid.addWidget(box, row, 2)
        self.role_boxes[name] = box

    def child_name(self) -> str:
        """The name the parent gave the child's profile."""
        return self.name_edit.text().strip()

    def chosen(self) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """The child's accounts and the accounts left unrestricted, the one running setup
        among them unless it was made a child's."""
        children = tuple(a for a, box in self.role_boxes.items() if box.currentData() == ROLE_CHILD)
        free = tuple(a for a, box in self.role_boxes.items() if box.currentData() == ROLE_FREE)
        if self.me and self.me not in children and self.me not in free:
            free += (self.me,)
        return children, free

    def validatePage(self) -> bool:
        """A name, and a child account when there are accounts to choose from."""
        if not self.child_name():
            _show_error(self.error, self.tr("Give the child's profile a name."))
            return False
        unanswered = [a for a, box in self.role_boxes.items() if box.currentData() is None]
        if unanswered:
            _show_error(
                self.error,
                self.tr("Say whether these accounts are the child's or not restricted: %1").replace(
                    "%1", ", ".join(unanswered)
                ),
            )
            return False
        if self.role_boxes and not self.chosen()[0]:
            _show_error(self.error, self.tr("Choose at least one account the child uses."))
            return False
        _show_error(self.error, "")
        return True


class PresetPage(_Page):
    """The age preset, each with a line saying what it allows."""

    def __init__(self) -> None:
        super().__init__()
        self.setTitle(self.tr("Age"))
        self.setSubTitle(
            self.tr("Pick the child's age group; it fills in sensible times you can adjust.")
        )
        self.buttons = QButtonGroup(self)
        self.radios: dict[AgePreset, QRadioButton] = {}
        self.descriptions: dict[AgePreset, QLabel] = {}
        layout = QVBoxLayout(self)
        layout.addWidget(
            _label(
                self.tr(
                    "The labels are the age ratings used for films and games (0+, 6+, 12+, "
                    "16+, 18+): each names the youngest age it is meant for."
                )
            )
        )
        for preset in PRESETS:
            radio = QRadioButton(preset_title(preset))
            radio.setAccessibleDescription(preset_meaning(preset))
            description = _label(preset_meaning(preset))
            self.descriptions[preset] = description
            description.setIndent(24)
            self.buttons.addButton(radio)
            self.radios[preset] = radio
            layout.addWidget(radio)
            layout.addWidget(description)
        self.radios[AgePreset.AGE_12].setChecked(True)
        layout.addStretch()

    def preset(self) -> AgePreset:
        """The preset chosen."""
        return next(p for p, radio in self.radios.items() if radio.isChecked())


class BudgetPage(_Page):
    """Minutes a day on school days and at weekends, filled from the preset."""

    def __init__(self) -> None:
        super().__init__()
        self.setTitle(self.tr("Screen time"))
        self.setSubTitle(self.tr("How long may the computer be used each day?"))
        self._filled_for: AgePreset | None = None
        self.weekday_spin, self.weekday_unlimited = self._budget_row()
        self.weekend_spin, self.weekend_unlimited = self._budget_row()
        form = QFormLayout(self)
        form.addRow(
            self.tr("&Monday to Friday:"), self._pair(self.weekday_spin, self.weekday_unlimited)
        )
        form.addRow(
            self.tr("&Saturday and Sunday:"), self._pair(self.weekend_spin, self.weekend_unlimited)
        )
        form.addRow(
            _label(
                self.tr(
                    "The allowed hours come from the age preset; change them, and each "
                    "day's time, later in the settings."
                )
            )
        )

    def _budget_row(self) -> tuple[QSpinBox, QCheckBox]:
        spin = QSpinBox()
        spin.setRange(0, MINUTES_PER_DAY)
        spin.setSingleStep(15)
        spin.setSuffix(self.tr(" min"))
        check = QCheckBox(self.tr("Unlimited"))
        check.toggled.connect(lambda on: spin.setEnabled(not on))
        return spin, check

    @staticmethod
    def _pair(spin: QSpinBox, check: QCheckBox) -> QWidget:
        box = QWidget()
        row = QGridLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(spin, 0, 0)
        row.addWidget(check, 0, 1, Qt.AlignmentFlag.AlignLeft)
        row.setColumnStretch(2, 1)
        return box

    def initializePage(self) -> None:
        """Fill in the preset's minutes, unless the same preset already filled them; a day's
        time can be at most as long as its allowed hours."""
        preset = self.guardian().preset_page.preset()
        values = PRESETS[preset]
        self.weekday_spin.setMaximum(allowed_minutes(values.weekday_hours))
        self.weekend_spin.setMaximum(allowed_minutes(values.weekend_hours))
        if preset == self._filled_for:
            return
        self._filled_for = preset
        for spin, check, minutes in (
            (self.weekday_spin, self.weekday_unlimited, values.weekday_budget),
            (self.weekend_spin, self.weekend_unlimited, values.weekend_budget),
        ):
            check.setChecked(minutes is None)
            spin.setValue(0 if minutes is None else minutes)

    def _minutes(self, spin: QSpinBox, check: QCheckBox) -> int | None:
        return None if check.isChecked() else spin.value()

    def daily_budget(self) -> dict[Weekday, BudgetMinutes]:
        """The days whose minutes differ from the preset's; the others follow the preset."""
        values = PRESETS[self.guardian().preset_page.preset()]
        weekday = self._minutes(self.weekday_spin, self.weekday_unlimited)
        weekend = self._minutes(self.weekend_spin, self.weekend_unlimited)
        budget: dict[Weekday, BudgetMinutes] = {}
        for day in Weekday:
            weekend_day = day in WEEKEND
            chosen = weekend if weekend_day else weekday
            preset = values.weekend_budget if weekend_day else values.weekday_budget
            if chosen != preset:
                budget[day] = "unlimited" if chosen is None else chosen
        return budget


class SummaryPage(_Page):
    """What will be saved; Finish sends the policy to the service."""

    def __init__(self) -> None:
        super().__init__()
        self.setTitle(self.tr("Ready"))
        self.setSubTitle(self.tr("Check the settings, then press Finish to start protecting."))
        self.summary = _label("")
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.error = _error_label()
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.error)
        layout.addStretch()

    def initializePage(self) -> None:
        """Sum up the answers, the times read off the profile that Finish saves."""
        wizard = self.guardian()
        children, free = wizard.accounts_page.chosen()
        none = self.tr("none")
        lines = [
            self.tr("Profile: %1").replace("%1", wizard.accounts_page.child_name()),
            self.tr("Child's accounts: %1").replace("%1", ", ".join(children) or none),
            self.tr("Not restricted: %1").replace("%1", ", ".join(free) or none),
            self.tr("Age preset: %1").replace("%1", preset_title(wizard.preset_page.preset())),
        ]
        try:
            days = effective_profile(wizard.profile())
        except InvalidData as error:
            _show_error(
                self.error, "\n".join(error_lines(error, wizard.accounts_page.child_name()))
            )
        else:
            lines += day_lines(days)
            _show_error(self.error, "")
        lines += [
            "",
            self.tr("Every other account, and any account created later, is restricted too."),
        ]
        self.summary.setText("\n".join(lines))

    def validatePage(self) -> bool:
        """Send the policy; on a problem say what it is and stay on the page."""
        wizard = self.guardian()
        try:
            policy = wizard.build_policy()
        except InvalidData as error:
            lines = error_lines(error, wizard.accounts_page.child_name())
            _show_error(self.error, "\n".join(lines))
            return False
        try:
            assert wizard.token is not None
            wizard.api.set_policy(wizard.token, policy)
        except ApiError as error:
            _show_error(
                self.error,
                self.tr("The service did not accept the settings: %1").replace(
                    "%1", api_error_text(error)
                ),
            )
            return False
        wizard.policy = policy
        return True

    def nextId(self) -> int:
        """The last page of setup that writes a policy."""
        return -1


class KeptRulesPage(_Page):
    """The end of setup when rules already exist: the password is set, the rules stay."""

    def __init__(self) -> None:
        super().__init__()
        self.setTitle(self.tr("Ready"))
        self.note = _label("")
        self.note.setObjectName("kept-rules")
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addStretch()

    def initializePage(self) -> None:
        """Say which rules stay, and where to change them."""
        setup = self.guardian().setup
        if setup is not None and setup.managed:
            text = self.tr(
                "The parent password is set. The rules on this computer are managed by your "
                "school or organisation; Guardian keeps them and setup changes nothing else."
            )
        elif setup is not None:
            text = self.tr(
                "The parent password is set. This computer already has rules for Guardian; "
                "they stay as they are. Change them any time in the parent settings."
            )
        else:
            text = self.tr(
                "The parent password is set. Guardian could not tell whether rules already "
                "exist, so it changed none; set them in the parent settings."
            )
        self.note.setText(text)

    def nextId(self) -> int:
        """The last page."""
        return -1
