"""Trying the ways of doing one OS action in order, and saying why each one failed.

Every OS offers several ways to lock a screen or power off, and which one works depends on the
desktop, the privileges and the services running. The adapters list the ways; this module tries
them and, when none works, raises one `PlatformError` that tells the parent everything tried.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

from guardian.platform.base import PlatformError

T = TypeVar("T")


class WayFailed(Exception):
    """One way of doing an action did not work; the message says why, in words for a parent."""


def first_that_works(action: str, ways: Iterable[tuple[str, Callable[[], T]]]) -> T:
    """Return the result of the first way that works, else raise PlatformError listing each failure.

    `action` completes "Could not ...", and each way is (what it is, how to do it).
    """
    failures: list[str] = []
    for name, attempt in ways:
        try:
            return attempt()
        except WayFailed as exc:
            failures.append(f"({len(failures) + 1}) {name}: {exc}")
    if not failures:
        raise PlatformError(f"Could not {action}: this system offers no way to do it.")
    raise PlatformError(f"Could not {action}. Tried {'; '.join(failures)}.")
