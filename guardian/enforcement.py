"""Enforcement: warnings before time runs out, a countdown, then the profile's action.

While a session is blocked the action is re-applied on every tick. If the session stays active
and unlocked for longer than the grace period, or the action fails, enforcement escalates:
the profile's action, then log out, then ending the user's processes.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from guardian.api import Event, EventKind
from guardian.ledger import UsageLedger
from guardian.platform.base import Platform, PlatformError, SessionInfo
from rules.apps import Downtime
from rules.evaluate import Decision
from rules.model import Action

log = logging.getLogger(__name__)
ESCALATE_AFTER_SECONDS = 20.0
LOGOUT = "logout"
END_PROCESSES = "end_processes"


@dataclass
class _Episode:
    """One stretch of being blocked in one session."""

    level: int = 0
    active_since: float | None = None
    applied: set[str] = field(default_factory=set)
    failed: set[str] = field(default_factory=set)


def ladder(action: Action) -> list[str]:
    """The steps of escalation starting from the profile's action."""
    steps = [action.value]
    steps += [step for step in (LOGOUT, END_PROCESSES) if step not in steps]
    return steps


class Enforcer:
    """Applies decisions to sessions through the platform."""

    def __init__(
        self,
        platform: Platform,
        ledger: UsageLedger,
        monotonic: Callable[[], float],
        emit: Callable[[Event], None],
        *,
        notify_sessions: bool,
        messages: Callable[[str, int], tuple[str, str]],
    ) -> None:
        self._platform = platform
        self._ledger = ledger
        self._monotonic = monotonic
        self._emit = emit
        self._notify_sessions = notify_sessions
        self._messages = messages
        self._episodes: dict[str, _Episode] = {}
        self.problems: dict[str, tuple[str, str, str]] = {}
        """Failures the parent should see, by session id: account, step and the OS's words."""

    def enforce(
        self,
        session: SessionInfo,
        profile: str,
        decision: Decision,
        now: datetime,
        *,
        apps_only: bool = False,
    ) -> None:
        """Warn, count down or act on one session for one tick.

        `apps_only`: the profile's downtime keeps the session open and closes apps instead
        (the app guard does that); warnings say so and no session action is taken.
        """
        action = Downtime.APPS.value if apps_only else decision.action.value
        if decision.allowed:
            if self._episodes.pop(session.id, None) is not None:
                self._emit(Event(EventKind.STATE, {"account": session.user, "allowed": True}))
            self._warn(session, profile, decision, now, action)
            return
        episode = self._episodes.get(session.id)
        if episode is None:
            episode = self._episodes[session.id] = _Episode()
            self._ledger.record(now, "blocked", profile, reasons=list(decision.reasons))
            self._emit(
                Event(
                    EventKind.BLOCKED,
                    {
                        "account": session.user,
                        "reasons": list(decision.reasons),
                        "action": action,
                    },
                )
            )
        if apps_only or session.locked or not session.active:
            episode.active_since = None
            return
        tick = self._monotonic()
        steps = ladder(decision.action)
        if episode.active_since is None:
            episode.active_since = tick
        elif (
            tick - episode.active_since > ESCALATE_AFTER_SECONDS and episode.level < len(steps) - 1
        ):
            episode.level += 1
            episode.active_since = tick
        step = steps[episode.level]
        self._ledger.flush()
        try:
            self._apply(step, session)
        except PlatformError as exc:
            if step not in episode.failed:
                episode.failed.add(step)
                self._ledger.record(now, "enforcement_failed", profile, step=step, error=str(exc))
                log.error("enforcement step %s failed for %s: %s", step, session.user, exc)
            self.problems[session.id] = (session.user, step, str(exc))
            if episode.level < len(steps) - 1:
                episode.level += 1
                episode.active_since = tick
            return
        if step not in episode.applied:
            episode.applied.add(step)
            self._ledger.record(now, "enforced", profile, step=step, account=session.user)
        self.problems.pop(session.id, None)

    def _apply(self, step: str, session: SessionInfo) -> None:
        sessions = self._platform.sessions
        if step == Action.LOCK.value:
            sessions.lock(session)
        elif step == LOGOUT:
            sessions.logout(session)
        elif step == Action.SHUTDOWN.value:
            sessions.shutdown()
        elif step == Action.SUSPEND.value:
            sessions.suspend()
        else:
            sessions.end_processes(session)

    def _warn(
        self, session: SessionInfo, profile: str, decision: Decision, now: datetime, action: str
    ) -> None:
        if decision.warning_due is not None:
            minutes = decision.warning_due
            self._ledger.mark_warned(profile, decision.day, [minutes])
            self._ledger.record(now, "warning", profile, minutes=minutes)
            self._emit(
                Event(
                    EventKind.WARNING,
                    {
                        "account": session.user,
                        "minutes": minutes,
                        "session_left": decision.session_left,
                        "action": action,
                    },
                )
            )
            if self._notify_sessions:
                title, body = self._messages(action, minutes)
                try:
                    self._platform.notifier.notify(session, title, body, urgent=minutes <= 1)
                except PlatformError as exc:
                    log.warning("could not notify %s: %s", session.user, exc)
        if decision.countdown:
            self._emit(
                Event(
                    EventKind.COUNTDOWN,
                    {
                        "account": session.user,
                        "seconds": decision.session_left,
                        "action": action,
                    },
                )
            )
