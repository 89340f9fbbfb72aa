"""Atomic file writes: temp file, fsync, rename; a failed write never leaves half a file."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO


@contextlib.contextmanager
def replacing(path: Path, mode: int) -> Iterator[IO[bytes]]:
    """A binary file that replaces `path` whole, created with `mode` from the first byte, when
    the block ends without an error; else `path` is untouched."""
    with _replacing(path, mode) as fd, os.fdopen(fd, "wb") as handle:
        yield handle
        handle.flush()
        os.fsync(handle.fileno())


@contextlib.contextmanager
def replacing_text(path: Path, mode: int) -> Iterator[IO[str]]:
    """The same for UTF-8 text with "\\n" line ends."""
    with _replacing(path, mode) as fd, os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
        yield handle
        handle.flush()
        os.fsync(handle.fileno())


@contextlib.contextmanager
def _replacing(path: Path, mode: int) -> Iterator[int]:
    """A temp file's descriptor beside `path`, renamed over it when the block ends well."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        if hasattr(os, "fchmod"):  # POSIX; Windows files have no mode bits
            os.fchmod(fd, mode)
        yield fd  # the caller's handle owns and closes it
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    sync_folder(path.parent)


def write_atomic(path: Path, data: bytes, mode: int = 0o600) -> None:
    """Replace `path` with `data`; the file is created with `mode` from the first byte."""
    with replacing(path, mode) as handle:
        handle.write(data)


def sync_folder(folder: Path) -> None:
    """Make a rename in `folder` durable (POSIX; Windows has no folder handles to sync)."""
    if hasattr(os, "fchmod"):
        with contextlib.suppress(OSError):
            dir_fd = os.open(folder, os.O_RDONLY)
            try:
                os.fsync(dir_fd)
            finally:
                os.close(dir_fd)
