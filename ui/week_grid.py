"""The weekly grid where a parent paints the hours a child may use the computer.

Seven rows (Monday to Sunday) of 96 quarter-hour cells: drag to allow, start a drag on an
allowed cell to forbid. Next to it, a per-day list of windows with exact minutes. Painting
rewrites only the days it touches (see `ui.week_hours`), so exact minutes elsewhere survive.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import ClassVar

from PySide6.QtCore import QEvent, QLocale, QPointF, QRect, QRectF, QSize, Qt, QTime, Signal
from PySide6.QtGui import (
    QColor,
    QFocusEvent,
    QFont,
    QFontMetrics,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
)
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QTimeEdit,
    QToolButton,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from rules.model import Profile
from rules.timeofday import MINUTES_PER_DAY, AllowedWindow, Weekday
from ui.texts import ERROR_STYLE, clock_format, clock_span_text, clock_text, hour_text
from ui.week_hours import DAYS, WeekHours, WeekWindows

CELL_MINUTES = 15
CELLS = MINUTES_PER_DAY // CELL_MINUTES
ALLOWED_COLOUR = QColor("#43a047")
CURSOR_COLOUR = QColor("#1565c0")
MORNING = 8 * 60
MIN_CELL_WIDTH = 5
PREFERRED_CELL_WIDTH = 8


def day_name(day: Weekday) -> str:
    """The weekday's name in the user's language, capitalised as a label ("Понедельник")."""
    name = QLocale().standaloneDayName(DAYS.index(day) + 1, QLocale.FormatType.LongFormat)
    return name[:1].upper() + name[1:]


def window_text(window: AllowedWindow) -> str:
    """A window in the locale's clock, "07:00–21:30" or "7:00 AM–9:30 PM"; an end at midnight
    is the end of the day (24:00 on a 24-hour clock)."""
    end = MINUTES_PER_DAY if window.end == 0 else window.end
    return clock_span_text(window.start, end)


def _time_of(minute: int) -> QTime:
    return QTime(minute // 60 % 24, minute % 60)


def _minute_of(time: QTime) -> int:
    return time.hour() * 60 + time.minute()


@dataclass(frozen=True, slots=True)
class _Stroke:
    """A mouse drag in progress: the hours before it, where it began, and what it paints."""

    before: WeekHours
    anchor: tuple[int, int]
    allow: bool


class HoursCanvas(QWidget):
    """The painted grid itself. Keys: arrows move, Space toggles, Shift+arrows carry a state.

    Signals:
        edited: the parent changed allowed minutes (once per mouse drag, once per key).
        cursor_moved(Weekday): the cursor moved to another cell; the day is its row's.
    """

    edited = Signal()
    cursor_moved = Signal(object)

    _STEP_KEYS: ClassVar[dict[Qt.Key, tuple[int, int]]] = {
        Qt.Key.Key_Left: (0, -1),
        Qt.Key.Key_Right: (0, 1),
        Qt.Key.Key_Up: (-1, 0),
        Qt.Key.Key_Down: (1, 0),
        Qt.Key.Key_PageUp: (0, -4),
        Qt.Key.Key_PageDown: (0, 4),
        Qt.Key.Key_Home: (0, -CELLS),
        Qt.Key.Key_End: (0, CELLS),
    }

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.hours = WeekHours()
        self._cursor = (0, 8 * 60 // CELL_MINUTES)
        self._stroke: _Stroke | None = None
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName(self.tr("Allowed hours, Monday to Sunday"))
        self.setAccessibleDescription(
            self.tr(
                "Arrow keys move between quarter hours and days, Space allows or forbids "
                "the quarter hour, Shift with an arrow key gives the next quarter hour "
                "the same state."
            )
        )

    # Geometry -----------------------------------------------------------------------------

    def _label_width(self) -> int:
        metrics = QFontMetrics(self._bold_font())
        return max(metrics.horizontalAdvance(day_name(day)) for day in DAYS) + 12

    def _header_height(self) -> int:
        return self.fontMetrics().height() + 6

    def _row_height(self) -> int:
        return max(self.fontMetrics().height() + 8, 24)

    def _bold_font(self) -> QFont:
        font = QFont(self.font())
        font.setBold(True)
        return font

    def _right_margin(self) -> int:
        # Room for half of the "24" over the last line.
        return self.fontMetrics().horizontalAdvance("24") // 2 + 2

    def _cell_width(self) -> float:
        free = self.width() - self._label_width() - self._right_margin()
        return max(MIN_CELL_WIDTH, free / CELLS)

    def sizeHint(self) -> QSize:
        """Wide enough for readable quarter hours."""
        height = self._header_height() + len(DAYS) * self._row_height() + 1
        width = self._label_width() + CELLS * PREFERRED_CELL_WIDTH + self._right_margin()
        return QSize(width, height)

    def minimumSizeHint(self) -> QSize:
        """Narrower cells still leave room to aim."""
        width = self._label_width() + CELLS * MIN_CELL_WIDTH + self._right_margin()
        return QSize(width, self.sizeHint().height())

    def cell_rect(self, row: int, cell: int) -> QRectF:
        """Where a quarter hour is drawn; tests aim the mouse at its centre."""
        width = self._cell_width()
        left = self._label_width() + cell * width
        top = self._header_height() + row * self._row_height()
        return QRectF(left, top, width, self._row_height())

    def _x_of(self, minute: int) -> float:
        return self._label_width() + minute * self._cell_width() / CELL_MINUTES

    def _cell_at(self, pos: QPointF) -> tuple[int, int]:
        row = math.floor((pos.y() - self._header_height()) / self._row_height())
        cell = math.floor((pos.x() - self._label_width()) / self._cell_width())
        return min(max(row, 0), len(DAYS) - 1), min(max(cell, 0), CELLS - 1)

    # State -----------------------------------------------------------------------------

    @property
    def cursor_day(self) -> Weekday:
        """The day of the row with the keyboard cursor."""
        return DAYS[self._cursor[0]]

    def set_cursor_day(self, day: Weekday) -> None:
        """Move the keyboard cursor to another day's row, keeping the time."""
        self._cursor = (DAYS.index(day), self._cursor[1])
        self.update()

    def set_hours(self, hours: WeekHours) -> None:
        """Show other windows; any drag in progress is dropped."""
        self.hours = hours
        self._stroke = None
        self.update()

    def _cell_span(self, row: int, cell: int) -> tuple[Weekday, int, int]:
        return DAYS[row], cell * CELL_MINUTES, (cell + 1) * CELL_MINUTES

    def _allowed_minutes(self, row: int, cell: int) -> int:
        cover = self.hours.cover()
        start = row * MINUTES_PER_DAY + cell * CELL_MINUTES
        return sum(cover[start : start + CELL_MINUTES])

    def describe(self, row: int, cell: int) -> str:
        """One cell in words: its day and time and whether it is allowed, to the minute."""
        day, start, end = self._cell_span(row, cell)
        when = (
            self.tr("%1, %2–%3")
            .replace("%1", day_name(day))
            .replace("%2", clock_text(start))
            .replace("%3", clock_text(end))
        )
        allowed = self._allowed_minutes(row, cell)
        if allowed == CELL_MINUTES:
            return self.tr("%1: allowed").replace("%1", when)
        if allowed == 0:
            return self.tr("%1: not allowed").replace("%1", when)
        return self.tr("%1: allowed for %n min", None, allowed).replace("%1", when)

    def cursor_text(self) -> str:
        """The keyboard cursor's cell in words."""
        return self.describe(*self._cursor)

    # Painting strokes ----------------------------------------------------------------------

    def _fully_allowed(self, cell: tuple[int, int]) -> bool:
        return self._allowed_minutes(*cell) == CELL_MINUTES

    def _begin_stroke(self, cell: tuple[int, int]) -> None:
        self._stroke = _Stroke(self.hours.copy(), cell, not self._fully_allowed(cell))
        self._extend_stroke(cell)

    def _extend_stroke(self, cell: tuple[int, int]) -> None:
        if self._stroke is None:
            return
        anchor = self._stroke.anchor
        rows = range(min(anchor[0], cell[0]), max(anchor[0], cell[0]) + 1)
        first, last = min(anchor[1], cell[1]), max(anchor[1], cell[1])
        spans = [(DAYS[r], first * CELL_MINUTES, (last + 1) * CELL_MINUTES) for r in rows]
        self.hours = self._stroke.before.copy()
        self.hours.paint(spans, self._stroke.allow)
        self.update()

    def _end_stroke(self) -> None:
        """Finish a drag; it reports its edit once, now."""
        stroke, self._stroke = self._stroke, None
        if stroke is not None and stroke.before.windows() != self.hours.windows():
            self.edited.emit()

    def _move_cursor(self, cell: tuple[int, int]) -> None:
        self._cursor = cell
        self.update()
        self.cursor_moved.emit(DAYS[cell[0]])

    def _paint_cells(self, row: int, first: int, last: int, allow: bool) -> None:
        """Set cells `first` to `last` of a row; tell about it when something changed."""
        span = (DAYS[row], min(first, last) * CELL_MINUTES, (max(first, last) + 1) * CELL_MINUTES)
        if self.hours.paint([span], allow):
            self.update()
            self.edited.emit()

    # Events ----------------------------------------------------------------------------

    def _in_cells(self, pos: QPointF) -> bool:
        return pos.x() >= self._label_width() and pos.y() >= self._header_height()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        """Start painting, or pick a day by its name."""
        if event.button() != Qt.MouseButton.LeftButton:
            super().mousePressEvent(event)
            return
        self._end_stroke()
        cell = self._cell_at(event.position())
        self._move_cursor(cell)
        if self._in_cells(event.position()):
            self._begin_stroke(cell)
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        """Grow the painted rectangle from where the drag began."""
        if self._stroke is not None:
            cell = self._cell_at(event.position())
            if cell != self._cursor:
                self._move_cursor(cell)
                self._extend_stroke(cell)
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        """Finish the drag; one `edited` per drag."""
        if event.button() == Qt.MouseButton.LeftButton and self._stroke is not None:
            self._extend_stroke(self._cell_at(event.position()))
            self._end_stroke()
        event.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Arrows move, Space toggles, Shift+arrows carry the current cell's state along."""
        key = event.key()
        step = self._STEP_KEYS.get(Qt.Key(key))
        row, column = self._cursor
        if key in (Qt.Key.Key_Space, Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._paint_cells(row, column, column, not self._fully_allowed(self._cursor))
            return
        if step is None or self._stroke is not None:
            super().keyPressEvent(event)
            return
        to_row = min(max(row + step[0], 0), len(DAYS) - 1)
        to_column = min(max(column + step[1], 0), CELLS - 1)
        carry = self._fully_allowed(self._cursor)
        self._move_cursor((to_row, to_column))
        if event.modifiers() & Qt.KeyboardModifier.ShiftModifier and (to_row, to_column) != (
            row,
            column,
        ):
            # The cells moved onto take the state of the cell moved from.
            first = to_column if to_row != row else column + (1 if to_column > column else -1)
            self._paint_cells(to_row, first, to_column, carry)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        """A drag never outlives focus."""
        self._end_stroke()
        super().focusOutEvent(event)

    def event(self, event: QEvent) -> bool:
        """Tooltips say what a cell is, to the minute."""
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            pos = QPointF(event.pos())
            if pos.x() >= self._label_width() and pos.y() >= self._header_height():
                QToolTip.showText(event.globalPos(), self.describe(*self._cell_at(pos)), self)
            else:
                QToolTip.hideText()
            return True
        return super().event(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        """Rows of days, hour labels on top, allowed minutes filled exactly."""
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        palette = self.palette()
        label_w, header_h, row_h = self._label_width(), self._header_height(), self._row_height()
        right = self._x_of(MINUTES_PER_DAY)
        bottom = header_h + len(DAYS) * row_h
        painter.fillRect(
            QRectF(label_w, header_h, right - label_w, bottom - header_h), palette.base()
        )

        cover = self.hours.cover()
        for row in range(len(DAYS)):
            top = header_h + row * row_h
            base = row * MINUTES_PER_DAY
            minute = 0
            while minute < MINUTES_PER_DAY:
                if not cover[base + minute]:
                    minute += 1
                    continue
                start = minute
                while minute < MINUTES_PER_DAY and cover[base + minute]:
                    minute += 1
                x0, x1 = self._x_of(start), self._x_of(minute)
                painter.fillRect(QRectF(x0, top + 2, x1 - x0, row_h - 4), ALLOWED_COLOUR)

        self._paint_lines(painter, bottom)
        self._paint_labels(painter)
        if self.hasFocus():
            pen = QPen(CURSOR_COLOUR, 2)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(self.cell_rect(*self._cursor).adjusted(1, 1, -1, -1))
        painter.end()

    def _paint_lines(self, painter: QPainter, bottom: int) -> None:
        palette = self.palette()
        label_w, header_h, row_h = self._label_width(), self._header_height(), self._row_height()
        faint = QColor(palette.mid().color())
        faint.setAlpha(70)
        strong = QColor(palette.text().color())
        strong.setAlpha(110)
        cell_w = self._cell_width()
        for cell in range(CELLS + 1):
            painter.setPen(QPen(strong if cell % 4 == 0 else faint, 1))
            x = round(label_w + cell * cell_w)
            painter.drawLine(x, header_h - (3 if cell % 4 == 0 else 0), x, bottom)
        painter.setPen(QPen(strong, 1))
        for row in range(len(DAYS) + 1):
            y = header_h + row * row_h
            painter.drawLine(label_w, y, round(self._x_of(MINUTES_PER_DAY)), y)

    def _paint_labels(self, painter: QPainter) -> None:
        label_w, header_h, row_h = self._label_width(), self._header_height(), self._row_height()
        painter.setPen(self.palette().text().color())
        metrics = self.fontMetrics()
        hour_w = self._cell_width() * 4
        step = next(
            (s for s in (1, 2, 3, 4, 6) if s * hour_w >= metrics.horizontalAdvance("24") + 6), 6
        )
        for hour in range(0, 25, step):
            x = round(self._x_of(hour * 60))
            text = hour_text(hour)
            width = metrics.horizontalAdvance(text)
            left = min(max(x - width // 2, label_w - width // 2), self.width() - width)
            painter.drawText(
                QRect(left, 0, width, header_h - 3), Qt.AlignmentFlag.AlignCenter, text
            )
        for row, day in enumerate(DAYS):
            font = self._bold_font() if row == self._cursor[0] else self.font()
            painter.setFont(font)
            rect = QRect(4, header_h + row * row_h, label_w - 8, row_h)
            painter.drawText(
                rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, day_name(day)
            )
        painter.setFont(self.font())


class _Swatch(QWidget):
    """A small square for the legend, filled wholly, partly or not at all."""

    def __init__(self, fill: float, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._fill = fill
        self.setFixedSize(16, 16)

    def paintEvent(self, event: QPaintEvent) -> None:
        """Draw the square like a grid cell."""
        painter = QPainter(self)
        box = QRectF(0.5, 0.5, 15, 15)
        painter.fillRect(box, self.palette().base())
        if self._fill:
            width = 15 * self._fill
            painter.fillRect(QRectF(box.right() - width, 2.5, width, 11), ALLOWED_COLOUR)
        painter.setPen(QPen(self.palette().text().color(), 1))
        painter.drawRect(box)
        painter.end()


class WindowRow(QWidget):
    """One window's start and end, to the minute, with a button to remove it.

    Signals:
        edited: the start or the end changed.
        removed: the parent asked to remove this window.
    """

    edited = Signal()
    removed = Signal()

    def __init__(self, number: int, start: int, end: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.start_edit = self._time_edit(start, self.tr("Start of window %1"), number)
        self.end_edit = self._time_edit(end, self.tr("End of window %1"), number)
        self.remove_button = QToolButton()
        self.remove_button.setText(self.tr("Remove"))
        self.remove_button.setAccessibleName(self.tr("Remove window %1").replace("%1", str(number)))
        self.remove_button.clicked.connect(self.removed)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.start_edit)
        layout.addWidget(QLabel("–"))
        layout.addWidget(self.end_edit)
        layout.addWidget(self.remove_button)

    def _time_edit(self, minute: int, name: str, number: int) -> QTimeEdit:
        edit = QTimeEdit(_time_of(minute))
        edit.setDisplayFormat(clock_format())
        edit.setWrapping(True)
        edit.setAccessibleName(name.replace("%1", str(number)))
        edit.timeChanged.connect(self.edited)
        return edit

    def minutes(self) -> tuple[int, int]:
        """Start and end as minutes since midnight; an end of 0 is midnight."""
        return _minute_of(self.start_edit.time()), _minute_of(self.end_edit.time())


class DayEditor(QGroupBox):
    """One day's windows with exact start and end minutes.

    Signals:
        day_chosen(Weekday): the parent picked another day in the list of days.
        windows_edited(Weekday, tuple): the parent changed that day's windows (all valid times).
    """

    day_chosen = Signal(object)
    windows_edited = Signal(object, tuple)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Exact times"), parent)
        self._day = DAYS[0]
        self._rows: list[WindowRow] = []
        self._problem: str | None = None

        self.day_box = QComboBox()
        self.day_box.setAccessibleName(self.tr("Day"))
        for day in DAYS:
            self.day_box.addItem(day_name(day), day)
        self.day_box.currentIndexChanged.connect(self._on_day_box)

        self._rows_box = QVBoxLayout()
        self._rows_box.setContentsMargins(0, 0, 0, 0)
        self._empty = QLabel(self.tr("No time allowed on this day."))
        self._carried = QLabel()
        self._carried.setWordWrap(True)
        self.add_button = QPushButton(self.tr("Add a window"))
        self.add_button.clicked.connect(self._add_row)
        hint = QLabel(
            self.tr(
                "An end at or before the start runs into the next day. %1 to %1 is the whole day."
            ).replace("%1", clock_text(0))
        )
        hint.setWordWrap(True)
        hint.setEnabled(False)
        self._problem_label = QLabel()
        self._problem_label.setWordWrap(True)
        self._problem_label.setStyleSheet(ERROR_STYLE)
        self._problem_label.hide()

        layout = QVBoxLayout(self)
        layout.addWidget(self.day_box)
        layout.addWidget(self._carried)
        layout.addWidget(self._empty)
        layout.addLayout(self._rows_box)
        layout.addWidget(self.add_button)
        layout.addWidget(self._problem_label)
        layout.addWidget(hint)
        layout.addStretch()
        self.setMinimumWidth(230)

    @property
    def day(self) -> Weekday:
        """The day shown."""
        return self._day

    def problem(self) -> str | None:
        """Why the last edit could not be taken, or None."""
        return self._problem

    def rows(self) -> list[WindowRow]:
        """The rows of the windows shown, in order."""
        return list(self._rows)

    def show_day(
        self, day: Weekday, windows: Sequence[AllowedWindow], carried: Sequence[AllowedWindow]
    ) -> None:
        """List a day's windows; `carried` are the day before's windows that run into it."""
        self._day = day
        self.day_box.blockSignals(True)
        self.day_box.setCurrentIndex(DAYS.index(day))
        self.day_box.blockSignals(False)
        for row in self._rows:
            self._rows_box.removeWidget(row)
            row.deleteLater()
        self._rows = []
        for window in windows:
            self._append_row(window.start, window.end % MINUTES_PER_DAY)
        carried_text = QLocale().createSeparatedList(
            [clock_span_text(0, w.end) for w in carried if w.end]
        )
        self._carried.setText(
            self.tr("Also allowed, from the day before: %1").replace("%1", carried_text)
        )
        self._carried.setVisible(bool(carried_text))
        self._empty.setVisible(not self._rows)
        self._set_problem(None)

    def _append_row(self, start: int, end: int) -> None:
        row = WindowRow(len(self._rows) + 1, start, end)
        row.edited.connect(self._emit_windows)
        row.removed.connect(lambda: self._remove_row(row))
        self._rows.append(row)
        self._rows_box.addWidget(row)
        self._empty.hide()

    def _remove_row(self, row: WindowRow) -> None:
        self._rows.remove(row)
        self._rows_box.removeWidget(row)
        row.deleteLater()
        self._empty.setVisible(not self._rows)
        self._emit_windows()

    def _add_row(self) -> None:
        taken = bytearray(MINUTES_PER_DAY)
        for start, end in self._minutes():
            stop = MINUTES_PER_DAY if end <= start else end
            taken[start:stop] = b"\x01" * (stop - start)
        gaps = []
        minute = 0
        while minute < MINUTES_PER_DAY:
            if taken[minute]:
                minute += 1
                continue
            begin = minute
            while minute < MINUTES_PER_DAY and not taken[minute]:
                minute += 1
            if minute - begin >= CELL_MINUTES:
                gaps.append((begin, minute))
        if not gaps:
            self._set_problem(self.tr("The whole day is already allowed."))
            return
        # Prefer daytime for a new window: the first gap that reaches past the morning.
        begin, end = next(
            ((max(b, MORNING), e) for b, e in gaps if e - max(b, MORNING) >= CELL_MINUTES),
            gaps[0],
        )
        self._append_row(begin, min(end, begin + 60) % MINUTES_PER_DAY)
        self._emit_windows()

    def _minutes(self) -> list[tuple[int, int]]:
        return [row.minutes() for row in self._rows]

    def _on_day_box(self, index: int) -> None:
        self.day_chosen.emit(DAYS[index])

    def _set_problem(self, text: str | None) -> None:
        self._problem = text
        self._problem_label.setText(text or "")
        self._problem_label.setVisible(text is not None)

    def _emit_windows(self) -> None:
        windows = []
        for start, end in self._minutes():
            if start == end and start != 0:
                self._set_problem(
                    self.tr(
                        "A window cannot start and end at the same time. "
                        "For the whole day, use %1 to %1."
                    ).replace("%1", clock_text(0))
                )
                return
            windows.append(
                AllowedWindow(0, MINUTES_PER_DAY) if start == end else AllowedWindow(start, end)
            )
        try:
            Profile(id="check", name="check", allowed_hours={self._day: tuple(windows)})
        except ValueError:
            self._set_problem(self.tr("Some windows on this day overlap; merge them into one."))
        else:
            self._set_problem(None)
        self.windows_edited.emit(self._day, tuple(windows))


class WeekGrid(QWidget):
    """The week's allowed hours: the painted grid, a legend and the per-day exact editor.

    Signals:
        changed: the parent changed the windows; `set_windows` does not emit it.
    """

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.canvas = HoursCanvas()
        self.editor = DayEditor()
        self._status = QLabel()
        self._status.setWordWrap(True)

        legend = QHBoxLayout()
        for fill, text in (
            (1.0, self.tr("Allowed")),
            (0.0, self.tr("Not allowed")),
            (0.5, self.tr("Allowed for part of the quarter hour")),
        ):
            legend.addWidget(_Swatch(fill))
            legend.addWidget(QLabel(text))
            legend.addSpacing(12)
        legend.addStretch()
        howto = QLabel(
            self.tr(
                "Drag across the grid to allow time; start on an allowed quarter hour to "
                "remove it. Hours run from 0 to 24."
            )
        )
        howto.setWordWrap(True)

        left = QVBoxLayout()
        left.addWidget(self.canvas)
        left.addLayout(legend)
        left.addWidget(howto)
        left.addWidget(self._status)
        left.addStretch()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(left, 1)
        layout.addWidget(self.editor)

        self.canvas.edited.connect(self._on_painted)
        self.canvas.cursor_moved.connect(self._on_cursor)
        self.editor.day_chosen.connect(self._on_editor_day)
        self.editor.windows_edited.connect(self._on_editor_windows)
        self._show_day(self.canvas.cursor_day)

    def windows(self) -> WeekWindows:
        """Every weekday's windows; an empty tuple means no use that day."""
        return self.canvas.hours.windows()

    def set_windows(self, windows: Mapping[Weekday, Sequence[AllowedWindow]]) -> None:
        """Show these windows exactly; days left out have none."""
        self.canvas.set_hours(WeekHours(windows))
        self._show_day(self.editor.day)

    def problem(self) -> str | None:
        """An edit in the exact-time list that could not be taken, or None."""
        return self.editor.problem()

    def _carried(self, day: Weekday) -> tuple[AllowedWindow, ...]:
        before = DAYS[DAYS.index(day) - 1]
        return tuple(w for w in self.canvas.hours.day(before) if w.crosses_midnight)

    def _show_day(self, day: Weekday) -> None:
        self.editor.show_day(day, self.canvas.hours.day(day), self._carried(day))
        self._status.setText(self.canvas.cursor_text())

    def _on_cursor(self, day: Weekday) -> None:
        if day != self.editor.day:
            self._show_day(day)
        self._status.setText(self.canvas.cursor_text())

    def _on_painted(self) -> None:
        self._show_day(self.canvas.cursor_day)
        self.changed.emit()

    def _on_editor_day(self, day: Weekday) -> None:
        self.canvas.set_cursor_day(day)
        self._show_day(day)

    def _on_editor_windows(self, day: Weekday, windows: tuple[AllowedWindow, ...]) -> None:
        self.canvas.hours.set_day(day, windows)
        self.canvas.update()
        self._status.setText(self.canvas.cursor_text())
        self.changed.emit()
