"""The process monitor's view of files: which ones a user could have written, and hashes."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from guardian.apps.hashing import HashCache
from guardian.apps.monitor import ProcessMonitor, windows_user_writable


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


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="chown needs root")
def test_posix_files_and_folders_a_user_can_write(tmp_path: Path) -> None:
    monitor = ProcessMonitor("linux", time.monotonic)
    system = tmp_path / "system"
    system.mkdir(mode=0o755)
    program = system / "program"
    program.write_text("")
    assert not monitor._writable("", (str(program),), "", (1001,))
    assert not monitor._writable(str(program), (), "", (1001,))
    os.chown(program, 1001, 1001)
    assert monitor._writable(str(program), (), "", (1001,))
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o1777)
    assert monitor._writable(str(shared / "x"), (), "", (1001,))
    assert monitor._writable("/usr/bin/python3", ("python3", "x"), str(shared), (1001,))
    assert not monitor._writable("/usr/bin/python3", ("python3", "-c", "1"), "", (1001,))


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
