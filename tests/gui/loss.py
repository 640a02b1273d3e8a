"""Answer the « ce qui sera perdu » question the way a person does: by clicking."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QMessageBox


def loss_box(holder: Any) -> QMessageBox:
    box = holder.confirm_box
    assert isinstance(box, QMessageBox) and box.isVisible(), "no confirmation was asked"
    return box


def answer_loss(qtbot: Any, holder: Any, destroy: bool) -> str:
    """Click « confirmer » or « Annuler » in the box ``holder`` opened; its text."""
    box = loss_box(holder)
    text = box.text()
    button = box.findChild(QAbstractButton, "confirmer" if destroy else "annuler")
    assert button is not None
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not box.isVisible(), timeout=2000)
    return text
