"""The « Indicateurs » area: the convention's indicators from the anonymous rows
(closed cases, malfunction reports), for a period of months: a chart (choose
which), the table of every non-zero figure (the chart's textual equivalent) and
the CSV export (``store/indicators.py``'s writer, columns mois;cdas;indicateur;valeur)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from asip_desktop.core.ruleset import RuleSet
from asip_desktop.errors import UserError
from asip_desktop.files import os_error_text
from asip_desktop.gui.cases.case_labels import indicator_label, month_label, service_label
from asip_desktop.gui.indicators.bar_chart import BarChart
from asip_desktop.gui.indicators.shared import (
    checked_period,
    choice_box,
    month_fields,
    read_only_table,
    save_path,
    table_texts,
)
from asip_desktop.gui.shell.store_access import StoreAccess
from asip_desktop.gui.shell.store_area import StoreArea
from asip_desktop.gui.widgets.paragraph import paragraph

if TYPE_CHECKING:
    from asip_desktop.gui.indicators.all_cdas_view import AllCdasView
    from asip_desktop.store.indicators import IndicatorRow
    from asip_desktop.store.store import Store

# (key, title, indicator, grouped by) — "cell" is month × CDAS, "service" sums the period.
CHARTS = (
    (
        "signalements",
        "Signalements par CDAS et par mois via le canal de contact privilégié",
        "signalements_canal_prioritaire",
        "cell",
    ),
    (
        "detection",
        "Fiches de détection envoyées, par CDAS et par mois",
        "fiches_detection_envoyees",
        "cell",
    ),
    ("orientations", "Orientations par service sur la période", "orientations_", "service"),
    (
        "dysfonctionnements",
        "Dysfonctionnements signalés, par CDAS et par mois",
        "dysfonctionnements",
        "cell",
    ),
)
TABLE_COLUMNS = ("Mois", "CDAS", "Indicateur", "Valeur")


def chart_bars(
    rules: RuleSet, rows: list[IndicatorRow], key: str
) -> tuple[str, list[tuple[str, int]]]:
    """The title and the bars of one chart, from the computed rows."""
    _key, title, indicator, grouping = next(c for c in CHARTS if c[0] == key)
    if grouping == "service":
        totals: Counter[str] = Counter()
        for r in rows:
            if r.indicator.startswith(indicator):
                totals[r.indicator[len(indicator) :]] += r.value
        bars = [(service_label(rules, s), n) for s, n in totals.items() if n]
        return title, sorted(bars, key=lambda b: -b[1])
    bars = [
        (f"{month_label(r.month)} · {r.cdas}", r.value)
        for r in rows
        if r.indicator == indicator and r.value
    ]
    return title, bars


class IndicatorsView(StoreArea):
    def __init__(self, access: StoreAccess, rules: RuleSet, parent: QWidget | None = None) -> None:
        self.rules = rules
        self.rows: list[IndicatorRow] = []
        self.all_cdas: AllCdasView | None = None  # with the Département's access only
        super().__init__(access, "Indicateurs", parent)

    def build(self, store: Store) -> QWidget:
        content = QWidget()
        layout = QVBoxLayout(content)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(
            paragraph(
                "Indicateurs de suivi de la convention, calculés sur les seules lignes anonymes : "
                "dossiers clos (mois d'ouverture, CDAS, orientations, fiches envoyées) et "
                "dysfonctionnements signalés. Un dossier encore ouvert n'est pas compté."
            )
        )
        period = QFormLayout()
        self.from_edit, self.to_edit = month_fields()
        self.chart_choice = choice_box([(c[1], c[0]) for c in CHARTS])
        period.addRow("Du &mois :", self.from_edit)
        period.addRow("&Au mois :", self.to_edit)
        period.addRow("&Graphique :", self.chart_choice)
        layout.addLayout(period)
        buttons = QHBoxLayout()
        self.show_button = QPushButton("A&fficher")
        self.show_button.clicked.connect(self.refresh)
        self.export_button = QPushButton("E&xporter en CSV…")
        self.export_button.clicked.connect(self.export_csv)
        buttons.addWidget(self.show_button)
        buttons.addWidget(self.export_button)
        # a desk on its local store sends its rows to the Département (a team desk's
        # rows are on its team base already)
        self.desk_export_button: QPushButton | None = None
        if getattr(store, "kind", "locale") != "equipe":
            self.desk_export_button = QPushButton("Exporter les indicateurs de ce p&oste…")
            self.desk_export_button.setToolTip(
                "Fichier anonyme pour le Département (sans numéro de dossier ni personne)"
            )
            self.desk_export_button.clicked.connect(self.export_desk_file)
            buttons.addWidget(self.desk_export_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.problem = paragraph()
        layout.addWidget(self.problem)
        self.chart = BarChart()
        layout.addWidget(self.chart)
        self.table = read_only_table(
            list(TABLE_COLUMNS),
            "Tableau des indicateurs (équivalent textuel du graphique)",
            "Colonnes du tableau des indicateurs",
        )
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(
            paragraph("Valeurs non nulles (l'export CSV contient toutes les lignes) :")
        )
        layout.addWidget(self.table, 1)
        self.chart_choice.currentIndexChanged.connect(lambda _i: self._draw_chart())
        self.store = store
        self.refresh()
        return self._with_departement_view(store, content)

    def _with_departement_view(self, store: Store, content: QWidget) -> QWidget:
        """With the Département's reader access on this computer, two tabs: this desk's
        figures and « Tous les CDAS »."""
        from asip_desktop.team import departement

        if not departement.has_reader(store.folder):
            return content
        tabs = QTabWidget()
        tabs.setAccessibleName("Indicateurs : ce poste ou tous les CDAS")
        tabs.addTab(content, "Ce poste")
        try:
            reader = departement.load_reader(departement.reader_path(store.folder))
        except UserError as err:
            tabs.addTab(paragraph(str(err)), "Tous les CDAS")
            return tabs
        from asip_desktop.gui.indicators.all_cdas_view import AllCdasView

        self.all_cdas = AllCdasView(reader, self.rules)
        tabs.addTab(self.all_cdas, "Tous les CDAS")
        tabs.setCurrentWidget(self.all_cdas)
        self.all_cdas.refresh()
        return tabs

    def period(self) -> tuple[str | None, str | None]:
        """The months typed, checked (UserError naming the field)."""
        return checked_period(self.from_edit, self.to_edit)

    def refresh(self) -> None:
        """Recompute for the period typed (called when the area is shown)."""
        if self.store is None:
            return
        from asip_desktop.store.indicators import compute

        try:
            start, end = self.period()
        except UserError as err:
            self.problem.setText(str(err))
            return
        self.problem.setText("")
        self.rows = compute(self.store.engine, start, end)
        shown = [r for r in self.rows if r.value]
        self.table.setRowCount(len(shown))
        for row, r in enumerate(shown):
            texts = (
                month_label(r.month),
                r.cdas,
                indicator_label(self.rules, r.indicator),
                str(r.value),
            )
            for column, text in enumerate(texts):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self._draw_chart()

    def _draw_chart(self) -> None:
        title, bars = chart_bars(self.rules, self.rows, str(self.chart_choice.currentData()))
        self.chart.set_bars(title, bars)

    def table_texts(self) -> list[list[str]]:
        return table_texts(self.table)

    def export_csv(self) -> Path | None:
        """Ask where, then write every row of the period (zeros included)."""
        from asip_desktop.store.indicators import write_csv

        self.refresh()
        if self.problem.text():
            return None
        start, end = self.period()
        name = f"indicateurs-{start or 'debut'}-{end or 'fin'}.csv"
        path = save_path(self, "Exporter les indicateurs", name, "Fichier CSV (*.csv)", ".csv")
        if path is None:
            return None
        try:
            write_csv(self.rows, path)
        except OSError as exc:
            self.problem.setText(f"Export impossible vers {path} : {os_error_text(exc)}.")
            return None
        self.problem.setText(f"Indicateurs exportés : {path}")
        return path

    def export_desk_file(self) -> Path | None:
        """Ask where, then write this desk's anonymous rows for the Département."""
        from asip_desktop.store import indicator_export

        if self.store is None:
            return None
        path = save_path(
            self,
            "Exporter les indicateurs de ce poste pour le Département",
            f"indicateurs-poste-{self.store.now()[:7]}.jsonl",
            "Fichier d'indicateurs de poste (*.jsonl)",
            ".jsonl",
        )
        if path is None:
            return None
        try:
            summary = indicator_export.export_desk(
                self.store, path, replace=True, field="Fichier d'export"
            )
        except UserError as err:
            self.problem.setText(str(err))
            return None
        self.problem.setText(summary.text())
        return path

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh()
