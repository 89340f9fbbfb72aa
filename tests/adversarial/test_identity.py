"""Which program runs, as the kernel tells it: disguises a child can try on the app guard.

Real processes run as the child's uid against the real service and its app guard (root
needed to start them). Each attack names a program by something the child chooses (argv[0],
a symlink, a `..` path, a deleted or in-memory file, the loader, code given inline); Guardian
must judge the program that actually runs.
"""

from __future__ import annotations

import glob
import hashlib
import os
import subprocess
from pathlib import Path

import pytest

from guardian.features.apps import Apps
from guardian.service import GuardianService
from tests.guardian import conftest as service_fixtures
from tests.guardian.apps import conftest as app_fixtures
from tests.guardian.apps.conftest import (
    KID_UID,
    PYTHON,
    Programs,
    apps_policy,
    gone,
    needs_root,
    settle,
)

# The real service over real processes, as the app guard's own tests build it.
paths = service_fixtures.paths
make_service = service_fixtures.make_service
programs = app_fixtures.programs
fake_apps = app_fixtures.fake_apps
app_service = app_fixtures.app_service

pytestmark = needs_root
SLEEPER = "import time\ntime.sleep(120)\n"
LOADERS = sorted(glob.glob("/lib64/ld-linux*.so*") + glob.glob("/lib/ld-linux*.so*"))


def rule(app: str, mode: str = "blocked", **match: object) -> dict[str, object]:
    return {"app": app, "name": app, "mode": mode, "match": match}


def ended_by(service: GuardianService) -> str:
    guard = service.feature(Apps).guard
    assert guard.ended
    return guard.ended[-1].reason.value


def kid_owned(path: Path) -> Path:
    os.chown(path, KID_UID, KID_UID)
    return path


def test_a_blocked_script_reached_through_a_symlink(programs: Programs, app_service) -> None:
    """Attack: the child links `homework.py` (and `notes`) to a blocked game and starts the
    link. Outcome: the canonical path names the game, so both are ended."""
    game = programs.write("games/minigame.py", SLEEPER)
    binary = programs.copy("sleep", "games/minibinary")
    home = programs.root / "home/kid"
    home.mkdir(parents=True)
    (home / "homework.py").symlink_to(game)
    (home / "notes").symlink_to(binary)
    service = app_service(
        apps_policy(
            apps=[rule("minigame", names=["minigame.py"]), rule("mini", names=["minibinary"])]
        )
    )
    script = programs.run([PYTHON, "homework.py"], cwd=home)
    native = programs.run([str(home / "notes"), "100"], cwd=home)
    settle()
    service.tick()
    assert gone(script), "the script a wrapper runs is the symlink's target"
    assert gone(native)


def test_a_blocked_folder_reached_through_a_dotdot_path(programs: Programs, app_service) -> None:
    """Attack: a rule blocks everything under the games folder; the child starts a game there
    as `python3 ../games/game.py` from another folder. Outcome: `..` is resolved, it is
    ended."""
    programs.write("games/game.py", SLEEPER)
    tools = programs.write("tools/readme.txt", "").parent
    service = app_service(apps_policy(apps=[rule("games", paths=[f"{programs.root}/games/*"])]))
    game = programs.run([PYTHON, "../games/game.py"], cwd=tools)
    settle()
    service.tick()
    assert gone(game)


def test_a_game_deleted_while_it_runs_is_ended_and_its_copies_known(
    programs: Programs, app_service
) -> None:
    """Attack: the child copies a blocked game, starts it and deletes the file at once.
    Outcome: it is still ended, its hash is learned from /proc/PID/exe, and a renamed copy
    started later is ended by that hash."""
    game = kid_owned(programs.copy("sleep", "home/kid/Downloads/minigame"))
    digest = hashlib.sha256(game.read_bytes()).hexdigest()
    service = app_service(apps_policy(apps=[rule("minigame", names=["minigame"])]))
    running = programs.run([str(game), "100"])
    settle()
    game.unlink()
    service.tick()
    assert gone(running)
    assert service.feature(Apps).guard.learned.get(digest) == "minigame"
    copy = kid_owned(programs.copy("sleep", "home/kid/Downloads/notes"))
    renamed = programs.run([str(copy), "100"])
    settle()
    service.tick()
    assert gone(renamed), "a copy under another name, by the learned hash"


MEMFD_EXEC = """
import os, sys
fd = os.memfd_create("homework", 0)
with open(sys.argv[1], "rb") as source:
    os.write(fd, source.read())
os.execve(fd, sys.argv[2:], {})
"""


def test_an_in_memory_copy_under_an_allowlist(programs: Programs, app_service) -> None:
    """Attack: under an allowlist that allows the script homework.py, the child loads a game's
    bytes into a memfd and executes it with argv `python3 -f homework.py`, so its command
    line reads like python running the allowed script. Outcome: the kernel says the program
    is a memfd, not python: it is not allowed, and ended."""
    game = programs.copy("tail", "games/game")
    homework = programs.write("tools/homework.py", "")
    policy = apps_policy(
        app_list="allowlist", apps=[rule("homework", "allowed", names=["homework.py"])]
    )
    service = app_service(policy)
    launched = programs.python(MEMFD_EXEC, str(game), "python3", "-f", str(homework))
    settle(0.6)
    service.tick()
    assert gone(launched)
    assert ended_by(service) == "not_allowed"


def test_an_in_memory_copy_of_a_game_blocked_by_its_hash(programs: Programs, app_service) -> None:
    """Attack: the child executes a blocked game's bytes from a memfd, a file no folder
    holds. Outcome: its hash is read through /proc/PID/exe and it is ended."""
    game = programs.copy("sleep", "games/game")
    digest = hashlib.sha256(game.read_bytes()).hexdigest()
    service = app_service(apps_policy(apps=[rule("minigame", sha256=[digest])]))
    launched = programs.python(MEMFD_EXEC, str(game), "sleep", "100")
    settle(0.6)
    service.tick()
    assert gone(launched)
    assert ended_by(service) == "blocked"


def test_exec_a_disguises(programs: Programs, app_service) -> None:
    """Attack: argv[0] lies. A game installed by the system (not on the allowlist) runs as
    `bash -f homework.sh` with the allowed homework.sh as its argument, or under the name of
    an allowed program longer than the kernel's 15-letter process name; python runs a blocked
    game as `firefox minigame.py`. Outcome: each is judged as the program that runs (the game,
    python running minigame.py) and ended."""
    game = programs.copy("tail", "games/firefox-developer")
    homework = programs.write("tools/homework.sh", "")
    policy = apps_policy(
        app_list="allowlist",
        apps=[
            rule("homework", "allowed", names=["homework.sh"]),
            rule("browser", "allowed", names=["firefox-developer-edition"]),
        ],
    )
    service = app_service(policy)
    as_bash = programs.run(["bash", "-f", str(homework)], executable=str(game))
    as_browser = programs.run(
        ["firefox-developer-edition", "-f", "/dev/null"], executable=str(game)
    )
    settle()
    service.tick()
    assert gone(as_bash), "a game called bash is no wrapper"
    assert gone(as_browser), "the process name comes from the executable, not argv[0]"
    script = programs.write("games/minigame.py", SLEEPER)
    service.replace_policy(apps_policy(apps=[rule("minigame", names=["minigame.py"])]))
    python = programs.run(["firefox", "minigame.py"], executable=PYTHON, cwd=script.parent)
    settle()
    service.tick()
    assert gone(python), "python is python whatever argv[0] says"


@pytest.mark.skipif(not LOADERS, reason="no glibc dynamic loader at /lib64 or /lib")
def test_a_game_started_by_the_dynamic_loader(programs: Programs, app_service) -> None:
    """Attack: the child starts a blocked game as `ld-linux-x86-64.so.2 --argv0 bash ./game`,
    so the executable the kernel reports is the system's loader. Outcome: the loaded program
    is resolved against the working folder, matched, and ended."""
    game = programs.copy("sleep", "games/minigame")
    service = app_service(apps_policy(apps=[rule("minigame", names=["minigame"])]))
    loaded = programs.run([LOADERS[0], "--argv0", "bash", "./minigame", "100"], cwd=game.parent)
    settle()
    service.tick()
    assert gone(loaded)
    assert ended_by(service) == "blocked"


def test_inline_code_is_an_unknown_program(programs: Programs, app_service) -> None:
    """Attack: where the allowlist allows python for a programming class, the child runs a
    game as `python3 -c CODE` or pipes it into `python3 -`. Outcome: code no file names is an
    unknown program, ended under the allowlist; with an open list it is left alone, and the
    session's own shell running inline commands keeps working."""
    fifo = programs.root / "fifo"
    os.mkfifo(fifo, 0o666)
    allowed = rule("python", "allowed", paths=[os.path.realpath(PYTHON)])
    service = app_service(apps_policy(app_list="allowlist", apps=[allowed]))
    inline = programs.python(SLEEPER)
    piped = subprocess.Popen(
        [PYTHON, "-"], stdin=subprocess.PIPE, user=KID_UID, group=KID_UID, cwd=programs.root
    )
    programs.started.append(piped)
    assert piped.stdin is not None
    piped.stdin.write(SLEEPER.encode())
    piped.stdin.close()
    shell = programs.run(["/bin/sh", "-c", f"read line < {fifo}"])
    settle()
    service.tick()
    assert gone(inline)
    assert gone(piped)
    assert ended_by(service) == "not_allowed"
    assert shell.poll() is None, "the session's shells are essential"
    service.replace_policy(apps_policy())
    open_list = programs.python(SLEEPER)
    settle()
    service.tick()
    service.tick()
    assert open_list.poll() is None


def test_a_childs_program_named_like_a_critical_one_is_not_protected(
    programs: Programs, app_service
) -> None:
    """Attack: the display server (never touched) is known by paths like /usr/*/Xorg; the
    child names a game `Xorg` and starts it from /usr/lib as `python3 ../../tmp/…/Xorg`, and
    a binary named `systemd` through a symlink. Outcome: only the canonical path of the real
    executable counts, so under an allowlist both are ended."""
    script = kid_owned(programs.write("home/kid/Xorg", SLEEPER))
    binary = kid_owned(programs.copy("sleep", "home/kid/lib/systemd/systemd"))
    link = programs.root / "home/kid/bin-systemd"
    link.symlink_to(binary)
    service = app_service(apps_policy(app_list="allowlist"))
    disguised = programs.run([PYTHON, os.path.relpath(script, "/usr/lib")], cwd=Path("/usr/lib"))
    named = programs.run([str(link), "100"])
    settle()
    service.tick()
    assert gone(disguised)
    assert gone(named)
    assert ended_by(service) == "not_allowed"
