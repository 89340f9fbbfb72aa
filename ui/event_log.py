"""The parent's event log: everything the service logged, newest first, in plain words.

Each entry shows when, for which profile (by name), its kind and a sentence saying what
happened. The parent filters by a group of kinds and by profile, and pages back through the
log with the service's cursor (`EventPage.next`).
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from guardian.api import ApiError, AuthRequired, EventPage, EventQuery, LoggedEvent
from guardian.ipc.protocol import ServiceUnavailable
from ui.event_texts import GROUPS, event_text, kind_name, moment_text
from ui.parent_session import ParentSession
from ui.texts import ERROR_STYLE

log = logging.getLogger(__name__)

PAGE_SIZE = 100


class EventLogWindow(QWidget):
    """The event log, a page at a time, filtered by kind and profile."""

    def __init__(
        self, session: ParentSession, parent: QWidget | None = None, page_size: int = PAGE_SIZE
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self._session = session
        self.page_size = page_size
        self._profiles: dict[str, str] = {}
        self._pages: list[int | None] = [None]
        """The `before` of each page seen, the newest page first; the last is shown."""
        self._next: int | None = None
        self.setWindowTitle(self.tr("Event log"))

        self.kind_box = QComboBox()
        self.kind_box.setAccessibleName(self.tr("Kind of event"))
        self.kind_box.addItem(self.tr("Every kind"), None)
        for group in GROUPS:
            self.kind_box.addItem(group.label, group.kinds)
        self.kind_box.currentIndexChanged.connect(self.reload)
        self.profile_box = QComboBox()
        self.profile_box.setAccessibleName(self.tr("Profile"))
        self.profile_box.addItem(self.tr("Every profile"), None)
        self.profile_box.currentIndexChanged.connect(self.reload)
        kind_label = QLabel(self.tr("&Show:"))
        kind_label.setBuddy(self.kind_box)
        profile_label = QLabel(self.tr("&Profile:"))
        profile_label.setBuddy(self.profile_box)
        refresh = QPushButton(self.tr("Refresh"))
        refresh.clicked.connect(self.reload)
        filters = QHBoxLayout()
        filters.addWidget(kind_label)
        filters.addWidget(self.kind_box)
        filters.addSpacing(16)
        filters.addWidget(profile_label)
        filters.addWidget(self.profile_box)
        filters.addStretch()
        filters.addWidget(refresh)

        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(
            [self.tr("When"), self.tr("Profile"), self.tr("Kind"), self.tr("What happened")]
        )
        self.table.setAccessibleName(self.tr("Event log"))
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        for column in range(3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)

        self.message = QLabel()
        self.message.setObjectName("log-message")
        self.message.setWordWrap(True)
        self.message.hide()
        self.newer_button = QPushButton(self.tr("◀ Newer"))
        self.newer_button.clicked.connect(self.show_newer)
        self.older_button = QPushButton(self.tr("Older ▶"))
        self.older_button.clicked.connect(self.show_older)
        self.page_label = QLabel()
        self.page_label.setObjectName("log-page")
        close = QPushButton(self.tr("Close"))
        close.clicked.connect(self.close)
        paging = QHBoxLayout()
        paging.addWidget(self.newer_button)
        paging.addWidget(self.page_label)
        paging.addWidget(self.older_button)
        paging.addStretch()
        paging.addWidget(close)

        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        layout.addLayout(paging)
        self.resize(980, 600)

    def start(self) -> None:
        """Read the profiles' names, then the newest page."""
        try:
            policy = self._session.call(self._session.api.get_policy, self)
        except ApiError as error:
            log.warning("the profiles could not be read: %s", error)
        else:
            self._profiles = {p.id: p.name for p in policy.profiles}
            self.profile_box.blockSignals(True)
            for profile_id, name in self._profiles.items():
                self.profile_box.addItem(name, profile_id)
            self.profile_box.blockSignals(False)
        self.reload()

    def select_profile(self, profile_id: str | None) -> None:
        """Show one profile's events (None: every profile's)."""
        index = self.profile_box.findData(profile_id)
        if index >= 0:
            self.profile_box.setCurrentIndex(index)

    def select_kinds(self, key: str | None) -> None:
        """Show one group of kinds by its key (None: every kind)."""
        for index in range(self.kind_box.count()):
            kinds = self.kind_box.itemData(index)
            group = next((g for g in GROUPS if g.kinds == kinds), None)
            if (group is None and key is None) or (group is not None and group.key == key):
                self.kind_box.setCurrentIndex(index)
                return

    def query(self) -> EventQuery:
        """What the page shown asks the service for."""
        kinds = self.kind_box.currentData()
        profile_id = self.profile_box.currentData()
        return EventQuery(
            kinds=None if kinds is None else tuple(kinds),
            profile_id=None if profile_id is None else str(profile_id),
            before=self._pages[-1],
            limit=self.page_size,
        )

    def reload(self) -> None:
        """Start again from the newest entries with the filters chosen."""
        self._pages = [None]
        self._load()

    def show_older(self) -> None:
        """The next page of older entries."""
        if self._next is not None:
            self._pages.append(self._next)
            self._load()

    def show_newer(self) -> None:
        """Back to the page of newer entries."""
        if len(self._pages) > 1:
            self._pages.pop()
            self._load()

    def _load(self) -> None:
        query = self.query()
        try:
            page: EventPage = self._session.call(
                lambda token: self._session.api.events(token, query), self
            )
        except ApiError as error:
            log.warning("the event log could not be read: %s", error)
            self._next = None
            self.table.setRowCount(0)
            self._say(self._failure_text(error), error=True)
            self._update_paging()
            return
        self._next = page.next
        self.show_events(page.events)
        self._update_paging()

    def _failure_text(self, error: ApiError) -> str:
        if isinstance(error, AuthRequired):
            return self.tr("The parent password is needed to see the event log.")
        if isinstance(error, ServiceUnavailable):
            return self.tr("Guardian's service is not running, so the log cannot be read now.")
        return self.tr("The event log could not be read just now. Try again in a moment.")

    def show_events(self, events: list[LoggedEvent]) -> None:
        """Fill the table with one page of entries."""
        self.table.setRowCount(len(events))
        for row, event in enumerate(events):
            values = (
                moment_text(event.at),
                self.profile_name(event.profile_id),
                kind_name(event.kind),
                event_text(event.kind, event.data, self._profiles),
            )
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                if column == 2:
                    item.setToolTip(event.kind)
                self.table.setItem(row, column, item)
        self.table.resizeRowsToContents()
        if events:
            self.message.hide()
        elif len(self._pages) > 1:
            self._say(self.tr("No older entries."), error=False)
        else:
            self._say(self.tr("Nothing was logged that matches."), error=False)

    def profile_name(self, profile_id: str | None) -> str:
        """A profile's name; the whole computer for entries about no profile; the id of a
        profile removed since."""
        if profile_id is None or profile_id == "":
            return self.tr("The whole computer")
        return self._profiles.get(profile_id, profile_id)

    def _update_paging(self) -> None:
        self.newer_button.setEnabled(len(self._pages) > 1)
        self.older_button.setEnabled(self._next is not None)
        self.page_label.setText(self.tr("Page %1").replace("%1", str(len(self._pages))))

    def _say(self, text: str, *, error: bool) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(ERROR_STYLE if error else "")
        self.message.show()
