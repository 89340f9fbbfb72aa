"""System DNS on Windows: the static DNS servers of every network adapter, IPv4 and IPv6.

Adapters and the resolvers they use come from `GetAdaptersAddresses`; each adapter's own static
servers (empty: DHCP's) are read with `GetInterfaceDnsSettings` and saved, then replaced by the
filter with `SetInterfaceDnsSettings` (iphlpapi, Windows 10 2004 and later), or by
`netsh interface ipv4|ipv6 set dnsservers` where those functions do not exist. Every adapter
but the loopback is pointed, disconnected ones too, so plugging a cable in is no way around.
IPv4 gets the filter's address and IPv6 `::1` (or the other way round): the filter answers on
both loopback addresses, else IPv6 queries would bypass it.
"""

from __future__ import annotations

import ctypes
import ipaddress
import socket
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import msgspec

from guardian.platform.base import PlatformError
from guardian.platform.commands import CommandError, Commands
from guardian.platform.fallbacks import WayFailed
from guardian.platform.system_dns import (
    DNS_PORT,
    STATE_FILE,
    PointResult,
    StateFile,
    resolver_addresses,
    target_error,
)
from guardian.platform.win32 import DWORD, Win32Error, Win32Functions, load_system_dll

METHOD = "Windows adapter DNS settings"
LOOPBACK_V4 = "127.0.0.1"
LOOPBACK_V6 = "::1"
AF_UNSPEC = 0
AF_INET = 2
AF_INET6 = 23
GAA_FLAG_SKIP_UNICAST = 0x0001
GAA_FLAG_SKIP_ANYCAST = 0x0002
GAA_FLAG_SKIP_MULTICAST = 0x0004
ERROR_SUCCESS = 0
ERROR_BUFFER_OVERFLOW = 111
ERROR_NO_DATA = 232
IF_TYPE_SOFTWARE_LOOPBACK = 24
IF_OPER_STATUS_UP = 1
DNS_INTERFACE_SETTINGS_VERSION1 = 1
DNS_SETTING_IPV6 = 0x0001
DNS_SETTING_NAMESERVER = 0x0002
ADAPTER_BUFFER_TRIES = 4
"""Adapters can appear between the size query and the call; ask again a few times."""


class GUID(ctypes.Structure):
    """A Windows GUID, laid out as in guiddef.h."""

    _fields_ = [
        ("Data1", ctypes.c_uint32),
        ("Data2", ctypes.c_uint16),
        ("Data3", ctypes.c_uint16),
        ("Data4", ctypes.c_uint8 * 8),
    ]


class SOCKET_ADDRESS(ctypes.Structure):  # noqa: N801 - the Windows header's name
    _fields_ = [("lpSockaddr", ctypes.c_void_p), ("iSockaddrLength", ctypes.c_int32)]


class IP_ADAPTER_DNS_SERVER_ADDRESS(ctypes.Structure):  # noqa: N801
    pass


IP_ADAPTER_DNS_SERVER_ADDRESS._fields_ = [
    ("Length", ctypes.c_uint32),
    ("Reserved", DWORD),
    ("Next", ctypes.POINTER(IP_ADAPTER_DNS_SERVER_ADDRESS)),
    ("Address", SOCKET_ADDRESS),
]


class IP_ADAPTER_ADDRESSES(ctypes.Structure):  # noqa: N801
    """The leading members of IP_ADAPTER_ADDRESSES_LH, up to OperStatus (only read, never
    allocated here: Windows sizes the buffer)."""


IP_ADAPTER_ADDRESSES._fields_ = [
    ("Length", ctypes.c_uint32),
    ("IfIndex", DWORD),
    ("Next", ctypes.POINTER(IP_ADAPTER_ADDRESSES)),
    ("AdapterName", ctypes.c_char_p),
    ("FirstUnicastAddress", ctypes.c_void_p),
    ("FirstAnycastAddress", ctypes.c_void_p),
    ("FirstMulticastAddress", ctypes.c_void_p),
    ("FirstDnsServerAddress", ctypes.POINTER(IP_ADAPTER_DNS_SERVER_ADDRESS)),
    ("DnsSuffix", ctypes.c_wchar_p),
    ("Description", ctypes.c_wchar_p),
    ("FriendlyName", ctypes.c_wchar_p),
    ("PhysicalAddress", ctypes.c_uint8 * 8),
    ("PhysicalAddressLength", ctypes.c_uint32),
    ("Flags", ctypes.c_uint32),
    ("Mtu", ctypes.c_uint32),
    ("IfType", ctypes.c_uint32),
    ("OperStatus", ctypes.c_int32),
]


class DNS_INTERFACE_SETTINGS(ctypes.Structure):  # noqa: N801
    _fields_ = [
        ("Version", ctypes.c_uint32),
        ("Flags", ctypes.c_uint64),
        ("Domain", ctypes.c_wchar_p),
        ("NameServer", ctypes.c_wchar_p),
        ("SearchList", ctypes.c_wchar_p),
        ("RegistrationEnabled", ctypes.c_uint32),
        ("RegisterAdapterName", ctypes.c_uint32),
        ("EnableLLMNR", ctypes.c_uint32),
        ("QueryAdapterName", ctypes.c_uint32),
        ("ProfileNameServer", ctypes.c_wchar_p),
    ]


@dataclass(frozen=True, slots=True)
class Adapter:
    """One network adapter: its GUID ("{…}"), its name, whether it is up, the resolvers it uses."""

    guid: str
    name: str
    up: bool
    resolvers: tuple[str, ...]


class AdapterDns(Protocol):
    """The Windows calls the settings need; the real one is `Win32AdapterDns`."""

    def adapters(self) -> list[Adapter]:
        """Every adapter but the loopback; raises WayFailed when Windows does not tell."""
        ...

    def static_servers(self, adapter: Adapter, ipv6: bool) -> list[str]:
        """The adapter's own (static) servers for one IP version; empty: DHCP's."""
        ...

    def set_static_servers(self, adapter: Adapter, ipv6: bool, servers: Sequence[str]) -> None:
        """Make `servers` the adapter's static servers (empty: DHCP's again); WayFailed."""
        ...


class Win32AdapterDns(Win32Functions):
    """iphlpapi's adapter and DNS settings functions, with netsh where those are missing."""

    def __init__(
        self,
        commands: Commands,
        load: Callable[[str], Any] = load_system_dll,
        *,
        format_error: Callable[[int], str] | None = None,
    ) -> None:
        super().__init__(load, format_error=format_error)
        self._commands = commands

    def adapters(self) -> list[Adapter]:
        """Adapters from GetAdaptersAddresses (no unicast, anycast or multicast lists)."""
        call = self._function(
            "iphlpapi",
            "GetAdaptersAddresses",
            ctypes.c_uint32,
            ctypes.c_uint32,
            ctypes.c_uint32,
            ctypes.c_void_p,
            ctypes.c_void_p,
            ctypes.POINTER(ctypes.c_uint32),
        )
        flags = GAA_FLAG_SKIP_UNICAST | GAA_FLAG_SKIP_ANYCAST | GAA_FLAG_SKIP_MULTICAST
        size = ctypes.c_uint32(16 * 1024)
        for _ in range(ADAPTER_BUFFER_TRIES):
            buffer = ctypes.create_string_buffer(size.value)
            code = call(AF_UNSPEC, flags, None, buffer, ctypes.byref(size))
            if code == ERROR_NO_DATA:
                return []
            if code == ERROR_SUCCESS:
                return _read_adapters(ctypes.addressof(buffer))
            if code != ERROR_BUFFER_OVERFLOW:
                raise Win32Error(f"GetAdaptersAddresses failed: {self._describe(code)} ({code})")
        raise Win32Error("GetAdaptersAddresses kept asking for a larger buffer")

    def static_servers(self, adapter: Adapter, ipv6: bool) -> list[str]:
        """GetInterfaceDnsSettings' NameServer (the static list), freed afterwards."""
        get = self._function(
            "iphlpapi",
            "GetInterfaceDnsSettings",
            DWORD,
            GUID,
            ctypes.POINTER(DNS_INTERFACE_SETTINGS),
        )
        free = self._function(
            "iphlpapi", "FreeInterfaceDnsSettings", None, ctypes.POINTER(DNS_INTERFACE_SETTINGS)
        )
        settings = DNS_INTERFACE_SETTINGS(Version=DNS_INTERFACE_SETTINGS_VERSION1)
        settings.Flags = DNS_SETTING_IPV6 if ipv6 else 0
        code = get(_guid(adapter.guid), ctypes.byref(settings))
        if code != ERROR_SUCCESS:
            raise Win32Error(f"GetInterfaceDnsSettings failed: {self._describe(code)} ({code})")
        try:
            listed = settings.NameServer or ""
        finally:
            free(ctypes.byref(settings))
        return list(resolver_addresses(listed.replace(",", " ").split()))

    def set_static_servers(self, adapter: Adapter, ipv6: bool, servers: Sequence[str]) -> None:
        """SetInterfaceDnsSettings; on Windows without it, netsh."""
        try:
            set_settings = self._function(
                "iphlpapi",
                "SetInterfaceDnsSettings",
                DWORD,
                GUID,
                ctypes.POINTER(DNS_INTERFACE_SETTINGS),
            )
        except Win32Error:
            self._netsh(adapter, ipv6, servers)
            return
        settings = DNS_INTERFACE_SETTINGS(Version=DNS_INTERFACE_SETTINGS_VERSION1)
        settings.Flags = DNS_SETTING_NAMESERVER | (DNS_SETTING_IPV6 if ipv6 else 0)
        settings.NameServer = ",".join(servers)
        code = set_settings(_guid(adapter.guid), ctypes.byref(settings))
        if code != ERROR_SUCCESS:
            raise Win32Error(f"SetInterfaceDnsSettings failed: {self._describe(code)} ({code})")

    def _netsh(self, adapter: Adapter, ipv6: bool, servers: Sequence[str]) -> None:
        family = "ipv6" if ipv6 else "ipv4"
        base = ["netsh", "interface", family]
        name = f"name={adapter.name}"
        if not servers:
            self._commands.run([*base, "set", "dnsservers", name, "source=dhcp"])
            return
        first, *others = servers
        self._commands.run(
            [*base, "set", "dnsservers", name, "source=static", f"address={first}",
             "register=none", "validate=no"]
        )  # fmt: skip
        for index, server in enumerate(others, start=2):
            self._commands.run(
                [*base, "add", "dnsservers", name, f"address={server}", f"index={index}",
                 "validate=no"]
            )  # fmt: skip


def _guid(text: str) -> GUID:
    try:
        return GUID.from_buffer_copy(uuid.UUID(text.strip("{}")).bytes_le)
    except ValueError:
        raise Win32Error(f"{text!r} is not an adapter GUID") from None


def _read_adapters(address: int) -> list[Adapter]:
    adapters: list[Adapter] = []
    entry = ctypes.cast(address, ctypes.POINTER(IP_ADAPTER_ADDRESSES))
    while entry:
        item = entry.contents
        if item.IfType != IF_TYPE_SOFTWARE_LOOPBACK:
            resolvers: list[str] = []
            server = item.FirstDnsServerAddress
            while server:
                text = _sockaddr_text(server.contents.Address)
                if text:
                    resolvers.append(text)
                server = server.contents.Next
            adapters.append(
                Adapter(
                    (item.AdapterName or b"").decode("ascii", "replace"),
                    item.FriendlyName or "",
                    item.OperStatus == IF_OPER_STATUS_UP,
                    resolver_addresses(resolvers),
                )
            )
        entry = item.Next
    return adapters


def _sockaddr_text(address: SOCKET_ADDRESS) -> str:
    """The IP address of a SOCKADDR_IN or SOCKADDR_IN6 (Windows' AF_INET6 is 23)."""
    if not address.lpSockaddr or address.iSockaddrLength < 8:
        return ""
    raw = ctypes.string_at(address.lpSockaddr, address.iSockaddrLength)
    family = int.from_bytes(raw[:2], "little")
    if family == AF_INET:
        return socket.inet_ntop(socket.AF_INET, raw[4:8])
    if family == AF_INET6 and len(raw) >= 24:
        text = str(ipaddress.IPv6Address(raw[8:24]))
        scope = int.from_bytes(raw[24:28], "little") if len(raw) >= 28 else 0
        return f"{text}%{scope}" if scope else text
    return ""


class SavedAdapter(msgspec.Struct, forbid_unknown_fields=True):
    """An adapter's static servers before Guardian set its own."""

    name: str
    ipv4: list[str]
    ipv6: list[str]


class WindowsSaved(msgspec.Struct, forbid_unknown_fields=True):
    """Everything restore() needs, by adapter GUID."""

    address: str
    adapters: dict[str, SavedAdapter]
    upstreams: tuple[str, ...] = ()


class WindowsSystemDns:
    """Every adapter's static DNS servers, saved per adapter, set and put back."""

    def __init__(self, state_dir: Path, commands: Commands, api: AdapterDns | None = None) -> None:
        self._state = StateFile(state_dir / STATE_FILE)
        self._commands = commands
        self._api: AdapterDns = api if api is not None else Win32AdapterDns(commands)

    def current_upstreams(self) -> tuple[str, ...]:
        """The resolvers of the adapters that are up, Guardian's own left out; while pointed
        (Windows then lists only those), the ones saved before."""
        try:
            adapters = self._api.adapters()
        except WayFailed:
            adapters = []
        live = resolver_addresses(r for a in adapters if a.up for r in a.resolvers)
        try:
            saved = self._state.load(WindowsSaved)
        except PlatformError:
            saved = None
        if saved is None:
            return live
        ours = _pair(saved.address)
        return tuple(r for r in live if r not in ours) or saved.upstreams

    def point_at(self, address: str, port: int = DNS_PORT) -> PointResult:
        """Give every adapter the filter as its only static server, IPv4 and IPv6."""
        problem = target_error(address, port)
        try:
            saved = self._state.load(WindowsSaved)
            adapters = self._api.adapters()
        except (PlatformError, WayFailed) as exc:
            return PointResult(False, METHOD, problem or str(exc))
        if problem:
            return PointResult(False, METHOD, problem, saved.upstreams if saved else ())
        v4, v6 = _pair(address)
        upstreams = (
            saved.upstreams
            if saved
            else tuple(r for a in adapters if a.up for r in a.resolvers if r not in (v4, v6))
        )
        before = dict(saved.adapters) if saved else {}
        errors: list[str] = []
        for adapter in adapters:
            try:
                now = (
                    self._api.static_servers(adapter, False),
                    self._api.static_servers(adapter, True),
                )
            except WayFailed as exc:
                errors.append(f"reading the DNS servers of {adapter.name}: {exc}")
                before.pop(adapter.guid, None)
                continue
            if saved and adapter.guid in saved.adapters and now == _pair_lists(saved.address):
                continue  # still Guardian's: the first saved stays the original
            ipv4 = [] if now[0] == [v4] else now[0]
            ipv6 = [] if now[1] == [v6] else now[1]
            before[adapter.guid] = SavedAdapter(adapter.name, ipv4, ipv6)
        try:
            self._state.save(WindowsSaved(address, before, resolver_addresses(upstreams)))
        except OSError as exc:
            error = f"Could not save the DNS settings to {self._state.path}: {exc.strerror}"
            return PointResult(False, METHOD, error, tuple(upstreams))
        for adapter in adapters:
            if adapter.guid in before:
                errors += self._set(adapter, [v4], [v6])
        self._flush()
        return PointResult(not errors, METHOD, "; ".join(errors), resolver_addresses(upstreams))

    def restore(self) -> None:
        """Set each saved adapter's servers again (adapters removed since are passed over)."""
        saved = self._state.load(WindowsSaved)
        if saved is None:
            return
        try:
            present = {adapter.guid: adapter for adapter in self._api.adapters()}
        except WayFailed as exc:
            raise PlatformError(f"Could not restore the DNS settings: {exc}") from None
        errors: list[str] = []
        for guid, original in saved.adapters.items():
            if guid in present:
                errors += self._set(present[guid], original.ipv4, original.ipv6)
        if errors:
            raise PlatformError("Could not restore the DNS settings: " + "; ".join(errors))
        self._state.clear()
        self._flush()

    def pointed(self) -> bool:
        """Whether every saved adapter still present has only Guardian's servers."""
        try:
            saved = self._state.load(WindowsSaved)
            if saved is None:
                return False
            ours = _pair_lists(saved.address)
            return all(
                (self._api.static_servers(a, False), self._api.static_servers(a, True)) == ours
                for a in self._api.adapters()
                if a.guid in saved.adapters
            )
        except (PlatformError, WayFailed):
            return False

    def _set(self, adapter: Adapter, ipv4: Sequence[str], ipv6: Sequence[str]) -> list[str]:
        errors = []
        for is_v6, servers in ((False, ipv4), (True, ipv6)):
            try:
                self._api.set_static_servers(adapter, is_v6, servers)
            except WayFailed as exc:
                family = "IPv6" if is_v6 else "IPv4"
                errors.append(f"setting the {family} DNS servers of {adapter.name}: {exc}")
        return errors

    def _flush(self) -> None:
        # Answers cached from the old servers would go on bypassing the filter for a while.
        try:
            self._commands.run(["ipconfig", "/flushdns"])
        except CommandError:
            return


def _pair(address: str) -> tuple[str, str]:
    """The IPv4 and IPv6 servers for a filter at `address` (the other family's loopback)."""
    if ipaddress.ip_address(address).version == 6:
        return LOOPBACK_V4, address
    return address, LOOPBACK_V6


def _pair_lists(address: str) -> tuple[list[str], list[str]]:
    v4, v6 = _pair(address)
    return [v4], [v6]
