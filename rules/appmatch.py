"""Which app a process is, and whether a profile lets it run: pure matching and judging.

The enforcer gathers a process's facts (executable, command line, the OS's app ids) and asks
`AppMatcher.identify`; the SHA-256 of a file is asked for through a callback only when some rule
or learned identity uses hashes, so a steady-state scan never reads a file. `judge` then says
why an identified process must not run, if it must not.
"""

from __future__ import annotations

import fnmatch
import itertools
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

import msgspec

from rules.apps import (
    CATEGORY_PREFIX,
    STRICTNESS,
    AppList,
    AppMatch,
    AppMode,
    AppRule,
    BrowserChoice,
    Category,
)
from rules.catalogue import Catalogue, CatalogueEntry, OsName, shown_name
from rules.launch import Launch, launch, program_name
from rules.model import Profile

HashOf = Callable[[str], str | None]
"""SHA-256 (lowercase hex) of the file at a path, or None when it cannot be read."""


@dataclass(frozen=True, slots=True)
class ProcessFacts:
    """What the OS tells about one process."""

    os: OsName
    exe: str
    """Canonical path of the executable that really runs, as the OS tells it (never argv[0]);
    empty when unknown."""
    name: str
    """The process name, for display only: a process can set its own."""
    cmdline: tuple[str, ...] = ()
    app_ids: tuple[str, ...] = ()
    cwd: str = ""
    """Working folder, to find a script a wrapper names by a relative path."""
    writable: bool = False
    """The executable, or the script a wrapper runs, is a file the user could have written
    (their home folder, a temporary folder, removable media): its name, path and app id are
    the user's to choose."""
    deleted: bool = False
    """The executable's file was deleted or replaced while it runs, or never had one (memfd):
    `exe` is where it was."""
    launch: Launch | None = None
    """What the process runs, with paths canonical; worked out from `exe`, `cmdline` and `cwd`
    by text alone when None."""

    @property
    def runs(self) -> Launch:
        """What the process runs (see `rules.launch`)."""
        return self.launch or launch(self.exe, self.cmdline, lambda: self.cwd)


class Via(StrEnum):
    """Which identity matched, most specific first."""

    SHA256 = "sha256"
    APP_ID = "app_id"
    PATH = "path"
    CMDLINE = "cmdline"
    NAME = "name"


SPECIFICITY = {Via.SHA256: 4, Via.APP_ID: 3, Via.PATH: 2, Via.CMDLINE: 1, Via.NAME: 0}


@dataclass(frozen=True, slots=True)
class Identified:
    """A process as the matcher sees it."""

    app: str | None
    """The app id (catalogue or rule); None for a program no rule or catalogue entry knows."""
    name: str
    """The app's name, or the program's file name."""
    category: Category | None
    mode: AppMode | None
    """What the profile's rule for the app says; None when it has no rule for it."""
    essential: bool = False
    critical: bool = False
    unmanaged_browser: bool = False
    via: Via | None = None
    trusted: bool = True
    """The identity holds against renaming and copying: the file is not the user's to write,
    or its hash matched, and no code is given inline, on stdin or by module name. Only a
    trusted identity lets an app through an allowlist or downtime; any identity can block."""

    @property
    def allowed(self) -> bool:
        """Always allowed, by an identity a child cannot borrow."""
        return self.mode is AppMode.ALLOWED and self.trusted

    @property
    def listed(self) -> bool:
        """Allowed or limited, by an identity a child cannot borrow (what an allowlist needs)."""
        return self.mode in (AppMode.ALLOWED, AppMode.LIMITED) and self.trusted


class AppBlock(StrEnum):
    """Why an app must not run; the child is told in words."""

    BLOCKED = "blocked"
    NOT_ALLOWED = "not_allowed"
    UNMANAGED_BROWSER = "unmanaged_browser"
    APP_TIME_SPENT = "app_time_spent"
    CATEGORY_TIME_SPENT = "category_time_spent"
    DOWNTIME = "downtime"


# --- compiled identities ----------------------------------------------------------------------


class Glob:
    """A case-blind glob over text where `\\` and `/` are one: `*` spans folders, `?` is one
    character. Patterns of literal text and `*` (nearly all) match by plain string search, with
    nothing to compile; the rest through a regular expression."""

    __slots__ = ("_parts", "_regex")

    def __init__(self, pattern: str) -> None:
        folded = pattern.replace("\\", "/").casefold()
        self._regex: re.Pattern[str] | None = None
        self._parts: tuple[str, ...] = ()
        if "?" in folded or "[" in folded:
            self._regex = re.compile(fnmatch.translate(folded), re.DOTALL)
        else:
            self._parts = tuple(folded.split("*"))

    def match(self, text: str) -> bool:
        """Whether the whole of `text` (already folded by `fold`) matches."""
        if self._regex is not None:
            return self._regex.match(text) is not None
        parts = self._parts
        if len(parts) == 1:
            return text == parts[0]
        first, last = parts[0], parts[-1]
        if not text.startswith(first) or len(text) < len(first) + len(last):
            return False
        if not text.endswith(last):
            return False
        at, end = len(first), len(text) - len(last)
        for middle in parts[1:-1]:
            found = text.find(middle, at, end)
            if found < 0:
                return False
            at = found + len(middle)
        return True


def _glob(pattern: str) -> Glob:
    return Glob(pattern)


def fold(text: str) -> str:
    """Text as globs compare it: case folded, backslashes as slashes."""
    return text.replace("\\", "/").casefold()


@dataclass(slots=True)
class _App:
    key: str
    name: str
    category: Category | None
    mode: AppMode | None
    order: int
    entry: CatalogueEntry | None
    paths: list[Glob] = field(default_factory=list)
    cmdlines: list[Glob] = field(default_factory=list)
    managed: list[Glob] = field(default_factory=list)


class AppMatcher:
    """The identities of every catalogue app and every rule of one profile, indexed."""

    _serials = itertools.count(1)

    def __init__(self, apps: list[_App], matches: Mapping[str, AppMatch]) -> None:
        self.serial = next(AppMatcher._serials)
        """Tells matchers apart for caches (unlike id(), never reused)."""
        self.hashes_given = True
        """Some rule or catalogue entry gives a hash (not only hashes learned from blocked
        programs); set by `for_rules`."""
        self._apps = {app.key: app for app in apps}
        self._names: dict[str, list[str]] = {}
        self._ids: dict[str, list[str]] = {}
        self._hashes: dict[str, list[str]] = {}
        self._patterned: list[_App] = []
        for app in apps:
            match = matches[app.key]
            for name in match.names:
                self._names.setdefault(program_name(name), []).append(app.key)
            for app_id in match.app_ids:
                self._ids.setdefault(app_id.casefold(), []).append(app.key)
            for digest in match.sha256:
                self._hashes.setdefault(digest.lower(), []).append(app.key)
            app.paths = [_glob(p) for p in match.paths]
            app.cmdlines = [_glob(p) for p in match.cmdline]
            if app.entry is not None:
                app.managed = [_glob(p) for p in app.entry.managed_paths]
            if app.paths or app.cmdlines:
                self._patterned.append(app)

    @classmethod
    def for_rules(
        cls,
        rules: Iterable[AppRule],
        catalogue: Catalogue,
        learned: Mapping[str, str] | None = None,
    ) -> AppMatcher:
        """A matcher for rules (a profile's), the catalogue, and hashes learned from blocked
        executables (SHA-256 → app id): a renamed copy of one is still that app."""
        by_rule = {rule.app: rule for rule in rules}
        apps: list[_App] = []
        matches: dict[str, AppMatch] = {}
        for order, entry in enumerate(catalogue.entries):
            rule = by_rule.get(entry.id)
            apps.append(
                _App(
                    key=entry.id,
                    name=(rule.name if rule and rule.name else entry.name),
                    category=(rule.category if rule and rule.category else entry.category),
                    mode=rule.mode if rule else None,
                    order=order,
                    entry=entry,
                )
            )
            matches[entry.id] = _joined(entry.match, rule.match if rule else None)
        for order, rule in enumerate(by_rule.values(), start=len(apps)):
            if rule.app in matches:
                continue
            assert rule.match is not None, "validation requires a match for a custom app"
            apps.append(
                _App(rule.app, rule.name or rule.app, rule.category, rule.mode, order, None)
            )
            matches[rule.app] = rule.match
        given = any(match.sha256 for match in matches.values())
        for digest, key in (learned or {}).items():
            if key in matches:
                known = matches[key]
                if digest not in known.sha256:
                    matches[key] = msgspec.structs.replace(known, sha256=(*known.sha256, digest))
        matcher = cls(apps, matches)
        matcher.hashes_given = given
        return matcher

    def learnable_path(self, facts: ProcessFacts, identified: Identified) -> str | None:
        """The file whose hash identifies this app from now on: the executable when the
        executable itself was recognised (by name, path or app id), the script or program a
        wrapper runs when that was; None for a match by command line or hash alone (hashing
        an interpreter would block every program it runs)."""
        key = identified.app
        app = self._apps.get(key or "")
        if app is None or identified.via in (Via.CMDLINE, Via.SHA256, None):
            return None
        runs = facts.runs
        candidates = [facts.exe] if facts.exe else []
        if runs.target and runs.file:
            candidates.append(runs.target)
        for path in candidates:
            if key in self._names.get(program_name(path), ()) or any(
                rx.match(fold(path)) for rx in app.paths
            ):
                return path
        if identified.via is Via.APP_ID and facts.exe:
            return facts.exe
        return None

    @property
    def uses_hashes(self) -> bool:
        """Whether any identity is a SHA-256, so files need hashing at all."""
        return bool(self._hashes)

    def app(self, key: str) -> tuple[str, Category | None] | None:
        """Name and category of an app the matcher knows."""
        app = self._apps.get(key)
        return None if app is None else (app.name, app.category)

    def identify(self, facts: ProcessFacts, sha256: HashOf) -> Identified:
        """The app a process is: the strictest matching rule wins, then the most specific
        identity (hash, app id, path, command line, name), then catalogue order."""
        found: dict[str, Via] = {}

        def hit(keys: Iterable[str], via: Via) -> None:
            for key in keys:
                entry = self._apps[key].entry
                if entry is not None and facts.os not in entry.platforms:
                    continue  # another OS's identity: /usr/sbin is not macOS's everywhere
                if key not in found or SPECIFICITY[via] > SPECIFICITY[found[key]]:
                    found[key] = via

        runs = facts.runs
        target_path = runs.target if runs.file else None
        # The executable's own name, never the process name or argv[0], which it chooses.
        names = {program_name(facts.exe or facts.name)}
        if runs.target:
            names.add(program_name(runs.target))
        for name in names - {""}:
            hit(self._names.get(name, ()), Via.NAME)
        for app_id in (*facts.app_ids, *((runs.app_id,) if runs.app_id else ())):
            hit(self._ids.get(app_id.casefold(), ()), Via.APP_ID)
            if "!" in app_id:  # an AppUserModelID: its package family names the app too
                hit(self._ids.get(app_id.split("!", 1)[0].casefold(), ()), Via.APP_ID)
        paths = [fold(p) for p in (facts.exe, target_path) if p]
        line = fold(" ".join(facts.cmdline))
        for app in self._patterned:
            if any(rx.match(p) for rx in app.paths for p in paths):
                hit((app.key,), Via.PATH)
            elif line and any(rx.match(line) for rx in app.cmdlines):
                hit((app.key,), Via.CMDLINE)
        # A learned hash stands for a copy, and a copy the child made is a file they could
        # write: system programs are read only for hashes a rule gives.
        if self._hashes and (facts.writable or self.hashes_given):
            for path in filter(None, (facts.exe, target_path)):
                digest = sha256(path)
                if digest:
                    hit(self._hashes.get(digest, ()), Via.SHA256)
        if not found:
            shown = (
                program_name(runs.target)
                if runs.target
                else (facts.name or program_name(facts.exe))
            )
            return Identified(
                app=None, name=shown, category=None, mode=None, trusted=not runs.unknown
            )
        apps = [self._apps[key] for key in found]
        exe = [fold(facts.exe)] if facts.exe else []
        # Never touched only for the canonical path of the executable itself: a name, a hash
        # or a script's path is the child's to choose.
        critical = any(
            a.entry is not None
            and a.entry.critical
            and any(rx.match(p) for rx in a.paths for p in exe)
            for a in apps
        )
        unmanaged = any(self._unmanaged(a, exe) for a in apps)
        hashed = {key for key, via in found.items() if via is Via.SHA256}
        best = max(
            apps,
            key=lambda a: (
                -1 if a.mode is None else STRICTNESS[a.mode],
                SPECIFICITY[found[a.key]],
                -a.order,
            ),
        )
        return Identified(
            app=best.key,
            name=best.name,
            category=best.category,
            mode=best.mode,
            essential=best.entry is not None and best.entry.essential,
            critical=critical,
            unmanaged_browser=unmanaged,
            via=found[best.key],
            trusted=not runs.unknown and (not facts.writable or best.key in hashed),
        )

    @staticmethod
    def _unmanaged(app: _App, exe: list[str]) -> bool:
        entry = app.entry
        if entry is None or app.category is not Category.BROWSERS:
            return False
        if not entry.honours_policies:
            return True
        return bool(app.managed) and bool(exe) and not any(rx.match(exe[0]) for rx in app.managed)

    def explicitly_allows_unmanaged(self, identified: Identified) -> bool:
        """Whether the parent allowed this very browser (Tor Browser, say) by a rule."""
        app = self._apps.get(identified.app or "")
        return (
            app is not None
            and app.mode in (AppMode.ALLOWED, AppMode.LIMITED)
            and app.entry is not None
            and not app.entry.honours_policies
        )


def _joined(first: AppMatch, second: AppMatch | None) -> AppMatch:
    if second is None:
        return first
    return AppMatch(
        names=(*first.names, *second.names),
        paths=(*first.paths, *second.paths),
        sha256=(*first.sha256, *second.sha256),
        cmdline=(*first.cmdline, *second.cmdline),
        app_ids=(*first.app_ids, *second.app_ids),
    )


# --- judging ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AppContext:
    """What a profile's app rules depend on at one moment."""

    app_list: AppList = AppList.OPEN
    downtime: bool = False
    """It is downtime and the profile keeps the session open for always-allowed apps."""
    block_unmanaged: bool = False
    spent_apps: frozenset[str] = frozenset()
    spent_categories: frozenset[Category] = frozenset()


def blocks_unmanaged(profile: Profile, web_filtering: bool) -> bool:
    """Whether browsers that ignore the system's policies are blocked for a profile."""
    choice = profile.unmanaged_browsers
    return choice is BrowserChoice.BLOCK or (choice is BrowserChoice.AUTO and web_filtering)


def judge(
    identified: Identified,
    context: AppContext,
    *,
    allows_unmanaged: bool = False,
    helper_of_allowed: bool = False,
) -> AppBlock | None:
    """Why this app must not run now, or None when it may.

    `helper_of_allowed`: the process is part of an allowed app (started by it from the same
    install), as browsers and games start helpers of their own.
    """
    if identified.critical:
        return None
    mode = identified.mode
    if mode is AppMode.BLOCKED:
        return AppBlock.BLOCKED
    if identified.unmanaged_browser and context.block_unmanaged and not allows_unmanaged:
        return AppBlock.UNMANAGED_BROWSER
    exempt = identified.essential or helper_of_allowed
    if context.downtime and not identified.allowed and not exempt:
        return AppBlock.DOWNTIME
    if context.app_list is AppList.ALLOWLIST and not identified.listed and not exempt:
        return AppBlock.NOT_ALLOWED
    if mode is AppMode.LIMITED and identified.app in context.spent_apps:
        return AppBlock.APP_TIME_SPENT
    if (
        not identified.allowed
        and identified.category is not None
        and identified.category in context.spent_categories
        and not identified.essential
    ):
        return AppBlock.CATEGORY_TIME_SPENT
    return None


# --- budgets ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AppBudget:
    """A daily budget of one limited app or one category; `key` is the app id or
    "category:<name>"."""

    key: str
    name: str
    seconds: float


def app_budgets(profile: Profile) -> tuple[AppBudget, ...]:
    """The profile's per-app and per-category budgets, apps first."""
    found = [
        AppBudget(rule.app, shown_name(rule.app, rule.name), rule.daily_minutes * 60.0)
        for rule in profile.apps
        if rule.mode is AppMode.LIMITED and rule.daily_minutes is not None
    ]
    found += [
        AppBudget(CATEGORY_PREFIX + category.value, category.value, minutes * 60.0)
        for category, minutes in sorted(profile.category_budgets.items())
    ]
    return tuple(found)


def usage_keys(identified: Identified) -> tuple[str, ...]:
    """The ledger keys a second of this app's use is credited to: the app and its category."""
    keys = []
    if identified.app is not None:
        keys.append(identified.app)
    if identified.category is not None:
        keys.append(CATEGORY_PREFIX + identified.category.value)
    return tuple(keys)


def app_warning_due(
    left: float, budget: float, warnings: tuple[int, ...], warned: frozenset[int]
) -> int | None:
    """The warning minute to show now for a budget with `left` of `budget` seconds, if one is
    due; a warning as long as the whole budget or longer is never shown."""
    crossed = [m for m in warnings if 0 < left <= m * 60 < budget]
    if crossed and min(crossed) not in warned:
        return min(crossed)
    return None
