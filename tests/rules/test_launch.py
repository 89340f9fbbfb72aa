"""Which program a process runs, from its real executable: wrappers, the loader, inline code."""

from __future__ import annotations

import pytest

from rules.appmatch import AppBlock, AppContext, AppMatcher, ProcessFacts, judge
from rules.apps import AppList, AppMatch, AppMode, AppRule, Category
from rules.catalogue import Catalogue, CatalogueEntry
from rules.launch import Launch, launch

PY = "/usr/bin/python3.11"
LD = "/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2"
NO_HASH = lambda path: None  # noqa: E731


def runs(exe: str, *cmdline: str) -> Launch:
    return launch(exe, cmdline, lambda: "/home/kid")


@pytest.mark.parametrize(
    ("exe", "cmdline", "expected"),
    [
        # argv[0] never says which program runs
        (PY, ("firefox", "game.py"), Launch("/home/kid/game.py")),
        ("/home/kid/game", ("python3", "homework.py"), Launch()),
        ("/home/kid/game", ("bash", "-f", "/usr/share/homework.sh"), Launch()),
        ("", ("python3", "game.py"), Launch(unknown=True)),
        # scripts, resolved from the working folder and normalised
        (PY, ("python3", "../kid/./games/game.py"), Launch("/home/kid/games/game.py")),
        (PY, ("python3", "-Wignore", "-X", "dev", "game.py"), Launch("/home/kid/game.py")),
        (PY, ("python3", "--", "-game.py"), Launch("/home/kid/-game.py")),
        ("/usr/bin/bash", ("bash", "-eo", "pipefail", "play.sh"), Launch("/home/kid/play.sh")),
        ("/usr/bin/perl", ("perl", "-Mstrict", "-w", "game.pl"), Launch("/home/kid/game.pl")),
        ("/usr/bin/node", ("node", "--require", "x", "game.js"), Launch("/home/kid/game.js")),
        (
            "C:\\Program Files\\PowerShell\\7\\pwsh.exe",
            ("pwsh", "-ExecutionPolicy", "Bypass", "-File", "C:\\Games\\game.ps1"),
            Launch("C:\\Games\\game.ps1"),
        ),
        # inline code, stdin and modules: unknown programs
        (PY, ("python3", "-c", "import game"), Launch(unknown=True)),
        (PY, ("python3", "-uc", "import game"), Launch(unknown=True)),
        (PY, ("python3", "-cimport game"), Launch(unknown=True)),
        (PY, ("python3", "-"), Launch(unknown=True)),
        (PY, ("python3",), Launch(unknown=True)),
        (PY, ("python3", "-m", "game"), Launch("game", file=False, unknown=True)),
        (PY, ("python3", "-mgame"), Launch("game", file=False, unknown=True)),
        ("/usr/bin/perl", ("perl", "-lne", "print"), Launch(unknown=True)),
        ("/usr/bin/node", ("node", "-pe", "1"), Launch(unknown=True)),
        ("/usr/bin/node", ("node", "--eval=1"), Launch(unknown=True)),
        ("/usr/bin/ruby", ("ruby", "-e", "loop{}"), Launch(unknown=True)),
        ("/usr/bin/php8.2", ("php", "-r", "sleep(9);"), Launch(unknown=True)),
        ("/usr/bin/bash", ("bash", "-lc", "./game"), Launch(unknown=True)),
        ("/usr/bin/dash", ("sh", "-s"), Launch(unknown=True)),
        (
            "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
            ("powershell", "-NoProfile", "/EncodedCommand", "AAAA"),
            Launch(unknown=True),
        ),
        (
            "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
            ("powershell", "Start-Game"),
            Launch(unknown=True),
        ),
        # the dynamic loader run directly
        (LD, ("/lib64/ld-linux-x86-64.so.2", "./game", "1"), Launch("/home/kid/game")),
        (
            LD,
            ("ld.so", "--library-path", "/x", "--argv0", "bash", "games/../game"),
            Launch("/home/kid/game"),
        ),
        (LD, ("ld.so", "/usr/bin/python3.11", "game.py"), Launch("/home/kid/game.py")),
        (LD, ("ld.so", "/usr/bin/python3.11", "-c", "1"), Launch(unknown=True)),
        (LD, ("ld.so", "--list", "/usr/bin/game"), Launch(unknown=True)),
        (LD, ("ld.so",), Launch(unknown=True)),
        ("/lib/ld-musl-x86_64.so.1", ("ld", "./game"), Launch("/home/kid/game")),
        # Wine's preloader shows the Windows program as argv[0]
        ("/usr/lib/wine/wine64-preloader", ("C:\\Games\\game.exe",), Launch("C:\\Games\\game.exe")),
    ],
)
def test_what_runs(exe: str, cmdline: tuple[str, ...], expected: Launch) -> None:
    assert runs(exe, *cmdline) == expected


def test_paths_are_canonicalised_by_the_function_given() -> None:
    links = {"/home/kid/homework.py": "/home/kid/games/game.py"}
    found = launch(PY, ("python3", "homework.py"), lambda: "/home/kid", lambda p: links.get(p, p))
    assert found == Launch("/home/kid/games/game.py")


def test_the_working_folder_is_asked_only_when_needed() -> None:
    asked: list[int] = []

    def cwd() -> str:
        asked.append(1)
        return "/home/kid"

    launch("/usr/bin/gedit", ("gedit", "notes.txt"), cwd)
    launch(PY, ("python3", "/abs/game.py"), cwd)
    assert asked == []
    launch(PY, ("python3", "game.py"), cwd)
    assert asked == [1]


SYSTEM = Catalogue(
    (
        CatalogueEntry(
            id="xorg",
            name="X server",
            category=Category.SYSTEM,
            platforms=("linux",),
            paths=("/usr/*/Xorg",),
            essential=True,
            critical=True,
        ),
        CatalogueEntry(
            id="shells",
            name="Shells",
            category=Category.SYSTEM,
            platforms=("linux",),
            paths=("/usr/bin/bash", "/usr/bin/dash"),
            essential=True,
        ),
    )
)


def facts(exe: str, *cmdline: str, cwd: str = "/home/kid", writable: bool = False) -> ProcessFacts:
    name = exe.rsplit("/", 1)[-1]
    return ProcessFacts(os="linux", exe=exe, name=name, cmdline=cmdline, cwd=cwd, writable=writable)


@pytest.mark.parametrize(
    ("process", "critical"),
    [
        (facts("/usr/lib/xorg/Xorg", "/usr/lib/xorg/Xorg", ":0"), True),
        (facts(PY, "python3", "../../home/kid/Xorg", cwd="/usr/lib"), False),
        (facts(PY, "python3", "/usr/lib/../../home/kid/Xorg"), False),
        (facts(PY, "python3", "/usr/lib/xorg/Xorg"), False),
        (facts(LD, "ld.so", "/usr/lib/xorg/Xorg"), False),
        (facts("/home/kid/usr/lib/Xorg", "/usr/lib/xorg/Xorg"), False),
    ],
)
def test_only_the_real_executables_canonical_path_is_never_touched(
    process: ProcessFacts, critical: bool
) -> None:
    blocked = AppRule(app="xorg", mode=AppMode.BLOCKED, match=AppMatch(names=("Xorg",)))
    found = AppMatcher.for_rules([blocked], SYSTEM).identify(process, NO_HASH)
    assert found.critical is critical
    assert judge(found, AppContext()) is (None if critical else AppBlock.BLOCKED)


def test_a_process_name_of_its_own_choosing_matches_nothing() -> None:
    allowed = AppRule(app="tutor", mode=AppMode.ALLOWED, match=AppMatch(names=("tutor",)))
    renamed = ProcessFacts(os="linux", exe=PY, name="tutor", cmdline=("tutor", "-c", "1"))
    found = AppMatcher.for_rules([allowed], SYSTEM).identify(renamed, NO_HASH)
    assert found.app is None


@pytest.mark.parametrize(
    ("process", "allowlist", "downtime", "open_list"),
    [
        (facts(PY, "python3", "-c", "game()"), "not_allowed", "downtime", None),
        (facts(PY, "python3", "-"), "not_allowed", "downtime", None),
        (facts(PY, "python3", "-m", "game"), "not_allowed", "downtime", None),
        (facts(PY, "python3", "/usr/share/tutor/tutor.py"), None, None, None),
        (facts("/usr/bin/bash", "bash", "-c", "./session-script"), None, None, None),
        (facts("/usr/bin/dash", "sh"), None, None, None),
    ],
)
def test_inline_code_passes_no_allowlist_and_no_downtime(
    process: ProcessFacts, allowlist: str | None, downtime: str | None, open_list: str | None
) -> None:
    """Python is allowed (a programming class) and so is tutor.py; code no file names is
    not, while the session's own shells, essential, keep running whatever they are given."""
    python = AppRule(app="python", mode=AppMode.ALLOWED, match=AppMatch(paths=(PY,)))
    matcher = AppMatcher.for_rules([python], SYSTEM)
    found = matcher.identify(process, NO_HASH)
    verdicts = [
        judge(found, AppContext(app_list=AppList.ALLOWLIST)),
        judge(found, AppContext(downtime=True)),
        judge(found, AppContext()),
    ]
    assert [v.value if v else None for v in verdicts] == [allowlist, downtime, open_list]


def test_a_module_still_matches_a_blocking_rule_by_name() -> None:
    blocked = AppRule(
        app="g", mode=AppMode.BLOCKED, match=AppMatch(names=("pygame.examples.aliens",))
    )
    found = AppMatcher.for_rules([blocked], SYSTEM).identify(
        facts(PY, "python3", "-m", "pygame.examples.aliens"), NO_HASH
    )
    assert (found.app, found.trusted) == ("g", False)


def test_the_loaded_program_is_what_a_rule_and_a_hash_see() -> None:
    asked: list[str] = []

    def sha(path: str) -> str:
        asked.append(path)
        return "ab" * 32

    blocked = AppRule(app="g", mode=AppMode.BLOCKED, match=AppMatch(sha256=("ab" * 32,)))
    matcher = AppMatcher.for_rules([blocked], SYSTEM)
    loaded = facts(LD, "ld.so", "./game", writable=True)
    found = matcher.identify(loaded, sha)
    assert (found.app, judge(found, AppContext())) == ("g", AppBlock.BLOCKED)
    assert "/home/kid/game" in asked
    named = AppRule(app="g", mode=AppMode.BLOCKED, match=AppMatch(names=("game",)))
    by_name = AppMatcher.for_rules([named], SYSTEM)
    assert by_name.learnable_path(loaded, by_name.identify(loaded, NO_HASH)) == "/home/kid/game"
