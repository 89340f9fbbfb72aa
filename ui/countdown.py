"""The last-minute countdown: a small window above everything, so the warning cannot be missed,
in a corner where the desktop's own notifications do not show."""

from __future__ import annotations

import math
import os
import sys

from PySide6.QtCore import QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import QFont, QGuiApplication, QShowEvent
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from ui.texts import countdown_text, session_end_text

SCREEN_MARGIN = 16
TOP_RIGHT = "top-right"
BOTTOM_RIGHT = "bottom-right"

_TOP_RIGHT_NOTICES = ("xfce", "cinnamon", "mate", "unity", "budgie", "pantheon", "lxde", "lxqt")
"""Desktops (as XDG_CURRENT_DESKTOP names them) whose notifications show top right."""
_OTHER_NOTICES = ("kde", "gnome", "deepin", "ukui")
"""Desktops whose notifications show bottom right (KDE) or top centre (GNOME, Deepin, UKUI):
the top-right corner is free there."""


def countdown_corner(platform: str, desktop: str) -> str:
    """The right-hand corner the countdown takes on a platform (`sys.platform`) and desktop
    (`XDG_CURRENT_DESKTOP`, colon-separated names): the one the system's notifications do not
    use. Windows and KDE show them bottom right, GNOME top centre: top right is free. macOS,
    XFCE, Cinnamon, MATE and most other Linux notification daemons show them top right:
    bottom right is free."""
    if platform.startswith("win"):
        return TOP_RIGHT
    if platform == "darwin":
        return BOTTOM_RIGHT
    names = [name.strip().casefold() for name in desktop.split(":") if name.strip()]
    for name in names:
        bare = name.removeprefix("x-")
        if bare.startswith(_OTHER_NOTICES):
            return TOP_RIGHT
        if bare.startswith(_TOP_RIGHT_NOTICES):
            return BOTTOM_RIGHT
    return BOTTOM_RIGHT


def corner_position(area: QRect, size: QSize, corner: str, margin: int = SCREEN_MARGIN) -> QPoint:
    """Where a window of `size` goes in `corner` of the available `area`, `margin` from its
    edges, and never outside it (a window larger than the area keeps its top-left corner in)."""
    x = area.x() + area.width() - size.width() - margin
    y = (
        area.y() + margin
        if corner == TOP_RIGHT
        else area.y() + area.height() - size.height() - margin
    )
    x = max(area.x(), min(x, area.x() + area.width() - size.width()))
    y = max(area.y(), min(y, area.y() + area.height() - size.height()))
    return QPoint(x, y)


class CountdownWindow(QWidget):
    """Big seconds, what follows them ("The screen will lock in 42 s") and why (the allowed
    hours end, or the day's time), on top, in a corner free of the system's notifications.

    A second channel next to the tray notification; it never takes the keyboard focus when it
    appears, yet its button can be clicked to ask a parent for more time.

    Signals:
        ask_requested: "Ask for more time…" was pressed.
    """

    ask_requested = Signal()

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
        self._cause = QLabel()
        self._cause.setObjectName("countdown-cause")
        self._cause.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._cause.hide()
        self._tip = QLabel()
        self._tip.setObjectName("countdown-tip")
        self._tip.setWordWrap(True)
        self._tip.setMaximumWidth(360)
        self._tip.hide()
        self._ask = QPushButton(self.tr("Ask for more time…"))
        self._ask.setObjectName("countdown-ask")
        # A click works without the window taking focus; the dialog it opens takes it.
        self._ask.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._ask.clicked.connect(self.ask_requested)
        self._ask.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(self._seconds)
        layout.addWidget(self._sentence)
        layout.addWidget(self._cause)
        layout.addWidget(self._tip)
        layout.addWidget(self._ask, 0, Qt.AlignmentFlag.AlignCenter)
        self._corner = countdown_corner(sys.platform, os.environ.get("XDG_CURRENT_DESKTOP", ""))

    @property
    def corner(self) -> str:
        """The corner the window sits in (TOP_RIGHT or BOTTOM_RIGHT)."""
        return self._corner

    def set_remaining(self, seconds: float, action: str, cause: str | None = None) -> None:
        """Show `seconds` left before `action` (an action code such as "lock") and what ends
        the session (a `ui.texts.SESSION_ENDS_*` value; None: not said)."""
        self._seconds.setText(str(max(0, math.ceil(seconds))))
        self._sentence.setText(countdown_text(action, seconds))
        why = session_end_text(cause)
        self._cause.setText(why)
        self._cause.setVisible(bool(why))

    def set_tip(self, text: str) -> None:
        """Show a tip under the sentence ("" hides it)."""
        self._tip.setText(text)
        self._tip.setVisible(bool(text))

    def set_can_ask(self, can_ask: bool) -> None:
        """Offer "Ask for more time…" (to a restricted child with a profile)."""
        self._ask.setVisible(can_ask)

    def showEvent(self, event: QShowEvent) -> None:
        """Sit in the corner the system's notifications leave free, inside the screen."""
        super().showEvent(event)
        self.place()

    def place(self) -> None:
        """Move to the window's corner of the screen it is on."""
        screen = self.screen() or QGuiApplication.primaryScreen()
        self.adjustSize()
        self.move(corner_position(screen.availableGeometry(), self.size(), self._corner))
