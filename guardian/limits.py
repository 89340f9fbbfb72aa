"""What one account may cost the service: how often it may call writing methods, and how much
of what it writes is kept.

Any local account may call `request.submit`, `request.approve_code` and `auth.login` without a
token. Each account has
its own token bucket per method, so one account's flood only ever refuses that account; and the
ledger keeps a bounded number of the events an account causes per day, so a flood cannot bury
what the parent must see. The numbers are in docs/protocol.md, "Limits".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from guardian.api import RateLimited


@dataclass(frozen=True, slots=True)
class Rate:
    """A token bucket: `burst` calls at once, then one more every `every` seconds."""

    burst: int
    every: float
    what: str
    """What is counted, for the refusal's message ("requests for time")."""


METHOD_RATES: dict[str, Rate] = {
    "request.submit": Rate(burst=10, every=60.0, what="requests"),
    "request.approve_code": Rate(burst=10, every=6.0, what="one-time code tries"),
    "auth.login": Rate(burst=10, every=6.0, what="logins"),
    "reports.mine": Rate(burst=20, every=3.0, what="looks at your week"),
}
"""Methods any account may call that write something or make the service read a lot (a
week's summary is collected from the database), by JSON-RPC method name."""

STORED_PER_DAY: dict[str, int] = {"request": 50, "login_failed": 100}
"""Events of these kinds are kept at most this many times per account per day (UTC)."""

MAX_ACCOUNTS = 1024
"""Buckets kept at most; full buckets are forgotten first, since a new one starts full."""


class RateLimiter:
    """Token buckets of one Rate, one per account; `monotonic` gives seconds."""

    def __init__(
        self, rate: Rate, monotonic: Callable[[], float], max_accounts: int = MAX_ACCOUNTS
    ) -> None:
        self._rate = rate
        self._monotonic = monotonic
        self._max_accounts = max_accounts
        self._buckets: dict[str, tuple[float, float]] = {}
        """Account → (tokens left, when counted)."""

    def __len__(self) -> int:
        return len(self._buckets)

    def _level(self, account: str, now: float) -> float:
        tokens, counted = self._buckets.get(account, (float(self._rate.burst), now))
        return min(float(self._rate.burst), tokens + max(0.0, now - counted) / self._rate.every)

    def take(self, account: str) -> None:
        """Count one call of `account`; RateLimited (and nothing counted) when none is left."""
        now = self._monotonic()
        level = self._level(account, now)
        if level < 1.0:
            self._buckets[account] = (level, now)
            raise RateLimited((1.0 - level) * self._rate.every, self._rate.what)
        self._buckets[account] = (level - 1.0, now)
        if len(self._buckets) > self._max_accounts:
            self._forget(now)

    def _forget(self, now: float) -> None:
        """Drop full buckets; past the bound still, the fullest (the least to lose)."""
        self._buckets = {
            account: bucket
            for account, bucket in self._buckets.items()
            if self._level(account, now) < self._rate.burst
        }
        while len(self._buckets) > self._max_accounts:
            fullest = max(self._buckets, key=lambda account: self._level(account, now))
            del self._buckets[fullest]


class MethodLimits:
    """A RateLimiter for each method of METHOD_RATES; other methods are not limited."""

    def __init__(
        self, monotonic: Callable[[], float], rates: dict[str, Rate] | None = None
    ) -> None:
        self._limiters = {
            method: RateLimiter(rate, monotonic)
            for method, rate in (METHOD_RATES if rates is None else rates).items()
        }

    def take(self, method: str, account: str) -> None:
        """Count a call; RateLimited when `account` called `method` too often."""
        limiter = self._limiters.get(method)
        if limiter is not None:
            limiter.take(account)


def day_of(at: datetime) -> str:
    """The UTC day whose per-day caps an event at `at` counts against."""
    return at.astimezone(UTC).date().isoformat()


def until_next_day(at: datetime) -> float:
    """Seconds until the per-day caps start afresh."""
    utc = at.astimezone(UTC)
    midnight = datetime(utc.year, utc.month, utc.day, tzinfo=UTC) + timedelta(days=1)
    return (midnight - utc).total_seconds()
