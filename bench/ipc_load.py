"""Load for the IPC benches: a plain blocking AF_UNIX client speaking the service's framing.

No Qt and no `IpcClient`: the figures are the service's (or the echo baseline's) cost plus the
socket's, with as little client-side work as a Python client can do (one `json.dumps` and one
`json.loads` per call).
"""

from __future__ import annotations

import json
import socket
import statistics
import threading
import time
from typing import Any

from guardian.ipc.protocol import HEADER, encode_frame, request_message


class RawClient:
    """One blocking connection; `call` sends a request and returns the frame that answers it."""

    def __init__(self, path: str, timeout: float = 10.0) -> None:
        self._sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self._sock.settimeout(timeout)
        self._sock.connect(path)
        self._next_id = 1

    def _read_exactly(self, size: int) -> bytes:
        chunks = bytearray()
        while len(chunks) < size:
            chunk = self._sock.recv(size - len(chunks))
            if not chunk:
                raise ConnectionError("the server closed the connection")
            chunks += chunk
        return bytes(chunks)

    def _read_frame(self) -> bytes:
        (length,) = HEADER.unpack(self._read_exactly(HEADER.size))
        return self._read_exactly(length)

    def call(self, method: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
        """Send one call and wait for the message with its id (notifications are skipped).

        Against the echo baseline the "reply" is the request itself, which carries the same id.
        """
        request_id = self._next_id
        self._next_id += 1
        self._sock.sendall(encode_frame(request_message(request_id, method, params or {})))
        while True:
            message: dict[str, Any] = json.loads(self._read_frame())
            if message.get("id") == request_id:
                if "error" in message:
                    raise RuntimeError(f"{method} failed: {message['error']}")
                return message

    def close(self) -> None:
        """Close the connection."""
        self._sock.close()


def latencies(path: str, calls: int, warmup: int = 200) -> list[float]:
    """Seconds per `status` round trip for `calls` sequential calls on one connection."""
    client = RawClient(path)
    try:
        client.call("hello", {"role": "cli"})
        for _ in range(warmup):
            client.call("status")
        out = []
        for _ in range(calls):
            start = time.perf_counter()
            client.call("status")
            out.append(time.perf_counter() - start)
        return out
    finally:
        client.close()


def p50_p99(samples: list[float]) -> tuple[float, float]:
    """Median and 99th percentile of the samples."""
    cuts = statistics.quantiles(samples, n=100, method="inclusive")
    return statistics.median(samples), cuts[98]


def throughput(path: str, clients: int, seconds: float) -> float:
    """Total `status` calls per second from `clients` threads, each on its own connection.

    Every thread connects and says `hello` first; then all start together and call back to back
    until `seconds` have passed. Blocking socket calls release the GIL, so the threads mostly
    wait on the server, not on each other.
    """
    conns = [RawClient(path) for _ in range(clients)]
    for conn in conns:
        conn.call("hello", {"role": "cli"})
    counts = [0] * clients
    barrier = threading.Barrier(clients + 1)
    stop_at = [0.0]

    def work(index: int) -> None:
        conn = conns[index]
        barrier.wait()
        done = 0
        while time.perf_counter() < stop_at[0]:
            conn.call("status")
            done += 1
        counts[index] = done

    threads = [threading.Thread(target=work, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    start = time.perf_counter()
    stop_at[0] = start + seconds
    barrier.wait()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - start
    for conn in conns:
        conn.close()
    return sum(counts) / elapsed


def subscribed_clients(path: str, clients: int) -> list[RawClient]:
    """`clients` connections that said `hello` as a tray and subscribed to events, left idle."""
    conns = [RawClient(path) for _ in range(clients)]
    for conn in conns:
        conn.call("hello", {"role": "tray", "version": "bench"})
        conn.call("events.subscribe")
    return conns
