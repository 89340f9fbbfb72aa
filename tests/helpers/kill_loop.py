"""A supervisor that runs the service and SIGKILLs it again and again, like a crash loop.

Usage: python -m tests.helpers.kill_loop DATA_DIR SOCKET ROUNDS. Each round forks a child that
runs the real service (real host, ledger and socket server; fake platform so a session is
always counting, tick every 100 ms, flush every 200 ms), lets it run a random 0.2-0.7 s,
kills it with SIGKILL and prints "round <n> <stored seconds> <integrity>" after checking the
database, then starts it again as systemd's Restart=always would. Forking from a warm
interpreter keeps 200 rounds quick.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import sys
import time
from pathlib import Path

from PySide6.QtCore import QCoreApplication

from guardian.clock import SystemClock
from guardian.ipc.server import IpcServer
from guardian.paths import standalone_paths
from guardian.service import GuardianService, LocalApi, ServiceOptions
from guardian.standalone import ServiceHost
from rules.model import AgePreset, Policy, Profile
from tests.helpers.fakes import fake_platform


def serve(data_dir: Path, socket_path: str) -> None:
    """The child: run the service until killed."""
    app = QCoreApplication([sys.argv[0]])
    service = GuardianService(
        standalone_paths(data_dir),
        fake_platform(),
        SystemClock(),
        ServiceOptions(standalone=False, flush_seconds=0.2),
        default_timezone="UTC",
    )
    if not service.store.path.exists():
        kid = Profile(id="kid", name="Kid", preset=AgePreset.AGE_18, accounts=("kid",))
        service.replace_policy(Policy(timezone="UTC", default_profile="kid", profiles=(kid,)))
    host = ServiceHost(service, LocalApi(service, "kid"), tick_ms=100)
    server = IpcServer(service)
    if not server.listen(socket_path):
        os._exit(3)
    host.start()
    app.exec()
    os._exit(0)


def check(data_dir: Path) -> tuple[float, str]:
    """Stored usage and the integrity check of the database after a kill."""
    path = data_dir / "state" / "state.db"
    if not path.exists():
        return 0.0, "ok"  # killed before the service created its database: nothing to check
    # Read-only, so checking never creates or changes what the next service opens.
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        integrity = db.execute("PRAGMA integrity_check").fetchone()[0]
        has_usage = db.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'usage'"
        ).fetchone()
        stored = 0.0
        if has_usage:  # killed before the schema was written: no usage yet
            stored = db.execute("SELECT COALESCE(SUM(seconds), 0) FROM usage").fetchone()[0]
    finally:
        db.close()
    return float(stored), str(integrity)


def main(data_dir: str, socket_path: str, rounds: int) -> int:
    """Run the loop; exit 0 when every round was checked."""
    folder = Path(data_dir)
    rng = random.Random(20261129)
    for number in range(1, rounds + 1):
        pid = os.fork()
        if pid == 0:
            serve(folder, socket_path)
        time.sleep(rng.uniform(0.2, 0.7))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        stored, integrity = check(folder)
        print(f"round {number} {stored:.3f} {integrity}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2], int(sys.argv[3])))
