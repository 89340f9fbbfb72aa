"""SHA-256 of executables, cached by (path, size, mtime, inode) so each file is read once."""

from __future__ import annotations

import hashlib
import logging
import os
from collections import OrderedDict

log = logging.getLogger(__name__)
CHUNK = 1 << 20
MAX_BYTES = 1 << 31
"""Larger files are not hashed (no executable of a child's app is 2 GiB)."""
CACHE_SIZE = 4096


class HashCache:
    """Hashes files on request and remembers them while the file stays the same."""

    def __init__(self, size: int = CACHE_SIZE) -> None:
        self._size = size
        self._known: OrderedDict[tuple[str, int, int, int], str | None] = OrderedDict()
        self.files_read = 0
        """How many files were actually read (for the benchmarks and tests)."""

    def sha256(self, path: str, max_bytes: int = MAX_BYTES) -> str | None:
        """The file's SHA-256 in lowercase hex; None when it cannot be read or is larger
        than `max_bytes`."""
        try:
            info = os.stat(path)
        except OSError:
            return None
        key = (path, info.st_size, info.st_mtime_ns, info.st_ino)
        if info.st_size > max_bytes:
            return None
        if key in self._known:
            self._known.move_to_end(key)
            return self._known[key]
        digest = self._read(path)
        self._known[key] = digest
        if len(self._known) > self._size:
            self._known.popitem(last=False)
        return digest

    def _read(self, path: str) -> str | None:
        self.files_read += 1
        try:
            with open(path, "rb") as file:
                return hashlib.file_digest(file, "sha256").hexdigest()
        except OSError as exc:
            log.debug("cannot hash %s: %s", path, exc)
            return None
