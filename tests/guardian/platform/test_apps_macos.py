"""macOS app adapter on Linux: lsappinfo faked, bundles as real folders with real plists."""

from __future__ import annotations

import os
import plistlib
import pwd
from pathlib import Path

import pytest

from guardian.platform.apps_macos import (
    BundleIds,
    MacApps,
    enclosing_bundles,
    parse_front,
    parse_pid,
)
from guardian.platform.base import SessionInfo
from guardian.platform.macos import PEOPLE_UIDS, ConsoleAccess
from tests.guardian.platform.fakes import FakeCommands

KID = SessionInfo("console-501", "kid", 501, active=True, locked=False, idle_seconds=None)
AS_KID = ("launchctl", "asuser", "501", "sudo", "-u", "kid")
ASN = "ASN:0x0-0x1f01f:"
FRONT_OUTPUT = f"{ASN}\n"
INFO_OUTPUT = '"pid"=1234\n'


def _apps(commands: FakeCommands, own_uid: int = 0) -> MacApps:
    return MacApps(
        commands,
        ConsoleAccess(own_uid),
        PEOPLE_UIDS,
        protected=lambda: frozenset({88, 1}),
        by_name=lambda name: {"kid": _entry("kid", 501)}[name],
    )


def _entry(name: str, uid: int) -> pwd.struct_passwd:
    return pwd.struct_passwd((name, "*", uid, 20, "", f"/Users/{name}", "/bin/zsh"))


def test_lsappinfo_output_is_parsed() -> None:
    assert parse_front("ASN:0x0-0x1f01f:\n") == "ASN:0x0-0x1f01f:"
    assert parse_front("ASN:0x0-0x8c08c:") == "ASN:0x0-0x8c08c:"
    assert parse_front("[ NULL ]\n") is None
    assert parse_front("") is None
    assert parse_pid('"pid"=1234\n') == 1234
    assert parse_pid('"pid" = 77') == 77
    assert parse_pid('"pid"=[ NULL ]') is None
    assert parse_pid('"pid"=0') is None
    assert parse_pid("") is None


def test_the_root_service_asks_launch_services_as_the_console_user() -> None:
    commands = FakeCommands()
    commands.answer([*AS_KID, "lsappinfo", "front"], FRONT_OUTPUT)
    commands.answer([*AS_KID, "lsappinfo", "info", "-only", "pid", ASN], INFO_OUTPUT)
    assert _apps(commands).foreground_pid(KID) == 1234
    assert commands.ran == [
        (*AS_KID, "lsappinfo", "front"),
        (*AS_KID, "lsappinfo", "info", "-only", "pid", ASN),
    ]


def test_inside_the_session_lsappinfo_runs_as_is() -> None:
    commands = FakeCommands()
    commands.answer(["lsappinfo", "front"], FRONT_OUTPUT)
    commands.answer(["lsappinfo", "info", "-only", "pid", ASN], INFO_OUTPUT)
    assert _apps(commands, own_uid=501).foreground_pid(KID) == 1234


def test_no_front_app_failures_and_other_users_sessions_answer_none() -> None:
    commands = FakeCommands()
    commands.answer([*AS_KID, "lsappinfo", "front"], "[ NULL ]\n")
    assert _apps(commands).foreground_pid(KID) is None
    assert len(commands.ran) == 1
    failing = FakeCommands()
    failing.fail([*AS_KID, "lsappinfo", "front"], "it exited with 1: no session")
    assert _apps(failing).foreground_pid(KID) is None
    # Neither root nor the session's user: nothing is run at all.
    untouched = FakeCommands()
    assert _apps(untouched, own_uid=502).foreground_pid(KID) is None
    assert untouched.ran == []


def _bundle(
    folder: Path, identifier: str | None, *, binary: bool = False, ios: bool = False
) -> Path:
    info = folder / "Info.plist" if ios else folder / "Contents" / "Info.plist"
    info.parent.mkdir(parents=True, exist_ok=True)
    values: dict[str, object] = {"CFBundleName": folder.stem}
    if identifier is not None:
        values["CFBundleIdentifier"] = identifier
    form = plistlib.FMT_BINARY if binary else plistlib.FMT_XML
    info.write_bytes(plistlib.dumps(values, fmt=form))
    return info


def test_bundle_ids_come_from_every_enclosing_app_innermost_first(tmp_path: Path) -> None:
    chrome = tmp_path / "Applications" / "Google Chrome.app"
    framework = chrome / "Contents/Frameworks/Chrome Framework.framework"
    helper = framework / "Helpers/Google Chrome Helper (Renderer).app"
    _bundle(chrome, "com.google.Chrome")
    _bundle(helper, "com.google.Chrome.helper.renderer", binary=True)
    game = tmp_path / "Applications" / "Game.app" / "Wrapper" / "Game.app"
    _bundle(game, "com.example.game", ios=True)
    apps = _apps(FakeCommands())
    assert apps.app_ids(10, str(chrome / "Contents/MacOS/Google Chrome")) == ("com.google.Chrome",)
    assert apps.app_ids(11, str(helper / "Contents/MacOS/Google Chrome Helper (Renderer)")) == (
        "com.google.Chrome.helper.renderer",
        "com.google.Chrome",
    )
    assert apps.app_ids(12, str(game / "Game")) == ("com.example.game",)
    assert apps.app_ids(13, "/usr/bin/python3") == ()
    assert apps.app_ids(14, "") == ()


def test_broken_or_missing_info_plists_give_no_id(tmp_path: Path) -> None:
    bare = tmp_path / "Bare.app"
    (bare / "Contents" / "MacOS").mkdir(parents=True)
    nameless = tmp_path / "Nameless.app"
    _bundle(nameless, None)
    broken = tmp_path / "Broken.app"
    (broken / "Contents").mkdir(parents=True)
    (broken / "Contents" / "Info.plist").write_text("<plist><dict><key>CFBundle")
    listed = tmp_path / "Listed.app"
    (listed / "Contents").mkdir(parents=True)
    (listed / "Contents" / "Info.plist").write_bytes(plistlib.dumps(["not", "a", "dict"]))
    apps = _apps(FakeCommands())
    for bundle in (bare, nameless, broken, listed):
        assert apps.app_ids(1, str(bundle / "Contents" / "MacOS" / "x")) == ()


def test_bundle_ids_are_cached_until_the_plist_changes(tmp_path: Path) -> None:
    app = tmp_path / "Chess.app"
    info = _bundle(app, "com.apple.Chess")
    bundles = BundleIds()
    assert bundles.of(app) == "com.apple.Chess"
    stamp = info.stat()
    # Rewritten with the same modification time: the cached id stands (no re-read).
    _bundle(app, "com.example.Other")
    os.utime(info, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))
    assert bundles.of(app) == "com.apple.Chess"
    # An update changes the time, and the id is read again.
    os.utime(info, ns=(stamp.st_atime_ns, stamp.st_mtime_ns + 10**9))
    assert bundles.of(app) == "com.example.Other"


def test_enclosing_bundles_walk_up_from_the_executable() -> None:
    assert enclosing_bundles("/Applications/A.app/Contents/MacOS/A") == [
        Path("/Applications/A.app")
    ]
    assert enclosing_bundles("/usr/local/bin/tool") == []


@pytest.mark.parametrize(
    ("uids", "pid", "owned"),
    [
        ((501, 501, 501), 300, True),
        ((501, 0, 0), 301, False),
        ((502, 502, 502), 302, False),
        ((0, 0, 0), 303, False),
        ((501, 501, 501), 88, False),
        ((), 304, False),
    ],
)
def test_ownership_by_uid(uids: tuple[int, ...], pid: int, owned: bool) -> None:
    assert _apps(FakeCommands()).owns(KID, pid, uids, "kid") is owned


def test_system_accounts_and_unknown_users_own_nothing() -> None:
    apps = _apps(FakeCommands())
    daemon = SessionInfo("console-1", "daemon", 1, active=True, locked=False, idle_seconds=None)
    assert not apps.owns(daemon, 400, (1, 1, 1), "daemon")
    by_name = SessionInfo("console", "kid", None, active=True, locked=False, idle_seconds=None)
    assert apps.owns(by_name, 401, (501, 501, 501), "kid")
    ghost = SessionInfo("console", "ghost", None, active=True, locked=False, idle_seconds=None)
    assert not apps.owns(ghost, 402, (501, 501, 501), "kid")
