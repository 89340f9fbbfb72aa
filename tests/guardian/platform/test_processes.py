"""Ending processes: the safety rules with fake uids, and the real kill path on our own children.

Tests run as root, so the real path is driven with an explicit allow-list of the pids spawned
here: nothing else on the machine can be touched.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator

import psutil
import pytest

from guardian.platform.processes import (
    end_processes,
    protected_pids,
    select_processes,
    terminate_then_kill,
    uid_may_be_ended,
)

PEOPLE = range(1000, 60001)

IGNORES_SIGTERM = (
    "import signal, sys, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); "
    "print('ready', flush=True); time.sleep(60)"
)


@pytest.mark.parametrize(
    ("process_uids", "target", "allowed"),
    [
        ((1001, 1001, 1001), 1001, True),
        ((0, 0, 0), 0, False),  # root is never a target
        ((1001, 1001, 1001), 0, False),
        ((1002, 1002, 1002), 1001, False),  # another person
        ((1001, 0, 1001), 1001, False),  # a set-uid program the child started
        ((0, 1001, 0), 1001, False),
        ((999, 999, 999), 999, False),  # a system account below UID_MIN
        ((65534, 65534, 65534), 65534, False),  # nobody, above UID_MAX
        ((), 1001, False),
    ],
)
def test_only_processes_wholly_of_a_person_may_be_ended(
    process_uids: tuple[int, ...], target: int, allowed: bool
) -> None:
    assert uid_may_be_ended(process_uids, target, PEOPLE) is allowed


def test_this_process_and_its_ancestors_are_protected() -> None:
    protected = protected_pids()
    assert os.getpid() in protected
    assert os.getppid() in protected


@pytest.fixture
def children() -> Iterator[list[subprocess.Popen[bytes]]]:
    """Sleeping children of this test; any left alive are killed and reaped afterwards."""
    spawned: list[subprocess.Popen[bytes]] = []
    yield spawned
    for child in spawned:
        if child.poll() is None:
            child.kill()
        child.wait()
        if child.stdout is not None:
            child.stdout.close()


def _spawn_sleepers(children: list[subprocess.Popen[bytes]], count: int) -> set[int]:
    for _ in range(count):
        children.append(subprocess.Popen(["sleep", "30"]))
    return {child.pid for child in children}


def test_selection_accepts_what_the_rule_accepts_but_never_this_process_or_its_parents(
    children: list[subprocess.Popen[bytes]],
) -> None:
    mine = _spawn_sleepers(children, 1)
    chosen = {
        p.pid for p in select_processes(lambda p: p.pid in mine | {os.getpid(), os.getppid()})
    }
    assert chosen == mine


def test_ending_allowed_children_terminates_them_all_and_counts_them(
    children: list[subprocess.Popen[bytes]],
) -> None:
    mine = _spawn_sleepers(children, 3)
    assert end_processes(lambda p: p.pid in mine, grace=2.0) == 3
    assert not any(
        psutil.pid_exists(pid) and psutil.Process(pid).status() != "zombie" for pid in mine
    )


def test_a_process_ignoring_sigterm_is_killed_after_the_grace_period(
    children: list[subprocess.Popen[bytes]],
) -> None:
    stubborn = subprocess.Popen([sys.executable, "-c", IGNORES_SIGTERM], stdout=subprocess.PIPE)
    children.append(stubborn)
    assert stubborn.stdout is not None
    assert stubborn.stdout.readline() == b"ready\n"
    started = time.monotonic()
    assert terminate_then_kill([psutil.Process(stubborn.pid)], grace=0.5) == 1
    assert time.monotonic() - started >= 0.5
    assert not psutil.pid_exists(stubborn.pid)


def test_processes_already_gone_are_not_counted(children: list[subprocess.Popen[bytes]]) -> None:
    mine = _spawn_sleepers(children, 1)
    process = psutil.Process(next(iter(mine)))
    children[0].kill()
    children[0].wait()
    assert terminate_then_kill([process], grace=0.2) == 0


def test_protected_pids_are_remembered_for_a_while() -> None:
    from guardian.platform.processes import ProtectedPids

    now = [0.0]
    answers = iter([frozenset({1}), frozenset({1, 2})])
    cached = ProtectedPids(lambda: next(answers), lambda: now[0], max_age=5.0)
    assert cached() == {1}
    now[0] = 5.0
    assert cached() == {1}
    now[0] = 5.01
    assert cached() == {1, 2}
