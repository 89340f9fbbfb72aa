"""Words for a child's requests: what was asked, where it stands, what a parent answered, and
kind sentences for whatever went wrong (never the service's own error text).

Strings are marked with `translate("RequestTexts", ...)` literally for pyside6-lupdate. No
widgets here: the tray loads this module for its notices.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QCoreApplication

from guardian.api import ApiError, RateLimited, Throttled, WrongPassword
from guardian.ipc.protocol import ServiceUnavailable
from guardian.requests_client import (
    APP_PREFIX,
    SITE_PREFIX,
    ApprovedBy,
    RequestKind,
    RequestState,
    RequestView,
)
from ui.texts import format_duration

translate = QCoreApplication.translate


def wait_minutes(retry_after: float) -> int:
    """Whole minutes to wait, at least one."""
    return max(1, math.ceil(retry_after / 60))


def target_shown(view: RequestView) -> str:
    """The app's name or the site's host of an access or report request."""
    if view.target_name:
        return view.target_name
    target = view.target or ""
    for prefix in (SITE_PREFIX, APP_PREFIX):
        if target.startswith(prefix):
            return target[len(prefix) :]
    return target


def given_minutes(view: RequestView) -> int:
    """The minutes an approved time request gave: what the parent chose, else what was asked."""
    return view.given_minutes if view.given_minutes is not None else view.minutes or 0


def asked_text(view: RequestView) -> str:
    """What a request asks for: "30 min more time", "Access to Minecraft", …"""
    if view.kind == RequestKind.TIME.value:
        return translate("RequestTexts", "%1 more time").replace(
            "%1", format_duration((view.minutes or 0) * 60)
        )
    name = target_shown(view)
    if view.kind == RequestKind.ACCESS.value:
        return translate("RequestTexts", "Access to %1").replace("%1", name)
    return translate("RequestTexts", "You told your parent about %1").replace("%1", name)


def given_text(view: RequestView) -> str:
    """What an approved time request gave: "Approved: 30 min more", "Approved: the rest of
    the day", with whether it also opens the computer outside the allowed hours."""
    if view.rest_of_day:
        text = translate("RequestTexts", "Approved: the rest of the day")
    else:
        text = translate("RequestTexts", "Approved: %1 more").replace(
            "%1", format_duration(given_minutes(view) * 60)
        )
    if view.outside_hours:
        text += " " + translate("RequestTexts", "(also outside your allowed hours)")
    return text


def state_text(view: RequestView) -> str:
    """Where a request stands, in one sentence for the child."""
    state = view.state
    if state == RequestState.OPEN.value:
        return translate("RequestTexts", "Waiting for a parent's answer.")
    if state == RequestState.APPROVED.value:
        if view.kind == RequestKind.TIME.value:
            return given_text(view)
        return translate("RequestTexts", "Approved.")
    if state == RequestState.DECLINED.value:
        return translate("RequestTexts", "Your parent said no.")
    if state == RequestState.BLOCKED.value:
        return translate("RequestTexts", "Your parent blocked this site.")
    if state == RequestState.SEEN.value:
        return translate("RequestTexts", "Your parent has seen it.")
    if state == RequestState.CANCELLED.value:
        return translate("RequestTexts", "You took this request back.")
    if state == RequestState.EXPIRED.value:
        return translate("RequestTexts", "Nobody answered before the day ended.")
    return translate("RequestTexts", "Waiting for a parent's answer.")


def code_text(request_id: str) -> str:
    """The request code to read out to a parent."""
    return translate("RequestTexts", "Your request code is %1").replace("%1", request_id)


def message_text(message: str) -> str:
    """The parent's message, quoted; "" when there is none."""
    if not message.strip():
        return ""
    return translate("RequestTexts", "Your parent says: “%1”").replace("%1", message.strip())


def request_line(view: RequestView) -> str:
    """One line for My day: what was asked, where it stands, the code while it waits and the
    parent's message."""
    parts = [asked_text(view) + " — " + state_text(view)]
    if view.open:
        parts.append(code_text(view.id) + ".")
    message = message_text(view.message)
    if message:
        parts.append(message)
    return " ".join(parts)


def answered_notice(view: RequestView) -> tuple[str, str] | None:
    """Title and body telling the child a parent answered; None for what needs no notice (a
    request the child took back, or approved with a code the child just typed)."""
    title = translate("RequestTexts", "Your request")
    if view.state == RequestState.APPROVED.value:
        if view.by == ApprovedBy.CODE.value:
            return None
        if view.kind == RequestKind.TIME.value:
            if view.rest_of_day:
                body = translate("RequestTexts", "Your parent gave you the rest of the day.")
            else:
                body = translate("RequestTexts", "Your parent gave you %1 more.").replace(
                    "%1", format_duration(given_minutes(view) * 60)
                )
        else:
            body = translate("RequestTexts", "Your parent said yes: %1.").replace(
                "%1", asked_text(view)
            )
    elif view.state == RequestState.DECLINED.value:
        if view.message.strip():
            body = translate("RequestTexts", "Your parent said no: %1").replace(
                "%1", view.message.strip()
            )
        else:
            body = translate("RequestTexts", "Your parent said no.")
    elif view.state == RequestState.EXPIRED.value:
        body = translate(
            "RequestTexts", "Your request ended with the day. You can ask again tomorrow."
        )
    else:
        return None
    message = message_text(view.message) if view.state != RequestState.DECLINED.value else ""
    return title, f"{body} {message}".strip()


def send_error_text(error: ApiError) -> str:
    """Why a request or a report could not be sent, kindly."""
    if isinstance(error, ServiceUnavailable):
        return translate(
            "RequestTexts",
            "Guardian is not running right now, so this cannot be sent. Please ask a parent in "
            "person.",
        )
    if isinstance(error, RateLimited):
        return translate(
            "RequestTexts",
            "You have asked a lot in a short time. Please wait %1 and try again.",
        ).replace("%1", format_duration(wait_minutes(error.retry_after) * 60))
    return translate(
        "RequestTexts",
        "This could not be sent. Please try again, or ask a parent in person.",
    )


def code_error_text(error: ApiError) -> str:
    """Why a code from the parent's phone did not approve the request, kindly."""
    if isinstance(error, WrongPassword):
        return translate("RequestTexts", "That code did not work. Check it and try again.")
    if isinstance(error, Throttled | RateLimited):
        return translate(
            "RequestTexts",
            "Too many codes did not work. Please wait %1 and try again.",
        ).replace("%1", format_duration(wait_minutes(error.retry_after) * 60))
    if isinstance(error, ServiceUnavailable):
        return translate(
            "RequestTexts",
            "Guardian is not running right now, so the code cannot be checked. Please ask a "
            "parent in person.",
        )
    return translate(
        "RequestTexts",
        "The code could not be checked. Please try again, or ask a parent in person.",
    )


def read_error_text(error: ApiError) -> str:
    """Why the child's requests could not be read, kindly."""
    if isinstance(error, ServiceUnavailable):
        return translate(
            "RequestTexts", "Guardian is not running right now, so your requests cannot be shown."
        )
    return translate("RequestTexts", "Your requests cannot be shown right now.")
