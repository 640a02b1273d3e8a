"""Short second-level paths: several short questions on one wizard page, each
revealed once the one before it is answered.

Two kinds of pages group questions (the rules file is not changed, only the display):
- the « situation » page opens the request: the demand (check boxes), the emergencies,
  the children concerned and known to the CDAS, the current support;
- a branch page: the consecutive short questions of one branch of the rules file
  (same id prefix before the dot, e.g. ``sante.*``), joined by the yes/no question
  that follows it (the autonomy after the health questions).

Which questions apply is asked of the engine, exactly as the wizard does page by page,
so the path and the answers are the same as with one page per question. Long
questions (the pension situation, the retirement file) keep a page each.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget, QWizardPage

from asip_desktop.core.answers import Answers, set_answer
from asip_desktop.core.conditions import referenced_questions
from asip_desktop.core.engine import Engine
from asip_desktop.core.ruleset import BOOL, CHOICE, MULTI, Question
from asip_desktop.gui.request.question_page import KEYS_HINT, HoldsAnswer
from asip_desktop.gui.widgets.answer_buttons import AnswerButtons

# A question joins its branch's page when it is a yes/no, or a choice short enough
# to read at a glance (the health status sits between the health yes/no questions).
# Rules 2026.2 give the health status seven answers (job seekers, invalidity and the
# régime agricole were added): seven still reads at a glance.
MAX_GROUPED_CHOICES = 7
WRAP_COLUMNS = 52  # long answers on several lines: the expert mode's column is narrow
SITUATION = "situation"
# the short opening questions, in the rules file's order: one page at the counter
SITUATION_QUESTIONS = (
    "demande",
    "urgences",
    "enfants_concernes",
    "protection_enfance_connue_cdas",
    "accompagnement_en_cours",
)
BRANCH_TITLES = {SITUATION: "La demande et la situation", "sante": "La santé de la personne"}
BRANCH_HINT = (
    "Les questions apparaissent au fur et à mesure des réponses. "
    "Clavier : touches 1 à 9 pour répondre ou cocher, Entrée pour passer à la question "
    "suivante, puis à la page suivante."
)


def branch_of(question: Question) -> str | None:
    return question.id.split(".", 1)[0] if "." in question.id else None


def groupable(question: Question) -> bool:
    if question.type == BOOL:
        return True
    return question.type == CHOICE and len(question.choices) <= MAX_GROUPED_CHOICES


def situation_questions(
    questions: list[Question], definitions: Mapping[str, Any] | None
) -> list[Question]:
    """The opening questions that share the situation page: those named in
    SITUATION_QUESTIONS, short (a yes/no, a short choice, check boxes), that read no
    question left out of the page (so the current support can be asked before the
    retirement questions it does not depend on)."""
    chosen: list[Question] = []
    for question in questions:
        if question.id not in SITUATION_QUESTIONS:
            continue
        short = groupable(question) or (
            question.type == MULTI and len(question.choices) <= MAX_GROUPED_CHOICES
        )
        reads = (
            referenced_questions(question.ask_when, definitions or {})
            if question.ask_when is not None
            else set()
        )
        if short and reads <= {q.id for q in chosen}:
            chosen.append(question)
    return chosen if len(chosen) > 1 else []


def branch_run(page: list[Question]) -> bool:
    """A page of groupable questions of one branch (``sante.*``)."""
    branch = branch_of(page[0])
    return branch is not None and all(branch_of(q) == branch and groupable(q) for q in page)


def group_questions(
    questions: list[Question], definitions: Mapping[str, Any] | None = None
) -> list[list[Question]]:
    """The rules file's questions as pages: the situation page first, then in order
    one question, or the run of consecutive groupable questions of one branch (with
    the unprefixed yes/no question that follows the run)."""
    situation = situation_questions(questions, definitions)
    pages: list[list[Question]] = [situation] if situation else []
    for question in questions:
        if question in situation:
            continue
        previous = pages[-1] if pages and pages[-1] is not situation else None
        if previous is not None and branch_run(previous) and groupable(question):
            branch = branch_of(question)
            if branch == branch_of(previous[0]):
                previous.append(question)
                continue
            if branch is None and question.type == BOOL:
                previous.append(question)  # e.g. the autonomy after the health questions
                continue
        pages.append([question])
    return pages


def page_title(questions: list[Question]) -> str:
    if questions[0].id in SITUATION_QUESTIONS:
        return BRANCH_TITLES[SITUATION]
    return BRANCH_TITLES.get(branch_of(questions[0]) or "", questions[0].text)


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
        header: QWidget | None = None,
    ) -> None:
        """``header``: a widget above the questions (the level, on the first page)."""
        super().__init__()
        self.engine = engine
        self._before = before  # the answers given on the pages before this one
        self._level = level
        self.setTitle("Nouvelle demande" if header is not None else page_title(questions))
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
        self.header = header
        if header is not None:
            layout.addWidget(header)
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
            if not block.is_answered():  # no choice, or no demand ticked
                break  # the next questions wait for this answer
            set_answer(answers, qid, block.value())
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
        # check boxes: the keyboard stays there for the next tick (Entrée moves on)
        ticking = block.question.type == MULTI
        target = self.blocks[revealed[0]] if revealed and not ticking else block
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

    def focus_next(self) -> None:
        """To the question shown after the one holding the keyboard (Entrée on a page
        not complete yet), else to the question to answer now."""
        shown = self.visible_blocks()
        focus = self.focusWidget()
        here = next((i for i, b in enumerate(shown) if focus and b.isAncestorOf(focus)), None)
        target = shown[here + 1] if here is not None and here + 1 < len(shown) else None
        target = target or self.current_block()
        if target is not None:
            target.focus_first()
            self.scroll.ensureWidgetVisible(target)
