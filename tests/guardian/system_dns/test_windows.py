"""Windows system DNS on Linux: the settings logic over a fake adapter table, and the iphlpapi
calls through real ctypes prototypes over fake DLL exports that fill buffers as Windows does."""

from __future__ import annotations

import ctypes
import socket
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pytest

from guardian.platform.base import PlatformError
from guardian.platform.fallbacks import WayFailed
from guardian.platform.system_dns import system_dns_for
from guardian.platform.system_dns_windows import (
    DNS_INTERFACE_SETTINGS,
    DNS_SETTING_IPV6,
    DNS_SETTING_NAMESERVER,
    ERROR_BUFFER_OVERFLOW,
    GUID,
    IP_ADAPTER_ADDRESSES,
    IP_ADAPTER_DNS_SERVER_ADDRESS,
    Adapter,
    Win32AdapterDns,
    WindowsSystemDns,
)
from guardian.platform.win32 import Win32Error
from tests.guardian.platform.fakes import FakeCommands, FakeLibrary

WIFI = Adapter("{6B29FC40-CA47-1067-B31D-00DD010662DA}", "Wi-Fi", True, ("192.168.1.1",))
ETHERNET = Adapter("{0F8FAD5B-D9CB-469F-A165-70867728950E}", "Ethernet", False, ())


@dataclass
class FakeAdapters:
    """Adapters with static servers per IP version; DHCP's resolvers show while none are set."""

    table: list[Adapter] = field(default_factory=lambda: [WIFI, ETHERNET])
    static: dict[tuple[str, bool], list[str]] = field(
        default_factory=lambda: {
            (WIFI.guid, False): [],
            (WIFI.guid, True): [],
            (ETHERNET.guid, False): ["9.9.9.9", "149.112.112.112"],
            (ETHERNET.guid, True): ["2620:fe::fe"],
        }
    )
    refuse: set[str] = field(default_factory=set)
    sets: list[tuple[str, bool, tuple[str, ...]]] = field(default_factory=list)

    def adapters(self) -> list[Adapter]:
        result = []
        for adapter in self.table:
            own = self.static[(adapter.guid, False)] + self.static[(adapter.guid, True)]
            result.append(replace(adapter, resolvers=tuple(own) or adapter.resolvers))
        return result

    def static_servers(self, adapter: Adapter, ipv6: bool) -> list[str]:
        return list(self.static[(adapter.guid, ipv6)])

    def set_static_servers(self, adapter: Adapter, ipv6: bool, servers: Sequence[str]) -> None:
        if adapter.name in self.refuse:
            raise Win32Error("SetInterfaceDnsSettings failed: Access is denied. (5)")
        self.sets.append((adapter.name, ipv6, tuple(servers)))
        self.static[(adapter.guid, ipv6)] = list(servers)


def test_every_adapter_is_pointed_and_restored_after_a_restart(tmp_path: Path) -> None:
    api = FakeAdapters()
    original = dict(api.static)
    commands = FakeCommands()
    commands.answer(["ipconfig", "/flushdns"])
    dns = WindowsSystemDns(tmp_path, commands, api)

    result = dns.point_at("127.0.0.1")

    assert result.ok and result.error == ""
    assert result.upstreams == ("192.168.1.1",), "only adapters that are up are in use"
    assert api.static == {
        (WIFI.guid, False): ["127.0.0.1"],
        (WIFI.guid, True): ["::1"],
        (ETHERNET.guid, False): ["127.0.0.1"],
        (ETHERNET.guid, True): ["::1"],
    }
    assert ("ipconfig", "/flushdns") in commands.ran
    assert dns.pointed()
    assert dns.current_upstreams() == ("192.168.1.1",)

    restarted = WindowsSystemDns(tmp_path, commands, api)
    assert restarted.pointed()
    restarted.restore()

    assert api.static == original
    assert not restarted.pointed()
    restarted.restore()


def test_pointing_again_keeps_the_first_saved_servers(tmp_path: Path) -> None:
    api = FakeAdapters()
    dns = WindowsSystemDns(tmp_path, FakeCommands(), api)
    dns.point_at("127.0.0.1")
    assert dns.point_at("127.0.0.1").upstreams == ("192.168.1.1",)
    dns.restore()
    assert api.static[(ETHERNET.guid, False)] == ["9.9.9.9", "149.112.112.112"]


def test_an_adapter_changed_by_hand_or_plugged_in_later_is_saved_as_it_is(tmp_path: Path) -> None:
    api = FakeAdapters()
    dns = WindowsSystemDns(tmp_path, FakeCommands(), api)
    dns.point_at("127.0.0.1")
    api.static[(WIFI.guid, False)] = ["1.1.1.1"]
    usb = Adapter("{1D4C7A2E-0000-4000-8000-000000000001}", "USB Ethernet", True, ("10.0.0.1",))
    api.table.append(usb)
    api.static[(usb.guid, False)] = []
    api.static[(usb.guid, True)] = []
    assert not dns.pointed()
    assert dns.point_at("127.0.0.1").ok
    assert api.static[(usb.guid, False)] == ["127.0.0.1"]
    dns.restore()
    assert api.static[(WIFI.guid, False)] == ["1.1.1.1"]
    assert api.static[(usb.guid, False)] == []


def test_an_adapter_that_refuses_is_reported_and_restore_keeps_the_state(tmp_path: Path) -> None:
    api = FakeAdapters(refuse={"Ethernet"})
    dns = WindowsSystemDns(tmp_path, FakeCommands(), api)
    result = dns.point_at("127.0.0.1")
    assert not result.ok
    assert (
        "setting the IPv4 DNS servers of Ethernet: SetInterfaceDnsSettings failed" in result.error
    )
    with pytest.raises(PlatformError, match="Ethernet"):
        dns.restore()
    api.refuse.clear()
    dns.restore()
    assert api.static[(WIFI.guid, False)] == []


def test_a_removed_adapter_is_passed_over_on_restore(tmp_path: Path) -> None:
    api = FakeAdapters()
    dns = WindowsSystemDns(tmp_path, FakeCommands(), api)
    dns.point_at("127.0.0.1")
    api.table.remove(ETHERNET)
    dns.restore()
    assert api.static[(WIFI.guid, True)] == []


def test_a_high_port_is_refused_without_touching_an_adapter(tmp_path: Path) -> None:
    api = FakeAdapters()
    result = WindowsSystemDns(tmp_path, FakeCommands(), api).point_at("127.0.0.1", 5353)
    assert not result.ok and "port 53" in result.error
    assert api.sets == []


def test_the_factory_builds_the_windows_one(tmp_path: Path) -> None:
    built = system_dns_for("windows", Path("/"), tmp_path, FakeCommands())
    assert isinstance(built, WindowsSystemDns)


# The iphlpapi calls, through ctypes, over fake exports.


def _sockaddr(address: str, keep: list[Any]) -> tuple[int, int]:
    if ":" in address:
        raw = (23).to_bytes(2, "little") + bytes(6) + socket.inet_pton(socket.AF_INET6, address)
        raw += (0).to_bytes(4, "little")
    else:
        raw = (2).to_bytes(2, "little") + bytes(2) + socket.inet_aton(address) + bytes(8)
    buffer = ctypes.create_string_buffer(raw, len(raw))
    keep.append(buffer)
    return ctypes.addressof(buffer), len(raw)


def _fill_adapters(
    buffer: int, entries: list[tuple[str, str, int, int, list[str]]], keep: list[Any]
) -> None:
    """Lay out IP_ADAPTER_ADDRESSES entries in the caller's buffer, as Windows does."""
    size = ctypes.sizeof(IP_ADAPTER_ADDRESSES)
    for index, (guid, name, if_type, status, servers) in enumerate(entries):
        item = IP_ADAPTER_ADDRESSES.from_address(buffer + index * size)
        name_buffer = ctypes.create_string_buffer(guid.encode())
        friendly = ctypes.create_unicode_buffer(name)
        keep += [name_buffer, friendly]
        item.AdapterName = ctypes.cast(name_buffer, ctypes.c_char_p)
        item.FriendlyName = ctypes.cast(friendly, ctypes.c_wchar_p)
        item.IfType = if_type
        item.OperStatus = status
        previous: Any = None
        for server in servers:
            node = IP_ADAPTER_DNS_SERVER_ADDRESS()
            keep.append(node)
            node.Address.lpSockaddr, node.Address.iSockaddrLength = _sockaddr(server, keep)
            if previous is None:
                item.FirstDnsServerAddress = ctypes.pointer(node)
            else:
                previous.Next = ctypes.pointer(node)
            previous = node
        if index + 1 < len(entries):
            item.Next = ctypes.cast(
                buffer + (index + 1) * size, ctypes.POINTER(IP_ADAPTER_ADDRESSES)
            )


def _iphlpapi(calls: list[Any], *, with_set: bool = True) -> tuple[FakeLibrary, dict[Any, str]]:
    library = FakeLibrary(calls)
    keep: list[Any] = []
    static: dict[Any, str] = {(WIFI.guid, 0): "", (WIFI.guid, 1): "2620:fe::fe"}
    entries = [
        (WIFI.guid, "Wi-Fi", 71, 1, ["192.168.1.1", "fe80::1"]),
        ("{00000000-0000-0000-0000-000000000001}", "Loopback", 24, 1, []),
        (ETHERNET.guid, "Ethernet", 6, 2, []),
    ]
    needed = 3 * ctypes.sizeof(IP_ADAPTER_ADDRESSES)

    def get_adapters(family: int, flags: int, reserved: Any, buffer: int, size: Any) -> int:
        if size.contents.value < needed:
            size.contents.value = needed
            return ERROR_BUFFER_OVERFLOW
        _fill_adapters(buffer, entries, keep)
        return 0

    def guid_text(guid: GUID) -> str:
        return "{" + str(uuid.UUID(bytes_le=bytes(guid))).upper() + "}"

    def get_settings(guid: GUID, settings: Any) -> int:
        value = ctypes.create_unicode_buffer(static[(guid_text(guid), settings.contents.Flags)])
        keep.append(value)
        settings.contents.NameServer = ctypes.cast(value, ctypes.c_wchar_p)
        return 0

    def set_settings(guid: GUID, settings: Any) -> int:
        flags = settings.contents.Flags
        assert flags & DNS_SETTING_NAMESERVER
        static[(guid_text(guid), flags & DNS_SETTING_IPV6)] = settings.contents.NameServer
        return 0

    settings_pointer = ctypes.POINTER(DNS_INTERFACE_SETTINGS)
    library.add(
        "GetAdaptersAddresses",
        get_adapters,
        ctypes.c_uint32,
        ctypes.c_uint32,
        ctypes.c_uint32,
        ctypes.c_void_p,
        ctypes.c_void_p,
        ctypes.POINTER(ctypes.c_uint32),
    )
    library.add("GetInterfaceDnsSettings", get_settings, ctypes.c_uint32, GUID, settings_pointer)
    library.add("FreeInterfaceDnsSettings", lambda settings: None, None, settings_pointer)
    if with_set:
        library.add(
            "SetInterfaceDnsSettings", set_settings, ctypes.c_uint32, GUID, settings_pointer
        )
    return library, static


def test_adapters_are_read_from_get_adapters_addresses_without_the_loopback() -> None:
    library, _ = _iphlpapi([])
    api = Win32AdapterDns(FakeCommands(), lambda name: library)
    assert api.adapters() == [
        Adapter(WIFI.guid, "Wi-Fi", True, ("192.168.1.1", "fe80::1")),
        Adapter(ETHERNET.guid, "Ethernet", False, ()),
    ]


def test_static_servers_are_read_and_set_per_ip_version() -> None:
    calls: list[Any] = []
    library, static = _iphlpapi(calls)
    api = Win32AdapterDns(FakeCommands(), lambda name: library)
    assert api.static_servers(WIFI, False) == []
    assert api.static_servers(WIFI, True) == ["2620:fe::fe"]
    assert [call[0] for call in calls].count("FreeInterfaceDnsSettings") == 2
    api.set_static_servers(WIFI, False, ["127.0.0.1"])
    api.set_static_servers(WIFI, True, ["::1", "2620:fe::9"])
    assert static[(WIFI.guid, 0)] == "127.0.0.1"
    assert static[(WIFI.guid, 1)] == "::1,2620:fe::9"


def test_without_set_interface_dns_settings_netsh_sets_the_servers() -> None:
    library, _ = _iphlpapi([], with_set=False)
    commands = FakeCommands()
    base = ["netsh", "interface", "ipv4"]
    commands.answer([*base, "set", "dnsservers", "name=Wi-Fi", "source=static",
                     "address=127.0.0.1", "register=none", "validate=no"])  # fmt: skip
    commands.answer([*base, "add", "dnsservers", "name=Wi-Fi", "address=9.9.9.9", "index=2",
                     "validate=no"])  # fmt: skip
    commands.answer([*base, "set", "dnsservers", "name=Wi-Fi", "source=dhcp"])
    api = Win32AdapterDns(commands, lambda name: library)
    api.set_static_servers(WIFI, False, ["127.0.0.1", "9.9.9.9"])
    api.set_static_servers(WIFI, False, [])
    assert len(commands.ran) == 3


def test_a_failing_call_is_told_with_windows_words(tmp_path: Path) -> None:
    library = FakeLibrary([])
    library.add(
        "GetAdaptersAddresses",
        lambda *args: 87,
        ctypes.c_uint32,
        ctypes.c_uint32,
        ctypes.c_uint32,
        ctypes.c_void_p,
        ctypes.c_void_p,
        ctypes.POINTER(ctypes.c_uint32),
    )
    api = Win32AdapterDns(
        FakeCommands(),
        lambda name: library,
        format_error=lambda code: "The parameter is incorrect.",
    )
    with pytest.raises(
        WayFailed, match=r"GetAdaptersAddresses failed: The parameter is incorrect\. \(87\)"
    ):
        api.adapters()
    result = WindowsSystemDns(tmp_path, FakeCommands(), api).point_at("127.0.0.1")
    assert not result.ok and "GetAdaptersAddresses failed" in result.error
