"""The real tray on a virtual X screen with a tray host (run by `make test-xvfb`)."""

from __future__ import annotations

import os
import select
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QSystemTrayIcon
from pytestqt.qtbot import QtBot

from tests.helpers.fake_api import FakeApi, sample_status
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
    import keyring
    import keyring.backends.fail

    from guardian.clock import SystemClock
    from guardian.paths import standalone_paths
    from guardian.platform import current
    from guardian.service import GuardianService, ServiceOptions

    # The child process has no keystore either: the password goes to the secrets file.
    keyring.set_keyring(keyring.backends.fail.Keyring())
    seed = GuardianService(
        standalone_paths(tmp_path), current(), SystemClock(), ServiceOptions(standalone=True)
    )
    seed.set_password(None, "parent-pass")
    seed.close()
    env = {**os.environ, "GUARDIAN_REPORT_STARTUP": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "ui.app", "--standalone", "--data-dir", str(tmp_path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=ROOT,
    )
    try:
        assert proc.stdout is not None
        ready, _, _ = select.select([proc.stdout], [], [], 30)
        assert ready, "the tray did not report being shown within 30 s"
        assert proc.stdout.readline().strip() == "shown tray"
    finally:
        proc.terminate()
        _, err = proc.communicate(timeout=20)
    assert proc.returncode == 128 + 15, err
