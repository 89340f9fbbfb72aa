"""Notifications shown off the service's loop: the service never waits on a child's desktop.

A notification travels into the child's session (its session bus, `notify-send` run as the
child, `osascript`), which the child controls and can make hang. `OffLoopNotifier` hands each
one to a lane of its session and returns at once. A lane shows its notifications in order,
each in a thread of its own that is abandoned at the time limit: Python cannot stop a thread,
but it can stop waiting for one. So a session whose desktop never answers holds up neither the
service nor the other sessions; at most `MAX_HUNG` abandoned calls exist at once, and beyond
that a lane drops notifications instead of starting threads. A lane keeps at most `BACKLOG`
notifications and drops the oldest, since the newest warning says the most.
"""

from __future__ import annotations

import logging
import threading
from collections import deque
from dataclasses import dataclass, field, replace

from guardian.platform.base import Notifier, Platform, PlatformError, SessionInfo

NOTIFY_TIMEOUT = 10.0
"""Seconds one notification may take. Longer than the adapters' own limits (D-Bus 3 s, then a
command 5 s), so this is the backstop for a way that has none."""
BACKLOG = 4
"""Notifications waiting per session; warnings come minutes apart, so more means a hung lane."""
MAX_HUNG = 8
"""Abandoned calls that may still be running at once, over all sessions."""

_log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class _Notice:
    session: SessionInfo
    title: str
    body: str
    urgent: bool


@dataclass(slots=True)
class NotifierCounts:
    """What became of the notifications handed over, for logs and tests."""

    shown: int = 0
    failed: int = 0
    """The desktop refused or had no way to show it (a PlatformError)."""
    dropped: int = 0
    """Pushed out of a full lane, or not tried because too many calls hang already."""
    abandoned: int = 0
    """Still running at the time limit: left to finish or hang on its own."""


@dataclass(slots=True)
class _Lane:
    waiting: deque[_Notice] = field(default_factory=deque)
    running: bool = False


class OffLoopNotifier:
    """A `Notifier` whose `notify` returns at once and never raises; another one shows them."""

    def __init__(
        self,
        inner: Notifier,
        *,
        timeout: float = NOTIFY_TIMEOUT,
        backlog: int = BACKLOG,
        max_hung: int = MAX_HUNG,
    ) -> None:
        self.inner = inner
        self.timeout = timeout
        self.backlog = backlog
        self.max_hung = max_hung
        self.counts = NotifierCounts()
        self._lock = threading.Lock()
        self._idle = threading.Condition(self._lock)
        self._lanes: dict[str, _Lane] = {}
        self._hung: list[threading.Thread] = []

    def notify(self, session: SessionInfo, title: str, body: str, *, urgent: bool = False) -> None:
        """Queue a notification for the session's lane; never waits and never raises."""
        try:
            self._queue(_Notice(session, title, body, urgent))
        except Exception:  # the caller is the service's loop: nothing may escape into it
            _log.exception("could not queue a notification for %s", session.user)

    def wait_idle(self, timeout: float) -> bool:
        """Wait until every lane is empty (calls abandoned do not count); False on timeout."""
        with self._idle:
            return self._idle.wait_for(lambda: not self._lanes, timeout)

    def _queue(self, notice: _Notice) -> None:
        key = notice.session.id
        with self._lock:
            lane = self._lanes.setdefault(key, _Lane())
            if len(lane.waiting) >= self.backlog:
                lane.waiting.popleft()
                self.counts.dropped += 1
                _log.warning("notifications to %s pile up; dropped the oldest", notice.session.user)
            lane.waiting.append(notice)
            if lane.running:
                return
            lane.running = True
        try:
            threading.Thread(
                target=self._drain, args=(key,), name=f"notify-{key}", daemon=True
            ).start()
        except BaseException:
            with self._lock:
                self._lanes.pop(key, None)
                self._idle.notify_all()
            raise

    def _drain(self, key: str) -> None:
        while True:
            with self._lock:
                lane = self._lanes[key]
                if not lane.waiting:
                    del self._lanes[key]
                    self._idle.notify_all()
                    return
                notice = lane.waiting.popleft()
            self._deliver(notice)

    def _deliver(self, notice: _Notice) -> None:
        with self._lock:
            self._hung = [call for call in self._hung if call.is_alive()]
            if len(self._hung) >= self.max_hung:
                self.counts.dropped += 1
                _log.warning(
                    "not notifying %s: %d earlier notifications still hang",
                    notice.session.user,
                    len(self._hung),
                )
                return
        call = threading.Thread(
            target=self._show, args=(notice,), name=f"notify-{notice.session.id}-call", daemon=True
        )
        call.start()
        call.join(self.timeout)
        if call.is_alive():
            with self._lock:
                self._hung.append(call)
                self.counts.abandoned += 1
            _log.warning(
                "a notification to %s did not finish within %g s; no longer waiting for it",
                notice.session.user,
                self.timeout,
            )

    def _show(self, notice: _Notice) -> None:
        try:
            self.inner.notify(notice.session, notice.title, notice.body, urgent=notice.urgent)
        except PlatformError as exc:
            outcome = "failed"
            _log.warning("could not notify %s: %s", notice.session.user, exc)
        except Exception:
            outcome = "failed"
            _log.exception("notifying %s failed unexpectedly", notice.session.user)
        else:
            outcome = "shown"
        with self._lock:
            if outcome == "shown":
                self.counts.shown += 1
            else:
                self.counts.failed += 1


def off_loop(platform: Platform) -> Platform:
    """The platform with its notifications shown off the caller's loop."""
    if isinstance(platform.notifier, OffLoopNotifier):
        return platform
    return replace(platform, notifier=OffLoopNotifier(platform.notifier))
