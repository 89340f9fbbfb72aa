"""Age presets (436-FZ categories 0+, 6+, 12+, 16+, 18+) and the effective profile they fill.

The numbers follow common paediatric guidance: short, daytime-only use for the youngest, more
time at weekends, an evening cut-off that moves later with age, and no limits for adults.
"""

from __future__ import annotations

from dataclasses import dataclass

from rules.model import Action, AgePreset, Policy, Profile
from rules.timeofday import AllowedWindow, Weekday

WEEKEND = (Weekday.SAT, Weekday.SUN)
DEFAULT_WARNINGS = (15, 5, 1)
DEFAULT_IDLE_MINUTES = 5


@dataclass(frozen=True, slots=True)
class PresetValues:
    """What a preset fills for days a profile leaves out."""

    weekday_budget: int | None
    weekend_budget: int | None
    weekday_hours: tuple[AllowedWindow, ...]
    weekend_hours: tuple[AllowedWindow, ...]
    weekly_budget: int | None = None


def _w(text: str) -> tuple[AllowedWindow, ...]:
    return (AllowedWindow.parse(text),)


PRESETS: dict[AgePreset, PresetValues] = {
    AgePreset.AGE_0: PresetValues(60, 60, _w("08:00-19:00"), _w("08:00-19:00")),
    AgePreset.AGE_6: PresetValues(90, 120, _w("07:00-20:00"), _w("08:00-20:30")),
    AgePreset.AGE_12: PresetValues(120, 180, _w("07:00-21:30"), _w("08:00-22:00")),
    AgePreset.AGE_16: PresetValues(180, 240, _w("06:30-23:00"), _w("07:00-23:30")),
    AgePreset.AGE_18: PresetValues(None, None, _w("00:00-24:00"), _w("00:00-24:00")),
}


@dataclass(frozen=True, slots=True)
class EffectiveProfile:
    """A profile with every value filled in, indexed by weekday number (Monday = 0)."""

    id: str
    name: str
    budgets: tuple[int | None, ...]
    hours: tuple[tuple[AllowedWindow, ...], ...]
    weekly_budget: int | None
    warnings: tuple[int, ...]
    action: Action
    idle_minutes: int


def _minutes(value: int | str | None) -> int | None:
    return None if value == "unlimited" or value is None else int(value)


def effective_profile(profile: Profile) -> EffectiveProfile:
    """Fill a profile's gaps from its preset."""
    preset = PRESETS[profile.preset]
    budgets: list[int | None] = []
    hours: list[tuple[AllowedWindow, ...]] = []
    for day in Weekday:
        weekend = day in WEEKEND
        default_budget = preset.weekend_budget if weekend else preset.weekday_budget
        budgets.append(
            _minutes(profile.daily_budget[day]) if day in profile.daily_budget else default_budget
        )
        default_hours = preset.weekend_hours if weekend else preset.weekday_hours
        hours.append(tuple(profile.allowed_hours.get(day, default_hours)))
    weekly = (
        preset.weekly_budget if profile.weekly_budget is None else _minutes(profile.weekly_budget)
    )
    warnings = profile.warnings if profile.warnings is not None else DEFAULT_WARNINGS
    return EffectiveProfile(
        id=profile.id,
        name=profile.name,
        budgets=tuple(budgets),
        hours=tuple(hours),
        weekly_budget=weekly,
        warnings=tuple(sorted(warnings, reverse=True)),
        action=profile.action or Action.LOCK,
        idle_minutes=profile.idle_minutes or DEFAULT_IDLE_MINUTES,
    )


def effective(policy: Policy, profile_id: str) -> EffectiveProfile:
    """The effective profile of one of a policy's profiles (the service keeps these compiled)."""
    return effective_profile(policy.profile(profile_id))


def default_policy(timezone: str, account: str | None = None) -> Policy:
    """The embedded default: one child profile on the 12+ preset restricting every account."""
    child = Profile(
        id="child",
        name="Child",
        preset=AgePreset.AGE_12,
        accounts=(account,) if account else (),
    )
    return Policy(timezone=timezone, default_profile="child", profiles=(child,))
