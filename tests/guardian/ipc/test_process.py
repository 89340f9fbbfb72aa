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
from tests.helpers.service_process import launch, stop
from tests.helpers.standalone_tray import seed_password, standalone_tray

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGTERM and Unix sockets")
ROOT = Path(__file__).resolve().parents[3]
Spawn = Callable[[], subprocess.Popen[str]]


@pytest.fixture
def spawn(socket_path: str, tmp_path: Path) -> Iterator[Spawn]:
    started: list[subprocess.Popen[str]] = []

    def start() -> subprocess.Popen[str]:
        started.append(launch(tmp_path, socket_path))
        return started[-1]

    yield start
    stop(started)


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
    asked = client.call("request.submit", {"kind": "time", "minutes": 10, "note": "after restart"})
    # A request is for the parent's windows; its answer (here: taken back) for the asker.
    client.call("request.cancel", {"id": asked["id"]})
    qtbot.waitUntil(lambda: any(e.data.get("note") == "after restart" for e in seen))


def test_a_standalone_tray_serves_the_same_protocol(tmp_path: Path) -> None:
    """`guardian status --standalone --json` reads a standalone tray's service over its socket."""
    runtime = tmp_path / "runtime"
    runtime.mkdir(mode=0o700)
    env = {"XDG_RUNTIME_DIR": str(runtime), "QT_QPA_PLATFORM": "offscreen"}
    seed_password(tmp_path / "data")
    with standalone_tray(tmp_path / "data", **env):
        status = subprocess.run(
            [sys.executable, "-m", "guardian.cli", "status", "--standalone", "--json"],
            check=False,
            capture_output=True,
            text=True,
            env={**os.environ, **env},
            cwd=ROOT,
            timeout=30,
        )
    assert status.returncode == 0, status.stderr
    assert json.loads(status.stdout)["restricted"] is True
