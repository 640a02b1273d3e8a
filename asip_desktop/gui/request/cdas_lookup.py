"""« Commune du domicile » → the CDAS du domicile card(s), or what is missing.

Without a CDAS list on this desk, the agent is told so in one line (no command
line: that is for the administrator, in Sources et import) and can type the
CDAS's name for the person's sheet.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCompleter, QFormLayout, QLabel, QVBoxLayout, QWidget

from asip_desktop.directory.catalog import NO_LOCAL_DIRECTORY, CdasAnswer, Directory
from asip_desktop.directory.model import Entry
from asip_desktop.documents.orientation_contacts import CdasContact, cdas_contact
from asip_desktop.gui.directory.commune_edit import FieldLineEdit
from asip_desktop.gui.widgets.entry_card import EntryCard

NOT_INSTALLED = (
    "L'annuaire des CDAS n'est pas encore installé sur ce poste : demandez à votre administrateur."
)


class CdasLookup(QWidget):
    def __init__(
        self, directory: Directory, parent: QWidget | None = None, for_sheet: bool = True
    ) -> None:
        super().__init__(parent)
        self.directory = directory
        self.for_sheet = for_sheet  # offer to type the CDAS's name for the person's sheet
        self.answer: CdasAnswer | None = None
        self.cards: list[EntryCard] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        form = QFormLayout()
        self.commune_edit = FieldLineEdit()
        self.commune_edit.setObjectName("commune")
        self.commune_edit.setPlaceholderText("nom, code postal ou code INSEE")
        self.commune_edit.setAccessibleName("Commune du domicile")
        completer = QCompleter(directory.index.completions(), self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.commune_edit.setCompleter(completer)
        label = QLabel("Commune du do&micile :")  # &d is « Ouvrir un &dossier »
        label.setBuddy(self.commune_edit)
        form.addRow(label, self.commune_edit)
        self.cdas_name_edit = FieldLineEdit()
        self.cdas_name_edit.setObjectName("cdas-name")
        self.cdas_name_edit.setPlaceholderText("nom du CDAS, tel que vous le connaissez")
        self.cdas_name_edit.setAccessibleName("CDAS à indiquer sur la feuille de la personne")
        self.cdas_name_edit.setMaxLength(120)
        self.cdas_name_label = QLabel("CDAS à indiquer sur la &feuille :")
        self.cdas_name_label.setBuddy(self.cdas_name_edit)
        form.addRow(self.cdas_name_label, self.cdas_name_edit)
        layout.addLayout(form)
        self.message = QLabel()
        self.message.setObjectName("cdas-message")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.message)
        self.cards_box = QVBoxLayout()
        layout.addLayout(self.cards_box)
        self.commune_edit.textChanged.connect(lambda text: self.look_up(text, final=False))
        self.commune_edit.editingFinished.connect(lambda: self.look_up(self.commune_edit.text()))
        completer.activated.connect(lambda text: self.look_up(text))
        self.set_directory(directory)

    def set_directory(self, directory: Directory) -> None:
        self.directory = directory
        typed = self.for_sheet and not directory.has_cdas
        self.cdas_name_edit.setVisible(typed)
        self.cdas_name_label.setVisible(typed)
        self.look_up(self.commune_edit.text(), final=bool(self.commune_edit.text()))

    def look_up(self, text: str, final: bool = True) -> None:
        text = text.strip()
        if not text:
            self.answer = None
            self._show_cards([])
            self.message.setText("" if self.directory.has_cdas else NOT_INSTALLED)
            return
        answer = self.directory.cdas_for(text)
        if not answer.communes and not final:
            return  # still typing: keep what is shown
        self.answer = answer
        lines = [c.commune.describe() for c in answer.communes]
        if answer.message == NO_LOCAL_DIRECTORY:  # the administrator's instructions
            lines.append(NOT_INSTALLED)
        elif answer.message:
            lines.append(answer.message)
        self.message.setText("\n".join(lines))
        self._show_cards([e for c in answer.communes for e in c.cdas])

    def _show_cards(self, entries: list[Entry]) -> None:
        for card in self.cards:
            self.cards_box.removeWidget(card)
            card.hide()  # deleted later: must not be painted until then
            card.deleteLater()
        self.cards = []
        for entry in entries:
            card = EntryCard()
            card.set_entry(entry, self.directory.is_stale(entry), self.directory.max_age_months)
            self.cards_box.addWidget(card)
            self.cards.append(card)

    def sheet_cdas(self) -> CdasContact | None:
        """The CDAS the person's sheet prints (None: its lines are left blank).

        With a CDAS directory, the one CDAS found for the commune (name, address,
        phone, hours); without one, the name the agent typed."""
        if not self.directory.has_cdas:
            typed = self.cdas_name_edit.text().strip()
            return CdasContact(name=typed) if typed else None
        found = [e for c in self.answer.communes for e in c.cdas] if self.answer else []
        return cdas_contact(found[0]) if len(found) == 1 else None
