"""Tamper watch: clock changes, administrator children, new accounts, an edited secrets file
and a child's tray that stops while the session is in use. Recorded for the parent."""

from __future__ import annotations

import json
import logging
from datetime import datetime

from guardian.compiled import CompiledPolicy
from guardian.features.base import FILE_CHECK_SECONDS, Feature, ServiceContext, Tick
from guardian.platform.base import PlatformError
from guardian.problems import Problem, ProblemCode
from guardian.secrets import SecretStore
from guardian.trusted_time import ClockJump

log = logging.getLogger(__name__)
KNOWN_ACCOUNTS_KEY = "known-accounts"
ACCOUNT_CHECK_SECONDS = 60.0
MAX_NOTICES = 5


class TamperWatch(Feature):
    """Looks for what a child (or an adult helping one) might change behind the parent."""

    name = "tamper"

    def __init__(self, context: ServiceContext, secrets: SecretStore) -> None:
        self._ctx = context
        self._secrets = secrets
        self._admin_children: dict[str, Problem] = {}
        self._notices: list[Problem] = []
        """Things to tell the parent once seen (new accounts, an edited secrets file)."""
        now = context.clock.monotonic()
        self._last_accounts = self._last_files = now

    def start(self) -> None:
        """Record a clock moved while the service was stopped, and look at the accounts."""
        now = self._ctx.trusted.now()
        jump = self._ctx.trusted.start_jump
        if jump is not None:
            self._record_jump(now, jump, "clock_changed_while_stopped")
        self.check_accounts(now)

    def compile(self, policy: CompiledPolicy) -> None:
        """A new policy may restrict other accounts: look again."""
        self.check_accounts(self._ctx.trusted.now())

    def act(self, tick: Tick) -> None:
        """Clock jumps every tick; the secrets file every few seconds; accounts every minute."""
        jump = self._ctx.trusted.check()
        if jump is not None:
            self._record_jump(tick.now, jump, "clock_jump")
        mono = self._ctx.clock.monotonic()
        if mono - self._last_files >= FILE_CHECK_SECONDS:
            self._last_files = mono
            self._check_secrets(tick.now)
        if mono - self._last_accounts >= ACCOUNT_CHECK_SECONDS:
            self._last_accounts = mono
            self.check_accounts(tick.now)

    def problems(self) -> list[Problem]:
        """Administrator children now, and the latest notices."""
        return [*self._admin_children.values(), *self._notices[-MAX_NOTICES:]]

    def _record_jump(self, now: datetime, jump: ClockJump, what: str) -> None:
        log.warning("%s: wall clock %+.0f s off trusted time", what, jump.seconds)
        self._ctx.ledger.record(
            now, "tamper", None, what=what, seconds=jump.seconds, wall=jump.wall.isoformat()
        )

    def _check_secrets(self, now: datetime) -> None:
        """Only the service writes the secrets file: any other change is reported."""
        if self._secrets.changed_behind_back():
            where = str(self._secrets.fallback_file)
            self._ctx.ledger.record(now, "tamper", None, what="secrets_edited", file=where)
            self._notices.append(Problem(ProblemCode.SECRETS_EDITED, {"file": where}))

    def check_accounts(self, now: datetime) -> None:
        """Report administrator children and accounts that appeared since the last look."""
        try:
            people = self._ctx.platform.accounts.accounts()
        except PlatformError as exc:
            log.warning("cannot list accounts: %s", exc)
            return
        policy = self._ctx.policy()
        ledger = self._ctx.ledger
        known_text = ledger.meta(KNOWN_ACCOUNTS_KEY)
        known = set(json.loads(known_text)) if known_text else None
        admins: dict[str, Problem] = {}
        for person in people:
            profile = policy.for_account(person.name)
            profile_id = "" if profile is None else profile.id
            if known is not None and person.name not in known:
                ledger.record(
                    now,
                    "account_added",
                    None,
                    account=person.name,
                    restricted_by=profile_id or None,
                )
                self._notices.append(
                    Problem(
                        ProblemCode.ACCOUNT_ADDED, {"account": person.name, "profile": profile_id}
                    )
                )
            if profile is not None and person.is_admin:
                admins[person.name] = Problem(
                    ProblemCode.ADMIN_CHILD,
                    {"account": person.name, "profile": profile_id},
                    dismissable=False,
                )
        for name in admins.keys() - self._admin_children.keys():
            ledger.record(now, "tamper", None, what="admin_child", account=name)
        self._admin_children = admins
        listed = json.dumps(sorted(p.name for p in people))
        if listed != known_text:  # a write a minute for nothing would cost a transaction
            ledger.set_meta(KNOWN_ACCOUNTS_KEY, listed)

    def tray_lost(self, account: str) -> None:
        """A tray went away: tamper when it was the child's, in an active unlocked session."""
        if self._ctx.policy().for_account(account) is None:
            return
        if any(s.user == account and s.active and not s.locked for s in self._ctx.sessions()):
            self._ctx.ledger.record(
                self._ctx.trusted.now(), "tamper", None, what="tray_stopped", account=account
            )
