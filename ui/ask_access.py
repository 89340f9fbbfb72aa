"""The child's "Ask for access" dialog: what was blocked and why in plain words, an optional
message, Send; then the request code to read out to a parent, who answers in Guardian."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from guardian.api import ApiError, GuardianApi
from guardian.notices import app_blocked_notice
from guardian.requests_client import APP_PREFIX, SITE_PREFIX, RequestsClient, RequestView
from ui.request_texts import send_error_text
from ui.site_texts import child_reason_text
from ui.texts import ERROR_STYLE

translate = QCoreApplication.translate

NOTE_LIMIT = 500
"""The most characters a message to the parent may have."""


def message_box(placeholder: str) -> QPlainTextEdit:
    """The optional message to the parent, kept to NOTE_LIMIT characters."""
    box = QPlainTextEdit()
    box.setPlaceholderText(placeholder)
    box.setTabChangesFocus(True)
    box.setMaximumHeight(90)

    def keep_short() -> None:
        text = box.toPlainText()
        if len(text) > NOTE_LIMIT:
            box.setPlainText(text[:NOTE_LIMIT])
            cursor = box.textCursor()
            cursor.movePosition(cursor.MoveOperation.End)
            box.setTextCursor(cursor)

    box.textChanged.connect(keep_short)
    return box


def end_with_buttons(page: QVBoxLayout, *buttons: QPushButton) -> None:
    """Push a page's content up and put `buttons` at its bottom right."""
    page.addStretch()
    row = QHBoxLayout()
    row.addStretch()
    for button in buttons:
        row.addWidget(button)
    page.addLayout(row)


def sent_after(dialog: QDialog, form: QWidget, sent: QWidget, done: QVBoxLayout) -> QStackedWidget:
    """The dialog's two pages, the form and what shows once it was sent (its `done` layout
    ends with a Close button), stacked as the dialog's whole content; the form shows first."""
    close = QPushButton(translate("AskAccessDialog", "Close"))
    close.clicked.connect(dialog.accept)
    end_with_buttons(done, close)
    pages = QStackedWidget()
    pages.addWidget(form)
    pages.addWidget(sent)
    QVBoxLayout(dialog).addWidget(pages)
    return pages


def error_label(name: str) -> QLabel:
    """A hidden, red, wrapped line for why something was not sent; `name` is its object name."""
    label = QLabel()
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setStyleSheet(ERROR_STYLE)
    label.hide()
    return label


def show_error(label: QLabel, text: str) -> None:
    """Put `text` in an error_label and show it."""
    label.setText(text)
    label.show()


def send_with(
    button: QPushButton, error: QLabel, send: Callable[[], RequestView]
) -> RequestView | None:
    """Send with `button` held down meanwhile: the request the service keeps, or None when it
    was not sent, said kindly in the `error` label and `button` given back for another try."""
    button.setEnabled(False)
    try:
        return send()
    except ApiError as problem:
        show_error(error, send_error_text(problem))
        button.setEnabled(True)
        return None


def heading(text: str) -> QLabel:
    """A bold, wrapped first line; plain text, as it may hold an app's or a site's name."""
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    font = QFont(label.font())
    font.setBold(True)
    font.setPointSizeF(font.pointSizeF() * 1.2)
    label.setFont(font)
    label.setWordWrap(True)
    return label


def code_label(code: str) -> QLabel:
    """A request code, large enough to read out over the phone."""
    label = QLabel(code)
    label.setObjectName("request-code")
    font = QFont(label.font())
    font.setBold(True)
    font.setPointSizeF(font.pointSizeF() * 2.2)
    font.setLetterSpacing(QFont.SpacingType.AbsoluteSpacing, 4)
    label.setFont(font)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class AskAccessDialog(QDialog):
    """Asks a parent for a blocked app or site.

    `target` is "site:<host>" or "app:<app id>"; None for an app Guardian knows no id of, which
    cannot be asked for here (the child is told to ask a parent in person). `name` is what the
    child saw; `reason` says in plain words why it was blocked.

    Signals:
        sent(object): the request went out; the RequestView the service keeps.
    """

    sent = Signal(object)

    def __init__(
        self,
        api: GuardianApi,
        target: str | None,
        name: str,
        reason: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._client = RequestsClient(api)
        self.target = target
        self.request: RequestView | None = None
        site = target is not None and target.startswith(SITE_PREFIX)
        self.setWindowTitle(self.tr("Ask for access"))

        title = (self.tr("The site %1 did not open") if site else self.tr("%1 was closed")).replace(
            "%1", name
        )
        self.title = heading(title)
        self.reason = QLabel(reason)
        self.reason.setObjectName("ask-access-reason")
        self.reason.setTextFormat(Qt.TextFormat.PlainText)  # may name the app
        self.reason.setWordWrap(True)
        self.explain = QLabel()
        self.explain.setWordWrap(True)
        self.note = message_box(self.tr("Why do you need it? (you can leave this empty)"))
        self.note.setAccessibleName(self.tr("Message to your parent"))
        note_label = QLabel(self.tr("&Message to your parent:"))
        note_label.setBuddy(self.note)
        self.error = error_label("ask-access-error")
        self.send_button = QPushButton(self.tr("Send"))
        self.send_button.setDefault(True)
        self.send_button.clicked.connect(self.send)
        cancel = QPushButton(self.tr("Cancel"))
        cancel.clicked.connect(self.reject)

        ask_page = QWidget()
        ask = QVBoxLayout(ask_page)
        ask.setContentsMargins(0, 0, 0, 0)
        ask.addWidget(self.title)
        ask.addWidget(self.reason)
        ask.addWidget(self.explain)
        if target is None:
            self.explain.setText(
                self.tr(
                    "Guardian cannot send a request for this app. Please ask a parent in "
                    "person if you need it."
                )
            )
            self.send_button.hide()
            cancel.setText(self.tr("Close"))
        else:
            self.explain.setText(
                self.tr(
                    "You can ask a parent to allow it. They will see your request and answer "
                    "it in Guardian."
                )
            )
            ask.addWidget(note_label)
            ask.addWidget(self.note)
        ask.addWidget(self.error)
        end_with_buttons(ask, self.send_button, cancel)

        sent_page = QWidget()
        done = QVBoxLayout(sent_page)
        done.setContentsMargins(0, 0, 0, 0)
        done.addWidget(heading(self.tr("Your request was sent")))
        self.code_intro = QLabel(self.tr("Your request code:"))
        self.code = code_label("")
        self.after = QLabel(
            self.tr(
                "A parent will answer it. If they are not near, you can tell them this code. "
                "You will see the answer in My day."
            )
        )
        self.after.setWordWrap(True)
        done.addWidget(self.code_intro)
        done.addWidget(self.code)
        done.addWidget(self.after)
        self.pages = sent_after(self, ask_page, sent_page, done)
        self.setMinimumWidth(440)

    @classmethod
    def for_site(
        cls, api: GuardianApi, host: str, rule: str, parent: QWidget | None = None
    ) -> AskAccessDialog:
        """For a site the filter blocked by `rule`."""
        return cls(api, SITE_PREFIX + host, host, child_reason_text(rule), parent)

    @classmethod
    def for_app(
        cls,
        api: GuardianApi,
        app: str | None,
        name: str,
        reason: str,
        parent: QWidget | None = None,
    ) -> AskAccessDialog:
        """For an app Guardian closed for `reason` (an AppBlock value); `app` is its id."""
        target = None if not app else APP_PREFIX + app
        return cls(api, target, name or app or "?", app_blocked_notice(name, reason)[1], parent)

    @property
    def sent_page_shown(self) -> bool:
        """Whether the dialog shows the request code."""
        return self.pages.currentIndex() == 1

    def send(self) -> bool:
        """Send the request; on success show its code, else say kindly why not."""
        if self.target is None:
            return False
        target, note = self.target, self.note.toPlainText().strip()
        view = send_with(
            self.send_button, self.error, lambda: self._client.ask_access(target, note)
        )
        if view is None:
            return False
        self.request = view
        self.code.setText(view.id)
        self.code.setAccessibleName(self.tr("Request code %1").replace("%1", view.id))
        self.pages.setCurrentIndex(1)
        self.sent.emit(view)
        return True
