"""A D-Bus bus on a real unix socket that lets a client in and then never answers."""

from __future__ import annotations

import socket
import threading
from pathlib import Path

from jeepney import Parser, new_method_return


class SilentBus:
    """A unix socket that accepts D-Bus clients and then goes quiet at one step: before
    authenticating, before answering Hello, or before answering the first method call."""

    def __init__(self, path: Path, quiet_at: str) -> None:
        self.path = path
        self.quiet_at = quiet_at
        self.stop = threading.Event()
        self.connected = threading.Event()
        self.listener = socket.socket(socket.AF_UNIX)
        self.listener.bind(str(path))
        self.listener.listen(4)
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        client, _ = self.listener.accept()
        self.connected.set()
        with client:
            if self.quiet_at != "auth":
                said = b""
                while b"BEGIN\r\n" not in said:
                    data = client.recv(4096)
                    if b"AUTH" in data:
                        client.sendall(b"OK 0123456789abcdef0123456789abcdef\r\n")
                    said += data
                if self.quiet_at != "hello":
                    parser = Parser()
                    parser.add_data(said.split(b"BEGIN\r\n", 1)[1])
                    while (hello := parser.get_next_message()) is None:
                        parser.add_data(client.recv(4096))
                    client.sendall(new_method_return(hello, "s", (":1.7",)).serialise(1))
            self.stop.wait(30)

    def close(self) -> None:
        self.stop.set()
        self.listener.close()
        self.thread.join(5)
