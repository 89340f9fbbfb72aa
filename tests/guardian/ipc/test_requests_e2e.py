"""Requests end to end: the real service process, its real socket, children as real OS accounts
(forked, setuid to throwaway uids the service names "kid" and "sister"; peer credentials tell
the service who calls) and the parent's token."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pyotp
import pytest

from guardian.paths import standalone_paths
from guardian.policy_store import PolicyStore
from rules.model import AgePreset, Policy, Profile
from rules.presets import default_policy
from rules.timeofday import Weekday
from tests.guardian.ipc.conftest import RawClient
from tests.helpers.other_account import Link, as_account, finish
from tests.helpers.service_process import launch, stop

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(sys.platform == "win32", reason="Unix sockets and setuid"),
    pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root"),
]
PARENT_UID, KID_UID, SISTER_UID = 61000, 61001, 61002
PASSWORD = "parent-secret"
Start = Callable[[], str]


def family() -> Policy:
    """Two children with an hour a day each, at any hour; the parent unrestricted."""
    hour = {d: 60 for d in Weekday}
    kid = Profile(
        id="kid",
        name="Kid",
        preset=AgePreset.AGE_18,
        accounts=("kid", "root"),
        daily_budget=hour,  # type: ignore[arg-type]
    )
    sister = Profile(
        id="sister",
        name="Sister",
        preset=AgePreset.AGE_18,
        accounts=("sister",),
        daily_budget=hour,  # type: ignore[arg-type]
    )
    return Policy(
        timezone="UTC",
        default_profile="kid",
        profiles=(kid, sister),
        unrestricted_accounts=("parent",),
    )


@pytest.fixture
def start_service(tmp_path: Path) -> Iterator[Start]:
    """The real service process with the family's policy, on a socket any uid may reach."""
    folder = Path(tempfile.mkdtemp(prefix="greq-"))
    folder.chmod(0o755)
    path = str(folder / "run" / "guardian.sock")
    started: list[subprocess.Popen[str]] = []

    def start() -> str:
        paths = standalone_paths(tmp_path / "data")
        paths.create()
        store = PolicyStore(
            paths.policy_file, paths.state / "last-good-policy.toml", lambda: default_policy("UTC")
        )
        store.save(family())
        peers = [f"{PARENT_UID}=parent", f"{KID_UID}=kid", f"{SISTER_UID}=sister"]
        options = [arg for peer in peers for arg in ("--peer", peer)]
        started.append(launch(tmp_path / "data", path, *options))
        return path

    yield start
    stop(started)
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def as_root() -> Iterator[Callable[[str], RawClient]]:
    """Connections as this process's account (root; restricted, a parent by its token)."""
    opened: list[RawClient] = []

    def open_client(path: str) -> RawClient:
        opened.append(connect(path))
        return opened[-1]

    yield open_client
    for client in opened:
        client.close()


AsRoot = Callable[[str], RawClient]


def connect(path: str) -> RawClient:
    deadline = time.monotonic() + 30
    while True:
        try:
            return RawClient(path, timeout=60)
        except BlockingIOError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.01)


def result(reply: dict[str, Any]) -> Any:
    assert "result" in reply, reply
    return reply["result"]


def next_answer(client: RawClient) -> dict[str, Any]:
    """The next REQUEST_ANSWERED event pushed to this client."""
    while True:
        event = client.event()
        if event["params"]["kind"] == "request_answered":
            data: dict[str, Any] = event["params"]["data"]
            return data


def assert_grew_by(told: dict[str, Any], seconds: float) -> None:
    """The day's budget grew by `seconds`, and the time left with it, up to midnight (UTC, the
    family's zone), which bonus time does not pass."""
    assert told["budget_after"] == told["budget_before"] + seconds
    now = datetime.now(UTC)
    midnight = datetime.combine(now.date() + timedelta(days=1), datetime.min.time(), UTC)
    expected = min(told["before"] + seconds, (midnight - now).total_seconds())
    assert told["after"] >= expected - 120


def child_asks(path: str, **request: Any) -> Callable[[Link], Any]:
    """A child that subscribes, asks, tells the test the request's id, waits for its answer
    and reports it with its time left before and after."""

    def work(link: Link) -> Any:
        client = connect(path)
        result(client.call("events.subscribe"))
        first = result(client.call("status"))
        asked = result(client.call("request.submit", **request))
        link.send(asked["id"])
        code = link.receive()
        if code is not None:
            result(client.call("request.approve_code", id=asked["id"], code=code))
        answer = next_answer(client)
        then = result(client.call("status"))
        return {
            "answer": answer,
            "before": first["time_left_today"],
            "after": then["time_left_today"],
            "budget_before": first["budget_today"],
            "budget_after": then["budget_today"],
        }

    return work


def sister_listens(path: str) -> Callable[[Link], Any]:
    """A second child, subscribed, who asks too; when told, reports every answer it heard."""

    def work(link: Link) -> Any:
        client = connect(path)
        result(client.call("events.subscribe"))
        result(client.call("request.submit", kind="report", target="site:odd.example", note=""))
        link.send("ready")
        link.receive()
        # Events are sent in order: any answer pushed to this connection comes before the reply.
        result(client.call("status"))
        return [e["params"]["data"] for e in client.pushed if e["params"]["kind"] != "state"]

    return work


def test_approved_with_the_password_the_child_gets_time_and_the_answer_only_it(
    start_service: Start, as_root: AsRoot
) -> None:
    path = start_service()
    parent = as_root(path)
    token = result(parent.call("auth.set_password", token=None, new_password=PASSWORD))
    result(parent.call("events.subscribe"))
    with (
        as_account(SISTER_UID, sister_listens(path)) as sister,
        as_account(KID_UID, child_asks(path, kind="time", minutes=30, note="homework")) as kid,
    ):
        assert sister.receive() == "ready"
        request_id = kid.receive()
        listed = result(parent.call("requests.list", token=token))
        assert request_id in [r["id"] for r in listed]
        kid.send(None)
        done = result(
            parent.call(
                "requests.answer",
                token=token,
                id=request_id,
                decision="approve",
                minutes=None,
                rest_of_day=False,
                outside_hours=False,
                message="after the homework",
            )
        )
        assert done["state"] == "approved" and done["given_minutes"] == 30
        told = finish(kid)
        # The sister's own answer does reach her: her connection hears what is hers.
        (hers,) = [r for r in listed if r["account"] == "sister"]
        result(parent.call("requests.answer", token=token, id=hers["id"], decision="seen"))
        sister.send("check")
        heard = finish(sister)
    assert told["answer"]["id"] == request_id
    assert told["answer"]["message"] == "after the homework"
    assert_grew_by(told, 30 * 60)
    assert [(h.get("account"), h.get("state")) for h in heard if "state" in h] == [
        ("sister", "seen")
    ]
    assert all(h.get("account") != "kid" for h in heard), heard
    assert "after the homework" not in str(heard)
    # The parent's window heard the request and its answer.
    kinds = [parent.event()["params"]["kind"] for _ in range(3)]
    assert "request" in kinds


def test_approved_by_a_one_time_code_and_a_code_works_once(
    start_service: Start, as_root: AsRoot
) -> None:
    path = start_service()
    parent = as_root(path)
    token = result(parent.call("auth.set_password", token=None, new_password=PASSWORD))
    begun = result(parent.call("requests.code_begin", token=token))
    assert begun["uri"].startswith("otpauth://totp/Guardian:")
    totp = pyotp.TOTP(begun["secret"])
    result(parent.call("requests.code_confirm", token=token, code=totp.now()))
    # The step after the one enrolment used: a code the authenticator shows next.
    code = totp.at(time.time() + 30)
    with as_account(KID_UID, child_asks(path, kind="time", minutes=90, note="")) as kid:
        kid.receive()
        kid.send(code)
        told = finish(kid)
    answer = told["answer"]
    assert answer["state"] == "approved" and answer["by"] == "code"
    assert answer["given_minutes"] == 30 and not answer["outside_hours"]
    assert_grew_by(told, 30 * 60)

    def reuse(link: Link) -> Any:
        client = connect(path)
        asked = result(client.call("request.submit", kind="time", minutes=10, note=""))
        return client.call("request.approve_code", id=asked["id"], code=code)

    with as_account(KID_UID, reuse) as kid:
        refused = finish(kid)
    assert refused["error"]["code"] == -32002  # wrong_password: the code was used


def test_declined_with_a_message_the_child_reads(start_service: Start, as_root: AsRoot) -> None:
    path = start_service()
    parent = as_root(path)
    token = result(parent.call("auth.set_password", token=None, new_password=PASSWORD))
    with as_account(KID_UID, child_asks(path, kind="time", minutes=20, note="")) as kid:
        request_id = kid.receive()
        kid.send(None)
        result(
            parent.call(
                "requests.answer",
                token=token,
                id=request_id,
                decision="decline",
                message="bedtime, sorry",
            )
        )
        told = finish(kid)
    assert told["answer"]["state"] == "declined"
    assert told["answer"]["message"] == "bedtime, sorry"
    assert told["after"] <= told["before"]


def test_a_reported_site_is_blocked_in_the_policy_and_logged(
    start_service: Start, as_root: AsRoot
) -> None:
    path = start_service()
    parent = as_root(path)
    token = result(parent.call("auth.set_password", token=None, new_password=PASSWORD))

    def report(link: Link) -> Any:
        client = connect(path)
        return result(
            client.call("request.submit", kind="report", target="site:Scary.Example", note="ugh")
        )

    with as_account(KID_UID, report) as kid:
        reported = finish(kid)
    assert reported["target"] == "site:scary.example"
    done = result(parent.call("requests.answer", token=token, id=reported["id"], decision="block"))
    assert done["state"] == "blocked"
    policy = result(parent.call("policy.get", token=token))
    kid_profile = next(p for p in policy["profiles"] if p["id"] == "kid")
    assert "scary.example" in kid_profile["sites"]["block"]
    logged = result(
        parent.call("events.list", token=token, kinds=["request", "request_answer"], limit=10)
    )["events"]
    assert [(e["kind"], e["data"]["state"]) for e in logged] == [
        ("request_answer", "blocked"),
        ("request", "open"),
    ]
    assert logged[1]["data"]["note"] == "ugh"
