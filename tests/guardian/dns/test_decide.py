"""A profile's verdict on a name: precedence, subdomains, categories and safe search."""

from __future__ import annotations

import pytest

from guardian.dns.config import ProfileFilter
from guardian.dns.decide import (
    ALLOW,
    BLOCK,
    REWRITE,
    ProfileRules,
    read_safe_search,
    shipped_safe_search,
)
from tests.guardian.dns.conftest import DictIndex

INDEX = DictIndex(
    {
        "gambling": ["casino.example", "poker.example"],
        "games": ["poker.example", "arcade.example"],
        "child": ["kids.casino.example"],
    }
)
SAFE = shipped_safe_search()


def verdict(name: str, **fields: object) -> tuple[int, str]:
    rules = ProfileRules(ProfileFilter("kid", **fields), INDEX, SAFE)  # type: ignore[arg-type]
    decision = rules.decide(name)
    return decision.kind, decision.rule


def test_own_lists_cover_subdomains_on_label_boundaries() -> None:
    assert verdict("a.b.site.example", block=("site.example",)) == (BLOCK, "block:site.example")
    assert verdict("othersite.example", block=("site.example",)) == (ALLOW, "")
    assert verdict("example", block=("site.example",)) == (ALLOW, "")


def test_the_most_specific_listed_name_is_reported() -> None:
    rules = {"block": ("example", "site.example")}
    assert verdict("www.site.example", **rules) == (BLOCK, "block:site.example")


def test_allow_beats_every_block() -> None:
    both = {
        "allow": ("ok.casino.example",),
        "block": ("casino.example",),
        "scheduled_block": ("ok.casino.example",),
        "block_categories": ("gambling",),
        "allowlist_only": True,
    }
    assert verdict("www.ok.casino.example", **both) == (ALLOW, "")
    assert verdict("kids.casino.example", block_categories=("gambling",)) == (
        BLOCK,
        "category:gambling",
    )
    assert verdict(
        "kids.casino.example", block_categories=("gambling",), allow_categories=("child",)
    ) == (ALLOW, "")


def test_block_order_own_then_schedule_then_categories() -> None:
    fields = {
        "block": ("casino.example",),
        "scheduled_block": ("www.casino.example",),
        "scheduled_categories": ("gambling",),
        "block_categories": ("gambling",),
    }
    assert verdict("www.casino.example", **fields) == (BLOCK, "block:casino.example")
    del fields["block"]
    assert verdict("www.casino.example", **fields) == (BLOCK, "schedule:www.casino.example")
    del fields["scheduled_block"]
    assert verdict("www.casino.example", **fields) == (BLOCK, "schedule-category:gambling")
    del fields["scheduled_categories"]
    assert verdict("www.casino.example", **fields) == (BLOCK, "category:gambling")


def test_a_name_blocked_for_its_hours_is_reported_as_scheduled() -> None:
    fields = {"block": ("games.example",), "scheduled_block": ("games.example",)}
    assert verdict("games.example", **fields) == (BLOCK, "schedule:games.example")


def test_the_first_matching_category_names_the_rule() -> None:
    assert verdict("poker.example", block_categories=("games", "gambling")) == (
        BLOCK,
        "category:games",
    )
    assert verdict("arcade.example", block_categories=("gambling",)) == (ALLOW, "")


def test_allowlist_only_blocks_the_rest() -> None:
    assert verdict("anything.example", allowlist_only=True) == (BLOCK, "allowlist")
    assert verdict("kids.casino.example", allowlist_only=True, allow_categories=("child",)) == (
        ALLOW,
        "",
    )


def test_the_canary_is_blocked_even_when_not_filtered() -> None:
    rules = ProfileRules(None, INDEX, SAFE)
    assert rules.decide("use-application-dns.net").rule == "canary"
    assert rules.decide("casino.example").kind == ALLOW
    assert rules.decide("www.google.com").kind == ALLOW  # no safe search when unfiltered
    assert verdict("use-application-dns.net", allow=("use-application-dns.net",))[1] == "canary"


def test_safe_search_rewrites_allowed_names_only() -> None:
    kind, rule = verdict("www.google.com")
    assert (kind, rule) == (REWRITE, "safe_search:google")
    assert verdict("www.google.com", allow=("google.com",)) == (REWRITE, "safe_search:google")
    assert verdict("www.google.com", block=("google.com",)) == (BLOCK, "block:google.com")
    assert verdict("www.google.com", safe_search=False) == (ALLOW, "")
    assert verdict("mail.google.com") == (ALLOW, "")


def test_the_shipped_table_covers_the_engines() -> None:
    engines = {rewrite.engine for rewrite in SAFE.values()}
    assert engines == {"google", "youtube", "bing", "duckduckgo", "yandex", "ecosia", "pixabay"}
    assert SAFE["www.youtube.com"].cname == "restrictmoderate.youtube.com"
    assert SAFE["yandex.ru"].address == bytes([213, 180, 193, 56])
    assert SAFE["www.google.co.uk"].cname == "forcesafesearch.google.com"


@pytest.mark.parametrize(
    ("line", "error"),
    [
        ("google\twww.google.com\tCNAME", "4 tab-separated"),
        ("google\twww.google.com\tMX\tx.example", "table.tsv:2: record 'MX' is neither"),
        ("yandex\tya.ru\tA\t999.1.1.1", "table.tsv:2: Octet 999"),
    ],
)
def test_a_bad_table_line_says_where(line: str, error: str) -> None:
    with pytest.raises(ValueError, match=error):
        read_safe_search("# header\n" + line, "table.tsv")
