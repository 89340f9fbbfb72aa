"""A real service process killed with SIGKILL mid-day: usage never decreases, ≤ 10 s lost."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow


def stored_usage(data_dir: Path) -> float:
    db = sqlite3.connect(data_dir / "state" / "state.db")
    try:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        row = db.execute("SELECT COALESCE(SUM(seconds), 0) FROM usage").fetchone()
        return float(row[0])
    finally:
        db.close()


def run_and_kill(data_dir: Path, seconds: float) -> float:
    """Run the service for `seconds`, SIGKILL it, return its last reported in-memory usage."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.helpers.service_process", str(data_dir), "--report-usage"],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
        cwd=ROOT,
    )
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "ready"
    last = [0.0]

    def read() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            if line.startswith("usage "):
                last[0] = float(line.split()[1])

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    time.sleep(seconds)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    reader.join(timeout=5)
    proc.stdout.close()
    return last[0]


def test_sigkill_mid_day_loses_at_most_ten_seconds(tmp_path: Path) -> None:
    previous = 0.0
    for seconds in (12.0, 3.0, 7.5):
        in_memory = run_and_kill(tmp_path, seconds)
        stored = stored_usage(tmp_path)
        assert stored >= previous, "usage went down across a crash"
        assert in_memory - stored <= 10.0 + 0.5
        previous = stored
    assert previous > 5.0
