"""The week's hours behind the grid: painting minutes rewrites only the days it has to."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from rules.model import Profile, Weekday
from rules.timeofday import MINUTES_PER_DAY, AllowedWindow
from ui.week_hours import DAYS, MINUTES_PER_WEEK, WeekHours


def w(*texts: str) -> tuple[AllowedWindow, ...]:
    return tuple(AllowedWindow.parse(t) for t in texts)


def texts(hours: WeekHours) -> dict[str, list[str]]:
    return {day.value: [str(x) for x in ws] for day, ws in hours.windows().items() if ws}


def test_painting_across_midnight_makes_one_window_on_the_first_day() -> None:
    hours = WeekHours()
    changed = hours.paint([(Weekday.FRI, 22 * 60, MINUTES_PER_DAY), (Weekday.SAT, 0, 60)], True)
    assert changed == {Weekday.FRI, Weekday.SAT}
    assert texts(hours) == {"fri": ["22:00-01:00"]}


def test_sunday_night_runs_into_monday() -> None:
    hours = WeekHours()
    hours.paint([(Weekday.SUN, 22 * 60, MINUTES_PER_DAY), (Weekday.MON, 0, 60)], True)
    assert texts(hours) == {"sun": ["22:00-01:00"]}
    cover = hours.cover()
    assert cover[0:60] == b"\x01" * 60 and cover[60] == 0


def test_erasing_after_midnight_splits_the_window_of_the_day_before() -> None:
    hours = WeekHours({Weekday.FRI: w("22:00-01:00")})
    hours.paint([(Weekday.SAT, 0, 15)], False)
    assert texts(hours) == {"fri": ["22:00-24:00"], "sat": ["00:15-01:00"]}


def test_days_not_painted_keep_their_exact_windows() -> None:
    original = {Weekday.MON: w("08:07-12:00"), Weekday.TUE: w("09:13-10:59", "22:01-00:17")}
    hours = WeekHours(original)
    assert hours.paint([(Weekday.THU, 600, 615)], True) == {Weekday.THU}
    assert hours.day(Weekday.MON) == original[Weekday.MON]
    assert hours.day(Weekday.TUE) == original[Weekday.TUE]


def test_painting_a_day_keeps_its_other_minutes_exact() -> None:
    hours = WeekHours({Weekday.MON: w("08:07-12:00", "15:00-20:10")})
    hours.paint([(Weekday.MON, 12 * 60, 12 * 60 + 15)], True)
    assert texts(hours) == {"mon": ["08:07-12:15", "15:00-20:10"]}


def test_separate_windows_of_a_kept_day_stay_separate() -> None:
    hours = WeekHours({Weekday.FRI: w("22:00-24:00"), Weekday.SAT: w("00:00-01:00")})
    hours.paint([(Weekday.FRI, 600, 615)], True)
    assert texts(hours) == {"fri": ["10:00-10:15", "22:00-24:00"], "sat": ["00:00-01:00"]}


def test_a_whole_week_is_seven_whole_days() -> None:
    hours = WeekHours()
    hours.paint([(day, 0, MINUTES_PER_DAY) for day in DAYS], True)
    assert texts(hours) == {day.value: ["00:00-24:00"] for day in DAYS}


def test_painting_what_is_there_changes_nothing() -> None:
    hours = WeekHours({Weekday.MON: w("08:00-09:00")})
    assert hours.paint([(Weekday.MON, 480, 540)], True) == set()


@st.composite
def day_windows(draw: st.DrawFn) -> tuple[AllowedWindow, ...]:
    """Windows of one day that do not overlap, maybe with one running past midnight."""
    edges = sorted(draw(st.sets(st.integers(1, MINUTES_PER_DAY - 1), max_size=6)))
    if len(edges) % 2:
        edges.pop()
    windows = [AllowedWindow(a, b) for a, b in zip(edges[::2], edges[1::2], strict=True)]
    last_end = edges[-1] if edges else 0
    if last_end < MINUTES_PER_DAY - 1 and draw(st.booleans()):
        start = draw(st.integers(last_end + 1, MINUTES_PER_DAY - 1))
        windows.append(AllowedWindow(start, draw(st.integers(0, start - 1))))
    return tuple(windows)


week_windows = st.fixed_dictionaries({day: day_windows() for day in DAYS})
strokes = st.lists(
    st.tuples(st.sampled_from(DAYS), st.integers(0, 95), st.integers(1, 8), st.booleans()),
    min_size=1,
    max_size=3,
)


@settings(max_examples=60, deadline=None)
@given(week_windows, strokes)
def test_painting_is_exact_and_valid(
    windows: dict[Weekday, tuple[AllowedWindow, ...]],
    paints: list[tuple[Weekday, int, int, bool]],
) -> None:
    hours = WeekHours(windows)
    for day, cell, length, allow in paints:
        before = hours.windows()
        expected = hours.cover()
        start = DAYS.index(day) * MINUTES_PER_DAY + cell * 15
        for minute in range(start, start + min(length * 15, MINUTES_PER_DAY - cell * 15)):
            expected[minute % MINUTES_PER_WEEK] = allow
        end = min(cell * 15 + length * 15, MINUTES_PER_DAY)
        changed = hours.paint([(day, cell * 15, end)], allow)

        assert hours.cover() == expected
        after = hours.windows()
        assert all(after[d] == before[d] for d in DAYS if d not in changed)
        Profile(id="p", name="p", allowed_hours=after)
        for ws in after.values():
            assert all(AllowedWindow.parse(str(x)) == x for x in ws)
