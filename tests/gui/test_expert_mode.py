"""The one-page expert mode shares the engine and the answers with the wizard."""

from __future__ import annotations

import pytest

from asip_desktop.core.scenarios import load_scenarios
from tests.gui.driver import click, walk_by_mouse


def visible_questions(expert):
    return [qid for qid, box in expert.groups.items() if box.isVisibleTo(expert)]


def test_expert_mode_shows_what_applies_and_orients_live(qtbot, window):
    area = window.request_area
    click(qtbot, area.expert_toggle)
    expert = area.expert
    assert area.expert_mode
    assert visible_questions(expert) == ["demande", "urgences", "enfants_concernes"]
    click(qtbot, expert.answers_widgets["demande"].buttons["droits_retraite"])
    assert visible_questions(expert) == ["demande", "urgences", "enfants_concernes", "retraite"]
    assert expert.result.services == []
    click(qtbot, expert.answers_widgets["retraite"].buttons["recours_epuises"])
    assert expert.result.services == ["canal_prioritaire_carsat"]
    assert "Canal de contact privilégié" in expert.view.plain_text()
    click(qtbot, expert.answers_widgets["urgences"].buttons["sans_logement"])
    assert "accompagnement_en_cours" in visible_questions(expert)
    assert expert.result.urgent


@pytest.mark.parametrize(
    "scenario",
    [s for s in load_scenarios() if not s.expected["missing"]][:12],
    ids=lambda s: s.name,
)
def test_expert_mode_gives_the_scenario_result(qtbot, window, scenario):
    expert = window.request_area.expert
    expert.load_answers(scenario.answers, scenario.level)
    assert expert.result.services == scenario.expected["orientations"]
    assert list(expert.result.forms) == scenario.expected["forms"]


def test_switching_keeps_what_was_typed_both_ways(qtbot, window):
    area = window.request_area
    wizard = area.wizard
    answers = {
        "demande": ["accompagnement_social"],
        "urgences": [],
        "enfants_concernes": False,
        "accompagnement_en_cours": "aucun",
        "sante": {"lien_sante": True, "statut": "retraite", "rupture_sante": True},
    }
    walk_by_mouse(qtbot, wizard, answers, 2, stop_at_unanswered=True)
    assert wizard.currentPage().question.id == "autonome"
    click(qtbot, area.expert_toggle)
    expert = area.expert
    assert expert.level() == 2
    assert expert.answers() == answers
    assert "autonome" in visible_questions(expert)
    click(qtbot, expert.answers_widgets["autonome"].buttons[False])
    assert expert.result.forms == ("fiche_detection_fragilite",)
    click(qtbot, area.expert_toggle)  # back to the wizard: it resumes on the result
    assert not area.expert_mode
    assert wizard.currentId() == wizard.result_page_id
    assert wizard.answers() == {**answers, "autonome": False}
    assert wizard.result.services == ["service_social_assurance_maladie"]


def test_wizard_resumes_on_the_first_unanswered_question(qtbot, window):
    area = window.request_area
    click(qtbot, area.expert_toggle)
    click(qtbot, area.expert.answers_widgets["demande"].buttons["aide_departement"])
    click(qtbot, area.expert_toggle)
    # enfants_concernes has a default (non) but is still asked: the wizard stops on it
    # (on the situation page, where the demand and the emergencies are already shown)
    page = area.wizard.currentPage()
    assert page.question.id == "enfants_concernes"
    assert [b.question.id for b in page.visible_blocks()] == [
        "demande",
        "urgences",
        "enfants_concernes",
    ]
    assert page.blocks["demande"].value() == ["aide_departement"]
