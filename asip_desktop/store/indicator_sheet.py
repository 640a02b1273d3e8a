"""The indicators as an OpenDocument spreadsheet (ODS, through odfpy), for the yearly
review: sheet « Indicateurs » (the CSV's rows: mois, cdas, indicateur, valeur, then one
total row per indicator) and sheet « Par CDAS » (the period's sum, one row per CDAS, one
column per indicator, a total row). Figures are numeric cells, so they add up in the
spreadsheet."""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

from odf.opendocument import OpenDocumentSpreadsheet
from odf.table import Table, TableCell, TableRow
from odf.text import P

from asip_desktop.files import write_private_atomic
from asip_desktop.store.indicators import (
    ALL_CDAS,
    CSV_COLUMNS,
    INDICATORS,
    IndicatorRow,
    per_cdas,
    totals,
)

SHEET_ROWS = "Indicateurs"
SHEET_CDAS = "Par CDAS"


def _cell(value: str | int) -> TableCell:
    if isinstance(value, int):
        cell = TableCell(valuetype="float", value=value)
    else:
        cell = TableCell(valuetype="string")
    cell.addElement(P(text=str(value)))
    return cell


def _row(values: Sequence[str | int]) -> TableRow:
    row = TableRow()
    for value in values:
        row.addElement(_cell(value))
    return row


def to_ods(rows: list[IndicatorRow], names: Sequence[str] = INDICATORS) -> bytes:
    doc = OpenDocumentSpreadsheet()
    sheet = Table(name=SHEET_ROWS)
    sheet.addElement(_row(CSV_COLUMNS))
    for r in [*rows, *totals(rows, names)]:
        sheet.addElement(_row((r.month, r.cdas, r.indicator, r.value)))
    doc.spreadsheet.addElement(sheet)
    table = Table(name=SHEET_CDAS)
    table.addElement(_row(("cdas", *names)))
    sums = per_cdas(rows)
    for cdas, counts in sums.items():
        table.addElement(_row((cdas, *(counts[n] for n in names))))
    table.addElement(_row((ALL_CDAS, *(sum(c[n] for c in sums.values()) for n in names))))
    doc.spreadsheet.addElement(table)
    out = io.BytesIO()
    doc.write(out)
    return out.getvalue()


def write_ods(rows: list[IndicatorRow], path: Path, names: Sequence[str] = INDICATORS) -> None:
    """Write the spreadsheet owner-only and atomically."""
    write_private_atomic(path, to_ods(rows, names))
