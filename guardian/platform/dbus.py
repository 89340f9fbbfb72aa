"""D-Bus method calls over jeepney, each with a time limit: the seam Linux adapters talk through.

`Bus` is all linux.py needs; `JeepneyBus` is the real one. Tests pass a fake `Bus` that answers
the messages `method_call` builds, so the messages themselves can be checked.
"""

from __future__ import annotations

import threading
from typing import Any, Protocol

from jeepney import DBusAddress, HeaderFields, Message, MessageFlag, MessageType, new_method_call
from jeepney.bus import get_bus
from jeepney.io.blocking import DBusConnection, open_dbus_connection

from guardian.platform.fallbacks import WayFailed

DEFAULT_TIMEOUT = 3.0
"""Seconds a call may take; a hung desktop service must not stall the enforcement tick."""


class BusError(WayFailed):
    """A D-Bus call failed: the bus is unreachable, nobody owns the name, or the call is refused."""

    def __init__(self, message: str, name: str | None = None) -> None:
        super().__init__(message)
        self.name = name
        """The D-Bus error name, such as org.freedesktop.DBus.Error.ServiceUnknown, if any."""


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
    Calls are serialised by a lock because jeepney's blocking connection is not thread-safe.
    """

    def __init__(self, address: str, label: str, timeout: float = DEFAULT_TIMEOUT) -> None:
        self.address = address
        self.label = label
        self.timeout = timeout
        self._connection: DBusConnection | None = None
        self._lock = threading.Lock()

    def call(self, message: Message) -> tuple[Any, ...]:
        """Send `message` and wait at most `timeout` s for the reply; raises BusError."""
        with self._lock:
            connection = self._connection or self._connect()
            try:
                reply = connection.send_and_get_reply(message, timeout=self.timeout)
            except TimeoutError:
                self._close()
                raise BusError(
                    f"{describe(message)} got no answer on the {self.label} "
                    f"within {self.timeout:g} s"
                ) from None
            except (OSError, ValueError) as exc:
                self._close()
                raise BusError(
                    f"the {self.label} failed during {describe(message)}: {exc}"
                ) from None
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

    def _connect(self) -> DBusConnection:
        try:
            where = get_bus(self.address).replace("\0", "@")
        except KeyError:
            raise BusError(
                f"there is no {self.label}: DBUS_SESSION_BUS_ADDRESS is not set"
            ) from None
        except (RuntimeError, ValueError) as exc:
            raise BusError(
                f"the {self.label} address {self.address!r} is not usable: {exc}"
            ) from None
        try:
            connection = open_dbus_connection(bus=self.address, auth_timeout=self.timeout)
        except (OSError, ValueError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            raise BusError(f"the {self.label} at {where} is not reachable ({reason})") from None
        self._connection = connection
        return connection

    def _close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None
