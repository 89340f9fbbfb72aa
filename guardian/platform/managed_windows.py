"""The OS-managed policy on Windows: values under HKLM\\Software\\Policies\\Guardian, where
Group Policy (ADMX) and Intune write them.

One value per setting, named by the setting's dotted path (`default_profile`,
`reports.folder`): a REG_SZ or REG_EXPAND_SZ is text, a REG_DWORD or REG_QWORD a number (0 and
1 are false and true where the policy wants a yes or no), a REG_MULTI_SZ a list of text. The
value `Policy`, a REG_SZ or REG_MULTI_SZ (lines joined), holds a JSON fragment of a policy for
what one value cannot say, like profiles; the single values are applied over it.
docs/schools.md describes the layout for ADMX authors.
"""

from __future__ import annotations

import json
from typing import Any

from guardian.platform.base import ManagedPolicyError
from guardian.platform.browsers_windows import Registry, WinRegistry
from rules.layers import numbers_as_bools

KEY = r"SOFTWARE\Policies\Guardian"
ROOT = "HKLM"
FRAGMENT = "Policy"
"""The value holding a JSON policy fragment."""

REG_SZ = 1
REG_EXPAND_SZ = 2
REG_DWORD = 4
REG_MULTI_SZ = 7
REG_QWORD = 11
"""The value types as winreg numbers them."""


class WindowsManagedPolicy:
    """`ManagedPolicy` read from the registry (behind `Registry`, so tests fake it)."""

    where = f"{ROOT}\\{KEY}"

    def __init__(self, registry: Registry | None = None) -> None:
        self._registry = registry

    def read(self) -> dict[str, Any] | None:
        """The values under the key as a partial policy; None when the key is missing or
        empty."""
        if self._registry is None:
            self._registry = WinRegistry()
        try:
            values = self._registry.values(KEY)
        except OSError as exc:
            raise ManagedPolicyError(f"{self.where}: cannot be read: {exc}") from exc
        if not values:
            return None
        data: dict[str, Any] = {}
        fragment = values.get(FRAGMENT)
        if fragment is not None:
            data = self._fragment(*fragment)
        for name, (kind, value) in sorted(values.items()):
            if name == FRAGMENT:
                continue
            _put(data, name, self._value(name, kind, value))
        return numbers_as_bools(data)

    def _fragment(self, kind: int, value: object) -> dict[str, Any]:
        where = f"{self.where}\\{FRAGMENT}"
        if kind == REG_MULTI_SZ and isinstance(value, list):
            text = "\n".join(str(line) for line in value)
        elif kind in (REG_SZ, REG_EXPAND_SZ) and isinstance(value, str):
            text = value
        else:
            raise ManagedPolicyError(f"{where}: must be a REG_SZ or REG_MULTI_SZ holding JSON")
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ManagedPolicyError(
                f"{where}: not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}"
            ) from None
        if not isinstance(data, dict):
            raise ManagedPolicyError(f"{where}: must hold one JSON object {{ ... }}")
        return data

    def _value(self, name: str, kind: int, value: object) -> object:
        if kind in (REG_SZ, REG_EXPAND_SZ) and isinstance(value, str):
            return value
        if kind in (REG_DWORD, REG_QWORD) and isinstance(value, int):
            return value
        if kind == REG_MULTI_SZ and isinstance(value, list):
            return [str(item) for item in value]
        raise ManagedPolicyError(
            f"{self.where}\\{name}: a registry value of type {kind} cannot hold a setting; use "
            "REG_SZ for text, REG_DWORD for numbers and yes/no, REG_MULTI_SZ for lists"
        )


def _put(data: dict[str, Any], dotted: str, value: object) -> None:
    """Set a dotted path in nested tables; a name that is not a path is refused."""
    parts = dotted.split(".")
    if not all(parts):
        raise ManagedPolicyError(
            f"{WindowsManagedPolicy.where}\\{dotted}: not a setting's dotted path, like "
            "reports.folder"
        )
    table = data
    for part in parts[:-1]:
        inner = table.setdefault(part, {})
        if not isinstance(inner, dict):
            raise ManagedPolicyError(
                f"{WindowsManagedPolicy.where}\\{dotted}: {part} is a single value, not a table"
            )
        table = inner
    table[parts[-1]] = value
