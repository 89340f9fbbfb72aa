"""The service's end of the local socket: JSON-RPC calls in, replies and events out.

Runs on the service's QtCore event loop and never blocks it: reads arrive by `readyRead`,
replies are buffered by `QLocalSocket.write`. Nothing a client sends may stop the service, so
every call is answered with a result or an error object, whatever the bytes were. No account
may starve another: connections are capped per account (guardian.ipc.admission), half-sent
frames and silent connections are closed by a timer, and writing methods are rate-limited per
account (guardian.limits).
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from guardian.api import ADDRESSED_EVENTS, PARENT_EVENTS, ApiError, Event
from guardian.ipc.admission import Administrators, ConnectionLimits, refusal
from guardian.ipc.protocol import (
    INTERNAL_ERROR,
    INVALID_PARAMS,
    INVALID_POLICY,
    METHOD_NOT_FOUND,
    NO_IDENTITY,
    PROTOCOL_VERSION,
    FrameDecoder,
    Oversize,
    Request,
    RpcError,
    decode_request,
    encode_frame,
    error_message,
    event_message,
    result_message,
    rpc_error_for,
    too_large_error,
)
from guardian.limits import MethodLimits
from guardian.methods import BadParam
from guardian.platform.locations import prepare_socket_folder
from guardian.platform.peer import PeerIdentity, current_peer_identity, own_account
from guardian.service import GuardianService
from guardian.version import installed_version
from rules.model import InvalidData
from rules.validation import describe

log = logging.getLogger(__name__)
MAX_UNSENT_BYTES = 4 * 1024 * 1024
"""A client that sends calls but never reads the replies is cut off past this much backlog."""
ROLES = ("tray", "cli")
VERSION = installed_version()
"""The service's version, told to every client in `hello` (read once: it cannot change)."""


@dataclass(eq=False)
class Connection:
    """One client: its socket, the OS account it runs as, and what it asked for."""

    socket: QLocalSocket
    account: str | None
    decoder: FrameDecoder = field(default_factory=FrameDecoder)
    role: str | None = None
    subscribed: bool = False
    token: str | None = None
    """The last parent token this connection used successfully; widens what events it gets."""
    privileged: bool = False
    """An administrator's: not counted against the ordinary accounts' connections."""
    heard: float = 0.0
    """When bytes last arrived (monotonic seconds)."""
    frame_began: float | None = None
    """When the frame now half-received began; None between frames."""


def _answers(path: str) -> bool:
    """Whether a server already accepts connections at `path`."""
    probe = QLocalSocket()
    probe.connectToServer(path)
    alive = probe.waitForConnected(200)
    probe.abort()
    return alive


class IpcServer(QObject):
    """Serves a GuardianService to local clients over QLocalServer (docs/protocol.md).

    `monotonic` times connections and rate limits (real seconds: tests' fake service clocks
    must not close connections); `administrators` tells which accounts are admins.

    Signals:
        tray_lost(str): a connection that said hello as a tray closed; carries its account.
    """

    tray_lost = Signal(str)

    def __init__(
        self,
        service: GuardianService,
        identity: PeerIdentity | None = None,
        parent: QObject | None = None,
        *,
        limits: ConnectionLimits | None = None,
        monotonic: Callable[[], float] = time.monotonic,
        administrators: Callable[[str | None], bool] | None = None,
    ) -> None:
        super().__init__(parent)
        self._service = service
        self._identity = identity or current_peer_identity()
        self._limits = limits or ConnectionLimits()
        self._monotonic = monotonic
        self._administrators = administrators or Administrators(
            service.platform.accounts, own_account(), monotonic
        )
        self._rates = MethodLimits(monotonic)
        self._timeouts = QTimer(self)
        self._timeouts.setObjectName("ipc-timeouts")
        # Often enough that a timeout is late by a quarter of itself at most; never busy.
        shortest = min(self._limits.frame_seconds, self._limits.idle_seconds)
        self._timeouts.setInterval(max(20, min(1000, int(shortest * 250))))
        self._timeouts.timeout.connect(self._close_stalled)
        self._server = QLocalServer(self)
        self._server.setObjectName("ipc-server")
        # World access: every local user may connect; what they may do is decided per call.
        self._server.setSocketOptions(QLocalServer.SocketOption.WorldAccessOption)
        self._server.newConnection.connect(self._accept)
        self._connections: dict[QLocalSocket, Connection] = {}
        self._unsubscribe: Callable[[], None] | None = None
        self._error = ""
        self._own: dict[str, Callable[[Connection, dict[str, Any]], Any]] = {
            "hello": self._hello,
            "events.subscribe": self._subscribe,
        }
        """Methods about the connection itself; the rest are the service's table."""

    # --- listening -----------------------------------------------------------------------------

    def listen(self, path: str, *, private: bool = False) -> bool:
        """Listen on `path`; False (see `error_text`) if another service answers there or the OS
        refuses. The socket's folder is made as `prepare_socket_folder` says (`private`: a
        standalone tray's own), a dead service's socket file is removed first, and the socket
        itself is world-accessible (set in the constructor)."""
        self._error = ""
        try:
            prepare_socket_folder(path, private=private)
        except OSError as exc:
            self._error = f"cannot create the socket's folder: {exc.strerror or exc}"
            return False
        if _answers(path):
            self._error = "another Guardian service is already listening there"
            return False
        QLocalServer.removeServer(path)
        if not self._server.listen(path):
            self._error = self._server.errorString()
            return False
        if self._unsubscribe is None:
            self._unsubscribe = self._service.subscribe(self._push)
        self._timeouts.start()
        log.info("listening on %s", self._server.fullServerName())
        return True

    def error_text(self) -> str:
        """Why the last `listen` failed."""
        return self._error

    def close(self) -> None:
        """Stop listening and drop every client (they reconnect to the next service)."""
        self._server.close()
        self._timeouts.stop()
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        for conn in list(self._connections.values()):
            self._forget(conn)
            conn.socket.abort()

    def _forget(self, conn: Connection) -> None:
        """Detach a closed client, keeping neither its signals nor a reference to its socket."""
        self._connections.pop(conn.socket, None)
        conn.socket.readyRead.disconnect()
        conn.socket.disconnected.disconnect()
        conn.socket.deleteLater()

    def connection_count(self) -> int:
        """How many clients are connected now."""
        return len(self._connections)

    # --- connections -------------------------------------------------------------------------

    def _accept(self) -> None:
        while self._server.hasPendingConnections():
            sock = self._server.nextPendingConnection()
            account = self._identity.account(int(sock.socketDescriptor()))
            privileged = self._administrators(account)
            why = refusal(
                self._limits,
                account,
                privileged,
                len(self._connections),
                Counter(
                    c.account
                    for c in self._connections.values()
                    if not c.privileged and not self._is_parent(c)
                ),
            )
            if why is not None:
                log.debug("refusing a client of %s: %s", account, why)
                sock.abort()
                sock.deleteLater()
                continue
            if account is None:
                log.warning("a client connected whose OS account cannot be known")
            conn = Connection(sock, account, privileged=privileged, heard=self._monotonic())
            self._connections[sock] = conn
            sock.readyRead.connect(lambda c=conn: self._read(c))
            sock.disconnected.connect(lambda c=conn: self._drop(c))
            if sock.bytesAvailable():
                self._read(conn)

    def _drop(self, conn: Connection) -> None:
        if conn.socket not in self._connections:
            return
        self._forget(conn)
        if conn.role == "tray" and conn.account is not None:
            self.tray_lost.emit(conn.account)

    def _read(self, conn: Connection) -> None:
        data = bytes(conn.socket.readAll().data())
        conn.heard = self._monotonic()
        frames = conn.decoder.feed(data)
        if not conn.decoder.pending:
            conn.frame_began = None
        elif frames or conn.frame_began is None:
            conn.frame_began = conn.heard
        for frame in frames:
            if isinstance(frame, Oversize):
                self._send(conn, error_message(too_large_error(frame.length)))
                continue
            reply = self._answer(conn, frame)
            if reply is not None:
                self._send(conn, reply)
        if conn.socket.bytesToWrite() > MAX_UNSENT_BYTES:
            log.warning("dropping a client (%s) that does not read its replies", conn.account)
            conn.socket.abort()

    def _close_stalled(self) -> None:
        """Close connections whose frame stalls half-sent, and silent ones that never
        subscribed: neither may hold a slot another client needs."""
        now = self._monotonic()
        for conn in list(self._connections.values()):
            if conn.frame_began is not None:
                if now - conn.frame_began < self._limits.frame_seconds:
                    continue
                log.info("closing a client of %s: its frame stalled half-sent", conn.account)
            elif conn.subscribed or now - conn.heard < self._limits.idle_seconds:
                continue
            else:
                log.info("closing a silent client of %s", conn.account)
            conn.socket.abort()
            self._drop(conn)

    def _send(self, conn: Connection, message: dict[str, Any]) -> None:
        try:
            frame = encode_frame(message)
        except (ValueError, TypeError):
            log.error("a reply to %s was too large to send", conn.account)
            frame = encode_frame(
                error_message(
                    RpcError(INTERNAL_ERROR, "the reply was too large", None, message.get("id"))
                )
            )
        conn.socket.write(frame)

    # --- calls ---------------------------------------------------------------------------------

    def _answer(self, conn: Connection, payload: bytes) -> dict[str, Any] | None:
        """The reply to one frame, or None for a notification (which JSON-RPC never answers)."""
        try:
            request = decode_request(payload)
        except RpcError as error:
            return error_message(error)
        try:
            reply = result_message(request.id, self._call(conn, request))
        except Exception as exc:
            reply = error_message(self._error_for(exc, request))
        return reply if request.has_id else None

    @staticmethod
    def _error_for(exc: Exception, request: Request) -> RpcError:
        if isinstance(exc, RpcError):
            exc.request_id = request.id
            return exc
        if isinstance(exc, BadParam):
            return RpcError(INVALID_PARAMS, str(exc), {"param": exc.param}, request.id)
        if isinstance(exc, ApiError):
            return rpc_error_for(exc, request.id)
        if isinstance(exc, InvalidData):
            problems = [
                {"path": ".".join(str(p) for p in problem.path), "message": describe(problem)}
                for problem in exc.problems
            ]
            data = {"problems": problems}
            return RpcError(INVALID_POLICY, "the policy is not valid", data, request.id)
        log.error("client call %s failed", request.method, exc_info=exc)
        return RpcError(INTERNAL_ERROR, "internal error", None, request.id)

    def _call(self, conn: Connection, request: Request) -> Any:
        if conn.account is None:
            raise RpcError(NO_IDENTITY, "the service cannot tell who you are", None, request.id)
        own = self._own.get(request.method)
        if own is not None:
            return own(conn, request.params)
        table = self._service.methods
        if table.get(request.method) is None:
            raise RpcError(
                METHOD_NOT_FOUND, "method not found", {"method": request.method}, request.id
            )
        self._rates.take(request.method, conn.account)
        result = table.call(conn.account, request.method, request.params, self._service.auth.check)
        self._remember_token(conn, request, result)
        return table.encode(request.method, result)

    @staticmethod
    def _remember_token(conn: Connection, request: Request, result: Any) -> None:
        """A connection that showed or was given a live parent token hears every event."""
        token = request.params.get("token")
        if request.method in ("auth.login", "auth.set_password"):
            conn.token = result
        elif request.method == "auth.logout":
            if conn.token == token:
                conn.token = None
        elif isinstance(token, str):
            conn.token = token

    def _hello(self, conn: Connection, params: dict[str, Any]) -> dict[str, Any]:
        unknown = sorted(set(params) - {"role", "version"})
        if unknown or not isinstance(params.get("role"), str):
            name = unknown[0] if unknown else "role"
            raise RpcError(INVALID_PARAMS, f"bad param '{name}'", {"param": name})
        if params["role"] not in ROLES:
            raise RpcError(INVALID_PARAMS, "role must be tray or cli", {"param": "role"})
        conn.role = params["role"]
        return {"protocol": PROTOCOL_VERSION, "account": conn.account, "version": VERSION}

    def _subscribe(self, conn: Connection, params: dict[str, Any]) -> None:
        if params:
            name = sorted(params)[0]
            raise RpcError(INVALID_PARAMS, f"unknown param '{name}'", {"param": name})
        conn.subscribed = True

    # --- events --------------------------------------------------------------------------------

    def _push(self, event: Event) -> None:
        """Send an event to subscribers: a child's own or unaddressed ones; all to a parent.
        Parents' events (`PARENT_EVENTS`) go only to a logged-in parent or an unrestricted
        account; addressed ones (`ADDRESSED_EVENTS`, answers to requests) only to those and
        the account they name, never to an unaddressed child."""
        owner = event.data.get("account")
        message = event_message(event)
        for_parents = event.kind in PARENT_EVENTS
        addressed = event.kind in ADDRESSED_EVENTS
        for conn in list(self._connections.values()):
            if not conn.subscribed:
                continue
            if for_parents or addressed:
                if (
                    (addressed and owner is not None and owner == conn.account)
                    or self._is_parent(conn)
                    or self._service.unrestricted(conn.account)
                ):
                    self._send(conn, message)
            elif owner is None or owner == conn.account or self._is_parent(conn):
                self._send(conn, message)

    def _is_parent(self, conn: Connection) -> bool:
        return conn.token is not None and self._service.auth.is_live(conn.token)
