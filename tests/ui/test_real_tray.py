"""The real tray on a virtual X screen with a tray host (run by `make test-xvfb`)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtWidgets import QSystemTrayIcon
from pytestqt.qtbot import QtBot

from tests.helpers.fake_api import FakeApi, sample_status
from tests.helpers.standalone_tray import seed_password, standalone_tray
from ui.tray import TrayAgent

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [
    pytest.mark.xvfb,
    pytest.mark.skipif(os.environ.get("QT_QPA_PLATFORM") != "xcb", reason="needs Xvfb and a tray"),
]


def test_the_tray_icon_is_really_shown(qtbot: QtBot) -> None:
    qtbot.waitUntil(QSystemTrayIcon.isSystemTrayAvailable, timeout=5000)
    api = FakeApi()
    agent = TrayAgent(api)
    agent.start()
    try:
        qtbot.waitUntil(lambda: agent.tray.isVisible() and agent.tray.geometry().width() > 0)
        assert not agent.status_window.isVisible()
        assert "1 h 20 min" in agent.tray.toolTip()
        api.set_status(**{"session_left": 240.0, "time_left_today": 240.0})
        qtbot.waitUntil(lambda: "4 min" in agent.tray.toolTip())
    finally:
        agent.close()


def test_warnings_reach_the_real_tray(qtbot: QtBot) -> None:
    qtbot.waitUntil(QSystemTrayIcon.isSystemTrayAvailable, timeout=5000)
    api = FakeApi(status=sample_status(session_left=50.0, time_left_today=50.0, countdown=True))
    agent = TrayAgent(api)
    agent.start()
    try:
        qtbot.waitUntil(agent.countdown_window.isVisible)
        assert agent.tray.isVisible()
    finally:
        agent.close()


def test_standalone_tray_starts_and_stops_on_sigterm(tmp_path: Path) -> None:
    """The installed entry point, for real: service inside, tray shown, SIGTERM ends it."""
    seed_password(tmp_path)
    with standalone_tray(tmp_path) as (proc, where):
        assert where == "tray"
    assert proc.returncode == 128 + 15


@pytest.mark.slow
def test_screenshots_grab_the_icons_from_a_real_tray_host_at_each_height(tmp_path: Path) -> None:
    """`make screenshots` shows the icon as tray hosts of 16-32 px draw it, in both languages
    (on a display of its own: the tray host of this one is taken)."""
    import subprocess
    import sys

    from PySide6.QtGui import QImage

    from tools.tray_shots import HEIGHTS, MARGIN, MOMENTS, ZOOM

    subprocess.run(
        ["xvfb-run", "-a", "-s", "-screen 0 1280x1024x24", sys.executable, "-m",
         "tools.tray_shots", str(tmp_path)],
        cwd=ROOT, check=True, timeout=120, env={**os.environ, "QT_QPA_PLATFORM": "xcb"},
    )  # fmt: skip
    for language in ("en", "ru"):
        picture = QImage(str(tmp_path / f"tray-sizes-{language}.png"))
        # A row per height, each zoomed: only real icons of about the tray's height add up so.
        rows = picture.height() - MARGIN - len(HEIGHTS) * MARGIN
        assert sum(h - 4 for h in HEIGHTS) * ZOOM <= rows <= sum(HEIGHTS) * ZOOM
        assert picture.width() > len(MOMENTS) * max(HEIGHTS) * ZOOM
