"""Preview and print the orientation sheet handed to the person."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from asip_desktop.core.result import OrientationResult
from asip_desktop.documents.orientation_contacts import CdasContact
from asip_desktop.documents.orientation_sheet import render_orientation_sheet
from asip_desktop.documents.partners_block import PartnerBlock
from asip_desktop.gui.fiches.document_actions import DocumentActions
from asip_desktop.gui.widgets.pdf_preview import PdfPreview


class OrientationSheetDialog(QDialog):
    def __init__(
        self,
        result: OrientationResult,
        parent: QWidget | None = None,
        cdas: CdasContact | None = None,
        partners: Sequence[PartnerBlock] = (),
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Feuille d'orientation pour la personne")
        self.setAccessibleName("Feuille d'orientation pour la personne")
        self.resize(760, 900)
        note = QLabel(
            "Feuille à remettre à la personne. Elle ne contient aucune information personnelle ; "
            "complétez à la main les lignes laissées vides (CDAS, agence, travailleur social)."
        )
        note.setWordWrap(True)
        self.preview = PdfPreview()
        pdf = render_orientation_sheet(
            result, cdas, partners=partners
        )  # cdas: found for the commune, if any
        self.preview.set_pdf(pdf)
        self.actions = DocumentActions(self)
        self.actions.set_pdf(pdf, "feuille-orientation.pdf")
        close = QPushButton("&Fermer")
        close.setAccessibleName("Fermer")
        close.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.actions.print_button)
        buttons.addWidget(self.actions.save_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.preview, 1)
        layout.addLayout(buttons)
        self.actions.print_button.setDefault(True)
