"""The caller's OS account from the socket: the real Linux call, macOS and Windows with fakes."""

from __future__ import annotations

import ctypes
import os
import pwd
import socket
import sys
from typing import Any

import pytest

from guardian.platform.peer import (
    LOCAL_PEERCRED,
    SOL_LOCAL,
    UCRED,
    XUCRED,
    PosixPeer,
    WindowsPeer,
)


@pytest.mark.skipif(sys.platform != "linux", reason="SO_PEERCRED is Linux's")
def test_linux_reads_the_real_peer() -> None:
    left, right = socket.socketpair(socket.AF_UNIX)
    with left, right:
        assert PosixPeer(macos=False).account(left.fileno()) == pwd.getpwuid(os.getuid()).pw_name
        left.fileno()  # the descriptor is still ours: the reader worked on a duplicate


def test_linux_layout_with_a_fake_call() -> None:
    calls: list[tuple[int, int, int, int]] = []

    def getsockopt(fd: int, level: int, option: int, size: int) -> bytes:
        calls.append((fd, level, option, size))
        return UCRED.pack(123, 1001, 1001)

    peer = PosixPeer(False, getsockopt, {1001: "kid"}.get)
    assert peer.account(9) == "kid"
    assert calls == [(9, socket.SOL_SOCKET, 17, UCRED.size)]


def test_macos_reads_xucred() -> None:
    def getsockopt(fd: int, level: int, option: int, size: int) -> bytes:
        assert (level, option, size) == (SOL_LOCAL, LOCAL_PEERCRED, XUCRED.size)
        return XUCRED.pack(0, 501, 1, 20, *([0] * 15))

    assert PosixPeer(True, getsockopt, {501: "kid"}.get).account(4) == "kid"


def test_unknown_peers_are_none() -> None:
    def failing(fd: int, level: int, option: int, size: int) -> bytes:
        raise OSError("not a socket")

    assert PosixPeer(False, failing, lambda uid: "x").account(4) is None
    future = XUCRED.pack(7, 501, 0, *([0] * 16))
    assert PosixPeer(True, lambda *a: future, lambda uid: "x").account(4) is None
    assert PosixPeer(False, lambda *a: UCRED.pack(1, 4242, 1), lambda uid: None).account(4) is None


def _set(arg: Any, value: int) -> None:
    arg._obj.value = value


class FakeKernel32:
    def __init__(self, pid: int | None) -> None:
        self.pid = pid
        self.closed: list[Any] = []

    def GetNamedPipeClientProcessId(self, handle: ctypes.c_void_p, pid: Any) -> int:
        assert handle.value == 77
        if self.pid is None:
            return 0
        _set(pid, self.pid)
        return 1

    def OpenProcess(self, access: int, inherit: bool, pid: int) -> int:
        assert (access, inherit, pid) == (0x1000, False, self.pid)
        return 500

    def CloseHandle(self, handle: Any) -> int:
        self.closed.append(getattr(handle, "value", handle))
        return 1


class FakeAdvapi32:
    def __init__(self, name: str) -> None:
        self.name = name
        self.sid = ctypes.create_string_buffer(b"SID")

    def OpenProcessToken(self, process: int, access: int, token: Any) -> int:
        assert (process, access) == (500, 0x0008)
        _set(token, 600)
        return 1

    def GetTokenInformation(
        self, token: Any, kind: int, buffer: Any, size: int, needed: Any
    ) -> int:
        assert kind == 1
        pointer_size = ctypes.sizeof(ctypes.c_void_p)
        if buffer is None:
            _set(needed, pointer_size * 2)
            return 0
        ctypes.c_void_p.from_buffer(buffer).value = ctypes.addressof(self.sid)
        return 1

    def LookupAccountSidW(
        self, system: None, sid: Any, name: Any, name_size: Any, *rest: Any
    ) -> int:
        assert sid.value == ctypes.addressof(self.sid)
        name.value = self.name
        return 1


def test_windows_names_the_pipe_client_and_closes_its_handles() -> None:
    kernel32 = FakeKernel32(pid=4321)
    assert WindowsPeer(kernel32, FakeAdvapi32("kid")).account(77) == "kid"
    assert sorted(kernel32.closed) == [500, 600]


def test_windows_unknown_client_is_none() -> None:
    assert WindowsPeer(FakeKernel32(pid=None), FakeAdvapi32("kid")).account(77) is None
