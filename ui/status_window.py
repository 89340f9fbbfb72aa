"""The small window that stands in for the tray icon on desktops that have no tray."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from guardian.api import Status
from ui.texts import app_time_lines, reason_text, service_down_text, summary_lines


class StatusWindow(QWidget):
    """Time left, allowed hours, limited apps and reasons, with the parent's buttons; always
    on top.

    Closing only minimises it: without a tray it is the child's one view of the day.

    Signals:
        settings_requested: "Parent settings…" was pressed.
        activity_requested: "Activity…" was pressed (the parent's view of the week).
        my_week_requested: "My week…" was pressed (a restricted child's own week).
        my_day_requested: "My day…" was pressed.
        quit_requested: "Quit…" was pressed.
    """

    settings_requested = Signal()
    activity_requested = Signal()
    my_week_requested = Signal()
    my_day_requested = Signal()
    quit_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window | Qt.WindowType.WindowStaysOnTopHint)
        self.setWindowTitle(self.tr("Guardian"))
        self._summary = QLabel()
        self._summary.setObjectName("status-summary")
        self._apps = QLabel()
        self._apps.setObjectName("status-apps")
        self._reasons = QLabel()
        self._reasons.setObjectName("status-reasons")
        self._message = QLabel()
        self._message.setObjectName("status-message")
        for label in (self._summary, self._apps, self._reasons, self._message):
            label.setWordWrap(True)
            # Notices carry app and profile names and a child's note: never read as markup.
            label.setTextFormat(Qt.TextFormat.PlainText)
        settings = QPushButton(self.tr("Parent settings…"))
        settings.setObjectName("status-settings")
        settings.clicked.connect(self.settings_requested)
        activity = QPushButton(self.tr("Activity…"))
        activity.setObjectName("status-activity")
        activity.clicked.connect(self.activity_requested)
        self._my_week = QPushButton(self.tr("My week…"))
        self._my_week.setObjectName("status-my-week")
        self._my_week.clicked.connect(self.my_week_requested)
        self._my_week.hide()  # until a status says a profile restricts this account
        my_day = QPushButton(self.tr("My day…"))
        my_day.setObjectName("status-my-day")
        my_day.clicked.connect(self.my_day_requested)
        quit_button = QPushButton(self.tr("Quit…"))
        quit_button.setObjectName("status-quit")
        quit_button.clicked.connect(self.quit_requested)

        buttons = QHBoxLayout()
        buttons.addWidget(my_day)
        buttons.addWidget(self._my_week)
        buttons.addWidget(settings)
        buttons.addWidget(activity)
        buttons.addStretch()
        buttons.addWidget(quit_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self._summary)
        layout.addWidget(self._apps)
        layout.addWidget(self._reasons)
        layout.addWidget(self._message)
        layout.addLayout(buttons)

    def set_status(self, status: Status) -> None:
        """Show the day as `status` describes it."""
        self._summary.setText("\n".join(summary_lines(status)))
        apps = app_time_lines(status)
        self._apps.setText("\n".join(apps))
        self._apps.setVisible(bool(apps))
        self._reasons.setText("\n".join(reason_text(code) for code in status.reasons))
        self._reasons.setVisible(bool(status.reasons))
        self._my_week.setVisible(status.restricted and status.profile_id is not None)

    def set_service_down(self) -> None:
        """Say that the service is not running, in place of a day nobody can read now."""
        self._summary.setText(service_down_text())
        self._apps.hide()
        self._reasons.hide()

    def show_message(self, text: str) -> None:
        """Show a notification's text here, the way the tray would, and bring the window up."""
        self._message.setText(text)
        self.showNormal()
        self.raise_()

    def closeEvent(self, event: QCloseEvent) -> None:
        """Minimise instead of closing: the window is the only view when there is no tray."""
        event.ignore()
        self.showMinimized()
