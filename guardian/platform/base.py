"""The platform adapter interfaces: one `Protocol` per concern, one module per OS.

The service talks to the OS only through these. Each OS module builds a `Platform` from its own
implementations; `guardian.platform.current()` picks the module once at start.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from guardian.platform.browsers import ManagedBrowsers
    from guardian.platform.nft import DnsAttribution
    from guardian.platform.system_dns import SystemDns
    from rules.catalogue import OsName


class PlatformError(Exception):
    """The OS refused or could not carry out an action; the message says which and why."""


@dataclass(frozen=True, slots=True)
class SessionInfo:
    """One login session as the OS reports it."""

    id: str
    user: str
    uid: int | None
    active: bool
    """The session is in the foreground of its seat or console (not switched away)."""
    locked: bool
    idle_seconds: float | None
    """Seconds since the last input, or None when the OS does not tell."""
    remote: bool = False


@dataclass(frozen=True, slots=True)
class AccountInfo:
    """A person's OS account that a profile can restrict."""

    name: str
    full_name: str
    uid: int | None
    is_admin: bool


class SessionControl(Protocol):
    """Sessions, their state, and the actions taken on them when time is up."""

    def sessions(self) -> list[SessionInfo]:
        """All current login sessions of people (not system services)."""
        ...

    def lock(self, session: SessionInfo) -> None:
        """Lock the session's screen; raises PlatformError when no way works."""
        ...

    def logout(self, session: SessionInfo) -> None:
        """End the session, closing the user's programs."""
        ...

    def shutdown(self) -> None:
        """Power the machine off."""
        ...

    def suspend(self) -> None:
        """Suspend the machine to RAM."""
        ...

    def end_processes(self, session: SessionInfo) -> int:
        """Terminate, then kill, the session user's processes; returns how many were ended.

        Never touches processes of other users, of the system or of Guardian itself.
        """
        ...


class Notifier(Protocol):
    """Desktop notifications shown in a session."""

    def notify(self, session: SessionInfo, title: str, body: str, *, urgent: bool = False) -> None:
        """Show a notification; PlatformError when the session has no notification service."""
        ...


class Accounts(Protocol):
    """The machine's user accounts."""

    def accounts(self) -> list[AccountInfo]:
        """Accounts of people, without system and service accounts."""
        ...

    def current(self) -> AccountInfo:
        """The account this process runs as."""
        ...


class AppPlatform(Protocol):
    """What the OS tells about running apps: which one is in front, and their own app ids."""

    def foreground_pid(self, session: SessionInfo) -> int | None:
        """The process id owning the session's focused window; None when the OS does not tell
        (Wayland, no display access, a service that cannot see the desktop). Never raises."""
        ...

    def app_ids(self, pid: int, exe: str) -> tuple[str, ...]:
        """The OS's own ids of a running app: Windows AppUserModelID and package family,
        macOS bundle id, Flatpak id, Snap name. Empty when it has none; never raises."""
        ...

    def owns(self, session: SessionInfo, pid: int, uids: tuple[int, ...], username: str) -> bool:
        """Whether a process belongs to the session's user alone, so that Guardian may end it:
        never root's, the system's, another user's or a set-uid program's."""
        ...


class ExecEvents(Protocol):
    """Launch notifications from the OS, so that a blocked app is caught at once."""

    def start(self, on_exec: Callable[[int], None]) -> bool:
        """Start delivering the pids of processes that just executed a program, from a
        background thread; False when the OS or the rights do not allow it."""
        ...

    def stop(self) -> None:
        """Stop delivering; stopping twice is harmless."""
        ...


class NoExecEvents:
    """For an OS or a process without launch events: polling alone finds new apps."""

    def start(self, on_exec: Callable[[int], None]) -> bool:
        """Never starts."""
        return False

    def stop(self) -> None:
        """Nothing to stop."""


class ManagedPolicyError(PlatformError):
    """The OS-managed policy holds something Guardian cannot read; the message says what and
    where (a registry value, a plist key)."""


class ManagedPolicy(Protocol):
    """The policy a school's management tool pushes through the OS (Group Policy's registry
    key, a macOS configuration profile), as a partial policy (docs/schools.md)."""

    where: str
    """Where it is read from, as an admin would look it up (a registry key, a plist's path)."""

    def read(self) -> dict[str, Any] | None:
        """The managed values as plain data; None when nothing is managed. Raises
        ManagedPolicyError when a value cannot be read."""
        ...


@dataclass(frozen=True, slots=True)
class SitesPlatform:
    """What site rules need of the OS, where Guardian runs as the system service."""

    system_dns: SystemDns
    """The machine's resolver settings (`guardian.platform.system_dns`)."""
    browsers: ManagedBrowsers
    """Managed policies of the installed browsers (`guardian.platform.browsers`)."""
    attribution: DnsAttribution | None = None
    """None: queries are attributed to the active session's profile."""


@dataclass(frozen=True, slots=True)
class Platform:
    """The adapters for the OS Guardian runs on."""

    name: str
    sessions: SessionControl
    notifier: Notifier
    accounts: Accounts
    apps: AppPlatform | None = None
    """None: app rules cannot be enforced on this platform, and the parent is told so."""
    exec_events: ExecEvents = field(default_factory=NoExecEvents)
    sites: SitesPlatform | None = None
    """None: the system's DNS and browsers are not touched (standalone mode, tests)."""
    managed_policy: ManagedPolicy | None = None
    """None: the OS has no managed policy store Guardian reads (Linux, standalone mode)."""

    @property
    def os(self) -> OsName:
        """The OS as the app catalogue names it (Linux for every other POSIX system)."""
        if self.name == "windows":
            return "windows"
        return "macos" if self.name == "macos" else "linux"
