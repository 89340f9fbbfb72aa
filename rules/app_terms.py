"""The app rules' words a client reads off a status: the category key prefix, the downtime kinds.

Kept apart from `rules.apps` and free of imports, so that the tray names them without loading
the policy model (msgspec and the rules cost it about 6 MiB it otherwise never needs).
"""

from __future__ import annotations

from enum import StrEnum

CATEGORY_PREFIX = "category:"
"""How a usage or budget key names a category rather than one app ("category:games")."""


class Downtime(StrEnum):
    """What happens outside the allowed hours and when the day's time is spent."""

    LOCK = "lock"
    """The profile's action (lock, log out, …) applies to the whole session."""
    APPS = "apps"
    """The session stays open, but only always-allowed apps (and the system's own) may run."""
