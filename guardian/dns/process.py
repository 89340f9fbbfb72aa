"""The filter as a process of its own, and the service's handle on it.

The service writes `FilterConfig` frames to the process's stdin and reads `Report` frames from
its stdout; a frame is a 4-byte big-endian length and msgspec msgpack. The process exits when
its stdin closes (the service is gone). A config it cannot put in force is answered with
`Failed` and the previous one stays; each config put in force is answered with `Ready`.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import os
import struct
import subprocess
import sys
import threading
from collections.abc import Callable
from typing import IO

import msgspec

from guardian.dns.config import Counts, Failed, FilterConfig, Ready, Report
from guardian.dns.server import ConfigError, DnsFilter
from guardian.frozen import module_command

log = logging.getLogger(__name__)

_FRAME = struct.Struct("!I")
MAX_FRAME = 16 << 20
REPORT_SECONDS = 2.0


class FrameError(Exception):
    """The other side wrote something that is not a frame."""


def write_frame(stream: IO[bytes], payload: bytes) -> None:
    """Write one length-prefixed frame and flush it."""
    stream.write(_FRAME.pack(len(payload)) + payload)
    stream.flush()


def read_frame(stream: IO[bytes]) -> bytes | None:
    """The next frame; None at a clean end of the stream; FrameError for a torn or huge one."""
    head = _read_exactly(stream, 4)
    if not head:
        return None
    if len(head) < 4:
        raise FrameError("the stream ended inside a frame length")
    (length,) = _FRAME.unpack(head)
    if length > MAX_FRAME:
        raise FrameError(f"a frame of {length} bytes is larger than {MAX_FRAME}")
    payload = _read_exactly(stream, length)
    if len(payload) < length:
        raise FrameError(f"the stream ended {length - len(payload)} bytes into a frame")
    return payload


def _read_exactly(stream: IO[bytes], size: int) -> bytes:
    chunks = []
    left = size
    while left:
        chunk = stream.read(left)
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def new_event_loop() -> asyncio.AbstractEventLoop:
    """uvloop (winloop on Windows) where installed: several times faster for UDP."""
    name = "winloop" if sys.platform == "win32" else "uvloop"
    try:
        module = __import__(name)
    except ImportError:
        return asyncio.new_event_loop()
    loop: asyncio.AbstractEventLoop = module.new_event_loop()
    return loop


class _Reports:
    """Writes reports to the service from the event loop's thread: the frames of one turn of
    the loop (a burst of newly blocked names) go out in one write once the turn is done."""

    def __init__(self, stream: IO[bytes], loop: asyncio.AbstractEventLoop) -> None:
        self._stream = stream
        self._loop = loop
        self._encoder = msgspec.msgpack.Encoder()
        self._pending: list[bytes] = []

    def send(self, report: Report) -> None:
        payload = self._encoder.encode(report)
        if not self._pending:
            self._loop.call_soon(self.flush)
        self._pending += (_FRAME.pack(len(payload)), payload)

    def flush(self) -> None:
        """Write what is pending now."""
        data = b"".join(self._pending)
        self._pending.clear()
        if data:
            # A closed pipe means the service is gone; the end of stdin stops the process.
            with contextlib.suppress(BrokenPipeError, ValueError):
                self._stream.write(data)
                self._stream.flush()


async def serve(configs: IO[bytes], reports: IO[bytes]) -> None:
    """Run the filter until `configs` ends."""
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue[bytes | FrameError | None] = asyncio.Queue()
    out = _Reports(reports, loop)

    def read_configs() -> None:
        while True:
            try:
                frame: bytes | FrameError | None = read_frame(configs)
            except FrameError as error:
                frame = error
            except (OSError, ValueError):
                frame = None
            loop.call_soon_threadsafe(queue.put_nowait, frame)
            if not isinstance(frame, bytes):
                return

    dns_filter = DnsFilter(on_blocked=out.send)
    threading.Thread(target=read_configs, name="filter-configs", daemon=True).start()
    reporter = loop.create_task(_report_counts(dns_filter, out))
    decoder = msgspec.msgpack.Decoder(FilterConfig)
    try:
        while True:
            frame = await queue.get()
            if frame is None:
                return
            if isinstance(frame, FrameError):
                out.send(Failed("config", str(frame)))
                return
            try:
                config = decoder.decode(frame)
            except msgspec.MsgspecError as error:
                out.send(Failed("config", str(error)))
                continue
            try:
                ports = await dns_filter.apply(config)
            except ConfigError as error:
                out.send(Failed(error.what, error.detail))
                continue
            out.send(Ready(ports))
    finally:
        reporter.cancel()
        await dns_filter.close()
        out.flush()


async def _report_counts(dns_filter: DnsFilter, out: _Reports) -> None:
    while True:
        await asyncio.sleep(REPORT_SECONDS)
        rows = dns_filter.take_counts()
        if rows:
            out.send(Counts(rows))


def main() -> int:
    """`python -m guardian.dns`: the filter process."""
    logging.basicConfig(level=logging.WARNING, format="guardian.dns: %(levelname)s %(message)s")
    # Reports own stdout; anything else printed by mistake goes to stderr instead.
    reports = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    configs = os.fdopen(os.dup(sys.stdin.fileno()), "rb", buffering=0)
    loop = new_event_loop()
    # What is loaded by now lives as long as the process: keep the collector off it, so a
    # full collection does not stall queries for milliseconds.
    gc.freeze()
    try:
        loop.run_until_complete(serve(configs, reports))
    finally:
        loop.close()
    return 0


class FilterClient:
    """The service's handle on the filter process: start it, send configs, get reports."""

    def __init__(
        self,
        on_report: Callable[[Report], None],
        on_exit: Callable[[int | None], None] | None = None,
        *,
        command: tuple[str, ...] = module_command("guardian.dns"),
        cwd: str | None = None,
    ) -> None:
        """`on_report` and `on_exit` are called on the client's reader thread."""
        self._on_report = on_report
        self._on_exit = on_exit
        self._command = command
        self._cwd = cwd
        self._process: subprocess.Popen[bytes] | None = None
        self._reader: threading.Thread | None = None
        self._encoder = msgspec.msgpack.Encoder()
        self._lock = threading.Lock()

    def start(self) -> None:
        """Start the process (again, after it died)."""
        self.stop()
        options: dict[str, object] = {}
        if sys.platform == "win32":
            options["creationflags"] = subprocess.CREATE_NO_WINDOW
        else:
            options["start_new_session"] = True  # no signals from the service's terminal
        process = subprocess.Popen(
            self._command,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            close_fds=True,
            cwd=self._cwd,
            **options,  # type: ignore[call-overload]
        )
        self._process = process
        self._reader = threading.Thread(
            target=self._read, args=(process,), name="filter-reports", daemon=True
        )
        self._reader.start()

    def send(self, config: FilterConfig) -> None:
        """Send a config; OSError when the process is not running."""
        process = self._process
        if process is None or process.stdin is None:
            raise BrokenPipeError("the DNS filter process is not running")
        with self._lock:
            write_frame(process.stdin, self._encoder.encode(config))

    def alive(self) -> bool:
        """Whether the process is running."""
        return self._process is not None and self._process.poll() is None

    @property
    def pid(self) -> int | None:
        """The process's id while it runs."""
        return self._process.pid if self.alive() and self._process is not None else None

    def stop(self, timeout: float = 3.0) -> None:
        """Close its stdin, then terminate it, then kill it, waiting `timeout` for each."""
        process, self._process = self._process, None
        if process is None:
            return
        if process.stdin is not None:
            with contextlib.suppress(OSError):
                process.stdin.close()
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.terminate()
            try:
                process.wait(timeout)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if self._reader is not None and self._reader is not threading.current_thread():
            self._reader.join(timeout)
        if process.stdout is not None:
            process.stdout.close()

    def _read(self, process: subprocess.Popen[bytes]) -> None:
        decoder = msgspec.msgpack.Decoder(Report)
        stream = process.stdout
        assert stream is not None
        try:
            while True:
                frame = read_frame(stream)
                if frame is None:
                    break
                self._on_report(decoder.decode(frame))
        except (FrameError, msgspec.MsgspecError, OSError, ValueError) as error:
            log.warning("the DNS filter process wrote something unreadable: %s", error)
            process.kill()
        code = process.wait()
        if self._on_exit is not None:
            self._on_exit(code)
