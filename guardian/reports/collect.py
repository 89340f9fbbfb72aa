"""A profile's week read from the state database into a `WeekSummary`.

Everything is summed by SQL over the week's rows: screen time per day from `usage` (the
profile's own key), per hour and per account from `activity`, per app and category from the
`usage` rows keyed "<profile>/<app id>" and "<profile>/category:<name>", sites from `sites`,
bonus time from `grants`, and the week's events by kind. Budgets, names and categories come from
the policy in force now (the ledger does not keep old policies). Days, hours and weeks are in
the policy's time zone. Site counts older than the service's SITE_DETAIL_DAYS keep each day's
busiest and most blocked sites and the rest as one "(other)" row, so an old week's totals are
whole but its count of different sites is of those kept. Hours are zero for time counted
before Guardian kept them, or lost with a damaged database (usage itself is restored).
"""

from __future__ import annotations

import json
import sqlite3
import urllib.parse
from collections import Counter
from collections.abc import Mapping
from datetime import UTC, date, datetime, time, timedelta
from functools import cached_property
from pathlib import Path
from typing import Any

import msgspec

from guardian.ledger import PROFILE_HOURS, SCHEMA_VERSION, LedgerError
from guardian.reports.model import (
    MAX_ROWS,
    AccountRow,
    AppRow,
    CategoryRow,
    Comparison,
    DayRow,
    Event,
    Events,
    ProfileRef,
    SiteRow,
    Sites,
    SummaryError,
    WeekSummary,
    week_containing,
    week_name,
)
from rules.app_terms import CATEGORY_PREFIX
from rules.catalogue import catalogue
from rules.model import Policy, Profile
from rules.presets import effective_profile
from rules.sites import effective_sites

DAYS = 7
HOURS = 24
BLOCKED_APPS = ("app_blocked",)
REQUESTS = ("request",)
ANSWERS = ("request_answer", "request_answered")
"""A parent's (or a code's) answer to a request, carrying the request's fields after it."""
GRANTS = ("grant",)
TAMPER = ("tamper", "account_added", "login_failed")
"""Clock changes, a stopped tray, an administrator child and an edited secrets file are
`tamper` events (their `what` says which); new accounts and failed parent logins have their own
kinds."""
CHANGES = ("policy_changed", "policy_file_changed", "policy_error")
_Scalar = str | int | float | bool | None


def current_week_start(policy: Policy, now: datetime) -> date:
    """The first day of the week containing `now`, in the policy's zone, weeks starting on
    the policy's `reports.week_starts`."""
    return week_containing(now.astimezone(policy.zone).date(), policy.reports.week_starts.number)


def open_readonly(path: Path) -> sqlite3.Connection:
    """The state database opened for reading only; LedgerError saying why when it cannot be
    (missing, unreadable, not Guardian's, written by a newer Guardian)."""
    if not path.is_file():
        raise LedgerError(f"{path}: no state database there")
    where = urllib.parse.quote(str(path.absolute()))
    try:
        db = sqlite3.connect(f"file:{where}?mode=ro", uri=True, check_same_thread=False)
    except sqlite3.Error as exc:
        raise LedgerError(f"{path}: cannot be opened for reading ({exc})") from None
    try:
        version = db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise LedgerError(
                f"{path} was written by a newer Guardian (schema {version}); update Guardian"
            )
        if "usage" not in _tables(db):
            raise LedgerError(f"{path} is not a Guardian state database")
    except sqlite3.Error as exc:
        db.close()
        raise LedgerError(f"{path}: cannot be read ({exc})") from None
    except LedgerError:
        db.close()
        raise
    return db


def collect_week(
    db: sqlite3.Connection,
    policy: Policy,
    profile_id: str,
    start: date,
    *,
    now: datetime,
    machine: str,
    version: str,
) -> WeekSummary:
    """One profile's week starting on `start`; days after `now`'s day are not counted yet.

    SummaryError when the policy has no such profile or `now` is not aware."""
    if now.tzinfo is None or now.utcoffset() is None:
        raise SummaryError("the time a summary is made must carry its time zone")
    try:
        profile = policy.profile(profile_id)
    except KeyError:
        known = ", ".join(f"'{p.id}'" for p in policy.profiles)
        raise SummaryError(f"there is no profile '{profile_id}'; the policy has {known}") from None
    week = _Week(db, policy, profile, start)
    today = now.astimezone(policy.zone).date()
    days = week.days(today)
    sites = week.sites()
    return WeekSummary(
        machine=machine,
        guardian_version=version,
        generated_at=now.astimezone(policy.zone).isoformat(),
        timezone=policy.timezone,
        language=policy.reports.language.value,
        week=week_name(start),
        first_day=start,
        last_day=week.last,
        complete=today > week.last,
        profile=ProfileRef(profile.id, profile.name, profile.preset.value),
        days=days,
        weekly_budget=_seconds(effective_profile(profile).weekly_budget),
        accounts=week.accounts(),
        apps=week.apps(),
        categories=week.categories(),
        sites=sites,
        blocked_apps=week.events(BLOCKED_APPS),
        requests=week.requests(),
        grants=week.grants(),
        tamper=week.events(TAMPER, machine_wide=True),
        changes=week.events(CHANGES, machine_wide=True),
        previous=week.previous(),
    )


class _Week:
    """The queries of one profile's week."""

    def __init__(self, db: sqlite3.Connection, policy: Policy, profile: Profile, start: date):
        self.db = db
        self.policy = policy
        self.profile = profile
        self.first = start
        self.last = start + timedelta(days=DAYS - 1)
        self.span = (start.isoformat(), self.last.isoformat())
        self.instants = _instants(policy, start)
        self.tables = _tables(db)
        self._read: dict[tuple[tuple[str, ...], bool], list[tuple[Any, ...]]] = {}

    # --- screen time -------------------------------------------------------------------------

    def days(self, today: date) -> tuple[DayRow, ...]:
        """Each day's screen time, limit, bonus and hours."""
        seconds = dict(
            self.db.execute(
                "SELECT day, seconds FROM usage WHERE profile = ? AND day BETWEEN ? AND ?",
                (self.profile.id, *self.span),
            ).fetchall()
        )
        bonus = {
            day: (float(granted), bool(rest))
            for day, granted, rest in self.db.execute(
                "SELECT day, SUM(COALESCE(minutes, 0)) * 60.0, MAX(minutes IS NULL) FROM grants "
                "WHERE profile = ? AND day BETWEEN ? AND ? GROUP BY day",
                (self.profile.id, *self.span),
            )
        }
        hours: dict[str, list[float]] = {}
        if "activity" in self.tables:
            for day, hour, spent in self.db.execute(
                "SELECT day, hour, seconds FROM activity "
                "WHERE profile = ? AND account = ? AND day BETWEEN ? AND ?",
                (self.profile.id, PROFILE_HOURS, *self.span),
            ):
                if 0 <= hour < HOURS:
                    hours.setdefault(day, [0.0] * HOURS)[hour] = float(spent)
        budgets = effective_profile(self.profile).budgets
        rows = []
        for offset in range(DAYS):
            day = self.first + timedelta(days=offset)
            key = day.isoformat()
            granted, rest = bonus.get(key, (0.0, False))
            rows.append(
                DayRow(
                    day=day,
                    seconds=float(seconds.get(key, 0.0)),
                    budget=_seconds(budgets[day.weekday()]),
                    bonus=granted,
                    rest_of_day=rest,
                    hours=tuple(hours.get(key, [0.0] * HOURS)),
                    counted=day <= today,
                )
            )
        return tuple(rows)

    def accounts(self) -> tuple[AccountRow, ...]:
        """Screen time of each account of the profile, busiest first."""
        if "activity" not in self.tables:
            return ()
        found: dict[str, list[float]] = {}
        for account, day, spent in self.db.execute(
            "SELECT account, day, SUM(seconds) FROM activity "
            "WHERE profile = ? AND account <> ? AND day BETWEEN ? AND ? GROUP BY account, day",
            (self.profile.id, PROFILE_HOURS, *self.span),
        ):
            offset = (date.fromisoformat(day) - self.first).days
            found.setdefault(account, [0.0] * DAYS)[offset] = float(spent)
        rows = [AccountRow(a, sum(days), tuple(days)) for a, days in found.items()]
        return tuple(sorted(rows, key=lambda r: (-r.seconds, r.account)))

    # --- apps and categories -----------------------------------------------------------------

    @cached_property
    def _app_usage(self) -> dict[str, float]:
        """The week's seconds per app and category key ("minecraft", "category:games")."""
        prefix = f"{self.profile.id}/"
        # Keys of this profile sort between "<id>/" and "<id>0" ("0" follows "/").
        rows = self.db.execute(
            "SELECT substr(profile, ?), SUM(seconds) FROM usage "
            "WHERE profile >= ? AND profile < ? AND day BETWEEN ? AND ? GROUP BY profile",
            (len(prefix) + 1, prefix, f"{self.profile.id}0", *self.span),
        )
        return {str(key): float(spent) for key, spent in rows}

    def apps(self) -> tuple[AppRow, ...]:
        """Apps used or blocked this week, most used first, at most MAX_ROWS."""
        used = {k: v for k, v in self._app_usage.items() if not _is_category(k)}
        # The same rows as the week's list of closed apps: the ledger is read once for both.
        blocked = Counter(
            str(app)
            for app in (_field(row[3], "app") for row in self._rows(BLOCKED_APPS, False))
            if app is not None
        )
        rules = {rule.app: rule for rule in self.profile.apps}
        entries = catalogue().by_id
        limits = {
            rule.app: rule.daily_minutes * 60.0
            for rule in self.profile.apps
            if rule.daily_minutes is not None
        }
        rows = []
        for app in used.keys() | blocked.keys():
            rule, entry = rules.get(app), entries.get(app)
            category = (rule.category if rule else None) or (entry.category if entry else None)
            rows.append(
                AppRow(
                    app=str(app),
                    name=(rule.name if rule else None) or (entry.name if entry else str(app)),
                    category=None if category is None else category.value,
                    seconds=used.get(app, 0.0),
                    budget=limits.get(app),
                    blocked=int(blocked.get(app, 0)),
                )
            )
        rows.sort(key=lambda r: (-r.seconds, -r.blocked, r.app))
        return tuple(rows[:MAX_ROWS])

    def categories(self) -> tuple[CategoryRow, ...]:
        """Time per category, most used first; categories with a limit even when unused."""
        budgets = {c.value: m * 60.0 for c, m in self.profile.category_budgets.items()}
        used = {
            k.removeprefix(CATEGORY_PREFIX): v
            for k, v in self._app_usage.items()
            if _is_category(k)
        }
        rows = [
            CategoryRow(category, used.get(category, 0.0), budgets.get(category))
            for category in used.keys() | budgets.keys()
        ]
        return tuple(sorted(rows, key=lambda r: (-r.seconds, r.category)))

    # --- sites ---------------------------------------------------------------------------------

    def sites(self) -> Sites | None:
        """The busiest and the blocked sites; None when the profile filters no site and the
        ledger has no lookups of it this week."""
        args = (self.profile.id, *self.span)
        allowed, blocked, distinct = self.db.execute(
            "SELECT COALESCE(SUM(allowed), 0), COALESCE(SUM(blocked), 0), COUNT(DISTINCT site) "
            "FROM sites WHERE profile = ? AND day BETWEEN ? AND ?",
            args,
        ).fetchone()
        filtering = effective_sites(self.profile.sites, self.profile.preset.value).filter
        if not distinct and not filtering:
            return None
        # Per site: the sums, and the rule that blocked it most (SQLite takes the bare column
        # `rule` from the row holding the MAX).
        per_site = (
            "WITH per_rule AS (SELECT site, rule, SUM(allowed) AS a, SUM(blocked) AS b "
            "FROM sites WHERE profile = ? AND day BETWEEN ? AND ? GROUP BY site, rule), "
            "per_site AS (SELECT site, SUM(a) AS allowed, SUM(b) AS blocked, MAX(b), rule "
            "FROM per_rule GROUP BY site) "
            "SELECT site, allowed, blocked, rule FROM per_site "
        )
        top = self.db.execute(
            per_site + "ORDER BY allowed + blocked DESC, site LIMIT ?", (*args, MAX_ROWS)
        ).fetchall()
        most_blocked = self.db.execute(
            per_site + "WHERE blocked > 0 ORDER BY blocked DESC, site LIMIT ?", (*args, MAX_ROWS)
        ).fetchall()
        return Sites(
            allowed=int(allowed),
            blocked=int(blocked),
            sites=int(distinct),
            top=tuple(_site_row(row) for row in top),
            blocked_sites=tuple(_site_row(row) for row in most_blocked),
            more=max(0, int(distinct) - len(top)),
        )

    # --- events --------------------------------------------------------------------------------

    def _rows(self, kinds: tuple[str, ...], machine_wide: bool) -> list[tuple[Any, ...]]:
        """The week's events of some kinds: the profile's, and with `machine_wide` those of no
        profile unless they name an account another profile restricts. Read from the ledger
        once per week and kinds: closed apps and bonus time are each needed twice."""
        key = (kinds, machine_wide)
        if key not in self._read:
            marks = ",".join("?" * len(kinds))
            who = "(profile = ? OR profile IS NULL)" if machine_wide else "profile = ?"
            rows = self.db.execute(
                "SELECT at, profile, kind, data, json_extract(data, '$.account') FROM events "
                f"WHERE at >= ? AND at < ? AND kind IN ({marks}) AND {who} ORDER BY at, id",
                (*self.instants, *kinds, self.profile.id),
            )
            self._read[key] = [
                row for row in rows if not machine_wide or row[1] is not None or self._ours(row[4])
            ]
        return self._read[key]

    def _ours(self, account: object) -> bool:
        """Whether an event of no profile may show in this profile's week: it names no
        account, or one this profile (or nobody) restricts."""
        if not isinstance(account, str):
            return True
        owner = self.policy.profile_for_account(account)
        return owner is None or owner.id == self.profile.id

    def events(self, kinds: tuple[str, ...], *, machine_wide: bool = False) -> Events:
        """Events of some kinds, oldest first, at most MAX_ROWS."""
        kept: list[Event] = []
        more = 0
        for at, _, kind, data, _ in self._rows(kinds, machine_wide):
            if len(kept) < MAX_ROWS:
                kept.append(self._event(at, kind, data))
            else:
                more += 1
        return Events(tuple(kept), more)

    def requests(self) -> Events:
        """The week's requests (time, access, site reports), each with its latest answer up to
        now, oldest first; and requests asked before the week but answered in it, at the time
        of their answer. See `request_detail` for the fields."""
        found = self.events(REQUESTS)
        answers = self._answers()
        grants: dict[date, list[datetime]] = {}
        for at, *_ in self._rows(GRANTS, False):
            moment = datetime.fromisoformat(at).astimezone(self.policy.zone)
            grants.setdefault(moment.date(), []).append(moment)
        rows = []
        asked: set[str] = set()
        for event in found.rows:
            key = event.detail.get("id")
            answer = answers.get(str(key)) if key is not None else None
            if key is not None:
                asked.add(str(key))
            moment = datetime.fromisoformat(event.at)
            granted = any(g >= moment for g in grants.get(moment.date(), ()))
            rows.append(
                Event(
                    event.at,
                    event.kind,
                    event.account,
                    request_detail(
                        event.detail, None if answer is None else answer[1], granted=granted
                    ),
                )
            )
        more = found.more
        # Answered this week, asked in an earlier one: the answer is this week's news.
        for key, (at, fields, account) in answers.items():
            if key in asked or not self.instants[0] <= at < self.instants[1]:
                continue
            if len(rows) < MAX_ROWS:
                shown = self._event(at, "request", "{}")
                detail = request_detail({}, fields, granted=False)
                rows.append(Event(shown.at, "request", account, detail))
            else:
                more += 1
        rows.sort(key=lambda e: e.at)
        return Events(tuple(rows), more)

    def grants(self) -> Events:
        """Bonus time given; a grant that answered a request names the request's account, so a
        child sharing the profile sees only the grants of their own requests."""
        found = self.events(GRANTS)
        asked = {
            str(key): str(account)
            for key, account in self.db.execute(
                "SELECT json_extract(data, '$.id'), json_extract(data, '$.account') FROM events "
                "WHERE kind = 'request' AND profile = ? AND at >= ? AND at < ? "
                "AND json_extract(data, '$.id') IS NOT NULL",
                (
                    self.profile.id,
                    _instants(self.policy, self.first - timedelta(days=DAYS))[0],
                    self.instants[1],
                ),
            )
        }
        rows = tuple(
            msgspec.structs.replace(g, account=asked.get(str(_grant_request(g))))
            if g.account is None and _grant_request(g) is not None
            else g
            for g in found.rows
        )
        return Events(rows, found.more)

    def _answers(self) -> dict[str, tuple[str, dict[str, _Scalar], str | None]]:
        """The latest answer to each request answered since the week began, by request id:
        (when, its fields, the account)."""
        marks = ",".join("?" * len(ANSWERS))
        latest: dict[str, tuple[str, dict[str, _Scalar], str | None]] = {}
        for at, data in self.db.execute(
            f"SELECT at, data FROM events WHERE kind IN ({marks}) AND profile = ? AND at >= ? "
            "ORDER BY at, id",
            (*ANSWERS, self.profile.id, self.instants[0]),
        ):
            event = self._event(at, "request_answer", data)
            key = event.detail.get("id")
            if key is not None:
                latest[str(key)] = (at, dict(event.detail), event.account)
        return latest

    def _event(self, at: str, kind: str, data: str) -> Event:
        try:
            fields = json.loads(data)
        except ValueError:
            fields = {"data": data}
        if not isinstance(fields, dict):
            fields = {"data": fields}
        account = fields.pop("account", None)
        return Event(
            at=datetime.fromisoformat(at).astimezone(self.policy.zone).isoformat(),
            kind=kind,
            account=None if account is None else str(account),
            detail={str(k): _scalar(v) for k, v in fields.items()},
        )

    # --- the week before -----------------------------------------------------------------------

    def previous(self) -> Comparison | None:
        """The week before, when the ledger's history reaches back to it."""
        first = self.first - timedelta(days=DAYS)
        last = self.first - timedelta(days=1)
        span = (first.isoformat(), last.isoformat())
        reaches = self.db.execute(
            "SELECT 1 FROM usage WHERE profile = ? AND day <= ? LIMIT 1", (self.profile.id, span[1])
        ).fetchone()
        if reaches is None:
            return None
        instants = _instants(self.policy, first)
        (seconds,) = self.db.execute(
            "SELECT COALESCE(SUM(seconds), 0) FROM usage WHERE profile = ? AND day BETWEEN ? AND ?",
            (self.profile.id, *span),
        ).fetchone()
        (blocked_apps,) = self.db.execute(
            "SELECT COUNT(*) FROM events WHERE kind = 'app_blocked' AND profile = ? "
            "AND at >= ? AND at < ?",
            (self.profile.id, *instants),
        ).fetchone()
        (blocked_sites,) = self.db.execute(
            "SELECT COALESCE(SUM(blocked), 0) FROM sites WHERE profile = ? AND day BETWEEN ? AND ?",
            (self.profile.id, *span),
        ).fetchone()
        (bonus,) = self.db.execute(
            "SELECT COALESCE(SUM(minutes), 0) * 60.0 FROM grants "
            "WHERE profile = ? AND day BETWEEN ? AND ?",
            (self.profile.id, *span),
        ).fetchone()
        return Comparison(
            week=week_name(first),
            seconds=float(seconds),
            blocked_apps=int(blocked_apps),
            blocked_sites=int(blocked_sites),
            bonus=float(bonus),
        )


REQUEST_FIELDS = (
    "id",
    "kind",
    "minutes",
    "target",
    "target_name",
    "note",
    "state",
    "answered_at",
    "by",
    "given_minutes",
    "rest_of_day",
    "outside_hours",
    "message",
)
"""The fields of a request row's `detail` in a summary, besides `answered`."""


def request_detail(
    request: Mapping[str, _Scalar],
    answer: Mapping[str, _Scalar] | None,
    *,
    granted: bool,
) -> dict[str, _Scalar]:
    """A request as a summary keeps it: the fields of REQUEST_FIELDS (None when unknown) from
    the `request` event's data and its latest `answer`'s, and `answered`.

    Requests logged before requests had ids or answers (only minutes and a note) count as
    answered, with state "approved", when bonus time was `granted` after them that day."""
    detail: dict[str, _Scalar] = {name: _request_field(request, name) for name in REQUEST_FIELDS}
    if answer is not None:
        detail.update(
            {
                name: _request_field(answer, name)
                for name in REQUEST_FIELDS
                if _request_field(answer, name) is not None
            }
        )
    if detail["kind"] is None:
        detail["kind"] = "time"
    if detail["state"] is None:
        detail["state"] = "approved" if granted and detail["id"] is None else "open"
    detail["answered"] = detail["state"] != "open"
    return detail


def _grant_request(grant: Event) -> _Scalar:
    """The id of the request a grant answered, if any."""
    return grant.detail.get("request_id", grant.detail.get("request"))


def _request_field(data: Mapping[str, _Scalar], name: str) -> _Scalar:
    """A field of a request event; the ledger names the kind of request `request_kind`."""
    if name == "kind":
        return data.get("request_kind", data.get("kind"))
    return data.get(name)


def _tables(db: sqlite3.Connection) -> frozenset[str]:
    return frozenset(
        str(name) for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
    )


def _instants(policy: Policy, start: date) -> tuple[str, str]:
    """The week's bounds as the ledger stores instants (ISO text in UTC), for comparing `at`."""
    zone = policy.zone
    begin = datetime.combine(start, time(), zone)
    end = datetime.combine(start + timedelta(days=DAYS), time(), zone)
    return begin.astimezone(UTC).isoformat(), end.astimezone(UTC).isoformat()


def _seconds(minutes: int | None) -> float | None:
    return None if minutes is None else minutes * 60.0


def _is_category(key: str) -> bool:
    return key.startswith(CATEGORY_PREFIX)


def _site_row(row: tuple[Any, ...]) -> SiteRow:
    site, allowed, blocked, rule = row
    return SiteRow(str(site), int(allowed), int(blocked), str(rule) if blocked else "")


def _field(data: str, name: str) -> _Scalar:
    """One field of an event's data as a plain value; None when it is missing or the data is
    not a JSON object."""
    try:
        fields = json.loads(data)
    except ValueError:
        return None
    return _scalar(fields.get(name)) if isinstance(fields, dict) else None


def _scalar(value: object) -> _Scalar:
    """An event field as a plain value: a list as its items joined, anything else as JSON."""
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, list) and all(isinstance(v, str | int | float) for v in value):
        return ", ".join(str(v) for v in value)
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str)
