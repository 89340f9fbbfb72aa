"""Wall-clock time that changing the system clock cannot move.

While the service runs, time advances only with the boot clock (which counts suspend but not
clock changes); a wall-clock jump it does not confirm is reported as tamper and ignored.

Across a restart within one boot, trusted time continues from the saved anchor on the boot
clock, so a clock moved while the service was stopped changes nothing either. Across a reboot
it is the later of the wall clock and the highest time already seen (the high-water mark).
When that leaves trusted time ahead of a wall clock that was put right, it converges: it runs
at half speed until it meets the wall clock, never going back (so no day is lived twice).
Each jump is reported once, not once per restart: the offset already reported is saved too.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta

from guardian.clock import Clock

TOLERANCE_SECONDS = 120.0
"""Drift allowed between the wall and boot clocks before it counts as a jump (NTP slews less)."""
CONVERGE_RATE = 0.5
"""How fast trusted time runs while it is ahead of the wall clock (1.0 is real time)."""


@dataclass(frozen=True, slots=True)
class ClockJump:
    """The wall clock moved by `seconds` against trusted time (positive: forward)."""

    seconds: float
    wall: datetime
    trusted: datetime


@dataclass(frozen=True, slots=True)
class Anchor:
    """What is saved with the state to carry trusted time across a restart."""

    trusted: datetime
    since_boot: float
    boot_id: str | None
    reported_offset: float

    def to_text(self) -> str:
        """The anchor as stored."""
        return json.dumps(
            {
                "trusted": self.trusted.isoformat(),
                "since_boot": self.since_boot,
                "boot_id": self.boot_id,
                "reported_offset": self.reported_offset,
            }
        )

    @staticmethod
    def from_text(text: str | None) -> Anchor | None:
        """A stored anchor: the old form (a bare ISO time) or the JSON one; None if unusable."""
        if not text:
            return None
        try:
            if not text.lstrip().startswith("{"):
                return Anchor(datetime.fromisoformat(text), -1.0, None, 0.0)
            data = json.loads(text)
            return Anchor(
                datetime.fromisoformat(data["trusted"]),
                float(data["since_boot"]),
                data.get("boot_id"),
                float(data.get("reported_offset", 0.0)),
            )
        except (ValueError, KeyError, TypeError):
            return None


class TrustedTime:
    """Trusted "now", anchored at start on the saved anchor or max(wall clock, high water)."""

    def __init__(self, clock: Clock, saved: Anchor | None) -> None:
        self._clock = clock
        wall = clock.now()
        boot = clock.since_boot()
        self.start_jump: ClockJump | None = None
        self._reported_offset = 0.0 if saved is None else saved.reported_offset
        anchor = wall
        self._ahead = 0.0
        """Seconds trusted time is to shed by running slow (after a reboot, a high-water mark
        ahead of a wall clock put right); never when the boot clock vouches for the anchor."""
        same_boot = (
            saved is not None
            and saved.boot_id is not None
            and saved.boot_id == clock.boot_id()
            and saved.since_boot <= boot
        )
        if saved is not None and same_boot:
            # The boot clock still counts from the saved moment: the wall clock is not needed.
            anchor = saved.trusted + timedelta(seconds=boot - saved.since_boot)
        elif saved is not None and saved.trusted > wall:
            anchor = saved.trusted
            ahead = (anchor - wall).total_seconds()
            self._ahead = ahead if ahead > TOLERANCE_SECONDS else 0.0
        self._anchor_wall = anchor
        self._anchor_boot = boot
        offset = (wall - anchor).total_seconds()
        if abs(offset) > TOLERANCE_SECONDS and abs(offset - self._reported_offset) > (
            TOLERANCE_SECONDS
        ):
            self.start_jump = ClockJump(offset, wall, anchor)
            self._reported_offset = offset

    def now(self) -> datetime:
        """Trusted time, aware UTC: the boot clock's time since the anchor, less what is still
        being shed at half speed; it never goes back."""
        elapsed = self._clock.since_boot() - self._anchor_boot
        shed = min(self._ahead, elapsed * (1.0 - CONVERGE_RATE))
        return self._anchor_wall + timedelta(seconds=elapsed - shed)

    def anchor(self) -> Anchor:
        """What to save so the next start continues from here."""
        return Anchor(
            self.now(), self._clock.since_boot(), self._clock.boot_id(), self._reported_offset
        )

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
