"""The words of a weekly summary in the parent's language: durations, dates, and what each
logged event means, as plain sentences.

Translations are Guardian's own Qt Linguist files (`ui/translations/guardian_<lang>.qm`,
context "Report"), read with a `QTranslator` directly, so a summary can be written by a
process that has no `QCoreApplication` (the writer) and in a language other than the UI's
(a parent's Activity page exports in the policy's language). `speaking(language)` picks the
language for the current thread or task; strings are marked `translate("Report", ...)`
literally for pyside6-lupdate.
"""

from __future__ import annotations

import contextlib
import functools
import importlib.util
import logging
import math
from collections.abc import Callable, Iterator, Mapping
from contextvars import ContextVar
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, QLocale, QTime, QTranslator

from guardian.placeholders import fill

if TYPE_CHECKING:
    from guardian.reports.model import Event

log = logging.getLogger(__name__)

LANGUAGES = ("en", "ru")
"""Languages a summary can be written in; the first is the source strings' own."""

_language: ContextVar[str] = ContextVar("report_language", default="en")


def translations_dir() -> Path | None:
    """Where Guardian's .qm files are: `translations` beside the `ui` package, found without
    importing it (the service layer never loads UI code); None when it is not installed."""
    spec = importlib.util.find_spec("ui")
    if spec is None or not spec.submodule_search_locations:
        return None
    for location in spec.submodule_search_locations:
        folder = Path(location) / "translations"
        if folder.is_dir():
            return folder
    return None


@functools.cache
def _translator(language: str) -> QTranslator | None:
    """The loaded translator of `language`, or None when its file is missing (English then)."""
    folder = translations_dir()
    translator = QTranslator()
    if folder is None or not translator.load(f"guardian_{language}", str(folder)):
        if language != LANGUAGES[0]:
            log.warning(
                "no translation guardian_%s in %s: summaries stay in English", language, folder
            )
        return None
    return translator


@contextlib.contextmanager
def speaking(language: str) -> Iterator[None]:
    """Words inside the block are in `language` ("en" or "ru")."""
    if language not in LANGUAGES:
        raise ValueError(f"{language!r} is not a summary language; use one of {LANGUAGES}")
    token = _language.set(language)
    try:
        yield
    finally:
        _language.reset(token)


def language() -> str:
    """The language words are in now."""
    return _language.get()


def translate(context: str, source: str, disambiguation: str | None = None, n: int = -1) -> str:
    """`source` in the current language (itself when there is no translation); "%n" becomes
    `n` as Qt's own translate does."""
    translator = _translator(_language.get())
    text = translator.translate(context, source, disambiguation, n) if translator else ""
    text = text or source
    return text.replace("%n", str(n)) if n >= 0 else text


def _locale() -> QLocale:
    if _language.get() == "ru":
        return QLocale(QLocale.Language.Russian, QLocale.Country.Russia)
    return QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)


# --- numbers, durations, dates -------------------------------------------------------------


def number(value: float, decimals: int = 0) -> str:
    """A count or amount with the language's digit grouping: 1,234 or 1 234."""
    if decimals == 0:
        return _locale().toString(round(value))
    return _locale().toString(float(value), "f", decimals)


def duration(seconds: float | None) -> str:
    """A duration as a person says it: "1 h 20 min", "45 min", "30 s"; None is "no limit"."""
    if seconds is None:
        return translate("Report", "no limit")
    total = max(0, round(seconds))
    if 0 < total < 60:
        return fill(translate("Report", "%1 s"), str(total))
    minutes_total = round(total / 60)
    hours, minutes = divmod(minutes_total, 60)
    if hours and minutes:
        return fill(translate("Report", "%1 h %2 min"), number(hours), str(minutes))
    if hours:
        return fill(translate("Report", "%1 h"), number(hours))
    return fill(translate("Report", "%1 min"), str(minutes))


def change(seconds: float) -> str:
    """A signed difference of durations: "+1 h 5 min", "−20 min", "no change"."""
    if round(seconds / 60) == 0:
        return translate("Report", "no change")
    return ("+" if seconds > 0 else "−") + duration(abs(seconds))


def count_change(now: int, before: int) -> str:
    """A signed difference of counts: "+3", "−12", "no change"."""
    if now == before:
        return translate("Report", "no change")
    return ("+" if now > before else "−") + number(abs(now - before))


def percent(part: float, whole: float) -> str:
    """`part` as a whole percentage of `whole`: "85 %"."""
    if whole <= 0:
        return ""
    return fill(translate("Report", "%1 %"), number(math.floor(100 * part / whole + 0.5)))


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def long_date(day: date) -> str:
    """ "23 November 2026", "23 ноября 2026"."""
    return _locale().toString(_qdate(day), "d MMMM yyyy")


def day_label(day: date) -> str:
    """A day in a table: "Mon 23 Nov", "пн 23 нояб."."""
    return _locale().toString(_qdate(day), "ddd d MMM")


def weekday_short(day: date) -> str:
    """A day's short weekday name for a chart: "Mon", "пн"."""
    return _locale().toString(_qdate(day), "ddd")


def date_range(first: date, last: date) -> str:
    """A week as "23–29 November 2026" (or across months and years, each part whole)."""
    if first.year != last.year:
        return f"{long_date(first)} – {long_date(last)}"
    if first.month != last.month:
        return f"{_locale().toString(_qdate(first), 'd MMMM')} – {long_date(last)}"
    return f"{first.day}–{long_date(last)}"


def instant(text: str) -> str:
    """An ISO 8601 instant as it was on the clock where it happened: "Mon 23 Nov, 14:05"."""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return text
    clock = _locale().toString(QTime(moment.hour, moment.minute), QLocale.FormatType.ShortFormat)
    return f"{day_label(moment.date())}, {clock}"


def hour_label(hour: int) -> str:
    """An hour of the day on the heat map's axis: "0", "6", "12", "18"."""
    return str(hour)


# --- categories, rules, reasons ----------------------------------------------------------


Translate = Callable[[str, str], str]
"""A `translate(context, source)`: this module's own, or QCoreApplication.translate."""


def category_name(code: str | None, translate: Translate = translate) -> str:
    """An app category's name; an unknown one keeps its own; None is "no category".

    Guardian's windows name categories with these words too, passing
    `QCoreApplication.translate`: the same translation files hold this context, so a category
    is called the same in a window (in the UI's language) and in a summary (in its own)."""
    if code is None:
        return translate("Report", "No category")
    texts = {
        "games": translate("Report", "Games"),
        "browsers": translate("Report", "Browsers"),
        "social": translate("Report", "Social and messengers"),
        "video": translate("Report", "Video"),
        "education": translate("Report", "Education"),
        "creativity": translate("Report", "Creativity"),
        "system": translate("Report", "System"),
    }
    return texts.get(code, code)


def app_block_reason(reason: object) -> str:
    """Why Guardian closed an app, finishing "closed: …"."""
    texts = {
        "blocked": translate("Report", "on the blocked list"),
        "not_allowed": translate("Report", "not on the allowed list"),
        "unmanaged_browser": translate("Report", "a browser Guardian cannot filter"),
        "app_time_spent": translate("Report", "the app's time for the day was used up"),
        "category_time_spent": translate(
            "Report", "the day's time for apps of this kind was used up"
        ),
        "downtime": translate("Report", "downtime"),
    }
    return texts.get(str(reason), str(reason))


def site_rule(rule: str) -> str:
    """Why a site was blocked, for the parent: "category gambling", "on your blocked list"…"""
    if not rule:
        return ""
    kind, _, value = rule.partition(":")
    texts = {
        "category": translate("Report", "category %1"),
        "schedule-category": translate("Report", "category %1 outside its hours"),
        "block": translate("Report", "on your blocked list"),
        "schedule": translate("Report", "outside its allowed hours"),
        "allowlist": translate("Report", "not on the allowed list"),
        "canary": translate("Report", "Firefox's check before its own encrypted DNS"),
    }
    text = texts.get(kind)
    return rule if text is None else fill(text, value)


# --- events --------------------------------------------------------------------------------


def _minutes(value: object) -> str:
    return duration(float(value) * 60) if isinstance(value, int | float) else ""


def _tamper_text(detail: Mapping[str, object]) -> str:
    what = str(detail.get("what", ""))
    account = str(detail.get("account") or "")
    seconds = detail.get("seconds")
    if what in {"clock_jump", "clock_changed_while_stopped"} and isinstance(seconds, int | float):
        ahead = seconds > 0
        if what == "clock_jump":
            text = (
                translate("Report", "The computer's clock was moved forward by %1")
                if ahead
                else translate("Report", "The computer's clock was moved back by %1")
            )
        else:
            text = (
                translate("Report", "The clock was moved forward by %1 while Guardian was off")
                if ahead
                else translate("Report", "The clock was moved back by %1 while Guardian was off")
            )
        return fill(text, duration(abs(seconds)))
    texts = {
        "clock_jump": translate("Report", "The computer's clock was changed"),
        "clock_changed_while_stopped": translate(
            "Report", "The clock was changed while Guardian was off"
        ),
        "secrets_edited": translate(
            "Report", "Guardian's secrets file was changed by another program: %1"
        ),
        "admin_child": translate("Report", "The child's account %2 is an administrator"),
        "tray_stopped": translate("Report", "Guardian's tray was stopped in the account %2"),
    }
    known = texts.get(what)
    if known is None:
        return fill(translate("Report", "Tampering: %1"), what or "?")
    return fill(known, str(detail.get("file") or ""), account)


def target_name(detail: Mapping[str, object]) -> str:
    """The app or site a request is about, as shown: its name, else the host or app id."""
    name = detail.get("target_name")
    if name:
        return str(name)
    target = str(detail.get("target") or "")
    return target.split(":", 1)[1] if ":" in target else target or "?"


def request_text(detail: Mapping[str, object]) -> str:
    """What a child asked for, with their message: "Request for 30 min more: “homework”"."""
    kind = detail.get("kind") or "time"
    target = str(detail.get("target") or "")
    if kind == "report":
        text = fill(translate("Report", "Site reported by the child: %1"), target_name(detail))
    elif kind == "access" and target.startswith("app:"):
        text = fill(translate("Report", "Request to use %1"), target_name(detail))
    elif kind == "access":
        text = fill(translate("Report", "Request to open the site %1"), target_name(detail))
    elif isinstance(detail.get("minutes"), int | float):
        text = fill(translate("Report", "Request for %1 more"), _minutes(detail.get("minutes")))
    else:
        text = translate("Report", "Request for more time")
    note = str(detail.get("note") or "").strip()
    return fill(translate("Report", "%1: “%2”"), text, note) if note else text


def answer_text(detail: Mapping[str, object]) -> str:
    """The answer to a request: what it gave, how it was given, and the parent's message."""
    state = detail.get("state") or "open"
    if state == "approved":
        if detail.get("kind") not in (None, "time"):
            text = translate("Report", "Allowed")
        elif detail.get("rest_of_day"):
            text = translate("Report", "Approved: no limit for the rest of the day")
        elif isinstance(detail.get("given_minutes"), int | float):
            text = fill(translate("Report", "Approved: %1"), _minutes(detail.get("given_minutes")))
        else:
            text = translate("Report", "Approved")
        if detail.get("outside_hours"):
            text = fill(translate("Report", "%1, also outside the allowed hours"), text)
    else:
        texts = {
            "open": translate("Report", "Not answered"),
            "declined": translate("Report", "Declined"),
            "blocked": translate("Report", "Site blocked for this profile"),
            "seen": translate("Report", "Seen by a parent"),
            "cancelled": translate("Report", "Taken back by the child"),
            "expired": translate("Report", "Not answered that day"),
        }
        text = texts.get(str(state), str(state))
    by = {
        "parent": translate("Report", "%1 (with the parent password)"),
        "code": translate("Report", "%1 (with a code from the parent's phone)"),
    }.get(str(detail.get("by") or ""))
    if by is not None and state not in ("open", "cancelled", "expired"):
        text = fill(by, text)
    message = str(detail.get("message") or "").strip()
    return fill(translate("Report", "%1: “%2”"), text, message) if message else text


def grant_text(detail: Mapping[str, object]) -> str:
    """Bonus time given, and whether it also opened the allowed hours."""
    minutes = detail.get("minutes")
    outside = bool(detail.get("outside_hours"))
    if isinstance(minutes, int | float):
        template = (
            translate("Report", "%1 of bonus time given, also outside the allowed hours")
            if outside
            else translate("Report", "%1 of bonus time given")
        )
        return fill(template, _minutes(minutes))
    if outside:
        return translate(
            "Report", "No limit for the rest of the day, also outside the allowed hours"
        )
    return translate("Report", "No limit for the rest of the day")


def event_text(event: Event) -> str:
    """What a logged event means, as a sentence for the parent."""
    d = event.detail
    kind = event.kind
    if kind == "app_blocked":
        name = str(d.get("name") or d.get("app") or d.get("exe") or "?")
        return fill(translate("Report", "%1 closed: %2"), name, app_block_reason(d.get("reason")))
    if kind == "site_blocked":
        name = str(d.get("name") or "?")
        reason = site_rule(str(d.get("rule") or ""))
        if not reason:
            return fill(translate("Report", "%1 blocked"), name)
        return fill(translate("Report", "%1 blocked: %2"), name, reason)
    if kind == "request":
        asked = request_text(d)
        if d.get("state") in (None, "open"):
            return asked
        return fill(translate("Report", "%1 → %2"), asked, answer_text(d))
    if kind in {"grant", "answered"}:
        return grant_text(d)
    if kind == "tamper":
        return _tamper_text(d)
    if kind == "login_failed":
        failures = d.get("failures")
        text = fill(
            translate("Report", "A wrong parent password was tried from the account %1"),
            str(d.get("account") or event.account or "?"),
        )
        if isinstance(failures, int) and failures > 1:
            text = fill(
                translate("Report", "%1 (failed attempts in a row: %2)"), text, number(failures)
            )
        return text
    if kind == "account_added":
        profile = d.get("restricted_by")
        account = str(d.get("account") or event.account or "?")
        if profile:
            return fill(
                translate("Report", "A new account %1 appeared, restricted by profile %2"),
                account,
                str(profile),
            )
        return fill(translate("Report", "A new account %1 appeared, not restricted"), account)
    if kind == "policy_changed":
        return translate("Report", "A parent changed the settings")
    if kind == "policy_file_changed":
        if d.get("applied"):
            return translate("Report", "The settings file was edited by hand and applied")
        return fill(
            translate("Report", "The settings file was edited by hand and refused: %1"),
            str(d.get("problem") or ""),
        )
    if kind == "password_changed":
        return translate("Report", "The parent password was changed")
    pairs = ", ".join(f"{k}={v}" for k, v in sorted(d.items()))
    return f"{kind}: {pairs}" if pairs else kind
