"""The child's "Recently blocked sites" window: which sites did not open lately, and why; for
each, ask a parent for access or tell them about the site."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from PySide6.QtCore import QDate, QLocale, Qt, QTime, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from guardian.api import ApiError, GuardianApi
from guardian.sites.client import RecentBlock, SitesClient
from ui.ask_access import AskAccessDialog
from ui.report_site import ReportSiteDialog
from ui.site_texts import child_reason_text, child_shows
from ui.texts import api_error_text

ACTIONS_COLUMN = 3


def when_text(at: str, today: date) -> str:
    """When a site was blocked: the time alone today, else the date and time."""
    try:
        moment = datetime.fromisoformat(at)
    except ValueError:
        return at
    locale = QLocale()
    clock = locale.toString(QTime(moment.hour, moment.minute), QLocale.FormatType.ShortFormat)
    if moment.date() == today:
        return clock
    day = locale.toString(
        QDate(moment.year, moment.month, moment.day), QLocale.FormatType.ShortFormat
    )
    return f"{day} {clock}"


class RecentSitesWindow(QWidget):
    """The sites blocked lately for the child's account, newest first, with the reason in
    plain words; read from the service each time it is shown.

    `today` says which day it is for the child (times of that day are shown without a date).
    """

    def __init__(
        self,
        api: GuardianApi,
        today: Callable[[], date] = date.today,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self._api = api
        self._client = SitesClient(api)
        self._today = today
        self._shown: list[RecentBlock] = []
        self.dialog: QDialog | None = None
        """The last "Ask for access" or "Tell my parent" dialog opened from here."""
        self.setWindowTitle(self.tr("Recently blocked sites"))
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(
            [self.tr("When"), self.tr("Site"), self.tr("Why"), self.tr("Ask or tell")]
        )
        self.table.setAccessibleName(self.tr("Recently blocked sites"))
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(ACTIONS_COLUMN, QHeaderView.ResizeMode.ResizeToContents)
        # Reasons wrap to the width their column gets once the window is laid out.
        # (after the header has settled every column, hence queued).
        header.sectionResized.connect(
            lambda *_: QTimer.singleShot(0, self.table.resizeRowsToContents)
        )
        self.message = QLabel()
        self.message.setObjectName("recent-message")
        self.message.setWordWrap(True)
        self.message.hide()
        refresh = QPushButton(self.tr("Refresh"))
        refresh.clicked.connect(self.refresh)
        close = QPushButton(self.tr("Close"))
        close.clicked.connect(self.close)
        buttons = QHBoxLayout()
        buttons.addWidget(refresh)
        buttons.addStretch()
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.resize(900, 400)

    def refresh(self) -> None:
        """Read the list again and show it."""
        try:
            blocks = self._client.recent()
        except ApiError as error:
            self.table.setRowCount(0)
            self._say(
                self.tr("The list could not be read: %1").replace("%1", api_error_text(error))
            )
            return
        self.show_blocks(blocks, self._today())

    def show_blocks(self, blocks: list[RecentBlock], today: date) -> None:
        """List the blocks the child may be told about."""
        shown = [block for block in blocks if child_shows(block.rule)]
        self._shown = shown
        self.table.setRowCount(len(shown))
        for row, block in enumerate(shown):
            values = (when_text(block.at, today), block.name, child_reason_text(block.rule))
            for column, value in enumerate(values):
                self.table.setItem(row, column, QTableWidgetItem(value))
            self.table.setCellWidget(row, ACTIONS_COLUMN, self._actions(row, block.name))
        self.table.resizeRowsToContents()
        if shown:
            self.message.hide()
        else:
            self._say(self.tr("No site was blocked lately."))

    def _actions(self, row: int, name: str) -> QWidget:
        ask = QPushButton(self.tr("Ask for access…"))
        ask.setAccessibleName(self.tr("Ask for access to %1").replace("%1", name))
        ask.clicked.connect(lambda: self.ask_access(row))
        tell = QPushButton(self.tr("Tell my parent…"))
        tell.setAccessibleName(self.tr("Tell my parent about %1").replace("%1", name))
        tell.clicked.connect(lambda: self.tell_parent(row))
        cell = QWidget()
        layout = QHBoxLayout(cell)
        layout.setContentsMargins(4, 0, 4, 0)
        layout.addWidget(ask)
        layout.addWidget(tell)
        return cell

    def ask_access(self, row: int) -> AskAccessDialog:
        """Ask a parent to allow the site of a row."""
        block = self._shown[row]
        dialog = AskAccessDialog.for_site(self._api, block.name, block.rule, self)
        self._open(dialog)
        return dialog

    def tell_parent(self, row: int) -> ReportSiteDialog:
        """Tell a parent about the site of a row."""
        dialog = ReportSiteDialog(self._api, self._shown[row].name, self)
        self._open(dialog)
        return dialog

    def _open(self, dialog: QDialog) -> None:
        if self.dialog is not None:
            self.dialog.close()
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = dialog

        def closed() -> None:
            if self.dialog is dialog:
                self.dialog = None

        dialog.destroyed.connect(closed)
        dialog.show()

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()
