"""The executable a process runs, as the OS tells it: deleted files, memfds, no argv guesses."""

from __future__ import annotations

import os
from pathlib import Path

import psutil
import pytest

from guardian.apps import executable
from guardian.apps.executable import NONE, Executable, linux_executable, os_executable


def fake_proc(tmp_path: Path, target: str) -> str:
    """A /proc with one process whose exe link reads `target`."""
    folder = tmp_path / "proc" / "7"
    folder.mkdir(parents=True)
    (folder / "exe").symlink_to(target)
    return str(tmp_path / "proc")


def test_a_deleted_executable_keeps_its_path_and_is_read_through_the_link(tmp_path: Path) -> None:
    proc = fake_proc(tmp_path, f"{tmp_path}/games/game (deleted)")
    found = linux_executable(7, proc)
    assert found == Executable(f"{tmp_path}/games/game", True, f"{proc}/7/exe")


def test_a_file_named_like_a_deleted_one_is_not_deleted(tmp_path: Path) -> None:
    real = tmp_path / "game (deleted)"
    real.write_text("")
    found = linux_executable(7, fake_proc(tmp_path, str(real)))
    assert (found.path, found.deleted) == (str(real), False)


def test_a_memfd_is_a_deleted_file_of_no_folder(tmp_path: Path) -> None:
    found = linux_executable(7, fake_proc(tmp_path, "/memfd:homework (deleted)"))
    assert (found.path, found.deleted) == ("/memfd:homework", True)


def test_what_took_a_deleted_files_name_is_not_followed(tmp_path: Path) -> None:
    """The child deletes a running game and puts a symlink to a system program in its place:
    the executable is still the game's path, not the system program's."""
    games = tmp_path / "games"
    games.mkdir()
    (games / "Xorg").symlink_to("/usr/bin/env")
    found = linux_executable(7, fake_proc(tmp_path, f"{games}/Xorg (deleted)"))
    assert (found.path, found.deleted) == (f"{os.path.realpath(games)}/Xorg", True)


def test_folders_are_canonical(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "game").write_text("")
    (tmp_path / "link").symlink_to(tmp_path / "real")
    found = linux_executable(7, fake_proc(tmp_path, f"{tmp_path}/link/../link/game"))
    assert found.path == f"{os.path.realpath(tmp_path)}/real/game"


def test_no_process_no_executable(tmp_path: Path) -> None:
    assert linux_executable(7, str(tmp_path)) == NONE


class RefusingProcess:
    """Windows or macOS refusing to tell a process's image path."""

    def __init__(self, pid: int) -> None:
        self.pid = pid

    def exe(self) -> str:
        raise psutil.AccessDenied(self.pid)


class WindowsProcess:
    def __init__(self, pid: int) -> None:
        self.pid = pid

    def exe(self) -> str:
        return "C:\\Games\\game.exe"


def test_windows_and_macos_never_guess_from_argv0(monkeypatch: pytest.MonkeyPatch) -> None:
    """psutil's Process.exe() would answer argv[0] (the child's choice, say
    C:\\Windows\\explorer.exe) when the OS refuses; the OS's own answer or nothing."""
    layer = executable.psutil._psplatform  # type: ignore[attr-defined]
    monkeypatch.setattr(layer, "Process", RefusingProcess)
    assert os_executable(os.getpid()) == NONE
    monkeypatch.setattr(layer, "Process", WindowsProcess)
    found = os_executable(os.getpid())
    assert (found.path, found.deleted, found.image) == ("C:\\Games\\game.exe", False, found.path)
