"""The launchd property lists: they parse, and say what the daemon and the agent need."""

from __future__ import annotations

import plistlib
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
MACOS = ROOT / "installers" / "macos"


def load(name: str) -> dict[str, Any]:
    """One plist of installers/macos, parsed as launchd parses it."""
    with (MACOS / name).open("rb") as handle:
        loaded = plistlib.load(handle)
    assert isinstance(loaded, dict)
    return loaded


def test_the_daemon_runs_the_service_as_root_and_always_comes_back() -> None:
    daemon = load("org.guardian.service.plist")
    assert daemon["Label"] == "org.guardian.service"
    assert daemon["ProgramArguments"] == ["/usr/local/bin/guardian", "service"]
    assert daemon["UserName"] == "root"
    assert daemon["RunAtLoad"] is True
    assert daemon["KeepAlive"] is True
    assert daemon["ThrottleInterval"] == 5
    assert daemon["StandardErrorPath"] == "/var/log/guardian.log"
    assert daemon["Umask"] == 0o077
    assert "LimitLoadToSessionType" not in daemon  # a daemon belongs to the system domain


def test_the_agent_runs_the_tray_in_each_graphical_login() -> None:
    agent = load("org.guardian.tray.plist")
    assert agent["Label"] == "org.guardian.tray"
    assert agent["ProgramArguments"] == ["/usr/local/bin/guardian-tray"]
    assert agent["RunAtLoad"] is True
    # Killed or crashed: back again; quit with the parent password (exit 0): stays quit.
    assert agent["KeepAlive"] == {"SuccessfulExit": False}
    assert agent["LimitLoadToSessionType"] == "Aqua"
    assert "UserName" not in agent  # an agent runs as the logged-in user


def test_labels_match_the_file_names() -> None:
    for path in MACOS.glob("*.plist"):
        assert load(path.name)["Label"] == path.stem
