"""One-time codes from the parent's authenticator app (RFC 6238 TOTP: SHA-1, 6 digits, 30 s).

The parent enrols a standard authenticator app once: `begin` makes a new 160-bit secret, kept
in memory only until `confirm` gets a right code made from it; then it is stored in the secret
store (never in the policy, the log or an event) in place of the old one. A code is accepted
for its own 30 s step and one step either side (phones' clocks drift), once: the newest step
accepted is persisted, so neither that code nor an older one is ever accepted again, even after
a restart. Wrong codes count against the same per-account throttle as wrong parent passwords.
Time is the service's trusted time, never the raw system clock.
"""

from __future__ import annotations

import logging
import socket
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from guardian.api import InvalidRequest
from guardian.auth import ParentAuth
from guardian.secrets import SecretStore

if TYPE_CHECKING:
    import pyotp

log = logging.getLogger(__name__)
SEED_NAME = "totp_seed"
"""The secret store's name of the enrolled authenticator secret (base32)."""
LAST_STEP_KEY = "totp-last-step"
"""Ledger meta: the newest time step (counter) whose code was accepted."""
ISSUER = "Guardian"
DIGITS = 6
STEP_SECONDS = 30
WINDOW = 1
"""Steps accepted either side of the current one."""


@dataclass(frozen=True, slots=True)
class PendingSeed:
    """A secret shown to the parent, not confirmed yet."""

    secret: str
    uri: str


def _totp(secret: str, digits: int = DIGITS) -> pyotp.TOTP:
    import pyotp  # loaded on first use: most of the service's life never needs it

    return pyotp.TOTP(secret, digits=digits, interval=STEP_SECONDS)


def matching_step(secret: str, code: str, at: float, digits: int = DIGITS) -> int | None:
    """The time step (counter) within WINDOW of `at` whose code is `code`, newest first;
    None when none is. Codes are compared in constant time."""
    from hmac import compare_digest

    cleaned = code.replace(" ", "")
    if len(cleaned) != digits or not cleaned.isascii() or not cleaned.isdigit():
        return None
    totp = _totp(secret, digits)
    current = int(at) // STEP_SECONDS
    found = None
    for step in range(current + WINDOW, current - WINDOW - 1, -1):
        if step >= 0 and compare_digest(totp.generate_otp(step), cleaned) and found is None:
            found = step
    return found


def host_label() -> str:
    """The label an authenticator app shows next to the codes: this computer's name."""
    return socket.gethostname().split(".", 1)[0] or "computer"


class OneTimeCodes:
    """The enrolled authenticator secret, codes checked against it, and enrolment.

    `now` gives trusted seconds; `load`/`save` persist the newest accepted step (ledger meta).
    """

    def __init__(
        self,
        secrets: SecretStore,
        auth: ParentAuth,
        now: Callable[[], float],
        load: Callable[[], str | None],
        save: Callable[[str], None],
        mark: Callable[[bool], None] = lambda _on: None,
        label: Callable[[], str] = host_label,
    ) -> None:
        self._secrets = secrets
        self._auth = auth
        self._now = now
        self._load = load
        self._save = save
        self._mark = mark
        """Told True when an app is set up and False when turned off, for what may not read
        the secret store (a child's status)."""
        self._label = label
        self._pending: PendingSeed | None = None
        self._enrolled: bool | None = None
        """Whether a secret is stored, read once: every child's status asks."""

    def enrolled(self) -> bool:
        """Whether an authenticator app is set up."""
        if self._enrolled is None:
            self._enrolled = bool(self._secrets.get(SEED_NAME))
        return self._enrolled

    def begin(self) -> PendingSeed:
        """A new secret and its otpauth:// URI, pending until `confirm` (replaces any earlier
        pending one; the enrolled secret stays in use meanwhile)."""
        import pyotp

        secret = pyotp.random_base32()  # 32 base32 characters: 160 bits from `secrets`
        uri = _totp(secret).provisioning_uri(name=self._label(), issuer_name=ISSUER)
        self._pending = PendingSeed(secret, uri)
        return self._pending

    def confirm(self, account: str, code: str) -> None:
        """Turn the pending secret on with a code made from it. WrongPassword (counted against
        `account`'s throttle) when the code does not match; Throttled while that account
        waits; InvalidRequest when nothing is pending."""
        pending = self._pending
        if pending is None:
            raise InvalidRequest("no authenticator secret is waiting to be confirmed")
        at = self._now()
        step = self._auth.check_code(account, lambda: matching_step(pending.secret, code, at))
        self._secrets.set(SEED_NAME, pending.secret)
        self._enrolled = True
        self._mark(True)
        self._pending = None
        self._save_step(step)
        log.info("approval by one-time code was set up")

    def remove(self) -> None:
        """Turn approval by code off: the secret (and any pending one) is forgotten."""
        self._pending = None
        self._secrets.delete(SEED_NAME)
        self._enrolled = False
        self._mark(False)
        log.info("approval by one-time code was turned off")

    def accept(self, account: str, code: str) -> None:
        """Accept a code once. WrongPassword (counted against `account`'s throttle) for a
        wrong, used, older or expired code; Throttled while that account waits;
        InvalidRequest when no authenticator app is set up."""
        secret = self._secrets.get(SEED_NAME)
        if not secret:
            raise InvalidRequest("approval by code is not set up")
        at = self._now()
        last = self.last_step()

        def fresh() -> int | None:
            step = matching_step(secret, code, at)
            return step if step is not None and (last is None or step > last) else None

        self._save_step(self._auth.check_code(account, fresh))

    def last_step(self) -> int | None:
        """The newest step whose code was accepted; a stored value that cannot be read is
        logged and taken as far in the future, so no code is accepted until a new enrolment
        (fail closed)."""
        text = self._load()
        if text is None:
            return None
        try:
            return int(text)
        except ValueError:
            log.error("the last accepted one-time code step is unreadable (%r)", text[:40])
            return 2**62

    def _save_step(self, step: int) -> None:
        self._save(str(step))
