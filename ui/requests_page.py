"""The Requests page of the parent's settings: children's requests waiting for an answer, those
answered in the last week, and approval from the parent's phone.

A request is answered in `AnswerDialog`. Approval from the phone needs no internet and no
account: the parent sets up a standard authenticator app once with a QR code; later the child
reads out a request's code and the parent reads back the six-digit code the app shows. How much
one code may give is part of the policy (`requests.code_minutes`) and is saved with the rest of
the settings.
"""

from __future__ import annotations

import io
import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap, QShowEvent
from PySide6.QtWidgets import (
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from guardian.api import ApiError, AuthRequired, WrongPassword
from guardian.placeholders import fill
from guardian.requests_client import (
    CodeStatus,
    Decision,
    Enrolment,
    RequestKind,
    RequestsClient,
    RequestView,
)
from ui.answer_dialog import AnswerDialog, send_answer
from ui.bridge import ApiBridge
from ui.managed_locks import ManagedLocks
from ui.request_texts_parent import (
    answer_error_text,
    is_site,
    outcome_text,
    what_text,
    when_text,
    who_text,
)
from ui.texts import ERROR_STYLE

if TYPE_CHECKING:
    from ui.settings import SettingsDialog

log = logging.getLogger(__name__)

OK_STYLE = "color: #1e6b34;"
QR_SCALE = 6
"""Pixels per module of the QR code: about 200 px for an otpauth address, easy for a phone."""
QR_BORDER = 4
"""The quiet zone around the code, in modules, as the QR standard asks."""
MIN_CODE_MINUTES = 5
MAX_CODE_MINUTES = 240


def qr_pixmap(text: str) -> QPixmap:
    """A QR code of `text` with its quiet zone, drawn at a scale a phone reads off a screen."""
    import segno

    buffer = io.BytesIO()
    segno.make(text, error="m").save(buffer, kind="png", scale=QR_SCALE, border=QR_BORDER)
    pixmap = QPixmap()
    if not pixmap.loadFromData(buffer.getvalue(), "PNG"):
        raise ValueError("the QR code could not be drawn")
    return pixmap


def grouped_secret(secret: str) -> str:
    """A base32 secret in groups of four, as authenticator apps accept it typed."""
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def show_requests_page(dialog: SettingsDialog) -> RequestsPage:
    """Turn the settings to the Requests page."""
    page = dialog.findChild(RequestsPage)
    if page is None:
        raise LookupError("the settings have no Requests page")
    for row in range(dialog.stack.count()):
        holder = dialog.stack.widget(row)
        if holder is not None and holder.isAncestorOf(page):
            dialog.pages.setCurrentRow(row)
            break
    return page


class RequestsPage(QWidget):
    """Requests: open ones with their answers, the last week's, and approval from the phone."""

    def __init__(self, dialog: SettingsDialog) -> None:
        super().__init__()
        self._dialog = dialog
        self._client = RequestsClient(dialog.api)
        self._asked = False
        self._requests: list[RequestView] = []
        self._enrolment: Enrolment | None = None
        self._answering = False
        """An answer dialog is open: the rows stay as they are until it closes."""
        self._bridge = ApiBridge(dialog.api, self)
        self._bridge.request.connect(self._on_event)
        self._bridge.requestAnswered.connect(self._on_event)
        # Stop listening with the dialog: the service must not call into a deleted page.
        stop = self._bridge.close
        dialog.finished.connect(lambda _result: stop())
        self.destroyed.connect(lambda _page=None: stop())

        self.open_box = QGroupBox(self.tr("Waiting for an answer"))
        self._open_rows = QVBoxLayout(self.open_box)
        self.answered_box = QGroupBox(self.tr("Answered in the last 7 days"))
        self._answered_rows = QVBoxLayout(self.answered_box)
        self.list_error = QLabel()
        self.list_error.setObjectName("requests-error")
        self.list_error.setWordWrap(True)
        self.list_error.setStyleSheet(ERROR_STYLE)
        self.list_error.hide()

        phone = QGroupBox(self.tr("Approve from your phone"))
        phone_layout = QVBoxLayout(phone)
        explain = QLabel()
        explain.setObjectName("codes-explained")
        explain.setWordWrap(True)
        self._explain = explain
        phone_layout.addWidget(explain)
        self.codes_state = QLabel()
        self.codes_state.setObjectName("codes-state")
        self.codes_state.setWordWrap(True)
        phone_layout.addWidget(self.codes_state)
        self.setup_button = QPushButton(self.tr("Set up…"))
        self.setup_button.setObjectName("codes-setup")
        self.setup_button.clicked.connect(self.begin_setup)
        self.off_button = QPushButton(self.tr("Turn off"))
        self.off_button.setObjectName("codes-off")
        self.off_button.clicked.connect(self.turn_off)
        buttons = QHBoxLayout()
        buttons.addWidget(self.setup_button)
        buttons.addWidget(self.off_button)
        buttons.addStretch()
        phone_layout.addLayout(buttons)

        self.enrol_box = QFrame()
        self.enrol_box.setObjectName("codes-enrol")
        enrol = QVBoxLayout(self.enrol_box)
        enrol.setContentsMargins(0, 0, 0, 0)
        enrol.addWidget(
            self._wrapped(
                self.tr(
                    "In the authenticator app, add an account and scan this code. If the app "
                    "cannot scan, type the key below it instead."
                )
            )
        )
        self.qr_label = QLabel()
        self.qr_label.setObjectName("codes-qr")
        self.qr_label.setAccessibleName(self.tr("QR code for the authenticator app"))
        enrol.addWidget(self.qr_label)
        self.secret_label = QLabel()
        self.secret_label.setObjectName("codes-secret")
        self.secret_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        mono = self.secret_label.font()
        mono.setFamily("monospace")
        mono.setPointSizeF(mono.pointSizeF() * 1.2)
        self.secret_label.setFont(mono)
        enrol.addWidget(self.secret_label)
        self.confirm_edit = QLineEdit()
        self.confirm_edit.setObjectName("codes-confirm-code")
        self.confirm_edit.setMaxLength(8)
        self.confirm_edit.setInputMask("")
        self.confirm_edit.setPlaceholderText("123456")
        self.confirm_edit.setMaximumWidth(120)
        self.confirm_edit.returnPressed.connect(self.confirm_setup)
        self.confirm_button = QPushButton(self.tr("Confirm"))
        self.confirm_button.setObjectName("codes-confirm")
        self.confirm_button.clicked.connect(self.confirm_setup)
        confirm = QHBoxLayout()
        confirm_label = QLabel(self.tr("&Code the app shows now:"))
        confirm_label.setBuddy(self.confirm_edit)
        confirm.addWidget(confirm_label)
        confirm.addWidget(self.confirm_edit)
        confirm.addWidget(self.confirm_button)
        confirm.addStretch()
        enrol.addLayout(confirm)
        self.enrol_box.hide()
        phone_layout.addWidget(self.enrol_box)
        self.codes_message = QLabel()
        self.codes_message.setObjectName("codes-message")
        self.codes_message.setWordWrap(True)
        phone_layout.addWidget(self.codes_message)

        self.code_minutes_spin = QSpinBox()
        self.code_minutes_spin.setObjectName("codes-minutes")
        self.code_minutes_spin.setRange(MIN_CODE_MINUTES, MAX_CODE_MINUTES)
        self.code_minutes_spin.setSingleStep(5)
        self.code_minutes_spin.setSuffix(self.tr(" min"))
        self.code_minutes_spin.valueChanged.connect(self._on_code_minutes)
        self._minutes_label = QLabel(self.tr("One code gives &at most:"))
        self._minutes_label.setBuddy(self.code_minutes_spin)
        minutes_row = QHBoxLayout()
        minutes_row.addWidget(self._minutes_label)
        minutes_row.addWidget(self.code_minutes_spin)
        minutes_row.addStretch()
        phone_layout.addLayout(minutes_row)

        layout = QVBoxLayout(self)
        layout.addWidget(self.list_error)
        layout.addWidget(self.open_box)
        layout.addWidget(self.answered_box)
        layout.addWidget(phone)
        layout.addStretch()
        self._loading = True
        self.code_minutes_spin.setValue(dialog.draft.code_minutes)
        self._loading = False
        self._explain_codes()
        self._show_codes(None)
        self.lock(dialog.locks)

    @staticmethod
    def _wrapped(text: str) -> QLabel:
        label = QLabel(text)
        label.setWordWrap(True)
        return label

    # The policy: how much one code gives ------------------------------------------------------

    def lock(self, locks: ManagedLocks) -> None:
        """Lock the amount a code gives when a managed policy sets it."""
        locks.set(self.code_minutes_spin, ["requests.code_minutes"], self._minutes_label)

    def _on_code_minutes(self, value: int) -> None:
        self._explain_codes()
        if not self._loading:
            self._dialog.draft.code_minutes = value

    def _explain_codes(self) -> None:
        minutes = self.code_minutes_spin.value()
        self._explain.setText(
            self.tr(
                "You can approve a request for more time even when you are not at this "
                "computer, with no internet and no account: set up any standard authenticator "
                "app on your phone once (Google Authenticator, Microsoft Authenticator, Aegis, "
                "FreeOTP, Yandex Key). When the child asks, they read out the request code; you "
                "read back the 6-digit code your app shows, and the child types it in. One code "
                "gives at most %n minutes, and only once.",
                None,
                minutes,
            )
        )

    # Requests ---------------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        """Ask the service for the requests the first time the page is shown."""
        super().showEvent(event)
        if not self._asked:
            self._asked = True
            self.refresh()

    @property
    def requests(self) -> list[RequestView]:
        """The requests shown: open ones first, then the last week's answered ones."""
        return list(self._requests)

    def refresh(self, *, quiet: bool = False) -> None:
        """Read the requests again and show them, and the state of approval by code unless
        `quiet`. A quiet refresh (on the service's news, after an answer) never asks the
        password, an ended session waiting for the parent's next action, and leaves approval by
        code alone: a request or an answer does not change it."""
        self._asked = True
        try:
            if quiet:
                self._requests = self._client.listing(self._dialog.token)
            else:
                self._requests = self._dialog.call(self._client.listing)
        except AuthRequired:
            if not quiet:
                raise
            return
        except ApiError as error:
            log.warning("the requests could not be read: %s", error)
            self.list_error.setText(
                self.tr("The requests could not be read: %1").replace(
                    "%1", answer_error_text(error)
                )
            )
            self.list_error.show()
            self._requests = []
        else:
            self.list_error.hide()
        self._fill()
        if quiet:
            return
        codes: CodeStatus | None = None
        try:
            codes = self._client.codes(self._dialog.token)
        except ApiError as error:
            log.warning("approval by code could not be read: %s", error)
        self._show_codes(codes)

    def _on_event(self, _data: dict[str, object]) -> None:
        if self._asked and not self._answering:
            self.refresh(quiet=True)

    def _fill(self) -> None:
        _clear(self._open_rows)
        _clear(self._answered_rows)
        waiting = [r for r in self._requests if r.open]
        answered = [r for r in self._requests if not r.open]
        for view in waiting:
            self._open_rows.addWidget(self._open_row(view))
        if not waiting:
            self._open_rows.addWidget(self._wrapped(self.tr("No request is waiting.")))
        for view in answered:
            self._answered_rows.addWidget(self._answered_row(view))
        if not answered:
            self._answered_rows.addWidget(
                self._wrapped(self.tr("No request was answered in the last 7 days."))
            )

    def _describe(self, view: RequestView) -> QLabel:
        lines = [
            fill(self.tr("%1: %2"), who_text(view), what_text(view)),
            fill(self.tr("%1 · request code %2"), when_text(view.at), view.id),
        ]
        if view.note:
            lines.append(self.tr("“%1”").replace("%1", view.note))
        label = QLabel("\n".join(lines))
        label.setTextFormat(Qt.TextFormat.PlainText)  # a child's note is never markup
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        return label

    def _open_row(self, view: RequestView) -> QFrame:
        row = QFrame()
        row.setObjectName(f"request-{view.id}")
        row.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QHBoxLayout(row)
        layout.addWidget(self._describe(view), 1)
        if view.kind == RequestKind.REPORT.value:
            actions = [
                ("block", self.tr("Block this site…"), Decision.BLOCK),
                ("seen", self.tr("Mark as seen…"), Decision.SEEN),
            ]
        else:
            actions = [
                ("approve", self.tr("Approve…"), Decision.APPROVE),
                ("decline", self.tr("Decline…"), Decision.DECLINE),
            ]
            if view.kind == RequestKind.ACCESS.value and is_site(view):
                actions.append(("block", self.tr("Block…"), Decision.BLOCK))
        for name, text, decision in actions:
            button = QPushButton(text)
            button.setObjectName(f"request-{name}")
            button.clicked.connect(lambda _checked=False, v=view, d=decision: self.answer(v, d))
            layout.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
        return row

    def _answered_row(self, view: RequestView) -> QFrame:
        row = QFrame()
        row.setObjectName(f"request-{view.id}")
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._describe(view), 1)
        outcome = outcome_text(view)
        if view.message:
            outcome += "\n" + self.tr("Your message: “%1”").replace("%1", view.message)
        shown = QLabel(outcome)
        shown.setTextFormat(Qt.TextFormat.PlainText)
        shown.setObjectName("request-outcome")
        shown.setWordWrap(True)
        layout.addWidget(shown, 1, Qt.AlignmentFlag.AlignTop)
        return row

    def answer(self, view: RequestView, decision: Decision | None = None) -> RequestView | None:
        """Answer a request in `AnswerDialog` (starting on `decision`); the answered request, or
        None when the parent cancelled."""
        dialog = AnswerDialog(
            view,
            self,
            decision=decision,
            submit=lambda chosen: self._dialog.call(
                lambda token: send_answer(self._client, token, view, chosen)
            ),
        )
        self._answering = True
        try:
            accepted = dialog.exec() == AnswerDialog.DialogCode.Accepted
            answered = dialog.result_view() if accepted else None
        finally:
            self._answering = False
            dialog.deleteLater()
        # Whatever was heard while the dialog was open is read now.
        self.refresh(quiet=True)
        return answered

    # Approval by code ---------------------------------------------------------------------------

    def _show_codes(self, codes: CodeStatus | None) -> None:
        if codes is None:
            self.codes_state.setText(self.tr("Whether a phone is set up is not known right now."))
            enrolled = False
        elif codes.enrolled:
            self.codes_state.setText(
                self.tr("On: codes from your phone's authenticator app are accepted.")
            )
            enrolled = True
        else:
            self.codes_state.setText(self.tr("Off: no phone is set up."))
            enrolled = False
        self.setup_button.setText(self.tr("Set up again…") if enrolled else self.tr("Set up…"))
        self.off_button.setEnabled(enrolled)

    def begin_setup(self) -> None:
        """Ask the service for a new secret and show it as a QR code to scan."""
        try:
            enrolment = self._dialog.call(self._client.begin_codes)
            pixmap = qr_pixmap(enrolment.uri)
        except ApiError as error:
            log.warning("setting up approval by code did not start: %s", error)
            self._say(answer_error_text(error), error=True)
            return
        except ValueError as error:
            log.warning("the QR code could not be drawn: %s", error)
            self._say(self.tr("The QR code could not be drawn; type the key instead."), error=True)
            pixmap = QPixmap()
        self._enrolment = enrolment
        self.qr_label.setPixmap(pixmap)
        self.secret_label.setText(
            self.tr("Key: %1").replace("%1", grouped_secret(enrolment.secret))
        )
        self.confirm_edit.clear()
        self.enrol_box.show()
        self.codes_message.clear()
        self.confirm_edit.setFocus()

    def confirm_setup(self) -> None:
        """Turn approval by code on with a code the app made from the new secret."""
        code = "".join(self.confirm_edit.text().split())
        if not (code.isdigit() and len(code) == 6):
            self._say(self.tr("Type the 6 digits the app shows."), error=True)
            return
        try:
            self._dialog.call(lambda token: self._client.confirm_codes(token, code))
        except WrongPassword:
            self.confirm_edit.clear()
            self._say(
                self.tr("That code does not match. Check the time on your phone and try again."),
                error=True,
            )
            return
        except ApiError as error:
            log.warning("approval by code was not confirmed: %s", error)
            self._say(answer_error_text(error), error=True)
            return
        self._enrolment = None
        self.enrol_box.hide()
        self.qr_label.clear()
        self.secret_label.clear()
        self._say(
            self.tr("Your phone is set up. Codes from its app now approve requests for time."),
            error=False,
        )
        self._show_codes(CodeStatus(True, self.code_minutes_spin.value()))

    def turn_off(self) -> None:
        """Stop accepting codes and forget the secret, after asking."""
        asked = QMessageBox.question(
            self,
            self.tr("Turn off approval by phone"),
            self.tr(
                "Codes from your phone will no longer approve requests, and the app's entry "
                "stops working. To use it again you scan a new QR code. Turn it off?"
            ),
        )
        if asked != QMessageBox.StandardButton.Yes:
            return
        try:
            self._dialog.call(self._client.remove_codes)
        except ApiError as error:
            log.warning("approval by code was not turned off: %s", error)
            self._say(answer_error_text(error), error=True)
            return
        self.enrol_box.hide()
        self._say(self.tr("Approval by phone is off."), error=False)
        self._show_codes(CodeStatus(False, self.code_minutes_spin.value()))

    def _say(self, text: str, *, error: bool) -> None:
        self.codes_message.setText(text)
        self.codes_message.setStyleSheet(ERROR_STYLE if error else OK_STYLE)


def _clear(layout: QLayout) -> None:
    while layout.count():
        item = layout.takeAt(0)
        widget = item.widget() if item is not None else None
        if widget is not None:
            widget.hide()
            widget.deleteLater()
