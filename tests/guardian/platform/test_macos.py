"""macOS adapters on Linux: commands and framework calls faked, parsing and choices checked."""

from __future__ import annotations

import ctypes
import plistlib
import pwd
from typing import Any

import pytest

from guardian.platform.base import PlatformError, SessionInfo
from guardian.platform.fallbacks import WayFailed
from guardian.platform.macos import (
    CGSESSION,
    CORE_FOUNDATION,
    CORE_GRAPHICS,
    SYSTEM_CONFIGURATION,
    ConsoleAccess,
    MacAccounts,
    MacFrameworks,
    MacNotifier,
    MacSessions,
    applescript_text,
    parse_real_name,
    parse_user_ids,
)
from tests.guardian.platform.fakes import FakeCommands, FakeLibrary

KID = SessionInfo("console-501", "kid", 501, active=True, locked=False, idle_seconds=None)
IOREG_ROOT = ("ioreg", "-n", "Root", "-d1", "-a")
IOREG_HID = ("ioreg", "-r", "-c", "IOHIDSystem", "-d", "1")
AS_KID = ("launchctl", "asuser", "501", "sudo", "-u", "kid")


class FakeFrameworks:
    """MacFrameworks' surface: the console user and the caller's own lock state."""

    def __init__(self, console: tuple[str, int] | WayFailed | None, locked: bool | None) -> None:
        self.console = console
        self.locked = locked

    def console_user(self) -> tuple[str, int] | None:
        if isinstance(self.console, WayFailed):
            raise self.console
        return self.console

    def screen_locked(self) -> bool | None:
        return self.locked


def _console_users(*users: dict[str, Any]) -> str:
    return plistlib.dumps({"IOConsoleUsers": list(users), "IOKitBuildVersion": "Darwin"}).decode()


def _mac(frameworks: FakeFrameworks, commands: FakeCommands, own_uid: int = 0) -> MacSessions:
    return MacSessions(frameworks, commands, ConsoleAccess(own_uid))


def test_the_root_service_reads_lock_state_from_the_io_registry_and_idle_from_hid() -> None:
    commands = FakeCommands()
    commands.answer(
        IOREG_ROOT,
        _console_users(
            {"kCGSSessionUserIDKey": 502, "kCGSSessionUserNameKey": "sis"},
            {"kCGSSessionUserIDKey": 501, "CGSSessionScreenIsLocked": True},
        ),
    )
    commands.answer(IOREG_HID, '  |   "HIDIdleTime" = 5250000000\n  |   "HIDMouseKeys" = 0\n')
    sessions = _mac(FakeFrameworks(("kid", 501), locked=None), commands).sessions()
    assert sessions == [SessionInfo("console-501", "kid", 501, True, True, 5.25)]


def test_inside_the_session_the_lock_state_comes_from_cgsession() -> None:
    commands = FakeCommands()
    sessions = _mac(FakeFrameworks(("kid", 501), locked=True), commands, own_uid=501).sessions()
    assert sessions[0].locked
    assert IOREG_ROOT not in commands.ran


def test_an_absent_lock_key_or_unreadable_registry_means_unlocked() -> None:
    commands = FakeCommands()
    commands.answer(IOREG_ROOT, _console_users({"kCGSSessionUserIDKey": 501}))
    assert not _mac(FakeFrameworks(("kid", 501), None), commands).sessions()[0].locked
    commands.answer(IOREG_ROOT, "not a plist")
    (kid,) = _mac(FakeFrameworks(("kid", 501), None), commands).sessions()
    assert (kid.locked, kid.idle_seconds) == (False, None)


def test_without_the_framework_the_console_owner_comes_from_stat() -> None:
    commands = FakeCommands()
    commands.answer(["stat", "-f", "%Su %u", "/dev/console"], "kid 501\n")
    frameworks = FakeFrameworks(WayFailed("SystemConfiguration could not be loaded"), None)
    assert [s.user for s in _mac(frameworks, commands).sessions()] == ["kid"]


@pytest.mark.parametrize("console", [None, ("loginwindow", 0), ("root", 0), ("", 0)])
def test_at_the_login_window_there_is_no_session(console: tuple[str, int] | None) -> None:
    assert _mac(FakeFrameworks(console, None), FakeCommands()).sessions() == []


def test_lock_shows_the_login_window_as_the_user_else_sleeps_the_display() -> None:
    commands = FakeCommands()
    commands.answer(["pmset", "displaysleepnow"])
    _mac(FakeFrameworks(("kid", 501), None), commands).lock(KID)
    assert commands.ran == [(*AS_KID, CGSESSION, "-suspend"), ("pmset", "displaysleepnow")]


def test_when_nothing_locks_the_error_lists_both_ways() -> None:
    commands = FakeCommands()
    commands.fail(["pmset", "displaysleepnow"], "it exited with 1: no display")
    with pytest.raises(PlatformError) as caught:
        _mac(FakeFrameworks(("kid", 501), None), commands, own_uid=501).lock(KID)
    assert str(caught.value) == (
        "Could not lock the screen of kid. Tried (1) CGSession -suspend: "
        f"{CGSESSION} is not installed; (2) pmset displaysleepnow: it exited with 1: no display."
    )


def test_logout_power_and_sleep_use_the_documented_commands() -> None:
    commands = FakeCommands()
    for argv in (
        ["launchctl", "bootout", "user/501"],
        ["shutdown", "-h", "now"],
        ["pmset", "sleepnow"],
    ):
        commands.answer(argv)
    mac = _mac(FakeFrameworks(("kid", 501), None), commands)
    mac.logout(KID)
    mac.shutdown()
    mac.suspend()
    assert commands.ran == [
        ("launchctl", "bootout", "user/501"),
        ("shutdown", "-h", "now"),
        ("pmset", "sleepnow"),
    ]


def test_logout_falls_back_to_asking_loginwindow_as_the_user() -> None:
    commands = FakeCommands()
    commands.fail(["launchctl", "bootout", "user/501"], "it exited with 1: Operation not permitted")
    script = 'tell application "loginwindow" to «event aevtrlgo»'
    commands.answer([*AS_KID, "osascript", "-e", script])
    _mac(FakeFrameworks(("kid", 501), None), commands).logout(KID)
    assert commands.ran[-1] == (*AS_KID, "osascript", "-e", script)


def test_end_processes_refuses_system_accounts() -> None:
    with pytest.raises(PlatformError, match=r"_www \(uid 70\)"):
        _mac(FakeFrameworks(None, None), FakeCommands()).end_processes(
            SessionInfo("console-70", "_www", 70, True, False, None)
        )


def test_applescript_literals_escape_quotes_and_backslashes() -> None:
    assert applescript_text('say "hi" \\ bye') == '"say \\"hi\\" \\\\ bye"'


def test_notifications_are_posted_by_osascript_as_the_console_user() -> None:
    commands = FakeCommands()
    script = 'display notification "Save \\"it\\"" with title "5 minutes left" sound name "Sosumi"'
    commands.answer([*AS_KID, "osascript", "-e", script])
    MacNotifier(commands, ConsoleAccess(0)).notify(KID, "5 minutes left", 'Save "it"', urgent=True)
    assert commands.ran == [(*AS_KID, "osascript", "-e", script)]


def test_a_user_process_cannot_notify_another_users_session() -> None:
    with pytest.raises(PlatformError, match="only root may act in another user's session"):
        MacNotifier(FakeCommands(), ConsoleAccess(502)).notify(KID, "t", "b")


DSCL_LIST = """_amavisd                 83
_www                     70
daemon                   1
kid                      501
nobody                   -2
parent                   502
root                     0
"""


def test_accounts_are_people_with_real_names_and_admin_membership() -> None:
    commands = FakeCommands()
    commands.answer(["dscl", ".", "-list", "/Users", "UniqueID"], DSCL_LIST)
    commands.answer(["dscl", ".", "-read", "/Users/kid", "RealName"], "RealName:\n Kid Smith\n")
    commands.answer(["dscl", ".", "-read", "/Users/parent", "RealName"], "RealName: Parent\n")
    commands.answer(
        ["dseditgroup", "-o", "checkmember", "-m", "kid", "admin"],
        "no kid is NOT a member of admin",
        67,
    )
    commands.answer(
        ["dseditgroup", "-o", "checkmember", "-m", "parent", "admin"],
        "yes parent is a member of admin",
    )
    accounts = MacAccounts(commands).accounts()
    assert [(a.name, a.full_name, a.uid, a.is_admin) for a in accounts] == [
        ("kid", "Kid Smith", 501, False),
        ("parent", "Parent", 502, True),
    ]


def test_dscl_output_parsing() -> None:
    assert parse_user_ids(DSCL_LIST)[:2] == [("_amavisd", 83), ("_www", 70)]
    assert ("nobody", -2) in parse_user_ids(DSCL_LIST)
    assert parse_real_name("RealName:\n Kid\n Smith\nUniqueID: 501\n") == "Kid Smith"
    assert parse_real_name("No such key: RealName\n") == ""


def test_current_comes_from_the_user_database() -> None:
    commands = FakeCommands()
    commands.answer(["dseditgroup", "-o", "checkmember", "-m", "kid", "admin"], "no", 67)
    kid = pwd.struct_passwd(("kid", "*", 501, 20, "Kid Smith", "/Users/kid", "/bin/zsh"))
    me = MacAccounts(commands, by_uid=lambda uid: kid, own_uid=lambda: 501).current()
    assert (me.name, me.full_name, me.uid, me.is_admin) == ("kid", "Kid Smith", 501, False)


def test_listing_accounts_without_dscl_is_a_clear_error() -> None:
    with pytest.raises(PlatformError, match=r"Could not list the accounts of this Mac \(dscl\)"):
        MacAccounts(FakeCommands()).accounts()


# --- MacFrameworks against fake exports behind real C prototypes ---------------------------

P = ctypes.POINTER
VOID_P = ctypes.c_void_p


def _frameworks(library: FakeLibrary) -> MacFrameworks:
    library.add("CFRelease", lambda ref: None, None, VOID_P)
    paths = {SYSTEM_CONFIGURATION, CORE_FOUNDATION, CORE_GRAPHICS}
    return MacFrameworks(lambda path: library if path in paths else None)


def test_the_console_user_is_read_from_the_cfstring_and_released() -> None:
    calls: list[tuple[Any, ...]] = []

    def copy_user(store: Any, uid: Any, gid: Any) -> int:
        uid[0], gid[0] = 501, 20
        return 0x1234

    def c_string(ref: int, buffer: int, size: int, encoding: int) -> int:
        assert (ref, size, encoding) == (0x1234, 1024, 0x08000100)
        text = "Kid Müller".encode() + b"\0"
        ctypes.memmove(buffer, text, len(text))
        return 1

    library = FakeLibrary(calls)
    library.add(
        "SCDynamicStoreCopyConsoleUser",
        copy_user,
        VOID_P,
        VOID_P,
        P(ctypes.c_uint32),
        P(ctypes.c_uint32),
    )
    library.add(
        "CFStringGetCString",
        c_string,
        ctypes.c_ubyte,
        VOID_P,
        VOID_P,
        ctypes.c_long,
        ctypes.c_uint32,
    )
    assert _frameworks(library).console_user() == ("Kid Müller", 501)
    assert calls[-1] == ("CFRelease", 0x1234)


def test_nobody_at_the_console_is_none() -> None:
    library = FakeLibrary([])
    library.add(
        "SCDynamicStoreCopyConsoleUser",
        lambda *args: None,
        VOID_P,
        VOID_P,
        P(ctypes.c_uint32),
        P(ctypes.c_uint32),
    )
    assert _frameworks(library).console_user() is None


@pytest.mark.parametrize(
    ("session", "value", "boolean", "expected"),
    [(None, None, 0, None), (0x10, None, 0, False), (0x10, 0x20, 1, True), (0x10, 0x20, 0, False)],
)
def test_screen_locked_reads_cgsession_and_releases_what_it_copied(
    session: int | None, value: int | None, boolean: int, expected: bool | None
) -> None:
    calls: list[tuple[Any, ...]] = []
    library = FakeLibrary(calls)
    library.add("CGSessionCopyCurrentDictionary", lambda: session, VOID_P)
    library.add(
        "CFStringCreateWithCString",
        lambda allocator, text, encoding: 0x30,
        VOID_P,
        VOID_P,
        ctypes.c_char_p,
        ctypes.c_uint32,
    )
    library.add("CFDictionaryGetValue", lambda dictionary, key: value, VOID_P, VOID_P, VOID_P)
    library.add("CFBooleanGetValue", lambda ref: boolean, ctypes.c_ubyte, VOID_P)
    assert _frameworks(library).screen_locked() is expected
    released = [call[1] for call in calls if call[0] == "CFRelease"]
    assert released == ([] if session is None else [0x30, 0x10])
    if session is not None:
        create = next(call for call in calls if call[0] == "CFStringCreateWithCString")
        assert create[2:] == (b"CGSSessionScreenIsLocked", 0x08000100)
        lookup = next(call for call in calls if call[0] == "CFDictionaryGetValue")
        assert lookup[1:] == (0x10, 0x30)


def test_the_real_loader_refuses_cleanly_off_macos() -> None:
    with pytest.raises(WayFailed, match="could not be loaded"):
        MacFrameworks().console_user()
