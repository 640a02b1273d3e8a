"""The one-page expert mode: every question that applies, the orientation live.

For professionals who know the questions. It shares the engine and the
answers with the wizard: only the questions that apply to the answers given so
far are shown, in the rules file's order, exactly as the wizard would ask them.
"""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QScrollArea,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from asip_desktop.core.answers import Answers, get_answer, set_answer
from asip_desktop.core.conditions import MISSING
from asip_desktop.core.engine import Engine
from asip_desktop.core.result import OrientationResult
from asip_desktop.gui.request.result_page import result_html
from asip_desktop.gui.widgets.answer_buttons import AnswerButtons
from asip_desktop.gui.widgets.paragraph import paragraph
from asip_desktop.gui.widgets.screen_fit import fit_content_width

LEVEL_SHORT = {1: "Premier niveau", 2: "Deuxième niveau"}


class ExpertView(QWidget):
    result_changed = Signal(object)  # OrientationResult

    def __init__(self, engine: Engine, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.engine = engine
        self.result: OrientationResult | None = None

        level_row = QHBoxLayout()
        level_row.addWidget(QLabel("Accueil :"))
        self.level_group = QButtonGroup(self)
        self.level_buttons: dict[int, QRadioButton] = {}
        for level, label in LEVEL_SHORT.items():
            button = QRadioButton(label)
            button.setObjectName(f"expert-niveau={level}")
            button.setAccessibleName(f"Accueil de {label.lower()}")
            self.level_group.addButton(button, level)
            self.level_buttons[level] = button
            level_row.addWidget(button)
        level_row.addStretch(1)
        self.level_buttons[1].setChecked(True)

        questions_host = QWidget()
        questions_layout = QVBoxLayout(questions_host)
        self.groups: dict[str, QGroupBox] = {}
        self.answers_widgets: dict[str, AnswerButtons] = {}
        for question in engine.rules.questions:
            box = QGroupBox()  # a group title would not wrap: the question is a label
            box.setObjectName(f"expert-{question.id}")
            box.setAccessibleName(question.text)
            box_layout = QVBoxLayout(box)
            box_layout.addWidget(paragraph(f"<b>{escape(question.text)}</b>", rich=True))
            widget = AnswerButtons(question)
            box_layout.addWidget(widget)
            widget.changed.connect(self.refresh)
            questions_layout.addWidget(box)
            self.groups[question.id] = box
            self.answers_widgets[question.id] = widget
        questions_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(questions_host)
        scroll.setAccessibleName("Questions")
        fit_content_width(scroll)

        self.browser = QTextBrowser()
        self.browser.setObjectName("expert-result")
        self.browser.setAccessibleName("Orientation proposée")
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(scroll)
        splitter.addWidget(self.browser)
        splitter.setSizes([520, 480])

        layout = QVBoxLayout(self)
        layout.addLayout(level_row)
        layout.addWidget(splitter, 1)
        self.level_group.idToggled.connect(lambda *_: self.refresh())
        self.refresh()

    def level(self) -> int:
        checked = self.level_group.checkedId()
        return checked if checked in LEVEL_SHORT else 1

    def answers(self) -> Answers:
        """Answers of the questions that apply, walking them in order."""
        answers: Answers = {}
        for qid in self._applicable():
            value = self.answers_widgets[qid].value()
            if value is not MISSING:
                set_answer(answers, qid, value)
        return answers

    def _applicable(self) -> list[str]:
        answers: Answers = {}
        applicable: list[str] = []
        level = self.level()
        for question in self.engine.rules.questions:
            asked = {q.id for q in self.engine.questions_to_ask(answers, level)}
            if question.id not in asked:
                continue
            applicable.append(question.id)
            value = self.answers_widgets[question.id].value()
            if value is not MISSING:
                set_answer(answers, question.id, value)
        return applicable

    def refresh(self) -> None:
        applicable = set(self._applicable())
        for qid, box in self.groups.items():
            box.setVisible(qid in applicable)
        self.result = self.engine.evaluate(self.answers(), level=self.level())
        self.browser.setHtml(result_html(self.result, self.engine.rules))
        self.result_changed.emit(self.result)

    def load_answers(self, answers: dict[str, Any], level: int) -> None:
        self.level_buttons[level].setChecked(True)
        for qid, widget in self.answers_widgets.items():
            widget.blockSignals(True)
            widget.set_value(get_answer(answers, qid))
            widget.blockSignals(False)
        self.refresh()

    def clear(self) -> None:
        self.load_answers({}, self.level())
