"""Linux adapters: real pwd/grp against fake login.defs, logind through a fake bus, and the
no-logind fallbacks for real on a machine without systemd (like the build machine)."""

from __future__ import annotations

import grp
import os
import pwd
from collections.abc import Callable
from pathlib import Path

import psutil
import pytest

from guardian.platform import current
from guardian.platform.base import PlatformError, SessionInfo
from guardian.platform.commands import CommandRunner
from guardian.platform.dbus import Bus
from guardian.platform.linux import (
    LOGIND_MANAGER,
    LOGIND_PATH,
    LOGIND_SESSION,
    PROPERTIES,
    LinuxAccounts,
    LinuxNotifier,
    LinuxSessions,
    SessionAccess,
    build_platform,
    parse_uid_range,
    read_uid_range,
)
from tests.guardian.platform.fakes import FakeBus, FakeCommands, auto_starts, call_of
from tests.helpers.fakes import FakeClock

KID = SessionInfo("3", "kid", 1001, active=True, locked=False, idle_seconds=0.0)
KID_PATH = "/org/freedesktop/login1/session/_33"
NO_SYSTEM_BUS = "the system bus at /var/run/dbus/system_bus_socket is not reachable"
NO_LOGIN_DEFS = Path("/nonexistent-guardian/login.defs")
"""login.defs for the adapters under test: absent, so the defaults hold whatever the host says."""


def _passwd(
    name: str, uid: int, gid: int, gecos: str = "", shell: str = "/bin/bash"
) -> pwd.struct_passwd:
    return pwd.struct_passwd((name, "x", uid, gid, gecos, f"/home/{name}", shell))


def _group(name: str, gid: int, members: list[str]) -> grp.struct_group:
    return grp.struct_group((name, "x", gid, members))


def _login_defs(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "login.defs"
    path.write_text(text, encoding="utf-8")
    return path


# --- login.defs and accounts --------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("UID_MIN\t\t\t 1000\nUID_MAX\t\t\t60000\n", range(1000, 60001)),
        ("UID_MIN 500 # old distro\nUID_MAX 29999\n", range(500, 30000)),
        ("#UID_MIN 5\nSYS_UID_MIN 100\n", range(1000, 60001)),
        ("UID_MIN lots\n", range(1000, 60001)),
        ("UID_MIN 70000\nUID_MAX 60000\n", range(1000, 60001)),
        ("", range(1000, 60001)),
    ],
)
def test_uid_range_comes_from_login_defs_with_defaults(text: str, expected: range) -> None:
    assert parse_uid_range(text) == expected


def test_a_missing_login_defs_means_the_defaults(tmp_path: Path) -> None:
    assert read_uid_range(tmp_path / "absent") == range(1000, 60001)


def _expected_people(low: int, high: int) -> set[tuple[str, int]]:
    """Computed independently from the real database, to compare the adapter with."""
    return {
        (entry.pw_name, entry.pw_uid)
        for entry in pwd.getpwall()
        if low <= entry.pw_uid <= high
        and os.path.basename(entry.pw_shell) not in {"nologin", "false"}
    }


@pytest.mark.parametrize(("low", "high"), [(1000, 60000), (1, 999), (0, 0)])
def test_accounts_are_the_real_users_in_the_range_with_a_login_shell(
    tmp_path: Path, low: int, high: int
) -> None:
    accounts = LinuxAccounts(_login_defs(tmp_path, f"UID_MIN {low}\nUID_MAX {high}\n")).accounts()
    assert {(a.name, a.uid) for a in accounts} == _expected_people(low, high)
    assert [a.name for a in accounts] == sorted(a.name for a in accounts)


def test_root_listed_by_a_range_that_includes_it_is_an_admin(tmp_path: Path) -> None:
    (root,) = LinuxAccounts(_login_defs(tmp_path, "UID_MIN 0\nUID_MAX 0\n")).accounts()
    assert (root.name, root.uid, root.is_admin) == ("root", 0, True)
    assert root.full_name == (pwd.getpwuid(0).pw_gecos.split(",")[0] or "root")


def test_admins_are_members_of_sudo_wheel_or_admin_by_list_or_primary_group(tmp_path: Path) -> None:
    people = [
        _passwd("parent", 1000, 1000, "Parent Smith,,,"),
        _passwd("kid", 1001, 1001, "Kid Smith,Room 2,,"),
        _passwd("wheelie", 1002, 10),
        _passwd("mum", 1003, 1003),
        _passwd("service", 1004, 1004, shell="/usr/sbin/nologin"),
        _passwd("blocked", 1005, 1005, shell="/bin/false"),
        _passwd("daemonish", 999, 999),
        _passwd("kid", 1001, 1001, "Duplicate from NIS"),
    ]
    groups = [
        _group("sudo", 27, ["parent"]),
        _group("wheel", 10, []),
        _group("admin", 115, ["mum"]),
        _group("kid", 1001, []),
        _group("adm", 4, ["kid"]),
    ]
    accounts = LinuxAccounts(
        _login_defs(tmp_path, "UID_MIN 1000\nUID_MAX 60000\n"),
        passwd=lambda: people,
        groups=lambda: groups,
    ).accounts()
    assert [(a.name, a.full_name, a.uid, a.is_admin) for a in accounts] == [
        ("kid", "Kid Smith", 1001, False),
        ("mum", "mum", 1003, True),
        ("parent", "Parent Smith", 1000, True),
        ("wheelie", "wheelie", 1002, True),
    ]


def test_current_is_the_account_of_this_process_even_a_system_one() -> None:
    me = LinuxAccounts().current()
    assert (me.name, me.uid) == (pwd.getpwuid(os.getuid()).pw_name, os.getuid())
    if os.getuid() == 0:
        assert me.is_admin


def test_current_of_an_unknown_uid_is_a_clear_error() -> None:
    def unknown(uid: int) -> pwd.struct_passwd:
        raise KeyError(uid)

    with pytest.raises(PlatformError, match="uid 4242 has no entry"):
        LinuxAccounts(by_uid=unknown, own_uid=lambda: 4242).current()


# --- logind through a fake system bus ------------------------------------------------------


def _variants(**values: tuple[str, object]) -> dict[str, tuple[str, object]]:
    return dict(values)


def _kid_properties(clock: FakeClock) -> dict[str, tuple[str, object]]:
    return _variants(
        Id=("s", "3"),
        Name=("s", "kid"),
        User=("(uo)", (1001, "/org/freedesktop/login1/user/_1001")),
        Class=("s", "user"),
        Type=("s", "x11"),
        Active=("b", True),
        LockedHint=("b", False),
        IdleHint=("b", True),
        IdleSinceHint=("t", 0),
        IdleSinceHintMonotonic=("t", int((clock.monotonic() - 90) * 1_000_000)),
        Remote=("b", False),
    )


def _logind(clock: FakeClock) -> FakeBus:
    bus = FakeBus()
    bus.on(
        LOGIND_PATH,
        LOGIND_MANAGER,
        "ListSessions",
        [
            ("3", 1001, "kid", "seat0", KID_PATH),
            ("c1", 118, "gdm", "seat0", "/org/freedesktop/login1/session/c1"),
            ("5", 1000, "parent", "", "/org/freedesktop/login1/session/_35"),
        ],
    )
    bus.on(KID_PATH, PROPERTIES, "GetAll", _kid_properties(clock))
    bus.on(
        "/org/freedesktop/login1/session/c1",
        PROPERTIES,
        "GetAll",
        _variants(Name=("s", "gdm"), User=("(uo)", (118, "/u")), Class=("s", "greeter")),
    )
    bus.on(
        "/org/freedesktop/login1/session/_35",
        PROPERTIES,
        "GetAll",
        _variants(
            Name=("s", "parent"),
            User=("(uo)", (1000, "/u")),
            Class=("s", "user"),
            Active=("b", False),
            LockedHint=("b", True),
            IdleHint=("b", False),
            Remote=("b", True),
        ),
    )
    bus.on(LOGIND_PATH, LOGIND_MANAGER, "GetSession", KID_PATH)
    for member in ("Lock", "Terminate"):
        bus.on(KID_PATH, LOGIND_SESSION, member)
    for member in ("PowerOff", "Suspend"):
        bus.on(LOGIND_PATH, LOGIND_MANAGER, member)
    return bus


def _connector(buses: dict[str, Bus]) -> Callable[[str, str], Bus]:
    def connect(address: str, _label: str) -> Bus:
        return buses.setdefault(address, FakeBus(unreachable=f"nothing at {address}"))

    return connect


def _sessions(
    system: FakeBus,
    *,
    clock: FakeClock | None = None,
    own_uid: int = 0,
    environ: dict[str, str] | None = None,
    session_bus: FakeBus | None = None,
    commands: FakeCommands | None = None,
    runtime_root: Path = Path("/nonexistent-run-user"),
) -> tuple[LinuxSessions, FakeCommands]:
    buses: dict[str, Bus] = {"SYSTEM": system}
    if session_bus is not None:
        buses["unix:path=/run/user/test/bus"] = session_bus
    access = SessionAccess(
        _connector(buses), own_uid=own_uid, environ=environ or {}, runtime_root=runtime_root
    )
    runner = commands or FakeCommands()
    return LinuxSessions(
        access, runner, clock=clock or FakeClock(), login_defs=NO_LOGIN_DEFS
    ), runner


def test_logind_user_sessions_are_read_with_their_state_and_greeters_left_out(
    clock: FakeClock,
) -> None:
    system = _logind(clock)
    sessions, _ = _sessions(system, clock=clock)
    assert sessions.sessions() == [
        SessionInfo("3", "kid", 1001, active=True, locked=False, idle_seconds=90.0, remote=False),
        SessionInfo("5", "parent", 1000, active=False, locked=True, idle_seconds=0.0, remote=True),
    ]
    assert call_of(system.calls[0]) == (
        "org.freedesktop.login1",
        "/org/freedesktop/login1",
        "org.freedesktop.login1.Manager",
        "ListSessions",
        None,
        (),
    )
    assert call_of(system.calls[1]) == (
        "org.freedesktop.login1",
        KID_PATH,
        "org.freedesktop.DBus.Properties",
        "GetAll",
        "s",
        ("org.freedesktop.login1.Session",),
    )


def test_idle_falls_back_to_the_wall_clock_hint_when_monotonic_is_missing(
    clock: FakeClock,
) -> None:
    system = _logind(clock)
    properties = _kid_properties(clock)
    properties["IdleSinceHintMonotonic"] = ("t", 0)
    properties["IdleSinceHint"] = ("t", int((clock.now().timestamp() - 30) * 1_000_000))
    system.on(KID_PATH, PROPERTIES, "GetAll", properties)
    sessions, _ = _sessions(system, clock=clock)
    assert sessions.sessions()[0].idle_seconds == pytest.approx(30.0)


def test_a_session_gone_between_list_and_read_is_skipped_an_unreadable_one_counts(
    clock: FakeClock,
) -> None:
    system = _logind(clock)
    system.refuse(KID_PATH, PROPERTIES, "GetAll", "org.freedesktop.DBus.Error.UnknownObject")
    system.refuse(
        "/org/freedesktop/login1/session/_35",
        PROPERTIES,
        "GetAll",
        "org.freedesktop.DBus.Error.AccessDenied",
    )
    sessions, _ = _sessions(system, clock=clock)
    assert sessions.sessions() == [SessionInfo("5", "parent", 1000, True, False, None)]


def test_lock_and_logout_call_the_session_object_logind_names(clock: FakeClock) -> None:
    system = _logind(clock)
    sessions, commands = _sessions(system, clock=clock)
    sessions.lock(KID)
    sessions.logout(KID)
    assert [call_of(m)[1:5] for m in system.calls] == [
        (LOGIND_PATH, LOGIND_MANAGER, "GetSession", "s"),
        (KID_PATH, LOGIND_SESSION, "Lock", None),
        (LOGIND_PATH, LOGIND_MANAGER, "GetSession", "s"),
        (KID_PATH, LOGIND_SESSION, "Terminate", None),
    ]
    assert call_of(system.calls[0])[5] == ("3",)
    assert commands.ran == []


def test_power_off_and_suspend_are_not_interactive(clock: FakeClock) -> None:
    system = _logind(clock)
    sessions, _ = _sessions(system, clock=clock)
    sessions.shutdown()
    sessions.suspend()
    assert [(call_of(m)[3], call_of(m)[4], call_of(m)[5]) for m in system.calls] == [
        ("PowerOff", "b", (False,)),
        ("Suspend", "b", (False,)),
    ]


# --- fallbacks without logind, faked ---------------------------------------------------------


def test_inside_the_session_lock_uses_the_first_screen_saver_that_answers() -> None:
    desktop = FakeBus()
    desktop.on("/org/gnome/ScreenSaver", "org.gnome.ScreenSaver", "Lock")
    sessions, commands = _sessions(
        FakeBus(unreachable=NO_SYSTEM_BUS),
        own_uid=1001,
        environ={"DBUS_SESSION_BUS_ADDRESS": "unix:path=/run/user/test/bus"},
        session_bus=desktop,
    )
    sessions.lock(KID)
    assert desktop.members() == ["org.freedesktop.ScreenSaver.Lock", "org.gnome.ScreenSaver.Lock"]
    assert not any(auto_starts(m) for m in desktop.calls)
    assert commands.ran == []


def test_cinnamon_lock_passes_an_empty_away_message() -> None:
    desktop = FakeBus()
    desktop.on("/org/cinnamon/ScreenSaver", "org.cinnamon.ScreenSaver", "Lock")
    sessions, _ = _sessions(
        FakeBus(unreachable=NO_SYSTEM_BUS),
        own_uid=1001,
        environ={"DBUS_SESSION_BUS_ADDRESS": "unix:path=/run/user/test/bus"},
        session_bus=desktop,
    )
    sessions.lock(KID)
    assert call_of(desktop.calls[-1])[3:] == ("Lock", "s", ("",))


def test_when_nothing_locks_the_error_says_what_was_tried_and_why_each_failed() -> None:
    commands = FakeCommands()
    commands.fail(["loginctl", "lock-session", "3"], "it exited with 1: Host is down")
    sessions, _ = _sessions(FakeBus(unreachable=NO_SYSTEM_BUS), own_uid=1000, commands=commands)
    with pytest.raises(PlatformError) as caught:
        sessions.lock(KID)
    message = str(caught.value)
    assert message.startswith("Could not lock the screen of kid (session 3). Tried (1) logind")
    assert f"(1) logind Session.Lock: {NO_SYSTEM_BUS}" in message
    assert "(2) the desktop's screen saver over D-Bus: this process runs as uid 1000" in message
    assert "(3) loginctl lock-session 3: it exited with 1: Host is down" in message
    assert "(4) xdg-screensaver lock: this process runs as uid 1000" in message


def test_root_runs_desktop_commands_as_the_user_with_the_users_bus(tmp_path: Path) -> None:
    commands = FakeCommands()
    sessions, _ = _sessions(
        FakeBus(unreachable=NO_SYSTEM_BUS), commands=commands, runtime_root=tmp_path
    )
    with pytest.raises(PlatformError, match=f"kid has no session bus at {tmp_path}/1001/bus"):
        sessions.lock(KID)
    assert commands.ran[-1] == (
        "runuser",
        "-u",
        "kid",
        "--",
        "env",
        f"DBUS_SESSION_BUS_ADDRESS=unix:path={tmp_path}/1001/bus",
        f"XDG_RUNTIME_DIR={tmp_path}/1001",
        "xdg-screensaver",
        "lock",
    )


def test_a_desktop_bus_that_does_not_answer_is_asked_once_not_once_per_desktop() -> None:
    hung = FakeBus(hung=True)
    commands = FakeCommands()
    commands.answer(["loginctl", "lock-session", "3"])
    sessions, _ = _sessions(
        FakeBus(unreachable=NO_SYSTEM_BUS),
        own_uid=1001,
        environ={"DBUS_SESSION_BUS_ADDRESS": "unix:path=/run/user/test/bus"},
        session_bus=hung,
        commands=commands,
    )
    sessions.lock(KID)
    assert hung.members() == ["org.freedesktop.ScreenSaver.Lock"]
    assert commands.ran == [("loginctl", "lock-session", "3")]


def test_without_logind_a_quiet_desktop_bus_costs_one_call_for_lock_and_one_for_idle() -> None:
    hung = FakeBus(hung=True)
    sessions, _ = _sessions(
        FakeBus(unreachable=NO_SYSTEM_BUS),
        own_uid=os.getuid(),
        environ={"DBUS_SESSION_BUS_ADDRESS": "unix:path=/run/user/test/bus"},
        session_bus=hung,
    )
    (me,) = sessions.sessions()
    assert (me.locked, me.idle_seconds) == (False, None)
    assert hung.members() == [
        "org.freedesktop.ScreenSaver.GetActive",
        "org.freedesktop.ScreenSaver.GetSessionIdleTime",
    ]


def test_logout_and_power_fall_back_to_loginctl_and_systemctl() -> None:
    commands = FakeCommands()
    commands.answer(["loginctl", "terminate-session", "3"])
    commands.answer(["systemctl", "poweroff"])
    commands.fail(["systemctl", "suspend"], "it exited with 1: Access denied")
    commands.answer(["loginctl", "suspend"])
    sessions, _ = _sessions(FakeBus(unreachable=NO_SYSTEM_BUS), commands=commands)
    sessions.logout(KID)
    sessions.shutdown()
    sessions.suspend()
    assert commands.ran == [
        ("loginctl", "terminate-session", "3"),
        ("systemctl", "poweroff"),
        ("systemctl", "suspend"),
        ("loginctl", "suspend"),
    ]


def test_without_logind_the_own_session_reads_lock_and_idle_from_the_desktop() -> None:
    desktop = FakeBus()
    desktop.on("/org/gnome/ScreenSaver", "org.gnome.ScreenSaver", "GetActive", True)
    desktop.on(
        "/org/gnome/Mutter/IdleMonitor/Core", "org.gnome.Mutter.IdleMonitor", "GetIdletime", 42_000
    )
    sessions, _ = _sessions(
        FakeBus(unreachable=NO_SYSTEM_BUS),
        own_uid=os.getuid(),
        environ={
            "DBUS_SESSION_BUS_ADDRESS": "unix:path=/run/user/test/bus",
            "XDG_SESSION_ID": "7",
            "SSH_CONNECTION": "10.0.0.2 50000 10.0.0.1 22",
        },
        session_bus=desktop,
    )
    assert sessions.sessions() == [
        SessionInfo(
            "7", pwd.getpwuid(os.getuid()).pw_name, os.getuid(), True, True, 42.0, remote=True
        )
    ]
    assert "org.freedesktop.ScreenSaver.GetSessionIdleTime" in desktop.members()


def test_kde_idle_time_is_in_seconds() -> None:
    desktop = FakeBus()
    desktop.on("/ScreenSaver", "org.freedesktop.ScreenSaver", "GetActive", False)
    desktop.on("/ScreenSaver", "org.freedesktop.ScreenSaver", "GetSessionIdleTime", 12)
    sessions, _ = _sessions(
        FakeBus(unreachable=NO_SYSTEM_BUS),
        own_uid=os.getuid(),
        environ={"DBUS_SESSION_BUS_ADDRESS": "unix:path=/run/user/test/bus"},
        session_bus=desktop,
    )
    (me,) = sessions.sessions()
    assert (me.locked, me.idle_seconds) == (False, 12.0)


def test_notifications_go_to_the_notification_service_with_an_urgency_hint() -> None:
    desktop = FakeBus()
    desktop.on("/org/freedesktop/Notifications", "org.freedesktop.Notifications", "Notify", 9)
    access = SessionAccess(
        _connector({"unix:path=/run/user/test/bus": desktop}),
        own_uid=1001,
        environ={"DBUS_SESSION_BUS_ADDRESS": "unix:path=/run/user/test/bus"},
    )
    notifier = LinuxNotifier(access, FakeCommands())
    notifier.notify(KID, "5 minutes left", "Save your game", urgent=True)
    notifier.notify(KID, "15 minutes left", "")
    first, second = desktop.calls
    assert call_of(first) == (
        "org.freedesktop.Notifications",
        "/org/freedesktop/Notifications",
        "org.freedesktop.Notifications",
        "Notify",
        "susssasa{sv}i",
        ("Guardian", 0, "", "5 minutes left", "Save your game", [], {"urgency": ("y", 2)}, -1),
    )
    assert call_of(second)[5][6] == {"urgency": ("y", 1)}
    assert auto_starts(first)


def test_notify_send_is_the_fallback_and_titles_cannot_become_options() -> None:
    commands = FakeCommands()
    argv = ["notify-send", "--urgency=normal", "--app-name=Guardian", "--", "--help", "body"]
    commands.answer(argv)
    access = SessionAccess(_connector({}), own_uid=1001, environ={})
    LinuxNotifier(access, commands).notify(KID, "--help", "body")
    assert commands.ran == [tuple(argv)]


def test_end_processes_refuses_root_and_system_accounts(tmp_path: Path) -> None:
    sessions, _ = _sessions(FakeBus(unreachable=NO_SYSTEM_BUS))
    with pytest.raises(PlatformError, match=r"Refusing to end the processes of root \(uid 0\)"):
        sessions.end_processes(SessionInfo("1", "root", 0, True, False, None))
    with pytest.raises(PlatformError, match=f"uids 1000-60000 from {NO_LOGIN_DEFS}"):
        sessions.end_processes(SessionInfo("1", "backup", 34, True, False, None))
    with pytest.raises(PlatformError, match=r"nobody \(uid 65534\)"):
        sessions.end_processes(SessionInfo("1", "nobody", 65534, True, False, None))


def _unused_uid() -> int:
    """A uid in the people's range that no account and no running process has, found now."""
    taken = {entry.pw_uid for entry in pwd.getpwall()}
    for p in psutil.process_iter(["uids"]):
        taken.update(p.info["uids"] or ())
    return next(uid for uid in range(59_999, 1000, -1) if uid not in taken)


def test_end_processes_of_a_person_without_processes_ends_nothing() -> None:
    unused = _unused_uid()
    sessions, _ = _sessions(FakeBus(unreachable=NO_SYSTEM_BUS))
    assert sessions.end_processes(SessionInfo("9", "ghost", unused, True, False, None)) == 0


# --- for real on this machine, with the programs and buses each test makes -----------------


@pytest.fixture
def host(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No system bus, no session bus and a PATH of only a folder the test fills: the real
    fallbacks run the same whatever this machine has installed or runs. Returns the folder."""
    folder = tmp_path / "bin"
    folder.mkdir()
    monkeypatch.setenv("PATH", str(folder))
    monkeypatch.setenv("DBUS_SYSTEM_BUS_ADDRESS", f"unix:path={tmp_path / 'no-system-bus'}")
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)
    return folder


def _program(folder: Path, name: str, script: str) -> Path:
    """A stand-in for an OS program: a shell script that records its arguments."""
    path = folder / name
    path.write_text(f'#!/bin/sh\necho "$@" >> {folder / (name + ".ran")}\n{script}\n')
    path.chmod(0o755)
    return path


def _ran(folder: Path, name: str) -> list[str]:
    record = folder / (name + ".ran")
    return record.read_text().splitlines() if record.exists() else []


def test_the_current_platform_is_linux_and_built_once() -> None:
    assert current().name == "linux"
    assert current() is current()


def test_without_logind_sessions_is_this_process_own_session(host: Path) -> None:
    (me,) = build_platform().sessions.sessions()
    assert (me.user, me.uid, me.active) == (pwd.getpwuid(os.getuid()).pw_name, os.getuid(), True)
    assert (me.locked, me.idle_seconds) == (False, None)


@pytest.mark.parametrize("xdg_screensaver", ["missing", "installed"])
def test_without_logind_lock_tries_every_way_in_order(host: Path, xdg_screensaver: str) -> None:
    _program(host, "loginctl", "echo 'System has not been booted with systemd' >&2; exit 1")
    if xdg_screensaver == "installed":
        _program(host, "xdg-screensaver", "exit 0")
    sessions = LinuxSessions(SessionAccess(environ={}), CommandRunner(), login_defs=NO_LOGIN_DEFS)
    (me,) = sessions.sessions()
    if xdg_screensaver == "installed":
        sessions.lock(me)
        assert _ran(host, "loginctl") == [f"lock-session {me.id}"]
        assert _ran(host, "xdg-screensaver") == ["lock"]
        return
    with pytest.raises(PlatformError) as caught:
        sessions.lock(me)
    message = str(caught.value)
    assert message.startswith(f"Could not lock the screen of {me.user} (session {me.id}).")
    assert "(1) logind Session.Lock: the system bus at " in message
    assert "no-system-bus is not reachable" in message
    assert "(2) the desktop's screen saver over D-Bus: this process has no session bus" in message
    assert (
        f"(3) loginctl lock-session {me.id}: it exited with 1: System has not been booted"
        in message
    )
    assert "(4) xdg-screensaver lock: xdg-screensaver is not installed" in message


def test_without_logind_power_actions_fail_cleanly(host: Path) -> None:
    sessions = LinuxSessions(SessionAccess(environ={}), CommandRunner(), login_defs=NO_LOGIN_DEFS)
    with pytest.raises(PlatformError, match=r"Could not suspend the computer\. Tried \(1\) logind"):
        sessions.suspend()


@pytest.mark.parametrize("notify_send", ["missing", "installed"])
def test_without_a_session_bus_notify_send_is_the_way(host: Path, notify_send: str) -> None:
    if notify_send == "installed":
        _program(host, "notify-send", "exit 0")
    notifier = LinuxNotifier(SessionAccess(environ={}), CommandRunner())
    (me,) = build_platform().sessions.sessions()
    if notify_send == "installed":
        notifier.notify(me, "title", "body")
        assert _ran(host, "notify-send") == ["--urgency=normal --app-name=Guardian -- title body"]
        return
    with pytest.raises(PlatformError) as caught:
        notifier.notify(me, "title", "body")
    assert "Tried (1) org.freedesktop.Notifications over D-Bus" in str(caught.value)
    assert "(2) notify-send: notify-send is not installed" in str(caught.value)
