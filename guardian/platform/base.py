"""The platform adapter interfaces: one `Protocol` per concern, one module per OS.

The service talks to the OS only through these. Each OS module builds a `Platform` from its own
implementations; `guardian.platform.current()` picks the module once at start.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


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


@dataclass(frozen=True, slots=True)
class Platform:
    """The adapters for the OS Guardian runs on."""

    name: str
    sessions: SessionControl
    notifier: Notifier
    accounts: Accounts
