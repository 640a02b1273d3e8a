"""A large FICTIONAL annuaire social file (CSV dump variant), for benchmarks.

Every structure is invented (« Structure FICTIVE n »), phones are « 00 00 00 00 00 »,
e-mails end in @exemple.invalid; communes and themes are real names so the file
exercises the import and the partner look-up as a real one would.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

from asip_desktop.directory.communes import commune_index

FIELDS = [
    "ID",
    "NOM",
    "SIGLE",
    "ADRESSE",
    "COMPLEMENT_ADRESSE",
    "CODE_POSTAL",
    "COMMUNE",
    "CODE_INSEE",
    "LONGITUDE",
    "LATITUDE",
    "TELEPHONE",
    "COURRIEL",
    "SITE_WEB",
    "HORAIRES_OUVERTURE",
    "PRESENTATION_DETAIL",
    "DATE_CREATION",
    "DATE_MAJ",
    "PROFIL",
    "THEMATIQUE",
    "LIEN_SOURCE",
]
THEMES = (
    "Centre communal d'action sociale",
    "Mairies",
    "Services administratifs de proximité - France services",
    "Mission locale",
    "Aide à la famille",
    "Colis alimentaires",
    "Epiceries sociales et solidaires",
    "Consultation juridique gratuite",
    "Soins infirmiers à domicile",
)


def write(path: Path, rows: int) -> None:
    communes = commune_index().communes
    start = dt.date(2026, 1, 1)
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(FIELDS)
        for n in range(rows):
            c = communes[(n * 7) % len(communes)]
            themes = ",".join({THEMES[n % len(THEMES)], THEMES[(n * 5) % len(THEMES)]})
            writer.writerow(
                [
                    f"FICT-{n:06d}",
                    f"Structure FICTIVE {n}",
                    "",
                    f"{n % 90 + 1} rue Imaginaire",
                    "",
                    c.postal_codes[0],
                    c.name,
                    c.insee,
                    "-1.6",
                    "48.1",
                    "00 00 00 00 00",
                    f"structure-{n}@exemple.invalid",
                    f"https://structure-{n}.invalid",
                    "Lundi au vendredi 9h-12h (fictif)",
                    "Texte de présentation FICTIF " * 10,
                    "2020-01-01",
                    (start + dt.timedelta(days=n % 300)).isoformat(),
                    "Famille",
                    themes,
                    f"https://annuaire-social.invalid/{n}",
                ]
            )
