"""A policy compiled once when it is loaded: everything the tick derives from it, typed.

Nothing here is keyed by a name a parent or a policy file chooses in a table shared with other
values, so no profile id, account or app id can collide with what Guardian derives.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from rules.appmatch import AppBudget, app_budgets
from rules.model import Policy, Profile
from rules.presets import EffectiveProfile, effective_profile
from rules.sites import EffectiveSites, effective_sites


@dataclass(frozen=True, slots=True)
class CompiledProfile:
    """One profile with its preset filled in and its app budgets made."""

    rules: Profile
    effective: EffectiveProfile
    app_budgets: tuple[AppBudget, ...]
    sites: EffectiveSites

    @property
    def id(self) -> str:
        """The profile's id."""
        return self.rules.id

    @property
    def idle_seconds(self) -> float:
        """Idle time after which the session stops counting."""
        return self.effective.idle_minutes * 60.0


@dataclass(frozen=True, slots=True)
class CompiledPolicy:
    """The policy in force and what each tick needs from it."""

    policy: Policy
    profiles: dict[str, CompiledProfile]
    has_app_rules: bool
    configured: bool
    """Whether a parent (setup, the settings, a file) ever saved a policy: before that nothing
    is enforced, so a machine being set up never locks out the adult setting it up."""

    @property
    def zone(self) -> ZoneInfo:
        """The policy's time zone, in which days begin."""
        return self.policy.zone

    def day(self, now: datetime) -> date:
        """The policy's day at a moment."""
        return now.astimezone(self.policy.zone).date()

    def profile(self, profile_id: str) -> CompiledProfile:
        """A profile by id; KeyError when there is none."""
        return self.profiles[profile_id]

    def for_account(self, account: str) -> CompiledProfile | None:
        """The profile restricting an account; None when it is not restricted (or before
        setup, when nothing is)."""
        if not self.configured:
            return None
        found = self.policy.profile_for_account(account)
        return None if found is None else self.profiles[found.id]


def compile_policy(policy: Policy, configured: bool = True) -> CompiledPolicy:
    """Build the compiled form of a policy (once per policy loaded)."""
    profiles = {
        p.id: CompiledProfile(
            p, effective_profile(p), app_budgets(p), effective_sites(p.sites, p.preset.value)
        )
        for p in policy.profiles
    }
    has_app_rules = any(
        p.apps or p.app_list.value != "open" or p.category_budgets for p in policy.profiles
    )
    return CompiledPolicy(policy, profiles, has_app_rules, configured)
