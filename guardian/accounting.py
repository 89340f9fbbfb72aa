"""Screen-time accounting: which sessions count, and how much each tick credits.

Each tick credits min(monotonic time since the last tick, the tick cap), so a stall, a debugger
or a suspend never credits more than the cap. Locked and switched-away sessions do not count;
an idle session counts until the profile's idle threshold (media playback inhibits idleness at
the OS level, so a film still counts). The same credit goes to the hour of each account in use,
for the parent's summaries.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date

from guardian.ledger import ActivityKey, UsageLedger
from guardian.platform.base import SessionInfo

TICK_CAP_SECONDS = 2.0


def session_counts(session: SessionInfo, idle_threshold_seconds: float) -> bool:
    """Whether time in this session is screen time right now."""
    if not session.active or session.locked:
        return False
    return session.idle_seconds is None or session.idle_seconds < idle_threshold_seconds


class ScreenTimeAccountant:
    """Credits screen time to profiles in the ledger."""

    def __init__(
        self, ledger: UsageLedger, monotonic: Callable[[], float], cap: float = TICK_CAP_SECONDS
    ) -> None:
        self._ledger = ledger
        self._monotonic = monotonic
        self._cap = cap
        self._last = monotonic()

    def tick(
        self, counting: Iterable[tuple[str, date]], hours: Iterable[ActivityKey] = ()
    ) -> float:
        """Credit the time since the last tick to each (profile, day) and each hour of an
        account once; returns the credit."""
        now = self._monotonic()
        credit = max(0.0, min(now - self._last, self._cap))
        self._last = now
        if credit:
            for profile, day in set(counting):
                self._ledger.credit(profile, day, credit)
            self._ledger.credit_activity(set(hours), credit)
        return credit
