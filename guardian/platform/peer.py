"""Who is on the other end of a local socket, as the OS tells it (never as the client claims).

Linux reads SO_PEERCRED, macOS LOCAL_PEERCRED, Windows the named pipe's client process and that
process's token. The OS calls sit behind small classes that tests replace with fakes.
"""

from __future__ import annotations

import ctypes
import logging
import os
import socket
import struct
import sys
from collections.abc import Callable
from typing import Any, Protocol

log = logging.getLogger(__name__)

UCRED = struct.Struct("=iII")
"""Linux struct ucred: pid, uid, gid."""
XUCRED = struct.Struct("=IIh2x16I")
"""macOS struct xucred: version, uid, group count, 16 groups."""
SOL_LOCAL = 0
LOCAL_PEERCRED = 1
XUCRED_VERSION = 0
SO_PEERCRED = getattr(socket, "SO_PEERCRED", 17)


def _getsockopt(fd: int, level: int, option: int, size: int) -> bytes:
    # The descriptor belongs to the Qt socket: work on a duplicate so closing ours leaves it open.
    with socket.socket(fileno=os.dup(fd)) as sock:
        return sock.getsockopt(level, option, size)


def _user_name(uid: int) -> str | None:
    import pwd

    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return None


class PosixPeer:
    """Peer credentials of a Unix socket; `getsockopt` and `user_name` are injectable."""

    def __init__(
        self,
        macos: bool = sys.platform == "darwin",
        getsockopt: Callable[[int, int, int, int], bytes] = _getsockopt,
        user_name: Callable[[int], str | None] = _user_name,
    ) -> None:
        self._macos = macos
        self._getsockopt = getsockopt
        self._user_name = user_name

    def account(self, descriptor: int) -> str | None:
        """The OS account name of the connected peer, or None when the OS will not say."""
        try:
            if self._macos:
                raw = self._getsockopt(descriptor, SOL_LOCAL, LOCAL_PEERCRED, XUCRED.size)
                version, uid, *_ = XUCRED.unpack(raw[: XUCRED.size])
                if version != XUCRED_VERSION:
                    return None
            else:
                raw = self._getsockopt(descriptor, socket.SOL_SOCKET, SO_PEERCRED, UCRED.size)
                _pid, uid, _gid = UCRED.unpack(raw[: UCRED.size])
        except (OSError, struct.error) as exc:
            log.warning("cannot read the peer credentials of a client: %s", exc)
            return None
        return self._user_name(uid)


PROCESS_QUERY_LIMITED_INFORMATION = 0x1000
TOKEN_QUERY = 0x0008
TOKEN_USER_CLASS = 1
ERROR_INSUFFICIENT_BUFFER = 122


class WindowsPeer:
    """The account of a named pipe's client process; `kernel32` and `advapi32` are injectable.

    GetNamedPipeClientProcessId, then the process token's TokenUser SID, then LookupAccountSidW.
    """

    def __init__(self, kernel32: Any = None, advapi32: Any = None) -> None:
        if kernel32 is None or advapi32 is None:
            kernel32, advapi32 = _windows_dlls()
        self._kernel32 = kernel32
        self._advapi32 = advapi32

    def account(self, descriptor: int) -> str | None:
        """The account name (without its domain) of the pipe's client, or None."""
        pid = ctypes.c_ulong(0)
        handle = ctypes.c_void_p(descriptor)
        if not self._kernel32.GetNamedPipeClientProcessId(handle, ctypes.byref(pid)):
            log.warning("cannot read the client process of a pipe")
            return None
        process = self._kernel32.OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, False, pid.value)
        if not process:
            log.warning("cannot open client process %d", pid.value)
            return None
        try:
            return self._process_account(process)
        finally:
            self._kernel32.CloseHandle(process)

    def _process_account(self, process: Any) -> str | None:
        token = ctypes.c_void_p(0)
        if not self._advapi32.OpenProcessToken(process, TOKEN_QUERY, ctypes.byref(token)):
            return None
        try:
            size = ctypes.c_ulong(0)
            self._advapi32.GetTokenInformation(token, TOKEN_USER_CLASS, None, 0, ctypes.byref(size))
            if not size.value:
                return None
            buffer = ctypes.create_string_buffer(size.value)
            if not self._advapi32.GetTokenInformation(
                token, TOKEN_USER_CLASS, buffer, size.value, ctypes.byref(size)
            ):
                return None
            # TOKEN_USER starts with SID_AND_ATTRIBUTES, whose first member is the SID pointer.
            sid = ctypes.c_void_p.from_buffer(buffer).value
            return self._lookup(sid)
        finally:
            self._kernel32.CloseHandle(token)

    def _lookup(self, sid: int | None) -> str | None:
        name = ctypes.create_unicode_buffer(256)
        domain = ctypes.create_unicode_buffer(256)
        name_size, domain_size = ctypes.c_ulong(256), ctypes.c_ulong(256)
        use = ctypes.c_ulong(0)
        found = self._advapi32.LookupAccountSidW(
            None,
            ctypes.c_void_p(sid),
            name,
            ctypes.byref(name_size),
            domain,
            ctypes.byref(domain_size),
            ctypes.byref(use),
        )
        return name.value if found and name.value else None


def _windows_dlls() -> tuple[Any, Any]:
    windll: Any = getattr(ctypes, "windll", None)
    kernel32, advapi32 = windll.kernel32, windll.advapi32
    # Handles are pointer-sized: without this ctypes would cut them to 32 bits.
    kernel32.OpenProcess.restype = ctypes.c_void_p
    return kernel32, advapi32


class PeerIdentity(Protocol):
    """Names the OS account behind a connected socket descriptor."""

    def account(self, descriptor: int) -> str | None:
        """The account name, or None when it cannot be known."""
        ...


def own_account() -> str | None:
    """The account this process runs as, named as its peers would be (None on Windows, where
    the service's LocalSystem is no interactive account)."""
    if sys.platform == "win32":
        return None
    return _user_name(os.geteuid())


def current_peer_identity() -> PeerIdentity:
    """The identity reader for this OS, picked once."""
    if sys.platform == "win32":
        return WindowsPeer()
    return PosixPeer()
