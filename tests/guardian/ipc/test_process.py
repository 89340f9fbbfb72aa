"""A real service process driven by IpcClient: restarts included."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from guardian.api import AuthRequired, Event
from guardian.ipc.client import IpcClient

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGTERM and Unix sockets")
ROOT = Path(__file__).resolve().parents[3]
Spawn = Callable[[], subprocess.Popen[str]]


@pytest.fixture
def spawn(socket_path: str, tmp_path: Path) -> Iterator[Spawn]:
    started: list[subprocess.Popen[str]] = []

    def start() -> subprocess.Popen[str]:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tests.helpers.service_process",
                str(tmp_path),
                "--socket",
                socket_path,
            ],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            text=True,
        )
        started.append(process)
        assert process.stdout is not None
        assert process.stdout.readline().strip() == "ready"
        return process

    yield start
    for process in started:
        process.terminate()
        process.wait(10)
        if process.stdout is not None:
            process.stdout.close()


def test_a_service_process_serves_and_survives_a_restart(
    spawn: Spawn, ipc_client: Callable[..., IpcClient], qtbot: QtBot
) -> None:
    first = spawn()
    client = ipc_client()
    assert client.connect_to_service() and client.account == "root"
    assert not client.has_password()
    token = client.set_password(None, "parent-secret")
    assert client.get_policy(token).profiles[0].id == "kid"
    with pytest.raises(AuthRequired):
        client.set_password(None, "another-one")
    seen: list[Event] = []
    client.subscribe(seen.append)

    with qtbot.waitSignal(
        client.connection_changed, timeout=5000, check_params_cb=lambda up: not up
    ) as lost:
        first.terminate()
        first.wait(10)
    assert lost.args == [False]
    with qtbot.waitSignal(
        client.connection_changed, timeout=15000, check_params_cb=lambda up: up
    ) as back:
        spawn()
    assert back.args == [True]
    assert client.has_password()
    with pytest.raises(AuthRequired):
        client.accounts(token)  # tokens die with the process
    client.submit_request(10, "after restart")
    qtbot.waitUntil(lambda: any(e.data.get("note") == "after restart" for e in seen))


def test_a_standalone_tray_serves_the_same_protocol(tmp_path: Path) -> None:
    """`guardian status --standalone` reads a standalone tray's service over its own socket."""
    import select

    env = {
        **os.environ,
        "XDG_RUNTIME_DIR": str(tmp_path / "runtime"),
        "GUARDIAN_REPORT_STARTUP": "1",
        "QT_QPA_PLATFORM": "offscreen",
    }
    (tmp_path / "runtime").mkdir(mode=0o700)
    seed_env = {**env}
    subprocess.run(
        [sys.executable, "-c", SEED_PASSWORD, str(tmp_path / "data")],
        check=True,
        env=seed_env,
        cwd=ROOT,
    )
    tray = subprocess.Popen(
        [sys.executable, "-m", "ui.app", "--standalone", "--data-dir", str(tmp_path / "data")],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=ROOT,
    )
    try:
        assert tray.stdout is not None
        ready, _, _ = select.select([tray.stdout], [], [], 30)
        assert ready and tray.stdout.readline().startswith("shown")
        status = subprocess.run(
            [sys.executable, "-m", "guardian.cli", "status", "--standalone"],
            check=False,
            capture_output=True,
            text=True,
            env=env,
            cwd=ROOT,
            timeout=30,
        )
    finally:
        tray.terminate()
        tray.communicate(timeout=20)
    assert status.returncode == 0, status.stderr
    assert json.loads(status.stdout)["restricted"] is True


SEED_PASSWORD = """
import sys, keyring, keyring.backends.fail
from pathlib import Path
keyring.set_keyring(keyring.backends.fail.Keyring())
from guardian.clock import SystemClock
from guardian.paths import standalone_paths
from guardian.platform import current
from guardian.service import GuardianService, ServiceOptions
s = GuardianService(standalone_paths(Path(sys.argv[1])), current(), SystemClock(),
                    ServiceOptions(standalone=True))
s.set_password(None, "parent-pass")
s.close()
"""
