"""An area that needs the case store: a message while it opens or when it cannot,
then the area's own content once the store is ready."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QStackedWidget, QVBoxLayout, QWidget

from asip_desktop.gui.shell.store_access import StoreAccess
from asip_desktop.gui.widgets.paragraph import paragraph

if TYPE_CHECKING:
    from asip_desktop.store.store import Store

OPENING = "Ouverture de la base des dossiers…"
WHAT_TO_DO = (
    "Que faire : lancez « asip-desktop --self-test » (il vérifie le coffre de secrets et la "
    "base des dossiers), puis suivez le guide d'administration (docs/guide-administrateur.md) "
    "ou transmettez son résultat au support informatique. Orienter une personne reste possible "
    "dans « Nouvelle demande »."
)


def unavailable_text(reason: str) -> str:
    return f"La base des dossiers n'est pas disponible.\n\n{reason}\n\n{WHAT_TO_DO}"


class StoreArea(QWidget):
    """Subclasses build their content in ``build(store)``; ``store`` is set then."""

    def __init__(self, access: StoreAccess, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.access = access
        self.store: Store | None = None
        self.setAccessibleName(title)
        self._stack = QStackedWidget()
        self.status = paragraph(OPENING)
        self.status.setObjectName("etat-base")
        self.status.setAlignment(Qt.AlignmentFlag.AlignTop)
        self._stack.addWidget(self.status)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"<h2>{title}</h2>"))
        layout.addWidget(self._stack, 1)
        access.ready.connect(self._on_ready)
        access.failed.connect(self._on_failed)
        if access.store is not None:
            self._on_ready(access.store)
        elif access.error is not None:
            self._on_failed(access.error)

    def _on_ready(self, store: Store) -> None:
        if self.store is not None:
            return
        self.store = store
        content = self.build(store)
        self._stack.addWidget(content)
        self._stack.setCurrentWidget(content)

    def _on_failed(self, message: str) -> None:
        self.status.setText(unavailable_text(message))
        self._stack.setCurrentWidget(self.status)

    @property
    def message(self) -> str:
        """The text shown instead of the content ("" once the store is open)."""
        return "" if self.store is not None else self.status.text()

    def build(self, store: Store) -> QWidget:
        raise NotImplementedError
