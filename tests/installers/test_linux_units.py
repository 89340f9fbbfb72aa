"""The systemd unit and the XDG autostart entry: systemd's own checks, and the sandbox's
exceptions that the service needs (each one a reason a tighter setting would break it).

`systemd-analyze` comes from Debian's `systemd` package and `desktop-file-validate` from
`desktop-file-utils`; without them those checks are skipped and the rest still runs.
"""

from __future__ import annotations

import configparser
import re
import shutil
import stat
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
UNIT = ROOT / "installers" / "linux" / "guardian.service"
DESKTOP = ROOT / "installers" / "linux" / "guardian-tray.desktop"
SHIPPED_EXEC_START = "ExecStart=/usr/bin/guardian service"
MAX_EXPOSURE = 3.0

needs_systemd_analyze = pytest.mark.skipif(
    shutil.which("systemd-analyze") is None,
    reason="systemd-analyze is missing (Debian package: systemd)",
)


def unit_settings(text: str) -> dict[tuple[str, str], list[str]]:
    """Every (section, key) of a unit file with all its values in order (keys may repeat)."""
    settings: dict[tuple[str, str], list[str]] = {}
    section = ""
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("[") and line.endswith("]"):
            section = line[1:-1]
            continue
        key, _, value = line.partition("=")
        settings.setdefault((section, key.strip()), []).append(value.strip())
    return settings


def one(settings: dict[tuple[str, str], list[str]], section: str, key: str) -> str:
    """The single value of `key`; fails when it is missing or set twice."""
    values = settings.get((section, key), [])
    assert len(values) == 1, f"[{section}] {key}= is set {len(values)} times: {values}"
    return values[0]


@pytest.fixture
def verifiable_unit(tmp_path: Path) -> Path:
    """A copy of the shipped unit whose ExecStart names an executable that exists here.

    `systemd-analyze verify` checks that the ExecStart binary exists; nothing else differs.
    """
    text = UNIT.read_text(encoding="utf-8")
    assert text.count(SHIPPED_EXEC_START + "\n") == 1
    fake = tmp_path / "bin" / "guardian"
    fake.parent.mkdir()
    fake.write_text("#!/bin/sh\nexit 0\n", encoding="utf-8")
    fake.chmod(fake.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    copy = tmp_path / "guardian.service"
    copy.write_text(text.replace(SHIPPED_EXEC_START, f"ExecStart={fake} service"), "utf-8")
    changed = [
        (a, b)
        for a, b in zip(text.splitlines(), copy.read_text("utf-8").splitlines(), strict=True)
        if a != b
    ]
    assert changed == [(SHIPPED_EXEC_START, f"ExecStart={fake} service")]
    return copy


@needs_systemd_analyze
def test_systemd_verifies_the_unit_without_complaint(verifiable_unit: Path) -> None:
    done = subprocess.run(
        ["systemd-analyze", "verify", str(verifiable_unit)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    # Unknown keys and bad values are only warnings, naming the file: those fail here too.
    assert done.returncode == 0, done.stderr
    assert verifiable_unit.name not in done.stderr, done.stderr


@needs_systemd_analyze
def test_the_sandbox_exposure_is_at_most_3(verifiable_unit: Path) -> None:
    done = subprocess.run(
        ["systemd-analyze", "security", "--offline=true", "--no-pager", str(verifiable_unit)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    if "--offline" in done.stderr and "unrecognized" in done.stderr:
        pytest.skip("this systemd-analyze predates --offline (systemd 252 has it)")
    found = re.search(r"Overall exposure level for \S+: (\d+\.\d+)", done.stdout)
    assert found, done.stdout + done.stderr
    assert float(found.group(1)) <= MAX_EXPOSURE, done.stdout


def test_the_service_never_stops_restarting() -> None:
    settings = unit_settings(UNIT.read_text("utf-8"))
    assert one(settings, "Service", "Type") == "simple"  # the service has no sd_notify
    assert one(settings, "Service", "ExecStart") == "/usr/bin/guardian service"
    assert one(settings, "Service", "Restart") == "always"
    assert one(settings, "Service", "RestartSec") == "2"
    assert one(settings, "Unit", "StartLimitIntervalSec") == "0"
    assert one(settings, "Install", "WantedBy") == "multi-user.target"


def test_the_folders_are_those_of_the_design() -> None:
    settings = unit_settings(UNIT.read_text("utf-8"))
    assert one(settings, "Service", "ConfigurationDirectory") == "guardian"
    assert one(settings, "Service", "StateDirectory") == "guardian"
    assert one(settings, "Service", "StateDirectoryMode") == "0700"
    assert one(settings, "Service", "RuntimeDirectory") == "guardian"
    # Every user's tray connects to /run/guardian/guardian.sock.
    assert one(settings, "Service", "RuntimeDirectoryMode") == "0755"
    # ProtectSystem=strict makes /etc read-only; the parent's settings are written there.
    assert one(settings, "Service", "ProtectSystem") == "strict"
    assert "/etc/guardian" in one(settings, "Service", "ReadWritePaths").split()
    # Weekly summaries live beside the state, in a folder the administrators may read.
    assert "/var/lib/guardian-summaries" in one(settings, "Service", "ReadWritePaths").split()
    assert one(settings, "Service", "ExecStartPre").endswith(" /var/lib/guardian-summaries")


def test_the_sandbox_leaves_what_the_service_needs() -> None:
    settings = unit_settings(UNIT.read_text("utf-8"))
    assert one(settings, "Service", "User") == "root"
    capabilities = set(one(settings, "Service", "CapabilityBoundingSet").split())
    # Kill other users' processes, see their executables, reach their session buses, runuser.
    # And for site rules: port 53, and nftables for per-account DNS.
    assert capabilities == {
        "CAP_KILL",
        "CAP_SYS_PTRACE",
        "CAP_DAC_READ_SEARCH",
        "CAP_SETUID",
        "CAP_SETGID",
        "CAP_NET_BIND_SERVICE",
        "CAP_NET_ADMIN",
    }
    # Other users' processes must stay visible, and /run/user/<uid>/bus reachable.
    assert one(settings, "Service", "ProtectProc") in {"default", "ptraceable"}
    assert ("Service", "ProcSubset") not in settings  # psutil reads /proc/stat
    assert one(settings, "Service", "ProtectHome") in {"no", "read-only"}
    families = set(one(settings, "Service", "RestrictAddressFamilies").split())
    assert {"AF_UNIX", "AF_INET", "AF_INET6", "AF_NETLINK"} <= families  # the site filter, nft
    assert ("Service", "IPAddressDeny") not in settings  # it forwards to any resolver
    # noroot securebits would leave root without any capability after exec.
    assert ("Service", "SecureBits") not in settings
    # runuser and pam_limits call setuid, setgroups and setrlimit.
    for value in settings[("Service", "SystemCallFilter")]:
        if value.startswith("~"):
            denied = set(value[1:].split())
            assert not denied & {"@privileged", "@setuid", "@resources"}
    assert ("Service", "MemoryDenyWriteExecute") not in settings


def test_the_autostart_entry_starts_the_tray_hidden() -> None:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(DESKTOP, encoding="utf-8")
    entry = parser["Desktop Entry"]
    assert entry["Type"] == "Application"
    assert entry["Exec"] == "guardian-tray"
    assert entry["NoDisplay"] == "true"
    assert entry["X-GNOME-Autostart-enabled"] == "true"
    assert entry["Terminal"] == "false"
    assert entry.get("Hidden", "false") == "false"  # Hidden=true would disable autostart


@pytest.mark.skipif(
    shutil.which("desktop-file-validate") is None,
    reason="desktop-file-validate is missing (Debian package: desktop-file-utils)",
)
def test_the_autostart_entry_is_a_valid_desktop_file() -> None:
    done = subprocess.run(
        ["desktop-file-validate", str(DESKTOP)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0 and not done.stdout.strip(), done.stdout + done.stderr
