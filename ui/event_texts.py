"""Words for the service's event log: each kind's name, a sentence for each event, and the
groups the parent filters by.

The service logs events as a kind and plain fields (see `GuardianService.ledger.record`); the
parent reads them here, in their language. A kind without a sentence is shown with its fields
as they are, so nothing logged is ever hidden.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from PySide6.QtCore import QCoreApplication, QDate, QDateTime, QLocale, QTime

from guardian.placeholders import fill
from ui.texts import category_name, format_duration

translate = QCoreApplication.translate

CATEGORY_PREFIX = "category:"


@dataclass(frozen=True, slots=True)
class KindGroup:
    """Kinds of events the parent looks at together, e.g. every kind of block."""

    key: str
    kinds: tuple[str, ...]

    @property
    def label(self) -> str:
        """The group's name in the reader's language."""
        return group_label(self.key)


GROUPS = (
    KindGroup(
        "blocks",
        ("blocked", "enforced", "app_blocked", "site_blocked", "warning", "app_warning"),
    ),
    KindGroup("requests", ("request", "request_answer", "grant")),
    KindGroup("tamper", ("tamper", "login_failed", "account_added")),
    KindGroup(
        "policy",
        (
            "policy_changed",
            "policy_file_changed",
            "password_changed",
            "report_mail_password",
            "codes_changed",
        ),
    ),
    KindGroup(
        "problems",
        (
            "policy_error",
            "enforcement_failed",
            "feature_failed",
            "state_recovered",
            "state_lost",
            "report_failed",
            "report_mail_failed",
        ),
    ),
    KindGroup("other", ("report_written", "report_mailed")),
)
"""Every kind the service logs, each in one group."""

KNOWN_KINDS = frozenset(kind for group in GROUPS for kind in group.kinds)


def group_label(key: str) -> str:
    """The name of a group of kinds."""
    labels = {
        "blocks": translate("EventTexts", "Blocks and warnings"),
        "requests": translate("EventTexts", "Requests and bonus time"),
        "tamper": translate("EventTexts", "Tampering"),
        "policy": translate("EventTexts", "Settings changes"),
        "problems": translate("EventTexts", "Problems"),
        "other": translate("EventTexts", "Weekly summaries"),
    }
    return labels.get(key, key)


def kind_name(kind: str) -> str:
    """A kind of event as a short name, e.g. "App closed"."""
    names = {
        "blocked": translate("EventTexts", "Time up"),
        "enforced": translate("EventTexts", "Session action"),
        "app_blocked": translate("EventTexts", "App closed"),
        "site_blocked": translate("EventTexts", "Site blocked"),
        "warning": translate("EventTexts", "Warning"),
        "app_warning": translate("EventTexts", "App warning"),
        "request": translate("EventTexts", "Request"),
        "request_answer": translate("EventTexts", "Answer"),
        "grant": translate("EventTexts", "Bonus time"),
        "tamper": translate("EventTexts", "Tampering"),
        "login_failed": translate("EventTexts", "Wrong password"),
        "account_added": translate("EventTexts", "New account"),
        "policy_changed": translate("EventTexts", "Settings changed"),
        "policy_file_changed": translate("EventTexts", "Policy file edited"),
        "password_changed": translate("EventTexts", "Password changed"),
        "codes_changed": translate("EventTexts", "Phone approval"),
        "policy_error": translate("EventTexts", "Policy file error"),
        "enforcement_failed": translate("EventTexts", "Action failed"),
        "feature_failed": translate("EventTexts", "Part failing"),
        "state_recovered": translate("EventTexts", "Records restored"),
        "state_lost": translate("EventTexts", "Records lost"),
        "report_written": translate("EventTexts", "Summary written"),
        "report_mailed": translate("EventTexts", "Summary mailed"),
        "report_mail_failed": translate("EventTexts", "Summary not mailed"),
        "report_failed": translate("EventTexts", "Summary not written"),
        "report_mail_password": translate("EventTexts", "Mail password"),
    }
    return names.get(kind, kind)


def _text(data: Mapping[str, Any], key: str) -> str:
    value = data.get(key)
    return "" if value is None else str(value)


def _number(data: Mapping[str, Any], key: str) -> float:
    value = data.get(key)
    if isinstance(value, bool) or not isinstance(value, int | float):
        return 0.0
    return float(value)


def block_reason(code: str) -> str:
    """Why the computer was blocked, for the parent (the rule engine's reason codes)."""
    texts = {
        "outside_hours": translate("EventTexts", "outside the allowed hours"),
        "no_hours_today": translate("EventTexts", "no computer use allowed that day"),
        "daily_budget_spent": translate("EventTexts", "the daily limit was used up"),
        "weekly_budget_spent": translate("EventTexts", "the weekly limit was used up"),
        "grant_active": translate("EventTexts", "bonus time was running"),
        "held": translate("EventTexts", "a part of Guardian was failing"),
    }
    return texts.get(code, code)


def app_reason(code: str) -> str:
    """Why an app was closed (the app guard's reason codes)."""
    texts = {
        "blocked": translate("EventTexts", "it is blocked"),
        "not_allowed": translate("EventTexts", "only allowed apps may run"),
        "unmanaged_browser": translate("EventTexts", "this browser gets around the site filter"),
        "app_time_spent": translate("EventTexts", "the daily limit was used up"),
        "category_time_spent": translate(
            "EventTexts", "the daily time for its kind of app was used up"
        ),
        "downtime": translate("EventTexts", "it was downtime"),
    }
    return texts.get(code, code)


def step_text(step: str) -> str:
    """An action on a session, as done (%1 is the account)."""
    texts = {
        "lock": translate("EventTexts", "Locked the screen of %1"),
        "logout": translate("EventTexts", "Logged %1 out"),
        "shutdown": translate("EventTexts", "Shut the computer down (%1)"),
        "suspend": translate("EventTexts", "Put the computer to sleep (%1)"),
        "end_processes": translate("EventTexts", "Closed the programs of %1"),
    }
    return texts.get(step, translate("EventTexts", "Acted on the session of %1"))


def step_failed_text(step: str) -> str:
    """An action on a session that failed (%1 is the system's message)."""
    texts = {
        "lock": translate("EventTexts", "Could not lock the screen: %1"),
        "logout": translate("EventTexts", "Could not log the child out: %1"),
        "shutdown": translate("EventTexts", "Could not shut the computer down: %1"),
        "suspend": translate("EventTexts", "Could not put the computer to sleep: %1"),
        "end_processes": translate("EventTexts", "Could not close the child's programs: %1"),
    }
    return texts.get(step, translate("EventTexts", "Could not act on the session: %1"))


def clock_text(seconds: float, stopped: bool) -> str:
    """A clock change, e.g. "Clock moved back 2 h"."""
    amount = format_duration(abs(seconds))
    if stopped:
        text = (
            translate("EventTexts", "Clock moved back %1 while Guardian was not running")
            if seconds < 0
            else translate("EventTexts", "Clock moved forward %1 while Guardian was not running")
        )
    else:
        text = (
            translate("EventTexts", "Clock moved back %1")
            if seconds < 0
            else translate("EventTexts", "Clock moved forward %1")
        )
    return text.replace("%1", amount)


def tamper_text(data: Mapping[str, Any]) -> str:
    """A tamper event by what was tampered with."""
    what = _text(data, "what")
    if what in ("clock_jump", "clock_changed_while_stopped"):
        return clock_text(_number(data, "seconds"), what == "clock_changed_while_stopped")
    texts = {
        "secrets_edited": (
            translate("EventTexts", "The parent password file %1 was changed outside Guardian"),
            "file",
        ),
        "admin_child": (
            translate("EventTexts", "The child's account %1 is an administrator"),
            "account",
        ),
        "tray_stopped": (
            translate("EventTexts", "Guardian's tray was stopped in the session of %1"),
            "account",
        ),
    }
    if what in texts:
        text, field = texts[what]
        return text.replace("%1", _text(data, field))
    return generic_text(data)


def app_label(key: str) -> str:
    """An app id or "category:<name>" as the parent reads it."""
    if key.startswith(CATEGORY_PREFIX):
        return category_name(key.removeprefix(CATEGORY_PREFIX))
    return key


def moment_text(at: str) -> str:
    """An ISO instant as the reader's date and time, in the zone it was written in (the
    policy's)."""
    try:
        moment = datetime.fromisoformat(at)
    except ValueError:
        return at
    qdate = QDate(moment.year, moment.month, moment.day)
    qtime = QTime(moment.hour, moment.minute)
    return QLocale().toString(QDateTime(qdate, qtime), QLocale.FormatType.ShortFormat)


def generic_text(data: Mapping[str, Any]) -> str:
    """An event's fields as they are, "name: value" each, for kinds without a sentence."""
    return "; ".join(f"{key}: {value}" for key, value in sorted(data.items()))


def event_text(kind: str, data: Mapping[str, Any], profiles: Mapping[str, str]) -> str:
    """One sentence saying what happened; `profiles` names profiles by id."""
    match kind:
        case "blocked":
            reasons = [block_reason(str(r)) for r in data.get("reasons") or ()]
            if not reasons:
                return translate("EventTexts", "The computer was blocked")
            return translate("EventTexts", "The computer was blocked: %1").replace(
                "%1", QLocale().createSeparatedList(reasons)
            )
        case "enforced":
            return step_text(_text(data, "step")).replace("%1", _text(data, "account"))
        case "enforcement_failed":
            return step_failed_text(_text(data, "step")).replace("%1", _text(data, "error"))
        case "warning":
            left = format_duration(_number(data, "minutes") * 60)
            return translate("EventTexts", "Warned: %1 left").replace("%1", left)
        case "app_warning":
            left = format_duration(_number(data, "minutes") * 60)
            return fill(
                translate("EventTexts", "Warned: %1 has %2 left"),
                app_label(_text(data, "app")),
                left,
            )
        case "app_blocked":
            name = _text(data, "name") or _text(data, "app") or _text(data, "exe")
            return fill(
                translate("EventTexts", "Ended %1: %2"), name, app_reason(_text(data, "reason"))
            )
        case "site_blocked":
            from ui.site_texts import rule_text

            return fill(
                translate("EventTexts", "%1 — %2"),
                _text(data, "name"),
                rule_text(_text(data, "rule")),
            )
        case "request":
            return request_text(data)
        case "request_answer" | "request_answered":
            return fill(
                translate("EventTexts", "Request %1 from %2: %3"),
                _text(data, "id"),
                _text(data, "account"),
                answer_text(data),
            )
        case "grant":
            outside = bool(data.get("outside_hours"))
            if data.get("minutes") is None:
                if outside:
                    return translate(
                        "EventTexts", "Gave the rest of the day, also outside the allowed hours"
                    )
                return translate("EventTexts", "Gave the rest of the day")
            given = format_duration(_number(data, "minutes") * 60)
            if outside:
                return translate(
                    "EventTexts", "Gave %1 more, also outside the allowed hours"
                ).replace("%1", given)
            return translate("EventTexts", "Gave %1 more").replace("%1", given)
        case "tamper":
            return tamper_text(data)
        case "login_failed":
            return login_failed_text(data)
        case "account_added":
            restricted_by = _text(data, "restricted_by")
            if restricted_by:
                return fill(
                    translate("EventTexts", "New account %1 appeared; profile %2 restricts it"),
                    _text(data, "account"),
                    profiles.get(restricted_by, restricted_by),
                )
            return translate("EventTexts", "New account %1 appeared; it is not restricted").replace(
                "%1", _text(data, "account")
            )
        case "policy_changed":
            return translate("EventTexts", "The settings were changed")
        case "policy_file_changed":
            if data.get("applied"):
                return translate("EventTexts", "The policy file was edited and applied")
            return translate(
                "EventTexts", "The policy file was edited but not applied: %1"
            ).replace("%1", _text(data, "problem"))
        case "password_changed":
            return translate("EventTexts", "The parent password was changed")
        case "codes_changed":
            if data.get("enrolled"):
                return translate(
                    "EventTexts", "Approval by code from the parent's phone was set up"
                )
            return translate(
                "EventTexts", "Approval by code from the parent's phone was turned off"
            )
        case "policy_error":
            return translate("EventTexts", "The policy file could not be applied: %1").replace(
                "%1", _text(data, "message")
            )
        case "feature_failed":
            return fill(
                translate("EventTexts", "A part of Guardian (%1) kept failing: %2"),
                _text(data, "feature"),
                _text(data, "error"),
            )
        case "state_recovered":
            return translate(
                "EventTexts", "Guardian's records were damaged and restored from a recent copy"
            )
        case "state_lost":
            return translate(
                "EventTexts",
                "Guardian's records were damaged and lost; that day counted as used up",
            )
        case "report_written":
            return fill(
                translate("EventTexts", "The weekly summary %1 was written to %2"),
                _text(data, "week"),
                _text(data, "folder"),
            )
        case "report_failed":
            weeks = data.get("weeks")
            named = ", ".join(str(w) for w in weeks) if isinstance(weeks, list) else ""
            return fill(
                translate("EventTexts", "The weekly summaries %1 could not be written to %2: %3"),
                named,
                _text(data, "folder"),
                folder_reason_text(_text(data, "reason"), _text(data, "detail")),
            )
        case "report_mailed":
            return translate("EventTexts", "A weekly summary was sent by e-mail")
        case "report_mail_failed":
            return translate("EventTexts", "A weekly summary could not be sent yet: %1").replace(
                "%1", mail_reason_text(data.get("reason"))
            )
        case "report_mail_password":
            if data.get("set"):
                return translate("EventTexts", "The mail password was stored")
            return translate("EventTexts", "The mail password was removed")
    return generic_text(data)


def _target_name(data: Mapping[str, Any]) -> str:
    target = _text(data, "target")
    return _text(data, "target_name") or target.split(":", 1)[-1]


def request_text(data: Mapping[str, Any]) -> str:
    """What a child asked for (time, an app, a site) or told about (a site), with their note."""
    account = _text(data, "account")
    kind = _text(data, "request_kind") or _text(data, "kind") or "time"
    if kind == "report":
        template = translate("EventTexts", "%1 told a parent about the site %2")
    elif kind == "access" and _text(data, "target").startswith("app:"):
        template = translate("EventTexts", "%1 asked to use %2")
    elif kind == "access":
        template = translate("EventTexts", "%1 asked to open the site %2")
    else:
        template = translate("EventTexts", "%1 asked for %2 more")
    wanted = (
        _target_name(data) if kind != "time" else format_duration(_number(data, "minutes") * 60)
    )
    text = fill(template, account, wanted)
    note = _text(data, "note")
    if note:
        text = fill(translate("EventTexts", "%1: “%2”"), text, note)
    return text


def answer_text(data: Mapping[str, Any]) -> str:
    """How a request was answered: what it gave, by whom, and the parent's message."""
    state = _text(data, "state") or "open"
    if state == "approved":
        if (_text(data, "request_kind") or _text(data, "kind") or "time") != "time":
            text = translate("EventTexts", "allowed")
        elif data.get("rest_of_day"):
            text = translate("EventTexts", "approved for the rest of the day")
        elif data.get("given_minutes") is not None:
            text = translate("EventTexts", "approved, %1 more").replace(
                "%1", format_duration(_number(data, "given_minutes") * 60)
            )
        else:
            text = translate("EventTexts", "approved")
        if data.get("outside_hours"):
            text = translate("EventTexts", "%1, also outside the allowed hours").replace("%1", text)
    else:
        texts = {
            "open": translate("EventTexts", "not answered yet"),
            "declined": translate("EventTexts", "declined"),
            "blocked": translate("EventTexts", "the site was blocked"),
            "seen": translate("EventTexts", "seen by a parent"),
            "cancelled": translate("EventTexts", "taken back by the child"),
            "expired": translate("EventTexts", "not answered that day"),
        }
        text = texts.get(state, state)
    by = {
        "parent": translate("EventTexts", "%1 (parent password)"),
        "code": translate("EventTexts", "%1 (code from the parent's phone)"),
    }.get(_text(data, "by"))
    if by is not None and state not in ("open", "cancelled", "expired"):
        text = by.replace("%1", text)
    message = _text(data, "message")
    if message:
        text = fill(translate("EventTexts", "%1: “%2”"), text, message)
    return text


def login_failed_text(data: Mapping[str, Any]) -> str:
    """A refused parent password: a wrong one (counting the tries) or one tried too often."""
    if _text(data, "error") == "Throttled":
        text = translate("EventTexts", "Parent password refused: too many wrong tries (account %1)")
        return text.replace("%1", _text(data, "account"))
    failures = int(_number(data, "failures"))
    if failures > 0:
        return fill(
            translate("EventTexts", "Wrong parent password (wrong tries in a row: %2; account %1)"),
            _text(data, "account"),
            QLocale().toString(failures),
        )
    text = translate("EventTexts", "Wrong parent password (account %1)")
    return text.replace("%1", _text(data, "account"))


def folder_reason_text(reason: str, detail: str) -> str:
    """Why the summaries' folder could not be written (the service's reason codes); the
    system's own words for any other reason."""
    texts = {
        "full": translate("EventTexts", "the disk is full"),
        "read_only": translate("EventTexts", "the disk is read-only"),
        "denied": translate("EventTexts", "Guardian may not write there"),
        "not_folder": translate("EventTexts", "it is not a folder"),
        "missing": translate("EventTexts", "the folder does not exist"),
    }
    return texts.get(reason, detail or translate("EventTexts", "the reason is not known"))


def mail_reason_text(reason: object) -> str:
    """Why a summary could not be mailed, as advice (the service's reason codes)."""
    texts = {
        "connect": translate(
            "EventTexts",
            "the mail server could not be reached. Check the server name and port, and that "
            "this computer is online.",
        ),
        "tls": translate(
            "EventTexts",
            "a secure connection could not be made. Check the security choice: port 587 "
            "usually needs STARTTLS, port 465 TLS.",
        ),
        "auth": translate(
            "EventTexts",
            "the server refused the user name or password. Check them; some providers need "
            "an app password.",
        ),
        "refused": translate(
            "EventTexts",
            "the server refused the message. Check the sender and recipient addresses.",
        ),
        "timeout": translate(
            "EventTexts",
            "the server did not answer in time. Try again later, or check the port.",
        ),
        "no_password": translate(
            "EventTexts",
            "no mail password is set. Enter the password and press Set password.",
        ),
    }
    if reason is None or reason == "":
        return translate("EventTexts", "the reason is not known")
    return texts.get(str(reason), str(reason))
