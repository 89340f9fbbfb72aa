"""Running OS commands: never through a shell, always with a time limit, failures in words.

The adapters reach the OS partly through its own commands (`loginctl`, `pmset`, `shutdown.exe`).
They do so only through a `Commands` object, so tests substitute a fake that records argv.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from guardian.platform.fallbacks import WayFailed

DEFAULT_TIMEOUT = 5.0
"""Seconds a command may take; OS commands that hang must not stall the enforcement tick."""
STOP_GRACE = 1.0
"""Seconds a command that ran out of time has to end after SIGTERM before its group is killed.

`runuser` and `sudo` pass SIGTERM on to the program they run (which may sit in a session of its
own), but not SIGKILL, so the gentle signal comes first."""
_OWN_GROUP = os.name == "posix"
"""POSIX: each command leads a process group, so its helpers end with it."""


class CommandError(WayFailed):
    """A command is not installed, did not finish in time, or exited with an error.

    The message does not repeat the command: callers name it (see `first_that_works`).
    """


@dataclass(frozen=True, slots=True)
class CommandResult:
    """What a finished command returned and printed."""

    argv: tuple[str, ...]
    returncode: int
    stdout: str
    stderr: str


class Commands(Protocol):
    """Runs OS commands; the real one is `CommandRunner`, tests use a fake."""

    def run(self, argv: Sequence[str], *, check: bool = True) -> CommandResult:
        """Run `argv` and return its output; raises CommandError when it cannot run or fails."""
        ...


class CommandRunner:
    """Runs commands directly (no shell, so no quoting bugs) with a time limit."""

    def __init__(self, timeout: float = DEFAULT_TIMEOUT) -> None:
        self.timeout = timeout

    def run(self, argv: Sequence[str], *, check: bool = True) -> CommandResult:
        """Run `argv`; with `check`, a non-zero exit raises CommandError quoting its error.

        A command still running at the time limit is stopped with everything it started.
        """
        try:
            process = subprocess.Popen(
                list(argv),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                encoding="utf-8",
                errors="replace",
                process_group=0 if _OWN_GROUP else None,
            )
        except FileNotFoundError:
            raise CommandError(f"{argv[0]} is not installed") from None
        except OSError as exc:
            raise CommandError(f"it could not start: {exc.strerror or exc}") from None
        with process:
            try:
                stdout, stderr = process.communicate(timeout=self.timeout)
            except subprocess.TimeoutExpired:
                _stop(process)
                raise CommandError(f"it did not finish within {self.timeout:g} s") from None
        result = CommandResult(tuple(argv), process.returncode, stdout, stderr)
        if check and process.returncode != 0:
            raise CommandError(f"it exited with {process.returncode}: {explain(result)}")
        return result


def _stop(process: subprocess.Popen[str]) -> None:
    """End a command that ran out of time, and on POSIX every process of its group."""
    if not _OWN_GROUP:
        process.kill()
        process.wait()
        return
    _signal_group(process.pid, signal.SIGTERM)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(STOP_GRACE)
    # Also the helpers that outlived the leader, or ignored SIGTERM.
    _signal_group(process.pid, signal.SIGKILL)
    process.wait()


def _signal_group(group: int, signum: signal.Signals) -> None:
    with contextlib.suppress(ProcessLookupError):  # the whole group has ended already
        os.killpg(group, signum)


def explain(result: CommandResult) -> str:
    """The command's own words on what went wrong, on one line and short enough for a message."""
    lines = (line.strip() for line in (result.stderr or result.stdout).splitlines())
    # dict keeps the order and drops repeats: some tools print the same complaint twice.
    said = " ".join(dict.fromkeys(line for line in lines if line))
    if len(said) > 300:
        said = said[:297] + "..."
    return said or "no message"
