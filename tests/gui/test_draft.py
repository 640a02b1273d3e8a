"""The request typed is kept as it is typed; reopening offers to resume it."""

from __future__ import annotations

from PySide6.QtCore import Qt

from asip_desktop.gui.request.draft_keeper import SAVE_DELAY_MS
from asip_desktop.settings import Settings
from tests.gui.driver import click, type_text, walk_by_mouse
from tests.gui.loss import answer_loss

PARTIAL = {
    "demande": ["accompagnement_social"],
    "urgences": ["sans_logement"],
    "enfants_concernes": False,
    "accompagnement_en_cours": "aucun",
}


def settle(qtbot):
    qtbot.wait(SAVE_DELAY_MS + 150)


def test_typed_answers_survive_a_restart_and_resume(qtbot, show_window):
    first = show_window(settings=Settings(niveau=2))
    store = first.store_access.require()
    walk_by_mouse(qtbot, first.wizard, PARTIAL, 2, stop_at_unanswered=True)
    assert first.wizard.currentPage().question.id == "sante.lien_sante"
    settle(qtbot)
    draft = store.load_draft()
    assert draft["answers"] == PARTIAL and draft["level"] == 2
    # the machine goes down; the app is started again on the same data
    first.store_access.shutdown()
    first.hide()

    second = show_window(settings=Settings(niveau=2))
    area = second.request_area
    assert not area.resume_bar.isVisible()
    second.store_access.open_now()
    assert area.resume_bar.isVisible()
    click(qtbot, area.resume_button)
    wizard = second.wizard
    assert wizard.answers() == PARTIAL
    assert wizard.currentPage().question.id == "sante.lien_sante"
    assert wizard.level() == 2
    assert not area.resume_bar.isVisible()


def test_person_typed_at_level_2_is_kept_too(qtbot, show_window):
    window = show_window(settings=Settings(niveau=2))
    store = window.store_access.require()
    answers = {"demande": "aide_departement", "urgences": [], "accompagnement_en_cours": "aucun"}
    walk_by_mouse(qtbot, window.wizard, answers, 2)
    qtbot.mouseClick(
        window.wizard.button(window.wizard.WizardButton.BackButton), Qt.MouseButton.LeftButton
    )
    field = window.wizard.person_page.fields["nom_naissance"]
    field.setFocus()
    type_text(field, "Kervella")
    settle(qtbot)
    assert store.load_draft()["person"] == {"nom_naissance": "Kervella"}


def test_abandon_and_finish_discard_the_draft(qtbot, show_window):
    window = show_window()
    store = window.store_access.require()
    walk_by_mouse(qtbot, window.wizard, {"demande": "droits_assurance_maladie", "urgences": []}, 1)
    settle(qtbot)
    assert store.load_draft() is not None
    qtbot.mouseClick(
        window.wizard.button(window.wizard.WizardButton.FinishButton), Qt.MouseButton.LeftButton
    )
    assert store.load_draft() is not None  # asked first
    assert "les réponses seront effacées" in answer_loss(qtbot, window.wizard, destroy=True)
    assert store.load_draft() is None

    walk_by_mouse(
        qtbot,
        window.wizard,
        {"demande": "aide_departement", "urgences": [], "accompagnement_en_cours": "aucun"},
        1,
    )
    settle(qtbot)
    window.store_access.shutdown()
    again = show_window()
    again.store_access.open_now()
    click(qtbot, again.request_area.drop_button)
    answer_loss(qtbot, again.request_area, destroy=False)  # « Annuler »: still offered
    assert again.store_access.store.load_draft() is not None
    assert again.request_area.resume_bar.isVisible()
    click(qtbot, again.request_area.drop_button)
    answer_loss(qtbot, again.request_area, destroy=True)
    assert again.store_access.store.load_draft() is None
    assert again.wizard.answers() == {}


def test_resuming_a_draft_with_a_malformed_nir_stops_on_the_identity_page(qtbot, show_window):
    window = show_window(settings=Settings(niveau=2))
    store = window.store_access.require()
    store.save_draft(
        {
            "version": 1,
            "level": 2,
            "referent": "",
            "answers": {
                "demande": ["aide_departement"],
                "urgences": [],
                "enfants_concernes": False,
                "accompagnement_en_cours": "aucun",
            },
            "person": {"nom_naissance": "Exemple", "nir": "1 85 05"},
        }
    )
    window.request_area.drafts._looked = False
    window.request_area.drafts.look_for_draft()
    click(qtbot, window.request_area.resume_button)  # must not loop forever
    wizard = window.wizard
    assert wizard.currentPage() is wizard.person_page
    assert wizard.person_page.person()["nir"] == "1 85 05"


def test_no_draft_beside_an_open_case(qtbot, show_window):
    from asip_desktop.settings import AgentProfile

    window = show_window(settings=Settings(niveau=2, agent=AgentProfile(cdas="CDAS Exemple")))
    store = window.store_access.require()
    walk_by_mouse(
        qtbot,
        window.wizard,
        {"demande": "aide_departement", "urgences": [], "accompagnement_en_cours": "aucun"},
        2,
    )
    click(qtbot, window.wizard.result_page.case_button)
    assert store.load_draft() is None
    qtbot.mouseClick(
        window.wizard.button(window.wizard.WizardButton.BackButton), Qt.MouseButton.LeftButton
    )
    type_text(window.wizard.person_page.fields["nom_naissance"], "Exemple")
    settle(qtbot)
    assert store.load_draft() is None  # the case holds the request
    qtbot.mouseClick(
        window.wizard.button(window.wizard.WizardButton.NextButton), Qt.MouseButton.LeftButton
    )
    [case] = store.cases.open_cases()
    assert store.cases.get(case.id).person["nom_naissance"] == "Exemple"  # identity followed
    assert "identité mise à jour" in window.wizard.result_page.case_status.text()


def test_draft_offered_when_the_request_area_is_built_after_the_store(qtbot, show_window):
    first = show_window()
    first.store_access.require().save_draft(
        {
            "version": 1,
            "level": 1,
            "answers": {"demande": "aide_departement"},
            "person": {},
            "referent": "",
        }
    )
    first.store_access.shutdown()
    settings = Settings(last_area="dossiers")
    second = show_window(settings=settings)
    second.store_access.open_now()
    second.show_area("demande")
    qtbot.waitUntil(lambda: second.request_area.resume_bar.isVisible(), timeout=3000)


def test_expert_mode_answers_are_kept_as_a_draft(qtbot, show_window):
    window = show_window()
    store = window.store_access.require()
    area = window.request_area
    click(qtbot, area.expert_toggle)
    click(qtbot, area.expert.answers_widgets["demande"].buttons["droits_retraite"])
    settle(qtbot)
    assert store.load_draft()["answers"]["demande"] == ["droits_retraite"]


def test_a_draft_saved_under_rules_2026_1_resumes_with_its_demand_ticked(qtbot, show_window):
    window = show_window(settings=Settings(niveau=1))
    store = window.store_access.require()
    store.save_draft(
        {
            "version": 1,
            "level": 1,
            "referent": "",
            "answers": {"demande": "droits_retraite", "urgences": []},  # 2026.1: one string
            "person": {},
        }
    )
    window.request_area.drafts._looked = False
    window.request_area.drafts.look_for_draft()
    click(qtbot, window.request_area.resume_button)
    wizard = window.wizard
    assert wizard.question_pages["demande"].value() == ["droits_retraite"]
    # the question 2026.2 added is asked, then the 2026.1 branch goes on
    assert wizard.currentPage().question.id == "enfants_concernes"
    assert wizard.answers() == {"demande": ["droits_retraite"], "urgences": []}


def test_identity_typed_in_expert_mode_is_kept_too(qtbot, show_window):
    window = show_window(settings=Settings(niveau=2))
    store = window.store_access.require()
    area = window.request_area
    click(qtbot, area.expert_toggle)
    expert = area.expert
    click(qtbot, expert.level_buttons[2])
    click(qtbot, expert.answers_widgets["demande"].buttons["aide_departement"])
    field = expert.person.fields["nom_naissance"]
    field.setFocus()
    type_text(field, "Kervella")
    settle(qtbot)
    draft = store.load_draft()
    assert draft["person"] == {"nom_naissance": "Kervella"} and draft["level"] == 2
    click(qtbot, area.expert_toggle)  # back to the wizard: the identity follows
    assert window.wizard.person_page.person() == {"nom_naissance": "Kervella"}
