"""The answer controls of one question: radio buttons, Oui/Non, or check boxes.

Shared by the wizard pages and the one-page expert mode, so both read and
write answers the same way. Digits 1-9 pick (or tick) an answer.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QCheckBox,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from asip_desktop.core.conditions import MISSING
from asip_desktop.core.ruleset import BOOL, MULTI, Question
from asip_desktop.gui.widgets.digit_keys import MAX_DIGIT_KEY, pick_by_digit
from asip_desktop.gui.widgets.wrapping import wrapped

BOOL_CHOICES = {True: "Oui", False: "Non"}


class AnswerButtons(QWidget):
    changed = Signal()

    def __init__(self, question: Question, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.question = question
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.buttons: dict[Any, QAbstractButton] = {}
        self.group = QButtonGroup(self)
        self.group.setExclusive(question.type != MULTI)
        choices: dict[Any, str] = (
            dict(BOOL_CHOICES) if question.type == BOOL else dict(question.choices)
        )
        for number, (value, label) in enumerate(choices.items(), start=1):
            text = wrapped(f"{number}. {label}" if number <= MAX_DIGIT_KEY else label)
            button: QAbstractButton = (
                QCheckBox(text) if question.type == MULTI else QRadioButton(text)
            )
            button.setObjectName(f"{question.id}={value}")
            button.setAccessibleName(label)
            button.setAccessibleDescription(question.text)
            if question.type == MULTI:
                # not in a QButtonGroup: Qt then leaves Tab on the ticked box only, as
                # for radio buttons, and a page of several lists would skip boxes
                button.toggled.connect(lambda *_: self.changed.emit())
            else:
                self.group.addButton(button)
            layout.addWidget(button)
            self.buttons[value] = button
        self.group.buttonToggled.connect(lambda *_: self.changed.emit())
        self.setAccessibleName(question.text)

    def value(self) -> Any:
        """The answer held, or MISSING."""
        if self.question.type == MULTI:
            return [v for v, b in self.buttons.items() if b.isChecked()]
        for v, b in self.buttons.items():
            if b.isChecked():
                return v
        return MISSING

    def is_answered(self) -> bool:
        """A choice needs one answer; a list needs one tick unless "none" is a
        valid answer (it has a default, e.g. no emergency)."""
        if self.question.type == MULTI and self.question.has_default:
            return True
        return any(b.isChecked() for b in self.buttons.values())

    def set_value(self, value: Any) -> None:
        if value is MISSING:
            self.clear()
        elif self.question.type == MULTI:
            values = [value] if isinstance(value, str) else value  # a 2026.1 single choice
            for v, b in self.buttons.items():
                b.setChecked(v in values)
        elif value in self.buttons:
            self.buttons[value].setChecked(True)

    def clear(self) -> None:
        self.group.setExclusive(False)
        for b in self.buttons.values():
            b.setChecked(False)
        self.group.setExclusive(self.question.type != MULTI)

    def focus_first(self) -> None:
        """Keyboard users land on the chosen answer, or on the first one."""
        checked = self.group.checkedButton()
        (checked or next(iter(self.buttons.values()))).setFocus()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Digit keys pick an answer: the fastest way for a counter agent."""
        if not pick_by_digit(event, list(self.buttons.values()), self.question.type == MULTI):
            super().keyPressEvent(event)
