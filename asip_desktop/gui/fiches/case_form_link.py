"""Ties a fiche's dialog to the request's case: save the checked fiche in the
case, record its sending (starting the deadline) and the copies saved."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtWidgets import QPushButton

from asip_desktop.documents.sending import SendingPlan
from asip_desktop.errors import UserError
from asip_desktop.gui.cases.case_session import CaseSession
from asip_desktop.gui.fiches.form_dialog import FormDialog

SAVE_TEXT = "Enregistrer dans le &dossier"


def link_form_dialog(dialog: FormDialog, form_id: str, session: CaseSession) -> QPushButton:
    button = QPushButton(SAVE_TEXT)
    button.setObjectName("enregistrer-dossier")
    button.setAccessibleName("Enregistrer dans le dossier")
    dialog.button_row.insertWidget(dialog.button_row.count() - 1, button)

    def update(has_pdf: bool) -> None:
        button.setEnabled(has_pdf)

    def report(text: str) -> None:
        dialog.status.setText(text)

    saved: list[bytes] = []  # the fiche last saved in the case, not to save it twice

    def save_once() -> None:
        pdf = dialog.actions.pdf
        if pdf is not None and (not saved or saved[-1] != pdf):
            session.save_form(form_id, pdf)
            saved.append(pdf)

    def save() -> None:
        if dialog.actions.pdf is None:
            return
        try:
            save_once()
        except UserError as err:
            report(f"Non enregistré dans un dossier : {err}")
            return
        report(f"Fiche enregistrée dans le dossier {session.case_number}.")

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
