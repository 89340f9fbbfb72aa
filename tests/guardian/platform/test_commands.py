"""Running commands for real, and trying ways in order with every failure reported."""

from __future__ import annotations

import os
import time
from pathlib import Path

import psutil
import pytest

from guardian.platform.base import PlatformError
from guardian.platform.commands import CommandError, CommandRunner
from guardian.platform.fallbacks import WayFailed, first_that_works


def test_a_command_that_works_returns_its_output() -> None:
    result = CommandRunner().run(["echo", "hello"])
    assert (result.returncode, result.stdout) == (0, "hello\n")


def test_a_failing_command_says_its_exit_code_and_its_own_error() -> None:
    with pytest.raises(CommandError, match=r"exited with 3: broken"):
        CommandRunner().run(["sh", "-c", "echo broken >&2; echo broken >&2; exit 3"])


def test_unchecked_failures_return_the_result() -> None:
    assert CommandRunner().run(["false"], check=False).returncode == 1


def test_a_missing_command_is_reported_as_not_installed() -> None:
    with pytest.raises(CommandError, match="no-such-guardian-tool is not installed"):
        CommandRunner().run(["no-such-guardian-tool"])


def test_a_hung_command_is_stopped_at_the_time_limit() -> None:
    with pytest.raises(CommandError, match=r"did not finish within 0.2 s"):
        CommandRunner(timeout=0.2).run(["sleep", "5"])


def test_the_default_time_limit_is_short() -> None:
    assert CommandRunner().timeout <= 5.0


def _program(folder: Path, name: str, script: str) -> Path:
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_text(f"#!/bin/sh\n{script}\n", encoding="utf-8")
    path.chmod(0o755)
    return path


def test_a_hung_helper_on_path_is_killed_with_everything_it_started(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pids = tmp_path / "pids"
    # The helper starts a program of its own (as runuser and sudo do) and waits for it forever.
    _program(tmp_path / "bin", "notify-send", f"sleep 1000 & echo $$ $! > {pids}; wait")
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}{os.pathsep}{os.environ['PATH']}")
    started = time.monotonic()
    with pytest.raises(CommandError, match=r"did not finish within 0.3 s"):
        CommandRunner(timeout=0.3).run(["notify-send", "--", "title", "body"])
    assert time.monotonic() - started < 2.0
    for pid in map(int, pids.read_text().split()):
        assert not psutil.pid_exists(pid) or psutil.Process(pid).status() == psutil.STATUS_ZOMBIE


def test_a_helper_ignoring_sigterm_is_killed_after_the_grace(tmp_path: Path) -> None:
    stubborn = _program(tmp_path / "bin", "stubborn", "trap '' TERM; while :; do sleep 1; done")
    started = time.monotonic()
    with pytest.raises(CommandError, match="did not finish"):
        CommandRunner(timeout=0.2).run([str(stubborn)])
    assert time.monotonic() - started < 3.0


def test_arguments_are_never_interpreted_by_a_shell() -> None:
    assert CommandRunner().run(["echo", "$HOME; rm -rf /"]).stdout == "$HOME; rm -rf /\n"


def _fails(reason: str) -> None:
    raise WayFailed(reason)


def test_the_first_way_that_works_wins_and_later_ones_are_not_tried() -> None:
    tried: list[str] = []

    def way(name: str) -> str:
        tried.append(name)
        return name

    assert (
        first_that_works(
            "act", [("a", lambda: _fails("no")), ("b", lambda: way("b")), ("c", lambda: way("c"))]
        )
        == "b"
    )
    assert tried == ["b"]


def test_when_every_way_fails_the_error_lists_each_with_its_reason() -> None:
    with pytest.raises(PlatformError) as caught:
        first_that_works(
            "lock the screen",
            [("logind", lambda: _fails("no bus")), ("loginctl", lambda: _fails("not installed"))],
        )
    assert str(caught.value) == (
        "Could not lock the screen. Tried (1) logind: no bus; (2) loginctl: not installed."
    )


def test_no_ways_at_all_is_an_error_too() -> None:
    with pytest.raises(PlatformError, match="offers no way"):
        first_that_works("suspend the computer", [])
