"""What clients may ask of the service: the methods the tray and the CLI call.

Every call and result here is plain data so that the same interface is served in-process (the
standalone tray) and over the local socket. Methods that change state take a parent token from
`login`; the service checks it on every call.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Protocol

from guardian.problems import Problem

if TYPE_CHECKING:
    # Only named in signatures: a tray that never opens the settings never loads the model.
    from rules.model import Policy


class ApiError(Exception):
    """A call was refused; `code` is stable, the message is for the log, not for the child."""

    code = "error"


class AuthRequired(ApiError):
    """The call needs a valid parent token."""

    code = "auth_required"


class WrongPassword(ApiError):
    """The parent password did not match."""

    code = "wrong_password"


class Throttled(ApiError):
    """Too many wrong passwords; try again after `retry_after` seconds."""

    code = "throttled"

    def __init__(self, retry_after: float) -> None:
        super().__init__(f"too many wrong passwords; try again in {retry_after:.0f} s")
        self.retry_after = retry_after


class RateLimited(ApiError):
    """One account called a writing method too often; try again after `retry_after` seconds."""

    code = "rate_limited"

    def __init__(self, retry_after: float, what: str = "calls") -> None:
        super().__init__(f"too many {what}; try again in {retry_after:.0f} s")
        self.retry_after = retry_after


class InvalidRequest(ApiError):
    """The arguments were wrong; the message says which."""

    code = "invalid_request"


class EventKind(StrEnum):
    """What subscribers are told about."""

    STATE = "state"
    WARNING = "warning"
    COUNTDOWN = "countdown"
    BLOCKED = "blocked"
    POLICY = "policy"
    PROBLEM = "problem"
    REQUEST = "request"
    """A child asked for something (time, access) or reported a site: data is the request
    (`guardian.requests_client.RequestView` as plain data); for the parent's windows only."""
    REQUEST_ANSWERED = "request_answered"
    """A request was answered, cancelled or expired: data is the request as plain data; for
    the requesting account's sessions and the parent's windows."""
    ANSWERED = "answered"
    """A parent gave a child's profile more time (the answer to a request, or unasked)."""
    APP_WARNING = "app_warning"
    """An app's or a category's time runs out soon: data has account, key (app id or
    "category:<name>"), name and minutes."""
    APP_BLOCKED = "app_blocked"
    """An app was ended: data has account, app (id or None), name, reason (an AppBlock value)
    and, for spent budgets, budget_minutes."""
    SITE_BLOCKED = "site_blocked"
    """A site was blocked for a child (once per burst): data has account, at, profile, name
    and rule (see `rules.sites.SiteVerdict.rule`)."""
    REPORT_READY = "report_ready"
    """A week's summaries were written: data has week, profiles (ids), names (id to the
    profile's name), folder and files."""
    REPORT_MAIL = "report_mail"
    """A summary or test message was sent or not: data has id, ok and reason (a code of
    `guardian.reports.mail.REASONS`, None when sent)."""


PARENT_EVENTS = frozenset({EventKind.REPORT_READY, EventKind.REPORT_MAIL, EventKind.REQUEST})
"""Events only a parent's windows hear over the socket: a connection with a live parent token,
or an account no profile restricts. A child never learns where summaries are kept."""

ADDRESSED_EVENTS = frozenset({EventKind.REQUEST_ANSWERED})
"""Events only the account in their `account` field and the parent's windows hear (as for
PARENT_EVENTS): a child never hears another child's answer or the parent's message to them."""


@dataclass(frozen=True, slots=True)
class Event:
    """A push from the service; `data` holds plain JSON values."""

    kind: EventKind
    data: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class AppTime:
    """Time of one limited app or one category with a budget, today. Seconds."""

    key: str
    """The app id, or "category:<name>" for a category."""
    name: str
    """The app's name; for a category its id (games, video, …), which the UI translates."""
    budget: float
    used: float
    left: float


@dataclass(frozen=True, slots=True)
class RunningApp:
    """A program seen running (now or recently), for the parent's app picker."""

    exe: str
    name: str
    cmdline: tuple[str, ...]
    app_ids: tuple[str, ...]
    account: str
    app: str | None
    """The catalogue or rule app it was identified as, if any."""
    sha256: str | None
    last_seen: str
    """ISO 8601."""


@dataclass(frozen=True, slots=True)
class Status:
    """The calling account's state. Durations in seconds; None means no limit."""

    account: str
    restricted: bool
    profile_id: str | None
    profile_name: str | None
    allowed: bool
    reasons: tuple[str, ...]
    day: str
    time_left_today: float | None
    time_left_week: float | None
    session_left: float | None
    used_today: float
    budget_today: float | None
    hours_today: tuple[tuple[str, str], ...]
    """Allowed spans today as local "HH:MM" pairs."""
    next_change: str | None
    """ISO 8601 time when being allowed next flips, in the policy's zone."""
    warning_due: int | None
    countdown: bool
    problems: tuple[str, ...] = ()
    """Codes (guardian.problems.ProblemCode values) of what the parent must fix; never text,
    since a child reads this status. The parent reads the problems themselves with `problems`."""
    action: str = "lock"
    """What happens when time is up: lock, logout, shutdown or suspend."""
    apps: tuple[AppTime, ...] = ()
    """Limited apps and categories with a budget, for the child's menu and view."""
    age: str | None = None
    """The profile's age preset ("0+", "6+", "12+", "16+", "18+"), for age-appropriate tips
    and words; None when the profile has none."""
    code_approval: bool = False
    """A parent set up approval by one-time code from their phone: the child's request
    dialog offers a field for the code."""


@dataclass(frozen=True, slots=True)
class SetupState:
    """What first-run setup finds: it writes a policy only where none was ever saved."""

    password: bool
    """A parent password exists."""
    policy: bool
    """A policy was saved once (by setup, the settings or a policy file)."""
    managed: bool
    """A managed policy (a school's, a deployment's) is in force."""


@dataclass(frozen=True, slots=True)
class LoggedEvent:
    """An entry of the event log the parent reads; `id` orders the log and pages through it."""

    at: str
    profile_id: str | None
    kind: str
    data: dict[str, Any]
    id: int


@dataclass(frozen=True, slots=True)
class EventQuery:
    """Which entries of the event log: of these kinds and this profile (None: any), older than
    the event `before` (None: from the newest), at most `limit`, newest first."""

    kinds: tuple[str, ...] | None = None
    profile_id: str | None = None
    before: int | None = None
    limit: int = 200


NEWEST_EVENTS = EventQuery()
"""The newest entries of any kind."""


@dataclass(frozen=True, slots=True)
class EventPage:
    """One page of the event log, newest first; `next` is the `before` of the next page."""

    events: list[LoggedEvent]
    next: int | None


class GuardianApi(Protocol):
    """The service as a client sees it."""

    def status(self) -> Status:
        """The calling account's status."""
        ...

    def has_password(self) -> bool:
        """Whether a parent password has been set (False on first run)."""
        ...

    def setup_state(self) -> SetupState:
        """Whether a password and a policy exist, and whether the policy is managed."""
        ...

    def set_password(self, token: str | None, new_password: str) -> str:
        """Set the parent password and return a fresh token.

        `token` may be None only while no password is set (the first-run wizard). Every other
        token is revoked.
        """
        ...

    def login(self, password: str) -> str:
        """Exchange the parent password for a token; raises WrongPassword or Throttled."""
        ...

    def logout(self, token: str) -> None:
        """Revoke a token."""
        ...

    def get_policy(self, token: str) -> Policy:
        """The parent's policy as stored."""
        ...

    def set_policy(self, token: str, policy: Policy) -> None:
        """Replace the parent's policy."""
        ...

    def grant(
        self, token: str, profile_id: str, minutes: int | None, outside_hours: bool = False
    ) -> None:
        """Give bonus time today; None is the rest of the day. The bonus adds to the budget
        within the allowed hours; only with `outside_hours` does it also open the computer
        outside them (bedtime) for its time from now."""
        ...

    def accounts(self, token: str) -> list[dict[str, Any]]:
        """The machine's people accounts: name, full_name, is_admin."""
        ...

    def events(self, token: str, query: EventQuery = NEWEST_EVENTS) -> EventPage:
        """A page of the event log (see `EventQuery`)."""
        ...

    def running_apps(self, token: str) -> list[RunningApp]:
        """Programs of people's accounts running now, one per executable."""
        ...

    def seen_apps(self, token: str) -> list[RunningApp]:
        """Programs seen in the last 30 days, newest first, one per executable."""
        ...

    def problems(self, token: str) -> list[Problem]:
        """What the parent must know or fix now, dismissed ones left out."""
        ...

    def dismiss_problem(self, token: str, key: str) -> None:
        """Hide a dismissable problem (by `Problem.key`) until it is raised anew."""
        ...

    def call(self, method: str, params: dict[str, Any]) -> Any:
        """Any method of the service's table by name (a parent method takes `token` among its
        params); the result as plain JSON data, the same in-process and over the socket.

        Features' own calls go through here, wrapped in typed helpers of their own (for
        example `guardian.sites.client.SitesClient`), so a new feature adds nothing here."""
        ...

    def subscribe(self, callback: Callable[[Event], None]) -> Callable[[], None]:
        """Call `callback` for every event; returns a function that unsubscribes."""
        ...
