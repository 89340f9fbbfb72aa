"""Shared fakes: a clock to travel in time and a platform that records what it was asked to do
(the in-memory keyring is in `memory_keyring`, so a service process started from these fakes
does not load keyring)."""

from __future__ import annotations

import functools
import pwd
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta

import psutil

from guardian.platform.base import AccountInfo, Platform, PlatformError, SessionInfo


class FakeClock:
    """A clock that moves only when told; the wall clock can be set apart from monotonic."""

    def __init__(self, start: datetime | None = None) -> None:
        self._mono = 1000.0
        self._boot = 5000.0
        self._wall = start or datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
        self.boot: str | None = "boot-1"

    def monotonic(self) -> float:
        return self._mono

    def now(self) -> datetime:
        return self._wall

    def since_boot(self) -> float:
        return self._boot

    def boot_id(self) -> str | None:
        return self.boot

    def reboot(self, seconds_down: float = 60.0) -> None:
        """The machine restarts: a new boot id and a boot clock from zero; the wall clock goes
        on (by `seconds_down`)."""
        self._wall += timedelta(seconds=seconds_down)
        self._boot = 5.0
        self.boot = f"boot-{id(self)}-{self._wall.timestamp()}"

    def advance(self, seconds: float) -> None:
        """Let time pass on every clock."""
        self._mono += seconds
        self._boot += seconds
        self._wall += timedelta(seconds=seconds)

    def set_wall(self, when: datetime) -> None:
        """Change the wall clock only, as an administrator setting the system time would."""
        self._wall = when

    def suspend(self, seconds: float) -> None:
        """Wall and boot time pass but monotonic time does not, as across a suspend."""
        self._wall += timedelta(seconds=seconds)
        self._boot += seconds


@functools.cache
def unused_uids() -> tuple[int, int]:
    """Two uids in the people's range that no account and no running process has, found once:
    the child's and another person's, for tests that run real processes as them."""
    taken = {entry.pw_uid for entry in pwd.getpwall()}
    for process in psutil.process_iter(["uids"]):
        taken.update(process.info["uids"] or ())
    free = (uid for uid in range(59_000, 1000, -1) if uid not in taken)
    return next(free), next(free)


def kid_uid() -> int:
    """The uid of the fake child's session (no real account has it)."""
    return unused_uids()[0]


@dataclass
class FakeSessions:
    """Sessions that record every action taken on them."""

    session: SessionInfo = field(
        default_factory=lambda: SessionInfo(
            id="1", user="kid", uid=kid_uid(), active=True, locked=False, idle_seconds=0.0
        )
    )
    actions: list[tuple[str, str]] = field(default_factory=list)
    fail: set[str] = field(default_factory=set)
    lock_works: bool = True
    """When False, lock "succeeds" but the session stays unlocked (a broken screen locker)."""

    def sessions(self) -> list[SessionInfo]:
        return [self.session]

    def _do(self, action: str, session_id: str) -> None:
        if action in self.fail:
            raise PlatformError(f"{action} is not available (fake)")
        self.actions.append((action, session_id))

    def lock(self, session: SessionInfo) -> None:
        self._do("lock", session.id)
        if self.lock_works:
            self.session = replace(self.session, locked=True)

    def logout(self, session: SessionInfo) -> None:
        self._do("logout", session.id)

    def shutdown(self) -> None:
        self._do("shutdown", "")

    def suspend(self) -> None:
        self._do("suspend", "")

    def end_processes(self, session: SessionInfo) -> int:
        self._do("end_processes", session.id)
        return 3

    def unlock(self) -> None:
        """The child unlocks the screen."""
        self.session = replace(self.session, locked=False)


@dataclass
class FakeNotifier:
    """Collects notifications."""

    shown: list[tuple[str, str, bool]] = field(default_factory=list)

    def notify(self, session: SessionInfo, title: str, body: str, *, urgent: bool = False) -> None:
        self.shown.append((title, body, urgent))


@dataclass
class FakeAccounts:
    """A parent and a child account."""

    people: list[AccountInfo] = field(
        default_factory=lambda: [
            AccountInfo("parent", "Parent", 1000, True),
            AccountInfo("kid", "Kid", 1001, False),
        ]
    )
    me: str = "kid"

    def accounts(self) -> list[AccountInfo]:
        return list(self.people)

    def current(self) -> AccountInfo:
        return next(a for a in self.people if a.name == self.me)


@dataclass
class FakeApps:
    """App facts for real processes: ownership by uid as on Linux, a foreground PID set by the
    test (None: the OS does not tell), app ids set per PID."""

    foreground: int | None = None
    ids: dict[int, tuple[str, ...]] = field(default_factory=dict)

    def foreground_pid(self, session: SessionInfo) -> int | None:
        return self.foreground

    def app_ids(self, pid: int, exe: str) -> tuple[str, ...]:
        return self.ids.get(pid, ())

    def owns(self, session: SessionInfo, pid: int, uids: tuple[int, ...], username: str) -> bool:
        from guardian.platform.processes import uid_may_be_ended

        return session.uid is not None and uid_may_be_ended(uids, session.uid, range(1000, 60000))


def fake_platform(apps: FakeApps | None = None) -> Platform:
    """A platform whose parts are the fakes above; app rules only when `apps` is given."""
    return Platform("fake", FakeSessions(), FakeNotifier(), FakeAccounts(), apps)


def utc(*args: int) -> datetime:
    """An aware UTC datetime."""
    return datetime(*args, tzinfo=UTC)  # type: ignore[misc]
