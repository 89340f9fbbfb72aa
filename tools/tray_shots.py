"""The tray icon as a real tray host shows it: `python -m tools.tray_shots OUTDIR`.

Needs an X display (Xvfb) and `trayer`. For each tray height (16, 22, 24 and 32 px) trayer runs
at that height, Guardian's icons sit in it for a few moments of a child's day (plenty left,
16 hours left, the last minutes, blocked, no limits), and the tray's part of the screen is
grabbed. One picture per language, `tray-sizes-<language>.png`: a row per height, scaled up 3×
without smoothing beside the true-size row, so a reader sees the pixels the child sees.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QRect, Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QPainter, QPixmap
from PySide6.QtWidgets import QApplication, QSystemTrayIcon

from tests.helpers.fake_api import blocked_status, sample_status
from tools.screenshots import speaking
from ui.i18n import LANGUAGES
from ui.icon import Gauge, gauge_icon

HEIGHTS = (16, 22, 24, 32)
ZOOM = 3
MARGIN = 12
WAIT_SECONDS = 10.0
EXIT_FAILED = 1
MOMENTS = (
    sample_status(),
    sample_status(session_left=16 * 3600.0, time_left_today=16 * 3600.0, budget_today=None),
    sample_status(session_left=600.0, time_left_today=600.0),
    sample_status(session_left=45.0, time_left_today=45.0, countdown=True),
    blocked_status(),
    sample_status(restricted=False),
)


def _pump(seconds: float) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        QCoreApplication.processEvents()
        time.sleep(0.02)


def _wait(condition: Callable[[], bool], what: str) -> None:
    end = time.monotonic() + WAIT_SECONDS
    while not condition():
        if time.monotonic() > end:
            raise RuntimeError(f"timed out waiting for {what}")
        _pump(0.05)


@contextmanager
def trayer(height: int) -> Iterator[None]:
    """A tray host of `height` pixels at the top left of the screen, for the duration."""
    host = subprocess.Popen(
        [
            "trayer",
            "--edge", "top",
            "--align", "left",
            "--widthtype", "request",
            "--height", str(height),
            "--iconspacing", "4",
            "--tint", "0x303030",
            "--transparent", "true",
            "--alpha", "0",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        _wait(QSystemTrayIcon.isSystemTrayAvailable, "the tray host")
        yield
    finally:
        host.terminate()
        host.wait(5)
        _wait(lambda: not QSystemTrayIcon.isSystemTrayAvailable(), "the tray host to go")


def grab_row(height: int) -> QPixmap:
    """Guardian's icons for every moment in a tray of `height` pixels, as the screen shows them."""
    with trayer(height):
        icons = []
        for status in MOMENTS:
            icon = QSystemTrayIcon()
            # The icon carries a drawing per size; the tray host takes the one for its height.
            icon.setIcon(gauge_icon(Gauge.of(status)))
            icon.show()
            icons.append(icon)
        _wait(lambda: all(i.geometry().width() > 0 for i in icons), "the icons to be placed")
        _pump(1.0)
        area = QRect()
        for icon in icons:
            area = area.united(icon.geometry())
        screen = QGuiApplication.primaryScreen()
        pixmap = screen.grabWindow(0, area.x(), area.y(), area.width(), area.height())
        for icon in icons:
            icon.hide()
            icon.deleteLater()
        _pump(0.2)
        return pixmap


def compose(rows: list[tuple[int, QPixmap]]) -> QPixmap:
    """Each height's row at true size, and beside it 3× larger, labelled with the height."""
    label_width = 70
    width = label_width + max(r.width() + MARGIN + r.width() * ZOOM for _, r in rows) + 2 * MARGIN
    height = sum(r.height() * ZOOM + MARGIN for _, r in rows) + MARGIN
    canvas = QPixmap(width, height)
    canvas.fill(QColor("white"))
    painter = QPainter(canvas)
    font = QFont(painter.font())
    font.setPixelSize(14)
    painter.setFont(font)
    y = MARGIN
    for size, row in rows:
        tall = row.height() * ZOOM
        painter.setPen(QColor("black"))
        painter.drawText(
            QRect(MARGIN, y, label_width, tall), Qt.AlignmentFlag.AlignVCenter, f"{size} px"
        )
        painter.drawPixmap(label_width, y + (tall - row.height()) // 2, row)
        zoomed = row.scaled(
            row.width() * ZOOM, tall, Qt.AspectRatioMode.IgnoreAspectRatio,
            Qt.TransformationMode.FastTransformation,
        )  # fmt: skip
        painter.drawPixmap(label_width + row.width() + MARGIN, y, zoomed)
        y += tall + MARGIN
    painter.end()
    return canvas


def main(argv: list[str] | None = None) -> int:
    """Write tray-sizes-<language>.png for every language; non-zero when it cannot."""
    parser = argparse.ArgumentParser(prog="python -m tools.tray_shots", description=__doc__)
    parser.add_argument("outdir", type=Path)
    args = parser.parse_args(argv)
    if os.environ.get("QT_QPA_PLATFORM") != "xcb" or shutil.which("trayer") is None:
        print("tray_shots: needs QT_QPA_PLATFORM=xcb on an X display and trayer", file=sys.stderr)
        return EXIT_FAILED
    app = QApplication.instance() or QApplication([])
    args.outdir.mkdir(parents=True, exist_ok=True)
    for language in LANGUAGES:
        with speaking(app, language):
            rows = [(height, grab_row(height)) for height in HEIGHTS]
            path = args.outdir / f"tray-sizes-{language}.png"
            if not compose(rows).save(str(path)):
                print(f"FAILED to write {path}", file=sys.stderr)
                return EXIT_FAILED
            print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
