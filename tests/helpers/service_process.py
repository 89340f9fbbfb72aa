"""A real service process for tests and benchmarks: the real host, clock, ledger and (with
--socket) socket server, on the fake platform so a child's session is always there.

Usage: python -m tests.helpers.service_process DATA_DIR [--socket PATH] [--report-usage]
[--peer UID=NAME]... [--frame-seconds S] [--idle-seconds S].
Prints "ready" once running (and listening); with --report-usage, then "usage <seconds>" every
200 ms with today's in-memory total, so a crash test can compare it with what was flushed.
`--peer` names a uid that has no account on this machine (throwaway uids of tests acting as
another account); the connection timeouts default to the service's own. SIGTERM stops it
cleanly.
"""

from __future__ import annotations

import argparse
import signal
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTimer

from guardian.clock import SystemClock
from guardian.features.tamper import TamperWatch
from guardian.paths import standalone_paths
from guardian.service import GuardianService, LocalApi, ServiceOptions
from guardian.standalone import ServiceHost
from rules.model import AgePreset, Policy, Profile
from tests.helpers.fakes import fake_platform

TICK_MS = 200


ROOT = Path(__file__).resolve().parents[2]


def launch(data_dir: Path, socket_path: str, *options: str) -> subprocess.Popen[str]:
    """Start this module as a service process and return once it says it is ready."""
    module = ["-m", "tests.helpers.service_process"]
    process = subprocess.Popen(
        [sys.executable, *module, str(data_dir), "--socket", socket_path, *options],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    assert process.stdout.readline().strip() == "ready"
    return process


def stop(processes: list[subprocess.Popen[str]]) -> None:
    """Stop service processes started by `launch` (SIGTERM, then wait)."""
    for process in processes:
        process.terminate()
        process.wait(10)
        if process.stdout is not None:
            process.stdout.close()


def main(argv: list[str]) -> int:
    """Run until SIGTERM or SIGKILL."""
    parser = argparse.ArgumentParser()
    parser.add_argument("data_dir")
    parser.add_argument("--socket")
    parser.add_argument("--report-usage", action="store_true")
    parser.add_argument("--peer", action="append", default=[], metavar="UID=NAME")
    parser.add_argument("--frame-seconds", type=float)
    parser.add_argument("--idle-seconds", type=float)
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
        from guardian.ipc.admission import ConnectionLimits
        from guardian.ipc.server import IpcServer
        from guardian.platform.peer import PosixPeer

        names = {int(uid): name for uid, name in (p.split("=", 1) for p in args.peer)}

        def user_name(uid: int) -> str | None:
            if uid in names:
                return names[uid]
            import pwd

            try:
                return pwd.getpwuid(uid).pw_name
            except KeyError:
                return None

        timeouts = {
            "frame_seconds": args.frame_seconds,
            "idle_seconds": args.idle_seconds,
        }
        limits = ConnectionLimits(**{k: v for k, v in timeouts.items() if v is not None})
        server = IpcServer(service, PosixPeer(user_name=user_name), parent=host, limits=limits)
        server.tray_lost.connect(
            service.feature(TamperWatch).tray_lost
        )  # as guardian.service_main does
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
