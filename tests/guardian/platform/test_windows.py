"""Windows adapters on Linux: Win32Api marshalling against fake DLL functions that fill the
out-parameters as Windows does, and the adapters' logic against a fake Win32Api."""

from __future__ import annotations

import ctypes
from collections.abc import Callable
from typing import Any

import pytest

from guardian.platform.base import PlatformError, SessionInfo
from guardian.platform.win32 import BOOL, DWORD, HANDLE, LONG, LPWSTR, Win32Error
from guardian.platform.windows import (
    BOOLEAN,
    ERROR_MORE_DATA,
    FILTER_NORMAL_ACCOUNT,
    LG_INCLUDE_INDIRECT,
    MB_ICONINFORMATION,
    MB_ICONWARNING,
    MB_SETFOREGROUND,
    MB_SYSTEMMODAL,
    NERR_SUCCESS,
    SE_PRIVILEGE_ENABLED,
    WTS_ACTIVE,
    LastInputInfo,
    LocalGroupUsersInfo0,
    Luid,
    NetUser,
    OsVersionInfo,
    TokenPrivileges,
    UserInfo20,
    Win32Api,
    WindowsAccounts,
    WindowsNotifier,
    WindowsSessions,
    WtsInfoEx,
    WtsInfoExLevel1,
    WtsSession,
    WtsSessionDetails,
    WtsSessionInfo,
    lock_flags_mean_locked,
    process_may_be_ended,
)
from tests.guardian.platform.fakes import FakeCommands, FakeLibrary, write_wide

WTS_DISCONNECTED = 4
WTS_LISTEN = 6

# --- Win32Api against fake DLL exports behind real C prototypes ---------------------------

P = ctypes.POINTER


def _api(libraries: dict[str, FakeLibrary], error: int = 5) -> Win32Api:
    return Win32Api(
        lambda name: libraries[name],
        last_error=lambda: error,
        format_error=lambda code: {5: "Access is denied.\r\n"}.get(code, "Unknown error"),
    )


def _wtsapi(calls: list[tuple[Any, ...]]) -> FakeLibrary:
    wtsapi = FakeLibrary(calls)
    wtsapi.add("WTSFreeMemory", lambda memory: None, None, ctypes.c_void_p)
    return wtsapi


def test_enumerated_sessions_are_read_from_the_returned_array_and_freed() -> None:
    calls: list[tuple[Any, ...]] = []
    table = (WtsSessionInfo * 3)(
        (0, "Services", WTS_DISCONNECTED),
        (1, "Console", WTS_ACTIVE),
        (65536, "RDP-Tcp", WTS_LISTEN),
    )

    def enumerate_sessions(
        server: Any, reserved: int, version: int, entries: Any, count: Any
    ) -> int:
        assert (server, reserved, version) == (None, 0, 1)
        entries[0] = ctypes.cast(table, P(WtsSessionInfo))
        count[0] = len(table)
        return 1

    wtsapi = _wtsapi(calls)
    wtsapi.add(
        "WTSEnumerateSessionsW",
        enumerate_sessions,
        BOOL,
        HANDLE,
        DWORD,
        DWORD,
        P(P(WtsSessionInfo)),
        P(DWORD),
    )
    assert _api({"wtsapi32": wtsapi}).sessions() == [
        WtsSession(0, "Services", WTS_DISCONNECTED),
        WtsSession(1, "Console", WTS_ACTIVE),
        WtsSession(65536, "RDP-Tcp", WTS_LISTEN),
    ]
    assert calls[-1] == ("WTSFreeMemory", ctypes.addressof(table))


def _querying(calls: list[tuple[Any, ...]], buffers: dict[int, Any]) -> FakeLibrary:
    def query(server: Any, session: int, info_class: int, buffer: Any, size: Any) -> int:
        if info_class not in buffers:
            return 0
        buffer[0] = ctypes.addressof(buffers[info_class])
        size[0] = ctypes.sizeof(buffers[info_class])
        return 1

    wtsapi = _wtsapi(calls)
    wtsapi.add(
        "WTSQuerySessionInformationW",
        query,
        BOOL,
        HANDLE,
        DWORD,
        ctypes.c_int,
        P(ctypes.c_void_p),
        P(DWORD),
    )
    return wtsapi


def test_session_user_protocol_and_lock_flags_are_read_from_the_query_buffers() -> None:
    calls: list[tuple[Any, ...]] = []
    info = WtsInfoEx()
    info.Level = 1
    level1 = info.Data.WTSInfoExLevel1
    level1.SessionId, level1.SessionFlags = 3, 0
    level1.LastInputTime, level1.CurrentTime = 1_000_000_000, 1_300_000_000
    buffers = {5: ctypes.create_unicode_buffer("kid"), 16: ctypes.c_uint16(2), 25: info}
    api = _api({"wtsapi32": _querying(calls, buffers)})
    assert api.session_user(3) == "kid"
    assert api.session_protocol(3) == 2
    assert api.session_details(3) == WtsSessionDetails(0, 1_000_000_000, 1_300_000_000)
    assert [c[3] for c in calls if c[0] == "WTSQuerySessionInformationW"] == [5, 16, 25]
    assert [c[1] for c in calls if c[0] == "WTSFreeMemory"] == [
        ctypes.addressof(buffers[5]),
        ctypes.addressof(buffers[16]),
        ctypes.addressof(info),
    ]


def test_a_failed_call_says_which_function_windows_reason_and_code() -> None:
    user32 = FakeLibrary([])
    user32.add("LockWorkStation", lambda: 0, BOOL)
    with pytest.raises(
        Win32Error, match=r"^LockWorkStation failed: Access is denied\. \(error 5\)$"
    ):
        _api({"user32": user32}).lock_workstation()


def test_a_failed_query_is_an_error_and_frees_nothing() -> None:
    calls: list[tuple[Any, ...]] = []
    with pytest.raises(Win32Error, match="WTSQuerySessionInformationW failed"):
        _api({"wtsapi32": _querying(calls, {})}).session_user(3)
    assert [c[0] for c in calls] == ["WTSQuerySessionInformationW"]


def test_sessioninfoex_layout_puts_the_union_on_an_8_byte_boundary() -> None:
    # WTSINFOEXW is a DWORD then a union holding LARGE_INTEGERs: SessionFlags lands at byte 16.
    assert WtsInfoEx.Data.offset == 8
    assert WtsInfoExLevel1.SessionFlags.offset == 8


def test_idle_time_is_taken_modulo_the_32_bit_tick_count() -> None:
    def last_input(info: Any) -> int:
        assert info.contents.cbSize == ctypes.sizeof(LastInputInfo)
        info.contents.dwTime = 2**32 - 1500
        return 1

    user32, kernel32 = FakeLibrary([]), FakeLibrary([])
    user32.add("GetLastInputInfo", last_input, BOOL, P(LastInputInfo))
    kernel32.add("GetTickCount64", lambda: 2**32 + 500, ctypes.c_uint64)
    assert _api({"user32": user32, "kernel32": kernel32}).input_idle_seconds() == 2.0


def test_the_windows_version_comes_from_rtlgetversion() -> None:
    def get_version(info: Any) -> int:
        assert info.contents.dwOSVersionInfoSize == ctypes.sizeof(OsVersionInfo)
        info.contents.dwMajorVersion, info.contents.dwMinorVersion = 6, 1
        return 0

    ntdll = FakeLibrary([])
    ntdll.add("RtlGetVersion", get_version, LONG, P(OsVersionInfo))
    assert _api({"ntdll": ntdll}).os_version() == (6, 1)


def _net_user_enum(pages: list[tuple[int, Any]]) -> Callable[..., int]:
    def user_enum(*args: Any) -> int:
        _server, level, account_filter, buffer, _max, read, _total, resume = args
        assert (level, account_filter) == (20, FILTER_NORMAL_ACCOUNT)
        status, page = pages[resume[0]]
        buffer[0] = ctypes.addressof(page)
        read[0] = len(page)
        resume[0] += 1
        return status

    return user_enum


def _netapi(calls: list[tuple[Any, ...]]) -> FakeLibrary:
    netapi = FakeLibrary(calls)
    netapi.add("NetApiBufferFree", lambda buffer: 0, DWORD, ctypes.c_void_p)
    return netapi


def test_accounts_are_read_page_by_page_and_every_buffer_is_freed() -> None:
    calls: list[tuple[Any, ...]] = []
    pages = [
        (
            ERROR_MORE_DATA,
            (UserInfo20 * 2)(("kid", "Kid Smith", "", 0x201, 1001), ("Guest", "", "", 0x203, 501)),
        ),
        (
            NERR_SUCCESS,
            (UserInfo20 * 1)(
                ("parent", "Parent", "", 0x201, 1000),
            ),
        ),
    ]
    netapi = _netapi(calls)
    netapi.add(
        "NetUserEnum",
        _net_user_enum(pages),
        DWORD,
        LPWSTR,
        DWORD,
        DWORD,
        P(ctypes.c_void_p),
        DWORD,
        P(DWORD),
        P(DWORD),
        P(DWORD),
    )
    assert _api({"netapi32": netapi}).user_accounts() == [
        NetUser("kid", "Kid Smith", 0x201),
        NetUser("Guest", "", 0x203),
        NetUser("parent", "Parent", 0x201),
    ]
    assert [c[1] for c in calls if c[0] == "NetApiBufferFree"] == [
        ctypes.addressof(page) for _status, page in pages
    ]


def test_local_groups_include_indirect_membership() -> None:
    groups = (LocalGroupUsersInfo0 * 2)(("Administratoren",), ("Benutzer",))

    def get_groups(*args: Any) -> int:
        _server, user, level, flags, buffer, _max, read, _total = args
        assert (user, level, flags) == ("kid", 0, LG_INCLUDE_INDIRECT)
        buffer[0] = ctypes.addressof(groups)
        read[0] = 2
        return NERR_SUCCESS

    netapi = _netapi([])
    netapi.add(
        "NetUserGetLocalGroups",
        get_groups,
        DWORD,
        LPWSTR,
        LPWSTR,
        DWORD,
        DWORD,
        P(ctypes.c_void_p),
        DWORD,
        P(DWORD),
        P(DWORD),
    )
    assert _api({"netapi32": netapi}).local_groups("kid") == ["Administratoren", "Benutzer"]


def test_the_administrators_group_is_found_by_its_sid_and_the_sid_freed() -> None:
    calls: list[tuple[Any, ...]] = []

    def to_sid(text: str, sid: Any) -> int:
        sid[0] = 0x5000
        return 1

    def lookup(system: Any, sid: int, name: int, name_length: Any, *rest: Any) -> int:
        assert sid == 0x5000
        write_wide(name, name_length[0], "Administratoren")
        return 1

    advapi, kernel32 = FakeLibrary(calls), FakeLibrary(calls)
    advapi.add("ConvertStringSidToSidW", to_sid, BOOL, LPWSTR, P(ctypes.c_void_p))
    advapi.add(
        "LookupAccountSidW",
        lookup,
        BOOL,
        LPWSTR,
        ctypes.c_void_p,
        ctypes.c_void_p,
        P(DWORD),
        ctypes.c_void_p,
        P(DWORD),
        P(ctypes.c_int),
    )
    kernel32.add("LocalFree", lambda memory: None, ctypes.c_void_p, ctypes.c_void_p)
    api = _api({"advapi32": advapi, "kernel32": kernel32})
    assert api.account_name("S-1-5-32-544") == "Administratoren"
    assert calls[0] == ("ConvertStringSidToSidW", "S-1-5-32-544", calls[0][2])
    assert calls[-1] == ("LocalFree", 0x5000)


def test_the_user_name_is_read_from_getusernamew() -> None:
    def get_name(buffer: int, size: Any) -> int:
        write_wide(buffer, size[0], "kid")
        return 1

    advapi = FakeLibrary([])
    advapi.add("GetUserNameW", get_name, BOOL, ctypes.c_void_p, P(DWORD))
    assert _api({"advapi32": advapi}).user_name() == "kid"


def _privilege_libraries(calls: list[tuple[Any, ...]]) -> dict[str, FakeLibrary]:
    def open_token(process: int, access: int, token: Any) -> int:
        token[0] = 0x44
        return 1

    def lookup(system: Any, name: str, luid: Any) -> int:
        assert name == "SeShutdownPrivilege"
        luid.contents.LowPart = 19
        return 1

    def adjust(token: int, disable_all: int, privileges: Any, *rest: Any) -> int:
        granted = privileges.contents
        calls.append(
            ("granted", token, granted.Privileges[0].Luid.LowPart, granted.Privileges[0].Attributes)
        )
        return 1

    kernel32, advapi = FakeLibrary(calls), FakeLibrary(calls)
    kernel32.add("GetCurrentProcess", lambda: 0x10, HANDLE)
    kernel32.add("CloseHandle", lambda handle: 1, BOOL, HANDLE)
    advapi.add("OpenProcessToken", open_token, BOOL, HANDLE, DWORD, P(HANDLE))
    advapi.add("LookupPrivilegeValueW", lookup, BOOL, LPWSTR, LPWSTR, P(Luid))
    advapi.add(
        "AdjustTokenPrivileges",
        adjust,
        BOOL,
        HANDLE,
        BOOL,
        P(TokenPrivileges),
        DWORD,
        ctypes.c_void_p,
        ctypes.c_void_p,
    )
    return {"kernel32": kernel32, "advapi32": advapi}


def test_the_shutdown_privilege_is_enabled_in_the_token_and_the_token_closed() -> None:
    calls: list[tuple[Any, ...]] = []
    _api(_privilege_libraries(calls), error=0).enable_shutdown_privilege()
    assert ("granted", 0x44, 19, SE_PRIVILEGE_ENABLED) in calls
    assert calls[-1] == ("CloseHandle", 0x44)


def test_an_account_without_the_shutdown_privilege_is_told_so() -> None:
    calls: list[tuple[Any, ...]] = []
    with pytest.raises(Win32Error, match="does not hold SeShutdownPrivilege"):
        _api(_privilege_libraries(calls), error=1300).enable_shutdown_privilege()
    assert calls[-1] == ("CloseHandle", 0x44)


def test_message_lengths_are_in_bytes_of_utf16() -> None:
    calls: list[tuple[Any, ...]] = []
    wtsapi = FakeLibrary(calls)
    wtsapi.add(
        "WTSSendMessageW",
        lambda *args: 1,
        BOOL,
        HANDLE,
        DWORD,
        LPWSTR,
        DWORD,
        LPWSTR,
        DWORD,
        DWORD,
        DWORD,
        P(DWORD),
        BOOL,
    )
    _api({"wtsapi32": wtsapi}).send_message(2, "Zeit", "Noch 5 min 😀", 0x40, 60)
    _name, _server, session, title, title_bytes, body, body_bytes, style, seconds, _r, wait = calls[
        0
    ]
    assert (session, title, title_bytes, body, body_bytes) == (2, "Zeit", 8, "Noch 5 min 😀", 26)
    assert (style, seconds, wait) == (0x40, 60, 0)


def test_power_calls_pass_the_documented_arguments() -> None:
    calls: list[tuple[Any, ...]] = []
    advapi, powrprof = FakeLibrary(calls), FakeLibrary(calls)
    advapi.add(
        "InitiateSystemShutdownExW",
        lambda *args: 1,
        BOOL,
        LPWSTR,
        LPWSTR,
        DWORD,
        BOOL,
        BOOL,
        DWORD,
    )
    powrprof.add("SetSuspendState", lambda *args: 1, BOOLEAN, BOOLEAN, BOOLEAN, BOOLEAN)
    api = _api({"advapi32": advapi, "powrprof": powrprof})
    api.initiate_shutdown()
    api.suspend()
    assert calls == [
        ("InitiateSystemShutdownExW", None, None, 0, 1, 0, 0x80000000),
        ("SetSuspendState", 0, 0, 0),
    ]


def test_the_real_loader_refuses_cleanly_off_windows() -> None:
    with pytest.raises(Win32Error, match="this is not Windows"):
        Win32Api().lock_workstation()


# --- the adapters against a fake Win32Api ----------------------------------------------------


class FakeWin32:
    """The Win32Api surface the adapters use, with a machine described by attributes."""

    def __init__(self) -> None:
        now = 133_000_000_000_000_000
        self.listed = [
            WtsSession(0, "Services", WTS_DISCONNECTED),
            WtsSession(1, "Console", WTS_ACTIVE),
            WtsSession(2, "", WTS_DISCONNECTED),
            WtsSession(3, "RDP-Tcp#0", WTS_ACTIVE),
            WtsSession(65536, "RDP-Tcp", WTS_LISTEN),
        ]
        self.users = {0: "", 1: "kid", 2: "sis", 3: "parent", 65536: ""}
        self.details = {
            1: WtsSessionDetails(0, 0, now),
            2: WtsSessionDetails(1, 0, now),
            3: WtsSessionDetails(1, now - 300_000_000, now),
        }
        self.protocols = {2: 0, 3: 2}
        self.version = (10, 0)
        self.console = 1
        self.own = 0
        self.idle = 7.5
        self.fail: set[str] = set()
        self.done: list[tuple[Any, ...]] = []
        self.people = [
            NetUser("kid", "Kid Smith", 0x201),
            NetUser("Gast", "", 0x203),
            NetUser("parent", "", 0x201),
        ]
        self.groups = {"kid": ["Benutzer"], "parent": ["Administratoren", "Benutzer"]}
        self.me = "kid"

    def _act(self, name: str, *args: Any) -> None:
        if name in self.fail:
            raise Win32Error(f"{name} failed: Access is denied. (error 5)")
        self.done.append((name, *args))

    def sessions(self) -> list[WtsSession]:
        return self.listed

    def session_user(self, session_id: int) -> str:
        return self.users[session_id]

    def session_details(self, session_id: int) -> WtsSessionDetails | None:
        return self.details.get(session_id)

    def session_protocol(self, session_id: int) -> int:
        return self.protocols[session_id]

    def os_version(self) -> tuple[int, int]:
        return self.version

    def active_console_session(self) -> int:
        return self.console

    def own_session(self) -> int:
        return self.own

    def input_idle_seconds(self) -> float:
        return self.idle

    def lock_workstation(self) -> None:
        self._act("LockWorkStation")

    def disconnect_session(self, session_id: int) -> None:
        self._act("WTSDisconnectSession", session_id)

    def logoff_session(self, session_id: int) -> None:
        self._act("WTSLogoffSession", session_id)

    def send_message(self, *args: Any) -> None:
        self._act("WTSSendMessageW", *args)

    def enable_shutdown_privilege(self) -> None:
        self._act("enable SeShutdownPrivilege")

    def initiate_shutdown(self) -> None:
        self._act("InitiateSystemShutdownExW")

    def suspend(self) -> None:
        self._act("SetSuspendState")

    def user_accounts(self) -> list[NetUser]:
        return self.people

    def local_groups(self, user: str) -> list[str]:
        if user not in self.groups:
            raise Win32Error("NetUserGetLocalGroups failed: The user name could not be found.")
        return self.groups[user]

    def account_name(self, sid: str) -> str:
        assert sid == "S-1-5-32-544"
        return "Administratoren"

    def user_name(self) -> str:
        return self.me


KID = SessionInfo("1", "kid", None, active=True, locked=False, idle_seconds=None)


def _windows(api: FakeWin32, commands: FakeCommands | None = None) -> WindowsSessions:
    return WindowsSessions(api, commands or FakeCommands(), system_root="C:\\Windows")


def test_sessions_with_a_user_are_listed_with_lock_idle_and_remote_state() -> None:
    assert _windows(FakeWin32()).sessions() == [
        SessionInfo("1", "kid", None, active=True, locked=True, idle_seconds=None, remote=False),
        SessionInfo("2", "sis", None, active=False, locked=False, idle_seconds=None, remote=False),
        SessionInfo("3", "parent", None, active=True, locked=False, idle_seconds=30.0, remote=True),
    ]


def test_inside_its_own_session_idle_comes_from_the_last_input() -> None:
    api = FakeWin32()
    api.own = 1
    assert _windows(api).sessions()[0].idle_seconds == 7.5


@pytest.mark.parametrize(
    ("flags", "version", "locked"),
    [
        (0, (10, 0), True),
        (1, (10, 0), False),
        (0, (6, 1), False),
        (1, (6, 1), True),
        (-1, (10, 0), False),
        (None, (10, 0), False),
    ],
)
def test_lock_flags_follow_the_documented_windows_7_inversion(
    flags: int | None, version: tuple[int, int], locked: bool
) -> None:
    assert lock_flags_mean_locked(flags, version) is locked


def test_own_session_is_locked_with_lockworkstation_another_is_disconnected() -> None:
    api = FakeWin32()
    api.own = 1
    _windows(api).lock(KID)
    _windows(api).lock(SessionInfo("2", "sis", None, False, False, None))
    assert api.done == [("LockWorkStation",), ("WTSDisconnectSession", 2)]


def test_a_failing_lock_reports_every_way_tried() -> None:
    api = FakeWin32()
    api.own = 1
    api.fail = {"LockWorkStation", "WTSDisconnectSession"}
    with pytest.raises(PlatformError) as caught:
        _windows(api).lock(KID)
    assert str(caught.value) == (
        "Could not lock the screen of kid (session 1). "
        "Tried (1) LockWorkStation: LockWorkStation failed: Access is denied. (error 5); "
        "(2) WTSDisconnectSession 1: WTSDisconnectSession failed: Access is denied. (error 5)."
    )


def test_logoff_falls_back_to_logoff_exe_by_its_full_path() -> None:
    api = FakeWin32()
    api.fail = {"WTSLogoffSession"}
    commands = FakeCommands()
    commands.answer(["C:\\Windows\\System32\\logoff.exe", "1"])
    _windows(api, commands).logout(KID)
    assert commands.ran == [("C:\\Windows\\System32\\logoff.exe", "1")]


def test_shutdown_uses_shutdown_exe_then_the_api_with_the_privilege() -> None:
    api = FakeWin32()
    commands = FakeCommands()
    _windows(api, commands).shutdown()
    assert commands.ran == [("C:\\Windows\\System32\\shutdown.exe", "/s", "/f", "/t", "0")]
    assert api.done == [("enable SeShutdownPrivilege",), ("InitiateSystemShutdownExW",)]


def test_suspend_enables_the_privilege_first() -> None:
    api = FakeWin32()
    _windows(api).suspend()
    assert api.done == [("enable SeShutdownPrivilege",), ("SetSuspendState",)]


def test_a_session_id_that_is_not_a_number_is_a_clear_error() -> None:
    with pytest.raises(PlatformError, match="'console' is not a Windows session id"):
        _windows(FakeWin32()).logout(SessionInfo("console", "kid", None, True, False, None))


def test_notifications_are_message_boxes_urgent_ones_stay_until_read() -> None:
    api = FakeWin32()
    notifier = WindowsNotifier(api)
    notifier.notify(KID, "15 minutes left", "")
    notifier.notify(KID, "1 minute left", "Save now", urgent=True)
    assert api.done == [
        ("WTSSendMessageW", 1, "15 minutes left", "", MB_ICONINFORMATION | MB_SETFOREGROUND, 60),
        (
            "WTSSendMessageW",
            1,
            "1 minute left",
            "Save now",
            MB_ICONWARNING | MB_SYSTEMMODAL | MB_SETFOREGROUND,
            0,
        ),
    ]


@pytest.mark.parametrize(
    ("process_user", "target", "allowed"),
    [
        ("PC\\kid", "kid", True),
        ("PC\\Kid", "kid", True),
        ("kid", "kid", True),
        ("PC\\parent", "kid", False),
        ("NT AUTHORITY\\SYSTEM", "kid", False),
        ("NT AUTHORITY\\kid", "kid", False),
        ("NT AUTHORITY\\LOCAL SERVICE", "LOCAL SERVICE", False),
        ("PC\\SYSTEM", "SYSTEM", False),
        ("PC\\kid", "", False),
    ],
)
def test_only_the_session_users_own_processes_may_be_ended(
    process_user: str, target: str, allowed: bool
) -> None:
    assert process_may_be_ended(process_user, target) is allowed


def test_ending_the_processes_of_a_service_account_is_refused() -> None:
    with pytest.raises(PlatformError, match="Refusing to end the processes of SYSTEM"):
        _windows(FakeWin32()).end_processes(SessionInfo("0", "SYSTEM", None, True, False, None))


def test_accounts_are_the_enabled_ones_and_admins_are_in_the_translated_group() -> None:
    accounts = WindowsAccounts(FakeWin32())
    assert [(a.name, a.full_name, a.uid, a.is_admin) for a in accounts.accounts()] == [
        ("kid", "Kid Smith", None, False),
        ("parent", "parent", None, True),
    ]


def test_current_account_is_found_by_name_or_built_for_domain_users() -> None:
    api = FakeWin32()
    assert WindowsAccounts(api).current().full_name == "Kid Smith"
    api.me = "SYSTEM"
    assert WindowsAccounts(api).current().is_admin
    api.me = "someone"
    api.groups["someone"] = ["Administratoren"]
    assert WindowsAccounts(api).current().is_admin
