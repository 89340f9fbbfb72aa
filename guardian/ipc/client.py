"""The tray's and the CLI's end of the local socket: `GuardianApi` over JSON-RPC.

Calls are synchronous: the request is written and the reply awaited with `waitForReadyRead`.
Events that arrive meanwhile are queued and handed to subscribers later from the event loop,
never inside a call. When the service goes away the client reconnects on its own, with backoff.
"""

from __future__ import annotations

import itertools
import logging
import time
from collections.abc import Callable
from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtNetwork import QLocalSocket

from guardian.api import (
    NEWEST_EVENTS,
    Event,
    EventPage,
    EventQuery,
    RunningApp,
    SetupState,
    Status,
)
from guardian.events import EventHub
from guardian.ipc.protocol import (
    FrameDecoder,
    Notification,
    Oversize,
    ProtocolError,
    Response,
    ServiceUnavailable,
    api_error_from,
    decode_incoming,
    encode_frame,
    event_from_data,
    event_page_from_data,
    request_message,
    running_app_from_data,
    status_from_data,
)
from guardian.platform.locations import default_socket_path
from guardian.problems import Problem, ProblemCode

if TYPE_CHECKING:
    from rules.model import Policy

log = logging.getLogger(__name__)
CALL_TIMEOUT_MS = 10_000
CONNECT_TIMEOUT_MS = 1_000
FIRST_RETRY_MS = 250
MAX_RETRY_MS = 10_000
WAIT_SLICE_MS = 20
"""waitForReadyRead holds the GIL: short slices let a server on another thread of this process
(the tests) answer; a reply from another process still ends the wait at once."""


class IpcClient(QObject):
    """`GuardianApi` served by the service over its local socket.

    Signals:
        connection_changed(bool): the client (re)connected to the service or lost it.
    """

    connection_changed = Signal(bool)

    def __init__(
        self,
        path: str | None = None,
        role: str = "tray",
        version: str = "",
        timeout_ms: int = CALL_TIMEOUT_MS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._path = path or default_socket_path()
        self._role = role
        self._version = version
        self._timeout_ms = timeout_ms
        self._socket: QLocalSocket | None = None
        self._decoder = FrameDecoder()
        self._ids = itertools.count(1)
        self._replies: dict[int, Response] = {}
        self._events = EventHub()
        self._queue: list[Callable[[], None]] = []
        self._account: str | None = None
        self._retry_ms = FIRST_RETRY_MS
        self._retry = QTimer(self)
        self._retry.setObjectName("ipc-reconnect")
        self._retry.setSingleShot(True)
        self._retry.timeout.connect(self._reconnect)
        self._deliver = QTimer(self)
        self._deliver.setObjectName("ipc-deliver")
        self._deliver.setSingleShot(True)
        self._deliver.setInterval(0)
        self._deliver.timeout.connect(self._run_queue)

    # --- connection ----------------------------------------------------------------------------

    @property
    def connected(self) -> bool:
        """Whether the client holds a live connection to the service."""
        return self._socket is not None

    @property
    def account(self) -> str | None:
        """The OS account the service sees this client as (from `hello`)."""
        return self._account

    def connect_to_service(self) -> bool:
        """Connect now; on failure keep retrying in the background. True when connected."""
        if self._socket is not None:
            return True
        if self._open():
            return True
        self._schedule_retry()
        return False

    def close(self) -> None:
        """Disconnect and stop reconnecting."""
        self._retry.stop()
        self._lose(reconnect=False)

    def _open(self) -> bool:
        sock = QLocalSocket(self)
        sock.connectToServer(self._path)
        if not sock.waitForConnected(CONNECT_TIMEOUT_MS):
            sock.abort()
            sock.deleteLater()
            return False
        self._socket = sock
        self._decoder = FrameDecoder()
        self._replies.clear()
        sock.readyRead.connect(lambda s=sock: self._read(s))
        sock.disconnected.connect(lambda s=sock: self._on_disconnected(s))
        try:
            hello = self._call("hello", {"role": self._role, "version": self._version})
            self._account = hello.get("account") if isinstance(hello, dict) else None
            if self._events:
                self._call("events.subscribe", {})
        except ServiceUnavailable:
            self._lose(reconnect=False)
            return False
        self._retry_ms = FIRST_RETRY_MS
        self._later(lambda: self.connection_changed.emit(True))
        return True

    def _reconnect(self) -> None:
        if self._socket is None and not self._open():
            self._schedule_retry()

    def _schedule_retry(self) -> None:
        self._retry.start(self._retry_ms)
        self._retry_ms = min(MAX_RETRY_MS, self._retry_ms * 2)

    def _on_disconnected(self, sock: QLocalSocket) -> None:
        if sock is self._socket:
            self._lose(reconnect=True)

    def _lose(self, reconnect: bool) -> None:
        sock, self._socket = self._socket, None
        if sock is None:
            return
        sock.readyRead.disconnect()
        sock.disconnected.disconnect()
        sock.abort()
        sock.deleteLater()
        self._later(lambda: self.connection_changed.emit(False))
        if reconnect:
            self._schedule_retry()

    # --- frames --------------------------------------------------------------------------------

    def _read(self, sock: QLocalSocket) -> None:
        if sock is not self._socket:
            return
        for frame in self._decoder.feed(bytes(sock.readAll().data())):
            if isinstance(frame, Oversize):
                log.error("the service sent a frame of %d bytes; dropped", frame.length)
                continue
            try:
                message = decode_incoming(frame)
            except ProtocolError as exc:
                log.error("%s", exc)
                continue
            if isinstance(message, Response):
                if isinstance(message.id, int):
                    self._replies[message.id] = message
            else:
                self._notified(message)

    def _notified(self, message: Notification) -> None:
        if message.method != "event":
            return
        try:
            event = event_from_data(message.params)
        except ProtocolError as exc:
            log.warning("%s", exc)
            return
        self._later(lambda: self._publish(event))

    def _later(self, action: Callable[[], None]) -> None:
        """Run `action` from the event loop, after the current call has returned."""
        self._queue.append(action)
        self._deliver.start()

    def _run_queue(self) -> None:
        queue, self._queue = self._queue, []
        for action in queue:
            action()

    def _publish(self, event: Event) -> None:
        self._events.publish(event)

    def _call(self, method: str, params: dict[str, Any]) -> Any:
        """Send one call and wait for its reply; raise the ApiError its error names."""
        if self._socket is None and not self._open():
            raise ServiceUnavailable("the Guardian service is not running")
        sock = self._socket
        assert sock is not None
        request_id = next(self._ids)
        sock.write(encode_frame(request_message(request_id, method, params)))
        sock.flush()
        deadline = time.monotonic() + self._timeout_ms / 1000
        while request_id not in self._replies:
            left = int((deadline - time.monotonic()) * 1000)
            if sock is not self._socket or left <= 0:
                raise ServiceUnavailable(f"the Guardian service did not answer {method}")
            if sock.bytesAvailable():
                self._read(sock)
            elif (
                not sock.waitForReadyRead(min(left, WAIT_SLICE_MS))
                and sock.state() != QLocalSocket.LocalSocketState.ConnectedState
            ):
                self._lose(reconnect=True)
        reply = self._replies.pop(request_id)
        if reply.error is not None:
            raise api_error_from(reply.error)
        return reply.result

    # --- GuardianApi ---------------------------------------------------------------------------

    def status(self) -> Status:
        """This account's status."""
        return status_from_data(self._call("status", {}))

    def rules(self) -> dict[str, Any]:
        """The rules that restrict this account, as plain data."""
        result: dict[str, Any] = self._call("rules", {})
        return result

    def submit_request(self, minutes: int, note: str = "") -> None:
        """Ask the parent for more time."""
        self._call("request.submit", {"minutes": minutes, "note": note})

    def has_password(self) -> bool:
        """Whether a parent password has been set."""
        return bool(self._call("auth.has_password", {}))

    def setup_state(self) -> SetupState:
        """See `GuardianApi.setup_state`."""
        data = self._call("setup.state", {})
        try:
            return SetupState(
                password=bool(data["password"]),
                policy=bool(data["policy"]),
                managed=bool(data["managed"]),
            )
        except (TypeError, KeyError):
            raise ProtocolError("the service sent a setup state this client cannot read") from None

    def set_password(self, token: str | None, new_password: str) -> str:
        """See `GuardianApi.set_password`."""
        return str(self._call("auth.set_password", {"token": token, "new_password": new_password}))

    def login(self, password: str) -> str:
        """See `GuardianApi.login`."""
        return str(self._call("auth.login", {"password": password}))

    def logout(self, token: str) -> None:
        """See `GuardianApi.logout`."""
        self._call("auth.logout", {"token": token})

    def get_policy(self, token: str) -> Policy:
        """See `GuardianApi.get_policy`."""
        # The model is loaded on the parent's first use: the tray alone never needs it.
        from rules.model import InvalidData, policy_from_data

        data = self._call("policy.get", {"token": token})
        try:
            return policy_from_data(data)
        except InvalidData as exc:
            raise ProtocolError(
                f"the service sent a policy this client cannot read: {exc}"
            ) from None

    def set_policy(self, token: str, policy: Policy) -> None:
        """See `GuardianApi.set_policy`."""
        from rules.model import policy_to_data

        self._call("policy.set", {"token": token, "policy": policy_to_data(policy)})

    def grant(
        self, token: str, profile_id: str, minutes: int | None, outside_hours: bool = False
    ) -> None:
        """See `GuardianApi.grant`."""
        params = {
            "token": token,
            "profile_id": profile_id,
            "minutes": minutes,
            "outside_hours": outside_hours,
        }
        self._call("grant", params)

    def accounts(self, token: str) -> list[dict[str, Any]]:
        """See `GuardianApi.accounts`."""
        return list(self._call("accounts", {"token": token}))

    def events(self, token: str, query: EventQuery = NEWEST_EVENTS) -> EventPage:
        """See `GuardianApi.events`."""
        asked = {k: v for k, v in asdict(query).items() if v is not None}
        if "kinds" in asked:
            asked["kinds"] = list(asked["kinds"])
        return event_page_from_data(self._call("events.list", {"token": token, **asked}))

    def running_apps(self, token: str) -> list[RunningApp]:
        """See `GuardianApi.running_apps`."""
        found = self._call("apps.running", {"token": token})
        return [running_app_from_data(entry) for entry in found]

    def seen_apps(self, token: str) -> list[RunningApp]:
        """See `GuardianApi.seen_apps`."""
        found = self._call("apps.seen", {"token": token})
        return [running_app_from_data(entry) for entry in found]

    def call(self, method: str, params: dict[str, Any]) -> Any:
        """See `GuardianApi.call`."""
        return self._call(method, params)

    def problems(self, token: str) -> list[Problem]:
        """See `GuardianApi.problems`; codes this client does not know are left out."""
        found = self._call("problems.list", {"token": token})
        return [p for p in (_problem_from_data(entry) for entry in found) if p is not None]

    def dismiss_problem(self, token: str, key: str) -> None:
        """See `GuardianApi.dismiss_problem`."""
        self._call("problems.dismiss", {"token": token, "key": key})

    def subscribe(self, callback: Callable[[Event], None]) -> Callable[[], None]:
        """Call `callback` for every event the service shows this client, from the event loop."""
        first = not self._events
        unsubscribe = self._events.subscribe(callback)
        if first and self._socket is not None:
            self._call("events.subscribe", {})
        return unsubscribe


def _problem_from_data(data: Any) -> Problem | None:
    """A Problem from `problems.list`; None for a code newer than this client."""
    try:
        code = ProblemCode(data["code"])
    except ValueError:
        log.info("the service reported a problem this client does not know: %s", data["code"])
        return None
    except (TypeError, KeyError):
        raise ProtocolError("the service sent a problem this client cannot read") from None
    try:
        return Problem(
            code=code,
            args={str(k): str(v) for k, v in dict(data.get("args") or {}).items()},
            detail=str(data.get("detail") or ""),
            dismissable=bool(data.get("dismissable", True)),
        )
    except (TypeError, ValueError):
        raise ProtocolError("the service sent a problem this client cannot read") from None
