"""Noticing when a file Guardian owns was changed by someone else.

A stat() on every look; the content is compared only when size, mtime or inode moved, so a
touch without a change is not a change. The owner calls `accept` after its own writes. The
files watched are small (a policy, the secrets), so their last contents are kept as they are:
hashing them would load OpenSSL into a service that otherwise never needs it.
"""

from __future__ import annotations

from pathlib import Path


class FileWatch:
    """Remembers a file's last known contents and says when they changed behind its back."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.contents: bytes | None = None
        self._seen = _signature(path)

    def accept(self, data: bytes | None) -> None:
        """Record contents as known (just read or written by the owner); None: no file."""
        self.contents = data
        self._seen = _signature(self.path)

    def changed(self) -> bool:
        """Whether the file now differs from the last accepted contents."""
        seen = _signature(self.path)
        if seen == self._seen:
            return False
        self._seen = seen
        try:
            return self.path.read_bytes() != self.contents
        except FileNotFoundError:
            return self.contents is not None
        except OSError:
            return True


def _signature(path: Path) -> tuple[int, int, int] | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return (info.st_mtime_ns, info.st_size, info.st_ino)
