"""The last-minute countdown: a small window above everything, so the warning cannot be missed."""

from __future__ import annotations

import math

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QFont, QGuiApplication, QShowEvent
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from ui.texts import countdown_text

SCREEN_MARGIN = 16


class CountdownWindow(QWidget):
    """Big seconds and what follows them ("The screen will lock in 42 s"), top right, on top.

    A second channel next to the tray notification; it never takes the keyboard focus.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            parent,
            Qt.WindowType.Tool
            | Qt.WindowType.FramelessWindowHint
            | Qt.WindowType.WindowStaysOnTopHint
            | Qt.WindowType.WindowDoesNotAcceptFocus,
        )
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        self.setWindowTitle(self.tr("Guardian countdown"))
        self._seconds = QLabel()
        self._seconds.setObjectName("countdown-seconds")
        self._seconds.setAlignment(Qt.AlignmentFlag.AlignCenter)
        font = QFont(self._seconds.font())
        font.setPixelSize(56)
        font.setBold(True)
        self._seconds.setFont(font)
        self._sentence = QLabel()
        self._sentence.setObjectName("countdown-sentence")
        self._sentence.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(self)
        layout.addWidget(self._seconds)
        layout.addWidget(self._sentence)

    def set_remaining(self, seconds: float, action: str) -> None:
        """Show `seconds` left before `action` (an action code such as "lock")."""
        self._seconds.setText(str(max(0, math.ceil(seconds))))
        self._sentence.setText(countdown_text(action, seconds))

    def showEvent(self, event: QShowEvent) -> None:
        """Sit in the top-right corner of the screen, clear of the window controls below it."""
        super().showEvent(event)
        screen = self.screen() or QGuiApplication.primaryScreen()
        area = screen.availableGeometry()
        self.adjustSize()
        self.move(area.topRight() + QPoint(-self.width() - SCREEN_MARGIN, SCREEN_MARGIN))
