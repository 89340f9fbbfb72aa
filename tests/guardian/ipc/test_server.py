"""The server over real sockets: raw frames from a plain Unix socket, and the IpcClient."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import time
from collections.abc import Callable
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from guardian.api import (
    AuthRequired,
    Event,
    EventKind,
    EventQuery,
    InvalidRequest,
    Throttled,
    WrongPassword,
)
from guardian.ipc.client import IpcClient
from guardian.ipc.protocol import HEADER, MAX_PAYLOAD, ServiceUnavailable, running_app_from_data
from guardian.limits import METHOD_RATES
from guardian.paths import DataPaths
from guardian.service import GuardianService, ServiceOptions
from guardian.version import installed_version
from rules.model import policy_from_data, policy_to_data
from tests.guardian.conftest import MAKE, kid_policy
from tests.guardian.ipc.conftest import START, RawClient, ScriptedIdentity
from tests.helpers.fakes import FakeApps, FakeClock, fake_platform, kid_uid

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="raw Unix sockets")
PASSWORD = "parent-secret"
Raw = Callable[[], RawClient]
MakeClient = Callable[..., IpcClient]


@pytest.fixture
def service(make_service: MAKE) -> GuardianService:
    """The peer here is root: the policy restricts it like the kid."""
    service = make_service(kid_policy(accounts=["kid", "root"]))
    service.set_password(None, PASSWORD)
    return service


def digest(paths: DataPaths) -> str:
    return hashlib.sha256(paths.policy_file.read_bytes()).hexdigest()


def test_hello_and_status_name_the_real_peer(
    service: GuardianService, start_server: START, raw: Raw
) -> None:
    start_server(service)
    client = raw()
    assert client.call("hello", role="cli", version="1")["result"] == {
        "protocol": 1,
        "account": "root",
        "version": installed_version(),
    }
    status = client.call("status")["result"]
    assert status["account"] == "root" and status["restricted"] and status["profile_id"] == "kid"
    assert client.call("rules")["result"]["daily_budget_minutes"] == [120] * 7
    assert client.call("auth.has_password")["result"] is True


PRIVILEGED: list[tuple[str, dict[str, Any]]] = [
    ("policy.get", {}),
    ("policy.set", {"policy": {}}),
    ("grant", {"profile_id": "kid", "minutes": 30}),
    ("accounts", {}),
    ("events.list", {"limit": 5}),
    ("apps.running", {}),
    ("apps.seen", {}),
]


def test_every_privileged_method_needs_a_token(
    service: GuardianService, start_server: START, raw: Raw, paths: DataPaths
) -> None:
    before = digest(paths)
    start_server(service)
    client = raw()
    for method, params in PRIVILEGED:
        for token in ("", "0" * 64, "x"):
            reply = client.call(method, token=token, **params)
            assert reply["error"]["code"] == -32001, (method, reply)
        assert client.call(method, **params)["error"]["data"] == {"param": "token"}
    reply = client.call("auth.set_password", token=None, new_password="hijacked!")
    assert reply["error"]["code"] == -32001
    assert digest(paths) == before


def test_login_throttling_and_token_expiry(
    service: GuardianService, start_server: START, raw: Raw, clock: FakeClock
) -> None:
    start_server(service)
    client = raw()
    token = client.call("auth.login", password=PASSWORD)["result"]
    assert client.call("accounts", token=token)["result"][0]["name"] == "parent"
    clock.advance(601)
    assert client.call("accounts", token=token)["error"]["code"] == -32001
    codes = [client.call("auth.login", password="wrong")["error"] for _ in range(6)]
    assert [c["code"] for c in codes] == [-32002] * 5 + [-32003]
    assert codes[-1]["data"]["retry_after"] > 0
    assert client.call("auth.login", password=PASSWORD)["error"]["code"] == -32003


def test_a_parent_changes_policy_and_grants(
    service: GuardianService, start_server: START, raw: Raw
) -> None:
    start_server(service)
    client = raw()
    token = client.call("auth.login", password=PASSWORD)["result"]
    policy = client.call("policy.get", token=token)["result"]
    policy["profiles"][0]["name"] = "Renamed"
    assert client.call("policy.set", token=token, policy=policy) == {
        "jsonrpc": "2.0",
        "id": 3,
        "result": None,
    }
    assert client.call("status")["result"]["profile_name"] == "Renamed"
    policy["profiles"][0]["daily_budget"] = {"mon": "lots"}
    problems = client.call("policy.set", token=token, policy=policy)["error"]
    assert problems["code"] == -32004
    assert problems["data"]["problems"][0]["path"] == "profiles.0.daily_budget.mon"
    assert client.call("grant", token=token, profile_id="kid", minutes=15)["result"] is None
    assert client.call("grant", token=token, profile_id="nobody", minutes=15)["error"]["code"] == (
        -32602
    )
    page = client.call("events.list", token=token, limit=10)["result"]
    assert [e["kind"] for e in page["events"]][:2] == ["grant", "policy_changed"]
    assert client.call("events.list", token=token, limit=0)["error"]["data"] == {"param": "limit"}


def test_the_connection_survives_every_kind_of_bad_message(
    service: GuardianService, start_server: START, raw: Raw
) -> None:
    start_server(service)
    client = raw()
    bad: list[tuple[bytes, int]] = [
        (b"\xff\xfe", -32700),
        (b"not json", -32700),
        (b"", -32700),
        (b"[]", -32600),
        (b'[{"jsonrpc":"2.0","id":1,"method":"status"}]', -32600),
        (b'"text"', -32600),
        (b'{"id":1,"method":"status"}', -32600),
        (b'{"jsonrpc":"2.0","id":1,"method":null}', -32600),
        (b'{"jsonrpc":"2.0","id":[1],"method":"status"}', -32600),
        (b'{"jsonrpc":"2.0","id":1,"method":"status","params":"x"}', -32602),
        (b'{"jsonrpc":"2.0","id":1,"method":"no.such"}', -32601),
        (b'{"jsonrpc":"2.0","id":1,"method":"request.submit","params":{"minutes":"5"}}', -32602),
        (b'{"jsonrpc":"2.0","id":1,"method":"request.submit","params":{"minutes":true}}', -32602),
        (b'{"jsonrpc":"2.0","id":1,"method":"request.submit","params":{"minutes":5.0}}', -32602),
        (b'{"jsonrpc":"2.0","id":1,"method":"request.submit","params":{"minutes":0}}', -32602),
        (b'{"jsonrpc":"2.0","id":1,"method":"request.submit","params":{}}', -32602),
        (b'{"jsonrpc":"2.0","id":1,"method":"status","params":{"extra":1}}', -32602),
        (b'{"jsonrpc":"2.0","id":1,"method":"hello","params":{"role":"root"}}', -32602),
        (b'{"jsonrpc":"2.0","id":1,"method":"auth.login","params":{"password":1}}', -32602),
        (
            b'{"jsonrpc":"2.0","id":1,"method":"grant","params":{"token":"t","profile_id":"k",'
            b'"minutes":1e999}}',
            -32001,  # the token is checked first: a caller without one learns nothing more
        ),
    ]
    for payload, code in bad:
        client.send_payload(payload)
        reply = client.receive()
        assert reply["jsonrpc"] == "2.0" and reply["error"]["code"] == code, payload
        assert client.call("status")["result"]["account"] == "root"
    client.send({"jsonrpc": "2.0", "method": "status"})  # a notification: never answered
    client.send_raw(HEADER.pack(MAX_PAYLOAD + 1) + b"z" * (MAX_PAYLOAD + 1))
    too_large = client.receive()
    assert too_large["error"]["code"] == -32600 and too_large["id"] is None
    assert too_large["error"]["data"]["limit"] == MAX_PAYLOAD
    assert client.call("status")["result"]["account"] == "root"


def test_a_connection_without_identity_gets_only_that_error(
    service: GuardianService, start_server: START, raw: Raw
) -> None:
    start_server(service, ScriptedIdentity(None))
    client = raw()
    for method in ("hello", "status", "auth.login", "no.such"):
        assert client.call(method)["error"]["code"] == -32005


def test_events_reach_their_account_and_a_logged_in_parent(
    service: GuardianService, start_server: START, raw: Raw
) -> None:
    start_server(service, ScriptedIdentity("kid", "other"))
    kid, other = raw(), raw()
    for client in (kid, other):
        assert client.call("events.subscribe")["result"] is None
    asked = kid.call("request.submit", minutes=20, note="homework")["result"]
    # A request is for the parent's windows only; its answer for the child who asked.
    assert kid.call("request.cancel", id=asked["id"])["result"] is None
    event = kid.event()
    assert event["method"] == "event" and event["params"]["kind"] == "request_answered"
    assert event["params"]["data"]["note"] == "homework"
    assert event["params"]["data"]["state"] == "cancelled"
    # Not for "other": its next frame is the reply, not kid's event.
    assert "result" in other.call("status") and other.pushed == []
    other.call("auth.login", password=PASSWORD)
    again = kid.call("request.submit", minutes=5)["result"]
    assert other.event()["params"]["kind"] == "request"
    kid.call("request.cancel", id=again["id"])
    assert kid.event()["params"]["data"]["minutes"] == 5
    assert other.event()["params"]["data"]["account"] == "kid"


def test_parents_events_reach_only_a_parent_or_an_unrestricted_account(
    service: GuardianService, start_server: START, raw: Raw
) -> None:
    policy = policy_from_data(
        {
            **policy_to_data(kid_policy()),
            "reports": {
                "mail": {
                    "host": "mail.example.org",
                    "username": "pc@example.org",
                    "recipients": ["mum@example.org"],
                }
            },
        }
    )
    service.replace_policy(policy)
    start_server(service, ScriptedIdentity("kid", "parent", "other"))
    kid, parent, other = raw(), raw(), raw()
    for client in (kid, parent, other):
        assert client.call("events.subscribe")["result"] is None
    token = other.call("auth.login", password=PASSWORD)["result"]
    # No mail password is stored: the outcome is told at once, as a parent's event.
    assert "result" in other.call("reports.test_mail", token=token)
    assert other.event()["params"]["kind"] == "report_mail"
    assert parent.event()["params"]["data"]["reason"] == "no_password"
    # The child's next frame is the reply to its own call: the event never reached it.
    assert "result" in kid.call("status") and kid.pushed == []


def test_a_child_reading_their_week_again_and_again_is_slowed(
    service: GuardianService, start_server: START, raw: Raw
) -> None:
    start_server(service, ScriptedIdentity("kid", "other"))
    kid, other = raw(), raw()
    for _ in range(METHOD_RATES["reports.mine"].burst):
        assert kid.call("reports.mine")["result"]["profile"]["id"] == "kid"
    limited = kid.call("reports.mine")["error"]
    assert limited["code"] == -32006 and limited["data"]["retry_after"] > 0
    assert other.call("reports.mine")["result"]["kind"] == "week"  # each account its own


def test_a_closed_tray_connection_is_reported(
    service: GuardianService, start_server: START, raw: Raw, qtbot: QtBot
) -> None:
    thread = start_server(service)
    cli, tray = raw(), raw()
    cli.call("hello", role="cli")
    tray.call("hello", role="tray")
    cli.close()
    tray.close()
    qtbot.waitUntil(lambda: thread.trays_lost == ["root"])


def test_ipc_client_speaks_the_whole_api(
    service: GuardianService, start_server: START, ipc_client: MakeClient
) -> None:
    start_server(service)
    client = ipc_client(role="cli")
    assert client.connect_to_service() and client.account == "root"
    assert client.status().profile_id == "kid"
    assert client.rules()["profile_id"] == "kid"
    assert client.has_password()
    with pytest.raises(WrongPassword):
        client.login("wrong")
    token = client.login(PASSWORD)
    policy = client.get_policy(token)
    assert policy_to_data(policy) == policy_to_data(kid_policy(accounts=["kid", "root"]))
    client.set_policy(token, policy)
    client.grant(token, "kid", 10)
    assert [a["name"] for a in client.accounts(token)] == ["parent", "kid"]
    assert client.events(token, EventQuery(limit=2)).events[0].kind == "grant"
    with pytest.raises(InvalidRequest):
        client.submit_request(0)
    client.logout(token)
    with pytest.raises(AuthRequired):
        client.accounts(token)
    for _ in range(5):
        with pytest.raises((WrongPassword, Throttled)):
            client.login("wrong")
    with pytest.raises(Throttled) as throttled:
        client.login(PASSWORD)
    assert throttled.value.retry_after > 0


def test_ipc_client_delivers_events_from_the_loop_and_reconnects(
    service: GuardianService, start_server: START, ipc_client: MakeClient, qtbot: QtBot
) -> None:
    thread = start_server(service)
    client = ipc_client()
    assert client.connect_to_service()
    seen: list[Event] = []
    client.subscribe(seen.append)
    asked = client.call("request.submit", {"kind": "time", "minutes": 15, "note": "please"})
    client.call("request.cancel", {"id": asked["id"]})
    client.status()
    assert seen == []  # never inside a call: only once the loop runs
    qtbot.waitUntil(lambda: any(e.kind is EventKind.REQUEST_ANSWERED for e in seen))
    answered = [e for e in seen if e.kind is EventKind.REQUEST_ANSWERED]
    assert answered[0].data["minutes"] == 15 and answered[0].data["state"] == "cancelled"

    with qtbot.waitSignal(
        client.connection_changed, timeout=5000, check_params_cb=lambda up: not up
    ) as lost:
        thread.stop()
    assert lost.args == [False]
    with pytest.raises(ServiceUnavailable):
        client.status()
    with qtbot.waitSignal(
        client.connection_changed, timeout=15000, check_params_cb=lambda up: up
    ) as back:
        start_server(service)
    assert back.args == [True]
    asked = client.call("request.submit", {"kind": "time", "minutes": 30, "note": ""})
    client.call("request.cancel", {"id": asked["id"]})
    qtbot.waitUntil(lambda: len(seen) == 2)
    assert seen[1].kind is EventKind.REQUEST_ANSWERED and seen[1].data["minutes"] == 30
    client.close()


def test_a_second_server_on_the_same_socket_is_refused(
    service: GuardianService, start_server: START, socket_path: str, qapp: Any
) -> None:
    from guardian.ipc.server import IpcServer

    start_server(service)
    second = IpcServer(service)
    assert not second.listen(socket_path)
    assert "already listening" in second.error_text()


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root")
def test_a_parent_lists_the_childs_running_and_seen_programs(
    paths: DataPaths, clock: FakeClock, start_server: START, raw: Raw
) -> None:
    service = GuardianService(
        paths, fake_platform(FakeApps()), clock, ServiceOptions(standalone=False), "Europe/Moscow"
    )
    service.replace_policy(kid_policy())
    service.set_password(None, PASSWORD)
    child = subprocess.Popen(["sleep", "60"], user=kid_uid(), group=kid_uid())
    try:
        time.sleep(0.2)
        service.tick()
        service.flush()
        start_server(service)
        client = raw()
        token = client.call("auth.login", password=PASSWORD)["result"]
        running = client.call("apps.running", token=token)["result"]
        seen = client.call("apps.seen", token=token)["result"]
    finally:
        child.kill()
        child.wait()
        service.close()
    [sleep] = [p for p in running if p["name"] == "sleep"]
    assert running_app_from_data(sleep).account == "kid"
    assert sleep["cmdline"] == ["sleep", "60"] and len(sleep["sha256"]) == 64
    assert any(p["exe"] == sleep["exe"] and p["account"] == "kid" for p in seen)


def test_requests_are_limited_per_account_and_the_log_pages_newest_first(
    service: GuardianService, start_server: START, raw: Raw
) -> None:
    start_server(service, ScriptedIdentity("kid", "other", "parent"))
    kid, other, parent = raw(), raw(), raw()
    burst = METHOD_RATES["request.submit"].burst
    for minutes in range(1, burst + 1):
        assert kid.call("request.submit", minutes=minutes)["result"]["minutes"] == minutes
    limited = kid.call("request.submit", minutes=5)["error"]
    assert limited["code"] == -32006 and limited["data"]["retry_after"] > 0
    assert other.call("request.submit", minutes=5)["result"]["state"] == "open"
    token = parent.call("auth.login", password=PASSWORD)["result"]
    first = parent.call("events.list", token=token, kinds=["request"], limit=4)["result"]
    assert [e["data"]["minutes"] for e in first["events"]] == [5, burst, burst - 1, burst - 2]
    rest = parent.call(
        "events.list", token=token, kinds=["request"], before=first["next"], limit=1000
    )["result"]
    assert [e["data"]["minutes"] for e in rest["events"]] == list(range(burst - 3, 0, -1))
    assert rest["next"] is None
    assert parent.call("events.list", token=token, profile_id="nobody")["result"] == {
        "events": [],
        "next": None,
    }
    bad = parent.call("events.list", token=token, kinds=[1])["error"]
    assert bad["code"] == -32602 and bad["data"] == {"param": "kinds"}
