"""Every key works: Alt+letter is unique on every screen, digits pick an answer on
every choice page (the level page included), Tab follows the reading order."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from asip_desktop.gui.request.question_page import QuestionPage
from asip_desktop.pin import hash_pin
from asip_desktop.settings import Settings
from tests.gui.driver import type_key
from tests.gui.screen_checks import mnemonic, mnemonic_clashes
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


def test_digit_keys_on_the_level_page_and_the_question_pages(qtbot, window):
    wizard = window.wizard
    level_page = wizard.level_page
    assert level_page.level() == 1
    type_key(level_page.buttons[1], Qt.Key.Key_2)
    assert level_page.level() == 2
    assert level_page.buttons[2].hasFocus() or window.focusWidget() is level_page.buttons[2]
    type_key(level_page.buttons[2], Qt.Key.Key_1)
    assert level_page.level() == 1
    wizard.next()
    page = wizard.currentPage()
    assert isinstance(page, QuestionPage)
    type_key(window.focusWidget(), Qt.Key.Key_2)
    assert page.value() == list(page.buttons)[1]
