"""Texts the service itself shows in a session when no tray is there to show them.

QtCore's translate keeps them in the same translation files as the UI, without QtGui.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def warning_notice(action: str, minutes: int) -> tuple[str, str]:
    """Title and body of a "time is running out" notification."""
    title = QCoreApplication.translate("Notices", "Screen time is running out")
    bodies = {
        "lock": QCoreApplication.translate(
            "Notices", "The screen locks in %n minute(s).", None, minutes
        ),
        "logout": QCoreApplication.translate(
            "Notices", "You will be logged out in %n minute(s).", None, minutes
        ),
        "shutdown": QCoreApplication.translate(
            "Notices", "The computer shuts down in %n minute(s).", None, minutes
        ),
        "suspend": QCoreApplication.translate(
            "Notices", "The computer goes to sleep in %n minute(s).", None, minutes
        ),
    }
    return title, bodies.get(action, bodies["lock"])
