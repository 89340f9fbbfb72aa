"""App rules: how a profile names applications and what it does with them.

An app is named by a catalogue id (`rules/data/apps.toml`: well-known apps with their identities
on every OS) or by the parent's own id with its own identities. A rule's identities add to the
catalogue's. A process matches an app when any identity matches: its executable's file name,
a path pattern, the executable's SHA-256, a command-line pattern, or an OS app id.
"""

from __future__ import annotations

from collections.abc import Container
from enum import StrEnum
from typing import Annotated

import msgspec

from rules.app_terms import CATEGORY_PREFIX, Downtime

AppId = Annotated[str, msgspec.Meta(pattern=r"^[a-z0-9][a-z0-9._-]{0,63}$")]
Sha256 = Annotated[str, msgspec.Meta(pattern=r"^[0-9a-fA-F]{64}$")]
Pattern = Annotated[str, msgspec.Meta(min_length=1, max_length=512)]
AppMinutes = Annotated[int, msgspec.Meta(ge=0, le=24 * 60)]


class AppMode(StrEnum):
    """What a rule does with an app."""

    BLOCKED = "blocked"
    """Never runs."""
    LIMITED = "limited"
    """Runs within its own daily budget (and the day's)."""
    ALLOWED = "allowed"
    """Always allowed: does not count against the daily budget and, when the profile's downtime
    is "apps", stays usable in downtime."""


STRICTNESS = {AppMode.BLOCKED: 2, AppMode.LIMITED: 1, AppMode.ALLOWED: 0}
"""When several rules match one process the strictest wins."""


class Category(StrEnum):
    """Kinds of apps; each may have a daily budget in a profile."""

    GAMES = "games"
    BROWSERS = "browsers"
    SOCIAL = "social"
    """Social networks and messengers."""
    VIDEO = "video"
    EDUCATION = "education"
    CREATIVITY = "creativity"
    SYSTEM = "system"


class AppList(StrEnum):
    """Which apps may run at all."""

    OPEN = "open"
    """Every app a rule does not block."""
    ALLOWLIST = "allowlist"
    """Only apps a rule allows or limits (and the system's own programs)."""


class BrowserChoice(StrEnum):
    """Browsers that ignore the system's browser policies (Tor Browser, portable copies)."""

    AUTO = "auto"
    """Blocked while web filtering is on, as it cannot reach them."""
    BLOCK = "block"
    ALLOW = "allow"


class AppMatch(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """Identities of an app; a process matching any of them is the app.

    Patterns use `*` (any text, including folder separators) and `?`; case does not matter and
    `/` matches `\\` too. The command line is matched as its words joined by spaces.
    """

    names: tuple[Annotated[str, msgspec.Meta(min_length=1, max_length=255)], ...] = ()
    """Executable file names, e.g. "minecraft-launcher" or "Discord.exe" (".exe" optional);
    also the script or program a wrapper runs (python3 game.py, wine game.exe, java -jar x.jar)."""
    paths: tuple[Pattern, ...] = ()
    """Executable path patterns, e.g. "*/steamapps/common/*"."""
    sha256: tuple[Sha256, ...] = ()
    """SHA-256 of the executable (or of the script a wrapper runs): catches renamed copies."""
    cmdline: tuple[Pattern, ...] = ()
    """Command-line patterns, e.g. "*java* -jar *minecraft*"."""
    app_ids: tuple[Annotated[str, msgspec.Meta(min_length=1, max_length=255)], ...] = ()
    """OS app ids: Windows AppUserModelID or package family, macOS bundle id, Flatpak id, Snap."""

    @property
    def empty(self) -> bool:
        """Whether no identity is given."""
        return not (self.names or self.paths or self.sha256 or self.cmdline or self.app_ids)


class AppRule(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """What a profile does with one app."""

    app: AppId
    """A catalogue id (`guardian apps catalogue` lists them) or an id of the parent's own."""
    mode: AppMode
    name: Annotated[str, msgspec.Meta(min_length=1, max_length=64)] | None = None
    """Shown to the child and the parent; the catalogue's name when left out."""
    daily_minutes: AppMinutes | None = None
    """For limited apps: minutes per day."""
    category: Category | None = None
    """The catalogue's category when left out."""
    match: AppMatch | None = None
    """Identities, added to the catalogue's; required for an app the catalogue does not know."""


def rule_problems(number: int, rule: AppRule, known: Container[str]) -> list[str]:
    """What is wrong with one rule (the `number`th of its profile, from 0)."""
    place = f"apps[{number}] '{rule.app}'"
    found = []
    if rule.mode is AppMode.LIMITED and rule.daily_minutes is None:
        found.append(f"{place} is limited; give its daily_minutes")
    if rule.mode is not AppMode.LIMITED and rule.daily_minutes is not None:
        found.append(f"{place} is {rule.mode.value}; daily_minutes is only for limited apps")
    if rule.match is not None and rule.match.empty:
        found.append(f"{place}: match names no identity; remove it or fill it in")
    if rule.app not in known and rule.match is None:
        found.append(
            f"{place} is not in the catalogue; give its match (names, paths, sha256, cmdline "
            "or app_ids)"
        )
    return found


def check_app_rules(rules: tuple[AppRule, ...]) -> None:
    """Every problem of a profile's app rules at once: one rule per app, daily minutes for
    (and only for) limited apps, identities for apps the catalogue does not know."""
    if not rules:
        return
    known: Container[str] = ()
    if any(rule.match is None for rule in rules):
        from rules.catalogue import catalogue

        known = catalogue().by_id
    seen: dict[str, int] = {}
    problems: list[str] = []
    for number, rule in enumerate(rules):
        if rule.app in seen:
            problems.append(
                f"apps[{number}] '{rule.app}' already has a rule (apps[{seen[rule.app]}]); keep one"
            )
        seen.setdefault(rule.app, number)
        problems += rule_problems(number, rule, known)
    if problems:
        raise ValueError("; ".join(problems))


__all__ = [
    "CATEGORY_PREFIX",
    "STRICTNESS",
    "AppId",
    "AppList",
    "AppMatch",
    "AppMinutes",
    "AppMode",
    "AppRule",
    "BrowserChoice",
    "Category",
    "Downtime",
]
