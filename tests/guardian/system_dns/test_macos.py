"""macOS system DNS with `networksetup` and `scutil` played by a fake Mac that keeps settings."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from guardian.platform.base import PlatformError
from guardian.platform.commands import CommandError, CommandResult
from guardian.platform.system_dns import system_dns_for
from guardian.platform.system_dns_macos import DSCACHEUTIL, NETWORKSETUP, SCUTIL, MacSystemDns


class FakeMac:
    """Network services with manual DNS servers; DHCP's servers show in `scutil --dns` for a
    service without manual ones."""

    def __init__(self) -> None:
        self.manual: dict[str, list[str]] = {
            "Wi-Fi": [],
            "Ethernet": ["9.9.9.9", "149.112.112.112"],
        }
        self.disabled = {"Thunderbolt Bridge"}
        self.manual["Thunderbolt Bridge"] = []
        self.dhcp = ["192.168.1.1"]
        self.broken: set[str] = set()
        self.ran: list[tuple[str, ...]] = []

    def run(self, argv: Sequence[str], *, check: bool = True) -> CommandResult:
        self.ran.append(tuple(argv))
        out = ""
        if argv[0] == NETWORKSETUP and argv[1] == "-listallnetworkservices":
            names = [("*" if name in self.disabled else "") + name for name in self.manual]
            out = "An asterisk (*) denotes that a network service is disabled.\n" + "\n".join(names)
        elif argv[0] == NETWORKSETUP and argv[1] == "-getdnsservers":
            servers = self.manual[argv[2]]
            out = "\n".join(servers) or f"There aren't any DNS Servers set on {argv[2]}."
        elif argv[0] == NETWORKSETUP and argv[1] == "-setdnsservers":
            if argv[2] in self.broken:
                raise CommandError("it exited with 4: ** Error: The parameters were not valid.")
            self.manual[argv[2]] = [] if list(argv[3:]) == ["Empty"] else list(argv[3:])
        elif argv[0] == SCUTIL:
            effective = [s for name in self.manual for s in (self.manual[name] or self.dhcp)]
            out = "DNS configuration\n\nresolver #1\n" + "".join(
                f"  nameserver[{i}] : {server}\n" for i, server in enumerate(effective)
            )
        elif argv[0] != DSCACHEUTIL:
            raise CommandError(f"{argv[0]} is not installed")
        return CommandResult(tuple(argv), 0, out, "")


def test_every_service_is_pointed_and_restored_after_a_restart(tmp_path: Path) -> None:
    mac = FakeMac()
    original = {name: list(servers) for name, servers in mac.manual.items()}
    dns = MacSystemDns(tmp_path, mac)

    result = dns.point_at("127.0.0.1")

    assert result.ok and result.method == "networksetup"
    assert result.upstreams == ("192.168.1.1", "9.9.9.9", "149.112.112.112")
    assert mac.manual == {name: ["127.0.0.1"] for name in original}
    assert (NETWORKSETUP, "-setdnsservers", "Thunderbolt Bridge", "127.0.0.1") in mac.ran
    assert (DSCACHEUTIL, "-flushcache") in mac.ran
    assert dns.pointed()
    assert dns.current_upstreams() == ("192.168.1.1", "9.9.9.9", "149.112.112.112")

    restarted = MacSystemDns(tmp_path, mac)
    assert restarted.pointed()
    restarted.restore()

    assert mac.manual == original
    assert (NETWORKSETUP, "-setdnsservers", "Wi-Fi", "Empty") in mac.ran
    assert not restarted.pointed()
    restarted.restore()


def test_pointing_again_keeps_the_first_saved_servers(tmp_path: Path) -> None:
    mac = FakeMac()
    dns = MacSystemDns(tmp_path, mac)
    dns.point_at("127.0.0.1")
    assert dns.point_at("127.0.0.1").upstreams == ("192.168.1.1", "9.9.9.9", "149.112.112.112")
    dns.restore()
    assert mac.manual["Ethernet"] == ["9.9.9.9", "149.112.112.112"]


def test_a_service_changed_by_hand_is_noticed_and_its_new_servers_kept(tmp_path: Path) -> None:
    mac = FakeMac()
    dns = MacSystemDns(tmp_path, mac)
    dns.point_at("127.0.0.1")
    mac.manual["Wi-Fi"] = ["1.1.1.1"]
    mac.manual["iPhone USB"] = []
    assert not dns.pointed()
    assert dns.point_at("127.0.0.1").ok
    assert mac.manual["iPhone USB"] == ["127.0.0.1"]
    dns.restore()
    assert mac.manual["Wi-Fi"] == ["1.1.1.1"]
    assert mac.manual["iPhone USB"] == []


def test_a_service_that_refuses_is_reported_and_restore_says_which(tmp_path: Path) -> None:
    mac = FakeMac()
    mac.broken.add("Ethernet")
    dns = MacSystemDns(tmp_path, mac)
    result = dns.point_at("127.0.0.1")
    assert not result.ok
    assert result.error == (
        "setting the DNS servers of Ethernet: it exited with 4: "
        "** Error: The parameters were not valid."
    )
    assert mac.manual["Wi-Fi"] == ["127.0.0.1"]
    with pytest.raises(PlatformError, match="Ethernet"):
        dns.restore()
    mac.broken.clear()
    dns.restore()
    assert mac.manual["Wi-Fi"] == []


def test_a_removed_service_is_passed_over_on_restore(tmp_path: Path) -> None:
    mac = FakeMac()
    dns = MacSystemDns(tmp_path, mac)
    dns.point_at("127.0.0.1")
    del mac.manual["Ethernet"]
    dns.restore()
    assert mac.manual["Wi-Fi"] == []


def test_a_high_port_is_refused_without_touching_a_service(tmp_path: Path) -> None:
    mac = FakeMac()
    result = MacSystemDns(tmp_path, mac).point_at("127.0.0.1", 5353)
    assert not result.ok and "port 53" in result.error
    assert not any(argv[1] == "-setdnsservers" for argv in mac.ran if argv[0] == NETWORKSETUP)


def test_the_factory_builds_the_mac_one(tmp_path: Path) -> None:
    assert isinstance(system_dns_for("macos", Path("/"), tmp_path, FakeMac()), MacSystemDns)
