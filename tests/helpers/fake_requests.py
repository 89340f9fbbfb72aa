"""The service's requests feature in memory, for UI tests: installs its methods on a FakeApi and
behaves as docs/protocol.md says (one open request per kind and target, answers, codes)."""

from __future__ import annotations

import dataclasses
from typing import Any

from guardian.api import Event, EventKind, InvalidRequest, Throttled, WrongPassword
from guardian.requests_client import (
    ApprovedBy,
    Decision,
    RequestKind,
    RequestState,
    RequestView,
)
from tests.helpers.fake_api import FakeApi

VALID_CODE = "123456"
"""The one-time code the fake's authenticator accepts (once per request)."""
ANSWERED_AT = "2026-11-30T16:05:00+03:00"


class FakeRequests:
    """Requests kept in `items` (oldest first); `code_minutes` is the most a code gives."""

    def __init__(self, api: FakeApi, *, enrolled: bool = True, code_minutes: int = 30) -> None:
        self.api = api
        self.items: list[RequestView] = []
        self.enrolled = enrolled
        self.code_minutes = code_minutes
        self.pending_secret: str | None = None
        self.used_codes: set[str] = set()
        self.throttle_for = 0.0
        """Non-zero: code approvals raise Throttled, as after too many wrong codes."""
        self._next = 0
        api.handlers.update(
            {
                "request.submit": self._submit,
                "request.mine": self._mine,
                "request.cancel": self._cancel,
                "request.approve_code": self._approve_code,
                "requests.list": self._list,
                "requests.answer": self._answer,
                "requests.codes": self._codes,
                "requests.code_begin": self._begin,
                "requests.code_confirm": self._confirm,
                "requests.code_remove": self._remove,
            }
        )

    def add(self, **fields: Any) -> RequestView:
        """Put a request in directly (by default the child's open 30-minute time request)."""
        self._next += 1
        values: dict[str, Any] = {
            "id": f"K{self._next:03d}",
            "kind": RequestKind.TIME.value,
            "account": self.api.current.account,
            "profile_id": self.api.current.profile_id,
            "profile_name": self.api.current.profile_name,
            "at": "2026-11-30T16:00:00+03:00",
            "minutes": 30,
            "target": None,
            "target_name": None,
            "note": "",
            "state": RequestState.OPEN.value,
        }
        values.update(fields)
        view = RequestView(**values)
        self.items.append(view)
        return view

    def _replace(self, old: RequestView, **changes: Any) -> RequestView:
        new = dataclasses.replace(old, **changes)
        self.items[self.items.index(old)] = new
        self.api.push(Event(EventKind.REQUEST_ANSWERED, dataclasses.asdict(new)))
        return new

    def _find(self, request_id: str) -> RequestView:
        for item in self.items:
            if item.id == request_id:
                return item
        raise InvalidRequest(f"there is no request '{request_id}'")

    def _submit(self, params: dict[str, Any]) -> dict[str, Any]:
        kind = RequestKind(params["kind"])
        target = params.get("target")
        if kind is RequestKind.TIME and not 1 <= int(params.get("minutes") or 0) <= 1440:
            raise InvalidRequest("param 'minutes': must be between 1 and 1440")
        if kind is not RequestKind.TIME and not target:
            raise InvalidRequest("param 'target': required for access and report requests")
        for item in list(self.items):
            if item.open and item.kind == kind.value and item.target == target:
                self.items.remove(item)
        name = None if target is None else target.split(":", 1)[1]
        view = self.add(
            kind=kind.value,
            minutes=params.get("minutes") if kind is RequestKind.TIME else None,
            target=target,
            target_name=name,
            note=params.get("note", ""),
        )
        self.api.push(Event(EventKind.REQUEST, dataclasses.asdict(view)))
        return dataclasses.asdict(view)

    def _mine(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        account = self.api.current.account
        return [dataclasses.asdict(r) for r in reversed(self.items) if r.account == account]

    def _cancel(self, params: dict[str, Any]) -> None:
        item = self._find(params["id"])
        if not item.open:
            raise InvalidRequest(f"request '{item.id}' was already answered")
        self._replace(item, state=RequestState.CANCELLED.value, answered_at=ANSWERED_AT)

    def _approve_code(self, params: dict[str, Any]) -> dict[str, Any]:
        if self.throttle_for:
            raise Throttled(self.throttle_for)
        item = self._find(params["id"])
        if not self.enrolled:
            raise InvalidRequest("approval by code is not set up")
        if not item.open or item.kind != RequestKind.TIME.value:
            raise InvalidRequest(f"request '{item.id}' cannot be approved with a code")
        key = f"{item.id}:{params['code']}"
        if params["code"] != VALID_CODE or key in self.used_codes:
            raise WrongPassword("wrong code")
        self.used_codes.add(key)
        given = min(item.minutes or 0, self.code_minutes)
        self.api.grants.append((str(item.profile_id), given))
        self.api.grants_outside_hours.append(False)
        new = self._replace(
            item,
            state=RequestState.APPROVED.value,
            answered_at=ANSWERED_AT,
            given_minutes=given,
            by=ApprovedBy.CODE.value,
        )
        return dataclasses.asdict(new)

    def _list(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        opened = [r for r in self.items if r.open]
        answered = [r for r in reversed(self.items) if not r.open]
        return [dataclasses.asdict(r) for r in opened + answered]

    def _answer(self, params: dict[str, Any]) -> dict[str, Any]:
        item = self._find(params["id"])
        decision = Decision(params["decision"])
        if decision is not Decision.BLOCK and not item.open:
            raise InvalidRequest(f"request '{item.id}' was already answered")
        changes: dict[str, Any] = {
            "answered_at": ANSWERED_AT,
            "message": params.get("message", ""),
            "by": ApprovedBy.PARENT.value,
        }
        if decision is Decision.APPROVE:
            changes["state"] = RequestState.APPROVED.value
            if item.kind == RequestKind.TIME.value:
                rest = bool(params.get("rest_of_day"))
                given = None if rest else (params.get("minutes") or item.minutes)
                changes.update(
                    given_minutes=given,
                    rest_of_day=rest,
                    outside_hours=bool(params.get("outside_hours")),
                )
                self.api.grants.append((str(item.profile_id), given))
                self.api.grants_outside_hours.append(bool(params.get("outside_hours")))
        elif decision is Decision.DECLINE:
            changes["state"] = RequestState.DECLINED.value
        elif decision is Decision.BLOCK:
            changes["state"] = RequestState.BLOCKED.value
        else:
            changes["state"] = RequestState.SEEN.value
        return dataclasses.asdict(self._replace(item, **changes))

    def _codes(self, params: dict[str, Any]) -> dict[str, Any]:
        return {"enrolled": self.enrolled, "code_minutes": self.code_minutes}

    def _begin(self, params: dict[str, Any]) -> dict[str, Any]:
        self.pending_secret = "JBSWY3DPEHPK3PXP"
        return {
            "secret": self.pending_secret,
            "uri": f"otpauth://totp/Guardian:kids-pc?secret={self.pending_secret}&issuer=Guardian",
        }

    def _confirm(self, params: dict[str, Any]) -> None:
        if self.pending_secret is None:
            raise InvalidRequest("no authenticator secret is waiting to be confirmed")
        if params["code"] != VALID_CODE:
            raise WrongPassword("wrong code")
        self.enrolled = True
        self.pending_secret = None

    def _remove(self, params: dict[str, Any]) -> None:
        self.enrolled = False
