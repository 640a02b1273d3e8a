"""§1 of issue 11: no key and no click destroys what was typed without a question that
says what will be lost. Every destructive key and button of the request area and of
the fiches, driven as a person does."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard

from asip_desktop.errors import UserError
from asip_desktop.gui.fiches.fiche_draft_link import SAVE_DELAY_MS
from asip_desktop.gui.fiches.form_dialog import FormDialog
from asip_desktop.gui.shell.store_access import StoreAccess
from asip_desktop.settings import AgentProfile, Settings
from asip_desktop.store.fiche_drafts import FicheDrafts
from tests.gui.driver import answer_page_by_mouse, click, type_key, type_text, walk_by_mouse
from tests.gui.loss import answer_loss

# Answers as rules 2026.2 holds them (a list of demands; children asked on every path)
CDAS = {
    "demande": ["aide_departement"],
    "urgences": [],
    "enfants_concernes": False,
    "accompagnement_en_cours": "aucun",
}
PENSION = {
    "demande": ["droits_retraite"],
    "urgences": [],
    "enfants_concernes": False,
    "retraite": "rupture_ressources",
    "pension": {"type_dossier": [], "situation_administrative": []},
}
LIAISON = "fiche_liaison_retraite"
AGENT = AgentProfile(nom="Agent", prenom="Exemple", cdas="CDAS Exemple")


def finish(qtbot, wizard):
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.FinishButton), Qt.MouseButton.LeftButton)


def open_fiche(qtbot, window, key=LIAISON) -> FormDialog:
    bar = window.wizard.result_page.forms_bar
    qtbot.mouseClick(bar.buttons[key], Qt.MouseButton.LeftButton)
    dialog = bar.dialog
    assert isinstance(dialog, FormDialog)
    qtbot.addWidget(dialog)
    qtbot.waitExposed(dialog)
    return dialog


def type_name(dialog, text="Quéméner"):
    edit = dialog.editor.fields["personne.nom_naissance"].edit
    edit.setFocus()
    type_text(edit, text)
    return edit


# --- the wizard --------------------------------------------------------------


def test_enter_in_the_commune_field_does_not_finish_the_request(qtbot, window):
    wizard = window.wizard
    walk_by_mouse(qtbot, wizard, CDAS, 1)
    lookup = wizard.result_page.contacts.cdas_lookup
    assert lookup is not None
    lookup.commune_edit.setFocus()
    type_text(lookup.commune_edit, "Redon")
    type_key(lookup.commune_edit, Qt.Key.Key_Return)
    type_key(lookup.commune_edit, Qt.Key.Key_Enter)
    assert wizard.currentId() == wizard.result_page_id
    assert wizard.answers() == CDAS
    assert wizard.confirm_box is None  # not even a question: Enter is not « Terminer »


def test_escape_does_not_blank_the_wizard(qtbot, window):
    wizard = window.wizard
    walk_by_mouse(qtbot, wizard, PENSION, 1)  # on the result page: back one page, then Échap
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.BackButton), Qt.MouseButton.LeftButton)
    page = wizard.currentPage()
    page.focus_first()
    type_key(window.focusWidget(), Qt.Key.Key_Escape)
    assert wizard.isVisible()
    assert wizard.currentPage() is page
    assert wizard.answers() == PENSION
    # and on the result page too
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)
    type_key(wizard.result_page.scroll, Qt.Key.Key_Escape)
    assert wizard.isVisible() and wizard.currentId() == wizard.result_page_id


def test_escape_on_every_page_of_a_level_2_walk_keeps_everything(qtbot, show_window):
    from asip_desktop.gui.request.branch_page import BranchPage

    window = show_window(settings=Settings(niveau=2))
    wizard = window.wizard
    answers = {**CDAS, "demande": ["accompagnement_social"], "sante": {"lien_sante": True}}
    kinds = set()
    for _ in range(12):
        page = wizard.currentPage()
        kinds.add(type(page).__name__)
        page.focus_first()
        before = (wizard.currentId(), wizard.answers())
        type_key(window.focusWidget() or page, Qt.Key.Key_Escape)
        assert (wizard.currentId(), wizard.answers()) == before
        assert wizard.isVisible()
        if page is wizard.result_page:
            break
        if isinstance(page, BranchPage) and "sante.lien_sante" in page.blocks:
            click(qtbot, page.blocks["sante.lien_sante"].buttons[True])
            click(qtbot, page.blocks["sante.statut"].buttons["autre"])
        elif isinstance(page, BranchPage):  # the situation page, revealed as answered
            done: list[str] = []
            while todo := [b for b in page.visible_blocks() if b.question.id not in done]:
                answer_page_by_mouse(qtbot, todo[0], answers)
                done.append(todo[0].question.id)
        elif page is wizard.person_page:
            type_text(page.fields["prenom"], "Anne")
            type_key(page.fields["prenom"], Qt.Key.Key_Return)  # Entrée: on to the result
            continue
        else:
            answer_page_by_mouse(qtbot, page, answers)
        qtbot.mouseClick(wizard.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)
    # level 2, a health situation: the level and situation page, the health page (no
    # page of one question on this path), the identity and the result
    assert {"BranchPage", "PersonPage", "ResultPage"} <= kinds
    assert wizard.person_page.person() == {"prenom": "Anne"}


def test_closing_the_window_right_after_typing_keeps_the_request(qtbot, show_window):
    window = show_window()
    window.store_access.require()
    wizard = window.wizard
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)
    click(qtbot, wizard.question_pages["demande"].buttons["droits_retraite"])
    window.close()  # at once: no time for the draft's timer
    again = show_window()
    again.store_access.open_now()
    click(qtbot, again.request_area.resume_button)
    assert again.wizard.answers()["demande"] == ["droits_retraite"]


def test_enter_in_a_fiche_checks_it_and_never_closes_it(qtbot, window):
    walk_by_mouse(qtbot, window.wizard, PENSION, 1)
    dialog = open_fiche(qtbot, window)
    edit = type_name(dialog)
    type_key(edit, Qt.Key.Key_Return)
    assert dialog.isVisible() and edit.text() == "Quéméner"
    assert "à corriger" in dialog.status.text()  # Entrée = « Vérifier et prévisualiser »


def test_finish_asks_first_and_cancel_keeps_everything(qtbot, show_window):
    window = show_window(settings=Settings(niveau=2))
    wizard = window.wizard
    walk_by_mouse(qtbot, wizard, CDAS, 2)
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.BackButton), Qt.MouseButton.LeftButton)
    assert wizard.currentPage() is wizard.person_page
    type_text(wizard.person_page.fields["nom_naissance"], "Le Gall")
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)
    finish(qtbot, wizard)
    text = answer_loss(qtbot, wizard, destroy=False)
    assert "Aucun dossier n'a été ouvert" in text
    assert "les réponses" in text and "l'identité saisie" in text
    assert wizard.currentId() == wizard.result_page_id
    assert wizard.person_page.person() == {"nom_naissance": "Le Gall"}
    # Échap in the question is « Annuler » too
    finish(qtbot, wizard)
    type_key(wizard.confirm_box, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not wizard.confirm_box.isVisible())
    assert wizard.answers() == CDAS
    finish(qtbot, wizard)
    answer_loss(qtbot, wizard, destroy=True)
    assert wizard.currentId() == 0 and wizard.answers() == {}
    assert wizard.person_page.person() == {}


def test_restart_asks_first(qtbot, window):
    wizard = window.wizard
    walk_by_mouse(qtbot, wizard, PENSION, 1, stop_at_unanswered=True)
    restart = wizard.button(QWizard.WizardButton.CustomButton1)
    qtbot.mouseClick(restart, Qt.MouseButton.LeftButton)
    assert "Recommencer" in answer_loss(qtbot, wizard, destroy=False)
    assert wizard.answers() == PENSION
    qtbot.mouseClick(restart, Qt.MouseButton.LeftButton)
    answer_loss(qtbot, wizard, destroy=True)
    assert wizard.answers() == {}


def test_nothing_typed_nothing_asked(qtbot, window):
    wizard = window.wizard
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.CustomButton1), Qt.MouseButton.LeftButton)
    assert wizard.confirm_box is None and wizard.currentId() == 0


def test_finish_after_the_case_is_opened_loses_nothing_and_does_not_ask(qtbot, show_window):
    window = show_window(settings=Settings(agent=AGENT))
    wizard = window.wizard
    walk_by_mouse(qtbot, wizard, CDAS, 1)
    click(qtbot, wizard.result_page.case_button)
    finish(qtbot, wizard)
    assert wizard.confirm_box is None
    assert wizard.currentId() == 0
    assert len(window.store_access.require().cases.open_cases()) == 1


# --- the fiches --------------------------------------------------------------


def test_closing_a_fiche_keeps_it_and_reopening_gives_it_back(qtbot, window):
    walk_by_mouse(qtbot, window.wizard, PENSION, 1)
    store = window.store_access.require()
    for close in ("Fermer", "Échap", "fenêtre"):
        dialog = open_fiche(qtbot, window)
        edit = dialog.editor.fields["personne.nom_naissance"].edit
        edit.setFocus()
        edit.end(False)
        type_text(edit, close[0])
        if close == "Fermer":
            qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)
        elif close == "Échap":
            type_key(edit, Qt.Key.Key_Escape)
        else:
            dialog.close()  # the title bar's close button
        qtbot.waitUntil(lambda d=dialog: not d.isVisible(), timeout=2000)
        assert dialog.confirm_box is None  # kept: nothing to ask
    kept, _ = FicheDrafts(store).load(LIAISON)
    assert kept["personne"]["nom_naissance"] == "FÉf"
    again = open_fiche(qtbot, window)
    assert again.editor.fields["personne.nom_naissance"].edit.text() == "FÉf"


def restart_with_the_request(qtbot, show_window, window):
    """The app goes down with a fiche being typed; started again, the request resumed."""
    qtbot.wait(SAVE_DELAY_MS + 150)
    window.store_access.shutdown()
    window.hide()
    again = show_window()
    again.store_access.open_now()
    click(qtbot, again.request_area.resume_button)
    assert again.wizard.currentId() == again.wizard.result_page_id
    return again


def test_a_fiche_typed_before_a_crash_is_offered_again(qtbot, show_window):
    window = show_window()
    walk_by_mouse(qtbot, window.wizard, PENSION, 1)
    type_name(open_fiche(qtbot, window))
    window = restart_with_the_request(qtbot, show_window, window)
    dialog = open_fiche(qtbot, window)
    assert dialog.draft_bar.isVisible()
    assert not dialog.editor.isEnabled()  # nothing typed over the kept draft
    assert "a été gardée (le " in dialog.draft_label.text()
    click(qtbot, dialog.resume_button)
    assert dialog.editor.fields["personne.nom_naissance"].edit.text() == "Quéméner"
    assert dialog.editor.isEnabled()


def test_the_kept_fiche_is_dropped_only_when_confirmed(qtbot, show_window):
    window = show_window()
    walk_by_mouse(qtbot, window.wizard, PENSION, 1)
    type_name(open_fiche(qtbot, window))
    window = restart_with_the_request(qtbot, show_window, window)
    drafts = FicheDrafts(window.store_access.require())
    assert drafts.load(LIAISON) is not None
    dialog = open_fiche(qtbot, window)
    click(qtbot, dialog.fresh_button)
    assert "sera effacée" in answer_loss(qtbot, dialog, destroy=False)
    assert drafts.load(LIAISON) is not None and dialog.draft_bar.isVisible()
    click(qtbot, dialog.fresh_button)
    answer_loss(qtbot, dialog, destroy=True)
    assert drafts.load(LIAISON) is None
    assert dialog.editor.fields["personne.nom_naissance"].edit.text() == ""


def test_without_the_store_closing_a_typed_fiche_asks_first(qtbot, show_window):
    def unavailable():
        raise UserError("Coffre indisponible.")

    window = show_window(store_access=StoreAccess(opener=unavailable))
    walk_by_mouse(qtbot, window.wizard, PENSION, 1)
    dialog = open_fiche(qtbot, window)
    edit = type_name(dialog)
    type_key(edit, Qt.Key.Key_Escape)
    assert "sera perdu" in answer_loss(qtbot, dialog, destroy=False)
    assert dialog.isVisible() and edit.text() == "Quéméner"
    dialog.close()
    answer_loss(qtbot, dialog, destroy=True)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=2000)


def test_an_untouched_fiche_closes_without_a_question(qtbot, window):
    walk_by_mouse(qtbot, window.wizard, PENSION, 1)
    dialog = open_fiche(qtbot, window)
    type_key(dialog.check_button, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=2000)
    assert dialog.confirm_box is None
    assert FicheDrafts(window.store_access.require()).load(LIAISON) is None


def test_finish_says_a_fiche_being_typed_will_be_lost_and_drops_it(qtbot, window):
    walk_by_mouse(qtbot, window.wizard, PENSION, 1)
    drafts = FicheDrafts(window.store_access.require())
    dialog = open_fiche(qtbot, window)
    type_name(dialog)
    dialog.reject()
    finish(qtbot, window.wizard)
    assert "la fiche de liaison retraite en cours de saisie" in answer_loss(
        qtbot, window.wizard, destroy=True
    )
    assert drafts.load(LIAISON) is None


def test_level_1_identity_typed_in_the_fiche_goes_into_the_case_with_its_draft(qtbot, show_window):
    from tests.gui.test_forms_gui import fill_liaison

    window = show_window(settings=Settings(agent=AGENT))
    walk_by_mouse(qtbot, window.wizard, PENSION, 1)
    store = window.store_access.require()
    dialog = open_fiche(qtbot, window)
    fill_liaison(qtbot, dialog)
    qtbot.mouseClick(dialog.check_button, Qt.MouseButton.LeftButton)
    save = dialog.findChild(type(dialog.check_button), "enregistrer-dossier")
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    [case] = store.cases.open_cases()
    person = store.cases.get(case.id).person
    assert person["nom_naissance"] == "Nguyễn" and person["prenom"] == "Élodie"
    assert person["nir"] == "295109912611193" and person["telephone"] == "06 00 00 00 02"
    dialog.reject()
    drafts = FicheDrafts(store)
    assert drafts.load(LIAISON, case.id) is not None  # the draft belongs to the case now
    # back on the result page the level-1 case keeps that identity
    finish(qtbot, window.wizard)
    assert store.cases.get(case.id).person["nom_naissance"] == "Nguyễn"
    receipt = store.cases.close(case.id)
    assert ("brouillons", 1) in [(d.kind, d.count) for d in receipt.destroyed]
    assert drafts.load(LIAISON, case.id) is None


def test_the_orientation_sheet_and_why_dialogs_close_by_escape(qtbot, window):
    walk_by_mouse(qtbot, window.wizard, PENSION, 1)
    page = window.wizard.result_page
    why = page.show_why()
    qtbot.addWidget(why)
    type_key(why.browser, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not why.isVisible(), timeout=2000)
    qtbot.mouseClick(page.forms_bar.buttons["feuille_orientation"], Qt.MouseButton.LeftButton)
    sheet = page.forms_bar.dialog
    qtbot.addWidget(sheet)
    type_key(sheet.preview, Qt.Key.Key_Escape)  # nothing is typed there: it just closes
    qtbot.waitUntil(lambda: not sheet.isVisible(), timeout=2000)
    assert window.wizard.answers() == PENSION
