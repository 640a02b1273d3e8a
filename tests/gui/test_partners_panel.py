"""pytest-qt: partners for the need on the result page, in expert mode and on the sheet.

The annuaire social fixture is FICTIONAL (tests/directory/data/annuaire-social/).
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt

from asip_desktop.directory.partners import NOTHING_IMPORTED
from asip_desktop.documents.orientation_sheet import blocks_for
from asip_desktop.gui.directory.directory_state import directory_state
from asip_desktop.gui.request.cdas_lookup import NOT_INSTALLED
from tests.directory.test_annuaire_social import CSV
from tests.gui.driver import click, walk_by_mouse

FOOD = {
    "demande": "aide_departement",
    "urgences": ["aide_alimentaire"],
    "accompagnement_en_cours": "aucun",
}
PENSION = {"demande": "droits_retraite", "retraite": "aide_constitution_dossier"}


@pytest.fixture(autouse=True)
def fresh_directory():
    directory_state().reload()  # the shared directory, read again from this test's data dir
    yield
    directory_state().reload()


@pytest.fixture
def imported(window):
    directory = directory_state().directory
    directory.apply(directory.plan_import(CSV))
    directory_state().notify()
    return window


def card_titles(panel):
    return [c.entry.name for c in panel.cards]


def type_commune(qtbot, edit, text: str) -> None:
    edit.setFocus()
    edit.clear()
    qtbot.keyClicks(edit, text)  # ASCII: the look-up ignores accents; shown as typed


def test_food_emergency_on_the_result_page_and_sheet(qtbot, imported):
    wizard = imported.wizard
    walk_by_mouse(qtbot, wizard, FOOD, 1)
    page = wizard.result_page
    panel = page.partners
    assert panel.needs() == ["alimentaire"]
    assert "Indiquez la commune du domicile" in panel.message.text()
    # the commune typed for the CDAS du domicile is taken by the partners too
    lookup = page.contacts.cdas_lookup
    assert lookup is not None and NOT_INSTALLED in lookup.message.text()
    type_commune(qtbot, lookup.commune_edit, "Fougeres")
    assert panel.commune() == "Fougeres"
    assert card_titles(panel) == [
        "CCAS FICTIF de Fougères",
        "Colis alimentaires FICTIFS - Association Exemple (AFE)",
        "Épicerie solidaire FICTIVE du Centre",
        "Épicerie sociale FICTIVE de Lécousse",
    ]
    lecousse = panel.cards[3]
    assert "Dans l'intercommunalité" in lecousse.title.text()
    assert lecousse.badge.isVisibleTo(panel)  # dated 2024: to check
    assert not panel.cards[0].badge.isVisibleTo(panel)
    body = panel.cards[0].body.text()
    assert "Adresse : 3 rue Imaginaire, 35300 Fougères" in body
    assert "Horaires : Lundi au vendredi 9h-12h (fictif)" in body
    assert "Source : Annuaire social d'Ille-et-Vilaine" in body and "20/08/2026" in body

    # chosen for the sheet, with the CDAS name typed by the agent
    box = panel.choices["annuaire-social:FICT-001"]
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(4, box.height() // 2))
    assert [e.id for e in panel.chosen()] == ["annuaire-social:FICT-001"]
    lookup.cdas_name_edit.setFocus()
    qtbot.keyClicks(lookup.cdas_name_edit, "CDAS FICTIF du Pays de Fougeres")
    extras = page.sheet_extras()
    blocks = blocks_for(wizard.result, **extras)
    texts = [b.text for b in blocks]
    assert "Près de chez vous" in texts
    assert "Épicerie solidaire FICTIVE du Centre" in texts
    assert "Tél. 01 99 00 01 01" in texts and "1 rue Imaginaire, 35300 Fougères" in texts
    assert "CDAS FICTIF du Pays de Fougeres" in texts  # the typed name heads the CDAS block
    assert not any("Source" in t or "Public" in t for t in texts)  # public contacts only
    dialog = page.forms_bar.open("feuille_orientation")
    assert dialog.isVisible()
    dialog.reject()

    # Enter in these fields looks up; it does not press « Terminer » (a new request)
    for edit in (lookup.commune_edit, lookup.cdas_name_edit, panel.commune_edit):
        edit.setFocus()
        qtbot.keyClick(edit, Qt.Key.Key_Return)
        assert wizard.currentId() == wizard.result_page_id and wizard.result is not None
    assert len(panel.cards) == 4


def test_pension_file_help_lists_france_services(qtbot, imported):
    wizard = imported.wizard
    walk_by_mouse(qtbot, wizard, PENSION, 1)
    panel = wizard.result_page.partners
    assert panel.needs() == ["demarches"]
    assert wizard.result_page.contacts.cdas_lookup is None  # no CDAS here: its own field
    type_commune(qtbot, panel.commune_edit, "Lecousse")
    assert card_titles(panel) == [
        "France services FICTIVE de Lécousse",
        "France services FICTIVE de Fougères",
    ]
    assert (
        panel.message.text()
    ) == "Lécousse puis les autres communes de : CA Fougères Agglomération."
    # the agent can add a need the rules did not see
    click(qtbot, panel.need_boxes["jeunes"])
    assert "Aucun partenaire importé à Lécousse ni dans son EPCI." in [
        w.text() for w in panel.list_widget().findChildren(type(panel.message))
    ]


def test_expert_mode_shows_partners_live(qtbot, imported):
    area = imported.request_area
    click(qtbot, area.expert_toggle)
    expert = area.expert
    panel = expert.partners
    type_commune(qtbot, panel.commune_edit, "Lecousse")
    assert panel.needs() == []
    click(qtbot, expert.answers_widgets["urgences"].buttons["aide_alimentaire"])
    assert panel.needs() == ["alimentaire"]
    assert card_titles(panel)[0] == "Épicerie sociale FICTIVE de Lécousse"
    click(qtbot, expert.answers_widgets["urgences"].buttons["aide_alimentaire"])
    assert panel.needs() == [] and panel.cards == []


def test_nothing_imported_says_so_in_one_line(qtbot, window):
    walk_by_mouse(qtbot, window.wizard, FOOD, 1)
    panel = window.wizard.result_page.partners
    assert panel.message.text() == NOTHING_IMPORTED
    assert panel.cards == []


def test_the_case_page_lists_partners_in_the_persons_commune(qtbot, imported, engine):
    from tests.gui.cases_seed import new_case, open_store

    store = open_store(imported)
    food = {**FOOD, "demande": ["aide_departement"], "enfants_concernes": False}
    person = {"nom_naissance": "Fictif", "adresse": "3 rue de l'Exemple, 35300 Fougères"}
    case_id = new_case(store, engine, food, person=person)
    imported.show_area("dossiers")
    area = imported.area("dossiers")
    area.refresh()
    area.open_case(case_id)
    panel = area.page.partners
    assert panel.commune() == "Fougères"  # read from the person's address
    assert panel.needs() == ["alimentaire"]
    assert "CCAS FICTIF de Fougères" in card_titles(panel)
    # an address with no commune of Ille-et-Vilaine: the agent types one
    other = new_case(store, engine, food, person={"adresse": "1 rue Imaginaire, 75001 Paris"})
    area.open_case(other)
    assert area.page.partners.commune() == ""
    assert "Indiquez la commune du domicile" in area.page.partners.message.text()
