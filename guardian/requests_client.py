"""Requests as a client sees them, and typed calls to the service's requests feature.

A child asks for more time, asks for access to a blocked app or site, or tells a parent about a
site that disturbed them; a parent answers (approve, approve with a change, decline with a
message, block a reported site) with the password, or from a phone: the parent's authenticator
app shows a one-time code that the child types in, which approves a time request up to the
amount the policy allows for codes.

Plain dataclasses, no msgspec: the child's tray loads this module and stays small.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from enum import StrEnum
from typing import Any

from guardian.api import GuardianApi


class RequestKind(StrEnum):
    """What a child asks for."""

    TIME = "time"
    """More screen time today (`minutes`)."""
    ACCESS = "access"
    """A blocked app or site (`target`: "app:<app id>" or "site:<host name>")."""
    REPORT = "report"
    """A site that disturbed or scared the child, for a parent to look at ("site:<host>")."""


class RequestState(StrEnum):
    """Where a request stands."""

    OPEN = "open"
    APPROVED = "approved"
    DECLINED = "declined"
    BLOCKED = "blocked"
    """A reported (or asked-for) site was blocked for the child's profile."""
    SEEN = "seen"
    """A parent read a report and did nothing more."""
    CANCELLED = "cancelled"
    """The child took the request back."""
    EXPIRED = "expired"
    """A time request not answered on its day: the day it asked about is over."""


class Decision(StrEnum):
    """A parent's answer."""

    APPROVE = "approve"
    DECLINE = "decline"
    BLOCK = "block"
    """For a site: add it to the profile's blocked sites."""
    SEEN = "seen"
    """For a report: read, nothing more."""


class ApprovedBy(StrEnum):
    """How an answer was given."""

    PARENT = "parent"
    """With the parent password (a token), here or on the parent's own session."""
    CODE = "code"
    """With a one-time code from the parent's authenticator app."""


SITE_PREFIX = "site:"
APP_PREFIX = "app:"


@dataclass(frozen=True, slots=True)
class RequestView:
    """One request as the service keeps it; the same data the REQUEST and REQUEST_ANSWERED
    events carry."""

    id: str
    """Short and readable ("H7KM"): the request code a child reads out to a parent on the
    phone; unique among the requests the service keeps."""
    kind: str
    """A RequestKind value."""
    account: str
    profile_id: str | None
    profile_name: str | None
    at: str
    """When it was asked, ISO 8601 in the policy's zone."""
    minutes: int | None
    """Time asked for (time requests)."""
    target: str | None
    """"site:<host>" or "app:<app id>" (access and report requests)."""
    target_name: str | None
    """The app's name or the host, for showing."""
    note: str
    """The child's message."""
    state: str
    """A RequestState value."""
    answered_at: str | None = None
    given_minutes: int | None = None
    """Time given when a time request was approved; None with `rest_of_day`."""
    rest_of_day: bool = False
    """The grant was for the rest of the day."""
    outside_hours: bool = False
    """The grant also opened the computer outside the allowed hours (bedtime) for its time."""
    message: str = ""
    """The parent's message to the child."""
    by: str | None = None
    """An ApprovedBy value once answered."""

    @property
    def open(self) -> bool:
        """Whether it still waits for an answer."""
        return self.state == RequestState.OPEN.value


_NAMES = frozenset(f.name for f in fields(RequestView))


def request_view(data: dict[str, Any]) -> RequestView:
    """A RequestView from the service's plain data; unknown keys (from a newer service) are
    ignored."""
    return RequestView(**{k: v for k, v in data.items() if k in _NAMES})


@dataclass(frozen=True, slots=True)
class CodeStatus:
    """Approval by one-time code."""

    enrolled: bool
    """An authenticator app is set up."""
    code_minutes: int
    """The most one code approves (the policy's `requests.code_minutes`)."""


@dataclass(frozen=True, slots=True)
class Enrolment:
    """A new authenticator secret, pending until `confirm_codes` gets a code made from it."""

    secret: str
    """Base32, for typing into the app by hand."""
    uri: str
    """otpauth://totp/… for the QR code."""


class RequestsClient:
    """Typed calls to the requests feature (see docs/protocol.md)."""

    def __init__(self, api: GuardianApi) -> None:
        self._api = api

    # --- the child's -----------------------------------------------------------------------

    def ask_time(self, minutes: int, note: str = "") -> RequestView:
        """Ask for `minutes` more today; replaces the caller's open time request."""
        return request_view(
            self._api.call("request.submit", {"kind": "time", "minutes": minutes, "note": note})
        )

    def ask_access(self, target: str, note: str = "") -> RequestView:
        """Ask for a blocked "app:<id>" or "site:<host>"; replaces an open request for it."""
        return request_view(
            self._api.call("request.submit", {"kind": "access", "target": target, "note": note})
        )

    def report_site(self, host: str, note: str = "") -> RequestView:
        """Tell a parent about a site."""
        return request_view(
            self._api.call(
                "request.submit", {"kind": "report", "target": SITE_PREFIX + host, "note": note}
            )
        )

    def mine(self) -> list[RequestView]:
        """The caller's requests: open ones and those answered in the last day, newest first."""
        return [request_view(item) for item in self._api.call("request.mine", {})]

    def cancel(self, request_id: str) -> None:
        """Take back one of the caller's open requests."""
        self._api.call("request.cancel", {"id": request_id})

    def approve_with_code(self, request_id: str, code: str) -> RequestView:
        """Approve the caller's open time request with a one-time code from the parent's
        phone. WrongPassword for a wrong, used or expired code; Throttled like the password."""
        return request_view(
            self._api.call("request.approve_code", {"id": request_id, "code": code})
        )

    # --- the parent's ----------------------------------------------------------------------

    def listing(self, token: str) -> list[RequestView]:
        """Open requests (oldest first), then those answered in the last 7 days (newest first)."""
        return [request_view(item) for item in self._api.call("requests.list", {"token": token})]

    def answer(
        self,
        token: str,
        request_id: str,
        decision: Decision,
        *,
        minutes: int | None = None,
        rest_of_day: bool = False,
        outside_hours: bool = False,
        message: str = "",
    ) -> RequestView:
        """Answer a request. Approving time gives `minutes` (None: the amount asked) or the
        rest of the day, opening the allowed hours too only with `outside_hours`; approving
        access adds the app or site to the profile's allowed ones; BLOCK adds a site to the
        profile's blocked sites (a report or an access request, answered or not)."""
        params: dict[str, Any] = {
            "token": token,
            "id": request_id,
            "decision": decision.value,
            "minutes": minutes,
            "rest_of_day": rest_of_day,
            "outside_hours": outside_hours,
            "message": message,
        }
        return request_view(self._api.call("requests.answer", params))

    def codes(self, token: str) -> CodeStatus:
        """Whether approval by code is set up, and how much one code gives."""
        data = self._api.call("requests.codes", {"token": token})
        return CodeStatus(bool(data["enrolled"]), int(data["code_minutes"]))

    def begin_codes(self, token: str) -> Enrolment:
        """A new secret for the parent's authenticator app; pending until confirmed."""
        data = self._api.call("requests.code_begin", {"token": token})
        return Enrolment(str(data["secret"]), str(data["uri"]))

    def confirm_codes(self, token: str, code: str) -> None:
        """Turn the pending secret on with a code the app made; WrongPassword when it does not
        match (the old secret, if any, stays in use)."""
        self._api.call("requests.code_confirm", {"token": token, "code": code})

    def remove_codes(self, token: str) -> None:
        """Turn approval by code off and forget the secret."""
        self._api.call("requests.code_remove", {"token": token})
