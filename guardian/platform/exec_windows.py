"""Windows launch events from WMI, so blocked apps are ended as soon as they start.

A daemon thread joins COM's multithreaded apartment, connects to `root\\cimv2` and asks WMI
for `Win32_ProcessStartTrace` events (SWbemServices.ExecNotificationQuery, semisynchronous):
the kernel trace provider reports every new process at once, but only to administrators (the
service runs as LocalSystem). Where that query is refused, it asks for `__InstanceCreationEvent`
of `Win32_Process` instead, which WMI finds by polling the process list every second (`WITHIN
1`), so a launch may take up to a second to arrive. SWbemEventSource.NextEvent waits a short
time for each event and raises wbemErrTimedOut (0x80043001) when none came, so the thread sees
`stop` promptly.

pywin32 is imported on first use, so this module imports on any OS; tests hand `WindowsExecEvents`
fake COM entry points (`WmiCom`).
"""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

WMI_MONIKER = "winmgmts:{impersonationLevel=impersonate}!\\\\.\\root\\cimv2"
TRACE_QUERY = "SELECT * FROM Win32_ProcessStartTrace"
"""Extrinsic events from the kernel trace provider: immediate, administrators only."""
CREATION_QUERY = (
    "SELECT * FROM __InstanceCreationEvent WITHIN 1 WHERE TargetInstance ISA 'Win32_Process'"
)
"""Intrinsic events that WMI makes by polling the process list every second: the fallback."""
WBEM_E_TIMED_OUT = 0x80043001
"""wbemErrTimedOut: NextEvent waited iTimeoutMs and no event came."""
DISP_E_EXCEPTION = 0x80020009
"""What IDispatch returns when the object raised an error; WMI's own code is in excepinfo."""
NEXT_EVENT_MS = 500
CONFIRM_SECONDS = 10.0
"""Connecting to WMI takes a while at boot; the service waits this long for the subscription."""
STOP_SECONDS = 2.0

_log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class WmiCom:
    """The COM entry points the event thread uses (pywin32's, or fakes in tests)."""

    initialize: Callable[[], None]
    """Join COM in the calling thread (pythoncom.CoInitializeEx)."""
    uninitialize: Callable[[], None]
    """Leave COM in the calling thread (pythoncom.CoUninitialize)."""
    get_object: Callable[[str], Any]
    """Bind a moniker to an object (win32com.client.GetObject)."""
    error: type[Exception]
    """The exception COM calls raise (pythoncom.com_error)."""


def load_pywin32() -> WmiCom:
    """pywin32's COM entry points; ImportError when pywin32 is not installed."""
    import pythoncom
    import win32com.client

    def initialize() -> None:
        # The multithreaded apartment: this thread pumps no window messages.
        pythoncom.CoInitializeEx(pythoncom.COINIT_MULTITHREADED)

    return WmiCom(
        initialize=initialize,
        uninitialize=pythoncom.CoUninitialize,
        get_object=win32com.client.GetObject,
        error=pythoncom.com_error,
    )


def com_codes(error: BaseException) -> tuple[int, ...]:
    """The HRESULTs a pywin32 com_error carries, unsigned: its own and, for an error raised
    through IDispatch, the object's (excepinfo's scode)."""
    args = error.args
    codes: list[int] = []
    if args and isinstance(args[0], int):
        codes.append(args[0] & 0xFFFFFFFF)
    if len(args) > 2 and isinstance(args[2], tuple) and len(args[2]) > 5:
        scode = args[2][5]
        if isinstance(scode, int):
            codes.append(scode & 0xFFFFFFFF)
    return tuple(codes)


def describe_com_error(error: BaseException) -> str:
    """A COM error as a log line: the innermost code and the words Windows gave with it."""
    args = error.args
    words = ""
    if len(args) > 2 and isinstance(args[2], tuple) and len(args[2]) > 2 and args[2][2]:
        words = str(args[2][2]).strip()
    elif len(args) > 1 and args[1]:
        words = str(args[1]).strip()
    codes = com_codes(error)
    if not codes:
        return words or str(error)
    code = f"{codes[-1]:#010x}"
    return f"{code} {words}" if words else code


def is_timeout(error: BaseException) -> bool:
    """Whether a COM error is NextEvent's wbemErrTimedOut."""
    return WBEM_E_TIMED_OUT in com_codes(error)


class _Run:
    """One event thread's own state, so a thread left behind never mixes with the next one."""

    def __init__(self) -> None:
        self.stopping = threading.Event()
        self.subscribed = threading.Event()
        """Set once the subscription was accepted or refused."""
        self.failure: str | None = None
        self.query: str | None = None


class WindowsExecEvents:
    """ExecEvents for Windows: the pids of processes that just started, from WMI."""

    def __init__(
        self,
        com: Callable[[], WmiCom] = load_pywin32,
        *,
        system: str | None = None,
        next_event_ms: int = NEXT_EVENT_MS,
        confirm_seconds: float = CONFIRM_SECONDS,
    ) -> None:
        self._load_com = com
        self._system = system
        self._next_event_ms = next_event_ms
        self._confirm_seconds = confirm_seconds
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._run_state: _Run | None = None
        self._on_exec: Callable[[int], None] | None = None

    @property
    def running(self) -> bool:
        """Whether events are being delivered."""
        return self._thread is not None and self._thread.is_alive()

    @property
    def query(self) -> str | None:
        """The WQL query events come from (TRACE_QUERY or CREATION_QUERY); None when off."""
        run = self._run_state
        return run.query if run is not None and self.running else None

    def start(self, on_exec: Callable[[int], None]) -> bool:
        """Deliver new pids to `on_exec` from a daemon thread; False (logged) when not possible."""
        with self._lock:
            self._on_exec = on_exec
            if self.running:
                return True
            reason = self._refusal()
            com: WmiCom | None = None
            if reason is None:
                try:
                    com = self._load_com()
                except ImportError as exc:
                    reason = f"pywin32 is not installed ({exc})"
            if com is not None:
                reason = self._open(com)
            if reason is not None:
                self._close()
                _log.info("No launch events from WMI: %s; polling only", reason)
                return False
            run = self._run_state
            if run is not None and run.query == TRACE_QUERY:
                _log.info("Launch events from WMI (Win32_ProcessStartTrace) are on")
            else:
                _log.info(
                    "Launch events from WMI are on through __InstanceCreationEvent: WMI polls "
                    "the process list every second, so a launch is seen up to 1 s late"
                )
            return True

    def stop(self) -> None:
        """Stop the thread; stopping twice is harmless."""
        with self._lock:
            self._close()

    def _refusal(self) -> str | None:
        system = self._system if self._system is not None else sys.platform
        if system != "win32":
            return f"this is not Windows ({system})"
        return None

    def _open(self, com: WmiCom) -> str | None:
        run = _Run()
        thread = threading.Thread(
            target=self._run, args=(com, run), name="exec-events", daemon=True
        )
        self._run_state = run
        self._thread = thread
        thread.start()
        if not run.subscribed.wait(self._confirm_seconds):
            return f"WMI did not answer within {self._confirm_seconds:g} s"
        return run.failure

    def _close(self) -> None:
        run, thread = self._run_state, self._thread
        if run is not None:
            run.stopping.set()
        if thread is not None and thread is not threading.current_thread():
            thread.join(STOP_SECONDS)
            if thread.is_alive():
                _log.warning("The launch event thread did not stop within %g s", STOP_SECONDS)
        self._thread = None
        self._run_state = None

    def _run(self, com: WmiCom, run: _Run) -> None:
        try:
            com.initialize()
        except Exception as exc:
            run.failure = f"COM could not be initialised ({_describe(com, exc)})"
            run.subscribed.set()
            return
        try:
            source = self._subscribe(com, run)
            run.subscribed.set()
            if source is not None:
                self._loop(com, source, run)
            # Release the COM objects before this thread leaves the apartment.
            del source
        finally:
            try:
                com.uninitialize()
            except Exception as exc:
                _log.debug("CoUninitialize failed: %s", exc)

    def _subscribe(self, com: WmiCom, run: _Run) -> Any:
        """The SWbemEventSource for new processes, or None with `run.failure` set.

        ExecNotificationQuery raises at once when WMI refuses the query (access denied,
        unknown class), so an event source in hand means the subscription was accepted.
        """
        try:
            services = com.get_object(WMI_MONIKER)
        except Exception as exc:
            run.failure = f"connecting to WMI failed ({_describe(com, exc)})"
            return None
        try:
            source = services.ExecNotificationQuery(TRACE_QUERY)
        except Exception as trace_error:
            refused = _describe(com, trace_error)
            _log.info(
                "WMI refused Win32_ProcessStartTrace (%s; it needs administrator rights), "
                "asking for __InstanceCreationEvent instead",
                refused,
            )
            try:
                source = services.ExecNotificationQuery(CREATION_QUERY)
            except Exception as exc:
                run.failure = (
                    f"WMI refused both Win32_ProcessStartTrace ({refused}) and "
                    f"__InstanceCreationEvent ({_describe(com, exc)})"
                )
                return None
            run.query = CREATION_QUERY
            return source
        run.query = TRACE_QUERY
        return source

    def _loop(self, com: WmiCom, source: Any, run: _Run) -> None:
        trace = run.query == TRACE_QUERY
        while not run.stopping.is_set():
            try:
                event = source.NextEvent(self._next_event_ms)
            except com.error as exc:
                if is_timeout(exc):
                    continue
                if not run.stopping.is_set():
                    _log.warning(
                        "Reading launch events from WMI failed (%s); polling only from now on",
                        describe_com_error(exc),
                    )
                return
            except Exception:
                if not run.stopping.is_set():
                    _log.exception(
                        "Reading launch events from WMI failed; polling only from now on"
                    )
                return
            if run.stopping.is_set():
                return
            self._deliver(com, event, trace)

    def _deliver(self, com: WmiCom, event: Any, trace: bool) -> None:
        try:
            value = event.ProcessID if trace else event.TargetInstance.ProcessId
            pid = int(value)
        except com.error as exc:
            _log.warning("A launch event without a process id (%s)", describe_com_error(exc))
            return
        except (AttributeError, TypeError, ValueError) as exc:
            _log.warning("A launch event without a process id (%s)", exc)
            return
        on_exec = self._on_exec
        if pid <= 0 or on_exec is None:
            return
        try:
            on_exec(pid)
        except Exception:
            _log.exception("The launch event handler failed for pid %d", pid)


def _describe(com: WmiCom, error: Exception) -> str:
    if isinstance(error, com.error):
        return describe_com_error(error)
    return f"{type(error).__name__}: {error}"
