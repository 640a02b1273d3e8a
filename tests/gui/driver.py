"""Drive the wizard the way a person does: real clicks and key presses."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractButton, QApplication, QWidget, QWizard

from asip_desktop.core.answers import get_answer
from asip_desktop.core.conditions import MISSING
from asip_desktop.gui.request.branch_page import BranchPage
from asip_desktop.gui.request.question_page import QuestionPage
from asip_desktop.gui.request.wizard import LEVEL_PAGE_ID, OrientationWizard


def click(qtbot: Any, button: QAbstractButton) -> None:
    # click on the indicator, not the widget's centre (which can miss it)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=QPoint(6, button.height() // 2))


def answer_page_by_mouse(qtbot: Any, page: Any, answers: dict[str, Any]) -> None:
    """Answer a question page, or a question block of a branch page."""
    value = get_answer(answers, page.question.id)
    if value is MISSING and page.question.has_default:
        value = page.question.default
    if value is MISSING:
        raise AssertionError(f"the wizard asks {page.question.id}, the scenario has no answer")
    if page.question.type == "multi":
        for v, b in page.buttons.items():
            if b.isChecked() != (v in value):
                click(qtbot, b)
    else:
        click(qtbot, page.buttons[value])
    assert page.value() == value


def answer_blocks(
    qtbot: Any, blocks: list[Any], answers: dict[str, Any], asked: list[str], stop: bool
) -> bool:
    """Answer each question (page or block); False to stop at one the answers leave open."""
    for block in blocks:
        missing = get_answer(answers, block.question.id) is MISSING
        if stop and missing and not block.question.has_default:
            return False
        answer_page_by_mouse(qtbot, block, answers)
        asked.append(block.question.id)
    return True


def walk_by_mouse(
    qtbot: Any,
    wizard: OrientationWizard,
    answers: dict[str, Any],
    level: int,
    stop_at_unanswered: bool = False,
) -> list[str]:
    """Answer page after page by mouse; stop on the result page (or on the
    first question the answers leave open, if asked to)."""
    assert wizard.currentId() == LEVEL_PAGE_ID  # the level, then the situation
    answers = wizard.engine.upgrade(answers)  # scenarios written for rules 2026.1
    click(qtbot, wizard.level_page.buttons[level])
    asked = []
    for _ in range(40):
        page = wizard.currentPage()
        if page is wizard.result_page:
            return asked
        # a page of one question, or a branch page: its questions one after the other,
        # each revealed by the answer before it
        if isinstance(page, BranchPage):
            # every question shown, in order, including the check boxes that need no
            # tick to count as answered (the emergencies): the next ones appear
            handled: list[str] = []
            for _ in range(20):
                todo = [b for b in page.visible_blocks() if b.question.id not in handled]
                if not todo:
                    break
                if not answer_blocks(qtbot, todo[:1], answers, asked, stop_at_unanswered):
                    return asked
                handled.append(todo[0].question.id)
        if isinstance(page, QuestionPage) and not answer_blocks(
            qtbot, [page], answers, asked, stop_at_unanswered
        ):
            return asked
        next_button = wizard.button(QWizard.WizardButton.NextButton)
        assert next_button.isEnabled()
        qtbot.mouseClick(next_button, Qt.MouseButton.LeftButton)
    raise AssertionError("the wizard never reached the result page")


KEY_TEXT = {Qt.Key.Key_Space: " ", Qt.Key.Key_Return: "\r", Qt.Key.Key_Tab: "\t"}


def type_key(widget: QWidget, key: Qt.Key) -> None:
    """Press and release one key on ``widget``."""
    text = KEY_TEXT.get(key, chr(key) if Qt.Key.Key_0 <= key <= Qt.Key.Key_9 else "")
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        QApplication.sendEvent(widget, QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, text))


def type_text(widget: QWidget, text: str) -> None:
    """Key events carrying any Unicode text (QTest.keyClicks only knows ASCII)."""
    for ch in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, ch)
            QApplication.sendEvent(widget, event)
