"""Sentences for what the service reports: reason codes, problems, durations and status lines,
translated.

Strings are marked with `translate("Texts", ...)` literally so that pyside6-lupdate files them
under the "Texts" context that is looked up at run time.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta

from PySide6.QtCore import QCoreApplication, QLocale, QTime

from guardian.api import ApiError, AppTime, AuthRequired, Status, Throttled
from guardian.ipc.protocol import ServiceUnavailable
from guardian.problems import Problem, ProblemCode
from guardian.reports import texts as report_texts
from rules.app_terms import CATEGORY_PREFIX, Downtime

translate = QCoreApplication.translate
ERROR_STYLE = "color: #b3261e;"
"""How a sentence saying what went wrong is shown, in every window."""


def format_duration(seconds: float | None) -> str:
    """A duration as a person says it: "1 h 5 min", "2 h", "4 min", "35 s"; None is "no
    limit"."""
    if seconds is None:
        return translate("Texts", "no limit")
    total = max(0, int(seconds + 0.5))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours and not minutes:
        return translate("Texts", "%1 h").replace("%1", str(hours))
    if hours:
        return (
            translate("Texts", "%1 h %2 min").replace("%1", str(hours)).replace("%2", str(minutes))
        )
    if minutes:
        return translate("Texts", "%n min", None, minutes + (1 if secs >= 30 else 0))
    return translate("Texts", "%n s", None, secs)


def reason_text(code: str) -> str:
    """The sentence the child sees for a reason code from the rule engine."""
    texts = {
        "outside_hours": translate("Texts", "This is outside your allowed hours."),
        "no_hours_today": translate("Texts", "Computer use is not allowed today."),
        "daily_budget_spent": translate("Texts", "Your screen time for today is used up."),
        "weekly_budget_spent": translate("Texts", "Your screen time for this week is used up."),
        "grant_active": translate("Texts", "You have bonus time today."),
        "held": translate(
            "Texts", "Guardian needs a parent to check something; until then the computer waits."
        ),
    }
    return texts.get(code, code)


def action_text(code: str) -> str:
    """The name of an action taken when time is up."""
    texts = {
        "lock": translate("Texts", "Lock the screen"),
        "logout": translate("Texts", "Log out"),
        "shutdown": translate("Texts", "Shut down"),
        "suspend": translate("Texts", "Suspend"),
    }
    return texts.get(code, code)


def countdown_text(action: str, seconds: float) -> str:
    """What is about to happen and in how many seconds, e.g. "The screen will lock in 42 s"."""
    n = max(0, math.ceil(seconds))
    texts = {
        "lock": translate("Texts", "The screen will lock in %n s", None, n),
        "logout": translate("Texts", "You will be logged out in %n s", None, n),
        "shutdown": translate("Texts", "The computer will shut down in %n s", None, n),
        "suspend": translate("Texts", "The computer will go to sleep in %n s", None, n),
        Downtime.APPS.value: translate("Texts", "Apps will close in %n s", None, n),
    }
    return texts.get(action, translate("Texts", "Time is up in %n s", None, n))


def downtime_apps_notice() -> tuple[str, str]:
    """Title and body when downtime begins and closes apps but leaves the computer usable."""
    return (
        translate("Texts", "Downtime"),
        translate("Texts", "Apps are closing now. Always-allowed apps stay open."),
    )


def _is_12_hour(time_format: str) -> bool:
    """True when a Qt time format (outside its quoted literals) shows AM/PM."""
    return "ap" in "".join(time_format.split("'")[0::2]).lower()


def _hour_as_24(time_format: str) -> str:
    """The format with its hour written as a literal 24, for the end of a day."""
    parts = time_format.split("'")
    parts[0::2] = [re.sub(r"[hH]{1,2}", "'24'", part) for part in parts[0::2]]
    return "'".join(parts)


def clock_format() -> str:
    """The locale's short time format ("h:mm AP", "HH:mm"), for time editors too."""
    return QLocale().timeFormat(QLocale.FormatType.ShortFormat)


def clock_text(moment: str | int | time | datetime | QTime) -> str:
    """A time of day in the user's locale: "9:30 PM" where clocks have 12 hours, "21:30" where
    they have 24. Takes "HH:MM", minutes since midnight, a `time`, a `datetime` (its own wall
    time) or a QTime. The end of a day ("24:00", minute 1440) is "24:00" on a 24-hour clock and
    midnight ("12:00 AM") on a 12-hour one."""
    if isinstance(moment, QTime):
        qtime = moment
    elif isinstance(moment, datetime | time):
        qtime = QTime(moment.hour, moment.minute)
    elif isinstance(moment, int):
        if moment == 24 * 60:
            return _end_of_day()
        qtime = QTime(moment // 60 % 24, moment % 60)
    else:
        if moment.strip() == "24:00":
            return _end_of_day()
        qtime = QTime.fromString(moment.strip().zfill(5), "HH:mm")
        if not qtime.isValid():
            return moment
    return QLocale().toString(qtime, clock_format())


def _end_of_day() -> str:
    form = clock_format()
    if _is_12_hour(form):
        return QLocale().toString(QTime(0, 0), form)
    return QLocale().toString(QTime(0, 0), _hour_as_24(form))


def hour_text(hour: int) -> str:
    """An hour mark on a time axis: "21" on a 24-hour clock, "9 PM" on a 12-hour one."""
    form = clock_format()
    if not _is_12_hour(form):
        return str(hour)
    if hour == 24:
        hour = 0
    return QLocale().toString(QTime(hour, 0), re.sub(r"[:.]?m{1,2}", "", form)).strip()


def clock_span_text(start: str | int, end: str | int) -> str:
    """A span of the day in the locale's clock, "07:00–21:30" or "7:00 AM–9:30 PM"."""
    return (
        translate("Texts", "%1–%2").replace("%1", clock_text(start)).replace("%2", clock_text(end))
    )


def hours_text(spans: Iterable[tuple[str, str]]) -> str:
    """The allowed hours of today, e.g. "Allowed today: 07:00–12:00 and 15:00–21:30"."""
    parts = [clock_span_text(a, b) for a, b in spans]
    if not parts:
        return translate("Texts", "Not allowed today.")
    return translate("Texts", "Allowed today: %1").replace(
        "%1", QLocale().createSeparatedList(parts)
    )


def next_allowed_text(next_change: str | None, day: str) -> str:
    """When a blocked child may use the computer again, relative to the status `day`."""
    if next_change is None:
        return translate("Texts", "Ask a parent if you need the computer now.")
    when = datetime.fromisoformat(next_change)
    clock = clock_text(when)
    today = date.fromisoformat(day)
    if when.date() == today:
        return translate("Texts", "You can use the computer again at %1.").replace("%1", clock)
    if when.date() == today + timedelta(days=1):
        return translate("Texts", "You can use the computer again tomorrow at %1.").replace(
            "%1", clock
        )
    weekday = QLocale().standaloneDayName(when.isoweekday(), QLocale.FormatType.LongFormat)
    return (
        translate("Texts", "You can use the computer again on %1 at %2.")
        .replace("%1", weekday)
        .replace("%2", clock)
    )


def tooltip_text(status: Status) -> str:
    """One line for the tray icon's tooltip, e.g. "Guardian — 1 h 20 min left today"."""
    if not status.restricted:
        return translate("Texts", "Guardian — no time limits")
    if not status.allowed:
        return translate("Texts", "Guardian — time is up")
    if status.time_left_today is None:
        return translate("Texts", "Guardian — no limit today")
    return translate("Texts", "Guardian — %1 left today").replace(
        "%1", format_duration(status.time_left_today)
    )


def category_name(code: str) -> str:
    """The name of a category of apps (games, video, …): the weekly summaries' own words, in
    the windows' language."""
    return report_texts.category_name(code, translate)


def app_time_text(app: AppTime) -> str:
    """The time one app or category has left today, e.g. "Minecraft: 25 min left"."""
    name = category_name(app.name) if app.key.startswith(CATEGORY_PREFIX) else app.name
    if app.left <= 0:
        return translate("Texts", "%1: time is up for today").replace("%1", name)
    # The duration goes in first: an app's name may itself contain "%2".
    return (
        translate("Texts", "%1: %2 left")
        .replace("%2", format_duration(app.left))
        .replace("%1", name)
    )


def app_time_lines(status: Status) -> list[str]:
    """One line per limited app and per category with a budget, as the status lists them."""
    return [app_time_text(app) for app in status.apps]


def summary_lines(status: Status) -> list[str]:
    """What the child's day looks like, one sentence a line (the tray menu, the status window)."""
    if not status.restricted:
        return [translate("Texts", "No time limits for this account.")]
    lines = [
        translate("Texts", "Time left today: %1").replace(
            "%1", format_duration(status.time_left_today)
        )
    ]
    if status.time_left_week is not None:
        lines.append(
            translate("Texts", "Time left this week: %1").replace(
                "%1", format_duration(status.time_left_week)
            )
        )
    lines.append(hours_text(status.hours_today))
    return lines


def needs_parent_text() -> str:
    """The one line a child sees about problems: no detail, nothing to worry about."""
    return translate("Texts", "Guardian needs a parent's attention.")


def service_down_text() -> str:
    """The tray's line while the service cannot be reached."""
    return translate("Texts", "Guardian's service is not running")


def api_error_text(error: ApiError) -> str:
    """A refusal by the service in the reader's language; the service's own words only for
    arguments it rejected (they name the field, for the parent)."""
    if isinstance(error, ServiceUnavailable):
        return translate("Texts", "Guardian's service is not running or did not answer.")
    if isinstance(error, AuthRequired):
        return translate("Texts", "The parent session has ended. Enter the password again.")
    if isinstance(error, Throttled):
        return translate("Texts", "Too many wrong passwords. Try again later.")
    return str(error)


def problem_text(problem: Problem) -> tuple[str, str]:
    """What a problem means and how to fix it, as two sentences for the parent."""
    args = problem.args
    match problem.code:
        case ProblemCode.POLICY_NOT_APPLIED:
            text = translate(
                "Texts",
                "The policy file %1 could not be read or is not valid, so it was not applied. "
                "The last good settings stay in force.",
            )
            fix = translate(
                "Texts",
                "Correct the file (Details names the line and the field) or save the settings "
                "here again.",
            )
        case ProblemCode.MANAGED_POLICY_INVALID:
            where = args.get("file", "")
            if args.get("line"):
                where = translate("Texts", "%1, line %2").replace("%2", args["line"])
                where = where.replace("%1", args.get("file", ""))
            text = translate(
                "Texts",
                "The managed policy %1, set by whoever manages this computer, could not be read "
                "or is not valid, so it was not applied. Its last good version stays in force.",
            ).replace("%1", where)
            fix = translate(
                "Texts",
                "Ask whoever manages this computer (the school's IT) to correct it; Details says "
                "what is wrong and where.",
            )
        case ProblemCode.STATE_RECOVERED:
            text = translate(
                "Texts",
                "Guardian's records (%1) were damaged and were restored from a recent copy; "
                "a few minutes of today's use may be missing.",
            )
            fix = translate("Texts", "Nothing to do. If it happens again, check the disk.")
        case ProblemCode.STATE_LOST:
            text = translate(
                "Texts",
                "Guardian's records (%1) were damaged and could not be restored, so today's "
                "screen time counts as used up.",
            )
            fix = translate(
                "Texts",
                "If the child may use the computer today, give bonus time on the Bonus time page.",
            )
        case ProblemCode.STORAGE_FAILING:
            text, fix = _storage_text(args.get("reason", ""))
        case ProblemCode.ADMIN_CHILD:
            text = translate(
                "Texts",
                "The account %1 (profile %2) is an administrator of this computer, so the "
                "child can get around the limits.",
            )
            fix = translate("Texts", "Make %1 a standard account in the system's user settings.")
        case ProblemCode.ACCOUNT_ADDED if args.get("profile"):
            text = translate(
                "Texts", "A new account, %1, appeared on this computer; profile %2 restricts it."
            )
            fix = translate(
                "Texts", "Check on the Profiles page that this is the right profile for it."
            )
        case ProblemCode.ACCOUNT_ADDED:
            text = translate(
                "Texts", "A new account, %1, appeared on this computer; it is not restricted."
            )
            fix = translate("Texts", "If a child uses it, give it a profile on the Profiles page.")
        case ProblemCode.SECRETS_EDITED:
            text = translate(
                "Texts", "The file holding the parent password (%1) was changed outside Guardian."
            )
            fix = translate(
                "Texts", "If you did not change it, set a new parent password on the Security page."
            )
        case ProblemCode.ENFORCEMENT_FAILED:
            text = _enforcement_text(args.get("step", ""))
            fix = translate(
                "Texts",
                "Details has the system's message. If it keeps failing, choose another action "
                "on the Warnings and action page.",
            )
        case ProblemCode.APPS_UNSUPPORTED:
            text = translate("Texts", "This computer cannot enforce some of the app rules.")
            fix = translate("Texts", "Details names them; remove or change them on the Apps page.")
        case ProblemCode.SITE_FILTER_DOWN:
            text = translate(
                "Texts",
                "The site filter is not running, so web sites are not filtered and names may "
                "not resolve on this computer.",
            )
            fix = translate(
                "Texts",
                "Guardian is starting it again. If this stays, restart the computer; Details "
                "has the error.",
            )
        case ProblemCode.SITE_SYSTEM_DNS:
            text = translate(
                "Texts", "This computer's DNS settings could not be pointed at the site filter."
            )
            fix = translate(
                "Texts",
                "Until they are, sites are filtered only in browsers. Details has the system's "
                "message.",
            )
        case ProblemCode.SITE_ATTRIBUTION:
            text = translate(
                "Texts",
                "Sites cannot be filtered per account here, so they follow the profile of "
                "whoever is at the computer.",
            )
            fix = translate("Texts", "Nothing to do; Details has the system's message.")
        case ProblemCode.SITE_BROWSERS:
            text = translate("Texts", "Browser settings could not be written for some browsers.")
            fix = translate(
                "Texts", "Details names them. Sites are still filtered for every program."
            )
        case ProblemCode.SITE_LISTS_MISSING:
            text = translate("Texts", "Some blocked categories have no list on this computer: %1.")
            fix = translate(
                "Texts", "Import the category lists (UT1) on the Sites page, or untick them."
            )
        case ProblemCode.SITE_LISTS_FAILED:
            text = translate(
                "Texts",
                "The category lists could not be updated; the previous lists stay in force.",
            )
            fix = translate("Texts", "Details says why. Import the lists again on the Sites page.")
        case ProblemCode.REPORT_FOLDER:
            text = translate("Texts", "Weekly summaries cannot be written to the folder %1.")
            fix = _report_folder_fix(args.get("reason", ""))
        case ProblemCode.REPORT_FAILED:
            text = translate("Texts", "The weekly summary of %1 could not be made.")
            fix = translate(
                "Texts", "Guardian tries again from time to time; Details has the error."
            )
        case ProblemCode.REPORT_MAIL:
            waiting = int(args.get("waiting", "0") or 0)
            text = translate(
                "Texts",
                "Weekly summaries could not be sent through the mail server %1; %n message(s) "
                "wait and are sent when it works.",
                None,
                waiting,
            )
            fix = mail_reason_text(args.get("reason", ""))
        case ProblemCode.FEATURE_FAILED:
            text = translate(
                "Texts",
                "A part of Guardian (%1) keeps failing, so restricted accounts are held as if "
                "their time were up.",
            )
            fix = translate(
                "Texts", "Restart the computer. If it happens again, Details has the error."
            )
    first = {
        ProblemCode.POLICY_NOT_APPLIED: "file",
        ProblemCode.STATE_RECOVERED: "file",
        ProblemCode.STATE_LOST: "file",
        ProblemCode.STORAGE_FAILING: "folder",
        ProblemCode.ADMIN_CHILD: "account",
        ProblemCode.ACCOUNT_ADDED: "account",
        ProblemCode.SECRETS_EDITED: "file",
        ProblemCode.ENFORCEMENT_FAILED: "account",
        ProblemCode.FEATURE_FAILED: "feature",
        ProblemCode.REPORT_FOLDER: "folder",
        ProblemCode.REPORT_FAILED: "week",
        ProblemCode.REPORT_MAIL: "host",
        ProblemCode.SITE_LISTS_MISSING: "categories",
    }.get(problem.code, "")

    def fill(part: str) -> str:
        # The second argument goes in first: the first (a file name) may itself contain "%2".
        return part.replace("%2", args.get("profile", "")).replace("%1", args.get(first, ""))

    return fill(text), fill(fix)


def _report_folder_fix(reason: str) -> str:
    """What to do about a folder weekly summaries cannot be written to."""
    fixes = {
        "full": translate("Texts", "The disk is full: free some space on it."),
        "read_only": translate("Texts", "The disk is read-only: choose another folder."),
        "denied": translate(
            "Texts", "Guardian's service may not write there: allow it, or choose another folder."
        ),
        "not_folder": translate(
            "Texts", "That name is taken by a file: choose another folder on the Reports page."
        ),
        "missing": translate(
            "Texts", "The folder or its network share is not there: connect it or choose another."
        ),
    }
    return fixes.get(
        reason,
        translate("Texts", "Details has the system's message. Guardian tries again."),
    )


def mail_reason_text(reason: str) -> str:
    """What to do when mail was not sent, for a reason code of `report_mail`."""
    texts = {
        "connect": translate(
            "Texts", "The mail server did not answer: check its name and port, and the network."
        ),
        "tls": translate(
            "Texts",
            "A secure connection failed: check the security setting (STARTTLS or TLS) and the "
            "port.",
        ),
        "auth": translate(
            "Texts", "The mail server refused the login: check the user name and the password."
        ),
        "refused": translate("Texts", "The mail server refused the message: check the addresses."),
        "timeout": translate("Texts", "The mail server answered too slowly; Guardian tries again."),
        "no_password": translate(
            "Texts", "Enter the mail server's password in the e-mail settings."
        ),
    }
    return texts.get(reason, translate("Texts", "Details has the error. Guardian tries again."))


def _storage_text(reason: str) -> tuple[str, str]:
    """Why the records cannot be written, and what to do about it."""
    texts = {
        "full": (
            translate("Texts", "Guardian cannot save its records in %1: the disk is full."),
            translate("Texts", "Free some space on that disk."),
        ),
        "read_only": (
            translate("Texts", "Guardian cannot save its records in %1: the disk is read-only."),
            translate("Texts", "Make the disk writable again, or restart the computer."),
        ),
        "io_error": (
            translate("Texts", "Guardian cannot save its records in %1: the disk reports errors."),
            translate("Texts", "Check the disk; it may be failing."),
        ),
    }
    text, fix = texts.get(
        reason,
        (
            translate("Texts", "Guardian cannot save its records in %1."),
            translate("Texts", "Details has the system's message."),
        ),
    )
    counting = translate(
        "Texts", "Time is still counted, but a restart would lose today's records."
    )
    return f"{text} {counting}", fix


def _enforcement_text(step: str) -> str:
    """What Guardian failed to do to a session (%1 is the account)."""
    texts = {
        "lock": translate("Texts", "Guardian could not lock the screen of %1 when time was up."),
        "logout": translate("Texts", "Guardian could not log %1 out when time was up."),
        "shutdown": translate(
            "Texts", "Guardian could not shut the computer down for %1 when time was up."
        ),
        "suspend": translate(
            "Texts", "Guardian could not put the computer to sleep for %1 when time was up."
        ),
    }
    return texts.get(
        step, translate("Texts", "Guardian could not act on the session of %1 when time was up.")
    )


# --- the true reason: titles of the time-up screen and what ends a session ---------------------

BLOCK_TITLE_ORDER = (
    "held",
    "no_hours_today",
    "weekly_budget_spent",
    "daily_budget_spent",
    "outside_hours",
)
"""Which reason names the time-up screen when several hold: the one that keeps the computer
closed longest (a spent week outlasts a spent day, which outlasts the end of the hours)."""


def blocked_title(reasons: Iterable[str]) -> str:
    """The time-up screen's title for the reason codes: the true one, never a generic "time is
    up" when the hours are over."""
    present = set(reasons)
    titles = {
        "held": translate("Texts", "Guardian needs a parent"),
        "no_hours_today": translate("Texts", "No computer time today"),
        "weekly_budget_spent": translate("Texts", "This week's time is used up"),
        "daily_budget_spent": translate("Texts", "Today's time is used up"),
        "outside_hours": translate("Texts", "It is outside your allowed hours"),
    }
    for code in BLOCK_TITLE_ORDER:
        if code in present:
            return titles[code]
    return translate("Texts", "Time is up")


SESSION_ENDS_HOURS = "hours"
"""The session ends because the allowed hours end (bedtime, school time)."""
SESSION_ENDS_DAY = "day"
"""The session ends because the day's screen time runs out."""
SESSION_ENDS_WEEK = "week"
"""The session ends because the week's screen time runs out."""


def _minute_of(hhmm: str) -> int | None:
    """Minutes after midnight of "HH:MM" ("24:00" is 1440); None when it is not a time."""
    hours, _, minutes = hhmm.partition(":")
    if not (hours.isdigit() and minutes.isdigit()):
        return None
    value = int(hours) * 60 + int(minutes)
    return value if 0 <= value <= 1440 else None


def span_end_seconds(spans: Iterable[tuple[str, str]], now: datetime) -> float | None:
    """Seconds from `now` to the end of the allowed span it falls in; None outside all spans.
    Back-to-back spans ("07:00–12:00", "12:00–21:00") count as one."""
    at = now.hour * 60 + now.minute + now.second / 60
    bounds = sorted(
        (start, end)
        for start, end in ((_minute_of(a), _minute_of(b)) for a, b in spans)
        if start is not None and end is not None and start < end
    )
    end_of_span: float | None = None
    for start, end in bounds:
        if end_of_span is None:
            if start <= at < end:
                end_of_span = end
        elif start <= end_of_span:
            end_of_span = max(end_of_span, end)
    return None if end_of_span is None else (end_of_span - at) * 60


def session_end_cause(status: Status, now: datetime) -> str | None:
    """What ends the child's session first: the allowed hours (SESSION_ENDS_HOURS), the day's
    time (SESSION_ENDS_DAY) or the week's (SESSION_ENDS_WEEK); None when nothing limits it.
    A budget that runs out within a minute of the hours' end is the hours' doing."""
    candidates: list[tuple[float, int, str]] = []
    to_span_end = span_end_seconds(status.hours_today, now)
    if to_span_end is not None:
        candidates.append((to_span_end - 60, 0, SESSION_ENDS_HOURS))
    if status.time_left_today is not None:
        candidates.append((status.time_left_today, 1, SESSION_ENDS_DAY))
    if status.time_left_week is not None:
        candidates.append((status.time_left_week, 2, SESSION_ENDS_WEEK))
    if not candidates:
        return None
    return min(candidates)[2]


def session_end_text(cause: str | None) -> str:
    """Why the session is about to end, under the countdown's seconds; "" when unknown."""
    texts = {
        SESSION_ENDS_HOURS: translate("Texts", "Your allowed hours for today are ending."),
        SESSION_ENDS_DAY: translate("Texts", "Your screen time for today is running out."),
        SESSION_ENDS_WEEK: translate("Texts", "Your screen time for this week is running out."),
    }
    return texts.get(cause or "", "")


def status_now(status: Status) -> datetime:
    """The time now in the policy's zone, as far as the status tells it (the offset of its
    next change), else in this computer's zone."""
    if status.next_change:
        try:
            return datetime.now(datetime.fromisoformat(status.next_change).tzinfo)
        except ValueError:
            pass
    return datetime.now().astimezone()
