"""Act as another OS account: a forked child process that setuid()s to a throwaway uid.

The service reads a connection's account from the kernel (SO_PEERCRED), so a test that needs a
child's connections next to a parent's runs as root and forks. The child runs one function with
a `Link` to the test: JSON lines both ways, so the test can hold the child at a point (its
connections open) while it calls the service itself. Only the standard library is used in the
child; it never returns into pytest (os._exit).
"""

from __future__ import annotations

import json
import os
import select
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from typing import Any

WAIT_SECONDS = 120.0


class Link:
    """One end of the pipes between the test and its forked child: JSON values, one a line."""

    def __init__(self, read_fd: int, write_fd: int) -> None:
        self._reader = os.fdopen(read_fd, "r", encoding="utf-8")
        self._writer = os.fdopen(write_fd, "w", encoding="utf-8")

    def send(self, value: Any) -> None:
        self._writer.write(json.dumps(value) + "\n")
        self._writer.flush()

    def receive(self, timeout: float = WAIT_SECONDS) -> Any:
        """The next value; TimeoutError when none comes, EOFError when the other end is gone,
        AssertionError with the child's traceback when it raised."""
        ready, _, _ = select.select([self._reader], [], [], timeout)
        if not ready:
            raise TimeoutError("the other process said nothing")
        line = self._reader.readline()
        if not line:
            raise EOFError("the other process ended")
        value = json.loads(line)
        if isinstance(value, dict) and value.keys() == {"error"}:
            raise AssertionError(value["error"])
        return value

    def close(self) -> None:
        self._reader.close()
        self._writer.close()


def _become(uid: int) -> None:
    os.setgroups([])
    os.setgid(uid)
    os.setuid(uid)


@contextmanager
def as_account(uid: int, work: Callable[[Link], Any]) -> Iterator[Link]:
    """Run `work(link)` as `uid` in a forked child; yields the test's end of the link.

    The child's return value arrives last as {"result": value}, or {"error": traceback} if it
    raised; `finish` reads it. The child is killed if still running when the block ends.
    """
    to_child, from_test = os.pipe()
    to_test, from_child = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never back into pytest
        code = 0
        try:
            os.close(from_test)
            os.close(to_test)
            link = Link(to_child, from_child)
            try:
                _become(uid)
                link.send({"result": work(link)})
            except BaseException:
                link.send({"error": traceback.format_exc()})
                code = 1
        finally:
            os._exit(code)
    os.close(to_child)
    os.close(from_child)
    link = Link(to_test, from_test)
    try:
        yield link
    finally:
        link.close()
        with suppress(ProcessLookupError):
            os.kill(pid, 9)
        os.waitpid(pid, 0)


def finish(link: Link) -> Any:
    """The child's return value; AssertionError with its traceback when it raised."""
    message = link.receive()
    while not isinstance(message, dict) or message.keys() != {"result"}:
        message = link.receive()
    return message["result"]
