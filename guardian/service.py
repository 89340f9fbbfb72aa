"""The Guardian service: owns policy, ledger, accounting and enforcement, and answers clients.

It is driven by `tick()` (at most every 2 s) from whatever hosts it: the headless service's
QtCore loop, or the tray in standalone mode. Client calls name the calling OS account; the
in-process `LocalApi` binds one.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from guardian.accounting import ScreenTimeAccountant, session_counts
from guardian.api import (
    AppTime,
    AuthRequired,
    Event,
    EventKind,
    EventPage,
    InvalidRequest,
    LoggedEvent,
    RateLimited,
    RunningApp,
    Status,
)
from guardian.auth import ParentAuth
from guardian.clock import Clock
from guardian.enforcement import Enforcer
from guardian.events import EventHub
from guardian.ledger import UsageLedger
from guardian.limits import until_next_day
from guardian.notices import app_warning_notice, warning_notice
from guardian.paths import DataPaths
from guardian.platform.base import Platform, PlatformError, SessionInfo
from guardian.policy_store import PolicyStore
from guardian.secrets import SecretStore
from guardian.trusted_time import ClockJump, TrustedTime
from rules.appmatch import (
    AppBudget,
    AppContext,
    AppMatcher,
    app_budgets,
    app_warning_due,
    blocks_unmanaged,
)
from rules.apps import CATEGORY_PREFIX, Category, Downtime
from rules.evaluate import Decision, Grant, Usage, evaluate
from rules.model import Policy, Profile
from rules.presets import default_policy, effective

if TYPE_CHECKING:
    from guardian.apps.guard import AppGuard, Watched

log = logging.getLogger(__name__)
FLUSH_SECONDS = 5.0
FILE_CHECK_SECONDS = 5.0
ACCOUNT_CHECK_SECONDS = 60.0
KNOWN_ACCOUNTS_KEY = "known-accounts"
HIGH_WATER_SECONDS = 60.0
HIGH_WATER_KEY = "clock-high-water"
THROTTLE_KEY = "login-throttle"
SPENT_DAY_SECONDS = 10.0**9
RETENTION_DAYS = 400
WEB_FILTERING = False
"""Whether Guardian filters the web; browsers it cannot reach are blocked while it does."""


def _has_app_rules(policy: Policy) -> bool:
    """Whether any profile has app rules (asked every tick; answered once per policy)."""
    found = policy.derived.get("has-app-rules")
    if found is None:
        found = policy.derived["has-app-rules"] = any(
            p.apps or p.app_list.value != "open" or p.category_budgets for p in policy.profiles
        )
    return bool(found)


def _budgets(policy: Policy, profile: str) -> tuple[AppBudget, ...]:
    """A profile's app and category budgets (asked several times a tick; made once a policy)."""
    key = f"app-budgets:{profile}"
    found = policy.derived.get(key)
    if not isinstance(found, tuple):
        found = policy.derived[key] = app_budgets(policy.profile(profile))
    return found


def app_usage_key(profile: str, key: str) -> str:
    """The ledger key of one app's or category's time in a profile ("kid/minecraft")."""
    return f"{profile}/{key}"


@dataclass(frozen=True, slots=True)
class ServiceOptions:
    """How a service instance runs."""

    standalone: bool
    own_account: str | None = None
    """In standalone mode: the only account whose sessions are watched and acted on."""
    flush_seconds: float = FLUSH_SECONDS
    """Usage is flushed at least this often (crash tests flush far more often)."""


class GuardianService:
    """Accounting, enforcement and the client API over one data folder."""

    def __init__(
        self,
        paths: DataPaths,
        platform: Platform,
        clock: Clock,
        options: ServiceOptions,
        default_timezone: str = "UTC",
    ) -> None:
        paths.create()
        self.paths = paths
        self.platform = platform
        self.clock = clock
        self.options = options
        self.ledger = UsageLedger(paths.database)
        high_water = self.ledger.meta(HIGH_WATER_KEY)
        self.trusted = TrustedTime(
            clock, datetime.fromisoformat(high_water) if high_water else None
        )
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
            lambda: default_policy(default_timezone),
        )
        self.accountant = ScreenTimeAccountant(self.ledger, clock.monotonic)
        self.enforcer = Enforcer(
            platform,
            self.ledger,
            clock.monotonic,
            self._publish,
            notify_sessions=not options.standalone,
            messages=warning_notice,
        )
        self._events = EventHub()
        self.apps: AppGuard | None = None
        """Enforces app rules; None where the platform cannot tell which apps run."""
        if platform.apps is not None:
            # Loaded only where apps can be seen: the monitor brings psutil and the matcher.
            from guardian.apps.guard import AppGuard

            self.apps = AppGuard(
                platform.apps,
                platform.notifier,
                self.ledger,
                clock.monotonic,
                self._publish,
                os_name="windows"
                if platform.name == "windows"
                else "macos"
                if platform.name == "macos"
                else "linux",
                notify_sessions=not options.standalone,
            )
        self._app_watched: list[Watched] = []
        self._last_flush = self._last_high_water = clock.monotonic()
        self._last_state: dict[str, tuple[Any, ...]] = {}
        self._sessions: list[SessionInfo] = []
        self._last_decision: dict[str, Decision] = {}
        self._announced: set[str] = set()
        self._admin_children: dict[str, str] = {}
        self._notices: list[str] = []
        """Things to tell the parent once seen (new accounts), newest last."""
        self._last_file_check = self._last_account_check = clock.monotonic()
        self._earlier: dict[tuple[str, date], tuple[float, float]] = {}
        now = self.trusted.now()
        if self.trusted.start_jump is not None:
            self._record_jump(now, self.trusted.start_jump, "clock_behind_at_start")
        if self.ledger.recovered:
            self.ledger.record(now, "state_recovered", None, message=self.ledger.recovered)
        if self.store.problem:
            self.ledger.record(now, "policy_error", None, message=self.store.problem)
        self.check_accounts(now)

    # --- the tick --------------------------------------------------------------------------

    def tick(self) -> None:
        """Account, decide and enforce for every watched session; flush when due."""
        now = self.trusted.now()
        jump = self.trusted.check()
        if jump is not None:
            self._record_jump(now, jump, "clock_jump")
        policy = self.store.policy
        day = self._day(policy, now)
        if self.ledger.is_spent(day):
            self.ledger.pin_spent_day(day)
        watched = self._watched(policy)
        counting: list[tuple[str, date]] = []
        in_use: dict[str, set[str]] = {}
        for session, profile in watched:
            idle = effective(policy, profile).idle_minutes * 60.0
            if not session_counts(session, idle):
                continue
            apps, front_allowed = self._apps_in_use(policy, session, profile)
            in_use.setdefault(profile, set()).update(apps)
            counting += [(app_usage_key(profile, key), day) for key in apps]
            # The time since the last tick counts only if it was allowed as of the last tick:
            # seconds between being blocked and the lock taking hold are not the child's loss.
            # An always-allowed app in front does not count against the day at all.
            last = self._last_decision.get(profile)
            if (last is None or last.allowed) and not front_allowed:
                counting.append((profile, day))
        self.accountant.tick(counting)
        self._last_decision = {}
        app_watched: list[Watched] = []
        for session, profile in watched:
            decision = self._last_decision.get(profile) or self.decide(policy, profile, now)
            self._last_decision[profile] = decision
            rules = policy.profile(profile)
            apps_only = rules.downtime is Downtime.APPS and self.apps is not None
            self.enforcer.enforce(session, profile, decision, now, apps_only=apps_only)
            self._publish_state(session.user, decision)
            if self.apps is not None:
                app_watched.append(self._app_context(policy, rules, session, decision, day))
                self._warn_apps(policy, session, profile, in_use.get(profile, set()), now)
        self._app_watched = app_watched
        self.scan_apps(now)
        tick = self.clock.monotonic()
        if tick - self._last_file_check >= FILE_CHECK_SECONDS:
            self._last_file_check = tick
            self._check_files(now)
        if tick - self._last_account_check >= ACCOUNT_CHECK_SECONDS:
            self._last_account_check = tick
            self.check_accounts(now)
        self._publish_new_problems()
        if tick - self._last_flush >= self.options.flush_seconds:
            self.flush()

    # --- apps --------------------------------------------------------------------------------

    def scan_apps(self, now: datetime | None = None) -> int:
        """Look for new processes and end what the watched sessions may not run (each tick,
        and at once when the OS reports a launch); returns how many were asked to end."""
        if self.apps is None:
            return 0
        return self.apps.scan(self._app_watched, now or self.trusted.now())

    def _matcher(self, policy: Policy, profile: str) -> AppMatcher:
        guard = self.apps
        assert guard is not None
        return AppMatcher.for_profile(policy, profile, guard.learned, guard.learned_version)

    def _apps_in_use(
        self, policy: Policy, session: SessionInfo, profile: str
    ) -> tuple[set[str], bool]:
        if self.apps is None or self.platform.apps is None:
            return set(), False
        from guardian.apps.guard import Watched

        owner = Watched(session, profile, self._matcher(policy, profile), AppContext())
        return self.apps.in_use(owner, self.platform.apps.foreground_pid(session))

    def _app_context(
        self, policy: Policy, rules: Profile, session: SessionInfo, decision: Decision, day: date
    ) -> Watched:
        spent = {
            budget.key
            for budget in _budgets(policy, rules.id)
            if self._app_seconds(rules.id, budget, day) >= budget.seconds
        }
        context = AppContext(
            app_list=rules.app_list,
            downtime=not decision.allowed and rules.downtime is Downtime.APPS,
            block_unmanaged=blocks_unmanaged(rules, WEB_FILTERING),
            spent_apps=frozenset(k for k in spent if not k.startswith(CATEGORY_PREFIX)),
            spent_categories=frozenset(
                Category(k.removeprefix(CATEGORY_PREFIX))
                for k in spent
                if k.startswith(CATEGORY_PREFIX)
            ),
        )
        from guardian.apps.guard import Watched

        return Watched(session, rules.id, self._matcher(policy, rules.id), context)

    def _app_seconds(self, profile: str, budget: AppBudget, day: date) -> float:
        if self.ledger.is_spent(day):
            return SPENT_DAY_SECONDS
        return self.ledger.seconds(app_usage_key(profile, budget.key), day)

    def _warn_apps(
        self, policy: Policy, session: SessionInfo, profile: str, in_use: set[str], now: datetime
    ) -> None:
        """Warn before a budget of an app in use runs out, like the day's budget."""
        day = self._day(policy, now)
        warnings = effective(policy, profile).warnings
        for budget in _budgets(policy, profile):
            if budget.key not in in_use:
                continue
            key = app_usage_key(profile, budget.key)
            left = budget.seconds - self._app_seconds(profile, budget, day)
            minutes = app_warning_due(left, budget.seconds, warnings, self.ledger.warned(key, day))
            if minutes is None:
                continue
            self.ledger.mark_warned(key, day, [minutes])
            self.ledger.record(now, "app_warning", profile, app=budget.key, minutes=minutes)
            data = {
                "account": session.user,
                "key": budget.key,
                "name": budget.name,
                "minutes": minutes,
            }
            self._publish(Event(EventKind.APP_WARNING, data))
            if not self.options.standalone:
                title, body = app_warning_notice(budget.name, minutes)
                try:
                    self.platform.notifier.notify(session, title, body, urgent=minutes <= 1)
                except PlatformError as exc:
                    log.warning("could not notify %s: %s", session.user, exc)

    def app_times(self, policy: Policy, profile: str, day: date) -> tuple[AppTime, ...]:
        """Today's time of each limited app and each category with a budget."""
        times = []
        for budget in _budgets(policy, profile):
            used = min(self._app_seconds(profile, budget, day), 86400.0)
            left = max(0.0, budget.seconds - used)
            times.append(AppTime(budget.key, budget.name, budget.seconds, used, left))
        return tuple(times)

    def running_apps(self, token: str) -> list[RunningApp]:
        """Programs of people's accounts running now (for the parent's picker)."""
        self.auth.check(token)
        if self.apps is None:
            return []
        people = {s.uid: s.user for s in self._sessions if s.uid is not None}
        users = {s.user.casefold(): s.user for s in self._sessions}

        def account(tracked: Any) -> str | None:
            for uid in tracked.uids[:1]:
                return people.get(uid)
            name = str(tracked.username).rsplit("\\", 1)[-1].casefold()
            return users.get(name)

        return self.apps.running(account)

    def seen_apps(self, token: str) -> list[RunningApp]:
        """Programs seen in the last 30 days (for the parent's picker)."""
        self.auth.check(token)
        if self.apps is None:
            return []
        return self.apps.seen(self.trusted.now())

    def _check_files(self, now: datetime) -> None:
        """Files changed by hand: a policy goes through validation (never half-applied); the
        secrets file is reported, since only the service writes it."""
        if self.secrets.changed_behind_back():
            self.ledger.record(
                now, "tamper", None, what="secrets_edited", file=str(self.secrets.fallback_file)
            )
            self._notices.append(
                f"{self.secrets.fallback_file} was changed outside Guardian. If you did not "
                "do this, set the parent password again."
            )
        if not self.store.changed_on_disk():
            return
        applied = self.store.reload() is not None
        self.ledger.record(
            now, "policy_file_changed", None, applied=applied, problem=self.store.problem
        )
        if applied:
            self._last_state.clear()
            self._publish(Event(EventKind.POLICY, {"source": "file"}))

    def check_accounts(self, now: datetime) -> None:
        """Report administrator children and accounts that appeared since the last look."""
        try:
            people = self.platform.accounts.accounts()
        except PlatformError as exc:
            log.warning("cannot list accounts: %s", exc)
            return
        policy = self.store.policy
        known_text = self.ledger.meta(KNOWN_ACCOUNTS_KEY)
        known = set(json.loads(known_text)) if known_text else None
        admins: dict[str, str] = {}
        for person in people:
            profile = policy.profile_for_account(person.name)
            if known is not None and person.name not in known:
                self.ledger.record(
                    now,
                    "account_added",
                    None,
                    account=person.name,
                    restricted_by=None if profile is None else profile.id,
                )
                self._notices.append(
                    f"A new account '{person.name}' appeared; it is restricted by profile "
                    f"'{profile.id}'."
                    if profile is not None
                    else f"A new account '{person.name}' appeared; it is not restricted."
                )
            if profile is not None and person.is_admin:
                admins[person.name] = (
                    f"The account '{person.name}' is restricted by profile '{profile.id}' but "
                    "is an administrator: limits can be bypassed from it. Make it a standard "
                    "account."
                )
        for name in admins.keys() - self._admin_children.keys():
            self.ledger.record(now, "tamper", None, what="admin_child", account=name)
        self._admin_children = admins
        listed = json.dumps(sorted(p.name for p in people))
        if listed != known_text:  # a write a minute for nothing would cost a transaction
            self.ledger.set_meta(KNOWN_ACCOUNTS_KEY, listed)

    def tray_lost(self, account: str) -> None:
        """A tray went away: tamper when it was the child's, in an active unlocked session."""
        if self.store.policy.profile_for_account(account) is None:
            return
        if any(s.user == account and s.active and not s.locked for s in self._sessions):
            self.ledger.record(
                self.trusted.now(), "tamper", None, what="tray_stopped", account=account
            )

    def _record_jump(self, now: datetime, jump: ClockJump, what: str) -> None:
        log.warning("%s: wall clock %+.0f s off trusted time", what, jump.seconds)
        self.ledger.record(
            now, "tamper", None, what=what, seconds=jump.seconds, wall=jump.wall.isoformat()
        )

    def _watched(self, policy: Policy) -> list[tuple[SessionInfo, str]]:
        try:
            sessions = self.platform.sessions.sessions()
        except PlatformError as exc:
            log.error("cannot list sessions: %s", exc)
            sessions = []
        own = self.options.own_account
        self._sessions = [s for s in sessions if own is None or s.user == own]
        watched = []
        for session in self._sessions:
            profile = policy.profile_for_account(session.user)
            if profile is not None:
                watched.append((session, profile.id))
        return watched

    def flush(self) -> None:
        """Persist usage, and the clock's high-water mark with it or at least once a minute."""
        tick = self.clock.monotonic()
        meta = None
        if self.ledger.has_pending or tick - self._last_high_water >= HIGH_WATER_SECONDS:
            meta = {HIGH_WATER_KEY: self.trusted.now().isoformat()}
            self._last_high_water = tick
        if self.apps is not None:
            self.apps.flush_seen()
        self.ledger.flush(meta)
        self._last_flush = tick

    def close(self) -> None:
        """Flush and release the database; closing twice is harmless."""
        if not self.ledger.closed:
            self.flush()
            self.ledger.close()

    def prune(self) -> int:
        """Drop events older than the retention period (run daily)."""
        cutoff = self.trusted.now().date() - timedelta(days=RETENTION_DAYS)
        return self.ledger.prune(cutoff)

    # --- decisions -------------------------------------------------------------------------

    @staticmethod
    def _day(policy: Policy, now: datetime) -> date:
        return now.astimezone(policy.zone).date()

    def usage(self, policy: Policy, profile: str, now: datetime) -> Usage:
        """What the ledger holds for a profile on the trusted day."""
        day = self._day(policy, now)
        today = (
            SPENT_DAY_SECONDS if self.ledger.is_spent(day) else self.ledger.seconds(profile, day)
        )
        earlier, earlier_bonus = self._earlier_this_week(profile, day)
        return Usage(
            today_seconds=today,
            week_seconds=earlier + today,
            grants=tuple(Grant(g.granted_at, g.minutes) for g in self.ledger.grants(profile, day)),
            week_bonus_seconds=earlier_bonus,
            warned=self.ledger.warned(profile, day),
        )

    def _earlier_this_week(self, profile: str, day: date) -> tuple[float, float]:
        """Usage and bonus of the week's earlier days: fixed once they are past, so kept."""
        key = (profile, day)
        found = self._earlier.get(key)
        if found is None:
            monday = day - timedelta(days=day.weekday())
            yesterday = day - timedelta(days=1)
            found = (
                self.ledger.seconds_between(profile, monday, yesterday),
                self.ledger.bonus_seconds(profile, monday, yesterday),
            )
            self._earlier = {key: found, **{k: v for k, v in self._earlier.items() if k[1] == day}}
        return found

    def decide(self, policy: Policy, profile: str, now: datetime) -> Decision:
        """The rule engine's verdict for a profile now."""
        return evaluate(policy, profile, self.usage(policy, profile, now), now)

    # --- events ----------------------------------------------------------------------------

    def subscribe(self, callback: Callable[[Event], None]) -> Callable[[], None]:
        """Call `callback` for every event until the returned function is called."""
        return self._events.subscribe(callback)

    def _publish(self, event: Event) -> None:
        self._events.publish(event)

    def problems(self) -> list[str]:
        """What the parent must fix now: a policy not applied, a damaged state, failed actions."""
        found = [p for p in (self.store.problem, self.ledger.recovered) if p]
        found += self._admin_children.values()
        found += self._notices[-5:]
        if self.apps is None and _has_app_rules(self.store.policy):
            found.append(
                "The policy has app rules, but Guardian cannot see which apps run on this "
                "system, so they are not enforced."
            )
        return found + list(self.enforcer.problems.values())

    def _publish_new_problems(self) -> None:
        current = self.problems()
        for message in current:
            if message not in self._announced:
                self._publish(Event(EventKind.PROBLEM, {"message": message}))
        self._announced = set(current)

    def _publish_state(self, account: str, decision: Decision) -> None:
        left = decision.session_left
        key = (decision.allowed, decision.reasons, None if left is None else int(left // 60))
        if self._last_state.get(account) != key:
            self._last_state[account] = key
            self._publish(Event(EventKind.STATE, {"account": account}))

    # --- client calls ----------------------------------------------------------------------

    def status(self, account: str) -> Status:
        """The status of an OS account."""
        policy = self.store.policy
        now = self.trusted.now()
        profile = policy.profile_for_account(account)
        problems = self.problems()
        day = self._day(policy, now)
        if profile is None:
            return Status(
                account=account,
                restricted=False,
                profile_id=None,
                profile_name=None,
                allowed=True,
                reasons=(),
                day=day.isoformat(),
                time_left_today=None,
                time_left_week=None,
                session_left=None,
                used_today=0.0,
                budget_today=None,
                hours_today=(),
                next_change=None,
                warning_due=None,
                countdown=False,
                problems=tuple(problems),
            )
        d = self.decide(policy, profile.id, now)
        return Status(
            account=account,
            restricted=True,
            profile_id=profile.id,
            profile_name=profile.name,
            allowed=d.allowed,
            reasons=tuple(r.value for r in d.reasons),
            day=d.day.isoformat(),
            time_left_today=d.time_left_today,
            time_left_week=d.time_left_week,
            session_left=d.session_left,
            used_today=min(d.used_today, 86400.0),
            budget_today=d.budget_today,
            hours_today=tuple((s.strftime("%H:%M"), e.strftime("%H:%M")) for s, e in d.hours_today),
            next_change=None if d.next_change is None else d.next_change.isoformat(),
            warning_due=d.warning_due,
            countdown=d.countdown,
            problems=tuple(problems),
            action=Downtime.APPS.value
            if profile.downtime is Downtime.APPS and self.apps is not None
            else d.action.value,
            apps=self.app_times(policy, profile.id, d.day),
        )

    def rules(self, account: str) -> dict[str, Any]:
        """The rules that restrict an account, filled from its preset, as plain data."""
        policy = self.store.policy
        profile = policy.profile_for_account(account)
        if profile is None:
            return {"account": account, "restricted": False}
        eff = effective(policy, profile.id)
        return {
            "account": account,
            "restricted": True,
            "profile_id": eff.id,
            "profile_name": eff.name,
            "timezone": policy.timezone,
            "daily_budget_minutes": list(eff.budgets),
            "weekly_budget_minutes": eff.weekly_budget,
            "allowed_hours": [[str(w) for w in day] for day in eff.hours],
            "warnings": list(eff.warnings),
            "action": eff.action.value,
            "idle_minutes": eff.idle_minutes,
        }

    def submit_request(self, account: str, minutes: int, note: str) -> None:
        """A child asks for more time: logged for the parent and pushed to subscribers."""
        if not 1 <= minutes <= 24 * 60:
            raise InvalidRequest("minutes must be between 1 and 1440")
        note = note.strip()[:500]
        profile = self.store.policy.profile_for_account(account)
        profile_id = None if profile is None else profile.id
        now = self.trusted.now()
        if not self.ledger.record(
            now, "request", profile_id, account=account, minutes=minutes, note=note
        ):
            raise RateLimited(until_next_day(now), "requests for time today")
        self._publish(
            Event(
                EventKind.REQUEST,
                {
                    "account": account,
                    "profile_id": profile_id,
                    "minutes": minutes,
                    "note": note,
                },
            )
        )

    def logout(self, token: str) -> None:
        """Revoke a parent token."""
        self.auth.logout(token)

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

    def _may_set_first_password(self, account: str) -> bool:
        if self.options.standalone or account == "root":
            return True
        try:
            people = self.platform.accounts.accounts()
        except PlatformError:
            return False
        return any(p.name == account and p.is_admin for p in people)

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
        return self.store.policy

    def set_policy(self, token: str, policy: Policy) -> None:
        """Validate and store a new policy, then tell subscribers."""
        self.auth.check(token)
        if not isinstance(policy, Policy):
            raise InvalidRequest("set_policy needs a Policy")
        self.replace_policy(policy)

    def replace_policy(self, policy: Policy) -> None:
        """Store a validated policy and put it in force (callers have checked the right to)."""
        self.store.save(policy)
        now = self.trusted.now()
        self.ledger.record(now, "policy_changed", None)
        self._last_state.clear()
        self.check_accounts(now)
        self._publish(Event(EventKind.POLICY, {}))

    def grant(self, token: str, profile_id: str, minutes: int | None) -> None:
        """Give a profile bonus time today (None: the rest of the day)."""
        self.auth.check(token)
        policy = self.store.policy
        try:
            policy.profile(profile_id)
        except KeyError:
            raise InvalidRequest(f"there is no profile '{profile_id}'") from None
        if minutes is not None and not 1 <= minutes <= 24 * 60:
            raise InvalidRequest("bonus minutes must be between 1 and 1440")
        now = self.trusted.now()
        day = self._day(policy, now)
        self.ledger.add_grant(profile_id, day, now, minutes)
        self.ledger.clear_warned(profile_id, day)
        self.ledger.record(now, "grant", profile_id, minutes=minutes)
        accounts = {s.user for s in self._sessions}
        for account in sorted(accounts):
            restricting = policy.profile_for_account(account)
            if restricting is not None and restricting.id == profile_id:
                self._publish(Event(EventKind.ANSWERED, {"account": account, "minutes": minutes}))
        self._last_state.clear()
        self.tick()

    def accounts(self, token: str) -> list[dict[str, Any]]:
        """People accounts on the machine."""
        self.auth.check(token)
        return [
            {"name": a.name, "full_name": a.full_name, "is_admin": a.is_admin}
            for a in self.platform.accounts.accounts()
        ]

    def events(
        self,
        token: str,
        *,
        kinds: Sequence[str] | None = None,
        profile_id: str | None = None,
        before: int | None = None,
        limit: int = 200,
    ) -> EventPage:
        """A page of the event log, newest first (see `GuardianApi.events`)."""
        self.auth.check(token)
        rows = self.ledger.events(
            limit + 1, kinds, profile=profile_id, cursor=before, newest_first=True
        )
        found = [LoggedEvent(e.at, e.profile, e.kind, e.data, e.id) for e in rows[:limit]]
        return EventPage(found, found[-1].id if len(rows) > limit else None)


class LocalApi:
    """`GuardianApi` served in-process for one OS account (standalone mode, tests)."""

    def __init__(self, service: GuardianService, account: str) -> None:
        self._service = service
        self._account = account

    def status(self) -> Status:
        """The bound account's status."""
        return self._service.status(self._account)

    def has_password(self) -> bool:
        """Whether a parent password exists."""
        return self._service.auth.is_set()

    def set_password(self, token: str | None, new_password: str) -> str:
        """See `GuardianApi.set_password`."""
        return self._service.set_password(token, new_password)

    def login(self, password: str) -> str:
        """See `GuardianApi.login`."""
        return self._service.login(password, self._account)

    def logout(self, token: str) -> None:
        """See `GuardianApi.logout`."""
        self._service.logout(token)

    def get_policy(self, token: str) -> Policy:
        """See `GuardianApi.get_policy`."""
        return self._service.get_policy(token)

    def set_policy(self, token: str, policy: Policy) -> None:
        """See `GuardianApi.set_policy`."""
        self._service.set_policy(token, policy)

    def grant(self, token: str, profile_id: str, minutes: int | None) -> None:
        """See `GuardianApi.grant`."""
        self._service.grant(token, profile_id, minutes)

    def accounts(self, token: str) -> list[dict[str, Any]]:
        """See `GuardianApi.accounts`."""
        return self._service.accounts(token)

    def events(
        self,
        token: str,
        *,
        kinds: Sequence[str] | None = None,
        profile_id: str | None = None,
        before: int | None = None,
        limit: int = 200,
    ) -> EventPage:
        """See `GuardianApi.events`."""
        return self._service.events(
            token, kinds=kinds, profile_id=profile_id, before=before, limit=limit
        )

    def subscribe(self, callback: Callable[[Event], None]) -> Callable[[], None]:
        """See `GuardianApi.subscribe`."""
        return self._service.subscribe(callback)

    def running_apps(self, token: str) -> list[RunningApp]:
        """See `GuardianApi.running_apps`."""
        return self._service.running_apps(token)

    def seen_apps(self, token: str) -> list[RunningApp]:
        """See `GuardianApi.seen_apps`."""
        return self._service.seen_apps(token)


def dumps_status(status: Status) -> str:
    """A status as JSON, for the CLI."""
    from dataclasses import asdict

    return json.dumps(asdict(status), indent=2, ensure_ascii=False)
