"""Giving a child more time today, saying exactly what the grant does.

`GrantChoice` is the amount (the amount asked, 15 min, 30 min, 1 h, the rest of the day, or
custom) and whether the time may also be used outside the allowed hours (bedtime), with one
sentence that says what will happen and follows every change. The bonus-time dialog and the
answer to a child's time request both use it. Extra time never lifts the allowed hours unless
the parent ticks so; when the child is outside the allowed hours right now, the parent must
choose one way or the other.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QCoreApplication, QLocale, Qt, QTime, Signal
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from guardian.api import Status
from ui.texts import format_duration

MAX_CUSTOM_MINUTES = 24 * 60
HOURS_REASONS = frozenset({"outside_hours", "no_hours_today"})
NOTE_STYLE = "color: #8a4b00;"
translate = QCoreApplication.translate


def outside_hours_now(status: Status | None) -> bool:
    """Whether a child's computer is closed right now because of the allowed hours."""
    return (
        status is not None
        and status.restricted
        and not status.allowed
        and bool(HOURS_REASONS.intersection(status.reasons))
    )


def hours_begin_text(status: Status | None) -> str:
    """When a closed computer opens next (the status's next change), as a time of day in the
    reader's format; "" when the status does not say."""
    if status is None or not status.next_change:
        return ""
    try:
        when = datetime.fromisoformat(status.next_change)
    except ValueError:
        return ""
    return QLocale().toString(QTime(when.hour, when.minute), QLocale.FormatType.ShortFormat)


def hours_resume_today(status: Status | None) -> bool:
    """Whether a closed computer's allowed hours begin again before the day ends: bonus time
    lasts only until midnight, so time "for later" is only worth giving then. True when the
    status does not say (the parent is not kept from a choice on a guess)."""
    if status is None or not status.next_change:
        return True
    try:
        return datetime.fromisoformat(status.next_change).date().isoformat() == status.day
    except ValueError:
        return True


def grant_sentence(minutes: int | None, outside_hours: bool) -> str:
    """What a grant does, in one sentence; `minutes` None is the rest of the day."""
    if minutes is None:
        if outside_hours:
            return translate(
                "GrantChoice",
                "Opens the computer now for the rest of the day, even outside the allowed hours "
                "(bedtime).",
            )
        return translate(
            "GrantChoice",
            "Lifts today's time limit for the rest of the day, within the allowed hours.",
        )
    amount = format_duration(minutes * 60)
    if outside_hours:
        return translate(
            "GrantChoice",
            "Opens the computer now for %1, even outside the allowed hours (bedtime).",
        ).replace("%1", amount)
    return translate(
        "GrantChoice", "Adds %1 to today's time, usable within the allowed hours."
    ).replace("%1", amount)


class GrantChoice(QWidget):
    """How much time to give and whether it also opens the allowed hours, with the sentence
    that says what that does.

    With `asked`, the first choice is the amount a child asked for. With `status` of a child
    outside the allowed hours now, nothing about the hours is preselected: the parent picks
    "within the allowed hours" or "now, outside them" and `ready()` is False until then.

    Signals:
        changed: the amount or the hours choice changed.
    """

    changed = Signal()

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        asked: int | None = None,
        status: Status | None = None,
    ) -> None:
        super().__init__(parent)
        self._outside_now = outside_hours_now(status)
        self._amounts = QButtonGroup(self)
        self._fixed: dict[QAbstractButton, int | None] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        choices: list[tuple[str, int | None, str]] = []
        if asked is not None:
            choices.append(
                (
                    "grant-asked",
                    asked,
                    self.tr("As asked: %1").replace("%1", format_duration(asked * 60)),
                )
            )
        choices += [
            ("grant-15", 15, self.tr("15 minutes")),
            ("grant-30", 30, self.tr("30 minutes")),
            ("grant-60", 60, self.tr("1 hour")),
            ("grant-rest", None, self.tr("The rest of the day")),
        ]
        for name, minutes, text in choices:
            button = QRadioButton(text)
            button.setObjectName(name)
            self._amounts.addButton(button)
            self._fixed[button] = minutes
            layout.addWidget(button)
        self._amounts.buttons()[0].setChecked(True)

        custom = QRadioButton(self.tr("Other:"))
        custom.setObjectName("grant-custom")
        self._amounts.addButton(custom)
        self._custom = QSpinBox()
        self._custom.setObjectName("grant-custom-minutes")
        self._custom.setRange(1, MAX_CUSTOM_MINUTES)
        self._custom.setValue(45)
        self._custom.setSuffix(self.tr(" min"))
        self._custom.setAccessibleName(self.tr("Other amount of minutes"))
        self._custom.setEnabled(False)
        custom.toggled.connect(self._custom.setEnabled)
        self._custom.valueChanged.connect(self._on_change)
        row = QHBoxLayout()
        row.addWidget(custom)
        row.addWidget(self._custom)
        row.addStretch()
        layout.addLayout(row)
        self._amounts.buttonToggled.connect(self._on_change)

        self._hours_note = QLabel()
        self._hours_note.setObjectName("grant-hours-note")
        self._hours_note.setWordWrap(True)
        self._hours_note.setStyleSheet(NOTE_STYLE)
        self._outside = QCheckBox(self.tr("Also allow use outside the allowed hours for this time"))
        self._outside.setObjectName("grant-outside-hours")
        self._outside.toggled.connect(self._on_change)
        self._within = QRadioButton()
        self._within.setObjectName("grant-within-hours")
        self._open_now = QRadioButton(
            self.tr("Open the computer now, even outside the allowed hours")
        )
        self._open_now.setObjectName("grant-open-now")
        self._hours = QButtonGroup(self)
        self._hours.addButton(self._within)
        self._hours.addButton(self._open_now)
        self._hours.buttonToggled.connect(self._on_change)
        if self._outside_now:
            begins = hours_begin_text(status)
            if not hours_resume_today(status):
                note = self.tr(
                    "It is outside the allowed hours now, and they do not begin again today. "
                    "Extra time is for today only, so it can only be used if it opens the "
                    "computer now."
                )
                within = self.tr("Add the time for later (no allowed hours are left today)")
                self._within.setEnabled(False)
            elif begins:
                note = self.tr(
                    "It is outside the allowed hours now. Extra time alone does not open the "
                    "computer until they begin (%1)."
                ).replace("%1", begins)
                within = self.tr("Add the time for later, from %1").replace("%1", begins)
            else:
                note = self.tr(
                    "It is outside the allowed hours now. Extra time alone does not open the "
                    "computer until they begin."
                )
                within = self.tr("Add the time for later, within the allowed hours")
            self._hours_note.setText(note)
            self._within.setText(within)
            self._outside.hide()
            layout.addWidget(self._hours_note)
            layout.addWidget(self._within)
            layout.addWidget(self._open_now)
        else:
            self._hours_note.hide()
            self._within.hide()
            self._open_now.hide()
            layout.addWidget(self._outside)

        self._sentence = QLabel()
        self._sentence.setObjectName("grant-sentence")
        self._sentence.setWordWrap(True)
        font = self._sentence.font()
        font.setBold(True)
        self._sentence.setFont(font)
        layout.addWidget(self._sentence)
        self._on_change()

    def minutes(self) -> int | None:
        """The minutes chosen; None means the rest of the day."""
        choice = self._amounts.checkedButton()
        if choice in self._fixed:
            return self._fixed[choice]
        return self._custom.value()

    def rest_of_day(self) -> bool:
        """Whether the rest of the day was chosen."""
        return self.minutes() is None

    def outside_hours(self) -> bool:
        """Whether the time may also be used outside the allowed hours."""
        if self._outside_now:
            return self._open_now.isChecked()
        return self._outside.isChecked()

    def ready(self) -> bool:
        """Whether everything needed is chosen (outside the hours: which way)."""
        return not self._outside_now or self._hours.checkedButton() is not None

    def sentence(self) -> str:
        """What the grant will do, as shown."""
        return self._sentence.text()

    def _on_change(self, *_args: object) -> None:
        if self.ready():
            text = grant_sentence(self.minutes(), self.outside_hours())
        else:
            text = self.tr("Choose whether the time may be used now, outside the allowed hours.")
        self._sentence.setText(text)
        self.changed.emit()


class GrantDialog(QDialog):
    """Asks how much more time to give today and whether it also opens the allowed hours;
    `minutes()` (None: the rest of the day) and `outside_hours()` are the answer. With the
    child's `status`, says when the child is outside the allowed hours right now."""

    def __init__(
        self,
        parent: QWidget | None = None,
        status: Status | None = None,
        name: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Give more time"))
        layout = QVBoxLayout(self)
        if name:
            question = self.tr("How much more time may %1 use today?").replace("%1", name)
        else:
            question = self.tr("How much more time may be used today?")
        question_label = QLabel(question)
        question_label.setTextFormat(Qt.TextFormat.PlainText)  # the parent typed the name
        layout.addWidget(question_label)
        self.choice = GrantChoice(self, status=status)
        layout.addWidget(self.choice)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self._ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self._ok.setText(self.tr("Give time"))
        self._ok.setObjectName("grant-ok")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.choice.changed.connect(self._update_ok)
        self._update_ok()

    def minutes(self) -> int | None:
        """The minutes chosen; None means the rest of the day."""
        return self.choice.minutes()

    def outside_hours(self) -> bool:
        """Whether the time also opens the computer outside the allowed hours."""
        return self.choice.outside_hours()

    def accept(self) -> None:
        """Close with the answer, only once everything needed is chosen."""
        if self.choice.ready():
            super().accept()

    def _update_ok(self) -> None:
        self._ok.setEnabled(self.choice.ready())
