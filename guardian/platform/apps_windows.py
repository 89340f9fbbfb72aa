"""Windows app adapters: the foreground window's process, and packaged apps' own ids.

The foreground window belongs to the desktop of the caller's own session: user32 answers only
inside it. The service runs as LocalSystem in session 0 and so sees no foreground app at all
(None); the tray's process, inside the session, is where the answer comes from. UWP apps draw
inside a frame window owned by ApplicationFrameHost.exe; the app's own process owns a child of
that frame (its Windows.UI.Core.CoreWindow), found with EnumChildWindows.

App ids are the AppUserModelID and the package family name of packaged apps (Store, MSIX),
read with GetApplicationUserModelId and GetPackageFamilyName (Windows 8 and later). All calls go
through `AppsWin32`, which loads the DLLs on first use, so this module imports on any OS and the
tests hand it fake DLL functions. docs/platforms.md ("App rules") says what was verified.
"""

from __future__ import annotations

import ctypes
import logging
import time
from collections.abc import Callable
from typing import Any

from guardian.platform.base import SessionInfo
from guardian.platform.processes import ProtectedPids, protected_pids
from guardian.platform.win32 import BOOL, DWORD, HANDLE, LONG, LPWSTR, Win32Error, Win32Functions

# Fixed widths as in the Windows headers (DWORD, BOOL and the others are in win32.py).
UINT32 = ctypes.c_uint32
HWND = ctypes.c_void_p
LPARAM = ctypes.c_ssize_t

WINFUNCTYPE: Any = getattr(ctypes, "WINFUNCTYPE", ctypes.CFUNCTYPE)
"""Callbacks are stdcall on 32-bit Windows; elsewhere (x64, and the tests) there is one ABI."""
WNDENUMPROC = WINFUNCTYPE(BOOL, HWND, LPARAM)

PROCESS_QUERY_LIMITED_INFORMATION = 0x1000
ERROR_SUCCESS = 0
ERROR_INSUFFICIENT_BUFFER = 122
APPMODEL_ERROR_NO_PACKAGE = 15700
APPMODEL_ERROR_NO_APPLICATION = 15703
APPLICATION_USER_MODEL_ID_MAX_LENGTH = 130
PACKAGE_FAMILY_NAME_MAX_LENGTH = 65
MAX_PATH_CHARS = 32768
SERVICES_SESSION = 0
FRAME_HOST = "applicationframehost.exe"
"""The process that draws the frames of UWP apps; the app itself owns a child window."""

SERVICE_ACCOUNTS = frozenset({"system", "local service", "network service"})
SERVICE_DOMAINS = frozenset({"nt authority", "nt service", "window manager", "font driver host"})
"""NT AUTHORITY (SYSTEM and the service accounts), per-service virtual accounts, and the
DWM and font driver accounts: none of these runs a person's programs."""

_log = logging.getLogger(__name__)


class AppsWin32(Win32Functions):
    """The user32 and kernel32 functions the app adapter calls, with their documented types.

    Tests pass `load` returning fake DLLs whose functions behave as Windows' do.
    """

    def foreground_window(self) -> int:
        """The window with the keyboard focus on this session's desktop; 0 when there is none."""
        return int(self._function("user32", "GetForegroundWindow", HWND)() or 0)

    def window_pid(self, window: int) -> int:
        """The id of the process that created a window (GetWindowThreadProcessId); 0 if gone."""
        get_pid = self._function(
            "user32", "GetWindowThreadProcessId", DWORD, HWND, ctypes.POINTER(DWORD)
        )
        pid = DWORD()
        if not get_pid(window, ctypes.byref(pid)):
            return 0
        return int(pid.value)

    def child_windows(self, window: int) -> list[int]:
        """The child windows of a window, recursively (EnumChildWindows)."""
        enumerate_children = self._function(
            "user32", "EnumChildWindows", BOOL, HWND, WNDENUMPROC, LPARAM
        )
        found: list[int] = []

        def collect(child: int | None, _param: int) -> int:
            if child:
                found.append(int(child))
            return 1

        # The return value is unused by the documentation's own account; an empty list is fine.
        enumerate_children(window, WNDENUMPROC(collect), 0)
        return found

    def open_process(self, pid: int) -> int:
        """A handle with PROCESS_QUERY_LIMITED_INFORMATION, which any process grants its owner."""
        open_process = self._function("kernel32", "OpenProcess", HANDLE, DWORD, BOOL, DWORD)
        handle = open_process(PROCESS_QUERY_LIMITED_INFORMATION, False, pid)
        if not handle:
            raise self._failed("OpenProcess")
        return int(handle)

    def close_handle(self, handle: int) -> None:
        """Close a handle (CloseHandle)."""
        self._function("kernel32", "CloseHandle", BOOL, HANDLE)(handle)

    def image_path(self, handle: int) -> str:
        """The full path of a process's executable (QueryFullProcessImageNameW)."""
        query = self._function(
            "kernel32",
            "QueryFullProcessImageNameW",
            BOOL,
            HANDLE,
            DWORD,
            LPWSTR,
            ctypes.POINTER(DWORD),
        )
        buffer = ctypes.create_unicode_buffer(MAX_PATH_CHARS)
        size = DWORD(MAX_PATH_CHARS)
        if not query(handle, 0, buffer, ctypes.byref(size)):
            raise self._failed("QueryFullProcessImageNameW")
        return buffer.value

    def app_user_model_id(self, handle: int) -> str | None:
        """The AppUserModelID of a packaged app's process; None for an unpackaged one."""
        return self._package_string(
            "GetApplicationUserModelId",
            handle,
            APPLICATION_USER_MODEL_ID_MAX_LENGTH,
            APPMODEL_ERROR_NO_APPLICATION,
        )

    def package_family_name(self, handle: int) -> str | None:
        """The package family name of a packaged app's process; None for an unpackaged one."""
        return self._package_string(
            "GetPackageFamilyName",
            handle,
            PACKAGE_FAMILY_NAME_MAX_LENGTH,
            APPMODEL_ERROR_NO_PACKAGE,
        )

    def _package_string(self, name: str, handle: int, length: int, none: int) -> str | None:
        """Call a `LONG f(HANDLE, UINT32 *length, PWSTR buffer)` app-model function.

        ERROR_INSUFFICIENT_BUFFER sets `length` to the size needed (with the NUL): call again.
        """
        function = self._function(
            "kernel32", name, LONG, HANDLE, ctypes.POINTER(UINT32), ctypes.c_void_p
        )
        for _attempt in range(3):
            size = UINT32(length)
            buffer = ctypes.create_unicode_buffer(length)
            status = int(function(handle, ctypes.byref(size), buffer))
            if status == ERROR_SUCCESS:
                return buffer.value or None
            if status in {none, APPMODEL_ERROR_NO_PACKAGE, APPMODEL_ERROR_NO_APPLICATION}:
                return None
            if status != ERROR_INSUFFICIENT_BUFFER or size.value <= length:
                raise Win32Error(f"{name} failed: {self._describe(status)} (error {status})")
            length = int(size.value)
        raise Win32Error(f"{name} kept asking for a larger buffer")


def process_owned_by(process_user: str, session_user: str) -> bool:
    """Whether a process psutil reports as `process_user` ("DOMAIN\\name") is the session user's.

    Names compare case-insensitively, after the backslash; when the session's user has a domain
    too ("DOMAIN\\name"), the domains must match as well. System and service accounts never do.
    """
    domain, _, name = process_user.rpartition("\\")
    target_domain, _, target = session_user.rpartition("\\")
    if not name or not target:
        return False
    if domain.casefold() in SERVICE_DOMAINS or name.casefold() in SERVICE_ACCOUNTS:
        return False
    if target.casefold() in SERVICE_ACCOUNTS:
        return False
    if target_domain and domain.casefold() != target_domain.casefold():
        return False
    return name.casefold() == target.casefold()


class WindowsApps:
    """AppPlatform for Windows: the foreground window inside the caller's own session,
    AppUserModelIDs and package families, and ownership by account name."""

    def __init__(
        self,
        api: AppsWin32 | None = None,
        *,
        protected: Callable[[], frozenset[int]] = protected_pids,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._api = api or AppsWin32()
        self._protected_pids = ProtectedPids(protected, monotonic)

    def foreground_pid(self, session: SessionInfo) -> int | None:
        """The foreground window's process when this process shares the session's desktop.

        A service in session 0 sees no user's desktop, and user32 in one session says nothing
        about another: both answer None.
        """
        try:
            own = self._api.own_session()
            if own == SERVICES_SESSION or str(own) != session.id:
                return None
            window = self._api.foreground_window()
            if not window:
                return None
            pid = self._api.window_pid(window)
            if not pid:
                return None
            if self._is_frame_host(pid):
                return self._framed_app(window, pid)
            return pid
        except (Win32Error, OSError) as exc:
            _log.debug("No foreground app: %s", exc)
            return None

    def app_ids(self, pid: int, exe: str) -> tuple[str, ...]:
        """The AppUserModelID and package family name of a packaged app; empty otherwise."""
        try:
            handle = self._api.open_process(pid)
        except (Win32Error, OSError):
            return ()
        ids: list[str] = []
        try:
            for read in (self._api.app_user_model_id, self._api.package_family_name):
                try:
                    value = read(handle)
                except (Win32Error, OSError) as exc:
                    _log.debug("No app id for pid %d: %s", pid, exc)
                    continue
                if value:
                    ids.append(value)
        finally:
            self._api.close_handle(handle)
        return tuple(dict.fromkeys(ids))

    def owns(self, session: SessionInfo, pid: int, uids: tuple[int, ...], username: str) -> bool:
        """Whether the process runs as the session's user (never a system or service account,
        never Guardian itself or its parents); Windows has no uids, so `uids` is unused."""
        if pid in self._protected_pids():
            return False
        return process_owned_by(username, session.user)

    def _is_frame_host(self, pid: int) -> bool:
        handle = self._api.open_process(pid)
        try:
            path = self._api.image_path(handle)
        finally:
            self._api.close_handle(handle)
        return path.replace("/", "\\").rsplit("\\", 1)[-1].casefold() == FRAME_HOST

    def _framed_app(self, frame: int, host_pid: int) -> int:
        """The UWP app inside ApplicationFrameHost's frame: the owner of a child not the host's."""
        for child in self._api.child_windows(frame):
            pid = self._api.window_pid(child)
            if pid and pid != host_pid:
                return pid
        # A suspended or closing app leaves only the frame: the host is all there is.
        return host_pid
