"""What a feature of the service is, and what the coordinator hands it.

A feature owns one capability (screen time, apps, tamper watch, requests, …). The coordinator
calls it through this small interface: a compiled policy when one comes into force, the two
phases of each tick, its client methods, and the problems it raises. A feature that raises is
contained by the coordinator; one that keeps raising holds the restricted sessions at time-up.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import ClassVar

from guardian.api import Event, Status
from guardian.clock import Clock
from guardian.compiled import CompiledPolicy, CompiledProfile
from guardian.ledger import UsageLedger
from guardian.methods import Method
from guardian.paths import DataPaths
from guardian.platform.base import Platform, SessionInfo
from guardian.problems import Problem
from guardian.trusted_time import TrustedTime
from rules.evaluate import Decision, held

FILE_CHECK_SECONDS = 5.0
"""How often files Guardian owns are looked at for changes made behind its back."""


@dataclass(frozen=True, slots=True)
class FilterOptions:
    """Where the site filter listens and whom it asks."""

    port: int = 53
    """Port of the shared listener on `address`; 0 picks a free one (tests)."""
    address: str = "127.0.0.1"
    upstreams: tuple[str, ...] | None = None
    """Resolvers to forward to; None: the machine's own (as the platform reads them)."""


@dataclass(frozen=True, slots=True)
class ServiceOptions:
    """How a service instance runs."""

    standalone: bool
    own_account: str | None = None
    """In standalone mode: the only account whose sessions are watched and acted on."""
    flush_seconds: float = 5.0
    """Usage is flushed at least this often (crash tests flush far more often)."""
    site_filter: FilterOptions | None = None
    """How the site filter runs; None: it does not run (standalone mode, where nothing sends
    the machine's DNS to it). Site rules are still tested and shown."""


@dataclass(frozen=True, slots=True)
class ServiceContext:
    """What every feature may use: the coordinator's clocks, storage and platform."""

    paths: DataPaths
    platform: Platform
    clock: Clock
    trusted: TrustedTime
    ledger: UsageLedger
    options: ServiceOptions
    publish: Callable[[Event], None]
    subscribe: Callable[[Callable[[Event], None]], Callable[[], None]]
    """Hear every event until the returned function is called."""
    policy: Callable[[], CompiledPolicy]
    """The compiled policy in force."""
    sessions: Callable[[], list[SessionInfo]]
    """The sessions seen at the last tick (of the own account only, in standalone mode)."""
    tick_now: Callable[[], None]
    """Run a tick at once (after a grant, so the child's screen opens without waiting)."""


@dataclass(frozen=True, slots=True)
class WatchedSession:
    """A session a profile restricts."""

    session: SessionInfo
    profile: CompiledProfile


@dataclass(slots=True)
class Tick:
    """One tick's data as it flows through the features (see docs/architecture.md)."""

    now: datetime
    day: date
    policy: CompiledPolicy
    watched: tuple[WatchedSession, ...]
    app_keys: dict[str, set[str]] = field(default_factory=dict)
    """Per session id: the app and category keys in use (filled by apps in `observe`)."""
    uncounted: set[str] = field(default_factory=set)
    """Session ids whose time does not count now (an always-allowed app in front)."""
    decisions: dict[str, Decision] = field(default_factory=dict)
    """Per profile id: the verdict of screen time (filled in `act`)."""

    def decision(self, profile: CompiledProfile) -> Decision:
        """The profile's verdict; held at time-up when screen time could not decide."""
        found = self.decisions.get(profile.id)
        return found if found is not None else held(profile.effective, self.policy.zone, self.now)


class Feature:
    """A capability of the service. Every hook does nothing unless a feature overrides it."""

    name: ClassVar[str]

    def start(self) -> None:
        """Called once the service is built and ticking is about to begin."""

    def stop(self) -> None:
        """Called when the service closes; release what `start` took."""

    def compile(self, policy: CompiledPolicy) -> None:
        """A new policy is in force (also at start)."""

    def observe(self, tick: Tick) -> None:
        """First phase of a tick: look (which apps run), before anything is decided."""

    def act(self, tick: Tick) -> None:
        """Second phase: count, decide and enforce, in the order features were registered."""

    def flush(self) -> None:
        """Persist what is held in memory (every few seconds and at close)."""

    def methods(self) -> Iterable[Method]:
        """The client methods this feature offers."""
        return ()

    def problems(self) -> Iterable[Problem]:
        """What the parent must know now."""
        return ()

    def status(self, status: Status, profile: CompiledProfile) -> Status:
        """Add this feature's part to a restricted account's status."""
        return status
