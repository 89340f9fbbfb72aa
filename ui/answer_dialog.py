"""A parent answers one of a child's requests.

Time: approve the amount asked or a change, optionally also outside the allowed hours, with a
sentence saying exactly what the answer does; or decline with a message the child sees.
Access to an app or site: approve (it joins the profile's allowed apps or sites), block a site,
or decline with a message. A reported site: block it in one click, or mark it as seen.

`answer_request` runs the dialog with a parent token; `approve_on_the_spot` is for a parent
standing at the child's computer: it asks the password first and logs out after.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from guardian.api import ApiError, GuardianApi, Status
from guardian.placeholders import fill
from guardian.requests_client import Decision, RequestKind, RequestsClient, RequestView
from ui.grant import GrantChoice
from ui.password import ask_parent_token
from ui.request_texts import target_shown
from ui.request_texts_parent import (
    answer_error_text,
    child_name,
    is_site,
    what_text,
    when_text,
    who_text,
)
from ui.texts import ERROR_STYLE

log = logging.getLogger(__name__)

MAX_MESSAGE = 500
"""The longest message to the child."""


@dataclass(frozen=True, slots=True)
class Answer:
    """What the parent chose."""

    decision: Decision
    minutes: int | None = None
    """Time given (approved time requests); None with `rest_of_day`."""
    rest_of_day: bool = False
    outside_hours: bool = False
    message: str = ""


def send_answer(
    client: RequestsClient, token: str, view: RequestView, answer: Answer
) -> RequestView:
    """Send a parent's answer to the service; the request as answered."""
    return client.answer(
        token,
        view.id,
        answer.decision,
        minutes=answer.minutes,
        rest_of_day=answer.rest_of_day,
        outside_hours=answer.outside_hours,
        message=answer.message,
    )


class AnswerDialog(QDialog):
    """The parent's answer to one request; `answer()` is what was chosen once accepted.

    With `submit`, accepting sends the answer through it and stays open, saying why, when the
    service refuses; `result_view()` is then the answered request.
    """

    def __init__(
        self,
        view: RequestView,
        parent: QWidget | None = None,
        *,
        status: Status | None = None,
        submit: Callable[[Answer], RequestView] | None = None,
        decision: Decision | None = None,
    ) -> None:
        super().__init__(parent)
        self._view = view
        self._submit = submit
        self._answer: Answer | None = None
        self._result: RequestView | None = None
        self.setWindowTitle(self.tr("Answer a request"))
        self.setMinimumWidth(460)
        name = child_name(view)

        layout = QVBoxLayout(self)
        heading = QLabel(
            fill(self.tr("%1 asks: %2"), who_text(view), what_text(view))
            if view.kind != RequestKind.REPORT.value
            else fill(self.tr("%1 told you about a site: %2"), who_text(view), target_shown(view))
        )
        heading.setObjectName("answer-heading")
        # A child's words and a site's name are shown as typed, never read as markup.
        heading.setTextFormat(Qt.TextFormat.PlainText)
        heading.setWordWrap(True)
        font = heading.font()
        font.setBold(True)
        heading.setFont(font)
        layout.addWidget(heading)
        details = QLabel(fill(self.tr("Asked %1 · request code %2"), when_text(view.at), view.id))
        details.setObjectName("answer-details")
        layout.addWidget(details)
        if view.note:
            note = QLabel(fill(self.tr("%1 wrote: “%2”"), name, view.note))
            note.setObjectName("answer-note")
            note.setTextFormat(Qt.TextFormat.PlainText)
            note.setWordWrap(True)
            layout.addWidget(note)

        self._choices = QButtonGroup(self)
        self._decisions: dict[QAbstractButton, Decision] = {}
        self.grant: GrantChoice | None = None
        self._grant_box: QGroupBox | None = None
        self.message = QLineEdit()
        self.message.setObjectName("answer-message")
        self.message.setMaxLength(MAX_MESSAGE)
        self.message.setPlaceholderText(self.tr("Optional"))
        self._error = QLabel()
        self._error.setObjectName("answer-error")
        self._error.setWordWrap(True)
        self._error.setStyleSheet(ERROR_STYLE)
        self._ok: QPushButton | None = None

        if view.kind == RequestKind.REPORT.value:
            self._build_report(layout)
        else:
            if view.kind == RequestKind.TIME.value:
                self._option(layout, "answer-approve", self.tr("Approve"), Decision.APPROVE)
                self.grant = GrantChoice(self, asked=view.minutes, status=status)
                self._grant_box = QGroupBox()
                inner = QVBoxLayout(self._grant_box)
                inner.addWidget(self.grant)
                layout.addWidget(self._grant_box)
                self.grant.changed.connect(self._update_ok)
            else:
                target = target_shown(view)
                if is_site(view):
                    approve_text = self.tr("Approve: add %1 to %2's allowed sites")
                else:
                    approve_text = self.tr("Approve: add %1 to %2's allowed apps")
                self._option(
                    layout,
                    "answer-approve",
                    fill(approve_text, target, name),
                    Decision.APPROVE,
                )
                if is_site(view):
                    self._option(
                        layout,
                        "answer-block",
                        fill(self.tr("Block: add %1 to %2's blocked sites"), target, name),
                        Decision.BLOCK,
                    )
            self._option(layout, "answer-decline", self.tr("Decline"), Decision.DECLINE)
            message_label = QLabel(self.tr("&Message %1 will see:").replace("%1", name))
            message_label.setTextFormat(Qt.TextFormat.PlainText)  # the parent typed the name
            message_label.setBuddy(self.message)
            layout.addWidget(message_label)
            layout.addWidget(self.message)
            layout.addWidget(self._error)
            buttons = QDialogButtonBox(
                QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
            )
            self._ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
            self._ok.setObjectName("answer-ok")
            self._ok.setText(self.tr("Send the answer"))
            buttons.accepted.connect(self._chosen)
            buttons.rejected.connect(self.reject)
            layout.addWidget(buttons)
            first = next(
                (b for b, d in self._decisions.items() if d == decision),
                next(iter(self._decisions)),
            )
            first.setChecked(True)
            self._choices.buttonToggled.connect(self._update_ok)
            self._update_ok()

    def _option(
        self, layout: QVBoxLayout, name: str, text: str, decision: Decision
    ) -> QRadioButton:
        button = QRadioButton(text)
        button.setObjectName(name)
        self._choices.addButton(button)
        self._decisions[button] = decision
        layout.addWidget(button)
        return button

    def _build_report(self, layout: QVBoxLayout) -> None:
        blocking = QLabel(
            fill(
                self.tr("Blocking adds %1 to %2's blocked sites."),
                target_shown(self._view),
                child_name(self._view),
            )
        )
        blocking.setTextFormat(Qt.TextFormat.PlainText)  # a site the child gave, a typed name
        layout.addWidget(blocking)
        layout.addWidget(self._error)
        buttons = QDialogButtonBox()
        block = buttons.addButton(
            self.tr("Block this site"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        block.setObjectName("answer-block")
        seen = buttons.addButton(self.tr("Mark as seen"), QDialogButtonBox.ButtonRole.AcceptRole)
        seen.setObjectName("answer-seen")
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        block.clicked.connect(lambda: self._finish(Answer(Decision.BLOCK)))
        seen.clicked.connect(lambda: self._finish(Answer(Decision.SEEN)))
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def answer(self) -> Answer | None:
        """What was chosen, once accepted; None before."""
        return self._answer

    def result_view(self) -> RequestView | None:
        """The request as the service answered it (with `submit`), once accepted."""
        return self._result

    def current(self) -> Answer:
        """The answer the dialog shows now."""
        checked = self._choices.checkedButton()
        if checked is None:
            raise ValueError("no answer is chosen")
        decision = self._decisions[checked]
        message = self.message.text().strip()
        if decision is Decision.APPROVE and self.grant is not None:
            return Answer(
                decision,
                minutes=self.grant.minutes(),
                rest_of_day=self.grant.rest_of_day(),
                outside_hours=self.grant.outside_hours(),
                message=message,
            )
        return Answer(decision, message=message)

    def _update_ok(self, *_args: object) -> None:
        if self._ok is None:
            return
        checked = self._choices.checkedButton()
        ready = checked is not None and (
            self.grant is None
            or self._decisions[checked] is not Decision.APPROVE
            or self.grant.ready()
        )
        self._ok.setEnabled(ready)
        if self._grant_box is not None:
            approving = checked is not None and self._decisions[checked] is Decision.APPROVE
            self._grant_box.setEnabled(approving)

    def _chosen(self) -> None:
        if self._ok is not None and not self._ok.isEnabled():
            return
        self._finish(self.current())

    def _finish(self, answer: Answer) -> None:
        if self._submit is not None:
            try:
                self._result = self._submit(answer)
            except ApiError as error:
                log.warning("the answer to request %s was refused: %s", self._view.id, error)
                self._error.setText(answer_error_text(error))
                return
        self._answer = answer
        self.accept()


def answer_request(
    api: GuardianApi,
    token: str,
    view: RequestView,
    parent: QWidget | None = None,
    *,
    decision: Decision | None = None,
    status: Status | None = None,
) -> RequestView | None:
    """Let the parent answer `view` with `token`; the answered request, or None when the
    parent cancelled."""
    client = RequestsClient(api)
    dialog = AnswerDialog(
        view,
        parent,
        status=status,
        decision=decision,
        submit=lambda answer: send_answer(client, token, view, answer),
    )
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.result_view()
    finally:
        dialog.deleteLater()


def approve_on_the_spot(
    api: GuardianApi, view: RequestView, parent_widget: QWidget | None = None
) -> RequestView | None:
    """A parent at the child's computer answers the child's request: the password, then the
    answer; the token is logged out after. The answered request, or None when cancelled."""
    token = ask_parent_token(api, parent_widget, spot_purpose(view))
    if token is None:
        return None
    status: Status | None = None
    with contextlib.suppress(ApiError):
        status = api.status()
    try:
        return answer_request(api, token, view, parent_widget, status=status)
    finally:
        with contextlib.suppress(ApiError):
            api.logout(token)


def spot_purpose(view: RequestView) -> str:
    """What the password is asked for when a parent answers at the child's computer."""
    return fill(
        QCoreApplication.translate(
            "AnswerDialog", "A parent answers %1's request here: %2. The password is not kept."
        ),
        child_name(view),
        what_text(view),
    )
