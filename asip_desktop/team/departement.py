"""The Département's view: its reader access and the convention's indicators of all CDAS.

``team departement --url ADMIN_URL`` makes a login role, member of ``asip_departement``
(migration t0002: anonymous rows of every CDAS, never a case), and writes the reader
file ``departement.json`` (mode 0600: the base's address, the role, its generated
password). With that file, ``indicators --all-cdas`` and the « Tous les CDAS » view of
the window read the team base's indicator rows of every CDAS plus the rows imported from
desks on their local store (``team/indicator_import.py``), counted by the same code as a
desk's indicators (``store/indicators.py``), and the overdue answers per CDAS and month.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, text
from sqlalchemy.engine import URL

from asip_desktop import config
from asip_desktop.errors import UserError
from asip_desktop.files import os_error_text, write_private_atomic
from asip_desktop.store import indicators
from asip_desktop.store.indicators import INDICATORS, IndicatorRow
from asip_desktop.team import admin, tables
from asip_desktop.team.connection import (
    ADMIN_REFUSED,
    make_engine,
    parse_url,
    talking,
    without_credentials,
)

READER_FORMAT = "asip-desktop-departement-1"
READER_NAME = "departement.json"
OVERDUE = "reponses_en_retard"
# the desk's list, then what only the Département's view counts
ALL_CDAS_INDICATORS: tuple[str, ...] = (*INDICATORS, OVERDUE)


# The closed-case rows of the team base and the imported ones, grouped in one pass three
# ways at once (by demand kind, by services list, by forms list: a few thousand groups
# whatever the mix of rows), then counted by ``store/indicators`` as on a desk.
_ROWS = " UNION ALL ".join(
    "SELECT month, cdas, demand_kind, services_json, forms_sent_json FROM "
    f"{table} WHERE month >= :start AND month <= :end"
    for table in ("indicators", "imported_indicators")
)
_GROUPED = (
    "SELECT month, cdas, demand_kind, services_json, forms_sent_json, count(*) "
    f"FROM ({_ROWS}) AS r GROUP BY GROUPING SETS ((month, cdas, demand_kind), "
    "(month, cdas, services_json), (month, cdas, forms_sent_json))"
)


@dataclass(frozen=True)
class Reader:
    url: str  # without credentials
    role: str
    password: str
    file: Path

    def connection_url(self) -> URL:
        return parse_url(self.url).set(username=self.role, password=self.password)

    def engine(self) -> Engine:
        return make_engine(self.connection_url())


def reader_path(folder: Path | None = None) -> Path:
    return (folder or config.data_dir(create=False)) / READER_NAME


def create_reader(admin_url: str, out: Path | None = None) -> Reader:
    """Upgrade the schema (t0002 makes the group role), make a login role with a generated
    password, write the reader file (0600; an existing file is never replaced)."""
    path = out or reader_path()
    if path.exists():
        raise UserError(
            f"--out : le fichier {path} existe déjà ; il n'a pas été remplacé (choisissez un "
            "autre nom, ou supprimez l'ancien accès)."
        )
    parsed = parse_url(admin_url)
    role = f"asip_departement_{secrets.token_hex(6)}"
    password = secrets.token_hex(32)
    engine = make_engine(parsed)
    try:
        with talking(ADMIN_REFUSED), engine.begin() as conn:
            admin.upgrade_schema(conn)
            # the password is ours (hex digits): no quoting problem
            conn.execute(
                text(
                    f'CREATE ROLE "{role}" LOGIN IN ROLE {tables.DEPARTEMENT_GROUP} '
                    f"PASSWORD '{password}'"
                )
            )
            conn.execute(text(f'ALTER ROLE "{role}" SET search_path = {tables.SCHEMA}'))
            content = {
                "format": READER_FORMAT,
                "url": without_credentials(parsed),
                "role": role,
                "password": password,
            }
            if path.parent != Path("."):
                config.ensure_private_dir(path.parent)
            try:
                write_private_atomic(path, json.dumps(content, indent=1).encode())
            except OSError as exc:
                raise UserError(
                    f"--out : impossible d'écrire {path} ({os_error_text(exc)}) ; le rôle n'a "
                    "pas été créé."
                ) from None
    finally:
        engine.dispose()
    return Reader(content["url"], role, password, path)


def load_reader(path: Path | None = None, *, option: str = "--reader") -> Reader:
    file = path or reader_path()
    try:
        data: Any = json.loads(file.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UserError(
            f"{option} : accès du Département introuvable ({file}). L'administrateur le crée "
            "avec « asip-desktop team departement --url ADRESSE_ADMINISTRATEUR »."
        ) from None
    except OSError as exc:
        raise UserError(f"{option} : {file} illisible ({os_error_text(exc)}).") from None
    except ValueError:
        raise UserError(f"{option} : {file} n'est pas un fichier d'accès du Département.") from None
    if not isinstance(data, dict) or data.get("format") != READER_FORMAT:
        raise UserError(f"{option} : {file} n'est pas un fichier d'accès du Département.")
    try:
        return Reader(str(data["url"]), str(data["role"]), str(data["password"]), file)
    except KeyError:
        raise UserError(f"{option} : {file} est incomplet ; refaites l'accès.") from None


def has_reader(folder: Path | None = None) -> bool:
    """The window shows « Tous les CDAS » when this desk holds the Département's access."""
    return reader_path(folder).is_file()


def compute_all(engine: Engine, start: str | None, end: str | None, now: str) -> list[IndicatorRow]:
    """Per CDAS × month × indicator of ``ALL_CDAS_INDICATORS``, the team base's rows of
    every CDAS and the imported ones added; ``now`` (ISO) decides what is overdue."""
    period = indicators.bounds(start, end)
    with talking(), engine.connect() as conn:
        # a short query whose cost the planner overestimates (the JSON lists): compiling
        # it (JIT) took longer than running it
        conn.execute(text("SET LOCAL jit = off"))
        conn.execute(text("SET LOCAL work_mem = '32MB'"))  # groups hashed in memory
        closed = conn.execute(text(_GROUPED), period).all()
        dysfunctions = conn.execute(
            text(indicators.dysfunctions_query("dysfunction_reports", "imported_dysfunctions")),
            period,
        ).all()
        overdue = conn.execute(
            text(
                "SELECT month, cdas, overdue FROM departement_overdue(:now) "
                "WHERE month >= :start AND month <= :end"
            ),
            {"now": now, **period},
        ).all()
    counts = indicators.tally(closed, dysfunctions)
    for month, cdas, n in overdue:
        counts[(month, cdas, OVERDUE)] += int(n)
    return indicators.as_rows(counts, ALL_CDAS_INDICATORS)
