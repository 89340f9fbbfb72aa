"""Real processes for the app guard: programs copied under other names, run as a child's uid."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from guardian.service import GuardianService
from rules.model import Policy, Weekday
from tests.guardian.conftest import MAKE, kid_policy
from tests.helpers.fakes import FakeApps, FakeClock, fake_platform, unused_uids

PYTHON = "/usr/bin/python3" if os.path.exists("/usr/bin/python3") else sys.executable
"""An interpreter every account may run (the test's own may live in root's home)."""
KID_UID, OTHER_UID = unused_uids()
"""The child's uid (the fake session's) and another person's: no account on the host has them."""
needs_root = pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() != 0,
    reason="starting processes as another user needs root (CI runs as root)",
)


def apps_policy(**fields: object) -> Policy:
    """Kid (uid KID_UID) with the whole day allowed, 10 h a day, and app rules from `fields`."""
    whole_day = {
        "daily_budget": {d.value: 600 for d in Weekday},
        "allowed_hours": {d.value: ["00:00-24:00"] for d in Weekday},
    }
    return kid_policy(**{**whole_day, **fields})


class Programs:
    """A folder others can read, with copies of small programs, and the processes started."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.started: list[subprocess.Popen[bytes]] = []

    def copy(self, source: str, relative: str) -> Path:
        """Copy an executable (found on PATH) to `relative` under the folder."""
        found = shutil.which(source) or source
        target = self.root / relative
        target.parent.mkdir(parents=True, exist_ok=True, mode=0o755)
        for folder in [target.parent, *target.parent.parents]:
            if folder == self.root.parent:
                break
            folder.chmod(0o755)
        shutil.copy2(found, target)
        target.chmod(0o755)
        return target

    def write(self, relative: str, text: str) -> Path:
        """A script file under the folder."""
        target = self.root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        for folder in [target.parent, *target.parent.parents]:
            if folder == self.root.parent:
                break
            folder.chmod(0o755)
        target.write_text(text)
        target.chmod(0o755)
        return target

    def run(
        self,
        args: list[str],
        uid: int = KID_UID,
        executable: str | None = None,
        cwd: Path | None = None,
    ) -> subprocess.Popen[bytes]:
        """Start a process as `uid` (root's own when 0)."""
        extra: dict[str, object] = {} if uid == 0 else {"user": uid, "group": uid}
        process = subprocess.Popen(
            args,
            executable=executable,
            cwd=cwd or self.root,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            **extra,  # type: ignore[arg-type]
        )
        self.started.append(process)
        return process

    def python(self, code: str, *extra: str, argv0: str = "python3", uid: int = KID_UID):
        """Python running `code`, shown to the OS under `argv0` with `extra` arguments."""
        return self.run([argv0, "-c", code, *extra], uid=uid, executable=PYTHON)

    def stop_all(self) -> None:
        for process in self.started:
            if process.poll() is None:
                process.kill()
            process.wait(timeout=5)


@pytest.fixture
def programs() -> Iterator[Programs]:
    root = Path(tempfile.mkdtemp(prefix="guardian-apps-", dir="/tmp"))
    root.chmod(0o755)
    found = Programs(root)
    try:
        yield found
    finally:
        found.stop_all()
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def fake_apps() -> FakeApps:
    return FakeApps()


@pytest.fixture
def app_service(make_service: MAKE, fake_apps: FakeApps) -> Callable[..., GuardianService]:
    """Services on a fake clock whose platform sees real processes."""

    def make(policy: Policy, clock: FakeClock | None = None) -> GuardianService:
        return make_service(policy, platform=fake_platform(fake_apps), on_clock=clock)

    return make


def gone(process: subprocess.Popen[bytes], within: float = 5.0) -> bool:
    """Whether the process ended within `within` seconds."""
    try:
        process.wait(timeout=within)
    except subprocess.TimeoutExpired:
        return False
    return True


def settle(seconds: float = 0.3) -> None:
    """Let freshly started processes exec their program."""
    time.sleep(seconds)
