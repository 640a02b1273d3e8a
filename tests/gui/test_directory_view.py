"""pytest-qt: the « Annuaires » area and the contact cards under the wizard's result."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QSpinBox,
)

from asip_desktop import config
from asip_desktop.gui.directory.directory_state import directory_state
from asip_desktop.gui.directory.directory_view import DirectoryView
from asip_desktop.gui.request.cdas_lookup import NOT_INSTALLED
from asip_desktop.gui.shell.main_window import MainWindow
from tests.gui.driver import walk_by_mouse

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "docs" / "examples" / "annuaire-local-exemple.csv"


@pytest.fixture
def fresh_directory(tmp_path):
    config.set_data_dir_override(tmp_path / "data")
    directory_state().reload()
    yield
    config.set_data_dir_override(None)
    directory_state().reload()


@pytest.fixture
def view(configured_qapp, qtbot, fresh_directory):
    v = DirectoryView()
    qtbot.addWidget(v)
    v.resize(1000, 700)
    v.show()
    return v


def click_item(qtbot, listw: QListWidget, row: int) -> None:
    rect = listw.visualItemRect(listw.item(row))
    qtbot.mouseClick(listw.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_type_select_copy(qtbot, view):
    assert view.results.count() == 5  # only the convention's contacts are shipped
    qtbot.keyClicks(view.search_box, "carsat")
    names = [view.results.item(i).text() for i in range(view.results.count())]
    assert len(names) == 4 and all("CARSAT" in n or "Carsat" in n for n in names)
    qtbot.keyClicks(view.search_box, " canal")
    assert view.results.count() == 1
    view.search_box.clear()
    qtbot.keyClicks(view.search_box, "service social")
    assert "Service social de l'Assurance Maladie" in view.results.item(0).text()
    click_item(qtbot, view.results, 0)
    body = view.card.body.text()
    assert "Téléphone : 3646 (dire « Service social »)" in body
    assert "Courriel : ssr35.rennes@carsat-bretagne.fr" in body
    assert "Horaires : Accueil téléphonique du lundi au vendredi de 8h30 à 12h" in body
    assert "Source : Convention CARSAT Bretagne" in body and "09/01/2025" in body
    assert "Adresse" not in body  # the convention gives none
    assert not view.card.badge.isVisibleTo(view)  # the convention in force: never stale
    QGuiApplication.clipboard().clear()
    qtbot.mouseClick(view.card.copy_button, Qt.MouseButton.LeftButton)
    copied = QGuiApplication.clipboard().text()
    assert copied.startswith("Service social de l'Assurance Maladie")
    assert "3646 (dire « Service social »)" in copied


def test_kind_filter_and_staleness_setting(qtbot, view):
    labels = [view.kind_filter.itemText(i) for i in range(view.kind_filter.count())]
    assert labels[0] == "Tous" and "Délégué à la protection des données" in labels
    view.kind_filter.setCurrentIndex(labels.index("Délégué à la protection des données"))
    assert view.results.count() == 2
    assert all("Délégué" in view.results.item(i).text() for i in range(2))
    assert not view.card.badge.isVisibleTo(view)  # the convention's contacts never age
    # an imported directory dated 2026-01-01 is older than 6 months in late 2026
    dialog = view.import_file(EXAMPLE)
    qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    view.kind_filter.setCurrentIndex(0)
    view.search_box.clear()
    qtbot.keyClicks(view.search_box, "exemple")
    click_item(qtbot, view.results, 0)
    stale_now = dt.date.today() > dt.date(2026, 7, 1)
    assert view.card.badge.isVisibleTo(view) == stale_now
    view.max_age.setValue(60)  # 5 years
    assert not view.card.badge.isVisibleTo(view)
    assert not view.results.item(0).text().startswith("⚠")
    from asip_desktop.directory.catalog import Directory

    assert Directory.load().max_age_months == 60


def test_says_what_is_missing_and_imports_with_preview(qtbot, view, tmp_path):
    assert view.banner.isVisibleTo(view)
    assert view.banner.text() == NOT_INSTALLED  # what an agent can act on
    assert "asip-desktop" not in view.banner.text()
    admin = view.admin_notes.text()  # the administrator's instructions, in Sources et import
    assert "Aucun annuaire local des CDAS n'est chargé" in admin
    assert "19 lieux de permanence" in admin
    assert "Convention CARSAT Bretagne" in view.status_text.toPlainText()

    bad = tmp_path / "bad.csv"
    bad.write_text("type;nom;source;date_source\ncdas;X;S;2026-13-01\n", encoding="utf-8")
    assert view.import_file(bad) is None
    message = view.import_message.toPlainText()
    assert "bad.csv refusé" in message and "ligne 2, champ « date_source »" in message

    dialog = view.import_file(EXAMPLE)
    assert dialog is not None and dialog.isVisible()
    assert "21 ajoutée(s)" in dialog.changes.toPlainText()
    qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    assert "terminé" in view.import_message.toPlainText()
    assert not view.banner.isVisibleTo(view)
    assert "CDAS" not in view.admin_notes.text()
    assert "21 entrée(s)" in view.status_text.toPlainText()

    view.tabs.setCurrentIndex(1)
    qtbot.keyClicks(view.cdas_lookup.commune_edit, "Vitre")
    assert "Vitré (INSEE 35360)" in view.cdas_lookup.message.text()
    assert [c.entry.id for c in view.cdas_lookup.cards] == ["exemple-cdas-03"]
    view.cdas_lookup.commune_edit.clear()
    qtbot.keyClicks(view.cdas_lookup.commune_edit, "35700")
    assert len(view.cdas_lookup.cards) == 2  # Rennes is split
    assert "secteur" in view.cdas_lookup.message.text()

    again = view.import_file(EXAMPLE)
    assert again is not None
    assert "0 ajoutée(s), 0 supprimée(s), 0 modifiée(s)" in again.changes.toPlainText()
    qtbot.mouseClick(again.cancel_button, Qt.MouseButton.LeftButton)
    assert "annulé" in view.import_message.toPlainText()


def test_export_writes_one_file(qtbot, view, tmp_path):
    view.export_file(tmp_path / "partage.json")
    assert (tmp_path / "partage.json").exists()
    assert "exporté" in view.import_message.toPlainText()
    view.export_file(tmp_path / "partage.txt")
    assert ".json est attendu" in view.import_message.toPlainText()


def unnamed_widgets(root):
    buddies = {id(label.buddy()) for label in root.findChildren(QLabel) if label.buddy()}
    kinds = (QLineEdit, QComboBox, QAbstractButton, QListWidget, QSpinBox, QPlainTextEdit)
    return [
        w
        for kind in kinds
        for w in root.findChildren(kind)
        if not w.accessibleName()
        and id(w) not in buddies
        and w.isVisibleTo(root)
        and not w.objectName().startswith("qt_")
    ]


def test_every_interactive_widget_has_a_name_or_buddy(view):
    assert unnamed_widgets(view) == []


@pytest.fixture
def window(configured_qapp, qtbot, fresh_directory):
    w = MainWindow()
    qtbot.addWidget(w)
    w.show()
    return w


def test_main_window_has_the_annuaires_area(window):
    assert isinstance(window.areas["annuaires"], DirectoryView)


def test_result_page_cards_and_cdas_du_domicile(qtbot, window):
    wizard = window.wizard
    answers = {"demande": "aide_departement", "urgences": [], "accompagnement_en_cours": "aucun"}
    walk_by_mouse(qtbot, wizard, answers, 1)
    assert wizard.result.services == ["cdas_domicile"]
    contacts = wizard.result_page.contacts
    lookup = contacts.cdas_lookup
    assert lookup is not None
    qtbot.keyClicks(lookup.commune_edit, "Antrain")
    text = lookup.message.text()
    assert "Val-Couesnon" in text and "Antrain" in text
    assert NOT_INSTALLED in text and "asip-desktop" not in text and "import" not in text
    assert lookup.cdas_name_edit.isVisibleTo(lookup)
    assert lookup.cards == []

    view = window.areas["annuaires"]
    dialog = view.import_file(EXAMPLE)
    qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    lookup = contacts.cdas_lookup  # rebuilt on the new directory, commune kept
    assert lookup.commune_edit.text() == "Antrain"
    assert [c.entry.id for c in lookup.cards] == ["exemple-cdas-08"]
    assert "CDAS FICTIF 08" in lookup.cards[0].text()
    assert unnamed_widgets(contacts) == []


def test_result_page_card_of_the_pension_offer(qtbot, window):
    answers = {"demande": "droits_retraite", "urgences": [], "retraite": "information"}
    walk_by_mouse(qtbot, window.wizard, answers, 1)
    contacts = window.wizard.result_page.contacts
    (card,) = contacts.cards["offre_retraite_carsat"]
    assert "Téléphone : 39 60" in card.text()
    assert "Site : lassuranceretraite.fr" in card.text()
    assert "236 rue de Châteaugiron" in card.text()
    assert contacts.cdas_lookup is None


def test_annuaire_import_shows_progress_and_new_offices(qtbot, view, tmp_path):
    from tests.directory import synthetic_annuaire

    path = tmp_path / "api-export.json"
    kept = synthetic_annuaire.write(path, 12_000, lean=True, string_encoded=True)
    seen: list[int] = []
    view.progress.valueChanged.connect(seen.append)
    dialog = view.import_file(path)
    assert dialog is not None
    assert f"12000 fiche(s) lue(s) dans l'Annuaire de l'administration, {kept} gardée(s)" in (
        dialog.changes.toPlainText()
    )
    assert seen and max(seen) == 1000 and not view.progress.isVisible()
    qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    labels = [view.kind_filter.itemText(i) for i in range(view.kind_filter.count())]
    view.kind_filter.setCurrentIndex(labels.index("France Services"))
    assert view.results.count() > 0
    assert "France Services" in view.results.item(0).text()
    assert "Annuaire de l'administration" in view.card.body.text()


def test_annuaire_social_and_template_import_in_the_window(qtbot, view, tmp_path):
    from tests.directory.test_annuaire_social import ARCGIS

    dialog = view.import_file(ARCGIS)
    assert dialog is not None
    assert "Annuaire social du Département : 9 ajoutée(s)" in dialog.changes.toPlainText()
    qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    status = view.status_text.toPlainText()
    assert "Annuaire social d'Ille-et-Vilaine (Département) importé : 9 entrée(s)" in status
    assert "2 à vérifier" in status.split("Annuaire social")[1]
    qtbot.keyClicks(view.search_box, "epicerie")
    assert view.results.count() == 3
    assert any(view.results.item(i).text().startswith("⚠") for i in range(3))

    from asip_desktop.directory.communes import commune_index
    from asip_desktop.directory.template import template_text
    from asip_desktop.directory.territories import TerritoryDraft
    from tests.directory.territory_fill import fill

    path = tmp_path / "territoires.csv"
    path.write_text(fill(template_text(TerritoryDraft(commune_index()))), encoding="utf-8")
    dialog = view.import_file(path)
    assert dialog is not None and "19 ajoutée(s)" in dialog.changes.toPlainText()
    qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    assert not view.banner.isVisibleTo(view)
    assert view.territories.cdas_list.count() == 19  # the editor follows the import
