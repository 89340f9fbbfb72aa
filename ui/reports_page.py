"""The Weekly summary page of the parent's settings: when summaries are written, where, in
which formats and language, and mailing them.

The settings live in the policy (`Policy.reports`) and are saved with the rest of it; the mail
password does not: it goes straight to the service's secret store. "Send a test" asks the
service to mail a test message with the saved settings; the outcome arrives as an event and is
told as advice. The service is asked about the schedule (next run, last files written,
messages waiting) only when the page is first shown, so opening the settings stays quick.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QDate, QDateTime, QLocale, Qt, QTime, QTimer
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from guardian.api import ApiError
from guardian.ipc.protocol import ServiceUnavailable
from guardian.placeholders import fill
from rules.reports import MAX_KEEP_WEEKS, MailSecurity, ReportFormat, ReportLanguage
from rules.timeofday import Weekday
from ui.bridge import ApiBridge
from ui.event_texts import mail_reason_text
from ui.managed_locks import ManagedLocks
from ui.policy_draft import MailDraft, ReportsDraft
from ui.sites_page import split_entries
from ui.texts import ERROR_STYLE, clock_format
from ui.week_grid import day_name
from ui.week_hours import DAYS

if TYPE_CHECKING:
    from ui.settings import SettingsDialog

log = logging.getLogger(__name__)
translate = QCoreApplication.translate

OK_STYLE = "color: #1e6b34;"
TEST_MAIL_WAIT_MS = 90_000
"""How long "Send a test" waits for the service to say how the test went."""
FORMAT_LABELS = {
    ReportFormat.HTML: "HTML",
    ReportFormat.PDF: "PDF",
    ReportFormat.CSV: "CSV",
    ReportFormat.JSON: "JSON",
}
LANGUAGE_NAMES = {ReportLanguage.EN: "English", ReportLanguage.RU: "Русский"}
"""Each language under its own name, as on the Language page."""


def security_label(security: MailSecurity) -> str:
    """A mail security choice as the parent reads it."""
    labels = {
        MailSecurity.STARTTLS: translate("ReportsPage", "STARTTLS (usually port 587)"),
        MailSecurity.TLS: translate("ReportsPage", "TLS from the start (usually port 465)"),
        MailSecurity.NONE: translate("ReportsPage", "None: only for a mail relay on this computer"),
    }
    return labels[security]


def mail_outcome_text(ok: bool, reason: str) -> str:
    """How a test mail went, as a sentence with advice."""
    if ok:
        return translate("ReportsPage", "The test message was sent. Check the recipients' inboxes.")
    return translate("ReportsPage", "The test message was not sent: %1").replace(
        "%1", mail_reason_text(reason or None)
    )


def instant_text(value: object) -> str:
    """An ISO instant from the service in the reader's date and time format."""
    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError:
        return str(value)
    when = QDateTime(
        QDate(moment.year, moment.month, moment.day), QTime(moment.hour, moment.minute)
    )
    return QLocale().toString(when, QLocale.FormatType.ShortFormat)


def status_lines(status: dict[str, Any]) -> list[str]:
    """What the service says about the summaries: next run, last files, mail waiting."""
    lines = []
    if status.get("next_run"):
        lines.append(
            translate("ReportsPage", "Next summary: %1").replace(
                "%1", instant_text(status["next_run"])
            )
        )
    else:
        lines.append(translate("ReportsPage", "No summary is scheduled."))
    written = status.get("written") or []
    if status.get("last_run"):
        lines.append(
            fill(
                translate("ReportsPage", "Last written: %1 into %3 (files: %2)"),
                instant_text(status["last_run"]),
                QLocale().toString(len(written)),
                str(status.get("folder") or ""),
            )
        )
    outbox = int(status.get("outbox") or 0)
    if outbox:
        lines.append(
            translate("ReportsPage", "Messages waiting to be sent: %1").replace(
                "%1", QLocale().toString(outbox)
            )
        )
    if status.get("error"):
        lines.append(
            translate("ReportsPage", "Last problem: %1").replace("%1", str(status["error"]))
        )
    return lines


def _form(box: QGroupBox) -> QFormLayout:
    """A form whose fields keep their own width, as on the other pages."""
    form = QFormLayout(box)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
    return form


def _buddy(text: str, field: QWidget) -> QLabel:
    """A row's label whose mnemonic moves to `field` (a row holding several widgets)."""
    label = QLabel(text)
    label.setBuddy(field)
    return label


class ReportsPage(QWidget):
    """Weekly summary: the schedule, folder, formats and language, and e-mail."""

    def __init__(self, dialog: SettingsDialog) -> None:
        super().__init__()
        self._dialog = dialog
        self._asked = False
        self._loading = False
        self._test_id: str | None = None
        """The test message waited for; "" while the service is still being asked."""
        self._heard: dict[str, tuple[bool, str]] = {}
        """Outcomes that arrived while the service was still being asked: a test that fails
        at once is told before its id is returned."""
        self._bridge = ApiBridge(dialog.api, self)
        self._bridge.reportMail.connect(self._on_report_mail)
        # Stop listening with the dialog: the service must not call into a deleted page.
        stop = self._bridge.close
        dialog.finished.connect(lambda _result: stop())
        self.destroyed.connect(lambda _page=None: stop())
        self._test_timer = QTimer(self)
        self._test_timer.setObjectName("reports-test-mail-wait")
        self._test_timer.setSingleShot(True)
        self._test_timer.setInterval(TEST_MAIL_WAIT_MS)
        self._test_timer.timeout.connect(self._test_unanswered)

        self.enabled_check = QCheckBox(self.tr("Write a summary of each profile's week"))
        self.enabled_check.toggled.connect(self._edited)
        self.weekday_box = self._day_box()
        self.weekday_box.setAccessibleName(self.tr("Day the summary is written"))
        self.time_edit = QTimeEdit()
        self.time_edit.setDisplayFormat(clock_format())
        self.time_edit.setAccessibleName(self.tr("Time the summary is written"))
        self.time_edit.timeChanged.connect(self._edited)
        when = QHBoxLayout()
        when.addWidget(self.weekday_box)
        when.addWidget(QLabel(self.tr("at")))
        when.addWidget(self.time_edit)
        when.addStretch()
        self.folder_edit = QLineEdit()
        self.folder_edit.setPlaceholderText(self.tr("Guardian's own reports folder"))
        self.folder_edit.setMinimumWidth(420)
        self.folder_edit.textEdited.connect(self._edited)
        self.browse_button = QPushButton(self.tr("Browse…"))
        self.browse_button.clicked.connect(self.browse)
        folder = QHBoxLayout()
        folder.addWidget(self.folder_edit, 1)
        folder.addWidget(self.browse_button)
        self.keep_spin = QSpinBox()
        self.keep_spin.setRange(1, MAX_KEEP_WEEKS)
        self.keep_spin.setSuffix(self.tr(" weeks"))
        self.keep_spin.valueChanged.connect(self._edited)
        self.format_checks: dict[ReportFormat, QCheckBox] = {}
        formats = QHBoxLayout()
        for code, label in FORMAT_LABELS.items():
            check = QCheckBox(label)
            check.toggled.connect(self._edited)
            self.format_checks[code] = check
            formats.addWidget(check)
        formats.addStretch()
        self.language_box = QComboBox()
        for language, name in LANGUAGE_NAMES.items():
            self.language_box.addItem(name, language)
        self.language_box.currentIndexChanged.connect(self._edited)
        self.week_starts_box = self._day_box()

        schedule = QGroupBox(self.tr("Weekly summary"))
        form = _form(schedule)
        form.addRow(self.enabled_check)
        form.addRow(_buddy(self.tr("&Written on:"), self.weekday_box), when)
        form.addRow(_buddy(self.tr("&Folder:"), self.folder_edit), folder)
        form.addRow(self.tr("&Keep the last:"), self.keep_spin)
        form.addRow(self.tr("Formats:"), formats)
        form.addRow(self.tr("&Language:"), self.language_box)
        form.addRow(self.tr("&Weeks start on:"), self.week_starts_box)
        note = QLabel(
            self.tr(
                "The folder may be on a network share. On the chosen day the summary of the "
                "week that ended last is written: the day a week starts gives the whole week "
                "just ended, its last day gives that week as it stands."
            )
        )
        note.setWordWrap(True)
        form.addRow(note)

        self.mail_check = QCheckBox(self.tr("Send each summary by e-mail"))
        self.mail_check.toggled.connect(self._edited)
        self.host_edit = QLineEdit()
        self.host_edit.setPlaceholderText("smtp.example.com")
        self.host_edit.textEdited.connect(self._edited)
        self.port_spin = QSpinBox()
        self.port_spin.setRange(1, 65535)
        self.port_spin.valueChanged.connect(self._edited)
        self.security_box = QComboBox()
        for security in MailSecurity:
            self.security_box.addItem(security_label(security), security)
        self.security_box.currentIndexChanged.connect(self._on_security)
        self.username_edit = QLineEdit()
        self.username_edit.textEdited.connect(self._edited)
        self.sender_edit = QLineEdit()
        self.sender_edit.setPlaceholderText(self.tr("the user name, if it is an address"))
        self.sender_edit.textEdited.connect(self._edited)
        self.recipients_edit = QLineEdit()
        self.recipients_edit.setPlaceholderText("parent@example.com, other@example.com")
        self.recipients_edit.textEdited.connect(self._edited)
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setAccessibleName(self.tr("Mail password"))
        self.password_button = QPushButton(self.tr("Set password"))
        self.password_button.clicked.connect(self.set_password)
        self.clear_password_button = QPushButton(self.tr("Forget password"))
        self.clear_password_button.clicked.connect(self.clear_password)
        password = QHBoxLayout()
        password.addWidget(self.password_edit, 1)
        password.addWidget(self.password_button)
        password.addWidget(self.clear_password_button)
        self.password_state = QLabel()
        self.password_state.setObjectName("reports-password-state")
        self.password_state.setWordWrap(True)
        self.test_button = QPushButton(self.tr("Send a test"))
        self.test_button.clicked.connect(self.send_test)
        self.test_result = QLabel()
        self.test_result.setObjectName("reports-test-result")
        self.test_result.setWordWrap(True)
        self.test_result.setTextFormat(Qt.TextFormat.PlainText)
        test_row = QHBoxLayout()
        test_row.addWidget(self.test_button)
        test_row.addWidget(self.test_result, 1)

        self.mail_group = QGroupBox(self.tr("E-mail"))
        mail_form = _form(self.mail_group)
        mail_form.addRow(self.mail_check)
        mail_form.addRow(self.tr("Mail &server:"), self.host_edit)
        mail_form.addRow(self.tr("&Port:"), self.port_spin)
        mail_form.addRow(self.tr("S&ecurity:"), self.security_box)
        mail_form.addRow(self.tr("&User name:"), self.username_edit)
        mail_form.addRow(self.tr("&Sender:"), self.sender_edit)
        mail_form.addRow(self.tr("&Recipients:"), self.recipients_edit)
        mail_form.addRow(_buddy(self.tr("Pass&word:"), self.password_edit), password)
        mail_form.addRow(self.password_state)
        mail_form.addRow(test_row)
        for edit, width in (
            (self.host_edit, 280),
            (self.username_edit, 280),
            (self.sender_edit, 280),
            (self.recipients_edit, 420),
            (self.password_edit, 240),
        ):
            edit.setMinimumWidth(width)
        self._mail_fields: list[QWidget] = [
            self.host_edit,
            self.port_spin,
            self.security_box,
            self.username_edit,
            self.sender_edit,
            self.recipients_edit,
        ]

        self.status_label = QLabel()
        self.status_label.setObjectName("reports-status")
        self.status_label.setWordWrap(True)
        self.status_label.setTextFormat(Qt.TextFormat.PlainText)
        self.status_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        status_box = QGroupBox(self.tr("Now"))
        status_layout = QVBoxLayout(status_box)
        status_layout.addWidget(self.status_label)

        layout = QVBoxLayout(self)
        layout.addWidget(schedule)
        layout.addWidget(self.mail_group)
        layout.addWidget(status_box)
        layout.addStretch()
        self.load(dialog.draft.reports)

    @staticmethod
    def _day_box() -> QComboBox:
        box = QComboBox()
        for day in DAYS:
            box.addItem(day_name(day), day)
        return box

    # Loading and editing ---------------------------------------------------------------------

    @property
    def draft(self) -> ReportsDraft:
        """The settings being edited (part of the dialog's policy draft)."""
        return self._dialog.draft.reports

    def load(self, reports: ReportsDraft) -> None:
        """Show the settings."""
        self._loading = True
        try:
            self.enabled_check.setChecked(reports.enabled)
            self.weekday_box.setCurrentIndex(self.weekday_box.findData(reports.weekday))
            self.time_edit.setTime(QTime.fromString(reports.time, "HH:mm"))
            self.folder_edit.setText(reports.folder)
            self.keep_spin.setValue(reports.keep_weeks)
            for code, check in self.format_checks.items():
                check.setChecked(code in reports.formats)
            self.language_box.setCurrentIndex(self.language_box.findData(reports.language))
            self.week_starts_box.setCurrentIndex(self.week_starts_box.findData(reports.week_starts))
            mail = reports.mail
            self.mail_check.setChecked(mail.enabled)
            self.host_edit.setText(mail.host)
            self.port_spin.setValue(mail.port)
            self.security_box.setCurrentIndex(self.security_box.findData(mail.security))
            self.username_edit.setText(mail.username)
            self.sender_edit.setText(mail.sender)
            self.recipients_edit.setText(", ".join(mail.recipients))
        finally:
            self._loading = False
        self._update_enabled()

    def _edited(self) -> None:
        """Copy every field into the draft; validation waits for Apply."""
        if self._loading:
            return
        draft = self.draft
        draft.enabled = self.enabled_check.isChecked()
        draft.weekday = Weekday(self.weekday_box.currentData())
        draft.time = self.time_edit.time().toString("HH:mm")
        draft.folder = self.folder_edit.text()
        draft.keep_weeks = self.keep_spin.value()
        draft.formats = [code for code, check in self.format_checks.items() if check.isChecked()]
        draft.language = ReportLanguage(self.language_box.currentData())
        draft.week_starts = Weekday(self.week_starts_box.currentData())
        draft.mail = MailDraft(
            enabled=self.mail_check.isChecked(),
            host=self.host_edit.text(),
            port=self.port_spin.value(),
            security=MailSecurity(self.security_box.currentData()),
            username=self.username_edit.text(),
            sender=self.sender_edit.text(),
            recipients=split_entries(self.recipients_edit.text()),
        )
        self._update_enabled()

    def _on_security(self) -> None:
        """Offer the usual port of the chosen security, unless the parent typed another."""
        if self._loading:
            return
        usual = {MailSecurity.STARTTLS: 587, MailSecurity.TLS: 465, MailSecurity.NONE: 25}
        if self.port_spin.value() in usual.values():
            self._loading = True
            self.port_spin.setValue(usual[MailSecurity(self.security_box.currentData())])
            self._loading = False
        self._edited()

    def _update_enabled(self) -> None:
        on = self.enabled_check.isChecked()
        for widget in (
            self.weekday_box,
            self.time_edit,
            self.folder_edit,
            self.browse_button,
            self.keep_spin,
            self.language_box,
            self.week_starts_box,
            *self.format_checks.values(),
        ):
            widget.setEnabled(on)
        mail = self.mail_check.isChecked()
        for widget in self._mail_fields:
            widget.setEnabled(mail)
        self._dialog.locks.reapply()

    def lock(self, locks: ManagedLocks) -> None:
        """Lock the fields a managed policy sets (the same for every profile)."""
        labels = {label.buddy(): label for label in self.findChildren(QLabel) if label.buddy()}
        for widget, name in (
            (self.enabled_check, "enabled"),
            (self.weekday_box, "weekday"),
            (self.time_edit, "time"),
            (self.folder_edit, "folder"),
            (self.browse_button, "folder"),
            (self.keep_spin, "keep_weeks"),
            (self.language_box, "language"),
            (self.week_starts_box, "week_starts"),
            (self.mail_check, "mail"),
            *((check, "formats") for check in self.format_checks.values()),
        ):
            locks.set(widget, [f"reports.{name}"], labels.get(widget))

    def browse(self) -> None:
        """Choose the folder in a dialog."""
        folder = QFileDialog.getExistingDirectory(
            self, self.tr("Folder for the weekly summaries"), self.folder_edit.text()
        )
        if folder:
            self.folder_edit.setText(folder)
            self._edited()

    # The service: status, password, test mail --------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        """Ask the service about the summaries the first time the page is shown."""
        super().showEvent(event)
        if not self._asked:
            self._asked = True
            self.refresh_status()

    def _call(self, method: str, params: dict[str, Any] | None = None) -> Any:
        return self._dialog.call(
            lambda token: self._dialog.api.call(method, {"token": token, **(params or {})})
        )

    def refresh_status(self) -> None:
        """Read and show the schedule, the last files written and the mail waiting."""
        try:
            status = self._call("reports.status")
        except ApiError as error:
            log.warning("the summaries' status could not be read: %s", error)
            self.status_label.setText(self._unavailable_text(error))
            self.password_state.clear()
            return
        if not isinstance(status, dict):
            self.status_label.setText(self.tr("The service's answer could not be read."))
            return
        self.status_label.setText("\n".join(status_lines(status)))
        self.password_state.setText(
            self.tr("A mail password is stored.")
            if status.get("mail_password_set")
            else self.tr("No mail password is stored.")
        )

    def _unavailable_text(self, error: ApiError) -> str:
        if isinstance(error, ServiceUnavailable):
            return self.tr("Guardian's service is not running, so its schedule is not known.")
        return self.tr("This computer's Guardian does not say when summaries are written.")

    def set_password(self) -> None:
        """Store the typed mail password in the service's secret store."""
        password = self.password_edit.text()
        if not password:
            self._say(self.password_state, self.tr("Type the password first."), error=True)
            return
        self._store_password(password)

    def clear_password(self) -> None:
        """Remove the stored mail password."""
        self._store_password("")

    def _store_password(self, password: str) -> None:
        try:
            self._call("reports.set_mail_password", {"password": password})
        except ApiError as error:
            log.warning("the mail password was not stored: %s", error)
            self._say(
                self.password_state,
                self.tr("The password was not stored. Try again in a moment."),
                error=True,
            )
            return
        self.password_edit.clear()
        text = (
            self.tr("The mail password was stored.")
            if password
            else self.tr("The mail password was removed.")
        )
        self._say(self.password_state, text, error=False)

    def saved_mail_differs(self) -> bool:
        """Whether the mail settings were edited since they were last saved."""
        saved = MailDraft.of(self._dialog.saved_policy.reports.mail)
        return self.draft.mail.data() != saved.data()

    def send_test(self) -> None:
        """Ask the service to mail a test message with the saved settings."""
        if self._dialog.saved_policy.reports.mail is None:
            self._say(
                self.test_result,
                self.tr("Turn e-mail on and apply the settings before sending a test."),
                error=True,
            )
            return
        if self.saved_mail_differs():
            self._say(
                self.test_result,
                self.tr("Apply the settings first: the test uses the saved mail settings."),
                error=True,
            )
            return
        self._test_id = ""
        self._heard.clear()
        try:
            answer = self._call("reports.test_mail")
        except ApiError as error:
            self._test_id = None
            log.warning("the test mail was not started: %s", error)
            self._say(
                self.test_result,
                self.tr("The test could not be started. Try again in a moment."),
                error=True,
            )
            return
        ident = str(answer.get("id", "")) if isinstance(answer, dict) else ""
        self._test_id = ident
        self.test_button.setEnabled(False)
        self._test_timer.start()
        self._say(self.test_result, self.tr("Sending a test message…"), error=False)
        if ident in self._heard:
            self._on_report_mail(ident, *self._heard.pop(ident))

    def _on_report_mail(self, message_id: str, ok: bool, reason: str) -> None:
        """The service says how the test went."""
        if self._test_id == "":
            self._heard[message_id] = (ok, reason)
            return
        if self._test_id is None or message_id != self._test_id:
            return
        self._test_id = None
        self._heard.clear()
        self._test_timer.stop()
        self.test_button.setEnabled(True)
        self._say(self.test_result, mail_outcome_text(ok, reason), error=not ok)
        self.refresh_status()

    def _test_unanswered(self) -> None:
        self._test_id = None
        self.test_button.setEnabled(True)
        self._say(
            self.test_result,
            self.tr(
                "The service has not said how the test went. Messages that could not be sent "
                "are kept and tried again; see “Now” below."
            ),
            error=True,
        )

    @staticmethod
    def _say(label: QLabel, text: str, *, error: bool) -> None:
        label.setText(text)
        label.setStyleSheet(ERROR_STYLE if error else OK_STYLE)
