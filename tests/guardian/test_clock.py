"""The boot clock behind trusted time, per OS, with the OS clocks faked."""

from __future__ import annotations

import ctypes
import time
from types import SimpleNamespace

import pytest

from guardian.clock import SystemClock


def test_linux_uses_boottime(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(time, "CLOCK_BOOTTIME", 7, raising=False)
    monkeypatch.setattr(time, "clock_gettime", lambda clock: 100.0 + clock)
    assert SystemClock().since_boot() == 107.0


def test_macos_uses_the_monotonic_clock_that_counts_sleep(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delattr(time, "CLOCK_BOOTTIME", raising=False)
    monkeypatch.setattr(time, "CLOCK_UPTIME_RAW", 8, raising=False)
    monkeypatch.setattr(time, "CLOCK_MONOTONIC", 6, raising=False)
    monkeypatch.setattr(time, "clock_gettime", lambda clock: 200.0 + clock)
    assert SystemClock().since_boot() == 206.0


def test_windows_uses_tick_count(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delattr(time, "CLOCK_BOOTTIME", raising=False)
    monkeypatch.delattr(time, "CLOCK_UPTIME_RAW", raising=False)

    class TickCount:
        restype: object = None
        argtypes: object = None

        def __call__(self) -> int:
            return 5_250

    monkeypatch.setattr(
        ctypes,
        "windll",
        SimpleNamespace(kernel32=SimpleNamespace(GetTickCount64=TickCount())),
        raising=False,
    )
    assert SystemClock().since_boot() == 5.25
