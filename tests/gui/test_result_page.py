"""§2 of issue 11: the result says what to do now — the action plan first, the places
with their contacts in the same scroll area, the fiches' state moving on."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QScrollArea

from asip_desktop.core.result import Action
from asip_desktop.gui.fiches.forms_bar import FILLED, SAVED, SENT, SIGNED, TO_FILL, TYPING
from asip_desktop.gui.request.orientation_contacts import plain
from asip_desktop.settings import AgentProfile, Settings
from tests.gui.driver import click, type_key, walk_by_mouse
from tests.gui.sending_helpers import send
from tests.gui.test_forms_gui import fill_liaison

URGENT_PENSION = {"demande": ["droits_retraite"], "urgences": [], "retraite": "rupture_ressources"}
FOOD = {
    "demande": ["accompagnement_social"],
    "urgences": ["aide_alimentaire"],
    "enfants_concernes": False,
    "accompagnement_en_cours": "aucun",
    "sante": {"lien_sante": False},
}
ACTIONS = (
    Action(
        1,
        "accueil",
        "Faire recevoir la personne maintenant par un travailleur social (accueil de "
        "deuxième niveau)",
        "Volet II, §2",
    ),
    Action(2, "accueil", "Remplir la fiche de liaison avec la personne", "Volet I, §2"),
    Action(3, "personne", "Remettre la feuille d'orientation", "Volet I, §2"),
)
AGENT = AgentProfile(nom="Agent", prenom="Exemple", cdas="CDAS Exemple")


def y_of(widget, page):
    return widget.mapTo(page, QPoint(0, 0)).y()


def test_the_action_plan_comes_first_and_fits_above_the_fold(qtbot, window):
    window.resize(1366, 768)
    wizard = window.wizard
    walk_by_mouse(qtbot, wizard, FOOD, 1)
    page = wizard.result_page
    result = dataclasses.replace(wizard.result, actions=tuple(reversed(ACTIONS)))
    page.show_result(result)
    qtbot.wait(50)
    view = page.view
    assert view.banner.isVisible() and "urgente" in view.banner.text()
    assert view.first_step.text().startswith("1. Faire recevoir la personne maintenant")
    assert view.first_step.font().pointSizeF() > view.next_steps.font().pointSizeF()
    steps = view.next_steps.text()
    assert steps.index("Remplir la fiche") < steps.index("Remettre la feuille")  # by step
    assert "La personne" in steps  # who acts is said
    # the order of the blocks: plan, places with their contacts, then « À savoir »
    contacts = view.contacts
    assert y_of(view.banner, page) < y_of(view.first_step, page) < y_of(contacts, page)
    if view.to_know.isVisible():
        assert y_of(contacts, page) < y_of(view.to_know, page)
    # one scroll area for all of it (the CDAS card is inside, not in a second one)
    assert [s for s in page.findChildren(QScrollArea) if s.isVisible()] == [page.scroll]
    assert page.scroll.horizontalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOff
    # nothing important below the fold: the banner and the first step are in the viewport
    viewport = page.scroll.viewport()
    for widget in (view.banner, view.first_step):
        bottom = widget.mapTo(viewport, QPoint(0, widget.height())).y()
        assert 0 <= bottom <= viewport.height(), widget.objectName()
    assert "rules" not in page.text() and result.rules_sha256[:12] not in page.text()


def test_without_actions_the_orientations_become_the_steps(qtbot, window):
    wizard = window.wizard
    walk_by_mouse(qtbot, wizard, URGENT_PENSION, 1)
    # a rules file without an action plan (a 2026.1 file, a local test file)
    result = dataclasses.replace(wizard.result, actions=())
    view = wizard.result_page.view
    view.show_result(result)
    first = result.orientations[0].label
    assert view.first_step.text().startswith(f"1. Orienter vers : {first}")
    steps = plain(view.next_steps.text())
    assert "Remplir la fiche de liaison retraite avec la personne" in steps
    assert "Remettre la feuille d'orientation" in steps


def test_a_fiche_moves_on_and_its_button_says_the_next_step(qtbot, show_window, tmp_path):
    window = show_window(settings=Settings(agent=AGENT))
    walk_by_mouse(qtbot, window.wizard, URGENT_PENSION, 1)
    bar = window.wizard.result_page.forms_bar
    key = "fiche_liaison_retraite"
    button = bar.buttons[key]

    def state():
        return bar.states[key], bar.state_labels[key].text(), button.text().replace("&", "")

    assert state()[0] == TO_FILL and state()[2] == "Remplir la fiche de liaison retraite…"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    dialog = bar.dialog
    qtbot.addWidget(dialog)
    fill_liaison(qtbot, dialog)
    assert state()[0] == TYPING
    edit = dialog.editor.fields["personne.prenom"].edit
    edit.setFocus()
    type_key(edit, Qt.Key.Key_Return)  # Entrée: « Vérifier et prévisualiser »
    assert state()[0] == FILLED
    assert state()[2] == "Enregistrer la fiche de liaison retraite dans le dossier…"
    dialog.reject()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert bar.dialog is dialog  # the same fiche, as it was
    assert dialog.actions.pdf is not None
    # Entrée does the next step: after the check, saving in the case
    edit.setFocus()
    type_key(edit, Qt.Key.Key_Return)
    assert state()[0] == SAVED
    assert "Étape suivante : l'imprimer et la faire signer" in dialog.status.text()
    assert dialog.actions.print_button.isDefault()
    assert state()[2] == "Imprimer la fiche de liaison retraite et la faire signer…"
    dialog.reject()
    signed = bar.signed_buttons[key]
    assert signed.isVisible()
    click(qtbot, signed)
    assert state()[0] == SIGNED and not signed.isVisible()
    assert state()[2] == "Préparer l'envoi sécurisé de la fiche de liaison retraite…"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert dialog.tabs.currentWidget() is dialog.sending  # opened on the next step
    send(qtbot, dialog.sending, tmp_path / "envois")
    kind, label, text = state()
    assert kind == SENT and "au plus tard le" in label and text.startswith("Revoir")
    [case] = window.store_access.require().cases.open_cases()
    assert case.status == "en_attente"


def test_a_new_request_starts_with_fresh_fiches(qtbot, show_window):
    window = show_window(settings=Settings(agent=AGENT))
    wizard = window.wizard
    walk_by_mouse(qtbot, wizard, URGENT_PENSION, 1)
    bar = wizard.result_page.forms_bar
    qtbot.mouseClick(bar.buttons["fiche_liaison_retraite"], Qt.MouseButton.LeftButton)
    first = bar.dialog
    qtbot.addWidget(first)
    fill_liaison(qtbot, first)
    qtbot.mouseClick(first.check_button, Qt.MouseButton.LeftButton)
    save = first.findChild(type(first.check_button), "enregistrer-dossier")
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)  # the case holds it
    first.reject()
    click(qtbot, wizard.button(wizard.WizardButton.FinishButton))
    walk_by_mouse(qtbot, wizard, URGENT_PENSION, 1)  # the same answers, another person
    assert bar.states["fiche_liaison_retraite"] == TO_FILL
    qtbot.mouseClick(bar.buttons["fiche_liaison_retraite"], Qt.MouseButton.LeftButton)
    assert bar.dialog is not first
    qtbot.addWidget(bar.dialog)
    assert bar.dialog.editor.fields["personne.nom_naissance"].edit.text() == ""


def test_expert_mode_shows_the_same_plan_and_continues_with_the_identity(qtbot, show_window):
    window = show_window(settings=Settings(niveau=2, agent=AGENT))
    area = window.request_area
    click(qtbot, area.expert_toggle)
    expert = area.expert
    assert not expert.person.isVisibleTo(expert) or expert.level() == 2
    expert.load_answers(FOOD, 2)
    assert expert.person.isVisibleTo(expert)  # the identity section, at level 2
    field = expert.person.fields["nom_naissance"]
    field.setText("Le Bihan")
    plan = expert.view.first_step.text()
    assert expert.view.banner.isVisibleTo(expert)
    assert expert.continue_button.isEnabled()
    click(qtbot, expert.continue_button)
    assert not area.expert_mode
    wizard = area.wizard
    assert wizard.currentId() == wizard.result_page_id
    assert wizard.result_page.view.first_step.text() == plan  # the same words
    assert wizard.person_page.person() == {"nom_naissance": "Le Bihan"}
    assert wizard.answers() == FOOD
    # every question title of the expert page wraps: no horizontal scrollbar
    for scroll in expert.findChildren(QScrollArea):
        assert scroll.horizontalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOff


def test_expert_mode_never_cuts_its_columns(qtbot, window):
    area = window.request_area
    click(qtbot, area.expert_toggle)
    expert = area.expert
    expert.load_answers(FOOD, 2)
    for width, orientation in ((1366, Qt.Orientation.Horizontal), (700, Qt.Orientation.Vertical)):
        window.resize(width, 768)
        qtbot.waitUntil(lambda o=orientation: expert.splitter.orientation() == o, timeout=2000)
        qtbot.wait(20)
        columns = [expert.splitter.widget(i) for i in range(expert.splitter.count())]
        assert len(columns) == 2
        for scroll in columns:
            needed = scroll.widget().minimumSizeHint().width()
            assert needed <= scroll.viewport().width(), (width, scroll.accessibleName())
