"""The ctypes plumbing every Win32 caller shares: DLL loading, declared functions, errors.

`Win32Functions` loads the DLLs on first use and declares each function with its documented
types once, so the modules built on it import on any OS and tests hand them fake DLLs. This
module imports no other Windows adapter: windows.py and apps_windows.py both build on it.
"""

from __future__ import annotations

import ctypes
import functools
from collections.abc import Callable
from typing import Any

from guardian.platform.fallbacks import WayFailed

# Fixed widths as in the Windows headers; ctypes.wintypes uses C long, which is 8 bytes elsewhere.
DWORD = ctypes.c_uint32
LONG = ctypes.c_int32
BOOL = ctypes.c_int32
HANDLE = ctypes.c_void_p
LPWSTR = ctypes.c_wchar_p


class Win32Error(WayFailed):
    """A Win32 call failed; the message has the function, Windows' own words and the code."""


def windows_only(name: str) -> Any:
    """A ctypes attribute that exists only on Windows (typeshed hides these elsewhere)."""
    try:
        return getattr(ctypes, name)
    except AttributeError:
        raise Win32Error(f"ctypes.{name} does not exist: this is not Windows") from None


@functools.cache
def load_system_dll(name: str) -> Any:
    """A Windows DLL, loaded once, recording GetLastError after each call."""
    try:
        return windows_only("WinDLL")(name, use_last_error=True)
    except OSError as exc:
        raise Win32Error(f"{name}.dll could not be loaded: {exc}") from None


class Win32Functions:
    """Win32 functions declared once with their documented signatures, and their errors.

    DLLs are loaded on first use. Tests pass `load` returning fake DLLs whose functions behave
    as Windows' do, and their own `last_error` and `format_error`.
    """

    def __init__(
        self,
        load: Callable[[str], Any] = load_system_dll,
        *,
        last_error: Callable[[], int] | None = None,
        format_error: Callable[[int], str] | None = None,
    ) -> None:
        self._load = load
        self._last_error = last_error
        self._format_error = format_error
        self._functions: dict[tuple[str, str], Any] = {}

    def own_session(self) -> int:
        """The session this process runs in: ProcessIdToSessionId(GetCurrentProcessId())."""
        current_pid = self._function("kernel32", "GetCurrentProcessId", DWORD)
        to_session = self._function(
            "kernel32", "ProcessIdToSessionId", BOOL, DWORD, ctypes.POINTER(DWORD)
        )
        session = DWORD()
        if not to_session(current_pid(), ctypes.byref(session)):
            raise self._failed("ProcessIdToSessionId")
        return int(session.value)

    def _function(self, dll: str, name: str, restype: Any, *argtypes: Any) -> Any:
        key = (dll, name)
        function = self._functions.get(key)
        if function is None:
            try:
                function = getattr(self._load(dll), name)
            except AttributeError:
                # GetApplicationUserModelId and friends are missing before Windows 8.
                raise Win32Error(f"{dll}.dll has no {name} on this Windows") from None
            function.restype = restype
            function.argtypes = argtypes
            self._functions[key] = function
        return function

    def _error_code(self) -> int:
        read = self._last_error or windows_only("get_last_error")
        return int(read())

    def _describe(self, code: int) -> str:
        describe = self._format_error or windows_only("FormatError")
        return str(describe(code)).strip()

    def _failed(self, function: str) -> Win32Error:
        code = self._error_code()
        return Win32Error(f"{function} failed: {self._describe(code)} (error {code})")
