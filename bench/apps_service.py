"""The service on its QtCore loop, ticking every second, enforcing app rules on real processes.

`python -m bench.apps_service MODE` with MODE one of: poll (polling only), events (polling and
the Linux proc connector), off (no app rules: the baseline). The session is a child account's
(uid 1001); the policy blocks programs named "minigame".
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtCore import QCoreApplication

from guardian.clock import SystemClock
from guardian.features.apps import Apps
from guardian.paths import standalone_paths
from guardian.platform.base import NoExecEvents, Platform, SessionInfo
from guardian.service import GuardianService, LocalApi, ServiceOptions
from guardian.standalone import ServiceHost
from rules.model import Policy, Profile, from_data
from tests.helpers.fakes import FakeAccounts, FakeApps, FakeNotifier, FakeSessions

KID_UID = 1001


def main(mode: str) -> int:
    """Run until killed."""
    app = QCoreApplication(sys.argv)
    if mode == "events":
        from guardian.platform.proc_connector import LinuxExecEvents

        events: object = LinuxExecEvents()
    else:
        events = NoExecEvents()
    # The child's session is uid KID_UID, whose processes bench/apps.py starts.
    kid_session = SessionInfo(
        id="1", user="kid", uid=KID_UID, active=True, locked=False, idle_seconds=0.0
    )
    platform = Platform(
        "linux",
        FakeSessions(session=kid_session),
        FakeNotifier(),
        FakeAccounts(),
        None if mode == "off" else FakeApps(),
        events,  # type: ignore[arg-type]
    )
    service = GuardianService(
        standalone_paths(Path(tempfile.mkdtemp(prefix="guardian-bench-"))),
        platform,
        SystemClock(),
        ServiceOptions(standalone=False),
        default_timezone="UTC",
    )
    kid = from_data(
        Profile,
        {
            "id": "kid",
            "name": "Kid",
            "preset": "18+",
            "accounts": ["kid"],
            "apps": [
                {"app": "minigame", "mode": "blocked", "match": {"names": ["minigame"]}},
                {"app": "minecraft", "mode": "limited", "daily_minutes": 600},
            ],
            "category_budgets": {"games": 600},
        },
    )
    service.replace_policy(Policy(timezone="UTC", default_profile="kid", profiles=(kid,)))
    host = ServiceHost(service, LocalApi(service, "kid"))
    host.start()
    guard = service.feature(Apps).guard if service.has_feature(Apps) else None
    deadline = time.monotonic() + 5.0
    # Launch events are confirmed off the main thread: wait for them before measuring.
    while mode == "events" and guard is not None and not guard.monitor.events:
        if time.monotonic() > deadline:
            break
        app.processEvents()
        time.sleep(0.05)
    events_on = guard is not None and guard.monitor.events
    print(f"ready events={events_on}", flush=True)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "poll"))
