"""One wizard page per question of the rules file.

The page only shows the question and holds the answer; which page comes next
is asked of the engine by the wizard.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWizardPage

from asip_desktop.core.ruleset import MULTI, Question
from asip_desktop.gui.widgets.answer_buttons import AnswerButtons

KEYS_HINT = "Clavier : touches 1 à 9 ou flèches pour choisir, Entrée pour continuer."
KEYS_HINT_MULTI = "Clavier : touches 1 à 9 pour cocher ou décocher, Entrée pour continuer."


class HoldsAnswer:
    """What a question page and a question block of a branch page share: the answer."""

    answer: AnswerButtons

    def focus_first(self) -> None:
        self.answer.focus_first()

    def value(self) -> Any:
        return self.answer.value()

    def set_value(self, value: Any) -> None:
        self.answer.set_value(value)

    def clear(self) -> None:
        self.answer.clear()


class QuestionPage(HoldsAnswer, QWizardPage):
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
        self.answer = AnswerButtons(question)
        self.buttons = self.answer.buttons
        layout.addWidget(self.answer)
        keys = QLabel(KEYS_HINT_MULTI if question.type == MULTI else KEYS_HINT)
        keys.setObjectName("keys-hint")
        layout.addWidget(keys)
        layout.addStretch(1)
        self.answer.changed.connect(self._answer_changed)
        self.setAccessibleName(question.text)

    def _answer_changed(self) -> None:
        # QWizard briefly hides its pages while it updates its buttons, which
        # sends keyboard focus to the next widget of the window (the
        # navigation list): put it back where the person was typing.
        focused = self.focusWidget()
        self.completeChanged.emit()
        if focused is not None and focused.isVisible():
            focused.setFocus()

    def isComplete(self) -> bool:
        return self.answer.is_answered()
