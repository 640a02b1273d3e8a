"""« Tous les CDAS »: the Département's view in the Indicateurs area (shown when this
computer holds the Département's reader access, ``departement.json``).

For a chosen period: the table CDAS × indicator (the period's sums, a total row), the
bar chart per CDAS for a chosen indicator, the CSV and ODS exports for the yearly
review (the same files as ``indicators --all-cdas``), and the import of a desk's
indicator file. Figures come from ``team/departement.py`` only (anonymous rows).

Every call to the server runs in a worker (``server_call.py``): the tab says
« Lecture… » and its buttons wait; a second request while one runs is refused with a
message. The « Administration » box holds the yearly rules publication
(``publish_dialog.py``) and says which rules file is published now: kept apart from the
figures because it writes for every CDAS, on the administrator's login."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from asip_desktop.core.ruleset import RuleSet
from asip_desktop.errors import UserError
from asip_desktop.files import os_error_text
from asip_desktop.gui.cases.case_labels import indicator_label
from asip_desktop.gui.indicators.bar_chart import BarChart, ScrolledChart
from asip_desktop.gui.indicators.shared import (
    checked_period,
    choice_box,
    month_fields,
    read_only_table,
    save_path,
    table_texts,
)
from asip_desktop.gui.widgets.paragraph import paragraph
from asip_desktop.gui.widgets.server_call import ServerCall
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
        self.worker: ServerCall | None = None
        self.publish_dialog: Any = None
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
        self.message.setAccessibleName("État de la lecture des indicateurs de tous les CDAS")
        layout.addWidget(self.message)
        layout.addWidget(self._administration())
        self.chart = BarChart()
        self.chart_area = ScrolledChart(self.chart)
        layout.addWidget(self.chart_area)
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

    def _administration(self) -> QGroupBox:
        box = QGroupBox("Administration : règles d'orientation de l'année")
        row = QHBoxLayout(box)
        self.published_info = QLabel("Règles publiées : lecture…")  # one short line
        self.published_info.setAccessibleName("Fichier de règles publié sur la base d'équipe")
        row.addWidget(self.published_info, 1)
        row.setContentsMargins(6, 2, 6, 2)
        self.publish_button = QPushButton("Pu&blier le fichier de règles de l'année…")
        self.publish_button.setToolTip(
            "Vérifié comme « rules check », puis publié avec l'identifiant de l'administrateur"
        )
        self.publish_button.clicked.connect(self.choose_rules_file)
        row.addWidget(self.publish_button)
        return box

    def period(self) -> tuple[str | None, str | None]:
        return checked_period(self.from_edit, self.to_edit)

    def busy(self) -> bool:
        return self.worker is not None

    def _call(self, status: str, work: Callable[[], Any], then: Callable[[Any], None]) -> bool:
        """Run ``work`` off the window's thread, then ``then(result)``; a failure's French
        message is shown. False (and said) when another call is still running."""
        if self.worker is not None:
            self.message.setText(
                "Une lecture de la base d'équipe est déjà en cours : attendez sa fin "
                "(au plus quelques secondes si le serveur ne répond pas)."
            )
            return False
        self.message.setText(status)
        for button in self._server_buttons():
            button.setEnabled(False)
        self.worker = ServerCall(work)
        self.worker.answered.connect(lambda outcome: self._answered(outcome, then))
        self.worker.begin()
        return True

    def _server_buttons(self) -> tuple[QPushButton, ...]:
        return (self.show_button, self.csv_button, self.ods_button, self.import_button)

    def _answered(self, outcome: Any, then: Callable[[Any], None]) -> None:
        if not shiboken6.isValid(self):  # the window was closed meanwhile
            return
        if self.worker is not None:
            self.worker.wait()
        self.worker = None
        for button in self._server_buttons():
            button.setEnabled(True)
        if isinstance(outcome, UserError):
            self.message.setText(str(outcome))
            return
        self.message.setText("")
        then(outcome)

    def refresh(self, then: Callable[[], None] | None = None) -> bool:
        """Start reading the figures of the period typed (``then`` once shown); False
        (and the reason shown) when the period is wrong or a read is running."""
        from asip_desktop.store.clock import iso, utc_now

        try:
            start, end = self.period()
        except UserError as err:
            self.message.setText(str(err))
            return False
        reader, now = self.reader, iso(utc_now())

        def read() -> tuple[list[IndicatorRow], Any]:
            from asip_desktop.team.rules_publication import published_now

            engine = reader.engine()
            try:
                rows = departement.compute_all(engine, start, end, now)
                try:
                    publication: Any = published_now(engine)
                except UserError as err:  # a base not yet upgraded to t0006
                    publication = err
                return rows, publication
            finally:
                engine.dispose()

        def show(outcome: tuple[list[IndicatorRow], Any]) -> None:
            self._show(*outcome)
            if then is not None:
                then()

        return self._call("Lecture des indicateurs de tous les CDAS…", read, show)

    def _show(self, rows: list[IndicatorRow], publication: Any) -> None:
        from asip_desktop.gui.indicators.publish_dialog import publication_text

        self.rows = rows
        if isinstance(publication, UserError):  # a base not yet at t0006: said in the tooltip
            self.published_info.setText("Règles publiées : inconnues (voir l'infobulle).")
            self.published_info.setToolTip(str(publication))
        elif publication is None:
            self.published_info.setText("Règles publiées : aucune (celles de l'application).")
            self.published_info.setToolTip(
                "Aucun fichier de règles publié sur la base d'équipe : les postes utilisent "
                "les règles fournies avec l'application."
            )
        else:
            self.published_info.setText(f"Règles publiées : {publication_text(publication)}.")
            self.published_info.setToolTip(f"Empreinte sha256 : {publication.sha256}")
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

    def _draw_chart(self) -> None:
        name = str(self.indicator_choice.currentData())
        sums = per_cdas(self.rows)
        bars = sorted(
            ((cdas, counts[name]) for cdas, counts in sums.items() if counts[name]),
            key=lambda b: (-b[1], b[0]),
        )
        self.chart.set_bars(f"{label(self.rules, name)}, par CDAS sur la période", bars)
        self.chart_area.fit()  # the first bars shown, the others by scrolling

    def table_texts(self) -> list[list[str]]:
        return table_texts(self.table)

    def export(self, kind: str) -> bool:
        """Read the period again, then ask where and write its rows (zeros included) and
        the totals; False when the read could not start."""
        return self.refresh(lambda: self._write(kind))

    def _write(self, kind: str) -> Path | None:
        from asip_desktop.store.indicator_sheet import write_ods
        from asip_desktop.store.indicators import write_csv

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
        reader, now = self.reader, iso(utc_now())

        def load() -> Any:
            engine = reader.engine()
            try:
                return indicator_import.import_file(engine, Path(chosen), now)
            finally:
                engine.dispose()

        def imported(result: Any) -> None:
            said = f"Import fait : {result.text()}"
            self.refresh(lambda: self.message.setText(said))
            self.message.setText(f"{said} Lecture des indicateurs…")

        return self._call("Import du fichier de poste…", load, imported)

    def choose_rules_file(self) -> bool:
        """Choose the year's rules file, then the publication dialog (its check first)."""
        from asip_desktop.gui.indicators.publish_dialog import PublishDialog

        chosen, _ = QFileDialog.getOpenFileName(
            self,
            "Choisir le fichier de règles de l'année",
            str(Path.home()),
            "Fichier de règles (*.yaml *.yml);;Tous les fichiers (*)",
        )
        if not chosen:
            return False
        self.publish_dialog = PublishDialog(Path(chosen), self.reader.file.parent, self)
        self.publish_dialog.published.connect(lambda _done: self.refresh())
        self.publish_dialog.open()
        return True
