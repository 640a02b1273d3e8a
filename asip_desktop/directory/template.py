"""The CDAS territories template: one spreadsheet line per commune, filled and imported back.

``asip-desktop directory template --out FICHIER.csv`` writes the 332 communes
(INSEE code, name, postal codes, EPCI, former communes) with an empty ``cdas``
column. The administrator types the CDAS name on each commune's line (a commune
shared by several CDAS gets one line per CDAS, each with its ``secteur``), and
adds one ``cdas`` line per CDAS with its address, phones, e-mails, hours, source
and date. The file is then imported like any directory file: it replaces the
CDAS of the local directory and keeps its other entries. The format is in
``docs/directory-format.md`` § 1b.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from pathlib import Path

from asip_desktop.directory.communes import CommuneIndex
from asip_desktop.directory.local_format import ParsedFile, Problem
from asip_desktop.directory.storage import write_text
from asip_desktop.directory.territories import CdasDraft, TerritoryDraft, cdas_id_for
from asip_desktop.directory.text import fold

COLUMNS = (
    "type",
    "insee",
    "commune",
    "codes_postaux",
    "epci",
    "anciennes_communes",
    "cdas",
    "secteur",
    "adresse",
    "telephones",
    "courriels",
    "horaires",
    "source",
    "date_source",
)
REQUIRED_COLUMNS = ("type", "insee", "cdas")
ROW_COMMUNE = "commune"
ROW_CDAS = "cdas"
# Columns written for reading only: the import does not use them.
INFORMATIVE = ("commune", "codes_postaux", "epci", "anciennes_communes")
CDAS_FIELDS = ("adresse", "telephones", "courriels", "horaires", "source", "date_source")


def is_template_header(header_line: str) -> bool:
    names = {fold(n) for n in header_line.replace(",", ";").replace("\t", ";").split(";")}
    return {"type", "insee", "cdas"} <= names


def template_rows(draft: TerritoryDraft) -> list[dict[str, str]]:
    """The CDAS lines, then one line per commune and CDAS (EPCI, then name order)."""
    index = draft.index
    former: dict[str, list[str]] = {}
    for f in index.former:
        former.setdefault(f.commune_insee, []).append(f.name)
    rows: list[dict[str, str]] = []
    for c in sorted(draft.cdas.values(), key=lambda c: fold(c.name)):
        rows.append(
            {
                "type": ROW_CDAS,
                "cdas": c.name,
                "adresse": c.address,
                "telephones": c.phones,
                "courriels": c.emails,
                "horaires": c.hours,
                "source": c.source,
                "date_source": c.date,
            }
        )
    for commune in sorted(index.communes, key=lambda c: (fold(c.epci_name), fold(c.name))):
        base = {
            "type": ROW_COMMUNE,
            "insee": commune.insee,
            "commune": commune.name,
            "codes_postaux": " ".join(commune.postal_codes),
            "epci": commune.epci_name,
            "anciennes_communes": ", ".join(sorted(former.get(commune.insee, []), key=fold)),
        }
        found = draft.assignments.get(commune.insee) or []
        if not found:
            rows.append({**base, "cdas": "", "secteur": ""})
        for a in found:
            name = draft.cdas[a.cdas_id].name if a.cdas_id in draft.cdas else ""
            rows.append({**base, "cdas": name, "secteur": a.sector})
    return rows


def template_text(draft: TerritoryDraft) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, COLUMNS, delimiter=";", lineterminator="\r\n")
    writer.writeheader()
    for row in template_rows(draft):
        writer.writerow({k: row.get(k, "") for k in COLUMNS})
    return out.getvalue()


def write_template(path: Path, draft: TerritoryDraft) -> Path:
    """UTF-8 with a BOM, ``;``-separated: what spreadsheets on Windows open as is."""
    return write_text(path, "\ufeff" + template_text(draft))


def read_template(text: str, index: CommuneIndex) -> tuple[TerritoryDraft, ParsedFile]:
    """The draft read from a filled template, and its entries checked whole."""
    problems: list[Problem] = []
    draft = TerritoryDraft(index)
    text = text.lstrip("\ufeff")
    header_line = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=header_line.count)
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter, strict=True)
    header = [h.strip().lower() for h in reader.fieldnames or []]
    reader.fieldnames = header
    for key in REQUIRED_COLUMNS:
        if key not in header:
            problems.append(Problem("ligne 1", key, "colonne obligatoire absente de l'en-tête"))
    for key in header:
        if key not in COLUMNS:
            problems.append(
                Problem("ligne 1", key, "colonne inconnue (voir docs/directory-format.md § 1b)")
            )
    if problems:
        return draft, ParsedFile(problems=problems)
    commune_rows: list[tuple[str, str, str, str]] = []  # where, insee, cdas name, sector
    try:
        for row in reader:
            where = f"ligne {reader.line_num}"
            if None in row:
                problems.append(
                    Problem(where, "", "plus de valeurs que de colonnes (séparateur non protégé ?)")
                )
                continue
            values = {k: (v or "").strip() for k, v in row.items()}
            if not any(values.values()):
                continue
            kind = values.get("type", "")
            if kind == ROW_CDAS:
                _read_cdas_row(values, where, draft, problems)
            elif kind == ROW_COMMUNE:
                insee, name, sector = (values.get(k, "") for k in ("insee", "cdas", "secteur"))
                commune_rows.append((where, insee, name, sector))
            else:
                problems.append(
                    Problem(where, "type", f"« {kind[:20]} » inconnu ; attendu : commune ou cdas")
                )
    except csv.Error:
        problems.append(
            Problem(
                f"ligne {reader.line_num + 1}",
                "",
                "CSV illisible : guillemet non refermé ou caractère interdit",
            )
        )
    _read_commune_rows(commune_rows, draft, problems)
    parsed = draft.parse()  # each CDAS's fields, and the whole-file rules
    parsed.problems[:0] = problems
    return draft, parsed


def _read_cdas_row(
    values: dict[str, str], where: str, draft: TerritoryDraft, problems: list[Problem]
) -> None:
    name = values.get("cdas", "")
    if not name:
        problems.append(Problem(where, "cdas", "nom du CDAS attendu sur une ligne de type cdas"))
        return
    key = cdas_id_for(name)
    if key in draft.cdas:
        problems.append(
            Problem(where, "cdas", f"CDAS déjà décrit {draft.cdas[key].where} (même nom)")
        )
        return
    draft.cdas[key] = CdasDraft(
        id=key,
        name=name,
        address=values.get("adresse", ""),
        phones=values.get("telephones", ""),
        emails=values.get("courriels", ""),
        hours=values.get("horaires", ""),
        source=values.get("source", ""),
        date=values.get("date_source", ""),
        where=where,
    )


def _read_commune_rows(
    rows: Iterable[tuple[str, str, str, str]], draft: TerritoryDraft, problems: list[Problem]
) -> None:
    index = draft.index
    lines: dict[str, list[str]] = {}
    for where, insee, name, sector in rows:
        commune = index.get(insee)
        if commune is None:
            matches = index.by_insee(insee) if insee else []
            hint = ""
            if matches and matches[0].former is not None:
                hint = f" (ancienne commune : utiliser {matches[0].commune.insee})"
            problems.append(
                Problem(
                    where,
                    "insee",
                    f"code commune inconnu « {insee[:12]} »{hint} ; attendu : code INSEE "
                    "d'une commune d'Ille-et-Vilaine en vigueur",
                )
            )
            continue
        if not name:
            continue  # not assigned yet: reported whole-file below
        key = cdas_id_for(name)
        if key not in draft.cdas:
            problems.append(
                Problem(
                    where,
                    "cdas",
                    f"CDAS « {name[:60]} » non décrit : ajoutez une ligne de type cdas à ce nom "
                    "(adresse, téléphones, source, date)",
                )
            )
            continue
        if any(a.cdas_id == key for a in draft.assignments.get(insee, [])):
            problems.append(Problem(where, "cdas", f"commune {insee} déjà attribuée à ce CDAS"))
            continue
        draft.share(insee, key, sector)
        lines.setdefault(insee, []).append(where)
    for insee, found in draft.assignments.items():
        if len(found) < 2:
            continue
        for a, where in zip(found, lines[insee], strict=True):
            if not a.sector:
                commune = index.get(insee)
                problems.append(
                    Problem(
                        where,
                        "secteur",
                        f"la commune {insee} {commune.name if commune else ''} est couverte par "
                        f"{len(found)} CDAS : précisez le secteur de chacun",
                    )
                )
