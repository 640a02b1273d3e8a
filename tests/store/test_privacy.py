"""No personal data readable on disk; nothing left of a closed case, even in freed pages."""

from __future__ import annotations

import os
import random
from pathlib import Path
from typing import Any

import pytest

from asip_desktop.store.database import raw_connect
from asip_desktop.store.store import Store
from tests.store.pages import decrypt_db, decrypt_wal
from tests.store.seed import find_in_bytes, find_in_folder, needles, person

ANSWERS = {"demande": "droits_retraite", "retraite": "rupture_ressources"}


def fill(store: Store, result: dict[str, Any], identity: dict[str, str], i: int) -> int:
    case_id = store.cases.create(ANSWERS, result, person=identity)
    pdf = f"%PDF-1.7 fiche {identity['nom_naissance']} {identity['nir']}".encode()
    store.cases.add_form(case_id, "fiche_liaison_retraite", pdf)
    store.cases.record_sending(case_id, "fiche_liaison_retraite", "CARSAT Bretagne", "bluefiles")
    store.cases.add_note(case_id, f"Appelé {identity['prenom']} au {identity['telephone']}")
    if i % 10 == 0:
        store.save_draft({"person": identity, "answers": ANSWERS})
    return case_id


@pytest.fixture
def seeded(tmp_path: Path, engine: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    folder = tmp_path / "donnees"
    tmp = folder / "tmp"
    tmp.mkdir(parents=True)
    # any SQLite temp file would land in the data dir, where the scan looks
    monkeypatch.setenv("SQLITE_TMPDIR", str(tmp))
    monkeypatch.setenv("TMPDIR", str(tmp))
    key = os.urandom(32)
    store = Store.open(folder, key=key)
    store.set_setting("cdas_emetteur", "CDAS Test")
    result = engine.evaluate(ANSWERS).to_dict()
    rng = random.Random(35)
    people = [person(rng, i) for i in range(100)]
    ids = [fill(store, result, p, i) for i, p in enumerate(people)]
    yield store, key, folder, people, ids
    store.close()


def test_hundred_cases_leave_no_readable_personal_data(seeded: Any) -> None:
    store, key, folder, people, ids = seeded
    texts = [t for p in people for t in needles(p)]
    assert len(set(texts)) == len(texts)
    # the store really holds them (so the scan below is looking for something real)
    assert store.cases.get(ids[42]).person == people[42]
    assert find_in_bytes(
        decrypt_db(key, folder / "cases.db") + decrypt_wal(key, folder / "cases.db-wal"),
        [people[42]["nir"]],
    )
    # while open (db, -wal, -shm, store-id, tmp), after closing half, after closing the store
    assert find_in_folder(folder, texts) == []
    for case_id in ids[:50]:
        store.cases.close(case_id)
    assert find_in_folder(folder, texts) == []
    store.close()
    names = sorted(p.name for p in folder.rglob("*"))
    assert "cases.db" in names
    assert find_in_folder(folder, texts) == []


def test_closed_cases_are_gone_from_queries_export_and_pages(seeded: Any, tmp_path: Path) -> None:
    store, key, folder, people, ids = seeded
    closed = list(range(0, 100, 2))
    for i in closed:
        store.cases.close(ids[i])
    gone = [t for i in closed for t in needles(people[i])]
    kept = [t for i in range(1, 100, 2) for t in needles(people[i])]
    store.discard_draft()

    # 1. by any query: every column of every table, as text
    conn = raw_connect(folder / "cases.db", key)
    dump = []
    for (table,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'"):
        for row in conn.execute(f'SELECT * FROM "{table}"'):
            dump += [v.decode("utf-8", "replace") if isinstance(v, bytes) else str(v) for v in row]
    text = "\n".join(dump)
    assert [t for t in gone if t in text] == []
    assert all(t in text for t in kept[:5])  # the open cases are still there

    # 2. a decrypted plaintext copy made by SQLCipher itself
    plain = tmp_path / "export-en-clair.db"
    conn.execute(f"ATTACH DATABASE '{plain}' AS plaintext KEY ''")
    conn.execute("SELECT sqlcipher_export('plaintext')")
    conn.execute("DETACH DATABASE plaintext")
    conn.close()
    exported = plain.read_bytes()
    assert exported.startswith(b"SQLite format 3\x00")
    assert find_in_bytes(exported, kept[:5])  # the copy is readable: the check can fail
    assert find_in_bytes(exported, gone) == []

    # 3. every page of the file and of the WAL decrypted, free pages included
    pages = decrypt_db(key, folder / "cases.db") + decrypt_wal(key, folder / "cases.db-wal")
    assert find_in_bytes(pages, kept[:5])
    assert find_in_bytes(pages, gone) == []


def test_plain_sqlite_cannot_read_the_file(store: Store) -> None:
    import sqlite3

    assert store.count("cases") == 0  # the file exists and is a valid SQLCipher database
    conn = sqlite3.connect(store.path)
    with pytest.raises(sqlite3.DatabaseError, match="not a database"):
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    conn.close()


def test_database_errors_do_not_carry_personal_data(store: Store) -> None:
    from sqlalchemy import insert
    from sqlalchemy.exc import IntegrityError

    from asip_desktop.store import schema

    with pytest.raises(IntegrityError) as err, store.engine.begin() as conn:
        # no such case: the foreign key refuses the row
        conn.execute(insert(schema.persons).values(case_id=404, nom_naissance="Nom-Secret-Zq"))
    assert "FOREIGN KEY" in str(err.value)
    assert "Nom-Secret-Zq" not in str(err.value)
