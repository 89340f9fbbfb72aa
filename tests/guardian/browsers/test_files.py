"""Policy files on Linux and macOS: written under a temporary root, merged, taken back."""

from __future__ import annotations

import json
import plistlib
import stat
from pathlib import Path

from guardian.platform.browsers import BrowserRules, ManagedBrowsers
from guardian.platform.browsers_files import ChromiumPolicyFolder, linux_locations, macos_locations

RULES = BrowserRules(
    block_urls=("blocked.example",),
    allow_urls=("ok.example",),
    safe_search=True,
    youtube_restricted=True,
    disable_doh=True,
    disable_private=True,
)
CHROMIUM_DIR = "etc/chromium/policies/managed"
FIREFOX_ETC = "etc/firefox/policies/policies.json"


def linux(root: Path) -> ManagedBrowsers:
    return ManagedBrowsers(linux_locations(root), root / "state" / "browser-policies.json")


def read(path: Path) -> object:
    return json.loads(path.read_text())


def tree(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() if p.is_file() else b"<dir>"
        for p in sorted(root.rglob("*"))
        if not str(p.relative_to(root)).startswith("state")
    }


def test_every_chromium_browser_and_firefox_get_their_file(tmp_path: Path) -> None:
    result = linux(tmp_path).apply(RULES)

    assert result.ok, result.failed
    assert {r.browser for r in result.done} == {
        "Chrome",
        "Chromium",
        "Edge",
        "Yandex Browser",
        "Brave",
        "Firefox",
    }
    chromium = read(tmp_path / CHROMIUM_DIR / "zz-guardian.json")
    assert chromium == {
        "URLBlocklist": ["blocked.example"],
        "URLAllowlist": ["ok.example"],
        "DnsOverHttpsMode": "off",
        "IncognitoModeAvailability": 1,
        "BrowserGuestModeEnabled": False,
        "ForceGoogleSafeSearch": True,
        "ForceYouTubeRestrict": 1,
    }
    edge = read(tmp_path / "etc/opt/edge/policies/managed/zz-guardian.json")
    assert isinstance(edge, dict) and edge["ForceBingSafeSearch"] == 2
    assert (tmp_path / "etc/opt/chrome/policies/managed/zz-guardian.json").exists()
    assert (tmp_path / "etc/opt/yandex/browser/policies/managed/zz-guardian.json").exists()
    assert read(tmp_path / "etc/brave/policies/managed/zz-guardian.json")["TorDisabled"] is True  # type: ignore[index]
    firefox = read(tmp_path / FIREFOX_ETC)
    assert firefox == {
        "policies": {
            "WebsiteFilter": {
                "Block": ["*://blocked.example/*", "*://*.blocked.example/*"],
                "Exceptions": ["*://ok.example/*", "*://*.ok.example/*"],
            },
            "DNSOverHTTPS": {"Enabled": False, "Locked": True},
            "DisablePrivateBrowsing": True,
        }
    }


def test_files_are_world_readable_and_folders_0755(tmp_path: Path) -> None:
    linux(tmp_path).apply(RULES)

    policy = tmp_path / CHROMIUM_DIR / "zz-guardian.json"
    assert stat.S_IMODE(policy.stat().st_mode) == 0o644
    assert stat.S_IMODE(policy.parent.stat().st_mode) == 0o755
    assert stat.S_IMODE((tmp_path / "state/browser-policies.json").stat().st_mode) == 0o600


def test_remove_leaves_the_tree_exactly_as_it_was(tmp_path: Path) -> None:
    (tmp_path / "etc/firefox/policies").mkdir(parents=True)
    (tmp_path / FIREFOX_ETC).write_text(
        json.dumps({"policies": {"DisableAppUpdate": True, "DNSOverHTTPS": {"Fallback": False}}})
    )
    (tmp_path / CHROMIUM_DIR).mkdir(parents=True)
    (tmp_path / CHROMIUM_DIR / "admin.json").write_text('{"HomepageLocation": "x"}')
    before = tree(tmp_path)
    browsers = linux(tmp_path)

    browsers.apply(RULES)
    browsers.apply(BrowserRules(block_urls=("other.example",)))
    result = browsers.remove()

    assert result.ok, result.failed
    after = tree(tmp_path)
    assert after.keys() == before.keys()
    assert read(tmp_path / FIREFOX_ETC) == {
        "policies": {"DisableAppUpdate": True, "DNSOverHTTPS": {"Fallback": False}}
    }
    assert after[CHROMIUM_DIR + "/admin.json"] == before[CHROMIUM_DIR + "/admin.json"]


def test_firefox_keeps_others_policies_and_unites_lists(tmp_path: Path) -> None:
    (tmp_path / "etc/firefox/policies").mkdir(parents=True)
    (tmp_path / FIREFOX_ETC).write_text(
        json.dumps(
            {
                "policies": {
                    "WebsiteFilter": {"Block": ["*://admin.example/*"]},
                    "DNSOverHTTPS": {"Enabled": True, "ProviderURL": "https://doh.example/"},
                },
                "comment": "kept",
            }
        )
    )

    linux(tmp_path).apply(RULES)

    data = read(tmp_path / FIREFOX_ETC)
    assert isinstance(data, dict)
    assert data["comment"] == "kept"
    assert data["policies"]["WebsiteFilter"]["Block"] == [
        "*://admin.example/*",
        "*://blocked.example/*",
        "*://*.blocked.example/*",
    ]
    assert data["policies"]["DNSOverHTTPS"] == {
        "Enabled": False,
        "ProviderURL": "https://doh.example/",
        "Locked": True,
    }


def test_a_value_changed_by_someone_else_is_left_to_them_on_remove(tmp_path: Path) -> None:
    browsers = linux(tmp_path)
    browsers.apply(BrowserRules(disable_private=True))
    path = tmp_path / FIREFOX_ETC
    data = json.loads(path.read_text())
    data["policies"]["DisablePrivateBrowsing"] = False
    path.write_text(json.dumps(data))

    assert browsers.remove().ok

    assert read(path) == {"policies": {"DisablePrivateBrowsing": False}}


def test_rules_no_longer_asked_are_taken_back_on_the_next_apply(tmp_path: Path) -> None:
    browsers = linux(tmp_path)
    browsers.apply(RULES)
    browsers.apply(BrowserRules(safe_search=True))

    assert read(tmp_path / CHROMIUM_DIR / "zz-guardian.json") == {"ForceGoogleSafeSearch": True}
    assert read(tmp_path / FIREFOX_ETC) == {"policies": {}}


def test_chromium_folder_merges_other_files_lists_and_reports_a_later_file(tmp_path: Path) -> None:
    folder = tmp_path / CHROMIUM_DIR
    folder.mkdir(parents=True)
    (folder / "admin.json").write_text('{"URLBlocklist": ["admin.example"]}')
    browsers = linux(tmp_path)
    browsers.apply(RULES)

    ours = read(folder / ChromiumPolicyFolder.FILE_NAME)
    assert isinstance(ours, dict)
    assert ours["URLBlocklist"] == ["admin.example", "blocked.example"]
    assert all(s.holds_current for s in browsers.installed_state())

    (folder / "zzz-late.json").write_text('{"IncognitoModeAvailability": 0}')
    state = {s.location: s for s in browsers.installed_state()}[str(folder / "zz-guardian.json")]
    assert not state.holds_current
    assert "zzz-late.json" in state.detail


def test_installed_state_tells_missing_changed_and_current(tmp_path: Path) -> None:
    browsers = linux(tmp_path)
    assert not any(s.holds_current for s in browsers.installed_state())

    browsers.apply(RULES)
    assert all(s.holds_current for s in browsers.installed_state())

    (tmp_path / "etc/brave/policies/managed/zz-guardian.json").unlink()
    states = {s.browser: s for s in browsers.installed_state()}
    assert not states["Brave"].holds_current
    assert "URLBlocklist" in states["Brave"].detail
    assert states["Chrome"].holds_current


def test_one_failing_location_does_not_stop_the_others(tmp_path: Path) -> None:
    (tmp_path / "etc/brave").mkdir(parents=True)
    (tmp_path / "etc/brave/policies").write_text("a file where a folder should be")
    (tmp_path / "etc/firefox/policies").mkdir(parents=True)
    (tmp_path / FIREFOX_ETC).write_text("{not json")

    result = linux(tmp_path).apply(RULES)

    failed = {r.browser: r.error or "" for r in result.failed}
    assert set(failed) == {"Brave", "Firefox"}
    assert "not valid" in failed["Firefox"] and "leaves it as it is" in failed["Firefox"]
    assert (tmp_path / FIREFOX_ETC).read_text() == "{not json"
    assert {r.browser for r in result.done} == {"Chrome", "Chromium", "Edge", "Yandex Browser"}


def test_a_new_system_file_carries_over_the_installations_policies(tmp_path: Path) -> None:
    distribution = tmp_path / "usr/lib/firefox-esr/distribution"
    distribution.mkdir(parents=True)
    original = {
        "policies": {"DisableTelemetry": True, "WebsiteFilter": {"Block": ["*://a.example/*"]}}
    }
    (distribution / "policies.json").write_text(json.dumps(original))
    browsers = linux(tmp_path)

    browsers.apply(BrowserRules(disable_private=True))

    system = read(tmp_path / FIREFOX_ETC)
    assert system == {
        "policies": {
            "DisableTelemetry": True,
            "WebsiteFilter": {"Block": ["*://a.example/*"]},
            "DisablePrivateBrowsing": True,
        }
    }
    assert read(distribution / "policies.json") == {
        "policies": {**original["policies"], "DisablePrivateBrowsing": True}
    }
    browsers.apply(BrowserRules(disable_private=True))
    assert read(tmp_path / FIREFOX_ETC) == system

    assert browsers.remove().ok
    assert not (tmp_path / "etc/firefox").exists()
    assert read(distribution / "policies.json") == original


def test_a_damaged_ledger_is_reported_and_policies_still_written(tmp_path: Path) -> None:
    (tmp_path / "state").mkdir()
    (tmp_path / "state/browser-policies.json").write_text("garbage")

    result = linux(tmp_path).apply(BrowserRules(disable_doh=True))

    assert [r.browser for r in result.failed] == ["Guardian"]
    assert "started afresh" in (result.failed[0].error or "")
    assert read(tmp_path / CHROMIUM_DIR / "zz-guardian.json") == {"DnsOverHttpsMode": "off"}


def test_an_unwritable_ledger_is_a_failure_not_an_exception(tmp_path: Path) -> None:
    (tmp_path / "state").write_text("a file where the state folder should be")

    result = linux(tmp_path).apply(BrowserRules(disable_doh=True))

    assert {r.browser for r in result.failed} == {"Guardian"}
    assert any("cannot be written" in (r.error or "") for r in result.failed)
    assert read(tmp_path / CHROMIUM_DIR / "zz-guardian.json") == {"DnsOverHttpsMode": "off"}


def test_macos_plists_hold_each_browsers_policies(tmp_path: Path) -> None:
    folder = tmp_path / "Library/Managed Preferences"
    folder.mkdir(parents=True)
    (folder / "com.google.Chrome.plist").write_bytes(plistlib.dumps({"HomepageLocation": "x"}))
    browsers = ManagedBrowsers(macos_locations(tmp_path), tmp_path / "state/ledger.json")

    assert browsers.apply(RULES).ok

    chrome = plistlib.loads((folder / "com.google.Chrome.plist").read_bytes())
    assert chrome["HomepageLocation"] == "x"
    assert chrome["URLBlocklist"] == ["blocked.example"]
    assert chrome["IncognitoModeAvailability"] == 1
    firefox = plistlib.loads((folder / "org.mozilla.firefox.plist").read_bytes())
    assert firefox["EnterprisePoliciesEnabled"] is True
    assert firefox["DNSOverHTTPS"] == {"Enabled": False, "Locked": True}
    assert firefox["WebsiteFilter"]["Block"][0] == "*://blocked.example/*"
    edge = plistlib.loads((folder / "com.microsoft.Edge.plist").read_bytes())
    assert edge["InPrivateModeAvailability"] == 1
    assert (folder / "com.brave.Browser.plist").exists()
    assert (folder / "org.chromium.Chromium.plist").exists()
    assert (folder / "ru.yandex.desktop.yandex-browser.plist").exists()

    assert browsers.remove().ok
    assert sorted(p.name for p in folder.iterdir()) == ["com.google.Chrome.plist"]
    assert plistlib.loads((folder / "com.google.Chrome.plist").read_bytes()) == {
        "HomepageLocation": "x"
    }
