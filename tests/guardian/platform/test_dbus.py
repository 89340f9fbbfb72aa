"""The jeepney call layer: messages, error replies, timeouts and unreachable buses."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from jeepney import Message, new_error, new_method_return

from guardian.platform.dbus import BusError, BusTimeout, JeepneyBus, method_call
from tests.guardian.platform.fakes import SERVICE_UNKNOWN, auto_starts, call_of
from tests.helpers.silent_bus import SilentBus


class FakeConnection:
    """Stands in for jeepney's blocking connection: replies with what the test gives it."""

    def __init__(self, reply: Message | Exception) -> None:
        self.reply = reply
        self.sent: list[tuple[Message, float | None]] = []
        self.closed = False

    def send_and_get_reply(self, message: Message, *, timeout: float | None = None) -> Message:
        self.sent.append((message, timeout))
        if isinstance(self.reply, Exception):
            raise self.reply
        return self.reply

    def close(self) -> None:
        self.closed = True


def _bus_with(connection: FakeConnection) -> JeepneyBus:
    bus = JeepneyBus("SYSTEM", "system bus", timeout=1.5)
    bus._connection = connection
    return bus


def test_method_calls_carry_destination_path_interface_member_signature_and_body() -> None:
    message = method_call(
        "org.example", "/org/example", "org.example.Thing", "Do", "sb", ("x", True)
    )
    assert call_of(message) == (
        "org.example",
        "/org/example",
        "org.example.Thing",
        "Do",
        "sb",
        ("x", True),
    )
    assert auto_starts(message)
    assert not auto_starts(method_call("org.example", "/", "org.example.X", "Y", auto_start=False))


def test_a_reply_body_is_returned_and_the_call_has_the_time_limit() -> None:
    call = method_call("org.example", "/", "org.example.X", "Get")
    connection = FakeConnection(new_method_return(call, "s", ("ok",)))
    assert _bus_with(connection).call(call) == ("ok",)
    ((sent, limit),) = connection.sent
    assert sent is call and limit is not None and 1.4 < limit <= 1.5


def test_an_error_reply_becomes_a_bus_error_with_its_name() -> None:
    call = method_call("org.example", "/", "org.example.X", "Get")
    connection = FakeConnection(new_error(call, SERVICE_UNKNOWN, "s", ("not activatable",)))
    with pytest.raises(BusError, match=r"org\.example\.X\.Get was refused") as caught:
        _bus_with(connection).call(call)
    assert caught.value.name == SERVICE_UNKNOWN
    assert "not activatable" in str(caught.value)
    assert not connection.closed


def test_no_answer_in_time_is_an_error_and_the_connection_is_reopened_next_time() -> None:
    connection = FakeConnection(TimeoutError())
    bus = _bus_with(connection)
    with pytest.raises(BusTimeout, match=r"got no answer on the system bus within 1.5 s"):
        bus.call(method_call("org.example", "/", "org.example.X", "Get"))
    assert connection.closed
    assert bus._connection is None


def test_a_bus_socket_that_does_not_exist_is_reported_as_unreachable(tmp_path: Path) -> None:
    bus = JeepneyBus(f"unix:path={tmp_path / 'bus'}", "session bus of kid")
    with pytest.raises(BusError, match=r"the session bus of kid at .*/bus is not reachable"):
        bus.call(method_call("org.example", "/", "org.example.X", "Get"))


def test_without_a_session_bus_address_the_error_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)
    with pytest.raises(BusError, match="DBUS_SESSION_BUS_ADDRESS is not set"):
        JeepneyBus("SESSION", "session bus").call(
            method_call("org.example", "/", "org.example.X", "Y")
        )


# --- a real socket whose bus never answers (a child can put one at /run/user/<uid>/bus) --------


@pytest.fixture
def silent_bus(tmp_path: Path) -> Iterator[Callable[[str], Path]]:
    made: list[SilentBus] = []

    def make(quiet_at: str) -> Path:
        made.append(SilentBus(tmp_path / f"bus-{quiet_at}", quiet_at))
        return made[-1].path

    yield make
    for bus in made:
        bus.close()


@pytest.mark.parametrize(
    ("quiet_at", "said"),
    [
        ("auth", "did not let Guardian in within 0.3 s"),
        ("hello", "did not answer Hello within 0.3 s"),
        ("call", r"org\.example\.X\.Get got no answer on the session bus of kid within 0.3 s"),
    ],
)
def test_a_bus_that_goes_quiet_at_any_step_costs_one_time_limit(
    silent_bus: Callable[[str], Path], quiet_at: str, said: str
) -> None:
    bus = JeepneyBus(f"unix:path={silent_bus(quiet_at)}", "session bus of kid", timeout=0.3)
    started = time.monotonic()
    with pytest.raises(BusTimeout, match=said):
        bus.call(method_call("org.example", "/", "org.example.X", "Get"))
    assert time.monotonic() - started < 1.0


def test_a_call_waiting_behind_a_hung_one_gives_up_at_its_own_time_limit() -> None:
    bus = JeepneyBus("SYSTEM", "session bus of kid", timeout=0.3)
    bus._lock.acquire()  # another thread's call, waiting for an answer that does not come
    started = time.monotonic()
    with pytest.raises(BusTimeout, match="was not sent: another call on the session bus of kid"):
        bus.call(method_call("org.example", "/", "org.example.X", "Get"))
    assert time.monotonic() - started < 0.8
