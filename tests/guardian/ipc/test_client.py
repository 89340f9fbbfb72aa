"""IpcClient's decoding of the parent's problems and the setup state, against a scripted peer."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from guardian.api import SetupState
from guardian.ipc.client import IpcClient
from guardian.ipc.protocol import FrameDecoder, ProtocolError, encode_frame, result_message
from guardian.problems import Problem, ProblemCode


class ScriptedService(threading.Thread):
    """Answers each method with a fixed result and records the calls, on a Unix socket."""

    def __init__(self, path: str, results: dict[str, Any]) -> None:
        super().__init__(daemon=True)
        self.results = {"hello": {"protocol": 1, "account": "parent"}, **results}
        self.calls: list[tuple[str, dict[str, Any]]] = []
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        self.listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.listener.bind(path)
        self.listener.listen(1)

    def run(self) -> None:
        conn, _ = self.listener.accept()
        decoder = FrameDecoder()
        with conn:
            while data := conn.recv(1 << 16):
                for frame in decoder.feed(data):
                    assert isinstance(frame, bytes)
                    request = json.loads(frame)
                    self.calls.append((request["method"], request["params"]))
                    result = self.results[request["method"]]
                    conn.sendall(encode_frame(result_message(request["id"], result)))

    def close(self) -> None:
        self.listener.close()


@pytest.fixture
def serve(socket_path: str, qapp: Any) -> Iterator[Any]:
    started: list[tuple[ScriptedService, IpcClient]] = []

    def start(results: dict[str, Any]) -> tuple[ScriptedService, IpcClient]:
        service = ScriptedService(socket_path, results)
        service.start()
        client = IpcClient(socket_path, role="tray")
        assert client.connect_to_service()
        started.append((service, client))
        return service, client

    yield start
    for service, client in started:
        client.close()
        service.close()


def test_setup_state_is_read(serve: Any) -> None:
    _service, client = serve({"setup.state": {"password": False, "policy": True, "managed": False}})
    assert client.setup_state() == SetupState(password=False, policy=True, managed=False)


def test_problems_are_decoded_and_dismissed_by_key(serve: Any) -> None:
    problem = Problem(ProblemCode.ADMIN_CHILD, {"account": "kid", "profile": "Anna"})
    listed = [
        {
            "code": "admin_child",
            "args": {"account": "kid", "profile": "Anna"},
            "detail": "",
            "dismissable": False,
            "key": problem.key,
        },
        {"code": "from_a_newer_service", "args": {}, "detail": "", "dismissable": True, "key": "x"},
        {
            "code": "policy_not_applied",
            "args": {"file": "a.toml"},
            "detail": "line 3",
            "dismissable": True,
            "key": "policy_not_applied|file=a.toml",
        },
    ]
    service, client = serve({"problems.list": listed, "problems.dismiss": None})
    found = client.problems("t0ken")
    assert found == [
        Problem(ProblemCode.ADMIN_CHILD, {"account": "kid", "profile": "Anna"}, dismissable=False),
        Problem(ProblemCode.POLICY_NOT_APPLIED, {"file": "a.toml"}, detail="line 3"),
    ]
    client.dismiss_problem("t0ken", found[1].key)
    assert service.calls[-2:] == [
        ("problems.list", {"token": "t0ken"}),
        ("problems.dismiss", {"token": "t0ken", "key": "policy_not_applied|file=a.toml"}),
    ]


def test_a_malformed_reply_is_a_protocol_error(serve: Any) -> None:
    _service, client = serve({"setup.state": {"password": True}, "problems.list": [{"args": {}}]})
    with pytest.raises(ProtocolError):
        client.setup_state()
    with pytest.raises(ProtocolError):
        client.problems("t0ken")
