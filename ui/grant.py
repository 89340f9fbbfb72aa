"""The parent's choice of bonus time for today: 15 min, 1 h, the rest of the day, or custom."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

MAX_CUSTOM_MINUTES = 24 * 60


class GrantDialog(QDialog):
    """Asks how much more time to give today; `minutes()` is the answer (None: rest of day)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Give more time"))
        self._choices = QButtonGroup(self)
        self._fixed: dict[QAbstractButton, int | None] = {}
        choices = (
            ("grant-15", 15, self.tr("15 minutes")),
            ("grant-60", 60, self.tr("1 hour")),
            ("grant-rest", None, self.tr("The rest of the day")),
        )
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("How much more time may be used today?")))
        for name, minutes, text in choices:
            button = QRadioButton(text)
            button.setObjectName(name)
            self._choices.addButton(button)
            self._fixed[button] = minutes
            layout.addWidget(button)
        self._choices.buttons()[0].setChecked(True)

        custom = QRadioButton(self.tr("Other:"))
        custom.setObjectName("grant-custom")
        self._choices.addButton(custom)
        self._custom = QSpinBox()
        self._custom.setObjectName("grant-custom-minutes")
        self._custom.setRange(1, MAX_CUSTOM_MINUTES)
        self._custom.setValue(30)
        self._custom.setSuffix(self.tr(" min"))
        self._custom.setEnabled(False)
        custom.toggled.connect(self._custom.setEnabled)
        row = QHBoxLayout()
        row.addWidget(custom)
        row.addWidget(self._custom)
        row.addStretch()
        layout.addLayout(row)

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Give time"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def minutes(self) -> int | None:
        """The minutes chosen; None means the rest of the day."""
        choice = self._choices.checkedButton()
        if choice in self._fixed:
            return self._fixed[choice]
        return self._custom.value()
