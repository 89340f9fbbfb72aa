"""App rules: which apps run and for how long, ended when they may not (guardian/apps/).

Registered only where the platform can tell which apps run. In `observe` it reports the apps in
use (their time counts towards their budgets); in `act` it judges each watched session's new
processes under the verdict screen time reached, warns before an app's budget runs out, and
ends what may not run. Offers the parent's program pickers.
"""

from __future__ import annotations

import logging
from datetime import date, datetime
from typing import Any

from guardian.api import AppTime, Event, EventKind, RunningApp, Status
from guardian.apps.guard import AppGuard, Watched
from guardian.compiled import CompiledPolicy, CompiledProfile
from guardian.features.base import Feature, ServiceContext, Tick, WatchedSession
from guardian.features.screen_time import SPENT_DAY_SECONDS, ScreenTime, app_usage_key
from guardian.ipc.protocol import running_app_to_data
from guardian.methods import Access, Caller, Method
from guardian.notices import app_warning_notice
from guardian.platform.base import AppPlatform, PlatformError
from rules.appmatch import AppBudget, AppContext, AppMatcher, app_warning_due, blocks_unmanaged
from rules.apps import CATEGORY_PREFIX, Category, Downtime
from rules.catalogue import catalogue

log = logging.getLogger(__name__)


class Apps(Feature):
    """Enforces app rules through an AppGuard."""

    name = "apps"

    def __init__(self, context: ServiceContext, apps: AppPlatform, screen_time: ScreenTime) -> None:
        self._ctx = context
        self._apps = apps
        self.guard = AppGuard(
            apps,
            context.platform.notifier,
            context.ledger,
            context.clock.monotonic,
            context.publish,
            os_name=context.platform.os,
            notify_sessions=not context.options.standalone,
        )
        screen_time.apps_close_in_downtime = True
        self._matchers: dict[str, AppMatcher] = {}
        self._matchers_for = -1
        """The learned-hash version the matchers were built for (a new policy clears them)."""
        self._watched: list[Watched] = []

    def compile(self, policy: CompiledPolicy) -> None:
        """A new policy: matchers are rebuilt."""
        self._matchers = {}

    def matcher(self, profile: CompiledProfile) -> AppMatcher:
        """A profile's matcher, built once per policy and version of the learned hashes."""
        if self.guard.learned_version != self._matchers_for:
            self._matchers = {}
            self._matchers_for = self.guard.learned_version
        found = self._matchers.get(profile.id)
        if found is None:
            found = AppMatcher.for_rules(profile.rules.apps, catalogue(), self.guard.learned)
            self._matchers[profile.id] = found
        return found

    # --- the tick ----------------------------------------------------------------------------

    def observe(self, tick: Tick) -> None:
        """Report the apps each counting session has in use."""
        for watched in tick.watched:
            owner = Watched(
                watched.session, watched.profile.id, self.matcher(watched.profile), AppContext()
            )
            keys, front_allowed = self.guard.in_use(
                owner, self._apps.foreground_pid(watched.session)
            )
            tick.app_keys[watched.session.id] = keys
            if front_allowed:
                tick.uncounted.add(watched.session.id)

    def act(self, tick: Tick) -> None:
        """Judge new processes under this tick's verdicts, and warn about app budgets."""
        self._watched = [self._context(w, tick) for w in tick.watched]
        for watched in tick.watched:
            self._warn(watched, tick.app_keys.get(watched.session.id, set()), tick)
        self.scan(tick.now)

    def scan(self, now: datetime | None = None) -> int:
        """Look for new processes and end what the watched sessions may not run (each tick,
        and at once when the OS reports a launch); returns how many were asked to end."""
        return self.guard.scan(self._watched, now or self._ctx.trusted.now())

    def flush(self) -> None:
        """Persist the programs seen."""
        self.guard.flush_seen()

    def _context(self, watched: WatchedSession, tick: Tick) -> Watched:
        profile = watched.profile
        rules = profile.rules
        decision = tick.decision(profile)
        spent = {
            b.key for b in profile.app_budgets if self._seconds(profile, b, tick.day) >= b.seconds
        }
        context = AppContext(
            app_list=rules.app_list,
            downtime=not decision.allowed and rules.downtime is Downtime.APPS,
            block_unmanaged=blocks_unmanaged(rules, profile.sites.filter),
            spent_apps=frozenset(k for k in spent if not k.startswith(CATEGORY_PREFIX)),
            spent_categories=frozenset(
                Category(k.removeprefix(CATEGORY_PREFIX))
                for k in spent
                if k.startswith(CATEGORY_PREFIX)
            ),
        )
        return Watched(watched.session, profile.id, self.matcher(profile), context)

    def _seconds(self, profile: CompiledProfile, budget: AppBudget, day: date) -> float:
        ledger = self._ctx.ledger
        if ledger.is_spent(day):
            return SPENT_DAY_SECONDS
        return ledger.seconds(app_usage_key(profile.id, budget.key), day)

    def _warn(self, watched: WatchedSession, in_use: set[str], tick: Tick) -> None:
        """Warn before a budget of an app in use runs out, like the day's budget."""
        ledger = self._ctx.ledger
        profile = watched.profile
        for budget in profile.app_budgets:
            if budget.key not in in_use:
                continue
            key = app_usage_key(profile.id, budget.key)
            left = budget.seconds - self._seconds(profile, budget, tick.day)
            minutes = app_warning_due(
                left, budget.seconds, profile.effective.warnings, ledger.warned(key, tick.day)
            )
            if minutes is None:
                continue
            ledger.mark_warned(key, tick.day, [minutes])
            ledger.record(tick.now, "app_warning", profile.id, app=budget.key, minutes=minutes)
            data = {
                "account": watched.session.user,
                "key": budget.key,
                "name": budget.name,
                "minutes": minutes,
            }
            self._ctx.publish(Event(EventKind.APP_WARNING, data))
            if not self._ctx.options.standalone:
                title, body = app_warning_notice(budget.name, minutes)
                try:
                    self._ctx.platform.notifier.notify(
                        watched.session, title, body, urgent=minutes <= 1
                    )
                except PlatformError as exc:
                    log.warning("could not notify %s: %s", watched.session.user, exc)

    # --- status and methods ------------------------------------------------------------------

    def status(self, status: Status, profile: CompiledProfile) -> Status:
        """Time left of each limited app and category; downtime that closes apps."""
        from dataclasses import replace

        day = date.fromisoformat(status.day)
        times = []
        for budget in profile.app_budgets:
            used = min(self._seconds(profile, budget, day), 86400.0)
            times.append(
                AppTime(
                    budget.key, budget.name, budget.seconds, used, max(0.0, budget.seconds - used)
                )
            )
        action = Downtime.APPS.value if profile.rules.downtime is Downtime.APPS else status.action
        return replace(status, apps=tuple(times), action=action)

    def methods(self) -> list[Method]:
        """The parent's program pickers: running now, and seen in the last 30 days."""

        def encode(apps: list[RunningApp]) -> list[dict[str, Any]]:
            from guardian.ipc.protocol import fitting

            return fitting([running_app_to_data(a) for a in apps])

        return [
            Method("apps.running", self._running, access=Access.PARENT, encode=encode),
            Method(
                "apps.seen",
                lambda c, p: self.guard.seen(self._ctx.trusted.now()),
                access=Access.PARENT,
                encode=encode,
            ),
        ]

    def _running(self, caller: Caller, params: object) -> list[RunningApp]:
        sessions = self._ctx.sessions()
        people = {s.uid: s.user for s in sessions if s.uid is not None}
        users = {s.user.casefold(): s.user for s in sessions}

        def account(tracked: Any) -> str | None:
            for uid in tracked.uids[:1]:
                return people.get(uid)
            name = str(tracked.username).rsplit("\\", 1)[-1].casefold()
            return users.get(name)

        return self.guard.running(account)
