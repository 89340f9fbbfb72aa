"""The site rules feature's client calls, typed: what the parent's Sites page and the child's
windows ask the service, over `GuardianApi.call`.

The shapes here are the wire format too (msgspec Structs, encoded as JSON objects).
"""

from __future__ import annotations

from typing import Any

import msgspec

from guardian.api import EventKind, GuardianApi

SITE_BLOCKED = EventKind.SITE_BLOCKED
"""Event kind: a site was blocked for a child; data is a `RecentBlock` with the account."""


class SiteTest(msgspec.Struct, frozen=True):
    """What one profile's rules do with an address."""

    profile: str
    profile_name: str
    name: str
    """The address as the filter sees it (lower case, IDNA)."""
    blocked: bool
    rule: str
    """The rule that decides (see `rules.sites.SiteVerdict.rule`); "" when nothing matched."""
    categories: tuple[str, ...]
    """Every category list that lists the address or a parent domain."""
    filtered: bool
    """Whether the profile's web traffic is filtered at all."""


class CategoryInfo(msgspec.Struct, frozen=True):
    """One category list on this machine."""

    name: str
    names: int
    """How many site names it lists."""
    white: bool
    """A list of sites to allow (such as "child") rather than to block."""
    builtin: bool
    """Shipped with Guardian rather than imported."""


class ImportedList(msgspec.Struct, frozen=True):
    """One list taken in by `sites.import`."""

    name: str
    names: int
    skipped: int
    """Lines that were not site names, left out."""


class RecentBlock(msgspec.Struct, frozen=True):
    """A site blocked recently (once per burst of queries)."""

    at: str
    """ISO 8601, in the policy's time zone."""
    profile: str
    name: str
    rule: str


class SitesStatus(msgspec.Struct, frozen=True):
    """The state of site filtering on this machine, for the parent."""

    enabled: bool
    """Some profile's web traffic is filtered."""
    running: bool
    """The filter answers."""
    listen: tuple[str, ...]
    """host:port of each listener."""
    system_pointed: bool
    """The machine's DNS goes to the filter."""
    upstreams: tuple[str, ...]
    per_account: bool
    """Queries are attributed by account (Linux nftables) rather than by the active session."""
    browsers: tuple[str, ...]
    """Browsers whose managed policies are in place."""
    lists: int
    """Site names in the category index."""
    index_built: str | None
    """When the category index was built (ISO 8601), if there is one."""


class SitesClient:
    """Typed calls to the site rules feature."""

    def __init__(self, api: GuardianApi) -> None:
        self._api = api

    def _get(self, method: str, kind: Any, **params: Any) -> Any:
        return msgspec.convert(self._api.call(method, params), kind)

    def test(self, token: str, name: str, profile: str | None = None) -> list[SiteTest]:
        """What each profile (or one) does with an address; InvalidRequest for a non-name."""
        found: list[SiteTest] = self._get(
            "sites.test", list[SiteTest], token=token, name=name, profile=profile
        )
        return found

    def categories(self, token: str) -> list[CategoryInfo]:
        """The category lists on this machine."""
        found: list[CategoryInfo] = self._get("sites.categories", list[CategoryInfo], token=token)
        return found

    def import_lists(self, token: str, path: str, name: str | None = None) -> list[ImportedList]:
        """Take in a UT1 folder or tarball, or one list file (hosts, `||domain^` or one name a
        line) under `name`; the service reads the path."""
        found: list[ImportedList] = self._get(
            "sites.import", list[ImportedList], token=token, path=path, name=name
        )
        return found

    def status(self, token: str) -> SitesStatus:
        """The state of site filtering."""
        found: SitesStatus = self._get("sites.status", SitesStatus, token=token)
        return found

    def recent(self) -> list[RecentBlock]:
        """Sites recently blocked for the calling account, newest first."""
        found: list[RecentBlock] = self._get("sites.recent", list[RecentBlock])
        return found

    def blocks(self, token: str, profile: str | None = None) -> list[RecentBlock]:
        """Sites recently blocked for a profile (or every profile), newest first."""
        found: list[RecentBlock] = self._get(
            "sites.blocks", list[RecentBlock], token=token, profile=profile
        )
        return found
