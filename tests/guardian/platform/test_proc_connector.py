"""Launch events from the kernel's process connector: for real as root, parsing with made-up
datagrams, and clean refusals where the kernel would not deliver."""

from __future__ import annotations

import os
import struct
import subprocess
import sys
import threading
import time
from collections.abc import Iterator

import pytest

from guardian.platform import proc_connector
from guardian.platform.proc_connector import (
    CN_IDX_PROC,
    CN_VAL_PROC,
    NLMSG_DONE,
    NLMSG_ERROR,
    PROC_CN_MCAST_IGNORE,
    PROC_CN_MCAST_LISTEN,
    PROC_EVENT_EXEC,
    LinuxExecEvents,
    listen_message,
    parse_events,
)

PROC_EVENT_FORK = 0x1
PROC_EVENT_COMM = 0x200

root_only = pytest.mark.skipif(
    not sys.platform.startswith("linux") or os.geteuid() != 0,
    reason="the process connector delivers only to root on Linux",
)


def _event(what: int, union: bytes, kind: int = NLMSG_DONE) -> bytes:
    """One netlink message as the kernel sends it: nlmsghdr, cn_msg, proc_event."""
    proc_event = struct.pack("=IIQ", what, 1, 123456789) + union
    cn_msg = struct.pack("=IIIIHH", CN_IDX_PROC, CN_VAL_PROC, 7, 0, len(proc_event), 0)
    body = cn_msg + proc_event
    message = struct.pack("=IHHII", 16 + len(body), kind, 0, 7, 0) + body
    return message + b"\0" * (-len(message) % 4)


def test_the_subscription_message_has_the_kernels_layout() -> None:
    message = listen_message(4321)
    assert len(message) == 16 + 20 + 4
    assert struct.unpack("=IHHII", message[:16]) == (40, NLMSG_DONE, 0, 0, 4321)
    assert struct.unpack("=IIIIHH", message[16:36]) == (CN_IDX_PROC, CN_VAL_PROC, 0, 0, 4, 0)
    assert struct.unpack("=I", message[36:]) == (PROC_CN_MCAST_LISTEN,)
    assert struct.unpack("=I", listen_message(1, PROC_CN_MCAST_IGNORE)[36:]) == (2,)


def test_exec_events_give_the_process_id_and_others_only_arrive() -> None:
    exec_thread = _event(PROC_EVENT_EXEC, struct.pack("=ii", 5001, 5000))
    fork = _event(PROC_EVENT_FORK, struct.pack("=iiii", 1, 1, 6000, 6000))
    comm = _event(PROC_EVENT_COMM, struct.pack("=ii", 7, 7) + b"guardian-exec\0\0\0")
    error = _event(PROC_EVENT_EXEC, struct.pack("=ii", 9, 9), kind=NLMSG_ERROR)
    assert parse_events(exec_thread) == [(PROC_EVENT_EXEC, 5000)]
    assert parse_events(fork + exec_thread + comm + error) == [
        (PROC_EVENT_FORK, 0),
        (PROC_EVENT_EXEC, 5000),
        (PROC_EVENT_COMM, 0),
    ]
    # Truncated or foreign datagrams are ignored, never raise.
    assert parse_events(exec_thread[:30]) == []
    assert parse_events(b"") == []
    foreign = bytearray(exec_thread)
    foreign[16:20] = struct.pack("=I", 4)
    assert parse_events(bytes(foreign)) == []


def test_it_refuses_without_root(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(proc_connector.os, "geteuid", lambda: 1000)
    events = LinuxExecEvents()
    with caplog.at_level("INFO", logger=proc_connector.__name__):
        assert not events.start(lambda pid: None)
    assert "only root may listen" in caplog.text
    assert not events.running
    events.stop()


def test_it_refuses_off_linux(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(proc_connector.sys, "platform", "darwin")
    events = LinuxExecEvents()
    with caplog.at_level("INFO", logger=proc_connector.__name__):
        assert not events.start(lambda pid: None)
    assert "this is not Linux" in caplog.text


@pytest.fixture
def events() -> Iterator[LinuxExecEvents]:
    listener = LinuxExecEvents()
    yield listener
    listener.stop()


class Seen:
    def __init__(self) -> None:
        self.pids: set[int] = set()
        self.changed = threading.Condition()

    def __call__(self, pid: int) -> None:
        with self.changed:
            self.pids.add(pid)
            self.changed.notify_all()

    def wait_for(self, *pids: int, timeout: float = 5.0) -> bool:
        with self.changed:
            return self.changed.wait_for(lambda: set(pids) <= self.pids, timeout)


@root_only
def test_real_launches_arrive_within_moments(events: LinuxExecEvents) -> None:
    seen = Seen()
    assert events.start(seen)
    assert events.running
    true = subprocess.Popen(["/bin/true"])
    python = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(0.2)"])
    true.wait()
    python.wait()
    assert seen.wait_for(true.pid, python.pid)


@root_only
def test_stop_ends_the_thread_promptly_and_twice_is_harmless(events: LinuxExecEvents) -> None:
    seen = Seen()
    assert events.start(seen)
    started = time.monotonic()
    events.stop()
    assert time.monotonic() - started < 1.0
    assert not events.running
    events.stop()
    late = subprocess.Popen(["/bin/true"])
    late.wait()
    time.sleep(0.2)
    assert late.pid not in seen.pids
    # And it starts again.
    assert events.start(seen)
    again = subprocess.Popen(["/bin/true"])
    again.wait()
    assert seen.wait_for(again.pid)


@root_only
def test_a_failing_handler_does_not_stop_the_events(
    events: LinuxExecEvents, caplog: pytest.LogCaptureFixture
) -> None:
    seen = Seen()
    failing: set[int] = set()

    def handler(pid: int) -> None:
        if not failing:
            failing.add(pid)
            raise RuntimeError("boom")
        seen(pid)

    with caplog.at_level("ERROR", logger=proc_connector.__name__):
        assert events.start(handler)
        first = subprocess.Popen(["/bin/true"])
        first.wait()
        time.sleep(0.3)
        second = subprocess.Popen(["/bin/true"])
        second.wait()
        assert seen.wait_for(second.pid)
    assert "handler failed" in caplog.text
