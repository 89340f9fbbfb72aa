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

from guardian.apps.executable import MEMFD, Executable, linux_executable, os_executable
from rules.appmatch import Identified, ProcessFacts
from rules.catalogue import OsName
from rules.launch import Launch, launch

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
    image: str = ""
    """Where the running executable's bytes are read (`/proc/<pid>/exe` on Linux, also for a
    deleted file or a memfd); `facts.exe` names where it was started from."""
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
        executable: Callable[[int], Executable] | None = None,
    ) -> None:
        self._os = os_name
        self._executable = executable or (linux_executable if os_name == "linux" else os_executable)
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
                found = self._executable(pid)
                exe = found.path
                empty: list[str] = []
                cmdline = tuple(_quiet(process.cmdline, empty))
                if not exe and not cmdline:
                    return None  # a kernel thread or a zombie: nothing to judge
                uids = tuple(process.uids()) if hasattr(process, "uids") else ()
                folder: list[str] = []  # the working folder, read only when a wrapper needs it

                def cwd() -> str:
                    if not folder:
                        folder.append(_quiet(process.cwd, ""))
                    return folder[0]

                runs = launch(exe, cmdline, cwd, _canonical)
                facts = ProcessFacts(
                    os=self._os,
                    exe=exe,
                    name=process.name(),
                    cmdline=cmdline,
                    app_ids=self._app_ids(pid, exe),
                    cwd=folder[0] if folder else "",
                    writable=self._writable(found, runs, folder[0] if folder else "", uids[:1]),
                    deleted=found.deleted,
                    launch=runs,
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
        tracked = Tracked(process, facts, uids, username, ppid, born, found.image or exe)
        if before is not None and before.facts == facts:
            tracked.identified = before.identified
        return tracked

    def _writable(self, exe: Executable, runs: Launch, cwd: str, uid: tuple[int, ...]) -> bool:
        """Whether the program, or the script a wrapper runs, is a file the user could write.

        A memfd is memory the process wrote itself. A module or class name is looked for in
        the working folder first, so it is the user's when that folder is.
        """
        target = runs.target if runs.target and runs.file else None
        if self._os == "windows":
            places = [p for p in (exe.path, target) if p]
            if runs.target and not runs.file and cwd:
                places.append(cwd + "\\")
            return any(windows_user_writable(place) for place in places)
        if not uid:
            return False
        if exe.path.startswith(MEMFD):
            return True
        if exe.path and self._writable_by(exe.path, uid[0], exe.image or exe.path):
            return True
        if target and self._writable_by(target, uid[0], target):
            return True
        return bool(runs.target and not runs.file and cwd) and self._writable_by(
            os.path.join(cwd, "."), uid[0], cwd
        )

    def _writable_by(self, path: str, uid: int, content: str) -> bool:
        """POSIX: the file (read through `content`) or its folder is the user's, or writable
        by them by mode; a file that cannot be found, nor its folder, may have been theirs."""
        groups = self._groups.get(uid)
        if groups is None:
            groups = self._groups[uid] = _groups_of(uid)
        known = False
        for place in (content, os.path.dirname(path)):
            try:
                info = os.stat(place)
            except OSError:
                continue
            known = True
            if (
                info.st_uid == uid
                or info.st_mode & stat.S_IWOTH
                or (info.st_mode & stat.S_IWGRP and info.st_gid in groups)
            ):
                return True
        return not known

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


def _canonical(path: str) -> str:
    """A script's path as the process opened it: symlinks and `..` resolved (relative paths
    are left alone: they are another OS's, like a Wine program's `C:\\game.exe`)."""
    return os.path.realpath(path) if os.path.isabs(path) else path
