"""A bad day: full disk, read-only file or mount, a lock held by another process, a
damaged page, a vanished database or id. Each is a French message, exit status 2, no
traceback, and nothing already saved is lost.

Disk full and read-only mounts use a small tmpfs mounted for the test (CI runs as root
on this kind of machine); where mounting is not allowed the test is skipped, saying so.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from asip_desktop import config
from asip_desktop.cli import main
from asip_desktop.store import database
from asip_desktop.store.failures import StoreFailure
from asip_desktop.store.store import Store
from tests.store.pages import PAGE, decrypt_page
from tests.support.memory_keyring import MemoryKeyring
from tests.support.system import immutable, unavailable

ROOT = Path(__file__).resolve().parents[2]
ENGLISH = ("No space", "Read-only", "readonly", "database is", "disk I/O", "Traceback", "Errno")


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]) -> Iterator[Any]:
    def call(data: Path, *args: str) -> tuple[int, str, str]:
        code = main(["--data-dir", str(data), *args])
        out = capsys.readouterr()
        for word in ENGLISH:
            assert word not in out.err, (word, out.err)
        return code, out.out, out.err

    yield call
    config.set_data_dir_override(None)


@pytest.fixture
def answers(tmp_path: Path) -> str:
    path = tmp_path / "reponses.json"
    path.write_text('{"demande": "droits_retraite", "retraite": "recours_epuises"}', "utf-8")
    return str(path)


def mount_tmpfs(where: Path, size: str) -> None:
    where.mkdir(parents=True, exist_ok=True)
    out = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs", str(where)],
        capture_output=True,
        text=True,
    )
    if out.returncode:
        unavailable(f"montage d'un petit système de fichiers impossible ici ({out.stderr.strip()})")


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    where = tmp_path / "petit-disque"
    mount_tmpfs(where, "3m")
    yield where
    subprocess.run(["umount", "-l", str(where)], check=False)


def fill(disk: Path) -> Path:
    """Fill the file system to the last byte; returns the filler file."""
    filler = disk / "remplissage"
    fd = os.open(filler, os.O_CREAT | os.O_WRONLY, 0o600)
    try:
        for chunk in (65536, 4096, 512, 1):
            try:
                while True:
                    os.write(fd, b"\0" * chunk)
            except OSError:
                continue
    finally:
        os.close(fd)
    return filler


def open_case(run: Any, data: Path, answers: str) -> int:
    code, _, err = run(data, "cases", "settings", "--cdas", "CDAS Test")
    assert code == 0, err
    code, out, err = run(data, "cases", "new", "--answers", answers)
    assert code == 0, err
    return int(out)


def listed(run: Any, data: Path) -> list[int]:
    code, out, err = run(data, "cases", "list", "--json")
    assert code == 0, err
    return [c["id"] for c in json.loads(out)]


# --- disk full ---------------------------------------------------------------------


def test_disk_full_during_new_list_and_close(run: Any, small_disk: Path, answers: str) -> None:
    data = small_disk / "donnees"
    first = open_case(run, data, answers)
    filler = fill(small_disk)
    for args in (
        ("cases", "new", "--answers", answers),
        ("cases", "list"),
        ("cases", "close", str(first), "--yes"),
    ):
        code, out, err = run(data, *args)
        assert code == 2, (args, out, err)
        assert "Le disque est plein" in err and "Libérez de l'espace" in err, err
    filler.unlink()
    assert listed(run, data) == [first]  # nothing lost, nothing half-written
    code, _, err = run(data, "cases", "close", str(first), "--yes")
    assert code == 0, err
    assert listed(run, data) == []


def test_disk_full_under_an_open_store(small_disk: Path, engine: Any) -> None:
    """The window's case: the store is open when the disk fills up."""
    result = engine.evaluate({"demande": "aide_departement"}).to_dict()
    with Store.open(small_disk / "donnees") as store:
        store.set_setting("cdas_emetteur", "CDAS Test")
        kept = store.cases.create({"demande": "aide_departement"}, result)
        filler = fill(small_disk)
        with pytest.raises(StoreFailure, match="Le disque est plein") as err:
            for _ in range(50):  # the WAL has some room left: write until it is used up
                store.cases.add_form(kept, "fiche_liaison_retraite", os.urandom(200_000))
        assert err.value.kind == "disque_plein"
        filler.unlink()
        assert store.cases.get(kept).summary.id == kept
        store.cases.add_note(kept, "après la place libérée")
        assert [n.text for n in store.cases.get(kept).notes] == ["après la place libérée"]


def test_disk_full_at_first_use_leaves_no_empty_id(
    run: Any, small_disk: Path, answers: str
) -> None:
    data = small_disk / "donnees"
    data.mkdir(mode=0o700)
    filler = fill(small_disk)
    code, _, err = run(data, "cases", "settings", "--cdas", "CDAS Test")
    assert code == 2 and "le disque est plein" in err.lower(), err
    assert not (data / "store-id").exists()  # written atomically, or not at all
    filler.unlink()
    assert open_case(run, data, answers) == 1


def test_an_empty_id_from_an_older_version_is_recovered(
    run: Any, tmp_path: Path, answers: str
) -> None:
    data = tmp_path / "donnees"
    data.mkdir(mode=0o700)
    (data / "store-id").write_bytes(b"")  # what a full disk left behind before
    assert open_case(run, data, answers) == 1
    assert len((data / "store-id").read_text().strip()) == 32


# --- read-only -----------------------------------------------------------------------


def test_read_only_database_file(run: Any, tmp_path: Path, answers: str) -> None:
    data = tmp_path / "donnees"
    first = open_case(run, data, answers)
    db = data / "cases.db"
    # root ignores permissions: an immutable file is read-only even for root
    with immutable(db):
        for args in (
            ("cases", "new", "--answers", answers),
            ("cases", "close", str(first), "--yes"),
        ):
            code, out, err = run(data, *args)
            assert code == 2, (args, out, err)
            assert "lecture seule" in err and "rien n'a été enregistré" in err, err
    assert listed(run, data) == [first]


def test_read_only_mount(run: Any, tmp_path: Path, answers: str) -> None:
    disk = tmp_path / "disque"
    mount_tmpfs(disk, "8m")
    try:
        data = disk / "donnees"
        first = open_case(run, data, answers)
        remount = subprocess.run(
            ["mount", "-o", "remount,ro", str(disk)], capture_output=True, text=True
        )
        if remount.returncode:
            unavailable(f"remontage en lecture seule impossible ({remount.stderr.strip()})")
        for args in (
            ("cases", "new", "--answers", answers),
            ("cases", "list"),
            ("cases", "close", str(first), "--yes"),
        ):
            code, out, err = run(data, *args)
            assert code == 2, (args, out, err)
            assert "lecture seule" in err, err
        # a data folder that cannot even be created: French only, no system text
        code, _, err = run(disk / "nouveau", "cases", "list")
        assert code == 2 and "le disque est monté en lecture seule" in err, err
        subprocess.run(["mount", "-o", "remount,rw", str(disk)], check=True)
        assert listed(run, data) == [first]
    finally:
        subprocess.run(["umount", "-l", str(disk)], check=False)


# --- another process holds the write lock ---------------------------------------------


def test_write_lock_held_by_another_process(
    run: Any,
    tmp_path: Path,
    answers: str,
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    data = tmp_path / "donnees"
    first = open_case(run, data, answers)
    (key_hex,) = memory_keyring.secrets.values()
    monkeypatch.setattr(database, "BUSY_TIMEOUT_MS", 1500)
    holder = subprocess.Popen(
        [sys.executable, "-m", "tests.store.lock_holder", str(data / "cases.db"), key_hex],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "verrou pris"
        for args in (
            ("cases", "new", "--answers", answers),
            ("cases", "close", str(first), "--yes"),
        ):
            code, out, err = run(data, *args)
            assert code == 2, (args, out, err)
            assert "occupée depuis plusieurs secondes" in err, err
            assert f"(pid {holder.pid})" in err  # who holds it
        assert listed(run, data) == [first]  # reading still works
    finally:
        holder.communicate("", timeout=30)
    code, _, err = run(data, "cases", "close", str(first), "--yes")
    assert code == 0, err


# --- a damaged page ------------------------------------------------------------------


def damage_page_holding(path: Path, key: bytes, marker: bytes) -> int:
    data = bytearray(path.read_bytes())
    for number in range(1, len(data) // PAGE):  # page 1 (the header) is left alone
        start = number * PAGE
        if marker in decrypt_page(key, bytes(data[start : start + PAGE]), first=False):
            data[start + 100] ^= 0xFF
            path.write_bytes(bytes(data))
            return number + 1
    raise AssertionError("no page holds the marker")


def test_damaged_page_met_while_closing(
    run: Any, tmp_path: Path, answers: str, memory_keyring: MemoryKeyring
) -> None:
    from asip_desktop.selftest import check_case_store

    data = tmp_path / "donnees"
    first = open_case(run, data, answers)
    (key_hex,) = memory_keyring.secrets.values()
    key = bytes.fromhex(key_hex)
    marker = b"PAGE-A-ENDOMMAGER-" * 8
    with Store.open(data) as store:
        store.cases.add_form(first, "fiche_liaison_retraite", marker * 300)  # overflow pages
        assert store.integrity_problems() == []
    check = check_case_store()
    assert check.status == "OK" and "contrôle d'intégrité réussi" in check.detail
    page = damage_page_holding(data / "cases.db", key, marker)
    before = (data / "cases.db").read_bytes()
    code, out, err = run(data, "cases", "close", str(first), "--yes")
    assert code == 2, (out, err)
    assert "Une page de la base des dossiers est endommagée" in err
    assert "--self-test" in err and "Ne supprimez rien" in err
    assert (data / "cases.db").read_bytes() == before  # the purge was rolled back whole
    assert listed(run, data) == [first]
    # and the self-test, which used to say OK, names the damaged page
    check = check_case_store()
    assert check.status == "ÉCHEC", check
    assert f"page {page} endommagée" in check.detail


# --- a vanished database, a vanished id ---------------------------------------------


@pytest.mark.parametrize("how", ["deleted", "truncated"])
def test_database_gone_while_id_and_key_remain(
    run: Any, tmp_path: Path, answers: str, how: str
) -> None:
    data = tmp_path / "donnees"
    open_case(run, data, answers)
    open_case(run, data, answers)
    db = data / "cases.db"
    if how == "deleted":
        db.unlink()
    else:
        db.write_bytes(b"")
    for args in (("cases", "list"), ("cases", "new", "--answers", answers)):
        code, out, err = run(data, *args)
        assert code == 2, (args, out, err)
        assert "Une base des dossiers existait ici" in err
        assert "Aucune base vide n'a été créée" in err and "cases new-store --yes" in err
    assert db.exists() == (how == "truncated") and (not db.exists() or db.stat().st_size == 0)
    old_id = (data / "store-id").read_text()
    code, out, err = run(data, "cases", "new-store", "--yes")
    assert code == 0, err
    assert "Nouvelle base des dossiers créée" in out
    (aside,) = data.glob("store-id.ancien-*")
    assert aside.read_text() == old_id  # kept, to find the old key for a backup
    assert open_case(run, data, answers) == 1  # a new store, started on purpose


def test_new_store_refuses_a_database_with_data(run: Any, tmp_path: Path, answers: str) -> None:
    data = tmp_path / "donnees"
    open_case(run, data, answers)
    before = (data / "cases.db").read_bytes()
    code, _, err = run(data, "cases", "new-store", "--yes")
    assert code == 2 and "aucune nouvelle base n'a été démarrée" in err
    assert (data / "cases.db").read_bytes() == before and listed(run, data) == [1]


def test_missing_id_is_named_not_the_key(run: Any, tmp_path: Path, answers: str) -> None:
    data = tmp_path / "donnees"
    open_case(run, data, answers)
    (data / "store-id").unlink()
    code, _, err = run(data, "cases", "list")
    assert code == 2
    assert "Le fichier d'identifiant « store-id » de la base des dossiers est absent" in err
    assert "la clé elle-même n'est pas en cause" in err
    assert "introuvable dans le coffre" not in err
