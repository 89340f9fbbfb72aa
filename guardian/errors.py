"""Exit codes of the `guardian` command, stable for scripts (Ansible, Intune, Munki).

Every failure ends with one line on stderr, "guardian: …", and one of these codes; a traceback
is printed only with `guardian --debug` or GUARDIAN_DEBUG=1.
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """What a `guardian` command's exit status means."""

    OK = 0
    ERROR = 1
    """A file or the service could not be used (missing, unreadable, a folder, not UTF-8), a
    process could not be inspected, or Guardian itself failed ("internal error")."""
    USAGE = 2
    """The command line is wrong: an unknown option, or a profile the policy does not have."""
    INVALID_POLICY = 3
    """A policy file does not validate; every error is printed with its file and line."""
    UNAVAILABLE = 4
    """What was asked for is not there: no policy saved yet, the service is not running, or
    `guardian report merge` found no weekly summary to merge."""
    CHECKS_FAILED = 5
    """`guardian doctor` ran and at least one check failed (warnings alone end with 0)."""
    WRONG_PASSWORD = 6
    """The parent password given was wrong (the service counts the try)."""
    THROTTLED = 7
    """Too many wrong passwords or calls from this account: the service asks to wait."""
    NOT_ALLOWED = 8
    """The caller may not do this: not an OS administrator, or no parent password is set yet."""
    INTERRUPTED = 130
    """Stopped with Ctrl+C (128 + SIGINT, as shells report it)."""
    BROKEN_PIPE = 141
    """The reader of the output went away (`guardian policy schema | head -1`): 128 + SIGPIPE,
    what a program ended by that signal reports, and nothing is printed."""


class CliError(Exception):
    """A failure the `guardian` command reports in one line, with its exit code."""

    def __init__(self, message: str, code: ExitCode = ExitCode.ERROR) -> None:
        super().__init__(message)
        self.code = code
