"""The drawn tray icon: level, label and colours for each kind of status."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor
from pytestqt.qtbot import QtBot

from guardian.api import Status
from tests.helpers.fake_api import blocked_status, sample_status
from ui.icon import COLOURS, ICON_SIZES, SERVICE_DOWN_GAUGE, Gauge, Level, draw_gauge, gauge_icon

SIZE = 64
RING_TOP = (36, 4)
"""A pixel in the ring just clockwise of 12 o'clock, where the arc starts."""
RING_LEFT = (4, 32)
"""A pixel in the ring at 9 o'clock: three quarters round the arc."""

CASES = [
    (sample_status(), Level.PLENTY, "80"),
    (sample_status(session_left=600.0, time_left_today=600.0), Level.LOW, "10"),
    (
        sample_status(session_left=41.2, time_left_today=41.2, countdown=True),
        Level.LAST_MINUTE,
        "42",
    ),
    (blocked_status(), Level.BLOCKED, ""),
    (
        sample_status(restricted=False, session_left=None, time_left_today=None),
        Level.UNRESTRICTED,
        "∞",
    ),
    (
        sample_status(session_left=None, time_left_today=None, budget_today=None),
        Level.UNRESTRICTED,
        "∞",
    ),
    (
        sample_status(session_left=7500.0, time_left_today=7500.0, budget_today=9000.0),
        Level.PLENTY,
        "2h",
    ),
]


def _colour_at(gauge: Gauge, x: int, y: int) -> QColor:
    return draw_gauge(gauge, SIZE).toImage().pixelColor(x, y)


@pytest.mark.parametrize(("status", "level", "label"), CASES)
def test_gauge_reads_the_status(qtbot: QtBot, status: Status, level: Level, label: str) -> None:
    gauge = Gauge.of(status)
    assert (gauge.level, gauge.label) == (level, label)


@pytest.mark.parametrize(("status", "level", "label"), CASES)
def test_the_ring_has_the_colour_of_its_level(
    qtbot: QtBot, status: Status, level: Level, label: str
) -> None:
    assert _colour_at(Gauge.of(status), *RING_TOP) == COLOURS[level]


def test_levels_have_distinct_colours() -> None:
    assert len({colour.name() for colour in COLOURS.values()}) == len(Level)


def test_the_ring_shows_the_fraction_of_the_budget_left(qtbot: QtBot) -> None:
    two_thirds = Gauge.of(sample_status())
    assert two_thirds.fraction == pytest.approx(4800 / 7200, abs=0.005)
    assert _colour_at(two_thirds, *RING_LEFT) != COLOURS[Level.PLENTY]
    full = Gauge(Level.PLENTY, 1.0, "80")
    assert _colour_at(full, *RING_LEFT) == COLOURS[Level.PLENTY]


def test_hidpi_pixmaps_are_drawn_at_the_pixel_ratio(qtbot: QtBot) -> None:
    pixmap = draw_gauge(Gauge.of(sample_status()), 22, 2.0)
    assert (pixmap.width(), pixmap.height(), pixmap.devicePixelRatio()) == (44, 44, 2.0)


def test_one_icon_holds_every_tray_size(qtbot: QtBot) -> None:
    icon = gauge_icon(Gauge.of(sample_status()))
    assert {size.width() for size in icon.availableSizes()} >= set(ICON_SIZES)


def test_service_down_is_a_grey_ring_struck_through(qtbot: QtBot) -> None:
    for size in (16, 22, 32):
        image = draw_gauge(SERVICE_DOWN_GAUGE, size).toImage()
        grey = COLOURS[Level.SERVICE_DOWN]
        middle = image.pixelColor(size // 2, size // 2)
        assert middle.rgb() == grey.rgb(), "the slash crosses the middle"
        top = image.pixelColor(size // 2, 1)
        assert top.rgb() == grey.rgb(), "the ring is whole"
    down = draw_gauge(SERVICE_DOWN_GAUGE, 22).toImage()
    for status, _level, _label in CASES:
        assert draw_gauge(Gauge.of(status), 22).toImage() != down


@pytest.mark.parametrize("label", ["16h", "16ч", "95", "∞"])
def test_small_tray_icons_draw_the_label_large_enough_to_read(qtbot: QtBot, label: str) -> None:
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QFont

    from ui.icon import SMALL, label_font

    for size in (16, 22, SMALL):
        font = label_font(QFont(), QRectF(0, 0, size, size), label)
        ring = max(2.0, size / 7)
        inside = label_font(QFont(), QRectF(ring, ring, size - 2 * ring, size - 2 * ring), label)
        # Over the whole icon, not squeezed inside the ring ("16ч" at 16 px: 7 px, not 5).
        assert font.pixelSize() >= 0.42 * size, (label, size, font.pixelSize())
        assert font.pixelSize() > inside.pixelSize() or label == "∞"
        image = draw_gauge(Gauge(Level.PLENTY, 1.0, label), size).toImage()
        inked = {
            image.pixelColor(x, y).rgb()
            for x in range(size)
            for y in range(size)
            if image.pixelColor(x, y).alpha() > 0
        }
        # The halo keeps the label apart from the ring it crosses.
        assert QColor("white").rgb() in inked
