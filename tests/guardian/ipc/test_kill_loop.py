"""SIGKILL the service 200 times while a client is connected and usage is flushing.

After every kill the database passes `PRAGMA integrity_check` and its usage has not gone down;
the client reconnects to each new service on its own.
"""

from __future__ import annotations

import gc
import itertools
import os
import queue
import subprocess
import sys
import threading
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent
from pytestqt.qtbot import QtBot

from guardian.api import ApiError
from guardian.ipc.client import IpcClient

ROOT = Path(__file__).resolve().parents[3]
ROUNDS = int(os.environ.get("GUARDIAN_KILL_ROUNDS", "200"))
pytestmark = pytest.mark.slow


def test_two_hundred_kills_leave_a_sound_database(qtbot: QtBot, tmp_path: Path) -> None:
    socket_path = str(tmp_path / "guardian.sock")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}
    supervisor = subprocess.Popen(
        [sys.executable, "-m", "tests.helpers.kill_loop", str(tmp_path), socket_path, str(ROUNDS)],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
        cwd=ROOT,
    )
    lines: queue.Queue[str] = queue.Queue()

    def read() -> None:
        assert supervisor.stdout is not None
        for line in supervisor.stdout:
            lines.put(line)
        lines.put("")

    threading.Thread(target=read, daemon=True).start()
    client = IpcClient(socket_path, role="tray")
    client.connect_to_service()
    answered_rounds: set[int] = set()
    stored: list[float] = []
    current_round = 1
    try:
        while True:
            try:
                line = lines.get_nowait()
            except queue.Empty:
                qtbot.wait(20)
                if client.connected:
                    try:
                        client.status()
                        answered_rounds.add(current_round)
                    except ApiError:
                        pass
                continue
            if not line:
                break
            _, number, seconds, integrity = line.split()
            assert integrity == "ok", f"round {number}: {integrity}"
            stored.append(float(seconds))
            current_round = int(number) + 1
    finally:
        client.close()
        # Delete the client and the sockets of 200 connections now, on this thread, while Qt
        # is alive: left to interpreter exit, their collection crashes in the bindings.
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        shiboken6.delete(client)
        gc.collect()
        supervisor.wait(timeout=60)
        if supervisor.stdout is not None:
            supervisor.stdout.close()
    assert supervisor.returncode == 0
    assert len(stored) == ROUNDS
    assert all(b >= a for a, b in itertools.pairwise(stored)), "usage went down"
    assert stored[-1] > stored[0], "nothing was flushed between kills"
    # The client found most of the 200 short-lived services by itself.
    assert len(answered_rounds) >= ROUNDS // 2, f"answered in {len(answered_rounds)} rounds"
