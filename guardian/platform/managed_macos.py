"""The OS-managed policy on macOS: the managed preferences of the domain `org.guardian`, which a
configuration profile (MDM, or installed by hand) with a `com.apple.ManagedClient.preferences`
payload puts in `/Library/Managed Preferences/org.guardian.plist`.

The plist's keys are the policy's own keys: nested dictionaries are tables and arrays are
arrays, as in a policy file (docs/schools.md). The service runs as root and reads the computer's
file with plistlib; values forced only for one user do not apply to the machine.
"""

from __future__ import annotations

import copy
import plistlib
from pathlib import Path
from typing import Any

from guardian.platform.base import ManagedPolicyError

DOMAIN = "org.guardian"
MANAGED_PREFERENCES = Path("/Library/Managed Preferences")


class MacManagedPolicy:
    """`ManagedPolicy` read from the computer's managed preferences plist: the service asks
    every few seconds, and the file is read and parsed again only when its stat changed."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or MANAGED_PREFERENCES / f"{DOMAIN}.plist"
        self.where = str(self.path)
        self._last: tuple[tuple[int, int, int], dict[str, Any] | None] | None = None
        """The stat signature of the file last read well, and what it held."""

    def read(self) -> dict[str, Any] | None:
        """The plist's keys as a partial policy; None when there is no such file."""
        try:
            info = self.path.stat()
        except FileNotFoundError:
            self._last = None
            return None
        except OSError as exc:
            raise ManagedPolicyError(f"{self.path}: cannot be read: {exc}") from exc
        signature = (info.st_mtime_ns, info.st_size, info.st_ino)
        if self._last is not None and self._last[0] == signature:
            return copy.deepcopy(self._last[1])
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            self._last = None
            return None
        except OSError as exc:
            raise ManagedPolicyError(f"{self.path}: cannot be read: {exc}") from exc
        try:
            data = plistlib.loads(raw)
        except (plistlib.InvalidFileException, ValueError, OverflowError) as exc:
            raise ManagedPolicyError(f"{self.path}: not a property list: {exc}") from None
        if not isinstance(data, dict):
            raise ManagedPolicyError(f"{self.path}: must hold a dictionary of settings")
        self._last = (signature, data or None)
        return copy.deepcopy(data) or None
