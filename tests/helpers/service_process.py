"""A real service process for crash tests: the real host, clock and ledger, a fake session.

Usage: python -m tests.helpers.service_process DATA_DIR. Prints "ready", then after every tick
"usage <seconds>" with the in-memory total of today, so a test can compare it with what was
flushed when the process is killed.
"""

from __future__ import annotations

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


def main(data_dir: str) -> int:
    """Run until killed."""
    app = QCoreApplication(sys.argv)
    service = GuardianService(
        standalone_paths(Path(data_dir)),
        fake_platform(),
        SystemClock(),
        ServiceOptions(standalone=False),
        default_timezone="UTC",
    )
    if not service.store.path.exists():
        unlimited = Profile(id="kid", name="Kid", preset=AgePreset.AGE_18, accounts=("kid",))
        service.replace_policy(Policy(timezone="UTC", default_profile="kid", profiles=(unlimited,)))
    host = ServiceHost(service, LocalApi(service, "kid"), tick_ms=200)

    def report() -> None:
        day = service.trusted.now().date()
        print(f"usage {service.ledger.seconds('kid', day):.3f}", flush=True)

    reporter = QTimer()
    reporter.setInterval(200)
    reporter.timeout.connect(report)
    signal.signal(signal.SIGTERM, lambda *_: app.quit())
    host.start()
    reporter.start()
    print("ready", flush=True)
    code = app.exec()
    host.stop()
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
