"""The nftables ruleset Guardian generates, what it reads back, and how nft's failures are told."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import pytest

from guardian.platform.commands import CommandError, CommandResult
from guardian.platform.nft import (
    DnsAttribution,
    attribution_ruleset,
    parse_redirections,
    removal_ruleset,
)


class NftRunner:
    """Stands in for `nft`: keeps each script it was given to load, and answers listings."""

    def __init__(self, listing: str = "", fail: str | None = None) -> None:
        self.listing = listing
        self.fail = fail
        self.scripts: list[str] = []
        self.paths: list[str] = []

    def run(self, argv: Sequence[str], *, check: bool = True) -> CommandResult:
        if self.fail is not None:
            raise CommandError(self.fail)
        if argv[1] == "-f":
            self.paths.append(argv[2])
            self.scripts.append(Path(argv[2]).read_text(encoding="utf-8"))
            return CommandResult(tuple(argv), 0, "", "")
        returncode = 0 if self.listing else 1
        return CommandResult(tuple(argv), returncode, self.listing, "")


def test_the_ruleset_redirects_udp_and_tcp_53_and_refuses_853_per_uid() -> None:
    script = attribution_ruleset({1002: 5302, 1001: 5301})
    lines = [line.strip() for line in script.splitlines()]
    assert lines[:3] == [
        "table inet guardian {}",
        "delete table inet guardian",
        "table inet guardian {",
    ]
    assert "type nat hook output priority -100; policy accept;" in lines
    assert "type filter hook output priority filter; policy accept;" in lines
    assert [line for line in lines if "redirect to" in line] == [
        "meta skuid 1001 udp dport 53 redirect to :5301",
        "meta skuid 1001 tcp dport 53 redirect to :5301",
        "meta skuid 1002 udp dport 53 redirect to :5302",
        "meta skuid 1002 tcp dport 53 redirect to :5302",
    ]
    assert [line for line in lines if "853" in line] == [
        "meta skuid 1001 tcp dport 853 reject with tcp reset",
        "meta skuid 1001 udp dport 853 drop",
        "meta skuid 1002 tcp dport 853 reject with tcp reset",
        "meta skuid 1002 udp dport 853 drop",
    ]


def test_an_empty_mapping_keeps_the_table_with_no_rules() -> None:
    script = attribution_ruleset({})
    assert "skuid" not in script
    assert "chain redirect_dns" in script


@pytest.mark.parametrize(
    ("mapping", "words"),
    [
        ({0: 5301}, "root (uid 0)"),
        ({-1: 5301}, "uid -1"),
        ({1001: 0}, "port 0"),
        ({1001: 70000}, "port 70000"),
        ({True: 5301}, "uid True"),
    ],
)
def test_a_mapping_that_cannot_be_used_is_refused_with_its_reason(
    mapping: dict[int, int], words: str
) -> None:
    runner = NftRunner()
    result = DnsAttribution(runner).apply(mapping)
    assert not result.ok
    assert words in result.error
    assert runner.scripts == []


def test_apply_loads_one_script_and_leaves_no_file_behind() -> None:
    runner = NftRunner()
    result = DnsAttribution(runner).apply({1001: 5301})
    assert result.ok and result.error == ""
    assert runner.scripts == [attribution_ruleset({1001: 5301})]
    assert not Path(runner.paths[0]).exists()


def test_remove_loads_the_table_deletion() -> None:
    runner = NftRunner()
    assert DnsAttribution(runner).remove().ok
    assert runner.scripts == [removal_ruleset()]
    assert removal_ruleset().splitlines() == [
        "table inet guardian {}",
        "delete table inet guardian",
    ]


def test_a_missing_or_failing_nft_gives_a_result_saying_why() -> None:
    missing = DnsAttribution(NftRunner(fail="nft is not installed")).apply({1001: 5301})
    assert not missing.ok
    assert missing.error == (
        "Could not put the per-account DNS rules in force: nft: nft is not installed"
    )
    failing = DnsAttribution(NftRunner(fail="it exited with 1: Operation not supported"))
    result = failing.remove()
    assert result.error.startswith("Could not remove the per-account DNS rules: nft: it exited")


def _rule(chain: str, uid: int, protocol: str, port: int, verdict: dict[str, object]) -> dict:
    return {
        "rule": {
            "family": "inet",
            "table": "guardian",
            "chain": chain,
            "expr": [
                {"match": {"op": "==", "left": {"meta": {"key": "skuid"}}, "right": uid}},
                {
                    "match": {
                        "op": "==",
                        "left": {"payload": {"protocol": protocol, "field": "dport"}},
                        "right": port,
                    }
                },
                verdict,
            ],
        }
    }


def test_active_reads_back_uids_whose_udp_and_tcp_rules_agree() -> None:
    listing = json.dumps(
        {
            "nftables": [
                {"metainfo": {"version": "1.0.6"}},
                {"table": {"family": "inet", "name": "guardian"}},
                _rule("redirect_dns", 1001, "udp", 53, {"redirect": {"port": 5301}}),
                _rule("redirect_dns", 1001, "tcp", 53, {"redirect": {"port": 5301}}),
                # Only half of 1002's rules: not a working redirection.
                _rule("redirect_dns", 1002, "udp", 53, {"redirect": {"port": 5302}}),
                _rule("encrypted_dns", 1001, "tcp", 853, {"reject": {"type": "tcp reset"}}),
            ]
        }
    )
    assert DnsAttribution(NftRunner(listing)).active() == {1001: 5301}


def test_active_is_empty_without_the_table_or_with_output_it_cannot_read() -> None:
    assert DnsAttribution(NftRunner("")).active() == {}
    assert DnsAttribution(NftRunner(fail="nft is not installed")).active() == {}
    assert parse_redirections("not json") == {}
    assert parse_redirections("[]") == {}
