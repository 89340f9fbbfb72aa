"""Launch events reach the app guard at once through the service host, between ticks."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from pytestqt.qtbot import QtBot

from guardian.features.apps import Apps
from guardian.paths import DataPaths
from guardian.platform.base import Platform
from guardian.service import GuardianService, LocalApi, ServiceOptions
from guardian.standalone import ServiceHost
from tests.guardian.apps.conftest import Programs, apps_policy, needs_root, settle
from tests.helpers.fakes import FakeAccounts, FakeApps, FakeClock, FakeNotifier, FakeSessions


class ThreadedEvents:
    """Launch events the test sends from a thread of its own, as the OS's arrive."""

    def __init__(self) -> None:
        self.deliver: Callable[[int], None] | None = None
        self.stopped = False

    def start(self, on_exec: Callable[[int], None]) -> bool:
        self.deliver = on_exec
        return True

    def stop(self) -> None:
        self.stopped = True


@needs_root
def test_a_launch_event_ends_a_blocked_app_before_the_next_tick(
    qtbot: QtBot, programs: Programs, tmp_path: Path
) -> None:
    events = ThreadedEvents()
    platform = Platform("fake", FakeSessions(), FakeNotifier(), FakeAccounts(), FakeApps(), events)
    service = GuardianService(
        DataPaths(tmp_path / "config", tmp_path / "state"),
        platform,
        FakeClock(),
        ServiceOptions(standalone=False),
        "Europe/Moscow",
    )
    rule = {"app": "minigame", "mode": "blocked", "match": {"names": ["minigame"]}}
    service.replace_policy(apps_policy(apps=[rule]))
    host = ServiceHost(service, LocalApi(service, "kid"), tick_ms=3_600_000)
    host.start()
    try:
        guard = service.feature(Apps).guard
        qtbot.waitUntil(lambda: guard.monitor.events, timeout=5000)
        game = programs.copy("sleep", "games/minigame")
        process = programs.run([str(game), "100"])
        settle(0.2)
        assert process.poll() is None
        assert events.deliver is not None
        threading.Thread(target=events.deliver, args=(process.pid,)).start()
        qtbot.waitUntil(lambda: process.poll() is not None, timeout=5000)
        assert guard.ended[-1].app == "minigame"
    finally:
        host.stop()
    assert events.stopped
