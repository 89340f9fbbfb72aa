"""Minimal clients to drive real browsers in tests: Chromium over the DevTools protocol on a
pipe, Firefox over Marionette on a loopback socket. Standard library only."""

from __future__ import annotations

import json
import os
import select
import socket
import subprocess
import time
from pathlib import Path
from typing import Any

TIMEOUT = 30.0

# chrome://policy renders each policy, set or not, as a <policy-row> custom element whose
# `policy` property holds name, value, status and error; they sit inside shadow roots.
POLICY_ROWS = """(() => {
  const rows = [];
  const walk = (node) => {
    if (node.shadowRoot) walk(node.shadowRoot);
    for (const child of node.children || []) {
      if (child.tagName === 'POLICY-ROW' && child.policy) rows.push(child.policy);
      walk(child);
    }
  };
  walk(document);
  return JSON.stringify(rows);
})()"""


class DevToolsPipe:
    """Chromium started with --remote-debugging-pipe: JSON messages ending in NUL on fds 3/4."""

    def __init__(self, argv: list[str], log: Path) -> None:
        to_browser_r, self._to_browser = os.pipe()
        self._from_browser, from_browser_w = os.pipe()
        # Above any fd the child could already hold, so dup2 into 3 and 4 cannot clobber them.
        high_r = os.dup2(to_browser_r, 1000)
        high_w = os.dup2(from_browser_w, 1001)

        def fds() -> None:
            os.dup2(high_r, 3)
            os.dup2(high_w, 4)

        with log.open("wb") as err:
            self.process = subprocess.Popen(
                [*argv, "--remote-debugging-pipe"],
                stdin=subprocess.DEVNULL,
                stdout=err,
                stderr=err,
                preexec_fn=fds,  # noqa: PLW1509 - single-threaded helper process
                close_fds=False,
            )
        for fd in (to_browser_r, from_browser_w, high_r, high_w):
            os.close(fd)
        self._buffer = b""
        self._next = 0
        self.session: str | None = None

    def call(self, method: str, session: str | None = None, **params: Any) -> dict[str, Any]:
        """Send one command and wait for its answer."""
        self._next += 1
        message: dict[str, Any] = {"id": self._next, "method": method, "params": params}
        if session:
            message["sessionId"] = session
        os.write(self._to_browser, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + TIMEOUT
        while True:
            while b"\0" in self._buffer:
                raw, self._buffer = self._buffer.split(b"\0", 1)
                answer: dict[str, Any] = json.loads(raw)
                if answer.get("id") == self._next:
                    if "error" in answer:
                        raise RuntimeError(f"{method}: {answer['error']}")
                    return answer["result"]  # type: ignore[no-any-return]
            ready, _, _ = select.select([self._from_browser], [], [], deadline - time.monotonic())
            if not ready:
                raise TimeoutError(f"Chromium did not answer {method}")
            data = os.read(self._from_browser, 1 << 16)
            if not data:
                raise EOFError(f"Chromium closed the pipe during {method}")
            self._buffer += data

    def attach(self) -> str:
        """Attach to the first page and return its session."""
        targets = self.call("Target.getTargets")["targetInfos"]
        page = next(t for t in targets if t["type"] == "page")
        session: str = self.call("Target.attachToTarget", targetId=page["targetId"], flatten=True)[
            "sessionId"
        ]
        self.session = session
        return session

    def navigate(self, url: str) -> str:
        """Load `url`; the network error ("net::ERR_…") or "" when it loaded."""
        return str(self.call("Page.navigate", self.session, url=url).get("errorText", ""))

    def policies(self) -> dict[str, dict[str, Any]]:
        """The policies chrome://policy lists as set, by name."""
        self.navigate("chrome://policy")
        deadline = time.monotonic() + TIMEOUT
        while True:
            found = self.call(
                "Runtime.evaluate", self.session, expression=POLICY_ROWS, returnByValue=True
            )
            rows = json.loads(found["result"]["value"])
            if rows:
                return {row["name"]: row for row in rows if "value" in row}
            if time.monotonic() > deadline:
                raise TimeoutError("chrome://policy showed no policies")
            time.sleep(0.2)

    def close(self) -> None:
        """End the browser."""
        self.process.kill()
        self.process.wait()
        os.close(self._to_browser)
        os.close(self._from_browser)


class Marionette:
    """Firefox started with --marionette: "<length>:<json>" frames on 127.0.0.1:2828."""

    def __init__(self, argv: list[str], log: Path) -> None:
        with log.open("wb") as out:
            self.process = subprocess.Popen(
                [*argv, "--marionette", "--remote-allow-system-access"],
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=out,
            )
        deadline = time.monotonic() + TIMEOUT
        while True:
            try:
                self._socket = socket.create_connection(("127.0.0.1", 2828), timeout=TIMEOUT)
                break
            except OSError:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    raise
                time.sleep(0.1)
        self._reader = self._socket.makefile("rb")
        self._read()  # the greeting
        self._next = 0
        self.call("WebDriver:NewSession", capabilities={})

    def _read(self) -> Any:
        length = b""
        while not length.endswith(b":"):
            byte = self._reader.read(1)
            if not byte:
                raise EOFError("Firefox closed the Marionette connection")
            length += byte
        return json.loads(self._reader.read(int(length[:-1])))

    def call(self, command: str, **params: Any) -> Any:
        """Send one command; its value, or RuntimeError with Firefox's message."""
        self._next += 1
        data = json.dumps([0, self._next, command, params]).encode()
        self._socket.sendall(str(len(data)).encode() + b":" + data)
        _, _, error, result = self._read()
        if error:
            raise RuntimeError(error.get("message", str(error)))
        return result

    def navigate(self, url: str) -> str:
        """Load `url`; the error page it reached ("about:neterror?e=…") or "" when it loaded."""
        try:
            self.call("WebDriver:Navigate", url=url)
        except RuntimeError as exc:
            return str(exc)
        return ""

    def chrome_script(self, script: str) -> Any:
        """Run JavaScript with the browser's own privileges (Services and all)."""
        self.call("Marionette:SetContext", value="chrome")
        try:
            return self.call("WebDriver:ExecuteScript", script=script, args=[])["value"]
        finally:
            self.call("Marionette:SetContext", value="content")

    def close(self) -> None:
        """End the browser."""
        self._socket.close()
        self.process.kill()
        self.process.wait()
