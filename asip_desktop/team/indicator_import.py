"""``indicators import FICHIER``: the Département adds a desk's indicator file to the team
base (tables ``indicator_imports``, ``imported_indicators``, ``imported_dysfunctions``).

The file is checked whole first (``store/indicator_export.parse``: a malformed file is
refused whole, naming the line and the field). A file already imported (same export id)
is refused. Rows already imported (a later export of the same desk repeats its earlier
rows) are refused one by one and not counted twice; the new rows of the file are added.
A file whose rows are all already there is refused. One transaction: all or nothing.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection, Engine, Table, insert, select

from asip_desktop.errors import UserError
from asip_desktop.store import indicator_export
from asip_desktop.team import tables
from asip_desktop.team.connection import talking

_CHUNK = 5000


@dataclass(frozen=True)
class ImportResult:
    file: Path
    desk: str
    added: int
    refused: int

    def text(self) -> str:
        refused = (
            f" ; {self.refused} ligne(s) déjà importée(s) par un fichier précédent de ce poste "
            "refusée(s) (non comptées deux fois)"
            if self.refused
            else ""
        )
        return f"{self.file.name} (poste {self.desk}) : {self.added} ligne(s) importée(s){refused}."


def _known(conn: Connection, table: Table, uids: list[str]) -> set[str]:
    found: set[str] = set()
    for i in range(0, len(uids), _CHUNK):
        chunk = uids[i : i + _CHUNK]
        found.update(conn.execute(select(table.c.uid).where(table.c.uid.in_(chunk))).scalars())
    return found


def import_file(engine: Engine, path: Path, now: str) -> ImportResult:
    export = indicator_export.read(path)
    with talking(), engine.begin() as conn:
        done = conn.execute(
            select(tables.indicator_imports.c.imported_at, tables.indicator_imports.c.desk).where(
                tables.indicator_imports.c.export_id == export.export_id
            )
        ).first()
        if done is not None:
            raise UserError(
                f"{path.name} : ce fichier (poste {done.desk}) a déjà été importé le "
                f"{done.imported_at[:10]} ; rien n'a été importé une seconde fois."
            )
        known = _known(conn, tables.imported_indicators, [c.uid for c in export.cases])
        known |= _known(conn, tables.imported_dysfunctions, [d.uid for d in export.dysfunctions])
        cases = [c for c in export.cases if c.uid not in known]
        reports = [d for d in export.dysfunctions if d.uid not in known]
        total = len(export.cases) + len(export.dysfunctions)
        if total and not cases and not reports:
            raise UserError(
                f"{path.name} : ses {total} ligne(s) ont toutes déjà été importées par un fichier "
                f"précédent du poste {export.desk} ; rien n'a été importé."
            )
        import_id = conn.execute(
            insert(tables.indicator_imports)
            .values(
                export_id=export.export_id,
                desk=export.desk,
                exported_month=export.month,
                imported_at=now,
                rows=len(cases) + len(reports),
                refused_rows=len(known),
            )
            .returning(tables.indicator_imports.c.id)
        ).scalar_one()
        if cases:
            conn.execute(
                insert(tables.imported_indicators),
                [
                    {
                        "uid": c.uid,
                        "import_id": import_id,
                        "month": c.month,
                        "cdas": c.cdas,
                        "demand_kind": c.demand_kind,
                        "services_json": json.dumps(list(c.services)),
                        "channels_json": json.dumps(list(c.channels)),
                        "forms_sent_json": json.dumps(list(c.forms_sent)),
                    }
                    for c in cases
                ],
            )
        if reports:
            conn.execute(
                insert(tables.imported_dysfunctions),
                [
                    {
                        "uid": d.uid,
                        "import_id": import_id,
                        "month": d.month,
                        "cdas": d.cdas,
                        "kind": d.kind,
                    }
                    for d in reports
                ],
            )
    return ImportResult(path, export.desk, len(cases) + len(reports), len(known))
