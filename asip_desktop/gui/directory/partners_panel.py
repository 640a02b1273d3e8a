"""« Partenaires près du domicile »: the partners of the person's commune and EPCI for the need.

Self-contained: :meth:`PartnersPanel.set_context` gives it a commune (name, postal
code or INSEE code) and the needs found in the situation; the agent can change
the commune and tick other needs. Each partner shows its address, phones, hours,
source and date (old ones marked), and a box « Sur la feuille » to print its
public contacts on the person's sheet (:meth:`chosen`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QCompleter,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from asip_desktop.directory.model import Entry
from asip_desktop.documents.orientation_contacts import CdasContact
from asip_desktop.gui.directory.commune_edit import FieldLineEdit
from asip_desktop.gui.directory.directory_state import directory_state
from asip_desktop.gui.widgets.entry_card import EntryCard
from asip_desktop.gui.widgets.flow_layout import FlowLayout

SHOWN_PER_NEED = 8


class PartnersPanel(QFrame):
    chosen_changed = Signal()

    def __init__(
        self,
        parent: QWidget | None = None,
        scrolls: bool = True,
        commune_label: str = "Commu&ne :",
    ) -> None:
        """``scrolls=False``: the cards are laid out in full, for a page that is
        itself one scroll area (the result page, expert mode). ``commune_label``: the
        caption with an Alt letter free on the page that holds the panel."""
        super().__init__(parent)
        self.setObjectName("partners-panel")
        self.setAccessibleName("Partenaires près du domicile")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.state = directory_state()
        self.cards: list[EntryCard] = []
        self.choices: dict[str, QCheckBox] = {}  # entry id -> « Sur la feuille »
        self.need_boxes: dict[str, QCheckBox] = {}
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("<b>Partenaires près du domicile</b>"))
        row = QHBoxLayout()
        self.commune_edit = FieldLineEdit()
        self.commune_edit.setObjectName("partners-commune")
        self.commune_edit.setPlaceholderText("nom, code postal ou code INSEE")
        self.commune_edit.setAccessibleName("Commune du domicile (partenaires)")
        self._ready = False  # the directory is read on the first context, not at start-up
        label = QLabel(commune_label)
        label.setBuddy(self.commune_edit)
        row.addWidget(label)
        row.addWidget(self.commune_edit, 1)
        layout.addLayout(row)
        self.needs_row = FlowLayout()  # filled on the first context; wraps when narrow
        layout.addLayout(self.needs_row)
        self.message = QLabel()
        self.message.setObjectName("partners-message")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.message)
        self.scroll: QScrollArea | None = None
        self._list_layout: QVBoxLayout | None = None
        self._list: QWidget | None = None
        if scrolls:
            self.scroll = QScrollArea()
            self.scroll.setWidgetResizable(True)
            self.scroll.setFrameShape(QFrame.Shape.NoFrame)
            self.scroll.setAccessibleName("Liste des partenaires")
            layout.addWidget(self.scroll, 1)
        else:
            self._list_layout = QVBoxLayout()
            layout.addLayout(self._list_layout)
        self.commune_edit.editingFinished.connect(self.refresh)
        self.commune_edit.textChanged.connect(self._typed)
        self.state.changed.connect(self.refresh)

    # --- context -----------------------------------------------------------------

    def set_context(self, commune: str, needs: Sequence[str]) -> None:
        """The commune (kept when empty) and the needs found in the situation."""
        if not self._ready:
            self._ready = True
            self._add_need_boxes()
            completer = QCompleter(self.state.directory.index.completions(), self)
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            self.commune_edit.setCompleter(completer)
            completer.activated.connect(lambda _text: self.refresh())
        if commune.strip():
            self.commune_edit.setText(commune.strip())
        for need_id, box in self.need_boxes.items():
            box.blockSignals(True)
            box.setChecked(need_id in needs)
            box.blockSignals(False)
        self.refresh()

    def _add_need_boxes(self) -> None:
        from asip_desktop.directory.partners import need_labels

        for need_id, text in need_labels().items():
            box = QCheckBox(text)
            box.setObjectName(f"besoin={need_id}")
            box.setAccessibleName(f"Besoin : {text}")
            box.toggled.connect(lambda _on: self.refresh())
            self.needs_row.addWidget(box)
            self.need_boxes[need_id] = box

    def follow(self, edit: QLineEdit) -> None:
        """Take the commune typed in another field (the CDAS du domicile's)."""
        edit.textChanged.connect(self._follow)

    def _follow(self, text: str) -> None:
        if text.strip() != self.commune() and self._one_commune(text):
            self.commune_edit.setText(text.strip())

    def _one_commune(self, text: str) -> bool:
        return bool(text.strip()) and len(self.state.directory.index.resolve(text)) == 1

    def _typed(self, text: str) -> None:
        """While typing, the list follows as soon as the text names one commune."""
        if self._ready and self._one_commune(text):
            self.refresh()

    def commune(self) -> str:
        return self.commune_edit.text().strip()

    def needs(self) -> list[str]:
        return [n for n, box in self.need_boxes.items() if box.isChecked()]

    def chosen(self) -> list[Entry]:
        """The partners ticked « Sur la feuille », in the order shown."""
        if not self.choices:
            return []
        directory = self.state.directory
        return [
            entry
            for entry_id, box in self.choices.items()
            if box.isChecked() and (entry := directory.get(entry_id)) is not None
        ]

    # --- showing -----------------------------------------------------------------

    def refresh(self) -> None:
        if not self._ready:
            return
        kept = {i for i, box in self.choices.items() if box.isChecked()}
        self.cards, self.choices = [], {}
        inner = QWidget()
        inner_layout = QVBoxLayout(inner)
        inner_layout.setContentsMargins(0, 0, 0, 0)
        self.message.setText(self._fill(inner_layout, kept))
        inner_layout.addStretch(1)
        self._set_list(inner)

    def _set_list(self, inner: QWidget) -> None:
        self._list = inner
        if self.scroll is not None:
            self.scroll.setWidget(inner)
            return
        assert self._list_layout is not None
        for old in self.findChildren(QWidget, "partners-list"):
            self._list_layout.removeWidget(old)
            old.hide()
            old.deleteLater()
        inner.setObjectName("partners-list")
        inner.setAccessibleName("Liste des partenaires")
        self._list_layout.addWidget(inner)
        inner.show()  # a child added to a shown widget stays hidden until shown

    def list_widget(self) -> QWidget | None:
        """The cards and messages shown now (in the panel's scroll area or in full)."""
        return self._list

    def _fill(self, layout: QVBoxLayout, kept: set[str]) -> str:
        from asip_desktop.directory.partners import NOTHING_IMPORTED, need_labels

        directory = self.state.directory
        partners = directory.partners
        if partners.count == 0:
            return NOTHING_IMPORTED
        wanted = self.needs()
        if not wanted:
            return "Cochez un besoin pour afficher les partenaires de la commune et alentour."
        text = self.commune_edit.text().strip()
        matches = directory.index.resolve(text) if text else []
        if len(matches) != 1:
            return (
                "Indiquez la commune du domicile pour afficher les partenaires proches."
                if not matches
                else "Plusieurs communes correspondent : précisez la commune."
            )
        commune = matches[0].commune
        found = partners.partners_for(commune.insee, wanted)
        labels = need_labels()
        for need_id in wanted:
            items = found.get(need_id, [])
            heading = QLabel(f"<b>{labels[need_id]}</b>")
            layout.addWidget(heading)
            if not items:
                layout.addWidget(
                    QLabel(f"Aucun partenaire importé à {commune.name} ni dans son EPCI.")
                )
                continue
            for partner in items[:SHOWN_PER_NEED]:
                self._add_card(layout, partner.entry, partner.here, commune.name, kept)
            if len(items) > SHOWN_PER_NEED:
                layout.addWidget(
                    QLabel(f"… et {len(items) - SHOWN_PER_NEED} autre(s) : voir Annuaires.")
                )
        return f"{commune.name} puis les autres communes de : {commune.epci_name}."

    def _add_card(
        self, layout: QVBoxLayout, entry: Entry, here: bool, commune: str, kept: set[str]
    ) -> None:
        if entry.id in self.choices:  # one partner can serve two needs: listed once
            return
        directory = self.state.directory
        card = EntryCard()
        card.set_entry(entry, directory.is_stale(entry), directory.max_age_months)
        where = f"À {commune}" if here else "Dans l'intercommunalité"
        card.title.setText(f"{card.title.text()} <small>— {where}</small>")
        choice = QCheckBox("Sur la feuille de la personne")
        choice.setObjectName(f"feuille={entry.id}")
        choice.setAccessibleName(f"Mettre {entry.name} sur la feuille de la personne")
        choice.setChecked(entry.id in kept)
        choice.toggled.connect(lambda _on: self.chosen_changed.emit())
        card.layout().addWidget(choice)
        layout.addWidget(card)
        self.cards.append(card)
        self.choices[entry.id] = choice


def sheet_extras(panel: PartnersPanel, cdas: CdasContact | None = None) -> dict[str, Any]:
    """What the person's sheet adds: the partners ticked, the CDAS of the commune."""
    from asip_desktop.documents.partners_block import partner_blocks

    return {"partners": partner_blocks(panel.chosen()), "cdas": cdas}
