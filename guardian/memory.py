"""Giving freed memory back to the OS after a burst of allocation.

Argon2id at OWASP parameters allocates 19 MiB per hash. glibc's malloc then raises its mmap
threshold and keeps the freed block in the heap, so a long-running tray or service would carry
it for good; `malloc_trim` returns it. Other C libraries return large blocks on their own and
have no such function, so there this does nothing.
"""

from __future__ import annotations

import ctypes
from collections.abc import Callable
from functools import cache


@cache
def _malloc_trim() -> Callable[[int], int] | None:
    try:
        libc = ctypes.CDLL(None)
    except (OSError, TypeError):  # Windows has no process-wide C library handle
        return None
    return getattr(libc, "malloc_trim", None)


def release_freed_memory() -> None:
    """Hand free heap memory back to the OS where the C library allows it."""
    trim = _malloc_trim()
    if trim is not None:
        trim(0)
