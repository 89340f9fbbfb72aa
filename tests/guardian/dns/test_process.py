"""The filter as its own process (`python -m guardian.dns`) driven through FilterClient, and
Debian's dig asking it."""

from __future__ import annotations

import io
import os
import queue
import signal
import subprocess
from collections.abc import Iterator

import dns.rcode
import pytest

from guardian.dns.config import (
    Blocked,
    Counts,
    Failed,
    Listener,
    ProfileFilter,
    Ready,
    Report,
)
from guardian.dns.process import FilterClient, FrameError, read_frame, write_frame
from tests.guardian.dns.conftest import FakeUpstream, addresses, ask, config_for

KID = ProfileFilter("kid", block=("blocked.example",))


class Running:
    def __init__(self) -> None:
        self.reports: queue.Queue[Report] = queue.Queue()
        self.exits: queue.Queue[int | None] = queue.Queue()
        self.client = FilterClient(self.reports.put, self.exits.put)

    def next(self, kind: type, timeout: float = 15) -> Report:
        while True:
            report = self.reports.get(timeout=timeout)
            if isinstance(report, kind):
                return report


@pytest.fixture
def running() -> Iterator[Running]:
    handle = Running()
    handle.client.start()
    yield handle
    handle.client.stop()


def test_ready_then_queries_then_counts_and_blocked(
    running: Running, upstream: FakeUpstream
) -> None:
    running.client.send(config_for([upstream], KID))
    ready = running.next(Ready)
    assert isinstance(ready, Ready) and len(ready.ports) == 1 and ready.ports[0] > 0
    port = ready.ports[0]
    assert ask(port, "blocked.example").rcode() == dns.rcode.NXDOMAIN
    assert addresses(ask(port, "allowed.example")) == ["192.0.2.10"]
    assert running.next(Blocked) == Blocked("kid", "blocked.example", "block:blocked.example")
    rows: dict[tuple[str, str, str], tuple[int, int]] = {}
    while len(rows) < 2:
        counts = running.next(Counts)
        assert isinstance(counts, Counts)
        for row in counts.rows:
            allowed, blocked = rows.get((row.profile, row.name, row.rule), (0, 0))
            rows[(row.profile, row.name, row.rule)] = (allowed + row.allowed, blocked + row.blocked)
    assert rows == {
        ("kid", "blocked.example", "block:blocked.example"): (0, 1),
        ("kid", "allowed.example", ""): (1, 0),
    }


def test_a_bad_config_fails_and_the_last_good_one_stays(
    running: Running, upstream: FakeUpstream
) -> None:
    running.client.send(config_for([upstream], KID))
    (port,) = running.next(Ready).ports  # type: ignore[union-attr]
    running.client.send(config_for(["not-an-address"], KID))
    failed = running.next(Failed)
    assert isinstance(failed, Failed) and failed.what == "config"
    assert "not-an-address" in failed.detail
    index = config_for([upstream], KID, index="/nonexistent/sites.index")
    running.client.send(index)
    failed = running.next(Failed)
    assert isinstance(failed, Failed) and failed.what == "index"
    assert "/nonexistent/sites.index" in failed.detail
    assert ask(port, "blocked.example").rcode() == dns.rcode.NXDOMAIN


def test_the_process_exits_when_its_stdin_closes(running: Running, upstream: FakeUpstream) -> None:
    running.client.send(config_for([upstream], KID))
    running.next(Ready)
    assert running.client.alive()
    running.client.stop()
    assert running.exits.get(timeout=15) == 0
    assert not running.client.alive()


def test_it_can_be_started_again_after_it_died(running: Running, upstream: FakeUpstream) -> None:
    pid = running.client.pid
    assert pid is not None
    os.kill(pid, signal.SIGKILL)
    assert running.exits.get(timeout=15) == -9
    running.client.start()
    running.client.send(config_for([upstream], KID))
    (port,) = running.next(Ready).ports  # type: ignore[union-attr]
    assert ask(port, "blocked.example").rcode() == dns.rcode.NXDOMAIN


def test_dig_asks_the_filter(running: Running, upstream: FakeUpstream) -> None:
    running.client.send(config_for([upstream], KID, listeners=(Listener("127.0.0.1", 0),)))
    (port,) = running.next(Ready).ports  # type: ignore[union-attr]

    def dig(*args: str) -> str:
        command = ["dig", "@127.0.0.1", "-p", str(port), "+tries=1", "+time=3", *args]
        return subprocess.run(command, capture_output=True, text=True, check=True).stdout

    blocked = dig("blocked.example", "A")
    assert "status: NXDOMAIN" in blocked and "EDE: 15 (Blocked)" in blocked
    allowed = dig("+short", "allowed.example", "A")
    assert allowed.split() == ["192.0.2.10"]
    over_tcp = dig("+tcp", "+short", "yandex.ru", "A")
    assert over_tcp.split() == ["213.180.193.56"]


def test_frames_are_length_prefixed_and_bounded() -> None:
    stream = io.BytesIO()
    write_frame(stream, b"abc")
    write_frame(stream, b"")
    stream.seek(0)
    assert read_frame(stream) == b"abc" and read_frame(stream) == b"" and read_frame(stream) is None
    with pytest.raises(FrameError, match="larger than"):
        read_frame(io.BytesIO(b"\xff\xff\xff\xff"))
    with pytest.raises(FrameError, match="2 bytes into a frame"):
        read_frame(io.BytesIO(b"\x00\x00\x00\x05abc"))
