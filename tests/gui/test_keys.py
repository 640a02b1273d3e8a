"""Every key works: Alt+letter is unique on every screen, digits pick an answer on
every choice page (the level page included), Tab follows the reading order."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from asip_desktop.gui.request.branch_page import BranchPage
from asip_desktop.gui.request.question_page import QuestionPage
from asip_desktop.gui.widgets.reading_order import reading_chain
from asip_desktop.pin import hash_pin
from asip_desktop.settings import Settings
from tests.gui.driver import type_key
from tests.gui.screen_checks import describe, mnemonic, mnemonic_clashes, reading_order_problems
from tests.gui.tour import AGENT, tour


def test_mnemonics_are_unique_on_every_screen(qtbot, show_window):
    window = show_window(settings=Settings(agent=AGENT, pin_hash=hash_pin("4821")))
    clashes: dict[str, dict[str, list[str]]] = {}
    seen: list[str] = []

    def visit(name: str, top: QWidget) -> None:
        seen.append(name)
        found = mnemonic_clashes(top)
        if found:
            clashes[name] = found

    tour(window, visit)
    assert clashes == {}, "\n".join(f"{k}: {v}" for k, v in clashes.items())
    assert len(seen) > 30


def test_the_clash_checker_sees_two_alt_p(qtbot):
    host = QWidget()
    qtbot.addWidget(host)
    layout = QVBoxLayout(host)
    back, why, other = QPushButton("< &Précédent"), QPushButton("&Pourquoi ?"), QLabel("&Nom")
    other.setBuddy(back)
    for w in (back, why, other, QPushButton("Fish && &Chips")):
        layout.addWidget(w)
    host.show()
    clashes = mnemonic_clashes(host)
    assert list(clashes) == ["p"] and len(clashes["p"]) == 2
    assert mnemonic("Fish && &Chips") == "c" and mnemonic("A && B") is None


def test_digit_keys_on_the_level_and_the_question_pages(qtbot, window):
    wizard = window.wizard
    level_page = wizard.level_page
    assert level_page.level() == 1
    type_key(level_page.buttons[1], Qt.Key.Key_2)
    assert level_page.level() == 2
    assert level_page.buttons[2].hasFocus() or window.focusWidget() is level_page.buttons[2]
    type_key(level_page.buttons[2], Qt.Key.Key_1)
    assert level_page.level() == 1
    page = wizard.currentPage()  # the level is on the situation page, above the demand
    assert isinstance(page, BranchPage) and page.isAncestorOf(level_page)
    page.focus_first()
    type_key(window.focusWidget(), Qt.Key.Key_2)
    block = page.blocks["demande"]
    second = list(block.buttons)[1]  # the first question takes several demands: a list
    assert block.value() == ([second] if block.question.type == "multi" else second)
    block.set_value(["droits_retraite"])
    wizard.question_pages["enfants_concernes"].set_value(False)
    wizard.next()  # the retirement: a page of one question
    page = wizard.currentPage()
    assert isinstance(page, QuestionPage)
    page.focus_first()
    type_key(window.focusWidget(), Qt.Key.Key_2)
    assert page.value() == list(page.buttons)[1]


def tab_through(top: QWidget, presses: int) -> list[QWidget]:
    """Press Tab ``presses`` times on the screen ``top``; the widgets focused in turn."""
    focused = []
    for _ in range(presses):
        current = top.focusWidget()
        assert current is not None
        type_key(current, Qt.Key.Key_Tab)
        focused.append(top.focusWidget())
    return focused


def test_tab_follows_the_reading_order_on_every_screen(qtbot, show_window):
    window = show_window(settings=Settings(agent=AGENT, pin_hash=hash_pin("4821")))
    wrong: dict[str, list[str]] = {}
    seen = []

    def visit(name: str, top: QWidget) -> None:
        chain = reading_chain(top)
        if not chain:
            return
        seen.append(name)
        chain[0].setFocus()
        focused = tab_through(top, len(chain))
        problems = reading_order_problems([chain[0], *focused[:-1]])
        if focused[-1] is not chain[0]:  # one lap, then back to the start
            problems.append(f"Tab does not come back to {describe(chain[0])}")
        if problems:
            wrong[name] = problems

    tour(window, visit, every_question=False)
    assert wrong == {}, "\n".join(f"{k}: {v}" for k, v in wrong.items())
    assert len(seen) > 20


def test_the_sending_panel_takes_the_focus_when_opened(qtbot, window):
    """Alt+E opens « Préparer l'envoi sécurisé » (the mnemonic test checks it is the
    only Alt+E; offscreen windows are never active, so window shortcuts cannot be
    typed here) and the focus goes into it: it was 38 Tab presses away."""
    from tests.gui.test_forms_gui import fill_liaison, open_liaison

    dialog = open_liaison(qtbot, window)
    fill_liaison(qtbot, dialog)
    assert dialog.check_and_preview(), dialog.status.text()
    dialog.editor.fields["personne.nom_naissance"].edit.setFocus()
    dialog.tabs.setCurrentIndex(1)  # what Alt+E does
    assert dialog.sending.isAncestorOf(dialog.focusWidget())
    first = dialog.focusWidget()
    type_key(first, Qt.Key.Key_Tab)  # and Tab goes on inside the panel
    assert dialog.sending.isAncestorOf(dialog.focusWidget()) and dialog.focusWidget() is not first


def test_a_button_made_last_but_shown_first_is_reached_first(qtbot, configured_qapp):
    from asip_desktop.gui.widgets.reading_order import install_reading_order

    install_reading_order(configured_qapp)
    host = QWidget()
    qtbot.addWidget(host)
    layout = QVBoxLayout(host)
    first, second = QPushButton("Deuxième"), QPushButton("Troisième")
    layout.addWidget(first)
    layout.addWidget(second)
    late = QPushButton("Premier")  # created last, shown first
    layout.insertWidget(0, late)
    host.show()
    qtbot.waitExposed(host)
    late.setFocus()
    assert tab_through(host, 3) == [first, second, late]
    type_key(late, Qt.Key.Key_Backtab)
    assert host.focusWidget() is second
