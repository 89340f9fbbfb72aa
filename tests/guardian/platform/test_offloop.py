"""Notifications off the caller's loop: at once for the caller, a time limit per call, a lane
per session, bounded backlogs and a bounded number of abandoned calls."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator

import pytest

from guardian import platform as platforms
from guardian.platform.base import PlatformError, SessionInfo
from guardian.platform.offloop import OffLoopNotifier, off_loop
from tests.helpers.fakes import FakeNotifier, fake_platform

KID = SessionInfo("3", "kid", 1001, active=True, locked=False, idle_seconds=0.0)
SISTER = SessionInfo("4", "sister", 1002, active=True, locked=False, idle_seconds=0.0)


class HungDesktop:
    """A notifier that never answers for the sessions in `hung` and shows the others at once."""

    def __init__(self, *hung: str) -> None:
        self.hung = set(hung)
        self.release = threading.Event()
        self.tried: list[str] = []
        self.shown: list[str] = []

    def notify(self, session: SessionInfo, title: str, body: str, *, urgent: bool = False) -> None:
        self.tried.append(title)
        if session.id in self.hung:
            self.release.wait()
        self.shown.append(title)


def _wait_for(condition: Callable[[], bool]) -> None:
    deadline = time.monotonic() + 5
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


@pytest.fixture
def desktop() -> Iterator[HungDesktop]:
    hung = HungDesktop(KID.id)
    yield hung
    hung.release.set()  # let the abandoned threads end with the test


def test_notify_returns_at_once_and_the_notification_is_shown() -> None:
    inner = FakeNotifier()
    notifier = OffLoopNotifier(inner)
    notifier.notify(KID, "5 minutes left", "Save your game", urgent=True)
    assert notifier.wait_idle(5)
    assert inner.shown == [("5 minutes left", "Save your game", True)]
    assert notifier.counts.shown == 1


def test_a_hung_call_is_abandoned_at_the_time_limit_and_the_next_one_goes(
    desktop: HungDesktop,
) -> None:
    notifier = OffLoopNotifier(desktop, timeout=0.2)
    started = time.monotonic()
    notifier.notify(KID, "first", "")
    notifier.notify(KID, "second", "")
    assert time.monotonic() - started < 0.1
    assert notifier.wait_idle(5)
    assert desktop.tried == ["first", "second"]
    assert notifier.counts.abandoned == 2


def test_a_session_that_hangs_does_not_hold_up_another(desktop: HungDesktop) -> None:
    notifier = OffLoopNotifier(desktop, timeout=30)
    notifier.notify(KID, "for kid", "")
    notifier.notify(SISTER, "for sister", "")
    _wait_for(lambda: "for sister" in desktop.shown)
    assert desktop.shown == ["for sister"]


def test_a_full_lane_drops_its_oldest_and_counts_it(desktop: HungDesktop) -> None:
    notifier = OffLoopNotifier(desktop, timeout=30, backlog=2)
    notifier.notify(KID, "15 left", "")
    _wait_for(lambda: desktop.tried == ["15 left"])
    for minutes in (5, 1, 0):
        notifier.notify(KID, f"{minutes} left", "")
    assert notifier.counts.dropped == 1
    desktop.release.set()
    assert notifier.wait_idle(5)
    # "15" went first and hung; "5" was pushed out by "0"; the newest ones were kept.
    assert desktop.shown == ["15 left", "1 left", "0 left"]


def test_beyond_the_limit_of_hung_calls_notifications_are_dropped_not_threaded(
    desktop: HungDesktop,
) -> None:
    notifier = OffLoopNotifier(desktop, timeout=0.05, backlog=10, max_hung=2)
    for n in range(5):
        notifier.notify(KID, str(n), "")
    assert notifier.wait_idle(5)
    assert desktop.tried == ["0", "1"]
    assert (notifier.counts.abandoned, notifier.counts.dropped) == (2, 3)


class Refusing:
    def __init__(self, error: Exception) -> None:
        self.error = error

    def notify(self, session: SessionInfo, title: str, body: str, *, urgent: bool = False) -> None:
        raise self.error


@pytest.mark.parametrize("error", [PlatformError("no desktop"), RuntimeError("a bug")])
def test_failures_are_logged_and_counted_never_raised(
    error: Exception, caplog: pytest.LogCaptureFixture
) -> None:
    notifier = OffLoopNotifier(Refusing(error))
    notifier.notify(KID, "title", "body")
    assert notifier.wait_idle(5)
    assert notifier.counts.failed == 1
    assert str(error) in caplog.text


def test_the_current_platform_notifies_off_the_loop(monkeypatch: pytest.MonkeyPatch) -> None:
    built = fake_platform()
    monkeypatch.setattr(platforms, "_build", lambda: built)
    platforms.current.cache_clear()
    try:
        platform = platforms.current()
    finally:
        platforms.current.cache_clear()
    assert isinstance(platform.notifier, OffLoopNotifier)
    assert platform.notifier.inner is built.notifier
    assert platform.sessions is built.sessions
    assert off_loop(platform) is platform
