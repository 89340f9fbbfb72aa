"""Wall-clock times of day and allowed windows, written as "HH:MM" and "HH:MM-HH:MM"."""

from __future__ import annotations

import re
from enum import StrEnum
from functools import total_ordering
from typing import Any

MINUTES_PER_DAY = 24 * 60
_WINDOW_RE = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$")


def format_minute(minute: int) -> str:
    """Format minutes since midnight as HH:MM (1440 is written 24:00)."""
    return f"{minute // 60:02d}:{minute % 60:02d}"


def _minute(hours: str, minutes: str) -> int:
    h, m = int(hours), int(minutes)
    if m > 59 or h > 24 or (h == 24 and m != 0):
        raise ValueError(f"{hours}:{minutes} is not a time of day (00:00 to 24:00)")
    return h * 60 + m


@total_ordering
class AllowedWindow:
    """A span of the day when the computer may be used; end <= start crosses midnight.

    Immutable, hashable and ordered by (start, end). A plain class rather than a dataclass, so
    that msgspec treats it as a custom type written as "HH:MM-HH:MM" (see `rules.model`).
    """

    __slots__ = ("end", "start")
    start: int
    end: int

    def __init__(self, start: int, end: int) -> None:
        object.__setattr__(self, "start", start)
        object.__setattr__(self, "end", end)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"cannot assign to field '{name}'")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"cannot delete field '{name}'")

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        assert isinstance(other, AllowedWindow)
        return (self.start, self.end) == (other.start, other.end)

    def __lt__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        assert isinstance(other, AllowedWindow)
        return (self.start, self.end) < (other.start, other.end)

    def __hash__(self) -> int:
        return hash((self.start, self.end))

    def __repr__(self) -> str:
        return f"AllowedWindow(start={self.start}, end={self.end})"

    def __reduce__(self) -> tuple[type[AllowedWindow], tuple[int, int]]:
        return (AllowedWindow, (self.start, self.end))

    @property
    def crosses_midnight(self) -> bool:
        """True when the window ends on the next day."""
        return self.end <= self.start

    @property
    def minutes(self) -> int:
        """Length of the window in wall-clock minutes."""
        return (self.end - self.start) % MINUTES_PER_DAY or MINUTES_PER_DAY

    @classmethod
    def parse(cls, text: str) -> AllowedWindow:
        """Parse "HH:MM-HH:MM"; raises ValueError with a message fit for a parent."""
        match = _WINDOW_RE.match(text)
        if not match:
            raise ValueError(
                f"'{text}' is not a time window; write it as HH:MM-HH:MM, e.g. 07:30-21:00"
            )
        start = _minute(match[1], match[2])
        end = _minute(match[3], match[4])
        if start == MINUTES_PER_DAY:
            raise ValueError(f"'{text}': a window cannot start at 24:00")
        if start == end:
            raise ValueError(
                f"'{text}': start and end are the same; use 00:00-24:00 for the whole day"
            )
        if end == MINUTES_PER_DAY and start == 0:
            return cls(0, MINUTES_PER_DAY)
        return cls(start, end % MINUTES_PER_DAY if end == MINUTES_PER_DAY else end)

    def __str__(self) -> str:
        end = (
            MINUTES_PER_DAY
            if self.end == 0 or (self.start == 0 and self.end == MINUTES_PER_DAY)
            else self.end
        )
        return f"{format_minute(self.start)}-{format_minute(end)}"


WINDOW_SCHEMA: dict[str, Any] = {
    "type": "string",
    "pattern": r"^\d{1,2}:\d{2}-\d{1,2}:\d{2}$",
    "description": "HH:MM-HH:MM; an end at or before the start crosses midnight",
    "examples": ["07:30-21:00", "22:00-01:00", "00:00-24:00"],
}
"""The JSON Schema of a window as written in policy files."""


class Weekday(StrEnum):
    """Days of the week as written in policy files; Monday is day 0 as in `date.weekday()`."""

    MON = "mon"
    TUE = "tue"
    WED = "wed"
    THU = "thu"
    FRI = "fri"
    SAT = "sat"
    SUN = "sun"

    @property
    def number(self) -> int:
        """0 for Monday to 6 for Sunday, as `date.weekday()` counts."""
        return list(Weekday).index(self)
