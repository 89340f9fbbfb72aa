"""Weekly summaries in the policy: when they are written, where, in which formats and language,
and to whom they are mailed.

The SMTP password is not here: it lives in the service's secret store, set by the parent.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from enum import StrEnum
from typing import Annotated, ClassVar

import msgspec

from rules.timeofday import Weekday
from rules.validation import FieldCheck, run_field_checks

MAX_KEEP_WEEKS = 520
MAX_RECIPIENTS = 10
LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})
_TIME = re.compile(r"^([01][0-9]|2[0-3]):[0-5][0-9]$")
_HOST = re.compile(r"^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?$|^[0-9A-Fa-f:.]+$")
_ADDRESS = re.compile(r"^[^@\s<>\"',;]{1,64}@[^@\s<>\"',;]{1,253}$")


class ReportFormat(StrEnum):
    """A file format of the weekly summary."""

    HTML = "html"
    PDF = "pdf"
    CSV = "csv"
    JSON = "json"


class ReportLanguage(StrEnum):
    """The language a summary is written in (the parent's)."""

    EN = "en"
    RU = "ru"


class MailSecurity(StrEnum):
    """How the connection to the mail server is protected."""

    STARTTLS = "starttls"
    """Port 587 usually: plain connection upgraded with STARTTLS (required, never optional)."""
    TLS = "tls"
    """Port 465 usually: TLS from the first byte."""
    NONE = "none"
    """No encryption: only for a relay on this machine (localhost)."""


def _time_check(value: str) -> None:
    if not _TIME.match(value):
        raise ValueError(f"'{value}' is not a time of day as HH:MM (00:00 to 23:59)")


def _host_check(value: str) -> None:
    if not _HOST.match(value):
        raise ValueError(f"'{value}' is not a host name or an IP address")


def _recipients_check(values: tuple[str, ...]) -> None:
    for value in values:
        if not _ADDRESS.match(value):
            raise ValueError(f"'{value}' is not an e-mail address")


def _sender_check(value: str) -> None:
    if value and not _ADDRESS.match(value):
        raise ValueError(f"'{value}' is not an e-mail address")


class MailSettings(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """Sending each summary by e-mail: the HTML in the message, the PDF attached."""

    host: Annotated[str, msgspec.Meta(min_length=1, max_length=253)]
    port: Annotated[int, msgspec.Meta(ge=1, le=65535)] = 587
    security: MailSecurity = MailSecurity.STARTTLS
    username: Annotated[str, msgspec.Meta(max_length=320)] = ""
    """Login name on the server; empty to send without logging in."""
    sender: Annotated[str, msgspec.Meta(max_length=320)] = ""
    """The From address; empty means the username (which must then be an address)."""
    recipients: Annotated[tuple[str, ...], msgspec.Meta(min_length=1, max_length=MAX_RECIPIENTS)]

    field_checks: ClassVar[Mapping[str, FieldCheck]] = {
        "host": _host_check,
        "recipients": _recipients_check,
        "sender": _sender_check,
    }

    def __post_init__(self) -> None:
        run_field_checks(self)
        if self.security is MailSecurity.NONE and self.host.lower() not in LOCAL_HOSTS:
            raise ValueError(
                "security 'none' is only for a mail relay on this machine (localhost); "
                "use 'starttls' or 'tls' for another server"
            )
        if not self.from_address:
            raise ValueError("sender is empty and the username is not an e-mail address")

    @property
    def from_address(self) -> str:
        """The address mail is sent from."""
        if self.sender:
            return self.sender
        return self.username if _ADDRESS.match(self.username) else ""


class Reports(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """Weekly activity summaries: written on a day and time of the policy's zone into a folder,
    the newest `keep_weeks` kept, optionally mailed."""

    enabled: bool = True
    weekday: Weekday = Weekday.MON
    """The day the summary of the week that ended last is written. The first day of a week
    (the default, with `time` in the morning) writes the whole week just ended; its last day
    writes that week as it stands at `time`, marked as not complete."""
    time: Annotated[str, msgspec.Meta(min_length=5, max_length=5)] = "08:00"
    folder: Annotated[str, msgspec.Meta(max_length=1024)] = ""
    """Where summaries go (a local folder or a network share); empty: the service's own
    reports folder."""
    keep_weeks: Annotated[int, msgspec.Meta(ge=1, le=MAX_KEEP_WEEKS)] = 12
    formats: Annotated[tuple[ReportFormat, ...], msgspec.Meta(min_length=1, max_length=4)] = (
        ReportFormat.HTML,
        ReportFormat.PDF,
        ReportFormat.CSV,
        ReportFormat.JSON,
    )
    language: ReportLanguage = ReportLanguage.EN
    week_starts: Weekday = Weekday.MON
    """First day of a week in the summaries (the parent's locale: Monday in Russia, Sunday in
    the United States)."""
    mail: MailSettings | None = None

    field_checks: ClassVar[Mapping[str, FieldCheck]] = {"time": _time_check}

    def __post_init__(self) -> None:
        run_field_checks(self)
        if len(set(self.formats)) != len(self.formats):
            raise ValueError("formats lists a format twice")
        if self.folder and "\x00" in self.folder:
            raise ValueError("folder contains a NUL character")

    @property
    def hour_minute(self) -> tuple[int, int]:
        """The time of day as (hour, minute)."""
        hour, minute = self.time.split(":")
        return int(hour), int(minute)
