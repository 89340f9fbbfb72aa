"""The week's allowed hours as the parent edits them: painted minutes in, exact windows out.

Painting works on minutes, so edges that are not on the grid survive. Only the days whose
minutes change are rewritten (plus a day whose window spills into a changed day); every other
day keeps its windows exactly as the policy wrote them. Kept free of Qt so it is easy to test.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from rules.timeofday import MINUTES_PER_DAY, AllowedWindow, Weekday

DAYS = tuple(Weekday)
MINUTES_PER_WEEK = len(DAYS) * MINUTES_PER_DAY

WeekWindows = dict[Weekday, tuple[AllowedWindow, ...]]
Span = tuple[int, int]


def _footprint(day: int, windows: Iterable[AllowedWindow]) -> list[Span]:
    """Week minutes (start, end) the windows of one day cover; an end past the week wraps."""
    base = day * MINUTES_PER_DAY
    spans = []
    for window in windows:
        end = window.end + (MINUTES_PER_DAY if window.crosses_midnight else 0)
        spans.append((base + window.start, base + end))
    return spans


def _mark(cover: bytearray, span: Span, value: int) -> None:
    start, end = span
    for lo, hi in ((start, min(end, MINUTES_PER_WEEK)), (0, end - MINUTES_PER_WEEK)):
        if hi > lo:
            cover[lo:hi] = bytes([value]) * (hi - lo)


def _covers(cover: bytearray, span: Span) -> bool:
    start, end = span
    return all(cover[m % MINUTES_PER_WEEK] for m in range(start, end))


class _NeedsDay(Exception):
    """Deriving windows needs to rewrite a day that was meant to stay as it is."""

    def __init__(self, day: int) -> None:
        super().__init__(day)
        self.day = day


def _window_from(day_start: int, start: int, end: int) -> AllowedWindow:
    """The window from week minute `start` to `end`, on the day beginning at `day_start`."""
    if start == day_start and end == day_start + MINUTES_PER_DAY:
        return AllowedWindow(0, MINUTES_PER_DAY)
    return AllowedWindow(start - day_start, (end - day_start) % MINUTES_PER_DAY)


def _split_run(
    start: int, end: int, editable: set[int], out: dict[int, list[AllowedWindow]]
) -> None:
    """Cut one run of allowed week minutes into windows, crossing midnight when it fits in one.

    A run that reaches into the next day becomes one window when that window is shorter than a
    day (22:00 to 01:00 is one window on the first day); a longer run is cut at midnight.
    """
    pos = start
    while pos < end:
        day = (pos // MINUTES_PER_DAY) % len(DAYS)
        if day not in editable:
            raise _NeedsDay(day)
        offset = pos % MINUTES_PER_DAY
        day_start = pos - offset
        midnight = day_start + MINUTES_PER_DAY
        stop = min(end, midnight)
        if offset and end > midnight and end - midnight < offset:
            stop = end
        out[day].append(_window_from(day_start, pos, stop))
        pos = stop


def _runs(need: bytearray) -> list[Span]:
    """Maximal runs of set minutes on the week's circle; an end may pass the week's end."""
    if all(need):
        return [(d * MINUTES_PER_DAY, (d + 1) * MINUTES_PER_DAY) for d in range(len(DAYS))]
    runs = []
    for minute in range(MINUTES_PER_WEEK):
        if need[minute] and not need[minute - 1]:
            end = minute
            while need[end % MINUTES_PER_WEEK]:
                end += 1
            runs.append((minute, end))
    return runs


class WeekHours:
    """Allowed windows for each weekday, edited by painting minutes or by setting a day."""

    def __init__(self, windows: Mapping[Weekday, Sequence[AllowedWindow]] | None = None) -> None:
        self._windows: WeekWindows = {day: () for day in DAYS}
        for day, day_windows in (windows or {}).items():
            self._windows[day] = tuple(day_windows)

    def copy(self) -> WeekHours:
        """An independent copy, to go back to while a drag is in progress."""
        return WeekHours(self._windows)

    def windows(self) -> WeekWindows:
        """Every weekday's windows; a day without windows has an empty tuple."""
        return dict(self._windows)

    def day(self, day: Weekday) -> tuple[AllowedWindow, ...]:
        """One day's windows as stored."""
        return self._windows[day]

    def set_day(self, day: Weekday, windows: Sequence[AllowedWindow]) -> None:
        """Replace one day's windows exactly, as the per-day editor does."""
        self._windows[day] = tuple(windows)

    def cover(self) -> bytearray:
        """One byte per minute of the week, Monday 00:00 first: 1 where use is allowed."""
        cover = bytearray(MINUTES_PER_WEEK)
        for number, day in enumerate(DAYS):
            for span in _footprint(number, self._windows[day]):
                _mark(cover, span, 1)
        return cover

    def paint(self, spans: Iterable[tuple[Weekday, int, int]], allowed: bool) -> set[Weekday]:
        """Allow (or forbid) each (day, start minute, end minute) span.

        Returns the days whose windows were rewritten; every other day keeps its windows as is.
        """
        old = self.cover()
        new = bytearray(old)
        for day, start, end in spans:
            base = DAYS.index(day) * MINUTES_PER_DAY
            _mark(new, (base + start, base + end), 1 if allowed else 0)
        if new == old:
            return set()
        editable = {
            d
            for d in range(len(DAYS))
            if new[d * MINUTES_PER_DAY : (d + 1) * MINUTES_PER_DAY]
            != old[d * MINUTES_PER_DAY : (d + 1) * MINUTES_PER_DAY]
        }
        while True:
            kept = [
                (d, _footprint(d, self._windows[DAYS[d]]))
                for d in range(len(DAYS))
                if d not in editable
            ]
            # A kept day whose window lost minutes must be rewritten too.
            broken = {d for d, spans_of in kept if not all(_covers(new, s) for s in spans_of)}
            if broken:
                editable |= broken
                continue
            need = bytearray(new)
            for _, spans_of in kept:
                for span in spans_of:
                    _mark(need, span, 0)
            derived: dict[int, list[AllowedWindow]] = {d: [] for d in editable}
            try:
                for start, end in _runs(need):
                    _split_run(start, end, editable, derived)
            except _NeedsDay as needs:
                editable.add(needs.day)
                continue
            break
        for number, windows in derived.items():
            self._windows[DAYS[number]] = tuple(sorted(windows))
        return {DAYS[d] for d in derived}
