"""Import of the Département's « Annuaire social d'Ille-et-Vilaine » (open data).

Two variants with the same field names (``shared/data/annuaire-format.md`` § 6b):

- the CSV dump of the datastore (``,`` or ``;`` separated, UTF-8 with or without a
  BOM), and its 2023 predecessor (``HORAIRES_OUVERTURES``, ``PROFILS``,
  ``THEMATIQUES``);
- the ArcGIS FeatureServer JSON (``{"features": [{"attributes": {…}}]}``, dates
  as epoch milliseconds or text).

The file is streamed (one line or one feature in memory at a time) and checked
whole: one error rejects it, every error is reported with its line and field,
nothing is half-imported. ``THEMATIQUE`` is a comma-separated list of themes,
mapped to the counter's needs by ``resources/directory/besoins-partenaires.yaml``.
Only public contact fields are read; ``PRESENTATION_DETAIL`` (free text that may
name people) is not.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from asip_desktop.directory.communes import CommuneIndex
from asip_desktop.directory.jsonstream import ArrayItems, JsonStreamError
from asip_desktop.directory.local_format import Problem
from asip_desktop.directory.model import SOURCE_SOCIAL, Contact, Entry, SocialEntry

FORMAT_NAME = "asip-desktop-annuaire-social"
SOURCE_NAME = "Annuaire social d'Ille-et-Vilaine (Département, données ouvertes)"
DEFAULT_KIND = "partenaire_social"
MAX_PROBLEMS = 200  # beyond, the file is plainly not this format: stop reading

# Field -> the other spellings seen in the format's history.
ALIASES: dict[str, tuple[str, ...]] = {
    "HORAIRES_OUVERTURE": ("HORAIRES_OUVERTURES",),
    "PROFIL": ("PROFILS",),
    "THEMATIQUE": ("THEMATIQUES",),
}
REQUIRED = ("ID", "NOM", "CODE_INSEE", "DATE_MAJ", "THEMATIQUE")
EXPECTED = {
    "ID": "identifiant de la structure",
    "NOM": "nom de la structure",
    "CODE_INSEE": "code INSEE à 5 chiffres d'une commune d'Ille-et-Vilaine en vigueur",
    "DATE_MAJ": "date de mise à jour AAAA-MM-JJ, JJ/MM/AAAA ou JJ-MM-AAAA",
    "THEMATIQUE": "liste de thématiques séparées par des virgules",
}
_INSEE = re.compile(r"^\d{5}$")
_DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y")
_KNOWN = frozenset(
    {
        *REQUIRED,
        *(a for names in ALIASES.values() for a in names),
        "SIGLE",
        "ADRESSE",
        "CODE_POSTAL",
        "COMMUNE",
        "TELEPHONE",
        "COURRIEL",
        "SITE_WEB",
        "DATE_CREATION",
        "LIEN_SOURCE",
    }
)

Progress = Callable[[int, int, int], None]  # rows read, bytes read, bytes in all


@dataclass
class SocialImport:
    entries: list[Entry] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    records: int = 0
    variant: str = ""  # "csv" or "arcgis"


# --- detection -----------------------------------------------------------------


def _head(path: Path) -> str:
    with path.open("rb") as f:
        data = f.read(65536)
    # « Texte Unicode » of a spreadsheet is UTF-16: recognised here, refused on import
    encoding = "utf-16" if data[:2] in (b"\xff\xfe", b"\xfe\xff") else "utf-8"
    return data.decode(encoding, "replace").lstrip("\ufeff \t\r\n")


def is_annuaire_social_file(path: Path) -> bool:
    """A CSV whose header, or a JSON with ArcGIS features, has the annuaire social's fields.

    Four known field names are enough, so that a file missing a required column is
    still recognised, and refused with that column named.
    """
    name = path.name.lower()
    if not name.endswith((".csv", ".json")):
        return False
    head = _head(path)
    if name.endswith(".csv"):
        first = re.split(r"[;,\t]", head.split("\n", 1)[0])
        return len(_KNOWN & {f.strip().strip('"') for f in first}) >= 4
    if '"attributes"' not in head:
        return False
    return sum(1 for f in _KNOWN if f'"{f}"' in head) >= 4


# --- one record ------------------------------------------------------------------


def _value(raw: Mapping[str, Any], key: str) -> Any:
    if key in raw:
        return raw[key]
    for alias in ALIASES.get(key, ()):
        if alias in raw:
            return raw[alias]
    return None


def _text(raw: Mapping[str, Any], key: str) -> str:
    value = _value(raw, key)
    if value is None:
        return ""
    return str(value).strip()


def parse_social_date(value: Any) -> dt.date | None:
    """Text dates of the CSV variants, or ArcGIS epoch milliseconds."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        try:
            return dt.datetime.fromtimestamp(value / 1000, dt.UTC).date()
        except (OverflowError, OSError, ValueError):
            return None
    if not isinstance(value, str):
        return None
    text = value.strip()[:10]
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def split_themes(value: str) -> tuple[str, ...]:
    return tuple(t.strip() for t in value.split(",") if t.strip())


def _contacts(text: str, separators: str) -> tuple[Contact, ...]:
    """As published (the annuaire's numbers are not re-checked), one per item."""
    return tuple(Contact(v.strip()) for v in re.split(separators, text) if v.strip())


def entry_from_social(
    raw: Mapping[str, Any],
    where: str,
    problems: list[Problem],
    index: CommuneIndex,
    kind_of: Callable[[tuple[str, ...]], str],
    today: dt.date,
) -> Entry | None:
    before = len(problems)
    for key in ("ID", "NOM"):
        if not _text(raw, key):
            problems.append(Problem(where, key, f"valeur absente ; attendu : {EXPECTED[key]}"))
    insee = _text(raw, "CODE_INSEE")
    if not _INSEE.match(insee) or index.get(insee) is None:
        hint = ""
        matches = index.by_insee(insee) if _INSEE.match(insee) else []
        if matches and matches[0].former is not None:
            hint = f" (ancienne commune : code en vigueur {matches[0].commune.insee})"
        problems.append(
            Problem(
                where,
                "CODE_INSEE",
                f"« {insee[:12]} » refusé{hint} ; attendu : {EXPECTED['CODE_INSEE']}",
            )
        )
    raw_date = _value(raw, "DATE_MAJ")
    date = parse_social_date(raw_date)
    if date is None:
        problems.append(
            Problem(
                where,
                "DATE_MAJ",
                f"« {str(raw_date)[:20]} » illisible ; attendu : {EXPECTED['DATE_MAJ']}",
            )
        )
    elif date > today + dt.timedelta(days=1):
        problems.append(
            Problem(where, "DATE_MAJ", f"date {date:%d/%m/%Y} postérieure à aujourd'hui")
        )
    themes_value = _value(raw, "THEMATIQUE")
    if themes_value is not None and not isinstance(themes_value, str):
        problems.append(Problem(where, "THEMATIQUE", f"texte attendu : {EXPECTED['THEMATIQUE']}"))
    if len(problems) > before or date is None:
        return None
    themes = split_themes(_text(raw, "THEMATIQUE"))
    name, sigle = _text(raw, "NOM"), _text(raw, "SIGLE")
    if sigle and sigle.casefold() not in name.casefold():
        name = f"{name} ({sigle})"
    street = ", ".join(p for p in (_text(raw, "ADRESSE"), _text(raw, "COMPLEMENT_ADRESSE")) if p)
    town = " ".join(p for p in (_text(raw, "CODE_POSTAL"), _text(raw, "COMMUNE")) if p)
    notes = []
    if profiles := _text(raw, "PROFIL"):
        notes.append(f"Public : {profiles}")
    if link := _text(raw, "LIEN_SOURCE"):
        notes.append(f"Fiche de l'annuaire social : {link}")
    hours = tuple(h.strip() for h in _text(raw, "HORAIRES_OUVERTURE").splitlines() if h.strip())
    return SocialEntry(
        id=f"annuaire-social:{_text(raw, 'ID')}",
        kind=kind_of(themes),
        name=name,
        source=SOURCE_NAME,
        date=date,
        origin=SOURCE_SOCIAL,
        address=", ".join(p for p in (street, town) if p),
        phones=_contacts(_text(raw, "TELEPHONE"), r"[|/;]"),
        emails=_contacts(_text(raw, "COURRIEL"), r"[|;,\s]+"),
        website=_text(raw, "SITE_WEB"),
        hours=hours,
        communes=(insee,),
        notes=tuple(notes),
        themes=themes,
    )


# --- reading the two variants ------------------------------------------------------


def _csv_records(text: IO[str], result: SocialImport) -> Iterator[tuple[dict[str, str], str]]:
    first = text.readline()
    if not first.strip():
        result.problems.append(Problem("ligne 1", "", "fichier vide : ligne d'en-tête attendue"))
        return
    delimiter = ";" if first.count(";") > first.count(",") else ","
    header = [h.strip().upper() for h in next(csv.reader([first], delimiter=delimiter))]
    names = set(header)
    for key in REQUIRED:
        if key not in names and not any(a in names for a in ALIASES.get(key, ())):
            result.problems.append(
                Problem(
                    "ligne 1",
                    key,
                    f"colonne obligatoire absente de l'en-tête (séparateur « {delimiter} »)",
                )
            )
    if result.problems:
        return
    reader = csv.reader(text, delimiter=delimiter, strict=True)
    try:
        for row in reader:
            line = reader.line_num + 1
            if not any(v.strip() for v in row):
                continue
            if len(row) != len(header):
                result.problems.append(
                    Problem(
                        f"ligne {line}",
                        "",
                        f"{len(row)} valeur(s) pour {len(header)} colonnes : séparateur attendu "
                        f"« {delimiter} » (celui de l'en-tête), valeurs contenant ce séparateur "
                        "entre guillemets",
                    )
                )
                continue
            yield dict(zip(header, row, strict=True)), f"ligne {line}"
    except csv.Error:
        result.problems.append(
            Problem(f"ligne {reader.line_num + 1}", "", "CSV illisible : guillemet non refermé")
        )


def _arcgis_records(text: IO[str], result: SocialImport) -> Iterator[tuple[dict[str, Any], str]]:
    try:
        for n, (_key, item, line) in enumerate(ArrayItems(text, frozenset({"features"})), start=1):
            where = f"entité {n} (ligne {line})"
            attributes = item.get("attributes") if isinstance(item, dict) else None
            if not isinstance(attributes, dict):
                result.problems.append(Problem(where, "attributes", "objet « attributes » attendu"))
                continue
            yield attributes, where
    except JsonStreamError as exc:
        result.problems.append(Problem(f"ligne {exc.line}", "", "JSON illisible"))


def import_annuaire_social(
    path: Path,
    index: CommuneIndex,
    kind_of: Callable[[tuple[str, ...]], str],
    progress: Progress | None = None,
    today: dt.date | None = None,
) -> SocialImport:
    """Stream and check ``path`` whole; ``problems`` is empty when it can be imported."""
    today = today or dt.date.today()
    result = SocialImport(variant="csv" if path.suffix.lower() == ".csv" else "arcgis")
    seen: dict[str, str] = {}
    total = path.stat().st_size
    try:
        with path.open("rb") as data, io.TextIOWrapper(data, "utf-8-sig", newline="") as text:
            read = _csv_records if result.variant == "csv" else _arcgis_records
            records = read(text, result)
            for raw, where in records:
                result.records += 1
                key = _text(raw, "ID")
                if key and key in seen:
                    result.problems.append(
                        Problem(where, "ID", f"identifiant déjà utilisé {seen[key]}")
                    )
                seen.setdefault(key, where)
                entry = entry_from_social(raw, where, result.problems, index, kind_of, today)
                if entry is not None:
                    result.entries.append(entry)
                if len(result.problems) >= MAX_PROBLEMS:
                    stop = Problem("fichier", "", "trop d'erreurs : lecture arrêtée")
                    result.problems.append(stop)
                    break
                if progress is not None and result.records % 2000 == 0:
                    progress(result.records, data.tell(), total)
    except UnicodeDecodeError:
        result.problems.append(Problem("fichier", "", "encodage UTF-8 attendu"))
    if result.variant == "arcgis" and not result.records and not result.problems:
        result.problems.append(
            Problem("fichier", "features", "tableau « features » d'entités ArcGIS attendu")
        )
    if result.problems:
        result.entries = []  # nothing half-imported
    return result


# --- the stored copy ---------------------------------------------------------------


def stored_document(entries: list[Entry], meta: Mapping[str, str]) -> dict[str, Any]:
    return {
        "format": FORMAT_NAME,
        "version": 1,
        **meta,
        "entrees": [{**e.to_dict(), "thematiques": list(_themes(e))} for e in entries],
    }


def entries_from_stored(doc: Any) -> tuple[list[Entry], dict[str, str]]:
    """Read back what :func:`stored_document` wrote; a damaged file gives ValueError."""
    if not isinstance(doc, dict) or doc.get("format") != FORMAT_NAME:
        raise ValueError("not an annuaire social store")
    entries: list[Entry] = []
    for raw in doc.get("entrees", []):
        phones = tuple(_stored_contact(c) for c in raw.get("telephones", []))
        emails = tuple(_stored_contact(c) for c in raw.get("courriels", []))
        entries.append(
            SocialEntry(
                id=str(raw["identifiant"]),
                kind=str(raw["type"]),
                name=str(raw["nom"]),
                source=str(raw["source"]),
                date=dt.date.fromisoformat(raw["date_source"]),
                origin=SOURCE_SOCIAL,
                address=str(raw.get("adresse", "")),
                phones=phones,
                emails=emails,
                website=str(raw.get("site_web", "")),
                hours=tuple(raw.get("horaires", [])),
                communes=tuple(raw.get("communes_couvertes", [])),
                notes=tuple(raw.get("remarques", [])),
                themes=tuple(raw.get("thematiques", [])),
            )
        )
    meta = {k: v for k, v in doc.items() if isinstance(v, str) and k != "format"}
    return entries, meta


def _themes(entry: Entry) -> tuple[str, ...]:
    return entry.themes if isinstance(entry, SocialEntry) else ()


def _stored_contact(raw: Any) -> Contact:
    if isinstance(raw, dict):
        return Contact(str(raw.get("valeur", "")), str(raw.get("precision", "")))
    return Contact(str(raw))


__all__ = ["SocialImport", "import_annuaire_social", "is_annuaire_social_file"]
