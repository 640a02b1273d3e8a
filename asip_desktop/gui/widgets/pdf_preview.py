"""Preview, print and save a PDF held in memory.

Pages are rasterized with pypdfium2 (a small wheel with PDFium) rather than
QtPdf, which ships only in the large PySide6-Addons wheel. Nothing is written
to disk for the preview or for printing; a copy is saved only where the user
chooses.
"""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QImage, QPainter, QPixmap, QResizeEvent
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QFileDialog, QLabel, QScrollArea, QVBoxLayout, QWidget

from asip_desktop.files import write_private_atomic

PREVIEW_DPI = 110  # rendered once, then scaled to the width of the view
MAX_PRINT_DPI = 300


def page_images(pdf: bytes, dpi: float) -> list[QImage]:
    """Every page of ``pdf`` as an RGB image at ``dpi``."""
    images: list[QImage] = []
    document = pdfium.PdfDocument(pdf)
    try:
        for index in range(len(document)):
            page = document[index]
            bitmap = page.render(scale=dpi / 72, rev_byteorder=True)
            image = QImage(
                memoryview(bitmap.buffer),
                bitmap.width,
                bitmap.height,
                bitmap.stride,
                QImage.Format.Format_RGB888,
            )
            images.append(image.copy())  # own the pixels before PDFium frees them
            bitmap.close()
            page.close()
    finally:
        document.close()
    return images


class PdfPreview(QScrollArea):
    """The pages one under the other, rendered from bytes."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Aperçu du document")
        self.setWidgetResizable(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._pages_widget = QWidget()
        self._layout = QVBoxLayout(self._pages_widget)
        self._layout.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.setWidget(self._pages_widget)
        self.page_labels: list[QLabel] = []
        self.images: list[QImage] = []
        self.message = QLabel("L'aperçu s'affiche après la vérification de la fiche.")
        self.message.setWordWrap(True)
        self._layout.addWidget(self.message)

    def set_pdf(self, pdf: bytes) -> None:
        self.clear("")
        self.images = page_images(pdf, PREVIEW_DPI)
        for number in range(1, len(self.images) + 1):
            label = QLabel()
            label.setAccessibleName(f"Page {number}")
            label.setStyleSheet("border: 1px solid #888; background: white;")
            self._layout.addWidget(label)
            self.page_labels.append(label)
        self._scale_pages()
        self.verticalScrollBar().setValue(0)

    def _scale_pages(self) -> None:
        width = max(self.viewport().width() - 30, 200)
        for label, image in zip(self.page_labels, self.images, strict=True):
            pixmap = QPixmap.fromImage(image).scaledToWidth(
                min(width, image.width()), Qt.TransformationMode.SmoothTransformation
            )
            label.setPixmap(pixmap)
            label.setFixedSize(pixmap.size())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._scale_pages()

    def clear(self, message: str) -> None:
        for label in self.page_labels:
            self._layout.removeWidget(label)
            label.deleteLater()
        self.page_labels = []
        self.images = []
        self.message.setText(message)
        self.message.setVisible(bool(message))

    @property
    def page_count(self) -> int:
        return len(self.page_labels)


def print_to(printer: QPrinter, pdf: bytes) -> int:
    """Paint every page on ``printer``, scaled to its page; returns the page count."""
    dpi = min(printer.resolution(), MAX_PRINT_DPI)
    painter = QPainter()
    if not painter.begin(printer):
        return 0
    try:
        images = page_images(pdf, dpi)
        for number, image in enumerate(images):
            if number:
                printer.newPage()
            area = painter.viewport()
            size = image.size().scaled(area.size(), Qt.AspectRatioMode.KeepAspectRatio)
            painter.drawImage(QRectF(area.x(), area.y(), size.width(), size.height()), image)
    finally:
        painter.end()
    return len(images)


def print_pdf(parent: QWidget, pdf: bytes) -> bool:
    """Qt's print dialog, then the pages; False if the user cancelled."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle("Imprimer")
    if dialog.exec() != QPrintDialog.DialogCode.Accepted:
        return False
    return print_to(printer, pdf) > 0


def save_copy(parent: QWidget, pdf: bytes, suggested_name: str) -> Path | None:
    """Ask where to save a copy; write it owner-only. None if cancelled."""
    name, _ = QFileDialog.getSaveFileName(
        parent,
        "Enregistrer une copie",
        str(Path.home() / suggested_name),
        "Document PDF (*.pdf)",
    )
    if not name:
        return None
    path = Path(name if name.lower().endswith(".pdf") else f"{name}.pdf")
    return write_private_atomic(path, pdf)
