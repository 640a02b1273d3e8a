"""The purge keeps its promise: copies on disk, an interrupted wipe, a blocking reader,
and indicator rows that cannot be matched with the receipts."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from asip_desktop.store import database
from asip_desktop.store.cases import CopiesNotDeleted
from asip_desktop.store.database import raw_connect
from asip_desktop.store.store import Store
from tests.store.pages import decrypt_db, decrypt_wal
from tests.store.seed import find_in_bytes, needles, person
from tests.support.system import immutable

ROOT = Path(__file__).resolve().parents[2]
ANSWERS = {"demande": "droits_retraite", "retraite": "rupture_ressources"}


def pages(key: bytes, folder: Path) -> bytes:
    return decrypt_db(key, folder / "cases.db") + decrypt_wal(key, folder / "cases.db-wal")


@pytest.fixture
def keyed(tmp_path: Path, engine: Any) -> Any:
    """A store with 12 seeded persons, opened with a known key."""
    folder = tmp_path / "donnees"
    key = os.urandom(32)
    store = Store.open(folder, key=key)
    store.set_setting("cdas_emetteur", "CDAS Test")
    result = engine.evaluate(ANSWERS).to_dict()
    rng = random.Random(15)
    people = [person(rng, i) for i in range(12)]
    ids = []
    for p in people:
        case_id = store.cases.create(ANSWERS, result, person=p)
        store.cases.add_note(case_id, f"Rappeler {p['prenom']} au {p['telephone']}")
        ids.append(case_id)
    yield store, key, folder, people, ids
    store.close()


# --- copies saved on disk ------------------------------------------------------


def test_closing_deletes_the_recorded_copies_and_reports_each(keyed: Any, tmp_path: Path) -> None:
    store, _key, _folder, _people, ids = keyed
    copies = [tmp_path / "envoi" / f"fiche-{n}.pdf" for n in range(3)]
    copies[0].parent.mkdir()
    for path in copies[:2]:
        path.write_bytes(b"%PDF-copie")
        store.cases.record_saved_copy(ids[0], str(path))
    store.cases.record_saved_copy(ids[0], str(copies[2]))  # already deleted by hand
    kept = tmp_path / "garder.pdf"
    kept.write_bytes(b"%PDF")
    store.cases.record_saved_copy(ids[1], str(kept))
    other = tmp_path / "autre.pdf"
    other.write_bytes(b"%PDF")
    store.cases.record_saved_copy(ids[1], str(other))

    receipt = store.cases.close(ids[0])
    assert [p.exists() for p in copies] == [False, False, False]
    assert receipt.files_deleted == tuple(str(p) for p in copies)
    assert {d.kind: d.count for d in receipt.destroyed}["fichiers"] == 3
    assert store.count("saved_copies") == 2  # those of the other case
    # in the window the agent may untick a copy: it is kept, the others still go
    receipt = store.cases.close(ids[1], keep_copies=[str(kept)])
    assert kept.exists() and not other.exists()
    assert receipt.files_kept == (str(kept),) and receipt.files_deleted == (str(other),)
    assert str(kept) not in receipt.to_text()  # the receipt stays free of paths


def test_a_copy_that_cannot_be_deleted_keeps_the_case_open(keyed: Any, tmp_path: Path) -> None:
    store, _key, _folder, _people, ids = keyed
    gone, stuck = tmp_path / "a.pdf", tmp_path / "b.pdf"
    for path in (gone, stuck):
        path.write_bytes(b"%PDF")
        store.cases.record_saved_copy(ids[0], str(path))
    # root ignores permissions: an immutable file cannot be deleted even by root
    with immutable(stuck), pytest.raises(CopiesNotDeleted) as err:
        store.cases.close(ids[0])
    assert "n'ont pas pu être supprimées" in err.value.message
    assert str(stuck) not in err.value.message  # paths only in .problems, for the screen
    assert [p.path for p in err.value.problems] == [str(stuck)]
    assert err.value.problems[0].reason == "suppression interdite (fichier protégé)"
    assert err.value.deleted == [str(gone)] and not gone.exists()
    # the case is still open and still knows the copy that is still on the disk
    assert [c.path for c in store.cases.saved_copies(ids[0])] == [str(stuck)]
    assert store.cases.receipt_of(ids[0]) is None
    store.cases.close(ids[0])
    assert not stuck.exists()


# --- the wipe after the purge -----------------------------------------------------


@pytest.mark.integration
def test_kill_between_purge_commit_and_wipe_is_finished_at_next_open(keyed: Any) -> None:
    store, key, folder, people, ids = keyed
    store.close()  # last connection: everything is in the main file
    closed = ids[:6]
    gone = [t for i in range(6) for t in needles(people[i])]
    kept = [t for i in range(6, 12) for t in needles(people[i])]
    proc = subprocess.run(
        [sys.executable, "-m", "tests.store.purge_then_die", str(folder), key.hex()]
        + [str(i) for i in closed[:1]],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == -signal.SIGKILL and proc.stdout.strip() == "committed"
    # the purge is committed, yet the old page images still hold the person
    assert find_in_bytes(pages(key, folder), needles(people[0]))
    with Store.open(folder, key=key) as reopened:
        assert not reopened.wipe_pending
        assert reopened.cases.receipt_of(closed[0]) is not None
        for case_id in closed[1:]:
            reopened.cases.close(case_id)
        assert find_in_bytes(pages(key, folder), gone) == []
        assert find_in_bytes(pages(key, folder), kept[:7])  # the scan can find things
    assert find_in_bytes(pages(key, folder), gone) == []


def hold_snapshot(folder: Path, key: bytes) -> Any:
    reader = raw_connect(folder / "cases.db", key)
    reader.execute("BEGIN")
    assert reader.execute("SELECT count(*) FROM persons").fetchone()[0] > 0
    return reader


def test_a_reader_that_blocks_the_wipe_is_waited_for_then_reported(
    keyed: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    store, key, folder, people, ids = keyed
    monkeypatch.setattr(database, "WIPE_WAIT_MS", 300)
    # 1. a reader that ends while the purge waits: the wipe completes
    reader = hold_snapshot(folder, key)
    threading.Timer(0.1, lambda: reader.execute("COMMIT")).start()
    receipt = store.cases.close(ids[0])
    assert not receipt.wipe_pending
    reader.close()
    assert find_in_bytes(pages(key, folder), needles(people[0])) == []
    # 2. a reader that stays: the purge is done, the wipe is reported pending
    reader = hold_snapshot(folder, key)
    started = time.monotonic()
    receipt = store.cases.close(ids[1])
    assert time.monotonic() - started >= 0.25  # it waited for the reader
    assert receipt.wipe_pending
    assert store.cases.receipt_of(ids[1]) is not None
    assert find_in_bytes(pages(key, folder), needles(people[1]))  # old images remain for now
    reader.execute("COMMIT")
    reader.close()
    store.close()
    with Store.open(folder, key=key) as reopened:  # finished before anything else
        assert not reopened.wipe_pending
        assert not database.wipe_is_pending(reopened.engine)
    assert find_in_bytes(pages(key, folder), needles(people[1])) == []


# --- indicators are anonymous, not pseudonymous ----------------------------------


def test_indicator_rows_do_not_follow_the_receipts_order(keyed: Any) -> None:
    store, _key, _folder, _people, ids = keyed
    for case_id in ids:
        store.cases.close(case_id)
    with store.engine.connect() as conn:
        indicator_ids = [r[0] for r in conn.exec_driver_sql("SELECT id FROM indicators")]
        receipt_ids = [r[0] for r in conn.exec_driver_sql("SELECT id FROM purge_receipts")]
        physical = [r[0] for r in conn.exec_driver_sql("SELECT rowid FROM indicators")]
    assert receipt_ids == list(range(1, 13))
    assert len(set(indicator_ids)) == 12
    # random 62-bit ids: neither 1..12 nor in closing order
    assert set(indicator_ids) != set(range(1, 13))
    assert physical == sorted(indicator_ids)
    assert max(indicator_ids) > 2**40


def test_retention_goes_on_past_a_case_whose_copy_cannot_be_deleted(
    keyed: Any, tmp_path: Path
) -> None:
    from asip_desktop.store.cases import RetentionIncomplete

    store, _key, _folder, _people, ids = keyed
    stuck = tmp_path / "bloquee.pdf"
    stuck.write_bytes(b"%PDF")
    store.cases.record_saved_copy(ids[3], str(stuck))
    store.set_setting("purge_automatique_jours", "1")
    store.clock = lambda: datetime.now(UTC) + timedelta(days=30)  # type: ignore[method-assign]
    with immutable(stuck), pytest.raises(RetentionIncomplete) as err:
        store.cases.apply_retention()
    assert len(err.value.receipts) == 11 and [p.path for p in err.value.problems] == [str(stuck)]
    assert [c.id for c in store.cases.open_cases()] == [ids[3]]
    assert stuck.exists()
