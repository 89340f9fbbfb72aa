"""Framing and JSON-RPC validation, without sockets."""

from __future__ import annotations

import json

import pytest

from guardian.api import (
    AppTime,
    AuthRequired,
    Event,
    EventKind,
    EventPage,
    InvalidRequest,
    LoggedEvent,
    RateLimited,
    RunningApp,
    Throttled,
)
from guardian.ipc.protocol import (
    HEADER,
    INVALID_PARAMS,
    INVALID_REQUEST,
    MAX_PAYLOAD,
    PARSE_ERROR,
    RATE_LIMITED,
    FrameDecoder,
    Notification,
    Oversize,
    ProtocolError,
    Response,
    RpcError,
    api_error_from,
    decode_incoming,
    decode_request,
    encode_frame,
    event_from_data,
    event_page_from_data,
    event_to_data,
    logged_event_from_data,
    logged_event_to_data,
    rpc_error_for,
    running_app_from_data,
    running_app_to_data,
    status_from_data,
    status_to_data,
)
from tests.helpers.fake_api import sample_status


def frame(payload: bytes) -> bytes:
    return HEADER.pack(len(payload)) + payload


def test_frames_split_byte_by_byte_come_out_whole() -> None:
    data = encode_frame({"a": 1}) + encode_frame({"b": "ю"})
    decoder = FrameDecoder()
    frames = [f for byte in data for f in decoder.feed(bytes([byte]))]
    assert [json.loads(f) for f in frames if isinstance(f, bytes)] == [{"a": 1}, {"b": "ю"}]


def test_merged_frames_and_a_partial_tail() -> None:
    data = encode_frame({"a": 1}) * 3 + encode_frame({"z": 0})[:5]
    decoder = FrameDecoder()
    assert len(decoder.feed(data)) == 3
    assert decoder.feed(encode_frame({"z": 0})[5:]) == [b'{"z":0}']


def test_oversize_frame_is_skipped_and_the_next_one_read() -> None:
    big = MAX_PAYLOAD + 10
    data = HEADER.pack(big) + b"x" * big + frame(b"{}")
    decoder = FrameDecoder()
    out = [f for i in range(0, len(data), 7000) for f in decoder.feed(data[i : i + 7000])]
    assert out == [Oversize(big), b"{}"]


def test_frame_at_the_limit_is_accepted() -> None:
    payload = b"x" * MAX_PAYLOAD
    assert FrameDecoder().feed(frame(payload)) == [payload]


def test_encode_refuses_an_oversize_message() -> None:
    with pytest.raises(ValueError, match="exceeds"):
        encode_frame({"x": "y" * MAX_PAYLOAD})


@pytest.mark.parametrize(
    ("payload", "code", "request_id"),
    [
        (b"\xff\xfe", PARSE_ERROR, None),
        (b"{not json", PARSE_ERROR, None),
        (b"", PARSE_ERROR, None),
        (b"[]", INVALID_REQUEST, None),
        (b'[{"jsonrpc":"2.0","id":1,"method":"status"}]', INVALID_REQUEST, None),
        (b"42", INVALID_REQUEST, None),
        (b'{"jsonrpc":"2.0","id":1.5,"method":"status"}', INVALID_REQUEST, None),
        (b'{"jsonrpc":"2.0","id":true,"method":"status"}', INVALID_REQUEST, None),
        (b'{"jsonrpc":"1.0","id":3,"method":"status"}', INVALID_REQUEST, 3),
        (b'{"jsonrpc":"2.0","id":"a","method":7}', INVALID_REQUEST, "a"),
        (b'{"jsonrpc":"2.0","id":4,"method":"status","params":[1]}', INVALID_PARAMS, 4),
        (b'{"jsonrpc":"2.0","id":1,"method":"s","x":' + b"[" * 100000 + b"}", PARSE_ERROR, None),
    ],
)
def test_bad_requests_name_their_error(payload: bytes, code: int, request_id: object) -> None:
    with pytest.raises(RpcError) as caught:
        decode_request(payload)
    assert caught.value.code == code
    assert caught.value.request_id == request_id


def test_a_request_without_id_is_a_notification() -> None:
    request = decode_request(b'{"jsonrpc":"2.0","method":"status"}')
    assert not request.has_id and request.params == {}
    assert decode_request(b'{"jsonrpc":"2.0","method":"status","id":null}').has_id


def test_incoming_replies_and_notifications() -> None:
    assert decode_incoming(b'{"jsonrpc":"2.0","id":1,"result":null}') == Response(1, None)
    error = b'{"jsonrpc":"2.0","id":1,"error":{"code":-32001,"message":"no"}}'
    assert decode_incoming(error).error == {"code": -32001, "message": "no"}
    event = b'{"jsonrpc":"2.0","method":"event","params":{"kind":"state"}}'
    assert decode_incoming(event) == Notification("event", {"kind": "state"})
    for bad in (
        b"[]",
        b'{"jsonrpc":"2.0","id":1}',
        b'{"jsonrpc":"2.0","id":1,"result":1,"error":{"code":1,"message":""}}',
        b'{"jsonrpc":"2.0","id":1,"error":{"code":"x","message":""}}',
    ):
        with pytest.raises(ProtocolError):
            decode_incoming(bad)


def test_api_errors_round_trip_through_error_objects() -> None:
    throttled = api_error_from(rpc_error_for(Throttled(42.0), 1).to_data())
    assert isinstance(throttled, Throttled) and throttled.retry_after == 42.0
    limited = rpc_error_for(RateLimited(30.0, "requests for time"), 1)
    assert limited.code == RATE_LIMITED and limited.data == {"retry_after": 30.0}
    back = api_error_from(limited.to_data())
    assert isinstance(back, RateLimited) and back.retry_after == 30.0
    assert isinstance(api_error_from(rpc_error_for(AuthRequired("x"), 1).to_data()), AuthRequired)
    invalid = rpc_error_for(InvalidRequest("minutes"), 1)
    assert invalid.code == INVALID_PARAMS
    assert isinstance(api_error_from(invalid.to_data()), InvalidRequest)
    assert isinstance(api_error_from({"code": -32603, "message": "x"}), ProtocolError)


def test_events_to_data_and_back() -> None:
    event = Event(EventKind.REQUEST, {"account": "kid", "minutes": 5})
    assert event_from_data(event_to_data(event)) == event
    with pytest.raises(ProtocolError):
        event_from_data({"kind": "from-the-future"})
    logged = LoggedEvent("2026-11-30T09:00:00+00:00", "kid", "grant", {"minutes": 5}, 7)
    assert logged_event_from_data(json.loads(json.dumps(logged_event_to_data(logged)))) == logged
    page = {"events": [logged_event_to_data(logged)], "next": 7}
    assert event_page_from_data(json.loads(json.dumps(page))) == EventPage([logged], 7)
    for bad in ({"events": [], "next": "7"}, {"events": [{**page["events"][0], "id": True}]}):
        with pytest.raises(ProtocolError):
            event_page_from_data(bad)


def test_status_with_app_times_and_programs_to_data_and_back() -> None:
    status = sample_status(apps=(AppTime("minecraft", "Minecraft", 1800.0, 600.0, 1200.0),))
    assert status_from_data(json.loads(json.dumps(status_to_data(status)))) == status
    program = RunningApp(
        exe="/usr/games/minigame",
        name="minigame",
        cmdline=("minigame", "--fast"),
        app_ids=("org.example.Game",),
        account="kid",
        app=None,
        sha256="ab" * 32,
        last_seen="2026-11-30T09:00:00+03:00",
    )
    assert running_app_from_data(json.loads(json.dumps(running_app_to_data(program)))) == program
    with pytest.raises(ProtocolError):
        running_app_from_data({"exe": "/x"})
