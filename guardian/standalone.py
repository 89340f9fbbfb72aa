"""Hosting the service on a QtCore event loop, and standalone mode inside the tray.

Standalone mode keeps data in the user's own folders and watches only the user's own sessions:
no admin rights, and so no tamper resistance. It is for trying Guardian and for development.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from guardian.api import GuardianApi
from guardian.clock import SystemClock
from guardian.memory import release_freed_memory
from guardian.paths import standalone_paths
from guardian.platform import current
from guardian.platform.locations import standalone_socket_path
from guardian.service import GuardianService, LocalApi, ServiceOptions

if TYPE_CHECKING:
    from guardian.features.apps import Apps
    from guardian.ipc.server import IpcServer

log = logging.getLogger(__name__)
TICK_MS = 1000
UPKEEP_MS = 24 * 3600 * 1000
FIRST_UPKEEP_MS = 60 * 1000


class ServiceHost(QObject):
    """Drives a service from the current thread's Qt event loop: ticks, daily upkeep, and app
    scans as soon as the OS reports a launch."""

    launched = Signal()
    """Emitted from the exec-event thread; delivered on this object's thread (queued)."""

    def __init__(self, service: GuardianService, api: GuardianApi, tick_ms: int = TICK_MS) -> None:
        super().__init__()
        self.service = service
        self.api = api
        self._scan_pending = threading.Event()
        self.launched.connect(self._scan_now, Qt.ConnectionType.QueuedConnection)
        self._server: IpcServer | None = None
        self._timer = QTimer(self)
        self._timer.setObjectName("service-tick")
        self._timer.setInterval(tick_ms)
        self._timer.timeout.connect(self._tick)
        # Pruning needs no wall-clock schedule: once soon after start, then every day of uptime.
        # A QTimer keeps it on this thread, where it cannot race the tick on SQLite.
        self._upkeep = QTimer(self)
        self._upkeep.setObjectName("service-upkeep")
        self._upkeep.setInterval(FIRST_UPKEEP_MS)
        self._upkeep.timeout.connect(self._prune)

    def start(self) -> None:
        """Start ticking now and every second, and listening for launches where the OS
        reports them."""
        self._tick()
        # Start-up (imports, the first policy, the first scan) leaves freed heap behind.
        release_freed_memory()
        self._timer.start()
        self._upkeep.start()
        if self._apps() is not None:
            # Confirming launch events can take the OS a moment (up to 2 s on Linux when the
            # kernel stays silent): not on the thread that shows the tray.
            threading.Thread(target=self._start_events, name="exec-start", daemon=True).start()

    def _apps(self) -> Apps | None:
        from guardian.features.apps import Apps

        return self.service.feature(Apps) if self.service.has_feature(Apps) else None

    def _start_events(self) -> None:
        apps = self._apps()
        if apps is None:
            return
        guard = apps.guard
        guard.monitor.events = self.service.platform.exec_events.start(self._on_exec)
        log.info("app launches: %s", "exec events" if guard.monitor.events else "polling")

    def _on_exec(self, pid: int) -> None:
        """From the event thread: note the PID, and ask for one scan unless one is pending."""
        apps = self._apps()
        if apps is None or not apps.guard.may_concern(pid):
            return
        apps.guard.monitor.exec_seen(pid)
        if not self._scan_pending.is_set():
            self._scan_pending.set()
            self.launched.emit()

    def _scan_now(self) -> None:
        self._scan_pending.clear()
        apps = self._apps()
        try:
            if apps is not None:
                apps.scan()
        except Exception:
            log.exception("app scan failed")

    def serve(self, socket_path: str) -> None:
        """Also answer the local socket protocol at `socket_path` (for the CLI and other clients);
        a failure is logged, not fatal: the tray itself talks to the service in-process."""
        from guardian.ipc.server import IpcServer

        server = IpcServer(self.service, parent=self)
        if server.listen(socket_path, private=True):
            self._server = server
        else:
            log.warning("not serving %s: %s", socket_path, server.error_text())

    def stop(self) -> None:
        """Stop ticking and serving, flush and close the service."""
        if self._server is not None:
            self._server.close()
            self._server = None
        self._timer.stop()
        self._upkeep.stop()
        self.service.platform.exec_events.stop()
        self.service.close()

    def _tick(self) -> None:
        try:
            self.service.tick()
        except Exception:
            # A failing tick must not stop the next one: enforcement has to keep running.
            log.exception("service tick failed")

    def _prune(self) -> None:
        self._upkeep.setInterval(UPKEEP_MS)
        try:
            log.info("pruned %d old events", self.service.prune())
        except Exception:
            log.exception("daily prune failed")


def open_standalone(data_dir: Path | None = None) -> ServiceHost:
    """A service for the current account in the user's folders (or `data_dir`), not started."""
    platform = current()
    account = platform.accounts.current().name
    service = GuardianService(
        standalone_paths(data_dir),
        platform,
        SystemClock(),
        ServiceOptions(standalone=True, own_account=account),
        default_timezone=None,
    )
    host = ServiceHost(service, LocalApi(service, account))
    host.serve(standalone_socket_path())
    return host
