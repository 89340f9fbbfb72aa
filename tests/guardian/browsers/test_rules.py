"""BrowserRules: pattern checks, and the policies each browser gets for them."""

from __future__ import annotations

import pytest

from guardian.platform.browsers import (
    BRAVE,
    CHROME,
    EDGE,
    FIREFOX,
    FIREFOX_MACOS,
    MAX_PATTERNS,
    YANDEX,
    BrowserRules,
    UrlPattern,
)

ALL = BrowserRules(
    block_urls=("example.com", ".exact.org", "https://site.net/bad"),
    allow_urls=("good.example.com",),
    safe_search=True,
    youtube_restricted=True,
    disable_doh=True,
    disable_private=True,
)


def test_chrome_gets_every_chromium_policy() -> None:
    assert CHROME.policies(ALL) == {
        ("URLBlocklist",): ["example.com", ".exact.org", "https://site.net/bad"],
        ("URLAllowlist",): ["good.example.com"],
        ("DnsOverHttpsMode",): "off",
        ("IncognitoModeAvailability",): 1,
        ("BrowserGuestModeEnabled",): False,
        ("ForceGoogleSafeSearch",): True,
        ("ForceYouTubeRestrict",): 1,
    }


def test_edge_uses_inprivate_and_bing_safe_search() -> None:
    policies = EDGE.policies(ALL)
    assert policies[("InPrivateModeAvailability",)] == 1
    assert ("IncognitoModeAvailability",) not in policies
    assert policies[("ForceBingSafeSearch",)] == 2
    assert policies[("ForceGoogleSafeSearch",)] is True


def test_brave_also_disables_tor_windows() -> None:
    assert BRAVE.policies(ALL)[("TorDisabled",)] is True
    assert ("TorDisabled",) not in BRAVE.policies(BrowserRules(disable_doh=True))


def test_yandex_gets_only_the_policies_it_documents() -> None:
    assert set(YANDEX.policies(ALL)) == {
        ("URLBlocklist",),
        ("URLAllowlist",),
        ("IncognitoModeAvailability",),
    }


def test_firefox_gets_match_patterns_doh_and_private_browsing() -> None:
    assert FIREFOX.policies(ALL) == {
        ("WebsiteFilter", "Block"): [
            "*://example.com/*",
            "*://*.example.com/*",
            "*://exact.org/*",
            "https://site.net/bad*",
            "https://*.site.net/bad*",
        ],
        ("WebsiteFilter", "Exceptions"): [
            "*://good.example.com/*",
            "*://*.good.example.com/*",
        ],
        ("DNSOverHTTPS", "Enabled"): False,
        ("DNSOverHTTPS", "Locked"): True,
        ("DisablePrivateBrowsing",): True,
    }


def test_firefox_on_macos_turns_enterprise_policies_on() -> None:
    assert FIREFOX_MACOS.policies(BrowserRules())[("EnterprisePoliciesEnabled",)] is True


def test_nothing_asked_writes_nothing() -> None:
    for browser in (CHROME, EDGE, YANDEX, BRAVE, FIREFOX):
        assert browser.policies(BrowserRules()) == {}


@pytest.mark.parametrize(
    ("text", "firefox"),
    [
        ("*", ["*://*/*"]),
        ("http://10.0.0.1/x", ["http://10.0.0.1/x*"]),
        ("Example.COM", ["*://example.com/*", "*://*.example.com/*"]),
        ("пример.рф", ["*://xn--e1afmkfd.xn--p1ai/*", "*://*.xn--e1afmkfd.xn--p1ai/*"]),
    ],
)
def test_patterns_convert_to_firefox(text: str, firefox: list[str]) -> None:
    assert UrlPattern.parse(text).firefox() == firefox


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "empty"),
        ("exa mple.com", "spaces"),
        ("ftp://example.com", "scheme 'ftp'"),
        ("example.com:8080", "ports"),
        ("user@example.com", "user"),
        ("-bad-.com", "not a valid host"),
        ("http:///path", "host is missing"),
    ],
)
def test_bad_patterns_are_refused_with_where_and_why(text: str, reason: str) -> None:
    with pytest.raises(ValueError, match=rf"BrowserRules\.allow_urls\[1\] .*{reason}"):
        BrowserRules(allow_urls=("fine.example", text))


def test_too_many_patterns_are_refused() -> None:
    BrowserRules(block_urls=tuple(f"h{i}.example" for i in range(MAX_PATTERNS)))
    with pytest.raises(ValueError, match="at most 500"):
        BrowserRules(block_urls=tuple(f"h{i}.example" for i in range(MAX_PATTERNS + 1)))
