"""The local socket between the service and its clients: JSON-RPC 2.0 in length-prefixed frames.

The protocol is documented in docs/protocol.md; `protocol` holds the wire format, `server` the
service's end, `client` the tray's and the CLI's end, `peer` how the caller's OS account is read.
"""

from __future__ import annotations

import sys
from pathlib import Path

WINDOWS_PIPE = "guardian"
"""QLocalSocket turns a plain name into the pipe \\\\.\\pipe\\guardian."""
LINUX_SOCKET = "/run/guardian/guardian.sock"
MACOS_SOCKET = "/var/run/guardian.sock"


def default_socket_path() -> str:
    """Where a system install's service listens, on this OS (DESIGN.md, Storage)."""
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

    return str(Path(platformdirs.user_runtime_dir("Guardian", appauthor=False)) / "guardian.sock")
