"""pytest-qt drives the wizard from « Nouvelle demande » to the result page."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard

from asip_desktop.core.scenarios import load_scenarios
from asip_desktop.gui.request.branch_page import BranchPage
from tests.gui.driver import click, type_key, walk_by_mouse
from tests.gui.loss import answer_loss

COMPLETE = {s.name: s for s in load_scenarios() if not s.expected["missing"]}
DRIVEN = [
    "04-retraite-rupture-ressources",
    "09-droits-cpam",
    "15-pdp-salarie-non-autonome",
    "19-independant-sps",
    "27-accompagnee-cdas-co-intervention",
    "31-urgence-alimentaire",
    "33-protection-enfance-connue",
    "41-multi-retraite-urgente-et-accompagnement",
    "53-urgence-alimentaire-retraite-information",
    "70-independant-autonome-niveau-1",
    "47-invalidite-sps-non-autonome",  # a 2026.2 status
    "52-niveau-1-non-autonome",  # autonomy asked at level 1
    "57-enfants-connus-cdas-aide",  # child protection known, no emergency
]


def open_new_request(qtbot, window):
    window.show_area("indicateurs")
    item = window.nav.item(0)
    rect = window.nav.visualItemRect(item)
    qtbot.mouseClick(window.nav.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.current_area() == "demande"
    return window.wizard


@pytest.mark.parametrize("name", DRIVEN)
def test_wizard_reaches_the_scenario_result(qtbot, window, name):
    scenario = COMPLETE[name]
    wizard = open_new_request(qtbot, window)
    walk_by_mouse(qtbot, wizard, scenario.answers, scenario.level)
    result = wizard.result
    assert result is not None
    assert result.services == scenario.expected["orientations"]
    assert list(result.forms) == scenario.expected["forms"]
    assert result.urgent is scenario.expected["urgent"]
    page = wizard.result_page
    text = page.text()
    for o in result.orientations:
        assert o.label in text
        assert o.reference.split(" ; ")[0] in text
    assert page.view.first_step.isVisibleTo(page)  # the action plan comes first
    for form in result.forms:
        assert "à remplir" in page.forms_bar.state_labels[form].text()
        assert page.forms_bar.buttons[form].text().startswith("Remplir la fiche")


def test_wizard_keyboard_only(qtbot, window):
    """Pension payment stopped: level 1, then keys only (Space, digits, Enter)."""
    wizard = window.wizard  # « Nouvelle demande » is the area shown at start
    assert window.current_area() == "demande"

    def key(k):
        # Offscreen windows are never "active" (QApplication.focusWidget() is
        # None): deliver the key events to the window's focus widget, as the
        # window system would. Arrow keys between radio buttons need an active
        # window, so this walk uses Space and the digit keys.
        type_key(window.focusWidget(), k)
        qtbot.wait(5)  # a person's keystrokes are apart: let the event loop run

    wizard.level_page.buttons[1].setFocus()
    key(Qt.Key.Key_Space)
    page = wizard.currentPage()
    assert isinstance(page, BranchPage) and page.header is wizard.level_page
    key(Qt.Key.Key_Return)  # the page is not complete: on to the demand
    demand, emergencies = page.blocks["demande"], page.blocks["urgences"]
    assert wizard.currentPage() is page
    assert demand.answer.isAncestorOf(window.focusWidget())
    assert not emergencies.isVisible()
    key(Qt.Key.Key_Space)  # first choice: droits_retraite
    assert emergencies.isVisible()
    assert demand.answer.isAncestorOf(window.focusWidget())  # a second demand may follow
    key(Qt.Key.Key_Return)  # the page is not complete: on to the emergencies
    assert wizard.currentPage() is page
    assert emergencies.answer.isAncestorOf(window.focusWidget())
    key(Qt.Key.Key_Return)  # nothing ticked -> enfants_concernes
    children = page.blocks["enfants_concernes"]
    assert children.answer.isAncestorOf(window.focusWidget())
    key(Qt.Key.Key_2)  # Non: the page is complete (no support question for a pension)
    assert not page.blocks["accompagnement_en_cours"].isVisible()
    key(Qt.Key.Key_Return)  # -> retraite
    page = wizard.currentPage()
    assert page.question.id == "retraite"
    qtbot.waitUntil(lambda: window.focusWidget() is page.buttons["information"])
    key(Qt.Key.Key_3)  # third answer: rupture_ressources
    assert window.focusWidget() is page.buttons["rupture_ressources"]
    assert page.value() == "rupture_ressources"
    key(Qt.Key.Key_Return)  # -> pension.type_dossier (for the fiche, may stay empty)
    assert wizard.currentPage().question.id == "pension.type_dossier"
    key(Qt.Key.Key_1)  # Pension de retraite
    key(Qt.Key.Key_Return)  # -> pension.situation_administrative
    key(Qt.Key.Key_Return)  # nothing ticked -> result
    assert wizard.currentId() == wizard.result_page_id
    assert wizard.answers()["pension"] == {
        "type_dossier": ["pension_retraite"],
        "situation_administrative": [],
    }
    assert wizard.result.services == ["canal_prioritaire_carsat"]
    assert wizard.result.forms == ("fiche_liaison_retraite",)


def situation_page(qtbot, window):
    wizard = open_new_request(qtbot, window)
    page = wizard.currentPage()  # the level and the situation: the first page
    assert isinstance(page, BranchPage)
    return wizard, page


def test_digit_keys_tick_and_untick_emergencies(qtbot, window):
    _wizard, page = situation_page(qtbot, window)
    click(qtbot, page.blocks["demande"].buttons["aide_departement"])
    emergencies = page.blocks["urgences"]
    emergencies.focus_first()
    for digit in (Qt.Key.Key_1, Qt.Key.Key_4, Qt.Key.Key_1):
        type_key(window.focusWidget(), digit)
    assert emergencies.value() == ["protection_enfance"]
    type_key(window.focusWidget(), Qt.Key.Key_9)  # no ninth answer: nothing changes
    assert emergencies.value() == ["protection_enfance"]
    # child protection ticked: the engine no longer asks about children, it asks
    # whether the CDAS knows the situation
    shown = [b.question.id for b in page.visible_blocks()]
    assert "enfants_concernes" not in shown
    assert "protection_enfance_connue_cdas" in shown


def test_ctrl_digit_opens_each_area(qtbot, window):
    for index, key in enumerate(window.areas):
        digit = getattr(Qt.Key, f"Key_{index + 1}")
        qtbot.keyClick(window, digit, Qt.KeyboardModifier.ControlModifier)
        assert window.current_area() == key


def test_several_demands_are_check_boxes_and_one_is_needed(qtbot, window):
    from PySide6.QtWidgets import QCheckBox

    wizard, page = situation_page(qtbot, window)
    demand = page.blocks["demande"]
    assert page.visible_blocks() == [demand]  # the other questions wait for the demand
    assert all(isinstance(b, QCheckBox) for b in demand.buttons.values())
    nxt = wizard.button(QWizard.WizardButton.NextButton)
    click(qtbot, demand.buttons["droits_retraite"])
    click(qtbot, demand.buttons["accompagnement_social"])
    assert demand.value() == ["droits_retraite", "accompagnement_social"]
    click(qtbot, demand.buttons["droits_retraite"])
    click(qtbot, demand.buttons["accompagnement_social"])
    assert not nxt.isEnabled()  # nothing ticked: the demand is still to be said
    assert page.visible_blocks() == [demand]
    click(qtbot, demand.buttons["accompagnement_social"])
    click(qtbot, page.blocks["enfants_concernes"].buttons[False])
    assert not nxt.isEnabled()  # the current support is still to be said
    click(qtbot, page.blocks["accompagnement_en_cours"].buttons["aucun"])
    assert nxt.isEnabled()


def test_no_auto_advance_and_next_needs_an_answer(qtbot, window):
    wizard, page = situation_page(qtbot, window)
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    click(qtbot, page.blocks["demande"].buttons["droits_assurance_maladie"])
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    click(qtbot, page.blocks["enfants_concernes"].buttons[False])
    assert wizard.currentPage() is page  # choosing does not move on
    assert wizard.button(QWizard.WizardButton.NextButton).isEnabled()


def test_back_keeps_answers_and_a_changed_answer_changes_the_path(qtbot, window):
    wizard = open_new_request(qtbot, window)
    answers = {"demande": "droits_retraite", "urgences": [], "retraite": "information"}
    walk_by_mouse(qtbot, wizard, answers, 1)
    assert wizard.result.services == ["offre_retraite_carsat"]
    back = wizard.button(QWizard.WizardButton.BackButton)
    for _ in range(2):  # retraite, the first page (level and situation)
        qtbot.mouseClick(back, Qt.MouseButton.LeftButton)
    assert wizard.currentId() == 0
    page = wizard.currentPage()
    assert isinstance(page, BranchPage)
    demand = page.blocks["demande"]
    assert demand.value() == ["droits_retraite"]  # kept
    click(qtbot, demand.buttons["droits_retraite"])  # untick
    click(qtbot, demand.buttons["aide_departement"])
    support = page.blocks["accompagnement_en_cours"]
    assert support.isVisible()  # the new demand asks for the current support
    nxt = wizard.button(QWizard.WizardButton.NextButton)
    assert not nxt.isEnabled()
    click(qtbot, support.buttons["aucun"])
    qtbot.mouseClick(nxt, Qt.MouseButton.LeftButton)
    assert wizard.result.services == ["cdas_domicile"]
    assert "retraite" not in wizard.answers()  # the abandoned branch does not count


def test_restart_clears_the_answers(qtbot, window):
    wizard = open_new_request(qtbot, window)
    walk_by_mouse(qtbot, wizard, {"demande": "droits_assurance_maladie", "urgences": []}, 1)
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.FinishButton), Qt.MouseButton.LeftButton)
    answer_loss(qtbot, wizard, destroy=True)
    assert wizard.currentId() == 0
    assert wizard.question_pages["demande"].value() == []
    assert not wizard.question_pages["demande"].is_answered()
    assert wizard.result is None


def test_result_page_lists_warnings_with_references(qtbot, window):
    wizard = open_new_request(qtbot, window)
    walk_by_mouse(
        qtbot,
        wizard,
        {"demande": "droits_retraite", "urgences": [], "retraite": "aide_constitution_dossier"},
        1,
    )
    text = wizard.result_page.text()
    assert "n'intervient en aucune circonstance" in text
    assert "Volet I, §2" in text


def test_only_the_first_page_is_built_before_the_window_is_ready(qtbot, engine):
    """Start-up: the other question pages are built once the event loop runs again."""
    from asip_desktop.gui.request.wizard import OrientationWizard

    wizard = OrientationWizard(engine, 1)
    qtbot.addWidget(wizard)
    assert wizard.pageIds() == [0, wizard.person_page_id, wizard.result_page_id]
    qtbot.waitUntil(lambda: len(wizard.pageIds()) == wizard.result_page_id + 1)
    assert len(wizard.question_pages) == len(engine.rules.questions)


def test_next_before_the_other_pages_are_built_builds_them(qtbot, engine):
    from asip_desktop.gui.request.wizard import OrientationWizard

    wizard = OrientationWizard(engine, 1)
    qtbot.addWidget(wizard)
    wizard.show()  # no event processed yet: only the first page exists
    page = wizard.currentPage()
    page.blocks["demande"].buttons["droits_retraite"].setChecked(True)
    page.blocks["enfants_concernes"].buttons[False].setChecked(True)
    assert len(wizard.pageIds()) == 3
    wizard.next()
    assert wizard.currentPage().question.id == "retraite"
