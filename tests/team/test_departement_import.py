"""Desks on their local store contribute: their file imported by the Département into
the team base, duplicates refused, a malformed file refused whole; the all-CDAS figures
add the team base's rows and the imported ones."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, func, select

from asip_desktop.errors import UserError
from asip_desktop.store import indicator_export
from asip_desktop.store.clock import iso
from asip_desktop.store.store import Store
from asip_desktop.team import departement, indicator_import, tables
from tests.store.conftest import Clock
from tests.team.conftest import Team
from tests.team.test_team_base import new_case

MALO, FOUGERES = "CDAS de Saint-Malo", "CDAS de Fougères"


@pytest.fixture
def clock() -> Clock:
    return Clock()


def local_desk(folder: Path, engine: Any, clock: Clock, closed: int) -> Store:
    store = Store.open(folder, clock=clock)
    store.set_setting("cdas_emetteur", FOUGERES)
    for _ in range(closed):
        case = new_case(store, engine)
        store.cases.record_sending(case, "fiche_liaison_retraite", "CARSAT", "bluefiles")
        store.cases.close(case)
    store.report_dysfunction("absence_de_reponse")
    return store


def counted(db: Engine) -> dict[tuple[str, str, str], int]:
    rows = departement.compute_all(db, None, None, "2026-03-20T00:00:00+00:00")
    return {(r.month, r.cdas, r.indicator): r.value for r in rows}


def imported_rows(db: Engine) -> int:
    with db.connect() as conn:
        return int(conn.scalar(select(func.count()).select_from(tables.imported_indicators)))


def test_figures_add_team_rows_and_imported_rows_and_duplicates_are_refused(
    team: Team, engine: Any, clock: Clock, tmp_path: Path
) -> None:
    malo = team.desk("a", MALO, clock=clock)
    case = new_case(malo, engine)
    malo.cases.record_sending(case, "fiche_liaison_retraite", "CARSAT", "bluefiles")
    malo.cases.close(case)
    reader = departement.create_reader(team.url, tmp_path / "departement.json")
    db = reader.engine()
    desk = local_desk(tmp_path / "fougeres", engine, clock, closed=3)
    try:
        first = indicator_export.export_desk(desk, tmp_path / "1.jsonl")
        result = indicator_import.import_file(db, first.file, iso(clock()))  # type: ignore[arg-type]
        assert (result.added, result.refused) == (4, 0)
        table = counted(db)
        assert table[("2026-03", FOUGERES, "signalements_canal_prioritaire")] == 3
        assert table[("2026-03", FOUGERES, "dysfonctionnements")] == 1
        assert table[("2026-03", MALO, "signalements_canal_prioritaire")] == 1

        with pytest.raises(UserError, match="a déjà été importé"):
            indicator_import.import_file(db, tmp_path / "1.jsonl", iso(clock()))
        # a later export repeats the first rows: only the new one is added
        more = new_case(desk, engine)
        desk.cases.close(more)
        second = indicator_export.export_desk(desk, tmp_path / "2.jsonl")
        result = indicator_import.import_file(db, second.file, iso(clock()))  # type: ignore[arg-type]
        assert (result.added, result.refused) == (1, 4)
        assert "4 ligne(s) déjà importée(s)" in result.text()
        assert counted(db)[("2026-03", FOUGERES, "dossiers_clos")] == 4
        # a third export with nothing new is refused as a whole
        third = indicator_export.export_desk(desk, tmp_path / "3.jsonl")
        with pytest.raises(UserError, match="toutes déjà été importées"):
            indicator_import.import_file(db, third.file, iso(clock()))  # type: ignore[arg-type]
        assert imported_rows(db) == 4
        with db.connect() as conn:
            imports = conn.execute(select(tables.indicator_imports)).all()
        assert [(i.desk, i.rows, i.refused_rows) for i in imports] == [
            (first.desk, 4, 0),
            (first.desk, 1, 4),
        ]
        assert imports[0].imported_at.startswith("2026-03-10")
    finally:
        desk.close()
        db.dispose()


def test_a_malformed_file_imports_nothing(
    team: Team, engine: Any, clock: Clock, tmp_path: Path
) -> None:
    team.cdas(MALO)
    reader = departement.create_reader(team.url, tmp_path / "departement.json")
    db = reader.engine()
    desk = local_desk(tmp_path / "fougeres", engine, clock, closed=2)
    try:
        export = indicator_export.export_desk(desk, tmp_path / "1.jsonl")
        lines = export.file.read_text().splitlines()  # type: ignore[union-attr]
        bad = json.loads(lines[2]) | {"demande": "inconnue"}
        broken = tmp_path / "abime.jsonl"
        broken.write_text("\n".join([*lines[:2], json.dumps(bad), *lines[3:]]) + "\n")
        with pytest.raises(UserError, match="ligne 3, champ « demande »"):
            indicator_import.import_file(db, broken, iso(clock()))
        assert imported_rows(db) == 0
        with db.connect() as conn:
            assert conn.scalar(select(func.count()).select_from(tables.indicator_imports)) == 0
        # the good file still goes in afterwards
        assert indicator_import.import_file(db, tmp_path / "1.jsonl", iso(clock())).added == 3
    finally:
        desk.close()
        db.dispose()


def test_a_desk_on_the_team_base_has_nothing_to_export(
    team: Team, engine: Any, tmp_path: Path
) -> None:
    desk = team.desk("a", MALO)
    desk.cases.close(new_case(desk, engine))
    with pytest.raises(UserError, match="rattaché à la base d'équipe du CDAS de Saint-Malo"):
        indicator_export.export_desk(desk, tmp_path / "x.jsonl")
    assert not (tmp_path / "x.jsonl").exists()
