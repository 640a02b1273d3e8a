"""Short second-level paths: the consecutive questions of one branch of the rules
file (same id prefix before the dot, e.g. ``sante.*``) on one wizard page.

Each question is revealed once the one before it is answered; which questions
apply is asked of the engine, exactly as the wizard does page by page, so the
path and the answers are the same as with one page per question. Only the
display changes: no rules-file change.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget, QWizardPage

from asip_desktop.core.answers import Answers, set_answer
from asip_desktop.core.conditions import MISSING
from asip_desktop.core.engine import Engine
from asip_desktop.core.ruleset import BOOL, CHOICE, Question
from asip_desktop.gui.request.question_page import KEYS_HINT, HoldsAnswer
from asip_desktop.gui.widgets.answer_buttons import AnswerButtons

# A question joins its branch's page when it is a yes/no, or a choice short enough
# to read at a glance (the health status sits between the health yes/no questions).
# Rules 2026.2 give the health status seven answers (job seekers, invalidity and the
# régime agricole were added): seven still reads at a glance.
MAX_GROUPED_CHOICES = 7
WRAP_COLUMNS = 52  # long answers on several lines: the expert mode's column is narrow
BRANCH_TITLES = {"sante": "La santé de la personne"}
BRANCH_HINT = (
    "Les questions apparaissent au fur et à mesure des réponses. "
    "Clavier : touches 1 à 9 pour répondre, Entrée pour continuer."
)


def branch_of(question: Question) -> str | None:
    return question.id.split(".", 1)[0] if "." in question.id else None


def groupable(question: Question) -> bool:
    if question.type == BOOL:
        return True
    return question.type == CHOICE and len(question.choices) <= MAX_GROUPED_CHOICES


def group_questions(questions: list[Question]) -> list[list[Question]]:
    """The rules file's questions, in order, as pages: one question, or the run of
    consecutive groupable questions of one branch."""
    pages: list[list[Question]] = []
    for question in questions:
        previous = pages[-1] if pages else None
        branch = branch_of(question)
        if (
            previous is not None
            and branch is not None
            and groupable(question)
            and all(branch_of(q) == branch and groupable(q) for q in previous)
        ):
            previous.append(question)
        else:
            pages.append([question])
    return pages


class QuestionBlock(HoldsAnswer, QWidget):
    """One question of a branch page: its text (wrapped), its help, its answers."""

    def __init__(self, question: Question, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.question = question
        self.setObjectName(f"bloc-{question.id}")
        self.setAccessibleName(question.text)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 6)
        title = QLabel(f"<b>{question.text}</b>")
        title.setWordWrap(True)
        title.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(title)
        if question.help:
            help_label = QLabel(question.help)
            help_label.setObjectName("help")
            help_label.setWordWrap(True)
            layout.addWidget(help_label)
        self.answer = AnswerButtons(question)
        self.buttons = self.answer.buttons
        for button in self.buttons.values():  # radio texts do not wrap by themselves
            button.setText("\n".join(textwrap.wrap(button.text(), WRAP_COLUMNS)))
        layout.addWidget(self.answer)

    def is_answered(self) -> bool:
        return self.answer.is_answered()


class BranchPage(QWizardPage):
    def __init__(
        self,
        questions: list[Question],
        engine: Engine,
        before: Callable[[], Answers],
        level: Callable[[], int],
    ) -> None:
        super().__init__()
        self.engine = engine
        self._before = before  # the answers given on the pages before this one
        self._level = level
        branch = branch_of(questions[0]) or ""
        self.setTitle(BRANCH_TITLES.get(branch, questions[0].text))
        self.setAccessibleName(self.title())
        # the questions scroll inside the page: five revealed questions must not make
        # the window taller than a 700-pixel screen
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        host = QWidget()
        layout = QVBoxLayout(host)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll.setAccessibleName(self.title())
        self.scroll.setWidget(host)
        outer.addWidget(self.scroll)
        self.blocks: dict[str, QuestionBlock] = {}
        for question in questions:
            block = QuestionBlock(question)
            block.answer.changed.connect(lambda b=block: self._answered(b))
            layout.addWidget(block)
            self.blocks[question.id] = block
        keys = QLabel(BRANCH_HINT if len(questions) > 1 else KEYS_HINT)
        keys.setObjectName("keys-hint")
        keys.setWordWrap(True)
        layout.addWidget(keys)
        layout.addStretch(1)
        self._shown: list[str] = []

    # --- which questions are shown ------------------------------------------

    def collect(self, answers: Answers) -> list[str]:
        """Add this page's answers that apply to ``answers``; the questions to show
        (those that apply, up to the first one not answered yet)."""
        level = self._level()
        shown: list[str] = []
        for qid, block in self.blocks.items():
            asked = {q.id for q in self.engine.questions_to_ask(answers, level)}
            if qid not in asked:
                continue
            shown.append(qid)
            value = block.value()
            if value is MISSING:
                break  # the next questions wait for this answer
            set_answer(answers, qid, value)
        return shown

    def refresh(self) -> None:
        self._shown = self.collect(dict(self._before()))
        for qid, block in self.blocks.items():
            block.setVisible(qid in self._shown)

    def visible_blocks(self) -> list[QuestionBlock]:
        return [self.blocks[qid] for qid in self._shown]

    def current_block(self) -> QuestionBlock | None:
        """The block to answer now: the first not answered, else the last one shown."""
        shown = self.visible_blocks()
        return next((b for b in shown if not b.is_answered()), shown[-1] if shown else None)

    @property
    def question(self) -> Question | None:
        block = self.current_block()
        return None if block is None else block.question

    def _answered(self, block: QuestionBlock) -> None:
        before = list(self._shown)
        self.refresh()
        self.completeChanged.emit()
        # like a question page: keep the keyboard where the person is, and move it to
        # the question just revealed
        revealed = [qid for qid in self._shown if qid not in before]
        target = self.blocks[revealed[0]] if revealed else block
        target.focus_first()
        QTimer.singleShot(0, target.focus_first)
        QTimer.singleShot(0, lambda: self.scroll.ensureWidgetVisible(target))  # in sight

    # --- QWizardPage ---------------------------------------------------------

    def initializePage(self) -> None:
        self.refresh()

    def isComplete(self) -> bool:
        return bool(self._shown) and all(self.blocks[q].is_answered() for q in self._shown)

    def focus_first(self) -> None:
        block = self.current_block()
        if block is not None:
            block.focus_first()
