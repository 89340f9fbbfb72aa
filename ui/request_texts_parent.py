"""Children's requests in the parent's words: the notice on the parent's session, what each
request asks, who asked, when, and how it was answered.

Plain Qt and the client's dataclasses only: the tray loads this module for its notice.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QCoreApplication, QDate, QDateTime, QLocale, QTime

from guardian.api import ApiError, AuthRequired, InvalidRequest, Throttled, WrongPassword
from guardian.ipc.protocol import ServiceUnavailable
from guardian.placeholders import fill
from guardian.requests_client import (
    SITE_PREFIX,
    ApprovedBy,
    RequestKind,
    RequestState,
    RequestView,
)
from ui.request_texts import given_minutes, target_shown
from ui.texts import format_duration

translate = QCoreApplication.translate


def minutes_text(minutes: int) -> str:
    """An amount of minutes as a person says it ("30 min", "1 h", "1 h 30 min")."""
    return format_duration(minutes * 60)


def child_name(view: RequestView) -> str:
    """The child as the parent knows them: the profile's name, else the account."""
    return view.profile_name or view.account


def who_text(view: RequestView) -> str:
    """The profile's name and the account, e.g. "Anna (anna)"."""
    if view.profile_name and view.profile_name != view.account:
        return fill(translate("RequestTexts", "%1 (%2)"), view.profile_name, view.account)
    return view.account


def is_site(view: RequestView) -> bool:
    """Whether an access or report request is about a site."""
    return (view.target or "").startswith(SITE_PREFIX)


def what_text(view: RequestView) -> str:
    """What the child asks, as a short phrase for a list: "30 more minutes", "Open
    example.com", "Use Minecraft", "Reported example.com"."""
    name = target_shown(view)
    if view.kind == RequestKind.TIME.value:
        return translate("RequestTexts", "%n more minutes", None, view.minutes or 0)
    if view.kind == RequestKind.REPORT.value:
        return translate("RequestTexts", "Reported the site %1").replace("%1", name)
    if is_site(view):
        return translate("RequestTexts", "Open the site %1").replace("%1", name)
    return translate("RequestTexts", "Use the app %1").replace("%1", name)


def request_notice(view: RequestView) -> tuple[str, str]:
    """Title and body of the notice a parent's session shows for a new request."""
    name = child_name(view)
    target = target_shown(view)
    if view.kind == RequestKind.TIME.value:
        text = translate("RequestTexts", "%1 asks for %n more minutes", None, view.minutes or 0)
    elif view.kind == RequestKind.REPORT.value:
        text = translate("RequestTexts", "%1 reported a site: %2")
    elif is_site(view):
        text = translate("RequestTexts", "%1 asks to open %2")
    else:
        text = translate("RequestTexts", "%1 asks to use %2")
    text = fill(text, name, target)
    if view.note:
        text += "\n" + translate("RequestTexts", "“%1”").replace("%1", view.note)
    return translate("RequestTexts", "A request from %1").replace("%1", name), text


def when_text(iso: str | None) -> str:
    """An ISO instant from the service in the reader's short date and time format."""
    if not iso:
        return ""
    try:
        moment = datetime.fromisoformat(iso)
    except ValueError:
        return iso
    shown = QDateTime(
        QDate(moment.year, moment.month, moment.day), QTime(moment.hour, moment.minute)
    )
    return QLocale().toString(shown, QLocale.FormatType.ShortFormat)


def outcome_text(view: RequestView) -> str:
    """How a request ended, e.g. "Approved: 30 min, also outside the allowed hours"."""
    state = view.state
    if state == RequestState.APPROVED.value:
        if view.kind != RequestKind.TIME.value:
            text = translate("RequestTexts", "Approved")
        elif view.rest_of_day:
            text = translate("RequestTexts", "Approved: the rest of the day")
        else:
            text = translate("RequestTexts", "Approved: %1").replace(
                "%1", minutes_text(given_minutes(view))
            )
        if view.outside_hours:
            text += translate("RequestTexts", ", also outside the allowed hours")
        if view.by == ApprovedBy.CODE.value:
            text += translate("RequestTexts", " (with a code from the phone)")
        return text
    texts = {
        RequestState.OPEN.value: translate("RequestTexts", "Waiting for an answer"),
        RequestState.DECLINED.value: translate("RequestTexts", "Declined"),
        RequestState.BLOCKED.value: translate("RequestTexts", "Site blocked"),
        RequestState.SEEN.value: translate("RequestTexts", "Marked as seen"),
        RequestState.CANCELLED.value: translate("RequestTexts", "Taken back by the child"),
        RequestState.EXPIRED.value: translate("RequestTexts", "Not answered that day"),
    }
    return texts.get(state, state)


def answer_error_text(error: ApiError) -> str:
    """Why an answer or a code setting did not reach the service, never in its raw words."""
    if isinstance(error, ServiceUnavailable):
        return translate(
            "RequestTexts", "Guardian's service is not running, so nothing was changed."
        )
    if isinstance(error, AuthRequired):
        return translate("RequestTexts", "The parent session has ended. Enter the password again.")
    if isinstance(error, Throttled):
        return translate("RequestTexts", "Too many wrong tries. Wait a little and try again.")
    if isinstance(error, WrongPassword):
        return translate("RequestTexts", "The password or code was not accepted.")
    if isinstance(error, InvalidRequest):
        return translate(
            "RequestTexts",
            "The service did not accept this answer: the request may have been answered or "
            "taken back already.",
        )
    return translate("RequestTexts", "The answer was not sent. Please try again.")
