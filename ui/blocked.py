"""The "time is up" screen: full screen and on top while blocked, in case the OS lock fails."""

from __future__ import annotations

import contextlib
import logging

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QFont
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from guardian.api import ApiError, GuardianApi, Status
from rules.app_terms import Downtime
from ui.grant import GrantDialog
from ui.password import ask_parent_token
from ui.texts import blocked_title, next_allowed_text, reason_text
from ui.tips import tip_line

log = logging.getLogger(__name__)


class BlockedWindow(QWidget):
    """Says why the computer is blocked and until when; a parent can give more time from here.

    The child cannot close it while blocked; it hides itself once a status says allowed.

    Signals:
        granted: a parent gave more time; the status should be read again.
        ask_requested: the child pressed "Ask for more time…".
    """

    granted = Signal()
    ask_requested = Signal()

    def __init__(self, api: GuardianApi, parent: QWidget | None = None) -> None:
        super().__init__(
            parent,
            Qt.WindowType.Window
            | Qt.WindowType.FramelessWindowHint
            | Qt.WindowType.WindowStaysOnTopHint,
        )
        self._api = api
        self._blocking = False
        self._profile_id: str | None = None
        self.setWindowTitle(self.tr("Time is up"))

        title = self._title = QLabel(self.tr("Time is up"))
        title.setObjectName("blocked-title")
        font = QFont(title.font())
        font.setPixelSize(48)
        font.setBold(True)
        title.setFont(font)
        self._reasons = QLabel()
        self._reasons.setObjectName("blocked-reasons")
        self._next = QLabel()
        self._next.setObjectName("blocked-next")
        self._error = QLabel()
        self._error.setObjectName("blocked-error")
        self._unlock = QPushButton(self.tr("Parent unlock…"))
        self._unlock.setObjectName("blocked-unlock")
        self._unlock.clicked.connect(self._give_time)
        self._ask = QPushButton(self.tr("Ask for more time…"))
        self._ask.setObjectName("blocked-ask")
        self._ask.clicked.connect(self.ask_requested)
        self._tip = QLabel()
        self._tip.setObjectName("blocked-tip")

        layout = QVBoxLayout(self)
        layout.addStretch()
        for label in (title, self._reasons, self._next, self._error):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setWordWrap(True)
            layout.addWidget(label)
        buttons = QHBoxLayout()
        buttons.addStretch()
        buttons.addWidget(self._ask)
        buttons.addWidget(self._unlock)
        buttons.addStretch()
        layout.addLayout(buttons)
        layout.addSpacing(32)
        self._tip.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._tip.setWordWrap(True)
        layout.addWidget(self._tip)
        layout.addStretch()

    @property
    def blocking(self) -> bool:
        """Whether the window is up because the computer is blocked."""
        return self._blocking

    def set_status(self, status: Status) -> None:
        """Show full screen while `status` is blocked; hide as soon as it is allowed again.

        Downtime that closes apps but keeps the session ("apps") is not a blocked computer."""
        if not status.restricted or status.allowed or status.action == Downtime.APPS.value:
            self._blocking = False
            self.hide()
            return
        self._profile_id = status.profile_id
        title = blocked_title(status.reasons)
        self._title.setText(title)
        self.setWindowTitle(title)
        self._tip.setText(tip_line(status.age, status.day, "blocked"))
        # Asking is for time: a parent's hold is no matter of time.
        self._ask.setVisible(status.profile_id is not None and "held" not in status.reasons)
        self._reasons.setText(
            "\n".join(reason_text(code) for code in status.reasons if code != "grant_active")
        )
        self._next.setText(next_allowed_text(status.next_change, status.day))
        self._unlock.setVisible(status.profile_id is not None)
        self._blocking = True
        if not self.isVisible():
            self._error.clear()
            self.showFullScreen()
        self.raise_()
        self.activateWindow()

    def closeEvent(self, event: QCloseEvent) -> None:
        """Refuse to close while blocked (Alt+F4 and the like)."""
        if self._blocking:
            event.ignore()
        else:
            super().closeEvent(event)

    def _give_time(self) -> None:
        token = ask_parent_token(self._api, self)
        if token is None or self._profile_id is None:
            return
        status: Status | None = None
        with contextlib.suppress(ApiError):
            status = self._api.status()
        dialog = GrantDialog(self, status, status.profile_name if status else None)
        try:
            if dialog.exec() != GrantDialog.DialogCode.Accepted:
                return
            self._api.grant(
                token, self._profile_id, dialog.minutes(), outside_hours=dialog.outside_hours()
            )
        except ApiError as error:
            log.warning("grant refused: %s", error)
            self._error.setText(self.tr("More time could not be given. Please try again."))
            return
        finally:
            dialog.deleteLater()
            with contextlib.suppress(ApiError):
                self._api.logout(token)
        self._error.clear()
        self.granted.emit()
