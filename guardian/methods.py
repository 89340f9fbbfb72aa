"""The client API table: every method a client may call, its params and who may call it.

Features register their methods here; the socket server and the in-process `LocalApi` both
dispatch through the same table, so a method exists once. Params are msgspec Structs decoded
strictly from the caller's JSON (unknown, missing and mistyped params are refused, `true` is no
integer); a parent method's token is checked before anything else is looked at.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Any

import msgspec

from guardian.api import AuthRequired, InvalidRequest


class Access(Enum):
    """Who may call a method."""

    ANYONE = "anyone"
    """Any local account, for itself."""
    PARENT = "parent"
    """A caller with a live parent token (the `token` param)."""


class NoParams(msgspec.Struct, forbid_unknown_fields=True):
    """A method without params."""


@dataclass(frozen=True, slots=True)
class Caller:
    """Who calls: the OS account, from the kernel."""

    account: str


@dataclass(frozen=True, slots=True)
class Method:
    """One client method."""

    name: str
    call: Callable[[Caller, Any], Any]
    params: type[msgspec.Struct] = NoParams
    access: Access = Access.ANYONE
    encode: Callable[[Any], Any] | None = None
    """Turns the result into plain JSON data for the socket; None: msgspec's builtins."""


class BadParam(InvalidRequest):
    """A param was missing, unknown or of the wrong type; `param` names it."""

    def __init__(self, message: str, param: str | None) -> None:
        super().__init__(message)
        self.param = param


_PATH = re.compile(r"at `\$\.([A-Za-z_]+)")
_FIELD = re.compile(r"field `([A-Za-z_]+)`")


def _bad_param(error: msgspec.ValidationError) -> BadParam:
    """msgspec's error in the protocol's words, naming the param."""
    text = str(error)
    found = _PATH.search(text) or _FIELD.search(text)
    param = found.group(1) if found else None
    if text.startswith("Object missing required field"):
        return BadParam(f"missing param '{param}'", param)
    if text.startswith("Object contains unknown field"):
        return BadParam(f"unknown param '{param}'", param)
    return BadParam(f"param '{param}': {text.split(' - at ', maxsplit=1)[0]}", param)


class MethodTable:
    """The methods of every feature, by name."""

    def __init__(self) -> None:
        self._methods: dict[str, Method] = {}

    def add(self, methods: Iterable[Method]) -> None:
        """Register methods; a name registered twice is a programming error."""
        for method in methods:
            if method.name in self._methods:
                raise ValueError(f"method {method.name} registered twice")
            self._methods[method.name] = method

    def get(self, name: str) -> Method | None:
        """The method of that name, if any."""
        return self._methods.get(name)

    def call(
        self,
        account: str,
        name: str,
        params: Mapping[str, Any],
        check_token: Callable[[str | None], None],
    ) -> Any:
        """Check the caller's right, decode the params and call; raises ApiError subclasses
        (KeyError for an unknown method)."""
        method = self._methods[name]
        values = dict(params)
        if method.access is Access.PARENT:
            if "token" not in values:
                raise BadParam("missing param 'token'", "token")
            raw = values.pop("token")
            if not isinstance(raw, str):
                raise AuthRequired("a valid parent token is required")
            check_token(raw)
        try:
            decoded = msgspec.convert(values, method.params, strict=True)
        except msgspec.ValidationError as exc:
            raise _bad_param(exc) from None
        return method.call(Caller(account), decoded)

    def encode(self, name: str, result: Any) -> Any:
        """A method's result as plain JSON data."""
        method = self._methods[name]
        if method.encode is not None:
            return method.encode(result)
        return msgspec.to_builtins(result)
