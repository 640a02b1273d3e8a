"""One directory entry as a card: copyable text, source and date, staleness badge."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from asip_desktop.directory.model import Entry
from asip_desktop.gui.widgets.colors import tint

SELECTABLE = (
    Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
)


def stale_text(months: int) -> str:
    return f"⚠ Information de plus de {months} mois : à vérifier avant de la donner."


class EntryCard(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.entry: Entry | None = None
        layout = QVBoxLayout(self)
        head = QHBoxLayout()
        self.title = QLabel()
        self.title.setObjectName("card-title")
        self.title.setWordWrap(True)
        self.title.setTextInteractionFlags(SELECTABLE)
        self.copy_button = QPushButton("Copier la fiche")
        self.copy_button.setObjectName("copy-card")
        self.copy_button.setAccessibleName("Copier la fiche")
        self.copy_button.clicked.connect(self.copy)
        head.addWidget(self.title, 1)
        head.addWidget(self.copy_button, 0, Qt.AlignmentFlag.AlignTop)
        self.badge = QLabel()
        self.badge.setObjectName("stale-badge")
        self.badge.setWordWrap(True)
        tint(self.badge, "warning", bold=True)
        self.body = QLabel()
        self.body.setObjectName("card-text")
        self.body.setWordWrap(True)
        self.body.setTextFormat(Qt.TextFormat.PlainText)
        self.body.setTextInteractionFlags(SELECTABLE)
        self.body.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.body.setAccessibleName("Coordonnées")
        layout.addLayout(head)
        layout.addWidget(self.badge)
        layout.addWidget(self.body)
        layout.addStretch(1)
        self.set_entry(None)

    def set_entry(self, entry: Entry | None, stale: bool = False, max_age_months: int = 6) -> None:
        self.entry = entry
        self.copy_button.setEnabled(entry is not None)
        if entry is None:
            self.title.setText("")
            self.body.setText("Aucune fiche choisie.")
            self.badge.hide()
            self.setAccessibleName("Fiche")
            return
        lines = entry.card_lines()
        self.title.setText(f"<b>{_escape(lines[0])}</b>")
        self.body.setText("\n".join(lines[1:]))
        self.badge.setText(stale_text(max_age_months))
        self.badge.setVisible(stale)
        self.setAccessibleName(f"Fiche : {entry.name}")

    def text(self) -> str:
        return "\n".join(self.entry.card_lines()) if self.entry else ""

    def copy(self) -> None:
        if self.entry is not None:
            QGuiApplication.clipboard().setText(self.text())


def _escape(text: str) -> str:
    from html import escape

    return escape(text)
