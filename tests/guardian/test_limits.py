"""Per-account token buckets: a burst, a steady refill, and memory bounded by forgetting."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from guardian.api import RateLimited
from guardian.limits import MethodLimits, Rate, RateLimiter, until_next_day

RATE = Rate(burst=3, every=10.0, what="requests for time")


class Ticker:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_a_burst_then_one_call_per_interval_per_account() -> None:
    clock = Ticker()
    limiter = RateLimiter(RATE, clock)
    for _ in range(3):
        limiter.take("kid")
    with pytest.raises(RateLimited) as refused:
        limiter.take("kid")
    assert refused.value.code == "rate_limited"
    assert refused.value.retry_after == pytest.approx(10.0)
    assert "requests for time" in str(refused.value)
    limiter.take("parent")  # another account's bucket is full
    clock.now = 4.0
    with pytest.raises(RateLimited) as again:
        limiter.take("kid")
    assert again.value.retry_after == pytest.approx(6.0)  # refused calls cost nothing
    clock.now = 10.0
    limiter.take("kid")
    with pytest.raises(RateLimited):
        limiter.take("kid")


def test_full_buckets_are_forgotten_and_memory_stays_bounded() -> None:
    clock = Ticker()
    limiter = RateLimiter(RATE, clock, max_accounts=4)
    for name in ("a", "b", "c", "d"):
        limiter.take(name)
    clock.now = 10.0  # a's to d's buckets are full again: forgetting them loses nothing
    limiter.take("e")
    assert len(limiter) == 1
    for _ in range(2):
        limiter.take("e")
    for name in ("f", "g", "h", "i", "j", "k"):
        limiter.take(name)
    assert len(limiter) == 4
    with pytest.raises(RateLimited):
        limiter.take("e")  # the emptiest bucket is the last to be forgotten


def test_only_listed_methods_are_limited() -> None:
    limits = MethodLimits(Ticker(), {"request.submit": RATE})
    for _ in range(100):
        limits.take("status", "kid")
    for _ in range(3):
        limits.take("request.submit", "kid")
    with pytest.raises(RateLimited):
        limits.take("request.submit", "kid")


def test_per_day_caps_start_afresh_at_utc_midnight() -> None:
    assert until_next_day(datetime(2026, 11, 30, 23, 59, 30, tzinfo=UTC)) == 30.0
