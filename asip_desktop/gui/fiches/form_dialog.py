"""Fill a fiche, check it, preview it, print it, prepare its secure sending."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from asip_desktop.errors import UserError
from asip_desktop.gui.fiches.document_actions import DocumentActions
from asip_desktop.gui.fiches.form_editor import FormEditor
from asip_desktop.gui.fiches.form_specs import FORMS
from asip_desktop.gui.fiches.sending_panel import SendingPanel
from asip_desktop.gui.widgets.adaptive_splitter import AdaptiveSplitter
from asip_desktop.gui.widgets.confirm_loss import ask_before_losing
from asip_desktop.gui.widgets.flow_layout import FlowLayout
from asip_desktop.gui.widgets.pdf_preview import PdfPreview
from asip_desktop.gui.widgets.reading_order import focus_first_in
from asip_desktop.gui.widgets.screen_fit import fit_content_width

STALE = "La fiche a changé : cliquez sur « Vérifier et prévisualiser » pour mettre l'aperçu à jour."


class FormDialog(QDialog):
    checked = Signal(bool)  # the fiche was checked: valid (a preview) or not
    saved_in_case = Signal()  # the checked fiche was saved in the request's case

    def __init__(
        self, form_id: str, prefill: dict[str, Any] | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.kind = FORMS[form_id]
        self.setWindowTitle(self.kind.title)
        self.setAccessibleName(self.kind.title)
        self.resize(1200, 800)
        self.data: Any = None  # the validated fiche shown in the preview

        self.editor = FormEditor(self.kind)
        self.editor.set_values({"date_creation": dt.date.today().isoformat(), **(prefill or {})})
        # what was there when the dialog opened: closing with just that loses nothing
        self.baseline = self.editor.values()
        # keeps what is typed (the fiche draft in the store); returns False when it cannot
        self.keeper: Callable[[], bool] | None = None
        self.confirm_box: QMessageBox | None = None
        self.draft_bar = QFrame()
        self.draft_bar.setObjectName("brouillon-fiche")
        self.draft_bar.setFrameShape(QFrame.Shape.StyledPanel)
        self.draft_label = QLabel()
        self.draft_label.setWordWrap(True)
        self.resume_button = QPushButton("&Reprendre la saisie")
        self.resume_button.setObjectName("reprendre-brouillon")
        self.resume_button.setAccessibleName("Reprendre la saisie gardée")
        self.fresh_button = QPushButton("&Ne pas la reprendre")
        self.fresh_button.setObjectName("repartir-prerempli")
        self.fresh_button.setAccessibleName("Ne pas reprendre la saisie gardée")
        draft_row = QHBoxLayout(self.draft_bar)
        draft_row.addWidget(self.draft_label, 1)
        draft_row.addWidget(self.resume_button)
        draft_row.addWidget(self.fresh_button)
        self.draft_bar.hide()
        self._draft: dict[str, Any] | None = None
        self.resume_button.clicked.connect(self.resume_draft)
        self.fresh_button.clicked.connect(self.ask_drop_draft)
        self.draft_dropped: Callable[[], None] | None = None
        self.draft_link: QObject | None = None  # keeps the draft (see fiche_draft_link)
        cdas = self.editor.fields.get("cdas_emetteur")
        if (
            cdas is not None and cdas.edit is not None and cdas.value()
        ):  # the desk's, from Paramètres: not retyped
            cdas.edit.setReadOnly(True)
            cdas.edit.setToolTip("Le CDAS émetteur du poste, réglé dans « Paramètres ».")
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(self.editor)
        scroll.setAccessibleName("Champs de la fiche")
        fit_content_width(scroll)  # the fields are never cut: the preview gives way

        self.preview = PdfPreview()
        self.sending = SendingPanel()
        self.tabs = QTabWidget()
        self.tabs.addTab(self.preview, "&Aperçu")
        self.tabs.addTab(self.sending, "Préparer l'&envoi sécurisé")  # it scrolls by itself
        self.tabs.setAccessibleName("Aperçu et envoi")
        self.tabs.currentChanged.connect(lambda i: i == 1 and focus_first_in(self.sending))

        splitter = AdaptiveSplitter()  # one above the other on a narrow screen
        splitter.addWidget(scroll)
        splitter.addWidget(self.tabs)
        splitter.setSizes([560, 640])

        self.status = QLabel()
        self.status.setObjectName("statut")
        self.status.setWordWrap(True)
        self.check_button = QPushButton("&Vérifier et prévisualiser")
        self.check_button.setObjectName("verifier")
        self.check_button.setAccessibleName("Vérifier et prévisualiser")
        self.check_button.setDefault(True)
        self.check_button.clicked.connect(self.check_and_preview)
        self.actions = DocumentActions(self)
        close = QPushButton("&Fermer")
        close.setAccessibleName("Fermer")
        close.clicked.connect(self.reject)
        self.close_button = close

        buttons = FlowLayout()  # wraps on a narrow screen
        self.button_row = buttons
        for button in (self.check_button, self.actions.print_button, self.actions.save_button):
            buttons.addWidget(button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.draft_bar)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.status)  # above the buttons: the row fits a narrow screen
        layout.addLayout(buttons)

        self.editor.changed.connect(self._on_changed)

    # --- nothing typed is lost -------------------------------------------------

    def has_typing(self) -> bool:
        return self.editor.values() != self.baseline

    def offer_draft(self, values: dict[str, Any], saved_on: str) -> None:
        """A fiche typed earlier for this request was kept: offer it, do not impose it."""
        self._draft = values
        self.draft_label.setText(
            f"Une saisie de cette fiche a été gardée ({saved_on}). Voulez-vous la reprendre ?"
        )
        self.draft_bar.show()
        self.editor.setEnabled(False)  # decide first: nothing typed over a kept draft
        self.resume_button.setFocus()

    def resume_draft(self) -> None:
        if self._draft is not None:
            self.editor.set_values(self._draft)
        self._draft = None
        self.draft_bar.hide()
        self.editor.setEnabled(True)

    def ask_drop_draft(self) -> None:
        self.confirm_box = ask_before_losing(
            self,
            "Effacer la saisie gardée ?",
            "La saisie gardée de cette fiche sera effacée ; la fiche repart des informations "
            "de la demande.",
            "&Effacer la saisie gardée",
            self._drop_draft,
        )

    def _drop_draft(self) -> None:
        self._draft = None
        self.draft_bar.hide()
        self.editor.setEnabled(True)
        if self.draft_dropped is not None:
            self.draft_dropped()

    def reject(self) -> None:
        """Fermer, Échap or the window's close button: what is typed is kept as a
        draft; where it cannot be, the agent is asked before it is lost."""
        if not self.has_typing() or (self.keeper is not None and self.keeper()):
            super().reject()
            return
        self.confirm_box = ask_before_losing(
            self,
            "Fermer la fiche ?",
            "Ce qui a été saisi dans cette fiche sera perdu : le coffre des dossiers n'est pas "
            "ouvert, la saisie ne peut pas être gardée.",
            "Fermer et &perdre la saisie",
            lambda: QDialog.reject(self),
        )

    def _on_changed(self) -> None:
        if self.data is None:
            return
        self.data = None
        self.actions.set_pdf(None)
        self.sending.set_plan(None)
        self.preview.clear(STALE)
        self.status.setText(STALE)

    def check_and_preview(self) -> bool:
        data, errors = self.kind.check(self.editor.values())
        shown = self.editor.show_errors({e.field: e.message for e in errors})
        if errors:
            self.checked.emit(False)
            self.status.setText(
                f"{len(errors)} point(s) à corriger avant l'aperçu : voir les messages en rouge."
            )
            if shown:
                self.editor.fields[shown[0]].focus_widget.setFocus()
            return False
        try:
            plan = self.kind.plan(data)
        except UserError as err:
            self.status.setText(str(err))
            return False
        pdf = self.kind.render(data)
        self.data = data
        self.preview.set_pdf(pdf)
        self.actions.set_pdf(pdf, plan.attachment_name)
        self.sending.set_plan(plan, pdf)
        self.checked.emit(True)
        self.status.setText(
            f"Fiche vérifiée : {self.preview.page_count} pages. Imprimez-la ou préparez l'envoi."
        )
        return True
