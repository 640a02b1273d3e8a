"""Schema version 5 of the local store: a stable id for every case and every
malfunction report (the permanence laptop's transfer relies on it)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from asip_desktop.store import migrations
from asip_desktop.store.database import raw_connect, wipe_is_pending
from asip_desktop.store.store import Store
from tests.store.fixtures.make_v1 import KEY, PATH, PERSON

UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")


def test_a_stored_version_1_file_gets_a_random_uid_per_case(tmp_path: Path) -> None:
    folder = tmp_path / "donnees"
    folder.mkdir()
    shutil.copyfile(PATH, folder / "cases.db")
    conn = raw_connect(folder / "cases.db", KEY, setup=False)
    conn.execute("BEGIN")  # a second case and a report in the old file, before the upgrade
    conn.execute(
        "INSERT INTO cases (number, status, created_at, updated_at, cdas, level, demand_kind,"
        " answers_json, result_json, rules_version) SELECT '2026-000099', status, created_at,"
        " updated_at, cdas, level, demand_kind, answers_json, result_json, rules_version"
        " FROM cases WHERE id = 1"
    )
    conn.execute("COMMIT")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    with Store.open(folder, key=KEY) as store:
        assert store.cases.get(1).person == PERSON  # the data survived
        with store.engine.connect() as c:
            uids = c.exec_driver_sql("SELECT uid FROM cases ORDER BY id").scalars().all()
            version = c.exec_driver_sql("PRAGMA user_version").scalar()
        assert version == migrations.LATEST == 5
        assert len(uids) == 2 and len(set(uids)) == 2
        assert all(UUID.match(u) for u in uids), uids
        store.set_setting("cdas_emetteur", "CDAS de Redon")
        store.report_dysfunction("autre")
        case_id = store.cases.create(
            {"demande": "droits_retraite"}, {"rules": {"version": "t"}, "orientations": []}
        )
        with store.engine.connect() as c:
            new_uid = c.exec_driver_sql(f"SELECT uid FROM cases WHERE id = {case_id}").scalar()
            report_uids = c.exec_driver_sql("SELECT uid FROM dysfunction_reports").scalars().all()
        assert new_uid not in uids and UUID.match(str(new_uid))
        assert len(report_uids) == 1 and UUID.match(str(report_uids[0]))


def test_a_moved_case_leaves_no_indicator_row_and_its_receipt_says_where(tmp_path: Path) -> None:
    with Store.open(tmp_path / "d", key=b"k" * 32) as store:
        store.set_setting("cdas_emetteur", "CDAS de Redon")
        result = {"rules": {"version": "t"}, "orientations": [{"service": "carsat"}]}
        moved = store.cases.create({"demande": "droits_retraite"}, result)
        closed = store.cases.create({"demande": "droits_retraite"}, result)
        store.cases.record_saved_copy(moved, str(tmp_path / "copie.pdf"))
        (tmp_path / "copie.pdf").write_bytes(b"%PDF")
        [receipt] = store.cases.purge_moved([(moved, "2026-000042")])
        store.cases.close(closed)
        assert (tmp_path / "copie.pdf").exists()  # the case on the team base lists it
        assert not wipe_is_pending(store.engine)
        assert store.count("indicators") == 1  # only the case really closed
        labels = [d.label for d in receipt.destroyed]
        assert labels[0] == "transféré vers la base d'équipe (dossier 2026-000042)"
        kept = store.cases.receipt(receipt.case_number)
        assert kept is not None and kept.destroyed == receipt.destroyed
