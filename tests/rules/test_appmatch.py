"""Matching processes to apps and judging them: wrappers, precedence, hashes and budgets."""

from __future__ import annotations

import fnmatch
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rules.appmatch import (
    AppBlock,
    AppContext,
    AppMatcher,
    Glob,
    Identified,
    ProcessFacts,
    Via,
    app_budgets,
    app_warning_due,
    blocks_unmanaged,
    fold,
    judge,
    usage_keys,
)
from rules.apps import AppList, AppMatch, AppMode, AppRule, Category
from rules.catalogue import Catalogue, CatalogueEntry, parse_catalogue
from rules.launch import Launch, launch
from rules.model import InvalidData, Profile, from_data, policy_from_data, policy_to_data
from rules.policy_file import dump_policy, parse_policy

NO_HASH = lambda path: None  # noqa: E731

CATALOGUE = Catalogue(
    (
        CatalogueEntry(
            id="firefox",
            name="Firefox",
            category=Category.BROWSERS,
            platforms=("linux", "windows"),
            names=("firefox",),
            managed_paths=("/usr/lib/firefox/*", "C:/Program Files/Mozilla Firefox/*"),
        ),
        CatalogueEntry(
            id="tor-browser",
            name="Tor Browser",
            category=Category.BROWSERS,
            platforms=("linux",),
            paths=("*/tor-browser*/*",),
            honours_policies=False,
        ),
        CatalogueEntry(
            id="minecraft",
            name="Minecraft",
            category=Category.GAMES,
            platforms=("linux",),
            names=("minecraft-launcher",),
            cmdline=("*java* -jar *minecraft*.jar*",),
            app_ids=("com.mojang.minecraftlauncher",),
        ),
        CatalogueEntry(
            id="explorer",
            name="Windows Explorer",
            category=Category.SYSTEM,
            platforms=("windows",),
            paths=("C:/Windows/explorer.exe",),
            essential=True,
            critical=True,
        ),
        CatalogueEntry(
            id="nautilus",
            name="Files",
            category=Category.SYSTEM,
            platforms=("linux",),
            names=("nautilus",),
            essential=True,
        ),
    )
)


def facts(exe: str, *args: str, os: str = "linux", app_ids: tuple[str, ...] = ()) -> ProcessFacts:
    name = exe.replace("\\", "/").rsplit("/", 1)[-1]
    return ProcessFacts(os=os, exe=exe, name=name, cmdline=(exe, *args), app_ids=app_ids)  # type: ignore[arg-type]


def matcher(*rules: AppRule, learned: dict[str, str] | None = None) -> AppMatcher:
    return AppMatcher.for_rules(rules, CATALOGUE, learned)


@pytest.mark.parametrize(
    ("exe", "cmdline", "expected"),
    [
        ("/usr/bin/python3.11", ("python3", "-u", "game.py"), Launch("/k/game.py")),
        (
            "/usr/bin/python3.11",
            ("/usr/bin/python3.11", "-W", "ignore", "game.py", "--level", "2"),
            Launch("/k/game.py"),
        ),
        (
            "/usr/bin/python3.11",
            ("python3", "-m", "pygame.examples.aliens"),
            Launch("pygame.examples.aliens", file=False, unknown=True),
        ),
        ("/usr/bin/python3.11", ("python3", "-c", "print(1)"), Launch(unknown=True)),
        (
            "/usr/lib/jvm/bin/java",
            ("java", "-Xmx2G", "-jar", "mc.jar", "nogui"),
            Launch("/k/mc.jar"),
        ),
        (
            "C:\\Java\\bin\\javaw.exe",
            ("javaw.exe", "-cp", "a.jar", "net.minecraft.client.main.Main"),
            Launch("net.minecraft.client.main.Main", file=False),
        ),
        ("/usr/bin/wine", ("wine", "C:\\Games\\game.exe"), Launch("C:\\Games\\game.exe")),
        (
            "/usr/bin/python3.11",
            ("python3", "/opt/proton", "run", "game.exe"),
            Launch("/opt/proton"),
        ),
        (
            "/usr/bin/flatpak",
            ("flatpak", "run", "--branch=stable", "org.telegram.desktop"),
            Launch(app_id="org.telegram.desktop"),
        ),
        ("/usr/bin/snap", ("snap", "run", "discord"), Launch(app_id="discord")),
        ("/usr/bin/bash", ("bash", "play.sh"), Launch("/k/play.sh")),
        ("/usr/bin/bash", ("bash", "-c", "exec ./game"), Launch(unknown=True)),
        ("/usr/bin/gedit", ("/usr/bin/gedit", "notes.txt"), Launch()),
        ("/usr/bin/gedit", (), Launch()),
    ],
)
def test_what_a_process_runs(exe: str, cmdline: tuple[str, ...], expected: Launch) -> None:
    assert launch(exe, cmdline, lambda: "/k") == expected


def test_names_ignore_case_folders_and_exe() -> None:
    m = matcher(AppRule(app="game", mode=AppMode.BLOCKED, match=AppMatch(names=("Game.EXE",))))
    for exe in ("/opt/x/game", "C:\\Games\\GAME.exe", "/home/kid/game.exe"):
        assert m.identify(facts(exe), NO_HASH).app == "game"
    assert m.identify(facts("/opt/x/gamer"), NO_HASH).app is None


def test_path_patterns_treat_backslashes_as_slashes() -> None:
    rule = AppRule(app="g", mode=AppMode.BLOCKED, match=AppMatch(paths=("*/steamapps/common/*",)))
    found = matcher(rule).identify(
        facts(
            "C:\\Program Files (x86)\\Steam\\steamapps\\common\\Terraria\\Terraria.exe",
            os="windows",
        ),
        NO_HASH,
    )
    assert (found.app, found.via) == ("g", Via.PATH)


def test_a_wrapped_script_matches_by_name_and_path() -> None:
    rule = AppRule(app="g", mode=AppMode.BLOCKED, match=AppMatch(paths=("/home/*/games/*",)))
    f = ProcessFacts(
        os="linux",
        exe="/usr/bin/python3",
        name="python3",
        cmdline=("python3", "run.py"),
        cwd="/home/kid/games",
    )
    assert matcher(rule).identify(f, NO_HASH).app == "g"


def test_command_line_patterns_catch_wrappers() -> None:
    found = matcher().identify(
        facts("/usr/lib/jvm/bin/java", "-jar", "/home/kid/.minecraft/minecraft-1.20.jar"), NO_HASH
    )
    assert (found.app, found.via, found.category) == ("minecraft", Via.CMDLINE, Category.GAMES)
    assert (
        matcher().identify(facts("/usr/bin/gedit", "/home/kid/minecraft.txt"), NO_HASH).app is None
    )


def test_app_ids_and_flatpak_run() -> None:
    m = matcher()
    assert (
        m.identify(facts("/opt/x/launcher", app_ids=("com.mojang.minecraftlauncher",)), NO_HASH).app
        == "minecraft"
    )
    rule = AppRule(
        app="tg", mode=AppMode.BLOCKED, match=AppMatch(app_ids=("org.telegram.desktop",))
    )
    found = matcher(rule).identify(
        facts("/usr/bin/flatpak", "run", "org.telegram.desktop"), NO_HASH
    )
    assert (found.app, found.via) == ("tg", Via.APP_ID)


def test_hashes_are_asked_only_when_some_identity_uses_them() -> None:
    asked: list[str] = []

    def sha(path: str) -> str:
        asked.append(path)
        return "ab" * 32

    matcher().identify(facts("/home/kid/x"), sha)
    assert asked == []
    m = matcher(learned={"ab" * 32: "minecraft"})
    copy = ProcessFacts(os="linux", exe="/home/kid/renamed", name="renamed", writable=True)
    found = m.identify(copy, sha)
    assert (found.app, found.via) == ("minecraft", Via.SHA256)
    assert asked == ["/home/kid/renamed"]
    m.identify(facts("/usr/bin/installed"), sha)
    assert asked == ["/home/kid/renamed"], "a learned hash stands for a copy the child made"
    given = AppRule(app="g", mode=AppMode.BLOCKED, match=AppMatch(sha256=("cd" * 32,)))
    matcher(given).identify(facts("/usr/bin/installed"), sha)
    assert asked[-1] == "/usr/bin/installed", "a hash a rule gives is looked for everywhere"


def test_strictest_rule_wins_then_the_most_specific_identity() -> None:
    allowed = AppRule(app="a", mode=AppMode.ALLOWED, match=AppMatch(paths=("/opt/game/*",)))
    blocked = AppRule(app="b", mode=AppMode.BLOCKED, match=AppMatch(names=("game",)))
    assert matcher(allowed, blocked).identify(facts("/opt/game/game"), NO_HASH).app == "b"
    no_rule = matcher().identify(facts("/home/kid/tor-browser_en/Browser/firefox"), NO_HASH)
    assert no_rule.app == "tor-browser", "a path is more specific than a name"


def test_unmanaged_browsers() -> None:
    m = matcher()
    installed = m.identify(facts("/usr/lib/firefox/firefox"), NO_HASH)
    portable = m.identify(facts("/home/kid/Downloads/firefox/firefox"), NO_HASH)
    tor = m.identify(facts("/home/kid/tor-browser/Browser/firefox"), NO_HASH)
    assert (installed.unmanaged_browser, portable.unmanaged_browser, tor.unmanaged_browser) == (
        False,
        True,
        True,
    )
    context = AppContext(block_unmanaged=True)
    assert judge(installed, context) is None
    assert judge(portable, context) is AppBlock.UNMANAGED_BROWSER
    allowed_firefox = matcher(AppRule(app="firefox", mode=AppMode.ALLOWED))
    tor_as_firefox = allowed_firefox.identify(
        facts("/home/kid/tor-browser/Browser/firefox"), NO_HASH
    )
    assert tor_as_firefox.app == "firefox"
    assert not allowed_firefox.explicitly_allows_unmanaged(tor_as_firefox)
    assert judge(tor_as_firefox, context) is AppBlock.UNMANAGED_BROWSER
    allowed_tor = matcher(AppRule(app="tor-browser", mode=AppMode.ALLOWED))
    tor_allowed = allowed_tor.identify(facts("/home/kid/tor-browser/Browser/firefox"), NO_HASH)
    assert allowed_tor.explicitly_allows_unmanaged(tor_allowed)
    assert judge(tor_allowed, context, allows_unmanaged=True) is None


def test_browser_choice() -> None:
    profile = from_data(Profile, {"id": "k", "name": "K"})
    assert not blocks_unmanaged(profile, web_filtering=False)
    assert blocks_unmanaged(profile, web_filtering=True)
    block = from_data(Profile, {"id": "k", "name": "K", "unmanaged_browsers": "block"})
    allow = from_data(Profile, {"id": "k", "name": "K", "unmanaged_browsers": "allow"})
    assert blocks_unmanaged(block, web_filtering=False)
    assert not blocks_unmanaged(allow, web_filtering=True)


def ident(mode: AppMode | None = None, **kw: object) -> Identified:
    fields: dict[str, object] = {"app": "x", "name": "X", "category": Category.GAMES, "mode": mode}
    fields.update(kw)
    return Identified(**fields)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("identified", "context", "helper", "expected"),
    [
        (ident(), AppContext(), False, None),
        (ident(AppMode.BLOCKED), AppContext(), False, AppBlock.BLOCKED),
        (ident(AppMode.BLOCKED, critical=True), AppContext(), False, None),
        (ident(), AppContext(app_list=AppList.ALLOWLIST), False, AppBlock.NOT_ALLOWED),
        (ident(), AppContext(app_list=AppList.ALLOWLIST), True, None),
        (ident(essential=True), AppContext(app_list=AppList.ALLOWLIST), False, None),
        (ident(AppMode.LIMITED), AppContext(app_list=AppList.ALLOWLIST), False, None),
        (
            ident(AppMode.LIMITED),
            AppContext(spent_apps=frozenset({"x"})),
            False,
            AppBlock.APP_TIME_SPENT,
        ),
        (
            ident(),
            AppContext(spent_categories=frozenset({Category.GAMES})),
            False,
            AppBlock.CATEGORY_TIME_SPENT,
        ),
        (
            ident(AppMode.ALLOWED),
            AppContext(spent_categories=frozenset({Category.GAMES})),
            False,
            None,
        ),
        (ident(), AppContext(downtime=True), False, AppBlock.DOWNTIME),
        (ident(AppMode.LIMITED), AppContext(downtime=True), False, AppBlock.DOWNTIME),
        (ident(AppMode.ALLOWED), AppContext(downtime=True), False, None),
        (ident(essential=True), AppContext(downtime=True), False, None),
        (ident(app=None, category=None), AppContext(downtime=True), False, AppBlock.DOWNTIME),
        (ident(app=None, category=None), AppContext(), False, None),
    ],
)
def test_judge(
    identified: Identified, context: AppContext, helper: bool, expected: AppBlock | None
) -> None:
    assert judge(identified, context, helper_of_allowed=helper) is expected


def test_essential_but_not_critical_can_still_be_blocked_by_a_rule() -> None:
    m = matcher(AppRule(app="nautilus", mode=AppMode.BLOCKED))
    found = m.identify(facts("/usr/bin/nautilus"), NO_HASH)
    assert judge(found, AppContext()) is AppBlock.BLOCKED
    explorer = matcher(AppRule(app="explorer", mode=AppMode.BLOCKED)).identify(
        facts("C:\\Windows\\explorer.exe", os="windows"), NO_HASH
    )
    assert judge(explorer, AppContext()) is None


def test_learnable_path_never_hashes_an_interpreter() -> None:
    m = matcher(AppRule(app="g", mode=AppMode.BLOCKED, match=AppMatch(names=("game.py",))))
    script = ProcessFacts(
        os="linux",
        exe="/usr/bin/python3",
        name="python3",
        cmdline=("python3", "game.py"),
        cwd="/home/kid",
    )
    assert m.learnable_path(script, m.identify(script, NO_HASH)) == "/home/kid/game.py"
    java = facts("/usr/bin/java", "-jar", "/home/kid/minecraft.jar")
    assert m.learnable_path(java, matcher().identify(java, NO_HASH)) is None
    launcher = facts("/opt/minecraft/minecraft-launcher")
    assert matcher().learnable_path(launcher, matcher().identify(launcher, NO_HASH)) == launcher.exe


def test_budgets_usage_keys_and_warnings() -> None:
    profile = from_data(
        Profile,
        {
            "id": "k",
            "name": "K",
            "apps": [{"app": "minecraft", "mode": "limited", "daily_minutes": 30}],
            "category_budgets": {"games": 60, "video": 45},
        },
    )
    assert [(b.key, b.name, b.seconds) for b in app_budgets(profile)] == [
        ("minecraft", "Minecraft", 1800.0),
        ("category:games", "games", 3600.0),
        ("category:video", "video", 2700.0),
    ]
    assert usage_keys(ident()) == ("x", "category:games")
    assert usage_keys(ident(app=None, category=None)) == ()
    assert app_warning_due(1000, 1800, (15, 5, 1), frozenset()) is None
    assert app_warning_due(800, 1800, (15, 5, 1), frozenset()) == 15
    assert app_warning_due(290, 1800, (15, 5, 1), frozenset({15})) == 5
    assert app_warning_due(290, 1800, (15, 5, 1), frozenset({15, 5})) is None
    assert app_warning_due(100, 120, (15, 5, 1), frozenset()) is None
    assert app_warning_due(0, 120, (15, 5, 1), frozenset()) is None


def test_rule_problems_are_reported_together() -> None:
    with pytest.raises(InvalidData) as caught:
        from_data(
            Profile,
            {
                "id": "k",
                "name": "K",
                "apps": [
                    {"app": "minecraft", "mode": "limited"},
                    {"app": "my-game", "mode": "blocked"},
                    {"app": "roblox", "mode": "allowed", "daily_minutes": 5},
                    {"app": "minecraft", "mode": "blocked"},
                    {"app": "x", "mode": "blocked", "match": {}},
                ],
            },
        )
    text = str(caught.value)
    assert "apps[0] 'minecraft' is limited; give its daily_minutes" in text
    assert "apps[1] 'my-game' is not in the catalogue" in text
    assert "apps[2] 'roblox' is allowed; daily_minutes is only for limited apps" in text
    assert "apps[3] 'minecraft' already has a rule (apps[0])" in text
    assert "apps[4] 'x': match names no identity" in text


def test_policy_with_app_rules_round_trips_through_toml() -> None:
    data = {
        "timezone": "Europe/Moscow",
        "default_profile": "kid",
        "profiles": [
            {
                "id": "kid",
                "name": "Kid",
                "app_list": "allowlist",
                "downtime": "apps",
                "unmanaged_browsers": "block",
                "category_budgets": {"games": 60},
                "apps": [
                    {"app": "minecraft", "mode": "limited", "daily_minutes": 30},
                    {
                        "app": "homework-game",
                        "name": "Homework game",
                        "mode": "blocked",
                        "category": "games",
                        "match": {"names": ["hw.exe"], "sha256": ["ab" * 32], "cmdline": ["*hw*"]},
                    },
                ],
            }
        ],
    }
    policy = policy_from_data(data)
    again = parse_policy(dump_policy(policy, "toml"), "round.toml")
    assert policy_to_data(again) == policy_to_data(policy)


def test_catalogue_format_errors_name_the_entry() -> None:
    with pytest.raises(ValueError, match="'a' appears twice"):
        parse_catalogue(
            '[[app]]\nid="a"\nname="A"\ncategory="games"\nplatforms=["linux"]\nnames=["a"]\n' * 2
        )
    with pytest.raises(ValueError, match="'a' has no identity"):
        parse_catalogue('[[app]]\nid="a"\nname="A"\ncategory="games"\nplatforms=["linux"]\n')


@given(
    pattern=st.text(alphabet="ab/\\.*?A", max_size=8),
    text=st.text(alphabet="ab/\\.A", max_size=10),
)
def test_globs_match_as_fnmatch_does(pattern: str, text: str) -> None:
    expected = re.fullmatch(fnmatch.translate(fold(pattern)), fold(text), re.DOTALL) is not None
    assert Glob(pattern).match(fold(text)) is expected


def test_a_file_the_child_could_write_is_trusted_only_by_its_hash() -> None:
    rule = AppRule(app="tutor", mode=AppMode.ALLOWED, match=AppMatch(names=("tutor",)))
    own = ProcessFacts(os="linux", exe="/home/kid/tutor", name="tutor", writable=True)
    found = matcher(rule).identify(own, NO_HASH)
    assert (found.app, found.trusted, found.allowed, found.listed) == ("tutor", False, False, False)
    assert judge(found, AppContext(app_list=AppList.ALLOWLIST)) is AppBlock.NOT_ALLOWED
    assert judge(found, AppContext(downtime=True)) is AppBlock.DOWNTIME
    assert judge(found, AppContext()) is None
    hashed = AppRule(
        app="tutor", mode=AppMode.ALLOWED, match=AppMatch(names=("tutor",), sha256=("cd" * 32,))
    )
    found = matcher(hashed).identify(own, lambda path: "cd" * 32)
    assert found.trusted and judge(found, AppContext(app_list=AppList.ALLOWLIST)) is None
    blocked = AppRule(app="tutor", mode=AppMode.BLOCKED, match=AppMatch(names=("tutor",)))
    assert judge(matcher(blocked).identify(own, NO_HASH), AppContext()) is AppBlock.BLOCKED
