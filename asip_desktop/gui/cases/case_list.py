"""The open cases and the cases to review, one table each, with their deadlines.

An overdue deadline is written « en retard » and shown in red (colour is never
the only signal)."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from asip_desktop.core.ruleset import RuleSet
from asip_desktop.gui.cases.case_labels import (
    deadline_state,
    demand_label,
    service_label,
    status_label,
    when,
)
from asip_desktop.gui.widgets.colors import current as current_colors
from asip_desktop.gui.widgets.paragraph import paragraph

if TYPE_CHECKING:
    from asip_desktop.store.store import Store
    from asip_desktop.store.values import CaseSummary, Deadline

COLUMNS = ("N°", "Statut", "Créé le", "Modifié le", "Demande", "Orientations", "Échéances")
CASE_ID_ROLE = Qt.ItemDataRole.UserRole
FIT_ROWS_UP_TO = 300  # above, rows get a fixed height (the list stays fast)


class CaseTable(QTableWidget):
    """One row per case; double-click or Entrée opens it."""

    open_requested = Signal(int)

    def __init__(self, name: str) -> None:
        super().__init__(0, len(COLUMNS))
        self.setAccessibleName(name)
        self.setHorizontalHeaderLabels(COLUMNS)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setWordWrap(True)
        self.verticalHeader().setVisible(False)
        header = self.horizontalHeader()
        header.setAccessibleName(f"Colonnes : {name}")
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        for column in range(4, len(COLUMNS)):  # demand, orientations, deadlines: wrapped
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        self.cellActivated.connect(lambda row, _col: self._open_row(row))
        self.cellDoubleClicked.connect(lambda row, _col: self._open_row(row))

    def _open_row(self, row: int) -> None:
        case_id = self.case_id(row)
        if case_id is not None:
            self.open_requested.emit(case_id)

    def case_id(self, row: int) -> int | None:
        item = self.item(row, 0)
        return None if item is None else int(item.data(CASE_ID_ROLE))

    def selected_case_id(self) -> int | None:
        rows = self.selectionModel().selectedRows()
        return self.case_id(rows[0].row()) if rows else None

    def fill(
        self,
        rules: RuleSet,
        cases: list[CaseSummary],
        deadlines: dict[int, list[Deadline]],
        now_iso: str,
    ) -> None:
        self.setUpdatesEnabled(False)
        self.setRowCount(len(cases))
        for row, case in enumerate(cases):
            states = [deadline_state(d, now_iso) for d in deadlines.get(case.id, [])]
            texts = (
                case.number,
                status_label(case.status),
                when(case.created_at),
                when(case.updated_at),
                demand_label(rules, case.demand_kind),
                "\n".join(service_label(rules, s) for s in case.services) or "aucune",
                "\n".join(s.text for s in states) or "aucune",
            )
            for column, text in enumerate(texts):
                item = QTableWidgetItem(text)
                if column == 0:
                    item.setData(CASE_ID_ROLE, case.id)
                self.setItem(row, column, item)
            if any(s.overdue for s in states):
                item = self.item(row, len(COLUMNS) - 1)
                item.setForeground(QBrush(QColor(current_colors().error)))
                font = item.font()
                font.setBold(True)
                item.setFont(font)
        if len(cases) <= FIT_ROWS_UP_TO:
            self.resizeRowsToContents()
        else:  # measuring every wrapped row costs ~0.2 ms a row: three lines each
            self.verticalHeader().setDefaultSectionSize(self.fontMetrics().lineSpacing() * 3 + 6)
        self.setUpdatesEnabled(True)

    def row_texts(self) -> list[list[str]]:
        return [
            [self.item(r, c).text() for c in range(self.columnCount())]
            for r in range(self.rowCount())
        ]


class CaseList(QWidget):
    """The two lists, a refresh and an open button."""

    open_requested = Signal(int)

    def __init__(self, store: Store, rules: RuleSet, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.rules = rules
        self.open_table = CaseTable("Dossiers ouverts")
        self.review_table = CaseTable("Dossiers à revoir")
        self.review_note = paragraph()
        review = QWidget()
        review_layout = QVBoxLayout(review)
        review_layout.addWidget(self.review_note)
        review_layout.addWidget(self.review_table, 1)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Listes de dossiers")
        self.tabs.addTab(self.open_table, "Dossiers &ouverts")
        self.tabs.addTab(review, "À &revoir")
        self.open_button = QPushButton("Ouvrir le &dossier")
        self.open_button.clicked.connect(self._open_selected)
        self.refresh_button = QPushButton("Ac&tualiser")
        self.refresh_button.clicked.connect(self.refresh)
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.refresh_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(buttons)
        for table in (self.open_table, self.review_table):
            table.open_requested.connect(self.open_requested)
        self.refresh()

    def _open_selected(self) -> None:
        table = self.open_table if self.tabs.currentIndex() == 0 else self.review_table
        case_id = table.selected_case_id()
        if case_id is not None:
            self.open_requested.emit(case_id)

    def refresh(self) -> None:
        cases = self.store.cases
        deadlines: dict[int, list[Deadline]] = defaultdict(list)
        for deadline in cases.pending_deadlines():
            deadlines[deadline.case_id].append(deadline)
        now = self.store.now()
        opened = cases.open_cases()
        days = self.store.review_days()
        to_review = cases.to_review(days)
        self.open_table.fill(self.rules, opened, deadlines, now)
        self.review_table.fill(self.rules, to_review, deadlines, now)
        self.review_note.setText(
            f"Dossiers sans activité depuis plus de {days} jours : à clore (avec purge) "
            "ou à reprendre. Rien n'est supprimé sans votre décision."
        )
        self.tabs.setTabText(0, f"Dossiers &ouverts ({len(opened)})")
        self.tabs.setTabText(1, f"À &revoir ({len(to_review)})")
