"""The one-page expert mode: every question that applies, the orientation live.

For professionals who know the questions. It shares the engine and the
answers with the wizard: only the questions that apply to the answers given so
far are shown, in the rules file's order, exactly as the wizard would ask them.
The result is the wizard's (action plan first, places, « À savoir »); at level 2
the identity section is there too; « Continuer » goes on to the fiches and the
case on the wizard's result page, with everything typed.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from asip_desktop.core.answers import Answers, get_answer, set_answer
from asip_desktop.core.conditions import MISSING
from asip_desktop.core.engine import Engine
from asip_desktop.core.result import OrientationResult
from asip_desktop.directory.partners import needs_for_situation
from asip_desktop.gui.directory.partners_panel import PartnersPanel
from asip_desktop.gui.request.branch_page import QuestionBlock
from asip_desktop.gui.request.person_page import PersonPage
from asip_desktop.gui.request.result_view import ResultView
from asip_desktop.gui.widgets.answer_buttons import AnswerButtons
from asip_desktop.gui.widgets.screen_fit import fit_content_width

SPLIT_MARGIN = 60  # the splitter's handle, the scroll bars and the margins
LEVEL_SHORT = {1: "Premier niveau", 2: "Deuxième niveau"}


def _scroll(widget: QWidget, name: str) -> QScrollArea:
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setWidget(widget)
    scroll.setAccessibleName(name)
    return scroll


class ExpertView(QWidget):
    result_changed = Signal(object)  # OrientationResult
    continue_requested = Signal()

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
        self.groups: dict[str, QuestionBlock] = {}
        self.answers_widgets: dict[str, AnswerButtons] = {}
        for question in engine.rules.questions:
            block = QuestionBlock(question)  # wrapped title and help, as in the wizard
            block.setObjectName(f"expert-{question.id}")
            block.answer.changed.connect(self.refresh)
            questions_layout.addWidget(block)
            self.groups[question.id] = block
            self.answers_widgets[question.id] = block.answer
        self.person = PersonPage()  # level 2: the identity, as on the wizard's page
        self.person.setObjectName("expert-identite")
        self.person.setTitle("")
        self.person_heading = QLabel(
            "<b>Identité et coordonnées de la personne (deuxième niveau)</b>"
        )
        self.person_heading.setWordWrap(True)
        questions_layout.addWidget(self.person_heading)
        questions_layout.addWidget(self.person)
        questions_layout.addStretch(1)
        scroll = _scroll(questions_host, "Questions")
        fit_content_width(scroll)

        self.view = ResultView(engine.rules)
        self.view.setObjectName("expert-result")
        self.continue_button = QPushButton("&Continuer : fiches et dossier →")
        self.continue_button.setObjectName("expert-continuer")
        self.continue_button.setAccessibleName("Continuer : fiches et dossier")
        self.continue_button.clicked.connect(self.continue_requested)
        result_host = QWidget()
        result_layout = QVBoxLayout(result_host)
        result_layout.addWidget(self.view)
        self.partners = PartnersPanel(scrolls=False)  # inside the result's scroll area
        result_layout.addWidget(self.partners)
        result_layout.addWidget(self.continue_button, 0, Qt.AlignmentFlag.AlignLeft)
        result_layout.addStretch(1)
        self.hosts = (questions_host, result_host)
        self.splitter = splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(scroll)
        splitter.addWidget(_scroll(result_host, "Orientation proposée"))
        splitter.setStretchFactor(0, 11)
        splitter.setStretchFactor(1, 9)
        splitter.setSizes([1100, 900])  # scaled to the width: 55 % for the questions

        layout = QVBoxLayout(self)
        layout.addLayout(level_row)
        layout.addWidget(splitter, 1)
        self.level_group.idToggled.connect(lambda *_: self.refresh())
        self.refresh()

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Side by side when both columns fit; else the result under the questions (a
        small screen, 150 % text): never cut text, never a horizontal scrollbar."""
        super().resizeEvent(event)
        needed = sum(h.minimumSizeHint().width() for h in self.hosts) + SPLIT_MARGIN
        wanted = Qt.Orientation.Horizontal if self.width() >= needed else Qt.Orientation.Vertical
        if self.splitter.orientation() != wanted:
            self.splitter.setOrientation(wanted)
            self.splitter.setSizes([1100, 900])

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
        level_2 = self.level() == 2
        self.person.setVisible(level_2)
        self.person_heading.setVisible(level_2)
        self.result = self.engine.evaluate(self.answers(), level=self.level())
        self.view.show_result(self.result)
        self.continue_button.setEnabled(bool(self.result.orientations))
        needs = needs_for_situation(self.answers(), self.result.services)
        self.partners.set_context(self.partners.commune(), needs)
        self.result_changed.emit(self.result)

    def load_answers(self, answers: dict[str, Any], level: int) -> None:
        answers = self.engine.upgrade(answers)  # answers saved under an older rules version
        self.level_buttons[level].setChecked(True)
        for qid, widget in self.answers_widgets.items():
            widget.blockSignals(True)
            widget.set_value(get_answer(answers, qid))
            widget.blockSignals(False)
        self.refresh()

    def clear(self) -> None:
        self.load_answers({}, self.level())
