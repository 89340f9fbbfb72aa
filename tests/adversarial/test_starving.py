"""A child's account tries to starve the real service over its real socket, so that the
parent's tray or the administrator's CLI waits, a tamper event drowns, or the parent is locked
out. The service is the real process (tests/helpers/service_process.py) on the fake platform;
the child is a forked process that setuid()s to a throwaway uid.

Throwaway uids are named by the service's peer-identity layer (`--peer UID=NAME`, the injectable
uid-to-name lookup of PosixPeer) rather than by useradd: SO_PEERCRED is still read from the
kernel, the tests do not depend on which accounts exist, and they never edit /etc/passwd on a
machine where other test runs use it at the same time.
"""

from __future__ import annotations

import contextlib
import json
import os
import select
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from guardian.ipc.admission import ConnectionLimits
from guardian.ipc.protocol import HEADER
from guardian.limits import METHOD_RATES, STORED_PER_DAY
from tests.guardian.ipc.conftest import RawClient
from tests.helpers.other_account import Link, as_account, finish
from tests.helpers.service_process import launch, stop

pytestmark = [
    pytest.mark.skipif(sys.platform == "win32", reason="Unix sockets and setuid"),
    pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root"),
]
PARENT_UID, KID_UID = 61000, 61001
"""Throwaway uids; the service names them "parent" (an admin on the fake platform) and "kid"."""
PASSWORD = "parent-secret"
PER_ACCOUNT = ConnectionLimits().per_account
Start = Callable[..., str]
AsRoot = Callable[[str], RawClient]


@pytest.fixture
def start_service(tmp_path: Path) -> Iterator[Start]:
    """Start the real service process on a socket any uid may reach; returns the socket path."""
    folder = Path(tempfile.mkdtemp(prefix="gstarve-"))
    folder.chmod(0o755)
    path = str(folder / "run" / "guardian.sock")
    started: list[subprocess.Popen[str]] = []

    def start(*options: str) -> str:
        peers = ["--peer", f"{PARENT_UID}=parent", "--peer", f"{KID_UID}=kid"]
        started.append(launch(tmp_path / "data", path, *peers, *options))
        return path

    yield start
    stop(started)
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def as_root() -> Iterator[AsRoot]:
    """Open connections as this process's account (root), closed at the end."""
    opened: list[RawClient] = []

    def open_client(path: str) -> RawClient:
        opened.append(connect(path))
        return opened[-1]

    yield open_client
    for client in opened:
        client.close()


def connect(path: str) -> RawClient:
    """A raw client, retrying while the service's backlog of connections is full (EAGAIN)."""
    deadline = time.monotonic() + 30
    while True:
        try:
            return RawClient(path)
        except BlockingIOError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.01)


def status_of(path: str, uid: int | None = None) -> dict[str, Any]:
    """`status` from a fresh connection, as root or (forked) as `uid`."""
    if uid is None:
        client = connect(path)
        try:
            return client.call("status")
        finally:
            client.close()
    with as_account(uid, lambda link: connect(path).call("status")) as link:
        reply: dict[str, Any] = finish(link)
        return reply


def closed(sock: socket.socket) -> bool:
    """Whether the service has closed this connection (without waiting)."""
    try:
        readable, _, _ = select.select([sock], [], [], 0)
        return bool(readable) and sock.recv(1 << 16) == b""
    except OSError:
        return True


def test_a_childs_500_connections_leave_the_parent_and_the_admin_answered(
    start_service: Start,
) -> None:
    """Attack: the child's account opens 500 connections and holds them open.
    Outcome: the child holds its 16 at most; root's and the parent's `status` still answer,
    each with its own account."""
    path = start_service()

    def flood(link: Link) -> int:
        clients = [connect(path) for _ in range(500)]
        alive = 0
        for client in clients:
            with contextlib.suppress(OSError):
                alive += client.call("status")["result"]["account"] == "kid"
        link.send(alive)
        link.receive()  # hold every connection until the test has made its calls
        return alive

    with as_account(KID_UID, flood) as child:
        alive = child.receive()
        assert status_of(path)["result"]["account"] == "root"
        assert status_of(path, PARENT_UID)["result"]["account"] == "parent"
        child.send("done")
        finish(child)
    assert alive == PER_ACCOUNT


def test_stalled_frames_and_silent_connections_are_dropped_while_others_answer(
    start_service: Start,
) -> None:
    """Attack: the child holds its maximum of connections: one subscribed tray, one that never
    says a word, and the rest each dribbling a byte at a time of a frame that never ends.
    Outcome: root and the parent get their `status` meanwhile; the dribbling connections are
    closed once their frame is overdue and the silent one once idle; the subscribed tray stays
    and still answers."""
    path = start_service("--frame-seconds", "1", "--idle-seconds", "2")

    def stall(link: Link) -> dict[str, Any]:
        tray = connect(path)
        assert tray.call("events.subscribe")["result"] is None
        silent = connect(path)
        dribblers = [connect(path) for _ in range(PER_ACCOUNT - 2)]
        for client in dribblers:
            client.send_raw(HEADER.pack(200) + b'{"jsonrpc":')
        open_ = list(dribblers)
        link.send("stalling")
        deadline = time.monotonic() + 30
        while (open_ or not closed(silent.sock)) and time.monotonic() < deadline:
            for client in list(open_):
                try:
                    if closed(client.sock):
                        open_.remove(client)
                    else:
                        client.send_raw(b" ")
                except OSError:
                    open_.remove(client)
            time.sleep(0.1)
        return {
            "dribbling": len(open_),
            "silent_closed": closed(silent.sock),
            "tray": tray.call("status")["result"]["account"],
        }

    with as_account(KID_UID, stall) as child:
        assert child.receive() == "stalling"
        assert status_of(path)["result"]["account"] == "root"
        assert status_of(path, PARENT_UID)["result"]["account"] == "parent"
        outcome = finish(child)
    assert outcome == {"dribbling": 0, "silent_closed": True, "tray": "kid"}


def test_10000_requests_are_limited_and_do_not_bury_a_tamper_event(
    start_service: Start, as_root: AsRoot
) -> None:
    """Attack: the child's tray is stopped (a tamper event), then the child sends 10,000
    `request.submit` calls to bury it.
    Outcome: all but a handful are refused with "rate_limited" (-32006); the log keeps at most
    STORED_PER_DAY requests of the child; the parent finds the tamper event by filtering on its
    kind, and by paging back through the whole log."""
    path = start_service()
    admin = as_root(path)
    token = admin.call("auth.set_password", token=None, new_password=PASSWORD)["result"]

    def stop_tray(link: Link) -> None:
        connect(path).call("hello", role="tray")

    with as_account(KID_UID, stop_tray) as child:
        finish(child)

    def tamper() -> list[dict[str, Any]]:
        page = admin.call("events.list", token=token, kinds=["tamper"])["result"]
        return [e for e in page["events"] if e["data"]["what"] == "tray_stopped"]

    deadline = time.monotonic() + 10
    while not tamper() and time.monotonic() < deadline:
        time.sleep(0.05)

    def flood(link: Link) -> dict[str, int]:
        client = connect(path)
        codes: Counter[str] = Counter()
        for batch in range(20):
            frames = [
                {
                    "jsonrpc": "2.0",
                    "id": batch * 500 + i,
                    "method": "request.submit",
                    "params": {"minutes": 30, "note": "please"},
                }
                for i in range(500)
            ]
            client.send_raw(
                b"".join(HEADER.pack(len(f)) + f for f in (json.dumps(f).encode() for f in frames))
            )
            for _ in frames:
                reply = client.receive()
                codes[str(reply["error"]["code"]) if "error" in reply else "ok"] += 1
        return dict(codes)

    with as_account(KID_UID, flood) as child:
        codes = finish(child)
    assert sum(codes.values()) == 10_000
    assert codes["ok"] <= STORED_PER_DAY["request"]
    assert codes["-32006"] == 10_000 - codes["ok"]

    stored = admin.call("events.list", token=token, kinds=["request"], limit=1000)["result"]
    assert len(stored["events"]) == codes["ok"] and stored["next"] is None
    [found] = tamper()
    params: dict[str, Any] = {}
    for _ in range(10_000 // 20 + 2):
        page = admin.call("events.list", token=token, limit=20, **params)["result"]
        if found in page["events"] or page["next"] is None:
            break
        params = {"before": page["next"]}
    assert found in page["events"]


def test_a_childs_50_wrong_passwords_never_lock_out_the_parent(
    start_service: Start, as_root: AsRoot
) -> None:
    """Attack: the child's account guesses the parent password 50 times, then tries the right
    one. Outcome: the child is throttled (-32003) and rate-limited (-32006) and gets no token,
    not even with the right password; the parent's account and root log in at once."""
    path = start_service()
    admin = as_root(path)
    assert admin.call("auth.set_password", token=None, new_password=PASSWORD)["result"]

    def guess(link: Link) -> dict[str, int]:
        client = connect(path)
        codes: Counter[str] = Counter()
        for attempt in range(51):
            password = PASSWORD if attempt == 50 else f"guess-{attempt}"
            reply = client.call("auth.login", password=password)
            codes[str(reply["error"]["code"]) if "error" in reply else "ok"] += 1
        return dict(codes)

    with as_account(KID_UID, guess) as child:
        codes = finish(child)
    assert "ok" not in codes
    assert codes["-32002"] == 5
    assert codes["-32006"] >= 51 - METHOD_RATES["auth.login"].burst

    def parent_login(link: Link) -> Any:
        return connect(path).call("auth.login", password=PASSWORD)

    with as_account(PARENT_UID, parent_login) as parent:
        assert len(finish(parent)["result"]) == 64
    assert len(admin.call("auth.login", password=PASSWORD)["result"]) == 64
