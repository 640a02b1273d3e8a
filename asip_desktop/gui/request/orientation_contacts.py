"""The contact card of each orientation, under the result of the wizard.

For the CDAS (du domicile, service social), a « Commune du domicile » field
shows the CDAS card once the commune is known, or says that the local
directory must be imported.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGroupBox, QLabel, QScrollArea, QVBoxLayout, QWidget

from asip_desktop.core.result import OrientationResult
from asip_desktop.gui.directory.directory_state import directory_state
from asip_desktop.gui.widgets.paragraph import paragraph

if TYPE_CHECKING:
    from asip_desktop.gui.request.cdas_lookup import CdasLookup
    from asip_desktop.gui.widgets.entry_card import EntryCard


class OrientationContacts(QScrollArea):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("orientation-contacts")
        self.setAccessibleName("Coordonnées des services proposés")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
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
        inner = QWidget()
        layout = QVBoxLayout(inner)
        orientations = result.orientations if result is not None else ()
        if orientations:
            # The directory is read when a result is first shown, not at start-up.
            from asip_desktop.directory.orientation_contacts import contacts_for
            from asip_desktop.gui.request.cdas_lookup import CdasLookup
            from asip_desktop.gui.widgets.entry_card import EntryCard

            layout.addWidget(QLabel("<b>Coordonnées</b>"))
            directory = self.state.directory
        for orientation in orientations:
            box = QGroupBox()  # a group title would not wrap: the service is a label
            box.setObjectName(f"contacts-{orientation.service}")
            box.setAccessibleName(f"Coordonnées : {orientation.label}")
            box_layout = QVBoxLayout(box)
            box_layout.addWidget(paragraph(f"<b>{escape(orientation.label)}</b>", rich=True))
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
        layout.addStretch(1)
        self.setWidget(inner)

    def _refresh(self) -> None:
        if self.result is not None:
            self.show_result(self.result)
