"""System DNS on macOS: every network service's DNS servers, through `networksetup`.

Each service (Wi-Fi, Ethernet, a USB adapter, disabled ones too, so enabling one later is no
way around) gets the filter as its only DNS server; its own manual servers, or none ("Empty":
the ones DHCP gives), are saved first and set again on restore. The resolvers in use come from
`scutil --dns`, which also lists those DHCP gave.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import msgspec

from guardian.platform.base import PlatformError
from guardian.platform.commands import CommandError, Commands
from guardian.platform.system_dns import (
    DNS_PORT,
    STATE_FILE,
    PointResult,
    StateFile,
    resolver_addresses,
    target_error,
    without,
)

METHOD = "networksetup"
NETWORKSETUP = "/usr/sbin/networksetup"
SCUTIL = "/usr/sbin/scutil"
DSCACHEUTIL = "/usr/bin/dscacheutil"
EMPTY = "Empty"
"""networksetup's word for "no manual servers": the service uses what DHCP gives."""


class MacSaved(msgspec.Struct, forbid_unknown_fields=True):
    """The manual DNS servers of each service before Guardian set its own."""

    address: str
    services: dict[str, list[str]]
    upstreams: tuple[str, ...] = ()


class MacSystemDns:
    """The DNS servers of every network service, set and restored with `networksetup`."""

    def __init__(self, state_dir: Path, commands: Commands) -> None:
        self._state = StateFile(state_dir / STATE_FILE)
        self._commands = commands

    def current_upstreams(self) -> tuple[str, ...]:
        """The resolvers `scutil --dns` lists, Guardian's listener left out; while pointed and
        the network's are hidden, the ones saved before."""
        try:
            output = self._commands.run([SCUTIL, "--dns"]).stdout
        except CommandError:
            output = ""
        # "  nameserver[0] : 192.168.1.1"
        live = resolver_addresses(
            line.split(":", 1)[1]
            for line in output.splitlines()
            if line.strip().startswith("nameserver[") and ":" in line
        )
        try:
            saved = self._state.load(MacSaved)
        except PlatformError:
            saved = None
        if saved is None:
            return live
        return without(live, saved.address) or saved.upstreams

    def point_at(self, address: str, port: int = DNS_PORT) -> PointResult:
        """Give every network service `address` as its only DNS server."""
        try:
            saved = self._state.load(MacSaved)
            services = self._services()
        except (PlatformError, CommandError) as exc:
            return PointResult(False, METHOD, f"{exc}")
        problem = target_error(address, port)
        if problem:
            return PointResult(False, METHOD, problem, saved.upstreams if saved else ())
        upstreams = saved.upstreams if saved else without(self.current_upstreams(), address)
        before = dict(saved.services) if saved else {}
        errors: list[str] = []
        for service in services:
            try:
                servers = self._servers(service)
            except CommandError as exc:
                errors.append(f"reading the DNS servers of {service}: {exc}")
                continue
            if saved is not None and service in saved.services and servers == [saved.address]:
                continue  # still Guardian's: what was saved first stays the original
            # Only the filter's own address (settings saved by an install that was removed by
            # hand) is no original to go back to: DHCP's servers are.
            before[service] = [] if servers == [address] else servers
        state = MacSaved(address, before, upstreams)
        try:
            self._state.save(state)
        except OSError as exc:
            error = f"Could not save the DNS settings to {self._state.path}: {exc.strerror}"
            return PointResult(False, METHOD, error, upstreams)
        for service in services:
            if service in before:
                errors += self._set(service, [address])
        self._flush()
        return PointResult(not errors, METHOD, "; ".join(errors), upstreams)

    def restore(self) -> None:
        """Set each service's saved servers again (services removed since are passed over)."""
        saved = self._state.load(MacSaved)
        if saved is None:
            return
        try:
            present = set(self._services())
        except CommandError as exc:
            raise PlatformError(f"Could not restore the DNS settings: {exc}") from None
        errors: list[str] = []
        for service, servers in saved.services.items():
            if service in present:
                errors += self._set(service, servers)
        if errors:
            raise PlatformError("Could not restore the DNS settings: " + "; ".join(errors))
        self._state.clear()
        self._flush()

    def pointed(self) -> bool:
        """Whether every saved service still has only Guardian's server."""
        try:
            saved = self._state.load(MacSaved)
            if saved is None:
                return False
            present = set(self._services())
            return all(
                self._servers(service) == [saved.address]
                for service in saved.services
                if service in present
            )
        except (PlatformError, CommandError):
            return False

    def _services(self) -> list[str]:
        """Every network service's name; the first line is a note, "*" marks disabled ones."""
        lines = self._commands.run([NETWORKSETUP, "-listallnetworkservices"]).stdout.splitlines()
        return [line.lstrip("*").strip() for line in lines[1:] if line.strip()]

    def _servers(self, service: str) -> list[str]:
        """A service's manual DNS servers; empty when it has none (it uses DHCP's)."""
        output = self._commands.run([NETWORKSETUP, "-getdnsservers", service]).stdout
        return list(resolver_addresses(output.split()))

    def _set(self, service: str, servers: Sequence[str]) -> list[str]:
        argv = [NETWORKSETUP, "-setdnsservers", service, *(servers or [EMPTY])]
        try:
            self._commands.run(argv)
        except CommandError as exc:
            return [f"setting the DNS servers of {service}: {exc}"]
        return []

    def _flush(self) -> None:
        # Answers cached from the old servers would go on bypassing the filter for a while.
        try:
            self._commands.run([DSCACHEUTIL, "-flushcache"])
        except CommandError:
            return
