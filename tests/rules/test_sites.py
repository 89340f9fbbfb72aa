"""Site rules: names, presets, schedules and the verdict on one name."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rules.model import InvalidData, Policy, policy_from_data
from rules.policy_file import dump_policy, parse_policy
from rules.sites import (
    CANARY,
    Dns,
    Resolver,
    Sites,
    effective_sites,
    listed,
    normalize_name,
    site_of,
    sites_at,
    verdict,
)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Example.COM.", "example.com"),
        ("  www.example.com ", "www.example.com"),
        ("*.example.com", "example.com"),
        ("https://example.com/path?q=1", "example.com"),
        ("пример.рф", "xn--e1afmkfd.xn--p1ai"),
        ("zip", "zip"),
        ("under_score.example", "under_score.example"),
        ("1.2.3.4", None),
        ("::1", None),
        ("a..b", None),
        ("", None),
        (".", None),
        ("a" * 64 + ".com", None),
        (".".join(["a" * 60] * 5), None),
        ("exa mple.com", None),
    ],
)
def test_normalize_name(text: str, name: str | None) -> None:
    assert normalize_name(text) == name


@pytest.mark.parametrize(
    ("name", "site"),
    [
        ("www.example.com", "example.com"),
        ("example.com", "example.com"),
        ("news.bbc.co.uk", "bbc.co.uk"),
        ("a.b.mail.com.ru", "mail.com.ru"),
        ("localhost", "localhost"),
    ],
)
def test_site_of(name: str, site: str) -> None:
    assert site_of(name) == site


def test_a_name_covers_its_subdomains_on_label_boundaries() -> None:
    names = frozenset({"example.com"})
    assert listed("example.com", names) == "example.com"
    assert listed("a.b.example.com", names) == "example.com"
    assert listed("badexample.com", names) is None
    assert listed("example.com.evil", names) is None


def _policy(sites: dict[str, object], preset: str = "12+") -> Policy:
    return policy_from_data(
        {
            "timezone": "UTC",
            "default_profile": "kid",
            "profiles": [{"id": "kid", "name": "Kid", "preset": preset, "sites": sites}],
        }
    )


def _now(sites: dict[str, object], weekday: int = 0, minute: int = 600, preset: str = "12+"):
    profile = _policy(sites, preset).profiles[0]
    return sites_at(effective_sites(profile.sites, profile.preset.value), weekday, minute)


def test_presets_filter_below_adulthood_and_block_bypasses() -> None:
    for preset in ("0+", "6+", "12+", "16+"):
        rules = effective_sites(Sites(), preset)
        assert rules.filter and rules.safe_search
        assert {"vpn", "doh", "residential-proxies", "gambling"} <= rules.block_categories
    adult = effective_sites(Sites(), "18+")
    assert not adult.filter and not adult.block_categories
    assert "social_networks" in effective_sites(Sites(), "6+").block_categories
    assert "social_networks" not in effective_sites(Sites(), "12+").block_categories


def test_allow_beats_block_and_categories() -> None:
    now = _now({"block": ["example.com"], "allow": ["good.example.com"], "categories": ["games"]})
    assert verdict(now, "good.example.com", {}).blocked is False
    assert verdict(now, "x.good.example.com", {}).rule == "allow:good.example.com"
    assert verdict(now, "bad.example.com", {}).rule == "block:example.com"
    assert verdict(now, "game.test", {"games": "game.test"}).rule == "category:games"
    assert verdict(now, "good.example.com", {"games": "example.com"}).blocked is False
    assert verdict(now, "other.test", {"news": "other.test"}).blocked is False


def test_allow_categories_beat_blocked_ones() -> None:
    now = _now({"categories": ["games"], "allow_categories": ["child"]})
    both = {"games": "kids.test", "child": "kids.test"}
    assert verdict(now, "kids.test", both).rule == "allow-category:child"


def test_allowlist_only_blocks_the_rest() -> None:
    now = _now({"list": "allowlist", "allow": ["school.ru"], "allow_categories": ["child"]})
    assert not verdict(now, "www.school.ru", {}).blocked
    assert not verdict(now, "kids.test", {"child": "kids.test"}).blocked
    assert verdict(now, "example.com", {}).rule == "allowlist"


def test_canary_is_blocked_even_when_allowed() -> None:
    now = _now({"allow": [CANARY]})
    assert verdict(now, CANARY, {}).rule == "canary"


def test_safe_search_rewrites_allowed_names_only_when_on() -> None:
    def engine(name: str) -> str | None:
        return "google" if name == "www.google.com" else None

    assert verdict(_now({}), "www.google.com", {}, engine).rule == "safe_search:google"
    off = _now({"safe_search": False})
    assert verdict(off, "www.google.com", {}, engine).rule == ""
    blocked = _now({"block": ["google.com"]})
    assert verdict(blocked, "www.google.com", {}, engine).blocked


SCHEDULED = {
    "categories": ["games"],
    "schedules": [
        {"sites": ["youtube.com"], "hours": {"sat": ["10:00-12:00"], "fri": ["22:00-01:00"]}},
        {"categories": ["games"], "hours": {"sun": ["16:00-18:00"]}},
    ],
}


@pytest.mark.parametrize(
    ("weekday", "minute", "youtube", "games"),
    [
        (5, 10 * 60, "", "schedule-category:games"),  # Saturday 10:00: games only on Sunday
        (5, 12 * 60, "schedule:youtube.com", "schedule-category:games"),
        (4, 23 * 60, "", "schedule-category:games"),  # Friday 23:00, window crosses midnight
        (5, 30, "", "schedule-category:games"),  # Saturday 00:30, Friday's window still open
        (5, 60, "schedule:youtube.com", "schedule-category:games"),
        (6, 17 * 60, "schedule:youtube.com", ""),
    ],
)
def test_schedules_open_and_close(weekday: int, minute: int, youtube: str, games: str) -> None:
    now = _now(SCHEDULED, weekday, minute)
    got_youtube = verdict(now, "www.youtube.com", {})
    assert (got_youtube.blocked, got_youtube.rule) == (
        bool(youtube),
        youtube or "allow:youtube.com",
    )
    got_games = verdict(now, "game.test", {"games": "game.test"})
    assert got_games.blocked == bool(games)
    if games:
        assert got_games.rule == games


def test_a_scheduled_site_in_its_hours_passes_the_allowlist() -> None:
    now = _now(
        {
            "list": "allowlist",
            "schedules": [{"sites": ["khanacademy.org"], "hours": {"mon": ["09:00-17:00"]}}],
        }
    )
    assert not verdict(now, "www.khanacademy.org", {}).blocked
    later = _now(
        {
            "list": "allowlist",
            "schedules": [{"sites": ["khanacademy.org"], "hours": {"mon": ["09:00-17:00"]}}],
        },
        minute=18 * 60,
    )
    assert verdict(later, "www.khanacademy.org", {}).rule == "schedule:khanacademy.org"


def test_bad_site_rules_are_all_reported_with_their_place() -> None:
    with pytest.raises(InvalidData) as caught:
        _policy({"block": ["1.2.3.4"], "allow": ["a..b"], "list": "closed", "colour": 1})
    text = str(caught.value)
    for place in ("sites.block", "sites.allow", "sites.list", "sites.colour"):
        assert place in text
    with pytest.raises(InvalidData, match="no sites and no categories"):
        _policy({"schedules": [{"hours": {"mon": ["09:00-10:00"]}}]})


def test_dns_settings() -> None:
    assert Dns().upstreams(("192.0.2.1",)) == ("192.0.2.1",)
    assert Dns(resolver=Resolver.YANDEX_FAMILY).upstreams(()) == ("77.88.8.7", "77.88.8.3")
    assert Dns(resolver=Resolver.CUSTOM, servers=("9.9.9.9",)).upstreams(()) == ("9.9.9.9",)
    with pytest.raises(ValueError, match="servers is empty"):
        Dns(resolver=Resolver.CUSTOM)
    with pytest.raises(ValueError, match="not an IP address"):
        Dns(resolver=Resolver.CUSTOM, servers=("dns.example",))


def test_site_rules_round_trip_through_toml_and_json() -> None:
    policy = _policy(SCHEDULED | {"block": ["пример.рф"], "safe_search": False})
    for fmt in ("toml", "json"):
        again = parse_policy(dump_policy(policy, fmt), f"p.{fmt}", fmt)
        assert again == policy
    plain = _policy({})
    assert "sites" not in dump_policy(plain, "toml")


LABEL = st.text("abcxyz-", min_size=1, max_size=4).filter(lambda s: s[0] != "-")
NAME = st.lists(LABEL, min_size=1, max_size=4).map(".".join)


@given(NAME, st.sets(NAME, max_size=6), st.sets(NAME, max_size=6))
def test_verdict_agrees_with_a_plain_reading_of_the_rules(
    name: str, block: set[str], allow: set[str]
) -> None:
    now = _now({"block": sorted(block), "allow": sorted(allow)})
    covered = {n for n in block if name == n or name.endswith("." + n)}
    kept = {n for n in allow if name == n or name.endswith("." + n)}
    assert verdict(now, name, {}).blocked == (bool(covered) and not kept)
