"""Linux app adapter without a display: cgroup, Flatpak, Snap and environ parsing from fixture
files, finding a session's X display in a fake /proc, and the ownership rules."""

from __future__ import annotations

import os
import pwd
from pathlib import Path

import pytest

from guardian.platform.apps_linux import (
    RESCAN_AFTER_SECONDS,
    LinuxApps,
    SessionDisplays,
    X11Foreground,
    Xlib,
    XlibError,
    XTarget,
    cgroup_unit,
    flatpak_info_app,
    parse_environ,
    snap_from_exe,
    unit_app_ids,
    x_target,
)
from guardian.platform.base import SessionInfo

PEOPLE = range(1000, 60001)
USER_SLICE = "/user.slice/user-1000.slice/user@1000.service/app.slice"


class FakeMonotonic:
    def __init__(self) -> None:
        self.now = 500.0

    def __call__(self) -> float:
        return self.now


def _session(uid: int | None, session_id: str = "3", user: str = "kid") -> SessionInfo:
    return SessionInfo(session_id, user, uid, active=True, locked=False, idle_seconds=None)


# --- unit names and cgroups ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("unit", "ids"),
    [
        ("app-gnome-org.gnome.Chess-12345.scope", ("org.gnome.Chess",)),
        ("app-org.gnome.Evince-12345.scope", ("org.gnome.Evince",)),
        ("app-flatpak-org.telegram.desktop-12345.scope", ("org.telegram.desktop",)),
        (
            "app-gnome-org.gnome.Evolution\\x2dalarm\\x2dnotify-2437.scope",
            ("org.gnome.Evolution-alarm-notify",),
        ),
        ("app-org.gnome.Chess@3f2a.service", ("org.gnome.Chess",)),
        ("app-KDE-org.kde.okular@12345.service", ("org.kde.okular",)),
        ("app-flatpak-org.telegram.desktop@12345.service", ("org.telegram.desktop",)),
        ("app-org.kde.amarok.service", ("org.kde.amarok",)),
        ("app-gnome-org.gnome.Shell.Extensions-autostart.service", ("org.gnome.Shell.Extensions",)),
        ("app-dbus-:1.2-org.gnome.Calculator@0.service", ("org.gnome.Calculator",)),
        ("snap.firefox.firefox-0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0.scope", ("firefox",)),
        ("snap.telegram-desktop.telegram-desktop.scope", ("telegram-desktop",)),
        ("snap.lxd.daemon.service", ("lxd",)),
        (
            "snap.firefox_beta.firefox-0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0.scope",
            ("firefox", "firefox_beta"),
        ),
        ("session-3.scope", ()),
        ("user@1000.service", ()),
        ("vte-spawn-5e0e3c6a-0a4b-4bb5-9d1d-2a0a3b7f6d55.scope", ()),
        ("init.scope", ()),
        ("app-.scope", ()),
    ],
)
def test_unit_names_give_desktop_flatpak_and_snap_ids(unit: str, ids: tuple[str, ...]) -> None:
    assert unit_app_ids(unit) == ids


def test_the_innermost_unit_of_a_cgroup_is_the_processs_own() -> None:
    v2 = f"0::{USER_SLICE}/app-org.gnome.Terminal.slice/vte-spawn-5e0e3c6a.scope\n"
    assert cgroup_unit(v2) == "vte-spawn-5e0e3c6a.scope"
    v1 = (
        "12:pids:/user.slice/user-1000.slice\n"
        f"1:name=systemd:{USER_SLICE}/app-gnome-org.gnome.Chess-4711.scope\n"
        "0::/user.slice\n"
    )
    # The v2 line of a hybrid setup names no unit, so the systemd hierarchy does.
    assert cgroup_unit(v1) == "app-gnome-org.gnome.Chess-4711.scope"
    assert cgroup_unit("0::/\n") is None
    assert cgroup_unit("garbage") is None


def test_flatpak_info_names_the_application() -> None:
    text = (
        "[Application]\nname=org.telegram.desktop\nruntime=runtime/org.freedesktop.Platform/"
        "x86_64/23.08\n\n[Instance]\ninstance-id=1234\nflatpak-version=1.14.4\n"
    )
    assert flatpak_info_app(text) == "org.telegram.desktop"
    assert flatpak_info_app("[Runtime]\nname=org.gnome.Sdk\n") is None
    assert flatpak_info_app("not an ini file [") is None


def test_snaps_are_known_by_their_mount_paths() -> None:
    assert snap_from_exe("/snap/firefox/3836/usr/lib/firefox/firefox") == ("firefox",)
    assert snap_from_exe("/var/lib/snapd/snap/vlc/3777/usr/bin/vlc") == ("vlc",)
    assert snap_from_exe("/snap/code_insiders/12/usr/share/code/code") == ("code", "code_insiders")
    assert snap_from_exe("/snap/bin/firefox") == ()
    assert snap_from_exe("/usr/bin/firefox") == ()
    assert snap_from_exe("") == ()


def test_environ_is_split_on_nul_and_keeps_odd_bytes() -> None:
    data = b"DISPLAY=:0\0XAUTHORITY=/run/user/1000/gdm/Xauthority\0EMPTY=\0junk\0A=b=c\0N=\xff\0"
    assert parse_environ(data) == {
        "DISPLAY": ":0",
        "XAUTHORITY": "/run/user/1000/gdm/Xauthority",
        "EMPTY": "",
        "A": "b=c",
        "N": "\udcff",
    }


def _proc(root: Path, pid: int, *, cgroup: str = "0::/\n", flatpak: str | None = None) -> Path:
    folder = root / str(pid)
    (folder / "root").mkdir(parents=True)
    (folder / "cgroup").write_text(cgroup)
    if flatpak is not None:
        (folder / "root" / ".flatpak-info").write_text(flatpak)
    return folder


def test_app_ids_combine_the_cgroup_the_sandbox_and_the_path(tmp_path: Path) -> None:
    _proc(
        tmp_path,
        10,
        cgroup=f"0::{USER_SLICE}/app-flatpak-org.telegram.desktop-4242.scope\n",
        flatpak="[Application]\nname=org.telegram.desktop\n",
    )
    _proc(tmp_path, 11, cgroup=f"0::{USER_SLICE}/app-gnome-org.gnome.Chess-77.scope\n")
    _proc(
        tmp_path,
        12,
        cgroup=f"0::{USER_SLICE}/snap.vlc.vlc-0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0.scope\n",
    )
    _proc(tmp_path, 13, flatpak="[Application]\nname=com.valvesoftware.Steam\n")
    _proc(tmp_path, 14)
    apps = LinuxApps(lambda: PEOPLE, X11Foreground(SessionDisplays(environ={})), proc=tmp_path)
    assert apps.app_ids(10, "/app/bin/telegram-desktop") == ("org.telegram.desktop",)
    assert apps.app_ids(11, "/usr/games/gnome-chess") == ("org.gnome.Chess",)
    assert apps.app_ids(12, "/snap/vlc/3777/usr/bin/vlc") == ("vlc",)
    assert apps.app_ids(13, "/app/bin/steam") == ("com.valvesoftware.Steam",)
    assert apps.app_ids(14, "/usr/bin/bash") == ()
    assert apps.app_ids(99, "/snap/firefox/1/firefox") == ("firefox",)
    assert apps.app_ids(99, "") == ()


def test_app_ids_of_this_very_process_read_the_real_proc() -> None:
    apps = LinuxApps(lambda: PEOPLE, X11Foreground(SessionDisplays(environ={})))
    assert isinstance(apps.app_ids(os.getpid(), "/usr/bin/python3"), tuple)


# --- which X display -----------------------------------------------------------------------


def test_an_environment_names_the_display_and_cookie() -> None:
    assert x_target({"DISPLAY": ":0"}) == XTarget(":0", None)
    assert x_target({"DISPLAY": ":1", "XAUTHORITY": "/run/user/1000/xauth_abc"}) == XTarget(
        ":1", "/run/user/1000/xauth_abc"
    )
    # Another user's environment: without XAUTHORITY, the cookie is in their home.
    assert x_target({"DISPLAY": ":0", "HOME": "/home/kid"}, "/x", foreign=True) == XTarget(
        ":0", "/home/kid/.Xauthority"
    )
    assert x_target({"DISPLAY": ":0"}, "/home/kid", foreign=True) == XTarget(
        ":0", "/home/kid/.Xauthority"
    )
    assert x_target({"DISPLAY": ":0"}, None, foreign=True) == XTarget(":0", None)
    assert x_target({"WAYLAND_DISPLAY": "wayland-0"}) is None
    assert x_target({}) is None


def test_inside_the_session_the_own_display_is_used() -> None:
    displays = SessionDisplays(own_uid=1000, environ={"DISPLAY": ":0"})
    assert displays.target(_session(1000)) == XTarget(":0", None)
    wayland = SessionDisplays(own_uid=1000, environ={"WAYLAND_DISPLAY": "wayland-0"})
    assert wayland.target(_session(1000)) is None
    # Not root and not the session's user: no way into another user's display.
    assert displays.target(_session(1001)) is None


def _kid_uid() -> int:
    """Fake /proc entries must belong to the kid: chown them when root, else be the kid."""
    return 4242 if os.geteuid() == 0 else os.getuid()


def _environ(root: Path, pid: int, uid: int, data: bytes) -> Path:
    folder = root / str(pid)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "environ").write_bytes(data)
    if os.geteuid() == 0:
        os.chown(folder, uid, uid)
    return folder


def test_the_root_service_reads_the_display_from_a_process_of_the_session(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    kid = _kid_uid()
    _environ(tmp_path, 100, kid, b"HOME=/home/kid\0PATH=/usr/bin\0")  # no display: a daemon
    _environ(tmp_path, 101, kid, b"DISPLAY=:5\0XDG_SESSION_ID=9\0XAUTHORITY=/tmp/xauth-9\0")
    _environ(tmp_path, 102, kid, b"DISPLAY=:0\0XDG_SESSION_ID=3\0HOME=/home/kid\0")
    (tmp_path / "self").mkdir()
    if os.geteuid() == 0:
        # Another user's process in a session of the same id is never the kid's.
        _environ(tmp_path, 103, kid + 1, b"DISPLAY=:7\0XDG_SESSION_ID=3\0")
    scans: list[object] = []
    real_scandir = os.scandir

    def counting_scandir(path: Path) -> object:
        scans.append(path)
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", counting_scandir)
    displays = SessionDisplays(proc=tmp_path, own_uid=0, environ={}, monotonic=FakeMonotonic())
    # The process of the very session wins over the kid's other session (:5).
    assert displays.target(_session(kid, "3")) == XTarget(":0", "/home/kid/.Xauthority")
    # Found once, then read again from the same process without a scan.
    assert displays.target(_session(kid, "3")) == XTarget(":0", "/home/kid/.Xauthority")
    assert len(scans) == 1
    # That process ended: scan again, and take what there is.
    (tmp_path / "102" / "environ").unlink()
    assert displays.target(_session(kid, "3")) == XTarget(":5", "/tmp/xauth-9")
    assert len(scans) == 2


def test_a_session_without_a_display_is_scanned_again_only_after_a_while(tmp_path: Path) -> None:
    kid = _kid_uid()
    _environ(tmp_path, 200, kid, b"WAYLAND_DISPLAY=wayland-0\0XDG_SESSION_ID=3\0")
    clock = FakeMonotonic()
    displays = SessionDisplays(proc=tmp_path, own_uid=0, environ={}, monotonic=clock)
    assert displays.target(_session(kid)) is None
    _environ(tmp_path, 201, kid, b"DISPLAY=:1\0XAUTHORITY=/run/user/4242/xauth\0")
    assert displays.target(_session(kid)) is None
    clock.now += RESCAN_AFTER_SECONDS + 1
    assert displays.target(_session(kid)) == XTarget(":1", "/run/user/4242/xauth")


def test_without_libx11_there_is_no_foreground_app() -> None:
    def missing() -> object:
        raise XlibError("libX11 could not be loaded: not installed")

    foreground = X11Foreground(
        SessionDisplays(own_uid=1000, environ={"DISPLAY": ":0"}), Xlib(missing)
    )
    assert foreground.foreground_pid(_session(1000)) is None


# --- ownership -----------------------------------------------------------------------------


def _entry(name: str, uid: int) -> pwd.struct_passwd:
    return pwd.struct_passwd((name, "x", uid, uid, "", f"/home/{name}", "/bin/bash"))


def test_only_the_kids_own_processes_are_owned() -> None:
    apps = LinuxApps(
        lambda: PEOPLE,
        X11Foreground(SessionDisplays(environ={})),
        protected=lambda: frozenset({1, 50}),
        by_name=lambda name: {"kid": _entry("kid", 1001)}[name],
    )
    kid = _session(1001)
    assert apps.owns(kid, 300, (1001, 1001, 1001), "kid")
    assert not apps.owns(kid, 301, (1001, 0, 0), "kid")  # set-uid root program
    assert not apps.owns(kid, 302, (1002, 1002, 1002), "sibling")
    assert not apps.owns(kid, 303, (0, 0, 0), "root")
    assert not apps.owns(kid, 50, (1001, 1001, 1001), "kid")  # Guardian or its parent
    assert not apps.owns(kid, 304, (), "kid")
    # Root's and system accounts' sessions are never the kid's.
    assert not apps.owns(_session(0, user="root"), 305, (0, 0, 0), "root")
    assert not apps.owns(_session(120, user="gdm"), 306, (120, 120, 120), "gdm")
    # A session without a uid is looked up by name; an unknown name owns nothing.
    assert apps.owns(_session(None), 307, (1001, 1001, 1001), "kid")
    assert not apps.owns(_session(None, user="ghost"), 308, (1001, 1001, 1001), "kid")


def test_guardians_own_process_is_never_owned_by_default() -> None:
    apps = LinuxApps(lambda: range(0, 2**31), X11Foreground(SessionDisplays(environ={})))
    me = os.getuid() or 1000
    assert not apps.owns(_session(me), os.getpid(), (me, me, me), "me")
