"""Windows adapters: sessions, locking and messages through the WTS API, accounts through NetAPI.

Every Win32 call goes through `Win32Api`, which loads the DLLs with ctypes on first use: this
module imports on any OS, and tests hand `Win32Api` fake DLL functions. The service runs as
LocalSystem in session 0, outside the users' sessions, which decides several choices below
(disconnecting instead of LockWorkStation, message boxes instead of toasts); docs/platforms.md
lists them and what has been verified.
"""

from __future__ import annotations

import ctypes
import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from guardian.platform.apps_windows import WindowsApps
from guardian.platform.base import AccountInfo, Platform, PlatformError, SessionInfo
from guardian.platform.commands import CommandRunner, Commands
from guardian.platform.exec_windows import WindowsExecEvents
from guardian.platform.fallbacks import first_that_works
from guardian.platform.managed_windows import WindowsManagedPolicy
from guardian.platform.processes import GRACE_SECONDS, end_processes
from guardian.platform.win32 import BOOL, DWORD, HANDLE, LONG, LPWSTR, Win32Error, Win32Functions

# Fixed widths as in the Windows headers (DWORD, BOOL and the others are in win32.py).
BOOLEAN = ctypes.c_ubyte
USHORT = ctypes.c_uint16
LARGE_INTEGER = ctypes.c_int64

WTS_CURRENT_SERVER_HANDLE = None
SERVICES_SESSION = 0
"""Session 0 holds services, never a person's desktop."""
WTS_USER_NAME = 5
WTS_CLIENT_PROTOCOL_TYPE = 16
WTS_SESSION_INFO_EX = 25
WTS_ACTIVE = 0
WTS_PROTOCOL_TYPE_CONSOLE = 0
WTS_SESSIONSTATE_LOCK = 0
WTS_SESSIONSTATE_UNLOCK = 1
WINDOWS_7 = (6, 1)
"""Windows 7 and Server 2008 R2 report WTS_SESSIONSTATE_LOCK and _UNLOCK swapped (documented)."""
WINSTATIONNAME_LENGTH = 32
USERNAME_LENGTH = 20
DOMAIN_LENGTH = 17

MB_OK = 0x0
MB_ICONWARNING = 0x30
MB_ICONINFORMATION = 0x40
MB_SYSTEMMODAL = 0x1000
MB_SETFOREGROUND = 0x10000
MESSAGE_SECONDS = 60
"""How long an ordinary message box stays; urgent ones stay until the child clicks OK."""

NERR_SUCCESS = 0
ERROR_MORE_DATA = 234
ERROR_NOT_ALL_ASSIGNED = 1300
FILTER_NORMAL_ACCOUNT = 0x2
UF_ACCOUNTDISABLE = 0x2
MAX_PREFERRED_LENGTH = 0xFFFFFFFF
LG_INCLUDE_INDIRECT = 0x1
ADMINISTRATORS_SID = "S-1-5-32-544"
"""BUILTIN\\Administrators: its name is translated ("Administratoren"), its SID never is."""
UNLEN = 256
SID_NAME_LENGTH = 256

TOKEN_ADJUST_PRIVILEGES = 0x20
TOKEN_QUERY = 0x8
SE_PRIVILEGE_ENABLED = 0x2
SE_SHUTDOWN_NAME = "SeShutdownPrivilege"
SHTDN_REASON_PLANNED_OTHER = 0x80000000
"""SHTDN_REASON_FLAG_PLANNED | SHTDN_REASON_MAJOR_OTHER | SHTDN_REASON_MINOR_OTHER."""

SERVICE_ACCOUNTS = frozenset({"system", "local service", "network service"})
SERVICE_DOMAIN = "nt authority"


class WtsSessionInfo(ctypes.Structure):
    """WTS_SESSION_INFOW: one session as WTSEnumerateSessionsW lists it."""

    _fields_ = [("SessionId", DWORD), ("pWinStationName", LPWSTR), ("State", ctypes.c_int)]


class WtsInfoExLevel1(ctypes.Structure):
    """WTSINFOEX_LEVEL1_W: a session's state, lock flags and input times."""

    _fields_ = [
        ("SessionId", DWORD),
        ("SessionState", ctypes.c_int),
        ("SessionFlags", LONG),
        ("WinStationName", ctypes.c_wchar * (WINSTATIONNAME_LENGTH + 1)),
        ("UserName", ctypes.c_wchar * (USERNAME_LENGTH + 1)),
        ("DomainName", ctypes.c_wchar * (DOMAIN_LENGTH + 1)),
        ("LogonTime", LARGE_INTEGER),
        ("ConnectTime", LARGE_INTEGER),
        ("DisconnectTime", LARGE_INTEGER),
        ("LastInputTime", LARGE_INTEGER),
        ("CurrentTime", LARGE_INTEGER),
        ("IncomingBytes", DWORD),
        ("OutgoingBytes", DWORD),
        ("IncomingFrames", DWORD),
        ("OutgoingFrames", DWORD),
        ("IncomingCompressedBytes", DWORD),
        ("OutgoingCompressedBytes", DWORD),
    ]


class WtsInfoExLevel(ctypes.Union):
    """WTSINFOEX_LEVEL_W: the union of levels; only level 1 exists."""

    _fields_ = [("WTSInfoExLevel1", WtsInfoExLevel1)]


class WtsInfoEx(ctypes.Structure):
    """WTSINFOEXW: what WTSQuerySessionInformationW returns for WTSSessionInfoEx."""

    _fields_ = [("Level", DWORD), ("Data", WtsInfoExLevel)]


class LastInputInfo(ctypes.Structure):
    """LASTINPUTINFO: the tick count of the last input in the caller's session."""

    _fields_ = [("cbSize", ctypes.c_uint32), ("dwTime", DWORD)]


class OsVersionInfo(ctypes.Structure):
    """RTL_OSVERSIONINFOW: the real Windows version, whatever the Python manifest claims."""

    _fields_ = [
        ("dwOSVersionInfoSize", DWORD),
        ("dwMajorVersion", DWORD),
        ("dwMinorVersion", DWORD),
        ("dwBuildNumber", DWORD),
        ("dwPlatformId", DWORD),
        ("szCSDVersion", ctypes.c_wchar * 128),
    ]


class Luid(ctypes.Structure):
    """LUID: the local id of a privilege."""

    _fields_ = [("LowPart", DWORD), ("HighPart", LONG)]


class LuidAndAttributes(ctypes.Structure):
    """LUID_AND_ATTRIBUTES: a privilege and whether it is enabled."""

    _fields_ = [("Luid", Luid), ("Attributes", DWORD)]


class TokenPrivileges(ctypes.Structure):
    """TOKEN_PRIVILEGES with room for the one privilege Guardian enables."""

    _fields_ = [("PrivilegeCount", DWORD), ("Privileges", LuidAndAttributes * 1)]


class UserInfo20(ctypes.Structure):
    """USER_INFO_20: an account's name, full name and flags."""

    _fields_ = [
        ("usri20_name", LPWSTR),
        ("usri20_full_name", LPWSTR),
        ("usri20_comment", LPWSTR),
        ("usri20_flags", DWORD),
        ("usri20_user_id", DWORD),
    ]


class LocalGroupUsersInfo0(ctypes.Structure):
    """LOCALGROUP_USERS_INFO_0: the name of a local group an account belongs to."""

    _fields_ = [("lgrui0_name", LPWSTR)]


@dataclass(frozen=True, slots=True)
class WtsSession:
    """A session as WTSEnumerateSessionsW lists it."""

    id: int
    station: str
    state: int


@dataclass(frozen=True, slots=True)
class WtsSessionDetails:
    """The parts of WTSINFOEX_LEVEL1_W Guardian reads (times in 100 ns units)."""

    flags: int
    last_input: int
    current_time: int


@dataclass(frozen=True, slots=True)
class NetUser:
    """An account as NetUserEnum level 20 lists it."""

    name: str
    full_name: str
    flags: int


class Win32Api(Win32Functions):
    """The Win32 functions Guardian calls, each declared with its documented signature.

    DLLs are loaded on first use. Tests pass `load` returning fake DLLs whose functions fill
    the out-parameters as Windows does, and their own `last_error` and `format_error`.
    """

    def sessions(self) -> list[WtsSession]:
        """Every session on this machine (WTSEnumerateSessionsW)."""
        enumerate_sessions = self._function(
            "wtsapi32",
            "WTSEnumerateSessionsW",
            BOOL,
            HANDLE,
            DWORD,
            DWORD,
            ctypes.POINTER(ctypes.POINTER(WtsSessionInfo)),
            ctypes.POINTER(DWORD),
        )
        entries = ctypes.POINTER(WtsSessionInfo)()
        count = DWORD()
        if not enumerate_sessions(
            WTS_CURRENT_SERVER_HANDLE, 0, 1, ctypes.byref(entries), ctypes.byref(count)
        ):
            raise self._failed("WTSEnumerateSessionsW")
        try:
            return [
                WtsSession(entries[i].SessionId, entries[i].pWinStationName or "", entries[i].State)
                for i in range(count.value)
            ]
        finally:
            self._wts_free(entries)

    def session_user(self, session_id: int) -> str:
        """The name of the user logged on in a session, "" for none (WTSUserName)."""
        buffer = self._query_session(session_id, WTS_USER_NAME)
        try:
            return ctypes.wstring_at(buffer.value) if buffer.value else ""
        finally:
            self._wts_free(buffer)

    def session_protocol(self, session_id: int) -> int:
        """0 for the console, 2 for Remote Desktop (WTSClientProtocolType)."""
        buffer = self._query_session(session_id, WTS_CLIENT_PROTOCOL_TYPE)
        try:
            return int(ctypes.cast(buffer, ctypes.POINTER(USHORT)).contents.value)
        finally:
            self._wts_free(buffer)

    def session_details(self, session_id: int) -> WtsSessionDetails | None:
        """Lock flags and input times (WTSSessionInfoEx); None when Windows has no level 1."""
        buffer = self._query_session(session_id, WTS_SESSION_INFO_EX)
        try:
            info = ctypes.cast(buffer, ctypes.POINTER(WtsInfoEx)).contents
            if info.Level != 1:
                return None
            level1 = info.Data.WTSInfoExLevel1
            return WtsSessionDetails(
                int(level1.SessionFlags), int(level1.LastInputTime), int(level1.CurrentTime)
            )
        finally:
            self._wts_free(buffer)

    def active_console_session(self) -> int:
        """The session attached to the physical console (WTSGetActiveConsoleSessionId)."""
        return int(self._function("kernel32", "WTSGetActiveConsoleSessionId", DWORD)())

    def input_idle_seconds(self) -> float:
        """Seconds since the last input in this process's own session (GetLastInputInfo)."""
        last_input = self._function(
            "user32", "GetLastInputInfo", BOOL, ctypes.POINTER(LastInputInfo)
        )
        ticks = self._function("kernel32", "GetTickCount64", ctypes.c_uint64)
        info = LastInputInfo(ctypes.sizeof(LastInputInfo), 0)
        if not last_input(ctypes.byref(info)):
            raise self._failed("GetLastInputInfo")
        # dwTime is a 32-bit tick count, so the difference is taken modulo 2**32 (49.7 days).
        return ((int(ticks()) - int(info.dwTime)) % 2**32) / 1000.0

    def os_version(self) -> tuple[int, int]:
        """The Windows major and minor version (RtlGetVersion, which no manifest can fake)."""
        get_version = self._function("ntdll", "RtlGetVersion", LONG, ctypes.POINTER(OsVersionInfo))
        info = OsVersionInfo()
        info.dwOSVersionInfoSize = ctypes.sizeof(OsVersionInfo)
        status = get_version(ctypes.byref(info))
        if status != 0:
            raise Win32Error(f"RtlGetVersion failed with status {status:#x}")
        return int(info.dwMajorVersion), int(info.dwMinorVersion)

    def lock_workstation(self) -> None:
        """Lock this process's own session (LockWorkStation)."""
        if not self._function("user32", "LockWorkStation", BOOL)():
            raise self._failed("LockWorkStation")

    def disconnect_session(self, session_id: int) -> None:
        """Disconnect a session; its user must sign in again to resume (WTSDisconnectSession)."""
        disconnect = self._function("wtsapi32", "WTSDisconnectSession", BOOL, HANDLE, DWORD, BOOL)
        if not disconnect(WTS_CURRENT_SERVER_HANDLE, session_id, False):
            raise self._failed("WTSDisconnectSession")

    def logoff_session(self, session_id: int) -> None:
        """Log a session off, closing its programs (WTSLogoffSession)."""
        logoff = self._function("wtsapi32", "WTSLogoffSession", BOOL, HANDLE, DWORD, BOOL)
        if not logoff(WTS_CURRENT_SERVER_HANDLE, session_id, False):
            raise self._failed("WTSLogoffSession")

    def send_message(
        self, session_id: int, title: str, body: str, style: int, seconds: int
    ) -> None:
        """Show a message box in a session without waiting for it (WTSSendMessageW)."""
        send = self._function(
            "wtsapi32",
            "WTSSendMessageW",
            BOOL,
            HANDLE,
            DWORD,
            LPWSTR,
            DWORD,
            LPWSTR,
            DWORD,
            DWORD,
            DWORD,
            ctypes.POINTER(DWORD),
            BOOL,
        )
        response = DWORD()
        if not send(
            WTS_CURRENT_SERVER_HANDLE,
            session_id,
            title,
            _utf16_bytes(title),
            body,
            _utf16_bytes(body),
            style,
            seconds,
            ctypes.byref(response),
            False,
        ):
            raise self._failed("WTSSendMessageW")

    def enable_shutdown_privilege(self) -> None:
        """Enable SeShutdownPrivilege in this process's token, which shutdown and sleep require."""
        current_process = self._function("kernel32", "GetCurrentProcess", HANDLE)
        open_token = self._function(
            "advapi32", "OpenProcessToken", BOOL, HANDLE, DWORD, ctypes.POINTER(HANDLE)
        )
        lookup = self._function(
            "advapi32", "LookupPrivilegeValueW", BOOL, LPWSTR, LPWSTR, ctypes.POINTER(Luid)
        )
        adjust = self._function(
            "advapi32",
            "AdjustTokenPrivileges",
            BOOL,
            HANDLE,
            BOOL,
            ctypes.POINTER(TokenPrivileges),
            DWORD,
            ctypes.c_void_p,
            ctypes.c_void_p,
        )
        close = self._function("kernel32", "CloseHandle", BOOL, HANDLE)
        token = HANDLE()
        if not open_token(
            current_process(), TOKEN_ADJUST_PRIVILEGES | TOKEN_QUERY, ctypes.byref(token)
        ):
            raise self._failed("OpenProcessToken")
        try:
            privileges = TokenPrivileges(1)
            if not lookup(None, SE_SHUTDOWN_NAME, ctypes.byref(privileges.Privileges[0].Luid)):
                raise self._failed("LookupPrivilegeValueW")
            privileges.Privileges[0].Attributes = SE_PRIVILEGE_ENABLED
            if not adjust(token, False, ctypes.byref(privileges), 0, None, None):
                raise self._failed("AdjustTokenPrivileges")
            # AdjustTokenPrivileges succeeds even when the token lacks the privilege.
            if self._error_code() == ERROR_NOT_ALL_ASSIGNED:
                raise Win32Error(f"this account does not hold {SE_SHUTDOWN_NAME}")
        finally:
            close(token)

    def initiate_shutdown(self) -> None:
        """Power off now, closing programs without asking (InitiateSystemShutdownExW)."""
        shutdown = self._function(
            "advapi32",
            "InitiateSystemShutdownExW",
            BOOL,
            LPWSTR,
            LPWSTR,
            DWORD,
            BOOL,
            BOOL,
            DWORD,
        )
        if not shutdown(None, None, 0, True, False, SHTDN_REASON_PLANNED_OTHER):
            raise self._failed("InitiateSystemShutdownExW")

    def suspend(self) -> None:
        """Sleep (not hibernate), wake events left enabled (SetSuspendState)."""
        set_state = self._function(
            "powrprof", "SetSuspendState", BOOLEAN, BOOLEAN, BOOLEAN, BOOLEAN
        )
        if not set_state(False, False, False):
            raise self._failed("SetSuspendState")

    def user_accounts(self) -> list[NetUser]:
        """The machine's normal local accounts, page by page (NetUserEnum level 20)."""
        enum = self._function(
            "netapi32",
            "NetUserEnum",
            DWORD,
            LPWSTR,
            DWORD,
            DWORD,
            ctypes.POINTER(ctypes.c_void_p),
            DWORD,
            ctypes.POINTER(DWORD),
            ctypes.POINTER(DWORD),
            ctypes.POINTER(DWORD),
        )
        resume = DWORD(0)
        users: list[NetUser] = []
        while True:
            buffer = ctypes.c_void_p()
            read = DWORD()
            total = DWORD()
            status = enum(
                None,
                20,
                FILTER_NORMAL_ACCOUNT,
                ctypes.byref(buffer),
                MAX_PREFERRED_LENGTH,
                ctypes.byref(read),
                ctypes.byref(total),
                ctypes.byref(resume),
            )
            try:
                if status not in (NERR_SUCCESS, ERROR_MORE_DATA):
                    raise self._net_failed("NetUserEnum", status)
                if buffer.value:
                    entries = ctypes.cast(buffer, ctypes.POINTER(UserInfo20))
                    users.extend(
                        NetUser(
                            entries[i].usri20_name or "",
                            entries[i].usri20_full_name or "",
                            int(entries[i].usri20_flags),
                        )
                        for i in range(read.value)
                    )
            finally:
                self._net_free(buffer)
            if status != ERROR_MORE_DATA:
                return users

    def local_groups(self, user: str) -> list[str]:
        """The local groups an account belongs to, directly or through domain groups."""
        get_groups = self._function(
            "netapi32",
            "NetUserGetLocalGroups",
            DWORD,
            LPWSTR,
            LPWSTR,
            DWORD,
            DWORD,
            ctypes.POINTER(ctypes.c_void_p),
            DWORD,
            ctypes.POINTER(DWORD),
            ctypes.POINTER(DWORD),
        )
        buffer = ctypes.c_void_p()
        read = DWORD()
        total = DWORD()
        status = get_groups(
            None,
            user,
            0,
            LG_INCLUDE_INDIRECT,
            ctypes.byref(buffer),
            MAX_PREFERRED_LENGTH,
            ctypes.byref(read),
            ctypes.byref(total),
        )
        try:
            if status != NERR_SUCCESS:
                raise self._net_failed("NetUserGetLocalGroups", status)
            if not buffer.value:
                return []
            entries = ctypes.cast(buffer, ctypes.POINTER(LocalGroupUsersInfo0))
            return [entries[i].lgrui0_name or "" for i in range(read.value)]
        finally:
            self._net_free(buffer)

    def account_name(self, sid: str) -> str:
        """The local name of an account or group given its SID string (LookupAccountSidW)."""
        to_sid = self._function(
            "advapi32",
            "ConvertStringSidToSidW",
            BOOL,
            LPWSTR,
            ctypes.POINTER(ctypes.c_void_p),
        )
        lookup = self._function(
            "advapi32",
            "LookupAccountSidW",
            BOOL,
            LPWSTR,
            ctypes.c_void_p,
            LPWSTR,
            ctypes.POINTER(DWORD),
            LPWSTR,
            ctypes.POINTER(DWORD),
            ctypes.POINTER(ctypes.c_int),
        )
        local_free = self._function("kernel32", "LocalFree", ctypes.c_void_p, ctypes.c_void_p)
        binary_sid = ctypes.c_void_p()
        if not to_sid(sid, ctypes.byref(binary_sid)):
            raise self._failed("ConvertStringSidToSidW")
        try:
            name = ctypes.create_unicode_buffer(SID_NAME_LENGTH)
            domain = ctypes.create_unicode_buffer(SID_NAME_LENGTH)
            name_length = DWORD(SID_NAME_LENGTH)
            domain_length = DWORD(SID_NAME_LENGTH)
            use = ctypes.c_int()
            if not lookup(
                None,
                binary_sid,
                name,
                ctypes.byref(name_length),
                domain,
                ctypes.byref(domain_length),
                ctypes.byref(use),
            ):
                raise self._failed("LookupAccountSidW")
            return name.value
        finally:
            local_free(binary_sid)

    def user_name(self) -> str:
        """The account this process runs as (GetUserNameW)."""
        get_name = self._function("advapi32", "GetUserNameW", BOOL, LPWSTR, ctypes.POINTER(DWORD))
        buffer = ctypes.create_unicode_buffer(UNLEN + 1)
        size = DWORD(UNLEN + 1)
        if not get_name(buffer, ctypes.byref(size)):
            raise self._failed("GetUserNameW")
        return buffer.value

    def _query_session(self, session_id: int, info_class: int) -> ctypes.c_void_p:
        query = self._function(
            "wtsapi32",
            "WTSQuerySessionInformationW",
            BOOL,
            HANDLE,
            DWORD,
            ctypes.c_int,
            ctypes.POINTER(ctypes.c_void_p),
            ctypes.POINTER(DWORD),
        )
        buffer = ctypes.c_void_p()
        size = DWORD()
        if not query(
            WTS_CURRENT_SERVER_HANDLE,
            session_id,
            info_class,
            ctypes.byref(buffer),
            ctypes.byref(size),
        ):
            raise self._failed("WTSQuerySessionInformationW")
        return buffer

    def _wts_free(self, memory: Any) -> None:
        self._function("wtsapi32", "WTSFreeMemory", None, ctypes.c_void_p)(memory)

    def _net_free(self, buffer: ctypes.c_void_p) -> None:
        # The buffer must be freed even when the call failed with ERROR_MORE_DATA.
        if buffer.value:
            self._function("netapi32", "NetApiBufferFree", DWORD, ctypes.c_void_p)(buffer)

    def _net_failed(self, function: str, status: int) -> Win32Error:
        return Win32Error(f"{function} failed: {self._describe(status)} (status {status})")


def lock_flags_mean_locked(flags: int | None, version: tuple[int, int]) -> bool:
    """Whether WTSINFOEX SessionFlags says locked; unknown reads as unlocked: time still counts."""
    if flags is None:
        return False
    locked = WTS_SESSIONSTATE_UNLOCK if version == WINDOWS_7 else WTS_SESSIONSTATE_LOCK
    return flags == locked


def process_may_be_ended(process_user: str, target_user: str) -> bool:
    """Whether a process psutil reports as `process_user` ("DOMAIN\\name") is the target's own."""
    domain, _, name = process_user.rpartition("\\")
    if domain.casefold() == SERVICE_DOMAIN or name.casefold() in SERVICE_ACCOUNTS:
        return False
    target = target_user.casefold()
    return bool(target) and target not in SERVICE_ACCOUNTS and name.casefold() == target


class WindowsSessions:
    """Sessions from the WTS API; lock, log off and power through Win32 with command fallbacks."""

    def __init__(
        self,
        api: Win32Api,
        commands: Commands,
        *,
        system_root: str | None = None,
        grace: float = GRACE_SECONDS,
    ) -> None:
        self._api = api
        self._commands = commands
        root = system_root or os.environ.get("SYSTEMROOT", r"C:\Windows")
        # Full paths: the service must not run whatever a PATH entry names shutdown.exe.
        self._system32 = root.rstrip("\\") + "\\System32\\"
        self._grace = grace

    def sessions(self) -> list[SessionInfo]:
        """Sessions with a signed-in user, session 0 (services) left out."""
        try:
            listed = self._api.sessions()
        except Win32Error as exc:
            raise PlatformError(f"Could not list the sessions of this computer: {exc}") from None
        version = self._api.os_version()
        console = self._api.active_console_session()
        own = self._own_session()
        found: list[SessionInfo] = []
        for entry in listed:
            if entry.id == SERVICES_SESSION:
                continue
            try:
                user = self._api.session_user(entry.id)
            except Win32Error:
                # The session ended between the listing and this query.
                continue
            if not user:
                continue
            details = self._details(entry.id)
            found.append(
                SessionInfo(
                    id=str(entry.id),
                    user=user,
                    uid=None,
                    active=entry.state == WTS_ACTIVE,
                    locked=lock_flags_mean_locked(details.flags if details else None, version),
                    idle_seconds=self._idle(entry.id, own, details),
                    remote=self._remote(entry.id, console),
                )
            )
        return found

    def lock(self, session: SessionInfo) -> None:
        """LockWorkStation inside the session; from outside, disconnect it to the sign-in screen."""
        number = _session_number(session)
        ways: list[tuple[str, Callable[[], None]]] = []
        if self._own_session() == number:
            ways.append(("LockWorkStation", self._api.lock_workstation))
        ways.append(
            (f"WTSDisconnectSession {number}", lambda: self._api.disconnect_session(number))
        )
        first_that_works(f"lock the screen of {session.user} (session {number})", ways)

    def logout(self, session: SessionInfo) -> None:
        """Log the session off through WTSLogoffSession, then logoff.exe."""
        number = _session_number(session)
        first_that_works(
            f"log {session.user} off (session {number})",
            [
                (f"WTSLogoffSession {number}", lambda: self._api.logoff_session(number)),
                (
                    f"logoff.exe {number}",
                    lambda: self._commands.run([self._system32 + "logoff.exe", str(number)]),
                ),
            ],
        )

    def shutdown(self) -> None:
        """Power off through shutdown.exe, then InitiateSystemShutdownExW; no app may veto it."""
        first_that_works(
            "power the computer off",
            [
                (
                    "shutdown.exe /s /f /t 0",
                    lambda: self._commands.run(
                        [self._system32 + "shutdown.exe", "/s", "/f", "/t", "0"]
                    ),
                ),
                ("InitiateSystemShutdownExW", self._initiate_shutdown),
            ],
        )

    def suspend(self) -> None:
        """Sleep through SetSuspendState, with SeShutdownPrivilege enabled first."""
        first_that_works("suspend the computer", [("SetSuspendState", self._suspend)])

    def end_processes(self, session: SessionInfo) -> int:
        """End the processes running as the session's user; never a service account's."""
        if not session.user or session.user.casefold() in SERVICE_ACCOUNTS:
            raise PlatformError(
                f"Refusing to end the processes of {session.user or 'no user'} "
                f"(session {session.id}): Guardian ends only the processes of people's accounts."
            )
        return end_processes(
            lambda p: process_may_be_ended(p.username(), session.user), self._grace
        )

    def _initiate_shutdown(self) -> None:
        self._api.enable_shutdown_privilege()
        self._api.initiate_shutdown()

    def _suspend(self) -> None:
        self._api.enable_shutdown_privilege()
        self._api.suspend()

    def _own_session(self) -> int | None:
        try:
            return self._api.own_session()
        except Win32Error:
            return None

    def _details(self, session_id: int) -> WtsSessionDetails | None:
        try:
            return self._api.session_details(session_id)
        except Win32Error:
            return None

    def _idle(
        self, session_id: int, own: int | None, details: WtsSessionDetails | None
    ) -> float | None:
        if session_id == own:
            try:
                return self._api.input_idle_seconds()
            except Win32Error:
                return None
        # Windows fills LastInputTime for Remote Desktop sessions; for the console it stays 0.
        if details is not None and details.last_input and details.current_time:
            return max(0.0, (details.current_time - details.last_input) / 1e7)
        return None

    def _remote(self, session_id: int, console: int) -> bool:
        if session_id == console:
            return False
        try:
            return self._api.session_protocol(session_id) != WTS_PROTOCOL_TYPE_CONSOLE
        except Win32Error:
            return False


class WindowsNotifier:
    """A message box in the user's session (WTSSendMessageW).

    Toast notifications need a process inside the session (the tray shows those); from the
    service in session 0 a WTS message box is the documented way to reach a session.
    """

    def __init__(self, api: Win32Api) -> None:
        self._api = api

    def notify(self, session: SessionInfo, title: str, body: str, *, urgent: bool = False) -> None:
        """Show a message box; urgent ones carry a warning icon, stay on top and stay until read."""
        number = _session_number(session)
        if urgent:
            style, seconds = MB_OK | MB_ICONWARNING | MB_SYSTEMMODAL | MB_SETFOREGROUND, 0
        else:
            style, seconds = MB_OK | MB_ICONINFORMATION | MB_SETFOREGROUND, MESSAGE_SECONDS
        first_that_works(
            f"show a message to {session.user} (session {number})",
            [
                (
                    "WTSSendMessageW",
                    lambda: self._api.send_message(number, title, body, style, seconds),
                )
            ],
        )


class WindowsAccounts:
    """Enabled local accounts (NetUserEnum); admins are members of BUILTIN\\Administrators."""

    def __init__(self, api: Win32Api) -> None:
        self._api = api

    def accounts(self) -> list[AccountInfo]:
        """Normal, enabled local accounts, sorted by name."""
        try:
            users = self._api.user_accounts()
        except Win32Error as exc:
            raise PlatformError(f"Could not list the accounts of this computer: {exc}") from None
        administrators = self._administrators()
        found = [
            AccountInfo(
                user.name,
                user.full_name or user.name,
                None,
                self._is_admin(user.name, administrators),
            )
            for user in users
            if not user.flags & UF_ACCOUNTDISABLE
        ]
        return sorted(found, key=lambda account: account.name.casefold())

    def current(self) -> AccountInfo:
        """The account this process runs as; domain accounts are not in NetUserEnum's list."""
        try:
            name = self._api.user_name()
        except Win32Error as exc:
            raise PlatformError(f"Could not tell which account Guardian runs as: {exc}") from None
        for account in self.accounts():
            if account.name.casefold() == name.casefold():
                return account
        # LocalSystem belongs to no local group yet has every right.
        is_admin = name.casefold() == "system" or self._is_admin(name, self._administrators())
        return AccountInfo(name, name, None, is_admin)

    def _administrators(self) -> str:
        try:
            return self._api.account_name(ADMINISTRATORS_SID)
        except Win32Error:
            return "Administrators"

    def _is_admin(self, user: str, administrators: str) -> bool:
        try:
            groups = self._api.local_groups(user)
        except Win32Error:
            return False
        return administrators.casefold() in {group.casefold() for group in groups}


def build_platform() -> Platform:
    """The Windows adapters, sharing one Win32Api."""
    api = Win32Api()
    return Platform(
        "windows",
        WindowsSessions(api, CommandRunner()),
        WindowsNotifier(api),
        WindowsAccounts(api),
        apps=WindowsApps(),
        exec_events=WindowsExecEvents(),
        managed_policy=WindowsManagedPolicy(),
    )


def _session_number(session: SessionInfo) -> int:
    try:
        return int(session.id)
    except ValueError:
        raise PlatformError(f"{session.id!r} is not a Windows session id") from None


def _utf16_bytes(text: str) -> int:
    """The length in bytes WTSSendMessageW wants: UTF-16 code units times two."""
    return len(text.encode("utf-16-le"))
