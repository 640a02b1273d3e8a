"""The buttons under the result: fill each fiche listed, print the orientation sheet.

Lives apart from ``result_page`` so the page only adds this bar. Heavy modules
(reportlab, pypdfium2) are imported when a button is first clicked.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QPushButton, QWidget

from asip_desktop.core.result import OrientationResult
from asip_desktop.gui.widgets.flow_layout import FlowLayout

FORM_BUTTONS = {
    "fiche_liaison_retraite": "Remplir la fiche de &liaison retraite…",
    "fiche_detection_fragilite": "Remplir la fiche de &détection…",
}
SHEET_BUTTON = "Feuille d'&orientation pour la personne…"


class FormsBar(QWidget):
    dialog_opened = Signal(str, object)  # form id or "feuille_orientation", the dialog

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.result: OrientationResult | None = None
        # what a fiche starts with; by default the orientation's own prefill
        self.prefill_provider: Callable[[str], dict[str, Any]] | None = None
        self.dialog: QDialog | None = None
        self._layout = FlowLayout(self)  # wraps on a narrow screen
        self._layout.setContentsMargins(0, 0, 0, 0)
        self.buttons: dict[str, QPushButton] = {}
        self.set_result(None)

    def set_result(self, result: OrientationResult | None) -> None:
        self.result = result
        while self._layout.count():
            item = self._layout.takeAt(0)
            if item is not None and item.widget() is not None:
                item.widget().deleteLater()
        self.buttons = {}
        if result is None:
            return
        for form in result.forms:
            if form in FORM_BUTTONS:
                self._add(form, FORM_BUTTONS[form])
        if result.orientations:
            self._add("feuille_orientation", SHEET_BUTTON)

    def _add(self, key: str, text: str) -> None:
        button = QPushButton(text)
        button.setObjectName(key)
        button.setAccessibleName(text.replace("&", "").rstrip("…"))
        button.clicked.connect(lambda _=False, k=key: self.open(k))
        self._layout.addWidget(button)
        self.buttons[key] = button

    def open(self, key: str) -> QDialog:
        """Open the dialog for ``key`` (a form id or the orientation sheet)."""
        assert self.result is not None
        if key == "feuille_orientation":
            from asip_desktop.gui.request.orientation_sheet_dialog import OrientationSheetDialog

            self.dialog = OrientationSheetDialog(self.result, self.window())
        else:
            from asip_desktop.gui.fiches.form_dialog import FormDialog

            prefill = (
                self.prefill_provider(key)
                if self.prefill_provider is not None
                else dict(self.result.prefill.get(key, {}))
            )
            self.dialog = FormDialog(key, prefill, self.window())
        self.dialog_opened.emit(key, self.dialog)
        self.dialog.open()  # window-modal, does not block the event loop
        return self.dialog
