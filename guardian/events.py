"""Delivering events to subscribers: the service's own and the socket client's."""

from __future__ import annotations

import logging
from collections.abc import Callable

from guardian.api import Event

log = logging.getLogger(__name__)


class EventHub:
    """A list of callbacks; one that raises is logged and the others still hear the event."""

    def __init__(self) -> None:
        self._subscribers: list[Callable[[Event], None]] = []

    def __bool__(self) -> bool:
        return bool(self._subscribers)

    def subscribe(self, callback: Callable[[Event], None]) -> Callable[[], None]:
        """Call `callback` for every event until the returned function is called."""
        self._subscribers.append(callback)

        def unsubscribe() -> None:
            if callback in self._subscribers:
                self._subscribers.remove(callback)

        return unsubscribe

    def publish(self, event: Event) -> None:
        """Give `event` to every subscriber."""
        for callback in list(self._subscribers):
            try:
                callback(event)
            except Exception:
                log.exception("event subscriber failed on %s", event.kind)
