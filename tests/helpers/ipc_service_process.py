"""A real service process serving IPC: the real host and socket, a fake platform.

Usage: python -m tests.helpers.ipc_service_process SOCKET_PATH DATA_DIR. Prints "ready" once it
listens; SIGTERM stops it cleanly.
"""

from __future__ import annotations

import signal
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication

from guardian.clock import SystemClock
from guardian.ipc.server import IpcServer
from guardian.paths import standalone_paths
from guardian.service import GuardianService, LocalApi, ServiceOptions
from guardian.standalone import ServiceHost
from rules.model import AgePreset, Policy, Profile
from tests.helpers.fakes import fake_platform


def main(socket_path: str, data_dir: str) -> int:
    """Serve until SIGTERM."""
    app = QCoreApplication(sys.argv)
    service = GuardianService(
        standalone_paths(Path(data_dir)),
        fake_platform(),
        SystemClock(),
        ServiceOptions(standalone=False),
        default_timezone="UTC",
    )
    if not service.store.path.exists():
        kid = Profile(id="kid", name="Kid", preset=AgePreset.AGE_18, accounts=("kid", "root"))
        service.store.save(Policy(timezone="UTC", default_profile="kid", profiles=(kid,)))
    host = ServiceHost(service, LocalApi(service, "kid"), tick_ms=200)
    server = IpcServer(service)
    if not server.listen(socket_path):
        print(f"cannot listen: {server.error_text()}", flush=True)
        return 1
    signal.signal(signal.SIGTERM, lambda *_: app.quit())
    host.start()
    print("ready", flush=True)
    code = app.exec()
    server.close()
    host.stop()
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
