"""pytest-qt: Annuaires › Territoires des CDAS, driven like an administrator would.

CDAS names and contacts are FICTIONAL (phones in the ARCEP fiction range).
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTreeWidgetItem

from asip_desktop import config
from asip_desktop.directory.catalog import Directory
from asip_desktop.directory.template import read_template
from asip_desktop.gui.directory.directory_state import directory_state
from asip_desktop.gui.directory.territory_editor import TerritoryEditor
from tests.gui.test_accessibility import unnamed_widgets


@pytest.fixture
def editor(configured_qapp, qtbot, tmp_path):
    config.set_data_dir_override(tmp_path / "data")
    directory_state().reload()
    e = TerritoryEditor()
    qtbot.addWidget(e)
    e.resize(1100, 760)
    e.show()
    yield e
    config.set_data_dir_override(None)
    directory_state().reload()


def add_cdas(qtbot, editor: TerritoryEditor, name: str, n: int) -> None:
    qtbot.keyClicks(editor.new_name, name)
    qtbot.mouseClick(editor.add_button, Qt.MouseButton.LeftButton)
    for key, value in (
        ("address", f"{n} rue de l'Exemple, 35000 Ville-Exemple"),
        ("phones", f"01 99 00 {n:02d} 00 (accueil, numéro fictif)"),
        ("source", "EXEMPLE FICTIF – ne pas utiliser pour orienter"),
        ("date", "2026-11-01"),
    ):
        edit = editor.edits[key]
        edit.setFocus()
        edit.insert(value)  # as pasted: QTest types ASCII only
        qtbot.keyClick(edit, Qt.Key.Key_Return)  # editingFinished


def click_item(qtbot, editor: TerritoryEditor, item: QTreeWidgetItem) -> None:
    editor.tree.scrollToItem(item)
    rect = editor.tree.visualItemRect(item)
    qtbot.mouseClick(editor.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert editor.tree.currentItem() is item


def select_cdas(editor: TerritoryEditor, name: str) -> None:
    editor.cdas_list.setCurrentItem(editor.cdas_list.findItems(name, Qt.MatchFlag.MatchExactly)[0])


def test_assign_by_epci_adjust_share_and_save(qtbot, editor, tmp_path):
    assert editor.coverage.text().startswith("Couverture : 0 / 332 communes attribuées.")
    assert not editor.assign_epci_button.isEnabled()  # no CDAS yet
    epcis = list(editor.epci_items)
    assert len(epcis) == 18
    for n, epci in enumerate(epcis, start=1):
        add_cdas(qtbot, editor, f"CDAS FICTIF {n:02d}", n)
        top = editor.epci_items[epci]
        click_item(qtbot, editor, top)
        qtbot.mouseClick(editor.assign_epci_button, Qt.MouseButton.LeftButton)
        assert top.text(2) == f"{top.childCount()}/{top.childCount()} attribuée(s)"
        if n == 1:
            assert "attribuée(s) à CDAS FICTIF 01" in editor.message.toPlainText()
    assert editor.coverage.text() == "Couverture : 332 / 332 communes attribuées."

    # adjust one commune: Lécousse to the CDAS of another EPCI, then back
    lecousse = editor.commune_items["35150"]
    owner = lecousse.text(2)
    select_cdas(editor, "CDAS FICTIF 18")
    lecousse.parent().setExpanded(True)
    click_item(qtbot, editor, lecousse)
    qtbot.mouseClick(editor.assign_button, Qt.MouseButton.LeftButton)
    assert lecousse.text(2) == "CDAS FICTIF 18"
    qtbot.mouseClick(editor.unassign_button, Qt.MouseButton.LeftButton)
    assert "Couverture : 331 / 332" in editor.coverage.text()
    assert "Non attribuées : Lécousse." in editor.coverage.text()
    select_cdas(editor, owner)
    qtbot.mouseClick(editor.assign_button, Qt.MouseButton.LeftButton)

    # Rennes shared by two CDAS: refused until each has its sector
    add_cdas(qtbot, editor, "CDAS FICTIF Rennes Sud", 30)
    rennes = editor.commune_items["35238"]
    rennes.parent().setExpanded(True)
    click_item(qtbot, editor, rennes)
    qtbot.mouseClick(editor.share_button, Qt.MouseButton.LeftButton)
    assert "Secteur : précisez" in editor.message.toPlainText()
    qtbot.keyClicks(editor.sector_edit, "quartiers sud")
    qtbot.mouseClick(editor.share_button, Qt.MouseButton.LeftButton)
    assert rennes.text(2).endswith(" + CDAS FICTIF Rennes Sud")
    assert editor.save() is None
    message = editor.message.toPlainText()
    assert "Territoires des CDAS refusé" in message
    assert "la commune 35238 Rennes est couverte par 2 CDAS" in message
    first = rennes.text(2).split(" + ")[0]
    select_cdas(editor, first)
    editor.sector_edit.clear()
    qtbot.keyClicks(editor.sector_edit, "quartiers nord")
    qtbot.mouseClick(editor.share_button, Qt.MouseButton.LeftButton)
    assert rennes.text(3) == "quartiers nord ; quartiers sud" or rennes.text(3) == (
        "quartiers sud ; quartiers nord"
    )

    dialog = editor.save()
    assert dialog is not None
    assert "19 ajoutée(s)" in dialog.changes.toPlainText()
    qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    saved = Directory.load()
    assert saved.has_cdas
    for code in ("35115", "35150", "35288"):
        assert len(saved.cdas_for(code).communes[0].cdas) == 1
    assert len(saved.cdas_for("Rennes").communes[0].cdas) == 2
    assert saved.cdas_for("35150").communes[0].cdas[0].name == owner

    # the filled template for the other desks, re-readable
    out = tmp_path / "territoires.csv"
    editor.export_template(out)
    assert "exporté" in editor.message.toPlainText()
    _draft, parsed = read_template(out.read_text(encoding="utf-8-sig"), saved.index)
    assert not parsed.problems and len(parsed.entries) == 19


def test_bad_date_is_named_and_nothing_lost(qtbot, editor):
    add_cdas(qtbot, editor, "CDAS FICTIF A", 1)
    editor.edits["date"].clear()
    qtbot.keyClicks(editor.edits["date"], "31/02/2026")
    for epci in editor.epci_items:
        click_item(qtbot, editor, editor.epci_items[epci])
        qtbot.mouseClick(editor.assign_epci_button, Qt.MouseButton.LeftButton)
    assert editor.save() is None
    assert "champ « date_source » : date attendue" in editor.message.toPlainText()
    assert editor.edits["date"].text() == "31/02/2026"  # what was typed stays
    assert editor.coverage.text() == "Couverture : 332 / 332 communes attribuées."
    assert not Directory.load().has_cdas


def test_reopens_the_saved_territories(qtbot, editor, tmp_path):
    from asip_desktop.directory.communes import commune_index
    from asip_desktop.directory.template import template_text
    from asip_desktop.directory.territories import TerritoryDraft
    from tests.directory.territory_fill import fill

    path = tmp_path / "t.csv"
    path.write_text(fill(template_text(TerritoryDraft(commune_index()))), encoding="utf-8")
    directory = directory_state().directory
    directory.apply(directory.plan_import(path))
    directory_state().notify()  # an import elsewhere: the untouched editor follows it
    assert editor.cdas_list.count() == 19
    editor.new_name.setText("CDAS FICTIF en cours")
    editor.add_cdas()
    directory_state().notify()  # work in progress is kept
    assert editor.cdas_list.count() == 20 and editor.dirty
    qtbot.mouseClick(editor.reload_button, Qt.MouseButton.LeftButton)
    assert editor.cdas_list.count() == 19 and not editor.dirty
    assert editor.coverage.text() == "Couverture : 332 / 332 communes attribuées."
    assert editor.commune_items["35238"].text(3) in (
        "quartiers nord ; quartiers sud",
        "quartiers sud ; quartiers nord",
    )
    assert editor.edits["source"].text().startswith("EXEMPLE FICTIF")


def test_every_widget_is_named(editor):
    assert unnamed_widgets(editor) == []
