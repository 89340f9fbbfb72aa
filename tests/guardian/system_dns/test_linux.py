"""Linux system DNS in a temp folder standing in for /, with OS commands faked: resolv.conf
(plain and symlinked), systemd-resolved and NetworkManager; point, crash, restart, restore."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from guardian.platform.base import PlatformError
from guardian.platform.system_dns import (
    NETWORK_MANAGER,
    NM_RELOAD,
    NM_SERVERS,
    RESOLV_CONF,
    RESOLVED,
    RESOLVED_FLUSH,
    RESOLVED_RELOAD,
    LinuxSystemDns,
    nameservers,
    system_dns_for,
)
from tests.guardian.platform.fakes import FakeCommands

ORIGINAL = (
    b"# from DHCP\ndomain home.lan\nsearch home.lan\n"
    b"nameserver 192.168.1.1\nnameserver 2001:db8::1\noptions edns0\n"
)


def _tree(root: Path) -> dict[str, tuple[str, bytes | str, int]]:
    """Every file and link under `root`: kind, content or target, mode."""
    found: dict[str, tuple[str, bytes | str, int]] = {}
    for path in sorted(root.rglob("*")):
        name = str(path.relative_to(root))
        if path.is_symlink():
            found[name] = ("link", os.readlink(path), 0)
        elif path.is_file():
            found[name] = ("file", path.read_bytes(), path.stat().st_mode & 0o7777)
        else:
            found[name] = ("dir", "", path.stat().st_mode & 0o7777)
    return found


def _write(root: Path, path: str, data: bytes, mode: int = 0o644) -> None:
    full = root / path
    full.parent.mkdir(parents=True, exist_ok=True)
    full.write_bytes(data)
    full.chmod(mode)


@pytest.fixture
def root(tmp_path: Path) -> Path:
    machine = tmp_path / "root"
    machine.mkdir()
    return machine


@pytest.fixture
def state(tmp_path: Path) -> Path:
    return tmp_path / "state"


def test_plain_resolv_conf_is_replaced_and_comes_back_byte_identical_after_a_crash(
    root: Path, state: Path
) -> None:
    _write(root, "etc/resolv.conf", ORIGINAL, 0o640)
    before = _tree(root)
    dns = LinuxSystemDns(root, state, FakeCommands())

    result = dns.point_at("127.0.0.1")

    assert result.ok and result.error == ""
    assert result.method == RESOLV_CONF
    assert result.upstreams == ("192.168.1.1", "2001:db8::1")
    written = (root / "etc/resolv.conf").read_text()
    assert nameservers(written) == ("127.0.0.1",)
    assert "search home.lan\n" in written and "options edns0\n" in written
    assert dns.pointed()
    assert dns.current_upstreams() == ("192.168.1.1", "2001:db8::1")

    # The service dies; a new one finds the saved settings and puts them back.
    restarted = LinuxSystemDns(root, state, FakeCommands())
    assert restarted.pointed()
    assert restarted.current_upstreams() == ("192.168.1.1", "2001:db8::1")
    restarted.restore()

    assert _tree(root) == before
    assert not restarted.pointed()
    assert list(state.iterdir()) == []
    restarted.restore()  # nothing saved: nothing to do


def test_a_symlinked_resolv_conf_is_put_back_as_the_same_link(root: Path, state: Path) -> None:
    _write(root, "run/resolvconf/resolv.conf", b"nameserver 10.1.1.1\n")
    (root / "etc").mkdir()
    (root / "etc/resolv.conf").symlink_to("/run/resolvconf/resolv.conf")
    before = _tree(root)
    dns = LinuxSystemDns(root, state, FakeCommands())

    result = dns.point_at("127.0.0.1")

    assert result.ok and result.upstreams == ("10.1.1.1",)
    assert not (root / "etc/resolv.conf").is_symlink()
    assert (root / "run/resolvconf/resolv.conf").read_bytes() == b"nameserver 10.1.1.1\n"
    # The link's owner keeps updating its file: the filter follows the network's resolvers.
    (root / "run/resolvconf/resolv.conf").write_bytes(b"nameserver 10.2.2.2\n")
    assert dns.current_upstreams() == ("10.2.2.2",)

    LinuxSystemDns(root, state, FakeCommands()).restore()

    (root / "run/resolvconf/resolv.conf").write_bytes(b"nameserver 10.1.1.1\n")
    assert _tree(root) == before


def test_a_relative_link_is_followed_inside_the_root(root: Path, state: Path) -> None:
    _write(root, "run/netconfig/resolv.conf", b"nameserver 10.3.3.3\n")
    (root / "etc").mkdir()
    (root / "etc/resolv.conf").symlink_to("../run/netconfig/resolv.conf")
    dns = LinuxSystemDns(root, state, FakeCommands())
    dns.point_at("127.0.0.1")
    assert dns.current_upstreams() == ("10.3.3.3",)
    dns.restore()
    assert os.readlink(root / "etc/resolv.conf") == "../run/netconfig/resolv.conf"


def _resolved_machine(root: Path) -> FakeCommands:
    _write(root, "run/systemd/resolve/stub-resolv.conf", b"nameserver 127.0.0.53\n")
    _write(
        root,
        "run/systemd/resolve/resolv.conf",
        b"nameserver 192.168.1.1\nnameserver fe80::1%eth0\n",
    )
    (root / "etc").mkdir()
    (root / "etc/resolv.conf").symlink_to("../run/systemd/resolve/stub-resolv.conf")
    commands = FakeCommands()
    commands.answer(RESOLVED_RELOAD)
    commands.answer(RESOLVED_FLUSH)
    return commands


def test_systemd_resolved_gets_a_drop_in_and_reloads(root: Path, state: Path) -> None:
    commands = _resolved_machine(root)
    before = _tree(root)
    dns = LinuxSystemDns(root, state, commands)

    result = dns.point_at("127.0.0.1")

    assert result.ok and result.method == RESOLVED
    assert result.upstreams == ("192.168.1.1", "fe80::1%eth0")
    drop_in = (root / "etc/systemd/resolved.conf.d/guardian.conf").read_text()
    assert "[Resolve]\nDNS=127.0.0.1\nDomains=~.\n" in drop_in
    assert commands.ran == [RESOLVED_RELOAD, RESOLVED_FLUSH]
    assert os.readlink(root / "etc/resolv.conf") == "../run/systemd/resolve/stub-resolv.conf"
    # resolved now lists Guardian first: it is left out of the upstreams.
    (root / "run/systemd/resolve/resolv.conf").write_bytes(
        b"nameserver 127.0.0.1\nnameserver 192.168.1.1\n"
    )
    assert dns.current_upstreams() == ("192.168.1.1",)
    (root / "run/systemd/resolve/resolv.conf").write_bytes(b"nameserver 127.0.0.1\n")
    assert dns.current_upstreams() == ("192.168.1.1", "fe80::1%eth0"), "falls back to the saved"
    (root / "run/systemd/resolve/resolv.conf").write_bytes(
        b"nameserver 192.168.1.1\nnameserver fe80::1%eth0\n"
    )

    restarted = LinuxSystemDns(root, state, commands)
    assert restarted.pointed()
    restarted.restore()

    assert _tree(root) == before, "the drop-in and the folder made for it are gone"
    assert commands.ran[-2:] == [RESOLVED_RELOAD, RESOLVED_FLUSH]


def test_an_existing_drop_in_folder_and_a_stub_in_a_plain_file_are_kept(
    root: Path, state: Path
) -> None:
    commands = FakeCommands()
    commands.answer(RESOLVED_RELOAD)
    commands.answer(RESOLVED_FLUSH)
    (root / "run/systemd/resolve").mkdir(parents=True)
    _write(root, "etc/resolv.conf", b"nameserver 127.0.0.53\n")
    _write(root, "etc/systemd/resolved.conf.d/vendor.conf", b"[Resolve]\nLLMNR=no\n")
    before = _tree(root)
    dns = LinuxSystemDns(root, state, commands)
    assert dns.point_at("127.0.0.1").method == RESOLVED
    dns.restore()
    assert _tree(root) == before


def test_a_failing_resolved_reload_is_reported_not_raised(root: Path, state: Path) -> None:
    commands = _resolved_machine(root)
    commands.fail(RESOLVED_RELOAD, "it did not finish within 5 s")
    dns = LinuxSystemDns(root, state, commands)

    result = dns.point_at("127.0.0.1")

    assert not result.ok
    assert result.error == (
        "systemctl try-reload-or-restart systemd-resolved.service: it did not finish within 5 s"
    )
    assert RESOLVED_FLUSH not in commands.ran
    with pytest.raises(PlatformError, match="back on disk, but the resolver did not reload"):
        dns.restore()
    assert not (root / "etc/systemd/resolved.conf.d/guardian.conf").exists()


def test_resolved_upstreams_come_from_resolvectl_when_its_file_is_missing(
    root: Path, state: Path
) -> None:
    commands = _resolved_machine(root)
    (root / "run/systemd/resolve/resolv.conf").unlink()
    commands.answer(
        ("resolvectl", "dns"),
        "Global:\nLink 2 (eth0): 192.168.1.1 fe80::1%eth0\nLink 3 (wlan0): 10.0.0.1\n",
    )
    assert LinuxSystemDns(root, state, commands).current_upstreams() == (
        "192.168.1.1",
        "fe80::1%eth0",
        "10.0.0.1",
    )


def _network_manager_machine(root: Path) -> FakeCommands:
    (root / "run/NetworkManager").mkdir(parents=True)
    _write(root, "etc/resolv.conf", b"# Generated by NetworkManager\nnameserver 192.168.1.1\n")
    commands = FakeCommands()
    commands.answer(NM_RELOAD)
    commands.answer(
        NM_SERVERS,
        "IP4.DNS[1]:192.168.1.1\nIP6.DNS[1]:fe80\\:\\:1\nIP4.DNS[1]:127.0.0.1\n",
    )
    return commands


def test_network_manager_stops_writing_resolv_conf_and_gets_it_back(
    root: Path, state: Path
) -> None:
    commands = _network_manager_machine(root)
    before = _tree(root)
    dns = LinuxSystemDns(root, state, commands)

    result = dns.point_at("127.0.0.1")

    assert result.ok and result.method == NETWORK_MANAGER
    assert result.upstreams == ("192.168.1.1", "fe80::1")
    assert "[main]\ndns=none\n" in (root / "etc/NetworkManager/conf.d/guardian.conf").read_text()
    assert nameservers((root / "etc/resolv.conf").read_text()) == ("127.0.0.1",)
    assert commands.ran == [NM_SERVERS, NM_RELOAD]
    assert dns.current_upstreams() == ("192.168.1.1", "fe80::1")

    LinuxSystemDns(root, state, commands).restore()

    assert _tree(root) == before
    assert commands.ran[-1] == NM_RELOAD


def test_network_manager_upstreams_fall_back_to_the_saved_ones_without_nmcli(
    root: Path, state: Path
) -> None:
    commands = _network_manager_machine(root)
    dns = LinuxSystemDns(root, state, commands)
    dns.point_at("127.0.0.1")
    assert LinuxSystemDns(root, state, FakeCommands()).current_upstreams() == (
        "192.168.1.1",
        "fe80::1",
    )


def test_resolved_comes_before_network_manager(root: Path, state: Path) -> None:
    commands = _resolved_machine(root)
    (root / "run/NetworkManager").mkdir()
    assert LinuxSystemDns(root, state, commands).method() == RESOLVED


def test_resolved_running_but_not_used_by_resolv_conf_is_passed_over(
    root: Path, state: Path
) -> None:
    (root / "run/systemd/resolve").mkdir(parents=True)
    _write(root, "etc/resolv.conf", b"nameserver 192.168.1.1\n")
    assert LinuxSystemDns(root, state, FakeCommands()).method() == RESOLV_CONF


@pytest.mark.parametrize(
    ("address", "port", "words"),
    [
        ("127.0.0.1", 5353, "can only use port 53"),
        ("localhost", 53, "'localhost' is not an IP address"),
    ],
)
def test_a_target_resolvers_cannot_use_is_refused_and_nothing_changes(
    root: Path, state: Path, address: str, port: int, words: str
) -> None:
    _write(root, "etc/resolv.conf", ORIGINAL)
    before = _tree(root)
    dns = LinuxSystemDns(root, state, FakeCommands())
    result = dns.point_at(address, port)
    assert not result.ok and words in result.error
    assert _tree(root) == before
    assert not dns.pointed()
    assert not state.exists()


def test_pointing_again_keeps_the_first_original(root: Path, state: Path) -> None:
    _write(root, "etc/resolv.conf", ORIGINAL)
    dns = LinuxSystemDns(root, state, FakeCommands())
    dns.point_at("127.0.0.1")
    again = dns.point_at("127.0.0.2")
    assert again.ok and again.upstreams == ("192.168.1.1", "2001:db8::1")
    assert nameservers((root / "etc/resolv.conf").read_text()) == ("127.0.0.2",)
    assert "search home.lan\n" in (root / "etc/resolv.conf").read_text()
    dns.restore()
    assert (root / "etc/resolv.conf").read_bytes() == ORIGINAL


def test_a_file_overwritten_by_a_dhcp_client_is_noticed_and_becomes_the_original(
    root: Path, state: Path
) -> None:
    _write(root, "etc/resolv.conf", ORIGINAL)
    dns = LinuxSystemDns(root, state, FakeCommands())
    dns.point_at("127.0.0.1")
    (root / "etc/resolv.conf").write_bytes(b"nameserver 172.16.0.1\n")

    assert not dns.pointed()
    assert dns.current_upstreams() == ("172.16.0.1",)
    assert dns.point_at("127.0.0.1").ok
    assert dns.pointed()
    dns.restore()
    assert (root / "etc/resolv.conf").read_bytes() == b"nameserver 172.16.0.1\n"


def test_a_state_folder_that_cannot_be_written_stops_before_any_change(
    root: Path, tmp_path: Path
) -> None:
    _write(root, "etc/resolv.conf", ORIGINAL)
    (tmp_path / "a-file").write_bytes(b"")
    dns = LinuxSystemDns(root, tmp_path / "a-file" / "state", FakeCommands())
    result = dns.point_at("127.0.0.1")
    assert not result.ok and "a-file/state/system-dns.json" in result.error
    assert (root / "etc/resolv.conf").read_bytes() == ORIGINAL


def test_a_damaged_state_file_is_reported_and_kept(root: Path, state: Path) -> None:
    _write(root, "etc/resolv.conf", ORIGINAL)
    state.mkdir()
    (state / "system-dns.json").write_bytes(b"{not json")
    dns = LinuxSystemDns(root, state, FakeCommands())
    result = dns.point_at("127.0.0.1")
    assert not result.ok and "is damaged" in result.error
    with pytest.raises(PlatformError, match="is damaged"):
        dns.restore()
    assert not dns.pointed()
    assert (state / "system-dns.json").read_bytes() == b"{not json"
    assert (root / "etc/resolv.conf").read_bytes() == ORIGINAL


def test_a_missing_resolv_conf_is_removed_again_on_restore(root: Path, state: Path) -> None:
    (root / "etc").mkdir()
    dns = LinuxSystemDns(root, state, FakeCommands())
    result = dns.point_at("127.0.0.1")
    assert result.ok and result.upstreams == ()
    dns.restore()
    assert not (root / "etc/resolv.conf").exists()


def test_the_factory_builds_linux_and_refuses_an_unknown_os(root: Path, state: Path) -> None:
    assert isinstance(system_dns_for("linux", root, state, FakeCommands()), LinuxSystemDns)
    with pytest.raises(PlatformError, match="'plan9'"):
        system_dns_for("plan9", root, state, FakeCommands())
