"""The focused window's process on a real X server (run by `make test-xvfb`).

The test plays the window manager: it creates windows, gives them `_NET_WM_PID` and points the
root's `_NET_ACTIVE_WINDOW` at one, as an EWMH window manager does, then reads them back through
`X11Foreground`. One test also kills its own Xvfb under an open connection and starts it again.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from guardian.platform.apps_linux import (
    REOPEN_AFTER_SECONDS,
    LinuxApps,
    SessionDisplays,
    X11Foreground,
    Xlib,
)
from guardian.platform.base import SessionInfo

pytestmark = [
    pytest.mark.xvfb,
    pytest.mark.skipif(not os.environ.get("DISPLAY"), reason="needs an X display (Xvfb)"),
]

XA_CARDINAL = 6
XA_WINDOW = 33
PROP_MODE_REPLACE = 0


class WindowManager:
    """Just enough of an EWMH window manager: windows with pids, and the active window."""

    def __init__(self, display: str) -> None:
        self.x = ctypes.CDLL(ctypes.util.find_library("X11") or "libX11.so.6")
        self.x.XOpenDisplay.restype = ctypes.c_void_p
        self.x.XOpenDisplay.argtypes = [ctypes.c_char_p]
        self.x.XDefaultRootWindow.restype = ctypes.c_ulong
        self.x.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
        self.x.XInternAtom.restype = ctypes.c_ulong
        self.x.XInternAtom.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int]
        self.x.XCreateSimpleWindow.restype = ctypes.c_ulong
        self.x.XCreateSimpleWindow.argtypes = [
            ctypes.c_void_p,
            ctypes.c_ulong,
            ctypes.c_int,
            ctypes.c_int,
            ctypes.c_uint,
            ctypes.c_uint,
            ctypes.c_uint,
            ctypes.c_ulong,
            ctypes.c_ulong,
        ]
        self.x.XChangeProperty.argtypes = [
            ctypes.c_void_p,
            ctypes.c_ulong,
            ctypes.c_ulong,
            ctypes.c_ulong,
            ctypes.c_int,
            ctypes.c_int,
            ctypes.c_void_p,
            ctypes.c_int,
        ]
        self.x.XDestroyWindow.argtypes = [ctypes.c_void_p, ctypes.c_ulong]
        self.x.XSync.argtypes = [ctypes.c_void_p, ctypes.c_int]
        self.x.XCloseDisplay.argtypes = [ctypes.c_void_p]
        self.display = self.x.XOpenDisplay(display.encode())
        assert self.display, f"cannot open {display}"
        self.root = self.x.XDefaultRootWindow(self.display)

    def window(self, pid: int | None) -> int:
        window = int(self.x.XCreateSimpleWindow(self.display, self.root, 0, 0, 10, 10, 0, 0, 0))
        if pid is not None:
            self._set(window, "_NET_WM_PID", XA_CARDINAL, pid)
        self.x.XSync(self.display, False)
        return window

    def activate(self, window: int) -> None:
        self._set(self.root, "_NET_ACTIVE_WINDOW", XA_WINDOW, window)
        self.x.XSync(self.display, False)

    def destroy(self, window: int) -> None:
        self.x.XDestroyWindow(self.display, window)
        self.x.XSync(self.display, False)

    def close(self) -> None:
        self.x.XCloseDisplay(self.display)

    def _set(self, window: int, name: str, kind: int, value: int) -> None:
        atom = self.x.XInternAtom(self.display, name.encode(), False)
        data = (ctypes.c_long * 1)(value)
        self.x.XChangeProperty(self.display, window, atom, kind, 32, PROP_MODE_REPLACE, data, 1)


@pytest.fixture
def wm() -> Iterator[WindowManager]:
    manager = WindowManager(os.environ["DISPLAY"])
    yield manager
    manager.close()


def _session(uid: int, session_id: str = "c1") -> SessionInfo:
    return SessionInfo(session_id, "kid", uid, active=True, locked=False, idle_seconds=None)


class FakeMonotonic:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_the_active_windows_pid_is_the_foreground_app(wm: WindowManager) -> None:
    own = SessionDisplays(environ=dict(os.environ))
    foreground = X11Foreground(own)
    me = _session(os.getuid())
    first, second, anonymous = wm.window(4321), wm.window(98765), wm.window(None)
    try:
        wm.activate(first)
        assert foreground.foreground_pid(me) == 4321
        wm.activate(second)
        assert foreground.foreground_pid(me) == 98765
        wm.activate(anonymous)
        assert foreground.foreground_pid(me) is None
        wm.activate(0)
        assert foreground.foreground_pid(me) is None
        # A window destroyed while still named active: BadWindow must not end the process.
        gone = wm.window(555)
        wm.activate(gone)
        wm.destroy(gone)
        assert foreground.foreground_pid(me) is None
        wm.activate(first)
        assert foreground.foreground_pid(me) == 4321
        # Through the adapter, with a real window of this very process.
        wm.activate(wm.window(os.getpid()))
        apps = LinuxApps(lambda: range(1000, 60001), foreground)
        assert apps.foreground_pid(me) == os.getpid()
    finally:
        foreground.close()


def test_wayland_only_and_displayless_sessions_answer_none() -> None:
    me = _session(os.getuid())
    wayland = X11Foreground(SessionDisplays(environ={"WAYLAND_DISPLAY": "wayland-0"}))
    assert wayland.foreground_pid(me) is None
    nowhere = X11Foreground(SessionDisplays(environ={"DISPLAY": ":987"}))
    assert nowhere.foreground_pid(me) is None


@pytest.mark.skipif(os.geteuid() != 0, reason="reading another user's environment needs root")
def test_the_root_service_finds_the_users_display_and_cookie_in_proc(
    wm: WindowManager, monkeypatch: pytest.MonkeyPatch
) -> None:
    display = os.environ["DISPLAY"]
    cookie = os.environ.get("XAUTHORITY")
    env = {"DISPLAY": display, "XDG_SESSION_ID": "c7", "HOME": "/nonexistent"}
    if cookie:
        env["XAUTHORITY"] = cookie
    kid_uid = 4242
    # A process of the kid's session, as the kid: its environment tells where the desktop is.
    child = subprocess.Popen(["sleep", "60"], user=kid_uid, env=env)
    try:
        # Without the kid's cookie in this process's own environment the display refuses us
        # (when it uses cookies at all): the service must take XAUTHORITY from the kid's process.
        monkeypatch.delenv("XAUTHORITY", raising=False)
        monkeypatch.delenv("DISPLAY", raising=False)
        foreground = X11Foreground(SessionDisplays(own_uid=0, environ={}))
        wm.activate(wm.window(child.pid))
        deadline = time.monotonic() + 5
        while (pid := foreground.foreground_pid(_session(kid_uid, "c7"))) is None:
            assert time.monotonic() < deadline, "the kid's display was not found"
            time.sleep(0.05)
        assert pid == child.pid
        assert "XAUTHORITY" not in os.environ
        foreground.close()
    finally:
        child.kill()
        child.wait()


# --- a server that dies under an open connection ------------------------------------------


def _start_xvfb(number: int | None = None) -> tuple[subprocess.Popen[bytes], int]:
    xvfb = shutil.which("Xvfb")
    if xvfb is None:
        pytest.skip("Xvfb is not installed")
    common = ["-ac", "-nolisten", "tcp", "-screen", "0", "320x240x24"]
    if number is not None:
        server = subprocess.Popen([xvfb, f":{number}", *common], stderr=subprocess.DEVNULL)
        socket_path = Path(f"/tmp/.X11-unix/X{number}")
        deadline = time.monotonic() + 10
        while not socket_path.exists():
            assert time.monotonic() < deadline, "Xvfb did not start"
            time.sleep(0.05)
        time.sleep(0.2)
        return server, number
    read, write = os.pipe()
    server = subprocess.Popen(
        [xvfb, "-displayfd", str(write), *common], pass_fds=(write,), stderr=subprocess.DEVNULL
    )
    os.close(write)
    with os.fdopen(read) as pipe:
        return server, int(pipe.readline())


def _stop(server: subprocess.Popen[Any]) -> None:
    server.send_signal(signal.SIGTERM)
    server.wait(10)


def test_a_server_that_dies_and_comes_back_is_reconnected() -> None:
    server, number = _start_xvfb()
    clock = FakeMonotonic()
    display = f":{number}"
    foreground = X11Foreground(SessionDisplays(environ={"DISPLAY": display}), monotonic=clock)
    me = _session(os.getuid())
    try:
        wm = WindowManager(display)
        wm.activate(wm.window(2468))
        assert foreground.foreground_pid(me) == 2468
        wm.close()
        _stop(server)
        # The connection is dead: no answer, and above all this process is still here.
        assert foreground.foreground_pid(me) is None
        assert foreground.foreground_pid(me) is None
        server, _ = _start_xvfb(number)
        wm = WindowManager(display)
        wm.activate(wm.window(1357))
        clock.now += REOPEN_AFTER_SECONDS + 1
        assert foreground.foreground_pid(me) == 1357
        wm.close()
    finally:
        foreground.close()
        _stop(server)


def test_a_server_that_dies_during_a_request_does_not_end_the_process(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """No peek first: the request itself meets the closed socket and Xlib's I/O error path."""
    server, number = _start_xvfb()
    display = f":{number}"
    xlib = Xlib()
    xlib.lib()
    if not xlib.has_exit_handler:
        pytest.skip("this libX11 (before 1.7) ends the process on a lost connection")
    monkeypatch.setattr(xlib, "lost", lambda connection: connection.broken)
    foreground = X11Foreground(SessionDisplays(environ={"DISPLAY": display}), xlib)
    me = _session(os.getuid())
    try:
        wm = WindowManager(display)
        wm.activate(wm.window(8642))
        assert foreground.foreground_pid(me) == 8642
        wm.close()
        _stop(server)
        assert foreground.foreground_pid(me) is None
        assert foreground.foreground_pid(me) is None
    finally:
        foreground.close()
        if server.poll() is None:
            _stop(server)
