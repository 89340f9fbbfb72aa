"""IPC fixtures: an IpcServer on its own Qt thread, so blocking clients in the test can call it."""

from __future__ import annotations

import json
import shutil
import socket
import tempfile
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import QThread

from guardian.ipc.client import IpcClient
from guardian.ipc.protocol import HEADER, FrameDecoder, Oversize
from guardian.ipc.server import IpcServer
from guardian.platform.peer import PeerIdentity
from guardian.service import GuardianService


class ServerThread(QThread):
    """Runs an IpcServer for `service` on a Qt event loop of its own until `stop`."""

    def __init__(
        self, service: GuardianService, path: str, identity: PeerIdentity | None = None
    ) -> None:
        super().__init__()
        self.service = service
        self.path = path
        self.identity = identity
        self.ready = threading.Event()
        self.listening = False
        self.trays_lost: list[str] = []

    def run(self) -> None:
        server = IpcServer(self.service, self.identity)
        server.tray_lost.connect(self.trays_lost.append)
        self.listening = server.listen(self.path)
        self.ready.set()
        if self.listening:
            self.exec()
        server.close()
        # Delete the server and its sockets here, on their own thread, not later from another.
        shiboken6.delete(server)

    def stop(self) -> None:
        """End the event loop and wait for the thread."""
        self.quit()
        assert self.wait(10_000)


START = Callable[..., ServerThread]


@pytest.fixture
def socket_path() -> Iterator[str]:
    """A socket in a folder the server creates; short, as Unix socket paths must be."""
    folder = Path(tempfile.mkdtemp(prefix="gipc-"))
    yield str(folder / "run" / "guardian.sock")
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def start_server(socket_path: str, qapp: Any) -> Iterator[START]:
    """Start servers on `socket_path` (a second start after `stop` is a service restart)."""
    started: list[ServerThread] = []

    def start(service: GuardianService, identity: PeerIdentity | None = None) -> ServerThread:
        thread = ServerThread(service, socket_path, identity)
        thread.start()
        assert thread.ready.wait(10)
        assert thread.listening
        started.append(thread)
        return thread

    yield start
    for thread in started:
        if thread.isRunning():
            thread.stop()


class RawClient:
    """A plain Unix socket speaking frames, as an attacker or a foreign client would."""

    def __init__(self, path: str, timeout: float = 10.0) -> None:
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(timeout)
        self.sock.connect(path)
        self.decoder = FrameDecoder()
        self.frames: list[bytes] = []
        self.next_id = 1
        self.pushed: list[dict[str, Any]] = []
        """Events that arrived while `call` waited for its reply."""

    def send_raw(self, data: bytes) -> None:
        self.sock.sendall(data)

    def send_payload(self, payload: bytes) -> None:
        self.sock.sendall(HEADER.pack(len(payload)) + payload)

    def send(self, message: object) -> None:
        self.send_payload(json.dumps(message).encode())

    def receive(self) -> dict[str, Any]:
        while not self.frames:
            data = self.sock.recv(1 << 16)
            if not data:
                raise ConnectionError("the server closed the connection")
            for frame in self.decoder.feed(data):
                assert not isinstance(frame, Oversize)
                self.frames.append(frame)
        message: dict[str, Any] = json.loads(self.frames.pop(0))
        return message

    def event(self) -> dict[str, Any]:
        """The next pushed event."""
        return self.pushed.pop(0) if self.pushed else self.receive()

    def call(self, method: str, **params: Any) -> dict[str, Any]:
        request_id = self.next_id
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": request_id, "method": method, "params": params})
        reply = self.receive()
        while "method" in reply:
            self.pushed.append(reply)
            reply = self.receive()
        assert reply["id"] == request_id
        return reply

    def close(self) -> None:
        self.sock.close()


@pytest.fixture
def raw(socket_path: str) -> Iterator[Callable[[], RawClient]]:
    """Open raw clients to the server at `socket_path`; all closed afterwards."""
    opened: list[RawClient] = []

    def open_client() -> RawClient:
        client = RawClient(socket_path)
        opened.append(client)
        return client

    yield open_client
    for client in opened:
        client.close()


@pytest.fixture
def ipc_client(socket_path: str, qapp: Any) -> Iterator[Callable[..., IpcClient]]:
    """Make IpcClients on `socket_path`, deleted on this thread at the end.

    Left to the garbage collector, a client could be collected on the server's thread.
    """
    made: list[IpcClient] = []

    def make(**options: Any) -> IpcClient:
        client = IpcClient(socket_path, **options)
        made.append(client)
        return client

    yield make
    for client in made:
        client.close()
        shiboken6.delete(client)


class ScriptedIdentity:
    """Names each new connection after the next account in a list (None: unknown)."""

    def __init__(self, *accounts: str | None) -> None:
        self.accounts = list(accounts)

    def account(self, descriptor: int) -> str | None:
        return self.accounts.pop(0)
