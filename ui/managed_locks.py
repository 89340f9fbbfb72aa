"""Settings a school's managed policy sets: their fields are shown read-only, marked with a
lock, and say where the value comes from (docs/schools.md, "Managed policy").

The service tells the source of each value (`policy.sources`); a value from the OS-managed
policy or a managed policy file cannot be changed by the parent, and the service refuses a
save that would.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QFont, QFontDatabase, QFontMetrics
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QLabel,
    QLineEdit,
    QWidget,
)

from guardian.api import ApiError, GuardianApi

log = logging.getLogger(__name__)
translate = QCoreApplication.translate

MANAGED_LAYERS = frozenset({"os", "managed"})
LOCK = 0x1F512
"""🔒, drawn only where some installed font has it: without an emoji font (many Linux
desktops) it would show as an empty box."""


@functools.cache
def lock_mark() -> str:
    """What marks a managed field's label: the lock where a font draws it, else a word."""
    for family in QFontDatabase.families():
        if QFontMetrics(QFont(family)).inFontUcs4(LOCK):
            return chr(LOCK) + " "
    return translate("ManagedLocks", "[managed]") + " "


@dataclass
class _Original:
    """What a field looked like before it was locked, to put back when it is not."""

    tooltip: str
    read_only: bool
    label: QLabel | None
    label_text: str
    label_tooltip: str


class ManagedLocks:
    """Which settings are managed, and the fields locked because of it."""

    def __init__(self, sources: Mapping[str, Mapping[str, str]]) -> None:
        self._managed = {
            path: str(source.get("file", ""))
            for path, source in sources.items()
            if source.get("layer") in MANAGED_LAYERS
        }
        self._fields: dict[QWidget, _Original] = {}
        self._locked: dict[QWidget, str] = {}

    @classmethod
    def fetch(cls, api: GuardianApi, token: str) -> ManagedLocks:
        """The sources from the service; none (nothing locked) when it cannot tell."""
        try:
            sources = api.call("policy.sources", {"token": token})
        except ApiError as error:
            log.warning("could not read where the settings come from: %s", error)
            return cls({})
        return cls(sources if isinstance(sources, dict) else {})

    @property
    def any(self) -> bool:
        """Whether anything is managed."""
        return bool(self._managed)

    @property
    def files(self) -> list[str]:
        """The managed files and OS stores that set something, each once."""
        return sorted(set(self._managed.values()))

    def source(self, paths: Iterable[str]) -> str | None:
        """The file or OS store that sets any of `paths`, a value inside one, or the array or
        value holding one; None when none is managed."""
        for wanted in paths:
            for path, source in self._managed.items():
                if path == wanted or path.startswith(wanted + ".") or wanted.startswith(path + "."):
                    return source
        return None

    def set(self, widget: QWidget, paths: Iterable[str], label: QLabel | None = None) -> None:
        """Lock `widget` (and mark its `label`) when one of `paths` is managed, else put it
        back as it was (enabled, for a field that has no read-only state)."""
        source = self.source(paths)
        original = self._fields.get(widget)
        if source is None:
            if original is not None and widget in self._locked:
                del self._locked[widget]
                self._restore(widget, original)
            return
        if original is None:
            original = self._fields[widget] = _Original(
                widget.toolTip(),
                _read_only(widget),
                label,
                label.text() if label is not None else "",
                label.toolTip() if label is not None else "",
            )
        self._locked[widget] = source
        self._lock(widget, source, original)

    def reapply(self) -> None:
        """Lock the locked fields again (after a page enabled its fields by itself)."""
        for widget, source in self._locked.items():
            self._lock(widget, source, self._fields[widget])

    def is_locked(self, widget: QWidget) -> bool:
        """Whether a field is locked now."""
        return widget in self._locked

    @staticmethod
    def tooltip(source: str) -> str:
        """Why a field cannot be changed."""
        return translate("ManagedLocks", "Set by your school's managed policy: %1").replace(
            "%1", source
        )

    def _lock(self, widget: QWidget, source: str, original: _Original) -> None:
        why = self.tooltip(source)
        widget.setToolTip(why)
        widget.setAccessibleDescription(why)
        widget.setProperty("managed", True)
        if isinstance(widget, QLineEdit | QAbstractSpinBox):
            widget.setReadOnly(True)
        else:
            widget.setEnabled(False)
        if original.label is not None:
            original.label.setText(lock_mark() + original.label_text)
            original.label.setToolTip(why)

    @staticmethod
    def _restore(widget: QWidget, original: _Original) -> None:
        widget.setToolTip(original.tooltip)
        widget.setAccessibleDescription("")
        widget.setProperty("managed", False)
        if isinstance(widget, QLineEdit | QAbstractSpinBox):
            widget.setReadOnly(original.read_only)
        else:
            widget.setEnabled(True)  # the pages disable fields only while they are locked
        if original.label is not None:
            original.label.setText(original.label_text)
            original.label.setToolTip(original.label_tooltip)


def _read_only(widget: QWidget) -> bool:
    if isinstance(widget, QLineEdit | QAbstractSpinBox):
        return widget.isReadOnly()
    return False


def managed_banner(locks: ManagedLocks) -> QLabel:
    """The line at the top of the settings when a school's policy sets some of them."""
    text = translate(
        "ManagedLocks",
        "Some settings are set by your school's managed policy (%1). They are marked with a "
        "lock and cannot be changed here.",
    ).replace("%1", ", ".join(locks.files))
    banner = QLabel(lock_mark() + text)
    banner.setObjectName("managed-banner")
    banner.setWordWrap(True)
    banner.setStyleSheet("background: #e8f0fe; color: #174ea6; padding: 6px; border-radius: 4px;")
    return banner
