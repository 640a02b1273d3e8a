"""The one way to ask before something typed is destroyed.

The question says what will be lost; « Annuler » is the default and Échap's
button, so a stray Enter or Escape keeps everything. The box is window-modal
and opened with ``open()``: the event loop (and the draft timers) keep running.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget


def ask_before_losing(
    parent: QWidget, title: str, what_is_lost: str, confirm: str, on_confirm: Callable[[], None]
) -> QMessageBox:
    box = QMessageBox(QMessageBox.Icon.Warning, title, what_is_lost, parent=parent)
    box.setObjectName("confirmer-perte")
    box.setAccessibleName(title)
    box.setWindowModality(Qt.WindowModality.WindowModal)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    destroy = box.addButton(confirm, QMessageBox.ButtonRole.DestructiveRole)
    destroy.setObjectName("confirmer")
    destroy.setAccessibleName(confirm.replace("&", ""))
    keep = box.addButton("&Annuler", QMessageBox.ButtonRole.RejectRole)
    keep.setObjectName("annuler")
    keep.setAccessibleName("Annuler : ne rien effacer")
    box.setDefaultButton(keep)
    box.setEscapeButton(keep)
    destroy.clicked.connect(on_confirm)
    box.open()
    return box
