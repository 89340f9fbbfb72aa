"""The executable a process really runs, as the OS tells it, and where to read its bytes.

Never from argv[0], which the process chooses (`exec -a firefox ./game`). On Linux the kernel's
`/proc/<pid>/exe` names the file that runs, also when it was deleted or replaced after the
start, or has no file at all (a memfd: `/memfd:name (deleted)`); its content stays readable
through that link, so hashes are of what runs. Elsewhere the OS's own image path
(QueryFullProcessImageNameW, proc_pidpath).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

import psutil

DELETED = " (deleted)"
"""What the kernel appends to the path of an executable whose file is gone."""
MEMFD = "/memfd:"


@dataclass(frozen=True, slots=True)
class Executable:
    """The program a process runs."""

    path: str
    """Canonical path; where the file was when it is deleted; empty when the OS does not say."""
    deleted: bool = False
    """The file was deleted or replaced since the start, or never existed (memfd)."""
    image: str = ""
    """A path whose content is the running executable itself (`/proc/<pid>/exe` on Linux)."""


NONE = Executable("")


def linux_executable(pid: int, proc: str = "/proc") -> Executable:
    """The executable of a Linux process from `/proc/<pid>/exe`."""
    link = f"{proc}/{pid}/exe"
    try:
        text = os.readlink(link).split("\x00", 1)[0]
    except OSError:
        return NONE  # a kernel thread, a zombie, or gone
    # A file may itself be named "x (deleted)"; the kernel's suffix is on a name that is gone.
    deleted = text.endswith(DELETED) and not os.path.lexists(text)
    if deleted:
        text = text[: -len(DELETED)]
    if text.startswith(MEMFD):
        return Executable(text, True, link)
    return Executable(canonical(text), deleted, link)


def os_executable(pid: int) -> Executable:
    """The executable of a Windows or macOS process, by the OS's own image path."""
    try:
        path = str(_native(pid).exe())
    except (psutil.Error, OSError):
        return NONE
    if not path:
        return NONE
    path = canonical(path)
    return Executable(path, False, path)


def _native(pid: int) -> Any:
    # psutil's per-OS layer: Process.exe() above it guesses from argv[0] when the OS refuses.
    layer: Any = psutil
    return layer._psplatform.Process(pid)


def canonical(path: str) -> str:
    """The folders' symlinks and `..` resolved. Not the file name's: the OS names the file
    that runs, and whatever took its name since (a symlink to a system program after the
    file was deleted) is not it."""
    folder, name = os.path.split(path)
    return os.path.join(os.path.realpath(folder), name) if folder else path
