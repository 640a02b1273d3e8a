"""Fill a fiche, check it, preview it, print it, prepare its secure sending."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
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
from asip_desktop.gui.widgets.flow_layout import FlowLayout
from asip_desktop.gui.widgets.pdf_preview import PdfPreview
from asip_desktop.gui.widgets.reading_order import focus_first_in
from asip_desktop.gui.widgets.screen_fit import fit_content_width, scrolled

STALE = "La fiche a changé : cliquez sur « Vérifier et prévisualiser » pour mettre l'aperçu à jour."


class FormDialog(QDialog):
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
        self.tabs.addTab(scrolled(self.sending), "Préparer l'&envoi sécurisé")
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

        buttons = FlowLayout()  # wraps on a narrow screen
        self.button_row = buttons
        for button in (self.check_button, self.actions.print_button, self.actions.save_button):
            buttons.addWidget(button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.status)  # above the buttons: the row fits a narrow screen
        layout.addLayout(buttons)

        self.editor.changed.connect(self._on_changed)

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
        self.sending.set_plan(plan)
        self.status.setText(
            f"Fiche vérifiée : {self.preview.page_count} pages. Imprimez-la ou préparez l'envoi."
        )
        return True
