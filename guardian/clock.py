"""Time sources, injected everywhere so tests can travel through a day without sleeping."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Protocol


class Clock(Protocol):
    """A monotonic clock for measuring and a wall clock for naming days."""

    def monotonic(self) -> float:
        """Seconds from an arbitrary start; never goes back, never jumps with the wall clock."""
        ...

    def now(self) -> datetime:
        """The wall-clock time, aware, in UTC. The OS clock, which an administrator can change."""
        ...

    def since_boot(self) -> float:
        """Seconds since boot including suspend; like monotonic, immune to wall-clock changes."""
        ...


class SystemClock:
    """The real clocks of the machine."""

    def monotonic(self) -> float:
        """`time.monotonic()`, which on Linux does not count suspend."""
        return time.monotonic()

    def now(self) -> datetime:
        """The OS wall clock in UTC."""
        return datetime.now(UTC)

    def since_boot(self) -> float:
        """CLOCK_BOOTTIME where the OS has it (Linux), else the monotonic clock.

        Whether the fallback counts sleep on Windows and macOS is tracked in docs/platforms.md.
        """
        if hasattr(time, "CLOCK_BOOTTIME"):
            return time.clock_gettime(time.CLOCK_BOOTTIME)
        return time.monotonic()
