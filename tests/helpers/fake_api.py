"""An in-memory GuardianApi for UI tests: behaves like the service, with state set directly."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QObject, Signal

from guardian.api import (
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
    Throttled,
    WrongPassword,
)
from guardian.ipc.protocol import ServiceUnavailable
from guardian.problems import Problem
from rules.model import Policy
from rules.presets import default_policy


def sample_status(**changes: Any) -> Status:
    """A child's status mid-afternoon with 1 h 20 min left."""
    status = Status(
        account="kid",
        restricted=True,
        profile_id="child",
        profile_name="Child",
        allowed=True,
        reasons=(),
        day="2026-11-30",
        time_left_today=4800.0,
        time_left_week=None,
        session_left=4800.0,
        used_today=2400.0,
        budget_today=7200.0,
        hours_today=(("07:00", "21:30"),),
        next_change="2026-11-30T17:20:00+03:00",
        warning_due=None,
        countdown=False,
    )
    return replace(status, **changes)


class FakeApi(QObject):
    """Keeps a password, a policy and a status; `push` sends events to subscribers.

    Signals:
        connection_changed(bool): `set_available` took the service down or brought it back,
            as `IpcClient` says when it loses or regains the service.
    """

    connection_changed = Signal(bool)

    def __init__(self, password: str | None = "secret", status: Status | None = None) -> None:
        super().__init__()
        self.password = password
        self.current = status or sample_status()
        self.policy = default_policy("Europe/Moscow", "kid")
        self.tokens: set[str] = set()
        self.grants: list[tuple[str, int | None]] = []
        self.grants_outside_hours: list[bool] = []
        """For each of `grants`: whether it also opened the computer outside allowed hours."""
        self.logged: list[LoggedEvent] = []
        self.throttle_for: float = 0.0
        self.people: list[dict[str, Any]] = [
            {"name": "parent", "full_name": "Parent", "is_admin": True},
            {"name": "kid", "full_name": "Kid", "is_admin": False},
        ]
        """The machine's accounts, as `accounts` reports them."""
        self.running: list[RunningApp] = []
        """Programs `running_apps` reports."""
        self.seen: list[RunningApp] = []
        """Programs `seen_apps` reports."""
        self.raised: list[Problem] = []
        """Problems `problems` reports, less those dismissed."""
        self.dismissed: set[str] = set()
        """Keys the parent dismissed."""
        self.policy_saved = password is not None
        """Whether a policy was ever saved, as `setup_state` reports it (not on a first run)."""
        self.managed = False
        """Whether a managed policy is in force, as `setup_state` reports it."""
        self.available = True
        """False: every call raises ServiceUnavailable, as a client's do while the service is
        down."""
        self.handlers: dict[str, Callable[[dict[str, Any]], Any]] = {}
        """`call` answers a method with its handler's result (plain data); parent methods
        check the token first, as the service does."""
        self.calls: list[tuple[str, dict[str, Any]]] = []
        """Every `call` made, in order."""
        self._subscribers: list[Callable[[Event], None]] = []

    @property
    def connected(self) -> bool:
        """Whether the service is reachable, as `IpcClient.connected` says."""
        return self.available

    def set_available(self, available: bool) -> None:
        """Take the service down or bring it back, and say so as a client would."""
        self.available = available
        self.connection_changed.emit(available)

    def _up(self) -> None:
        if not self.available:
            raise ServiceUnavailable("the Guardian service is not running")

    def _check(self, token: str | None) -> None:
        self._up()
        if token not in self.tokens:
            raise AuthRequired("a parent token is required")

    def status(self) -> Status:
        self._up()
        return self.current

    def call(self, method: str, params: dict[str, Any]) -> Any:
        self._up()
        if "token" in params:
            self._check(params["token"])
        self.calls.append((method, dict(params)))
        handler = self.handlers.get(method)
        if handler is None:
            raise InvalidRequest(f"unknown method {method}")
        return handler({k: v for k, v in params.items() if k != "token"})

    def has_password(self) -> bool:
        self._up()
        return self.password is not None

    def setup_state(self) -> SetupState:
        self._up()
        return SetupState(
            password=self.password is not None, policy=self.policy_saved, managed=self.managed
        )

    def set_password(self, token: str | None, new_password: str) -> str:
        self._up()
        if self.password is not None:
            self._check(token)
        self.password = new_password
        self.tokens.clear()
        return self.login(new_password)

    def login(self, password: str) -> str:
        self._up()
        if self.throttle_for:
            raise Throttled(self.throttle_for)
        if password != self.password:
            raise WrongPassword("wrong password")
        token = secrets.token_hex(32)
        self.tokens.add(token)
        return token

    def logout(self, token: str) -> None:
        self._up()
        self.tokens.discard(token)

    def get_policy(self, token: str) -> Policy:
        self._check(token)
        return self.policy

    def set_policy(self, token: str, policy: Policy) -> None:
        self._check(token)
        self.policy = policy
        self.policy_saved = True
        self.push(Event(EventKind.POLICY, {}))

    def grant(
        self, token: str, profile_id: str, minutes: int | None, outside_hours: bool = False
    ) -> None:
        self._check(token)
        self.grants.append((profile_id, minutes))
        self.grants_outside_hours.append(outside_hours)

    def accounts(self, token: str) -> list[dict[str, Any]]:
        self._check(token)
        return [dict(person) for person in self.people]

    def events(self, token: str, query: EventQuery = NEWEST_EVENTS) -> EventPage:
        self._check(token)
        found = [
            e
            for e in reversed(self.logged)
            if (query.kinds is None or e.kind in query.kinds)
            and (query.profile_id is None or e.profile_id == query.profile_id)
            and (query.before is None or e.id < query.before)
        ]
        limit = query.limit
        return EventPage(found[:limit], found[limit - 1].id if len(found) > limit else None)

    def running_apps(self, token: str) -> list[RunningApp]:
        self._check(token)
        return list(self.running)

    def seen_apps(self, token: str) -> list[RunningApp]:
        self._check(token)
        return list(self.seen)

    def problems(self, token: str) -> list[Problem]:
        self._check(token)
        return [p for p in self.raised if p.key not in self.dismissed]

    def dismiss_problem(self, token: str, key: str) -> None:
        self._check(token)
        self.dismissed.add(key)

    def subscribe(self, callback: Callable[[Event], None]) -> Callable[[], None]:
        self._subscribers.append(callback)
        return lambda: self._subscribers.remove(callback)

    def push(self, event: Event) -> None:
        """Deliver an event to every subscriber, as the service does."""
        for callback in list(self._subscribers):
            callback(event)

    def set_status(self, **changes: Any) -> None:
        """Change the status and announce it."""
        self.current = replace(self.current, **changes)
        self.push(Event(EventKind.STATE, {}))


def sample_program(exe: str, **changes: Any) -> RunningApp:
    """A program of the child's, running now, that no catalogue entry or rule knows."""
    name = exe.replace("\\", "/").rsplit("/", 1)[-1]
    program = RunningApp(
        exe=exe,
        name=name,
        cmdline=(exe,),
        app_ids=(),
        account="kid",
        app=None,
        sha256=None,
        last_seen="2026-11-30T15:40:00+03:00",
    )
    return replace(program, **changes)


def blocked_status(**changes: Any) -> Status:
    """The same child after the day's screen time ran out, allowed again tomorrow at 07:00."""
    blocked = {
        "allowed": False,
        "reasons": ("daily_budget_spent",),
        "time_left_today": 0.0,
        "session_left": 0.0,
        "used_today": 7200.0,
        "next_change": "2026-12-01T07:00:00+03:00",
    }
    return sample_status(**{**blocked, **changes})
