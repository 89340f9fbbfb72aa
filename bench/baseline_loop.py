"""Baseline for the service: a bare QtCore event loop with a 1 s timer doing nothing."""

from __future__ import annotations

import sys

from PySide6.QtCore import QCoreApplication, QTimer


def main() -> int:
    """Run an idle loop until killed."""
    app = QCoreApplication(sys.argv)
    timer = QTimer()
    timer.setInterval(1000)
    timer.timeout.connect(lambda: None)
    timer.start()
    print("ready", flush=True)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
