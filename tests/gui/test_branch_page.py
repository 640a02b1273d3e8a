"""Short second-level paths: the opening questions on the situation page, the health
questions and the autonomy on one page, each revealed by the answer before it, with
the engine deciding which apply."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard

from asip_desktop.core.legacy import upgrade_answers
from asip_desktop.core.scenarios import load_scenarios
from asip_desktop.gui.request.branch_page import BranchPage, group_questions
from asip_desktop.settings import Settings
from tests.gui.driver import click, type_key, walk_by_mouse

PDP = next(s for s in load_scenarios() if s.name == "15-pdp-salarie-non-autonome")
BEFORE_HEALTH = {
    "demande": ["accompagnement_social"],
    "urgences": [],
    "enfants_concernes": False,
    "accompagnement_en_cours": "aucun",
}


def test_the_short_questions_share_two_pages_and_the_long_ones_keep_theirs(engine):
    groups = group_questions(list(engine.rules.questions), engine.rules.definitions)
    pages = [[q.id for q in group] for group in groups]
    health = [q.id for q in engine.rules.questions if q.id.startswith("sante.")]
    assert pages == [
        [
            "demande",
            "urgences",
            "enfants_concernes",
            "protection_enfance_connue_cdas",
            "accompagnement_en_cours",
        ],
        ["retraite"],
        ["pension.type_dossier"],
        ["pension.situation_administrative"],
        [*health, "autonome"],
    ]


def test_a_question_is_not_pulled_before_a_question_it_reads(engine):
    """The current support joins the situation page only because it reads the demand
    and the emergencies: reading the retirement answer, it would keep its own page."""
    questions = list(engine.rules.questions)
    support = next(q for q in questions if q.id == "accompagnement_en_cours")
    reading = dataclasses.replace(support, ask_when={"q": "retraite", "eq": "information"})
    questions[questions.index(support)] = reading
    pages = [[q.id for q in g] for g in group_questions(questions, engine.rules.definitions)]
    assert "accompagnement_en_cours" not in pages[0]
    assert ["accompagnement_en_cours"] in pages
    assert pages.index(["accompagnement_en_cours"]) > pages.index(["retraite"])


def test_keyboard_only_through_the_health_page(qtbot, show_window, engine):
    window = show_window(settings=Settings(niveau=2))
    wizard = window.wizard
    walk_by_mouse(qtbot, wizard, BEFORE_HEALTH, 2, stop_at_unanswered=True)
    page = wizard.currentPage()
    assert isinstance(page, BranchPage)
    assert [b.question.id for b in page.visible_blocks()] == ["sante.lien_sante"]
    assert not page.blocks["sante.statut"].isVisible()
    next_button = wizard.button(QWizard.WizardButton.NextButton)

    def key(k):
        type_key(window.focusWidget(), k)
        qtbot.wait(5)

    expected = [
        ("sante.lien_sante", Qt.Key.Key_1, "sante.statut"),
        ("sante.statut", Qt.Key.Key_1, "sante.arret_travail"),
        ("sante.arret_travail", Qt.Key.Key_1, "sante.risque_emploi"),
    ]
    for qid, digit, revealed in expected:
        assert page.blocks[qid].answer.isAncestorOf(window.focusWidget()), qid
        assert not next_button.isEnabled()
        key(digit)
        assert page.blocks[revealed].isVisible()
        qtbot.waitUntil(lambda r=revealed: page.blocks[r].answer.isAncestorOf(window.focusWidget()))
    key(Qt.Key.Key_1)  # risque_emploi: Oui — the autonomy is asked next, same page
    assert not page.blocks["sante.rupture_sante"].isVisible()  # not asked after a PDP risk
    assert not page.blocks["sante.repercussions"].isVisible()
    assert not next_button.isEnabled()
    autonomy = page.blocks["autonome"]
    qtbot.waitUntil(lambda: autonomy.answer.isAncestorOf(window.focusWidget()))
    key(Qt.Key.Key_2)  # Non
    assert next_button.isEnabled()
    key(Qt.Key.Key_Return)  # the identity page
    key(Qt.Key.Key_Return)
    assert wizard.currentId() == wizard.result_page_id
    # the scenario is written in 2026.1's words: compare with its 2026.2 form
    upgraded = upgrade_answers(engine.rules, PDP.answers)
    assert wizard.answers() == {**upgraded, "urgences": [], "enfants_concernes": False}
    assert wizard.result.services == PDP.expected["orientations"]
    # level and situation (demand, emergencies, children, current support), health and
    # autonomy, identity, result: 4 screens (9 with one page per question)
    assert len(wizard.visitedIds()) == 4


def test_changing_an_earlier_answer_hides_what_no_longer_applies(qtbot, show_window):
    window = show_window(settings=Settings(niveau=2))
    wizard = window.wizard
    walk_by_mouse(
        qtbot, wizard, {**BEFORE_HEALTH, "sante": PDP.answers["sante"]}, 2, stop_at_unanswered=True
    )
    page = wizard.currentPage()
    assert isinstance(page, BranchPage)
    assert page.question.id == "autonome"
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.BackButton), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)
    assert wizard.currentPage() is page
    assert len(page.visible_blocks()) == 5  # coming back shows every answer given
    click(qtbot, page.blocks["sante.statut"].buttons["retraite"])
    shown = [b.question.id for b in page.visible_blocks()]
    assert shown == ["sante.lien_sante", "sante.statut", "sante.rupture_sante"]
    assert wizard.answers()["sante"] == {"lien_sante": True, "statut": "retraite"}
    click(qtbot, page.blocks["sante.lien_sante"].buttons[False])
    assert [b.question.id for b in page.visible_blocks()] == ["sante.lien_sante"]
    assert wizard.answers()["sante"] == {"lien_sante": False}
    assert wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    # back to Oui: the answers typed before are still there, the path follows them
    click(qtbot, page.blocks["sante.lien_sante"].buttons[True])
    assert wizard.answers()["sante"] == {"lien_sante": True, "statut": "retraite"}
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()  # rupture to answer
