"""Requests: a child asks for more time; the parent sees what is pending and answers.

Pending requests are kept in the ledger's meta (so they survive restarts and come back with
the rest of the state after a recovery), bounded per account; time given to a child answers their
pending requests.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

import msgspec

from guardian.api import Event, EventKind, RateLimited
from guardian.features.base import Feature, ServiceContext
from guardian.limits import until_next_day
from guardian.methods import Access, Caller, Method

REQUESTS_KEY = "requests"
MAX_PENDING_PER_ACCOUNT = 5
"""A child asking again and again keeps only the newest few: the parent's list stays short."""
MAX_NOTE = 500


class SubmitParams(msgspec.Struct, forbid_unknown_fields=True):
    """`request.submit`: minutes asked for, and an optional note."""

    minutes: Annotated[int, msgspec.Meta(ge=1, le=24 * 60)]
    note: str = ""


class PendingRequest(msgspec.Struct, frozen=True):
    """A request not answered yet."""

    at: str
    account: str
    profile_id: str | None
    minutes: int
    note: str


class Requests(Feature):
    """Takes children's requests and keeps them until a parent answers."""

    name = "requests"

    def __init__(self, context: ServiceContext) -> None:
        self._ctx = context
        self._unsubscribe: Callable[[], None] | None = None

    def start(self) -> None:
        """Listen for answers: time given to a child answers their pending requests."""
        self._unsubscribe = self._ctx.subscribe(self._on_event)

    def stop(self) -> None:
        """Stop listening."""
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None

    def _on_event(self, event: Event) -> None:
        if event.kind is EventKind.ANSWERED:
            self.answered(str(event.data.get("account")))

    def pending(self) -> list[PendingRequest]:
        """Requests not answered yet, oldest first."""
        text = self._ctx.ledger.meta(REQUESTS_KEY)
        if not text:
            return []
        try:
            return msgspec.json.decode(text, type=list[PendingRequest])
        except msgspec.DecodeError:
            return []

    def _save(self, pending: list[PendingRequest]) -> None:
        self._ctx.ledger.set_meta(REQUESTS_KEY, msgspec.json.encode(pending).decode())

    def submit(self, account: str, minutes: int, note: str) -> None:
        """Keep a child's request, log it and tell the parent's windows."""
        note = note.strip()[:MAX_NOTE]
        profile = self._ctx.policy().for_account(account)
        profile_id = None if profile is None else profile.id
        now = self._ctx.trusted.now()
        if not self._ctx.ledger.record(
            now, "request", profile_id, account=account, minutes=minutes, note=note
        ):
            raise RateLimited(until_next_day(now), "requests for time today")
        pending = self.pending()
        mine = [r for r in pending if r.account == account]
        others = [r for r in pending if r.account != account]
        mine = [*mine, PendingRequest(now.isoformat(), account, profile_id, minutes, note)]
        self._save(others + mine[-MAX_PENDING_PER_ACCOUNT:])
        self._ctx.publish(
            Event(
                EventKind.REQUEST,
                {"account": account, "profile_id": profile_id, "minutes": minutes, "note": note},
            )
        )

    def answered(self, account: str) -> None:
        """Time given to an account answers its pending requests."""
        pending = self.pending()
        left = [r for r in pending if r.account != account]
        if len(left) != len(pending):
            self._save(left)

    def methods(self) -> list[Method]:
        """request.submit for anyone; requests.list for the parent."""

        def submit(caller: Caller, params: SubmitParams) -> None:
            self.submit(caller.account, params.minutes, params.note)

        def listing(caller: Caller, params: object) -> list[dict[str, Any]]:
            return [msgspec.to_builtins(r) for r in self.pending()]

        return [
            Method("request.submit", submit, SubmitParams),
            Method("requests.list", listing, access=Access.PARENT),
        ]
