"""The local directory files (CSV or JSON): reading and validating them whole.

The format is documented in ``docs/directory-format.md``. A file is accepted
only when every line is valid; otherwise every problem found is reported with
its line (or entry number) and field, and nothing is imported.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from asip_desktop import text_policy
from asip_desktop.directory.communes import CommuneIndex
from asip_desktop.directory.jsonstream import ArrayItems, JsonStreamError
from asip_desktop.directory.model import (
    KIND_LABELS,
    LOCAL_KINDS,
    SOURCE_ANNUAIRE,
    SOURCE_LOCAL,
    Contact,
    Entry,
)
from asip_desktop.directory.text import fold

FORMAT_NAME = "asip-desktop-annuaire"
FORMAT_VERSION = 1
LIST_SEPARATOR = "|"

# Column / key name -> what is expected (used in messages and in the docs).
FIELDS: dict[str, str] = {
    "identifiant": "identifiant stable de l'entrée (facultatif ; sinon type + nom)",
    "type": "type : " + ", ".join(LOCAL_KINDS),
    "nom": "nom de l'office",
    "adresse": "adresse postale sur une ligne",
    "telephones": (
        "numéros séparés par « | », chacun éventuellement suivi d'une précision entre parenthèses"
    ),
    "courriels": (
        "adresses séparées par « | », chacune éventuellement suivie d'une précision "
        "entre parenthèses"
    ),
    "site_web": "adresse du site",
    "horaires": "horaires, une plage par élément, séparées par « | »",
    "communes_couvertes": "codes INSEE des communes couvertes, séparés par « | »",
    "secteur": "précision de secteur (obligatoire si une commune est partagée entre CDAS)",
    "remarques": "remarques séparées par « | »",
    "source": "document ou personne morale d'où viennent les informations",
    "date_source": "date des informations, AAAA-MM-JJ ou JJ/MM/AAAA",
}
REQUIRED = ("type", "nom", "source", "date_source")

# 10 digits from 0, +33, or a short number (115, 3646, 39 60)
_PHONE = re.compile(r"^(0[1-9]\d{8}|(\+33|0033)[1-9]\d{8}|1\d{1,3}|3\d{3})$")
_PHONE_STRIP = re.compile(r"[\s.\-\u00a0\u202f]")
_EMAIL = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")
_LABELLED = re.compile(r"^(.*?)\s*\((.*)\)\s*$")
_INSEE = re.compile(r"^35\d{3}$")
_LINE_END = re.compile(r"\r\n|\r|\n")
# A local directory holds a few hundred entries (annexe 4): far below this.
MAX_LOCAL_BYTES = 20 * 1024 * 1024


EMPTY_FILE = (
    "aucune entrée (fichier vide ou réduit à sa ligne d'en-tête) : un import vide "
    "effacerait tout l'annuaire local, il est refusé"
)


@dataclass(frozen=True)
class Problem:
    where: str  # "ligne 4" or "entrée 3"
    field: str
    message: str

    def __str__(self) -> str:
        place = f"{self.where}, champ « {self.field} »" if self.field else self.where
        return f"{place} : {self.message}"


@dataclass
class ParsedFile:
    entries: list[Entry] = field(default_factory=list)
    annuaire: list[Entry] | None = None  # the Annuaire section of an export
    annuaire_meta: dict[str, Any] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    where: dict[str, str] = field(default_factory=dict)  # entry id -> line


def parse_date(text: str, formats: tuple[str, ...] = ("%Y-%m-%d", "%d/%m/%Y")) -> dt.date | None:
    text = text.strip()
    for fmt in formats:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def valid_phone(value: str) -> bool:
    return bool(_PHONE.match(_PHONE_STRIP.sub("", value)))


def valid_email(value: str) -> bool:
    return bool(_EMAIL.match(value.strip()))


def _as_list(value: Any) -> list[Any]:
    if value is None or value == "":
        return []
    if isinstance(value, str):
        return [v.strip() for v in value.split(LIST_SEPARATOR) if v.strip()]
    if isinstance(value, list):
        return value
    return [value]


def _printable(text: str) -> bool:
    return text_policy.problem(text, max_length=text_policy.LINE_MAX) is None


def _contact(raw: Any) -> Contact | None:
    if isinstance(raw, Mapping):
        value, label = raw.get("valeur"), raw.get("precision", "")
        if isinstance(value, str) and isinstance(label, str) and _printable(value + label):
            return Contact(value.strip(), label.strip())
        return None
    if isinstance(raw, str):
        if not _printable(raw):
            return None
        m = _LABELLED.match(raw.strip())
        if m and m.group(1):
            return Contact(m.group(1).strip(), m.group(2).strip())
        return Contact(raw.strip())
    return None


def _text(raw: Mapping[str, Any], key: str, where: str, problems: list[Problem]) -> str:
    value = raw.get(key, "")
    if value is None:
        return ""
    if not isinstance(value, str):
        problems.append(Problem(where, key, "texte attendu"))
        return ""
    return _policy(value, key, where, problems)


def _policy(value: str, key: str, where: str, problems: list[Problem]) -> str:
    """The character policy of every text field (``text_policy``), and its length limit."""
    value = text_policy.neutralise(value).strip()
    limit = text_policy.NAME_MAX if key in ("type", "nom", "identifiant") else text_policy.LINE_MAX
    found = text_policy.problem(value, max_length=limit)
    if found:
        problems.append(Problem(where, key, found))
        return ""
    return value


def _texts(raw: Mapping[str, Any], key: str, where: str, problems: list[Problem]) -> list[str]:
    out = []
    for item in _as_list(raw.get(key)):
        if not isinstance(item, str):
            problems.append(Problem(where, key, "liste de textes attendue"))
            return []
        if item.strip():
            out.append(_policy(item, key, where, problems))
    return out


def entry_from_raw(
    raw: Mapping[str, Any],
    where: str,
    problems: list[Problem],
    index: CommuneIndex,
    kinds: Iterable[str] = LOCAL_KINDS,
    origin: str = SOURCE_LOCAL,
    strict_contacts: bool = True,
) -> Entry | None:
    """One entry from a CSV row or a JSON object; problems are appended."""
    before = len(problems)
    unknown = sorted(set(raw) - set(FIELDS) - {"precision_date"})
    if unknown:
        problems.append(Problem(where, unknown[0], "champ inconnu (voir docs/directory-format.md)"))
    for key in REQUIRED:
        value = raw.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            problems.append(
                Problem(where, key, f"valeur obligatoire absente ; attendu : {FIELDS[key]}")
            )
    kinds = tuple(kinds)
    kind = _text(raw, "type", where, problems)
    if kind and kind not in kinds:
        problems.append(
            Problem(where, "type", f"« {kind} » inconnu ; attendu : {', '.join(kinds)}")
        )
    name = _text(raw, "nom", where, problems)
    date_text = _text(raw, "date_source", where, problems)
    date = parse_date(date_text) if date_text else None
    if date_text and date is None:
        problems.append(
            Problem(where, "date_source", "date attendue au format AAAA-MM-JJ ou JJ/MM/AAAA")
        )
    phones: list[Contact] = []
    emails: list[Contact] = []
    for key, check, target, expected in (
        (
            "telephones",
            valid_phone,
            phones,
            "numéro à 10 chiffres commençant par 0 (02 99 12 34 56), +33…, "
            "ou numéro court (3646, 39 60)",
        ),
        ("courriels", valid_email, emails, "adresse de la forme nom@domaine.fr"),
    ):
        for n, item in enumerate(_as_list(raw.get(key)), start=1):
            contact = _contact(item)
            if contact is None or not contact.value:
                problems.append(
                    Problem(where, key, f"élément {n} : texte ou {{valeur, precision}} attendu")
                )
            elif strict_contacts and not check(contact.value):
                problems.append(
                    Problem(where, key, f"élément {n} mal formé ; attendu : {expected}")
                )
            else:
                target.append(contact)
    communes = []
    for item in _as_list(raw.get("communes_couvertes")):
        code = str(item).strip()
        if not _INSEE.match(code) or index.get(code) is None:
            hint = ""
            matches = index.by_insee(code) if _INSEE.match(code) else []
            if matches and matches[0].former is not None:
                new = matches[0].commune
                hint = f" (ancienne commune : utiliser {new.insee}, {new.name})"
            problems.append(
                Problem(
                    where,
                    "communes_couvertes",
                    f"code commune inconnu « {code[:12]} »{hint} ; attendu : code INSEE "
                    "d'une commune d'Ille-et-Vilaine en vigueur",
                )
            )
        elif code in communes:
            problems.append(Problem(where, "communes_couvertes", f"commune {code} répétée"))
        else:
            communes.append(code)
    fields = {
        "address": _text(raw, "adresse", where, problems),
        "website": _text(raw, "site_web", where, problems),
        "sector_note": _text(raw, "secteur", where, problems),
        "source": _text(raw, "source", where, problems),
        "date_note": _text(raw, "precision_date", where, problems),
    }
    hours = _texts(raw, "horaires", where, problems)
    notes = _texts(raw, "remarques", where, problems)
    entry_id = _text(raw, "identifiant", where, problems) or f"{kind}:{fold(name)}"
    if kind == "cdas" and not communes:
        problems.append(
            Problem(where, "communes_couvertes", "un CDAS doit couvrir au moins une commune")
        )
    if len(problems) > before or date is None:
        return None
    return Entry(
        id=entry_id,
        kind=kind,
        name=name,
        date=date,
        origin=origin,
        phones=tuple(phones),
        emails=tuple(emails),
        hours=tuple(hours),
        notes=tuple(notes),
        communes=tuple(communes),
        **fields,
    )


def check_directory(parsed: ParsedFile, index: CommuneIndex) -> None:
    """Whole-file rules: unique ids, every commune covered by a CDAS, splits noted."""
    row_problems = bool(parsed.problems)
    seen: dict[str, str] = {}
    for e in parsed.entries:
        where = parsed.where.get(e.id, "")
        if e.id in seen:
            parsed.problems.append(
                Problem(
                    where,
                    "identifiant",
                    f"même identifiant que {seen[e.id]} (type + nom si absent)",
                )
            )
        seen.setdefault(e.id, where)
    cdas = [e for e in parsed.entries if e.kind == "cdas"]
    if not cdas:
        return
    covering: dict[str, list[Entry]] = {}
    for e in cdas:
        for code in e.communes:
            covering.setdefault(code, []).append(e)
    missing = [c for c in index.communes if c.insee not in covering]
    if missing and not row_problems:  # an invalid row may hold the missing communes
        listed = ", ".join(f"{c.insee} {c.name}" for c in missing[:10])
        more = f" et {len(missing) - 10} autres" if len(missing) > 10 else ""
        parsed.problems.append(
            Problem(
                "fichier",
                "communes_couvertes",
                f"{len(missing)} commune(s) couverte(s) par aucun CDAS : {listed}{more}",
            )
        )
    for code, entries in sorted(covering.items()):
        if len(entries) < 2:
            continue
        for e in entries:
            if not e.sector_note:
                commune = index.get(code)
                parsed.problems.append(
                    Problem(
                        parsed.where.get(e.id, ""),
                        "secteur",
                        f"la commune {code} {commune.name if commune else ''} est couverte par "
                        f"{len(entries)} CDAS : chacun doit préciser son secteur",
                    )
                )


def read_csv(text: str, index: CommuneIndex) -> ParsedFile:
    parsed = ParsedFile()
    # line ends as spreadsheets write them: CRLF (Windows), LF, or CR alone (old Mac)
    header_line = _LINE_END.split(text, maxsplit=1)[0]
    delimiter = max((";", ",", "\t"), key=header_line.count)
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        fieldnames = reader.fieldnames
    except csv.Error:
        parsed.problems.append(
            Problem("ligne 1", "", "CSV illisible : guillemet non refermé ou caractère interdit")
        )
        return parsed
    if fieldnames is None:
        parsed.problems.append(Problem("ligne 1", "", "fichier vide : ligne d'en-tête attendue"))
        return parsed
    header = [h.strip() for h in fieldnames]
    reader.fieldnames = header
    for key in REQUIRED:
        if key not in header:
            parsed.problems.append(
                Problem("ligne 1", key, "colonne obligatoire absente de l'en-tête")
            )
    for key in header:
        if key not in FIELDS:
            parsed.problems.append(
                Problem("ligne 1", key, "colonne inconnue (voir docs/directory-format.md)")
            )
    if parsed.problems:
        return parsed
    try:
        _read_rows(reader, parsed, index)
    except csv.Error as exc:
        where = f"ligne {reader.line_num + 1}"
        del exc  # its text is English and technical
        parsed.problems.append(
            Problem(where, "", "CSV illisible : guillemet non refermé ou caractère interdit")
        )
    return parsed


def _read_rows(reader: csv.DictReader[str], parsed: ParsedFile, index: CommuneIndex) -> None:
    for row in reader:
        where = f"ligne {reader.line_num}"
        if None in row:
            parsed.problems.append(
                Problem(
                    where,
                    "",
                    "plus de valeurs que de colonnes (séparateur dans un champ "
                    "non protégé par des guillemets ?)",
                )
            )
            continue
        raw = {k: v for k, v in row.items() if v is not None}
        if not any(v.strip() for v in raw.values()):
            continue
        entry = entry_from_raw(raw, where, parsed.problems, index)
        if entry is not None:
            parsed.where.setdefault(entry.id, where)
            parsed.entries.append(entry)


def read_json(
    text: str,
    index: CommuneIndex,
    kinds: Iterable[str] = LOCAL_KINDS,
    origin: str = SOURCE_LOCAL,
) -> ParsedFile:
    """The JSON format; item lines come from the streaming reader."""
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        return ParsedFile(
            problems=[Problem(f"ligne {exc.lineno}", "", f"JSON invalide ({exc.msg})")]
        )
    except RecursionError:
        return ParsedFile(problems=[Problem("ligne 1", "", "JSON imbriqué trop profondément")])
    except ValueError:  # an integer of more than 4 300 digits
        return ParsedFile(
            problems=[Problem("fichier", "", "nombre trop long (plus de 4 300 chiffres)")]
        )
    lines = {}
    if isinstance(doc, dict) and isinstance(doc.get("entrees"), list):
        items = ArrayItems(io.StringIO(text), frozenset({"entrees"}))
        lines = {n: line for n, (_key, _item, line) in enumerate(items)}
    return read_document(doc, index, kinds, origin, lines)


def read_document(
    doc: Any,
    index: CommuneIndex,
    kinds: Iterable[str] = LOCAL_KINDS,
    origin: str = SOURCE_LOCAL,
    lines: Mapping[int, int] | None = None,
) -> ParsedFile:
    """Entries of a decoded JSON document of the local format."""
    parsed = ParsedFile()
    if not isinstance(doc, dict) or doc.get("format") != FORMAT_NAME:
        parsed.problems.append(
            Problem("fichier", "format", f'objet JSON avec "format": "{FORMAT_NAME}" attendu')
        )
        return parsed
    if doc.get("version") != FORMAT_VERSION:
        parsed.problems.append(Problem("fichier", "version", f"version {FORMAT_VERSION} attendue"))
        return parsed
    if not isinstance(doc.get("entrees"), list):
        parsed.problems.append(Problem("fichier", "entrees", "tableau d'entrées attendu"))
        return parsed
    for n, raw in enumerate(doc["entrees"]):
        line = (lines or {}).get(n)
        where = f"entrée {n + 1}" + (f" (ligne {line})" if line else "")
        if not isinstance(raw, dict):
            parsed.problems.append(Problem(where, "", "objet JSON attendu"))
            continue
        # Offices of the Annuaire keep their numbers as published: not re-checked.
        strict = origin != SOURCE_ANNUAIRE
        entry = entry_from_raw(raw, where, parsed.problems, index, kinds, origin, strict)
        if entry is not None:
            parsed.where.setdefault(entry.id, where)
            parsed.entries.append(entry)
    section = doc.get("annuaire_administration")
    if section is not None:
        _read_annuaire_section(section, parsed, index)
    return parsed


def _read_annuaire_section(section: Any, parsed: ParsedFile, index: CommuneIndex) -> None:
    if not isinstance(section, dict) or not isinstance(section.get("entrees"), list):
        parsed.problems.append(
            Problem(
                "fichier", "annuaire_administration", "objet avec un tableau « entrees » attendu"
            )
        )
        return
    parsed.annuaire = []
    parsed.annuaire_meta = {
        k: v for k, v in section.items() if k != "entrees" and isinstance(v, str)
    }
    for n, raw in enumerate(section["entrees"]):
        where = f"annuaire_administration, entrée {n + 1}"
        if not isinstance(raw, dict):
            parsed.problems.append(Problem(where, "", "objet JSON attendu"))
            continue
        # Offices of the Annuaire keep their numbers as published: not re-checked.
        entry = entry_from_raw(
            raw, where, parsed.problems, index, KIND_LABELS, SOURCE_ANNUAIRE, strict_contacts=False
        )
        if entry is not None:
            parsed.annuaire.append(entry)


def read_local_file(path: Path, index: CommuneIndex) -> ParsedFile:
    is_json = path.suffix.lower() == ".json"
    size = path.stat().st_size
    if size > MAX_LOCAL_BYTES:
        return ParsedFile(
            problems=[
                Problem(
                    "fichier",
                    "",
                    f"trop grand pour un annuaire local ({size // (1024 * 1024)} Mo ; "
                    f"{MAX_LOCAL_BYTES // (1024 * 1024)} Mo au plus)",
                )
            ]
        )
    with path.open("rb") as f:
        data = f.read(MAX_LOCAL_BYTES + 1)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        if is_json:
            return ParsedFile(problems=[Problem("fichier", "", "encodage UTF-8 attendu")])
        # A CSV saved by a spreadsheet in its Windows default encoding.
        text = data.decode("cp1252", errors="replace")
    parsed = read_json(text, index) if is_json else read_csv(text, index)
    check_directory(parsed, index)
    if not parsed.problems and not parsed.entries and parsed.annuaire is None:
        parsed.problems.append(Problem("fichier", "", EMPTY_FILE))
    return parsed


def document(
    entries: Iterable[Entry],
    annuaire: Iterable[Entry] | None,
    meta: Mapping[str, str],
    exported: dt.datetime,
) -> dict[str, Any]:
    """The one-file export (re-importable)."""
    doc: dict[str, Any] = {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "exporte_le": exported.isoformat(timespec="seconds"),
        "entrees": [e.to_dict() for e in entries],
    }
    if annuaire is not None:
        doc["annuaire_administration"] = {**meta, "entrees": [e.to_dict() for e in annuaire]}
    return doc


__all__ = ["FIELDS", "JsonStreamError", "ParsedFile", "Problem", "document", "read_local_file"]
