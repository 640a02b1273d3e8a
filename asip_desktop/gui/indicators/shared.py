"""What the two indicator views (this desk, all CDAS) have in common: the period's month
fields and their check, a read-only table, its texts (tests), the save dialog's path."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHeaderView,
    QLineEdit,
    QTableWidget,
    QWidget,
)

from asip_desktop.errors import UserError


def month_fields() -> tuple[QLineEdit, QLineEdit]:
    start, end = QLineEdit(), QLineEdit()
    start.setPlaceholderText("AAAA-MM (vide : depuis le début)")
    end.setPlaceholderText("AAAA-MM (vide : jusqu'à aujourd'hui)")
    return start, end


def choice_box(items: list[tuple[str, str]]) -> QComboBox:
    """A list of long titles: the list opens wide, the closed box stays narrow."""
    box = QComboBox()
    for title, key in items:
        box.addItem(title, key)
    box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    box.setMinimumContentsLength(24)
    return box


def checked_period(start_edit: QLineEdit, end_edit: QLineEdit) -> tuple[str | None, str | None]:
    """The months typed, checked (UserError naming the field)."""
    from asip_desktop.store.indicators import check_month

    start = check_month(start_edit.text().strip() or None, "Du mois")
    end = check_month(end_edit.text().strip() or None, "Au mois")
    if start and end and start > end:
        raise UserError(f"Période : le mois de début ({start}) est après le mois de fin ({end}).")
    return start, end


def read_only_table(titles: list[str], name: str, header_name: str) -> QTableWidget:
    table = QTableWidget(0, len(titles))
    table.setAccessibleName(name)
    table.setHorizontalHeaderLabels(titles)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().setVisible(False)
    header = table.horizontalHeader()
    header.setAccessibleName(header_name)
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    return table


def table_texts(table: QTableWidget) -> list[list[str]]:
    return [
        [table.item(r, c).text() for c in range(table.columnCount())]
        for r in range(table.rowCount())
    ]


def save_path(parent: QWidget, title: str, name: str, filters: str, suffix: str) -> Path | None:
    """Ask where to save (``name`` suggested in the home folder); the suffix added."""
    chosen, _ = QFileDialog.getSaveFileName(parent, title, str(Path.home() / name), filters)
    if not chosen:
        return None
    return Path(chosen if chosen.lower().endswith(suffix) else f"{chosen}{suffix}")
