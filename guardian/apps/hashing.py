"""SHA-256 of executables, cached by the file's identity so each file is read once.

A file is known by its device, inode, size, modification and change times, not by its path:
the running executable read through `/proc/<pid>/exe` and the same file by its name share one
entry, and a file deleted or replaced at a path is never taken for the new one there.
"""

from __future__ import annotations

import logging
import os
import stat
from collections import OrderedDict
from collections.abc import Callable

log = logging.getLogger(__name__)
MAX_BYTES = 1 << 31
"""Larger files are not hashed (no executable of a child's app is 2 GiB)."""
CACHE_SIZE = 4096


class HashCache:
    """Hashes files on request and remembers them while the file stays the same."""

    def __init__(self, size: int = CACHE_SIZE) -> None:
        self._size = size
        self._known: OrderedDict[tuple[int, int, int, int, int], str | None] = OrderedDict()
        self.files_read = 0
        """How many files were actually read (for the benchmarks and tests)."""

    def sha256(self, path: str, max_bytes: int = MAX_BYTES) -> str | None:
        """The file's SHA-256 in lowercase hex; None when it cannot be read, is not a regular
        file (a FIFO would never end) or is larger than `max_bytes`."""
        try:
            descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
        except OSError:
            return None
        with os.fdopen(descriptor, "rb") as file:
            try:
                info = os.fstat(descriptor)
            except OSError:
                return None
            if not stat.S_ISREG(info.st_mode) or info.st_size > max_bytes:
                return None
            key = (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)
            if key in self._known:
                self._known.move_to_end(key)
                return self._known[key]
            self.files_read += 1
            try:
                import hashlib  # OpenSSL: loaded with the first file hashed, not at start

                digest: str | None = hashlib.file_digest(file, "sha256").hexdigest()
            except OSError as exc:
                log.debug("cannot hash %s: %s", path, exc)
                digest = None
        self._known[key] = digest
        if len(self._known) > self._size:
            self._known.popitem(last=False)
        return digest

    def for_process(self, exe: str, image: str) -> Callable[[str], str | None]:
        """Hashes as a matcher asks for them about one process: its executable's path is read
        through `image` (what runs, also once deleted or in memory), other paths as named."""

        def sha256(path: str) -> str | None:
            return self.sha256(image if path == exe and image else path)

        return sha256
