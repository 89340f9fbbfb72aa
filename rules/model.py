"""The policy document: profiles, budgets, allowed hours, warnings and actions.

Files are TOML or JSON; unknown keys are rejected, and a newer version than this code knows is
refused. A profile names an age preset; whatever it leaves out comes from that preset.
"""

from __future__ import annotations

import itertools
import zoneinfo
from collections.abc import Mapping
from enum import StrEnum
from functools import cached_property
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from rules.timeofday import WindowField

POLICY_VERSION = 1
"""The newest policy version this code reads; newer documents are refused."""


class Weekday(StrEnum):
    """Days of the week as written in policy files; Monday is day 0 as in `date.weekday()`."""

    MON = "mon"
    TUE = "tue"
    WED = "wed"
    THU = "thu"
    FRI = "fri"
    SAT = "sat"
    SUN = "sun"

    @property
    def number(self) -> int:
        """0 for Monday to 6 for Sunday, as `date.weekday()` counts."""
        return list(Weekday).index(self)


class Action(StrEnum):
    """What happens when time is up or outside the allowed hours."""

    LOCK = "lock"
    LOGOUT = "logout"
    SHUTDOWN = "shutdown"
    SUSPEND = "suspend"


class AgePreset(StrEnum):
    """Age categories of Russian federal law 436-FZ; each fills sensible defaults."""

    AGE_0 = "0+"
    AGE_6 = "6+"
    AGE_12 = "12+"
    AGE_16 = "16+"
    AGE_18 = "18+"


UNLIMITED = "unlimited"
Minutes = Annotated[int, Field(ge=0, le=24 * 60)]
BudgetMinutes = Minutes | Literal["unlimited"]
WeeklyMinutes = Annotated[int, Field(ge=0, le=7 * 24 * 60)] | Literal["unlimited"]
ProfileId = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_-]{0,31}$")]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, use_enum_values=False)


class Profile(_Strict):
    """Rules for one child; OS accounts listed in `accounts` are restricted by it."""

    id: ProfileId
    name: Annotated[str, Field(min_length=1, max_length=64)]
    preset: AgePreset = AgePreset.AGE_12
    accounts: tuple[Annotated[str, Field(min_length=1, max_length=256)], ...] = ()
    daily_budget: dict[Weekday, BudgetMinutes] = Field(
        default_factory=dict,
        description="Minutes of screen time per weekday, or 'unlimited'; "
        "missing days use the preset.",
    )
    weekly_budget: WeeklyMinutes | None = Field(
        default=None, description="Minutes per week (Monday to Sunday), or 'unlimited'."
    )
    allowed_hours: dict[Weekday, tuple[WindowField, ...]] = Field(
        default_factory=dict,
        description="Windows per weekday; an empty list means no use that day; "
        "missing days use the preset.",
    )
    warnings: tuple[Annotated[int, Field(ge=1, le=120)], ...] | None = Field(
        default=None,
        description="Minutes before time is up when the child is warned (default 15, 5, 1).",
    )
    action: Action | None = Field(default=None, description="What happens when time is up.")
    idle_minutes: Annotated[int, Field(ge=1, le=120)] | None = Field(
        default=None, description="Minutes without input after which counting may pause."
    )

    @field_validator("warnings")
    @classmethod
    def _distinct_warnings(cls, value: tuple[int, ...] | None) -> tuple[int, ...] | None:
        if value is not None and len(set(value)) != len(value):
            raise ValueError("each warning minute may appear once")
        return value

    @field_validator("allowed_hours")
    @classmethod
    def _no_overlap(
        cls, value: dict[Weekday, tuple[object, ...]]
    ) -> dict[Weekday, tuple[object, ...]]:
        from rules.timeofday import AllowedWindow

        for day, windows in value.items():
            spans: list[tuple[int, int]] = []
            for window in windows:
                assert isinstance(window, AllowedWindow)
                end = window.end + (1440 if window.crosses_midnight else 0)
                spans.append((window.start, end))
            spans.sort()
            for (_, end_a), (start_b, _) in itertools.pairwise(spans):
                if start_b < end_a:
                    raise ValueError(f"windows on {day.value} overlap; merge them into one")
        return value


class Policy(_Strict):
    """A whole policy document."""

    version: Annotated[int, Field(ge=1)] = POLICY_VERSION
    timezone: str = Field(
        description="IANA time zone in which days start at midnight, e.g. Europe/Moscow."
    )
    default_profile: ProfileId = Field(
        description="Profile for every account that no profile lists."
    )
    profiles: tuple[Profile, ...] = Field(min_length=1)
    unrestricted_accounts: tuple[Annotated[str, Field(min_length=1, max_length=256)], ...] = Field(
        default=(), description="OS accounts Guardian never restricts, such as the parent's own."
    )

    @field_validator("version")
    @classmethod
    def _known_version(cls, value: int) -> int:
        if value > POLICY_VERSION:
            raise ValueError(
                f"written for policy version {value}, but this Guardian reads up to version "
                f"{POLICY_VERSION}; update Guardian first"
            )
        return value

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            zoneinfo.ZoneInfo(value)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(
                f"unknown time zone '{value}'; use an IANA name like Europe/Moscow"
            ) from exc
        return value

    @model_validator(mode="after")
    def _consistent(self) -> Policy:
        problems = cross_reference_problems(self.model_dump(mode="python"))
        if problems:
            raise ValueError("; ".join(message for _, message in problems))
        return self

    @cached_property
    def derived(self) -> dict[str, object]:
        """Values computed once from this (frozen) policy, such as effective profiles."""
        return {}

    @cached_property
    def zone(self) -> zoneinfo.ZoneInfo:
        """The policy's time zone."""
        return zoneinfo.ZoneInfo(self.timezone)

    def profile(self, profile_id: str) -> Profile:
        """The profile with this id; KeyError when there is none."""
        for profile in self.profiles:
            if profile.id == profile_id:
                return profile
        raise KeyError(profile_id)

    def profile_for_account(self, account: str) -> Profile | None:
        """The profile restricting an OS account: the one listing it, else the default;
        None for an unrestricted account."""
        if account in self.unrestricted_accounts:
            return None
        for profile in self.profiles:
            if account in profile.accounts:
                return profile
        return self.profile(self.default_profile)


FieldPath = tuple[str | int, ...]
"""A place in a document: keys of tables and indices of lists, from the top."""


def cross_reference_problems(data: Mapping[str, Any]) -> list[tuple[FieldPath, str]]:
    """Every clash between profiles and accounts, each with its field path.

    Used by the model's own check and by the file reader, which turns paths into lines.
    """
    problems: list[tuple[FieldPath, str]] = []
    first_with_id: dict[str, int] = {}
    owners: dict[str, tuple[int, str]] = {}
    for index, profile in enumerate(data.get("profiles", [])):
        if not isinstance(profile, dict):
            continue
        profile_id = str(profile.get("id"))
        if profile_id in first_with_id:
            problems.append(
                (
                    ("profiles", index, "id"),
                    f"profile id '{profile_id}' is already used by "
                    f"profiles[{first_with_id[profile_id]}]; give each profile its own id",
                )
            )
        first_with_id.setdefault(profile_id, index)
        for number, account in enumerate(profile.get("accounts", [])):
            owner = owners.setdefault(account, (index, profile_id))
            if owner[0] == index and number > profile["accounts"].index(account):
                message = f"account '{account}' is listed twice in this profile; keep one"
            elif owner[0] != index:
                message = (
                    f"account '{account}' is already in profile '{owner[1]}'; "
                    "an account belongs to one profile only"
                )
            else:
                continue
            problems.append((("profiles", index, "accounts", number), message))
    default = data.get("default_profile")
    if default not in first_with_id:
        known = ", ".join(f"'{profile_id}'" for profile_id in first_with_id)
        problems.append(
            (("default_profile",), f"'{default}' is not one of the profiles; use one of {known}")
        )
    for number, account in enumerate(data.get("unrestricted_accounts", [])):
        if account in owners:
            problems.append(
                (
                    ("unrestricted_accounts", number),
                    f"account '{account}' is unrestricted but also in profile "
                    f"'{owners[account][1]}'; remove it from one of the two",
                )
            )
    return problems
