"""Windows launch events from WMI, on any OS: the COM entry points are faked (`WmiCom`), with
errors shaped like pywin32's com_error, so subscription, fallback, timeouts, failures and
stopping are checked without Windows."""

from __future__ import annotations

import logging
import queue
import sys
import threading
import time
import types
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from guardian.platform import exec_windows
from guardian.platform.exec_windows import (
    CREATION_QUERY,
    TRACE_QUERY,
    WBEM_E_TIMED_OUT,
    WMI_MONIKER,
    WindowsExecEvents,
    WmiCom,
    com_codes,
    describe_com_error,
    is_timeout,
    load_pywin32,
)

DISP_E_EXCEPTION = -2147352567
"""0x80020009 as pywin32 reports it: HRESULTs are signed 32-bit integers."""
WBEM_E_ACCESS_DENIED = 0x80041003
WBEM_E_INVALID_CLASS = 0x80041010
RPC_E_DISCONNECTED = 0x80010108


def _signed(code: int) -> int:
    return code - 2**32 if code >= 2**31 else code


class FakeComError(Exception):
    """pywintypes.com_error: (hresult, strerror, excepinfo, argerror)."""

    @classmethod
    def from_wmi(cls, scode: int, source: str, words: str) -> FakeComError:
        """An error WMI raised through IDispatch: DISP_E_EXCEPTION with WMI's code inside."""
        return cls(
            DISP_E_EXCEPTION,
            "Exception occurred.",
            (0, source, words, None, 0, _signed(scode)),
            None,
        )


def _timed_out() -> FakeComError:
    return FakeComError.from_wmi(WBEM_E_TIMED_OUT, "SWbemEventSource", "Timed out ")


def _access_denied() -> FakeComError:
    return FakeComError.from_wmi(WBEM_E_ACCESS_DENIED, "SWbemServicesEx", "Access denied ")


def _trace_event(pid: int) -> Any:
    """A Win32_ProcessStartTrace event object."""
    return types.SimpleNamespace(ProcessID=pid, ProcessName="game.exe")


def _creation_event(pid: int) -> Any:
    """An __InstanceCreationEvent whose TargetInstance is the new Win32_Process."""
    return types.SimpleNamespace(TargetInstance=types.SimpleNamespace(ProcessId=pid))


class FakeEventSource:
    """SWbemEventSource: NextEvent hands out queued events or errors, and raises the timeout
    error after waiting iTimeoutMs when nothing is queued."""

    def __init__(self) -> None:
        self.items: queue.Queue[Any] = queue.Queue()
        self.timeouts = 0
        self.waits: list[int] = []

    def put(self, *items: Any) -> None:
        for item in items:
            self.items.put(item)

    def NextEvent(self, timeout_ms: int) -> Any:
        self.waits.append(timeout_ms)
        try:
            item = self.items.get(timeout=timeout_ms / 1000)
        except queue.Empty:
            self.timeouts += 1
            raise _timed_out() from None
        if isinstance(item, BaseException):
            raise item
        return item


class FakeServices:
    """SWbemServices: ExecNotificationQuery refuses the queries in `refuse`."""

    def __init__(self, source: FakeEventSource, refuse: dict[str, Exception]) -> None:
        self.source = source
        self.refuse = refuse
        self.queries: list[str] = []

    def ExecNotificationQuery(self, query: str) -> FakeEventSource:
        self.queries.append(query)
        if query in self.refuse:
            raise self.refuse[query]
        return self.source


class FakeCom:
    """pythoncom and win32com.client as `WmiCom`, recording which thread did what."""

    def __init__(self) -> None:
        self.source = FakeEventSource()
        self.refuse: dict[str, Exception] = {}
        self.services = FakeServices(self.source, self.refuse)
        self.connect_error: Exception | None = None
        self.initialize_error: Exception | None = None
        self.connect_gate: threading.Event | None = None
        self.monikers: list[str] = []
        self.calls: list[tuple[str, int]] = []
        self.loads = 0

    def load(self) -> WmiCom:
        self.loads += 1
        return WmiCom(
            initialize=self._initialize,
            uninitialize=self._uninitialize,
            get_object=self._get_object,
            error=FakeComError,
        )

    def _initialize(self) -> None:
        self.calls.append(("CoInitializeEx", threading.get_ident()))
        if self.initialize_error is not None:
            raise self.initialize_error

    def _uninitialize(self) -> None:
        self.calls.append(("CoUninitialize", threading.get_ident()))

    def _get_object(self, moniker: str) -> FakeServices:
        self.calls.append(("GetObject", threading.get_ident()))
        self.monikers.append(moniker)
        if self.connect_gate is not None:
            self.connect_gate.wait(10)
        if self.connect_error is not None:
            raise self.connect_error
        return self.services

    def names(self) -> list[str]:
        return [name for name, _ in self.calls]


class Collector:
    """The on_exec callback: collects pids, thread-safe, and can wait for a count."""

    def __init__(self, fail_on: frozenset[int] = frozenset()) -> None:
        self.pids: list[int] = []
        self.threads: set[int] = set()
        self.fail_on = fail_on
        self._changed = threading.Condition()

    def __call__(self, pid: int) -> None:
        with self._changed:
            self.pids.append(pid)
            self.threads.add(threading.get_ident())
            self._changed.notify_all()
        if pid in self.fail_on:
            raise RuntimeError(f"handler broke on {pid}")

    def wait_for(self, count: int, seconds: float = 5.0) -> list[int]:
        with self._changed:
            self._changed.wait_for(lambda: len(self.pids) >= count, seconds)
            return list(self.pids)


@pytest.fixture
def com() -> FakeCom:
    return FakeCom()


@pytest.fixture
def started() -> Iterator[list[WindowsExecEvents]]:
    """Every WindowsExecEvents a test made, stopped afterwards whatever happened."""
    made: list[WindowsExecEvents] = []
    yield made
    for events in made:
        events.stop()


def _events(com: FakeCom, started: list[WindowsExecEvents], **options: Any) -> WindowsExecEvents:
    options.setdefault("system", "win32")
    options.setdefault("next_event_ms", 50)
    events = WindowsExecEvents(com.load, **options)
    started.append(events)
    return events


def _wait(condition: Callable[[], bool], seconds: float = 5.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.01)
    return condition()


def test_process_start_trace_events_arrive_in_order_from_the_event_thread(
    com: FakeCom, started: list[WindowsExecEvents], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger=exec_windows.__name__)
    events = _events(com, started)
    collector = Collector()
    com.source.put(_trace_event(4100), _trace_event(4104), _trace_event(4108))

    assert events.start(collector)

    assert collector.wait_for(3) == [4100, 4104, 4108]
    assert events.running
    assert events.query == TRACE_QUERY
    assert com.monikers == [WMI_MONIKER]
    assert com.services.queries == [TRACE_QUERY]
    assert "Win32_ProcessStartTrace) are on" in caplog.text
    # COM is joined, used and left in the event thread, which also calls the handler.
    worker = {ident for name, ident in com.calls}
    assert len(worker) == 1
    assert threading.get_ident() not in worker
    assert collector.threads == worker
    events.stop()
    assert com.names() == ["CoInitializeEx", "GetObject", "CoUninitialize"]


def test_the_moniker_is_the_documented_local_cimv2_with_impersonation() -> None:
    assert WMI_MONIKER == r"winmgmts:{impersonationLevel=impersonate}!\\.\root\cimv2"


def test_a_refused_trace_query_falls_back_to_instance_creation_events(
    com: FakeCom, started: list[WindowsExecEvents], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger=exec_windows.__name__)
    com.refuse[TRACE_QUERY] = _access_denied()
    events = _events(com, started)
    collector = Collector()
    com.source.put(_creation_event(700), _creation_event(702))

    assert events.start(collector)

    assert collector.wait_for(2) == [700, 702]
    assert com.services.queries == [TRACE_QUERY, CREATION_QUERY]
    assert events.query == CREATION_QUERY
    assert "WITHIN 1" in CREATION_QUERY
    assert "TargetInstance ISA 'Win32_Process'" in CREATION_QUERY
    assert "0x80041003 Access denied" in caplog.text
    assert "every second" in caplog.text


def test_timeouts_keep_the_loop_alive(com: FakeCom, started: list[WindowsExecEvents]) -> None:
    events = _events(com, started, next_event_ms=20)
    collector = Collector()
    com.source.put(_timed_out(), _timed_out(), _trace_event(11))

    assert events.start(collector)
    assert collector.wait_for(1) == [11]
    # And waiting with nothing queued times out again and again without ending the thread.
    assert _wait(lambda: com.source.timeouts >= 3)
    assert events.running
    com.source.put(_trace_event(12))
    assert collector.wait_for(2) == [11, 12]
    assert set(com.source.waits) == {20}


def test_another_com_error_ends_the_thread_with_a_warning(
    com: FakeCom, started: list[WindowsExecEvents], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger=exec_windows.__name__)
    events = _events(com, started)
    collector = Collector()
    broken = FakeComError(_signed(RPC_E_DISCONNECTED), "The object invoked has disconnected", None)
    com.source.put(_trace_event(5), broken, _trace_event(6))

    assert events.start(collector)

    assert _wait(lambda: not events.running)
    assert collector.pids == [5]
    assert events.query is None
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1
    assert "0x80010108" in warnings[0].getMessage()
    assert "polling only" in warnings[0].getMessage()
    assert com.names()[-1] == "CoUninitialize"
    events.stop()


def test_a_non_com_error_from_next_event_ends_the_thread_too(
    com: FakeCom, started: list[WindowsExecEvents], caplog: pytest.LogCaptureFixture
) -> None:
    events = _events(com, started)
    com.source.put(OSError("gone"))

    assert events.start(Collector())

    assert _wait(lambda: not events.running)
    assert "Reading launch events from WMI failed" in caplog.text


def test_stop_is_prompt_idempotent_and_start_works_again(
    com: FakeCom, started: list[WindowsExecEvents]
) -> None:
    events = _events(com, started, next_event_ms=exec_windows.NEXT_EVENT_MS)
    events.stop()  # before any start: harmless
    assert events.start(Collector())
    time.sleep(0.05)  # the thread is now waiting inside NextEvent

    began = time.monotonic()
    events.stop()
    assert time.monotonic() - began < exec_windows.NEXT_EVENT_MS / 1000 + 0.5
    assert not events.running
    assert events.query is None
    events.stop()
    assert com.names().count("CoUninitialize") == 1

    again = Collector()
    com.source.put(_trace_event(99))
    assert events.start(again)
    assert again.wait_for(1) == [99]
    events.stop()
    assert com.names().count("CoUninitialize") == 2


def test_an_event_that_arrives_while_stopping_is_not_delivered(
    com: FakeCom, started: list[WindowsExecEvents]
) -> None:
    events = _events(com, started)
    collector = Collector()
    assert events.start(collector)
    events.stop()
    com.source.put(_trace_event(1))
    time.sleep(0.1)
    assert collector.pids == []


def test_starting_twice_keeps_one_thread_and_takes_the_new_handler(
    com: FakeCom, started: list[WindowsExecEvents]
) -> None:
    events = _events(com, started)
    first, second = Collector(), Collector()
    assert events.start(first)
    assert events.start(second)
    com.source.put(_trace_event(31))
    assert second.wait_for(1) == [31]
    assert first.pids == []
    assert com.names().count("CoInitializeEx") == 1


def test_a_failing_handler_does_not_stop_delivery(
    com: FakeCom, started: list[WindowsExecEvents], caplog: pytest.LogCaptureFixture
) -> None:
    events = _events(com, started)
    collector = Collector(fail_on=frozenset({2}))
    com.source.put(_trace_event(1), _trace_event(2), _trace_event(3))

    assert events.start(collector)

    assert collector.wait_for(3) == [1, 2, 3]
    assert events.running
    assert "The launch event handler failed for pid 2" in caplog.text


def test_events_without_a_usable_process_id_are_skipped(
    com: FakeCom, started: list[WindowsExecEvents], caplog: pytest.LogCaptureFixture
) -> None:
    events = _events(com, started)
    collector = Collector()
    com.source.put(
        types.SimpleNamespace(ProcessName="no id"),
        _trace_event(None),  # type: ignore[arg-type]
        _trace_event(0),
        _trace_event(42),
    )

    assert events.start(collector)

    assert collector.wait_for(1) == [42]
    assert events.running
    assert caplog.text.count("A launch event without a process id") == 2


def test_off_windows_start_says_no_without_touching_com(
    com: FakeCom, started: list[WindowsExecEvents], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger=exec_windows.__name__)
    events = _events(com, started, system="linux")

    assert not events.start(Collector())

    assert com.loads == 0
    assert not events.running
    assert "this is not Windows (linux)" in caplog.text
    events.stop()


@pytest.mark.skipif(sys.platform == "win32", reason="checks the refusal on other systems")
def test_the_real_platform_is_checked_by_default(
    com: FakeCom, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger=exec_windows.__name__)
    events = WindowsExecEvents(com.load)
    assert not events.start(Collector())
    assert com.loads == 0
    assert f"this is not Windows ({sys.platform})" in caplog.text


def test_without_pywin32_start_says_no(
    monkeypatch: pytest.MonkeyPatch,
    started: list[WindowsExecEvents],
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO, logger=exec_windows.__name__)
    # A None entry in sys.modules makes `import pythoncom` raise ImportError, as without pywin32.
    monkeypatch.setitem(sys.modules, "pythoncom", None)
    events = WindowsExecEvents(system="win32")
    started.append(events)

    assert not events.start(Collector())

    assert not events.running
    assert "pywin32 is not installed" in caplog.text
    assert "polling only" in caplog.text


def test_both_queries_refused_means_no(
    com: FakeCom, started: list[WindowsExecEvents], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger=exec_windows.__name__)
    com.refuse[TRACE_QUERY] = _access_denied()
    com.refuse[CREATION_QUERY] = FakeComError.from_wmi(
        WBEM_E_INVALID_CLASS, "SWbemServicesEx", "Invalid class "
    )
    events = _events(com, started)

    assert not events.start(Collector())

    assert not events.running
    assert com.services.queries == [TRACE_QUERY, CREATION_QUERY]
    assert "refused both" in caplog.text
    assert "0x80041010 Invalid class" in caplog.text
    assert com.names()[-1] == "CoUninitialize"


def test_a_failed_connection_means_no(
    com: FakeCom, started: list[WindowsExecEvents], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger=exec_windows.__name__)
    com.connect_error = FakeComError(_signed(0x800401E4), "Invalid syntax", None, None)
    events = _events(com, started)

    assert not events.start(Collector())

    assert "connecting to WMI failed (0x800401e4 Invalid syntax)" in caplog.text
    assert com.services.queries == []
    assert com.names() == ["CoInitializeEx", "GetObject", "CoUninitialize"]


def test_com_that_cannot_be_initialised_means_no(
    com: FakeCom, started: list[WindowsExecEvents], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger=exec_windows.__name__)
    com.initialize_error = FakeComError(_signed(0x80010106), "Cannot change thread mode", None)
    events = _events(com, started)

    assert not events.start(Collector())

    assert "COM could not be initialised (0x80010106" in caplog.text
    assert com.names() == ["CoInitializeEx"]


def test_wmi_that_does_not_answer_in_time_means_no(
    com: FakeCom, started: list[WindowsExecEvents], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger=exec_windows.__name__)
    com.connect_gate = threading.Event()
    events = _events(com, started, confirm_seconds=0.1)
    collector = Collector()
    com.source.put(_trace_event(8))
    threading.Timer(0.3, com.connect_gate.set).start()

    assert not events.start(collector)

    assert "WMI did not answer within 0.1 s" in caplog.text
    assert not events.running
    # The thread left behind subscribes late, sees it was stopped and delivers nothing.
    assert _wait(lambda: "CoUninitialize" in com.names())
    assert collector.pids == []


def test_com_error_codes_are_read_signed_or_not_and_from_excepinfo() -> None:
    timeout = _timed_out()
    assert com_codes(timeout) == (0x80020009, WBEM_E_TIMED_OUT)
    assert is_timeout(timeout)
    assert is_timeout(FakeComError(_signed(WBEM_E_TIMED_OUT), "Timed out", None, None))
    assert not is_timeout(_access_denied())
    assert not is_timeout(FakeComError("no codes at all"))
    assert describe_com_error(_access_denied()) == "0x80041003 Access denied"
    assert describe_com_error(FakeComError(_signed(0x80004005), "Unspecified error", None)) == (
        "0x80004005 Unspecified error"
    )
    assert describe_com_error(FakeComError("words only")) == "words only"


def test_load_pywin32_uses_pythoncom_and_win32com(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[str, tuple[Any, ...]]] = []
    pythoncom = types.ModuleType("pythoncom")
    pythoncom.COINIT_MULTITHREADED = 0  # type: ignore[attr-defined]
    pythoncom.com_error = FakeComError  # type: ignore[attr-defined]
    pythoncom.CoInitializeEx = lambda *a: calls.append(("CoInitializeEx", a))  # type: ignore[attr-defined]
    pythoncom.CoUninitialize = lambda: calls.append(("CoUninitialize", ()))  # type: ignore[attr-defined]
    win32com = types.ModuleType("win32com")
    client = types.ModuleType("win32com.client")
    client.GetObject = lambda m: calls.append(("GetObject", (m,)))  # type: ignore[attr-defined]
    win32com.client = client  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "pythoncom", pythoncom)
    monkeypatch.setitem(sys.modules, "win32com", win32com)
    monkeypatch.setitem(sys.modules, "win32com.client", client)

    com = load_pywin32()
    com.initialize()
    com.get_object(WMI_MONIKER)
    com.uninitialize()

    assert com.error is FakeComError
    assert calls == [
        ("CoInitializeEx", (0,)),
        ("GetObject", (WMI_MONIKER,)),
        ("CoUninitialize", ()),
    ]


def test_the_windows_platform_uses_wmi_launch_events() -> None:
    from guardian.platform.windows import build_platform

    assert isinstance(build_platform().exec_events, WindowsExecEvents)
