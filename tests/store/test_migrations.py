"""Schema versions: a stored version-1 database is migrated; newer ones are refused."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from asip_desktop.store import database, migrations, schema
from asip_desktop.store.database import StoreOpenError, raw_connect
from asip_desktop.store.store import Store
from tests.store.fixtures.make_v1 import KEY, PATH, PERSON


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def v1_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "donnees"
    folder.mkdir()
    shutil.copyfile(PATH, folder / "cases.db")
    return folder


def user_version(path: Path, key: bytes) -> int:
    conn = raw_connect(path, key, setup=False)  # writes nothing (the fixture stays as stored)
    try:
        return int(conn.execute("PRAGMA user_version").fetchone()[0])
    finally:
        conn.close()


def test_the_stored_fixture_is_version_1() -> None:
    assert user_version(PATH, KEY) == 1


def test_version_1_database_is_migrated_with_its_data(
    v1_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    backups: list[Path] = []
    real_backup = database.backup_file

    def spy(conn, path, version):  # type: ignore[no-untyped-def]
        target = real_backup(conn, path, version)
        backups.append(target)
        assert user_version(target, KEY) == 1  # the copy is the version-1 file, still encrypted
        return target

    monkeypatch.setattr(database, "backup_file", spy)
    with Store.open(v1_folder, key=KEY) as store:
        case = store.cases.get(1)
        assert case.person == PERSON
        assert case.summary.status == "en_attente"
        assert [d.kind for d in case.deadlines] == ["reponse_carsat_72h"]
        assert store.cases.form_content(case.forms[0].id) == b"%PDF-fixture"
        assert [r.case_number for r in store.cases.receipts()] == ["2026-000000"]
        # version 2 works on the migrated file: malfunction reports and settings
        store.set_setting("cdas_emetteur", "CDAS du Pays de Redon")
        store.report_dysfunction("reponse_hors_delai")
        assert store.count("dysfunction_reports") == 1
        receipt = store.cases.close(1)
        assert {d.kind for d in receipt.destroyed} >= {"identite", "fiches", "notes"}
    assert user_version(v1_folder / "cases.db", KEY) == migrations.LATEST == 5
    assert len(backups) == 1
    # the checked copy is removed so a purge really destroys a closed case's data
    assert not backups[0].exists()


def test_failed_migration_keeps_the_file_and_the_copy(
    v1_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = sha(v1_folder / "cases.db")
    broken = (
        *migrations.MIGRATIONS[:1],
        ("CREATE TABLE settings (x)", "CREATE TABLE settings (y)"),
    )
    monkeypatch.setattr(database, "MIGRATIONS", broken)
    with pytest.raises(StoreOpenError, match="a échoué") as err:
        Store.open(v1_folder, key=KEY)
    copies = list((v1_folder / "sauvegardes").iterdir())
    assert len(copies) == 1 and str(copies[0]) in str(err.value)
    assert user_version(v1_folder / "cases.db", KEY) == 1  # rolled back
    assert sha(copies[0]) == before


def test_newer_schema_is_refused_and_left_untouched(v1_folder: Path) -> None:
    conn = raw_connect(v1_folder / "cases.db", KEY)
    conn.execute("PRAGMA user_version = 7")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    before = sha(v1_folder / "cases.db")
    with pytest.raises(StoreOpenError, match="version plus récente") as err:
        Store.open(v1_folder, key=KEY)
    assert "schéma 7" in str(err.value)
    assert sha(v1_folder / "cases.db") == before
    assert not (v1_folder / "sauvegardes").exists()


def test_new_database_settings_and_schema_match_the_tables(store: Store) -> None:
    with store.engine.connect() as conn:

        def pragma(name: str) -> object:
            return conn.exec_driver_sql(f"PRAGMA {name}").scalar()

        assert pragma("user_version") == migrations.LATEST
        assert pragma("auto_vacuum") == 2  # incremental
        assert pragma("journal_mode") == "wal"
        assert pragma("foreign_keys") == 1
        assert pragma("secure_delete") == 1
        assert pragma("temp_store") == 2  # memory
        assert pragma("synchronous") == 2  # full
        for table in schema.metadata.tables.values():
            columns = [r[1] for r in conn.exec_driver_sql(f'PRAGMA table_info("{table.name}")')]
            assert columns == [c.name for c in table.columns], table.name
    mode = (store.folder / "cases.db").stat().st_mode & 0o777
    assert mode == 0o600
    assert store.folder.stat().st_mode & 0o777 == 0o700


def test_version_2_database_gains_the_saved_copies_table(v1_folder: Path) -> None:
    """A version-2 file (the v1 fixture taken to version 2 by the released steps) reaches
    version 3 with its data; saved-copy paths then follow the case and its purge."""
    conn = raw_connect(v1_folder / "cases.db", KEY)
    database.migrate(conn, target=2)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    assert user_version(v1_folder / "cases.db", KEY) == 2
    with Store.open(v1_folder, key=KEY) as store:
        assert store.cases.get(1).person == PERSON
        assert store.cases.saved_copies(1) == []
        store.cases.record_saved_copy(1, "/home/agent/fiche-liaison.pdf")
        assert [c.path for c in store.cases.saved_copies(1)] == ["/home/agent/fiche-liaison.pdf"]
        preview = store.cases.purge_preview(1)
        assert {d.kind: d.count for d in preview.destroyed}["copies"] == 1
        store.cases.close(1)
        assert store.count("saved_copies") == 0
    assert user_version(v1_folder / "cases.db", KEY) == migrations.LATEST == 5


def test_version_3_indicator_rows_lose_their_closing_order(v1_folder: Path) -> None:
    """Version 4 copies the indicator rows in a random order under random ids: row N
    of the indicators is no longer the case of receipt N."""
    conn = raw_connect(v1_folder / "cases.db", KEY)
    database.migrate(conn, target=3)
    conn.execute("BEGIN")
    for n in range(30):
        conn.execute(
            "INSERT INTO indicators (month, cdas, demand_kind, services_json, channels_json,"
            " forms_sent_json) VALUES ('2026-02', ?, 'droits_retraite', '[]', '[]', '[]')",
            (f"CDAS {n:02d}",),
        )
        conn.execute(
            "INSERT INTO purge_receipts (case_number, closed_at, destroyed_json)"
            " VALUES (?, '2026-02-10T10:00:00+00:00', '[]')",
            (f"2026-{n + 100:06d}",),
        )
    conn.execute("COMMIT")
    before = sorted(r for r in conn.execute("SELECT month, cdas, demand_kind FROM indicators"))
    in_order = [r[0] for r in conn.execute("SELECT cdas FROM indicators ORDER BY id")]
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    with Store.open(v1_folder, key=KEY) as store, store.engine.connect() as c:
        rows = c.exec_driver_sql("SELECT id, month, cdas, demand_kind FROM indicators").all()
        assert sorted(tuple(r[1:]) for r in rows) == before  # every row kept
        assert [r[2] for r in rows] != in_order  # stored order is not the closing order
        assert all(r[0] > 0 for r in rows) and len({r[0] for r in rows}) == 31
        assert max(r[0] for r in rows) > 2**40  # random ids, not 1..31
        assert c.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
        names = {r[0] for r in c.exec_driver_sql("SELECT name FROM sqlite_master")}
        assert "indicators_month" in names and "indicators_v4" not in names
    assert user_version(v1_folder / "cases.db", KEY) == migrations.LATEST == 5
