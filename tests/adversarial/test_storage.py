"""Attacks by a failing disk and a destroyed state file on the real service (real SQLite).

Each disk attack runs twice where the machine allows: on a real size-limited tmpfs or read-only
bind mount (root, `mount`), and always by fault injection, so the class is covered everywhere.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from guardian.api import ApiError
from guardian.apps.guard import LEARNED_KEY
from guardian.features.apps import Apps
from guardian.paths import DataPaths
from guardian.service import HIGH_WATER_KEY, GuardianService, ServiceOptions
from guardian.trusted_time import Anchor
from rules.model import Policy, Weekday
from tests.guardian import conftest as service_fixtures
from tests.guardian.conftest import MAKE, kid_policy
from tests.helpers.failing_disk import FailingDisk
from tests.helpers.fakes import FakeApps, FakeClock, FakeSessions, fake_platform

# The service tests' fixtures: a real service over a temp folder, on the fake clock and platform.
paths = service_fixtures.paths
make_service = service_fixtures.make_service

# Monday 2026-11-30 04:00 UTC is 07:00 in Moscow, when the kid's hours begin.
MORNING = datetime(2026, 11, 30, 4, 0, tzinfo=UTC)
TODAY = MORNING.date()
BUDGET_MINUTES = 20
LEARNED = '{"0f3a": "minecraft"}'


def short_day() -> Policy:
    return kid_policy(daily_budget={d.value: BUDGET_MINUTES for d in Weekday})


def sessions(service: GuardianService) -> FakeSessions:
    return service.platform.sessions  # type: ignore[return-value]


def run(service: GuardianService, clock: FakeClock, seconds: float, step: float = 2.0) -> None:
    for _ in range(int(seconds / step)):
        clock.advance(step)
        service.tick()


def run_until_locked(service: GuardianService, clock: FakeClock) -> None:
    """Use the computer until Guardian locks it (at most a whole budget and a minute more)."""
    for _ in range(int((BUDGET_MINUTES + 1) * 60 / 2)):
        if sessions(service).session.locked:
            return
        clock.advance(2)
        service.tick()


def storage_problems(service: GuardianService) -> list[str]:
    return [p for p in service.status("kid").problems if p.startswith("storage_failing")]


def used(service: GuardianService) -> float:
    return service.ledger.seconds("kid", TODAY)


def stored_seconds(paths: DataPaths) -> float:
    db = sqlite3.connect(paths.database)
    try:
        row = db.execute("SELECT seconds FROM usage WHERE profile='kid'").fetchone()
    finally:
        db.close()
    return float(row[0]) if row else 0.0


# --- real mounts where the machine allows them ---------------------------------------------


def _mount(*args: str) -> str | None:
    """Run mount; the refusal's text, or None when it worked."""
    if os.name != "posix" or os.geteuid() != 0 or shutil.which("mount") is None:
        return "mounting needs root and mount(8)"
    done = subprocess.run(["mount", *args], capture_output=True, text=True, check=False)
    return None if done.returncode == 0 else done.stderr.strip() or "mount failed"


def _unmount(folder: Path) -> None:
    done = subprocess.run(["umount", str(folder)], capture_output=True, check=False)
    if done.returncode != 0:
        subprocess.run(["umount", "-l", str(folder)], capture_output=True, check=False)


@pytest.fixture
def tmpfs_state(paths: DataPaths) -> Iterator[Path]:
    """The state folder on a real 1 MiB tmpfs."""
    paths.state.mkdir(parents=True)
    refused = _mount("-t", "tmpfs", "-o", "size=1m,mode=0700", "tmpfs", str(paths.state))
    if refused:
        pytest.skip(f"no tmpfs mount here: {refused}")
    yield paths.state
    _unmount(paths.state)


@dataclass
class ReadOnlyBind:
    """Turns a folder into a read-only bind mount of itself, and back."""

    folder: Path
    mounted: bool = False

    def freeze(self) -> None:
        refused = _mount("--bind", str(self.folder), str(self.folder))
        if refused:
            pytest.skip(f"no bind mount here: {refused}")
        self.mounted = True
        refused = _mount("-o", "remount,bind,ro", str(self.folder))
        if refused:
            pytest.skip(f"no read-only remount here: {refused}")

    def thaw(self) -> None:
        if self.mounted:
            _unmount(self.folder)
            self.mounted = False


@pytest.fixture
def read_only_bind(paths: DataPaths) -> Iterator[ReadOnlyBind]:
    bind = ReadOnlyBind(paths.state)
    yield bind
    bind.thaw()


def fill_up(folder: Path) -> Callable[[], None]:
    """Fill a file system to the last byte; returns what frees it again."""
    filler = folder / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        for size in (65536, 512, 1):
            with contextlib.suppress(OSError):
                while True:
                    os.write(fd, b"\0" * size)
    finally:
        os.close(fd)
    return filler.unlink


# --- disk full mid-day ---------------------------------------------------------------------


def disk_full_mid_day(
    make_service: MAKE, clock: FakeClock, fill: Callable[[], Callable[[], None]]
) -> None:
    clock.set_wall(MORNING)
    service = make_service(short_day())
    run(service, clock, 300)
    before = used(service)
    free = fill()
    run(service, clock, 300)
    assert used(service) >= before + 290
    assert storage_problems(service)
    run_until_locked(service, clock)
    assert ("lock", "1") in sessions(service).actions
    at_lock = used(service)
    assert at_lock >= BUDGET_MINUTES * 60 - 4
    free()
    run(service, clock, 120)
    assert not storage_problems(service)
    assert stored_seconds(service.paths) >= at_lock
    service.close()
    restarted = make_service()
    assert used(restarted) >= at_lock
    restarted.tick()
    assert not restarted.status("kid").allowed


def test_disk_full_mid_day_injected(
    make_service: MAKE, clock: FakeClock, paths: DataPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Attack: the state disk fills up mid-day (every write fails with SQLITE_FULL/ENOSPC).
    Outcome: usage keeps counting in memory, the lock still comes at time-up, the parent sees
    storage_failing; once space is free everything lands and usage never went down."""
    paths.state.mkdir(parents=True)
    disk = FailingDisk(paths.state, monkeypatch)

    def fill() -> Callable[[], None]:
        disk.fail_writes(sqlite3.SQLITE_FULL)
        return disk.heal

    disk_full_mid_day(make_service, clock, fill)


def test_disk_full_mid_day_on_a_real_tmpfs(
    tmpfs_state: Path, make_service: MAKE, clock: FakeClock
) -> None:
    """Attack: the state folder is a 1 MiB tmpfs that a filler file fills to the last byte
    mid-day. Outcome: as with injection: counting and the lock go on, storage_failing shows,
    and after the filler is deleted every second counted lands in the database."""
    disk_full_mid_day(make_service, clock, lambda: fill_up(tmpfs_state))


# --- read-only state folder at start ---------------------------------------------------------


def read_only_at_start(make_service: MAKE, clock: FakeClock, freeze: Callable[[], None]) -> None:
    clock.set_wall(MORNING)
    first = make_service(short_day())
    run(first, clock, 120)
    first.close()
    freeze()
    service = make_service()
    assert service.ledger.problem is not None
    assert service.ledger.problem.args["reason"] == "read_only"
    assert used(service) >= 116
    run(service, clock, 120)
    assert used(service) >= 232
    run_until_locked(service, clock)
    assert ("lock", "1") in sessions(service).actions
    assert storage_problems(service)
    service.close()


def test_read_only_state_folder_at_start_injected(
    make_service: MAKE, clock: FakeClock, paths: DataPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Attack: the service starts with its state folder refusing writes (SQLITE_READONLY, and
    EROFS for every file). Outcome: it starts, counts from the stored usage and locks at
    time-up; the parent sees storage_failing with reason read_only."""
    disk = FailingDisk(paths.state, monkeypatch)
    read_only_at_start(make_service, clock, lambda: disk.fail_writes(sqlite3.SQLITE_READONLY))


def test_read_only_state_folder_at_start_on_a_real_mount(
    read_only_bind: ReadOnlyBind, make_service: MAKE, clock: FakeClock
) -> None:
    """Attack: the state folder is remounted read-only (a bind mount) before the service
    starts; SQLite cannot even make the WAL's shared memory. Outcome: the service starts from
    the stored usage, counts, locks at time-up and shows storage_failing (read_only)."""
    read_only_at_start(make_service, clock, read_only_bind.freeze)


def test_a_missing_state_folder_that_cannot_be_made_does_not_stop_the_service(
    tmp_path: Path, clock: FakeClock
) -> None:
    """Attack: the state folder's parent is a file, so the folder can never be made.
    Outcome: the service still starts, counts and locks at time-up, with storage_failing."""
    (tmp_path / "blocker").write_text("")
    paths = DataPaths(tmp_path / "config", tmp_path / "blocker" / "state")
    clock.set_wall(MORNING)
    service = GuardianService(
        paths, fake_platform(), clock, ServiceOptions(standalone=False), "Europe/Moscow"
    )
    try:
        service.replace_policy(short_day())
        run(service, clock, 60)
        assert not sessions(service).session.locked
        run_until_locked(service, clock)
        assert ("lock", "1") in sessions(service).actions
        assert used(service) >= BUDGET_MINUTES * 60 - 4
        assert storage_problems(service)
    finally:
        service.close()


# --- I/O errors ------------------------------------------------------------------------------


def test_io_errors_never_set_a_good_database_aside(
    make_service: MAKE, clock: FakeClock, paths: DataPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Attack: the disk returns EIO on every write, then on every open across a restart.
    Outcome: the service keeps counting and starts anyway (from the snapshot); the good
    database stays where it is (nothing is set aside as broken), and once the disk heals every
    second counted since lands in it."""
    paths.state.mkdir(parents=True)
    disk = FailingDisk(paths.state, monkeypatch)
    clock.set_wall(MORNING)
    service = make_service(kid_policy())
    run(service, clock, 120)
    disk.fail_writes(sqlite3.SQLITE_IOERR | (3 << 8))  # SQLITE_IOERR_WRITE
    run(service, clock, 120)
    assert used(service) >= 236
    service.close()
    disk.fail_opens(sqlite3.SQLITE_IOERR | (1 << 8))  # SQLITE_IOERR_READ
    restarted = make_service()
    run(restarted, clock, 60)
    assert restarted.ledger.problem is not None
    assert restarted.ledger.problem.args["reason"] == "io_error"
    assert not [p.name for p in paths.state.iterdir() if "broken" in p.name]
    disk.heal()
    run(restarted, clock, 120)
    counted = used(restarted)
    restarted.close()
    assert not [p.name for p in paths.state.iterdir() if "broken" in p.name]
    # What the first run counted while the disk failed died with its memory; the rest is kept.
    assert stored_seconds(paths) >= counted >= 116 + 176


# --- a destroyed database ----------------------------------------------------------------------


def destroy(path: Path, how: str) -> None:
    if how == "empty":
        path.write_bytes(b"")
    elif how == "truncated":
        with path.open("r+b") as handle:
            handle.truncate(path.stat().st_size // 3)
    elif how == "garbage":
        path.write_bytes(os.urandom(64 * 1024))
    else:
        path.unlink()


@pytest.mark.parametrize("how", ["empty", "truncated", "garbage", "deleted"])
def test_a_destroyed_database_gives_back_the_whole_day(
    make_service: MAKE, clock: FakeClock, paths: DataPaths, how: str
) -> None:
    """Attack: between two runs the kid empties, truncates, overwrites or deletes the state
    database, and sets the clock back three hours. Outcome: today's usage, the password
    throttle, the clock's high-water mark and the learned app hashes all come back from the
    snapshot, and the parent sees state_recovered."""
    clock.set_wall(MORNING)
    service = make_service(kid_policy())
    service.set_password(None, "parent-pass")
    for _ in range(6):
        with contextlib.suppress(ApiError):
            service.login("guess", "kid")
    service.ledger.set_meta(LEARNED_KEY, LEARNED)
    for n in range(200):  # a history, so that truncating the file loses pages of it
        service.ledger.record(clock.now(), "filler", None, n=n)
    run(service, clock, 600)
    counted = used(service)
    failures = service.auth.failures("kid")
    service.close()
    high_water = service.ledger.meta(HIGH_WATER_KEY)
    assert high_water is not None and failures >= 5
    destroy(paths.database, how)
    clock.set_wall(clock.now() - timedelta(hours=3))
    restarted = make_service(platform=fake_platform(FakeApps()))
    assert used(restarted) == pytest.approx(counted)
    assert restarted.auth.failures("kid") == failures
    saved = Anchor.from_text(high_water)
    assert saved is not None
    # The anchor came back whole: the same boot goes on from it, not from the clock set back.
    assert restarted.trusted.now() >= saved.trusted
    assert restarted.feature(Apps).guard.learned == {"0f3a": "minecraft"}
    problems = restarted.status("kid").problems
    assert any(p.startswith("state_recovered") for p in problems)
    assert not any(p.startswith("state_lost") for p in problems)


@pytest.mark.parametrize(
    ("db", "snapshot"), [("empty", "garbage"), ("garbage", "deleted"), ("truncated", "empty")]
)
def test_database_and_snapshot_both_destroyed_spend_the_day(
    make_service: MAKE, clock: FakeClock, paths: DataPaths, db: str, snapshot: str
) -> None:
    """Attack: the kid destroys both the state database and its snapshot, hoping for a fresh
    day. Outcome: today counts as used up, the session is locked, and the parent sees
    state_lost until granting time."""
    clock.set_wall(MORNING)
    service = make_service(kid_policy())
    for n in range(200):
        service.ledger.record(clock.now(), "filler", None, n=n)
    run(service, clock, 60)
    service.close()
    destroy(paths.database, db)
    destroy(service.ledger.snapshot_path, snapshot)
    restarted = make_service()
    restarted.tick()
    status = restarted.status("kid")
    assert not status.allowed and "daily_budget_spent" in status.reasons
    assert ("lock", "1") in sessions(restarted).actions
    assert any(p.startswith("state_lost") for p in status.problems)
