"""Linux adapters: sessions from systemd-logind, desktop screen savers and notifications over D-Bus.

logind (or elogind, which has the same API) on the system bus is the main source: it lists every
session, tells lock and idle hints, and locks, ends and powers off. Without it (containers, no
systemd) Guardian still works for the session it runs in, through the desktop's own D-Bus
services and commands. See docs/platforms.md for what was verified where.
"""

from __future__ import annotations

import grp
import logging
import os
import pwd
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from guardian.clock import Clock, SystemClock
from guardian.platform.apps_linux import LinuxApps
from guardian.platform.base import AccountInfo, Platform, PlatformError, SessionInfo
from guardian.platform.commands import CommandRunner, Commands
from guardian.platform.dbus import Bus, BusError, BusTimeout, JeepneyBus, method_call
from guardian.platform.fallbacks import WayFailed, first_that_works
from guardian.platform.proc_connector import LinuxExecEvents
from guardian.platform.processes import (
    GRACE_SECONDS,
    end_processes,
    own_user_entry,
    uid_may_be_ended,
)

LOGIN_DEFS = Path("/etc/login.defs")
DEFAULT_UID_MIN = 1000
DEFAULT_UID_MAX = 60000
ADMIN_GROUPS = ("sudo", "wheel", "admin")
"""Groups whose members may become root: Debian/Ubuntu, Fedora/Arch/SUSE, older Ubuntu."""
LOGIN_DISABLED_SHELLS = frozenset({"nologin", "false"})

LOGIND = "org.freedesktop.login1"
LOGIND_PATH = "/org/freedesktop/login1"
LOGIND_MANAGER = "org.freedesktop.login1.Manager"
LOGIND_SESSION = "org.freedesktop.login1.Session"
PROPERTIES = "org.freedesktop.DBus.Properties"
GONE_ERRORS = frozenset(
    {
        "org.freedesktop.DBus.Error.UnknownObject",
        "org.freedesktop.login1.NoSuchSession",
    }
)
"""Errors meaning a listed session ended before its properties were read."""

NOTIFICATIONS = "org.freedesktop.Notifications"
NOTIFICATIONS_PATH = "/org/freedesktop/Notifications"
URGENCY_NORMAL = 1
URGENCY_CRITICAL = 2

Admins = tuple[frozenset[str], frozenset[int]]
"""Members of the admin groups by name, and the admin groups' gids (for primary membership)."""

_log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class ScreenSaver:
    """A desktop's screen-saver service on the session bus (its interface has the bus name)."""

    name: str
    path: str
    lock_signature: str | None = None
    lock_body: tuple[Any, ...] = ()


SCREEN_SAVERS = (
    ScreenSaver("org.freedesktop.ScreenSaver", "/ScreenSaver"),
    ScreenSaver("org.gnome.ScreenSaver", "/org/gnome/ScreenSaver"),
    # Cinnamon's Lock takes the away message shown on the lock screen.
    ScreenSaver("org.cinnamon.ScreenSaver", "/org/cinnamon/ScreenSaver", "s", ("",)),
    ScreenSaver("org.mate.ScreenSaver", "/org/mate/ScreenSaver"),
)
"""KDE/Xfce/LXQt (freedesktop), GNOME, Cinnamon and MATE, tried in this order."""


def parse_uid_range(text: str) -> range:
    """The uids of people's accounts, UID_MIN..UID_MAX, from login.defs text (defaults if unset)."""
    values = {"UID_MIN": DEFAULT_UID_MIN, "UID_MAX": DEFAULT_UID_MAX}
    for line in text.splitlines():
        words = line.split("#", 1)[0].split()
        if len(words) >= 2 and words[0] in values and words[1].isdigit():
            values[words[0]] = int(words[1])
    low, high = values["UID_MIN"], values["UID_MAX"]
    if low > high:
        low, high = DEFAULT_UID_MIN, DEFAULT_UID_MAX
    return range(low, high + 1)


def read_uid_range(login_defs: Path = LOGIN_DEFS) -> range:
    """The uids of people's accounts on this machine; defaults when login.defs is missing."""
    try:
        return parse_uid_range(login_defs.read_text(encoding="utf-8", errors="replace"))
    except FileNotFoundError:
        return range(DEFAULT_UID_MIN, DEFAULT_UID_MAX + 1)


class SessionAccess:
    """How this process reaches logind and a session's desktop: buses, and commands run as the user.

    Inside the session (same uid) the process's own session bus is used. The root service reaches
    another user's desktop through that user's bus socket (/run/user/<uid>/bus) and `runuser`.
    """

    def __init__(
        self,
        connect: Callable[[str, str], Bus] = JeepneyBus,
        *,
        own_uid: int | None = None,
        environ: Mapping[str, str] | None = None,
        runtime_root: Path = Path("/run/user"),
    ) -> None:
        self.system = connect("SYSTEM", "system bus")
        self.own_uid = os.getuid() if own_uid is None else own_uid
        self.environ = os.environ if environ is None else environ
        self._connect = connect
        self._runtime_root = runtime_root
        self._buses: dict[str, Bus] = {}

    def inside(self, session: SessionInfo) -> bool:
        """Whether this process runs as the session's user, and so shares its desktop."""
        return session.uid == self.own_uid

    def session_bus(self, session: SessionInfo) -> Bus:
        """The session's D-Bus session bus; raises WayFailed when this process cannot reach it."""
        if self.inside(session):
            address = self.environ.get("DBUS_SESSION_BUS_ADDRESS", "")
            if not address:
                raise WayFailed(
                    "this process has no session bus (DBUS_SESSION_BUS_ADDRESS is unset)"
                )
            label = "session bus"
        elif self.own_uid == 0 and session.uid is not None:
            socket = self._runtime_root / str(session.uid) / "bus"
            if not socket.exists():
                raise WayFailed(f"{session.user} has no session bus at {socket}")
            address = f"unix:path={socket}"
            label = f"session bus of {session.user}"
        else:
            raise WayFailed(self._outside(session))
        bus = self._buses.get(address)
        if bus is None:
            bus = self._buses[address] = self._connect(address, label)
        return bus

    def command(self, session: SessionInfo, argv: Iterable[str]) -> list[str]:
        """`argv` made to run in the session's desktop: as is inside it, through runuser as root."""
        if self.inside(session):
            return list(argv)
        if self.own_uid == 0 and session.uid is not None:
            runtime = self._runtime_root / str(session.uid)
            return [
                "runuser",
                "-u",
                session.user,
                "--",
                "env",
                f"DBUS_SESSION_BUS_ADDRESS=unix:path={runtime / 'bus'}",
                f"XDG_RUNTIME_DIR={runtime}",
                *argv,
            ]
        raise WayFailed(self._outside(session))

    def _outside(self, session: SessionInfo) -> str:
        return (
            f"this process runs as uid {self.own_uid}, outside {session.user}'s session, "
            "and only root may act in another user's session"
        )


class LinuxSessions:
    """Sessions, locking and power through logind, with desktop and command fallbacks."""

    def __init__(
        self,
        access: SessionAccess,
        commands: Commands,
        *,
        clock: Clock | None = None,
        login_defs: Path = LOGIN_DEFS,
        grace: float = GRACE_SECONDS,
    ) -> None:
        self._access = access
        self._commands = commands
        self._clock = clock or SystemClock()
        self._login_defs = login_defs
        self._grace = grace
        self._fallback_reason: str | None = None

    def sessions(self) -> list[SessionInfo]:
        """logind's user sessions; without logind, only the session this process runs in."""
        try:
            found = self._logind_sessions()
        except BusError as exc:
            if self._fallback_reason != str(exc):
                _log.warning("logind is unavailable (%s); only this process's session is seen", exc)
                self._fallback_reason = str(exc)
            return [self._own_session()]
        self._fallback_reason = None
        return found

    def lock(self, session: SessionInfo) -> None:
        """Lock through logind, the desktop's screen saver, loginctl, then xdg-screensaver."""
        first_that_works(
            f"lock the screen of {session.user} (session {session.id})",
            [
                ("logind Session.Lock", lambda: self._logind_session_call(session, "Lock")),
                ("the desktop's screen saver over D-Bus", lambda: self._screen_saver_lock(session)),
                (
                    f"loginctl lock-session {session.id}",
                    lambda: self._commands.run(["loginctl", "lock-session", session.id]),
                ),
                (
                    "xdg-screensaver lock",
                    lambda: self._commands.run(
                        self._access.command(session, ["xdg-screensaver", "lock"])
                    ),
                ),
            ],
        )

    def logout(self, session: SessionInfo) -> None:
        """End the session through logind, then loginctl; both close every program in it."""
        first_that_works(
            f"log {session.user} out (session {session.id})",
            [
                (
                    "logind Session.Terminate",
                    lambda: self._logind_session_call(session, "Terminate"),
                ),
                (
                    f"loginctl terminate-session {session.id}",
                    lambda: self._commands.run(["loginctl", "terminate-session", session.id]),
                ),
            ],
        )

    def shutdown(self) -> None:
        """Power off through logind (never an interactive polkit prompt), systemctl, loginctl."""
        self._power("power the computer off", "PowerOff", "poweroff")

    def suspend(self) -> None:
        """Suspend to RAM through logind, systemctl, then loginctl."""
        self._power("suspend the computer", "Suspend", "suspend")

    def end_processes(self, session: SessionInfo) -> int:
        """Terminate, then kill, the processes running wholly as the session's user."""
        uid = session.uid if session.uid is not None else _uid_of(session.user)
        people = read_uid_range(self._login_defs)
        if uid == 0 or uid not in people:
            raise PlatformError(
                f"Refusing to end the processes of {session.user} (uid {uid}): Guardian ends only "
                f"the processes of people's accounts, uids {people.start}-{people.stop - 1} "
                f"from {self._login_defs}."
            )
        return end_processes(lambda p: uid_may_be_ended(p.uids(), uid, people), self._grace)

    def _power(self, action: str, method: str, verb: str) -> None:
        first_that_works(
            action,
            [
                (
                    f"logind Manager.{method}",
                    lambda: self._access.system.call(
                        method_call(LOGIND, LOGIND_PATH, LOGIND_MANAGER, method, "b", (False,))
                    ),
                ),
                (f"systemctl {verb}", lambda: self._commands.run(["systemctl", verb])),
                (f"loginctl {verb}", lambda: self._commands.run(["loginctl", verb])),
            ],
        )

    def _logind_session_call(self, session: SessionInfo, method: str) -> None:
        (path,) = self._access.system.call(
            method_call(LOGIND, LOGIND_PATH, LOGIND_MANAGER, "GetSession", "s", (session.id,))
        )
        self._access.system.call(method_call(LOGIND, path, LOGIND_SESSION, method))

    def _logind_sessions(self) -> list[SessionInfo]:
        system = self._access.system
        (entries,) = system.call(method_call(LOGIND, LOGIND_PATH, LOGIND_MANAGER, "ListSessions"))
        found: list[SessionInfo] = []
        for session_id, uid, user, _seat, path in entries:
            try:
                (properties,) = system.call(
                    method_call(LOGIND, path, PROPERTIES, "GetAll", "s", (LOGIND_SESSION,))
                )
            except BusError as exc:
                if exc.name in GONE_ERRORS:
                    continue
                # Fail closed: a session whose state cannot be read counts as in use.
                _log.warning("Cannot read logind session %s: %s", session_id, exc)
                found.append(SessionInfo(str(session_id), str(user), int(uid), True, False, None))
                continue
            info = self._session_from_properties(str(session_id), _unwrap(properties))
            if info is not None:
                found.append(info)
        return found

    def _session_from_properties(
        self, session_id: str, values: Mapping[str, Any]
    ) -> SessionInfo | None:
        if values.get("Class") != "user":
            return None
        user_field = values.get("User")
        uid = int(user_field[0]) if isinstance(user_field, tuple) and user_field else None
        return SessionInfo(
            id=session_id,
            user=str(values.get("Name", "")),
            uid=uid,
            active=bool(values.get("Active", False)),
            locked=bool(values.get("LockedHint", False)),
            idle_seconds=self._logind_idle(values),
            remote=bool(values.get("Remote", False)),
        )

    def _logind_idle(self, values: Mapping[str, Any]) -> float | None:
        # logind only has a hint set by the desktop after its own idle delay; not idle reads as 0.
        if not values.get("IdleHint", False):
            return 0.0
        since_monotonic = int(values.get("IdleSinceHintMonotonic", 0))
        if since_monotonic:
            return max(0.0, self._clock.monotonic() - since_monotonic / 1e6)
        since_wall = int(values.get("IdleSinceHint", 0))
        if since_wall:
            return max(0.0, self._clock.now().timestamp() - since_wall / 1e6)
        return None

    def _own_session(self) -> SessionInfo:
        uid = self._access.own_uid
        environ = self._access.environ
        me = SessionInfo(
            id=environ.get("XDG_SESSION_ID") or f"process-session-{os.getsid(0)}",
            user=_name_of(uid),
            uid=uid,
            active=True,
            locked=False,
            idle_seconds=None,
            remote="SSH_CONNECTION" in environ,
        )
        try:
            bus = self._access.session_bus(me)
        except WayFailed:
            return me
        return replace(
            me, locked=_screen_saver_active(bus) or False, idle_seconds=_desktop_idle_seconds(bus)
        )

    def _screen_saver_lock(self, session: SessionInfo) -> None:
        bus = self._access.session_bus(session)
        refusals: list[str] = []
        for saver in SCREEN_SAVERS:
            message = method_call(
                saver.name,
                saver.path,
                saver.name,
                "Lock",
                saver.lock_signature,
                saver.lock_body,
                auto_start=False,
            )
            try:
                bus.call(message)
            except BusTimeout as exc:
                # A bus that does not answer will not answer the next name either.
                refusals.append(f"{saver.name}: {exc}")
                break
            except BusError as exc:
                refusals.append(f"{saver.name}: {exc}")
                continue
            return
        raise WayFailed("; ".join(refusals))


class LinuxNotifier:
    """Notifications through the desktop's notification service, else `notify-send`."""

    def __init__(
        self, access: SessionAccess, commands: Commands, app_name: str = "Guardian"
    ) -> None:
        self._access = access
        self._commands = commands
        self._app_name = app_name

    def notify(self, session: SessionInfo, title: str, body: str, *, urgent: bool = False) -> None:
        """Show a notification; urgent ones are critical, which desktops keep until dismissed."""
        hints = {"urgency": ("y", URGENCY_CRITICAL if urgent else URGENCY_NORMAL)}
        first_that_works(
            f"show a notification to {session.user} (session {session.id})",
            [
                (
                    "org.freedesktop.Notifications over D-Bus",
                    lambda: self._access.session_bus(session).call(
                        method_call(
                            NOTIFICATIONS,
                            NOTIFICATIONS_PATH,
                            NOTIFICATIONS,
                            "Notify",
                            "susssasa{sv}i",
                            (self._app_name, 0, "", title, body, [], hints, -1),
                        )
                    ),
                ),
                (
                    "notify-send",
                    lambda: self._commands.run(
                        self._access.command(
                            session,
                            [
                                "notify-send",
                                f"--urgency={'critical' if urgent else 'normal'}",
                                f"--app-name={self._app_name}",
                                "--",
                                title,
                                body,
                            ],
                        )
                    ),
                ),
            ],
        )


class LinuxAccounts:
    """People's accounts from the user database: uids UID_MIN..UID_MAX with a login shell."""

    def __init__(
        self,
        login_defs: Path = LOGIN_DEFS,
        *,
        passwd: Callable[[], list[pwd.struct_passwd]] = pwd.getpwall,
        groups: Callable[[], list[grp.struct_group]] = grp.getgrall,
        by_uid: Callable[[int], pwd.struct_passwd] = pwd.getpwuid,
        own_uid: Callable[[], int] = os.getuid,
    ) -> None:
        self._login_defs = login_defs
        self._passwd = passwd
        self._groups = groups
        self._by_uid = by_uid
        self._own_uid = own_uid

    def accounts(self) -> list[AccountInfo]:
        """Accounts in the people's uid range that can log in, sorted by name."""
        people = read_uid_range(self._login_defs)
        admins = self._admins()
        seen: dict[str, AccountInfo] = {}
        for entry in self._passwd():
            if entry.pw_uid in people and not _login_disabled(entry.pw_shell):
                seen.setdefault(entry.pw_name, _account(entry, admins))
        return sorted(seen.values(), key=lambda account: account.name)

    def current(self) -> AccountInfo:
        """The account of this process's uid, even when it is a system account such as root."""
        return _account(own_user_entry(self._own_uid, self._by_uid), self._admins())

    def _admins(self) -> Admins:
        names: set[str] = set()
        gids: set[int] = set()
        for group in self._groups():
            if group.gr_name in ADMIN_GROUPS:
                names.update(group.gr_mem)
                gids.add(group.gr_gid)
        return frozenset(names), frozenset(gids)


def build_platform() -> Platform:
    """The Linux adapters, sharing one system-bus connection and one command runner."""
    commands = CommandRunner()
    access = SessionAccess()
    return Platform(
        "linux",
        LinuxSessions(access, commands),
        LinuxNotifier(access, commands),
        LinuxAccounts(),
        apps=LinuxApps(read_uid_range),
        exec_events=LinuxExecEvents(),
    )


def _account(entry: pwd.struct_passwd, admins: Admins) -> AccountInfo:
    names, gids = admins
    full_name = entry.pw_gecos.split(",", 1)[0].strip() or entry.pw_name
    is_admin = entry.pw_uid == 0 or entry.pw_name in names or entry.pw_gid in gids
    return AccountInfo(entry.pw_name, full_name, entry.pw_uid, is_admin)


def _login_disabled(shell: str) -> bool:
    return Path(shell).name in LOGIN_DISABLED_SHELLS


def _uid_of(user: str) -> int:
    try:
        return pwd.getpwnam(user).pw_uid
    except KeyError:
        raise PlatformError(f"There is no account named {user!r} on this computer.") from None


def _name_of(uid: int) -> str:
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return str(uid)


def _unwrap(properties: Mapping[str, Any]) -> dict[str, Any]:
    """Property values without their D-Bus variant signatures, as jeepney returns (sig, value)."""
    values: dict[str, Any] = {}
    for name, variant in properties.items():
        values[name] = variant[1] if isinstance(variant, tuple) and len(variant) == 2 else variant
    return values


def _screen_saver_active(bus: Bus) -> bool | None:
    """Whether the desktop's screen saver (and so its lock) is up, from the first that answers."""
    for saver in SCREEN_SAVERS:
        try:
            (active,) = bus.call(
                method_call(saver.name, saver.path, saver.name, "GetActive", auto_start=False)
            )
        except BusTimeout:
            return None
        except BusError:
            continue
        return bool(active)
    return None


def _desktop_idle_seconds(bus: Bus) -> float | None:
    """Seconds since the last input, from KDE's (freedesktop) or GNOME's (Mutter) idle service."""
    try:
        (seconds,) = bus.call(
            method_call(
                "org.freedesktop.ScreenSaver",
                "/ScreenSaver",
                "org.freedesktop.ScreenSaver",
                "GetSessionIdleTime",
                auto_start=False,
            )
        )
        return float(seconds)
    except BusTimeout:
        return None
    except BusError:
        pass
    try:
        (milliseconds,) = bus.call(
            method_call(
                "org.gnome.Mutter.IdleMonitor",
                "/org/gnome/Mutter/IdleMonitor/Core",
                "org.gnome.Mutter.IdleMonitor",
                "GetIdletime",
                auto_start=False,
            )
        )
        return float(milliseconds) / 1000.0
    except BusError:
        return None
