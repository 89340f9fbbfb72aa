"""Fuzzing the server: 100,000 generated messages over a few connections.

Every reply must be well-formed JSON-RPC, nothing may change without a token, and the server
must still answer afterwards. A seeded generator (not hypothesis) keeps it fast and repeatable.
"""

from __future__ import annotations

import hashlib
import json
import random
import sys
import time
from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest

from guardian.ipc.protocol import HEADER, MAX_PAYLOAD, Response, decode_incoming
from guardian.paths import DataPaths
from tests.guardian.conftest import MAKE, kid_policy
from tests.guardian.ipc.conftest import START, RawClient

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(sys.platform == "win32", reason="raw Unix sockets"),
]
MESSAGES = 100_000
BATCH = 500
METHODS = [
    "hello", "status", "rules", "request.submit", "events.subscribe", "auth.has_password",
    "auth.login", "auth.logout", "auth.set_password", "policy.get", "policy.set", "grant",
    "accounts", "events.list", "apps.running", "apps.seen", "no.such", "", "status ", "STATUS",
]  # fmt: skip
PARAMS = [
    "token", "password", "new_password", "policy", "profile_id", "minutes", "limit", "note",
    "role", "version", "x",
]  # fmt: skip
NO_REPLY = object()
NULL_ID = object()


def junk_value(rng: random.Random, depth: int = 0) -> Any:
    """Any JSON value, with a bias to the wrong types for this protocol."""
    choice = rng.randrange(10 if depth < 2 else 7)
    if choice == 0:
        return None
    if choice == 1:
        return rng.choice([True, False])
    if choice == 2:
        return rng.choice([0, -1, 1, 5, 1440, 1441, 2**63, -(2**70)])
    if choice == 3:
        return rng.choice([0.5, -1e308, 1e-9, 30.0])
    if choice in (4, 5, 6):
        return "".join(
            rng.choice("ab\u00e9\u0416\U0001f600\x00\\\"'") for _ in range(rng.randrange(12))
        )
    if choice in (7, 8):
        return [junk_value(rng, depth + 1) for _ in range(rng.randrange(4))]
    return {rng.choice(PARAMS): junk_value(rng, depth + 1) for _ in range(rng.randrange(4))}


def generate(rng: random.Random, serial: int) -> tuple[bytes, object]:
    """One frame payload and the id its reply must carry (NULL_ID, or NO_REPLY)."""
    kind = rng.randrange(10)
    if kind == 0:
        return bytes(rng.randrange(256) for _ in range(rng.randrange(40))), NULL_ID
    if kind == 1:
        return json.dumps(junk_value(rng)).encode(), NULL_ID
    message: dict[str, Any] = {}
    if rng.random() < 0.95:
        message["jsonrpc"] = "2.0" if rng.random() < 0.9 else junk_value(rng)
    if rng.random() < 0.95:
        message["method"] = rng.choice(METHODS) if rng.random() < 0.9 else junk_value(rng)
    if rng.random() < 0.8:
        if rng.random() < 0.85:
            keys = rng.sample(PARAMS, rng.randrange(4))
            message["params"] = {key: junk_value(rng) for key in keys}
        else:
            message["params"] = junk_value(rng)
    if rng.random() < 0.9:
        message["id"] = f"f{serial}" if rng.random() < 0.9 else junk_value(rng)
    if rng.random() < 0.05:
        message = [message]  # type: ignore[assignment]
    return json.dumps(message).encode(), expected_id(message)


def expected_id(message: Any) -> object:
    """The id the server must answer with, mirroring JSON-RPC 2.0's rules."""
    if not isinstance(message, dict):
        return NULL_ID
    request_id = message.get("id")
    valid_id = request_id is None or isinstance(request_id, str) or type(request_id) is int
    if not valid_id:
        return NULL_ID
    if "id" in message:
        return NULL_ID if request_id is None else request_id
    well_formed = (
        message.get("jsonrpc") == "2.0"
        and isinstance(message.get("method"), str)
        and isinstance(message.get("params", {}), dict)
    )
    return NO_REPLY if well_formed else NULL_ID


def exchange(client: RawClient, frames: list[tuple[bytes, object]], sentinel: str) -> Counter[str]:
    """Send a batch plus a `status` call; check every reply up to the sentinel's."""
    wanted: Counter[object] = Counter(e for _, e in frames if e is not NO_REPLY)
    client.send_raw(b"".join(HEADER.pack(len(p)) + p for p, _ in frames))
    client.send({"jsonrpc": "2.0", "id": sentinel, "method": "status"})
    codes: Counter[str] = Counter()
    while True:
        message = decode_incoming(json.dumps(client.receive()).encode())
        if not isinstance(message, Response):
            continue  # a pushed event: decode_incoming checked its form
        if message.id == sentinel:
            assert message.error is None and message.result["account"] == "root"
            break
        key = NULL_ID if message.id is None else message.id
        assert wanted[key] > 0, message
        wanted[key] -= 1
        codes[str(message.error["code"]) if message.error else "ok"] += 1
    assert not +wanted, "some calls were not answered"
    return codes


def test_100k_generated_messages_change_nothing_and_break_nothing(
    make_service: MAKE,
    start_server: START,
    raw: Callable[[], RawClient],
    paths: DataPaths,
) -> None:
    service = make_service(kid_policy(accounts=["kid", "root"]))
    service.set_password(None, "parent-secret")
    policy_before = hashlib.sha256(paths.policy_file.read_bytes()).hexdigest()
    events_before = service.ledger.events(10_000)
    start_server(service)
    rng = random.Random(20261130)
    started = time.monotonic()
    codes: Counter[str] = Counter()
    sent = 0
    clients = [raw() for _ in range(4)]
    while sent < MESSAGES:
        frames = [generate(rng, sent + i) for i in range(BATCH)]
        codes += exchange(clients[sent // BATCH % 4], frames, f"sentinel-{sent}")
        sent += BATCH
    # Framing abuse on its own connection: oversize frames announced, then a normal call.
    abuser = raw()
    for length in (MAX_PAYLOAD + 1, 2**32 - 1):
        abuser.send_raw(HEADER.pack(length) + b"\x00" * min(length, MAX_PAYLOAD + 1))
        if length == MAX_PAYLOAD + 1:
            assert abuser.receive()["error"]["code"] == -32600
    abuser.close()
    elapsed = time.monotonic() - started
    print(f"fuzz: {sent} messages in {elapsed:.1f} s; replies by code {dict(codes)}")

    assert clients[0].call("status")["result"]["account"] == "root"
    assert hashlib.sha256(paths.policy_file.read_bytes()).hexdigest() == policy_before
    after = service.ledger.events(1_000_000)
    new = {e.kind for e in after[len(events_before) :]}
    # Any local user may ask for more time; nothing else may be written without a token.
    assert new <= {"login_failed", "request"}
    assert after[: len(events_before)] == events_before
    assert not service.auth.is_live(None)
