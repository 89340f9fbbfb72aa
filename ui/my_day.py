"""The child's "My day": time left, a timeline of today, the hours still ahead, each limited
app's time, what was blocked lately and why, the state of their requests, and a tip.

Opened by a left click on the tray icon. Everything is read as the child's own account, with
no password: the status, their requests, their own week (`reports.mine`, for the hours used
today and the apps closed) and the sites blocked for them. The week and the sites are read
when the window opens (and again at most every few minutes), so the tray itself stays small.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from PySide6.QtCore import QCoreApplication, QLocale, QRectF, QSize, Qt, QTime, Signal
from PySide6.QtGui import QCloseEvent, QColor, QFont, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from guardian.api import ApiError, GuardianApi, Status
from guardian.ipc.protocol import ServiceUnavailable
from guardian.notices import app_blocked_notice
from guardian.placeholders import fill
from guardian.requests_client import RequestsClient, RequestView
from ui.bridge import ApiBridge
from ui.request_texts import read_error_text, request_line
from ui.texts import (
    app_time_lines,
    blocked_title,
    clock_text,
    format_duration,
    next_allowed_text,
    reason_text,
    status_now,
)
from ui.tips import tip_line

log = logging.getLogger(__name__)
translate = QCoreApplication.translate

OWN_WEEK_METHOD = "reports.mine"
WEEK_READ_SECONDS = 300.0
"""The week and the blocked sites are read again at most this often (on status changes)."""
BLOCKS_SHOWN = 6
"""Recent blocks listed, newest first."""
DAY_MINUTES = 24 * 60
TIP_SALT = "my-day"


def _minute_of(hhmm: str) -> int | None:
    hours, _, minutes = hhmm.partition(":")
    if not (hours.isdigit() and minutes.isdigit()):
        return None
    value = int(hours) * 60 + int(minutes)
    return value if 0 <= value <= DAY_MINUTES else None


def span_minutes(spans: Iterable[tuple[str, str]]) -> list[tuple[int, int]]:
    """Allowed spans as minutes after midnight, in order; malformed ones left out."""
    found = []
    for start_text, end_text in spans:
        start, end = _minute_of(start_text), _minute_of(end_text)
        if start is not None and end is not None and start < end:
            found.append((start, end))
    return sorted(found)


def _clock(minute: int) -> str:
    return clock_text(f"{minute // 60:02d}:{minute % 60:02d}")


def spans_ahead(spans: Iterable[tuple[str, str]], now: datetime) -> list[tuple[str, str]]:
    """The allowed hours still ahead today: spans not over yet, the current one from now."""
    at = now.hour * 60 + now.minute
    ahead = []
    for start, end in span_minutes(spans):
        if end <= at:
            continue
        begin = max(start, at)
        ahead.append((f"{begin // 60:02d}:{begin % 60:02d}", f"{end // 60:02d}:{end % 60:02d}"))
    return ahead


def hours_ahead_text(spans: Iterable[tuple[str, str]], now: datetime) -> str:
    """ "Still allowed today: 17:05–21:30" or that no allowed hours are left today."""
    ahead = spans_ahead(spans, now)
    if not ahead:
        return translate("MyDay", "No allowed hours are left today.")
    parts = [
        translate("MyDay", "%1–%2").replace("%1", clock_text(a)).replace("%2", clock_text(b))
        for a, b in ahead
    ]
    return translate("MyDay", "Still allowed today: %1").replace(
        "%1", QLocale().createSeparatedList(parts)
    )


def closes_text(status: Status) -> str:
    """When the computer opens next (blocked) or closes (allowed, if the child keeps going)."""
    if not status.allowed:
        return next_allowed_text(status.next_change, status.day)
    if status.next_change is None:
        return translate("MyDay", "Nothing closes the computer today.")
    try:
        when = datetime.fromisoformat(status.next_change)
    except ValueError:
        return ""
    clock = QLocale().toString(QTime(when.hour, when.minute), QLocale.FormatType.ShortFormat)
    if when.date().isoformat() != status.day:
        return translate("MyDay", "Nothing closes the computer today.")
    return translate("MyDay", "If you keep using it, the computer closes at %1.").replace(
        "%1", clock
    )


@dataclass(frozen=True, slots=True)
class Block:
    """Something blocked lately, for the child: when, what, and why in plain words."""

    at: datetime
    name: str
    why: str


def hours_used_today(week: Any, day: str) -> list[float] | None:
    """Seconds used in each hour of `day` from the child's week (plain data of a weekly
    summary); None when the week has no such day or is not readable."""
    if not isinstance(week, dict):
        return None
    for row in week.get("days") or ():
        if isinstance(row, dict) and row.get("day") == day:
            hours = row.get("hours")
            if isinstance(hours, list | tuple) and len(hours) == 24:
                return [max(0.0, float(value)) for value in hours]
    return None


def app_blocks(week: Any, day: str, account: str) -> list[Block]:
    """Apps closed today for `account`, from the child's week (plain data)."""
    if not isinstance(week, dict):
        return []
    rows = (week.get("blocked_apps") or {}).get("rows") or ()
    found = []
    for row in rows:
        if not isinstance(row, dict):
            continue
        at = _moment(row.get("at"))
        owner = row.get("account")
        if at is None or at.date().isoformat() != day:
            continue
        if owner and owner.casefold() != account.casefold():
            continue
        detail = row.get("detail") or {}
        name = str(detail.get("name") or detail.get("app") or "")
        found.append(Block(at, name, app_blocked_notice(name, str(detail.get("reason", "")))[1]))
    return found


def _moment(text: object) -> datetime | None:
    if not isinstance(text, str):
        return None
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return None


def block_line(block: Block) -> str:
    """ "16:42 casino.example: Sites of this kind are blocked: …"."""
    clock = QLocale().toString(
        QTime(block.at.hour, block.at.minute), QLocale.FormatType.ShortFormat
    )
    return fill(translate("MyDay", "%1 %2: %3"), clock, block.name, block.why)


class DayTimeline(QWidget):
    """Today from 00:00 to 24:00: the allowed hours as a band, the time used in each hour as
    bars in it, and a mark at the time now."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("my-day-timeline")
        self._spans: list[tuple[int, int]] = []
        self._hours: list[float] | None = None
        self._now: int | None = None
        self.setMinimumHeight(64)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def sizeHint(self) -> QSize:
        return QSize(480, 64)

    def set_day(
        self, spans: Sequence[tuple[str, str]], hours: list[float] | None, now: datetime | None
    ) -> None:
        """Show the allowed `spans` ("HH:MM" pairs), the seconds used in each hour (None: not
        known) and the time now (None: no mark)."""
        self._spans = span_minutes(spans)
        self._hours = hours
        self._now = None if now is None else now.hour * 60 + now.minute
        allowed = ", ".join(f"{_clock(a)}–{_clock(b)}" for a, b in self._spans)
        used = format_duration(sum(hours)) if hours is not None else ""
        description = translate("MyDay", "Allowed: %1.").replace("%1", allowed or "—")
        if used:
            description += " " + translate("MyDay", "Used today: %1.").replace("%1", used)
        self.setAccessibleName(translate("MyDay", "Today's timeline"))
        self.setAccessibleDescription(description)
        self.setToolTip(description)
        self.update()

    @property
    def spans(self) -> list[tuple[int, int]]:
        """The allowed spans shown, in minutes after midnight."""
        return list(self._spans)

    @property
    def now_minute(self) -> int | None:
        """Where the "now" mark is, in minutes after midnight."""
        return self._now

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        text_color = palette.color(QPalette.ColorRole.WindowText)
        metrics = painter.fontMetrics()
        label_height = metrics.height()
        left, right = 4.0, float(self.width() - 4)
        top, bottom = 4.0, float(self.height() - label_height - 4)
        width = max(1.0, right - left)

        def x_of(minute: float) -> float:
            return left + width * minute / DAY_MINUTES

        bar = QRectF(left, top, width, bottom - top)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(128, 128, 128, 60))
        painter.drawRoundedRect(bar, 4, 4)
        painter.setBrush(QColor(76, 175, 80, 110))
        for start, end in self._spans:
            painter.drawRect(QRectF(x_of(start), top, x_of(end) - x_of(start), bar.height()))
        if self._hours is not None:
            painter.setBrush(QColor(33, 110, 190, 200))
            for hour, seconds in enumerate(self._hours):
                share = min(1.0, seconds / 3600.0)
                if share <= 0:
                    continue
                height = bar.height() * share
                x0, x1 = x_of(hour * 60), x_of((hour + 1) * 60)
                painter.drawRect(QRectF(x0 + 1, bottom - height, x1 - x0 - 2, height))
        if self._now is not None:
            pen = QPen(QColor(211, 47, 47))
            pen.setWidthF(2.0)
            painter.setPen(pen)
            x = x_of(self._now)
            painter.drawLine(int(x), int(top) - 2, int(x), int(bottom) + 2)
        painter.setPen(text_color)
        twelve_hours = "ap" in QLocale().timeFormat(QLocale.FormatType.ShortFormat).casefold()
        for hour in (0, 6, 12, 18, 24):
            # The day's end reads "24:00" on a 24-hour clock, "12:00 AM" on a 12-hour one.
            label = clock_text("00:00" if hour == 24 and twelve_hours else f"{hour:02d}:00")
            x = x_of(hour * 60)
            text_width = metrics.horizontalAdvance(label)
            x = min(max(left, x - text_width / 2), right - text_width)
            painter.drawText(int(x), int(bottom + label_height), label)
        painter.end()


class MyDayWindow(QWidget):
    """The child's day at a glance, read afresh when shown and when the service says the
    status or one of the child's requests changed.

    `now` gives the time now (the policy's zone by default, as the status tells it) and
    `clock` a monotonic clock for how often the week is read again.

    Signals:
        ask_requested: "Ask for more time…" was pressed.
        my_week_requested: "My week…" was pressed.
    """

    ask_requested = Signal()
    my_week_requested = Signal()

    def __init__(
        self,
        api: GuardianApi,
        parent: QWidget | None = None,
        *,
        now: Callable[[Status], datetime] = status_now,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self._api = api
        self._requests = RequestsClient(api)
        self._now = now
        self._clock = clock
        self._week: Any = None
        self._sites: list[Block] = []
        self._read_at: float | None = None
        self._status: Status | None = None
        self.setWindowTitle(self.tr("My day"))
        self._bridge = ApiBridge(api, self)
        self._bridge.stateChanged.connect(self.refresh)
        self._bridge.requestAnswered.connect(lambda _data: self.refresh())

        self.down = QLabel()
        self.down.setObjectName("my-day-down")
        self.down.setWordWrap(True)
        self.headline = QLabel()
        self.headline.setObjectName("my-day-headline")
        font = QFont(self.headline.font())
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.headline.setFont(font)
        self.week_left = QLabel()
        self.week_left.setObjectName("my-day-week")
        self.reasons = QLabel()
        self.reasons.setObjectName("my-day-reasons")
        self.timeline = DayTimeline()
        self._legend = QLabel(self.tr("Green: your allowed hours. Blue: time used. Red line: now."))
        self._legend.setObjectName("my-day-legend")
        self._legend.setWordWrap(True)
        # Smaller than the figures, in the normal text colour: a disabled label's grey is too
        # faint to read.
        small = self._legend.font()
        small.setPointSizeF(small.pointSizeF() * 0.9)
        self._legend.setFont(small)
        self.ahead = QLabel()
        self.ahead.setObjectName("my-day-ahead")
        self.next_change = QLabel()
        self.next_change.setObjectName("my-day-next")
        self.apps = QLabel()
        self.apps.setObjectName("my-day-apps")
        self.blocks = QLabel()
        self.blocks.setObjectName("my-day-blocks")
        self.requests = QLabel()
        self.requests.setObjectName("my-day-requests")
        self.tip = QLabel()
        self.tip.setObjectName("my-day-tip")
        self.tip.setFrameShape(QFrame.Shape.StyledPanel)
        self.tip.setMargin(8)
        for label in (
            self.headline,
            self.week_left,
            self.reasons,
            self.ahead,
            self.next_change,
            self.apps,
            self.blocks,
            self.requests,
            self.tip,
        ):
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.PlainText)

        self.ask_button = QPushButton(self.tr("Ask for more time…"))
        self.ask_button.setObjectName("my-day-ask")
        self.ask_button.clicked.connect(self.ask_requested)
        week = QPushButton(self.tr("My week…"))
        week.setObjectName("my-day-my-week")
        week.clicked.connect(self.my_week_requested)
        close = QPushButton(self.tr("Close"))
        close.clicked.connect(self.close)
        buttons = QHBoxLayout()
        buttons.addWidget(self.ask_button)
        buttons.addWidget(week)
        buttons.addStretch()
        buttons.addWidget(close)

        self._content = QWidget()
        body = QVBoxLayout(self._content)
        body.addWidget(self.headline)
        body.addWidget(self.week_left)
        body.addWidget(self.reasons)
        body.addWidget(self.timeline)
        body.addWidget(self._legend)
        body.addWidget(self.ahead)
        body.addWidget(self.next_change)
        self._apps_heading = self._heading(self.tr("Apps and games today"))
        body.addWidget(self._apps_heading)
        body.addWidget(self.apps)
        self._blocks_heading = self._heading(self.tr("Blocked lately"))
        body.addWidget(self._blocks_heading)
        body.addWidget(self.blocks)
        self._requests_heading = self._heading(self.tr("My requests"))
        body.addWidget(self._requests_heading)
        body.addWidget(self.requests)
        body.addSpacing(8)
        body.addWidget(self.tip)
        body.addStretch()
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self._content)

        layout = QVBoxLayout(self)
        layout.addWidget(self.down)
        layout.addWidget(scroll, 1)
        layout.addLayout(buttons)
        self.resize(560, 640)

    @staticmethod
    def _heading(text: str) -> QLabel:
        label = QLabel(text)
        font = QFont(label.font())
        font.setBold(True)
        label.setFont(font)
        return label

    def refresh(self) -> None:
        """Read the status and the child's requests again (the week and sites when due)."""
        try:
            status = self._api.status()
        except ApiError as error:
            log.info("My day could not read the status: %s", error)
            self._show_down(error)
            return
        self._status = status
        self.down.hide()
        self._content.setEnabled(True)
        now = self._now(status)
        due = self._read_at is None or self._clock() - self._read_at >= WEEK_READ_SECONDS
        if due and status.restricted and status.profile_id is not None:
            self._read_week_and_sites()
        self._show_status(status, now)
        self._show_requests(status)

    def force_refresh(self) -> None:
        """Read everything again now, the week and the blocked sites included."""
        self._read_at = None
        self.refresh()

    def _show_down(self, error: ApiError) -> None:
        if isinstance(error, ServiceUnavailable):
            text = self.tr(
                "Guardian is not running right now, so your day cannot be shown. Your limits "
                "are kept as usual; a parent can check on it."
            )
        else:
            text = self.tr("Your day cannot be shown right now. Please try again in a minute.")
        self.down.setText(text)
        self.down.show()
        self._content.setEnabled(False)
        self.ask_button.setEnabled(False)

    def _read_week_and_sites(self) -> None:
        self._read_at = self._clock()
        try:
            self._week = self._api.call(OWN_WEEK_METHOD, {"week": None})
        except ApiError as error:
            log.info("My day could not read the child's week: %s", error)
            self._week = None
        self._sites = self._read_sites()

    def _read_sites(self) -> list[Block]:
        # Loaded here, not with the tray: the sites client brings its wire model (msgspec).
        from guardian.sites.client import SitesClient
        from ui.site_texts import child_reason_text, child_shows

        try:
            recent = SitesClient(self._api).recent()
        except ApiError as error:
            log.info("My day could not read the blocked sites: %s", error)
            return []
        found = []
        for block in recent:
            at = _moment(block.at)
            if at is not None and child_shows(block.rule):
                found.append(Block(at, block.name, child_reason_text(block.rule)))
        return found

    def _show_status(self, status: Status, now: datetime) -> None:
        restricted = status.restricted
        if not restricted:
            self.headline.setText(self.tr("No time limits for you."))
        elif not status.allowed:
            self.headline.setText(blocked_title(status.reasons))
        elif status.time_left_today is None:
            self.headline.setText(self.tr("No time limit today."))
        else:
            self.headline.setText(
                self.tr("%1 left today").replace("%1", format_duration(status.time_left_today))
            )
        week_shown = restricted and status.time_left_week is not None
        self.week_left.setText(
            self.tr("This week: %1 left").replace("%1", format_duration(status.time_left_week))
            if week_shown
            else ""
        )
        self.week_left.setVisible(week_shown)
        reasons = [reason_text(code) for code in status.reasons]
        self.reasons.setText("\n".join(reasons))
        self.reasons.setVisible(bool(reasons))
        hours = hours_used_today(self._week, status.day)
        self.timeline.set_day(status.hours_today, hours, now)
        self.timeline.setVisible(restricted)
        self._legend.setVisible(restricted)
        self.ahead.setText(hours_ahead_text(status.hours_today, now) if restricted else "")
        self.ahead.setVisible(restricted)
        closes = closes_text(status) if restricted else ""
        self.next_change.setText(closes)
        self.next_change.setVisible(bool(closes))
        apps = app_time_lines(status)
        self.apps.setText("\n".join(apps))
        self._apps_heading.setVisible(bool(apps))
        self.apps.setVisible(bool(apps))
        blocks = sorted(
            self._sites + app_blocks(self._week, status.day, status.account),
            key=lambda block: block.at,
            reverse=True,
        )[:BLOCKS_SHOWN]
        self.blocks.setText(
            "\n".join(block_line(block) for block in blocks)
            if blocks
            else self.tr("Nothing was blocked lately.")
        )
        self._blocks_heading.setVisible(restricted)
        self.blocks.setVisible(restricted)
        self.tip.setText(tip_line(status.age, status.day, TIP_SALT))
        self.ask_button.setEnabled(True)
        self.ask_button.setVisible(restricted and status.profile_id is not None)

    def _show_requests(self, status: Status) -> None:
        shown = status.restricted
        self._requests_heading.setVisible(shown)
        self.requests.setVisible(shown)
        if not shown:
            return
        try:
            views: list[RequestView] = self._requests.mine()
        except ApiError as error:
            log.info("My day could not read the child's requests: %s", error)
            self.requests.setText(read_error_text(error))
            return
        if not views:
            self.requests.setText(self.tr("You have not asked for anything today."))
            return
        self.requests.setText("\n".join(request_line(view) for view in views))

    @property
    def status(self) -> Status | None:
        """The last status shown."""
        return self._status

    def closeEvent(self, event: QCloseEvent) -> None:
        """Stop listening to the service once closed."""
        self._bridge.close()
        super().closeEvent(event)
