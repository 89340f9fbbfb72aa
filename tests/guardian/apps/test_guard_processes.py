"""App rules enforced on real processes: copies under other names, scripts, wrappers, users."""

from __future__ import annotations

import hashlib
import os
import signal

import pytest

from guardian.api import Event, EventKind
from guardian.features.apps import Apps
from rules.apps import AppMode
from tests.guardian.apps.conftest import (
    KID_UID,
    OTHER_UID,
    PYTHON,
    Programs,
    apps_policy,
    gone,
    needs_root,
    settle,
)
from tests.helpers.fakes import FakeApps, FakeClock

pytestmark = needs_root
SLEEPER = "import time\ntime.sleep(120)\n"


def minigame(mode: str = "blocked", **match: object) -> dict[str, object]:
    return {"app": "minigame", "name": "Mini Game", "mode": mode, "match": match}


def test_blocked_app_is_ended_and_allowed_ones_are_not(programs: Programs, app_service) -> None:
    game = programs.copy("sleep", "games/minigame")
    editor = programs.copy("tail", "tools/editor")
    service = app_service(apps_policy(apps=[minigame(names=["minigame"])]))
    seen: list[Event] = []
    service.subscribe(seen.append)
    blocked = programs.run([str(game), "100"])
    allowed = programs.run([str(editor), "-f", "/dev/null"])
    settle()
    service.tick()
    assert gone(blocked)
    assert allowed.poll() is None
    [event] = [e for e in seen if e.kind is EventKind.APP_BLOCKED]
    assert event.data == {
        "account": "kid",
        "app": "minigame",
        "name": "Mini Game",
        "reason": "blocked",
    }
    [logged] = service.ledger.events(kind="app_blocked")
    assert logged.data["exe"] == str(game)


def test_other_users_and_root_are_never_touched(programs: Programs, app_service) -> None:
    game = programs.copy("sleep", "games/minigame")
    service = app_service(apps_policy(apps=[minigame(names=["minigame"])]))
    others = [
        programs.run([str(game), "100"], uid=OTHER_UID),
        programs.run([str(game), "100"], uid=0),
    ]
    kid = programs.run([str(game), "100"])
    settle()
    service.tick()
    assert gone(kid)
    for _ in range(3):
        service.tick()
    assert all(p.poll() is None for p in others)


def test_renamed_copy_is_blocked_by_its_hash(programs: Programs, app_service) -> None:
    game = programs.copy("sleep", "games/minigame")
    digest = hashlib.sha256(game.read_bytes()).hexdigest()
    service = app_service(apps_policy(apps=[minigame(names=["minigame"], sha256=[digest])]))
    copy = programs.copy(str(game), "home/kid/.cache/homework")
    renamed = programs.run([str(copy), "100"])
    settle()
    service.tick()
    assert gone(renamed)
    assert service.feature(Apps).guard.ended[-1].app == "minigame"


def test_hash_of_a_blocked_program_is_learned_for_later_copies(
    programs: Programs, app_service
) -> None:
    game = programs.copy("sleep", "games/minigame")
    service = app_service(apps_policy(apps=[minigame(names=["minigame"])]))
    first = programs.run([str(game), "100"])
    settle()
    service.tick()
    assert gone(first)
    copy = programs.copy(str(game), "home/kid/Downloads/notagame")
    os.chown(copy, KID_UID, KID_UID)  # the child's own copy
    renamed = programs.run([str(copy), "100"])
    settle()
    service.tick()
    assert gone(renamed)
    system_copy = programs.run(["sleep", "100"])  # the same bytes, installed by the system
    settle()
    service.tick()
    assert system_copy.poll() is None, "a learned hash stands for copies the child made"
    assert hashlib.sha256(game.read_bytes()).hexdigest() in service.feature(Apps).guard.learned


def test_script_run_by_an_interpreter_and_its_renamed_copy(programs: Programs, app_service) -> None:
    script = programs.write("games/game.py", SLEEPER)
    service = app_service(apps_policy(apps=[minigame(names=["game.py"])]))
    run = programs.run([PYTHON, "game.py"], cwd=script.parent)
    other = programs.run([PYTHON, "-c", SLEEPER])
    settle()
    service.tick()
    assert gone(run)
    assert other.poll() is None, "the interpreter itself is not blocked"
    copy = programs.write("home/kid/essay.py", SLEEPER)
    os.chown(copy, KID_UID, KID_UID)
    renamed = programs.run([PYTHON, str(copy)])
    settle()
    service.tick()
    assert gone(renamed), "the script's hash was learned"
    assert other.poll() is None


def test_wrapper_command_line_matches_the_catalogue(programs: Programs, app_service) -> None:
    jar = programs.write("home/kid/.minecraft/versions/minecraft-1.20.jar", "")
    service = app_service(apps_policy(apps=[{"app": "minecraft", "mode": "blocked"}]))
    wrapper = programs.python(SLEEPER, "-jar", str(jar), argv0="java")
    settle()
    service.tick()
    assert gone(wrapper)
    assert service.feature(Apps).guard.ended[-1].app == "minecraft"


def test_a_program_ignoring_terminate_is_killed_after_the_grace(
    programs: Programs, app_service
) -> None:
    clock = FakeClock()
    code = "import signal, time\nsignal.signal(signal.SIGTERM, signal.SIG_IGN)\ntime.sleep(120)"
    service = app_service(apps_policy(apps=[minigame(cmdline=["*stubborn-game*"])]), clock)
    stubborn = programs.python(code, "stubborn-game")
    settle(0.5)
    service.tick()
    assert not gone(stubborn, within=0.5)
    clock.advance(2.5)
    service.tick()
    assert gone(stubborn)
    assert stubborn.returncode == -signal.SIGKILL


def test_relaunches_are_one_event_per_burst(programs: Programs, app_service) -> None:
    clock = FakeClock()
    game = programs.copy("sleep", "games/minigame")
    service = app_service(apps_policy(apps=[minigame(names=["minigame"])]), clock)
    seen: list[Event] = []
    service.subscribe(seen.append)
    for _ in range(3):
        process = programs.run([str(game), "100"])
        settle(0.2)
        service.tick()
        assert gone(process)
        clock.advance(10)
    clock.advance(120)
    process = programs.run([str(game), "100"])
    settle(0.2)
    service.tick()
    assert gone(process)
    assert len(service.ledger.events(kind="app_blocked")) == 2
    assert len([e for e in seen if e.kind is EventKind.APP_BLOCKED]) == 2


def test_allowlist_ends_unlisted_programs_only(programs: Programs, app_service) -> None:
    editor = programs.copy("tail", "tools/editor")
    game = programs.copy("sleep", "games/minigame")
    policy = apps_policy(
        app_list="allowlist",
        apps=[{"app": "editor", "mode": "allowed", "match": {"names": ["editor"]}}],
    )
    service = app_service(policy)
    allowed = programs.run([str(editor), "-f", "/dev/null"])
    unlisted = programs.run([str(game), "100"])
    others = programs.run([str(game), "100"], uid=OTHER_UID)
    settle()
    service.tick()
    assert gone(unlisted)
    assert allowed.poll() is None
    assert others.poll() is None
    assert service.feature(Apps).guard.ended[-1].reason.value == "not_allowed"


def test_limited_app_counts_foreground_time_warns_and_ends(
    programs: Programs, app_service, fake_apps: FakeApps
) -> None:
    clock = FakeClock()
    game = programs.copy("sleep", "games/minigame")
    policy = apps_policy(apps=[minigame("limited", names=["minigame"]) | {"daily_minutes": 2}])
    service = app_service(policy, clock)
    seen: list[Event] = []
    service.subscribe(seen.append)
    running = programs.run([str(game), "1000"])
    settle()
    fake_apps.foreground = running.pid
    service.tick()
    for _ in range(55):
        clock.advance(2)
        service.tick()
    assert running.poll() is None
    [time] = service.status("kid").apps
    assert (time.key, time.budget, time.used, time.left) == ("minigame", 120.0, 110.0, 10.0)
    warnings = [e.data["minutes"] for e in seen if e.kind is EventKind.APP_WARNING]
    assert warnings == [1], "5 and 15 minutes are longer than the whole budget"
    for _ in range(6):
        clock.advance(2)
        service.tick()
    assert gone(running)
    assert service.feature(Apps).guard.ended[-1].reason.value == "app_time_spent"
    relaunched = programs.run([str(game), "1000"])
    settle()
    service.tick()
    assert gone(relaunched)


def test_always_allowed_app_in_front_does_not_count_against_the_day(
    programs: Programs, app_service, fake_apps: FakeApps
) -> None:
    clock = FakeClock()
    editor = programs.copy("tail", "tools/editor")
    policy = apps_policy(
        apps=[{"app": "editor", "mode": "allowed", "match": {"names": ["editor"]}}]
    )
    service = app_service(policy, clock)
    running = programs.run([str(editor), "-f", "/dev/null"])
    settle()
    fake_apps.foreground = running.pid
    service.tick()
    for _ in range(30):
        clock.advance(2)
        service.tick()
    assert service.status("kid").used_today == 0
    fake_apps.foreground = None
    for _ in range(5):
        clock.advance(2)
        service.tick()
    assert service.status("kid").used_today == pytest.approx(10, abs=2.1)


def test_downtime_apps_keeps_the_session_and_always_allowed_apps(
    programs: Programs, app_service
) -> None:
    editor = programs.copy("tail", "tools/editor")
    game = programs.copy("sleep", "games/minigame")
    policy = apps_policy(
        downtime="apps",
        daily_budget={"mon": 0, "tue": 0, "wed": 0, "thu": 0, "fri": 0, "sat": 0, "sun": 0},
        apps=[{"app": "editor", "mode": "allowed", "match": {"names": ["editor"]}}],
    )
    service = app_service(policy)
    allowed = programs.run([str(editor), "-f", "/dev/null"])
    other = programs.run([str(game), "100"])
    settle()
    service.tick()
    assert gone(other)
    assert allowed.poll() is None
    status = service.status("kid")
    assert not status.allowed and status.action == "apps"
    sessions = service.platform.sessions
    assert sessions.actions == []  # type: ignore[attr-defined]
    assert service.feature(Apps).guard.ended[-1].reason.value == "downtime"


def test_exec_into_a_blocked_program_under_an_old_pid(programs: Programs, app_service) -> None:
    game = programs.copy("sleep", "games/minigame")
    service = app_service(apps_policy(apps=[minigame(names=["minigame"])]))
    shell = programs.run(["/bin/sh", "-c", f"sleep 0.6; exec {game} 100"])
    settle(0.1)
    service.tick()
    assert shell.poll() is None
    settle(1.0)
    service.tick()
    assert gone(shell)


def test_running_and_seen_programs_for_the_picker(programs: Programs, app_service) -> None:
    editor = programs.copy("tail", "tools/editor")
    service = app_service(apps_policy())
    token = service.set_password(None, "correct horse battery")
    programs.run([str(editor), "-f", "/dev/null"])
    settle()
    service.tick()
    running = {p.exe: p for p in service.call("parent", "apps.running", token=token)}
    assert running[str(editor)].account == "kid"
    assert running[str(editor)].sha256 == hashlib.sha256(editor.read_bytes()).hexdigest()
    service.flush()
    seen = {p.exe for p in service.call("parent", "apps.seen", token=token)}
    assert str(editor) in seen
    assert os.path.exists(editor)
    assert AppMode.BLOCKED.value == "blocked"


def test_allowlist_trusts_a_childs_own_file_only_by_its_hash(
    programs: Programs, app_service
) -> None:
    own = programs.copy("tail", "home/kid/bin/editor")
    os.chown(own, KID_UID, KID_UID)
    named = {"app": "editor", "mode": "allowed", "match": {"names": ["editor"]}}
    service = app_service(apps_policy(app_list="allowlist", apps=[named]))
    renamed_game = programs.run([str(own), "-f", "/dev/null"])
    settle()
    service.tick()
    assert gone(renamed_game), "a name the child could give any program lets nothing through"
    assert service.feature(Apps).guard.ended[-1].reason.value == "not_allowed"
    digest = hashlib.sha256(own.read_bytes()).hexdigest()
    hashed = named | {"match": {"names": ["editor"], "sha256": [digest]}}
    service.replace_policy(apps_policy(app_list="allowlist", apps=[hashed]))
    allowed = programs.run([str(own), "-f", "/dev/null"])
    settle()
    service.tick()
    service.tick()
    assert allowed.poll() is None


def test_only_launches_of_watched_users_ask_for_a_scan(programs: Programs, app_service) -> None:
    service = app_service(apps_policy())
    assert not service.feature(Apps).guard.may_concern(os.getpid()), (
        "nothing is watched before a tick"
    )
    service.tick()
    kid = programs.run(["sleep", "30"])
    other = programs.run(["sleep", "30"], uid=OTHER_UID)
    assert service.feature(Apps).guard.may_concern(kid.pid)
    assert not service.feature(Apps).guard.may_concern(other.pid)
    assert not service.feature(Apps).guard.may_concern(os.getpid())
    assert not service.feature(Apps).guard.may_concern(2**22 + 1), "a process already gone"
