"""Shared helpers: timing loops, child processes and the result table."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Result:
    """One measured figure next to its baseline and target."""

    name: str
    value: str
    baseline: str
    target: str
    ok: bool | None
    """None when the figure has no target (printed as a dash)."""


def per_call(func: Callable[[], object], repeat: int = 7, number: int = 2000) -> float:
    """Median seconds per call over `repeat` rounds of `number` calls."""
    rounds = []
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(number):
            func()
        rounds.append((time.perf_counter() - start) / number)
    return statistics.median(rounds)


def spawn(args: list[str], **env: str) -> subprocess.Popen[str]:
    """Start a Python child of this project with offscreen Qt."""
    environment = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
        **env,
    }
    return subprocess.Popen(
        [sys.executable, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=environment,
        cwd=ROOT,
    )


def wait_for_line(proc: subprocess.Popen[str], marker: str, timeout: float = 30.0) -> str:
    """Read the child's stdout until a line starts with `marker`."""
    assert proc.stdout is not None
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            err = proc.stderr.read() if proc.stderr else ""
            raise RuntimeError(f"child exited before '{marker}': {err[-2000:]}")
        if line.startswith(marker):
            return line.strip()
    raise TimeoutError(marker)


def cpu_and_rss(pids: list[int], seconds: float) -> list[tuple[float, float]]:
    """CPU % of one core over `seconds` and RSS in MiB at the end, for each process."""
    procs = [psutil.Process(pid) for pid in pids]
    before = [p.cpu_times() for p in procs]
    time.sleep(seconds)
    out = []
    for proc, start in zip(procs, before, strict=True):
        end = proc.cpu_times()
        used = (end.user + end.system) - (start.user + start.system)
        out.append((100.0 * used / seconds, proc.memory_info().rss / 2**20))
    return out


def stop(proc: subprocess.Popen[str]) -> None:
    """End a child and close its pipes."""
    proc.kill()
    proc.communicate(timeout=10)
