"""The policy while the parent edits it: mutable, holding only what the parent set explicitly.

A value the profile leaves to its age preset stays unset until the parent changes it, so an
untouched setting still follows the preset and saving without edits gives back the same policy.
Building the real `Policy` is where validation happens; its errors come back as sentences.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QCoreApplication, QLocale

from rules.apps import AppList, AppMatch, AppMode, AppRule, BrowserChoice, Category, Downtime
from rules.catalogue import CatalogueEntry, catalogue, shown_name
from rules.model import (
    Action,
    AgePreset,
    BudgetMinutes,
    InvalidData,
    Policy,
    Profile,
    WeeklyMinutes,
    from_data,
)
from rules.presets import EffectiveProfile, effective_profile
from rules.reports import MailSecurity, MailSettings, ReportFormat, ReportLanguage, Reports
from rules.sites import SITE_PRESETS, Dns, Resolver, SiteList, Sites, SiteSchedule
from rules.timeofday import AllowedWindow, Weekday
from rules.validation import describe
from ui.texts import category_name
from ui.week_grid import day_name

DEFAULT_ROLE = "@default"
"""An account no profile lists: the default profile restricts it."""
FREE_ROLE = "@unrestricted"
"""An account Guardian never restricts."""


translate = QCoreApplication.translate


class PolicyInvalid(ValueError):
    """The edited policy does not validate; `lines` say what is wrong, one sentence each."""

    def __init__(self, lines: list[str]) -> None:
        super().__init__("\n".join(lines))
        self.lines = lines


@dataclass
class AppRuleDraft:
    """One app rule as the parent edits it; minutes are kept while the app is not limited, so
    switching back to "limited" restores them."""

    app: str
    mode: AppMode = AppMode.BLOCKED
    name: str | None = None
    daily_minutes: int | None = None
    category: Category | None = None
    match: AppMatch | None = None

    @property
    def shown_name(self) -> str:
        """The rule's own name, else the catalogue's, else its id."""
        return shown_name(self.app, self.name)

    @classmethod
    def of(cls, rule: AppRule) -> AppRuleDraft:
        """Start editing a stored rule."""
        return cls(
            app=rule.app,
            mode=rule.mode,
            name=rule.name,
            daily_minutes=rule.daily_minutes,
            category=rule.category,
            match=rule.match,
        )

    def data(self) -> dict[str, Any]:
        """The rule as plain data for `from_data`; minutes only for a limited app."""
        data: dict[str, Any] = {"app": self.app, "mode": self.mode}
        if self.name is not None:
            data["name"] = self.name
        if self.mode is AppMode.LIMITED:
            data["daily_minutes"] = self.daily_minutes
        if self.category is not None:
            data["category"] = self.category
        if self.match is not None:
            data["match"] = self.match
        return data


@dataclass
class SitesDraft:
    """A profile's site rules as the parent edits them; None means "the age preset's"."""

    filter: bool | None = None
    categories: list[str] | None = None
    allow_categories: list[str] = field(default_factory=list)
    block: list[str] = field(default_factory=list)
    allow: list[str] = field(default_factory=list)
    site_list: SiteList = SiteList.OPEN
    safe_search: bool | None = None
    schedules: list[SiteSchedule] = field(default_factory=list)

    @classmethod
    def of(cls, sites: Sites) -> SitesDraft:
        """Start editing a profile's stored site rules."""
        return cls(
            filter=sites.filter,
            categories=None if sites.categories is None else list(sites.categories),
            allow_categories=list(sites.allow_categories),
            block=list(sites.block),
            allow=list(sites.allow),
            site_list=sites.list,
            safe_search=sites.safe_search,
            schedules=list(sites.schedules),
        )

    def data(self) -> dict[str, Any]:
        """The site rules as plain data for `from_data`; values left to the preset left out."""
        data: dict[str, Any] = {
            "allow_categories": self.allow_categories,
            "block": self.block,
            "allow": self.allow,
            "list": self.site_list,
            "schedules": self.schedules,
        }
        for key, value in (
            ("filter", self.filter),
            ("categories", self.categories),
            ("safe_search", self.safe_search),
        ):
            if value is not None:
                data[key] = value
        return data


@dataclass
class MailDraft:
    """Mailing the summaries as the parent edits it; the fields are kept while mail is off."""

    enabled: bool = False
    host: str = ""
    port: int = 587
    security: MailSecurity = MailSecurity.STARTTLS
    username: str = ""
    sender: str = ""
    recipients: list[str] = field(default_factory=list)

    @classmethod
    def of(cls, mail: MailSettings | None) -> MailDraft:
        """Start editing the stored mail settings (None: mail off)."""
        if mail is None:
            return cls()
        return cls(
            enabled=True,
            host=mail.host,
            port=mail.port,
            security=mail.security,
            username=mail.username,
            sender=mail.sender,
            recipients=list(mail.recipients),
        )

    def data(self) -> dict[str, Any] | None:
        """The mail settings as plain data; None when mail is off."""
        if not self.enabled:
            return None
        return {
            "host": self.host.strip(),
            "port": self.port,
            "security": self.security,
            "username": self.username.strip(),
            "sender": self.sender.strip(),
            "recipients": [r.strip() for r in self.recipients if r.strip()],
        }


def locale_first_day() -> Weekday:
    """The first day of the week in the reader's locale (Monday in Russia, Sunday in the US)."""
    return list(Weekday)[QLocale().firstDayOfWeek().value - 1]


def locale_language() -> ReportLanguage:
    """The summaries' language that matches the reader's locale; English otherwise."""
    if QLocale().language() == QLocale.Language.Russian:
        return ReportLanguage.RU
    return ReportLanguage.EN


def new_reports_data() -> dict[str, Any]:
    """Weekly summaries for a new policy: weeks start and summaries speak as the parent's
    locale does."""
    first = locale_first_day()
    # Written on the morning a week starts: the whole week just ended.
    return {"week_starts": first, "weekday": first, "language": locale_language()}


@dataclass
class ReportsDraft:
    """The weekly summaries' settings as the parent edits them."""

    enabled: bool = True
    weekday: Weekday = Weekday.MON
    time: str = "08:00"
    folder: str = ""
    keep_weeks: int = 12
    formats: list[ReportFormat] = field(default_factory=lambda: list(ReportFormat))
    language: ReportLanguage = ReportLanguage.EN
    week_starts: Weekday = Weekday.MON
    mail: MailDraft = field(default_factory=MailDraft)

    @classmethod
    def of(cls, reports: Reports) -> ReportsDraft:
        """Start editing the stored settings."""
        return cls(
            enabled=reports.enabled,
            weekday=reports.weekday,
            time=reports.time,
            folder=reports.folder,
            keep_weeks=reports.keep_weeks,
            formats=list(reports.formats),
            language=reports.language,
            week_starts=reports.week_starts,
            mail=MailDraft.of(reports.mail),
        )

    def data(self) -> dict[str, Any]:
        """The settings as plain data for `from_data`; formats in their usual order."""
        return {
            "enabled": self.enabled,
            "weekday": self.weekday,
            "time": self.time,
            "folder": self.folder.strip(),
            "keep_weeks": self.keep_weeks,
            "formats": [f for f in ReportFormat if f in self.formats],
            "language": self.language,
            "week_starts": self.week_starts,
            "mail": self.mail.data(),
        }


@dataclass
class ProfileDraft:
    """A profile's fields as the parent edits them; None or a missing day means "the preset's"."""

    id: str
    name: str
    preset: AgePreset = AgePreset.AGE_12
    daily_budget: dict[Weekday, BudgetMinutes] = field(default_factory=dict)
    weekly_budget: WeeklyMinutes | None = None
    allowed_hours: dict[Weekday, tuple[AllowedWindow, ...]] = field(default_factory=dict)
    warnings: tuple[int, ...] | None = None
    action: Action | None = None
    idle_minutes: int | None = None
    apps: list[AppRuleDraft] = field(default_factory=list)
    app_list: AppList = AppList.OPEN
    category_budgets: dict[Category, int] = field(default_factory=dict)
    downtime: Downtime = Downtime.LOCK
    unmanaged_browsers: BrowserChoice = BrowserChoice.AUTO
    sites: SitesDraft = field(default_factory=SitesDraft)

    @classmethod
    def of(cls, profile: Profile) -> ProfileDraft:
        """Start editing a stored profile."""
        return cls(
            id=profile.id,
            name=profile.name,
            preset=profile.preset,
            daily_budget=dict(profile.daily_budget),
            weekly_budget=profile.weekly_budget,
            allowed_hours={day: tuple(w) for day, w in profile.allowed_hours.items()},
            warnings=profile.warnings,
            action=profile.action,
            idle_minutes=profile.idle_minutes,
            apps=[AppRuleDraft.of(rule) for rule in profile.apps],
            app_list=profile.app_list,
            category_budgets=dict(profile.category_budgets),
            downtime=profile.downtime,
            unmanaged_browsers=profile.unmanaged_browsers,
            sites=SitesDraft.of(profile.sites),
        )

    def preset_values(self) -> EffectiveProfile:
        """What the age preset alone gives, to show for values left to it."""
        return effective_profile(Profile(id="preset", name="preset", preset=self.preset))

    def site_preset(self) -> tuple[bool, tuple[str, ...], bool]:
        """What the age preset gives for site rules: filter, blocked categories, safe search."""
        preset = SITE_PRESETS[AgePreset(self.preset).value]
        return preset.filter, preset.categories, preset.safe_search

    def build(self, accounts: tuple[str, ...]) -> Profile:
        """The validated profile; raises InvalidData listing every problem."""
        return from_data(
            Profile,
            {
                "id": self.id,
                "name": self.name,
                "preset": self.preset,
                "accounts": accounts,
                "daily_budget": self.daily_budget,
                "weekly_budget": self.weekly_budget,
                "allowed_hours": self.allowed_hours,
                "warnings": self.warnings,
                "action": self.action,
                "idle_minutes": self.idle_minutes,
                "apps": [rule.data() for rule in self.apps],
                "app_list": self.app_list,
                "category_budgets": self.category_budgets,
                "downtime": self.downtime,
                "unmanaged_browsers": self.unmanaged_browsers,
                "sites": self.sites.data(),
            },
        )

    def reset_time(self) -> None:
        """Leave budgets and allowed hours to the age preset again."""
        self.daily_budget.clear()
        self.weekly_budget = None
        self.allowed_hours.clear()


def _field_name(loc: tuple[int | str, ...], app_names: Sequence[str] = ()) -> str:
    names = {
        "name": translate("PolicyDraft", "Name"),
        "preset": translate("PolicyDraft", "Age preset"),
        "accounts": translate("PolicyDraft", "Accounts"),
        "daily_budget": translate("PolicyDraft", "Screen time per day"),
        "weekly_budget": translate("PolicyDraft", "Screen time per week"),
        "allowed_hours": translate("PolicyDraft", "Allowed hours"),
        "warnings": translate("PolicyDraft", "Warnings"),
        "action": translate("PolicyDraft", "When time is up"),
        "idle_minutes": translate("PolicyDraft", "Idle minutes"),
        "apps": translate("PolicyDraft", "Apps"),
        "app_list": translate("PolicyDraft", "Which apps may run"),
        "category_budgets": translate("PolicyDraft", "Time per kind of app"),
        "downtime": translate("PolicyDraft", "In downtime"),
        "unmanaged_browsers": translate("PolicyDraft", "Browsers that ignore filtering"),
        "sites": translate("PolicyDraft", "Sites"),
    }
    if not loc:
        return translate("PolicyDraft", "Profiles")
    label = names.get(str(loc[0]), str(loc[0]))
    detail = None
    if len(loc) > 1 and str(loc[1]) in {d.value for d in Weekday}:
        detail = day_name(Weekday(str(loc[1])))
    elif len(loc) > 1 and str(loc[1]) in {c.value for c in Category}:
        detail = category_name(str(loc[1]))
    elif len(loc) > 1 and loc[0] == "apps" and isinstance(loc[1], int):
        index = loc[1]
        detail = app_names[index] if 0 <= index < len(app_names) else str(index + 1)
    if detail is not None:
        return translate("PolicyDraft", "%1, %2").replace("%1", label).replace("%2", detail)
    return label


def _reports_field_name(loc: tuple[int | str, ...]) -> str:
    names = {
        "enabled": translate("PolicyDraft", "Write a summary every week"),
        "weekday": translate("PolicyDraft", "Day"),
        "time": translate("PolicyDraft", "Time"),
        "folder": translate("PolicyDraft", "Folder"),
        "keep_weeks": translate("PolicyDraft", "Weeks kept"),
        "formats": translate("PolicyDraft", "Formats"),
        "language": translate("PolicyDraft", "Language"),
        "week_starts": translate("PolicyDraft", "Weeks start on"),
        "mail": translate("PolicyDraft", "E-mail"),
        "host": translate("PolicyDraft", "Mail server"),
        "port": translate("PolicyDraft", "Port"),
        "security": translate("PolicyDraft", "Security"),
        "username": translate("PolicyDraft", "User name"),
        "sender": translate("PolicyDraft", "Sender"),
        "recipients": translate("PolicyDraft", "Recipients"),
    }
    where = translate("PolicyDraft", "Weekly summary")
    for part in loc:
        if str(part) in names:
            where = (
                translate("PolicyDraft", "%1, %2")
                .replace("%2", names[str(part)])
                .replace("%1", where)
            )
    return where


def reports_error_lines(error: InvalidData) -> list[str]:
    """One sentence per problem of the weekly summary's settings, saying which field."""
    return [
        translate("PolicyDraft", "%1: %2")
        .replace("%2", describe(problem))
        .replace("%1", _reports_field_name(problem.path))
        for problem in error.problems
    ]


def close_apps(text: str, limit: int = 3) -> list[CatalogueEntry]:
    """Catalogue apps whose id or name is close to what was typed (a misspelt "minecraf"
    finds Minecraft), closest first."""
    entries = [e for e in catalogue().entries if not e.critical]
    keys: dict[str, CatalogueEntry] = {}
    for entry in entries:
        keys.setdefault(entry.id.casefold(), entry)
        keys.setdefault(entry.name.casefold(), entry)
    found: list[CatalogueEntry] = []
    for key in difflib.get_close_matches(text.strip().casefold(), keys, n=limit * 2, cutoff=0.6):
        if keys[key] not in found:
            found.append(keys[key])
    return found[:limit]


def did_you_mean(text: str) -> str | None:
    """ "Did you mean …?" naming the catalogue's apps close to `text`, or None."""
    found = close_apps(text)
    if not found:
        return None
    names = QLocale().createSeparatedList(
        [
            translate("PolicyDraft", "%1 (%2)").replace("%2", e.id).replace("%1", e.name)
            for e in found
        ]
    )
    return translate("PolicyDraft", "Did you mean %1?").replace("%1", names)


_NOT_IN_CATALOGUE = re.compile(r"'([^']+)' is not in the catalogue")


def _with_suggestion(message: str) -> str:
    """A problem about an app the catalogue does not know, with the apps it may have meant."""
    unknown = _NOT_IN_CATALOGUE.search(message)
    suggestion = did_you_mean(unknown[1]) if unknown else None
    return f"{message} {suggestion}" if suggestion else message


def error_lines(
    error: InvalidData, profile_name: str | None, app_names: Sequence[str] = ()
) -> list[str]:
    """One sentence per problem, saying where (profile, setting, day or app) and what.

    With a profile name, the problems are those of that profile (`app_names` names its app
    rules in order); without, of the whole policy, which are all about how profiles and
    accounts fit together.
    """
    lines = []
    for problem in error.problems:
        message = _with_suggestion(describe(problem))
        if profile_name is None and problem.path[:1] == ("dns",):
            where = translate("PolicyDraft", "Resolver for the whole computer")
        elif profile_name is None and problem.path[:1] == ("reports",):
            where = _reports_field_name(problem.path[1:])
        else:
            where = _field_name(problem.path if profile_name is not None else (), app_names)
        if profile_name is not None:
            where = (
                translate("PolicyDraft", "Profile “%1”, %2")
                .replace("%1", profile_name)
                .replace("%2", where)
            )
        lines.append(translate("PolicyDraft", "%1: %2").replace("%1", where).replace("%2", message))
    return lines


@dataclass
class PolicyDraft:
    """The whole policy being edited: profiles, who each account belongs to, the default."""

    base: Policy
    profiles: list[ProfileDraft]
    default_profile: str
    roles: dict[str, str]
    """Account name to a profile id, DEFAULT_ROLE or FREE_ROLE."""
    resolver: Resolver = Resolver.SYSTEM
    servers: list[str] = field(default_factory=list)
    """The custom resolver's addresses, kept while another resolver is chosen."""
    reports: ReportsDraft = field(default_factory=ReportsDraft)
    code_minutes: int = 30
    """The most one code from the parent's phone approves (`requests.code_minutes`)."""

    @classmethod
    def of(cls, policy: Policy, machine_accounts: Iterable[str] = ()) -> PolicyDraft:
        """Start editing a stored policy; accounts it does not name start on the default."""
        roles: dict[str, str] = {}
        for profile in policy.profiles:
            roles.update(dict.fromkeys(profile.accounts, profile.id))
        roles.update(dict.fromkeys(policy.unrestricted_accounts, FREE_ROLE))
        for account in machine_accounts:
            roles.setdefault(account, DEFAULT_ROLE)
        return cls(
            base=policy,
            profiles=[ProfileDraft.of(p) for p in policy.profiles],
            default_profile=policy.default_profile,
            roles=roles,
            resolver=policy.dns.resolver,
            servers=list(policy.dns.servers),
            reports=ReportsDraft.of(policy.reports),
            code_minutes=policy.requests.code_minutes,
        )

    def dns_data(self) -> dict[str, Any]:
        """The resolver choice as plain data; addresses only for the custom one."""
        custom = self.resolver is Resolver.CUSTOM
        return {"resolver": self.resolver, "servers": self.servers if custom else []}

    def profile(self, profile_id: str) -> ProfileDraft:
        """The draft with this id; KeyError when there is none."""
        for draft in self.profiles:
            if draft.id == profile_id:
                return draft
        raise KeyError(profile_id)

    def add_profile(self, name: str) -> ProfileDraft:
        """A new profile on the 12+ preset, with an id no other profile has."""
        taken = {p.id for p in self.profiles}
        number = len(self.profiles) + 1
        while f"child-{number}" in taken:
            number += 1
        draft = ProfileDraft(id=f"child-{number}", name=name)
        self.profiles.append(draft)
        return draft

    def remove_profile(self, profile_id: str) -> None:
        """Drop a profile; its accounts fall to the default profile (the first, if it was it)."""
        self.profiles = [p for p in self.profiles if p.id != profile_id]
        for account, role in self.roles.items():
            if role == profile_id:
                self.roles[account] = DEFAULT_ROLE
        if self.default_profile == profile_id and self.profiles:
            self.default_profile = self.profiles[0].id

    def build(self) -> Policy:
        """The validated policy; raises PolicyInvalid listing every problem found."""
        lines: list[str] = []
        profiles = []
        for draft in self.profiles:
            accounts = tuple(a for a, role in self.roles.items() if role == draft.id)
            try:
                profiles.append(draft.build(accounts))
            except InvalidData as error:
                names = [rule.shown_name for rule in draft.apps]
                lines += error_lines(error, draft.name, names)
        try:
            Dns(resolver=self.resolver, servers=tuple(self.dns_data()["servers"]))
        except ValueError as error:
            where = translate("PolicyDraft", "Resolver for the whole computer")
            lines.append(
                translate("PolicyDraft", "%1: %2").replace("%1", where).replace("%2", str(error))
            )
        try:
            from_data(Reports, self.reports.data())
        except InvalidData as error:
            lines += reports_error_lines(error)
        if lines:
            raise PolicyInvalid(lines)
        try:
            return from_data(
                Policy,
                {
                    "version": self.base.version,
                    "timezone": self.base.timezone,
                    "default_profile": self.default_profile,
                    "profiles": profiles,
                    "unrestricted_accounts": [
                        a for a, role in self.roles.items() if role == FREE_ROLE
                    ],
                    "dns": self.dns_data(),
                    "reports": self.reports.data(),
                    "requests": {"code_minutes": self.code_minutes},
                },
            )
        except InvalidData as error:
            raise PolicyInvalid(error_lines(error, None)) from error
