"""macOS adapters: the console user's session; locking, power and accounts through OS commands.

macOS shows one GUI (console) user at a time; others switched away by fast user switching keep
running but are not on screen, so Guardian watches the console user. Framework calls go through
`MacFrameworks` (ctypes, loaded on first use) and commands through a `Commands` runner, so both
can be faked in tests. docs/platforms.md says what has been verified.
"""

from __future__ import annotations

import ctypes
import functools
import os
import plistlib
import pwd
import re
from collections.abc import Callable, Sequence
from typing import Any
from xml.parsers.expat import ExpatError

from guardian.platform.apps_macos import MacApps
from guardian.platform.base import AccountInfo, Platform, PlatformError, SessionInfo
from guardian.platform.commands import CommandError, CommandRunner, Commands
from guardian.platform.fallbacks import WayFailed, first_that_works
from guardian.platform.managed_macos import MacManagedPolicy
from guardian.platform.processes import (
    GRACE_SECONDS,
    end_processes,
    own_user_entry,
    uid_may_be_ended,
)

SYSTEM_CONFIGURATION = (
    "/System/Library/Frameworks/SystemConfiguration.framework/SystemConfiguration"
)
CORE_FOUNDATION = "/System/Library/Frameworks/CoreFoundation.framework/CoreFoundation"
CORE_GRAPHICS = "/System/Library/Frameworks/CoreGraphics.framework/CoreGraphics"
CF_STRING_ENCODING_UTF8 = 0x08000100
SCREEN_LOCKED_KEY = "CGSSessionScreenIsLocked"
CONSOLE_USER_UID_KEY = "kCGSSessionUserIDKey"
NAME_BUFFER_BYTES = 1024

PEOPLE_UIDS = range(501, 2**31)
"""macOS gives people uids from 501; system accounts are below, and "nobody" is -2."""
NOBODY_AT_CONSOLE = frozenset({"", "loginwindow", "root"})
"""What the console owner reads as while the login window shows."""
CGSESSION = "/System/Library/CoreServices/Menu Extras/User.menu/Contents/Resources/CGSession"
"""The fast-user-switching tool; `-suspend` shows the login window. Removed in macOS 11."""
HID_IDLE_TIME = re.compile(r'"HIDIdleTime"\s*=\s*(\d+)')


class MacFrameworksError(WayFailed):
    """A macOS framework could not be loaded or called."""


@functools.cache
def _load_framework(path: str) -> Any:
    """A system framework, loaded once."""
    try:
        return ctypes.CDLL(path)
    except OSError as exc:
        raise MacFrameworksError(f"{path} could not be loaded: {exc}") from None


class MacFrameworks:
    """SystemConfiguration, CoreGraphics and CoreFoundation calls through ctypes.

    Loaded on first use, so the module imports on any OS; tests pass `load` with fake functions.
    """

    def __init__(self, load: Callable[[str], Any] = _load_framework) -> None:
        self._load = load
        self._functions: dict[tuple[str, str], Any] = {}

    def console_user(self) -> tuple[str, int] | None:
        """The console user's name and uid (SCDynamicStoreCopyConsoleUser); None if nobody."""
        copy_user = self._function(
            SYSTEM_CONFIGURATION,
            "SCDynamicStoreCopyConsoleUser",
            ctypes.c_void_p,
            ctypes.c_void_p,
            ctypes.POINTER(ctypes.c_uint32),
            ctypes.POINTER(ctypes.c_uint32),
        )
        uid = ctypes.c_uint32()
        gid = ctypes.c_uint32()
        name_ref = copy_user(None, ctypes.byref(uid), ctypes.byref(gid))
        if not name_ref:
            return None
        try:
            return self._string(name_ref), int(uid.value)
        finally:
            self._release(name_ref)

    def screen_locked(self) -> bool | None:
        """Whether the caller's own GUI session is locked (CGSessionCopyCurrentDictionary).

        None when the caller is not in a GUI session, as for the root service or over ssh.
        """
        copy_session = self._function(
            CORE_GRAPHICS, "CGSessionCopyCurrentDictionary", ctypes.c_void_p
        )
        create_string = self._function(
            CORE_FOUNDATION,
            "CFStringCreateWithCString",
            ctypes.c_void_p,
            ctypes.c_void_p,
            ctypes.c_char_p,
            ctypes.c_uint32,
        )
        get_value = self._function(
            CORE_FOUNDATION,
            "CFDictionaryGetValue",
            ctypes.c_void_p,
            ctypes.c_void_p,
            ctypes.c_void_p,
        )
        boolean_value = self._function(
            CORE_FOUNDATION, "CFBooleanGetValue", ctypes.c_ubyte, ctypes.c_void_p
        )
        session = copy_session()
        if not session:
            return None
        key = create_string(None, SCREEN_LOCKED_KEY.encode(), CF_STRING_ENCODING_UTF8)
        try:
            value = get_value(session, key)
            # The key is present only while the screen is locked.
            return bool(value) and bool(boolean_value(value))
        finally:
            if key:
                self._release(key)
            self._release(session)

    def _string(self, string_ref: int) -> str:
        get_c_string = self._function(
            CORE_FOUNDATION,
            "CFStringGetCString",
            ctypes.c_ubyte,
            ctypes.c_void_p,
            ctypes.c_char_p,
            ctypes.c_long,
            ctypes.c_uint32,
        )
        buffer = ctypes.create_string_buffer(NAME_BUFFER_BYTES)
        if not get_c_string(string_ref, buffer, NAME_BUFFER_BYTES, CF_STRING_ENCODING_UTF8):
            raise MacFrameworksError("CFStringGetCString could not convert the console user name")
        return buffer.value.decode("utf-8")

    def _release(self, ref: int) -> None:
        self._function(CORE_FOUNDATION, "CFRelease", None, ctypes.c_void_p)(ref)

    def _function(self, library: str, name: str, restype: Any, *argtypes: Any) -> Any:
        key = (library, name)
        function = self._functions.get(key)
        if function is None:
            function = getattr(self._load(library), name)
            function.restype = restype
            function.argtypes = argtypes
            self._functions[key] = function
        return function


class ConsoleAccess:
    """How this process runs a command in the console user's GUI session."""

    def __init__(self, own_uid: int | None = None) -> None:
        self.own_uid = os.getuid() if own_uid is None else own_uid

    def as_user(self, session: SessionInfo, argv: Sequence[str]) -> list[str]:
        """`argv` as is inside the session; as root, in the user's bootstrap and as the user."""
        if session.uid == self.own_uid:
            return list(argv)
        if self.own_uid == 0 and session.uid is not None:
            return ["launchctl", "asuser", str(session.uid), "sudo", "-u", session.user, *argv]
        raise WayFailed(
            f"this process runs as uid {self.own_uid}, outside {session.user}'s session, "
            "and only root may act in another user's session"
        )


class MacSessions:
    """The console user's session; lock, log out and power through the OS's commands."""

    def __init__(
        self,
        frameworks: MacFrameworks,
        commands: Commands,
        access: ConsoleAccess,
        *,
        grace: float = GRACE_SECONDS,
    ) -> None:
        self._frameworks = frameworks
        self._commands = commands
        self._access = access
        self._grace = grace

    def sessions(self) -> list[SessionInfo]:
        """The console user's session, or none while the login window shows."""
        console = self._console_user()
        if console is None:
            return []
        name, uid = console
        return [
            SessionInfo(
                id=f"console-{uid}",
                user=name,
                uid=uid,
                active=True,
                locked=self._locked(uid),
                idle_seconds=self._idle_seconds(),
            )
        ]

    def lock(self, session: SessionInfo) -> None:
        """Show the login window (CGSession -suspend), else sleep the display.

        `pmset displaysleepnow` locks only if a password is required immediately after display
        sleep; the service sees the result in the next `sessions()` and escalates if it did not.
        """
        first_that_works(
            f"lock the screen of {session.user}",
            [
                (
                    "CGSession -suspend",
                    lambda: self._commands.run(
                        self._access.as_user(session, [CGSESSION, "-suspend"])
                    ),
                ),
                ("pmset displaysleepnow", lambda: self._commands.run(["pmset", "displaysleepnow"])),
            ],
        )

    def logout(self, session: SessionInfo) -> None:
        """End the user's launchd domain (and so the GUI session), else ask loginwindow to."""
        uid = _uid(session)
        first_that_works(
            f"log {session.user} out",
            [
                (
                    f"launchctl bootout user/{uid}",
                    lambda: self._commands.run(["launchctl", "bootout", f"user/{uid}"]),
                ),
                (
                    "loginwindow's log-out-now Apple event",
                    lambda: self._commands.run(
                        self._access.as_user(
                            session,
                            [
                                "osascript",
                                "-e",
                                'tell application "loginwindow" to «event aevtrlgo»',
                            ],
                        )
                    ),
                ),
            ],
        )

    def shutdown(self) -> None:
        """Power off now (`shutdown -h now`, which needs root)."""
        first_that_works(
            "power the computer off",
            [("shutdown -h now", lambda: self._commands.run(["shutdown", "-h", "now"]))],
        )

    def suspend(self) -> None:
        """Sleep now (`pmset sleepnow`)."""
        first_that_works(
            "put the computer to sleep",
            [("pmset sleepnow", lambda: self._commands.run(["pmset", "sleepnow"]))],
        )

    def end_processes(self, session: SessionInfo) -> int:
        """Terminate, then kill, the processes running wholly as the session's user."""
        uid = _uid(session)
        if uid not in PEOPLE_UIDS:
            raise PlatformError(
                f"Refusing to end the processes of {session.user} (uid {uid}): Guardian ends only "
                f"the processes of people's accounts (uid {PEOPLE_UIDS.start} and up)."
            )
        return end_processes(lambda p: uid_may_be_ended(p.uids(), uid, PEOPLE_UIDS), self._grace)

    def _console_user(self) -> tuple[str, int] | None:
        try:
            found = self._frameworks.console_user()
        except WayFailed:
            found = self._console_owner()
        if found is None or found[0] in NOBODY_AT_CONSOLE or found[1] == 0:
            return None
        return found

    def _console_owner(self) -> tuple[str, int] | None:
        """Who owns /dev/console: the console user, or root at the login window."""
        try:
            result = self._commands.run(["stat", "-f", "%Su %u", "/dev/console"])
        except CommandError:
            return None
        words = result.stdout.split()
        if len(words) != 2 or not words[1].isdigit():
            return None
        return words[0], int(words[1])

    def _locked(self, uid: int) -> bool:
        if uid == self._access.own_uid:
            try:
                locked = self._frameworks.screen_locked()
            except WayFailed:
                locked = None
            if locked is not None:
                return locked
        return self._console_users_locked(uid)

    def _console_users_locked(self, uid: int) -> bool:
        """The lock flag the window server publishes in the I/O Registry, readable from any uid."""
        try:
            result = self._commands.run(["ioreg", "-n", "Root", "-d1", "-a"])
            root = plistlib.loads(result.stdout.encode("utf-8"))
        except (CommandError, ValueError, ExpatError):
            return False
        users = root.get("IOConsoleUsers", []) if isinstance(root, dict) else []
        for user in users:
            if isinstance(user, dict) and user.get(CONSOLE_USER_UID_KEY) == uid:
                return bool(user.get(SCREEN_LOCKED_KEY, False))
        return False

    def _idle_seconds(self) -> float | None:
        """Seconds since the last keyboard or mouse input, machine-wide (IOHIDSystem, in ns)."""
        try:
            result = self._commands.run(["ioreg", "-r", "-c", "IOHIDSystem", "-d", "1"])
        except CommandError:
            return None
        match = HID_IDLE_TIME.search(result.stdout)
        return int(match.group(1)) / 1e9 if match else None


class MacNotifier:
    """Notification Center banners posted by `osascript` as the console user."""

    def __init__(self, commands: Commands, access: ConsoleAccess) -> None:
        self._commands = commands
        self._access = access

    def notify(self, session: SessionInfo, title: str, body: str, *, urgent: bool = False) -> None:
        """Post a notification; urgent ones add an alert sound (banners have no urgency level)."""
        script = (
            f"display notification {applescript_text(body)} with title {applescript_text(title)}"
        )
        if urgent:
            script += ' sound name "Sosumi"'
        first_that_works(
            f"show a notification to {session.user}",
            [
                (
                    "osascript display notification",
                    lambda: self._commands.run(
                        self._access.as_user(session, ["osascript", "-e", script])
                    ),
                )
            ],
        )


class MacAccounts:
    """Local accounts from Directory Services (`dscl`), admins from the admin group."""

    def __init__(
        self,
        commands: Commands,
        *,
        by_uid: Callable[[int], pwd.struct_passwd] = pwd.getpwuid,
        own_uid: Callable[[], int] = os.getuid,
    ) -> None:
        self._commands = commands
        self._by_uid = by_uid
        self._own_uid = own_uid

    def accounts(self) -> list[AccountInfo]:
        """People's accounts: uid 501 and up, names not starting with "_", sorted by name."""
        try:
            listing = self._commands.run(["dscl", ".", "-list", "/Users", "UniqueID"]).stdout
        except CommandError as exc:
            raise PlatformError(f"Could not list the accounts of this Mac (dscl): {exc}") from None
        found: list[AccountInfo] = []
        for name, uid in parse_user_ids(listing):
            if uid in PEOPLE_UIDS and not name.startswith("_"):
                full_name = self._real_name(name) or name
                found.append(AccountInfo(name, full_name, uid, self._is_admin(name)))
        return sorted(found, key=lambda account: account.name)

    def current(self) -> AccountInfo:
        """The account this process runs as."""
        entry = own_user_entry(self._own_uid, self._by_uid)
        uid = entry.pw_uid
        full_name = entry.pw_gecos.split(",", 1)[0].strip() or entry.pw_name
        return AccountInfo(entry.pw_name, full_name, uid, uid == 0 or self._is_admin(entry.pw_name))

    def _real_name(self, user: str) -> str:
        try:
            result = self._commands.run(["dscl", ".", "-read", f"/Users/{user}", "RealName"])
        except CommandError:
            return ""
        return parse_real_name(result.stdout)

    def _is_admin(self, user: str) -> bool:
        try:
            result = self._commands.run(
                ["dseditgroup", "-o", "checkmember", "-m", user, "admin"], check=False
            )
        except CommandError:
            return False
        return result.stdout.strip().startswith("yes")


def parse_user_ids(listing: str) -> list[tuple[str, int]]:
    """(name, uid) pairs from `dscl . -list /Users UniqueID` output."""
    pairs: list[tuple[str, int]] = []
    for line in listing.splitlines():
        words = line.split()
        if len(words) >= 2 and words[-1].lstrip("-").isdigit():
            pairs.append((" ".join(words[:-1]), int(words[-1])))
    return pairs


def parse_real_name(text: str) -> str:
    """The value of `dscl . -read /Users/<u> RealName`: on the key's line or indented below it."""
    lines = text.splitlines()
    for index, line in enumerate(lines):
        if line.startswith("RealName:"):
            value = line.removeprefix("RealName:").strip()
            if value:
                return value
            following = []
            for more in lines[index + 1 :]:
                if not more.startswith(" "):
                    break
                following.append(more.strip())
            return " ".join(following)
    return ""


def applescript_text(text: str) -> str:
    """`text` as an AppleScript string literal, so quotes in it cannot end the literal."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def build_platform() -> Platform:
    """The macOS adapters, sharing one command runner."""
    commands = CommandRunner()
    access = ConsoleAccess()
    return Platform(
        "macos",
        MacSessions(MacFrameworks(), commands, access),
        MacNotifier(commands, access),
        MacAccounts(commands),
        apps=MacApps(commands, access, PEOPLE_UIDS),
        managed_policy=MacManagedPolicy(),
    )


def _uid(session: SessionInfo) -> int:
    if session.uid is not None:
        return session.uid
    try:
        return pwd.getpwnam(session.user).pw_uid
    except KeyError:
        raise PlatformError(f"There is no account named {session.user!r} on this Mac.") from None
