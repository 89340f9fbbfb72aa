"""Which connections the service lets in and how long it keeps them, so that no account's
connections keep another's waiting (docs/protocol.md, "Limits").

Each ordinary account may hold a few connections, and all of them together fewer than the
service's maximum: the rest is reserved for administrators (root, the service's own account,
accounts the platform reports as admins) and for connections holding a live parent token.
Pure rules over counts; the server owns the sockets and the timers.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from guardian.platform.base import Accounts, PlatformError

log = logging.getLogger(__name__)
ADMINS_CACHE_SECONDS = 60.0


@dataclass(frozen=True, slots=True)
class ConnectionLimits:
    """How many connections are held and for how long."""

    total: int = 128
    per_account: int = 16
    """Connections one ordinary account may hold (not counting those with a parent token)."""
    reserved: int = 32
    """Of `total`, the slots only administrators and parent connections may take."""
    frame_seconds: float = 5.0
    """A frame once begun must be complete within this time, or the connection is closed."""
    idle_seconds: float = 60.0
    """A connection that never subscribed to events is closed after this much silence."""


def refusal(
    limits: ConnectionLimits,
    account: str | None,
    privileged: bool,
    total: int,
    ordinary: Counter[str | None],
) -> str | None:
    """Why a new connection of `account` is refused, or None to let it in.

    `total` counts every open connection; `ordinary` those of ordinary accounts without a live
    parent token, by account (connections whose account is unknown count as one account, None).
    """
    if total >= limits.total:
        return f"{total} connections are open already"
    if privileged:
        return None
    if ordinary[account] >= limits.per_account:
        return f"the account holds {ordinary[account]} connections already"
    if ordinary.total() >= limits.total - limits.reserved:
        return "the connections for ordinary accounts are all taken"
    return None


class Administrators:
    """Answers whether an account is an administrator: root, the service's own account, or an
    account the platform reports as admin (asked at most once a minute)."""

    def __init__(self, accounts: Accounts, own: str | None, monotonic: Callable[[], float]) -> None:
        self._accounts = accounts
        self._always = {"root"} | ({own} if own else set())
        self._monotonic = monotonic
        self._admins: frozenset[str] = frozenset()
        self._asked: float | None = None

    def __call__(self, account: str | None) -> bool:
        if account is None:
            return False
        if account in self._always:
            return True
        now = self._monotonic()
        if self._asked is None or now - self._asked >= ADMINS_CACHE_SECONDS:
            self._asked = now
            try:
                people = self._accounts.accounts()
            except PlatformError as exc:
                log.warning("cannot list accounts to know the administrators: %s", exc)
                people = []
            self._admins = frozenset(p.name for p in people if p.is_admin)
        return account in self._admins
