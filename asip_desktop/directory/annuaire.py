"""Import of the official *Annuaire de l'administration* export (Service-Public).

Accepts (see ``/work/shared/data/annuaire-format.md``):

- the national file ``{"service": [ … ]}`` (JSON v4, since 2022), alone or inside
  the ``.tar.bz2`` archive (member ``…data.gouv_local.json``);
- the API export, a bare array ``[ … ]`` whose nested fields may be JSON text
  (``"adresse": "[{…}]"``) rather than arrays;
- etalab's older "v1" conversion (``{"features": [{"properties": …}]}``).

The file is streamed (one record in memory at a time). Only offices of
Ille-et-Vilaine whose type is in :data:`TYPE_TO_KIND` are kept, and only the
fields the app shows: fields that name people (``affectation_personne``…) are
never read.
"""

from __future__ import annotations

import bz2
import datetime as dt
import gzip
import io
import json
import lzma
import os
import tarfile
import zlib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, cast

from asip_desktop.directory.jsonstream import ArrayItems, JsonStreamError
from asip_desktop.directory.local_format import parse_date
from asip_desktop.directory.model import SOURCE_ANNUAIRE, Contact, Entry

DEPARTEMENT = "35"
SOURCE_NAME = "Annuaire de l'administration (Service-Public, DILA)"

# type_service_local (or pivotLocal) -> kind of entry
TYPE_TO_KIND: dict[str, str] = {
    "cpam": "cpam",
    "carsat": "carsat",
    "caf": "caf",
    "msa": "msa",
    "msap": "france_services",
    "france_services": "france_services",
    "pmi": "pmi",
    "maison_handicapees": "mdph",
    "ccas": "ccas",
    "clic": "clic",
    "accompagnement_personnes_agees": "aidants",
    "cicas": "cicas",
    "cg": "departement",
    "pcb": "point_conseil_budget",
    "mission_locale": "mission_locale",
    "cdas": "cdas",
}
ARRAY_KEYS = frozenset({"service", "features"})
DAYS = ("Lundi", "Mardi", "Mercredi", "Jeudi", "Vendredi", "Samedi", "Dimanche")

Progress = Callable[["ImportProgress"], None]

# Bounds against decompression bombs and runaway files (the national export holds
# about a hundred thousand services of a few KB each, a ~20x bz2 ratio).
MAX_RECORDS = 1_000_000
MAX_RECORD_CHARS = 4 << 20
MAX_EXPANDED_BYTES = 4 << 30
MAX_RATIO = 200  # expanded / compressed, beyond a first MIN_RATIO_BYTES
MIN_RATIO_BYTES = 64 << 20


@dataclass
class ImportProgress:
    bytes_read: int = 0
    bytes_total: int = 0
    records: int = 0
    kept: int = 0

    @property
    def fraction(self) -> float:
        return min(1.0, self.bytes_read / self.bytes_total) if self.bytes_total else 0.0


@dataclass
class AnnuaireImport:
    entries: list[Entry] = field(default_factory=list)
    records: int = 0
    skipped_types: dict[str, int] = field(default_factory=dict)
    member: str = ""


class AnnuaireFormatError(ValueError):
    pass


class _CountingReader(io.RawIOBase):
    """A plain readable stream over ``raw`` that counts the bytes read.

    Also makes a tar member (whose stream-mode file object cannot tell whether
    it is seekable) usable by ``io.TextIOWrapper``.
    """

    def __init__(self, raw: IO[bytes], progress: ImportProgress, limit: int | None = None) -> None:
        self._raw = raw
        self._progress = progress
        self._limit = limit

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self._raw.read(len(buffer))
        n = len(data)
        buffer[:n] = data
        self._progress.bytes_read += n
        if self._limit is not None and self._progress.bytes_read > self._limit:
            raise AnnuaireFormatError(
                "archive anormale : elle se décompresse en bien plus que la taille d'un export "
                f"de l'Annuaire ({self._limit // (1 << 20)} Mo au plus pour ce fichier), "
                "lecture arrêtée"
            )
        return n


# --- normalising one record -------------------------------------------------------


def _decoded(value: Any) -> Any:
    """The API export keeps nested fields as JSON text: decode them."""
    if isinstance(value, str) and value[:1] in ("[", "{"):
        try:
            return json.loads(value)
        except (json.JSONDecodeError, RecursionError):
            return value
    return value


def _list(value: Any) -> list[Any]:
    value = _decoded(value)
    if value is None or value == "":
        return []
    return value if isinstance(value, list) else [value]


def _str(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _types(record: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(type code, INSEE code) pairs of the record."""
    pairs = []
    for pivot in _list(record.get("pivot")):
        if isinstance(pivot, Mapping):
            codes = pivot.get("code_insee_commune")
            code = codes[0] if isinstance(codes, list) and codes else codes
            pairs.append((_str(pivot.get("type_service_local")), _str(code)))
    if not pairs and record.get("pivotLocal"):
        pairs.append((_str(record.get("pivotLocal")), _str(record.get("codeInsee"))))
    return pairs


def _address_v4(record: Mapping[str, Any]) -> tuple[str, str]:
    """(one-line address, postal code), the physical address first."""
    addresses = [a for a in _list(record.get("adresse")) if isinstance(a, Mapping)]
    addresses.sort(key=lambda a: _str(a.get("type_adresse")) != "Adresse")
    for a in addresses:
        parts = [
            _str(a.get(k))
            for k in ("complement1", "complement2", "numero_voie", "service_distribution")
        ]
        town = " ".join(p for p in (_str(a.get("code_postal")), _str(a.get("nom_commune"))) if p)
        line = ", ".join(p for p in [*parts, town] if p)
        if line:
            return line, _str(a.get("code_postal"))
    return "", ""


def _address_v1(props: Mapping[str, Any]) -> tuple[str, str]:
    addresses = [a for a in _list(props.get("Adresse")) if isinstance(a, Mapping)]
    addresses.sort(key=lambda a: _str(a.get("type")) not in ("physique", "géopostale"))
    for a in addresses:
        lines = [_str(x) for x in _list(a.get("Ligne"))]
        town = " ".join(p for p in (_str(a.get("CodePostal")), _str(a.get("NomCommune"))) if p)
        line = ", ".join(p for p in [*lines, town] if p)
        if line:
            return line, _str(a.get("CodePostal"))
    return "", ""


def _time(value: str) -> str:
    hh, _, rest = value.partition(":")
    mm = rest[:2]
    return f"{int(hh)}h{mm if mm != '00' else ''}" if hh.isdigit() else value


def _day_range(first: str, last: str) -> str:
    first, last = first.capitalize(), last.capitalize()
    return first if first == last or not last else f"Du {first.lower()} au {last.lower()}"


def _hours_v4(record: Mapping[str, Any]) -> list[str]:
    out = []
    for p in _list(record.get("plage_ouverture")):
        if not isinstance(p, Mapping):
            continue
        slots = []
        for n in ("1", "2", "3"):
            start, end = (
                _str(p.get(f"valeur_heure_debut_{n}")),
                _str(p.get(f"valeur_heure_fin_{n}")),
            )
            if start and end:
                slots.append(f"{_time(start)}–{_time(end)}")
        days = _day_range(_str(p.get("nom_jour_debut")), _str(p.get("nom_jour_fin")))
        line = f"{days} : {', '.join(slots)}" if slots else days
        if _str(p.get("commentaire")):
            line += f" ({_str(p.get('commentaire'))})"
        if line.strip():
            out.append(line)
    if _str(record.get("commentaire_plage_ouverture")):
        out.append(_str(record.get("commentaire_plage_ouverture")))
    return out


def _hours_v1(props: Mapping[str, Any]) -> list[str]:
    out: list[str] = []
    opening = props.get("Ouverture")
    if not isinstance(opening, Mapping):
        return out
    for p in _list(opening.get("PlageJ")):
        if not isinstance(p, Mapping):
            continue
        slots = [
            f"{_time(_str(h.get('début')))}–{_time(_str(h.get('fin')))}"
            for h in _list(p.get("PlageH"))
            if isinstance(h, Mapping) and _str(h.get("début")) and _str(h.get("fin"))
        ]
        days = _day_range(_str(p.get("début")), _str(p.get("fin")))
        out.append(f"{days} : {', '.join(slots)}" if slots else days)
    return out


def _phones(values: list[Any]) -> tuple[Contact, ...]:
    out = []
    for v in values:
        if isinstance(v, Mapping):
            number = _str(v.get("valeur")) or _str(v.get("$t"))
            label = _str(v.get("description"))
        else:
            number, label = _str(v), ""
        if number:
            out.append(Contact(number, label))
    return tuple(out)


def _date(value: str) -> dt.date | None:
    return parse_date(value, ("%d/%m/%Y %H:%M:%S", "%d/%m/%Y", "%Y-%m-%d"))


def entry_from_record(
    record: Mapping[str, Any], fallback_date: dt.date
) -> tuple[Entry | None, str]:
    """The entry for a record of département 35 of a kept type, else (None, type)."""
    if isinstance(record.get("properties"), Mapping):  # etalab v1 Feature
        record = record["properties"]
    pairs = _types(record)
    kind = next((TYPE_TO_KIND[t] for t, _ in pairs if t in TYPE_TO_KIND), None)
    type_code = pairs[0][0] if pairs else ""
    if kind is None:
        return None, type_code or "?"
    v1 = "pivotLocal" in record
    address, postal = _address_v1(record) if v1 else _address_v4(record)
    insee = _str(record.get("codeInsee" if v1 else "code_insee_commune")) or next(
        (code for _, code in pairs if code), ""
    )
    place = insee or postal
    if not place.startswith(DEPARTEMENT):
        return None, ""
    if v1:
        digital = record.get("CoordonnéesNum")
        digital = digital if isinstance(digital, Mapping) else {}
        phones = _phones(_list(digital.get("Téléphone")))
        emails = tuple(Contact(_str(e)) for e in _list(digital.get("Email")) if _str(e))
        website = next((_str(u) for u in _list(digital.get("Url")) if _str(u)), "")
        hours = _hours_v1(record)
        name = _str(record.get("Nom"))
        date = _date(_str(record.get("dateMiseAJour")))
        ident = _str(record.get("id"))
    else:
        phones = _phones(_list(record.get("telephone")))
        emails = tuple(Contact(_str(e)) for e in _list(record.get("adresse_courriel")) if _str(e))
        website = next(
            (
                _str(s.get("valeur")) if isinstance(s, Mapping) else _str(s)
                for s in _list(record.get("site_internet"))
                if (_str(s.get("valeur")) if isinstance(s, Mapping) else _str(s))
            ),
            "",
        )
        hours = _hours_v4(record)
        name = _str(record.get("nom"))
        date = _date(_str(record.get("date_modification")))
        ident = _str(record.get("id")) or _str(record.get("ancien_code_pivot"))
    if not name:
        return None, type_code
    entry = Entry(
        id=f"annuaire:{ident or kind + ':' + name}",
        kind=kind,
        name=name,
        source=SOURCE_NAME,
        date=date or fallback_date,
        date_note="" if date else "date de mise à jour absente : date du fichier",
        origin=SOURCE_ANNUAIRE,
        address=address,
        phones=phones,
        emails=emails,
        website=website,
        hours=tuple(hours),
    )
    return entry, type_code


# --- reading the file -------------------------------------------------------------


def _records(text: IO[str]) -> Iterator[tuple[Any, int]]:
    for _key, item, line in ArrayItems(text, ARRAY_KEYS, max_item_chars=MAX_RECORD_CHARS):
        yield item, line


# The archive names the decompressor below reads (bz2, gzip, xz or plain tar).
ARCHIVE_SUFFIXES = (".tar.bz2", ".tbz2", ".tar", ".tar.gz", ".tgz", ".tar.xz", ".txz")


def is_annuaire_file(path: Path) -> bool:
    """A tar archive, or a JSON file whose head shows the Annuaire's shapes."""
    name = path.name.lower()
    if name.endswith(ARCHIVE_SUFFIXES):
        return True
    if not name.endswith(".json"):
        return False
    with path.open("rb") as f:
        head = f.read(65536).decode("utf-8", "replace").lstrip("\ufeff \t\r\n")
    if '"asip-desktop-annuaire"' in head:  # our own format (local directory, export)
        return False
    return head.startswith("[") or any(f'"{k}"' in head for k in ARRAY_KEYS)


def _decompressed(raw: IO[bytes], counted: IO[bytes]) -> IO[bytes]:
    """The archive's tar stream: bz2, gzip, xz or plain, by its first bytes."""
    magic = raw.read(6)
    raw.seek(0)
    if magic.startswith(b"BZh"):
        return bz2.BZ2File(counted)
    if magic.startswith(b"\x1f\x8b"):
        return cast(IO[bytes], gzip.GzipFile(fileobj=counted))
    if magic.startswith(b"\xfd7zXZ\x00"):
        return lzma.LZMAFile(counted)
    return counted


def _member_date(name: str) -> dt.date | None:
    base = os.path.basename(name)
    try:
        return dt.datetime.strptime(base[:10], "%Y-%m-%d").date()
    except ValueError:
        return None


def import_annuaire(
    path: Path,
    progress: Progress | None = None,
    every: int = 5000,
    today: dt.date | None = None,
) -> AnnuaireImport:
    """Stream ``path`` and keep the offices of Ille-et-Vilaine."""
    state = ImportProgress(bytes_total=path.stat().st_size)
    result = AnnuaireImport()
    file_date = dt.datetime.fromtimestamp(path.stat().st_mtime).date()

    def consume(text: IO[str], fallback: dt.date) -> None:
        try:
            for record, line in _records(text):
                result.records += 1
                if result.records > MAX_RECORDS:
                    raise AnnuaireFormatError(
                        f"plus de {MAX_RECORDS} fiches : ce n'est pas un export de l'Annuaire "
                        "de l'administration, lecture arrêtée"
                    )
                if not isinstance(record, Mapping):
                    raise AnnuaireFormatError(f"ligne {line} : objet JSON attendu pour un service")
                entry, type_code = entry_from_record(record, fallback)
                if entry is not None:
                    result.entries.append(entry)
                elif type_code:
                    result.skipped_types[type_code] = result.skipped_types.get(type_code, 0) + 1
                if progress is not None and result.records % every == 0:
                    state.records, state.kept = result.records, len(result.entries)
                    progress(state)
        except JsonStreamError as exc:
            raise AnnuaireFormatError(str(exc)) from None
        except UnicodeDecodeError:
            raise AnnuaireFormatError("le fichier n'est pas encodé en UTF-8") from None

    with path.open("rb") as raw:
        counted = io.BufferedReader(_CountingReader(raw, state), 1 << 20)
        if path.name.lower().endswith(".json"):
            consume(io.TextIOWrapper(counted, encoding="utf-8-sig"), today or file_date)
        else:
            limit = min(MAX_EXPANDED_BYTES, max(MIN_RATIO_BYTES, MAX_RATIO * state.bytes_total))
            try:
                # decompressed here, a bounded read at a time: tarfile's own stream mode
                # expands a whole compressed block at once (a 600-byte bz2 block can hold
                # 600 MB), and the expanded size is capped as it is read
                expanded = io.BufferedReader(
                    _CountingReader(_decompressed(raw, counted), ImportProgress(), limit), 1 << 20
                )
                with tarfile.open(fileobj=expanded, mode="r|") as archive:
                    for member in archive:
                        if not member.isfile() or not member.name.endswith(".json"):
                            continue
                        extracted = archive.extractfile(member)
                        if extracted is None:
                            continue
                        result.member = member.name
                        fallback = _member_date(member.name) or file_date
                        member_bytes = io.BufferedReader(
                            _CountingReader(extracted, ImportProgress()), 1 << 20
                        )
                        consume(io.TextIOWrapper(member_bytes, encoding="utf-8-sig"), fallback)
                        break
            except (tarfile.TarError, EOFError, OSError, zlib.error, lzma.LZMAError) as exc:
                raise AnnuaireFormatError(f"archive illisible ({exc.__class__.__name__})") from None
            if not result.member:
                raise AnnuaireFormatError("aucun fichier JSON des services dans l'archive")
    state.records, state.kept = result.records, len(result.entries)
    if progress is not None:
        state.bytes_read = state.bytes_total
        progress(state)
    return result
