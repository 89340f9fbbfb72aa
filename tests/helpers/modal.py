"""Driving dialogs from tests: answering a modal one inside its exec() loop, typing passwords."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLineEdit, QWidget

from ui.password import PasswordDialog

POLL_MS = 10
MAX_POLLS = 500
W = TypeVar("W", bound=QWidget)


def when_modal(kind: type[W], answer: Callable[[W], None]) -> None:
    """Call `answer` with the next visible modal dialog of type `kind`, once it is up."""

    def poll(left: int) -> None:
        widget = QApplication.activeModalWidget()
        if isinstance(widget, kind) and widget.isVisible():
            answer(widget)
        elif left:
            QTimer.singleShot(POLL_MS, lambda: poll(left - 1))
        else:
            raise AssertionError(f"no {kind.__name__} came up")

    QTimer.singleShot(0, lambda: poll(MAX_POLLS))


def enter_password(dialog: PasswordDialog, password: str) -> None:
    """Type `password` into the dialog and press OK."""
    field = dialog.findChild(QLineEdit, "password-field")
    box = dialog.findChild(QDialogButtonBox)
    assert field is not None and box is not None
    field.setText(password)
    box.button(QDialogButtonBox.StandardButton.Ok).click()
