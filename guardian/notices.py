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
        "apps": QCoreApplication.translate(
            "Notices", "Apps close in %n minute(s); always-allowed apps stay open.", None, minutes
        ),
    }
    return title, bodies.get(action, bodies["lock"])


def app_blocked_notice(name: str, reason: str) -> tuple[str, str]:
    """Title and body telling a child why an app was closed; `reason` is an AppBlock value."""
    title = QCoreApplication.translate("Notices", "%1 was closed").replace("%1", name)
    bodies = {
        "blocked": QCoreApplication.translate("Notices", "Your parent has blocked this app."),
        "not_allowed": QCoreApplication.translate(
            "Notices", "Only the apps your parent has allowed can be used now."
        ),
        "unmanaged_browser": QCoreApplication.translate(
            "Notices", "This browser cannot be filtered. Use one of the usual browsers."
        ),
        "app_time_spent": QCoreApplication.translate(
            "Notices", "Today's time for this app is used up."
        ),
        "category_time_spent": QCoreApplication.translate(
            "Notices", "Today's time for apps of this kind is used up."
        ),
        "downtime": QCoreApplication.translate(
            "Notices", "It is downtime: only always-allowed apps can be used."
        ),
    }
    return title, bodies.get(reason, bodies["blocked"])


def app_warning_notice(name: str, minutes: int) -> tuple[str, str]:
    """Title and body of "an app's (or a kind of apps') time is running out"."""
    title = QCoreApplication.translate("Notices", "%1: time is running out").replace("%1", name)
    body = QCoreApplication.translate(
        "Notices", "%n minute(s) left for today; the app then closes.", None, minutes
    )
    return title, body
