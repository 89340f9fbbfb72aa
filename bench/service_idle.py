"""The service hosted on its QtCore loop with the real platform, ticking every second."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QCoreApplication

from guardian.clock import SystemClock
from guardian.paths import standalone_paths
from guardian.platform import current
from guardian.service import GuardianService, LocalApi, ServiceOptions
from guardian.standalone import ServiceHost
from rules.model import AgePreset, Policy, Profile


def main() -> int:
    """Run the service until killed."""
    app = QCoreApplication(sys.argv)
    platform = current()
    service = GuardianService(
        standalone_paths(Path(tempfile.mkdtemp(prefix="guardian-bench-"))),
        platform,
        SystemClock(),
        ServiceOptions(standalone=False),
        default_timezone="UTC",
    )
    account = platform.accounts.current().name
    # An unlimited profile for this account: counted and evaluated every tick, never enforced.
    adult = Profile(id="me", name="Me", preset=AgePreset.AGE_18, accounts=(account,))
    service.replace_policy(Policy(timezone="UTC", default_profile="me", profiles=(adult,)))
    host = ServiceHost(service, LocalApi(service, account))
    host.start()
    print("ready", flush=True)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
