"""The « Annuaires » area: search as you type, entry card, CDAS du domicile,
sources status and import with a preview of the changes."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from asip_desktop.directory.annuaire import ImportProgress
from asip_desktop.directory.catalog import NO_LOCAL_DIRECTORY, NO_PERMANENCES, ImportPlan
from asip_desktop.directory.model import KIND_LABELS
from asip_desktop.errors import UserError
from asip_desktop.gui.directory.directory_state import directory_state
from asip_desktop.gui.directory.territory_editor import TerritoryEditor
from asip_desktop.gui.request.cdas_lookup import NOT_INSTALLED, CdasLookup
from asip_desktop.gui.widgets.colors import tint
from asip_desktop.gui.widgets.entry_card import EntryCard

RESULTS_SHOWN = 200
ALL_KINDS = "__all__"


class ImportPreviewDialog(QDialog):
    """What an import would change; « Appliquer » carries it out."""

    def __init__(self, plan: ImportPlan, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plan = plan
        self.setWindowTitle("Importer : changements")
        self.setAccessibleName("Changements de l'import")
        layout = QVBoxLayout(self)
        intro = QLabel(f"Le fichier {plan.file} est valide. Changements à appliquer :")
        intro.setWordWrap(True)
        self.changes = QPlainTextEdit("\n".join(plan.lines()))
        self.changes.setObjectName("import-changes")
        self.changes.setReadOnly(True)
        self.changes.setAccessibleName("Changements")
        intro.setBuddy(self.changes)
        buttons = QDialogButtonBox()
        self.apply_button = buttons.addButton("&Appliquer", QDialogButtonBox.ButtonRole.AcceptRole)
        self.apply_button.setAccessibleName("Appliquer l'import")
        self.cancel_button = buttons.addButton("A&nnuler", QDialogButtonBox.ButtonRole.RejectRole)
        self.cancel_button.setAccessibleName("Annuler l'import")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(intro)
        layout.addWidget(self.changes, 1)
        layout.addWidget(buttons)
        self.resize(640, 420)


class DirectoryView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = directory_state()
        self.setAccessibleName("Annuaires")
        self.preview: ImportPreviewDialog | None = None
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("<h2>Annuaires</h2>"))
        self.banner = QLabel()
        self.banner.setObjectName("directory-banner")
        self.banner.setWordWrap(True)
        self.banner.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        tint(self.banner, "banner")  # dark text on light yellow, or the dark scheme's pair
        self.banner.setMargin(6)
        layout.addWidget(self.banner)

        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Rubriques des annuaires")
        self.tabs.addTab(self._search_tab(), "&Recherche")
        self.tabs.addTab(self._cdas_tab(), "&CDAS du domicile")
        self.territories = TerritoryEditor()
        # a short title: four tabs must fit 1024 pixels at 150 % text
        index = self.tabs.addTab(self.territories, "Territoires (&admin.)")
        self.tabs.setTabToolTip(index, "Territoires des CDAS (administrateur)")
        self.tabs.addTab(self._sources_tab(), "&Sources et import")  # stays last (Paramètres)
        layout.addWidget(self.tabs, 1)
        self.state.changed.connect(self.refresh)
        self.refresh()

    # --- building ------------------------------------------------------------------

    def _search_tab(self) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        row = QHBoxLayout()
        self.search_box = QLineEdit()
        self.search_box.setObjectName("directory-search")
        self.search_box.setClearButtonEnabled(True)
        self.search_box.setPlaceholderText("nom, commune, téléphone, type…")
        self.search_box.setAccessibleName("Rechercher dans les annuaires")
        search_label = QLabel("Rec&hercher :")
        search_label.setBuddy(self.search_box)
        self.kind_filter = QComboBox()
        self.kind_filter.setObjectName("kind-filter")
        self.kind_filter.setAccessibleName("Filtrer par type")
        kind_label = QLabel("&Type :")
        kind_label.setBuddy(self.kind_filter)
        row.addWidget(search_label)
        row.addWidget(self.search_box, 1)
        row.addWidget(kind_label)
        row.addWidget(self.kind_filter)
        layout.addLayout(row)
        split = QSplitter()
        self.results = QListWidget()
        self.results.setObjectName("directory-results")
        self.results.setAccessibleName("Résultats")
        self.results.setWordWrap(True)  # long service names wrap, no horizontal scrollbar
        self.results.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.card = EntryCard()
        split.addWidget(self.results)
        split.addWidget(self.card)
        split.setStretchFactor(1, 1)
        split.setSizes([380, 620])
        self.count_label = QLabel()
        self.count_label.setObjectName("result-count")
        layout.addWidget(split, 1)
        layout.addWidget(self.count_label)
        self.search_box.textChanged.connect(self.update_results)
        self.kind_filter.currentIndexChanged.connect(self.update_results)
        self.results.currentItemChanged.connect(self._show_current)
        return tab

    def _cdas_tab(self) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        self.cdas_lookup = CdasLookup(self.state.directory, for_sheet=False)
        layout.addWidget(self.cdas_lookup)
        layout.addStretch(1)
        return tab

    def _sources_tab(self) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        self.status_text = QPlainTextEdit()
        self.status_text.setObjectName("sources-status")
        self.status_text.setReadOnly(True)
        self.status_text.setAccessibleName("État des sources")
        status_label = QLabel("&État des sources :")
        status_label.setBuddy(self.status_text)
        age_row = QHBoxLayout()
        self.max_age = QSpinBox()
        self.max_age.setObjectName("max-age")
        self.max_age.setRange(1, 60)
        self.max_age.setSuffix(" mois")
        self.max_age.setAccessibleName("Ancienneté maximale avant signalement")
        age_label = QLabel("Signaler les informations de plus de :")
        age_label.setBuddy(self.max_age)
        age_row.addWidget(age_label)
        age_row.addWidget(self.max_age)
        age_row.addStretch(1)
        buttons = QHBoxLayout()
        self.import_button = QPushButton("&Importer un fichier…")
        self.import_button.setAccessibleName("Importer un fichier d'annuaire")
        self.export_button = QPushButton("E&xporter tout l'annuaire…")
        self.export_button.setAccessibleName("Exporter tout l'annuaire")
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.export_button)
        buttons.addStretch(1)
        self.progress = QProgressBar()
        self.progress.setAccessibleName("Progression de l'import")
        self.progress.setRange(0, 1000)
        self.progress.hide()
        self.import_message = QPlainTextEdit()
        self.import_message.setObjectName("import-message")
        self.import_message.setReadOnly(True)
        self.import_message.setAccessibleName("Résultat de l'import")
        self.import_message.setMaximumHeight(180)
        message_label = QLabel("Résultat de l'import ou de l'export :")
        message_label.setBuddy(self.import_message)
        help_label = QLabel(
            "Fichiers acceptés : annuaire local CSV ou JSON (CDAS et communes couvertes, "
            "service social de l'Assurance Maladie ; format décrit dans "
            "docs/directory-format.md), modèle des territoires des CDAS rempli (CSV), export "
            "d'un autre poste, export de l'Annuaire de l'administration (.json, .tar.bz2), "
            "ou annuaire social du Département (CSV ou JSON ArcGIS). Un fichier contenant une "
            "erreur est refusé en entier."
        )
        help_label.setWordWrap(True)
        self.admin_notes = QLabel()
        self.admin_notes.setObjectName("admin-notes")
        self.admin_notes.setWordWrap(True)
        self.admin_notes.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        tint(self.admin_notes, "banner")  # follows the colour scheme (dark, high contrast)
        layout.addWidget(self.admin_notes)
        layout.addWidget(status_label)
        layout.addWidget(self.status_text, 1)
        layout.addLayout(age_row)
        layout.addWidget(help_label)
        layout.addLayout(buttons)
        layout.addWidget(self.progress)
        layout.addWidget(message_label)
        layout.addWidget(self.import_message)
        self.import_button.clicked.connect(self._choose_import)
        self.export_button.clicked.connect(self._choose_export)
        self.max_age.valueChanged.connect(self._set_max_age)
        return tab

    # --- state -----------------------------------------------------------------

    def refresh(self) -> None:
        directory = self.state.directory
        notes, admin = [], []
        if self.state.load_error:
            notes.append(self.state.load_error)
        if not directory.has_cdas:
            notes.append(NOT_INSTALLED)
            admin.append(NO_LOCAL_DIRECTORY)
        if not any(e.kind == "permanence_ssam" for e in directory.local):
            admin.append(NO_PERMANENCES)
        self.banner.setText("\n".join(notes))
        self.banner.setVisible(bool(notes))
        # the administrator's instructions stay here, in Sources et import
        self.admin_notes.setText("\n".join(admin))
        self.admin_notes.setVisible(bool(admin))
        current = self.kind_filter.currentData()
        self.kind_filter.blockSignals(True)
        self.kind_filter.clear()
        self.kind_filter.addItem("Tous", ALL_KINDS)
        for kind in directory.kinds_present():
            self.kind_filter.addItem(KIND_LABELS[kind], kind)
        index = self.kind_filter.findData(current)
        self.kind_filter.setCurrentIndex(max(index, 0))
        self.kind_filter.blockSignals(False)
        self.max_age.blockSignals(True)
        self.max_age.setValue(directory.max_age_months)
        self.max_age.blockSignals(False)
        self.cdas_lookup.set_directory(directory)
        self._show_status()
        self.update_results()

    def _show_status(self) -> None:
        directory = self.state.directory
        lines = []
        for s in directory.status():
            lines.append(f"{s.label} : {s.count} entrée(s)")
            if s.count and s.oldest and s.newest:
                lines.append(
                    f"    informations du {s.oldest:%d/%m/%Y} au {s.newest:%d/%m/%Y} "
                    f"(la plus ancienne a {s.age_days} jours) ; {s.stale} à vérifier"
                )
            if s.imported_at:
                lines.append(f"    importé le {s.imported_at} depuis {s.file}")
        self.status_text.setPlainText("\n".join(lines))

    def update_results(self) -> None:
        directory = self.state.directory
        kind = self.kind_filter.currentData()
        kinds = None if kind in (None, ALL_KINDS) else [kind]
        found = directory.search(self.search_box.text(), kinds, limit=RESULTS_SHOWN + 1)
        self.results.blockSignals(True)
        self.results.clear()
        for entry in found[:RESULTS_SHOWN]:
            stale = directory.is_stale(entry)
            item = QListWidgetItem(("⚠ " if stale else "") + f"{entry.name} — {entry.kind_label}")
            item.setData(Qt.ItemDataRole.UserRole, entry.id)
            item.setToolTip("Information ancienne : à vérifier" if stale else entry.kind_label)
            self.results.addItem(item)
        self.results.blockSignals(False)
        more = " (les 200 premiers : précisez la recherche)" if len(found) > RESULTS_SHOWN else ""
        self.count_label.setText(
            f"{min(len(found), RESULTS_SHOWN)} résultat(s){more}" if found else "Aucun résultat."
        )
        if self.results.count():
            self.results.setCurrentRow(0)
            self._show_current(self.results.currentItem(), None)
        else:
            self.card.set_entry(None)

    def _show_current(self, item: QListWidgetItem | None, _previous: object) -> None:
        directory = self.state.directory
        entry = directory.get(item.data(Qt.ItemDataRole.UserRole)) if item else None
        self.card.set_entry(
            entry, entry is not None and directory.is_stale(entry), directory.max_age_months
        )

    def _set_max_age(self, months: int) -> None:
        self.state.directory.set_max_age_months(months)
        self.state.notify()

    # --- import / export -----------------------------------------------------------

    def _choose_import(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self,
            "Importer un annuaire",
            "",
            "Annuaires (*.csv *.json *.tar.bz2 *.bz2 *.tar.xz *.tar.gz *.tgz);;"
            "Tous les fichiers (*)",
        )
        if name:
            self.import_file(Path(name))

    def _choose_export(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self, "Exporter l'annuaire", "annuaire-asip.json", "JSON (*.json)"
        )
        if name:
            self.export_file(Path(name))

    def _progress(self, state: ImportProgress) -> None:
        self.progress.setValue(int(state.fraction * 1000))
        self.progress.setFormat(f"{state.records} fiches lues, {state.kept} gardées")
        QApplication.processEvents()

    def import_file(self, path: Path) -> ImportPreviewDialog | None:
        """Check the file whole; on success open the preview (non-blocking)."""
        self.progress.setValue(0)
        self.progress.show()
        try:
            plan = self.state.directory.plan_import(path, self._progress)
        except UserError as err:
            self.import_message.setPlainText(str(err))
            return None
        finally:
            self.progress.hide()
        self.import_message.setPlainText(
            f"{path.name} : fichier valide, changements à confirmer.\n" + "\n".join(plan.lines())
        )
        self.preview = ImportPreviewDialog(plan, self)
        self.preview.accepted.connect(lambda: self._apply(plan))
        self.preview.rejected.connect(
            lambda: self.import_message.setPlainText(f"Import de {path.name} annulé.")
        )
        self.preview.open()
        return self.preview

    def _apply(self, plan: ImportPlan) -> None:
        self.state.directory.apply(plan)
        self.import_message.setPlainText(
            f"Import de {plan.file} terminé.\n" + "\n".join(plan.lines())
        )
        self.state.notify()

    def export_file(self, path: Path) -> None:
        try:
            written = self.state.directory.export(path)
        except UserError as err:
            self.import_message.setPlainText(str(err))
            return
        self.import_message.setPlainText(f"Annuaire exporté dans {written}.")
