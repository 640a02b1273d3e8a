"""« Tous les CDAS »: the Département's view in the Indicateurs area (shown when this
computer holds the Département's reader access, ``departement.json``).

For a chosen period: the table CDAS × indicator (the period's sums, a total row), the
bar chart per CDAS for a chosen indicator, the CSV and ODS exports for the yearly
review (the same files as ``indicators --all-cdas``), and the import of a desk's
indicator file. Figures come from ``team/departement.py`` only (anonymous rows)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from asip_desktop.core.ruleset import RuleSet
from asip_desktop.errors import UserError
from asip_desktop.files import os_error_text
from asip_desktop.gui.cases.case_labels import indicator_label
from asip_desktop.gui.indicators.bar_chart import BarChart
from asip_desktop.gui.indicators.shared import (
    checked_period,
    choice_box,
    month_fields,
    read_only_table,
    save_path,
    table_texts,
)
from asip_desktop.gui.widgets.paragraph import paragraph
from asip_desktop.store.indicators import IndicatorRow, per_cdas, totals
from asip_desktop.team import departement

OVERDUE_LABEL = "Réponses en retard (CARSAT 72 h, accusé de réception 48 h)"
TOTAL_ROW = "Total, tous les CDAS"
# The table's columns: the convention's evaluation figures (they fit a 1024-pixel screen);
# every indicator is in the chart's list and in the CSV/ODS exports.
TABLE_COLUMNS = (
    ("signalements_canal_prioritaire", "Signalements\n(canal privilégié)"),
    ("fiches_detection_envoyees", "Fiches de\ndétection"),
    (departement.OVERDUE, "Réponses\nen retard"),
    ("dysfonctionnements", "Dysfonction-\nnements"),
    ("dossiers_clos", "Dossiers\nclos"),
)


def label(rules: RuleSet, name: str) -> str:
    return OVERDUE_LABEL if name == departement.OVERDUE else indicator_label(rules, name)


class AllCdasView(QWidget):
    def __init__(
        self, reader: departement.Reader, rules: RuleSet, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.reader = reader
        self.rules = rules
        self.rows: list[IndicatorRow] = []
        self.names = departement.ALL_CDAS_INDICATORS
        layout = QVBoxLayout(self)
        layout.addWidget(
            paragraph(
                "Indicateurs de tous les CDAS (accès du Département, lignes anonymes seules) : "
                "bases d'équipe et fichiers importés des postes sur base locale. Les réponses "
                "en retard ne concernent que les dossiers encore ouverts sur les bases d'équipe."
            )
        )
        form = QFormLayout()
        self.from_edit, self.to_edit = month_fields()
        self.indicator_choice = choice_box([(label(rules, n), n) for n in self.names])
        self.indicator_choice.setCurrentIndex(self.names.index("signalements_canal_prioritaire"))
        form.addRow("Du mo&is :", self.from_edit)
        form.addRow("Au moi&s :", self.to_edit)
        form.addRow("I&ndicateur du graphique :", self.indicator_choice)
        layout.addLayout(form)
        buttons = QHBoxLayout()
        self.show_button = QPushButton("Affic&her")
        self.show_button.clicked.connect(self.refresh)
        self.csv_button = QPushButton("Exporter en &CSV…")
        self.csv_button.clicked.connect(lambda: self.export("csv"))
        self.ods_button = QPushButton("Exporter en O&DS…")
        self.ods_button.clicked.connect(lambda: self.export("ods"))
        self.import_button = QPushButton("Im&porter un fichier de poste…")
        self.import_button.clicked.connect(self.import_desk_file)
        for button in (self.show_button, self.csv_button, self.ods_button, self.import_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.message = paragraph()
        layout.addWidget(self.message)
        self.chart = BarChart()
        layout.addWidget(self.chart)
        layout.addWidget(
            paragraph(
                "Par CDAS sur la période (le détail par mois et par service est dans les exports) :"
            )
        )
        self.table = read_only_table(
            ["CDAS", *(title for _n, title in TABLE_COLUMNS)],
            "Tableau des indicateurs par CDAS sur la période",
            "Colonnes : le CDAS puis un indicateur par colonne",
        )
        for column, (name, _title) in enumerate(TABLE_COLUMNS, start=1):
            self.table.horizontalHeaderItem(column).setToolTip(label(rules, name))
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 1)
        self.indicator_choice.currentIndexChanged.connect(lambda _i: self._draw_chart())

    def period(self) -> tuple[str | None, str | None]:
        return checked_period(self.from_edit, self.to_edit)

    def refresh(self) -> bool:
        """Read the figures of the period typed; False (and the reason shown) otherwise."""
        from asip_desktop.store.clock import iso, utc_now

        try:
            start, end = self.period()
            engine = self.reader.engine()
            try:
                self.rows = departement.compute_all(engine, start, end, iso(utc_now()))
            finally:
                engine.dispose()
        except UserError as err:
            self.message.setText(str(err))
            return False
        self.message.setText("")
        sums = per_cdas(self.rows)
        grand = {r.indicator: r.value for r in totals(self.rows, self.names)}
        shown = [name for name, _title in TABLE_COLUMNS]
        lines = [(cdas, [counts[n] for n in shown]) for cdas, counts in sums.items()]
        lines.append((TOTAL_ROW, [grand[n] for n in shown]))
        self.table.setRowCount(len(lines))
        for row, (cdas, values) in enumerate(lines):
            self.table.setItem(row, 0, QTableWidgetItem(cdas))
            for column, value in enumerate(values, start=1):
                item = QTableWidgetItem(str(value))
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, column, item)
        self._draw_chart()
        return True

    def _draw_chart(self) -> None:
        name = str(self.indicator_choice.currentData())
        sums = per_cdas(self.rows)
        bars = sorted(
            ((cdas, counts[name]) for cdas, counts in sums.items() if counts[name]),
            key=lambda b: (-b[1], b[0]),
        )
        self.chart.set_bars(f"{label(self.rules, name)}, par CDAS sur la période", bars)

    def table_texts(self) -> list[list[str]]:
        return table_texts(self.table)

    def export(self, kind: str) -> Path | None:
        """Ask where, then write the period's rows (zeros included) and the totals."""
        from asip_desktop.store.indicator_sheet import write_ods
        from asip_desktop.store.indicators import write_csv

        if not self.refresh():
            return None
        start, end = self.period()
        name = f"indicateurs-tous-cdas-{start or 'debut'}-{end or 'fin'}.{kind}"
        filters = "Fichier CSV (*.csv)" if kind == "csv" else "Classeur OpenDocument (*.ods)"
        path = save_path(
            self, "Exporter les indicateurs de tous les CDAS", name, filters, f".{kind}"
        )
        if path is None:
            return None
        try:
            if kind == "csv":
                write_csv([*self.rows, *totals(self.rows, self.names)], path)
            else:
                write_ods(self.rows, path, self.names)
        except OSError as exc:
            self.message.setText(f"Export impossible vers {path} : {os_error_text(exc)}.")
            return None
        self.message.setText(f"Indicateurs de tous les CDAS exportés : {path}")
        return path

    def import_desk_file(self) -> bool:
        from asip_desktop.store.clock import iso, utc_now
        from asip_desktop.team import indicator_import

        chosen, _ = QFileDialog.getOpenFileName(
            self,
            "Importer le fichier d'indicateurs d'un poste",
            str(Path.home()),
            "Fichier d'indicateurs de poste (*.jsonl);;Tous les fichiers (*)",
        )
        if not chosen:
            return False
        try:
            engine = self.reader.engine()
            try:
                result = indicator_import.import_file(engine, Path(chosen), iso(utc_now()))
            finally:
                engine.dispose()
        except UserError as err:
            self.message.setText(str(err))
            return False
        self.refresh()
        self.message.setText(f"Import fait : {result.text()}")
        return True
