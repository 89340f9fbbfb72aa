"""What the service tells the DNS filter process: the contract between the two.

The service (`guardian/features/sites.py`) compiles the policy in force, the time of day (site
schedules) and who is logged in into one `FilterConfig` and sends it whenever it changes; the
filter answers with `Counts` and `Blocked` reports. Names are lower-case ASCII (IDNA), without a
trailing dot, and a name covers its subdomains.
"""

from __future__ import annotations

import msgspec


class ProfileFilter(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """What one profile's queries are filtered by, right now (schedules already applied)."""

    id: str
    block_categories: tuple[str, ...] = ()
    """Index sources (category lists) whose names are blocked."""
    allow_categories: tuple[str, ...] = ()
    """Index sources whose names are allowed (white lists such as UT1's "child")."""
    block: tuple[str, ...] = ()
    """The parent's own blocked names (and sites outside their scheduled hours)."""
    allow: tuple[str, ...] = ()
    """The parent's own allowed names (and sites inside their scheduled hours)."""
    scheduled_block: tuple[str, ...] = ()
    """Own names blocked now because they are outside their scheduled hours."""
    scheduled_categories: tuple[str, ...] = ()
    """Index sources blocked now because they are outside their scheduled hours."""
    allowlist_only: bool = False
    """Only allowed names (own or allowed categories) resolve; the rest are blocked."""
    safe_search: bool = True
    """Search engines are answered with their safe-search addresses."""


class Listener(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """One address the filter answers on (UDP and TCP)."""

    host: str
    port: int
    profile: str | None = None
    """Queries here belong to this profile (per-account redirection); None: the shared
    listener, whose queries belong to `FilterConfig.default_profile`."""


class FilterConfig(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """Everything the filter process needs; sent whole on every change."""

    listeners: tuple[Listener, ...]
    upstreams: tuple[str, ...]
    """Resolvers asked in turn: "1.2.3.4", "1.2.3.4:5353", "[2001:db8::1]:53"."""
    profiles: tuple[ProfileFilter, ...] = ()
    default_profile: str | None = None
    """Profile of queries on the shared listener; None: not filtered (an unrestricted person
    is at the computer), except the DNS-over-HTTPS canary."""
    index: str | None = None
    """Path of the compiled category index; None: no category lists."""


class Count(msgspec.Struct, frozen=True, array_like=True):
    """Queries for one name under one profile since the last report."""

    profile: str
    name: str
    rule: str
    """"" when allowed, else the rule that blocked it: "category:CAT", "block:NAME",
    "schedule:NAME", "schedule-category:CAT", "allowlist", "canary";
    "safe_search:ENGINE" for a rewrite."""
    allowed: int
    blocked: int


class Counts(msgspec.Struct, frozen=True, tag="counts"):
    """Sent by the filter every few seconds while there are queries."""

    rows: tuple[Count, ...]


class Blocked(msgspec.Struct, frozen=True, tag="blocked"):
    """Sent by the filter at once when a name is blocked (the service tells the child, once
    per burst)."""

    profile: str
    name: str
    rule: str


class Ready(msgspec.Struct, frozen=True, tag="ready"):
    """Sent by the filter once its listeners are bound and a config is in force."""

    ports: tuple[int, ...]
    """The bound ports, in the order of `FilterConfig.listeners` (port 0 asks for any)."""


class Failed(msgspec.Struct, frozen=True, tag="failed"):
    """Sent by the filter when something stops it from doing its work (an index that does
    not open, a port that cannot be bound); it keeps the last config that worked."""

    what: str
    detail: str


Report = Counts | Blocked | Ready | Failed
