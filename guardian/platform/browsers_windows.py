"""Browser managed policies on Windows: values under HKLM\\SOFTWARE\\Policies.

Chromium-based browsers and Firefox read the same layout: a boolean or a number is a
REG_DWORD, a string a REG_SZ, a list a subkey of the policy's name whose values "1", "2", …
hold the entries, and a Firefox policy with parts (DNSOverHTTPS) a subkey holding them.
`winreg` sits behind `Registry`, so this module imports anywhere and the tests fake it.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from typing import Any, Protocol

from guardian.platform.browsers import (
    BRAVE,
    CHROME,
    CHROMIUM,
    EDGE,
    FIREFOX,
    YANDEX,
    Browser,
    BrowserLocation,
    BrowserPolicyError,
    LeafPath,
)

REG_SZ = 1
REG_DWORD = 4
"""The value types as winreg numbers them."""

POLICY_KEYS: tuple[tuple[Browser, str], ...] = (
    (CHROME, r"SOFTWARE\Policies\Google\Chrome"),
    (CHROMIUM, r"SOFTWARE\Policies\Chromium"),
    (EDGE, r"SOFTWARE\Policies\Microsoft\Edge"),
    (YANDEX, r"SOFTWARE\Policies\YandexBrowser"),
    (BRAVE, r"SOFTWARE\Policies\BraveSoftware\Brave"),
    (FIREFOX, r"SOFTWARE\Policies\Mozilla\Firefox"),
)


class Registry(Protocol):
    """The few HKEY_LOCAL_MACHINE operations Guardian's browser policies need."""

    def values(self, key: str) -> dict[str, tuple[int, object]] | None:
        """Each value's (type, data) under `key`; None when the key does not exist."""
        ...

    def subkeys(self, key: str) -> list[str] | None:
        """The names of `key`'s subkeys; None when the key does not exist."""
        ...

    def create_key(self, key: str) -> None:
        """Create `key` and any missing parents."""
        ...

    def set_value(self, key: str, name: str, kind: int, data: object) -> None:
        """Set one value of an existing key."""
        ...

    def delete_value(self, key: str, name: str) -> None:
        """Delete one value; a missing one is fine."""
        ...

    def delete_key(self, key: str) -> None:
        """Delete an empty key; a missing one is fine."""
        ...


class WinRegistry:
    """`Registry` on the real HKEY_LOCAL_MACHINE, 64-bit view."""

    def __init__(self) -> None:
        # Imported by name: its stubs exist only for Windows.
        self._winreg: Any = importlib.import_module("winreg")

    def _open(self, key: str, access: int) -> Any:
        w = self._winreg
        return w.OpenKeyEx(w.HKEY_LOCAL_MACHINE, key, 0, access | w.KEY_WOW64_64KEY)

    def values(self, key: str) -> dict[str, tuple[int, object]] | None:
        """Enumerate the values of `key`."""
        try:
            handle = self._open(key, self._winreg.KEY_READ)
        except FileNotFoundError:
            return None
        out: dict[str, tuple[int, object]] = {}
        with handle:
            index = 0
            while True:
                try:
                    name, data, kind = self._winreg.EnumValue(handle, index)
                except OSError:  # ERROR_NO_MORE_ITEMS
                    return out
                out[name] = (kind, data)
                index += 1

    def subkeys(self, key: str) -> list[str] | None:
        """Enumerate the subkeys of `key`."""
        try:
            handle = self._open(key, self._winreg.KEY_READ)
        except FileNotFoundError:
            return None
        out: list[str] = []
        with handle:
            while True:
                try:
                    out.append(self._winreg.EnumKey(handle, len(out)))
                except OSError:
                    return out

    def create_key(self, key: str) -> None:
        """CreateKeyEx opens an existing key too."""
        w = self._winreg
        w.CreateKeyEx(w.HKEY_LOCAL_MACHINE, key, 0, w.KEY_WRITE | w.KEY_WOW64_64KEY).Close()

    def set_value(self, key: str, name: str, kind: int, data: object) -> None:
        """SetValueEx on the opened key."""
        with self._open(key, self._winreg.KEY_SET_VALUE) as handle:
            self._winreg.SetValueEx(handle, name, 0, kind, data)

    def delete_value(self, key: str, name: str) -> None:
        """DeleteValue, ignoring a missing value or key."""
        try:
            with self._open(key, self._winreg.KEY_SET_VALUE) as handle:
                self._winreg.DeleteValue(handle, name)
        except FileNotFoundError:
            return

    def delete_key(self, key: str) -> None:
        """DeleteKeyEx in the 64-bit view; Windows refuses a key that has subkeys."""
        w = self._winreg
        try:
            w.DeleteKeyEx(w.HKEY_LOCAL_MACHINE, key, w.KEY_WOW64_64KEY, 0)
        except FileNotFoundError:
            return


def _is_list_key(values: dict[str, tuple[int, object]]) -> bool:
    return all(name.isdigit() for name in values)


class RegistryPolicyKey:
    """One browser's policy key, read and written value by value."""

    def __init__(self, registry: Registry, key: str) -> None:
        self.registry = registry
        self.key = key
        self.location = "HKLM\\" + key
        self._created: list[str] = []

    def _key(self, path: LeafPath) -> str:
        return "\\".join((self.key, *path[:-1]))

    def load(self) -> None:
        """Nothing to read ahead: each value is read when asked for."""
        self._created = []

    def get(self, path: LeafPath) -> object | None:
        """A value, or the entries of a list subkey in number order."""
        try:
            values = self.registry.values(self._key(path))
            if values is not None and path[-1] in values:
                kind, data = values[path[-1]]
                return data if kind in (REG_SZ, REG_DWORD) else None
            entries = self.registry.values(self._key(path) + "\\" + path[-1])
        except OSError as exc:
            raise BrowserPolicyError(f"{self.location} cannot be read: {exc}") from None
        if entries is None or not entries or not _is_list_key(entries):
            return None
        return [entries[n][1] for n in sorted(entries, key=int)]

    def baseline(self, path: LeafPath) -> object | None:
        """Nothing outside the key."""
        return None

    def seed(self) -> dict[LeafPath, object]:
        """Nothing to carry over."""
        return {}

    def set(self, path: LeafPath, value: object) -> None:
        """Write one value: DWORD, SZ, or a list subkey rewritten from "1"."""
        self.delete(path)  # a list may have been a JSON string before, or the other way round
        try:
            if isinstance(value, list):
                listed = self._key(path) + "\\" + path[-1]
                self._ensure(listed)
                for number, entry in enumerate(value, start=1):
                    self.registry.set_value(listed, str(number), REG_SZ, str(entry))
                return
            kind, data = _encode(value)
            self._ensure(self._key(path))
            self.registry.set_value(self._key(path), path[-1], kind, data)
        except OSError as exc:
            raise BrowserPolicyError(f"{self.location} cannot be written: {exc}") from None

    def delete(self, path: LeafPath) -> None:
        """Delete a value, or a list subkey's entries and then the subkey if it is empty."""
        try:
            self.registry.delete_value(self._key(path), path[-1])
            listed = self._key(path) + "\\" + path[-1]
            entries = self.registry.values(listed)
            if entries is not None and _is_list_key(entries):
                for name in entries:
                    self.registry.delete_value(listed, name)
                if not self.registry.subkeys(listed):
                    self.registry.delete_key(listed)
        except OSError as exc:
            raise BrowserPolicyError(f"{self.location} cannot be written: {exc}") from None

    def save(self) -> list[str]:
        """Values are written as they are set; returns the keys that had to be created."""
        created, self._created = self._created, []
        return created

    def discard(self, created: Sequence[str]) -> None:
        """Delete the keys Guardian created that hold nothing now, deepest first."""
        for key in sorted(created, key=len, reverse=True):
            try:
                if not self.registry.values(key) and not self.registry.subkeys(key):
                    self.registry.delete_key(key)
            except OSError as exc:
                raise BrowserPolicyError(f"HKLM\\{key} cannot be deleted: {exc}") from None

    def overridden(self, paths: Sequence[LeafPath]) -> list[str]:
        """HKLM policies are the highest machine source Guardian writes."""
        return []

    def _ensure(self, key: str) -> None:
        parts = key.split("\\")
        for depth in range(1, len(parts) + 1):
            partial = "\\".join(parts[:depth])
            if self.registry.subkeys(partial) is None:
                self.registry.create_key(partial)
                self._created.append(partial)


def _encode(value: object) -> tuple[int, object]:
    if isinstance(value, bool):
        return REG_DWORD, int(value)
    if isinstance(value, int):
        return REG_DWORD, value
    if isinstance(value, str):
        return REG_SZ, value
    raise BrowserPolicyError(f"{value!r} has no registry form")


def windows_locations(registry: Registry) -> list[BrowserLocation]:
    """Windows: each browser's key under HKLM\\SOFTWARE\\Policies."""
    return [BrowserLocation(b, RegistryPolicyKey(registry, key)) for b, key in POLICY_KEYS]
