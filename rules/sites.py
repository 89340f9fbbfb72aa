"""Site rules: what a profile does with web sites, and the verdict on one name.

A profile's `sites` table names category lists to block (UT1 categories such as "gambling", or
lists the parent imported), the parent's own blocked and allowed sites, an allowlist-only mode,
safe search, and schedules: sites or categories allowed only in some hours. A name covers its
subdomains. Allowed beats blocked. The DNS filter applies the same rules on its fast path;
`verdict` here is their definition, used for the parent's "test an address" box and to check the
filter.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated, ClassVar

import msgspec

from rules.timeofday import MINUTES_PER_DAY, AllowedWindow, Weekday
from rules.validation import FieldCheck, run_field_checks

CANARY = "use-application-dns.net"
"""Firefox asks for this name before turning DNS over HTTPS on by itself; NXDOMAIN keeps it off."""

CategoryName = Annotated[str, msgspec.Meta(pattern=r"^[a-z0-9][a-z0-9_-]{0,63}$")]
SiteName = Annotated[str, msgspec.Meta(min_length=1, max_length=253)]
ServerAddress = Annotated[str, msgspec.Meta(min_length=2, max_length=64)]

_LABEL_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789-_")


def normalize_name(text: str) -> str | None:
    """A site name as the DNS filter sees it: lower-case ASCII (IDNA for Unicode names such as
    "пример.рф"), no trailing dot, no "*." or scheme or path; None when it is not a host name
    (an IP address, an empty label, a label over 63 characters, a name over 253)."""
    name = text.strip().lower()
    if "://" in name:
        name = name.split("://", 1)[1]
    name = name.split("/", 1)[0].split("?", 1)[0]
    if name.startswith("*."):
        name = name[2:]
    name = name.removesuffix(".")
    if not name:
        return None
    if not name.isascii():
        try:
            name = name.encode("idna").decode("ascii")
        except UnicodeError:
            return None
    if len(name) > 253:
        return None
    labels = name.split(".")
    if any(not 0 < len(label) <= 63 or not _LABEL_CHARS.issuperset(label) for label in labels):
        return None
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return name
    return None


def suffixes(name: str) -> Iterable[str]:
    """The name and each parent domain, longest first: a.b.c, b.c, c."""
    yield name
    dot = name.find(".")
    while dot >= 0:
        yield name[dot + 1 :]
        dot = name.find(".", dot + 1)


def listed(name: str, names: frozenset[str]) -> str | None:
    """The entry of `names` that covers `name` (itself or a parent domain), longest first."""
    for suffix in suffixes(name):
        if suffix in names:
            return suffix
    return None


_SECOND_LEVEL = frozenset({"co", "com", "net", "org", "gov", "edu", "ac", "msk", "spb", "gen"})


def site_of(name: str) -> str:
    """The site a name belongs to, for counting: the last two labels, or three under a country's
    common second level ("bbc.co.uk", "mail.com.ru"). Keeps a year of counts small without a
    public-suffix list, at the cost of rare merges under unusual second levels."""
    labels = name.split(".")
    keep = 3 if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in _SECOND_LEVEL else 2
    return ".".join(labels[-keep:])


def _names_check(values: tuple[str, ...]) -> None:
    bad = [value for value in values if normalize_name(value) is None]
    if bad:
        shown = ", ".join(f"'{value}'" for value in bad[:5])
        raise ValueError(
            f"{shown} {'is' if len(bad) == 1 else 'are'} not a site name; write a host name "
            "such as example.com (subdomains are included)"
        )


def _servers_check(values: tuple[str, ...]) -> None:
    for value in values:
        try:
            ipaddress.ip_address(value)
        except ValueError:
            raise ValueError(
                f"'{value}' is not an IP address; write a resolver's address such as 77.88.8.7"
            ) from None


class SiteList(StrEnum):
    """Which sites may be opened at all."""

    OPEN = "open"
    """Every site no rule blocks."""
    ALLOWLIST = "allowlist"
    """Only sites the parent allows (own list, allowed categories, scheduled hours)."""


class SiteSchedule(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """Sites or categories allowed only in some hours of the week; blocked outside them."""

    sites: tuple[SiteName, ...] = ()
    categories: tuple[CategoryName, ...] = ()
    hours: dict[Weekday, tuple[AllowedWindow, ...]] = msgspec.field(default_factory=dict)
    """Windows per weekday; a day left out allows none."""

    field_checks: ClassVar[Mapping[str, FieldCheck]] = {"sites": _names_check}

    def __post_init__(self) -> None:
        run_field_checks(self)
        if not self.sites and not self.categories:
            raise ValueError("a schedule names no sites and no categories; name some or remove it")


class Sites(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """What a profile does with web sites; values left out come from the age preset."""

    filter: bool | None = None
    """Whether this profile's web traffic is filtered at all (off for 18+ unless set)."""
    categories: tuple[CategoryName, ...] | None = None
    """Category lists whose sites are blocked, e.g. "gambling"; the preset's when left out."""
    allow_categories: tuple[CategoryName, ...] = ()
    """Category lists whose sites are allowed, e.g. "child" (sites made for children)."""
    block: tuple[SiteName, ...] = ()
    """The parent's own blocked sites; subdomains are included."""
    allow: tuple[SiteName, ...] = ()
    """The parent's own allowed sites; allowed beats blocked."""
    list: SiteList = SiteList.OPEN
    safe_search: bool | None = None
    """Search engines (Google, YouTube, Bing, DuckDuckGo, Yandex) only in their safe mode."""
    schedules: tuple[SiteSchedule, ...] = ()

    field_checks: ClassVar[Mapping[str, FieldCheck]] = {
        "block": _names_check,
        "allow": _names_check,
    }

    def __post_init__(self) -> None:
        run_field_checks(self)


class Resolver(StrEnum):
    """Where the filter sends the names it lets through."""

    SYSTEM = "system"
    """The resolvers the machine used before Guardian."""
    YANDEX_FAMILY = "yandex-family"
    CLOUDFLARE_FAMILY = "cloudflare-family"
    ADGUARD_FAMILY = "adguard-family"
    CLEANBROWSING_FAMILY = "cleanbrowsing-family"
    CUSTOM = "custom"
    """The addresses in `servers`."""


FAMILY_RESOLVERS: dict[Resolver, tuple[str, ...]] = {
    Resolver.YANDEX_FAMILY: ("77.88.8.7", "77.88.8.3"),
    Resolver.CLOUDFLARE_FAMILY: ("1.1.1.3", "1.0.0.3"),
    Resolver.ADGUARD_FAMILY: ("94.140.14.15", "94.140.15.16"),
    Resolver.CLEANBROWSING_FAMILY: ("185.228.168.168", "185.228.169.168"),
}
"""Family resolvers' addresses, as their operators publish them."""


class Dns(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """The machine's DNS while Guardian filters it."""

    resolver: Resolver = Resolver.SYSTEM
    servers: tuple[ServerAddress, ...] = ()
    """Resolver addresses for `resolver = "custom"`."""

    field_checks: ClassVar[Mapping[str, FieldCheck]] = {"servers": _servers_check}

    def __post_init__(self) -> None:
        run_field_checks(self)
        if self.resolver is Resolver.CUSTOM and not self.servers:
            raise ValueError("resolver is 'custom' but servers is empty; list their addresses")
        if self.resolver is not Resolver.CUSTOM and self.servers:
            raise ValueError("servers are only for resolver = 'custom'; remove them or set it")

    def upstreams(self, system: tuple[str, ...]) -> tuple[str, ...]:
        """The addresses the filter forwards to, given the machine's own resolvers."""
        if self.resolver is Resolver.SYSTEM:
            return system
        if self.resolver is Resolver.CUSTOM:
            return self.servers
        return FAMILY_RESOLVERS[self.resolver]


# Age presets. UT1 category names; lists that are not installed are reported, not fatal.

HARMFUL = ("adult", "mixed_adult", "gambling", "drogue", "phishing", "malware", "cryptojacking")
BYPASS = ("vpn", "residential-proxies", "redirector", "doh")
"""Ways around the filter: VPNs, proxies and DNS-over-HTTPS resolvers."""
YOUNG = (
    "agressif",
    "dangerous_material",
    "dating",
    "lingerie",
    "sect",
    "stalkerware",
    "hacking",
    "warez",
    "ddos",
    "dialer",
)


@dataclass(frozen=True, slots=True)
class SitePreset:
    """What an age preset fills for a profile's site rules."""

    filter: bool
    categories: tuple[str, ...]
    safe_search: bool


SITE_PRESETS: dict[str, SitePreset] = {
    "0+": SitePreset(True, (*HARMFUL, *BYPASS, *YOUNG, "social_networks", "chat"), True),
    "6+": SitePreset(True, (*HARMFUL, *BYPASS, *YOUNG, "social_networks", "chat"), True),
    "12+": SitePreset(True, (*HARMFUL, *BYPASS, *YOUNG), True),
    "16+": SitePreset(True, (*HARMFUL, *BYPASS), True),
    "18+": SitePreset(False, (), False),
}
"""Keyed by the AgePreset value ("0+" … "18+")."""


@dataclass(frozen=True, slots=True)
class ScheduledItems:
    """One schedule with its names normalized."""

    sites: frozenset[str]
    categories: frozenset[str]
    hours: tuple[tuple[AllowedWindow, ...], ...]
    """Indexed by weekday number (Monday = 0)."""

    def open_at(self, weekday: int, minute: int) -> bool:
        """Whether the schedule's hours include this minute (a window crossing midnight
        counts on the day it starts)."""
        for window in self.hours[weekday]:
            if window.crosses_midnight:
                if minute >= window.start:
                    return True
            elif window.start <= minute < (window.end or MINUTES_PER_DAY):
                return True
        yesterday = self.hours[(weekday - 1) % 7]
        return any(w.crosses_midnight and minute < w.end for w in yesterday)


@dataclass(frozen=True, slots=True)
class EffectiveSites:
    """A profile's site rules with the preset filled in and every name normalized."""

    filter: bool
    block_categories: frozenset[str]
    allow_categories: frozenset[str]
    block: frozenset[str]
    allow: frozenset[str]
    allowlist_only: bool
    safe_search: bool
    schedules: tuple[ScheduledItems, ...]

    @property
    def categories(self) -> frozenset[str]:
        """Every category the rules name."""
        named = self.block_categories | self.allow_categories
        return named.union(*(s.categories for s in self.schedules))


def _normalized(names: Iterable[str]) -> frozenset[str]:
    return frozenset(n for n in map(normalize_name, names) if n is not None)


def effective_sites(sites: Sites, preset: str) -> EffectiveSites:
    """Fill a profile's site rules from its age preset (the AgePreset value)."""
    defaults = SITE_PRESETS[preset]
    return EffectiveSites(
        filter=defaults.filter if sites.filter is None else sites.filter,
        block_categories=frozenset(
            defaults.categories if sites.categories is None else sites.categories
        ),
        allow_categories=frozenset(sites.allow_categories),
        block=_normalized(sites.block),
        allow=_normalized(sites.allow),
        allowlist_only=sites.list is SiteList.ALLOWLIST,
        safe_search=defaults.safe_search if sites.safe_search is None else sites.safe_search,
        schedules=tuple(
            ScheduledItems(
                _normalized(s.sites),
                frozenset(s.categories),
                tuple(tuple(s.hours.get(day, ())) for day in Weekday),
            )
            for s in sites.schedules
        ),
    )


@dataclass(frozen=True, slots=True)
class SitesNow:
    """A profile's site rules at one minute, schedules applied: what the filter is sent."""

    block_categories: frozenset[str]
    allow_categories: frozenset[str]
    block: frozenset[str]
    allow: frozenset[str]
    scheduled_block: frozenset[str]
    scheduled_categories: frozenset[str]
    allowlist_only: bool
    safe_search: bool


def sites_at(rules: EffectiveSites, weekday: int, minute: int) -> SitesNow:
    """The rules in force at a minute of a weekday (in the policy's time zone)."""
    open_sites: set[str] = set()
    open_categories: set[str] = set()
    closed_sites: set[str] = set()
    closed_categories: set[str] = set()
    for schedule in rules.schedules:
        if schedule.open_at(weekday, minute):
            open_sites |= schedule.sites
            open_categories |= schedule.categories
        else:
            closed_sites |= schedule.sites
            closed_categories |= schedule.categories
    # A site or category open in one schedule is open, whatever another schedule says.
    closed_sites -= open_sites
    closed_categories -= open_categories
    return SitesNow(
        block_categories=rules.block_categories - open_categories - closed_categories,
        allow_categories=rules.allow_categories | open_categories,
        block=rules.block - open_sites,
        allow=rules.allow | open_sites,
        scheduled_block=frozenset(closed_sites),
        scheduled_categories=frozenset(closed_categories),
        allowlist_only=rules.allowlist_only,
        safe_search=rules.safe_search,
    )


@dataclass(frozen=True, slots=True)
class SiteVerdict:
    """Whether a name resolves for a profile, and the rule that says so."""

    blocked: bool
    rule: str
    """"" for an allowed name with no rule; "allow:NAME", "allow-category:CAT",
    "block:NAME", "schedule:NAME", "schedule-category:CAT", "category:CAT", "allowlist",
    "canary", or "safe_search:ENGINE" for an allowed name answered in its safe mode."""


def verdict(
    rules: SitesNow,
    name: str,
    categories: Mapping[str, str],
    safe_search_engine: Callable[[str], str | None] = lambda name: None,
) -> SiteVerdict:
    """The verdict on a normalized name; `categories` maps each category list that lists the
    name (or a parent domain) to the entry that matched."""
    if name == CANARY or name.endswith("." + CANARY):
        return SiteVerdict(True, "canary")
    allowed = listed(name, rules.allow)
    if allowed is not None:
        return _allowed(rules, name, f"allow:{allowed}", safe_search_engine)
    for category in sorted(rules.allow_categories):
        if category in categories:
            return _allowed(rules, name, f"allow-category:{category}", safe_search_engine)
    for prefix, names in (("block", rules.block), ("schedule", rules.scheduled_block)):
        found = listed(name, names)
        if found is not None:
            return SiteVerdict(True, f"{prefix}:{found}")
    for prefix, group in (
        ("schedule-category", rules.scheduled_categories),
        ("category", rules.block_categories),
    ):
        for category in sorted(group):
            if category in categories:
                return SiteVerdict(True, f"{prefix}:{category}")
    if rules.allowlist_only:
        return SiteVerdict(True, "allowlist")
    return _allowed(rules, name, "", safe_search_engine)


def _allowed(
    rules: SitesNow, name: str, rule: str, engine_of: Callable[[str], str | None]
) -> SiteVerdict:
    engine = engine_of(name) if rules.safe_search else None
    return SiteVerdict(False, f"safe_search:{engine}" if engine else rule)
