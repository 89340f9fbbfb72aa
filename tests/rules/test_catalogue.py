"""The shipped catalogue of well-known apps: it parses, it is consistent, and real processes on
Linux, Windows and macOS are identified as the apps they are (and unrelated programs are not)."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest

from rules.appmatch import AppMatcher, Identified, ProcessFacts
from rules.apps import Category
from rules.catalogue import CatalogueEntry, OsName, catalogue

CATALOGUE = catalogue()
_SEPARATOR = re.compile(r"[\\/]")


@pytest.fixture(scope="module")
def matcher() -> AppMatcher:
    return AppMatcher.for_rules(rules=(), catalogue=CATALOGUE)


def no_hash(path: str) -> str | None:
    return None


def identify(
    matcher: AppMatcher,
    os: OsName,
    exe: str,
    cmdline: tuple[str, ...] = (),
    app_ids: tuple[str, ...] = (),
    name: str | None = None,
) -> Identified:
    if name is None:
        name = _SEPARATOR.split(exe)[-1]
    facts = ProcessFacts(
        os=os, exe=exe, name=name, cmdline=cmdline or ((exe,) if exe else ()), app_ids=app_ids
    )
    return matcher.identify(facts, sha256=no_hash)


# --- the data file ----------------------------------------------------------------------------


def test_the_shipped_catalogue_parses_with_unique_ids() -> None:
    ids = [entry.id for entry in CATALOGUE.entries]
    assert len(ids) >= 80
    assert len(ids) == len(set(ids))
    assert set(CATALOGUE.by_id) == set(ids)


def test_every_category_is_used() -> None:
    assert {entry.category for entry in CATALOGUE.entries} == set(Category)


def test_platforms_are_listed_once_each() -> None:
    for entry in CATALOGUE.entries:
        assert entry.platforms, entry.id
        assert len(set(entry.platforms)) == len(entry.platforms), entry.id


_PFN = re.compile(r"^[\w.-]+_[a-z0-9]{13}$")
"""A Windows package family name: Name_PublisherId (13 characters)."""
_WINDOWS_PATH = re.compile(r"^[a-z]:/|/program files|/appdata/|/windowsapps/|\.exe$", re.I)
_MACOS_PATH = re.compile(r"\.app(/|$)|^/system/|^/applications/|^/library/", re.I)
_LINUX_PATH = re.compile(r"^/(opt|snap|app|lib|nix)/", re.I)
_UNIX_PATH = re.compile(r"^/usr/", re.I)


def _oses_of(kind: str, value: str) -> set[str]:
    """The OSes an identity plausibly applies to."""
    everywhere = {"linux", "windows", "macos"}
    if kind == "name":
        return {"windows"} if value.casefold().endswith(".exe") else everywhere
    if kind == "app_id":
        if _PFN.match(value):
            return {"windows"}
        return {"linux", "macos"} if "." in value else {"linux"}  # bundle/Flatpak id, Snap
    if kind == "path":
        if _WINDOWS_PATH.search(value):
            return {"windows"}
        if _MACOS_PATH.search(value):
            return {"macos"}
        if _LINUX_PATH.search(value):
            return {"linux"}
        if _UNIX_PATH.search(value):
            return {"linux", "macos"}
    return everywhere


def _identities(entry: CatalogueEntry) -> list[tuple[str, str]]:
    return [
        *(("name", n) for n in entry.names),
        *(("path", p) for p in entry.paths),
        *(("cmdline", c) for c in entry.cmdline),
        *(("app_id", a) for a in entry.app_ids),
    ]


@pytest.mark.parametrize("entry", CATALOGUE.entries, ids=lambda e: e.id)
def test_every_platform_listed_has_an_identity_for_it(entry: CatalogueEntry) -> None:
    covered: set[str] = set()
    for kind, value in _identities(entry):
        covered |= _oses_of(kind, value)
    missing = set(entry.platforms) - covered
    assert not missing, f"{entry.id}: nothing identifies it on {sorted(missing)}"


@pytest.mark.parametrize("entry", CATALOGUE.entries, ids=lambda e: e.id)
def test_no_identity_belongs_only_to_an_unlisted_platform(entry: CatalogueEntry) -> None:
    for kind, value in _identities(entry):
        oses = _oses_of(kind, value)
        if kind == "app_id" and oses == {"linux", "macos"}:
            continue  # a reverse-DNS id may be a Flatpak id on a platform listed for it
        assert oses & set(entry.platforms), f"{entry.id}: {kind} {value!r} is for {oses}"


def test_flags_are_where_they_belong() -> None:
    for entry in CATALOGUE.entries:
        if entry.critical:
            assert entry.essential, f"{entry.id}: critical implies essential"
        if entry.essential or entry.critical:
            assert entry.category is Category.SYSTEM, entry.id
        if entry.category is not Category.BROWSERS:
            assert entry.honours_policies, entry.id
            assert not entry.managed_paths, entry.id


def test_system_entries_are_identified_by_protected_paths_only() -> None:
    """A renamed program in the child's folder, or an app bundle declaring Apple's bundle id,
    must never pass for an essential system program."""
    protected = re.compile(r"^(C:/Windows/|C:/Program Files/|/usr/|/lib/|/bin/|/System/)", re.I)
    for entry in CATALOGUE.entries:
        if not entry.essential:
            continue
        assert not (entry.names or entry.app_ids or entry.cmdline), entry.id
        for path in entry.paths:
            assert protected.match(path), f"{entry.id}: {path}"


def test_only_tor_like_browsers_ignore_policies() -> None:
    ignoring = {e.id for e in CATALOGUE.entries if not e.honours_policies}
    assert "tor-browser" in ignoring
    assert {"firefox", "chrome", "chromium", "edge", "yandex-browser", "brave"}.isdisjoint(ignoring)


def test_guardian_is_not_in_the_catalogue() -> None:
    for entry in CATALOGUE.entries:
        assert "guardian" not in entry.id
        for _kind, value in _identities(entry):
            assert "guardian" not in value.casefold(), entry.id


# --- identities -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    os: OsName
    exe: str
    app: str | None
    cmdline: tuple[str, ...] = ()
    app_ids: tuple[str, ...] = ()
    name: str | None = None

    @property
    def id(self) -> str:
        base = _SEPARATOR.split(self.exe)[-1] or ",".join(self.app_ids)
        return f"{self.os}:{self.app}:{base}"


MC_JAVA_LINUX = (
    "/home/kid/.minecraft/runtime/java-runtime-delta/linux/java-runtime-delta/bin/java",
    "-Xmx2G",
    "-Djava.library.path=/home/kid/.minecraft/bin/1a2b",
    "-Dminecraft.launcher.brand=minecraft-launcher",
    "-cp",
    "/home/kid/.minecraft/libraries/a.jar:/home/kid/.minecraft/versions/1.21.4/1.21.4.jar",
    "net.minecraft.client.main.Main",
    "--username",
    "Kid",
    "--gameDir",
    "/home/kid/.minecraft",
)
MC_JAVA_WINDOWS = (
    r"C:\Users\kid\AppData\Local\Packages\Microsoft.4297127D64EC6_8wekyb3d8bbwe\LocalCache"
    r"\Local\runtime\java-runtime-delta\windows-x64\java-runtime-delta\bin\javaw.exe",
    "-Xmx2G",
    "-cp",
    r"C:\Users\kid\AppData\Roaming\.minecraft\libraries\a.jar",
    "net.minecraft.client.main.Main",
    "--gameDir",
    r"C:\Users\kid\AppData\Roaming\.minecraft",
)
MC_FABRIC_MACOS = (
    "/Users/kid/Library/Application Support/PrismLauncher/java/bin/java",
    "-cp",
    "/Users/kid/Library/Application Support/PrismLauncher/libraries/fabric-loader.jar",
    "net.fabricmc.loader.impl.launch.knot.KnotClient",
)

ROWS = [
    # --- games
    Row("linux", MC_JAVA_LINUX[0], "minecraft", MC_JAVA_LINUX),
    Row("windows", MC_JAVA_WINDOWS[0], "minecraft", MC_JAVA_WINDOWS),
    Row("macos", MC_FABRIC_MACOS[0], "minecraft", MC_FABRIC_MACOS),
    Row(
        "linux",
        "/usr/lib/jvm/java-17-openjdk-amd64/bin/java",
        "minecraft",
        ("java", "-jar", "/home/kid/Downloads/TLauncher-2.9.jar"),
    ),
    Row("linux", "/opt/minecraft-launcher/minecraft-launcher", "minecraft"),
    Row(
        "windows",
        r"C:\Program Files (x86)\Minecraft Launcher\MinecraftLauncher.exe",
        "minecraft",
    ),
    Row(
        "windows",
        r"C:\Program Files\WindowsApps\Microsoft.MinecraftUWP_1.21.5101.0_x64__8wekyb3d8bbwe"
        r"\Minecraft.Windows.exe",
        "minecraft",
        app_ids=("Microsoft.MinecraftUWP_8wekyb3d8bbwe",),
    ),
    Row("macos", "/Applications/Minecraft.app/Contents/MacOS/launcher", "minecraft"),
    Row(
        "windows",
        r"C:\Users\kid\AppData\Local\Roblox\Versions\version-28c4061b835c48a3"
        r"\RobloxPlayerBeta.exe",
        "roblox",
    ),
    Row(
        "windows",
        r"C:\Users\kid\AppData\Local\Roblox\Versions\version-28c4061b835c48a3"
        r"\RobloxPlayerLauncher.exe",
        "roblox",
    ),
    Row(
        "macos",
        "/Applications/Roblox.app/Contents/MacOS/RobloxPlayer",
        "roblox",
        app_ids=("com.roblox.RobloxPlayer",),
    ),
    Row("linux", "/app/bin/sober", "roblox", app_ids=("org.vinegarhq.Sober",)),
    Row(
        "windows",
        r"C:\Users\kid\AppData\Local\Roblox\Versions\version-fe1e865bd8cc422d"
        r"\RobloxStudioBeta.exe",
        "roblox-studio",
    ),
    Row(
        "macos",
        "/Applications/RobloxStudio.app/Contents/MacOS/RobloxStudio",
        "roblox-studio",
        app_ids=("com.roblox.RobloxStudio",),
    ),
    Row("windows", r"C:\Program Files (x86)\Steam\steam.exe", "steam"),
    Row(
        "windows",
        r"C:\Program Files (x86)\Steam\bin\cef\cef.win7x64\steamwebhelper.exe",
        "steam",
    ),
    Row("linux", "/home/kid/.local/share/Steam/ubuntu12_32/steam", "steam"),
    Row("macos", "/Applications/Steam.app/Contents/MacOS/steam_osx", "steam"),
    Row(
        "linux",
        "/home/kid/.local/share/Steam/steamapps/common/Portal 2/portal2_linux",
        "steam-games",
    ),
    Row(
        "windows",
        r"C:\Program Files (x86)\Steam\steamapps\common\Terraria\Terraria.exe",
        "steam-games",
    ),
    Row(
        "windows",
        r"C:\Program Files (x86)\Epic Games\Launcher\Portal\Binaries\Win64\EpicGamesLauncher.exe",
        "epic-games",
    ),
    Row(
        "windows",
        r"C:\Program Files\Epic Games\Fortnite\FortniteGame\Binaries\Win64"
        r"\FortniteClient-Win64-Shipping.exe",
        "fortnite",
    ),
    Row("windows", r"C:\Program Files (x86)\Battle.net\Battle.net.exe", "battle-net"),
    Row("windows", r"C:\Program Files (x86)\GOG Galaxy\GalaxyClient.exe", "gog-galaxy"),
    Row("linux", "/home/kid/.itch/app-26.9.0/itch", "itch"),
    Row(
        "linux",
        "/usr/bin/python3",
        "lutris",
        ("/usr/bin/python3", "/usr/bin/lutris"),
        name="python3",
    ),
    Row("linux", "/app/bin/heroic", "heroic", app_ids=("com.heroicgameslauncher.hgl",)),
    Row("linux", "/usr/bin/luanti", "luanti"),
    Row("linux", "/usr/games/minetest", "luanti"),
    Row("linux", "/usr/games/supertuxkart", "supertuxkart"),
    Row("linux", "/usr/games/pyrogenesis", "0ad", ("/usr/games/pyrogenesis",)),
    Row("linux", "/usr/bin/gnome-chess", "chess"),
    Row("linux", "/usr/games/sol", "solitaire"),
    # --- browsers
    Row("linux", "/usr/lib/firefox/firefox", "firefox"),
    Row("linux", "/usr/lib/firefox-esr/firefox-esr", "firefox"),
    Row("linux", "/snap/firefox/5091/usr/lib/firefox/firefox", "firefox"),
    Row("windows", r"C:\Program Files\Mozilla Firefox\firefox.exe", "firefox"),
    Row("macos", "/Applications/Firefox.app/Contents/MacOS/firefox", "firefox"),
    Row("linux", "/home/kid/Downloads/firefox/firefox", "firefox"),
    Row("windows", r"E:\PortableApps\FirefoxPortable\App\Firefox64\firefox.exe", "firefox"),
    Row("linux", "/home/kid/tor-browser/Browser/firefox.real", "tor-browser"),
    Row("linux", "/home/kid/tor-browser/Browser/firefox", "tor-browser"),
    Row(
        "linux",
        "/home/kid/.local/share/torbrowser/tbb/x86_64/tor-browser/Browser/firefox",
        "tor-browser",
    ),
    Row("windows", r"C:\Users\kid\Desktop\Tor Browser\Browser\firefox.exe", "tor-browser"),
    Row("macos", "/Applications/Tor Browser.app/Contents/MacOS/firefox", "tor-browser"),
    Row("linux", "/opt/google/chrome/chrome", "chrome"),
    Row("windows", r"C:\Program Files\Google\Chrome\Application\chrome.exe", "chrome"),
    Row(
        "macos",
        "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
        "chrome",
        app_ids=("com.google.Chrome",),
    ),
    Row("linux", "/usr/lib/chromium/chromium", "chromium"),
    Row("linux", "/snap/chromium/2890/usr/lib/chromium-browser/chrome", "chromium"),
    Row(
        "windows",
        r"C:\Program Files (x86)\Microsoft\Edge\Application\msedge.exe",
        "edge",
    ),
    Row("linux", "/opt/microsoft/msedge/msedge", "edge"),
    Row(
        "windows",
        r"C:\Users\kid\AppData\Local\Yandex\YandexBrowser\Application\browser.exe",
        "yandex-browser",
    ),
    Row("linux", "/opt/yandex/browser/yandex_browser", "yandex-browser"),
    Row(
        "macos",
        "/Applications/Yandex.app/Contents/MacOS/Yandex",
        "yandex-browser",
        app_ids=("ru.yandex.desktop.yandex-browser",),
    ),
    Row("windows", r"C:\Users\kid\AppData\Local\Programs\Opera\opera.exe", "opera"),
    Row("windows", r"C:\Users\kid\AppData\Local\Programs\Opera GX\opera.exe", "opera-gx"),
    Row("linux", "/usr/lib/x86_64-linux-gnu/opera/opera", "opera"),
    Row(
        "windows",
        r"C:\Program Files\BraveSoftware\Brave-Browser\Application\brave.exe",
        "brave",
    ),
    Row("linux", "/opt/vivaldi/vivaldi-bin", "vivaldi"),
    Row(
        "macos",
        "/System/Volumes/Preboot/Cryptexes/App/System/Applications/Safari.app/Contents/MacOS/Safari",
        "safari",
    ),
    # --- social
    Row(
        "windows",
        r"C:\Users\kid\AppData\Local\Discord\app-1.0.9035\Discord.exe",
        "discord",
    ),
    Row("linux", "/usr/share/discord/Discord", "discord"),
    Row("linux", "/app/discord/Discord", "discord", app_ids=("com.discordapp.Discord",)),
    Row(
        "macos",
        "/Applications/Discord.app/Contents/MacOS/Discord",
        "discord",
        app_ids=("com.hnc.Discord",),
    ),
    Row("windows", r"C:\Users\kid\AppData\Roaming\Telegram Desktop\Telegram.exe", "telegram"),
    Row(
        "linux",
        "/usr/bin/flatpak",
        "telegram",
        ("/usr/bin/flatpak", "run", "--branch=stable", "org.telegram.desktop"),
    ),
    Row("linux", "/snap/telegram-desktop/6691/usr/bin/telegram-desktop", "telegram"),
    Row(
        "macos",
        "/Applications/Telegram.app/Contents/MacOS/Telegram",
        "telegram",
        app_ids=("ru.keepcoder.Telegram",),
    ),
    Row(
        "windows",
        r"C:\Program Files\WindowsApps\5319275A.WhatsAppDesktop_2.2450.6.0_x64__cv1g1gvanyjgm"
        r"\WhatsApp.exe",
        "whatsapp",
        app_ids=("5319275A.WhatsAppDesktop_cv1g1gvanyjgm",),
    ),
    Row(
        "macos",
        "/Applications/WhatsApp.app/Contents/MacOS/WhatsApp",
        "whatsapp",
        app_ids=("net.whatsapp.WhatsApp",),
    ),
    Row("linux", "/app/bin/zapzap", "whatsapp", app_ids=("com.rtosta.zapzap",)),
    Row("linux", "/opt/viber/Viber", "viber"),
    Row("windows", r"C:\Users\kid\AppData\Local\Viber\Viber.exe", "viber"),
    Row("windows", r"C:\Users\kid\AppData\Local\Programs\VK Messenger\VK Messenger.exe", "vk"),
    Row("windows", r"C:\Users\kid\AppData\Local\Microsoft\Teams\current\Teams.exe", "teams"),
    Row(
        "windows",
        r"C:\Program Files\WindowsApps\MSTeams_24295.605.3225.8804_x64__8wekyb3d8bbwe"
        r"\ms-teams.exe",
        "teams",
    ),
    Row("windows", r"C:\Users\kid\AppData\Roaming\Zoom\bin\Zoom.exe", "zoom"),
    Row("linux", "/opt/zoom/zoom", "zoom"),
    Row("macos", "/Applications/zoom.us.app/Contents/MacOS/zoom.us", "zoom"),
    Row("linux", "/usr/bin/skypeforlinux", "skype"),
    Row(
        "windows",
        r"C:\Program Files\WindowsApps\BytedancePte.Ltd.TikTok_1.0.0.0_x64__6yccndn6064se"
        r"\TikTok.exe",
        "tiktok",
        app_ids=("BytedancePte.Ltd.TikTok_6yccndn6064se",),
    ),
    # --- video
    Row("linux", "/usr/bin/vlc", "vlc"),
    Row("windows", r"C:\Program Files\VideoLAN\VLC\vlc.exe", "vlc"),
    Row("macos", "/Applications/VLC.app/Contents/MacOS/VLC", "vlc"),
    Row("linux", "/usr/bin/mpv", "mpv"),
    Row("linux", "/opt/FreeTube/freetube", "freetube"),
    Row(
        "windows",
        r"C:\Program Files\Google\Chrome\Application\chrome.exe",
        "youtube",
        (
            r"C:\Program Files\Google\Chrome\Application\chrome.exe",
            "--profile-directory=Default",
            "--app-id=agimnkijcaahngcdmfeangaknmldooml",
        ),
    ),
    Row("windows", "", "netflix", app_ids=("4DF9E0F8.Netflix_mcm4njqhnhss8",), name="Netflix"),
    # --- education
    Row("linux", "/usr/lib/libreoffice/program/soffice.bin", "libreoffice"),
    Row("windows", r"C:\Program Files\LibreOffice\program\soffice.exe", "libreoffice"),
    Row("macos", "/Applications/LibreOffice.app/Contents/MacOS/soffice", "libreoffice"),
    Row(
        "windows",
        r"C:\Program Files\Microsoft Office\root\Office16\WINWORD.EXE",
        "microsoft-word",
    ),
    Row(
        "windows",
        r"C:\Program Files\Microsoft Office\root\Office16\EXCEL.EXE",
        "microsoft-excel",
    ),
    Row(
        "windows",
        r"C:\Program Files\Microsoft Office\root\Office16\POWERPNT.EXE",
        "microsoft-powerpoint",
    ),
    Row("linux", "/usr/bin/gcompris-qt", "gcompris"),
    Row("linux", "/app/bin/gcompris-qt", "gcompris", app_ids=("org.kde.gcompris",)),
    Row("windows", r"C:\Program Files\Scratch 3\Scratch 3.exe", "scratch"),
    Row(
        "macos",
        "/Applications/Scratch 3.app/Contents/MacOS/Scratch 3",
        "scratch",
        app_ids=("edu.mit.scratch.scratch-desktop",),
    ),
    Row("linux", "/usr/bin/kturtle", "kturtle"),
    Row("linux", "/usr/bin/stellarium", "stellarium"),
    Row("linux", "/usr/bin/python3", "thonny", ("python3", "/usr/bin/thonny"), name="python3"),
    Row("linux", "/usr/bin/python3", "anki", ("/usr/bin/python3", "/usr/bin/anki")),
    # --- creativity
    Row("linux", "/usr/bin/obs", "obs-studio"),
    Row("windows", r"C:\Program Files\obs-studio\bin\64bit\obs64.exe", "obs-studio"),
    Row("linux", "/usr/bin/krita", "krita"),
    Row("windows", r"C:\Program Files\GIMP 2\bin\gimp-2.10.exe", "gimp"),
    Row("linux", "/usr/bin/inkscape", "inkscape"),
    Row("macos", "/Applications/Blender.app/Contents/MacOS/Blender", "blender"),
    Row("windows", r"C:\Program Files\MuseScore 4\bin\MuseScore4.exe", "musescore"),
    Row("linux", "/usr/bin/audacity", "audacity"),
    Row("linux", "/usr/bin/tuxpaint", "tux-paint"),
    # --- system
    Row("linux", "/usr/bin/gnome-shell", "gnome-shell"),
    Row("linux", "/usr/libexec/gnome-session-binary", "gnome-shell"),
    Row("linux", "/usr/lib/xorg/Xorg", "xorg"),
    Row("linux", "/usr/bin/Xwayland", "xorg"),
    Row("linux", "/usr/bin/plasmashell", "kde-plasma"),
    Row("linux", "/usr/bin/kwin_wayland", "kde-plasma"),
    Row("linux", "/usr/bin/xfwm4", "xfce"),
    Row(
        "linux",
        "/usr/lib/systemd/systemd",
        "linux-session-bus",
        ("/usr/lib/systemd/systemd", "--user"),
    ),
    Row("linux", "/usr/bin/pipewire", "linux-session-services"),
    Row("linux", "/usr/libexec/gsd-media-keys", "linux-session-services"),
    Row("linux", "/usr/libexec/xdg-desktop-portal-gnome", "linux-session-services"),
    Row("linux", "/usr/bin/nautilus", "linux-file-manager"),
    Row("windows", r"C:\Windows\explorer.exe", "windows-explorer"),
    Row("windows", r"C:\Windows\System32\dwm.exe", "windows-core"),
    Row("windows", r"C:\Windows\System32\csrss.exe", "windows-core"),
    Row("windows", r"C:\Windows\System32\winlogon.exe", "windows-core"),
    Row("windows", r"C:\Windows\System32\ctfmon.exe", "windows-shell"),
    Row(
        "windows",
        r"C:\Windows\SystemApps\Microsoft.Windows.StartMenuExperienceHost_cw5n1h2txyewy"
        r"\StartMenuExperienceHost.exe",
        "windows-shell",
    ),
    Row(
        "windows",
        r"C:\Windows\SystemApps\MicrosoftWindows.Client.CBS_cw5n1h2txyewy\SearchHost.exe",
        "windows-shell",
    ),
    Row(
        "macos",
        "/System/Library/PrivateFrameworks/SkyLight.framework/Resources/WindowServer",
        "macos-session",
    ),
    Row("macos", "/System/Library/CoreServices/Dock.app/Contents/MacOS/Dock", "macos-session"),
    Row(
        "macos",
        "/System/Library/CoreServices/loginwindow.app/Contents/MacOS/loginwindow",
        "macos-session",
    ),
    Row("macos", "/System/Library/CoreServices/Finder.app/Contents/MacOS/Finder", "finder"),
    Row(
        "macos",
        "/System/Library/CoreServices/SystemUIServer.app/Contents/MacOS/SystemUIServer",
        "macos-system",
    ),
    Row("macos", "/usr/sbin/cfprefsd", "macos-system", ("/usr/sbin/cfprefsd", "agent")),
    Row("linux", "/usr/bin/bash", "linux-session-helpers"),
    Row("linux", "/bin/sh", "linux-session-helpers", ("/bin/sh", "/etc/X11/Xsession")),
    Row(
        "linux",
        "/usr/bin/gjs",
        "linux-session-helpers",
        ("/usr/bin/gjs", "/usr/share/gnome-shell/org.gnome.Shell.Notifications"),
    ),
    # --- not apps of the catalogue
    Row("linux", "/home/kid/bin/bash", None),
    Row("linux", "/usr/bin/gedit", None, ("gedit", "/home/kid/notes/minecraft.txt")),
    Row("windows", r"C:\Tools\browser.exe", None),
    Row("windows", r"C:\Users\kid\Downloads\launcher.exe", None),
    Row("windows", r"C:\Windows\System32\notepad.exe", None, ("notepad.exe", "roblox.txt")),
    Row("macos", "/Applications/TextEdit.app/Contents/MacOS/TextEdit", None),
    Row("linux", "/home/kid/bin/gnome-shell", None),
    Row("windows", r"C:\Users\kid\Desktop\explorer.exe", None),
    Row("windows", r"E:\Windows\explorer.exe", None),
    Row("macos", "/Users/kid/Applications/Dock.app/Contents/MacOS/Dock", None),
    Row("linux", "/usr/bin/python3", None, ("python3", "/home/kid/homework/steam_tables.py")),
]


@pytest.mark.parametrize("row", ROWS, ids=lambda r: r.id)
def test_processes_are_identified(matcher: AppMatcher, row: Row) -> None:
    ident = identify(matcher, row.os, row.exe, row.cmdline, row.app_ids, row.name)
    assert ident.app == row.app
    if row.app is not None:
        entry = CATALOGUE.by_id[row.app]
        assert ident.category is entry.category
        assert row.os in entry.platforms, f"{row.app} does not list {row.os}"


def test_the_table_covers_every_os_and_category() -> None:
    assert len(ROWS) >= 60
    assert {r.os for r in ROWS} == {"linux", "windows", "macos"}
    known = {r.app for r in ROWS if r.app is not None}
    assert {CATALOGUE.by_id[a].category for a in known} == set(Category)


TOR = [
    ("linux", "/home/kid/tor-browser/Browser/firefox.real"),
    ("windows", r"C:\Users\kid\Desktop\Tor Browser\Browser\firefox.exe"),
    ("macos", "/Applications/Tor Browser.app/Contents/MacOS/firefox"),
]


@pytest.mark.parametrize(("os", "exe"), TOR, ids=[os for os, _ in TOR])
def test_tor_browser_is_an_unmanaged_browser(matcher: AppMatcher, os: OsName, exe: str) -> None:
    ident = identify(matcher, os, exe)
    assert ident.app == "tor-browser"
    assert ident.category is Category.BROWSERS
    assert ident.unmanaged_browser


MANAGED = [
    ("linux", "/usr/lib/firefox/firefox", "firefox"),
    ("linux", "/usr/lib64/firefox/firefox", "firefox"),
    ("linux", "/snap/firefox/5091/usr/lib/firefox/firefox", "firefox"),
    ("linux", "/app/lib/firefox/firefox", "firefox"),
    ("windows", r"C:\Program Files\Mozilla Firefox\firefox.exe", "firefox"),
    ("windows", r"C:\Program Files (x86)\Mozilla Firefox\firefox.exe", "firefox"),
    ("macos", "/Applications/Firefox.app/Contents/MacOS/firefox", "firefox"),
    ("linux", "/opt/google/chrome/chrome", "chrome"),
    ("windows", r"C:\Program Files\Google\Chrome\Application\chrome.exe", "chrome"),
    ("macos", "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome", "chrome"),
    ("windows", r"C:\Program Files (x86)\Microsoft\Edge\Application\msedge.exe", "edge"),
    (
        "windows",
        r"C:\Users\kid\AppData\Local\Yandex\YandexBrowser\Application\browser.exe",
        "yandex-browser",
    ),
    ("linux", "/opt/yandex/browser/yandex_browser", "yandex-browser"),
    ("linux", "/opt/brave.com/brave/brave", "brave"),
    ("linux", "/usr/lib/chromium/chromium", "chromium"),
    (
        "macos",
        "/System/Volumes/Preboot/Cryptexes/App/System/Applications/Safari.app/Contents/MacOS/Safari",
        "safari",
    ),
]


@pytest.mark.parametrize(("os", "exe", "app"), MANAGED, ids=[e for _, e, _ in MANAGED])
def test_installed_browsers_are_managed(
    matcher: AppMatcher, os: OsName, exe: str, app: str
) -> None:
    ident = identify(matcher, os, exe)
    assert ident.app == app
    assert ident.category is Category.BROWSERS
    assert not ident.unmanaged_browser


PORTABLE = [
    ("linux", "/home/kid/Downloads/firefox/firefox", "firefox"),
    ("windows", r"E:\PortableApps\FirefoxPortable\App\Firefox64\firefox.exe", "firefox"),
    ("macos", "/Users/kid/Downloads/Firefox.app/Contents/MacOS/firefox", "firefox"),
    ("windows", r"D:\chrome-win\chrome.exe", "chrome"),
    ("linux", "/home/kid/chrome-linux64/chrome", "chrome"),
    ("windows", r"C:\Users\kid\AppData\Local\Programs\Opera\opera.exe", "opera"),
    ("windows", r"C:\Users\kid\AppData\Local\Programs\Opera GX\opera.exe", "opera-gx"),
]


@pytest.mark.parametrize(("os", "exe", "app"), PORTABLE, ids=[e for _, e, _ in PORTABLE])
def test_portable_and_policy_blind_browsers_are_unmanaged(
    matcher: AppMatcher, os: OsName, exe: str, app: str
) -> None:
    ident = identify(matcher, os, exe)
    assert ident.app == app
    assert ident.unmanaged_browser


ESSENTIAL = [
    ("windows", r"C:\Windows\explorer.exe", True),
    ("windows", r"C:\Windows\System32\dwm.exe", True),
    ("windows", r"C:\Windows\System32\csrss.exe", True),
    ("windows", r"C:\Windows\System32\winlogon.exe", True),
    ("windows", r"C:\Windows\System32\LogonUI.exe", True),
    ("windows", r"C:\Windows\System32\RuntimeBroker.exe", False),
    ("windows", r"C:\Windows\System32\SecurityHealthSystray.exe", False),
    ("linux", "/usr/bin/gnome-shell", True),
    ("linux", "/usr/bin/Xwayland", True),
    ("linux", "/usr/sbin/gdm3", True),
    ("linux", "/usr/bin/dbus-daemon", True),
    ("linux", "/usr/bin/wireplumber", False),
    ("linux", "/usr/bin/ibus-daemon", False),
    ("linux", "/usr/lib/x86_64-linux-gnu/libexec/polkit-kde-authentication-agent-1", False),
    ("linux", "/usr/bin/nautilus", False),
    ("macos", "/System/Library/CoreServices/Dock.app/Contents/MacOS/Dock", True),
    ("macos", "/System/Library/CoreServices/loginwindow.app/Contents/MacOS/loginwindow", True),
    ("macos", "/System/Library/CoreServices/Finder.app/Contents/MacOS/Finder", False),
    ("macos", "/System/Library/CoreServices/ControlCenter.app/Contents/MacOS/ControlCenter", False),
    ("macos", "/usr/libexec/trustd", False),
]


@pytest.mark.parametrize(("os", "exe", "critical"), ESSENTIAL, ids=[e for _, e, _ in ESSENTIAL])
def test_system_programs_are_essential_and_the_session_ones_critical(
    matcher: AppMatcher, os: OsName, exe: str, critical: bool
) -> None:
    ident = identify(matcher, os, exe)
    assert ident.category is Category.SYSTEM, ident.app
    assert ident.essential
    assert ident.critical is critical


def test_apps_that_are_not_system_programs_are_neither_essential_nor_critical(
    matcher: AppMatcher,
) -> None:
    for row in ROWS:
        if row.app is None or CATALOGUE.by_id[row.app].category is Category.SYSTEM:
            continue
        ident = identify(matcher, row.os, row.exe, row.cmdline, row.app_ids, row.name)
        assert not ident.essential, row.id
        assert not ident.critical, row.id
