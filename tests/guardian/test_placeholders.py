"""Filling %1, %2 … in one pass: a value is never filled again."""

from __future__ import annotations

from guardian.placeholders import fill


def test_values_are_put_in_once_and_never_filled_again() -> None:
    assert fill("%1 wrote: “%2”", "Anna %2", "100%1 sure") == "Anna %2 wrote: “100%1 sure”"
    assert fill("%2, then %1", "a", "b") == "b, then a"


def test_a_place_without_a_value_stays() -> None:
    assert fill("%1 of %3", "one") == "one of %3"
