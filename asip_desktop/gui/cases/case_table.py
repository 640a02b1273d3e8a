"""A table of cases over a model (not one widget item per cell: 2 000 cases refresh
in a few milliseconds). Double-click or Entrée opens a case.

An overdue deadline is written « en retard » and shown in red and bold (colour is
never the only signal)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetrics, QResizeEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from asip_desktop.gui.widgets.colors import current as current_colors

CASE_ID_ROLE = Qt.ItemDataRole.UserRole
ROW_LINES = 3  # every row is three lines high: no row is measured (the list stays fast)

Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Line:
    """One row as shown: the case's id, the texts of the columns, whether it is late."""

    case_id: int
    texts: tuple[str, ...]
    overdue: bool = False


class CaseModel(QAbstractTableModel):
    def __init__(self, columns: Sequence[str], late_column: int, parent: QWidget) -> None:
        super().__init__(parent)
        self.columns = tuple(columns)
        self.late_column = late_column
        self.lines: list[Line] = []
        self._late_font = QFont()
        self._late_font.setBold(True)

    def set_lines(self, lines: list[Line]) -> None:
        self.beginResetModel()
        self.lines = lines
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.lines)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        line = self.lines[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return line.texts[index.column()]
        if role == CASE_ID_ROLE:
            return line.case_id
        if line.overdue and index.column() == self.late_column:
            if role == Qt.ItemDataRole.ForegroundRole:
                # the scheme's error colour: readable in dark and high-contrast too
                return QBrush(QColor(current_colors().error))
            if role == Qt.ItemDataRole.FontRole:
                return self._late_font
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section]
        return None


class CaseTable(QTableView):
    """One row per case; ``stretch`` columns share the width, the others fit their text."""

    open_requested = Signal(int)

    def __init__(
        self,
        name: str,
        columns: Sequence[str],
        weights: Sequence[int],
        late_column: int,
        samples: dict[int, str] | None = None,
    ) -> None:
        """``weights``: one per column; 0 gives the column the width of its title or of
        its ``samples`` text (a case number, a date), the others share the rest of the
        width in proportion (no horizontal scrollbar; no row is measured)."""
        super().__init__()
        self.setAccessibleName(name)
        self.case_model = CaseModel(columns, late_column, self)
        self.setModel(self.case_model)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setWordWrap(True)
        self.setTabKeyNavigation(False)  # Tab leaves the table; the arrows move in it
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        vertical = self.verticalHeader()
        vertical.setVisible(False)
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header = self.horizontalHeader()
        header.setAccessibleName(f"Colonnes : {name}")
        header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header.setStretchLastSection(False)
        self.weights = tuple(weights)
        self.samples = dict(samples or {})
        self._fitted: dict[int, int] = {}
        self.activated.connect(lambda index: self._open_row(index.row()))
        self.doubleClicked.connect(lambda index: self._open_row(index.row()))
        self._fit_rows()

    def changeEvent(self, event: object) -> None:
        super().changeEvent(event)  # type: ignore[arg-type]
        self._fit_rows()  # the text size changed

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.share_width()

    def share_width(self) -> None:
        header = self.horizontalHeader()
        width = self.viewport().width()
        if width == getattr(self, "_shared_for", None):
            return
        self._shared_for = width
        free = max(width - sum(self._fitted.values()), 0)
        total = sum(self.weights) or 1
        for column, weight in enumerate(self.weights):
            size = self._fitted[column] if weight == 0 else free * weight // total
            header.resizeSection(column, size)

    def _fit_rows(self) -> None:
        """Row height and fitted columns from the font (the text size may change)."""
        metrics = self.fontMetrics()
        self.verticalHeader().setDefaultSectionSize(metrics.lineSpacing() * ROW_LINES + 6)
        if not hasattr(self, "weights"):
            return
        bold = QFont(self.font())
        bold.setBold(True)
        header_metrics = QFontMetrics(bold)
        self._fitted = {
            column: max(
                header_metrics.horizontalAdvance(self.case_model.columns[column]),
                metrics.horizontalAdvance(self.samples.get(column, "")),
            )
            + 24
            for column, weight in enumerate(self.weights)
            if weight == 0
        }
        self._shared_for = None
        self.share_width()

    def _open_row(self, row: int) -> None:
        case_id = self.case_id(row)
        if case_id is not None:
            self.open_requested.emit(case_id)

    def set_lines(self, lines: list[Line]) -> None:
        selected = self.selected_case_id()
        self.case_model.set_lines(lines)
        if selected is not None:
            for row, line in enumerate(lines):
                if line.case_id == selected:
                    self.selectRow(row)
                    break

    def rowCount(self) -> int:
        return self.case_model.rowCount()

    def case_id(self, row: int) -> int | None:
        lines = self.case_model.lines
        return lines[row].case_id if 0 <= row < len(lines) else None

    def selected_case_id(self) -> int | None:
        model = self.selectionModel()
        rows = model.selectedRows() if model is not None else []
        if rows:
            return self.case_id(rows[0].row())
        current = self.currentIndex()
        return self.case_id(current.row()) if current.isValid() else None

    def row_texts(self) -> list[list[str]]:
        return [list(line.texts) for line in self.case_model.lines]

    def is_overdue(self, row: int) -> bool:
        return self.case_model.lines[row].overdue

    def color_of(self, row: int, column: int) -> str:
        """The colour a cell's text is drawn in (tests, screenshots)."""
        brush = self.case_model.data(
            self.case_model.index(row, column), Qt.ItemDataRole.ForegroundRole
        )
        if isinstance(brush, QBrush):
            return brush.color().name()
        return self.palette().text().color().name()
