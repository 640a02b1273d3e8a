"""The privacy lock hides every personal datum and restores the exact state."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLabel, QVBoxLayout

from asip_desktop.pin import hash_pin
from asip_desktop.settings import Settings, load_settings
from tests.gui.driver import click, walk_by_mouse

PIN = "4821"


@pytest.fixture
def window(show_window):
    return show_window(settings=Settings(pin_hash=hash_pin(PIN)))


def type_pin(qtbot, field, pin):
    field.setFocus()
    qtbot.keyClicks(field, pin)
    qtbot.keyClick(field, Qt.Key.Key_Return)


def content_visible(window):
    return window.shell.currentWidget() is not window.privacy.screen and window.stack.isVisible()


def test_ctrl_l_hides_everything_and_right_pin_restores_exact_state(qtbot, window):
    wizard = window.wizard
    walk_by_mouse(
        qtbot, wizard, {"demande": "droits_retraite", "urgences": []}, 2, stop_at_unanswered=True
    )
    page = wizard.currentPage()
    click(qtbot, page.buttons["rupture_ressources"])
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.privacy.locked
    assert not window.stack.isVisible()
    assert not wizard.isVisible()

    type_pin(qtbot, window.privacy.screen.pin, "0000")
    assert window.privacy.locked
    assert "Code incorrect" in window.privacy.screen.message.text()
    assert window.privacy.screen.pin.text() == ""

    type_pin(qtbot, window.privacy.screen.pin, PIN)
    assert not window.privacy.locked
    assert content_visible(window)
    assert wizard.currentPage() is page
    assert page.value() == "rupture_ressources"
    assert window.focusWidget() is page.buttons["rupture_ressources"]


def test_idle_delay_locks(qtbot, window):
    window.privacy.set_idle_delay_ms(80)
    qtbot.waitUntil(lambda: window.privacy.locked, timeout=3000)
    assert not window.stack.isVisible()


def test_activity_postpones_the_idle_lock(qtbot, window):
    window.privacy.set_idle_delay_ms(400)
    for _ in range(5):
        qtbot.wait(150)
        qtbot.mouseMove(window.nav)
        qtbot.keyClick(window.nav, Qt.Key.Key_Down)
        assert not window.privacy.locked
    qtbot.waitUntil(lambda: window.privacy.locked, timeout=3000)


def test_other_windows_are_hidden_while_locked(qtbot, window):
    dialog = QDialog(window)
    QVBoxLayout(dialog).addWidget(QLabel("NIR 1 85 05 78 006 084 36"))
    qtbot.addWidget(dialog)
    dialog.show()
    window.privacy.lock()
    assert not dialog.isVisible()
    type_pin(qtbot, window.privacy.screen.pin, PIN)
    assert dialog.isVisible()


def test_first_use_sets_the_pin(show_window, qtbot):
    w = show_window(settings=Settings())
    w.privacy.lock()
    screen = w.privacy.screen
    assert screen.choose_pin
    assert screen.new_pin.isVisibleTo(screen) and not screen.pin.isVisibleTo(screen)
    screen.new_pin.setText("1234")
    screen.confirm_pin.setText("1235")
    click(qtbot, screen.button)
    assert w.privacy.locked
    assert "différents" in screen.message.text()
    screen.new_pin.setText("12")
    screen.confirm_pin.setText("12")
    click(qtbot, screen.button)
    assert "de 4 à 8 chiffres" in screen.message.text()
    screen.new_pin.setText("246810")
    screen.confirm_pin.setText("246810")
    click(qtbot, screen.button)
    assert not w.privacy.locked
    stored = load_settings().pin_hash
    assert stored.startswith("scrypt$") and "246810" not in stored
    w.privacy.lock()
    assert not screen.choose_pin


def test_ctrl_l_locks_from_a_window_modal_fiche_and_keeps_what_was_typed(qtbot, window):
    """The fiche with the NIR faces the public: Ctrl+L from inside it hides it, and the
    PIN brings it back as it was (not closed, nothing lost, focus where it was)."""
    wizard = window.wizard
    walk_by_mouse(
        qtbot,
        wizard,
        {"demande": "droits_retraite", "urgences": [], "retraite": "rupture_ressources"},
        1,
    )
    dialog = wizard.result_page.forms_bar.open("fiche_liaison_retraite")
    qtbot.addWidget(dialog)
    qtbot.waitExposed(dialog)
    field = dialog.editor.fields["personne.nom_naissance"].focus_widget
    field.setFocus()
    qtbot.keyClicks(field, "Exemple")
    finished = []
    dialog.finished.connect(finished.append)
    qtbot.keyClick(field, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.privacy.locked
    assert not dialog.isVisible()
    assert field.text() == "Exemple"  # the key did not type an « l » either
    type_pin(qtbot, window.privacy.screen.pin, PIN)
    assert not window.privacy.locked
    assert dialog.isVisible() and finished == []
    assert field.text() == "Exemple"
    assert dialog.focusWidget() is field


def test_the_lock_hides_every_window_of_the_app(qtbot, window):
    from PySide6.QtWidgets import QApplication

    why_result = {"demande": "droits_retraite", "urgences": [], "retraite": "information"}
    walk_by_mouse(qtbot, window.wizard, why_result, 1)
    why = window.wizard.result_page.show_why()
    qtbot.addWidget(why)
    loose = QDialog()  # a window with no parent at all
    qtbot.addWidget(loose)
    loose.show()
    qtbot.keyClick(why.browser, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.privacy.locked
    shown = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
    assert shown == [window]
    assert window.shell.currentWidget() is window.privacy.screen
    type_pin(qtbot, window.privacy.screen.pin, PIN)
    assert why.isVisible() and loose.isVisible()
