from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from asip_desktop.gui.shell.main_window import MainWindow
from asip_desktop.settings import load_settings
from tests.gui.driver import click


def test_settings_saved_and_bad_phone_named_without_losing_input(window, qtbot):
    w = window
    w.show_area("parametres")
    view = w.areas["parametres"]
    qtbot.keyClicks(view.nom, "Morvan")
    qtbot.keyClicks(view.telephone, "12 34")
    view.lock_delay.setValue(3)
    click(qtbot, view.save_button)
    assert "« Téléphone »" in view.message.text()
    assert view.nom.text() == "Morvan" and view.telephone.text() == "12 34"
    assert load_settings().agent.nom == ""
    view.telephone.clear()
    qtbot.keyClicks(view.telephone, "0299000000")
    qtbot.mouseClick(view.save_button, Qt.MouseButton.LeftButton)
    assert view.message.text() == "Paramètres enregistrés."
    saved = load_settings()
    assert saved.agent.nom == "Morvan"
    assert saved.agent.telephone == "0299000000"
    assert saved.lock_delay_minutes == 3
    assert w.privacy.timer.interval() == 3 * 60_000


def test_window_state_and_last_area_are_remembered(window, qtbot):
    w = window
    w.resize(760, 520)  # the offscreen screen is 800 x 600
    size = w.size()
    assert size.height() == 520
    w.show_area("indicateurs")
    w.close()
    again = MainWindow()
    qtbot.addWidget(again)
    assert again.current_area() == "indicateurs"
    assert again.size() == size


def test_ctrl_plus_scales_text(window, qtbot, configured_qapp):
    w = window
    before = configured_qapp.font().pointSizeF()
    qtbot.keyClick(w, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    assert configured_qapp.font().pointSizeF() > before
    assert load_settings().text_scale == 1.1
    qtbot.keyClick(w, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert configured_qapp.font().pointSizeF() == before


def test_case_store_settings_and_health(qtbot, window):
    store = window.store_access.require()
    window.show_area("parametres")
    view = window.areas["parametres"]
    assert str(store.path) in view.store_info.text()
    assert "0 dossier(s) ouvert(s)" in view.store_info.text()
    assert view.review.value() == 90 and not view.auto_purge.isChecked()
    view.cdas.setCurrentText("CDAS Exemple")  # no CDAS list imported: typed once
    view.review.setValue(30)
    click(qtbot, view.auto_purge)
    view.auto_purge_days.setValue(400)
    click(qtbot, view.save_button)
    assert store.get_setting("cdas_emetteur") == "CDAS Exemple"
    assert store.review_days() == 30
    assert store.retention_days() == 400
    click(qtbot, view.auto_purge)
    click(qtbot, view.save_button)
    assert store.retention_days() is None


def test_store_unavailable_is_said_in_settings(qtbot, show_window):
    import keyring
    import keyring.backends.fail

    keyring.set_keyring(keyring.backends.fail.Keyring())
    window = show_window()
    window.store_access.open_now()
    window.show_area("parametres")
    view = window.areas["parametres"]
    assert view.store_info.text().startswith("Base des dossiers indisponible :")
    assert not view.review.isEnabled()
    view.nom.setText("Morvan")
    click(qtbot, view.save_button)
    assert view.message.text() == "Paramètres enregistrés."


def test_directory_sources_are_one_click_away(qtbot, window):
    window.show_area("parametres")
    view = window.areas["parametres"]
    click(qtbot, view.sources_button)
    assert window.current_area() == "annuaires"
    tabs = window.areas["annuaires"].tabs
    assert tabs.tabText(tabs.currentIndex()) == "&Sources et import"


def test_the_colours_setting_applies_at_once_and_at_next_start(window, qtbot, configured_qapp):
    from PySide6.QtGui import QPalette

    from asip_desktop.gui.widgets import colors

    view = window.areas["parametres"]
    window.show_area("parametres")
    try:
        view.palette.setCurrentIndex(view.palette.findData("contraste"))
        click(qtbot, view.save_button)
        assert view.message.text() == "Paramètres enregistrés."
        assert load_settings().palette == "contraste"
        window_colour = configured_qapp.palette().color(QPalette.ColorRole.Window)
        assert window_colour.name() == "#000000"
        assert colors.current() is colors.HIGH_CONTRAST
        again = MainWindow()  # next start: the choice is applied before the first paint
        qtbot.addWidget(again)
        assert colors.current() is colors.HIGH_CONTRAST
    finally:
        colors.apply_accessible_palette(configured_qapp, "systeme")
    assert colors.current() is colors.LIGHT


@pytest.fixture
def fresh_directory():
    """The directory is shared by the windows: forget this test's import afterwards
    (torn down after the window, whose settings view follows the directory)."""
    from asip_desktop.gui.directory.directory_state import directory_state

    directory_state().reload()
    yield
    directory_state().reload()


def test_cdas_is_chosen_from_the_imported_list_and_the_fiche_takes_it(
    fresh_directory, window, qtbot
):
    from pathlib import Path

    from asip_desktop.gui.fiches.form_dialog import FormDialog

    window.show_area("parametres")
    view = window.areas["parametres"]
    assert view.cdas.isEditable()  # no list yet: typed once, here only
    assert "annuaire local des CDAS" in view.cdas_note.text()
    example = Path(__file__).resolve().parents[2] / "docs/examples/annuaire-local-exemple.csv"
    directory = window.area("annuaires")
    directory.import_file(example).accept()
    window.show_area("parametres")
    assert not view.cdas.isEditable()  # the imported list, one spelling per CDAS
    names = [view.cdas.itemText(i) for i in range(view.cdas.count())]
    assert names == sorted(names) and "CDAS FICTIF 01 (CA Fougères Agglomération)" in names
    view.cdas.setCurrentIndex(names.index("CDAS FICTIF 01 (CA Fougères Agglomération)"))
    click(qtbot, view.save_button)
    assert load_settings().agent.cdas == "CDAS FICTIF 01 (CA Fougères Agglomération)"
    fiche = FormDialog("fiche_liaison_retraite", {"cdas_emetteur": window.settings.agent.cdas})
    qtbot.addWidget(fiche)
    field = fiche.editor.fields["cdas_emetteur"].edit
    assert field.isReadOnly() and field.text() == "CDAS FICTIF 01 (CA Fougères Agglomération)"
