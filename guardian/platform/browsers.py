"""Browser managed policies: the parent's site rules written where each browser reads them.

Chrome, Chromium, Edge, Yandex Browser, Brave and Firefox read machine-wide policies that a
user cannot change: JSON files under /etc on Linux, the registry under HKLM on Windows
(`browsers_windows.py`), plists in /Library/Managed Preferences on macOS. `ManagedBrowsers`
writes what `BrowserRules` says to every location of this OS, merged with policies others set
there, and records in a ledger each value it wrote and what was there before, so that
`remove()` takes back exactly Guardian's values and nothing else. The files of Linux and
macOS are in `browsers_files.py`.
"""

from __future__ import annotations

import ipaddress
import json
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from guardian.atomic import write_atomic

LeafPath = tuple[str, ...]
"""Where one policy value sits: ("URLBlocklist",) or ("DNSOverHTTPS", "Locked")."""

MAX_PATTERNS = 500
"""Firefox reads at most 1000 WebsiteFilter entries and each host becomes two of them."""

_HOST_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")
_SCHEMES = ("http", "https")


class BrowserPolicyError(Exception):
    """A policy location cannot be read or written; the message says which and why."""


@dataclass(frozen=True, slots=True)
class UrlPattern:
    """One site rule in the form Chromium's URLBlocklist takes: `[scheme://][.]host[/path]`.

    A host covers its subdomains unless it starts with a dot; "*" is every host.
    """

    scheme: str | None
    host: str
    exact: bool
    path: str

    @classmethod
    def parse(cls, text: str) -> UrlPattern:
        """The pattern in `text`; ValueError saying what is wrong with it."""
        if not text or text != text.strip() or any(c.isspace() or ord(c) < 32 for c in text):
            raise ValueError("it is empty or contains spaces or control characters")
        scheme: str | None = None
        rest = text
        if "://" in rest:
            scheme, rest = rest.split("://", 1)
            scheme = scheme.lower()
            if scheme not in _SCHEMES:
                raise ValueError(f"the scheme {scheme!r} is not http or https")
        host, slash, path = rest.partition("/")
        if "@" in host or "?" in host or "#" in host:
            raise ValueError("only a host and a path are allowed, without user, query or fragment")
        if ":" in host:
            raise ValueError("ports are not supported")
        exact = host.startswith(".")
        host = host.removeprefix(".").lower()
        if host != "*":
            host = _ascii_host(host)
        elif exact:
            raise ValueError("'.*' is not a host")
        return cls(scheme, host, exact, slash + path)

    def firefox(self) -> list[str]:
        """Firefox WebsiteFilter match patterns for the same sites."""
        scheme = self.scheme or "*"
        path = (self.path or "/") + "*"
        if self.host == "*":
            return [f"{scheme}://*{path}"]
        hosts = [self.host]
        if not self.exact and not _is_ip(self.host):
            hosts.append(f"*.{self.host}")
        return [f"{scheme}://{host}{path}" for host in hosts]


def _ascii_host(host: str) -> str:
    if not host:
        raise ValueError("the host is missing")
    if _is_ip(host):
        return host
    try:
        ascii_host = host.encode("idna").decode("ascii")
    except UnicodeError:
        raise ValueError(f"{host!r} is not a valid host name") from None
    if len(ascii_host) > 253 or not all(_HOST_LABEL.match(p) for p in ascii_host.split(".")):
        raise ValueError(f"{host!r} is not a valid host name")
    return ascii_host


def _is_ip(host: str) -> bool:
    try:
        ipaddress.IPv4Address(host)
    except ValueError:
        return False
    return True


@dataclass(frozen=True, slots=True)
class BrowserRules:
    """What the browsers must enforce, machine-wide.

    Patterns are Chromium URL filter patterns limited to `[http[s]://][.]host[/path]`:
    "example.com" covers its subdomains, ".example.com" only itself, "*" every site (with an
    allow list, only the allowed sites open).
    """

    block_urls: tuple[str, ...] = ()
    allow_urls: tuple[str, ...] = ()
    safe_search: bool = False
    youtube_restricted: bool = False
    disable_doh: bool = False
    disable_private: bool = False
    """No incognito, InPrivate, guest, Tor or private windows."""

    def __post_init__(self) -> None:
        for name in ("block_urls", "allow_urls"):
            patterns = getattr(self, name)
            if len(patterns) > MAX_PATTERNS:
                raise ValueError(
                    f"BrowserRules.{name} has {len(patterns)} patterns; browsers take at most "
                    f"{MAX_PATTERNS} (use the DNS filter's category lists for more)"
                )
            for index, text in enumerate(patterns):
                try:
                    UrlPattern.parse(text)
                except ValueError as exc:
                    raise ValueError(f"BrowserRules.{name}[{index}] {text!r}: {exc}") from None


@dataclass(frozen=True, slots=True)
class Browser:
    """A browser family member and the policies it is known to read."""

    name: str
    policies: Callable[[BrowserRules], dict[LeafPath, object]]


Settings = tuple[tuple[str, object], ...]


def chromium_policies(
    *,
    private: Settings = (("IncognitoModeAvailability", 1),),
    guest: bool = True,
    doh: bool = True,
    safe_search: Settings = (("ForceGoogleSafeSearch", True),),
    youtube: bool = True,
    tor: bool = False,
) -> Callable[[BrowserRules], dict[LeafPath, object]]:
    """The policy builder of a Chromium-based browser, given which policies it has."""

    def build(rules: BrowserRules) -> dict[LeafPath, object]:
        out: dict[LeafPath, object] = {}
        if rules.block_urls:
            out[("URLBlocklist",)] = list(rules.block_urls)
        if rules.allow_urls:
            out[("URLAllowlist",)] = list(rules.allow_urls)
        if rules.disable_doh and doh:
            out[("DnsOverHttpsMode",)] = "off"
        if rules.disable_private:
            out.update({(name,): value for name, value in private})
            if guest:
                out[("BrowserGuestModeEnabled",)] = False
            if tor:
                out[("TorDisabled",)] = True
        if rules.safe_search:
            out.update({(name,): value for name, value in safe_search})
        if rules.youtube_restricted and youtube:
            # Moderate, as the DNS filter's restrictmoderate.youtube.com answer.
            out[("ForceYouTubeRestrict",)] = 1
        return out

    return build


def firefox_policies(rules: BrowserRules) -> dict[LeafPath, object]:
    """Firefox's policies (policies.json names); it has none for safe search or YouTube."""
    out: dict[LeafPath, object] = {}
    if rules.block_urls:
        out[("WebsiteFilter", "Block")] = _firefox_patterns(rules.block_urls)
    if rules.allow_urls:
        out[("WebsiteFilter", "Exceptions")] = _firefox_patterns(rules.allow_urls)
    if rules.disable_doh:
        out[("DNSOverHTTPS", "Enabled")] = False
        out[("DNSOverHTTPS", "Locked")] = True
    if rules.disable_private:
        out[("DisablePrivateBrowsing",)] = True
    return out


def _firefox_patterns(patterns: Sequence[str]) -> list[str]:
    out: list[str] = []
    for text in patterns:
        for converted in UrlPattern.parse(text).firefox():
            if converted not in out:
                out.append(converted)
    return out


CHROME = Browser("Chrome", chromium_policies())
CHROMIUM = Browser("Chromium", chromium_policies())
EDGE = Browser(
    "Edge",
    chromium_policies(
        private=(("InPrivateModeAvailability", 1),),
        # Strict, as the DNS filter's strict.bing.com answer.
        safe_search=(("ForceGoogleSafeSearch", True), ("ForceBingSafeSearch", 2)),
    ),
)
# Yandex documents URLBlocklist, URLAllowlist and IncognitoModeAvailability; Guardian writes
# no Chromium policy that Yandex's own list does not confirm.
YANDEX = Browser(
    "Yandex Browser",
    chromium_policies(guest=False, doh=False, safe_search=(), youtube=False),
)
BRAVE = Browser("Brave", chromium_policies(tor=True))
FIREFOX = Browser("Firefox", firefox_policies)
FIREFOX_MACOS = Browser(
    "Firefox",
    lambda rules: {("EnterprisePoliciesEnabled",): True, **firefox_policies(rules)},
)


class PolicyDocument(Protocol):
    """One place a browser reads policies from, read and changed one value at a time."""

    location: str

    def load(self) -> None:
        """Read the current contents; BrowserPolicyError when they cannot be understood."""
        ...

    def get(self, path: LeafPath) -> object | None:
        """The value at `path`, None when unset."""
        ...

    def baseline(self, path: LeafPath) -> object | None:
        """What others set for `path` outside this document (lists are merged with it)."""
        ...

    def seed(self) -> dict[LeafPath, object]:
        """Values to carry over when this document is created and would hide another one."""
        ...

    def set(self, path: LeafPath, value: object) -> None:
        """Set the value at `path`."""
        ...

    def delete(self, path: LeafPath) -> None:
        """Unset the value at `path`."""
        ...

    def save(self) -> list[str]:
        """Write the changes; returns the files, folders or keys it had to create."""
        ...

    def discard(self, created: Sequence[str]) -> None:
        """Delete what Guardian created here if nothing else is left in it."""
        ...

    def overridden(self, paths: Sequence[LeafPath]) -> list[str]:
        """Other sources that take precedence over this document for any of `paths`."""
        ...


@dataclass(frozen=True, slots=True)
class BrowserLocation:
    """One browser and one place it reads policies from."""

    browser: Browser
    document: PolicyDocument


@dataclass(frozen=True, slots=True)
class LocationResult:
    """What happened at one location: `error` is None when it worked."""

    browser: str
    location: str
    error: str | None = None


@dataclass(frozen=True, slots=True)
class ApplyResult:
    """Every location written (or cleaned) and every one that failed, with the reason."""

    done: tuple[LocationResult, ...]
    failed: tuple[LocationResult, ...]

    @property
    def ok(self) -> bool:
        """Whether every location worked."""
        return not self.failed


@dataclass(frozen=True, slots=True)
class LocationState:
    """Whether a location holds the policies Guardian last wrote there."""

    browser: str
    location: str
    holds_current: bool
    detail: str


@dataclass(slots=True)
class _Written:
    wrote: object
    before: object | None


@dataclass(slots=True)
class _Entry:
    browser: str
    leaves: dict[LeafPath, _Written] = field(default_factory=dict)
    created: list[str] = field(default_factory=list)
    seeded: dict[LeafPath, object] = field(default_factory=dict)


class _Ledger:
    """What Guardian wrote at each location: a JSON file in Guardian's state folder (0600)."""

    VERSION = 1

    def __init__(self, path: Path) -> None:
        self.path = path
        self.entries: dict[str, _Entry] = {}
        self.problem: str | None = None

    def load(self) -> None:
        self.entries, self.problem = {}, None
        try:
            raw = json.loads(self.path.read_bytes())
            if raw.get("version") != self.VERSION:
                raise ValueError(f"version {raw.get('version')!r} is not {self.VERSION}")
            for location, entry in raw["locations"].items():
                self.entries[location] = _Entry(
                    entry["browser"],
                    {
                        _path(k): _Written(v["wrote"], v["before"])
                        for k, v in entry["leaves"].items()
                    },
                    list(entry["created"]),
                    {_path(k): v for k, v in entry["seeded"].items()},
                )
        except FileNotFoundError:
            return
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
            self.entries = {}
            self.problem = f"{self.path} cannot be read ({exc}); it is started afresh"

    def save(self) -> None:
        data = {
            "version": self.VERSION,
            "locations": {
                location: {
                    "browser": entry.browser,
                    "leaves": {
                        json.dumps(p): {"wrote": w.wrote, "before": w.before}
                        for p, w in entry.leaves.items()
                    },
                    "created": entry.created,
                    "seeded": {json.dumps(p): v for p, v in entry.seeded.items()},
                }
                for location, entry in self.entries.items()
            },
        }
        self.path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(self.path, json.dumps(data, indent=1).encode(), mode=0o600)


def _path(key: str) -> LeafPath:
    parts = json.loads(key)
    if not isinstance(parts, list) or not parts or not all(isinstance(p, str) for p in parts):
        raise ValueError(f"{key!r} is not a policy path")
    return tuple(parts)


def _merged(base: object | None, ours: object) -> object:
    """Lists are united (others' entries first); any other value is Guardian's."""
    if isinstance(base, list) and isinstance(ours, list):
        return base + [item for item in ours if item not in base]
    return ours


class ManagedBrowsers:
    """Writes `BrowserRules` as managed policies to every browser location, and takes them back.

    One location failing never stops the others; the result names each one and why.
    """

    LEDGER_NAME = "browser-policies.json"

    def __init__(self, locations: Sequence[BrowserLocation], ledger: Path) -> None:
        self.locations = tuple(locations)
        self._ledger = _Ledger(ledger)

    @classmethod
    def for_this_machine(cls, state_folder: Path | None = None) -> ManagedBrowsers:
        """Every browser location of this OS, the ledger in Guardian's state folder."""
        if state_folder is None:
            from guardian.platform.locations import system_folders

            state_folder = system_folders()[1]
        if sys.platform == "win32":
            from guardian.platform.browsers_windows import WinRegistry, windows_locations

            locations = windows_locations(WinRegistry())
        elif sys.platform == "darwin":
            from guardian.platform.browsers_files import macos_locations

            locations = macos_locations(Path("/"))
        else:
            from guardian.platform.browsers_files import linux_locations

            locations = linux_locations(Path("/"))
        return cls(locations, state_folder / cls.LEDGER_NAME)

    def apply(self, rules: BrowserRules) -> ApplyResult:
        """Write `rules` everywhere; values Guardian wrote before and no longer needs go back
        to what they were."""
        self._ledger.load()
        done: list[LocationResult] = []
        failed: list[LocationResult] = []
        if self._ledger.problem:
            failed.append(LocationResult("Guardian", str(self._ledger.path), self._ledger.problem))
        for location in self.locations:
            doc = location.document
            result = LocationResult(location.browser.name, doc.location)
            old = self._ledger.entries.get(doc.location, _Entry(location.browser.name))
            entry = _Entry(location.browser.name, created=list(old.created))
            try:
                doc.load()
                entry.seeded = old.seeded or doc.seed()
                desired = {**entry.seeded, **location.browser.policies(rules)}
                for path, ours in desired.items():
                    previous = old.leaves.get(path)
                    before = previous.before if previous else doc.get(path)
                    base = doc.baseline(path)
                    value = _merged(before if base is None else base, ours)
                    entry.leaves[path] = _Written(value, before)
                    if doc.get(path) != value:
                        doc.set(path, value)
                for path, written in old.leaves.items():
                    if path not in desired:
                        self._restore(doc, path, written)
                entry.created += [c for c in doc.save() if c not in entry.created]
            except (OSError, BrowserPolicyError) as exc:
                # Keep track of anything that may have been written before the failure.
                entry.leaves = {**old.leaves, **entry.leaves}
                self._ledger.entries[doc.location] = entry
                failed.append(_failure(result, exc))
                continue
            self._ledger.entries[doc.location] = entry
            done.append(result)
        self._save_ledger(failed)
        return ApplyResult(tuple(done), tuple(failed))

    def remove(self) -> ApplyResult:
        """Take back every value Guardian wrote (a value someone changed since stays), and
        delete the files, folders and keys Guardian created once they are empty."""
        self._ledger.load()
        cleaned: list[tuple[BrowserLocation, list[str]]] = []
        done: list[LocationResult] = []
        failed: list[LocationResult] = []
        if self._ledger.problem:
            failed.append(LocationResult("Guardian", str(self._ledger.path), self._ledger.problem))
        for location in self.locations:
            doc = location.document
            entry = self._ledger.entries.get(doc.location)
            if entry is None:
                continue
            result = LocationResult(entry.browser, doc.location)
            try:
                doc.load()
                for path, written in entry.leaves.items():
                    self._restore(doc, path, written)
                doc.save()
            except (OSError, BrowserPolicyError) as exc:
                failed.append(_failure(result, exc))
                continue
            del self._ledger.entries[doc.location]
            cleaned.append((location, entry.created))
        # Browsers share folders (/etc/opt) and keys: each cleans all that Guardian created.
        everything = [c for _, created in cleaned for c in created]
        for location, _ in cleaned:
            result = LocationResult(location.browser.name, location.document.location)
            try:
                location.document.discard(everything)
            except (OSError, BrowserPolicyError) as exc:
                failed.append(_failure(result, exc))
                continue
            done.append(result)
        self._save_ledger(failed)
        return ApplyResult(tuple(done), tuple(failed))

    def installed_state(self) -> tuple[LocationState, ...]:
        """For each location, whether it still holds what Guardian last wrote there."""
        self._ledger.load()
        states: list[LocationState] = []
        for location in self.locations:
            doc = location.document
            name = location.browser.name
            entry = self._ledger.entries.get(doc.location)
            if entry is None:
                states.append(LocationState(name, doc.location, False, "not written by Guardian"))
                continue
            try:
                doc.load()
            except (OSError, BrowserPolicyError) as exc:
                states.append(LocationState(name, doc.location, False, str(exc)))
                continue
            changed = ["/".join(p) for p, w in entry.leaves.items() if doc.get(p) != w.wrote]
            overriding = doc.overridden(list(entry.leaves))
            if changed:
                detail = "changed since Guardian wrote them: " + ", ".join(changed)
            elif overriding:
                detail = "overridden by " + ", ".join(overriding)
            else:
                detail = f"{len(entry.leaves)} policies in place"
            states.append(LocationState(name, doc.location, not changed and not overriding, detail))
        return tuple(states)

    @staticmethod
    def _restore(doc: PolicyDocument, path: LeafPath, written: _Written) -> None:
        if doc.get(path) != written.wrote:
            return  # changed by someone else since: theirs now
        if written.before is None:
            doc.delete(path)
        else:
            doc.set(path, written.before)

    def _save_ledger(self, failed: list[LocationResult]) -> None:
        try:
            self._ledger.save()
        except OSError as exc:
            failed.append(
                LocationResult(
                    "Guardian",
                    str(self._ledger.path),
                    f"the record of Guardian's browser policies cannot be written: {exc}",
                )
            )


def _failure(result: LocationResult, exc: Exception) -> LocationResult:
    reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
    return LocationResult(result.browser, result.location, reason)
