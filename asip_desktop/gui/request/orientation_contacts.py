"""Each place of the orientation, in order: its name, why, and its contacts inline.

For the CDAS (du domicile, service social), a « Commune du domicile » field
shows the CDAS card once the commune is known, or says that the local
directory must be imported. Not a scroll area of its own: the result page has
one scroll area for everything.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from asip_desktop.core.result import OrientationResult
from asip_desktop.gui.directory.directory_state import directory_state

if TYPE_CHECKING:
    from asip_desktop.gui.request.cdas_lookup import CdasLookup
    from asip_desktop.gui.widgets.entry_card import EntryCard


def plain(html: str) -> str:
    """Rich text as the plain text a reader gets."""
    doc = QTextDocument()
    doc.setHtml(html)
    return doc.toPlainText()


class OrientationContacts(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("orientation-contacts")
        self.setAccessibleName("Coordonnées des services proposés")
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self.inner: QWidget | None = None
        self.result: OrientationResult | None = None
        self.cards: dict[str, list[EntryCard]] = {}
        self.messages: dict[str, QLabel] = {}
        self.cdas_lookup: CdasLookup | None = None
        self._commune = ""
        self.state = directory_state()
        self.state.changed.connect(self._refresh)
        self.show_result(None)

    def show_result(self, result: OrientationResult | None) -> None:
        if self.cdas_lookup is not None:
            self._commune = self.cdas_lookup.commune_edit.text()
        self.result = result
        self.cards, self.messages, self.cdas_lookup = {}, {}, None
        if self.inner is not None:
            self._layout.removeWidget(self.inner)
            self.inner.hide()  # deleted later: must not be painted until then
            self.inner.deleteLater()
        inner = QWidget()
        layout = QVBoxLayout(inner)
        layout.setContentsMargins(0, 0, 0, 0)
        orientations = result.orientations if result is not None else ()
        if orientations:
            # The directory is read when a result is first shown, not at start-up.
            from asip_desktop.directory.orientation_contacts import contacts_for
            from asip_desktop.gui.request.cdas_lookup import CdasLookup
            from asip_desktop.gui.widgets.entry_card import EntryCard

            directory = self.state.directory
        for number, orientation in enumerate(orientations, start=1):
            box = QFrame()
            box.setFrameShape(QFrame.Shape.StyledPanel)
            box.setObjectName(f"contacts-{orientation.service}")
            box.setAccessibleName(f"Coordonnées : {orientation.label}")
            box_layout = QVBoxLayout(box)
            title = QLabel(
                f"<b>{number}. {escape(orientation.label)}</b><br>{escape(orientation.reason)}"
                f"<br><small>Référence : {escape(orientation.reference)}</small>"
            )
            title.setObjectName("lieu")
            title.setWordWrap(True)
            title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            box_layout.addWidget(title)
            contacts = contacts_for(directory, orientation.service)
            if contacts.needs_commune and self.cdas_lookup is None:
                self.cdas_lookup = CdasLookup(directory)
                self.cdas_lookup.commune_edit.setText(self._commune)
                box_layout.addWidget(self.cdas_lookup)
            elif contacts.needs_commune:
                box_layout.addWidget(QLabel("Même CDAS que ci-dessus (commune du domicile)."))
            cards = []
            for entry in contacts.entries:
                card = EntryCard()
                card.set_entry(entry, directory.is_stale(entry), directory.max_age_months)
                box_layout.addWidget(card)
                cards.append(card)
            self.cards[orientation.service] = cards
            if contacts.message and not contacts.needs_commune:
                message = QLabel(contacts.message)
                message.setWordWrap(True)
                message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                box_layout.addWidget(message)
                self.messages[orientation.service] = message
            layout.addWidget(box)
        self._layout.addWidget(inner)
        inner.show()  # now, not at the next event-loop turn
        self.inner = inner

    def plain_text(self) -> str:
        if self.inner is None:
            return ""
        texts = [label.text() for label in self.inner.findChildren(QLabel) if not label.isHidden()]
        return "\n".join(plain(t) if "<" in t else t for t in texts)

    def _refresh(self) -> None:
        if self.result is not None:
            self.show_result(self.result)
