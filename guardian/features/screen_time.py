"""Screen time: counting, the rule engine's verdict, warnings and enforcement, bonus time.

Counts the watched sessions' active time (and the apps in use that apps reported), decides each
profile's verdict for the tick, and enforces it; offers `status`, `rules` and `grant`.
"""

from __future__ import annotations

import logging
from datetime import date, datetime, timedelta
from typing import Any

import msgspec

from guardian.accounting import ScreenTimeAccountant, session_counts
from guardian.api import Event, EventKind, InvalidRequest, Status
from guardian.compiled import CompiledPolicy, CompiledProfile
from guardian.enforcement import Enforcer
from guardian.features.base import Feature, ServiceContext, Tick
from guardian.ledger import PROFILE_HOURS, ActivityKey
from guardian.methods import Access, Caller, Method
from guardian.notices import warning_notice
from guardian.problems import Problem, ProblemCode
from rules.apps import Downtime
from rules.evaluate import Decision, Grant, Usage, decide, held

log = logging.getLogger(__name__)
SPENT_DAY_SECONDS = 10.0**9
"""Usage of a day that counts as used up (the state could not be recovered)."""
MAX_BONUS_MINUTES = 24 * 60


def app_usage_key(profile: str, key: str) -> str:
    """The ledger key of one app's or category's time in a profile ("kid/minecraft")."""
    return f"{profile}/{key}"


class GrantParams(msgspec.Struct, forbid_unknown_fields=True):
    """`grant`: bonus time today for a profile; None is the rest of the day. The bonus adds to
    the budget within the allowed hours; only with `outside_hours` does it open the computer
    outside them too."""

    profile_id: str
    minutes: int | None
    outside_hours: bool = False


class ScreenTime(Feature):
    """Accounting, decisions and enforcement of each restricted session."""

    name = "screen_time"

    def __init__(self, context: ServiceContext) -> None:
        self._ctx = context
        self.accountant = ScreenTimeAccountant(context.ledger, context.clock.monotonic)
        self.enforcer = Enforcer(
            context.platform,
            context.ledger,
            context.clock.monotonic,
            context.publish,
            notify_sessions=not context.options.standalone,
            messages=warning_notice,
        )
        self._last_decision: dict[str, Decision] = {}
        self._last_state: dict[str, tuple[Any, ...]] = {}
        self._earlier: dict[tuple[str, date], tuple[float, float]] = {}
        self.apps_close_in_downtime = False
        """Set by the apps feature when it can close apps, so downtime "apps" keeps sessions."""

    # --- the tick ----------------------------------------------------------------------------

    def compile(self, policy: CompiledPolicy) -> None:
        """A new policy: states are announced afresh."""
        self._last_state.clear()

    def act(self, tick: Tick) -> None:
        """Credit the time since the last tick, then decide and enforce each session."""
        counting: list[tuple[str, date]] = []
        hours: list[ActivityKey] = []
        # The hour on the policy's clock: the hour repeated when clocks go back adds up in one
        # hour, and the hour skipped when they go forward never comes.
        hour = tick.now.astimezone(tick.policy.zone).hour
        for watched in tick.watched:
            session, profile = watched.session, watched.profile
            if not session_counts(session, profile.idle_seconds):
                continue
            keys = tick.app_keys.get(session.id, set())
            counting += [(app_usage_key(profile.id, key), tick.day) for key in keys]
            # The time since the last tick counts only if it was allowed as of the last tick:
            # seconds between being blocked and the lock taking hold are not the child's loss.
            last = self._last_decision.get(profile.id)
            if (last is None or last.allowed) and session.id not in tick.uncounted:
                counting.append((profile.id, tick.day))
                hours.append(ActivityKey(profile.id, session.user, tick.day, hour))
                hours.append(ActivityKey(profile.id, PROFILE_HOURS, tick.day, hour))
        self.accountant.tick(counting, hours)
        decisions: dict[str, Decision] = {}
        for watched in tick.watched:
            session, profile = watched.session, watched.profile
            decision = decisions.get(profile.id) or self.decide(profile, tick.now)
            decisions[profile.id] = decision
            tick.decisions[profile.id] = decision
            apps_only = profile.rules.downtime is Downtime.APPS and self.apps_close_in_downtime
            self.enforcer.enforce(session, profile.id, decision, tick.now, apps_only=apps_only)
            self.publish_state(session.user, decision)
        self._last_decision = decisions

    def hold(self, tick: Tick) -> None:
        """Enforce time-up on every restricted session (a part of the service keeps failing)."""
        for watched in tick.watched:
            decision = held(watched.profile.effective, tick.policy.zone, tick.now)
            tick.decisions[watched.profile.id] = decision
            self.enforcer.enforce(watched.session, watched.profile.id, decision, tick.now)
            self.publish_state(watched.session.user, decision)

    def publish_state(self, account: str, decision: Decision) -> None:
        """Tell subscribers when an account's state changed (not every tick)."""
        left = decision.session_left
        key = (decision.allowed, decision.reasons, None if left is None else int(left // 60))
        if self._last_state.get(account) != key:
            self._last_state[account] = key
            self._ctx.publish(Event(EventKind.STATE, {"account": account}))

    def problems(self) -> list[Problem]:
        """Session actions that failed."""
        return [
            Problem(
                ProblemCode.ENFORCEMENT_FAILED,
                {"account": account, "step": step},
                detail=detail,
            )
            for account, step, detail in self.enforcer.problems.values()
        ]

    # --- decisions ---------------------------------------------------------------------------

    def usage(self, profile: str, day: date) -> Usage:
        """What the ledger holds for a profile on a day."""
        ledger = self._ctx.ledger
        today = SPENT_DAY_SECONDS if ledger.is_spent(day) else ledger.seconds(profile, day)
        earlier, earlier_bonus = self._earlier_this_week(profile, day)
        return Usage(
            today_seconds=today,
            week_seconds=earlier + today,
            grants=tuple(
                Grant(g.granted_at, g.minutes, g.outside_hours) for g in ledger.grants(profile, day)
            ),
            week_bonus_seconds=earlier_bonus,
            warned=ledger.warned(profile, day),
        )

    def _earlier_this_week(self, profile: str, day: date) -> tuple[float, float]:
        """Usage and bonus of the week's earlier days: fixed once they are past, so kept."""
        key = (profile, day)
        found = self._earlier.get(key)
        if found is None:
            monday = day - timedelta(days=day.weekday())
            yesterday = day - timedelta(days=1)
            ledger = self._ctx.ledger
            found = (
                ledger.seconds_between(profile, monday, yesterday),
                ledger.bonus_seconds(profile, monday, yesterday),
            )
            self._earlier = {key: found, **{k: v for k, v in self._earlier.items() if k[1] == day}}
        return found

    def decide(self, profile: CompiledProfile, now: datetime) -> Decision:
        """The rule engine's verdict for a profile now."""
        zone = self._ctx.policy().zone
        day = now.astimezone(zone).date()
        return decide(profile.effective, zone, self.usage(profile.id, day), now)

    # --- client methods ----------------------------------------------------------------------

    def methods(self) -> list[Method]:
        """rules and grant (status is assembled by the coordinator from every feature)."""

        return [
            Method("rules", lambda c, p: self.rules_of(c.account)),
            Method("grant", self._grant, GrantParams, Access.PARENT),
        ]

    def status_of(self, account: str, *, holding: bool = False) -> Status:
        """An account's status (features add their parts through the coordinator); `holding`:
        the service holds restricted sessions at time-up."""
        policy = self._ctx.policy()
        now = self._ctx.trusted.now()
        profile = policy.for_account(account)
        if profile is None:
            return Status(
                account=account,
                restricted=False,
                profile_id=None,
                profile_name=None,
                allowed=True,
                reasons=(),
                day=policy.day(now).isoformat(),
                time_left_today=None,
                time_left_week=None,
                session_left=None,
                used_today=0.0,
                budget_today=None,
                hours_today=(),
                next_change=None,
                warning_due=None,
                countdown=False,
            )
        d = held(profile.effective, policy.zone, now) if holding else self.decide(profile, now)
        return Status(
            account=account,
            restricted=True,
            profile_id=profile.id,
            profile_name=profile.rules.name,
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
            action=d.action.value,
            age=profile.rules.preset.value,
        )

    def rules_of(self, account: str) -> dict[str, Any]:
        """The rules that restrict an account, filled from its preset, as plain data."""
        policy = self._ctx.policy()
        profile = policy.for_account(account)
        if profile is None:
            return {"account": account, "restricted": False}
        eff = profile.effective
        return {
            "account": account,
            "restricted": True,
            "profile_id": eff.id,
            "profile_name": eff.name,
            "timezone": policy.policy.timezone,
            "daily_budget_minutes": list(eff.budgets),
            "weekly_budget_minutes": eff.weekly_budget,
            "allowed_hours": [[str(w) for w in day] for day in eff.hours],
            "warnings": list(eff.warnings),
            "action": eff.action.value,
            "idle_minutes": eff.idle_minutes,
        }

    def _grant(self, caller: Caller, params: GrantParams) -> None:
        self.grant(params.profile_id, params.minutes, outside_hours=params.outside_hours)

    def grant(
        self,
        profile_id: str,
        minutes: int | None,
        outside_hours: bool = False,
        request_id: str | None = None,
    ) -> None:
        """Give a profile bonus time today (None: the rest of the day), and tell its sessions.

        The bonus adds to the day's (and week's) budget, usable within the allowed hours; with
        `outside_hours` it also opens the computer outside them for its time from now.
        `request_id`: the child's request this grant answers, for the log."""
        policy = self._ctx.policy()
        if profile_id not in policy.profiles:
            raise InvalidRequest(f"there is no profile '{profile_id}'")
        if minutes is not None and not 1 <= minutes <= MAX_BONUS_MINUTES:
            raise InvalidRequest(f"bonus minutes must be between 1 and {MAX_BONUS_MINUTES}")
        ledger = self._ctx.ledger
        now = self._ctx.trusted.now()
        day = policy.day(now)
        ledger.add_grant(profile_id, day, now, minutes, outside_hours=outside_hours)
        ledger.clear_warned(profile_id, day)
        ledger.record(
            now,
            "grant",
            profile_id,
            minutes=minutes,
            outside_hours=outside_hours,
            request_id=request_id,
        )
        for account in sorted({s.user for s in self._ctx.sessions()}):
            restricting = policy.for_account(account)
            if restricting is not None and restricting.id == profile_id:
                data = {
                    "account": account,
                    "minutes": minutes,
                    "outside_hours": outside_hours,
                    "request_id": request_id,
                }
                self._ctx.publish(Event(EventKind.ANSWERED, data))
        self._last_state.clear()
        self._ctx.tick_now()
