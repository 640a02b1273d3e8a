"""One wizard page per question of the rules file.

The page only shows the question and holds the answer; which page comes next
is asked of the engine by the wizard.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QCheckBox,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWizardPage,
)

from asip_desktop.core.conditions import MISSING
from asip_desktop.core.ruleset import BOOL, MULTI, Question

BOOL_CHOICES = {True: "Oui", False: "Non"}
MAX_DIGIT_KEY = 9
KEYS_HINT = "Clavier : touches 1 à 9 ou flèches pour choisir, Entrée pour continuer."
KEYS_HINT_MULTI = "Clavier : touches 1 à 9 pour cocher ou décocher, Entrée pour continuer."


class QuestionPage(QWizardPage):
    def __init__(self, question: Question) -> None:
        super().__init__()
        self.question = question
        self.setTitle(question.text)
        layout = QVBoxLayout(self)
        if question.help:
            help_label = QLabel(question.help)
            help_label.setWordWrap(True)
            help_label.setObjectName("help")
            layout.addWidget(help_label)
        self.buttons: dict[Any, QAbstractButton] = {}
        self.group = QButtonGroup(self)
        self.group.setExclusive(question.type != MULTI)
        choices: dict[Any, str] = (
            dict(BOOL_CHOICES) if question.type == BOOL else dict(question.choices)
        )
        for number, (value, label) in enumerate(choices.items(), start=1):
            text = f"{number}. {label}" if number <= MAX_DIGIT_KEY else label
            button: QAbstractButton = (
                QCheckBox(text) if question.type == MULTI else QRadioButton(text)
            )
            button.setObjectName(f"{question.id}={value}")
            button.setAccessibleName(label)
            button.setAccessibleDescription(question.text)
            self.group.addButton(button)
            layout.addWidget(button)
            self.buttons[value] = button
        keys = QLabel(KEYS_HINT_MULTI if question.type == MULTI else KEYS_HINT)
        keys.setObjectName("keys-hint")
        layout.addWidget(keys)
        layout.addStretch(1)
        self.group.buttonToggled.connect(self._answer_changed)
        self.setAccessibleName(question.text)

    def _answer_changed(self, *_: object) -> None:
        # QWizard briefly hides its pages while it updates its buttons, which
        # sends keyboard focus to the next widget of the window (the
        # navigation list): put it back where the person was typing.
        focused = self.focusWidget()
        self.completeChanged.emit()
        if focused is not None and focused.isVisible():
            focused.setFocus()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Digit keys pick an answer: the fastest way for a counter agent."""
        digit = event.key() - Qt.Key.Key_1 + 1
        buttons = list(self.buttons.values())
        if event.modifiers() == Qt.KeyboardModifier.NoModifier and 1 <= digit <= len(buttons):
            button = buttons[digit - 1]
            button.setFocus()
            if self.question.type == MULTI:
                button.toggle()
            else:
                button.setChecked(True)
            event.accept()
            return
        super().keyPressEvent(event)

    def focus_first(self) -> None:
        """Keyboard users land on the chosen answer, or on the first one."""
        checked = self.group.checkedButton()
        first = checked or next(iter(self.buttons.values()))
        first.setFocus()

    def isComplete(self) -> bool:
        return self.question.type == MULTI or self.group.checkedButton() is not None

    def value(self) -> Any:
        """The answer held by the page, or MISSING."""
        if self.question.type == MULTI:
            return [v for v, b in self.buttons.items() if b.isChecked()]
        for v, b in self.buttons.items():
            if b.isChecked():
                return v
        return MISSING

    def set_value(self, value: Any) -> None:
        if self.question.type == MULTI:
            for v, b in self.buttons.items():
                b.setChecked(v in value)
        elif value in self.buttons:
            self.buttons[value].setChecked(True)

    def clear(self) -> None:
        self.group.setExclusive(False)
        for b in self.buttons.values():
            b.setChecked(False)
        self.group.setExclusive(self.question.type != MULTI)
