"""Ending a user's processes safely: terminate, wait, kill; never the system's or Guardian's own.

Shared by every OS: each adapter says which processes belong to the session's user, and this
module keeps the rules that hold everywhere (never this process or its ancestors) and does the
terminate-then-kill dance with psutil, which checks for PID reuse before each signal.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING

import psutil

from guardian.platform.base import PlatformError

if TYPE_CHECKING:  # pwd exists only on POSIX; this module is shared with Windows
    import pwd

GRACE_SECONDS = 2.0
"""How long programs get to save and quit after SIGTERM (on Windows terminate is already final)."""
PROTECTED_CACHE_SECONDS = 5.0
"""How long the app adapters trust their last list of Guardian's own processes."""

_log = logging.getLogger(__name__)


def protected_pids() -> frozenset[int]:
    """This process and its ancestors, which ending a user's processes must never touch."""
    pids: set[int] = set()
    process: psutil.Process | None = psutil.Process()
    while process is not None and process.pid not in pids:
        pids.add(process.pid)
        try:
            process = process.parent()
        except psutil.Error:
            break
    return frozenset(pids)


class ProtectedPids:
    """`protected_pids()`, remembered for `max_age` seconds: the process tree barely changes,
    and asking psutil for it on every ownership check would walk it again each time."""

    def __init__(
        self,
        protected: Callable[[], frozenset[int]] = protected_pids,
        monotonic: Callable[[], float] = time.monotonic,
        max_age: float = PROTECTED_CACHE_SECONDS,
    ) -> None:
        self._protected = protected
        self._monotonic = monotonic
        self._max_age = max_age
        self._cache: tuple[float, frozenset[int]] | None = None

    def __call__(self) -> frozenset[int]:
        """The protected pids, asked again once the last answer is older than `max_age`."""
        now = self._monotonic()
        cache = self._cache
        if cache is None or now - cache[0] > self._max_age:
            cache = self._cache = (now, self._protected())
        return cache[1]


def uid_may_be_ended(process_uids: Sequence[int], target_uid: int, people: range) -> bool:
    """Whether a process with these uids (real, effective, saved) is the target person's alone.

    Never root, never an account outside the people's uid range, never a set-uid program running
    with someone else's rights even when the target started it.
    """
    if target_uid == 0 or target_uid not in people or not process_uids:
        return False
    return all(uid == target_uid for uid in process_uids)


def select_processes(owned: Callable[[psutil.Process], bool]) -> list[psutil.Process]:
    """The running processes `owned` accepts, without this process and its ancestors."""
    protected = protected_pids()
    chosen: list[psutil.Process] = []
    for process in psutil.process_iter():
        if process.pid in protected:
            continue
        try:
            if owned(process):
                chosen.append(process)
        except psutil.Error:
            # Gone meanwhile, or not ours to inspect: either way not one to end.
            continue
    return chosen


def terminate_then_kill(processes: Iterable[psutil.Process], grace: float = GRACE_SECONDS) -> int:
    """Ask each process to quit, kill those still running after `grace` s; returns how many end."""
    asked: list[psutil.Process] = []
    for process in processes:
        try:
            process.terminate()
            asked.append(process)
        except psutil.NoSuchProcess:
            continue
        except psutil.AccessDenied:
            _log.warning("Not allowed to end process %d", process.pid)
    gone, alive = psutil.wait_procs(asked, timeout=grace)
    for process in alive:
        try:
            process.kill()
        except psutil.NoSuchProcess:
            continue
        except psutil.AccessDenied:
            _log.warning("Not allowed to kill process %d", process.pid)
    killed, survivors = psutil.wait_procs(alive, timeout=1.0)
    for process in survivors:
        _log.warning("Process %d survived SIGKILL (stuck in the kernel?)", process.pid)
    return len(gone) + len(killed)


def end_processes(owned: Callable[[psutil.Process], bool], grace: float = GRACE_SECONDS) -> int:
    """Terminate, then kill, each process `owned` accepts but Guardian's own; returns how many."""
    return terminate_then_kill(select_processes(owned), grace)


def own_user_entry(
    own_uid: Callable[[], int], by_uid: Callable[[int], pwd.struct_passwd]
) -> pwd.struct_passwd:
    """The user database entry of this process's uid (POSIX); PlatformError when it has none."""
    uid = own_uid()
    try:
        return by_uid(uid)
    except KeyError:
        raise PlatformError(f"uid {uid} has no entry in the user database") from None
