"""The process monitor: which processes run, found by polling new PIDs and by exec events.

A scan lists the PIDs (one directory read on Linux) and inspects only PIDs it has not seen, so a
steady-state scan reads nothing per process. Exec events from the OS (the Linux proc connector)
name PIDs to inspect again at once, which also catches a process that replaced its program
(`exec`) under an old PID. Without events, processes younger than a few seconds are looked at
again on each scan for the same reason, as wrappers exec their target right after starting.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TypeVar

import psutil

from rules.appmatch import Identified, ProcessFacts, wrapped
from rules.catalogue import OsName

log = logging.getLogger(__name__)
YOUNG_SECONDS = 5.0
"""Without exec events, a process is looked at again on every scan for this long."""


@dataclass(slots=True)
class Tracked:
    """One process as the monitor knows it."""

    process: psutil.Process
    facts: ProcessFacts
    uids: tuple[int, ...]
    username: str
    ppid: int
    first_seen: float
    identified: dict[str, Identified] = field(default_factory=dict)
    """What each profile's matcher made of it (by matcher identity), filled by the guard."""

    @property
    def pid(self) -> int:
        """The process id."""
        return self.process.pid


class ProcessMonitor:
    """Tracks the machine's processes; `scan` returns those new or changed since the last."""

    def __init__(
        self,
        os_name: OsName,
        monotonic: Callable[[], float],
        app_ids: Callable[[int, str], tuple[str, ...]] = lambda pid, exe: (),
        *,
        skip: Iterable[int] = (),
    ) -> None:
        self._os = os_name
        self._monotonic = monotonic
        self._app_ids = app_ids
        self._skip = frozenset(skip)
        self._known: dict[int, Tracked | None] = {}
        """Every PID seen; None for processes that cannot be inspected (kernel threads)."""
        self._execs: set[int] = set()
        self._lock = threading.Lock()
        self.events = False
        """Exec events arrive, so young processes need no second look."""
        self.gone: set[int] = set()
        """PIDs that ended before the last scan."""

    def exec_seen(self, pid: int) -> None:
        """An exec event for `pid`; safe to call from any thread."""
        with self._lock:
            self._execs.add(pid)

    def tracked(self) -> Iterable[Tracked]:
        """Every inspected live process (as of the last scan)."""
        return (t for t in self._known.values() if t is not None)

    def get(self, pid: int) -> Tracked | None:
        """The tracked process with this PID."""
        return self._known.get(pid)

    def scan(self) -> list[Tracked]:
        """Look for processes started (or exec'd) since the last scan; returns them."""
        now = self._monotonic()
        pids = set(psutil.pids())
        self.gone = self._known.keys() - pids
        for pid in self.gone:
            del self._known[pid]
        with self._lock:
            again, self._execs = self._execs & pids, set()
        if not self.events:
            again |= {
                pid
                for pid, known in self._known.items()
                if known is not None and now - known.first_seen < YOUNG_SECONDS
            }
        fresh: list[Tracked] = []
        for pid in sorted((pids - self._known.keys()) | again):
            if pid in self._skip:
                self._known[pid] = None
                continue
            before = self._known.get(pid)
            tracked = self._inspect(pid, now, before)
            self._known[pid] = tracked
            if tracked is not None and (before is None or before.facts != tracked.facts):
                fresh.append(tracked)
        return fresh

    def _inspect(self, pid: int, now: float, before: Tracked | None) -> Tracked | None:
        try:
            process = psutil.Process(pid)
            with process.oneshot():
                if before is not None and before.process.create_time() != process.create_time():
                    before = None  # the PID was reused
                exe = _quiet(process.exe, "")
                empty: list[str] = []
                cmdline = tuple(_quiet(process.cmdline, empty))
                if not exe and not cmdline:
                    return None  # a kernel thread or a zombie: nothing to judge
                facts = ProcessFacts(
                    os=self._os,
                    exe=exe,
                    name=process.name(),
                    cmdline=cmdline,
                    app_ids=self._app_ids(pid, exe),
                    cwd=_quiet(process.cwd, "") if _wraps(cmdline) else "",
                )
                uids = tuple(process.uids()) if hasattr(process, "uids") else ()
                username = _quiet(process.username, "")
                ppid = process.ppid()
        except psutil.NoSuchProcess:
            return None
        except psutil.AccessDenied:
            return None
        first_seen = before.first_seen if before is not None else now
        tracked = Tracked(process, facts, uids, username, ppid, first_seen)
        if before is not None and before.facts == facts:
            tracked.identified = before.identified
        return tracked

    def forget(self, pid: int) -> None:
        """Drop a process (ended by the guard) so a reused PID is inspected afresh."""
        self._known.pop(pid, None)


T = TypeVar("T")


def _quiet(read: Callable[[], T], default: T) -> T:
    try:
        return read()
    except (psutil.AccessDenied, psutil.ZombieProcess, OSError):
        return default


def _wraps(cmdline: tuple[str, ...]) -> bool:
    """Whether a wrapper on this command line runs a script named relative to its folder."""
    target, _ = wrapped(cmdline)
    return target is not None and not os.path.isabs(target) and target[1:3] != ":\\"
