"""The verdict on an address for each profile, as the parent's "test an address" box and
`guardian sites test` give it: the same rules as the DNS filter, read from the policy and the
category index at hand."""

from __future__ import annotations

import functools
from datetime import datetime

from guardian.compiled import CompiledPolicy
from guardian.dns.decide import Rewrite, shipped_safe_search
from guardian.sites.client import SiteTest
from guardian.sites.index import SiteIndex
from rules.sites import CANARY, SiteVerdict, normalize_name, sites_at, verdict


@functools.cache
def _safe_search() -> dict[str, Rewrite]:
    return shipped_safe_search()


def engine_of(name: str) -> str | None:
    """The search engine whose safe mode answers for a host name, if any."""
    rewrite = _safe_search().get(name)
    return None if rewrite is None else rewrite.engine


def check_address(
    policy: CompiledPolicy,
    index: SiteIndex | None,
    name: str,
    now: datetime,
    profile_id: str | None = None,
) -> list[SiteTest]:
    """What each profile (or one) does with an address at a moment; ValueError for text that
    is not a host name or an unknown profile."""
    normalized = normalize_name(name)
    if normalized is None:
        raise ValueError(f"'{name[:80]}' is not a site address")
    if profile_id is not None and profile_id not in policy.profiles:
        raise ValueError(f"no profile '{profile_id}'")
    found = dict(index.which(normalized)) if index is not None else {}
    local = now.astimezone(policy.zone)
    minute = local.hour * 60 + local.minute
    results = []
    for profile in sorted(policy.profiles.values(), key=lambda p: p.rules.name):
        if profile_id is not None and profile.id != profile_id:
            continue
        if profile.sites.filter:
            said = verdict(
                sites_at(profile.sites, local.weekday(), minute), normalized, found, engine_of
            )
        else:  # only the DNS-over-HTTPS canary is answered for everyone
            canary = normalized == CANARY or normalized.endswith("." + CANARY)
            said = SiteVerdict(canary, "canary" if canary else "")
        results.append(
            SiteTest(
                profile=profile.id,
                profile_name=profile.rules.name,
                name=normalized,
                blocked=said.blocked,
                rule=said.rule,
                categories=tuple(sorted(found)),
                filtered=profile.sites.filter,
            )
        )
    return results
