"""The Guardian service: a coordinator of features (docs/architecture.md).

The coordinator owns trusted time, storage, the policy in force, the sessions and the tick. The
features (screen time, apps, tamper watch, requests) each own one capability and are called
through `guardian.features.base.Feature`. It is driven by `tick()` (at most every 2 s) from
whatever hosts it: the headless service's QtCore loop, or the tray in standalone mode.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime, timedelta
from functools import partial
from typing import Annotated, Any, TypeVar

import msgspec

from guardian.api import (
    ADDRESSED_EVENTS,
    NEWEST_EVENTS,
    AuthRequired,
    Event,
    EventKind,
    EventPage,
    EventQuery,
    InvalidRequest,
    LoggedEvent,
    RunningApp,
    SetupState,
    Status,
)
from guardian.auth import ParentAuth
from guardian.clock import Clock
from guardian.compiled import CompiledPolicy, compile_policy
from guardian.events import EventHub
from guardian.features.base import (
    FILE_CHECK_SECONDS,
    Feature,
    ServiceContext,
    ServiceOptions,
    Tick,
    WatchedSession,
)
from guardian.features.registry import build_features
from guardian.features.requests import PolicyAccess
from guardian.features.screen_time import ScreenTime
from guardian.ledger import UsageLedger
from guardian.methods import Access, Caller, Method, MethodTable
from guardian.paths import DataPaths
from guardian.platform.base import Platform, PlatformError, SessionInfo
from guardian.platform.locations import local_zone
from guardian.policy_layers import LockedValues, PolicyLayers
from guardian.policy_store import PolicyStore
from guardian.problems import Problem, ProblemCode
from guardian.secrets import SecretStore
from guardian.trusted_time import Anchor, TrustedTime
from rules.model import Policy, policy_from_data, policy_to_data
from rules.presets import default_policy

__all__ = ["GuardianService", "LocalApi", "ServiceOptions"]

log = logging.getLogger(__name__)
HIGH_WATER_SECONDS = 60.0
HIGH_WATER_KEY = "clock-high-water"
THROTTLE_KEY = "login-throttle"
RETENTION_DAYS = 400
SITE_DETAIL_DAYS = 56
"""Days every site counted stays one by one; older days keep their busiest and most blocked
sites and the rest as one row (see UsageLedger.prune)."""
FAILURES_TO_HOLD = 3
"""Ticks in a row a feature may fail before restricted sessions are held at time-up."""
F = TypeVar("F", bound=Feature)
MAX_EVENTS_LIMIT = 1000
MAX_KINDS = 64


def prune_ledger(ledger: UsageLedger, today: date) -> int:
    """The daily upkeep of the state: what is older than the retention period goes, site
    counts older than SITE_DETAIL_DAYS are folded; returns the events dropped."""
    return ledger.prune(
        today - timedelta(days=RETENTION_DAYS), today - timedelta(days=SITE_DETAIL_DAYS)
    )


class PolicyParams(msgspec.Struct, forbid_unknown_fields=True):
    """`policy.set`: the whole policy as plain data."""

    policy: dict[str, Any]


class PasswordParams(msgspec.Struct, forbid_unknown_fields=True):
    """`auth.set_password`: the current token (None while no password is set) and the new
    password."""

    token: str | None
    new_password: str


class VerifierParams(msgspec.Struct, forbid_unknown_fields=True):
    """`auth.set_verifier`: the current token (None while no password is set) and a deployed
    Argon2id verifier string."""

    token: str | None
    verifier: str


class ResetParams(msgspec.Struct, forbid_unknown_fields=True):
    """`auth.reset`: at most one of a new password and a verifier; neither forgets the
    password."""

    new_password: str | None = None
    verifier: str | None = None


class LoginParams(msgspec.Struct, forbid_unknown_fields=True):
    """`auth.login`."""

    password: str


class TokenParams(msgspec.Struct, forbid_unknown_fields=True):
    """`auth.logout`: the token to revoke."""

    token: str


class EventsParams(msgspec.Struct, forbid_unknown_fields=True):
    """`events.list`: a page of the log, newest first, optionally of some kinds or one profile,
    before a cursor (an event id from the previous page's `next`)."""

    kinds: Annotated[list[str], msgspec.Meta(max_length=MAX_KINDS)] | None = None
    profile_id: str | None = None
    before: int | None = None
    limit: Annotated[int, msgspec.Meta(ge=1, le=MAX_EVENTS_LIMIT)] = 200


class DismissParams(msgspec.Struct, forbid_unknown_fields=True):
    """`problems.dismiss`: the key of the problem to hide."""

    key: str


def problem_to_data(problem: Problem) -> dict[str, Any]:
    """A problem as plain data for the parent's windows."""
    return {
        "code": problem.code.value,
        "args": dict(problem.args),
        "detail": problem.detail,
        "dismissable": problem.dismissable,
        "key": problem.key,
    }


class GuardianService:
    """Coordinates the features over one data folder."""

    def __init__(
        self,
        paths: DataPaths,
        platform: Platform,
        clock: Clock,
        options: ServiceOptions,
        default_timezone: str | None = "UTC",
    ) -> None:
        """`default_timezone`: the zone of the built-in policy used before one is saved; None
        for the machine's own."""
        paths.create()  # a folder that cannot be made is logged; the ledger copes
        self.paths = paths
        self.platform = platform
        self.clock = clock
        self.options = options
        self.ledger = UsageLedger(paths.database)
        self.trusted = TrustedTime(clock, Anchor.from_text(self.ledger.meta(HIGH_WATER_KEY)))
        if self.trusted.start_jump is not None:
            # Saved at once with the offset reported, so a restart loop reports the jump once.
            self.ledger.set_meta(HIGH_WATER_KEY, self.trusted.anchor().to_text())
        self.secrets = SecretStore(paths.secrets_file)
        self.auth = ParentAuth(
            self.secrets,
            now=lambda: self.trusted.now().timestamp(),
            monotonic=clock.monotonic,
            load=lambda: self.ledger.meta(THROTTLE_KEY),
            save=lambda text: self.ledger.set_meta(THROTTLE_KEY, text),
        )
        self.store = PolicyStore(
            paths.policy_file,
            paths.state / "last-good-policy.toml",
            lambda: default_policy(default_timezone or local_zone()),
        )
        self.layers = PolicyLayers(
            self.store,
            paths.config,
            paths.state,
            lambda: default_policy(default_timezone or local_zone()),
            platform.managed_policy,
        )
        self._events = EventHub()
        self._sessions: list[SessionInfo] = []
        self._compiled = self._compile()
        self.context = ServiceContext(
            paths=paths,
            platform=platform,
            clock=clock,
            trusted=self.trusted,
            ledger=self.ledger,
            options=options,
            publish=self._events.publish,
            subscribe=self._events.subscribe,
            policy=lambda: self._compiled,
            sessions=lambda: self._sessions,
            tick_now=self.tick,
        )
        self.features: list[Feature] = build_features(
            self.context,
            self.secrets,
            self.auth,
            PolicyAccess(get=lambda: self.layers.policy, put=self.replace_policy),
        )
        self.screen_time = self.feature(ScreenTime)
        self.methods = MethodTable()
        self.methods.add(self._methods())
        for feature in self.features:
            self.methods.add(feature.methods())
        self._phases = [
            (
                phase,
                [
                    f
                    for f in self.features
                    if getattr(type(f), phase) is not getattr(Feature, phase)
                ],
            )
            for phase in ("observe", "act")
        ]
        """The features that do something in each phase of a tick (the others are skipped)."""
        self._failures: dict[str, int] = {}
        self._failing: dict[str, str] = {}
        """Features failing FAILURES_TO_HOLD ticks in a row or more, with the last error."""
        self._dismissed: set[str] = set()
        self._announced: set[str] = set()
        self._last_flush = self._last_high_water = self._last_file_check = clock.monotonic()
        now = self.trusted.now()
        if self.ledger.recovery:
            recovery = self.ledger.recovery
            self.ledger.record(now, recovery.code.value, None, message=recovery.detail)
        if self.store.problem:
            self.ledger.record(now, "policy_error", None, message=self.store.problem)
        for feature in self.features:
            self._contain(feature, "start", feature.start)
            self._contain(feature, "compile", partial(feature.compile, self._compiled))

    def feature(self, kind: type[F]) -> F:
        """The registered feature of a kind; KeyError when it is not registered here."""
        for feature in self.features:
            if isinstance(feature, kind):
                return feature
        raise KeyError(kind.__name__)

    def has_feature(self, kind: type[Feature]) -> bool:
        """Whether a feature of a kind is registered (apps only where apps can be seen)."""
        return any(isinstance(f, kind) for f in self.features)

    # --- the tick ----------------------------------------------------------------------------

    def tick(self) -> None:
        """One tick: look, then count, decide and enforce, feature by feature; a feature that
        raises is contained, and one that keeps raising holds restricted sessions at time-up."""
        now = self.trusted.now()
        policy = self._compiled
        day = policy.day(now)
        if self.ledger.is_spent(day):
            self.ledger.pin_spent_day(day)
        tick = Tick(now, day, policy, tuple(self._watched(policy)))
        failed = {
            f.name
            for phase, features in self._phases
            for f in features
            if not self._contain(f, phase, partial(getattr(f, phase), tick))
        }
        if self._failures:
            for name in set(self._failures) - failed:
                self._failures.pop(name, None)
                self._failing.pop(name, None)
        if self._failing:
            self._hold(tick)
        mono = self.clock.monotonic()
        if mono - self._last_file_check >= FILE_CHECK_SECONDS:
            self._last_file_check = mono
            self._check_policy_file(now)
        self._publish_new_problems()
        if mono - self._last_flush >= self.options.flush_seconds:
            self.flush()

    def _contain(self, feature: Feature, phase: str, run: Callable[[], None]) -> bool:
        """Run one feature's phase; False (and one more failure in a row) when it raised."""
        try:
            run()
        except Exception as exc:
            count = self._failures.get(feature.name, 0) + 1
            self._failures[feature.name] = count
            log.exception("%s failed in %s (%d in a row)", feature.name, phase, count)
            if count >= FAILURES_TO_HOLD:
                if feature.name not in self._failing:
                    self.ledger.record(
                        self.trusted.now(),
                        "feature_failed",
                        None,
                        feature=feature.name,
                        error=type(exc).__name__,
                    )
                self._failing[feature.name] = f"{type(exc).__name__}: {exc}"
            return False
        return True

    def _hold(self, tick: Tick) -> None:
        """Enforce time-up on every restricted session; with the enforcer itself broken, lock
        the sessions directly."""
        try:
            self.screen_time.hold(tick)
            return
        except Exception:
            log.exception("holding sessions through screen time failed; locking directly")
        for watched in tick.watched:
            session = watched.session
            if session.active and not session.locked:
                try:
                    self.platform.sessions.lock(session)
                except PlatformError as exc:
                    log.error("cannot lock %s: %s", session.user, exc)

    def _watched(self, policy: CompiledPolicy) -> list[WatchedSession]:
        try:
            sessions = self.platform.sessions.sessions()
        except PlatformError as exc:
            log.error("cannot list sessions: %s", exc)
            sessions = []
        own = self.options.own_account
        self._sessions = [s for s in sessions if own is None or s.user == own]
        watched = []
        for session in self._sessions:
            profile = policy.for_account(session.user)
            if profile is not None:
                watched.append(WatchedSession(session, profile))
        return watched

    def flush(self) -> None:
        """Persist usage, and the clock's high-water mark with it or at least once a minute."""
        mono = self.clock.monotonic()
        meta = None
        if self.ledger.has_pending or mono - self._last_high_water >= HIGH_WATER_SECONDS:
            meta = {HIGH_WATER_KEY: self.trusted.anchor().to_text()}
            self._last_high_water = mono
        for feature in self.features:
            self._contain(feature, "flush", feature.flush)
        self.ledger.flush(meta)
        self._last_flush = mono

    def close(self) -> None:
        """Stop the features, flush and release the database; closing twice is harmless."""
        if self.ledger.closed:
            return
        for feature in self.features:
            self._contain(feature, "stop", feature.stop)
        self.flush()
        self.ledger.close()

    def prune(self) -> int:
        """Drop events older than the retention period, fold old site counts (run daily)."""
        return prune_ledger(self.ledger, self.trusted.now().date())

    # --- the policy --------------------------------------------------------------------------

    def _compile(self) -> CompiledPolicy:
        return compile_policy(self.layers.policy, configured=self.layers.configured)

    def _policy_changed(self) -> None:
        self._compiled = self._compile()
        for feature in self.features:
            self._contain(feature, "compile", partial(feature.compile, self._compiled))

    def replace_policy(self, policy: Policy) -> None:
        """Store a validated policy as the parent's settings and put the layers in force
        (callers have checked the right to); LockedValues when it changes a managed value."""
        self.layers.save_parent(policy)
        self.ledger.record(self.trusted.now(), "policy_changed", None)
        self._policy_changed()
        self._events.publish(Event(EventKind.POLICY, {}))

    def _check_policy_file(self, now: datetime) -> None:
        """Policy files changed by hand (the parent's, managed and recommended ones) and the
        OS-managed policy go through validation: each applied whole or reported."""
        before = {p.key for p in self.layers.problems()}, self.store.problem
        if not self.layers.refresh():
            if before != ({p.key for p in self.layers.problems()}, self.store.problem):
                self._record_layer_change(now, applied=False)
            return
        self._record_layer_change(now, applied=True)
        self._policy_changed()
        self._events.publish(Event(EventKind.POLICY, {"source": "file"}))

    def _record_layer_change(self, now: datetime, *, applied: bool) -> None:
        problem = "\n".join(self.layers.refusals())
        self.ledger.record(
            now, "policy_file_changed", None, applied=applied, problem=problem or None
        )

    # --- problems and events -----------------------------------------------------------------

    def problems(self) -> list[Problem]:
        """What the parent must know now, from the coordinator and every feature."""
        found: list[Problem] = []
        parent_problem = self.store.problem or self.layers.parent_problem
        if parent_problem:
            found.append(
                Problem(
                    ProblemCode.POLICY_NOT_APPLIED,
                    {"file": str(self.store.path)},
                    detail=parent_problem,
                )
            )
        found += self.layers.problems()
        found += self.ledger.problems
        for name, error in sorted(self._failing.items()):
            found.append(
                Problem(ProblemCode.FEATURE_FAILED, {"feature": name}, error, dismissable=False)
            )
        for feature in self.features:
            try:
                found += feature.problems()
            except Exception:
                log.exception("%s could not list its problems", feature.name)
                found.append(
                    Problem(
                        ProblemCode.FEATURE_FAILED, {"feature": feature.name}, dismissable=False
                    )
                )
        keys = {p.key for p in found}
        self._dismissed &= keys  # a problem that went away comes back when raised anew
        return [p for p in found if not (p.dismissable and p.key in self._dismissed)]

    def dismiss_problem(self, key: str) -> None:
        """Hide a problem until it goes away and is raised again."""
        self._dismissed.add(key)

    def _publish_new_problems(self) -> None:
        current = {p.key: p for p in self.problems()}
        for key, problem in current.items():
            if key not in self._announced:
                self._events.publish(Event(EventKind.PROBLEM, {"code": problem.code.value}))
        self._announced = set(current)

    def subscribe(self, callback: Callable[[Event], None]) -> Callable[[], None]:
        """Call `callback` for every event until the returned function is called."""
        return self._events.subscribe(callback)

    # --- client calls ------------------------------------------------------------------------

    def call(self, account: str, method: str, **params: Any) -> Any:
        """Call a client method as an account (the socket server and LocalApi do the same)."""
        return self.methods.call(account, method, params, self.auth.check)

    def unrestricted(self, account: str | None) -> bool:
        """Whether an OS account is one no profile of the policy in force restricts."""
        return account is not None and self._compiled.for_account(account) is None

    def status(self, account: str) -> Status:
        """An account's status, with every feature's part; problems as codes only."""
        status = self.screen_time.status_of(account, holding=bool(self._failing))
        profile = self._compiled.for_account(account)
        if profile is not None:
            for feature in self.features:
                status = feature.status(status, profile)
        return replace(status, problems=tuple(p.code.value for p in self.problems()))

    def set_password(self, token: str | None, new_password: str, account: str | None = None) -> str:
        """Set the parent password (a token is needed once one exists).

        The first password of a system install may only come from root or an administrator
        account over the socket (`account`): otherwise the first child to open the tray would
        become the parent. In-process callers (standalone mode, the CLI as root) pass None.
        """
        if self.auth.is_set():
            self.auth.check(token)
        elif account is not None and not self._may_set_first_password(account):
            raise AuthRequired("the first parent password must be set by an administrator")
        fresh = self.auth.set_password(new_password)
        self.ledger.record(self.trusted.now(), "password_changed")
        return fresh

    def set_verifier(self, token: str | None, verifier: str, account: str | None = None) -> bool:
        """Put a deployed Argon2id verifier in place of the password, with the same rights as
        `set_password`; every token is revoked. False when it was in place already."""
        if self.auth.is_set():
            self.auth.check(token)
        elif account is not None and not self._may_set_first_password(account):
            raise AuthRequired("the first parent password must be set by an administrator")
        changed = self.auth.set_verifier(verifier)
        if changed:
            self.ledger.record(self.trusted.now(), "password_changed")
        return changed

    def reset_password(
        self, account: str, new_password: str | None = None, verifier: str | None = None
    ) -> bool:
        """The forgotten-password way for an OS administrator: every account's wrong tries
        and every token are forgotten, and the password is replaced by `new_password` or
        `verifier`, or with neither removed (the next tray run asks an adult for a new one).
        False when the verifier given was in place already: nothing is changed then."""
        if not self.is_administrator(account):
            raise AuthRequired("only an administrator of this computer may reset the password")
        if new_password is not None and verifier is not None:
            raise InvalidRequest("give a new password or a verifier, not both")
        if verifier is not None and not self.auth.set_verifier(verifier):
            return False
        if new_password is not None:
            self.auth.set_password(new_password)
        elif verifier is None:
            self.auth.reset()
        self.auth.forgive()
        self.ledger.record(self.trusted.now(), "password_changed")
        return True

    def is_administrator(self, account: str) -> bool:
        """root, the account the service runs as, or one the OS reports as an administrator."""
        from guardian.platform.peer import own_account

        if account in {"root", own_account()}:
            return True
        try:
            people = self.platform.accounts.accounts()
        except PlatformError:
            return False
        return any(p.name == account and p.is_admin for p in people)

    def _may_set_first_password(self, account: str) -> bool:
        return self.options.standalone or self.is_administrator(account)

    def login(self, password: str, account: str) -> str:
        """A parent token for the right password, tried from the OS account `account`."""
        try:
            return self.auth.login(password, account)
        except Exception as exc:
            self.ledger.record(
                self.trusted.now(),
                "login_failed",
                None,
                account=account,
                error=type(exc).__name__,
                failures=self.auth.failures(account),
            )
            raise

    def get_policy(self, token: str) -> Policy:
        """The policy in force."""
        self.auth.check(token)
        return self.layers.policy

    def _set_policy(self, caller: Caller, params: PolicyParams) -> None:
        try:
            self.replace_policy(policy_from_data(params.policy))
        except LockedValues as exc:
            raise InvalidRequest(str(exc)) from None

    def policy_sources(self) -> dict[str, dict[str, str]]:
        """The source of each value of the policy in force set by some layer, by dotted path
        (a path not listed is a built-in default)."""
        return {path: source.to_data() for path, source in self.layers.effective.sources.items()}

    def events(self, query: EventQuery) -> EventPage:
        """A page of the event log (see `EventQuery`)."""
        limit = query.limit
        rows = self.ledger.events(
            limit + 1, query.kinds, profile=query.profile_id, cursor=query.before, newest_first=True
        )
        found = [LoggedEvent(e.at, e.profile, e.kind, e.data, e.id) for e in rows[:limit]]
        return EventPage(found, found[-1].id if len(rows) > limit else None)

    def _events_list(self, caller: Caller, p: EventsParams) -> EventPage:
        kinds = None if p.kinds is None else tuple(p.kinds)
        return self.events(EventQuery(kinds, p.profile_id, p.before, p.limit))

    def _accounts(self, caller: Caller, params: object) -> list[dict[str, Any]]:
        return [
            {"name": a.name, "full_name": a.full_name, "is_admin": a.is_admin}
            for a in self.platform.accounts.accounts()
        ]

    def _methods(self) -> list[Method]:
        """The coordinator's own methods: the password, the policy, accounts, the log and
        problems."""
        from guardian.ipc.protocol import event_page_to_data, status_to_data

        def set_password(caller: Caller, p: PasswordParams) -> str:
            return self.set_password(p.token, p.new_password, account=caller.account)

        def set_verifier(caller: Caller, p: VerifierParams) -> dict[str, bool]:
            return {"changed": self.set_verifier(p.token, p.verifier, account=caller.account)}

        def reset(caller: Caller, p: ResetParams) -> dict[str, bool]:
            return {"changed": self.reset_password(caller.account, p.new_password, p.verifier)}

        def dismiss(caller: Caller, p: DismissParams) -> None:
            self.dismiss_problem(p.key)

        parent = Access.PARENT
        return [
            Method("status", lambda c, p: self.status(c.account), encode=status_to_data),
            Method("auth.has_password", lambda c, p: self.auth.is_set()),
            Method("auth.login", lambda c, p: self.login(p.password, c.account), LoginParams),
            Method("auth.logout", lambda c, p: self.auth.logout(p.token), TokenParams),
            Method("auth.set_password", set_password, PasswordParams),
            Method("auth.set_verifier", set_verifier, VerifierParams),
            Method("auth.reset", reset, ResetParams),
            Method("setup.state", lambda c, p: self.setup_state()),
            Method(
                "policy.get", lambda c, p: self.layers.policy, access=parent, encode=policy_to_data
            ),
            Method("policy.set", self._set_policy, PolicyParams, parent),
            Method("policy.sources", lambda c, p: self.policy_sources(), access=parent),
            Method("accounts", self._accounts, access=parent),
            Method("events.list", self._events_list, EventsParams, parent, event_page_to_data),
            Method(
                "problems.list",
                lambda c, p: self.problems(),
                access=parent,
                encode=lambda found: [problem_to_data(x) for x in found],
            ),
            Method("problems.dismiss", dismiss, DismissParams, parent),
        ]

    def setup_state(self) -> SetupState:
        """Whether a parent password and a policy exist (the first-run wizard asks)."""
        return SetupState(
            password=self.auth.is_set(), policy=self.layers.configured, managed=self.layers.managed
        )


class LocalApi:
    """`GuardianApi` served in-process for one OS account (standalone mode, tests), through
    the same method table as the socket."""

    def __init__(self, service: GuardianService, account: str) -> None:
        self._service = service
        self._account = account

    def _call(self, method: str, **params: Any) -> Any:
        return self._service.call(self._account, method, **params)

    def call(self, method: str, params: dict[str, Any]) -> Any:
        """See `GuardianApi.call`: the result encoded as the socket would send it."""
        if self._service.methods.get(method) is None:
            raise InvalidRequest(f"unknown method {method}")
        return self._service.methods.encode(method, self._call(method, **params))

    def status(self) -> Status:
        """The bound account's status."""
        return self._service.status(self._account)

    def has_password(self) -> bool:
        """Whether a parent password exists."""
        return bool(self._call("auth.has_password"))

    def set_password(self, token: str | None, new_password: str) -> str:
        """See `GuardianApi.set_password` (in-process: no first-password check)."""
        return self._service.set_password(token, new_password)

    def login(self, password: str) -> str:
        """See `GuardianApi.login`."""
        return str(self._call("auth.login", password=password))

    def logout(self, token: str) -> None:
        """See `GuardianApi.logout`."""
        self._call("auth.logout", token=token)

    def get_policy(self, token: str) -> Policy:
        """See `GuardianApi.get_policy`."""
        policy: Policy = self._call("policy.get", token=token)
        return policy

    def set_policy(self, token: str, policy: Policy) -> None:
        """See `GuardianApi.set_policy`."""
        self._call("policy.set", token=token, policy=policy_to_data(policy))

    def grant(
        self, token: str, profile_id: str, minutes: int | None, outside_hours: bool = False
    ) -> None:
        """See `GuardianApi.grant`."""
        self._call(
            "grant",
            token=token,
            profile_id=profile_id,
            minutes=minutes,
            outside_hours=outside_hours,
        )

    def accounts(self, token: str) -> list[dict[str, Any]]:
        """See `GuardianApi.accounts`."""
        found: list[dict[str, Any]] = self._call("accounts", token=token)
        return found

    def events(self, token: str, query: EventQuery = NEWEST_EVENTS) -> EventPage:
        """See `GuardianApi.events`."""
        kinds = None if query.kinds is None else list(query.kinds)
        page: EventPage = self._call(
            "events.list",
            token=token,
            kinds=kinds,
            profile_id=query.profile_id,
            before=query.before,
            limit=query.limit,
        )
        return page

    def setup_state(self) -> SetupState:
        """See `GuardianApi.setup_state`."""
        state: SetupState = self._call("setup.state")
        return state

    def problems(self, token: str) -> list[Problem]:
        """See `GuardianApi.problems`."""
        found: list[Problem] = self._call("problems.list", token=token)
        return found

    def dismiss_problem(self, token: str, key: str) -> None:
        """See `GuardianApi.dismiss_problem`."""
        self._call("problems.dismiss", token=token, key=key)

    def subscribe(self, callback: Callable[[Event], None]) -> Callable[[], None]:
        """See `GuardianApi.subscribe`; an answer to a request reaches only the account that
        asked, or an account no profile restricts (a parent's)."""

        def deliver(event: Event) -> None:
            if event.kind in ADDRESSED_EVENTS and not (
                event.data.get("account") == self._account
                or self._service.unrestricted(self._account)
            ):
                return
            callback(event)

        return self._service.subscribe(deliver)

    def running_apps(self, token: str) -> list[RunningApp]:
        """See `GuardianApi.running_apps`."""
        found: list[RunningApp] = self._call("apps.running", token=token)
        return found

    def seen_apps(self, token: str) -> list[RunningApp]:
        """See `GuardianApi.seen_apps`."""
        found: list[RunningApp] = self._call("apps.seen", token=token)
        return found
