"""The parent password prompt: every parent action starts here and ends with a service token."""

from __future__ import annotations

import math
import time

from PySide6.QtCore import QPoint, QPropertyAnimation, Qt, QTimer
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from guardian.api import GuardianApi, Throttled, WrongPassword
from guardian.ipc.protocol import ServiceUnavailable

SHAKE_OFFSETS = (0, -10, 10, -8, 8, -4, 4, 0)


class PasswordDialog(QDialog):
    """Asks for the parent password and trades it for a token with the service.

    A wrong password shakes the dialog and clears the field; while the service throttles
    attempts, the field is disabled and a live countdown says when to try again; while the
    service is not running, the dialog says so and waits for it.
    """

    def __init__(
        self, api: GuardianApi, parent: QWidget | None = None, purpose: str | None = None
    ) -> None:
        super().__init__(parent)
        self._api = api
        self._token: str | None = None
        self._retry_at = 0.0
        self.setWindowTitle(self.tr("Parent password"))

        prompt = QLabel(self.tr("Enter the parent password to continue."))
        explained = QLabel(purpose or "")
        explained.setObjectName("password-purpose")
        # It can quote a child's request (a site's or an app's name as typed): never markup.
        explained.setTextFormat(Qt.TextFormat.PlainText)
        explained.setWordWrap(True)
        explained.setVisible(bool(purpose))
        self._field = QLineEdit()
        self._field.setObjectName("password-field")
        self._field.setEchoMode(QLineEdit.EchoMode.Password)
        self._message = QLabel()
        self._message.setObjectName("password-message")
        self._message.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self._ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        buttons.accepted.connect(self._submit)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(explained)
        layout.addWidget(prompt)
        layout.addWidget(self._field)
        layout.addWidget(self._message)
        layout.addWidget(buttons)
        # Room for the longest message on two lines in either language, never cut.
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 48)

        self._throttle_timer = QTimer(self)
        self._throttle_timer.setObjectName("password-throttle")
        self._throttle_timer.setInterval(1000)
        self._throttle_timer.timeout.connect(self._tick_throttle)
        self._shake = QPropertyAnimation(self, b"pos", self)
        self._shake.setDuration(300)
        # A client of the system service knows when it loses the service and gets it back.
        connection = getattr(api, "connection_changed", None)
        if connection is not None:
            connection.connect(self._on_connection_changed)
        if not getattr(api, "connected", True):
            self._service_down()

    @property
    def token(self) -> str | None:
        """The token the service gave for the right password, once accepted."""
        return self._token

    def _submit(self) -> None:
        password = self._field.text()
        if not password or not self._field.isEnabled():
            return
        try:
            self._token = self._api.login(password)
        except WrongPassword:
            self._field.clear()
            self._say(self.tr("Wrong password. Try again."))
            self._shake_window()
        except Throttled as error:
            self._field.clear()
            self._throttle(error.retry_after)
        except ServiceUnavailable:
            self._service_down()
        else:
            self.accept()

    def _service_down(self) -> None:
        self._say(self.tr("Guardian's service is not running, so settings cannot be opened now."))
        self._set_enabled(False)

    def _on_connection_changed(self, connected: bool) -> None:
        if not connected:
            self._service_down()
        elif not self._throttle_timer.isActive():
            self._say("")
            self._set_enabled(True)

    def _say(self, text: str) -> None:
        """Show a message under the field, growing the dialog so that no line of it is cut."""
        self._message.setText(text)
        layout = self.layout()
        assert layout is not None
        layout.activate()
        needed = layout.totalHeightForWidth(self.width())
        if needed > self.height():
            self.resize(self.width(), needed)

    def _set_enabled(self, enabled: bool) -> None:
        self._field.setEnabled(enabled)
        self._ok.setEnabled(enabled)
        if enabled:
            self._field.setFocus()

    def _shake_window(self) -> None:
        """Shake sideways, the way a login screen says "no" without a modal box."""
        self._shake.stop()
        origin = self.pos()
        steps = len(SHAKE_OFFSETS) - 1
        for i, dx in enumerate(SHAKE_OFFSETS):
            self._shake.setKeyValueAt(i / steps, origin + QPoint(dx, 0))
        self._shake.start()

    def _throttle(self, retry_after: float) -> None:
        self._retry_at = time.monotonic() + retry_after
        self._set_enabled(False)
        self._tick_throttle()
        self._throttle_timer.start()

    def _tick_throttle(self) -> None:
        left = math.ceil(self._retry_at - time.monotonic())
        if left > 0:
            self._say(self.tr("Too many wrong passwords. Try again in %n s.", None, left))
            return
        self._throttle_timer.stop()
        self._set_enabled(True)
        self._say(self.tr("You can try again now."))


def ask_parent_token(
    api: GuardianApi, parent: QWidget | None = None, purpose: str | None = None
) -> str | None:
    """Ask for the parent password (saying what it is for, when `purpose` is given); the
    token, or None when the parent cancelled."""
    dialog = PasswordDialog(api, parent, purpose)
    try:
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        return dialog.token if accepted else None
    finally:
        dialog.deleteLater()
