"""The tray icon, drawn from the status: a ring of today's budget left and the time as text.

Drawn rather than loaded so that the child sees the time left at a glance, at any size and scale.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import Enum

from PySide6.QtCore import QCoreApplication, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QGuiApplication,
    QIcon,
    QPainter,
    QPainterPath,
    QPen,
    QPixmap,
)

from guardian.api import Status

ICON_SIZES = (16, 22, 24, 32, 48, 64)
SMALL = 24
"""At this size and below the label is drawn over a thin ring, not inside it: three characters
("16ч", "95") inside a 16 px ring would be 6 px high, too small to read in either language."""
LOW_SECONDS = 15 * 60
LAST_MINUTE_SECONDS = 60


class Level(Enum):
    """How much time is left, which picks the icon's colour."""

    PLENTY = "plenty"
    LOW = "low"
    LAST_MINUTE = "last_minute"
    BLOCKED = "blocked"
    UNRESTRICTED = "unrestricted"
    SERVICE_DOWN = "service_down"
    """Not a time level: the service cannot be reached, so nothing is known."""


COLOURS = {
    Level.PLENTY: QColor("#2e9d4f"),
    Level.LOW: QColor("#e8a317"),
    Level.LAST_MINUTE: QColor("#e4572e"),
    Level.BLOCKED: QColor("#b3261e"),
    Level.UNRESTRICTED: QColor("#3a7bd5"),
    Level.SERVICE_DOWN: QColor("#6e6e6e"),
}
TRACK_COLOUR = QColor(128, 128, 128, 90)


@dataclass(frozen=True, slots=True)
class Gauge:
    """What the icon shows: a level, the fraction of the ring to fill, and a short label.

    The ring is today's budget left, and in the last minute the part of that minute left.
    """

    level: Level
    fraction: float
    label: str

    @classmethod
    def of(cls, status: Status) -> Gauge:
        """Read the gauge off a status; the time shown is the time until the next block."""
        if not status.restricted:
            return cls(Level.UNRESTRICTED, 1.0, "∞")
        if not status.allowed:
            return cls(Level.BLOCKED, 1.0, "")
        seconds = status.session_left
        if seconds is None:
            return cls(Level.UNRESTRICTED, 1.0, "∞")
        fraction = 1.0
        if status.budget_today and status.time_left_today is not None:
            # Whole percents: finer steps would redraw the icon with no visible change.
            fraction = round(min(1.0, max(0.0, status.time_left_today / status.budget_today)), 2)
        if seconds <= LAST_MINUTE_SECONDS:
            # The ring becomes a second hand: what is left of the last minute.
            left = max(0.0, seconds)
            return cls(Level.LAST_MINUTE, left / LAST_MINUTE_SECONDS, str(math.ceil(left)))
        level = Level.LOW if seconds <= LOW_SECONDS else Level.PLENTY
        return cls(level, fraction, _minutes_label(seconds))


SERVICE_DOWN_GAUGE = Gauge(Level.SERVICE_DOWN, 1.0, "")
"""A grey ring struck through: the service is not running."""


def _minutes_label(seconds: float) -> str:
    """Whole minutes (rounded as `format_duration` does) below 100, hours above."""
    minutes = int(seconds + 30) // 60
    if minutes < 100:
        return str(minutes)
    hours = int(seconds // 3600)
    return QCoreApplication.translate("TrayIcon", "%nh", "hours, as short as possible", hours)


def draw_gauge(gauge: Gauge, size: int, ratio: float = 1.0) -> QPixmap:
    """Paint the gauge on a transparent square of `size` logical pixels at `ratio` scale."""
    pixmap = QPixmap(QSize(round(size * ratio), round(size * ratio)))
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    colour = COLOURS[gauge.level]
    pen_width = max(2.0, size / 7)
    ring = QRectF(0, 0, size, size).adjusted(
        pen_width / 2, pen_width / 2, -pen_width / 2, -pen_width / 2
    )
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(TRACK_COLOUR, pen_width))
    painter.drawEllipse(ring)
    painter.setPen(QPen(colour, pen_width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.FlatCap))
    # Angles are in 1/16 degree, counter-clockwise from 3 o'clock: start at 12, run clockwise.
    painter.drawArc(ring, 90 * 16, -round(gauge.fraction * 360 * 16))
    inner = ring.adjusted(pen_width / 2, pen_width / 2, -pen_width / 2, -pen_width / 2)
    if gauge.level is Level.BLOCKED:
        _draw_bar(painter, inner, colour)
    elif gauge.level is Level.SERVICE_DOWN:
        _draw_slash(painter, ring, colour, pen_width)
    elif size <= SMALL:
        _draw_label(painter, QRectF(0, 0, size, size), gauge.label, colour, halo=True)
    else:
        _draw_label(painter, inner, gauge.label, colour)
    painter.end()
    return pixmap


def _draw_bar(painter: QPainter, inner: QRectF, colour: QColor) -> None:
    """A "no entry" bar across the middle: time is up."""
    height = max(2.0, inner.height() / 4)
    bar = QRectF(0, 0, inner.width() * 0.7, height)
    bar.moveCenter(inner.center())
    painter.fillRect(bar, colour)


def _draw_slash(painter: QPainter, ring: QRectF, colour: QColor, pen_width: float) -> None:
    """A stroke across the ring from upper right to lower left, as on a "not available" sign."""
    centre, radius = ring.center(), ring.width() / 2
    offset = radius * math.sqrt(0.5)
    painter.setPen(QPen(colour, pen_width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.FlatCap))
    painter.drawLine(
        QPointF(centre.x() + offset, centre.y() - offset),
        QPointF(centre.x() - offset, centre.y() + offset),
    )


def label_font(base: QFont, area: QRectF, label: str) -> QFont:
    """A bold font for `label` as large as fits `area` (three quarters of its height at most)."""
    font = QFont(base)
    font.setBold(True)
    font.setPixelSize(max(1, round(area.height() * 0.75)))
    width = QFontMetricsF(font).horizontalAdvance(label)
    if width > area.width():
        font.setPixelSize(max(1, math.floor(font.pixelSize() * area.width() / width)))
    return font


def _draw_label(
    painter: QPainter, area: QRectF, label: str, colour: QColor, *, halo: bool = False
) -> None:
    """The label as large as fits `area`; with `halo`, outlined in white so it stays readable
    where it crosses the ring."""
    font = label_font(painter.font(), area, label)
    if halo:
        path = QPainterPath()
        metrics = QFontMetricsF(font)
        width = metrics.horizontalAdvance(label)
        baseline = area.center().y() + (metrics.ascent() - metrics.descent()) / 2
        path.addText(QPointF(area.center().x() - width / 2, baseline), font, label)
        painter.setPen(QPen(QColor("white"), max(1.5, font.pixelSize() / 4)))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(path)
        painter.fillPath(path, colour)
        return
    painter.setFont(font)
    painter.setPen(colour)
    painter.drawText(area, Qt.AlignmentFlag.AlignCenter, label)


def gauge_icon(gauge: Gauge) -> QIcon:
    """One QIcon holding the gauge at every tray size, at the screens' highest pixel ratio."""
    app = QGuiApplication.instance()
    ratio = app.devicePixelRatio() if isinstance(app, QGuiApplication) else 1.0
    icon = QIcon()
    for size in ICON_SIZES:
        icon.addPixmap(draw_gauge(gauge, size, ratio))
    return icon
