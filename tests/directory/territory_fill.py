"""Fill a territories template by script, as an administrator would in a spreadsheet.

FICTIONAL CDAS: one per EPCI, named « CDAS FICTIF <EPCI> », with fictional contacts
(phones in the ARCEP fiction range 01 99 00 xx xx, e-mails @exemple.invalid); Rennes is
split between two of them, each with its sector. The split is invented: shape only.
"""

from __future__ import annotations

import csv
import io

FICTION_SOURCE = "EXEMPLE FICTIF – ne pas utiliser pour orienter"
RENNES = "35238"


def fill(template: str, delimiter: str = ";") -> str:
    rows = list(csv.DictReader(io.StringIO(template.lstrip("\ufeff")), delimiter=";"))
    header = list(rows[0].keys())
    epcis = sorted({r["epci"] for r in rows})
    cdas_rows = []
    for n, epci in enumerate(epcis, start=1):
        cdas_rows.append(
            {
                "type": "cdas",
                "cdas": f"CDAS FICTIF {epci}",
                "adresse": f"{n} rue de l'Exemple, 35000 Ville-Exemple",
                "telephones": f"01 99 00 {n:02d} 00 (accueil, numéro fictif)",
                "courriels": f"cdas-fictif-{n:02d}@exemple.invalid",
                "horaires": "Lundi au vendredi 9h–12h (fictif)",
                "source": FICTION_SOURCE,
                "date_source": "2026-11-01",
            }
        )
    cdas_rows.append({**cdas_rows[0], "cdas": "CDAS FICTIF Rennes Sud", "courriels": ""})
    out_rows = []
    for r in rows:
        if r["insee"] == RENNES:
            out_rows.append({**r, "cdas": f"CDAS FICTIF {r['epci']}", "secteur": "quartiers nord"})
            out_rows.append({**r, "cdas": "CDAS FICTIF Rennes Sud", "secteur": "quartiers sud"})
        else:
            out_rows.append({**r, "cdas": f"CDAS FICTIF {r['epci']}"})
    out = io.StringIO()
    writer = csv.DictWriter(out, header, delimiter=delimiter, lineterminator="\r\n")
    writer.writeheader()
    for r in [*cdas_rows, *out_rows]:
        writer.writerow({k: r.get(k, "") for k in header})
    return out.getvalue()
