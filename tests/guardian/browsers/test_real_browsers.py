"""Real Chromium and Firefox ESR read the policies Guardian writes to their real paths.

Everything runs in a new mount and network namespace (`sandbox.py`): overlays keep writes off
the host, and with only loopback a page never loads, so "blocked by the administrator" and
"no network" are told apart. Needs root and the Debian packages chromium and firefox-esr.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[3]
HAS = {
    "chromium": shutil.which("chromium") is not None,
    "firefox": (shutil.which("firefox-esr") or shutil.which("firefox")) is not None,
}
HOST_FILES = (
    Path("/etc/chromium/policies/managed/zz-guardian.json"),
    Path("/etc/firefox/policies/policies.json"),
    Path("/usr/share/firefox-esr/distribution/policies.json"),
)


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    if os.geteuid() != 0 or shutil.which("unshare") is None:
        pytest.skip("needs root and unshare(1) to give the browsers their own /etc")
    present = [name for name, found in HAS.items() if found]
    if not present:
        pytest.skip("neither chromium nor firefox-esr is installed (apt-get install them)")
    before = {p: p.exists() for p in HOST_FILES}
    scratch = tmp_path_factory.mktemp("browsers")
    done = subprocess.run(
        [
            "unshare",
            "--net",
            "--mount",
            "--propagation",
            "private",
            sys.executable,
            "-m",
            "tests.guardian.browsers.sandbox",
            str(scratch),
            *present,
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    yield json.loads(done.stdout)
    assert {p: p.exists() for p in HOST_FILES} == before, "the host's files were touched"


def need(name: str) -> None:
    if not HAS[name]:
        pytest.skip(f"{name} is not installed (apt-get install chromium firefox-esr)")


def test_every_location_was_written_and_is_reported_current(report: dict[str, Any]) -> None:
    assert report["apply_failed"] == []
    assert report["remove_failed"] == []
    assert all(holds for _, _, holds in report["state"])
    assert ["Chromium", "/etc/chromium/policies/managed/zz-guardian.json", True] in report["state"]
    assert ["Firefox", "/etc/firefox/policies/policies.json", True] in report["state"]


def test_chromium_blocks_the_site_and_its_subdomains(report: dict[str, Any]) -> None:
    need("chromium")
    applied = report["chromium"]["applied"]
    assert applied["blocked"] == "net::ERR_BLOCKED_BY_ADMINISTRATOR"
    assert applied["subdomain"] == "net::ERR_BLOCKED_BY_ADMINISTRATOR"
    assert applied["other"] == "net::ERR_INTERNET_DISCONNECTED"


def test_chromium_accepts_every_policy_without_error(report: dict[str, Any]) -> None:
    need("chromium")
    policies = report["chromium"]["applied"]["policies"]
    expected = {
        "URLBlocklist": ["blocked.example"],
        "URLAllowlist": ["ok.example"],
        "DnsOverHttpsMode": "off",
        "IncognitoModeAvailability": 1,
        "BrowserGuestModeEnabled": False,
        "ForceGoogleSafeSearch": True,
        "ForceYouTubeRestrict": 1,
    }
    assert {name: row["value"] for name, row in policies.items()} == expected
    for name, row in policies.items():
        assert row["status"] == "OK", (name, row)
        assert (row["level"], row["scope"], row["source"]) == ("mandatory", "machine", "platform")


def test_chromium_is_free_again_after_remove(report: dict[str, Any]) -> None:
    need("chromium")
    removed = report["chromium"]["removed"]
    assert removed["policies"] == {}
    assert removed["blocked"] == "net::ERR_INTERNET_DISCONNECTED"


def test_firefox_blocks_the_site_and_its_subdomains(report: dict[str, Any]) -> None:
    need("firefox")
    applied = report["firefox"]["applied"]
    assert "about:neterror?e=blockedByPolicy" in applied["blocked"]
    assert "about:neterror?e=blockedByPolicy" in applied["subdomain"]
    assert "about:neterror?e=dnsNotFound" in applied["other"]


def test_firefox_activates_every_policy(report: dict[str, Any]) -> None:
    need("firefox")
    state = report["firefox"]["applied"]["state"]
    assert state["status"] == 1  # nsIEnterprisePolicies.ACTIVE
    assert state["active"] == {
        "WebsiteFilter": {
            "Block": ["*://blocked.example/*", "*://*.blocked.example/*"],
            "Exceptions": ["*://ok.example/*", "*://*.ok.example/*"],
        },
        "DNSOverHTTPS": {"Enabled": False, "Locked": True},
        "DisablePrivateBrowsing": True,
    }
    assert (state["trrMode"], state["trrLocked"]) == (5, True)  # DoH off, locked
    assert state["privateAllowed"] is False


def test_firefox_is_free_again_after_remove(report: dict[str, Any]) -> None:
    need("firefox")
    removed = report["firefox"]["removed"]
    assert removed["state"]["status"] == 0  # INACTIVE: no policies at all
    assert removed["state"]["privateAllowed"] is True
    assert "about:neterror?e=dnsNotFound" in removed["blocked"]
