"""Wall-clock time that changing the system clock cannot move.

While the service runs, time advances only with the boot clock (which counts suspend but not
clock changes); a wall-clock jump it does not confirm is reported as tamper and ignored. Across
restarts, time never goes below the highest time already seen (the high-water mark).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from guardian.clock import Clock

TOLERANCE_SECONDS = 120.0
"""Drift allowed between the wall and boot clocks before it counts as a jump (NTP slews less)."""


@dataclass(frozen=True, slots=True)
class ClockJump:
    """The wall clock moved by `seconds` against trusted time (positive: forward)."""

    seconds: float
    wall: datetime
    trusted: datetime


class TrustedTime:
    """Trusted "now", anchored at start to max(wall clock, high-water mark)."""

    def __init__(self, clock: Clock, high_water: datetime | None) -> None:
        self._clock = clock
        wall = clock.now()
        self.start_jump: ClockJump | None = None
        anchor = wall
        if high_water is not None and high_water > wall:
            anchor = high_water
            if (high_water - wall).total_seconds() > TOLERANCE_SECONDS:
                self.start_jump = ClockJump((wall - high_water).total_seconds(), wall, high_water)
        self._anchor_wall = anchor
        self._anchor_boot = clock.since_boot()
        self._reported_offset = 0.0

    def now(self) -> datetime:
        """Trusted time, aware UTC."""
        return self._anchor_wall + timedelta(seconds=self._clock.since_boot() - self._anchor_boot)

    def check(self) -> ClockJump | None:
        """Compare with the wall clock; a new jump beyond the tolerance is returned once."""
        trusted = self.now()
        wall = self._clock.now()
        offset = (wall - trusted).total_seconds()
        if abs(offset - self._reported_offset) <= TOLERANCE_SECONDS:
            return None
        self._reported_offset = offset
        if abs(offset) <= TOLERANCE_SECONDS:
            return None  # the clock was put back right; nothing to report
        return ClockJump(offset, wall, trusted)
