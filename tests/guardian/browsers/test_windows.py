"""Windows: policies as HKLM registry values, against a fake registry."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from guardian.platform.browsers import BrowserRules, ManagedBrowsers
from guardian.platform.browsers_windows import REG_DWORD, REG_SZ, WinRegistry, windows_locations

CHROME = r"SOFTWARE\Policies\Google\Chrome"
FIREFOX = r"SOFTWARE\Policies\Mozilla\Firefox"
RULES = BrowserRules(
    block_urls=("blocked.example", "bad.example"),
    allow_urls=("ok.example",),
    safe_search=True,
    youtube_restricted=True,
    disable_doh=True,
    disable_private=True,
)


class FakeRegistry:
    """HKEY_LOCAL_MACHINE as nested keys of typed values; can refuse writes under a key."""

    def __init__(self) -> None:
        self.keys: dict[str, dict[str, tuple[int, object]]] = {
            "SOFTWARE": {},
            r"SOFTWARE\Policies": {},
        }
        self.refuse: str | None = None

    def _check(self, key: str) -> None:
        if self.refuse and key.startswith(self.refuse):
            raise PermissionError(5, "Access is denied")

    def values(self, key: str) -> dict[str, tuple[int, object]] | None:
        found = self.keys.get(key)
        return None if found is None else dict(found)

    def subkeys(self, key: str) -> list[str] | None:
        if key not in self.keys:
            return None
        prefix = key + "\\"
        return sorted({k[len(prefix) :].split("\\")[0] for k in self.keys if k.startswith(prefix)})

    def create_key(self, key: str) -> None:
        self._check(key)
        parts = key.split("\\")
        for depth in range(1, len(parts) + 1):
            self.keys.setdefault("\\".join(parts[:depth]), {})

    def set_value(self, key: str, name: str, kind: int, data: object) -> None:
        self._check(key)
        assert kind in (REG_SZ, REG_DWORD)
        assert isinstance(data, str if kind == REG_SZ else int)
        self.keys[key][name] = (kind, data)

    def delete_value(self, key: str, name: str) -> None:
        self._check(key)
        self.keys.get(key, {}).pop(name, None)

    def delete_key(self, key: str) -> None:
        self._check(key)
        assert not self.subkeys(key), f"{key} has subkeys"
        self.keys.pop(key, None)


def browsers(registry: FakeRegistry, tmp_path: Path) -> ManagedBrowsers:
    return ManagedBrowsers(windows_locations(registry), tmp_path / "ledger.json")


def test_chrome_values_and_list_subkeys(tmp_path: Path) -> None:
    registry = FakeRegistry()

    assert browsers(registry, tmp_path).apply(RULES).ok

    assert registry.keys[CHROME] == {
        "DnsOverHttpsMode": (REG_SZ, "off"),
        "IncognitoModeAvailability": (REG_DWORD, 1),
        "BrowserGuestModeEnabled": (REG_DWORD, 0),
        "ForceGoogleSafeSearch": (REG_DWORD, 1),
        "ForceYouTubeRestrict": (REG_DWORD, 1),
    }
    assert registry.keys[CHROME + r"\URLBlocklist"] == {
        "1": (REG_SZ, "blocked.example"),
        "2": (REG_SZ, "bad.example"),
    }
    assert registry.keys[CHROME + r"\URLAllowlist"] == {"1": (REG_SZ, "ok.example")}
    assert registry.keys[r"SOFTWARE\Policies\Microsoft\Edge"]["ForceBingSafeSearch"] == (
        REG_DWORD,
        2,
    )
    assert registry.keys[r"SOFTWARE\Policies\BraveSoftware\Brave"]["TorDisabled"] == (REG_DWORD, 1)
    assert set(registry.keys[r"SOFTWARE\Policies\YandexBrowser"]) == {"IncognitoModeAvailability"}
    assert r"SOFTWARE\Policies\Chromium\URLBlocklist" in registry.keys


def test_firefox_uses_its_registry_layout(tmp_path: Path) -> None:
    registry = FakeRegistry()

    browsers(registry, tmp_path).apply(RULES)

    assert registry.keys[FIREFOX] == {"DisablePrivateBrowsing": (REG_DWORD, 1)}
    assert registry.keys[FIREFOX + r"\DNSOverHTTPS"] == {
        "Enabled": (REG_DWORD, 0),
        "Locked": (REG_DWORD, 1),
    }
    assert registry.keys[FIREFOX + r"\WebsiteFilter\Block"]["1"] == (
        REG_SZ,
        "*://blocked.example/*",
    )
    assert len(registry.keys[FIREFOX + r"\WebsiteFilter\Block"]) == 4
    assert registry.keys[FIREFOX + r"\WebsiteFilter\Exceptions"]["2"] == (
        REG_SZ,
        "*://*.ok.example/*",
    )


def test_remove_leaves_the_registry_as_it_was(tmp_path: Path) -> None:
    registry = FakeRegistry()
    registry.create_key(CHROME + r"\URLBlocklist")
    registry.set_value(CHROME, "HomepageLocation", REG_SZ, "https://school.example/")
    registry.set_value(CHROME, "IncognitoModeAvailability", REG_DWORD, 0)
    registry.set_value(CHROME + r"\URLBlocklist", "1", REG_SZ, "admin.example")
    registry.create_key(FIREFOX + r"\DNSOverHTTPS")
    registry.set_value(FIREFOX + r"\DNSOverHTTPS", "ProviderURL", REG_SZ, "https://doh.example/")
    before = {k: dict(v) for k, v in registry.keys.items()}
    managed = browsers(registry, tmp_path)

    managed.apply(RULES)
    assert registry.keys[CHROME]["IncognitoModeAvailability"] == (REG_DWORD, 1)
    assert registry.keys[CHROME + r"\URLBlocklist"] == {
        "1": (REG_SZ, "admin.example"),
        "2": (REG_SZ, "blocked.example"),
        "3": (REG_SZ, "bad.example"),
    }
    assert managed.remove().ok

    assert registry.keys == before


def test_a_list_stored_as_one_json_string_is_replaced_and_restored(tmp_path: Path) -> None:
    registry = FakeRegistry()
    registry.create_key(CHROME)
    registry.set_value(CHROME, "URLBlocklist", REG_SZ, '["admin.example"]')
    managed = browsers(registry, tmp_path)

    managed.apply(BrowserRules(block_urls=("blocked.example",)))
    assert "URLBlocklist" not in registry.keys[CHROME]
    assert registry.keys[CHROME + r"\URLBlocklist"] == {"1": (REG_SZ, "blocked.example")}

    managed.remove()
    assert registry.keys[CHROME] == {"URLBlocklist": (REG_SZ, '["admin.example"]')}
    assert CHROME + r"\URLBlocklist" not in registry.keys


def test_a_refused_key_fails_that_browser_only(tmp_path: Path) -> None:
    registry = FakeRegistry()
    registry.refuse = r"SOFTWARE\Policies\Microsoft"

    result = browsers(registry, tmp_path).apply(RULES)

    assert [r.browser for r in result.failed] == ["Edge"]
    assert "Access is denied" in (result.failed[0].error or "")
    assert len(result.done) == 5
    assert registry.keys[FIREFOX]["DisablePrivateBrowsing"] == (REG_DWORD, 1)


def test_installed_state_sees_a_value_changed_in_regedit(tmp_path: Path) -> None:
    registry = FakeRegistry()
    managed = browsers(registry, tmp_path)
    managed.apply(RULES)
    assert all(s.holds_current for s in managed.installed_state())

    registry.set_value(CHROME, "IncognitoModeAvailability", REG_DWORD, 0)
    registry.delete_value(CHROME + r"\URLBlocklist", "2")

    state = {s.browser: s for s in managed.installed_state()}["Chrome"]
    assert not state.holds_current
    assert "URLBlocklist" in state.detail and "IncognitoModeAvailability" in state.detail
    assert state.location == "HKLM\\" + CHROME


class FakeWinreg:
    """The slice of the winreg module WinRegistry uses, over a FakeRegistry's keys; records
    the access flags of every open so the 64-bit view is checked."""

    HKEY_LOCAL_MACHINE = 0x80000002
    KEY_READ = 0x20019
    KEY_WRITE = 0x20006
    KEY_SET_VALUE = 0x0002
    KEY_WOW64_64KEY = 0x0100

    def __init__(self, registry: FakeRegistry) -> None:
        self.registry = registry
        self.access: list[int] = []

    class Handle:
        def __init__(self, key: str) -> None:
            self.key = key

        def __enter__(self) -> FakeWinreg.Handle:
            return self

        def __exit__(self, *exc: object) -> None:
            return None

        def Close(self) -> None:
            return None

    def OpenKeyEx(self, root: int, key: str, reserved: int, access: int) -> Handle:
        assert root == self.HKEY_LOCAL_MACHINE
        self.access.append(access)
        if key not in self.registry.keys:
            raise FileNotFoundError(2, "The system cannot find the file specified")
        return self.Handle(key)

    def CreateKeyEx(self, root: int, key: str, reserved: int, access: int) -> Handle:
        self.access.append(access)
        self.registry.create_key(key)
        return self.Handle(key)

    def EnumValue(self, handle: Handle, index: int) -> tuple[str, object, int]:
        items = list(self.registry.keys[handle.key].items())
        if index >= len(items):
            raise OSError(259, "No more data is available")
        name, (kind, data) = items[index]
        return name, data, kind

    def EnumKey(self, handle: Handle, index: int) -> str:
        names = self.registry.subkeys(handle.key) or []
        if index >= len(names):
            raise OSError(259, "No more data is available")
        return names[index]

    def SetValueEx(self, handle: Handle, name: str, reserved: int, kind: int, data: object) -> None:
        self.registry.set_value(handle.key, name, kind, data)

    def DeleteValue(self, handle: Handle, name: str) -> None:
        if name not in self.registry.keys[handle.key]:
            raise FileNotFoundError(2, "The system cannot find the file specified")
        self.registry.delete_value(handle.key, name)

    def DeleteKeyEx(self, root: int, key: str, access: int, reserved: int) -> None:
        self.access.append(access)
        if key not in self.registry.keys:
            raise FileNotFoundError(2, "The system cannot find the file specified")
        self.registry.delete_key(key)


def test_winreg_calls_write_and_take_back_every_browser(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    registry = FakeRegistry()
    registry.create_key(CHROME)
    registry.set_value(CHROME, "HomepageLocation", REG_SZ, "https://school.example/")
    before = {k: dict(v) for k, v in registry.keys.items()}
    winreg = FakeWinreg(registry)
    monkeypatch.setitem(sys.modules, "winreg", winreg)
    managed = ManagedBrowsers(windows_locations(WinRegistry()), tmp_path / "ledger.json")

    assert managed.apply(RULES).ok
    assert registry.keys[CHROME]["IncognitoModeAvailability"] == (REG_DWORD, 1)
    assert registry.keys[FIREFOX + r"\WebsiteFilter\Block"]["4"] == (
        REG_SZ,
        "*://*.bad.example/*",
    )
    assert all(s.holds_current for s in managed.installed_state())
    assert managed.remove().ok

    assert registry.keys == before
    assert winreg.access and all(a & FakeWinreg.KEY_WOW64_64KEY for a in winreg.access)
