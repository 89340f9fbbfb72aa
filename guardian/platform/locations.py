"""Where a system install keeps its folders and its socket on each OS, and the socket folder.

The one place outside the adapters that asks which OS this is (docs/architecture.md, Storage).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP = "Guardian"
WINDOWS_PIPE = "guardian"
"""QLocalSocket turns a plain name into the pipe \\\\.\\pipe\\guardian."""
LINUX_SOCKET = "/run/guardian/guardian.sock"
MACOS_SOCKET = "/var/run/guardian.sock"


def system_folders() -> tuple[Path, Path]:
    """The machine-wide config and state folders of a system install."""
    if sys.platform == "win32":
        base = Path(os.environ.get("PROGRAMDATA", r"C:\ProgramData")) / APP
        return base / "config", base / "state"
    if sys.platform == "darwin":
        base = Path("/Library/Application Support") / APP
        return base / "config", base / "state"
    return Path("/etc/guardian"), Path("/var/lib/guardian")


ADMIN_GROUPS = ("sudo", "wheel", "admin")
"""Groups whose members administer the machine: sudo (Debian, Ubuntu), wheel (Fedora, Arch),
admin (macOS, older Ubuntu). The first that exists may read weekly summaries."""
SUMMARIES_MODE = 0o2750
"""The summaries folder: root writes, administrators read, everyone else is kept out; the
set-group-id bit gives new files the folder's group."""
SUMMARY_FILE_MODE = 0o640


def system_summaries_folder() -> Path:
    """Where a system install writes weekly summaries when the policy names no folder: a
    folder the machine's administrators (the parents) can open, which children cannot."""
    if sys.platform == "win32":
        # Under the data folder, whose DACL gives SYSTEM and Administrators full access only.
        return Path(os.environ.get("PROGRAMDATA", r"C:\ProgramData")) / APP / "summaries"
    if sys.platform == "darwin":
        return Path("/Library/Application Support") / APP / "summaries"
    return Path("/var/lib/guardian-summaries")


def administrators_group() -> int | None:
    """The group id of the machine's administrators, None when there is none (or on
    Windows, where folders get their rights from their DACL)."""
    try:
        import grp
    except ImportError:
        return None
    for name in ADMIN_GROUPS:
        try:
            return grp.getgrnam(name).gr_gid
        except KeyError:
            continue
    return None


def share_with_administrators(folder: Path, group: int | None = None) -> None:
    """Create `folder` for summaries that administrators read and nobody else: group
    `group` (by default the administrators'), mode 2750; with no such group, 0700. On Windows
    the folder keeps the data folder's DACL. Raises OSError when it cannot be made."""
    folder.mkdir(parents=True, exist_ok=True)
    if sys.platform == "win32":
        return
    gid = administrators_group() if group is None else group
    if gid is None:
        os.chmod(folder, 0o700)
        return
    os.chown(folder, -1, gid)
    os.chmod(folder, SUMMARIES_MODE)


def default_socket_path() -> str:
    """Where a system install's service listens, on this OS."""
    if sys.platform == "win32":
        return WINDOWS_PIPE
    if sys.platform == "darwin":
        return MACOS_SOCKET
    return LINUX_SOCKET


def standalone_socket_path() -> str:
    """Where a standalone tray serves the same protocol: private to the user who runs it."""
    if sys.platform == "win32":
        import getpass

        return f"{WINDOWS_PIPE}-{getpass.getuser()}"
    import platformdirs

    return str(Path(platformdirs.user_runtime_dir(APP, appauthor=False)) / "guardian.sock")


def prepare_socket_folder(socket_path: str, *, private: bool) -> None:
    """Create the socket's folder: 0755 for the system service (every local user connects and
    each call decides what they may do), 0700 for a standalone tray's own socket. A named pipe
    has no folder. Raises OSError when it cannot be made."""
    if sys.platform == "win32":
        return
    mode = 0o700 if private else 0o755
    folder = Path(socket_path).parent
    folder.mkdir(mode=mode, parents=True, exist_ok=True)
    if not private:
        os.chmod(folder, mode)


def is_root() -> bool:
    """Whether this process has the rights of the system service (root; on Windows, where
    services run as LocalSystem, the service manager decides)."""
    return not hasattr(os, "geteuid") or os.geteuid() == 0


def local_zone() -> str:
    """The machine's time zone name (IANA), "UTC" when it cannot be told."""
    import tzlocal  # only for a first policy: a service with a saved policy never loads it

    return tzlocal.get_localzone_name() or "UTC"
