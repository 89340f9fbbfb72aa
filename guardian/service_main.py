"""`guardian service`: the headless service on a QtCore loop, serving the local socket.

Runs as root / LocalSystem on a system install (started by systemd, the Windows service
manager or launchd), or privately with --data-dir and --socket for development and tests.
"""

from __future__ import annotations

import logging
import signal
import sys
import threading
from types import FrameType

from PySide6.QtCore import QCoreApplication, QMetaObject, Qt, QTimer

from guardian.clock import SystemClock
from guardian.errors import ExitCode
from guardian.features.base import FilterOptions
from guardian.features.tamper import TamperWatch
from guardian.paths import DataPaths, system_paths
from guardian.platform import current
from guardian.platform.base import Platform
from guardian.service import GuardianService, LocalApi, ServiceOptions
from guardian.standalone import ServiceHost

log = logging.getLogger(__name__)
SIGNAL_POLL_MS = 500
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def request_stop() -> None:
    """Ask a running service to stop; safe from any thread (the Windows service manager's)."""
    app = QCoreApplication.instance()
    if app is not None:
        QMetaObject.invokeMethod(app, "quit", Qt.ConnectionType.QueuedConnection)


def run_service(stop: threading.Event) -> int:
    """The system install, run by the Windows service manager on a thread of its own."""
    from guardian.platform.locations import default_socket_path

    paths = system_paths()
    paths.create()
    return run(paths, default_socket_path(), stop=stop)


def run(
    paths: DataPaths,
    socket_path: str,
    platform: Platform | None = None,
    stop: threading.Event | None = None,
) -> int:
    """Serve until SIGTERM/SIGINT, `request_stop` or `stop` is set; the exit code."""
    from guardian.ipc.server import IpcServer

    app = QCoreApplication.instance() or QCoreApplication([sys.argv[0]])
    if platform is None:
        from dataclasses import replace

        from guardian.platform.sites import system_sites

        platform = current()
        platform = replace(platform, sites=system_sites(platform.os, paths.state))
    service = GuardianService(
        paths,
        platform,
        SystemClock(),
        ServiceOptions(standalone=False, site_filter=FilterOptions()),
        default_timezone=None,
    )
    host = ServiceHost(service, LocalApi(service, platform.accounts.current().name))
    server = IpcServer(service)
    server.tray_lost.connect(service.feature(TamperWatch).tray_lost)
    if not server.listen(socket_path):
        log.error("cannot listen on %s: %s", socket_path, server.error_text())
        service.close()
        return ExitCode.UNAVAILABLE

    def on_signal(signum: int, _frame: FrameType | None) -> None:
        log.info("signal %d received; stopping", signum)
        app.quit()

    # Signal handlers can only be set on the main thread (not so under the Windows service
    # manager, which stops the service through `stop` instead).
    on_main = threading.current_thread() is threading.main_thread()
    signals = (signal.SIGINT, signal.SIGTERM) if on_main else ()
    previous = {sig: signal.signal(sig, on_signal) for sig in signals}

    def poll_stop() -> None:
        if stop is not None and stop.is_set():
            app.quit()

    # Python runs signal handlers only between bytecodes; a periodic timer gives it the chance,
    # and also sees a stop asked for before the loop started.
    poll = QTimer()
    poll.setObjectName("signal-poll")
    poll.timeout.connect(poll_stop)
    poll.start(SIGNAL_POLL_MS)
    host.start()
    log.info("guardian service listening on %s, state in %s", socket_path, paths.state)
    try:
        return app.exec()
    finally:
        poll.stop()
        server.close()
        host.stop()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
