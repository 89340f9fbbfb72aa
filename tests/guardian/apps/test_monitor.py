"""The process monitor's view of files: which ones a user could have written, and hashes."""

from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path

import pytest

from guardian.apps.executable import Executable
from guardian.apps.hashing import HashCache
from guardian.apps.monitor import ProcessMonitor, windows_user_writable
from rules.launch import launch


@pytest.mark.parametrize(
    ("path", "writable"),
    [
        (r"C:\Program Files\Mozilla Firefox\firefox.exe", False),
        (r"C:\Program Files (x86)\Steam\steam.exe", False),
        (r"c:\windows\system32\notepad.exe", False),
        (r"C:\Users\kid\AppData\Local\Discord\app-1.0\Discord.exe", True),
        (r"C:\ProgramData\Game\game.exe", True),
        (r"E:\Program Files\Mozilla Firefox\firefox.exe", True),
        (r"D:\portable\browser.exe", True),
    ],
)
def test_windows_places_a_user_can_write(path: str, writable: bool) -> None:
    assert windows_user_writable(path) is writable


def writable(monitor: ProcessMonitor, exe: str, *cmdline: str, cwd: str = "") -> bool:
    runs = launch(exe, (exe, *cmdline), lambda: cwd)
    return monitor._writable(Executable(exe, image=exe), runs, cwd, (1001,))


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="chown needs root")
def test_posix_files_and_folders_a_user_can_write(tmp_path: Path) -> None:
    monitor = ProcessMonitor("linux", time.monotonic)
    system = tmp_path / "system"
    system.mkdir(mode=0o755)
    program = system / "program"
    program.write_text("")
    assert not writable(monitor, "/usr/bin/python3", str(program))
    assert not writable(monitor, str(program))
    os.chown(program, 1001, 1001)
    assert writable(monitor, str(program))
    assert writable(monitor, "/usr/bin/python3", str(program))
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o1777)
    assert writable(monitor, str(shared / "x"))
    assert writable(monitor, "/usr/bin/python3", "x", cwd=str(shared))
    assert not writable(monitor, "/usr/bin/python3", "-c", "1")
    assert writable(monitor, "/memfd:game"), "a memfd is memory the process wrote"
    assert writable(monitor, str(tmp_path / "gone" / "game")), "nothing left to vouch for it"


def test_hashes_are_read_once_per_version_of_a_file(tmp_path: Path) -> None:
    cache = HashCache()
    file = tmp_path / "game"
    file.write_bytes(b"one")
    first = cache.sha256(str(file))
    assert cache.sha256(str(file)) == first and cache.files_read == 1
    file.write_bytes(b"two, longer")
    assert cache.sha256(str(file)) != first and cache.files_read == 2
    assert cache.sha256(str(file), max_bytes=4) is None
    assert cache.sha256(str(tmp_path / "missing")) is None


def test_hashes_are_of_the_file_itself_whatever_its_path(tmp_path: Path) -> None:
    """The running program read through a link (as /proc/PID/exe) and by its name is one
    file, hashed once; a file replaced at the same path with the same size and time is not
    taken for the old one; a FIFO is never opened for good."""
    cache = HashCache()
    game = tmp_path / "game"
    game.write_bytes(b"game")
    link = tmp_path / "exe"
    link.symlink_to(game)
    assert cache.sha256(str(link)) == cache.sha256(str(game)) and cache.files_read == 1
    stamp = game.stat()
    game.unlink()
    game.write_bytes(b"evil")
    os.utime(game, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))
    assert cache.sha256(str(game)) == hashlib.sha256(b"evil").hexdigest()
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    assert cache.sha256(str(fifo)) is None
