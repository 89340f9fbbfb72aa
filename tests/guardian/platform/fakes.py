"""Fakes for the OS call layers: commands, a D-Bus bus, and native libraries with fake exports."""

from __future__ import annotations

import ctypes
from collections.abc import Callable, Sequence
from typing import Any

from jeepney import HeaderFields, Message, MessageFlag

from guardian.platform.commands import CommandError, CommandResult
from guardian.platform.dbus import BusError, BusTimeout

SERVICE_UNKNOWN = "org.freedesktop.DBus.Error.ServiceUnknown"


class FakeCommands:
    """Answers commands from a table (unknown ones are "not installed") and records every argv."""

    def __init__(self) -> None:
        self.answers: dict[tuple[str, ...], CommandResult | CommandError] = {}
        self.ran: list[tuple[str, ...]] = []

    def answer(self, argv: Sequence[str], stdout: str = "", returncode: int = 0) -> None:
        self.answers[tuple(argv)] = CommandResult(tuple(argv), returncode, stdout, "")

    def fail(self, argv: Sequence[str], reason: str) -> None:
        self.answers[tuple(argv)] = CommandError(reason)

    def run(self, argv: Sequence[str], *, check: bool = True) -> CommandResult:
        key = tuple(argv)
        self.ran.append(key)
        answer = self.answers.get(key)
        if answer is None:
            raise CommandError(f"{argv[0]} is not installed")
        if isinstance(answer, CommandError):
            raise answer
        if check and answer.returncode != 0:
            raise CommandError(f"it exited with {answer.returncode}")
        return answer


def call_of(message: Message) -> tuple[Any, ...]:
    """(destination, path, interface, member, signature, body) of a method call."""
    fields = message.header.fields
    return (
        fields.get(HeaderFields.destination),
        fields.get(HeaderFields.path),
        fields.get(HeaderFields.interface),
        fields.get(HeaderFields.member),
        fields.get(HeaderFields.signature),
        tuple(message.body),
    )


def auto_starts(message: Message) -> bool:
    """Whether the bus may launch a service to answer the message."""
    return not message.header.flags & MessageFlag.no_auto_start


class FakeBus:
    """A bus answering (path, interface, member) from a table; unknown calls: ServiceUnknown.
    `hung`: every call times out, as on a bus that never answers."""

    def __init__(self, unreachable: str | None = None, *, hung: bool = False) -> None:
        self.unreachable = unreachable
        self.hung = hung
        self.answers: dict[tuple[str, str, str], tuple[Any, ...] | BusError] = {}
        self.calls: list[Message] = []

    def on(self, path: str, interface: str, member: str, *reply: Any) -> None:
        self.answers[(path, interface, member)] = reply

    def refuse(self, path: str, interface: str, member: str, name: str) -> None:
        self.answers[(path, interface, member)] = BusError(f"refused ({name})", name)

    def call(self, message: Message) -> tuple[Any, ...]:
        self.calls.append(message)
        if self.hung:
            raise BusTimeout(f"{call_of(message)[2]}.{call_of(message)[3]} got no answer")
        if self.unreachable is not None:
            raise BusError(self.unreachable)
        _destination, path, interface, member, _signature, _body = call_of(message)
        answer = self.answers.get((path, interface, member))
        if answer is None:
            raise BusError(f"{interface}.{member} was refused ({SERVICE_UNKNOWN})", SERVICE_UNKNOWN)
        if isinstance(answer, BusError):
            raise answer
        return answer

    def members(self) -> list[str]:
        """The interface.member of every call so far."""
        return [f"{call_of(m)[2]}.{call_of(m)[3]}" for m in self.calls]


class FakeLibrary:
    """A DLL or framework whose exports are Python functions behind real ctypes C prototypes.

    Calls from the code under test go through ctypes' own argument conversion, as they would
    with the real library, so wrong argtypes or arguments fail here; every call is recorded.
    """

    def __init__(self, calls: list[tuple[Any, ...]]) -> None:
        self._calls = calls

    def add(self, name: str, function: Callable[..., Any], restype: Any, *argtypes: Any) -> None:
        """Export `function` as `name` with the documented C signature."""

        def recorded(*args: Any) -> Any:
            self._calls.append((name, *args))
            return function(*args)

        setattr(self, name, ctypes.CFUNCTYPE(restype, *argtypes)(recorded))


def write_wide(address: int, length: int, text: str) -> None:
    """Write a NUL-terminated wide string into a caller's buffer, as a Win32 function does."""
    (ctypes.c_wchar * length).from_address(address).value = text
