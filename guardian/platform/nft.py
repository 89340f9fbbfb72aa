"""Per-account DNS attribution on Linux: nftables sends a child's DNS to their profile's listener.

Guardian keeps its rules in a table of its own, `table inet guardian`, so nothing else on the
machine is touched. For every restricted account (by uid) the `output` NAT hook redirects its
port-53 traffic, UDP and TCP, whatever server its program names (a public resolver, the
router, resolved's 127.0.0.53), to the filter's listener for that account's profile. `redirect`
on locally generated packets rewrites the destination to 127.0.0.1 (IPv6: ::1) and the packet is
routed again, to the loopback interface: no `route_localnet` is needed, so a listener on the
loopback addresses gets these queries. A profile's listener therefore answers on 127.0.0.1 and
::1 with the same port; IPv6 queries to a listener missing on ::1 are refused (fails closed).
DNS over TLS (TCP 853) is rejected and DNS over QUIC (UDP 853) dropped for the same accounts, so
programs fall back to plain DNS.

The `inet` family's NAT hooks need Linux 5.2 or newer. The table is always replaced whole in
one `nft -f` transaction, so no moment exists with half the rules in force.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from guardian.platform.commands import CommandError, Commands

TABLE_FAMILY = "inet"
TABLE_NAME = "guardian"
REDIRECT_CHAIN = "redirect_dns"
ENCRYPTED_CHAIN = "encrypted_dns"
NAT_OUTPUT_PRIORITY = -100
"""NF_IP_PRI_NAT_DST: destination NAT of locally generated packets (`dstnat` is prerouting's)."""
DNS_PORT = 53
ENCRYPTED_DNS_PORT = 853
"""DNS over TLS (TCP) and DNS over QUIC (UDP)."""
MAX_PORT = 65535


@dataclass(frozen=True, slots=True)
class RulesetResult:
    """Whether the rules are in force as asked; `error` says what failed, for the parent."""

    ok: bool
    error: str = ""


def attribution_ruleset(mapping: Mapping[int, int]) -> str:
    """The nft script replacing Guardian's table with rules for `mapping` (uid → listener port).

    The leading empty `table` makes the `delete` valid when the table does not exist yet; all
    three statements are one transaction. Raises ValueError for a uid or port that cannot be used.
    """
    for uid, port in mapping.items():
        _check(uid, port)
    table = f"{TABLE_FAMILY} {TABLE_NAME}"
    lines = [
        f"table {table} {{}}",
        f"delete table {table}",
        f"table {table} {{",
        f"\tchain {REDIRECT_CHAIN} {{",
        f"\t\ttype nat hook output priority {NAT_OUTPUT_PRIORITY}; policy accept;",
    ]
    for uid, port in sorted(mapping.items()):
        for protocol in ("udp", "tcp"):
            lines.append(f"\t\tmeta skuid {uid} {protocol} dport {DNS_PORT} redirect to :{port}")
    lines += [
        "\t}",
        f"\tchain {ENCRYPTED_CHAIN} {{",
        "\t\ttype filter hook output priority filter; policy accept;",
    ]
    for uid in sorted(mapping):
        lines.append(f"\t\tmeta skuid {uid} tcp dport {ENCRYPTED_DNS_PORT} reject with tcp reset")
        lines.append(f"\t\tmeta skuid {uid} udp dport {ENCRYPTED_DNS_PORT} drop")
    lines += ["\t}", "}", ""]
    return "\n".join(lines)


def removal_ruleset() -> str:
    """The nft script removing Guardian's table, whether or not it exists."""
    table = f"{TABLE_FAMILY} {TABLE_NAME}"
    return f"table {table} {{}}\ndelete table {table}\n"


class DnsAttribution:
    """Guardian's nftables table: which account's DNS goes to which listener port."""

    def __init__(self, commands: Commands, nft: str = "nft") -> None:
        self._commands = commands
        self._nft = nft

    def apply(self, mapping: Mapping[int, int]) -> RulesetResult:
        """Put exactly `mapping` (uid → port) in force, replacing what Guardian had before."""
        try:
            script = attribution_ruleset(mapping)
        except ValueError as exc:
            return RulesetResult(False, str(exc))
        return self._load(script, "put the per-account DNS rules in force")

    def remove(self) -> RulesetResult:
        """Take Guardian's table away; every account's DNS goes where its programs send it."""
        return self._load(removal_ruleset(), "remove the per-account DNS rules")

    def active(self) -> dict[int, int]:
        """The uid → port redirections in force now, read back from the kernel; empty when the
        table is missing or cannot be read."""
        try:
            result = self._commands.run(
                [self._nft, "-j", "list", "table", TABLE_FAMILY, TABLE_NAME], check=False
            )
        except CommandError:
            return {}
        if result.returncode != 0:
            return {}
        return parse_redirections(result.stdout)

    def _load(self, script: str, action: str) -> RulesetResult:
        # The shared command runner gives commands no input, so the script goes through a
        # private temporary file (mode 0600, unpredictable name); `-f` still loads it whole.
        fd, path = tempfile.mkstemp(prefix="guardian-nft-", suffix=".nft")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(script)
            self._commands.run([self._nft, "-f", path])
        except CommandError as exc:
            return RulesetResult(False, f"Could not {action}: {self._nft}: {exc}")
        except OSError as exc:
            return RulesetResult(False, f"Could not {action}: writing {path}: {exc.strerror}")
        finally:
            with contextlib.suppress(OSError):
                os.unlink(path)
        return RulesetResult(True)


def parse_redirections(listing: str) -> dict[int, int]:
    """uid → port of the redirect rules in `nft -j list table inet guardian` output.

    A uid counts only when both its UDP and TCP port-53 rules lead to the same port.
    """
    try:
        document = json.loads(listing)
    except ValueError:
        return {}
    items = document.get("nftables", []) if isinstance(document, dict) else []
    found: dict[int, dict[str, int]] = {}
    for item in items:
        rule = item.get("rule") if isinstance(item, dict) else None
        if not isinstance(rule, dict) or rule.get("chain") != REDIRECT_CHAIN:
            continue
        parsed = _redirect_of(rule.get("expr", []))
        if parsed is not None:
            uid, protocol, port = parsed
            found.setdefault(uid, {})[protocol] = port
    return {
        uid: ports["udp"]
        for uid, ports in found.items()
        if ports.keys() == {"udp", "tcp"} and ports["udp"] == ports["tcp"]
    }


def _redirect_of(expressions: list[Any]) -> tuple[int, str, int] | None:
    """(uid, protocol, port) of `meta skuid UID PROTO dport 53 redirect to :PORT`, else None."""
    uid: int | None = None
    protocol: str | None = None
    port: int | None = None
    for expression in expressions:
        if not isinstance(expression, dict):
            return None
        match = expression.get("match")
        if isinstance(match, dict):
            left, right = match.get("left"), match.get("right")
            if not isinstance(left, dict) or match.get("op") != "==":
                return None
            if left.get("meta", {}).get("key") == "skuid" and isinstance(right, int):
                uid = right
            elif (left.get("payload", {}).get("field") == "dport" and right == DNS_PORT) and left[
                "payload"
            ].get("protocol") in ("udp", "tcp"):
                protocol = left["payload"]["protocol"]
            else:
                return None
        elif isinstance(expression.get("redirect"), dict):
            value = expression["redirect"].get("port")
            port = value if isinstance(value, int) else None
        else:
            return None
    if uid is None or protocol is None or port is None:
        return None
    return uid, protocol, port


def _check(uid: object, port: object) -> None:
    if not isinstance(uid, int) or isinstance(uid, bool) or uid < 0:
        raise ValueError(f"Cannot redirect the DNS of uid {uid!r}: it is not an account number.")
    if uid == 0:
        # The filter forwards to its upstreams as root: redirecting root would loop its queries.
        raise ValueError("Cannot redirect the DNS of root (uid 0): it is the filter's own account.")
    if not isinstance(port, int) or isinstance(port, bool) or not 0 < port <= MAX_PORT:
        raise ValueError(f"Cannot redirect the DNS of uid {uid} to port {port!r}: not a port.")
