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
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from asip_desktop.core.ruleset import RuleSet
from asip_desktop.errors import UserError
from asip_desktop.files import os_error_text
from asip_desktop.gui.cases.case_labels import indicator_label, month_label, service_label
from asip_desktop.gui.indicators.bar_chart import BarChart
from asip_desktop.gui.shell.store_access import StoreAccess
from asip_desktop.gui.shell.store_area import StoreArea
from asip_desktop.gui.widgets.paragraph import paragraph

if TYPE_CHECKING:
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
        self.from_edit = QLineEdit()
        self.from_edit.setPlaceholderText("AAAA-MM (vide : depuis le début)")
        self.to_edit = QLineEdit()
        self.to_edit.setPlaceholderText("AAAA-MM (vide : jusqu'à aujourd'hui)")
        self.chart_choice = QComboBox()
        for key, title, _indicator, _grouping in CHARTS:
            self.chart_choice.addItem(title, key)
        # long chart titles: the list opens wide, the closed box stays narrow
        self.chart_choice.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.chart_choice.setMinimumContentsLength(24)
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
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.problem = paragraph()
        layout.addWidget(self.problem)
        self.chart = BarChart()
        layout.addWidget(self.chart)
        self.table = QTableWidget(0, len(TABLE_COLUMNS))
        self.table.setAccessibleName("Tableau des indicateurs (équivalent textuel du graphique)")
        self.table.setHorizontalHeaderLabels(TABLE_COLUMNS)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setAccessibleName("Colonnes du tableau des indicateurs")
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(
            paragraph("Valeurs non nulles (l'export CSV contient toutes les lignes) :")
        )
        layout.addWidget(self.table, 1)
        self.chart_choice.currentIndexChanged.connect(lambda _i: self._draw_chart())
        self.store = store
        self.refresh()
        return content

    def period(self) -> tuple[str | None, str | None]:
        """The months typed, checked (UserError naming the field)."""
        from asip_desktop.store.indicators import check_month

        start = check_month(self.from_edit.text().strip() or None, "Du mois")
        end = check_month(self.to_edit.text().strip() or None, "Au mois")
        if start and end and start > end:
            raise UserError(
                f"Période : le mois de début ({start}) est après le mois de fin ({end})."
            )
        return start, end

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
        return [
            [self.table.item(r, c).text() for c in range(self.table.columnCount())]
            for r in range(self.table.rowCount())
        ]

    def export_csv(self) -> Path | None:
        """Ask where, then write every row of the period (zeros included)."""
        from asip_desktop.store.indicators import write_csv

        self.refresh()
        if self.problem.text():
            return None
        start, end = self.period()
        name = f"indicateurs-{start or 'debut'}-{end or 'fin'}.csv"
        chosen, _ = QFileDialog.getSaveFileName(
            self, "Exporter les indicateurs", str(Path.home() / name), "Fichier CSV (*.csv)"
        )
        if not chosen:
            return None
        path = Path(chosen if chosen.lower().endswith(".csv") else f"{chosen}.csv")
        try:
            write_csv(self.rows, path)
        except OSError as exc:
            self.problem.setText(f"Export impossible vers {path} : {os_error_text(exc)}.")
            return None
        self.problem.setText(f"Indicateurs exportés : {path}")
        return path

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh()
