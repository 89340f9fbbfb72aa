"""Telling a failing disk from a damaged database, and pacing retries of a failing disk.

A full, read-only or failing disk is a storage fault: state stays in memory and writes are
retried. Only SQLite's own verdict (SQLITE_CORRUPT, SQLITE_NOTADB, a failed quick_check, an
empty file) makes a database damaged; a damaged file is set aside and rebuilt, a good one never.
"""

from __future__ import annotations

import errno
import os
import sqlite3
from pathlib import Path
from typing import Literal

Reason = Literal["full", "read_only", "io_error", "other"]

_DAMAGE = {sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB}
_SQLITE_REASONS: dict[int, Reason] = {
    sqlite3.SQLITE_FULL: "full",
    sqlite3.SQLITE_READONLY: "read_only",
    sqlite3.SQLITE_PERM: "read_only",
    sqlite3.SQLITE_IOERR: "io_error",
}
_OS_REASONS: dict[int, Reason] = {
    errno.ENOSPC: "full",
    errno.EDQUOT: "full",
    errno.EROFS: "read_only",
    errno.EACCES: "read_only",
    errno.EPERM: "read_only",
    errno.EIO: "io_error",
}


class DamagedDatabase(Exception):
    """SQLite opened the file but it holds no usable database (empty, failed quick_check)."""


def is_damage(exc: BaseException) -> bool:
    """Whether an error says the file itself is damaged (never true of a failing disk)."""
    if isinstance(exc, DamagedDatabase):
        return True
    code = getattr(exc, "sqlite_errorcode", None)
    return isinstance(exc, sqlite3.DatabaseError) and code is not None and code & 0xFF in _DAMAGE


def is_storage_fault(exc: BaseException) -> bool:
    """Whether an error comes from the disk or the file system rather than from a bug."""
    if isinstance(exc, OSError):
        return True
    if isinstance(exc, sqlite3.IntegrityError | sqlite3.ProgrammingError | sqlite3.InterfaceError):
        return False
    return isinstance(exc, sqlite3.DatabaseError) and not is_damage(exc)


def fault_reason(exc: BaseException, folder: Path) -> Reason:
    """Why state cannot be written, in the words of `ProblemCode.STORAGE_FAILING`."""
    if isinstance(exc, OSError):
        return _OS_REASONS.get(exc.errno or 0, "other")
    code = getattr(exc, "sqlite_errorcode", None)
    if code is None:
        return "other"
    reason = _SQLITE_REASONS.get(code & 0xFF)
    if reason is not None:
        return reason
    # SQLite says only "unable to open" when a WAL database sits on a read-only mount.
    if code & 0xFF == sqlite3.SQLITE_CANTOPEN and _read_only(folder):
        return "read_only"
    return "other"


def _read_only(folder: Path) -> bool:
    try:
        return bool(os.statvfs(folder).f_flag & os.ST_RDONLY)
    except (OSError, AttributeError):
        return False


class RetryBackoff:
    """Flushes to let pass before the next retry of a failing disk: 1, 2, 4 … up to `most`.

    Counted in flushes, not seconds: the ledger has no clock, and flushes come every few seconds.
    """

    def __init__(self, most: int = 12) -> None:
        self._most = most
        self._gap = 0
        self._wait = 0

    def due(self) -> bool:
        """Whether this flush may retry (each call uses up one flush of the wait)."""
        if self._wait > 0:
            self._wait -= 1
            return False
        return True

    def failed(self) -> None:
        """A retry failed: wait twice as long as last time, at most `most` flushes."""
        self._gap = min(max(1, self._gap * 2), self._most)
        self._wait = self._gap

    def succeeded(self) -> None:
        """Writes work again: the next fault is retried at once."""
        self._gap = self._wait = 0
