"""The request typed is kept as it is typed; reopening offers to resume it."""

from __future__ import annotations

from PySide6.QtCore import Qt

from asip_desktop.gui.draft_keeper import SAVE_DELAY_MS
from asip_desktop.settings import Settings
from tests.gui.driver import click, type_text, walk_by_mouse

PARTIAL = {
    "demande": "accompagnement_social",
    "urgences": ["sans_logement"],
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
    assert again.store_access.store.load_draft() is None
    assert again.wizard.answers() == {}
