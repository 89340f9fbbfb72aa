"""Running OS commands: never through a shell, always with a time limit, failures in words.

The adapters reach the OS partly through its own commands (`loginctl`, `pmset`, `shutdown.exe`).
They do so only through a `Commands` object, so tests substitute a fake that records argv.
"""

from __future__ import annotations

import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from guardian.platform.fallbacks import WayFailed

DEFAULT_TIMEOUT = 10.0
"""Seconds a command may take; OS commands that hang must not stall the enforcement tick."""


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
        """Run `argv`; with `check`, a non-zero exit raises CommandError quoting its error."""
        try:
            done = subprocess.run(
                list(argv),
                stdin=subprocess.DEVNULL,
                capture_output=True,
                text=True,
                encoding="utf-8",
                errors="replace",
                timeout=self.timeout,
                check=False,
            )
        except FileNotFoundError:
            raise CommandError(f"{argv[0]} is not installed") from None
        except subprocess.TimeoutExpired:
            raise CommandError(f"it did not finish within {self.timeout:g} s") from None
        except OSError as exc:
            raise CommandError(f"it could not start: {exc.strerror or exc}") from None
        result = CommandResult(tuple(argv), done.returncode, done.stdout, done.stderr)
        if check and done.returncode != 0:
            raise CommandError(f"it exited with {done.returncode}: {explain(result)}")
        return result


def explain(result: CommandResult) -> str:
    """The command's own words on what went wrong, on one line and short enough for a message."""
    lines = (line.strip() for line in (result.stderr or result.stdout).splitlines())
    # dict keeps the order and drops repeats: some tools print the same complaint twice.
    said = " ".join(dict.fromkeys(line for line in lines if line))
    if len(said) > 300:
        said = said[:297] + "..."
    return said or "no message"
