"""« Imprimer… » and « Enregistrer une copie… » for a PDF held in memory.

Shared by the fiche dialog and the orientation sheet dialog. Copies saved are
listed in ``saved_copies`` (and announced by ``copy_saved``) so that closing
the case can offer to delete them.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMessageBox, QPushButton, QWidget

from asip_desktop.files import os_error_text
from asip_desktop.gui.widgets import pdf_preview


class DocumentActions(QObject):
    copy_saved = Signal(object)  # Path
    pdf_changed = Signal(bool)  # a checked document is (or is no longer) there

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.window = parent
        self.pdf: bytes | None = None
        self.suggested_name = "document.pdf"
        self.saved_copies: list[Path] = []
        self.print_button = QPushButton("&Imprimer…")
        self.print_button.setObjectName("imprimer")
        self.print_button.setAccessibleName("Imprimer")
        self.print_button.clicked.connect(self.print_document)
        self.save_button = QPushButton("Enregistrer une &copie…")
        self.save_button.setObjectName("enregistrer-copie")
        self.save_button.setAccessibleName("Enregistrer une copie")
        self.save_button.clicked.connect(self.save_document)
        self.set_pdf(None)

    def set_pdf(self, pdf: bytes | None, suggested_name: str | None = None) -> None:
        self.pdf = pdf
        if suggested_name:
            self.suggested_name = suggested_name
        self.print_button.setEnabled(pdf is not None)
        self.save_button.setEnabled(pdf is not None)
        self.pdf_changed.emit(pdf is not None)

    def print_document(self) -> None:
        if self.pdf is not None:
            pdf_preview.print_pdf(self.window, self.pdf)

    def save_document(self) -> None:
        if self.pdf is None:
            return
        try:
            path = pdf_preview.save_copy(self.window, self.pdf, self.suggested_name)
        except OSError as exc:
            QMessageBox.warning(
                self.window,
                "Enregistrement impossible",
                f"La copie n'a pas pu être enregistrée : {os_error_text(exc)}.",
            )
            return
        if path is not None:
            self.saved_copies.append(path)
            self.copy_saved.emit(path)
