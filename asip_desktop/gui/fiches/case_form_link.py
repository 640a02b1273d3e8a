"""Ties a fiche's dialog to the request's case: save the checked fiche in the
case, record its sending (starting the deadline) and the copies saved."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QPushButton

from asip_desktop.documents.sending import SendingPlan
from asip_desktop.errors import UserError
from asip_desktop.gui.cases.case_session import CaseSession
from asip_desktop.gui.fiches.fiche_draft_link import FicheDraftLink
from asip_desktop.gui.fiches.form_dialog import FormDialog
from asip_desktop.gui.fiches.forms_bar import SIGNED_FORMS

SAVE_TEXT = "Enregistrer dans le &dossier"
# the fiche's identity fields → the case's (annex 2); the detection fiche's « nom d'usage »
# is the case's married name; its birth date has no place in the case
IDENTITY_FROM_FICHE = {
    "nom_naissance": "nom_naissance",
    "nom_marital": "nom_marital",
    "nom_usage": "nom_marital",
    "prenom": "prenom",
    "nir": "nir",
    "adresse": "adresse",
    "email": "email",
    "telephone": "telephone",
}


def identity_of(values: dict[str, Any]) -> dict[str, str]:
    """The identity typed in a fiche, without empty fields (the NIR without spaces)."""
    person = values.get("personne") or {}
    found: dict[str, str] = {}
    for key, target in IDENTITY_FROM_FICHE.items():
        text = str(person.get(key) or "").strip()
        if text:
            found[target] = text.replace(" ", "") if key == "nir" else text
    return found


def put_identity_in_case(session: CaseSession, values: dict[str, Any]) -> None:
    """The case follows the identity typed in the fiche (at level 1 it has no other)."""
    identity = identity_of(values)
    if session.case_id is None or not identity:
        return
    cases = session.store_access.require().cases
    person = {k: v for k, v in cases.get(session.case_id).person.items() if v}
    if {**person, **identity} != person:
        cases.update_person(session.case_id, {**person, **identity})
        session.case_changed.emit(session.case_id)


def link_form_dialog(dialog: FormDialog, form_id: str, session: CaseSession) -> QPushButton:
    button = QPushButton(SAVE_TEXT)
    button.setObjectName("enregistrer-dossier")
    button.setAccessibleName("Enregistrer dans le dossier")
    dialog.button_row.insertWidget(dialog.button_row.count() - 1, button)

    def update(has_pdf: bool) -> None:
        # Entrée does the next step: check the fiche, then save it in the case
        button.setEnabled(has_pdf)
        button.setDefault(has_pdf and (not saved or saved[-1] != dialog.actions.pdf))
        dialog.check_button.setDefault(not has_pdf)

    def report(text: str) -> None:
        dialog.status.setText(text)

    saved: list[bytes] = []  # the fiche last saved in the case, not to save it twice
    dialog.draft_link = FicheDraftLink(dialog, form_id, session)

    def save_once() -> None:
        pdf = dialog.actions.pdf
        if pdf is not None and (not saved or saved[-1] != pdf):
            session.save_form(form_id, pdf)
            saved.append(pdf)
            put_identity_in_case(session, dialog.editor.values())
            dialog.saved_in_case.emit()

    def save() -> None:
        if dialog.actions.pdf is None:
            return
        try:
            save_once()
        except UserError as err:
            report(f"Non enregistré dans un dossier : {err}")
            return
        button.setDefault(False)
        dialog.actions.print_button.setDefault(True)  # next: print it (and have it signed)
        report(
            f"Fiche enregistrée dans le dossier {session.case_number}. Étape suivante : "
            "l'imprimer" + (" et la faire signer." if form_id in SIGNED_FORMS else ".")
        )

    def sent(plan: SendingPlan, sent_at: dt.datetime) -> None:
        try:
            save_once()
            session.record_sending(plan, sent_at)
        except UserError as err:
            report(f"Envoi non enregistré dans un dossier : {err}")
            return
        report(
            f"Envoi enregistré dans le dossier {session.case_number} : le délai de réponse "
            "est suivi dans « Dossiers »."
        )

    def copied(path: Path) -> None:
        try:
            session.record_copy(path)
        except UserError as err:
            report(f"Copie non rattachée à un dossier : {err}")

    button.clicked.connect(save)
    dialog.sending.sent.connect(sent)
    dialog.actions.copy_saved.connect(copied)
    dialog.sending.attachment_prepared.connect(copied)  # listed for deletion at closing
    dialog.actions.pdf_changed.connect(update)
    update(dialog.actions.pdf is not None)
    return button
