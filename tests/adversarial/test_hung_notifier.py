"""A child's desktop that never answers a notification, against the real service.

The attack: the child makes their session's notifications hang, with a notification service
that never replies, a session bus (a socket in their own /run/user/<uid>) that lets Guardian in
and then goes quiet, or a `notify-send` on the path that never exits. The service warns at 15,
5 and 1 minutes, so it meets the hang three times before the lock.

The outcome Guardian promises: no tick waits on it. Through a whole simulated hour every
second of use counts and the lock comes the tick the budget runs out, as without the attack.

The platform is built by `guardian.platform.current()`, the way the service gets it.
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from guardian import platform as platforms
from guardian.paths import DataPaths
from guardian.platform import linux
from guardian.platform.base import Notifier, Platform, SessionInfo
from guardian.platform.commands import CommandRunner
from guardian.platform.linux import LinuxNotifier, SessionAccess
from guardian.service import GuardianService, ServiceOptions
from rules.model import Weekday
from tests.guardian.conftest import kid_policy
from tests.helpers.fakes import FakeAccounts, FakeClock, FakeSessions, kid_uid
from tests.helpers.silent_bus import SilentBus

# Monday 2026-11-30 05:00 UTC is 08:00 in Moscow, inside the kid's hours.
START = datetime(2026, 11, 30, 5, 0, tzinfo=UTC)
BUDGET_MINUTES = 60
STALL_LIMIT = 20.0
"""Seconds of real time after which a stalled service is let go, so the test fails, not hangs."""


class NeverAnswers:
    """A notification service that never replies (threading.Event never set)."""

    def __init__(self) -> None:
        self.never = threading.Event()
        self.asked = 0

    def notify(self, session: SessionInfo, title: str, body: str, *, urgent: bool = False) -> None:
        self.asked += 1
        self.never.wait()


@dataclass
class Attack:
    """The child's notifier under attack, whether the service met the attack, and how to let
    a stalled service go (so that the code before the fix fails instead of hanging)."""

    notifier: Notifier
    met: Callable[[], bool]
    let_go: Callable[[], None]


def _hung_helper(folder: Path, started: Path) -> Path:
    """A notify-send that never exits, and a child it started that never exits either."""
    folder.mkdir()
    helper = folder / "notify-send"
    helper.write_text(f"#!/bin/sh\necho $$ >> {started}\nsleep 100000 &\nwait\n")
    helper.chmod(0o755)
    return folder


@pytest.fixture(params=["service", "bus", "helper"])
def attack(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Attack]:
    if request.param == "service":
        never = NeverAnswers()
        yield Attack(never, lambda: never.asked > 0, never.never.set)
        never.never.set()
        return
    # The real Linux notifier inside the kid's session (its uid as FakeSessions says).
    started = tmp_path / "notify-send-pids"
    helpers = _hung_helper(tmp_path / "bin", started)
    monkeypatch.setenv("PATH", f"{helpers}{os.pathsep}/usr/bin:/bin")
    environ: dict[str, str] = {}
    bus = SilentBus(tmp_path / "bus", "hello") if request.param == "bus" else None
    if bus is not None:
        environ["DBUS_SESSION_BUS_ADDRESS"] = f"unix:path={bus.path}"
    notifier = LinuxNotifier(SessionAccess(own_uid=kid_uid(), environ=environ), CommandRunner())
    if bus is not None:
        yield Attack(notifier, bus.connected.is_set, bus.close)
        bus.close()
    else:
        yield Attack(notifier, started.exists, lambda: None)
    # The runner stops a hung helper after its time limit; the test may end sooner.
    for pid in started.read_text().split() if started.exists() else ():
        with contextlib.suppress(ProcessLookupError):
            os.killpg(int(pid), signal.SIGKILL)


def test_a_hung_notifier_delays_neither_counting_nor_the_lock(
    tmp_path: Path,
    clock: FakeClock,
    attack: Attack,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    sessions = FakeSessions()
    monkeypatch.setattr(
        linux,
        "build_platform",
        lambda: Platform("linux", sessions, attack.notifier, FakeAccounts()),
    )
    platforms.current.cache_clear()
    try:
        platform = platforms.current()
    finally:
        platforms.current.cache_clear()
    clock.set_wall(START)
    service = GuardianService(
        DataPaths(tmp_path / "config", tmp_path / "state"),
        platform,
        clock,
        ServiceOptions(standalone=False),
        default_timezone="Europe/Moscow",
    )
    service.replace_policy(kid_policy(daily_budget={d.value: BUDGET_MINUTES for d in Weekday}))
    stalled = threading.Timer(STALL_LIMIT, attack.let_go)
    stalled.start()
    longest = 0.0
    locked_at = None
    try:
        while clock.now() < START + timedelta(hours=1, minutes=5):
            clock.advance(2)
            began = time.monotonic()
            service.tick()
            longest = max(longest, time.monotonic() - began)
            if locked_at is None and sessions.session.locked:
                locked_at = clock.now()
        used = service.ledger.seconds("kid", START.date())
    finally:
        stalled.cancel()
        service.close()
    assert attack.met(), "the service never notified: the attack was not met"
    assert longest < 2.0, f"a tick waited {longest:.1f} s on the child's notifier"
    assert BUDGET_MINUTES * 60 <= used <= BUDGET_MINUTES * 60 + 4
    assert locked_at is not None
    assert locked_at - START <= timedelta(minutes=BUDGET_MINUTES, seconds=4)
    assert ("lock", "1") in sessions.actions
