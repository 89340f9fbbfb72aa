"""Exit codes of the `guardian` command, stable for scripts (Ansible, Intune, Munki)."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """What a `guardian` command's exit status means."""

    OK = 0
    ERROR = 1
    USAGE = 2
    INVALID_POLICY = 3
    UNAVAILABLE = 4
