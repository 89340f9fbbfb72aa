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
import stat
import threading
import time
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
    born: float
    """When the process started, on the monitor's (monotonic) clock."""
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
        self._groups: dict[int, frozenset[int]] = {}
        self._young: dict[int, float] = {}
        """Processes started less than YOUNG_SECONDS ago, by when they started."""
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
            self._young = {
                pid: born
                for pid, born in self._young.items()
                if now - born < YOUNG_SECONDS and pid in pids
            }
            again |= self._young.keys()
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
                uids = tuple(process.uids()) if hasattr(process, "uids") else ()
                cwd = _quiet(process.cwd, "") if _wraps(cmdline) else ""
                facts = ProcessFacts(
                    os=self._os,
                    exe=exe,
                    name=process.name(),
                    cmdline=cmdline,
                    app_ids=self._app_ids(pid, exe),
                    cwd=cwd,
                    writable=self._writable(exe, cmdline, cwd, uids[:1]),
                )
                username = _quiet(process.username, "")
                ppid = process.ppid()
                started = process.create_time()
        except psutil.NoSuchProcess:
            return None
        except psutil.AccessDenied:
            return None
        if before is not None:
            born = before.born
        else:
            # Started when, on this monitor's clock: a process that ran before Guardian
            # looked is not young, however recently Guardian first saw it.
            born = now - max(0.0, time.time() - started)
            if now - born < YOUNG_SECONDS:
                self._young[pid] = born
        tracked = Tracked(process, facts, uids, username, ppid, born)
        if before is not None and before.facts == facts:
            tracked.identified = before.identified
        return tracked

    def _writable(self, exe: str, cmdline: tuple[str, ...], cwd: str, uid: tuple[int, ...]) -> bool:
        """Whether the program, or the script a wrapper runs, is a file the user could write."""
        target, _ = wrapped(cmdline)
        paths = [exe] if exe else []
        if target:
            paths.append(target if os.path.isabs(target) or not cwd else os.path.join(cwd, target))
        if self._os == "windows":
            return any(windows_user_writable(path) for path in paths)
        return bool(uid) and any(self._writable_by(path, uid[0]) for path in paths)

    def _writable_by(self, path: str, uid: int) -> bool:
        """POSIX: the file or its folder is the user's, or writable by them by mode."""
        groups = self._groups.get(uid)
        if groups is None:
            groups = self._groups[uid] = _groups_of(uid)
        for place in (path, os.path.dirname(path)):
            try:
                info = os.stat(place)
            except OSError:
                continue
            if (
                info.st_uid == uid
                or info.st_mode & stat.S_IWOTH
                or (info.st_mode & stat.S_IWGRP and info.st_gid in groups)
            ):
                return True
        return False

    def forget(self, pid: int) -> None:
        """Drop a process (ended by the guard) so a reused PID is inspected afresh."""
        self._known.pop(pid, None)


T = TypeVar("T")
_WINDOWS_PROTECTED = ("c:/windows/", "c:/program files/", "c:/program files (x86)/")


def windows_user_writable(path: str) -> bool:
    """Windows: anything outside the Windows and Program Files folders of the system drive
    (which only administrators can write) may be the user's."""
    folded = path.replace("\\", "/").casefold()
    return not folded.startswith(_WINDOWS_PROTECTED)


def _groups_of(uid: int) -> frozenset[int]:
    """The groups of a POSIX account (none known: empty)."""
    try:
        import pwd

        entry = pwd.getpwuid(uid)
        return frozenset(os.getgrouplist(entry.pw_name, entry.pw_gid))
    except (ImportError, KeyError, OSError):
        return frozenset()


def _quiet(read: Callable[[], T], default: T) -> T:
    try:
        return read()
    except (psutil.AccessDenied, psutil.ZombieProcess, OSError):
        return default


def _wraps(cmdline: tuple[str, ...]) -> bool:
    """Whether a wrapper on this command line runs a script named relative to its folder."""
    target, _ = wrapped(cmdline)
    return target is not None and not os.path.isabs(target) and target[1:3] != ":\\"
