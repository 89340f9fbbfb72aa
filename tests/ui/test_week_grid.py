"""The weekly grid: painting and erasing with the mouse and keys, exact minutes, the day list."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt, QTime
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from rules.model import Weekday
from rules.timeofday import AllowedWindow
from ui.week_grid import HoursCanvas, WeekGrid

LEFT = Qt.MouseButton.LeftButton
NO_KEYS = Qt.KeyboardModifier.NoModifier


def w(*texts: str) -> tuple[AllowedWindow, ...]:
    return tuple(AllowedWindow.parse(t) for t in texts)


def cell(hour: int, minute: int = 0) -> int:
    return (hour * 60 + minute) // 15


def centre(canvas: HoursCanvas, row: int, column: int) -> QPoint:
    return canvas.cell_rect(row, column).center().toPoint()


def drag(canvas: HoursCanvas, start: tuple[int, int], end: tuple[int, int]) -> None:
    """Press on one cell, move through the row to another, release there."""
    QTest.mousePress(canvas, LEFT, NO_KEYS, centre(canvas, *start))
    QTest.mouseMove(canvas, centre(canvas, start[0], (start[1] + end[1]) // 2))
    QTest.mouseMove(canvas, centre(canvas, *end))
    QTest.mouseRelease(canvas, LEFT, NO_KEYS, centre(canvas, *end))


def make_grid(qtbot: QtBot, windows: dict[Weekday, tuple[AllowedWindow, ...]]) -> WeekGrid:
    grid = WeekGrid()
    qtbot.addWidget(grid)
    grid.set_windows(windows)
    grid.resize(grid.sizeHint())
    grid.show()
    qtbot.waitExposed(grid)
    return grid


def texts(grid: WeekGrid) -> dict[str, list[str]]:
    return {day.value: [str(x) for x in ws] for day, ws in grid.windows().items() if ws}


def test_drag_paints_allowed_time(qtbot: QtBot) -> None:
    grid = make_grid(qtbot, {})
    with qtbot.waitSignal(grid.changed):
        drag(grid.canvas, (0, cell(8)), (0, cell(9, 45)))
    assert texts(grid) == {"mon": ["08:00-10:00"]}


def test_drag_over_rows_paints_a_rectangle(qtbot: QtBot) -> None:
    grid = make_grid(qtbot, {})
    drag(grid.canvas, (0, cell(18)), (2, cell(18, 45)))
    assert texts(grid) == {day: ["18:00-19:00"] for day in ("mon", "tue", "wed")}


def test_drag_starting_on_allowed_time_erases(qtbot: QtBot) -> None:
    grid = make_grid(qtbot, {Weekday.MON: w("08:00-12:00")})
    drag(grid.canvas, (0, cell(9)), (0, cell(9, 45)))
    assert texts(grid) == {"mon": ["08:00-09:00", "10:00-12:00"]}


def test_one_changed_signal_per_drag(qtbot: QtBot) -> None:
    grid = make_grid(qtbot, {})
    seen: list[None] = []
    grid.changed.connect(lambda: seen.append(None))
    drag(grid.canvas, (3, cell(6)), (3, cell(12)))
    assert len(seen) == 1


def test_set_windows_round_trips_and_does_not_signal(qtbot: QtBot) -> None:
    windows = {Weekday.TUE: w("08:07-12:03", "15:00-20:10"), Weekday.FRI: w("22:00-01:00")}
    grid = make_grid(qtbot, {})
    seen: list[None] = []
    grid.changed.connect(lambda: seen.append(None))
    grid.set_windows(windows)
    assert {d: ws for d, ws in grid.windows().items() if ws} == windows
    assert seen == []


def test_exact_minutes_survive_painting_elsewhere(qtbot: QtBot) -> None:
    grid = make_grid(qtbot, {Weekday.TUE: w("08:07-12:03"), Weekday.MON: w("10:00-11:00")})
    drag(grid.canvas, (0, cell(12)), (0, cell(12)))
    assert texts(grid) == {"mon": ["10:00-11:00", "12:00-12:15"], "tue": ["08:07-12:03"]}
    drag(grid.canvas, (1, cell(14)), (1, cell(14, 15)))
    assert texts(grid)["tue"] == ["08:07-12:03", "14:00-14:30"]


def test_partly_allowed_cell_is_shown_and_filled_by_a_click(qtbot: QtBot) -> None:
    grid = make_grid(qtbot, {Weekday.TUE: w("08:07-12:00")})
    assert grid.canvas.describe(1, cell(8)) == "Tuesday, 08:00–08:15: allowed for 8 min"
    drag(grid.canvas, (1, cell(8)), (1, cell(8)))
    assert texts(grid) == {"tue": ["08:00-12:00"]}


def test_friday_night_shows_on_saturday_and_round_trips(qtbot: QtBot) -> None:
    grid = make_grid(qtbot, {Weekday.FRI: w("22:00-01:00")})
    assert grid.canvas.describe(4, cell(23, 45)).endswith(": allowed")
    assert grid.canvas.describe(5, cell(0, 45)) == "Saturday, 00:45–01:00: allowed"
    assert grid.canvas.describe(5, cell(1)).endswith(": not allowed")
    assert texts(grid) == {"fri": ["22:00-01:00"]}


def test_erasing_saturday_morning_trims_friday_night(qtbot: QtBot) -> None:
    grid = make_grid(qtbot, {Weekday.FRI: w("22:00-01:00")})
    drag(grid.canvas, (5, cell(0, 30)), (5, cell(0, 45)))
    assert texts(grid) == {"fri": ["22:00-00:30"]}
    drag(grid.canvas, (5, cell(0)), (5, cell(0)))
    assert texts(grid) == {"fri": ["22:00-24:00"], "sat": ["00:15-00:30"]}


def test_keyboard_moves_toggles_and_paints(qtbot: QtBot) -> None:
    grid = make_grid(qtbot, {})
    canvas = grid.canvas
    canvas.setFocus()
    QTest.keyClick(canvas, Qt.Key.Key_Home)
    QTest.keyClick(canvas, Qt.Key.Key_Down)
    for _ in range(4):
        QTest.keyClick(canvas, Qt.Key.Key_PageDown)
    with qtbot.waitSignal(grid.changed):
        QTest.keyClick(canvas, Qt.Key.Key_Space)
    assert texts(grid) == {"tue": ["04:00-04:15"]}
    for _ in range(3):
        QTest.keyClick(canvas, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    QTest.keyRelease(canvas, Qt.Key.Key_Shift)
    assert texts(grid) == {"tue": ["04:00-05:00"]}
    QTest.keyClick(canvas, Qt.Key.Key_Space)
    assert texts(grid) == {"tue": ["04:00-04:45"]}
    assert canvas.cursor_text() == "Tuesday, 04:45–05:00: not allowed"
    QTest.keyClick(canvas, Qt.Key.Key_Left)
    QTest.keyClick(canvas, Qt.Key.Key_Space)
    QTest.keyClick(canvas, Qt.Key.Key_Left, Qt.KeyboardModifier.ShiftModifier)
    assert texts(grid) == {"tue": ["04:00-04:15"]}
    QTest.keyClick(canvas, Qt.Key.Key_Left)
    QTest.keyClick(canvas, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    assert texts(grid) == {"tue": ["04:00-04:15"], "wed": ["04:00-04:15"]}


def test_editor_follows_the_row_clicked(qtbot: QtBot) -> None:
    grid = make_grid(qtbot, {Weekday.WED: w("07:30-08:10")})
    wednesday_label = QPoint(5, round(grid.canvas.cell_rect(2, 0).center().y()))
    QTest.mouseClick(grid.canvas, LEFT, NO_KEYS, wednesday_label)
    assert grid.editor.day == Weekday.WED
    rows = grid.editor.rows()
    assert [(r.start_edit.time(), r.end_edit.time()) for r in rows] == [
        (QTime(7, 30), QTime(8, 10))
    ]
    assert grid.windows()[Weekday.WED] == w("07:30-08:10")


def test_editor_sets_exact_minutes(qtbot: QtBot) -> None:
    grid = make_grid(qtbot, {Weekday.MON: w("08:00-09:00")})
    row = grid.editor.rows()[0]
    with qtbot.waitSignal(grid.changed):
        row.end_edit.setTime(QTime(9, 7))
    assert texts(grid) == {"mon": ["08:00-09:07"]}
    assert grid.canvas.describe(0, cell(9)) == "Monday, 09:00–09:15: allowed for 7 min"


def test_editor_adds_and_removes_windows(qtbot: QtBot) -> None:
    grid = make_grid(qtbot, {Weekday.MON: w("07:00-09:00")})
    grid.editor.add_button.click()
    assert texts(grid) == {"mon": ["07:00-09:00", "09:00-10:00"]}
    rows = grid.editor.rows()
    rows[1].end_edit.setTime(QTime(0, 0))
    assert texts(grid) == {"mon": ["07:00-09:00", "09:00-24:00"]}
    with qtbot.waitSignal(grid.changed):
        qtbot.mouseClick(rows[0].remove_button, LEFT)
    assert texts(grid) == {"mon": ["09:00-24:00"]}


def test_editor_midnight_to_midnight_is_the_whole_day(qtbot: QtBot) -> None:
    grid = make_grid(qtbot, {Weekday.MON: w("08:00-09:00")})
    row = grid.editor.rows()[0]
    row.end_edit.setTime(QTime(0, 0))
    row.start_edit.setTime(QTime(0, 0))
    assert texts(grid) == {"mon": ["00:00-24:00"]}
    assert grid.problem() is None


def test_editor_refuses_a_window_without_length(qtbot: QtBot) -> None:
    grid = make_grid(qtbot, {Weekday.MON: w("08:00-09:00")})
    grid.editor.rows()[0].end_edit.setTime(QTime(8, 0))
    assert grid.problem() is not None
    assert texts(grid) == {"mon": ["08:00-09:00"]}


def test_editor_reports_overlaps(qtbot: QtBot) -> None:
    grid = make_grid(qtbot, {Weekday.MON: w("08:00-09:00", "10:00-11:00")})
    grid.editor.rows()[1].start_edit.setTime(QTime(8, 30))
    assert texts(grid) == {"mon": ["08:00-09:00", "08:30-11:00"]}
    assert grid.problem() == "Some windows on this day overlap; merge them into one."
