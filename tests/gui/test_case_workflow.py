"""Level 2 from the questions to a case in the store, with its fiche and sending."""

from __future__ import annotations

from PySide6.QtCore import Qt

from asip_desktop.settings import AgentProfile, Settings
from tests.gui.driver import click, type_text, walk_by_mouse
from tests.gui.sending_helpers import send

NIR_OK = "185057800608491"
ANSWERS = {"demande": "droits_retraite", "urgences": [], "retraite": "rupture_imminente"}


def agent_settings() -> Settings:
    return Settings(
        agent=AgentProfile(
            nom="Morvan", prenom="Anne", telephone="02 99 00 00 00", cdas="CDAS Exemple"
        ),
        niveau=2,
    )


def fill_person(qtbot, page, values):
    for key, text in values.items():
        field = page.fields[key]
        field.setFocus()
        type_text(field, text)


def test_person_page_refuses_a_wrong_nir_key_and_keeps_what_was_typed(qtbot, show_window):
    window = show_window(settings=agent_settings())
    wizard = window.wizard
    walk_by_mouse(qtbot, wizard, ANSWERS, 2)  # walks through the person page, empty: allowed
    back = wizard.button(wizard.WizardButton.BackButton)
    qtbot.mouseClick(back, Qt.MouseButton.LeftButton)
    page = wizard.currentPage()
    assert page is wizard.person_page
    fill_person(
        qtbot,
        page,
        {
            "nom_naissance": "Le Gall",
            "prenom": "Jos",
            "nir": "185057800608436",
            "telephone": "06 12",
        },
    )
    qtbot.mouseClick(wizard.button(wizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)
    assert wizard.currentPage() is page
    assert "clé de contrôle est incorrecte" in page.errors["nir"].text()
    assert "numéro attendu" in page.errors["telephone"].text()
    assert page.person()["nom_naissance"] == "Le Gall"
    page.fields["nir"].clear()
    type_text(page.fields["nir"], NIR_OK)
    page.fields["telephone"].clear()
    type_text(page.fields["telephone"], "06 12 34 56 78")
    qtbot.mouseClick(wizard.button(wizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)
    assert wizard.currentId() == wizard.result_page_id
    assert not page.errors["nir"].isVisibleTo(page)


def test_level_2_case_with_prefilled_liaison_saved_and_sent(qtbot, show_window, tmp_path):
    window = show_window(settings=agent_settings())
    wizard = window.wizard
    store = window.store_access.require()
    walk_by_mouse(qtbot, wizard, ANSWERS, 2)
    qtbot.mouseClick(wizard.button(wizard.WizardButton.BackButton), Qt.MouseButton.LeftButton)
    assert wizard.currentPage() is wizard.person_page
    fill_person(
        qtbot,
        wizard.person_page,
        {
            "nom_naissance": "Le Gall",
            "prenom": "Jos",
            "nir": NIR_OK,
            "telephone": "06 12 34 56 78",
            "referent": "CDAS, M. Exemple",
        },
    )
    qtbot.mouseClick(wizard.button(wizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)
    page = wizard.result_page
    assert page.result.services == ["canal_prioritaire_carsat"]

    click(qtbot, page.case_button)
    [summary] = store.cases.open_cases()
    assert summary.number in page.case_status.text()
    detail = store.cases.get(summary.id)
    assert detail.person["nom_naissance"] == "Le Gall" and detail.person["nir"] == NIR_OK
    assert detail.level == 2 and detail.summary.cdas == "CDAS Exemple"
    assert any("M. Exemple" in n.text for n in detail.notes)
    assert store.load_draft() is None  # the draft became the case

    qtbot.mouseClick(page.forms_bar.buttons["fiche_liaison_retraite"], Qt.MouseButton.LeftButton)
    dialog = page.forms_bar.dialog
    qtbot.addWidget(dialog)
    fields = dialog.editor.fields
    assert fields["personne.nom_naissance"].edit.text() == "Le Gall"
    assert fields["collaborateur.nom"].edit.text() == "Morvan"
    assert fields["cdas_emetteur"].edit.text() == "CDAS Exemple"
    assert fields["motif"].buttons["rupture_ressources"].isChecked()
    click(qtbot, fields["copie_reponse_partenaire"].buttons[True])
    assert dialog.check_and_preview(), dialog.status.text()
    save = dialog.findChild(type(dialog.check_button), "enregistrer-dossier")
    click(qtbot, save)
    assert [f.kind for f in store.cases.get(summary.id).forms] == ["fiche_liaison_retraite"]

    path = send(qtbot, dialog.sending, tmp_path / "pieces-jointes")
    assert dialog.sending.prepare_attachment() == path  # prepared again: the same file
    assert [c.path for c in store.cases.saved_copies(summary.id)] == [str(path)]
    detail = store.cases.get(summary.id)
    assert detail.summary.status == "en_attente"
    assert [s.recipient for s in detail.sendings] == ["RennesBalcDcrPartenaires@carsat-bretagne.fr"]
    assert [d.kind for d in detail.deadlines] == ["reponse_carsat_72h"]
    assert "Envoi enregistré dans le dossier" in dialog.status.text()


def test_without_a_secret_store_the_case_cannot_open_but_orientation_stays(
    qtbot, show_window, monkeypatch
):
    import keyring
    import keyring.backends.fail

    keyring.set_keyring(keyring.backends.fail.Keyring())
    window = show_window(settings=agent_settings())
    walk_by_mouse(qtbot, window.wizard, ANSWERS, 1)
    page = window.wizard.result_page
    click(qtbot, page.case_button)
    assert page.case_status.text().startswith("Dossier non ouvert :")
    assert page.result.services == ["canal_prioritaire_carsat"]
    assert "Traceback" not in page.case_status.text()


def test_a_case_opened_in_the_wizard_appears_in_dossiers(qtbot, show_window):
    window = show_window(settings=agent_settings())
    window.store_access.require()
    window.show_area("dossiers")
    cases = window.areas["dossiers"]
    assert cases.list is not None and cases.list.open_table.rowCount() == 0
    window.show_area("demande")
    walk_by_mouse(qtbot, window.wizard, ANSWERS, 1)
    click(qtbot, window.wizard.result_page.case_button)
    number = window.store_access.store.cases.open_cases()[0].number
    assert any(number in " ".join(row) for row in cases.list.open_table.row_texts())


def test_save_then_send_stores_the_fiche_once(qtbot, show_window, tmp_path):
    window = show_window(settings=agent_settings())
    store = window.store_access.require()
    walk_by_mouse(qtbot, window.wizard, ANSWERS, 2)
    page = window.wizard.result_page
    qtbot.mouseClick(page.forms_bar.buttons["fiche_liaison_retraite"], Qt.MouseButton.LeftButton)
    dialog = page.forms_bar.dialog
    qtbot.addWidget(dialog)
    fields = dialog.editor.fields
    for path, text in {
        "personne.nom_naissance": "Exemple",
        "personne.prenom": "Jo",
        "personne.nir": NIR_OK,
        "personne.telephone": "06 00 00 00 01",
    }.items():
        type_text(fields[path].edit, text)
    click(qtbot, fields["copie_reponse_partenaire"].buttons[False])
    assert dialog.check_and_preview(), dialog.status.text()
    click(qtbot, dialog.findChild(type(dialog.check_button), "enregistrer-dossier"))
    send(qtbot, dialog.sending, tmp_path / "pieces-jointes")
    [case] = store.cases.open_cases()
    assert [f.kind for f in store.cases.get(case.id).forms] == ["fiche_liaison_retraite"]
