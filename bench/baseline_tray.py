"""Baseline for the tray: QApplication, a QSystemTrayIcon and a hidden window, nothing else."""

from __future__ import annotations

import sys

from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import QApplication, QLabel, QSystemTrayIcon


def main() -> int:
    """Show a tray icon (or a small window without a tray) and report it."""
    app = QApplication(sys.argv)
    app.setQuitOnLastWindowClosed(False)
    pixmap = QPixmap(22, 22)
    pixmap.fill(QColor("green"))
    tray = QSystemTrayIcon(QIcon(pixmap))
    window = QLabel("baseline")
    if QSystemTrayIcon.isSystemTrayAvailable():
        tray.show()
    else:
        window.show()
    app.processEvents()
    print("shown tray" if tray.isVisible() else "shown window", flush=True)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
