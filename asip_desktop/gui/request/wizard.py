"""The qualification wizard. Its path comes from the engine, never from here."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QLabel,
    QMessageBox,
    QRadioButton,
    QVBoxLayout,
    QWidget,
    QWizard,
)

from asip_desktop.core.answers import Answers, get_answer, set_answer
from asip_desktop.core.conditions import MISSING
from asip_desktop.core.engine import Engine
from asip_desktop.core.result import OrientationResult
from asip_desktop.gui.request.branch_page import BranchPage, QuestionBlock, group_questions
from asip_desktop.gui.request.person_page import PersonPage
from asip_desktop.gui.request.question_page import QuestionPage
from asip_desktop.gui.request.result_page import ResultPage
from asip_desktop.gui.widgets.confirm_loss import ask_before_losing
from asip_desktop.gui.widgets.digit_keys import DigitKeys
from asip_desktop.gui.widgets.wrapping import wrapped

LEVEL_PAGE_ID = 0

LEVEL_LABELS = {
    1: "Accueil de premier niveau (écouter, informer, orienter)",
    2: "Accueil de deuxième niveau (préciser la demande, évaluer l'autonomie et l'urgence)",
}


class LevelChoice(QWidget):
    """The level of the reception, at the top of the wizard's first page (the desk's
    default level is chosen already: a level-2 desk starts on the demand)."""

    def __init__(self, default_level: int = 1) -> None:
        super().__init__()
        self.default_level = default_level
        self.setObjectName("niveau")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 6)
        intro = QLabel("<b>Quel accueil réalisez-vous ?</b>")
        layout.addWidget(intro)
        self.group = QButtonGroup(self)
        self.buttons: dict[int, QRadioButton] = {}
        for level, label in LEVEL_LABELS.items():
            button = QRadioButton(wrapped(f"{level}. {label}"))
            button.setObjectName(f"niveau={level}")
            button.setAccessibleName(label)
            self.group.addButton(button, level)
            layout.addWidget(button)
            self.buttons[level] = button
        self.buttons[default_level].setChecked(True)
        DigitKeys(self, lambda: list(self.buttons.values()), toggle=False)

    def focus_first(self) -> None:
        self.buttons[self.level()].setFocus()

    def level(self) -> int:
        return self.group.checkedId() if self.group.checkedId() in LEVEL_LABELS else 1


class OrientationWizard(QWizard):
    """Asks the engine's questions, one page each, and ends on the result."""

    result_ready = Signal(object)  # OrientationResult
    answer_changed = Signal()  # any answer of any question page
    restarted = Signal()  # a new request begins

    def __init__(self, engine: Engine, level: int = 1, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.engine = engine
        self.setWindowFlags(Qt.WindowType.Widget)
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoCancelButton, True)
        self.setOption(QWizard.WizardOption.HaveCustomButton1, True)
        self.setButtonText(QWizard.WizardButton.BackButton, "< &Précédent")
        self.setButtonText(QWizard.WizardButton.NextButton, "&Suivant >")
        self.setButtonText(QWizard.WizardButton.FinishButton, "&Terminer")
        self.setButtonText(QWizard.WizardButton.CustomButton1, "&Recommencer")
        self.customButtonClicked.connect(lambda _which: self.ask_restart("Recommencer"))
        # what « Terminer » or « Recommencer » would destroy, in French, or None when
        # nothing typed would be lost (the request area knows about the case)
        self.loss_description: Callable[[], str | None] = self._typed_loss
        self.confirm_box: QMessageBox | None = None
        self.setAccessibleName("Qualification de la demande")

        # the first page: the level, then the short opening questions (the situation
        # page); one page per long question; the short questions of one branch
        # (sante.*) share theirs; each question revealed as the one before is answered
        self.level_page = LevelChoice(level)
        self._question_pages: dict[str, QuestionPage | QuestionBlock] = {}
        self._page_ids: dict[str, int] = {}
        self._groups = group_questions(list(engine.rules.questions), engine.rules.definitions)
        for index, group in enumerate(self._groups):
            for question in group:
                self._page_ids[question.id] = index
        # start-up: the first page now, the other question pages once the window is
        # ready for input (or as soon as something needs them)
        self._built = 0
        self._build_pages(LEVEL_PAGE_ID + 1)
        self.first_page = self.page(LEVEL_PAGE_ID)
        self.level_page.group.idToggled.connect(lambda _id, on: on and self._level_changed())
        self.person_page_id = len(self._groups)
        self.person_page = PersonPage()
        self.setPage(self.person_page_id, self.person_page)
        self.result_page_id = self.person_page_id + 1
        self.result_page = ResultPage(engine.rules)
        self.setPage(self.result_page_id, self.result_page)
        QTimer.singleShot(0, self.build_all_pages)
        self.setStartId(LEVEL_PAGE_ID)
        self.currentIdChanged.connect(self._on_page_changed)

    # --- pages, built on demand ---------------------------------------------

    def _build_pages(self, until: int) -> None:
        """Build the question pages with an id below ``until`` not built yet."""
        while self._built < min(until, len(self._groups)):
            index, group = self._built, self._groups[self._built]
            page: QuestionPage | BranchPage
            if len(group) == 1 and index != LEVEL_PAGE_ID:
                page = QuestionPage(group[0])
                self._question_pages[group[0].id] = page
                blocks: list[QuestionPage | QuestionBlock] = [page]
            else:
                page = BranchPage(
                    group,
                    engine=self.engine,
                    before=lambda i=index: self._answers_before(i),
                    level=self.level,
                    header=self.level_page if index == LEVEL_PAGE_ID else None,
                )
                self._question_pages.update(page.blocks)
                blocks = list(page.blocks.values())
            for block in blocks:
                block.answer.changed.connect(self.answer_changed)
            self.setPage(index, page)
            self._built += 1

    def build_all_pages(self) -> None:
        self._build_pages(len(self._groups))

    @property
    def question_pages(self) -> dict[str, QuestionPage | QuestionBlock]:
        """Every question's page (or block of a page), by question id."""
        self.build_all_pages()
        return self._question_pages

    def validateCurrentPage(self) -> bool:
        """Called by « Suivant » before it moves on: the next pages must exist."""
        self.build_all_pages()
        return super().validateCurrentPage()

    # --- answers -------------------------------------------------------------

    def level(self) -> int:
        return self.level_page.level()

    def _level_changed(self) -> None:
        """The level decides which questions apply: the first page shows them again."""
        page = self.first_page
        if isinstance(page, BranchPage) and self.currentId() == LEVEL_PAGE_ID:
            focused = self.focusWidget()  # the level's radio button, or a click's target
            page.refresh()
            page.completeChanged.emit()
            # as on a question page: QWizard's button update moves the keyboard away
            if focused is not None and focused.isVisible():
                focused.setFocus()

    def answers(self) -> Answers:
        """The answers on the path currently taken (pages left behind do not count)."""
        return self._answers_before(self.result_page_id + 1)

    def _answers_before(self, page_id: int) -> Answers:
        answers: Answers = {}
        for visited in self.visitedIds():
            if visited >= page_id:
                continue
            page = self.page(visited)
            if isinstance(page, QuestionPage):
                value = page.value()
                if value is not MISSING:
                    set_answer(answers, page.question.id, value)
            elif isinstance(page, BranchPage):
                page.collect(answers)
        return answers

    def load_answers(self, answers: dict[str, Any], level: int = 1) -> None:
        """Fill the pages from saved answers (the path is still walked by the user)."""
        answers = self.engine.upgrade(answers)  # answers saved under an older rules version
        self.level_page.buttons[level].setChecked(True)
        for qid, page in self.question_pages.items():
            page.clear()
            page.set_value(get_answer(answers, qid))

    def resume(self, answers: dict[str, Any], level: int) -> None:
        """Fill the pages and walk forward to the first question left to answer."""
        answers = self.engine.upgrade(answers)
        self.load_answers(answers, level)
        self.result_page.result = None  # until the result page is reached again
        self.restart()
        while self.currentId() != self.result_page_id:
            page = self.currentPage()
            if isinstance(page, QuestionPage) and get_answer(answers, page.question.id) is MISSING:
                break
            if isinstance(page, BranchPage) and not page.isComplete():
                break
            before = self.currentId()
            self.next()
            if self.currentId() == before:  # a page refuses to be left (e.g. a malformed NIR)
                break

    # --- path ----------------------------------------------------------------

    def nextId(self) -> int:
        current = self.currentId()
        if current == self.result_page_id:
            return -1
        if current == self.person_page_id:
            return self.result_page_id
        answers = self.answers()
        later = [
            self._page_ids[question.id]
            for question in self.engine.questions_to_ask(answers, self.level())
            if self._page_ids[question.id] > current
        ]
        if later:  # the situation page asks a question out of the file's order
            return min(later)
        return self.person_page_id if self.level() == 2 else self.result_page_id

    def _on_page_changed(self, page_id: int) -> None:
        page = self.page(page_id)
        if isinstance(page, (QuestionPage, BranchPage, PersonPage)):
            page.focus_first()
            # Qt moves focus away from the page it just hid after this signal;
            # put it back on the answers once that is done.
            QTimer.singleShot(0, page.focus_first)
        if page_id == self.result_page_id:
            result = self.engine.evaluate(self.answers(), level=self.level())
            self.result_page.show_result(result)
            self.result_ready.emit(result)
            self.result_page.focus_first()

    @property
    def result(self) -> OrientationResult | None:
        return self.result_page.result

    def person(self) -> dict[str, str]:
        """The identity typed at level 2 (empty at level 1)."""
        return self.person_page.person() if self.level() == 2 else {}

    def restart_fresh(self) -> None:
        self.person_page.clear()
        for page in self.question_pages.values():
            page.clear()
        self.level_page.buttons[self.level_page.default_level].setChecked(True)
        self.restarted.emit()
        self.result_page.clear()
        self.restart()

    def _typed_loss(self) -> str | None:
        if not self.answers() and not self.person_page.person() and not self.person_page.referent():
            return None
        return "Les réponses et l'identité saisies pour cette demande seront effacées."

    def ask_restart(self, verb: str = "Terminer") -> None:
        """Back to a fresh request, after saying what would be lost (if anything)."""
        lost = self.loss_description()
        if lost is None:
            self.restart_fresh()
            return
        self.confirm_box = ask_before_losing(
            self,
            f"{verb} la demande ?",
            f"{lost}\n\n{verb} et effacer ?",
            f"{verb} et &effacer",
            self.restart_fresh,
        )

    def accept(self) -> None:
        """Terminer: back to a fresh request (the wizard lives inside the window)."""
        self.ask_restart("Terminer")

    def reject(self) -> None:
        """Échap must not blank the request: a QWizard would close (and hide) itself."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Entrée moves on, never past the result: in the result page's fields
        (« Commune du domicile ») it would press « Terminer » and erase the request."""
        enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        if enter and self.currentId() == self.result_page_id:
            event.accept()
            return
        page = self.currentPage()
        if enter and isinstance(page, BranchPage) and not page.isComplete():
            # a page of several questions not finished yet: Entrée goes to the next
            # question (after ticking the demand's boxes, on to the emergencies)
            page.focus_next()
            event.accept()
            return
        super().keyPressEvent(event)
