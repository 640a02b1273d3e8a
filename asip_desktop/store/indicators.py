"""The convention's indicators, computed from anonymous rows only.

Sources: the ``indicators`` table (one row per closed case: month, emitting
CDAS, demand kind, services, channels, forms sent) and the
``dysfunction_reports`` table. Nothing here reads a case or a person.

Output: one row per month × CDAS × indicator, the indicator list being fixed
(``INDICATORS``) so that the CSV always has the same shape.
"""

from __future__ import annotations

import csv
import functools
import io
import json
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
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


# A closed-case row counts once as a case, once for its demand kind, once per service
# and once per form sent: its "facets"; which indicator each feeds is decided here only.
FACET_CASE, FACET_DEMAND, FACET_SERVICE, FACET_FORM = "dossier", "demande", "service", "fiche"
Facet = tuple[str, str, str, str, int]  # month, CDAS, facet, value, count


@functools.lru_cache(maxsize=4096)
def _decoded(json_list: str) -> tuple[str, ...]:
    """A services or forms list: a few dozen distinct ones, decoded once each."""
    return tuple(json.loads(json_list))


def facets(closed: Iterable[Sequence[Any]]) -> Iterator[Facet]:
    """The facets of grouped closed-case rows (month, CDAS, demand kind, services, forms,
    count). A column left empty (None) was not grouped on: a base grouping the rows three
    ways at once (PostgreSQL's GROUPING SETS on demand, services and forms) gives each row
    once per way, and each way feeds only its own facets."""
    for month, cdas, demand, services_json, forms_json, n in closed:
        if demand is not None:
            yield month, cdas, FACET_CASE, "", n
            yield month, cdas, FACET_DEMAND, demand, n
        if services_json is not None:
            for service in _decoded(services_json):
                yield month, cdas, FACET_SERVICE, service, n
        if forms_json is not None:
            for form in _decoded(forms_json):
                yield month, cdas, FACET_FORM, form, n


def _facet_indicator(facet: str, value: str) -> str | None:
    if facet == FACET_CASE:
        return "dossiers_clos"
    if facet == FACET_DEMAND:
        return f"demandes_{value}"
    if facet == FACET_SERVICE:
        return f"orientations_{value}"
    return _FORM_INDICATORS.get(value)  # a form that is no indicator counts nowhere


def tally_facets(
    counted: Iterable[Sequence[Any]], dysfunctions: Iterable[Sequence[Any]]
) -> Counter[Cell]:
    """The counts per month × CDAS × indicator from facet counts and the grouped rows of
    ``dysfunctions_query``."""
    counts: Counter[Cell] = Counter()
    for month, cdas, facet, value, n in counted:
        name = _facet_indicator(facet, value)
        if name is not None:
            counts[(month, cdas, name)] += n
    for month, cdas, kind, n in dysfunctions:
        counts[(month, cdas, "dysfonctionnements")] += n
        counts[(month, cdas, f"dysfonctionnements_{kind}")] += n
    return counts


def tally(closed: Iterable[Sequence[Any]], dysfunctions: Iterable[Sequence[Any]]) -> Counter[Cell]:
    """The counts from the grouped rows of the two queries."""
    return tally_facets(facets(closed), dysfunctions)


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
