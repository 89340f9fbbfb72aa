"""Requests: a child asks for more time or for a blocked app or site, or tells a parent about a
site; a parent answers with the password, or from a phone with a one-time code.

Requests are kept in the ledger's meta (so they survive restarts and come back with the rest of
the state after a recovery), each under a short readable code the child can read out. Limits per
account: one open request per kind (and per app or site for access and report requests, at most
MAX_OPEN_PER_KIND of those open at once); a new one replaces the open one it repeats; the
ledger's per-day cap on "request" events and the socket's rate limit bound the rest. An open
time request expires when its day is over; answered requests are kept ANSWERED_DAYS days, the
ledger keeps their events.

Every request, answer, cancel and expiry is a ledger event: "request" when asked (account,
minutes, note, id, request_kind, target, state, replaces) and "request_answer" on every change
of state (id, account, request_kind, target, state, by, message, minutes, rest_of_day,
outside_hours); a grant it causes is the screen time feature's "grant" event with the
request's id.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Annotated, Any

import msgspec

from guardian.api import Event, EventKind, InvalidRequest, RateLimited, Status
from guardian.auth import ParentAuth
from guardian.compiled import CompiledProfile
from guardian.features.base import Feature, ServiceContext, Tick
from guardian.features.screen_time import ScreenTime
from guardian.limits import until_next_day
from guardian.methods import Access, Caller, Method
from guardian.policy_layers import LockedValues
from guardian.requests_client import (
    APP_PREFIX,
    SITE_PREFIX,
    ApprovedBy,
    Decision,
    RequestKind,
    RequestState,
)
from guardian.secrets import SecretStore
from guardian.totp import LAST_STEP_KEY, OneTimeCodes
from rules.apps import AppMode, AppRule
from rules.model import InvalidData, Policy, Profile, policy_from_data, policy_to_data
from rules.sites import normalize_name

log = logging.getLogger(__name__)
CODES_ON_KEY = "codes-enrolled"
"""Ledger meta: "1" while an authenticator app is set up, for the children's status."""
REQUESTS_KEY = "requests-v2"
"""Ledger meta: the stored requests (a versioned JSON document)."""
OLD_REQUESTS_KEY = "requests"
"""Ledger meta of earlier versions: pending time requests only, carried over once."""
STORE_VERSION = 1
CODE_ALPHABET = "ACDEFHJKMNPRTUVWXY3479"
"""Letters and digits no one confuses when read out (no 0/O, 1/I/L, 2/Z, 5/S, 6/G, 8/B)."""
CODE_LENGTH = 4
MAX_NOTE = 500
MAX_MINUTES = 24 * 60
MAX_OPEN_PER_KIND = 5
"""Open access requests and reports an account may have at once (one per app or site)."""
ANSWERED_DAYS = 7
"""Answered requests are kept this long for the parent's list (the ledger keeps the events)."""
MINE_DAYS = 1
"""A child's own list shows answers of the last day."""

Note = Annotated[str, msgspec.Meta(max_length=MAX_NOTE)]
Minutes = Annotated[int, msgspec.Meta(ge=1, le=MAX_MINUTES)]
RequestId = Annotated[str, msgspec.Meta(min_length=1, max_length=16)]
Code = Annotated[str, msgspec.Meta(min_length=1, max_length=16)]


class StoredRequest(msgspec.Struct, frozen=True, kw_only=True):
    """One request as stored; the same fields as `guardian.requests_client.RequestView`."""

    id: str
    kind: RequestKind
    account: str
    profile_id: str | None
    profile_name: str | None
    at: str
    minutes: int | None
    target: str | None
    target_name: str | None
    note: str
    state: RequestState
    answered_at: str | None = None
    given_minutes: int | None = None
    rest_of_day: bool = False
    outside_hours: bool = False
    message: str = ""
    by: ApprovedBy | None = None

    @property
    def open(self) -> bool:
        """Whether it still waits for an answer."""
        return self.state is RequestState.OPEN


class _Store(msgspec.Struct):
    version: int
    requests: list[msgspec.Raw]


class _OldPending(msgspec.Struct):
    at: str
    account: str
    profile_id: str | None
    minutes: int
    note: str


class SubmitParams(msgspec.Struct, forbid_unknown_fields=True):
    """`request.submit`: a time request takes `minutes`, access and report requests a
    `target` ("site:<host>" or, for access, "app:<app id>")."""

    kind: RequestKind = RequestKind.TIME
    minutes: Minutes | None = None
    target: Annotated[str, msgspec.Meta(min_length=1, max_length=300)] | None = None
    note: Note = ""


class IdParams(msgspec.Struct, forbid_unknown_fields=True):
    """`request.cancel`: one of the caller's requests."""

    id: RequestId


class CodeApprovalParams(msgspec.Struct, forbid_unknown_fields=True):
    """`request.approve_code`: the caller's open time request and a one-time code."""

    id: RequestId
    code: Code


class AnswerParams(msgspec.Struct, forbid_unknown_fields=True):
    """`requests.answer`: a parent's decision."""

    id: RequestId
    decision: Decision
    minutes: Minutes | None = None
    rest_of_day: bool = False
    outside_hours: bool = False
    message: Note = ""


class CodeParams(msgspec.Struct, forbid_unknown_fields=True):
    """`requests.code_confirm`: a code made from the pending secret."""

    code: Code


@dataclass(frozen=True, slots=True)
class PolicyAccess:
    """The parent's policy as `policy.get` gives it, and the path `policy.set` writes it by
    (validated, the last good kept, logged as a settings change; LockedValues for a value a
    managed layer sets)."""

    get: Callable[[], Policy]
    put: Callable[[Policy], None]


def view(request: StoredRequest) -> dict[str, Any]:
    """A request as plain data (a RequestView's fields)."""
    data: dict[str, Any] = msgspec.to_builtins(request)
    return data


def new_code(taken: set[str]) -> str:
    """A request code not in `taken`."""
    # Loaded when a child first asks: `secrets` brings hashlib and OpenSSL (3.5 MiB), which
    # most of the service's life never needs.
    import secrets

    for _ in range(1000):
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if code not in taken:
            return code
    raise InvalidRequest("too many requests are kept; answer some first")


class Requests(Feature):
    """Keeps children's requests, takes the parent's answers and approvals by code."""

    name = "requests"

    def __init__(
        self,
        context: ServiceContext,
        secrets_store: SecretStore,
        auth: ParentAuth,
        screen_time: ScreenTime,
        policy: PolicyAccess,
    ) -> None:
        self._ctx = context
        self._screen_time = screen_time
        self._policy = policy
        self.codes = OneTimeCodes(
            secrets_store,
            auth,
            now=lambda: context.trusted.now().timestamp(),
            load=lambda: context.ledger.meta(LAST_STEP_KEY),
            save=lambda text: context.ledger.set_meta(LAST_STEP_KEY, text),
            mark=lambda on: context.ledger.set_meta(CODES_ON_KEY, "1" if on else "0"),
        )
        self._items: list[StoredRequest] = self._load()
        self._unsubscribe: Callable[[], None] | None = None

    # --- storage -------------------------------------------------------------------------------

    def _load(self) -> list[StoredRequest]:
        """The stored requests; what cannot be read is logged and dropped (a request that is
        gone can be asked again, never approved twice)."""
        ledger = self._ctx.ledger
        text = ledger.meta(REQUESTS_KEY)
        if not text:
            return self._carry_over(ledger.meta(OLD_REQUESTS_KEY))
        try:
            store = msgspec.json.decode(text, type=_Store)
        except msgspec.DecodeError as exc:
            log.error(
                "stored requests (ledger meta %r) cannot be read and are dropped: %s",
                REQUESTS_KEY,
                exc,
            )
            return []
        if store.version != STORE_VERSION:
            log.error(
                "stored requests (ledger meta %r) are of version %s, not %s: dropped",
                REQUESTS_KEY,
                store.version,
                STORE_VERSION,
            )
            return []
        found: list[StoredRequest] = []
        seen: set[str] = set()
        for raw in store.requests:
            try:
                item = msgspec.json.decode(raw, type=StoredRequest)
            except msgspec.DecodeError as exc:
                log.error("a stored request cannot be read and is dropped: %s", exc)
                continue
            if item.id in seen:
                log.error("request %s is stored twice; the later copy is dropped", item.id)
                continue
            seen.add(item.id)
            found.append(item)
        return found

    def _carry_over(self, text: str | None) -> list[StoredRequest]:
        """Time requests an earlier version kept pending, as open requests."""
        if not text:
            return []
        try:
            old = msgspec.json.decode(text, type=list[_OldPending])
        except msgspec.DecodeError:
            log.error("pending requests of an earlier version cannot be read: dropped")
            return []
        found: list[StoredRequest] = []
        for item in old:
            if not 1 <= item.minutes <= MAX_MINUTES:
                continue
            found.append(
                StoredRequest(
                    id=new_code({r.id for r in found}),
                    kind=RequestKind.TIME,
                    account=item.account,
                    profile_id=item.profile_id,
                    profile_name=None,
                    at=item.at,
                    minutes=item.minutes,
                    target=None,
                    target_name=None,
                    note=item.note[:MAX_NOTE],
                    state=RequestState.OPEN,
                )
            )
        self._items = found
        self._save()
        return found

    def _save(self) -> None:
        store = {"version": STORE_VERSION, "requests": self._items}
        self._ctx.ledger.set_meta(REQUESTS_KEY, msgspec.json.encode(store).decode())

    # --- the feature ---------------------------------------------------------------------------

    def start(self) -> None:
        """Listen for grants: time a parent gives unasked answers the child's time request."""
        self._unsubscribe = self._ctx.subscribe(self._on_event)

    def stop(self) -> None:
        """Stop listening."""
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None

    def _on_event(self, event: Event) -> None:
        if event.kind is not EventKind.ANSWERED or event.data.get("request_id") is not None:
            return
        account = event.data.get("account")
        minutes = event.data.get("minutes")
        for item in list(self._items):
            if item.open and item.kind is RequestKind.TIME and item.account == account:
                self._change(
                    item,
                    state=RequestState.APPROVED,
                    by=ApprovedBy.PARENT,
                    given_minutes=minutes,
                    rest_of_day=minutes is None,
                    outside_hours=bool(event.data.get("outside_hours")),
                )

    def act(self, tick: Tick) -> None:
        """Expire open time requests of a day that is over; forget old answered ones."""
        if not self._items:
            return
        zone = tick.policy.zone
        oldest = tick.now - timedelta(days=ANSWERED_DAYS)
        kept: list[StoredRequest] = []
        expired: list[StoredRequest] = []
        for item in self._items:
            if item.open:
                if item.kind is RequestKind.TIME and _when(item.at).astimezone(zone).date() < (
                    tick.day
                ):
                    expired.append(item)
                kept.append(item)
            elif _when(item.answered_at or item.at) >= oldest:
                kept.append(item)
        if len(kept) != len(self._items):
            self._items = kept
            self._save()
        for item in expired:
            self._change(item, state=RequestState.EXPIRED, by=None)

    # --- the child's ---------------------------------------------------------------------------

    def submit(
        self,
        account: str,
        kind: RequestKind,
        minutes: int | None,
        target: str | None,
        note: str,
    ) -> StoredRequest:
        """Keep a child's request, log it and tell the parent's windows."""
        policy = self._ctx.policy()
        profile = policy.for_account(account)
        note = note.strip()
        target_name = None
        if kind is RequestKind.TIME:
            if profile is None:
                raise InvalidRequest("no profile restricts your account: there is no time to ask")
            if minutes is None:
                raise InvalidRequest("param 'minutes': a time request needs the minutes asked")
            if target is not None:
                raise InvalidRequest("param 'target': a time request has no target")
        else:
            if minutes is not None:
                raise InvalidRequest("param 'minutes': only time requests ask for minutes")
            if target is None:
                raise InvalidRequest("param 'target': required for access and report requests")
            target, target_name = self._target(kind, target, profile)
            if kind is RequestKind.ACCESS and profile is None:
                raise InvalidRequest("no profile restricts your account: nothing is blocked")
        now = self._ctx.trusted.now()
        replaced = [
            r
            for r in self._items
            if r.open and r.account == account and r.kind is kind and r.target == target
        ]
        if kind is not RequestKind.TIME and not replaced:
            waiting = sum(
                1 for r in self._items if r.open and r.account == account and r.kind is kind
            )
            if waiting >= MAX_OPEN_PER_KIND:
                raise InvalidRequest(
                    f"{waiting} {kind.value} requests already wait for a parent; "
                    "wait for an answer or take one back"
                )
        request = StoredRequest(
            id=new_code({r.id for r in self._items}),
            kind=kind,
            account=account,
            profile_id=None if profile is None else profile.id,
            profile_name=None if profile is None else profile.rules.name,
            at=now.astimezone(policy.zone).isoformat(),
            minutes=minutes,
            target=target,
            target_name=target_name,
            note=note,
            state=RequestState.OPEN,
        )
        if not self._ctx.ledger.record(
            now,
            "request",
            request.profile_id,
            account=account,
            minutes=minutes,
            note=note,
            id=request.id,
            request_kind=kind.value,
            target=target,
            target_name=request.target_name,
            state=RequestState.OPEN.value,
            replaces=replaced[0].id if replaced else None,
        ):
            raise RateLimited(until_next_day(now), "requests today")
        self._items = [r for r in self._items if r not in replaced] + [request]
        self._save()
        self._ctx.publish(Event(EventKind.REQUEST, view(request)))
        return request

    def _target(self, kind: RequestKind, target: str, profile: Any) -> tuple[str, str]:
        """A target as stored, with its name for showing; InvalidRequest saying what is wrong."""
        if target.startswith(SITE_PREFIX):
            host = normalize_name(target[len(SITE_PREFIX) :])
            if host is None:
                raise InvalidRequest(f"param 'target': '{target}' does not name a site")
            return SITE_PREFIX + host, host
        if target.startswith(APP_PREFIX):
            if kind is RequestKind.REPORT:
                raise InvalidRequest("param 'target': a report is about a site ('site:<host>')")
            app = target[len(APP_PREFIX) :]
            name = _app_name(app, None if profile is None else profile.rules)
            if name is None:
                raise InvalidRequest(f"param 'target': there is no app '{app}'")
            return APP_PREFIX + app, name
        raise InvalidRequest(
            f"param 'target': '{target}' is neither 'site:<host>' nor 'app:<app id>'"
        )

    def mine(self, account: str) -> list[StoredRequest]:
        """An account's open requests and those answered in the last day, newest first."""
        since = self._ctx.trusted.now() - timedelta(days=MINE_DAYS)
        return [
            r
            for r in reversed(self._items)
            if r.account == account and (r.open or _when(r.answered_at or r.at) >= since)
        ]

    def cancel(self, account: str, request_id: str) -> None:
        """Take back one of the account's open requests."""
        item = self._own(account, request_id)
        if not item.open:
            raise InvalidRequest(f"request '{item.id}' was already answered")
        self._change(item, state=RequestState.CANCELLED, by=None)

    def approve_with_code(self, account: str, request_id: str, code: str) -> StoredRequest:
        """Approve the account's open time request with a one-time code: at most the policy's
        `requests.code_minutes`, never outside the allowed hours."""
        item = self._own(account, request_id)
        if not item.open or item.kind is not RequestKind.TIME:
            raise InvalidRequest(f"request '{item.id}' cannot be approved with a code")
        if item.profile_id is None or item.minutes is None:
            raise InvalidRequest(f"request '{item.id}' asks for no time")
        self.codes.accept(account, code)
        limit = self._policy.get().requests.code_minutes
        given = min(item.minutes, limit)
        return self._grant(item, given, outside_hours=False, by=ApprovedBy.CODE, message="")

    def _own(self, account: str, request_id: str) -> StoredRequest:
        item = self._find(request_id.upper())
        if item.account != account:
            # Another account's request is not told apart from one that does not exist.
            raise InvalidRequest(f"there is no request '{request_id}'")
        return item

    def _find(self, request_id: str) -> StoredRequest:
        for item in self._items:
            if item.id == request_id:
                return item
        raise InvalidRequest(f"there is no request '{request_id}'")

    # --- the parent's --------------------------------------------------------------------------

    def listing(self) -> list[StoredRequest]:
        """Open requests, oldest first, then those answered in the last ANSWERED_DAYS days,
        newest first."""
        opened = [r for r in self._items if r.open]
        answered = sorted(
            (r for r in self._items if not r.open),
            key=lambda r: r.answered_at or r.at,
            reverse=True,
        )
        return opened + answered

    def answer(self, request_id: str, params: AnswerParams) -> StoredRequest:
        """A parent's answer (see `guardian.requests_client.RequestsClient.answer`)."""
        item = self._find(request_id.upper())
        decision = params.decision
        message = params.message.strip()
        if decision is not Decision.BLOCK and not item.open:
            raise InvalidRequest(f"request '{item.id}' was already answered ({item.state.value})")
        if decision is Decision.APPROVE:
            if item.kind is RequestKind.TIME:
                minutes = None if params.rest_of_day else (params.minutes or item.minutes)
                return self._grant(
                    item,
                    minutes,
                    outside_hours=params.outside_hours,
                    by=ApprovedBy.PARENT,
                    message=message,
                )
            if item.kind is RequestKind.ACCESS:
                self._edit_profile(item, allow=True)
                return self._change(
                    item, state=RequestState.APPROVED, by=ApprovedBy.PARENT, message=message
                )
            raise InvalidRequest("a report is answered with block, seen or decline")
        if decision is Decision.BLOCK:
            if item.target is None or not item.target.startswith(SITE_PREFIX):
                raise InvalidRequest(f"request '{item.id}' is not about a site: nothing to block")
            self._edit_profile(item, allow=False)
            return self._change(
                item, state=RequestState.BLOCKED, by=ApprovedBy.PARENT, message=message
            )
        if decision is Decision.SEEN:
            if item.kind is not RequestKind.REPORT:
                raise InvalidRequest("only a report is answered with seen")
            return self._change(
                item, state=RequestState.SEEN, by=ApprovedBy.PARENT, message=message
            )
        return self._change(
            item, state=RequestState.DECLINED, by=ApprovedBy.PARENT, message=message
        )

    def _grant(
        self,
        item: StoredRequest,
        minutes: int | None,
        *,
        outside_hours: bool,
        by: ApprovedBy,
        message: str,
    ) -> StoredRequest:
        """Mark a time request approved, then give the time (put back open if it cannot be)."""
        if item.profile_id is None:
            raise InvalidRequest(f"request '{item.id}' has no profile to give time to")
        approved = msgspec.structs.replace(
            item,
            state=RequestState.APPROVED,
            answered_at=self._ctx.trusted.now().astimezone(self._ctx.policy().zone).isoformat(),
            given_minutes=minutes,
            rest_of_day=minutes is None,
            outside_hours=outside_hours,
            by=by,
            message=message,
        )
        self._replace(item, approved)
        try:
            self._screen_time.grant(
                item.profile_id, minutes, outside_hours=outside_hours, request_id=item.id
            )
        except Exception:
            self._replace(approved, item)
            raise
        self._log_change(approved)
        return approved

    def _edit_profile(self, item: StoredRequest, *, allow: bool) -> None:
        """Allow (or block) the request's app or site in its profile's own rules, through the
        path the settings save by."""
        if item.profile_id is None or item.target is None:
            raise InvalidRequest(f"request '{item.id}' has no profile to change")
        policy = self._policy.get()
        try:
            profile = policy.profile(item.profile_id)
        except KeyError:
            raise InvalidRequest(f"there is no profile '{item.profile_id}' any more") from None
        changed = _with_target(profile, item.target, allow=allow)
        profiles = tuple(changed if p.id == profile.id else p for p in policy.profiles)
        try:
            # Through plain data, so the new policy is checked whole like one the settings send.
            new = policy_from_data(
                policy_to_data(msgspec.structs.replace(policy, profiles=profiles))
            )
            self._policy.put(new)
        except LockedValues as exc:
            raise InvalidRequest(str(exc)) from None
        except InvalidData as exc:
            raise InvalidRequest(f"the policy would not be valid: {exc}") from None

    # --- changes -------------------------------------------------------------------------------

    def _replace(self, old: StoredRequest, new: StoredRequest) -> None:
        self._items = [new if r is old else r for r in self._items]
        self._save()

    def _change(self, item: StoredRequest, *, state: RequestState, **changes: Any) -> StoredRequest:
        now = self._ctx.trusted.now().astimezone(self._ctx.policy().zone)
        new = msgspec.structs.replace(item, state=state, answered_at=now.isoformat(), **changes)
        self._replace(item, new)
        self._log_change(new)
        return new

    def _log_change(self, new: StoredRequest) -> None:
        self._ctx.ledger.record(
            self._ctx.trusted.now(),
            "request_answer",
            new.profile_id,
            id=new.id,
            account=new.account,
            request_kind=new.kind.value,
            target=new.target,
            target_name=new.target_name,
            state=new.state.value,
            by=None if new.by is None else new.by.value,
            message=new.message,
            given_minutes=new.given_minutes,
            rest_of_day=new.rest_of_day,
            outside_hours=new.outside_hours,
        )
        self._ctx.publish(Event(EventKind.REQUEST_ANSWERED, view(new)))

    # --- methods -------------------------------------------------------------------------------

    def status(self, status: Status, profile: CompiledProfile) -> Status:
        """Tell the child's request dialog whether a code from the parent's phone can work.

        Read from the ledger's meta, never the secret store: every status asks, and the store
        would load keyring (about 15 MiB) into a standalone tray that otherwise never needs it."""
        return replace(status, code_approval=self._ctx.ledger.meta(CODES_ON_KEY) == "1")

    def methods(self) -> list[Method]:
        """The child's request.* methods and the parent's requests.* ones."""

        def submit(caller: Caller, p: SubmitParams) -> dict[str, Any]:
            return view(self.submit(caller.account, p.kind, p.minutes, p.target, p.note))

        def mine(caller: Caller, p: object) -> list[dict[str, Any]]:
            return [view(r) for r in self.mine(caller.account)]

        def cancel(caller: Caller, p: IdParams) -> None:
            self.cancel(caller.account, p.id)

        def approve_code(caller: Caller, p: CodeApprovalParams) -> dict[str, Any]:
            return view(self.approve_with_code(caller.account, p.id, p.code))

        def listing(caller: Caller, p: object) -> list[dict[str, Any]]:
            return [view(r) for r in self.listing()]

        def answer(caller: Caller, p: AnswerParams) -> dict[str, Any]:
            return view(self.answer(p.id, p))

        def codes(caller: Caller, p: object) -> dict[str, Any]:
            limit = self._policy.get().requests.code_minutes
            return {"enrolled": self.codes.enrolled(), "code_minutes": limit}

        def begin(caller: Caller, p: object) -> dict[str, str]:
            pending = self.codes.begin()
            return {"secret": pending.secret, "uri": pending.uri}

        def confirm(caller: Caller, p: CodeParams) -> None:
            self.codes.confirm(caller.account, p.code)
            self._ctx.ledger.record(self._ctx.trusted.now(), "codes_changed", None, enrolled=True)

        def remove(caller: Caller, p: object) -> None:
            self.codes.remove()
            self._ctx.ledger.record(self._ctx.trusted.now(), "codes_changed", None, enrolled=False)

        parent = Access.PARENT
        return [
            Method("request.submit", submit, SubmitParams),
            Method("request.mine", mine),
            Method("request.cancel", cancel, IdParams),
            Method("request.approve_code", approve_code, CodeApprovalParams),
            Method("requests.list", listing, access=parent),
            Method("requests.answer", answer, AnswerParams, parent),
            Method("requests.codes", codes, access=parent),
            Method("requests.code_begin", begin, access=parent),
            Method("requests.code_confirm", confirm, CodeParams, parent),
            Method("requests.code_remove", remove, access=parent),
        ]


def _when(text: str) -> datetime:
    return datetime.fromisoformat(text)


def _app_name(app: str, profile: Profile | None) -> str | None:
    """The name of an app the catalogue or the profile's rules know; None for an unknown id."""
    from rules.catalogue import catalogue, shown_name

    if profile is not None:
        for rule in profile.apps:
            if rule.app == app:
                return shown_name(app, rule.name)
    entry = catalogue().by_id.get(app)
    return None if entry is None else entry.name


def _with_target(profile: Profile, target: str, *, allow: bool) -> Profile:
    """The profile with a site allowed or blocked in its own lists, or an app allowed."""
    if target.startswith(SITE_PREFIX):
        host = target[len(SITE_PREFIX) :]
        sites = profile.sites
        if allow:
            allowed = sites.allow if host in sites.allow else (*sites.allow, host)
            blocked = tuple(h for h in sites.block if h != host)
        else:
            # Allowed beats blocked: a site blocked on purpose leaves the allowed list.
            allowed = tuple(h for h in sites.allow if h != host)
            blocked = sites.block if host in sites.block else (*sites.block, host)
        new_sites = msgspec.structs.replace(sites, allow=allowed, block=blocked)
        return msgspec.structs.replace(profile, sites=new_sites)
    app = target[len(APP_PREFIX) :]
    if not allow:
        raise InvalidRequest("an app is blocked in the settings, not from a request")
    rules = []
    found = False
    for rule in profile.apps:
        if rule.app == app:
            found = True
            rules.append(msgspec.structs.replace(rule, mode=AppMode.ALLOWED, daily_minutes=None))
        else:
            rules.append(rule)
    if not found:
        rules.append(AppRule(app=app, mode=AppMode.ALLOWED))
    return msgspec.structs.replace(profile, apps=tuple(rules))
