"""The child's "Ask for more time" dialog: choose how much, add a message, send; then the
request code to read out, and the ways a parent can approve it right away (their password
here, or a one-time code from their phone that the child types in)."""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QRegularExpression, Qt, Signal
from PySide6.QtGui import QFont, QRegularExpressionValidator
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from guardian.api import ApiError, GuardianApi, InvalidRequest, Status
from guardian.requests_client import (
    RequestKind,
    RequestsClient,
    RequestState,
    RequestView,
    request_view,
)
from ui.ask_access import NOTE_LIMIT, error_label, message_box, show_error
from ui.bridge import ApiBridge
from ui.request_texts import (
    asked_text,
    code_error_text,
    code_text,
    message_text,
    read_error_text,
    send_error_text,
    state_text,
)

log = logging.getLogger(__name__)

CHOICES = (15, 30, 60)
"""The ready-made amounts, in minutes."""
DEFAULT_MINUTES = 30
CUSTOM_MIN, CUSTOM_MAX, CUSTOM_STEP = 5, 600, 5
CODE_PATTERN = r"\d{6}"
"""A one-time code from an authenticator app: six digits."""


def open_time_request(views: list[RequestView]) -> RequestView | None:
    """The newest open time request among the child's requests, if any."""
    for view in views:
        if view.kind == RequestKind.TIME.value and view.open:
            return view
    return None


class AskTimeDialog(QDialog):
    """Asks a parent for more time today and follows the request until it is answered.

    Opens on the child's open time request when there is one (with "Ask again" to change it),
    else on the choice of time. `status` says whether approval by code is set up.

    Signals:
        answered: the request was approved here (with the parent's password or a code); the
            status should be read again.
    """

    answered = Signal()

    def __init__(
        self, api: GuardianApi, status: Status | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._api = api
        self._client = RequestsClient(api)
        self._code_approval = status is not None and status.code_approval
        self._view: RequestView | None = None
        self.setWindowTitle(self.tr("Ask for more time"))
        self._bridge = ApiBridge(api, self)
        self._bridge.requestAnswered.connect(self._on_request_answered)
        self.finished.connect(self._bridge.close)

        self._pages = QStackedWidget()
        self._pages.addWidget(self._ask_page())
        self._pages.addWidget(self._request_page())
        close = QPushButton(self.tr("Close"))
        close.setObjectName("ask-close")
        close.clicked.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addStretch()
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self._pages)
        layout.addLayout(bottom)
        self.setMinimumWidth(420)
        self._load()

    # --- the choice --------------------------------------------------------------------------

    def _ask_page(self) -> QWidget:
        page = QWidget()
        page.setObjectName("ask-page")
        heading = QLabel(self.tr("How much more time would you like today?"))
        heading.setWordWrap(True)
        self._amounts = QButtonGroup(self)
        row = QHBoxLayout()
        labels = {15: self.tr("15 min"), 30: self.tr("30 min"), 60: self.tr("1 h")}
        for minutes in CHOICES:
            radio = QRadioButton(labels[minutes])
            radio.setObjectName(f"ask-{minutes}")
            radio.setChecked(minutes == DEFAULT_MINUTES)
            self._amounts.addButton(radio, minutes)
            row.addWidget(radio)
        self._custom = QRadioButton(self.tr("Other:"))
        self._custom.setObjectName("ask-custom")
        self._amounts.addButton(self._custom, 0)
        self._custom_minutes = QSpinBox()
        self._custom_minutes.setObjectName("ask-custom-minutes")
        self._custom_minutes.setRange(CUSTOM_MIN, CUSTOM_MAX)
        self._custom_minutes.setSingleStep(CUSTOM_STEP)
        self._custom_minutes.setValue(45)
        self._custom_minutes.setSuffix(self.tr(" min"))
        self._custom_minutes.setAccessibleName(self.tr("Minutes"))
        self._custom_minutes.valueChanged.connect(lambda _value: self._custom.setChecked(True))
        row.addWidget(self._custom)
        row.addWidget(self._custom_minutes)
        row.addStretch()
        note_label = QLabel(self.tr("A message for your parent (optional):"))
        self._note = message_box(self.tr("For example: I need to finish my homework."))
        self._note.setObjectName("ask-note")
        self._note.setAccessibleName(self.tr("Message for your parent"))
        self._note.setFixedHeight(80)
        self._note.textChanged.connect(self._on_note_changed)
        note_label.setBuddy(self._note)
        self._note_count = QLabel()
        self._note_count.setObjectName("ask-note-count")
        self._note_count.setAlignment(Qt.AlignmentFlag.AlignRight)
        self._ask_error = error_label("ask-error")
        self._send = QPushButton(self.tr("Send"))
        self._send.setObjectName("ask-send")
        self._send.setDefault(True)
        self._send.clicked.connect(self._submit)
        send_row = QHBoxLayout()
        send_row.addStretch()
        send_row.addWidget(self._send)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(heading)
        layout.addLayout(row)
        layout.addWidget(note_label)
        layout.addWidget(self._note)
        layout.addWidget(self._note_count)
        layout.addWidget(self._ask_error)
        layout.addLayout(send_row)
        self._on_note_changed()
        return page

    def minutes(self) -> int:
        """The amount chosen, in minutes."""
        chosen = self._amounts.checkedId()
        return self._custom_minutes.value() if chosen <= 0 else chosen

    def _on_note_changed(self) -> None:
        # message_box keeps the note short; its handler runs first, being connected first.
        self._note_count.setText(
            self.tr("%1 of %2 characters")
            .replace("%1", str(len(self._note.toPlainText())))
            .replace("%2", str(NOTE_LIMIT))
        )

    def _submit(self) -> None:
        try:
            view = self._client.ask_time(self.minutes(), self._note.toPlainText().strip())
        except ApiError as error:
            log.info("the time request was not sent: %s", error)
            show_error(self._ask_error, send_error_text(error))
            return
        self._ask_error.hide()
        self.show_request(view, sent=True)

    # --- the request -------------------------------------------------------------------------

    def _request_page(self) -> QWidget:
        page = QWidget()
        page.setObjectName("request-page")
        self._asked = QLabel()
        self._asked.setObjectName("request-asked")
        asked_font = QFont(self._asked.font())
        asked_font.setBold(True)
        self._asked.setFont(asked_font)
        self._state = QLabel()
        self._state.setObjectName("request-state")
        self._code = QLabel()
        self._code.setObjectName("request-code")
        font = QFont(self._code.font())
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self._code.setFont(font)
        self._code.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._how = QLabel()
        self._how.setObjectName("request-how")
        self._message = QLabel()
        self._message.setObjectName("request-message")
        for label in (self._asked, self._state, self._how, self._message):
            label.setWordWrap(True)
        self._message.setTextFormat(Qt.TextFormat.PlainText)  # the parent's words, as typed
        self._parent_here = QPushButton(self.tr("A parent is here…"))
        self._parent_here.setObjectName("request-parent")
        self._parent_here.clicked.connect(self._approve_on_the_spot)

        self._code_box = QWidget()
        code_label = QLabel(self.tr("Code from your parent's phone:"))
        self._code_field = QLineEdit()
        self._code_field.setObjectName("request-code-field")
        self._code_field.setValidator(
            QRegularExpressionValidator(QRegularExpression(CODE_PATTERN), self._code_field)
        )
        self._code_field.setMaxLength(6)
        self._code_field.setPlaceholderText("000000")
        self._code_field.setAccessibleName(self.tr("Code from your parent's phone"))
        self._code_field.textChanged.connect(self._on_code_changed)
        self._code_field.returnPressed.connect(self._approve_with_code)
        code_label.setBuddy(self._code_field)
        self._code_button = QPushButton(self.tr("Use the code"))
        self._code_button.setObjectName("request-code-approve")
        self._code_button.setEnabled(False)
        self._code_button.clicked.connect(self._approve_with_code)
        code_row = QHBoxLayout(self._code_box)
        code_row.setContentsMargins(0, 0, 0, 0)
        code_row.addWidget(code_label)
        code_row.addWidget(self._code_field)
        code_row.addWidget(self._code_button)

        self._request_error = error_label("request-error")
        self._again = QPushButton(self.tr("Ask again"))
        self._again.setObjectName("request-again")
        self._again.clicked.connect(self._ask_again)
        again_row = QHBoxLayout()
        again_row.addWidget(self._parent_here)
        again_row.addStretch()
        again_row.addWidget(self._again)

        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self._asked, self._state, self._code, self._how, self._message):
            layout.addWidget(widget)
        layout.addWidget(self._code_box)
        layout.addWidget(self._request_error)
        layout.addStretch()
        layout.addLayout(again_row)
        return page

    @property
    def request(self) -> RequestView | None:
        """The request shown, None while the choice is shown."""
        return self._view if self._pages.currentIndex() == 1 else None

    def show_request(self, view: RequestView, *, sent: bool = False) -> None:
        """Show where `view` stands; `sent`: it was sent just now."""
        self._view = view
        waiting = view.open
        self._asked.setText(asked_text(view))
        self._state.setText(self.tr("Sent.") if sent and waiting else state_text(view))
        self._code.setText(code_text(view.id) if waiting else "")
        self._code.setVisible(waiting)
        if self._code_approval:
            how = self.tr(
                "A parent can approve it here with their password, or from their phone: read "
                "them the code, then type in the code their phone shows."
            )
        else:
            how = self.tr(
                "Tell a parent the code. They can approve it on their computer, or here with "
                "their password."
            )
        self._how.setText(how)
        self._how.setVisible(waiting)
        message = message_text(view.message)
        self._message.setText(message)
        self._message.setVisible(bool(message))
        self._parent_here.setVisible(waiting)
        self._code_box.setVisible(waiting and self._code_approval)
        self._code_field.clear()
        self._request_error.hide()
        self._again.setText(self.tr("Ask again") if waiting else self.tr("Ask for more"))
        self._pages.setCurrentIndex(1)

    def _load(self) -> None:
        """Open on the child's open time request, else on the choice."""
        try:
            view = open_time_request(self._client.mine())
        except ApiError as error:
            log.info("the child's requests could not be read: %s", error)
            show_error(self._ask_error, read_error_text(error))
            view = None
        if view is None:
            self._pages.setCurrentIndex(0)
        else:
            self.show_request(view)

    def _ask_again(self) -> None:
        if self._view is not None and self._view.minutes:
            minutes = self._view.minutes
            button = self._amounts.button(minutes) if minutes in CHOICES else None
            if button is not None:
                button.setChecked(True)
            else:
                self._custom_minutes.setValue(minutes)
                self._custom.setChecked(True)
        self._ask_error.hide()
        self._pages.setCurrentIndex(0)

    def _on_code_changed(self, text: str) -> None:
        self._code_button.setEnabled(self._code_field.hasAcceptableInput())
        if text:
            self._request_error.hide()

    def _approve_with_code(self) -> None:
        if self._view is None or not self._code_field.hasAcceptableInput():
            return
        try:
            view = self._client.approve_with_code(self._view.id, self._code_field.text())
        except InvalidRequest as error:
            # Answered or ended meanwhile: show where it stands now.
            log.info("the code was refused: %s", error)
            self._reload_current()
            show_error(self._request_error, code_error_text(error))
            return
        except ApiError as error:
            log.info("the code was refused: %s", error)
            self._code_field.selectAll()
            show_error(self._request_error, code_error_text(error))
            return
        self.show_request(view)
        if view.state == RequestState.APPROVED.value:
            self.answered.emit()

    def _approve_on_the_spot(self) -> None:
        if self._view is None:
            return
        # The parent's answer dialog loads only when a parent is actually here.
        from ui.answer_dialog import approve_on_the_spot

        view = approve_on_the_spot(self._api, self._view, self)
        if view is None:
            return
        self.show_request(view)
        if view.state == RequestState.APPROVED.value:
            self.answered.emit()

    def _reload_current(self) -> None:
        if self._view is None:
            return
        try:
            views = self._client.mine()
        except ApiError:
            return
        for view in views:
            if view.id == self._view.id:
                self.show_request(view)
                return

    def _on_request_answered(self, data: dict[str, Any]) -> None:
        """A parent answered elsewhere (their session, the service): show it here."""
        if self._view is None or data.get("id") != self._view.id:
            return
        try:
            view = request_view(data)
        except TypeError:
            log.warning("an answered request came without its fields: %r", sorted(data))
            return
        if self._pages.currentIndex() == 1:
            self.show_request(view)
        else:
            self._view = view
