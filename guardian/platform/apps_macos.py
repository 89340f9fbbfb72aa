"""macOS app adapters: the frontmost app from Launch Services, bundle ids from Info.plist.

`lsappinfo front` names the frontmost application's ASN (its Launch Services id) in the user's
GUI session and `lsappinfo info -only pid <ASN>` its pid; the root service runs both as the
console user (`launchctl asuser`), since Launch Services answers per login session. App ids are
the CFBundleIdentifier of the `.app` bundles that contain the executable, innermost first, so a
helper (`Google Chrome Helper.app` inside `Google Chrome.app`) carries both ids. docs/platforms.md
("App rules") says what was verified.
"""

from __future__ import annotations

import logging
import plistlib
import pwd
import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING
from xml.parsers.expat import ExpatError

from guardian.platform.base import SessionInfo
from guardian.platform.commands import Commands
from guardian.platform.fallbacks import WayFailed
from guardian.platform.processes import ProtectedPids, protected_pids, uid_may_be_ended

if TYPE_CHECKING:
    from guardian.platform.macos import ConsoleAccess

LSAPPINFO = "lsappinfo"
ASN = re.compile(r"ASN:0x[0-9a-fA-F]+-(?:0x)?[0-9a-fA-F]+:?")
PID_FIELD = re.compile(r'"pid"\s*=\s*(\d+)')

_log = logging.getLogger(__name__)


def parse_front(output: str) -> str | None:
    """The ASN `lsappinfo front` printed (e.g. "ASN:0x0-0x1f01f:"); None when none is in front."""
    match = ASN.search(output)
    return match.group(0) if match else None


def parse_pid(output: str) -> int | None:
    """The pid in `lsappinfo info -only pid` output (`"pid"=1234`); None for `[ NULL ]`."""
    match = PID_FIELD.search(output)
    if match is None:
        return None
    pid = int(match.group(1))
    return pid if pid > 0 else None


def enclosing_bundles(exe: str) -> list[Path]:
    """The `.app` bundles that contain an executable, innermost first."""
    if not exe:
        return []
    return [parent for parent in Path(exe).parents if parent.suffix == ".app"]


class BundleIds:
    """CFBundleIdentifier of app bundles, read with plistlib (XML or binary) and kept per bundle
    until its Info.plist changes."""

    def __init__(self) -> None:
        self._cache: dict[Path, tuple[int, str | None]] = {}

    def of(self, bundle: Path) -> str | None:
        """The bundle's identifier; None when it has no readable Info.plist or no identifier."""
        for info in (bundle / "Contents" / "Info.plist", bundle / "Info.plist"):
            # macOS apps keep it in Contents/; iOS apps running on Apple silicon at the top.
            try:
                changed = info.stat().st_mtime_ns
            except OSError:
                continue
            cached = self._cache.get(info)
            if cached is not None and cached[0] == changed:
                return cached[1]
            identifier = _read_identifier(info)
            self._cache[info] = (changed, identifier)
            return identifier
        return None


def _read_identifier(info: Path) -> str | None:
    try:
        with info.open("rb") as file:
            values = plistlib.load(file)
    except (OSError, plistlib.InvalidFileException, ExpatError, ValueError) as exc:
        _log.debug("Cannot read %s: %s", info, exc)
        return None
    if not isinstance(values, dict):
        return None
    identifier = values.get("CFBundleIdentifier")
    if not isinstance(identifier, str):
        return None
    return identifier.strip() or None


class MacApps:
    """AppPlatform for macOS: the frontmost app, bundle ids, and uid-based ownership."""

    def __init__(
        self,
        commands: Commands,
        access: ConsoleAccess,
        people: range,
        *,
        bundles: BundleIds | None = None,
        protected: Callable[[], frozenset[int]] = protected_pids,
        by_name: Callable[[str], pwd.struct_passwd] = pwd.getpwnam,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._commands = commands
        self._access = access
        self._people = people
        self._bundles = bundles or BundleIds()
        self._protected_pids = ProtectedPids(protected, monotonic)
        self._by_name = by_name

    def foreground_pid(self, session: SessionInfo) -> int | None:
        """The frontmost app's pid in the session (two `lsappinfo` calls); None on any failure."""
        try:
            front = self._lsappinfo(session, ["front"])
            asn = parse_front(front)
            if asn is None:
                return None
            return parse_pid(self._lsappinfo(session, ["info", "-only", "pid", asn]))
        except WayFailed as exc:
            _log.debug("No foreground app for %s: %s", session.user, exc)
            return None

    def app_ids(self, pid: int, exe: str) -> tuple[str, ...]:
        """The bundle ids of the app bundles around the executable, innermost first."""
        ids: list[str] = []
        for bundle in enclosing_bundles(exe):
            identifier = self._bundles.of(bundle)
            if identifier:
                ids.append(identifier)
        return tuple(dict.fromkeys(ids))

    def owns(self, session: SessionInfo, pid: int, uids: tuple[int, ...], username: str) -> bool:
        """Whether the process runs wholly as the session's person (uid 501 and up)."""
        try:
            if pid in self._protected_pids():
                return False
            uid = session.uid if session.uid is not None else self._by_name(session.user).pw_uid
        except (KeyError, OSError):
            return False
        return uid_may_be_ended(uids, uid, self._people)

    def _lsappinfo(self, session: SessionInfo, arguments: list[str]) -> str:
        return self._commands.run(self._access.as_user(session, [LSAPPINFO, *arguments])).stdout
