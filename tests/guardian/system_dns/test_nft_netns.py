"""Guardian's real nftables rules in a private network namespace: a child's DNS reaches the
profile's listener whatever server it names, root's and other people's do not, and DNS over
TLS/QUIC is refused, until the rules are removed. See netns_scenario.py for the set-up."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.helpers.fakes import unused_uids

REPO = Path(__file__).resolve().parents[3]
PROFILE = "10.0.0.1"
"""The child's profile listener (port 5301) answers this."""
SECOND_PROFILE = "10.0.0.3"
UPSTREAM = "10.0.0.2"
"""The resolver the programs name (192.0.2.53 / 2001:db8::53 in the far namespace)."""


@pytest.fixture(scope="module")
def phases() -> dict[str, Any]:
    for tool in ("unshare", "nft", "setpriv", "dig", "ip"):
        if shutil.which(tool) is None:
            pytest.skip(f"{tool} is not installed (.ci/run installs it)")
    child, other = unused_uids()
    done = subprocess.run(
        [
            "unshare",
            "-n",
            sys.executable,
            "-m",
            "tests.guardian.system_dns.netns_scenario",
            "machine",
            str(child),
            str(other),
        ],
        check=False,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )
    if done.returncode != 0 and "unshare failed" in done.stderr:
        pytest.skip(f"the kernel refuses a network namespace: {done.stderr.strip()}")
    assert done.returncode == 0, done.stderr
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    if "skip" in result:
        pytest.skip(result["skip"])
    assert "error" not in result, result
    result["uids"] = {"child": str(child), "other": str(other)}
    return result


@pytest.mark.slow
def test_without_rules_every_question_reaches_the_server_named(phases: dict[str, Any]) -> None:
    before = phases["before"]
    assert before["child udp"] == before["child tcp"] == before["root udp"] == UPSTREAM
    assert before["child stub"] == "no answer"


@pytest.mark.slow
def test_the_childs_dns_goes_to_the_profile_listener_whatever_server_it_names(
    phases: dict[str, Any],
) -> None:
    one = phases["one child"]
    assert one["result"] == [True, ""]
    assert one["active"] == {phases["uids"]["child"]: 5301}
    assert one["child udp"] == PROFILE
    assert one["child tcp"] == PROFILE
    assert one["child udp6"] == PROFILE, "IPv6 queries are redirected to [::1]"
    assert one["child stub"] == PROFILE, "a local stub address is redirected too"


@pytest.mark.slow
def test_root_and_unmapped_accounts_are_not_redirected(phases: dict[str, Any]) -> None:
    one = phases["one child"]
    assert one["root udp"] == one["root tcp"] == UPSTREAM
    assert one["other udp"] == UPSTREAM


@pytest.mark.slow
def test_dns_over_tls_and_quic_are_refused_to_the_child_only(phases: dict[str, Any]) -> None:
    one = phases["one child"]
    assert one["root dot"] == "connected"
    assert one["child dot"] == "refused"
    assert one["root doq"] == "echo"
    # A dropped datagram fails the child's send (EPERM) or simply gets no answer.
    assert one["child doq"] in ("PermissionError", "no reply")


@pytest.mark.slow
def test_a_new_mapping_replaces_the_old_one_whole(phases: dict[str, Any]) -> None:
    uids = phases["uids"]
    two = phases["two children"]
    assert two["result"] == [True, ""]
    assert two["active"] == {uids["child"]: 5301, uids["other"]: 5302}
    assert two["child udp"] == PROFILE
    assert two["other udp"] == SECOND_PROFILE
    replaced = phases["replaced"]
    assert replaced["active"] == {uids["other"]: 5302}
    assert replaced["child udp"] == replaced["child udp6"] == UPSTREAM
    assert replaced["other udp"] == SECOND_PROFILE


@pytest.mark.slow
def test_after_removal_nothing_is_redirected_or_refused(phases: dict[str, Any]) -> None:
    removed = phases["removed"]
    assert removed["result"] == [True, ""]
    assert removed["active"] == {}
    assert removed["child udp"] == removed["child tcp"] == removed["other udp"] == UPSTREAM
    assert removed["child stub"] == "no answer"
    assert removed["child dot"] == "connected"
    assert phases["removed twice"]["result"] == [True, ""]
