"""The parent password and the tokens it buys.

The password is kept only as an Argon2id verifier at OWASP parameters. Wrong tries are counted
per OS account: after five, every further try from that account waits longer, so a child's
guesses never lock out the parent's account or an administrator's. The counts and waits survive
a restart. Tokens are 256 random bits that expire after ten idle minutes and are compared in
constant time.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass
from functools import cache
from typing import TYPE_CHECKING, TypeVar

from guardian.api import AuthRequired, InvalidRequest, Throttled, WrongPassword
from guardian.memory import release_freed_memory
from guardian.secrets import SecretStore

if TYPE_CHECKING:
    from argon2 import PasswordHasher

VERIFIER = "parent-password"
FREE_TRIES = 5
FIRST_DELAY = 30.0
MAX_DELAY = 3600.0
TOKEN_IDLE_SECONDS = 600.0
MIN_PASSWORD_LENGTH = 6
MAX_THROTTLED_ACCOUNTS = 256
"""Accounts whose wrong tries are remembered at most; the least throttled are forgotten first."""

MIN_MEMORY_KIB = 7 * 1024
MIN_WORK = 7 * 1024 * 5
"""Memory (KiB) times passes at least OWASP's weakest Argon2id choice (7 MiB, 5 passes); its
others (19 MiB and 2 passes, 47 MiB and 1) are stronger."""
MAX_MEMORY_KIB = 256 * 1024
MAX_TIME_COST = 10
MAX_PARALLELISM = 8
"""Upper bounds: the service computes a deployed verifier at every login, so a verifier must
not ask for more memory or time than a lab machine can give in a moment."""
MIN_SALT_BYTES = 16
MIN_HASH_BYTES = 16
T = TypeVar("T")
_PHC = re.compile(
    r"\$argon2id\$v=(\d{1,3})\$m=(\d{1,10}),t=(\d{1,10}),p=(\d{1,3})"
    r"\$([A-Za-z0-9+/]{1,512})\$([A-Za-z0-9+/]{1,512})"
)


def check_verifier(verifier: str) -> str:
    """The verifier if it is an Argon2id PHC string (`$argon2id$v=19$m=…,t=…,p=…$salt$hash`)
    with sane parameters; InvalidRequest saying what is wrong otherwise.

    A deployed parent password is only ever such a string, never the password itself.
    """
    found = _PHC.fullmatch(verifier)
    if found is None:
        raise InvalidRequest(
            "this is not an Argon2id verifier: expected a PHC string like "
            "$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash> (never the password itself; "
            "`guardian password verifier` makes one)"
        )
    version, memory, time_cost, lanes = (int(found.group(i)) for i in range(1, 5))
    salt, digest = (_unpadded_b64(found.group(i)) for i in (5, 6))
    problems = []
    if version != 19:
        problems.append(f"version v={version} is not 19 (Argon2 1.3)")
    if not MIN_MEMORY_KIB <= memory <= MAX_MEMORY_KIB:
        problems.append(f"memory m={memory} KiB is outside {MIN_MEMORY_KIB}-{MAX_MEMORY_KIB}")
    if not 1 <= time_cost <= MAX_TIME_COST:
        problems.append(f"passes t={time_cost} is outside 1-{MAX_TIME_COST}")
    if memory * time_cost < MIN_WORK:
        problems.append(
            f"m={memory} with t={time_cost} is weaker than OWASP's minimum "
            "(m=19456,t=2 or m=7168,t=5)"
        )
    if not 1 <= lanes <= MAX_PARALLELISM:
        problems.append(f"lanes p={lanes} is outside 1-{MAX_PARALLELISM}")
    if salt is None or len(salt) < MIN_SALT_BYTES:
        problems.append(f"the salt is not base64 of at least {MIN_SALT_BYTES} bytes")
    if digest is None or len(digest) < MIN_HASH_BYTES:
        problems.append(f"the hash is not base64 of at least {MIN_HASH_BYTES} bytes")
    if problems:
        raise InvalidRequest("the Argon2id verifier is refused: " + "; ".join(problems))
    return verifier


def _unpadded_b64(text: str) -> bytes | None:
    """PHC strings carry base64 without padding; None when `text` is not such base64."""
    try:
        return base64.b64decode(text + "=" * (-len(text) % 4), validate=True)
    except (binascii.Error, ValueError):
        return None


@cache
def hasher() -> PasswordHasher:
    """Argon2id at OWASP's recommendation: 19 MiB, 2 iterations, 1 lane.

    Loaded on first use: argon2-cffi costs memory that a tray waiting for the child should not.
    """
    from argon2 import PasswordHasher

    return PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)


@dataclass
class _Throttle:
    """One account's wrong tries since its last right one."""

    failures: int = 0
    locked_until: float = 0.0


class ParentAuth:
    """Checks the parent password, throttles guessing per account and issues tokens.

    `now` gives trusted seconds (for the persisted throttle), `monotonic` measures token idleness;
    `load`/`save` persist the throttle state as text.
    """

    def __init__(
        self,
        store: SecretStore,
        now: Callable[[], float],
        monotonic: Callable[[], float],
        load: Callable[[], str | None],
        save: Callable[[str], None],
    ) -> None:
        self._store = store
        self._now = now
        self._monotonic = monotonic
        self._save = save
        state = json.loads(load() or "{}")
        self._password_set = bool(state.get("password_set", False))
        """A hint only: True saves reading the keystore at start; False is checked there."""
        # One count for everyone, as written by earlier versions, is not carried over: it would
        # hold every account to a child's guesses.
        self._throttles = {
            str(account): _Throttle(int(t.get("failures", 0)), float(t.get("locked_until", 0)))
            for account, t in dict(state.get("accounts", {})).items()
        }
        self._tokens: dict[str, float] = {}

    def is_set(self) -> bool:
        """Whether a parent password exists."""
        if not self._password_set and self._store.get(VERIFIER) is not None:
            self._password_set = True
            self._persist()
        return self._password_set

    def set_password(self, new_password: str) -> str:
        """Store a new verifier, revoke every token and return a fresh one."""
        if len(new_password) < MIN_PASSWORD_LENGTH:
            raise InvalidRequest(f"the password needs at least {MIN_PASSWORD_LENGTH} characters")
        self._store.set(VERIFIER, hasher().hash(new_password))
        release_freed_memory()
        self._password_set = True
        self._persist()
        self._tokens.clear()
        return self._issue()

    def set_verifier(self, verifier: str) -> bool:
        """Store a deployed Argon2id verifier (checked by `check_verifier`) and revoke every
        token; False, and nothing touched, when that very verifier is in place already (a
        deployment run again changes nothing)."""
        checked = check_verifier(verifier)
        if self._password_set and self._store.get(VERIFIER) == checked:
            return False
        self._store.set(VERIFIER, checked)
        self._password_set = True
        self._persist()
        self._tokens.clear()
        return True

    def reset(self) -> None:
        """Forget the password, every account's wrong tries and every token: the next parent
        to open Guardian (an administrator, see the service) sets a new password."""
        self._store.delete(VERIFIER)
        self._password_set = False
        self._throttles.clear()
        self._tokens.clear()
        self._persist()

    def forgive(self) -> None:
        """Forget every account's wrong tries (an administrator replaced the password)."""
        self._throttles.clear()
        self._persist()

    def retry_after(self, account: str) -> float:
        """Seconds until another try from `account` is accepted (0 when not throttled)."""
        throttle = self._throttles.get(account)
        return 0.0 if throttle is None else max(0.0, throttle.locked_until - self._now())

    def login(self, password: str, account: str) -> str:
        """A token for the right password from the OS account `account`; WrongPassword or
        Throttled (that account's wrong tries only) otherwise."""
        wait = self.retry_after(account)
        if wait > 0:
            raise Throttled(wait)
        verifier = self._store.get(VERIFIER)
        if verifier is None:
            raise AuthRequired("no parent password is set yet")
        from argon2.exceptions import InvalidHashError, VerificationError

        try:
            hasher().verify(verifier, password)
        except (VerificationError, InvalidHashError):
            self._fail(account)
            raise WrongPassword("wrong parent password") from None
        finally:
            release_freed_memory()
        if hasher().check_needs_rehash(verifier):
            self._store.set(VERIFIER, hasher().hash(password))
            release_freed_memory()
        hinted, self._password_set = self._password_set, True
        if self._throttles.pop(account, None) is not None or not hinted:
            self._persist()
        return self._issue()

    def check_code(self, account: str, verify: Callable[[], T | None]) -> T:
        """Check a one-time code from the parent's authenticator app under the same throttle
        as the password: Throttled while `account` waits; `verify` returns what the code
        proved (None: it is wrong, used or expired), and a wrong code counts as a wrong
        password (WrongPassword). A right code does not forgive earlier wrong tries."""
        wait = self.retry_after(account)
        if wait > 0:
            raise Throttled(wait)
        found = verify()
        if found is None:
            self._fail(account)
            raise WrongPassword("wrong, used or expired one-time code")
        return found

    def failures(self, account: str) -> int:
        """Wrong tries from `account` since its last right one."""
        throttle = self._throttles.get(account)
        return 0 if throttle is None else throttle.failures

    def _fail(self, account: str) -> None:
        throttle = self._throttles.setdefault(account, _Throttle())
        throttle.failures += 1
        over = throttle.failures - FREE_TRIES
        if over >= 0:
            delay = min(MAX_DELAY, FIRST_DELAY * 2**over)
            throttle.locked_until = self._now() + delay
        while len(self._throttles) > MAX_THROTTLED_ACCOUNTS:
            least = min(
                (a for a in self._throttles if a != account),
                key=lambda a: (self._throttles[a].locked_until, self._throttles[a].failures),
            )
            del self._throttles[least]
        self._persist()

    def _persist(self) -> None:
        accounts = {account: asdict(t) for account, t in self._throttles.items()}
        self._save(json.dumps({"password_set": self._password_set, "accounts": accounts}))

    def _issue(self) -> str:
        import secrets  # with hmac below: OpenSSL, loaded only once a parent logs in

        token = secrets.token_hex(32)
        self._tokens[token] = self._monotonic()
        return token

    def check(self, token: str | None) -> None:
        """Accept a live token (refreshing its idle timer) or raise AuthRequired."""
        match = self._live(token)
        if match is None:
            raise AuthRequired("a valid parent token is required")
        self._tokens[match] = self._monotonic()

    def is_live(self, token: str | None) -> bool:
        """Whether `check` would accept a token, without refreshing its idle timer."""
        return self._live(token) is not None

    def _live(self, token: str | None) -> str | None:
        now = self._monotonic()
        for known, last_used in list(self._tokens.items()):
            if now - last_used > TOKEN_IDLE_SECONDS:
                del self._tokens[known]
        match = None
        if not self._tokens:
            return None
        from hmac import compare_digest

        for known in self._tokens:
            # Compare against every token so timing does not reveal which prefix matched.
            if compare_digest(known.encode(), (token or "").encode()):
                match = known
        return match

    def logout(self, token: str) -> None:
        """Revoke one token."""
        self._tokens.pop(token, None)
