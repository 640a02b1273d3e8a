"""The convention's indicators, computed from anonymous rows only.

Sources: the ``indicators`` table (one row per closed case: month, emitting
CDAS, demand kind, services, channels, forms sent) and the
``dysfunction_reports`` table. Nothing here reads a case or a person.

Output: one row per month × CDAS × indicator, the indicator list being fixed
(``INDICATORS``) so that the CSV always has the same shape.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, text

from asip_desktop.errors import UserError
from asip_desktop.files import write_private_atomic
from asip_desktop.store.database import reading
from asip_desktop.store.values import DYSFUNCTION_KINDS

SERVICES = (
    "offre_retraite_carsat",
    "canal_prioritaire_carsat",
    "accueil_carsat_cpam",
    "cdas_domicile",
    "service_social_cdas",
    "service_social_assurance_maladie",
    "referent_existant",
)
DEMAND_KINDS = (
    "droits_retraite",
    "droits_assurance_maladie",
    "aide_departement",
    "accompagnement_social",
)

# The fixed list, in CSV order.
INDICATORS: tuple[str, ...] = (
    "dossiers_clos",
    "signalements_canal_prioritaire",
    "fiches_detection_envoyees",
    *(f"orientations_{s}" for s in SERVICES),
    *(f"demandes_{d}" for d in DEMAND_KINDS),
    "dysfonctionnements",
    *(f"dysfonctionnements_{k}" for k in DYSFUNCTION_KINDS),
)
CSV_COLUMNS = ("mois", "cdas", "indicateur", "valeur")
_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


@dataclass(frozen=True)
class IndicatorRow:
    month: str
    cdas: str
    indicator: str
    value: int


def check_month(value: str | None, option: str) -> str | None:
    if value is None:
        return None
    if not _MONTH.match(value):
        raise UserError(f"{option} : « {value} » n'est pas un mois (AAAA-MM attendu, ex. 2026-03).")
    return value


# One pass over each anonymous table; the base groups identical rows, so Python
# only expands a few hundred distinct combinations. ``:start``/``:end`` bound the months.
_PERIOD = "month >= :start AND month <= :end"
_CLOSED_COLUMNS = "month, cdas, demand_kind, services_json, forms_sent_json"
_FORM_INDICATORS = {
    "fiche_liaison_retraite": "signalements_canal_prioritaire",
    "fiche_detection_fragilite": "fiches_detection_envoyees",
}
Cell = tuple[str, str, str]  # month, CDAS, indicator


def closed_query(*tables: str) -> str:
    """The grouped closed-case rows of one table, or of several added together (the
    Département's view adds the desks' imported rows to the team base's)."""
    union = " UNION ALL ".join(f"SELECT {_CLOSED_COLUMNS} FROM {t} WHERE {_PERIOD}" for t in tables)
    return f"SELECT {_CLOSED_COLUMNS}, count(*) FROM ({union}) AS r GROUP BY 1, 2, 3, 4, 5"


def dysfunctions_query(*tables: str) -> str:
    union = " UNION ALL ".join(f"SELECT month, cdas, kind FROM {t} WHERE {_PERIOD}" for t in tables)
    return f"SELECT month, cdas, kind, count(*) FROM ({union}) AS r GROUP BY 1, 2, 3"


def bounds(start: str | None, end: str | None) -> dict[str, str]:
    return {"start": start or "0000-00", "end": end or "9999-99"}


def tally(closed: Iterable[Sequence[Any]], dysfunctions: Iterable[Sequence[Any]]) -> Counter[Cell]:
    """The counts per month × CDAS × indicator from the grouped rows of the two queries."""
    counts: Counter[Cell] = Counter()
    for month, cdas, demand, services_json, forms_json, n in closed:
        names = ["dossiers_clos", f"demandes_{demand}"]
        names += [f"orientations_{s}" for s in json.loads(services_json)]
        names += [_FORM_INDICATORS[f] for f in json.loads(forms_json) if f in _FORM_INDICATORS]
        for name in names:
            counts[(month, cdas, name)] += n
    for month, cdas, kind, n in dysfunctions:
        counts[(month, cdas, "dysfonctionnements")] += n
        counts[(month, cdas, f"dysfonctionnements_{kind}")] += n
    return counts


def as_rows(counts: Counter[Cell], names: Sequence[str] = INDICATORS) -> list[IndicatorRow]:
    """One row per month × CDAS present × indicator of ``names`` (zeros included)."""
    cells = sorted({(m, c) for m, c, _ in counts})
    return [
        IndicatorRow(month, cdas, name, counts[(month, cdas, name)])
        for month, cdas in cells
        for name in names
    ]


def compute(engine: Engine, start: str | None = None, end: str | None = None) -> list[IndicatorRow]:
    """Indicators for the months from ``start`` to ``end`` inclusive (``AAAA-MM``)."""
    with reading(engine) as conn:
        closed = conn.execute(text(closed_query("indicators")), bounds(start, end)).all()
        dysfunctions = conn.execute(
            text(dysfunctions_query("dysfunction_reports")), bounds(start, end)
        ).all()
    return as_rows(tally(closed, dysfunctions))


TOTAL_MONTH = "total"
ALL_CDAS = "Tous les CDAS"


def totals(rows: list[IndicatorRow], names: Sequence[str] = INDICATORS) -> list[IndicatorRow]:
    """One row per indicator of ``names``: its sum over every CDAS and month of ``rows``."""
    sums: Counter[str] = Counter()
    for r in rows:
        sums[r.indicator] += r.value
    return [IndicatorRow(TOTAL_MONTH, ALL_CDAS, name, sums[name]) for name in names]


def per_cdas(rows: list[IndicatorRow]) -> dict[str, Counter[str]]:
    """The period's sum per CDAS and indicator (the Département's table, the ODS's 2nd sheet)."""
    table: dict[str, Counter[str]] = {}
    for r in rows:
        table.setdefault(r.cdas, Counter())[r.indicator] += r.value
    return dict(sorted(table.items()))


def to_csv(rows: list[IndicatorRow]) -> str:
    """CSV text: ``;`` separated (opens as columns in a French spreadsheet)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for r in rows:
        writer.writerow((r.month, r.cdas, r.indicator, r.value))
    return out.getvalue()


def write_csv(rows: list[IndicatorRow], path: Path) -> None:
    """Write the CSV (UTF-8 with a BOM, for spreadsheets), owner-only and atomically."""
    write_private_atomic(path, ("\ufeff" + to_csv(rows)).encode("utf-8"))
