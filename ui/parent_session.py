"""A parent's token for the windows that read the service on the parent's behalf (Activity,
the event log): calls with it, asks for the password again when it has expired, and ends it."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from guardian.api import ApiError, AuthRequired, GuardianApi
from ui.password import ask_parent_token

T = TypeVar("T")


class ParentSession(QObject):
    """One parent login shared by the windows opened with it.

    Signals:
        token_changed(str): the password was asked again and this token is used from now on.
    """

    token_changed = Signal(str)

    def __init__(self, api: GuardianApi, token: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.api = api
        self._token: str | None = token

    @property
    def token(self) -> str | None:
        """The token in use; None once the session was ended."""
        return self._token

    def call(self, request: Callable[[str], T], window: QWidget | None = None) -> T:
        """Call the service with the token; when it has expired, ask for the password again
        (over `window`) and retry once. AuthRequired when the parent cancels."""
        if self._token is not None:
            try:
                return request(self._token)
            except AuthRequired:
                pass
        token = ask_parent_token(self.api, window)
        if token is None:
            raise AuthRequired("the parent password was not given")
        self._token = token
        self.token_changed.emit(token)
        return request(token)

    def end(self) -> None:
        """Log the token out; later calls ask for the password."""
        if self._token is not None:
            with contextlib.suppress(ApiError):
                self.api.logout(self._token)
            self._token = None
