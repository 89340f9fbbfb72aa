"""Linux launch events from the kernel's process connector (netlink), so blocked apps die at once.

The kernel multicasts a `struct proc_event` (linux/cn_proc.h) inside a `struct cn_msg`
(linux/connector.h) inside a netlink message for every fork, exec, exit and id change on the
machine, to sockets bound to the CN_IDX_PROC group that sent PROC_CN_MCAST_LISTEN. Only root
(CAP_NET_ADMIN) in the initial user and PID namespaces is heard; elsewhere the kernel stays
silent rather than refusing, so `start` waits for a first event (its own thread renaming itself
causes one) before it says yes.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import logging
import os
import select
import socket
import struct
import sys
import threading
from collections.abc import Callable

NETLINK_CONNECTOR = 11
CN_IDX_PROC = 1
CN_VAL_PROC = 1
NLMSG_NOOP = 1
NLMSG_ERROR = 2
NLMSG_DONE = 3
PROC_CN_MCAST_LISTEN = 1
PROC_CN_MCAST_IGNORE = 2
PROC_EVENT_EXEC = 0x00000002

NLMSGHDR = struct.Struct("=IHHII")
"""struct nlmsghdr: length, type, flags, sequence, port id."""
CN_MSG = struct.Struct("=IIIIHH")
"""struct cn_msg: id.idx, id.val, seq, ack, len, flags; the data follows."""
PROC_EVENT_HEADER = struct.Struct("=IIQ")
"""struct proc_event up to its union: what, cpu, timestamp_ns (aligned to 8, so no padding)."""
EXEC_EVENT = struct.Struct("=ii")
"""struct exec_proc_event: process_pid (the thread), process_tgid (the process)."""
RECEIVE_BYTES = 65536
RECEIVE_BUFFER = 1 << 20
"""Socket buffer: bursts of forks (a build) must not crowd out the exec events."""
CONFIRM_SECONDS = 2.0
STOP_SECONDS = 2.0
PR_SET_NAME = 15
THREAD_NAME = b"guardian-exec"

_log = logging.getLogger(__name__)


def listen_message(port: int, operation: int = PROC_CN_MCAST_LISTEN) -> bytes:
    """The netlink datagram that subscribes to (or unsubscribes from) process events."""
    payload = struct.pack("=I", operation)
    cn_msg = CN_MSG.pack(CN_IDX_PROC, CN_VAL_PROC, 0, 0, len(payload), 0) + payload
    return NLMSGHDR.pack(NLMSGHDR.size + len(cn_msg), NLMSG_DONE, 0, 0, port) + cn_msg


def parse_events(data: bytes) -> list[tuple[int, int]]:
    """(what, pid) of each process event in a datagram; pid is the process (thread group) id.

    Events other than exec carry 0 as pid: the caller only needs to know that one arrived.
    """
    events: list[tuple[int, int]] = []
    offset = 0
    while offset + NLMSGHDR.size <= len(data):
        length, kind, _flags, _seq, _port = NLMSGHDR.unpack_from(data, offset)
        if length < NLMSGHDR.size or offset + length > len(data):
            break
        body = offset + NLMSGHDR.size
        if kind not in {NLMSG_NOOP, NLMSG_ERROR} and length >= NLMSGHDR.size + CN_MSG.size:
            idx, val, _cseq, _ack, size, _cflags = CN_MSG.unpack_from(data, body)
            start = body + CN_MSG.size
            if (idx, val) == (CN_IDX_PROC, CN_VAL_PROC) and size >= PROC_EVENT_HEADER.size:
                what, _cpu, _timestamp = PROC_EVENT_HEADER.unpack_from(data, start)
                pid = 0
                union = start + PROC_EVENT_HEADER.size
                if what == PROC_EVENT_EXEC and size >= PROC_EVENT_HEADER.size + EXEC_EVENT.size:
                    _thread, pid = EXEC_EVENT.unpack_from(data, union)
                events.append((what, pid))
        # Netlink messages are aligned to 4 bytes.
        offset += (length + 3) & ~3
    return events


class LinuxExecEvents:
    """ExecEvents for Linux: the pids of processes that just ran execve(), from the kernel."""

    def __init__(self, *, confirm_seconds: float = CONFIRM_SECONDS) -> None:
        self._confirm_seconds = confirm_seconds
        self._lock = threading.Lock()
        self._socket: socket.socket | None = None
        self._wake: tuple[int, int] | None = None
        self._thread: threading.Thread | None = None
        self._on_exec: Callable[[int], None] | None = None
        self._heard = threading.Event()
        self._stopping = threading.Event()

    @property
    def running(self) -> bool:
        """Whether events are being delivered."""
        return self._thread is not None and self._thread.is_alive()

    def start(self, on_exec: Callable[[int], None]) -> bool:
        """Deliver exec pids to `on_exec` from a daemon thread; False (logged) when not allowed."""
        with self._lock:
            self._on_exec = on_exec
            if self.running:
                return True
            reason = self._refusal()
            if reason is None:
                reason = self._open()
            if reason is None and not self._heard.wait(self._confirm_seconds):
                reason = (
                    "the kernel sent no process events (it ignores processes outside the "
                    "initial user and PID namespaces, and those without CAP_NET_ADMIN)"
                )
            if reason is not None:
                self._close()
                _log.info("No launch events from the process connector: %s; polling only", reason)
                return False
            _log.info("Launch events from the kernel's process connector are on")
            return True

    def stop(self) -> None:
        """Stop the thread and close the socket; stopping twice is harmless."""
        with self._lock:
            self._close()

    def _refusal(self) -> str | None:
        if not sys.platform.startswith("linux"):
            return f"this is not Linux ({sys.platform})"
        if os.geteuid() != 0:
            return f"only root may listen, and this process runs as uid {os.geteuid()}"
        return None

    def _open(self) -> str | None:
        try:
            sock = socket.socket(socket.AF_NETLINK, socket.SOCK_DGRAM, NETLINK_CONNECTOR)
        except OSError as exc:
            return f"no netlink connector socket ({exc.strerror or exc})"
        try:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, RECEIVE_BUFFER)
            sock.bind((0, CN_IDX_PROC))
            port = sock.getsockname()[0]
            sock.send(listen_message(port))
        except OSError as exc:
            sock.close()
            if exc.errno in {errno.EPERM, errno.EACCES}:
                return f"the kernel refused ({exc.strerror})"
            return f"subscribing failed ({exc.strerror or exc})"
        self._socket = sock
        self._wake = os.pipe()
        self._heard.clear()
        self._stopping.clear()
        self._thread = threading.Thread(
            target=self._run, args=(sock, self._wake[0]), name="exec-events", daemon=True
        )
        self._thread.start()
        return None

    def _close(self) -> None:
        self._stopping.set()
        if self._wake is not None:
            with contextlib.suppress(OSError):
                os.write(self._wake[1], b"x")
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(STOP_SECONDS)
            if self._thread.is_alive():
                _log.warning("The launch event thread did not stop within %g s", STOP_SECONDS)
            self._thread = None
        if self._socket is not None:
            try:
                port = self._socket.getsockname()[0]
                self._socket.send(listen_message(port, PROC_CN_MCAST_IGNORE))
            except OSError:
                pass
            self._socket.close()
            self._socket = None
        if self._wake is not None:
            for fd in self._wake:
                os.close(fd)
            self._wake = None

    def _run(self, sock: socket.socket, wake: int) -> None:
        # Renaming this thread makes the kernel send a PROC_EVENT_COMM: the proof that events
        # arrive. It also names the thread in ps and top.
        _set_thread_name(THREAD_NAME)
        overrun_logged = False
        fd = sock.fileno()
        while not self._stopping.is_set():
            try:
                readable, _, _ = select.select([fd, wake], [], [], 1.0)
            except (OSError, ValueError):
                return
            if wake in readable or self._stopping.is_set():
                return
            if fd not in readable:
                continue
            try:
                data = sock.recv(RECEIVE_BYTES)
            except OSError as exc:
                if exc.errno == errno.ENOBUFS:
                    # The kernel dropped events: polling finds what was missed.
                    if not overrun_logged:
                        _log.warning("Launch events were lost (receive buffer full)")
                        overrun_logged = True
                    continue
                if self._stopping.is_set():
                    return
                _log.warning("Reading launch events failed: %s", exc)
                return
            self._deliver(data)

    def _deliver(self, data: bytes) -> None:
        for what, pid in parse_events(data):
            self._heard.set()
            if what != PROC_EVENT_EXEC or pid <= 0:
                continue
            on_exec = self._on_exec
            if on_exec is None:
                continue
            try:
                on_exec(pid)
            except Exception:
                _log.exception("The launch event handler failed for pid %d", pid)


def _set_thread_name(name: bytes) -> None:
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_NAME, ctypes.c_char_p(name[:15]), 0, 0, 0)
    except (OSError, AttributeError):
        pass
