"""The banner at the top of the parent's settings: each problem, translated, with its fix."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from guardian.problems import Problem
from ui.texts import problem_text

BANNER_STYLE = (
    "QFrame#problems { background: #fdecea; border: 1px solid #b3261e; border-radius: 4px; }"
    " QFrame#problems QLabel { color: #5f1410; }"
)


def _wrapped(text: str, name: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class ProblemRow(QWidget):
    """One problem: what happened, what to do, the technical detail on demand, and Dismiss.

    Signals:
        dismiss_requested(str): Dismiss was pressed; the problem's key.
    """

    dismiss_requested = Signal(str)

    def __init__(self, problem: Problem, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.problem = problem
        text, fix = problem_text(problem)
        sentence = _wrapped(f"• {text}", "problem-text")
        font = sentence.font()
        font.setBold(True)
        sentence.setFont(font)
        self.fix = _wrapped(fix, "problem-fix")
        self.fix.setIndent(12)
        self.detail = _wrapped(problem.detail, "problem-detail")
        self.detail.setIndent(12)
        self.detail.hide()

        buttons = QHBoxLayout()
        buttons.setContentsMargins(12, 0, 0, 0)
        self.details_button = QToolButton()
        self.details_button.setObjectName("problem-details")
        self.details_button.setText(self.tr("Details"))
        self.details_button.setCheckable(True)
        self.details_button.setAutoRaise(True)
        self.details_button.setArrowType(Qt.ArrowType.RightArrow)
        self.details_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.details_button.toggled.connect(self._show_detail)
        self.details_button.setVisible(bool(problem.detail))
        buttons.addWidget(self.details_button)
        buttons.addStretch()
        self.dismiss_button = QPushButton(self.tr("Dismiss"))
        self.dismiss_button.setObjectName("problem-dismiss")
        self.dismiss_button.setAccessibleDescription(text)
        self.dismiss_button.clicked.connect(lambda: self.dismiss_requested.emit(problem.key))
        self.dismiss_button.setVisible(problem.dismissable)
        buttons.addWidget(self.dismiss_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(sentence)
        layout.addWidget(self.fix)
        layout.addLayout(buttons)
        layout.addWidget(self.detail)

    def _show_detail(self, shown: bool) -> None:
        self.details_button.setArrowType(
            Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow
        )
        self.detail.setVisible(shown)


class ProblemBanner(QFrame):
    """Every problem the service reports, one row each; hides itself when none is left.

    `dismiss(key)` asks the service to hide a problem and returns whether it did.
    """

    def __init__(
        self,
        problems: Sequence[Problem],
        dismiss: Callable[[str], bool],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("problems")
        self.setStyleSheet(BANNER_STYLE)
        self._dismiss = dismiss
        self.rows: list[ProblemRow] = []
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("<b>Guardian needs your attention</b>")))
        for problem in problems:
            row = ProblemRow(problem)
            row.dismiss_requested.connect(self._on_dismiss)
            layout.addWidget(row)
            self.rows.append(row)

    def _on_dismiss(self, key: str) -> None:
        if not self._dismiss(key):
            return
        for row in [r for r in self.rows if r.problem.key == key]:
            self.rows.remove(row)
            row.hide()
            row.deleteLater()
        if not self.rows:
            self.hide()
