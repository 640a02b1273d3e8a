"""Annuaires › « Territoires des CDAS » (administrator): set up annex 4 in minutes.

Left, the CDAS (name, address, phones, e-mails, hours, source, date); right, the
332 communes grouped by EPCI. Select a CDAS, then an EPCI and « Attribuer
l'EPCI » assigns all its communes in one action; adjust commune by commune (a
commune shared by several CDAS gets a sector for each). The coverage line says
how many communes are assigned and which are not. « Enregistrer » checks the
whole list with the local directory's rules and shows the changes first; the
filled template and the usual export serve the other desks.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from asip_desktop.directory.catalog import ImportPlan, refusal
from asip_desktop.directory.formats import territories_plan
from asip_desktop.directory.template import write_template
from asip_desktop.directory.territories import TerritoryDraft, epci_groups
from asip_desktop.errors import UserError
from asip_desktop.gui.directory.directory_state import directory_state
from asip_desktop.gui.widgets.flow_layout import FlowLayout
from asip_desktop.gui.widgets.screen_fit import fit_content_width

ID_ROLE = Qt.ItemDataRole.UserRole
EPCI_ROLE = Qt.ItemDataRole.UserRole + 1
CDAS_FIELDS = (
    ("address", "Adresse posta&le :", "adresse postale sur une ligne"),
    ("phones", "Télé&phones :", "séparés par « | » ; précision entre parenthèses"),
    ("emails", "Courr&iels :", "séparés par « | »"),
    ("hours", "&Horaires :", "une plage par élément, séparées par « | »"),
    ("source", "Source des in&formations :", "document ou service d'où viennent les informations"),
    ("date", "Da&te des informations :", "AAAA-MM-JJ ou JJ/MM/AAAA"),
)
MISSING_SHOWN = 12


class TerritoryEditor(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = directory_state()
        self.setAccessibleName("Territoires des CDAS")
        self.preview: QWidget | None = None
        self.draft = TerritoryDraft(self.state.directory.index)
        self.commune_items: dict[str, QTreeWidgetItem] = {}
        self.epci_items: dict[str, QTreeWidgetItem] = {}
        self.edits: dict[str, QLineEdit] = {}

        intro = QLabel(
            "Réservé à l'administrateur de l'annuaire. Décrivez les CDAS, puis attribuez les "
            "communes : choisissez un CDAS, une intercommunalité (EPCI), « Attribuer l'EPCI », "
            "puis ajustez commune par commune. Une commune partagée entre plusieurs CDAS "
            "(Rennes, par quartiers) reçoit un secteur pour chacun."
        )
        intro.setWordWrap(True)

        # --- left: the CDAS -------------------------------------------------------
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        add_row = QHBoxLayout()
        self.new_name = QLineEdit()
        self.new_name.setObjectName("new-cdas-name")
        self.new_name.setPlaceholderText("nom du CDAS à ajouter")
        self.new_name.setAccessibleName("Nom du CDAS à ajouter")
        self.new_name.setMaxLength(120)
        self.add_button = QPushButton("A&jouter le CDAS")
        self.add_button.setAccessibleName("Ajouter le CDAS")
        add_row.addWidget(self.new_name, 1)
        add_row.addWidget(self.add_button)
        self.cdas_list = QListWidget()
        self.cdas_list.setWordWrap(True)  # long names wrap: no horizontal scrollbar
        self.cdas_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.cdas_list.setObjectName("cdas-list")
        self.cdas_list.setAccessibleName("CDAS")
        cdas_label = QLabel("C&DAS :")
        cdas_label.setBuddy(self.cdas_list)
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)  # narrow: label above
        for key, label, hint in CDAS_FIELDS:
            edit = QLineEdit()
            edit.setObjectName(f"cdas-{key}")
            edit.setPlaceholderText(hint)
            edit.setAccessibleName(label.replace("&", "").rstrip(" :"))
            edit.setMaxLength(500)
            edit.editingFinished.connect(lambda k=key: self._field_done(k))
            caption = QLabel(label)
            caption.setBuddy(edit)
            form.addRow(caption, edit)
            self.edits[key] = edit
        self.remove_button = QPushButton("Supprimer ce CDAS")
        self.remove_button.setAccessibleName("Supprimer ce CDAS")
        left_layout.addLayout(add_row)
        left_layout.addWidget(cdas_label)
        left_layout.addWidget(self.cdas_list, 1)
        left_layout.addLayout(form)
        left_layout.addWidget(self.remove_button)

        # --- right: communes by EPCI ----------------------------------------------
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        self.tree = QTreeWidget()
        self.tree.setObjectName("communes-tree")
        self.tree.setAccessibleName("Communes par intercommunalité")
        self.tree.setHeaderLabels(["EPCI / commune", "INSEE", "CDAS", "Secteur"])
        self.tree.header().setAccessibleName("Colonnes des communes")
        # the names share the width (elided, whole in their tooltip); the INSEE code and
        # the sector keep theirs: no horizontal scrollbar at 1024×700, 150 % text
        header = self.tree.header()
        header.setStretchLastSection(False)
        for column, mode in enumerate(
            (
                QHeaderView.ResizeMode.Stretch,
                QHeaderView.ResizeMode.ResizeToContents,
                QHeaderView.ResizeMode.Stretch,
                QHeaderView.ResizeMode.ResizeToContents,
            )
        ):
            header.setSectionResizeMode(column, mode)
        tree_label = QLabel("Co&mmunes par intercommunalité (EPCI) :")
        tree_label.setBuddy(self.tree)
        for epci, communes in epci_groups(self.draft.index).items():
            top = QTreeWidgetItem([epci, "", f"0/{len(communes)} attribuée(s)"])
            top.setToolTip(0, epci)
            top.setData(0, ID_ROLE, "")
            top.setData(0, EPCI_ROLE, epci)
            for commune in communes:
                child = QTreeWidgetItem([commune.name, commune.insee, "", ""])
                child.setData(0, ID_ROLE, commune.insee)
                child.setToolTip(0, commune.name)
                child.setData(0, EPCI_ROLE, epci)
                top.addChild(child)
                self.commune_items[commune.insee] = child
            self.tree.addTopLevelItem(top)
            self.epci_items[epci] = top
        actions = FlowLayout()  # the rows wrap on a narrow screen or at 150 % text
        self.assign_epci_button = QPushButton("Attribuer l'&EPCI au CDAS")
        self.assign_epci_button.setAccessibleName("Attribuer toute l'intercommunalité au CDAS")
        self.assign_button = QPushButton("Attribuer la c&ommune")
        self.assign_button.setAccessibleName("Attribuer la commune au CDAS")
        self.unassign_button = QPushButton("Retirer l'attri&bution")
        self.unassign_button.setAccessibleName("Retirer l'attribution de la commune")
        actions.addWidget(self.assign_epci_button)
        actions.addWidget(self.assign_button)
        actions.addWidget(self.unassign_button)
        share = QHBoxLayout()
        share_actions = FlowLayout()
        self.sector_edit = QLineEdit()
        self.sector_edit.setObjectName("sector")
        self.sector_edit.setPlaceholderText("ex. : quartiers nord")
        self.sector_edit.setAccessibleName("Secteur du CDAS dans la commune partagée")
        self.sector_edit.setMaxLength(200)
        sector_label = QLabel("Secte&ur :")
        sector_label.setBuddy(self.sector_edit)
        self.share_button = QPushButton("Partager la commu&ne avec ce CDAS")
        self.share_button.setAccessibleName("Partager la commune avec ce CDAS pour ce secteur")
        share.addWidget(sector_label)
        share.addWidget(self.sector_edit, 1)
        share_actions.addWidget(self.share_button)
        right_layout.addWidget(tree_label)
        right_layout.addWidget(self.tree, 1)
        right_layout.addLayout(actions)
        right_layout.addLayout(share)
        right_layout.addLayout(share_actions)

        # the CDAS's fields scroll rather than make the window taller than the screen
        left_scroll = QScrollArea()
        left_scroll.setWidgetResizable(True)
        left_scroll.setFrameShape(QFrame.Shape.NoFrame)
        left_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        left_scroll.setAccessibleName("CDAS et leurs coordonnées")
        left_scroll.setWidget(left)
        fit_content_width(left_scroll)  # the splitter gives way, the fields are never cut
        split = QSplitter()
        split.addWidget(left_scroll)
        split.addWidget(right)
        split.setSizes([380, 620])

        self.coverage = QLabel()
        self.coverage.setObjectName("coverage")
        self.coverage.setWordWrap(True)
        self.coverage.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        bottom = FlowLayout()
        self.save_button = QPushButton("Enre&gistrer dans l'annuaire…")
        self.save_button.setAccessibleName("Enregistrer les territoires dans l'annuaire")
        self.template_button = QPushButton("Exporter le modèle rempli (CS&V)…")
        self.template_button.setAccessibleName("Exporter le modèle des territoires en CSV")
        self.reload_button = QPushButton("Repartir de l'annuaire enregistré")
        self.reload_button.setAccessibleName("Repartir de l'annuaire enregistré")
        bottom.addWidget(self.save_button)
        bottom.addWidget(self.template_button)
        bottom.addWidget(self.reload_button)
        self.message = QPlainTextEdit()
        self.message.setObjectName("territory-message")
        self.message.setReadOnly(True)
        self.message.setMaximumHeight(80)
        self.message.setAccessibleName("Résultat de la vérification")
        message_label = QLabel("Vérification :")
        message_label.setBuddy(self.message)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(split, 1)
        layout.addWidget(self.coverage)
        layout.addLayout(bottom)
        layout.addWidget(message_label)
        layout.addWidget(self.message)

        self.add_button.clicked.connect(self.add_cdas)
        self.new_name.returnPressed.connect(self.add_cdas)
        self.remove_button.clicked.connect(self.remove_cdas)
        self.cdas_list.currentItemChanged.connect(lambda *_: self._show_cdas())
        self.assign_epci_button.clicked.connect(self.assign_epci)
        self.assign_button.clicked.connect(self.assign_commune)
        self.unassign_button.clicked.connect(self.unassign_commune)
        self.share_button.clicked.connect(self.share_commune)
        self.save_button.clicked.connect(self.save)
        self.template_button.clicked.connect(self._choose_template)
        self.reload_button.clicked.connect(self.load_from_directory)
        self.state.changed.connect(self._directory_changed)
        self.dirty = False  # edited since last loaded or saved
        self.load_from_directory()

    def _directory_changed(self) -> None:
        """Another import changed the directory: follow it, unless work is in progress."""
        if not self.dirty:
            self.load_from_directory()

    # --- state -------------------------------------------------------------------

    def load_from_directory(self) -> None:
        directory = self.state.directory
        self.draft = TerritoryDraft.from_entries(directory.index, directory.local)
        self.cdas_list.clear()
        for c in sorted(self.draft.cdas.values(), key=lambda c: c.name.casefold()):
            self._add_list_item(c.id, c.name)
        if self.cdas_list.count():
            self.cdas_list.setCurrentRow(0)
        self._show_cdas()
        self._update_communes(self.commune_items)
        self.message.setPlainText("")
        self.dirty = False

    def current_cdas(self) -> str | None:
        item = self.cdas_list.currentItem()
        return str(item.data(ID_ROLE)) if item is not None else None

    def _add_list_item(self, cdas_id: str, name: str) -> QListWidgetItem:
        item = QListWidgetItem(name)
        item.setData(ID_ROLE, cdas_id)
        self.cdas_list.addItem(item)
        return item

    def _show_cdas(self) -> None:
        cdas = self.draft.cdas.get(self.current_cdas() or "")
        for key, edit in self.edits.items():
            edit.setEnabled(cdas is not None)
            edit.setText(getattr(cdas, key) if cdas is not None else "")
        for button in (
            self.remove_button,
            self.assign_epci_button,
            self.assign_button,
            self.share_button,
        ):
            button.setEnabled(cdas is not None)

    def _field_done(self, key: str) -> None:
        cdas = self.draft.cdas.get(self.current_cdas() or "")
        if cdas is not None and getattr(cdas, key) != self.edits[key].text().strip():
            setattr(cdas, key, self.edits[key].text().strip())
            self.dirty = True

    def _selected_commune(self) -> str | None:
        item = self.tree.currentItem()
        code = item.data(0, ID_ROLE) if item is not None else ""
        return str(code) if code else None

    def _selected_epci(self) -> str | None:
        item = self.tree.currentItem()
        return str(item.data(0, EPCI_ROLE)) if item is not None else None

    def _update_communes(self, codes: Iterable[str]) -> None:
        """Refresh the rows of these communes, their EPCI totals and the coverage line."""
        epcis = set()
        for code in codes:
            found = self.draft.assignments.get(code, [])
            names = [self.draft.cdas[a.cdas_id].name for a in found if a.cdas_id in self.draft.cdas]
            item = self.commune_items[code]
            item.setText(2, " + ".join(names))
            item.setToolTip(2, " + ".join(names))  # elided when the column is narrow
            item.setText(3, " ; ".join(a.sector for a in found if a.sector))
            epcis.add(str(item.data(0, EPCI_ROLE)))
        for epci in epcis:
            top = self.epci_items[epci]
            done = sum(1 for i in range(top.childCount()) if top.child(i).text(2))
            top.setText(2, f"{done}/{top.childCount()} attribuée(s)")
        assigned, missing = self.draft.coverage()
        text = f"Couverture : {assigned} / {len(self.draft.index.communes)} communes attribuées."
        if missing:
            names = ", ".join(c.name for c in missing[:MISSING_SHOWN])
            more = len(missing) - MISSING_SHOWN
            text += f" Non attribuées : {names}" + (f" et {more} autre(s)." if more > 0 else ".")
        self.coverage.setText(text)

    # --- actions -------------------------------------------------------------------

    def add_cdas(self) -> None:
        name = self.new_name.text().strip()
        if not name:
            self.message.setPlainText("Nom du CDAS : saisissez le nom du CDAS à ajouter.")
            return
        before = set(self.draft.cdas)
        cdas = self.draft.add_cdas(name)
        if cdas.id in before:
            self.message.setPlainText(f"Le CDAS « {name} » existe déjà : il est sélectionné.")
            matches = self.cdas_list.findItems(cdas.name, Qt.MatchFlag.MatchExactly)
            if matches:
                self.cdas_list.setCurrentItem(matches[0])
            return
        self.dirty = True
        self.cdas_list.setCurrentItem(self._add_list_item(cdas.id, cdas.name))
        self.new_name.clear()
        self.message.setPlainText(
            f"CDAS « {name} » ajouté : complétez ses coordonnées, sa source et sa date."
        )

    def remove_cdas(self) -> None:
        cdas_id = self.current_cdas()
        if cdas_id is None:
            return
        codes = self.draft.communes_of(cdas_id)
        self.draft.remove_cdas(cdas_id)
        self.dirty = True
        self.cdas_list.takeItem(self.cdas_list.currentRow())
        self._show_cdas()
        self._update_communes(codes)

    def _need_cdas(self) -> str | None:
        cdas_id = self.current_cdas()
        if cdas_id is None:
            self.message.setPlainText("Choisissez d'abord un CDAS dans la liste de gauche.")
        return cdas_id

    def assign_epci(self) -> None:
        cdas_id, epci = self._need_cdas(), self._selected_epci()
        if cdas_id is None:
            return
        if epci is None:
            self.message.setPlainText("Choisissez une intercommunalité (EPCI) dans la liste.")
            return
        self.draft.assign_epci(epci, cdas_id)
        self.dirty = True
        codes = [c.insee for c in epci_groups(self.draft.index)[epci]]
        self._update_communes(codes)
        self.message.setPlainText(
            f"{len(codes)} commune(s) de {epci} attribuée(s) à {self.draft.cdas[cdas_id].name}."
        )

    def _need_commune(self) -> str | None:
        code = self._selected_commune()
        if code is None:
            self.message.setPlainText("Choisissez une commune (dépliez son intercommunalité).")
        return code

    def assign_commune(self) -> None:
        cdas_id = self._need_cdas()
        code = self._need_commune() if cdas_id else None
        if cdas_id is None or code is None:
            return
        self.draft.assign(code, cdas_id)
        self.dirty = True
        self._update_communes([code])

    def unassign_commune(self) -> None:
        code = self._need_commune()
        if code is not None:
            self.draft.assign(code, None)
            self.dirty = True
            self._update_communes([code])

    def share_commune(self) -> None:
        cdas_id = self._need_cdas()
        code = self._need_commune() if cdas_id else None
        if cdas_id is None or code is None:
            return
        sector = self.sector_edit.text().strip()
        if not sector:
            self.message.setPlainText(
                "Secteur : précisez la partie de la commune couverte par ce CDAS "
                "(par exemple « quartiers nord »)."
            )
            return
        self.draft.share(code, cdas_id, sector)
        self.dirty = True
        self._update_communes([code])

    # --- saving ----------------------------------------------------------------------

    def save(self) -> QWidget | None:
        """Check the whole list; when valid, open the changes preview (non-blocking)."""
        from asip_desktop.gui.directory.directory_view import ImportPreviewDialog

        for key in self.edits:  # a field still being typed in counts
            self._field_done(key)
        parsed = self.draft.parse()
        if parsed.problems:
            self.message.setPlainText(str(refusal("Territoires des CDAS", parsed.problems)))
            return None
        plan = territories_plan(self.state.directory, parsed.entries, "territoires des CDAS")
        self.message.setPlainText("Territoires valides : changements à confirmer.")
        dialog = ImportPreviewDialog(plan, self)
        dialog.accepted.connect(lambda: self._apply(plan))
        dialog.rejected.connect(lambda: self.message.setPlainText("Enregistrement annulé."))
        self.preview = dialog
        dialog.open()
        return dialog

    def _apply(self, plan: ImportPlan) -> None:
        self.state.directory.apply(plan)
        self.dirty = False
        self.message.setPlainText(
            "Territoires enregistrés. Pour les autres postes : Sources et import › "
            "Exporter tout l'annuaire, ou le modèle rempli (CSV)."
        )
        self.state.notify()

    def _choose_template(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self, "Exporter le modèle des territoires", "territoires-cdas.csv", "CSV (*.csv)"
        )
        if name:
            self.export_template(Path(name))

    def export_template(self, path: Path) -> None:
        if path.suffix.lower() != ".csv":
            self.message.setPlainText(
                f"Modèle : un nom de fichier en .csv est attendu (reçu : {path.name})."
            )
            return
        for key in self.edits:
            self._field_done(key)
        try:
            written = write_template(path, self.draft)
        except (OSError, UserError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) else str(exc)
            self.message.setPlainText(f"Export impossible vers {path.name} ({reason}).")
            return
        self.message.setPlainText(f"Modèle des territoires exporté dans {written}.")
