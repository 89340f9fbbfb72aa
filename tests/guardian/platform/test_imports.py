"""The Windows adapters import on a Python without the POSIX-only modules."""

from __future__ import annotations

import subprocess
import sys

SCRIPT = """
import builtins
real = builtins.__import__
def without_posix(name, *args, **kwargs):
    if name in ("pwd", "grp", "fcntl", "termios"):
        raise ImportError(f"No module named {name!r}")
    return real(name, *args, **kwargs)
builtins.__import__ = without_posix
import guardian.platform.windows
import guardian.platform.apps_windows
import guardian.apps.guard
print("ok")
"""


def test_windows_adapters_need_no_posix_modules() -> None:
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.stdout.strip() == "ok", done.stderr
