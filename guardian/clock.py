"""Time sources, injected everywhere so tests can travel through a day without sleeping."""

from __future__ import annotations

import ctypes
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Protocol, cast

BOOT_ID = "/proc/sys/kernel/random/boot_id"


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

    def boot_id(self) -> str | None:
        """An id of this boot, so a restart can tell it is still the same boot; None when the
        OS gives none."""
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
        """Seconds since boot including suspend, on each OS's own clock for that.

        Linux: CLOCK_BOOTTIME. macOS (the only OS with CLOCK_UPTIME_RAW): CLOCK_MONOTONIC, which
        Darwin keeps counting through sleep, unlike the mach clock behind `time.monotonic()`.
        Windows: GetTickCount64, which counts sleep and hibernation.
        """
        if hasattr(time, "CLOCK_BOOTTIME"):
            return time.clock_gettime(time.CLOCK_BOOTTIME)
        if hasattr(time, "CLOCK_UPTIME_RAW"):
            return time.clock_gettime(time.CLOCK_MONOTONIC)
        tick_count = _windows_tick_count()
        if tick_count is not None:
            return tick_count() / 1000.0
        return time.monotonic()

    def boot_id(self) -> str | None:
        """Linux's random boot id; other systems give none that a service can read cheaply."""
        try:
            with open(BOOT_ID, encoding="ascii") as handle:
                return handle.read().strip() or None
        except OSError:
            return None


def _windows_tick_count() -> Callable[[], int] | None:
    windll = getattr(ctypes, "windll", None)
    if windll is None:
        return None
    function = windll.kernel32.GetTickCount64
    function.restype = ctypes.c_uint64
    function.argtypes = []
    return cast(Callable[[], int], function)
