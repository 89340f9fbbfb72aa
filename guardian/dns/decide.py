"""What a profile's filter says about one name: allowed, blocked (and by which rule), or
answered with a search engine's safe-search address.

Precedence: the DNS-over-HTTPS canary is refused to everyone; the profile's own allowed names
and allowed categories beat everything else; then its own blocked names, names outside their
scheduled hours, categories outside their scheduled hours, blocked categories; with
"allowlist only" whatever was not allowed is blocked. Safe search rewrites allowed names.
A listed name covers its subdomains.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from importlib import resources
from typing import Protocol

from guardian.dns import wire
from guardian.dns.config import ProfileFilter

CANARY = "use-application-dns.net"
"""Firefox turns its own DNS-over-HTTPS off when this name does not resolve."""

ALLOW = 0
BLOCK = 1
REWRITE = 2


class CategoryIndex(Protocol):
    """The compiled category lists: which sources list a name or one of its parents."""

    def lookup(self, name: str) -> int:
        """Bitmask of the sources listing `name` or any parent domain of it."""
        ...

    def mask_of(self, source_names: tuple[str, ...]) -> int:
        """Bitmask of the named sources."""
        ...


@dataclass(frozen=True, slots=True)
class Rewrite:
    """A search engine host answered with its safe-search address."""

    engine: str
    host: str
    cname: str | None
    """The safe-search host to answer with (a CNAME), or None for a fixed address."""
    cname_wire: bytes | None
    address: bytes | None
    """The fixed IPv4 address (4 bytes) when there is no CNAME."""


@dataclass(frozen=True, slots=True)
class Decision:
    """The verdict on one name; `rule` is "" when allowed, as in `config.Count.rule`."""

    kind: int
    rule: str = ""
    rewrite: Rewrite | None = None


ALLOWED = Decision(ALLOW)
CANARY_BLOCKED = Decision(BLOCK, "canary")
ALLOWLIST_BLOCKED = Decision(BLOCK, "allowlist")


def read_safe_search(text: str, where: str = "safesearch.tsv") -> dict[str, Rewrite]:
    """Parse the safe-search table (engine, host, record, target; # comments)."""
    table: dict[str, Rewrite] = {}
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) != 4:
            raise ValueError(f"{where}:{number}: expected 4 tab-separated fields")
        engine, host, record, target = (f.strip() for f in fields)
        host = host.lower()
        try:
            wire.encode_name(host)
            if record == "CNAME":
                target = target.lower()
                table[host] = Rewrite(engine, host, target, wire.encode_name(target), None)
            elif record == "A":
                packed = ipaddress.IPv4Address(target).packed
                table[host] = Rewrite(engine, host, None, None, packed)
            else:
                raise ValueError(f"record {record!r} is neither CNAME nor A")
        except ValueError as error:
            raise ValueError(f"{where}:{number}: {error}") from None
    return table


def shipped_safe_search() -> dict[str, Rewrite]:
    """Guardian's own safe-search table, shipped next to this module."""
    text = resources.files("guardian.dns").joinpath("safesearch.tsv").read_text("utf-8")
    return read_safe_search(text)


def _mask(index: CategoryIndex | None, names: tuple[str, ...]) -> tuple[int, list[tuple[int, str]]]:
    """The mask of `names` and each name's own mask, in order (for naming the rule)."""
    if index is None or not names:
        return 0, []
    each = [(index.mask_of((name,)), name) for name in names]
    return index.mask_of(names), [(m, n) for m, n in each if m]


class ProfileRules:
    """One profile's filter, compiled: sets of own names and category bitmasks."""

    __slots__ = (
        "_allow_mask",
        "_allowlist_only",
        "_any_mask",
        "_block_each",
        "_block_mask",
        "_by_mask",
        "_index",
        "_own",
        "_safe",
        "_schedule_each",
        "_schedule_mask",
        "profile",
    )

    def __init__(
        self,
        rules: ProfileFilter | None,
        index: CategoryIndex | None,
        safe_search: dict[str, Rewrite],
    ) -> None:
        """`rules` None: not filtered, only the canary is refused."""
        self.profile = rules.id if rules is not None else ""
        self._own: dict[str, tuple[int, Decision]] = {}
        self._by_mask: dict[int, Decision] = {}
        """The verdict for each index mask seen so far (a few thousand distinct at most)."""
        if rules is None:
            self._index = None
            self._allow_mask = self._block_mask = self._schedule_mask = self._any_mask = 0
            self._block_each: list[tuple[int, str]] = []
            self._schedule_each: list[tuple[int, str]] = []
            self._allowlist_only = False
            self._safe: dict[str, Rewrite] = {}
            return
        # A name on several lists keeps the last: allowed beats scheduled beats blocked (a name
        # both blocked and scheduled is blocked because of its hours).
        for name in rules.block:
            self._own[name] = (2, Decision(BLOCK, "block:" + name))
        for name in rules.scheduled_block:
            self._own[name] = (1, Decision(BLOCK, "schedule:" + name))
        for name in rules.allow:
            self._own[name] = (0, ALLOWED)
        self._allow_mask, _ = _mask(index, rules.allow_categories)
        self._block_mask, self._block_each = _mask(index, rules.block_categories)
        self._schedule_mask, self._schedule_each = _mask(index, rules.scheduled_categories)
        self._any_mask = self._allow_mask | self._block_mask | self._schedule_mask
        self._index = index if self._any_mask else None
        self._allowlist_only = rules.allowlist_only
        self._safe = safe_search if rules.safe_search else {}

    def decide(self, name: str) -> Decision:
        """The verdict on `name` (lower-case, no trailing dot)."""
        if name == CANARY or name.endswith(".use-application-dns.net"):
            return CANARY_BLOCKED
        allowed = False
        own = self._own
        if own:
            best: tuple[int, Decision] | None = None
            suffix = name
            while True:
                hit = own.get(suffix)
                if hit is not None:
                    if hit[0] == 0:
                        allowed = True
                        break
                    # Own block ranks before schedule; among equals the longest name wins.
                    if best is None or hit[0] > best[0]:
                        best = hit
                dot = suffix.find(".")
                if dot < 0:
                    break
                suffix = suffix[dot + 1 :]
            if not allowed and best is not None:
                return best[1]
        if not allowed and self._index is not None:
            mask = self._index.lookup(name)
            if mask:
                verdict = self._by_mask.get(mask)
                if verdict is None:
                    verdict = self._by_mask[mask] = self._for_mask(mask)
                if verdict is not ALLOWED:
                    return verdict
                allowed = bool(mask & self._allow_mask)
        if not allowed and self._allowlist_only:
            return ALLOWLIST_BLOCKED
        rewrite = self._safe.get(name)
        if rewrite is not None:
            return Decision(REWRITE, "safe_search:" + rewrite.engine, rewrite)
        return ALLOWED

    def _for_mask(self, mask: int) -> Decision:
        """The verdict of the index alone for a name whose lists are `mask`: ALLOWED when an
        allowed category lists it or no category of this profile does."""
        if mask & self._allow_mask:
            return ALLOWED
        if mask & self._schedule_mask:
            return Decision(BLOCK, "schedule-category:" + _first(mask, self._schedule_each))
        if mask & self._block_mask:
            return Decision(BLOCK, "category:" + _first(mask, self._block_each))
        return ALLOWED


def _first(mask: int, each: list[tuple[int, str]]) -> str:
    for bits, name in each:
        if mask & bits:
            return name
    return each[0][1]
