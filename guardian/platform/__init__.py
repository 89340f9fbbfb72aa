"""The OS adapters: `current()` picks this OS's module once; everything else uses `base` only.

This is the one place that looks at `sys.platform`, so no OS checks spread through the logic.
Notifications go into the child's session, which the child controls: they are shown off the
caller's loop (`offloop`), so a desktop that never answers cannot stall the service.
"""

from __future__ import annotations

import functools
import sys

from guardian.platform.base import ManagedPolicy, Platform, PlatformError
from guardian.platform.offloop import off_loop


@functools.cache
def current() -> Platform:
    """The adapters for the OS this process runs on, built on first use and shared afterwards."""
    return off_loop(_build())


def _build() -> Platform:
    if sys.platform.startswith("linux"):
        from guardian.platform import linux

        return linux.build_platform()
    if sys.platform == "win32":
        from guardian.platform import windows

        return windows.build_platform()
    if sys.platform == "darwin":
        from guardian.platform import macos

        return macos.build_platform()
    raise PlatformError(f"Guardian has no adapters for this operating system ({sys.platform}).")


def managed_policy() -> ManagedPolicy | None:
    """This OS's managed policy store without the other adapters (for the CLI); None on Linux,
    where managed policy comes from files only."""
    if sys.platform == "win32":
        from guardian.platform.managed_windows import WindowsManagedPolicy

        return WindowsManagedPolicy()
    if sys.platform == "darwin":
        from guardian.platform.managed_macos import MacManagedPolicy

        return MacManagedPolicy()
    return None


def current_account_is_admin() -> bool:
    """Whether this process's OS account is an administrator (only one may set Guardian up);
    False when the OS cannot tell."""
    try:
        return current().accounts.current().is_admin
    except PlatformError:
        return False
