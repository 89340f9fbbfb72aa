"""D-Bus method calls over jeepney, each with a time limit: the seam Linux adapters talk through.

`Bus` is all linux.py needs; `JeepneyBus` is the real one. Tests pass a fake `Bus` that answers
the messages `method_call` builds, so the messages themselves can be checked.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from typing import Any, Protocol

from jeepney import DBusAddress, HeaderFields, Message, MessageFlag, MessageType, new_method_call
from jeepney.bus import get_bus
from jeepney.io.blocking import DBusConnection, prep_socket

from guardian.platform.fallbacks import WayFailed

DEFAULT_TIMEOUT = 3.0
"""Seconds a call may take; a hung desktop service must not stall the enforcement tick."""


class BusError(WayFailed):
    """A D-Bus call failed: the bus is unreachable, nobody owns the name, or the call is refused."""

    def __init__(self, message: str, name: str | None = None) -> None:
        super().__init__(message)
        self.name = name
        """The D-Bus error name, such as org.freedesktop.DBus.Error.ServiceUnknown, if any."""


class BusTimeout(BusError):
    """The bus or the service behind it did not answer in time: asking it more now only waits."""


class Bus(Protocol):
    """A message bus that answers method calls."""

    def call(self, message: Message) -> tuple[Any, ...]:
        """Send a method call and return the reply's body; raises BusError."""
        ...


def method_call(
    bus_name: str,
    path: str,
    interface: str,
    method: str,
    signature: str | None = None,
    body: tuple[Any, ...] = (),
    *,
    auto_start: bool = True,
) -> Message:
    """A method-call message; without `auto_start` the bus launches no service to answer it."""
    address = DBusAddress(path, bus_name=bus_name, interface=interface)
    message = new_method_call(address, method, signature, body)
    if not auto_start:
        message.header.flags |= MessageFlag.no_auto_start
    return message


def describe(message: Message) -> str:
    """The interface and method a message calls, for error messages."""
    fields = message.header.fields
    return f"{fields.get(HeaderFields.interface, '')}.{fields.get(HeaderFields.member, '')}"


class JeepneyBus:
    """One blocking connection to a message bus: opened on first use, reused, reopened after errors.

    `address` is "SYSTEM", "SESSION" or a D-Bus address such as "unix:path=/run/user/1000/bus".
    Calls are serialised by a lock because jeepney's blocking connection is not thread-safe. The
    time limit covers the whole call: waiting for that lock, connecting, and the answer.
    """

    def __init__(self, address: str, label: str, timeout: float = DEFAULT_TIMEOUT) -> None:
        self.address = address
        self.label = label
        self.timeout = timeout
        self._connection: DBusConnection | None = None
        self._lock = threading.Lock()

    def call(self, message: Message) -> tuple[Any, ...]:
        """Send `message` and wait at most `timeout` s for the reply; raises BusError."""
        deadline = time.monotonic() + self.timeout
        if not self._lock.acquire(timeout=self.timeout):
            raise BusTimeout(
                f"{describe(message)} was not sent: another call on the {self.label} "
                f"has waited {self.timeout:g} s for its answer"
            )
        try:
            connection = self._connection or self._connect(deadline)
            try:
                reply = connection.send_and_get_reply(message, timeout=_left(deadline))
            except TimeoutError:
                self._close()
                raise BusTimeout(
                    f"{describe(message)} got no answer on the {self.label} "
                    f"within {self.timeout:g} s"
                ) from None
            except (OSError, ValueError) as exc:
                self._close()
                raise BusError(
                    f"the {self.label} failed during {describe(message)}: {exc}"
                ) from None
        finally:
            self._lock.release()
        if reply.header.message_type is MessageType.error:
            name = reply.header.fields.get(HeaderFields.error_name)
            detail = reply.body[0] if reply.body and isinstance(reply.body[0], str) else ""
            said = f"{name}: {detail}" if detail else str(name)
            raise BusError(f"{describe(message)} was refused ({said})", name)
        return tuple(reply.body)

    def close(self) -> None:
        """Close the connection; the next call opens a new one."""
        with self._lock:
            self._close()

    def _connect(self, deadline: float) -> DBusConnection:
        try:
            address = get_bus(self.address)
        except KeyError:
            raise BusError(
                f"there is no {self.label}: DBUS_SESSION_BUS_ADDRESS is not set"
            ) from None
        except (RuntimeError, ValueError) as exc:
            raise BusError(
                f"the {self.label} address {self.address!r} is not usable: {exc}"
            ) from None
        where = address.replace("\0", "@")
        try:
            sock = prep_socket(address, timeout=_left(deadline))
        except TimeoutError:
            raise BusTimeout(
                f"the {self.label} at {where} did not let Guardian in within {self.timeout:g} s"
            ) from None
        except (OSError, ValueError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            raise BusError(f"the {self.label} at {where} is not reachable ({reason})") from None
        # jeepney waits for the bus's answer to Hello without a limit: a bus that never sends it
        # is shut off at the time limit, which ends that wait with an error.
        hung = threading.Event()
        watchdog = threading.Timer(_left(deadline), _shut_off, (sock, hung))
        watchdog.daemon = True
        watchdog.start()
        connection: DBusConnection | None = None
        failure = ""
        try:
            connection = DBusConnection(sock)
        except (OSError, ValueError) as exc:
            failure = str(exc) or type(exc).__name__
        finally:
            watchdog.cancel()
        if hung.is_set() or connection is None:
            sock.close()
            if hung.is_set():
                raise BusTimeout(
                    f"the {self.label} at {where} did not answer Hello within {self.timeout:g} s"
                )
            raise BusError(f"the {self.label} at {where} failed at Hello ({failure})")
        # Sending blocks too when the bus stops reading; the time limit covers that as well.
        sock.settimeout(self.timeout)
        self._connection = connection
        return connection

    def _close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None


def _left(deadline: float) -> float:
    return max(0.0, deadline - time.monotonic())


def _shut_off(sock: socket.socket, hung: threading.Event) -> None:
    hung.set()
    with contextlib.suppress(OSError):  # closed already: the connection failed by itself
        sock.shutdown(socket.SHUT_RDWR)
