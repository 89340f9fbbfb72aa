"""The wire format between the service and its clients (docs/protocol.md, version 1).

Frames are a 4-byte big-endian length and that many bytes of UTF-8 JSON; each frame holds one
JSON-RPC 2.0 message. Pure code, no Qt and no I/O, so both ends and the fuzz tests share it.
"""

from __future__ import annotations

import json
import struct
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

from guardian.api import (
    ApiError,
    AppTime,
    AuthRequired,
    Event,
    EventKind,
    EventPage,
    InvalidRequest,
    LoggedEvent,
    RateLimited,
    RunningApp,
    Status,
    Throttled,
    WrongPassword,
)

PROTOCOL_VERSION = 1
MAX_PAYLOAD = 64 * 1024
HEADER = struct.Struct(">I")

PARSE_ERROR = -32700
INVALID_REQUEST = -32600
METHOD_NOT_FOUND = -32601
INVALID_PARAMS = -32602
INTERNAL_ERROR = -32603
AUTH_REQUIRED = -32001
WRONG_PASSWORD = -32002
THROTTLED = -32003
INVALID_POLICY = -32004
NO_IDENTITY = -32005
RATE_LIMITED = -32006

RequestId = str | int | None


class ProtocolError(ApiError):
    """The other end broke the protocol, or answered with an error this client cannot name."""

    code = "protocol_error"


class ServiceUnavailable(ApiError):
    """The service is not running or did not answer in time."""

    code = "unavailable"


class RpcError(Exception):
    """A JSON-RPC error object to send back; `request_id` is the id to answer (None if unknown)."""

    def __init__(
        self, code: int, message: str, data: Any = None, request_id: RequestId = None
    ) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.data = data
        self.request_id = request_id

    def to_data(self) -> dict[str, Any]:
        """The `error` member of a response."""
        error: dict[str, Any] = {"code": self.code, "message": self.message}
        if self.data is not None:
            error["data"] = self.data
        return error


# --- framing ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Oversize:
    """A frame announced more than MAX_PAYLOAD bytes; its bytes are skipped, not buffered."""

    length: int


def encode_frame(message: Mapping[str, Any]) -> bytes:
    """One message as a frame; ValueError when it would exceed MAX_PAYLOAD."""
    payload = json.dumps(message, ensure_ascii=False, separators=(",", ":")).encode()
    if len(payload) > MAX_PAYLOAD:
        raise ValueError(f"message of {len(payload)} bytes exceeds {MAX_PAYLOAD}")
    return HEADER.pack(len(payload)) + payload


class FrameDecoder:
    """Cuts a byte stream into frame payloads, however the bytes were split or merged.

    An oversize frame yields `Oversize` and its announced bytes are discarded as they arrive,
    so the stream stays in step and the connection remains usable.
    """

    def __init__(self) -> None:
        self._buffer = bytearray()
        self._skip = 0

    @property
    def pending(self) -> bool:
        """Whether a frame has begun but not ended (its bytes, or an oversize one's, are due)."""
        return bool(self._buffer) or self._skip > 0

    def feed(self, data: bytes) -> list[bytes | Oversize]:
        """Add received bytes; return the frames completed by them, in order."""
        self._buffer += data
        frames: list[bytes | Oversize] = []
        start = 0
        while True:
            if self._skip:
                dropped = min(self._skip, len(self._buffer) - start)
                self._skip -= dropped
                start += dropped
                if self._skip:
                    break
            if len(self._buffer) - start < HEADER.size:
                break
            (length,) = HEADER.unpack_from(self._buffer, start)
            if length > MAX_PAYLOAD:
                frames.append(Oversize(length))
                self._skip = length
                start += HEADER.size
                continue
            end = start + HEADER.size + length
            if len(self._buffer) < end:
                break
            frames.append(bytes(self._buffer[start + HEADER.size : end]))
            start = end
        del self._buffer[:start]
        return frames


# --- messages --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Request:
    """A validated call; `has_id` False makes it a notification, which gets no reply."""

    method: str
    params: dict[str, Any]
    id: RequestId = None
    has_id: bool = True


@dataclass(frozen=True, slots=True)
class Response:
    """A reply to one call: `error` is the error object, or None and `result` holds the answer."""

    id: RequestId
    result: Any = None
    error: dict[str, Any] | None = None


@dataclass(frozen=True, slots=True)
class Notification:
    """A message from the service that answers no call (an event)."""

    method: str
    params: dict[str, Any] = field(default_factory=dict)


def _valid_id(value: object) -> bool:
    return value is None or isinstance(value, str) or (type(value) is int)


def _load(payload: bytes) -> Any:
    try:
        return json.loads(payload.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise RpcError(PARSE_ERROR, "parse error: not UTF-8 JSON") from None


def decode_request(payload: bytes) -> Request:
    """A call from a client; RpcError with the reply's error and id if it is not one."""
    message = _load(payload)
    if isinstance(message, list):
        raise RpcError(INVALID_REQUEST, "invalid request: batches are not supported")
    if not isinstance(message, dict):
        raise RpcError(INVALID_REQUEST, "invalid request: expected an object")
    request_id = message.get("id")
    if not _valid_id(request_id):
        raise RpcError(INVALID_REQUEST, "invalid request: id must be a string, integer or null")
    if message.get("jsonrpc") != "2.0":
        raise RpcError(INVALID_REQUEST, 'invalid request: jsonrpc must be "2.0"', None, request_id)
    method = message.get("method")
    if not isinstance(method, str):
        raise RpcError(
            INVALID_REQUEST, "invalid request: method must be a string", None, request_id
        )
    params = message.get("params", {})
    if not isinstance(params, dict):
        raise RpcError(
            INVALID_PARAMS, "invalid params: params must be an object", {"param": None}, request_id
        )
    return Request(method, params, request_id, "id" in message)


def too_large_error(length: int) -> RpcError:
    """The error for a frame over the limit (its id is unknown: the frame was not read)."""
    return RpcError(
        INVALID_REQUEST,
        "invalid request: message too large",
        {"limit": MAX_PAYLOAD, "length": length},
    )


def request_message(request_id: int, method: str, params: Mapping[str, Any]) -> dict[str, Any]:
    """A call as sent by a client."""
    return {"jsonrpc": "2.0", "id": request_id, "method": method, "params": dict(params)}


def result_message(request_id: RequestId, result: Any) -> dict[str, Any]:
    """A successful reply."""
    return {"jsonrpc": "2.0", "id": request_id, "result": result}


def error_message(error: RpcError) -> dict[str, Any]:
    """An error reply to the call `error.request_id`."""
    return {"jsonrpc": "2.0", "id": error.request_id, "error": error.to_data()}


def event_message(event: Event) -> dict[str, Any]:
    """An event pushed to a subscribed client."""
    return {"jsonrpc": "2.0", "method": "event", "params": event_to_data(event)}


def decode_incoming(payload: bytes) -> Response | Notification:
    """A message from the service; ProtocolError when it is not well-formed JSON-RPC 2.0."""
    try:
        message = json.loads(payload.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise ProtocolError("the service sent a frame that is not UTF-8 JSON") from None
    if not isinstance(message, dict) or message.get("jsonrpc") != "2.0":
        raise ProtocolError("the service sent a message that is not JSON-RPC 2.0")
    if "method" in message:
        method, params = message["method"], message.get("params", {})
        if "id" in message or not isinstance(method, str) or not isinstance(params, dict):
            raise ProtocolError("the service sent a malformed notification")
        return Notification(method, params)
    if "id" not in message or not _valid_id(message["id"]):
        raise ProtocolError("the service sent a reply without a valid id")
    has_result, error = "result" in message, message.get("error")
    if has_result == (error is not None) or set(message) - {"jsonrpc", "id", "result", "error"}:
        raise ProtocolError("a reply must hold exactly one of result and error")
    if error is not None:
        code, text = (
            (error.get("code"), error.get("message")) if isinstance(error, dict) else (0, 0)
        )
        if type(code) is not int or not isinstance(text, str):
            raise ProtocolError("the service sent a malformed error object")
    return Response(message["id"], message.get("result"), error)


# --- errors between ApiError and JSON-RPC ----------------------------------------------------


def rpc_error_for(error: ApiError, request_id: RequestId) -> RpcError:
    """The wire form of a refusal raised by the service."""
    if isinstance(error, Throttled):
        return RpcError(THROTTLED, str(error), {"retry_after": error.retry_after}, request_id)
    if isinstance(error, RateLimited):
        return RpcError(RATE_LIMITED, str(error), {"retry_after": error.retry_after}, request_id)
    codes = {AuthRequired: AUTH_REQUIRED, WrongPassword: WRONG_PASSWORD}
    code = codes.get(type(error), INVALID_PARAMS)
    reason = {"reason": error.code} if code == INVALID_PARAMS else None
    return RpcError(code, str(error), reason, request_id)


def api_error_from(error: Mapping[str, Any]) -> ApiError:
    """The ApiError a client raises for an error object from the service."""
    code, message, data = error["code"], str(error["message"]), error.get("data")
    if code == AUTH_REQUIRED:
        return AuthRequired(message)
    if code == WRONG_PASSWORD:
        return WrongPassword(message)
    if code in (THROTTLED, RATE_LIMITED):
        retry = data.get("retry_after") if isinstance(data, dict) else None
        wait = float(retry) if isinstance(retry, int | float) else 0.0
        return Throttled(wait) if code == THROTTLED else RateLimited(wait)
    if code in (INVALID_PARAMS, INVALID_POLICY):
        return InvalidRequest(message)
    return ProtocolError(f"{message} (JSON-RPC error {code})")


# --- plain data for the API's dataclasses ----------------------------------------------------


def status_to_data(status: Status) -> dict[str, Any]:
    """A Status as JSON values (tuples become lists when encoded)."""
    return asdict(status)


def status_from_data(data: Any) -> Status:
    """A Status from the service's reply; ProtocolError when it does not fit."""
    try:
        fields = dict(data)
        fields["reasons"] = tuple(fields["reasons"])
        fields["problems"] = tuple(fields.get("problems", ()))
        fields["hours_today"] = tuple((str(a), str(b)) for a, b in fields["hours_today"])
        fields["apps"] = tuple(
            AppTime(
                str(a["key"]),
                str(a["name"]),
                float(a["budget"]),
                float(a["used"]),
                float(a["left"]),
            )
            for a in fields.get("apps", ())
        )
        known = {k: v for k, v in fields.items() if k in Status.__dataclass_fields__}
        return Status(**known)
    except (TypeError, ValueError, KeyError):
        raise ProtocolError("the service sent a status this client cannot read") from None


def running_app_to_data(app: RunningApp) -> dict[str, Any]:
    """A RunningApp as JSON values."""
    return asdict(app)


def running_app_from_data(data: Any) -> RunningApp:
    """A RunningApp from the service's reply; ProtocolError when it does not fit."""
    try:
        return RunningApp(
            exe=str(data["exe"]),
            name=str(data["name"]),
            cmdline=tuple(str(word) for word in data["cmdline"]),
            app_ids=tuple(str(i) for i in data["app_ids"]),
            account=str(data["account"]),
            app=None if data["app"] is None else str(data["app"]),
            sha256=None if data["sha256"] is None else str(data["sha256"]),
            last_seen=str(data["last_seen"]),
        )
    except (TypeError, ValueError, KeyError):
        raise ProtocolError("the service sent a program this client cannot read") from None


MAX_REPLY_BYTES = MAX_PAYLOAD - 1024
"""Room left in a frame for the reply's envelope around a list of entries."""


def _json_size(value: Any) -> int:
    return len(json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode())


def fitting(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """As many entries from the start of a list as fit in one reply frame."""
    while entries and _json_size(entries) > MAX_REPLY_BYTES:
        entries = entries[: len(entries) * 3 // 4]
    return entries


def event_page_to_data(page: EventPage) -> dict[str, Any]:
    """A page of the log for one reply: what does not fit in a frame comes with the next page."""
    entries = [logged_event_to_data(e) for e in page.events]
    kept = fitting(entries)
    if len(kept) < len(entries):
        return {"events": kept, "next": (kept[-1] if kept else entries[0])["id"]}
    return {"events": kept, "next": page.next}


def logged_event_to_data(event: LoggedEvent) -> dict[str, Any]:
    """A LoggedEvent as JSON values."""
    return asdict(event)


def logged_event_from_data(data: Any) -> LoggedEvent:
    """A LoggedEvent from the service's reply; ProtocolError when it does not fit."""
    try:
        if type(data["id"]) is not int:
            raise TypeError("id")
        return LoggedEvent(
            data["at"], data["profile_id"], data["kind"], dict(data["data"]), data["id"]
        )
    except (TypeError, ValueError, KeyError):
        raise ProtocolError("the service sent an event log entry this client cannot read") from None


def event_page_from_data(data: Any) -> EventPage:
    """A page of the event log from the service's reply; ProtocolError when it does not fit."""
    try:
        cursor = data["next"]
        if cursor is not None and type(cursor) is not int:
            raise TypeError("next")
        return EventPage([logged_event_from_data(e) for e in data["events"]], cursor)
    except (TypeError, KeyError):
        raise ProtocolError("the service sent an event log page this client cannot read") from None


def event_to_data(event: Event) -> dict[str, Any]:
    """An Event as the params of an `event` notification."""
    return {"kind": event.kind.value, "data": event.data}


def event_from_data(data: Mapping[str, Any]) -> Event:
    """An Event from notification params; ProtocolError for a kind this client does not know."""
    try:
        return Event(EventKind(data["kind"]), dict(data.get("data") or {}))
    except (TypeError, ValueError, KeyError):
        raise ProtocolError("the service sent an event this client cannot read") from None
