"""Windows app adapter on Linux: AppsWin32 against fake user32 and kernel32 exports behind the
documented C prototypes, and the adapter's choices (session 0, UWP frames, ownership)."""

from __future__ import annotations

import ctypes
from typing import Any

import pytest

from guardian.platform.apps_windows import (
    APPMODEL_ERROR_NO_APPLICATION,
    APPMODEL_ERROR_NO_PACKAGE,
    ERROR_INSUFFICIENT_BUFFER,
    ERROR_SUCCESS,
    HWND,
    PROCESS_QUERY_LIMITED_INFORMATION,
    UINT32,
    WNDENUMPROC,
    AppsWin32,
    WindowsApps,
    process_owned_by,
)
from guardian.platform.base import SessionInfo
from guardian.platform.win32 import BOOL, DWORD, HANDLE, LONG
from tests.guardian.platform.fakes import FakeLibrary, write_wide

P = ctypes.POINTER
KID = SessionInfo("1", "kid", None, active=True, locked=False, idle_seconds=None)
CALCULATOR_AUMID = "Microsoft.WindowsCalculator_8wekyb3d8bbwe!App"
CALCULATOR_FAMILY = "Microsoft.WindowsCalculator_8wekyb3d8bbwe"


class FakeWindows:
    """A desktop: windows owned by pids, processes with images and package identities."""

    def __init__(self, session: int = 1) -> None:
        self.calls: list[tuple[Any, ...]] = []
        self.session: int | None = session
        self.foreground = 0
        self.owners: dict[int, int] = {}
        self.children: dict[int, list[int]] = {}
        self.images: dict[int, str] = {}
        self.aumids: dict[int, str] = {}
        self.families: dict[int, str] = {}
        self.closed: list[int] = []
        self.user32 = FakeLibrary(self.calls)
        self.kernel32 = FakeLibrary(self.calls)
        self.user32.add("GetForegroundWindow", lambda: self.foreground, HWND)
        self.user32.add("GetWindowThreadProcessId", self._window_pid, DWORD, HWND, P(DWORD))
        self.user32.add(
            "EnumChildWindows", self._enumerate, BOOL, HWND, WNDENUMPROC, ctypes.c_ssize_t
        )
        self.kernel32.add("GetCurrentProcessId", lambda: 4000, DWORD)
        self.kernel32.add("ProcessIdToSessionId", self._to_session, BOOL, DWORD, P(DWORD))
        self.kernel32.add("OpenProcess", self._open, HANDLE, DWORD, BOOL, DWORD)
        self.kernel32.add("CloseHandle", self._close, BOOL, HANDLE)
        self.kernel32.add(
            "QueryFullProcessImageNameW",
            self._image,
            BOOL,
            HANDLE,
            DWORD,
            ctypes.c_void_p,
            P(DWORD),
        )
        self.kernel32.add(
            "GetApplicationUserModelId",
            lambda handle, length, buffer: self._package_string(
                self.aumids, handle, length, buffer, APPMODEL_ERROR_NO_APPLICATION
            ),
            LONG,
            HANDLE,
            P(UINT32),
            ctypes.c_void_p,
        )
        self.kernel32.add(
            "GetPackageFamilyName",
            lambda handle, length, buffer: self._package_string(
                self.families, handle, length, buffer, APPMODEL_ERROR_NO_PACKAGE
            ),
            LONG,
            HANDLE,
            P(UINT32),
            ctypes.c_void_p,
        )

    def api(self) -> AppsWin32:
        libraries = {"user32": self.user32, "kernel32": self.kernel32}
        return AppsWin32(
            lambda name: libraries[name],
            last_error=lambda: 5,
            format_error=lambda code: "Access is denied.",
        )

    def apps(self) -> WindowsApps:
        return WindowsApps(self.api(), protected=lambda: frozenset({4000, 3000}))

    def names(self) -> list[str]:
        return [call[0] for call in self.calls]

    def _window_pid(self, window: int | None, pid: Any) -> int:
        owner = self.owners.get(window or 0)
        if owner is None:
            return 0
        pid[0] = owner
        return 77  # the thread id

    def _enumerate(self, window: int | None, callback: Any, param: int) -> int:
        for child in self.children.get(window or 0, []):
            if not callback(child, param):
                break
        return 1

    def _to_session(self, pid: int, session: Any) -> int:
        assert pid == 4000
        if self.session is None:
            return 0
        session[0] = self.session
        return 1

    def _open(self, access: int, inherit: int, pid: int) -> int:
        assert access == PROCESS_QUERY_LIMITED_INFORMATION
        assert not inherit
        return 0x10000 + pid if pid in self.images else 0

    def _close(self, handle: int | None) -> int:
        self.closed.append(handle or 0)
        return 1

    def _image(self, handle: int | None, flags: int, buffer: int | None, size: Any) -> int:
        path = self.images[(handle or 0) - 0x10000]
        assert buffer is not None
        write_wide(buffer, size[0], path)
        size[0] = len(path)
        return 1

    def _package_string(
        self, table: dict[int, str], handle: int | None, length: Any, buffer: int | None, none: int
    ) -> int:
        value = table.get((handle or 0) - 0x10000)
        if value is None:
            return none
        if length[0] < len(value) + 1:
            length[0] = len(value) + 1
            return ERROR_INSUFFICIENT_BUFFER
        assert buffer is not None
        write_wide(buffer, length[0], value)
        length[0] = len(value) + 1
        return ERROR_SUCCESS


def test_the_foreground_windows_process_inside_the_own_session() -> None:
    windows = FakeWindows(session=1)
    windows.foreground = 0x100
    windows.owners[0x100] = 400
    windows.images[400] = r"C:\Windows\System32\notepad.exe"
    assert windows.apps().foreground_pid(KID) == 400
    assert 0x10000 + 400 in windows.closed


def test_a_service_in_session_0_or_another_session_sees_no_desktop() -> None:
    for own in (0, 2):
        windows = FakeWindows(session=own)
        windows.foreground = 0x100
        windows.owners[0x100] = 400
        assert windows.apps().foreground_pid(KID) is None
        assert "GetForegroundWindow" not in windows.names()
    failing = FakeWindows(session=None)
    assert failing.apps().foreground_pid(KID) is None


def test_no_foreground_window_or_a_vanished_one_answers_none() -> None:
    windows = FakeWindows()
    assert windows.apps().foreground_pid(KID) is None
    windows.foreground = 0x300  # owned by nobody any more
    assert windows.apps().foreground_pid(KID) is None
    # A process this account may not open cannot be checked for a frame: no answer, no error.
    windows.owners[0x300] = 999
    assert windows.apps().foreground_pid(KID) is None


def test_a_uwp_app_is_found_inside_the_frame_hosts_window() -> None:
    windows = FakeWindows()
    windows.foreground = 0x200
    windows.owners.update({0x200: 500, 0x201: 500, 0x202: 600})
    windows.children[0x200] = [0x201, 0x202]
    windows.images[500] = r"C:\Windows\System32\ApplicationFrameHost.exe"
    assert windows.apps().foreground_pid(KID) == 600
    # A suspended app leaves only the frame's own children.
    windows.children[0x200] = [0x201]
    assert windows.apps().foreground_pid(KID) == 500


def test_packaged_apps_have_an_app_user_model_id_and_a_family() -> None:
    windows = FakeWindows()
    windows.images[700] = r"C:\Program Files\WindowsApps\Calc\CalculatorApp.exe"
    windows.aumids[700] = CALCULATOR_AUMID
    windows.families[700] = CALCULATOR_FAMILY
    windows.images[701] = r"C:\Program Files\Mozilla Firefox\firefox.exe"
    apps = windows.apps()
    assert apps.app_ids(700, windows.images[700]) == (CALCULATOR_AUMID, CALCULATOR_FAMILY)
    assert apps.app_ids(701, windows.images[701]) == ()
    assert apps.app_ids(702, "") == ()  # OpenProcess refused
    assert windows.closed.count(0x10000 + 700) == 1
    assert windows.closed.count(0x10000 + 701) == 1


def test_a_long_id_is_read_again_with_the_size_windows_asks_for() -> None:
    windows = FakeWindows()
    long_id = "Contoso." + "x" * 200 + "_8wekyb3d8bbwe!App"
    windows.images[800] = r"C:\app.exe"
    windows.aumids[800] = long_id
    assert windows.apps().app_ids(800, "") == (long_id,)
    assert windows.names().count("GetApplicationUserModelId") == 2


def test_windows_without_the_app_model_functions_gives_no_ids() -> None:
    windows = FakeWindows()
    windows.images[900] = r"C:\app.exe"
    del windows.kernel32.GetApplicationUserModelId
    del windows.kernel32.GetPackageFamilyName
    assert windows.apps().app_ids(900, "") == ()
    assert windows.closed == [0x10000 + 900]


def test_not_windows_at_all_gives_nothing() -> None:
    apps = WindowsApps(AppsWin32())
    assert apps.foreground_pid(KID) is None
    assert apps.app_ids(1, "") == ()


@pytest.mark.parametrize(
    ("process_user", "session_user", "owned"),
    [
        ("DESKTOP-1\\kid", "kid", True),
        ("DESKTOP-1\\Kid", "KID", True),
        ("kid", "kid", True),
        ("DESKTOP-1\\sibling", "kid", False),
        ("CORP\\kid", "DESKTOP-1\\kid", False),
        ("desktop-1\\kid", "DESKTOP-1\\kid", True),
        ("NT AUTHORITY\\SYSTEM", "kid", False),
        ("NT AUTHORITY\\LOCAL SERVICE", "kid", False),
        ("NT AUTHORITY\\NETWORK SERVICE", "kid", False),
        ("NT SERVICE\\TrustedInstaller", "kid", False),
        ("Window Manager\\DWM-1", "kid", False),
        ("Font Driver Host\\UMFD-1", "kid", False),
        ("NT AUTHORITY\\SYSTEM", "SYSTEM", False),
        ("DESKTOP-1\\system", "system", False),
        ("", "kid", False),
        ("DESKTOP-1\\kid", "", False),
    ],
)
def test_ownership_by_account_name(process_user: str, session_user: str, owned: bool) -> None:
    assert process_owned_by(process_user, session_user) is owned


def test_guardians_own_processes_are_never_owned() -> None:
    apps = FakeWindows().apps()
    assert apps.owns(KID, 1234, (), "DESKTOP-1\\kid")
    assert not apps.owns(KID, 4000, (), "DESKTOP-1\\kid")
    assert not apps.owns(KID, 3000, (), "DESKTOP-1\\kid")
    assert not apps.owns(KID, 1235, (), "NT AUTHORITY\\SYSTEM")
