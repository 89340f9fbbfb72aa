"""A real service process for tests and benchmarks: the real host, clock, ledger and (with
--socket) socket server, on the fake platform so a child's session is always there.

Usage: python -m tests.helpers.service_process DATA_DIR [--socket PATH] [--report-usage].
Prints "ready" once running (and listening); with --report-usage, then "usage <seconds>" every
200 ms with today's in-memory total, so a crash test can compare it with what was flushed.
SIGTERM stops it cleanly.
"""

from __future__ import annotations

import argparse
import signal
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTimer

from guardian.clock import SystemClock
from guardian.paths import standalone_paths
from guardian.service import GuardianService, LocalApi, ServiceOptions
from guardian.standalone import ServiceHost
from rules.model import AgePreset, Policy, Profile
from tests.helpers.fakes import fake_platform

TICK_MS = 200


def main(argv: list[str]) -> int:
    """Run until SIGTERM or SIGKILL."""
    parser = argparse.ArgumentParser()
    parser.add_argument("data_dir")
    parser.add_argument("--socket")
    parser.add_argument("--report-usage", action="store_true")
    args = parser.parse_args(argv)
    app = QCoreApplication(sys.argv[:1])
    service = GuardianService(
        standalone_paths(Path(args.data_dir)),
        fake_platform(),
        SystemClock(),
        ServiceOptions(standalone=False),
        default_timezone="UTC",
    )
    if not service.store.path.exists():
        # Unlimited, so usage keeps counting; root too, so a test's own calls are restricted.
        kid = Profile(id="kid", name="Kid", preset=AgePreset.AGE_18, accounts=("kid", "root"))
        service.replace_policy(Policy(timezone="UTC", default_profile="kid", profiles=(kid,)))
    host = ServiceHost(service, LocalApi(service, "kid"), tick_ms=TICK_MS)
    if args.socket:
        from guardian.ipc.server import IpcServer

        server = IpcServer(service, parent=host)
        if not server.listen(args.socket):
            print(f"cannot listen: {server.error_text()}", flush=True)
            return 1
    reporter = QTimer()
    reporter.setInterval(TICK_MS)
    reporter.timeout.connect(
        lambda: print(
            f"usage {service.ledger.seconds('kid', service.trusted.now().date()):.3f}", flush=True
        )
    )
    signal.signal(signal.SIGTERM, lambda *_: app.quit())
    host.start()
    if args.report_usage:
        reporter.start()
    print("ready", flush=True)
    code = app.exec()
    reporter.stop()
    host.stop()
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
