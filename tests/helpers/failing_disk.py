"""A sick disk under one folder, by fault injection: SQLite and atomic file writes there fail
with the errors a full, read-only or failing disk gives, until healed.

Only files under the folder are touched; a test's own `sqlite3.connect` elsewhere works, and
`REAL_CONNECT` reads the real file whatever the disk is doing.
"""

from __future__ import annotations

import errno
import os
import sqlite3
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

REAL_CONNECT = sqlite3.connect
_REAL_MKSTEMP = tempfile.mkstemp
_WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE", "BEGIN", "COMMIT")
_SQLITE_TO_ERRNO = {
    sqlite3.SQLITE_FULL: errno.ENOSPC,
    sqlite3.SQLITE_READONLY: errno.EROFS,
    sqlite3.SQLITE_IOERR: errno.EIO,
    sqlite3.SQLITE_CANTOPEN: errno.EIO,
}


def sqlite_error(code: int, message: str) -> sqlite3.OperationalError:
    """An error as SQLite raises it, with its (extended) result code."""
    exc = sqlite3.OperationalError(message)
    exc.sqlite_errorcode = code
    return exc


class FailingDisk:
    """Fault injection for one folder; `fail_writes`, `fail_opens` and `heal` switch it."""

    def __init__(self, folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        self.folder = folder.absolute()
        self.write_error: int | None = None
        """A SQLite result code raised by every write statement, or None."""
        self.open_error: int | None = None
        """A SQLite result code raised when a database is opened, or None."""
        self.refused = 0
        """How many operations were refused so far (a retry backoff keeps this low)."""
        monkeypatch.setattr(sqlite3, "connect", self._connect)
        monkeypatch.setattr(tempfile, "mkstemp", self._mkstemp)

    def fail_writes(self, code: int) -> None:
        """Every write from now on fails with `code` (SQLITE_FULL, SQLITE_IOERR, ...)."""
        self.write_error = code

    def fail_opens(self, code: int) -> None:
        """Opening any database here fails with `code`, and so does every write."""
        self.open_error = self.write_error = code

    def heal(self) -> None:
        """The disk works again."""
        self.write_error = self.open_error = None

    def _here(self, where: object) -> bool:
        text = str(where)
        if text.startswith("file:"):
            text = text[5:].split("?", 1)[0]
        return text.startswith(str(self.folder))

    def _connect(self, database: Any, *args: Any, **kwargs: Any) -> sqlite3.Connection:
        if not self._here(database):
            return REAL_CONNECT(database, *args, **kwargs)
        if self.open_error is not None:
            self.refused += 1
            raise sqlite_error(self.open_error, f"SQLite error {self.open_error} (injected)")
        kwargs.setdefault("factory", _sick_connection(self._check))
        return REAL_CONNECT(database, *args, **kwargs)

    def _check(self, sql: str) -> None:
        if self.write_error is not None and sql.lstrip().upper().startswith(_WRITES):
            self.refused += 1
            raise sqlite_error(self.write_error, f"SQLite error {self.write_error} (injected)")

    def _mkstemp(self, *args: Any, **kwargs: Any) -> tuple[int, str]:
        code = self.write_error
        if code is not None and self._here(kwargs.get("dir", "")):
            self.refused += 1
            number = _SQLITE_TO_ERRNO.get(code & 0xFF, errno.EIO)
            raise OSError(number, os.strerror(number) + " (injected)")
        return _REAL_MKSTEMP(*args, **kwargs)


def _sick_connection(check: Callable[[str], None]) -> type[sqlite3.Connection]:
    class SickConnection(sqlite3.Connection):
        """A real connection whose writes go through the injected fault first."""

        def execute(self, sql: str, parameters: Any = (), /) -> sqlite3.Cursor:
            check(sql)
            return super().execute(sql, parameters)

        def executemany(self, sql: str, parameters: Any, /) -> sqlite3.Cursor:
            check(sql)
            return super().executemany(sql, parameters)

    return SickConnection
