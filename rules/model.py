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
from typing import Annotated, Any, ClassVar, Literal, TypeVar

import msgspec
import msgspec.inspect

from rules.apps import (
    AppList,
    AppMinutes,
    AppRule,
    BrowserChoice,
    Category,
    Downtime,
    check_app_rules,
)
from rules.reports import Reports
from rules.request_rules import RequestRules
from rules.sites import Dns, Sites, SiteSchedule
from rules.timeofday import WINDOW_SCHEMA, AllowedWindow, Weekday
from rules.validation import (
    FieldCheck,
    FieldPath,
    Problem,
    describe,
    problems_in,
    run_field_checks,
)

POLICY_VERSION = 1
"""The newest policy version this code reads; newer documents are refused."""


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
Minutes = Annotated[int, msgspec.Meta(ge=0, le=24 * 60)]
BudgetMinutes = Minutes | Literal["unlimited"]
WeeklyMinutes = Annotated[int, msgspec.Meta(ge=0, le=7 * 24 * 60)] | Literal["unlimited"]
ProfileId = Annotated[str, msgspec.Meta(pattern=r"^[a-z0-9][a-z0-9_-]{0,31}$")]
Account = Annotated[str, msgspec.Meta(min_length=1, max_length=256)]
WarningMinute = Annotated[int, msgspec.Meta(ge=1, le=120)]


def _doc(text: str) -> msgspec.Meta:
    return msgspec.Meta(description=text)


def _distinct_warnings(value: tuple[int, ...] | None) -> None:
    if value is not None and len(set(value)) != len(value):
        raise ValueError("each warning minute may appear once")


def _no_overlap(value: Mapping[Weekday, tuple[AllowedWindow, ...]]) -> None:
    for day, windows in value.items():
        spans = sorted(
            (window.start, window.end + (1440 if window.crosses_midnight else 0))
            for window in windows
        )
        for (_, end_a), (start_b, _) in itertools.pairwise(spans):
            if start_b < end_a:
                raise ValueError(f"windows on {Weekday(day).value} overlap; merge them into one")


def _known_version(value: int) -> None:
    if value > POLICY_VERSION:
        raise ValueError(
            f"written for policy version {value}, but this Guardian reads up to version "
            f"{POLICY_VERSION}; update Guardian first"
        )


def _known_zone(value: str) -> None:
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(
            f"unknown time zone '{value}'; use an IANA name like Europe/Moscow"
        ) from exc


class Profile(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """Rules for one child; OS accounts listed in `accounts` are restricted by it."""

    # The docstrings of these classes describe them in the JSON Schema. Constructing one
    # directly runs only `field_checks` (and, for a Policy, the cross references); build one
    # from plain data with `from_data` to check every value.

    id: ProfileId
    name: Annotated[str, msgspec.Meta(min_length=1, max_length=64)]
    preset: AgePreset = AgePreset.AGE_12
    accounts: tuple[Account, ...] = ()
    daily_budget: Annotated[
        dict[Weekday, BudgetMinutes],
        _doc("Minutes of screen time per weekday, or 'unlimited'; missing days use the preset."),
    ] = msgspec.field(default_factory=dict)
    weekly_budget: Annotated[
        WeeklyMinutes | None, _doc("Minutes per week (Monday to Sunday), or 'unlimited'.")
    ] = None
    allowed_hours: Annotated[
        dict[Weekday, tuple[AllowedWindow, ...]],
        _doc(
            "Windows per weekday; an empty list means no use that day; missing days use the preset."
        ),
    ] = msgspec.field(default_factory=dict)
    warnings: Annotated[
        tuple[WarningMinute, ...] | None,
        _doc("Minutes before time is up when the child is warned (default 15, 5, 1)."),
    ] = None
    action: Annotated[Action | None, _doc("What happens when time is up.")] = None
    idle_minutes: Annotated[
        WarningMinute | None, _doc("Minutes without input after which counting may pause.")
    ] = None
    apps: Annotated[
        tuple[AppRule, ...],
        _doc("App rules: blocked, limited (with daily minutes) or always allowed."),
    ] = ()
    app_list: Annotated[
        AppList,
        _doc("'open': every app a rule does not block; 'allowlist': only allowed or limited apps."),
    ] = AppList.OPEN
    category_budgets: Annotated[
        dict[Category, AppMinutes],
        _doc("Minutes per day for each category of apps, e.g. games = 60."),
    ] = msgspec.field(default_factory=dict)
    downtime: Annotated[
        Downtime,
        _doc(
            "Outside the allowed hours and when time is spent: 'lock' applies the action to the "
            "session; 'apps' keeps it open for always-allowed apps only."
        ),
    ] = Downtime.LOCK
    unmanaged_browsers: Annotated[
        BrowserChoice,
        _doc(
            "Browsers that ignore the system's browser policies (Tor Browser, portable copies): "
            "'auto' blocks them while web filtering is on."
        ),
    ] = BrowserChoice.AUTO
    sites: Annotated[
        Sites,
        _doc(
            "Site rules: blocked categories, own blocked and allowed sites, allowlist-only, "
            "safe search, schedules; the preset's when left out."
        ),
    ] = msgspec.field(default_factory=Sites)

    field_checks: ClassVar[Mapping[str, FieldCheck]] = {
        "warnings": _distinct_warnings,
        "allowed_hours": _no_overlap,
        "apps": check_app_rules,
    }

    def __post_init__(self) -> None:
        run_field_checks(self)


class Policy(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True, dict=True):
    """A whole policy document."""

    version: Annotated[int, msgspec.Meta(ge=1)] = POLICY_VERSION
    timezone: Annotated[
        str, _doc("IANA time zone in which days start at midnight, e.g. Europe/Moscow.")
    ]
    default_profile: Annotated[ProfileId, _doc("Profile for every account that no profile lists.")]
    profiles: Annotated[tuple[Profile, ...], msgspec.Meta(min_length=1)]
    unrestricted_accounts: Annotated[
        tuple[Account, ...],
        _doc("OS accounts Guardian never restricts, such as the parent's own."),
    ] = ()
    dns: Annotated[Dns, _doc("Where the site filter sends the names it lets through.")] = (
        msgspec.field(default_factory=Dns)
    )
    reports: Annotated[
        Reports, _doc("Weekly activity summaries: when, where, in which formats, mailed to whom.")
    ] = msgspec.field(default_factory=Reports)
    requests: Annotated[
        RequestRules,
        _doc("Children's requests: how much one code from the parent's authenticator approves."),
    ] = msgspec.field(default_factory=RequestRules)

    field_checks: ClassVar[Mapping[str, FieldCheck]] = {
        "version": _known_version,
        "timezone": _known_zone,
    }

    def __post_init__(self) -> None:
        run_field_checks(self)
        problems = cross_reference_problems(to_data(self))
        if problems:
            raise ValueError("; ".join(message for _, message in problems))

    @cached_property
    def _profiles_by_id(self) -> dict[str, Profile]:
        return {p.id: p for p in self.profiles}

    @cached_property
    def _account_owners(self) -> dict[str, Profile | None]:
        """Case-folded account name to the profile listing it (None: unrestricted)."""
        table: dict[str, Profile | None] = {a.casefold(): None for a in self.unrestricted_accounts}
        for profile in self.profiles:
            table.update((a.casefold(), profile) for a in profile.accounts)
        return table

    @cached_property
    def zone(self) -> zoneinfo.ZoneInfo:
        """The policy's time zone."""
        return zoneinfo.ZoneInfo(self.timezone)

    def profile(self, profile_id: str) -> Profile:
        """The profile with this id; KeyError when there is none."""
        return self._profiles_by_id[profile_id]

    def profile_for_account(self, account: str) -> Profile | None:
        """The profile restricting an OS account: the one listing it, else the default;
        None for an unrestricted account.

        Names match regardless of case: Windows and macOS treat "Kid" and "kid" as one account,
        and a parent typing a name should not leave the child under the wrong rules.
        """
        owners = self._account_owners
        name = account.casefold()
        if name in owners:
            return owners[name]
        return self.profile(self.default_profile)


# Plain data in and out.

S = TypeVar("S", Profile, Policy, Reports)


class InvalidData(ValueError):
    """Plain data did not make a valid Profile or Policy; `problems` holds every problem."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__(
            "\n".join(
                f"{'.'.join(str(part) for part in p.path) or '(document)'}: {describe(p)}"
                for p in self.problems
            )
        )


def _enc_hook(value: object) -> object:
    if isinstance(value, AllowedWindow):
        return str(value)
    raise NotImplementedError(f"{type(value).__name__} is not part of a policy")


def _dec_hook(kind: type, value: object) -> object:
    if kind is AllowedWindow:
        if isinstance(value, AllowedWindow):
            return value
        if isinstance(value, str):
            return AllowedWindow.parse(value)
        raise TypeError(f"expected text like 07:30-21:00, found {type(value).__name__}")
    raise NotImplementedError(f"{kind.__name__} is not part of a policy")


def _schema_hook(kind: type) -> dict[str, Any]:
    if kind is AllowedWindow:
        return dict(WINDOW_SCHEMA)
    raise NotImplementedError(f"{kind.__name__} is not part of a policy")


def to_data(value: object) -> Any:
    """A policy, profile or part of one as plain JSON-like data (windows as "HH:MM-HH:MM")."""
    return _lists(msgspec.to_builtins(value, enc_hook=_enc_hook))


def _lists(value: Any) -> Any:
    """Tuples as lists, as JSON and TOML read them (msgspec keeps tuples as they are)."""
    if isinstance(value, dict):
        return {key: _lists(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_lists(item) for item in value]
    return value


def from_data(cls: type[S], data: object) -> S:
    """A Profile or Policy from plain data (lists or tuples, enums or their values, windows
    as text or objects); raises InvalidData listing every problem, each with its path."""
    try:
        plain = to_data(data)
    except RecursionError:
        nested = Problem((), "invalid", note="lists or tables are nested too deeply")
        raise InvalidData([nested]) from None
    except (NotImplementedError, TypeError) as exc:
        raise InvalidData([Problem((), "invalid", note=str(exc))]) from None
    problems = problems_in(cls, plain, _dec_hook)
    if not problems and cls is Policy:
        problems = [
            Problem(path, "invalid", note=message)
            for path, message in cross_reference_problems(plain)
        ]
    if not problems:
        try:
            return msgspec.convert(plain, cls, strict=True, dec_hook=_dec_hook)
        except msgspec.ValidationError as exc:
            problems = [Problem((), "invalid", note=str(exc))]
    raise InvalidData(problems)


def policy_from_data(data: object) -> Policy:
    """A Policy from plain data; raises InvalidData listing every problem."""
    return from_data(Policy, data)


def policy_to_data(policy: Policy) -> dict[str, Any]:
    """A Policy as plain JSON-like data; `policy_from_data` reads it back to an equal one."""
    data: dict[str, Any] = to_data(policy)
    return data


def validated(value: S) -> S:
    """Check every value of a directly constructed Profile or Policy; raises InvalidData."""
    return from_data(type(value), value)


def policy_schema() -> dict[str, Any]:
    """msgspec's JSON Schema of a Policy (`$ref` to Policy in `$defs`), with the weekday keys
    of tables constrained, which msgspec leaves out."""
    schema: dict[str, Any] = msgspec.json.schema(Policy, schema_hook=_schema_hook)
    for cls in (Policy, Profile, SiteSchedule):
        properties = schema["$defs"][cls.__name__]["properties"]
        struct = msgspec.inspect.type_info(cls)
        assert isinstance(struct, msgspec.inspect.StructType)
        for info in struct.fields:
            kind = info.type
            while isinstance(kind, msgspec.inspect.Metadata):
                kind = kind.type
            if isinstance(kind, msgspec.inspect.DictType) and isinstance(
                kind.key_type, msgspec.inspect.EnumType
            ):
                key_name = kind.key_type.cls.__name__
                properties[info.encode_name]["propertyNames"] = {"$ref": f"#/$defs/{key_name}"}
    return schema


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
        listed = [str(a).casefold() for a in profile.get("accounts", [])]
        for number, account in enumerate(profile.get("accounts", [])):
            # Accounts are one regardless of case (see Policy.profile_for_account).
            owner = owners.setdefault(str(account).casefold(), (index, profile_id))
            if owner[0] == index and number > listed.index(str(account).casefold()):
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
        also = owners.get(str(account).casefold())
        if also is not None:
            problems.append(
                (
                    ("unrestricted_accounts", number),
                    f"account '{account}' is unrestricted but also in profile "
                    f"'{also[1]}'; remove it from one of the two",
                )
            )
    return problems
