"""Linux app adapters: the focused window's process from X11, app ids from cgroups and Flatpak.

The focused window is the root window's `_NET_ACTIVE_WINDOW` (set by every EWMH window manager)
and that window's `_NET_WM_PID`, read through libX11 with ctypes. Wayland has no such query for
other programs, so a session without an X display answers None. App ids come from what the
launcher recorded: the systemd unit the desktop started the app in (systemd's desktop
environment convention), Flatpak's and snapd's own units, `/.flatpak-info` inside the sandbox
and `/snap/<name>/` paths. See docs/platforms.md ("App rules") for what was verified where.
"""

from __future__ import annotations

import ctypes
import functools
import logging
import os
import pwd
import re
import select
import socket
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from guardian.platform.base import SessionInfo
from guardian.platform.processes import ProtectedPids, protected_pids, uid_may_be_ended

PROC = Path("/proc")
SNAP_ROOTS = ("/snap/", "/var/lib/snapd/snap/")
"""Where snaps are mounted: Debian and Ubuntu, then Fedora and Arch."""
PEOPLE_CACHE_SECONDS = 60.0
REOPEN_AFTER_SECONDS = 10.0
"""How long a display that could not be opened is left alone before the next try."""
RESCAN_AFTER_SECONDS = 10.0
"""How long a session with no X display found in /proc waits before the next scan."""

XA_CARDINAL = 6
XA_WINDOW = 33
X_SUCCESS = 0
XEVENT_BYTES = 256
"""sizeof(XEvent) is 24 longs (192 bytes on 64-bit); room to spare."""

_log = logging.getLogger(__name__)

# --- app ids from cgroups, Flatpak and Snap ------------------------------------------------

_HEX_ESCAPE = re.compile(r"\\x([0-9a-fA-F]{2})")
_SNAP_UUID = re.compile(
    r"-[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"
)


def unescape_unit(text: str) -> str:
    """A unit name part with systemd's `\\xNN` escapes (a dash is `\\x2d`) decoded."""
    return _HEX_ESCAPE.sub(lambda match: chr(int(match.group(1), 16)), text)


def cgroup_unit(cgroup_text: str) -> str | None:
    """The innermost systemd unit (.scope or .service) of a process, from /proc/<pid>/cgroup.

    cgroup v2 has one line `0::/path`; v1 lists each hierarchy, where `name=systemd` holds the
    units. The innermost unit is the process's own: a terminal tab's `vte-spawn-….scope` inside
    `app-org.gnome.Terminal.slice` is not the terminal.
    """
    paths: list[str] = []
    for line in cgroup_text.splitlines():
        parts = line.split(":", 2)
        if len(parts) != 3:
            continue
        hierarchy, controllers, path = parts
        if hierarchy == "0" and controllers == "":
            paths.insert(0, path)
        elif controllers == "name=systemd":
            paths.append(path)
    for path in paths:
        for segment in reversed(path.split("/")):
            if segment.endswith((".scope", ".service")):
                return segment
    return None


def unit_app_ids(unit: str) -> tuple[str, ...]:
    """The app ids a systemd unit name carries.

    - desktop launchers (systemd's desktop environment convention):
      `app[-<launcher>]-<ApplicationID>-<RANDOM>.scope` and
      `app[-<launcher>]-<ApplicationID>[@<RANDOM>].service`, dashes inside the id escaped as
      `\\x2d`; the id is the desktop file id, e.g. "org.gnome.Chess"; the launcher "flatpak"
      means it is a Flatpak id;
    - snapd: `snap.<name>.<app>-<uuid>.scope`, `snap.<name>.<app>.scope` and
      `snap.<name>.<app>.service` (daemons); `<name>` may be an instance `name_key`.
    """
    if unit.startswith("snap."):
        return _snap_unit_ids(unit)
    if not unit.startswith("app-"):
        return ()
    body = unit[len("app-") :]
    if body.endswith(".scope"):
        body = body[: -len(".scope")]
        if "-" not in body:
            return ()
        body = body.rsplit("-", 1)[0]
    elif body.endswith(".service"):
        body = body[: -len(".service")].split("@", 1)[0]
        if body.endswith("-autostart"):
            body = body[: -len("-autostart")]
    else:
        return ()
    # Unescaped dashes separate the launcher (and a D-Bus name) from the id, which comes last.
    # A ".desktop" ending stays: it is part of real ids such as org.telegram.desktop.
    app_id = unescape_unit(body.rsplit("-", 1)[-1])
    return (app_id,) if app_id else ()


def _snap_unit_ids(unit: str) -> tuple[str, ...]:
    body = unit[len("snap.") :].rsplit(".", 1)[0]
    body = _SNAP_UUID.sub("", body)
    instance = body.split(".", 1)[0]
    return _snap_names(instance)


def _snap_names(instance: str) -> tuple[str, ...]:
    """A snap's name, and its instance name when it is a parallel install (`name_key`)."""
    if not instance:
        return ()
    name = instance.split("_", 1)[0]
    return (name,) if name == instance else (name, instance)


def snap_from_exe(exe: str) -> tuple[str, ...]:
    """The snap an executable belongs to, from its path under a snap mount."""
    for root in SNAP_ROOTS:
        if exe.startswith(root):
            instance = exe[len(root) :].split("/", 1)[0]
            if instance and instance not in {"bin", "core", "snapd"}:
                return _snap_names(instance)
    return ()


def flatpak_info_app(text: str) -> str | None:
    """The app id in a Flatpak sandbox's /.flatpak-info ([Application] name=)."""
    import configparser  # only Flatpak apps need it

    parser = configparser.ConfigParser(interpolation=None, strict=False)
    try:
        parser.read_string(text)
    except configparser.Error:
        return None
    name = parser.get("Application", "name", fallback="").strip()
    return name or None


def parse_environ(data: bytes) -> dict[str, str]:
    """A process's environment from /proc/<pid>/environ (NUL-separated KEY=value)."""
    found: dict[str, str] = {}
    for entry in data.split(b"\0"):
        key, equals, value = entry.partition(b"=")
        if equals and key:
            found[key.decode("utf-8", "surrogateescape")] = value.decode("utf-8", "surrogateescape")
    return found


def _dedupe(ids: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(i for i in ids if i))


# --- the X display of a session -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class XTarget:
    """Where a session's X server is and the cookie file that admits this process."""

    display: str
    xauthority: str | None
    """None: this process's own XAUTHORITY (or Xlib's default) applies."""


def x_target(
    environ: Mapping[str, str], home: str | None = None, *, foreign: bool = False
) -> XTarget | None:
    """The X display an environment points at; None without DISPLAY (Wayland only, or none).

    For another user's (`foreign`) environment without XAUTHORITY, Xlib would look in this
    process's own ~/.Xauthority, so the user's own (in their HOME, else `home`) is named.
    """
    display = environ.get("DISPLAY", "")
    if not display:
        return None
    xauthority = environ.get("XAUTHORITY") or None
    if xauthority is None and foreign:
        user_home = environ.get("HOME") or home
        if user_home:
            xauthority = str(Path(user_home) / ".Xauthority")
    return XTarget(display, xauthority)


@dataclass(slots=True)
class _Found:
    pid: int
    target: XTarget


class SessionDisplays:
    """Finds the X display of a session.

    Inside the session (standalone mode: the service runs in the user's tray) this process's own
    DISPLAY is right. The root service reads DISPLAY and XAUTHORITY from /proc/<pid>/environ of
    a process of the session's user, preferring one whose XDG_SESSION_ID is the session's; the
    process found is remembered and checked again on each call, so a scan is rare.
    """

    def __init__(
        self,
        *,
        proc: Path = PROC,
        own_uid: int | None = None,
        environ: Mapping[str, str] | None = None,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._proc = proc
        self._own_uid = os.getuid() if own_uid is None else own_uid
        self._environ = os.environ if environ is None else environ
        self._monotonic = monotonic
        self._found: dict[int, _Found] = {}
        self._missing_since: dict[int, float] = {}

    def target(self, session: SessionInfo) -> XTarget | None:
        """The session's X display, or None when it has none this process can find."""
        if session.uid is None or session.uid == self._own_uid:
            return x_target(self._environ)
        if self._own_uid != 0:
            return None
        return self._from_proc(session)

    def _from_proc(self, session: SessionInfo) -> XTarget | None:
        uid = session.uid
        assert uid is not None
        found = self._found.get(uid)
        if found is not None:
            environ = self._environ_of(found.pid, uid)
            if environ is not None:
                target = x_target(environ, _home_of(uid), foreign=True)
                if target is not None:
                    return target
            del self._found[uid]
        missing = self._missing_since.get(uid)
        if missing is not None and self._monotonic() - missing < RESCAN_AFTER_SECONDS:
            return None
        found = self._scan(uid, session.id)
        if found is None:
            self._missing_since[uid] = self._monotonic()
            return None
        self._missing_since.pop(uid, None)
        self._found[uid] = found
        return found.target

    def _scan(self, uid: int, session_id: str) -> _Found | None:
        fallback: _Found | None = None
        try:
            entries = list(os.scandir(self._proc))
        except OSError:
            return None
        for entry in entries:
            if not entry.name.isdigit():
                continue
            pid = int(entry.name)
            environ = self._environ_of(pid, uid)
            if environ is None:
                continue
            target = x_target(environ, _home_of(uid), foreign=True)
            if target is None:
                continue
            if environ.get("XDG_SESSION_ID") == session_id:
                return _Found(pid, target)
            if fallback is None:
                fallback = _Found(pid, target)
        return fallback

    def _environ_of(self, pid: int, uid: int) -> dict[str, str] | None:
        """The environment of `pid` when it runs as `uid`; None if gone or someone else's."""
        folder = self._proc / str(pid)
        try:
            if folder.stat().st_uid != uid:
                return None
            return parse_environ((folder / "environ").read_bytes())
        except OSError:
            return None


@functools.cache
def _home_of(uid: int) -> str | None:
    try:
        return pwd.getpwuid(uid).pw_dir
    except KeyError:
        return None


# --- libX11 through ctypes ------------------------------------------------------------------


class XErrorEvent(ctypes.Structure):
    """XErrorEvent: what Xlib hands the error handler."""

    _fields_ = [
        ("type", ctypes.c_int),
        ("display", ctypes.c_void_p),
        ("resourceid", ctypes.c_ulong),
        ("serial", ctypes.c_ulong),
        ("error_code", ctypes.c_ubyte),
        ("request_code", ctypes.c_ubyte),
        ("minor_code", ctypes.c_ubyte),
    ]


ERROR_HANDLER = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.POINTER(XErrorEvent))
IO_ERROR_HANDLER = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p)
IO_ERROR_EXIT_HANDLER = ctypes.CFUNCTYPE(None, ctypes.c_void_p, ctypes.c_void_p)


class XlibError(Exception):
    """libX11 could not be loaded."""


@functools.cache
def _load_libx11() -> Any:
    import ctypes.util  # runs ldconfig: only once, when a display is first looked at

    name = ctypes.util.find_library("X11") or "libX11.so.6"
    try:
        return ctypes.CDLL(name)
    except OSError as exc:
        raise XlibError(f"libX11 could not be loaded: {exc}") from None


@dataclass(slots=True)
class _Connection:
    display: int
    """The Display* address."""
    root: int
    atoms: dict[str, int] = field(default_factory=dict)
    broken: bool = False
    errors: int = 0
    """X protocol errors (BadWindow and the like) since the last reset."""


class Xlib:
    """The few libX11 calls Guardian makes, with error handlers that never end the process.

    Xlib's error handlers are process-wide. Guardian's own handler counts errors on its own
    displays and passes any other display's errors to the handler installed before it (Qt's,
    in the tray process). A lost connection calls the I/O error handler; Xlib then exits the
    process unless an exit handler (libX11 1.7 and later, `XSetIOErrorExitHandler`) returns,
    so each display gets one that marks the connection broken. With an older libX11 a server
    that dies in the middle of a request still ends the process; a connection whose socket is
    already closed is found before any request and dropped without touching it.
    """

    def __init__(self, load: Callable[[], Any] = _load_libx11) -> None:
        self._load = load
        self._lib: Any = None
        self._ours: dict[int, _Connection] = {}
        self._previous_error: Any = None
        self._previous_io: Any = None
        # Kept referenced for as long as Xlib may call them.
        self._error_callback = ERROR_HANDLER(self._on_error)
        self._io_callback = IO_ERROR_HANDLER(self._on_io_error)
        self._exit_callback = IO_ERROR_EXIT_HANDLER(self._on_io_exit)
        self.has_exit_handler = False

    def lib(self) -> Any:
        """libX11 with its functions declared and the handlers installed (once)."""
        if self._lib is None:
            lib = self._load()
            _declare(lib)
            self.has_exit_handler = hasattr(lib, "XSetIOErrorExitHandler")
            if self.has_exit_handler:
                lib.XSetIOErrorExitHandler.restype = None
                lib.XSetIOErrorExitHandler.argtypes = [
                    ctypes.c_void_p,
                    IO_ERROR_EXIT_HANDLER,
                    ctypes.c_void_p,
                ]
            with _handlers_lock:
                previous_error = lib.XSetErrorHandler(self._error_callback)
                previous_io = lib.XSetIOErrorHandler(self._io_callback)
                # Xlib may call them for the rest of the process's life, even after this
                # object is gone: collecting them would leave Xlib a dangling pointer.
                _installed_callbacks.append(
                    (self._error_callback, self._io_callback, self._exit_callback)
                )
            self._previous_error = ERROR_HANDLER(previous_error) if previous_error else None
            self._previous_io = IO_ERROR_HANDLER(previous_io) if previous_io else None
            self._lib = lib
        return self._lib

    def open(self, target: XTarget) -> _Connection | None:
        """Connect to a display, with the target's XAUTHORITY set for the call; None if refused."""
        lib = self.lib()
        with _environ_lock:
            saved = os.environ.get("XAUTHORITY")
            try:
                if target.xauthority is not None:
                    os.environ["XAUTHORITY"] = target.xauthority
                display = lib.XOpenDisplay(target.display.encode())
            finally:
                if target.xauthority is not None:
                    if saved is None:
                        os.environ.pop("XAUTHORITY", None)
                    else:
                        os.environ["XAUTHORITY"] = saved
        if not display:
            return None
        connection = _Connection(display, int(lib.XDefaultRootWindow(display)))
        self._ours[display] = connection
        if self.has_exit_handler:
            lib.XSetIOErrorExitHandler(display, self._exit_callback, None)
        return connection

    def close(self, connection: _Connection) -> None:
        """Close a connection; one whose server is gone is closed only where that is safe."""
        lib = self.lib()
        if connection.broken and not self.has_exit_handler:
            # Closing flushes to the server: an old Xlib would exit on the dead socket.
            self._ours.pop(connection.display, None)
            return
        lib.XCloseDisplay(connection.display)
        self._ours.pop(connection.display, None)

    def lost(self, connection: _Connection) -> bool:
        """Whether the server has closed the connection (end of file on its socket)."""
        if connection.broken:
            return True
        fd = int(self.lib().XConnectionNumber(connection.display))
        try:
            readable, _, _ = select.select([fd], [], [], 0)
            closed = bool(readable) and _peek_closed(fd)
        except (OSError, ValueError):
            closed = True
        if closed:
            connection.broken = True
        return closed

    def atom(self, connection: _Connection, name: str) -> int:
        """An existing atom's id; 0 when no client (no window manager) has created it."""
        atom = connection.atoms.get(name)
        if atom is None:
            atom = int(self.lib().XInternAtom(connection.display, name.encode(), True))
            if atom:
                connection.atoms[name] = atom
        return atom

    def cardinal(self, connection: _Connection, window: int, name: str, kind: int) -> int | None:
        """The first 32-bit item of a window property of type `kind`; None when unset."""
        atom = self.atom(connection, name)
        if not atom or connection.broken:
            return None
        lib = self.lib()
        actual_type = ctypes.c_ulong()
        actual_format = ctypes.c_int()
        items = ctypes.c_ulong()
        after = ctypes.c_ulong()
        data = ctypes.c_void_p()
        connection.errors = 0
        status = lib.XGetWindowProperty(
            connection.display,
            window,
            atom,
            0,
            1,
            False,
            kind,
            ctypes.byref(actual_type),
            ctypes.byref(actual_format),
            ctypes.byref(items),
            ctypes.byref(after),
            ctypes.byref(data),
        )
        try:
            if (
                status != X_SUCCESS
                or connection.errors
                or connection.broken
                or actual_type.value != kind
                or actual_format.value != 32
                or items.value < 1
                or not data.value
            ):
                return None
            # Format 32 items are C longs in memory, whatever the size of a long.
            return int(ctypes.cast(data, ctypes.POINTER(ctypes.c_ulong))[0])
        finally:
            if data.value:
                lib.XFree(data)

    def drain(self, connection: _Connection) -> None:
        """Drop queued events (MappingNotify is sent to every client) so the queue never grows."""
        if connection.broken:
            return
        lib = self.lib()
        event = ctypes.create_string_buffer(XEVENT_BYTES)
        while not connection.broken and lib.XPending(connection.display) > 0:
            lib.XNextEvent(connection.display, event)

    def _on_error(self, display: int | None, event: Any) -> int:
        try:
            connection = self._ours.get(display or 0)
            if connection is not None:
                connection.errors += 1
                return 0
            if self._previous_error is not None:
                return int(self._previous_error(display, event))
        except Exception:  # an exception must not cross into C
            _log.exception("X error handler failed")
        return 0

    def _on_io_error(self, display: int | None) -> int:
        try:
            connection = self._ours.get(display or 0)
            if connection is not None:
                connection.broken = True
                if not self.has_exit_handler:
                    _log.critical("The X connection broke and this libX11 ends the process")
                return 0
            if self._previous_io is not None:
                return int(self._previous_io(display))
        except Exception:
            _log.exception("X I/O error handler failed")
        return 0

    def _on_io_exit(self, display: int | None, _data: int | None) -> None:
        try:
            connection = self._ours.get(display or 0)
            if connection is not None:
                connection.broken = True
                _log.info("Lost the connection to an X display; it is reopened on the next call")
        except Exception:
            _log.exception("X I/O exit handler failed")


_environ_lock = threading.Lock()
"""Serialises changes of this process's XAUTHORITY around XOpenDisplay."""
_handlers_lock = threading.Lock()
_installed_callbacks: list[tuple[Any, Any, Any]] = []


def _peek_closed(fd: int) -> bool:
    """Whether a readable socket is at end of file, without taking any data from it."""
    duplicate = os.dup(fd)
    try:
        peek = socket.socket(fileno=duplicate)
    except OSError:
        os.close(duplicate)
        raise
    with peek:
        try:
            return peek.recv(1, socket.MSG_PEEK | socket.MSG_DONTWAIT) == b""
        except BlockingIOError:
            return False


def _declare(lib: Any) -> None:
    void_p, ulong, c_int = ctypes.c_void_p, ctypes.c_ulong, ctypes.c_int
    signatures: dict[str, tuple[Any, list[Any]]] = {
        "XOpenDisplay": (void_p, [ctypes.c_char_p]),
        "XCloseDisplay": (c_int, [void_p]),
        "XDefaultRootWindow": (ulong, [void_p]),
        "XInternAtom": (ulong, [void_p, ctypes.c_char_p, c_int]),
        "XGetWindowProperty": (
            c_int,
            [
                void_p,
                ulong,
                ulong,
                ctypes.c_long,
                ctypes.c_long,
                c_int,
                ulong,
                ctypes.POINTER(ulong),
                ctypes.POINTER(c_int),
                ctypes.POINTER(ulong),
                ctypes.POINTER(ulong),
                ctypes.POINTER(void_p),
            ],
        ),
        "XFree": (c_int, [void_p]),
        "XConnectionNumber": (c_int, [void_p]),
        "XPending": (c_int, [void_p]),
        "XNextEvent": (c_int, [void_p, ctypes.c_char_p]),
        "XSetErrorHandler": (void_p, [ERROR_HANDLER]),
        "XSetIOErrorHandler": (void_p, [IO_ERROR_HANDLER]),
    }
    for name, (restype, argtypes) in signatures.items():
        function = getattr(lib, name)
        function.restype = restype
        function.argtypes = argtypes


class X11Foreground:
    """The pid of the focused window: `_NET_ACTIVE_WINDOW` of the root, then its `_NET_WM_PID`.

    One connection per (display, XAUTHORITY) stays open; a broken one is reopened on the next
    call, and a display that refuses is tried again after REOPEN_AFTER_SECONDS. Two property
    reads per call, so it is cheap enough for every tick. `_NET_WM_PID` is what the client
    says about itself; a sandboxed (Flatpak) app reports its pid inside the sandbox.
    """

    def __init__(
        self,
        displays: SessionDisplays | None = None,
        xlib: Xlib | None = None,
        *,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._displays = displays or SessionDisplays()
        self._xlib = xlib or Xlib()
        self._monotonic = monotonic
        self._connections: dict[XTarget, _Connection] = {}
        self._refused: dict[XTarget, float] = {}
        self._lock = threading.Lock()

    def foreground_pid(self, session: SessionInfo) -> int | None:
        """The focused window's process id, or None (no X display, no window manager, errors)."""
        try:
            with self._lock:
                target = self._displays.target(session)
                return None if target is None else self._query(target)
        except XlibError as exc:
            _log.debug("No foreground app: %s", exc)
            return None
        except Exception:
            _log.exception("Reading the focused window failed")
            return None

    def close(self) -> None:
        """Close every open connection."""
        with self._lock:
            for connection in self._connections.values():
                self._xlib.close(connection)
            self._connections.clear()

    def _query(self, target: XTarget) -> int | None:
        connection = self._connection(target)
        if connection is None:
            return None
        window = self._xlib.cardinal(connection, connection.root, "_NET_ACTIVE_WINDOW", XA_WINDOW)
        pid = None
        if window:
            pid = self._xlib.cardinal(connection, window, "_NET_WM_PID", XA_CARDINAL)
        self._xlib.drain(connection)
        if connection.broken:
            self._drop(target)
            return None
        return pid if pid else None

    def _connection(self, target: XTarget) -> _Connection | None:
        connection = self._connections.get(target)
        if connection is not None:
            if not self._xlib.lost(connection):
                return connection
            self._drop(target)
        refused = self._refused.get(target)
        if refused is not None and self._monotonic() - refused < REOPEN_AFTER_SECONDS:
            return None
        connection = self._xlib.open(target)
        if connection is None:
            self._refused[target] = self._monotonic()
            _log.debug("X display %s refused the connection", target.display)
            return None
        self._refused.pop(target, None)
        self._connections[target] = connection
        return connection

    def _drop(self, target: XTarget) -> None:
        connection = self._connections.pop(target, None)
        if connection is not None:
            connection.broken = True
            self._xlib.close(connection)


# --- the adapter ----------------------------------------------------------------------------


class LinuxApps:
    """AppPlatform for Linux: X11 foreground, cgroup/Flatpak/Snap app ids, uid-based ownership."""

    def __init__(
        self,
        people: Callable[[], range],
        foreground: X11Foreground | None = None,
        *,
        proc: Path = PROC,
        protected: Callable[[], frozenset[int]] = protected_pids,
        by_name: Callable[[str], pwd.struct_passwd] = pwd.getpwnam,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._people = people
        self._foreground = foreground or X11Foreground()
        self._proc = proc
        self._protected_pids = ProtectedPids(protected, monotonic)
        self._by_name = by_name
        self._monotonic = monotonic
        self._people_cache: tuple[float, range] | None = None

    def foreground_pid(self, session: SessionInfo) -> int | None:
        """The process of the focused X11 window; None on Wayland-only sessions or any error."""
        return self._foreground.foreground_pid(session)

    def app_ids(self, pid: int, exe: str) -> tuple[str, ...]:
        """Flatpak id, Snap name and desktop file id of a process; empty when it has none."""
        ids: list[str] = []
        folder = self._proc / str(pid)
        try:
            unit = cgroup_unit((folder / "cgroup").read_text(errors="replace"))
        except OSError:
            unit = None
        if unit is not None:
            ids.extend(unit_app_ids(unit))
        try:
            info = (folder / "root" / ".flatpak-info").read_text(errors="replace")
        except OSError:
            info = None
        if info is not None:
            app = flatpak_info_app(info)
            if app:
                ids.append(app)
        ids.extend(snap_from_exe(exe))
        return _dedupe(ids)

    def owns(self, session: SessionInfo, pid: int, uids: tuple[int, ...], username: str) -> bool:
        """Whether the process runs wholly as the session's person (never root, never set-uid)."""
        try:
            if pid in self._protected_pids():
                return False
            uid = session.uid
            if uid is None:
                uid = self._by_name(session.user).pw_uid
            return uid_may_be_ended(uids, uid, self._people_range())
        except (KeyError, OSError):
            return False

    def _people_range(self) -> range:
        now = self._monotonic()
        if self._people_cache is None or now - self._people_cache[0] > PEOPLE_CACHE_SECONDS:
            self._people_cache = (now, self._people())
        return self._people_cache[1]
