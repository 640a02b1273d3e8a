"""A desk's indicator file for the Département (``indicators export``), and its reading.

A desk on its local store writes its anonymous rows so that the Département's figures
are complete while its CDAS is not yet on a team base. The file is JSON Lines, UTF-8:

- line 1, the header: ``{"format": "asip-desktop-indicateurs-poste", "version": 1,
  "poste": "poste-<16 hex>", "export": "<32 hex>", "mois": "AAAA-MM", "lignes": N}``
  (``poste``: this desk's random id, kept in its encrypted store; ``export``: this file's
  random id; ``mois``: the month it was written — no finer date anywhere);
- then one line per row, either a closed case's indicator row
  ``{"type": "dossier", "id": "d<n>", "mois", "cdas", "demande", "services", "canaux",
  "fiches"}`` or a dysfunction report ``{"type": "dysfonctionnement", "id": "s<n>",
  "mois", "cdas", "nature"}``.

Nothing else: no case number, no person, no date finer than the month. A row's ``id``
is stable (the same row has the same id in every export of the desk), so the
Département's import refuses rows it already holds. Reading checks every line and every
field against the fixed vocabularies and refuses the whole file at the first problem,
naming the line and the field.
"""

from __future__ import annotations

import json
import re
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select

from asip_desktop import text_policy
from asip_desktop.errors import UserError
from asip_desktop.files import os_error_text, write_private_atomic
from asip_desktop.store import schema
from asip_desktop.store.database import reading
from asip_desktop.store.indicators import DEMAND_KINDS, SERVICES
from asip_desktop.store.values import CHANNELS, DYSFUNCTION_KINDS

FORMAT = "asip-desktop-indicateurs-poste"
VERSION = 1
# kept in the desk's encrypted store, written only here (not a user setting)
DESK_ID_KEY = "poste_indicateurs"
_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
_DESK = re.compile(r"^poste-[0-9a-f]{16}$")
_EXPORT = re.compile(r"^[0-9a-f]{32}$")
_ROW_ID = re.compile(r"^[ds][0-9]{1,20}$")
_FORM = re.compile(r"^[a-z0-9_]{1,64}$")
_HEADER_KEYS = {"format", "version", "poste", "export", "mois", "lignes"}
_CASE_KEYS = {"type", "id", "mois", "cdas", "demande", "services", "canaux", "fiches"}
_DYSFUNCTION_KEYS = {"type", "id", "mois", "cdas", "nature"}
MAX_BYTES = 200 * 1024 * 1024


@dataclass(frozen=True)
class CaseRow:
    uid: str  # desk id + row id: unique across desks
    month: str
    cdas: str
    demand_kind: str
    services: tuple[str, ...]
    channels: tuple[str, ...]
    forms_sent: tuple[str, ...]


@dataclass(frozen=True)
class DysfunctionRow:
    uid: str
    month: str
    cdas: str
    kind: str


@dataclass(frozen=True)
class DeskExport:
    desk: str
    export_id: str
    month: str
    cases: list[CaseRow]
    dysfunctions: list[DysfunctionRow]
    file: Path | None = None

    def text(self) -> str:
        return (
            f"{len(self.cases)} ligne(s) de dossiers clos et {len(self.dysfunctions)} "
            f"signalement(s) de dysfonctionnement écrits dans {self.file} (poste {self.desk}, "
            f"{self.month}). Transmettez ce fichier au Département."
        )


def desk_id(store: Any) -> str:
    """This desk's random id, made at its first export and kept in its encrypted store."""
    table = schema.settings
    with store.engine.begin() as conn:
        value = conn.scalar(select(table.c.value).where(table.c.key == DESK_ID_KEY))
        if value is None:
            value = f"poste-{secrets.token_hex(8)}"
            conn.execute(insert(table).values(key=DESK_ID_KEY, value=value))
    return str(value)


def collect(store: Any) -> DeskExport:
    """Every anonymous row of a local store (a team desk's rows are on its team base)."""
    if getattr(store, "kind", "locale") == "equipe":
        raise UserError(
            f"Ce poste est rattaché à la base d'équipe du {store.cdas} : ses indicateurs y sont "
            "déjà et le Département les lit directement. Rien n'a été exporté."
        )
    desk = desk_id(store)
    with reading(store.engine) as conn:
        cases = conn.execute(select(schema.indicators).order_by(schema.indicators.c.id)).all()
        reports = conn.execute(
            select(schema.dysfunction_reports).order_by(schema.dysfunction_reports.c.id)
        ).all()
    return DeskExport(
        desk=desk,
        export_id=secrets.token_hex(16),
        month=store.now()[:7],
        cases=[
            CaseRow(
                f"{desk}:d{r.id}",
                r.month,
                r.cdas,
                r.demand_kind,
                tuple(json.loads(r.services_json)),
                tuple(json.loads(r.channels_json)),
                tuple(json.loads(r.forms_sent_json)),
            )
            for r in cases
        ],
        dysfunctions=[DysfunctionRow(f"{desk}:s{r.id}", r.month, r.cdas, r.kind) for r in reports],
    )


def to_lines(export: DeskExport) -> str:
    def local(uid: str) -> str:
        return uid.split(":", 1)[1]

    header = {
        "format": FORMAT,
        "version": VERSION,
        "poste": export.desk,
        "export": export.export_id,
        "mois": export.month,
        "lignes": len(export.cases) + len(export.dysfunctions),
    }
    lines = [header]
    lines += [
        {
            "type": "dossier",
            "id": local(c.uid),
            "mois": c.month,
            "cdas": c.cdas,
            "demande": c.demand_kind,
            "services": list(c.services),
            "canaux": list(c.channels),
            "fiches": list(c.forms_sent),
        }
        for c in export.cases
    ]
    lines += [
        {
            "type": "dysfonctionnement",
            "id": local(d.uid),
            "mois": d.month,
            "cdas": d.cdas,
            "nature": d.kind,
        }
        for d in export.dysfunctions
    ]
    return "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines)


def export_desk(
    store: Any, path: Path, *, replace: bool = False, field: str = "--out"
) -> DeskExport:
    """Write this desk's file (0600, atomically); an existing file is replaced only when
    ``replace`` (the window's save dialog has asked); ``field`` names it in messages."""
    if path.exists() and not replace:
        raise UserError(f"{field} : le fichier {path} existe déjà ; il n'a pas été remplacé.")
    export = collect(store)
    try:
        write_private_atomic(path, to_lines(export).encode("utf-8"))
    except OSError as exc:
        raise UserError(f"{field} : impossible d'écrire {path} ({os_error_text(exc)}).") from None
    return DeskExport(
        export.desk, export.export_id, export.month, export.cases, export.dysfunctions, path
    )


# --- reading (the Département's import) ---------------------------------------------


def _refuse(path: Path, line: int, field: str | None, expected: str) -> UserError:
    where = f"ligne {line}" + (f", champ « {field} »" if field else "")
    return UserError(
        f"Fichier d'indicateurs {path.name} refusé en entier ({where}) : {expected}. "
        "Rien n'a été importé."
    )


def _text(data: dict[str, Any], field: str, check: re.Pattern[str], what: str, err: Any) -> str:
    value = data.get(field)
    if not isinstance(value, str) or not check.match(value):
        raise err(field, what)
    return value


def _ids(data: dict[str, Any], field: str, allowed: Any, what: str, err: Any) -> tuple[str, ...]:
    value = data.get(field)
    if (
        not isinstance(value, list)
        or not all(isinstance(v, str) and allowed(v) for v in value)
        or len(set(value)) != len(value)
    ):
        raise err(field, what)
    return tuple(value)


def _cdas(data: dict[str, Any], err: Any) -> str:
    value = data.get("cdas")
    if not isinstance(value, str) or not value.strip():
        raise err("cdas", "le nom du CDAS est attendu")
    try:
        return text_policy.clean(value, "cdas", max_length=120).strip()
    except UserError as exc:
        raise err("cdas", str(exc)) from None


def _header(path: Path, first: str) -> tuple[str, str, str, int]:
    def err(field: str | None, what: str) -> UserError:
        return _refuse(path, 1, field, what)

    try:
        data = json.loads(first)
    except ValueError:
        raise err(
            None, "ce n'est pas un fichier écrit par « asip-desktop indicators export »"
        ) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise err("format", f"« {FORMAT} » attendu (fichier d'indicateurs d'un poste)")
    if data.get("version") != VERSION:
        raise err("version", f"version {VERSION} attendue (mettez ASIP Desktop à jour)")
    if set(data) != _HEADER_KEYS:
        raise err(None, "champs attendus : " + ", ".join(sorted(_HEADER_KEYS)))
    desk = _text(data, "poste", _DESK, "poste-<16 chiffres hexadécimaux> attendu", err)
    export = _text(data, "export", _EXPORT, "32 chiffres hexadécimaux attendus", err)
    month = _text(data, "mois", _MONTH, "un mois AAAA-MM attendu", err)
    count = data.get("lignes")
    if not isinstance(count, int) or isinstance(count, bool) or count < 0:
        raise err("lignes", "un nombre de lignes attendu")
    return desk, export, month, count


def parse(path: Path, content: bytes) -> DeskExport:
    try:
        lines = content.decode("utf-8").split("\n")
    except UnicodeDecodeError:
        raise _refuse(path, 1, None, "texte UTF-8 attendu") from None
    if lines and lines[-1] == "":
        lines.pop()
    if not lines:
        raise _refuse(path, 1, None, "le fichier est vide")
    desk, export_id, export_month, count = _header(path, lines[0])
    cases: list[CaseRow] = []
    dysfunctions: list[DysfunctionRow] = []
    seen: set[str] = set()
    for number, line in enumerate(lines[1:], start=2):

        def err(field: str | None, what: str, number: int = number) -> UserError:
            return _refuse(path, number, field, what)

        try:
            data = json.loads(line)
        except ValueError:
            raise err(None, "une ligne JSON attendue") from None
        if not isinstance(data, dict):
            raise err(None, "un objet JSON attendu")
        kind = data.get("type")
        keys = _CASE_KEYS if kind == "dossier" else _DYSFUNCTION_KEYS
        if kind not in ("dossier", "dysfonctionnement"):
            raise err("type", "« dossier » ou « dysfonctionnement » attendu")
        if set(data) != keys:
            raise err(None, "champs attendus : " + ", ".join(sorted(keys)))
        row_id = _text(data, "id", _ROW_ID, "un identifiant de ligne (d… ou s…) attendu", err)
        if row_id in seen:
            raise err("id", f"l'identifiant {row_id} figure deux fois dans le fichier")
        seen.add(row_id)
        uid = f"{desk}:{row_id}"
        month = _text(data, "mois", _MONTH, "un mois AAAA-MM attendu", err)
        if month > export_month:
            raise err("mois", f"un mois au plus égal au mois de l'export ({export_month})")
        cdas = _cdas(data, err)
        if kind == "dossier":
            demand = data.get("demande")
            if demand not in DEMAND_KINDS:
                raise err("demande", "une valeur parmi " + ", ".join(DEMAND_KINDS))
            cases.append(
                CaseRow(
                    uid,
                    month,
                    cdas,
                    demand,
                    _ids(data, "services", SERVICES.__contains__, "une liste de services", err),
                    _ids(data, "canaux", CHANNELS.__contains__, "une liste de canaux", err),
                    _ids(data, "fiches", _FORM.match, "une liste de fiches", err),
                )
            )
        else:
            nature = data.get("nature")
            if nature not in DYSFUNCTION_KINDS:
                raise err("nature", "une valeur parmi " + ", ".join(DYSFUNCTION_KINDS))
            dysfunctions.append(DysfunctionRow(uid, month, cdas, nature))
    if count != len(lines) - 1:
        raise _refuse(
            path,
            1,
            "lignes",
            f"{count} lignes annoncées, {len(lines) - 1} lues (fichier tronqué ?)",
        )
    return DeskExport(desk, export_id, export_month, cases, dysfunctions, path)


def read(path: Path) -> DeskExport:
    try:
        if path.stat().st_size > MAX_BYTES:
            raise UserError(f"{path} : fichier trop gros pour un fichier d'indicateurs.")
        content = path.read_bytes()
    except OSError as exc:
        raise UserError(f"FICHIER : impossible de lire {path} ({os_error_text(exc)}).") from None
    return parse(path, content)
